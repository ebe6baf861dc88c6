/* test_address.c — the address codecs and validators against the official vectors in
 * tests/data/crypto-vectors/ (a copy of ../shared/data/crypto-vectors; README.md there says what
 * each list means, SOURCE.md where it comes from). One test per list, named with the number of
 * cases in the file; each drives every case and then asserts it drove exactly that many, and
 * that there was at least one, so a missing, empty or misread file fails instead of passing
 * over nothing. A failure names the case.
 *
 * Strings may hold the raw bytes 0x20, 0x7f, 0x80, 0xff, escaped as \u0080 etc.: they are turned
 * back into single bytes (Latin-1) before they reach the decoders, as the README asks. */
#include "core/address.h"
#include "core/base58.h"
#include "core/bech32.h"
#include "unit_main.h"

#include <jansson.h>
#include <strings.h>
#include <stdbool.h>
#include <stdint.h>

#define VECTORS  "tests/data/crypto-vectors"
#define TEXT_MAX 512

/* ------------------------------------------------------------------ loading */

struct vfile {
	const char *name;
	json_t *root;
	bool tried;
};

static struct vfile files[] = {
    {"bech32.json"},
    {"bitcoin_key_io.json"},
    {"base58_encode_decode.json"},
    {"eip55.json"},
    {"xrp.json"},
    {"ton.json"},
    {"tron.json"},
    {"solana.json"},
};

static json_t *vector_list(const char *file, const char *key)
{
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct vfile *f = &files[i];
		if (strcmp(f->name, file) != 0)
			continue;
		if (!f->tried) {
			char path[256];
			json_error_t err;
			snprintf(path, sizeof path, "%s/%s", VECTORS, file);
			f->root = json_load_file(path, 0, &err);
			f->tried = true;
			if (f->root == NULL)
				fprintf(stderr, "%s: %s (line %d)\n", path, err.text, err.line);
		}
		return f->root == NULL ? NULL : json_object_get(f->root, key);
	}
	return NULL;
}

/* A JSON string as the bytes the vectors mean: code points up to U+00FF become one byte each,
 * anything above stays UTF-8. Returns the length; the buffer is NUL-terminated. */
static size_t bytes_of(json_t *v, char out[TEXT_MAX])
{
	const unsigned char *s = (const unsigned char *)json_string_value(v);
	size_t n = 0, len = json_string_length(v);

	ck_assert_msg(s != NULL, "expected a string in the vector file");
	for (size_t i = 0; i < len && n + 4 < TEXT_MAX; i++) {
		if ((s[i] == 0xc2 || s[i] == 0xc3) && i + 1 < len) {
			out[n++] = (char)(((s[i] & 0x03) << 6) | (s[i + 1] & 0x3f));
			i++;
		} else {
			out[n++] = (char)s[i];
		}
	}
	out[n] = '\0';
	return n;
}

static const char *str(json_t *c, const char *key)
{
	json_t *v = json_object_get(c, key);
	ck_assert_msg(json_is_string(v), "case without string field \"%s\"", key);
	return json_string_value(v);
}

static bool truth(json_t *c, const char *key)
{
	json_t *v = json_object_get(c, key);
	ck_assert_msg(json_is_boolean(v), "case without boolean field \"%s\"", key);
	return json_is_true(v);
}

static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = strlen(hex) / 2;

	ck_assert_msg(n <= cap && strlen(hex) % 2 == 0, "bad hex in vector: %s", hex);
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		ck_assert_msg(sscanf(hex + 2 * i, "%2x", &v) == 1, "bad hex in vector: %s", hex);
		out[i] = (uint8_t)v;
	}
	return n;
}

