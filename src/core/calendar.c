/* calendar.c — see calendar.h.
 *
 * Speed: a due time is computed thousands of times per second (every routing decision and SLA
 * view), so the hot path never touches ICU. ICU's UCalendar is not thread-safe and opening one
 * costs microseconds; instead, the first time a zone is named, its UTC offset transitions from
 * 1970 to 2400 are copied out of ICU into a sorted array (about 850 entries for a zone with DST,
 * a handful for Asia/Singapore). Converting between UTC and wall-clock time is then an indexed
 * look-up, and walking forward through days reuses a cursor into that array, so each day costs
 * a few integer operations. The zone cache is filled under a mutex and never changes afterwards,
 * so readers need no lock. Measured on the development machine: a 4-business-hour due time in
 * Europe/Berlin ~35 ns, is_open ~10 ns, building a zone's table on first use a few ms. */
#include "core/calendar.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucal.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#define DAY_MS  CALENDAR_DAY_MS
#define HOUR_MS INT64_C(3600000)
/* No UTC offset exceeds 26 hours: a zone cursor placed this far before a wall time is never past
 * the instant it maps to, and an offset steady over this margin covers t's whole local day. */
#define OFFSET_MARGIN_MS (2 * DAY_MS)
/* Built offset tables reach a little past the range so its ends convert like its middle. */
#define TABLE_FROM (CALENDAR_TIME_MIN - 3 * DAY_MS)
#define TABLE_TO   (CALENDAR_TIME_MAX + 3 * DAY_MS)

/* Finding the segment that holds an instant is the innermost step of everything here, so besides
 * the sorted transitions a zone keeps, for every 2^31 ms (about 25 days) of the table, the segment
 * in effect at its start: a lookup is one index and a step or two forward, not a binary search. */
#define BUCKET_SHIFT 31
#define N_BUCKETS    (size_t)(((TABLE_TO - TABLE_FROM) >> BUCKET_SHIFT) + 1)

struct calendar_zone {
	char name[CALENDAR_ZONE_NAME_MAX + 1];
	size_t n;     /* segments of constant offset */
	int64_t *at;  /* n + 1 entries: segment i is [at[i], at[i+1]); at[0] = MIN, at[n] = MAX */
	int32_t *off; /* n entries */
	uint32_t *first; /* N_BUCKETS entries: the segment holding each bucket's start */
};

static const char *const err_names[] = {
    [CALENDAR_OK] = "ok",
    [CALENDAR_ERR_EMPTY] = "empty",
    [CALENDAR_ERR_TOO_LONG] = "text too long",
    [CALENDAR_ERR_SYNTAX] = "not understood",
    [CALENDAR_ERR_DAY] = "unknown day",
    [CALENDAR_ERR_TIME] = "invalid time",
    [CALENDAR_ERR_INTERVAL] = "invalid interval",
    [CALENDAR_ERR_ZONE] = "unknown time zone",
    [CALENDAR_ERR_DATE] = "invalid date",
    [CALENDAR_ERR_LIMIT] = "too many entries",
    [CALENDAR_ERR_CONFLICT] = "contradictory clauses",
    [CALENDAR_ERR_NOMEM] = "out of memory",
    [CALENDAR_ERR_ICU] = "time zone library failure",
};

const char *calendar_strerror(enum calendar_err e)
{
	if ((unsigned)e >= sizeof err_names / sizeof err_names[0])
		return "unknown error";
	return err_names[e];
}

