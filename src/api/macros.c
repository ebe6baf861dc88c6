/* macros.c — canned replies over HTTP: list and read (everyone, the macros they may see), create,
 * change and delete (admins and supervisors), and one variant at a time.
 *
 * A request is validated whole before its job runs (names, locales, template variables, actions, all
 * with the field at fault); the job then merges it into the stored macro inside the transaction,
 * checks what needs the store (the group, a unique name, the default locale still having a text)
 * and writes the macro with its audit event. */
#include "api/macros.h"

#include <stdlib.h>
#include <string.h>

#include "api/customers.h"
#include "util/clock.h"
#include "util/utf8.h"

#define MACRO_MAX_COUNT 1000 /* macros on a desk: more is a filing problem, not a feature */
#define MACRO_MAX_QUERY 200

/* ---- shared with macro_apply.c ---- */

bool macro_visible(const struct principal *who, const struct macro_row *m)
{
	if (perm_sees_all_tickets(who->role) || !m->group_id)
		return true;
	for (size_t i = 0; i < who->n_groups; i++)
		if (who->groups[i] == m->group_id)
			return true;
	return false;
}

bool macro_load_visible(struct request *r, struct db *db, int64_t id, struct macro_row *m)
{
	if (store_macro_get(db, &r->arena, id, m) && macro_visible(&r->who, m))
		return true;
	http_error(r, 404, "not_found", "no such macro", NULL);
	return false;
}

const char *macro_variant(const struct macro_row *m, const char *locale)
{
	for (size_t i = 0; locale && i < m->n_variants; i++)
		if (!strcmp(m->variants[i].locale, locale))
			return m->variants[i].body;
	return NULL;
}

/* Calls fn for each tag of a stored comma list. */
static void each_tag(const char *list, struct macro_actions *a,
                     enum macro_err (*fn)(struct macro_actions *, const char *, size_t))
{
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n)
			fn(a, p, n);
		p = end ? end + 1 : p + n;
	}
}

void macro_actions_of(const struct macro_row *m, struct macro_actions *out)
{
	macro_actions_init(out);
	macro_actions_set_status(out, m->set_status);
	macro_actions_set_priority(out, m->set_priority);
	each_tag(m->add_tags, out, macro_actions_add_tag);
	each_tag(m->remove_tags, out, macro_actions_remove_tag);
	out->public_reply = m->public_reply;
}

json_t *render_macro_actions(const struct macro_row *m)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:b}", "status",
	                 m->set_status ? json_string(m->set_status) : json_null(), "priority",
	                 m->set_priority ? json_string(m->set_priority) : json_null(), "add_tags",
	                 split_list(m->add_tags), "remove_tags", split_list(m->remove_tags),
	                 "public", m->public_reply);
}

json_t *render_macro(const struct macro_row *m)
{
	json_t *variants = json_object();
	for (size_t i = 0; i < m->n_variants; i++)
		json_object_set_new(variants, m->variants[i].locale,
		                    json_string(m->variants[i].body));
	return json_pack("{s:I, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)m->id,
	                 "name", m->name, "group_id", json_id(m->group_id), "default_locale",
	                 m->default_locale, "variants", variants, "actions",
	                 render_macro_actions(m), "created_by", json_id(m->created_by),
	                 "created_at", json_time(m->created_at), "updated_at",
	                 json_time(m->updated_at));
}

/* ---- reading ---- */

void h_macro_list(struct request *r)
{
	const char *q = http_query(r, "q");
	if (q && strlen(q) > MACRO_MAX_QUERY) {
		http_error(r, 400, "invalid_query", "q is longer than 200 bytes", "q");
		return;
	}
	struct ticket_scope scope = ticket_scope_of(r);
	struct macro_row *rows;
	size_t n = store_macro_list(store_reader(r->store), &r->arena, &scope,
	                            q && *q ? like_pattern(&r->arena, q) : NULL, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_macro(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "macros", arr));
}

