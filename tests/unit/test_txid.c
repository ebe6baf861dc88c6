/* test_txid.c — transaction ids per network, one line per case: the shapes each network's hashes
 * take (CRYPTO-DOMAIN.md §2), the case they are shown in, and the paste mistakes a deposit form
 * sees (explorer links, a stray or missing 0x, spaces, full-width digits, a hash cut short).
 *
 * The Solana signatures: the 88-character one is the example signature of Solana's
 * documentation; the 87- and 86-character ones encode 64-byte values with small leading bytes,
 * computed with a separate Python Base58 (a real signature is 86 characters about once in 300). */
#include "core/txid.h"
#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct tcase {
	enum address_network net;
	const char *in;
	size_t len;
	enum txid_rc rc;
	const char *normalized; /* on TXID_OK; NULL: the input itself */
	const char *label;
};

#define T(net, s, rc, norm)                                                                        \
	{                                                                                          \
		(net), (s), sizeof(s) - 1, (rc), (norm), NULL                                      \
	}
#define TL(net, s, rc, norm, label)                                                                \
	{                                                                                          \
		(net), (s), sizeof(s) - 1, (rc), (norm), (label)                                   \
	}

#define H64  "e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c"
#define H64U "E56754F83426F69B09267BD876AC97C44821345B7E266BD956A7BFBFB98DF35C"
#define H63  "e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35"
#define SIG88                                                                                      \
	"5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW"
#define SIG87                                                                                      \
	"2Ctx9Z9gG5Zem2nZM9XqeyU4wrcwfqffWzFNfPg83qNPt59mHJhhDCVasUpvj4Z1GhfW9WZMe2oxqK2cB28qSrT"
#define SIG86                                                                                      \
	"1NDQNRrLMCdSAaqZBJbyBMaZRRmYqAY8sbpxTR8xDK2Zda69UXpo8tKzRgFg5YQ8wGccjursjKgAmMD4nN1wDa"

#define BTC  ADDRESS_NET_BTC
#define ETH  ADDRESS_NET_ETH
#define BSC  ADDRESS_NET_BSC
#define TRON ADDRESS_NET_TRON
#define SOL  ADDRESS_NET_SOLANA
#define XRP  ADDRESS_NET_XRP
#define LTC  ADDRESS_NET_LTC
#define DOGE ADDRESS_NET_DOGE
#define TON  ADDRESS_NET_TON
#define ATOM ADDRESS_NET_ATOM

