/* test_shift.c — named shifts: the text form, the demo's Singapore day/night pair covering the
 * clock exactly once, shifts crossing midnight (belonging to the day they start), the next start
 * for "the desk answers at ..." replies, and night shifts over DST changes in Berlin and New York.
 * Expected instants are UTC, written from the zones' known offsets. */
#include "core/shift.h"
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

static struct shift shift_of(const char *text)
{
	struct shift s;
	struct calendar_diag d = {0};
	enum calendar_err e = shift_parse(text, strlen(text), &s, &d);

	ck_assert_msg(e == CALENDAR_OK, "parse \"%s\": %s", text, d.message);
	return s;
}

static const struct {
	const char *in, *out;
} canon[] = {
    {"tz=Asia/Singapore; 09:00-24:00; mon-sun", "tz=Asia/Singapore; mon-sun 09:00-24:00"},
    {"tz=Asia/Singapore; 00:00-09:00", "tz=Asia/Singapore; mon-sun 00:00-09:00"},
    {"mon-fri 22:00-06:00; tz=Europe/Berlin", "tz=Europe/Berlin; mon-fri 22:00-06:00"},
    {"TZ=utc; 22:00-00:00; Weekend", "tz=UTC; sat-sun 22:00-24:00"},
    {"tz=UTC; 00:00-00:00; mon,wed,fri", "tz=UTC; mon,wed,fri 00:00-24:00"},
    {"tz=UTC; sat-mon 8:00-16:00", "tz=UTC; mon,sat-sun 08:00-16:00"},
};

START_TEST(canonical_form_round_trips)
{
	struct shift s = shift_of(canon[_i].in), back;
	char buf[SHIFT_TEXT_MAX];

	ck_assert_uint_eq(shift_format(&s, buf, sizeof buf), strlen(canon[_i].out));
	ck_assert_str_eq(buf, canon[_i].out);
	back = shift_of(buf);
	ck_assert(shift_equal(&s, &back));
}
END_TEST

static const struct {
	const char *in;
	enum calendar_err err;
	const char *says;
} refusals[] = {
    {"", CALENDAR_ERR_EMPTY, "empty shift"},
    {"09:00-18:00; mon-fri", CALENDAR_ERR_ZONE, "needs a time zone"},
    {"tz=Mars/Base; 09:00-18:00", CALENDAR_ERR_ZONE, "unknown time zone \"Mars/Base\""},
    {"tz=UTC; mon-fri", CALENDAR_ERR_INTERVAL, "needs its hours"},
    {"tz=UTC; 25:00-26:00", CALENDAR_ERR_TIME, "\"25:00\" is not a time of day"},
    {"tz=UTC; 24:00-06:00", CALENDAR_ERR_TIME, "24:00 only ends an interval"},
    {"tz=UTC; 09:00", CALENDAR_ERR_INTERVAL, "expected a time range like 09:00-18:00"},
    {"tz=UTC; 09:00-09:00", CALENDAR_ERR_INTERVAL, "ends when it starts is ambiguous"},
    {"tz=UTC; 09:00-18:00; mon-xyz", CALENDAR_ERR_DAY, "unknown day \"xyz\""},
    {"tz=UTC; 09:00-18:00; 10:00-11:00", CALENDAR_ERR_CONFLICT, "time range is given twice"},
    {"tz=UTC; mon 09:00-18:00; tue", CALENDAR_ERR_CONFLICT, "days are given twice"},
    {"tz=UTC; tz=UTC; 09:00-18:00", CALENDAR_ERR_CONFLICT, "tz= is given twice"},
};

START_TEST(bad_input_is_refused_clearly)
{
	struct shift s = {NULL, 1, 2, 3};
	struct calendar_diag d = {0};
	enum calendar_err e = shift_parse(refusals[_i].in, strlen(refusals[_i].in), &s, &d);

	ck_assert_msg(e == refusals[_i].err, "got %s (%s)", calendar_strerror(e), d.message);
	ck_assert_msg(strstr(d.message, refusals[_i].says) != NULL, "message: %s", d.message);
	ck_assert(s.zone == NULL && s.start == 1 && s.end == 2 && s.days == 3);
	ck_assert_int_eq(shift_validate(refusals[_i].in, strlen(refusals[_i].in), NULL), e);
}
END_TEST

