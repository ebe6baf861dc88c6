/* t_push_ops — the push channel as an operator sees it (docs/chat.md, docs/exdesk.1):
 *   - an idle stream stays open and carries nothing, then delivers at once; 300 idle streams do
 *     not starve normal requests; a client that stops reading does not stall the desk;
 *   - pings every interval and presence after the console closes (a second server with
 *     EXDESK_PUSH_PING_MS / EXDESK_PRESENCE_GRACE_MS);
 *   - tokens in ?token= URLs do not end up in the server log;
 *   - SIGTERM ends every open stream and the server exits 0 promptly.
 * Resume and ordering are in t_push.c; who gets what in t_push_access.c. */
#include "push_common.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- idle ---- */
/* Opened first, checked last: a widget stream of a customer nobody writes to and the stream of an
 * agent whose group has no tickets stay open, carry nothing, and still deliver at once. */
static char idle_w[256];
static long long idle_tid, idle_start;
static struct sse *idle_a, *idle_ws;
static char idle_tok[512];

static void test_idle_begin(void)
{
	note("--- idle streams (opened now, checked at the end)");
	if (!new_session(idle_w, NULL))
		return;
	idle_tid = new_chat(idle_w, "idle chat", NULL);
	long long g = mk_group(&S, "Quiet group", "L1");
	mk_agent(&S, "quiet@test.local", "Quiet", "agent", "L1", P("[%lld]", g), idle_tok);
	idle_a = sse_open(&S, "/api/v1/stream", idle_tok, NULL);
	idle_ws = sse_open(&S, stream_path_w(idle_w, -1), NULL, NULL);
	open_ok(idle_a, "the quiet agent's stream");
	open_ok(idle_ws, "the idle customer's stream");
	idle_start = (long long)now_s();
}

static void test_idle_end(void)
{
	note("--- idle streams");
	if (!idle_a || !idle_ws)
		return;
	double idle = now_s() - (double)idle_start;
	check(!sse_ended(idle_a) && !sse_ended(idle_ws),
	      "after %.0f s without a change for them both streams are still open", idle);
	check(sse_count(idle_a) == 0 && sse_count(idle_ws) == 0,
	      "and carried nothing meanwhile (%d, %d items)", sse_count(idle_a),
	      sse_count(idle_ws));
	/* now a change for both */
	struct resp *r =
	    http(&S, "PATCH", P("/api/v1/tickets/%lld", idle_tid), S.token,
	         P("{\"assignee_id\":%lld}",
	           jint(http(&S, "GET", "/api/v1/auth/me", idle_tok, NULL)->json, "agent.id")));
	checkd(r->status == 200, rdesc(r), "assign the idle chat to the quiet agent");
	double t0 = now_s();
	long long id = agent_post(S.token, idle_tid, "reply", "after the quiet");
	bool ga = wait_msgs(idle_a, idle_tid, 1, 3), gw = wait_msgs(idle_ws, idle_tid, 1, 3);
	check(id > 0 && ga && gw && now_s() - t0 < 2,
	      "a reply after the quiet arrives on both within 2 s (%.2f s)", now_s() - t0);
	sse_close(idle_a);
	sse_close(idle_ws);
	/* ?token= puts the widget's secret into URLs: it must not end up in the server log */
	FILE *f = fopen(S.log, "r");
	size_t cap = 1 << 22, n = 0;
	char *logtext = calloc(1, cap + 1);
	if (f && logtext) {
		n = fread(logtext, 1, cap, f);
		fclose(f);
	} else if (f) {
		fclose(f);
	}
	if (logtext) {
		logtext[n] = 0;
		check(n > 0 && !strstr(logtext, idle_w) && !strstr(logtext, S.token),
		      "the server log (%zu bytes) holds no widget token and no API token", n);
		free(logtext);
	}
}

