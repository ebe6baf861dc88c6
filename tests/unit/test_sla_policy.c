/* test_sla_policy.c — SLA policies and clocks: which policy a ticket gets (first match in table
 * order, a fallback that keeps the 10-minute rule), what each metric shows at `now` through
 * pauses (pending, on_hold with and without pause_on_hold), next-response cycles, solving and
 * reopening, business hours, warning at 80% and breach exact to the millisecond, and the next
 * timer a scheduler must set. */
#include "core/sla_policy.h"
#include "unit_main.h"

#define SEC  INT64_C(1000)
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

static int64_t civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

#define U(y, mo, d, h, mi) (civil(y, mo, d) * DAY + (h)*HOUR + (mi)*MIN)
#define T0                 U(2026, 5, 4, 2, 0)

#define CREATED(t)                                                                                 \
	{                                                                                          \
		(t), SLA_EV_CREATED, TICKET_NEW                                                    \
	}
#define STATUS(t, s)                                                                               \
	{                                                                                          \
		(t), SLA_EV_STATUS, (s)                                                            \
	}
#define CUSTOMER(t)                                                                                \
	{                                                                                          \
		(t), SLA_EV_CUSTOMER_MESSAGE, TICKET_NEW                                           \
	}
#define REPLY(t)                                                                                   \
	{                                                                                          \
		(t), SLA_EV_AGENT_REPLY, TICKET_NEW                                                \
	}
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* chat-like: 1 min / 2 min / 1 h, warning at 80% */
static const struct sla_targets chat = {1 * MIN, 2 * MIN, 1 * HOUR, 80, false, NULL};

static struct sla_result at_time(const struct sla_targets *t, const struct sla_event *ev, size_t n,
                                 int64_t now)
{
	struct sla_result r;
	sla_compute(t, ev, n, now, &r);
	return r;
}

#define FIRST(r) ((r).metric[SLA_FIRST_RESPONSE])
#define NEXT(r)  ((r).metric[SLA_NEXT_RESPONSE])
#define RES(r)   ((r).metric[SLA_RESOLUTION])

/* ---- policy selection ---- */

static const struct {
	enum ticket_priority prio;
	int vip;
	enum ticket_channel chan;
	const char *policy;
	int64_t first_ms;
} picks[] = {
    {PRIO_NORMAL, 0, CHANNEL_CHAT, "chat", 1 * MIN},
    {PRIO_LOW, 0, CHANNEL_TELEGRAM, "chat", 1 * MIN},
    {PRIO_NORMAL, 1, CHANNEL_CHAT, "vip-chat", 30 * SEC},
    {PRIO_URGENT, 3, CHANNEL_CHAT, "vip-chat", 30 * SEC},
    {PRIO_URGENT, 0, CHANNEL_CHAT, "urgent-chat", 30 * SEC},
    {PRIO_NORMAL, 0, CHANNEL_EMAIL, "standard", 10 * MIN},
    {PRIO_HIGH, 0, CHANNEL_WEB, "standard", 10 * MIN},
    {PRIO_NORMAL, 2, CHANNEL_EMAIL, "vip", 5 * MIN},
    {PRIO_URGENT, 0, CHANNEL_EMAIL, "urgent", 5 * MIN},
    {PRIO_URGENT, 0, CHANNEL_API, "urgent", 5 * MIN},
};

START_TEST(demo_policy_for_a_ticket)
{
	const struct sla_policy *p =
	    sla_policy_select(sla_demo_policies, sla_demo_policy_count, picks[_i].prio,
	                      picks[_i].vip, picks[_i].chan);

	ck_assert_str_eq(p->name, picks[_i].policy);
	ck_assert_int_eq(p->targets.first_response_ms, picks[_i].first_ms);
	ck_assert_int_eq(p->targets.warn_percent, 80);
	ck_assert_ptr_null(p->targets.calendar);
}
END_TEST

