/* dispatcher.c — the assignment engine (core/dispatch.h) and the SLA scheduler
 * (sla_scheduler.c), run beside the store.
 *
 * How changes reach it: every change to a ticket, an agent, a group or a setting is in the
 * audit trail, in order, in the transaction that made it. After each commit the store's commit
 * hook (on the writer thread) sees whether the trail grew past what the dispatcher has read and
 * wakes the dispatcher's thread, which submits one write job. The job reads the new events,
 * reloads what they touched from the store (so it needs no knowledge of which handler changed
 * what, and no handler needs to know about it), feeds the engine, refreshes the tickets' SLA
 * timers, fires timers that fell due, and writes the engine's assignments back — audited, in the
 * same transaction. Time events (shift starts and ends, re-queue deadlines, SLA thresholds) wake
 * the thread at their instant.
 *
 * Atomic claims: the engine lives on the store's single writer thread and changes only inside
 * write jobs, so a ticket is never given to two agents and no agent past capacity, however many
 * request threads race. (Several servers on one database need the claim in the database:
 * DESIGN.md "Scaling out".) If a job rolls back or a batch fails to commit, the store's rollback
 * hook marks the engine stale and the next job rebuilds it from the store; the same happens when
 * settings, shifts, groups or SLA policies change. */
#include "api/api.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/dispatch.h"
#include "core/sla_policy.h"
#include "core/ticket.h"
#include "util/clock.h"
#include "util/idmap.h"
#include "util/log.h"

#define EVENTS_PER_JOB 1000
#define TIMERS_PER_JOB 500
#define BACKFILL_PER_JOB 500
#define IDLE_WAKE_MS 60000

/* ---- settings ---- */

#define DEFAULT_GRACE_MS (2 * 60 * 1000)

void assignment_settings_read(struct db *db, struct arena *a, struct assignment_settings *out)
{
	*out = (struct assignment_settings){.enabled = false, .requeue_grace_ms = DEFAULT_GRACE_MS};
	char *s = store_setting_get(db, a, "assignment");
	json_t *o = s ? json_loads(s, 0, NULL) : NULL;
	if (!o)
		return;
	out->enabled = json_is_true(json_object_get(o, "enabled"));
	out->after_hours_reply = json_is_true(json_object_get(o, "after_hours_reply"));
	json_t *g = json_object_get(o, "requeue_grace_seconds");
	if (json_is_integer(g))
		out->requeue_grace_ms = json_integer_value(g) * 1000;
	json_decref(o);
}

/* ---- the writer thread's state ---- */

static struct {
	struct dispatch *engine; /* NULL while automatic assignment is off */
	struct assignment_settings settings;
	bool built;
	int64_t cursor; /* the last audit event read */
	atomic_bool stale;
	uint64_t config_generation; /* of the SLA/shift configuration the engine was built with */
	/* Every open ticket has its SLA timer row. Once the scan for missing rows comes back short,
	 * each new ticket gets its row from its own create event, so the scan (a walk over every
	 * open ticket: seconds at millions) runs again only after a rebuild, not after each job. */
	bool backfilled;
	int64_t backfill_after; /* the walk's cursor: tickets up to it have their rows */
} W;

static void on_rollback(void)
{
	atomic_store(&W.stale, true);
}

/* ---- feeding the engine from store rows ---- */

static size_t split(struct arena *a, const char *list, const char ***out)
{
	size_t n = 0, cap = 1;
	for (const char *p = list; p && *p; p++)
		cap += *p == ',';
	const char **v = arena_alloc(a, cap * sizeof *v);
	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > 0)
			v[n++] = arena_strndup(a, p, len);
		p = end ? end + 1 : p + len;
	}
	*out = v;
	return n;
}

static bool takes_tickets(const struct agent_row *ag)
{
	return ag->active && (!strcmp(ag->role, "agent") || !strcmp(ag->role, "supervisor"));
}

