/* base58.c — see base58.h.
 *
 * Both directions are the textbook base conversion Bitcoin Core uses (src/base58.cpp): the big
 * number lives in a fixed buffer of digits in the target base, and each input digit is folded in
 * by one multiply-and-add pass. Leading zero bytes and leading first symbols are handled outside
 * the arithmetic, one for one, because the number itself cannot carry them. */
#include "core/base58.h"

#include <stdbool.h>
#include <string.h>

#include <sodium.h>

static const char symbols_bitcoin[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
static const char symbols_ripple[] = "rpshnaf39wBUDNEGHJKLM4PQRST7VWXYZ2bcdeCg65jkm8oFqi1tuvAxyz";

const char *base58_strerror(enum base58_rc rc)
{
	switch (rc) {
	case BASE58_OK:
		return "ok";
	case BASE58_BAD_CHAR:
		return "character outside the base58 alphabet";
	case BASE58_TOO_LONG:
		return "input too long for base58";
	case BASE58_NO_SPACE:
		return "output buffer too small";
	case BASE58_TOO_SHORT:
		return "too short to hold a base58check checksum";
	case BASE58_BAD_CHECKSUM:
		return "base58check checksum mismatch";
	}
	return "unknown base58 error";
}

const char *base58_symbols(enum base58_alphabet a)
{
	return a == BASE58_RIPPLE ? symbols_ripple : symbols_bitcoin;
}

/* Digit value of byte c in alphabet a, or -1. A linear search over 58 symbols is cheap next to
 * the quadratic conversion, and keeps the file free of two hand-written 256-entry tables. */
static int digit_of(enum base58_alphabet a, unsigned char c)
{
	const char *p;

	if (c == 0)
		return -1;
	p = strchr(base58_symbols(a), c);
	return p == NULL ? -1 : (int)(p - base58_symbols(a));
}

enum base58_rc base58_encode(enum base58_alphabet a, const uint8_t *data, size_t len, char *out,
                             size_t cap, size_t *out_len)
{
	const char *sym = base58_symbols(a);
	uint8_t b58[BASE58_MAX_BYTES * 138 / 100 + 1];
	size_t zeros = 0, size, length = 0, i, n;

	if (cap > 0)
		out[0] = '\0';
	if (out_len != NULL)
		*out_len = 0;
	if (len > BASE58_MAX_BYTES)
		return BASE58_TOO_LONG;
	while (zeros < len && data[zeros] == 0)
		zeros++;
	/* log(256) / log(58) < 1.38: enough base58 digits for the rest of the number. */
	size = (len - zeros) * 138 / 100 + 1;
	memset(b58, 0, size);
	for (i = zeros; i < len; i++) {
		unsigned carry = data[i];
		size_t j = 0;
		for (size_t k = size; k-- > 0 && (carry != 0 || j < length); j++) {
			carry += 256u * b58[k];
			b58[k] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		length = j;
	}
	/* Skip the leading zero digits of the buffer: only the input's zero bytes become '1's. */
	i = size - length;
	while (i < size && b58[i] == 0)
		i++;
	n = zeros + (size - i);
	if (n + 1 > cap)
		return BASE58_NO_SPACE;
	for (size_t k = 0; k < zeros; k++)
		out[k] = sym[0];
	for (size_t k = zeros; i < size; i++, k++)
		out[k] = sym[b58[i]];
	out[n] = '\0';
	if (out_len != NULL)
		*out_len = n;
	return BASE58_OK;
}

enum base58_rc base58_decode(enum base58_alphabet a, const char *text, size_t len, uint8_t *out,
                             size_t cap, size_t *out_len)
{
	const char *sym = base58_symbols(a);
	uint8_t b256[BASE58_MAX_TEXT];
	size_t zeros = 0, size, length = 0, i, n;

	*out_len = 0;
	if (len > BASE58_MAX_TEXT)
		return BASE58_TOO_LONG;
	/* Every byte is checked first, so an error names the alphabet and not a length. */
	for (i = 0; i < len; i++)
		if (digit_of(a, (unsigned char)text[i]) < 0)
			return BASE58_BAD_CHAR;
	while (zeros < len && text[zeros] == sym[0])
		zeros++;
	/* log(58) / log(256) < 0.733: enough bytes for the rest of the number. */
	size = (len - zeros) * 733 / 1000 + 1;
	memset(b256, 0, size);
	for (i = zeros; i < len; i++) {
		unsigned carry = (unsigned)digit_of(a, (unsigned char)text[i]);
		size_t j = 0;
		for (size_t k = size; k-- > 0 && (carry != 0 || j < length); j++) {
			carry += 58u * b256[k];
			b256[k] = (uint8_t)(carry & 0xff);
			carry >>= 8;
		}
		length = j;
	}
	i = size - length;
	while (i < size && b256[i] == 0)
		i++;
	n = zeros + (size - i);
	if (n > BASE58_MAX_BYTES)
		return BASE58_TOO_LONG;
	if (n > cap)
		return BASE58_NO_SPACE;
	if (n > 0) {
		memset(out, 0, zeros);
		memcpy(out + zeros, b256 + i, size - i);
	}
	*out_len = n;
	return BASE58_OK;
}

static void checksum(const uint8_t *data, size_t len, uint8_t sum[BASE58_CHECKSUM])
{
	uint8_t h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	crypto_hash_sha256(h, h, sizeof h);
	memcpy(sum, h, BASE58_CHECKSUM);
}

enum base58_rc base58check_encode(enum base58_alphabet a, const uint8_t *payload, size_t len,
                                  char *out, size_t cap, size_t *out_len)
{
	uint8_t buf[BASE58_MAX_BYTES];

	if (len > BASE58_MAX_BYTES - BASE58_CHECKSUM) {
		if (cap > 0)
			out[0] = '\0';
		if (out_len != NULL)
			*out_len = 0;
		return BASE58_TOO_LONG;
	}
	if (len > 0)
		memcpy(buf, payload, len);
	checksum(buf, len, buf + len);
	return base58_encode(a, buf, len + BASE58_CHECKSUM, out, cap, out_len);
}

enum base58_rc base58check_decode(enum base58_alphabet a, const char *text, size_t len,
                                  uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t buf[BASE58_MAX_BYTES], sum[BASE58_CHECKSUM];
	size_t n;
	enum base58_rc rc;

	*out_len = 0;
	rc = base58_decode(a, text, len, buf, sizeof buf, &n);
	if (rc != BASE58_OK)
		return rc == BASE58_NO_SPACE ? BASE58_TOO_LONG : rc;
	if (n < BASE58_CHECKSUM)
		return BASE58_TOO_SHORT;
	n -= BASE58_CHECKSUM;
	checksum(buf, n, sum);
	/* Not secret data: a plain comparison is fine. */
	if (memcmp(sum, buf + n, BASE58_CHECKSUM) != 0)
		return BASE58_BAD_CHECKSUM;
	if (n > cap)
		return BASE58_NO_SPACE;
	if (n > 0)
		memcpy(out, buf, n);
	*out_len = n;
	return BASE58_OK;
}
