/* address_formats.c — the per-format validators and codecs behind address.h: Bitcoin family
 * (Base58Check and segwit), EVM (EIP-55), TRON, Solana, XRP (classic and X-address), TON (raw and
 * TEP-2 user-friendly) and Cosmos. Each address_parse_* sees text that address.c has already
 * trimmed and found to be printable ASCII without spaces, and judges alphabet, length, version
 * and checksum in that order, so a mistyped character is reported as such rather than as the
 * checksum failure it also causes. Rules and sources: docs/internals/addresses.md. */
#include "core/address_formats.h"

#include <string.h>

#include "core/base58.h"
#include "core/bech32.h"
#include "core/keccak.h"

/* ------------------------------------------------------------------ small helpers */

static bool is_hex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_hex((unsigned char)s[i]))
			return false;
	return true;
}

/* s[0..2n) hex, already checked, into n bytes. */
static void hex_decode(const char *s, size_t n, uint8_t *out)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (uint8_t)(hex_val((unsigned char)s[2 * i]) << 4 |
		                   hex_val((unsigned char)s[2 * i + 1]));
}

static void hex_lower(const uint8_t *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
}

static bool ascii_prefix_ci(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != prefix[i])
			return false;
	}
	return true;
}

static void set_normalized(struct address_result *out, const char *s, size_t n)
{
	if (n > ADDRESS_NORMAL_MAX)
		n = ADDRESS_NORMAL_MAX; /* never reached: every caller's form is shorter */
	memcpy(out->normalized, s, n);
	out->normalized[n] = '\0';
	out->normalized_len = n;
}

static void set_normalized_lower(struct address_result *out, const char *s, size_t n)
{
	set_normalized(out, s, n);
	for (size_t i = 0; i < out->normalized_len; i++)
		if (out->normalized[i] >= 'A' && out->normalized[i] <= 'Z')
			out->normalized[i] = (char)(out->normalized[i] - 'A' + 'a');
}

static void set_payload(struct address_result *out, const uint8_t *p, size_t n)
{
	memcpy(out->payload, p, n);
	out->payload_len = n;
}

static enum address_rc from_base58(enum base58_rc rc)
{
	switch (rc) {
	case BASE58_OK:
		return ADDRESS_OK;
	case BASE58_BAD_CHAR:
		return ADDRESS_BAD_CHAR;
	case BASE58_BAD_CHECKSUM:
		return ADDRESS_BAD_CHECKSUM;
	case BASE58_TOO_LONG:
	case BASE58_NO_SPACE:
	case BASE58_TOO_SHORT:
		break;
	}
	return ADDRESS_BAD_LENGTH;
}

static enum address_rc from_bech32(enum bech32_rc rc)
{
	switch (rc) {
	case BECH32_OK:
		return ADDRESS_OK;
	case BECH32_BAD_CHAR:
		return ADDRESS_BAD_CHAR;
	case BECH32_MIXED_CASE:
		return ADDRESS_MIXED_CASE;
	case BECH32_NO_SEPARATOR:
	case BECH32_EMPTY_HRP:
		return ADDRESS_BAD_PREFIX;
	case BECH32_BAD_CHECKSUM:
		return ADDRESS_BAD_CHECKSUM;
	case BECH32_WRONG_HRP:
		return ADDRESS_BAD_HRP;
	case BECH32_BAD_VERSION:
		return ADDRESS_BAD_WITNESS_VERSION;
	case BECH32_BAD_PADDING:
		return ADDRESS_BAD_PADDING;
	case BECH32_BAD_PROGRAM_LEN:
		return ADDRESS_BAD_PROGRAM_LENGTH;
	case BECH32_WRONG_VARIANT:
		return ADDRESS_WRONG_VARIANT;
	case BECH32_TOO_LONG:
	case BECH32_SHORT_CHECKSUM:
	case BECH32_NO_DATA:
	case BECH32_NO_SPACE:
		break;
	}
	return ADDRESS_BAD_LENGTH;
}

static bool has_upper(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return true;
	return false;
}

/* ------------------------------------------------------------------ Bitcoin family */