START_TEST(demo_policies_are_valid_and_vip_is_tighter)
{
	const struct sla_policy *chat_p, *vip_chat, *email, *vip_email;

	for (size_t i = 0; i < sla_demo_policy_count; i++)
		ck_assert_int_eq(sla_policy_validate(&sla_demo_policies[i]), SLA_POLICY_OK);
	chat_p = sla_policy_select(sla_demo_policies, sla_demo_policy_count, PRIO_NORMAL, 0,
	                           CHANNEL_CHAT);
	vip_chat = sla_policy_select(sla_demo_policies, sla_demo_policy_count, PRIO_NORMAL, 1,
	                             CHANNEL_CHAT);
	email = sla_policy_select(sla_demo_policies, sla_demo_policy_count, PRIO_NORMAL, 0,
	                          CHANNEL_EMAIL);
	vip_email = sla_policy_select(sla_demo_policies, sla_demo_policy_count, PRIO_NORMAL, 1,
	                              CHANNEL_EMAIL);
	ck_assert_int_eq(chat_p->targets.next_response_ms, 2 * MIN);
	ck_assert_int_eq(chat_p->targets.resolution_ms, 1 * HOUR);
	ck_assert_int_eq(email->targets.next_response_ms, 1 * HOUR);
	ck_assert_int_eq(email->targets.resolution_ms, 24 * HOUR);
	ck_assert_int_lt(vip_chat->targets.first_response_ms, chat_p->targets.first_response_ms);
	ck_assert_int_lt(vip_email->targets.first_response_ms, email->targets.first_response_ms);
	ck_assert_int_lt(vip_email->targets.resolution_ms, email->targets.resolution_ms);
}
END_TEST

START_TEST(first_match_wins_in_table_order)
{
	const struct sla_policy table[] = {
	    {"a",
	     SLA_PRIO(PRIO_HIGH) | SLA_PRIO(PRIO_URGENT),
	     SLA_CHAN(CHANNEL_EMAIL),
	     0,
	     0,
	     {1 * MIN, 0, 0, 0, false, NULL}},
	    {"b", SLA_PRIO(PRIO_URGENT), 0, 0, SLA_VIP_MAX_ANY, {2 * MIN, 0, 0, 0, false, NULL}},
	    {"c", 0, 0, 2, 4, {3 * MIN, 0, 0, 0, false, NULL}},
	};

	/* both a and b match: a comes first */
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_URGENT, 0, CHANNEL_EMAIL)->name, "a");
	/* a wants tier 0 only */
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_URGENT, 1, CHANNEL_EMAIL)->name, "b");
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_HIGH, 0, CHANNEL_CHAT)->name, "fallback");
	/* tier range is inclusive at both ends */
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_LOW, 2, CHANNEL_CHAT)->name, "c");
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_LOW, 4, CHANNEL_CHAT)->name, "c");
	ck_assert_str_eq(sla_policy_select(table, 3, PRIO_LOW, 5, CHANNEL_CHAT)->name, "fallback");
	/* order matters: without a, b wins */
	ck_assert_str_eq(sla_policy_select(table + 1, 2, PRIO_URGENT, 0, CHANNEL_EMAIL)->name, "b");
	/* the fallback keeps the desk's hard 10-minute first-reply rule */
	ck_assert_ptr_eq(sla_policy_select(NULL, 0, PRIO_LOW, 0, CHANNEL_EMAIL),
	                 &sla_policy_fallback);
	ck_assert_int_eq(sla_policy_fallback.targets.first_response_ms, 10 * MIN);
}
END_TEST

START_TEST(invalid_policies_are_refused)
{
	struct sla_policy p = {"x", 0, 0, 0, SLA_VIP_MAX_ANY, chat};

	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_OK);
	p.targets.first_response_ms = -1;
	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_ERR_TARGET);
	p.targets.first_response_ms = SLA_TARGET_MAX_MS + 1;
	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_ERR_TARGET);
	p.targets = chat;
	p.targets.warn_percent = 100;
	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_ERR_WARN);
	p.targets = chat;
	p.vip_min = 3;
	p.vip_max = 2;
	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_ERR_VIP);
	p.vip_max = 3;
	p.channels = 1u << CHANNEL_COUNT;
	ck_assert_int_eq(sla_policy_validate(&p), SLA_POLICY_ERR_MATCH);
	ck_assert_str_eq(sla_policy_strerror(SLA_POLICY_ERR_WARN),
	                 "warning percentage out of range (0 to 99)");
	ck_assert_str_eq(sla_metric_name(SLA_NEXT_RESPONSE), "next_response");
	ck_assert_str_eq(sla_clock_name(SLA_CLOCK_PAUSED), "paused");
}
END_TEST

/* ---- clocks ---- */

