/* mail_channel.c — starts and stops the email channel's parts for `exdesk serve`: the LMTP
 * listener and the IMAP poller (both deliver through mail_deliver) and the outbox sender. */
#include "api/mail.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "channels/imap_poll.h"
#include "channels/lmtp_server.h"
#include "util/log.h"

bool mail_channel_start(struct mail_channel *m, struct store *st, const char *lmtp_host,
			int lmtp_port, const char *smtp_url, const char *imap_url)
{
	memset(m, 0, sizeof *m);
	m->rx.store = st;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (smtp_url) {
		struct mail_sender_config sc = {.smtp_url = smtp_url,
						.smtp_user = getenv("EXDESK_SMTP_USER"),
						.smtp_password = getenv("EXDESK_SMTP_PASSWORD")};
		m->sender = mail_sender_start(st, &sc);
		if (!m->sender)
			return false;
		m->rx.sender = m->sender;
	}
	if (lmtp_host) {
		const char *max = getenv("EXDESK_MAIL_MAX_BYTES"); /* tests use a small limit */
		struct lmtp_config lc = {.hostname = "exdesk",
					 .max_message = max && *max ? strtoull(max, NULL, 10)
								    : MAIL_MAX_MESSAGE,
					 .max_recipients = 100};
		m->lmtp = lmtp_server_start(lmtp_host, lmtp_port, &lc, mail_deliver, &m->rx);
		if (!m->lmtp) {
			mail_sender_stop(m->sender);
			return false;
		}
	}
	if (imap_url) {
		const char *iv = getenv("EXDESK_IMAP_POLL_MS");
		struct imap_config ic = {.url = imap_url,
					 .password = getenv("EXDESK_IMAP_PASSWORD"),
					 .interval_ms = iv && *iv ? atol(iv) : 30000,
					 .max_message = MAIL_MAX_MESSAGE};
		m->imap = imap_poller_start(&ic, mail_deliver, &m->rx);
		if (!m->imap) {
			lmtp_server_stop(m->lmtp);
			mail_sender_stop(m->sender);
			return false;
		}
	}
	return true;
}

void mail_channel_stop(struct mail_channel *m)
{
	imap_poller_stop(m->imap);
	lmtp_server_stop(m->lmtp);
	mail_sender_stop(m->sender);
	m->imap = NULL;
	m->lmtp = NULL;
	m->sender = NULL;
}
