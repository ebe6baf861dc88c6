/* t_sla_admin — SLA policies, business calendars and working shifts as admins edit them, and
 * agents' routing fields: the demo policies and the day/night shifts a fresh desk starts with;
 * CRUD of each resource with specs stored and answered in their canonical form; a shift's
 * on_now/next_start; policy order, disabling and deleting; a policy edit moving the due time a
 * ticket shows, and a calendar moving it into business hours; agents' shift (by name), skills,
 * VIP capability and capacity; bad input of every kind refused with the field at fault and
 * nothing stored; deletes of what is in use refused; reads for every role, writes for admins
 * only. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct srv S;
static const char *T;

/* One refused request: status, code, field, and the database unchanged. body_len 0: strlen. */
static void refused(const char *method, const char *path, const char *token, const char *body,
                    size_t body_len, long status, const char *code, const char *field,
                    const char *what)
{
	char *fp = db_fingerprint(&S, NULL);
	struct req rq = {
	    .method = method, .path = path, .token = token, .body = body, .body_len = body_len};
	struct resp *r = http_req(&S, &rq);
	check_error(r, status, code, field, "%s %s, %s: %ld %s", method, path, what, status, code);
	check_unchanged(&S, fp, NULL, "%s %s, %s: nothing stored", method, path, what);
}

static json_t *ticket_sla(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", id), T, NULL);
	return jget(r->json, "ticket");
}

static double since_created(json_t *t, const char *path)
{
	const char *v = jstr(t, path);
	return v ? rfc3339_utc(v) - rfc3339_utc(jstr(t, "created_at")) : -1;
}

/* created_at has whole seconds, SLA instants milliseconds. */
static bool near(double got, double want)
{
	return got >= want && got < want + 1;
}

static const char *generation(void)
{
	/* The dispatcher reloads agents' shifts and capacity when this counter moves: its
	 * contract, read from the file because no endpoint shows it. */
	return db_query1(&S, "SELECT value FROM counters WHERE name = 'sla_generation'");
}

static json_t *find_event(const char *action, long long object_id)
{
	struct resp *r = http(&S, "GET", "/api/v1/audit/events?limit=100", T, NULL);
	json_t *ev, *arr = jget(r->json, "events");
	size_t i;
	json_array_foreach(arr, i, ev)
	{
		if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), action) &&
		    jint(ev, "object_id") == object_id)
			return ev;
	}
	return NULL;
}

static long long policy_id_by_name(const char *name)
{
	struct resp *r = http(&S, "GET", "/api/v1/sla/policies", T, NULL);
	json_t *p, *arr = jget(r->json, "policies");
	size_t i;
	json_array_foreach(arr, i, p) if (!strcmp(jstr(p, "name"), name)) return jint(p, "id");
	return 0;
}

/* ---- what a fresh desk starts with ---- */

static void test_defaults(void)
{
	static const struct {
		const char *name;
		long long fr, nr, res;
		const char *channels;
		long long vip_min;
		bool raise, notify;
	} demo[] = {
	    /* No breach actions until the desk chooses them (the demo seed does). */
	    {"vip-chat", 30, 60, 1800, "[\"chat\",\"telegram\"]", 1, false, false},
	    {"urgent-chat", 30, 60, 1800, "[\"chat\",\"telegram\"]", 0, false, false},
	    {"chat", 60, 120, 3600, "[\"chat\",\"telegram\"]", 0, false, false},
	    {"vip", 300, 900, 14400, "[\"email\",\"web\",\"api\",\"phone\"]", 1, false, false},
	    {"urgent", 300, 1800, 14400, "[\"email\",\"web\",\"api\",\"phone\"]", 0, false, false},
	    {"standard", 600, 3600, 86400, "[]", 0, false, false},
	};
	struct resp *r = http(&S, "GET", "/api/v1/sla/policies", T, NULL);
	check_status(r, 200, "GET /api/v1/sla/policies");
	json_t *arr = jget(r->json, "policies");
	check_int((long long)json_array_size(arr), 6, "a fresh desk has the six demo policies");
	for (size_t i = 0; i < 6 && i < json_array_size(arr); i++) {
		json_t *p = json_array_get(arr, i);
		check_str(jstr(p, "name"), demo[i].name, "policy %zu is %s", i + 1, demo[i].name);
		check(jint(p, "first_response_seconds") == demo[i].fr &&
		          jint(p, "next_response_seconds") == demo[i].nr &&
		          jint(p, "resolution_seconds") == demo[i].res &&
		          jint(p, "warn_percent") == 80,
		      "%s: targets %lld/%lld/%lld s, warning at 80%% (%s)", demo[i].name,
		      demo[i].fr, demo[i].nr, demo[i].res, jdump(p));
		check_str(jdump(jget(p, "channels")), demo[i].channels, "%s: channels",
		          demo[i].name);
		check(jint(p, "vip_min") == demo[i].vip_min && jisnull(p, "vip_max") &&
		          jisnull(p, "calendar_id") && json_is_true(jget(p, "enabled")) &&
		          json_is_false(jget(p, "pause_on_hold")),
		      "%s: VIP from %lld up, 24/7, enabled", demo[i].name, demo[i].vip_min);
		check(json_is_boolean(jget(p, "breach_actions.raise_priority")) &&
		          json_is_true(jget(p, "breach_actions.raise_priority")) == demo[i].raise &&
		          json_is_true(jget(p, "breach_actions.notify_supervisor")) ==
		              demo[i].notify &&
		          json_is_false(jget(p, "breach_actions.reassign")),
		      "%s: breach actions (%s)", demo[i].name, jdump(jget(p, "breach_actions")));
	}
	check_str(jdump(jget(json_array_get(arr, 1), "priorities")), "[\"urgent\"]",
	          "urgent-chat matches urgent only");

	r = http(&S, "GET", "/api/v1/shifts", T, NULL);
	check_status(r, 200, "GET /api/v1/shifts");
	arr = jget(r->json, "shifts");
	check(json_array_size(arr) == 2 && !strcmp(jstr(arr, "0.name"), "day") &&
	          !strcmp(jstr(arr, "1.name"), "night"),
	      "a fresh desk has the shifts day and night (%s)", jdump(arr));
	check_str(jstr(arr, "0.spec"), "tz=Asia/Singapore; mon-sun 09:00-24:00", "day's spec");
	check_str(jstr(arr, "1.spec"), "tz=Asia/Singapore; mon-sun 00:00-09:00", "night's spec");
	/* Exactly one of the two covers any instant. */
	check(json_is_boolean(jget(arr, "0.on_now")) &&
	          json_is_true(jget(arr, "0.on_now")) != json_is_true(jget(arr, "1.on_now")),
	      "exactly one of day and night is on now");
	double ds = rfc3339_utc(jstr(arr, "0.next_start")),
	       ns = rfc3339_utc(jstr(arr, "1.next_start"));
	check(ds > now_s() - 1 && ds <= now_s() + 86400 && ns > now_s() - 1 &&
	          ns <= now_s() + 86400,
	      "next_start of each lies within a day (%s, %s)", jstr(arr, "0.next_start"),
	      jstr(arr, "1.next_start"));
	r = http(&S, "GET", "/api/v1/calendars", T, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "calendars")) == 0,
	      "no calendars at first (%s)", rdesc(r));
}

