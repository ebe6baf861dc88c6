/* t_chat — the widget API and the console's live extras (docs/chat.md), every endpoint's
 * success path and its rules: status, anonymous and verified sessions (resume by visitor_id,
 * HMAC user_hash), conversations (subject = first line cut at 80 characters, in CJK and
 * Vietnamese), public messages only, reopening and follow-ups, attachments (type sniffed from the
 * bytes, 5 MiB, downloads for the owner and agents only), isolation between customers, typing
 * and read, CSAT (once, after solving, counted for the replier), viewers, reply collisions,
 * multilingual round trips, and the static pages with their Content-Security-Policy. Every
 * refusal is checked for having stored nothing. */
#include "harness.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct srv S;
static long long gA, agent_id, sup_id, other_id, qa_id;
static char agent_tok[512], sup_tok[512], other_tok[512], qa_tok[512];

#define MAX_ATTACHMENT (5 * 1024 * 1024)

/* a real 1x1 PNG */
static const unsigned char PNG[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9c, 0x63, 0xf8, 0x0f, 0x00, 0x00, 0x01, 0x01, 0x00, 0x05, 0x18, 0xd8, 0x4e, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

/* ---- helpers ---- */

/* compact text of a packed value, which is released (short values only: jdump's limit) */
static const char *jt(json_t *j)
{
	const char *s = jdump(j);
	json_decref(j);
	return s;
}

static char *body_json(const char *text)
{
	json_t *j = json_pack("{s:s}", "body", text);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return s;
}

static long long new_session(char *tok, const char *json_text)
{
	struct resp *r = mk_widget_session(&S, json_text, tok);
	return r ? jint(r->json, "customer.id") : 0;
}

static struct resp *open_chat(const char *wtok, const char *body)
{
	char *js = body_json(body);
	struct resp *r = http_w(&S, "POST", "/api/v1/widget/conversations", wtok, js);
	free(js);
	return r;
}

static long long new_chat(const char *wtok, const char *body, long long *mid)
{
	struct resp *r = open_chat(wtok, body);
	long long id = jint(r->json, "conversation.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "setup: open a chat (%.40s)", body);
		return 0;
	}
	if (mid)
		*mid = jint(r->json, "message.id");
	return id;
}

static struct resp *wpost(const char *wtok, long long tid, const char *what, const char *json)
{
	return http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/%s", tid, what), wtok, json);
}

static long long cust_msg(const char *wtok, long long tid, const char *body)
{
	char *js = body_json(body);
	struct resp *r = wpost(wtok, tid, "messages", js);
	free(js);
	long long id = jint(r->json, "message.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "customer message \"%.40s\" accepted", body);
		return 0;
	}
	return id;
}

static long long agent_post(const char *tok, long long tid, const char *kind, const char *body)
{
	char *js = body_json(body);
	struct resp *r = http(&S, "POST", P("/api/v1/tickets/%lld/%s", tid, kind), tok, js);
	free(js);
	long long id = jint(r->json, "message.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "agent %s \"%.40s\" accepted", kind, body);
		return 0;
	}
	return id;
}

static json_t *ticket(long long tid)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", tid), S.token, NULL);
	return jget(r->json, "ticket");
}

static bool set_status(long long tid, const char *st)
{
	struct resp *r = http(&S, "PATCH", P("/api/v1/tickets/%lld", tid), S.token,
	                      P("{\"status\":\"%s\"}", st));
	return checkd(r->status == 200, rdesc(r), "setup: chat %lld -> %s", tid, st);
}

static struct resp *upload(const char *wtok, long long tid, const void *data, size_t len,
                           const char *ctype, const char *filename)
{
	char h1[400], h2[400];
	snprintf(h1, sizeof h1, "X-Widget-Token: %s", wtok ? wtok : "");
	snprintf(h2, sizeof h2, "X-Filename: %s", filename);
	struct req rq = {.method = "POST",
	                 .path = P("/api/v1/widget/conversations/%lld/attachments", tid),
	                 .body = data,
	                 .body_len = len,
	                 .content_type = ctype,
	                 .timeout_ms = 60000};
	int k = 0;
	if (wtok)
		rq.headers[k++] = h1;
	rq.headers[k++] = h2;
	return http_req(&S, &rq);
}

/* the messages of a conversation as the widget sees them */
static json_t *wmessages(const char *wtok, long long tid, const char *query)
{
	struct resp *r = http_w(
	    &S, "GET", P("/api/v1/widget/conversations/%lld/messages%s", tid, query ? query : ""),
	    wtok, NULL);
	return r->status == 200 ? jget(r->json, "messages") : NULL;
}

static json_t *find_msg(json_t *msgs, long long id)
{
	for (size_t i = 0; i < json_array_size(msgs); i++)
		if (jint(json_array_get(msgs, i), "id") == id)
			return json_array_get(msgs, i);
	return NULL;
}

/* all messages of a ticket as an agent sees them */
static json_t *amessages(long long tid)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/messages?limit=100", tid), S.token, NULL);
	return jget(r->json, "messages");
}

/* s equals one of the '|'-separated alternatives */
static bool one_of(const char *s, const char *alts)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	for (const char *p = alts;;) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == n && !strncmp(p, s, n))
			return true;
		if (!bar)
			return false;
		p = bar + 1;
	}
}

/* first n code points of s */
static const char *first_chars(const char *s, int n)
{
	static char out[4][2048];
	static int k;
	char *o = out[k++ % 4];
	const unsigned char *p = (const unsigned char *)s;
	int c = 0;
	size_t i = 0;
	while (p[i] && p[i] != '\n' && c < n) {
		size_t len = p[i] < 0x80 ? 1 : p[i] < 0xe0 ? 2 : p[i] < 0xf0 ? 3 : 4;
		i += len;
		c++;
	}
	snprintf(o, 2048, "%.*s", (int)i, s);
	return o;
}

static int utf8_len(const char *s)
{
	int c = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		c += (*p & 0xc0) != 0x80;
	return c;
}

/* ---- widget/status ---- */
static struct resp *status_now(void)
{
	return http(&S, "GET", "/api/v1/widget/status", NULL, NULL);
}

static void presence(const char *tok, long long id, const char *st)
{
	struct resp *r = http(&S, "PUT", P("/api/v1/agents/%lld/presence", id), tok,
	                      P("{\"status\":\"%s\"}", st));
	checkd(r->status == 200, rdesc(r), "setup: agent %lld %s", id, st);
}

static void test_status(void)
{
	note("--- widget/status");
	presence(S.token, S.admin_id, "offline");
	presence(agent_tok, agent_id, "offline");
	presence(sup_tok, sup_id, "offline");
	presence(other_tok, other_id, "offline");
	struct resp *r = status_now();
	check_status(r, 200, "GET /api/v1/widget/status without credentials: 200");
	check(json_is_boolean(jget(r->json, "online")) &&
	          json_is_integer(jget(r->json, "agents_online")) && jstr(r->json, "hours") &&
	          *jstr(r->json, "hours") && jhas(r->json, "next_open") &&
	          (jisnull(r->json, "next_open") || jstr(r->json, "next_open")),
	      "status has {online: bool, agents_online: n, hours: text, next_open} (%s)", r->body);
	check(json_is_false(jget(r->json, "online")) && jint(r->json, "agents_online") == 0,
	      "with every agent offline: online false, agents_online 0 (%s)", r->body);
	char w[256];
	new_session(w, NULL);
	r = open_chat(w, "anyone there?");
	check(r->status == 201 && json_is_true(jget(r->json, "offline")),
	      "a chat opened while nobody is online says \"offline\": true (%s)", rdesc(r));
	presence(agent_tok, agent_id, "online");
	r = status_now();
	check(json_is_true(jget(r->json, "online")) && jint(r->json, "agents_online") == 1,
	      "one agent online: online true, agents_online 1 (%s)", r->body);
	r = open_chat(w, "now someone is there");
	check(r->status == 201 && !json_is_true(jget(r->json, "offline")),
	      "a chat opened while an agent is online is not offline (%s)", rdesc(r));
	presence(sup_tok, sup_id, "away");
	r = status_now();
	check(jint(r->json, "agents_online") == 1, "an away agent does not count as online (%s)",
	      r->body);
	presence(agent_tok, agent_id, "offline");
	presence(sup_tok, sup_id, "offline");
	r = status_now();
	check(json_is_false(jget(r->json, "online")), "everyone offline again: online false");
	presence(qa_tok, qa_id, "online");
	r = status_now();
	check(json_is_false(jget(r->json, "online")) && jint(r->json, "agents_online") == 0,
	      "a qa agent online does not make the widget online (%s)", r->body);
	presence(qa_tok, qa_id, "offline");
}

