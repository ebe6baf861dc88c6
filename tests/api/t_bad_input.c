/* t_bad_input — hostile and broken input against every endpoint that takes a body, every id,
 * every list query, routing and authentication, plus raw-socket abuse. Each refusal must carry
 * the documented status and {"error":{"code","message"[,"field"]}}, and must store nothing
 * (the database file's fingerprint is compared before and after). Each endpoint's valid
 * baseline body is sent last and must succeed, so the refusals are about the mutation and not
 * about a body the server would never accept. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct srv S;
static const char *T;

#define MAX_SUBJECT  500
#define MAX_MESSAGE  65536
#define MAX_SUMMARY  8192
#define MAX_NAME     200
#define MAX_EMAIL    254
#define MAX_UID      128
#define MAX_TAG      64
#define MAX_TAGS     30
#define MAX_QUERY    200
#define MAX_PASSWORD 1024
#define MAX_BODY     (1024 * 1024)
#define MAX_SLA_NAME 100  /* SLA policies, calendars, shifts */
#define MAX_CALENDAR 8192 /* a calendar's text form */
#define MAX_SHIFT    256  /* a shift's text form */
#define MAX_MACRO_NAME 200       /* a macro's name */
#define MAX_MACRO_BODY (16 * 1024) /* one variant of a macro */
#define MAX_KB_TITLE 300          /* a knowledge-base article's title */
#define MAX_KB_BODY  (256 * 1024) /* its Markdown */
#define MAX_KB_NAME  200          /* a KB category or section name, per locale */
#define MAX_KB_QUERY 500          /* q of the knowledge-base searches */

/* type: s string, i integer, b boolean, a array of strings, d array of ids, o object,
 * n id or null. invalid: JSON texts of right-typed but invalid values (422 invalid_value). */
struct field {
	const char *name;
	char type;
	bool required;
	size_t max; /* bytes, 0 = no named limit */
	const char *invalid[3];
};

struct ep {
	const char *method;
	const char *label; /* path as in the docs */
	char path[128];
	char base[1024];  /* a valid body */
	long ok;          /* its answer */
	bool no_token;    /* login, widget session */
	const char *wtok; /* widget endpoints: X-Widget-Token instead of the bearer token */
	bool empty_ok;    /* no body at all reads as {} (macro preview and apply) */
	struct field f[20];
};

static long long gA, gB, agent, cust, t1, t2, t3;
static long long CALID, SHIFTID; /* a calendar and a shift to PATCH */
/* live chat: a widget session W with chats C1 (open, first message M1), C2 (solved, for csat),
 * C3 (agent side typing/viewing/read, message M3), T4 (reply with last_seen, message M4) */
static char W[256], W2[256], VISITOR[128], IDSECRET[256];
static long long C1, C2, C3, T4, M1, M3, M4, MOTHER;
static char MOTHER_TXT[32];
static bool health(void); /* a message id of another customer's chat, as JSON text */
static char CAT[64] = "deposit";
/* macros (docs/api.md "Macros"): MACID to PATCH, TMAC a ticket only the apply row writes on,
 * MMAC its first message; the id routes' formats with MACID in them */
static long long MACID, TMAC, MMAC;
static char MAC_PREVIEW_FMT[96], MAC_APPLY_FMT[96];
/* knowledge base (docs/api.md "Knowledge base"): an article, a category and a section to edit */
static long long KBART, KBCAT, KBSEC;

/* ---- JSON text surgery ---- */

/* Set (value_text != NULL) or delete the dotted path in a copy of base; return malloc'd text. */
static char *mutate(const char *base, const char *path, const char *value_text)
{
	json_t *root = json_loads(base, 0, NULL);
	if (!root) {
		fprintf(stderr, "bad baseline %s\n", base);
		abort();
	}
	json_t *obj = root;
	char key[128];
	const char *p = path, *dot;
	while ((dot = strchr(p, '.'))) {
		snprintf(key, sizeof key, "%.*s", (int)(dot - p), p);
		obj = json_object_get(obj, key);
		p = dot + 1;
	}
	if (value_text) {
		json_t *v = json_loads(value_text, JSON_DECODE_ANY, NULL);
		if (!v) {
			fprintf(stderr, "bad value %.200s\n", value_text);
			abort();
		}
		json_object_set_new(obj, p, v);
	} else {
		json_object_del(obj, p);
	}
	char *out = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return out;
}

/* Replace the first "@@RAW@@" in text by bytes (may contain anything but NUL). */
static char *splice(const char *text, const char *bytes, size_t *len)
{
	const char *at = strstr(text, "@@RAW@@");
	size_t bl = strlen(bytes), tl = strlen(text);
	char *out = malloc(tl + bl + 1);
	size_t pre = (size_t)(at - text);
	memcpy(out, text, pre);
	memcpy(out + pre, bytes, bl);
	memcpy(out + pre + bl, at + 7, tl - pre - 7 + 1);
	*len = tl - 7 + bl;
	return out;
}

/* One refused request: status/code/field, then nothing stored. */
static void refuse(struct ep *e, const char *body, size_t len, const char *ctype, long status,
                   const char *code, const char *field, const char *what)
{
	char *fp = db_fingerprint(&S, NULL);
	char wh[400];
	struct req rq = {.method = e->method,
	                 .path = e->path,
	                 .token = e->no_token || e->wtok ? NULL : T,
	                 .body = body,
	                 .body_len = len,
	                 .content_type = ctype};
	if (e->wtok) {
		snprintf(wh, sizeof wh, "X-Widget-Token: %s", e->wtok);
		rq.headers[0] = wh;
	}
	struct resp *r = http_req(&S, &rq);
	check_error(r, status, code, field, "%s %s, %s: %ld %s", e->method, e->label, what, status,
	            code);
	check_unchanged(&S, fp, NULL, "%s %s, %s: nothing stored", e->method, e->label, what);
	resp_free(r);
}

static void refuse_text(struct ep *e, char *body /* freed */, long status, const char *code,
                        const char *field, const char *what)
{
	refuse(e, body, strlen(body), NULL, status, code, field, what);
	free(body);
}

static const char *wrong_value(char type)
{
	switch (type) {
	case 's':
		return "12345";
	case 'i':
		return "\"12\"";
	case 'b':
		return "\"true\"";
	case 'a':
		return "\"not-an-array\"";
	case 'd':
		return "\"1\"";
	case 'o':
		return "\"not-an-object\"";
	case 'n':
		return "\"abc\"";
	}
	return "null";
}