START_TEST(first_response_warns_at_80_and_breaches_to_the_ms)
{
	const struct sla_event ev[] = {CREATED(T0)};
	struct sla_result r = at_time(&chat, ev, 1, T0 + 30 * SEC);
	struct sla_fire f;

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_RUNNING);
	ck_assert_int_eq(FIRST(r).started_at, T0);
	ck_assert_int_eq(FIRST(r).due_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).warn_at, T0 + 48 * SEC);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 30 * SEC);
	ck_assert_int_eq(FIRST(r).remaining_ms, 30 * SEC);
	ck_assert(!FIRST(r).warned && !FIRST(r).breached && !FIRST(r).paused);
	ck_assert_int_eq(NEXT(r).clock, SLA_CLOCK_IDLE);
	ck_assert(sla_next_event(&r, T0 + 30 * SEC, &f));
	ck_assert_int_eq(f.metric, SLA_FIRST_RESPONSE);
	ck_assert_int_eq(f.kind, SLA_FIRE_WARNING);
	ck_assert_int_eq(f.at, T0 + 48 * SEC);
	ck_assert_int_eq(f.wake_at, T0 + 48 * SEC + 1);

	ck_assert(!FIRST(at_time(&chat, ev, 1, T0 + 48 * SEC)).warned);
	r = at_time(&chat, ev, 1, T0 + 48 * SEC + 1);
	ck_assert(FIRST(r).warned);
	ck_assert(sla_next_event(&r, T0 + 48 * SEC + 1, &f));
	ck_assert_int_eq(f.kind, SLA_FIRE_BREACH);
	ck_assert_int_eq(f.at, T0 + 60 * SEC);
	ck_assert_int_eq(f.wake_at, T0 + 60 * SEC + 1);

	r = at_time(&chat, ev, 1, T0 + 60 * SEC);
	ck_assert(!FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).remaining_ms, 0);
	r = at_time(&chat, ev, 1, T0 + 60 * SEC + 1);
	ck_assert(FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).breached_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).due_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).remaining_ms, -1);
	/* the breach has fired; the next timer is resolution's warning at 48 minutes */
	ck_assert(sla_next_event(&r, T0 + 60 * SEC + 1, &f));
	ck_assert_int_eq(f.metric, SLA_RESOLUTION);
	ck_assert_int_eq(f.kind, SLA_FIRE_WARNING);
	ck_assert_int_eq(f.at, T0 + 48 * MIN);
}
END_TEST

START_TEST(reply_at_due_is_on_time_one_ms_later_is_not)
{
	const struct sla_event on_time[] = {CREATED(T0), REPLY(T0 + 60 * SEC)};
	const struct sla_event late[] = {CREATED(T0), REPLY(T0 + 60 * SEC + 1)};
	struct sla_result r = at_time(&chat, on_time, 2, T0 + 10 * MIN);

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_FULFILLED);
	ck_assert_int_eq(FIRST(r).fulfilled_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).due_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 60 * SEC);
	ck_assert(!FIRST(r).breached);
	ck_assert(FIRST(r).warned); /* answered after the 80% mark */
	r = at_time(&chat, late, 2, T0 + 10 * MIN);
	ck_assert(FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).breached_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).fulfilled_at, T0 + 60 * SEC + 1);
	/* a quick reply: neither warned nor breached, due kept for display */
	const struct sla_event quick[] = {CREATED(T0), REPLY(T0 + 5 * SEC)};
	r = at_time(&chat, quick, 2, T0 + 10 * MIN);
	ck_assert(!FIRST(r).warned && !FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).due_at, T0 + 60 * SEC);
	ck_assert_int_eq(FIRST(r).warn_at, T0 + 48 * SEC);
}
END_TEST

START_TEST(pending_pauses_every_clock)
{
	const struct sla_event ev[] = {CREATED(T0), STATUS(T0 + 10 * SEC, TICKET_PENDING),
	                               STATUS(T0 + 300 * SEC, TICKET_OPEN)};
	struct sla_result r = at_time(&chat, ev, 3, T0 + 100 * SEC);
	struct sla_fire f;

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_PAUSED);
	ck_assert(FIRST(r).paused);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 10 * SEC);
	ck_assert_int_eq(FIRST(r).remaining_ms, 50 * SEC);
	ck_assert_int_eq(FIRST(r).due_at, 0); /* depends on when the customer answers */
	ck_assert(RES(r).paused);
	ck_assert(!sla_next_event(&r, T0 + 100 * SEC, &f));

	r = at_time(&chat, ev, 3, T0 + 340 * SEC);
	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_RUNNING);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 50 * SEC);
	ck_assert_int_eq(FIRST(r).due_at, T0 + 350 * SEC);
	ck_assert(!at_time(&chat, ev, 3, T0 + 350 * SEC).metric[SLA_FIRST_RESPONSE].breached);
	r = at_time(&chat, ev, 3, T0 + 350 * SEC + 1);
	ck_assert_int_eq(FIRST(r).breached_at, T0 + 350 * SEC);
	/* the warning at 48 s of business time fell after the pause: 300 s + 38 s */
	ck_assert_int_eq(FIRST(r).warn_at, T0 + 338 * SEC);
	ck_assert_int_eq(RES(r).elapsed_ms, 60 * SEC + 1);
}
END_TEST

