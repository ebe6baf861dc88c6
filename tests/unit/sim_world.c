/* sim_world.c — the world of test_dispatch_sim (see sim.h): the desk's fixed facts, the PRNG,
 * the event heap, and the generation of the week (agents, their presence, ticket arrivals).
 * Everything here is drawn from s->world in a fixed order, so one seed gives one week. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* ---- PRNG: xoshiro256** seeded by splitmix64 ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1p-53;
}

/* lo..hi inclusive */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng_next(r) % (uint64_t)(hi - lo + 1));
}

bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

int rng_weighted(struct rng *r, const int *w, int n)
{
	int total = 0, x;

	for (int i = 0; i < n; i++)
		total += w[i];
	x = (int)rng_range(r, 0, total - 1);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- the desk ---- */

const enum tier group_tier[G_COUNT] = {
    [G_ACCOUNT] = TIER_L1, [G_DEPOSIT] = TIER_L1, [G_FUTURES] = TIER_L1,    [G_P2P] = TIER_L1,
    [G_VIP] = TIER_L1,     [G_L2] = TIER_L2,      [G_EXPERT] = TIER_EXPERT,
};

const char *const products[] = {"account", "deposit", "futures", "p2p"};
const int product_weight[] = {30, 30, 25, 15};
const char *const ticket_langs[] = {"en", "zh-CN", "zh-TW", "ja", "ko", "ru", "es", "vi", "tr"};
const int lang_weight[] = {30, 15, 5, 8, 8, 10, 8, 8, 8};
static const char *const agent_langs[] = {"zh", "zh-CN", "zh-TW", "ja", "ko",
                                          "ru", "es",    "vi",    "tr"};
const enum ticket_channel channels[] = {CHANNEL_CHAT, CHANNEL_TELEGRAM, CHANNEL_EMAIL, CHANNEL_WEB};
const int channel_weight[] = {45, 15, 25, 15};
const int priority_weight[PRIO_COUNT] = {15, 60, 20, 5};

const char *const shift_texts[SIM_SHIFT_COUNT] = {
    [SIM_SHIFT_DAY] = "tz=Asia/Singapore; mon-sun 09:00-24:00",
    [SIM_SHIFT_NIGHT] = "tz=Asia/Singapore; mon-sun 00:00-09:00",
    [SIM_SHIFT_EVENING] = "tz=Asia/Singapore; mon-fri 18:00-02:00",
};
static const char OFFICE_TEXT[] = "tz=Asia/Singapore; mon-fri 09:00-18:00";

#define LIVE_CHANNELS (SLA_CHAN(CHANNEL_CHAT) | SLA_CHAN(CHANNEL_TELEGRAM))

/* ---- memory ---- */

void *xcalloc_or_die(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (p == NULL) {
		printf("not ok - dispatch_sim: out of memory\n");
		exit(1);
	}
	return p;
}

void *sim_grow(void *p, size_t *cap, size_t size)
{
	size_t nc = *cap ? *cap * 2 : 1024;
	void *q = realloc(p, nc * size);
	if (q == NULL) {
		printf("not ok - dispatch_sim: out of memory\n");
		exit(1);
	}
	*cap = nc;
	return q;
}

/* ---- the event heap ---- */

static bool ev_before(const struct event *a, const struct event *b)
{
	return a->t != b->t ? a->t < b->t : a->seq < b->seq;
}

void sim_push(struct sim *s, enum ev_kind kind, int64_t t, int32_t id, uint32_t stamp, int32_t arg)
{
	size_t i;

	if (t > WEEK_END)
		return;
	if (t < s->now) /* never into the past, whatever an action's instant says */
		t = s->now + ((s->now ^ t) & 1); /* keeping its parity */
	if (s->n_heap == s->cap_heap)
		s->heap = sim_grow(s->heap, &s->cap_heap, sizeof *s->heap);
	i = s->n_heap++;
	s->heap[i] = (struct event){t, s->seq++, id, arg, stamp, kind};
	while (i > 0 && ev_before(&s->heap[i], &s->heap[(i - 1) / 2])) {
		struct event tmp = s->heap[i];
		s->heap[i] = s->heap[(i - 1) / 2];
		s->heap[(i - 1) / 2] = tmp;
		i = (i - 1) / 2;
	}
}

struct event sim_pop(struct sim *s)
{
	struct event top = s->heap[0];
	size_t i = 0;

	s->heap[0] = s->heap[--s->n_heap];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < s->n_heap && ev_before(&s->heap[l], &s->heap[m]))
			m = l;
		if (r < s->n_heap && ev_before(&s->heap[r], &s->heap[m]))
			m = r;
		if (m == i)
			break;
		struct event tmp = s->heap[i];
		s->heap[i] = s->heap[m];
		s->heap[m] = tmp;
		i = m;
	}
	return top;
}

