/* withdrawal_holds.c — a held withdrawal's endpoints (docs/exchange/withdrawal-holds.md): the
 * hold with its reasons, diff and checklist; the checklist's items; release (with a second
 * approver when the decision says so); cancel; and the customer told the outcome in their
 * language.
 *
 * Never a double release: the connector release carries the idempotency key
 * "release:<withdrawal id>", so two approvers pressing at once get one release at the exchange,
 * and the job that records it re-reads the row and records (and tells the customer) once.
 * A connector failure changes no state: it is kept as the hold's last_error and answered. */
#include "api/withdrawal_holds.h"

#include <stdlib.h>
#include <string.h>

#include "api/mail.h"
#include "core/amount.h"
#include "core/identity.h"
#include "core/perm.h"
#include "util/clock.h"
#include "util/log.h"

#define NOTE_MAX   2000 /* bytes of an agent's note or reason */
#define N_ITEMS    4

static const char *const items[N_ITEMS] = {"two_factor", "kyc", "details_confirmed",
                                           "scam_questions"};
/* Scam-screening answers that mean a scam is likely under way: release is refused. */
static const char *const red_flags[] = {"asked_by_someone", "promised_returns",
                                        "remote_guidance", "urgency_pressure"};
#define N_RED       (sizeof red_flags / sizeof red_flags[0])

static bool open_state(const char *s)
{
	return !strcmp(s, "held") || !strcmp(s, "holding") || !strcmp(s, "release_requested");
}

/* ---- loading and rendering ---- */

/* The hold {id} whose ticket the principal may see; answers 404 otherwise. */
static bool hold_load(struct request *r, struct db *db, struct hold_row *h, struct ticket_row *t)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_hold_get(db, &r->arena, id, h) || !h->ticket_id ||
	    !store_ticket_get(db, &r->arena, h->ticket_id, t) || !ticket_visible(r, t)) {
		http_error(r, 404, "not_found", "no such hold", NULL);
		return false;
	}
	return true;
}

static json_t *loads_or(const char *s, json_t *fallback)
{
	json_t *j = s ? json_loads(s, 0, NULL) : NULL;
	if (j) {
		json_decref(fallback);
		return j;
	}
	return fallback;
}

static bool checklist(struct db *db, struct arena *a, const struct hold_row *h, json_t **out,
                      const char **missing, bool *red)
{
	struct hold_check_row *c;
	size_t n = store_hold_checks(db, a, h->id, &c);
	json_t *arr = json_array();
	bool complete = true;
	*missing = NULL;
	*red = false;
	for (size_t i = 0; i < N_ITEMS; i++) {
		const struct hold_check_row *found = NULL;
		for (size_t k = 0; k < n; k++)
			if (!strcmp(c[k].item, items[i]))
				found = &c[k];
		json_t *o = json_pack("{s:s, s:b}", "item", items[i], "done", found != NULL);
		if (found) {
			json_t *d = loads_or(found->detail, json_object());
			if (json_array_size(json_object_get(d, "red_flags")))
				*red = true;
			json_object_set_new(o, "detail", d);
			json_object_set_new(o, "agent_id", json_id(found->agent_id));
			json_object_set_new(o, "done_at", json_time(found->done_at));
		} else {
			complete = false;
			*missing = *missing ? arena_printf(a, "%s, %s", *missing, items[i]) : items[i];
		}
		json_array_append_new(arr, o);
	}
	if (out)
		*out = arr;
	else
		json_decref(arr);
	return complete;
}

