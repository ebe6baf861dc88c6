/* t_push_access — who gets what on the push channel (docs/chat.md, "Push: Server-Sent Events"):
 *   - the agent stream wants agent credentials, the widget stream a widget token (401 otherwise);
 *   - customer streams carry only their own chats' public messages (notes never, other customers'
 *     chats never, e-mail tickets never, ticket items reduced); the agent stream carries notes,
 *     and only tickets the agent may see, also on replay and after reassignment; qa is masked;
 *   - one verified customer's two sessions share one stream; internal-note typing is agents' only;
 *   - open streams stop delivering after token revocation, group removal, deactivation, logout.
 * Resume and ordering are in t_push.c; idle streams, pings, presence, SIGTERM in t_push_ops.c. */
#include "push_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	push_start();
	phase(test_basics, "basics");
	phase(test_same_customer, "same customer");
	phase(test_dynamic_visibility, "dynamic visibility");
	phase(test_audiences, "audiences");
	phase(test_agent_visibility, "agent visibility");
	phase(test_revocation, "revocation");
	phase(test_qa_masking, "qa masking");
	phase(test_private_typing, "private typing");
	return h_finish();
}
