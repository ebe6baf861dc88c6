/* test_identity.c — the exchange's user_hash (HMAC-SHA256 of the uid) and PII masks.
 * Expected HMACs come from outside this code: RFC 4231 vectors, and values computed with
 *   printf %s UID | openssl dgst -sha256 -hmac SECRET */
#include "core/identity.h"
#include "unit_main.h"

#include <ctype.h>
#include <sodium.h>

#define SECRET "exdesk-identity-secret"
/* printf %s U123 | openssl dgst -sha256 -hmac exdesk-identity-secret */
#define U123_HMAC "2113b98e3fb003fff9359d4e05147052d45ca44371efaf61d77b47aadb56a8b6"
/* printf %s 用户42 | openssl dgst -sha256 -hmac exdesk-identity-secret */
#define CJK_UID  "用户42"
#define CJK_HMAC "89b9e1bade39968da29e06f31a0bc3bf3fc8d0b61c9234258909afa6e20b141e"

static bool verify(const char *secret, const char *uid, const char *hash)
{
	return identity_verify_uid(secret, strlen(secret), uid, strlen(uid), hash, strlen(hash));
}

START_TEST(hmac_known_answer_openssl)
{
	char out[IDENTITY_HMAC_HEX];

	identity_uid_hmac_hex(SECRET, strlen(SECRET), "U123", 4, out);
	ck_assert_str_eq(out, U123_HMAC);
}
END_TEST

