/* incidents.c — declaring, reading and changing incidents; the public status banner; and the
 * exchange's incident.declared webhook (docs/exchange/incidents.md).
 *
 * An incident's public face is its banner: one text per help-center language, written by the
 * desk. Nothing else of it (title, description, keywords, links, lists) is ever answered to the
 * public. An incident declared by the exchange starts without a banner: the desk decides what
 * customers are told. */
#include "api/incidents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/kb.h"
#include "core/incident.h"
#include "core/kb.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"

#define INCIDENT_LIST_MAX 200

/* ---- fields ---- */

static const struct field_spec banner_fields[] = {
    {"en", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"zh-CN", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"zh-TW", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"ja", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"ko", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"ru", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"es", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"vi", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {"tr", FIELD_STRING, false, INCIDENT_MAX_BANNER},
    {NULL},
};

#define INCIDENT_FIELDS(req)                                                                       \
	{"title", FIELD_STRING, req, INCIDENT_MAX_TITLE},                                          \
	    {"products", FIELD_STRING_ARRAY, req, INCIDENT_MAX_PRODUCT, INCIDENT_MAX_PRODUCTS},    \
	    {"keywords", FIELD_STRING_ARRAY, false, INCIDENT_MAX_KEYWORD, INCIDENT_MAX_KEYWORDS},  \
	    {"description", FIELD_TEXT, false, INCIDENT_MAX_DESCRIPTION},                          \
	    {"starts_at", FIELD_STRING, req, 40}, {"ends_at", FIELD_STRING, false, 40},            \
	    {"banner", FIELD_OBJECT, req, .children = banner_fields},                              \
	    {"status", FIELD_STRING, false, 20},                                                   \
	{                                                                                          \
		NULL                                                                               \
	}

static const struct field_spec create_fields[] = {INCIDENT_FIELDS(true)};
static const struct field_spec patch_fields[] = {INCIDENT_FIELDS(false)};

/* ---- rendering ---- */

static json_t *json_or_empty(const char *text, bool array)
{
	json_error_t e;
	json_t *j = text && *text ? json_loads(text, 0, &e) : NULL;
	if (!j || (array ? !json_is_array(j) : !json_is_object(j))) {
		json_decref(j);
		j = array ? json_array() : json_object();
	}
	return j;
}

json_t *render_incident(struct db *db, const struct incident_row *i)
{
	return json_pack(
	    "{s:I, s:o, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:I}",
	    "id", (json_int_t)i->id, "external_id",
	    i->external_id ? json_string(i->external_id) : json_null(), "pay_id",
	    i->pay_id ? i->pay_id : "", "source", i->source, "title", i->title, "products",
	    split_list(i->products), "keywords", json_or_empty(i->keywords, true), "description",
	    i->description, "status", i->status, "banner", json_or_empty(i->banner, false),
	    "starts_at", json_time(i->starts_at), "ends_at", json_time(i->ends_at), "created_by",
	    json_id(i->created_by), "created_at", json_time(i->created_at), "updated_at",
	    json_time(i->updated_at), "resolved_at", json_time(i->resolved_at), "linked_tickets",
	    (json_int_t)store_incident_link_count(db, i->id));
}

/* ---- validation ---- */

static bool one_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

static bool multi_line(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r' && *p != '\t') || *p == 0x7f)
			return false;
	return true;
}

/* products -> "a,b" (deduplicated, in order); fills e on a bad one. */
static bool products_of(struct arena *a, struct job_error *e, json_t *arr, const char **out)
{
	size_t i, n = 0;
	json_t *v;
	char *buf = arena_alloc(a, (INCIDENT_MAX_PRODUCT + 1) * INCIDENT_MAX_PRODUCTS + 1);
	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(v);
		if (!incident_product_valid(s, strlen(s))) {
			job_fail(
			    e, 422, "invalid_value",
			    "a product is 1-32 of a-z 0-9 _ - (spot, futures, p2p, earn, deposit, "
			    "withdrawal, ...)",
			    "products");
			return false;
		}
		bool dup = false;
		for (size_t k = 0; k < i; k++)
			dup = dup || strcmp(json_string_value(json_array_get(arr, k)), s) == 0;
		if (dup)
			continue;
		if (n)
			strcat(buf, ",");
		strcat(buf, s);
		n++;
	}
	if (!n) {
		job_fail(e, 422, "invalid_value", "name at least one product", "products");
		return false;
	}
	*out = buf;
	return true;
}

