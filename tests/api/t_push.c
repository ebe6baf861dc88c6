/* t_push — the push channel's promises (docs/chat.md, "Push: Server-Sent Events"), read the way
 * a browser's EventSource reads them: incrementally, frame by frame, many streams at once.
 *   - resume: a client that drops mid-stream and reconnects with Last-Event-ID or ?since= gets
 *     every item of its stream exactly once, ids strictly increasing; an older id re-delivers
 *     exactly the items after it, in order;
 *   - 100 clients on one chat all get the same 50 messages, in order, none missing, none twice;
 *   - only committed changes are pushed (a refused request produces no item);
 *   - customer streams carry only their own chats' public messages; the agent stream carries
 *     notes, and only tickets the agent may see;
 *   - typing/viewers are ephemeral: no id, never replayed;
 *   - an idle stream stays open; 300 idle streams do not starve normal requests;
 *   - SIGTERM ends every open stream and the server exits 0 promptly. */
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct srv S;
static long long gA, gB, agent_id, sup_id;
static char agent_tok[512], sup_tok[512];

/* ---- small helpers ---- */

static const char *stream_path_w(const char *wtok, long long since)
{
	if (since >= 0)
		return P("/api/v1/widget/stream?token=%s&since=%lld", qenc(wtok), since);
	return P("/api/v1/widget/stream?token=%s", qenc(wtok));
}

/* A widget session; returns the customer id, token into tok (256 bytes). */
static long long new_session(char *tok, const char *json_text)
{
	struct resp *r = mk_widget_session(&S, json_text, tok);
	return r ? jint(r->json, "customer.id") : 0;
}

/* {"body": text} as malloc'd JSON text, whatever its length (jdump() cuts at ~1000 bytes). */
static char *body_json(const char *text)
{
	json_t *j = json_pack("{s:s}", "body", text);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* Opens a chat; returns the ticket id (first message id into *mid). */
static long long new_chat(const char *wtok, const char *body, long long *mid)
{
	char *js = body_json(body);
	struct resp *r = http_w(&S, "POST", "/api/v1/widget/conversations", wtok, js);
	free(js);
	long long id = jint(r->json, "conversation.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "setup: open a chat (%.40s)", body);
		return 0;
	}
	if (mid)
		*mid = jint(r->json, "message.id");
	return id;
}

static long long cust_msg(const char *wtok, long long tid, const char *body)
{
	char *js = body_json(body);
	struct resp *r =
	    http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/messages", tid), wtok, js);
	free(js);
	long long id = jint(r->json, "message.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "customer message \"%.40s\" is accepted (201)", body);
		return 0;
	}
	return id;
}

static long long agent_post(const char *tok, long long tid, const char *kind, const char *body)
{
	struct resp *r = httpj(&S, "POST", P("/api/v1/tickets/%lld/%s", tid, kind), tok,
	                       jpack("{s:s}", "body", body));
	long long id = jint(r->json, "message.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "agent %s \"%.40s\" is accepted (201)", kind, body);
		return 0;
	}
	return id;
}

static bool set_group(long long tid, long long g)
{
	struct resp *r =
	    http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token, P("{\"group_id\":%lld}", g));
	return checkd(r->status == 200, rdesc(r), "setup: move chat %lld to group %lld", tid, g);
}

/* The message ids of ticket tid in the stream's `message` items, in stream order. */
static int stream_msgs(struct sse *st, long long tid, long long *out, int max)
{
	int k = 0, n = sse_count(st);
	for (int i = 0; i < n; i++) {
		const struct sse_item *it = sse_item(st, i);
		if (strcmp(it->event, "message") != 0)
			continue;
		if (tid > 0 && jint(it->json, "ticket_id") != tid)
			continue;
		if (k < max)
			out[k] = jint(it->json, "message.id");
		k++;
	}
	return k;
}

static int count_msgs(struct sse *st, long long tid)
{
	long long dummy[1];
	return stream_msgs(st, tid, dummy, 0);
}

/* Wait until the stream carries at least n messages of tid. */
static bool wait_msgs(struct sse *st, long long tid, int n, double timeout_s)
{
	double end = now_s() + timeout_s;
	for (;;) {
		if (count_msgs(st, tid) >= n)
			return true;
		if (now_s() > end || sse_ended(st))
			return count_msgs(st, tid) >= n;
		sse_wait_items(st, NULL, sse_count(st) + 1, 0.2);
	}
}

/* Does any item of the stream contain `needle` in its data? */
static bool stream_has(struct sse *st, const char *needle)
{
	int n = sse_count(st);
	for (int i = 0; i < n; i++)
		if (strstr(sse_item(st, i)->data, needle))
			return true;
	return false;
}

static bool open_ok(struct sse *st, const char *what)
{
	bool ok = sse_wait_open(st, 10) && sse_status(st) == 200;
	const char *ct = sse_content_type(st);
	char d[300];
	snprintf(d, sizeof d, "status %ld, Content-Type %s, body %.150s", sse_status(st),
	         ct ? ct : "none", sse_ended(st) ? sse_raw(st) : "(open)");
	checkd(ok && ct && contains(ct, "text/event-stream"), d, "%s answers 200 text/event-stream",
	       what);
	return ok;
}

static int idx_of(const long long *a, int n, long long v)
{
	for (int i = 0; i < n; i++)
		if (a[i] == v)
			return i;
	return -1;
}

/* ---- basics ---- */
static void test_basics(void)
{
	note("--- stream basics");
	struct sse *a = sse_open(&S, "/api/v1/stream", S.token, NULL);
	open_ok(a, "GET /api/v1/stream with a bearer token");
	sse_close(a);
	struct resp *r = http(&S, "GET", "/api/v1/stream", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "GET /api/v1/stream without credentials is 401");
	r = http(&S, "GET", "/api/v1/stream", "not-a-token", NULL);
	check_error(r, 401, "unauthorized", NULL, "GET /api/v1/stream with a garbage token is 401");
	r = http(&S, "GET", "/api/v1/widget/stream", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "GET /api/v1/widget/stream without ?token is 401");
	r = http(&S, "GET", "/api/v1/widget/stream?token=garbage", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "GET /api/v1/widget/stream?token=garbage is 401 (not a stream of nothing)");
	/* an agent's bearer token is not a widget token */
	struct req rq = {.method = "GET",
	                 .path = P("/api/v1/widget/stream?token=%s", qenc(S.token)),
	                 .timeout_ms = 3000};
	r = http_req(&S, &rq);
	check_error(r, 401, "unauthorized", NULL,
	            "GET /api/v1/widget/stream?token=<an agent's API token> is 401");
}

/* ---- resume ---- */
struct posted {
	long long ids[64];
	int n;
};

static void post_mixed(const char *wtok, long long tid, int from, int to, struct posted *p,
                       const char *tag)
{
	for (int i = from; i < to; i++) {
		long long id = i % 2 ? agent_post(S.token, tid, "reply", P("%s reply %d", tag, i))
		                     : cust_msg(wtok, tid, P("%s customer %d", tag, i));
		if (id > 0 && p->n < 64)
			p->ids[p->n++] = id;
	}
}

/* kind: 0 agent stream + Last-Event-ID, 1 agent + ?since=, 2 widget + Last-Event-ID,
 * 3 widget + ?since= */
