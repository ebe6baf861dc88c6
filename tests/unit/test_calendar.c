/* test_calendar.c — business calendars: the text form (canonical round trip, clear refusals),
 * business time across weekends, holidays, intervals ending at 24:00, and DST changes in
 * Europe/Berlin and America/New_York in both directions, against Asia/Singapore which has none.
 *
 * Expected instants are written in UTC from the zones' known offsets (Berlin CET +1 / CEST +2,
 * New York EST -5 / EDT -4, Singapore +8), not derived from the code under test. */
#include "core/calendar.h"
#include "unit_main.h"

#include <pthread.h>

#define SEC  INT64_C(1000)
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

/* days since 1970-01-01 of a proleptic Gregorian date (an independent copy of the formula) */
static int64_t civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* a UTC instant */
#define U(y, mo, d, h, mi) (civil(y, mo, d) * DAY + (h)*HOUR + (mi)*MIN)

static struct calendar cal_of(const char *text)
{
	struct calendar c;
	struct calendar_diag d = {0};
	enum calendar_err e = calendar_parse(text, strlen(text), &c, &d);

	ck_assert_msg(e == CALENDAR_OK, "parse \"%s\": %s", text, d.message);
	return c;
}

START_TEST(utc_helper_is_right)
{
	ck_assert_int_eq(U(1970, 1, 1, 0, 0), 0);
	ck_assert_int_eq(U(2026, 1, 1, 0, 0), INT64_C(1767225600000));
	ck_assert_int_eq(U(2400, 1, 1, 0, 0), CALENDAR_TIME_MAX);
}
END_TEST

START_TEST(always_open_is_plain_arithmetic)
{
	struct calendar c = cal_of("24/7"), init;
	const int64_t t = U(2026, 5, 2, 3, 4); /* a Saturday night */

	calendar_init_24x7(&init);
	ck_assert(calendar_equal(&c, &init));
	for (int k = 0; k < 2; k++) {
		const struct calendar *cal = k ? &c : NULL; /* NULL means 24/7 too */
		ck_assert(calendar_is_open(cal, t));
		ck_assert_int_eq(calendar_next_open(cal, t), t);
		ck_assert_int_eq(calendar_add_business_ms(cal, t, 90 * MIN), t + 90 * MIN);
		ck_assert_int_eq(calendar_business_ms_between(cal, t, t + 3 * DAY), 3 * DAY);
		ck_assert_int_eq(calendar_business_ms_between(cal, t, t - 1), 0);
		/* saturating, never wrapping */
		ck_assert_int_eq(calendar_add_business_ms(cal, INT64_MAX - 5, 10), CALENDAR_NEVER);
		ck_assert_int_eq(calendar_business_ms_between(cal, INT64_MIN, INT64_MAX),
		                 INT64_MAX);
	}
}
END_TEST

/* text in, canonical text out, and the canonical text parses to the same calendar */
static const struct {
	const char *in, *out;
} canon[] = {
    {"24/7", "24/7"},
    {"  24/7 ; ", "24/7"},
    {"tz=UTC; 24/7", "tz=UTC; 24/7"},
    {"tz=Asia/Singapore; mon-fri 09:00-18:00; sat 10:00-14:00; holidays 2026-12-25,2027-01-01",
     "tz=Asia/Singapore; mon-fri 09:00-18:00; sat 10:00-14:00; holidays 2026-12-25,2027-01-01"},
    /* zone case fixed, days merged per day, touching/overlapping intervals merged */
    {"TZ = europe/berlin ; MON,wed,Fri 08:00-12:00 , 13:00-17:00;tue-thu 09:00-24:00;mon "
     "11:00-14:00",
     "tz=Europe/Berlin; mon 08:00-17:00; tue 09:00-24:00; wed 08:00-24:00; thu 09:00-24:00; "
     "fri 08:00-12:00,13:00-17:00"},
    /* a wrapping range, 00:00 as an end, one-digit hours */
    {"tz=UTC; fri-mon 22:00-00:00", "tz=UTC; mon 22:00-24:00; fri-sun 22:00-24:00"},
    {"tz=UTC; daily 00:00-00:00", "tz=UTC; mon-sun 00:00-24:00"},
    {"tz=UTC; weekdays 9:00-17:30; weekend 10:00-12:00",
     "tz=UTC; mon-fri 09:00-17:30; sat-sun 10:00-12:00"},
    {"tz=UTC; monday 09:00-10:00; sunday 11:00-12:00", "tz=UTC; mon 09:00-10:00; sun 11:00-12:00"},
    /* holidays sorted and deduplicated, spaces as separators */
    {"tz=UTC; mon 09:00-10:00; holidays 2027-01-01 2026-12-25, 2026-12-25; holiday 2026-05-01",
     "tz=UTC; mon 09:00-10:00; holidays 2026-05-01,2026-12-25,2027-01-01"},
    /* an alias is kept as written, not replaced by ICU's canonical Asia/Calcutta */
    {"tz=Asia/Kolkata; mon-fri 10:00-19:00", "tz=Asia/Kolkata; mon-fri 10:00-19:00"},
};