static void run_endpoint(struct ep *e)
{
	note("--- %s %s", e->method, e->label);
	/* not JSON objects */
	refuse(e, "{\"subject\":", 11, NULL, 400, "malformed_json", NULL, "truncated JSON");
	refuse(e, "{'a':1}", 7, NULL, 400, "malformed_json", NULL, "single-quoted JSON");
	refuse(e, "[]", 2, NULL, 400, "malformed_json", NULL, "a JSON array instead of an object");
	refuse(e, "\"text\"", 6, NULL, 400, "malformed_json", NULL,
	       "a JSON string instead of an object");
	refuse(e, "null", 4, NULL, 400, "malformed_json", NULL, "JSON null instead of an object");
	if (!e->empty_ok)
		refuse(e, "", 0, NULL, 400, "malformed_json", NULL, "an empty body");
	char *trail = malloc(strlen(e->base) + 8);
	sprintf(trail, "%s xyz", e->base);
	refuse_text(e, trail, 400, "malformed_json", NULL, "trailing garbage after the object");

	/* media type and size */
	refuse(e, e->base, strlen(e->base), "text/plain", 415, "unsupported_media_type", NULL,
	       "Content-Type text/plain");
	refuse(e, e->base, strlen(e->base), "", 415, "unsupported_media_type", NULL,
	       "no Content-Type");
	refuse(e, e->base, strlen(e->base), "application/x-www-form-urlencoded", 415,
	       "unsupported_media_type", NULL, "Content-Type form-urlencoded");
	char *bigval = malloc(MAX_BODY + 32);
	sprintf(bigval, "\"%s\"", repeat("a", MAX_BODY + 16));
	char *big = mutate(e->base, e->f[0].name, bigval);
	free(bigval);
	refuse_text(e, big, 413, "body_too_large", NULL, "a body over MAX_BODY (1 MiB)");

	/* unknown fields */
	refuse_text(e, mutate(e->base, "zz_unknown", "1"), 422, "unknown_field", "zz_unknown",
	            "an unknown field");

	for (int i = 0; e->f[i].name; i++) {
		struct field *f = &e->f[i];
		refuse_text(e, mutate(e->base, f->name, wrong_value(f->type)), 422, "wrong_type",
		            f->name, P("%s of the wrong type", f->name));
		if (f->required && f->type != 'n' && f->type != 'o')
			refuse_text(e, mutate(e->base, f->name, "null"), 422,
			            "wrong_type|invalid_value", f->name, P("%s null", f->name));
		if (f->type == 'a')
			refuse_text(e, mutate(e->base, f->name, "[1]"), 422, "wrong_type",
			            P("%s*", f->name), P("%s with a number inside", f->name));
		if (f->type == 'd')
			refuse_text(e, mutate(e->base, f->name, "[\"1\"]"), 422, "wrong_type",
			            P("%s*", f->name), P("%s with a string inside", f->name));
		if (f->type == 'i' || f->type == 'n')
			refuse_text(e, mutate(e->base, f->name, "2.5"), 422,
			            "wrong_type|invalid_value", f->name,
			            P("%s a fraction", f->name));
		if (f->required)
			refuse_text(e, mutate(e->base, f->name, NULL), 422, "missing_field",
			            f->name, P("%s missing", f->name));
		for (int k = 0; k < 3 && f->invalid[k]; k++)
			refuse_text(e, mutate(e->base, f->name, f->invalid[k]), 422,
			            "invalid_value",
			            f->type == 'a' || f->type == 'd' ? P("%s*", f->name) : f->name,
			            P("%s = %.40s", f->name, f->invalid[k]));
		if (f->type == 's') {
			size_t len;
			char *t = mutate(e->base, f->name, "\"ok@@RAW@@ok\"");
			char *b = splice(t, "\xff\xfe", &len);
			refuse(e, b, len, NULL, 400, "invalid_utf8", NULL,
			       P("raw bytes FF FE in %s", f->name));
			free(b);
			b = splice(t, "\xc0\xaf", &len);
			refuse(e, b, len, NULL, 400, "invalid_utf8", NULL,
			       P("overlong C0 AF in %s", f->name));
			free(b);
			if (i == 0 || f->max) {
				b = splice(t, "\xed\xa0\x80", &len);
				refuse(e, b, len, NULL, 400, "invalid_utf8", NULL,
				       P("UTF-16 surrogate ED A0 80 in %s", f->name));
				free(b);
				b = splice(t, "\xe4\xb8", &len);
				refuse(e, b, len, NULL, 400, "invalid_utf8", NULL,
				       P("truncated sequence E4 B8 in %s", f->name));
				free(b);
				b = splice(t, "\\u0000", &len);
				refuse(e, b, len, NULL, 0,
				       "malformed_json|invalid_utf8|invalid_value", NULL,
				       P("NUL escape \\u0000 in %s", f->name));
				free(b);
				b = splice(t, "\\ud800", &len);
				refuse(e, b, len, NULL, 0,
				       "malformed_json|invalid_utf8|invalid_value", NULL,
				       P("lone surrogate escape \\ud800 in %s", f->name));
				free(b);
			}
			free(t);
		}
		if (f->max) {
			/* one byte over, in multi-byte characters where it fits: the limit is bytes
			 */
			char *v = malloc(f->max + 64);
			if (f->max <
			    10000) /* 2-byte characters: a limit counted in characters passes it */
				sprintf(v, "%s%s", repeat("é", (f->max + 1) / 2),
				        (f->max + 1) % 2 ? "a" : "");
			else
				sprintf(v, "%s", repeat("a", f->max + 1));
			if (strstr(f->name, "email")) {
				/* a well-formed address of 255 bytes: local part 64, labels of 63
				 */
				snprintf(v, f->max + 64, "%s@%s.%s.%s.%s", repeat("a", 64),
				         repeat("b", 63), repeat("c", 63), repeat("d", 58), "com");
				refuse_text(e, mutate(e->base, f->name, P("\"%s\"", v)), 422,
				            "too_long|invalid_value", f->name,
				            P("%s of %zu bytes", f->name, strlen(v)));
			} else {
				char *js = malloc(strlen(v) + 3);
				sprintf(js, "\"%s\"", v);
				refuse_text(
				    e, mutate(e->base, f->name, js), 422, "too_long", f->name,
				    P("%s of %zu bytes (limit %zu)", f->name, strlen(v), f->max));
				free(js);
			}
			free(v);
		}
	}

	/* the baseline itself is fine */
	char wh[400];
	struct req rq = {.method = e->method,
	                 .path = e->path,
	                 .token = e->no_token || e->wtok ? NULL : T,
	                 .body = e->base};
	if (e->wtok) {
		snprintf(wh, sizeof wh, "X-Widget-Token: %s", e->wtok);
		rq.headers[0] = wh;
	}
	struct resp *r = http_req(&S, &rq);
	check_status(r, e->ok, "%s %s with the valid baseline body answers %ld", e->method,
	             e->label, e->ok);
}

static struct ep EP[64];
static int nep;

static struct ep *add(const char *method, const char *label, const char *path, long ok,
                      const char *base)
{
	struct ep *e = &EP[nep++];
	memset(e, 0, sizeof *e);
	e->method = method;
	e->label = label;
	snprintf(e->path, sizeof e->path, "%s", path);
	snprintf(e->base, sizeof e->base, "%s", base);
	e->ok = ok;
	return e;
}

