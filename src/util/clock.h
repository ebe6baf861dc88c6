/* clock.h — the one source of time. Everything asks clock_now_ms(); tests can shift the clock
 * (EXDESK_CLOCK_OFFSET_MS in the environment, or clock_set_offset) to run a simulated day in a
 * second without sleeping. Also RFC 3339 UTC formatting and parsing. */
#ifndef EXDESK_UTIL_CLOCK_H
#define EXDESK_UTIL_CLOCK_H
#include <stdbool.h>
#include <stdint.h>

#define RFC3339_MAX 32

int64_t clock_now_ms(void);      /* wall clock (+ offset), milliseconds since the epoch */
int64_t clock_monotonic_ns(void); /* for durations only */
void clock_set_offset(int64_t offset_ms);
void clock_init_from_env(void);
/* The real-time instant ms from now, for pthread_cond_timedwait (which waits on the system's
 * clock, not on clock_now_ms()). */
struct timespec;
void clock_deadline_after(struct timespec *out, int64_t ms);

/* "2026-11-22T09:14:03Z" (seconds precision, always UTC). */
void clock_format_rfc3339(int64_t ms, char out[RFC3339_MAX]);
/* "2026-11-23T08:00:10.481Z": the same with milliseconds, for instants that must not be rounded
 * (SLA due and breach times). ms >= 0. */
#define RFC3339_MS_MAX (RFC3339_MAX + 8)
void clock_format_rfc3339_ms(int64_t ms, char out[RFC3339_MS_MAX]);
/* Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm|-hh:mm)". */
bool clock_parse_rfc3339(const char *s, int64_t *ms);

#endif
