/* mail_parse.h — one RFC 5322/MIME message in, everything the desk needs out, all in UTF-8.
 *
 * GMime does the MIME work (structure, transfer encodings, RFC 2047 words, RFC 2231 names); this
 * layer picks the text to show, recovers mislabelled charsets instead of storing mojibake, turns
 * HTML-only mail into text plus sanitised HTML, finds where quoted history and signatures start,
 * and flags automatic mail (auto-replies, bounces, lists) so it can never start a mail loop.
 * No I/O, no store: the caller decides what to do with the result. Thread-safe. */
#ifndef EXDESK_CHANNELS_MAIL_PARSE_H
#define EXDESK_CHANNELS_MAIL_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Why a message is automatic (bits of parsed_mail.auto_flags). */
enum {
	MAIL_AUTO_SUBMITTED = 1 << 0,  /* Auto-Submitted: anything but "no" */
	MAIL_AUTO_PRECEDENCE = 1 << 1, /* Precedence: bulk, junk, list, auto_reply */
	MAIL_AUTO_NULL_SENDER = 1 << 2, /* Return-Path: <> (the envelope sender is checked by the caller) */
	MAIL_AUTO_REPLY_HEADER = 1 << 3, /* X-Autoreply, X-Autorespond, X-Auto-Response-Suppress... */
	MAIL_AUTO_LIST = 1 << 4,         /* List-Id, List-Unsubscribe, List-Post */
	MAIL_AUTO_BOUNCE = 1 << 5,       /* multipart/report (DSN/MDN) or from MAILER-DAEMON/postmaster */
};

/* A zero field, or a NULL limits pointer, means the default: 25 MB, 50 attachments, 1 MB of
 * text. The sanitised html is kept to about 4 x max_text bytes. */
struct mail_limits {
	size_t max_attachment;  /* bytes of one decoded attachment; larger ones are dropped (counted) */
	size_t max_attachments; /* count; further ones are dropped (counted) */
	size_t max_text;        /* bytes of UTF-8 body text kept; longer text is cut at a character */
};

struct mail_attachment {
	char *filename;     /* UTF-8, never NULL ("attachment" when the mail gave none), no path parts */
	char *content_type; /* as declared, lower case, e.g. "image/png" */
	unsigned char *data;
	size_t size;
	bool inline_part; /* Content-Disposition: inline (e.g. an image in HTML mail) */
};

struct parsed_mail {
	char *message_id;   /* without <>; NULL if the mail has none */
	char *in_reply_to;  /* first id of In-Reply-To, without <>; NULL if none */
	char **references;  /* ids of References, oldest first, without <> */
	size_t n_references;
	char *from_address; /* addr-spec, lower case; NULL if no parseable From */
	char *from_name;    /* UTF-8 display name, "" if none */
	char *reply_to_address; /* NULL if none */
	char *subject;      /* UTF-8, RFC 2047 decoded, folding whitespace collapsed; "" if none */
	char *text;         /* UTF-8 body text: text/plain, else text extracted from text/html; "" if none */
	size_t visible_len; /* bytes of text before quoted history or a signature (== strlen when none) */
	char *html;         /* sanitised HTML body, or NULL when the mail had no HTML part */
	int64_t date;       /* Date: as unix seconds, 0 when absent or unparseable */
	unsigned auto_flags;
	char *dsn_original_id; /* for a bounce: Message-ID of the mail that bounced, if found */
	char *body_charset;    /* charset the text was decoded from, lower case (e.g. "gb18030") */
	bool charset_recovered; /* the declared charset was wrong or missing and another was detected */
	struct mail_attachment *attachments;
	size_t n_attachments;
	size_t dropped_attachments; /* over max_attachment or max_attachments */
};

/* Parses raw (not NUL-terminated, any bytes) into out (zeroed first). Returns false with a short
 * reason in err only when the input is not a mail at all (no header block); a damaged mail still
 * parses as well as it can. Free with parsed_mail_free, also after a failure. */
bool mail_parse(const char *raw, size_t len, const struct mail_limits *lim, struct parsed_mail *out,
		char *err, size_t errlen);
void parsed_mail_free(struct parsed_mail *m);

#endif
