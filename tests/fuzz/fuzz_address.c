/* fuzz_address.c — fuzz driver for the deposit-recovery validators and the codecs under them
 * (src/core/address.c, txid.c, base58.c, bech32.c, keccak.c), any bytes.
 *
 * Beyond "does not crash":
 *  - address_check on every network answers a known reason; what it accepts has a normal form of
 *    printable ASCII within ADDRESS_NORMAL_MAX that checks again to itself with the same payload,
 *    and address_networks_for lists exactly the networks that accepted the text;
 *  - an accepted TON user-friendly address formats back to the very text (TEP-2 round trip), an
 *    accepted X-address encodes back from its classic address, tag and flag;
 *  - a memo that passes re-checks to itself;
 *  - txid_check: accepted ids re-check to the same hash; txid_networks_for agrees;
 *  - Bech32: a string that decodes re-encodes to the lower-cased input; a segwit address that
 *    decodes (bc, tb, bcrt, ltc, tltc) re-encodes to it; and any 5-bit data encodes and decodes
 *    back under both variants;
 *  - Base58 (both alphabets) and Base58Check: what decodes re-encodes to the input, and any bytes
 *    encode and decode back;
 *  - EIP-55: the checksummed form of any 20 bytes passes the strict check and the validator;
 *  - Keccak-256 gives the same digest twice (it keeps no state).
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_address/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_address.c src/core/address.c src/core/txid.c src/core/base58.c \
 *       src/core/bech32.c src/core/keccak.c src/util/utf8.c \
 *       $(pkg-config --cflags --libs libsodium libutf8proc nettle) -o /tmp/fuzz_address
 *   mkdir -p /tmp/fuzz_address.corpus
 *   /tmp/fuzz_address /tmp/fuzz_address.corpus tests/fuzz/corpus/fuzz_address */
#include "core/address.h"
#include "core/base58.h"
#include "core/bech32.h"
#include "core/keccak.h"
#include "core/txid.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() rather than assert(): the property must hold in release builds too. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static bool printable_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

static void lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

/* ------------------------------------------------------------------ addresses */

static void check_address(enum address_network net, const char *text, size_t size,
                          uint32_t networks)
{
	struct address_result r, again;
	enum address_rc rc = address_check(net, text, size, text, size, &r);

	CHECK(rc == r.rc && rc <= ADDRESS_NO_SPACE && r.net == net);
	CHECK(address_strerror(rc) != NULL && strcmp(address_rc_code(rc), "unknown") != 0);
	CHECK(r.memo_rc <= ADDRESS_MEMO_CONFLICT && r.memo_len <= ADDRESS_MEMO_MAX &&
	      r.memo[r.memo_len] == '\0');
	CHECK(((networks & ADDRESS_NET_BIT(net)) != 0) == (rc == ADDRESS_OK));
	if (rc != ADDRESS_OK && rc != ADDRESS_TESTNET) {
		CHECK(r.normalized_len == 0 && r.payload_len == 0);
		return;
	}
	CHECK(r.normalized_len > 0 && r.normalized_len <= ADDRESS_NORMAL_MAX);
	CHECK(r.normalized[r.normalized_len] == '\0' && strlen(r.normalized) == r.normalized_len);
	CHECK(printable_ascii(r.normalized, r.normalized_len));
	CHECK(r.payload_len > 0 && r.payload_len <= ADDRESS_PAYLOAD_MAX);
	CHECK(r.kind != ADDRESS_KIND_NONE);

	CHECK(address_check(net, r.normalized, r.normalized_len, NULL, 0, &again) == ADDRESS_OK ||
	      again.rc == ADDRESS_TESTNET);
	CHECK(strcmp(again.normalized, r.normalized) == 0);
	CHECK(again.payload_len == r.payload_len &&
	      memcmp(again.payload, r.payload, r.payload_len) == 0);

	if (r.kind == ADDRESS_KIND_TON_FRIENDLY) {
		size_t n = size;
		const char *t = address_trim(text, &n);
		char out[49];
		CHECK(address_ton_format(
		          r.workchain, r.payload, (r.flags & ADDRESS_FLAG_BOUNCEABLE) != 0,
		          (r.flags & ADDRESS_FLAG_TEST_ONLY) != 0,
		          (r.flags & ADDRESS_FLAG_URL_SAFE) != 0, out) == ADDRESS_OK);
		CHECK(n == 48 && memcmp(out, t, 48) == 0);
	}
	if (r.kind == ADDRESS_KIND_XRP_X) {
		size_t n = size;
		const char *t = address_trim(text, &n);
		char out[64];
		CHECK(address_xrp_x_encode(r.normalized, r.normalized_len,
		                           (r.flags & ADDRESS_FLAG_HAS_TAG) != 0, r.tag,
		                           (r.flags & ADDRESS_FLAG_TEST_ONLY) != 0, out,
		                           sizeof out) == ADDRESS_OK);
		CHECK(strlen(out) == n && memcmp(out, t, n) == 0);
	}
	if (r.kind == ADDRESS_KIND_EVM) {
		/* Valid on one EVM chain is valid on all of them. */
		CHECK(address_eip55_valid(r.normalized, r.normalized_len));
		for (int i = 0; i < ADDRESS_NET_COUNT; i++)
			if (address_same_format(net, (enum address_network)i))
				CHECK((networks & ADDRESS_NET_BIT(i)) != 0);
	}
}

