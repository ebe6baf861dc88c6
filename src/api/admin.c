/* admin.c — API tokens, the audit trail, and the identity-verification secret. */
#include "api/people.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/clock.h"

int token_create_run(struct db *w, void *ctx)
{
	struct token_create *j = ctx;
	struct agent_row ag;
	if (!store_agent_get(w, j->a, j->agent_id, &ag) || !ag.active)
		return job_fail(&j->err, 422, "invalid_value", "no such active agent", "agent_id");
	char hex[SECRET_HEX], hash[SECRET_HEX];
	auth_random_hex(hex);
	snprintf(j->secret, sizeof j->secret, TOKEN_PREFIX "%s", hex);
	auth_sha256_hex(j->secret, strlen(j->secret), hash);
	j->t = (struct token_row){.agent_id = ag.id,
				  .name = j->name,
				  .prefix = arena_strndup(j->a, j->secret, 10),
				  .created_at = clock_now_ms()};
	if (store_token_insert(w, &j->t, hash) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:I, s:s, s:s}", "agent_id", (json_int_t)ag.id, "name",
				  j->name, "prefix", j->t.prefix);
	bool ok = audit_append(w, j->a, &j->who, "token.create", "api_token", j->t.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static json_t *render_token(const struct token_row *t)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:b}", "id", (json_int_t)t->id,
			 "agent_id", (json_int_t)t->agent_id, "name", t->name, "prefix", t->prefix,
			 "created_at", json_time(t->created_at), "last_used_at",
			 json_time(t->last_used_at), "revoked", t->revoked_at != 0);
}

void h_token_list(struct request *r)
{
	struct token_row *rows;
	size_t n = store_token_list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_token(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "tokens", arr));
}

static const struct field_spec token_fields[] = {
	{"agent_id", FIELD_INT, true, 0, 0, 1, INT64_MAX},
	{"name", FIELD_STRING, true, MAX_PERSON_NAME},
	{NULL},
};