/* ---- settings/chat ---- */
static long long newest_event_id(void)
{
	struct resp *r = http(&S, "GET", "/api/v1/audit/events?limit=1", S.token, NULL);
	return jint(r->json, "events.0.id");
}

static void test_chat_settings(void)
{
	note("--- settings/chat");
	struct resp *r = http(&S, "GET", "/api/v1/settings/chat", S.token, NULL);
	check_status(r, 200, "GET /api/v1/settings/chat as admin: 200");
	check(jhas(r->json, "group_id") && jstr(r->json, "hours"), "it has {group_id, hours} (%s)",
	      r->body);
	const char *hours = "Mon\u2013Fri 09:00\u201318:00 UTC";
	const char *hours_utf8 = "Mon\xe2\x80\x93"
	                         "Fri 09:00\xe2\x80\x93"
	                         "18:00 UTC";
	long long e0 = newest_event_id();
	r = http(&S, "PUT", "/api/v1/settings/chat", S.token,
	         P("{\"group_id\":%lld,\"hours\":\"%s\"}", gA, hours));
	check(r->status == 200 && jint(r->json, "group_id") == gA &&
	          !strcmp(jstr(r->json, "hours") ?: "", hours_utf8),
	      "PUT /api/v1/settings/chat {group_id, hours}: 200 with both (%s)", rdesc(r));
	check(newest_event_id() > e0, "the change is audited (a new audit event)");
	r = http(&S, "GET", "/api/v1/settings/chat", S.token, NULL);
	check(jint(r->json, "group_id") == gA && !strcmp(jstr(r->json, "hours") ?: "", hours_utf8),
	      "GET gives back what was put (%s)", r->body);
	r = status_now();
	check_str(jstr(r->json, "hours"), hours_utf8,
	          "the widget status shows those hours while nobody is online");
	char w[256];
	new_session(w, NULL);
	long long tid = new_chat(w, "routed to the chat group", NULL);
	check_int(jint(ticket(tid), "group_id"), gA, "a new chat goes to the configured group");
	long long rid = agent_post(agent_tok, tid, "reply", "the group agent can answer it");
	check(rid > 0, "and the group's agent can see and answer it");
	r = http(&S, "PUT", "/api/v1/settings/chat", S.token, "{\"group_id\":null}");
	check(r->status == 200 && jisnull(r->json, "group_id") &&
	          !strcmp(jstr(r->json, "hours") ?: "", hours_utf8),
	      "PUT {group_id: null}: 200, hours unchanged (%s)", rdesc(r));
	tid = new_chat(w, "no group again", NULL);
	check(jisnull(ticket(tid), "group_id"), "new chats have no group again");
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "PUT", "/api/v1/settings/chat", S.token, "{\"group_id\":999999}");
	check_error(r, 422, "invalid_value", "group_id",
	            "PUT settings/chat with an unknown group: 422");
	check_unchanged(&S, fp, NULL, "and nothing stored");
}

/* ---- auth/me on a cookie session gives the csrf token (a second console tab) ---- */
static void test_second_tab(void)
{
	note("--- a second console tab");
	struct resp *r =
	    http(&S, "POST", "/api/v1/auth/login", NULL,
	         "{\"email\":\"" ADMIN_EMAIL "\",\"password\":\"" ADMIN_PASSWORD "\"}");
	check_status(r, 200, "login: 200");
	const char *csrf = jstr(r->json, "csrf_token");
	char cookie[600] = "", tok1[256];
	snprintf(tok1, sizeof tok1, "%s", csrf ? csrf : "");
	const char *sc = r->set_cookie ? strstr(r->set_cookie, "exdesk_session=") : NULL;
	if (sc)
		snprintf(cookie, sizeof cookie, "%.*s", (int)strcspn(sc, ";\n"), sc);
	struct req rq = {.method = "GET", .path = "/api/v1/auth/me", .cookie = cookie};
	r = http_req(&S, &rq);
	const char *c2 = jstr(r->json, "csrf_token");
	check(r->status == 200 && c2 && *c2,
	      "GET /api/v1/auth/me with the cookie returns a csrf_token "
	      "(%s)",
	      rdesc(r));
	char tok2[256];
	snprintf(tok2, sizeof tok2, "%s", c2 ? c2 : "");
	struct req post = {.method = "POST",
	                   .path = "/api/v1/tickets",
	                   .cookie = cookie,
	                   .csrf = tok2,
	                   .body = "{\"subject\":\"second tab\",\"body\":\"b\","
	                           "\"requester\":{\"email\":\"tab@example.com\"}}"};
	r = http_req(&S, &post);
	check_status(r, 201, "the second tab writes with that csrf_token: 201");
	rq.cookie = NULL;
	rq.token = S.token;
	r = http_req(&S, &rq);
	check(r->status == 200 && !jhas(r->json, "csrf_token"),
	      "with a bearer token there is no csrf_token to give (%s)", rdesc(r));
}

