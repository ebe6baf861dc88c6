/* mail_in.c — what one inbound mail does to the desk, in one transaction.
 *
 * The order of decisions, each for a reason:
 *  1. Seen before (same Message-ID, or the same bytes when it has none)? Accept and change
 *     nothing: MTAs and IMAP polls redeliver after timeouts.
 *  2. Automatic (auto-reply, bounce, list, null sender, our own address)? Record it, never open
 *     a ticket or send an acknowledgement: that is how mail loops start. A bounce of our own
 *     mail marks that outbox row failed, so the agent sees the reply did not arrive.
 *  3. Over the per-sender rate limit? Refuse with a temporary error: the sender's MTA keeps the
 *     mail and retries later, so nothing is lost and a runaway robot cannot flood the desk.
 *  4. Threading: In-Reply-To and References against the Message-IDs the ticket received and
 *     sent, then the ticket number inside our own Message-IDs, then "[EXD-NNNNNN]" in the
 *     subject. The sender must be the ticket's customer, or the mail opens a new ticket:
 *     a stranger who learns a ticket number never joins someone else's conversation.
 *  5. Otherwise a new ticket (language from the text), acknowledged with its number. */
#include "api/mail.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/customers.h"
#include "channels/mail_parse.h"
#include "core/filetype.h"
#include "core/ticket.h"
#include "http/auth.h"
#include "util/clock.h"
#include "util/langid.h"
#include "util/log.h"

#define RATE_WINDOW_MS (3600LL * 1000)
#define MAX_MERGE_HOPS 8
#define FROM_DESK      (1u << 16) /* beside the MAIL_AUTO_* bits: mail from our own address */

struct inbound_job {
	struct arena *a;
	const struct lmtp_delivery *d;
	struct parsed_mail *pm;
	const char *key, *sender, *recipient, *language;
	unsigned automatic; /* auto flags, plus NULL_SENDER for an empty envelope sender */
	bool duplicate, rate_limited, wake_sender;
	int64_t ticket_id;
};

static const char *auto_reason(unsigned flags)
{
	if (flags & MAIL_AUTO_BOUNCE)
		return "bounce";
	if (flags & MAIL_AUTO_SUBMITTED)
		return "auto_submitted";
	if (flags & MAIL_AUTO_REPLY_HEADER)
		return "autoreply_header";
	if (flags & MAIL_AUTO_PRECEDENCE)
		return "precedence";
	if (flags & MAIL_AUTO_LIST)
		return "mailing_list";
	if (flags & MAIL_AUTO_NULL_SENDER)
		return "null_sender";
	return "from_desk";
}

static bool record(struct db *w, struct inbound_job *j, const char *disposition,
		   const char *reason, int64_t ticket_id, int64_t message_id)
{
	struct mail_inbound_row row = {.dedupe_key = j->key,
				       .sender = j->sender,
				       .recipient = j->recipient,
				       .disposition = disposition,
				       .reason = reason,
				       .ticket_id = ticket_id,
				       .message_id = message_id,
				       .raw = (const unsigned char *)j->d->data,
				       .raw_len = j->d->len,
				       .received_at = clock_now_ms()};
	return store_mail_inbound_insert(w, &row) == DB_DONE;
}