static void tohex(const uint8_t *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
	out[2 * n] = '\0';
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static bool hex_equal_ci(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* ------------------------------------------------------------------ bech32.json */

static void bech32_valid(json_t *c, enum bech32_encoding want)
{
	char s[TEXT_MAX], hrp[BECH32_MAX_HRP + 1], again[BECH32_MAX_LEN + 1];
	uint8_t data[BECH32_MAX_DATA];
	size_t n = bytes_of(json_object_get(c, "string"), s), dlen, alen;
	enum bech32_encoding enc;
	enum bech32_rc rc = bech32_decode(s, n, hrp, data, &dlen, &enc);

	ck_assert_msg(rc == BECH32_OK, "%s: %s", s, bech32_strerror(rc));
	ck_assert_msg(enc == want, "%s: decoded with the other variant", s);
	rc = bech32_encode(hrp, data, dlen, enc, again, sizeof again, &alen);
	lower_ascii(s);
	ck_assert_msg(rc == BECH32_OK && strcmp(again, s) == 0, "%s: re-encodes to %s", s, again);
}

static void bech32_invalid(json_t *c, enum bech32_encoding variant)
{
	char s[TEXT_MAX], hrp[BECH32_MAX_HRP + 1];
	uint8_t data[BECH32_MAX_DATA];
	size_t n = bytes_of(json_object_get(c, "string"), s), dlen;
	enum bech32_encoding enc;
	enum bech32_rc rc = bech32_decode(s, n, hrp, data, &dlen, &enc);

	ck_assert_msg(rc != BECH32_OK || enc != variant, "%s: accepted", s);
}

static void drive_valid_bech32(json_t *c)
{
	bech32_valid(c, BECH32_BECH32);
}

static void drive_valid_bech32m(json_t *c)
{
	bech32_valid(c, BECH32_BECH32M);
}

static void drive_invalid_bech32(json_t *c)
{
	bech32_invalid(c, BECH32_BECH32);
}

static void drive_invalid_bech32m(json_t *c)
{
	bech32_invalid(c, BECH32_BECH32M);
}

static void drive_valid_address(json_t *c)
{
	char s[TEXT_MAX], again[BECH32_MAX_LEN + 1], got[2 * ADDRESS_SCRIPT_MAX + 1];
	const char *hrp = str(c, "hrp"), *want = str(c, "scriptpubkey_hex");
	uint8_t prog[SEGWIT_MAX_PROGRAM], script[ADDRESS_SCRIPT_MAX];
	size_t n = bytes_of(json_object_get(c, "address"), s), plen, k = 0, alen;
	int version;
	enum bech32_rc rc = segwit_decode(hrp, s, n, &version, prog, &plen);
	struct address_result r;

	ck_assert_msg(rc == BECH32_OK, "%s: %s", s, bech32_strerror(rc));
	script[k++] = version == 0 ? 0 : (uint8_t)(0x50 + version);
	script[k++] = (uint8_t)plen;
	memcpy(script + k, prog, plen);
	tohex(script, k + plen, got);
	ck_assert_msg(hex_equal_ci(got, want), "%s: script %s, want %s", s, got, want);
	rc = segwit_encode(hrp, version, prog, plen, again, sizeof again, &alen);
	lower_ascii(s);
	ck_assert_msg(rc == BECH32_OK && strcmp(again, s) == 0, "%s: re-encodes to %s", s, again);

	/* The same through the Bitcoin validator, and its script builder. */
	ck_assert_msg(
	    address_utxo_decode(ADDRESS_NET_BTC,
	                        strcmp(hrp, "bc") == 0 ? ADDRESS_CHAIN_MAIN : ADDRESS_CHAIN_TEST, s,
	                        n, &r) == ADDRESS_OK,
	    "%s: address_utxo_decode: %s", s, address_strerror(r.rc));
	k = address_utxo_script(&r, script);
	tohex(script, k, got);
	ck_assert_msg(hex_equal_ci(got, want), "%s: address script %s, want %s", s, got, want);
}

static void drive_invalid_address(json_t *c)
{
	char s[TEXT_MAX];
	uint8_t prog[SEGWIT_MAX_PROGRAM];
	size_t n = bytes_of(json_object_get(c, "address"), s), plen;
	int version;
	struct address_result r;

	ck_assert_msg(segwit_decode("bc", s, n, &version, prog, &plen) != BECH32_OK,
	              "%s: accepted for bc", s);
	ck_assert_msg(segwit_decode("tb", s, n, &version, prog, &plen) != BECH32_OK,
	              "%s: accepted for tb", s);
	for (int ch = ADDRESS_CHAIN_MAIN; ch <= ADDRESS_CHAIN_REGTEST; ch++)
		ck_assert_msg(address_utxo_decode(ADDRESS_NET_BTC, (enum address_chain)ch, s, n,
		                                  &r) != ADDRESS_OK,
		              "%s: accepted as a Bitcoin address on chain %d", s, ch);
}

/* ------------------------------------------------------------------ bitcoin_key_io.json */

static enum address_chain chain_named(const char *name)
{
	if (strcmp(name, "main") == 0)
		return ADDRESS_CHAIN_MAIN;
	if (strcmp(name, "regtest") == 0)
		return ADDRESS_CHAIN_REGTEST;
	/* testnet4 and signet share testnet3's parameters in Bitcoin Core. */
	ck_assert_msg(strcmp(name, "testnet4") == 0 || strcmp(name, "signet") == 0 ||
	                  strcmp(name, "test") == 0,
	              "unknown chain %s", name);
	return ADDRESS_CHAIN_TEST;
}

static void flip_case(char *s)
{
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
		else if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
	}
}

static void drive_key_io(json_t *c)
{
	char s[TEXT_MAX], got[2 * ADDRESS_SCRIPT_MAX + 1];
	uint8_t script[ADDRESS_SCRIPT_MAX];
	size_t n = bytes_of(json_object_get(c, "string"), s), k;
	struct address_result r;
	enum address_chain chain;
	enum address_rc rc;

	if (!truth(c, "valid")) {
		for (int ch = ADDRESS_CHAIN_MAIN; ch <= ADDRESS_CHAIN_REGTEST; ch++) {
			rc = address_utxo_decode(ADDRESS_NET_BTC, (enum address_chain)ch, s, n, &r);
			ck_assert_msg(rc != ADDRESS_OK, "'%s': accepted on chain %d", s, ch);
		}
		rc = address_check(ADDRESS_NET_BTC, s, n, NULL, 0, &r);
		ck_assert_msg(rc != ADDRESS_OK && rc != ADDRESS_TESTNET,
		              "'%s': address_check says %s", s, address_rc_code(rc));
		return;
	}
	chain = chain_named(str(c, "chain"));
	rc = address_utxo_decode(ADDRESS_NET_BTC, chain, s, n, &r);
	ck_assert_msg(rc == ADDRESS_OK, "%s: %s", s, address_strerror(rc));
	k = address_utxo_script(&r, script);
	tohex(script, k, got);
	ck_assert_msg(hex_equal_ci(got, str(c, "scriptpubkey_hex")), "%s: script %s, want %s", s,
	              got, str(c, "scriptpubkey_hex"));
	/* Main and the test chains never accept each other's addresses. */
	if (chain == ADDRESS_CHAIN_MAIN) {
		ck_assert_msg(address_utxo_decode(ADDRESS_NET_BTC, ADDRESS_CHAIN_TEST, s, n, &r) !=
		                  ADDRESS_OK,
		              "%s: mainnet address accepted on testnet", s);
		ck_assert_msg(address_check(ADDRESS_NET_BTC, s, n, NULL, 0, &r) == ADDRESS_OK,
		              "%s: address_check says %s", s, address_rc_code(r.rc));
	} else {
		ck_assert_msg(address_utxo_decode(ADDRESS_NET_BTC, ADDRESS_CHAIN_MAIN, s, n, &r) !=
		                  ADDRESS_OK,
		              "%s: test-chain address accepted on mainnet", s);
		ck_assert_msg(address_check(ADDRESS_NET_BTC, s, n, NULL, 0, &r) == ADDRESS_TESTNET,
		              "%s: address_check says %s, want testnet", s, address_rc_code(r.rc));
	}
	flip_case(s);
	rc = address_utxo_decode(ADDRESS_NET_BTC, chain, s, n, &r);
	if (truth(c, "try_case_flip")) {
		ck_assert_msg(rc == ADDRESS_OK, "%s (case flipped): %s", s, address_strerror(rc));
		k = address_utxo_script(&r, script);
		tohex(script, k, got);
		ck_assert_msg(hex_equal_ci(got, str(c, "scriptpubkey_hex")),
		              "%s (case flipped): script %s", s, got);
	} else {
		ck_assert_msg(rc != ADDRESS_OK, "%s (case flipped): accepted", s);
	}
}

/* ------------------------------------------------------------------ base58_encode_decode.json */

static void drive_base58(json_t *c)
{
	const char *hex = str(c, "hex"), *b58 = str(c, "base58");
	uint8_t bytes[BASE58_MAX_BYTES], back[BASE58_MAX_BYTES];
	char text[BASE58_MAX_TEXT + 1];
	size_t n = unhex(hex, bytes, sizeof bytes), tlen, blen;
	enum base58_rc rc = base58_encode(BASE58_BITCOIN, bytes, n, text, sizeof text, &tlen);

	ck_assert_msg(rc == BASE58_OK && strcmp(text, b58) == 0, "encode %s: %s, want %s", hex,
	              text, b58);
	rc = base58_decode(BASE58_BITCOIN, b58, strlen(b58), back, sizeof back, &blen);
	ck_assert_msg(rc == BASE58_OK && blen == n && memcmp(back, bytes, n) == 0,
	              "decode %s: %s (%zu bytes)", b58, base58_strerror(rc), blen);
}

/* ------------------------------------------------------------------ eip55.json */

static void drive_eip55(json_t *c)
{
	const char *a = str(c, "address"), *cat = str(c, "category");
	bool strict = truth(c, "valid_checksum"), lenient = truth(c, "valid_lenient");
	struct address_result r;
	enum address_rc rc;

	ck_assert_msg(address_eip55_valid(a, strlen(a)) == strict, "%s (%s): strict check says %d",
	              a, cat, !strict);
	rc = address_check(ADDRESS_NET_ETH, a, strlen(a), NULL, 0, &r);
	ck_assert_msg((rc == ADDRESS_OK) == lenient, "%s (%s): lenient check says %s", a, cat,
	              address_rc_code(rc));
	if (lenient) {
		char want[43];
		bool mixed = strcmp(cat, "mixed_case") == 0;
		ck_assert_msg(r.payload_len == 20, "%s: payload of %zu bytes", a, r.payload_len);
		address_eip55_format(r.payload, want);
		ck_assert_msg(strcmp(r.normalized, want) == 0, "%s: normalised to %s", a,
		              r.normalized);
		ck_assert_msg(((r.flags & ADDRESS_FLAG_NO_CHECKSUM) != 0) == !mixed,
		              "%s (%s): no-checksum flag %s", a, cat, mixed ? "set" : "missing");
	} else {
		ck_assert_msg(rc == ADDRESS_BAD_CHECKSUM, "%s: refused as %s, want bad_checksum", a,
		              address_rc_code(rc));
	}
	/* The upstream strings are their own checksummed form. */
	if (strcmp(cat, "mixed_case") == 0 || strcmp(cat, "all_caps") == 0 ||
	    strcmp(cat, "all_lower") == 0) {
		uint8_t b[20];
		char want[43];
		unhex(str(c, "lowercase") + 2, b, sizeof b);
		address_eip55_format(b, want);
		ck_assert_msg(strcmp(want, a) == 0, "toChecksumAddress(%s) = %s",
		              str(c, "lowercase"), want);
	}
}

/* ------------------------------------------------------------------ xrp.json */

static void drive_xrp_classic(json_t *c)
{
	const char *a = str(c, "address");
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_XRP, a, strlen(a), "1", 1, &r);
	char got[41];

	if (!truth(c, "valid")) {
		ck_assert_msg(rc != ADDRESS_OK && rc != ADDRESS_TESTNET, "'%s': accepted", a);
		return;
	}
	ck_assert_msg(rc == ADDRESS_OK, "%s: %s", a, address_strerror(rc));
	ck_assert_msg(r.kind == ADDRESS_KIND_XRP_CLASSIC && strcmp(r.normalized, a) == 0,
	              "%s: kind %d, normalised %s", a, r.kind, r.normalized);
	tohex(r.payload, r.payload_len, got);
	ck_assert_msg(hex_equal_ci(got, str(c, "account_id_hex")), "%s: account %s", a, got);
}

