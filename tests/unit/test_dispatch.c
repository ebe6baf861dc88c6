/* test_dispatch.c — the assignment engine step by step: placing, queueing, draining when room
 * frees, VIP first, presence and shift changes at their exact instants, re-queueing after the
 * grace, manual overrides, reassignment, agents leaving; and the id map beneath it, checked
 * against a plain array through random churn. (tests/unit/test_dispatch_sim.c runs the engine
 * through a simulated week against an independent oracle.) */
#include <string.h>

#include "core/dispatch.h"
#include "unit_main.h"
#include "util/idmap.h"

#define T0    1795000000000 /* some time, ms */
#define SEC   1000
#define MIN   (60 * SEC)
#define GRACE (2 * MIN)
#define G1    10
#define G2    20

static const char *const LANG_JA[] = {"ja"};
static const char *const LANG_EN[] = {"en"};
static const int64_t IN_G1[] = {G1};
static const int64_t IN_G1_G2[] = {G1, G2};

static struct dispatch_agent_spec agent(int64_t id, const int64_t *groups, size_t n_groups)
{
	struct dispatch_agent_spec s = {
	    .id = id,
	    .presence = PRESENCE_ONLINE,
	    .presence_since = T0 - MIN,
	    .tier = TIER_L1,
	    .groups = groups,
	    .n_groups = n_groups,
	};
	s.max_load[CHANNEL_CHAT] = 2;
	s.max_load[CHANNEL_EMAIL] = 5;
	return s;
}

static struct dispatch_ticket_spec ticket(int64_t id, int64_t group)
{
	return (struct dispatch_ticket_spec){
	    .id = id,
	    .group_id = group,
	    .channel = CHANNEL_CHAT,
	    .priority = PRIO_NORMAL,
	    .created_at = T0 + id,
	    .sla_due_at = T0 + id + MIN,
	};
}

static int64_t assignee_of(struct dispatch *d, int64_t id)
{
	int64_t a = -1;
	bool queued;

	ck_assert(dispatch_ticket_state(d, id, &a, &queued));
	ck_assert(queued == (a == 0));
	return a;
}

/* The actions so far as "A12>3 R12<3" (assign ticket 12 to 3, requeue 12 from 3), cleared. */
static const char *actions(struct dispatch *d)
{
	static char buf[1024];
	size_t n, used = 0;
	const struct dispatch_action *v = dispatch_actions(d, &n);

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < sizeof buf - 40; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%c%lld%c%lld",
		                         i ? " " : "", v[i].kind == DISPATCH_ASSIGN ? 'A' : 'R',
		                         (long long)v[i].ticket_id,
		                         v[i].kind == DISPATCH_ASSIGN ? '>' : '<',
		                         (long long)v[i].agent_id);
	dispatch_actions_clear(d);
	return buf;
}

START_TEST(placed_with_least_loaded_then_queued)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1), a2 = agent(2, IN_G1, 1);

	ck_assert(dispatch_agent_set(d, &a1, T0));
	ck_assert(dispatch_agent_set(d, &a2, T0));
	for (int64_t t = 1; t <= 5; t++) {
		struct dispatch_ticket_spec s = ticket(t, G1);
		ck_assert(dispatch_ticket_set(d, &s, T0 + t));
	}
	/* 1 and 2 alternate by load and round robin; both hold 2 chats; 5 waits. */
	ck_assert_str_eq(actions(d), "A1>1 A2>2 A3>1 A4>2");
	ck_assert_int_eq(assignee_of(d, 5), 0);
	ck_assert_int_eq(dispatch_ticket_why(d, 5), ASSIGN_AT_CAPACITY);
	ck_assert_uint_eq(dispatch_queue_length(d, G1), 1);
	ck_assert_int_eq(dispatch_queue_position(d, 5), 0);
	/* Room frees: the waiting ticket goes at once to who freed it. */
	dispatch_ticket_remove(d, 3, T0 + 10);
	ck_assert_str_eq(actions(d), "A5>1");
	ck_assert_uint_eq(dispatch_queue_length(d, G1), 0);
	dispatch_free(d);
}
END_TEST

