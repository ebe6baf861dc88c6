/* test_dispatch_sim.c — a week of an exchange's help desk run through the assignment engine
 * (dispatch.h), judged by an independent oracle (sim_oracle.c). The world it runs in (the
 * desk, the agents' week, the arrivals) is generated in sim_world.c, see sim.h.
 *
 * The week starts Monday 2026-01-05 00:00 UTC. 20,000 tickets arrive (heavier in Singapore's
 * daytime, with a few bursts), in chat, email, web and Telegram, nine languages, four products,
 * a tenth of them VIP; 60 agents in product groups, a VIP group, L2 and expert, on a day shift,
 * a night shift, an evening shift or none, come and go (online, away, offline) over the week.
 * The simulation plays the store and the server: it routes each ticket to a group, hands it to
 * the engine, writes back what the engine did, and works the tickets (replies, customers writing
 * back, pending, escalations to L2 and experts with the parent on hold, solves, a few reopens,
 * supervisors assigning by hand, SLA breaches answered with a reassign). Its SLA scheduler runs
 * as a server's would: recompute after every change, one wake per ticket at sla_next_event.
 * Before every event the engine's due time events are brought in (dispatch_advance, one wake at
 * a time or all at once), except that an arrival's call is sometimes left to bring the engine to
 * its instant by itself.
 *
 * Everything is logged; the oracle replays the log with its own rules and prints one line per
 * check. Then the oracle is shown able to fail: doctored copies of the log (an assignment moved
 * to an offline agent, a VIP overtaken, a breach 1 ms late, a re-queue dropped, an assignment at
 * a shift start dropped, a parent not on hold, a solved ticket forgotten) must each be reported,
 * about a ticket the real log had no counter-example for.
 *
 * Deterministic: one seed (printed), our own PRNG, no clock but for the runtime figure. Engine
 * time events fall on even milliseconds (shift boundaries, presence changes, grace 5 min) and
 * every other event of the simulation on odd ones; see sim_oracle.h for why.
 *
 * Looking into a run: SIM_VERBOSE=1 prints every counter-example, not only the first;
 * SIM_TRACE=t72,a6 prints every log entry about ticket 72 or agent 6. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sim.h"

enum update_kind { UPD_CHAT_UP, UPD_ADD_GROUP, UPD_REMOVE, UPD_READD, UPD_EMAIL_DOWN };
static const struct {
	int day, hour, agent;
	enum update_kind what;
} updates[] = {
    {1, 3, 3, UPD_CHAT_UP}, {2, 5, 12, UPD_ADD_GROUP},   {2, 8, 25, UPD_REMOVE},
    {3, 2, 25, UPD_READD},  {4, 12, 44, UPD_EMAIL_DOWN}, {5, 4, 7, UPD_CHAT_UP},
};

__attribute__((format(printf, 2, 3))) static void complain(struct sim *s, const char *fmt, ...)
{
	va_list ap;

	if (s->n_complaints++ > 0)
		return;
	va_start(ap, fmt);
	vsnprintf(s->complaint, sizeof s->complaint, fmt, ap);
	va_end(ap);
}

/* ---- the log ---- */

static long log_add(struct sim *s, struct simlog e)
{
	if (s->n_log == s->cap_log)
		s->log = sim_grow(s->log, &s->cap_log, sizeof *s->log);
	s->log[s->n_log] = e;
	return (long)s->n_log++;
}

static struct simlog entry(enum simlog_kind kind, int64_t t, int32_t a, int32_t b, int32_t c)
{
	return (struct simlog){.t = t, .a = a, .b = b, .c = c, .kind = (uint16_t)kind};
}

/* ---- the engine, as a server calls it ---- */

static bool speaks(const struct oracle_agent_spec *sp, const char *lang)
{
	if (sp->n_languages == 0)
		return true;
	for (int i = 0; i < sp->n_languages; i++)
		if (assign_language_covers(sp->languages[i], lang))
			return true;
	return false;
}

static bool in_group(const struct oracle_agent_spec *sp, int32_t g)
{
	for (int i = 0; i < sp->n_groups; i++)
		if (sp->groups[i] == g)
			return true;
	return false;
}

static void schedule_work(struct sim *s, struct sim_ticket *t, int64_t from);

/* Write an action back to the store (the simulation's tickets), and note self-check material. */
static void apply_action(struct sim *s, const struct dispatch_action *a, int64_t now)
{
	struct sim_ticket *t;

	if (a->ticket_id < 1 || (size_t)a->ticket_id > s->n_tickets || a->agent_id < 1 ||
	    a->agent_id > N_AGENTS) {
		complain(s, "action on unknown ticket %lld / agent %lld", (long long)a->ticket_id,
		         (long long)a->agent_id);
		return;
	}
	t = &s->t[a->ticket_id];
	if (a->kind == DISPATCH_ASSIGN) {
		s->n_assign++;
		t->assignee = (int32_t)a->agent_id;
		t->manual = false;
		t->gen++;
		t->awaiting = true;
		s->agents[a->agent_id].last_assigned_at = a->at;
		schedule_work(s, t, a->at > now ? a->at : now);
	} else {
		s->n_requeue++;
		t->assignee = 0;
		t->manual = false;
		t->gen++;
	}
}

