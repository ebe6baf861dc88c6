/* stream.c — what each push stream carries (docs/chat.md "Push"). The mechanics (suspended
 * connections, resume, heartbeats) are in http/push.c; this file decides, per committed event,
 * whether a stream gets it and renders it. An agent sees what the API would show them; a widget
 * customer sees only the public side of their own chat tickets — never an internal note. */
#include "api/api.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/chat.h"
#include "api/mail.h"
#include "core/ticket.h"
#include "http/push.h"
#include "util/clock.h"
#include "util/textbuf.h"

static struct store *stream_store;

static void frame(struct textbuf *out, int64_t id, const char *event, json_t *data)
{
	char *s = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	if (!s)
		return;
	textbuf_printf(out, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)id, event, s);
	free(s);
}

static bool is_public(const char *kind)
{
	return !strcmp(kind, "reply") || !strcmp(kind, "customer") || !strcmp(kind, "system");
}

static void render_for_agent(const struct push_stream *ps, struct db *db, struct arena *a,
			     const struct event_row *e, struct textbuf *out)
{
	const struct principal *who = push_stream_principal(ps);
	if (!strcmp(e->action, "agent.presence")) {
		json_t *after = e->after ? json_loads(e->after, 0, NULL) : NULL;
		frame(out, e->id, "agent",
		      json_pack("{s:I, s:O}", "agent_id", (json_int_t)e->object_id, "presence",
				after ? json_object_get(after, "presence") : json_null()));
		json_decref(after);
		return;
	}
	if (!e->ticket_id)
		return;
	struct ticket_row t;
	if (!store_ticket_get(db, a, e->ticket_id, &t) ||
	    !perm_ticket_visible(who->role, who->agent_id, who->groups, who->n_groups, t.group_id,
				 t.assignee_id))
		return;
	if (!strcmp(e->action, "message.create")) {
		struct message_row m;
		if (store_message_get(db, a, e->object_id, &m))
			frame(out, e->id, "message",
			      json_pack("{s:I, s:o}", "ticket_id", (json_int_t)t.id, "message",
					render_message_agent(db, a, who, &m)));
	} else if (!strncmp(e->action, "ticket.", 7)) {
		frame(out, e->id, "ticket", json_pack("{s:o}", "ticket", render_ticket_as(a, who, db, &t)));
	} else if (!strncmp(e->action, "mail.", 5) && !strcmp(e->object_type, "outbox")) {
		/* A mail was sent, deferred, bounced or failed: the console updates its badge. */
		struct outbox_row o;
		if (store_outbox_get(db, a, e->object_id, &o))
			frame(out, e->id, "delivery",
			      json_pack("{s:I, s:o}", "ticket_id", (json_int_t)t.id, "delivery",
					render_delivery(a, who, &o)));
	} else if (!strcmp(e->action, "csat.create")) {
		frame(out, e->id, "csat", json_pack("{s:I, s:o}", "ticket_id", (json_int_t)t.id, "csat",
						    e->after ? json_loads(e->after, 0, NULL) : json_null()));
	} else if (!strcmp(e->action, "read.customer")) {
		frame(out, e->id, "read", json_pack("{s:I, s:I, s:s}", "ticket_id", (json_int_t)t.id,
						    "message_id", (json_int_t)e->object_id, "by",
						    "customer"));
	}
}

static void render_for_customer(const struct push_stream *ps, struct db *db, struct arena *a,
				const struct event_row *e, struct textbuf *out)
{
	struct ticket_row t;
	if (!e->ticket_id || !store_ticket_get(db, a, e->ticket_id, &t) ||
	    t.customer_id != push_stream_customer(ps) || strcmp(t.channel, "chat") != 0 ||
	    store_ticket_is_escalation(db, t.id))
		return;
	if (!strcmp(e->action, "message.create")) {
		struct message_row m;
		if (store_message_get(db, a, e->object_id, &m) && is_public(m.kind))
			frame(out, e->id, "message",
			      json_pack("{s:I, s:o}", "ticket_id", (json_int_t)t.id, "message",
					render_message_full(db, a, &m)));
	} else if (!strncmp(e->action, "ticket.", 7)) {
		frame(out, e->id, "ticket", json_pack("{s:o}", "ticket", render_conversation(db, a, &t)));
	} else if (!strcmp(e->action, "read.agent")) {
		frame(out, e->id, "read", json_pack("{s:I, s:I, s:s}", "ticket_id", (json_int_t)t.id,
						    "message_id", (json_int_t)e->object_id, "by",
						    "agent"));
	}
}