/* ---- sessions ---- */
static void test_sessions(void)
{
	note("--- widget sessions");
	struct resp *r = http(&S, "POST", "/api/v1/widget/session", NULL, "{}");
	check_status(r, 201, "anonymous session: 201");
	const char *tok = jstr(r->json, "token"), *vid = jstr(r->json, "visitor_id");
	long long cid = jint(r->json, "customer.id");
	check(tok && strlen(tok) >= 20 && vid && *vid && cid > 0 &&
	          json_is_false(jget(r->json, "customer.verified")),
	      "anonymous session: {token, customer:{id, verified:false}, visitor_id} (%s)",
	      r->body);
	check(jhas(r->json, "customer.name") && jhas(r->json, "customer.email"),
	      "the customer object has name and email");
	char t1[256], v1[256];
	snprintf(t1, sizeof t1, "%s", tok ? tok : "");
	snprintf(v1, sizeof v1, "%s", vid ? vid : "");
	check(!db_files_contain(&S, t1), "the widget token is not stored in clear in the database");
	long long tid = new_chat(t1, "resumable visitor", NULL);

	r = http(&S, "POST", "/api/v1/widget/session", NULL, P("{\"visitor_id\":\"%s\"}", v1));
	check_status(r, 201, "a session with the visitor_id: 201");
	check_int(jint(r->json, "customer.id"), cid, "the visitor_id resumes the same customer");
	check_str(jstr(r->json, "visitor_id"), v1, "and returns the same visitor_id");
	char t2[256];
	snprintf(t2, sizeof t2, "%s", jstr(r->json, "token") ?: "");
	check(strcmp(t1, t2) != 0, "with a fresh token");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", t2, NULL);
	bool listed = false;
	for (size_t i = 0; i < json_array_size(jget(r->json, "conversations")); i++)
		listed |= jint(json_array_get(jget(r->json, "conversations"), i), "id") == tid;
	check(r->status == 200 && listed, "the resumed session lists the chat of the first (%s)",
	      rdesc(r));
	r = http_w(&S, "GET", "/api/v1/widget/conversations", t1, NULL);
	check_status(r, 200, "the first token still works");

	r = http(&S, "POST", "/api/v1/widget/session", NULL, "{}");
	check(r->status == 201 && jint(r->json, "customer.id") != cid &&
	          strcmp(jstr(r->json, "visitor_id") ?: "", v1),
	      "a session without visitor_id is a new visitor");

	/* name / email */
	const char *nm = "Nguy\xe1\xbb\x85n V\xc4\x83n An";
	r = http_w(&S, "PATCH", "/api/v1/widget/session", t1,
	           jt(jpack("{s:s,s:s,s:s}", "name", nm, "email", "an.nguyen@example.com",
	                    "language", "vi")));
	check_status(r, 200, "PATCH /api/v1/widget/session {name, email, language}: 200");
	check_str(jstr(r->json, "customer.name"), nm, "the answer carries the new name");
	check_str(jstr(r->json, "customer.email"), "an.nguyen@example.com",
	          "the answer carries the new email");
	r = http(&S, "GET", P("/api/v1/customers/%lld", cid), S.token, NULL);
	check_str(jstr(r->json, "customer.name"), nm,
	          "the agent side sees the name on the customer");
	check(r->status == 200 && strstr(r->body, "an.nguyen@example.com"),
	      "the agent side sees the email among the customer's identities (%s)", rdesc(r));
	json_t *t = ticket(tid);
	check_str(jstr(t, "requester.name"), nm, "the chat's requester shows the name");

	/* verified */
	r = http(&S, "GET", "/api/v1/settings/identity", S.token, NULL);
	const char *sec = jstr(r->json, "identity_secret");
	char secret[256] = "";
	snprintf(secret, sizeof secret, "%s", sec ? sec : "");
	char hash[65];
	hmac_sha256_hex(secret, strlen(secret), "UCHAT-1", 7, hash);
	/* past chats: one chat ticket and one e-mail ticket of that uid, made through the API */
	json_t *past =
	    mk_ticket(&S, NULL,
	              "{\"subject\":\"earlier chat\",\"body\":\"hi\",\"channel\":\"chat\","
	              "\"requester\":{\"exchange_uid\":\"UCHAT-1\"}}");
	json_t *mail = mk_ticket(&S, NULL,
	                         "{\"subject\":\"a mail\",\"body\":\"hi\",\"channel\":\"email\","
	                         "\"requester\":{\"exchange_uid\":\"UCHAT-1\"}}");
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"UCHAT-1\",\"user_hash\":\"%s\"}", hash));
	check_status(r, 201, "verified session with exchange_uid + user_hash: 201");
	check(json_is_true(jget(r->json, "customer.verified")), "customer.verified is true");
	check_int(jint(r->json, "customer.id"), jint(past, "requester.id"),
	          "the verified session is the exchange user the desk already knows");
	char tv[256];
	snprintf(tv, sizeof tv, "%s", jstr(r->json, "token") ?: "");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", tv, NULL);
	json_t *cl = jget(r->json, "conversations");
	bool has_past = false, has_mail = false;
	for (size_t i = 0; i < json_array_size(cl); i++) {
		has_past |= jint(json_array_get(cl, i), "id") == jint(past, "id");
		has_mail |= jint(json_array_get(cl, i), "id") == jint(mail, "id");
	}
	check(has_past, "the verified session lists the user's past chat (%s)", rdesc(r));
	check(!has_mail, "but not the user's e-mail ticket (chat tickets only)");
	long long vchat = new_chat(tv, "opened on the laptop", NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"UCHAT-1\",\"user_hash\":\"%s\"}", hash));
	char tv2[256];
	snprintf(tv2, sizeof tv2, "%s", jstr(r->json, "token") ?: "");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", tv2, NULL);
	check(r->status == 200 && strstr(r->body, "opened on the laptop"),
	      "a second verified session (another device) sees the chat of the first");
	(void)vchat;

	struct {
		const char *body, *what, *codes, *field;
	} bad[] = {
	    {P("{\"exchange_uid\":\"UCHAT-1\",\"user_hash\":\"%s\"}",
	       "0000000000000000000000000000000000000000000000000000000000000000"),
	     "a wrong user_hash", "invalid_value", "user_hash"},
	    {P("{\"exchange_uid\":\"UCHAT-2\",\"user_hash\":\"%s\"}", hash),
	     "the hash of another uid", "invalid_value", "user_hash"},
	    {"{\"exchange_uid\":\"UCHAT-3\"}", "exchange_uid without user_hash",
	     "missing_field|invalid_value", "user_hash|exchange_uid"},
	    {P("{\"exchange_uid\":\"UCHAT-4\",\"user_hash\":\"%s\",\"name\":\"Mallory\"}",
	       "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"),
	     "a wrong user_hash with a name", "invalid_value", "user_hash"},
	};
	char bodies[4][400];
	for (int i = 0; i < 4; i++)
		snprintf(bodies[i], sizeof bodies[i], "%s", bad[i].body);
	for (int i = 0; i < 4; i++) {
		char *fp = db_fingerprint(&S, NULL);
		r = http(&S, "POST", "/api/v1/widget/session", NULL, bodies[i]);
		const char *f = err_field(r);
		check(r->status == 422 && error_shape_ok(r) && one_of(err_code(r), bad[i].codes) &&
		          one_of(f, bad[i].field),
		      "widget session with %s: 422 %s field %s (got %s)", bad[i].what, bad[i].codes,
		      bad[i].field, rdesc(r));
		check_unchanged(&S, fp, NULL, "widget session with %s: nothing stored",
		                bad[i].what);
	}
	/* a rotated secret stops verifying */
	r = http(&S, "POST", "/api/v1/settings/identity/rotate", S.token, NULL);
	const char *ns = jstr(r->json, "identity_secret");
	char nsecret[256];
	snprintf(nsecret, sizeof nsecret, "%s", ns ? ns : "");
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"UCHAT-1\",\"user_hash\":\"%s\"}", hash));
	check_error(r, 422, "invalid_value", NULL,
	            "after the identity secret is rotated, a hash made with the old one is 422");
	check_unchanged(&S, fp, NULL, "and nothing is stored");
	char nh[65];
	hmac_sha256_hex(nsecret, strlen(nsecret), "UCHAT-1", 7, nh);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"UCHAT-1\",\"user_hash\":\"%s\"}", nh));
	check(r->status == 201 && jint(r->json, "customer.id") == jint(past, "requester.id"),
	      "a hash made with the new secret verifies the same user (%s)", rdesc(r));
}

