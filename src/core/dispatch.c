/* dispatch.c — see dispatch.h.
 *
 * State: agents and tickets by id (idmap); per group the agents in it (pointers, for
 * assign_pick_among) and its queue of struct assign_ticket copies in assign_queue_cmp order. The
 * queue is a list of chunks of at most QCHUNK entries (binary search over the chunks' last
 * entries, then inside one; the order is total, so a ticket's own key finds it): inserting or
 * taking a ticket moves at most one chunk's entries, not a 10,000-ticket array that would push
 * everything else out of the caches. Per group, counts of waiting tickets per channel let an
 * agent with room only on channels nobody waits on skip the scan. Per agent the tickets they
 * hold, for their load and for re-queueing.
 * Languages and products of tickets are interned, so assign_next_for_agent's pointer memo hits.
 *
 * Time events (shift changes, re-queue deadlines) live on the agents; the earliest one is cached
 * in d->wake and recomputed when an agent's times change. Events are applied one at a time in
 * order of their instant, so what happens at 09:00:00.000 happens before what happens at
 * 09:00:00.001 however late the caller arrives. */
#include "core/dispatch.h"

#include <stdlib.h>
#include <string.h>

#include "util/idmap.h"
#include "util/xalloc.h"

#define MAX_LIST 64 /* languages, skills or groups of one agent */

struct dticket;

struct dagent {
	struct assign_agent a; /* first: a group's pointer array points here */
	char **langs, **skills;
	int64_t *groups;
	size_t n_groups;
	bool has_shift;
	struct shift shift;
	int64_t shift_change_at; /* next instant on_shift may flip; INT64_MAX if never */
	int64_t requeue_at;      /* when held live tickets go back; INT64_MAX if not due */
	struct dticket **mine;   /* tickets held */
	size_t n_mine, cap_mine;
};

struct dticket {
	struct assign_ticket t; /* language/product interned; min_tier from the group */
	int64_t group_id;
	int64_t assignee;      /* 0 = none */
	struct dagent *holder; /* the assignee's record, if the engine knows them */
	size_t mine_idx;       /* position in holder->mine */
	bool queued;
	bool manual; /* assigned by hand: stays with its agent through absences */
};

struct dgroup {
	int64_t id;
	enum tier min_tier;
	struct dagent **agents;
	size_t n_agents, cap_agents;
	struct qchunk **chunks; /* in queue order, none empty */
	size_t n_chunks, cap_chunks;
	size_t qlen;
	uint32_t waiting[CHANNEL_COUNT]; /* queued tickets per channel */
};

#define QCHUNK 128
struct qchunk {
	size_t n;
	struct assign_ticket e[QCHUNK];
};

struct dispatch {
	int64_t grace_ms;
	struct idmap agents, tickets, groups;
	char **interned;
	size_t n_interned, cap_interned;
	struct dispatch_action *actions;
	size_t n_actions, cap_actions;
	int64_t wake;    /* earliest agent time event; valid unless wake_dirty */
	bool wake_dirty;
	bool advancing; /* inside advance(): entry points do not recurse into it */
};

/* ---- small helpers ---- */

static const char *intern(struct dispatch *d, const char *s)
{
	if (s == NULL || *s == '\0')
		return NULL;
	for (size_t i = 0; i < d->n_interned; i++)
		if (strcmp(d->interned[i], s) == 0)
			return d->interned[i];
	if (d->n_interned == d->cap_interned) {
		d->cap_interned = d->cap_interned ? d->cap_interned * 2 : 16;
		d->interned = xrealloc(d->interned, d->cap_interned * sizeof *d->interned);
	}
	return d->interned[d->n_interned++] = xstrdup(s);
}

static void record(struct dispatch *d, enum dispatch_action_kind k, int64_t ticket, int64_t agent,
                   int64_t at)
{
	if (d->n_actions == d->cap_actions) {
		d->cap_actions = d->cap_actions ? d->cap_actions * 2 : 32;
		d->actions = xrealloc(d->actions, d->cap_actions * sizeof *d->actions);
	}
	d->actions[d->n_actions++] =
	    (struct dispatch_action){.kind = k, .ticket_id = ticket, .agent_id = agent, .at = at};
}