/* Last-Event-ID (sent by EventSource on reconnect) or ?since=; -1 = from now on. */
static bool stream_since(struct request *r, int64_t *since)
{
	const char *s = http_header_in(r, "Last-Event-ID");
	if (!s)
		s = http_query(r, "since");
	*since = -1;
	if (!s || !*s)
		return true;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v < 0 || errno == ERANGE) {
		http_error(r, 400, "invalid_query", "since / Last-Event-ID is an event id", "since");
		return false;
	}
	*since = v;
	return true;
}

struct gone_job {
	int64_t agent_id;
};

static int gone_run(struct db *w, void *ctx)
{
	struct gone_job *j = ctx;
	struct arena a;
	arena_init(&a, 2048);
	struct agent_row ag;
	int rc = STORE_JOB_OK;
	if (store_agent_get(w, &a, j->agent_id, &ag) && strcmp(ag.presence, "offline") != 0) {
		json_t *b = json_pack("{s:s}", "presence", ag.presence);
		json_t *af = json_pack("{s:s, s:s}", "presence", "offline", "reason", "console closed");
		struct actor who = {"system", 0};
		if (store_agent_set_presence(w, ag.id, "offline", clock_now_ms()) != DB_DONE ||
		    !audit_append(w, &a, &who, "agent.presence", "agent", ag.id, 0, b, af))
			rc = STORE_COMMIT_FAILED;
		json_decref(b);
		json_decref(af);
	}
	arena_free(&a);
	return rc;
}

/* The console of this agent has been gone for the grace period: nobody is there to answer. */
static void agent_gone(int64_t agent_id)
{
	struct gone_job j = {agent_id};
	store_write(stream_store, gone_run, &j);
}

void stream_init(struct store *s)
{
	stream_store = s;
	push_set_gone_hook(agent_gone);
}

/* An agent stream lives only as long as what opened it: its API token or its session, and the
 * agent's active account. Role and groups are re-read so visibility follows changes at once. */
static bool agent_check(struct push_stream *ps, struct db *db, struct arena *a)
{
	const struct principal *who = push_stream_principal(ps);
	struct agent_row ag;
	enum role role;
	if (!store_agent_get(db, a, who->agent_id, &ag) || !ag.active || !role_parse(ag.role, &role) ||
	    !perm_allowed(role, PERM_TICKET_READ))
		return false;
	if (who->token_id) {
		struct token_row t;
		if (!store_token_get(db, a, who->token_id, &t) || t.revoked_at)
			return false;
	} else if (!store_session_alive(db, push_stream_session(ps), clock_now_ms())) {
		return false;
	}
	push_stream_set_principal(ps, role, ag.groups, ag.n_groups);
	return true;
}

static bool widget_check(struct push_stream *ps, struct db *db, struct arena *a)
{
	(void)a;
	return store_widget_session_alive(db, push_stream_session(ps), clock_now_ms());
}

void h_stream(struct request *r)
{
	struct push_spec spec = {.who = r->who, .session_id = r->who.session_id,
				 .render = render_for_agent, .check = agent_check};
	if (stream_since(r, &spec.since))
		push_start(r, &spec);
}

void h_widget_stream(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	struct push_spec spec = {.customer_id = ws.customer_id, .session_id = ws.id,
				 .render = render_for_customer, .check = widget_check};
	if (stream_since(r, &spec.since))
		push_start(r, &spec);
}
