/* sla_policy.c — see sla_policy.h.
 *
 * sla_compute() replays the timeline once. Between two events every running clock consumes the
 * same business time, so it is counted once per gap (one calendar walk, or a subtraction for
 * 24/7); calendar_add_business_ms() runs only when a clock crosses a threshold inside a gap (to
 * find the exact instant) and for the projections at the end. */
#include "core/sla_policy.h"

#include <string.h>

#include "core/sla.h"

#define SEC_MS  INT64_C(1000)
#define MIN_MS  (60 * SEC_MS)
#define HOUR_MS (60 * MIN_MS)

static const char *const metric_names[SLA_METRIC_COUNT] = {
    [SLA_FIRST_RESPONSE] = "first_response",
    [SLA_NEXT_RESPONSE] = "next_response",
    [SLA_RESOLUTION] = "resolution",
};

static const char *const clock_names[] = {
    [SLA_CLOCK_NONE] = "none",       [SLA_CLOCK_IDLE] = "idle",
    [SLA_CLOCK_RUNNING] = "running", [SLA_CLOCK_PAUSED] = "paused",
    [SLA_CLOCK_STOPPED] = "stopped", [SLA_CLOCK_FULFILLED] = "fulfilled",
};

static const char *const err_names[] = {
    [SLA_POLICY_OK] = "ok",
    [SLA_POLICY_ERR_TARGET] = "target out of range (0 to 366 days)",
    [SLA_POLICY_ERR_WARN] = "warning percentage out of range (0 to 99)",
    [SLA_POLICY_ERR_VIP] = "invalid VIP tier range",
    [SLA_POLICY_ERR_MATCH] = "unknown priority or channel in a condition",
};

const char *sla_metric_name(enum sla_metric_id m)
{
	return (unsigned)m < SLA_METRIC_COUNT ? metric_names[m] : NULL;
}

const char *sla_clock_name(enum sla_clock c)
{
	return (unsigned)c < sizeof clock_names / sizeof clock_names[0] ? clock_names[c] : NULL;
}

const char *sla_policy_strerror(enum sla_policy_err e)
{
	return (unsigned)e < sizeof err_names / sizeof err_names[0] ? err_names[e]
	                                                            : "unknown error";
}

/* ---- policies ---- */

#define REALTIME (SLA_CHAN(CHANNEL_CHAT) | SLA_CHAN(CHANNEL_TELEGRAM))
#define OTHER    (((1u << CHANNEL_COUNT) - 1) & ~REALTIME)

/* clang-format off */
const struct sla_policy sla_demo_policies[] = {
	{"vip-chat", 0, REALTIME, 1, SLA_VIP_MAX_ANY,
	 {30 * SEC_MS, 1 * MIN_MS, 30 * MIN_MS, 80, false, NULL}},
	{"urgent-chat", SLA_PRIO(PRIO_URGENT), REALTIME, 0, SLA_VIP_MAX_ANY,
	 {30 * SEC_MS, 1 * MIN_MS, 30 * MIN_MS, 80, false, NULL}},
	{"chat", 0, REALTIME, 0, SLA_VIP_MAX_ANY,
	 {1 * MIN_MS, 2 * MIN_MS, 1 * HOUR_MS, 80, false, NULL}},
	{"vip", 0, OTHER, 1, SLA_VIP_MAX_ANY,
	 {5 * MIN_MS, 15 * MIN_MS, 4 * HOUR_MS, 80, false, NULL}},
	{"urgent", SLA_PRIO(PRIO_URGENT), OTHER, 0, SLA_VIP_MAX_ANY,
	 {5 * MIN_MS, 30 * MIN_MS, 4 * HOUR_MS, 80, false, NULL}},
	{"standard", 0, 0, 0, SLA_VIP_MAX_ANY,
	 {10 * MIN_MS, 1 * HOUR_MS, 24 * HOUR_MS, 80, false, NULL}},
};
/* clang-format on */
const size_t sla_demo_policy_count = sizeof sla_demo_policies / sizeof sla_demo_policies[0];