static bool present(const struct dagent *g)
{
	return g->a.presence == PRESENCE_ONLINE && g->a.on_shift;
}

static struct dgroup *group_get(struct dispatch *d, int64_t id)
{
	struct dgroup *g;

	if (id <= 0)
		return NULL;
	g = idmap_get(&d->groups, id);
	if (g == NULL) {
		g = xcalloc(1, sizeof *g);
		g->id = id;
		g->min_tier = TIER_L1;
		idmap_put(&d->groups, id, g);
	}
	return g;
}

/* ---- queues ---- */

/* Where t belongs in g's queue (the first entry not before it): chunk *ci, position *pos. With
 * every entry before t: the end of the last chunk (*ci == n_chunks when there is none). */
static void queue_slot(const struct dgroup *g, const struct assign_ticket *t, size_t *ci,
		       size_t *pos)
{
	size_t lo = 0, hi = g->n_chunks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct qchunk *c = g->chunks[mid];
		if (assign_queue_cmp(&c->e[c->n - 1], t) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == g->n_chunks) {
		*ci = g->n_chunks ? g->n_chunks - 1 : 0;
		*pos = g->n_chunks ? g->chunks[*ci]->n : 0;
		return;
	}
	const struct qchunk *c = g->chunks[lo];
	size_t l = 0, h = c->n;
	while (l < h) {
		size_t mid = l + (h - l) / 2;
		if (assign_queue_cmp(&c->e[mid], t) < 0)
			l = mid + 1;
		else
			h = mid;
	}
	*ci = lo;
	*pos = l;
}

static void chunks_insert_at(struct dgroup *g, size_t ci, struct qchunk *c)
{
	if (g->n_chunks == g->cap_chunks) {
		g->cap_chunks = g->cap_chunks ? g->cap_chunks * 2 : 8;
		g->chunks = xrealloc(g->chunks, g->cap_chunks * sizeof *g->chunks);
	}
	memmove(&g->chunks[ci + 1], &g->chunks[ci], (g->n_chunks - ci) * sizeof *g->chunks);
	g->chunks[ci] = c;
	g->n_chunks++;
}

static void queue_insert(struct dgroup *g, struct dticket *k)
{
	size_t ci, pos;

	k->t.min_tier = g->min_tier;
	if (g->n_chunks == 0) {
		/* No empty chunk is ever kept: queue_slot reads each chunk's last entry. */
		struct qchunk *first = xmalloc(sizeof *first);
		first->n = 0;
		chunks_insert_at(g, 0, first);
		ci = pos = 0;
	} else {
		queue_slot(g, &k->t, &ci, &pos);
	}
	struct qchunk *c = g->chunks[ci];
	if (c->n == QCHUNK) {
		/* Split in halves; the new entry goes into whichever half holds its place. */
		struct qchunk *right = xmalloc(sizeof *right);
		right->n = QCHUNK / 2;
		memcpy(right->e, &c->e[QCHUNK / 2], (QCHUNK / 2) * sizeof *c->e);
		c->n = QCHUNK / 2;
		chunks_insert_at(g, ci + 1, right);
		if (pos > QCHUNK / 2) {
			c = right;
			pos -= QCHUNK / 2;
		}
	}
	memmove(&c->e[pos + 1], &c->e[pos], (c->n - pos) * sizeof *c->e);
	c->e[pos] = k->t;
	c->n++;
	g->qlen++;
	g->waiting[k->t.channel]++;
	k->queued = true;
}

/* Take entry pos of chunk ci out of g's queue. */
static void queue_take(struct dgroup *g, size_t ci, size_t pos)
{
	struct qchunk *c = g->chunks[ci];

	g->waiting[c->e[pos].channel]--;
	memmove(&c->e[pos], &c->e[pos + 1], (c->n - pos - 1) * sizeof *c->e);
	c->n--;
	g->qlen--;
	if (c->n == 0) {
		free(c);
		memmove(&g->chunks[ci], &g->chunks[ci + 1], (g->n_chunks - ci - 1) * sizeof *g->chunks);
		g->n_chunks--;
	}
}