static void drive_xrp_x(json_t *c)
{
	const char *x = str(c, "x_address");
	struct address_result r;
	char classic[36], enc[64];
	bool has_tag, test;
	uint32_t tag;
	enum address_rc rc;

	if (!truth(c, "valid")) {
		rc = address_xrp_x_decode(x, strlen(x), classic, &has_tag, &tag, &test);
		ck_assert_msg(rc != ADDRESS_OK, "%s: decoded", x);
		rc = address_check(ADDRESS_NET_XRP, x, strlen(x), NULL, 0, &r);
		ck_assert_msg(rc != ADDRESS_OK && rc != ADDRESS_TESTNET, "%s: accepted", x);
		return;
	}
	{
		const char *want = str(c, "classic_address");
		json_t *jt = json_object_get(c, "tag");
		bool want_tag = json_is_integer(jt), want_test = truth(c, "test");
		json_int_t want_value = want_tag ? json_integer_value(jt) : 0;

		ck_assert_msg(want_tag || json_is_false(jt), "%s: tag neither false nor integer",
		              x);
		/* classicAddressToXAddress */
		rc = address_xrp_x_encode(want, strlen(want), want_tag, (uint64_t)want_value,
		                          want_test, enc, sizeof enc);
		ck_assert_msg(rc == ADDRESS_OK && strcmp(enc, x) == 0,
		              "encode %s tag %lld: %s (%s)", want, (long long)want_value, enc,
		              address_rc_code(rc));
		/* xAddressToClassicAddress */
		rc = address_xrp_x_decode(x, strlen(x), classic, &has_tag, &tag, &test);
		ck_assert_msg(rc == ADDRESS_OK, "%s: %s", x, address_strerror(rc));
		ck_assert_msg(strcmp(classic, want) == 0 && has_tag == want_tag &&
		                  (!want_tag || tag == (uint32_t)want_value) && test == want_test,
		              "%s: decoded to %s tag %d/%u test %d", x, classic, has_tag, tag,
		              test);
		/* And the validator: classic address as the normal form, tag as the memo. */
		rc = address_check(ADDRESS_NET_XRP, x, strlen(x), NULL, 0, &r);
		ck_assert_msg(rc == (want_test ? ADDRESS_TESTNET : ADDRESS_OK), "%s: %s", x,
		              address_rc_code(rc));
		ck_assert_msg(strcmp(r.normalized, want) == 0, "%s: normalised %s", x,
		              r.normalized);
		ck_assert_msg(r.memo_rc == (want_tag ? ADDRESS_MEMO_OK : ADDRESS_MEMO_MISSING),
		              "%s: memo %s", x, address_memo_rc_code(r.memo_rc));
	}
}

