/* shift.h — named working shifts: a local start and end time in an IANA time zone, on some
 * weekdays ("day 09:00-24:00 and night 00:00-09:00, Asia/Singapore"). Routing asks whether a
 * shift is on now; the auto-reply outside every shift asks when the next one starts. The name and
 * the agents on a shift are kept by the caller; this is only the time rule.
 *
 * Pure: time is passed in (ms since the epoch, UTC); time zones come from calendar.h, whose DST
 * rules apply (a shift starts the first instant the local clock reads its start and ends the first
 * instant after that it reads its end, so a 22:00-06:00 night shift is 7 or 9 real hours on DST
 * change nights). The business-hours range of calendar.h applies too: no shift runs before 1970
 * or starts from 2400 on.
 *
 * Text form (clauses separated by ';', any order, case-insensitive):
 *   tz=Asia/Singapore; 09:00-24:00; mon-sun
 *   tz=Europe/Berlin; mon-fri 22:00-06:00
 * tz= is required; the time range "HH:MM-HH:MM" is required once; the days (same words as
 * calendar.h: mon..sun, ranges, lists, daily/weekdays/weekend) default to every day. An end at or
 * before the start crosses midnight (22:00-06:00); such a shift belongs to the day it starts, so
 * "fri 22:00-06:00" runs Friday night into Saturday morning. 24:00 (or 00:00) as an end is
 * midnight; 00:00-24:00 is the whole day; a start equal to its end is refused as ambiguous. */
#ifndef EXDESK_CORE_SHIFT_H
#define EXDESK_CORE_SHIFT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"

#define SHIFT_TEXT_MAX 256

struct shift {
	const struct calendar_zone *zone;
	int32_t start; /* ms after local midnight, < CALENDAR_DAY_MS */
	int32_t end;   /* ms after local midnight, <= CALENDAR_DAY_MS; <= start: the next day */
	uint8_t days;  /* days a shift starts on, bit 0 = Monday .. bit 6 = Sunday */
};

/* Parse into *out (untouched on failure); errors as calendar.h's, explained in diag (may be
 * NULL). */
enum calendar_err shift_parse(const char *text, size_t len, struct shift *out,
                              struct calendar_diag *diag);
enum calendar_err shift_validate(const char *text, size_t len, struct calendar_diag *diag);
/* Canonical text ("tz=Asia/Singapore; mon-sun 09:00-24:00"); returns the length it needs, as
 * snprintf does. SHIFT_TEXT_MAX bytes always suffice. */
size_t shift_format(const struct shift *s, char *buf, size_t size);
bool shift_equal(const struct shift *a, const struct shift *b);

/* Is the shift on at t? */
bool shift_active(const struct shift *s, int64_t t);
/* The run of the shift that holds t, as [*start, *end); false (outputs untouched) if none. */
bool shift_current(const struct shift *s, int64_t t, int64_t *start, int64_t *end);
/* The first instant >= t at which a run of the shift starts; CALENDAR_NEVER if none. A shift
 * already on at t reports its next run. */
int64_t shift_next_start(const struct shift *s, int64_t t);

#endif