/* ---- conversations ---- */
static void test_conversations(void)
{
	note("--- conversations");
	char w[256], w2[256];
	long long cid = new_session(w, NULL);
	new_session(w2, NULL);
	/* CJK first line of 100 characters */
	char cjk[2048];
	snprintf(cjk, sizeof cjk, "%s\n%s", repeat("\xe5\x85\x85\xe5\x80\xbc", 50),
	         "\xe7\xac\xac\xe4\xba\x8c\xe8\xa1\x8c");
	struct resp *r = open_chat(w, cjk);
	check_status(r, 201, "POST /api/v1/widget/conversations: 201");
	long long c1 = jint(r->json, "conversation.id");
	const char *subj = jstr(r->json, "conversation.subject");
	check_str(subj, first_chars(cjk, 80),
	          "subject = the first line cut at 80 characters (CJK: 80 characters, 240 bytes)");
	check_str(jstr(r->json, "message.body"), cjk,
	          "the first message is the whole body, intact");
	check_str(jstr(r->json, "message.kind"), "customer", "its kind is customer");
	check(jstr(r->json, "conversation.number") &&
	          !strncmp(jstr(r->json, "conversation.number"), "EXD-", 4) &&
	          !strcmp(jstr(r->json, "conversation.status") ?: "", "new") &&
	          rfc3339_utc(jstr(r->json, "conversation.updated_at")) > 0 &&
	          jhas(r->json, "conversation.csat"),
	      "conversation: {id, number EXD-…, subject, status new, updated_at, csat} (%s)",
	      jdump(jget(r->json, "conversation")));
	json_t *t = ticket(c1);
	check_str(jstr(t, "channel"), "chat", "the agent side sees a ticket with channel chat");
	check_int(jint(t, "requester.id"), cid, "whose requester is the session's customer");
	check_str(jstr(t, "subject"), subj, "with the same subject");

	/* Vietnamese (precomposed), 95 characters in the first line */
	const char *vi =
	    "T\xc3\xb4i \xc4\x91\xc3\xa3 n\xe1\xba\xa1p ti\xe1\xbb\x81n v\xc3\xa0o "
	    "t\xc3\xa0i kho\xe1\xba\xa3n nh\xc6\xb0ng s\xe1\xbb\x91 d\xc6\xb0 v\xe1\xba\xabn "
	    "ch\xc6\xb0\x61 \xc4\x91\xc6\xb0\xe1\xbb\xa3\x63 c\xe1\xba\xadp nh\xe1\xba\xadt "
	    "sau hai gi\xe1\xbb\x9d \xc4\x91\xe1\xbb\x93ng h\xe1\xbb\x93, xin h\xc3\xa3y "
	    "gi\xc3\xbap t\xc3\xb4i\nC\xe1\xba\xa3m \xc6\xa1n";
	r = open_chat(w, vi);
	long long c2 = jint(r->json, "conversation.id");
	check(utf8_len(first_chars(vi, 1000)) > 80, "(the Vietnamese first line has %d characters)",
	      utf8_len(first_chars(vi, 1000)));
	check_str(jstr(r->json, "conversation.subject"), first_chars(vi, 80),
	          "Vietnamese: subject = the first 80 characters of the first line");
	check_str(jstr(r->json, "message.body"), vi, "Vietnamese body intact");
	r = open_chat(w, "Deposit missing\nTxID 0xabc, 2 hours ago");
	long long c3 = jint(r->json, "conversation.id");
	check_str(jstr(r->json, "conversation.subject"), "Deposit missing",
	          "a short first line is the subject as it is");

	/* list: newest first */
	r = http_w(&S, "GET", "/api/v1/widget/conversations", w, NULL);
	check_status(r, 200, "GET /api/v1/widget/conversations: 200");
	json_t *cl = jget(r->json, "conversations");
	check(json_array_size(cl) == 3 && jint(json_array_get(cl, 0), "id") == c3 &&
	          jint(json_array_get(cl, 1), "id") == c2 &&
	          jint(json_array_get(cl, 2), "id") == c1,
	      "the list holds the customer's 3 chats, newest first (%s)", jdump(cl));
	json_t *e0 = json_array_get(cl, 0);
	check(
	    jint(e0, "id") > 0 && jstr(e0, "number") && jstr(e0, "subject") && jstr(e0, "status") &&
	        rfc3339_utc(jstr(e0, "updated_at")) > 0 && jisnull(e0, "csat"),
	    "each entry has {id, number, subject, status, updated_at, csat:null} (%s)", jdump(e0));
	r = http_w(&S, "GET", "/api/v1/widget/conversations", w2, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "conversations")) == 0,
	      "another visitor's list is empty (%s)", rdesc(r));

	/* messages: public only, oldest first */
	long long first = jint(json_array_get(amessages(c3), 0), "id");
	long long rep = agent_post(S.token, c3, "reply", "We are checking TxID 0xabc.");
	long long nt = agent_post(S.token, c3, "notes", "INTERNAL: suspicious, check AML first");
	long long cm = cust_msg(w, c3, "Thanks!");
	r = http_w(&S, "GET", P("/api/v1/widget/conversations/%lld/messages", c3), w, NULL);
	check_status(r, 200, "GET /api/v1/widget/conversations/{id}/messages: 200");
	json_t *ms = jget(r->json, "messages");
	check(json_array_size(ms) == 3 && jint(json_array_get(ms, 0), "id") == first &&
	          jint(json_array_get(ms, 1), "id") == rep &&
	          jint(json_array_get(ms, 2), "id") == cm,
	      "the widget sees customer, reply, customer — oldest first (%s)", jdump(ms));
	check(!find_msg(ms, nt) && !strstr(r->body, "INTERNAL") && !strstr(r->body, "\"note\""),
	      "the internal note is nowhere in the widget's answer");
	bool kinds = true;
	for (size_t i = 0; i < json_array_size(ms); i++) {
		const char *k = jstr(json_array_get(ms, i), "kind");
		kinds &=
		    k && (!strcmp(k, "reply") || !strcmp(k, "customer") || !strcmp(k, "system"));
	}
	check(kinds, "only kinds reply, customer, system");
	json_t *after = wmessages(w, c3, P("?after=%lld", rep));
	check(json_array_size(after) == 1 && jint(json_array_get(after, 0), "id") == cm,
	      "?after=<reply id> gives only what came after it (%s)", jdump(after));
	json_t *rm = find_msg(ms, rep);
	check(rm && !strcmp(jstr(rm, "author.type") ?: "", "agent") && jstr(rm, "author.name"),
	      "the reply shows the agent as author (%s)", jdump(rm));
	check(!strstr(r->body, ADMIN_EMAIL), "no agent e-mail address reaches the widget");
}

/* ---- reopen, follow-up ---- */
static void test_reopen(void)
{
	note("--- a customer message reopens a solved chat, follows up a closed one");
	char w[256];
	new_session(w, NULL);
	long long tid = new_chat(w, "please reopen", NULL);
	agent_post(S.token, tid, "reply", "done");
	set_status(tid, "solved");
	long long m = cust_msg(w, tid, "it is not done");
	check(m > 0, "a customer message on a solved chat: 201");
	check_str(jstr(ticket(tid), "status"), "open", "the solved chat is open again");
	set_status(tid, "solved");
	set_status(tid, "closed");
	char *js = body_json("back again after closing");
	struct resp *r = wpost(w, tid, "messages", js);
	free(js);
	check_status(r, 201, "a customer message on a closed chat: 201");
	long long nt = jint(r->json, "message.ticket_id");
	check(nt > 0 && nt != tid, "it lands on a new ticket (follow-up %lld of %lld)", nt, tid);
	json_t *f = ticket(nt);
	check(jint(f, "parent_id") == tid && !strcmp(jstr(f, "channel") ?: "", "chat"),
	      "the follow-up is a chat whose parent_id is the closed one (%s)", jdump(f));
	check_str(jstr(ticket(tid), "status"), "closed", "the closed chat stays closed");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", w, NULL);
	check(r->status == 200 && jint(r->json, "conversations.0.id") == nt,
	      "the follow-up heads the customer's list");
}

