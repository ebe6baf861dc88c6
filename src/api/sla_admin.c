/* sla_admin.c — the admins' SLA policies, business calendars and working shifts over HTTP.
 *
 * Calendars and shifts are {name, spec}: the spec is parsed by core/calendar.c or core/shift.c on
 * the request's thread and stored in its canonical form, so what the API returns is what the
 * core will read back. Policies arrive as JSON, are merged with the stored row (a PATCH keeps
 * what it does not name), checked by core/sla_policy.c's sla_policy_validate and stored as
 * columns; they are ordered by position, kept 1..n (a new one goes last unless given a place).
 * Every change bumps the sla_generation counter and appends an audit event in its transaction,
 * so the caches of sla_config.c rebuild and the trail shows the before and after. */
#include "api/api.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/shift.h"
#include "core/sla_policy.h"
#include "util/clock.h"

#define VIP_TIER_TOP 5       /* customers.vip_tier runs 0..5 */
#define POSITION_MAX 1000000 /* as routing rules */
/* Targets come in seconds; this keeps seconds * 1000 inside int64 so that sla_policy_validate,
 * not an overflow, is what refuses an absurd value. */
#define SECONDS_MIN (INT64_MIN / 1000)
#define SECONDS_MAX (INT64_MAX / 1000)

/* A name as admins see it in lists: one line of text. */
static bool name_ok(struct request *r, const char *name)
{
	if (!*name) {
		http_error(r, 422, "invalid_value", "name must not be empty", "name");
		return false;
	}
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			http_error(r, 422, "invalid_value",
			           "name must be one line without control characters", "name");
			return false;
		}
	return true;
}

/* ---- calendars and shifts: {name, spec} ---- */

struct spec_kind {
	const char *noun, *list_key, *in_use; /* "calendar", "calendars", why a delete is refused */
	const struct field_spec *create_fields, *patch_fields;
	/* Parse text, write its canonical form into buf (size SPEC_BUF); false with diag. */
	bool (*canon)(const char *text, size_t len, char *buf, struct calendar_diag *d);
	json_t *(*render)(const struct calendar_row *row);
	bool (*get)(struct db *db, struct arena *a, int64_t id, struct calendar_row *out);
	bool (*by_name)(struct db *db, struct arena *a, const char *name, struct calendar_row *out);
	size_t (*list)(struct db *db, struct arena *a, struct calendar_row **out);
	enum db_rc (*insert)(struct db *w, struct calendar_row *row);
	enum db_rc (*update)(struct db *w, const struct calendar_row *row);
	enum db_rc (*remove)(struct db *w, int64_t id);
	int64_t (*users)(struct db *db, int64_t id);
};

#define SPEC_BUF (CALENDAR_TEXT_MAX + 1)
_Static_assert(SHIFT_TEXT_MAX < SPEC_BUF, "a shift's canonical text fits the buffer");

static bool calendar_canon(const char *text, size_t len, char *buf, struct calendar_diag *d)
{
	struct calendar cal;
	if (calendar_parse(text, len, &cal, d) != CALENDAR_OK)
		return false;
	calendar_format(&cal, buf, SPEC_BUF);
	return true;
}

static bool shift_canon(const char *text, size_t len, char *buf, struct calendar_diag *d)
{
	struct shift s;
	if (shift_parse(text, len, &s, d) != CALENDAR_OK)
		return false;
	shift_format(&s, buf, SPEC_BUF);
	return true;
}

static json_t *spec_render(const struct calendar_row *row)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:o}", "id", (json_int_t)row->id, "name", row->name,
	                 "spec", row->spec, "created_at", json_time(row->created_at), "updated_at",
	                 json_time(row->updated_at));
}

/* A shift also says whether it is on now and when it next starts: the console shows it, and
 * the auto-reply outside every shift tells the customer when the desk is back. */
static json_t *shift_render(const struct calendar_row *row)
{
	json_t *o = spec_render(row);
	struct shift s;
	int64_t now = clock_now_ms();
	bool parsed = shift_parse(row->spec, strlen(row->spec), &s, NULL) == CALENDAR_OK;
	int64_t next = parsed ? shift_next_start(&s, now) : CALENDAR_NEVER;
	json_object_set_new(o, "on_now", json_boolean(parsed && shift_active(&s, now)));
	json_object_set_new(o, "next_start",
	                    next == CALENDAR_NEVER ? json_null() : json_time(next));
	return o;
}

