/* kb_taxonomy.c — the knowledge base's categories and sections for agents: list, create,
 * change, delete. Both are {slug, position, names}; names is an object of the help center's
 * locales (each 1..KB_MAX_NAME bytes, one line), written whole. A category or section that
 * still holds something is not deleted (409). Every change is audited (kb.category.*,
 * kb.section.*) in its transaction. */
#include "api/kb.h"

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "util/clock.h"

#define POSITION_MAX 1000000

#define NAME_FIELD(locale)                                                                         \
	{                                                                                          \
		locale, FIELD_STRING, false, KB_MAX_NAME                                           \
	}
static const struct field_spec name_fields[] = {
    NAME_FIELD("en"), NAME_FIELD("zh-CN"), NAME_FIELD("zh-TW"), NAME_FIELD("ja"), NAME_FIELD("ko"),
    NAME_FIELD("ru"), NAME_FIELD("es"),    NAME_FIELD("vi"),    NAME_FIELD("tr"), {NULL},
};
_Static_assert(sizeof name_fields / sizeof name_fields[0] == KB_LOCALE_COUNT + 1,
               "a name field per locale");

/* names: at least one, none empty or with control characters. Returns the JSON text. */
static const char *names_text(struct request *r, json_t *names)
{
	const char *key;
	json_t *v;
	if (json_object_size(names) == 0) {
		http_error(r, 422, "invalid_value", "names needs the name in at least one locale",
		           "names");
		return NULL;
	}
	json_object_foreach(names, key, v)
	{
		const char *s = json_string_value(v);
		const char *field = arena_printf(&r->arena, "names.%s", key);
		if (!*s) {
			http_error(r, 422, "invalid_value",
			           arena_printf(&r->arena, "%s must not be empty", field), field);
			return NULL;
		}
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			if (*p < 0x20 || *p == 0x7f) {
				http_error(r, 422, "invalid_value",
				           arena_printf(&r->arena,
				                        "%s must be one line without control "
				                        "characters",
				                        field),
				           field);
				return NULL;
			}
	}
	char *text = json_dumps(names, JSON_COMPACT | JSON_SORT_KEYS);
	const char *out = arena_strdup(&r->arena, text);
	free(text);
	return out;
}

static bool slug_ok(struct request *r, const char *slug)
{
	if (validate_slug(slug, strlen(slug)))
		return true;
	http_error(r, 422, "invalid_value", "slug must be 1 to 40 of a-z, 0-9 and _", "slug");
	return false;
}

static json_t *section_json(const struct kb_section_row *s)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:o, s:o, s:o}", "id", (json_int_t)s->id,
	                 "category_id", (json_int_t)s->category_id, "slug", s->slug, "position",
	                 (json_int_t)s->position, "names", kb_names(s->names), "created_at",
	                 json_time(s->created_at), "updated_at", json_time(s->updated_at));
}

static json_t *category_json(struct db *db, struct arena *a, const struct kb_category_row *c)
{
	struct kb_section_row *secs;
	size_t n = store_kb_section_list(db, a, c->id, &secs);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, section_json(&secs[i]));
	return json_pack("{s:I, s:s, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)c->id, "slug",
	                 c->slug, "position", (json_int_t)c->position, "names", kb_names(c->names),
	                 "sections", arr, "created_at", json_time(c->created_at), "updated_at",
	                 json_time(c->updated_at));
}

static json_t *audit_json(const char *slug, int64_t position, const char *names,
                          int64_t category_id)
{
	json_t *o = json_pack("{s:s, s:I, s:o}", "slug", slug, "position", (json_int_t)position,
	                      "names", kb_names(names));
	if (category_id)
		json_object_set_new(o, "category_id", json_integer((json_int_t)category_id));
	return o;
}

/* ---- one job for both kinds ---- */

struct tax_job {
	struct request *r;
	bool section; /* else a category */
	int64_t id;   /* 0 = create */
	bool remove;
	const char *slug, *names; /* NULL = unchanged */
	bool position_given;
	int64_t position;
	int64_t category_id; /* sections: 0 = unchanged */
	struct kb_category_row cat;
	struct kb_section_row sec;
	struct job_error err;
};