/* ---- date arithmetic (proleptic Gregorian, days since 1970-01-01) ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil / civil_from_days: exact, branch-light, no tables. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = m;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

/* 1970-01-01 was a Thursday; Monday is 0. */
static int weekday_of(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* ---- time zones ---- */

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static char **zone_ids; /* every ICU system zone ID, sorted case-insensitively */
static size_t n_zone_ids;
static struct calendar_zone **zone_built; /* zone_built[i] for zone_ids[i], NULL until named */

static int cmp_id(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* Called with zone_lock held. */
static enum calendar_err load_zone_ids(void)
{
	UErrorCode st = U_ZERO_ERROR;
	UEnumeration *en;
	const char *id;
	int32_t len;
	size_t cap;

	if (zone_ids != NULL)
		return CALENDAR_OK;
	en = ucal_openTimeZones(&st);
	if (U_FAILURE(st))
		return CALENDAR_ERR_ICU;
	cap = (size_t)uenum_count(en, &st);
	if (U_FAILURE(st) || cap == 0) {
		uenum_close(en);
		return CALENDAR_ERR_ICU;
	}
	char **ids = calloc(cap, sizeof *ids);
	struct calendar_zone **built = calloc(cap, sizeof *built);
	size_t n = 0;
	if (ids == NULL || built == NULL)
		goto nomem;
	while (n < cap && (id = uenum_next(en, &len, &st)) != NULL && U_SUCCESS(st)) {
		if (len <= 0 || len > CALENDAR_ZONE_NAME_MAX)
			continue;
		ids[n] = strdup(id);
		if (ids[n] == NULL)
			goto nomem;
		n++;
	}
	uenum_close(en);
	qsort(ids, n, sizeof *ids, cmp_id);
	zone_ids = ids;
	zone_built = built;
	n_zone_ids = n;
	return CALENDAR_OK;
nomem:
	uenum_close(en);
	for (size_t i = 0; ids != NULL && i < n; i++)
		free(ids[i]);
	free(ids);
	free(built);
	return CALENDAR_ERR_NOMEM;
}

/* Copies the zone's offsets out of ICU. Called with zone_lock held; the result is never freed. */
static enum calendar_err build_zone(const char *id, struct calendar_zone **out)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar uid[CALENDAR_ZONE_NAME_MAX + 1];
	UCalendar *uc;
	size_t n = 0, cap = 64, nb;
	int64_t *at = NULL;
	int32_t *off = NULL;
	enum calendar_err err = CALENDAR_ERR_NOMEM;
	struct calendar_zone *z;
	UDate t;

	u_uastrncpy(uid, id, CALENDAR_ZONE_NAME_MAX);
	uid[CALENDAR_ZONE_NAME_MAX] = 0;
	uc = ucal_open(uid, -1, "en_US_POSIX", UCAL_GREGORIAN, &st);
	if (U_FAILURE(st))
		return CALENDAR_ERR_ICU;
	at = malloc(cap * sizeof *at);
	off = malloc(cap * sizeof *off);
	if (at == NULL || off == NULL)
		goto out;
	ucal_setMillis(uc, (UDate)TABLE_FROM, &st);
	at[0] = INT64_MIN;
	off[0] = ucal_get(uc, UCAL_ZONE_OFFSET, &st) + ucal_get(uc, UCAL_DST_OFFSET, &st);
	n = 1;
	while (U_SUCCESS(st) &&
	       ucal_getTimeZoneTransitionDate(uc, UCAL_TZ_TRANSITION_NEXT, &t, &st) &&
	       t < (UDate)TABLE_TO) {
		int32_t o;
		ucal_setMillis(uc, t, &st);
		o = ucal_get(uc, UCAL_ZONE_OFFSET, &st) + ucal_get(uc, UCAL_DST_OFFSET, &st);
		/* ICU also reports transitions that only rename or split the offset */
		if (o == off[n - 1])
			continue;
		if (n + 1 >= cap) {
			int64_t *a2 = realloc(at, 2 * cap * sizeof *at);
			if (a2 != NULL)
				at = a2;
			int32_t *o2 = realloc(off, 2 * cap * sizeof *off);
			if (o2 != NULL)
				off = o2;
			if (a2 == NULL || o2 == NULL)
				goto out;
			cap *= 2;
		}
		at[n] = (int64_t)t;
		off[n] = o;
		n++;
	}
	if (U_FAILURE(st)) {
		err = CALENDAR_ERR_ICU;
		goto out;
	}
	nb = n > 1 ? N_BUCKETS : 0; /* a zone without transitions needs no index */
	z = malloc(sizeof *z + (n + 1) * sizeof(int64_t) + n * sizeof(int32_t) +
	           nb * sizeof(uint32_t));
	if (z == NULL)
		goto out;
	snprintf(z->name, sizeof z->name, "%s", id);
	z->n = n;
	z->at = (int64_t *)(z + 1);
	z->off = (int32_t *)(z->at + n + 1);
	z->first = nb > 0 ? (uint32_t *)(z->off + n) : NULL;
	memcpy(z->at, at, n * sizeof *at);
	z->at[n] = INT64_MAX;
	memcpy(z->off, off, n * sizeof *off);
	for (size_t b = 0, i = 0; b < nb; b++) {
		int64_t start = TABLE_FROM + ((int64_t)b << BUCKET_SHIFT);
		while (z->at[i + 1] <= start)
			i++;
		z->first[b] = (uint32_t)i;
	}
	*out = z;
	err = CALENDAR_OK;
out:
	free(at);
	free(off);
	ucal_close(uc);
	return err;
}

__attribute__((format(printf, 4, 5))) static enum calendar_err
fail(struct calendar_diag *d, enum calendar_err e, size_t at, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return e;
	d->offset = at;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof d->message, fmt, ap);
	va_end(ap);
	return e;
}

/* User text inside a message: printable ASCII only, at most 40 bytes, so a message is always
 * safe to put in JSON and a log line. */
static const char *quote(const char *s, size_t n, char out[48])
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < 40; i++)
		out[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (n > 40) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

static bool zone_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '/' || c == '_' || c == '+' || c == '-';
}

enum calendar_err calendar_zone_find(const char *name, size_t len, const struct calendar_zone **out,
                                     struct calendar_diag *diag)
{
	char key[CALENDAR_ZONE_NAME_MAX + 1], q[48];
	enum calendar_err err;
	size_t lo, hi;
	bool ok = len >= 1 && len <= CALENDAR_ZONE_NAME_MAX;

	for (size_t i = 0; ok && i < len; i++)
		ok = zone_char_ok(name[i]);
	if (!ok)
		return fail(diag, CALENDAR_ERR_ZONE, 0,
		            "unknown time zone \"%s\": use an IANA name such as Europe/Berlin",
		            quote(name, len, q));
	memcpy(key, name, len);
	key[len] = '\0';