static json_t *render_hold(struct request *r, struct db *db, const struct hold_row *h)
{
	json_t *list;
	const char *missing;
	bool red;
	bool complete = checklist(db, &r->arena, h, &list, &missing, &red);
	bool approver = perm_allowed(r->who.role, PERM_EXCHANGE_APPROVE);
	json_t *o = json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:i, s:s, s:o, s:o}", "id",
	    (json_int_t)h->id, "withdrawal_id", h->withdrawal_id, "uid", h->uid, "asset", h->asset,
	    "network", h->network, "amount", h->amount, "address", h->address, "memo", h->memo,
	    "decision", h->decision, "second_approval", h->second_approval, "compliance",
	    h->compliance, "score", h->score, "state", h->state, "hits",
	    loads_or(h->hits, json_array()), "diff", loads_or(h->diff, json_null()));
	if (!can_see_pii(r)) { /* the exchange uid is masked like the requester's (qa) */
		char *m = arena_alloc(&r->arena, strlen(h->uid) + 8);
		identity_mask_value(h->uid, strlen(h->uid), m);
		json_object_set_new(o, "uid", json_string(m));
	}
	json_object_set_new(o, "value_usd_cents",
	                    h->value_cents >= 0 ? json_integer(h->value_cents) : json_null());
	json_object_set_new(o, "ticket_id", json_id(h->ticket_id));
	json_object_set_new(o, "customer_id", json_id(h->customer_id));
	json_object_set_new(o, "checklist", list);
	json_object_set_new(o, "checklist_complete", json_boolean(complete));
	json_object_set_new(o, "red_flags", json_boolean(red));
	json_object_set_new(o, "requested_by", json_id(h->requested_by));
	json_object_set_new(o, "requested_at", h->requested_at ? json_time(h->requested_at)
	                                                       : json_null());
	json_object_set_new(o, "decided_by", json_id(h->decided_by));
	json_object_set_new(o, "decided_at", h->decided_at ? json_time(h->decided_at) : json_null());
	json_object_set_new(o, "cancel_reason", json_string(h->cancel_reason));
	json_object_set_new(o, "last_error", *h->last_error ? json_string(h->last_error)
	                                                    : json_null());
	json_object_set_new(o, "challenge_id", *h->challenge_id ? json_string(h->challenge_id)
	                                                        : json_null());
	/* What this viewer may do next, so the console shows only the buttons that work. */
	bool open = open_state(h->state) && !h->compliance;
	json_object_set_new(
	    o, "can",
	    json_pack("{s:b, s:b, s:b}", "release",
	              open && strcmp(h->state, "release_requested") != 0 && complete && !red,
	              "approve",
	              !strcmp(h->state, "release_requested") && approver &&
	                  h->requested_by != r->who.agent_id,
	              "cancel", open_state(h->state)));
	json_object_set_new(o, "created_at", json_time(h->created_at));
	json_object_set_new(o, "updated_at", json_time(h->updated_at));
	return o;
}

void h_hold_get(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct hold_row h;
	struct ticket_row t;
	if (hold_load(r, db, &h, &t))
		http_json(r, 200, json_pack("{s:o}", "hold", render_hold(r, db, &h)));
}

void h_ticket_holds(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct hold_row *rows;
	size_t n = store_hold_list_ticket(db, &r->arena, t.id, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_hold(r, db, &rows[i]));
	http_json(r, 200, json_pack("{s:o}", "holds", arr));
}

/* ---- recording ---- */

enum hold_op {
	OP_CHECK,     /* tick item with detail */
	OP_CHALLENGE, /* a 2FA challenge was created: remember its id */
	OP_CHALLENGE_END, /* it failed or expired: forget it (the next press sends another) */
	OP_ERROR,     /* the connector failed: keep why */
	OP_REQUEST,   /* release requested, waiting for a second approver */
	OP_RELEASED,
	OP_CANCELLED,
};

struct hold_job {
	struct request *r;
	enum hold_op op;
	int64_t id;
	const char *item, *detail, *text;
	struct hold_row h;
	bool already; /* the outcome was recorded by someone else first */
	struct job_error err;
};

