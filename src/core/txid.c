/* txid.c — see txid.h. One row per network says which of four shapes its hashes take; the
 * checks run from the most common paste mistakes (a URL, a stray "0x") to the format itself. */
#include "core/txid.h"

#include <string.h>

#include "core/base58.h"
#include "util/utf8.h"

#define HEX_HASH_LEN   64 /* 32 bytes */
#define TON_B64_LEN    44 /* base64 of 32 bytes with its one '=' */
#define SOL_SIG_BYTES  64
#define SOL_SIG_MAXLEN 88 /* base58 of 64 bytes is at most 88 characters */

enum txid_shape {
	SHAPE_HEX,        /* 64 hex */
	SHAPE_HEX_0X,     /* 0x + 64 hex */
	SHAPE_HEX_OR_B64, /* 64 hex, or base64 of the 32 bytes */
	SHAPE_BASE58_SIG, /* base58 of 64 bytes */
};

struct txid_net {
	enum txid_shape shape;
	bool upper; /* normalised hex in upper case */
};

static const struct txid_net txid_nets[ADDRESS_NET_COUNT] = {
    [ADDRESS_NET_BTC] = {SHAPE_HEX, false},
    [ADDRESS_NET_ETH] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_BSC] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_POLYGON] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_ARBITRUM] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_OPTIMISM] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_BASE] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_AVAXC] = {SHAPE_HEX_0X, false},
    [ADDRESS_NET_TRON] = {SHAPE_HEX, false},
    [ADDRESS_NET_SOLANA] = {SHAPE_BASE58_SIG, false},
    [ADDRESS_NET_XRP] = {SHAPE_HEX, true},
    [ADDRESS_NET_LTC] = {SHAPE_HEX, false},
    [ADDRESS_NET_DOGE] = {SHAPE_HEX, false},
    [ADDRESS_NET_TON] = {SHAPE_HEX_OR_B64, false},
    [ADDRESS_NET_ATOM] = {SHAPE_HEX, true},
};

struct rc_info {
	const char *code, *text;
};

static const struct rc_info rc_infos[] = {
    [TXID_OK] = {"ok", "valid transaction id"},
    [TXID_EMPTY] = {"empty", "no transaction id given"},
    [TXID_TOO_LONG] = {"too_long", "far too long for a transaction id"},
    [TXID_BAD_UTF8] = {"bad_utf8", "not valid text (invalid UTF-8)"},
    [TXID_NON_ASCII] = {"non_ascii", "contains non-Latin, full-width or invisible characters"},
    [TXID_INNER_SPACE] = {"inner_space", "contains spaces or control characters"},
    [TXID_URL] = {"url", "a link: paste only the transaction id (hash) from the explorer"},
    [TXID_BAD_PREFIX] = {"bad_prefix", "missing or extra 0x for this network"},
    [TXID_BAD_CHAR] = {"bad_char", "contains a character transaction ids never use"},
    [TXID_BAD_LENGTH] = {"bad_length", "wrong length for this network's transaction ids"},
    [TXID_UNKNOWN_NETWORK] = {"unknown_network", "unknown network"},
};

const char *txid_strerror(enum txid_rc rc)
{
	if ((unsigned)rc >= sizeof rc_infos / sizeof rc_infos[0])
		return "unknown transaction id error";
	return rc_infos[rc].text;
}

const char *txid_rc_code(enum txid_rc rc)
{
	if ((unsigned)rc >= sizeof rc_infos / sizeof rc_infos[0])
		return "unknown";
	return rc_infos[rc].code;
}

static int hex_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (hex_val((unsigned char)s[i]) < 0)
			return false;
	return true;
}

static void set_hex(struct txid_result *out, const uint8_t *b, size_t n, bool prefix, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t k = 0;

	if (prefix) {
		out->normalized[k++] = '0';
		out->normalized[k++] = 'x';
	}
	for (size_t i = 0; i < n; i++) {
		out->normalized[k++] = digits[b[i] >> 4];
		out->normalized[k++] = digits[b[i] & 15];
	}
	out->normalized[k] = '\0';
	out->normalized_len = k;
	memcpy(out->hash, b, n);
	out->hash_len = n;
}

static enum txid_rc check_hex(const char *s, size_t n, bool want_0x, bool upper,
                              struct txid_result *out)
{
	bool has_0x = n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	bool upper_x = has_0x && s[1] == 'X';
	uint8_t b[HEX_HASH_LEN / 2];

	if (has_0x) {
		s += 2;
		n -= 2;
	}
	if (!all_hex(s, n))
		return TXID_BAD_CHAR;
	if (n != HEX_HASH_LEN)
		return TXID_BAD_LENGTH;
	/* Judged after the hash itself, so "0x" + 64 hex on Bitcoin says "no 0x here" and not
	 * "wrong length"; "0X" is not how any EVM tool writes it. */
	if (has_0x != want_0x || upper_x)
		return TXID_BAD_PREFIX;
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(hex_val((unsigned char)s[2 * i]) << 4 |
		                 hex_val((unsigned char)s[2 * i + 1]));
	set_hex(out, b, sizeof b, want_0x, upper);
	return TXID_OK;
}

static int b64_val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

