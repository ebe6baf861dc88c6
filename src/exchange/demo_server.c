/* demo_server.c — the demo exchange's HTTP side (demo_server.h): libmicrohttpd, the signature
 * check on every /v1 request, the route table, request bodies and answers.
 *
 * The signature covers the request target exactly as the client sent it. libmicrohttpd hands
 * over the path and the query split and decoded, so decoding is switched off (an identity
 * unescape callback) and the target is rebuilt from the raw path and the raw arguments in
 * their order. libmicrohttpd turns '+' in arguments into spaces before any callback; a raw
 * request line holds no spaces, so the rebuild turns them back. Values are decoded here,
 * after the signature is checked (docs/connector.md "Signing"). */
#include "exchange/demo_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "demo/exchange_seed.h"
#include "exchange/demo_internal.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define REPLAY_BUCKETS 4096 /* x HMAC_REPLAY_WAYS = 65536 requests remembered per window */

/* ---- answers ---- */

void demo_answer_text(struct dreq *r, int status, const char *text, size_t len)
{
	free(r->answer);
	r->answer = xmalloc(len + 1);
	memcpy(r->answer, text, len);
	r->answer[len] = '\0';
	r->answer_len = len;
	r->status = status;
}

void demo_answer(struct dreq *r, int status, json_t *j)
{
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!text) {
		static const char oom[] = "{\"error\":{\"code\":\"internal\","
		                          "\"message\":\"internal error\"}}";
		demo_answer_text(r, 500, oom, sizeof oom - 1);
		return;
	}
	free(r->answer);
	r->answer = text;
	r->answer_len = strlen(text);
	r->status = status;
}

void demo_error(struct dreq *r, int status, const char *code, const char *message,
                const char *field)
{
	json_t *e = json_pack("{s:s,s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(e, "field", json_string(field));
	demo_answer(r, status, json_pack("{s:o}", "error", e));
}

void demo_internal_error(struct dreq *r, const char *what)
{
	log_event(LOG_ERROR, "demo_exchange_internal", "what=\"%s\"", what);
	demo_error(r, 500, "internal", "internal error", NULL);
}

/* ---- decoding ---- */

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

/* Percent-decodes s[0..n) into the arena: NULL when a '%' is not followed by two hex digits, or
 * the result holds NUL or control characters or is not UTF-8. */
static char *pct_decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 >= n)
			return NULL;
		int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
		if (h < 0 || l < 0)
			return NULL;
		*o++ = (char)(h * 16 + l);
		i += 2;
	}
	*o = '\0';
	size_t len = (size_t)(o - out);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			return NULL;
	return utf8_valid(out, len, false) ? out : NULL;
}

const char *demo_query(struct dreq *r, const char *name, bool *bad)
{
	const char *raw = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!raw)
		return NULL;
	/* '+' arrives as ' ' (see the top of the file): form encoding, a space. */
	char *v = pct_decode(&r->a, raw, strlen(raw));
	if (!v) {
		*bad = true;
		demo_error(r, 400, "invalid_query",
		           "a query value is not valid percent-encoded UTF-8", name);
	}
	return v;
}

/* ---- request state ---- */

struct conn_state {
	struct dreq r;
	char *body;
	size_t body_len, body_cap;
	bool too_large, bad_framing, answered;
	size_t discarded;
	char *path; /* raw path as received */
	int64_t started_ns;
};

static enum MHD_Result count_cl(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
	(void)kind, (void)value;
	if (key && !strcasecmp(key, "Content-Length"))
		++*(int *)cls;
	return MHD_YES;
}

/* 1 with *out, 0 when absent, -1 when malformed or repeated. */
static int content_length(struct MHD_Connection *c, long long *out)
{
	int n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_cl, &n);
	if (n > 1)
		return -1;
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
	if (!cl)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(cl, &end, 10);
	if (end == cl || *end || v < 0 || errno)
		return -1;
	*out = v;
	return 1;
}

struct target_buf {
	char *p;
	size_t n, cap;
	bool overflow;
};