static void note_candidates(struct sim *s, const struct dispatch_action *a, size_t n, size_t i,
                            long idx, enum batch batch)
{
	const struct dispatch_action *x = &a[i];
	const struct sim_ticket *t = &s->t[x->ticket_id];

	if (x->kind == DISPATCH_ASSIGN && s->c_offline < 0 && x->at > WEEK_START + DAY) {
		for (int b = 1; b <= N_AGENTS; b++) {
			const struct sim_agent *ag = &s->agents[b];
			const struct oracle_agent_spec *sp = &s->specs[ag->spec];
			if (b == x->agent_id || ag->removed || ag->presence != PRESENCE_OFFLINE ||
			    !in_group(sp, t->group) || sp->tier < group_tier[t->group] ||
			    sp->max_load[t->channel] == 0 || !speaks(sp, ticket_langs[t->lang]))
				continue;
			s->c_offline = idx;
			s->c_offline_agent = b;
			break;
		}
	}
	if (x->kind == DISPATCH_ASSIGN && s->c_vip < 0 && i + 1 < n &&
	    a[i + 1].kind == DISPATCH_ASSIGN && a[i + 1].agent_id == x->agent_id &&
	    s->t[a[i + 1].ticket_id].group == t->group && t->assignee == 0 &&
	    s->t[a[i + 1].ticket_id].assignee == 0 && !t->manual) {
		s->c_vip = idx;
		s->c_vip_a = (int32_t)x->ticket_id;
		s->c_vip_b = (int32_t)a[i + 1].ticket_id;
	}
	if (x->kind == DISPATCH_ASSIGN && s->c_wait < 0 && batch == BATCH_TIME && !t->manual &&
	    t->assignee == 0 && x->at > WEEK_START + DAY)
		s->c_wait = idx;
	if (x->kind == DISPATCH_REQUEUE && s->c_requeue < 0 && batch == BATCH_TIME &&
	    assign_channel_is_live(t->channel) && !t->manual) {
		bool again = false;
		for (size_t j = i + 1; j < n; j++)
			again |= a[j].ticket_id == x->ticket_id;
		if (!again)
			s->c_requeue = idx;
	}
}

/* Log the actions of one batch (after a marker or a call), then write them back. */
static void take_actions(struct sim *s, int64_t now, enum batch batch, struct simlog *call)
{
	size_t n, i = 0;
	const struct dispatch_action *a = dispatch_actions(s->d, &n);

	if (call != NULL) {
		/* a call that advanced the engine itself: its time events come first */
		if (s->implicit)
			for (; i < n && a[i].at < now; i++) {
				long idx =
				    log_add(s, entry(SL_ACTION, a[i].at, (int32_t)a[i].ticket_id,
				                     (int32_t)a[i].agent_id, (int32_t)a[i].kind));
				note_candidates(s, a, n, i, idx, BATCH_TIME);
			}
		log_add(s, *call);
	}
	for (; i < n; i++) {
		long idx = log_add(s, entry(SL_ACTION, a[i].at, (int32_t)a[i].ticket_id,
		                            (int32_t)a[i].agent_id, (int32_t)a[i].kind));
		note_candidates(s, a, n, i, idx, batch);
	}
	for (i = 0; i < n; i++)
		apply_action(s, &a[i], now);
	dispatch_actions_clear(s->d);
	s->implicit = false;
}

/* Before every event at t, the engine's time events due by t are brought in the way a
 * server's timer would: one wake at a time, or all at once. */
static void sync(struct sim *s, int64_t t)
{
	bool one_by_one = rng_chance(&s->mode, 0.5);
	int64_t w;

	while ((w = dispatch_next_wake(s->d)) <= t) {
		if (w < s->engine_now) {
			/* due before an instant the engine was already brought to: a server's timer
			 * fires now, so do we; the oracle judges the instants it reports */
			char ws[32], ns[32];
			complain(
			    s,
			    "dispatch_next_wake() is %s, before %s, the instant of the last call",
			    sim_time(w, ws), sim_time(s->engine_now, ns));
			w = t;
		}
		w = one_by_one ? w : t;
		log_add(s, entry(SL_ADVANCE, w, 0, 0, 0));
		dispatch_advance(s->d, w);
		s->engine_now = w;
		s->n_advance++;
		take_actions(s, w, BATCH_TIME, NULL);
		if (dispatch_next_wake(s->d) <= w) {
			complain(s, "dispatch_next_wake() is %lld after dispatch_advance(%lld)",
			         (long long)dispatch_next_wake(s->d), (long long)w);
			break;
		}
	}
}

/* Before a call at t. After sync() nothing is due, unless the event was left to the engine's
 * entry point to bring itself to t (arrivals at odd instants, now and then): then its time
 * events come back with the call's actions. */
static void call_begin(struct sim *s, int64_t t)
{
	s->n_calls++;
	s->implicit = false;
	if (dispatch_next_wake(s->d) <= t && s->leave_to_entry) {
		log_add(s, entry(SL_ENTRY_ADVANCE, t, 0, 0, 0));
		s->implicit = true;
		s->n_entry_advance++;
	} else if (dispatch_next_wake(s->d) <= t) {
		sync(s, t);
	}
	s->engine_now = t;
}

static void call_end(struct sim *s, int64_t t, struct simlog call)
{
	take_actions(s, t, BATCH_CALL, &call);
}

static struct dispatch_ticket_spec ticket_spec(const struct sim_ticket *t, int32_t assignee)
{
	return (struct dispatch_ticket_spec){
	    .id = t->id,
	    .group_id = t->group,
	    .assignee_id = assignee,
	    .channel = t->channel,
	    .priority = t->priority,
	    .vip = t->vip,
	    .language = ticket_langs[t->lang],
	    .product = products[t->product],
	    .sla_due_at = t->due,
	    .created_at = t->created_at,
	};
}

/* The store's word after a change: the ticket as it is, with the assignee it has (or `given`,
 * a supervisor's pick). */
static void engine_ticket_set(struct sim *s, struct sim_ticket *t, int32_t given, int64_t now)
{
	struct dispatch_ticket_spec sp = ticket_spec(t, given);

	/* Only a supervisor gives a ticket the engine has not seen an assignee (for known tickets
	 * the engine ignores the flag and tells by itself). */
	sp.manual = given != 0;
	call_begin(s, now);
	if (!dispatch_ticket_set(s->d, &sp, now))
		complain(s, "dispatch_ticket_set(%d) failed", t->id);
	call_end(s, now, entry(SL_TICKET_SET, now, t->id, given, 0));
}

