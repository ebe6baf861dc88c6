/* t_after_hours — the desk answers at once when a customer writes while nobody is on shift.
 * With after_hours_reply on (PUT /api/v1/routing/assignment) and every agent on a shift that is
 * off now (a one-hour window two hours ahead, tz=UTC), a widget chat and an email ticket in
 * Japanese, Russian and Vietnamese each get one public message from the desk, in their language,
 * naming the opening time; the customer sees it in the widget; the email tickets queue it as a
 * mail, the chats do not; the first-response SLA clock keeps running; the ticket's trail has a
 * ticket.auto_reply event. An admin's override of the after_hours template (PUT
 * /api/v1/settings/mail/templates/after_hours/ru) is what the next Russian ticket gets. Nothing is
 * posted while an agent is on shift, while an agent has no shift (always on), or with the setting
 * off. */
#include "harness.h"

#include <string.h>
#include <time.h>

#define WAIT_S   5.0 /* the dispatcher answers just after the ticket's commit */
#define QUIET_S  2.0 /* how long "nothing was posted" is watched */

static struct srv S;
static long long A1, A2, SUP;
static int hour_now; /* UTC */

static const struct {
	const char *lang, *phrase, *subject, *body, *name;
} L[] = {
    {"ja", "営業時間外", "出金が反映されません", "昨日出金したUSDTがまだ届いていません。", "佐藤 花子"},
    {"ru", "служба поддержки не работает", "Вывод не пришёл",
     "Вчера вывел USDT, но средства так и не пришли.", "Иван Петров"},
    {"vi", "ngoài giờ làm việc", "Rút tiền chưa về", "Tôi rút USDT hôm qua nhưng vẫn chưa nhận được.",
     "Nguyễn Văn An"},
};
#define NL ((int)(sizeof L / sizeof L[0]))

static const char *hhmm(int h)
{
	return P("%02d:00", ((h % 24) + 24) % 24);
}

/* The public system messages of a ticket, as an agent reads them. */
static json_t *system_messages(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", id), S.token, NULL);
	json_t *out = jkeep(json_array()), *m;
	size_t i;
	json_array_foreach(jget(r->json, "messages"), i, m)
	{
		if (jstr(m, "kind") && !strcmp(jstr(m, "kind"), "system") && jstr(m, "author.type") &&
		    !strcmp(jstr(m, "author.type"), "system"))
			json_array_append(out, m);
	}
	return out;
}

/* Poll until a system message arrives (up to WAIT_S), then give a second one time to show up. */
static json_t *wait_auto_reply(long long id)
{
	double until = now_s() + WAIT_S;
	json_t *msgs = system_messages(id);
	while (json_array_size(msgs) == 0 && now_s() < until) {
		sleep_s(0.1);
		msgs = system_messages(id);
	}
	if (json_array_size(msgs) > 0) {
		sleep_s(0.5);
		msgs = system_messages(id);
	}
	return msgs;
}

/* Nothing in QUIET_S. */
static bool stays_quiet(long long id)
{
	double until = now_s() + QUIET_S;
	while (now_s() < until) {
		if (json_array_size(system_messages(id)) > 0)
			return false;
		sleep_s(0.2);
	}
	return true;
}

static bool has_event(long long id, const char *action)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/events", id), S.token, NULL);
	json_t *ev;
	size_t i;
	json_array_foreach(jget(r->json, "events"), i, ev)
	{
		if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), action))
			return true;
	}
	return false;
}

static long long open_chat(int k, char *wtok, const char **number)
{
	json_t *sj = json_pack("{s:s, s:s}", "language", L[k].lang, "name", L[k].name);
	char *sjs = json_dumps(sj, JSON_COMPACT);
	json_decref(sj);
	struct resp *r = mk_widget_session(&S, sjs, wtok);
	free(sjs);
	if (!r)
		return 0;
	json_t *bj = json_pack("{s:s}", "body", L[k].body);
	char *bjs = json_dumps(bj, JSON_COMPACT);
	json_decref(bj);
	r = http_w(&S, "POST", "/api/v1/widget/conversations", wtok, bjs);
	free(bjs);
	if (!check_status(r, 201, "a %s visitor opens a chat", L[k].lang))
		return 0;
	*number = jstr(r->json, "conversation.number");
	return jint(r->json, "conversation.id");
}