/* Base58 version bytes and Bech32 prefix of one chain (Bitcoin Core, Litecoin Core and Dogecoin
 * Core src/chainparams.cpp). p2sh_alt: Litecoin still accepts its old P2SH prefix (Bitcoin's
 * 0x05 on mainnet) as SCRIPT_ADDRESS next to the newer SCRIPT_ADDRESS2. */
struct utxo_params {
	uint8_t p2pkh, p2sh, p2sh_alt, wif;
	bool has_alt;
	const char *hrp; /* NULL: no segwit addresses */
};

/* [coin][chain]; Dogecoin Core gives regtest the testnet prefixes and has no segwit addresses. */
static const struct utxo_params utxo_chains[3][3] = {
    {{0x00, 0x05, 0, 0x80, false, "bc"},
     {0x6f, 0xc4, 0, 0xef, false, "tb"},
     {0x6f, 0xc4, 0, 0xef, false, "bcrt"}},
    {{0x30, 0x32, 0x05, 0xb0, true, "ltc"},
     {0x6f, 0x3a, 0xc4, 0xef, true, "tltc"},
     {0x6f, 0x3a, 0xc4, 0xef, true, "rltc"}},
    {{0x1e, 0x16, 0, 0x9e, false, NULL},
     {0x71, 0xc4, 0, 0xf1, false, NULL},
     {0x71, 0xc4, 0, 0xf1, false, NULL}},
};

static const struct utxo_params *utxo_params_of(enum address_network net, enum address_chain ch)
{
	int coin = net == ADDRESS_NET_BTC ? 0 : net == ADDRESS_NET_LTC ? 1 : 2;
	return &utxo_chains[coin][ch];
}

/* BIP-32 extended private keys (xprv, tprv; Dogecoin's dgpv) decode as 78-byte Base58Check. */
static bool is_extended_private(const uint8_t *b, size_t n)
{
	static const uint8_t versions[][4] = {
	    {0x04, 0x88, 0xad, 0xe4}, {0x04, 0x35, 0x83, 0x94}, {0x02, 0xfa, 0xc3, 0x98}};
	if (n != 78)
		return false;
	for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
		if (memcmp(b, versions[i], 4) == 0)
			return true;
	return false;
}

static enum address_rc utxo_base58(const struct utxo_params *p, enum address_network net,
                                   enum address_chain chain, const char *s, size_t n,
                                   struct address_result *out)
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t len;
	enum address_rc rc =
	    from_base58(base58check_decode(BASE58_BITCOIN, s, n, b, sizeof b, &len));

	if (rc != ADDRESS_OK)
		return rc;
	if (((len == 33) || (len == 34 && b[33] == 0x01)) && b[0] == p->wif)
		return ADDRESS_PRIVATE_KEY;
	if (is_extended_private(b, len))
		return ADDRESS_PRIVATE_KEY;
	if (len != 21)
		return ADDRESS_BAD_LENGTH;
	if (b[0] == p->p2pkh) {
		out->kind = ADDRESS_KIND_P2PKH;
	} else if (b[0] == p->p2sh) {
		out->kind = ADDRESS_KIND_P2SH;
	} else if (p->has_alt && b[0] == p->p2sh_alt) {
		out->kind = ADDRESS_KIND_P2SH;
		if (net == ADDRESS_NET_LTC && chain == ADDRESS_CHAIN_MAIN)
			out->flags |= ADDRESS_FLAG_SHARED_P2SH;
	} else {
		return ADDRESS_BAD_VERSION;
	}
	set_payload(out, b + 1, 20);
	set_normalized(out, s, n);
	return ADDRESS_OK;
}

static enum address_rc utxo_segwit(const struct utxo_params *p, const char *s, size_t n,
                                   struct address_result *out)
{
	uint8_t prog[SEGWIT_MAX_PROGRAM];
	size_t len;
	int version;
	enum address_rc rc = from_bech32(segwit_decode(p->hrp, s, n, &version, prog, &len));