START_TEST(vip_and_priority_first_when_room_frees)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1);
	struct dispatch_ticket_spec s;

	a1.max_load[CHANNEL_CHAT] = 1;
	ck_assert(dispatch_agent_set(d, &a1, T0));
	s = ticket(1, G1);
	dispatch_ticket_set(d, &s, T0);
	s = ticket(2, G1); /* old, normal */
	dispatch_ticket_set(d, &s, T0);
	s = ticket(3, G1);
	s.priority = PRIO_URGENT;
	dispatch_ticket_set(d, &s, T0);
	s = ticket(4, G1);
	s.vip = true;
	dispatch_ticket_set(d, &s, T0);
	ck_assert_str_eq(actions(d), "A1>1");
	ck_assert_int_eq(dispatch_queue_position(d, 4), 0);
	ck_assert_int_eq(dispatch_queue_position(d, 3), 1);
	ck_assert_int_eq(dispatch_queue_position(d, 2), 2);
	dispatch_ticket_remove(d, 1, T0 + 1);
	dispatch_ticket_remove(d, 4, T0 + 2);
	dispatch_ticket_remove(d, 3, T0 + 3);
	ck_assert_str_eq(actions(d), "A4>1 A3>1 A2>1");
	dispatch_free(d);
}
END_TEST

START_TEST(best_waiting_ticket_across_groups)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1_G2, 2);
	struct dispatch_ticket_spec s;

	a1.presence = PRESENCE_OFFLINE;
	ck_assert(dispatch_agent_set(d, &a1, T0));
	s = ticket(1, G1);
	dispatch_ticket_set(d, &s, T0);
	s = ticket(2, G2);
	s.vip = true;
	dispatch_ticket_set(d, &s, T0);
	s = ticket(3, G2);
	dispatch_ticket_set(d, &s, T0);
	ck_assert_str_eq(actions(d), "");
	ck_assert_int_eq(dispatch_ticket_why(d, 1), ASSIGN_NO_ONE_ONLINE);
	ck_assert(dispatch_agent_presence(d, 1, PRESENCE_ONLINE, T0 + SEC));
	ck_assert_str_eq(actions(d), "A2>1 A1>1");
	dispatch_free(d);
}
END_TEST

START_TEST(language_and_tier_respected)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec en = agent(1, IN_G1, 1), ja = agent(2, IN_G1, 1);
	struct dispatch_ticket_spec s;

	en.languages = LANG_EN;
	en.n_languages = 1;
	ja.languages = LANG_JA;
	ja.n_languages = 1;
	ja.presence = PRESENCE_AWAY;
	dispatch_agent_set(d, &en, T0);
	dispatch_agent_set(d, &ja, T0);
	s = ticket(1, G1);
	s.language = "ja";
	dispatch_ticket_set(d, &s, T0);
	ck_assert_int_eq(dispatch_ticket_why(d, 1), ASSIGN_NO_LANGUAGE);
	dispatch_agent_presence(d, 2, PRESENCE_ONLINE, T0 + 1);
	ck_assert_str_eq(actions(d), "A1>2");
	/* An L2 group takes only L2 agents. */
	dispatch_group_set(d, G2, TIER_L2, T0 + 2);
	struct dispatch_agent_spec l1 = agent(3, IN_G1_G2, 2);
	dispatch_agent_set(d, &l1, T0 + 2);
	s = ticket(2, G2);
	dispatch_ticket_set(d, &s, T0 + 3);
	ck_assert_int_eq(dispatch_ticket_why(d, 2), ASSIGN_NO_TIER);
	l1.tier = TIER_L2;
	dispatch_agent_set(d, &l1, T0 + 4);
	ck_assert_str_eq(actions(d), "A2>3");
	dispatch_free(d);
}
END_TEST

START_TEST(requeue_live_chats_exactly_after_grace)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1), a2 = agent(2, IN_G1, 1);
	struct dispatch_ticket_spec chat = ticket(1, G1), mail = ticket(2, G1);

	a2.presence = PRESENCE_AWAY;
	dispatch_agent_set(d, &a1, T0);
	dispatch_agent_set(d, &a2, T0);
	mail.channel = CHANNEL_EMAIL;
	dispatch_ticket_set(d, &chat, T0);
	dispatch_ticket_set(d, &mail, T0);
	ck_assert_str_eq(actions(d), "A1>1 A2>1");
	dispatch_agent_presence(d, 1, PRESENCE_OFFLINE, T0 + 10 * SEC);
	ck_assert_int_eq(dispatch_next_wake(d), T0 + 10 * SEC + GRACE);
	dispatch_advance(d, T0 + 10 * SEC + GRACE - 1);
	ck_assert_str_eq(actions(d), "");
	dispatch_agent_presence(d, 2, PRESENCE_ONLINE, T0 + 10 * SEC + GRACE + 5);
	/* The re-queue happened at its own instant, before agent 2 came back; then 2 took it. */
	size_t n;
	const struct dispatch_action *v = dispatch_actions(d, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(v[0].at, T0 + 10 * SEC + GRACE);
	ck_assert_int_eq(v[1].at, T0 + 10 * SEC + GRACE + 5);
	ck_assert_str_eq(actions(d), "R1<1 A1>2");
	/* The email stays with its owner across the absence. */
	ck_assert_int_eq(assignee_of(d, 2), 1);
	dispatch_free(d);
}
END_TEST

