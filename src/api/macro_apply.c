/* macro_apply.c — one macro used on one ticket: the preview (the text the customer would get, in
 * the ticket's language, template variables filled; nothing changes) and the apply (the reply or note
 * and the macro's actions in one transaction, audited as macro.apply).
 *
 * The apply job says what POST /tickets/{id}/reply and /notes say (conversation.c) with the same
 * rules: no reply on a closed or merged ticket, none over a message the agent has not seen
 * (reply_collision), none on an escalation child; a reply counts as the first response, takes an
 * unowned ticket, opens a new one and is queued by mail. It does it here, in the macro's own
 * transaction, because a reply that went out while its status or tags did not change (or the
 * reverse) is exactly what a macro must never leave behind. */
#include "api/macros.h"

#include <stdlib.h>
#include <string.h>

#include "api/mail.h"
#include "util/clock.h"
#include "util/utf8.h"

#define MACRO_MAX_MESSAGE (64 * 1024) /* MAX_MESSAGE: a reply or note, filled */

static const struct field_spec preview_fields[] = {
    {"locale", FIELD_STRING, false, 16},
    {NULL},
};

static const struct field_spec apply_fields[] = {
    {"body", FIELD_TEXT, false, MACRO_MAX_MESSAGE},
    {"locale", FIELD_STRING, false, 16},
    {"last_seen_message_id", FIELD_INT, false, 0, 0, 1, INT64_MAX},
    {NULL},
};

/* An optional JSON body: none at all reads as {}. NULL (answered) when it is bad. */
static json_t *optional_body(struct request *r, const struct field_spec *fields)
{
	return r->body_len ? http_body_json(r, fields) : json_object();
}

/* The locale a request asks for (canonical), NULL when none; false (answered) if unknown. */
static bool requested_locale(struct request *r, json_t *in, const char **out)
{
	const char *s = json_str(in, "locale");
	*out = NULL;
	if (!s)
		return true;
	if ((*out = macro_locale_canonical(s, strlen(s))))
		return true;
	http_error(r, 422, "invalid_value",
	           "locale is one of en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr", "locale");
	return false;
}

struct rendering {
	const char *locale; /* the variant used */
	bool fallback;      /* the wanted locale had no variant: the default one was used */
	char *body;         /* filled, in the arena; NULL when memory ran out */
	unsigned missing;   /* template variables used without a value (bit per enum macro_variable) */
};

/* The macro's text for ticket t in `wanted` (NULL: the ticket's language), filled. */
static void render_for(struct db *db, struct arena *a, const struct principal *who,
                       const struct macro_row *m, const struct ticket_row *t, const char *wanted,
                       struct rendering *out)
{
	const char *want = wanted ? wanted : macro_locale_of(t->language);
	const char *text = macro_variant(m, want);
	out->locale = text ? want : m->default_locale;
	out->fallback = !text;
	if (!text)
		text = macro_variant(m, m->default_locale);
	struct customer_row c;
	struct mail_desk desk;
	char number[TICKET_NUMBER_MAX];
	ticket_number_format(t->number, number);
	mail_desk_load(db, a, &desk);
	struct macro_vars v = {
	    .values = {
	        [MACRO_PH_CUSTOMER_NAME] =
	            store_customer_get(db, a, t->customer_id, &c) ? c.name : NULL,
	        [MACRO_PH_TICKET_NUMBER] = number,
	        [MACRO_PH_TICKET_SUBJECT] = t->subject,
	        [MACRO_PH_AGENT_NAME] = who->name,
	        [MACRO_PH_DESK_NAME] = desk.name,
	    }};
	char *filled = macro_fill(text, &v, &out->missing);
	out->body = filled ? arena_strdup(a, filled) : NULL;
	free(filled);
}

static json_t *missing_json(unsigned missing)
{
	json_t *arr = json_array();
	for (int i = 0; i < MACRO_PH_COUNT; i++)
		if (missing & (1u << i))
			json_array_append_new(arr, json_string(macro_variable_names[i]));
	return arr;
}

/* ---- preview ---- */