static void drive_xrp_encode_error(json_t *c)
{
	const char *classic = str(c, "classic_address");
	json_t *jt = json_object_get(c, "tag");
	char out[64];
	enum address_rc rc =
	    address_xrp_x_encode(classic, strlen(classic), json_is_integer(jt),
	                         json_is_integer(jt) ? (uint64_t)json_integer_value(jt) : 0,
	                         truth(c, "test"), out, sizeof out);

	ck_assert_msg(rc != ADDRESS_OK, "%s: encoded to %s", classic, out);
	ck_assert_msg(out[0] == '\0', "%s: output left behind", classic);
}

/* ------------------------------------------------------------------ ton.json */

static void drive_ton_friendly(json_t *c)
{
	const char *a = str(c, "user_friendly");
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_TON, a, strlen(a), "deposit 1", 9, &r);
	bool bounce, test;
	char out[49];

	if (!truth(c, "valid")) {
		ck_assert_msg(rc != ADDRESS_OK && rc != ADDRESS_TESTNET, "%s: accepted", a);
		return;
	}
	bounce = truth(c, "bounceable");
	test = truth(c, "testnet_only");
	ck_assert_msg(rc == (test ? ADDRESS_TESTNET : ADDRESS_OK), "%s: %s", a,
	              address_rc_code(rc));
	ck_assert_msg(strcmp(r.normalized, str(c, "raw")) == 0, "%s: raw %s", a, r.normalized);
	ck_assert_msg(((r.flags & ADDRESS_FLAG_BOUNCEABLE) != 0) == bounce &&
	                  ((r.flags & ADDRESS_FLAG_TEST_ONLY) != 0) == test,
	              "%s: flags %#x", a, r.flags);
	rc = address_ton_format(r.workchain, r.payload, bounce, test, truth(c, "url_safe"), out);
	ck_assert_msg(rc == ADDRESS_OK && strcmp(out, a) == 0, "format %s: %s", str(c, "raw"), out);
}

