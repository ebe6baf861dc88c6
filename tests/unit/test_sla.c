/* test_sla.c — the first-reply target: due 10 minutes after creation, fulfilled by the first
 * public reply, breached (breached_at = due_at) once missed. */
#include "core/sla.h"
#include "unit_main.h"

#define T0  1795000000000 /* some creation time, ms */
#define MIN (60 * 1000)

START_TEST(due_ten_minutes_after_creation)
{
	struct sla_metric m = sla_first_reply(T0, 0, T0);

	ck_assert_int_eq(SLA_FIRST_REPLY_MS, 600000);
	ck_assert_int_eq(m.due_at, T0 + 10 * MIN);
	ck_assert_int_eq(m.fulfilled_at, 0);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(open_before_due_not_breached)
{
	struct sla_metric m = sla_first_reply(T0, 0, T0 + 9 * MIN);

	ck_assert_int_eq(m.fulfilled_at, 0);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(open_exactly_at_due_not_breached)
{
	struct sla_metric m = sla_first_reply(T0, 0, T0 + 10 * MIN);

	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(open_past_due_breached)
{
	struct sla_metric m = sla_first_reply(T0, 0, T0 + 10 * MIN + 1);

	ck_assert_int_eq(m.fulfilled_at, 0);
	ck_assert_int_eq(m.breached_at, T0 + 10 * MIN);
	m = sla_first_reply(T0, 0, T0 + 3 * 24 * 60 * MIN);
	ck_assert_int_eq(m.breached_at, m.due_at);
}
END_TEST

START_TEST(replied_in_time_fulfilled)
{
	/* seen long after: an answered ticket stays within target */
	struct sla_metric m = sla_first_reply(T0, T0 + 4 * MIN, T0 + 60 * MIN);

	ck_assert_int_eq(m.due_at, T0 + 10 * MIN);
	ck_assert_int_eq(m.fulfilled_at, T0 + 4 * MIN);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(replied_exactly_at_due_fulfilled)
{
	struct sla_metric m = sla_first_reply(T0, T0 + 10 * MIN, T0 + 11 * MIN);

	ck_assert_int_eq(m.fulfilled_at, T0 + 10 * MIN);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(replied_late_fulfilled_and_breached)
{
	struct sla_metric m = sla_first_reply(T0, T0 + 10 * MIN + 1, T0 + 11 * MIN);

	ck_assert_int_eq(m.fulfilled_at, T0 + 10 * MIN + 1);
	ck_assert_int_eq(m.breached_at, T0 + 10 * MIN);
}
END_TEST

START_TEST(breach_does_not_depend_on_now_once_replied)
{
	/* `now` earlier than the reply (a clock that moved back) changes nothing */
	struct sla_metric a = sla_first_reply(T0, T0 + 20 * MIN, T0);
	struct sla_metric b = sla_first_reply(T0, T0 + 20 * MIN, T0 + 99 * MIN);

	ck_assert_int_eq(a.breached_at, T0 + 10 * MIN);
	ck_assert_int_eq(b.breached_at, T0 + 10 * MIN);
	ck_assert_int_eq(a.fulfilled_at, b.fulfilled_at);
}
END_TEST

START_TEST(unset_creation_has_no_target)
{
	struct sla_metric m = sla_first_reply(0, 0, T0);

	ck_assert_int_eq(m.due_at, 0);
	ck_assert_int_eq(m.fulfilled_at, 0);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

START_TEST(extreme_creation_time_no_overflow)
{
	struct sla_metric m = sla_first_reply(INT64_MAX - 5, 0, INT64_MAX);

	ck_assert_int_eq(m.due_at, INT64_MAX);
	ck_assert_int_eq(m.breached_at, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sla");

	UNIT_TEST(s, due_ten_minutes_after_creation);
	UNIT_TEST(s, open_before_due_not_breached);
	UNIT_TEST(s, open_exactly_at_due_not_breached);
	UNIT_TEST(s, open_past_due_breached);
	UNIT_TEST(s, replied_in_time_fulfilled);
	UNIT_TEST(s, replied_exactly_at_due_fulfilled);
	UNIT_TEST(s, replied_late_fulfilled_and_breached);
	UNIT_TEST(s, breach_does_not_depend_on_now_once_replied);
	UNIT_TEST(s, unset_creation_has_no_target);
	UNIT_TEST(s, extreme_creation_time_no_overflow);
	return unit_run(s, "sla");
}
