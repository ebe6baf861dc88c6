/* test_assign.c — who in a group gets a ticket, which waiting ticket an agent gets when they
 * free up, and which live chats go back to the queue when their agent leaves. Agents are built
 * from one "ready" template (online, on shift, L1, room for 3 chats and 20 emails, any language)
 * and each test changes only what it is about. */
#include "core/assign.h"
#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define T0        1795000000000 /* some time, ms */
#define MIN       (60 * 1000)

static const char *const LANG_ZH[] = {"zh"};
static const char *const LANG_ZH_TW[] = {"zh-TW"};
static const char *const LANG_EN_RU[] = {"en", "ru"};
static const char *const LANG_KO[] = {"ko"};
static const char *const SKILL_FUTURES[] = {"spot", "futures"};

static struct assign_agent ready(int64_t id)
{
	struct assign_agent a = {
	    .id = id,
	    .presence = PRESENCE_ONLINE,
	    .presence_since = T0 - 60 * MIN,
	    .on_shift = true,
	    .tier = TIER_L1,
	};

	a.max_load[CHANNEL_CHAT] = 3;
	a.max_load[CHANNEL_TELEGRAM] = 3;
	a.max_load[CHANNEL_EMAIL] = 20;
	a.max_load[CHANNEL_WEB] = 20;
	return a;
}

static struct assign_ticket chat(int64_t id)
{
	struct assign_ticket t = {
	    .id = id,
	    .channel = CHANNEL_CHAT,
	    .priority = PRIO_NORMAL,
	    .min_tier = TIER_L1,
	    .created_at = T0 + id,
	    .sla_due_at = T0 + id + 10 * MIN,
	};
	return t;
}

static int pick(const struct assign_agent *a, size_t n, const struct assign_ticket *t,
                enum assign_why *why)
{
	int got = assign_pick(a, n, t, why);

	/* whatever is picked must be able to take it */
	if (got >= 0)
		ck_assert(assign_agent_can_take(&a[got], t));
	return got;
}

/* ---- who is never chosen ---- */