START_TEST(hmac_known_answer_rfc4231)
{
	char out[IDENTITY_HMAC_HEX];
	char long_key[131];
	static const char data6[] = "Test Using Larger Than Block-Size Key - Hash Key First";

	/* RFC 4231 test case 2 */
	identity_uid_hmac_hex("Jefe", 4, "what do ya want for nothing?", 28, out);
	ck_assert_str_eq(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	/* RFC 4231 test case 6: a key longer than the block is hashed first */
	memset(long_key, 0xaa, sizeof long_key);
	identity_uid_hmac_hex(long_key, sizeof long_key, data6, strlen(data6), out);
	ck_assert_str_eq(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
END_TEST

START_TEST(hmac_cjk_uid)
{
	char out[IDENTITY_HMAC_HEX];

	identity_uid_hmac_hex(SECRET, strlen(SECRET), CJK_UID, strlen(CJK_UID), out);
	ck_assert_str_eq(out, CJK_HMAC);
	ck_assert(verify(SECRET, CJK_UID, CJK_HMAC));
	ck_assert(!verify(SECRET, "42", CJK_HMAC));
}
END_TEST

START_TEST(verify_accepts_lowercase)
{
	ck_assert(verify(SECRET, "U123", U123_HMAC));
}
END_TEST

START_TEST(verify_accepts_uppercase_and_mixed)
{
	char up[] = U123_HMAC, mixed[] = U123_HMAC;

	for (size_t i = 0; up[i] != '\0'; i++) {
		up[i] = (char)toupper((unsigned char)up[i]);
		if (i % 2)
			mixed[i] = up[i];
	}
	ck_assert(strcmp(up, U123_HMAC) != 0);
	ck_assert(verify(SECRET, "U123", up));
	ck_assert(verify(SECRET, "U123", mixed));
}
END_TEST

START_TEST(verify_rejects_wrong_length)
{
	char h[80];

	ck_assert(!verify(SECRET, "U123", ""));
	/* 63 digits, and 65 */
	ck_assert(!identity_verify_uid(SECRET, strlen(SECRET), "U123", 4, U123_HMAC, 63));
	snprintf(h, sizeof h, "%s0", U123_HMAC);
	ck_assert(!verify(SECRET, "U123", h));
	/* a 32-byte hash given as 32 hex digits is half a hash */
	ck_assert(!identity_verify_uid(SECRET, strlen(SECRET), "U123", 4, U123_HMAC, 32));
	snprintf(h, sizeof h, "%s\n", U123_HMAC);
	ck_assert(!verify(SECRET, "U123", h));
	ck_assert(!identity_verify_uid(SECRET, strlen(SECRET), "U123", 4, NULL, 64));
}
END_TEST

START_TEST(verify_rejects_non_hex)
{
	static const char bad_digits[] = "gGzZ -:xX\x00\xff";

	for (size_t pos = 0; pos < 64; pos += 9) {
		for (size_t k = 0; k < sizeof bad_digits - 1; k++) {
			char h[] = U123_HMAC;
			h[pos] = bad_digits[k];
			ck_assert_msg(
			    !identity_verify_uid(SECRET, strlen(SECRET), "U123", 4, h, 64),
			    "byte 0x%02x at %zu accepted", (unsigned char)bad_digits[k], pos);
		}
	}
	ck_assert(!verify(SECRET, "U123",
	                  "0x2113b98e3fb003fff9359d4e05147052d45ca44371efaf61d77b47aadb56a8"));
	ck_assert(!verify(SECRET, "U123",
	                  " 2113b98e3fb003fff9359d4e05147052d45ca44371efaf61d77b47aadb56a8b"));
}
END_TEST

/* Every position matters: flip each digit to another hex digit in turn. */
START_TEST(verify_rejects_each_flipped_digit)
{
	for (size_t pos = 0; pos < 64; pos++) {
		char h[] = U123_HMAC;
		h[pos] = h[pos] == '0' ? '1' : '0';
		ck_assert_msg(!verify(SECRET, "U123", h), "flip at %zu accepted", pos);
	}
}
END_TEST

START_TEST(verify_rejects_other_uid_or_secret)
{
	ck_assert(!verify(SECRET, "U124", U123_HMAC));
	ck_assert(!verify(SECRET, "u123", U123_HMAC));
	ck_assert(!verify(SECRET, "U123 ", U123_HMAC));
	ck_assert(!verify(SECRET "x", "U123", U123_HMAC));
	ck_assert(!verify("exdesk-identity-secreT", "U123", U123_HMAC));
	/* the uid is (pointer, length): a shorter length is another uid */
	ck_assert(!identity_verify_uid(SECRET, strlen(SECRET), "U123", 3, U123_HMAC, 64));
}
END_TEST

START_TEST(verify_refuses_empty_secret_and_uid)
{
	char h[IDENTITY_HMAC_HEX];

	/* Anyone can compute an HMAC under the empty key, so it must vouch for no one. */
	identity_uid_hmac_hex("", 0, "U123", 4, h);
	ck_assert(!identity_verify_uid("", 0, "U123", 4, h, 64));
	ck_assert(!identity_verify_uid(NULL, 0, "U123", 4, h, 64));
	identity_uid_hmac_hex(SECRET, strlen(SECRET), "", 0, h);
	ck_assert(!identity_verify_uid(SECRET, strlen(SECRET), "", 0, h, 64));
}
END_TEST

/* Masks are written into a buffer of exactly in_len + 8 bytes followed by a guard region, so an
 * overrun fails here (and under ASan) instead of passing silently. */
#define GUARD 16
static char mask_out[1024];

static const char *mask(void (*fn)(const char *, size_t, char *), const char *in, size_t len)
{
	ck_assert(len + 8 + GUARD <= sizeof mask_out);
	memset(mask_out, 0x5a, sizeof mask_out);
	fn(in, len, mask_out);
	for (size_t i = len + 8; i < len + 8 + GUARD; i++)
		ck_assert_msg(mask_out[i] == 0x5a, "mask wrote past in_len + 8");
	ck_assert_msg(memchr(mask_out, '\0', len + 8) != NULL, "mask not terminated in bounds");
	return mask_out;
}

#define MASK_EMAIL(s) mask(identity_mask_email, (s), strlen(s))
#define MASK_VALUE(s) mask(identity_mask_value, (s), strlen(s))

START_TEST(mask_email_ascii)
{
	ck_assert_str_eq(MASK_EMAIL("li.wei@example.com"), "l***@example.com");
	ck_assert_str_eq(MASK_EMAIL("li@example.com"), "l***@example.com");
	ck_assert_str_eq(MASK_EMAIL("a@b.co"), "a***@b.co");
}
END_TEST

START_TEST(mask_email_cjk_and_cyrillic)
{
	ck_assert_str_eq(MASK_EMAIL("李伟@例子.中国"), "李***@例子.中国");
	ck_assert_str_eq(MASK_EMAIL("иван@почта.рф"), "и***@почта.рф");
	ck_assert_str_eq(MASK_EMAIL("info@пример.рф"), "i***@пример.рф");
	ck_assert_str_eq(MASK_EMAIL("ユーザー@例え.jp"), "ユ***@例え.jp");
}
END_TEST

START_TEST(mask_email_odd_shapes)
{
	/* no '@': masked like a value */
	ck_assert_str_eq(MASK_EMAIL("U123"), "U1***");
	ck_assert_str_eq(MASK_EMAIL("li"), "***");
	ck_assert_str_eq(MASK_EMAIL(""), "***");
	/* empty local part shows nothing of it */
	ck_assert_str_eq(MASK_EMAIL("@example.com"), "***@example.com");
	/* several '@': everything before the last one is hidden */
	ck_assert_str_eq(MASK_EMAIL("a@b@example.com"), "a***@example.com");
	ck_assert_str_eq(MASK_EMAIL("li@"), "l***@");
	/* a malformed local part leaks no raw bytes */
	ck_assert_str_eq(MASK_EMAIL("\xe6\x9d@example.com"), "***@example.com");
	/* a malformed domain would make the output malformed too: hide it all */
	ck_assert_str_eq(MASK_EMAIL("li@ex\xffmple.com"), "***");
}
END_TEST

START_TEST(mask_value_ascii)
{
	ck_assert_str_eq(MASK_VALUE("U123"), "U1***");
	ck_assert_str_eq(MASK_VALUE("U12"), "U1***");
	ck_assert_str_eq(MASK_VALUE("+84 912 345 678"), "+8***");
}
END_TEST

START_TEST(mask_value_short)
{
	ck_assert_str_eq(MASK_VALUE("U1"), "***");
	ck_assert_str_eq(MASK_VALUE("U"), "***");
	ck_assert_str_eq(MASK_VALUE(""), "***");
	ck_assert_str_eq(mask(identity_mask_value, NULL, 0), "***");
	/* two characters of six bytes are still two characters */
	ck_assert_str_eq(MASK_VALUE("用户"), "***");
	ck_assert_str_eq(MASK_VALUE("Ив"), "***");
}
END_TEST

START_TEST(mask_value_multibyte)
{
	/* whole characters, never half of one */
	ck_assert_str_eq(MASK_VALUE(CJK_UID), "用户***");
	ck_assert_str_eq(MASK_VALUE("Иван"), "Ив***");
	ck_assert_str_eq(MASK_VALUE("😀😀x"), "😀😀***");
}
END_TEST

START_TEST(mask_value_malformed)
{
	ck_assert_str_eq(MASK_VALUE("\xff\xfe\xfd\xfc"), "***");
	/* 用 then a truncated sequence */
	ck_assert_str_eq(MASK_VALUE("\xe7\x94\xa8\xe6\x88"), "***");
	/* a lone continuation byte in second place */
	ck_assert_str_eq(MASK_VALUE("a\x80zz"), "***");
	/* a NUL in the head would cut the mask short as a C string */
	ck_assert_str_eq(mask(identity_mask_value, "U\00023", 4), "***");
	/* malformed bytes after the shown head are never shown anyway */
	ck_assert_str_eq(MASK_VALUE("abc\xff"), "ab***");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("identity");

	if (sodium_init() < 0) {
		printf("not ok - identity: sodium_init failed\n");
		return 1;
	}
	UNIT_TEST(s, hmac_known_answer_openssl);
	UNIT_TEST(s, hmac_known_answer_rfc4231);
	UNIT_TEST(s, hmac_cjk_uid);
	UNIT_TEST(s, verify_accepts_lowercase);
	UNIT_TEST(s, verify_accepts_uppercase_and_mixed);
	UNIT_TEST(s, verify_rejects_wrong_length);
	UNIT_TEST(s, verify_rejects_non_hex);
	UNIT_TEST(s, verify_rejects_each_flipped_digit);
	UNIT_TEST(s, verify_rejects_other_uid_or_secret);
	UNIT_TEST(s, verify_refuses_empty_secret_and_uid);
	UNIT_TEST(s, mask_email_ascii);
	UNIT_TEST(s, mask_email_cjk_and_cyrillic);
	UNIT_TEST(s, mask_email_odd_shapes);
	UNIT_TEST(s, mask_value_ascii);
	UNIT_TEST(s, mask_value_short);
	UNIT_TEST(s, mask_value_multibyte);
	UNIT_TEST(s, mask_value_malformed);
	return unit_run(s, "identity");
}
