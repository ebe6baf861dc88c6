/* groups.c — teams (by product, language and tier), and the tag and category vocabularies. */
#include "api/people.h"

#include <string.h>

#include "util/clock.h"

static json_t *group_audit_json(const struct group_row *g)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b}", "name", g->name, "tier", g->tier,
			 "languages", g->languages, "product_area", g->product_area, "vip", g->vip);
}

int group_create_run(struct db *w, void *ctx)
{
	struct group_create *j = ctx;
	struct group_row existing;
	if (store_group_get_by_name(w, j->a, j->g.name, &existing))
		return job_fail(&j->err, 409, "conflict", "a group with this name exists", "name");
	j->g.created_at = j->g.updated_at = clock_now_ms();
	if (store_group_insert(w, &j->g) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = group_audit_json(&j->g);
	bool ok = audit_append(w, j->a, &j->who, "group.create", "group", j->g.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static const char *const group_tiers[] = {"L1", "L2", "expert", "vip", NULL};

static const struct field_spec group_create_fields[] = {
	{"name", FIELD_STRING, true, MAX_PERSON_NAME},
	{"tier", FIELD_STRING, true, 16},
	{"languages", FIELD_STRING_ARRAY, false, MAX_LANGUAGE, 20},
	{"vip", FIELD_BOOL, false},
	{"product_area", FIELD_STRING, false, 100},
	{NULL},
};
static const struct field_spec group_patch_fields[] = {
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"tier", FIELD_STRING, false, 16},
	{"languages", FIELD_STRING_ARRAY, false, MAX_LANGUAGE, 20},
	{"vip", FIELD_BOOL, false},
	{"product_area", FIELD_STRING, false, 100},
	{NULL},
};

static bool group_fields(struct request *r, json_t *in, struct group_row *g)
{
	const char *s;
	if ((s = json_str(in, "tier"))) {
		g->tier = NULL;
		for (size_t i = 0; group_tiers[i]; i++)
			if (!strcmp(s, group_tiers[i]))
				g->tier = group_tiers[i];
		if (!g->tier) {
			http_error(r, 422, "invalid_value", "tier is one of L1, L2, expert, vip", "tier");
			return false;
		}
	}
	if ((s = json_str(in, "name"))) {
		if (!*s) {
			http_error(r, 422, "invalid_value", "name must not be empty", "name");
			return false;
		}
		g->name = arena_strdup(&r->arena, s);
	}
	json_t *langs = json_object_get(in, "languages");
	if (langs && !join_languages(r, langs, "languages", &g->languages))
		return false;
	if (json_has(in, "vip"))
		g->vip = json_is_true(json_object_get(in, "vip"));
	if ((s = json_str(in, "product_area")))
		g->product_area = arena_strdup(&r->arena, s);
	return true;
}

void h_group_list(struct request *r)
{
	struct group_row *rows;
	size_t n = store_group_list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_group(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "groups", arr));
}

void h_group_create(struct request *r)
{
	json_t *in = http_body_json(r, group_create_fields);
	if (!in)
		return;
	struct group_create j = {.a = &r->arena, .who = actor_of(r)};
	j.g.languages = "";
	j.g.product_area = "";
	if (group_fields(r, in, &j.g)) {
		int rc = store_write(r->store, group_create_run, &j);
		if (rc != STORE_JOB_OK)
			job_answer_error(r, rc, &j.err);
		else
			http_json(r, 201, json_pack("{s:o}", "group", render_group(&j.g)));
	}
	json_decref(in);
}

struct group_patch {
	struct request *r;
	int64_t id;
	json_t *in;
	struct group_row g;
	struct job_error err;
};

static int group_patch_run(struct db *w, void *ctx)
{
	struct group_patch *j = ctx;
	struct group_row g, other;
	if (!store_group_get(w, &j->r->arena, j->id, &g))
		return job_fail(&j->err, 404, "not_found", "no such group", NULL);
	if (j->g.name && strcmp(j->g.name, g.name) != 0 &&
	    store_group_get_by_name(w, &j->r->arena, j->g.name, &other))
		return job_fail(&j->err, 409, "conflict", "a group with this name exists", "name");
	json_t *before = group_audit_json(&g);
	if (j->g.name)
		g.name = j->g.name;
	if (j->g.tier)
		g.tier = j->g.tier;
	if (j->g.languages)
		g.languages = j->g.languages;
	if (j->g.product_area)
		g.product_area = j->g.product_area;
	if (json_has(j->in, "vip"))
		g.vip = j->g.vip;
	json_t *after = group_audit_json(&g);
	int rc = STORE_JOB_OK;
	if (!json_equal(before, after)) {
		g.updated_at = clock_now_ms();
		struct actor who = actor_of(j->r);
		if (store_group_update(w, &g) != DB_DONE ||
		    !audit_append(w, &j->r->arena, &who, "group.update", "group", g.id, 0, before,
				  after))
			rc = STORE_COMMIT_FAILED;
	}
	json_decref(before);
	json_decref(after);
	j->g = g;
	return rc;
}

void h_group_patch(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, group_patch_fields);
	if (!in)
		return;
	struct group_patch j = {.r = r, .id = id, .in = in};
	if (group_fields(r, in, &j.g)) {
		int rc = store_write(r->store, group_patch_run, &j);
		if (rc != STORE_JOB_OK)
			job_answer_error(r, rc, &j.err);
		else
			http_json(r, 200, json_pack("{s:o}", "group", render_group(&j.g)));
	}
	json_decref(in);
}

void h_tag_list(struct request *r)
{
	struct ticket_scope scope = ticket_scope_of(r);
	struct tag_count *rows;
	size_t n = store_tag_counts(store_reader(r->store), &r->arena, &scope, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:I}", "name", rows[i].name, "count",
						     (json_int_t)rows[i].count));
	http_json(r, 200, json_pack("{s:o}", "tags", arr));
}

void h_category_list(struct request *r)
{
	struct category_row *rows;
	size_t n = store_category_list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr,
				      json_pack("{s:s, s:s}", "slug", rows[i].slug, "name", rows[i].name));
	http_json(r, 200, json_pack("{s:o}", "categories", arr));
}
