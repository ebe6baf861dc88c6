/* incident_comp.c — compensation lists (docs/exchange/incidents.md "Compensation"): a CSV of
 * uid,asset,amount,reason imported strictly (nothing stored if any line is bad), hashed with
 * SHA-256 over its exact bytes, approved by a second person who confirms that hash, and paid
 * through the connector's POST /v1/compensations; and the customer's own eligibility lookup.
 *
 * Paying is at most once per (incident, uid), by two locks that do not depend on each other:
 * the exchange's — the idempotency key is "<pay_id>:<uid>", so the same request again is
 * answered with the first answer and nothing moves — and ours — a row recorded paid is never
 * asked for again. The request that pays runs the connector calls itself, outside every write
 * job (one small job records each row's outcome); it stops after PAY_BUDGET_MS or
 * PAY_MAX_ROWS rows and says how many rows remain, so a long list takes several presses. A
 * second pay of the same list while one runs is refused (409), so one process never asks
 * twice at once. The exchange's `agent` is the approver: the same on every attempt, which keeps
 * a retry the same request. */
#include "api/incidents.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/identity.h"
#include "core/incident.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/rate_limit.h"

#define PAY_BUDGET_MS       20000 /* a pay request stops starting new calls after this */
#define PAY_MAX_ROWS        500   /* rows one pay request attempts */
#define PAY_RUNNING_MAX     16    /* lists paid at once */
#define ELIGIBILITY_UID_MAX 64

static struct rate_limit eligibility_by_address = RATE_LIMIT_INIT(30, 15 * 60 * 1000);

/* ---- rendering ---- */

static json_t *agent_ref(struct db *db, struct arena *a, int64_t id)
{
	struct agent_row ag;
	if (!id || !store_agent_get(db, a, id, &ag))
		return json_null();
	return json_pack("{s:I, s:s}", "id", (json_int_t)id, "name", ag.name);
}

static json_t *render_row(const struct comp_row_row *row)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o}", "id",
	                 (json_int_t)row->id, "line", (json_int_t)row->line, "uid", row->uid,
	                 "asset", row->asset, "amount", row->amount, "reason", row->reason,
	                 "status", row->status, "error", row->error, "compensation_id",
	                 row->compensation_id ? json_string(row->compensation_id) : json_null(),
	                 "attempts", (json_int_t)row->attempts, "paid_at", json_time(row->paid_at));
}

static json_t *render_list(struct request *r, struct db *db, const struct comp_list_row *l,
                           bool with_rows)
{
	int64_t pending, paid, failed;
	store_comp_counts(db, l->id, &pending, &paid, &failed);
	json_error_t e;
	json_t *totals = json_loads(l->totals, 0, &e);
	bool may_approve = !strcmp(l->status, "imported") &&
	                   perm_allowed(r->who.role, PERM_EXCHANGE_APPROVE) &&
	                   r->who.agent_id != l->imported_by;
	json_t *j = json_pack(
	    "{s:I, s:I, s:s, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:I, s:I, s:I}, s:b}", "id",
	    (json_int_t)l->id, "incident_id", (json_int_t)l->incident_id, "sha256", l->sha256,
	    "rows", (json_int_t)l->n_rows, "totals", totals ? totals : json_object(), "status",
	    l->status, "imported_by", agent_ref(db, &r->arena, l->imported_by), "imported_at",
	    json_time(l->imported_at), "approved_by", agent_ref(db, &r->arena, l->approved_by),
	    "approved_at", json_time(l->approved_at), "paid_at", json_time(l->paid_at), "counts",
	    "pending", (json_int_t)pending, "paid", (json_int_t)paid, "failed", (json_int_t)failed,
	    "may_approve", may_approve);
	if (with_rows) {
		struct comp_row_row *rows;
		size_t n = store_comp_rows(db, &r->arena, l->id, &rows);
		json_t *arr = json_array();
		for (size_t k = 0; k < n; k++)
			json_array_append_new(arr, render_row(&rows[k]));
		json_object_set_new(j, "items", arr);
		json_object_set_new(j, "csv", json_string(l->csv));
	}
	return j;
}

