/* fuzz_calendar.c — fuzz driver for the text forms of business calendars and shifts
 * (src/core/calendar.c, src/core/shift.c), which admins type and the API stores.
 *
 * Beyond "does not crash" it checks properties a user would notice: what parses formats to a
 * canonical text that parses back to an equal value and formats identically again; every refusal
 * comes with a message; and on what parses, business-time arithmetic is consistent: a due time is
 * never before its start, the business time up to it is exactly the duration asked for, due times
 * grow with the duration, the next opening is open, and a shift's next start is a moment it is on.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_calendar/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_calendar.c src/core/calendar.c src/core/shift.c \
 *       $(pkg-config --cflags --libs icu-i18n icu-uc) -lpthread -o /tmp/fuzz_calendar
 *   mkdir -p /tmp/fuzz_calendar.corpus
 *   /tmp/fuzz_calendar /tmp/fuzz_calendar.corpus tests/fuzz/corpus/fuzz_calendar
 */
#include "core/calendar.h"
#include "core/shift.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define HOUR INT64_C(3600000)
/* 2020-01-01T00:00Z; times are drawn from the decade after it */
#define FROM INT64_C(1577836800000)
#define SPAN (INT64_C(3653) * 24 * HOUR)

/* FNV-1a: the same input always probes the same instants. */
static uint64_t hash(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void refused_with_reason(enum calendar_err e, const struct calendar_diag *d, size_t size)
{
	CHECK(e != CALENDAR_OK);
	CHECK(d->message[0] != '\0');
	CHECK(strlen(d->message) < sizeof d->message);
	CHECK(d->offset <= size || e == CALENDAR_ERR_TOO_LONG);
	/* messages go into JSON and logs: printable text only (UTF-8 is not expected here) */
	for (const char *m = d->message; *m; m++)
		CHECK((unsigned char)*m >= 0x20 && (unsigned char)*m < 0x7f);
}

static void calendar_properties(const struct calendar *cal, uint64_t seed, int64_t from,
                                int64_t span)
{
	for (int i = 0; i < 4; i++) {
		int64_t t = from + (int64_t)(next(&seed) % (uint64_t)span);
		int64_t d1 = (int64_t)(next(&seed) % (uint64_t)(200 * HOUR)) + 1;
		int64_t d2 = d1 + (int64_t)(next(&seed) % (uint64_t)(50 * HOUR));
		int64_t due1 = calendar_add_business_ms(cal, t, d1);
		int64_t due2 = calendar_add_business_ms(cal, t, d2);
		int64_t open = calendar_next_open(cal, t);

		CHECK(due1 > t && due1 <= due2);
		CHECK(calendar_business_ms_between(cal, t, t + d1) <= d1);
		if (due1 != CALENDAR_NEVER) {
			CHECK(calendar_business_ms_between(cal, t, due1) == d1);
			CHECK(calendar_is_open(cal, due1 - 1));
		}
		CHECK(open >= t);
		CHECK(calendar_is_open(cal, t) == (open == t));
		if (open != CALENDAR_NEVER) {
			CHECK(calendar_is_open(cal, open));
			CHECK(calendar_business_ms_between(cal, t, open) == 0);
		}
	}
}

static void fuzz_calendar(const char *s, size_t size, uint64_t seed)
{
	static char text[CALENDAR_TEXT_MAX + 1], again[CALENDAR_TEXT_MAX + 1];
	struct calendar cal, back;
	struct calendar_diag d = {0, ""};
	enum calendar_err e = calendar_parse(s, size, &cal, &d);
	size_t n;

	if (e != CALENDAR_OK) {
		refused_with_reason(e, &d, size);
		return;
	}
	n = calendar_format(&cal, text, sizeof text);
	CHECK(n == strlen(text) && n <= CALENDAR_TEXT_MAX);
	CHECK(calendar_parse(text, n, &back, &d) == CALENDAR_OK);
	CHECK(calendar_equal(&cal, &back));
	CHECK(calendar_format(&back, again, sizeof again) == n && strcmp(text, again) == 0);
	calendar_properties(&cal, seed, FROM, SPAN);
}

/* Most mutants of a calendar no longer parse, so the arithmetic also gets calendars built from
 * the input bytes: a zone with interesting DST (30-minute shifts, southern hemisphere, none),
 * up to three intervals a day on 15-minute marks, holidays next to the instants probed, all
 * written as text that must parse. */
static void fuzz_built_calendar(const uint8_t *p, size_t size, uint64_t seed)
{
	static const char *const zones[] = {
	    "Europe/Berlin",     "America/New_York", "Asia/Singapore",  "Australia/Lord_Howe",
	    "America/Sao_Paulo", "Asia/Kathmandu",   "Pacific/Chatham", "America/St_Johns"};
	static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
	static char text[CALENDAR_TEXT_MAX + 1];
	struct calendar cal;
	struct calendar_diag d = {0, ""};
	size_t k = 0, n = 0;
	/* a month around the DST changes of either hemisphere */
	int64_t from =
	    FROM + (int64_t)(seed % 10) * 365 * 24 * HOUR + (seed & 16 ? 80 : 270) * 24 * HOUR;

	if (size < 8)
		return;
	n += (size_t)snprintf(text + n, sizeof text - n, "tz=%s", zones[p[k++] % 8]);
	for (int day = 0; day < 7; day++) {
		int count = p[k++ % size] % 4, at = 0;
		for (int i = 0; i < count; i++) {
			int start = at + 15 * (p[k++ % size] % 32);
			int end = start + 15 * (1 + p[k++ % size] % 48);
			if (end > 24 * 60)
				end = 24 * 60;
			if (start >= end)
				break;
			n +=
			    (size_t)snprintf(text + n, sizeof text - n, "%s%s%s%02d:%02d-%02d:%02d",
			                     i ? "," : "; ", i ? "" : days[day], i ? "" : " ",
			                     start / 60, start % 60, end / 60, end % 60);
			at = end + 15;
		}
	}
	if (p[k++ % size] & 1) {
		uint64_t x = seed;
		n += (size_t)snprintf(text + n, sizeof text - n, "; holidays");
		for (int i = 0; i < 3; i++) {
			/* a date within the probed month, written from its UTC day */
			int64_t day =
			    (from + (int64_t)(next(&x) % (uint64_t)(30 * 24 * HOUR))) / (24 * HOUR);
			int64_t z = day + 719468, era = z / 146097, doe = z - era * 146097;
			int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
			int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100),
			        mp = (5 * doy + 2) / 153;
			int dd = (int)(doy - (153 * mp + 2) / 5 + 1),
			    mm = (int)(mp < 10 ? mp + 3 : mp - 9);
			int yy = (int)(yoe + era * 400 + (mm <= 2));
			n += (size_t)snprintf(text + n, sizeof text - n, " %04d-%02d-%02d", yy, mm,
			                      dd);
		}
	}
	if (calendar_parse(text, n, &cal, &d) != CALENDAR_OK) {
		/* a week without hours is refused, rightly; anything else is a bug */
		CHECK(d.message[0] != '\0');
		CHECK(strstr(d.message, "no opening hours") != NULL);
		return;
	}
	calendar_properties(&cal, seed, from, 30 * 24 * HOUR);
}