static void check_memo(enum address_network net, const char *text, size_t size)
{
	char out[ADDRESS_MEMO_MAX + 1], again[ADDRESS_MEMO_MAX + 1];
	size_t n, m;
	enum address_memo_rc rc = address_memo_check(net, text, size, out, &n);

	CHECK(rc <= ADDRESS_MEMO_CONFLICT && n <= ADDRESS_MEMO_MAX && out[n] == '\0');
	if (rc != ADDRESS_MEMO_OK || n == 0)
		return;
	CHECK(address_memo_check(net, out, n, again, &m) == ADDRESS_MEMO_OK);
	CHECK(m == n && memcmp(again, out, n) == 0);
}

static void check_txid(enum address_network net, const char *text, size_t size, uint32_t networks)
{
	struct txid_result r, again;
	enum txid_rc rc = txid_check(net, text, size, &r);

	CHECK(rc == r.rc && rc <= TXID_UNKNOWN_NETWORK);
	CHECK(((networks & ADDRESS_NET_BIT(net)) != 0) == (rc == TXID_OK));
	if (rc != TXID_OK) {
		CHECK(r.normalized_len == 0 && r.hash_len == 0);
		return;
	}
	CHECK(r.normalized_len <= TXID_NORMAL_MAX && strlen(r.normalized) == r.normalized_len);
	CHECK(printable_ascii(r.normalized, r.normalized_len));
	CHECK(r.hash_len == 32 || r.hash_len == 64);
	CHECK(txid_check(net, r.normalized, r.normalized_len, &again) == TXID_OK);
	CHECK(strcmp(again.normalized, r.normalized) == 0 && again.hash_len == r.hash_len &&
	      memcmp(again.hash, r.hash, r.hash_len) == 0);
}

/* ------------------------------------------------------------------ codecs */

