/* bech32.c — see bech32.h. Follows the BIP-173 / BIP-350 reference code's structure: the BCH
 * checksum is a polynomial remainder computed one 5-bit group at a time (polymod), over the hrp
 * "expanded" into its high bits, a zero, its low bits, then the data. The checks run in the
 * order the BIPs list their invalid vectors, so each refusal names the first rule broken. */
#include "core/bech32.h"

#include <string.h>

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

#define BECH32M_CONST 0x2bc830a3u

const char *bech32_strerror(enum bech32_rc rc)
{
	switch (rc) {
	case BECH32_OK:
		return "ok";
	case BECH32_TOO_LONG:
		return "longer than 90 characters";
	case BECH32_BAD_CHAR:
		return "character outside the bech32 set";
	case BECH32_MIXED_CASE:
		return "mixes upper and lower case";
	case BECH32_NO_SEPARATOR:
		return "no '1' separator";
	case BECH32_EMPTY_HRP:
		return "empty human-readable part";
	case BECH32_SHORT_CHECKSUM:
		return "checksum shorter than 6 characters";
	case BECH32_BAD_CHECKSUM:
		return "checksum mismatch";
	case BECH32_NO_SPACE:
		return "output buffer too small";
	case BECH32_WRONG_HRP:
		return "wrong human-readable part for this network";
	case BECH32_NO_DATA:
		return "no witness version";
	case BECH32_BAD_VERSION:
		return "witness version above 16";
	case BECH32_BAD_PADDING:
		return "invalid padding in the witness program";
	case BECH32_BAD_PROGRAM_LEN:
		return "invalid witness program length";
	case BECH32_WRONG_VARIANT:
		return "wrong checksum variant for the witness version (BIP-350)";
	}
	return "unknown bech32 error";
}

static uint32_t polymod_step(uint32_t pre)
{
	static const uint32_t gen[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu,
	                                0x2a1462b3u};
	uint32_t b = pre >> 25, chk = (pre & 0x1ffffffu) << 5;

	for (int i = 0; i < 5; i++)
		if ((b >> i) & 1)
			chk ^= gen[i];
	return chk;
}

/* The checksum state after hrp (already lower case) and data, before the six checksum groups. */
static uint32_t polymod_prefix(const char *hrp, size_t hrp_len, const uint8_t *data, size_t len)
{
	uint32_t chk = 1;

	for (size_t i = 0; i < hrp_len; i++)
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] >> 5);
	chk = polymod_step(chk);
	for (size_t i = 0; i < hrp_len; i++)
		chk = polymod_step(chk) ^ ((unsigned char)hrp[i] & 31);
	for (size_t i = 0; i < len; i++)
		chk = polymod_step(chk) ^ data[i];
	return chk;
}

static int charset_rev(unsigned char c)
{
	const char *p;

	if (c >= 'A' && c <= 'Z')
		c = (unsigned char)(c - 'A' + 'a');
	if (c == 0)
		return -1;
	p = strchr(charset, c);
	return p == NULL ? -1 : (int)(p - charset);
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

enum bech32_rc bech32_decode(const char *s, size_t len, char hrp[BECH32_MAX_HRP + 1],
                             uint8_t data[BECH32_MAX_DATA], size_t *data_len,
                             enum bech32_encoding *enc)
{
	uint8_t values[BECH32_MAX_LEN];
	bool has_lower = false, has_upper = false;
	size_t sep = 0, n_values;
	uint32_t chk;

	*data_len = 0;
	*enc = BECH32_NONE;
	hrp[0] = '\0';
	if (len > BECH32_MAX_LEN)
		return BECH32_TOO_LONG;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 33 || c > 126)
			return BECH32_BAD_CHAR;
		has_lower |= c >= 'a' && c <= 'z';
		has_upper |= c >= 'A' && c <= 'Z';
	}
	if (has_lower && has_upper)
		return BECH32_MIXED_CASE;
	{
		const char *p = len > 0 ? memrchr(s, '1', len) : NULL;
		if (p == NULL)
			return BECH32_NO_SEPARATOR;
		sep = (size_t)(p - s);
	}
	if (sep == 0)
		return BECH32_EMPTY_HRP;
	if (len - sep - 1 < BECH32_CHECKSUM_LEN)
		return BECH32_SHORT_CHECKSUM;
	n_values = len - sep - 1;
	for (size_t i = 0; i < n_values; i++) {
		int v = charset_rev((unsigned char)s[sep + 1 + i]);
		if (v < 0)
			return BECH32_BAD_CHAR;
		values[i] = (uint8_t)v;
	}
	for (size_t i = 0; i < sep; i++)
		hrp[i] = lower(s[i]);
	hrp[sep] = '\0';
	chk = polymod_prefix(hrp, sep, values, n_values);
	if (chk == 1)
		*enc = BECH32_BECH32;
	else if (chk == BECH32M_CONST)
		*enc = BECH32_BECH32M;
	else
		return BECH32_BAD_CHECKSUM;
	*data_len = n_values - BECH32_CHECKSUM_LEN;
	memcpy(data, values, *data_len);
	return BECH32_OK;
}

enum bech32_rc bech32_encode(const char *hrp, const uint8_t *data, size_t len,
                             enum bech32_encoding enc, char *out, size_t cap, size_t *out_len)
{
	char h[BECH32_MAX_HRP + 1];
	size_t hrp_len = strlen(hrp), n = hrp_len + 1 + len + BECH32_CHECKSUM_LEN, k = 0;
	uint32_t chk;