static void engine_agent_set(struct sim *s, int32_t id, int64_t now)
{
	const struct oracle_agent_spec *sp = &s->specs[s->agents[id].spec];
	int64_t groups[SIM_MAX_GROUPS];
	struct dispatch_agent_spec ds = {
	    .id = id,
	    .presence = s->agents[id].presence,
	    .presence_since = s->agents[id].presence_since,
	    .tier = sp->tier,
	    .vip_capable = sp->vip_capable,
	    .languages = sp->languages,
	    .n_languages = (size_t)sp->n_languages,
	    .skills = s->agents[id].skills,
	    .n_skills = 2,
	    .groups = groups,
	    .n_groups = (size_t)sp->n_groups,
	    .shift = sp->shift == SIM_SHIFT_NONE ? NULL : &s->shifts[sp->shift],
	    .last_assigned_at = s->agents[id].last_assigned_at,
	};

	memcpy(ds.max_load, sp->max_load, sizeof ds.max_load);
	for (int i = 0; i < sp->n_groups; i++)
		groups[i] = sp->groups[i];
	call_begin(s, now);
	if (!dispatch_agent_set(s->d, &ds, now))
		complain(s, "dispatch_agent_set(%d) failed", id);
	call_end(s, now, entry(SL_AGENT, now, id, (int32_t)s->agents[id].spec, 0));
}

/* ---- SLA: the timeline and the scheduler ---- */

static void timeline(struct sim *s, struct sim_ticket *t, int64_t at, enum sla_event_kind kind,
                     enum ticket_status status)
{
	static const enum simlog_kind as_log[] = {
	    [SLA_EV_STATUS] = SL_STATUS,
	    [SLA_EV_CUSTOMER_MESSAGE] = SL_CUSTOMER_MSG,
	    [SLA_EV_AGENT_REPLY] = SL_AGENT_REPLY,
	};

	if (t->n_tl == t->cap_tl)
		t->tl = sim_grow(t->tl, &t->cap_tl, sizeof *t->tl);
	t->tl[t->n_tl++] = (struct sla_event){at, kind, status};
	if (kind == SLA_EV_STATUS)
		t->status = status;
	if (kind != SLA_EV_CREATED)
		log_add(s, entry(as_log[kind], at, t->id, 0, (int32_t)status));
}

static void record_fire(struct sim *s, struct sim_ticket *t, int metric, int cycle, int kind,
                        int64_t at, int64_t now)
{
	struct simlog e = entry(SL_SLA_FIRE, now, t->id, cycle, metric * 2 + kind);

	e.x = at;
	s->n_fires++;
	if (s->c_breach < 0 && kind == 1)
		s->c_breach = (long)s->n_log;
	log_add(s, e);
}

/* Recompute at now, record what newly warned or breached, schedule the next wake. Returns
 * whether a response metric newly breached. */
static bool sla_touch(struct sim *s, struct sim_ticket *t, int64_t now)
{
	struct sla_result r;
	struct sla_fire f;
	bool response_breach = false;

	sla_compute(&t->policy->targets, t->tl, t->n_tl, now, &r);
	for (int m = 0; m < SLA_METRIC_COUNT; m++) {
		const struct sla_metric_status *ms = &r.metric[m];
		int cycle = m == SLA_NEXT_RESPONSE ? r.next_response_cycles : 0;
		bool new_warn = m == SLA_NEXT_RESPONSE ? cycle > t->rec_next_warn : !t->rec_warn[m];
		bool new_breach =
		    m == SLA_NEXT_RESPONSE ? cycle > t->rec_next_breach : !t->rec_breach[m];

		if (ms->warned && new_warn) {
			record_fire(s, t, m, cycle, 0, ms->warn_at, now);
			t->rec_warn[m] = true;
			t->rec_next_warn = m == SLA_NEXT_RESPONSE ? cycle : t->rec_next_warn;
		}
		if (ms->breached && new_breach) {
			record_fire(s, t, m, cycle, 1, ms->breached_at, now);
			t->rec_breach[m] = true;
			t->rec_next_breach = m == SLA_NEXT_RESPONSE ? cycle : t->rec_next_breach;
			response_breach |= m != SLA_RESOLUTION;
		}
	}
	t->sla_version++;
	if (sla_next_event(&r, now, &f))
		sim_push(s, EV_SLA, f.wake_at, t->id, t->sla_version, 0);
	return response_breach;
}

/* ---- tickets ---- */

static int32_t pick_member(struct sim *s, int32_t group, int32_t not )
{
	int32_t ids[N_AGENTS];
	int n = 0;

	for (int a = 1; a <= N_AGENTS; a++)
		if (!s->agents[a].removed &&
		    a != not &&in_group(&s->specs[s->agents[a].spec], group))
			ids[n++] = a;
	return n ? ids[rng_range(&s->run, 0, n - 1)] : 0;
}

/* A new ticket: its policy, its due time for the queue, the oracle's record of it. */
static struct sim_ticket *ticket_new(struct sim *s, int32_t parent, int64_t now)
{
	int32_t id = (int32_t)++s->n_tickets;
	struct sim_ticket *t = &s->t[id];
	struct oracle_ticket *in = &s->info[id - 1];
	struct sla_result r;

