/* mail_sender.c — the outbox worker: one thread that sends due mail and records each outcome.
 *
 * A row is claimed in a short transaction (attempts + 1, next attempt pushed out by a lease),
 * composed from what the store holds now, handed to the relay, and the outcome is written in a
 * second transaction with its audit event (which also tells open consoles). If the process dies
 * between the relay's 250 and that second commit, the row is sent again after the lease — with
 * the same Message-ID, so the customer's client shows it once. That window is the only way a
 * mail is sent twice, and no mail is ever dropped: a relay that is down only delays it.
 *
 * Retries back off (base × 2^(attempt-1), at most an hour) and give up after MAX_ATTEMPTS,
 * leaving the row failed with the last reason, shown on the ticket. */
#include "api/mail.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channels/mail_compose.h"
#include "channels/smtp_client.h"
#include "core/ticket.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define LEASE_MS          (5LL * 60 * 1000)
#define MAX_BACKOFF_MS    (60LL * 60 * 1000)
#define CLAIM_BATCH       16
#define REFERENCES_MAX    20

struct mail_sender {
	struct store *store;
	struct smtp_config smtp;
	char *url, *user, *password;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop, woken;
	int64_t retry_base_ms, poll_ms;
	int max_attempts;
};

static int64_t env_ms(const char *name, int64_t dflt)
{
	const char *e = getenv(name);
	return e && *e ? atoll(e) : dflt;
}

/* ---- composing ---- */

static const char *fill(struct arena *a, const char *tmpl, const struct mail_text_vars *v)
{
	char *s = mail_text_fill(tmpl, v);
	const char *r = arena_strdup(a, s ? s : "");
	free(s);
	return r;
}

enum outcome { OUT_SENT, OUT_RETRY, OUT_FAILED, OUT_SKIPPED };