/* ---- calendars ---- */

static long long CAL;

static void test_calendars(void)
{
	const char *gen0 = generation();
	struct resp *r = httpj(&S, "POST", "/api/v1/calendars", T,
	                       jpack("{s:s,s:s}", "name", "Singapore office", "spec",
	                             "TZ=asia/singapore; Mon-Fri 9:00-18:00; holidays 2026-12-25"));
	check_status(r, 201, "POST /api/v1/calendars");
	CAL = jint(r->json, "calendar.id");
	check_str(jstr(r->json, "calendar.spec"),
	          "tz=Asia/Singapore; mon-fri 09:00-18:00; holidays 2026-12-25",
	          "the calendar comes back in canonical form");
	check(generation() && gen0 && strcmp(generation(), gen0) != 0,
	      "a calendar change moves sla_generation");
	r = http(&S, "GET", P("/api/v1/calendars/%lld", CAL), T, NULL);
	check_str(jstr(r->json, "calendar.spec"),
	          "tz=Asia/Singapore; mon-fri 09:00-18:00; holidays 2026-12-25",
	          "GET shows the canonical form stored");
	check_str(jstr(r->json, "calendar.name"), "Singapore office", "... and the name");
	json_t *ev = find_event("calendar.create", CAL);
	check(ev && jstr(ev, "after.spec") && jisnull(ev, "before"),
	      "calendar.create is in the audit trail");

	r = httpj(&S, "PATCH", P("/api/v1/calendars/%lld", CAL), T,
	          jpack("{s:s}", "spec", "tz=Asia/Singapore; weekdays 08:00-20:00"));
	check_status(r, 200, "PATCH a calendar's spec");
	check_str(jstr(r->json, "calendar.spec"), "tz=Asia/Singapore; mon-fri 08:00-20:00",
	          "... canonical again");
	check_str(jstr(r->json, "calendar.name"), "Singapore office", "... the name is kept");
	ev = find_event("calendar.update", CAL);
	check(ev &&
	          !strcmp(jstr(ev, "before.spec") ?: "",
	                  "tz=Asia/Singapore; mon-fri 09:00-18:00; holidays 2026-12-25") &&
	          !strcmp(jstr(ev, "after.spec") ?: "", "tz=Asia/Singapore; mon-fri 08:00-20:00"),
	      "calendar.update carries before and after");
	r = httpj(&S, "POST", "/api/v1/calendars", T,
	          jpack("{s:s,s:s}", "name", "Always", "spec", "24/7"));
	check_status(r, 201, "a 24/7 calendar");
	long long always = jint(r->json, "calendar.id");
	r = http(&S, "GET", "/api/v1/calendars", T, NULL);
	check_int((long long)json_array_size(jget(r->json, "calendars")), 2,
	          "two calendars listed");

	const char *cp = P("/api/v1/calendars/%lld", CAL);
	char cpath[64];
	snprintf(cpath, sizeof cpath, "%s", cp);
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"Always\",\"spec\":\"24/7\"}", 0, 409,
	        "conflict", "name", "a duplicate name");
	refused("PATCH", cpath, T, "{\"name\":\"Always\"}", 0, 409, "conflict", "name",
	        "renaming onto another calendar's name");
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"x\",\"spec\":\"mon-fri 09:00-18:00\"}");
	check(r->status == 422 && err_field(r) && !strcmp(err_field(r), "spec") &&
	          contains(r->body, "time zone"),
	      "business hours without a time zone: 422 on spec naming the time zone (%s)",
	      rdesc(r));
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"x\",\"spec\":\"tz=Mars/Olympus; mon 09:00-10:00\"}");
	check(r->status == 422 && contains(r->body, "Mars/Olympus") &&
	          contains(r->body, "\"field\":\"spec\""),
	      "an unknown time zone: 422 quoting it (%s)", rdesc(r));
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"x\",\"spec\":\"tz=UTC; mon 25:00-26:00\"}");
	check(r->status == 422 && contains(r->body, "25:00"), "hour 25: 422 quoting it (%s)",
	      rdesc(r));
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"x\",\"spec\":\"tz=UTC; holidays 2026-02-30\"}");
	check(r->status == 422 && contains(r->body, "2026-02-30"), "February 30: 422 (%s)",
	      rdesc(r));
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"x\",\"spec\":\"24/7; mon 09:00-10:00\"}");
	check_error(r, 422, "invalid_value", "spec", "24/7 with hours is a contradiction");
	check_unchanged(&S, fp, NULL, "refused specs stored nothing");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"x\",\"spec\":\"\"}", 0, 422,
	        "invalid_value", "spec", "an empty spec");
	refused("PATCH", cpath, T, "{\"spec\":\"   \"}", 0, 422, "invalid_value", "spec",
	        "a blank spec");
	/* Longer than P()'s buffers: built by hand. */
	const char *many = repeat("mon 01:00-02:00; ", 500);
	char *big = malloc(strlen(many) + 64);
	sprintf(big, "{\"name\":\"x\",\"spec\":\"tz=UTC; %s\"}", many);
	refused("POST", "/api/v1/calendars", T, big, 0, 422, "too_long", "spec",
	        "a spec over 8192 bytes");
	free(big);
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"\",\"spec\":\"24/7\"}", 0, 422,
	        "invalid_value", "name", "an empty name");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"two\\nlines\",\"spec\":\"24/7\"}", 0,
	        422, "invalid_value", "name", "a name with a newline");
	refused("POST", "/api/v1/calendars", T,
	        P("{\"name\":\"%s\",\"spec\":\"24/7\"}", repeat("é", 51)), 0, 422, "too_long",
	        "name", "a name of 102 bytes");
	refused("POST", "/api/v1/calendars", T, "{\"spec\":\"24/7\"}", 0, 422, "missing_field",
	        "name", "no name");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"x\",\"spec\":7}", 0, 422, "wrong_type",
	        "spec", "a number as spec");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"x\",\"spec\":\"24/7\",\"tz\":\"UTC\"}",
	        0, 422, "unknown_field", "tz", "an unknown field");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"x\",", 0, 400, "malformed_json", NULL,
	        "broken JSON");
	refused("POST", "/api/v1/calendars", T, "{\"name\":\"x\xff\",\"spec\":\"24/7\"}", 0, 400,
	        "invalid_utf8", NULL, "invalid UTF-8");
	refused("PATCH", "/api/v1/calendars/999999", T, "{\"name\":\"y\"}", 0, 404, "not_found",
	        NULL, "an unknown id");
	refused("DELETE", "/api/v1/calendars/999999", T, NULL, 0, 404, "not_found", NULL,
	        "an unknown id");
	r = http(&S, "DELETE", P("/api/v1/calendars/%lld", always), T, NULL);
	check_status(r, 204, "an unused calendar is deleted");
	r = http(&S, "GET", P("/api/v1/calendars/%lld", always), T, NULL);
	check_status(r, 404, "... and is gone");
	check(find_event("calendar.delete", always) != NULL, "calendar.delete is audited");
}

