/* fuzz_validate.c — fuzz driver for the text we parse ourselves in src/core: emails, tags,
 * language codes, slugs, ticket numbers and names, the identity HMAC check and the PII masks.
 *
 * Functions documented to take valid UTF-8 get arbitrary bytes here too: they must answer, never
 * crash. Beyond "does not crash" it checks properties a user would notice: normalising twice
 * changes nothing, what parses formats back to the same text, a mask stays inside its buffer and
 * is valid UTF-8 (it goes into JSON), and a freshly computed HMAC verifies.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_validate/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_validate.c src/core/validate.c src/core/ticket.c src/core/identity.c \
 *       $(pkg-config --cflags --libs libsodium libutf8proc) -o /tmp/fuzz_validate
 *   mkdir -p /tmp/fuzz_validate.corpus
 *   /tmp/fuzz_validate /tmp/fuzz_validate.corpus tests/fuzz/corpus/fuzz_validate
 * (new inputs land in the first directory; copy the interesting ones into the checked-in corpus).
 */
#include "core/identity.h"
#include "core/ticket.h"
#include "core/validate.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SECRET "fuzz-identity-secret"

/* abort() rather than assert(): the property must hold in release builds too, and both
 * replay_main and libFuzzer report an abort as a crash with the input that caused it. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static bool utf8_valid(const char *s, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + pos,
		                                      (utf8proc_ssize_t)(len - pos), &cp);
		if (k <= 0)
			return false;
		pos += (size_t)k;
	}
	return true;
}

static void fuzz_tag(const char *s, size_t size)
{
	char out[MAX_TAG + 1], again[MAX_TAG + 1];
	size_t n;

	if (!validate_tag_normalize(s, size, out))
		return;
	n = strnlen(out, sizeof out);
	CHECK(n >= 1 && n <= MAX_TAG);
	CHECK(utf8_valid(out, n));
	CHECK(validate_tag_normalize(out, n, again));
	CHECK(strcmp(out, again) == 0);
}

static void fuzz_language(const char *s, size_t size)
{
	char out[MAX_LANGUAGE + 1], again[MAX_LANGUAGE + 1];

	if (!validate_language(s, size, out))
		return;
	/* normalising only changes case */
	CHECK(strnlen(out, sizeof out) == size);
	CHECK(strncasecmp(out, s, size) == 0);
	CHECK(validate_language(out, size, again));
	CHECK(strcmp(out, again) == 0);
}

static void fuzz_ticket_number(const char *s, size_t size)
{
	char num[TICKET_NUMBER_MAX];
	int64_t seq = 0, back = 0;

	if (!ticket_number_parse(s, size, &seq))
		return;
	CHECK(seq >= 1);
	ticket_number_format(seq, num);
	/* no leading zeros, so the canonical form has exactly the input's length */
	CHECK(strlen(num) == size);
	CHECK(strncasecmp(num, s, size) == 0);
	CHECK(ticket_number_parse(num, strlen(num), &back) && back == seq);
}

/* The name parsers take C strings: cut the input at its first NUL, as a caller would. */
static void fuzz_names(const char *z)
{
	enum ticket_status st;
	enum ticket_priority pr;
	enum ticket_channel ch;

	if (ticket_status_parse(z, &st))
		CHECK(strcmp(ticket_status_name(st), z) == 0);
	if (ticket_priority_parse(z, &pr))
		CHECK(strcmp(ticket_priority_name(pr), z) == 0);
	if (ticket_channel_parse(z, &ch))
		CHECK(strcmp(ticket_channel_name(ch), z) == 0);
}

static void fuzz_identity(const char *s, size_t size)
{
	char hex[IDENTITY_HMAC_HEX];

	/* the input as a claimed hash, as a uid and as a secret */
	CHECK(!identity_verify_uid(FUZZ_SECRET, strlen(FUZZ_SECRET), "U123", 4, s, size) ||
	      size == 64);
	(void)identity_verify_uid(s, size, s, size, s, size);
	identity_uid_hmac_hex(FUZZ_SECRET, strlen(FUZZ_SECRET), s, size, hex);
	CHECK(strlen(hex) == 64);
	CHECK(identity_verify_uid(FUZZ_SECRET, strlen(FUZZ_SECRET), s, size, hex, 64) ==
	      (size > 0));
	identity_uid_hmac_hex(s, size, "U123", 4, hex);
	CHECK(identity_verify_uid(s, size, "U123", 4, hex, 64) == (size > 0));
}

static void fuzz_masks(const char *s, size_t size)
{
	/* exactly the documented in_len + 8: one byte more written is an ASan report */
	char *out = malloc(size + 8);
	size_t n;

	CHECK(out != NULL);
	identity_mask_email(s, size, out);
	n = strnlen(out, size + 8);
	CHECK(n < size + 8);
	CHECK(utf8_valid(out, n));
	CHECK(strstr(out, "***") != NULL);
	identity_mask_value(s, size, out);
	n = strnlen(out, size + 8);
	CHECK(n < size + 8);
	CHECK(utf8_valid(out, n));
	CHECK(n >= 3 && strcmp(out + n - 3, "***") == 0);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char *z = malloc(size + 1);

	if (z == NULL)
		return 0;
	if (size > 0)
		memcpy(z, data, size);
	z[size] = '\0';

	(void)validate_email(s, size);
	(void)validate_slug(s, size);
	fuzz_tag(s, size);
	fuzz_language(s, size);
	fuzz_ticket_number(s, size);
	fuzz_names(z);
	fuzz_identity(s, size);
	fuzz_masks(s, size);
	free(z);
	return 0;
}