static void drive_ton_raw(json_t *c)
{
	const char *a = str(c, "raw");
	char want[80];
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_TON, a, strlen(a), "1", 1, &r);

	ck_assert_msg(truth(c, "valid"), "ton.json raw: an invalid case this test does not know");
	ck_assert_msg(rc == ADDRESS_OK, "%s: %s", a, address_strerror(rc));
	snprintf(want, sizeof want, "%s", a);
	lower_ascii(want);
	ck_assert_msg(strcmp(r.normalized, want) == 0 && r.kind == ADDRESS_KIND_TON_RAW,
	              "%s: normalised %s", a, r.normalized);
}

/* RFC 4648 base32, lower case, no padding: only the ADNL case below needs it. */
static size_t base32_decode(const char *s, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;
	size_t n = 0;

	for (; *s; s++) {
		const char *p = strchr("abcdefghijklmnopqrstuvwxyz234567", *s);
		ck_assert_msg(p != NULL, "base32: bad character %c", *s);
		acc = (acc << 5 | (uint32_t)(p - "abcdefghijklmnopqrstuvwxyz234567")) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			ck_assert(n < cap);
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n;
}

static void drive_ton_armored(json_t *c)
{
	const char *kind = str(c, "kind"), *armored = str(c, "armored");
	uint8_t want[32], b[40];
	char text[64];

	ck_assert_msg(truth(c, "valid"), "%s: an invalid case this test does not know", kind);
	unhex(str(c, "hex"), want, sizeof want);
	if (strcmp(kind, "ed25519_public_key") == 0) {
		enum address_rc rc = address_ton_unarmor(armored, strlen(armored), b);
		ck_assert_msg(rc == ADDRESS_OK, "%s: %s", armored, address_strerror(rc));
		ck_assert_msg(b[0] == 0x3e && b[1] == 0xe6 && memcmp(b + 2, want, 32) == 0,
		              "%s: wrong key bytes", armored);
		return;
	}
	/* ADNL: 'f' + the 55 characters are base32 of 0x2d || address || CRC16-XMODEM. */
	ck_assert_msg(strcmp(kind, "adnl_address") == 0, "unknown armored kind %s", kind);
	snprintf(text, sizeof text, "f%s", armored);
	ck_assert_msg(base32_decode(text, b, sizeof b) == 35, "%s: not 35 bytes", armored);
	ck_assert_msg(b[0] == 0x2d && memcmp(b + 1, want, 32) == 0, "%s: wrong bytes", armored);
	{
		uint16_t crc = address_crc16_xmodem(b, 33);
		ck_assert_msg(b[33] == (crc >> 8) && b[34] == (crc & 0xff), "%s: CRC16 %04x",
		              armored, crc);
	}
}

/* ------------------------------------------------------------------ tron.json, solana.json */

static void drive_tron(json_t *c)
{
	const char *a = str(c, "address");
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_TRON, a, strlen(a), NULL, 0, &r);
	char got[43];
	json_t *evm = json_object_get(c, "evm");

	if (!truth(c, "valid")) {
		ck_assert_msg(rc != ADDRESS_OK, "%s: accepted", a);
		return;
	}
	ck_assert_msg(rc == ADDRESS_OK, "%s: %s", a, address_strerror(rc));
	ck_assert_msg(r.payload_len == 20 && strcmp(r.normalized, a) == 0, "%s: normalised %s", a,
	              r.normalized);
	got[0] = '4';
	got[1] = '1';
	tohex(r.payload, 20, got + 2);
	ck_assert_msg(hex_equal_ci(got, str(c, "hex")), "%s: hex %s", a, got);
	if (json_is_string(evm)) {
		address_eip55_format(r.payload, got);
		ck_assert_msg(strcmp(got, json_string_value(evm)) == 0, "%s: EVM form %s", a, got);
	}
	/* The hex form names the same account and normalises to the same T... text. */
	rc = address_check(ADDRESS_NET_TRON, str(c, "hex"), strlen(str(c, "hex")), NULL, 0, &r);
	ck_assert_msg(
	    rc == ADDRESS_OK && strcmp(r.normalized, a) == 0 && (r.flags & ADDRESS_FLAG_HEX_FORM),
	    "%s: hex form gives %s (%s)", str(c, "hex"), r.normalized, address_rc_code(rc));
}