/* The agent's public reply with the outcome, in the ticket's language. */
static bool tell_customer(struct db *w, struct arena *a, struct request *r, const struct hold_row *h,
                          enum hold_text which, int64_t now)
{
	struct ticket_row t;
	if (!store_ticket_get(w, a, h->ticket_id, &t))
		return false;
	char body[2048];
	struct hold_text_vars v = {h->amount, h->asset, h->network, h->address, NULL};
	hold_text_fill(which, t.language, &v, body, sizeof body);
	struct actor who = actor_of(r);
	struct message_row m = {.ticket_id = t.id, .kind = "reply", .author_type = "agent",
	                        .author_id = r->who.agent_id, .body = arena_strdup(a, body),
	                        .created_at = now};
	json_t *before = ticket_audit_json(&t);
	if (!t.first_reply_at)
		t.first_reply_at = now;
	if (!strcmp(t.status, "new"))
		ticket_set_status(&t, TICKET_OPEN, now);
	t.updated_at = now;
	json_t *after = ticket_audit_json(&t);
	bool ok = add_message(w, a, &who, &m) && store_ticket_update(w, &t) == DB_DONE &&
	          (json_equal(before, after) ||
	           audit_append(w, a, &who, "ticket.update", "ticket", t.id, t.id, before, after)) &&
	          mail_queue_reply(w, a, &t, m.id, now) == STORE_JOB_OK;
	json_decref(before);
	json_decref(after);
	return ok;
}

static const char *const op_action[] = {
    [OP_CHECK] = "withdrawal.checklist",      [OP_CHALLENGE] = "withdrawal.2fa_requested",
    [OP_CHALLENGE_END] = "withdrawal.2fa_result",
    [OP_ERROR] = "withdrawal.connector_error", [OP_REQUEST] = "withdrawal.release_requested",
    [OP_RELEASED] = "withdrawal.released",    [OP_CANCELLED] = "withdrawal.cancelled",
};

static int hold_run(struct db *w, void *ctx)
{
	struct hold_job *j = ctx;
	struct request *r = j->r;
	struct arena *a = &r->arena;
	int64_t now = clock_now_ms();
	struct hold_row *h = &j->h;
	if (!store_hold_get(w, a, j->id, h))
		return job_fail(&j->err, 404, "not_found", "no such hold", NULL);
	/* Someone else finished it while the connector call was under way: record nothing. */
	if ((j->op == OP_RELEASED && !strcmp(h->state, "released")) ||
	    (j->op == OP_CANCELLED && !strcmp(h->state, "cancelled"))) {
		j->already = true;
		return STORE_JOB_OK;
	}
	/* Re-checked inside the job: another agent may have moved the hold since it was read. */
	bool fits = j->op == OP_ERROR ||
	            (j->op == OP_REQUEST ? !strcmp(h->state, "held") || !strcmp(h->state, "holding")
	                                 : open_state(h->state));
	if (!fits)
		return job_fail(&j->err, 409, "invalid_state",
		                arena_printf(a, "the hold is %s now", h->state), NULL);
	json_t *before = json_pack("{s:s, s:s}", "state", h->state, "last_error", h->last_error);
	json_t *after = NULL;
	h->updated_at = now;
	struct actor who = actor_of(r);
	switch (j->op) {
	case OP_CHECK:
		if (store_hold_check_set(w, h->id, j->item, j->detail, r->who.agent_id, now) != DB_DONE)
			goto failed;
		after = json_pack("{s:s, s:o}", "item", j->item, "detail",
		                  loads_or(j->detail, json_object()));
		if (!strcmp(j->item, "two_factor"))
			h->challenge_id = "";
		break;
	case OP_CHALLENGE:
		h->challenge_id = j->text;
		h->challenges++;
		h->last_error = "";
		after = json_pack("{s:s, s:I}", "challenge_id", j->text, "challenges",
		                  (json_int_t)h->challenges);
		break;
	case OP_CHALLENGE_END:
		after = json_pack("{s:s, s:s}", "challenge_id", h->challenge_id, "status", j->item);
		h->challenge_id = "";
		break;
	case OP_ERROR:
		h->last_error = j->text;
		after = json_pack("{s:s, s:s}", "state", h->state, "last_error", j->text);
		break;
	case OP_REQUEST:
		h->state = "release_requested";
		h->requested_by = r->who.agent_id;
		h->requested_at = now;
		h->last_error = "";
		after = json_pack("{s:s, s:I}", "state", h->state, "requested_by",
		                  (json_int_t)r->who.agent_id);
		break;
	case OP_RELEASED:
	case OP_CANCELLED:
		h->state = j->op == OP_RELEASED ? "released" : "cancelled";
		if (j->op == OP_RELEASED && !h->requested_by) {
			h->requested_by = r->who.agent_id;
			h->requested_at = now;
		}
		h->decided_by = r->who.agent_id;
		h->decided_at = now;
		h->last_error = "";
		if (j->op == OP_CANCELLED)
			h->cancel_reason = j->text;
		after = json_pack("{s:s, s:I, s:s}", "state", h->state, "decided_by",
		                  (json_int_t)r->who.agent_id, "reason", j->text ? j->text : "");
		if (!tell_customer(w, a, r, h,
		                   j->op == OP_RELEASED ? HOLD_TEXT_RELEASED : HOLD_TEXT_CANCELLED, now))
			goto failed;
		break;
	}
	if (store_hold_update(w, h) != DB_DONE ||
	    !audit_append(w, a, &who, op_action[j->op], "withdrawal_hold", h->id, h->ticket_id,
	                  before, after))
		goto failed;
	json_decref(before);
	json_decref(after);
	return STORE_JOB_OK;
failed:
	json_decref(before);
	json_decref(after);
	return STORE_COMMIT_FAILED;
}