void h_macro_preview(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	struct macro_row m;
	int64_t mid;
	if (!ticket_load_visible(r, db, r->params[0], &t) || !http_param_id(r, 1, &mid) ||
	    !macro_load_visible(r, db, mid, &m))
		return;
	json_t *in = optional_body(r, preview_fields);
	const char *wanted;
	if (!in || !requested_locale(r, in, &wanted))
		goto out;
	struct rendering x;
	render_for(db, &r->arena, &r->who, &m, &t, wanted, &x);
	if (!x.body) {
		http_error(r, 500, "internal", "internal error", NULL);
		goto out;
	}
	http_json(r, 200,
	          json_pack("{s:I, s:s, s:b, s:s, s:o, s:o}", "macro_id", (json_int_t)m.id,
	                    "locale", x.locale, "fallback", x.fallback, "body", x.body, "missing",
	                    missing_json(x.missing), "actions", render_macro_actions(&m)));
out:
	json_decref(in);
}

/* ---- apply ---- */

struct apply_job {
	struct request *r;
	int64_t ticket_id, macro_id;
	const char *body;   /* the agent's edited text, NULL: the macro's, filled */
	const char *wanted; /* the locale asked for, NULL: the ticket's language */
	int64_t last_seen;
	int64_t message_id;
	struct job_error err;
};

/* The reply rules of conversation.c's say_run, for a message of this kind on ticket t. */
static int may_say(struct db *w, struct apply_job *j, const struct ticket_row *t, bool reply)
{
	if (t->merged_into_id)
		return job_fail(&j->err, 409, "conflict",
		                "the ticket was merged; write on the ticket it was merged into",
		                NULL);
	if (!strcmp(t->status, "closed"))
		return job_fail(
		    &j->err, 409, "conflict",
		    "the ticket is closed; the customer's next message opens a follow-up", NULL);
	if (reply && j->last_seen && store_message_latest_public(w, t->id) > j->last_seen)
		return job_fail(
		    &j->err, 409, "reply_collision",
		    "a new message arrived while you were writing; read it before sending", NULL);
	if (reply && t->parent_id && store_ticket_is_escalation(w, t->id))
		return job_fail(&j->err, 409, "escalation_child",
		                "this is an internal escalation; answer the customer on the parent "
		                "ticket (a note macro works here)",
		                NULL);
	return STORE_JOB_OK;
}