static void setup(void)
{
	struct resp *r = http(&S, "GET", "/api/v1/categories", T, NULL);
	const char *c = jstr(r->json, "categories.0.slug");
	if (c)
		snprintf(CAT, sizeof CAT, "%s", c);
	gA = mk_group(&S, "Group A", "L1");
	gB = mk_group(&S, "Group B", "L2");
	agent = mk_agent(&S, "agent@test.local", "Agent", "agent", "L1", P("[%lld]", gA), NULL);
	mk_agent(&S, "login.probe@test.local", "Probe", "agent", "L1", NULL, NULL);
	json_t *a = mk_ticket(&S, NULL,
	                      P("{\"subject\":\"one\",\"body\":\"b\",\"requester\":{\"email\":\"c@"
	                        "example.com\"},\"group_id\":%lld}",
	                        gA));
	json_t *b = mk_ticket(
	    &S, NULL,
	    "{\"subject\":\"two\",\"body\":\"b\",\"requester\":{\"email\":\"c@example.com\"}}");
	json_t *d = mk_ticket(
	    &S, NULL,
	    "{\"subject\":\"three\",\"body\":\"b\",\"requester\":{\"email\":\"c@example.com\"}}");
	t1 = jint(a, "id");
	t2 = jint(b, "id");
	t3 = jint(d, "id");
	cust = jint(a, "requester.id");
	long long tok = mk_token(&S, agent, "to be kept", NULL);
	(void)tok;
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"Setup calendar\",\"spec\":\"tz=UTC; mon-fri 08:00-20:00\"}");
	CALID = jint(r->json, "calendar.id");
	r = http(&S, "POST", "/api/v1/shifts", T,
	         "{\"name\":\"Setup shift\",\"spec\":\"tz=UTC; 08:00-16:00\"}");
	SHIFTID = jint(r->json, "shift.id");
	check(CALID > 0 && SHIFTID > 0, "setup: a calendar and a shift");
	r = http(&S, "POST", "/api/v1/macros", T,
	         "{\"name\":\"Setup macro\",\"variants\":{\"en\":\"Hello {{customer.name}}\","
	         "\"ja\":\"{{customer.name}}様\"}}");
	MACID = jint(r->json, "macro.id");
	json_t *tm = mk_ticket(&S, NULL,
	                       P("{\"subject\":\"macro target\",\"body\":\"b\",\"requester\":{"
	                         "\"email\":\"m@example.com\"},\"group_id\":%lld}",
	                         gA));
	TMAC = jint(tm, "id");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", TMAC), T, NULL);
	MMAC = jint(r->json, "messages.0.id");
	check(MACID > 0 && TMAC > 0 && MMAC > 0, "setup: a macro and a ticket to apply it to");
	snprintf(MAC_PREVIEW_FMT, sizeof MAC_PREVIEW_FMT, "/api/v1/tickets/%%s/macros/%lld/preview",
	         MACID);
	snprintf(MAC_APPLY_FMT, sizeof MAC_APPLY_FMT, "/api/v1/tickets/%%s/macros/%lld/apply", MACID);
	r = http(&S, "POST", "/api/v1/kb/articles", T,
	         "{\"title\":\"Setup article\",\"body\":\"Setup body\",\"locale\":\"en\","
	         "\"status\":\"published\"}");
	KBART = jint(r->json, "article.id");
	r = http(&S, "POST", "/api/v1/kb/categories", T,
	         "{\"slug\":\"setup_cat\",\"names\":{\"en\":\"Setup\"}}");
	KBCAT = jint(r->json, "category.id");
	r = http(&S, "POST", "/api/v1/kb/sections", T,
	         P("{\"category_id\":%lld,\"slug\":\"setup_sec\",\"names\":{\"en\":\"S\"}}", KBCAT));
	KBSEC = jint(r->json, "section.id");
	check(KBART > 0 && KBCAT > 0 && KBSEC > 0, "setup: a KB article, category and section");

	/* live chat */
	struct resp *r2 = mk_widget_session(&S, NULL, W);
	snprintf(VISITOR, sizeof VISITOR, "%s", r2 ? jstr(r2->json, "visitor_id") ?: "" : "");
	mk_widget_session(&S, NULL, W2);
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat one\"}");
	C1 = jint(r2->json, "conversation.id");
	M1 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat two\"}");
	C2 = jint(r2->json, "conversation.id");
	r2 = http(&S, "PATCH", P("/api/v1/tickets/%lld", C2), T, "{\"status\":\"solved\"}");
	checkd(r2->status == 200, rdesc(r2), "setup: solve chat two");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat three\"}");
	C3 = jint(r2->json, "conversation.id");
	M3 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat four\"}");
	T4 = jint(r2->json, "conversation.id");
	M4 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W2, "{\"body\":\"other's chat\"}");
	MOTHER = jint(r2->json, "message.id");
	snprintf(MOTHER_TXT, sizeof MOTHER_TXT, "%lld", MOTHER);
	check(C1 > 0 && C2 > 0 && C3 > 0 && T4 > 0 && M1 > 0 && M3 > 0 && M4 > 0 && MOTHER > 0,
	      "setup: widget chats");
	r2 = http(&S, "GET", "/api/v1/settings/identity", T, NULL);
	snprintf(IDSECRET, sizeof IDSECRET, "%s", jstr(r2->json, "identity_secret") ?: "");
}