	if (rc != ADDRESS_OK)
		return rc;
	if (version == 0)
		out->kind = len == 20 ? ADDRESS_KIND_P2WPKH : ADDRESS_KIND_P2WSH;
	else if (version == 1 && len == 32)
		out->kind = ADDRESS_KIND_P2TR;
	else
		out->kind = ADDRESS_KIND_WITNESS_OTHER;
	out->witness_version = version;
	if (has_upper(s, n))
		out->flags |= ADDRESS_FLAG_UPPERCASE;
	set_payload(out, prog, len);
	set_normalized_lower(out, s, n);
	return ADDRESS_OK;
}

static bool is_bech32(const char *s, size_t n)
{
	char hrp[BECH32_MAX_HRP + 1];
	uint8_t data[BECH32_MAX_DATA];
	size_t len;
	enum bech32_encoding enc;

	return bech32_decode(s, n, hrp, data, &len, &enc) == BECH32_OK;
}

/* True when s starts with hrp + '1' in either case: a Bech32 string of that chain. */
static bool has_hrp(const char *s, size_t n, const char *hrp)
{
	size_t k = strlen(hrp);
	return ascii_prefix_ci(s, n, hrp) && n > k && s[k] == '1';
}

enum address_rc address_parse_utxo_chain(enum address_network net, enum address_chain chain,
                                         const char *s, size_t n, struct address_result *out)
{
	const struct utxo_params *p = utxo_params_of(net, chain);

	out->chain = chain;
	if (p->hrp != NULL && has_hrp(s, n, p->hrp))
		return utxo_segwit(p, s, n, out);
	/* Litecoin's MWEB stealth addresses are Bech32 of about 130 characters (ltcmweb1...). */
	if (net == ADDRESS_NET_LTC &&
	    (ascii_prefix_ci(s, n, "ltcmweb1") || ascii_prefix_ci(s, n, "tmweb1")))
		return ADDRESS_UNSUPPORTED;
	/* A whole valid Bech32 string of another prefix (bc1 on Litecoin, cosmos1 on Bitcoin) is
	 * told as such, not as the base58 failure it would also be. */
	if (is_bech32(s, n))
		return ADDRESS_BAD_HRP;
	return utxo_base58(p, net, chain, s, n, out);
}

/* Mainnet first; a text valid on a test chain is ADDRESS_TESTNET with that chain's result. For
 * other failures the error is the one of the chain whose Bech32 prefix the text carries, so
 * "tb1..." with a typo says "checksum", not "not a mainnet prefix". */
enum address_rc address_parse_utxo(enum address_network net, const char *s, size_t n,
                                   struct address_result *out)
{
	struct address_result tries[2];
	enum address_rc rc_main, rc_other[2];
	enum address_rc rc;

	rc_main = address_parse_utxo_chain(net, ADDRESS_CHAIN_MAIN, s, n, out);
	if (rc_main == ADDRESS_OK || rc_main == ADDRESS_PRIVATE_KEY)
		return rc_main;
	for (int i = 0; i < 2; i++) {
		enum address_chain ch = i == 0 ? ADDRESS_CHAIN_TEST : ADDRESS_CHAIN_REGTEST;
		tries[i] = *out;
		tries[i].flags &= ADDRESS_FLAG_TRIMMED;
		rc_other[i] = address_parse_utxo_chain(net, ch, s, n, &tries[i]);
		if (rc_other[i] == ADDRESS_OK || rc_other[i] == ADDRESS_PRIVATE_KEY) {
			*out = tries[i];
			return rc_other[i] == ADDRESS_OK ? ADDRESS_TESTNET : ADDRESS_PRIVATE_KEY;
		}
	}
	rc = rc_main;
	for (int i = 0; i < 2; i++) {
		const struct utxo_params *p =
		    utxo_params_of(net, i == 0 ? ADDRESS_CHAIN_TEST : ADDRESS_CHAIN_REGTEST);
		if (p->hrp != NULL && has_hrp(s, n, p->hrp))
			rc = rc_other[i];
	}
	out->chain = ADDRESS_CHAIN_MAIN;
	return rc;
}