static bool keywords_of(struct arena *a, struct job_error *e, json_t *arr, const char **out)
{
	size_t i;
	json_t *v, *clean = json_array();
	json_array_foreach(arr, i, v)
	{
		size_t len = json_string_length(v);
		const char *t = utf8_trim(json_string_value(v), &len);
		char *k = arena_strndup(a, t, len);
		if (!len || !one_line(k)) {
			json_decref(clean);
			job_fail(e, 422, "invalid_value",
			         "a keyword is a non-empty line without control characters",
			         "keywords");
			return false;
		}
		json_array_append_new(clean, json_string(k));
	}
	char *s = json_dumps(clean, JSON_COMPACT);
	*out = arena_strdup(a, s);
	free(s);
	json_decref(clean);
	return true;
}

static bool banner_of(struct arena *a, struct job_error *e, json_t *obj, const char **out)
{
	const char *key;
	json_t *v, *clean = json_object();
	json_object_foreach(obj, key, v)
	{
		const char *s = json_string_value(v);
		if (!one_line(s)) {
			json_decref(clean);
			job_fail(e, 422, "invalid_value",
			         arena_printf(a, "banner.%s must be one line", key),
			         arena_printf(a, "banner.%s", key));
			return false;
		}
		if (*s)
			json_object_set_new(clean, key, json_string(s));
	}
	if (!json_string_value(json_object_get(clean, "en"))) {
		json_decref(clean);
		job_fail(
		    e, 422, "missing_field",
		    "banner.en is required: English is what every other language falls back to",
		    "banner.en");
		return false;
	}
	char *s = json_dumps(clean, JSON_COMPACT);
	*out = arena_strdup(a, s);
	free(s);
	json_decref(clean);
	return true;
}

static bool time_of(struct arena *a, struct job_error *e, const char *s, const char *field,
                    int64_t *out)
{
	if (!clock_parse_rfc3339(s, out)) {
		job_fail(e, 422, "invalid_value",
		         arena_printf(a, "%s is an RFC 3339 time (2026-11-23T08:00:00Z)", field),
		         field);
		return false;
	}
	return true;
}

/* Applies the fields present in `in` to i; fills e and returns false on a bad one. */
static bool apply_fields(struct arena *a, struct job_error *e, json_t *in, struct incident_row *i)
{
	const char *s;
	if ((s = json_str(in, "title"))) {
		if (!one_line(s)) {
			job_fail(e, 422, "invalid_value", "title must be one line", "title");
			return false;
		}
		i->title = arena_strdup(a, s);
	}
	if (json_has(in, "products") &&
	    !products_of(a, e, json_object_get(in, "products"), &i->products))
		return false;
	if (json_has(in, "keywords") &&
	    !keywords_of(a, e, json_object_get(in, "keywords"), &i->keywords))
		return false;
	if ((s = json_str(in, "description"))) {
		if (!multi_line(s)) {
			job_fail(e, 422, "invalid_value",
			         "description must not hold control characters", "description");
			return false;
		}
		i->description = arena_strdup(a, s);
	}
	if (json_has(in, "banner") && !banner_of(a, e, json_object_get(in, "banner"), &i->banner))
		return false;
	if ((s = json_str(in, "starts_at")) && !time_of(a, e, s, "starts_at", &i->starts_at))
		return false;
	if ((s = json_str(in, "ends_at")) && !time_of(a, e, s, "ends_at", &i->ends_at))
		return false;
	if (i->ends_at && i->ends_at < i->starts_at) {
		job_fail(e, 422, "invalid_value", "ends_at is before starts_at", "ends_at");
		return false;
	}
	if ((s = json_str(in, "status"))) {
		enum incident_status st;
		if (!incident_status_parse(s, &st)) {
			job_fail(e, 422, "invalid_value",
			         "status is one of investigating, identified, monitoring, resolved",
			         "status");
			return false;
		}
		i->status = incident_status_name(st);
	}
	return true;
}