void h_macro_get(struct request *r)
{
	int64_t id;
	struct macro_row m;
	if (http_param_id(r, 0, &id) && macro_load_visible(r, store_reader(r->store), id, &m))
		http_json(r, 200, json_pack("{s:o}", "macro", render_macro(&m)));
}

/* ---- validating a request ---- */

static const struct field_spec variant_fields[] = {
    {"en", FIELD_TEXT, false, MACRO_MAX_BODY},    {"zh-CN", FIELD_TEXT, false, MACRO_MAX_BODY},
    {"zh-TW", FIELD_TEXT, false, MACRO_MAX_BODY}, {"ja", FIELD_TEXT, false, MACRO_MAX_BODY},
    {"ko", FIELD_TEXT, false, MACRO_MAX_BODY},    {"ru", FIELD_TEXT, false, MACRO_MAX_BODY},
    {"es", FIELD_TEXT, false, MACRO_MAX_BODY},    {"vi", FIELD_TEXT, false, MACRO_MAX_BODY},
    {"tr", FIELD_TEXT, false, MACRO_MAX_BODY},    {NULL},
};
_Static_assert(sizeof variant_fields / sizeof variant_fields[0] == MACRO_LOCALE_COUNT + 1,
               "one field per locale");

static const struct field_spec action_fields[] = {
    {"status", FIELD_STRING, false, 16},
    {"priority", FIELD_STRING, false, 16},
    {"add_tags", FIELD_STRING_ARRAY, false, MAX_TAG, MACRO_MAX_TAGS},
    {"remove_tags", FIELD_STRING_ARRAY, false, MAX_TAG, MACRO_MAX_TAGS},
    {"public", FIELD_BOOL, false},
    {NULL},
};

static const struct field_spec create_fields[] = {
    {"name", FIELD_STRING, true, MACRO_MAX_NAME},
    {"group_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
    {"default_locale", FIELD_STRING, false, 16},
    {"variants", FIELD_OBJECT, true, .children = variant_fields},
    {"actions", FIELD_OBJECT, false, .children = action_fields},
    {NULL},
};

static const struct field_spec patch_fields[] = {
    {"name", FIELD_STRING, false, MACRO_MAX_NAME},
    {"group_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
    {"default_locale", FIELD_STRING, false, 16},
    {"variants", FIELD_OBJECT, false, .children = variant_fields},
    {"actions", FIELD_OBJECT, false, .children = action_fields},
    {NULL},
};

static const struct field_spec variant_put_fields[] = {
    {"body", FIELD_TEXT, true, MACRO_MAX_BODY},
    {NULL},
};

static const char LOCALES_TEXT[] = "en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr";

/* One variant's text: not blank, no template variable we do not fill. */
static bool body_ok(struct request *r, const char *body, const char *field)
{
	size_t len = strlen(body), at, n;
	utf8_trim(body, &len);
	if (!len) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena, "%s must not be empty", field), field);
		return false;
	}
	if (macro_unknown_variable(body, &at, &n)) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena,
		                        "%s: unknown template variable %.*s (known: {{customer.name}}, "
		                        "{{ticket.number}}, {{ticket.subject}}, {{agent.name}}, "
		                        "{{desk.name}})",
		                        field, (int)n, body + at),
		           field);
		return false;
	}
	return true;
}

static bool name_ok(struct request *r, const char *name)
{
	if (!*name) {
		http_error(r, 422, "invalid_value", "name must not be empty", "name");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			http_error(r, 422, "invalid_value",
			           "name is one line without control characters", "name");
			return false;
		}
	return true;
}

static bool tags_ok(struct request *r, json_t *arr, struct macro_actions *m,
                    enum macro_err (*add)(struct macro_actions *, const char *, size_t))
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		enum macro_err e = add(m, json_string_value(v), json_string_length(v));
		if (e != MACRO_OK) {
			http_error(r, 422, "invalid_value",
			           arena_printf(&r->arena, "%s (\"%s\")", macro_strerror(e),
			                        json_string_value(v)),
			           macro_err_field(e));
			return false;
		}
	}
	return true;
}

