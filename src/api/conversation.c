/* conversation.c — what is said on a ticket: public replies, internal notes, the customer's
 * messages (which reopen or spawn follow-ups), and the message list. */
#include "api/api.h"
#include "api/mail.h"

#include <string.h>

#include "api/chat.h"
#include "core/ticket.h"
#include "util/clock.h"

#define MAX_MESSAGE (64 * 1024)


static const struct field_spec reply_fields[] = {
	{"body", FIELD_TEXT, true, MAX_MESSAGE},
	{"status", FIELD_STRING, false, 16},
	{"last_seen_message_id", FIELD_INT, false, 0, 0, 1, INT64_MAX},
	{NULL},
};
static const struct field_spec body_fields[] = {
	{"body", FIELD_TEXT, true, MAX_MESSAGE},
	{NULL},
};

enum say_kind { SAY_REPLY, SAY_NOTE, SAY_CUSTOMER };

struct say_job {
	struct request *r;
	enum say_kind kind;
	int64_t ticket_id;
	const char *body;
	bool has_status;
	enum ticket_status status;
	int64_t last_seen; /* the newest message the replying agent had on screen */
	int64_t message_id, result_ticket_id;
	struct job_error err;
};

bool add_message(struct db *w, struct arena *a, const struct actor *who,
			struct message_row *m)
{
	if (store_message_insert(w, m) != DB_DONE)
		return false;
	json_t *after = json_pack("{s:s}", "kind", m->kind);
	bool ok = audit_append(w, a, who, "message.create", "message", m->id, m->ticket_id, NULL,
			       after);
	json_decref(after);
	return ok;
}

