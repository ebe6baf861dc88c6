/* routing.c — the admins' routing rules over HTTP, and applying them when a ticket opens.
 *
 * A rule arrives as JSON ({name, enabled, position, conditions:{...}, actions:{...}}), is built
 * into a core/routing.h rule to validate it (so the store only ever holds rules that compile),
 * and is stored as that JSON. New tickets are routed inside the writer's transaction: the
 * compiled rule set is cached by the writer thread (the only thread that opens tickets) and
 * rebuilt when the routing_generation counter, bumped by every rule change in the same
 * transaction, says the rules changed. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "core/routing.h"
#include "core/ticket.h"
#include "core/validate.h"
#include "util/clock.h"
#include "util/log.h"

#define RULE_TAG_ESCALATED "escalated_by_rule"

static const struct field_spec condition_fields[] = {
	{"channels", FIELD_STRING_ARRAY, false, 16, 10},
	{"categories", FIELD_STRING_ARRAY, false, 40, ROUTING_MAX_CATEGORIES},
	{"languages", FIELD_STRING_ARRAY, false, MAX_LANGUAGE, ROUTING_MAX_LANGUAGES},
	{"vip_min", FIELD_INT, false, 0, 0, 0, ROUTING_VIP_MAX},
	{"vip_max", FIELD_INT, false, 0, 0, 0, ROUTING_VIP_MAX},
	{"keywords", FIELD_STRING_ARRAY, false, ROUTING_MAX_KEYWORD, ROUTING_MAX_KEYWORDS},
	{"requester_domains", FIELD_STRING_ARRAY, false, 253, ROUTING_MAX_DOMAINS},
	{NULL},
};

static const struct field_spec action_fields[] = {
	{"group_id", FIELD_INT, true, 0, 0, 1, INT64_MAX},
	{"priority", FIELD_STRING, false, 16},
	{"priority_mode", FIELD_STRING, false, 8},
	{"tags", FIELD_STRING_ARRAY, false, MAX_TAG, ROUTING_MAX_TAGS},
	{"escalate", FIELD_BOOL, false},
	{NULL},
};

static const struct field_spec rule_create_fields[] = {
	{"name", FIELD_STRING, true, ROUTING_MAX_NAME},
	{"enabled", FIELD_BOOL, false},
	{"position", FIELD_INT, false, 0, 0, 1, 1000000},
	{"conditions", FIELD_OBJECT, false, .children = condition_fields},
	{"actions", FIELD_OBJECT, true, .children = action_fields},
	{NULL},
};

static const struct field_spec rule_patch_fields[] = {
	{"name", FIELD_STRING, false, ROUTING_MAX_NAME},
	{"enabled", FIELD_BOOL, false},
	{"position", FIELD_INT, false, 0, 0, 1, 1000000},
	{"conditions", FIELD_OBJECT, false, .children = condition_fields},
	{"actions", FIELD_OBJECT, false, .children = action_fields},
	{NULL},
};

/* ---- building a rule from its JSON ---- */

struct rule_error {
	enum routing_err err;
	const char *field; /* when the JSON shape is at fault rather than the value */
};

typedef enum routing_err (*add_fn)(struct routing_rule *r, const char *s, size_t len);

static enum routing_err add_all(struct routing_rule *r, json_t *arr, add_fn add)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v) {
		enum routing_err e = add(r, json_string_value(v), json_string_length(v));
		if (e != ROUTING_OK)
			return e;
	}
	return ROUTING_OK;
}

/* Add the rule described by cond/act (validated shapes) to set s. */
static enum routing_err rule_build(struct routing_set *s, int64_t id, const char *name,
				   json_t *cond, json_t *act, struct routing_rule **out)
{
	struct routing_rule *r;
	enum routing_err e = routing_set_add(s, id, name, strlen(name),
					     json_integer_value(json_object_get(act, "group_id")), &r);
	if (e != ROUTING_OK)
		return e;
	json_t *v;
	if ((v = json_object_get(cond, "channels")) && (e = add_all(r, v, routing_rule_add_channel)))
		return e;
	if ((v = json_object_get(cond, "categories")) &&
	    (e = add_all(r, v, routing_rule_add_category)))
		return e;
	if ((v = json_object_get(cond, "languages")) &&
	    (e = add_all(r, v, routing_rule_add_language)))
		return e;
	json_t *vmin = json_object_get(cond, "vip_min"), *vmax = json_object_get(cond, "vip_max");
	if ((vmin || vmax) &&
	    (e = routing_rule_set_vip(r, vmin ? (int)json_integer_value(vmin) : 0,
				      vmax ? (int)json_integer_value(vmax) : ROUTING_VIP_MAX)))
		return e;
	if ((v = json_object_get(cond, "keywords")) && (e = add_all(r, v, routing_rule_add_keyword)))
		return e;
	if ((v = json_object_get(cond, "requester_domains")) &&
	    (e = add_all(r, v, routing_rule_add_domain)))
		return e;
	const char *prio = json_str(act, "priority"), *mode = json_str(act, "priority_mode");
	if (mode && strcmp(mode, "set") != 0 && strcmp(mode, "raise") != 0)
		return ROUTING_ERR_PRIORITY;
	if (prio && (e = routing_rule_set_priority(r,
						   mode && !strcmp(mode, "raise") ? ROUTING_PRIO_RAISE
										   : ROUTING_PRIO_SET,
						   prio, strlen(prio))))
		return e;
	if ((v = json_object_get(act, "tags")) && (e = add_all(r, v, routing_rule_add_tag)))
		return e;
	if (json_is_true(json_object_get(act, "escalate")) &&
	    (e = routing_rule_set_escalate(r, true)))
		return e;
	*out = r;
	return ROUTING_OK;
}