static void check_bech32(const char *text, size_t size)
{
	static const char *const hrps[] = {"bc", "tb", "bcrt", "ltc", "tltc"};
	char hrp[BECH32_MAX_HRP + 1], out[BECH32_MAX_LEN + 1], low[BECH32_MAX_LEN + 1];
	uint8_t d[BECH32_MAX_DATA], prog[SEGWIT_MAX_PROGRAM];
	size_t dlen, n, plen;
	enum bech32_encoding enc;
	int version;

	if (bech32_decode(text, size, hrp, d, &dlen, &enc) == BECH32_OK) {
		CHECK(enc == BECH32_BECH32 || enc == BECH32_BECH32M);
		CHECK(bech32_encode(hrp, d, dlen, enc, out, sizeof out, &n) == BECH32_OK);
		memcpy(low, text, size);
		lower(low, size);
		CHECK(n == size && memcmp(out, low, size) == 0);
	}
	for (size_t i = 0; i < sizeof hrps / sizeof hrps[0]; i++) {
		if (segwit_decode(hrps[i], text, size, &version, prog, &plen) != BECH32_OK)
			continue;
		CHECK(version >= 0 && version <= 16 && plen >= 2 && plen <= 40);
		CHECK(segwit_encode(hrps[i], version, prog, plen, out, sizeof out, &n) ==
		      BECH32_OK);
		memcpy(low, text, size);
		lower(low, size);
		CHECK(n == size && memcmp(out, low, size) == 0);
	}
	/* Any data, as 5-bit groups under a short hrp, round-trips under both variants. */
	dlen = size < 60 ? size : 60;
	for (size_t i = 0; i < dlen; i++)
		d[i] = (uint8_t)(text[i] & 31);
	for (int v = BECH32_BECH32; v <= BECH32_BECH32M; v++) {
		uint8_t back[BECH32_MAX_DATA];
		size_t blen;
		CHECK(bech32_encode("fz", d, dlen, (enum bech32_encoding)v, out, sizeof out, &n) ==
		      BECH32_OK);
		CHECK(bech32_decode(out, n, hrp, back, &blen, &enc) == BECH32_OK);
		CHECK(enc == (enum bech32_encoding)v && blen == dlen &&
		      memcmp(back, d, dlen) == 0 && strcmp(hrp, "fz") == 0);
	}
}

static void check_base58(const uint8_t *data, size_t size)
{
	static uint8_t bytes[BASE58_MAX_BYTES], back[BASE58_MAX_BYTES];
	static char text[BASE58_MAX_TEXT + 1];

	for (int a = BASE58_BITCOIN; a <= BASE58_RIPPLE; a++) {
		enum base58_alphabet al = (enum base58_alphabet)a;
		size_t n, m, k = size < BASE58_MAX_BYTES ? size : BASE58_MAX_BYTES;

		if (base58_decode(al, (const char *)data, size, bytes, sizeof bytes, &n) ==
		    BASE58_OK) {
			CHECK(base58_encode(al, bytes, n, text, sizeof text, &m) == BASE58_OK);
			CHECK(m == size && memcmp(text, data, size) == 0);
		}
		if (base58check_decode(al, (const char *)data, size, bytes, sizeof bytes, &n) ==
		    BASE58_OK) {
			CHECK(base58check_encode(al, bytes, n, text, sizeof text, &m) == BASE58_OK);
			CHECK(m == size && memcmp(text, data, size) == 0);
		}
		CHECK(base58_encode(al, data, k, text, sizeof text, &m) == BASE58_OK);
		CHECK(m <= BASE58_MAX_TEXT && strlen(text) == m);
		CHECK(base58_decode(al, text, m, back, sizeof back, &n) == BASE58_OK);
		CHECK(n == k && (k == 0 || memcmp(back, data, k) == 0));
	}
}

static void check_hashes(const uint8_t *data, size_t size)
{
	uint8_t h1[KECCAK256_DIGEST_SIZE], h2[KECCAK256_DIGEST_SIZE];
	struct address_result r;
	char sum[43];

	keccak256(data, size, h1);
	keccak256(data, size, h2);
	CHECK(memcmp(h1, h2, sizeof h1) == 0);
	if (size < 20)
		return;
	address_eip55_format(data, sum);
	CHECK(address_eip55_valid(sum, 42));
	CHECK(address_check(ADDRESS_NET_ETH, sum, 42, NULL, 0, &r) == ADDRESS_OK);
	CHECK(r.payload_len == 20 && memcmp(r.payload, data, 20) == 0);
	CHECK(strcmp(r.normalized, sum) == 0);
}

/* ------------------------------------------------------------------ entry */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	uint32_t nets = address_networks_for(text, size);
	uint32_t txids = txid_networks_for(text, size);
	enum address_network parsed;

	for (int i = 0; i < ADDRESS_NET_COUNT; i++) {
		check_address((enum address_network)i, text, size, nets);
		check_memo((enum address_network)i, text, size);
		check_txid((enum address_network)i, text, size, txids);
	}
	if (address_network_parse(text, size, &parsed))
		CHECK((unsigned)parsed < ADDRESS_NET_COUNT);
	if (size <= BECH32_MAX_LEN)
		check_bech32(text, size);
	check_base58(data, size);
	check_hashes(data, size);
	return 0;
}
