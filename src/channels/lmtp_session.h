/* lmtp_session.h — one LMTP (RFC 2033) conversation as a state machine with no I/O: bytes in,
 * replies out through a callback, and one delivery call per accepted message.
 *
 * The delivery callback runs inside lmtp_session_feed and returns only after the message is
 * committed (or refused), so a 250 reply always means the mail is durable: an MTA that gets no
 * answer, or a 4xx, keeps the mail and delivers it again. Oversized mail is refused with
 * 552 5.3.4 (RFC 1870/3463), at MAIL FROM when the client declares SIZE, else after DATA. */
#ifndef EXDESK_CHANNELS_LMTP_SESSION_H
#define EXDESK_CHANNELS_LMTP_SESSION_H
#include <stdbool.h>
#include <stddef.h>

enum lmtp_verdict {
	LMTP_ACCEPT,       /* 250: committed (or a redelivery of a committed mail) */
	LMTP_TEMPFAIL,     /* 451: could not commit now; the MTA retries */
	LMTP_RATE_LIMITED, /* 450: this sender sent too much; the MTA retries later */
	LMTP_REJECT,       /* 550: never acceptable (not a mail at all) */
};

struct lmtp_delivery {
	const char *mail_from; /* envelope sender, "" for the null sender <>, NULL if unknown (IMAP) */
	const char *const *rcpts;
	size_t n_rcpts;
	const char *data; /* the message as received, dot-unstuffed, CRLF line ends kept */
	size_t len;
};

/* why: a short text for the reply line (may be left empty). */
typedef enum lmtp_verdict (*lmtp_deliver_fn)(void *ctx, const struct lmtp_delivery *d, char *why,
					      size_t why_size);
typedef void (*lmtp_write_fn)(void *ctx, const char *bytes, size_t len);

struct lmtp_config {
	const char *hostname;  /* in the greeting and LHLO reply */
	size_t max_message;    /* bytes of DATA; more is refused with 552 */
	size_t max_recipients; /* per transaction; more get 452 */
};

struct lmtp_session;
struct lmtp_session *lmtp_session_new(const struct lmtp_config *cfg, lmtp_deliver_fn deliver,
				      void *deliver_ctx, lmtp_write_fn write, void *write_ctx);
void lmtp_session_free(struct lmtp_session *s);
void lmtp_session_greet(struct lmtp_session *s); /* the 220 line */
/* Feed received bytes (any split). Returns false once the session is over (QUIT, or a
 * protocol violation that ends it); the caller then closes the connection. */
bool lmtp_session_feed(struct lmtp_session *s, const char *bytes, size_t len);

#endif
