/* t_bad_input_http — hostile input that is not a body: unknown ids on every id route (the
 * widget's conversation routes and attachments too), bad list queries (limit, cursor, filters,
 * q, after=, since=, the knowledge-base searches), invalid UTF-8 and NUL in paths, unknown
 * routes, methods not allowed, bad credentials; and raw-socket abuse: huge request line and
 * headers, truncated bodies, 50 MB declared, junk, two Content-Lengths, slowloris. Bodies are in
 * t_bad_input and t_bad_input_chat; shared helpers in bad_input_common.h. */
#include "bad_input_common.h"

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

/* a widget session W with an open chat C1; the macro id routes' formats with MACID in them */
static char W[256];
static long long C1, MACID;
static char MAC_PREVIEW_FMT[96], MAC_APPLY_FMT[96];

/* The checks of this program are about refusals; its setup adds no ok lines of its own (the
 * same setup is checked in t_bad_input_chat) but a broken one is a failure, not a silent pass. */
static void setup(void)
{
	struct resp *r;
	setup_base();
	r = http(&S, "POST", "/api/v1/macros", T,
	         "{\"name\":\"Setup macro\",\"variants\":{\"en\":\"Hello {{customer.name}}\","
	         "\"ja\":\"{{customer.name}}様\"}}");
	MACID = jint(r->json, "macro.id");
	snprintf(MAC_PREVIEW_FMT, sizeof MAC_PREVIEW_FMT, "/api/v1/tickets/%%s/macros/%lld/preview",
	         MACID);
	snprintf(MAC_APPLY_FMT, sizeof MAC_APPLY_FMT, "/api/v1/tickets/%%s/macros/%lld/apply", MACID);
	mk_widget_session(&S, NULL, W);
	struct resp *r2 =
	    http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat one\"}");
	C1 = jint(r2->json, "conversation.id");
	if (!(MACID > 0 && C1 > 0 && *W)) {
		check(false, "setup: a macro and a widget chat (macro %lld, chat %lld)", MACID, C1);
		exit(h_finish());
	}
}