START_TEST(on_hold_pauses_only_with_pause_on_hold)
{
	const struct sla_event ev[] = {CREATED(T0), STATUS(T0 + 10 * SEC, TICKET_ON_HOLD)};
	struct sla_targets hold = chat;
	struct sla_result r = at_time(&chat, ev, 2, T0 + 61 * SEC);

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_RUNNING);
	ck_assert(FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).breached_at, T0 + 60 * SEC);
	hold.pause_on_hold = true;
	r = at_time(&hold, ev, 2, T0 + 61 * SEC);
	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_PAUSED);
	ck_assert(!FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 10 * SEC);
	ck_assert_int_eq(RES(r).elapsed_ms, 10 * SEC);
}
END_TEST

START_TEST(next_response_runs_in_cycles)
{
	const struct sla_event ev[] = {
	    CREATED(T0),
	    CUSTOMER(T0 + 5 * SEC), /* before the first reply: first_response covers it */
	    REPLY(T0 + 20 * SEC),
	    CUSTOMER(T0 + 60 * SEC),  /* wait 1 */
	    REPLY(T0 + 100 * SEC),    /* answered in 40 s */
	    CUSTOMER(T0 + 200 * SEC), /* wait 2 */
	    CUSTOMER(T0 + 250 * SEC), /* still the same wait */
	};
	struct sla_result r = at_time(&chat, ev, 3, T0 + 30 * SEC);

	ck_assert_int_eq(NEXT(r).clock, SLA_CLOCK_IDLE);
	ck_assert_int_eq(r.next_response_cycles, 0);
	r = at_time(&chat, ev, 5, T0 + 150 * SEC);
	ck_assert_int_eq(NEXT(r).clock, SLA_CLOCK_FULFILLED);
	ck_assert_int_eq(NEXT(r).started_at, T0 + 60 * SEC);
	ck_assert_int_eq(NEXT(r).fulfilled_at, T0 + 100 * SEC);
	ck_assert_int_eq(NEXT(r).due_at, T0 + 180 * SEC);
	ck_assert_int_eq(r.next_response_cycles, 1);
	ck_assert_int_eq(r.next_response_breaches, 0);

	r = at_time(&chat, ev, N(ev), T0 + 320 * SEC);
	ck_assert_int_eq(NEXT(r).clock, SLA_CLOCK_RUNNING);
	ck_assert_int_eq(NEXT(r).started_at, T0 + 200 * SEC);
	ck_assert(!NEXT(r).breached);
	r = at_time(&chat, ev, N(ev), T0 + 320 * SEC + 1);
	ck_assert(NEXT(r).breached);
	ck_assert_int_eq(NEXT(r).breached_at, T0 + 320 * SEC);
	ck_assert_int_eq(r.next_response_cycles, 2);
	ck_assert_int_eq(r.next_response_breaches, 1);
	ck_assert_int_eq(FIRST(r).fulfilled_at, T0 + 20 * SEC);
}
END_TEST

START_TEST(late_cycles_are_counted)
{
	const struct sla_event ev[] = {
	    CREATED(T0),
	    REPLY(T0 + 10 * SEC),
	    CUSTOMER(T0 + 1 * MIN),
	    REPLY(T0 + 4 * MIN), /* 3 min: late */
	    CUSTOMER(T0 + 5 * MIN),
	    REPLY(T0 + 6 * MIN), /* 1 min: on time */
	};
	struct sla_result r = at_time(&chat, ev, N(ev), T0 + 10 * MIN);

	ck_assert_int_eq(r.next_response_cycles, 2);
	ck_assert_int_eq(r.next_response_breaches, 1);
	ck_assert(!NEXT(r).breached); /* the last cycle was on time */
}
END_TEST

