#include "util/clock.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t offset_ms;

int64_t clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&offset_ms);
}

int64_t clock_monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void clock_set_offset(int64_t off)
{
	atomic_store(&offset_ms, off);
}

void clock_init_from_env(void)
{
	const char *s = getenv("EXDESK_CLOCK_OFFSET_MS");
	if (!s || !*s)
		return;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*end == '\0')
		clock_set_offset(v);
}

void clock_deadline_after(struct timespec *out, int64_t ms)
{
	clock_gettime(CLOCK_REALTIME, out);
	out->tv_sec += (time_t)(ms / 1000);
	out->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (out->tv_nsec >= 1000000000L) {
		out->tv_sec++;
		out->tv_nsec -= 1000000000L;
	}
}

void clock_format_rfc3339(int64_t ms, char out[RFC3339_MAX])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, RFC3339_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_format_rfc3339_ms(int64_t ms, char out[RFC3339_MS_MAX])
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char base[RFC3339_MAX];
	gmtime_r(&t, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, RFC3339_MS_MAX, "%s.%03dZ", base, (int)(ms % 1000));
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool clock_parse_rfc3339(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, se, frac = 0;
	size_t len = strlen(s);
	if (len < 20 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' || !digits(s + 17, 2, &se))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (n < 3)
				frac = frac * 10 + (*p - '0');
			n++, p++;
		}
		if (n == 0)
			return false;
		while (n < 3)
			frac *= 10, n++;
	}
	int tz = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int th, tm_;
		if (!digits(p + 1, 2, &th) || p[3] != ':' || !digits(p + 4, 2, &tm_) || th > 23 ||
		    tm_ > 59)
			return false;
		tz = (th * 60 + tm_) * (*p == '-' ? -1 : 1);
		p += 6;
	} else {
		return false;
	}
	if (*p)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = se};
	time_t t = timegm(&tm);
	*ms = ((int64_t)t - (int64_t)tz * 60) * 1000 + frac;
	return true;
}
