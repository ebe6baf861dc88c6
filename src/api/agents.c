/* agents.c — the desk's people: listing, creating and changing agents, and presence. */
#include "api/people.h"

#include <ctype.h>
#include <string.h>

#include "core/validate.h"
#include "util/clock.h"
#include "util/utf8.h"

static json_t *agent_audit_json(const struct agent_row *ag)
{
	json_t *groups = json_array();
	for (size_t i = 0; i < ag->n_groups; i++)
		json_array_append_new(groups, json_integer(ag->groups[i]));
	/* Never the password hash: the trail says that it changed, not what it is. */
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "email", ag->email,
			      "name", ag->name, "role", ag->role, "tier", ag->tier, "languages",
			      ag->languages, "shift", ag->shift_name ? ag->shift_name : "", "active",
			      ag->active, "groups", groups);
	json_object_set_new(o, "skills", json_string(ag->skills ? ag->skills : ""));
	json_object_set_new(o, "vip_capable", json_boolean(ag->vip_capable));
	json_object_set_new(o, "max_chats", json_integer(ag->max_chats));
	json_object_set_new(o, "max_tickets", json_integer(ag->max_tickets));
	return o;
}

/* Did a change touch what assignment reads (shift, skills, VIP, capacity)? The sla_generation
 * counter then moves in the same transaction, which is what the dispatcher reloads on. */
static bool routing_fields_changed(const struct agent_row *a, const struct agent_row *b)
{
	const char *sa = a->skills ? a->skills : "", *sb = b->skills ? b->skills : "";
	return a->shift_id != b->shift_id || strcmp(sa, sb) != 0 ||
	       a->vip_capable != b->vip_capable || a->max_chats != b->max_chats ||
	       a->max_tickets != b->max_tickets;
}

/* The shift named in ag->shift_name ("" or NULL = none) into ag->shift_id, as the shifts table
 * holds it in this transaction. */
static int resolve_shift(struct db *w, struct arena *a, struct agent_row *ag,
			 struct job_error *err)
{
	ag->shift_id = 0;
	if (!ag->shift_name || !*ag->shift_name) {
		ag->shift_name = "";
		return STORE_JOB_OK;
	}
	struct shift_row s;
	if (!store_shift_get_by_name(w, a, ag->shift_name, &s))
		return job_fail(err, 422, "invalid_value",
				arena_printf(a, "no shift named \"%s\"", ag->shift_name), "shift");
	ag->shift_id = s.id;
	ag->shift_name = s.name;
	return STORE_JOB_OK;
}

static int check_groups(struct db *w, struct arena *a, const struct agent_row *ag,
			struct job_error *err)
{
	struct group_row g;
	for (size_t i = 0; i < ag->n_groups; i++)
		if (!store_group_get(w, a, ag->groups[i], &g))
			return job_fail(err, 422, "invalid_value",
					arena_printf(a, "no group with id %lld",
						     (long long)ag->groups[i]),
					"groups");
	return STORE_JOB_OK;
}

