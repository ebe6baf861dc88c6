/* after_hours.c — the desk's answer to a customer who writes while nobody is on shift: at once,
 * in the ticket's language, a public message saying when the desk answers again.
 *
 * Who counts: active agents and supervisors (admins and qa do not answer customers). An agent
 * without a shift is always on, so the desk is closed only when every one of them has a shift
 * and none of those is on; it opens again at the earliest next start among them.
 *
 * The message is kind "system", author "system". The SLA timeline counts kind "reply" as the
 * agent's answer (sla.c), and a promise to answer later must not fulfil the first response; a
 * system message is public (the widget lists and streams it, both the widget and the console show
 * it in the conversation as a line from the desk, without an agent's name) and is counted by
 * nothing. An email, web or API ticket gets the same text by email, queued like any public
 * reply. A chat does not: the customer is reading the widget, and the agent's real answer is
 * mailed if they left.
 *
 * The opening time is written by ICU for the language, in the shift's time zone, which is named:
 * "09:00 (Asia/Singapore)" when it is still today there, "Thursday, March 5 at 09:00
 * (Asia/Singapore)" otherwise, with the year when it is not this year. */
#include "api/api.h"
#include "api/mail.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "core/calendar.h"
#include "core/shift.h"
#include "core/ticket.h"
#include "util/clock.h"

/* ---- when the desk opens again ---- */

/* The shift that starts first after `now`, with its start; NULL when someone is on now or nobody
 * answers customers at all. */
static const struct shift *first_opening(struct db *db, struct arena *a, int64_t now,
					 int64_t *opens)
{
	const struct sla_config *cfg = sla_config_current(db);
	struct agent_row *ags;
	size_t n = store_agent_list(db, a, &ags);
	const struct shift *first = NULL;
	int64_t at = CALENDAR_NEVER;
	for (size_t i = 0; i < n; i++) {
		if (!ags[i].active ||
		    (strcmp(ags[i].role, "agent") && strcmp(ags[i].role, "supervisor")))
			continue;
		/* No shift is "always on"; so is a shift the configuration does not know (yet):
		 * wrongly telling a customer that nobody is there is worse than saying nothing. */
		const struct shift *s = sla_config_shift(cfg, ags[i].shift_id);
		if (!s || shift_active(s, now))
			return NULL;
		int64_t next = shift_next_start(s, now);
		if (next < at) {
			at = next;
			first = s;
		}
	}
	if (first)
		*opens = at;
	return first;
}

bool desk_closed_until(struct db *db, struct arena *a, int64_t now, int64_t *opens,
		       const char **tz_name)
{
	int64_t at;
	const struct shift *s = first_opening(db, a, now, &at);
	if (!s)
		return false;
	*opens = at;
	*tz_name = calendar_zone_name(s->zone);
	return true;
}

/* ---- writing the time for the reader ---- */

enum opens_form { FORM_TIME, FORM_DATE, FORM_YEAR, FORM_COUNT };
static const char *const skeletons[FORM_COUNT] = {"Hm", "MMMMEEEEdHm", "yMMMMEEEEdHm"};

#define MAX_LANGS   16  /* entries of mail_text_languages, with room to grow */
#define PATTERN_MAX 96  /* UChars of an ICU date pattern ("EEEE, MMMM d 'at' HH:mm") */
#define WHEN_MAX    192 /* bytes of a formatted date and time, without the zone */

/* ICU's pattern generator takes milliseconds to open; a pattern depends only on the language
 * and the form, so each is made once. */
static struct {
	bool have;
	int32_t len;
	UChar p[PATTERN_MAX];
} patterns[MAX_LANGS][FORM_COUNT];
static pthread_mutex_t patterns_mu = PTHREAD_MUTEX_INITIALIZER;

static int lang_index(const char *lang)
{
	for (int i = 0; i < MAX_LANGS && mail_text_languages[i]; i++)
		if (!strcmp(mail_text_languages[i], lang))
			return i;
	return -1;
}

static bool pattern_for(const char *lang, const char *locale, enum opens_form f, UChar *out,
			int32_t *len)
{
	int li = lang_index(lang);
	bool ok = false;
	if (li < 0)
		return false;
	pthread_mutex_lock(&patterns_mu);
	if (!patterns[li][f].have) {
		UErrorCode st = U_ZERO_ERROR;
		UDateTimePatternGenerator *g = udatpg_open(locale, &st);
		UChar sk[32];
		u_uastrncpy(sk, skeletons[f], 31);
		sk[31] = 0;
		int32_t n = 0;
		if (U_SUCCESS(st))
			n = udatpg_getBestPattern(g, sk, -1, patterns[li][f].p, PATTERN_MAX, &st);
		if (g)
			udatpg_close(g);
		if (U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING && n > 0 &&
		    n < PATTERN_MAX) {
			patterns[li][f].len = n;
			patterns[li][f].have = true;
		}
	}
	if (patterns[li][f].have) {
		memcpy(out, patterns[li][f].p, sizeof patterns[li][f].p);
		*len = patterns[li][f].len;
		ok = true;
	}
	pthread_mutex_unlock(&patterns_mu);
	return ok;
}

