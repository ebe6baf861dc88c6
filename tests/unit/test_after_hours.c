/* test_after_hours.c — the auto-reply outside every shift, in process: a real store in a fresh
 * data dir, agents and shifts written to it, the program's clock set to chosen instants
 * (clock_set_offset), then desk_closed_until() and after_hours_reply() called the way the
 * dispatcher calls them, inside write jobs.
 *
 * Who keeps the desk open (active agents and supervisors; a missing shift is always on), when it
 * opens again (the earliest next start, in its own zone, "today" judged in that zone), the
 * message a customer gets in Japanese, Russian and Vietnamese, that it is public but not a first
 * response, that it is mailed for email tickets and not for chats, that it is posted once, and
 * when it is not posted at all.
 *
 * Unlike the other unit tests this one does I/O (SQLite in /tmp): the black-box version,
 * tests/api/t_after_hours.c, needs the dispatcher to call the function; this one does not. */
#include "api/api.h"
#include "api/mail.h"
#include "unit_main.h"

#include <sodium.h>
#include <unistd.h>

#include "util/clock.h"

#define MONDAY_0800 INT64_C(1894003200000) /* 2030-01-07T08:00:00Z, a Monday */
#define NYE_2000    INT64_C(1924977600000) /* 2030-12-31T20:00:00Z, a Tuesday */
#define HOUR        INT64_C(3600000)
#define NCASES(a)   ((int)(sizeof(a) / sizeof((a)[0])))

static struct store *S;
static char dir[] = "/tmp/exdesk-after-hours-XXXXXX";

/* ---- jobs: one generic job that runs a step with the writer's connection ---- */

struct step {
	bool (*fn)(struct db *w, struct arena *a, struct step *s);
	const char *name, *spec, *role, *channel, *language, *email, *key, *value;
	bool active;
	int64_t id, shift_id, ticket_id, now;
	bool ok;
	struct arena *out; /* results the test reads after the job: the test's arena */
};