/* Runs a job and answers with the hold (status 200, or `status`). */
static void record(struct request *r, struct hold_job *j, int status)
{
	int rc = store_write(r->store, hold_run, j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j->err);
		return;
	}
	struct db *db = store_reader(r->store);
	struct hold_row h;
	store_hold_get(db, &r->arena, j->id, &h);
	http_json(r, status, json_pack("{s:o}", "hold", render_hold(r, db, &h)));
}

/* The connector failed: keep why on the hold (audited), then answer as every endpoint does. */
static void connector_failed(struct request *r, int64_t id, const char *what,
                             const struct exchange_reply *rep)
{
	struct hold_job j = {.r = r, .op = OP_ERROR, .id = id};
	j.text = arena_printf(&r->arena, "%s: %s %s", what, rep->code, rep->message);
	store_write(r->store, hold_run, &j);
	exchange_answer_failure(r, rep);
}

static const char *agent_name(struct request *r)
{
	return r->who.email && *r->who.email
	           ? r->who.email
	           : arena_printf(&r->arena, "agent:%lld", (long long)r->who.agent_id);
}

/* ---- the checklist ---- */

static const struct field_spec check_fields[] = {
    {"message_id", FIELD_INT, false, 0, 0, 1, INT64_MAX},
    {"answers", FIELD_OBJECT, false, 0, 0, 0, 0,
     (const struct field_spec[]){
         {"asked_by_someone", FIELD_BOOL, true},
         {"promised_returns", FIELD_BOOL, true},
         {"remote_guidance", FIELD_BOOL, true},
         {"urgency_pressure", FIELD_BOOL, true},
         {"knows_recipient", FIELD_BOOL, true},
         {NULL},
     }},
    {"note", FIELD_TEXT, false, NOTE_MAX},
    {NULL},
};