START_TEST(coming_back_within_grace_keeps_chats)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1);
	struct dispatch_ticket_spec chat = ticket(1, G1);

	dispatch_agent_set(d, &a1, T0);
	dispatch_ticket_set(d, &chat, T0);
	dispatch_agent_presence(d, 1, PRESENCE_OFFLINE, T0 + SEC);
	dispatch_agent_presence(d, 1, PRESENCE_ONLINE, T0 + SEC + GRACE - 1);
	dispatch_advance(d, T0 + 10 * GRACE);
	ck_assert_str_eq(actions(d), "A1>1");
	ck_assert_int_eq(dispatch_next_wake(d), INT64_MAX);
	dispatch_free(d);
}
END_TEST

START_TEST(shift_start_and_end_at_exact_instants)
{
	/* 2026-11-23 is a Monday; Singapore is UTC+8, so 09:00 there is 01:00 UTC. */
	const int64_t monday = 1795392000000; /* 2026-11-23T00:00:00Z */
	const int64_t start = monday + 1 * 3600 * SEC, end = monday + 16 * 3600 * SEC;
	const char *text = "tz=Asia/Singapore; mon-sun 09:00-24:00";
	struct shift day;
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1);
	struct dispatch_ticket_spec s = ticket(1, G1);

	ck_assert_int_eq(shift_parse(text, strlen(text), &day, NULL), CALENDAR_OK);
	a1.shift = &day;
	dispatch_agent_set(d, &a1, monday);
	ck_assert_int_eq(dispatch_next_wake(d), start);
	s.created_at = monday;
	dispatch_ticket_set(d, &s, monday + 5);
	ck_assert_int_eq(dispatch_ticket_why(d, 1), ASSIGN_NO_ONE_ONLINE);
	dispatch_advance(d, start - 1);
	ck_assert_str_eq(actions(d), "");
	dispatch_advance(d, start + 3 * MIN); /* late caller: the assignment is dated 09:00 */
	size_t n;
	const struct dispatch_action *v = dispatch_actions(d, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].at, start);
	actions(d);
	/* The shift ends at midnight Singapore; the chat goes back after the grace. */
	ck_assert_int_eq(dispatch_next_wake(d), end);
	dispatch_advance(d, end + GRACE);
	v = dispatch_actions(d, &n);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].kind, DISPATCH_REQUEUE);
	ck_assert_int_eq(v[0].at, end + GRACE);
	actions(d);
	bool present = true;
	ck_assert(dispatch_agent_state(d, 1, NULL, &present));
	ck_assert(!present);
	dispatch_free(d);
}
END_TEST

START_TEST(manual_assignment_overrides_capacity_and_presence)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1), a2 = agent(2, IN_G1, 1);
	struct dispatch_ticket_spec s;
	uint16_t load[CHANNEL_COUNT];

	a1.max_load[CHANNEL_CHAT] = 1;
	a2.presence = PRESENCE_AWAY;
	dispatch_agent_set(d, &a1, T0);
	dispatch_agent_set(d, &a2, T0);
	s = ticket(1, G1);
	dispatch_ticket_set(d, &s, T0);
	s = ticket(2, G1);
	s.assignee_id = 1; /* a supervisor puts a second chat on a full agent */
	dispatch_ticket_set(d, &s, T0);
	s = ticket(3, G1);
	s.assignee_id = 2; /* and one on an agent who is away */
	dispatch_ticket_set(d, &s, T0);
	ck_assert_str_eq(actions(d), "A1>1");
	ck_assert(dispatch_agent_state(d, 1, load, NULL));
	ck_assert_int_eq(load[CHANNEL_CHAT], 2);
	/* Unassigning by hand puts it back through the engine. */
	s = ticket(2, G1);
	dispatch_ticket_set(d, &s, T0 + 1);
	ck_assert_int_eq(assignee_of(d, 2), 0);
	ck_assert_str_eq(actions(d), "");
	/* Replaying the store's own state changes nothing. */
	s = ticket(1, G1);
	s.assignee_id = 1;
	dispatch_ticket_set(d, &s, T0 + 2);
	ck_assert_str_eq(actions(d), "");
	dispatch_free(d);
}
END_TEST