/* ---- attachments ---- */
static void test_attachments(void)
{
	note("--- attachments");
	char w[256], w2[256];
	new_session(w, NULL);
	new_session(w2, NULL);
	long long tid = new_chat(w, "here is a screenshot", NULL);
	long long tid2 = new_chat(w2, "someone else", NULL);
	struct resp *r = upload(w, tid, PNG, sizeof PNG, "image/png", "shot.png");
	check_status(r, 201, "a real PNG as image/png: 201");
	json_t *att = jget(r->json, "message.attachments.0");
	long long aid = jint(att, "id");
	check(aid > 0 && !strcmp(jstr(att, "filename") ?: "", "shot.png") &&
	          !strcmp(jstr(att, "content_type") ?: "", "image/png") &&
	          jint(att, "size") == (long long)sizeof PNG,
	      "the message carries the attachment {id, filename, content_type, size} (%s)",
	      jdump(att));
	struct req dq = {.method = "GET",
	                 .path = P("/api/v1/attachments/%lld?token=%s", aid, qenc(w))};
	r = http_req(&S, &dq);
	check(r->status == 200 && r->len == sizeof PNG && !memcmp(r->body, PNG, sizeof PNG),
	      "the widget session downloads it byte-identical (%s)", rdesc(r));
	check(r->content_type && contains(r->content_type, "image/png"),
	      "with Content-Type image/png (%s)", r->content_type ? r->content_type : "none");
	check(!contains(r->headers, "Content-Disposition: attachment"),
	      "an image is not forced to download");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", aid), S.token, NULL);
	check(r->status == 200 && r->len == sizeof PNG && !memcmp(r->body, PNG, sizeof PNG),
	      "an agent downloads it byte-identical (%s)", rdesc(r));
	json_t *ms = wmessages(w, tid, NULL);
	check(ms && strstr(jdump(ms), "shot.png"),
	      "the widget's message list shows the attachment");
	json_t *am = amessages(tid);
	bool in_agent = false;
	for (size_t i = 0; i < json_array_size(am); i++)
		in_agent |= jint(json_array_get(am, i), "attachments.0.id") == aid;
	check(in_agent, "GET /api/v1/tickets/{id}/messages items carry the attachment too");

	/* pdf: a download */
	const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	r = upload(w, tid, pdf, sizeof pdf - 1, "application/pdf", "statement.pdf");
	check_status(r, 201, "a PDF as application/pdf: 201");
	long long pid = jint(r->json, "message.attachments.0.id");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", pid), S.token, NULL);
	check(r->status == 200 && contains(r->headers, "Content-Disposition: attachment"),
	      "a PDF comes with Content-Disposition: attachment (%s)", rdesc(r));
	const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J',  'F',
	                             'I',  'F',  0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
	                             0x00, 0x01, 0x00, 0x00, 0xff, 0xd9};
	r = upload(w, tid, jpg, sizeof jpg, "image/jpeg", "photo.jpg");
	check_status(r, 201, "JPEG bytes as image/jpeg: 201");
	const char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";
	r = upload(w, tid, gif, sizeof gif - 1, "image/gif", "a.gif");
	check_status(r, 201, "GIF bytes as image/gif: 201");

	struct {
		const void *data;
		size_t len;
		const char *ctype, *what;
	} bad[] = {
	    {"just some text, not an image\n", 29, "image/png", "a text file labelled image/png"},
	    {"<!doctype html><script>alert(1)</script>", 40, "text/html",
	     "an HTML file as text/html"},
	    {"<!doctype html><script>alert(1)</script>", 40, "image/png",
	     "an HTML file labelled image/png"},
	    {PNG, sizeof PNG, "image/jpeg", "PNG bytes labelled image/jpeg"},
	    {"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", 72,
	     "image/svg+xml", "an SVG"},
	    {"%PDF-1.4\n", 9, "text/plain", "PDF bytes labelled text/plain"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *fp = db_fingerprint(&S, NULL);
		r = upload(w, tid, bad[i].data, bad[i].len, bad[i].ctype, "x.png");
		check_error(r, 415, "unsupported_media_type", NULL, "%s: 415", bad[i].what);
		check_unchanged(&S, fp, NULL, "%s: nothing stored", bad[i].what);
	}
	/* size: exactly MAX_ATTACHMENT is fine, one byte more is 413 */
	unsigned char *big = calloc(1, MAX_ATTACHMENT + 1);
	memcpy(big, PNG, sizeof PNG);
	char *fp = db_fingerprint(&S, NULL);
	r = upload(w, tid, big, MAX_ATTACHMENT + 1, "image/png", "huge.png");
	check_error(r, 413, "body_too_large", NULL, "an attachment of 5 MiB + 1 byte: 413");
	check_unchanged(&S, fp, NULL, "the 5 MiB + 1 upload stored nothing");
	r = upload(w, tid, big, MAX_ATTACHMENT, "image/png", "exactly5.png");
	check_status(r, 201, "an attachment of exactly 5 MiB (MAX_ATTACHMENT): 201");
	long long bid = jint(r->json, "message.attachments.0.id");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", bid), S.token, NULL);
	check(r->status == 200 && r->len == MAX_ATTACHMENT && !memcmp(r->body, big, MAX_ATTACHMENT),
	      "and it comes back whole (%zu bytes)", r->len);
	free(big);

	/* who may download */
	fp = db_fingerprint(&S, NULL);
	struct req q2 = {.method = "GET",
	                 .path = P("/api/v1/attachments/%lld?token=%s", aid, qenc(w2))};
	r = http_req(&S, &q2);
	check_error(r, 404, "not_found", NULL, "another widget session downloading it: 404");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", aid), NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "downloading without any credentials: 401");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", aid), agent_tok, NULL);
	check_error(r, 404, "not_found", NULL,
	            "an agent who cannot see the chat (group A agent, chat without group): 404");
	r = upload(w2, tid, PNG, sizeof PNG, "image/png", "intruder.png");
	check_error(r, 404, "not_found", NULL, "uploading into someone else's chat: 404");
	check_unchanged(&S, fp, NULL, "the refused uploads and downloads stored nothing");
	r = http(&S, "GET", "/api/v1/attachments/999999", S.token, NULL);
	check_error(r, 404, "not_found", NULL, "an unknown attachment: 404");
	(void)tid2;
}

/* ---- isolation ---- */
static void test_isolation(void)
{
	note("--- one customer cannot touch another's conversation");
	char wa[256], wb[256];
	new_session(wa, NULL);
	new_session(wb, NULL);
	long long m;
	long long tid = new_chat(wa, "private matter SECRET-A", &m);
	agent_post(S.token, tid, "reply", "private answer");
	set_status(tid, "solved");
	struct {
		const char *method, *what, *body;
	} ops[] = {
	    {"GET", "messages", NULL},
	    {"POST", "messages", "{\"body\":\"let me in\"}"},
	    {"POST", "typing", "{\"typing\":true}"},
	    {"POST", "read", NULL},
	    {"POST", "csat", "{\"rating\":1,\"comment\":\"sabotage\"}"},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		const char *body = ops[i].body ? ops[i].body : P("{\"message_id\":%lld}", m);
		char bcopy[200];
		snprintf(bcopy, sizeof bcopy, "%s", body);
		char *fp = db_fingerprint(&S, NULL);
		struct resp *r = http_w(
		    &S, ops[i].method, P("/api/v1/widget/conversations/%lld/%s", tid, ops[i].what),
		    wb, ops[i].body || strcmp(ops[i].method, "GET") ? bcopy : NULL);
		check_error(r, 404, "not_found", NULL, "another session: %s …/{id}/%s is 404",
		            ops[i].method, ops[i].what);
		check(!strstr(r->body, "SECRET-A") && !strstr(r->body, "private answer"),
		      "another session: %s …/{id}/%s reveals nothing", ops[i].method, ops[i].what);
		check_unchanged(&S, fp, NULL, "another session: %s …/{id}/%s stored nothing",
		                ops[i].method, ops[i].what);
	}
	struct resp *r = http_w(&S, "GET", "/api/v1/widget/conversations", wb, NULL);
	check(!strstr(r->body, "SECRET-A"), "and the other's list does not show it");
	r = http_w(&S, "GET", "/api/v1/widget/conversations/999999/messages", wa, NULL);
	check_error(r, 404, "not_found", NULL, "an unknown conversation: 404");
	/* an API ticket of another customer, not a chat */
	json_t *t = mk_ticket_simple(&S, NULL, "mail ticket", "mail@example.com", 0);
	r = http_w(&S, "GET", P("/api/v1/widget/conversations/%lld/messages", jint(t, "id")), wa,
	           NULL);
	check_error(r, 404, "not_found", NULL, "a non-chat ticket of someone else: 404");
}