	pthread_mutex_lock(&zone_lock);
	err = load_zone_ids();
	if (err != CALENDAR_OK)
		goto out;
	lo = 0;
	hi = n_zone_ids;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(zone_ids[mid], key);
		if (c == 0) {
			if (zone_built[mid] == NULL)
				err = build_zone(zone_ids[mid], &zone_built[mid]);
			if (err == CALENDAR_OK)
				*out = zone_built[mid];
			goto out;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	err = fail(diag, CALENDAR_ERR_ZONE, 0,
	           "unknown time zone \"%s\": use an IANA name such as Europe/Berlin", key);
out:
	pthread_mutex_unlock(&zone_lock);
	if (err == CALENDAR_ERR_NOMEM || err == CALENDAR_ERR_ICU)
		fail(diag, err, 0, "time zone \"%s\" could not be loaded (%s)", key,
		     calendar_strerror(err));
	return err;
}

const char *calendar_zone_name(const struct calendar_zone *z)
{
	return z->name;
}

/* The segment holding t: the last i with at[i] <= t (at[0] is INT64_MIN). */
static size_t zone_seg(const struct calendar_zone *z, int64_t t)
{
	size_t lo = 0, hi = z->n;

	if (z->first == NULL)
		return 0;
	if (t >= TABLE_FROM && t < TABLE_TO) {
		lo = z->first[(uint64_t)(t - TABLE_FROM) >> BUCKET_SHIFT];
		while (z->at[lo + 1] <= t)
			lo++;
		return lo;
	}
	/* outside the table only its first and last segments apply */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int32_t calendar_zone_offset(const struct calendar_zone *z, int64_t t)
{
	return z->off[zone_seg(z, t)];
}

bool calendar_zone_steady(const struct calendar_zone *z, int64_t t, int64_t span, int32_t *offset)
{
	size_t i;

	/* far outside the table nothing changes, and clamping keeps t +- span from overflowing */
	t = clamp64(t, TABLE_FROM - 1, TABLE_TO + 1);
	span = clamp64(span, 0, TABLE_TO);
	i = zone_seg(z, t);
	*offset = z->off[i];
	return (z->at[i] == INT64_MIN || z->at[i] <= t - span) &&
	       (z->at[i + 1] == INT64_MAX || z->at[i + 1] > t + span);
}

/* min{u : u + offset(u) >= local}. Segment i shows wall times [at[i] + off[i], at[i+1] + off[i]);
 * the first segment whose wall times reach past `local` holds the answer, at its start if the
 * clock jumped over `local`. *cur is a segment at or before the answer; it only moves forward, so
 * a walk through ascending wall times costs O(1) per call. */
static int64_t zone_from_local_cur(const struct calendar_zone *z, size_t *cur, int64_t local)
{
	size_t i = *cur;
	int64_t u;

	while (i + 1 < z->n && z->at[i + 1] + z->off[i] <= local)
		i++;
	*cur = i;
	u = local - z->off[i];
	return u > z->at[i] ? u : z->at[i];
}

/* Inputs are clamped far outside the table so that no addition below can overflow. */
#define LOCAL_LIMIT (INT64_C(1) << 60)

static size_t zone_cursor_for(const struct calendar_zone *z, int64_t local)
{
	return zone_seg(z, local - OFFSET_MARGIN_MS);
}

int64_t calendar_zone_from_local(const struct calendar_zone *z, int64_t local_ms)
{
	int64_t l = clamp64(local_ms, -LOCAL_LIMIT, LOCAL_LIMIT);
	size_t cur = zone_cursor_for(z, l);
	return zone_from_local_cur(z, &cur, l);
}

void calendar_local_time(const struct calendar_zone *z, int64_t t, struct calendar_local *out)
{
	int64_t u = clamp64(t, -LOCAL_LIMIT, LOCAL_LIMIT);
	int32_t off = calendar_zone_offset(z, u);
	int64_t local = u + off;
	int64_t day = floor_div(local, DAY_MS);
	int64_t ms = local - day * DAY_MS;

	civil_from_days(day, &out->year, &out->month, &out->day);
	out->hour = (int)(ms / HOUR_MS);
	out->minute = (int)(ms / 60000 % 60);
	out->second = (int)(ms / 1000 % 60);
	out->weekday = weekday_of(day);
	out->offset_ms = off;
}

enum calendar_err calendar_zone_display_name(const struct calendar_zone *z, int64_t t,
                                             const char *locale, bool short_form, char *buf,
                                             size_t size)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar uid[CALENDAR_ZONE_NAME_MAX + 1], name[128];
	UCalendar *uc;
	int32_t n, out_len;
	UCalendarDisplayNameType type;

	if (size == 0)
		return CALENDAR_ERR_LIMIT;
	buf[0] = '\0';
	u_uastrncpy(uid, z->name, CALENDAR_ZONE_NAME_MAX);
	uid[CALENDAR_ZONE_NAME_MAX] = 0;
	uc = ucal_open(uid, -1, locale, UCAL_GREGORIAN, &st);
	if (U_FAILURE(st))
		return CALENDAR_ERR_ICU;
	ucal_setMillis(uc, (UDate)clamp64(t, TABLE_FROM, TABLE_TO), &st);
	if (ucal_inDaylightTime(uc, &st))
		type = short_form ? UCAL_SHORT_DST : UCAL_DST;
	else
		type = short_form ? UCAL_SHORT_STANDARD : UCAL_STANDARD;
	n = ucal_getTimeZoneDisplayName(uc, type, locale, name,
	                                (int32_t)(sizeof name / sizeof name[0]), &st);
	ucal_close(uc);
	if (U_FAILURE(st) || n >= (int32_t)(sizeof name / sizeof name[0]))
		return CALENDAR_ERR_ICU;
	u_strToUTF8(buf, (int32_t)(size > INT32_MAX ? INT32_MAX : size), &out_len, name, n, &st);
	if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING) {
		buf[0] = '\0';
		return CALENDAR_ERR_LIMIT;
	}
	return CALENDAR_OK;
}