START_TEST(canonical_form_round_trips)
{
	struct calendar c = cal_of(canon[_i].in), back;
	char buf[CALENDAR_TEXT_MAX + 1];
	size_t n = calendar_format(&c, buf, sizeof buf);

	ck_assert_uint_eq(n, strlen(buf));
	ck_assert_str_eq(buf, canon[_i].out);
	back = cal_of(buf);
	ck_assert(calendar_equal(&c, &back));
}
END_TEST

START_TEST(format_reports_needed_length)
{
	struct calendar c = cal_of("tz=Asia/Singapore; mon-fri 09:00-18:00");
	char small[8];
	size_t n = calendar_format(&c, small, sizeof small);

	ck_assert_uint_eq(n, strlen("tz=Asia/Singapore; mon-fri 09:00-18:00"));
	ck_assert_str_eq(small, "tz=Asia");
}
END_TEST

/* what an admin typed, what they are told */
static const struct {
	const char *in;
	enum calendar_err err;
	size_t offset;
	const char *says;
} refusals[] = {
    {"", CALENDAR_ERR_EMPTY, 0, "empty calendar"},
    {" ; ;  ", CALENDAR_ERR_EMPTY, 0, "empty calendar"},
    {"tz=Mars/Olympus; mon 09:00-10:00", CALENDAR_ERR_ZONE, 3,
     "unknown time zone \"Mars/Olympus\""},
    {"tz=; mon 09:00-10:00", CALENDAR_ERR_ZONE, 3, "unknown time zone"},
    {"tz=GMT+8; mon 09:00-10:00", CALENDAR_ERR_ZONE, 3, "unknown time zone \"GMT+8\""},
    {"tz=UTC; mon 25:00-26:00", CALENDAR_ERR_TIME, 12, "\"25:00\" is not a time of day"},
    {"tz=UTC; mon 09:00-24:01", CALENDAR_ERR_TIME, 18, "\"24:01\" is not a time of day"},
    {"tz=UTC; mon 24:00-24:00", CALENDAR_ERR_TIME, 12, "24:00 only ends an interval"},
    {"tz=UTC; mon 12:60-13:00", CALENDAR_ERR_TIME, 12, "minutes run from 00 to 59"},
    {"tz=UTC; mon 0900-1800", CALENDAR_ERR_TIME, 12, "\"0900\" is not a time"},
    {"tz=UTC; mon 09:00", CALENDAR_ERR_INTERVAL, 12, "expected an interval like 09:00-18:00"},
    {"tz=UTC; mon-xyz 09:00-10:00", CALENDAR_ERR_DAY, 12, "unknown day \"xyz\" in \"mon-xyz\""},
    {"tz=UTC; mon- 09:00-10:00", CALENDAR_ERR_DAY, 12, "expected a day after \"-\""},
    {"tz=UTC; mon;tue 09:00-10:00", CALENDAR_ERR_SYNTAX, 8, "\"mon\" has no hours"},
    {"tz=UTC; mon tue 09:00-10:00", CALENDAR_ERR_DAY, 12, "separate days with ','"},
    {"tz=UTC; funday 09:00-10:00", CALENDAR_ERR_DAY, 8, "unknown day \"funday\""},
    {"tz=UTC; 09:00-18:00", CALENDAR_ERR_SYNTAX, 8, "is not understood"},
    {"tz=UTC; mon 18:00-09:00", CALENDAR_ERR_INTERVAL, 12, "ends before it starts"},
    {"tz=UTC; mon 09:00-09:00", CALENDAR_ERR_INTERVAL, 12, "is empty"},
    {"mon-fri 09:00-18:00", CALENDAR_ERR_ZONE, 0, "need a time zone"},
    {"tz=UTC", CALENDAR_ERR_EMPTY, 0, "no opening hours"},
    {"tz=UTC; tz=UTC; mon 09:00-10:00", CALENDAR_ERR_CONFLICT, 8, "tz= is given twice"},
    {"tz=UTC; mon 09:00-10:00; holidays 2026-02-30", CALENDAR_ERR_DATE, 34,
     "\"2026-02-30\" is not a date"},
    {"tz=UTC; mon 09:00-10:00; holidays 1969-12-31", CALENDAR_ERR_DATE, 34, "from 1970 to 2399"},
    {"tz=UTC; mon 09:00-10:00; holidays 2026-1-5", CALENDAR_ERR_DATE, 34, "write YYYY-MM-DD"},
    {"tz=UTC; mon 09:00-10:00; holidays", CALENDAR_ERR_DATE, 33, "at least one date"},
    {"tz=UTC; 24/7; mon 09:00-10:00", CALENDAR_ERR_CONFLICT, 0, "24/7 cannot have hours"},
    {"24/7; holidays 2026-12-25", CALENDAR_ERR_CONFLICT, 0, "or holidays"},
    {"24/7; 24/7", CALENDAR_ERR_CONFLICT, 6, "24/7 is given twice"},
    {"tz=UTC; mon 01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,09:00-10:00,11:00-12:00,"
     "13:00-14:00,15:00-16:00,17:00-18:00",
     CALENDAR_ERR_LIMIT, 108, "more than 8 opening intervals on monday"},
    /* control bytes are shown as '?', never copied into the message */
    {"tz=UTC; mon\x01 09:00-10:00", CALENDAR_ERR_DAY, 11, "unexpected \"?\" in days \"mon?\""},
};