/* Uses the ticket's key as it was queued: callers remove before they change it. */
static void queue_remove(struct dispatch *d, struct dticket *k)
{
	struct dgroup *g = group_get(d, k->group_id);
	size_t ci, pos;

	k->queued = false;
	if (g == NULL)
		return;
	queue_slot(g, &k->t, &ci, &pos);
	if (ci < g->n_chunks && pos < g->chunks[ci]->n && g->chunks[ci]->e[pos].id == k->t.id)
		queue_take(g, ci, pos);
}

/* The first ticket of g's queue agent a can take: its chunk and position; false if none. */
static bool queue_first_for(const struct dgroup *g, const struct dagent *a, uint32_t room,
			    size_t *ci, size_t *pos)
{
	bool any = false;

	for (unsigned ch = 0; ch < CHANNEL_COUNT; ch++)
		any = any || ((room & (1u << ch)) && g->waiting[ch] > 0);
	if (!any)
		return false;
	for (size_t i = 0; i < g->n_chunks; i++) {
		int j = assign_next_for_agent(g->chunks[i]->e, g->chunks[i]->n, &a->a);
		if (j >= 0) {
			*ci = i;
			*pos = (size_t)j;
			return true;
		}
	}
	return false;
}

/* ---- holding tickets ---- */

static void wake_changed(struct dispatch *d)
{
	d->wake_dirty = true;
}

static bool requeueable(const struct dticket *k)
{
	return assign_channel_is_live(k->t.channel) && !k->manual;
}

/* When the agent's live tickets are due back: only while they hold one the engine gave them and
 * are absent. Never before `now`: a deadline that passed before the ticket came to them (a
 * ticket whose channel changed to chat) counts from now, so no action is dated before the call
 * that caused it. */
static void requeue_refresh(struct dispatch *d, struct dagent *g, int64_t now)
{
	int64_t at = INT64_MAX;
	bool live = false;

	for (size_t i = 0; i < g->n_mine && !live; i++)
		live = requeueable(g->mine[i]);
	if (!live || !assign_requeue_at(&g->a, d->grace_ms, &at))
		at = INT64_MAX;
	else if (at < now)
		at = now;
	if (at != g->requeue_at) {
		g->requeue_at = at;
		wake_changed(d);
	}
}

static void hold(struct dispatch *d, struct dagent *g, struct dticket *k, int64_t now)
{
	unsigned ch = (unsigned)k->t.channel;

	if (g->n_mine == g->cap_mine) {
		g->cap_mine = g->cap_mine ? g->cap_mine * 2 : 8;
		g->mine = xrealloc(g->mine, g->cap_mine * sizeof *g->mine);
	}
	k->holder = g;
	k->mine_idx = g->n_mine;
	g->mine[g->n_mine++] = k;
	if (ch < CHANNEL_COUNT && g->a.load[ch] < UINT16_MAX)
		g->a.load[ch]++;
	if (requeueable(k) && !present(g))
		requeue_refresh(d, g, now);
}

static void release(struct dispatch *d, struct dticket *k, int64_t now)
{
	struct dagent *g = k->holder;
	unsigned ch = (unsigned)k->t.channel;

	k->assignee = 0;
	k->holder = NULL;
	k->manual = false;
	if (g == NULL)
		return;
	g->mine[k->mine_idx] = g->mine[--g->n_mine];
	g->mine[k->mine_idx]->mine_idx = k->mine_idx;
	if (ch < CHANNEL_COUNT && g->a.load[ch] > 0)
		g->a.load[ch]--;
	requeue_refresh(d, g, now);
}

static void assign_to(struct dispatch *d, struct dticket *k, struct dagent *g, int64_t at)
{
	k->assignee = g->a.id;
	g->a.last_assigned_at = at;
	k->manual = false;
	hold(d, g, k, at);
	record(d, DISPATCH_ASSIGN, k->t.id, g->a.id, at);
}

/* ---- the two decisions ---- */

/* Give a ticket that needs an agent to the best one who can take it at `at`, avoiding `avoid`
 * if anyone else can; else queue it. */
