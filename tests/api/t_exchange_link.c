/* t_exchange_link — the desk's link to the exchange (docs/exchange.md), against a real
 * `exdesk demo-exchange` and a real `exdesk serve --exchange`:
 *  - the events the exchange queued at its first start arrive through its signed webhooks, are
 *    kept once each and worked (none left "new");
 *  - a webhook the test signs with the exchange's key is kept; the same event id again is
 *    answered 200 duplicate and kept once;
 *  - unsigned, forged, wrong-key, stale, replayed and body-swapped webhooks are 401 with their
 *    codes and recorded nowhere; signed garbage (not JSON, invalid UTF-8, no data, a bad id,
 *    too large) is refused with its code and recorded nowhere;
 *  - GET /api/v1/exchange says the exchange is reachable, then, with the exchange stopped,
 *    unavailable, within a bounded time;
 *  - a desk with no exchange says so: connected false, webhooks 503. */
#include "harness_exchange.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

static struct srv D, X;

static long long q(const char *sql)
{
	const char *v = db_query1(&D, sql);
	return v ? atoll(v) : -1;
}

static long long count_events(void)
{
	return q("SELECT COUNT(*) FROM exchange_events");
}

/* A webhook to the desk signed with the exchange's webhook key, with overrides. */
static struct resp *hook(struct xsign *o)
{
	o->method = o->method ? o->method : "POST";
	o->target = o->target ? o->target : "/api/v1/exchange/webhook";
	if (!o->key)
		o->key = XS_WEBHOOK_KEY;
	if (!o->secret)
		o->secret = XS_WEBHOOK_SECRET;
	return xreq_ex(&D, o);
}

static const char *event(const char *id, const char *type)
{
	return P("{\"id\":\"%s\",\"type\":\"%s\",\"created_at\":\"2026-11-23T06:38:03Z\","
	         "\"data\":{\"note\":\"Đã nhận 充值 Пополнение\"}}",
	         id, type);
}

static void queued_events_arrive(void)
{
	double end = now_s() + 20;
	long long n = 0, pending = 1;
	while (now_s() < end) {
		n = count_events();
		pending = q("SELECT COUNT(*) FROM exchange_events WHERE status = 'new'");
		if (n >= 5 && pending == 0)
			break;
		sleep_s(0.1);
	}
	check_int(n, 5, "the five events the exchange queued at its first start arrived once each");
	check_int(pending, 0, "each was worked (none left new)");
	struct resp *r = http(&D, "GET", "/api/v1/exchange/events?limit=100", D.token, NULL);
	check_status(r, 200, "the admin lists the events");
	json_t *ev = jget(r->json, "events");
	int pend = 0, dep = 0, login = 0;
	for (size_t i = 0; i < json_array_size(ev); i++) {
		const char *t = jstr(json_array_get(ev, i), "type");
		pend += t && !strcmp(t, "withdrawal.pending");
		dep += t && !strcmp(t, "deposit.seen");
		login += t && !strcmp(t, "login.new_country");
	}
	check(pend == 2 && dep == 2 && login == 1,
	      "two withdrawal.pending, two deposit.seen, one login.new_country (%d/%d/%d)", pend, dep,
	      login);
	check_str(jstr(json_array_get(ev, 0), "data.login.uid"), "10000005",
	          "the newest is the login, with its data as the exchange sent it");
	r = http(&D, "GET", "/api/v1/exchange/events?status=bogus", D.token, NULL);
	check_error(r, 400, "invalid_query", "status", "an unknown status filter is refused");
}