static void check_two_factor(struct request *r, struct exchange_client *x,
                             const struct hold_row *h, struct hold_job *j)
{
	struct exchange_reply rep;
	const char *uid = exchange_escape(&r->arena, h->uid);
	if (!*h->challenge_id) {
		/* A new challenge; its key names the withdrawal and how many were sent before, so a
		 * press retried after a lost answer asks the user once. */
		json_t *body = json_pack(
		    "{s:s, s:s, s:s, s:s}", "agent", agent_name(r), "idempotency_key",
		    arena_printf(&r->arena, "2fa:%s:%lld", h->withdrawal_id,
		                 (long long)h->challenges + 1),
		    "reason", arena_printf(&r->arena, "withdrawal %s held for review", h->withdrawal_id),
		    "ticket", arena_printf(&r->arena, "%lld", (long long)h->ticket_id));
		enum exchange_outcome o = exchange_call(
		    x, "POST", arena_printf(&r->arena, "/v1/users/%s/verify-2fa", uid), body, &rep);
		json_decref(body);
		if (o != EXCHANGE_OK) {
			connector_failed(r, h->id, "2FA challenge", &rep);
			exchange_reply_clear(&rep);
			return;
		}
		json_t *c = json_object_get(rep.body, "challenge");
		j->op = OP_CHALLENGE;
		j->text = arena_strdup(&r->arena, holds_js(c, "id"));
		exchange_reply_clear(&rep);
		record(r, j, 202);
		return;
	}
	enum exchange_outcome o = exchange_call(
	    x, "GET",
	    arena_printf(&r->arena, "/v1/users/%s/verify-2fa/%s", uid,
	                 exchange_escape(&r->arena, h->challenge_id)),
	    NULL, &rep);
	if (o != EXCHANGE_OK) {
		connector_failed(r, h->id, "2FA challenge", &rep);
		exchange_reply_clear(&rep);
		return;
	}
	json_t *c = json_object_get(rep.body, "challenge");
	const char *status = arena_strdup(&r->arena, holds_js(c, "status"));
	const char *method = arena_strdup(&r->arena, holds_js(c, "method"));
	exchange_reply_clear(&rep);
	if (!strcmp(status, "pending")) {
		struct db *db = store_reader(r->store);
		struct hold_row now;
		store_hold_get(db, &r->arena, h->id, &now);
		json_t *o2 = render_hold(r, db, &now);
		json_object_set_new(o2, "challenge_status", json_string(status));
		http_json(r, 202, json_pack("{s:o}", "hold", o2));
		return;
	}
	if (!strcmp(status, "passed")) {
		j->op = OP_CHECK;
		j->item = "two_factor";
		j->detail = arena_printf(&r->arena,
		                         "{\"challenge_id\":\"%s\",\"status\":\"passed\",\"method\":\"%s\"}",
		                         h->challenge_id, method);
		record(r, j, 200);
		return;
	}
	/* failed or expired: forget the challenge (the next press asks again) and say so. */
	j->op = OP_CHALLENGE_END;
	j->item = status;
	int rc = store_write(r->store, hold_run, j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j->err);
		return;
	}
	http_error(r, 409, arena_printf(&r->arena, "two_factor_%s", status),
	           arena_printf(&r->arena, "the user's 2FA challenge %s; check again to send a new one",
	                        status),
	           NULL);
}