/* clang-format off */
static const struct tcase tcases[] = {
	/* 64 hex */
	T(BTC, H64, TXID_OK, NULL),
	T(BTC, H64U, TXID_OK, H64),
	T(LTC, H64, TXID_OK, NULL),
	T(DOGE, H64U, TXID_OK, H64),
	T(TRON, H64, TXID_OK, NULL),
	T(XRP, H64, TXID_OK, H64U),
	T(ATOM, H64, TXID_OK, H64U),
	T(TON, H64U, TXID_OK, H64),
	T(BTC, H63, TXID_BAD_LENGTH, NULL),
	T(BTC, H64 "0", TXID_BAD_LENGTH, NULL),
	T(BTC, "0x" H64, TXID_BAD_PREFIX, NULL),
	T(TRON, "0x" H64, TXID_BAD_PREFIX, NULL),
	T(TON, "0x" H64, TXID_BAD_PREFIX, NULL),
	T(BTC, "g" H63, TXID_BAD_CHAR, NULL),
	T(XRP, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", TXID_BAD_LENGTH, NULL), /* an address */
	/* EVM */
	T(ETH, "0x" H64, TXID_OK, NULL),
	T(BSC, "0x" H64U, TXID_OK, "0x" H64),
	T(ETH, H64, TXID_BAD_PREFIX, NULL),
	T(ETH, "0X" H64, TXID_BAD_PREFIX, NULL),
	T(ETH, "0x" H63, TXID_BAD_LENGTH, NULL),
	T(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", TXID_BAD_LENGTH, NULL), /* an address */
	T(ETH, "0x" H63 "z", TXID_BAD_CHAR, NULL),
	/* TON base64 of the same 32 bytes */
	TL(TON, "5WdU+DQm9psJJnvYdqyXxEghNFt+JmvZVqe/v7mN81w=", TXID_OK, H64, "base64"),
	TL(TON, "5WdU-DQm9psJJnvYdqyXxEghNFt-JmvZVqe_v7mN81w=", TXID_OK, H64, "base64url"),
	TL(TON, "5WdU-DQm9psJJnvYdqyXxEghNFt-JmvZVqe_v7mN81w", TXID_OK, H64, "base64url unpadded"),
	TL(TON, "5WdU-DQm9psJJnvYdqyXxEghNFt-JmvZVqe_v7mN81x=", TXID_BAD_CHAR, NULL,
	   "base64 with non-zero padding bits"),
	TL(TON, "5WdU+DQm9psJJnvYdqyXxEghNFt-JmvZVqe/v7mN81w=", TXID_BAD_CHAR, NULL,
	   "base64 mixing both alphabets"),
	TL(TON, "5WdU+DQm9psJJnvYdqyXxEghNFt+JmvZVqe/v7mN81w==", TXID_BAD_CHAR, NULL,
	   "base64 with two '='"),
	TL(TON, "5WdU+DQm9psJJnvYdqyXxEghNFt+JmvZVqe/v7mN8", TXID_BAD_LENGTH, NULL,
	   "base64 cut short"),
	TL(BTC, "5WdU+DQm9psJJnvYdqyXxEghNFt+JmvZVqe/v7mN81w=", TXID_BAD_CHAR, NULL,
	   "TON base64 on Bitcoin"),
	/* Solana */
	T(SOL, SIG88, TXID_OK, NULL),
	T(SOL, SIG87, TXID_OK, NULL),
	T(SOL, SIG86, TXID_OK, NULL),
	T(SOL, SIG88 "1", TXID_BAD_LENGTH, NULL),
	T(SOL, "4wBqpZM9xaSheZzJSMawUKKwhdpChKbZ5eu5ky4Vigw", TXID_BAD_LENGTH, NULL), /* an address */
	T(SOL, H64, TXID_BAD_CHAR, NULL), /* hex has '0' */
	T(SOL, "0" SIG87, TXID_BAD_CHAR, NULL),
	/* Paste mistakes */
	T(BTC, "", TXID_EMPTY, NULL),
	TL(BTC, "  \n", TXID_EMPTY, NULL, "only white space"),
	TL(BTC, "  " H64 "\r\n", TXID_OK, H64, "white space around"),
	TL(BTC, "\xe3\x80\x80" H64 "\xe2\x80\x8b", TXID_OK, H64, "U+3000 and zero-width space around"),
	TL(BTC, "https://mempool.space/tx/" H64, TXID_URL, NULL, "mempool.space link"),
	TL(ETH, "etherscan.io/tx/0x" H64, TXID_URL, NULL, "link without scheme"),
	TL(TRON, "https://tronscan.org/#/transaction/" H64, TXID_URL, NULL, "tronscan link"),
	TL(BTC, "e56754f834 26f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c", TXID_INNER_SPACE,
	   NULL, "space inside"),
	TL(BTC, H63 "\0", TXID_INNER_SPACE, NULL, "NUL at the end"),
	TL(BTC, "\xef\xbc\xa5" "56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c",
	   TXID_NON_ASCII, NULL, "full-width E"),
	TL(BTC, "\xe4\xba\xa4\xe6\x98\x93\xe5\x93\x88\xe5\xb8\x8c", TXID_NON_ASCII, NULL, "CJK text"),
	TL(BTC, "\xff" H63, TXID_BAD_UTF8, NULL, "invalid UTF-8"),
};
/* clang-format on */

static const char *txcase_name(const struct tcase *c)
{
	return c->label != NULL ? c->label : c->in;
}

START_TEST(txid_case)
{
	const struct tcase *c = &tcases[_i];
	struct txid_result r;
	enum txid_rc rc = txid_check(c->net, c->in, c->len, &r);

	ck_assert_msg(rc == c->rc && r.rc == rc, "%s on %s: %s, want %s", txcase_name(c),
	              address_network_code(c->net), txid_rc_code(rc), txid_rc_code(c->rc));
	if (rc != TXID_OK) {
		ck_assert_msg(r.normalized_len == 0 && r.hash_len == 0,
		              "%s: refused but left a result", txcase_name(c));
		return;
	}
	ck_assert_str_eq(r.normalized, c->normalized != NULL ? c->normalized : c->in);
	ck_assert_uint_eq(r.normalized_len, strlen(r.normalized));
	ck_assert_uint_eq(r.hash_len, c->net == ADDRESS_NET_SOLANA ? 64 : 32);
	/* The normal form checks back to itself. */
	{
		struct txid_result again;
		ck_assert_int_eq(txid_check(c->net, r.normalized, r.normalized_len, &again),
		                 TXID_OK);
		ck_assert_str_eq(again.normalized, r.normalized);
		ck_assert(again.hash_len == r.hash_len &&
		          memcmp(again.hash, r.hash, r.hash_len) == 0);
	}
}
END_TEST

START_TEST(txid_limits)
{
	static char big[4096];
	struct txid_result r;

	memset(big, 'a', sizeof big);
	ck_assert_int_eq(txid_check(ADDRESS_NET_BTC, big, TXID_TEXT_MAX + 1, &r), TXID_TOO_LONG);
	ck_assert_int_eq(txid_check(ADDRESS_NET_BTC, big, sizeof big, &r), TXID_TOO_LONG);
	ck_assert_int_eq(txid_check(ADDRESS_NET_BTC, big, TXID_TEXT_MAX, &r), TXID_BAD_LENGTH);
	ck_assert_int_eq(txid_check(ADDRESS_NET_BTC, NULL, 10, &r), TXID_EMPTY);
	ck_assert_int_eq(txid_check(ADDRESS_NET_COUNT, H64, 64, &r), TXID_UNKNOWN_NETWORK);
	ck_assert_int_eq(txid_check(ADDRESS_NET_BTC, " " H64, 65, &r), TXID_OK);
	ck_assert_uint_eq(r.flags, TXID_FLAG_TRIMMED);
	ck_assert_int_eq(
	    txid_check(ADDRESS_NET_TON, "5WdU+DQm9psJJnvYdqyXxEghNFt+JmvZVqe/v7mN81w=", 44, &r),
	    TXID_OK);
	ck_assert_uint_eq(r.flags, TXID_FLAG_BASE64);
	for (int rc = TXID_OK; rc <= TXID_UNKNOWN_NETWORK; rc++)
		ck_assert(strcmp(txid_rc_code((enum txid_rc)rc), "unknown") != 0);
	ck_assert_str_eq(txid_rc_code((enum txid_rc)99), "unknown");
}
END_TEST

START_TEST(txid_networks)
{
	uint32_t hex64 = ADDRESS_NET_BIT(ADDRESS_NET_BTC) | ADDRESS_NET_BIT(ADDRESS_NET_TRON) |
	                 ADDRESS_NET_BIT(ADDRESS_NET_XRP) | ADDRESS_NET_BIT(ADDRESS_NET_LTC) |
	                 ADDRESS_NET_BIT(ADDRESS_NET_DOGE) | ADDRESS_NET_BIT(ADDRESS_NET_TON) |
	                 ADDRESS_NET_BIT(ADDRESS_NET_ATOM);
	uint32_t evm = 0;

	for (int i = 0; i < ADDRESS_NET_COUNT; i++)
		if (address_same_format(ADDRESS_NET_ETH, (enum address_network)i))
			evm |= ADDRESS_NET_BIT(i);
	ck_assert_uint_eq(txid_networks_for(H64, 64), hex64);
	ck_assert_uint_eq(txid_networks_for("0x" H64, 66), evm);
	ck_assert_uint_eq(txid_networks_for(SIG88, strlen(SIG88)),
	                  ADDRESS_NET_BIT(ADDRESS_NET_SOLANA));
	ck_assert_uint_eq(txid_networks_for("hello", 5), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("txid");

	for (int i = 0; i < NCASES(tcases); i++)
		unit_add_case(s,
		              unit_name("%s %.70s", address_network_code(tcases[i].net),
		                        txcase_name(&tcases[i])),
		              txid_case, i);
	UNIT_TEST(s, txid_limits);
	UNIT_TEST(s, txid_networks);
	return unit_run(s, "txid");
}
