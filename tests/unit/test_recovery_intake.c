/* test_recovery_intake.c — the self-service deposit-recovery form (src/core/recovery.h): one
 * line per field mistake, each judged against an otherwise valid form of a real network, with
 * the code the API answers in its 422 and the form shows next to the field. The junk is what
 * such forms receive: CJK, Cyrillic and Vietnamese text, full-width digits, invalid UTF-8, NUL,
 * over-long pastes, explorer links, and secrets (a recovery phrase or a private key) that must
 * be dropped rather than stored. Amounts are decimal text, never floats: "0", "-1", "1e5",
 * "1,000.5" and too many decimals each get their own code.
 *
 * Addresses and transaction ids are the validators' test values (test_address_cases.c,
 * test_txid.c), so a form that passes here is one address_check and txid_check accept. */
#include "core/recovery.h"
#include "unit_main.h"

#include <stdint.h>

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define ETH_ADDR   "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define ETH_SENDER "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
#define XRP_ADDR   "rJrRMgiRgrU6hDF4pgu5DXQdWyPbY35ErN"
#define XRP_SENDER "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf"
#define XRP_X_TAG1 "XVLhHMPHU98es4dbozjVtdWzVrDjtV8xvjGQTYPiAx6gwDC" /* sender's classic, tag 1 */
#define TON_ADDR   "EQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXMSi"
#define TON_SENDER "UQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXJln"
#define ATOM_ADDR  "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u"
#define ATOM_SEND  "cosmos1jv65s3grqf6v6jl3dp4t6c9t9rk99cd88lyufl"
#define BTC_ADDR   "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv"
#define BTC_SENDER "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm"
#define EVM_TX     "0x2f1c5c2b44f771e942a8506148e256f94f1a464babc938ae0690c6e34cd79190"
#define H64        "e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c"
#define H64U       "E56754F83426F69B09267BD876AC97C44821345B7E266BD956A7BFBFB98DF35C"
#define SEED12                                                                                     \
	"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "         \
	"abandon about"
#define WIF "KwntMbt59tTsj8xqpqYqRRWufyjGunvhSyeMo3NTYpFYzZbXJ5Hp"

/* ------------------------------------------------------------------ valid forms */

enum form { F_XRP, F_ETH, F_TON, F_ATOM, F_BTC, F_COUNT };

static const char *const form_names[F_COUNT] = {"XRP", "ERC20", "TON", "ATOM", "BTC"};

static struct recovery_intake form(enum form which)
{
	struct recovery_intake in = {0};
#define SET(field, s) (in.field = (s), in.field##_len = strlen(s))
	switch (which) {
	case F_XRP:
		SET(asset, "XRP"), SET(network, "XRP"), SET(txid, H64U), SET(address, XRP_ADDR);
		SET(memo, "123456"), SET(amount, "500"), SET(sender, XRP_SENDER);
		in.asset_decimals = 6;
		break;
	case F_ETH:
		SET(asset, "USDT"), SET(network, "ERC20"), SET(txid, EVM_TX),
		    SET(address, ETH_ADDR);
		SET(amount, "1000.5"), SET(sender, ETH_SENDER);
		in.asset_decimals = 6;
		break;
	case F_TON:
		SET(asset, "TON"), SET(network, "TON"), SET(txid, H64), SET(address, TON_ADDR);
		SET(memo, "S\xe1\xbb\x91 tham chi\xe1\xba\xbfu 42"); /* Số tham chiếu 42 */
		SET(amount, "12.75"), SET(sender, TON_SENDER);
		in.asset_decimals = 9;
		break;
	case F_ATOM:
		SET(asset, "ATOM"), SET(network, "Cosmos"), SET(txid, H64U),
		    SET(address, ATOM_ADDR);
		SET(memo, "104857"), SET(amount, "3.5"), SET(sender, ATOM_SEND);
		in.asset_decimals = 6;
		break;
	default:
		SET(asset, "BTC"), SET(network, "bitcoin"), SET(txid, H64), SET(address, BTC_ADDR);
		SET(amount, "0.015"), SET(sender, BTC_SENDER);
		in.asset_decimals = 8;
		break;
	}
#undef SET
	return in;
}