	t->id = id;
	t->parent = parent;
	t->created_at = now;
	t->status = TICKET_NEW;
	t->open = true;
	t->awaiting = true;
	t->rec_next_warn = t->rec_next_breach = 0;
	if (parent != 0) {
		const struct sim_ticket *p = &s->t[parent];
		t->group = p->group == G_L2 ? G_EXPERT : G_L2;
		t->channel = p->channel;
		t->priority = p->priority;
		t->vip = p->vip;
		t->lang = p->lang;
		t->product = p->product;
		t->max_rounds = 1;
	} else {
		t->channel = channels[rng_weighted(&s->world, channel_weight, 4)];
		t->priority =
		    (enum ticket_priority)rng_weighted(&s->world, priority_weight, PRIO_COUNT);
		t->vip = rng_chance(&s->world, 0.10);
		t->lang = rng_weighted(&s->world, lang_weight, 9);
		t->product = rng_weighted(&s->world, product_weight, 4);
		t->group = t->vip ? G_VIP : G_ACCOUNT + t->product;
		t->max_rounds =
		    (int)rng_range(&s->world, 1, assign_channel_is_live(t->channel) ? 4 : 3);
	}
	t->policy = sla_policy_select(s->policies, 6, t->priority, t->vip ? 1 : 0, t->channel);
	timeline(s, t, now, SLA_EV_CREATED, TICKET_NEW);
	sla_compute(&t->policy->targets, t->tl, t->n_tl, now, &r);
	t->due = r.metric[SLA_FIRST_RESPONSE].due_at;
	*in = (struct oracle_ticket){
	    .created_at = now,
	    .sla_due_at = t->due,
	    .group = t->group,
	    .parent = parent,
	    .channel = t->channel,
	    .priority = t->priority,
	    .vip = t->vip,
	    .language = ticket_langs[t->lang],
	    .target_ms = {t->policy->targets.first_response_ms, t->policy->targets.next_response_ms,
	                  t->policy->targets.resolution_ms},
	    .warn_percent = t->policy->targets.warn_percent,
	    .pause_on_hold = t->policy->targets.pause_on_hold,
	    .office_hours = t->policy->targets.calendar == &s->office,
	};
	return t;
}

static bool live_ticket(const struct sim_ticket *t)
{
	return assign_channel_is_live(t->channel);
}

static void schedule_work(struct sim *s, struct sim_ticket *t, int64_t from)
{
	int64_t delay = live_ticket(t) ? rng_range(&s->run, 5 * SEC, 90 * SEC)
	                               : rng_range(&s->run, 3 * MIN, 2 * HOUR);

	if (t->vip)
		delay /= 3;
	if (t->parent != 0)
		delay = rng_range(&s->run, 2 * MIN, live_ticket(t) ? 20 * MIN : 2 * HOUR);
	sim_push(s, EV_WORK, odd(from + delay), t->id, t->gen, 0);
}

static void set_status(struct sim *s, struct sim_ticket *t, enum ticket_status st, int64_t now)
{
	timeline(s, t, now, SLA_EV_STATUS, st);
	engine_ticket_set(s, t, t->assignee, now);
}

static void ticket_arrive(struct sim *s, int64_t now)
{
	struct sim_ticket *t = ticket_new(s, 0, now);
	int32_t given = 0;

	/* a supervisor sometimes hands a new ticket to someone by name */
	if (rng_chance(&s->run, 0.02))
		given = pick_member(s, t->group, 0);
	if (given != 0) {
		s->n_manual++;
		t->assignee = given;
		t->manual = true;
		t->gen++;
	}
	engine_ticket_set(s, t, given, now);
	if (given != 0)
		schedule_work(s, t, now);
	sla_touch(s, t, now);
}

static void escalate(struct sim *s, struct sim_ticket *t, int64_t now)
{
	struct sim_ticket *c;

	if (s->n_tickets >= N_ROOTS + MAX_CHILDREN)
		return;
	s->n_escalations++;
	t->escalated = true;
	if (s->c_hold < 0)
		s->c_hold = (long)s->n_log;
	set_status(s, t, TICKET_ON_HOLD, now);
	sla_touch(s, t, now);
	c = ticket_new(s, t->id, now);
	if (s->c_hold >= 0 && s->c_hold_child == 0)
		s->c_hold_child = c->id;
	engine_ticket_set(s, c, 0, now);
	sla_touch(s, c, now);
}

static void solve(struct sim *s, struct sim_ticket *t, int64_t now)
{
	struct simlog call = entry(SL_TICKET_REMOVE, now, t->id, 0, 0);
	bool held = t->assignee != 0;

	timeline(s, t, now, SLA_EV_STATUS, TICKET_SOLVED);
	call_begin(s, now);
	dispatch_ticket_remove(s->d, t->id, now);
	call_end(s, now, call);
	/* self-check material: an escalation child solved while held (never set again after) */
	if (s->c_remove < 0 && t->parent != 0 && held && !live_ticket(t))
		for (long i = (long)s->n_log - 1; i >= 0 && s->c_remove < 0; i--)
			if (s->log[i].kind == SL_TICKET_REMOVE && s->log[i].a == t->id)
				s->c_remove = i;
	t->open = false;
	t->assignee = 0;
	t->gen++;
	t->conv++;
	sla_touch(s, t, now);
	if (t->parent != 0) {
		struct sim_ticket *p = &s->t[t->parent];
		p->awaiting = true;
		p->max_rounds = p->rounds + 1;
		set_status(s, p, TICKET_OPEN, now);
		sla_touch(s, p, now);
		if (p->assignee != 0)
			schedule_work(s, p, now);
	} else if (!t->escalated && rng_chance(&s->run, 0.01)) {
		sim_push(s, EV_REOPEN, odd(now + rng_range(&s->run, HOUR, DAY)), t->id, 0, 0);
	}
}