START_TEST(bad_input_is_refused_clearly)
{
	struct calendar c, untouched;
	struct calendar_diag d = {0};
	enum calendar_err e;

	memset(&c, 0x5a, sizeof c);
	untouched = c;
	e = calendar_parse(refusals[_i].in, strlen(refusals[_i].in), &c, &d);
	ck_assert_msg(e == refusals[_i].err, "got %s (%s)", calendar_strerror(e), d.message);
	ck_assert_msg(strstr(d.message, refusals[_i].says) != NULL, "message: %s", d.message);
	ck_assert_msg(d.offset == refusals[_i].offset, "offset %zu, message: %s", d.offset,
	              d.message);
	ck_assert(memcmp(&c, &untouched, sizeof c) == 0);
	ck_assert_int_eq(calendar_validate(refusals[_i].in, strlen(refusals[_i].in), NULL), e);
}
END_TEST

START_TEST(too_long_and_nul_bytes_refused)
{
	static char big[CALENDAR_TEXT_MAX + 2];
	struct calendar_diag d;
	const char with_nul[] = "tz=UTC; mon 09:00-10:00\0; tue 09:00-10:00";

	memset(big, ' ', sizeof big - 1);
	ck_assert_int_eq(calendar_validate(big, sizeof big - 1, &d), CALENDAR_ERR_TOO_LONG);
	ck_assert_ptr_nonnull(strstr(d.message, "longer than 8192 bytes"));
	ck_assert_int_ne(calendar_validate(with_nul, sizeof with_nul - 1, &d), CALENDAR_OK);
	ck_assert_str_eq(calendar_strerror(CALENDAR_ERR_ZONE), "unknown time zone");
}
END_TEST