	if (cap > 0)
		out[0] = '\0';
	if (out_len != NULL)
		*out_len = 0;
	if (hrp_len == 0)
		return BECH32_EMPTY_HRP;
	if (n > BECH32_MAX_LEN)
		return BECH32_TOO_LONG;
	if (enc != BECH32_BECH32 && enc != BECH32_BECH32M)
		return BECH32_BAD_CHECKSUM;
	for (size_t i = 0; i < hrp_len; i++) {
		if ((unsigned char)hrp[i] < 33 || (unsigned char)hrp[i] > 126)
			return BECH32_BAD_CHAR;
		h[i] = lower(hrp[i]);
	}
	for (size_t i = 0; i < len; i++)
		if (data[i] > 31)
			return BECH32_BAD_CHAR;
	if (n + 1 > cap)
		return BECH32_NO_SPACE;
	chk = polymod_prefix(h, hrp_len, data, len);
	for (int i = 0; i < BECH32_CHECKSUM_LEN; i++)
		chk = polymod_step(chk);
	chk ^= enc == BECH32_BECH32M ? BECH32M_CONST : 1u;
	memcpy(out, h, hrp_len);
	k = hrp_len;
	out[k++] = '1';
	for (size_t i = 0; i < len; i++)
		out[k++] = charset[data[i]];
	for (int i = 0; i < BECH32_CHECKSUM_LEN; i++)
		out[k++] = charset[(chk >> (5 * (5 - i))) & 31];
	out[k] = '\0';
	if (out_len != NULL)
		*out_len = k;
	return BECH32_OK;
}

bool bech32_convert_bits(uint8_t *out, size_t *out_len, size_t out_cap, int out_bits,
                         const uint8_t *in, size_t in_len, int in_bits, bool pad)
{
	uint32_t val = 0, maxv = (1u << out_bits) - 1;
	int bits = 0;
	size_t n = 0;

	*out_len = 0;
	for (size_t i = 0; i < in_len; i++) {
		if ((in[i] >> in_bits) != 0)
			return false;
		val = ((val << in_bits) | in[i]) & 0xffffffu; /* only the pending bits matter */
		bits += in_bits;
		while (bits >= out_bits) {
			bits -= out_bits;
			if (n == out_cap)
				return false;
			out[n++] = (uint8_t)((val >> bits) & maxv);
		}
	}
	if (pad) {
		if (bits > 0) {
			if (n == out_cap)
				return false;
			out[n++] = (uint8_t)((val << (out_bits - bits)) & maxv);
		}
	} else if (bits >= in_bits || ((val << (out_bits - bits)) & maxv) != 0) {
		return false;
	}
	*out_len = n;
	return true;
}

static enum bech32_rc program_ok(int version, size_t program_len)
{
	if (program_len < SEGWIT_MIN_PROGRAM || program_len > SEGWIT_MAX_PROGRAM)
		return BECH32_BAD_PROGRAM_LEN;
	if (version == 0 && program_len != 20 && program_len != 32)
		return BECH32_BAD_PROGRAM_LEN;
	return BECH32_OK;
}

enum bech32_rc segwit_decode(const char *hrp, const char *s, size_t len, int *version,
                             uint8_t program[SEGWIT_MAX_PROGRAM], size_t *program_len)
{
	char got_hrp[BECH32_MAX_HRP + 1];
	uint8_t data[BECH32_MAX_DATA];
	size_t data_len;
	enum bech32_encoding enc;
	enum bech32_rc rc;

	*version = -1;
	*program_len = 0;
	rc = bech32_decode(s, len, got_hrp, data, &data_len, &enc);
	if (rc != BECH32_OK)
		return rc;
	if (strcmp(got_hrp, hrp) != 0)
		return BECH32_WRONG_HRP;
	if (data_len < 1)
		return BECH32_NO_DATA;
	if (data[0] > 16)
		return BECH32_BAD_VERSION;
	if (!bech32_convert_bits(program, program_len, SEGWIT_MAX_PROGRAM, 8, data + 1,
	                         data_len - 1, 5, false)) {
		/* A program too long to fit is a length error, not a padding one. */
		*program_len = 0;
		return (data_len - 1) * 5 / 8 > SEGWIT_MAX_PROGRAM ? BECH32_BAD_PROGRAM_LEN
		                                                   : BECH32_BAD_PADDING;
	}
	rc = program_ok(data[0], *program_len);
	if (rc != BECH32_OK) {
		*program_len = 0;
		return rc;
	}
	if ((data[0] == 0) != (enc == BECH32_BECH32)) {
		*program_len = 0;
		return BECH32_WRONG_VARIANT;
	}
	*version = data[0];
	return BECH32_OK;
}

enum bech32_rc segwit_encode(const char *hrp, int version, const uint8_t *program,
                             size_t program_len, char *out, size_t cap, size_t *out_len)
{
	uint8_t data[BECH32_MAX_DATA];
	size_t n;
	enum bech32_rc rc;

	if (cap > 0)
		out[0] = '\0';
	if (out_len != NULL)
		*out_len = 0;
	if (version < 0 || version > 16)
		return BECH32_BAD_VERSION;
	rc = program_ok(version, program_len);
	if (rc != BECH32_OK)
		return rc;
	data[0] = (uint8_t)version;
	if (!bech32_convert_bits(data + 1, &n, sizeof data - 1, 5, program, program_len, 8, true))
		return BECH32_TOO_LONG;
	return bech32_encode(hrp, data, n + 1, version == 0 ? BECH32_BECH32 : BECH32_BECH32M, out,
	                     cap, out_len);
}