/* ---- typing and read ---- */
static void test_typing_read(void)
{
	note("--- typing and read");
	char w[256];
	new_session(w, NULL);
	long long m0;
	long long tid = new_chat(w, "typing and reading", &m0);
	long long rid = agent_post(S.token, tid, "reply", "hello, reading you");
	struct sse *a = sse_open(&S, "/api/v1/stream", sup_tok, NULL);
	struct sse *ws = sse_open(&S, P("/api/v1/widget/stream?token=%s", qenc(w)), NULL, NULL);
	sse_wait_open(a, 5);
	sse_wait_open(ws, 5);
	struct resp *r = wpost(w, tid, "typing", "{\"typing\":true}");
	check(r->status == 204 && r->len == 0, "widget typing true: 204 without a body (%s)",
	      rdesc(r));
	r = wpost(w, tid, "typing", "{\"typing\":false}");
	check_status(r, 204, "widget typing false: 204");
	r = wpost(w, tid, "read", P("{\"message_id\":%lld}", rid));
	check_status(r, 204, "widget read: 204");
	bool got = sse_wait_items(a, "read", 1, 5);
	const struct sse_item *it = NULL;
	for (int i = 0; got && i < sse_count(a); i++)
		if (!strcmp(sse_item(a, i)->event, "read"))
			it = sse_item(a, i);
	check(it && jint(it->json, "ticket_id") == tid && jint(it->json, "message_id") == rid &&
	          !strcmp(jstr(it->json, "by") ?: "", "customer"),
	      "the agent stream gets read {ticket_id, message_id, by: customer} (%s)",
	      it ? it->data : "nothing");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/read", tid), S.token,
	         P("{\"message_id\":%lld}", m0));
	check_status(r, 204, "POST /api/v1/tickets/{id}/read: 204");
	got = sse_wait_items(ws, "read", 1, 5);
	it = NULL;
	for (int i = 0; got && i < sse_count(ws); i++)
		if (!strcmp(sse_item(ws, i)->event, "read"))
			it = sse_item(ws, i);
	check(it && jint(it->json, "message_id") == m0 &&
	          !strcmp(jstr(it->json, "by") ?: "", "agent"),
	      "the customer's stream gets read {by: agent} (%s)", it ? it->data : "nothing");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/typing", tid), S.token, "{\"typing\":true}");
	check_status(r, 204, "POST /api/v1/tickets/{id}/typing: 204");
	sse_close(a);
	sse_close(ws);
}

/* ---- csat ---- */
static json_t *agent_csat(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/agents/%lld/csat", id), S.token, NULL);
	checkd(r->status == 200, rdesc(r), "GET /api/v1/agents/%lld/csat: 200", id);
	return r->json;
}

static void test_csat(void)
{
	note("--- CSAT");
	char w[256];
	new_session(w, NULL);
	long long tid = new_chat(w, "rate me", NULL);
	json_t *c0 = agent_csat(sup_id);
	check(jint(c0, "count") == 0 && json_is_object(jget(c0, "ratings")),
	      "a fresh supervisor has count 0 (%s)", jdump(c0));
	agent_post(sup_tok, tid, "reply", "Fixed it for you.");
	check_int(jint(ticket(tid), "assignee_id"), sup_id,
	          "a reply on an unassigned chat assigns it to the replier");
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r = wpost(w, tid, "csat", "{\"rating\":5}");
	check_error(r, 409, "not_solved", NULL, "CSAT before the chat is solved: 409 not_solved");
	check_unchanged(&S, fp, NULL, "the early CSAT stored nothing");
	set_status(tid, "solved");
	const char *bad[] = {"{\"rating\":0}", "{\"rating\":6}", "{\"rating\":-1}"};
	for (int i = 0; i < 3; i++) {
		fp = db_fingerprint(&S, NULL);
		r = wpost(w, tid, "csat", bad[i]);
		check_error(r, 422, "invalid_value", "rating", "CSAT %s: 422 invalid_value",
		            bad[i]);
		check_unchanged(&S, fp, NULL, "CSAT %s stored nothing", bad[i]);
	}
	const char *comment = "\xd0\xa1\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe! "
	                      "\xe8\xb0\xa2\xe8\xb0\xa2";
	r = wpost(w, tid, "csat", jt(jpack("{s:i,s:s}", "rating", 5, "comment", comment)));
	check_status(r, 201, "CSAT 5 with a comment on the solved chat: 201");
	check(jint(r->json, "csat.rating") == 5 &&
	          !strcmp(jstr(r->json, "csat.comment") ?: "", comment),
	      "the answer is {csat:{rating, comment}} (%s)", rdesc(r));
	fp = db_fingerprint(&S, NULL);
	r = wpost(w, tid, "csat", "{\"rating\":1}");
	check_error(r, 409, "already_rated", NULL, "a second CSAT for the same chat: 409 already_rated");
	check_unchanged(&S, fp, NULL, "the second CSAT stored nothing");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/csat", tid), S.token, NULL);
	check(r->status == 200 && jint(r->json, "csat.rating") == 5 &&
	          !strcmp(jstr(r->json, "csat.comment") ?: "", comment) &&
	          jint(r->json, "csat.agent_id") == sup_id &&
	          rfc3339_utc(jstr(r->json, "csat.created_at")) > 0,
	      "GET /api/v1/tickets/{id}/csat: {csat:{rating 5, comment, agent_id = the replier, "
	      "created_at}} (%s)",
	      rdesc(r));
	json_t *c1 = agent_csat(sup_id);
	check(jint(c1, "count") == 1 && json_number_value(jget(c1, "average")) == 5.0 &&
	          jint(c1, "ratings.5") == 1 && jint(c1, "ratings.1") == 0 &&
	          jint(c1, "ratings.2") == 0 && jint(c1, "ratings.3") == 0 &&
	          jint(c1, "ratings.4") == 0,
	      "GET /api/v1/agents/{id}/csat: count 1, average 5, ratings {\"5\":1, others 0} (%s)",
	      jdump(c1));
	r = http_w(&S, "GET", "/api/v1/widget/conversations", w, NULL);
	json_t *cv = jget(r->json, "conversations.0.csat");
	check(cv && !json_is_null(cv), "the widget's conversation list shows the rating (%s)",
	      jdump(cv));

	/* a second chat of the supervisor, rated 2 after closing */
	long long t2 = new_chat(w, "rate me too", NULL);
	agent_post(sup_tok, t2, "reply", "Done.");
	set_status(t2, "solved");
	set_status(t2, "closed");
	r = wpost(w, t2, "csat", "{\"rating\":2}");
	check_status(r, 201, "CSAT on a closed chat: 201");
	c1 = agent_csat(sup_id);
	check(jint(c1, "count") == 2 && json_number_value(jget(c1, "average")) == 3.5 &&
	          jint(c1, "ratings.5") == 1 && jint(c1, "ratings.2") == 1,
	      "the supervisor now has count 2, average 3.5 (%s)", jdump(c1));
	/* the group agent: replies on a group chat */
	long long t3 = new_chat(w, "group chat", NULL);
	r = http(&S, "PATCH", P("/api/v1/tickets/%lld", t3), S.token, P("{\"group_id\":%lld}", gA));
	check_status(r, 200, "setup: chat into group A");
	agent_post(agent_tok, t3, "reply", "Agent here.");
	check_int(jint(ticket(t3), "assignee_id"), agent_id,
	          "the group agent's reply assigns the unassigned group chat to it");
	set_status(t3, "solved");
	wpost(w, t3, "csat", "{\"rating\":4}");
	json_t *c2 = agent_csat(agent_id);
	check(jint(c2, "count") == 1 && jint(c2, "ratings.4") == 1,
	      "the rating counts for the agent who replied (%s)", jdump(c2));
	c1 = agent_csat(sup_id);
	check_int(jint(c1, "count"), 2, "and not for the supervisor");
	/* unrated */
	long long t4 = new_chat(w, "never rated", NULL);
	r = http(&S, "GET", P("/api/v1/tickets/%lld/csat", t4), S.token, NULL);
	check(r->status == 200 && jisnull(r->json, "csat"),
	      "GET /api/v1/tickets/{id}/csat of an unrated chat: {csat: null} (%s)", rdesc(r));
}