START_TEST(singapore_day_and_night_cover_every_minute_once)
{
	struct shift day = shift_of("tz=Asia/Singapore; 09:00-24:00; mon-sun");
	struct shift night = shift_of("tz=Asia/Singapore; 00:00-09:00; mon-sun");
	const int64_t from = U(2026, 3, 1, 0, 0);

	/* 09:00 SGT is 01:00 UTC; midnight SGT is 16:00 UTC */
	ck_assert(shift_active(&day, U(2026, 5, 4, 1, 0)));
	ck_assert(!shift_active(&night, U(2026, 5, 4, 1, 0)));
	ck_assert(shift_active(&night, U(2026, 5, 4, 1, 0) - 1));
	ck_assert(shift_active(&day, U(2026, 5, 4, 16, 0) - 1));
	ck_assert(shift_active(&night, U(2026, 5, 4, 16, 0)));
	for (int64_t t = from; t < from + 14 * DAY; t += 7 * MIN + 13 * SEC)
		ck_assert_msg(shift_active(&day, t) != shift_active(&night, t), "at %lld",
		              (long long)t);
}
END_TEST

START_TEST(night_shift_belongs_to_the_day_it_starts)
{
	/* Friday 22:00 to Saturday 06:00, UTC; 2026-05-01 is a Friday */
	struct shift s = shift_of("tz=UTC; fri 22:00-06:00");
	int64_t a = 0, b = 0;

	ck_assert(!shift_active(&s, U(2026, 5, 1, 21, 59)));
	ck_assert(shift_active(&s, U(2026, 5, 1, 22, 0)));
	ck_assert(shift_active(&s, U(2026, 5, 2, 5, 59)));
	ck_assert(!shift_active(&s, U(2026, 5, 2, 6, 0)));
	ck_assert(!shift_active(&s, U(2026, 5, 2, 23, 0))); /* Saturday night: not a start day */
	ck_assert(!shift_active(&s, U(2026, 5, 1, 3, 0)));  /* Friday morning: Thursday's run */
	ck_assert(shift_current(&s, U(2026, 5, 2, 1, 0), &a, &b));
	ck_assert_int_eq(a, U(2026, 5, 1, 22, 0));
	ck_assert_int_eq(b, U(2026, 5, 2, 6, 0));
	ck_assert(!shift_current(&s, U(2026, 5, 3, 1, 0), &a, &b));
	ck_assert_int_eq(a, U(2026, 5, 1, 22, 0)); /* untouched */
}
END_TEST

START_TEST(next_start_says_when_the_desk_answers)
{
	struct shift s = shift_of("tz=Asia/Singapore; mon-fri 09:00-18:00");
	const int64_t mon_0900 = U(2026, 5, 4, 1, 0);

	/* Saturday noon SGT: Monday 09:00 */
	ck_assert_int_eq(shift_next_start(&s, U(2026, 5, 2, 4, 0)), mon_0900);
	ck_assert_int_eq(shift_next_start(&s, mon_0900), mon_0900);
	/* already on: the next run */
	ck_assert_int_eq(shift_next_start(&s, mon_0900 + 1), mon_0900 + DAY);
	/* Friday evening: Monday */
	ck_assert_int_eq(shift_next_start(&s, U(2026, 5, 8, 12, 0)), U(2026, 5, 11, 1, 0));
	ck_assert_int_eq(shift_next_start(&s, CALENDAR_TIME_MAX), CALENDAR_NEVER);
	ck_assert(!shift_active(&s, -1));
	ck_assert(!shift_active(&s, INT64_MAX));
}
END_TEST