/* t in zone as ICU writes it for lang (one of mail_text_languages); false if ICU cannot. */
static bool icu_format(const char *lang, enum opens_form f, const char *zone, int64_t t,
		       char *out, size_t size)
{
	char locale[ULOC_FULLNAME_CAPACITY];
	UChar pat[PATTERN_MAX], uzone[CALENDAR_ZONE_NAME_MAX + 1], buf[WHEN_MAX];
	int32_t plen, n;
	UErrorCode st = U_ZERO_ERROR;
	uloc_forLanguageTag(lang, locale, sizeof locale, NULL, &st);
	if (U_FAILURE(st) || !pattern_for(lang, locale, f, pat, &plen))
		return false;
	u_uastrncpy(uzone, zone, CALENDAR_ZONE_NAME_MAX);
	uzone[CALENDAR_ZONE_NAME_MAX] = 0;
	UDateFormat *df = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, uzone, -1, pat, plen, &st);
	if (U_FAILURE(st))
		return false;
	n = udat_format(df, (UDate)t, buf, WHEN_MAX, NULL, &st);
	udat_close(df);
	if (U_FAILURE(st) || n >= WHEN_MAX)
		return false;
	u_strToUTF8(out, (int32_t)size, NULL, buf, n, &st);
	return U_SUCCESS(st) && st != U_STRING_NOT_TERMINATED_WARNING;
}

/* "09:00 (Asia/Singapore)", or with the day when it is not today in that zone. */
static const char *format_opens(struct arena *a, const char *lang, const char *zone_name,
				int64_t opens, int64_t now)
{
	const struct calendar_zone *z;
	if (calendar_zone_find(zone_name, strlen(zone_name), &z, NULL) != CALENDAR_OK)
		return arena_printf(a, "%s", zone_name); /* not reached: the shift parsed with it */
	struct calendar_local lo, ln;
	calendar_local_time(z, opens, &lo);
	calendar_local_time(z, now, &ln);
	enum opens_form f = FORM_TIME;
	if (lo.year != ln.year)
		f = FORM_YEAR;
	else if (lo.month != ln.month || lo.day != ln.day)
		f = FORM_DATE;
	char when[WHEN_MAX * 3];
	if (!icu_format(lang, f, zone_name, opens, when, sizeof when)) {
		if (f == FORM_TIME)
			snprintf(when, sizeof when, "%02d:%02d", lo.hour, lo.minute);
		else
			snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", lo.year, lo.month,
				 lo.day, lo.hour, lo.minute);
	}
	return arena_printf(a, "%s (%s)", when, zone_name);
}

/* ---- the reply ---- */

/* Has the desk already spoken on this ticket: an earlier auto-reply (a dispatcher that reads the
 * same creation twice after a restart), or an agent's answer (a creation read late)? */
static bool already_answered(struct db *w, struct arena *a, const struct ticket_row *t)
{
	struct event_row *ev;
	size_t n = store_event_list_ticket(w, a, t->id, &ev);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ev[i].action, "ticket.auto_reply"))
			return true;
	struct message_row *m;
	n = store_message_list(w, a, t->id, 0, 1000, &m);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].kind, "reply"))
			return true;
	return false;
}

static const char *fill(struct arena *a, const char *tmpl, const struct mail_text_vars *v)
{
	char *s = mail_text_fill(tmpl, v);
	const char *r = arena_strdup(a, s ? s : "");
	free(s);
	return r;
}

bool after_hours_reply(struct db *w, struct arena *a, const struct ticket_row *t, int64_t now)
{
	/* A phone ticket is a call an agent is on; a solved, closed or merged one needs no
	 * promise. */
	if (!strcmp(t->channel, "phone") || t->merged_into_id || !strcmp(t->status, "solved") ||
	    !strcmp(t->status, "closed"))
		return true;
	int64_t opens;
	const char *zone;
	if (!desk_closed_until(w, a, now, &opens, &zone) || already_answered(w, a, t))
		return true;

	const char *lang = mail_text_language(t->language);
	struct mail_desk desk;
	mail_desk_load(w, a, &desk);
	struct customer_row c = {0};
	if (!store_customer_get(w, a, t->customer_id, &c))
		c.name = NULL;
	char num[TICKET_NUMBER_MAX];
	ticket_number_format(t->number, num);
	struct mail_text_vars vars = {.number = num,
				      .subject = t->subject,
				      .name = c.name,
				      .desk = desk.name,
				      .opens = format_opens(a, lang, zone, opens, now)};
	/* Built-in texts do not greet, but an admin's override may. */
	bool named = c.name && c.name[strspn(c.name, " \t")] != 0;
	vars.greeting = fill(a, mail_desk_text(w, a, lang, named ? MAIL_TEXT_GREETING_NAME
								: MAIL_TEXT_GREETING),
			     &vars);
	const char *body = fill(a, mail_desk_text(w, a, lang, MAIL_TEXT_AFTER_HOURS), &vars);
	if (!body[strspn(body, " \t\r\n")])
		return true; /* an admin blanked the text: the desk says nothing */

	struct actor sys = {"system", 0};
	struct message_row m = {.ticket_id = t->id, .kind = "system", .author_type = "system",
				.body = body, .created_at = now};
	if (!add_message(w, a, &sys, &m))
		return false;
	char at[RFC3339_MAX];
	clock_format_rfc3339(opens, at);
	json_t *after = json_pack("{s:I, s:s, s:s, s:s}", "message_id", (json_int_t)m.id,
				  "language", lang, "opens_at", at, "time_zone", zone);
	bool ok = audit_append(w, a, &sys, "ticket.auto_reply", "ticket", t->id, t->id, NULL, after);
	json_decref(after);
	if (ok && strcmp(t->channel, "chat") != 0)
		ok = mail_queue_reply(w, a, t, m.id, now) == STORE_JOB_OK;
	return ok;
}
