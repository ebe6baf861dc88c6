/* test_perm.c — the role x permission table and ticket visibility, checked cell by cell against
 * docs/api.md ("Permissions") as written out below, independently of perm.c's table. */
#include "core/perm.h"
#include "unit_main.h"

/* Permission names of docs/api.md in enum order (the order is part of perm.h). */
static const char *const perm_doc[] = {
    "none",          "authenticated", "ticket.read",     "ticket.create",
    "ticket.update", "ticket.reply",  "ticket.note",     "ticket.escalate",
    "ticket.merge",  "customer.read", "customer.update", "customer.pii",
    "agent.read",    "agent.manage",  "presence.self",   "presence.others",
    "group.read",    "group.manage",  "tag.read",        "token.manage",
    "audit.read",    "audit.verify",  "settings.manage", "content.manage",
    "exchange.read", "exchange.act",  "exchange.approve", "incident.manage",
};
static const char *const role_doc[] = {"admin", "supervisor", "agent", "qa"};

/* What each role may do, by name. Admin may do everything; supervisor everything but the five
 * admin-only permissions. */
static const char *const supervisor_denied[] = {"agent.manage", "group.manage", "token.manage",
                                                "settings.manage", "audit.verify"};
static const char *const agent_allowed[] = {
    "none",          "authenticated", "ticket.read",     "ticket.create",
    "ticket.update", "ticket.reply",  "ticket.note",     "ticket.escalate",
    "ticket.merge",  "customer.read", "customer.update", "customer.pii",
    "agent.read",    "group.read",    "tag.read",        "presence.self",
    "exchange.read", "exchange.act",
};
static const char *const qa_allowed[] = {
    "none",       "authenticated", "ticket.read",   "customer.read", "agent.read",
    "group.read", "tag.read",      "presence.self", "audit.read",  "exchange.read",
};

static bool in_list(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

#define IN(list, name) in_list((list), sizeof(list) / sizeof((list)[0]), (name))

static bool expect_allowed(int role, int perm)
{
	const char *p = perm_doc[perm];

	switch (role) {
	case ROLE_ADMIN:
		return true;
	case ROLE_SUPERVISOR:
		return !IN(supervisor_denied, p);
	case ROLE_AGENT:
		return IN(agent_allowed, p);
	case ROLE_QA:
		return IN(qa_allowed, p);
	}
	return false;
}

START_TEST(matrix_cell)
{
	int perm = _i / ROLE_COUNT, role = _i % ROLE_COUNT;
	bool want = expect_allowed(role, perm),
	     got = perm_allowed((enum role)role, (enum perm)perm);
	ck_assert_msg(got == want, "%s %s: got %s, want %s", role_doc[role], perm_doc[perm],
	              got ? "allowed" : "denied", want ? "allowed" : "denied");
}
END_TEST

START_TEST(perm_names_match_docs)
{
	ck_assert_int_eq(sizeof perm_doc / sizeof perm_doc[0], PERM_COUNT);
	for (int p = 0; p < PERM_COUNT; p++)
		ck_assert_pstr_eq(perm_name((enum perm)p), perm_doc[p]);
	ck_assert_ptr_null(perm_name(PERM_COUNT));
}
END_TEST

START_TEST(role_names_round_trip)
{
	ck_assert_int_eq(sizeof role_doc / sizeof role_doc[0], ROLE_COUNT);
	for (int r = 0; r < ROLE_COUNT; r++) {
		enum role got = ROLE_COUNT;
		ck_assert_pstr_eq(role_name((enum role)r), role_doc[r]);
		ck_assert(role_parse(role_doc[r], &got));
		ck_assert_int_eq(got, r);
	}
	ck_assert_ptr_null(role_name(ROLE_COUNT));
}
END_TEST

START_TEST(role_parse_rejects_near_misses)
{
	static const char *const bad[] = {"Admin", "ADMIN", "admin ",      " qa",     "",
	                                  "QA",    "owner", "supervisors", "agent\n", "root"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum role r = ROLE_QA;
		ck_assert_msg(!role_parse(bad[i], &r), "role \"%s\" accepted", bad[i]);
		ck_assert_int_eq(r, ROLE_QA);
	}
	{
		enum role r = ROLE_QA;
		ck_assert(!role_parse(NULL, &r));
	}
}
END_TEST

START_TEST(tier_names_round_trip)
{
	static const char *const tier_doc[] = {"L1", "L2", "expert"};
	static const char *const bad[] = {"l1", "L3", "Expert", "", "L1 ", "vip"};

	for (int t = 0; t < TIER_COUNT; t++) {
		enum tier got = TIER_COUNT;
		ck_assert_pstr_eq(tier_name((enum tier)t), tier_doc[t]);
		ck_assert(tier_parse(tier_doc[t], &got));
		ck_assert_int_eq(got, t);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum tier t = TIER_L2;
		ck_assert_msg(!tier_parse(bad[i], &t), "tier \"%s\" accepted", bad[i]);
		ck_assert_int_eq(t, TIER_L2);
	}
}
END_TEST

START_TEST(out_of_range_denied)
{
	ck_assert(!perm_allowed(ROLE_COUNT, PERM_NONE));
	ck_assert(!perm_allowed((enum role)(-1), PERM_AUTHENTICATED));
	ck_assert(!perm_allowed(ROLE_ADMIN, PERM_COUNT));
	ck_assert(!perm_allowed(ROLE_ADMIN, (enum perm)(-1)));
	ck_assert(!perm_sees_all_tickets(ROLE_COUNT));
	ck_assert(!perm_ticket_visible(ROLE_COUNT, 7, NULL, 0, 2, 7));
}
END_TEST

START_TEST(sees_all_tickets)
{
	ck_assert(perm_sees_all_tickets(ROLE_ADMIN));
	ck_assert(perm_sees_all_tickets(ROLE_SUPERVISOR));
	ck_assert(perm_sees_all_tickets(ROLE_QA));
	ck_assert(!perm_sees_all_tickets(ROLE_AGENT));
}
END_TEST

static const int64_t groups_2_5[] = {2, 5};

START_TEST(agent_sees_own_group)
{
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 2, 0));
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 5, 0));
	/* assigned to a colleague, but in one of our groups */
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 5, 9));
}
END_TEST

