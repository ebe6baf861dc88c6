#include "http/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>

#include "store/store.h"
#include "util/clock.h"

void auth_random_hex(char out[SECRET_HEX])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, SECRET_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void auth_sha256_hex(const char *s, size_t len, char out[SECRET_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, len);
	sodium_bin2hex(out, SECRET_HEX, h, sizeof h);
}

bool auth_password_hash(const char *password, size_t len, char out[128])
{
	return crypto_pwhash_str(out, password, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

bool auth_password_verify(const char *hash, const char *password, size_t len)
{
	return hash && crypto_pwhash_str_verify(hash, password, len) == 0;
}

bool auth_principal_from_agent(struct request *r, const struct agent_row *ag)
{
	if (!ag->active)
		return false;
	struct principal *p = &r->who;
	if (!role_parse(ag->role, &p->role) || !tier_parse(ag->tier, &p->tier))
		return false;
	p->kind = PRINCIPAL_AGENT;
	p->agent_id = ag->id;
	p->groups = ag->groups;
	p->n_groups = ag->n_groups;
	p->name = ag->name;
	p->email = ag->email;
	return true;
}

/* last_used_at tells admins which tokens are stale. Recording every use would put a write on
 * every read, so it is refreshed at most once a minute per token; not an audited change. */
#define TOKEN_TOUCH_MS (60 * 1000)

struct touch_job {
	int64_t id, at;
};

static int touch_run(struct db *w, void *ctx)
{
	struct touch_job *j = ctx;
	return store_token_touch(w, j->id, j->at) == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void token_mark_used(struct request *r, const struct token_row *t)
{
	int64_t now = clock_now_ms();
	if (t->last_used_at && now - t->last_used_at < TOKEN_TOUCH_MS)
		return;
	struct touch_job j = {t->id, now};
	store_write(r->store, touch_run, &j); /* best effort: a failure only delays the stamp */
}

static bool unauthorized(struct request *r)
{
	http_error(r, 401, "unauthorized", "credentials are missing, unknown, revoked or expired",
		   NULL);
	return false;
}

bool auth_resolve(struct request *r)
{
	struct db *db = store_reader(r->store);
	char hash[SECRET_HEX];
	struct agent_row ag;
	r->who.kind = PRINCIPAL_NONE;

	const char *authz = http_header_in(r, "Authorization");
	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7) != 0)
			return unauthorized(r);
		const char *tok = authz + 7;
		size_t len = strlen(tok);
		if (len == 0 || len > 256)
			return unauthorized(r);
		auth_sha256_hex(tok, len, hash);
		struct token_row t;
		if (!store_token_get_by_hash(db, &r->arena, hash, &t) || t.revoked_at ||
		    !store_agent_get(db, &r->arena, t.agent_id, &ag) ||
		    !auth_principal_from_agent(r, &ag))
			return unauthorized(r);
		r->who.token_id = t.id;
		token_mark_used(r, &t);
		return true;
	}

	const char *cookie = http_cookie(r, SESSION_COOKIE);
	if (!cookie)
		return true; /* anonymous: the route decides */
	size_t len = strlen(cookie);
	if (len == 0 || len > 256)
		return unauthorized(r);
	auth_sha256_hex(cookie, len, hash);
	struct session_row s;
	if (!store_session_get(db, &r->arena, hash, &s) || s.expires_at <= clock_now_ms() ||
	    !store_agent_get(db, &r->arena, s.agent_id, &ag) || !auth_principal_from_agent(r, &ag))
		return unauthorized(r);
	r->who.via_cookie = true;
	r->who.session_id = s.id;
	r->csrf_expected = s.csrf_token; /* for auth_csrf_ok */
	return true;
}

bool auth_csrf_ok(struct request *r)
{
	if (!r->who.via_cookie)
		return true;
	const char *m = r->method;
	if (!strcmp(m, "GET") || !strcmp(m, "HEAD") || !strcmp(m, "OPTIONS"))
		return true;
	const char *sent = http_header_in(r, "X-CSRF-Token");
	const char *want = r->csrf_expected;
	if (!sent || !want || strlen(sent) != strlen(want))
		return false;
	return sodium_memcmp(sent, want, strlen(want)) == 0;
}

/* ---- login throttling ---- */

#define LOGIN_SLOTS 1024
#define LOGIN_WINDOW_MS (15LL * 60 * 1000)
#define LOGIN_MAX_FAILURES 5

struct login_slot {
	char email[64];
	int failures;
	int64_t first_at;
};

static struct login_slot login_slots[LOGIN_SLOTS];
static pthread_mutex_t login_mu = PTHREAD_MUTEX_INITIALIZER;

/* A fixed table: an attacker cycling emails can evict entries, but cannot grow memory; per-
 * email limits are what protect one account. */
static struct login_slot *login_slot(const char *email, bool create)
{
	unsigned char h[8];
	crypto_generichash(h, sizeof h, (const unsigned char *)email, strlen(email), NULL, 0);
	size_t i = ((size_t)h[0] | (size_t)h[1] << 8) % LOGIN_SLOTS;
	struct login_slot *s = &login_slots[i];
	if (strncmp(s->email, email, sizeof s->email - 1) == 0)
		return s;
	if (!create)
		return NULL;
	memset(s, 0, sizeof *s);
	strncpy(s->email, email, sizeof s->email - 1);
	return s;
}

int auth_login_allowed(const char *email, int64_t now_ms)
{
	pthread_mutex_lock(&login_mu);
	struct login_slot *s = login_slot(email, false);
	int wait = 0;
	if (s && s->failures >= LOGIN_MAX_FAILURES) {
		int64_t until = s->first_at + LOGIN_WINDOW_MS;
		if (until > now_ms)
			wait = (int)((until - now_ms + 999) / 1000);
		else
			memset(s, 0, sizeof *s);
	}
	pthread_mutex_unlock(&login_mu);
	return wait;
}

void auth_login_failed(const char *email, int64_t now_ms)
{
	pthread_mutex_lock(&login_mu);
	struct login_slot *s = login_slot(email, true);
	if (s->failures == 0 || s->first_at + LOGIN_WINDOW_MS <= now_ms) {
		s->failures = 0;
		s->first_at = now_ms;
	}
	s->failures++;
	pthread_mutex_unlock(&login_mu);
}

void auth_login_succeeded(const char *email)
{
	pthread_mutex_lock(&login_mu);
	struct login_slot *s = login_slot(email, false);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&login_mu);
}