/* Build every enabled stored rule into s (compiled). Rules that no longer build (their group
 * was changed to a tier an escalation cannot target, say) are skipped and logged. */
static void set_load(struct db *db, struct arena *a, struct routing_set *s)
{
	char *def = store_setting_get(db, a, "routing_default_group_id");
	routing_set_init(s, a, def ? atoll(def) : 0);
	struct routing_rule_row *rows;
	size_t n = store_routing_rule_list(db, a, &rows);
	for (size_t i = 0; i < n; i++) {
		if (!rows[i].enabled)
			continue;
		json_t *cond = json_loads(rows[i].conditions, 0, NULL);
		json_t *act = json_loads(rows[i].actions, 0, NULL);
		struct routing_rule *r;
		enum routing_err e = cond && act ? rule_build(s, rows[i].id, rows[i].name, cond, act, &r)
						 : ROUTING_ERR_NAME;
		if (e != ROUTING_OK)
			log_event(LOG_WARN, "routing_rule_skipped", "rule=%lld reason=\"%s\"",
				  (long long)rows[i].id, routing_strerror(e));
		json_decref(cond);
		json_decref(act);
	}
	routing_set_compile(s);
}

/* ---- routing a new ticket (writer thread only) ---- */

static struct {
	int64_t generation;
	struct arena arena;
	struct routing_set set;
	bool ready;
} cache;

int routing_apply(struct db *w, struct arena *a, const struct customer_row *c,
		  struct ticket_row *t, const char *body, int64_t fallback_group,
		  struct routing_outcome *out)
{
	memset(out, 0, sizeof *out);
	int64_t gen = store_counter_get(w, "routing_generation");
	if (!cache.ready || gen != cache.generation) {
		if (cache.ready)
			arena_free(&cache.arena);
		arena_init(&cache.arena, 64 * 1024);
		set_load(w, &cache.arena, &cache.set);
		cache.generation = gen;
		cache.ready = true;
	}
	const char *email = NULL;
	for (size_t i = 0; i < c->n_identities && !email; i++)
		if (!strcmp(c->identities[i].kind, "email"))
			email = c->identities[i].value;
	enum ticket_channel ch = CHANNEL_API;
	enum ticket_priority prio = PRIO_NORMAL;
	ticket_channel_parse(t->channel, &ch);
	ticket_priority_parse(t->priority, &prio);
	struct routing_input in = {.channel = ch,
				   .priority = prio,
				   .category = t->category,
				   .category_len = t->category ? strlen(t->category) : 0,
				   .language = t->language,
				   .language_len = t->language ? strlen(t->language) : 0,
				   .vip_tier = c->vip_tier,
				   .subject = t->subject,
				   .subject_len = strlen(t->subject),
				   .body = body,
				   .body_len = body ? strlen(body) : 0,
				   .requester_email = email,
				   .requester_email_len = email ? strlen(email) : 0};
	struct routing_result res;
	int rule = routing_match(&cache.set, &in, &res);
	if (rule < 0) {
		/* No rule: the channel's own group (chat, mail settings), else the desk's default. */
		if (fallback_group)
			t->group_id = fallback_group;
		else if (res.group_id)
			t->group_id = res.group_id;
		return rule;
	}
	t->group_id = res.group_id;
	t->priority = ticket_priority_name(res.priority);
	size_t extra = res.n_tags + (res.escalated ? 1 : 0);
	if (extra) {
		const char **tags = arena_alloc(a, (t->n_tags + extra) * sizeof *tags);
		size_t n = 0;
		for (size_t i = 0; i < t->n_tags; i++)
			tags[n++] = t->tags[i];
		for (size_t i = 0; i < extra; i++) {
			const char *tag = i < res.n_tags ? res.tags[i] : RULE_TAG_ESCALATED;
			bool dup = false;
			for (size_t k = 0; k < n && !dup; k++)
				dup = !strcmp(tags[k], tag);
			if (!dup && n < MAX_TAGS)
				tags[n++] = arena_strdup(a, tag);
		}
		t->tags = tags;
		t->n_tags = n;
	}
	/* Remembered for the audit event written once the ticket has its id. */
	out->rule_id = res.rule_id;
	out->keyword = res.keyword ? arena_strdup(a, res.keyword) : NULL;
	return rule;
}