static void resume_round(int kind)
{
	static const char *names[] = {"agent stream, Last-Event-ID",
	                              "agent stream, ?since=", "widget stream, Last-Event-ID",
	                              "widget stream, ?since="};
	const char *nm = names[kind];
	bool widget = kind >= 2, since = kind % 2;
	note("--- resume: %s", nm);
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long m0;
	long long tid = new_chat(w, P("resume chat %d", kind), &m0);
	if (!tid)
		return;
	const int K = 6;
	struct sse_opts o = {.path = widget ? stream_path_w(w, -1) : "/api/v1/stream",
	                     .token = widget ? NULL : S.token,
	                     .max_items = K};
	char path1[600];
	snprintf(path1, sizeof path1, "%s", o.path);
	o.path = path1;
	struct sse *s1 = sse_open_ex(&S, &o);
	if (!open_ok(s1, P("%s: the first connection", nm))) {
		sse_close(s1);
		return;
	}
	struct posted p = {0};
	post_mixed(w, tid, 0, 10, &p, "before");
	bool dropped = sse_wait_end(s1, 10, NULL);
	check(dropped && sse_count(s1) == K,
	      "%s: the client drops the first connection after %d items (%d items, ended %d)", nm,
	      K, sse_count(s1), dropped);
	/* while disconnected */
	post_mixed(w, tid, 10, 20, &p, "while away");
	const struct sse_item *last = sse_item(s1, sse_count(s1) - 1);
	if (!checkd(last && last->has_id && last->id > 0, last ? last->data : "no item",
	            "%s: the last item seen before the drop carries a numeric id", nm)) {
		sse_close(s1);
		return;
	}
	long long last_id = last->id;
	bool incr1 = true;
	for (int i = 1; i < sse_count(s1); i++)
		incr1 &= sse_item(s1, i)->has_id && sse_item(s1, i)->id > sse_item(s1, i - 1)->id;
	check(incr1, "%s: ids on the first connection strictly increase", nm);

	struct sse_opts o2 = {.token = widget ? NULL : S.token};
	char path2[600];
	if (since)
		snprintf(path2, sizeof path2, "%s",
		         widget ? stream_path_w(w, last_id)
		                : P("/api/v1/stream?since=%lld", last_id));
	else
		snprintf(path2, sizeof path2, "%s",
		         widget ? stream_path_w(w, -1) : "/api/v1/stream");
	o2.path = path2;
	char lid[32];
	snprintf(lid, sizeof lid, "%lld", last_id);
	if (!since)
		o2.last_event_id = lid;
	struct sse *s2 = sse_open_ex(&S, &o2);
	open_ok(s2, P("%s: the reconnection", nm));
	int in1 = count_msgs(s1, tid);
	wait_msgs(s2, tid, p.n - in1, 10);
	sleep_s(0.3); /* anything extra (a duplicate) would come now */

	long long got[128];
	int n1 = stream_msgs(s1, tid, got, 64);
	int n2 = stream_msgs(s2, tid, got + n1, 64);
	int n = n1 + n2;
	/* exactly once each, in the posted order */
	int missing = 0, dup = 0, foreign = 0;
	for (int i = 0; i < p.n; i++) {
		int c = 0;
		for (int k = 0; k < n; k++)
			c += got[k] == p.ids[i];
		missing += c == 0;
		dup += c > 1;
	}
	for (int k = 0; k < n; k++)
		foreign += idx_of(p.ids, p.n, got[k]) < 0;
	char d[200];
	snprintf(d, sizeof d, "%d missing, %d twice, %d unknown; %d before the drop, %d after",
	         missing, dup, foreign, n1, n2);
	checkd(missing == 0 && dup == 0 && foreign == 0 && n == p.n, d,
	       "%s: all %d messages arrive exactly once over the two connections", nm, p.n);
	bool ordered = n == p.n;
	for (int k = 0; ordered && k < n; k++)
		ordered = got[k] == p.ids[k];
	check(ordered, "%s: and in the order they were posted", nm);
	bool after = true, incr2 = true;
	for (int i = 0; i < sse_count(s2); i++) {
		const struct sse_item *it = sse_item(s2, i);
		if (!it->has_id)
			continue;
		after &= it->id > last_id;
		if (i > 0 && sse_item(s2, i - 1)->has_id)
			incr2 &= it->id > sse_item(s2, i - 1)->id;
	}
	check(after, "%s: every item on the reconnection has an id after %lld", nm, last_id);
	check(incr2, "%s: ids on the reconnection strictly increase", nm);
	bool no_first = idx_of(got + n1, n2, m0) < 0 && idx_of(got, n1, m0) < 0;
	check(no_first,
	      "%s: the chat's first message, sent before the stream opened, is not "
	      "replayed by a stream opened without an id",
	      nm);

	if (kind == 0 || kind == 2) {
		/* re-delivery from an older id: exactly the items after it, in order */
		const struct sse_item *x = sse_item(s1, 1);
		long long xid = x ? x->id : -1;
		long long want[256];
		char wev[256][32];
		int nw = 0;
		for (int i = 2; i < sse_count(s1) && nw < 256; i++) {
			snprintf(wev[nw], 32, "%s", sse_item(s1, i)->event);
			want[nw++] = sse_item(s1, i)->id;
		}
		for (int i = 0; i < sse_count(s2) && nw < 256; i++)
			if (sse_item(s2, i)->has_id) {
				snprintf(wev[nw], 32, "%s", sse_item(s2, i)->event);
				want[nw++] = sse_item(s2, i)->id;
			}
		struct sse_opts o3 = {.path = path1, .token = widget ? NULL : S.token};
		char xs[32];
		snprintf(xs, sizeof xs, "%lld", xid);
		o3.last_event_id = xs;
		struct sse *s3 = sse_open_ex(&S, &o3);
		open_ok(s3, P("%s: a reconnection with an older id", nm));
		int have = 0;
		double end = now_s() + 10;
		while (now_s() < end) {
			have = 0;
			for (int i = 0; i < sse_count(s3); i++)
				have += sse_item(s3, i)->has_id;
			if (have >= nw)
				break;
			sse_wait_items(s3, NULL, sse_count(s3) + 1, 0.2);
		}
		sleep_s(0.3);
		int k = 0;
		bool same = true;
		char why[300] = "";
		for (int i = 0; i < sse_count(s3); i++) {
			const struct sse_item *it = sse_item(s3, i);
			if (!it->has_id)
				continue;
			if (k >= nw || it->id != want[k] || strcmp(it->event, wev[k])) {
				if (same)
					snprintf(why, sizeof why,
					         "item %d: got id %lld (%s), want %lld (%s)", k,
					         it->id, it->event, k < nw ? want[k] : -1,
					         k < nw ? wev[k] : "none");
				same = false;
			}
			k++;
		}
		if (same && k != nw) {
			same = false;
			snprintf(why, sizeof why, "got %d items, want %d", k, nw);
		}
		checkd(
		    same, why,
		    "%s: reconnecting with an id already passed (%lld) re-delivers exactly the %d "
		    "items after it, in order",
		    nm, xid, nw);
		sse_close(s3);
	}
	sse_close(s1);
	sse_close(s2);
}

/* since=0 on a fresh customer: everything of its stream from the beginning */
static void test_since_zero(void)
{
	note("--- since=0");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long m0;
	long long tid = new_chat(w, "since zero chat", &m0);
	long long r1 = agent_post(S.token, tid, "reply", "since zero reply");
	agent_post(S.token, tid, "notes", "since zero internal note");
	long long m2 = cust_msg(w, tid, "since zero again");
	struct sse *st = sse_open(&S, stream_path_w(w, 0), NULL, NULL);
	open_ok(st, "widget stream ?since=0");
	wait_msgs(st, tid, 3, 5);
	sleep_s(0.2);
	long long got[16];
	int n = stream_msgs(st, tid, got, 16);
	check(
	    n == 3 && got[0] == m0 && got[1] == r1 && got[2] == m2,
	    "widget stream ?since=0 replays the customer's chat from its first message: customer, "
	    "reply, customer (got %d messages)",
	    n);
	check(!stream_has(st, "since zero internal note"), "and not the internal note");
	sse_close(st);
}

/* ---- 100 clients ---- */
struct poster {
	const char *wtok; /* customer when set, else agent token */
	const char *atok;
	const char *tag; /* body prefix, NULL: "crowd" */
	long long tid;
	int n;
	double pause_s; /* between posts */
	long long ids[64];
	int ok;
	char err[300];
};

static void *poster_main(void *p)
{
	struct poster *ps = p;
	for (int i = 0; i < ps->n; i++) {
		char body[128], path[128], h[400];
		struct req rq = {.method = "POST", .untracked = true};
		if (ps->wtok) {
			snprintf(body, sizeof body, "{\"body\":\"%s customer %d\"}",
			         ps->tag ? ps->tag : "crowd", i);
			snprintf(path, sizeof path, "/api/v1/widget/conversations/%lld/messages",
			         ps->tid);
			snprintf(h, sizeof h, "X-Widget-Token: %s", ps->wtok);
			rq.headers[0] = h;
		} else {
			snprintf(body, sizeof body, "{\"body\":\"%s agent %d\"}",
			         ps->tag ? ps->tag : "crowd", i);
			snprintf(path, sizeof path, "/api/v1/tickets/%lld/reply", ps->tid);
			rq.token = ps->atok;
		}
		rq.path = path;
		rq.body = body;
		struct resp *r = http_req(&S, &rq);
		long long id = jint(r->json, "message.id");
		if (r->status == 201 && id > 0) {
			ps->ids[ps->ok++] = id;
		} else if (!ps->err[0]) {
			snprintf(ps->err, sizeof ps->err, "%s", rdesc(r));
		}
		resp_free(r);
		if (ps->pause_s > 0)
			sleep_s(ps->pause_s);
	}
	http_thread_done();
	return NULL;
}

