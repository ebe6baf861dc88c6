/* sim_oracle.c — see sim_oracle.h. One pass over the log keeps the oracle's own picture of the
 * desk (who is present, who holds what, what waits in which group) and checks every engine
 * action against it as it comes; between two instants of the log it visits every instant at
 * which something changes by time alone (a shift boundary, a re-queue deadline) and checks the
 * picture there too. The SLA and escalation checks are separate passes over the same log
 * (sim_oracle_sla.c). */
#include "sim_oracle_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Names for messages, the oracle's own (it calls nothing of assign.c). */
static const char *const presence_names[] = {"online", "away", "offline"};
static const char *const why_names[ASSIGN_WHY_COUNT] = {
    "ok", "no_agents", "no_one_online", "no_channel", "no_tier", "no_language", "at_capacity"};

static const char *const check_names[OC_COUNT] = {
    [OC_TIME] = "action times",      [OC_ELIGIBLE] = "eligibility",
    [OC_CONSERVE] = "conservation",  [OC_VIP] = "vip first",
    [OC_REQUEUE] = "requeue",        [OC_SLA] = "sla instants",
    [OC_ESCALATION] = "escalations", [OC_MANUAL] = "manual override",
    [OC_REASSIGN] = "reassign",      [OC_FINAL] = "final state",
};

const char *oracle_check_name(enum oracle_check c)
{
	return (unsigned)c < OC_COUNT ? check_names[c] : "?";
}

const char *sim_time(int64_t ms, char *buf)
{
	time_t s = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	if (ms == NEVER) {
		strcpy(buf, "never");
		return buf;
	}
	gmtime_r(&s, &tm);
	/* the fields' ranges spelled out, so the compiler sees the 24 bytes fit */
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
	         (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
	         (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
	         (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u,
	         (unsigned)(ms - (int64_t)s * 1000) % 1000u);
	return buf;
}

/* ---- the oracle's own clock rules ---- */

/* A shift as plain numbers: local minutes, days it starts on (bit 0 = Monday); an end at or
 * before the start is on the next day. */
struct rule {
	uint8_t days;
	int32_t start_min, end_min;
};
static const struct rule shift_rules[SIM_SHIFT_COUNT] = {
    [SIM_SHIFT_DAY] = {0x7f, 9 * 60, 24 * 60},     /* mon-sun 09:00-24:00 */
    [SIM_SHIFT_NIGHT] = {0x7f, 0, 9 * 60},         /* mon-sun 00:00-09:00 */
    [SIM_SHIFT_EVENING] = {0x1f, 18 * 60, 2 * 60}, /* mon-fri 18:00-02:00 */
};

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t local_day(int64_t t)
{
	return floor_div(t + SGT, DAY);
}

/* 1970-01-01 was a Thursday; 0 = Monday. */
static int weekday(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* The run of shift s that starts on local day `day`, if it has one. */
static bool rule_run(enum sim_shift s, int64_t day, int64_t *start, int64_t *end)
{
	const struct rule *r = &shift_rules[s];
	int64_t len = r->end_min > r->start_min ? r->end_min - r->start_min
	                                        : r->end_min + 24 * 60 - r->start_min;

	if (!((r->days >> weekday(day)) & 1))
		return false;
	*start = day * DAY + r->start_min * MIN - SGT;
	*end = *start + len * MIN;
	return true;
}

bool oracle_shift_on(enum sim_shift s, int64_t t)
{
	int64_t d = local_day(t), rs, re;

	if (s == SIM_SHIFT_NONE)
		return true;
	for (int64_t day = d - 1; day <= d; day++)
		if (rule_run(s, day, &rs, &re) && rs <= t && t < re)
			return true;
	return false;
}

/* When the off-shift stretch holding t began: the last run end at or before t. */
static int64_t rule_off_since(enum sim_shift s, int64_t t)
{
	int64_t d = local_day(t), best = -NEVER, rs, re;

	for (int64_t day = d - 10; day <= d; day++)
		if (rule_run(s, day, &rs, &re) && re <= t && re > best)
			best = re;
	return best;
}

/* Office hours, Singapore, mon-fri 09:00-18:00: the opening of local day `day`. */
static bool office_window(int64_t day, int64_t *open, int64_t *close)
{
	if (weekday(day) >= 5)
		return false;
	*open = day * DAY + 9 * HOUR - SGT;
	*close = day * DAY + 18 * HOUR - SGT;
	return true;
}

/* Measure `need` ms of countable time from a in [a, b): returns how much [a, b) holds (at most
 * need), and sets *reach to the instant the need was met, if it was. */
int64_t o_measure(bool office, int64_t a, int64_t b, int64_t need, int64_t *reach)
{
	int64_t got = 0, open, close;

	*reach = 0;
	if (b <= a || need <= 0)
		return 0;
	if (!office) {
		if (b - a >= need) {
			*reach = a + need;
			return need;
		}
		return b - a;
	}
	for (int64_t day = local_day(a); day <= local_day(b); day++) {
		int64_t lo, hi;
		if (!office_window(day, &open, &close))
			continue;
		lo = open > a ? open : a;
		hi = close < b ? close : b;
		if (hi <= lo)
			continue;
		if (got + (hi - lo) >= need) {
			*reach = lo + (need - got);
			return need;
		}
		got += hi - lo;
	}
	return got;
}

/* ---- language ---- */

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* Does the agent's tag cover the ticket's: equal, or a prefix ending where a subtag begins. */
static bool tag_covers(const char *agent, const char *ticket)
{
	size_t n = strlen(agent), m = strlen(ticket);

	if (n > m)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(agent[i]) != lower(ticket[i]))
			return false;
	return n == m || ticket[n] == '-';
}

/* ---- the oracle's picture (its types: sim_oracle_internal.h): reporting, helpers ---- */

__attribute__((format(printf, 6, 7))) void o_fail(struct oracle *o, enum oracle_check c,
                                                  int32_t ticket, int32_t agent, int64_t at,
                                                  const char *fmt, ...)
{
	va_list ap;

	if (o->in->focus_ticket != 0 && ticket != o->in->focus_ticket)
		return;
	o->out->failures[c]++;
	if (o->in->flagged != NULL && ticket_ok(o, ticket))
		o->in->flagged[ticket] |= 1u << c;
	if (o->in->verbose) {
		va_start(ap, fmt);
		printf("# %s: ", check_names[c]);
		vprintf(fmt, ap);
		putchar('\n');
		va_end(ap);
	}
	if (!o->out->ok[c])
		return; /* the first counter-example is the one reported */
	o->out->ok[c] = false;
	o->out->ticket[c] = ticket;
	o->out->agent[c] = agent;
	o->out->at[c] = at;
	va_start(ap, fmt);
	vsnprintf(o->out->msg[c], ORACLE_MSG_MAX, fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 3, 4))) void o_pass(struct oracle *o, enum oracle_check c,
                                                  const char *fmt, ...)
{
	va_list ap;

	if (!o->out->ok[c])
		return;
	va_start(ap, fmt);
	vsnprintf(o->out->msg[c], ORACLE_MSG_MAX, fmt, ap);
	va_end(ap);
}

void *o_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (p == NULL) {
		fprintf(stdout, "not ok - oracle: out of memory\n");
		exit(1);
	}
	return p;
}