/* ---- walking through openings ---- */

/* Yields the calendar's openings as UTC spans [s, e), in order, from the local day of a given
 * instant t up to CALENDAR_TIME_MAX. Earlier days cannot matter: their openings end by the first
 * instant the clock reads t's day's midnight, which is not after t. */
struct walk {
	const struct calendar *cal;
	size_t zi;       /* zone cursor */
	size_t hi;       /* first holiday not before day */
	int64_t day;     /* local day being walked */
	int iv;          /* next interval of that day */
	int64_t end_day; /* no opening starts after this day */
};

static void walk_init(struct walk *w, const struct calendar *cal, int64_t t)
{
	const struct calendar_zone *z = cal->zone;
	int64_t local = t + calendar_zone_offset(z, t);
	size_t lo = 0, hi = cal->n_holidays;

	w->cal = cal;
	w->day = floor_div(local, DAY_MS);
	w->iv = 0;
	w->zi = zone_cursor_for(z, w->day * DAY_MS);
	w->end_day = CALENDAR_TIME_MAX / DAY_MS + 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < w->day)
			lo = mid + 1;
		else
			hi = mid;
	}
	w->hi = lo;
}

static bool walk_next(struct walk *w, int64_t *s, int64_t *e)
{
	const struct calendar *cal = w->cal;

	while (w->day <= w->end_day) {
		int wd = weekday_of(w->day);
		if (w->iv == 0) {
			while (w->hi < cal->n_holidays && cal->holidays[w->hi] < w->day)
				w->hi++;
			if (cal->n_intervals[wd] == 0 ||
			    (w->hi < cal->n_holidays && cal->holidays[w->hi] == w->day)) {
				w->day++;
				continue;
			}
		}
		if (w->iv >= cal->n_intervals[wd]) {
			w->day++;
			w->iv = 0;
			continue;
		}
		const struct calendar_interval *iv = &cal->intervals[wd][w->iv++];
		int64_t base = w->day * DAY_MS;
		*s = zone_from_local_cur(cal->zone, &w->zi, base + iv->start);
		*e = zone_from_local_cur(cal->zone, &w->zi, base + iv->end);
		if (*s < CALENDAR_TIME_MIN)
			*s = CALENDAR_TIME_MIN;
		if (*e > CALENDAR_TIME_MAX)
			*e = CALENDAR_TIME_MAX;
		/* a skipped wall-clock stretch can swallow a whole interval */
		if (*s < *e)
			return true;
	}
	return false;
}

static bool always(const struct calendar *cal)
{
	return cal == NULL || cal->always_open || cal->zone == NULL;
}

static bool day_is_holiday(const struct calendar *cal, int64_t day)
{
	size_t lo = 0, hi = cal->n_holidays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->n_holidays && cal->holidays[lo] == day;
}

bool calendar_is_open(const struct calendar *cal, int64_t t)
{
	struct walk w;
	int64_t s, e;
	int32_t off;

	if (always(cal))
		return true;
	if (t < CALENDAR_TIME_MIN || t >= CALENDAR_TIME_MAX)
		return false;
	/* Usual case, no transition near t: t's wall day and time of day decide. Two days'
	 * margin covers the day's own midnight to midnight in any offset. */
	if (calendar_zone_steady(cal->zone, t, OFFSET_MARGIN_MS, &off)) {
		int64_t local = t + off, day = floor_div(local, DAY_MS);
		int32_t ms = (int32_t)(local - day * DAY_MS);
		int wd = weekday_of(day);
		if (day_is_holiday(cal, day))
			return false;
		for (int i = 0; i < cal->n_intervals[wd]; i++)
			if (cal->intervals[wd][i].start <= ms && ms < cal->intervals[wd][i].end)
				return true;
		return false;
	}
	walk_init(&w, cal, t);
	while (walk_next(&w, &s, &e)) {
		if (e > t)
			return s <= t;
	}
	return false;
}

int64_t calendar_next_open(const struct calendar *cal, int64_t t)
{
	struct walk w;
	int64_t s, e;

	if (always(cal))
		return t;
	if (t >= CALENDAR_TIME_MAX)
		return CALENDAR_NEVER;
	if (t < CALENDAR_TIME_MIN)
		t = CALENDAR_TIME_MIN;
	walk_init(&w, cal, t);
	while (walk_next(&w, &s, &e)) {
		if (e > t)
			return s > t ? s : t;
	}
	return CALENDAR_NEVER;
}