static void test_crowd(void)
{
	note("--- 100 clients on one chat");
	char w[256];
	if (!new_session(w, "{\"name\":\"Crowd\"}"))
		return;
	long long tid = new_chat(w, "one chat, many watchers", NULL);
	if (!tid || !set_group(tid, gA))
		return;
	enum { NS = 100, NM = 50 };
	struct sse *st[NS];
	double t0 = now_s();
	for (int i = 0; i < NS; i++) {
		if (i < 50)
			st[i] = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
		else
			st[i] = sse_open(&S, "/api/v1/stream",
			                 i % 3 == 0   ? S.token
			                 : i % 3 == 1 ? sup_tok
			                              : agent_tok,
			                 NULL);
	}
	int opened = 0;
	for (int i = 0; i < NS; i++)
		opened += sse_wait_open(st[i], 20) && sse_status(st[i]) == 200;
	check(opened == NS,
	      "100 streams on one chat (50 widget, 50 agent) all open with 200 (%d, "
	      "%.1f s)",
	      opened, now_s() - t0);
	struct poster pc = {.wtok = w, .tid = tid, .n = NM / 2},
	              pa = {.atok = agent_tok, .tid = tid, .n = NM / 2};
	pthread_t a, b;
	pthread_create(&a, NULL, poster_main, &pc);
	pthread_create(&b, NULL, poster_main, &pa);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	note("posted 50 messages from 2 threads in %.2f s", now_s() - t0);
	checkd(pc.ok + pa.ok == NM, pc.err[0] ? pc.err : pa.err,
	       "50 messages posted at once (25 by the customer, 25 agent replies) all 201 (%d)",
	       pc.ok + pa.ok);
	long long all[NM];
	int na = 0;
	for (int i = 0; i < pc.ok; i++)
		all[na++] = pc.ids[i];
	for (int i = 0; i < pa.ok; i++)
		all[na++] = pa.ids[i];
	double end = now_s() + 20;
	for (int i = 0; i < NS; i++)
		wait_msgs(st[i], tid, na, end - now_s() > 0 ? end - now_s() : 0.01);
	sleep_s(0.3);
	int complete = 0, ordered = 0, same_seq = 0;
	char why[400] = "";
	long long ref[NM + 8];
	int nref = -1;
	for (int i = 0; i < NS; i++) {
		long long got[NM + 8];
		int n = stream_msgs(st[i], tid, got, NM + 8);
		int missing = 0, dup = 0;
		for (int k = 0; k < na; k++) {
			int c = 0;
			for (int j = 0; j < n && j < NM + 8; j++)
				c += got[j] == all[k];
			missing += c == 0;
			dup += c > 1;
		}
		bool ok = missing == 0 && dup == 0 && n == na;
		complete += ok;
		if (!ok && !why[0])
			snprintf(why, sizeof why,
			         "stream %d (%s): %d messages, %d missing, %d twice", i,
			         i < 50 ? "widget" : "agent", n, missing, dup);
		/* in order: each poster's own messages in the order posted, message ids rising */
		bool ord = true;
		int lastc = -1, lasta = -1;
		for (int j = 1; j < n && j < NM + 8; j++)
			ord &= got[j] > got[j - 1];
		for (int j = 0; j < n && j < NM + 8; j++) {
			int c = idx_of(pc.ids, pc.ok, got[j]), g = idx_of(pa.ids, pa.ok, got[j]);
			if (c >= 0) {
				ord &= c > lastc;
				lastc = c;
			}
			if (g >= 0) {
				ord &= g > lasta;
				lasta = g;
			}
		}
		/* event ids strictly increase over the whole stream */
		long long prev = -1;
		for (int j = 0; j < sse_count(st[i]); j++) {
			const struct sse_item *it = sse_item(st[i], j);
			if (!it->has_id)
				continue;
			ord &= it->id > prev;
			prev = it->id;
		}
		ordered += ord;
		if (nref < 0 && ok) {
			memcpy(ref, got, sizeof(long long) * (size_t)n);
			nref = n;
		}
		if (nref == n && ok && !memcmp(ref, got, sizeof(long long) * (size_t)n))
			same_seq++;
	}
	checkd(complete == NS, why,
	       "every one of the 100 clients received all 50 messages, none "
	       "twice (%d of 100 complete)",
	       complete);
	check(ordered == NS,
	      "every client received them in order: each poster's messages as posted, message ids "
	      "and event ids strictly rising (%d of 100)",
	      ordered);
	check(same_seq == NS, "all 100 clients saw the same sequence (%d of 100)", same_seq);
	int ended = 0;
	for (int i = 0; i < NS; i++) {
		ended += sse_ended(st[i]);
		sse_close(st[i]);
	}
	check(ended == 0, "none of the 100 streams was closed by the server (%d were)", ended);
}

/* ---- only committed changes ---- */
static void test_committed_only(void)
{
	note("--- only committed changes are pushed");
	char w[256], w2[256];
	if (!new_session(w, NULL) || !new_session(w2, NULL))
		return;
	long long m0 = 0;
	long long tid = new_chat(w, "committed only", &m0);
	long long other = new_chat(w2, "someone else's chat", NULL);
	if (!tid || !other)
		return;
	agent_post(S.token, tid, "reply", "first answer"); /* open, assigned */
	struct sse *a = sse_open(&S, "/api/v1/stream", S.token, NULL);
	struct sse *ws = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	open_ok(a, "agent stream");
	open_ok(ws, "widget stream");
	/* a control change: how many items one customer message makes here */
	cust_msg(w, tid, "control marker one");
	wait_msgs(a, tid, 1, 5);
	wait_msgs(ws, tid, 1, 5);
	sleep_s(0.3);
	int ca0 = sse_count(a), cw0 = sse_count(ws);
	char *fp = db_fingerprint(&S, NULL);
	struct {
		const char *m, *path, *body, *w;
		long status;
	} bad[] = {
	    {"POST", P("/api/v1/tickets/%lld/reply", tid),
	     "{\"body\":\"failing reply BAD1\","
	     "\"status\":\"bogus\"}",
	     NULL, 422},
	    {"POST", P("/api/v1/tickets/%lld/reply", tid), "{\"body\":\"\"}", NULL, 422},
	    {"POST", "/api/v1/tickets/999999/reply", "{\"body\":\"failing reply BAD2\"}", NULL,
	     404},
	    {"POST", P("/api/v1/tickets/%lld/notes", tid), "{\"body\":\"note BAD3\",\"x\":1}", NULL,
	     422},
	    {"PATCH", P("/api/v1/tickets/%lld", tid), "{\"status\":\"new\"}", NULL, 422},
	    {"PATCH", P("/api/v1/tickets/%lld", tid), "{\"priority\":\"critical\"}", NULL, 422},
	    {"POST", P("/api/v1/widget/conversations/%lld/messages", other),
	     "{\"body\":\"cross BAD4\"}", w, 404},
	    {"POST", P("/api/v1/widget/conversations/%lld/messages", tid), "{\"body\":\"\"}", w,
	     422},
	    {"POST", P("/api/v1/widget/conversations/%lld/csat", tid), "{\"rating\":5}", w, 409},
	    {"POST", P("/api/v1/tickets/%lld/reply", tid),
	     P("{\"body\":\"collision BAD5\",\"last_seen_message_id\":%lld}", m0), NULL, 409},
	};
	int nb = (int)(sizeof bad / sizeof bad[0]);
	char pathcopy[10][160], bodycopy[10][200];
	for (int i = 0; i < nb; i++) {
		snprintf(pathcopy[i], sizeof pathcopy[i], "%s", bad[i].path);
		snprintf(bodycopy[i], sizeof bodycopy[i], "%s", bad[i].body);
	}
	for (int i = 0; i < nb; i++) {
		struct resp *r = bad[i].w ? http_w(&S, bad[i].m, pathcopy[i], bad[i].w, bodycopy[i])
		                          : http(&S, bad[i].m, pathcopy[i], S.token, bodycopy[i]);
		check_status(r, bad[i].status, "refused: %s %s %.60s", bad[i].m, pathcopy[i],
		             bodycopy[i]);
	}
	check_unchanged(&S, fp, NULL, "the refused requests stored nothing");
	sleep_s(0.3);
	long long mk = cust_msg(w, tid, "control marker two");
	wait_msgs(a, tid, 2, 5);
	wait_msgs(ws, tid, 2, 5);
	sleep_s(0.3);
	int ca = sse_count(a) - ca0, cw = sse_count(ws) - cw0;
	/* the first new item on each stream must belong to the second marker */
	const struct sse_item *fa = sse_item(a, ca0), *fw = sse_item(ws, cw0);
	bool a_ok = true, w_ok = true;
	for (int i = ca0; i < sse_count(a); i++) {
		const struct sse_item *it = sse_item(a, i);
		if (!strcmp(it->event, "message") && jint(it->json, "message.id") != mk)
			a_ok = false;
		if (strstr(it->data, "BAD") || strstr(it->data, "critical"))
			a_ok = false;
	}
	for (int i = cw0; i < sse_count(ws); i++) {
		const struct sse_item *it = sse_item(ws, i);
		if (!strcmp(it->event, "message") && jint(it->json, "message.id") != mk)
			w_ok = false;
		if (strstr(it->data, "BAD"))
			w_ok = false;
	}
	checkd(a_ok && fa, fa ? fa->data : "no item at all",
	       "agent stream: after 10 refused requests the next message item is the next "
	       "committed one (%d new items)",
	       ca);
	checkd(w_ok && fw, fw ? fw->data : "no item at all",
	       "widget stream: the refused requests pushed nothing (%d new items)", cw);
	int mk_a = 0, mk_w = 0;
	for (int i = ca0; i < sse_count(a); i++)
		mk_a += !strcmp(sse_item(a, i)->event, "message");
	for (int i = cw0; i < sse_count(ws); i++)
		mk_w += !strcmp(sse_item(ws, i)->event, "message");
	check(mk_a == 1 && mk_w == 1,
	      "exactly one message item after the refusals on each stream (agent %d, widget %d)",
	      mk_a, mk_w);
	sse_close(a);
	sse_close(ws);
}