static void build_table(void)
{
	struct ep *e;
	e = add(
	    "POST", "/api/v1/tickets", "/api/v1/tickets", 201,
	    P("{\"subject\":\"Baseline\",\"body\":\"b\",\"requester\":{\"email\":\"base@example."
	      "com\","
	      "\"name\":\"Base\",\"language\":\"en\",\"vip_tier\":1},\"channel\":\"web\","
	      "\"priority\":\"low\","
	      "\"category\":\"%s\",\"tags\":[\"a\",\"b\"],\"group_id\":%lld,\"language\":\"en\"}",
	      CAT, gA));
	struct field tf[] = {
	    {"subject", 's', true, MAX_SUBJECT, {"\"\"", "\"   \""}},
	    {"body", 's', true, MAX_MESSAGE, {"\"\""}},
	    {"requester", 'o', true, 0, {0}},
	    {"requester.email",
	     's',
	     false,
	     MAX_EMAIL,
	     {"\"not-an-email\"", "\"a@@b.com\"", "\"a b@example.com\""}},
	    {"requester.name", 's', false, MAX_NAME, {0}},
	    {"requester.language", 's', false, 0, {"\"not a language!\"", "\"e\""}},
	    {"requester.vip_tier", 'i', false, 0, {"6", "-1"}},
	    {"channel", 's', false, 0, {"\"fax\""}},
	    {"priority", 's', false, 0, {"\"critical\"", "\"HIGH \""}},
	    {"category", 's', false, 0, {"\"Not A Slug!\""}},
	    {"tags", 'a', false, 0, {"[\"bad tag!\"]", "[\"\"]"}},
	    {"group_id", 'n', false, 0, {"999999", "0"}},
	    {"language", 's', false, 0, {"\"???\""}},
	    {0}};
	memcpy(e->f, tf, sizeof tf);

	e = add(
	    "PATCH", "/api/v1/tickets/{id}", P("/api/v1/tickets/%lld", t1), 200,
	    P("{\"status\":\"open\",\"priority\":\"high\",\"assignee_id\":%lld,\"group_id\":%lld,"
	      "\"tags\":[\"x\"],\"category\":\"%s\",\"subject\":\"Patched\"}",
	      agent, gA, CAT));
	struct field pf[] = {{"status", 's', false, 0, {"\"bogus\"", "\"Open\""}},
	                     {"priority", 's', false, 0, {"\"critical\""}},
	                     {"assignee_id", 'n', false, 0, {"999999"}},
	                     {"group_id", 'n', false, 0, {"999999"}},
	                     {"tags", 'a', false, 0, {"[\"no way!\"]"}},
	                     {"category", 's', false, 0, {"\"Not A Slug!\""}},
	                     {"subject", 's', false, MAX_SUBJECT, {"\"\""}},
	                     {0}};
	memcpy(e->f, pf, sizeof pf);

	e = add("POST", "/api/v1/tickets/{id}/reply", P("/api/v1/tickets/%lld/reply", t1), 201,
	        "{\"body\":\"We are on it.\",\"status\":\"pending\"}");
	struct field rf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}},
	                     {"status", 's', false, 0, {"\"bogus\""}},
	                     {0}};
	memcpy(e->f, rf, sizeof rf);

	e = add("POST", "/api/v1/tickets/{id}/notes", P("/api/v1/tickets/%lld/notes", t1), 201,
	        "{\"body\":\"internal\"}");
	struct field nf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}}, {0}};
	memcpy(e->f, nf, sizeof nf);

	e = add("POST", "/api/v1/tickets/{id}/messages", P("/api/v1/tickets/%lld/messages", t1),
	        201, "{\"body\":\"from the customer\"}");
	memcpy(e->f, nf, sizeof nf);

	e = add("POST", "/api/v1/tickets/{id}/escalate", P("/api/v1/tickets/%lld/escalate", t1),
	        201, P("{\"group_id\":%lld,\"summary\":\"s\",\"actions_taken\":\"a\"}", gB));
	struct field ef[] = {{"group_id", 'i', true, 0, {"999999"}},
	                     {"summary", 's', true, MAX_SUMMARY, {"\"\""}},
	                     {"actions_taken", 's', true, MAX_SUMMARY, {0}},
	                     {0}};
	memcpy(e->f, ef, sizeof ef);

	e = add("POST", "/api/v1/tickets/{id}/merge", P("/api/v1/tickets/%lld/merge", t3), 200,
	        P("{\"into_id\":%lld}", t2));
	struct field mf[] = {{"into_id", 'i', true, 0, {"999999"}}, {0}};
	memcpy(e->f, mf, sizeof mf);

	e = add("POST", "/api/v1/auth/login", "/api/v1/auth/login", 200,
	        "{\"email\":\"login.probe@test.local\",\"password\":\"agent password 123\"}");
	e->no_token = true;
	struct field lf[] = {
	    {"email", 's', true, MAX_EMAIL, {0}}, {"password", 's', true, MAX_PASSWORD, {0}}, {0}};
	memcpy(e->f, lf, sizeof lf);

	e = add("POST", "/api/v1/agents", "/api/v1/agents", 201,
	        P("{\"email\":\"new.agent@test.local\",\"name\":\"New "
	          "Agent\",\"role\":\"agent\",\"tier\":\"L1\","
	          "\"groups\":[%lld],\"languages\":[\"en\"],\"shift\":\"day\",\"password\":\"long "
	          "enough pw\",\"skills\":[\"futures\"],\"vip_capable\":true,\"max_chats\":4,"
	          "\"max_tickets\":25}",
	          gA));
	struct field af[] = {{"email", 's', true, MAX_EMAIL, {"\"no-at-sign\""}},
	                     {"name", 's', true, MAX_NAME, {"\"\"", "\"  \""}},
	                     {"role", 's', true, 0, {"\"root\"", "\"Admin\""}},
	                     {"tier", 's', false, 0, {"\"L9\""}},
	                     {"groups", 'd', false, 0, {"[999999]"}},
	                     {"languages", 'a', false, 0, {"[\"!!\"]"}},
	                     {"password", 's', false, MAX_PASSWORD, {"\"short\""}},
	                     {"shift", 's', false, MAX_SLA_NAME, {"\"evening\""}},
	                     {"skills", 'a', false, 0, {"[\"bad skill!\"]", "[\"a,b\"]"}},
	                     {"vip_capable", 'b', false, 0, {0}},
	                     {"max_chats", 'i', false, 0, {"101", "-1"}},
	                     {"max_tickets", 'i', false, 0, {"101", "-1"}},
	                     {0}};
	memcpy(e->f, af, sizeof af);

	e = add("PATCH", "/api/v1/agents/{id}", P("/api/v1/agents/%lld", agent), 200,
	        P("{\"name\":\"Renamed\",\"role\":\"agent\",\"tier\":\"L2\",\"groups\":[%lld],"
	          "\"languages\":[\"en\"],"
	          "\"active\":true,\"shift\":\"night\",\"password\":\"another long pw\","
	          "\"skills\":[\"p2p\",\"futures\"],\"vip_capable\":false,\"max_chats\":2,"
	          "\"max_tickets\":10}",
	          gA));
	struct field apf[] = {{"name", 's', false, MAX_NAME, {"\"\""}},
	                      {"role", 's', false, 0, {"\"root\""}},
	                      {"tier", 's', false, 0, {"\"L9\""}},
	                      {"groups", 'd', false, 0, {"[999999]"}},
	                      {"languages", 'a', false, 0, {"[\"!!\"]"}},
	                      {"active", 'b', false, 0, {0}},
	                      {"password", 's', false, MAX_PASSWORD, {"\"short\""}},
	                      {"shift", 's', false, MAX_SLA_NAME, {"\"evening\""}},
	                      {"skills", 'a', false, 0, {"[\"bad skill!\"]"}},
	                      {"vip_capable", 'b', false, 0, {0}},
	                      {"max_chats", 'i', false, 0, {"101", "-1"}},
	                      {"max_tickets", 'i', false, 0, {"101"}},
	                      {0}};
	memcpy(e->f, apf, sizeof apf);

	e = add("PUT", "/api/v1/agents/{id}/presence", P("/api/v1/agents/%lld/presence", agent),
	        200, "{\"status\":\"online\"}");
	struct field prf[] = {{"status", 's', true, 0, {"\"busy\"", "\"ONLINE\""}}, {0}};
	memcpy(e->f, prf, sizeof prf);

	e = add("POST", "/api/v1/groups", "/api/v1/groups", 201,
	        "{\"name\":\"New "
	        "group\",\"tier\":\"L2\",\"languages\":[\"en\"],\"vip\":false,\"product_area\":"
	        "\"cards\"}");
	struct field gf[] = {
	    {"name", 's', true, MAX_NAME, {"\"\""}},    {"tier", 's', true, 0, {"\"L4\""}},
	    {"languages", 'a', false, 0, {"[\"!!\"]"}}, {"vip", 'b', false, 0, {0}},
	    {"product_area", 's', false, 0, {0}},       {0}};
	memcpy(e->f, gf, sizeof gf);

	e = add("PATCH", "/api/v1/groups/{id}", P("/api/v1/groups/%lld", gA), 200,
	        "{\"name\":\"Group "
	        "A\",\"tier\":\"L1\",\"languages\":[\"en\"],\"vip\":false,\"product_area\":"
	        "\"deposits\"}");
	struct field gpf[] = {
	    {"name", 's', false, MAX_NAME, {"\"\""}},   {"tier", 's', false, 0, {"\"L4\""}},
	    {"languages", 'a', false, 0, {"[\"!!\"]"}}, {"vip", 'b', false, 0, {0}},
	    {"product_area", 's', false, 0, {0}},       {0}};
	memcpy(e->f, gpf, sizeof gpf);

	e = add("PATCH", "/api/v1/customers/{id}", P("/api/v1/customers/%lld", cust), 200,
	        "{\"name\":\"Customer\",\"language\":\"en\",\"vip_tier\":1}");
	struct field cf[] = {{"name", 's', false, MAX_NAME, {0}},
	                     {"language", 's', false, 0, {"\"not a language!\""}},
	                     {"vip_tier", 'i', false, 0, {"6", "-1"}},
	                     {0}};
	memcpy(e->f, cf, sizeof cf);

	e = add("POST", "/api/v1/tokens", "/api/v1/tokens", 201,
	        P("{\"agent_id\":%lld,\"name\":\"ci token\"}", agent));
	struct field kf[] = {
	    {"agent_id", 'i', true, 0, {"999999"}}, {"name", 's', true, MAX_NAME, {"\"\""}}, {0}};
	memcpy(e->f, kf, sizeof kf);

	/* ---- live chat (docs/chat.md) ---- */
	e = add("POST", "/api/v1/widget/session (anonymous)", "/api/v1/widget/session", 201,
	        P("{\"visitor_id\":\"%s\",\"name\":\"Visitor\",\"email\":\"visitor@example.com\","
	          "\"language\":\"en\"}",
	          VISITOR));
	e->no_token = true;
	struct field wsf[] = {{"visitor_id", 's', false, 0, {0}},
	                      {"name", 's', false, MAX_NAME, {0}},
	                      {"email", 's', false, MAX_EMAIL, {"\"not-an-email\""}},
	                      {"language", 's', false, 0, {"\"not a language!\""}},
	                      {0}};
	memcpy(e->f, wsf, sizeof wsf);

	char hash[65];
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), "UBAD-1", 6, hash);
	e = add("POST", "/api/v1/widget/session (verified)", "/api/v1/widget/session", 201,
	        P("{\"exchange_uid\":\"UBAD-1\",\"user_hash\":\"%s\"}", hash));
	e->no_token = true;
	struct field wvf[] = {
	    {"exchange_uid", 's', false, 0, {0}},
	    {"user_hash",
	     's',
	     false,
	     0,
	     {"\"0000000000000000000000000000000000000000000000000000000000000000\"", "\"xyz\""}},
	    {0}};
	memcpy(e->f, wvf, sizeof wvf);

	e = add("PATCH", "/api/v1/widget/session", "/api/v1/widget/session", 200,
	        "{\"name\":\"Visitor Two\",\"email\":\"v2@example.com\",\"language\":\"en\"}");
	e->wtok = W;
	struct field wpf[] = {
	    {"name", 's', false, MAX_NAME, {0}},
	    {"email", 's', false, MAX_EMAIL, {"\"not-an-email\"", "\"a@@b.com\""}},
	    {"language", 's', false, 0, {"\"not a language!\""}},
	    {0}};
	memcpy(e->f, wpf, sizeof wpf);

	struct field bodyf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}}, {0}};
	e = add("POST", "/api/v1/widget/conversations", "/api/v1/widget/conversations", 201,
	        "{\"body\":\"Help with a deposit\"}");
	e->wtok = W;
	memcpy(e->f, bodyf, sizeof bodyf);

	e = add("POST", "/api/v1/widget/conversations/{id}/messages",
	        P("/api/v1/widget/conversations/%lld/messages", C1), 201, "{\"body\":\"more\"}");
	e->wtok = W;
	memcpy(e->f, bodyf, sizeof bodyf);

	e = add("POST", "/api/v1/widget/conversations/{id}/typing",
	        P("/api/v1/widget/conversations/%lld/typing", C1), 204, "{\"typing\":true}");
	e->wtok = W;
	struct field typf[] = {{"typing", 'b', true, 0, {0}}, {0}};
	memcpy(e->f, typf, sizeof typf);

	e = add("POST", "/api/v1/widget/conversations/{id}/read",
	        P("/api/v1/widget/conversations/%lld/read", C1), 204,
	        P("{\"message_id\":%lld}", M1));
	e->wtok = W;
	struct field rdf[] = {{"message_id", 'i', true, 0, {"999999", "0", MOTHER_TXT}}, {0}};
	memcpy(e->f, rdf, sizeof rdf);

	e = add("POST", "/api/v1/widget/conversations/{id}/csat",
	        P("/api/v1/widget/conversations/%lld/csat", C2), 201,
	        "{\"rating\":5,\"comment\":\"Great\"}");
	e->wtok = W;
	struct field csf[] = {
	    {"rating", 'i', true, 0, {"0", "6", "-1"}}, {"comment", 's', false, 0, {0}}, {0}};
	memcpy(e->f, csf, sizeof csf);

	e = add("POST", "/api/v1/tickets/{id}/typing", P("/api/v1/tickets/%lld/typing", C3), 204,
	        "{\"typing\":true,\"public\":false}");
	struct field atypf[] = {{"typing", 'b', true, 0, {0}}, {"public", 'b', false, 0, {0}}, {0}};
	memcpy(e->f, atypf, sizeof atypf);

	e = add("PUT", "/api/v1/settings/chat", "/api/v1/settings/chat", 200,
	        P("{\"group_id\":%lld,\"hours\":\"Mon-Fri 09:00-18:00 UTC\"}", gA));
	struct field scf[] = {
	    {"group_id", 'n', false, 0, {"999999", "0"}}, {"hours", 's', false, 0, {0}}, {0}};
	memcpy(e->f, scf, sizeof scf);

	e = add("PUT", "/api/v1/routing/assignment", "/api/v1/routing/assignment", 200,
	        "{\"enabled\":false,\"requeue_grace_seconds\":60,\"after_hours_reply\":false}");
	struct field asf[] = {{"enabled", 'b', false, 0, {0}},
	                      {"requeue_grace_seconds", 'i', false, 0, {"-1", "86401"}},
	                      {"after_hours_reply", 'b', false, 0, {0}},
	                      {0}};
	memcpy(e->f, asf, sizeof asf);

	e = add("POST", "/api/v1/tickets/{id}/viewing", P("/api/v1/tickets/%lld/viewing", C3), 200,
	        "{\"viewing\":true}");
	struct field vwf[] = {{"viewing", 'b', true, 0, {0}}, {0}};
	memcpy(e->f, vwf, sizeof vwf);

	e = add("POST", "/api/v1/tickets/{id}/read", P("/api/v1/tickets/%lld/read", C3), 204,
	        P("{\"message_id\":%lld}", M3));
	struct field ardf[] = {{"message_id", 'i', true, 0, {"999999", "0", MOTHER_TXT}}, {0}};
	memcpy(e->f, ardf, sizeof ardf);

	e = add("POST", "/api/v1/tickets/{id}/reply (last_seen_message_id)",
	        P("/api/v1/tickets/%lld/reply", T4), 201,
	        P("{\"body\":\"Seen it.\",\"last_seen_message_id\":%lld}", M4));
	struct field lsf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}},
	                      {"status", 's', false, 0, {"\"bogus\""}},
	                      {"last_seen_message_id", 'i', false, 0, {0}},
	                      {0}};
	memcpy(e->f, lsf, sizeof lsf);

	e = add("PUT", "/api/v1/settings/mail", "/api/v1/settings/mail", 200,
	        P("{\"address\":\"support@desk.test\",\"name\":\"Desk\",\"acknowledge\":true,"
	          "\"rate_limit_per_hour\":30,\"group_id\":%lld}", gA));
	struct field smf[] = {{"address", 's', false, MAX_EMAIL, {"\"not an email\"", "\"a@b\""}},
	                      {"name", 's', false, MAX_NAME, {"\"two\\nlines\""}},
	                      {"acknowledge", 'b', false, 0, {0}},
	                      {"rate_limit_per_hour", 'i', false, 0, {"-1", "100001"}},
	                      {"group_id", 'n', false, 0, {"999999", "0"}},
	                      {0}};
	memcpy(e->f, smf, sizeof smf);

	e = add("PUT", "/api/v1/settings/mail/templates/{name}/{language}",
	        "/api/v1/settings/mail/templates/reply_subject/zh-CN", 200,
	        "{\"text\":\"Re: [{{number}}] {{subject}}\"}");
	struct field stf[] = {
	    {"text", 's', true, 8000, {"\"no number\"", "\"[{{number}}]\\nsecond line\""}}, {0}};
	memcpy(e->f, stf, sizeof stf);

	/* ---- SLA policies, calendars, shifts ---- */
	e = add("POST", "/api/v1/calendars", "/api/v1/calendars", 201,
	        "{\"name\":\"Berlin office\",\"spec\":\"tz=Europe/Berlin; mon-fri 09:00-18:00\"}");
	struct field calf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"two\\nlines\""}},
	    {"spec",
	     's',
	     true,
	     MAX_CALENDAR,
	     {"\"mon-fri 09:00-18:00\"", "\"tz=Mars/Olympus; mon 09:00-10:00\"",
	      "\"tz=UTC; mon 25:00-26:00\""}},
	    {0}};
	memcpy(e->f, calf, sizeof calf);
	e = add("PATCH", "/api/v1/calendars/{id}", P("/api/v1/calendars/%lld", CALID), 200,
	        "{\"name\":\"Setup calendar 2\",\"spec\":\"24/7\"}");
	struct field calpf[] = {
	    {"name", 's', false, MAX_SLA_NAME, {"\"\"", "\"\\u0007bell\""}},
	    {"spec", 's', false, MAX_CALENDAR, {"\"\"", "\"24/7; holidays 2026-12-25\""}},
	    {0}};
	memcpy(e->f, calpf, sizeof calpf);
	e = add("POST", "/api/v1/shifts", "/api/v1/shifts", 201,
	        "{\"name\":\"Tokyo day\",\"spec\":\"tz=Asia/Tokyo; mon-fri 09:00-18:00\"}");
	struct field shf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"a\\rb\""}},
	    {"spec",
	     's',
	     true,
	     MAX_SHIFT,
	     {"\"tz=UTC; 09:00-09:00\"", "\"24/7\"", "\"tz=Nowhere/City; 09:00-17:00\""}},
	    {0}};
	memcpy(e->f, shf, sizeof shf);
	e = add("PATCH", "/api/v1/shifts/{id}", P("/api/v1/shifts/%lld", SHIFTID), 200,
	        "{\"name\":\"Setup shift 2\",\"spec\":\"tz=UTC; fri 22:00-06:00\"}");
	struct field shpf[] = {{"name", 's', false, MAX_SLA_NAME, {"\"\""}},
	                       {"spec", 's', false, MAX_SHIFT, {"\"09:00-17:00\""}},
	                       {0}};
	memcpy(e->f, shpf, sizeof shpf);
	/* Over 2^63 / 1000 seconds the value is outside the field's range; within it, the SLA
	 * rules refuse it (over 366 days): both 422 invalid_value. */
	struct field polf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"tab\\there\""}},
	    {"enabled", 'b', false, 0, {0}},
	    {"position", 'i', false, 0, {"0", "-1", "1000001"}},
	    {"priorities", 'a', false, 0, {"[\"asap\"]", "[\"High\"]"}},
	    {"channels", 'a', false, 0, {"[\"fax\"]"}},
	    {"vip_min", 'i', false, 0, {"-1", "6"}},
	    {"vip_max", 'n', false, 0, {"6", "-1"}},
	    {"first_response_seconds", 'i', false, 0, {"-1", "31622401"}},
	    {"next_response_seconds", 'i', false, 0, {"-5", "9223372036854775807"}},
	    {"resolution_seconds", 'i', false, 0, {"99999999999"}},
	    {"warn_percent", 'i', false, 0, {"100", "-1"}},
	    {"pause_on_hold", 'b', false, 0, {0}},
	    {"calendar_id", 'n', false, 0, {"999999", "0"}},
	    {"breach_actions", 'o', false, 0, {0}},
	    {"breach_actions.raise_priority", 'b', false, 0, {0}},
	    {"breach_actions.notify_supervisor", 'b', false, 0, {0}},
	    {"breach_actions.reassign", 'b', false, 0, {0}},
	    {0}};
	const char *polbase =
	    "{\"name\":\"%s\",\"enabled\":true,\"position\":2,\"priorities\":[\"high\"],"
	    "\"channels\":[\"email\"],\"vip_min\":0,\"vip_max\":5,\"first_response_seconds\":60,"
	    "\"next_response_seconds\":120,\"resolution_seconds\":3600,\"warn_percent\":75,"
	    "\"pause_on_hold\":false,\"calendar_id\":%lld,\"breach_actions\":{\"raise_priority\":"
	    "true,\"notify_supervisor\":false,\"reassign\":false}}";
	e = add("POST", "/api/v1/sla/policies", "/api/v1/sla/policies", 201,
	        P(polbase, "Bad input policy", CALID));
	memcpy(e->f, polf, sizeof polf);
	e = add("PATCH", "/api/v1/sla/policies/{id}", "/api/v1/sla/policies/1", 200,
	        P(polbase, "vip-chat", CALID));
	memcpy(e->f, polf, sizeof polf);
	e->f[0].required = false;

	/* macros: variants per locale (MACRO_MAX_BODY 16 KiB), actions, preview, apply */
	struct field macf[] = {
	    {"name", 's', true, MAX_MACRO_NAME, {"\"\"", "\"a\\nb\""}},
	    {"group_id", 'n', false, 0, {"999999", "0"}},
	    {"default_locale", 's', false, 0, {"\"fr\"", "\"zh\""}},
	    {"variants", 'o', true, 0, {0}},
	    {"variants.en", 's', false, MAX_MACRO_BODY, {"\"  \"", "\"{{customer.nmae}}\""}},
	    {"variants.ja", 's', false, MAX_MACRO_BODY, {"\"{{name}}様\""}},
	    {"actions", 'o', false, 0, {0}},
	    {"actions.status", 's', false, 0, {"\"closed\"", "\"new\"", "\"done\""}},
	    {"actions.priority", 's', false, 0, {"\"asap\""}},
	    {"actions.add_tags", 'a', false, 0, {"[\"<b>\"]", "[\"a,b\"]"}},
	    {"actions.remove_tags", 'a', false, 0, {"[\"keep\"]"}},
	    {"actions.public", 'b', false, 0, {0}},
	    {0}};
	const char *macbase =
	    "{\"name\":\"%s\",\"group_id\":%lld,\"default_locale\":\"en\",\"variants\":{\"en\":"
	    "\"Hello {{customer.name}}, {{ticket.number}}\",\"ja\":\"{{customer.name}}様\"},"
	    "\"actions\":{\"status\":\"pending\",\"priority\":\"high\",\"add_tags\":[\"keep\"],"
	    "\"remove_tags\":[\"old\"],\"public\":true}}";
	e = add("POST", "/api/v1/macros", "/api/v1/macros", 201, P(macbase, "Bad input macro", gA));
	memcpy(e->f, macf, sizeof macf);
	e = add("PATCH", "/api/v1/macros/{id}", P("/api/v1/macros/%lld", MACID), 200,
	        P(macbase, "Setup macro 2", gA));
	memcpy(e->f, macf, sizeof macf);
	e->f[0].required = false;
	e->f[3].required = false;
	e = add("PUT", "/api/v1/macros/{id}/variants/{locale}",
	        P("/api/v1/macros/%lld/variants/ko", MACID), 200,
	        "{\"body\":\"{{customer.name}}님, 안녕하세요.\"}");
	struct field varf[] = {
	    {"body", 's', true, MAX_MACRO_BODY, {"\" \\n \"", "\"{{customer.name }}{{agent}}\""}},
	    {0}};
	memcpy(e->f, varf, sizeof varf);
	e = add("POST", "/api/v1/tickets/{id}/macros/{macro_id}/preview",
	        P("/api/v1/tickets/%lld/macros/%lld/preview", TMAC, MACID), 200, "{\"locale\":\"ja\"}");
	e->empty_ok = true;
	struct field prevf[] = {{"locale", 's', false, 0, {"\"xx\"", "\"zh\"", "\"\""}}, {0}};
	memcpy(e->f, prevf, sizeof prevf);
	e = add("POST", "/api/v1/tickets/{id}/macros/{macro_id}/apply",
	        P("/api/v1/tickets/%lld/macros/%lld/apply", TMAC, MACID), 201,
	        P("{\"body\":\"Edited by the agent\",\"locale\":\"ja\",\"last_seen_message_id\":%lld}",
	          MMAC));
	e->empty_ok = true;
	struct field applyf[] = {
	    {"body", 's', false, MAX_MESSAGE, {"\"   \""}},
	    {"locale", 's', false, 0, {"\"xx\""}},
	    {"last_seen_message_id", 'i', false, 0, {"0", "-1"}},
	    {0}};
	memcpy(e->f, applyf, sizeof applyf);

	/* knowledge base: articles, translations, publishing, categories, sections, feedback */
	struct field kbf[] = {
	    {"title", 's', true, MAX_KB_TITLE, {"\"\"", "\"a\\u0002b\""}},
	    {"body", 's', true, MAX_KB_BODY, {"\" \\n \"", "\"x\\u0003\""}},
	    {"locale", 's', true, 0, {"\"de\"", "\"zh\"", "\"\""}},
	    {"category", 's', false, 40, {"\"nope\"", "\"Bad Slug\""}},
	    {"section_id", 'n', false, 0, {"999999", "0"}},
	    {"status", 's', false, 0, {"\"archived\"", "\"Published\""}},
	    {0}};
	const char *kbbase = "{\"title\":\"%s\",\"body\":\"# Title\\n\\nBody\",\"locale\":"
	                     "\"en\",\"category\":\"deposit\",\"section_id\":null,\"status\":"
	                     "\"draft\"}";
	e = add("POST", "/api/v1/kb/articles", "/api/v1/kb/articles", 201,
	        P(kbbase, "Bad input article"));
	memcpy(e->f, kbf, sizeof kbf);
	struct field kbpf[] = {
	    {"title", 's', false, MAX_KB_TITLE, {"\"\"", "\"a\\nb\""}},
	    {"body", 's', false, MAX_KB_BODY, {"\"  \""}},
	    {"locale", 's', false, 0, {"\"xx\"", "\"ja\""}},
	    {"category", 's', false, 40, {"\"nope\""}},
	    {"section_id", 'n', false, 0, {"999999", "0"}},
	    {"default_locale", 's', false, 0, {"\"ko\"", "\"xx\""}},
	    {"status", 's', false, 0, {"\"live\""}},
	    {0}};
	e = add("PATCH", "/api/v1/kb/articles/{id}", P("/api/v1/kb/articles/%lld", KBART), 200,
	        "{\"title\":\"Setup article 2\",\"body\":\"Body 2\",\"locale\":\"en\","
	        "\"category\":\"deposit\",\"section_id\":null,\"default_locale\":\"en\","
	        "\"status\":\"published\"}");
	memcpy(e->f, kbpf, sizeof kbpf);
	e = add("PUT", "/api/v1/kb/articles/{id}/translations/{locale}",
	        P("/api/v1/kb/articles/%lld/translations/ja", KBART), 201,
	        "{\"title\":\"設定記事\",\"body\":\"本文\",\"status\":\"draft\"}");
	struct field kbtf[] = {
	    {"title", 's', true, MAX_KB_TITLE, {"\"\"", "\"\\u007f\""}},
	    {"body", 's', true, MAX_KB_BODY, {"\"\\t\""}},
	    {"status", 's', false, 0, {"\"hidden\""}},
	    {0}};
	memcpy(e->f, kbtf, sizeof kbtf);
	e = add("POST", "/api/v1/kb/articles/{id}/publish",
	        P("/api/v1/kb/articles/%lld/publish", KBART), 200, "{\"locale\":\"en\"}");
	e->empty_ok = true; /* no body: the default locale */
	struct field kbpubf[] = {{"locale", 's', false, 0, {"\"xx\"", "\"ko\""}}, {0}};
	memcpy(e->f, kbpubf, sizeof kbpubf);
	struct field kbcf[] = {
	    {"slug", 's', true, 40, {"\"Bad Slug\"", "\"\""}},
	    {"names", 'o', true, 0, {"{}"}},
	    {"names.en", 's', false, MAX_KB_NAME, {"\"\"", "\"a\\nb\""}},
	    {"names.zh-CN", 's', false, MAX_KB_NAME, {0}},
	    {"position", 'i', false, 0, {"-1", "1000001"}},
	    {0}};
	e = add("POST", "/api/v1/kb/categories", "/api/v1/kb/categories", 201,
	        "{\"slug\":\"bad_input\",\"names\":{\"en\":\"Bad input\",\"zh-CN\":\"错误输入\"},"
	        "\"position\":3}");
	memcpy(e->f, kbcf, sizeof kbcf);
	e = add("PATCH", "/api/v1/kb/categories/{id}", P("/api/v1/kb/categories/%lld", KBCAT), 200,
	        "{\"slug\":\"setup_cat\",\"names\":{\"en\":\"Setup 2\",\"zh-CN\":\"设置\"},"
	        "\"position\":4}");
	memcpy(e->f, kbcf, sizeof kbcf);
	e->f[0].required = e->f[1].required = false;
	struct field kbsf[] = {
	    {"category_id", 'i', true, 0, {"999999", "0"}},
	    {"slug", 's', true, 40, {"\"Bad Slug\""}},
	    {"names", 'o', true, 0, {"{}"}},
	    {"names.en", 's', false, MAX_KB_NAME, {"\"\""}},
	    {"position", 'i', false, 0, {"-5"}},
	    {0}};
	e = add("POST", "/api/v1/kb/sections", "/api/v1/kb/sections", 201,
	        P("{\"category_id\":%lld,\"slug\":\"bad_input_sec\",\"names\":{\"en\":\"B\"},"
	          "\"position\":1}",
	          KBCAT));
	memcpy(e->f, kbsf, sizeof kbsf);
	e = add("PATCH", "/api/v1/kb/sections/{id}", P("/api/v1/kb/sections/%lld", KBSEC), 200,
	        P("{\"category_id\":%lld,\"slug\":\"setup_sec\",\"names\":{\"en\":\"S2\"},"
	          "\"position\":2}",
	          KBCAT));
	memcpy(e->f, kbsf, sizeof kbsf);
	e->f[0].required = e->f[1].required = e->f[2].required = false;
	e = add("POST", "/api/v1/help/articles/{id}/feedback",
	        P("/api/v1/help/articles/%lld/feedback", KBART), 201,
	        "{\"helpful\":true,\"locale\":\"en\",\"visitor_id\":\"bad-input-visitor\"}");
	e->no_token = true;
	struct field kbff[] = {
	    {"helpful", 'b', true, 0, {0}},
	    {"locale", 's', false, 0, {"\"xx\""}},
	    {"visitor_id", 's', false, 64, {"\"  \""}},
	    {0}};
	memcpy(e->f, kbff, sizeof kbff);

	/* crypto/validate is added here with its issue (8). */
}

