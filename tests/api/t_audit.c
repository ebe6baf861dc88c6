/* t_audit — the audit trail is tamper-evident. Changes to one event's content or time, or the
 * removal of an event, made directly in the database file while the server is stopped, are found
 * by `exdesk audit verify` (non-zero, naming the event) and by GET /api/v1/audit/verify
 * ({ok:false, first_broken_id, reason}); undoing the change makes both pass again. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static char table[128];

static json_t *all_events(void)
{
	json_t *ids = jkeep(json_array());
	char cur[1024] = "";
	for (int guard = 0; guard < 100; guard++) {
		struct resp *r =
		    http(&S, "GET",
		         cur[0] ? P("/api/v1/audit/events?limit=100&cursor=%s", qenc(cur))
		                : "/api/v1/audit/events?limit=100",
		         S.token, NULL);
		if (r->status != 200)
			break;
		json_t *a = jget(r->json, "events");
		for (size_t i = 0; i < json_array_size(a); i++)
			json_array_append_new(ids, json_integer(jint(json_array_get(a, i), "id")));
		const char *nc = jstr(r->json, "next_cursor");
		if (!nc)
			break;
		snprintf(cur, sizeof cur, "%s", nc);
	}
	return ids;
}

/* the number n appears in text as a whole number */
static bool has_number(const char *text, long long n)
{
	char want[32];
	snprintf(want, sizeof want, "%lld", n);
	size_t l = strlen(want);
	for (const char *p = text ? strstr(text, want) : NULL; p; p = strstr(p + 1, want))
		if ((p == text || p[-1] < '0' || p[-1] > '9') && (p[l] < '0' || p[l] > '9'))
			return true;
	return false;
}

static void verify_cli(bool want_ok, long long broken, const char *what)
{
	char *out = NULL, *err = NULL;
	int rc = run_cmd(NULL, &out, &err, S.bin, "audit", "verify", "--data", S.dir, (char *)NULL);
	if (want_ok) {
		checkd(rc == 0 && contains(out, "audit chain ok"),
		       P("rc %d: %.200s %.200s", rc, out, err),
		       "%s: exdesk audit verify exits 0 and says audit chain ok", what);
	} else {
		checkd(rc != 0 && (has_number(out, broken) || has_number(err, broken)),
		       P("rc %d: %.200s %.200s", rc, out, err),
		       "%s: exdesk audit verify exits non-zero and names event %lld", what, broken);
	}
}

static void verify_api(bool want_ok, long long broken, const char *what)
{
	struct resp *r = http(&S, "GET", "/api/v1/audit/verify", S.token, NULL);
	if (want_ok)
		check(r->status == 200 && json_is_true(jget(r->json, "ok")) &&
		          jisnull(r->json, "first_broken_id"),
		      "%s: GET /api/v1/audit/verify says ok (%s)", what, rdesc(r));
	else
		check(r->status == 200 && json_is_false(jget(r->json, "ok")) &&
		          jint(r->json, "first_broken_id") == broken && jstr(r->json, "reason") &&
		          *jstr(r->json, "reason"),
		      "%s: GET /api/v1/audit/verify says ok false, first_broken_id %lld, with a "
		      "reason (%s)",
		      what, broken, rdesc(r));
}

/* Stop, run SQL on the file, check the CLI, start, check the API. */
static void tamper(const char *sql, bool want_ok, long long broken, const char *what)
{
	srv_stop(&S);
	int rc = db_exec(&S, sql);
	check(rc == 0, "%s: the database file was changed (sqlite rc %d)", what, rc);
	verify_cli(want_ok, broken, what);
	if (!check(srv_spawn(&S) == 0, "%s: the server starts", what))
		return;
	verify_api(want_ok, broken, what);
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	for (int i = 0; i < 4; i++) {
		json_t *t = mk_ticket_simple(&S, NULL, P("audited %d", i), "audit@example.com", 0);
		long long id = jint(t, "id");
		http(&S, "PATCH", P("/api/v1/tickets/%lld", id), S.token,
		     "{\"priority\":\"high\"}");
		http(&S, "POST", P("/api/v1/tickets/%lld/reply", id), S.token,
		     "{\"body\":\"on it\"}");
	}
	const char *tn = db_query1(
	    &S, "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE '%event%' "
	        "ORDER BY length(name) LIMIT 1");
	snprintf(table, sizeof table, "%s", tn ? tn : "events");

	json_t *ids = all_events();
	size_t n = json_array_size(ids);
	const char *cnt = db_query1(&S, P("SELECT count(*) FROM \"%s\"", table));
	check(n >= 12 && cnt && (size_t)atoll(cnt) == n,
	      "every stored event is listed by GET /api/v1/audit/events (%zu listed, %s stored)", n,
	      cnt ? cnt : "?");
	struct resp *r = http(&S, "GET", "/api/v1/audit/verify", S.token, NULL);
	check(r->status == 200 && json_is_true(jget(r->json, "ok")) &&
	          jint(r->json, "checked") == (long long)n,
	      "the untouched chain verifies and checks every event (%s)", rdesc(r));
	verify_cli(true, 0, "untouched");
	if (n < 12)
		return h_finish();

	/* newest first in the list: pick events in the middle */
	long long mid = json_integer_value(json_array_get(ids, n / 2));
	long long mid2 = json_integer_value(json_array_get(ids, n / 3));
	long long after_mid2 =
	    json_integer_value(json_array_get(ids, n / 3 - 1)); /* the next newer */

	tamper(P("UPDATE \"%s\" SET action = action || 'x' WHERE id = %lld", table, mid), false,
	       mid, "an event's action changed");
	tamper(P("UPDATE \"%s\" SET action = substr(action, 1, length(action) - 1) WHERE id = %lld",
	         table, mid),
	       true, 0, "the change undone");
	tamper(P("UPDATE \"%s\" SET created_at = created_at + 1 WHERE id = %lld", table, mid),
	       false, mid, "an event's time moved by 1");
	tamper(P("UPDATE \"%s\" SET created_at = created_at - 1 WHERE id = %lld", table, mid), true,
	       0, "the time restored");
	tamper(P("DELETE FROM \"%s\" WHERE id = %lld", table, mid2), false, after_mid2,
	       "an event deleted from the middle");
	return h_finish();
}