size_t address_utxo_script(const struct address_result *r, uint8_t script[ADDRESS_SCRIPT_MAX])
{
	size_t n = 0;

	if (r->payload_len > ADDRESS_PAYLOAD_MAX)
		return 0;
	switch (r->kind) {
	case ADDRESS_KIND_P2PKH:
		/* OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG */
		script[n++] = 0x76;
		script[n++] = 0xa9;
		script[n++] = 0x14;
		memcpy(script + n, r->payload, 20);
		n += 20;
		script[n++] = 0x88;
		script[n++] = 0xac;
		return n;
	case ADDRESS_KIND_P2SH:
		/* OP_HASH160 <20> OP_EQUAL */
		script[n++] = 0xa9;
		script[n++] = 0x14;
		memcpy(script + n, r->payload, 20);
		n += 20;
		script[n++] = 0x87;
		return n;
	case ADDRESS_KIND_P2WPKH:
	case ADDRESS_KIND_P2WSH:
	case ADDRESS_KIND_P2TR:
	case ADDRESS_KIND_WITNESS_OTHER:
		/* OP_0 or OP_1..OP_16, then a push of the program (BIP-141) */
		script[n++] = r->witness_version == 0 ? 0x00 : (uint8_t)(0x50 + r->witness_version);
		script[n++] = (uint8_t)r->payload_len;
		memcpy(script + n, r->payload, r->payload_len);
		return n + r->payload_len;
	default:
		return 0;
	}
}

/* ------------------------------------------------------------------ EVM */

void address_eip55_format(const uint8_t addr[20], char out[43])
{
	uint8_t hash[KECCAK256_DIGEST_SIZE];
	char hex[40];

	hex_lower(addr, 20, hex);
	/* EIP-55: the hash is over the lower-case hex ASCII, without "0x". */
	keccak256(hex, sizeof hex, hash);
	out[0] = '0';
	out[1] = 'x';
	for (size_t i = 0; i < 40; i++) {
		unsigned nibble = (hash[i / 2] >> (i % 2 ? 0 : 4)) & 15;
		char c = hex[i];
		out[2 + i] = c >= 'a' && nibble >= 8 ? (char)(c - 'a' + 'A') : c;
	}
	out[42] = '\0';
}

bool address_eip55_valid(const char *text, size_t len)
{
	uint8_t b[20];
	char want[43];

	if (text == NULL || len != 42 || text[0] != '0' || text[1] != 'x' || !all_hex(text + 2, 40))
		return false;
	hex_decode(text + 2, 20, b);
	address_eip55_format(b, want);
	return memcmp(want, text, 42) == 0;
}

enum address_rc address_parse_evm(enum address_network net, const char *s, size_t n,
                                  struct address_result *out)
{
	uint8_t b[20];
	char want[43];
	bool lower = false, upper = false;

	(void)net;
	if (n < 2 || s[0] != '0' || s[1] != 'x')
		return ADDRESS_BAD_PREFIX;
	if (!all_hex(s + 2, n - 2))
		return ADDRESS_BAD_CHAR;
	if (n != 42)
		return ADDRESS_BAD_LENGTH;
	for (size_t i = 2; i < n; i++) {
		lower |= s[i] >= 'a' && s[i] <= 'f';
		upper |= s[i] >= 'A' && s[i] <= 'F';
	}
	hex_decode(s + 2, 20, b);
	address_eip55_format(b, want);
	/* Mixed case is a checksum claim and must hold; one case carries no claim (EIP-55). */
	if (lower && upper && memcmp(want, s, 42) != 0)
		return ADDRESS_BAD_CHECKSUM;
	if (!(lower && upper))
		out->flags |= ADDRESS_FLAG_NO_CHECKSUM;
	out->kind = ADDRESS_KIND_EVM;
	set_payload(out, b, 20);
	set_normalized(out, want, 42);
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ TRON */

#define TRON_VERSION 0x41

enum address_rc address_parse_tron(enum address_network net, const char *s, size_t n,
                                   struct address_result *out)
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t len;
	enum address_rc rc;