START_TEST(next_response_wait_pauses_while_pending)
{
	/* the agent answers and sets pending; the customer writes 10 minutes later, which reopens
	 */
	const struct sla_event ev[] = {
	    CREATED(T0),
	    REPLY(T0 + 10 * SEC),
	    STATUS(T0 + 10 * SEC, TICKET_PENDING),
	    CUSTOMER(T0 + 10 * MIN),
	    STATUS(T0 + 10 * MIN + 2 * SEC, TICKET_OPEN),
	};
	struct sla_result r = at_time(&chat, ev, N(ev), T0 + 12 * MIN);

	ck_assert_int_eq(NEXT(r).started_at, T0 + 10 * MIN);
	ck_assert_int_eq(NEXT(r).elapsed_ms, 2 * MIN - 2 * SEC);
	ck_assert_int_eq(NEXT(r).due_at, T0 + 12 * MIN + 2 * SEC);
	/* resolution did not count the 9 min 50 s pending either */
	ck_assert_int_eq(RES(r).elapsed_ms, 10 * SEC + 2 * MIN - 2 * SEC);
}
END_TEST

START_TEST(solving_fulfils_resolution_and_reopening_takes_it_back)
{
	const struct sla_event ev[] = {
	    CREATED(T0),
	    REPLY(T0 + 10 * SEC),
	    STATUS(T0 + 20 * MIN, TICKET_PENDING),
	    STATUS(T0 + 30 * MIN, TICKET_SOLVED), /* 20 min of work */
	    CUSTOMER(T0 + 40 * MIN),
	    STATUS(T0 + 40 * MIN, TICKET_OPEN),
	    STATUS(T0 + 75 * MIN, TICKET_SOLVED), /* 20 + 35 = 55 min */
	    STATUS(T0 + 80 * MIN, TICKET_CLOSED),
	};
	struct sla_result r = at_time(&chat, ev, 4, T0 + 35 * MIN);

	ck_assert_int_eq(RES(r).clock, SLA_CLOCK_FULFILLED);
	ck_assert_int_eq(RES(r).fulfilled_at, T0 + 30 * MIN);
	ck_assert_int_eq(RES(r).elapsed_ms, 20 * MIN);
	ck_assert(!RES(r).breached);
	r = at_time(&chat, ev, 6, T0 + 50 * MIN);
	ck_assert_int_eq(RES(r).clock, SLA_CLOCK_RUNNING);
	ck_assert_int_eq(RES(r).fulfilled_at, 0);
	ck_assert_int_eq(RES(r).elapsed_ms, 30 * MIN);
	ck_assert_int_eq(RES(r).due_at, T0 + 80 * MIN);
	ck_assert_int_eq(RES(r).warn_at, T0 + 68 * MIN);
	ck_assert(NEXT(r).clock == SLA_CLOCK_RUNNING);
	r = at_time(&chat, ev, N(ev), T0 + 3 * HOUR);
	ck_assert_int_eq(RES(r).clock, SLA_CLOCK_FULFILLED);
	ck_assert_int_eq(RES(r).fulfilled_at, T0 + 75 * MIN);
	ck_assert_int_eq(RES(r).elapsed_ms, 55 * MIN);
	ck_assert(!RES(r).breached && RES(r).warned);
	/* the customer's wait of 40-75 min was never answered: stopped, and breached at 42 min */
	ck_assert_int_eq(NEXT(r).clock, SLA_CLOCK_STOPPED);
	ck_assert_int_eq(NEXT(r).breached_at, T0 + 42 * MIN);
}
END_TEST

START_TEST(resolution_breach_is_exact)
{
	const struct sla_event ev[] = {CREATED(T0), REPLY(T0 + 10 * SEC)};

	ck_assert(!RES(at_time(&chat, ev, 2, T0 + HOUR)).breached);
	ck_assert_int_eq(RES(at_time(&chat, ev, 2, T0 + HOUR + 1)).breached_at, T0 + HOUR);
}
END_TEST