/* ---- who gets what ---- */
static bool keys_subset(json_t *obj, const char *const *allowed, char *bad, size_t badsz)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v)
	{
		bool ok = false;
		for (int i = 0; allowed[i]; i++)
			ok |= !strcmp(allowed[i], k);
		if (!ok) {
			snprintf(bad, badsz, "%s", k);
			return false;
		}
	}
	return true;
}

static void test_audiences(void)
{
	note("--- who gets which items");
	char w3[256], w4[256], wv[256];
	long long c3 = new_session(w3, "{\"name\":\"Three\"}");
	long long c4 = new_session(w4, "{\"name\":\"Four\"}");
	(void)c3;
	(void)c4;
	struct resp *r = http(&S, "GET", "/api/v1/settings/identity", S.token, NULL);
	const char *secret = jstr(r->json, "identity_secret");
	char hash[65] = "";
	if (secret)
		hmac_sha256_hex(secret, strlen(secret), "UAUD-1", 6, hash);
	long long cv =
	    new_session(wv, P("{\"exchange_uid\":\"UAUD-1\",\"user_hash\":\"%s\"}", hash));
	(void)cv;
	long long t3 = new_chat(w3, "chat of three", NULL);
	long long t4 = new_chat(w4, "chat of four", NULL);
	long long tv = new_chat(wv, "chat of the verified one", NULL);
	/* an e-mail ticket of the verified customer: not a chat, never on the widget stream */
	json_t *em =
	    mk_ticket(&S, NULL,
	              "{\"subject\":\"mail of the verified one\",\"body\":\"b\","
	              "\"channel\":\"email\",\"requester\":{\"exchange_uid\":\"UAUD-1\"}}");
	long long te = jint(em, "id");
	if (!t3 || !t4 || !tv || te <= 0)
		return;
	struct sse *s3 = sse_open(&S, stream_path_w(w3, -1), NULL, NULL);
	struct sse *s4 = sse_open(&S, stream_path_w(w4, -1), NULL, NULL);
	struct sse *sv = sse_open(&S, stream_path_w(wv, -1), NULL, NULL);
	struct sse *sa = sse_open(&S, "/api/v1/stream", S.token, NULL);
	open_ok(s3, "widget stream of customer three");
	open_ok(s4, "widget stream of customer four");
	open_ok(sv, "widget stream of the verified customer");
	open_ok(sa, "agent stream");
	long long m3 = cust_msg(w3, t3, "three says AUD-C3");
	long long n3 = agent_post(S.token, t3, "notes", "internal about three AUD-N3");
	long long r3 = agent_post(S.token, t3, "reply", "reply to three AUD-R3");
	long long m4 = cust_msg(w4, t4, "four says AUD-C4");
	long long r4 = agent_post(S.token, t4, "reply", "reply to four AUD-R4");
	long long n4 = agent_post(S.token, t4, "notes", "internal about four AUD-N4");
	long long rv = agent_post(S.token, tv, "reply", "reply to verified AUD-RV");
	long long re = agent_post(S.token, te, "reply", "mail reply AUD-RE");
	cust_msg(w3, t3, "three end AUD-END3");
	cust_msg(w4, t4, "four end AUD-END4");
	cust_msg(wv, tv, "verified end AUD-ENDV");
	wait_msgs(s3, t3, 3, 5);
	wait_msgs(s4, t4, 3, 5);
	wait_msgs(sv, tv, 2, 5);
	wait_msgs(sa, 0, 11, 5);
	sleep_s(0.3);
	long long got[64];
	int n = stream_msgs(s3, t3, got, 64);
	check(idx_of(got, n, m3) >= 0 && idx_of(got, n, r3) >= 0,
	      "customer three's stream has its own message and the agent's reply");
	check(idx_of(got, n, n3) < 0 && !stream_has(s3, "AUD-N3"),
	      "customer three's stream never carries the internal note");
	check(!stream_has(s3, "AUD-C4") && !stream_has(s3, "AUD-R4") && !stream_has(s3, "AUD-N4") &&
	          !stream_has(s3, "AUD-RV"),
	      "customer three's stream carries nothing of the other customers' chats");
	n = stream_msgs(s4, t4, got, 64);
	check(idx_of(got, n, m4) >= 0 && idx_of(got, n, r4) >= 0 && idx_of(got, n, n4) < 0 &&
	          !stream_has(s4, "AUD-N4") && !stream_has(s4, "AUD-C3") &&
	          !stream_has(s4, "AUD-R3"),
	      "customer four's stream: own message and reply, no note, nothing of three");
	n = stream_msgs(sv, tv, got, 64);
	check(idx_of(got, n, rv) >= 0, "the verified customer's stream has the reply to its chat");
	check(!stream_has(sv, "AUD-RE") && !stream_has(sv, "mail of the verified one"),
	      "the verified customer's stream carries nothing of its e-mail ticket (chat tickets "
	      "only)");
	/* every item on widget streams belongs to the customer's chats and is of a documented kind
	 */
	struct sse *ws[3] = {s3, s4, sv};
	long long own[3] = {t3, t4, tv};
	const char *allowed_t[] = {"id", "number", "status", "agent_name", NULL};
	for (int k = 0; k < 3; k++) {
		bool own_only = true, kinds = true, pub = true, reduced = true, agent_typing = true;
		char bad[200] = "", extra[64] = "";
		for (int i = 0; i < sse_count(ws[k]); i++) {
			const struct sse_item *it = sse_item(ws[k], i);
			long long t = jhas(it->json, "ticket_id") ? jint(it->json, "ticket_id")
			                                          : jint(it->json, "ticket.id");
			if (t != own[k]) {
				own_only = false;
				snprintf(bad, sizeof bad, "%.190s", it->data);
			}
			if (strcmp(it->event, "message") && strcmp(it->event, "ticket") &&
			    strcmp(it->event, "typing") && strcmp(it->event, "read"))
				kinds = false;
			if (!strcmp(it->event, "message")) {
				const char *kd = jstr(it->json, "message.kind");
				if (!kd || (strcmp(kd, "reply") && strcmp(kd, "customer") &&
				            strcmp(kd, "system")))
					pub = false;
			}
			if (!strcmp(it->event, "ticket")) {
				json_t *tk = jget(it->json, "ticket");
				char ex[64] = "";
				if (!keys_subset(tk, allowed_t, ex, sizeof ex) && !extra[0])
					snprintf(extra, sizeof extra, "%s", ex);
				if (jhas(tk, "requester") || jhas(tk, "assignee_id") ||
				    jhas(tk, "group_id") || jhas(tk, "priority") ||
				    jhas(tk, "tags") || jhas(tk, "sla") || jhas(tk, "category"))
					reduced = false;
			}
			if (!strcmp(it->event, "typing") &&
			    strcmp(jstr(it->json, "who.type") ?: "", "agent"))
				agent_typing = false;
		}
		const char *who = k == 0 ? "three" : k == 1 ? "four" : "verified";
		checkd(own_only, bad, "widget stream of %s: every item is about its own chat", who);
		check(kinds, "widget stream of %s: only message/ticket/typing/read items", who);
		check(pub, "widget stream of %s: message items only of kind reply/customer/system",
		      who);
		check(reduced,
		      "widget stream of %s: ticket items carry no internal fields (requester, "
		      "assignee_id, group_id, priority, tags, sla, category)",
		      who);
		check(agent_typing, "widget stream of %s: typing items are agents' only", who);
		if (extra[0])
			note(
			    "widget ticket items carry more than {id, number, status, agent_name}: "
			    "e.g. \"%s\"",
			    extra);
	}
	n = stream_msgs(sa, 0, got, 64);
	check(idx_of(got, n, n3) >= 0 && idx_of(got, n, n4) >= 0,
	      "the agent stream carries internal notes");
	check(idx_of(got, n, m3) >= 0 && idx_of(got, n, m4) >= 0 && idx_of(got, n, re) >= 0,
	      "the agent stream carries every ticket's messages (chat and e-mail)");
	/* a ticket item with the full object on the agent stream */
	bool full = false;
	for (int i = 0; i < sse_count(sa); i++) {
		const struct sse_item *it = sse_item(sa, i);
		if (!strcmp(it->event, "ticket") && jint(it->json, "ticket.id") == t3 &&
		    jhas(it->json, "ticket.requester") && jhas(it->json, "ticket.priority"))
			full = true;
	}
	check(full, "the agent stream's ticket items carry the full ticket object");
	sse_close(s3);
	sse_close(s4);
	sse_close(sv);
	sse_close(sa);
}

