/* identity.c — see identity.h. libsodium does the cryptography; utf8proc only tells where one
 * character ends so a mask never cuts a multi-byte character in half. Neither needs
 * sodium_init() for what is used here, but calling it first (as main and the tests do) is fine. */
#include "core/identity.h"

#include <stdint.h>
#include <string.h>

#include <sodium.h>
#include <utf8proc.h>

#define MASK "***"

static void uid_hmac(const char *secret, size_t secret_len, const char *uid, size_t uid_len,
                     unsigned char mac[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st;

	/* The streaming API takes a key of any length; crypto_auth_hmacsha256() insists on 32
	 * bytes, and desk secrets are whatever the admin configured. */
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)uid, uid_len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_memzero(&st, sizeof st);
}

void identity_uid_hmac_hex(const char *secret, size_t secret_len, const char *uid, size_t uid_len,
                           char out[IDENTITY_HMAC_HEX])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	uid_hmac(secret, secret_len, uid, uid_len, mac);
	sodium_bin2hex(out, IDENTITY_HMAC_HEX, mac, sizeof mac);
	sodium_memzero(mac, sizeof mac);
}

bool identity_verify_uid(const char *secret, size_t secret_len, const char *uid, size_t uid_len,
                         const char *hash, size_t hash_len)
{
	unsigned char want[crypto_auth_hmacsha256_BYTES], got[crypto_auth_hmacsha256_BYTES];
	size_t got_len = 0;
	bool ok = false;

	/* An empty key is a desk that has not configured identity verification yet: anyone can
	 * compute HMAC("", uid), so it must vouch for no one. An empty uid names no one. */
	if (secret == NULL || secret_len == 0 || uid == NULL || uid_len == 0 || hash == NULL)
		return false;
	if (hash_len != 2 * crypto_auth_hmacsha256_BYTES)
		return false;
	/* hex2bin rejects any non-hex digit when no ignore set and no end pointer are given. */
	if (sodium_hex2bin(got, sizeof got, hash, hash_len, NULL, &got_len, NULL) != 0 ||
	    got_len != sizeof got)
		goto out;
	uid_hmac(secret, secret_len, uid, uid_len, want);
	ok = sodium_memcmp(want, got, sizeof want) == 0;
out:
	sodium_memzero(want, sizeof want);
	return ok;
}

/* Bytes taken by the first n characters of in, stopping early at the end of the input.
 * *chars gets how many characters were found; returns false on a malformed sequence or a NUL
 * (which would end the mask early as a C string), and callers then show nothing: the input is
 * not what it claims to be. */
static bool utf8_prefix(const char *in, size_t len, size_t n, size_t *bytes, size_t *chars)
{
	size_t pos = 0, c = 0;

	while (c < n && pos < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)in + pos,
		                                      (utf8proc_ssize_t)(len - pos), &cp);
		if (k <= 0 || cp == 0)
			return false;
		pos += (size_t)k;
		c++;
	}
	*bytes = pos;
	*chars = c;
	return true;
}

static bool utf8_valid(const char *in, size_t len)
{
	size_t bytes, chars;
	return utf8_prefix(in, len, SIZE_MAX, &bytes, &chars);
}

void identity_mask_value(const char *in, size_t in_len, char *out)
{
	size_t bytes, chars;

	if (in == NULL)
		in_len = 0;
	/* Look one character past the two we may show: only a value longer than two characters
	 * keeps its head, otherwise the head would be the whole value. */
	if (in_len == 0 || !utf8_prefix(in, in_len, 3, &bytes, &chars) || chars <= 2) {
		memcpy(out, MASK, sizeof MASK);
		return;
	}
	utf8_prefix(in, in_len, 2, &bytes, &chars);
	memcpy(out, in, bytes);
	memcpy(out + bytes, MASK, sizeof MASK);
}

void identity_mask_email(const char *in, size_t in_len, char *out)
{
	size_t at = SIZE_MAX, head = 0, chars, dom_len;
	const char *dom;

	if (in == NULL)
		in_len = 0;
	/* The last '@': whatever precedes it is hidden, so a strange address with several '@'
	 * shows less, not more. */
	for (size_t i = in_len; i > 0; i--) {
		if (in[i - 1] == '@') {
			at = i - 1;
			break;
		}
	}
	if (at == SIZE_MAX) {
		identity_mask_value(in, in_len, out);
		return;
	}
	dom = in + at + 1;
	dom_len = in_len - at - 1;
	if (!utf8_valid(dom, dom_len)) {
		memcpy(out, MASK, sizeof MASK);
		return;
	}
	if (!utf8_prefix(in, at, 1, &head, &chars))
		head = 0;
	memcpy(out, in, head);
	out += head;
	memcpy(out, MASK "@", strlen(MASK "@"));
	out += strlen(MASK "@");
	memcpy(out, dom, dom_len);
	out[dom_len] = '\0';
}