	(void)net;
	/* The hex form tronweb and the node API print: 41 + 40 hex. */
	if (n == 42 && s[0] == '4' && s[1] == '1' && all_hex(s, n)) {
		char text[40];
		hex_decode(s, 21, b);
		if (base58check_encode(BASE58_BITCOIN, b, 21, text, sizeof text, &len) != BASE58_OK)
			return ADDRESS_BAD_LENGTH;
		out->flags |= ADDRESS_FLAG_HEX_FORM;
		out->kind = ADDRESS_KIND_TRON;
		set_payload(out, b + 1, 20);
		set_normalized(out, text, len);
		return ADDRESS_OK;
	}
	if (n >= 2 && s[0] == '0' && s[1] == 'x')
		return ADDRESS_BAD_PREFIX;
	rc = from_base58(base58check_decode(BASE58_BITCOIN, s, n, b, sizeof b, &len));
	if (rc != ADDRESS_OK)
		return rc;
	if (len != 21)
		return ADDRESS_BAD_LENGTH;
	if (b[0] != TRON_VERSION)
		return ADDRESS_BAD_VERSION;
	out->kind = ADDRESS_KIND_TRON;
	set_payload(out, b + 1, 20);
	set_normalized(out, s, n);
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ Solana */

enum address_rc address_parse_solana(enum address_network net, const char *s, size_t n,
                                     struct address_result *out)
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t len;
	enum address_rc rc;

	(void)net;
	rc = from_base58(base58_decode(BASE58_BITCOIN, s, n, b, sizeof b, &len));
	if (rc != ADDRESS_OK)
		return rc;
	/* No checksum: 32 decoded bytes is the whole rule (32..44 characters follows from it). */
	if (n < 32 || n > 44 || len != 32)
		return ADDRESS_BAD_LENGTH;
	out->kind = ADDRESS_KIND_SOLANA;
	set_payload(out, b, 32);
	set_normalized(out, s, n);
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ XRP */

#define XRP_ACCOUNT_LEN 20
#define XRP_X_LEN       31 /* 2 prefix + 20 account + 1 flag + 8 tag */

static enum address_rc xrp_classic_decode(const char *s, size_t n, uint8_t account[20])
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t len;
	enum address_rc rc =
	    from_base58(base58check_decode(BASE58_RIPPLE, s, n, b, sizeof b, &len));

	if (rc != ADDRESS_OK)
		return rc;
	if (len != 1 + XRP_ACCOUNT_LEN)
		return ADDRESS_BAD_LENGTH;
	if (b[0] != 0x00)
		return ADDRESS_BAD_VERSION;
	memcpy(account, b + 1, XRP_ACCOUNT_LEN);
	return ADDRESS_OK;
}

static void xrp_classic_encode(const uint8_t account[20], char out[36])
{
	uint8_t b[1 + XRP_ACCOUNT_LEN];

	b[0] = 0x00;
	memcpy(b + 1, account, XRP_ACCOUNT_LEN);
	/* 25 bytes always fit in 35 characters. */
	base58check_encode(BASE58_RIPPLE, b, sizeof b, out, 36, NULL);
}

/* X-address prefixes (XLS-5d, as ripple-address-codec writes them). */
static const uint8_t x_prefix_main[2] = {0x05, 0x44};
static const uint8_t x_prefix_test[2] = {0x04, 0x93};

enum address_rc address_xrp_x_encode(const char *classic, size_t len, bool has_tag, uint64_t tag,
                                     bool test, char *out, size_t cap)
{
	uint8_t b[XRP_X_LEN], account[XRP_ACCOUNT_LEN];
	enum address_rc rc;

	if (cap > 0)
		out[0] = '\0';
	if (has_tag && tag > 0xffffffffu)
		return ADDRESS_BAD_TAG;
	rc = xrp_classic_decode(classic, classic == NULL ? 0 : len, account);
	if (rc != ADDRESS_OK)
		return rc;
	memcpy(b, test ? x_prefix_test : x_prefix_main, 2);
	memcpy(b + 2, account, XRP_ACCOUNT_LEN);
	b[22] = has_tag ? 1 : 0;
	if (!has_tag)
		tag = 0;
	for (int i = 0; i < 8; i++)
		b[23 + i] = (uint8_t)(tag >> (8 * i)); /* little-endian, high half zero */
	if (base58check_encode(BASE58_RIPPLE, b, sizeof b, out, cap, NULL) != BASE58_OK)
		return ADDRESS_NO_SPACE;
	return ADDRESS_OK;
}