/* ---- shifts ---- */

static long long WEEKEND;

static void test_shifts(void)
{
	struct resp *r = httpj(&S, "POST", "/api/v1/shifts", T,
	                       jpack("{s:s,s:s}", "name", "weekend", "spec",
	                             "tz=Europe/Berlin; 10:00-18:00; sat,sun"));
	check_status(r, 201, "POST /api/v1/shifts");
	WEEKEND = jint(r->json, "shift.id");
	check_str(jstr(r->json, "shift.spec"), "tz=Europe/Berlin; sat-sun 10:00-18:00",
	          "the shift comes back in canonical form");
	check(json_is_boolean(jget(r->json, "shift.on_now")) && jstr(r->json, "shift.next_start"),
	      "with on_now and next_start");

	/* A shift of one hour, starting two hours from now (UTC): off now, next start known. */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int h = (tm.tm_hour + 2) % 24;
	r = httpj(
	    &S, "POST", "/api/v1/shifts", T,
	    jpack("{s:s,s:s}", "name", "later", "spec", P("tz=UTC; %02d:00-%02d:00", h, h + 1)));
	check_status(r, 201, "a one-hour shift in two hours");
	check(json_is_false(jget(r->json, "shift.on_now")), "it is not on now");
	const char *ns = jstr(r->json, "shift.next_start");
	double next = ns ? rfc3339_utc(ns) : -1;
	check(next > (double)now && next <= (double)now + 7200 && ns && ns[14] == '0' &&
	          ns[15] == '0' && atoi(ns + 11) == h,
	      "its next start is the next %02d:00 UTC (%s)", h, ns ? ns : "null");
	long long later = jint(r->json, "shift.id");
	r = httpj(&S, "PATCH", P("/api/v1/shifts/%lld", later), T,
	          jpack("{s:s}", "spec", "tz=UTC; daily 00:00-24:00"));
	check_status(r, 200, "PATCH the shift to the whole day");
	check(json_is_true(jget(r->json, "shift.on_now")), "now it is on");
	check_str(jstr(r->json, "shift.spec"), "tz=UTC; mon-sun 00:00-24:00", "... canonical");
	check(find_event("shift.update", later) && find_event("shift.create", later),
	      "shift.create and shift.update are audited");

	refused("POST", "/api/v1/shifts", T,
	        "{\"name\":\"weekend\",\"spec\":\"tz=UTC; 09:00-17:00\"}", 0, 409, "conflict",
	        "name", "a duplicate name");
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/shifts", T,
	         "{\"name\":\"x\",\"spec\":\"tz=UTC; 09:00-09:00\"}");
	check(r->status == 422 && contains(r->body, "ambiguous") &&
	          contains(r->body, "\"field\":\"spec\""),
	      "a shift that ends when it starts: 422 saying why (%s)", rdesc(r));
	r = http(&S, "POST", "/api/v1/shifts", T,
	         "{\"name\":\"x\",\"spec\":\"tz=Nowhere/City; 09:00-17:00\"}");
	check(r->status == 422 && contains(r->body, "Nowhere/City"), "an unknown zone: 422 (%s)",
	      rdesc(r));
	r = http(&S, "POST", "/api/v1/shifts", T, "{\"name\":\"x\",\"spec\":\"09:00-17:00\"}");
	check(r->status == 422 && contains(r->body, "time zone"), "no zone: 422 (%s)", rdesc(r));
	r = http(&S, "POST", "/api/v1/shifts", T, "{\"name\":\"x\",\"spec\":\"24/7\"}");
	check_error(r, 422, "invalid_value", "spec", "24/7 is a calendar, not a shift");
	check_unchanged(&S, fp, NULL, "refused shift specs stored nothing");
	refused("POST", "/api/v1/shifts", T,
	        P("{\"name\":\"x\",\"spec\":\"tz=UTC; %s\"}", repeat("a", 300)), 0, 422, "too_long",
	        "spec", "a spec over 256 bytes");
	refused("POST", "/api/v1/shifts", T, "{\"name\":true,\"spec\":\"tz=UTC; 09:00-17:00\"}", 0,
	        422, "wrong_type", "name", "a boolean as name");
	refused("POST", "/api/v1/shifts", T, "[]", 0, 400, "malformed_json", NULL, "an array");
	refused("PATCH", P("/api/v1/shifts/%lld", WEEKEND), T, "{\"spec\":\"tz=UTC; \xc0\xaf\"}", 0,
	        400, "invalid_utf8", NULL, "an overlong UTF-8 sequence");
	refused("PATCH", P("/api/v1/shifts/%lld", WEEKEND), T, "{\"on_now\":true}", 0, 422,
	        "unknown_field", "on_now", "on_now is not writable");
	r = http(&S, "DELETE", P("/api/v1/shifts/%lld", later), T, NULL);
	check_status(r, 204, "an unused shift is deleted");
	check(find_event("shift.delete", later) != NULL, "shift.delete is audited");
}