/* ---- ids ---- */
static void test_ids(void)
{
	struct {
		const char *method, *fmt, *body;
	} idr[] = {
	    {"GET", "/api/v1/tickets/%s", NULL},
	    {"PATCH", "/api/v1/tickets/%s", "{\"priority\":\"high\"}"},
	    {"POST", "/api/v1/tickets/%s/reply", "{\"body\":\"x\"}"},
	    {"POST", "/api/v1/tickets/%s/notes", "{\"body\":\"x\"}"},
	    {"POST", "/api/v1/tickets/%s/messages", "{\"body\":\"x\"}"},
	    {"GET", "/api/v1/tickets/%s/messages", NULL},
	    {"POST", "/api/v1/tickets/%s/escalate", NULL},
	    {"POST", "/api/v1/tickets/%s/merge", NULL},
	    {"GET", "/api/v1/tickets/%s/links", NULL},
	    {"GET", "/api/v1/tickets/%s/events", NULL},
	    {"GET", "/api/v1/agents/%s", NULL},
	    {"PATCH", "/api/v1/agents/%s", "{\"name\":\"x\"}"},
	    {"PUT", "/api/v1/agents/%s/presence", "{\"status\":\"online\"}"},
	    {"PATCH", "/api/v1/groups/%s", "{\"name\":\"x\"}"},
	    {"GET", "/api/v1/customers/%s", NULL},
	    {"PATCH", "/api/v1/customers/%s", "{\"name\":\"x\"}"},
	    {"DELETE", "/api/v1/tokens/%s", NULL},
	    {"POST", "/api/v1/tickets/%s/typing", "{\"typing\":true}"},
	    {"POST", "/api/v1/tickets/%s/viewing", "{\"viewing\":true}"},
	    {"POST", "/api/v1/tickets/%s/read", "{\"message_id\":1}"},
	    {"GET", "/api/v1/tickets/%s/csat", NULL},
	    {"GET", "/api/v1/agents/%s/csat", NULL},
	    {"GET", "/api/v1/attachments/%s", NULL},
	    {"GET", "/api/v1/sla/policies/%s", NULL},
	    {"PATCH", "/api/v1/sla/policies/%s", "{\"enabled\":false}"},
	    {"DELETE", "/api/v1/sla/policies/%s", NULL},
	    {"GET", "/api/v1/calendars/%s", NULL},
	    {"PATCH", "/api/v1/calendars/%s", "{\"name\":\"x\"}"},
	    {"DELETE", "/api/v1/calendars/%s", NULL},
	    {"GET", "/api/v1/shifts/%s", NULL},
	    {"PATCH", "/api/v1/shifts/%s", "{\"name\":\"x\"}"},
	    {"DELETE", "/api/v1/shifts/%s", NULL},
	    {"GET", "/api/v1/macros/%s", NULL},
	    {"PATCH", "/api/v1/macros/%s", "{\"name\":\"x\"}"},
	    {"DELETE", "/api/v1/macros/%s", NULL},
	    {"PUT", "/api/v1/macros/%s/variants/en", "{\"body\":\"x\"}"},
	    {"DELETE", "/api/v1/macros/%s/variants/ja", NULL},
	    {"POST", "/api/v1/tickets/1/macros/%s/preview", NULL},
	    {"POST", "/api/v1/tickets/1/macros/%s/apply", NULL},
	    {"POST", MAC_PREVIEW_FMT, NULL},
	    {"POST", MAC_APPLY_FMT, NULL},
	    {"GET", "/api/v1/kb/articles/%s", NULL},
	    {"PATCH", "/api/v1/kb/articles/%s", "{\"title\":\"x\"}"},
	    {"DELETE", "/api/v1/kb/articles/%s", NULL},
	    {"POST", "/api/v1/kb/articles/%s/publish", NULL},
	    {"POST", "/api/v1/kb/articles/%s/unpublish", NULL},
	    {"PUT", "/api/v1/kb/articles/%s/translations/ja", "{\"title\":\"x\",\"body\":\"y\"}"},
	    {"DELETE", "/api/v1/kb/articles/%s/translations/ja", NULL},
	    {"GET", "/api/v1/kb/articles/%s/versions", NULL},
	    {"GET", "/api/v1/kb/articles/%s/versions/1", NULL},
	    {"PATCH", "/api/v1/kb/categories/%s", "{\"position\":1}"},
	    {"DELETE", "/api/v1/kb/categories/%s", NULL},
	    {"PATCH", "/api/v1/kb/sections/%s", "{\"position\":1}"},
	    {"DELETE", "/api/v1/kb/sections/%s", NULL},
	    {"GET", "/api/v1/help/articles/%s", NULL},
	    /* User 360 (docs/exchange/user-360.md) */
	    {"GET", "/api/v1/tickets/%s/exchange", NULL},
	    {"GET", "/api/v1/customers/%s/exchange", NULL},
	};
	const char *bad_ids[] = {"999999",     "0",  "-1", "abc", "1.5", "99999999999999999999999",
	                         "EXD-999999", "%20"};
	char esc[128], mrg[128];
	snprintf(esc, sizeof esc, "{\"group_id\":%lld,\"summary\":\"s\",\"actions_taken\":\"a\"}",
	         gB);
	snprintf(mrg, sizeof mrg, "{\"into_id\":%lld}", t2);
	for (size_t i = 0; i < sizeof idr / sizeof idr[0]; i++) {
		const char *body = idr[i].body;
		if (strstr(idr[i].fmt, "escalate"))
			body = esc;
		if (strstr(idr[i].fmt, "merge"))
			body = mrg;
		for (size_t k = 0; k < sizeof bad_ids / sizeof bad_ids[0]; k++) {
			if (!strncmp(bad_ids[k], "EXD", 3) && !strstr(idr[i].fmt, "tickets"))
				continue;
			char *fp = db_fingerprint(&S, NULL);
			const char *path = P(idr[i].fmt, bad_ids[k]);
			struct resp *r = http(&S, idr[i].method, path, T, body);
			check_error(r, 404, "not_found", NULL, "%s %s: unknown id is 404 not_found",
			            idr[i].method, path);
			check_unchanged(&S, fp, NULL, "%s %s: nothing stored", idr[i].method, path);
			resp_free(r);
		}
	}
	/* the widget's conversation routes */
	struct {
		const char *method, *fmt, *body;
	} wid[] = {
	    {"GET", "/api/v1/widget/conversations/%s/messages", NULL},
	    {"POST", "/api/v1/widget/conversations/%s/messages", "{\"body\":\"x\"}"},
	    {"POST", "/api/v1/widget/conversations/%s/typing", "{\"typing\":true}"},
	    {"POST", "/api/v1/widget/conversations/%s/read", "{\"message_id\":1}"},
	    {"POST", "/api/v1/widget/conversations/%s/csat", "{\"rating\":5}"},
	};
	for (size_t i = 0; i < sizeof wid / sizeof wid[0]; i++)
		for (size_t k = 0; k < sizeof bad_ids / sizeof bad_ids[0]; k++) {
			char *fp = db_fingerprint(&S, NULL);
			const char *path = P(wid[i].fmt, bad_ids[k]);
			struct resp *r = http_w(&S, wid[i].method, path, W, wid[i].body);
			check_error(r, 404, "not_found", NULL, "%s %s: unknown id is 404 not_found",
			            wid[i].method, path);
			check_unchanged(&S, fp, NULL, "%s %s: nothing stored", wid[i].method, path);
			resp_free(r);
		}
	for (size_t k = 0; k < sizeof bad_ids / sizeof bad_ids[0]; k++) {
		char *fp = db_fingerprint(&S, NULL);
		char h[64] = "X-Filename: a.png";
		char wh[400];
		snprintf(wh, sizeof wh, "X-Widget-Token: %s", W);
		struct req rq = {.method = "POST",
		                 .path =
		                     P("/api/v1/widget/conversations/%s/attachments", bad_ids[k]),
		                 .body = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
		                 .body_len = 16,
		                 .content_type = "image/png"};
		rq.headers[0] = wh;
		rq.headers[1] = h;
		struct resp *r = http_req(&S, &rq);
		check_error(r, 404, "not_found", NULL, "POST %s: unknown id is 404 not_found",
		            rq.path);
		check_unchanged(&S, fp, NULL, "POST %s: nothing stored", rq.path);
		resp_free(r);
	}

	/* merge into an unknown ticket */
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r =
	    http(&S, "POST", P("/api/v1/tickets/%lld/merge", t2), T, "{\"into_id\":999999}");
	check_error(r, 0, "invalid_value|not_found", NULL,
	            "merge into an unknown ticket is refused (422 or 404)");
	check(r->status == 422 || r->status == 404,
	      "merge into an unknown ticket: 422 or 404 (got %ld)", r->status);
	check_unchanged(&S, fp, NULL, "nothing stored after merging into an unknown ticket");
}