START_TEST(zone_lookup_and_helpers)
{
	const struct calendar_zone *z1, *z2, *sg;
	struct calendar_local l;
	char name[128];

	ck_assert_int_eq(calendar_zone_find("Europe/Berlin", 13, &z1, NULL), CALENDAR_OK);
	ck_assert_int_eq(calendar_zone_find("EUROPE/BERLIN", 13, &z2, NULL), CALENDAR_OK);
	ck_assert_ptr_eq(z1, z2); /* cached once, shared */
	ck_assert_str_eq(calendar_zone_name(z2), "Europe/Berlin");
	ck_assert_int_eq(calendar_zone_find("Asia/Singapore", 14, &sg, NULL), CALENDAR_OK);
	ck_assert_int_eq(calendar_zone_find("Etc/Unknown", 11, &z2, NULL), CALENDAR_ERR_ZONE);
	ck_assert_int_eq(calendar_zone_find("Europe/Berlin/", 14, &z2, NULL), CALENDAR_ERR_ZONE);

	ck_assert_int_eq(calendar_zone_offset(z1, U(2026, 1, 15, 12, 0)), 1 * HOUR);
	ck_assert_int_eq(calendar_zone_offset(z1, U(2026, 7, 15, 12, 0)), 2 * HOUR);
	ck_assert_int_eq(calendar_zone_offset(sg, U(2026, 7, 15, 12, 0)), 8 * HOUR);
	/* the spring gap: 02:30 local does not exist and maps to the jump at 01:00 UTC */
	ck_assert_int_eq(
	    calendar_zone_from_local(z1, civil(2026, 3, 29) * DAY + 2 * HOUR + 30 * MIN),
	    U(2026, 3, 29, 1, 0));
	/* the autumn repeat: 02:30 local first happens at 00:30 UTC (CEST) */
	ck_assert_int_eq(
	    calendar_zone_from_local(z1, civil(2026, 10, 25) * DAY + 2 * HOUR + 30 * MIN),
	    U(2026, 10, 25, 0, 30));

	calendar_local_time(sg, U(2026, 5, 3, 17, 5) + 7 * SEC, &l); /* Monday 01:05:07 SGT */
	ck_assert_int_eq(l.year, 2026);
	ck_assert_int_eq(l.month, 5);
	ck_assert_int_eq(l.day, 4);
	ck_assert_int_eq(l.hour, 1);
	ck_assert_int_eq(l.minute, 5);
	ck_assert_int_eq(l.second, 7);
	ck_assert_int_eq(l.weekday, 0);
	ck_assert_int_eq(l.offset_ms, 8 * HOUR);

	ck_assert_int_eq(
	    calendar_zone_display_name(z1, U(2026, 7, 1, 0, 0), "en", false, name, sizeof name),
	    CALENDAR_OK);
	ck_assert_str_eq(name, "Central European Summer Time");
	ck_assert_int_eq(
	    calendar_zone_display_name(z1, U(2026, 1, 1, 0, 0), "en", true, name, sizeof name),
	    CALENDAR_OK);
	ck_assert_str_eq(name, "GMT+1");
	ck_assert_int_eq(calendar_zone_display_name(sg, U(2026, 1, 1, 0, 0), "en", false, name, 4),
	                 CALENDAR_ERR_LIMIT);
	ck_assert_str_eq(name, "");
}
END_TEST

#define THREADS 4
static void *find_zones(void *arg)
{
	static const char *const names[] = {"America/New_York", "Europe/Paris", "Asia/Tokyo",
	                                    "Australia/Sydney", "Africa/Casablanca"};
	const struct calendar_zone **out = arg;

	for (int round = 0; round < 50; round++)
		for (size_t i = 0; i < 5; i++)
			if (calendar_zone_find(names[i], strlen(names[i]), &out[i], NULL) !=
			    CALENDAR_OK)
				out[i] = NULL;
	return NULL;
}