START_TEST(absent_agents_never_chosen)
{
	struct assign_agent a[4] = {ready(1), ready(2), ready(3), ready(4)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	a[0].presence = PRESENCE_OFFLINE;
	a[1].presence = PRESENCE_AWAY;
	a[2].on_shift = false;
	a[3].on_shift = false;
	a[3].presence = PRESENCE_OFFLINE;
	ck_assert_int_eq(pick(a, 4, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_ONE_ONLINE);
	/* the least loaded of them all is off shift: the busier one on shift gets it */
	a[2].load[CHANNEL_CHAT] = 0;
	a[1] = ready(2);
	a[1].load[CHANNEL_CHAT] = 2;
	ck_assert_int_eq(pick(a, 4, &t, &why), 1);
	ck_assert_int_eq(why, ASSIGN_OK);
}
END_TEST

START_TEST(empty_group)
{
	struct assign_ticket t = chat(1);
	enum assign_why why;

	ck_assert_int_eq(pick(NULL, 0, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_AGENTS);
	ck_assert_int_eq(assign_pick(NULL, 0, &t, NULL), -1); /* why is optional */
}
END_TEST

/* ---- capacity per channel ---- */

START_TEST(capacity_per_channel)
{
	struct assign_agent a[1] = {ready(1)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	a[0].load[CHANNEL_CHAT] = 3; /* three chats: full for chat ... */
	a[0].load[CHANNEL_EMAIL] = 5;
	ck_assert_int_eq(pick(a, 1, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_AT_CAPACITY);
	t.channel = CHANNEL_EMAIL; /* ... but emails still fit */
	ck_assert_int_eq(pick(a, 1, &t, &why), 0);
	a[0].load[CHANNEL_EMAIL] = 20;
	ck_assert_int_eq(pick(a, 1, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_AT_CAPACITY);
	/* above the cap (the cap was lowered while busy) is full too */
	a[0].load[CHANNEL_EMAIL] = 25;
	ck_assert_int_eq(pick(a, 1, &t, &why), -1);
}
END_TEST

START_TEST(channel_not_taken)
{
	struct assign_agent a[2] = {ready(1), ready(2)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	t.channel = CHANNEL_PHONE; /* nobody has a phone capacity */
	ck_assert_int_eq(pick(a, 2, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_CHANNEL);
	a[1].max_load[CHANNEL_PHONE] = 1;
	ck_assert_int_eq(pick(a, 2, &t, &why), 1);
	t.channel = (enum ticket_channel)CHANNEL_COUNT; /* garbage from a caller */
	ck_assert_int_eq(pick(a, 2, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_CHANNEL);
}
END_TEST

/* ---- tier and language ---- */

START_TEST(tier_required)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	t.min_tier = TIER_L2;
	ck_assert_int_eq(pick(a, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_TIER);
	a[2].tier = TIER_EXPERT;
	a[2].load[CHANNEL_CHAT] = 2;
	ck_assert_int_eq(pick(a, 3, &t, &why), 2);
}
END_TEST

START_TEST(language_required)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	a[0].languages = LANG_ZH_TW;
	a[0].n_languages = 1;
	a[1].languages = LANG_EN_RU;
	a[1].n_languages = 2;
	a[2].languages = LANG_KO;
	a[2].n_languages = 1;
	t.language = "zh-CN";
	ck_assert_int_eq(pick(a, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_LANGUAGE);
	t.language = "zh-TW";
	ck_assert_int_eq(pick(a, 3, &t, &why), 0);
	t.language = "ru";
	ck_assert_int_eq(pick(a, 3, &t, &why), 1);
	t.language = "en-GB";
	ck_assert_int_eq(pick(a, 3, &t, &why), 1);
	/* the busier Korean speaker gets the Korean chat */
	a[2].load[CHANNEL_CHAT] = 2;
	t.language = "ko";
	ck_assert_int_eq(pick(a, 3, &t, &why), 2);
	/* and when the one who reads it is full, the ticket waits rather than go to someone who
	 * cannot read it */
	a[2].load[CHANNEL_CHAT] = 3;
	ck_assert_int_eq(pick(a, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_AT_CAPACITY);
}
END_TEST

START_TEST(language_unknown_or_unlisted)
{
	struct assign_agent a[2] = {ready(1), ready(2)};
	struct assign_ticket t = chat(1);

	a[0].languages = LANG_KO;
	a[0].n_languages = 1;
	a[1].load[CHANNEL_CHAT] = 1; /* no languages listed: takes any */
	t.language = "vi";
	ck_assert_int_eq(pick(a, 2, &t, NULL), 1);
	t.language = NULL; /* unknown: anyone, so the least loaded */
	ck_assert_int_eq(pick(a, 2, &t, NULL), 0);
	t.language = "";
	ck_assert_int_eq(pick(a, 2, &t, NULL), 0);
}
END_TEST

struct covercase {
	const char *agent, *ticket;
	bool want;
};

static const struct covercase covers[] = {
    {"zh", "zh-CN", true},    {"zh", "zh-TW", true},      {"zh", "zh", true},
    {"zh-TW", "zh-TW", true}, {"zh-TW", "zh-CN", false},  {"zh-TW", "zh", false},
    {"zh-tw", "ZH-TW", true}, {"en", "eng", false},       {"en", "e", false},
    {"es", "es-419", true},   {"zh", "zh-Hant-TW", true}, {"zh-Hant", "zh-Hans", false},
};

START_TEST(language_covers)
{
	const struct covercase *c = &covers[_i];

	ck_assert_int_eq(assign_language_covers(c->agent, c->ticket), c->want);
}
END_TEST

/* ---- preferences ---- */

START_TEST(least_loaded_by_ratio)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);

	/* 2 of 4 (50%) vs 1 of 3 (33%) vs 2 of 3 (67%): the ratio decides, not the count */
	a[0].max_load[CHANNEL_CHAT] = 4;
	a[0].load[CHANNEL_CHAT] = 2;
	a[1].load[CHANNEL_CHAT] = 1;
	a[2].load[CHANNEL_CHAT] = 2;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 1);
	/* 1 of 4 (25%) beats 1 of 3 */
	a[0].load[CHANNEL_CHAT] = 1;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
	/* email load does not count for a chat */
	a[0].load[CHANNEL_EMAIL] = 19;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
}
END_TEST

START_TEST(round_robin_tie_break)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);

	/* 1 of 2 and 2 of 4 are the same load: the one assigned longest ago goes first */
	a[0].max_load[CHANNEL_CHAT] = 2;
	a[0].load[CHANNEL_CHAT] = 1;
	a[0].last_assigned_at = T0 - 1 * MIN;
	a[1].max_load[CHANNEL_CHAT] = 4;
	a[1].load[CHANNEL_CHAT] = 2;
	a[1].last_assigned_at = T0 - 5 * MIN;
	a[2].load[CHANNEL_CHAT] = 2;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 1);
	/* never assigned comes before anyone */
	a[0].last_assigned_at = 0;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
	/* taking turns: each assignment moves the agent to the back */
	int64_t last[3] = {0, 0, 0};
	for (int round = 0; round < 6; round++) {
		struct assign_agent b[3] = {ready(1), ready(2), ready(3)};
		int got;

		for (int k = 0; k < 3; k++)
			b[k].last_assigned_at = last[k];
		got = pick(b, 3, &t, NULL);
		ck_assert_int_eq(got, round % 3);
		last[got] = T0 + round;
	}
}
END_TEST

START_TEST(lowest_id_when_all_equal)
{
	struct assign_agent a[4] = {ready(40), ready(7), ready(19), ready(8)};
	struct assign_agent b[4] = {ready(19), ready(8), ready(40), ready(7)};
	struct assign_ticket t = chat(1);

	ck_assert_int_eq(a[pick(a, 4, &t, NULL)].id, 7);
	ck_assert_int_eq(b[pick(b, 4, &t, NULL)].id, 7);
	/* the same snapshot, the same answer */
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(pick(a, 4, &t, NULL), 1);
}
END_TEST

START_TEST(product_skill_preferred)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);

	t.product = "futures";
	a[2].skills = SKILL_FUTURES;
	a[2].n_skills = 2;
	a[2].load[CHANNEL_CHAT] = 2; /* busier, but knows futures */
	ck_assert_int_eq(pick(a, 3, &t, NULL), 2);
	/* without the skill on hand, anyone eligible rather than wait */
	a[2].load[CHANNEL_CHAT] = 3;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
	/* a ticket without a product area ignores skills */
	a[2].load[CHANNEL_CHAT] = 2;
	t.product = NULL;
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
	t.product = "p2p";
	ck_assert_int_eq(pick(a, 3, &t, NULL), 0);
}
END_TEST

START_TEST(vip_capable_preferred)
{
	struct assign_agent a[2] = {ready(1), ready(2)};
	struct assign_ticket t = chat(1);

	a[1].vip_capable = true;
	a[1].load[CHANNEL_CHAT] = 2;
	ck_assert_int_eq(pick(a, 2, &t, NULL), 0); /* not VIP: the least loaded */
	t.vip = true;
	ck_assert_int_eq(pick(a, 2, &t, NULL), 1);
	a[1].load[CHANNEL_CHAT] = 3; /* the VIP agent is full: a VIP does not wait */
	ck_assert_int_eq(pick(a, 2, &t, NULL), 0);
}
END_TEST

/* The reason is the furthest anyone got: one agent who reads Korean but is full, another free
 * who does not read it: the ticket is waiting for capacity, not for a language. */
START_TEST(reason_is_furthest_step)
{
	struct assign_agent a[3] = {ready(1), ready(2), ready(3)};
	struct assign_ticket t = chat(1);
	enum assign_why why;

	t.language = "ko";
	a[0].languages = LANG_EN_RU;
	a[0].n_languages = 2;
	a[1].languages = LANG_KO;
	a[1].n_languages = 1;
	a[1].load[CHANNEL_CHAT] = 3;
	a[2].presence = PRESENCE_OFFLINE;
	ck_assert_int_eq(pick(a, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_AT_CAPACITY);
	/* order in the array does not change it */
	struct assign_agent b[3] = {a[1], a[2], a[0]};
	ck_assert_int_eq(pick(b, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_AT_CAPACITY);
	a[1].languages = LANG_ZH;
	ck_assert_int_eq(pick(a, 3, &t, &why), -1);
	ck_assert_int_eq(why, ASSIGN_NO_LANGUAGE);
}
END_TEST

START_TEST(why_names)
{
	for (int i = 0; i < ASSIGN_WHY_COUNT; i++) {
		const char *n = assign_why_name((enum assign_why)i);
		ck_assert_str_ne(n, "unknown");
		for (int j = 0; j < i; j++)
			ck_assert_str_ne(n, assign_why_name((enum assign_why)j));
	}
	ck_assert_str_eq(assign_why_name(ASSIGN_NO_ONE_ONLINE), "no_one_online");
	ck_assert_str_eq(assign_why_name(ASSIGN_AT_CAPACITY), "at_capacity");
	ck_assert_str_eq(assign_why_name((enum assign_why)99), "unknown");
}
END_TEST

START_TEST(presence_names)
{
	enum agent_presence p = PRESENCE_COUNT;

	for (int i = 0; i < PRESENCE_COUNT; i++) {
		ck_assert(agent_presence_parse(agent_presence_name((enum agent_presence)i), &p));
		ck_assert_int_eq(p, i);
	}
	ck_assert_str_eq(agent_presence_name(PRESENCE_AWAY), "away");
	ck_assert(!agent_presence_parse("Online", &p));
	ck_assert(!agent_presence_parse("busy", &p));
	ck_assert(!agent_presence_parse(NULL, &p));
	ck_assert_int_eq(p, PRESENCE_COUNT - 1);
}
END_TEST

/* ---- queue order ---- */

START_TEST(queue_order)
{
	struct assign_ticket q[8];

	for (int i = 0; i < 8; i++)
		q[i] = chat(i + 1);
	/* built in the order they must come out, then shuffled */
	q[0].vip = true;             /* a normal VIP ... */
	q[1].priority = PRIO_URGENT; /* ... before an urgent non-VIP */
	q[2].priority = PRIO_HIGH;
	q[2].sla_due_at = T0 + 1 * MIN;
	q[3].priority = PRIO_HIGH;
	q[3].sla_due_at = T0 + 2 * MIN;
	q[4].sla_due_at = T0 + 3 * MIN; /* normal, due soonest */
	q[5].sla_due_at = T0 + 4 * MIN;
	q[5].created_at = T0 - 2 * MIN; /* same due as q[6]: the older first */
	q[6].sla_due_at = T0 + 4 * MIN;
	q[6].created_at = T0 - 1 * MIN;
	q[7].sla_due_at = 0; /* no target: after every ticket with one */
	q[7].created_at = T0 - 60 * MIN;
	struct assign_ticket s[8] = {q[5], q[7], q[2], q[0], q[6], q[4], q[1], q[3]};
	assign_queue_sort(s, 8);
	for (int i = 0; i < 8; i++)
		ck_assert_msg(s[i].id == q[i].id, "position %d holds ticket %lld, not %lld", i,
		              (long long)s[i].id, (long long)q[i].id);
	/* a total order: only the same ticket compares equal */
	for (int i = 0; i < 8; i++)
		for (int j = 0; j < 8; j++) {
			int c = assign_queue_cmp(&q[i], &q[j]);
			ck_assert_int_eq(c < 0 ? -1 : c > 0 ? 1 : 0, i < j ? -1 : i > j ? 1 : 0);
		}
	struct assign_ticket twin = q[4];
	twin.id = 99;
	ck_assert_int_lt(assign_queue_cmp(&q[4], &twin), 0);
	assign_queue_sort(s, 0);
	assign_queue_sort(s, 1);
}
END_TEST

/* ---- the next waiting ticket for an agent who frees up ---- */

START_TEST(next_for_agent_skips_what_it_cannot_take)
{
	struct assign_agent a = ready(1);
	struct assign_ticket q[6];

	for (int i = 0; i < 6; i++)
		q[i] = chat(i + 1);
	a.languages = LANG_EN_RU;
	a.n_languages = 2;
	a.load[CHANNEL_CHAT] = 3; /* chats full, emails free */
	q[0].vip = true;          /* a chat: no room */
	q[1].channel = CHANNEL_EMAIL;
	q[1].language = "ko"; /* cannot read it */
	q[2].channel = CHANNEL_EMAIL;
	q[2].min_tier = TIER_L2;      /* above the agent */
	q[3].channel = CHANNEL_PHONE; /* not a channel the agent takes */
	q[4].channel = CHANNEL_EMAIL;
	q[4].language = "ru";
	q[5].channel = CHANNEL_EMAIL;
	assign_queue_sort(q, 6);
	int got = assign_next_for_agent(q, 6, &a);
	ck_assert_int_ge(got, 0);
	ck_assert_int_eq(q[got].id, 5);
	/* with a chat slot free, the VIP chat at the head comes first */
	a.load[CHANNEL_CHAT] = 2;
	got = assign_next_for_agent(q, 6, &a);
	ck_assert_int_eq(got, 0);
	ck_assert_int_eq(q[got].id, 1);
}
END_TEST

START_TEST(next_for_agent_none)
{
	struct assign_agent a = ready(1);
	struct assign_ticket q[2] = {chat(1), chat(2)};

	ck_assert_int_eq(assign_next_for_agent(q, 0, &a), -1);
	a.presence = PRESENCE_AWAY;
	ck_assert_int_eq(assign_next_for_agent(q, 2, &a), -1);
	a = ready(1);
	a.on_shift = false;
	ck_assert_int_eq(assign_next_for_agent(q, 2, &a), -1);
	a = ready(1);
	for (int ch = 0; ch < CHANNEL_COUNT; ch++)
		a.load[ch] = a.max_load[ch];
	ck_assert_int_eq(assign_next_for_agent(q, 2, &a), -1);
	a = ready(1);
	a.languages = LANG_KO;
	a.n_languages = 1;
	q[0].language = "zh-CN";
	q[1].language = "zh-CN";
	ck_assert_int_eq(assign_next_for_agent(q, 2, &a), -1);
	q[1].language = NULL; /* unknown language: the agent may take it */
	ck_assert_int_eq(assign_next_for_agent(q, 2, &a), 1);
}
END_TEST

/* Consecutive tickets sharing one language string must still be judged, not just the first. */
START_TEST(next_for_agent_shared_language_strings)
{
	struct assign_agent a = ready(1);
	struct assign_ticket q[3] = {chat(1), chat(2), chat(3)};
	const char *zh = "zh-CN";

	a.languages = LANG_ZH;
	a.n_languages = 1;
	a.tier = TIER_L1;
	q[0].language = zh;
	q[0].min_tier = TIER_EXPERT; /* skipped before the language is looked at */
	q[1].language = zh;
	q[2].language = zh;
	ck_assert_int_eq(assign_next_for_agent(q, 3, &a), 1);
	a.languages = LANG_KO;
	ck_assert_int_eq(assign_next_for_agent(q, 3, &a), -1);
}
END_TEST

/* ---- re-queueing when an agent leaves ---- */

START_TEST(requeue_after_grace)
{
	struct assign_agent a = ready(1);
	struct assign_ticket open[4] = {chat(1), chat(2), chat(3), chat(4)};
	size_t out[4];
	int64_t at = -1;
	const int64_t grace = 2 * MIN;

	open[1].channel = CHANNEL_EMAIL; /* email stays with its owner */
	open[2].channel = CHANNEL_TELEGRAM;
	/* online and on shift: nothing, ever */
	ck_assert(!assign_requeue_at(&a, grace, &at));
	ck_assert_int_eq(at, -1);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 4, grace, T0 + 999 * MIN, out), 0);
	/* away keeps their chats */
	a.presence = PRESENCE_AWAY;
	a.presence_since = T0;
	ck_assert(!assign_requeue_at(&a, grace, &at));
	/* offline: after the grace, the live ones go back */
	a.presence = PRESENCE_OFFLINE;
	ck_assert(assign_requeue_at(&a, grace, &at));
	ck_assert_int_eq(at, T0 + grace);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 4, grace, T0 + grace - 1, out), 0);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 4, grace, T0 + grace, out), 3);
	ck_assert_uint_eq(out[0], 0);
	ck_assert_uint_eq(out[1], 2);
	ck_assert_uint_eq(out[2], 3);
}
END_TEST