static void place(struct dispatch *d, struct dticket *k, int64_t at, int64_t avoid)
{
	struct dgroup *g = group_get(d, k->group_id);
	int i;

	if (g == NULL)
		return; /* no group: nobody is asked (dispatch_ticket_why says no_agents) */
	k->t.min_tier = g->min_tier;
	i = assign_pick_among((const struct assign_agent *const *)g->agents, g->n_agents, &k->t,
			      avoid, NULL);
	if (i < 0 && avoid != 0)
		i = assign_pick_among((const struct assign_agent *const *)g->agents, g->n_agents,
				      &k->t, 0, NULL);
	if (i >= 0)
		assign_to(d, k, g->agents[i], at);
	else
		queue_insert(g, k);
}

/* The agent takes waiting tickets, best first across their groups, while they have room. */
static void drain(struct dispatch *d, struct dagent *a, int64_t at)
{
	while (present(a)) {
		struct dgroup *best_g = NULL;
		size_t best_ci = 0, best_pos = 0;
		uint32_t room = 0;

		for (unsigned ch = 0; ch < CHANNEL_COUNT; ch++)
			if (a->a.load[ch] < a->a.max_load[ch])
				room |= 1u << ch;
		if (room == 0)
			return;
		for (size_t i = 0; i < a->n_groups; i++) {
			struct dgroup *g = idmap_get(&d->groups, a->groups[i]);
			size_t ci, pos;
			if (g == NULL || g->qlen == 0 || !queue_first_for(g, a, room, &ci, &pos))
				continue;
			if (best_g == NULL ||
			    assign_queue_cmp(&g->chunks[ci]->e[pos],
					     &best_g->chunks[best_ci]->e[best_pos]) < 0) {
				best_g = g;
				best_ci = ci;
				best_pos = pos;
			}
		}
		if (best_g == NULL)
			return;
		struct dticket *k = idmap_get(&d->tickets, best_g->chunks[best_ci]->e[best_pos].id);
		queue_take(best_g, best_ci, best_pos);
		k->queued = false;
		assign_to(d, k, a, at);
	}
}

/* ---- time ---- */

static int64_t next_shift_change(const struct dagent *g, int64_t t)
{
	int64_t start, end;

	if (!g->has_shift)
		return INT64_MAX;
	if (shift_current(&g->shift, t, &start, &end))
		return end;
	start = shift_next_start(&g->shift, t);
	return start == CALENDAR_NEVER ? INT64_MAX : start;
}

static void recompute_wake(struct dispatch *d)
{
	int64_t w = INT64_MAX;

	for (size_t i = 0; i < d->agents.cap; i++) {
		const struct dagent *g = d->agents.slots[i].value;
		if (d->agents.slots[i].id == 0)
			continue;
		if (g->shift_change_at < w)
			w = g->shift_change_at;
		if (g->requeue_at < w)
			w = g->requeue_at;
	}
	d->wake = w;
	d->wake_dirty = false;
}

int64_t dispatch_next_wake(const struct dispatch *d)
{
	if (d->wake_dirty)
		recompute_wake((struct dispatch *)d); /* a cache: the observable state is unchanged */
	return d->wake;
}

static int queue_order(const void *x, const void *y)
{
	const struct dticket *const *a = x, *const *b = y;
	return assign_queue_cmp(&(*a)->t, &(*b)->t);
}

/* Tickets that go back together are placed in queue order, so a VIP among them is served first. */
static void place_all(struct dispatch *d, struct dticket **v, size_t n, int64_t at, int64_t avoid)
{
	qsort(v, n, sizeof *v, queue_order);
	for (size_t i = 0; i < n; i++)
		place(d, v[i], at, avoid);
}

static void requeue_live(struct dispatch *d, struct dagent *g, int64_t at)
{
	/* Collect first: placing a ticket can change g->mine. */
	size_t n = 0;
	struct dticket **live = xmalloc((g->n_mine + 1) * sizeof *live);

	for (size_t i = 0; i < g->n_mine; i++)
		if (requeueable(g->mine[i]))
			live[n++] = g->mine[i];
	for (size_t i = 0; i < n; i++) {
		release(d, live[i], at);
		record(d, DISPATCH_REQUEUE, live[i]->t.id, g->a.id, at);
	}
	place_all(d, live, n, at, g->a.id);
	free(live);
	g->requeue_at = INT64_MAX;
	wake_changed(d);
}