void h_token_create(struct request *r)
{
	json_t *in = http_body_json(r, token_fields);
	if (!in)
		return;
	struct token_create j = {.a = &r->arena, .who = actor_of(r)};
	j.agent_id = json_integer_value(json_object_get(in, "agent_id"));
	j.name = arena_strdup(&r->arena, json_str(in, "name"));
	json_decref(in);
	int rc = store_write(r->store, token_create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	http_json(r, 201, json_pack("{s:o, s:s}", "token", render_token(&j.t), "secret", j.secret));
	sodium_memzero(j.secret, sizeof j.secret);
}

struct token_revoke {
	struct request *r;
	int64_t id;
	struct job_error err;
};

static int token_revoke_run(struct db *w, void *ctx)
{
	struct token_revoke *j = ctx;
	struct token_row t;
	if (!store_token_get(w, &j->r->arena, j->id, &t))
		return job_fail(&j->err, 404, "not_found", "no such token", NULL);
	if (t.revoked_at)
		return STORE_JOB_OK;
	struct actor who = actor_of(j->r);
	if (store_token_revoke(w, t.id, clock_now_ms()) != DB_DONE ||
	    !audit_append(w, &j->r->arena, &who, "token.revoke", "api_token", t.id, 0, NULL, NULL))
		return STORE_COMMIT_FAILED;
	return STORE_JOB_OK;
}

void h_token_delete(struct request *r)
{
	struct token_revoke j = {.r = r};
	if (!http_param_id(r, 0, &j.id))
		return;
	int rc = store_write(r->store, token_revoke_run, &j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else
		http_no_content(r);
}

void h_audit_events(struct request *r)
{
	int limit;
	int64_t before;
	if (!http_query_limit(r, &limit) || !http_query_cursor(r, &before))
		return;
	struct event_row *rows;
	size_t n = store_event_list(store_reader(r->store), &r->arena, before, limit + 1, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(arr, render_event(&rows[i]));
	json_t *next = n > (size_t)limit ? json_string(http_cursor_encode(r, rows[limit - 1].id))
					 : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "events", arr, "next_cursor", next));
}

void h_audit_verify(struct request *r)
{
	struct audit_report rep;
	audit_verify(store_reader(r->store), &rep);
	http_json(r, 200, json_pack("{s:b, s:I, s:o, s:o}", "ok", rep.ok, "checked",
				    (json_int_t)rep.checked, "first_broken_id",
				    json_id(rep.first_broken_id), "reason",
				    rep.ok ? json_null() : json_string(rep.reason)));
}

/* ---- identity-verification secret ---- */

struct secret_job {
	struct arena *a;
	struct actor who;
	char secret[SECRET_HEX];
	bool rotate;
};

/* Creates the secret on first use, or replaces it when rotating. */
static int secret_run(struct db *w, void *ctx)
{
	struct secret_job *j = ctx;
	char *cur = store_setting_get(w, j->a, "identity_secret");
	if (cur && !j->rotate) {
		snprintf(j->secret, sizeof j->secret, "%s", cur);
		return STORE_JOB_OK;
	}
	auth_random_hex(j->secret);
	if (!store_setting_set(w, "identity_secret", j->secret) ||
	    !audit_append(w, j->a, &j->who, cur ? "settings.identity_rotate" : "settings.identity_create",
			  "settings", 0, 0, NULL, NULL))
		return STORE_COMMIT_FAILED;
	return STORE_JOB_OK;
}

int identity_secret_get(struct store *st, struct arena *a, const struct actor *who,
			char out[SECRET_HEX])
{
	struct secret_job j = {.a = a, .who = *who};
	int rc = store_write(st, secret_run, &j);
	if (rc == STORE_JOB_OK)
		memcpy(out, j.secret, SECRET_HEX);
	sodium_memzero(j.secret, sizeof j.secret);
	return rc;
}

static void secret_answer(struct request *r, bool rotate)
{
	struct secret_job j = {.a = &r->arena, .who = actor_of(r), .rotate = rotate};
	int rc = store_write(r->store, secret_run, &j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		return;
	}
	http_json(r, 200, json_pack("{s:s}", "identity_secret", j.secret));
	sodium_memzero(j.secret, sizeof j.secret);
}

void h_settings_identity(struct request *r)
{
	secret_answer(r, false);
}

void h_settings_identity_rotate(struct request *r)
{
	secret_answer(r, true);
}

/* ---- chat settings: which group takes new chats, and the hours the widget shows ---- */

static const struct field_spec chat_settings_fields[] = {
	{"group_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
	{"hours", FIELD_STRING, false, 200},
	{NULL},
};

struct chat_settings_job {
	struct request *r;
	json_t *in;
	struct job_error err;
};

static json_t *chat_settings_json(struct db *db, struct arena *a)
{
	char *g = store_setting_get(db, a, "chat_group_id");
	char *h = store_setting_get(db, a, "desk_hours");
	return json_pack("{s:o, s:s}", "group_id", g ? json_integer(atoll(g)) : json_null(), "hours",
			 h ? h : "Mon-Sun 00:00-24:00 UTC");
}

static int chat_settings_run(struct db *w, void *ctx)
{
	struct chat_settings_job *j = ctx;
	struct arena *a = &j->r->arena;
	json_t *before = chat_settings_json(w, a);
	json_t *g = json_object_get(j->in, "group_id");
	struct group_row grp;
	if (json_is_integer(g) && !store_group_get(w, a, json_integer_value(g), &grp)) {
		json_decref(before);
		return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
	}
	bool ok = true;
	if (g)
		ok = store_setting_set(w, "chat_group_id",
				       json_is_integer(g) ? arena_printf(a, "%lld", (long long)json_integer_value(g))
							  : NULL);
	if (ok && json_str(j->in, "hours"))
		ok = store_setting_set(w, "desk_hours", json_str(j->in, "hours"));
	json_t *after = chat_settings_json(w, a);
	struct actor who = actor_of(j->r);
	ok = ok && (json_equal(before, after) ||
		    audit_append(w, a, &who, "settings.chat", "settings", 0, 0, before, after));
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_settings_chat(struct request *r)
{
	http_json(r, 200, chat_settings_json(store_reader(r->store), &r->arena));
}

void h_settings_chat_put(struct request *r)
{
	json_t *in = http_body_json(r, chat_settings_fields);
	if (!in)
		return;
	struct chat_settings_job j = {.r = r, .in = in};
	int rc = store_write(r->store, chat_settings_run, &j);
	json_decref(in);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else
		http_json(r, 200, chat_settings_json(store_reader(r->store), &r->arena));
}