static int step_job(struct db *w, void *ctx)
{
	struct step *s = ctx;
	struct arena a;
	arena_init(&a, 4096);
	s->ok = s->fn(w, s->out ? s->out : &a, s);
	arena_free(&a);
	return s->ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static bool run(struct step *s)
{
	return store_write(S, step_job, s) == STORE_JOB_OK && s->ok;
}

/* Every agent so far stops counting: each test builds its own desk. */
static bool do_reset(struct db *w, struct arena *a, struct step *s)
{
	(void)s;
	struct agent_row *ags;
	size_t n = store_agent_list(w, a, &ags);
	for (size_t i = 0; i < n; i++) {
		ags[i].active = false;
		if (store_agent_update(w, &ags[i]) != DB_DONE)
			return false;
	}
	return true;
}

static bool do_shift(struct db *w, struct arena *a, struct step *s)
{
	(void)a;
	struct shift_row r = {.name = s->name, .spec = s->spec, .created_at = 1, .updated_at = 1};
	if (store_shift_insert(w, &r) != DB_DONE)
		return false;
	s->id = r.id;
	return store_counter_next(w, "sla_generation") != 0; /* the cached configuration rebuilds */
}

static int agent_seq;

static bool do_agent(struct db *w, struct arena *a, struct step *s)
{
	struct agent_row ag = {.email = arena_printf(a, "agent%d@test.local", ++agent_seq),
			       .name = "Agent",
			       .role = s->role,
			       .tier = "L1",
			       .active = s->active,
			       .shift_id = s->shift_id,
			       .max_chats = 3,
			       .max_tickets = 20,
			       .created_at = 1,
			       .updated_at = 1};
	if (store_agent_insert(w, &ag) != DB_DONE)
		return false;
	s->id = ag.id;
	return store_counter_next(w, "sla_generation") != 0;
}

static bool do_ticket(struct db *w, struct arena *a, struct step *s)
{
	int64_t now = clock_now_ms();
	struct customer_row c = {.name = "", .language = s->language, .created_at = now,
				 .updated_at = now};
	if (store_customer_insert(w, &c) != DB_DONE ||
	    (s->email && store_identity_insert(w, c.id, "email", s->email, false, now) != DB_DONE))
		return false;
	struct ticket_row t = {.subject = "Withdrawal pending",
			       .channel = s->channel,
			       .priority = "normal",
			       .language = s->language};
	struct actor who = {"customer", c.id};
	if (ticket_open(w, a, &who, &c, &t, "Where is my withdrawal?", NULL) != STORE_JOB_OK)
		return false;
	s->ticket_id = t.id;
	return true;
}

static bool do_after_hours(struct db *w, struct arena *a, struct step *s)
{
	struct ticket_row t;
	return store_ticket_get(w, a, s->ticket_id, &t) && after_hours_reply(w, a, &t, s->now);
}

static bool do_agent_reply(struct db *w, struct arena *a, struct step *s)
{
	struct message_row m = {.ticket_id = s->ticket_id, .kind = "reply", .author_type = "agent",
				.author_id = 1, .body = "On it.", .created_at = clock_now_ms()};
	struct actor who = {"agent", 1};
	return add_message(w, a, &who, &m);
}

static bool do_status(struct db *w, struct arena *a, struct step *s)
{
	struct ticket_row t;
	if (!store_ticket_get(w, a, s->ticket_id, &t))
		return false;
	t.status = s->value;
	return store_ticket_update(w, &t) == DB_DONE;
}

static bool do_setting(struct db *w, struct arena *a, struct step *s)
{
	(void)a;
	return store_setting_set(w, s->key, s->value);
}

/* ---- helpers ---- */

static void at(int64_t instant)
{
	clock_set_offset(0);
	clock_set_offset(instant - clock_now_ms());
}

static void reset(void)
{
	struct step s = {.fn = do_reset};
	ck_assert(run(&s));
}

static int64_t shift(const char *spec)
{
	static int n;
	struct step s = {.fn = do_shift, .spec = spec};
	char name[32];
	snprintf(name, sizeof name, "shift-%d", ++n);
	s.name = name;
	ck_assert_msg(run(&s), "shift %s not stored", spec);
	return s.id;
}

static int64_t agent(const char *role, bool active, int64_t shift_id)
{
	struct step s = {.fn = do_agent, .role = role, .active = active, .shift_id = shift_id};
	ck_assert(run(&s));
	return s.id;
}

static int64_t ticket(const char *channel, const char *language, const char *email)
{
	struct step s = {.fn = do_ticket, .channel = channel, .language = language, .email = email};
	ck_assert(run(&s));
	return s.ticket_id;
}

static void after_hours(int64_t ticket_id)
{
	struct step s = {.fn = do_after_hours, .ticket_id = ticket_id, .now = clock_now_ms()};
	ck_assert_msg(run(&s), "after_hours_reply failed");
}

static void setting(const char *key, const char *value)
{
	struct step s = {.fn = do_setting, .key = key, .value = value};
	ck_assert(run(&s));
}

/* The desk as the reader sees it now. */
static bool closed(struct arena *a, int64_t *opens, const char **tz)
{
	*opens = 0;
	*tz = NULL;
	return desk_closed_until(store_reader(S), a, clock_now_ms(), opens, tz);
}

/* The ticket's messages of kind "system", and how many ticket.auto_reply events it has. */
static size_t system_messages(struct arena *a, int64_t ticket_id, struct message_row **first)
{
	struct message_row *m;
	size_t n = store_message_list(store_reader(S), a, ticket_id, 0, 100, &m), k = 0;
	*first = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].kind, "system")) {
			if (!k)
				*first = &m[i];
			k++;
		}
	return k;
}

static size_t auto_reply_events(struct arena *a, int64_t ticket_id, struct event_row **last)
{
	struct event_row *ev;
	size_t n = store_event_list_ticket(store_reader(S), a, ticket_id, &ev), k = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ev[i].action, "ticket.auto_reply")) {
			*last = &ev[i];
			k++;
		}
	return k;
}

/* A desk with one agent whose shift "tz=UTC; 10:00-11:00" is off at 08:00 UTC. */
static void closed_desk(void)
{
	reset();
	agent("agent", true, shift("tz=UTC; 10:00-11:00"));
	at(MONDAY_0800);
}

/* ---- who keeps the desk open ---- */