static bool actions_ok(struct request *r, json_t *obj, struct macro_actions *m)
{
	macro_actions_init(m);
	enum macro_err e = macro_actions_set_status(m, json_str(obj, "status"));
	if (e == MACRO_OK)
		e = macro_actions_set_priority(m, json_str(obj, "priority"));
	if (e != MACRO_OK) {
		http_error(r, 422, "invalid_value", macro_strerror(e), macro_err_field(e));
		return false;
	}
	json_t *pub = json_object_get(obj, "public");
	m->public_reply = !pub || json_is_true(pub);
	return tags_ok(r, json_object_get(obj, "add_tags"), m, macro_actions_add_tag) &&
	       tags_ok(r, json_object_get(obj, "remove_tags"), m, macro_actions_remove_tag);
}

/* ---- writing ---- */

enum macro_op { OP_CREATE, OP_PATCH, OP_DELETE, OP_VARIANT_PUT, OP_VARIANT_DELETE };

struct macro_job {
	struct request *r;
	enum macro_op op;
	int64_t id;
	json_t *in; /* create, patch: the validated body */
	bool has_actions;
	struct macro_actions actions;
	const char *default_locale; /* canonical, or NULL when not given */
	const char *locale, *body;  /* one variant */
	struct macro_row row;
	struct job_error err;
};

static const char *join_tags(struct arena *a, char tags[][MAX_TAG + 1], size_t n)
{
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(tags[i]) + 1;
	char *s = arena_alloc(a, total), *o = s;
	for (size_t i = 0; i < n; i++)
		o += sprintf(o, "%s%s", i ? "," : "", tags[i]);
	*o = '\0';
	return s;
}

/* The row's variants after setting locale's text to body (NULL: removing it), in locale order. */
static void variant_set(struct arena *a, struct macro_row *m, const char *locale, const char *body,
                        int64_t now)
{
	struct macro_variant_row *out = arena_alloc(a, MACRO_LOCALE_COUNT * sizeof *out);
	size_t n = 0;
	for (const char *const *l = macro_locales; *l; l++) {
		struct macro_variant_row *old = NULL;
		for (size_t i = 0; i < m->n_variants && !old; i++)
			if (!strcmp(m->variants[i].locale, *l))
				old = &m->variants[i];
		if (!strcmp(*l, locale)) {
			if (!body)
				continue;
			bool same = old && !strcmp(old->body, body);
			out[n++] = (struct macro_variant_row){*l, arena_strdup(a, body),
			                                      same ? old->updated_at : now};
		} else if (old) {
			out[n++] = *old;
		}
	}
	m->variants = out;
	m->n_variants = n;
}

/* Merge a create or patch body into j->row. */
static int merge(struct db *w, struct macro_job *j, int64_t now)
{
	struct arena *a = &j->r->arena;
	struct macro_row *m = &j->row;
	const char *name = json_str(j->in, "name");
	if (name) {
		int64_t other = store_macro_find_name(w, name);
		if (other && other != m->id)
			return job_fail(&j->err, 409, "conflict", "another macro has this name",
			                "name");
		m->name = arena_strdup(a, name);
	}
	json_t *g = json_object_get(j->in, "group_id");
	if (g) {
		struct group_row grp;
		m->group_id = json_is_integer(g) ? json_integer_value(g) : 0;
		if (m->group_id && !store_group_get(w, a, m->group_id, &grp))
			return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
	}
	json_t *vars = json_object_get(j->in, "variants");
	const char *key;
	json_t *v;
	json_object_foreach(vars, key, v) variant_set(a, m, key, json_string_value(v), now);
	if (j->default_locale)
		m->default_locale = j->default_locale;
	else if (!m->default_locale)
		m->default_locale =
		    macro_variant(m, "en") || !m->n_variants ? "en" : m->variants[0].locale;
	if (j->has_actions) {
		const struct macro_actions *x = &j->actions;
		m->set_status = x->set_status ? ticket_status_name(x->status) : NULL;
		m->set_priority = x->set_priority ? ticket_priority_name(x->priority) : NULL;
		m->add_tags = join_tags(a, (char(*)[MAX_TAG + 1]) x->add_tags, x->n_add);
		m->remove_tags = join_tags(a, (char(*)[MAX_TAG + 1]) x->remove_tags, x->n_remove);
		m->public_reply = x->public_reply;
	}
	return STORE_JOB_OK;
}

