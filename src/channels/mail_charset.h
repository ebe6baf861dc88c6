/* mail_charset.h — bytes from a mail, in whatever charset it claims (or wrongly claims), to clean
 * UTF-8.
 *
 * Owns: which decoder a MIME charset label gets (always the superset glibc iconv knows, since
 * senders label GBK text "gb2312" and CP932 text "shift_jis"), strict-first decoding with
 * recovery for mislabelled text (valid UTF-8 first, then uchardet), the cleaning every stored text
 * goes through, and RFC 2047 encoded words in headers. Never: MIME structure (mail_parse.c) or
 * HTML (mail_html.c). Thread-safe: every call opens its own iconv and uchardet handles.
 *
 * Memory comes from GLib (g_malloc aborts when memory runs out, as GMime does anyway); free what
 * these functions return with g_free. */
#ifndef EXDESK_CHANNELS_MAIL_CHARSET_H
#define EXDESK_CHANNELS_MAIL_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* Charsets tried, in this order, for raw 8-bit bytes that carry no label at all (unencoded
 * headers). UTF-8 first because it almost never decodes by accident; then GB18030 because most of
 * our customers write Chinese and it accepts nearly any byte pair; windows-1252 last because it
 * accepts almost everything. NULL-terminated; also handed to GMime as its fallback list. */
extern const char *const mail_charset_fallbacks[];

struct mail_text {
	char *s; /* g_malloc'd, NUL-terminated, clean (see mail_text_clean) */
	size_t len;
	char charset[24]; /* lower-case name of what decoded it, e.g. "gb18030", "us-ascii" */
	bool recovered;   /* the declared charset was wrong or missing and another was detected */
};

/* Decodes len bytes the mail says are in `declared` (NULL or "" when it says nothing). Keeps at
 * most max_out bytes of output, cut at a character boundary. `cut` says the caller shortened the
 * input, so an incomplete character at its very end is not taken as a sign of a wrong charset.
 * Never fails; the last resort is a lossy decode of the declared charset with U+FFFD. */
void mail_charset_decode(const char *declared, const char *in, size_t len, bool cut, size_t max_out,
                         struct mail_text *out);

/* Appends in (any bytes, meant as UTF-8) to out, cleaned: invalid sequences become U+FFFD, CRLF
 * and lone CR become LF, NUL and every other C0/C1 control but tab and newline is dropped, and so
 * is a leading byte order mark. Stops before out would pass max_len bytes, at a character
 * boundary. An incomplete character at the very end is dropped silently when `cut`. */
void mail_text_clean(GString *out, const char *in, size_t len, size_t max_len, bool cut);

/* Whether len bytes are valid UTF-8 (an incomplete last character is accepted when `cut`). */
bool mail_utf8_valid(const char *s, size_t len, bool cut);

/* A header value (raw, as on the wire: folded, RFC 2047 words, maybe raw 8-bit bytes) as one line
 * of clean UTF-8: encoded words decoded (adjacent words merged, several charsets in one header),
 * raw 8-bit runs decoded as UTF-8, else in `hint` (the charset the body turned out to be in,
 * since a mail's headers and body usually share it), else as detected, else by the fallback list;
 * whitespace runs collapsed to one space and trimmed. Keeps at most max_len bytes. */
char *mail_header_decode_text(const char *raw, const char *hint, size_t max_len);

/* The same for an address header (From, Reply-To): the result is still an address list, with each
 * run of encoded words turned into a quoted string (or escaped inside one), so a decoded comma or
 * angle bracket cannot change where addresses start and end. */
char *mail_header_decode_phrase(const char *raw, const char *hint, size_t max_len);

#endif