START_TEST(nobody_no_reply)
{
	struct arena a;
	int64_t opens;
	const char *tz;
	arena_init(&a, 4096);
	reset();
	at(MONDAY_0800);
	ck_assert_msg(!closed(&a, &opens, &tz), "a desk without agents is not closed");
	agent("admin", true, shift("tz=UTC; 10:00-11:00"));
	ck_assert_msg(!closed(&a, &opens, &tz), "an admin alone does not make the desk closed");
	arena_free(&a);
}
END_TEST

START_TEST(agent_without_shift_is_always_on)
{
	struct arena a;
	int64_t opens;
	const char *tz;
	arena_init(&a, 4096);
	closed_desk();
	ck_assert(closed(&a, &opens, &tz));
	agent("agent", true, 0);
	ck_assert_msg(!closed(&a, &opens, &tz), "an agent without a shift keeps the desk open");
	reset();
	agent("agent", true, shift("tz=UTC; 10:00-11:00"));
	agent("supervisor", true, 0);
	ck_assert_msg(!closed(&a, &opens, &tz), "so does a supervisor");
	arena_free(&a);
}
END_TEST

START_TEST(only_active_agents_and_supervisors_count)
{
	struct arena a;
	int64_t opens;
	const char *tz;
	arena_init(&a, 4096);
	closed_desk();
	agent("admin", true, 0);
	agent("qa", true, 0);
	agent("agent", false, 0);
	agent("supervisor", false, shift("tz=UTC; 07:00-09:00"));
	ck_assert_msg(closed(&a, &opens, &tz),
	              "admins, qa and inactive agents do not answer customers");
	ck_assert_int_eq(opens, MONDAY_0800 + 2 * HOUR);
	ck_assert_str_eq(tz, "UTC");
	agent("supervisor", true, shift("tz=UTC; 07:00-09:00"));
	ck_assert_msg(!closed(&a, &opens, &tz), "a supervisor on shift keeps it open");
	arena_free(&a);
}
END_TEST

/* 08:00 UTC is 17:00 in Singapore: on there, so the desk is open. */
START_TEST(on_shift_in_another_zone)
{
	struct arena a;
	int64_t opens;
	const char *tz;
	arena_init(&a, 4096);
	closed_desk();
	agent("agent", true, shift("tz=Asia/Singapore; mon-fri 09:00-18:00"));
	ck_assert(!closed(&a, &opens, &tz));
	at(MONDAY_0800 + 2 * HOUR); /* 18:00 in Singapore: over; the UTC shift runs from 10:00 */
	ck_assert(!closed(&a, &opens, &tz));
	at(MONDAY_0800 + 3 * HOUR + 1); /* 11:00:00.001 UTC: both over */
	ck_assert(closed(&a, &opens, &tz));
	/* Tuesday 09:00 in Singapore (01:00 UTC) comes before Tuesday 10:00 UTC. */
	ck_assert_int_eq(opens, MONDAY_0800 + 17 * HOUR);
	ck_assert_str_eq(tz, "Asia/Singapore");
	arena_free(&a);
}
END_TEST

START_TEST(earliest_start_wins)
{
	struct arena a;
	int64_t opens;
	const char *tz;
	arena_init(&a, 4096);
	reset();
	agent("agent", true, shift("tz=UTC; 12:00-13:00"));
	agent("agent", true, shift("tz=Asia/Tokyo; 19:00-20:00")); /* 10:00 UTC */
	agent("agent", true, shift("tz=America/New_York; 06:00-07:00")); /* 11:00 UTC */
	at(MONDAY_0800);
	ck_assert(closed(&a, &opens, &tz));
	ck_assert_int_eq(opens, MONDAY_0800 + 2 * HOUR);
	ck_assert_str_eq(tz, "Asia/Tokyo");
	arena_free(&a);
}
END_TEST

/* ---- the message ---- */

static const struct {
	const char *lang, *phrase, *time, *email;
} langs[] = {
    {"ja", "営業時間外", "10:00 (UTC)", "sato@example.jp"},
    {"ru", "служба поддержки не работает", "10:00 (UTC)", "ivanova@example.ru"},
    {"vi", "ngoài giờ làm việc", "10:00 (UTC)", "nguyen@example.vn"},
};