static void fuzz_shift(const char *s, size_t size, uint64_t seed)
{
	char text[SHIFT_TEXT_MAX], again[SHIFT_TEXT_MAX];
	struct shift sh, back;
	struct calendar_diag d = {0, ""};
	enum calendar_err e = shift_parse(s, size, &sh, &d);
	size_t n;

	if (e != CALENDAR_OK) {
		refused_with_reason(e, &d, size);
		return;
	}
	n = shift_format(&sh, text, sizeof text);
	CHECK(n == strlen(text) && n < SHIFT_TEXT_MAX);
	CHECK(shift_parse(text, n, &back, &d) == CALENDAR_OK);
	CHECK(shift_equal(&sh, &back));
	CHECK(shift_format(&back, again, sizeof again) == n && strcmp(text, again) == 0);

	for (int i = 0; i < 4; i++) {
		int64_t t = FROM + (int64_t)(next(&seed) % (uint64_t)SPAN), a = 0, b = 0;
		int64_t start = shift_next_start(&sh, t);
		bool on = shift_current(&sh, t, &a, &b);

		CHECK(on == shift_active(&sh, t));
		if (on)
			CHECK(a <= t && t < b && b - a <= 26 * HOUR);
		CHECK(start >= t);
		if (start != CALENDAR_NEVER) {
			CHECK(shift_current(&sh, start, &a, &b) && a == start);
			CHECK(!shift_active(&sh, start - 1) || on || start - 1 < t);
		}
	}
}

/* The pieces shift.c borrows, on their own. */
static void fuzz_pieces(const char *s, size_t size)
{
	uint8_t mask = 0, again = 0;
	int32_t ms = -1;
	char days[64];
	struct calendar_diag d;

	if (calendar_text_days(s, size, 0, &mask, &d) == CALENDAR_OK) {
		CHECK(mask != 0 && mask < 0x80);
		calendar_days_format(mask, days, sizeof days);
		CHECK(calendar_text_days(days, strlen(days), 0, &again, &d) == CALENDAR_OK);
		CHECK(again == mask);
	}
	if (calendar_text_time(s, size, 0, true, &ms, &d) == CALENDAR_OK)
		CHECK(ms >= 0 && ms <= CALENDAR_DAY_MS && ms % 60000 == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	uint64_t seed = hash(data, size) | 1;

	fuzz_calendar(s, size, seed);
	fuzz_built_calendar(data, size, seed);
	fuzz_shift(s, size, seed);
	fuzz_pieces(s, size);
	return 0;
}