static json_t *audit_json(const struct incident_row *i)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "title", i->title, "products",
	                 i->products, "keywords", i->keywords ? i->keywords : "[]", "status",
	                 i->status, "starts_at", (json_int_t)i->starts_at, "ends_at",
	                 (json_int_t)i->ends_at, "banner", i->banner ? i->banner : "{}");
}

/* Resolving stamps resolved_at (and ends the incident now if it had no end); reopening clears
 * resolved_at. */
static void status_times(struct incident_row *i, const char *old_status, int64_t now)
{
	bool was = old_status && strcmp(old_status, "resolved") == 0;
	bool is = strcmp(i->status, "resolved") == 0;
	if (is && !was) {
		i->resolved_at = now;
		if (!i->ends_at)
			i->ends_at = now;
	} else if (!is) {
		i->resolved_at = 0;
	}
}

/* ---- POST /api/v1/incidents ---- */

struct incident_job {
	struct request *r;
	struct incident_row i;
	struct job_error err;
};

static int create_run(struct db *w, void *ctx)
{
	struct incident_job *j = ctx;
	struct actor who = actor_of(j->r);
	bool dup = false;
	if (store_incident_insert(w, &j->r->arena, &j->i, &dup) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = audit_json(&j->i);
	json_object_set_new(after, "pay_id", json_string(j->i.pay_id));
	bool ok = audit_append(w, &j->r->arena, &who, "incident.declare", "incident", j->i.id, 0,
	                       NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_incident_create(struct request *r)
{
	json_t *in = http_body_json(r, create_fields);
	if (!in)
		return;
	int64_t now = clock_now_ms();
	struct incident_job j = {.r = r};
	j.i = (struct incident_row){.source = "desk",
	                            .status = "investigating",
	                            .keywords = "[]",
	                            .description = "",
	                            .banner = "{}",
	                            .created_by = r->who.agent_id,
	                            .created_at = now,
	                            .updated_at = now};
	if (!apply_fields(&r->arena, &j.err, in, &j.i)) {
		job_answer_error(r, JOB_FAILED, &j.err);
		goto out;
	}
	status_times(&j.i, NULL, now);
	int rc = store_write(r->store, create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct actor who = actor_of(r);
	int linked = incident_link_by_rule(r->store, j.i.id, &who, false);
	struct db *db = store_reader(r->store);
	struct incident_row fresh;
	store_incident_get(db, &r->arena, j.i.id, &fresh);
	http_json(r, 201,
	          json_pack("{s:o, s:i}", "incident", render_incident(db, &fresh), "linked",
	                    linked < 0 ? 0 : linked));
out:
	json_decref(in);
}

/* ---- GET /api/v1/incidents, GET /api/v1/incidents/{id} ---- */

void h_incident_list(struct request *r)
{
	const char *status = http_query(r, "status");
	if (status && strcmp(status, "active") && strcmp(status, "all")) {
		http_error(r, 400, "invalid_query", "status is active or all", "status");
		return;
	}
	struct db *db = store_reader(r->store);
	struct incident_row *rows;
	size_t n = store_incident_list(db, &r->arena, status && !strcmp(status, "active"),
	                               INCIDENT_LIST_MAX, &rows);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, render_incident(db, &rows[k]));
	http_json(r, 200, json_pack("{s:o}", "incidents", arr));
}

void h_incident_get(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct db *db = store_reader(r->store);
	struct incident_row i;
	if (!store_incident_get(db, &r->arena, id, &i)) {
		http_error(r, 404, "not_found", "no such incident", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "incident", render_incident(db, &i)));
}

/* ---- PATCH /api/v1/incidents/{id} ---- */

struct patch_job {
	struct request *r;
	int64_t id;
	json_t *in;
	struct incident_row i;
	bool changed;
	struct job_error err;
};

static int patch_run(struct db *w, void *ctx)
{
	struct patch_job *j = ctx;
	struct request *r = j->r;
	if (!store_incident_get(w, &r->arena, j->id, &j->i))
		return job_fail(&j->err, 404, "not_found", "no such incident", NULL);
	json_t *before = audit_json(&j->i);
	const char *old_status = j->i.status;
	if (!apply_fields(&r->arena, &j->err, j->in, &j->i)) {
		json_decref(before);
		return JOB_FAILED;
	}
	int64_t now = clock_now_ms();
	status_times(&j->i, old_status, now);
	json_t *after = audit_json(&j->i);
	int rc = STORE_JOB_OK;
	j->changed = !json_equal(before, after);
	if (j->changed) {
		j->i.updated_at = now;
		struct actor who = actor_of(r);
		if (store_incident_update(w, &j->i) != DB_DONE ||
		    !audit_append(w, &r->arena, &who, "incident.update", "incident", j->i.id, 0,
		                  before, after))
			rc = STORE_COMMIT_FAILED;
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

void h_incident_patch(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, patch_fields);
	if (!in)
		return;
	struct patch_job j = {.r = r, .id = id, .in = in};
	int rc = store_write(r->store, patch_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	int linked = 0;
	if (j.changed && strcmp(j.i.status, "resolved") != 0) {
		struct actor who = actor_of(r);
		linked = incident_link_by_rule(r->store, id, &who, false);
	}
	struct db *db = store_reader(r->store);
	struct incident_row fresh;
	store_incident_get(db, &r->arena, id, &fresh);
	http_json(r, 200,
	          json_pack("{s:o, s:i}", "incident", render_incident(db, &fresh), "linked",
	                    linked < 0 ? 0 : linked));
out:
	json_decref(in);
}

/* ---- GET /api/v1/public/incidents?lang= ---- */

void h_public_incidents(struct request *r)
{
	const char *locale;
	if (!kb_query_locale(r, "lang", &locale))
		return;
	if (!locale)
		locale = "en";
	int64_t now = clock_now_ms();
	struct db *db = store_reader(r->store);
	struct incident_row *rows;
	size_t n = store_incident_list(db, &r->arena, true, INCIDENT_LIST_MAX, &rows);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		const struct incident_row *i = &rows[k];
		if (i->starts_at > now)
			continue;
		json_t *banner = json_or_empty(i->banner, false);
		const char *lang = locale, *text = json_string_value(json_object_get(banner, lang));
		if (!text)
			text = json_string_value(json_object_get(banner, lang = "en"));
		if (text)
			json_array_append_new(
			    arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "id",
			                   (json_int_t)i->id, "status", i->status, "language", lang,
			                   "text", text, "products", split_list(i->products),
			                   "starts_at", json_time(i->starts_at), "ends_at",
			                   json_time(i->ends_at), "updated_at",
			                   json_time(i->updated_at)));
		json_decref(banner);
	}
	http_header(r, "Cache-Control", "no-cache");
	http_json(r, 200, json_pack("{s:o}", "incidents", arr));
}

/* ---- the exchange's incident.declared ---- */

struct declared_job {
	struct arena *a;
	struct incident_row i;
	const char *event_id;
	bool duplicate;
};

static int declared_run(struct db *w, void *ctx)
{
	struct declared_job *j = ctx;
	if (store_incident_insert(w, j->a, &j->i, &j->duplicate) != DB_DONE)
		return STORE_COMMIT_FAILED;
	if (j->duplicate)
		return STORE_JOB_OK;
	struct actor system = {"system", 0};
	json_t *after = audit_json(&j->i);
	json_object_set_new(after, "external_id", json_string(j->i.external_id));
	json_object_set_new(after, "event_id", json_string(j->event_id));
	bool ok =
	    audit_append(w, j->a, &system, "incident.declare", "incident", j->i.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static enum exev_result declared_fail(struct exev *ev, const char *why)
{
	snprintf(ev->error, sizeof ev->error, "incident.declared: %s", why);
	return EXEV_FAILED;
}

enum exev_result incident_on_declared(struct exev *ev)
{
	json_t *inc = json_object_get(ev->data, "incident");
	const char *id = json_string_value(json_object_get(inc, "id"));
	const char *title = json_string_value(json_object_get(inc, "title"));
	const char *desc = json_string_value(json_object_get(inc, "description"));
	const char *starts = json_string_value(json_object_get(inc, "starts_at"));
	json_t *ends = json_object_get(inc, "ends_at"),
	       *products = json_object_get(inc, "products");
	if (!json_is_object(inc))
		return declared_fail(ev, "no incident object");
	if (!id || !*id || strlen(id) > 128 || !one_line(id))
		return declared_fail(ev, "id is missing or malformed");
	if (!title || !*title || strlen(title) > INCIDENT_MAX_TITLE || !one_line(title))
		return declared_fail(ev, "title is missing, too long or not one line");
	if (desc && (strlen(desc) > INCIDENT_MAX_DESCRIPTION || !multi_line(desc)))
		return declared_fail(ev, "description is too long or holds control characters");
	struct declared_job j = {.a = ev->a, .event_id = ev->row->event_id};
	int64_t now = clock_now_ms();
	j.i = (struct incident_row){.external_id = id,
	                            .source = "exchange",
	                            .title = title,
	                            .keywords = "[]",
	                            .description = desc ? desc : "",
	                            .status = "investigating",
	                            .banner = "{}",
	                            .created_at = now,
	                            .updated_at = now};
	if (!starts || !clock_parse_rfc3339(starts, &j.i.starts_at))
		return declared_fail(ev, "starts_at is not an RFC 3339 time");
	if (ends && !json_is_null(ends) &&
	    (!json_is_string(ends) || !clock_parse_rfc3339(json_string_value(ends), &j.i.ends_at) ||
	     j.i.ends_at < j.i.starts_at))
		return declared_fail(ev, "ends_at is not an RFC 3339 time after starts_at");
	if (!json_is_array(products))
		return declared_fail(ev, "products is not a list");
	/* The exchange names products its own way: lower-cased, those that read as a slug kept. */
	char *plist = arena_alloc(ev->a, (INCIDENT_MAX_PRODUCT + 1) * INCIDENT_MAX_PRODUCTS + 1);
	size_t k, kept = 0;
	json_t *v;
	json_array_foreach(products, k, v)
	{
		const char *p = json_string_value(v);
		if (!p || kept >= INCIDENT_MAX_PRODUCTS)
			continue;
		char *low = arena_strdup(ev->a, p);
		for (char *c = low; *c; c++)
			*c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
		if (!incident_product_valid(low, strlen(low)))
			continue;
		if (kept++)
			strcat(plist, ",");
		strcat(plist, low);
	}
	j.i.products = plist;
	if (store_write_background(ev->store, declared_run, &j) != STORE_JOB_OK) {
		snprintf(ev->error, sizeof ev->error,
		         "incident.declared: the store is unavailable");
		return EXEV_RETRY;
	}
	if (!j.duplicate) {
		struct actor system = {"system", 0};
		incident_link_by_rule(ev->store, j.i.id, &system, true);
		log_event(LOG_INFO, "incident_declared", "incident=%lld external=%s",
		          (long long)j.i.id, id);
	}
	return EXEV_DONE;
}
