/* mail_out.c — what a ticket sends by email and to whom: replies and acknowledgements are queued
 * in the outbox inside the transaction that made them, with their Message-ID fixed there, so a
 * retry or a restart sends the same mail and a reply can never be lost or doubled by a crash
 * between commit and send. The sending itself is mail_sender.c. */
#include "api/mail.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/ticket.h"

/* A chat reply waits this long for the customer to read it in the widget before it is mailed. */
#define CHAT_EMAIL_GRACE_MS_DEFAULT (2 * 60 * 1000)

static int64_t chat_email_grace_ms(void)
{
	const char *e = getenv("EXDESK_CHAT_EMAIL_GRACE_MS");
	return e && *e ? atoll(e) : CHAT_EMAIL_GRACE_MS_DEFAULT;
}

/* <exd.EXD-100123.3f9a...@desk.example>: the ticket number inside our own Message-IDs lets a
 * reply find its ticket even when the customer's client dropped In-Reply-To. */
static const char *new_mail_id(struct arena *a, const struct ticket_row *t, const char *domain)
{
	unsigned char rnd[8];
	char hex[sizeof rnd * 2 + 1], num[TICKET_NUMBER_MAX];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	ticket_number_format(t->number, num);
	return arena_printf(a, "exd.%s.%s@%s", num, hex, domain);
}

/* Whom a ticket's mail goes to: the address that last wrote in, else the customer's first email
 * identity. NULL when the customer has no email. */
static const char *recipient_of(struct db *w, struct arena *a, const struct ticket_row *t)
{
	struct mail_inbound_row in;
	if (store_mail_latest_inbound(w, a, t->id, &in) && *in.sender)
		return in.sender;
	struct customer_row c;
	if (!store_customer_get(w, a, t->customer_id, &c))
		return NULL;
	for (size_t i = 0; i < c.n_identities; i++)
		if (strcmp(c.identities[i].kind, "email") == 0)
			return c.identities[i].value;
	return NULL;
}

static int queue(struct db *w, struct arena *a, const struct ticket_row *t, const char *kind,
		 int64_t message_id, const char *to, bool unless_read, int64_t at, int64_t now)
{
	struct mail_desk desk;
	mail_desk_load(w, a, &desk);
	struct outbox_row o = {.kind = kind,
			       .channel = "email",
			       .ticket_id = t->id,
			       .message_id = message_id,
			       .recipient = to,
			       .mail_id = new_mail_id(a, t, desk.domain),
			       .unless_read = unless_read,
			       .next_attempt_at = at,
			       .created_at = now};
	if (store_outbox_insert(w, &o) != DB_DONE ||
	    store_mail_thread_add(w, o.mail_id, t->id) != DB_DONE)
		return STORE_COMMIT_FAILED;
	return STORE_JOB_OK;
}

int mail_queue_reply(struct db *w, struct arena *a, const struct ticket_row *t,
		     int64_t message_id, int64_t now)
{
	bool chat = strcmp(t->channel, "chat") == 0;
	/* Phone and messenger customers hear back on their own channel, not by surprise email. */
	if (!chat && strcmp(t->channel, "email") != 0 && strcmp(t->channel, "web") != 0 &&
	    strcmp(t->channel, "api") != 0)
		return STORE_JOB_OK;
	const char *to = recipient_of(w, a, t);
	if (!to)
		return STORE_JOB_OK;
	int64_t at = chat ? now + chat_email_grace_ms() : now;
	return queue(w, a, t, "reply", message_id, to, chat, at, now);
}

int mail_queue_ack(struct db *w, struct arena *a, const struct ticket_row *t, const char *to,
		   int64_t now)
{
	return queue(w, a, t, "ack", 0, to, false, now, now);
}
