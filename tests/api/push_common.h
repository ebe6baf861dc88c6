/* push_common.h — what the push-channel programs (t_push, t_push_access, t_push_ops) share: the
 * main server S with its groups and agents, small helpers to open chats and post, to read a
 * stream's message items, and the phase timer. Each program includes it once; it is no library
 * (the helpers are marked unused, so a program that uses only some of them builds clean). */
#ifndef EXDESK_TESTS_API_PUSH_COMMON_H
#define EXDESK_TESTS_API_PUSH_COMMON_H
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A helper of this header: static, and no warning in a program that does not call it. */
#define PUSH_FN static __attribute__((unused))

static struct srv S;
static long long gA, gB, agent_id, sup_id;
static char agent_tok[512], sup_tok[512];

/* ---- small helpers ---- */

PUSH_FN const char *stream_path_w(const char *wtok, long long since)
{
	if (since >= 0)
		return P("/api/v1/widget/stream?token=%s&since=%lld", qenc(wtok), since);
	return P("/api/v1/widget/stream?token=%s", qenc(wtok));
}

/* A widget session; returns the customer id, token into tok (256 bytes). */
PUSH_FN long long new_session(char *tok, const char *json_text)
{
	struct resp *r = mk_widget_session(&S, json_text, tok);
	return r ? jint(r->json, "customer.id") : 0;
}

/* {"body": text} as malloc'd JSON text, whatever its length (jdump() cuts at ~1000 bytes). */
PUSH_FN char *body_json(const char *text)
{
	json_t *j = json_pack("{s:s}", "body", text);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

/* Opens a chat; returns the ticket id (first message id into *mid). */
PUSH_FN long long new_chat(const char *wtok, const char *body, long long *mid)
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

PUSH_FN long long cust_msg(const char *wtok, long long tid, const char *body)
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

PUSH_FN long long agent_post(const char *tok, long long tid, const char *kind, const char *body)
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

PUSH_FN bool set_group(long long tid, long long g)
{
	struct resp *r =
	    http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token, P("{\"group_id\":%lld}", g));
	return checkd(r->status == 200, rdesc(r), "setup: move chat %lld to group %lld", tid, g);
}

/* The message ids of ticket tid in the stream's `message` items, in stream order. */
PUSH_FN int stream_msgs(struct sse *st, long long tid, long long *out, int max)
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

PUSH_FN int count_msgs(struct sse *st, long long tid)
{
	long long dummy[1];
	return stream_msgs(st, tid, dummy, 0);
}

/* Wait until the stream carries at least n messages of tid. */
PUSH_FN bool wait_msgs(struct sse *st, long long tid, int n, double timeout_s)
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
PUSH_FN bool stream_has(struct sse *st, const char *needle)
{
	int n = sse_count(st);
	for (int i = 0; i < n; i++)
		if (strstr(sse_item(st, i)->data, needle))
			return true;
	return false;
}

PUSH_FN bool open_ok(struct sse *st, const char *what)
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

PUSH_FN int idx_of(const long long *a, int n, long long v)
{
	for (int i = 0; i < n; i++)
		if (a[i] == v)
			return i;
	return -1;
}

/* ---- setup and phases ---- */
static double t_start, t_last;
PUSH_FN void phase(void (*fn)(void), const char *name)
{
	double t0 = now_s();
	fn();
	t_last = now_s();
	note("%s took %.1f s (%.1f s so far)", name, t_last - t0, t_last - t_start);
}

/* What every push program starts with: the watchdog, the main server, groups A and B, a group-A
 * agent and a supervisor. */
static void push_start(void)
{
	h_init(170);
	srv_start(&S);
	t_start = now_s();
	gA = mk_group(&S, "Chat A", "L1");
	gB = mk_group(&S, "Chat B", "L1");
	agent_id =
	    mk_agent(&S, "agent@test.local", "Mei Lin", "agent", "L1", P("[%lld]", gA), agent_tok);
	sup_id = mk_agent(&S, "sup@test.local", "Sam Sup", "supervisor", NULL, NULL, sup_tok);
}

#endif
