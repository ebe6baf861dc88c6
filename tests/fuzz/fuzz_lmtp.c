/* fuzz_lmtp.c — fuzz driver for the inbound mail path up to the store: the LMTP session state
 * machine fed arbitrary bytes in arbitrary pieces, and every message it accepts parsed by
 * mail_parse the way mail_deliver does. Properties beyond "no crash, no leak": every reply line
 * the session writes is a 3-digit code followed by ' ' or '-' and ends in CRLF, and a parsed
 * mail's text fields are valid UTF-8 without NUL bytes (they go into JSON and SQL).
 *
 * As a test (tests/run): linked with replay_main.c, replays tests/fuzz/corpus/fuzz_lmtp/ plus
 * seeded mutations. As a libFuzzer target (clang only), link libexdesk's objects with
 * -fsanitize=fuzzer,address,undefined and $(pkg-config --libs gmime-3.0 libxml-2.0 uchardet
 * libutf8proc), as in the command at the top of fuzz_validate.c. */
#include "channels/lmtp_session.h"
#include "channels/mail_parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

static void check_utf8(const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len;) {
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		CHECK(n > 0);
		i += (size_t)n;
	}
}

static void check_reply(void *ctx, const char *bytes, size_t len)
{
	(void)ctx;
	CHECK(len >= 5);
	CHECK(bytes[0] >= '2' && bytes[0] <= '5');
	CHECK(bytes[3] == ' ' || bytes[3] == '-' || (bytes[3] == '\r' && len == 5));
	CHECK(bytes[len - 2] == '\r' && bytes[len - 1] == '\n');
}

static enum lmtp_verdict parse_it(void *ctx, const struct lmtp_delivery *d, char *why,
				  size_t why_size)
{
	(void)ctx;
	static const struct mail_limits lim = {.max_attachment = 65536, .max_attachments = 8,
					       .max_text = 65536};
	struct parsed_mail pm;
	char err[120];
	bool ok = mail_parse(d->data, d->len, &lim, &pm, err, sizeof err);
	if (ok) {
		check_utf8(pm.subject);
		check_utf8(pm.text);
		check_utf8(pm.from_name);
		CHECK(pm.visible_len <= strlen(pm.text));
		for (size_t i = 0; i < pm.n_attachments; i++)
			check_utf8(pm.attachments[i].filename);
	}
	parsed_mail_free(&pm);
	snprintf(why, why_size, "%s", "");
	return ok ? LMTP_ACCEPT : LMTP_REJECT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the piece size, so the same bytes also arrive split differently. */
	size_t piece = size ? (size_t)(data[0] % 17) + 1 : 1;
	if (size)
		data++, size--;
	struct lmtp_config cfg = {.hostname = "fuzz", .max_message = 32768, .max_recipients = 4};
	struct lmtp_session *s = lmtp_session_new(&cfg, parse_it, NULL, check_reply, NULL);
	lmtp_session_greet(s);
	for (size_t i = 0; i < size; i += piece) {
		size_t n = size - i < piece ? size - i : piece;
		if (!lmtp_session_feed(s, (const char *)data + i, n))
			break;
	}
	lmtp_session_free(s);
	return 0;
}