/* TON explorers and toncenter show the 32-byte hash as base64 (standard or url-safe), 43
 * characters and one '=' (some tools drop the '='). The two padding bits must be zero, so each
 * hash has exactly one spelling per alphabet. */
static enum txid_rc check_ton_b64(const char *s, size_t n, struct txid_result *out)
{
	uint8_t b[32];
	bool url = false, std = false;
	uint32_t acc = 0;
	int bits = 0;
	size_t k = 0;

	if (n == TON_B64_LEN && s[n - 1] == '=')
		n--;
	for (size_t i = 0; i < n; i++) {
		if (b64_val((unsigned char)s[i]) < 0)
			return TXID_BAD_CHAR;
		url |= s[i] == '-' || s[i] == '_';
		std |= s[i] == '+' || s[i] == '/';
	}
	if (url && std)
		return TXID_BAD_CHAR;
	if (n != TON_B64_LEN - 1)
		return TXID_BAD_LENGTH;
	for (size_t i = 0; i < n; i++) {
		acc = (acc << 6 | (uint32_t)b64_val((unsigned char)s[i])) & 0xfff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b[k++] = (uint8_t)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return TXID_BAD_CHAR;
	out->flags |= TXID_FLAG_BASE64;
	set_hex(out, b, sizeof b, false, false);
	return TXID_OK;
}

static enum txid_rc check_solana(const char *s, size_t n, struct txid_result *out)
{
	uint8_t b[BASE58_MAX_BYTES];
	size_t len;
	enum base58_rc rc;

	rc = base58_decode(BASE58_BITCOIN, s, n, b, sizeof b, &len);
	if (rc == BASE58_BAD_CHAR)
		return TXID_BAD_CHAR;
	/* Any length that decodes to 64 bytes: 87 or 88 characters almost always, but a signature
	 * whose first bytes are small is shorter (about 1 in 300 is 86 characters). */
	if (rc != BASE58_OK || n > SOL_SIG_MAXLEN || len != SOL_SIG_BYTES)
		return TXID_BAD_LENGTH;
	memcpy(out->normalized, s, n);
	out->normalized[n] = '\0';
	out->normalized_len = n;
	memcpy(out->hash, b, SOL_SIG_BYTES);
	out->hash_len = SOL_SIG_BYTES;
	return TXID_OK;
}

static enum txid_rc clean_input(const char *text, size_t len, const char **s, size_t *n,
                                unsigned *flags)
{
	size_t m = text == NULL ? 0 : len;
	const char *p = address_trim(text, &m);

	if (m != len)
		*flags |= TXID_FLAG_TRIMMED;
	*s = p;
	*n = m;
	if (m == 0)
		return TXID_EMPTY;
	if (!utf8_valid(p, m, true))
		return TXID_BAD_UTF8;
	/* A scheme, or a path with a host ("tronscan.org/#/transaction/..."): base64 has '/' but
	 * never '.'. Judged before the length, since links are long. */
	if (memmem(p, m, "://", 3) != NULL ||
	    (memchr(p, '/', m) != NULL && memchr(p, '.', m) != NULL))
		return TXID_URL;
	if (m > TXID_TEXT_MAX)
		return TXID_TOO_LONG;
	for (size_t i = 0; i < m; i++)
		if ((unsigned char)p[i] >= 0x80)
			return TXID_NON_ASCII;
	for (size_t i = 0; i < m; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] == 0x7f)
			return TXID_INNER_SPACE;
	return TXID_OK;
}

enum txid_rc txid_check(enum address_network net, const char *text, size_t len,
                        struct txid_result *out)
{
	const char *s;
	size_t n;
	enum txid_rc rc;

	memset(out, 0, sizeof *out);
	out->net = net;
	if ((unsigned)net >= ADDRESS_NET_COUNT) {
		rc = TXID_UNKNOWN_NETWORK;
		goto out;
	}
	rc = clean_input(text, len, &s, &n, &out->flags);
	if (rc != TXID_OK)
		goto out;
	switch (txid_nets[net].shape) {
	case SHAPE_HEX:
		rc = check_hex(s, n, false, txid_nets[net].upper, out);
		break;
	case SHAPE_HEX_0X:
		rc = check_hex(s, n, true, false, out);
		break;
	case SHAPE_HEX_OR_B64:
		/* Anything hex-like is judged as hex, so a short hash reads "wrong length". */
		if (all_hex(s, n) || (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
			rc = check_hex(s, n, false, false, out);
		else
			rc = check_ton_b64(s, n, out);
		break;
	case SHAPE_BASE58_SIG:
		rc = check_solana(s, n, out);
		break;
	}
out:
	out->rc = rc;
	if (rc != TXID_OK) {
		out->normalized[0] = '\0';
		out->normalized_len = 0;
		out->hash_len = 0;
	}
	return rc;
}

uint32_t txid_networks_for(const char *text, size_t len)
{
	struct txid_result r;
	uint32_t bits = 0;

	for (int i = 0; i < ADDRESS_NET_COUNT; i++)
		if (txid_check((enum address_network)i, text, len, &r) == TXID_OK)
			bits |= ADDRESS_NET_BIT(i);
	return bits;
}