static enum address_rc xrp_x_parse(const char *x, size_t len, uint8_t account[XRP_ACCOUNT_LEN],
                                   bool *has_tag, uint32_t *tag, bool *test)
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t n;
	enum address_rc rc;

	*has_tag = false;
	*tag = 0;
	*test = false;
	rc = from_base58(base58check_decode(BASE58_RIPPLE, x, len, b, sizeof b, &n));
	if (rc != ADDRESS_OK)
		return rc;
	if (n != XRP_X_LEN)
		return ADDRESS_BAD_LENGTH;
	if (memcmp(b, x_prefix_main, 2) == 0)
		*test = false;
	else if (memcmp(b, x_prefix_test, 2) == 0)
		*test = true;
	else
		return ADDRESS_BAD_PREFIX;
	/* Flag 0: no tag, and all eight tag bytes zero. Flag 1: a 32-bit tag, upper four bytes
	 * zero. Anything else is the reserved 64-bit tag form, which no ledger accepts. */
	for (int i = 27; i < 31; i++)
		if (b[i] != 0)
			return ADDRESS_UNSUPPORTED;
	if (b[22] == 0) {
		for (int i = 23; i < 27; i++)
			if (b[i] != 0)
				return ADDRESS_BAD_VERSION;
	} else if (b[22] == 1) {
		*has_tag = true;
		*tag = (uint32_t)b[23] | (uint32_t)b[24] << 8 | (uint32_t)b[25] << 16 |
		       (uint32_t)b[26] << 24;
	} else {
		return ADDRESS_UNSUPPORTED;
	}
	memcpy(account, b + 2, XRP_ACCOUNT_LEN);
	return ADDRESS_OK;
}

enum address_rc address_xrp_x_decode(const char *x, size_t len, char classic_out[36], bool *has_tag,
                                     uint32_t *tag, bool *test)
{
	uint8_t account[XRP_ACCOUNT_LEN];
	enum address_rc rc;

	classic_out[0] = '\0';
	rc = xrp_x_parse(x, x == NULL ? 0 : len, account, has_tag, tag, test);
	if (rc == ADDRESS_OK)
		xrp_classic_encode(account, classic_out);
	return rc;
}

enum address_rc address_parse_xrp(enum address_network net, const char *s, size_t n,
                                  struct address_result *out)
{
	uint8_t account[XRP_ACCOUNT_LEN];
	char classic[36];
	bool has_tag, test;
	uint32_t tag;
	enum address_rc rc;

	(void)net;
	/* Classic addresses start with 'r' (version byte 0); X-addresses with 'X' (main) or 'T'. */
	if (s[0] == 'X' || s[0] == 'T') {
		rc = xrp_x_parse(s, n, account, &has_tag, &tag, &test);
		if (rc != ADDRESS_OK)
			return rc;
		xrp_classic_encode(account, classic);
		out->kind = ADDRESS_KIND_XRP_X;
		if (has_tag) {
			out->flags |= ADDRESS_FLAG_HAS_TAG;
			out->tag = tag;
		}
		set_payload(out, account, XRP_ACCOUNT_LEN);
		set_normalized(out, classic, strlen(classic));
		if (test) {
			out->flags |= ADDRESS_FLAG_TEST_ONLY;
			out->chain = ADDRESS_CHAIN_TEST;
			return ADDRESS_TESTNET;
		}
		return ADDRESS_OK;
	}
	rc = xrp_classic_decode(s, n, account);
	if (rc != ADDRESS_OK)
		return rc;
	out->kind = ADDRESS_KIND_XRP_CLASSIC;
	set_payload(out, account, XRP_ACCOUNT_LEN);
	set_normalized(out, s, n);
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ TON */

#define TON_ARMORED_LEN  48
#define TON_RAW_BYTES    36
#define TON_TAG_BOUNCE   0x11
#define TON_TAG_NOBOUNCE 0x51
#define TON_TAG_TESTNET  0x80

uint16_t address_crc16_xmodem(const uint8_t *data, size_t len)
{
	uint16_t crc = 0;

	for (size_t i = 0; i < len; i++) {
		crc ^= (uint16_t)(data[i] << 8);
		for (int b = 0; b < 8; b++)
			crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
	}
	return crc;
}

static int b64_val(unsigned char c, bool *url, bool *std)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-' || c == '_') {
		*url = true;
		return c == '-' ? 62 : 63;
	}
	if (c == '+' || c == '/') {
		*std = true;
		return c == '+' ? 62 : 63;
	}
	return -1;
}