/* ---- viewers ---- */
static bool has_viewer(json_t *v, long long id, const char *name)
{
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);
		if (jint(e, "agent_id") == id && (!name || !strcmp(jstr(e, "name") ?: "", name)) &&
		    json_is_boolean(jget(e, "typing")))
			return true;
	}
	return false;
}

static void test_viewing(void)
{
	note("--- viewers");
	char w[256];
	new_session(w, NULL);
	long long tid = new_chat(w, "watched", NULL);
	struct resp *r =
	    http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), S.token, "{\"viewing\":true}");
	check_status(r, 200, "POST /api/v1/tickets/{id}/viewing: 200");
	check(has_viewer(jget(r->json, "viewers"), S.admin_id, "Admin"),
	      "viewers lists the admin {agent_id, name, typing} (%s)", rdesc(r));
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), sup_tok, "{\"viewing\":true}");
	json_t *v = jget(r->json, "viewers");
	check(has_viewer(v, S.admin_id, "Admin") && has_viewer(v, sup_id, "Sam Sup") &&
	          json_array_size(v) == 2,
	      "a second agent viewing the same chat sees both (%s)", rdesc(r));
	http(&S, "POST", P("/api/v1/tickets/%lld/typing", tid), S.token, "{\"typing\":true}");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), sup_tok, "{\"viewing\":true}");
	bool typing = false;
	for (size_t i = 0; i < json_array_size(jget(r->json, "viewers")); i++) {
		json_t *e = json_array_get(jget(r->json, "viewers"), i);
		if (jint(e, "agent_id") == S.admin_id)
			typing = json_is_true(jget(e, "typing"));
	}
	check(typing, "after the admin starts typing, the supervisor sees typing: true (%s)",
	      rdesc(r));
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), sup_tok,
	         "{\"viewing\":false}");
	check_status(r, 200, "viewing false: 200");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", tid), S.token, "{\"viewing\":true}");
	v = jget(r->json, "viewers");
	check(has_viewer(v, S.admin_id, NULL) && !has_viewer(v, sup_id, NULL),
	      "after the supervisor leaves, only the admin is listed (%s)", rdesc(r));
	long long other = new_chat(w, "not watched", NULL);
	r = http(&S, "POST", P("/api/v1/tickets/%lld/viewing", other), sup_tok,
	         "{\"viewing\":true}");
	v = jget(r->json, "viewers");
	check(!has_viewer(v, S.admin_id, NULL), "viewers are per ticket (%s)", rdesc(r));
	r = http(&S, "POST", "/api/v1/tickets/999999/viewing", S.token, "{\"viewing\":true}");
	check_error(r, 404, "not_found", NULL, "viewing an unknown ticket: 404");
}

/* ---- reply collision ---- */
static struct resp *reply_seen(const char *tok, long long tid, const char *body, long long seen)
{
	return httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", tid), tok,
	             jpack("{s:s,s:I}", "body", body, "last_seen_message_id", (json_int_t)seen));
}

static void test_collision(void)
{
	note("--- reply collision");
	char w[256];
	new_session(w, NULL);
	long long m1;
	long long tid = new_chat(w, "two agents, one chat", &m1);
	struct resp *r = reply_seen(S.token, tid, "Answer from A", m1);
	check_status(r, 201, "agent A replies having seen the customer's message: 201");
	long long ra = jint(r->json, "message.id");
	char *fp = db_fingerprint(&S, NULL);
	r = reply_seen(sup_tok, tid, "Answer from B COLLIDE", m1);
	check_error(r, 409, "reply_collision", NULL,
	            "agent B replies with last_seen_message_id older than A's reply: 409 "
	            "reply_collision");
	check_unchanged(&S, fp, NULL, "the collided reply stored nothing");
	json_t *ms = amessages(tid);
	check(!strstr(jdump(ms), "COLLIDE"), "the collided reply is not among the messages");
	r = reply_seen(sup_tok, tid, "Answer from B, having read A", ra);
	check_status(r, 201, "agent B with the current last_seen_message_id: 201");
	long long rb = jint(r->json, "message.id");
	agent_post(S.token, tid, "notes", "a note is not public");
	r = reply_seen(sup_tok, tid, "B again, a note came after", rb);
	check_status(r, 201, "a newer internal note is no collision: 201");
	long long rb2 = jint(r->json, "message.id");
	long long m3 = cust_msg(w, tid, "customer writes again");
	fp = db_fingerprint(&S, NULL);
	r = reply_seen(S.token, tid, "A has not seen the customer", rb2);
	check_error(r, 409, "reply_collision", NULL,
	            "a reply that has not seen the customer's newer message: 409 reply_collision");
	check_unchanged(&S, fp, NULL, "and nothing stored");
	r = reply_seen(S.token, tid, "A has seen it", m3);
	check_status(r, 201, "with the customer's message as last seen: 201");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/reply", tid), S.token,
	         "{\"body\":\"without last_seen_message_id\"}");
	check_status(r, 201, "a reply without last_seen_message_id is never a collision");
}

/* ---- multilingual ---- */
static void test_multilingual(void)
{
	note("--- multilingual round trips");
	const char
	    *texts[] =
	        {
	            "\xe6\x88\x91\xe7\x9a\x84 USDT "
	            "\xe5\x85\x85\xe5\x80\xbc\xe8\xbf\x98\xe6\xb2\xa1\xe5\x88"
	            "\xb0\xe8\xb4\xa6\xef\xbc\x8c\xe8\xaf\xb7\xe5\xb8\xae\xe5\xbf\x99\xe6\x9f\xa5"
	            "\xe4\xb8\x80"
	            "\xe4\xb8\x8b\xe3\x80\x82", /* zh */
	            "\xe5\x87\xba\xe9\x87\x91\xe3\x81\x8c\xe5\xb1\x8a\xe3\x81\x8d\xe3\x81\xbe\xe3"
	            "\x81\x9b"
	            "\xe3\x82\x93", /* ja */
	            "\xec\x9e\x85\xea\xb8\x88\xec\x9d\xb4 \xec\x95\x88 "
	            "\xeb\x90\xa9\xeb\x8b\x88\xeb\x8b\xa4", /* ko */
	            "\xd0\x9c\xd0\xbe\xd0\xb9 "
	            "\xd0\xb4\xd0\xb5\xd0\xbf\xd0\xbe\xd0\xb7\xd0\xb8\xd1\x82 "
	            "\xd0\xbd\xd0\xb5 "
	            "\xd0\xb7\xd0\xb0\xd1\x87\xd0\xb8\xd1\x81\xd0\xbb\xd0\xb5\xd0\xbd", /* ru */
	            "Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t: n\xe1\xba\xa1p ti\xe1\xbb\x81n", /* vi NFC */
	            "Tie\xcc\x82\xcc\x81ng Vie\xcc\xa3\xcc\x82t (decomposed)",          /* vi NFD */
	            "emoji \xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd and ZWJ "
	            "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb",
	            "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xad\xd8\xa8 \xd9\x84\xd9\x85 "
	            "\xd9\x8a\xd8\xb5\xd9\x84", /* ar */
	        };
	enum { NT = 8 };
	char w[256];
	long long cid = new_session(w, jt(jpack("{s:s}", "name", "\xe6\x9d\x8e\xe4\xbc\x9f")));
	long long tid = new_chat(w, texts[0], NULL);
	long long ids[2 * NT];
	for (int i = 0; i < NT; i++) {
		ids[2 * i] = cust_msg(w, tid, texts[i]);
		ids[2 * i + 1] = agent_post(S.token, tid, "reply", texts[i]);
	}
	json_t *wm = wmessages(w, tid, NULL);
	json_t *am = amessages(tid);
	int wok = 0, aok = 0;
	char bad[300] = "";
	for (int i = 0; i < 2 * NT; i++) {
		json_t *x = find_msg(wm, ids[i]), *y = find_msg(am, ids[i]);
		const char *want = texts[i / 2];
		if (x && !strcmp(jstr(x, "body") ?: "", want))
			wok++;
		else if (!bad[0])
			snprintf(bad, sizeof bad, "widget: %s, want %s", jdump(jget(x, "body")),
			         want);
		if (y && !strcmp(jstr(y, "body") ?: "", want))
			aok++;
	}
	checkd(
	    wok == 2 * NT, bad,
	    "CJK, Cyrillic, Vietnamese (NFC and NFD), Arabic, emoji: customer messages and agent "
	    "replies come back byte-identical to the widget (%d of %d)",
	    wok, 2 * NT);
	check(aok == 2 * NT, "… and to the agent (%d of %d)", aok, 2 * NT);
	struct resp *r = http(&S, "GET", P("/api/v1/customers/%lld", cid), S.token, NULL);
	check_str(jstr(r->json, "customer.name"), "\xe6\x9d\x8e\xe4\xbc\x9f",
	          "a CJK name from the widget session round-trips");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", w, NULL);
	check_str(jstr(r->json, "conversations.0.subject"), texts[0],
	          "a CJK subject round-trips in the conversation list");
}