/* One time event of one agent at its instant. */
static void fire(struct dispatch *d, struct dagent *g)
{
	if (g->shift_change_at <= g->requeue_at) {
		int64_t at = g->shift_change_at;
		bool was = g->a.on_shift;
		g->a.on_shift = shift_active(&g->shift, at);
		g->shift_change_at = next_shift_change(g, at);
		if (g->shift_change_at <= at) /* never stall on one instant */
			g->shift_change_at = at + 1;
		wake_changed(d);
		if (was && !g->a.on_shift) {
			g->a.off_shift_since = at;
			requeue_refresh(d, g, at);
		} else if (!was && g->a.on_shift) {
			g->a.off_shift_since = 0;
			requeue_refresh(d, g, at);
			drain(d, g, at);
		}
	} else {
		requeue_live(d, g, g->requeue_at);
	}
}

void dispatch_advance(struct dispatch *d, int64_t now)
{
	if (d->advancing)
		return;
	d->advancing = true;
	while (dispatch_next_wake(d) <= now) {
		struct dagent *first = NULL;
		int64_t first_at = INT64_MAX;
		for (size_t i = 0; i < d->agents.cap; i++) {
			struct dagent *g = d->agents.slots[i].value;
			int64_t at;
			if (d->agents.slots[i].id == 0)
				continue;
			at = g->shift_change_at < g->requeue_at ? g->shift_change_at : g->requeue_at;
			/* Ties by id, so the order never depends on the table's layout. */
			if (first == NULL || at < first_at ||
			    (at == first_at && g->a.id < first->a.id)) {
				first = g;
				first_at = at;
			}
		}
		if (first == NULL || first_at > now)
			break;
		fire(d, first);
	}
	d->advancing = false;
}

/* ---- life cycle ---- */

struct dispatch *dispatch_new(int64_t requeue_grace_ms)
{
	struct dispatch *d = xcalloc(1, sizeof *d);

	d->grace_ms = requeue_grace_ms < 0 ? 0 : requeue_grace_ms;
	idmap_init(&d->agents);
	idmap_init(&d->tickets);
	idmap_init(&d->groups);
	d->wake = INT64_MAX;
	return d;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void agent_free(struct dagent *g)
{
	free_strings(g->langs, g->a.n_languages);
	free_strings(g->skills, g->a.n_skills);
	free(g->groups);
	free(g->mine);
	free(g);
}

void dispatch_free(struct dispatch *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->agents.cap; i++)
		if (d->agents.slots[i].id)
			agent_free(d->agents.slots[i].value);
	for (size_t i = 0; i < d->tickets.cap; i++)
		if (d->tickets.slots[i].id)
			free(d->tickets.slots[i].value);
	for (size_t i = 0; i < d->groups.cap; i++) {
		struct dgroup *g = d->groups.slots[i].value;
		if (d->groups.slots[i].id == 0)
			continue;
		free(g->agents);
		for (size_t k = 0; k < g->n_chunks; k++)
			free(g->chunks[k]);
		free(g->chunks);
		free(g);
	}
	idmap_free(&d->agents);
	idmap_free(&d->tickets);
	idmap_free(&d->groups);
	free_strings(d->interned, d->n_interned);
	free(d->actions);
	free(d);
}

/* ---- groups ---- */

void dispatch_group_set(struct dispatch *d, int64_t group_id, enum tier min_tier, int64_t now)
{
	struct dgroup *g;

	dispatch_advance(d, now);
	g = group_get(d, group_id);
	if (g == NULL || g->min_tier == min_tier)
		return;
	g->min_tier = min_tier;
	/* The queue's order does not depend on the tier; its entries carry it for the scan. */
	for (size_t i = 0; i < g->n_chunks; i++)
		for (size_t k = 0; k < g->chunks[i]->n; k++)
			g->chunks[i]->e[k].min_tier = min_tier;
	for (size_t i = 0; i < g->n_agents; i++)
		drain(d, g->agents[i], now);
}

