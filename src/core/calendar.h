/* calendar.h — business calendars: when is the desk open, and how much opening time lies between
 * two instants. A calendar is either 24/7, or weekly opening intervals per weekday in an IANA time
 * zone, minus holidays (whole local days). SLA clocks (sla_policy.h) and shifts (shift.h) count
 * time through it. It also owns the time-zone machinery they share.
 *
 * Times are milliseconds since the epoch, UTC, always passed in by the caller: nothing here reads
 * the system clock, does I/O, or keeps state beyond an immutable process-wide cache of time zones.
 * A parsed calendar is a plain value (no pointers it owns) and may be shared between threads.
 *
 * Text form, as the API stores it and admins write it (case-insensitive keywords, clauses
 * separated by ';', spaces free around tokens, clauses in any order):
 *
 *   24/7
 *   tz=Asia/Singapore; mon-fri 09:00-18:00; sat 10:00-14:00; holidays 2026-12-25,2027-01-01
 *   tz=Europe/Berlin; mon,wed,fri 08:00-12:00,13:00-17:00; tue-thu 09:00-24:00
 *
 *   tz=NAME          an IANA zone ("Europe/Berlin", "UTC"); required unless 24/7. Matched
 *                    case-insensitively and stored with its proper spelling; aliases are kept
 *                    as written (Asia/Kolkata stays Asia/Kolkata).
 *   DAYS HOURS       DAYS: mon..sun or monday..sunday, ranges "mon-fri" (a range may wrap:
 *                    "fri-mon"), lists "mon,wed", or daily / weekdays / weekend.
 *                    HOURS: "HH:MM-HH:MM" intervals separated by ','; an interval may end at
 *                    24:00 (an end of 00:00 also means midnight at the end of the day); one that
 *                    would cross midnight is written as two days' intervals. Several clauses may
 *                    name the same day; overlapping or touching intervals are merged.
 *   holidays DATES   local dates YYYY-MM-DD (1970..2399) separated by ',' or spaces, closed all
 * day. 24/7             always open; may carry tz= (kept, unused), not hours or holidays. A day no
 * clause names is closed. calendar_format() writes the canonical form, which parses back to an
 * equal calendar.
 *
 * DST decision: opening intervals are wall-clock times, and business time is real elapsed time
 * while open. An interval opens the first instant the local clock reads its start and closes the
 * first instant after that the local clock reads its end, so "mon-sun 00:00-24:00" is 23 real
 * hours on a spring-forward day and 25 on a fall-back day, while 09:00-18:00 stays 9 hours in
 * zones that change at night. A wall time the clock skips (02:30 in Berlin on the last Sunday of
 * March) maps to the instant of the jump. An SLA target of "4 business hours" is therefore
 * always 4 real hours of opening time: what the customer waited while the desk was staffed.
 *
 * Range: business-hours calendars are defined from 1970-01-01 to 2400-01-01 (UTC); before that
 * they count as closed and no opening starts from 2400 on, so an answer that would lie beyond it
 * is CALENDAR_NEVER. 24/7 arithmetic covers all of int64 (saturating). */
#ifndef EXDESK_CORE_CALENDAR_H
#define EXDESK_CORE_CALENDAR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALENDAR_NEVER         INT64_MAX
#define CALENDAR_TIME_MIN      INT64_C(0)              /* 1970-01-01T00:00:00Z */
#define CALENDAR_TIME_MAX      INT64_C(13569465600000) /* 2400-01-01T00:00:00Z */
#define CALENDAR_DAY_MS        INT64_C(86400000)
#define CALENDAR_TEXT_MAX      8192 /* longest text form accepted, bytes */
#define CALENDAR_DAY_INTERVALS 8    /* opening intervals per weekday, after merging */
#define CALENDAR_HOLIDAYS      400  /* a decade of public holidays */
#define CALENDAR_ZONE_NAME_MAX 64
#define CALENDAR_MSG_MAX       240

enum calendar_err {
	CALENDAR_OK,
	CALENDAR_ERR_EMPTY,    /* no clause at all */
	CALENDAR_ERR_TOO_LONG, /* text longer than CALENDAR_TEXT_MAX */
	CALENDAR_ERR_SYNTAX,   /* a clause that is not tz=, hours, holidays or 24/7 */
	CALENDAR_ERR_DAY,      /* unknown day name */
	CALENDAR_ERR_TIME,     /* not HH:MM, or out of range (25:00, 12:60) */
	CALENDAR_ERR_INTERVAL, /* end before start, empty interval */
	CALENDAR_ERR_ZONE,     /* unknown or missing time zone */
	CALENDAR_ERR_DATE,     /* not a real YYYY-MM-DD in 1970..2399 */
	CALENDAR_ERR_LIMIT,    /* too many intervals or holidays */
	CALENDAR_ERR_CONFLICT, /* clauses that contradict each other (24/7 with hours, tz twice) */
	CALENDAR_ERR_NOMEM,
	CALENDAR_ERR_ICU, /* ICU failed in a way input cannot explain */
};
const char *calendar_strerror(enum calendar_err e);

/* Where and why a text form was refused: offset is the byte offset into the text, message a
 * sentence for the admin that quotes the offending part ("unknown day \"xyz\" in ..."). */
struct calendar_diag {
	size_t offset;
	char message[CALENDAR_MSG_MAX];
};