START_TEST(reassign_prefers_someone_else)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1), a2 = agent(2, IN_G1, 1);
	struct dispatch_ticket_spec s = ticket(1, G1);

	dispatch_agent_set(d, &a1, T0);
	dispatch_ticket_set(d, &s, T0);
	ck_assert_str_eq(actions(d), "A1>1");
	/* Alone: back to the same agent. */
	ck_assert(dispatch_ticket_reassign(d, 1, T0 + 1));
	ck_assert_str_eq(actions(d), "R1<1 A1>1");
	dispatch_agent_set(d, &a2, T0 + 2);
	ck_assert(dispatch_ticket_reassign(d, 1, T0 + 3));
	ck_assert_str_eq(actions(d), "R1<1 A1>2");
	ck_assert(!dispatch_ticket_reassign(d, 99, T0 + 4));
	dispatch_free(d);
}
END_TEST

START_TEST(agent_removed_hands_everything_back)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_agent_spec a1 = agent(1, IN_G1, 1), a2 = agent(2, IN_G1, 1);
	struct dispatch_ticket_spec s = ticket(1, G1), m = ticket(2, G1);

	a2.presence = PRESENCE_OFFLINE;
	m.channel = CHANNEL_EMAIL;
	dispatch_agent_set(d, &a1, T0);
	dispatch_agent_set(d, &a2, T0);
	dispatch_ticket_set(d, &s, T0);
	dispatch_ticket_set(d, &m, T0);
	actions(d);
	dispatch_agent_remove(d, 1, T0 + 1);
	ck_assert_str_eq(actions(d), "R1<1 R2<1");
	ck_assert_uint_eq(dispatch_queue_length(d, G1), 2);
	ck_assert_uint_eq(dispatch_agent_count(d), 1);
	dispatch_agent_presence(d, 2, PRESENCE_ONLINE, T0 + 2);
	ck_assert_str_eq(actions(d), "A1>2 A2>2");
	dispatch_free(d);
}
END_TEST

START_TEST(ticket_changes_reorder_the_queue)
{
	struct dispatch *d = dispatch_new(GRACE);
	struct dispatch_ticket_spec a = ticket(1, G1), b = ticket(2, G1);

	dispatch_ticket_set(d, &a, T0);
	dispatch_ticket_set(d, &b, T0);
	ck_assert_int_eq(dispatch_queue_position(d, 2), 1);
	b.priority = PRIO_HIGH;
	dispatch_ticket_set(d, &b, T0 + 1);
	ck_assert_int_eq(dispatch_queue_position(d, 2), 0);
	b.group_id = G2;
	dispatch_ticket_set(d, &b, T0 + 2);
	ck_assert_uint_eq(dispatch_queue_length(d, G1), 1);
	ck_assert_uint_eq(dispatch_queue_length(d, G2), 1);
	dispatch_ticket_remove(d, 2, T0 + 3);
	dispatch_ticket_remove(d, 2, T0 + 3); /* twice is harmless */
	ck_assert_uint_eq(dispatch_queue_length(d, G2), 0);
	ck_assert_uint_eq(dispatch_ticket_count(d), 1);
	/* Bad specs change nothing. */
	a.id = 0;
	ck_assert(!dispatch_ticket_set(d, &a, T0));
	struct dispatch_agent_spec x = agent(5, IN_G1, 1);
	x.n_languages = 1000;
	ck_assert(!dispatch_agent_set(d, &x, T0));
	ck_assert_uint_eq(dispatch_agent_count(d), 0);
	dispatch_free(d);
}
END_TEST

/* Over many chunks of the queue: positions follow the queue order through inserts, changes and
 * removals, and an agent given room takes them in exactly that order. */
