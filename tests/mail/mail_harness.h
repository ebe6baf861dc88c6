/* mail_harness.h — what the mail tests share on top of harness.h: real mail peers (dovecot and
 * OpenSMTPD, started by tests/mail/peers) on loopback for one test program, mail handed to the
 * MTA with swaks, and mailboxes read back over IMAP with libcurl, plus the few message helpers a
 * check needs (a header decoded, the text body).
 * It never starts exdesk (harness.h's srv_start does, with --lmtp p->desk_lmtp and --smtp
 * p->smtp_url) and never looks inside src/. Peers it started are stopped at exit, also when
 * the program dies: `peers start --owner` leaves a keeper process that stops them then.
 * Failed steps print `not ok` lines through harness.h's checks; only peers_start bails. */
#ifndef EXDESK_TESTS_MAIL_MAIL_HARNESS_H
#define EXDESK_TESTS_MAIL_MAIL_HARNESS_H
#include "harness.h"

#include <stdbool.h>
#include <stddef.h>

/* The mailboxes dovecot holds (all with PEERS_PASSWORD). Mail for desk.test goes to exdesk over
 * LMTP; customer.test and desk-imap.test go to dovecot; every other domain is refused (550). */
#define PEERS_PASSWORD "secret"
#define PEER_ALICE     "alice@customer.test"
#define PEER_BOB       "bob@customer.test"
#define PEER_MALLORY   "mallory@customer.test"
#define PEER_HELPDESK  "helpdesk@desk-imap.test" /* the mailbox exdesk polls over IMAP */

struct peers {
	char dir[256];      /* configs, logs, queue and maildirs (tests/mail/README.md) */
	char script[1024];  /* tests/mail/peers, absolute */
	int smtp_port;      /* OpenSMTPD */
	int imap_port;      /* dovecot IMAP */
	int desk_lmtp_port; /* where the MTA delivers desk.test: exdesk listens here */
	int dovecot_lmtp_port;
	char smtp_url[64];  /* "smtp://127.0.0.1:PORT" — for exdesk serve --smtp */
	char desk_lmtp[64]; /* "127.0.0.1:PORT" — for exdesk serve --lmtp */
	char imap_url[64];  /* "imap://127.0.0.1:PORT" (no mailbox) */
	double start_s;     /* how long `peers start` took */
	double lock_wait_s; /* of which waiting for the shared spool's lock (see shared_spool) */
	/* no mount namespace: smtpd uses the system spool, one instance per machine at a time (a
	 * second peers_start waits for the first to stop) */
	bool shared_spool;
	bool running;
};

/* ---- the peers ----------------------------------------------------------------------------- */

struct peers_opts {
	/* Deliver desk.test with smtpd's own LMTP client (`relay host lmtp://`) instead of the
	 * default MDA (mail.lmtp): every recipient of a message in one LMTP transaction, and a
	 * 5xx from exdesk is final (the sender gets a bounce). The price: a 4xx or a refused
	 * connection is retried only after 400 s (peers_flush helps, but a refused connection
	 * also parks the route for 15 s or more). The default MDA retries 10 s, 40 s, 90 s...
	 * after the first try and takes every error, 5xx included, as temporary. */
	bool desk_relay;
};

/* Fresh dir in /tmp, `tests/mail/peers start DIR --owner <this pid>`, ports read from DIR/ports.
 * Stopped (and the dir removed unless EXDESK_KEEP_DATA is set) at exit. The script is found
 * through $EXDESK_PEERS, ./tests/mail/peers, or next to the source tree of the executable.
 * Bails out (not ok, logs, exit) when the peers do not come up. Call h_init first; p must
 * live until exit (static, or in main) since the exit handler stops it. */
void peers_start(struct peers *p);
void peers_start_opts(struct peers *p, const struct peers_opts *o);
/* Stop them now (idempotent; also done at exit). */
void peers_stop(struct peers *p);
/* `smtpctl schedule all`: every queued envelope is retried at once (instead of 10 s, 40 s,
 * 90 s... after its first try for desk.test). True when smtpctl succeeded. */
bool peers_flush(struct peers *p);
/* `smtpctl show queue`, one envelope per line (kept until exit); NULL on error. */
const char *peers_queue(struct peers *p);
/* Envelopes in the queue whose line contains `needle` (NULL: all); -1 on error. */
int peers_queued(struct peers *p, const char *needle);
/* Wait until no envelope matches `needle` (NULL: the queue is empty). */
bool peers_wait_queue(struct peers *p, const char *needle, double timeout_s);
/* The last `lines` lines of DIR/smtpd.log and DIR/dovecot.log as "# " comments. */
void peers_dump_logs(struct peers *p, int lines);

/* ---- sending (swaks) ----------------------------------------------------------------------- */