bool routing_audit(struct db *w, struct arena *a, const struct ticket_row *t,
		   const struct routing_outcome *o)
{
	if (!o->rule_id)
		return true;
	json_t *after = json_pack("{s:I, s:o, s:o}", "rule_id", (json_int_t)o->rule_id,
				  "group_id", json_id(t->group_id), "keyword",
				  o->keyword ? json_string(o->keyword) : json_null());
	struct actor sys = {"system", 0};
	bool ok = audit_append(w, a, &sys, "ticket.routed", "ticket", t->id, t->id, NULL, after);
	json_decref(after);
	return ok;
}

/* ---- HTTP ---- */

static json_t *render_rule(const struct routing_rule_row *r)
{
	json_t *cond = json_loads(r->conditions, 0, NULL), *act = json_loads(r->actions, 0, NULL);
	return json_pack("{s:I, s:I, s:s, s:b, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
			 "position", (json_int_t)r->position, "name", r->name, "enabled", r->enabled,
			 "conditions", cond ? cond : json_object(), "actions",
			 act ? act : json_object(), "created_at", json_time(r->created_at),
			 "updated_at", json_time(r->updated_at));
}

void h_routing_rules(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct routing_rule_row *rows;
	size_t n = store_routing_rule_list(db, &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_rule(&rows[i]));
	char *def = store_setting_get(db, &r->arena, "routing_default_group_id");
	http_json(r, 200, json_pack("{s:o, s:o}", "rules", arr, "default_group_id",
				    def ? json_integer(atoll(def)) : json_null()));
}

void h_routing_rule_get(struct request *r)
{
	int64_t id;
	struct routing_rule_row row;
	if (!http_param_id(r, 0, &id))
		return;
	if (!store_routing_rule_get(store_reader(r->store), &r->arena, id, &row)) {
		http_error(r, 404, "not_found", "no such rule", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "rule", render_rule(&row)));
}

struct rule_job {
	struct request *r;
	json_t *in;
	int64_t id; /* 0 = create */
	bool remove;
	struct routing_rule_row row;
	struct job_error err;
};

/* Validate the rule the row will hold, against the groups as they are in this transaction. */
static int rule_check(struct db *w, struct rule_job *j, json_t *cond, json_t *act)
{
	struct arena *a = &j->r->arena;
	struct routing_set s;
	struct routing_rule *rule;
	routing_set_init(&s, a, 0);
	enum routing_err e = rule_build(&s, j->row.id, j->row.name, cond, act, &rule);
	if (e != ROUTING_OK)
		return job_fail(&j->err, 422, "invalid_value", routing_strerror(e),
				e == ROUTING_ERR_VIP_RANGE ? "conditions.vip_min" : routing_err_field(e));
	struct group_row g;
	if (!store_group_get(w, a, rule->group_id, &g))
		return job_fail(&j->err, 422, "invalid_value", "no such group", "actions.group_id");
	if ((e = routing_rule_check_target(rule, g.tier)) != ROUTING_OK)
		return job_fail(&j->err, 422, "invalid_value", routing_strerror(e), routing_err_field(e));
	return STORE_JOB_OK;
}