/* ---- live chat: attachments (raw bodies) and identity limits ---- */
static struct resp *attach(const void *data, size_t len, const char *ctype, const char *fname)
{
	char wh[400], fh[300];
	snprintf(wh, sizeof wh, "X-Widget-Token: %s", W);
	struct req rq = {.method = "POST",
	                 .path = P("/api/v1/widget/conversations/%lld/attachments", C1),
	                 .body = data,
	                 .body_len = len,
	                 .content_type = ctype,
	                 .timeout_ms = 30000};
	int n = 0;
	rq.headers[n++] = wh;
	if (fname) {
		snprintf(fh, sizeof fh, "X-Filename: %s", fname);
		rq.headers[n++] = fh;
	}
	return http_req(&S, &rq);
}

static void test_chat_input(void)
{
	note("--- live chat: attachments and identity limits");
	static const unsigned char png[] = {
	    0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,   13,   'I',  'H',  'D',
	    'R',  0,    0,    0,   1,    0,    0,    0,    1,   8,   6,   0,    0,    0,    0x1f,
	    0x15, 0xc4, 0x89, 0,   0,    0,    0,    'I',  'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	struct {
		const char *ctype, *what;
		long status;
		const char *code;
	} ct[] = {
	    {"application/json", "PNG bytes as application/json", 415, "unsupported_media_type"},
	    {"text/plain", "PNG bytes as text/plain", 415, "unsupported_media_type"},
	    {"", "PNG bytes without Content-Type", 415, "unsupported_media_type"},
	    {"application/octet-stream", "PNG bytes as application/octet-stream", 415,
	     "unsupported_media_type"},
	    {"image/png; charset=x", "image/png with a parameter", 0, NULL},
	};
	for (size_t i = 0; i < sizeof ct / sizeof ct[0]; i++) {
		char *fp = db_fingerprint(&S, NULL);
		struct resp *r = attach(png, sizeof png, ct[i].ctype, "p.png");
		if (ct[i].code) {
			check_error(r, ct[i].status, ct[i].code, NULL, "attachment, %s: %ld",
			            ct[i].what, ct[i].status);
			check_unchanged(&S, fp, NULL, "attachment, %s: nothing stored", ct[i].what);
		} else {
			check(r->status == 201 || r->status == 415,
			      "attachment, %s: 201 or 415, no crash (got %s)", ct[i].what,
			      rdesc(r));
		}
	}
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r = attach("", 0, "image/png", "empty.png");
	check(r->status >= 400 && r->status < 500 && error_shape_ok(r),
	      "an empty attachment is refused with a 4xx error (got %s)", rdesc(r));
	check_unchanged(&S, fp, NULL, "the empty attachment stored nothing");
	fp = db_fingerprint(&S, NULL);
	r = attach(png, 7, "image/png", "short.png");
	check(r->status == 415 || r->status == 422, "7 bytes of a PNG signature: refused (got %s)",
	      rdesc(r));
	check_unchanged(&S, fp, NULL, "the truncated signature stored nothing");
	/* a hostile file name is kept as a name, never as a path */
	r = attach(png, sizeof png, "image/png", "../../../etc/passwd.png");
	if (r->status == 201) {
		const char *fn = jstr(r->json, "message.attachments.0.filename");
		check(fn && !strstr(fn, "/"),
		      "X-Filename ../../../etc/passwd.png is stored without "
		      "a path (%s)",
		      fn ? fn : "none");
	} else {
		check(r->status == 422, "X-Filename with a path: 201 (name only) or 422 (got %s)",
		      rdesc(r));
	}
	/* 50 MB declared, 6 MiB sent: refused once 5 MiB are passed, without waiting for the rest
	 */
	{
		size_t body = 6 * 1024 * 1024, hl;
		char *big = malloc(body + 1024);
		hl = (size_t)snprintf(
		    big, 1024,
		    "POST /api/v1/widget/conversations/%lld/attachments HTTP/1.1\r\n"
		    "Host: x\r\nX-Widget-Token: %s\r\nX-Filename: big.png\r\n"
		    "Content-Type: image/png\r\nContent-Length: 50000000\r\n\r\n",
		    C1, W);
		memset(big + hl, 'a', body);
		memcpy(big + hl, png, sizeof png);
		fp = db_fingerprint(&S, NULL);
		size_t outlen;
		int status;
		raw_exchange(&S, big, hl + body, 6, &outlen, &status);
		free(big);
		check(status == 413 || (outlen == 0 && status == 0),
		      "attachment with Content-Length 50 MB, 6 MiB sent: 413 (or close) without "
		      "waiting for the rest (got %d%s)",
		      status, status == -1 ? ": still waiting after 6 s" : "");
		check(health(), "after the 50 MB attachment the server still answers");
		check_unchanged(&S, fp, NULL, "the 50 MB attachment stored nothing");
	}
	/* exchange_uid of MAX_UID + 1 bytes with a correct hash: too long, not a bad hash */
	char uid[MAX_UID + 2], hash[65];
	memset(uid, 'U', MAX_UID + 1);
	uid[MAX_UID + 1] = 0;
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), uid, strlen(uid), hash);
	fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"%s\",\"user_hash\":\"%s\"}", uid, hash));
	check_error(r, 422, "too_long", "exchange_uid",
	            "widget session with an exchange_uid of 129 bytes (MAX_UID 128), hash correct: "
	            "422 too_long");
	check_unchanged(&S, fp, NULL, "the 129-byte uid stored nothing");
	uid[MAX_UID] = 0;
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), uid, strlen(uid), hash);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"%s\",\"user_hash\":\"%s\"}", uid, hash));
	check_status(r, 201, "an exchange_uid of exactly 128 bytes with its hash: 201");
	/* a user_hash without exchange_uid */
	fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL, P("{\"user_hash\":\"%s\"}", hash));
	check(r->status == 422 && error_shape_ok(r),
	      "a user_hash without exchange_uid: 422 (got %s)", rdesc(r));
	check_unchanged(&S, fp, NULL, "the lone user_hash stored nothing");
}