/* an agent's stream carries only the tickets the agent may see */
static void test_agent_visibility(void)
{
	note("--- agent stream visibility");
	char w[256], w2[256];
	if (!new_session(w, NULL) || !new_session(w2, NULL))
		return;
	long long ta = new_chat(w, "chat in group A", NULL);
	long long tb = new_chat(w2, "chat in group B", NULL);
	if (!ta || !tb || !set_group(ta, gA) || !set_group(tb, gB))
		return;
	struct sse *st = sse_open(&S, "/api/v1/stream", agent_tok, NULL);
	open_ok(st, "agent (group A) stream");
	long long ma = cust_msg(w, ta, "visible VIS-A");
	cust_msg(w2, tb, "invisible VIS-B");
	agent_post(S.token, tb, "notes", "invisible note VIS-BN");
	cust_msg(w, ta, "visible again VIS-A2");
	wait_msgs(st, ta, 2, 5);
	sleep_s(0.3);
	long long got[16];
	int n = stream_msgs(st, ta, got, 16);
	check(n == 2 && got[0] == ma, "a group-A agent's stream carries its group's chat");
	bool leak = false;
	for (int i = 0; i < sse_count(st); i++) {
		const struct sse_item *it = sse_item(st, i);
		long long t = jhas(it->json, "ticket_id") ? jint(it->json, "ticket_id")
		                                          : jint(it->json, "ticket.id");
		leak |= t == tb;
	}
	check(!leak && !stream_has(st, "VIS-B"),
	      "and nothing of a group-B chat (message, note or ticket change)");
	/* nor on replay */
	const struct sse_item *first = sse_item(st, 0);
	long long from = first && first->id > 1 ? first->id - 1 : 0;
	struct sse *st2 = sse_open(&S, P("/api/v1/stream?since=%lld", from), agent_tok, NULL);
	open_ok(st2, "agent stream replay");
	wait_msgs(st2, ta, 2, 5);
	sleep_s(0.2);
	check(!stream_has(st2, "VIS-B"), "a replay with ?since= does not leak group B either");
	sse_close(st);
	sse_close(st2);
}

/* ---- ephemeral items ---- */
static void test_ephemeral(void)
{
	note("--- typing and viewers are ephemeral");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "typing chat", NULL);
	if (!tid)
		return;
	long long r0 = agent_post(S.token, tid, "reply", "hello from the desk");
	(void)r0;
	struct sse *a = sse_open(&S, "/api/v1/stream", sup_tok, NULL);
	struct sse *ws = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	open_ok(a, "supervisor's agent stream");
	open_ok(ws, "widget stream");
	struct resp *r = http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/typing", tid), w,
	                        "{\"typing\":true}");
	check_status(r, 204, "customer typing: 204");
	bool got = sse_wait_items(a, "typing", 1, 5);
	const struct sse_item *it = NULL;
	for (int i = 0; got && i < sse_count(a); i++)
		if (!strcmp(sse_item(a, i)->event, "typing"))
			it = sse_item(a, i);
	check(got && it, "the agent stream gets the customer's typing item");
	if (it) {
		checkd(!it->has_id, it->idtext, "the typing item carries no id");
		check(jint(it->json, "ticket_id") == tid &&
		          json_is_true(jget(it->json, "typing")) &&
		          !strcmp(jstr(it->json, "who.type") ?: "", "customer"),
		      "typing item: {ticket_id, who:{type:customer}, typing:true} (%s)", it->data);
	}
	r = http(&S, "POST", P("/api/v1/tickets/%lld/typing", tid), S.token, "{\"typing\":true}");
	check_status(r, 204, "agent typing: 204");
	got = sse_wait_items(ws, "typing", 1, 5);
	it = NULL;
	for (int i = 0; got && i < sse_count(ws); i++)
		if (!strcmp(sse_item(ws, i)->event, "typing"))
			it = sse_item(ws, i);
	check(got && it, "the customer's widget stream gets the agent's typing item");
	if (it) {
		checkd(!it->has_id, it->idtext, "and it carries no id");
		check(!strcmp(jstr(it->json, "who.type") ?: "", "agent") &&
		          json_is_true(jget(it->json, "typing")),
		      "with who.type agent and typing true (%s)", it->data);
	}
	check(sse_wait_items(a, "typing", 2, 5),
	      "another agent (the supervisor) sees the admin typing on the agent stream");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), S.token, "{\"viewing\":true}");
	check_status(r, 200, "agent viewing: 200");
	got = sse_wait_items(a, "viewers", 1, 5);
	it = NULL;
	for (int i = 0; got && i < sse_count(a); i++)
		if (!strcmp(sse_item(a, i)->event, "viewers"))
			it = sse_item(a, i);
	check(got && it, "another agent's stream gets a viewers item");
	if (it)
		checkd(!it->has_id, it->idtext, "the viewers item carries no id");
	check(sse_count_event(ws, "viewers") == 0, "the customer never gets viewers items");
	/* not replayed */
	long long before = -1;
	for (int i = 0; i < sse_count(a); i++)
		if (sse_item(a, i)->has_id)
			before = sse_item(a, i)->id;
	cust_msg(w, tid, "after typing");
	wait_msgs(a, tid, 1, 5);
	struct sse *re = sse_open(&S, P("/api/v1/stream?since=%lld", before > 0 ? before - 1 : 0),
	                          sup_tok, NULL);
	open_ok(re, "replaying agent stream");
	wait_msgs(re, tid, 1, 5);
	sleep_s(0.3);
	check(sse_count_event(re, "typing") == 0 && sse_count_event(re, "viewers") == 0,
	      "a replay carries no typing or viewers items");
	sse_close(re);
	sse_close(a);
	sse_close(ws);
}

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

/* ---- resume while writers race ---- */
/* A client that keeps dropping after a few items and reconnecting with Last-Event-ID, while two
 * writers post concurrently: the replay and the live feed must join without a gap or an overlap
 * every time. */