START_TEST(zones_are_found_safely_from_many_threads)
{
	pthread_t th[THREADS];
	const struct calendar_zone *seen[THREADS][5];

	for (int i = 0; i < THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, find_zones, seen[i]), 0);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	for (int z = 0; z < 5; z++) {
		ck_assert_ptr_nonnull(seen[0][z]);
		for (int i = 1; i < THREADS; i++)
			ck_assert_ptr_eq(seen[i][z], seen[0][z]);
	}
	/* Sydney: +11 in January (DST), +10 in July */
	ck_assert_int_eq(calendar_zone_offset(seen[0][3], U(2026, 1, 10, 0, 0)), 11 * HOUR);
	ck_assert_int_eq(calendar_zone_offset(seen[0][3], U(2026, 7, 10, 0, 0)), 10 * HOUR);
}
END_TEST

#define SG_OFFICE "tz=Asia/Singapore; mon-fri 09:00-18:00"

START_TEST(business_time_skips_the_weekend)
{
	struct calendar c = cal_of(SG_OFFICE);
	const int64_t fri_1700 = U(2026, 5, 1, 9, 0); /* Friday 17:00 SGT */
	const int64_t mon_1000 = U(2026, 5, 4, 2, 0); /* Monday 10:00 SGT */

	ck_assert_int_eq(calendar_add_business_ms(&c, fri_1700, 2 * HOUR), mon_1000);
	ck_assert_int_eq(calendar_business_ms_between(&c, fri_1700, mon_1000), 2 * HOUR);
	/* a whole week from Monday 10:00 is 45 business hours */
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_1000, 45 * HOUR), mon_1000 + 7 * DAY);
	/* started on Saturday: the clock starts Monday 09:00 */
	ck_assert_int_eq(calendar_add_business_ms(&c, U(2026, 5, 2, 4, 0), 30 * MIN),
	                 U(2026, 5, 4, 1, 30));
	ck_assert(!calendar_is_open(&c, U(2026, 5, 2, 4, 0)));
	ck_assert(calendar_is_open(&c, U(2026, 5, 4, 1, 0)));      /* Monday 09:00 exactly */
	ck_assert(!calendar_is_open(&c, U(2026, 5, 4, 1, 0) - 1)); /* 08:59:59.999 */
	ck_assert(!calendar_is_open(&c, U(2026, 5, 4, 10, 0)));    /* 18:00 exactly */
	ck_assert_int_eq(calendar_next_open(&c, U(2026, 5, 2, 4, 0)), U(2026, 5, 4, 1, 0));
	ck_assert_int_eq(calendar_next_open(&c, U(2026, 5, 4, 3, 0)), U(2026, 5, 4, 3, 0));
}
END_TEST

START_TEST(due_lands_at_the_close_not_the_next_opening)
{
	struct calendar c = cal_of(SG_OFFICE);
	const int64_t mon_1700 = U(2026, 5, 4, 9, 0);

	/* the last business hour of Monday ends at 18:00 Monday, not 09:00 Tuesday */
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_1700, 1 * HOUR), U(2026, 5, 4, 10, 0));
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_1700, 1 * HOUR + 1),
	                 U(2026, 5, 5, 1, 0) + 1);
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_1700, 0), mon_1700);
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_1700, -5), mon_1700);
}
END_TEST

START_TEST(holidays_are_closed_all_day)
{
	/* 2026-12-25 is a Friday */
	struct calendar c = cal_of(SG_OFFICE "; holidays 2026-12-25");
	const int64_t thu_1700 = U(2026, 12, 24, 9, 0);

	ck_assert_int_eq(calendar_add_business_ms(&c, thu_1700, 2 * HOUR), U(2026, 12, 28, 2, 0));
	ck_assert(!calendar_is_open(&c, U(2026, 12, 25, 3, 0)));
	ck_assert_int_eq(calendar_next_open(&c, U(2026, 12, 25, 3, 0)), U(2026, 12, 28, 1, 0));
	ck_assert_int_eq(
	    calendar_business_ms_between(&c, U(2026, 12, 21, 0, 0), U(2026, 12, 28, 0, 0)),
	    4 * 9 * HOUR);
}
END_TEST