static int macro_run(struct db *w, void *ctx)
{
	struct macro_job *j = ctx;
	struct request *r = j->r;
	struct arena *a = &r->arena;
	int64_t now = clock_now_ms();
	json_t *before = NULL;
	int rc = STORE_JOB_OK;
	if (j->op == OP_CREATE) {
		if (store_macro_count(w) >= MACRO_MAX_COUNT)
			return job_fail(&j->err, 422, "too_many",
			                "the desk has 1000 macros; delete some first", NULL);
		j->row = (struct macro_row){.created_by = r->who.agent_id,
		                            .created_at = now,
		                            .add_tags = "",
		                            .remove_tags = "",
		                            .public_reply = true};
	} else {
		if (!store_macro_get(w, a, j->id, &j->row))
			return job_fail(&j->err, 404, "not_found", "no such macro", NULL);
		before = render_macro(&j->row);
	}
	struct macro_row *m = &j->row;
	switch (j->op) {
	case OP_CREATE:
	case OP_PATCH:
		rc = merge(w, j, now);
		break;
	case OP_VARIANT_PUT:
		variant_set(a, m, j->locale, j->body, now);
		break;
	case OP_VARIANT_DELETE:
		if (!strcmp(j->locale, m->default_locale))
			rc = job_fail(
			    &j->err, 409, "conflict",
			    "this is the default variant; choose another default_locale first",
			    NULL);
		else if (!macro_variant(m, j->locale))
			rc = job_fail(&j->err, 404, "not_found",
			              "the macro has no variant in this locale", NULL);
		else
			variant_set(a, m, j->locale, NULL, now);
		break;
	case OP_DELETE:
		break;
	}
	if (rc == STORE_JOB_OK && j->op != OP_DELETE && !macro_variant(m, m->default_locale))
		rc = job_fail(
		    &j->err, 422, "missing_field",
		    arena_printf(a, "the default locale %s needs a variant", m->default_locale),
		    arena_printf(a, "variants.%s", m->default_locale));
	if (rc != STORE_JOB_OK) {
		json_decref(before);
		return rc;
	}
	json_t *after = NULL;
	if (j->op != OP_DELETE) {
		after = render_macro(m); /* still with the old updated_at: compared whole */
		if (before && json_equal(before, after)) {
			/* Nothing changed: no write, no event, and updated_at as it was. */
			json_decref(after);
			json_decref(before);
			return store_macro_get(w, a, m->id, m) ? STORE_JOB_OK : STORE_COMMIT_FAILED;
		}
		json_decref(after);
		m->updated_at = now;
		after = render_macro(m);
	}
	enum db_rc dr = j->op == OP_CREATE   ? store_macro_insert(w, m)
	                : j->op == OP_DELETE ? store_macro_delete(w, m->id)
	                                     : store_macro_update(w, m);
	if (dr == DB_CONSTRAINT && j->op != OP_DELETE) /* a name taken by a racing request */
		rc = job_fail(&j->err, 409, "conflict", "another macro has this name", "name");
	else if (dr != DB_DONE)
		rc = STORE_COMMIT_FAILED;
	if (rc == STORE_JOB_OK && j->op == OP_CREATE) {
		json_decref(after);
		after = render_macro(m); /* now with its id */
	}
	struct actor who = actor_of(r);
	static const char *const actions[] = {[OP_CREATE] = "macro.create",
	                                      [OP_PATCH] = "macro.update",
	                                      [OP_DELETE] = "macro.delete",
	                                      [OP_VARIANT_PUT] = "macro.update",
	                                      [OP_VARIANT_DELETE] = "macro.update"};
	if (rc == STORE_JOB_OK &&
	    !audit_append(w, a, &who, actions[j->op], "macro", m->id, 0, before, after))
		rc = STORE_COMMIT_FAILED;
	json_decref(before);
	json_decref(after);
	return rc;
}