static void set_field(struct recovery_intake *in, enum recovery_field f, const char *s, size_t n)
{
	switch (f) {
	case RECOVERY_F_ASSET:
		in->asset = s, in->asset_len = n;
		break;
	case RECOVERY_F_NETWORK:
		in->network = s, in->network_len = n;
		break;
	case RECOVERY_F_TXID:
		in->txid = s, in->txid_len = n;
		break;
	case RECOVERY_F_ADDRESS:
		in->address = s, in->address_len = n;
		break;
	case RECOVERY_F_MEMO:
		in->memo = s, in->memo_len = n;
		break;
	case RECOVERY_F_MEMO_USED:
		in->memo_used = s, in->memo_used_len = n;
		break;
	case RECOVERY_F_AMOUNT:
		in->amount = s, in->amount_len = n;
		break;
	case RECOVERY_F_SENDER:
		in->sender = s, in->sender_len = n;
		break;
	default:
		in->note = s, in->note_len = n;
		break;
	}
}

/* Over-long pastes, built once. */
static char long_a[3000], long_hex[301], long_memo[ADDRESS_MEMO_MAX + 2];

static void make_long(void)
{
	memset(long_a, 'a', sizeof long_a);
	memset(long_hex, 'e', sizeof long_hex);
	memset(long_memo, 'm', sizeof long_memo);
}

/* ------------------------------------------------------------------ one field at a time */

struct fcase {
	enum form form;
	enum recovery_field field;
	const char *in;
	size_t len;
	const char *code; /* NULL: the form is accepted */
	bool secret;
	const char *label; /* when the input does not name itself */
};

#define OK(form, field, s)                                                                         \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (s), sizeof(s) - 1, NULL, false, NULL                \
	}
#define OKL(form, field, s, label)                                                                 \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (s), sizeof(s) - 1, NULL, false, label               \
	}
#define BAD(form, field, s, code)                                                                  \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (s), sizeof(s) - 1, code, false, NULL                \
	}
#define BADL(form, field, s, code, label)                                                          \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (s), sizeof(s) - 1, code, false, label               \
	}
#define LONG(form, field, buf, n, code, label)                                                     \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (buf), (n), code, false, label                       \
	}
#define SECRET(form, field, s, code, label)                                                        \
	{                                                                                          \
		F_##form, RECOVERY_F_##field, (s), sizeof(s) - 1, code, true, label                \
	}