/* ---- 300 idle streams ---- */
static void test_many_idle(void)
{
	note("--- 300 idle streams plus normal traffic");
	enum { NW = 10, NSTREAM = 300 };
	char w[NW][256];
	long long tids[NW];
	for (int i = 0; i < NW; i++) {
		if (!new_session(w[i], NULL))
			return;
		tids[i] = new_chat(w[i], P("idle crowd %d", i), NULL);
	}
	struct sse *st[NSTREAM];
	double t0 = now_s();
	for (int i = 0; i < NSTREAM; i++)
		st[i] = i % 2 ? sse_open(&S, "/api/v1/stream", S.token, NULL)
		              : sse_open(&S, stream_path_w(w[(i / 2) % NW], -1), NULL, NULL);
	int opened = 0;
	for (int i = 0; i < NSTREAM; i++)
		opened += sse_wait_open(st[i], 30) && sse_status(st[i]) == 200;
	check(opened == NSTREAM, "300 streams open at once, all 200 (%d, %.1f s)", opened,
	      now_s() - t0);
	/* normal traffic while they are open */
	int good = 0;
	double worst = 0;
	char bad[300] = "";
	for (int i = 0; i < 30; i++) {
		struct req rq = {.timeout_ms = 10000};
		char h[400], body[80];
		if (i % 3 == 0) {
			rq.method = "GET";
			rq.path = "/api/v1/tickets?limit=5";
			rq.token = S.token;
		} else if (i % 3 == 1) {
			rq.method = "GET";
			rq.path = "/healthz";
		} else {
			rq.method = "POST";
			rq.path = P("/api/v1/widget/conversations/%lld/messages", tids[i % NW]);
			snprintf(h, sizeof h, "X-Widget-Token: %s", w[i % NW]);
			rq.headers[0] = h;
			snprintf(body, sizeof body, "{\"body\":\"busy %d\"}", i);
			rq.body = body;
		}
		struct resp *r = http_req(&S, &rq);
		if (r->status >= 200 && r->status < 300)
			good++;
		else if (!bad[0])
			snprintf(bad, sizeof bad, "%s %s: %s", rq.method, rq.path, rdesc(r));
		if (r->seconds > worst)
			worst = r->seconds;
	}
	checkd(good == 30, bad, "with 300 streams open, 30 normal requests all answered 2xx (%d)",
	       good);
	check(worst < 2, "and each within 2 s (worst %.2f s)", worst);
	/* a new message still reaches everyone who should get it */
	int base_a[NSTREAM];
	for (int i = 0; i < NSTREAM; i++)
		base_a[i] = count_msgs(st[i], tids[0]);
	long long mid = cust_msg(w[0], tids[0], "to the whole crowd");
	int reached = 0, expect = 0;
	double end = now_s() + 15;
	for (int i = 0; i < NSTREAM; i++) {
		bool should = i % 2 || (i / 2) % NW == 0;
		if (!should)
			continue;
		expect++;
		reached += wait_msgs(st[i], tids[0], base_a[i] + 1,
		                     end - now_s() > 0 ? end - now_s() : 0.01);
	}
	check(mid > 0 && reached == expect,
	      "a message then reaches all %d streams that should carry it (%d)", expect, reached);
	int ended = 0;
	for (int i = 0; i < NSTREAM; i++) {
		ended += sse_ended(st[i]);
		sse_close(st[i]);
	}
	check(ended == 0, "none of the 300 streams was dropped by the server (%d were)", ended);
	struct resp *r = http(&S, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "the server is healthy after the 300 streams closed");
}

/* ---- a stalled reader must not stall the desk ---- */
static void test_stalled_reader(void)
{
	note("--- a client that stops reading");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "stalled reader chat", NULL);
	if (!tid)
		return;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int small = 4096;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((uint16_t)S.port);
	bool conn = connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	char rq[1024];
	int k = snprintf(rq, sizeof rq,
	                 "GET /api/v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
	                 "%s\r\nAccept: text/event-stream\r\n\r\n",
	                 S.token);
	conn = conn && send(fd, rq, (size_t)k, MSG_NOSIGNAL) == k;
	check(conn, "a raw client asks for the agent stream and then never reads");
	sleep_s(0.3);
	struct sse *ok = sse_open(&S, "/api/v1/stream", S.token, NULL);
	open_ok(ok, "a normal agent stream next to it");
	char *note_body = repeat("n", 60000);
	char *js = malloc(60100);
	snprintf(js, 60100, "{\"body\":\"%s\"}", note_body);
	double worst = 0, t0 = now_s();
	int posted = 0;
	for (int i = 0; i < 100; i++) {
		struct req q = {.method = "POST",
		                .path = P("/api/v1/tickets/%lld/notes", tid),
		                .token = S.token,
		                .body = js,
		                .timeout_ms = 10000};
		struct resp *r = http_req(&S, &q);
		posted += r->status == 201;
		if (r->seconds > worst)
			worst = r->seconds;
		resp_free(r);
	}
	free(js);
	check(posted == 100,
	      "100 notes of 60 KB (6 MB of stream) posted while one client stalls "
	      "(%d, %.1f s)",
	      posted, now_s() - t0);
	check(worst < 2, "every post answered within 2 s (worst %.2f s)", worst);
	bool all = wait_msgs(ok, tid, 100, 15);
	check(all, "the normal stream receives all 100 (%d)", count_msgs(ok, tid));
	struct req hq = {.method = "GET", .path = "/healthz", .timeout_ms = 3000};
	struct resp *r = http_req(&S, &hq);
	check(r->status == 200 && r->seconds < 1,
	      "/healthz answers at once next to the stalled "
	      "client (%s, %.2f s)",
	      rdesc(r), r->seconds);
	close(fd);
	sse_close(ok);
}