/* ---- agents' routing fields ---- */

static void test_agents(void)
{
	const char *gen0 = generation();
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/agents", T,
	          jpack("{s:s,s:s,s:s,s:s,s:[s,s,s],s:b,s:i,s:i}", "email", "kenji@test.local",
	                "name", "Kenji", "role", "agent", "shift", "night", "skills", "Futures",
	                " p2p ", "futures", "vip_capable", 1, "max_chats", 5, "max_tickets", 30));
	check_status(r, 201, "an agent with shift, skills, VIP and capacity");
	long long id = jint(r->json, "agent.id");
	json_t *a = jget(r->json, "agent");
	check_str(jstr(a, "shift"), "night", "shift by name");
	check_str(jdump(jget(a, "skills")), "[\"futures\",\"p2p\"]",
	          "skills normalised (lowercase, trimmed, each once)");
	check(json_is_true(jget(a, "vip_capable")) && jint(a, "max_chats") == 5 &&
	          jint(a, "max_tickets") == 30,
	      "vip_capable, max_chats, max_tickets (%s)", jdump(a));
	check(generation() && strcmp(generation(), gen0) != 0, "a new agent moves sla_generation");
	r = http(&S, "GET", P("/api/v1/agents/%lld", id), T, NULL);
	check(jstr(r->json, "agent.shift") && !strcmp(jstr(r->json, "agent.shift"), "night") &&
	          jint(r->json, "agent.max_chats") == 5 &&
	          json_array_size(jget(r->json, "agent.skills")) == 2,
	      "GET round-trips them");

	r = httpj(
	    &S, "POST", "/api/v1/agents", T,
	    jpack("{s:s,s:s,s:s}", "email", "plain@test.local", "name", "Plain", "role", "agent"));
	a = jget(r->json, "agent");
	check(jint(a, "max_chats") == 3 && jint(a, "max_tickets") == 20 && jstr(a, "shift") &&
	          !*jstr(a, "shift") && json_array_size(jget(a, "skills")) == 0 &&
	          json_is_false(jget(a, "vip_capable")),
	      "defaults: 3 chats, 20 tickets, no shift, no skills, not VIP (%s)", jdump(a));
	r = http(&S, "GET", P("/api/v1/agents/%lld", S.admin_id), T, NULL);
	check(jint(r->json, "agent.max_chats") == 3 && jint(r->json, "agent.max_tickets") == 20,
	      "the admin made on the command line has the same defaults");

	const char *gen1 = generation();
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", id), T,
	          jpack("{s:s,s:i,s:b,s:[]}", "shift", "weekend", "max_chats", 0, "vip_capable", 0,
	                "skills"));
	check_status(r, 200, "PATCH shift, capacity, VIP, skills");
	a = jget(r->json, "agent");
	check(!strcmp(jstr(a, "shift") ?: "", "weekend") && jint(a, "max_chats") == 0 &&
	          jint(a, "max_tickets") == 30 && json_is_false(jget(a, "vip_capable")) &&
	          json_array_size(jget(a, "skills")) == 0,
	      "... applied, the rest kept (%s)", jdump(a));
	check(strcmp(generation(), gen1) != 0, "the edit moves sla_generation");
	json_t *ev = find_event("agent.update", id);
	check(ev && !strcmp(jstr(ev, "before.shift") ?: "", "night") &&
	          !strcmp(jstr(ev, "after.shift") ?: "", "weekend") &&
	          jint(ev, "before.max_chats") == 5 && jint(ev, "after.max_chats") == 0,
	      "agent.update carries shift and capacity before and after");
	const char *gen2 = generation();
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", id), T, jpack("{s:s}", "name", "Kenji S."));
	check(r->status == 200 && !strcmp(generation(), gen2),
	      "a rename leaves sla_generation alone");

	refused("DELETE", P("/api/v1/shifts/%lld", WEEKEND), T, NULL, 0, 409, "conflict", NULL,
	        "a shift with agents");
	r = httpj(&S, "PATCH", P("/api/v1/shifts/%lld", WEEKEND), T,
	          jpack("{s:s}", "name", "weekend-eu"));
	check_status(r, 200, "the shift is renamed");
	r = http(&S, "GET", P("/api/v1/agents/%lld", id), T, NULL);
	check_str(jstr(r->json, "agent.shift"), "weekend-eu", "the agent shows the new name");

	char path[64];
	snprintf(path, sizeof path, "/api/v1/agents/%lld", id);
	refused("PATCH", path, T, "{\"shift\":\"evening\"}", 0, 422, "invalid_value", "shift",
	        "a shift that does not exist");
	refused(
	    "POST", "/api/v1/agents", T,
	    "{\"email\":\"e@test.local\",\"name\":\"E\",\"role\":\"agent\",\"shift\":\"weekend\"}",
	    0, 422, "invalid_value", "shift", "create with a shift that does not exist (renamed)");
	refused("PATCH", path, T, "{\"max_chats\":101}", 0, 422, "invalid_value", "max_chats",
	        "max_chats 101");
	refused("PATCH", path, T, "{\"max_tickets\":-1}", 0, 422, "invalid_value", "max_tickets",
	        "max_tickets -1");
	refused("PATCH", path, T, "{\"max_chats\":\"3\"}", 0, 422, "wrong_type", "max_chats",
	        "max_chats as a string");
	refused("PATCH", path, T, "{\"vip_capable\":\"yes\"}", 0, 422, "wrong_type", "vip_capable",
	        "vip_capable as a string");
	refused("PATCH", path, T, "{\"skills\":[\"bad skill!\"]}", 0, 422, "invalid_value",
	        "skills", "a skill with punctuation");
	refused("PATCH", path, T, "{\"skills\":[\"a,b\"]}", 0, 422, "invalid_value", "skills",
	        "a skill with a comma");
	refused("PATCH", path, T, "{\"skills\":\"futures\"}", 0, 422, "wrong_type", "skills",
	        "skills as a string");
	refused("PATCH", path, T, P("{\"skills\":[%s\"x\"]}", repeat("\"s\",", 20)), 0, 422,
	        "too_many", "skills", "21 skills");
	refused("PATCH", path, T, "{\"shift\":\"n\xffght\"}", 0, 400, "invalid_utf8", NULL,
	        "invalid UTF-8 in shift");
	r = httpj(&S, "PATCH", path, T, jpack("{s:s}", "shift", ""));
	check(r->status == 200 && jstr(r->json, "agent.shift") && !*jstr(r->json, "agent.shift"),
	      "shift \"\" takes the agent off any shift (%s)", rdesc(r));
	r = http(&S, "DELETE", P("/api/v1/shifts/%lld", WEEKEND), T, NULL);
	check_status(r, 204, "with nobody on it the shift can go");
}