void h_hold_checklist(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct hold_row h;
	struct ticket_row t;
	if (!hold_load(r, db, &h, &t))
		return;
	const char *item = r->params[1];
	size_t k = 0;
	while (k < N_ITEMS && strcmp(item, items[k]) != 0)
		k++;
	if (k == N_ITEMS) {
		http_error(r, 404, "not_found",
		           "no such checklist item: two_factor, kyc, details_confirmed, scam_questions",
		           NULL);
		return;
	}
	json_t *in = http_body_json(r, check_fields);
	if (!in)
		return;
	struct hold_job j = {.r = r, .op = OP_CHECK, .id = h.id, .item = items[k]};
	if (!open_state(h.state)) {
		http_error(r, 409, "invalid_state",
		           arena_printf(&r->arena, "the hold is %s; its checklist is closed", h.state),
		           NULL);
		goto out;
	}
	const char *note = json_str(in, "note");
	if (k == 0 || k == 1) { /* through the connector */
		struct exchange_client *x = exchange_connector_or_answer(r);
		if (!x)
			goto out;
		if (k == 0) {
			check_two_factor(r, x, &h, &j);
			goto out;
		}
		struct exchange_reply rep;
		if (exchange_call(x, "GET",
		                  arena_printf(&r->arena, "/v1/users/%s",
		                               exchange_escape(&r->arena, h.uid)),
		                  NULL, &rep) != EXCHANGE_OK) {
			connector_failed(r, h.id, "KYC read", &rep);
			exchange_reply_clear(&rep);
			goto out;
		}
		json_t *kyc = json_object_get(json_object_get(rep.body, "user"), "kyc");
		const char *status = arena_strdup(&r->arena, holds_js(kyc, "status"));
		json_int_t level = json_integer_value(json_object_get(kyc, "level"));
		exchange_reply_clear(&rep);
		if (strcmp(status, "verified") != 0) {
			http_error(r, 409, "kyc_not_verified",
			           arena_printf(&r->arena, "the user's KYC is %s (level %lld), not "
			                                   "verified",
			                        *status ? status : "unknown", (long long)level),
			           NULL);
			goto out;
		}
		j.detail = arena_printf(&r->arena, "{\"status\":\"verified\",\"level\":%lld}",
		                        (long long)level);
	} else if (k == 2) {
		json_t *mid = json_object_get(in, "message_id");
		struct message_row m;
		if (!mid) {
			http_error(r, 422, "missing_field",
			           "message_id: the customer's message confirming the details",
			           "message_id");
			goto out;
		}
		if (!store_message_get(db, &r->arena, json_integer_value(mid), &m) ||
		    m.ticket_id != h.ticket_id || strcmp(m.kind, "customer") != 0) {
			http_error(r, 422, "invalid_value",
			           "message_id must be a message the customer wrote on this ticket",
			           "message_id");
			goto out;
		}
		json_t *d = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "message_id",
		                      (json_int_t)m.id, "address", h.address, "network", h.network,
		                      "memo", h.memo, "amount", h.amount, "asset", h.asset);
		if (note)
			json_object_set_new(d, "note", json_string(note));
		char *s = json_dumps(d, JSON_COMPACT);
		j.detail = arena_strdup(&r->arena, s);
		free(s);
		json_decref(d);
	} else {
		json_t *ans = json_object_get(in, "answers");
		if (!ans) {
			http_error(r, 422, "missing_field",
			           "answers: the scam-screening questions and what the user said",
			           "answers");
			goto out;
		}
		json_t *d = json_pack("{s:O, s:[]}", "answers", ans, "red_flags");
		for (size_t i = 0; i < N_RED; i++)
			if (json_is_true(json_object_get(ans, red_flags[i])))
				json_array_append_new(json_object_get(d, "red_flags"),
				                      json_string(red_flags[i]));
		if (note)
			json_object_set_new(d, "note", json_string(note));
		char *s = json_dumps(d, JSON_COMPACT);
		j.detail = arena_strdup(&r->arena, s);
		free(s);
		json_decref(d);
	}
	record(r, &j, 200);
out:
	json_decref(in);
}

/* ---- release, approve, cancel ---- */

static const struct field_spec release_fields[] = {
    {"note", FIELD_TEXT, false, NOTE_MAX},
    {NULL},
};
static const struct field_spec cancel_fields[] = {
    {"reason", FIELD_STRING, true, NOTE_MAX},
    {NULL},
};

