/* mail.h — the email channel's desk side: which mail a ticket sends and to whom (mail_out.c),
 * what an inbound mail does to the desk (mail_in.c), and the desk's mail settings
 * (mail_settings.c). The protocol adapters in src/channels (LMTP, IMAP, SMTP, MIME) know
 * nothing of tickets; serve wires them to these functions. */
#ifndef EXDESK_API_MAIL_H
#define EXDESK_API_MAIL_H
#include "api/api.h"
#include "channels/lmtp_session.h"
#include "core/mail_texts.h"

#define MAIL_MAX_MESSAGE (25u * 1024 * 1024) /* LMTP SIZE and IMAP fetch limit */

struct mail_desk {
	const char *address; /* support@example.com: From, Reply-To, Message-ID domain */
	const char *name;    /* display name in From */
	const char *domain;  /* the part after @ */
	bool ack;            /* acknowledge new inbound tickets */
	int rate_limit;      /* inbound mails per sender per hour */
	int64_t group_id;    /* the group new mail tickets go to (0 = none) */
};
void mail_desk_load(struct db *db, struct arena *a, struct mail_desk *out);
/* A system text for a language (fallback as mail_text_language): the admin's override, else the
 * built-in one. */
const char *mail_desk_text(struct db *db, struct arena *a, const char *language,
			   enum mail_text_id id);

/* ---- outbound (mail_out.c) ---- */
/* Inside a reply job: queue the email that carries public reply message_id of ticket t, if the
 * customer is reachable by email. A chat reply is mailed only if the customer has not read it
 * in the chat within the grace period. */
int mail_queue_reply(struct db *w, struct arena *a, const struct ticket_row *t,
		     int64_t message_id, int64_t now);

/* Inside the job that opened ticket t from a mail: queue the acknowledgement with its number. */
int mail_queue_ack(struct db *w, struct arena *a, const struct ticket_row *t, const char *to,
		   int64_t now);

struct mail_sender_config {
	const char *smtp_url; /* smtp://host:port or smtps://...; NULL = do not send */
	const char *smtp_user, *smtp_password;
};
/* The outbox worker: a thread that sends due mail and records each outcome. */
struct mail_sender;
struct mail_sender *mail_sender_start(struct store *s, const struct mail_sender_config *cfg);
void mail_sender_wake(struct mail_sender *m); /* something was queued */
void mail_sender_stop(struct mail_sender *m);

/* ---- inbound (mail_in.c) ---- */
struct mail_receiver {
	struct store *store;
	struct mail_sender *sender; /* woken when an acknowledgement was queued; may be NULL */
};
/* Deliver one raw mail to the desk (LMTP and IMAP both call this; ctx is a mail_receiver).
 * Returns after commit. A redelivery of a committed mail is accepted and changes nothing. */
enum lmtp_verdict mail_deliver(void *store, const struct lmtp_delivery *d, char *why,
			       size_t why_size);

/* ---- the whole channel, for serve (mail_channel.c) ---- */
struct mail_channel {
	struct mail_receiver rx;
	struct lmtp_server *lmtp;
	struct imap_poller *imap;
	struct mail_sender *sender;
};
/* Each part only when asked for: lmtp_host NULL = no LMTP, smtp_url NULL = nothing is sent (the
 * outbox keeps it), imap_url NULL = no polling. */
bool mail_channel_start(struct mail_channel *m, struct store *st, const char *lmtp_host,
			int lmtp_port, const char *smtp_url, const char *imap_url);
void mail_channel_stop(struct mail_channel *m);

/* ---- HTTP ---- */
/* A message as agents see it: render_message_full plus its delivery and its original mail. */
json_t *render_message_agent(struct db *db, struct arena *a, const struct principal *who,
			     const struct message_row *m);
void h_settings_mail(struct request *r);
void h_settings_mail_put(struct request *r);
void h_settings_mail_template_put(struct request *r);
void h_settings_mail_template_delete(struct request *r);
void h_ticket_outbox(struct request *r);
void h_message_original(struct request *r);

#endif