/* Merge the request into the row (a PATCH keeps what it does not name), validate, store. */
static int rule_save(struct db *w, struct rule_job *j, int64_t now)
{
	struct arena *a = &j->r->arena;
	json_t *in_cond = json_object_get(j->in, "conditions"), *in_act = json_object_get(j->in, "actions");
	json_t *cond = in_cond ? json_incref(in_cond)
		       : j->id ? json_loads(j->row.conditions, 0, NULL) : json_object();
	json_t *act = in_act ? json_incref(in_act) : json_loads(j->row.actions, 0, NULL);
	if (json_str(j->in, "name"))
		j->row.name = arena_strdup(a, json_str(j->in, "name"));
	json_t *enabled = json_object_get(j->in, "enabled"), *pos = json_object_get(j->in, "position");
	if (enabled || !j->id)
		j->row.enabled = !enabled || json_is_true(enabled);
	if (pos) {
		j->row.position = json_integer_value(pos);
	} else if (!j->id) {
		struct routing_rule_row *rows;
		size_t n = store_routing_rule_list(w, a, &rows);
		j->row.position = n ? rows[n - 1].position + 1 : 1;
	}
	int rc = rule_check(w, j, cond, act);
	if (rc == STORE_JOB_OK) {
		char *cs = json_dumps(cond, JSON_COMPACT | JSON_SORT_KEYS);
		char *as = json_dumps(act, JSON_COMPACT | JSON_SORT_KEYS);
		j->row.conditions = arena_strdup(a, cs);
		j->row.actions = arena_strdup(a, as);
		free(cs);
		free(as);
		j->row.updated_at = now;
		if (!j->id)
			j->row.created_at = now;
		enum db_rc dr = j->id ? store_routing_rule_update(w, &j->row)
				      : store_routing_rule_insert(w, &j->row);
		rc = dr == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
	}
	json_decref(cond);
	json_decref(act);
	return rc;
}

static int rule_run(struct db *w, void *ctx)
{
	struct rule_job *j = ctx;
	struct arena *a = &j->r->arena;
	struct actor who = actor_of(j->r);
	int64_t now = clock_now_ms();
	json_t *before = NULL;
	if (j->id) {
		if (!store_routing_rule_get(w, a, j->id, &j->row))
			return job_fail(&j->err, 404, "not_found", "no such rule", NULL);
		before = render_rule(&j->row);
	}
	int rc = j->remove ? (store_routing_rule_delete(w, j->id) == DB_DONE ? STORE_JOB_OK
									      : STORE_COMMIT_FAILED)
			   : rule_save(w, j, now);
	if (rc != STORE_JOB_OK) {
		json_decref(before);
		return rc;
	}
	json_t *after = j->remove ? NULL : render_rule(&j->row);
	bool ok = store_counter_next(w, "routing_generation") &&
		  audit_append(w, a, &who, j->remove ? "routing.delete" : j->id ? "routing.update" : "routing.create",
			       "routing_rule", j->row.id, 0, before, after);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void rule_write(struct request *r, const struct field_spec *fields, int64_t id, bool remove,
		       int created_status)
{
	json_t *in = NULL;
	if (!remove && !(in = http_body_json(r, fields)))
		return;
	struct rule_job j = {.r = r, .in = in, .id = id, .remove = remove};
	int rc = store_write(r->store, rule_run, &j);
	json_decref(in);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else if (remove)
		http_no_content(r);
	else
		http_json(r, created_status, json_pack("{s:o}", "rule", render_rule(&j.row)));
}

void h_routing_rule_create(struct request *r)
{
	rule_write(r, rule_create_fields, 0, false, 201);
}

void h_routing_rule_patch(struct request *r)
{
	int64_t id;
	if (http_param_id(r, 0, &id))
		rule_write(r, rule_patch_fields, id, false, 200);
}

void h_routing_rule_delete(struct request *r)
{
	int64_t id;
	if (http_param_id(r, 0, &id))
		rule_write(r, NULL, id, true, 204);
}

/* ---- the default group: where a ticket goes when no rule matches ---- */

static const struct field_spec default_fields[] = {
	{"group_id", FIELD_INT_OR_NULL, true, 0, 0, 1, INT64_MAX},
	{NULL},
};

struct default_job {
	struct request *r;
	json_t *in;
	struct job_error err;
};

static int default_run(struct db *w, void *ctx)
{
	struct default_job *j = ctx;
	struct arena *a = &j->r->arena;
	json_t *g = json_object_get(j->in, "group_id");
	struct group_row grp;
	if (json_is_integer(g) && !store_group_get(w, a, json_integer_value(g), &grp))
		return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
	char *old = store_setting_get(w, a, "routing_default_group_id");
	const char *val = json_is_integer(g) ? arena_printf(a, "%lld", (long long)json_integer_value(g))
					     : NULL;
	json_t *before = json_pack("{s:o}", "default_group_id", old ? json_integer(atoll(old)) : json_null());
	json_t *after = json_pack("{s:O}", "default_group_id", g);
	struct actor who = actor_of(j->r);
	bool ok = store_setting_set(w, "routing_default_group_id", val) &&
		  store_counter_next(w, "routing_generation") &&
		  audit_append(w, a, &who, "routing.default", "settings", 0, 0, before, after);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_routing_default_put(struct request *r)
{
	json_t *in = http_body_json(r, default_fields);
	if (!in)
		return;
	struct default_job j = {.r = r, .in = in};
	int rc = store_write(r->store, default_run, &j);
	json_decref(in);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else
		h_routing_rules(r);
}