static void push_id(int32_t **v, size_t *n, size_t *cap, int32_t id)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		int32_t *p = realloc(*v, nc * sizeof *p);
		if (p == NULL) {
			fprintf(stdout, "not ok - oracle: out of memory\n");
			exit(1);
		}
		*v = p;
		*cap = nc;
	}
	(*v)[(*n)++] = id;
}

static bool agent_ok(int32_t id)
{
	return id >= 1 && id < ORACLE_AGENTS;
}

static bool live(enum ticket_channel c)
{
	return c == CHANNEL_CHAT || c == CHANNEL_TELEGRAM;
}

static int lang_index(struct oracle *o, const char *lang)
{
	if (lang == NULL || *lang == '\0')
		return -1;
	for (int i = 0; i < o->n_langs; i++)
		if (strcmp(o->langs[i], lang) == 0)
			return i;
	if (o->n_langs == LANGS) {
		fprintf(stdout, "not ok - oracle: more than %d ticket languages\n", LANGS);
		exit(1);
	}
	o->langs[o->n_langs] = lang;
	return o->n_langs++;
}

static bool on_shift(const struct o_agent *a, int64_t t)
{
	return oracle_shift_on(a->spec->shift, t);
}

static bool present(const struct o_agent *a, int64_t t)
{
	return a->exists && a->presence == PRESENCE_ONLINE && on_shift(a, t);
}

/* When the agent's current absence began (offline or off shift, the earlier), or NEVER. */
static int64_t absent_since(const struct o_agent *a, int64_t t)
{
	int64_t since = NEVER;

	if (a->presence == PRESENCE_OFFLINE)
		since = a->presence_since;
	if (!on_shift(a, t)) {
		int64_t off = rule_off_since(a->spec->shift, t);
		if (off < since)
			since = off;
	}
	return since;
}

static bool speaks(const struct o_agent *a, int lang)
{
	return lang < 0 || a->spec->n_languages == 0 || a->covers[lang];
}

/* Could agent a take ticket id at t, by the rules of assign.h, written again here. */
static bool can_take(const struct oracle *o, const struct o_agent *a, int32_t id, int64_t t)
{
	const struct oracle_ticket *ti = info(o, id);
	const struct o_group *g = &o->groups[ti->group];
	unsigned ch = ti->channel;

	return present(a, t) && a->in_group[ti->group] && a->spec->tier >= g->min_tier &&
	       a->spec->max_load[ch] > 0 && a->load[ch] < a->spec->max_load[ch] &&
	       speaks(a, o->t[id].lang);
}

static void queue_add(struct oracle *o, int32_t id)
{
	const struct oracle_ticket *ti = info(o, id);
	struct o_group *g = &o->groups[ti->group];
	struct o_ticket *t = &o->t[id];

	if (ti->group <= 0 || t->qpos >= 0)
		return;
	t->qpos = (int32_t)g->n;
	t->queued_by = o->call;
	push_id(&g->q, &g->n, &g->cap, id);
	g->count[ti->channel][t->lang + 1]++;
	g->chan[ti->channel]++;
}