/* The connector release; then the record and the customer's message. */
static void do_release(struct request *r, const struct hold_row *h, const char *note)
{
	struct exchange_client *x = exchange_connector_or_answer(r);
	if (!x)
		return;
	json_t *body = json_pack(
	    "{s:s, s:s, s:s, s:s}", "reason",
	    note && *note ? note : "verified by the desk: checklist complete", "agent",
	    agent_name(r), "idempotency_key",
	    arena_printf(&r->arena, "release:%s", h->withdrawal_id), "ticket",
	    arena_printf(&r->arena, "%lld", (long long)h->ticket_id));
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(
	    x, "POST",
	    arena_printf(&r->arena, "/v1/withdrawals/%s/release",
	                 exchange_escape(&r->arena, h->withdrawal_id)),
	    body, &rep);
	json_decref(body);
	if (o != EXCHANGE_OK) {
		connector_failed(r, h->id, "release", &rep);
		exchange_reply_clear(&rep);
		return;
	}
	exchange_reply_clear(&rep);
	struct hold_job j = {.r = r, .op = OP_RELEASED, .id = h->id, .text = note};
	record(r, &j, 200);
}

/* Shared refusals of release and approve; true when the release may go on. */
static bool release_allowed(struct request *r, struct db *db, const struct hold_row *h)
{
	if (h->compliance) {
		http_error(r, 409, "compliance_hold",
		           "a sanctions-list hit is for compliance to decide; support cannot release "
		           "it (cancel it, or hand it to compliance)",
		           NULL);
		return false;
	}
	const char *missing;
	bool red;
	if (!checklist(db, &r->arena, h, NULL, &missing, &red)) {
		http_error(r, 409, "checklist_incomplete",
		           arena_printf(&r->arena, "the checklist is not complete: %s", missing),
		           NULL);
		return false;
	}
	if (red) {
		http_error(r, 409, "scam_red_flags",
		           "the scam-screening answers show red flags; cancel the withdrawal", NULL);
		return false;
	}
	return true;
}

void h_hold_release(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct hold_row h;
	struct ticket_row t;
	if (!hold_load(r, db, &h, &t))
		return;
	json_t *in = http_body_json(r, release_fields);
	if (!in)
		return;
	const char *note = arena_strdup(&r->arena, json_str(in, "note"));
	json_decref(in);
	if (!strcmp(h.state, "release_requested")) {
		http_error(r, 409, "release_requested",
		           "a release is already requested and waits for a second approver", NULL);
		return;
	}
	if (!open_state(h.state)) {
		http_error(r, 409, "invalid_state",
		           arena_printf(&r->arena, "the hold is %s", h.state), NULL);
		return;
	}
	if (!release_allowed(r, db, &h))
		return;
	if (h.second_approval) {
		struct hold_job j = {.r = r, .op = OP_REQUEST, .id = h.id};
		record(r, &j, 202);
		return;
	}
	do_release(r, &h, note);
}

void h_hold_approve(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct hold_row h;
	struct ticket_row t;
	if (!hold_load(r, db, &h, &t))
		return;
	json_t *in = http_body_json(r, release_fields);
	if (!in)
		return;
	const char *note = arena_strdup(&r->arena, json_str(in, "note"));
	json_decref(in);
	if (strcmp(h.state, "release_requested") != 0) {
		http_error(r, 409, "no_release_request",
		           arena_printf(&r->arena, "the hold is %s; there is no release to approve",
		                        h.state),
		           NULL);
		return;
	}
	if (h.requested_by == r->who.agent_id) {
		http_error(r, 403, "own_request",
		           "you requested this release; another agent must approve it", NULL);
		return;
	}
	if (!release_allowed(r, db, &h))
		return;
	do_release(r, &h, note);
}