static void macro_write(struct request *r, struct macro_job *j, int ok_status)
{
	int rc = store_write(r->store, macro_run, j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j->err);
	else if (j->op == OP_DELETE)
		http_no_content(r);
	else
		http_json(r, ok_status, json_pack("{s:o}", "macro", render_macro(&j->row)));
}

/* Everything a create or patch body says that can be checked without the store. */
static bool body_checks(struct request *r, struct macro_job *j)
{
	json_t *in = j->in;
	const char *s;
	if (json_has(in, "name") && !name_ok(r, json_str(in, "name")))
		return false;
	if ((s = json_str(in, "default_locale")) &&
	    !(j->default_locale = macro_locale_canonical(s, strlen(s)))) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena, "default_locale is one of %s", LOCALES_TEXT),
		           "default_locale");
		return false;
	}
	json_t *vars = json_object_get(in, "variants");
	const char *key;
	json_t *v;
	json_object_foreach(vars, key, v)
	{
		if (!body_ok(r, json_string_value(v), arena_printf(&r->arena, "variants.%s", key)))
			return false;
	}
	if (j->op == OP_CREATE && json_object_size(vars) == 0) {
		http_error(r, 422, "invalid_value", "a macro needs at least one variant",
		           "variants");
		return false;
	}
	json_t *act = json_object_get(in, "actions");
	if (act) {
		j->has_actions = true;
		if (!actions_ok(r, act, &j->actions))
			return false;
	}
	return true;
}

static void create_or_patch(struct request *r, enum macro_op op)
{
	struct macro_job j = {.r = r, .op = op};
	if (op == OP_PATCH && !http_param_id(r, 0, &j.id))
		return;
	if (!(j.in = http_body_json(r, op == OP_CREATE ? create_fields : patch_fields)))
		return;
	if (body_checks(r, &j))
		macro_write(r, &j, op == OP_CREATE ? 201 : 200);
	json_decref(j.in);
}

void h_macro_create(struct request *r)
{
	create_or_patch(r, OP_CREATE);
}

void h_macro_patch(struct request *r)
{
	create_or_patch(r, OP_PATCH);
}

void h_macro_delete(struct request *r)
{
	struct macro_job j = {.r = r, .op = OP_DELETE};
	if (http_param_id(r, 0, &j.id))
		macro_write(r, &j, 204);
}

/* {id}/variants/{locale}: the macro id and the locale's canonical spelling, or 404. */
static bool variant_target(struct request *r, struct macro_job *j)
{
	if (!http_param_id(r, 0, &j->id))
		return false;
	const char *p = r->n_params > 1 ? r->params[1] : NULL;
	if (!(j->locale = macro_locale_canonical(p, p ? strlen(p) : 0))) {
		http_error(r, 404, "not_found",
		           arena_printf(&r->arena, "variants exist for %s", LOCALES_TEXT), NULL);
		return false;
	}
	return true;
}

void h_macro_variant_put(struct request *r)
{
	struct macro_job j = {.r = r, .op = OP_VARIANT_PUT};
	if (!variant_target(r, &j))
		return;
	json_t *in = http_body_json(r, variant_put_fields);
	if (!in)
		return;
	j.body = arena_strdup(&r->arena, json_str(in, "body"));
	json_decref(in);
	if (body_ok(r, j.body, "body"))
		macro_write(r, &j, 200);
}

void h_macro_variant_delete(struct request *r)
{
	struct macro_job j = {.r = r, .op = OP_VARIANT_DELETE};
	if (variant_target(r, &j))
		macro_write(r, &j, 200);
}