static void queue_del(struct oracle *o, int32_t id)
{
	const struct oracle_ticket *ti = info(o, id);
	struct o_group *g = &o->groups[ti->group];
	struct o_ticket *t = &o->t[id];
	int32_t last;

	if (t->qpos < 0)
		return;
	last = g->q[--g->n];
	g->q[t->qpos] = last;
	o->t[last].qpos = t->qpos;
	t->qpos = -1;
	g->count[ti->channel][t->lang + 1]--;
	g->chan[ti->channel]--;
}

static void hold(struct oracle *o, int32_t id, int32_t agent, bool manual)
{
	struct o_agent *a = &o->agents[agent];
	struct o_ticket *t = &o->t[id];

	t->assignee = agent;
	t->manual = manual;
	t->hpos = (int32_t)a->n_held;
	push_id(&a->held, &a->n_held, &a->cap_held, id);
	a->load[info(o, id)->channel]++;
}

static void release(struct oracle *o, int32_t id)
{
	struct o_ticket *t = &o->t[id];
	struct o_agent *a;
	int32_t last;

	if (t->assignee == 0)
		return;
	a = &o->agents[t->assignee];
	last = a->held[--a->n_held];
	a->held[t->hpos] = last;
	o->t[last].hpos = t->hpos;
	a->load[info(o, id)->channel]--;
	t->assignee = 0;
	t->hpos = -1;
	t->manual = false;
}

static void rebuild_members(struct oracle *o)
{
	for (int g = 0; g < ORACLE_GROUPS; g++)
		o->groups[g].n_members = 0;
	for (int i = 1; i < ORACLE_AGENTS; i++) {
		struct o_agent *a = &o->agents[i];
		if (!a->exists)
			continue;
		for (int g = 1; g < ORACLE_GROUPS; g++)
			if (a->in_group[g])
				o->groups[g].members[o->groups[g].n_members++] = i;
	}
}

static void agent_load_spec(struct oracle *o, int32_t id, const struct oracle_agent_spec *s)
{
	struct o_agent *a = &o->agents[id];

	a->exists = true;
	a->spec = s;
	a->presence = s->presence;
	a->presence_since = s->presence_since;
	memset(a->in_group, 0, sizeof a->in_group);
	for (int i = 0; i < s->n_groups; i++)
		if (s->groups[i] > 0 && s->groups[i] < ORACLE_GROUPS)
			a->in_group[s->groups[i]] = true;
	for (int l = 0; l < o->n_langs; l++) {
		a->covers[l] = false;
		for (int i = 0; i < s->n_languages; i++)
			a->covers[l] |= tag_covers(s->languages[i], o->langs[l]);
	}
	rebuild_members(o);
}

/* ---- checks at an instant ---- */

/* Nothing may wait while a present agent of its group could take it (check 2), and no live
 * conversation the engine gave may stay with an agent absent past the grace (check 4). */
static void checkpoint(struct oracle *o, int64_t x)
{
	char ts[32];

	o->n_checkpoints++;
	for (int gi = 1; gi < ORACLE_GROUPS; gi++) {
		struct o_group *g = &o->groups[gi];
		if (g->n == 0)
			continue;
		for (size_t m = 0; m < g->n_members; m++) {
			struct o_agent *a = &o->agents[g->members[m]];
			if (a->spec->tier < g->min_tier || !present(a, x))
				continue;
			for (unsigned ch = 0; ch < CHANNEL_COUNT; ch++) {
				if (g->chan[ch] == 0 || a->spec->max_load[ch] == 0 ||
				    a->load[ch] >= a->spec->max_load[ch])
					continue;
				int lang = -2;
				for (int l = -1; l < o->n_langs && lang == -2; l++)
					if (g->count[ch][l + 1] > 0 && speaks(a, l))
						lang = l;
				if (lang == -2)
					continue;
				for (size_t k = 0; k < g->n; k++) {
					int32_t id = g->q[k];
					if (info(o, id)->channel != ch || o->t[id].lang != lang)
						continue;
					o_fail(o, OC_CONSERVE, id, a->spec->id, x,
					       "ticket %d (group %d, %s, %s) waiting at %s while "
					       "agent %d "
					       "was present with room (%s load %u of %u)",
					       id, gi, ticket_channel_name(ch),
					       info(o, id)->language, sim_time(x, ts), a->spec->id,
					       ticket_channel_name(ch), a->load[ch],
					       a->spec->max_load[ch]);
					break;
				}
			}
		}
	}
	for (int i = 1; i < ORACLE_AGENTS; i++) {
		struct o_agent *a = &o->agents[i];
		int64_t since;
		if (!a->exists || a->n_held == 0)
			continue;
		since = absent_since(a, x);
		if (since == NEVER || since + o->in->grace_ms > x)
			continue;
		for (size_t k = 0; k < a->n_held; k++) {
			int32_t id = a->held[k];
			char t1[32], t2[32];
			if (!live(info(o, id)->channel) || o->t[id].manual)
				continue;
			o_fail(o, OC_REQUEUE, id, i, since + o->in->grace_ms,
			       "live ticket %d still with agent %d at %s: absent since %s, so due "
			       "back "
			       "in the queue at %s",
			       id, i, sim_time(x, ts), sim_time(since, t1),
			       sim_time(since + o->in->grace_ms, t2));
			break;
		}
	}
}

