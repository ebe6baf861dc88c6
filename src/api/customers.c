/* customers.c — customers: one person across email, exchange uid and chat. */
#include "api/customers.h"

#include <ctype.h>
#include <string.h>

#include "core/identity.h"
#include "util/clock.h"

static bool requester_parse(struct request *r, json_t *obj, struct requester_in *out,
			    bool need_identity, const char *prefix)
{
	memset(out, 0, sizeof *out);
	out->vip_tier = -1;
	const char *email = json_str(obj, "email"), *uid = json_str(obj, "exchange_uid");
	const char *lang = json_str(obj, "language"), *hash = json_str(obj, "user_hash");
	if (email && !*email)
		email = NULL;
	if (uid && !*uid)
		uid = NULL;
	if (need_identity && !email && !uid) {
		http_error(r, 422, "missing_field", "requester needs an email or an exchange_uid",
			   arena_printf(&r->arena, "%semail", prefix));
		return false;
	}
	if (email) {
		if (!validate_email(email, strlen(email))) {
			http_error(r, 422, "invalid_value", arena_printf(&r->arena, "%semail is not an email address", prefix),
				   arena_printf(&r->arena, "%semail", prefix));
			return false;
		}
		char *low = arena_strdup(&r->arena, email);
		for (char *p = low; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		out->email = low;
	}
	if (uid)
		out->uid = arena_strdup(&r->arena, uid);
	if (lang) {
		char buf[MAX_LANGUAGE + 1];
		if (!validate_language(lang, strlen(lang), buf)) {
			http_error(r, 422, "invalid_value", arena_printf(&r->arena, "%slanguage is not a BCP 47 tag", prefix),
				   arena_printf(&r->arena, "%slanguage", prefix));
			return false;
		}
		out->language = arena_strdup(&r->arena, buf);
	}
	if (hash) {
		struct db *db = store_reader(r->store);
		char *secret = store_setting_get(db, &r->arena, "identity_secret");
		if (!uid || !secret ||
		    !identity_verify_uid(secret, strlen(secret), uid, strlen(uid), hash,
					 strlen(hash))) {
			http_error(r, 422, "invalid_value",
				   arena_printf(&r->arena, "%suser_hash does not verify exchange_uid",
						prefix),
				   arena_printf(&r->arena, "%suser_hash", prefix));
			return false;
		}
		out->uid_verified = true;
	}
	out->name = arena_strdup(&r->arena, json_str(obj, "name"));
	json_t *vt = json_object_get(obj, "vip_tier");
	if (vt)
		out->vip_tier = (int)json_integer_value(vt);
	return true;
}

bool requester_from_json(struct request *r, json_t *obj, struct requester_in *out)
{
	return requester_parse(r, obj, out, true, "requester.");
}

bool requester_from_json_loose(struct request *r, json_t *obj, struct requester_in *out)
{
	return requester_parse(r, obj, out, false, "");
}

static int attach(struct db *w, struct arena *a, const struct actor *who, int64_t cid,
		  const char *kind, const char *value, bool verified, int64_t now)
{
	if (store_identity_insert(w, cid, kind, value, verified, now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:s, s:b}", "kind", kind, "verified", verified);
	bool ok = audit_append(w, a, who, "customer.identity_add", "customer", cid, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

int customer_resolve(struct db *w, struct arena *a, const struct actor *who,
		     const struct requester_in *in, int64_t now, struct customer_row *out,
		     struct job_error *err)
{
	(void)err;
	/* The exchange uid is the stronger identity: it wins when both point somewhere. */
	int64_t by_uid = in->uid ? store_customer_find(w, "exchange_uid", in->uid) : 0;
	int64_t by_email = in->email ? store_customer_find(w, "email", in->email) : 0;
	int64_t cid = by_uid ? by_uid : by_email;
	int rc;
	if (!cid) {
		struct customer_row c = {.name = in->name ? in->name : "",
					 .language = in->language ? in->language : "",
					 .vip_tier = in->vip_tier > 0 ? in->vip_tier : 0,
					 .created_at = now,
					 .updated_at = now};
		if (store_customer_insert(w, &c) != DB_DONE)
			return STORE_COMMIT_FAILED;
		cid = c.id;
		json_t *after = json_pack("{s:s, s:s, s:i}", "name", c.name, "language", c.language,
					  "vip_tier", c.vip_tier);
		bool ok = audit_append(w, a, who, "customer.create", "customer", cid, 0, NULL, after);
		json_decref(after);
		if (!ok)
			return STORE_COMMIT_FAILED;
	}
	if (in->uid && !by_uid &&
	    (rc = attach(w, a, who, cid, "exchange_uid", in->uid, in->uid_verified, now)))
		return rc;
	if (in->uid && by_uid && in->uid_verified &&
	    store_identity_set_verified(w, "exchange_uid", in->uid) != DB_DONE)
		return STORE_COMMIT_FAILED;
	/* An email already owned by another customer stays with them: never merge people
	 * silently on an unverified claim. */
	if (in->email && !by_email && (rc = attach(w, a, who, cid, "email", in->email, false, now)))
		return rc;
	if (!store_customer_get(w, a, cid, out))
		return STORE_COMMIT_FAILED;
	bool changed = false;
	struct customer_row before = *out;
	if (in->vip_tier >= 0 && in->vip_tier != out->vip_tier)
		out->vip_tier = in->vip_tier, changed = true;
	if (in->name && *in->name && !*out->name)
		out->name = in->name, changed = true;
	if (in->language && !*out->language)
		out->language = in->language, changed = true;
	if (changed) {
		out->updated_at = now;
		if (store_customer_update(w, out) != DB_DONE)
			return STORE_COMMIT_FAILED;
		json_t *b = json_pack("{s:s, s:s, s:i}", "name", before.name, "language",
				      before.language, "vip_tier", before.vip_tier);
		json_t *af = json_pack("{s:s, s:s, s:i}", "name", out->name, "language",
				       out->language, "vip_tier", out->vip_tier);
		bool ok = audit_append(w, a, who, "customer.update", "customer", cid, 0, b, af);
		json_decref(b);
		json_decref(af);
		if (!ok)
			return STORE_COMMIT_FAILED;
	}
	return STORE_JOB_OK;
}

/* ---- handlers ---- */

void h_customer_list(struct request *r)
{
	int limit;
	int64_t before;
	const char *q = http_query(r, "q");
	if (!http_query_limit(r, &limit) || !http_query_cursor(r, &before))
		return;
	if (q && strlen(q) > 200) {
		http_error(r, 400, "invalid_query", "q is longer than 200 bytes", "q");
		return;
	}
	struct db *db = store_reader(r->store);
	struct customer_row *rows;
	/* Matching identity values would let a role without PII access probe for emails, so
	 * such roles search names only. */
	const char *pat = q && *q ? like_pattern(&r->arena, q) : NULL;
	size_t n = store_customer_list(db, &r->arena, pat, can_see_pii(r), before, limit + 1, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(arr, render_customer(r, &rows[i]));
	json_t *next = n > (size_t)limit ? json_string(http_cursor_encode(r, rows[limit - 1].id))
					 : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "customers", arr, "next_cursor", next));
}

void h_customer_get(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct customer_row c;
	if (!store_customer_get(store_reader(r->store), &r->arena, id, &c)) {
		http_error(r, 404, "not_found", "no such customer", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "customer", render_customer(r, &c)));
}

static const struct field_spec customer_patch_fields[] = {
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"language", FIELD_STRING, false, MAX_LANGUAGE},
	{"vip_tier", FIELD_INT, false, 0, 0, 0, 5},
	{NULL},
};

struct customer_patch_job {
	struct request *r;
	int64_t id;
	const char *name, *language;
	int vip_tier;
	struct job_error err;
};

static int customer_patch_run(struct db *w, void *ctx)
{
	struct customer_patch_job *j = ctx;
	struct customer_row c;
	if (!store_customer_get(w, &j->r->arena, j->id, &c))
		return job_fail(&j->err, 404, "not_found", "no such customer", NULL);
	json_t *b = json_pack("{s:s, s:s, s:i}", "name", c.name, "language", c.language,
			      "vip_tier", c.vip_tier);
	if (j->name)
		c.name = j->name;
	if (j->language)
		c.language = j->language;
	if (j->vip_tier >= 0)
		c.vip_tier = j->vip_tier;
	json_t *af = json_pack("{s:s, s:s, s:i}", "name", c.name, "language", c.language,
			       "vip_tier", c.vip_tier);
	int rc = STORE_JOB_OK;
	if (!json_equal(b, af)) {
		c.updated_at = clock_now_ms();
		struct actor who = actor_of(j->r);
		if (store_customer_update(w, &c) != DB_DONE ||
		    !audit_append(w, &j->r->arena, &who, "customer.update", "customer", c.id, 0, b,
				  af))
			rc = STORE_COMMIT_FAILED;
	}
	json_decref(b);
	json_decref(af);
	return rc;
}

void h_customer_patch(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, customer_patch_fields);
	if (!in)
		return;
	struct customer_patch_job j = {.r = r, .id = id, .vip_tier = -1};
	const char *lang = json_str(in, "language");
	char buf[MAX_LANGUAGE + 1];
	if (lang && !validate_language(lang, strlen(lang), buf)) {
		http_error(r, 422, "invalid_value", "language is not a BCP 47 tag", "language");
		goto out;
	}
	j.language = lang ? arena_strdup(&r->arena, buf) : NULL;
	j.name = arena_strdup(&r->arena, json_str(in, "name"));
	if (json_has(in, "vip_tier"))
		j.vip_tier = (int)json_integer_value(json_object_get(in, "vip_tier"));
	int rc = store_write(r->store, customer_patch_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct customer_row c;
	store_customer_get(store_reader(r->store), &r->arena, id, &c);
	http_json(r, 200, json_pack("{s:o}", "customer", render_customer(r, &c)));
out:
	json_decref(in);
}