START_TEST(interval_ending_at_midnight)
{
	struct calendar c = cal_of("tz=Asia/Singapore; mon-fri 09:00-24:00");
	const int64_t mon_2300 = U(2026, 5, 4, 15, 0);
	const int64_t tue_0000 = U(2026, 5, 4, 16, 0);

	ck_assert(calendar_is_open(&c, tue_0000 - 1));
	ck_assert(!calendar_is_open(&c, tue_0000));
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_2300, 1 * HOUR), tue_0000);
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_2300, 2 * HOUR), U(2026, 5, 5, 2, 0));
	/* adjacent days that meet at midnight count as one stretch */
	c = cal_of("tz=Asia/Singapore; daily 00:00-24:00");
	ck_assert_int_eq(calendar_add_business_ms(&c, mon_2300, 2 * HOUR), mon_2300 + 2 * HOUR);
	ck_assert_int_eq(calendar_business_ms_between(&c, mon_2300, mon_2300 + 10 * DAY), 10 * DAY);
}
END_TEST

/* A zone's whole local day, midnight to midnight, as real time. */
START_TEST(dst_days_are_23_and_25_hours)
{
	struct calendar be = cal_of("tz=Europe/Berlin; daily 00:00-24:00");
	struct calendar ny = cal_of("tz=America/New_York; daily 00:00-24:00");
	struct calendar sg = cal_of("tz=Asia/Singapore; daily 00:00-24:00");

	/* Berlin: 2026-03-29 starts 23:00 UTC the day before (CET), ends 22:00 UTC (CEST) */
	ck_assert_int_eq(
	    calendar_business_ms_between(&be, U(2026, 3, 28, 23, 0), U(2026, 3, 29, 22, 0)),
	    23 * HOUR);
	ck_assert(calendar_is_open(&be, U(2026, 3, 29, 1, 0)));
	ck_assert_int_eq(calendar_add_business_ms(&be, U(2026, 3, 28, 23, 0), 24 * HOUR),
	                 U(2026, 3, 29, 23, 0));
	ck_assert_int_eq(
	    calendar_business_ms_between(&be, U(2026, 10, 24, 22, 0), U(2026, 10, 25, 23, 0)),
	    25 * HOUR);
	/* New York: 2026-03-08 and 2026-11-01 */
	ck_assert_int_eq(
	    calendar_business_ms_between(&ny, U(2026, 3, 8, 5, 0), U(2026, 3, 9, 4, 0)), 23 * HOUR);
	ck_assert_int_eq(
	    calendar_business_ms_between(&ny, U(2026, 11, 1, 4, 0), U(2026, 11, 2, 5, 0)),
	    25 * HOUR);
	/* Singapore: a day is a day */
	ck_assert_int_eq(
	    calendar_business_ms_between(&sg, U(2026, 3, 28, 16, 0), U(2026, 3, 29, 16, 0)),
	    24 * HOUR);
}
END_TEST

START_TEST(office_hours_follow_the_local_clock_across_dst)
{
	struct calendar be = cal_of("tz=Europe/Berlin; mon-fri 09:00-18:00");
	struct calendar ny = cal_of("tz=America/New_York; mon-fri 09:00-17:00");

	/* Berlin, spring: Friday 17:00 CET + 2 h = Monday 10:00 CEST */
	ck_assert_int_eq(calendar_add_business_ms(&be, U(2026, 3, 27, 16, 0), 2 * HOUR),
	                 U(2026, 3, 30, 8, 0));
	ck_assert(calendar_is_open(&be, U(2026, 3, 30, 7, 0)));  /* 09:00 CEST */
	ck_assert(!calendar_is_open(&be, U(2026, 3, 27, 7, 0))); /* 08:00 CET */
	/* Berlin, autumn: Friday 17:00 CEST + 2 h = Monday 10:00 CET */
	ck_assert_int_eq(calendar_add_business_ms(&be, U(2026, 10, 23, 15, 0), 2 * HOUR),
	                 U(2026, 10, 26, 9, 0));
	/* a 9-hour day stays 9 hours on the Monday after either change */
	ck_assert_int_eq(
	    calendar_business_ms_between(&be, U(2026, 3, 30, 0, 0), U(2026, 3, 31, 0, 0)),
	    9 * HOUR);
	/* New York, spring: Friday 16:00 EST + 2 h = Monday 10:00 EDT */
	ck_assert_int_eq(calendar_add_business_ms(&ny, U(2026, 3, 6, 21, 0), 2 * HOUR),
	                 U(2026, 3, 9, 14, 0));
	/* New York, autumn: Friday 16:00 EDT + 2 h = Monday 10:00 EST */
	ck_assert_int_eq(calendar_add_business_ms(&ny, U(2026, 10, 30, 20, 0), 2 * HOUR),
	                 U(2026, 11, 2, 15, 0));
	ck_assert_int_eq(calendar_next_open(&ny, U(2026, 10, 31, 12, 0)), U(2026, 11, 2, 14, 0));
}
END_TEST