static void on_work(struct sim *s, struct sim_ticket *t, uint32_t gen, int64_t now)
{
	bool live = live_ticket(t);

	if (!t->open || gen != t->gen || !t->awaiting || t->assignee == 0 ||
	    t->status == TICKET_ON_HOLD)
		return;
	if (s->agents[t->assignee].presence != PRESENCE_ONLINE) {
		sim_push(s, EV_WORK, odd(now + rng_range(&s->run, 3 * MIN, 20 * MIN)), t->id, gen,
		         0);
		return;
	}
	timeline(s, t, now, SLA_EV_AGENT_REPLY, t->status);
	t->awaiting = false;
	t->rounds++;
	t->conv++;
	if (t->parent != 0) {
		if (t->group == G_L2 && !t->escalated && rng_chance(&s->run, 0.15)) {
			escalate(s, t, now);
		} else {
			sla_touch(s, t, now);
			sim_push(s, EV_SOLVE, odd(now + rng_range(&s->run, 10 * MIN, 2 * HOUR)),
			         t->id, t->conv, 0);
		}
		return;
	}
	if (!t->escalated && t->rounds == 1 && rng_chance(&s->run, 0.055)) {
		escalate(s, t, now);
		return;
	}
	if (t->rounds >= t->max_rounds) {
		sla_touch(s, t, now);
		sim_push(s, EV_SOLVE,
		         odd(now + (live ? rng_range(&s->run, 10 * SEC, 2 * MIN)
		                         : rng_range(&s->run, MIN, 20 * MIN))),
		         t->id, t->conv, 0);
		return;
	}
	if (rng_chance(&s->run, live ? 0.15 : 0.6))
		set_status(s, t, TICKET_PENDING, now);
	else if (t->status == TICKET_NEW)
		set_status(s, t, TICKET_OPEN, now);
	sla_touch(s, t, now);
	if (rng_chance(&s->run, 0.9))
		sim_push(s, EV_CUSTOMER,
		         odd(now + (live ? rng_range(&s->run, 20 * SEC, 5 * MIN)
		                         : rng_range(&s->run, 15 * MIN, 8 * HOUR))),
		         t->id, t->conv, 0);
	else
		sim_push(s, EV_CLOSE_STALE,
		         odd(now + (live ? rng_range(&s->run, 10 * MIN, 30 * MIN)
		                         : rng_range(&s->run, 4 * HOUR, 12 * HOUR))),
		         t->id, t->conv, 0);
}

static void on_customer(struct sim *s, struct sim_ticket *t, uint32_t conv, int64_t now)
{
	int32_t given;

	if (!t->open || conv != t->conv || t->status == TICKET_ON_HOLD)
		return;
	timeline(s, t, now, SLA_EV_CUSTOMER_MESSAGE, t->status);
	if (t->status == TICKET_PENDING)
		timeline(s, t, now, SLA_EV_STATUS, TICKET_OPEN);
	t->awaiting = true;
	given = t->assignee;
	/* now and then a supervisor moves the conversation to someone else by hand */
	if (given != 0 && rng_chance(&s->run, 0.005)) {
		int32_t other = pick_member(s, t->group, given);
		if (other != 0) {
			s->n_moves++;
			s->n_manual++;
			given = other;
			t->assignee = other;
			t->manual = true;
			t->gen++;
		}
	}
	engine_ticket_set(s, t, given, now);
	if (t->assignee != 0)
		schedule_work(s, t, now);
	sla_touch(s, t, now);
}

static void on_reopen(struct sim *s, struct sim_ticket *t, int64_t now)
{
	if (t->open)
		return;
	s->n_reopens++;
	timeline(s, t, now, SLA_EV_CUSTOMER_MESSAGE, t->status);
	timeline(s, t, now, SLA_EV_STATUS, TICKET_OPEN);
	t->open = true;
	t->awaiting = true;
	t->max_rounds = t->rounds + 1;
	t->conv++;
	engine_ticket_set(s, t, 0, now);
	sla_touch(s, t, now);
}

static void on_sla(struct sim *s, struct sim_ticket *t, uint32_t version, int64_t now)
{
	if (version != t->sla_version)
		return;
	/* a missed response is answered by moving the ticket, now and then */
	if (sla_touch(s, t, now) && t->open && t->assignee != 0 &&
	    (t->status == TICKET_NEW || t->status == TICKET_OPEN) && rng_chance(&s->run, 0.35)) {
		s->n_reassign++;
		call_begin(s, now);
		if (!dispatch_ticket_reassign(s->d, t->id, now))
			complain(s, "dispatch_ticket_reassign(%d) says unknown", t->id);
		call_end(s, now, entry(SL_REASSIGN, now, t->id, 0, 0));
	}
}

/* ---- agents ---- */

static void on_presence(struct sim *s, int32_t id, enum agent_presence p, int64_t now)
{
	struct sim_agent *a = &s->agents[id];

	if (a->presence == p)
		return;
	a->presence = p;
	a->presence_since = now;
	if (a->removed)
		return;
	call_begin(s, now);
	if (!dispatch_agent_presence(s->d, id, p, now))
		complain(s, "dispatch_agent_presence(%d) says unknown", id);
	call_end(s, now, entry(SL_PRESENCE, now, id, 0, (int32_t)p));
}

static void on_update(struct sim *s, int which, int64_t now)
{
	int32_t id = updates[which].agent;
	struct sim_agent *a = &s->agents[id];
	struct oracle_agent_spec *sp;

	if (updates[which].what == UPD_REMOVE) {
		a->removed = true;
		call_begin(s, now);
		dispatch_agent_remove(s->d, id, now);
		call_end(s, now, entry(SL_AGENT_REMOVE, now, id, 0, 0));
		return;
	}
	if (s->n_specs == MAX_SPECS)
		return;
	sp = &s->specs[s->n_specs];
	*sp = s->specs[a->spec];
	a->spec = s->n_specs++;
	switch (updates[which].what) {
	case UPD_CHAT_UP:
		sp->max_load[CHANNEL_CHAT] = 4;
		sp->max_load[CHANNEL_TELEGRAM] = 4;
		break;
	case UPD_ADD_GROUP:
		if (sp->n_groups < SIM_MAX_GROUPS && !in_group(sp, G_P2P))
			sp->groups[sp->n_groups++] = G_P2P;
		break;
	case UPD_EMAIL_DOWN:
		sp->max_load[CHANNEL_EMAIL] = 3;
		break;
	default:
		break;
	}
	a->removed = false;
	sp->presence = a->presence;
	sp->presence_since = a->presence_since;
	engine_agent_set(s, id, now);
}