/* ---- agents ---- */

static void group_add_agent(struct dgroup *g, struct dagent *a)
{
	if (g->n_agents == g->cap_agents) {
		g->cap_agents = g->cap_agents ? g->cap_agents * 2 : 8;
		g->agents = xrealloc(g->agents, g->cap_agents * sizeof *g->agents);
	}
	g->agents[g->n_agents++] = a;
}

static void group_drop_agent(struct dgroup *g, const struct dagent *a)
{
	for (size_t i = 0; i < g->n_agents; i++)
		if (g->agents[i] == a) {
			/* Keep the order: the pick's ties never depend on it, but the scan's memory
			 * layout stays stable. */
			memmove(&g->agents[i], &g->agents[i + 1],
				(g->n_agents - i - 1) * sizeof *g->agents);
			g->n_agents--;
			return;
		}
}

static char **copy_strings(const char *const *v, size_t n)
{
	char **out = xmalloc((n + 1) * sizeof *out);

	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i] ? v[i] : "");
	return out;
}

bool dispatch_agent_set(struct dispatch *d, const struct dispatch_agent_spec *s, int64_t now)
{
	struct dagent *g;
	bool fresh;

	if (s->id <= 0 || s->n_languages > MAX_LIST || s->n_skills > MAX_LIST ||
	    s->n_groups > MAX_LIST || (unsigned)s->presence >= PRESENCE_COUNT ||
	    (unsigned)s->tier >= TIER_COUNT)
		return false;
	dispatch_advance(d, now);
	g = idmap_get(&d->agents, s->id);
	fresh = g == NULL;
	if (fresh) {
		g = xcalloc(1, sizeof *g);
		g->a.id = s->id;
		g->requeue_at = INT64_MAX;
		idmap_put(&d->agents, s->id, g);
	} else {
		for (size_t i = 0; i < g->n_groups; i++) {
			struct dgroup *grp = idmap_get(&d->groups, g->groups[i]);
			if (grp != NULL)
				group_drop_agent(grp, g);
		}
		free_strings(g->langs, g->a.n_languages);
		free_strings(g->skills, g->a.n_skills);
		free(g->groups);
	}
	g->langs = copy_strings(s->languages, s->n_languages);
	g->skills = copy_strings(s->skills, s->n_skills);
	g->a.languages = (const char *const *)g->langs;
	g->a.skills = (const char *const *)g->skills;
	g->a.n_languages = (uint16_t)s->n_languages;
	g->a.n_skills = (uint16_t)s->n_skills;
	g->groups = xmalloc((s->n_groups + 1) * sizeof *g->groups);
	g->n_groups = 0;
	for (size_t i = 0; i < s->n_groups; i++) {
		bool dup = false;
		for (size_t k = 0; k < g->n_groups; k++)
			dup = dup || g->groups[k] == s->groups[i];
		struct dgroup *grp = dup ? NULL : group_get(d, s->groups[i]);
		if (grp == NULL)
			continue;
		g->groups[g->n_groups++] = s->groups[i];
		group_add_agent(grp, g);
	}
	g->a.tier = s->tier;
	g->a.vip_capable = s->vip_capable;
	memcpy(g->a.max_load, s->max_load, sizeof g->a.max_load);
	if (fresh || g->a.presence != s->presence)
		g->a.presence_since = s->presence_since;
	g->a.presence = s->presence;
	if (fresh || s->last_assigned_at > g->a.last_assigned_at)
		g->a.last_assigned_at = s->last_assigned_at;

	bool was_on = !fresh && g->a.on_shift;
	g->has_shift = s->shift != NULL;
	if (g->has_shift)
		g->shift = *s->shift;
	g->a.on_shift = !g->has_shift || shift_active(&g->shift, now);
	g->shift_change_at = next_shift_change(g, now);
	/* Off shift since when? Kept across updates; an agent first seen off shift counts from
	 * now (the engine does not know when their last run ended). */
	if (g->a.on_shift)
		g->a.off_shift_since = 0;
	else if (fresh || was_on || g->a.off_shift_since == 0)
		g->a.off_shift_since = now;
	requeue_refresh(d, g, now);
	wake_changed(d);
	drain(d, g, now);
	return true;
}