static long long open_email(int k, const char *email, const char **number)
{
	json_t *t = mk_ticket(&S, S.token,
			      jdump(jkeep(json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}}", "subject",
						    L[k].subject, "body", L[k].body, "channel", "email",
						    "language", L[k].lang, "requester", "email", email,
						    "name", L[k].name))));
	if (!t)
		return 0;
	*number = jstr(t, "number");
	return jint(t, "id");
}

/* What an agent, the customer and the audit trail see of one auto-replied ticket. */
static void check_auto_reply(int k, long long id, const char *number, bool email, const char *wtok,
			     int opens_hour)
{
	const char *what = P("%s %s %s", L[k].lang, email ? "email" : "chat", number ? number : "?");
	json_t *msgs = wait_auto_reply(id);
	if (!check_int((long long)json_array_size(msgs), 1, "%s: one auto-reply from the desk", what))
		return;
	json_t *m = json_array_get(msgs, 0);
	const char *body = jstr(m, "body");
	note("%s: %s", what, body ? body : "(no body)");
	checkd(body && strstr(body, L[k].phrase), body, "%s: it is in %s", what, L[k].lang);
	/* "09:00 (UTC)" or "9:00 (UTC)" (Japanese and Vietnamese write the hour without a zero),
	 * today or with the date. */
	const char *when = P("%d:00 (UTC)", opens_hour), *at = body ? strstr(body, when) : NULL;
	if (at && at > body && at[-1] >= '1' && at[-1] <= '9') /* "1:00" inside "11:00" */
		at = NULL;
	checkd(at != NULL, body, "%s: it names the opening time %s", what, when);
	checkd(body && number && strstr(body, number), body, "%s: and the ticket number", what);
	checkd(body && !strstr(body, "{{"), body, "%s: no template variable is left", what);

	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", id), S.token, NULL);
	check_str(jstr(r->json, "ticket.sla.first_response.clock"), "running",
		  "%s: the first-response clock still runs", what);
	check(jisnull(r->json, "ticket.sla.first_response.fulfilled_at"),
	      "%s: ... nothing fulfilled it", what);
	check(has_event(id, "ticket.auto_reply"), "%s: a ticket.auto_reply event is in its trail",
	      what);

	r = http(&S, "GET", P("/api/v1/tickets/%lld/outbox", id), S.token, NULL);
	json_t *d = jget(r->json, "deliveries");
	if (email) {
		check_int((long long)json_array_size(d), 1, "%s: the auto-reply is queued as a mail", what);
		check_int(jint(json_array_get(d, 0), "message_id"), jint(m, "id"),
			  "%s: ... carrying the auto-reply", what);
	} else {
		check_int((long long)json_array_size(d), 0, "%s: a chat's auto-reply is not mailed", what);
		r = http_w(&S, "GET", P("/api/v1/widget/conversations/%lld/messages", id), wtok, NULL);
		bool seen = false;
		json_t *wm;
		size_t i;
		json_array_foreach(jget(r->json, "messages"), i, wm)
		{
			seen |= jint(wm, "id") == jint(m, "id") && jstr(wm, "body") && body &&
				!strcmp(jstr(wm, "body"), body);
		}
		check(seen, "%s: the customer sees it in the widget", what);
	}
}

static void set_shift(long long agent, const char *shift)
{
	struct resp *r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", agent), S.token,
			       jpack("{s:s}", "shift", shift));
	check_status(r, 200, "agent %lld goes on shift \"%s\"", agent, shift);
}

static long long mk_shift(const char *name, const char *spec)
{
	struct resp *r = httpj(&S, "POST", "/api/v1/shifts", S.token,
			       jpack("{s:s, s:s}", "name", name, "spec", spec));
	check_status(r, 201, "shift %s: %s", name, spec);
	return jint(r->json, "shift.id");
}