/* Compose and send one claimed row. */
static enum outcome deliver(struct mail_sender *m, struct arena *a, const struct outbox_row *o,
			    char *err, size_t err_size)
{
	struct db *db = store_reader(m->store);
	struct ticket_row t;
	struct customer_row c;
	if (!store_ticket_get(db, a, o->ticket_id, &t) || !store_customer_get(db, a, t.customer_id, &c)) {
		snprintf(err, err_size, "the ticket is gone");
		return OUT_FAILED;
	}
	struct message_row msg = {0};
	if (o->message_id && !store_message_get(db, a, o->message_id, &msg)) {
		snprintf(err, err_size, "the message is gone");
		return OUT_FAILED;
	}
	if (o->unless_read && store_read_mark_get(db, t.id, "customer") >= o->message_id) {
		snprintf(err, err_size, "read in the chat");
		return OUT_SKIPPED;
	}
	struct mail_desk desk;
	mail_desk_load(db, a, &desk);
	char num[TICKET_NUMBER_MAX];
	ticket_number_format(t.number, num);
	struct mail_text_vars vars = {.number = num, .subject = t.subject, .name = c.name,
				      .desk = desk.name};
	/* "Dear Wang Xiaoming," reads well; "Dear ," does not: a nameless customer gets the
	 * greeting without a name (both are admin-editable templates). */
	bool named = c.name && c.name[strspn(c.name, " \t")] != 0;
	vars.greeting = fill(a, mail_desk_text(db, a, t.language,
					       named ? MAIL_TEXT_GREETING_NAME : MAIL_TEXT_GREETING),
			     &vars);
	const char *lang = t.language, *subject, *body, *footer = NULL;
	bool ack = strcmp(o->kind, "ack") == 0;
	if (ack) {
		subject = fill(a, mail_desk_text(db, a, lang, MAIL_TEXT_ACK_SUBJECT), &vars);
		body = fill(a, mail_desk_text(db, a, lang, MAIL_TEXT_ACK_BODY), &vars);
	} else {
		enum mail_text_id sid = strcmp(t.channel, "chat") == 0 ? MAIL_TEXT_CHAT_REPLY_SUBJECT
								       : MAIL_TEXT_REPLY_SUBJECT;
		subject = fill(a, mail_desk_text(db, a, lang, sid), &vars);
		body = msg.body;
		footer = fill(a, mail_desk_text(db, a, lang, MAIL_TEXT_REPLY_FOOTER), &vars);
	}
	/* Threading: answer the customer's latest mail; list the ticket's ids before ours. */
	struct mail_inbound_row in;
	const char *in_reply_to = NULL;
	if (store_mail_latest_inbound(db, a, t.id, &in) && strncmp(in.dedupe_key, "sha256:", 7) != 0)
		in_reply_to = in.dedupe_key;
	const char **ids;
	size_t n = store_mail_thread_ids(db, a, t.id, REFERENCES_MAX + 1, &ids), k = 0;
	const char **refs = arena_alloc(a, (n + 1) * sizeof *refs);
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], o->mail_id) != 0)
			refs[k++] = ids[i];
	struct outgoing_mail out = {.from_name = desk.name,
				    .from_address = desk.address,
				    .to_name = c.name,
				    .to_address = o->recipient,
				    .reply_to = desk.address,
				    .subject = subject,
				    .body = body,
				    .footer = footer,
				    .message_id = o->mail_id,
				    .in_reply_to = in_reply_to,
				    .references = refs,
				    .n_references = k,
				    .date_ms = clock_now_ms(),
				    /* RFC 3834: the acknowledgement and the desk's own replies (the
				     * auto-reply outside shifts) say they are automatic, so the
				     * customer's vacation responder does not answer them. */
				    .auto_generated = ack || (msg.author_type &&
							      !strcmp(msg.author_type, "system")),
				    .ticket_number = num,
				    .language = mail_text_language(lang)};
	size_t len;
	char *bytes = mail_compose(&out, &len);
	if (!bytes) {
		snprintf(err, err_size, "the recipient address cannot be used");
		return OUT_FAILED;
	}
	enum smtp_result r = smtp_send(&m->smtp, desk.address, o->recipient, bytes, len, err, err_size);
	free(bytes);
	if (r == SMTP_SENT)
		return OUT_SENT;
	if (r == SMTP_PERMANENT || o->attempts >= m->max_attempts)
		return OUT_FAILED;
	return OUT_RETRY;
}

/* ---- recording ---- */

struct claim_job {
	struct arena *a;
	int64_t lease_ms;
	struct outbox_row *rows;
	size_t n;
};

static int claim_run(struct db *w, void *ctx)
{
	struct claim_job *j = ctx;
	int64_t now = clock_now_ms();
	j->n = store_outbox_claim(w, j->a, now, now + j->lease_ms, CLAIM_BATCH, &j->rows);
	return STORE_JOB_OK;
}

struct finish_job {
	struct arena *a;
	const struct outbox_row *o;
	enum outcome outcome;
	const char *error;
	int64_t next_at;
};