static void run(struct sim *s)
{
	for (int g = 1; g < G_COUNT; g++) {
		call_begin(s, WEEK_START);
		dispatch_group_set(s->d, g, group_tier[g], WEEK_START);
		call_end(s, WEEK_START, entry(SL_GROUP, WEEK_START, g, 0, (int32_t)group_tier[g]));
	}
	for (int32_t id = 1; id <= N_AGENTS; id++)
		engine_agent_set(s, id, WEEK_START);
	for (int i = 0; i < (int)(sizeof updates / sizeof updates[0]); i++)
		sim_push(s, EV_AGENT_UPDATE,
		         even(WEEK_START + updates[i].day * DAY + updates[i].hour * HOUR +
		              rng_range(&s->world, 0, 50 * MIN)),
		         0, 0, i);

	while (s->n_heap > 0 && s->heap[0].t <= WEEK_END) {
		struct event e = sim_pop(s);
		struct sim_ticket *t =
		    e.id > 0 && (size_t)e.id <= s->n_tickets ? &s->t[e.id] : NULL;

		s->n_events++;
		s->now = e.t;
		/* an arrival's first act is its call into the engine: that call may bring the
		 * engine to its instant by itself; every other event is preceded by the timer */
		s->leave_to_entry = e.kind == EV_ARRIVE && (e.t & 1);
		if (!s->leave_to_entry)
			sync(s, e.t);
		switch (e.kind) {
		case EV_ARRIVE:
			ticket_arrive(s, e.t);
			break;
		case EV_PRESENCE:
			on_presence(s, e.id, (enum agent_presence)e.arg, e.t);
			break;
		case EV_AGENT_UPDATE:
			on_update(s, e.arg, e.t);
			break;
		case EV_WORK:
			on_work(s, t, e.stamp, e.t);
			break;
		case EV_CUSTOMER:
			on_customer(s, t, e.stamp, e.t);
			break;
		case EV_SOLVE:
			if (t->open && e.stamp == t->conv && t->assignee != 0 &&
			    t->status != TICKET_ON_HOLD)
				solve(s, t, e.t);
			break;
		case EV_CLOSE_STALE:
			if (t->open && e.stamp == t->conv && t->status != TICKET_ON_HOLD)
				solve(s, t, e.t);
			break;
		case EV_REOPEN:
			on_reopen(s, t, e.t);
			break;
		case EV_SLA:
			on_sla(s, t, e.stamp, e.t);
			break;
		}
		s->leave_to_entry = false;
	}
	/* the end: engine and SLA clocks brought to the last instant, then the engine's view */
	sync(s, WEEK_END);
	for (size_t id = 1; id <= s->n_tickets; id++)
		sla_touch(s, &s->t[id], WEEK_END);
	for (size_t id = 1; id <= s->n_tickets; id++) {
		int64_t assignee = 0;
		bool queued = false,
		     known = dispatch_ticket_state(s->d, (int64_t)id, &assignee, &queued);
		struct simlog e =
		    entry(SL_FINAL_TICKET, WEEK_END, (int32_t)id, (int32_t)assignee,
		          known | queued << 1 | (int)dispatch_ticket_why(s->d, (int64_t)id) << 2);
		e.x = dispatch_queue_position(s->d, (int64_t)id);
		log_add(s, e);
	}
	for (int32_t id = 1; id <= N_AGENTS; id++) {
		uint16_t load[CHANNEL_COUNT] = {0};
		bool present = false, known = dispatch_agent_state(s->d, id, load, &present);
		struct simlog e = entry(SL_FINAL_AGENT, WEEK_END, id, 0, known | present << 1);
		for (int ch = 0; ch < CHANNEL_COUNT; ch++)
			e.x |= (int64_t)(load[ch] & 1023) << (10 * ch);
		log_add(s, e);
	}
	log_add(s, entry(SL_FINAL_COUNTS, WEEK_END, (int32_t)dispatch_ticket_count(s->d),
	                 (int32_t)dispatch_agent_count(s->d), 0));
	for (int g = 1; g < G_COUNT; g++)
		log_add(s, entry(SL_FINAL_QUEUE, WEEK_END, g,
		                 (int32_t)dispatch_queue_length(s->d, g), 0));
}

/* ---- excerpts: SIM_TRACE="t72,a6" prints every entry about ticket 72 or agent 6 ---- */

static void print_entry(const struct simlog *e, size_t i)
{
	static const char *const names[] = {
	    "nop",          "group_set",     "agent_set",    "agent_remove", "presence",
	    "ticket_set",   "ticket_remove", "reassign",     "advance",      "entry_advance",
	    "action",       "status",        "customer",     "reply",        "sla_fire",
	    "final_ticket", "final_agent",   "final_counts", "final_queue"};
	char ts[32], xs[32];

	printf("#   [%zu] %s %s", i, sim_time(e->t, ts), names[e->kind]);
	if (e->kind == SL_ACTION)
		printf(" %s ticket %d agent %d\n", e->c ? "REQUEUE" : "ASSIGN", e->a, e->b);
	else if (e->kind == SL_PRESENCE)
		printf(" agent %d %s\n", e->a, agent_presence_name((enum agent_presence)e->c));
	else if (e->kind == SL_STATUS)
		printf(" ticket %d %s\n", e->a, ticket_status_name((enum ticket_status)e->c));
	else if (e->kind == SL_SLA_FIRE)
		printf(" ticket %d metric %d cycle %d %s at %s\n", e->a, e->c / 2, e->b,
		       e->c % 2 ? "breach" : "warning", sim_time(e->x, xs));
	else
		printf(" a=%d b=%d c=%d x=%lld\n", e->a, e->b, e->c, (long long)e->x);
}