static void feed_agent(struct db *w, struct arena *a, const struct agent_row *ag, int64_t now)
{
	if (!takes_tickets(ag)) {
		dispatch_agent_remove(W.engine, ag->id, now);
		return;
	}
	struct dispatch_agent_spec s = {
		.id = ag->id,
		.presence_since = ag->presence_at,
		.vip_capable = ag->vip_capable,
		.groups = ag->groups,
		.n_groups = ag->n_groups,
	};
	agent_presence_parse(ag->presence, &s.presence);
	tier_parse(ag->tier, &s.tier);
	const char **langs, **skills;
	s.n_languages = split(a, ag->languages, &langs);
	s.languages = langs;
	s.n_skills = split(a, ag->skills, &skills);
	s.skills = skills;
	for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
		int64_t cap = assign_channel_is_live((enum ticket_channel)ch) ? ag->max_chats
									      : ag->max_tickets;
		s.max_load[ch] = (uint16_t)(cap < 0 ? 0 : cap > 1000 ? 1000 : cap);
	}
	s.shift = ag->shift_id ? sla_config_shift(sla_config_current(w), ag->shift_id) : NULL;
	if (!dispatch_agent_set(W.engine, &s, now))
		log_event(LOG_WARN, "dispatch_agent_refused", "agent=%lld", (long long)ag->id);
}

static bool is_open(const char *status, int64_t merged_into)
{
	return merged_into == 0 && strcmp(status, "solved") != 0 && strcmp(status, "closed") != 0;
}

static void feed_ticket(int64_t id, int64_t group_id, int64_t assignee, const char *channel,
			const char *priority, bool vip, const char *language, const char *category,
			int64_t created_at, int64_t due, bool manual, int64_t now)
{
	struct dispatch_ticket_spec s = {
		.id = id,
		.group_id = group_id,
		.assignee_id = assignee,
		.vip = vip,
		.language = language,
		.product = category,
		.sla_due_at = due,
		.created_at = created_at,
		.manual = manual,
		.channel = CHANNEL_API,
		.priority = PRIO_NORMAL,
	};
	ticket_channel_parse(channel, &s.channel);
	ticket_priority_parse(priority, &s.priority);
	dispatch_ticket_set(W.engine, &s, now);
}

/* ---- one ticket: SLA timer, then the engine ---- */

static bool refresh_ticket(struct db *w, struct arena *a, int64_t id, int64_t now, bool act)
{
	struct ticket_row t;
	int64_t due = 0;
	bool reassign = false;
	if (!store_ticket_get(w, a, id, &t)) {
		if (W.engine)
			dispatch_ticket_remove(W.engine, id, now);
		return true;
	}
	if (!sla_timer_refresh(w, a, &t, now, act, &due, &reassign))
		return false;
	if (!W.engine)
		return true;
	if (!is_open(t.status, t.merged_into_id)) {
		dispatch_ticket_remove(W.engine, id, now);
		return true;
	}
	/* A ticket the engine has not seen that already has an assignee was given one by a
	 * person (created assigned); for known tickets the engine tells by itself. */
	feed_ticket(t.id, t.group_id, t.assignee_id, t.channel, t.priority, t.vip, t.language,
		    t.category, t.created_at, due, true, now);
	if (reassign)
		dispatch_ticket_reassign(W.engine, id, now);
	return true;
}

/* ---- writing the engine's decisions ---- */

static bool apply_actions(struct db *w, struct arena *a)
{
	size_t n;
	const struct dispatch_action *v = W.engine ? dispatch_actions(W.engine, &n) : NULL;
	struct actor sys = {"system", 0};
	bool ok = true;
	for (size_t i = 0; v && i < n && ok; i++) {
		struct ticket_row t;
		if (!store_ticket_get(w, a, v[i].ticket_id, &t))
			continue;
		bool assign = v[i].kind == DISPATCH_ASSIGN;
		int64_t to = assign ? v[i].agent_id : 0;
		json_t *before = json_pack("{s:o}", "assignee_id", json_id(t.assignee_id));
		json_t *after = json_pack("{s:o, s:s}", "assignee_id", json_id(to), "reason",
					  assign ? "routing" : "requeue");
		/* Taken by an agent, a new ticket is open, as when an agent takes it by hand. */
		if (assign && !strcmp(t.status, "new")) {
			json_object_set_new(before, "status", json_string(t.status));
			json_object_set_new(after, "status", json_string("open"));
			t.status = "open";
		}
		t.assignee_id = to;
		t.updated_at = v[i].at > t.updated_at ? v[i].at : t.updated_at;
		ok = store_ticket_update(w, &t) == DB_DONE &&
		     audit_append(w, a, &sys, assign ? "ticket.assign" : "ticket.requeue", "ticket",
				  t.id, t.id, before, after);
		json_decref(before);
		json_decref(after);
	}
	if (W.engine)
		dispatch_actions_clear(W.engine);
	return ok;
}