/* The store keeps shifts in their own row type; these adapt it to the shared handlers. */
static void shift_from(const struct shift_row *s, struct calendar_row *c)
{
	*c = (struct calendar_row){s->id, s->name, s->spec, s->created_at, s->updated_at};
}

static void shift_to(const struct calendar_row *c, struct shift_row *s)
{
	*s = (struct shift_row){c->id, c->name, c->spec, c->created_at, c->updated_at};
}

static bool shift_get(struct db *db, struct arena *a, int64_t id, struct calendar_row *out)
{
	struct shift_row s;
	if (!store_shift_get(db, a, id, &s))
		return false;
	shift_from(&s, out);
	return true;
}

static bool shift_by_name(struct db *db, struct arena *a, const char *name,
                          struct calendar_row *out)
{
	struct shift_row s;
	if (!store_shift_get_by_name(db, a, name, &s))
		return false;
	shift_from(&s, out);
	return true;
}

static size_t shift_list(struct db *db, struct arena *a, struct calendar_row **out)
{
	struct shift_row *rows;
	size_t n = store_shift_list(db, a, &rows);
	*out = arena_alloc(a, (n ? n : 1) * sizeof **out);
	for (size_t i = 0; i < n; i++)
		shift_from(&rows[i], &(*out)[i]);
	return n;
}

static enum db_rc shift_insert(struct db *w, struct calendar_row *row)
{
	struct shift_row s;
	shift_to(row, &s);
	enum db_rc rc = store_shift_insert(w, &s);
	row->id = s.id;
	return rc;
}

static enum db_rc shift_update(struct db *w, const struct calendar_row *row)
{
	struct shift_row s;
	shift_to(row, &s);
	return store_shift_update(w, &s);
}

static const struct field_spec calendar_create_fields[] = {
    {"name", FIELD_STRING, true, MAX_SLA_NAME},
    {"spec", FIELD_STRING, true, CALENDAR_TEXT_MAX},
    {NULL},
};
static const struct field_spec calendar_patch_fields[] = {
    {"name", FIELD_STRING, false, MAX_SLA_NAME},
    {"spec", FIELD_STRING, false, CALENDAR_TEXT_MAX},
    {NULL},
};
static const struct field_spec shift_create_fields[] = {
    {"name", FIELD_STRING, true, MAX_SLA_NAME},
    {"spec", FIELD_STRING, true, SHIFT_TEXT_MAX},
    {NULL},
};
static const struct field_spec shift_patch_fields[] = {
    {"name", FIELD_STRING, false, MAX_SLA_NAME},
    {"spec", FIELD_STRING, false, SHIFT_TEXT_MAX},
    {NULL},
};

static const struct spec_kind calendars = {
    "calendar",
    "calendars",
    "the calendar is used by an SLA policy",
    calendar_create_fields,
    calendar_patch_fields,
    calendar_canon,
    spec_render,
    store_calendar_get,
    store_calendar_get_by_name,
    store_calendar_list,
    store_calendar_insert,
    store_calendar_update,
    store_calendar_delete,
    store_calendar_policies,
};

static const struct spec_kind shifts = {
    "shift",
    "shifts",
    "agents are on this shift",
    shift_create_fields,
    shift_patch_fields,
    shift_canon,
    shift_render,
    shift_get,
    shift_by_name,
    shift_list,
    shift_insert,
    shift_update,
    store_shift_delete,
    store_shift_agents,
};

static json_t *spec_audit(const struct calendar_row *row)
{
	return json_pack("{s:s, s:s}", "name", row->name, "spec", row->spec);
}