START_TEST(solved_without_reply_stops_first_response)
{
	const struct sla_event ev[] = {CREATED(T0), STATUS(T0 + 30 * SEC, TICKET_SOLVED),
	                               STATUS(T0 + 20 * MIN, TICKET_OPEN)};
	struct sla_result r = at_time(&chat, ev, 2, T0 + 10 * MIN);
	struct sla_fire f;

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_STOPPED);
	ck_assert(!FIRST(r).breached);
	ck_assert_int_eq(FIRST(r).elapsed_ms, 30 * SEC);
	ck_assert(!sla_next_event(&r, T0 + 10 * MIN, &f));
	/* reopened: the remaining 30 s run from the reopen */
	r = at_time(&chat, ev, 3, T0 + 20 * MIN + 30 * SEC + 1);
	ck_assert_int_eq(FIRST(r).breached_at, T0 + 20 * MIN + 30 * SEC);
}
END_TEST

START_TEST(business_hours_carry_the_clock_over_the_weekend)
{
	struct calendar office;
	const char *text = "tz=Asia/Singapore; mon-fri 09:00-18:00";
	struct sla_targets email = {10 * MIN, 1 * HOUR, 24 * HOUR, 80, false, &office};
	const struct sla_event ev[] = {CREATED(U(2026, 5, 1, 9, 55))}; /* Fri 17:55 SGT */
	struct sla_result r;
	struct sla_fire f;

	ck_assert_int_eq(calendar_parse(text, strlen(text), &office, NULL), CALENDAR_OK);
	r = at_time(&email, ev, 1, U(2026, 5, 2, 4, 0)); /* Saturday noon */
	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_RUNNING);
	ck_assert(!FIRST(r).paused); /* closed, not paused: the ticket is waiting on us */
	ck_assert_int_eq(FIRST(r).elapsed_ms, 5 * MIN);
	ck_assert_int_eq(FIRST(r).due_at, U(2026, 5, 4, 1, 5));  /* Monday 09:05 */
	ck_assert_int_eq(FIRST(r).warn_at, U(2026, 5, 4, 1, 3)); /* 8 of 10 minutes */
	ck_assert(sla_next_event(&r, U(2026, 5, 2, 4, 0), &f));
	ck_assert_int_eq(f.at, U(2026, 5, 4, 1, 3));
	ck_assert(!FIRST(at_time(&email, ev, 1, U(2026, 5, 4, 1, 5))).breached);
	r = at_time(&email, ev, 1, U(2026, 5, 4, 1, 5) + 1);
	ck_assert_int_eq(FIRST(r).breached_at, U(2026, 5, 4, 1, 5));
	/* resolution, 24 business hours: Fri 5 min + Mon 9 h + Tue 9 h + Wed 09:00-14:55 */
	ck_assert_int_eq(RES(r).due_at, U(2026, 5, 6, 6, 55));
}
END_TEST

START_TEST(timeline_edge_cases)
{
	const struct sla_event no_created[] = {CUSTOMER(T0), REPLY(T0 + SEC)};
	const struct sla_event future[] = {CREATED(T0), REPLY(T0 + 5 * MIN)};
	/* a reply stamped before the creation (clock skew) counts as at the creation */
	const struct sla_event skewed[] = {CREATED(T0), REPLY(T0 - 5 * SEC)};
	const struct sla_targets none = {0, 0, 0, 0, false, NULL};
	struct sla_result r = at_time(&chat, no_created, 2, T0 + HOUR);
	struct sla_fire f;

	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_IDLE);
	ck_assert_int_eq(FIRST(r).due_at, 0);
	ck_assert(!sla_next_event(&r, T0 + HOUR, &f));
	r = at_time(&chat, future, 2, T0 + 2 * MIN);
	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_RUNNING);
	ck_assert(FIRST(r).breached);
	r = at_time(&chat, future, 2, T0 - 1); /* created in the future */
	ck_assert_int_eq(FIRST(r).clock, SLA_CLOCK_IDLE);
	r = at_time(&chat, skewed, 2, T0 + HOUR);
	ck_assert_int_eq(FIRST(r).fulfilled_at, T0);
	ck_assert(!FIRST(r).breached);
	r = at_time(&none, future, 2, T0 + 2 * DAY);
	for (int m = 0; m < SLA_METRIC_COUNT; m++) {
		ck_assert_int_eq(r.metric[m].clock, SLA_CLOCK_NONE);
		ck_assert(!r.metric[m].breached);
	}
	ck_assert(!sla_next_event(&r, T0, &f));
}
END_TEST

/* Random timelines: every breach the result reports flips exactly at breached_at + 1, and the
 * scheduler's next wake-up is the first moment something new shows. */