static void tb_add(struct target_buf *t, const char *s, bool plus_for_space)
{
	for (; *s; s++) {
		if (t->n + 1 >= t->cap) {
			t->overflow = true;
			return;
		}
		t->p[t->n++] = plus_for_space && *s == ' ' ? '+' : *s;
	}
	t->p[t->n] = '\0';
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	(void)kind;
	struct target_buf *t = cls;
	tb_add(t, t->n && strchr(t->p, '?') ? "&" : "?", false);
	tb_add(t, key ? key : "", true);
	if (value) {
		tb_add(t, "=", false);
		tb_add(t, value, true);
	}
	return MHD_YES;
}

/* ---- routes ---- */

struct demo_route {
	const char *method;
	const char *pattern; /* ':' segments are parameters */
	demo_handler handler;
};

static const struct demo_route routes[] = {
    {"GET", "/v1/networks", demo_get_networks},
    {"GET", "/v1/users/:", demo_get_user},
    {"GET", "/v1/users/:/security-events", demo_get_security_events},
    {"GET", "/v1/users/:/logins", demo_get_logins},
    {"GET", "/v1/users/:/balances", demo_get_balances},
    {"GET", "/v1/users/:/deposits", demo_get_deposits},
    {"GET", "/v1/users/:/withdrawals", demo_get_withdrawals},
    {"GET", "/v1/users/:/trades", demo_get_trades},
    {"GET", "/v1/users/:/address-book", demo_get_address_book},
    {"POST", "/v1/users/:/verify-2fa", demo_post_verify_2fa},
    {"GET", "/v1/users/:/verify-2fa/:", demo_get_challenge},
    {"GET", "/v1/withdrawals/:", demo_get_withdrawal},
    {"POST", "/v1/withdrawals/:/hold", demo_post_hold},
    {"POST", "/v1/withdrawals/:/release", demo_post_release},
    {"POST", "/v1/withdrawals/:/cancel", demo_post_cancel},
    {"POST", "/v1/deposits/credit", demo_post_credit},
    {"POST", "/v1/compensations", demo_post_compensation},
    {"GET", "/v1/chain/:/tx/:", demo_get_chain_tx},
    {"GET", "/v1/deposit-addresses/:/:", demo_get_deposit_address},
    /* Demo only: what the user and the chain would do (docs/connector.md "Demo controls"). */
    {"POST", "/v1/demo/withdrawals", demo_sim_withdrawal},
    {"POST", "/v1/demo/chain/:/txs", demo_sim_chain_tx},
    {"POST", "/v1/demo/logins", demo_sim_login},
    {"POST", "/v1/demo/incidents", demo_sim_incident},
    {"POST", "/v1/demo/2fa-challenges/:/answer", demo_sim_answer_2fa},
};
#define N_ROUTES (sizeof routes / sizeof routes[0])

/* Matches a raw path against a pattern; fills decoded parameters. 1 matched, 0 not, -1 a
 * parameter that does not decode. */
static int match(struct dreq *r, const char *pattern, const char *path)
{
	size_t n_params = 0;
	const char *params[DEMO_MAX_PARAMS];
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return 0;
		p++, s++;
		const char *pe = strchrnul(p, '/'), *se = strchrnul(s, '/');
		if (pe - p == 1 && *p == ':') {
			if (se == s || n_params == DEMO_MAX_PARAMS)
				return 0;
			char *v = pct_decode(&r->a, s, (size_t)(se - s));
			if (!v)
				return -1;
			params[n_params++] = v;
		} else if (pe - p != se - s || memcmp(p, s, (size_t)(pe - p)) != 0) {
			return 0;
		}
		p = pe, s = se;
	}
	if (*p || *s)
		return 0;
	memcpy(r->params, params, sizeof params);
	r->n_params = n_params;
	return 1;
}

/* ---- request bodies ---- */

const char *demo_str(struct dreq *r, const char *name)
{
	json_t *v = r->body ? json_object_get(r->body, name) : NULL;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool line_ok(const char *s, size_t n, bool multiline)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && !(multiline && (c == '\n' || c == '\t'))) || c == 0x7f)
			return false;
	}
	return true;
}

static bool id_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