/* The next instant after `from` at which something changes by time alone. */
static int64_t next_instant(struct oracle *o, int64_t from)
{
	int64_t best = NEVER;

	while (o->next_bound < o->n_bounds && o->bounds[o->next_bound] <= from)
		o->next_bound++;
	if (o->next_bound < o->n_bounds)
		best = o->bounds[o->next_bound];
	for (int i = 1; i < ORACLE_AGENTS; i++) {
		struct o_agent *a = &o->agents[i];
		int64_t since, d;
		bool any_live = false;
		if (!a->exists || a->n_held == 0)
			continue;
		for (size_t k = 0; k < a->n_held && !any_live; k++)
			any_live = live(info(o, a->held[k])->channel);
		if (!any_live)
			continue;
		since = absent_since(a, from);
		if (since == NEVER)
			continue;
		d = since + o->in->grace_ms;
		if (d > from && d < best)
			best = d;
	}
	return best;
}

/* Bring the picture from o->now to t: check at o->now (all of its entries are in), then at
 * every instant in between at which time alone changes something. */
static void advance(struct oracle *o, int64_t t)
{
	int64_t x;

	checkpoint(o, o->now);
	while ((x = next_instant(o, o->now)) < t) {
		o->now = x;
		checkpoint(o, x);
	}
	o->now = t;
}

/* ---- entries ---- */

static void end_of_call(struct oracle *o)
{
	char ts[32];

	if (o->removed_agent != 0) {
		struct o_agent *a = &o->agents[o->removed_agent];
		if (a->n_held > 0)
			o_fail(o, OC_CONSERVE, a->held[0], o->removed_agent, o->now,
			       "agent %d removed at %s still holds ticket %d", o->removed_agent,
			       sim_time(o->now, ts), a->held[0]);
		o->removed_agent = 0;
	}
	o->call = NULL;
}

static void on_assign(struct oracle *o, const struct simlog *e)
{
	int32_t id = e->a, ag = e->b;
	const struct oracle_ticket *ti;
	struct o_ticket *t;
	struct o_agent *a;
	struct o_group *g;
	unsigned ch;
	const char *why;
	char ts[32];

	if (!ticket_ok(o, id) || !o->t[id].open) {
		o_fail(o, OC_CONSERVE, id, ag, e->t, "ASSIGN at %s of ticket %d, which is not open",
		       sim_time(e->t, ts), id);
		return;
	}
	if (!agent_ok(ag) || !o->agents[ag].exists) {
		o_fail(o, OC_ELIGIBLE, id, ag, e->t,
		       "ticket %d assigned at %s to agent %d, who is not "
		       "on the desk",
		       id, sim_time(e->t, ts), ag);
		return;
	}
	ti = info(o, id);
	t = &o->t[id];
	a = &o->agents[ag];
	g = &o->groups[ti->group];
	ch = ti->channel;
	o->n_engine_assign++;
	if (t->assignee != 0) {
		o_fail(o, OC_CONSERVE, id, ag, e->t,
		       "ticket %d assigned at %s to agent %d while agent %d still had it", id,
		       sim_time(e->t, ts), ag, t->assignee);
		release(o, id);
	}
	/* check 1: could this agent take it at this instant? */
	why = a->presence != PRESENCE_ONLINE         ? presence_names[a->presence % 3]
	      : !on_shift(a, e->t)                   ? "off shift"
	      : !a->in_group[ti->group]              ? "not in the group"
	      : a->spec->tier < g->min_tier          ? "below the group's tier"
	      : !speaks(a, t->lang)                  ? "not reading the language"
	      : a->load[ch] >= a->spec->max_load[ch] ? "full on the channel"
	                                             : NULL;
	if (why != NULL)
		o_fail(
		    o, OC_ELIGIBLE, id, ag, e->t,
		    "ticket %d (group %d, %s, %s) assigned at %s to agent %d, who was %s (tier %s, "
		    "%s load %u of %u)",
		    id, ti->group, ticket_channel_name(ch), ti->language, sim_time(e->t, ts), ag,
		    why, tier_name(a->spec->tier), ticket_channel_name(ch), a->load[ch],
		    a->spec->max_load[ch]);
	/* check 3: a non-VIP ticket given while a VIP one of its group waits that this agent
	 * could have taken (the ticket being assigned is still in the queue here) */
	if (!ti->vip && ti->group > 0) {
		o->n_vip_checked++;
		for (size_t k = 0; k < g->n; k++) {
			int32_t v = g->q[k];
			if (!info(o, v)->vip || !can_take(o, a, v, e->t))
				continue;
			o_fail(o, OC_VIP, id, ag, e->t,
			       "non-VIP ticket %d given to agent %d at %s while VIP ticket %d of "
			       "group "
			       "%d waited and agent %d could have taken it",
			       id, ag, sim_time(e->t, ts), v, ti->group, ag);
			break;
		}
	}
	/* a reassigned ticket back with the same agent: nobody else could take it */
	if (o->call != NULL && o->call->kind == SL_REASSIGN && o->call->a == id) {
		if (ag == o->reassigned_from) {
			o->n_reassign_same++;
			for (size_t m = 0; m < g->n_members; m++) {
				struct o_agent *b = &o->agents[g->members[m]];
				if (b->spec->id == ag || !can_take(o, b, id, e->t))
					continue;
				o_fail(o, OC_REASSIGN, id, ag, e->t,
				       "ticket %d reassigned at %s went back to agent %d although "
				       "agent %d "
				       "could take it",
				       id, sim_time(e->t, ts), ag, b->spec->id);
				break;
			}
		} else {
			o->n_reassign_other++;
		}
	}
	if (t->qpos >= 0 && t->queued_by != o->call)
		o->n_from_queue++;
	queue_del(o, id);
	hold(o, id, ag, false);
}