static int tax_category(struct db *w, struct tax_job *j, int64_t now, json_t **before)
{
	struct arena *a = &j->r->arena;
	struct kb_category_row *c = &j->cat, other;
	if (j->id) {
		if (!store_kb_category_get(w, a, j->id, c))
			return job_fail(&j->err, 404, "not_found", "no such category", NULL);
		*before = audit_json(c->slug, c->position, c->names, 0);
	}
	if (j->remove) {
		if (store_kb_category_usage(w, j->id) > 0)
			return job_fail(&j->err, 409, "conflict",
			                "the category still has sections or articles", NULL);
		return store_kb_category_delete(w, j->id) == DB_DONE ? STORE_JOB_OK
		                                                     : STORE_COMMIT_FAILED;
	}
	if (j->slug) {
		if (store_kb_category_get_by_slug(w, a, j->slug, &other) && other.id != j->id)
			return job_fail(&j->err, 409, "conflict",
			                "a category with this slug exists", "slug");
		c->slug = j->slug;
	}
	if (j->names)
		c->names = j->names;
	if (j->position_given)
		c->position = j->position;
	c->updated_at = now;
	if (!j->id)
		c->created_at = now;
	enum db_rc rc = j->id ? store_kb_category_update(w, c) : store_kb_category_insert(w, c);
	return rc == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int tax_section(struct db *w, struct tax_job *j, int64_t now, json_t **before)
{
	struct arena *a = &j->r->arena;
	struct kb_section_row *s = &j->sec, other;
	struct kb_category_row c;
	if (j->id) {
		if (!store_kb_section_get(w, a, j->id, s))
			return job_fail(&j->err, 404, "not_found", "no such section", NULL);
		*before = audit_json(s->slug, s->position, s->names, s->category_id);
	}
	if (j->remove) {
		if (store_kb_section_usage(w, j->id) > 0)
			return job_fail(&j->err, 409, "conflict", "the section still has articles",
			                NULL);
		return store_kb_section_delete(w, j->id) == DB_DONE ? STORE_JOB_OK
		                                                    : STORE_COMMIT_FAILED;
	}
	if (j->category_id) {
		if (!store_kb_category_get(w, a, j->category_id, &c))
			return job_fail(&j->err, 422, "invalid_value", "no such category",
			                "category_id");
		s->category_id = j->category_id;
	}
	if (j->slug)
		s->slug = j->slug;
	if ((j->slug || j->category_id) &&
	    store_kb_section_get_by_slug(w, a, s->category_id, s->slug, &other) &&
	    other.id != j->id)
		return job_fail(&j->err, 409, "conflict",
		                "a section with this slug exists in the category", "slug");
	if (j->names)
		s->names = j->names;
	if (j->position_given)
		s->position = j->position;
	s->updated_at = now;
	if (!j->id)
		s->created_at = now;
	enum db_rc rc = j->id ? store_kb_section_update(w, s) : store_kb_section_insert(w, s);
	return rc == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int tax_run(struct db *w, void *ctx)
{
	struct tax_job *j = ctx;
	json_t *before = NULL, *after = NULL;
	int64_t now = clock_now_ms();
	int rc = j->section ? tax_section(w, j, now, &before) : tax_category(w, j, now, &before);
	if (rc != STORE_JOB_OK)
		goto out;
	if (!j->remove)
		after = j->section ? audit_json(j->sec.slug, j->sec.position, j->sec.names,
		                                j->sec.category_id)
		                   : audit_json(j->cat.slug, j->cat.position, j->cat.names, 0);
	const char *noun = j->section ? "section" : "category";
	const char *verb = j->remove ? "delete" : j->id ? "update" : "create";
	struct actor who = actor_of(j->r);
	struct arena *a = &j->r->arena;
	rc = audit_append(w, a, &who, arena_printf(a, "kb.%s.%s", noun, verb),
	                  arena_printf(a, "kb_%s", noun), j->section ? j->sec.id : j->cat.id, 0,
	                  before, after)
	         ? STORE_JOB_OK
	         : STORE_COMMIT_FAILED;
out:
	json_decref(before);
	json_decref(after);
	return rc;
}

#define TAX_FIELDS(required)                                                                       \
	{"slug", FIELD_STRING, required, 40},                                                      \
	    {"names", FIELD_OBJECT, required, .children = name_fields},                            \
	{                                                                                          \
		"position", FIELD_INT, false, 0, 0, 0, POSITION_MAX                                \
	}
static const struct field_spec category_create_fields[] = {TAX_FIELDS(true), {NULL}};
static const struct field_spec category_patch_fields[] = {TAX_FIELDS(false), {NULL}};
static const struct field_spec section_create_fields[] = {
    TAX_FIELDS(true), {"category_id", FIELD_INT, true, 0, 0, 1, INT64_MAX}, {NULL}};
static const struct field_spec section_patch_fields[] = {
    TAX_FIELDS(false), {"category_id", FIELD_INT, false, 0, 0, 1, INT64_MAX}, {NULL}};

static void tax_write(struct request *r, bool section, bool create, bool remove)
{
	int64_t id = 0;
	if (!create && !http_param_id(r, 0, &id))
		return;
	json_t *in = NULL;
	const struct field_spec *fields =
	    section ? (create ? section_create_fields : section_patch_fields)
	            : (create ? category_create_fields : category_patch_fields);
	if (!remove && !(in = http_body_json(r, fields)))
		return;
	struct tax_job j = {.r = r, .section = section, .id = id, .remove = remove};
	if (in) {
		json_t *names = json_object_get(in, "names"),
		       *pos = json_object_get(in, "position");
		j.slug = json_str(in, "slug");
		if ((j.slug && !slug_ok(r, j.slug)) || (names && !(j.names = names_text(r, names))))
			goto out;
		j.position_given = pos != NULL;
		j.position = pos ? json_integer_value(pos) : 0;
		json_t *cat = json_object_get(in, "category_id");
		j.category_id = cat ? json_integer_value(cat) : 0;
	}
	int rc = store_write(r->store, tax_run, &j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else if (remove)
		http_no_content(r);
	else if (section)
		http_json(r, create ? 201 : 200,
		          json_pack("{s:o}", "section", section_json(&j.sec)));
	else
		http_json(r, create ? 201 : 200,
		          json_pack("{s:o}", "category",
		                    category_json(store_reader(r->store), &r->arena, &j.cat)));
out:
	json_decref(in);
}

void h_kb_category_list(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct kb_category_row *cats;
	size_t n = store_kb_category_list(db, &r->arena, &cats);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, category_json(db, &r->arena, &cats[i]));
	http_json(r, 200, json_pack("{s:o}", "categories", arr));
}

void h_kb_category_create(struct request *r)
{
	tax_write(r, false, true, false);
}

void h_kb_category_patch(struct request *r)
{
	tax_write(r, false, false, false);
}

void h_kb_category_delete(struct request *r)
{
	tax_write(r, false, false, true);
}

void h_kb_section_create(struct request *r)
{
	tax_write(r, true, true, false);
}

void h_kb_section_patch(struct request *r)
{
	tax_write(r, true, false, false);
}

void h_kb_section_delete(struct request *r)
{
	tax_write(r, true, false, true);
}