/* ---- building from the store ---- */

static bool build(struct db *w, struct arena *a, int64_t now)
{
	dispatch_free(W.engine);
	W.engine = NULL;
	assignment_settings_read(w, a, &W.settings);
	W.config_generation = sla_config_generation(sla_config_current(w));
	W.cursor = store_event_last_id(w);
	atomic_store(&W.stale, false);
	W.built = true;
	W.backfilled = false;
	W.backfill_after = 0;
	if (!W.settings.enabled)
		return true;
	W.engine = dispatch_new(W.settings.requeue_grace_ms);
	struct group_row *groups;
	size_t ng = store_group_list(w, a, &groups);
	for (size_t i = 0; i < ng; i++) {
		enum tier tier = TIER_L1;
		tier_parse(groups[i].tier, &tier); /* "vip" groups: any tier */
		dispatch_group_set(W.engine, groups[i].id, tier, now);
	}
	struct agent_row *agents;
	size_t na = store_agent_list(w, a, &agents);
	for (size_t i = 0; i < na; i++)
		feed_agent(w, a, &agents[i], now);
	struct dispatch_ticket_row *open;
	size_t nt = store_dispatch_open_tickets(w, a, &open);
	for (size_t i = 0; i < nt; i++) {
		int64_t due = 0;
		/* The queue orders waiting tickets by their first-response due time; assigned ones
		 * only count towards load. */
		if (open[i].assignee_id == 0 && open[i].group_id != 0) {
			struct ticket_row t;
			struct sla_result res;
			int64_t pid;
			if (store_ticket_get(w, a, open[i].id, &t)) {
				sla_ticket_compute(w, a, &t, now, &res, &pid);
				if (res.metric[SLA_FIRST_RESPONSE].clock == SLA_CLOCK_RUNNING)
					due = res.metric[SLA_FIRST_RESPONSE].due_at;
			}
		}
		feed_ticket(open[i].id, open[i].group_id, open[i].assignee_id, open[i].channel,
			    open[i].priority, open[i].vip, open[i].language, open[i].category,
			    open[i].created_at, due, false, now);
	}
	log_event(LOG_INFO, "dispatch_built", "agents=%zu open_tickets=%zu grace_ms=%lld", na, nt,
		  (long long)W.settings.requeue_grace_ms);
	return true;
}

/* ---- the job ---- */

struct job_ctx {
	int64_t next_wake; /* out: when the thread must run a job again by time alone */
	bool more;         /* out: work left over (a backlog): run again at once */
};

static bool touches_configuration(const struct event_row *e)
{
	static const char *const kinds[] = {"settings", "group", "shift", "calendar", "sla_policy"};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
		if (e->object_type && !strcmp(e->object_type, kinds[i]))
			return true;
	return false;
}