static void drive_solana(json_t *c)
{
	const char *a = str(c, "address");
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_SOLANA, a, strlen(a), NULL, 0, &r);
	json_t *want = json_object_get(c, "bytes_hex");

	if (!truth(c, "valid")) {
		ck_assert_msg(rc != ADDRESS_OK, "%s: accepted", a);
		return;
	}
	ck_assert_msg(rc == ADDRESS_OK, "%s: %s", a, address_strerror(rc));
	ck_assert_msg(r.payload_len == 32 && strcmp(r.normalized, a) == 0, "%s: normalised %s", a,
	              r.normalized);
	if (json_is_string(want)) {
		char got[65];
		tohex(r.payload, 32, got);
		ck_assert_msg(hex_equal_ci(got, json_string_value(want)), "%s: bytes %s", a, got);
	}
}

/* ------------------------------------------------------------------ the lists */

struct vlist {
	const char *file, *key;
	void (*drive)(json_t *c);
};

static const struct vlist lists[] = {
    {"bech32.json", "valid_bech32", drive_valid_bech32},
    {"bech32.json", "valid_bech32m", drive_valid_bech32m},
    {"bech32.json", "invalid_bech32", drive_invalid_bech32},
    {"bech32.json", "invalid_bech32m", drive_invalid_bech32m},
    {"bech32.json", "valid_address", drive_valid_address},
    {"bech32.json", "invalid_address", drive_invalid_address},
    {"bitcoin_key_io.json", "cases", drive_key_io},
    {"base58_encode_decode.json", "cases", drive_base58},
    {"eip55.json", "cases", drive_eip55},
    {"xrp.json", "classic_addresses", drive_xrp_classic},
    {"xrp.json", "x_addresses", drive_xrp_x},
    {"xrp.json", "x_address_encode_errors", drive_xrp_encode_error},
    {"ton.json", "user_friendly", drive_ton_friendly},
    {"ton.json", "raw", drive_ton_raw},
    {"ton.json", "other_armored", drive_ton_armored},
    {"tron.json", "cases", drive_tron},
    {"solana.json", "cases", drive_solana},
};