static int apply_run(struct db *w, void *ctx)
{
	struct apply_job *j = ctx;
	struct request *r = j->r;
	struct arena *a = &r->arena;
	struct actor who = actor_of(r);
	int64_t now = clock_now_ms();
	struct ticket_row t;
	struct macro_row m;
	if (!store_ticket_get(w, a, j->ticket_id, &t) || !ticket_visible(r, &t))
		return job_fail(&j->err, 404, "not_found", "no such ticket", NULL);
	if (!store_macro_get(w, a, j->macro_id, &m) || !macro_visible(&r->who, &m))
		return job_fail(&j->err, 404, "not_found", "no such macro", NULL);
	struct macro_actions act;
	macro_actions_of(&m, &act);
	bool reply = act.public_reply;
	int rc = may_say(w, j, &t, reply);
	if (rc)
		return rc;

	struct rendering x = {0};
	render_for(w, a, &r->who, &m, &t, j->wanted, &x);
	const char *body = j->body ? j->body : x.body;
	if (!body)
		return STORE_COMMIT_FAILED;
	if (strlen(body) > MACRO_MAX_MESSAGE)
		return job_fail(
		    &j->err, 422, "too_long",
		    "the macro's text filled for this ticket is longer than 65536 bytes", "body");

	/* The ticket as the macro leaves it. */
	enum ticket_status cur;
	ticket_status_parse(t.status, &cur);
	json_t *before = ticket_audit_json(&t);
	enum ticket_status to = act.set_status               ? act.status
	                        : reply && cur == TICKET_NEW ? TICKET_OPEN
	                                                     : cur;
	if (!ticket_transition_allowed(cur, to)) {
		json_decref(before);
		return job_fail(
		    &j->err, 422, "invalid_transition",
		    arena_printf(a,
		                 "the macro sets status %s, and a ticket cannot go from %s to %s",
		                 ticket_status_name(to), t.status, ticket_status_name(to)),
		    "actions.status");
	}
	const char **tags = arena_alloc(a, MAX_TAGS * sizeof *tags);
	size_t n_tags;
	enum macro_err me = macro_tags_apply(&act, t.tags, t.n_tags, tags, &n_tags);
	if (me != MACRO_OK) {
		json_decref(before);
		return job_fail(&j->err, 422, "too_many", macro_strerror(me), macro_err_field(me));
	}
	for (size_t i = 0; i < n_tags; i++)
		tags[i] = arena_strdup(a, tags[i]); /* out of act, which dies with this frame */
	t.tags = tags;
	t.n_tags = n_tags;
	if (act.set_priority)
		t.priority = ticket_priority_name(act.priority);
	if (to != cur)
		ticket_set_status(&t, to, now);
	if (reply) {
		if (!t.first_reply_at)
			t.first_reply_at = now;
		/* Answering an unowned case takes it, as a reply does. */
		struct job_error ignore;
		if (!t.assignee_id && ticket_check_assignee(w, a, r->who.agent_id, t.group_id,
		                                            &ignore) == STORE_JOB_OK)
			t.assignee_id = r->who.agent_id;
	}
	t.updated_at = now;

	struct message_row msg = {.ticket_id = t.id,
	                          .kind = reply ? "reply" : "note",
	                          .author_type = "agent",
	                          .author_id = r->who.agent_id,
	                          .body = body,
	                          .created_at = now};
	json_t *after = ticket_audit_json(&t);
	json_t *applied = json_pack("{s:I, s:s, s:s, s:b, s:s, s:o}", "macro_id", (json_int_t)m.id,
	                            "name", m.name, "locale", x.locale, "edited", j->body != NULL,
	                            "kind", msg.kind, "actions", render_macro_actions(&m));
	bool ok = add_message(w, a, &who, &msg) && store_ticket_update(w, &t) == DB_DONE &&
	          (json_equal(before, after) ||
	           audit_append(w, a, &who, "ticket.update", "ticket", t.id, t.id, before, after));
	if (ok) {
		json_object_set_new(applied, "message_id", json_integer(msg.id));
		ok = audit_append(w, a, &who, "macro.apply", "macro", m.id, t.id, NULL, applied);
	}
	if (!ok)
		rc = STORE_COMMIT_FAILED;
	else if (cur != TICKET_SOLVED && to == TICKET_SOLVED)
		rc = escalation_child_solved(w, a, &who, &t, now);
	if (rc == STORE_JOB_OK && reply)
		rc = mail_queue_reply(w, a, &t, msg.id, now);
	json_decref(before);
	json_decref(after);
	json_decref(applied);
	j->message_id = msg.id;
	return rc;
}

void h_macro_apply(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	struct macro_row m;
	struct apply_job j = {.r = r};
	if (!ticket_load_visible(r, db, r->params[0], &t) || !http_param_id(r, 1, &j.macro_id) ||
	    !macro_load_visible(r, db, j.macro_id, &m))
		return;
	json_t *in = optional_body(r, apply_fields);
	if (!in || !requested_locale(r, in, &j.wanted))
		goto out;
	if (json_has(in, "body")) {
		const char *b = json_str(in, "body");
		size_t len = strlen(b);
		utf8_trim(b, &len);
		if (!len) {
			http_error(r, 422, "invalid_value", "body must not be empty", "body");
			goto out;
		}
		j.body = arena_strdup(&r->arena, b);
	}
	j.ticket_id = t.id;
	j.last_seen = json_integer_value(json_object_get(in, "last_seen_message_id"));
	int rc = store_write(r->store, apply_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct message_row msg;
	store_message_get(db, &r->arena, j.message_id, &msg);
	store_ticket_get(db, &r->arena, t.id, &t);
	http_json(r, 201,
	          json_pack("{s:o, s:o}", "message",
	                    render_message_agent(db, &r->arena, &r->who, &msg), "ticket",
	                    render_ticket(r, db, &t)));
out:
	json_decref(in);
}