struct mail_out {
	const char *from;       /* envelope sender and From: */
	const char *to;         /* envelope recipients, comma-separated; also the To: header */
	const char *subject;    /* UTF-8, RFC 2047 B-encoded unless plain ASCII; NULL: no Subject */
	const char *body;       /* UTF-8 text, sent 8bit as text/plain; charset=UTF-8 */
	const char *message_id; /* "<id@host>"; NULL: a fresh one */
	const char *headers[8]; /* extra "Name: value" lines (In-Reply-To:, References:, ...) */
};

/* The RFC 5322 message for m (CRLF line ends), NUL-terminated, kept until exit; *len its size. */
char *mail_build(const struct mail_out *m, size_t *len);
/* Submit m to the MTA with swaks. Returns the server's last reply code to the message (250
 * when queued), or 0 when swaks got no reply (connection refused...). *transcript (may be
 * NULL) gets swaks' output, kept until exit. */
int mail_send(struct peers *p, const struct mail_out *m, char **transcript);
/* Submit these bytes as the whole message: only line ends become CRLF and leading dots are
 * doubled (what SMTP requires); swaks adds nothing (it runs with --no-data-fixup and reads
 * the data on stdin, so a NUL byte ends it — SMTP has no room for NULs anyway). The MTA itself
 * adds Received:, and Date:/Message-ID: when the message has none. */
int mail_send_raw(struct peers *p, const char *from, const char *to, const void *data, size_t len,
                  char **transcript);
int mail_send_file(struct peers *p, const char *from, const char *to, const char *eml_path,
                   char **transcript);
/* The same to any server "127.0.0.1:PORT", over LMTP when lmtp is set — e.g. straight to
 * exdesk's LMTP listener, bypassing the MTA. With LMTP and several recipients the code is the
 * last per-recipient reply; the transcript has them all. */
int mail_swaks(const char *server, bool lmtp, const char *from, const char *to, const void *data,
               size_t len, char **transcript);

/* ---- mailboxes (IMAP with libcurl) --------------------------------------------------------- */
/* `user` is one of the PEER_* addresses. Message numbers are IMAP sequence numbers (1 = the
 * oldest in the INBOX). Nothing here changes a flag unless its name says so. */

/* Messages in the user's INBOX (STATUS); -1 when the login or the command failed. */
int imap_count(struct peers *p, const char *user);
/* Messages without \Seen (STATUS ... UNSEEN); -1 on error. */
int imap_unseen(struct peers *p, const char *user);
/* Poll until the INBOX holds at least n messages; returns the last count (>= n: it came). */
int imap_wait_count(struct peers *p, const char *user, int n, double timeout_s);
/* Message n, byte for byte as IMAP serves it (CRLF line ends), read with EXAMINE and
 * BODY.PEEK[] so its flags do not change. NUL-terminated, kept until exit; NULL on error. */
char *imap_fetch(struct peers *p, const char *user, int n, size_t *len);
/* Its header block only (BODY.PEEK[HEADER], ends with the empty line). */
char *imap_fetch_header(struct peers *p, const char *user, int n, size_t *len);
/* Message n's UID; -1 on error. */
long imap_uid(struct peers *p, const char *user, int n);
/* Message n's flags as IMAP lists them, e.g. "\Seen \Answered" ("" for none; kept); NULL on
 * error. */
const char *imap_flags(struct peers *p, const char *user, int n);
/* 1 when message n has \Seen, 0 when it has not, -1 on error. */
int imap_is_seen(struct peers *p, const char *user, int n);
/* UID STORE +FLAGS/-FLAGS (\Seen) on message n. True when the server said OK. */
bool imap_set_seen(struct peers *p, const char *user, int n, bool seen);
/* The poller's recipe (README.md): the URL imap://host/INBOX/;UID=uid, which libcurl sends as
 * UID FETCH uid BODY[] and whose literal it hands the write callback byte for byte — and which
 * sets \Seen. Kept until exit; NULL on error (CURLE_REMOTE_FILE_NOT_FOUND for a missing UID). */
char *imap_fetch_marking_seen(struct peers *p, const char *user, long uid, size_t *len);
/* UIDs without \Seen (UID SEARCH UNSEEN), ascending, into uids (at most max); count or -1. */
int imap_search_unseen(struct peers *p, const char *user, long *uids, int max);

/* ---- messages ------------------------------------------------------------------------------ */

/* The first header `name` of a raw message (only the header block is searched), unfolded, with
 * RFC 2047 encoded words decoded to UTF-8 (B and Q; UTF-8 and US-ASCII charsets — other
 * charsets' bytes are passed through). Kept until exit; NULL when absent. */
const char *mail_header(const char *raw, size_t len, const char *name);
/* Same, not decoded. */
const char *mail_header_raw(const char *raw, size_t len, const char *name);
/* Decode the RFC 2047 encoded words of a header value (kept until exit). */
const char *mail_decode_words(const char *value);
/* The text a reader sees: the body of a single-part message, or of the first text/plain part
 * of a multipart one (nested multiparts are searched), decoded from base64 or
 * quoted-printable. Line ends stay as they are (CRLF). Kept until exit; NULL when none. */
const char *mail_text(const char *raw, size_t len);

#endif