START_TEST(thresholds_flip_exactly_where_reported)
{
	static const enum ticket_status moves[] = {TICKET_OPEN, TICKET_PENDING, TICKET_ON_HOLD,
	                                           TICKET_SOLVED, TICKET_OPEN};
	struct calendar office;
	const char *text = "tz=Europe/Berlin; mon-fri 09:00-12:00,13:00-18:00";
	uint64_t x = 88172645463325252ULL;
	int breaches_checked = 0, fires_checked = 0;

	ck_assert_int_eq(calendar_parse(text, strlen(text), &office, NULL), CALENDAR_OK);
	for (int round = 0; round < 300; round++) {
		struct sla_targets t = {3 * MIN, 5 * MIN,        40 * MIN,
		                        75,      round % 3 == 0, round % 2 ? &office : NULL};
		struct sla_event ev[12];
		struct sla_result r, before, after;
		struct sla_fire f;
		int64_t at = U(2026, 3, 23, 7, 0) + (round % 13) * 7 * HOUR, end;

		ev[0] = (struct sla_event)CREATED(at);
		for (int i = 1; i < 12; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			at += (int64_t)(x % (uint64_t)(4 * MIN)) + 1;
			switch ((x >> 20) % 4) {
			case 0:
				ev[i] = (struct sla_event)STATUS(at, moves[(x >> 30) % 5]);
				break;
			case 1:
				ev[i] = (struct sla_event)CUSTOMER(at);
				break;
			default:
				ev[i] = (struct sla_event)REPLY(at);
				break;
			}
		}
		end = at + 2 * HOUR;
		r = at_time(&t, ev, 12, end);
		for (int m = 0; m < SLA_METRIC_COUNT; m++) {
			int64_t b = r.metric[m].breached_at;
			if (b == 0 || b <= at)
				continue; /* only breaches after the last event are checked here */
			before = at_time(&t, ev, 12, b);
			after = at_time(&t, ev, 12, b + 1);
			ck_assert(!before.metric[m].breached);
			ck_assert(after.metric[m].breached);
			ck_assert_int_eq(after.metric[m].breached_at, b);
			breaches_checked++;
		}
		r = at_time(&t, ev, 12, at);
		if (sla_next_event(&r, at, &f)) {
			before = at_time(&t, ev, 12, f.wake_at - 1);
			after = at_time(&t, ev, 12, f.wake_at);
			if (f.kind == SLA_FIRE_BREACH) {
				ck_assert(!before.metric[f.metric].breached);
				ck_assert(after.metric[f.metric].breached);
				ck_assert_int_eq(after.metric[f.metric].breached_at, f.at);
			} else {
				ck_assert(!before.metric[f.metric].warned);
				ck_assert(after.metric[f.metric].warned);
			}
			fires_checked++;
		}
	}
	/* the generator must actually produce what is checked */
	ck_assert_int_gt(breaches_checked, 100);
	ck_assert_int_gt(fires_checked, 100);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sla_policy");

	for (size_t i = 0; i < N(picks); i++)
		unit_add_case(s,
		              unit_name("demo policy for %s priority, VIP tier %d, %s: %s",
		                        ticket_priority_name(picks[i].prio), picks[i].vip,
		                        ticket_channel_name(picks[i].chan), picks[i].policy),
		              demo_policy_for_a_ticket, (int)i);
	UNIT_TEST(s, demo_policies_are_valid_and_vip_is_tighter);
	UNIT_TEST(s, first_match_wins_in_table_order);
	UNIT_TEST(s, invalid_policies_are_refused);
	UNIT_TEST(s, first_response_warns_at_80_and_breaches_to_the_ms);
	UNIT_TEST(s, reply_at_due_is_on_time_one_ms_later_is_not);
	UNIT_TEST(s, pending_pauses_every_clock);
	UNIT_TEST(s, on_hold_pauses_only_with_pause_on_hold);
	UNIT_TEST(s, next_response_runs_in_cycles);
	UNIT_TEST(s, late_cycles_are_counted);
	UNIT_TEST(s, next_response_wait_pauses_while_pending);
	UNIT_TEST(s, solving_fulfils_resolution_and_reopening_takes_it_back);
	UNIT_TEST(s, resolution_breach_is_exact);
	UNIT_TEST(s, solved_without_reply_stops_first_response);
	UNIT_TEST(s, business_hours_carry_the_clock_over_the_weekend);
	UNIT_TEST(s, timeline_edge_cases);
	UNIT_TEST(s, thresholds_flip_exactly_where_reported);
	return unit_run(s, "sla_policy");
}