/* ---- pings and presence, on a server with short intervals (docs/exdesk.1) ---- */
static struct srv S2;

static const char *presence_of(long long id)
{
	struct resp *r = http(&S2, "GET", P("/api/v1/agents/%lld", id), S2.token, NULL);
	return jstr(r->json, "agent.presence") ?: "?";
}

static bool wait_presence(long long id, const char *want, double timeout_s)
{
	double end = now_s() + timeout_s;
	while (now_s() < end) {
		if (!strcmp(presence_of(id), want))
			return true;
		sleep_s(0.1);
	}
	return !strcmp(presence_of(id), want);
}

static void test_ping_presence(void)
{
	note("--- pings and presence (ping 1 s, grace 600 ms)");
	setenv("EXDESK_PUSH_PING_MS", "1000", 1);
	setenv("EXDESK_PRESENCE_GRACE_MS", "600", 1);
	srv_start(&S2);
	unsetenv("EXDESK_PUSH_PING_MS");
	unsetenv("EXDESK_PRESENCE_GRACE_MS");
	char ta[512], tb[512], tq[512];
	long long a = mk_agent(&S2, "a@test.local", "Ann", "agent", "L1", NULL, ta);
	long long b = mk_agent(&S2, "b@test.local", "Bob", "agent", "L1", NULL, tb);
	long long q = mk_agent(&S2, "q@test.local", "Quinn", "qa", NULL, NULL, tq);
	/* pings */
	struct sse *w = sse_open(&S2, "/api/v1/stream", S2.token, NULL);
	sse_wait_open(w, 5);
	sse_wait_items(w, NULL, 1, 0.3); /* let the opening comment arrive */
	int c0 = sse_comments(w);
	double tc0 = now_s();
	/* (the pings are counted while the presence checks below run) */
	/* a closed console: offline after the grace */
	struct resp *r =
	    http(&S2, "PUT", P("/api/v1/agents/%lld/presence", a), ta, "{\"status\":\"online\"}");
	check_status(r, 200, "agent A goes online");
	r = http(&S2, "PUT", P("/api/v1/agents/%lld/presence", q), tq, "{\"status\":\"online\"}");
	check_status(r, 200, "a qa agent goes online");
	r = http(&S2, "GET", "/api/v1/widget/status", NULL, NULL);
	check(json_is_true(jget(r->json, "online")) && jint(r->json, "agents_online") == 1,
	      "widget status: online, 1 agent (the qa agent does not count) (%s)", r->body);
	struct sse *ca = sse_open(&S2, "/api/v1/stream", ta, NULL);
	sse_wait_open(ca, 5);
	sleep_s(1.0);
	check_str(presence_of(a), "online", "while A's console stream is open, A stays online");
	double t0 = now_s();
	sse_close(ca);
	bool off = wait_presence(a, "offline", 5);
	double took = now_s() - t0;
	check(off && took < 4,
	      "A's last console closed: A is offline within two pings plus the grace (%.1f s)",
	      took);
	check(took >= 0.5, "but not before the grace of 600 ms (%.2f s)", took);
	double tp = now_s();
	r = http(&S2, "GET", "/api/v1/widget/status", NULL, NULL);
	check(json_is_false(jget(r->json, "online")),
	      "widget status: offline once A is gone, although the qa agent is online (%s)",
	      r->body);
	r = http(&S2, "GET", "/api/v1/audit/events?limit=20", S2.token, NULL);
	bool audited = false;
	json_t *ev = jget(r->json, "events");
	for (size_t i = 0; i < json_array_size(ev); i++) {
		json_t *e = json_array_get(ev, i);
		if (jint(e, "object_id") == a && strstr(jstr(e, "action") ?: "", "presence") &&
		    !strcmp(jstr(e, "actor.type") ?: "", "system"))
			audited = true;
	}
	check(audited, "the change is audited with actor system");
	bool pushed = false;
	for (int i = 0; i < sse_count(w); i++) {
		const struct sse_item *it = sse_item(w, i);
		if (!strcmp(it->event, "agent") && jint(it->json, "agent_id") == a &&
		    !strcmp(jstr(it->json, "presence") ?: "", "offline"))
			pushed = true;
	}
	check(pushed, "the admin's stream gets an `agent` item {agent_id, presence: offline}");
	/* a reload: close and reopen within the grace */
	r = http(&S2, "PUT", P("/api/v1/agents/%lld/presence", b), tb, "{\"status\":\"online\"}");
	struct sse *cb = sse_open(&S2, "/api/v1/stream", tb, NULL);
	sse_wait_open(cb, 5);
	sse_close(cb);
	sleep_s(0.1);
	cb = sse_open(&S2, "/api/v1/stream", tb, NULL);
	sse_wait_open(cb, 5);
	sleep_s(3.0); /* more than two pings plus the grace */
	check_str(presence_of(b), "online",
	          "B reloads (stream closed and reopened at once): B stays "
	          "online");
	/* two consoles: closing one is not leaving */
	struct sse *cb2 = sse_open(&S2, "/api/v1/stream", tb, NULL);
	sse_wait_open(cb2, 5);
	sse_close(cb);
	sleep_s(3.0);
	check_str(presence_of(b), "online", "B closes one of two consoles: still online");
	sse_close(cb2);
	check(wait_presence(b, "offline", 5), "B closes the last one: offline");
	int pings = sse_comments(w) - c0;
	double span = now_s() - tc0;
	(void)tp;
	check(pings >= (int)span - 2 && pings <= (int)span + 2,
	      "an idle stream gets a `:` comment every ping interval (%d in %.1f s at 1 s)", pings,
	      span);
	check(strstr(sse_raw(w), ": ping") != NULL, "the comment reads `: ping`");
	sse_close(w);
	srv_stop(&S2);
}