bool dispatch_agent_presence(struct dispatch *d, int64_t agent_id, enum agent_presence p,
                             int64_t now)
{
	struct dagent *g;

	if ((unsigned)p >= PRESENCE_COUNT)
		return false;
	dispatch_advance(d, now);
	g = idmap_get(&d->agents, agent_id);
	if (g == NULL)
		return false;
	if (g->a.presence == p)
		return true;
	g->a.presence = p;
	g->a.presence_since = now;
	requeue_refresh(d, g, now);
	drain(d, g, now);
	return true;
}

void dispatch_agent_remove(struct dispatch *d, int64_t agent_id, int64_t now)
{
	struct dagent *g;
	size_t n;
	struct dticket **held;

	dispatch_advance(d, now);
	g = idmap_remove(&d->agents, agent_id);
	if (g == NULL)
		return;
	for (size_t i = 0; i < g->n_groups; i++) {
		struct dgroup *grp = idmap_get(&d->groups, g->groups[i]);
		if (grp != NULL)
			group_drop_agent(grp, g);
	}
	n = g->n_mine;
	held = xmalloc((n + 1) * sizeof *held);
	memcpy(held, g->mine, n * sizeof *held);
	for (size_t i = 0; i < n; i++) {
		release(d, held[i], now);
		record(d, DISPATCH_REQUEUE, held[i]->t.id, agent_id, now);
	}
	agent_free(g);
	place_all(d, held, n, now, 0);
	free(held);
	wake_changed(d);
}

/* ---- tickets ---- */

static bool same_key(const struct assign_ticket *a, const struct assign_ticket *b)
{
	return a->channel == b->channel && a->priority == b->priority && a->vip == b->vip &&
	       a->language == b->language && a->product == b->product &&
	       a->sla_due_at == b->sla_due_at && a->created_at == b->created_at;
}

bool dispatch_ticket_set(struct dispatch *d, const struct dispatch_ticket_spec *s, int64_t now)
{
	struct dticket *k;
	struct assign_ticket want;
	struct dagent *old_holder = NULL;
	int64_t old_assignee = 0;
	bool was_manual = false;

	if (s->id <= 0 || (unsigned)s->channel >= CHANNEL_COUNT ||
	    (unsigned)s->priority >= PRIO_COUNT)
		return false;
	dispatch_advance(d, now);
	want = (struct assign_ticket){
	    .id = s->id,
	    .channel = s->channel,
	    .priority = s->priority,
	    .vip = s->vip,
	    .min_tier = TIER_L1,
	    .language = intern(d, s->language),
	    .product = intern(d, s->product),
	    .sla_due_at = s->sla_due_at,
	    .created_at = s->created_at,
	};
	k = idmap_get(&d->tickets, s->id);
	bool fresh = k == NULL;
	if (fresh) {
		k = xcalloc(1, sizeof *k);
		idmap_put(&d->tickets, s->id, k);
	} else {
		bool unchanged = same_key(&k->t, &want) && k->group_id == s->group_id &&
				 k->assignee == s->assignee_id;
		if (unchanged)
			return true;
		if (k->queued)
			queue_remove(d, k);
		old_holder = k->holder;
		old_assignee = k->assignee;
		was_manual = k->manual;
		if (k->assignee != 0)
			release(d, k, now);
	}
	want.min_tier = k->t.min_tier;
	k->t = want;
	k->group_id = s->group_id;
	if (s->assignee_id != 0) {
		struct dagent *g = idmap_get(&d->agents, s->assignee_id);
		k->assignee = s->assignee_id;
		/* An assignee the engine did not choose is someone's decision: it stands. */
		k->manual = fresh ? s->manual : s->assignee_id != old_assignee || was_manual;
		if (g != NULL)
			hold(d, g, k, now);
	} else {
		place(d, k, now, 0);
	}
	/* The previous holder has room now (unless the ticket came straight back to them). */
	if (old_holder != NULL && old_holder != k->holder)
		drain(d, old_holder, now);
	return true;
}

