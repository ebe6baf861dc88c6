/* test_address_cases.c — hand cases for what the official vectors do not cover: Litecoin,
 * Dogecoin and Cosmos addresses, memos and tags, which networks share a format, pasted garbage
 * (CJK, full-width, invisible characters, invalid UTF-8, NUL, over-long text, secrets), and the
 * codecs' own edges (Keccak-256 block boundaries, Base58 limits, the Ripple alphabet).
 *
 * Where the cases come from: the Litecoin, Dogecoin and Cosmos addresses marked "real" are
 * published addresses whose checksums hold (LM2WMp..., LVg2kJ..., DH5yai..., DBXu2k..., the
 * Cosmos Hub module accounts cosmos1jv65s3... (distribution), cosmos10d07y2... (gov),
 * cosmos1fl48vs... (bonded pool)); the ones marked "derived" re-encode a hash160 or witness
 * program from Bitcoin Core's key_io vectors under the other network's version byte or prefix,
 * computed with a separate Python Base58Check/Bech32 written from the BIPs. The Keccak-256
 * digests at 135..300 bytes come from an independent Python Keccak-f[1600] whose SHA3-256 mode
 * (0x06 padding) matches Python's hashlib on the same inputs. */
#include "core/address.h"
#include "core/base58.h"
#include "core/bech32.h"
#include "core/keccak.h"
#include "unit_main.h"

#include <stdint.h>

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

struct acase {
	enum address_network net;
	const char *in;
	size_t len;
	enum address_rc rc;
	const char *normalized; /* when rc is OK or TESTNET; NULL: the input itself */
	const char *label;      /* test name when the input is not printable */
};

#define A(net, s, rc, norm)                                                                        \
	{                                                                                          \
		(net), (s), sizeof(s) - 1, (rc), (norm), NULL                                      \
	}
#define AL(net, s, rc, norm, label)                                                                \
	{                                                                                          \
		(net), (s), sizeof(s) - 1, (rc), (norm), (label)                                   \
	}

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

#define EVM_OK "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