static void on_requeue(struct oracle *o, const struct simlog *e)
{
	int32_t id = e->a, ag = e->b;
	struct o_ticket *t;
	char ts[32], t1[32];

	if (!ticket_ok(o, id) || !o->t[id].open || o->t[id].assignee != ag) {
		o_fail(o, OC_CONSERVE, id, ag, e->t,
		       "REQUEUE at %s of ticket %d from agent %d, who did not hold it",
		       sim_time(e->t, ts), id, ag);
		return;
	}
	t = &o->t[id];
	if (o->call != NULL && o->call->kind == SL_REASSIGN && o->call->a == id) {
		o->n_requeue_reassign++;
		o->reassigned_from = ag;
	} else if (o->call != NULL && o->call->kind == SL_AGENT_REMOVE && o->call->a == ag) {
		o->n_requeue_removed++;
	} else if (t->manual) {
		o->n_manual_taken++;
		o_fail(
		    o, OC_MANUAL, id, ag, e->t,
		    "ticket %d, assigned by hand to agent %d, taken back at %s (%s); dispatch.h: a "
		    "ticket set with an assignee stays with that agent whatever their capacity or "
		    "presence",
		    id, ag, sim_time(e->t, ts), o->call ? "in a call" : "by time");
	} else if (o->call != NULL) {
		o_fail(o, OC_REQUEUE, id, ag, e->t,
		       "ticket %d taken from agent %d at %s by a call (kind %d) that takes nothing",
		       id, ag, sim_time(e->t, ts), o->call->kind);
	} else {
		/* by time: the agent's absence passed the grace exactly now */
		struct o_agent *a = &o->agents[ag];
		int64_t since = absent_since(a, e->t);
		char t2[32];
		o->n_requeue_absent++;
		if (!live(info(o, id)->channel))
			o_fail(o, OC_REQUEUE, id, ag, e->t,
			       "ticket %d (%s, not live) taken from absent agent %d at %s", id,
			       ticket_channel_name(info(o, id)->channel), ag, sim_time(e->t, ts));
		else if (since == NEVER)
			o_fail(o, OC_REQUEUE, id, ag, e->t,
			       "ticket %d taken at %s from agent %d, who was present", id,
			       sim_time(e->t, ts), ag);
		else if (since + o->in->grace_ms != e->t)
			o_fail(o, OC_REQUEUE, id, ag, e->t,
			       "ticket %d taken from agent %d at %s; absent since %s, due at %s",
			       id, ag, sim_time(e->t, ts), sim_time(since, t1),
			       sim_time(since + o->in->grace_ms, t2));
	}
	release(o, id);
	queue_add(o, id);
}

static void on_ticket_set(struct oracle *o, const struct simlog *e)
{
	int32_t id = e->a, given = e->b;
	struct o_ticket *t;
	char ts[32];

	if (!ticket_ok(o, id)) {
		o_fail(o, OC_CONSERVE, id, given, e->t, "log names unknown ticket %d", id);
		return;
	}
	t = &o->t[id];
	if (!t->open) {
		t->open = true;
		t->ever = true;
		if (given != 0) {
			if (!agent_ok(given)) {
				o_fail(o, OC_CONSERVE, id, given, e->t,
				       "manual assignee %d unknown", given);
				return;
			}
			o->n_manual++;
			hold(o, id, given, true);
		} else {
			queue_add(o, id);
		}
		return;
	}
	if (given == t->assignee)
		return;
	if (given == 0) {
		/* the store unassigned it: back to needing an agent */
		release(o, id);
		queue_add(o, id);
		return;
	}
	if (!agent_ok(given)) {
		o_fail(o, OC_CONSERVE, id, given, e->t, "manual assignee %d unknown at %s", given,
		       sim_time(e->t, ts));
		return;
	}
	o->n_manual++;
	queue_del(o, id);
	release(o, id);
	hold(o, id, given, true);
}

static void on_ticket_remove(struct oracle *o, const struct simlog *e)
{
	int32_t id = e->a;

	if (!ticket_ok(o, id) || !o->t[id].open)
		return;
	queue_del(o, id);
	release(o, id);
	o->t[id].open = false;
}

static void on_agent_remove(struct oracle *o, const struct simlog *e)
{
	if (!agent_ok(e->a))
		return;
	o->agents[e->a].exists = false;
	o->removed_agent = e->a;
	rebuild_members(o);
}