/* An automatic mail: recorded and audited, and a bounce of our own mail fails its outbox row. */
static int automatic(struct db *w, struct inbound_job *j)
{
	struct actor sys = {"system", 0};
	const char *reason = auto_reason(j->automatic);
	int64_t ticket_id = 0;
	struct outbox_row o;
	if ((j->automatic & MAIL_AUTO_BOUNCE) && j->pm->dsn_original_id &&
	    store_outbox_get_by_mail_id(w, j->a, j->pm->dsn_original_id, &o)) {
		ticket_id = o.ticket_id;
		const char *why = arena_printf(j->a, "bounced: %.180s",
					       *j->pm->subject ? j->pm->subject : "delivery failed");
		if (store_outbox_finish(w, o.id, "failed", why, o.next_attempt_at, clock_now_ms()) !=
		    DB_DONE)
			return STORE_COMMIT_FAILED;
		json_t *after = json_pack("{s:s, s:s}", "status", "failed", "error", why);
		bool ok = audit_append(w, j->a, &sys, "mail.bounced", "outbox", o.id, ticket_id, NULL,
				       after);
		json_decref(after);
		if (!ok)
			return STORE_COMMIT_FAILED;
	}
	if (!record(w, j, (j->automatic & MAIL_AUTO_BOUNCE) ? "bounce" : "automatic", reason,
		    ticket_id, 0))
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:s, s:s}", "sender", j->sender, "reason", reason);
	bool ok = audit_append(w, j->a, &sys, "mail.ignored", "mail", 0, ticket_id, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* "exd.EXD-100123.9f2c...@desk.example" -> the ticket with that number, if the domain is ours. */
static int64_t ticket_from_our_id(struct db *w, struct arena *a, const char *id,
				  const char *domain)
{
	const char *at = strrchr(id, '@');
	if (strncmp(id, "exd.", 4) != 0 || !at || strcasecmp(at + 1, domain) != 0)
		return 0;
	const char *num = id + 4, *dot = strchr(num, '.');
	int64_t seq;
	struct ticket_row t;
	if (!dot || !ticket_number_parse(num, (size_t)(dot - num), &seq) ||
	    !store_ticket_get_by_number(w, a, seq, &t))
		return 0;
	return t.id;
}

/* "[EXD-100123]" anywhere in the subject. */
static int64_t ticket_from_subject(struct db *w, struct arena *a, const char *subject)
{
	for (const char *p = strchr(subject, '['); p; p = strchr(p + 1, '[')) {
		const char *end = strchr(p, ']');
		int64_t seq;
		struct ticket_row t;
		if (end && ticket_number_parse(p + 1, (size_t)(end - p - 1), &seq) &&
		    store_ticket_get_by_number(w, a, seq, &t))
			return t.id;
	}
	return 0;
}

/* The ticket this mail answers, and which rule found it. */
static int64_t find_thread(struct db *w, struct inbound_job *j, const char *domain,
			   const char **how)
{
	const struct parsed_mail *pm = j->pm;
	const char *ids[64];
	size_t n = 0;
	if (pm->in_reply_to)
		ids[n++] = pm->in_reply_to;
	for (size_t i = pm->n_references; i > 0 && n < 64; i--)
		ids[n++] = pm->references[i - 1]; /* newest first */
	for (size_t i = 0; i < n; i++) {
		int64_t id = store_mail_thread_find(w, ids[i]);
		if (id) {
			*how = "references";
			return id;
		}
	}
	for (size_t i = 0; i < n; i++) {
		int64_t id = ticket_from_our_id(w, j->a, ids[i], domain);
		if (id) {
			*how = "our_message_id";
			return id;
		}
	}
	int64_t id = ticket_from_subject(w, j->a, pm->subject);
	*how = id ? "subject_number" : "";
	return id;
}

static bool add_attachments(struct db *w, struct inbound_job *j, int64_t ticket_id,
			    int64_t message_id)
{
	struct parsed_mail *pm = j->pm;
	char *refused = NULL;
	for (size_t i = 0; i < pm->n_attachments; i++) {
		struct mail_attachment *at = &pm->attachments[i];
		if (!filetype_allowed(at->content_type, at->data, at->size)) {
			refused = arena_printf(j->a, "%s%s%s (%s)", refused ? refused : "",
					       refused ? ", " : "", at->filename, at->content_type);
			continue;
		}
		char hex[SECRET_HEX];
		auth_sha256_hex((const char *)at->data, at->size, hex);
		struct attachment_row row = {.message_id = message_id,
					     .ticket_id = ticket_id,
					     .filename = at->filename,
					     .content_type = at->content_type,
					     .size = (int64_t)at->size,
					     .sha256 = hex,
					     .data = at->data,
					     .created_at = clock_now_ms()};
		if (store_attachment_insert(w, &row) != DB_DONE)
			return false;
	}
	if (!refused && !pm->dropped_attachments)
		return true;
	/* The agent learns what the customer sent that we did not keep. */
	const char *text = arena_printf(
		j->a, "%s%s%s%s", refused ? "Attachments refused (type not allowed or content does not match its type): " : "",
		refused ? refused : "", refused && pm->dropped_attachments ? ". " : "",
		pm->dropped_attachments
			? arena_printf(j->a, "%zu attachment(s) over the size or count limit dropped.",
				       pm->dropped_attachments)
			: "");
	struct message_row note = {.ticket_id = ticket_id, .kind = "system",
				   .author_type = "system", .body = text,
				   .created_at = clock_now_ms()};
	struct actor sys = {"system", 0};
	return add_message(w, j->a, &sys, &note);
}

static int inbound_run(struct db *w, void *ctx)
{
	struct inbound_job *j = ctx;
	if (store_mail_inbound_exists(w, j->key)) {
		j->duplicate = true;
		return STORE_JOB_OK;
	}
	struct mail_desk desk;
	mail_desk_load(w, j->a, &desk);
	if (strcasecmp(j->sender, desk.address) == 0)
		j->automatic |= FROM_DESK; /* a loop through a forwarder */
	if (j->automatic)
		return automatic(w, j);
	int64_t now = clock_now_ms();
	if (desk.rate_limit > 0 &&
	    store_mail_sender_count(w, j->sender, now - RATE_WINDOW_MS) >= desk.rate_limit) {
		j->rate_limited = true;
		return JOB_FAILED;
	}
	struct parsed_mail *pm = j->pm;
	const char *how = "";
	int64_t tid = find_thread(w, j, desk.domain, &how);
	struct ticket_row t;
	bool have = tid && store_ticket_get(w, j->a, tid, &t);
	for (int hop = 0; have && t.merged_into_id && hop < MAX_MERGE_HOPS; hop++)
		have = store_ticket_get(w, j->a, t.merged_into_id, &t);
	int64_t sender_customer = store_customer_find(w, "email", j->sender);
	const char *reason = how;
	if (have && sender_customer != t.customer_id) {
		have = false;
		reason = "stranger_in_thread";
	}
	int64_t message_id = 0, ticket_id = 0;
	int rc;
	const char *body = pm->text;
	if (have) {
		rc = customer_says(w, j->a, &t, body, &message_id, &ticket_id);
	} else {
		struct requester_in req = {.email = j->sender,
					   .name = *pm->from_name ? pm->from_name : NULL,
					   .language = j->language,
					   .vip_tier = -1};
		struct customer_row c;
		struct actor sys = {"system", 0};
		struct job_error err;
		rc = customer_resolve(w, j->a, &sys, &req, now, &c, &err);
		if (rc)
			return rc;
		memset(&t, 0, sizeof t);
		t.subject = *pm->subject ? pm->subject : "(no subject)";
		t.channel = "email";
		t.priority = "normal";
		t.language = j->language;
		struct group_row grp;
		int64_t fallback = desk.group_id && store_group_get(w, j->a, desk.group_id, &grp)
					   ? desk.group_id
					   : 0;
		struct routing_outcome ro;
		routing_apply(w, j->a, &c, &t, body, fallback, &ro);
		struct actor customer = {"customer", c.id};
		rc = ticket_open(w, j->a, &customer, &c, &t, body, &message_id);
		if (!rc && !routing_audit(w, j->a, &t, &ro))
			rc = STORE_COMMIT_FAILED;
		ticket_id = t.id;
		if (!rc && desk.ack) {
			rc = mail_queue_ack(w, j->a, &t, j->sender, now);
			j->wake_sender = true;
		}
	}
	if (rc)
		return rc;
	size_t fold = pm->visible_len < strlen(body) ? pm->visible_len : 0;
	if (store_message_set_mail(w, message_id, "email", (int64_t)fold, pm->html) != DB_DONE ||
	    !add_attachments(w, j, ticket_id, message_id) ||
	    (pm->message_id && store_mail_thread_add(w, pm->message_id, ticket_id) != DB_DONE) ||
	    !record(w, j, have ? "appended" : "created", reason, ticket_id, message_id))
		return STORE_COMMIT_FAILED;
	j->ticket_id = ticket_id;
	return STORE_JOB_OK;
}

/* The key a redelivery is recognised by. */
static const char *dedupe_key(struct arena *a, const struct parsed_mail *pm, const char *raw,
			      size_t len)
{
	if (pm->message_id && *pm->message_id)
		return pm->message_id;
	char hex[SECRET_HEX];
	auth_sha256_hex(raw, len, hex);
	return arena_printf(a, "sha256:%s", hex);
}

enum lmtp_verdict mail_deliver(void *ctx, const struct lmtp_delivery *d, char *why,
			       size_t why_size)
{
	struct mail_receiver *rx = ctx;
	static const struct mail_limits limits = {.max_attachment = 10u * 1024 * 1024,
						  .max_attachments = 20,
						  .max_text = 256u * 1024};
	struct parsed_mail pm;
	char err[120] = "";
	if (!mail_parse(d->data, d->len, &limits, &pm, err, sizeof err)) {
		parsed_mail_free(&pm);
		snprintf(why, why_size, "not a mail message: %s", err);
		return LMTP_REJECT;
	}
	struct arena a;
	arena_init(&a, 16384);
	struct inbound_job j = {.a = &a, .d = d, .pm = &pm};
	j.key = dedupe_key(&a, &pm, d->data, d->len);
	j.sender = pm.from_address ? pm.from_address : arena_strdup(&a, d->mail_from ? d->mail_from : "");
	j.recipient = d->n_rcpts ? d->rcpts[0] : "";
	j.automatic = pm.auto_flags;
	if (d->mail_from && !*d->mail_from)
		j.automatic |= MAIL_AUTO_NULL_SENDER; /* MAIL FROM:<> is how bounces travel */
	if (!*j.sender)
		j.automatic |= MAIL_AUTO_NULL_SENDER; /* nobody to answer */
	const char *lang = langid_detect(pm.text, pm.visible_len ? pm.visible_len : strlen(pm.text));
	if (!lang)
		lang = langid_detect(pm.subject, strlen(pm.subject));
	j.language = lang;

	int rc = store_write(rx->store, inbound_run, &j);
	enum lmtp_verdict v;
	char q[80];
	if (rc == STORE_JOB_OK) {
		v = LMTP_ACCEPT;
		snprintf(why, why_size, "%s", j.duplicate ? "(already delivered)" : "");
		log_event(LOG_INFO, "mail_in", "sender=%s disposition=%s ticket=%lld",
			  log_quote(j.sender, strlen(j.sender), q, sizeof q),
			  j.duplicate ? "duplicate" : j.automatic ? "automatic" : "stored",
			  (long long)j.ticket_id);
		if (j.wake_sender && rx->sender)
			mail_sender_wake(rx->sender);
	} else if (j.rate_limited) {
		v = LMTP_RATE_LIMITED;
		log_event(LOG_WARN, "mail_rate_limited", "sender=%s",
			  log_quote(j.sender, strlen(j.sender), q, sizeof q));
	} else {
		v = LMTP_TEMPFAIL;
		snprintf(why, why_size, "the desk could not store the mail now, try again later");
	}
	arena_free(&a);
	parsed_mail_free(&pm);
	return v;
}