int64_t calendar_add_business_ms(const struct calendar *cal, int64_t start, int64_t duration_ms)
{
	struct walk w;
	int64_t s, e, left = duration_ms;

	if (duration_ms <= 0)
		return start;
	if (always(cal))
		return start > INT64_MAX - duration_ms ? CALENDAR_NEVER : start + duration_ms;
	if (start >= CALENDAR_TIME_MAX)
		return CALENDAR_NEVER;
	if (start < CALENDAR_TIME_MIN)
		start = CALENDAR_TIME_MIN;
	walk_init(&w, cal, start);
	while (walk_next(&w, &s, &e)) {
		if (e <= start)
			continue;
		if (s < start)
			s = start;
		if (left <= e - s)
			return s + left;
		left -= e - s;
	}
	return CALENDAR_NEVER;
}

int64_t calendar_business_ms_between(const struct calendar *cal, int64_t a, int64_t b)
{
	struct walk w;
	int64_t s, e, sum = 0;

	if (b <= a)
		return 0;
	if (always(cal))
		return (a < 0 && b > INT64_MAX + a) ? INT64_MAX : b - a;
	a = clamp64(a, CALENDAR_TIME_MIN, CALENDAR_TIME_MAX);
	b = clamp64(b, CALENDAR_TIME_MIN, CALENDAR_TIME_MAX);
	if (b <= a)
		return 0;
	walk_init(&w, cal, a);
	while (walk_next(&w, &s, &e) && s < b) {
		if (e <= a)
			continue;
		sum += (e < b ? e : b) - (s > a ? s : a);
	}
	return sum;
}

/* ---- text form ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void trim(const char *s, size_t *off, size_t *len)
{
	while (*len > 0 && is_space(s[*off])) {
		(*off)++;
		(*len)--;
	}
	while (*len > 0 && is_space(s[*off + *len - 1]))
		(*len)--;
}

bool calendar_text_clause(const char *text, size_t len, size_t *pos, size_t *start,
                          size_t *clause_len)
{
	while (*pos < len) {
		size_t b = *pos, e = b, n;
		while (e < len && text[e] != ';')
			e++;
		*pos = e < len ? e + 1 : e;
		n = e - b;
		trim(text, &b, &n);
		if (n > 0) {
			*start = b;
			*clause_len = n;
			return true;
		}
	}
	return false;
}

enum calendar_err calendar_text_time(const char *s, size_t len, size_t at, bool allow_24,
                                     int32_t *ms, struct calendar_diag *diag)
{
	size_t off = 0, i = 0, hd = 0;
	int h = 0, m;
	char q[48];

	trim(s, &off, &len);
	s += off;
	at += off;
	while (i < len && is_digit(s[i]) && hd < 2) {
		h = h * 10 + (s[i++] - '0');
		hd++;
	}
	if (hd == 0 || i + 3 != len || s[i] != ':' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]))
		return fail(diag, CALENDAR_ERR_TIME, at,
		            "\"%s\" is not a time: write HH:MM, e.g. 09:00 or 18:30",
		            quote(s, len, q));
	m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	if (m > 59)
		return fail(diag, CALENDAR_ERR_TIME, at,
		            "\"%s\" is not a time of day: minutes run from 00 to 59",
		            quote(s, len, q));
	if (h > 24 || (h == 24 && (m != 0 || !allow_24)))
		return fail(
		    diag, CALENDAR_ERR_TIME, at,
		    "\"%s\" is not a time of day: hours run from 00 to 23 (24:00 only ends an "
		    "interval)",
		    quote(s, len, q));
	*ms = (int32_t)((h * 60 + m) * 60000);
	return CALENDAR_OK;
}

static const char *const day_short[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_long[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
static const struct {
	const char *name;
	uint8_t mask;
} day_groups[] = {
    {"daily", 0x7f},
    {"weekdays", 0x1f},
    {"weekend", 0x60},
    {"weekends", 0x60},
};

static bool word_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

static int day_index(const char *s, size_t n)
{
	for (int d = 0; d < 7; d++)
		if (word_is(s, n, day_short[d]) || word_is(s, n, day_long[d]))
			return d;
	return -1;
}

#define DAYS_HELP "use mon, tue, wed, thu, fri, sat, sun (or daily, weekdays, weekend)"

enum calendar_err calendar_text_days(const char *s, size_t len, size_t at, uint8_t *mask,
                                     struct calendar_diag *diag)
{
	size_t i = 0, off = 0;
	uint8_t m = 0;
	char q[48], q2[48];

	trim(s, &off, &len);
	s += off;
	at += off;
	for (;;) {
		size_t b, a_len, b_len = 0, b_start = 0;
		int a, z = -1;

		while (i < len && is_space(s[i]))
			i++;
		b = i;
		while (i < len && is_alpha(s[i]))
			i++;
		a_len = i - b;
		if (a_len == 0)
			return fail(diag, CALENDAR_ERR_DAY, at + b,
			            "expected a day in \"%s\": " DAYS_HELP, quote(s, len, q));
		a = day_index(s + b, a_len);
		while (i < len && is_space(s[i]))
			i++;
		if (a < 0) {
			size_t g;
			for (g = 0; g < sizeof day_groups / sizeof day_groups[0]; g++)
				if (word_is(s + b, a_len, day_groups[g].name))
					break;
			if (g == sizeof day_groups / sizeof day_groups[0] ||
			    (i < len && s[i] == '-'))
				return fail(diag, CALENDAR_ERR_DAY, at + b,
				            "unknown day \"%s\" in \"%s\": " DAYS_HELP,
				            quote(s + b, a_len, q2), quote(s, len, q));
			m |= day_groups[g].mask;
		} else if (i < len && s[i] == '-') {
			i++;
			while (i < len && is_space(s[i]))
				i++;
			b_start = i;
			while (i < len && is_alpha(s[i]))
				i++;
			b_len = i - b_start;
			z = day_index(s + b_start, b_len);
			if (b_len == 0)
				return fail(diag, CALENDAR_ERR_DAY, at + b_start,
				            "expected a day after \"-\" in \"%s\": " DAYS_HELP,
				            quote(s, len, q));
			if (z < 0)
				return fail(diag, CALENDAR_ERR_DAY, at + b_start,
				            "unknown day \"%s\" in \"%s\": " DAYS_HELP,
				            quote(s + b_start, b_len, q2), quote(s, len, q));
			/* a range may wrap past Sunday: fri-mon is fri, sat, sun, mon */
			for (int d = a;; d = (d + 1) % 7) {
				m |= (uint8_t)(1u << d);
				if (d == z)
					break;
			}
			while (i < len && is_space(s[i]))
				i++;
		} else {
			m |= (uint8_t)(1u << a);
		}
		if (i == len)
			break;
		if (s[i] != ',')
			return fail(
			    diag, CALENDAR_ERR_DAY, at + i,
			    "unexpected \"%c\" in days \"%s\": separate days with ',' and ranges "
			    "with '-'",
			    s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?', quote(s, len, q));
		i++;
	}
	*mask = m;
	return CALENDAR_OK;
}

