/* shift.c — see shift.h. Routing asks shift_active() for every candidate agent, so the usual
 * case (no DST change within three days of t) is plain arithmetic on the local time; only near a
 * transition are the runs around t mapped through calendar_zone_from_local(). */
#include "core/shift.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS  CALENDAR_DAY_MS
#define STR_(x) #x
#define STR(x)  STR_(x)
/* A run starts on the day before t's local day at the earliest and lasts at most a day, so a
 * steady offset over t +- 3 days covers every wall time the answer depends on. */
#define STEADY_SPAN (3 * DAY_MS)

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int weekday_of(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static bool starts_on(const struct shift *s, int64_t day)
{
	return (s->days >> weekday_of(day)) & 1u;
}

static int64_t run_length(const struct shift *s)
{
	return s->end > s->start ? s->end - s->start : s->end + DAY_MS - s->start;
}

/* The run starting on local day `day`, in UTC; false if the clock skips all of it. */
static bool run_of(const struct shift *s, int64_t day, int64_t *start, int64_t *end)
{
	int64_t ls = day * DAY_MS + s->start;

	*start = calendar_zone_from_local(s->zone, ls);
	*end = calendar_zone_from_local(s->zone, ls + run_length(s));
	if (*start < CALENDAR_TIME_MIN)
		*start = CALENDAR_TIME_MIN;
	if (*end > CALENDAR_TIME_MAX)
		*end = CALENDAR_TIME_MAX;
	return *start < *end && *start < CALENDAR_TIME_MAX;
}

bool shift_current(const struct shift *s, int64_t t, int64_t *start, int64_t *end)
{
	int32_t off;
	int64_t day, rs, re;

	if (s->zone == NULL || t < CALENDAR_TIME_MIN || t >= CALENDAR_TIME_MAX)
		return false;
	if (calendar_zone_steady(s->zone, t, STEADY_SPAN, &off)) {
		int64_t local = t + off, ms;
		day = floor_div(local, DAY_MS);
		ms = local - day * DAY_MS;
		/* the run that started today, else yesterday's if it crosses midnight */
		if (ms < s->start) {
			if (s->end >= s->start || ms >= s->end)
				return false;
			day--;
		} else if (s->end > s->start && ms >= s->end) {
			return false;
		}
		if (!starts_on(s, day))
			return false;
		rs = day * DAY_MS + s->start - off;
		re = rs + run_length(s);
		/* clipped to the range exactly as run_of() does */
		*start = rs < CALENDAR_TIME_MIN ? CALENDAR_TIME_MIN : rs;
		*end = re > CALENDAR_TIME_MAX ? CALENDAR_TIME_MAX : re;
		return true;
	}
	day = floor_div(t + calendar_zone_offset(s->zone, t), DAY_MS);
	/* Runs are ordered and disjoint. Yesterday's run may still be on; tomorrow's only if the
	 * clock was set back across midnight after it started (no zone does that today, some
	 * did). Older runs ended before the clock first read today's midnight. */
	for (int64_t d = day - 1; d <= day + 1; d++) {
		if (!starts_on(s, d) || !run_of(s, d, &rs, &re))
			continue;
		if (rs <= t && t < re) {
			*start = rs;
			*end = re;
			return true;
		}
	}
	return false;
}

bool shift_active(const struct shift *s, int64_t t)
{
	int64_t a, b;
	return shift_current(s, t, &a, &b);
}

int64_t shift_next_start(const struct shift *s, int64_t t)
{
	int64_t day, rs, re;

	if (s->zone == NULL || (s->days & 0x7f) == 0 || t >= CALENDAR_TIME_MAX)
		return CALENDAR_NEVER;
	if (t < CALENDAR_TIME_MIN)
		t = CALENDAR_TIME_MIN;
	day = floor_div(t + calendar_zone_offset(s->zone, t), DAY_MS);
	/* a week and a bit: every weekday once, plus slack for a run the clock skips */
	for (int64_t d = day - 1; d <= day + 15; d++) {
		if (starts_on(s, d) && run_of(s, d, &rs, &re) && rs >= t)
			return rs;
	}
	return CALENDAR_NEVER;
}

static enum calendar_err parse_range(struct shift *sh, const char *s, size_t len, size_t at,
                                     struct calendar_diag *diag)
{
	size_t dash = 0;
	enum calendar_err err;
	char q[48];

	while (dash < len && s[dash] != '-')
		dash++;
	if (dash == len) {
		size_t k = len < 40 ? len : 40;
		for (size_t i = 0; i < k; i++)
			q[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
		q[k] = '\0';
		if (diag != NULL) {
			diag->offset = at;
			snprintf(diag->message, sizeof diag->message,
			         "expected a time range like 09:00-18:00, got \"%s\"", q);
		}
		return CALENDAR_ERR_INTERVAL;
	}
	err = calendar_text_time(s, dash, at, false, &sh->start, diag);
	if (err == CALENDAR_OK)
		err = calendar_text_time(s + dash + 1, len - dash - 1, at + dash + 1, true,
		                         &sh->end, diag);
	if (err != CALENDAR_OK)
		return err;
	if (sh->end == 0)
		sh->end = (int32_t)DAY_MS;
	if (sh->end == sh->start) {
		if (diag != NULL) {
			diag->offset = at;
			snprintf(
			    diag->message, sizeof diag->message,
			    "a shift that ends when it starts is ambiguous: write 00:00-24:00 for "
			    "the whole day, or the real hours");
		}
		return CALENDAR_ERR_INTERVAL;
	}
	return CALENDAR_OK;
}

static enum calendar_err refuse(struct calendar_diag *diag, enum calendar_err e, size_t at,
                                const char *msg)
{
	if (diag != NULL) {
		diag->offset = at;
		snprintf(diag->message, sizeof diag->message, "%s", msg);
	}
	return e;
}

enum calendar_err shift_parse(const char *text, size_t len, struct shift *out,
                              struct calendar_diag *diag)
{
	struct shift sh = {NULL, 0, 0, 0x7f};
	size_t pos = 0, at, n, v;
	bool have_tz = false, have_range = false, have_days = false, any = false;
	enum calendar_err err;

	if (len > SHIFT_TEXT_MAX)
		return refuse(diag, CALENDAR_ERR_TOO_LONG, SHIFT_TEXT_MAX,
		              "shift text is longer than " STR(SHIFT_TEXT_MAX) " bytes");
	while (calendar_text_clause(text, len, &pos, &at, &n)) {
		const char *s = text + at;
		size_t k;

		any = true;
		if (calendar_text_is_tz(s, n, &v)) {
			if (have_tz)
				return refuse(diag, CALENDAR_ERR_CONFLICT, at,
				              "tz= is given twice");
			err = calendar_zone_find(s + v, n - v, &sh.zone, diag);
			if (err != CALENDAR_OK) {
				if (diag != NULL)
					diag->offset = at + v;
				return err;
			}
			have_tz = true;
			continue;
		}
		for (k = 0; k < n && !(s[k] >= '0' && s[k] <= '9'); k++)
			;
		if (k > 0) {
			if (have_days)
				return refuse(diag, CALENDAR_ERR_CONFLICT, at,
				              "the days are given twice");
			err = calendar_text_days(s, k, at, &sh.days, diag);
			if (err != CALENDAR_OK)
				return err;
			have_days = true;
		}
		if (k < n) {
			if (have_range)
				return refuse(
				    diag, CALENDAR_ERR_CONFLICT, at + k,
				    "the time range is given twice: a shift has one start and "
				    "one end");
			err = parse_range(&sh, s + k, n - k, at + k, diag);
			if (err != CALENDAR_OK)
				return err;
			have_range = true;
		}
	}
	if (!any)
		return refuse(
		    diag, CALENDAR_ERR_EMPTY, 0,
		    "empty shift: write e.g. \"tz=Asia/Singapore; 09:00-24:00; mon-sun\"");
	if (!have_tz)
		return refuse(diag, CALENDAR_ERR_ZONE, 0,
		              "a shift needs a time zone: add e.g. \"tz=Asia/Singapore\"");
	if (!have_range)
		return refuse(diag, CALENDAR_ERR_INTERVAL, 0,
		              "a shift needs its hours, e.g. \"09:00-18:00\" or \"22:00-06:00\"");
	*out = sh;
	return CALENDAR_OK;
}

enum calendar_err shift_validate(const char *text, size_t len, struct calendar_diag *diag)
{
	struct shift sh;
	return shift_parse(text, len, &sh, diag);
}

size_t shift_format(const struct shift *s, char *buf, size_t size)
{
	char days[64];
	int n;

	calendar_days_format(s->days, days, sizeof days);
	n = snprintf(buf, size, "tz=%s; %s %02d:%02d-%02d:%02d",
	             s->zone != NULL ? calendar_zone_name(s->zone) : "", days,
	             (int)(s->start / 3600000), (int)(s->start / 60000 % 60),
	             (int)(s->end / 3600000), (int)(s->end / 60000 % 60));
	return n < 0 ? 0 : (size_t)n;
}

bool shift_equal(const struct shift *a, const struct shift *b)
{
	return a->zone == b->zone && a->start == b->start && a->end == b->end &&
	       (a->days & 0x7f) == (b->days & 0x7f);
}