/* ---- SIGTERM ---- */
static void test_sigterm(void)
{
	note("--- SIGTERM with open streams");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "shutdown chat", NULL);
	(void)tid;
	enum { N = 20 };
	struct sse *st[N];
	for (int i = 0; i < N; i++)
		st[i] = i % 2 ? sse_open(&S, "/api/v1/stream", S.token, NULL)
		              : sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	int opened = 0;
	for (int i = 0; i < N; i++)
		opened += sse_wait_open(st[i], 10) && sse_status(st[i]) == 200;
	check(opened == N, "20 streams open before SIGTERM (%d)", opened);
	double t0 = now_s();
	srv_signal(&S, SIGTERM);
	int ended = 0, clean = 0;
	double worst = 0;
	for (int i = 0; i < N; i++) {
		int err = -1;
		if (sse_wait_end(st[i], 5 - (now_s() - t0) > 0 ? 5 - (now_s() - t0) : 0.01, &err)) {
			ended++;
			clean += err == 0;
			double took = sse_ended_at(st[i]) - t0;
			if (took > worst)
				worst = took;
		}
	}
	check(ended == N, "SIGTERM ends all 20 open streams within 5 s (%d, slowest %.2f s)", ended,
	      worst);
	note("%d of %d streams ended with a clean end of the chunked body", clean, N);
	double left = 5 - (now_s() - t0);
	int status = srv_wait(&S, left > 0 ? left : 0.01);
	double took = now_s() - t0;
	check(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the server exits 0 within 5 s of SIGTERM with streams open (status %d, %.2f s)",
	      status, took);
	if (status == -1)
		srv_dump_log(&S, 10);
	for (int i = 0; i < N; i++)
		sse_close(st[i]);
}

int main(void)
{
	push_start();
	phase(test_idle_begin, "idle (open)");
	phase(test_stalled_reader, "stalled reader");
	phase(test_many_idle, "300 idle");
	/* the idle streams stay open through the pings and presence phase (on the second server),
	 * so they are checked after some 18 s of quiet, as when all push checks were one program */
	phase(test_ping_presence, "pings and presence");
	phase(test_idle_end, "idle (check)");
	phase(test_sigterm, "SIGTERM");
	return h_finish();
}
