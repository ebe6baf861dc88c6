/* session.c — signing agents in and out of the browser console. */
#include "api/people.h"

#include <ctype.h>
#include <string.h>

#include "util/clock.h"

static const struct field_spec login_fields[] = {
	{"email", FIELD_STRING, true, MAX_EMAIL},
	{"password", FIELD_TEXT, true, MAX_PASSWORD},
	{NULL},
};

struct session_job {
	struct request *r;
	int64_t agent_id;
	char token_hash[SECRET_HEX];
	char csrf[SECRET_HEX];
	bool remove;
};

static int session_run(struct db *w, void *ctx)
{
	struct session_job *j = ctx;
	struct actor who = {"agent", j->agent_id};
	int64_t now = clock_now_ms();
	if (j->remove) {
		if (store_session_delete(w, j->token_hash) != DB_DONE ||
		    !audit_append(w, &j->r->arena, &who, "session.end", "agent", j->agent_id, 0, NULL,
				  NULL))
			return STORE_COMMIT_FAILED;
		return STORE_JOB_OK;
	}
	/* Signing in is a good moment to drop the sessions that ran out; no timer needed. */
	if (store_sessions_purge(w, now) != DB_DONE ||
	    store_session_insert(w, j->token_hash, j->agent_id, j->csrf, now,
				 now + SESSION_TTL_MS) != DB_DONE ||
	    !audit_append(w, &j->r->arena, &who, "session.start", "agent", j->agent_id, 0, NULL,
			  NULL))
		return STORE_COMMIT_FAILED;
	return STORE_JOB_OK;
}

void h_login(struct request *r)
{
	json_t *in = http_body_json(r, login_fields);
	if (!in)
		return;
	char *email = arena_strdup(&r->arena, json_str(in, "email"));
	for (char *p = email; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	const char *pw = json_str(in, "password");
	size_t pwlen = json_string_length(json_object_get(in, "password"));
	int64_t now = clock_now_ms();
	int wait = auth_login_allowed(email, now);
	if (wait) {
		http_header(r, "Retry-After", arena_printf(&r->arena, "%d", wait));
		http_error(r, 429, "rate_limited", "too many failed sign-ins; try again later", NULL);
		goto out;
	}
	struct agent_row ag;
	bool found = store_agent_get_by_email(store_reader(r->store), &r->arena, email, &ag);
	/* Verify even for unknown emails, so timing does not tell which emails exist. */
	static const char *dummy = NULL;
	static char dummy_buf[128];
	if (!dummy && auth_password_hash("not a password", 14, dummy_buf))
		dummy = dummy_buf;
	bool ok = auth_password_verify(found && ag.password_hash ? ag.password_hash : dummy, pw,
				       pwlen) &&
		  found && ag.password_hash && auth_principal_from_agent(r, &ag);
	if (!ok) {
		auth_login_failed(email, now);
		http_error(r, 401, "invalid_credentials", "wrong email or password", NULL);
		goto out;
	}
	auth_login_succeeded(email);
	char secret[SECRET_HEX];
	struct session_job j = {.r = r, .agent_id = ag.id};
	auth_random_hex(secret);
	auth_random_hex(j.csrf);
	auth_sha256_hex(secret, strlen(secret), j.token_hash);
	int rc = store_write(r->store, session_run, &j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		goto out;
	}
	http_header(r, "Set-Cookie",
		    arena_printf(&r->arena,
				 SESSION_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld",
				 secret, SESSION_TTL_MS / 1000));
	http_json(r, 200, json_pack("{s:o, s:s}", "agent", render_agent(&ag), "csrf_token", j.csrf));
out:
	json_decref(in);
}

void h_logout(struct request *r)
{
	if (r->who.via_cookie) {
		const char *p = http_cookie(r, SESSION_COOKIE);
		size_t n = p ? strlen(p) : 0;
		if (p) {
			struct session_job j = {.r = r, .agent_id = r->who.agent_id, .remove = true};
			char *secret = arena_strndup(&r->arena, p, n);
			auth_sha256_hex(secret, n, j.token_hash);
			int rc = store_write(r->store, session_run, &j);
			if (rc != STORE_JOB_OK) {
				http_store_failure(r, rc);
				return;
			}
		}
	}
	http_header(r, "Set-Cookie",
		    SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
	http_no_content(r);
}

void h_me(struct request *r)
{
	struct agent_row ag;
	if (!store_agent_get(store_reader(r->store), &r->arena, r->who.agent_id, &ag)) {
		http_error(r, 401, "unauthorized", "the agent no longer exists", NULL);
		return;
	}
	json_t *ans = json_pack("{s:o}", "agent", render_agent(&ag));
	/* A second tab of the console has the cookie but not the token: give it to the session's
	 * own pages (a cross-site page cannot read this answer: SameSite=Strict, same-origin). */
	if (r->who.via_cookie && r->csrf_expected)
		json_object_set_new(ans, "csrf_token", json_string(r->csrf_expected));
	http_json(r, 200, ans);
}