static int dispatch_job(struct db *w, void *vctx)
{
	struct job_ctx *ctx = vctx;
	struct arena a;
	arena_init(&a, 64 * 1024);
	int64_t now = clock_now_ms();
	bool ok = true;
	ctx->more = false;

	if (!W.built || atomic_load(&W.stale) ||
	    W.config_generation != sla_config_generation(sla_config_current(w)))
		ok = build(w, &a, now);

	/* What changed since the last job. */
	struct event_row *ev;
	size_t n = ok ? store_event_list_after(w, &a, W.cursor, 0, EVENTS_PER_JOB, &ev) : 0;
	struct idmap tickets, agents;
	idmap_init(&tickets);
	idmap_init(&agents);
	bool rebuild = false;
	for (size_t i = 0; i < n; i++) {
		if (touches_configuration(&ev[i]))
			rebuild = true;
		else if (ev[i].object_type && !strcmp(ev[i].object_type, "agent") && ev[i].object_id > 0)
			idmap_put(&agents, ev[i].object_id, &ev[i]);
		if (ev[i].ticket_id > 0 && !idmap_get(&tickets, ev[i].ticket_id))
			idmap_put(&tickets, ev[i].ticket_id, &ev[i]);
		/* A follow-up (a customer writing on a closed ticket) is a new ticket too. */
		bool opened = !strcmp(ev[i].action, "ticket.create") ||
			      !strcmp(ev[i].action, "ticket.followup");
		if (W.settings.after_hours_reply && opened && ev[i].ticket_id > 0) {
			struct ticket_row t;
			if (store_ticket_get(w, &a, ev[i].ticket_id, &t))
				ok = ok && after_hours_reply(w, &a, &t, now);
		}
	}
	if (n > 0)
		W.cursor = ev[n - 1].id;
	ctx->more = n == EVENTS_PER_JOB;
	if (ok && rebuild)
		ok = build(w, &a, now);
	else if (ok && W.engine)
		for (size_t i = 0; i < agents.cap; i++) {
			struct agent_row ag;
			if (agents.slots[i].id && store_agent_get(w, &a, agents.slots[i].id, &ag))
				feed_agent(w, &a, &ag, now);
			else if (agents.slots[i].id)
				dispatch_agent_remove(W.engine, agents.slots[i].id, now);
		}
	for (size_t i = 0; ok && i < tickets.cap; i++)
		if (tickets.slots[i].id)
			ok = refresh_ticket(w, &a, tickets.slots[i].id, now, true);
	idmap_free(&tickets);
	idmap_free(&agents);

	/* Timers that fell due; then tickets that never had one. */
	int64_t ids[TIMERS_PER_JOB];
	size_t due = ok ? store_sla_timer_due(w, now, ids, TIMERS_PER_JOB) : 0;
	for (size_t i = 0; ok && i < due; i++)
		ok = refresh_ticket(w, &a, ids[i], now, true);
	size_t missing = ok && !W.backfilled
				 ? store_sla_timer_missing(w, W.backfill_after, ids, BACKFILL_PER_JOB)
				 : 0;
	for (size_t i = 0; ok && i < missing; i++)
		ok = refresh_ticket(w, &a, ids[i], now, false);
	if (ok && missing)
		W.backfill_after = ids[missing - 1];
	if (ok && missing < BACKFILL_PER_JOB)
		W.backfilled = true;
	ctx->more = ctx->more || due == TIMERS_PER_JOB || missing == BACKFILL_PER_JOB;

	if (ok && W.engine)
		dispatch_advance(W.engine, now);
	ok = ok && apply_actions(w, &a);
	/* What this job wrote itself is known already. */
	W.cursor = store_event_last_id(w);
	int64_t timer = store_sla_timer_next(w);
	int64_t engine = W.engine ? dispatch_next_wake(W.engine) : INT64_MAX;
	ctx->next_wake = timer > 0 && timer < engine ? timer : engine;
	arena_free(&a);
	if (!ok) {
		atomic_store(&W.stale, true);
		return STORE_COMMIT_FAILED;
	}
	return STORE_JOB_OK;
}

/* ---- the thread ---- */

static struct {
	struct store *store;
	pthread_t thread;
	bool running, stopping, kick;
	int64_t next_wake;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} T = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void kick(void)
{
	pthread_mutex_lock(&T.mu);
	T.kick = true;
	pthread_cond_signal(&T.cv);
	pthread_mutex_unlock(&T.mu);
}

/* On the writer thread after each commit: only a grown trail is worth a job (the dispatcher's
 * own commits leave the cursor at the end, so they do not wake it again). */
static void on_commit(struct db *w, void *ctx)
{
	(void)ctx;
	if (!W.built || store_event_last_id(w) > W.cursor)
		kick();
}

static void *thread_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&T.mu);
	while (!T.stopping) {
		int64_t now = clock_now_ms();
		if (!T.kick && now < T.next_wake) {
			int64_t wait = T.next_wake - now;
			struct timespec until;
			clock_deadline_after(&until, wait < IDLE_WAKE_MS ? wait : IDLE_WAKE_MS);
			pthread_cond_timedwait(&T.cv, &T.mu, &until);
			continue;
		}
		T.kick = false;
		pthread_mutex_unlock(&T.mu);
		struct job_ctx ctx = {.next_wake = INT64_MAX};
		int rc = store_write_background(T.store, dispatch_job, &ctx);
		pthread_mutex_lock(&T.mu);
		if (rc != STORE_JOB_OK) {
			/* Busy or failing: try again shortly rather than spin. */
			T.next_wake = clock_now_ms() + 200;
		} else {
			T.next_wake = ctx.next_wake;
			T.kick = T.kick || ctx.more;
		}
	}
	pthread_mutex_unlock(&T.mu);
	return NULL;
}