bool demo_fields_ok(struct dreq *r, const struct demo_field *fields, size_t n)
{
	const char *key;
	json_t *v;
	json_object_foreach(r->body, key, v)
	{
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = !strcmp(fields[i].name, key);
		if (!known) {
			demo_error(
			    r, 422, "unknown_field",
			    arena_printf(&r->a, "\"%.64s\" is not a field of this request", key),
			    key);
			return false;
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct demo_field *f = &fields[i];
		v = json_object_get(r->body, f->name);
		if (!v || json_is_null(v)) {
			if (f->required) {
				demo_error(r, 422, "missing_field",
				           arena_printf(&r->a, "%s is required", f->name), f->name);
				return false;
			}
			continue;
		}
		if (f->type == DF_INT) {
			json_int_t max = f->max ? (json_int_t)f->max : 1000000000;
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > max) {
				demo_error(
				    r, 422, json_is_integer(v) ? "invalid_value" : "wrong_type",
				    arena_printf(&r->a, "%s must be an integer from 0 to %lld",
				                 f->name, (long long)max),
				    f->name);
				return false;
			}
			continue;
		}
		if (f->type == DF_BOOL) {
			if (!json_is_boolean(v)) {
				demo_error(r, 422, "wrong_type",
				           arena_printf(&r->a, "%s must be true or false", f->name),
				           f->name);
				return false;
			}
			continue;
		}
		if (f->type == DF_STRLIST) {
			size_t max = f->max ? f->max : 20;
			bool ok = json_is_array(v) && json_array_size(v) >= 1 &&
			          json_array_size(v) <= max;
			size_t k;
			json_t *item;
			json_array_foreach(v, k, item)
			{
				ok = ok && json_is_string(item) && json_string_length(item) >= 1 &&
				     json_string_length(item) <= DEMO_MAX_ID &&
				     line_ok(json_string_value(item), json_string_length(item),
				             false);
			}
			if (!ok) {
				demo_error(
				    r, 422, json_is_array(v) ? "invalid_value" : "wrong_type",
				    arena_printf(&r->a, "%s must be a list of 1 to %zu names",
				                 f->name, max),
				    f->name);
				return false;
			}
			continue;
		}
		if (!json_is_string(v)) {
			demo_error(r, 422, "wrong_type",
			           f->type == DF_AMOUNT
			               ? arena_printf(&r->a,
			                              "%s must be a decimal string such as "
			                              "\"12.5\", not a number",
			                              f->name)
			               : arena_printf(&r->a, "%s must be a string", f->name),
			           f->name);
			return false;
		}
		const char *s = json_string_value(v);
		size_t len = json_string_length(v);
		size_t max = f->max ? f->max : f->type == DF_ID ? DEMO_MAX_ID : DEMO_MAX_TEXT;
		if (len == 0) {
			demo_error(r, 422, "invalid_value",
			           arena_printf(&r->a, "%s must not be empty", f->name), f->name);
			return false;
		}
		if (len > max) {
			demo_error(r, 422, "too_long",
			           arena_printf(&r->a, "%s is longer than %zu bytes", f->name, max),
			           f->name);
			return false;
		}
		bool ok = f->type == DF_ID       ? id_ok(s, len)
		          : f->type == DF_TEXT   ? line_ok(s, len, true)
		          : f->type == DF_AMOUNT ? id_ok(s, len)
		                                 : line_ok(s, len, false);
		if (!ok) {
			demo_error(
			    r, 422, "invalid_value",
			    arena_printf(&r->a, "%s holds characters it may not hold", f->name),
			    f->name);
			return false;
		}
	}
	return true;
}

/* ---- dispatch ---- */

static bool content_type_json(struct MHD_Connection *c)
{
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	if (!ct)
		return false;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return n == 16 && !strncasecmp(ct, "application/json", 16);
}