START_TEST(long_queue_keeps_order_through_churn)
{
	enum { N = 1500 };
	struct dispatch *d = dispatch_new(GRACE);
	static struct assign_ticket ref[N];
	static bool gone[N + 1];
	uint64_t x = 0x2545F4914F6CDD1Dull;
	size_t n = 0;

	memset(gone, 0, sizeof gone);
	for (int64_t id = 1; id <= N; id++) {
		struct dispatch_ticket_spec s = ticket(id, G1);
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		s.vip = x % 10 == 0;
		s.priority = (enum ticket_priority)(x % PRIO_COUNT);
		s.sla_due_at = T0 + (int64_t)(x % 100000);
		ck_assert(dispatch_ticket_set(d, &s, T0));
	}
	/* Every third one leaves; every fifth is raised to urgent. */
	for (int64_t id = 3; id <= N; id += 3) {
		dispatch_ticket_remove(d, id, T0 + 1);
		gone[id] = true;
	}
	for (int64_t id = 5; id <= N; id += 5)
		if (!gone[id]) {
			struct dispatch_ticket_spec s = ticket(id, G1);
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			s.priority = PRIO_URGENT;
			s.sla_due_at = T0 + (int64_t)(x % 100000);
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			dispatch_ticket_set(d, &s, T0 + 2);
		}
	/* The reference: rebuild each ticket's key as the engine holds it. */
	x = 0x2545F4914F6CDD1Dull;
	for (int64_t id = 1; id <= N; id++) {
		struct assign_ticket t = {.id = id, .channel = CHANNEL_CHAT, .created_at = T0 + id};
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		t.vip = x % 10 == 0;
		t.priority = (enum ticket_priority)(x % PRIO_COUNT);
		t.sla_due_at = T0 + (int64_t)(x % 100000);
		if (!gone[id])
			ref[n++] = t;
	}
	for (size_t i = 0; i < n; i++)
		if (ref[i].id % 5 == 0) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			ref[i].priority = PRIO_URGENT;
			ref[i].sla_due_at = T0 + (int64_t)(x % 100000);
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			ref[i].vip = false; /* ticket() makes non-VIP specs */
		}
	assign_queue_sort(ref, n);
	ck_assert_uint_eq(dispatch_queue_length(d, G1), n);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(dispatch_queue_position(d, ref[i].id), (long)i);
	/* One agent with room for them all takes them in queue order. */
	struct dispatch_agent_spec a = agent(1, IN_G1, 1);
	a.max_load[CHANNEL_CHAT] = 60000;
	dispatch_agent_set(d, &a, T0 + 3);
	size_t k;
	const struct dispatch_action *v = dispatch_actions(d, &k);
	ck_assert_uint_eq(k, n);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(v[i].ticket_id, ref[i].id);
	ck_assert_uint_eq(dispatch_queue_length(d, G1), 0);
	dispatch_free(d);
}
END_TEST

START_TEST(idmap_matches_an_array_through_churn)
{
	enum { N = 5000 };
	static void *ref[N];
	struct idmap m;
	uint64_t x = 88172645463325252ull;

	idmap_init(&m);
	memset(ref, 0, sizeof ref);
	for (int step = 0; step < 200000; step++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		int64_t id = (int64_t)(x % (N - 1)) + 1;
		if (x & (1ull << 40)) {
			idmap_put(&m, id, (void *)(intptr_t)(step + 1));
			ref[id] = (void *)(intptr_t)(step + 1);
		} else {
			ck_assert_ptr_eq(idmap_remove(&m, id), ref[id]);
			ref[id] = NULL;
		}
	}
	size_t live = 0;
	for (int64_t id = 1; id < N; id++) {
		ck_assert_ptr_eq(idmap_get(&m, id), ref[id]);
		live += ref[id] != NULL;
	}
	ck_assert_uint_eq(m.len, live);
	ck_assert_ptr_null(idmap_get(&m, -1));
	idmap_free(&m);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("dispatch");

	UNIT_TEST(s, placed_with_least_loaded_then_queued);
	UNIT_TEST(s, vip_and_priority_first_when_room_frees);
	UNIT_TEST(s, best_waiting_ticket_across_groups);
	UNIT_TEST(s, language_and_tier_respected);
	UNIT_TEST(s, requeue_live_chats_exactly_after_grace);
	UNIT_TEST(s, coming_back_within_grace_keeps_chats);
	UNIT_TEST(s, shift_start_and_end_at_exact_instants);
	UNIT_TEST(s, manual_assignment_overrides_capacity_and_presence);
	UNIT_TEST(s, reassign_prefers_someone_else);
	UNIT_TEST(s, agent_removed_hands_everything_back);
	UNIT_TEST(s, ticket_changes_reorder_the_queue);
	UNIT_TEST(s, long_queue_keeps_order_through_churn);
	UNIT_TEST(s, idmap_matches_an_array_through_churn);
	return unit_run(s, "dispatch");
}
