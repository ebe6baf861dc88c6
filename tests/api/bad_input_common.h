/* bad_input_common.h — what the bad-input programs share (t_bad_input: ticket, people, routing
 * and SLA bodies; t_bad_input_chat: live chat, mail settings, macros and knowledge-base bodies plus
 * attachments; t_bad_input_http: ids, queries, routes, credentials and raw sockets). Each refusal
 * must carry the documented status and {"error":{"code","message"[,"field"]}}, and must store
 * nothing (the database file's fingerprint is compared before and after). Each endpoint's valid
 * baseline body is sent last and must succeed, so the refusals are about the mutation and not
 * about a body the server would never accept. Each program includes this once; it is no library
 * (the helpers are marked unused, so a program that uses only some of them builds clean). */
#ifndef EXDESK_TESTS_API_BAD_INPUT_COMMON_H
#define EXDESK_TESTS_API_BAD_INPUT_COMMON_H
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A helper of this header: static, and no warning in a program that does not call it. */
#define BI_FN static __attribute__((unused))

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
static char CAT[64] = "deposit";

/* ---- JSON text surgery ---- */

/* Set (value_text != NULL) or delete the dotted path in a copy of base; return malloc'd text. */
BI_FN char *mutate(const char *base, const char *path, const char *value_text)
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
BI_FN char *splice(const char *text, const char *bytes, size_t *len)
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
BI_FN void refuse(struct ep *e, const char *body, size_t len, const char *ctype, long status,
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

BI_FN void refuse_text(struct ep *e, char *body /* freed */, long status, const char *code,
                        const char *field, const char *what)
{
	refuse(e, body, strlen(body), NULL, status, code, field, what);
	free(body);
}

BI_FN const char *wrong_value(char type)
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

BI_FN void run_endpoint(struct ep *e)
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

BI_FN struct ep *add(const char *method, const char *label, const char *path, long ok,
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

BI_FN bool health(void)
{
	struct req rq = {.method = "GET", .path = "/healthz", .timeout_ms = 5000};
	struct resp *r = http_req(&S, &rq);
	bool ok = r->status == 200;
	resp_free(r);
	return ok;
}

/* The desk every program starts from: two groups, an agent, three tickets of one customer, a
 * token. Checks nothing: each program checks its own setup. */
BI_FN void setup_base(void)
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
}

/* Each endpoint of the table, then the refusals and the baseline of each. */
BI_FN void run_table(void)
{
	for (int i = 0; i < nep; i++)
		run_endpoint(&EP[i]);
}

#endif