static void dispatch(struct demo_exchange *x, struct conn_state *cs)
{
	struct dreq *r = &cs->r;
	struct MHD_Connection *c = r->conn;
	const char *path = cs->path;
	if (!utf8_valid(path, strlen(path), false)) {
		demo_error(r, 400, "invalid_utf8", "the path is not valid UTF-8", NULL);
		return;
	}
	if (!strcmp(path, "/healthz")) {
		if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
			r->allow = "GET, HEAD";
			demo_error(r, 405, "method_not_allowed", "GET /healthz", NULL);
			return;
		}
		demo_answer(r, 200, json_pack("{s:s}", "status", "ok"));
		return;
	}
	if (strncmp(path, "/v1/", 4) != 0) {
		demo_error(r, 404, "not_found", "no such endpoint", NULL);
		return;
	}
	if (cs->bad_framing) {
		demo_error(r, 400, "malformed_request",
		           "Content-Length is malformed or sent more than once", NULL);
		return;
	}
	if (cs->too_large) {
		demo_error(r, 413, "body_too_large",
		           arena_printf(&r->a, "the body is larger than %d bytes", DEMO_MAX_BODY),
		           NULL);
		return;
	}

	/* Signature: over the target as sent, the timestamp, the nonce and the body. */
	char target[HMAC_SIGN_TARGET_MAX + 2];
	struct target_buf tb = {target, 0, sizeof target, false};
	target[0] = '\0';
	tb_add(&tb, path, false);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &tb);
	struct hmac_sign_headers h = {
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Exdesk-Key"),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Exdesk-Timestamp"),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Exdesk-Nonce"),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Exdesk-Signature"),
	};
	int64_t now_s = clock_now_ms() / 1000, ts = 0;
	enum hmac_sign_rc rc =
	    tb.overflow ? HMAC_SIGN_BAD_REQUEST
	                : hmac_sign_verify(r->method, target, cs->body, cs->body_len, &h, &x->key,
	                                   1, now_s, HMAC_SIGN_WINDOW_S, &ts, NULL);
	if (rc == HMAC_SIGN_OK) {
		pthread_mutex_lock(&x->mu);
		rc = hmac_replay_admit(&x->replay, h.key, h.nonce, ts, now_s, HMAC_SIGN_WINDOW_S);
		pthread_mutex_unlock(&x->mu);
	}
	if (rc != HMAC_SIGN_OK) {
		char q[80];
		log_event(LOG_WARN, "demo_exchange_unsigned", "reason=%s key=%s",
		          hmac_sign_rc_code(rc),
		          log_quote(h.key ? h.key : "", h.key ? strlen(h.key) : 0, q, sizeof q));
		demo_error(r, rc == HMAC_SIGN_REPLAY_FULL ? 503 : 401, hmac_sign_rc_code(rc),
		           hmac_sign_strerror(rc), NULL);
		return;
	}

	const struct demo_route *route = NULL;
	bool path_known = false;
	const char *allow = NULL;
	for (size_t i = 0; i < N_ROUTES; i++) {
		int m = match(r, routes[i].pattern, path);
		if (m < 0) {
			demo_error(r, 400, "invalid_utf8",
			           "a path segment is not valid percent-encoded UTF-8", NULL);
			return;
		}
		if (!m)
			continue;
		path_known = true;
		if (!strcmp(routes[i].method, r->method)) {
			route = &routes[i];
			break;
		}
		allow = routes[i].method;
	}
	if (!route) {
		if (path_known) {
			r->allow = allow; /* every pattern here takes exactly one method */
			demo_error(r, 405, "method_not_allowed",
			           "this endpoint does not take that method", NULL);
		} else {
			demo_error(r, 404, "not_found", "no such endpoint", NULL);
		}
		return;
	}
	if (!strcmp(r->method, "POST")) {
		if (!content_type_json(c)) {
			demo_error(r, 415, "unsupported_media_type",
			           "send the body as application/json", NULL);
			return;
		}
		if (!utf8_valid(cs->body ? cs->body : "", cs->body_len, false)) {
			demo_error(r, 400, "invalid_utf8", "the body is not valid UTF-8", NULL);
			return;
		}
		json_error_t je;
		json_t *j =
		    json_loadb(cs->body ? cs->body : "", cs->body_len, JSON_REJECT_DUPLICATES, &je);
		if (!j) {
			demo_error(r, 400, "malformed_json",
			           arena_printf(&r->a, "the body is not JSON: %s at line %d",
			                        je.text, je.line),
			           NULL);
			return;
		}
		if (!json_is_object(j)) {
			json_decref(j);
			demo_error(r, 400, "malformed_json", "the body must be a JSON object",
			           NULL);
			return;
		}
		r->body = j;
	}
	route->handler(r);
	if (!r->status)
		demo_internal_error(r, "handler gave no answer");
}