static void resume_under_fire(bool widget)
{
	const char *nm = widget ? "widget stream" : "agent stream";
	note("--- resume while two writers post: %s", nm);
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, P("fire chat %d", widget), NULL);
	if (!tid)
		return;
	char path[600];
	snprintf(path, sizeof path, "%s", widget ? stream_path_w(w, -1) : "/api/v1/stream");
	struct poster pc = {.wtok = w, .tid = tid, .n = 30, .tag = "fire", .pause_s = 0.01},
	              pa = {.atok = S.token, .tid = tid, .n = 30, .tag = "fire", .pause_s = 0.01};
	long long got[512], ids[1024];
	int ng = 0, nids = 0, reconnects = 0, bad_open = 0;
	long long last = -1;
	struct sse_opts o = {.path = path, .token = widget ? NULL : S.token};
	o.max_items = 3 + rand() % 5;
	struct sse *st = sse_open_ex(&S, &o);
	if (!open_ok(st, P("%s under fire: first connection", nm))) {
		sse_close(st);
		return;
	}
	pthread_t a, b;
	pthread_create(&a, NULL, poster_main, &pc);
	pthread_create(&b, NULL, poster_main, &pa);
	bool writers_done = false;
	double end = now_s() + 30, quiet_since = 0;
	while (now_s() < end) {
		bool ended = sse_wait_end(st, 0.2, NULL);
		if (!writers_done && !pthread_tryjoin_np(a, NULL)) {
			pthread_join(b, NULL);
			writers_done = true;
		}
		int cur = count_msgs(st, tid);
		if (!ended) {
			/* once the writers are done and nothing more comes, stop */
			if (writers_done && ng + cur >= pc.ok + pa.ok) {
				if (!quiet_since)
					quiet_since = now_s();
				if (now_s() - quiet_since > 0.3)
					break;
			}
			continue;
		}
		/* dropped after max_items: collect, reconnect from the last id seen */
		int n = sse_count(st);
		for (int i = 0; i < n; i++) {
			const struct sse_item *it = sse_item(st, i);
			if (it->has_id) {
				last = it->id;
				if (nids < 1024)
					ids[nids++] = it->id;
			}
		}
		ng += stream_msgs(st, tid, got + ng, 512 - ng);
		sse_close(st);
		char lid[32];
		snprintf(lid, sizeof lid, "%lld", last);
		struct sse_opts o2 = {.path = path,
		                      .token = widget ? NULL : S.token,
		                      .last_event_id = last >= 0 ? lid : NULL,
		                      .max_items = 3 + rand() % 5};
		st = sse_open_ex(&S, &o2);
		reconnects++;
		if (!sse_wait_open(st, 5) || sse_status(st) != 200)
			bad_open++;
		quiet_since = 0;
	}
	if (!writers_done) {
		pthread_join(a, NULL);
		pthread_join(b, NULL);
	}
	sleep_s(0.2);
	for (int i = 0; i < sse_count(st); i++)
		if (sse_item(st, i)->has_id && nids < 1024)
			ids[nids++] = sse_item(st, i)->id;
	ng += stream_msgs(st, tid, got + ng, 512 - ng);
	sse_close(st);
	int posted = pc.ok + pa.ok;
	check(posted == 60, "%s under fire: 60 messages posted by two writers (%d)", nm, posted);
	check(bad_open == 0, "%s under fire: all %d reconnections answered 200", nm, reconnects);
	int missing = 0, dup = 0, foreign = 0;
	for (int i = 0; i < posted; i++) {
		long long id = i < pc.ok ? pc.ids[i] : pa.ids[i - pc.ok];
		int c = 0;
		for (int k = 0; k < ng; k++)
			c += got[k] == id;
		missing += c == 0;
		dup += c > 1;
	}
	for (int k = 0; k < ng; k++)
		foreign += idx_of(pc.ids, pc.ok, got[k]) < 0 && idx_of(pa.ids, pa.ok, got[k]) < 0;
	char d[160];
	snprintf(d, sizeof d, "%d missing, %d twice, %d unknown, %d received", missing, dup,
	         foreign, ng);
	checkd(missing == 0 && dup == 0 && foreign == 0, d,
	       "%s under fire: over %d reconnections every message arrived exactly once", nm,
	       reconnects);
	bool incr = true;
	for (int i = 1; i < nids; i++)
		incr &= ids[i] > ids[i - 1];
	check(incr, "%s under fire: event ids strictly increase across all connections (%d ids)",
	      nm, nids);
	bool ord = true;
	int lc = -1, la = -1;
	for (int k = 0; k < ng; k++) {
		int c = idx_of(pc.ids, pc.ok, got[k]), g = idx_of(pa.ids, pa.ok, got[k]);
		if (c >= 0) {
			ord &= c > lc;
			lc = c;
		}
		if (g >= 0) {
			ord &= g > la;
			la = g;
		}
	}
	check(ord, "%s under fire: each writer's messages arrive in the order written", nm);
	check(reconnects >= 5, "%s under fire: the client really reconnected often (%d)", nm,
	      reconnects);
}

/* ---- message bodies cannot forge frames ---- */
static void test_frames(void)
{
	note("--- bodies with line breaks and other scripts stay one item each");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "frames", NULL);
	if (!tid)
		return;
	struct sse *a = sse_open(&S, "/api/v1/stream", S.token, NULL);
	struct sse *ws = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	open_ok(a, "agent stream");
	open_ok(ws, "widget stream");
	const char *bodies[] = {
	    "two\n\nevent: ticket\ndata: {\"forged\":true}\n\n",
	    "carriage\rreturn\ralone",
	    "crlf\r\nid: 999999999\r\n\r\ndata: x",
	    ": not a comment\nretry: 1",
	    "line separators \xe2\x80\xa8 and \xe2\x80\xa9 paragraph",
	    "\xe5\x85\x85\xe5\x80\xbc\xe6\x9c\xaa\xe5\x88\xb0\xe8\xb4\xa6 \xe2\x80\x94 "
	    "\xd0\xb4\xd0\xb5\xd0\xbf\xd0\xbe\xd0\xb7\xd0\xb8\xd1\x82 \xe2\x80\x94 "
	    "n\xe1\xba\xa1p ti\xe1\xbb\x81n \xe2\x80\x94 \xf0\x9f\x98\x80",
	    "tab\there \"quotes\" \\backslash\\ </script>",
	};
	enum { NB = 7 };
	long long ids[NB];
	for (int i = 0; i < NB; i++) {
		ids[i] = i % 2 ? agent_post(S.token, tid, "reply", bodies[i])
		               : cust_msg(w, tid, bodies[i]);
	}
	/* a 64 KiB body of 3-byte characters */
	char *big = repeat("\xe5\x85\x85", 65536 / 3);
	long long bigid = cust_msg(w, tid, big);
	struct sse *ss[2] = {a, ws};
	for (int k = 0; k < 2; k++) {
		const char *who = k ? "widget stream" : "agent stream";
		wait_msgs(ss[k], tid, NB + 1, 5);
		sleep_s(0.2);
		int intact = 0, msgs = 0;
		bool forged = false, bigok = false;
		char bad[300] = "";
		for (int i = 0; i < sse_count(ss[k]); i++) {
			const struct sse_item *it = sse_item(ss[k], i);
			if (!it->json)
				forged = true;
			if (jhas(it->json, "forged") || it->id == 999999999 ||
			    (it->event[0] && strcmp(it->event, "message") &&
			     strcmp(it->event, "ticket") && strcmp(it->event, "typing") &&
			     strcmp(it->event, "read") && strcmp(it->event, "viewers") &&
			     strcmp(it->event, "csat")))
				forged = true;
			if (strcmp(it->event, "message") || jint(it->json, "ticket_id") != tid)
				continue;
			msgs++;
			long long mid = jint(it->json, "message.id");
			const char *b = jstr(it->json, "message.body");
			int idx = idx_of(ids, NB, mid);
			if (idx >= 0 && b && !strcmp(b, bodies[idx]))
				intact++;
			else if (idx >= 0 && !bad[0])
				snprintf(bad, sizeof bad, "body %d came back as %.200s", idx,
				         b ? jdump(jget(it->json, "message.body")) : "nothing");
			if (mid == bigid && b && !strcmp(b, big))
				bigok = true;
		}
		checkd(intact == NB, bad,
		       "%s: bodies with \\n, \\r, \\r\\n, U+2028, CJK, Cyrillic, Vietnamese, emoji "
		       "arrive byte-identical (%d of %d)",
		       who, intact, NB);
		check(!forged, "%s: no body produced a forged or unparseable frame", who);
		check(msgs == NB + 1, "%s: exactly one item per message (%d for %d)", who, msgs,
		      NB + 1);
		check(bigok, "%s: a 64 KiB body of CJK arrives whole in one item", who);
	}
	sse_close(a);
	sse_close(ws);
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

