/* recovery_desk.c — the agents' side of deposit recovery: the cases list and one case with its
 * facts, and the actions on it (retry, credit, approve, close). Who may do what: reading is
 * exchange.read; retry, credit and close exchange.act; approve exchange.approve, and never by
 * the person who asked for the credit (a second pair of eyes is a second person). */
#include "api/recovery.h"

#include <string.h>

#include "core/identity.h"
#include "util/clock.h"

static json_t *opt_time(int64_t ms)
{
	return ms ? json_time(ms) : json_null();
}

json_t *recovery_case_json(struct arena *a, const struct recovery_case_row *c, bool agent)
{
	/* amounts the customer may rely on: a credit decided, or a priced quote under review */
	bool money = *c->credit_amount &&
	             (!strcmp(c->action, "credit") || (!strcmp(c->state, "review") && c->value_known));
	json_t *o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
	    "reference", c->reference, "state", c->state, "status_text",
	    recovery_state_word(c->state, c->language), "asset", c->asset, "network", c->network,
	    "txid", c->txid, "amount", c->amount, "language", c->language, "code", c->code,
	    "credit_amount", money ? json_string(c->credit_amount) : json_null(), "fee_amount",
	    money ? json_string(c->fee_amount) : json_null(), "eta", opt_time(c->eta_at),
	    "created_at", json_time(c->created_at), "updated_at", json_time(c->updated_at),
	    "credited_at", opt_time(c->credited_at));
	json_object_set_new(o, "message",
	                    *c->message_key ? json_string(recovery_customer_text(a, c))
	                                    : json_null());
	if (!agent)
		return o;
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "ticket_id", json_id(c->ticket_id));
	json_object_set_new(o, "customer_id", json_id(c->customer_id));
	json_object_set_new(o, "source", json_string(c->source));
	json_object_set_new(o, "uid", json_string(c->uid));
	json_object_set_new(o, "uid_verified", json_boolean(c->uid_verified));
	json_object_set_new(o, "email", json_string(c->email));
	json_object_set_new(o, "address", json_string(c->address));
	json_object_set_new(o, "memo", json_string(c->memo));
	json_object_set_new(o, "memo_used", json_string(c->memo_used));
	json_object_set_new(o, "sender", json_string(c->sender));
	json_object_set_new(o, "note", json_string(c->note));
	json_object_set_new(o, "action", json_string(c->action));
	json_object_set_new(o, "message_key", json_string(c->message_key));
	json_object_set_new(o, "manual_reason", json_string(c->manual_reason));
	json_object_set_new(o, "summary", json_string(c->summary));
	json_t *facts = json_loads(c->facts, 0, NULL);
	json_object_set_new(o, "facts", facts ? facts : json_object());
	json_object_set_new(o, "quote",
	                    json_pack("{s:b, s:o, s:o, s:s, s:s}", "known", c->value_known,
	                              "value_minor",
	                              c->value_known ? json_integer(c->value_minor) : json_null(),
	                              "fee_minor",
	                              c->value_known ? json_integer(c->fee_minor) : json_null(),
	                              "fee_amount", c->fee_amount, "credit_amount",
	                              c->credit_amount));
	json_object_set_new(o, "credit_amount", *c->credit_amount ? json_string(c->credit_amount)
	                                                           : json_null());
	json_object_set_new(o, "fee_amount",
	                    *c->fee_amount ? json_string(c->fee_amount) : json_null());
	json_object_set_new(o, "automatic", json_boolean(c->automatic));
	json_object_set_new(o, "sla_due_at", opt_time(c->sla_due_at));
	json_object_set_new(o, "credit_requested_by", json_id(c->credit_requested_by));
	json_object_set_new(o, "approved_by", json_id(c->approved_by));
	json_object_set_new(o, "deposit_id", json_string(c->deposit_id));
	json_object_set_new(o, "close_reason", json_string(c->close_reason));
	json_object_set_new(o, "error", json_string(c->error));
	json_object_set_new(o, "checks", json_integer(c->checks));
	return o;
}

/* The agent's view, with the customer's identities masked for roles without PII. */
static json_t *agent_json(struct request *r, const struct recovery_case_row *c)
{
	json_t *o = recovery_case_json(&r->arena, c, true);
	if (!can_see_pii(r)) {
		char *m = arena_alloc(&r->arena, strlen(c->email) + 8);
		identity_mask_email(c->email, strlen(c->email), m);
		json_object_set_new(o, "email", json_string(m));
		m = arena_alloc(&r->arena, strlen(c->uid) + 8);
		identity_mask_value(c->uid, strlen(c->uid), m);
		json_object_set_new(o, "uid", json_string(m));
	}
	bool can_approve = perm_allowed(r->who.role, PERM_EXCHANGE_APPROVE) &&
	                   r->who.agent_id != c->credit_requested_by;
	json_object_set_new(o, "may_approve",
	                    json_boolean(can_approve && !strcmp(c->state, "approval")));
	return o;
}