/* ---- list queries ---- */
static void test_queries(void)
{
	const char *lists[] = {"/api/v1/tickets", P("/api/v1/tickets/%lld/messages", t1),
	                       "/api/v1/customers", "/api/v1/audit/events"};
	char lcopy[4][128];
	for (int i = 0; i < 4; i++)
		snprintf(lcopy[i], sizeof lcopy[i], "%s", lists[i]);
	const char *bad[] = {"limit=abc",
	                     "limit=0",
	                     "limit=101",
	                     "limit=-1",
	                     "limit=1e2",
	                     "limit=10abc",
	                     "limit=99999999999999999999",
	                     "limit=%2B5",
	                     "cursor=garbage",
	                     "cursor=%21%21%21",
	                     "cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"};
	for (int i = 0; i < 4; i++)
		for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
			struct resp *r = http(&S, "GET", P("%s?%s", lcopy[i], bad[k]), T, NULL);
			check_error(r, 400, "invalid_query", NULL, "GET %s?%s is 400 invalid_query",
			            lcopy[i], bad[k]);
			resp_free(r);
		}
	const char *tq[] = {"status=bogus",    "status=open,bogus", "priority=critical",
	                    "channel=fax",     "assignee_id=abc",   "group_id=abc",
	                    "customer_id=abc", "assignee_id=-5",    "group_id=1.5"};
	for (size_t k = 0; k < sizeof tq / sizeof tq[0]; k++) {
		struct resp *r = http(&S, "GET", P("/api/v1/tickets?%s", tq[k]), T, NULL);
		check_error(r, 400, "invalid_query", NULL,
		            "GET /api/v1/tickets?%s is 400 invalid_query", tq[k]);
		resp_free(r);
	}
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets?q=%s", repeat("q", MAX_QUERY + 1)), T, NULL);
	check_error(r, 0, "invalid_query|too_long", NULL,
	            "q of 201 bytes is refused (400 invalid_query or 422 too_long)");
	r = http(&S, "GET", P("/api/v1/tickets?q=%s", repeat("q", MAX_QUERY)), T, NULL);
	check_status(r, 200, "q of exactly 200 bytes is fine");
	const char *utf[] = {"/api/v1/tickets?q=%FF%FE", "/api/v1/tickets?q=%C0%AF",
	                     "/api/v1/customers?q=%ED%A0%80", "/api/v1/tickets?tag=%E4%B8"};
	for (size_t k = 0; k < sizeof utf / sizeof utf[0]; k++) {
		r = http(&S, "GET", utf[k], T, NULL);
		check_error(r, 400, "invalid_utf8", NULL,
		            "GET %s (invalid UTF-8 in the query) is 400 invalid_utf8", utf[k]);
	}
	r = http(&S, "GET", "/api/v1/tickets/%FF%FE", T, NULL);
	check_error(r, 400, "invalid_utf8", NULL,
	            "invalid UTF-8 in the path (percent-encoded) is 400 invalid_utf8");
	/* a NUL in the path must not cut it short ("valid UTF-8 without NUL") */
	const char *nulp[] = {"/api/v1/tickets%00", P("/api/v1/tickets/%lld%%00/events", t1),
	                      "/api/v1/widget/status%00.png"};
	char nulcopy[3][128];
	for (int k = 0; k < 3; k++)
		snprintf(nulcopy[k], sizeof nulcopy[k], "%s", nulp[k]);
	for (int k = 0; k < 3; k++) {
		r = http(&S, "GET", nulcopy[k], T, NULL);
		check(r->status == 400 || r->status == 404,
		      "GET %s (NUL in the path) is refused with 400 or 404, not served as the path "
		      "before the NUL (got %s)",
		      nulcopy[k], rdesc(r));
	}
	/* live chat queries */
	const char *cq[] = {"after=abc", "after=-1", "after=1.5", "after=1e3", "after=%20"};
	for (size_t k = 0; k < sizeof cq / sizeof cq[0]; k++) {
		struct resp *rr =
		    http_w(&S, "GET", P("/api/v1/widget/conversations/%lld/messages?%s", C1, cq[k]),
		           W, NULL);
		check_error(
		    rr, 400, "invalid_query", NULL,
		    "GET /api/v1/widget/conversations/{id}/messages?%s is 400 invalid_query",
		    cq[k]);
	}
	const char *sq[] = {"since=abc", "since=-5", "since=1.5", "since=99999999999999999999999"};
	for (size_t k = 0; k < sizeof sq / sizeof sq[0]; k++) {
		struct req rq = {.method = "GET",
		                 .path = P("/api/v1/stream?%s", sq[k]),
		                 .token = T,
		                 .timeout_ms = 3000};
		struct resp *rr = http_req(&S, &rq);
		check_error(rr, 400, "invalid_query", NULL,
		            "GET /api/v1/stream?%s is 400 invalid_query (not a stream)", sq[k]);
		struct req wq = {.method = "GET",
		                 .path = P("/api/v1/widget/stream?token=%s&%s", qenc(W), sq[k]),
		                 .timeout_ms = 3000};
		rr = http_req(&S, &wq);
		check_error(rr, 400, "invalid_query", NULL,
		            "GET /api/v1/widget/stream?token=T&%s is 400 invalid_query", sq[k]);
	}
	/* knowledge-base searches: q within MAX_KB_QUERY bytes, limit 1..50, known locales */
	const char *kbs[] = {"/api/v1/kb/search", "/api/v1/help/search"};
	for (int i = 0; i < 2; i++) {
		const char *kq[] = {"limit=0",   "limit=51",      "limit=abc",   "limit=-1",
		                    "locale=fr", "locale=zh",     "category=%20", "section_id=abc",
		                    "",          "q=a&limit=1e1", "q=a&locale="};
		for (size_t k = 0; k < sizeof kq / sizeof kq[0]; k++) {
			const char *path = P("%s?%s%s", kbs[i], strncmp(kq[k], "q=", 2) && *kq[k] ? "q=memo&" : "", kq[k]);
			r = http(&S, "GET", path, i ? NULL : T, NULL);
			check_error(r, 400, "invalid_query", NULL, "GET %s is 400 invalid_query", path);
		}
		r = http(&S, "GET", P("%s?q=%s", kbs[i], repeat("q", MAX_KB_QUERY + 1)), i ? NULL : T,
		         NULL);
		check_error(r, 400, "invalid_query", "q", "%s: q of %d bytes is 400 invalid_query",
		            kbs[i], MAX_KB_QUERY + 1);
		r = http(&S, "GET", P("%s?q=%s", kbs[i], repeat("q", MAX_KB_QUERY)), i ? NULL : T, NULL);
		check_status(r, 200, "%s: q of exactly %d bytes is fine", kbs[i], MAX_KB_QUERY);
		r = http(&S, "GET", P("%s?q=%%FF%%FE", kbs[i]), i ? NULL : T, NULL);
		check_error(r, 400, "invalid_utf8", NULL, "%s: invalid UTF-8 in q is 400 invalid_utf8",
		            kbs[i]);
		r = http(&S, "GET", P("%s?q=memo&limit=50", kbs[i]), i ? NULL : T, NULL);
		check_status(r, 200, "%s: limit=50 is fine", kbs[i]);
	}
	r = http(&S, "GET", "/api/v1/kb/articles?status=bogus", T, NULL);
	check_error(r, 400, "invalid_query", "status", "GET /api/v1/kb/articles?status=bogus is 400");

	/* good queries still work */
	r = http(&S, "GET", "/api/v1/tickets?limit=1", T, NULL);
	check_status(r, 200, "limit=1 is fine");
	r = http(&S, "GET", "/api/v1/tickets?limit=100", T, NULL);
	check_status(r, 200, "limit=100 is fine");
}