static void spec_list_answer(struct request *r, const struct spec_kind *k)
{
	struct calendar_row *rows;
	size_t n = k->list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, k->render(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", k->list_key, arr));
}

static void spec_get_answer(struct request *r, const struct spec_kind *k)
{
	int64_t id;
	struct calendar_row row;
	if (!http_param_id(r, 0, &id))
		return;
	if (!k->get(store_reader(r->store), &r->arena, id, &row)) {
		http_error(r, 404, "not_found", arena_printf(&r->arena, "no such %s", k->noun),
		           NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", k->noun, k->render(&row)));
}

struct spec_job {
	struct request *r;
	const struct spec_kind *k;
	json_t *in;
	int64_t id; /* 0 = create */
	bool remove;
	const char *spec; /* canonical, or NULL when the request does not change it */
	struct calendar_row row;
	struct job_error err;
};

static int spec_save(struct db *w, struct spec_job *j, int64_t now)
{
	struct arena *a = &j->r->arena;
	const char *name = json_str(j->in, "name");
	if (name) {
		struct calendar_row other;
		if (j->k->by_name(w, a, name, &other) && other.id != j->id)
			return job_fail(&j->err, 409, "conflict",
			                arena_printf(a, "a %s with this name exists", j->k->noun),
			                "name");
		j->row.name = arena_strdup(a, name);
	}
	if (j->spec)
		j->row.spec = j->spec;
	j->row.updated_at = now;
	if (!j->id)
		j->row.created_at = now;
	enum db_rc rc = j->id ? j->k->update(w, &j->row) : j->k->insert(w, &j->row);
	return rc == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int spec_run(struct db *w, void *ctx)
{
	struct spec_job *j = ctx;
	struct arena *a = &j->r->arena;
	json_t *before = NULL;
	if (j->id) {
		if (!j->k->get(w, a, j->id, &j->row))
			return job_fail(&j->err, 404, "not_found",
			                arena_printf(a, "no such %s", j->k->noun), NULL);
		before = spec_audit(&j->row);
	}
	int rc;
	if (!j->remove)
		rc = spec_save(w, j, clock_now_ms());
	else if (j->k->users(w, j->id) > 0)
		rc = job_fail(&j->err, 409, "conflict", j->k->in_use, NULL);
	else
		rc = j->k->remove(w, j->id) == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
	if (rc != STORE_JOB_OK) {
		json_decref(before);
		return rc;
	}
	json_t *after = j->remove ? NULL : spec_audit(&j->row);
	struct actor who = actor_of(j->r);
	const char *verb = j->remove ? "delete" : j->id ? "update" : "create";
	bool ok = store_counter_next(w, "sla_generation") &&
	          audit_append(w, a, &who, arena_printf(a, "%s.%s", j->k->noun, verb), j->k->noun,
	                       j->row.id, 0, before, after);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void spec_write(struct request *r, const struct spec_kind *k, bool create, bool remove)
{
	int64_t id = 0;
	if (!create && !http_param_id(r, 0, &id))
		return;
	json_t *in = NULL;
	if (!remove && !(in = http_body_json(r, create ? k->create_fields : k->patch_fields)))
		return;
	struct spec_job j = {.r = r, .k = k, .in = in, .id = id, .remove = remove};
	const char *name = in ? json_str(in, "name") : NULL;
	const char *spec = in ? json_str(in, "spec") : NULL;
	if (name && !name_ok(r, name))
		goto out;
	if (spec) {
		char *buf = arena_alloc(&r->arena, SPEC_BUF);
		struct calendar_diag d;
		if (!k->canon(spec, strlen(spec), buf, &d)) {
			http_error(r, 422, "invalid_value", arena_strdup(&r->arena, d.message),
			           "spec");
			goto out;
		}
		j.spec = buf;
	}
	int rc = store_write(r->store, spec_run, &j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else if (remove)
		http_no_content(r);
	else
		http_json(r, create ? 201 : 200, json_pack("{s:o}", k->noun, k->render(&j.row)));
out:
	json_decref(in);
}

void h_calendar_list(struct request *r)
{
	spec_list_answer(r, &calendars);
}

void h_calendar_get(struct request *r)
{
	spec_get_answer(r, &calendars);
}

void h_calendar_create(struct request *r)
{
	spec_write(r, &calendars, true, false);
}

void h_calendar_patch(struct request *r)
{
	spec_write(r, &calendars, false, false);
}

void h_calendar_delete(struct request *r)
{
	spec_write(r, &calendars, false, true);
}

void h_shift_list(struct request *r)
{
	spec_list_answer(r, &shifts);
}

void h_shift_get(struct request *r)
{
	spec_get_answer(r, &shifts);
}

void h_shift_create(struct request *r)
{
	spec_write(r, &shifts, true, false);
}

void h_shift_patch(struct request *r)
{
	spec_write(r, &shifts, false, false);
}

void h_shift_delete(struct request *r)
{
	spec_write(r, &shifts, false, true);
}

/* ---- SLA policies ---- */

static const struct field_spec breach_fields[] = {
    {"raise_priority", FIELD_BOOL, false},
    {"notify_supervisor", FIELD_BOOL, false},
    {"reassign", FIELD_BOOL, false},
    {NULL},
};

/* Ranges wide enough that the core's validator, which names the rule, decides; only the VIP
 * tiers' top and the position have their bounds here (the core takes any upper tier). */
#define POLICY_FIELDS(required)                                                                    \
	{"name", FIELD_STRING, required, MAX_SLA_NAME}, {"enabled", FIELD_BOOL, false},            \
	    {"position", FIELD_INT, false, 0, 0, 1, POSITION_MAX},                                 \
	    {"priorities", FIELD_STRING_ARRAY, false, 16, PRIO_COUNT},                             \
	    {"channels", FIELD_STRING_ARRAY, false, 16, CHANNEL_COUNT},                            \
	    {"vip_min", FIELD_INT, false, 0, 0, INT_MIN, VIP_TIER_TOP},                            \
	    {"vip_max", FIELD_INT_OR_NULL, false, 0, 0, INT_MIN, VIP_TIER_TOP},                    \
	    {"first_response_seconds", FIELD_INT, false, 0, 0, SECONDS_MIN, SECONDS_MAX},          \
	    {"next_response_seconds", FIELD_INT, false, 0, 0, SECONDS_MIN, SECONDS_MAX},           \
	    {"resolution_seconds", FIELD_INT, false, 0, 0, SECONDS_MIN, SECONDS_MAX},              \
	    {"warn_percent", FIELD_INT, false, 0, 0, INT_MIN, INT_MAX},                            \
	    {"pause_on_hold", FIELD_BOOL, false},                                                  \
	    {"calendar_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},                         \
	    {"breach_actions", FIELD_OBJECT, false, .children = breach_fields},                    \
	{                                                                                          \
		NULL                                                                               \
	}

static const struct field_spec policy_create_fields[] = {POLICY_FIELDS(true)};
static const struct field_spec policy_patch_fields[] = {POLICY_FIELDS(false)};

static json_t *actions_json(const char *stored)
{
	json_t *o = json_loads(stored ? stored : "{}", 0, NULL);
	json_t *out = json_pack(
	    "{s:b, s:b, s:b}", "raise_priority", json_is_true(json_object_get(o, "raise_priority")),
	    "notify_supervisor", json_is_true(json_object_get(o, "notify_supervisor")), "reassign",
	    json_is_true(json_object_get(o, "reassign")));
	json_decref(o);
	return out;
}

static json_t *render_policy(const struct sla_policy_row *p)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:b, s:o, s:o, s:I}", "id", (json_int_t)p->id,
	                      "position", (json_int_t)p->position, "name", p->name, "enabled",
	                      p->enabled, "priorities", split_list(p->priorities), "channels",
	                      split_list(p->channels), "vip_min", (json_int_t)p->vip_min);
	json_object_set_new(o, "vip_max", p->vip_max < 0 ? json_null() : json_integer(p->vip_max));
	json_object_set_new(o, "first_response_seconds", json_integer(p->first_response_ms / 1000));
	json_object_set_new(o, "next_response_seconds", json_integer(p->next_response_ms / 1000));
	json_object_set_new(o, "resolution_seconds", json_integer(p->resolution_ms / 1000));
	json_object_set_new(o, "warn_percent", json_integer(p->warn_percent));
	json_object_set_new(o, "pause_on_hold", json_boolean(p->pause_on_hold));
	json_object_set_new(o, "calendar_id", json_id(p->calendar_id));
	json_object_set_new(o, "breach_actions", actions_json(p->breach_actions));
	json_object_set_new(o, "created_at", json_time(p->created_at));
	json_object_set_new(o, "updated_at", json_time(p->updated_at));
	return o;
}

void h_sla_policy_list(struct request *r)
{
	struct sla_policy_row *rows;
	size_t n = store_sla_policy_list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_policy(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "policies", arr));
}

void h_sla_policy_get(struct request *r)
{
	int64_t id;
	struct sla_policy_row row;
	if (!http_param_id(r, 0, &id))
		return;
	if (!store_sla_policy_get(store_reader(r->store), &r->arena, id, &row)) {
		http_error(r, 404, "not_found", "no such SLA policy", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "policy", render_policy(&row)));
}

struct policy_job {
	struct request *r;
	json_t *in;
	int64_t id; /* 0 = create */
	bool remove;
	struct sla_policy_row row;
	struct job_error err;
};

/* ["urgent","high"] -> "high,urgent" (the enums' order, each once) through name/parse. */
static int names_join(struct policy_job *j, json_t *arr, const char *field, int count,
                      bool (*parse)(const char *s, int *out), const char *(*name)(int v),
                      const char *expected, const char **out)
{
	struct arena *a = &j->r->arena;
	uint32_t mask = 0;
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		int e;
		if (!parse(json_string_value(v), &e))
			return job_fail(&j->err, 422, "invalid_value",
			                arena_printf(a, "%s: unknown name \"%s\" (expected %s)",
			                             field, json_string_value(v), expected),
			                field);
		mask |= 1u << e;
	}
	char *s = arena_alloc(a, 128);
	for (int e = 0; e < count; e++)
		if (mask & (1u << e)) {
			if (*s)
				strcat(s, ",");
			strcat(s, name(e));
		}
	*out = s;
	return STORE_JOB_OK;
}

static bool prio_parse(const char *s, int *out)
{
	enum ticket_priority p;
	return ticket_priority_parse(s, &p) ? (*out = (int)p, true) : false;
}

static bool chan_parse(const char *s, int *out)
{
	enum ticket_channel c;
	return ticket_channel_parse(s, &c) ? (*out = (int)c, true) : false;
}

static const char *prio_name(int v)
{
	return ticket_priority_name((enum ticket_priority)v);
}

static const char *chan_name(int v)
{
	return ticket_channel_name((enum ticket_channel)v);
}

/* The field a refusal of sla_policy_validate is about. */
static const char *policy_err_field(const struct sla_policy *p, enum sla_policy_err e)
{
	static const char *const targets[] = {"first_response_seconds", "next_response_seconds",
	                                      "resolution_seconds"};
	switch (e) {
	case SLA_POLICY_ERR_TARGET: {
		/* A target's validity does not depend on its metric: try each alone. */
		const int64_t v[] = {p->targets.first_response_ms, p->targets.next_response_ms,
		                     p->targets.resolution_ms};
		for (int m = 0; m < 3; m++) {
			struct sla_targets one = {.first_response_ms = v[m]};
			if (sla_targets_validate(&one) != SLA_POLICY_OK)
				return targets[m];
		}
		return targets[0];
	}
	case SLA_POLICY_ERR_WARN:
		return "warn_percent";
	case SLA_POLICY_ERR_VIP:
		return p->vip_min < 0 ? "vip_min" : "vip_max";
	case SLA_POLICY_ERR_MATCH:
		return "priorities";
	case SLA_POLICY_OK:
		break;
	}
	return NULL;
}

/* The integer at key if the request names it (the field table checked its type), else keep. */
static int64_t int_or(json_t *in, const char *key, int64_t keep)
{
	json_t *v = json_object_get(in, key);
	return json_is_integer(v) ? json_integer_value(v) : keep;
}

static int64_t ms_or(json_t *in, const char *seconds_key, int64_t keep_ms)
{
	json_t *v = json_object_get(in, seconds_key);
	return json_is_integer(v) ? json_integer_value(v) * 1000 : keep_ms;
}

/* Merge the request into j->row (defaults for a new one), then validate the whole policy. */
static int policy_merge(struct db *w, struct policy_job *j)
{
	struct arena *a = &j->r->arena;
	json_t *in = j->in, *v;
	struct sla_policy_row *p = &j->row;
	if (!j->id)
		*p = (struct sla_policy_row){.enabled = true,
		                             .priorities = "",
		                             .channels = "",
		                             .vip_max = -1,
		                             .warn_percent = 80};
	const char *name = json_str(in, "name");
	if (name) {
		struct sla_policy_row other;
		if (store_sla_policy_get_by_name(w, a, name, &other) && other.id != j->id)
			return job_fail(&j->err, 409, "conflict",
			                "an SLA policy with this name exists", "name");
		p->name = arena_strdup(a, name);
	}
	if ((v = json_object_get(in, "enabled")))
		p->enabled = json_is_true(v);
	if ((v = json_object_get(in, "pause_on_hold")))
		p->pause_on_hold = json_is_true(v);
	if ((v = json_object_get(in, "position"))) {
		p->position = json_integer_value(v);
	} else if (!j->id) {
		struct sla_policy_row *rows;
		size_t n = store_sla_policy_list(w, a, &rows);
		p->position = n ? rows[n - 1].position + 1 : 1;
	}
	int rc;
	if ((v = json_object_get(in, "priorities")) &&
	    (rc = names_join(j, v, "priorities", PRIO_COUNT, prio_parse, prio_name,
	                     "low, normal, high, urgent", &p->priorities)))
		return rc;
	if ((v = json_object_get(in, "channels")) &&
	    (rc = names_join(j, v, "channels", CHANNEL_COUNT, chan_parse, chan_name,
	                     "email, chat, web, api, phone, telegram", &p->channels)))
		return rc;
	p->vip_min = int_or(in, "vip_min", p->vip_min);
	/* The row's -1 means "and above"; a -1 the request sends is a value to refuse. */
	bool vip_any = p->vip_max < 0;
	int64_t vip_max = p->vip_max;
	if ((v = json_object_get(in, "vip_max"))) {
		vip_any = json_is_null(v);
		vip_max = vip_any ? -1 : json_integer_value(v);
	}
	p->first_response_ms = ms_or(in, "first_response_seconds", p->first_response_ms);
	p->next_response_ms = ms_or(in, "next_response_seconds", p->next_response_ms);
	p->resolution_ms = ms_or(in, "resolution_seconds", p->resolution_ms);
	p->warn_percent = int_or(in, "warn_percent", p->warn_percent);
	if ((v = json_object_get(in, "calendar_id"))) {
		struct calendar_row cal;
		p->calendar_id = json_is_null(v) ? 0 : json_integer_value(v);
		if (p->calendar_id && !store_calendar_get(w, a, p->calendar_id, &cal))
			return job_fail(&j->err, 422, "invalid_value", "no such calendar",
			                "calendar_id");
	}
	if ((v = json_object_get(in, "breach_actions"))) {
		/* A given object replaces the old one; what it leaves out is off. */
		json_t *o = actions_json(NULL);
		json_object_update_existing(o, v);
		char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		p->breach_actions = arena_strdup(a, s);
		free(s);
		json_decref(o);
	} else if (!j->id) {
		p->breach_actions = "{}";
	}
	/* The stored vip_min and warn_percent always came through here, and the field table keeps
	 * new ones within int: the narrowing below is exact. */
	struct sla_policy check = {
	    .name = p->name,
	    .vip_min = (int)p->vip_min,
	    .vip_max = vip_any ? SLA_VIP_MAX_ANY : (int)vip_max,
	    .targets = {p->first_response_ms, p->next_response_ms, p->resolution_ms,
	                (int)p->warn_percent, p->pause_on_hold, NULL},
	};
	enum sla_policy_err e = sla_policy_validate(&check);
	if (e != SLA_POLICY_OK) {
		const char *field = policy_err_field(&check, e);
		return job_fail(&j->err, 422, "invalid_value",
		                arena_printf(a, "%s: %s", field, sla_policy_strerror(e)), field);
	}
	p->vip_max = vip_any ? -1 : vip_max;
	return STORE_JOB_OK;
}

/* Positions are the policies' places in the order, 1..n without gaps: a policy given a position
 * goes to that place (the end if it is past it) and the others close up around it; moved 0
 * only closes gaps (after a delete). Returns the moved policy's final position (1 when none
 * moved), 0 on a store failure. Unlike routing rules, whose positions may repeat and leave gaps, an
 * admin reading the list sees exactly the numbers to send. */
static int64_t policies_renumber(struct db *w, struct arena *a, int64_t moved, int64_t want)
{
	struct sla_policy_row *rows;
	size_t n = store_sla_policy_list(w, a, &rows), k = 0;
	int64_t *order = arena_alloc(a, (n + 1) * sizeof *order);
	int64_t *had = arena_alloc(a, (n + 1) * sizeof *had);
	for (size_t i = 0; i < n; i++)
		if (rows[i].id != moved) {
			order[k] = rows[i].id;
			had[k++] = rows[i].position;
		}
	size_t at = k;
	if (moved) {
		at = want < 1 ? 0 : (size_t)want - 1 < k ? (size_t)want - 1 : k;
		memmove(order + at + 1, order + at, (k - at) * sizeof *order);
		memmove(had + at + 1, had + at, (k - at) * sizeof *had);
		order[at] = moved;
		had[at] = 0; /* always written: its row holds the requested number */
		k++;
	}
	for (size_t i = 0; i < k; i++)
		if (had[i] != (int64_t)i + 1 &&
		    store_sla_policy_set_position(w, order[i], (int64_t)i + 1) != DB_DONE)
			return 0;
	return moved ? (int64_t)at + 1 : 1;
}

static int policy_run(struct db *w, void *ctx)
{
	struct policy_job *j = ctx;
	struct arena *a = &j->r->arena;
	int64_t now = clock_now_ms();
	json_t *before = NULL;
	if (j->id) {
		if (!store_sla_policy_get(w, a, j->id, &j->row))
			return job_fail(&j->err, 404, "not_found", "no such SLA policy", NULL);
		before = render_policy(&j->row);
	}
	int rc = STORE_JOB_OK;
	if (j->remove) {
		rc = store_sla_policy_delete(w, j->id) == DB_DONE && policies_renumber(w, a, 0, 0)
		         ? STORE_JOB_OK
		         : STORE_COMMIT_FAILED;
	} else if ((rc = policy_merge(w, j)) == STORE_JOB_OK) {
		j->row.updated_at = now;
		if (!j->id)
			j->row.created_at = now;
		enum db_rc dr = j->id ? store_sla_policy_update(w, &j->row)
		                      : store_sla_policy_insert(w, &j->row);
		int64_t pos =
		    dr == DB_DONE ? policies_renumber(w, a, j->row.id, j->row.position) : 0;
		j->row.position = pos;
		rc = pos ? STORE_JOB_OK : STORE_COMMIT_FAILED;
	}
	if (rc != STORE_JOB_OK) {
		json_decref(before);
		return rc;
	}
	json_t *after = j->remove ? NULL : render_policy(&j->row);
	struct actor who = actor_of(j->r);
	bool ok = store_counter_next(w, "sla_generation") &&
	          audit_append(w, a, &who,
	                       j->remove ? "sla_policy.delete"
	                       : j->id   ? "sla_policy.update"
	                                 : "sla_policy.create",
	                       "sla_policy", j->row.id, 0, before, after);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void policy_write(struct request *r, bool create, bool remove)
{
	int64_t id = 0;
	if (!create && !http_param_id(r, 0, &id))
		return;
	json_t *in = NULL;
	if (!remove &&
	    !(in = http_body_json(r, create ? policy_create_fields : policy_patch_fields)))
		return;
	const char *name = in ? json_str(in, "name") : NULL;
	if (name && !name_ok(r, name)) {
		json_decref(in);
		return;
	}
	struct policy_job j = {.r = r, .in = in, .id = id, .remove = remove};
	int rc = store_write(r->store, policy_run, &j);
	json_decref(in);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else if (remove)
		http_no_content(r);
	else
		http_json(r, create ? 201 : 200,
		          json_pack("{s:o}", "policy", render_policy(&j.row)));
}

void h_sla_policy_create(struct request *r)
{
	policy_write(r, true, false);
}

void h_sla_policy_patch(struct request *r)
{
	policy_write(r, false, false);
}

void h_sla_policy_delete(struct request *r)
{
	policy_write(r, false, true);
}