int agent_create_run(struct db *w, void *ctx)
{
	struct agent_create *j = ctx;
	struct agent_row existing;
	if (store_agent_get_by_email(w, j->a, j->ag.email, &existing))
		return job_fail(&j->err, 409, "conflict", "an agent with this email exists", "email");
	int rc = check_groups(w, j->a, &j->ag, &j->err);
	if (rc || (rc = resolve_shift(w, j->a, &j->ag, &j->err)))
		return rc;
	j->ag.created_at = j->ag.updated_at = clock_now_ms();
	j->ag.active = true;
	if (store_agent_insert(w, &j->ag) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = agent_audit_json(&j->ag);
	json_object_set_new(after, "password_set", json_boolean(j->ag.password_hash != NULL));
	bool ok = store_counter_next(w, "sla_generation") &&
		  audit_append(w, j->a, &j->who, "agent.create", "agent", j->ag.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_agent_list(struct request *r)
{
	struct agent_row *rows;
	size_t n = store_agent_list(store_reader(r->store), &r->arena, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_agent(&rows[i]));
	http_json(r, 200, json_pack("{s:o}", "agents", arr));
}

void h_agent_get(struct request *r)
{
	int64_t id;
	struct agent_row ag;
	if (!http_param_id(r, 0, &id))
		return;
	if (!store_agent_get(store_reader(r->store), &r->arena, id, &ag)) {
		http_error(r, 404, "not_found", "no such agent", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "agent", render_agent(&ag)));
}

static const struct field_spec agent_create_fields[] = {
	{"email", FIELD_STRING, true, MAX_EMAIL},
	{"name", FIELD_STRING, true, MAX_PERSON_NAME},
	{"role", FIELD_STRING, true, 16},
	{"tier", FIELD_STRING, false, 16},
	{"groups", FIELD_INT_ARRAY, false, 0, 50, 1, INT64_MAX},
	{"languages", FIELD_STRING_ARRAY, false, MAX_LANGUAGE, 20},
	{"password", FIELD_TEXT, false, MAX_PASSWORD},
	{"shift", FIELD_STRING, false, MAX_SLA_NAME},
	{"skills", FIELD_STRING_ARRAY, false, MAX_TAG, AGENT_MAX_SKILLS},
	{"vip_capable", FIELD_BOOL, false},
	{"max_chats", FIELD_INT, false, 0, 0, 0, AGENT_CAPACITY_MAX},
	{"max_tickets", FIELD_INT, false, 0, 0, 0, AGENT_CAPACITY_MAX},
	{NULL},
};

static const struct field_spec agent_patch_fields[] = {
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"role", FIELD_STRING, false, 16},
	{"tier", FIELD_STRING, false, 16},
	{"groups", FIELD_INT_ARRAY, false, 0, 50, 1, INT64_MAX},
	{"languages", FIELD_STRING_ARRAY, false, MAX_LANGUAGE, 20},
	{"active", FIELD_BOOL, false},
	{"password", FIELD_TEXT, false, MAX_PASSWORD},
	{"shift", FIELD_STRING, false, MAX_SLA_NAME},
	{"skills", FIELD_STRING_ARRAY, false, MAX_TAG, AGENT_MAX_SKILLS},
	{"vip_capable", FIELD_BOOL, false},
	{"max_chats", FIELD_INT, false, 0, 0, 0, AGENT_CAPACITY_MAX},
	{"max_tickets", FIELD_INT, false, 0, 0, 0, AGENT_CAPACITY_MAX},
	{NULL},
};

/* ["Futures"," p2p ","futures"] -> "futures,p2p": product areas normalised as tags are (so they
 * compare with groups' product areas case-insensitively and can never hold the list's comma),
 * each once, in the order given. */
static bool join_skills(struct request *r, json_t *arr, const char **out)
{
	size_t n = json_array_size(arr), used = 0, i;
	char *s = arena_alloc(&r->arena, n * (MAX_TAG + 1) + 1);
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		char buf[MAX_TAG + 1];
		if (!validate_tag_normalize(json_string_value(v), json_string_length(v), buf)) {
			const char *msg = arena_printf(&r->arena,
						       "skills: \"%s\" is not a product area "
						       "(letters, digits, _ - : .)",
						       json_string_value(v));
			http_error(r, 422, "invalid_value", msg, "skills");
			return false;
		}
		size_t len = strlen(buf);
		bool dup = false;
		for (const char *p = s; *p && !dup; p += strcspn(p, ","), p += *p == ',')
			dup = strncmp(p, buf, len) == 0 && (p[len] == ',' || p[len] == '\0');
		if (dup)
			continue;
		if (used)
			s[used++] = ',';
		memcpy(s + used, buf, len + 1);
		used += len;
	}
	*out = s;
	return true;
}

/* Shared checks of create and patch: role, tier, groups, languages, password. The password is
 * hashed here, on the request's thread: argon2id is slow on purpose and must not hold up the
 * writer. */
static bool agent_fields(struct request *r, json_t *in, struct agent_row *ag)
{
	const char *s;
	enum role role;
	enum tier tier;
	if ((s = json_str(in, "role"))) {
		if (!role_parse(s, &role)) {
			http_error(r, 422, "invalid_value", "role is one of admin, supervisor, agent, qa",
				   "role");
			return false;
		}
		ag->role = role_name(role);
	}
	if ((s = json_str(in, "tier"))) {
		if (!tier_parse(s, &tier)) {
			http_error(r, 422, "invalid_value", "tier is one of L1, L2, expert", "tier");
			return false;
		}
		ag->tier = tier_name(tier);
	}
	if ((s = json_str(in, "name"))) {
		if (!*s) {
			http_error(r, 422, "invalid_value", "name must not be empty", "name");
			return false;
		}
		ag->name = arena_strdup(&r->arena, s);
	}
	json_t *langs = json_object_get(in, "languages");
	if (langs && !join_languages(r, langs, "languages", &ag->languages))
		return false;
	json_t *groups = json_object_get(in, "groups");
	if (groups) {
		size_t i;
		json_t *v;
		ag->groups = arena_alloc(&r->arena, (json_array_size(groups) + 1) * sizeof(int64_t));
		ag->n_groups = 0;
		json_array_foreach(groups, i, v)
		{
			int64_t g = json_integer_value(v);
			bool dup = false;
			for (size_t k = 0; k < ag->n_groups; k++)
				dup = dup || ag->groups[k] == g;
			if (!dup)
				ag->groups[ag->n_groups++] = g;
		}
	}
	/* A shift by name; whether it exists is checked in the job, against the shifts table. */
	if ((s = json_str(in, "shift")))
		ag->shift_name = arena_strdup(&r->arena, s);
	json_t *skills = json_object_get(in, "skills");
	if (skills && !join_skills(r, skills, &ag->skills))
		return false;
	json_t *v;
	if ((v = json_object_get(in, "vip_capable")))
		ag->vip_capable = json_is_true(v);
	if ((v = json_object_get(in, "max_chats")))
		ag->max_chats = json_integer_value(v);
	if ((v = json_object_get(in, "max_tickets")))
		ag->max_tickets = json_integer_value(v);
	json_t *active = json_object_get(in, "active");
	if (active)
		ag->active = json_is_true(active);
	json_t *pw = json_object_get(in, "password");
	if (pw) {
		if (utf8_length(json_string_value(pw), json_string_length(pw)) < MIN_PASSWORD) {
			http_error(r, 422, "invalid_value", "password needs at least 10 characters",
				   "password");
			return false;
		}
		char *hash = arena_alloc(&r->arena, 128);
		if (!auth_password_hash(json_string_value(pw), json_string_length(pw), hash)) {
			http_error(r, 503, "unavailable", "could not hash the password now", NULL);
			return false;
		}
		ag->password_hash = hash;
	}
	return true;
}

void h_agent_create(struct request *r)
{
	json_t *in = http_body_json(r, agent_create_fields);
	if (!in)
		return;
	struct agent_create j = {.a = &r->arena, .who = actor_of(r)};
	j.ag.tier = "L1";
	j.ag.languages = "";
	j.ag.skills = "";
	j.ag.max_chats = AGENT_MAX_CHATS_DEFAULT;
	j.ag.max_tickets = AGENT_MAX_TICKETS_DEFAULT;
	const char *email = json_str(in, "email");
	if (!validate_email(email, strlen(email))) {
		http_error(r, 422, "invalid_value", "email is not an email address", "email");
		goto out;
	}
	char *low = arena_strdup(&r->arena, email);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	j.ag.email = low;
	if (!agent_fields(r, in, &j.ag))
		goto out;
	int rc = store_write(r->store, agent_create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct agent_row ag;
	store_agent_get(store_reader(r->store), &r->arena, j.ag.id, &ag);
	http_json(r, 201, json_pack("{s:o}", "agent", render_agent(&ag)));
out:
	json_decref(in);
}

struct agent_patch {
	struct request *r;
	int64_t id;
	json_t *in;
	struct agent_row want; /* fields from the body; NULL/absent = keep */
	struct job_error err;
};

static int agent_patch_run(struct db *w, void *ctx)
{
	struct agent_patch *j = ctx;
	struct request *r = j->r;
	struct agent_row ag;
	if (!store_agent_get(w, &r->arena, j->id, &ag))
		return job_fail(&j->err, 404, "not_found", "no such agent", NULL);
	json_t *before = agent_audit_json(&ag);
	const struct agent_row old = ag;
	const char *old_hash = ag.password_hash;
	if (j->want.name)
		ag.name = j->want.name;
	if (j->want.role)
		ag.role = j->want.role;
	if (j->want.tier)
		ag.tier = j->want.tier;
	if (j->want.languages)
		ag.languages = j->want.languages;
	if (j->want.skills)
		ag.skills = j->want.skills;
	if (json_has(j->in, "vip_capable"))
		ag.vip_capable = j->want.vip_capable;
	if (json_has(j->in, "max_chats"))
		ag.max_chats = j->want.max_chats;
	if (json_has(j->in, "max_tickets"))
		ag.max_tickets = j->want.max_tickets;
	if (j->want.shift_name) {
		ag.shift_name = j->want.shift_name;
		int rc = resolve_shift(w, &r->arena, &ag, &j->err);
		if (rc)
			return json_decref(before), rc;
	}
	if (json_has(j->in, "groups")) {
		ag.groups = j->want.groups;
		ag.n_groups = j->want.n_groups;
		int rc = check_groups(w, &r->arena, &ag, &j->err);
		if (rc)
			return json_decref(before), rc;
	}
	if (json_has(j->in, "active"))
		ag.active = j->want.active;
	if (j->want.password_hash)
		ag.password_hash = j->want.password_hash;
	/* An admin cannot lock themselves out by accident. */
	if (ag.id == r->who.agent_id && (!ag.active || strcmp(ag.role, "admin") != 0))
		return json_decref(before),
		       job_fail(&j->err, 409, "conflict",
				"you cannot deactivate yourself or drop your own admin role", NULL);
	json_t *after = agent_audit_json(&ag);
	if (ag.password_hash != old_hash)
		json_object_set_new(after, "password_changed", json_true());
	int rc = STORE_JOB_OK;
	if (!json_equal(before, after)) {
		ag.updated_at = clock_now_ms();
		struct actor who = actor_of(r);
		bool reload = routing_fields_changed(&old, &ag);
		if (store_agent_update(w, &ag) != DB_DONE ||
		    (reload && !store_counter_next(w, "sla_generation")) ||
		    !audit_append(w, &r->arena, &who, "agent.update", "agent", ag.id, 0, before, after))
			rc = STORE_COMMIT_FAILED;
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

void h_agent_patch(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, agent_patch_fields);
	if (!in)
		return;
	struct agent_patch j = {.r = r, .id = id, .in = in};
	if (!agent_fields(r, in, &j.want))
		goto out;
	int rc = store_write(r->store, agent_patch_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct agent_row ag;
	store_agent_get(store_reader(r->store), &r->arena, id, &ag);
	http_json(r, 200, json_pack("{s:o}", "agent", render_agent(&ag)));
out:
	json_decref(in);
}

static const struct field_spec presence_fields[] = {
	{"status", FIELD_STRING, true, 16},
	{NULL},
};

struct presence_job {
	struct request *r;
	int64_t id;
	const char *status;
	struct job_error err;
};

static int presence_run(struct db *w, void *ctx)
{
	struct presence_job *j = ctx;
	struct agent_row ag;
	if (!store_agent_get(w, &j->r->arena, j->id, &ag))
		return job_fail(&j->err, 404, "not_found", "no such agent", NULL);
	if (!strcmp(ag.presence, j->status))
		return STORE_JOB_OK;
	json_t *b = json_pack("{s:s}", "presence", ag.presence);
	json_t *a = json_pack("{s:s}", "presence", j->status);
	struct actor who = actor_of(j->r);
	bool ok = store_agent_set_presence(w, ag.id, j->status, clock_now_ms()) == DB_DONE &&
		  audit_append(w, &j->r->arena, &who, "agent.presence", "agent", ag.id, 0, b, a);
	json_decref(b);
	json_decref(a);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_agent_presence(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	if (id != r->who.agent_id && !perm_allowed(r->who.role, PERM_PRESENCE_OTHERS)) {
		http_error(r, 403, "forbidden", "you may set only your own presence", NULL);
		return;
	}
	json_t *in = http_body_json(r, presence_fields);
	if (!in)
		return;
	const char *s = json_str(in, "status");
	static const char *const states[] = {"online", "away", "offline"};
	struct presence_job j = {.r = r, .id = id};
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(s, states[i]))
			j.status = states[i];
	json_decref(in);
	if (!j.status) {
		http_error(r, 422, "invalid_value", "status is one of online, away, offline", "status");
		return;
	}
	int rc = store_write(r->store, presence_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	struct agent_row ag;
	store_agent_get(store_reader(r->store), &r->arena, id, &ag);
	http_json(r, 200, json_pack("{s:o}", "agent", render_agent(&ag)));
}