/* ---- routes, methods, credentials ---- */
static void test_routes_auth(void)
{
	const char *nf[] = {"/api/v1/nope",    "/api/v1/tickets/1/nope",
	                    "/api/v1/",        "/api/v1/tickets/1/reply/extra",
	                    "/api/v1/TICKETS", "/api/v1/tickets/1/messages/1"};
	for (size_t k = 0; k < sizeof nf / sizeof nf[0]; k++) {
		struct resp *r = http(&S, "GET", nf[k], T, NULL);
		check_error(r, 404, "not_found", NULL, "GET %s (unknown route) is 404 not_found",
		            nf[k]);
	}
	struct {
		const char *m, *p;
	} mna[] = {{"DELETE", "/api/v1/tickets"},
	           {"PUT", "/api/v1/tickets/%lld"},
	           {"GET", "/api/v1/tickets/%lld/reply"},
	           {"DELETE", "/api/v1/tickets/%lld"},
	           {"GET", "/api/v1/auth/login"},
	           {"POST", "/api/v1/agents/%lld"},
	           {"DELETE", "/api/v1/groups"},
	           {"POST", "/api/v1/tags"},
	           {"PATCH", "/api/v1/tokens"},
	           {"GET", "/api/v1/settings/identity/rotate"},
	           {"POST", "/healthz"}};
	for (size_t k = 0; k < sizeof mna / sizeof mna[0]; k++) {
		char *fp = db_fingerprint(&S, NULL);
		const char *path = P(mna[k].p, t1);
		struct resp *r =
		    http(&S, mna[k].m, path, T,
		         strcmp(mna[k].m, "GET") && strcmp(mna[k].m, "DELETE") ? "{}" : NULL);
		check_error(r, 405, "method_not_allowed", NULL, "%s %s is 405 method_not_allowed",
		            mna[k].m, path);
		check(r->allow && *r->allow, "%s %s: 405 carries an Allow header (RFC 9110)",
		      mna[k].m, path);
		check_unchanged(&S, fp, NULL, "%s %s: nothing stored", mna[k].m, path);
	}

	const char *valid =
	    "{\"subject\":\"unauth\",\"body\":\"b\",\"requester\":{\"email\":\"u@example.com\"}}";
	struct {
		const char *auth; /* whole header value, NULL = none */
		const char *what;
	} creds[] = {
	    {NULL, "no credentials"},
	    {"Bearer garbage-token-that-does-not-exist", "a garbage bearer token"},
	    {"Bearer ", "an empty bearer token"},
	    {"Basic YWRtaW5AdGVzdC5sb2NhbDpjb3JyZWN0IGhvcnNlIGJhdHRlcnk=", "Basic credentials"},
	    {"bearer", "the word bearer alone"},
	};
	char longtok[9000];
	snprintf(longtok, sizeof longtok, "Bearer %s", repeat("z", 8000));
	char almost[600];
	snprintf(almost, sizeof almost, "Bearer %sx", S.token);
	char cut[600];
	snprintf(cut, sizeof cut, "Bearer %.*s", (int)strlen(S.token) - 1, S.token);
	for (size_t k = 0; k < sizeof creds / sizeof creds[0] + 3; k++) {
		const char *auth = k < 5 ? creds[k].auth : k == 5 ? longtok : k == 6 ? almost : cut;
		const char *what = k < 5    ? creds[k].what
		                   : k == 5 ? "an 8000-byte bearer token"
		                   : k == 6 ? "the admin token plus one character"
		                            : "the admin token minus its last character";
		char *fp = db_fingerprint(&S, NULL);
		struct req rq = {.method = "GET", .path = "/api/v1/tickets", .auth_header = auth};
		struct resp *r = http_req(&S, &rq);
		check_error(r, 401, "unauthorized", NULL,
		            "GET /api/v1/tickets with %s is 401 unauthorized", what);
		struct req rp = {.method = "POST",
		                 .path = "/api/v1/tickets",
		                 .auth_header = auth,
		                 .body = valid};
		r = http_req(&S, &rp);
		check_error(r, 401, "unauthorized", NULL,
		            "POST /api/v1/tickets with %s is 401 unauthorized", what);
		check_unchanged(&S, fp, NULL, "nothing stored after POST with %s", what);
	}
	const char *protected_[] = {"/api/v1/agents",
	                            "/api/v1/groups",
	                            "/api/v1/customers",
	                            "/api/v1/tags",
	                            "/api/v1/categories",
	                            "/api/v1/tokens",
	                            "/api/v1/audit/events",
	                            "/api/v1/audit/verify",
	                            "/api/v1/settings/identity",
	                            "/api/v1/auth/me",
	                            P("/api/v1/tickets/%lld", t1)};
	char pcopy[11][128];
	for (int k = 0; k < 11; k++)
		snprintf(pcopy[k], sizeof pcopy[k], "%s", protected_[k]);
	for (int k = 0; k < 11; k++) {
		struct resp *r = http(&S, "GET", pcopy[k], NULL, NULL);
		check_error(r, 401, "unauthorized", NULL,
		            "GET %s without credentials is 401 unauthorized", pcopy[k]);
	}
	/* an unknown id without credentials does not reveal anything either */
	struct resp *r = http(&S, "GET", "/api/v1/tickets/999999", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "GET an unknown ticket without credentials is 401, not 404");
}