static void trace(const struct sim *s)
{
	int32_t tickets[16], agents[16];
	int nt = 0, na = 0;

	for (const char *p = getenv("SIM_TRACE"); p != NULL && *p != '\0';) {
		char kind = *p++;
		long v = strtol(p, (char **)&p, 10);
		if (kind == 't' && nt < 16 && v >= 1 && (size_t)v <= s->n_tickets)
			tickets[nt++] = (int32_t)v;
		else if (kind == 'a' && na < 16 && v >= 1 && v <= N_AGENTS)
			agents[na++] = (int32_t)v;
		while (*p == ',')
			p++;
	}
	for (int k = 0; k < nt; k++) {
		const struct oracle_ticket *ti = &s->info[tickets[k] - 1];
		printf("#   ticket %d: group %d, %s, %s, %s, %s%s, parent %d\n", tickets[k],
		       ti->group, ticket_channel_name(ti->channel), ti->language,
		       ticket_priority_name(ti->priority), products[s->t[tickets[k]].product],
		       ti->vip ? ", VIP" : "", ti->parent);
	}
	for (int k = 0; k < na; k++) {
		const struct oracle_agent_spec *sp = &s->specs[s->agents[agents[k]].spec];
		printf("#   agent %d: %s, shift %s, %d groups (%d %d %d), languages %s %s %s, max "
		       "chat "
		       "%u telegram %u email %u web %u\n",
		       agents[k], tier_name(sp->tier), sp->shift ? shift_texts[sp->shift] : "none",
		       sp->n_groups, sp->groups[0], sp->groups[1], sp->groups[2],
		       sp->n_languages > 0 ? sp->languages[0] : "any",
		       sp->n_languages > 1 ? sp->languages[1] : "",
		       sp->n_languages > 2 ? sp->languages[2] : "", sp->max_load[CHANNEL_CHAT],
		       sp->max_load[CHANNEL_TELEGRAM], sp->max_load[CHANNEL_EMAIL],
		       sp->max_load[CHANNEL_WEB]);
	}
	for (size_t i = 0; i < s->n_log && (nt || na); i++) {
		const struct simlog *e = &s->log[i];
		bool hit = false, about_agent = e->kind == SL_AGENT || e->kind == SL_AGENT_REMOVE ||
		                                e->kind == SL_PRESENCE || e->kind == SL_FINAL_AGENT;
		for (int k = 0; k < nt; k++)
			hit |= !about_agent && e->a == tickets[k];
		for (int k = 0; k < na; k++)
			hit |= (about_agent && e->a == agents[k]) ||
			       ((e->kind == SL_ACTION || e->kind == SL_TICKET_SET) &&
			        e->b == agents[k]);
		if (hit)
			print_entry(e, i);
	}
}

/* ---- the oracle proven able to fail ---- */

static struct oracle_input oracle_input(struct sim *s)
{
	return (struct oracle_input){
	    .log = s->log,
	    .n_log = s->n_log,
	    .tickets = s->info,
	    .n_tickets = s->n_tickets,
	    .specs = s->specs,
	    .n_specs = s->n_specs,
	    .start = WEEK_START,
	    .end = WEEK_END,
	    .grace_ms = GRACE_MS,
	};
}

/* Judge a doctored log; the check named must fail, naming the doctored ticket. */
static bool expect_caught(struct sim *s, const char *what, enum oracle_check c, int32_t ticket)
{
	struct oracle_input in = oracle_input(s);
	struct oracle_result *r = xcalloc_or_die(1, sizeof *r);
	bool ok;

	in.focus_ticket = ticket;
	if (s->flagged[ticket] & (1u << c)) {
		printf("not ok - oracle self-check: %s proves nothing: the log as it was already "
		       "has a "
		       "counter-example about ticket %d in \"%s\"\n",
		       what, ticket, oracle_check_name(c));
		free(r);
		return false;
	}
	oracle_judge(&in, r);
	ok = !r->ok[c] && r->ticket[c] == ticket;
	printf("%s - oracle self-check: %s is reported by \"%s\"%s%s\n", ok ? "ok" : "not ok", what,
	       oracle_check_name(c), r->ok[c] ? ": it passed" : ": ", r->ok[c] ? "" : r->msg[c]);
	free(r);
	return ok;
}

/* Judge the log with entry idx replaced by `doctored`, then put it back. */
static int doctor(struct sim *s, long idx, struct simlog doctored, const char *what,
                  enum oracle_check c, int32_t ticket)
{
	struct simlog keep;
	bool ok;

	if (idx < 0) {
		printf("not ok - oracle self-check: the run offered nothing to doctor for: %s\n",
		       what);
		return 1;
	}
	keep = s->log[idx];
	s->log[idx] = doctored;
	ok = expect_caught(s, what, c, ticket);
	s->log[idx] = keep;
	return !ok;
}

static struct simlog entry_at(const struct sim *s, long idx)
{
	return idx >= 0 ? s->log[idx] : entry(SL_NOP, 0, 0, 0, 0);
}