START_TEST(agent_sees_assigned_outside_groups)
{
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 3, 7));
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 0, 7));
	ck_assert(perm_ticket_visible(ROLE_AGENT, 7, NULL, 0, 3, 7));
}
END_TEST

START_TEST(agent_blind_to_other_groups)
{
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 3, 0));
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 3, 9));
	/* the group list is (pointer, count): a group past the count is not ours */
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 1, 5, 0));
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, NULL, 0, 2, 0));
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, NULL, 3, 2, 0));
}
END_TEST

START_TEST(agent_blind_to_unrouted_unassigned)
{
	static const int64_t with_zero[] = {0, 2};

	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, groups_2_5, 2, 0, 0));
	/* 0 means unset on both sides and must never match itself */
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 7, with_zero, 2, 0, 0));
	ck_assert(!perm_ticket_visible(ROLE_AGENT, 0, groups_2_5, 2, 3, 0));
}
END_TEST

START_TEST(others_see_every_ticket)
{
	static const enum role all[] = {ROLE_ADMIN, ROLE_SUPERVISOR, ROLE_QA};

	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		ck_assert(perm_ticket_visible(all[i], 7, NULL, 0, 3, 9));
		ck_assert(perm_ticket_visible(all[i], 7, NULL, 0, 0, 0));
		ck_assert(perm_ticket_visible(all[i], 7, groups_2_5, 2, 3, 0));
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("perm");

	for (int p = 0; p < PERM_COUNT; p++)
		for (int r = 0; r < ROLE_COUNT; r++)
			unit_add_case(s,
			              unit_name("%s %s %s", role_doc[r],
			                        expect_allowed(r, p) ? "may" : "may not",
			                        perm_doc[p]),
			              matrix_cell, p * ROLE_COUNT + r);
	UNIT_TEST(s, perm_names_match_docs);
	UNIT_TEST(s, role_names_round_trip);
	UNIT_TEST(s, role_parse_rejects_near_misses);
	UNIT_TEST(s, tier_names_round_trip);
	UNIT_TEST(s, out_of_range_denied);
	UNIT_TEST(s, sees_all_tickets);
	UNIT_TEST(s, agent_sees_own_group);
	UNIT_TEST(s, agent_sees_assigned_outside_groups);
	UNIT_TEST(s, agent_blind_to_other_groups);
	UNIT_TEST(s, agent_blind_to_unrouted_unassigned);
	UNIT_TEST(s, others_see_every_ticket);
	return unit_run(s, "perm");
}