START_TEST(requeue_off_shift)
{
	struct assign_agent a = ready(1);
	struct assign_ticket open[1] = {chat(1)};
	size_t out[1];
	int64_t at = 0;

	a.on_shift = false;
	a.off_shift_since = T0;
	ck_assert(assign_requeue_at(&a, 5 * MIN, &at));
	ck_assert_int_eq(at, T0 + 5 * MIN);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 1, 5 * MIN, T0 + 4 * MIN, out), 0);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 1, 5 * MIN, T0 + 5 * MIN, out), 1);
	/* off shift first, offline later: the clock started at the end of the shift */
	a.presence = PRESENCE_OFFLINE;
	a.presence_since = T0 + 3 * MIN;
	ck_assert(assign_requeue_at(&a, 5 * MIN, &at));
	ck_assert_int_eq(at, T0 + 5 * MIN);
	/* offline first, then the shift ended */
	a.presence_since = T0 - 3 * MIN;
	ck_assert(assign_requeue_at(&a, 5 * MIN, &at));
	ck_assert_int_eq(at, T0 + 2 * MIN);
	/* a zero or negative grace: at once; a huge one does not overflow */
	ck_assert(assign_requeue_at(&a, -5, &at));
	ck_assert_int_eq(at, T0 - 3 * MIN);
	ck_assert(assign_requeue_at(&a, INT64_MAX, &at));
	ck_assert_int_eq(at, INT64_MAX);
	ck_assert_uint_eq(assign_requeue_due(&a, open, 1, INT64_MAX, T0 + 999 * MIN, out), 0);
}
END_TEST