static enum MHD_Result reply(struct conn_state *cs)
{
	struct dreq *r = &cs->r;
	const char *body = r->answer ? r->answer : "";
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(r->answer_len, (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (r->allow)
		MHD_add_response_header(resp, "Allow", r->allow);
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	if (r->status == 413 || r->status == 400)
		MHD_add_response_header(resp, "Connection", "close");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	char p[160];
	log_event(r->status >= 500 ? LOG_WARN : LOG_INFO, "demo_exchange_request",
	          "method=%s path=%s status=%d ms=%.2f", r->method,
	          log_quote(cs->path, strlen(cs->path), p, sizeof p), r->status,
	          (double)(clock_monotonic_ns() - cs->started_ns) / 1e6);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct demo_exchange *x = cls;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		/* Headers only: answering now would cost keep-alive (DESIGN.md). */
		cs = xcalloc(1, sizeof *cs);
		cs->started_ns = clock_monotonic_ns();
		arena_init(&cs->r.a, 8192);
		cs->r.x = x;
		cs->r.conn = c;
		cs->r.method = method;
		cs->path = arena_strdup(&cs->r.a, strlen(url) > HMAC_SIGN_TARGET_MAX ? "/" : url);
		long long cl = 0;
		int has = content_length(c, &cl);
		cs->bad_framing = has < 0;
		cs->too_large = has == 1 && cl > DEMO_MAX_BODY;
		*con_cls = cs;
		/* Far too large or malformed: answered before "100 Continue", then closed. */
		if (cs->bad_framing || (cs->too_large && cl > 4LL * DEMO_MAX_BODY)) {
			cs->answered = true;
			dispatch(x, cs);
			return reply(cs);
		}
		return MHD_YES;
	}
	if (cs->answered) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (cs->too_large || cs->body_len + n > DEMO_MAX_BODY) {
			cs->too_large = true;
			cs->discarded += n;
			return cs->discarded > 4 * DEMO_MAX_BODY ? MHD_NO : MHD_YES;
		}
		if (cs->body_len + n + 1 > cs->body_cap) {
			size_t cap = cs->body_cap ? cs->body_cap * 2 : 4096;
			while (cap < cs->body_len + n + 1)
				cap *= 2;
			cs->body = xrealloc(cs->body, cap);
			cs->body_cap = cap;
		}
		memcpy(cs->body + cs->body_len, upload, n);
		cs->body_len += n;
		cs->body[cs->body_len] = '\0';
		return MHD_YES;
	}
	dispatch(x, cs);
	return reply(cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)c, (void)toe;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	json_decref(cs->r.body);
	free(cs->r.answer);
	arena_free(&cs->r.a);
	free(cs->body);
	free(cs);
	*con_cls = NULL;
}

/* Keep the path and arguments as sent (see the top of the file). */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	return strlen(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512], q[600];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	log_event(LOG_DEBUG, "http_library", "message=%s", log_quote(msg, n, q, sizeof q));
}

/* ---- start and stop ---- */

static uint8_t *dup_bytes(const uint8_t *p, size_t n)
{
	uint8_t *d = xmalloc(n ? n : 1);
	memcpy(d, p, n);
	return d;
}

/* First start: the seed, and the webhooks it announces, in one go. */
static bool seed_if_new(struct demo_exchange *x)
{
	struct arena a;
	arena_init(&a, 4096);
	bool ok = true;
	if (exstore_meta_get(x->db, &a, "seeded")) {
		arena_free(&a);
		return true;
	}
	int64_t now = clock_now_ms();
	struct exchange_seed_events ev;
	if (!exchange_seed_run(x->db, now, &ev)) {
		arena_free(&a);
		return false;
	}
	struct dreq r = {.x = x};
	r.a = a;
	if (db_begin(x->db) != DB_OK) {
		arena_free(&r.a);
		return false;
	}
	for (size_t i = 0; ok && i < ev.n_pending_withdrawals; i++) {
		struct ex_withdrawal w;
		ok =
		    exstore_withdrawal_get(x->db, &r.a, ev.pending_withdrawals[i], &w) &&
		    demo_webhook_queue(
		        x, &r.a, "withdrawal.pending",
		        json_pack("{s:o}", "withdrawal", demo_withdrawal_json(&r, &w, false)), now);
	}
	for (size_t i = 0; ok && i < ev.n_deposits_seen; i++) {
		struct ex_chain_tx t;
		ok = exstore_chain_tx_get(x->db, &r.a, ev.deposits_seen[i].network,
		                          ev.deposits_seen[i].txid, &t) &&
		     demo_webhook_queue(x, &r.a, "deposit.seen", demo_deposit_seen_json(&r, &t),
		                        now);
	}
	for (size_t i = 0; ok && i < ev.n_new_country_logins; i++) {
		struct ex_login l;
		ok = exstore_login_get(x->db, &r.a, ev.new_country_logins[i], &l) &&
		     demo_webhook_queue(x, &r.a, "login.new_country",
		                        json_pack("{s:o}", "login", demo_login_json(&l)), now);
	}
	ok = ok && db_commit(x->db) == DB_OK;
	if (!ok)
		db_rollback(x->db);
	arena_free(&r.a);
	if (ok)
		log_event(LOG_INFO, "demo_exchange_seeded", "users=8 webhooks=%zu",
		          ev.n_pending_withdrawals + ev.n_deposits_seen + ev.n_new_country_logins);
	return ok;
}