START_TEST(night_shifts_over_dst_are_real_time)
{
	struct shift be = shift_of("tz=Europe/Berlin; daily 22:00-06:00");
	struct shift ny = shift_of("tz=America/New_York; daily 22:00-06:00");
	int64_t a, b;

	/* Berlin, Sat 2026-03-28 22:00 CET (21:00 UTC) to Sun 06:00 CEST (04:00 UTC): 7 h */
	ck_assert(shift_current(&be, U(2026, 3, 29, 1, 30), &a, &b));
	ck_assert_int_eq(a, U(2026, 3, 28, 21, 0));
	ck_assert_int_eq(b, U(2026, 3, 29, 4, 0));
	/* Berlin, Sat 2026-10-24 22:00 CEST (20:00 UTC) to Sun 06:00 CET (05:00 UTC): 9 h */
	ck_assert(shift_current(&be, U(2026, 10, 25, 1, 30), &a, &b));
	ck_assert_int_eq(a, U(2026, 10, 24, 20, 0));
	ck_assert_int_eq(b, U(2026, 10, 25, 5, 0));
	ck_assert(shift_active(&be, U(2026, 10, 25, 5, 0) - 1));
	ck_assert(!shift_active(&be, U(2026, 10, 25, 5, 0)));
	/* New York, Sat 2026-03-07 22:00 EST (03:00 UTC) to Sun 06:00 EDT (10:00 UTC): 7 h */
	ck_assert(shift_current(&ny, U(2026, 3, 8, 7, 0), &a, &b));
	ck_assert_int_eq(a, U(2026, 3, 8, 3, 0));
	ck_assert_int_eq(b, U(2026, 3, 8, 10, 0));
	/* New York, Sat 2026-10-31 22:00 EDT (02:00 UTC) to Sun 06:00 EST (11:00 UTC): 9 h */
	ck_assert(shift_current(&ny, U(2026, 11, 1, 6, 0), &a, &b));
	ck_assert_int_eq(a, U(2026, 11, 1, 2, 0));
	ck_assert_int_eq(b, U(2026, 11, 1, 11, 0));
	ck_assert_int_eq(shift_next_start(&ny, U(2026, 11, 1, 6, 0)), U(2026, 11, 2, 3, 0));
}
END_TEST

START_TEST(shift_starting_in_the_skipped_hour)
{
	/* 02:30 does not exist in Berlin on 2026-03-29: the shift starts at the jump */
	struct shift s = shift_of("tz=Europe/Berlin; sun 02:30-04:00");
	int64_t a, b;

	ck_assert_int_eq(shift_next_start(&s, U(2026, 3, 28, 0, 0)), U(2026, 3, 29, 1, 0));
	ck_assert(shift_current(&s, U(2026, 3, 29, 1, 0), &a, &b));
	ck_assert_int_eq(b, U(2026, 3, 29, 2, 0));
	/* an ordinary Sunday: 02:30 CET is 01:30 UTC */
	ck_assert_int_eq(shift_next_start(&s, U(2026, 3, 22, 0, 0)), U(2026, 3, 22, 1, 30));
}
END_TEST

/* The fast path (steady offset) and the slow path (near a transition) must agree with the runs
 * that shift_next_start() and shift_current() describe, through both DST changes. */
START_TEST(active_matches_the_chain_of_runs)
{
	static const char *const texts[] = {
	    "tz=Europe/Berlin; daily 22:00-06:00", "tz=America/New_York; fri-mon 01:30-02:30",
	    "tz=Europe/Berlin; mon-sat 00:00-24:00", "tz=Asia/Singapore; tue,thu 23:00-01:00"};

	for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
		struct shift s = shift_of(texts[k]);
		int64_t from = U(2026, 3, 1, 0, 0), to = U(2026, 11, 15, 0, 0);
		int64_t rs = shift_next_start(&s, from), re = from;
		int64_t a, b;

		/* a run in progress at `from` */
		if (shift_current(&s, from, &a, &b))
			re = b;
		for (int64_t t = from; t < to; t += 17 * MIN + 1) {
			bool in_prev = t < re;
			while (rs != CALENDAR_NEVER && t >= rs) {
				ck_assert(shift_current(&s, rs, &a, &b));
				ck_assert_int_eq(a, rs);
				re = b;
				rs = shift_next_start(&s, rs + 1);
				in_prev = t < re;
			}
			ck_assert_msg(shift_active(&s, t) == in_prev, "%s at %lld", texts[k],
			              (long long)t);
		}
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("shift");

	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++)
		unit_add_case(s, unit_name("canonical form round trips: %s", canon[i].in),
		              canonical_form_round_trips, (int)i);
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
		unit_add_case(s, unit_name("refused: \"%s\"", refusals[i].in),
		              bad_input_is_refused_clearly, (int)i);
	UNIT_TEST(s, singapore_day_and_night_cover_every_minute_once);
	UNIT_TEST(s, night_shift_belongs_to_the_day_it_starts);
	UNIT_TEST(s, next_start_says_when_the_desk_answers);
	UNIT_TEST(s, night_shifts_over_dst_are_real_time);
	UNIT_TEST(s, shift_starting_in_the_skipped_hour);
	UNIT_TEST(s, active_matches_the_chain_of_runs);
	return unit_run(s, "shift");
}
