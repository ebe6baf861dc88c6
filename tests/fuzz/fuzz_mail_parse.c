/* fuzz_mail_parse.c — fuzz driver for mail_parse: any bytes in, the promises of mail_parse.h out.
 *
 * Beyond "does not crash, leak or hang" it checks what the rest of the desk relies on: every
 * string is clean UTF-8 without NUL or stray control characters, the subject is one line,
 * visible_len lies within the text, the text keeps to max_text, the html passes
 * mail_html_safe (only whitelisted tags, no attribute but a safe href), attachments keep to their
 * limits and have safe names and lower-case types. A second parse of the same bytes gives the
 * same result.
 *
 * As a test it is linked with replay_main.c (corpus tests/fuzz/corpus/fuzz_mail_parse/: small
 * mails, since mutants are at most 4 KB). As a real libFuzzer target (clang):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       $(pkg-config --cflags gmime-3.0 libxml-2.0 uchardet) tests/fuzz/fuzz_mail_parse.c \
 *       src/channels/mail_parse.c src/channels/mail_charset.c src/channels/mail_html.c \
 *       src/channels/mail_quote.c $(pkg-config --libs gmime-3.0 libxml-2.0 uchardet) \
 *       -lpthread -o /tmp/fuzz_mail_parse
 *   mkdir -p /tmp/fuzz_mail_parse.corpus
 *   /tmp/fuzz_mail_parse /tmp/fuzz_mail_parse.corpus tests/fuzz/corpus/fuzz_mail_parse
 */
#include "channels/mail_charset.h"
#include "channels/mail_html.h"
#include "channels/mail_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_TEXT        8192
#define MAX_ATTACHMENT  4096
#define MAX_ATTACHMENTS 4

/* abort() rather than assert(): the property must hold in release builds too. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static bool clean(const char *s, bool lines)
{
	if (s == NULL || !mail_utf8_valid(s, strlen(s), false))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\t' || *p == '\n') {
			if (!lines)
				return false;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0))
			return false;
	}
	return true;
}

static bool same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_limits lim = {.max_attachment = MAX_ATTACHMENT,
	                          .max_attachments = MAX_ATTACHMENTS,
	                          .max_text = MAX_TEXT};
	struct parsed_mail m, again;
	char err[128];
	bool ok = mail_parse((const char *)data, size, &lim, &m, err, sizeof err);

	if (!ok) {
		CHECK(err[0] != '\0');
		parsed_mail_free(&m);
		return 0;
	}
	CHECK(clean(m.text, true) && strlen(m.text) <= MAX_TEXT);
	CHECK(m.visible_len <= strlen(m.text));
	CHECK(clean(m.subject, false) && clean(m.from_name, false));
	CHECK(m.from_address == NULL ||
	      (clean(m.from_address, false) && strchr(m.from_address, '@')));
	CHECK(m.reply_to_address == NULL || clean(m.reply_to_address, false));
	CHECK(m.message_id == NULL ||
	      (clean(m.message_id, false) && !strpbrk(m.message_id, "<> ")));
	CHECK(m.in_reply_to == NULL || clean(m.in_reply_to, false));
	CHECK(m.dsn_original_id == NULL || clean(m.dsn_original_id, false));
	for (size_t i = 0; i < m.n_references; i++)
		CHECK(clean(m.references[i], false) && m.references[i][0] != '\0');
	CHECK(m.body_charset != NULL && m.body_charset[0] != '\0');
	CHECK(m.html == NULL ||
	      (mail_utf8_valid(m.html, strlen(m.html), false) && mail_html_safe(m.html)));
	CHECK(m.n_attachments <= MAX_ATTACHMENTS);
	for (size_t i = 0; i < m.n_attachments; i++) {
		const struct mail_attachment *a = &m.attachments[i];
		CHECK(a->size <= MAX_ATTACHMENT);
		CHECK(clean(a->filename, false) && a->filename[0] != '\0' &&
		      strpbrk(a->filename, "/\\") == NULL);
		CHECK(a->content_type != NULL && strchr(a->content_type, '/') != NULL);
		for (const char *c = a->content_type; *c != '\0'; c++)
			CHECK(!(*c >= 'A' && *c <= 'Z'));
	}

	/* Parsing is a pure function of the bytes. */
	CHECK(mail_parse((const char *)data, size, &lim, &again, err, sizeof err));
	CHECK(same(m.text, again.text) && same(m.subject, again.subject) &&
	      same(m.html, again.html) && m.visible_len == again.visible_len &&
	      m.n_attachments == again.n_attachments && m.auto_flags == again.auto_flags);
	parsed_mail_free(&again);
	parsed_mail_free(&m);
	return 0;
}