/* A case is seen by whoever may see its ticket (an agent: the Recovery group's members and the
 * assignee), like the ticket itself. */
static bool case_visible(struct request *r, const struct recovery_case_row *c)
{
	struct ticket_row t;
	if (!c->ticket_id)
		return perm_sees_all_tickets(r->who.role);
	return store_ticket_get(store_reader(r->store), &r->arena, c->ticket_id, &t) &&
	       ticket_visible(r, &t);
}

void h_recovery_list(struct request *r)
{
	const char *state = http_query(r, "state"), *code = http_query(r, "code");
	int limit;
	int64_t before, ticket_id = 0;
	if (!http_query_limit(r, &limit) || !http_query_cursor(r, &before) ||
	    !http_query_id(r, "ticket_id", &ticket_id))
		return;
	struct db *db = store_reader(r->store);
	json_t *arr = json_array();
	if (ticket_id) {
		struct recovery_case_row c;
		if (store_recovery_get_by_ticket(db, &r->arena, ticket_id, &c) && case_visible(r, &c))
			json_array_append_new(arr, agent_json(r, &c));
		http_json(r, 200, json_pack("{s:o, s:n}", "cases", arr, "next_cursor"));
		return;
	}
	struct recovery_case_row *rows;
	size_t n = store_recovery_list(db, &r->arena, state && *state ? state : NULL,
	                               code && *code ? code : NULL, 0, before, limit + 1, &rows);
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		if (case_visible(r, &rows[i]))
			json_array_append_new(arr, agent_json(r, &rows[i]));
	json_t *next = n > (size_t)limit ? json_string(http_cursor_encode(r, rows[limit - 1].id))
	                                 : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "cases", arr, "next_cursor", next));
}

static bool load(struct request *r, struct recovery_case_row *c)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_recovery_get(store_reader(r->store), &r->arena, id, c) || !case_visible(r, c)) {
		http_error(r, 404, "not_found", "no such recovery case", NULL);
		return false;
	}
	return true;
}

static void answer_case(struct request *r, int64_t id, int status)
{
	struct recovery_case_row c;
	if (!store_recovery_get(store_reader(r->store), &r->arena, id, &c)) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	http_json(r, status, json_pack("{s:o}", "case", agent_json(r, &c)));
}

void h_recovery_get(struct request *r)
{
	struct recovery_case_row c;
	if (load(r, &c))
		http_json(r, 200, json_pack("{s:o}", "case", agent_json(r, &c)));
}

void h_recovery_retry(struct request *r)
{
	struct recovery_case_row c;
	if (!load(r, &c))
		return;
	if (!strcmp(c.state, "credited") || !strcmp(c.state, "closed") ||
	    !strcmp(c.state, "approval")) {
		http_error(r, 409, "invalid_state",
		           arena_printf(&r->arena, "a case in state %s is not checked again", c.state),
		           NULL);
		return;
	}
	struct actor who = actor_of(r);
	if (!recovery_run(r->store, c.id, &who)) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	answer_case(r, c.id, 200);
}

/* ---- manual credit, approval, closure: a state change in a job, then the connector ---- */

struct act_job {
	struct request *r;
	int64_t id;
	const char *verb; /* credit, approve, close */
	const char *reason;
	bool send;        /* out: send the credit now */
	struct job_error err;
};