int main(void)
{
	h_init(180);
	srv_start(&S);
	char tok[512];
	A1 = mk_agent(&S, "mei@test.local", "Mei", "agent", "L1", NULL, tok);
	A2 = mk_agent(&S, "ivan@test.local", "Ivan", "agent", "L2", NULL, tok);
	SUP = mk_agent(&S, "sup@test.local", "Sup", "supervisor", "L2", NULL, tok);

	struct resp *r = httpj(&S, "PUT", "/api/v1/routing/assignment", S.token,
			       jpack("{s:b, s:b}", "enabled", 1, "after_hours_reply", 1));
	check_status(r, 200, "the admin turns the auto-reply outside shifts on");
	r = http(&S, "GET", "/api/v1/routing/assignment", S.token, NULL);
	check(jget(r->json, "after_hours_reply") && json_is_true(jget(r->json, "after_hours_reply")),
	      "... and it reads back on");

	/* A shift that is off now: one hour, starting two hours from now (UTC). If the hour turns
	 * during the test the window is still ahead. */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	hour_now = tm.tm_hour;
	int opens = (hour_now + 2) % 24;
	mk_shift("later", P("tz=UTC; %s-%s", hhmm(opens), hhmm(opens + 1)));
	/* One that is on now: from an hour ago to two hours ahead (it may cross midnight). */
	mk_shift("now", P("tz=UTC; %s-%s", hhmm(hour_now - 1), hhmm(hour_now + 2)));
	set_shift(A1, "later");
	set_shift(A2, "later");
	set_shift(SUP, "later");

	/* Every language, a chat and an email ticket. */
	char wtok[NL][256];
	for (int k = 0; k < NL; k++) {
		const char *num = NULL;
		long long id = open_chat(k, wtok[k], &num);
		if (id)
			check_auto_reply(k, id, num, false, wtok[k], opens);
		id = open_email(k, P("customer-%s@example.com", L[k].lang), &num);
		if (id)
			check_auto_reply(k, id, num, true, NULL, opens);
	}

	/* An admin's own text, per language, as for the other mail templates. */
	r = http(&S, "GET", "/api/v1/settings/mail", S.token, NULL);
	check(jstr(r->json, "templates.after_hours.ru.text") &&
	          strstr(jstr(r->json, "templates.after_hours.ru.text"), "{{opens}}"),
	      "GET /settings/mail lists the after_hours template with {{opens}}");
	r = httpj(&S, "PUT", "/api/v1/settings/mail/templates/after_hours/ru", S.token,
		  jpack("{s:s}", "text", "Мы на связи с {{opens}}. Номер: {{number}}."));
	check_status(r, 200, "PUT /settings/mail/templates/after_hours/ru");
	check(json_is_true(jget(r->json, "templates.after_hours.ru.custom")), "... marked custom");
	{
		const char *n = NULL;
		long long tid = open_email(1, "override@example.com", &n);
		json_t *msgs = tid ? wait_auto_reply(tid) : NULL;
		const char *b = jstr(json_array_get(msgs, 0), "body");
		const char *want = P("Мы на связи с %02d:00 (UTC). Номер: %s.", opens, n ? n : "?");
		check_str(b, want, "a Russian ticket gets the admin's text, filled");
	}
	r = http(&S, "DELETE", "/api/v1/settings/mail/templates/after_hours/ru", S.token, NULL);
	check_status(r, 200, "the override is removed again");

	/* Someone on shift now: the desk is open, nothing is posted. */
	set_shift(A2, "now");
	const char *num = NULL;
	char wt[256];
	long long id = open_chat(0, wt, &num);
	check(id && stays_quiet(id), "with an agent on shift a chat gets no auto-reply");
	id = open_email(1, "open-desk@example.com", &num);
	check(id && stays_quiet(id), "... nor an email ticket");

	/* An agent without a shift is always on. */
	set_shift(A2, "");
	id = open_email(2, "no-shift@example.com", &num);
	check(id && stays_quiet(id), "with an agent who has no shift nothing is posted");

	/* Closed again, but the setting off. */
	set_shift(A2, "later");
	r = httpj(&S, "PUT", "/api/v1/routing/assignment", S.token,
		  jpack("{s:b}", "after_hours_reply", 0));
	check_status(r, 200, "the admin turns the auto-reply off");
	id = open_chat(2, wt, &num);
	check(id && stays_quiet(id), "with the setting off nothing is posted");
	return h_finish();
}