/* ---- policies ---- */

static void test_policies(void)
{
	json_t *t = mk_ticket(&S, T,
	                      "{\"subject\":\"KYC\",\"body\":\"level 2?\",\"channel\":\"email\","
	                      "\"requester\":{\"email\":\"std@example.com\"}}");
	long long tid = jint(t, "id"), std = policy_id_by_name("standard");
	check_str(jstr(t, "sla.policy"), "standard", "an email ticket gets the standard policy");
	check_int(jint(t, "sla.policy_id"), std, "... with its id");
	check(near(since_created(t, "sla.first_response.due_at"), 600),
	      "... first response in 10 min");

	const char *gen0 = generation();
	struct resp *r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", std), T,
	                       jpack("{s:i}", "first_response_seconds", 120));
	check_status(r, 200, "PATCH standard: first response 120 s");
	check(jint(r->json, "policy.first_response_seconds") == 120 &&
	          jint(r->json, "policy.resolution_seconds") == 86400 &&
	          jint(r->json, "policy.position") == 6,
	      "... the rest kept (%s)", jdump(jget(r->json, "policy")));
	check(strcmp(generation(), gen0) != 0, "a policy change moves sla_generation");
	t = ticket_sla(tid);
	check(near(since_created(t, "sla.first_response.due_at"), 120),
	      "the ticket's first response is now due 2 minutes after creation (%s)",
	      jstr(t, "sla.first_response.due_at"));
	check_int(jint(t, "sla.first_response.target_seconds"), 120, "... target 120 s");
	json_t *ev = find_event("sla_policy.update", std);
	check(ev && jint(ev, "before.first_response_seconds") == 600 &&
	          jint(ev, "after.first_response_seconds") == 120,
	      "sla_policy.update carries before and after");

	/* A new policy at the top takes high email tickets. */
	r = httpj(&S, "POST", "/api/v1/sla/policies", T,
	          jpack("{s:s,s:i,s:[s,s,s],s:[s],s:i,s:i,s:i,s:i,s:b,s:{s:b}}", "name",
	                "mail-high", "position", 1, "priorities", "urgent", "high", "high",
	                "channels", "email", "first_response_seconds", 300, "next_response_seconds",
	                600, "resolution_seconds", 7200, "warn_percent", 50, "pause_on_hold", 1,
	                "breach_actions", "reassign", 1));
	check_status(r, 201, "POST a policy at position 1");
	long long high = jint(r->json, "policy.id");
	json_t *p = jget(r->json, "policy");
	check_str(jdump(jget(p, "priorities")), "[\"high\",\"urgent\"]",
	          "priorities each once, in their order");
	check(json_is_true(jget(p, "breach_actions.reassign")) &&
	          json_is_false(jget(p, "breach_actions.raise_priority")) &&
	          json_is_true(jget(p, "pause_on_hold")) && jint(p, "warn_percent") == 50 &&
	          jisnull(p, "vip_max") && jint(p, "vip_min") == 0 &&
	          json_is_true(jget(p, "enabled")),
	      "breach actions, pause, warning and defaults (%s)", jdump(p));
	check(find_event("sla_policy.create", high) != NULL, "sla_policy.create is audited");
	r = http(&S, "GET", "/api/v1/sla/policies", T, NULL);
	check(!strcmp(jstr(r->json, "policies.0.name") ?: "", "mail-high") &&
	          !strcmp(jstr(r->json, "policies.1.name") ?: "", "vip-chat"),
	      "listed first, the old first second");
	check(jint(r->json, "policies.1.position") == 2 &&
	          jint(r->json, "policies.6.position") == 7,
	      "the others moved down one place (%s)", jdump(jget(r->json, "policies")));
	t = mk_ticket(&S, T,
	              "{\"subject\":\"Hacked\",\"body\":\"help\",\"channel\":\"email\","
	              "\"priority\":\"high\",\"requester\":{\"email\":\"h@example.com\"}}");
	check_str(jstr(t, "sla.policy"), "mail-high", "a high email ticket gets it");
	check_int(jint(t, "sla.policy_id"), high, "... by id");
	check(near(since_created(t, "sla.first_response.due_at"), 300), "... first response 5 min");
	check(near(since_created(t, "sla.first_response.warn_at"), 150), "... warning at 50%%");
	long long hid = jint(t, "id");
	t = mk_ticket(&S, T,
	              "{\"subject\":\"Chat\",\"body\":\"hi\",\"channel\":\"chat\","
	              "\"priority\":\"high\",\"requester\":{\"email\":\"c@example.com\"}}");
	check_str(jstr(t, "sla.policy"), "chat", "a high chat does not (channels)");

	r = httpj(&S, "POST", "/api/v1/sla/policies", T,
	          jpack("{s:s,s:i,s:i,s:i}", "name", "whales", "vip_min", 4, "vip_max", 5,
	                "first_response_seconds", 60));
	check_status(r, 201, "POST a policy without position");
	check_int(jint(r->json, "policy.position"), 8, "it goes last (8th)");
	long long whales = jint(r->json, "policy.id");
	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", whales), T,
	          jpack("{s:i}", "position", 1));
	check_status(r, 200, "moved to position 1");
	t = mk_ticket(&S, T,
	              "{\"subject\":\"Big\",\"body\":\"withdrawal\",\"channel\":\"email\","
	              "\"requester\":{\"email\":\"w@example.com\",\"vip_tier\":5}}");
	check_str(jstr(t, "sla.policy"), "whales", "a tier-5 customer gets the tier 4-5 policy");
	t = mk_ticket(&S, T,
	              "{\"subject\":\"Small\",\"body\":\"withdrawal\",\"channel\":\"email\","
	              "\"requester\":{\"email\":\"v@example.com\",\"vip_tier\":2}}");
	check_str(jstr(t, "sla.policy"), "vip", "a tier-2 customer does not");

	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", high), T,
	          jpack("{s:b}", "enabled", 0));
	check_status(r, 200, "mail-high disabled");
	check_str(jstr(ticket_sla(hid), "sla.policy"), "standard",
	          "a disabled policy no longer applies");

	/* A calendar open one hour a day, starting in three hours: the due time moves into it. */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int h = (tm.tm_hour + 3) % 24;
	r = httpj(&S, "POST", "/api/v1/calendars", T,
	          jpack("{s:s,s:s}", "name", "one hour", "spec",
	                P("tz=UTC; daily %02d:00-%02d:00", h, h + 1)));
	long long hour = jint(r->json, "calendar.id");
	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", std), T,
	          jpack("{s:I}", "calendar_id", (json_int_t)hour));
	check(r->status == 200 && jint(r->json, "policy.calendar_id") == hour,
	      "standard counts business time in that calendar (%s)", rdesc(r));
	const char *due = jstr(ticket_sla(tid), "sla.first_response.due_at");
	check(
	    due && atoi(due + 11) == h && !strncmp(due + 13, ":02:00", 6),
	    "the first response is due 2 business minutes into the next opening, %02d:02 UTC (%s)",
	    h, due ? due : "null");
	refused("DELETE", P("/api/v1/calendars/%lld", hour), T, NULL, 0, 409, "conflict", NULL,
	        "a calendar a policy uses");
	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", std), T,
	          json_pack("{s:n}", "calendar_id"));
	check(r->status == 200 && jisnull(r->json, "policy.calendar_id"), "back to 24/7 (%s)",
	      rdesc(r));
	check(near(since_created(ticket_sla(tid), "sla.first_response.due_at"), 120),
	      "... due at 2 min again");
	r = http(&S, "DELETE", P("/api/v1/calendars/%lld", hour), T, NULL);
	check_status(r, 204, "unused again, the calendar can go");

	r = http(&S, "DELETE", P("/api/v1/sla/policies/%lld", whales), T, NULL);
	check_status(r, 204, "a policy is deleted");
	r = http(&S, "GET", P("/api/v1/sla/policies/%lld", whales), T, NULL);
	check_status(r, 404, "... and is gone");
	check(find_event("sla_policy.delete", whales) != NULL, "sla_policy.delete is audited");
	r = http(&S, "GET", "/api/v1/sla/policies", T, NULL);
	bool dense = json_array_size(jget(r->json, "policies")) == 7;
	for (size_t i = 0; dense && i < 7; i++)
		dense = jint(json_array_get(jget(r->json, "policies"), i), "position") ==
		        (long long)i + 1;
	check(dense, "the remaining seven are numbered 1..7 again");
	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", high), T,
	          jpack("{s:i}", "position", 999));
	check(r->status == 200 && jint(r->json, "policy.position") == 7,
	      "a position past the end puts the policy last (%s)", rdesc(r));
}