START_TEST(interval_spanning_the_jump_is_real_time)
{
	/* Berlin 01:00-04:00 on a change night: 2 real hours in spring, 4 in autumn */
	struct calendar be = cal_of("tz=Europe/Berlin; sun 01:00-04:00");
	struct calendar ny = cal_of("tz=America/New_York; sun 01:00-03:00");
	struct calendar gap = cal_of("tz=Europe/Berlin; sun 02:30-05:00");
	struct calendar rep = cal_of("tz=Europe/Berlin; sun 02:00-02:30");

	ck_assert_int_eq(
	    calendar_business_ms_between(&be, U(2026, 3, 28, 0, 0), U(2026, 3, 30, 0, 0)),
	    2 * HOUR);
	ck_assert_int_eq(calendar_add_business_ms(&be, U(2026, 3, 28, 0, 0), 2 * HOUR),
	                 U(2026, 3, 29, 2, 0));
	ck_assert_int_eq(
	    calendar_business_ms_between(&be, U(2026, 10, 24, 0, 0), U(2026, 10, 26, 0, 0)),
	    4 * HOUR);
	ck_assert_int_eq(calendar_add_business_ms(&be, U(2026, 10, 24, 0, 0), 4 * HOUR),
	                 U(2026, 10, 25, 3, 0));
	/* New York 01:00-03:00: 1 hour in spring, 3 in autumn */
	ck_assert_int_eq(
	    calendar_business_ms_between(&ny, U(2026, 3, 7, 0, 0), U(2026, 3, 9, 0, 0)), 1 * HOUR);
	ck_assert_int_eq(
	    calendar_business_ms_between(&ny, U(2026, 10, 31, 0, 0), U(2026, 11, 2, 0, 0)),
	    3 * HOUR);
	/* starting at a skipped wall time: open from the jump (01:00 UTC) to 05:00 CEST */
	ck_assert_int_eq(calendar_next_open(&gap, U(2026, 3, 28, 12, 0)), U(2026, 3, 29, 1, 0));
	ck_assert_int_eq(
	    calendar_business_ms_between(&gap, U(2026, 3, 28, 0, 0), U(2026, 3, 30, 0, 0)),
	    2 * HOUR);
	/* inside the repeated hour: its first pass only (00:00-00:30 UTC) */
	ck_assert(calendar_is_open(&rep, U(2026, 10, 25, 0, 15)));
	ck_assert(!calendar_is_open(&rep, U(2026, 10, 25, 1, 15)));
	ck_assert_int_eq(
	    calendar_business_ms_between(&rep, U(2026, 10, 24, 0, 0), U(2026, 10, 26, 0, 0)),
	    30 * MIN);
}
END_TEST

START_TEST(range_ends)
{
	struct calendar c = cal_of(SG_OFFICE);

	ck_assert(!calendar_is_open(&c, -1));
	ck_assert(!calendar_is_open(&c, CALENDAR_TIME_MAX));
	ck_assert(!calendar_is_open(&c, INT64_MAX));
	/* Thursday 09:00 in Singapore, which was UTC+7:30 until 1982 */
	ck_assert_int_eq(calendar_next_open(&c, INT64_MIN), U(1970, 1, 1, 1, 30));
	ck_assert_int_eq(calendar_next_open(&c, CALENDAR_TIME_MAX), CALENDAR_NEVER);
	ck_assert_int_eq(calendar_add_business_ms(&c, U(2399, 12, 31, 9, 0), 2 * HOUR),
	                 CALENDAR_NEVER);
	ck_assert_int_eq(calendar_add_business_ms(&c, INT64_MAX, 1), CALENDAR_NEVER);
	ck_assert_int_eq(calendar_add_business_ms(&c, U(2026, 5, 4, 0, 0), INT64_MAX),
	                 CALENDAR_NEVER);
	/* all of Thursday 1970-01-01 (01:30-10:30 UTC); Friday starts after 00:00 UTC */
	ck_assert_int_eq(calendar_business_ms_between(&c, INT64_MIN, U(1970, 1, 2, 0, 0)),
	                 9 * HOUR);
	ck_assert_int_gt(calendar_business_ms_between(&c, INT64_MIN, INT64_MAX), 0);
}
END_TEST