bool dispatcher_start(struct store *s)
{
	T.store = s;
	T.stopping = false;
	T.kick = true; /* build at once */
	T.next_wake = INT64_MAX;
	store_set_rollback_hook(s, on_rollback);
	if (!store_add_commit_hook(s, on_commit, NULL))
		return false;
	if (pthread_create(&T.thread, NULL, thread_main, NULL) != 0) {
		store_remove_commit_hook(s, on_commit);
		return false;
	}
	T.running = true;
	return true;
}

void dispatcher_stop(void)
{
	if (!T.running)
		return;
	pthread_mutex_lock(&T.mu);
	T.stopping = true;
	pthread_cond_signal(&T.cv);
	pthread_mutex_unlock(&T.mu);
	pthread_join(T.thread, NULL);
	store_remove_commit_hook(T.store, on_commit);
	store_set_rollback_hook(T.store, NULL);
	T.running = false;
	/* The writer is idle for the dispatcher now: nothing touches W any more. */
	dispatch_free(W.engine);
	W.engine = NULL;
	W.built = false;
}

/* ---- looking in, for the API (answered on the writer thread) ---- */

struct queue_job {
	struct arena *a;
	json_t *out;
};

static int queue_job(struct db *w, void *vctx)
{
	struct queue_job *j = vctx;
	(void)w;
	j->out = json_pack("{s:b}", "enabled", W.engine != NULL);
	json_t *groups = json_array();
	struct group_row *g;
	size_t ng = store_group_list(w, j->a, &g);
	for (size_t i = 0; i < ng; i++)
		json_array_append_new(groups, json_pack("{s:I, s:s, s:I}", "group_id",
							 (json_int_t)g[i].id, "name", g[i].name,
							 "waiting",
							 (json_int_t)(W.engine ? dispatch_queue_length(W.engine, g[i].id) : 0)));
	json_object_set_new(j->out, "groups", groups);
	json_t *agents = json_array();
	struct agent_row *ag;
	size_t na = store_agent_list(w, j->a, &ag);
	for (size_t i = 0; W.engine && i < na; i++) {
		uint16_t load[CHANNEL_COUNT];
		bool present;
		if (!dispatch_agent_state(W.engine, ag[i].id, load, &present))
			continue;
		json_t *l = json_object();
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			if (load[ch])
				json_object_set_new(l, ticket_channel_name((enum ticket_channel)ch),
						    json_integer(load[ch]));
		json_array_append_new(agents, json_pack("{s:I, s:s, s:b, s:o}", "agent_id",
							 (json_int_t)ag[i].id, "name", ag[i].name,
							 "available", present, "load", l));
	}
	json_object_set_new(j->out, "agents", agents);
	return STORE_JOB_OK;
}

json_t *dispatcher_overview(struct store *s, struct arena *a)
{
	struct queue_job j = {.a = a};
	if (store_write(s, queue_job, &j) != STORE_JOB_OK) {
		json_decref(j.out);
		return NULL;
	}
	return j.out;
}

struct ticket_state_job {
	int64_t id;
	json_t *out;
};

static int ticket_state_job(struct db *w, void *vctx)
{
	struct ticket_state_job *j = vctx;
	int64_t assignee = 0;
	bool queued = false;
	(void)w;
	if (!W.engine || !dispatch_ticket_state(W.engine, j->id, &assignee, &queued)) {
		j->out = json_null();
		return STORE_JOB_OK;
	}
	j->out = queued ? json_pack("{s:s, s:I, s:s}", "state", "waiting", "position",
				    (json_int_t)dispatch_queue_position(W.engine, j->id) + 1, "why",
				    assign_why_name(dispatch_ticket_why(W.engine, j->id)))
			: json_pack("{s:s, s:o}", "state", assignee ? "assigned" : "unrouted",
				    "assignee_id", json_id(assignee));
	return STORE_JOB_OK;
}

json_t *dispatcher_ticket_state(struct store *s, int64_t ticket_id)
{
	struct ticket_state_job j = {.id = ticket_id};
	if (store_write(s, ticket_state_job, &j) != STORE_JOB_OK)
		return NULL;
	return j.out;
}