static void replay(struct oracle *o)
{
	const struct oracle_input *in = o->in;
	char ts[32], t1[32];

	o->now = in->start;
	o->bound = in->start;
	for (size_t i = 0; i < in->n_log; i++) {
		const struct simlog *e = &in->log[i];

		if (e->kind == SL_NOP)
			continue;
		if (e->kind != SL_ACTION)
			end_of_call(o);
		if (e->kind == SL_ADVANCE || e->kind == SL_ENTRY_ADVANCE) {
			if (e->t < o->now)
				o_fail(o, OC_TIME, 0, 0, e->t, "advance to %s after %s",
				       sim_time(e->t, ts), sim_time(o->now, t1));
			o->bound = e->t;
			continue;
		}
		if (e->kind >= SL_FINAL_TICKET)
			break;
		if (e->t < o->now && e->kind == SL_ACTION) {
			o_fail(
			    o, OC_TIME, e->a, e->b, e->t,
			    "%s of ticket %d (agent %d) stamped %s, after %s had passed (log entry "
			    "%zu)",
			    e->c ? "REQUEUE" : "ASSIGN", e->a, e->b, sim_time(e->t, ts),
			    sim_time(o->now, t1), i);
		} else if (e->t < o->now) {
			o_fail(o, OC_TIME, e->a, e->b, e->t,
			       "log entry %zu (kind %d) at %s comes after %s", i, e->kind,
			       sim_time(e->t, ts), sim_time(o->now, t1));
		} else if (e->t > o->now) {
			advance(o, e->t);
		}
		if (e->kind == SL_ACTION) {
			if (o->call != NULL && e->t != o->call->t)
				o_fail(o, OC_TIME, e->a, e->b, e->t,
				       "action on ticket %d stamped %s, in a call at %s", e->a,
				       sim_time(e->t, ts), sim_time(o->call->t, t1));
			if (o->call == NULL && e->t > o->bound)
				o_fail(o, OC_TIME, e->a, e->b, e->t,
				       "action on ticket %d stamped %s, after the advance to %s",
				       e->a, sim_time(e->t, ts), sim_time(o->bound, t1));
			if (e->c == 0)
				on_assign(o, e);
			else
				on_requeue(o, e);
			continue;
		}
		if (e->kind >= SL_GROUP && e->kind <= SL_REASSIGN)
			o->call = e;
		switch (e->kind) {
		case SL_GROUP:
			if (e->a > 0 && e->a < ORACLE_GROUPS)
				o->groups[e->a].min_tier = (enum tier)e->c;
			break;
		case SL_AGENT:
			if (agent_ok(e->a) && e->b >= 0 && (size_t)e->b < in->n_specs)
				agent_load_spec(o, e->a, &in->specs[e->b]);
			break;
		case SL_AGENT_REMOVE:
			on_agent_remove(o, e);
			break;
		case SL_PRESENCE:
			if (agent_ok(e->a)) {
				o->agents[e->a].presence = (enum agent_presence)e->c;
				o->agents[e->a].presence_since = e->t;
			}
			break;
		case SL_TICKET_SET:
			on_ticket_set(o, e);
			break;
		case SL_TICKET_REMOVE:
			on_ticket_remove(o, e);
			break;
		default:
			break;
		}
	}
	end_of_call(o);
	if (in->end > o->now)
		advance(o, in->end);
	checkpoint(o, in->end);
}

/* ---- the end: what should be, against what the engine says ---- */