struct demo_exchange *demo_exchange_start(const struct demo_exchange_config *cfg)
{
	if (cfg->api_secret_len < HMAC_SIGN_SECRET_MIN ||
	    cfg->api_secret_len > HMAC_SIGN_SECRET_MAX) {
		log_event(LOG_ERROR, "demo_exchange_secret", "reason=\"%s\"",
		          hmac_sign_strerror(HMAC_SIGN_BAD_SECRET));
		return NULL;
	}
	struct demo_exchange *x = xcalloc(1, sizeof *x);
	pthread_mutex_init(&x->mu, NULL);
	pthread_cond_init(&x->wake, NULL);
	x->key_id = xstrdup(cfg->api_key);
	x->secret = dup_bytes(cfg->api_secret, cfg->api_secret_len);
	x->key = (struct hmac_sign_key){x->key_id, x->secret, cfg->api_secret_len};
	x->replay_entries = xcalloc(REPLAY_BUCKETS * HMAC_REPLAY_WAYS, sizeof *x->replay_entries);
	uint8_t hk[16];
	randombytes_buf(hk, sizeof hk);
	hmac_replay_init(&x->replay, x->replay_entries, REPLAY_BUCKETS, hk);
	if (cfg->webhook_url) {
		x->webhook_url = xstrdup(cfg->webhook_url);
		x->webhook_key = xstrdup(cfg->webhook_key);
		x->webhook_secret = dup_bytes(cfg->webhook_secret, cfg->webhook_secret_len);
		x->webhook_secret_len = cfg->webhook_secret_len;
	}
	if (exstore_open(cfg->db_path, &x->db) != DB_OK) {
		log_event(LOG_ERROR, "demo_exchange_db", "path=\"%s\"", cfg->db_path);
		goto fail;
	}
	if (!seed_if_new(x)) {
		log_event(LOG_ERROR, "demo_exchange_seed", "path=\"%s\"", cfg->db_path);
		goto fail;
	}
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
	if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) != 1) {
		log_event(LOG_ERROR, "demo_exchange_listen", "host=\"%s\" reason=not_ipv4",
		          cfg->host);
		goto fail;
	}
	x->d = MHD_start_daemon(
	    MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, cfg->port, NULL, NULL,
	    on_request, x, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : 4u,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, x, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_UNESCAPE_CALLBACK,
	    no_unescape, NULL, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
	if (!x->d) {
		log_event(LOG_ERROR, "demo_exchange_listen", "host=%s port=%u", cfg->host,
		          cfg->port);
		goto fail;
	}
	if (x->webhook_url && !demo_webhook_start(x)) {
		log_event(LOG_ERROR, "demo_exchange_webhooks", "url=\"%s\"", x->webhook_url);
		goto fail;
	}
	return x;
fail:
	demo_exchange_stop(x);
	return NULL;
}

void demo_exchange_stop(struct demo_exchange *x)
{
	if (!x)
		return;
	if (x->d)
		MHD_stop_daemon(x->d);
	demo_webhook_stop(x);
	db_close(x->db);
	sodium_memzero(x->secret, x->key.secret_len);
	free(x->secret);
	free(x->key_id);
	if (x->webhook_secret)
		sodium_memzero(x->webhook_secret, x->webhook_secret_len);
	free(x->webhook_secret);
	free(x->webhook_url);
	free(x->webhook_key);
	free(x->replay_entries);
	pthread_cond_destroy(&x->wake);
	pthread_mutex_destroy(&x->mu);
	free(x);
}