static int act_run(struct db *w, void *ctx)
{
	struct act_job *j = ctx;
	struct arena *a = &j->r->arena;
	int64_t now = clock_now_ms();
	struct recovery_case_row c;
	if (!store_recovery_get(w, a, j->id, &c))
		return job_fail(&j->err, 404, "not_found", "no such recovery case", NULL);
	json_t *before = json_pack("{s:s, s:s}", "state", c.state, "action", c.action);
	struct actor who = actor_of(j->r);
	const char *note;
	int rc;
	if (!strcmp(j->verb, "credit")) {
		if (strcmp(c.state, "review") && strcmp(c.state, "waiting")) {
			rc = job_fail(&j->err, 409, "invalid_state",
			              arena_printf(a, "a case in state %s cannot be credited by hand",
			                           c.state),
			              NULL);
			goto out;
		}
		if (!*c.uid || !*c.credit_amount || !strcmp(c.code, "TX_NOT_FOUND")) {
			rc = job_fail(&j->err, 409, "not_creditable",
			              "the case has no verified exchange uid or no transaction found",
			              NULL);
			goto out;
		}
		struct recovery_settings s;
		recovery_settings_load(w, &s);
		/* A large credit, or one whose value nobody knows, needs a second person. */
		bool second = !c.value_known ||
		              (uint64_t)c.value_minor > s.policy.second_approval_above_minor;
		recovery_settings_free(&s);
		c.action = "credit";
		c.credit_requested_by = j->r->who.agent_id;
		c.state = second ? "approval" : "crediting";
		j->send = !second;
		note = arena_printf(a, "Deposit recovery %s: credit of %s %s (fee %s) requested%s.%s%s",
		                    c.reference, c.credit_amount, c.asset, c.fee_amount,
		                    second ? "; it waits for a second approver" : "",
		                    j->reason ? " Reason: " : "", j->reason ? j->reason : "");
	} else if (!strcmp(j->verb, "approve")) {
		if (strcmp(c.state, "approval")) {
			rc = job_fail(&j->err, 409, "invalid_state", "the case waits for no approval",
			              NULL);
			goto out;
		}
		if (c.credit_requested_by && c.credit_requested_by == j->r->who.agent_id) {
			rc = job_fail(&j->err, 403, "second_person_required",
			              "the credit must be approved by someone other than who asked for it",
			              NULL);
			goto out;
		}
		c.approved_by = j->r->who.agent_id;
		c.state = "crediting";
		j->send = true;
		note = arena_printf(a, "Deposit recovery %s: credit of %s %s approved.", c.reference,
		                    c.credit_amount, c.asset);
	} else {
		if (!strcmp(c.state, "credited") || !strcmp(c.state, "closed") ||
		    !strcmp(c.state, "crediting")) {
			rc = job_fail(&j->err, 409, "invalid_state",
			              arena_printf(a, "a case in state %s cannot be closed", c.state),
			              NULL);
			goto out;
		}
		c.state = "closed";
		c.close_reason = j->reason;
		c.message_key = arena_printf(a, "recovery.%s.closed", *c.code ? c.code : "uncredited");
		for (char *p = (char *)c.message_key; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		note = arena_printf(a, "Deposit recovery %s closed: %s", c.reference, j->reason);
	}
	c.updated_at = now;
	json_t *after = json_pack("{s:s, s:s}", "state", c.state, "action", c.action);
	struct message_row m = {.ticket_id = c.ticket_id, .kind = "note", .author_type = "agent",
	                        .author_id = who.id, .body = note, .created_at = now};
	bool ok = store_recovery_update(w, &c) == DB_DONE &&
	          audit_append(w, a, &who, arena_printf(a, "recovery.%s", j->verb),
	                       "recovery_case", c.id, c.ticket_id, before, after) &&
	          (!c.ticket_id || add_message(w, a, &who, &m));
	if (ok && c.ticket_id && !strcmp(j->verb, "close")) {
		struct message_row rep = {.ticket_id = c.ticket_id, .kind = "reply",
		                          .author_type = "agent", .author_id = who.id,
		                          .body = arena_printf(a, "%s\n\n%s",
		                                               recovery_customer_text(a, &c), j->reason),
		                          .created_at = now};
		ok = add_message(w, a, &who, &rep);
	}
	json_decref(after);
	rc = ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
out:
	json_decref(before);
	return rc;
}

static void act(struct request *r, const char *verb, bool reason_required)
{
	static const struct field_spec fields[] = {{"reason", FIELD_STRING, false, 2000}, {NULL}};
	struct recovery_case_row c;
	if (!load(r, &c))
		return;
	int64_t id = c.id;
	json_t *in = r->body_len ? http_body_json(r, fields) : json_object();
	if (!in)
		return;
	const char *reason = json_str(in, "reason");
	if (reason_required && !(reason && *reason)) {
		http_error(r, 422, "missing_field", "say why the case is closed", "reason");
		json_decref(in);
		return;
	}
	struct act_job j = {.r = r, .id = id, .verb = verb,
	                    .reason = reason ? arena_strdup(&r->arena, reason) : NULL};
	json_decref(in);
	int rc = store_write(r->store, act_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	struct actor who = actor_of(r);
	if (j.send && !recovery_credit(r->store, id, &who)) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	answer_case(r, id, 200);
}

void h_recovery_credit_manual(struct request *r)
{
	act(r, "credit", false);
}

void h_recovery_approve(struct request *r)
{
	act(r, "approve", false);
}

void h_recovery_close(struct request *r)
{
	act(r, "close", true);
}