void h_hold_cancel(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct hold_row h;
	struct ticket_row t;
	if (!hold_load(r, db, &h, &t))
		return;
	json_t *in = http_body_json(r, cancel_fields);
	if (!in)
		return;
	const char *reason = arena_strdup(&r->arena, json_str(in, "reason"));
	json_decref(in);
	if (!open_state(h.state)) {
		http_error(r, 409, "invalid_state", arena_printf(&r->arena, "the hold is %s", h.state),
		           NULL);
		return;
	}
	struct exchange_client *x = exchange_connector_or_answer(r);
	if (!x)
		return;
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "reason", reason, "agent", agent_name(r),
	                         "idempotency_key",
	                         arena_printf(&r->arena, "cancel:%s", h.withdrawal_id), "ticket",
	                         arena_printf(&r->arena, "%lld", (long long)h.ticket_id));
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(
	    x, "POST",
	    arena_printf(&r->arena, "/v1/withdrawals/%s/cancel",
	                 exchange_escape(&r->arena, h.withdrawal_id)),
	    body, &rep);
	json_decref(body);
	if (o != EXCHANGE_OK) {
		connector_failed(r, h.id, "cancel", &rep);
		exchange_reply_clear(&rep);
		return;
	}
	exchange_reply_clear(&rep);
	struct hold_job j = {.r = r, .op = OP_CANCELLED, .id = h.id, .text = reason};
	record(r, &j, 200);
}

/* ---- the report ---- */

void h_holds_report(struct request *r)
{
	int64_t to = clock_now_ms(), from = to - 30LL * 24 * 3600 * 1000;
	if (!http_query_time(r, "from", &from) || !http_query_time(r, "to", &to))
		return;
	if (from >= to) {
		http_error(r, 400, "invalid_query", "from must be before to", "from");
		return;
	}
	struct hold_row *rows;
	size_t n = store_hold_list_period(store_reader(r->store), &r->arena, from, to, &rows);
	json_int_t screened = (json_int_t)n, allowed = 0, holds = 0, released = 0, cancelled = 0,
	           open = 0, waiting = 0, cents = 0;
	json_t *by_reason = json_object(), *by_asset = json_object();
	struct {
		const char *asset;
		struct amount sum;
	} sums[64];
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		const struct hold_row *h = &rows[i];
		if (!strcmp(h->state, "screened")) {
			allowed++;
			continue;
		}
		holds++;
		released += !strcmp(h->state, "released");
		waiting += !strcmp(h->state, "release_requested");
		open += open_state(h->state);
		json_t *hits = loads_or(h->hits, json_array());
		size_t k;
		json_t *hit;
		json_array_foreach(hits, k, hit)
		{
			const char *code = holds_js(hit, "code");
			if (!strcmp(holds_js(hit, "severity"), "warn"))
				continue; /* a warning did not hold it */
			json_t *c = json_object_get(by_reason, code);
			json_object_set_new(by_reason, code,
			                    json_integer(c ? json_integer_value(c) + 1 : 1));
		}
		json_decref(hits);
		if (strcmp(h->state, "cancelled") != 0)
			continue;
		cancelled++;
		if (h->value_cents > 0)
			cents += h->value_cents;
		struct amount amt;
		if (amount_parse(h->amount, strlen(h->amount), AMOUNT_SCALE, &amt) != AMOUNT_OK)
			continue;
		size_t s = 0;
		while (s < ns && strcmp(sums[s].asset, h->asset) != 0)
			s++;
		if (s == ns) {
			if (ns == sizeof sums / sizeof sums[0])
				continue;
			sums[ns].asset = h->asset;
			sums[ns++].sum = (struct amount){0};
		}
		amount_add(sums[s].sum, amt, &sums[s].sum);
	}
	for (size_t s = 0; s < ns; s++) {
		char text[AMOUNT_TEXT_MAX];
		amount_format(sums[s].sum, text);
		json_object_set_new(by_asset, sums[s].asset, json_string(text));
	}
	http_json(r, 200,
	          json_pack("{s:{s:o, s:o, s:I, s:I, s:I, s:o, s:I, s:I, s:I, s:I, s:{s:I, s:o}}}",
	                    "report", "from", json_time(from), "to", json_time(to), "screened",
	                    screened, "allowed", allowed, "holds", holds, "holds_by_reason",
	                    by_reason, "released", released, "cancelled", cancelled, "open", open,
	                    "waiting_second_approval", waiting, "value_protected", "usd_cents",
	                    cents, "by_asset", by_asset));
}