static void signed_webhooks(void)
{
	long long before = count_events();
	struct xsign o = {.body = event("evt_test_0001", "test.ping")};
	struct resp *r = hook(&o);
	check_status(r, 200, "a webhook signed with the exchange's key is taken");
	check(jget(r->json, "duplicate") == json_false(), "it is new");
	struct xsign o2 = {.body = event("evt_test_0001", "test.ping")};
	r = hook(&o2);
	check_status(r, 200, "the same event again (a retry, a new nonce) is answered 200");
	check(jget(r->json, "duplicate") == json_true(), "marked duplicate");
	check_int(count_events(), before + 1, "kept once");
	double end = now_s() + 10;
	while (now_s() < end && q("SELECT COUNT(*) FROM exchange_events WHERE "
	                             "event_id = 'evt_test_0001' AND status = 'ignored'") != 1)
		sleep_s(0.05);
	r = http(&D, "GET", "/api/v1/exchange/events?type=test.ping", D.token, NULL);
	json_t *e = json_array_get(jget(r->json, "events"), 0);
	check_str(jstr(e, "status"), "ignored", "a type the desk does not act on is recorded as ignored");
	check_str(jstr(e, "data.note"), "Đã nhận 充值 Пополнение", "its data kept byte for byte");
}

static void refused_webhooks(void)
{
	long long before = count_events();
	const char *body = event("evt_test_bad", "test.ping");
	struct { struct xsign o; const char *code; const char *what; } cases[] = {
	    {{.body = body, .omit_sig = true}, "unsigned_request", "no signature"},
	    {{.body = body, .omit_key = true, .omit_ts = true, .omit_nonce = true, .omit_sig = true},
	     "unsigned_request", "no signing headers at all"},
	    {{.body = body, .signature = "00000000000000000000000000000000000000000000000000000000"
	                                 "00000000"},
	     "bad_signature", "a forged signature"},
	    {{.body = body, .secret = "not-the-webhook-secret-but-long-enough-0000"}, "bad_signature",
	     "signed with another secret"},
	    {{.body = body, .key = XS_KEY, .secret = XS_SECRET}, "unknown_key",
	     "signed with exdesk's own api key (the other direction's)"},
	    {{.body = body, .ts_offset = -400}, "stale_request", "signed 400 s ago"},
	    {{.body = body, .ts_offset = 400}, "stale_request", "signed 400 s ahead"},
	    {{.body = body, .sign_body = event("evt_test_other", "test.ping")}, "bad_signature",
	     "a body other than the one signed"},
	    {{.body = body, .sign_target = "/api/v1/exchange/webhook?x=1"}, "bad_signature",
	     "another target signed"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct resp *r = hook(&cases[i].o);
		check_error(r, 401, cases[i].code, NULL, "%s: 401 %s", cases[i].what, cases[i].code);
	}
	struct xsign first = {.body = event("evt_test_replay", "test.ping"),
	                      .nonce = "replayed-nonce-0123456789abcdef"};
	struct resp *r = hook(&first);
	check_status(r, 200, "a webhook with a given nonce is taken once");
	struct xsign again = {.body = event("evt_test_replay", "test.ping"),
	                      .nonce = "replayed-nonce-0123456789abcdef"};
	r = hook(&again);
	check_error(r, 401, "replayed_request", NULL, "the same signed request again is a replay");
	check_int(count_events(), before + 1, "only the one good webhook was recorded");

	before = count_events();
	struct { struct xsign o; long status; const char *code, *field, *what; } bad[] = {
	    {{.body = "not json"}, 400, "malformed_json", NULL, "signed text that is not JSON"},
	    {{.body = "[1,2]"}, 400, "malformed_json", NULL, "a JSON array"},
	    {{.body = "{\"id\":\"evt_x\",\"type\":\"t\",\"data\":{\"s\":\"\xff\xfe\"}}"}, 400,
	     "invalid_utf8", NULL, "invalid UTF-8"},
	    {{.body = "{\"id\":\"evt_x\",\"type\":\"t\"}"}, 422, "invalid_value", "data", "no data"},
	    {{.body = "{\"id\":\"evt_x\",\"type\":\"t\",\"data\":[]}"}, 422, "invalid_value", "data",
	     "data not an object"},
	    {{.body = "{\"id\":\"evt x\",\"type\":\"t\",\"data\":{}}"}, 422, "invalid_value", "id",
	     "an id with a space"},
	    {{.body = "{\"id\":7,\"type\":\"t\",\"data\":{}}"}, 422, "invalid_value", "id",
	     "an id that is a number"},
	    {{.body = "{\"id\":\"evt_x\",\"type\":\"\",\"data\":{}}"}, 422, "invalid_value", "type",
	     "an empty type"},
	    {{.body = "{\"id\":\"evt_x\",\"id\":\"evt_y\",\"type\":\"t\",\"data\":{}}"}, 400,
	     "malformed_json", NULL, "a duplicate key"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct resp *rr = hook(&bad[i].o);
		check_error(rr, bad[i].status, bad[i].code, bad[i].field, "%s: %ld %s", bad[i].what,
		            bad[i].status, bad[i].code);
	}
	size_t big_len = 300 * 1024;
	char *big = malloc(big_len + 100);
	int off = snprintf(big, 100, "{\"id\":\"evt_big\",\"type\":\"t\",\"data\":{\"s\":\"");
	memset(big + off, 'x', big_len);
	strcpy(big + off + big_len, "\"}}");
	struct xsign huge = {.body = big};
	r = hook(&huge);
	check_error(r, 413, "body_too_large", NULL, "a 300 KiB webhook is refused as too large (events are small)");
	free(big);
	check_int(count_events(), before, "none of them was recorded");
}

static void status_and_outage(void)
{
	struct resp *r = http(&D, "GET", "/api/v1/exchange", D.token, NULL);
	check_status(r, 200, "GET /api/v1/exchange");
	check(jget(r->json, "connected") == json_true(), "connected");
	check_str(jstr(r->json, "reachability"), "ok", "the exchange answers");
	check(json_array_size(jget(r->json, "networks")) >= 5, "its networks are listed (%zu)",
	      json_array_size(jget(r->json, "networks")));
	srv_stop(&X);
	double t0 = now_s();
	r = http(&D, "GET", "/api/v1/exchange", D.token, NULL);
	double took = now_s() - t0;
	check_status(r, 200, "with the exchange stopped the desk still answers");
	check_str(jstr(r->json, "reachability"), "unavailable", "and says it is unavailable");
	check(took < 5, "within a bounded time (%.2f s: three quick connection refusals)", took);
	check(jint(r->json, "calls.unavailable") >= 1, "the failure is counted");
	r = http(&D, "GET", "/metrics", NULL, NULL);
	check(r->body && strstr(r->body, "exdesk_exchange_calls_total{outcome=\"unavailable\"} ") &&
	          !strstr(r->body, "exdesk_exchange_calls_total{outcome=\"unavailable\"} 0\n"),
	      "/metrics counts calls to the exchange by outcome");
	check(r->body && strstr(r->body, "exdesk_exchange_events_total{result=\"done\"} "),
	      "and the webhook events worked");
	r = http(&D, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "the desk is healthy");
}

/* A desk whose exchange answers garbage, fails, or never answers. */
static void broken_exchange(const char *url, const char *reach, const char *code, const char *what)
{
	static struct srv g; /* the harness keeps servers until h_finish */
	memset(&g, 0, sizeof g);
	char secrets[300];
	snprintf(secrets, sizeof secrets, "%s/secrets", X.dir);
	g.extra_args[0] = "--exchange";
	g.extra_args[1] = url;
	g.extra_args[2] = "--exchange-secrets";
	g.extra_args[3] = secrets;
	g.extra_args[4] = "--exchange-timeout-ms";
	g.extra_args[5] = "300";
	srv_start(&g);
	double t0 = now_s();
	struct resp *r = http(&g, "GET", "/api/v1/exchange", g.token, NULL);
	double took = now_s() - t0;
	check_status(r, 200, "%s: the desk answers", what);
	check_str(jstr(r->json, "reachability"), reach, "%s: reachability %s", what, reach);
	check_str(jstr(r->json, "error.code"), code, "%s: the error says %s", what, code);
	check(took < 4, "%s: within a bounded time (%.2f s)", what, took);
	r = http(&g, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "%s: the desk stays healthy", what);
	srv_stop(&g);
}

static void broken_exchanges(void)
{
	struct sink *ok200 = sink_start(0); /* answers 200 with an empty body */
	struct sink *fail = sink_start(1000000);
	int p1 = 0, p2 = 0;
	sscanf(sink_url(ok200), "http://127.0.0.1:%d", &p1);
	sscanf(sink_url(fail), "http://127.0.0.1:%d", &p2);
	broken_exchange(P("http://127.0.0.1:%d", p1), "bad_answer", "not_json",
	                "an exchange answering 200 with no JSON");
	broken_exchange(P("http://127.0.0.1:%d", p2), "unavailable", "http_500",
	                "an exchange answering 500");
	check(sink_count(fail) == 3, "a failing exchange is tried three times (%d)", sink_count(fail));
	sink_stop(ok200);
	sink_stop(fail);
	/* a peer that takes the connection and never answers */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	bind(fd, (struct sockaddr *)&a, sizeof a);
	listen(fd, 16);
	getsockname(fd, (struct sockaddr *)&a, &l);
	broken_exchange(P("http://127.0.0.1:%d", ntohs(a.sin_port)), "unavailable", "timeout",
	                "an exchange that never answers (300 ms per try)");
	close(fd);
}

/* `exdesk identity hash` prints what the widget accepts as the user's proof. */
static void identity_hash_cli(void)
{
	char *out = NULL, *err = NULL;
	int rc = run_cmd(NULL, &out, &err, D.bin, "identity", "hash", "--data", D.dir, "--uid",
	                 "10000003", NULL);
	check_int(rc, 0, "exdesk identity hash --uid 10000003 exits 0 (%s)", err ? err : "");
	char hash[80] = "";
	if (out)
		sscanf(out, "%79s", hash);
	check_int((long long)strlen(hash), 64, "it prints 64 hex digits");
	struct resp *r = httpj(&D, "POST", "/api/v1/widget/session", NULL,
	                       jpack("{s:s, s:s}", "exchange_uid", "10000003", "user_hash", hash));
	check_status(r, 201, "the widget takes the uid with that hash as verified");
	hash[0] = hash[0] == 'a' ? 'b' : 'a';
	r = httpj(&D, "POST", "/api/v1/widget/session", NULL,
	          jpack("{s:s, s:s}", "exchange_uid", "10000003", "user_hash", hash));
	check_error(r, 422, NULL, "user_hash", "one digit changed is refused");
	rc = run_cmd(NULL, &out, &err, D.bin, "identity", "hash", "--data", D.dir, NULL);
	check(rc != 0, "without --uid it fails (exit %d)", rc); /* out, err: the harness's */
}

static void no_exchange(void)
{
	static struct srv plain; /* the harness keeps servers until h_finish */
	memset(&plain, 0, sizeof plain);
	srv_start(&plain);
	struct resp *r = http(&plain, "GET", "/api/v1/exchange", plain.token, NULL);
	check_status(r, 200, "a desk without an exchange answers");
	check(jget(r->json, "connected") == json_false(), "connected false");
	struct xsign o = {.body = event("evt_nowhere", "test.ping"),
	                  .method = "POST",
	                  .target = "/api/v1/exchange/webhook",
	                  .key = XS_WEBHOOK_KEY,
	                  .secret = XS_WEBHOOK_SECRET};
	r = xreq_ex(&plain, &o);
	check_error(r, 503, "exchange_not_connected", NULL, "its webhook endpoint says no exchange");
	srv_stop(&plain);
}

int main(void)
{
	h_init(180);
	xdesk_start(&D, &X, NULL);
	queued_events_arrive();
	signed_webhooks();
	refused_webhooks();
	identity_hash_cli();
	status_and_outage();
	no_exchange();
	broken_exchanges();
	srv_stop(&D);
	return h_finish();
}