void calendar_days_format(uint8_t mask, char *buf, size_t size)
{
	size_t len = 0;

	mask &= 0x7f;
	if (size == 0)
		return;
	buf[0] = '\0';
	if (mask == 0x7f) {
		snprintf(buf, size, "mon-sun");
		return;
	}
	for (int d = 0; d < 7;) {
		int e = d;
		if (!(mask & (1u << d))) {
			d++;
			continue;
		}
		while (e + 1 < 7 && (mask & (1u << (e + 1))))
			e++;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? "," : "",
			                        day_short[d]);
		if (e > d && len < size)
			len += (size_t)snprintf(buf + len, size - len, "-%s", day_short[e]);
		d = e + 1;
	}
}

bool calendar_text_is_tz(const char *s, size_t len, size_t *value_off)
{
	size_t i = 2;

	if (len < 3 || strncasecmp(s, "tz", 2) != 0)
		return false;
	while (i < len && is_space(s[i]))
		i++;
	if (i == len || s[i] != '=')
		return false;
	i++;
	while (i < len && is_space(s[i]))
		i++;
	*value_off = i;
	return true;
}

static int cmp_interval(const void *a, const void *b)
{
	const struct calendar_interval *x = a, *y = b;
	return (x->start > y->start) - (x->start < y->start);
}

/* Adds [start, end) to weekday wd, merging overlapping and touching intervals. */
static bool add_interval(struct calendar *cal, int wd, int32_t start, int32_t end)
{
	struct calendar_interval tmp[CALENDAR_DAY_INTERVALS + 1];
	int n = cal->n_intervals[wd], k = 0;

	memcpy(tmp, cal->intervals[wd], (size_t)n * sizeof tmp[0]);
	tmp[n].start = start;
	tmp[n].end = end;
	n++;
	qsort(tmp, (size_t)n, sizeof tmp[0], cmp_interval);
	for (int i = 1; i < n; i++) {
		if (tmp[i].start <= tmp[k].end) {
			if (tmp[i].end > tmp[k].end)
				tmp[k].end = tmp[i].end;
		} else {
			tmp[++k] = tmp[i];
		}
	}
	if (k + 1 > CALENDAR_DAY_INTERVALS)
		return false;
	memcpy(cal->intervals[wd], tmp, (size_t)(k + 1) * sizeof tmp[0]);
	cal->n_intervals[wd] = (uint8_t)(k + 1);
	return true;
}