static json_t *errors_json(const struct comp_error *errs, size_t n)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr,
		                      json_pack("{s:i, s:s, s:s}", "line", errs[k].line, "field",
		                                errs[k].field, "message", errs[k].message));
	return arr;
}

/* 422 invalid_csv with the lines at fault: docs/api.md's error shape plus `lines`. */
static void answer_csv_errors(struct request *r, json_t *lines, size_t total)
{
	json_t *err =
	    json_pack("{s:s, s:s, s:s, s:o, s:I}", "code", "invalid_csv", "message",
	              arena_printf(&r->arena, "%zu problem%s in the list; nothing was imported",
	                           total, total == 1 ? "" : "s"),
	              "field", "csv", "lines", lines, "errors_total", (json_int_t)total);
	http_json(r, 422, json_pack("{s:o}", "error", err));
}

static bool load_incident(struct request *r, struct incident_row *i)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_incident_get(store_reader(r->store), &r->arena, id, i)) {
		http_error(r, 404, "not_found", "no such incident", NULL);
		return false;
	}
	return true;
}

static bool load_list(struct request *r, struct incident_row *i, struct comp_list_row *l)
{
	int64_t lid;
	if (!load_incident(r, i) || !http_param_id(r, 1, &lid))
		return false;
	if (!store_comp_list_get(store_reader(r->store), &r->arena, lid, l) ||
	    l->incident_id != i->id) {
		http_error(r, 404, "not_found", "no such compensation list", NULL);
		return false;
	}
	return true;
}

/* ---- POST /api/v1/incidents/{id}/compensation-lists ---- */

static const struct field_spec import_fields[] = {
    {"csv", FIELD_TEXT, true, COMP_CSV_MAX},
    {NULL},
};

struct import_job {
	struct request *r;
	struct incident_row i;
	struct comp_list parsed;
	struct comp_list_row l;
	json_t *clash; /* lines whose uid another list of the incident holds */
	struct job_error err;
};