/* ---- boundaries that must be accepted ---- */
static void test_boundaries(void)
{
	/* exactly MAX_SUBJECT bytes, mostly 3-byte characters: accepted and intact */
	char subj[MAX_SUBJECT + 1];
	snprintf(subj, sizeof subj, "%s%s", repeat("充", 166), "ab");
	char tags[4096] = "";
	for (int i = 0; i < MAX_TAGS; i++)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s\"t%02d%s\"",
		         i ? "," : "", i, i == 0 ? repeat("x", MAX_TAG - 3) : "");
	char *body = repeat("b", MAX_MESSAGE);
	size_t need = strlen(subj) + strlen(tags) + strlen(body) + 256;
	char *js = malloc(need);
	snprintf(js, need,
	         "{\"subject\":\"%s\",\"body\":\"%s\",\"requester\":{\"email\":\"edge@example."
	         "com\"},\"tags\":[%s]}",
	         subj, body, tags);
	struct resp *r = http(&S, "POST", "/api/v1/tickets", T, js);
	free(js);
	check_status(r, 201,
	             "a ticket with subject of exactly 500 bytes, body of 64 KiB and 30 tags (one "
	             "of 64 bytes) is accepted");
	check_str(jstr(r->json, "ticket.subject"), subj, "the 500-byte subject comes back intact");
	check_int((long long)json_array_size(jget(r->json, "ticket.tags")), MAX_TAGS,
	          "all 30 tags kept");

	/* over the tag limits */
	struct ep e = {.method = "POST", .label = "/api/v1/tickets", .path = "/api/v1/tickets"};
	char t31[4096] = "";
	for (int i = 0; i <= MAX_TAGS; i++)
		snprintf(t31 + strlen(t31), sizeof t31 - strlen(t31), "%s\"t%02d\"", i ? "," : "",
		         i);
	char *b31 = malloc(8192);
	snprintf(b31, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@example.com\"},"
	         "\"tags\":[%s]}",
	         t31);
	refuse_text(&e, b31, 422, "too_many", "tags*", "31 tags (MAX_TAGS 30)");
	char *b65 = malloc(8192);
	snprintf(b65, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@example.com\"},"
	         "\"tags\":[\"%s\"]}",
	         repeat("t", MAX_TAG + 1));
	refuse_text(&e, b65, 422, "too_long", "tags*", "a tag of 65 bytes (MAX_TAG 64)");
	char *buid = malloc(8192);
	snprintf(buid, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"exchange_uid\":\"%s\"}}",
	         repeat("U", MAX_UID + 1));
	refuse_text(&e, buid, 422, "too_long", "requester.exchange_uid",
	            "an exchange_uid of 129 bytes (MAX_UID 128)");
	refuse_text(&e, strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{}}"), 422,
	            "missing_field|invalid_value", "requester*",
	            "a requester without email or exchange_uid");
	refuse_text(
	    &e, strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"name\":\"No Id\"}}"),
	    422, "missing_field|invalid_value", "requester*", "a requester with only a name");
	char *bvip = strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@"
	                    "example.com\",\"zz\":1}}");
	refuse_text(&e, bvip, 422, "unknown_field", "requester.zz", "an unknown nested field");
	char *bint = strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@"
	                    "example.com\"},\"group_id\":99999999999999999999999}");
	refuse_text(&e, bint, 0, "malformed_json|invalid_value|wrong_type", NULL,
	            "an integer beyond 64 bits");
	/* deep nesting */
	size_t depth = 100000;
	char *deep = malloc(2 * depth + 32);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = 0;
	refuse(&e, deep, 2 * depth, NULL, 400, "malformed_json", NULL, "100000 nested arrays");
	free(deep);
	/* application/json with a charset parameter is still JSON */
	struct req rq = {.method = "POST",
	                 .path = "/api/v1/tickets",
	                 .token = T,
	                 .content_type = "application/json; charset=utf-8",
	                 .body = "{\"subject\":\"charset\",\"body\":\"b\",\"requester\":{\"email\":"
	                         "\"edge@example.com\"}}"};
	r = http_req(&S, &rq);
	check_status(r, 201, "Content-Type application/json; charset=utf-8 is accepted");
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
static bool health(void)
{
	struct req rq = {.method = "GET", .path = "/healthz", .timeout_ms = 5000};
	struct resp *r = http_req(&S, &rq);
	bool ok = r->status == 200;
	resp_free(r);
	return ok;
}

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
	build_table();
	test_ids();
	test_queries();
	test_routes_auth();
	test_boundaries();
	for (int i = 0; i < nep; i++)
		run_endpoint(&EP[i]);
	test_chat_input();
	test_raw();
	check(health(), "the server is healthy after all of it");
	return h_finish();
}