/* The desk's hard rule from sla.h, for a table that forgot its catch-all. */
const struct sla_policy sla_policy_fallback = {
    "fallback", 0, 0, 0, SLA_VIP_MAX_ANY, {SLA_FIRST_REPLY_MS, 0, 0, 80, false, NULL}};

enum sla_policy_err sla_targets_validate(const struct sla_targets *t)
{
	const int64_t v[] = {t->first_response_ms, t->next_response_ms, t->resolution_ms};

	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		if (v[i] < 0 || v[i] > SLA_TARGET_MAX_MS)
			return SLA_POLICY_ERR_TARGET;
	if (t->warn_percent < 0 || t->warn_percent > 99)
		return SLA_POLICY_ERR_WARN;
	return SLA_POLICY_OK;
}

enum sla_policy_err sla_policy_validate(const struct sla_policy *p)
{
	if (p->vip_min < 0 || p->vip_max < p->vip_min)
		return SLA_POLICY_ERR_VIP;
	if ((p->priorities >> PRIO_COUNT) != 0 || (p->channels >> CHANNEL_COUNT) != 0)
		return SLA_POLICY_ERR_MATCH;
	return sla_targets_validate(&p->targets);
}

static bool in_mask(uint32_t mask, unsigned v)
{
	return mask == 0 || (v < 32 && ((mask >> v) & 1u));
}

const struct sla_policy *sla_policy_select(const struct sla_policy *policies, size_t n,
                                           enum ticket_priority priority, int vip_tier,
                                           enum ticket_channel channel)
{
	for (size_t i = 0; i < n; i++) {
		const struct sla_policy *p = &policies[i];
		if (in_mask(p->priorities, (unsigned)priority) &&
		    in_mask(p->channels, (unsigned)channel) && vip_tier >= p->vip_min &&
		    vip_tier <= p->vip_max)
			return p;
	}
	return &sla_policy_fallback;
}

/* ---- clocks ---- */

struct clock {
	enum sla_clock state;
	int64_t target, warn; /* business ms; warn 0 = none */
	int64_t started_at, consumed, fulfilled_at;
	int64_t reached_at, warn_reached_at; /* 0 until consumed reaches them */
	int64_t due_frozen, warn_frozen;     /* projections at fulfilment */
};

static bool started(const struct clock *c)
{
	return c->state == SLA_CLOCK_RUNNING || c->state == SLA_CLOCK_PAUSED ||
	       c->state == SLA_CLOCK_STOPPED || c->state == SLA_CLOCK_FULFILLED;
}

static void clock_init(struct clock *c, int64_t target, int warn_percent)
{
	memset(c, 0, sizeof *c);
	c->state = target > 0 ? SLA_CLOCK_IDLE : SLA_CLOCK_NONE;
	c->target = target;
	/* integer maths: the warning falls on the millisecond a percentage of the target names */
	if (target > 0 && warn_percent > 0 && warn_percent < 100)
		c->warn = target / 100 * warn_percent + target % 100 * warn_percent / 100;
}

static void clock_start(struct clock *c, int64_t at)
{
	int64_t target = c->target, warn = c->warn;

	if (c->state == SLA_CLOCK_NONE)
		return;
	memset(c, 0, sizeof *c);
	c->target = target;
	c->warn = warn;
	c->state = SLA_CLOCK_RUNNING;
	c->started_at = at;
}

/* The running clock consumes `business` ms of the gap [from, to). */
static void clock_advance(struct clock *c, const struct calendar *cal, int64_t from,
                          int64_t business)
{
	if (c->state != SLA_CLOCK_RUNNING || business <= 0)
		return;
	if (c->reached_at == 0 && c->consumed + business >= c->target)
		c->reached_at = calendar_add_business_ms(cal, from, c->target - c->consumed);
	if (c->warn > 0 && c->warn_reached_at == 0 && c->consumed + business >= c->warn)
		c->warn_reached_at = calendar_add_business_ms(cal, from, c->warn - c->consumed);
	c->consumed += business;
}