/* ---- static files ---- */
static char webdir[PATH_MAX];

static void find_web(void)
{
	char b[PATH_MAX];
	snprintf(b, sizeof b, "%s", S.bin);
	char *d = dirname(b); /* .../build */
	char d2[PATH_MAX];
	snprintf(d2, sizeof d2, "%s", d);
	snprintf(webdir, sizeof webdir, "%s/web", dirname(d2));
	struct stat st;
	if (stat(webdir, &st) != 0)
		snprintf(webdir, sizeof webdir, "web");
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	*len = fread(p, 1, (size_t)n, f);
	p[*len] = 0;
	fclose(f);
	return p;
}

static void test_static(void)
{
	note("--- static pages");
	find_web();
	struct stat bst;
	stat(S.bin, &bst);
	struct {
		const char *url, *file, *ctype, *ancestors;
	} pages[] = {
	    {"/console/", "console/index.html", "text/html", "frame-ancestors 'self'"},
	    {"/widget/widget.js", "widget/widget.js", "javascript", "frame-ancestors 'self'"},
	    {"/widget/frame.html", "widget/frame.html", "text/html", "frame-ancestors *"},
	    {"/demo/", "demo/index.html", "text/html", "frame-ancestors 'self'"},
	};
	for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		char path[PATH_MAX + 64];
		snprintf(path, sizeof path, "%s/%s", webdir, pages[i].file);
		struct stat st;
		if (stat(path, &st) != 0) {
			note("%s: %s does not exist yet; skipped", pages[i].url, path);
			continue;
		}
		struct resp *r = http(&S, "GET", pages[i].url, NULL, NULL);
		if (st.st_mtime > bst.st_mtime && r->status == 404) {
			note(
			    "%s: %s is newer than the binary and not served yet (rebuild); skipped",
			    pages[i].url, path);
			continue;
		}
		check_status(r, 200, "GET %s: 200", pages[i].url);
		check(r->content_type && contains(r->content_type, pages[i].ctype),
		      "GET %s: Content-Type %s (got %s)", pages[i].url, pages[i].ctype,
		      r->content_type ? r->content_type : "none");
		char *csp = NULL;
		{
			const char *h = r->headers;
			const char *p = strcasestr(h, "\nContent-Security-Policy:");
			if (p) {
				const char *e = strstr(p + 1, "\r\n");
				csp = strndup(p + 1, e ? (size_t)(e - p - 1) : strlen(p + 1));
			}
		}
		check(csp && strstr(csp, pages[i].ancestors) &&
		          (strcmp(pages[i].ancestors, "frame-ancestors *") ||
		           !strstr(csp, "frame-ancestors 'self'")),
		      "GET %s: Content-Security-Policy with %s (got %s)", pages[i].url,
		      pages[i].ancestors, csp ? csp : "none");
		free(csp);
		if (!strcmp(pages[i].file, "widget/frame.html"))
			check(!contains(r->headers, "X-Frame-Options: DENY") &&
			          !contains(r->headers, "X-Frame-Options: SAMEORIGIN"),
			      "GET %s: no X-Frame-Options that would forbid the exchange's iframe",
			      pages[i].url);
		check(contains(r->headers, "X-Content-Type-Options: nosniff"),
		      "GET %s: X-Content-Type-Options: nosniff", pages[i].url);
		size_t flen;
		char *fc = slurp(path, &flen);
		if (fc && st.st_mtime <= bst.st_mtime)
			check(r->len == flen && !memcmp(r->body, fc, flen),
			      "GET %s: the body is %s (%zu bytes, got %zu)", pages[i].url,
			      pages[i].file, flen, r->len);
		free(fc);
	}
	struct resp *r = http(&S, "GET", "/console", NULL, NULL);
	check(r->status == 308 && contains(r->headers, "\nLocation: /console/\r"),
	      "GET /console: 308 with Location /console/ (%s)", rdesc(r));
	const char *trav[] = {"/console/../../etc/passwd",
	                      "/console/%2e%2e/x",
	                      "/console/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
	                      "/console/..%2f..%2f..%2fetc%2fpasswd",
	                      "/widget/../../../../etc/passwd",
	                      "/widget/%2e%2e%2f%2e%2e%2fMakefile",
	                      "/console/....//....//etc/passwd",
	                      "/console/%5c..%5c..%5cetc%5cpasswd"};
	for (size_t i = 0; i < sizeof trav / sizeof trav[0]; i++) {
		r = http(&S, "GET", trav[i], NULL, NULL);
		check(r->status == 404 || r->status == 400, "GET %s: 404 or 400 (got %ld)", trav[i],
		      r->status);
		check(!strstr(r->body, "root:") && !strstr(r->body, "CFLAGS"),
		      "GET %s: no file from outside web/", trav[i]);
	}
	/* a NUL byte must not cut the path short (api.md: no NUL, invalid paths are 400) */
	const char *nul[] = {"/console/app.js%00.png", "/console/index.html%00", "/console/%00"};
	for (size_t i = 0; i < sizeof nul / sizeof nul[0]; i++) {
		r = http(&S, "GET", nul[i], NULL, NULL);
		check(
		    r->status == 400 || r->status == 404,
		    "GET %s: refused (400 or 404), the path is not cut at the NUL (got %ld %.40s)",
		    nul[i], r->status, r->content_type ? r->content_type : "");
	}
	r = http(&S, "GET", "/console/no-such-file.js", NULL, NULL);
	check_status(r, 404, "GET /console/no-such-file.js: 404");
}

int main(void)
{
	h_init(170);
	srv_start(&S);
	gA = mk_group(&S, "Chat group", "L1");
	agent_id =
	    mk_agent(&S, "mei@test.local", "Mei Lin", "agent", "L1", P("[%lld]", gA), agent_tok);
	sup_id = mk_agent(&S, "sam@test.local", "Sam Sup", "supervisor", NULL, NULL, sup_tok);
	other_id =
	    mk_agent(&S, "olek@test.local", "Olek", "agent", "L1", P("[%lld]", gA), other_tok);
	qa_id = mk_agent(&S, "quinn@test.local", "Quinn", "qa", NULL, NULL, qa_tok);
	test_status();
	test_chat_settings();
	test_second_tab();
	test_sessions();
	test_conversations();
	test_reopen();
	test_attachments();
	test_isolation();
	test_typing_read();
	test_csat();
	test_viewing();
	test_collision();
	test_multilingual();
	test_static();
	check_status(http(&S, "GET", "/healthz", NULL, NULL), 200, "server healthy at the end");
	return h_finish();
}