/* ---- raw sockets ---- */
/* a response that is either nothing (closed) or a complete HTTP answer with a 4xx status */
static void hostile(const char *what, const void *data, size_t len, double timeout)
{
	char *fp = db_fingerprint(&S, NULL);
	size_t outlen;
	int status;
	double t0 = now_s();
	char *out = raw_exchange(&S, data, len, timeout, &outlen, &status);
	double took = now_s() - t0;
	check((outlen == 0 && status == 0) || (status >= 400 && status < 500) || status == 501 ||
	          status == 505,
	      "%s: refused with a 4xx (or 501/505) or the connection closed within %.0f s (got %d, "
	      "%zu bytes: %.60s)",
	      what, timeout, status, outlen, out);
	(void)took;
	check(health(), "%s: the server still answers /healthz", what);
	check_unchanged(&S, fp, NULL, "%s: nothing stored", what);
}

struct slow_arg {
	int n;
	double seconds;
	int closed_early; /* connections the server closed before we finished */
};

static void *slowloris(void *p)
{
	struct slow_arg *a = p;
	int fds[64];
	const char *req = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
	                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
	for (int i = 0; i < a->n; i++)
		fds[i] = raw_connect(&S);
	size_t off = 0, len = strlen(req);
	double end = now_s() + a->seconds;
	while (now_s() < end && off < len) {
		for (int i = 0; i < a->n; i++)
			if (fds[i] >= 0 && send(fds[i], req + off, 1, MSG_NOSIGNAL) != 1) {
				close(fds[i]);
				fds[i] = -1;
				a->closed_early++;
			}
		off++;
		sleep_s(0.25);
	}
	for (int i = 0; i < a->n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return NULL;
}

static void test_raw(void)
{
	/* 100 KB request line */
	size_t n = 100 * 1024;
	char *line = malloc(n + 1024);
	int k = sprintf(line, "GET /api/v1/tickets?q=");
	memset(line + k, 'a', n);
	k += (int)n;
	k += sprintf(line + k, " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %.400s\r\n\r\n",
	             S.token);
	hostile("a 100 KB request line", line, (size_t)k, 5);
	free(line);

	/* 1 MB of headers */
	size_t hn = 1024 * 1024;
	char *hdr = malloc(hn + 4096);
	k = sprintf(hdr, "GET /healthz HTTP/1.1\r\nHost: x\r\n");
	for (int i = 0; (size_t)k < hn; i++)
		k += sprintf(hdr + k, "X-Pad-%d: %s\r\n", i, repeat("h", 1000));
	k += sprintf(hdr + k, "\r\n");
	hostile("1 MB of headers", hdr, (size_t)k, 5);
	free(hdr);

	/* one header line of 200 KB */
	char *one = malloc(300 * 1024);
	k = sprintf(one, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: %s\r\n\r\n",
	            repeat("v", 200 * 1024));
	hostile("a 200 KB header line", one, (size_t)k, 5);
	free(one);

	/* a truncated body: Content-Length 1000, 10 bytes sent, then closed */
	char trunc[1024];
	k = snprintf(trunc, sizeof trunc,
	             "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
	             "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"subject\"",
	             S.token);
	{
		char *fp = db_fingerprint(&S, NULL);
		int fd = raw_connect(&S);
		bool sent = fd >= 0 && send(fd, trunc, (size_t)k, MSG_NOSIGNAL) == k;
		sleep_s(0.2);
		if (fd >= 0)
			close(fd);
		check(sent, "truncated body: sent the headers and 10 bytes");
		sleep_s(0.3);
		check(health(), "truncated body: the server still answers /healthz");
		check_unchanged(&S, fp, NULL, "truncated body: nothing stored");
	}

	/* a declared body of 50 MB, of which 2 MiB arrive: the server must refuse once it has
	 * seen more than MAX_BODY (or at once), not wait for the other 48 MB */
	{
		size_t body = 2 * MAX_BODY, hl;
		char *big = malloc(body + 1024);
		hl = (size_t)snprintf(
		    big, 1024,
		    "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		    "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n",
		    S.token);
		memset(big + hl, 'a', body);
		char *fp = db_fingerprint(&S, NULL);
		size_t outlen;
		int status;
		raw_exchange(&S, big, hl + body, 5, &outlen, &status);
		free(big);
		check(status == 413 || (outlen == 0 && status == 0),
		      "Content-Length 50 MB with 2 MiB sent: 413 (or close) without waiting for "
		      "the rest (got %d%s)",
		      status, status == -1 ? ": still waiting after 5 s" : "");
		check(health(), "Content-Length 50 MB: the server still answers");
		check_unchanged(&S, fp, NULL, "Content-Length 50 MB: nothing stored");
	}

	/* junk */
	static const char tls[] =
	    "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03garbage-client-hello\r\n\r\n";
	hostile("a TLS ClientHello on the plain port", tls, sizeof tls - 1, 3);
	const char *raw_path =
	    "GET /api/v1/tickets/\xff\xfe HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ";
	char rp[1024];
	k = snprintf(rp, sizeof rp, "%s%s\r\nConnection: close\r\n\r\n", raw_path, S.token);
	{
		size_t outlen;
		int status;
		char *out = raw_exchange(&S, rp, (size_t)k, 3, &outlen, &status);
		check(status == 400, "raw bytes FF FE in the path: 400 (got %d: %.80s)", status,
		      out);
		check(health(), "raw bytes in the path: the server still answers");
	}
	hostile("a request line without a version", "GET /healthz\r\n\r\n", 16, 3);
	hostile("a bogus method", "BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 35, 3);
	/* request smuggling: two lengths; whichever the server picks, the valid ticket must not be
	 * stored (RFC 9112 6.3: 400 and close) */
	{
		const char *tk = "{\"subject\":\"smuggled\",\"body\":\"b\",\"requester\":{"
		                 "\"email\":\"s@example.com\"}}";
		char cl2[2048];
		k = snprintf(
		    cl2, sizeof cl2,
		    "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
		    "Content-Type: application/json\r\nContent-Length: %zu\r\nContent-Length: "
		    "2\r\n\r\n%s",
		    S.token, strlen(tk), tk);
		char *fp = db_fingerprint(&S, NULL);
		size_t outlen;
		int status;
		char *out = raw_exchange(&S, cl2, (size_t)k, 3, &outlen, &status);
		check(status == 400 || (outlen == 0 && status == 0),
		      "two different Content-Length headers: 400 or closed (got %d: %.60s)", status,
		      out);
		check_unchanged(&S, fp, NULL,
		                "two different Content-Length headers: nothing stored");
		check(health(), "two different Content-Length headers: the server still answers");
	}
	const char *neg =
	    "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}";
	hostile("a negative Content-Length", neg, strlen(neg), 3);

	/* slowloris: slow connections must not starve the others */
	struct slow_arg a = {.n = 24, .seconds = 4};
	pthread_t th;
	pthread_create(&th, NULL, slowloris, &a);
	sleep_s(0.3);
	int answered = 0, fast = 0;
	double worst = 0;
	for (int i = 0; i < 20; i++) {
		struct req rq = {.method = "GET",
		                 .path = "/api/v1/tickets?limit=5",
		                 .token = T,
		                 .timeout_ms = 5000};
		struct resp *r = http_req(&S, &rq);
		answered += r->status == 200;
		fast += r->status == 200 && r->seconds < 1.0;
		if (r->seconds > worst)
			worst = r->seconds;
		resp_free(r);
		sleep_s(0.15);
	}
	pthread_join(th, NULL);
	check(answered == 20, "during a 24-connection slowloris, 20 of 20 requests answered (%d)",
	      answered);
	check(fast == 20, "during the slowloris, every request answered within 1 s (worst %.3f s)",
	      worst);
	check(health(), "after the slowloris the server is healthy");
}

int main(void)
{
	h_init(300);
	srv_start(&S);
	T = S.token;
	setup();
	test_ids();
	test_queries();
	test_routes_auth();
	test_raw();
	check(health(), "the server is healthy after all of it");
	return h_finish();
}