static int import_run(struct db *w, void *ctx)
{
	struct import_job *j = ctx;
	struct arena *a = &j->r->arena;
	for (size_t k = 0; k < j->parsed.n_rows; k++) {
		const struct comp_row *row = &j->parsed.rows[k];
		int64_t other = store_comp_uid_list(w, j->i.id, row->uid);
		if (other && json_array_size(j->clash) < COMP_MAX_ERRORS)
			json_array_append_new(
			    j->clash,
			    json_pack(
			        "{s:i, s:s, s:s}", "line", row->line, "field", "uid", "message",
			        arena_printf(a,
			                     "uid %s is already in list %lld of this incident: the "
			                     "exchange pays one compensation per incident and user",
			                     row->uid, (long long)other)));
	}
	if (json_array_size(j->clash))
		return JOB_FAILED;
	if (store_comp_list_insert(w, &j->l) != DB_DONE)
		return STORE_COMMIT_FAILED;
	for (size_t k = 0; k < j->parsed.n_rows; k++) {
		const struct comp_row *row = &j->parsed.rows[k];
		struct comp_row_row rr = {.list_id = j->l.id,
		                          .incident_id = j->i.id,
		                          .line = row->line,
		                          .uid = row->uid,
		                          .asset = row->asset,
		                          .amount = row->amount,
		                          .reason = row->reason};
		if (store_comp_row_insert(w, &rr) != DB_DONE)
			return STORE_COMMIT_FAILED;
	}
	struct actor who = actor_of(j->r);
	json_t *after =
	    json_pack("{s:I, s:s, s:I, s:s}", "list_id", (json_int_t)j->l.id, "sha256", j->l.sha256,
	              "rows", (json_int_t)j->l.n_rows, "totals", j->l.totals);
	bool ok =
	    audit_append(w, a, &who, "compensation.import", "incident", j->i.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_comp_import(struct request *r)
{
	struct import_job j = {.r = r};
	if (!load_incident(r, &j.i))
		return;
	json_t *in = http_body_json(r, import_fields);
	if (!in)
		return;
	json_t *csv = json_object_get(in, "csv");
	const char *text = json_string_value(csv);
	size_t len = json_string_length(csv);
	if (memchr(text, 0, len)) {
		http_error(r, 422, "invalid_value", "csv must not hold NUL characters", "csv");
		goto out;
	}
	if (!comp_list_parse(&r->arena, text, len, &j.parsed)) {
		answer_csv_errors(r, errors_json(j.parsed.errors, j.parsed.n_errors),
		                  j.parsed.errors_total);
		goto out;
	}
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, len);
	char hex[crypto_hash_sha256_BYTES * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
	json_t *totals = json_object();
	for (size_t k = 0; k < j.parsed.n_totals; k++) {
		char sum[AMOUNT_TEXT_MAX];
		amount_format(j.parsed.totals[k].sum, sum);
		json_object_set_new(totals, j.parsed.totals[k].asset, json_string(sum));
	}
	char *tj = json_dumps(totals, JSON_COMPACT);
	json_decref(totals);
	j.l = (struct comp_list_row){.incident_id = j.i.id,
	                             .n_rows = (int64_t)j.parsed.n_rows,
	                             .imported_by = r->who.agent_id,
	                             .imported_at = clock_now_ms(),
	                             .csv = arena_strndup(&r->arena, text, len),
	                             .sha256 = arena_strdup(&r->arena, hex),
	                             .totals = arena_strdup(&r->arena, tj)};
	free(tj);
	j.clash = json_array();
	int rc = store_write(r->store, import_run, &j);
	if (rc == JOB_FAILED && json_array_size(j.clash)) {
		answer_csv_errors(r, json_incref(j.clash), json_array_size(j.clash));
	} else if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
	} else {
		struct db *db = store_reader(r->store);
		struct comp_list_row fresh;
		store_comp_list_get(db, &r->arena, j.l.id, &fresh);
		http_json(r, 201, json_pack("{s:o}", "list", render_list(r, db, &fresh, true)));
	}
	json_decref(j.clash);
out:
	json_decref(in);
}

/* ---- reads ---- */

void h_comp_lists(struct request *r)
{
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	struct db *db = store_reader(r->store);
	struct comp_list_row *lists;
	size_t n = store_comp_list_list(db, &r->arena, i.id, &lists);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, render_list(r, db, &lists[k], false));
	http_json(r, 200, json_pack("{s:o}", "lists", arr));
}

void h_comp_get(struct request *r)
{
	struct incident_row i;
	struct comp_list_row l;
	if (!load_list(r, &i, &l))
		return;
	http_json(r, 200,
	          json_pack("{s:o}", "list", render_list(r, store_reader(r->store), &l, true)));
}

/* ---- POST .../compensation-lists/{lid}/approve ---- */

static const struct field_spec approve_fields[] = {
    {"sha256", FIELD_STRING, true, 64},
    {NULL},
};

struct approve_job {
	struct request *r;
	int64_t list_id;
	const char *sha256;
	struct job_error err;
};

