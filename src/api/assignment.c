/* assignment.c — the desk's automatic assignment over HTTP: turning it on, the re-queue grace,
 * the auto-reply outside shifts (GET/PUT /api/v1/routing/assignment); the queues and agents'
 * load as the engine holds them (GET /api/v1/routing/queues); where one ticket stands
 * (GET /api/v1/tickets/{id}/routing). The engine itself runs in dispatcher.c. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#define MAX_GRACE_SECONDS (24 * 3600)

static const struct field_spec assignment_fields[] = {
	{"enabled", FIELD_BOOL, false},
	{"requeue_grace_seconds", FIELD_INT, false, 0, 0, 0, MAX_GRACE_SECONDS},
	{"after_hours_reply", FIELD_BOOL, false},
	{NULL},
};

static json_t *settings_json(const struct assignment_settings *s)
{
	return json_pack("{s:b, s:I, s:b}", "enabled", s->enabled, "requeue_grace_seconds",
			 (json_int_t)(s->requeue_grace_ms / 1000), "after_hours_reply",
			 s->after_hours_reply);
}

struct assignment_job {
	struct request *r;
	json_t *in;
};

static int assignment_run(struct db *w, void *ctx)
{
	struct assignment_job *j = ctx;
	struct arena *a = &j->r->arena;
	struct assignment_settings s;
	assignment_settings_read(w, a, &s);
	json_t *before = settings_json(&s);
	json_t *v;
	if ((v = json_object_get(j->in, "enabled")))
		s.enabled = json_is_true(v);
	if ((v = json_object_get(j->in, "after_hours_reply")))
		s.after_hours_reply = json_is_true(v);
	if ((v = json_object_get(j->in, "requeue_grace_seconds")))
		s.requeue_grace_ms = json_integer_value(v) * 1000;
	json_t *after = settings_json(&s);
	char *text = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	struct actor who = actor_of(j->r);
	bool ok = text && store_setting_set(w, "assignment", text) &&
		  (json_equal(before, after) ||
		   audit_append(w, a, &who, "settings.assignment", "settings", 0, 0, before, after));
	free(text);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_assignment_get(struct request *r)
{
	struct assignment_settings s;
	assignment_settings_read(store_reader(r->store), &r->arena, &s);
	http_json(r, 200, settings_json(&s));
}

void h_assignment_put(struct request *r)
{
	json_t *in = http_body_json(r, assignment_fields);
	if (!in)
		return;
	struct assignment_job j = {.r = r, .in = in};
	int rc = store_write(r->store, assignment_run, &j);
	json_decref(in);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, NULL);
	else
		h_assignment_get(r);
}

void h_routing_queues(struct request *r)
{
	json_t *o = dispatcher_overview(r->store, &r->arena);
	if (!o) {
		http_error(r, 503, "unavailable", "the desk is busy; try again", NULL);
		return;
	}
	http_json(r, 200, o);
}

void h_ticket_routing(struct request *r)
{
	struct ticket_row t;
	if (!ticket_load_visible(r, store_reader(r->store), r->params[0], &t))
		return;
	json_t *o = dispatcher_ticket_state(r->store, t.id);
	if (!o) {
		http_error(r, 503, "unavailable", "the desk is busy; try again", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:I, s:o}", "ticket_id", (json_int_t)t.id, "routing", o));
}