START_TEST(chat_reply_in_language)
{
	struct arena a;
	struct message_row *m;
	struct event_row *ev = NULL;
	arena_init(&a, 4096);
	closed_desk();
	/* A visitor who left an email address, so that mailing it would be possible. */
	int64_t id = ticket("chat", langs[_i].lang, langs[_i].email);
	after_hours(id);

	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_str_eq(m->author_type, "system");
	ck_assert_msg(strstr(m->body, langs[_i].phrase) != NULL, "not in %s: %s", langs[_i].lang,
	              m->body);
	ck_assert_msg(strstr(m->body, langs[_i].time) != NULL, "no opening time: %s", m->body);
	ck_assert_msg(strstr(m->body, "EXD-") != NULL, "no ticket number: %s", m->body);
	ck_assert_msg(strstr(m->body, "{{") == NULL, "a template variable left: %s", m->body);

	ck_assert_uint_eq(auto_reply_events(&a, id, &ev), 1);
	ck_assert_int_eq(ev->actor_id, 0);
	ck_assert_str_eq(ev->actor_type, "system");
	ck_assert_msg(strstr(ev->after, "\"opens_at\":\"2030-01-07T10:00:00Z\"") != NULL &&
	                  strstr(ev->after, "\"time_zone\":\"UTC\"") != NULL,
	              "audit: %s", ev->after);

	/* A chat customer reads it in the widget: nothing is mailed. */
	struct outbox_row *o;
	ck_assert_uint_eq(store_outbox_list_ticket(store_reader(S), &a, id, &o), 0);
	arena_free(&a);
}
END_TEST

/* The promise to answer is not an answer: the first response clock keeps running, and an agent's
 * reply afterwards is what fulfils it. */
START_TEST(not_a_first_response)
{
	struct arena a;
	struct ticket_row t;
	arena_init(&a, 4096);
	closed_desk();
	int64_t id = ticket("chat", "ja", NULL);
	after_hours(id);
	ck_assert(store_ticket_get(store_reader(S), &a, id, &t));
	json_t *sla = render_sla(store_reader(S), &a, &t, clock_now_ms());
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(sla, "first_response"),
	                                                   "clock")),
	                 "running");
	json_decref(sla);
	ck_assert_int_eq(t.first_reply_at, 0);

	struct step s = {.fn = do_agent_reply, .ticket_id = id};
	ck_assert(run(&s));
	sla = render_sla(store_reader(S), &a, &t, clock_now_ms());
	ck_assert_str_eq(json_string_value(json_object_get(json_object_get(sla, "first_response"),
	                                                   "clock")),
	                 "fulfilled");
	json_decref(sla);
	arena_free(&a);
}
END_TEST

START_TEST(email_is_mailed)
{
	struct arena a;
	struct message_row *m;
	struct outbox_row *o;
	arena_init(&a, 4096);
	closed_desk();
	int64_t id = ticket("email", "ru", "ivan@example.ru");
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_uint_eq(store_outbox_list_ticket(store_reader(S), &a, id, &o), 1);
	ck_assert_int_eq(o[0].message_id, m->id);
	ck_assert_str_eq(o[0].kind, "reply");
	ck_assert_str_eq(o[0].recipient, "ivan@example.ru");
	ck_assert_str_eq(o[0].status, "queued");
	arena_free(&a);
}
END_TEST

START_TEST(posted_once)
{
	struct arena a;
	struct message_row *m;
	struct event_row *ev;
	struct outbox_row *o;
	arena_init(&a, 4096);
	closed_desk();
	int64_t id = ticket("web", "vi", "lan@example.vn");
	after_hours(id);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_uint_eq(auto_reply_events(&a, id, &ev), 1);
	ck_assert_uint_eq(store_outbox_list_ticket(store_reader(S), &a, id, &o), 1);
	arena_free(&a);
}
END_TEST

START_TEST(nothing_when_open_or_not_wanted)
{
	struct arena a;
	struct message_row *m;
	arena_init(&a, 4096);

	/* Open: someone is on shift. */
	reset();
	agent("agent", true, shift("tz=UTC; 07:00-09:00"));
	at(MONDAY_0800);
	int64_t id = ticket("chat", "ja", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 0);

	closed_desk();
	/* A phone call is answered by the agent on it. */
	id = ticket("phone", "en", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 0);
	/* An agent already answered. */
	id = ticket("email", "en", "a@example.com");
	struct step s = {.fn = do_agent_reply, .ticket_id = id};
	ck_assert(run(&s));
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 0);
	/* Solved before the dispatcher came to it. */
	id = ticket("email", "en", "b@example.com");
	s = (struct step){.fn = do_status, .ticket_id = id, .value = "solved"};
	ck_assert(run(&s));
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 0);
	arena_free(&a);
}
END_TEST