/* Every running clock consumes the same business time between two events: count it once. */
static void advance_all(struct clock c[SLA_METRIC_COUNT], const struct calendar *cal, int64_t from,
                        int64_t to)
{
	bool running = false;
	int64_t business;

	for (int m = 0; m < SLA_METRIC_COUNT; m++)
		running |= c[m].state == SLA_CLOCK_RUNNING;
	if (!running || to <= from)
		return;
	business = calendar_business_ms_between(cal, from, to);
	for (int m = 0; m < SLA_METRIC_COUNT; m++)
		clock_advance(&c[m], cal, from, business);
}

/* Where a threshold lies: reached, else projected from `at` if running. */
static int64_t projected(const struct clock *c, const struct calendar *cal, int64_t threshold,
                         int64_t reached, int64_t at)
{
	if (threshold == 0)
		return 0;
	if (reached != 0)
		return reached;
	if (c->state != SLA_CLOCK_RUNNING)
		return 0;
	return calendar_add_business_ms(cal, at, threshold - c->consumed);
}

static void clock_fulfil(struct clock *c, const struct calendar *cal, int64_t at)
{
	c->due_frozen = projected(c, cal, c->target, c->reached_at, at);
	c->warn_frozen = projected(c, cal, c->warn, c->warn_reached_at, at);
	c->state = SLA_CLOCK_FULFILLED;
	c->fulfilled_at = at;
}

static bool missed(int64_t threshold_at, int64_t fulfilled_at, int64_t now)
{
	if (threshold_at == 0)
		return false;
	return fulfilled_at != 0 ? fulfilled_at > threshold_at : now > threshold_at;
}

enum activity { ACTIVE, PAUSED, DONE };

static enum activity activity_of(enum ticket_status st, bool pause_on_hold)
{
	switch (st) {
	case TICKET_PENDING:
		return PAUSED;
	case TICKET_ON_HOLD:
		return pause_on_hold ? PAUSED : ACTIVE;
	case TICKET_SOLVED:
	case TICKET_CLOSED:
		return DONE;
	default:
		return ACTIVE;
	}
}

static void apply_status(struct clock c[SLA_METRIC_COUNT], const struct calendar *cal,
                         enum activity a, int64_t at)
{
	static const enum sla_clock by_activity[] = {
	    [ACTIVE] = SLA_CLOCK_RUNNING, [PAUSED] = SLA_CLOCK_PAUSED, [DONE] = SLA_CLOCK_STOPPED};
	struct clock *res = &c[SLA_RESOLUTION];

	for (int m = 0; m < SLA_RESOLUTION; m++) {
		if (c[m].state == SLA_CLOCK_RUNNING || c[m].state == SLA_CLOCK_PAUSED ||
		    c[m].state == SLA_CLOCK_STOPPED)
			c[m].state = by_activity[a];
	}
	/* solved is resolution's fulfilment; a reopen takes it back and the clock carries on */
	if (res->state == SLA_CLOCK_RUNNING || res->state == SLA_CLOCK_PAUSED) {
		if (a == DONE)
			clock_fulfil(res, cal, at);
		else
			res->state = by_activity[a];
	} else if (res->state == SLA_CLOCK_FULFILLED && a != DONE) {
		res->state = by_activity[a];
		res->fulfilled_at = 0;
		res->due_frozen = res->warn_frozen = 0;
	}
}

static void report(const struct clock *c, const struct calendar *cal, int64_t now,
                   struct sla_metric_status *m)
{
	memset(m, 0, sizeof *m);
	m->clock = c->state;
	m->target_ms = c->target;
	if (!started(c))
		return;
	m->started_at = c->started_at;
	m->elapsed_ms = c->consumed;
	m->remaining_ms = c->target - c->consumed;
	m->fulfilled_at = c->fulfilled_at;
	if (c->state == SLA_CLOCK_FULFILLED) {
		m->due_at = c->due_frozen;
		m->warn_at = c->warn_frozen;
	} else {
		m->due_at = projected(c, cal, c->target, c->reached_at, now);
		m->warn_at = projected(c, cal, c->warn, c->warn_reached_at, now);
	}
	m->paused = c->state == SLA_CLOCK_PAUSED;
	m->warned = missed(c->warn_reached_at, c->fulfilled_at, now);
	m->breached = missed(c->reached_at, c->fulfilled_at, now);
	if (m->breached)
		m->breached_at = c->reached_at;
}