static int self_checks(struct sim *s)
{
	struct simlog e;
	int failed = 0;
	char what[160];

	e = entry_at(s, s->c_offline);
	snprintf(what, sizeof what, "ticket %d assigned to offline agent %d instead of %d", e.a,
	         s->c_offline_agent, e.b);
	e.b = s->c_offline_agent;
	failed += doctor(s, s->c_offline, e, what, OC_ELIGIBLE, e.a);

	e = entry_at(s, s->c_breach);
	snprintf(what, sizeof what, "a breach of ticket %d recorded 1 ms late", e.a);
	e.x++;
	failed += doctor(s, s->c_breach, e, what, OC_SLA, e.a);

	e = entry_at(s, s->c_requeue);
	snprintf(what, sizeof what, "the re-queue of live ticket %d from agent %d dropped", e.a,
	         e.b);
	e.kind = SL_NOP;
	failed += doctor(s, s->c_requeue, e, what, OC_REQUEUE, e.a);

	e = entry_at(s, s->c_hold);
	snprintf(what, sizeof what, "parent %d left open when child %d was created", e.a,
	         s->c_hold_child);
	e.c = TICKET_OPEN;
	failed += doctor(s, s->c_hold, e, what, OC_ESCALATION, s->c_hold_child);

	e = entry_at(s, s->c_wait);
	snprintf(what, sizeof what,
	         "the assignment of ticket %d to agent %d as time passed dropped", e.a, e.b);
	e.kind = SL_NOP;
	failed += doctor(s, s->c_wait, e, what, OC_CONSERVE, e.a);

	e = entry_at(s, s->c_remove);
	snprintf(what, sizeof what, "the solve of ticket %d dropped from the log", e.a);
	e.kind = SL_NOP;
	failed += doctor(s, s->c_remove, e, what, OC_CONSERVE, e.a);

	/* the one doctoring of the tickets' table: two tickets one agent took from the queue in
	 * one go, the first made non-VIP and the second VIP */
	if (s->c_vip >= 0) {
		struct oracle_ticket *a = &s->info[s->c_vip_a - 1], *b = &s->info[s->c_vip_b - 1];
		bool va = a->vip, vb = b->vip;
		a->vip = false;
		b->vip = true;
		snprintf(what, sizeof what,
		         "ticket %d made VIP, waiting while non-VIP %d went to the same agent",
		         s->c_vip_b, s->c_vip_a);
		failed += !expect_caught(s, what, OC_VIP, s->c_vip_a);
		a->vip = va;
		b->vip = vb;
	} else {
		printf("not ok - oracle self-check: no two queued tickets taken by one agent at "
		       "once\n");
		failed++;
	}
	return failed;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int main(void)
{
	struct sim *s = xcalloc_or_die(1, sizeof *s);
	struct oracle_result *res = xcalloc_or_die(1, sizeof *res);
	struct oracle_input in;
	struct timespec t0;
	double t_sim, t_oracle;
	int failed = 0;
	long solved = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rng_seed(&s->world, SIM_SEED);
	rng_seed(&s->run, SIM_SEED ^ UINT64_C(0x72756e));
	rng_seed(&s->mode, SIM_SEED ^ UINT64_C(0x6d6f6465));
	s->c_offline = s->c_vip = s->c_breach = s->c_requeue = s->c_hold = s->c_remove = -1;
	s->c_wait = -1;
	s->t = xcalloc_or_die(N_ROOTS + MAX_CHILDREN + 1, sizeof *s->t);
	s->info = xcalloc_or_die(N_ROOTS + MAX_CHILDREN, sizeof *s->info);
	printf("# dispatch simulation: seed 0x%016llx, week from Monday 2026-01-05 00:00 UTC, "
	       "%d tickets, %d agents, grace %lld s\n",
	       (unsigned long long)SIM_SEED, N_ROOTS, N_AGENTS, (long long)(GRACE_MS / SEC));
	if (!world_setup(s))
		return 1;
	world_check_shift_texts(s);
	s->d = dispatch_new(GRACE_MS);
	if (s->d == NULL) {
		printf("not ok - dispatch_new failed\n");
		return 1;
	}
	world_gen_agents(s);
	world_gen_arrivals(s);
	run(s);
	t_sim = seconds_since(&t0);

	for (size_t id = 1; id <= s->n_tickets; id++)
		solved += !s->t[id].open;
	printf("# %zu tickets (%d arrived, %zu escalation children), %ld solved, %ld open; "
	       "%ld events, %ld engine calls (%ld explicit advances, %ld left to the entry point); "
	       "%ld assignments, %ld re-queues, %ld manual (%ld moves), %ld SLA reassigns, "
	       "%ld reopens, %ld SLA warnings/breaches recorded; log %zu entries\n",
	       s->n_tickets, N_ROOTS, s->n_tickets - N_ROOTS, solved, (long)s->n_tickets - solved,
	       s->n_events, s->n_calls, s->n_advance, s->n_entry_advance, s->n_assign, s->n_requeue,
	       s->n_manual, s->n_moves, s->n_reassign, s->n_reopens, s->n_fires, s->n_log);
	if (s->n_complaints == 0)
		printf("ok - the engine accepted every call and its next wake always moved past an "
		       "advance\n");
	else {
		printf("not ok - engine: %s (%ld such)\n", s->complaint, s->n_complaints);
		failed++;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	in = oracle_input(s);
	in.verbose = getenv("SIM_VERBOSE") != NULL;
	s->flagged = xcalloc_or_die(s->n_tickets + 1, sizeof *s->flagged);
	in.flagged = s->flagged;
	oracle_judge(&in, res);
	t_oracle = seconds_since(&t0);
	for (int c = 0; c < OC_COUNT; c++) {
		if (res->ok[c])
			printf("ok - %s: %s\n", oracle_check_name(c), res->msg[c]);
		else
			printf("not ok - %s: %s (%ld counter-examples in all)\n",
			       oracle_check_name(c), res->msg[c], res->failures[c]);
		failed += !res->ok[c];
	}
	trace(s);
	failed += self_checks(s);
	printf("# runtime: simulation %.2f s, oracle %.2f s per judgement\n", t_sim, t_oracle);

	dispatch_free(s->d);
	for (size_t id = 1; id <= s->n_tickets; id++)
		free(s->t[id].tl);
	free(s->t);
	free(s->info);
	free(s->heap);
	free(s->log);
	free(s->flagged);
	free(s);
	free(res);
	return failed ? 1 : 0;
}