enum address_rc address_ton_unarmor(const char *text, size_t len, uint8_t out[36])
{
	bool url = false, std = false;
	uint16_t crc;

	if (text == NULL || len == 0)
		return ADDRESS_EMPTY;
	for (size_t i = 0; i < len; i++)
		if (b64_val((unsigned char)text[i], &url, &std) < 0)
			return ADDRESS_BAD_CHAR;
	/* One alphabet or the other: "+" and "-" together is no base64 at all. */
	if (url && std)
		return ADDRESS_BAD_CHAR;
	if (len != TON_ARMORED_LEN)
		return ADDRESS_BAD_LENGTH;
	for (size_t i = 0; i < TON_ARMORED_LEN; i += 4) {
		uint32_t v = 0;
		for (size_t k = 0; k < 4; k++)
			v = v << 6 | (uint32_t)b64_val((unsigned char)text[i + k], &url, &std);
		out[i / 4 * 3] = (uint8_t)(v >> 16);
		out[i / 4 * 3 + 1] = (uint8_t)(v >> 8);
		out[i / 4 * 3 + 2] = (uint8_t)v;
	}
	crc = address_crc16_xmodem(out, 34);
	if (out[34] != (uint8_t)(crc >> 8) || out[35] != (uint8_t)crc)
		return ADDRESS_BAD_CHECKSUM;
	return ADDRESS_OK;
}

enum address_rc address_ton_format(int workchain, const uint8_t hash[32], bool bounceable,
                                   bool testnet_only, bool url_safe, char out[49])
{
	const char *alphabet =
	    url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint8_t b[TON_RAW_BYTES];
	uint16_t crc;

	out[0] = '\0';
	if (workchain != 0 && workchain != -1)
		return ADDRESS_BAD_WORKCHAIN;
	b[0] = (uint8_t)((bounceable ? TON_TAG_BOUNCE : TON_TAG_NOBOUNCE) |
	                 (testnet_only ? TON_TAG_TESTNET : 0));
	b[1] = (uint8_t)(int8_t)workchain;
	memcpy(b + 2, hash, 32);
	crc = address_crc16_xmodem(b, 34);
	b[34] = (uint8_t)(crc >> 8);
	b[35] = (uint8_t)crc;
	for (size_t i = 0; i < TON_RAW_BYTES; i += 3) {
		uint32_t v = (uint32_t)b[i] << 16 | (uint32_t)b[i + 1] << 8 | b[i + 2];
		for (size_t k = 0; k < 4; k++)
			out[i / 3 * 4 + k] = alphabet[(v >> (18 - 6 * k)) & 63];
	}
	out[TON_ARMORED_LEN] = '\0';
	return ADDRESS_OK;
}