void dispatch_ticket_remove(struct dispatch *d, int64_t ticket_id, int64_t now)
{
	struct dticket *k;
	struct dagent *holder;

	dispatch_advance(d, now);
	k = idmap_remove(&d->tickets, ticket_id);
	if (k == NULL)
		return;
	if (k->queued)
		queue_remove(d, k);
	holder = k->holder;
	if (k->assignee != 0)
		release(d, k, now);
	free(k);
	if (holder != NULL)
		drain(d, holder, now);
}

bool dispatch_ticket_reassign(struct dispatch *d, int64_t ticket_id, int64_t now)
{
	struct dticket *k;
	struct dagent *holder;
	int64_t from;

	dispatch_advance(d, now);
	k = idmap_get(&d->tickets, ticket_id);
	if (k == NULL)
		return false;
	if (k->assignee == 0)
		return true; /* waiting already: the queue gives it to the first who can */
	from = k->assignee;
	holder = k->holder;
	release(d, k, now);
	record(d, DISPATCH_REQUEUE, ticket_id, from, now);
	place(d, k, now, from);
	if (holder != NULL && holder != k->holder)
		drain(d, holder, now);
	return true;
}

/* ---- what happened, and looking in ---- */

const struct dispatch_action *dispatch_actions(const struct dispatch *d, size_t *n)
{
	*n = d->n_actions;
	return d->actions;
}

void dispatch_actions_clear(struct dispatch *d)
{
	d->n_actions = 0;
}

bool dispatch_ticket_state(const struct dispatch *d, int64_t ticket_id, int64_t *assignee,
                           bool *queued)
{
	const struct dticket *k = idmap_get(&d->tickets, ticket_id);

	if (k == NULL)
		return false;
	if (assignee != NULL)
		*assignee = k->assignee;
	if (queued != NULL)
		*queued = k->queued;
	return true;
}

enum assign_why dispatch_ticket_why(const struct dispatch *d, int64_t ticket_id)
{
	const struct dticket *k = idmap_get(&d->tickets, ticket_id);
	const struct dgroup *g;
	enum assign_why why = ASSIGN_NO_AGENTS;

	if (k == NULL || !k->queued)
		return ASSIGN_OK;
	/* Asked now, not remembered from when it was queued: agents come and go meanwhile. */
	g = idmap_get(&d->groups, k->group_id);
	if (g != NULL)
		assign_pick_among((const struct assign_agent *const *)g->agents, g->n_agents, &k->t, 0,
				  &why);
	return why;
}

size_t dispatch_queue_length(const struct dispatch *d, int64_t group_id)
{
	const struct dgroup *g = group_id > 0 ? idmap_get(&d->groups, group_id) : NULL;

	return g != NULL ? g->qlen : 0;
}

long dispatch_queue_position(const struct dispatch *d, int64_t ticket_id)
{
	const struct dticket *k = idmap_get(&d->tickets, ticket_id);
	const struct dgroup *g;
	size_t ci, pos, before = 0;

	if (k == NULL || !k->queued || (g = idmap_get(&d->groups, k->group_id)) == NULL)
		return -1;
	queue_slot(g, &k->t, &ci, &pos);
	if (ci >= g->n_chunks || pos >= g->chunks[ci]->n || g->chunks[ci]->e[pos].id != ticket_id)
		return -1;
	for (size_t i = 0; i < ci; i++)
		before += g->chunks[i]->n;
	return (long)(before + pos);
}

bool dispatch_agent_state(const struct dispatch *d, int64_t agent_id,
                          uint16_t load[CHANNEL_COUNT], bool *is_present)
{
	const struct dagent *g = idmap_get(&d->agents, agent_id);

	if (g == NULL)
		return false;
	if (load != NULL)
		memcpy(load, g->a.load, sizeof g->a.load);
	if (is_present != NULL)
		*is_present = present(g);
	return true;
}

size_t dispatch_ticket_count(const struct dispatch *d)
{
	return d->tickets.len;
}

size_t dispatch_agent_count(const struct dispatch *d)
{
	return d->agents.len;
}