/* Properties over many starts and durations in a DST zone with holidays. */
START_TEST(add_and_between_agree)
{
	struct calendar c = cal_of("tz=America/New_York; mon-fri 08:00-12:00,13:00-17:30; "
	                           "sat 10:00-14:00; holidays 2026-03-09,2026-11-02");
	uint64_t x = 0x2545F4914F6CDD1DULL;

	for (int i = 0; i < 4000; i++) {
		int64_t start, d, due;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		start = U(2026, 1, 1, 0, 0) + (int64_t)(x % (uint64_t)(365 * DAY));
		d = (int64_t)((x >> 20) % (uint64_t)(60 * HOUR)) + 1;
		due = calendar_add_business_ms(&c, start, d);
		ck_assert_int_gt(due, start);
		ck_assert_int_eq(calendar_business_ms_between(&c, start, due), d);
		/* the due instant is inside an opening or at its end: time was being counted */
		ck_assert(calendar_is_open(&c, due - 1));
		/* monotonic in the duration */
		ck_assert_int_le(calendar_add_business_ms(&c, start, d - 1), due);
		ck_assert_int_gt(calendar_add_business_ms(&c, start, d + 1), due);
		/* next_open is open and never earlier */
		int64_t no = calendar_next_open(&c, start);
		ck_assert_int_ge(no, start);
		ck_assert(calendar_is_open(&c, no));
		ck_assert_int_eq(calendar_business_ms_between(&c, start, no), 0);
	}
}
END_TEST

/* Test names are output lines: no control bytes in them. */
static const char *printable(const char *in)
{
	static char buf[UNIT_NAMES][UNIT_NAME_MAX];
	static size_t used;
	char *p = buf[used++ % UNIT_NAMES];
	size_t i;

	for (i = 0; in[i] != '\0' && i < 60; i++)
		p[i] = in[i] >= 0x20 && in[i] < 0x7f ? in[i] : '?';
	p[i] = '\0';
	return p;
}

int main(void)
{
	Suite *s = suite_create("calendar");

	UNIT_TEST(s, utc_helper_is_right);
	UNIT_TEST(s, always_open_is_plain_arithmetic);
	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++)
		unit_add_case(s, unit_name("canonical form round trips: %s", canon[i].in),
		              canonical_form_round_trips, (int)i);
	UNIT_TEST(s, format_reports_needed_length);
	for (size_t i = 0; i < sizeof refusals / sizeof refusals[0]; i++)
		unit_add_case(s, unit_name("refused: \"%s\"", printable(refusals[i].in)),
		              bad_input_is_refused_clearly, (int)i);
	UNIT_TEST(s, too_long_and_nul_bytes_refused);
	UNIT_TEST(s, zone_lookup_and_helpers);
	UNIT_TEST(s, zones_are_found_safely_from_many_threads);
	UNIT_TEST(s, business_time_skips_the_weekend);
	UNIT_TEST(s, due_lands_at_the_close_not_the_next_opening);
	UNIT_TEST(s, holidays_are_closed_all_day);
	UNIT_TEST(s, interval_ending_at_midnight);
	UNIT_TEST(s, dst_days_are_23_and_25_hours);
	UNIT_TEST(s, office_hours_follow_the_local_clock_across_dst);
	UNIT_TEST(s, interval_spanning_the_jump_is_real_time);
	UNIT_TEST(s, range_ends);
	UNIT_TEST(s, add_and_between_agree);
	return unit_run(s, "calendar");
}