/* ---- visibility follows the ticket ---- */
static void test_dynamic_visibility(void)
{
	note("--- the agent stream follows changes of visibility");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "moving chat", NULL);
	if (!tid || !set_group(tid, gB))
		return;
	struct sse *st = sse_open(&S, "/api/v1/stream", agent_tok, NULL);
	open_ok(st, "agent (group A) stream");
	cust_msg(w, tid, "not yet DYN-1");
	struct resp *r = http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token,
	                      P("{\"assignee_id\":%lld,\"group_id\":null}", agent_id));
	check_status(r, 200,
	             "the admin assigns the group-B chat to the group-A agent (group none)");
	long long m2 = cust_msg(w, tid, "now visible DYN-2");
	wait_msgs(st, tid, 1, 5);
	long long got[8];
	int n = stream_msgs(st, tid, got, 8);
	check(n >= 1 && idx_of(got, n, m2) >= 0,
	      "after the assignment the agent's open stream carries the chat's messages");
	check(!stream_has(st, "DYN-1"), "but not the message from before it could see the chat");
	r = http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token,
	         P("{\"assignee_id\":null,\"group_id\":%lld}", gB));
	check_status(r, 200, "the admin moves it back to group B, unassigned");
	cust_msg(w, tid, "hidden again DYN-3");
	long long mv = cust_msg(w, tid, "marker DYN-4");
	(void)mv;
	sleep_s(0.5);
	check(!stream_has(st, "DYN-3") && !stream_has(st, "DYN-4"),
	      "after that the agent's stream carries its messages no more");
	sse_close(st);
}

/* a second session of the same verified customer opens a chat: the first session's stream gets
 * it (the stream is the customer's, not the session's) */
static void test_same_customer(void)
{
	note("--- one customer, two sessions");
	struct resp *r = http(&S, "GET", "/api/v1/settings/identity", S.token, NULL);
	const char *secret = jstr(r->json, "identity_secret");
	char hash[65] = "", w1[256], w2[256];
	if (!secret)
		return;
	hmac_sha256_hex(secret, strlen(secret), "UTWO-1", 6, hash);
	long long c1 =
	    new_session(w1, P("{\"exchange_uid\":\"UTWO-1\",\"user_hash\":\"%s\"}", hash));
	long long c2 =
	    new_session(w2, P("{\"exchange_uid\":\"UTWO-1\",\"user_hash\":\"%s\"}", hash));
	check(c1 > 0 && c1 == c2, "two verified sessions of one uid are one customer");
	struct sse *st = sse_open(&S, stream_path_w(w1, -1), NULL, NULL);
	open_ok(st, "the first session's stream");
	long long m;
	long long tid = new_chat(w2, "opened on the phone", &m);
	bool got = wait_msgs(st, tid, 1, 5);
	check(got, "a chat opened by the customer's other session reaches the first session's "
	           "stream");
	long long rid = agent_post(S.token, tid, "reply", "answer to the phone chat");
	got = wait_msgs(st, tid, 2, 5);
	long long ids[4];
	int n = stream_msgs(st, tid, ids, 4);
	check(got && n == 2 && ids[1] == rid, "and so does the reply to it");
	sse_close(st);
}

/* committed csat and read items carry ids; csat only on the agent stream */
static void test_kinds(void)
{
	note("--- read and csat items");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long m0;
	long long tid = new_chat(w, "kinds chat", &m0);
	long long rid = agent_post(S.token, tid, "reply", "solved for you");
	/* the supervisor's stream: the admin acts, another agent watches */
	struct sse *a = sse_open(&S, "/api/v1/stream", sup_tok, NULL);
	struct sse *ws = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	open_ok(a, "agent stream");
	open_ok(ws, "widget stream");
	struct resp *r = http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/read", tid), w,
	                        P("{\"message_id\":%lld}", rid));
	check_status(r, 204, "customer read: 204");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/read", tid), S.token,
	         P("{\"message_id\":%lld}", m0));
	check_status(r, 204, "agent read: 204");
	r = http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token, "{\"status\":\"solved\"}");
	check_status(r, 200, "solve the chat");
	r = http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/csat", tid), w,
	           "{\"rating\":4,\"comment\":\"ok\"}");
	check_status(r, 201, "rate it");
	bool ga = sse_wait_items(a, "csat", 1, 5) && sse_wait_items(a, "read", 1, 5);
	const struct sse_item *rc = NULL, *ra = NULL, *cs = NULL;
	for (int i = 0; i < sse_count(a); i++) {
		const struct sse_item *it = sse_item(a, i);
		if (!strcmp(it->event, "read") && !strcmp(jstr(it->json, "by") ?: "", "customer"))
			rc = it;
		if (!strcmp(it->event, "read") && !strcmp(jstr(it->json, "by") ?: "", "agent"))
			ra = it;
		if (!strcmp(it->event, "csat"))
			cs = it;
	}
	check(ga && rc && jint(rc->json, "ticket_id") == tid && jint(rc->json, "message_id") == rid,
	      "agent stream: read {ticket_id, message_id, by:customer} (%s)",
	      rc ? rc->data : "none");
	/* docs/chat.md does not say whether an agent's read goes to the other agents */
	note("an agent's read on other agents' streams: %s", ra ? ra->data : "not pushed");
	check(cs != NULL, "agent stream: a csat item after the rating");
	check(rc && rc->has_id && cs && cs->has_id,
	      "read and csat are committed items: they carry ids");
	bool gw = sse_wait_items(ws, "read", 1, 5);
	const struct sse_item *wr = NULL;
	for (int i = 0; gw && i < sse_count(ws); i++)
		if (!strcmp(sse_item(ws, i)->event, "read"))
			wr = sse_item(ws, i);
	check(wr && !strcmp(jstr(wr->json, "by") ?: "", "agent") &&
	          jint(wr->json, "message_id") == m0,
	      "widget stream: the agent's read reaches the customer (%s)", wr ? wr->data : "none");
	bool solved = false;
	for (int i = 0; i < sse_count(ws); i++) {
		const struct sse_item *it = sse_item(ws, i);
		if (!strcmp(it->event, "ticket") &&
		    !strcmp(jstr(it->json, "ticket.status") ?: "", "solved"))
			solved = true;
	}
	check(solved, "widget stream: a ticket item with status solved");
	sse_close(a);
	sse_close(ws);
}

/* ---- the first frame: a position to resume from before any change ---- */
static void test_first_frame(bool widget)
{
	const char *nm = widget ? "widget stream" : "agent stream";
	note("--- first frame: %s", nm);
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, P("first frame %d", widget), NULL);
	if (!tid)
		return;
	char path[600];
	snprintf(path, sizeof path, "%s", widget ? stream_path_w(w, -1) : "/api/v1/stream");
	struct sse *st = sse_open(&S, path, widget ? NULL : S.token, NULL);
	open_ok(st, P("%s", nm));
	bool got = sse_wait_last_id(st, 5);
	char lid[32];
	sse_last_event_id(st, lid);
	char *end;
	long long v = strtoll(lid, &end, 10);
	check(got && *lid && !*end && v >= 0,
	      "%s: before any change the first frame gives an id to resume from (\"%s\")", nm, lid);
	check(!strncmp(sse_raw(st), "retry: 2000", 11),
	      "%s: the stream begins with retry: 2000 (%.40s)", nm, sse_raw(st));
	check(sse_count(st) == 0, "%s: that first frame is no item (no data)", nm);
	sse_close(st);
	/* dropped before any change; a message is posted; the reconnection gets it */
	long long m = cust_msg(w, tid, "while the fresh stream was away");
	struct sse *re = sse_open(&S, path, widget ? NULL : S.token, lid);
	open_ok(re, P("%s reconnection with the first frame's id", nm));
	bool ok = wait_msgs(re, tid, 1, 5);
	long long ids[4];
	int n = stream_msgs(re, tid, ids, 4);
	check(ok && n == 1 && ids[0] == m,
	      "%s: a client that dropped before any change and resumes from the first frame's id "
	      "misses nothing (%d messages)",
	      nm, n);
	sse_close(re);
}

/* typing {public:false}: an internal note being written is for agents only */
static void test_private_typing(void)
{
	note("--- typing an internal note");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "private typing", NULL);
	struct sse *a = sse_open(&S, "/api/v1/stream", sup_tok, NULL);
	struct sse *ws = sse_open(&S, stream_path_w(w, -1), NULL, NULL);
	open_ok(a, "supervisor's stream");
	open_ok(ws, "widget stream");
	struct resp *r = http(&S, "POST", P("/api/v1/tickets/%lld/typing", tid), S.token,
	                      "{\"typing\":true,\"public\":false}");
	check_status(r, 204, "typing {typing:true, public:false}: 204");
	check(sse_wait_items(a, "typing", 1, 5), "another agent sees the note being typed");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/typing", tid), S.token,
	         "{\"typing\":true,\"public\":true}");
	check_status(r, 204, "typing {typing:true, public:true}: 204");
	check(sse_wait_items(ws, "typing", 1, 5), "the customer sees a public reply being typed");
	sleep_s(0.3);
	check(sse_count_event(ws, "typing") == 1,
	      "the customer never sees the internal note being typed (%d typing items, want 1)",
	      sse_count_event(ws, "typing"));
	sse_close(a);
	sse_close(ws);
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