START_TEST(live_channels)
{
	ck_assert(assign_channel_is_live(CHANNEL_CHAT));
	ck_assert(assign_channel_is_live(CHANNEL_TELEGRAM));
	ck_assert(!assign_channel_is_live(CHANNEL_EMAIL));
	ck_assert(!assign_channel_is_live(CHANNEL_WEB));
	ck_assert(!assign_channel_is_live(CHANNEL_API));
	ck_assert(!assign_channel_is_live(CHANNEL_PHONE));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("assign");

	UNIT_TEST(s, absent_agents_never_chosen);
	UNIT_TEST(s, empty_group);
	UNIT_TEST(s, capacity_per_channel);
	UNIT_TEST(s, channel_not_taken);
	UNIT_TEST(s, tier_required);
	UNIT_TEST(s, language_required);
	UNIT_TEST(s, language_unknown_or_unlisted);
	for (int i = 0; i < NCASES(covers); i++)
		unit_add_case(s,
		              unit_name("agent language \"%s\" %s ticket \"%s\"", covers[i].agent,
		                        covers[i].want ? "covers" : "does not cover",
		                        covers[i].ticket),
		              language_covers, i);
	UNIT_TEST(s, least_loaded_by_ratio);
	UNIT_TEST(s, round_robin_tie_break);
	UNIT_TEST(s, lowest_id_when_all_equal);
	UNIT_TEST(s, product_skill_preferred);
	UNIT_TEST(s, vip_capable_preferred);
	UNIT_TEST(s, reason_is_furthest_step);
	UNIT_TEST(s, why_names);
	UNIT_TEST(s, presence_names);
	UNIT_TEST(s, queue_order);
	UNIT_TEST(s, next_for_agent_skips_what_it_cannot_take);
	UNIT_TEST(s, next_for_agent_none);
	UNIT_TEST(s, next_for_agent_shared_language_strings);
	UNIT_TEST(s, requeue_after_grace);
	UNIT_TEST(s, requeue_off_shift);
	UNIT_TEST(s, live_channels);
	return unit_run(s, "assign");
}