void sla_compute(const struct sla_targets *targets, const struct sla_event *events, size_t n,
                 int64_t now, struct sla_result *out)
{
	const struct calendar *cal = targets->calendar;
	struct clock c[SLA_METRIC_COUNT];
	struct clock *first = &c[SLA_FIRST_RESPONSE], *next = &c[SLA_NEXT_RESPONSE];
	enum ticket_status st = TICKET_NEW;
	bool created = false, replied = false;
	int64_t prev = 0;

	memset(out, 0, sizeof *out);
	clock_init(first, targets->first_response_ms, targets->warn_percent);
	clock_init(next, targets->next_response_ms, targets->warn_percent);
	clock_init(&c[SLA_RESOLUTION], targets->resolution_ms, targets->warn_percent);

	for (size_t i = 0; i < n; i++) {
		const struct sla_event *ev = &events[i];
		int64_t at = ev->at;

		if (!created) {
			if (ev->kind != SLA_EV_CREATED)
				continue;
			if (at > now)
				break;
			created = true;
			prev = at;
			if ((unsigned)ev->status < TICKET_STATUS_COUNT)
				st = ev->status;
			clock_start(first, at);
			clock_start(&c[SLA_RESOLUTION], at);
			apply_status(c, cal, activity_of(st, targets->pause_on_hold), at);
			continue;
		}
		if (at < prev)
			at = prev;
		if (at > now)
			break;
		advance_all(c, cal, prev, at);
		prev = at;
		switch (ev->kind) {
		case SLA_EV_STATUS:
			if ((unsigned)ev->status < TICKET_STATUS_COUNT)
				st = ev->status;
			break;
		case SLA_EV_CUSTOMER_MESSAGE:
			/* a new wait only once the first reply is out and no earlier wait is open;
			 * before that, first_response covers the customer's waiting */
			if (!replied)
				break;
			if (next->state != SLA_CLOCK_IDLE && next->state != SLA_CLOCK_FULFILLED)
				break;
			if (next->state == SLA_CLOCK_FULFILLED &&
			    missed(next->reached_at, next->fulfilled_at, now))
				out->next_response_breaches++;
			out->next_response_cycles++;
			clock_start(next, at);
			break;
		case SLA_EV_AGENT_REPLY:
			if (!replied && started(first))
				clock_fulfil(first, cal, at);
			else if (next->state != SLA_CLOCK_FULFILLED && started(next))
				clock_fulfil(next, cal, at);
			replied = true;
			break;
		default:
			break;
		}
		apply_status(c, cal, activity_of(st, targets->pause_on_hold), at);
	}
	if (created)
		advance_all(c, cal, prev, now);
	for (int m = 0; m < SLA_METRIC_COUNT; m++)
		report(&c[m], cal, now, &out->metric[m]);
	if (out->metric[SLA_NEXT_RESPONSE].breached)
		out->next_response_breaches++;
}

bool sla_next_event(const struct sla_result *r, int64_t now, struct sla_fire *out)
{
	bool found = false;

	for (int m = 0; m < SLA_METRIC_COUNT; m++) {
		const struct sla_metric_status *s = &r->metric[m];
		const int64_t at[2] = {s->warned ? 0 : s->warn_at, s->breached ? 0 : s->due_at};

		if (s->clock != SLA_CLOCK_RUNNING)
			continue;
		for (int k = 0; k < 2; k++) {
			/* a threshold shows from the next millisecond on */
			if (at[k] <= 0 || at[k] == CALENDAR_NEVER || at[k] < now)
				continue;
			if (found && at[k] + 1 >= out->wake_at)
				continue;
			out->wake_at = at[k] + 1;
			out->at = at[k];
			out->metric = (enum sla_metric_id)m;
			out->kind = k == 0 ? SLA_FIRE_WARNING : SLA_FIRE_BREACH;
			found = true;
		}
	}
	return found;
}