/* ---- the world: agents, their week, the tickets' arrival ---- */

struct change {
	int64_t t;
	enum agent_presence p;
};

static int cmp_change(const void *x, const void *y)
{
	const struct change *a = x, *b = y;
	return a->t < b->t ? -1 : a->t > b->t;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* One work window of an agent: log in around its start, breaks (away, or a short offline), log
 * out around its end; now and then a late start, an early leave, or a day off. */
static size_t gen_window(struct sim *s, struct change *c, size_t n, int64_t ws, int64_t we)
{
	struct rng *r = &s->world;
	int64_t in = ws + rng_range(r, -20 * MIN, 10 * MIN),
	        out = we + rng_range(r, -10 * MIN, 25 * MIN);
	int64_t brk[3][2], prev_end;
	int nb = (int)rng_range(r, 1, 3);

	if (rng_chance(r, 0.04))
		return n;
	if (rng_chance(r, 0.06))
		in += rng_range(r, 10 * MIN, HOUR);
	if (rng_chance(r, 0.03))
		out = in + rng_range(r, HOUR, (we - ws) / 2);
	c[n++] = (struct change){in, PRESENCE_ONLINE};
	for (int i = 0; i < nb; i++) {
		brk[i][0] = rng_range(r, in + 20 * MIN, out - 40 * MIN);
		brk[i][1] = rng_unit(r) < 0.3 ? rng_range(r, 2 * MIN, 15 * MIN)
		                              : -rng_range(r, 5 * MIN, 25 * MIN); /* < 0: away */
	}
	qsort(brk, (size_t)nb, sizeof brk[0], cmp_i64);
	prev_end = in;
	for (int i = 0; i < nb; i++) {
		int64_t len = brk[i][1] < 0 ? -brk[i][1] : brk[i][1];
		if (brk[i][0] < prev_end + MIN || brk[i][0] + len > out - MIN)
			continue;
		c[n++] =
		    (struct change){brk[i][0], brk[i][1] < 0 ? PRESENCE_AWAY : PRESENCE_OFFLINE};
		c[n++] = (struct change){brk[i][0] + len, PRESENCE_ONLINE};
		prev_end = brk[i][0] + len;
	}
	c[n++] = (struct change){out, PRESENCE_OFFLINE};
	return n;
}

static void gen_presence(struct sim *s, int32_t id)
{
	struct sim_agent *a = &s->agents[id];
	enum sim_shift sh = s->specs[a->spec].shift;
	struct change c[256];
	size_t n = 0, k = 0;
	int64_t prev = 0;

	if (sh != SIM_SHIFT_NONE) {
		int64_t t = WEEK_START - 2 * DAY, rs, re;
		while ((rs = shift_next_start(&s->shifts[sh], t)) < WEEK_END && n + 10 < 256) {
			if (!shift_current(&s->shifts[sh], rs, &rs, &re))
				break;
			n = gen_window(s, c, n, rs, re);
			t = re;
		}
	} else {
		int64_t h0 = rng_range(&s->world, 0, 23);
		for (int d = -1; d < 7 && n + 10 < 256; d++) {
			int64_t ws = WEEK_START + d * DAY + h0 * HOUR +
			             rng_range(&s->world, -30 * MIN, 30 * MIN);
			n = gen_window(s, c, n, ws, ws + rng_range(&s->world, 8 * HOUR, 10 * HOUR));
		}
	}
	qsort(c, n, sizeof *c, cmp_change);
	a->presence = PRESENCE_OFFLINE;
	a->presence_since = WEEK_START - 12 * HOUR;
	for (size_t i = 0; i < n; i++) {
		int64_t t = even(c[i].t);
		if (t <= prev)
			t = prev + 2;
		prev = t;
		if (t < WEEK_START) {
			a->presence = c[i].p;
			a->presence_since = t;
		} else {
			sim_push(s, EV_PRESENCE, t, id, 0, (int32_t)c[i].p);
			k++;
		}
	}
	(void)k;
}

void world_gen_agents(struct sim *s)
{
	struct rng *r = &s->world;

	for (int32_t id = 1; id <= N_AGENTS; id++) {
		struct oracle_agent_spec *sp = &s->specs[s->n_specs];
		struct sim_agent *a = &s->agents[id];
		int k = (id - 1) % 10;

		memset(sp, 0, sizeof *sp);
		sp->id = id;
		sp->tier = TIER_L1;
		a->spec = s->n_specs++;
		if (id <= 40) { /* L1 by product: 6 day, 3 night, 1 always on (reads anything) */
			int g = G_ACCOUNT + (id - 1) / 10;
			sp->groups[sp->n_groups++] = g;
			if (k != 9 && rng_chance(r, 0.25))
				sp->groups[sp->n_groups++] = G_ACCOUNT + (g - G_ACCOUNT + 1) % 4;
			if (k == 1) { /* VIP backup */
				sp->groups[sp->n_groups++] = G_VIP;
				sp->vip_capable = true;
			}
			sp->tier = k == 0 ? TIER_L2 : TIER_L1;
			sp->shift = k < 6   ? SIM_SHIFT_DAY
			            : k < 9 ? SIM_SHIFT_NIGHT
			                    : SIM_SHIFT_NONE;
			a->skills[0] = products[(id - 1) / 10];
		} else if (id <= 48) { /* VIP desk */
			sp->groups[sp->n_groups++] = G_VIP;
			if (rng_chance(r, 0.5))
				sp->groups[sp->n_groups++] = G_ACCOUNT + (int)rng_range(r, 0, 3);
			sp->vip_capable = true;
			sp->tier = id % 2 ? TIER_L2 : TIER_L1;
			sp->shift = id <= 45   ? SIM_SHIFT_DAY
			            : id <= 47 ? SIM_SHIFT_NIGHT
			                       : SIM_SHIFT_NONE;
		} else if (id <= 56) { /* L2 */
			sp->groups[sp->n_groups++] = G_L2;
			sp->tier = TIER_L2;
			sp->shift = id <= 53   ? SIM_SHIFT_DAY
			            : id <= 55 ? SIM_SHIFT_NIGHT
			                       : SIM_SHIFT_EVENING;
		} else { /* experts take L2 work too */
			sp->groups[sp->n_groups++] = G_L2;
			sp->groups[sp->n_groups++] = G_EXPERT;
			sp->tier = TIER_EXPERT;
			sp->shift = id <= 58   ? SIM_SHIFT_DAY
			            : id == 59 ? SIM_SHIFT_NIGHT
			                       : SIM_SHIFT_EVENING;
		}
		if (id == 20)
			sp->shift = SIM_SHIFT_EVENING;
		if (id == 10) /* listed in L2 by mistake: an L1 agent who must never get L2 work */
			sp->groups[sp->n_groups++] = G_L2;
		if (!(id <= 40 && k == 9) && !rng_chance(r, 0.08)) {
			if (rng_chance(r, 0.75))
				sp->languages[sp->n_languages++] = "en";
			for (int i = (int)rng_range(r, 1, 2); i > 0; i--) {
				const char *l = agent_langs[rng_range(r, 0, 8)];
				bool dup = false;
				for (int j = 0; j < sp->n_languages; j++)
					dup |= strcmp(sp->languages[j], l) == 0;
				if (!dup)
					sp->languages[sp->n_languages++] = l;
			}
		}
		sp->max_load[CHANNEL_CHAT] = (uint16_t)rng_range(r, 2, 4);
		sp->max_load[CHANNEL_TELEGRAM] =
		    rng_chance(r, 0.15) ? 0 : (uint16_t)rng_range(r, 2, 4);
		sp->max_load[CHANNEL_EMAIL] =
		    rng_chance(r, 0.05) ? 0 : (uint16_t)rng_range(r, 5, 20);
		sp->max_load[CHANNEL_WEB] = (uint16_t)rng_range(r, 5, 20);
		if (a->skills[0] == NULL)
			a->skills[0] = products[rng_range(r, 0, 3)];
		a->skills[1] = products[rng_range(r, 0, 3)];
		gen_presence(s, id);
		sp->presence = a->presence;
		sp->presence_since = a->presence_since;
	}
}

/* Arrivals per unit of time, relative: Singapore's day busier than its night, weekends a little
 * quieter, and bursts (a market move) four times the usual. */
static double arrival_rate(int64_t t, const int64_t *burst, int nb)
{
	int64_t local = t + 8 * HOUR;
	int hour = (int)((local / HOUR) % 24), wd = (int)(((local / DAY) + 3) % 7);
	double r = hour >= 9 && hour < 23 ? 2.5 : hour >= 7 ? 1.5 : 0.8;

	if (wd >= 5)
		r *= 0.8;
	for (int i = 0; i < nb; i++)
		if (t >= burst[i] && t < burst[i] + 90 * MIN)
			r *= 4;
	return r;
}

void world_gen_arrivals(struct sim *s)
{
	int64_t *at = xcalloc_or_die(N_ROOTS, sizeof *at), burst[6];
	size_t n = 0;

	for (int i = 0; i < 6; i++)
		burst[i] = WEEK_START + rng_range(&s->world, 0, 7 * DAY - 2 * HOUR);
	while (n < N_ROOTS) {
		int64_t t = WEEK_START + rng_range(&s->world, 0, 7 * DAY - 10 * MIN);
		if (rng_unit(&s->world) * 10.0 < arrival_rate(t, burst, 6))
			at[n++] = odd(t);
	}
	qsort(at, n, sizeof *at, cmp_i64);
	for (size_t i = 0; i < n; i++)
		sim_push(s, EV_ARRIVE, at[i], 0, 0, 0);
	free(at);
}

/* ---- the desk's shifts, office hours and SLA policies ---- */

bool world_setup(struct sim *s)
{
	struct calendar_diag diag = {0};
	struct sla_targets live_vip = {1 * MIN, 3 * MIN, 2 * HOUR, 80, false, NULL};
	struct sla_targets live = {3 * MIN, 5 * MIN, 4 * HOUR, 80, false, NULL};
	struct sla_targets mail_vip = {30 * MIN, 2 * HOUR, 12 * HOUR, 80, false, NULL};
	struct sla_targets urgent = {1 * HOUR, 4 * HOUR, 9 * HOUR, 80, false, &s->office};
	struct sla_targets email = {4 * HOUR, 8 * HOUR, 27 * HOUR, 80, true, &s->office};
	struct sla_targets web = {2 * HOUR, 6 * HOUR, 48 * HOUR, 80, false, NULL};

	for (int i = 1; i < SIM_SHIFT_COUNT; i++)
		if (shift_parse(shift_texts[i], strlen(shift_texts[i]), &s->shifts[i], &diag) !=
		    CALENDAR_OK) {
			printf("not ok - dispatch_sim: shift \"%s\": %s\n", shift_texts[i],
			       diag.message);
			return false;
		}
	if (calendar_parse(OFFICE_TEXT, strlen(OFFICE_TEXT), &s->office, &diag) != CALENDAR_OK) {
		printf("not ok - dispatch_sim: calendar: %s\n", diag.message);
		return false;
	}
	s->policies[0] =
	    (struct sla_policy){"vip-live", 0, LIVE_CHANNELS, 1, SLA_VIP_MAX_ANY, live_vip};
	s->policies[1] = (struct sla_policy){"live", 0, LIVE_CHANNELS, 0, SLA_VIP_MAX_ANY, live};
	s->policies[2] = (struct sla_policy){"vip-mail", 0, 0, 1, SLA_VIP_MAX_ANY, mail_vip};
	s->policies[3] = (struct sla_policy){"urgent-email",          SLA_PRIO(PRIO_URGENT),
	                                     SLA_CHAN(CHANNEL_EMAIL), 0,
	                                     SLA_VIP_MAX_ANY,         urgent};
	s->policies[4] =
	    (struct sla_policy){"email", 0, SLA_CHAN(CHANNEL_EMAIL), 0, SLA_VIP_MAX_ANY, email};
	s->policies[5] = (struct sla_policy){"web", 0, 0, 0, SLA_VIP_MAX_ANY, web};
	for (int i = 0; i < 6; i++)
		if (sla_policy_validate(&s->policies[i]) != SLA_POLICY_OK) {
			printf("not ok - dispatch_sim: policy %s invalid\n", s->policies[i].name);
			return false;
		}
	return true;
}

/* The shift texts say what the oracle's rules say: every minute of the week and the
 * millisecond either side of every boundary. */
void world_check_shift_texts(struct sim *s)
{
	long n = 0;

	for (int sh = 1; sh < SIM_SHIFT_COUNT; sh++)
		for (int64_t t = WEEK_START - DAY; t <= WEEK_END + DAY; t += MIN)
			for (int64_t dt = -1; dt <= 1; dt++) {
				n++;
				if (shift_active(&s->shifts[sh], t + dt) !=
				    oracle_shift_on((enum sim_shift)sh, t + dt)) {
					char ts[32];
					printf("not ok - shift \"%s\" at %s: shift_active says %d, "
					       "the oracle's "
					       "rule %d\n",
					       shift_texts[sh], sim_time(t + dt, ts),
					       shift_active(&s->shifts[sh], t + dt),
					       oracle_shift_on((enum sim_shift)sh, t + dt));
					return;
				}
			}
	printf("ok - shift texts and the oracle's own shift rules agree at %ld instants (every "
	       "minute of 9 days, and 1 ms either side)\n",
	       n);
}