static void test_policy_input(void)
{
	long long std = policy_id_by_name("standard");
	char path[64];
	snprintf(path, sizeof path, "/api/v1/sla/policies/%lld", std);
	const char *pp = "/api/v1/sla/policies";
	static const struct {
		const char *body, *code, *field, *what;
	} bad[] = {
	    {"{\"name\":\"x\",\"warn_percent\":100}", "invalid_value", "warn_percent", "warn 100"},
	    {"{\"name\":\"x\",\"warn_percent\":-1}", "invalid_value", "warn_percent", "warn -1"},
	    {"{\"name\":\"x\",\"first_response_seconds\":-1}", "invalid_value",
	     "first_response_seconds", "a negative target"},
	    {"{\"name\":\"x\",\"resolution_seconds\":31622401}", "invalid_value",
	     "resolution_seconds", "a target over 366 days"},
	    {"{\"name\":\"x\",\"next_response_seconds\":9223372036854775807}", "invalid_value",
	     "next_response_seconds", "a target of INT64_MAX seconds"},
	    {"{\"name\":\"x\",\"vip_min\":3,\"vip_max\":1}", "invalid_value", "vip_max",
	     "vip_max below vip_min"},
	    {"{\"name\":\"x\",\"vip_min\":-1}", "invalid_value", "vip_min", "vip_min -1"},
	    {"{\"name\":\"x\",\"vip_min\":6}", "invalid_value", "vip_min", "vip_min 6"},
	    {"{\"name\":\"x\",\"priorities\":[\"asap\"]}", "invalid_value", "priorities",
	     "an unknown priority"},
	    {"{\"name\":\"x\",\"priorities\":[\"High\"]}", "invalid_value", "priorities",
	     "a priority in the wrong case"},
	    {"{\"name\":\"x\",\"channels\":[\"fax\"]}", "invalid_value", "channels",
	     "an unknown channel"},
	    {"{\"name\":\"x\",\"calendar_id\":999999}", "invalid_value", "calendar_id",
	     "an unknown calendar"},
	    {"{\"name\":\"x\",\"calendar_id\":0}", "invalid_value", "calendar_id", "calendar_id 0"},
	    {"{\"name\":\"x\",\"position\":0}", "invalid_value", "position", "position 0"},
	    {"{\"name\":\"x\",\"first_response_seconds\":\"60\"}", "wrong_type",
	     "first_response_seconds", "a target as a string"},
	    {"{\"name\":\"x\",\"first_response_seconds\":1.5}", "wrong_type|invalid_value",
	     "first_response_seconds", "a fractional target"},
	    {"{\"name\":\"x\",\"enabled\":1}", "wrong_type", "enabled", "enabled as a number"},
	    {"{\"name\":\"x\",\"priorities\":\"high\"}", "wrong_type", "priorities",
	     "priorities as a string"},
	    {"{\"name\":\"x\",\"priorities\":[1]}", "wrong_type", "priorities",
	     "a number in priorities"},
	    {"{\"name\":\"x\",\"priorities\":[\"low\",\"normal\",\"high\",\"urgent\",\"low\"]}",
	     "too_many", "priorities", "five priorities"},
	    {"{\"name\":\"x\",\"vip_max\":\"none\"}", "wrong_type", "vip_max",
	     "vip_max as a string"},
	    {"{\"name\":\"x\",\"breach_actions\":{\"explode\":true}}", "unknown_field",
	     "breach_actions.explode", "an unknown breach action"},
	    {"{\"name\":\"x\",\"breach_actions\":{\"reassign\":\"yes\"}}", "wrong_type",
	     "breach_actions.reassign", "a breach action as a string"},
	    {"{\"name\":\"x\",\"breach_actions\":true}", "wrong_type", "breach_actions",
	     "breach_actions as a boolean"},
	    {"{\"name\":\"x\",\"first_response_minutes\":5}", "unknown_field",
	     "first_response_minutes", "minutes instead of seconds"},
	    {"{\"name\":\"\"}", "invalid_value", "name", "an empty name"},
	    {"{\"name\":\"a\\tb\"}", "invalid_value", "name", "a tab in the name"},
	    {"{\"enabled\":true}", "missing_field", "name", "no name"},
	    {"{\"name\":\"standard\"}", "conflict", "name", "a duplicate name"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused("POST", pp, T, bad[i].body, 0, !strcmp(bad[i].code, "conflict") ? 409 : 422,
		        bad[i].code, bad[i].field, bad[i].what);
	/* PATCH: the merged policy is what is checked. */
	refused("PATCH", path, T, "{\"vip_max\":-1}", 0, 422, "invalid_value", "vip_max",
	        "PATCH vip_max below the stored vip_min");
	refused("PATCH", path, T, "{\"name\":\"chat\"}", 0, 409, "conflict", "name",
	        "PATCH onto another policy's name");
	refused("PATCH", path, T, "{\"warn_percent\":100}", 0, 422, "invalid_value", "warn_percent",
	        "PATCH warn 100");
	refused("PATCH", path, T, "{\"name\":\"   \"}", 0, 422, "invalid_value", "name",
	        "PATCH a blank name");
	refused("PATCH", path, T, "{\"priorities\":[\"urgent\"],\"channels\":[\"pigeon\"]}", 0, 422,
	        "invalid_value", "channels", "PATCH one good and one bad field");
	refused("PATCH", "/api/v1/sla/policies/999999", T, "{\"enabled\":false}", 0, 404,
	        "not_found", NULL, "an unknown id");
	refused("DELETE", "/api/v1/sla/policies/999999", T, NULL, 0, 404, "not_found", NULL,
	        "an unknown id");
	refused("PATCH", "/api/v1/sla/policies/abc", T, "{\"enabled\":false}", 0, 404, "not_found",
	        NULL, "a non-numeric id");
	refused("POST", pp, T, "{\"name\":\"x\" \"enabled\":true}", 0, 400, "malformed_json", NULL,
	        "broken JSON");
	refused("POST", pp, T, "{\"name\":\"x\",\"name\":\"y\"}", 0, 400, "malformed_json", NULL,
	        "a duplicate key");
	refused("POST", pp, T, "{\"name\":\"\xed\xa0\x80\"}", 0, 400, "invalid_utf8", NULL,
	        "a UTF-16 surrogate");
	refused("POST", pp, T, "{\"name\":\"\\u0000\"}", 0, 0, "malformed_json|invalid_value", NULL,
	        "a NUL escape");
	struct req rq = {.method = "POST",
	                 .path = pp,
	                 .token = T,
	                 .body = "{\"name\":\"x\"}",
	                 .content_type = "text/plain"};
	char *fp = db_fingerprint(&S, NULL);
	check_error(http_req(&S, &rq), 415, "unsupported_media_type", NULL,
	            "a policy as text/plain");
	check_unchanged(&S, fp, NULL, "... stored nothing");
	struct resp *r = http(&S, "GET", path, T, NULL);
	check(r->status == 200 && jint(r->json, "policy.first_response_seconds") == 120 &&
	          jint(r->json, "policy.warn_percent") == 80,
	      "the standard policy is as it was (%s)", rdesc(r));
	r = httpj(&S, "POST", pp, T,
	          jpack("{s:s,s:i,s:i}", "name", "edge", "resolution_seconds", 31622400,
	                "warn_percent", 0));
	check(r->status == 201 && jint(r->json, "policy.resolution_seconds") == 31622400 &&
	          jint(r->json, "policy.warn_percent") == 0,
	      "366 days and no warning are accepted (%s)", rdesc(r));
}

/* ---- who may ---- */

static void test_permissions(void)
{
	char agent[512], qa[512], sup[512];
	mk_agent(&S, "perm.agent@test.local", "Perm Agent", "agent", NULL, NULL, agent);
	mk_agent(&S, "perm.qa@test.local", "Perm QA", "qa", NULL, NULL, qa);
	mk_agent(&S, "perm.sup@test.local", "Perm Sup", "supervisor", NULL, NULL, sup);
	long long std = policy_id_by_name("standard");
	struct resp *r = httpj(&S, "POST", "/api/v1/calendars", T,
	                       jpack("{s:s,s:s}", "name", "perm", "spec", "24/7"));
	long long cal = jint(r->json, "calendar.id");
	r = http(&S, "GET", "/api/v1/shifts", T, NULL);
	long long day = jint(r->json, "shifts.0.id");
	const char *toks[] = {agent, qa, sup};
	const char *who[] = {"agent", "qa", "supervisor"};
	char pol[64], calp[64], shp[64];
	snprintf(pol, sizeof pol, "/api/v1/sla/policies/%lld", std);
	snprintf(calp, sizeof calp, "/api/v1/calendars/%lld", cal);
	snprintf(shp, sizeof shp, "/api/v1/shifts/%lld", day);
	const char *reads[] = {"/api/v1/sla/policies", pol, "/api/v1/calendars", calp,
	                       "/api/v1/shifts",       shp};
	const struct {
		const char *m, *p, *b;
	} writes[] = {
	    {"POST", "/api/v1/sla/policies", "{\"name\":\"sneaky\"}"},
	    {"PATCH", pol, "{\"first_response_seconds\":1}"},
	    {"DELETE", pol, NULL},
	    {"POST", "/api/v1/calendars", "{\"name\":\"sneaky\",\"spec\":\"24/7\"}"},
	    {"PATCH", calp, "{\"name\":\"sneaky\"}"},
	    {"DELETE", calp, NULL},
	    {"POST", "/api/v1/shifts", "{\"name\":\"sneaky\",\"spec\":\"tz=UTC; 09:00-17:00\"}"},
	    {"PATCH", shp, "{\"name\":\"sneaky\"}"},
	    {"DELETE", shp, NULL},
	};
	for (int i = 0; i < 3; i++) {
		for (int k = 0; k < 6; k++) {
			r = http(&S, "GET", reads[k], toks[i], NULL);
			check_status(r, 200, "%s may GET %s", who[i], reads[k]);
		}
		/* settings.manage: supervisors too are refused, as for routing rules. */
		for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++)
			refused(writes[k].m, writes[k].p, toks[i], writes[k].b, 0, 403, "forbidden",
			        NULL, P("as %s", who[i]));
	}
	r = http(&S, "GET", "/api/v1/sla/policies", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "no credentials: 401");
}

int main(void)
{
	h_init(180);
	srv_start(&S);
	T = S.token;
	test_defaults();
	test_calendars();
	test_shifts();
	test_agents();
	test_policies();
	test_policy_input();
	test_permissions();
	srv_stop(&S);
	return h_finish();
}