/* A time zone: offsets precomputed for 1970..2400 from ICU's data the first time a zone is
 * named, then shared, immutable, for the life of the process. */
struct calendar_zone;

struct calendar_interval {
	int32_t start, end; /* ms after local midnight; start < end <= CALENDAR_DAY_MS */
};

struct calendar {
	bool always_open;
	const struct calendar_zone *zone; /* NULL only when always_open */
	uint8_t n_intervals[7];           /* index 0 = Monday */
	struct calendar_interval intervals[7][CALENDAR_DAY_INTERVALS]; /* sorted, disjoint */
	uint16_t n_holidays;
	int32_t holidays[CALENDAR_HOLIDAYS]; /* local days since 1970-01-01, ascending */
};

/* A struct calendar is a plain value of about 2 KB: copy it, keep it in a policy, share it
 * read-only between threads. */

/* Parse the text form into *out (untouched on failure); diag may be NULL. */
enum calendar_err calendar_parse(const char *text, size_t len, struct calendar *out,
                                 struct calendar_diag *diag);
enum calendar_err calendar_validate(const char *text, size_t len, struct calendar_diag *diag);
/* Canonical text form into buf (always NUL-terminated if size > 0); returns the length it needs,
 * as snprintf does. CALENDAR_TEXT_MAX + 1 bytes always suffice. */
size_t calendar_format(const struct calendar *cal, char *buf, size_t size);
bool calendar_equal(const struct calendar *a, const struct calendar *b);
void calendar_init_24x7(struct calendar *cal);

/* The questions. cal may be NULL, meaning 24/7. */
bool calendar_is_open(const struct calendar *cal, int64_t t);
/* t if open at t, else the instant the next opening starts; CALENDAR_NEVER if none. */
int64_t calendar_next_open(const struct calendar *cal, int64_t t);
/* The earliest instant by which duration_ms of opening time has passed since start (so it lies
 * inside an opening or at its end, never at the start of the next one); start itself when
 * duration_ms <= 0; CALENDAR_NEVER if that is past the calendar's range. */
int64_t calendar_add_business_ms(const struct calendar *cal, int64_t start, int64_t duration_ms);
/* Opening time in [a, b); 0 when b <= a.
 * Cost of these: a few ns per local day walked (tens of ns for a due time within days, ~1 ms for
 * the whole 1970..2400 range); 24/7 is plain arithmetic. */
int64_t calendar_business_ms_between(const struct calendar *cal, int64_t a, int64_t b);

/* Time zones, shared with shift.c and with whoever writes "the desk answers at ...". */
enum calendar_err calendar_zone_find(const char *name, size_t len, const struct calendar_zone **out,
                                     struct calendar_diag *diag);
const char *calendar_zone_name(const struct calendar_zone *z);
/* UTC offset in ms in effect at t (local = t + offset). */
int32_t calendar_zone_offset(const struct calendar_zone *z, int64_t t);
/* The first instant at which the local wall clock reads local_ms or later (milliseconds since
 * 1970-01-01 00:00 local): a skipped wall time maps to the jump, a repeated one to its first
 * occurrence. */
int64_t calendar_zone_from_local(const struct calendar_zone *z, int64_t local_ms);

/* True, with the offset, if no transition falls within [t - span, t + span]: the caller may then
 * convert between UTC and local time in that window by adding or subtracting the offset. */
bool calendar_zone_steady(const struct calendar_zone *z, int64_t t, int64_t span, int32_t *offset);

struct calendar_local {
	int year, month, day;     /* 1-based month and day */
	int hour, minute, second; /* wall clock */
	int weekday;              /* 0 = Monday .. 6 = Sunday */
	int32_t offset_ms;        /* UTC offset in effect */
};
void calendar_local_time(const struct calendar_zone *z, int64_t t, struct calendar_local *out);
/* The zone's name for people at t, e.g. "Central European Summer Time" (short_form: "GMT+2"),
 * in locale ("en", "zh_CN"); UTF-8 into buf. Opens an ICU calendar: for messages, not loops. */
enum calendar_err calendar_zone_display_name(const struct calendar_zone *z, int64_t t,
                                             const char *locale, bool short_form, char *buf,
                                             size_t size);

/* Pieces of the text form, shared with shift.c. Each parses all of [s, s + len) (surrounding
 * spaces allowed); `at` is s's offset in the whole text, for the diag. */
/* "HH:MM" (hour may be one digit) into ms after midnight; 24:00 only when allow_24. */
enum calendar_err calendar_text_time(const char *s, size_t len, size_t at, bool allow_24,
                                     int32_t *ms, struct calendar_diag *diag);
/* "mon-fri,sun", "daily", ... into a mask, bit 0 = Monday. */
enum calendar_err calendar_text_days(const char *s, size_t len, size_t at, uint8_t *mask,
                                     struct calendar_diag *diag);
/* The value of a "tz=NAME" clause, or false if the clause is not one. */
bool calendar_text_is_tz(const char *s, size_t len, size_t *value_off);
/* Next ';'-separated clause after *pos, trimmed; false at the end of the text. */
bool calendar_text_clause(const char *text, size_t len, size_t *pos, size_t *start,
                          size_t *clause_len);
/* Days as text: "mon-fri", "mon,wed,fri", "daily", into buf (>= 32 bytes). */
void calendar_days_format(uint8_t mask, char *buf, size_t size);

#endif