/* ---- a stream is no way around revocation, group changes or masking ---- */
static void test_revocation(void)
{
	note("--- open streams follow revocations and group changes");
	char w[256];
	if (!new_session(w, NULL))
		return;
	long long tid = new_chat(w, "revocation chat", NULL);
	if (!tid || !set_group(tid, gA))
		return;
	/* a revoked token */
	char t1[512], t2[512];
	long long a1 =
	    mk_agent(&S, "rev1@test.local", "Rev One", "agent", "L1", P("[%lld]", gA), t1);
	long long a2 =
	    mk_agent(&S, "rev2@test.local", "Rev Two", "agent", "L1", P("[%lld]", gA), t2);
	struct resp *r = http(&S, "GET", "/api/v1/tokens", S.token, NULL);
	long long tokid = 0;
	for (size_t i = 0; i < json_array_size(jget(r->json, "tokens")); i++) {
		json_t *t = json_array_get(jget(r->json, "tokens"), i);
		if (jint(t, "agent_id") == a1)
			tokid = jint(t, "id");
	}
	struct sse *s1 = sse_open(&S, "/api/v1/stream", t1, NULL);
	struct sse *s2 = sse_open(&S, "/api/v1/stream", t2, NULL);
	open_ok(s1, "agent one's stream");
	open_ok(s2, "agent two's stream");
	cust_msg(w, tid, "before REV-0");
	wait_msgs(s1, tid, 1, 5);
	wait_msgs(s2, tid, 1, 5);
	r = http(&S, "DELETE", P("/api/v1/tokens/%lld", tokid), S.token, NULL);
	check_status(r, 204, "revoke agent one's token");
	r = http(&S, "PATCH", P("/api/v1/agents/%lld", a2), S.token, P("{\"groups\":[%lld]}", gB));
	check_status(r, 200, "move agent two out of the chat's group");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", tid), t1, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "(contrast) the revoked token is refused by the REST API at once");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", tid), t2, NULL);
	check_error(r, 404, "not_found", NULL,
	            "(contrast) the REST API hides the chat from the agent moved out of the group");
	agent_post(S.token, tid, "notes", "after the revocation REV-1");
	cust_msg(w, tid, "after the revocation REV-2");
	sleep_s(1.5);
	check(!stream_has(s1, "REV-1") && !stream_has(s1, "REV-2"),
	      "a stream opened with a token revoked since delivers nothing more (token: \"stops "
	      "working at once\"); ended: %d",
	      sse_ended(s1));
	check(!stream_has(s2, "REV-1") && !stream_has(s2, "REV-2"),
	      "an agent moved out of the group gets no more of its chats on the open stream "
	      "(internal notes included)");
	sse_close(s1);
	sse_close(s2);
	/* deactivation and logout */
	char t3[512];
	long long a3 =
	    mk_agent(&S, "rev3@test.local", "Rev Three", "agent", "L1", P("[%lld]", gA), t3);
	struct sse *s3 = sse_open(&S, "/api/v1/stream", t3, NULL);
	open_ok(s3, "agent three's stream");
	r = http(&S, "POST", "/api/v1/auth/login", NULL,
	         "{\"email\":\"rev1@test.local\",\"password\":\"agent password 123\"}");
	const char *sc = r->set_cookie ? strstr(r->set_cookie, "exdesk_session=") : NULL;
	char cookie[600] = "", csrf[256] = "";
	if (sc)
		snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(sc, ";\n"), sc);
	snprintf(csrf, sizeof csrf, "%s", jstr(r->json, "csrf_token") ?: "");
	char ch[700];
	snprintf(ch, sizeof ch, "Cookie: %s", cookie);
	struct sse_opts o = {.path = "/api/v1/stream"};
	o.headers[0] = ch;
	struct sse *sc4 = sse_open_ex(&S, &o);
	open_ok(sc4, "a stream on a session cookie");
	cust_msg(w, tid, "cookie sees REV-3");
	check(wait_msgs(sc4, tid, 1, 5), "the cookie stream carries the group's chat");
	r = http(&S, "PATCH", P("/api/v1/agents/%lld", a3), S.token, "{\"active\":false}");
	check_status(r, 200, "deactivate agent three");
	struct req lo = {
	    .method = "POST", .path = "/api/v1/auth/logout", .cookie = cookie, .csrf = csrf};
	r = http_req(&S, &lo);
	check_status(r, 204, "log the cookie session out");
	r = http(&S, "GET", "/api/v1/auth/me", t3, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "(contrast) the deactivated agent's token is refused by the REST API");
	struct req me = {.method = "GET", .path = "/api/v1/auth/me", .cookie = cookie};
	r = http_req(&S, &me);
	check_error(r, 401, "unauthorized", NULL,
	            "(contrast) the logged-out cookie is refused by the REST API");
	cust_msg(w, tid, "after deactivation REV-4");
	sleep_s(1.5);
	check(!stream_has(s3, "REV-4"), "a deactivated agent's open stream delivers nothing more");
	check(!stream_has(sc4, "REV-4"),
	      "a logged-out session's open stream delivers nothing more");
	sse_close(s3);
	sse_close(sc4);
}

static void test_qa_masking(void)
{
	note("--- qa's stream is masked like qa's API");
	char qt[512];
	mk_agent(&S, "qa.stream@test.local", "QA", "qa", NULL, NULL, qt);
	struct sse *q = sse_open(&S, "/api/v1/stream", qt, NULL);
	open_ok(q, "qa's stream");
	json_t *t =
	    mk_ticket(&S, NULL,
	              "{\"subject\":\"pii on the stream\",\"body\":\"b\",\"requester\":{"
	              "\"email\":\"zhang.wei@example.com\",\"exchange_uid\":\"U99887766\"}}");
	long long tid = jint(t, "id");
	agent_post(S.token, tid, "reply", "hello");
	sse_wait_items(q, "ticket", 1, 5);
	wait_msgs(q, tid, 1, 5);
	sleep_s(0.3);
	bool ticket_item = false;
	for (int i = 0; i < sse_count(q); i++)
		if (!strcmp(sse_item(q, i)->event, "ticket") &&
		    jint(sse_item(q, i)->json, "ticket.id") == tid)
			ticket_item = true;
	check(ticket_item, "qa's stream carries the ticket");
	check(!stream_has(q, "zhang.wei@") && !stream_has(q, "U99887766"),
	      "the requester's full email and uid appear nowhere in qa's stream");
	sse_close(q);
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

static double t_start, t_last;
static void phase(void (*fn)(void), const char *name)
{
	double t0 = now_s();
	fn();
	t_last = now_s();
	note("%s took %.1f s (%.1f s so far)", name, t_last - t0, t_last - t_start);
}

static void resume_all(void)
{
	for (int k = 0; k < 4; k++)
		resume_round(k);
	test_since_zero();
}
static void fire_agent(void)
{
	resume_under_fire(false);
}
static void fire_widget(void)
{
	resume_under_fire(true);
}
static void first_frames(void)
{
	test_first_frame(false);
	test_first_frame(true);
}

int main(void)
{
	h_init(170);
	srv_start(&S);
	t_start = now_s();
	gA = mk_group(&S, "Chat A", "L1");
	gB = mk_group(&S, "Chat B", "L1");
	agent_id =
	    mk_agent(&S, "agent@test.local", "Mei Lin", "agent", "L1", P("[%lld]", gA), agent_tok);
	sup_id = mk_agent(&S, "sup@test.local", "Sam Sup", "supervisor", NULL, NULL, sup_tok);
	phase(test_idle_begin, "idle (open)");
	phase(test_basics, "basics");
	phase(resume_all, "resume");
	phase(fire_agent, "resume under fire (agent)");
	phase(fire_widget, "resume under fire (widget)");
	phase(first_frames, "first frame");
	phase(test_frames, "frames");
	phase(test_kinds, "read/csat");
	phase(test_same_customer, "same customer");
	phase(test_dynamic_visibility, "dynamic visibility");
	phase(test_committed_only, "committed only");
	phase(test_audiences, "audiences");
	phase(test_agent_visibility, "agent visibility");
	phase(test_ephemeral, "ephemeral");
	phase(test_revocation, "revocation");
	phase(test_qa_masking, "qa masking");
	phase(test_private_typing, "private typing");
	phase(test_crowd, "100 clients");

	phase(test_stalled_reader, "stalled reader");
	phase(test_many_idle, "300 idle");
	phase(test_idle_end, "idle (check)");
	phase(test_ping_presence, "pings and presence");
	phase(test_sigterm, "SIGTERM");
	return h_finish();
}