static enum calendar_err parse_hours(struct calendar *cal, uint8_t days, const char *s, size_t len,
                                     size_t at, struct calendar_diag *diag)
{
	size_t i = 0;
	char q[48];

	while (i <= len) {
		size_t b = i, dash;
		int32_t start, end;
		enum calendar_err err;

		while (i < len && s[i] != ',')
			i++;
		for (dash = b; dash < i && s[dash] != '-'; dash++)
			;
		if (dash == i)
			return fail(diag, CALENDAR_ERR_INTERVAL, at + b,
			            "expected an interval like 09:00-18:00, got \"%s\"",
			            quote(s + b, i - b, q));
		err = calendar_text_time(s + b, dash - b, at + b, false, &start, diag);
		if (err == CALENDAR_OK)
			err = calendar_text_time(s + dash + 1, i - dash - 1, at + dash + 1, true,
			                         &end, diag);
		if (err != CALENDAR_OK)
			return err;
		/* "18:00-00:00" ends at midnight, and "00:00-00:00" is the whole day */
		if (end == 0)
			end = (int32_t)DAY_MS;
		if (end <= start) {
			char iv[48];
			quote(s + b, i - b, iv);
			if (end == start)
				return fail(diag, CALENDAR_ERR_INTERVAL, at + b,
				            "interval \"%s\" is empty", iv);
			return fail(
			    diag, CALENDAR_ERR_INTERVAL, at + b,
			    "interval \"%s\" ends before it starts: an opening across midnight is "
			    "two intervals, e.g. \"mon 18:00-24:00; tue 00:00-09:00\"",
			    iv);
		}
		for (int d = 0; d < 7; d++)
			if ((days & (1u << d)) && !add_interval(cal, d, start, end))
				return fail(diag, CALENDAR_ERR_LIMIT, at + b,
				            "more than %d opening intervals on %s",
				            CALENDAR_DAY_INTERVALS, day_long[d]);
		i++;
	}
	return CALENDAR_OK;
}

static enum calendar_err parse_date(const char *s, size_t len, size_t at, int32_t *day,
                                    struct calendar_diag *diag)
{
	char q[48];
	int y, m, d;
	int lengths[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (len != 10 || s[4] != '-' || s[7] != '-')
		goto bad;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			goto bad;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)
		lengths[1] = 29;
	if (y < 1970 || y > 2399 || m < 1 || m > 12 || d < 1 || d > lengths[m - 1])
		goto bad;
	*day = (int32_t)days_from_civil(y, m, d);
	return CALENDAR_OK;
bad:
	return fail(diag, CALENDAR_ERR_DATE, at,
	            "\"%s\" is not a date: write YYYY-MM-DD, a real date from 1970 to 2399",
	            quote(s, len, q));
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static enum calendar_err parse_holidays(struct calendar *cal, const char *s, size_t len, size_t at,
                                        struct calendar_diag *diag)
{
	size_t i = 0;
	int found = 0;

	for (;;) {
		size_t b;
		int32_t day = 0;
		enum calendar_err err;

		while (i < len && (is_space(s[i]) || s[i] == ','))
			i++;
		if (i == len)
			break;
		b = i;
		while (i < len && !is_space(s[i]) && s[i] != ',')
			i++;
		err = parse_date(s + b, i - b, at + b, &day, diag);
		if (err != CALENDAR_OK)
			return err;
		if (cal->n_holidays == CALENDAR_HOLIDAYS)
			return fail(diag, CALENDAR_ERR_LIMIT, at + b, "more than %d holidays",
			            CALENDAR_HOLIDAYS);
		cal->holidays[cal->n_holidays++] = day;
		found++;
	}
	if (found == 0)
		return fail(diag, CALENDAR_ERR_DATE, at,
		            "holidays needs at least one date, e.g. \"holidays 2026-12-25\"");
	return CALENDAR_OK;
}

/* What "holidays" (or "holiday") clause starts with, or 0. */
static size_t holidays_keyword(const char *s, size_t len)
{
	size_t n = len >= 8 && strncasecmp(s, "holidays", 8) == 0  ? 8
	           : len >= 7 && strncasecmp(s, "holiday", 7) == 0 ? 7
	                                                           : 0;
	if (n == 0 || (n < len && !is_space(s[n])))
		return 0;
	return n;
}

static enum calendar_err parse_clause(struct calendar *cal, const char *text, size_t at, size_t n,
                                      bool *have_tz, bool *have_hours, struct calendar_diag *diag)
{
	const char *s = text + at;
	size_t v, k;
	char q[48];
	enum calendar_err err;

	if (calendar_text_is_tz(s, n, &v)) {
		if (*have_tz)
			return fail(diag, CALENDAR_ERR_CONFLICT, at, "tz= is given twice");
		err = calendar_zone_find(s + v, n - v, &cal->zone, diag);
		if (err != CALENDAR_OK && diag != NULL)
			diag->offset = at + v;
		*have_tz = true;
		return err;
	}
	if (n == 4 && memcmp(s, "24/7", 4) == 0) {
		if (cal->always_open)
			return fail(diag, CALENDAR_ERR_CONFLICT, at, "24/7 is given twice");
		cal->always_open = true;
		return CALENDAR_OK;
	}
	k = holidays_keyword(s, n);
	if (k > 0)
		return parse_holidays(cal, s + k, n - k, at + k, diag);
	if (!is_alpha(s[0]))
		return fail(diag, CALENDAR_ERR_SYNTAX, at,
		            "\"%s\" is not understood: expected tz=Area/City, 24/7, holidays "
		            "YYYY-MM-DD, or days with hours such as \"mon-fri 09:00-18:00\"",
		            quote(s, n, q));
	/* days run up to the first digit, hours from there */
	for (k = 0; k < n && !is_digit(s[k]); k++)
		;
	uint8_t days;
	err = calendar_text_days(s, k, at, &days, diag);
	if (err != CALENDAR_OK)
		return err;
	if (k == n)
		return fail(diag, CALENDAR_ERR_SYNTAX, at,
		            "\"%s\" has no hours: write days with hours such as \"mon-fri "
		            "09:00-18:00\"",
		            quote(s, n, q));
	*have_hours = true;
	return parse_hours(cal, days, s + k, n - k, at + k, diag);
}

enum calendar_err calendar_parse(const char *text, size_t len, struct calendar *out,
                                 struct calendar_diag *diag)
{
	struct calendar cal;
	size_t pos = 0, at, n;
	bool have_tz = false, have_hours = false, any = false;
	enum calendar_err err;