START_TEST(vectors)
{
	const struct vlist *v = &lists[_i];
	json_t *arr = vector_list(v->file, v->key), *c;
	size_t n, driven = 0, i;

	ck_assert_msg(json_is_array(arr), "%s/%s: list \"%s\" missing or unreadable", VECTORS,
	              v->file, v->key);
	n = json_array_size(arr);
	ck_assert_msg(n > 0, "%s: list \"%s\" is empty", v->file, v->key);
	json_array_foreach(arr, i, c)
	{
		ck_assert_msg(json_is_object(c), "%s %s[%zu]: not an object", v->file, v->key, i);
		v->drive(c);
		driven++;
	}
	ck_assert_msg(driven == n, "%s %s: drove %zu of %zu cases", v->file, v->key, driven, n);
}
END_TEST

/* Every list of every file is driven: a list added upstream fails here until it is. */
START_TEST(every_list_driven)
{
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
		const char *key;
		json_t *val;
		vector_list(files[f].name, "");
		ck_assert_msg(files[f].root != NULL, "%s unreadable", files[f].name);
		json_object_foreach(files[f].root, key, val)
		{
			bool known = false;
			for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
				known |= strcmp(lists[i].file, files[f].name) == 0 &&
				         strcmp(lists[i].key, key) == 0;
			ck_assert_msg(known || !json_is_array(val), "%s: list \"%s\" is not driven",
			              files[f].name, key);
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("address");
	int rc;

	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		json_t *arr = vector_list(lists[i].file, lists[i].key);
		const char *name =
		    json_is_array(arr)
		        ? unit_name("vectors %s %s: %zu cases", lists[i].file, lists[i].key,
		                    json_array_size(arr))
		        : unit_name("vectors %s %s: unreadable", lists[i].file, lists[i].key);
		unit_add_case(s, name, vectors, (int)i);
	}
	UNIT_TEST(s, every_list_driven);
	rc = unit_run(s, "address");
	for (size_t f = 0; f < sizeof files / sizeof files[0]; f++)
		json_decref(files[f].root);
	return rc;
}