/* clang-format off */
static const struct acase acases[] = {
	/* Litecoin */
	A(LTC, "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1", ADDRESS_OK, NULL), /* real */
	A(LTC, "LVg2kJoFNg45Nbpy53h7Fe1wKyeXVRhMH9", ADDRESS_OK, NULL), /* real */
	A(LTC, "La6PynTgzichVkcTCQuq8YB7CAv9wZrz5W", ADDRESS_OK, NULL), /* derived P2PKH */
	A(LTC, "MCwCgYjt3HcMNerfqPqg5jcJm7aCy89KeQ", ADDRESS_OK, NULL), /* derived P2SH 0x32 */
	A(LTC, "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm", ADDRESS_OK, NULL), /* old P2SH 0x05 */
	A(LTC, "ltc1q5vwqd02x8cuj80q64k77fzckjakqspchzemwwt", ADDRESS_OK, NULL),
	A(LTC, "LTC1Q5VWQD02X8CUJ80Q64K77FZCKJAKQSPCHZEMWWT", ADDRESS_OK,
	  "ltc1q5vwqd02x8cuj80q64k77fzckjakqspchzemwwt"),
	A(LTC, "ltc1pyucykdlhp62tezs0hagqury402qwhk589q80tqs5myh3rxq34nwq79rww8", ADDRESS_OK, NULL),
	A(LTC, "tltc1q5vwqd02x8cuj80q64k77fzckjakqspch4tc8ap", ADDRESS_TESTNET, NULL),
	A(LTC, "QRe2ZR8BijKMv7yN2kWDxjnbo9dkaYK6cS", ADDRESS_TESTNET, NULL),
	A(LTC, "mvPQ1dEqj5ou24PujqtugSKfqx9ag7V6JB", ADDRESS_TESTNET, NULL),
	A(LTC, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", ADDRESS_BAD_VERSION, NULL), /* BTC P2PKH */
	A(LTC, "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv", ADDRESS_BAD_HRP, NULL),
	A(LTC, "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc2", ADDRESS_BAD_CHECKSUM, NULL),
	A(LTC, "ltc1q5vwqd02x8cuj80q64k77fzckjakqspchzemwwq", ADDRESS_BAD_CHECKSUM, NULL),
	A(LTC, "ltcmweb1qq0cjezs0yvzhlxcx7cxcw7wgnhkxw4k28zv42ygxvkdv4e8ctndmkaqdmaqx5agrzz7zhz7v5pfq",
	  ADDRESS_UNSUPPORTED, NULL),
	A(LTC, "T3d9oMBFZGSUVybiNUVhdn4HcqNayswbGBYcer117nRiWT8Gph6i", ADDRESS_PRIVATE_KEY, NULL),

	/* Dogecoin */
	A(DOGE, "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", ADDRESS_OK, NULL), /* real */
	A(DOGE, "DBXu2kgc3xtvCUWFcxFE3r9hEYgmuaaCyD", ADDRESS_OK, NULL), /* real */
	A(DOGE, "DL1YFq6WDUGvmx6tkrv6QHGws6HBBMTzpa", ADDRESS_OK, NULL), /* derived */
	A(DOGE, "9wUK7WPpAEdpUWxF9eWkWDzH8zMo2GVF6u", ADDRESS_OK, NULL), /* P2SH '9' */
	A(DOGE, "AFmseVrdL9f9oyCzZefL9tG6UbvhFLcxeB", ADDRESS_OK, NULL), /* P2SH 'A' */
	A(DOGE, "nj4byqqR9Sjeevg5ngZYegsF6xfU6wWvQo", ADDRESS_TESTNET, NULL),
	A(DOGE, "2MxHGSQFwhdGGmwDKQeUCt3MAemBvnPW68e", ADDRESS_TESTNET, NULL),
	A(DOGE, "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7M", ADDRESS_BAD_CHECKSUM, NULL),
	A(DOGE, "DH5yaieqoZN36fDVciNyRueRGvGLR3mr70", ADDRESS_BAD_CHAR, NULL),
	A(DOGE, "LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1", ADDRESS_BAD_VERSION, NULL),
	A(DOGE, "ltc1q5vwqd02x8cuj80q64k77fzckjakqspchzemwwt", ADDRESS_BAD_HRP, NULL),

	/* Bitcoin beyond the vectors: secrets and other networks' strings */
	A(BTC, "KwntMbt59tTsj8xqpqYqRRWufyjGunvhSyeMo3NTYpFYzZbXJ5Hp", ADDRESS_PRIVATE_KEY, NULL),
	A(BTC, "5HwoXVkHoRM8sL2KmNRS217n1g8mPPBomrY7yehCuXC1115WWsh", ADDRESS_PRIVATE_KEY, NULL),
	A(BTC, "cN9spWsvaxA8taS7DFMxnk1yJD2gaF2PX1npuTpy3vuZFJdwavaw", ADDRESS_PRIVATE_KEY, NULL),
	A(BTC, "xprv9s21ZrQH143K2Q4sEYksgEEy77mpGUrAHFywwGZtdcJ4KjSwqiad6bbcXdjHdaAqLADmoL4R5jUUeVfF75vWGfVGW68XFdQQTN9iQPSufGF",
	  ADDRESS_PRIVATE_KEY, NULL),
	A(BTC, "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm", ADDRESS_OK, NULL),
	A(BTC, "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u", ADDRESS_BAD_HRP, NULL),
	A(BTC, "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n55", ADDRESS_BAD_CHECKSUM, NULL),
	A(BTC, "BC1QVYQ0CC6RAHYVSAZFDJE0TWL7EZ82NDMUAC2LHV", ADDRESS_OK,
	  "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv"),
	A(BTC, EVM_OK, ADDRESS_BAD_CHAR, NULL),

	/* Cosmos */
	A(ATOM, "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u", ADDRESS_OK, NULL), /* real */
	A(ATOM, "cosmos1jv65s3grqf6v6jl3dp4t6c9t9rk99cd88lyufl", ADDRESS_OK, NULL), /* real */
	A(ATOM, "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn", ADDRESS_OK, NULL), /* real */
	A(ATOM, "cosmos1fl48vsnmsdzcv85q5d2q4z5ajdha8yu34mf0eh", ADDRESS_OK, NULL), /* real */
	A(ATOM, "COSMOS1JV65S3GRQF6V6JL3DP4T6C9T9RK99CD88LYUFL", ADDRESS_OK,
	  "cosmos1jv65s3grqf6v6jl3dp4t6c9t9rk99cd88lyufl"),
	A(ATOM, "cosmos1yucykdlhp62tezs0hagqury402qwhk589q80tqs5myh3rxq34nwqngwdhw", ADDRESS_OK,
	  NULL), /* derived, 32 bytes */
	A(ATOM, "cosmosvaloper15vwqd02x8cuj80q64k77fzckjakqspch4tt579", ADDRESS_BAD_HRP, NULL),
	A(ATOM, "osmo15vwqd02x8cuj80q64k77fzckjakqspchcyv3yy", ADDRESS_BAD_HRP, NULL),
	A(ATOM, "cosmos15vwqd02x8cuj80q64k77fzckjakqspch9r0dh5", ADDRESS_WRONG_VARIANT, NULL),
	A(ATOM, "cosmos15vwqd02x8cuj80q64k77fzckjakqspchqyujdt3t", ADDRESS_BAD_LENGTH, NULL),
	A(ATOM, "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53v", ADDRESS_BAD_CHECKSUM, NULL),
	A(ATOM, "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd5bu", ADDRESS_BAD_CHAR, NULL),
	A(ATOM, "Cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u", ADDRESS_MIXED_CASE, NULL),
	A(ATOM, "xxkueklal9vejv9unqu80w9vptyepfa95pd53u", ADDRESS_BAD_PREFIX, NULL),

	/* EVM and TRON */
	A(BSC, EVM_OK, ADDRESS_OK, NULL),
	A(BSC, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", ADDRESS_OK, EVM_OK),
	A(ETH, "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ADDRESS_BAD_PREFIX, NULL),
	A(ETH, "0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED", ADDRESS_BAD_PREFIX, NULL),
	A(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe", ADDRESS_BAD_LENGTH, NULL),
	A(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd", ADDRESS_BAD_LENGTH, NULL),
	A(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg", ADDRESS_BAD_CHAR, NULL),
	A(ETH, "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", ADDRESS_BAD_PREFIX, NULL),
	A(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed5aAeb6053F3E94C9b9A09f3366",
	  ADDRESS_BAD_LENGTH, NULL), /* a tx hash in the address field */
	A(TRON, "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", ADDRESS_OK, NULL),
	A(TRON, "418840e6c55b9ada326d211d818c34a994aeced808", ADDRESS_OK,
	  "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"),
	A(TRON, "0x8840e6c55b9ada326d211d818c34a994aeced808", ADDRESS_BAD_PREFIX, NULL),
	A(TRON, "4f8840e6c55b9ada326d211d818c34a994aeced808", ADDRESS_BAD_CHAR, NULL),

	/* Solana, XRP, TON odd ones */
	A(SOL, "11111111111111111111111111111111", ADDRESS_OK, NULL),
	A(SOL, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ADDRESS_BAD_CHAR, NULL),
	A(XRP, "rJrRMgiRgrU6hDF4pgu5DXQdWyPbY35ErN", ADDRESS_OK, NULL),
	A(XRP, "RJRRMGIRGRU6HDF4PGU5DXQDWYPBY35ERN", ADDRESS_BAD_CHAR, NULL), /* has 'I' */
	A(XRP, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", ADDRESS_BAD_CHECKSUM, NULL),
	A(TON, "0:E56754F83426F69B09267BD876AC97C44821345B7E266BD956A7BFBFB98DF35C", ADDRESS_OK,
	  "0:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c"),
	A(TON, "1:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c",
	  ADDRESS_BAD_WORKCHAIN, NULL),
	A(TON, "x:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c",
	  ADDRESS_BAD_PREFIX, NULL),
	A(TON, "0:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35",
	  ADDRESS_BAD_LENGTH, NULL),
	/* derived from the TEP-2 hash: basechain, bounceable and not, and workchain 1 */
	A(TON, "EQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXMSi", ADDRESS_OK,
	  "0:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c"),
	A(TON, "UQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXJln", ADDRESS_OK,
	  "0:e56754f83426f69b09267bd876ac97c44821345b7e266bd956a7bfbfb98df35c"),
	A(TON, "EQHlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXEl-", ADDRESS_BAD_WORKCHAIN, NULL),
	A(TON, "Ef_lZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7+/uY3zXDvq", ADDRESS_BAD_CHAR, NULL),
	A(TON, "Ef_lZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXDvq=", ADDRESS_BAD_CHAR, NULL),

	/* Pasted garbage, on the network it would otherwise pass */
	A(ETH, "", ADDRESS_EMPTY, NULL),
	AL(ETH, " \t\r\n", ADDRESS_EMPTY, NULL, "only white space"),
	AL(ETH, "\xe3\x80\x80", ADDRESS_EMPTY, NULL, "only an ideographic space"),
	AL(ETH, "  " EVM_OK "\r\n", ADDRESS_OK, NULL, "spaces and CRLF around"),
	AL(ETH, "\xe3\x80\x80" EVM_OK "\xe2\x80\x8b", ADDRESS_OK, NULL,
	   "U+3000 before, zero-width space after"),
	AL(ETH, "\xef\xbb\xbf" EVM_OK, ADDRESS_OK, NULL, "byte order mark before"),
	AL(ETH, "0x5aAeb6053F3E94C9b9A09f336\xe2\x80\x8b" "69435E7Ef1BeAed", ADDRESS_NON_ASCII, NULL,
	   "zero-width space inside"),
	AL(ETH, "\xef\xbc\x90x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", ADDRESS_NON_ASCII, NULL,
	   "full-width zero"),
	AL(ETH, "\xe6\x88\x91\xe7\x9a\x84\xe5\x9c\xb0\xe5\x9d\x80", ADDRESS_NON_ASCII, NULL,
	   "CJK text"),
	AL(TRON, "\xe5\x9c\xb0\xe5\x9d\x80: TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", ADDRESS_NON_ASCII,
	   NULL, "CJK label before the address"),
	AL(ETH, "0x5aAeb605 3F3E94C9b9A09f33669435E7Ef1BeAed", ADDRESS_INNER_SPACE, NULL,
	   "space inside"),
	AL(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1Be\0ed", ADDRESS_INNER_SPACE, NULL,
	   "NUL inside"),
	AL(ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\0", ADDRESS_INNER_SPACE, NULL,
	   "NUL at the end"),
	AL(ETH, "\xff\xfe" EVM_OK, ADDRESS_BAD_UTF8, NULL, "stray 0xff 0xfe"),
	AL(ETH, "\xc0\xaf", ADDRESS_BAD_UTF8, NULL, "overlong slash"),
	AL(ETH, "\xed\xa0\x80", ADDRESS_BAD_UTF8, NULL, "UTF-8 surrogate"),
	AL(BTC, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2m\xc3", ADDRESS_BAD_UTF8, NULL,
	   "truncated UTF-8 at the end"),
	A(BTC, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
	       "abandon about", ADDRESS_SEED_PHRASE, NULL),
	A(ATOM, "legal winner thank year wave sausage worth useful legal winner thank yellow",
	  ADDRESS_SEED_PHRASE, NULL),
	A(ETH, "send it to my wallet please", ADDRESS_INNER_SPACE, NULL),
	A(SOL, "https://solscan.io/account/11111111111111111111111111111111", ADDRESS_BAD_CHAR,
	  NULL),
};
/* clang-format on */

static const char *acase_name(const struct acase *c)
{
	return c->label != NULL ? c->label : c->in;
}

START_TEST(address_case)
{
	const struct acase *c = &acases[_i];
	struct address_result r;
	enum address_rc rc = address_check(c->net, c->in, c->len, "7", 1, &r);
	const char *want = c->normalized;

	ck_assert_msg(rc == c->rc && r.rc == rc, "%s on %s: %s, want %s", acase_name(c),
	              address_network_code(c->net), address_rc_code(rc), address_rc_code(c->rc));
	if (rc != ADDRESS_OK && rc != ADDRESS_TESTNET) {
		ck_assert_msg(r.normalized_len == 0 && r.payload_len == 0,
		              "%s: refused but left a result", acase_name(c));
		return;
	}
	if (want == NULL) {
		size_t n = c->len;
		want = address_trim(c->in, &n);
		ck_assert_msg(r.normalized_len == n && memcmp(r.normalized, want, n) == 0,
		              "%s: normalised to %s", acase_name(c), r.normalized);
	} else {
		ck_assert_msg(strcmp(r.normalized, want) == 0, "%s: normalised to %s, want %s",
		              acase_name(c), r.normalized, want);
	}
	/* The normal form is itself valid and its own normal form. */
	{
		struct address_result again;
		enum address_rc rc2 =
		    address_check(c->net, r.normalized, r.normalized_len, NULL, 0, &again);
		ck_assert_msg((rc2 == ADDRESS_OK || rc2 == ADDRESS_TESTNET) &&
		                  strcmp(again.normalized, r.normalized) == 0 &&
		                  again.payload_len == r.payload_len &&
		                  memcmp(again.payload, r.payload, r.payload_len) == 0,
		              "%s: normal form %s does not check back", acase_name(c),
		              r.normalized);
	}
}
END_TEST

START_TEST(too_long)
{
	static char big[10000];
	struct address_result r;

	memset(big, 'a', sizeof big);
	ck_assert_int_eq(address_check(ADDRESS_NET_SOLANA, big, ADDRESS_TEXT_MAX + 1, NULL, 0, &r),
	                 ADDRESS_TOO_LONG);
	ck_assert_int_eq(address_check(ADDRESS_NET_SOLANA, big, sizeof big, NULL, 0, &r),
	                 ADDRESS_TOO_LONG);
	ck_assert_int_eq(address_check(ADDRESS_NET_SOLANA, NULL, 5, NULL, 0, &r), ADDRESS_EMPTY);
	ck_assert_int_eq(address_check(ADDRESS_NET_COUNT, "x", 1, NULL, 0, &r),
	                 ADDRESS_UNKNOWN_NETWORK);
	ck_assert_int_eq(address_check((enum address_network) - 1, "x", 1, NULL, 0, &r),
	                 ADDRESS_UNKNOWN_NETWORK);
}
END_TEST

START_TEST(flags)
{
	struct address_result r;

	address_check(ETH, " 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 43, NULL, 0, &r);
	ck_assert_uint_eq(r.flags, ADDRESS_FLAG_TRIMMED | ADDRESS_FLAG_NO_CHECKSUM);
	address_check(ETH, EVM_OK, strlen(EVM_OK), NULL, 0, &r);
	ck_assert_uint_eq(r.flags, 0);
	address_check(LTC, "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm", 34, NULL, 0, &r);
	ck_assert_uint_eq(r.flags, ADDRESS_FLAG_SHARED_P2SH);
	ck_assert_int_eq(r.kind, ADDRESS_KIND_P2SH);
	address_check(BTC, "BC1QVYQ0CC6RAHYVSAZFDJE0TWL7EZ82NDMUAC2LHV", 42, NULL, 0, &r);
	ck_assert_uint_eq(r.flags, ADDRESS_FLAG_UPPERCASE);
	ck_assert_int_eq(r.kind, ADDRESS_KIND_P2WPKH);
	ck_assert_int_eq(r.witness_version, 0);
	address_check(BTC, "bc1p83n3au0rjylefxq2nc2xh2y4jzz4pm6zxj4mw5pagdjjr2a9f36s6jjnnu", 62,
	              NULL, 0, &r);
	ck_assert_int_eq(r.kind, ADDRESS_KIND_P2TR);
	address_check(BTC, "bc1z2rksukkjr8", 14, NULL, 0, &r);
	ck_assert_int_eq(r.kind, ADDRESS_KIND_WITNESS_OTHER);
	address_check(BTC, "tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54", 42, NULL, 0, &r);
	ck_assert_int_eq(r.rc, ADDRESS_TESTNET);
	ck_assert_int_eq(r.chain, ADDRESS_CHAIN_TEST);
	address_check(BTC, "bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9", 44, NULL, 0, &r);
	ck_assert_int_eq(r.rc, ADDRESS_TESTNET);
	ck_assert_int_eq(r.chain, ADDRESS_CHAIN_REGTEST);
	address_check(TON, "Uf_lZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXGYv", 48, "1", 1, &r);
	ck_assert_uint_eq(r.flags, ADDRESS_FLAG_URL_SAFE);
	ck_assert_int_eq(r.workchain, -1);
}
END_TEST

/* ---- memos ---- */

struct mcase {
	enum address_network net;
	const char *addr; /* NULL: a classic address of the network */
	const char *memo;
	size_t len;
	enum address_memo_rc rc;
	const char *normalized;
	const char *label;
};

#define XRP_CLASSIC "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf"
#define XRP_X_TAG1  "XVLhHMPHU98es4dbozjVtdWzVrDjtV8xvjGQTYPiAx6gwDC"
#define XRP_X_NOTAG "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb"
#define M(net, addr, s, rc, norm)                                                                  \
	{                                                                                          \
		(net), (addr), (s), sizeof(s) - 1, (rc), (norm), NULL                              \
	}
#define ML(net, addr, s, rc, norm, label)                                                          \
	{                                                                                          \
		(net), (addr), (s), sizeof(s) - 1, (rc), (norm), (label)                           \
	}

/* clang-format off */
static const struct mcase mcases[] = {
	M(XRP, XRP_CLASSIC, "", ADDRESS_MEMO_MISSING, ""),
	M(XRP, XRP_CLASSIC, "12345", ADDRESS_MEMO_OK, "12345"),
	M(XRP, XRP_CLASSIC, " 42 ", ADDRESS_MEMO_OK, "42"),
	M(XRP, XRP_CLASSIC, "007", ADDRESS_MEMO_OK, "7"),
	M(XRP, XRP_CLASSIC, "0", ADDRESS_MEMO_OK, "0"),
	M(XRP, XRP_CLASSIC, "00000000000000000042", ADDRESS_MEMO_OK, "42"),
	M(XRP, XRP_CLASSIC, "4294967295", ADDRESS_MEMO_OK, "4294967295"),
	M(XRP, XRP_CLASSIC, "4294967296", ADDRESS_MEMO_OUT_OF_RANGE, ""),
	M(XRP, XRP_CLASSIC, "99999999999", ADDRESS_MEMO_OUT_OF_RANGE, ""),
	M(XRP, XRP_CLASSIC, "-1", ADDRESS_MEMO_BAD_CHAR, ""),
	M(XRP, XRP_CLASSIC, "+1", ADDRESS_MEMO_BAD_CHAR, ""),
	M(XRP, XRP_CLASSIC, "12a", ADDRESS_MEMO_BAD_CHAR, ""),
	M(XRP, XRP_CLASSIC, "1 2", ADDRESS_MEMO_BAD_CHAR, ""),
	ML(XRP, XRP_CLASSIC, "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93", ADDRESS_MEMO_BAD_CHAR, "",
	   "full-width digits"),
	M(XRP, XRP_X_TAG1, "", ADDRESS_MEMO_OK, "1"),
	M(XRP, XRP_X_TAG1, "1", ADDRESS_MEMO_OK, "1"),
	M(XRP, XRP_X_TAG1, "2", ADDRESS_MEMO_CONFLICT, "2"),
	M(XRP, XRP_X_NOTAG, "", ADDRESS_MEMO_MISSING, ""),
	M(XRP, XRP_X_NOTAG, "99", ADDRESS_MEMO_OK, "99"),
	M(ATOM, NULL, "104857391", ADDRESS_MEMO_OK, "104857391"),
	M(ATOM, NULL, "", ADDRESS_MEMO_MISSING, ""),
	ML(ATOM, NULL, "\xe5\x85\x85\xe5\x80\xbc 123", ADDRESS_MEMO_OK,
	   "\xe5\x85\x85\xe5\x80\xbc 123", "CJK text memo"),
	ML(ATOM, NULL, "a\tb", ADDRESS_MEMO_BAD_CHAR, "", "tab inside"),
	ML(ATOM, NULL, "a\0b", ADDRESS_MEMO_BAD_CHAR, "", "NUL inside"),
	ML(ATOM, NULL, "a\xc2\x85z", ADDRESS_MEMO_BAD_CHAR, "", "C1 control U+0085"),
	ML(ATOM, NULL, "\xff", ADDRESS_MEMO_BAD_UTF8, "", "invalid UTF-8"),
	M(TON, NULL, "1234567", ADDRESS_MEMO_OK, "1234567"),
	M(TON, NULL, "", ADDRESS_MEMO_MISSING, ""),
	M(BTC, NULL, "", ADDRESS_MEMO_OK, ""),
	M(BTC, NULL, "123", ADDRESS_MEMO_UNEXPECTED, ""),
	M(ETH, NULL, "memo", ADDRESS_MEMO_UNEXPECTED, ""),
};
/* clang-format on */

static const char *classic_of(enum address_network net)
{
	switch (net) {
	case ADDRESS_NET_ATOM:
		return "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u";
	case ADDRESS_NET_TON:
		return "Ef_lZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXDvq";
	case ADDRESS_NET_BTC:
		return "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo";
	default:
		return EVM_OK;
	}
}

START_TEST(memo_case)
{
	const struct mcase *c = &mcases[_i];
	const char *addr = c->addr != NULL ? c->addr : classic_of(c->net);
	struct address_result r;
	enum address_rc rc = address_check(c->net, addr, strlen(addr), c->memo, c->len, &r);

	ck_assert_msg(rc == ADDRESS_OK, "%s: address refused (%s)", addr, address_rc_code(rc));
	ck_assert_msg(r.memo_rc == c->rc, "memo '%s' on %s: %s, want %s",
	              c->label ? c->label : c->memo, addr, address_memo_rc_code(r.memo_rc),
	              address_memo_rc_code(c->rc));
	if (c->rc == ADDRESS_MEMO_OK || c->rc == ADDRESS_MEMO_CONFLICT)
		ck_assert_msg(strcmp(r.memo, c->normalized) == 0 && r.memo_len == strlen(r.memo),
		              "memo '%s': normalised to '%s'", c->label ? c->label : c->memo,
		              r.memo);
}
END_TEST

START_TEST(memo_limits)
{
	char memo[ADDRESS_MEMO_MAX + 2], out[ADDRESS_MEMO_MAX + 1];
	size_t n;

	memset(memo, '7', sizeof memo);
	ck_assert_int_eq(address_memo_check(ATOM, memo, ADDRESS_MEMO_MAX, out, &n),
	                 ADDRESS_MEMO_OK);
	ck_assert_uint_eq(n, ADDRESS_MEMO_MAX);
	ck_assert_int_eq(address_memo_check(ATOM, memo, ADDRESS_MEMO_MAX + 1, out, &n),
	                 ADDRESS_MEMO_TOO_LONG);
	ck_assert_int_eq(address_memo_check(ATOM, NULL, 3, out, &n), ADDRESS_MEMO_MISSING);
	ck_assert_int_eq(address_memo_kind(XRP), ADDRESS_MEMO_TAG32);
	ck_assert_int_eq(address_memo_kind(TON), ADDRESS_MEMO_TEXT);
	ck_assert_int_eq(address_memo_kind(ATOM), ADDRESS_MEMO_TEXT);
	for (int i = 0; i < ADDRESS_NET_COUNT; i++)
		if (i != XRP && i != TON && i != ATOM)
			ck_assert_int_eq(address_memo_kind((enum address_network)i),
			                 ADDRESS_MEMO_NONE);
}
END_TEST

/* ---- which networks a text fits ---- */

#define EVM_BITS                                                                                   \
	(ADDRESS_NET_BIT(ADDRESS_NET_ETH) | ADDRESS_NET_BIT(ADDRESS_NET_BSC) |                     \
	 ADDRESS_NET_BIT(ADDRESS_NET_POLYGON) | ADDRESS_NET_BIT(ADDRESS_NET_ARBITRUM) |            \
	 ADDRESS_NET_BIT(ADDRESS_NET_OPTIMISM) | ADDRESS_NET_BIT(ADDRESS_NET_BASE) |               \
	 ADDRESS_NET_BIT(ADDRESS_NET_AVAXC))

START_TEST(networks_for)
{
	static const struct {
		const char *in;
		uint32_t bits;
	} cases[] = {
	    {EVM_OK, EVM_BITS},
	    {"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", EVM_BITS},
	    {"36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm",
	     ADDRESS_NET_BIT(ADDRESS_NET_BTC) | ADDRESS_NET_BIT(ADDRESS_NET_LTC)},
	    {"1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", ADDRESS_NET_BIT(ADDRESS_NET_BTC)},
	    {"TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL", ADDRESS_NET_BIT(ADDRESS_NET_TRON)},
	    {"11111111111111111111111111111111", ADDRESS_NET_BIT(ADDRESS_NET_SOLANA)},
	    {"rU6K7V3Po4snVhBBaU29sesqs2qTQJWDw1", ADDRESS_NET_BIT(ADDRESS_NET_XRP)},
	    {"LM2WMpR1Rp6j3Sa59cMXMs1SPzj9eXpGc1", ADDRESS_NET_BIT(ADDRESS_NET_LTC)},
	    {"DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", ADDRESS_NET_BIT(ADDRESS_NET_DOGE)},
	    {"cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u", ADDRESS_NET_BIT(ADDRESS_NET_ATOM)},
	    {"EQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXMSi", ADDRESS_NET_BIT(ADDRESS_NET_TON)},
	    {"EQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXMSj", 0}, /* CRC broken */
	    {"tb1qcrh3yqn4nlleplcez2yndq2ry8h9ncg3qh7n54", 0},       /* testnet: none */
	    {"hello", 0},
	    {"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t got = address_networks_for(cases[i].in, strlen(cases[i].in));
		ck_assert_msg(got == cases[i].bits, "%s: networks %#x, want %#x", cases[i].in, got,
		              cases[i].bits);
	}
}
END_TEST

START_TEST(same_format)
{
	ck_assert(address_same_format(ADDRESS_NET_ETH, ADDRESS_NET_BSC));
	ck_assert(address_same_format(ADDRESS_NET_POLYGON, ADDRESS_NET_ARBITRUM));
	ck_assert(address_same_format(ADDRESS_NET_BTC, ADDRESS_NET_BTC));
	ck_assert(!address_same_format(ADDRESS_NET_ETH, ADDRESS_NET_TRON));
	ck_assert(!address_same_format(ADDRESS_NET_BTC, ADDRESS_NET_LTC));
	ck_assert(!address_same_format(ADDRESS_NET_ETH, ADDRESS_NET_COUNT));
	/* TRON and EVM share the 20 bytes, not the text: the account is the same key. */
	{
		struct address_result t, e;
		address_check(TRON, "TBhCfAytTEh52WFL6HYr64i2nmc3u3TCUp", 34, NULL, 0, &t);
		address_check(ETH, "0x12E94f5a3c88b17d2F6E0b9a45Cd310f8E7a6D29", 42, NULL, 0, &e);
		ck_assert(t.rc == ADDRESS_OK && e.rc == ADDRESS_OK);
		ck_assert(t.payload_len == 20 && memcmp(t.payload, e.payload, 20) == 0);
	}
}
END_TEST

START_TEST(network_names)
{
	static const struct {
		const char *name;
		enum address_network net;
	} cases[] = {
	    {"erc20", ADDRESS_NET_ETH},          {"BEP20", ADDRESS_NET_BSC},
	    {" trc20 ", ADDRESS_NET_TRON},       {"Arbitrum One", ADDRESS_NET_ARBITRUM},
	    {"matic", ADDRESS_NET_POLYGON},      {"SPL", ADDRESS_NET_SOLANA},
	    {"cosmos", ADDRESS_NET_ATOM},        {"sol", ADDRESS_NET_SOLANA},
	    {"avax c-chain", ADDRESS_NET_AVAXC},
	};
	enum address_network net;

	for (int i = 0; i < ADDRESS_NET_COUNT; i++) {
		const char *code = address_network_code((enum address_network)i);
		ck_assert_ptr_nonnull(code);
		ck_assert(address_network_parse(code, strlen(code), &net) && (int)net == i);
	}
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ck_assert_msg(address_network_parse(cases[i].name, strlen(cases[i].name), &net) &&
		                  net == cases[i].net,
		              "%s", cases[i].name);
	ck_assert(!address_network_parse("BTC2", 4, &net));
	ck_assert(!address_network_parse("", 0, &net));
	ck_assert(!address_network_parse(NULL, 0, &net));
	ck_assert_ptr_null(address_network_code(ADDRESS_NET_COUNT));
}
END_TEST

START_TEST(reasons_have_text)
{
	for (int rc = ADDRESS_OK; rc <= ADDRESS_NO_SPACE; rc++) {
		const char *code = address_rc_code((enum address_rc)rc);
		ck_assert_msg(code != NULL && strcmp(code, "unknown") != 0, "rc %d has no code",
		              rc);
		ck_assert_msg(
		    strcmp(address_strerror((enum address_rc)rc), "unknown address error"),
		    "rc %d has no text", rc);
		for (int other = ADDRESS_OK; other < rc; other++)
			ck_assert_msg(strcmp(code, address_rc_code((enum address_rc)other)) != 0,
			              "rc %d and %d share the code %s", rc, other, code);
	}
	for (int rc = ADDRESS_MEMO_OK; rc <= ADDRESS_MEMO_CONFLICT; rc++)
		ck_assert(strcmp(address_memo_rc_code((enum address_memo_rc)rc), "unknown") != 0);
	ck_assert_str_eq(address_rc_code((enum address_rc)999), "unknown");
}
END_TEST

/* ---- codecs ---- */

START_TEST(keccak_vectors)
{
	static const struct {
		size_t len; /* SIZE_MAX: text is the message */
		const char *text, *digest;
	} cases[] = {
	    {SIZE_MAX, "", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
	    {SIZE_MAX, "abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
	    {SIZE_MAX, "The quick brown fox jumps over the lazy dog",
	     "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"},
	    /* bytes (7i + 3) mod 256: around the 136-byte rate */
	    {135, NULL, "00ef96af9cf4b24c7f269d922294444a197d0a33638c2e56634c57e892103a8f"},
	    {136, NULL, "742061bcad767ed4c4f5883b1dcb1aad11afdcc140dc469d953759b127b9f9ed"},
	    {137, NULL, "e3371f61e770abf254c34239c3b0099ad90594507415bc81dd0a10b9692bbf2a"},
	    {272, NULL, "ac141fd7b0a0ffcd2e967254d508da3ec616596493c36fa304425647d90e6de5"},
	    {300, NULL, "fa75f2293be9f9a14dcdeeff53f7b91ff6a2b1331b13886e69077ab1cf8252a9"},
	};
	uint8_t msg[300], h[KECCAK256_DIGEST_SIZE];
	char hex[65];

	for (size_t i = 0; i < sizeof msg; i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].len == SIZE_MAX)
			keccak256(cases[i].text, strlen(cases[i].text), h);
		else
			keccak256(msg, cases[i].len, h);
		for (int k = 0; k < 32; k++)
			sprintf(hex + 2 * k, "%02x", h[k]);
		ck_assert_msg(strcmp(hex, cases[i].digest) == 0, "case %zu: %s", i, hex);
	}
	keccak256(NULL, 0, h);
	ck_assert_uint_eq(h[0], 0xc5);
}
END_TEST

START_TEST(base58_edges)
{
	uint8_t b[BASE58_MAX_BYTES + 1],
	    acct[21] = {0x00, 0xba, 0x8e, 0x78, 0x62, 0x6e, 0xe4, 0x2c, 0x41, 0xb4, 0x6d,
	                0x46, 0xc3, 0x04, 0x8d, 0xf3, 0xa1, 0xc3, 0xc8, 0x70, 0x72};
	char text[BASE58_MAX_TEXT + 2], small[4];
	size_t n;

	ck_assert_int_eq(
	    base58check_encode(BASE58_RIPPLE, acct, sizeof acct, text, sizeof text, &n), BASE58_OK);
	ck_assert_str_eq(text, "rJrRMgiRgrU6hDF4pgu5DXQdWyPbY35ErN");
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "0", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "O", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "I", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "l", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, " 2g", 3, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "2\0g", 3, b, sizeof b, &n),
	                 BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_RIPPLE, "0", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	ck_assert_int_eq(base58_decode(BASE58_RIPPLE, "l", 1, b, sizeof b, &n), BASE58_BAD_CHAR);
	memset(text, 'z', sizeof text);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, text, BASE58_MAX_TEXT + 1, b, sizeof b, &n),
	                 BASE58_TOO_LONG);
	ck_assert_int_eq(base58_decode(BASE58_BITCOIN, "zzzz", 4, b, 2, &n), BASE58_NO_SPACE);
	memset(b, 0xff, sizeof b);
	ck_assert_int_eq(base58_encode(BASE58_BITCOIN, b, BASE58_MAX_BYTES, text, sizeof text, &n),
	                 BASE58_OK);
	ck_assert_uint_le(n, BASE58_MAX_TEXT);
	ck_assert_int_eq(
	    base58_encode(BASE58_BITCOIN, b, BASE58_MAX_BYTES + 1, text, sizeof text, &n),
	    BASE58_TOO_LONG);
	ck_assert_int_eq(base58_encode(BASE58_BITCOIN, b, 4, small, sizeof small, &n),
	                 BASE58_NO_SPACE);
	ck_assert_str_eq(small, "");
	ck_assert_int_eq(base58check_decode(BASE58_BITCOIN, "1", 1, b, sizeof b, &n),
	                 BASE58_TOO_SHORT);
	ck_assert_int_eq(base58check_decode(BASE58_BITCOIN, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mp",
	                                    34, b, sizeof b, &n),
	                 BASE58_BAD_CHECKSUM);
	ck_assert_int_eq(
	    base58check_decode(BASE58_BITCOIN, "1FsSia9rv4NeEwvJ2GvXrX7LyxYspbN2mo", 34, b, 20, &n),
	    BASE58_NO_SPACE);
}
END_TEST

START_TEST(bech32_edges)
{
	uint8_t data[BECH32_MAX_DATA], out[64];
	char text[BECH32_MAX_LEN + 1];
	size_t n;

	memset(data, 0, sizeof data);
	ck_assert_int_eq(bech32_encode("a", data, 83, BECH32_BECH32, text, sizeof text, &n),
	                 BECH32_TOO_LONG);
	ck_assert_int_eq(bech32_encode("a", data, 82, BECH32_BECH32, text, sizeof text, &n),
	                 BECH32_OK);
	ck_assert_uint_eq(n, 90);
	data[0] = 32;
	ck_assert_int_eq(bech32_encode("a", data, 1, BECH32_BECH32, text, sizeof text, &n),
	                 BECH32_BAD_CHAR);
	ck_assert_int_eq(bech32_encode("", data, 0, BECH32_BECH32, text, sizeof text, &n),
	                 BECH32_EMPTY_HRP);
	ck_assert_int_eq(bech32_encode("A", data, 0, BECH32_BECH32M, text, sizeof text, &n),
	                 BECH32_OK);
	ck_assert_str_eq(text, "a1lqfn3a"); /* the BIP-350 vector, from an upper-case hrp */
	ck_assert_int_eq(bech32_encode("a", data, 0, BECH32_BECH32, text, 8, &n), BECH32_NO_SPACE);
	/* convertbits: 8 -> 5 -> 8 round trip, and the padding rules */
	{
		const uint8_t in[3] = {0xff, 0x00, 0x81};
		uint8_t five[8];
		size_t k;
		ck_assert(bech32_convert_bits(five, &k, sizeof five, 5, in, 3, 8, true));
		ck_assert_uint_eq(k, 5);
		ck_assert(bech32_convert_bits(out, &n, sizeof out, 8, five, k, 5, false));
		ck_assert(n == 3 && memcmp(out, in, 3) == 0);
		ck_assert(!bech32_convert_bits(out, &n, 2, 8, five, k, 5, false)); /* no room */
		ck_assert(
		    !bech32_convert_bits(out, &n, sizeof out, 8, five, k, 4, false)); /* > 4 bits */
		five[k - 1] |= 1; /* non-zero padding bit */
		ck_assert(!bech32_convert_bits(out, &n, sizeof out, 8, five, k, 5, false));
	}
	ck_assert_int_eq(segwit_encode("bc", 17, data, 20, text, sizeof text, &n),
	                 BECH32_BAD_VERSION);
	ck_assert_int_eq(segwit_encode("bc", 0, data, 21, text, sizeof text, &n),
	                 BECH32_BAD_PROGRAM_LEN);
	ck_assert_int_eq(segwit_encode("bc", 1, data, 41, text, sizeof text, &n),
	                 BECH32_BAD_PROGRAM_LEN);
}
END_TEST

START_TEST(x_address_tags)
{
	char x[64], classic[36];
	bool has_tag, test;
	uint32_t tag;

	/* The largest tag and no tag at all, both networks, decode to what was encoded. */
	for (int t = 0; t < 2; t++) {
		ck_assert_int_eq(address_xrp_x_encode("rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", 34,
		                                      true, 0xffffffffu, t, x, sizeof x),
		                 ADDRESS_OK);
		ck_assert_int_eq(address_xrp_x_decode(x, strlen(x), classic, &has_tag, &tag, &test),
		                 ADDRESS_OK);
		ck_assert(has_tag && tag == 0xffffffffu && test == (t == 1));
		ck_assert_str_eq(classic, "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY");
	}
	ck_assert_int_eq(
	    address_xrp_x_encode(XRP_CLASSIC, strlen(XRP_CLASSIC), true, 1, false, x, 10),
	    ADDRESS_NO_SPACE);
	ck_assert_int_eq(address_xrp_x_encode(NULL, 0, false, 0, false, x, sizeof x),
	                 ADDRESS_BAD_LENGTH);
	ck_assert_int_eq(
	    address_xrp_x_decode(XRP_CLASSIC, strlen(XRP_CLASSIC), classic, &has_tag, &tag, &test),
	    ADDRESS_BAD_LENGTH);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("address_cases");

	for (int i = 0; i < NCASES(acases); i++)
		unit_add_case(
		    s,
		    unit_name("%s %s", address_network_code(acases[i].net), acase_name(&acases[i])),
		    address_case, i);
	for (int i = 0; i < NCASES(mcases); i++)
		unit_add_case(s,
		              unit_name("memo %s to %.10s... '%s'",
		                        address_network_code(mcases[i].net),
		                        mcases[i].addr ? mcases[i].addr : classic_of(mcases[i].net),
		                        mcases[i].label ? mcases[i].label : mcases[i].memo),
		              memo_case, i);
	UNIT_TEST(s, too_long);
	UNIT_TEST(s, flags);
	UNIT_TEST(s, memo_limits);
	UNIT_TEST(s, networks_for);
	UNIT_TEST(s, same_format);
	UNIT_TEST(s, network_names);
	UNIT_TEST(s, reasons_have_text);
	UNIT_TEST(s, keccak_vectors);
	UNIT_TEST(s, base58_edges);
	UNIT_TEST(s, bech32_edges);
	UNIT_TEST(s, x_address_tags);
	return unit_run(s, "address_cases");
}