static int approve_run(struct db *w, void *ctx)
{
	struct approve_job *j = ctx;
	struct request *r = j->r;
	struct comp_list_row l;
	if (!store_comp_list_get(w, &r->arena, j->list_id, &l))
		return job_fail(&j->err, 404, "not_found", "no such compensation list", NULL);
	if (strcmp(l.status, "imported") != 0)
		return job_fail(&j->err, 409, "invalid_state",
		                arena_printf(&r->arena, "the list is %s already", l.status), NULL);
	if (l.imported_by == r->who.agent_id)
		return job_fail(&j->err, 403, "second_person_required",
		                "the person who imported a list cannot approve it", NULL);
	if (sodium_memcmp(l.sha256, j->sha256, 64) != 0)
		return job_fail(&j->err, 409, "hash_mismatch",
		                "the list's SHA-256 is not the one you reviewed: read it again",
		                "sha256");
	if (!store_comp_list_approve(w, l.id, r->who.agent_id, clock_now_ms()))
		return STORE_COMMIT_FAILED;
	struct actor who = actor_of(r);
	json_t *after = json_pack("{s:I, s:s}", "list_id", (json_int_t)l.id, "sha256", l.sha256);
	bool ok = audit_append(w, &r->arena, &who, "compensation.approve", "incident",
	                       l.incident_id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_comp_approve(struct request *r)
{
	struct incident_row i;
	struct comp_list_row l;
	if (!load_list(r, &i, &l))
		return;
	json_t *in = http_body_json(r, approve_fields);
	if (!in)
		return;
	char *hash = arena_strdup(&r->arena, json_str(in, "sha256"));
	bool hex = strlen(hash) == 64;
	for (char *p = hash; *p; p++) {
		*p = (char)tolower((unsigned char)*p);
		hex = hex && isxdigit((unsigned char)*p);
	}
	if (!hex) {
		http_error(r, 422, "invalid_value", "sha256 is 64 hexadecimal digits", "sha256");
		goto out;
	}
	struct approve_job j = {.r = r, .list_id = l.id, .sha256 = hash};
	int rc = store_write(r->store, approve_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct db *db = store_reader(r->store);
	store_comp_list_get(db, &r->arena, l.id, &l);
	http_json(r, 200, json_pack("{s:o}", "list", render_list(r, db, &l, false)));
out:
	json_decref(in);
}

/* ---- POST .../compensation-lists/{lid}/pay ---- */

static pthread_mutex_t paying_mu = PTHREAD_MUTEX_INITIALIZER;
static int64_t paying[PAY_RUNNING_MAX];

static bool pay_begin(int64_t list_id)
{
	pthread_mutex_lock(&paying_mu);
	int free_slot = -1;
	bool busy = false;
	for (int k = 0; k < PAY_RUNNING_MAX; k++) {
		busy = busy || paying[k] == list_id;
		if (!paying[k] && free_slot < 0)
			free_slot = k;
	}
	bool ok = !busy && free_slot >= 0;
	if (ok)
		paying[free_slot] = list_id;
	pthread_mutex_unlock(&paying_mu);
	return ok;
}

static void pay_end(int64_t list_id)
{
	pthread_mutex_lock(&paying_mu);
	for (int k = 0; k < PAY_RUNNING_MAX; k++)
		if (paying[k] == list_id)
			paying[k] = 0;
	pthread_mutex_unlock(&paying_mu);
}

struct record_job {
	struct request *r;
	const struct comp_row_row *row;
	int64_t list_id, incident_id;
	const char *status, *error, *compensation_id;
	bool finish; /* also: every row paid, so the list is */
};

static int record_run(struct db *w, void *ctx)
{
	struct record_job *j = ctx;
	struct actor who = actor_of(j->r);
	int64_t now = clock_now_ms();
	if (j->finish) {
		if (store_comp_list_paid(w, j->list_id, now) != DB_DONE)
			return STORE_COMMIT_FAILED;
		json_t *after = json_pack("{s:I}", "list_id", (json_int_t)j->list_id);
		bool ok = audit_append(w, &j->r->arena, &who, "compensation.list_paid", "incident",
		                       j->incident_id, 0, NULL, after);
		json_decref(after);
		return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
	}
	if (store_comp_row_set(w, j->row->id, j->status, j->error, j->compensation_id, now) !=
	    DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack(
	    "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o}", "list_id", (json_int_t)j->list_id, "row_id",
	    (json_int_t)j->row->id, "uid", j->row->uid, "asset", j->row->asset, "amount",
	    j->row->amount, "status", j->status, "error", j->error ? j->error : "",
	    "compensation_id", j->compensation_id ? json_string(j->compensation_id) : json_null());
	bool ok = audit_append(w, &j->r->arena, &who, "compensation.pay", "incident",
	                       j->incident_id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* The outcome of a payment is recorded even when the desk is in a surge (a background job is
 * never refused for a full queue): the money has moved, and a row left unrecorded would only be
 * asked for again (answered by the exchange's replay, but asked). */
static bool record(struct request *r, struct record_job *j)
{
	int rc = store_write_background(r->store, record_run, j);
	if (rc != STORE_JOB_OK)
		log_event(LOG_ERROR, "compensation_unrecorded",
		          "list=%lld row=%lld status=%s rc=%d", (long long)j->list_id,
		          j->row ? (long long)j->row->id : 0LL, j->status ? j->status : "", rc);
	return rc == STORE_JOB_OK;
}

void h_comp_pay(struct request *r)
{
	struct incident_row i;
	struct comp_list_row l;
	if (!load_list(r, &i, &l))
		return;
	if (r->body_len) {
		static const struct field_spec none[] = {{NULL}};
		json_t *in = http_body_json(r, none);
		if (!in)
			return;
		json_decref(in);
	}
	if (!strcmp(l.status, "imported")) {
		http_error(
		    r, 409, "not_approved",
		    "a second person must approve the list (with its SHA-256) before it is paid",
		    NULL);
		return;
	}
	struct exchange_client *x = exchange_connector_or_answer(r);
	if (!x)
		return;
	if (!pay_begin(l.id)) {
		http_error(r, 409, "pay_in_progress", "this list is being paid right now", NULL);
		return;
	}
	struct db *db = store_reader(r->store);
	struct agent_row approver;
	const char *agent = store_agent_get(db, &r->arena, l.approved_by, &approver)
	                        ? approver.email
	                        : arena_printf(&r->arena, "agent-%lld", (long long)l.approved_by);
	struct comp_row_row *rows;
	size_t n = store_comp_rows(db, &r->arena, l.id, &rows);
	int64_t started = clock_now_ms();
	int asked = 0, paid = 0, failed = 0;
	const char *stopped = NULL;
	bool store_ok = true, limit_hit = false;
	for (size_t k = 0; k < n && store_ok; k++) {
		const struct comp_row_row *row = &rows[k];
		if (!strcmp(row->status, "paid"))
			continue;
		if (stopped) { /* the exchange is away: the rest are not sent, and say so */
			struct record_job rj = {
			    .r = r,
			    .row = row,
			    .list_id = l.id,
			    .incident_id = i.id,
			    .status = "failed",
			    .error = arena_printf(&r->arena, "not sent: %s", stopped)};
			store_ok = record(r, &rj);
			failed++;
			continue;
		}
		if (asked >= PAY_MAX_ROWS || clock_now_ms() - started > PAY_BUDGET_MS) {
			limit_hit = true;
			break;
		}
		json_t *body = json_pack(
		    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "incident_id", i.pay_id, "uid", row->uid,
		    "asset", row->asset, "amount", row->amount, "reason", row->reason, "agent",
		    agent, "idempotency_key", arena_printf(&r->arena, "%s:%s", i.pay_id, row->uid));
		struct exchange_reply rep;
		exchange_call(x, "POST", "/v1/compensations", body, &rep);
		json_decref(body);
		asked++;
		struct record_job rj = {.r = r, .row = row, .list_id = l.id, .incident_id = i.id};
		if (rep.outcome == EXCHANGE_OK) {
			json_t *c = json_object_get(rep.body, "compensation");
			const char *cid = json_string_value(json_object_get(c, "id"));
			rj.status = "paid";
			rj.error = "";
			rj.compensation_id = cid ? arena_strdup(&r->arena, cid) : NULL;
			paid++;
		} else {
			rj.status = "failed";
			rj.error = arena_printf(&r->arena, "%s: %s", rep.code, rep.message);
			failed++;
			if (rep.outcome == EXCHANGE_UNAVAILABLE)
				stopped = arena_printf(
				    &r->arena, "the exchange was unavailable (%s)", rep.code);
		}
		log_event(rep.outcome == EXCHANGE_OK ? LOG_INFO : LOG_WARN, "compensation_pay",
		          "incident=%lld list=%lld row=%lld outcome=%s code=%s", (long long)i.id,
		          (long long)l.id, (long long)row->id, exchange_outcome_name(rep.outcome),
		          rep.code);
		exchange_reply_clear(&rep);
		store_ok = record(r, &rj);
	}
	int64_t pending, npaid, nfailed;
	store_comp_counts(db, l.id, &pending, &npaid, &nfailed);
	if (store_ok && !pending && !nfailed && strcmp(l.status, "paid") != 0) {
		struct record_job rj = {
		    .r = r, .list_id = l.id, .incident_id = i.id, .finish = true};
		store_ok = record(r, &rj);
	}
	pay_end(l.id);
	if (!store_ok) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	store_comp_list_get(db, &r->arena, l.id, &l);
	http_json(
	    r, 200,
	    json_pack("{s:o, s:{s:i, s:i, s:i, s:I, s:o}}", "list", render_list(r, db, &l, true),
	              "run", "asked", asked, "paid", paid, "failed", failed, "remaining",
	              (json_int_t)(pending + nfailed), "stopped",
	              stopped     ? json_string(stopped)
	              : limit_hit ? json_string("this request's limit: pay again for the rest")
	                          : json_null()));
}

/* ---- GET /api/v1/public/incidents/{id}/eligibility?uid=&user_hash= ----
 * The visitor proves who they are the way the widget's visitors do: the exchange's page passes
 * uid and HMAC-SHA256(identity_secret, uid). A hash that does not verify is answered 403
 * identity_not_verified whatever the uid — the same bytes for a uid on a list and one that is
 * not — so a forged hash learns nothing about anyone. */

void h_public_eligibility(struct request *r)
{
	const char *client = http_client_key(r);
	int wait = rate_limit_hit(&eligibility_by_address, client, strlen(client), clock_now_ms());
	if (wait) {
		http_header(r, "Retry-After", arena_printf(&r->arena, "%d", wait));
		http_error(r, 429, "rate_limited",
		           "too many lookups from this address; try again later", NULL);
		return;
	}
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	const char *uid = http_query(r, "uid"), *hash = http_query(r, "user_hash");
	if (!uid || !*uid || strlen(uid) > ELIGIBILITY_UID_MAX) {
		http_error(r, 400, "invalid_query", "uid is required (at most 64 bytes)", "uid");
		return;
	}
	if (!hash || !*hash || strlen(hash) > 128) {
		http_error(r, 400, "invalid_query", "user_hash is required", "user_hash");
		return;
	}
	http_header(r, "Cache-Control", "no-store");
	struct db *db = store_reader(r->store);
	char *secret = store_setting_get(db, &r->arena, "identity_secret");
	if (!secret ||
	    !identity_verify_uid(secret, strlen(secret), uid, strlen(uid), hash, strlen(hash))) {
		http_error(
		    r, 403, "identity_not_verified",
		    "we could not confirm who you are: open this page from your exchange account",
		    NULL);
		return;
	}
	struct comp_row_row *rows;
	size_t n = store_comp_rows_for_uid(db, &r->arena, i.id, uid, &rows);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr,
		                      json_pack("{s:s, s:s, s:s, s:o}", "asset", rows[k].asset,
		                                "amount", rows[k].amount, "status",
		                                strcmp(rows[k].status, "paid") ? "pending" : "paid",
		                                "paid_at", json_time(rows[k].paid_at)));
	http_json(r, 200,
	          json_pack("{s:I, s:b, s:o}", "incident_id", (json_int_t)i.id, "eligible", n > 0,
	                    "compensations", arr));
}