/* A customer wrote on a closed ticket: a new ticket, linked to the old, takes the message. */
static int open_followup(struct db *w, struct arena *a, struct ticket_row *closed,
			 const char *body, int64_t now, int64_t *message_id, int64_t *ticket_id)
{
	struct actor who = {"customer", closed->customer_id};
	struct ticket_row t = *closed;
	t.id = 0;
	t.number = store_counter_next(w, "ticket_number");
	t.subject = arena_printf(a, "%s", closed->subject);
	t.status = "new";
	t.assignee_id = closed->assignee_id;
	t.parent_id = closed->id;
	t.merged_into_id = 0;
	t.created_at = t.updated_at = now;
	t.first_reply_at = t.solved_at = t.closed_at = 0;
	if (!t.number || store_ticket_insert(w, &t) != DB_DONE ||
	    store_link_insert(w, closed->id, t.id, "followup", now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = ticket_audit_json(&t);
	json_object_set_new(after, "parent_id", json_integer(closed->id));
	bool ok = audit_append(w, a, &who, "ticket.followup", "ticket", t.id, t.id, NULL, after);
	json_decref(after);
	char num[TICKET_NUMBER_MAX];
	ticket_number_format(closed->number, num);
	struct message_row sys = {.ticket_id = t.id, .kind = "system", .author_type = "system",
				  .body = arena_printf(a, "Follow-up to %s", num),
				  .created_at = now};
	struct message_row m = {.ticket_id = t.id, .kind = "customer", .author_type = "customer",
				.author_id = closed->customer_id, .body = body, .created_at = now};
	if (!ok || !add_message(w, a, &who, &sys) || !add_message(w, a, &who, &m))
		return STORE_COMMIT_FAILED;
	*message_id = m.id;
	*ticket_id = t.id;
	return STORE_JOB_OK;
}

int customer_says(struct db *w, struct arena *a, struct ticket_row *t, const char *body,
		  int64_t *message_id, int64_t *ticket_id)
{
	int64_t now = clock_now_ms();
	if (t->merged_into_id) {
		/* The conversation continues where it was merged to. */
		struct ticket_row into;
		if (!store_ticket_get(w, a, t->merged_into_id, &into))
			return STORE_COMMIT_FAILED;
		*t = into;
	}
	enum ticket_status cur;
	ticket_status_parse(t->status, &cur);
	enum customer_reply_effect eff = ticket_customer_reply_effect(cur);
	if (eff == REPLY_FOLLOWUP)
		return open_followup(w, a, t, body, now, message_id, ticket_id);
	struct actor who = {"customer", t->customer_id};
	json_t *before = ticket_audit_json(t);
	if (eff == REPLY_REOPEN)
		ticket_set_status(t, TICKET_OPEN, now);
	t->updated_at = now;
	json_t *after = ticket_audit_json(t);
	struct message_row m = {.ticket_id = t->id, .kind = "customer", .author_type = "customer",
				.author_id = t->customer_id, .body = body, .created_at = now};
	bool ok = add_message(w, a, &who, &m) && store_ticket_update(w, t) == DB_DONE &&
		  (json_equal(before, after) ||
		   audit_append(w, a, &who, "ticket.update", "ticket", t->id, t->id, before, after));
	json_decref(before);
	json_decref(after);
	*message_id = m.id;
	*ticket_id = t->id;
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int say_run(struct db *w, void *ctx)
{
	struct say_job *j = ctx;
	struct request *r = j->r;
	struct actor who = actor_of(r);
	struct ticket_row t;
	int64_t now = clock_now_ms();
	if (!store_ticket_get(w, &r->arena, j->ticket_id, &t) || !ticket_visible(r, &t))
		return job_fail(&j->err, 404, "not_found", "no such ticket", NULL);
	if (j->kind == SAY_CUSTOMER)
		return customer_says(w, &r->arena, &t, j->body, &j->message_id, &j->result_ticket_id);
	if (t.merged_into_id)
		return job_fail(&j->err, 409, "conflict",
				"the ticket was merged; write on the ticket it was merged into",
				NULL);
	enum ticket_status cur;
	ticket_status_parse(t.status, &cur);
	json_t *before = ticket_audit_json(&t);
	struct message_row m = {.ticket_id = t.id, .body = j->body, .created_at = now};
	int rc = STORE_JOB_OK;

	switch (j->kind) {
	case SAY_CUSTOMER: /* handled above */
	case SAY_REPLY:
	case SAY_NOTE:
		if (cur == TICKET_CLOSED) {
			json_decref(before);
			return job_fail(&j->err, 409, "conflict",
					"the ticket is closed; the customer's next message opens a "
					"follow-up",
					NULL);
		}
		/* Someone answered, or the customer wrote again, while this agent typed: stop the
		 * reply so the customer does not get two answers or one to an old question. */
		if (j->kind == SAY_REPLY && j->last_seen &&
		    store_message_latest_public(w, t.id) > j->last_seen) {
			json_decref(before);
			return job_fail(&j->err, 409, "reply_collision",
					"a new message arrived while you were writing; read it "
					"before sending",
					NULL);
		}
		/* An escalation is an internal case: the customer hears back on the parent only. */
		if (j->kind == SAY_REPLY && t.parent_id && store_ticket_is_escalation(w, t.id)) {
			json_decref(before);
			return job_fail(&j->err, 409, "escalation_child",
					"this is an internal escalation; answer the customer on the parent "
					"ticket (write a note here, then solve it)",
					NULL);
		}
		m.kind = j->kind == SAY_REPLY ? "reply" : "note";
		m.author_type = "agent";
		m.author_id = r->who.agent_id;
		if (j->kind == SAY_REPLY) {
			if (!t.first_reply_at)
				t.first_reply_at = now;
			/* Answering an unowned case takes it (as Chatwoot and Zendesk do), so the
			 * conversation, its SLA and its rating belong to whoever answered. */
			struct job_error ignore;
			if (!t.assignee_id &&
			    ticket_check_assignee(w, &r->arena, r->who.agent_id, t.group_id, &ignore) ==
				    STORE_JOB_OK)
				t.assignee_id = r->who.agent_id;
			enum ticket_status to = j->has_status ? j->status
					      : cur == TICKET_NEW ? TICKET_OPEN
								  : cur;
			if (!ticket_transition_allowed(cur, to)) {
				json_decref(before);
				return job_fail(&j->err, 422, "invalid_transition",
						arena_printf(&r->arena,
							     "a ticket cannot go from %s to %s",
							     t.status, ticket_status_name(to)),
						"status");
			}
			if (to != cur)
				ticket_set_status(&t, to, now);
		}
		break;
	}
	t.updated_at = now;
	json_t *after = ticket_audit_json(&t);
	if (!add_message(w, &r->arena, &who, &m) || store_ticket_update(w, &t) != DB_DONE)
		rc = STORE_COMMIT_FAILED;
	else if (!json_equal(before, after) &&
		 !audit_append(w, &r->arena, &who, "ticket.update", "ticket", t.id, t.id, before,
			       after))
		rc = STORE_COMMIT_FAILED;
	else if (cur != TICKET_SOLVED && !strcmp(t.status, "solved"))
		rc = escalation_child_solved(w, &r->arena, &who, &t, now);
	/* A reply reaches an email customer through the outbox, sent after commit. */
	if (rc == STORE_JOB_OK && j->kind == SAY_REPLY)
		rc = mail_queue_reply(w, &r->arena, &t, m.id, now);
	json_decref(before);
	json_decref(after);
	j->message_id = m.id;
	j->result_ticket_id = t.id;
	return rc;
}

static void say(struct request *r, enum say_kind kind)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	json_t *in = http_body_json(r, kind == SAY_REPLY ? reply_fields : body_fields);
	if (!in)
		return;
	struct say_job j = {.r = r, .kind = kind, .ticket_id = t.id};
	j.body = arena_strdup(&r->arena, json_str(in, "body"));
	j.last_seen = json_integer_value(json_object_get(in, "last_seen_message_id"));
	const char *s = json_str(in, "status");
	if (s) {
		if (!ticket_status_parse(s, &j.status)) {
			http_error(r, 422, "invalid_value",
				   "status is one of open, pending, on_hold, solved", "status");
			goto out;
		}
		j.has_status = true;
	}
	int rc = store_write(r->store, say_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct message_row m;
	store_message_get(db, &r->arena, j.message_id, &m);
	store_ticket_get(db, &r->arena, j.result_ticket_id, &t);
	http_json(r, 201, json_pack("{s:o, s:o}", "message", render_message_agent(db, &r->arena, &r->who, &m), "ticket",
				    render_ticket(r, db, &t)));
out:
	json_decref(in);
}

void h_ticket_reply(struct request *r)
{
	say(r, SAY_REPLY);
}

void h_ticket_note(struct request *r)
{
	say(r, SAY_NOTE);
}

void h_ticket_customer_message(struct request *r)
{
	say(r, SAY_CUSTOMER);
}

void h_ticket_messages(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	int limit;
	int64_t after;
	if (!ticket_load_visible(r, db, r->params[0], &t) || !http_query_limit(r, &limit) ||
	    !http_query_cursor(r, &after))
		return;
	struct message_row *rows;
	size_t n = store_message_list(db, &r->arena, t.id, after, limit + 1, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(arr, render_message_agent(db, &r->arena, &r->who, &rows[i]));
	json_t *next = n > (size_t)limit ? json_string(http_cursor_encode(r, rows[limit - 1].id))
					 : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "messages", arr, "next_cursor", next));
}

void h_ticket_events(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct event_row *rows;
	size_t n = store_event_list_ticket(db, &r->arena, t.id, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_event(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "events", arr));
}