/* An optionally negative run of decimal digits: a workchain number, if not one that exists. */
static bool is_integer(const char *s, size_t n)
{
	size_t i = n > 0 && s[0] == '-' ? 1 : 0;

	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void ton_set_raw(struct address_result *out, int workchain, const uint8_t hash[32])
{
	char raw[3 + 64];
	size_t k = 0;

	if (workchain < 0)
		raw[k++] = '-';
	raw[k++] = workchain < 0 ? '1' : '0';
	raw[k++] = ':';
	hex_lower(hash, 32, raw + k);
	out->workchain = workchain;
	set_payload(out, hash, 32);
	set_normalized(out, raw, k + 64);
}

enum address_rc address_parse_ton(enum address_network net, const char *s, size_t n,
                                  struct address_result *out)
{
	const char *colon = memchr(s, ':', n);
	uint8_t b[TON_RAW_BYTES];
	enum address_rc rc;
	int wc;

	(void)net;
	if (colon != NULL) {
		/* Raw form: workchain as a decimal integer, ':', 64 hex (TEP-2 allows A-F). */
		size_t wlen = (size_t)(colon - s), hlen = n - wlen - 1;
		if (wlen == 1 && s[0] == '0')
			wc = 0;
		else if (wlen == 2 && s[0] == '-' && s[1] == '1')
			wc = -1;
		else if (is_integer(s, wlen))
			return ADDRESS_BAD_WORKCHAIN;
		else
			return ADDRESS_BAD_PREFIX;
		if (!all_hex(colon + 1, hlen))
			return ADDRESS_BAD_CHAR;
		if (hlen != 64)
			return ADDRESS_BAD_LENGTH;
		hex_decode(colon + 1, 32, b);
		out->kind = ADDRESS_KIND_TON_RAW;
		ton_set_raw(out, wc, b);
		return ADDRESS_OK;
	}
	rc = address_ton_unarmor(s, n, b);
	if (rc != ADDRESS_OK)
		return rc;
	if ((b[0] & ~TON_TAG_TESTNET) != TON_TAG_BOUNCE &&
	    (b[0] & ~TON_TAG_TESTNET) != TON_TAG_NOBOUNCE)
		return ADDRESS_BAD_VERSION;
	wc = (int8_t)b[1];
	if (wc != 0 && wc != -1)
		return ADDRESS_BAD_WORKCHAIN;
	out->kind = ADDRESS_KIND_TON_FRIENDLY;
	if ((b[0] & ~TON_TAG_TESTNET) == TON_TAG_BOUNCE)
		out->flags |= ADDRESS_FLAG_BOUNCEABLE;
	if (memchr(s, '-', n) != NULL || memchr(s, '_', n) != NULL)
		out->flags |= ADDRESS_FLAG_URL_SAFE;
	ton_set_raw(out, wc, b + 2);
	if (b[0] & TON_TAG_TESTNET) {
		out->flags |= ADDRESS_FLAG_TEST_ONLY;
		out->chain = ADDRESS_CHAIN_TEST;
		return ADDRESS_TESTNET;
	}
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ Cosmos */

enum address_rc address_parse_cosmos(enum address_network net, const char *s, size_t n,
                                     struct address_result *out)
{
	char hrp[BECH32_MAX_HRP + 1];
	uint8_t data[BECH32_MAX_DATA], bytes[ADDRESS_PAYLOAD_MAX];
	size_t data_len, len;
	enum bech32_encoding enc;
	enum address_rc rc;

	(void)net;
	rc = from_bech32(bech32_decode(s, n, hrp, data, &data_len, &enc));
	if (rc != ADDRESS_OK)
		return rc;
	/* cosmosvaloper..., cosmosvalcons...: operator and consensus keys, not accounts. */
	if (strcmp(hrp, "cosmos") != 0)
		return ADDRESS_BAD_HRP;
	if (enc != BECH32_BECH32)
		return ADDRESS_WRONG_VARIANT;
	if (!bech32_convert_bits(bytes, &len, sizeof bytes, 8, data, data_len, 5, false))
		return data_len * 5 / 8 > sizeof bytes ? ADDRESS_BAD_LENGTH : ADDRESS_BAD_PADDING;
	/* 20 bytes: a key's account; 32 bytes: module and interchain accounts (ADR-028). */
	if (len != 20 && len != 32)
		return ADDRESS_BAD_LENGTH;
	out->kind = ADDRESS_KIND_COSMOS;
	if (has_upper(s, n))
		out->flags |= ADDRESS_FLAG_UPPERCASE;
	set_payload(out, bytes, len);
	set_normalized_lower(out, s, n);
	return ADDRESS_OK;
}
