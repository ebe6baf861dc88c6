/* imap_poll.h — fetch new mail from an IMAP mailbox (libcurl) every interval and hand each
 * message to the same delivery function LMTP uses. A message is marked \Seen only after the
 * delivery said it is committed; see imap_poll.c for how a crash mid-fetch cannot lose one. A
 * message the desk refused for good is marked too (and logged), so it is not fetched forever. */
#ifndef EXDESK_CHANNELS_IMAP_POLL_H
#define EXDESK_CHANNELS_IMAP_POLL_H
#include "channels/lmtp_session.h"

struct imap_config {
	const char *url;      /* imap://user@host:port/INBOX or imaps://... */
	const char *password; /* NULL: none (or in the URL) */
	long interval_ms;
	size_t max_message;   /* larger messages are skipped (left unseen, logged) */
};

struct imap_poller;
struct imap_poller *imap_poller_start(const struct imap_config *cfg, lmtp_deliver_fn deliver,
				      void *ctx);
void imap_poller_stop(struct imap_poller *p);

/* One poll, synchronously (the thread's body; also for tests). Returns messages delivered, or
 * -1 if the server could not be asked. */
int imap_poll_once(const struct imap_config *cfg, lmtp_deliver_fn deliver, void *ctx);

#endif