/* ---- the opening time as the customer reads it ---- */

START_TEST(today_tomorrow_next_year)
{
	struct arena a;
	struct message_row *m;
	arena_init(&a, 4096);

	/* 04:00 on Tuesday in Singapore (Monday 20:00 UTC): still "today" there, so no date. */
	reset();
	agent("agent", true, shift("tz=Asia/Singapore; 09:00-18:00"));
	at(MONDAY_0800 + 12 * HOUR);
	int64_t id = ticket("chat", "en", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_msg(strstr(m->body, "from 09:00 (Asia/Singapore).") != NULL, "%s", m->body);

	/* Tomorrow: the weekday and date are named. */
	reset();
	agent("agent", true, shift("tz=UTC; 06:00-07:00"));
	at(MONDAY_0800);
	id = ticket("chat", "en", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_msg(strstr(m->body, "Tuesday") && strstr(m->body, "January 8") &&
	                  strstr(m->body, "06:00 (UTC)."),
	              "%s", m->body);
	ck_assert_msg(!strstr(m->body, "2030"), "this year's date has no year: %s", m->body);

	/* Next year: with the year. */
	reset();
	agent("agent", true, shift("tz=UTC; mon 09:00-10:00"));
	at(NYE_2000);
	id = ticket("chat", "ja", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	ck_assert_msg(strstr(m->body, "2031年1月6日") && strstr(m->body, "9:00 (UTC)"), "%s",
	              m->body);
	arena_free(&a);
}
END_TEST

/* ---- admins' texts ---- */

START_TEST(override_used)
{
	struct arena a;
	struct message_row *m;
	arena_init(&a, 4096);
	closed_desk();
	setting("mail_template.after_hours.ru", "Ответим {{opens}} — {{number}}");
	int64_t id = ticket("chat", "ru-RU", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 1);
	const char *want = "Ответим 10:00 (UTC) — EXD-";
	ck_assert_msg(!strncmp(m->body, want, strlen(want)), "%s", m->body);

	/* An override of nothing but white space: the desk says nothing. */
	setting("mail_template.after_hours.ru", " \n");
	id = ticket("chat", "ru", NULL);
	after_hours(id);
	ck_assert_uint_eq(system_messages(&a, id, &m), 0);
	setting("mail_template.after_hours.ru", NULL);
	arena_free(&a);
}
END_TEST

static void remove_dir(void)
{
	if (S)
		store_close(S);
	S = NULL;
	char cmd[sizeof dir + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
	Suite *s = suite_create("after_hours");

	if (sodium_init() < 0 || !mkdtemp(dir)) {
		printf("not ok - after_hours: no data dir\n");
		return 1;
	}
	atexit(remove_dir);
	if (store_open(dir, &S) != DB_OK) {
		printf("not ok - after_hours: a store in %s could not be opened\n", dir);
		return 1;
	}
	UNIT_TEST(s, nobody_no_reply);
	UNIT_TEST(s, agent_without_shift_is_always_on);
	UNIT_TEST(s, only_active_agents_and_supervisors_count);
	UNIT_TEST(s, on_shift_in_another_zone);
	UNIT_TEST(s, earliest_start_wins);
	for (int i = 0; i < NCASES(langs); i++)
		unit_add_case(s, unit_name("a %s chat gets the auto-reply in %s", langs[i].lang,
		                           langs[i].lang),
		              chat_reply_in_language, i);
	UNIT_TEST(s, not_a_first_response);
	UNIT_TEST(s, email_is_mailed);
	UNIT_TEST(s, posted_once);
	UNIT_TEST(s, nothing_when_open_or_not_wanted);
	UNIT_TEST(s, today_tomorrow_next_year);
	UNIT_TEST(s, override_used);
	return unit_run(s, "after_hours");
}
