/* t_push — the push channel's promises (docs/chat.md, "Push: Server-Sent Events"), read the way
 * a browser's EventSource reads them: incrementally, frame by frame, many streams at once.
 * This program: delivery, resume and ordering.
 *   - resume: a client that drops mid-stream and reconnects with Last-Event-ID or ?since= gets
 *     every item of its stream exactly once, ids strictly increasing; an older id re-delivers
 *     exactly the items after it, in order; also while two writers post and the client keeps
 *     reconnecting; the first frame gives an id to resume from;
 *   - 100 clients on one chat all get the same 50 messages, in order, none missing, none twice;
 *   - only committed changes are pushed (a refused request produces no item);
 *   - bodies cannot forge frames; read/csat items carry ids;
 *   - typing/viewers are ephemeral: no id, never replayed.
 * Who gets what is in t_push_access.c; idle streams, pings, presence, SIGTERM in t_push_ops.c. */
#include "push_common.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	/* The solve's frame is not ordered against the read's: wait for it on its own. */
	bool solved = false;
	for (int tries = 0; tries < 100 && !solved; tries++) {
		for (int i = 0; i < sse_count(ws) && !solved; i++) {
			const struct sse_item *it = sse_item(ws, i);
			if (!strcmp(it->event, "ticket") &&
			    !strcmp(jstr(it->json, "ticket.status") ?: "", "solved"))
				solved = true;
		}
		if (!solved)
			sleep_s(0.05);
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
	push_start();
	phase(resume_all, "resume");
	phase(fire_agent, "resume under fire (agent)");
	phase(fire_widget, "resume under fire (widget)");
	phase(first_frames, "first frame");
	phase(test_frames, "frames");
	phase(test_kinds, "read/csat");
	phase(test_committed_only, "committed only");
	phase(test_ephemeral, "ephemeral");
	phase(test_crowd, "100 clients");
	return h_finish();
}