static int finish_run(struct db *w, void *ctx)
{
	struct finish_job *j = ctx;
	static const char *const status[] = {"sent", "queued", "failed", "skipped"};
	static const char *const action[] = {"mail.sent", "mail.deferred", "mail.failed",
					     "mail.skipped"};
	int64_t now = clock_now_ms();
	if (store_outbox_finish(w, j->o->id, status[j->outcome],
				j->outcome == OUT_SENT ? NULL : j->error, j->next_at, now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:s, s:s, s:s, s:I}", "status", status[j->outcome], "kind",
				  j->o->kind, "to", j->o->recipient, "attempts",
				  (json_int_t)j->o->attempts);
	if (j->outcome != OUT_SENT)
		json_object_set_new(after, "error", json_string(j->error));
	if (j->outcome == OUT_RETRY)
		json_object_set_new(after, "next_attempt_at", json_time(j->next_at));
	struct actor sys = {"system", 0};
	bool ok = audit_append(w, j->a, &sys, action[j->outcome], "outbox", j->o->id, j->o->ticket_id,
			       NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int64_t backoff_ms(const struct mail_sender *m, int64_t attempts)
{
	int64_t d = m->retry_base_ms;
	for (int64_t i = 1; i < attempts && d < MAX_BACKOFF_MS; i++)
		d *= 2;
	return d < MAX_BACKOFF_MS ? d : MAX_BACKOFF_MS;
}

/* Send everything due now; returns how many rows were handled. */
static size_t send_due(struct mail_sender *m)
{
	struct arena a;
	arena_init(&a, 32768);
	struct claim_job cj = {.a = &a, .lease_ms = LEASE_MS};
	if (store_write_background(m->store, claim_run, &cj) != STORE_JOB_OK)
		cj.n = 0;
	for (size_t i = 0; i < cj.n; i++) {
		const struct outbox_row *o = &cj.rows[i];
		char err[400] = "";
		enum outcome oc = deliver(m, &a, o, err, sizeof err);
		struct finish_job fj = {.a = &a, .o = o, .outcome = oc, .error = err,
					.next_at = oc == OUT_RETRY ? clock_now_ms() + backoff_ms(m, o->attempts)
								   : o->next_attempt_at};
		char q[200];
		log_event(oc == OUT_SENT || oc == OUT_SKIPPED ? LOG_INFO : LOG_WARN, "mail_out",
			  "outbox=%lld kind=%s attempt=%lld outcome=%s error=%s", (long long)o->id,
			  o->kind, (long long)o->attempts,
			  (const char *[]){"sent", "retry", "failed", "skipped"}[oc],
			  log_quote(err, strlen(err), q, sizeof q));
		if (store_write_background(m->store, finish_run, &fj) != STORE_JOB_OK)
			log_event(LOG_ERROR, "mail_out_record_failed", "outbox=%lld", (long long)o->id);
	}
	size_t n = cj.n;
	arena_free(&a);
	return n;
}

static void *sender_main(void *arg)
{
	struct mail_sender *m = arg;
	pthread_mutex_lock(&m->mu);
	while (!m->stop) {
		m->woken = false;
		pthread_mutex_unlock(&m->mu);
		while (send_due(m) == CLAIM_BATCH)
			;
		int64_t next = store_outbox_next_due(store_reader(m->store));
		int64_t wait = m->poll_ms, now = clock_now_ms();
		if (next && next - now < wait)
			wait = next - now < 10 ? 10 : next - now;
		struct timespec until;
		clock_deadline_after(&until, wait);
		pthread_mutex_lock(&m->mu);
		while (!m->stop && !m->woken)
			if (pthread_cond_timedwait(&m->cv, &m->mu, &until) != 0)
				break;
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

struct mail_sender *mail_sender_start(struct store *s, const struct mail_sender_config *cfg)
{
	struct mail_sender *m = xcalloc(1, sizeof *m);
	m->store = s;
	m->url = xstrdup(cfg->smtp_url);
	m->user = cfg->smtp_user ? xstrdup(cfg->smtp_user) : NULL;
	m->password = cfg->smtp_password ? xstrdup(cfg->smtp_password) : NULL;
	m->smtp = (struct smtp_config){.url = m->url, .user = m->user, .password = m->password,
				       .timeout_s = 120};
	m->retry_base_ms = env_ms("EXDESK_OUTBOX_RETRY_MS", 30000);
	m->poll_ms = env_ms("EXDESK_OUTBOX_POLL_MS", 1000);
	m->max_attempts = (int)env_ms("EXDESK_OUTBOX_MAX_ATTEMPTS", 12);
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, sender_main, m) != 0) {
		log_event(LOG_ERROR, "mail_sender_start_failed", "reason=%s", "pthread_create");
		free(m->url), free(m->user), free(m->password), free(m);
		return NULL;
	}
	return m;
}

void mail_sender_wake(struct mail_sender *m)
{
	pthread_mutex_lock(&m->mu);
	m->woken = true;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
}

void mail_sender_stop(struct mail_sender *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = true;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	if (m->password)
		memset(m->password, 0, strlen(m->password));
	free(m->url), free(m->user), free(m->password), free(m);
}