static int queue_cmp(const struct oracle *o, int32_t x, int32_t y)
{
	const struct oracle_ticket *a = info(o, x), *b = info(o, y);
	int64_t da = a->sla_due_at ? a->sla_due_at : NEVER,
	        db = b->sla_due_at ? b->sla_due_at : NEVER;

	if (a->vip != b->vip)
		return a->vip ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (da != db)
		return da < db ? -1 : 1;
	if (a->created_at != b->created_at)
		return a->created_at < b->created_at ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Why a waiting ticket waits, as assign.h defines it: the furthest step any agent of its group
 * got to. */
static enum assign_why reason(const struct oracle *o, int32_t id, int64_t t)
{
	const struct oracle_ticket *ti = info(o, id);
	const struct o_group *g = &o->groups[ti->group];
	unsigned ch = ti->channel;
	int furthest = 0; /* 0 absent, 1 present, 2 channel, 3 tier, 4 language, 5 eligible */
	static const enum assign_why by[] = {ASSIGN_NO_ONE_ONLINE, ASSIGN_NO_CHANNEL,
	                                     ASSIGN_NO_TIER,       ASSIGN_NO_LANGUAGE,
	                                     ASSIGN_AT_CAPACITY,   ASSIGN_OK};
	int stage;

	if (g->n_members == 0)
		return ASSIGN_NO_AGENTS;
	for (size_t m = 0; m < g->n_members; m++) {
		const struct o_agent *a = &o->agents[g->members[m]];
		if (!present(a, t))
			stage = 0;
		else if (a->spec->max_load[ch] == 0)
			stage = 1;
		else if (a->spec->tier < g->min_tier)
			stage = 2;
		else if (!speaks(a, o->t[id].lang))
			stage = 3;
		else if (a->load[ch] >= a->spec->max_load[ch])
			stage = 4;
		else
			stage = 5;
		if (stage > furthest)
			furthest = stage;
	}
	return by[furthest];
}

static const struct oracle *g_sort_o; /* qsort has no context argument */
static int cmp_ids(const void *a, const void *b)
{
	return queue_cmp(g_sort_o, *(const int32_t *)a, *(const int32_t *)b);
}

static void final_state(struct oracle *o)
{
	const struct oracle_input *in = o->in;
	int64_t end = in->end;
	int64_t *pos = o_alloc((in->n_tickets + 1) * sizeof *pos);
	bool *seen = o_alloc((in->n_tickets + 1) * sizeof *seen);
	long n_open = 0, n_agents = 0, n_final = 0;
	char ts[32];

	/* the oracle's own queue order and reasons */
	for (int gi = 1; gi < ORACLE_GROUPS; gi++) {
		struct o_group *g = &o->groups[gi];
		int32_t *ids;
		if (g->n == 0)
			continue;
		ids = o_alloc(g->n * sizeof *ids);
		memcpy(ids, g->q, g->n * sizeof *ids);
		g_sort_o = o;
		qsort(ids, g->n, sizeof *ids, cmp_ids);
		for (size_t k = 0; k < g->n; k++)
			pos[ids[k]] = (int64_t)k;
		free(ids);
	}
	for (size_t id = 1; id <= in->n_tickets; id++) {
		const struct o_ticket *t = &o->t[id];
		if (!t->ever)
			continue;
		if (!t->open) {
			o->n_solved++;
			continue;
		}
		n_open++;
		if (t->assignee != 0) {
			o->n_open_assigned++;
		} else {
			enum assign_why w = reason(o, (int32_t)id, end);
			o->n_open_waiting++;
			o->why_count[w]++;
			if (w == ASSIGN_OK)
				o_fail(o, OC_CONSERVE, (int32_t)id, 0, end,
				       "ticket %zu waits at the end with no reason: an agent could "
				       "take it",
				       id);
		}
	}
	for (size_t i = 0; i < in->n_log; i++) {
		const struct simlog *e = &in->log[i];
		if (e->kind == SL_FINAL_TICKET && ticket_ok(o, e->a)) {
			const struct o_ticket *t = &o->t[e->a];
			bool known = e->c & 1, queued = (e->c >> 1) & 1;
			enum assign_why why = (enum assign_why)(e->c >> 2);
			n_final++;
			seen[e->a] = true;
			if (known != t->open)
				o_fail(o, OC_CONSERVE, e->a, e->b, end,
				       "ticket %d is %s for the oracle but %s to the engine at the "
				       "end",
				       e->a, t->open ? "open" : "solved",
				       known ? "known" : "unknown");
			else if (known && e->b != t->assignee)
				o_fail(o, OC_CONSERVE, e->a, e->b, end,
				       "ticket %d held by agent %d for the oracle, by %d for the "
				       "engine",
				       e->a, t->assignee, e->b);
			else if (known && queued != (t->assignee == 0))
				o_fail(o, OC_CONSERVE, e->a, e->b, end,
				       "ticket %d %s for the oracle, queued=%d for the engine",
				       e->a, t->assignee ? "assigned" : "waiting", queued);
			else if (known && queued && e->x != pos[e->a])
				o_fail(
				    o, OC_FINAL, e->a, 0, end,
				    "ticket %d at position %lld of group %d's queue, the oracle's "
				    "order "
				    "puts it at %lld",
				    e->a, (long long)e->x, info(o, e->a)->group,
				    (long long)pos[e->a]);
			else if (known && queued && why != reason(o, e->a, end))
				o_fail(
				    o, OC_FINAL, e->a, 0, end,
				    "ticket %d waits for \"%s\" says the engine, \"%s\" says the "
				    "oracle "
				    "(at %s)",
				    e->a, why_names[why % ASSIGN_WHY_COUNT],
				    why_names[reason(o, e->a, end)], sim_time(end, ts));
		} else if (e->kind == SL_FINAL_AGENT && agent_ok(e->a)) {
			const struct o_agent *a = &o->agents[e->a];
			bool known = e->c & 1, pres = (e->c >> 1) & 1;
			n_agents += a->exists;
			if (known != a->exists) {
				o_fail(o, OC_FINAL, 0, e->a, end,
				       "agent %d exists=%d, engine knows=%d", e->a, a->exists,
				       known);
				continue;
			}
			if (!known)
				continue;
			if (pres != present(a, end))
				o_fail(o, OC_FINAL, 0, e->a, end,
				       "agent %d present=%d at the end for the engine, %d for the "
				       "oracle",
				       e->a, pres, present(a, end));
			for (unsigned ch = 0; ch < CHANNEL_COUNT; ch++) {
				unsigned l = (unsigned)((e->x >> (10 * ch)) & 1023);
				if (l != a->load[ch]) {
					o_fail(
					    o, OC_CONSERVE, 0, e->a, end,
					    "agent %d's %s load is %u for the engine, %u for the "
					    "oracle",
					    e->a, ticket_channel_name(ch), l, a->load[ch]);
					break;
				}
			}
		} else if (e->kind == SL_FINAL_COUNTS) {
			long n_exist = 0;
			for (int a = 1; a < ORACLE_AGENTS; a++)
				n_exist += o->agents[a].exists;
			if (e->a != n_open)
				o_fail(o, OC_CONSERVE, 0, 0, end,
				       "the engine counts %d open tickets, the oracle %ld", e->a,
				       n_open);
			if (e->b != n_exist)
				o_fail(o, OC_FINAL, 0, 0, end,
				       "the engine counts %d agents, the oracle %ld", e->b,
				       n_exist);
		} else if (e->kind == SL_FINAL_QUEUE && e->a > 0 && e->a < ORACLE_GROUPS) {
			if ((size_t)e->b != o->groups[e->a].n)
				o_fail(
				    o, OC_CONSERVE, 0, 0, end,
				    "group %d's queue holds %d for the engine, %zu for the oracle",
				    e->a, e->b, o->groups[e->a].n);
		}
	}
	for (size_t id = 1; id <= in->n_tickets; id++)
		if (o->t[id].ever && !seen[id]) {
			o_fail(o, OC_CONSERVE, (int32_t)id, 0, end,
			       "ticket %zu has no final state in the log", id);
			break;
		}
	o_pass(
	    o, OC_FINAL,
	    "the engine's final view matches: %ld tickets' states, %ld agents' loads and presence, "
	    "queue positions in VIP/priority/due/age order, every waiting reason",
	    n_final, n_agents);
	free(pos);
	free(seen);
}

/* ---- the whole judgement ---- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

void oracle_judge(const struct oracle_input *in, struct oracle_result *out)
{
	struct oracle *o = o_alloc(sizeof *o);
	size_t cap;

	memset(out, 0, sizeof *out);
	for (int c = 0; c < OC_COUNT; c++)
		out->ok[c] = true;
	o->in = in;
	o->out = out;
	o->t = o_alloc((in->n_tickets + 1) * sizeof *o->t);
	for (size_t id = 1; id <= in->n_tickets; id++) {
		o->t[id].qpos = o->t[id].hpos = -1;
		o->t[id].lang = lang_index(o, in->tickets[id - 1].language);
	}
	/* every shift boundary from a day before the start to a day after the end */
	cap = (size_t)((in->end - in->start) / DAY + 4) * 2 * SIM_SHIFT_COUNT;
	o->bounds = o_alloc(cap * sizeof *o->bounds);
	for (int s = 1; s < SIM_SHIFT_COUNT; s++)
		for (int64_t d = local_day(in->start) - 1; d <= local_day(in->end) + 1; d++) {
			int64_t rs, re;
			if (!rule_run((enum sim_shift)s, d, &rs, &re) || o->n_bounds + 2 > cap)
				continue;
			o->bounds[o->n_bounds++] = rs;
			o->bounds[o->n_bounds++] = re;
		}
	qsort(o->bounds, o->n_bounds, sizeof *o->bounds, cmp_i64);

	replay(o);
	/* manual live conversations still with an absent agent: allowed (the override), counted */
	for (int i = 1; i < ORACLE_AGENTS; i++) {
		struct o_agent *a = &o->agents[i];
		if (!a->exists)
			continue;
		for (size_t k = 0; k < a->n_held; k++)
			if (o->t[a->held[k]].manual && live(info(o, a->held[k])->channel) &&
			    absent_since(a, in->end) != NEVER)
				o->n_manual_live_kept++;
	}
	final_state(o);
	o_check_sla_instants(o);
	o_check_escalations(o);

	o_pass(
	    o, OC_TIME,
	    "every action stamped in order: a call's at its instant, a time event's at or before "
	    "the advance that applied it");
	o_pass(
	    o, OC_ELIGIBLE,
	    "%ld engine assignments, each to an agent online, on shift, in the group, of its tier, "
	    "reading the language, with room on the channel (%ld manual ones exempt)",
	    o->n_engine_assign, o->n_manual);
	o_pass(
	    o, OC_CONSERVE,
	    "%zu tickets: %ld solved, %ld open (%ld assigned, %ld waiting with a reason: "
	    "%ld no_one_online, %ld no_language, %ld at_capacity, %ld other); none assigned twice; "
	    "no wait with an eligible agent free at any of %ld instants checked",
	    in->n_tickets, o->n_solved, o->n_open_assigned + o->n_open_waiting, o->n_open_assigned,
	    o->n_open_waiting, o->why_count[ASSIGN_NO_ONE_ONLINE], o->why_count[ASSIGN_NO_LANGUAGE],
	    o->why_count[ASSIGN_AT_CAPACITY],
	    o->why_count[ASSIGN_NO_AGENTS] + o->why_count[ASSIGN_NO_CHANNEL] +
	        o->why_count[ASSIGN_NO_TIER],
	    o->n_checkpoints);
	o_pass(o, OC_VIP,
	       "%ld non-VIP assignments (%ld of them from a queue): none while a VIP ticket of the "
	       "group waited that the agent could take",
	       o->n_vip_checked, o->n_from_queue);
	o_pass(
	    o, OC_REQUEUE,
	    "%ld live conversations re-queued at exactly absent_since + grace, none left past it; "
	    "%ld tickets re-queued by agent removal, %ld by reassign",
	    o->n_requeue_absent, o->n_requeue_removed, o->n_requeue_reassign);
	o_pass(o, OC_MANUAL,
	       "%ld manual assignments, none taken back but by reassign or removal (%ld live ones "
	       "still with an absent agent at the end)",
	       o->n_manual, o->n_manual_live_kept);
	o_pass(
	    o, OC_REASSIGN,
	    "%ld reassigns: %ld to another agent, %ld back to the same one with nobody else able, "
	    "the rest to the queue",
	    o->n_requeue_reassign, o->n_reassign_other, o->n_reassign_same);

	for (int i = 0; i < ORACLE_AGENTS; i++)
		free(o->agents[i].held);
	for (int g = 0; g < ORACLE_GROUPS; g++)
		free(o->groups[g].q);
	free(o->bounds);
	free(o->t);
	free(o);
}