	if (len > CALENDAR_TEXT_MAX)
		return fail(diag, CALENDAR_ERR_TOO_LONG, CALENDAR_TEXT_MAX,
		            "calendar text is longer than %d bytes", CALENDAR_TEXT_MAX);
	memset(&cal, 0, sizeof cal);
	while (calendar_text_clause(text, len, &pos, &at, &n)) {
		any = true;
		err = parse_clause(&cal, text, at, n, &have_tz, &have_hours, diag);
		if (err != CALENDAR_OK)
			return err;
	}
	if (!any)
		return fail(diag, CALENDAR_ERR_EMPTY, 0,
		            "empty calendar: write \"24/7\", or e.g. \"tz=Europe/Berlin; mon-fri "
		            "09:00-18:00\"");
	if (cal.always_open) {
		if (have_hours || cal.n_holidays > 0)
			return fail(
			    diag, CALENDAR_ERR_CONFLICT, 0,
			    "24/7 cannot have hours or holidays; for a round-the-clock desk that "
			    "closes on holidays write \"tz=...; daily 00:00-24:00; holidays ...\"");
	} else {
		if (!have_tz)
			return fail(
			    diag, CALENDAR_ERR_ZONE, 0,
			    "business hours need a time zone: add e.g. \"tz=Europe/Berlin\"");
		if (!have_hours)
			return fail(diag, CALENDAR_ERR_EMPTY, 0,
			            "no opening hours: add days with hours such as \"mon-fri "
			            "09:00-18:00\", or write \"24/7\"");
	}
	qsort(cal.holidays, cal.n_holidays, sizeof cal.holidays[0], cmp_i32);
	n = 0;
	for (size_t i = 0; i < cal.n_holidays; i++)
		if (n == 0 || cal.holidays[i] != cal.holidays[n - 1])
			cal.holidays[n++] = cal.holidays[i];
	cal.n_holidays = (uint16_t)n;
	*out = cal;
	return CALENDAR_OK;
}

enum calendar_err calendar_validate(const char *text, size_t len, struct calendar_diag *diag)
{
	struct calendar cal;
	return calendar_parse(text, len, &cal, diag);
}

void calendar_init_24x7(struct calendar *cal)
{
	memset(cal, 0, sizeof *cal);
	cal->always_open = true;
}

struct out {
	char *buf;
	size_t size, len;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
	              o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void put_hhmm(struct out *o, int32_t ms)
{
	put(o, "%02d:%02d", (int)(ms / 3600000), (int)(ms / 60000 % 60));
}

static bool same_day(const struct calendar *cal, int a, int b)
{
	return cal->n_intervals[a] == cal->n_intervals[b] &&
	       memcmp(cal->intervals[a], cal->intervals[b],
	              cal->n_intervals[a] * sizeof cal->intervals[a][0]) == 0;
}

size_t calendar_format(const struct calendar *cal, char *buf, size_t size)
{
	struct out o = {buf, size, 0};
	const char *sep = "";

	if (size > 0)
		buf[0] = '\0';
	if (cal->zone != NULL) {
		put(&o, "tz=%s", cal->zone->name);
		sep = "; ";
	}
	if (cal->always_open) {
		put(&o, "%s24/7", sep);
		return o.len;
	}
	for (int d = 0; d < 7;) {
		int e = d;
		if (cal->n_intervals[d] == 0) {
			d++;
			continue;
		}
		while (e + 1 < 7 && same_day(cal, d, e + 1))
			e++;
		put(&o, "%s%s", sep, day_short[d]);
		if (e > d)
			put(&o, "-%s", day_short[e]);
		for (int i = 0; i < cal->n_intervals[d]; i++) {
			put(&o, "%s", i ? "," : " ");
			put_hhmm(&o, cal->intervals[d][i].start);
			put(&o, "-");
			put_hhmm(&o, cal->intervals[d][i].end);
		}
		sep = "; ";
		d = e + 1;
	}
	for (size_t i = 0; i < cal->n_holidays; i++) {
		int y, m, dd;
		civil_from_days(cal->holidays[i], &y, &m, &dd);
		put(&o, "%s%04d-%02d-%02d", i ? "," : "; holidays ", y, m, dd);
	}
	return o.len;
}

bool calendar_equal(const struct calendar *a, const struct calendar *b)
{
	if (a->always_open != b->always_open || a->zone != b->zone ||
	    a->n_holidays != b->n_holidays ||
	    memcmp(a->n_intervals, b->n_intervals, sizeof a->n_intervals) != 0)
		return false;
	for (int d = 0; d < 7; d++)
		if (memcmp(a->intervals[d], b->intervals[d],
		           a->n_intervals[d] * sizeof a->intervals[d][0]) != 0)
			return false;
	return memcmp(a->holidays, b->holidays, a->n_holidays * sizeof a->holidays[0]) == 0;
}