/* clang-format off */
static const struct fcase fcases[] = {
	/* asset */
	BAD(XRP, ASSET, "", "required"),
	BADL(ETH, ASSET, "\xd0\xa2\xd0\xb5\xd0\xb7\xd0\xb5\xd1\x80", "non_ascii", "Cyrillic Tezer"),
	BADL(ETH, ASSET, "Ti\xe1\xbb\x81n", "non_ascii", "Vietnamese Tien"),
	BADL(ETH, ASSET, "\xe6\xb3\xb0\xe8\xbe\xbe\xe5\xb8\x81", "non_ascii", "CJK Tether"),
	BADL(ETH, ASSET, "US\xff", "bad_utf8", "a stray 0xff"),
	BAD(ETH, ASSET, "ABCDEFGHIJKLMNOPQRSTU", "too_long"),
	BAD(ETH, ASSET, "US DT", "asset_bad_char"),
	BAD(ETH, ASSET, ".USDT", "asset_bad_char"),
	BAD(ETH, ASSET, "USDT!", "asset_bad_char"),
	OK(ETH, ASSET, "sUSD"),
	OK(ETH, ASSET, "USDC.e"),
	OK(ETH, ASSET, "1000SATS"),
	OKL(ETH, ASSET, " USDT\xe3\x80\x80", "USDT with spaces around"),

	/* network */
	BAD(ETH, NETWORK, "", "required"),
	BADL(ETH, NETWORK, "\xe5\xb8\x81\xe5\xae\x89\xe9\x93\xbe", "network_unknown", "CJK BNB chain"),
	BADL(ETH, NETWORK, "\xd0\xad\xd1\x84\xd0\xb8\xd1\x80", "network_unknown", "Cyrillic Ether"),
	BADL(ETH, NETWORK, "\xc0\xaf", "network_unknown", "overlong slash"),
	BAD(ETH, NETWORK, "Ethereum Classic", "network_unknown"),
	OK(ETH, NETWORK, "bep20"),
	OK(ETH, NETWORK, "ETH"),

	/* txid */
	BAD(XRP, TXID, "", "required"),
	BADL(XRP, TXID, "\xe4\xba\xa4\xe6\x98\x93\xe5\x93\x88\xe5\xb8\x8c", "non_ascii", "CJK tx hash"),
	BAD(XRP, TXID, "https://xrpscan.com/tx/" H64U, "url"),
	BAD(XRP, TXID, "0x" H64U, "bad_prefix"),
	BAD(ETH, TXID, H64, "bad_prefix"),
	BAD(BTC, TXID, "e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35", "bad_length"),
	BADL(BTC, TXID, "e56754f83426f69b\xef\xbc\x99", "non_ascii", "full-width digit"),
	BADL(BTC, TXID, H64 "\xc3", "bad_utf8", "truncated UTF-8"),
	LONG(BTC, TXID, long_hex, 300, "too_long", "300 hex digits"),
	OK(TON, TXID, "5WdU-DQm9psJJnvYdqyXxEghNFt-JmvZVqe_v7mN81w"),

	/* receiving address */
	BAD(ETH, ADDRESS, "", "required"),
	BADL(ETH, ADDRESS, "\xd0\xb0\xd0\xb4\xd1\x80\xd0\xb5\xd1\x81 \xd0\xba\xd0\xbe\xd1\x88\xd0\xb5\xd0\xbb\xd1\x8c\xd0\xba\xd0\xb0",
	     "non_ascii", "Cyrillic 'wallet address'"),
	BADL(TON, ADDRESS, "\xc4\x91\xe1\xbb\x8b\x61 ch\xe1\xbb\x89 v\xc3\xad", "non_ascii",
	     "Vietnamese 'wallet address'"),
	BAD(ETH, ADDRESS, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "bad_checksum"),
	BAD(BTC, ADDRESS, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "testnet"),
	BAD(ATOM, ADDRESS, "cosmosvaloper15vwqd02x8cuj80q64k77fzckjakqspch4tt579", "bad_hrp"),
	BADL(ETH, ADDRESS, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1Be\0ed", "inner_space", "NUL inside"),
	LONG(ETH, ADDRESS, long_a, 200, "too_long", "200 letters"),
	SECRET(BTC, ADDRESS, WIF, "private_key", "a WIF private key"),
	SECRET(ETH, ADDRESS, SEED12, "seed_phrase", "a recovery phrase"),
	OK(ETH, ADDRESS, "  0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\r\n"),

	/* memo: required on XRP, TON and Cosmos (CRYPTO-DOMAIN.md 1.4) */
	BAD(XRP, MEMO, "", "required"),
	BAD(ATOM, MEMO, "  ", "required"),
	BAD(TON, MEMO, "", "required"),
	BAD(XRP, MEMO, "abc", "memo_bad_char"),
	BADL(XRP, MEMO, "\xef\xbc\x94\xef\xbc\x92", "memo_bad_char", "full-width 42"),
	BAD(XRP, MEMO, "4294967296", "memo_out_of_range"),
	OK(XRP, MEMO, "4294967295"),
	BADL(TON, MEMO, "memo\xff", "memo_bad_utf8", "a stray 0xff"),
	BADL(TON, MEMO, "line\x01two", "memo_bad_char", "a control character"),
	LONG(TON, MEMO, long_memo, ADDRESS_MEMO_MAX + 1, "memo_too_long", "257 bytes"),
	OKL(TON, MEMO, "\xe6\x8f\x90\xe7\x8e\xb0\xe5\xa4\x87\xe6\xb3\xa8", "a CJK comment"),
	OKL(ATOM, MEMO, "\xd0\xb4\xd0\xb5\xd0\xbf\xd0\xbe\xd0\xb7\xd0\xb8\xd1\x82", "a Cyrillic memo"),
	SECRET(ATOM, MEMO, SEED12, "seed_phrase", "a recovery phrase"),
	SECRET(TON, MEMO, WIF, "private_key", "a WIF private key"),
	OK(ETH, MEMO, "12345"), /* no memo on Ethereum: a warning, see below */

	/* the memo actually used: optional */
	OK(XRP, MEMO_USED, ""),
	OK(XRP, MEMO_USED, "0042"),
	BAD(XRP, MEMO_USED, "12a", "memo_bad_char"),
	SECRET(TON, MEMO_USED, SEED12, "seed_phrase", "a recovery phrase"),

	/* amount: the full table is amount_cases below */
	BAD(ETH, AMOUNT, "", "required"),
	BAD(ETH, AMOUNT, "0", "amount_zero"),
	BAD(ETH, AMOUNT, "-1", "amount_negative"),
	BAD(ETH, AMOUNT, "1e5", "amount_exponent"),
	BAD(ETH, AMOUNT, "1,000.5", "amount_comma"),
	BAD(ETH, AMOUNT, "0.1234567", "amount_too_many_decimals"),
	BADL(ETH, AMOUNT, "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90", "non_ascii", "full-width 100"),
	BADL(ETH, AMOUNT, "\xe4\xb8\x80\xe7\x99\xbe", "non_ascii", "CJK one hundred"),

	/* sender */
	BAD(XRP, SENDER, "", "required"),
	BADL(XRP, SENDER, "\xe5\x8f\x91\xe9\x80\x81\xe6\x96\xb9", "non_ascii", "CJK 'sender'"),
	BAD(XRP, SENDER, "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpg", "bad_checksum"),
	BAD(BTC, SENDER, "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1", "bad_version"),
	OK(XRP, SENDER, XRP_X_TAG1),

	/* note: any language, not control characters, not secrets */
	OKL(XRP, NOTE, "T\xc3\xb4i \xc4\x91\xc3\xa3 g\xe1\xbb\xadi nh\xe1\xba\xa7m, xin gi\xc3\xba\x70 \xc4\x91\xe1\xbb\xa1!",
	    "Vietnamese text"),
	OKL(XRP, NOTE, "\xe5\xbf\x98\xe8\xae\xb0\xe5\xa1\xab\xe6\xa0\x87\xe7\xad\xbe\xe4\xba\x86\n\xe8\xb0\xa2\xe8\xb0\xa2",
	    "CJK text on two lines"),
	OKL(XRP, NOTE, "\xd0\x97\xd0\xb0\xd0\xb1\xd1\x8b\xd0\xbb \xd1\x82\xd0\xb5\xd0\xb3\tok", "Cyrillic text with a tab"),
	BADL(XRP, NOTE, "bad \xed\xa0\x80 surrogate", "bad_utf8", "a UTF-8 surrogate"),
	BADL(XRP, NOTE, "bell\x07", "bad_char", "a control character"),
	BADL(XRP, NOTE, "nul\0inside", "bad_char", "NUL inside"),
	LONG(XRP, NOTE, long_a, RECOVERY_NOTE_MAX + 1, "too_long", "2001 bytes"),
	LONG(XRP, NOTE, long_a, RECOVERY_NOTE_MAX, NULL, "2000 bytes"),
	SECRET(XRP, NOTE, "  " SEED12 "\n", "seed_phrase", "a recovery phrase"),
};
/* clang-format on */

START_TEST(field_case)
{
	const struct fcase *c = &fcases[_i];
	struct recovery_intake in = form(c->form);
	struct recovery_intake_errors err;

	make_long();
	set_field(&in, c->field, c->in, c->len);
	size_t n = recovery_intake_check(&in, &err);
	if (c->code == NULL) {
		ck_assert_msg(n == 0, "%s: %s", recovery_field_name(err.error[0].field),
		              err.error[0].code);
		return;
	}
	ck_assert_msg(n == 1, "%zu errors, first %s: %s", n,
	              n ? recovery_field_name(err.error[0].field) : "-",
	              n ? err.error[0].code : "-");
	ck_assert_int_eq(err.error[0].field, c->field);
	ck_assert_str_eq(err.error[0].code, c->code);
	ck_assert_ptr_nonnull(err.error[0].message);
	ck_assert_int_eq(err.error[0].secret, c->secret);
}
END_TEST

/* A test name shows the input, with anything but printable ASCII as '?'. */
static const char *shown(const char *s, size_t n)
{
	static char buf[48];
	size_t k = 0;
	buf[k++] = '\'';
	for (size_t i = 0; i < n && k < sizeof buf - 5; i++)
		buf[k++] = s[i] >= ' ' && s[i] < 0x7f ? s[i] : '?';
	if (k == sizeof buf - 5)
		buf[k++] = '.', buf[k++] = '.';
	buf[k++] = '\'';
	buf[k] = '\0';
	return buf;
}

static const char *fcase_name(const struct fcase *c)
{
	return c->label != NULL ? c->label : shown(c->in, c->len);
}

/* ------------------------------------------------------------------ amounts */

struct acase {
	const char *in;
	size_t len;
	int decimals;
	enum recovery_amount_rc rc;
	const char *text; /* canonical, on OK */
};

#define AM(s, dec, rc, text)                                                                       \
	{                                                                                          \
		(s), sizeof(s) - 1, (dec), RECOVERY_AMOUNT_##rc, (text)                            \
	}

/* clang-format off */
static const struct acase acases[] = {
	AM("0", 6, ZERO, NULL),
	AM("0.000", 6, ZERO, NULL),
	AM("-1", 6, NEGATIVE, NULL),
	AM("-0", 6, NEGATIVE, NULL),
	AM("-1e5", 6, NEGATIVE, NULL),
	AM("1e5", 6, EXPONENT, NULL),
	AM("1E-5", 6, EXPONENT, NULL),
	AM("2.5e", 6, EXPONENT, NULL),
	AM("e5", 6, BAD_CHAR, NULL),
	AM("0.1234567890123456789", 18, TOO_MANY_DECIMALS, NULL),
	AM("0.1234567890123456789", RECOVERY_DECIMALS_UNKNOWN, TOO_MANY_DECIMALS, NULL),
	AM("0.123456789012345678", 18, OK, "0.123456789012345678"),
	AM("0.123456789012345678", RECOVERY_DECIMALS_UNKNOWN, OK, "0.123456789012345678"),
	AM("0.123456789012345678", 99, OK, "0.123456789012345678"),
	AM("1,000.5", 6, COMMA, NULL),
	AM("0,5", 6, COMMA, NULL),
	AM("1.000,5", 6, COMMA, NULL),
	AM("1.2.3", 6, BAD_FORMAT, NULL),
	AM(".", 6, BAD_FORMAT, NULL),
	AM("..5", 6, BAD_FORMAT, NULL),
	AM("+5", 6, BAD_CHAR, NULL),
	AM("5 USDT", 6, BAD_CHAR, NULL),
	AM("$5", 6, BAD_CHAR, NULL),
	AM("1 000", 6, BAD_CHAR, NULL),
	AM("1_000", 6, BAD_CHAR, NULL),
	AM("0x10", 6, BAD_CHAR, NULL),
	AM("NaN", 6, BAD_CHAR, NULL),
	AM("Infinity", 6, BAD_CHAR, NULL),
	AM("12\0", 6, BAD_CHAR, NULL),
	AM(".5", 6, OK, "0.5"),
	AM("5.", 6, OK, "5"),
	AM("007.50", 6, OK, "7.5"),
	AM("1.50", 1, OK, "1.5"),
	AM("1.55", 1, TOO_MANY_DECIMALS, NULL),
	AM("1.0", 0, OK, "1"),
	AM("1.5", 0, TOO_MANY_DECIMALS, NULL),
	AM("0.000001", 6, OK, "0.000001"),
	AM("0.0000001", 6, TOO_MANY_DECIMALS, NULL),
	AM("999999999999999", 6, OK, "999999999999999"),
	AM("1000000000000000", 6, TOO_LARGE, NULL),
	AM("000000000000000000000001", 6, OK, "1"),
	AM(" 12.5\r\n", 6, OK, "12.5"),
	AM("\xe3\x80\x80" "12.5" "\xe2\x80\x8b", 6, OK, "12.5"),
	AM("\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90", 6, NON_ASCII, NULL),
	AM("\xe2\x88\x92" "1", 6, NON_ASCII, NULL), /* U+2212 minus sign */
	AM("12\xff", 6, BAD_UTF8, NULL),
	AM("", 6, EMPTY, NULL),
	AM("   ", 6, EMPTY, NULL),
	AM("11111111111111111111111111111111111111111111111111111111111111111", 6, TOO_LONG, NULL),
};
/* clang-format on */

START_TEST(amount_case)
{
	const struct acase *c = &acases[_i];
	struct amount a;
	char text[AMOUNT_TEXT_MAX];

	enum recovery_amount_rc rc = recovery_amount_parse(c->in, c->len, c->decimals, &a);
	ck_assert_msg(rc == c->rc, "got %s, want %s", recovery_amount_rc_code(rc),
	              recovery_amount_rc_code(c->rc));
	if (rc != RECOVERY_AMOUNT_OK) {
		ck_assert(amount_is_zero(a));
		return;
	}
	amount_format(a, text);
	ck_assert_str_eq(text, c->text);
	/* the canonical text parses back to the same amount, under amount.h's stricter rules too */
	struct amount b;
	ck_assert_int_eq(recovery_amount_parse(text, strlen(text), c->decimals, &b), 0);
	ck_assert_int_eq(amount_cmp(a, b), 0);
	ck_assert_int_eq(amount_parse(text, strlen(text), 18, &b), AMOUNT_OK);
	ck_assert_int_eq(amount_cmp(a, b), 0);
}
END_TEST

/* ------------------------------------------------------------------ whole forms */

START_TEST(valid_forms)
{
	for (int f = 0; f < F_COUNT; f++) {
		struct recovery_intake in = form((enum form)f);
		struct recovery_intake_errors err;
		size_t n = recovery_intake_check(&in, &err);
		ck_assert_msg(n == 0, "%s: %s %s", form_names[f],
		              n ? recovery_field_name(err.error[0].field) : "",
		              n ? err.error[0].code : "");
		ck_assert_uint_eq(err.n_warnings, 0);
	}
}
END_TEST

/* An empty form: the three fields that do not depend on the network are required; the rest
 * cannot be judged without one. */
START_TEST(empty_form)
{
	struct recovery_intake in = {0};
	struct recovery_intake_errors err;

	in.asset_decimals = RECOVERY_DECIMALS_UNKNOWN;
	ck_assert_uint_eq(recovery_intake_check(&in, &err), 3);
	ck_assert_int_eq(err.error[0].field, RECOVERY_F_ASSET);
	ck_assert_int_eq(err.error[1].field, RECOVERY_F_NETWORK);
	ck_assert_int_eq(err.error[2].field, RECOVERY_F_AMOUNT);
	for (int i = 0; i < 3; i++)
		ck_assert_str_eq(err.error[i].code, "required");
}
END_TEST

/* Everything wrong at once: one error per field, in the form's order. */
START_TEST(all_wrong_in_form_order)
{
	struct recovery_intake in = form(F_XRP);
	struct recovery_intake_errors err;
	static const enum recovery_field want[] = {
	    RECOVERY_F_ASSET,     RECOVERY_F_TXID,   RECOVERY_F_ADDRESS, RECOVERY_F_MEMO,
	    RECOVERY_F_MEMO_USED, RECOVERY_F_AMOUNT, RECOVERY_F_SENDER,  RECOVERY_F_NOTE};

	set_field(&in, RECOVERY_F_ASSET, "X R P", 5);
	set_field(&in, RECOVERY_F_TXID, "abc", 3);
	set_field(&in, RECOVERY_F_ADDRESS, "r123", 4);
	set_field(&in, RECOVERY_F_MEMO, "tag", 3);
	set_field(&in, RECOVERY_F_MEMO_USED, "-1", 2);
	set_field(&in, RECOVERY_F_AMOUNT, "1e3", 3);
	set_field(&in, RECOVERY_F_SENDER, "\xff", 1);
	set_field(&in, RECOVERY_F_NOTE, "\x1b[2J", 4);
	ck_assert_uint_eq(recovery_intake_check(&in, &err), NCASES(want));
	for (int i = 0; i < NCASES(want); i++)
		ck_assert_msg(err.error[i].field == want[i], "error %d is %s", i,
		              recovery_field_name(err.error[i].field));
}
END_TEST

START_TEST(normalized_values)
{
	struct recovery_intake in = form(F_XRP);
	struct recovery_intake_clean c;
	struct recovery_intake_errors err;

	set_field(&in, RECOVERY_F_MEMO, " 000123456 ", 11);
	set_field(&in, RECOVERY_F_MEMO_USED, "0042", 4);
	set_field(&in, RECOVERY_F_AMOUNT, "0500.50", 7);
	set_field(&in, RECOVERY_F_TXID, H64, strlen(H64));
	set_field(&in, RECOVERY_F_NOTE, "\n  thanks  \n", 12);
	ck_assert_uint_eq(recovery_intake_normalize(&in, &c, &err), 0);
	ck_assert_int_eq(c.net, ADDRESS_NET_XRP);
	ck_assert_str_eq(c.asset, "XRP");
	ck_assert_str_eq(c.address.memo, "123456");
	ck_assert_str_eq(c.memo_used, "42");
	ck_assert_str_eq(c.txid.normalized, H64U); /* XRP explorers show upper case */
	ck_assert_str_eq(c.sender.normalized, XRP_SENDER);
	char text[AMOUNT_TEXT_MAX];
	amount_format(c.amount, text);
	ck_assert_str_eq(text, "500.5");
	ck_assert_uint_eq(c.note_len, 6);
	ck_assert_int_eq(memcmp(c.note, "thanks", 6), 0);

	/* BEP20 is BSC; an all-lower-case address is accepted with a warning and checksummed */
	in = form(F_ETH);
	set_field(&in, RECOVERY_F_NETWORK, "BEP20", 5);
	set_field(&in, RECOVERY_F_ADDRESS, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 42);
	ck_assert_uint_eq(recovery_intake_normalize(&in, &c, &err), 0);
	ck_assert_int_eq(c.net, ADDRESS_NET_BSC);
	ck_assert_str_eq(c.address.normalized, ETH_ADDR);
	ck_assert_uint_eq(err.n_warnings, 1);
	ck_assert_int_eq(err.warning[0].field, RECOVERY_F_ADDRESS);
	ck_assert_str_eq(err.warning[0].code, "no_checksum");
}
END_TEST

/* An XRP X-address carries the tag itself: then no memo is needed, and another one conflicts. */
START_TEST(x_address_tag)
{
	struct recovery_intake in = form(F_XRP);
	struct recovery_intake_clean c;
	struct recovery_intake_errors err;

	set_field(&in, RECOVERY_F_ADDRESS, XRP_X_TAG1, strlen(XRP_X_TAG1));
	set_field(&in, RECOVERY_F_MEMO, NULL, 0);
	ck_assert_uint_eq(recovery_intake_normalize(&in, &c, &err), 0);
	ck_assert_str_eq(c.address.memo, "1");
	ck_assert_str_eq(c.address.normalized, XRP_SENDER);

	set_field(&in, RECOVERY_F_MEMO, "2", 1);
	ck_assert_uint_eq(recovery_intake_check(&in, &err), 1);
	ck_assert_int_eq(err.error[0].field, RECOVERY_F_MEMO);
	ck_assert_str_eq(err.error[0].code, "memo_conflict");
}
END_TEST

START_TEST(memo_on_a_network_without_memos)
{
	struct recovery_intake in = form(F_ETH);
	struct recovery_intake_errors err;

	set_field(&in, RECOVERY_F_MEMO, "12345", 5);
	set_field(&in, RECOVERY_F_MEMO_USED, "777", 3);
	ck_assert_uint_eq(recovery_intake_check(&in, &err), 0);
	ck_assert_uint_eq(err.n_warnings, 2);
	ck_assert_int_eq(err.warning[0].field, RECOVERY_F_MEMO);
	ck_assert_str_eq(err.warning[0].code, "memo_unexpected");
	ck_assert_int_eq(err.warning[1].field, RECOVERY_F_MEMO_USED);
}
END_TEST

START_TEST(field_names)
{
	static const char *const names[] = {"asset",     "network", "txid",   "address", "memo",
	                                    "memo_used", "amount",  "sender", "note"};
	for (int f = 0; f < RECOVERY_F_COUNT; f++)
		ck_assert_str_eq(recovery_field_name(f), names[f]);
	ck_assert_ptr_null(recovery_field_name(RECOVERY_F_COUNT));
	for (int rc = 0; rc <= RECOVERY_AMOUNT_TOO_LARGE; rc++) {
		ck_assert_ptr_nonnull(recovery_amount_strerror(rc));
		ck_assert_str_ne(recovery_amount_rc_code(rc), "unknown");
	}
	ck_assert_str_eq(recovery_amount_rc_code(99), "unknown");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recovery_intake");

	for (int i = 0; i < NCASES(fcases); i++)
		unit_add_case(s,
		              unit_name("%s %s %s: %s", form_names[fcases[i].form],
		                        recovery_field_name(fcases[i].field),
		                        fcase_name(&fcases[i]),
		                        fcases[i].code ? fcases[i].code : "accepted"),
		              field_case, i);
	for (int i = 0; i < NCASES(acases); i++)
		unit_add_case(s,
		              unit_name("amount %s with %d decimals: %s",
		                        shown(acases[i].in, acases[i].len), acases[i].decimals,
		                        recovery_amount_rc_code(acases[i].rc)),
		              amount_case, i);
	UNIT_TEST(s, valid_forms);
	UNIT_TEST(s, empty_form);
	UNIT_TEST(s, all_wrong_in_form_order);
	UNIT_TEST(s, normalized_values);
	UNIT_TEST(s, x_address_tag);
	UNIT_TEST(s, memo_on_a_network_without_memos);
	UNIT_TEST(s, field_names);
	return unit_run(s, "recovery_intake");
}
