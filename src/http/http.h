/* http.h — what a handler sees: one request, its principal, and the helpers to answer it.
 *
 * The server (server.c) owns the connection: it reads the body within MAX_BODY, resolves the
 * principal, checks the route's permission, calls the handler on a thread of its pool, and
 * sends what the handler left in the response fields. Handlers never touch libmicrohttpd.
 * Everything a request allocates lives in r->arena and dies with the request. */
#ifndef EXDESK_HTTP_H
#define EXDESK_HTTP_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/perm.h"
#include "util/arena.h"

#define MAX_BODY (1024 * 1024)
#define MAX_PATH_PARAMS 4
#define MAX_RESPONSE_HEADERS 8

struct store;
struct MHD_Connection;
struct MHD_Response;

enum principal_kind { PRINCIPAL_NONE, PRINCIPAL_AGENT };

/* Who is asking. An API token acts as its agent; a session cookie too, plus CSRF. */
struct principal {
	enum principal_kind kind;
	int64_t agent_id;
	enum role role;
	enum tier tier;
	int64_t *groups;
	size_t n_groups;
	const char *name, *email;
	bool via_cookie;
	int64_t token_id;   /* when authenticated by an API token */
	int64_t session_id; /* when authenticated by the session cookie */
};

struct route;

struct request {
	struct arena arena;
	struct store *store;
	struct MHD_Connection *conn;
	const char *method, *path;
	const struct route *route;
	const char *params[MAX_PATH_PARAMS]; /* {id} segments, in order */
	size_t n_params;
	char *body;
	size_t body_len;
	const char *content_type;
	struct principal who;
	const char *csrf_expected; /* the session's CSRF token, for cookie principals */

	/* the answer */
	int status;
	char *resp_body; /* arena, or static data when resp_static */
	size_t resp_len;
	bool resp_static; /* resp_body outlives the request (embedded files): sent without a copy */
	struct MHD_Response *resp_custom; /* a ready response (event streams), sent as it is */
	const char *resp_type;
	const char *resp_headers[MAX_RESPONSE_HEADERS][2];
	size_t n_resp_headers;
};

typedef void (*http_handler)(struct request *r);

/* One row of the route table: `pattern` segments are literal or "{id}". */
struct route {
	const char *method;
	const char *pattern;
	http_handler handler;
	enum perm perm;
	size_t max_body; /* 0: MAX_BODY */
};

/* ---- answering ---- */
void http_json(struct request *r, int status, json_t *body); /* takes the reference */
void http_error(struct request *r, int status, const char *code, const char *message,
		const char *field);
void http_no_content(struct request *r);
void http_text(struct request *r, int status, const char *content_type, const char *text, size_t len);
void http_header(struct request *r, const char *name, const char *value); /* both in arena */
/* Answer with bytes that outlive the request (compiled-in files). */
void http_static(struct request *r, int status, const char *content_type, const void *data,
		 size_t len);
/* The standard answer for a failed store_write (commit failure or overload). */
void http_store_failure(struct request *r, int rc);

/* ---- reading ---- */
const char *http_query(struct request *r, const char *key); /* NULL if absent */
/* Who is asking, as a key for rate limits and per-client dedupe: the peer's IPv4 address, or the
 * /64 an IPv6 address is in (one customer line gets a whole /64; a v4-mapped address counts as
 * IPv4). "" when unknown (then everyone unknown shares one budget). In the request's arena. */
const char *http_client_key(struct request *r);
const char *http_header_in(struct request *r, const char *name);
const char *http_cookie(struct request *r, const char *name); /* parsed by libmicrohttpd */
/* Decode %XX in place (libmicrohttpd's decoder); returns the new length. */
size_t http_unescape(char *s);
/* Parse a positive id path parameter; answers 404 and returns false if it is not one. */
bool http_param_id(struct request *r, size_t idx, int64_t *out);

/* Query helpers: on bad input they answer 400 invalid_query and return false. */
bool http_query_limit(struct request *r, int *limit);        /* 1..100, default 25 */
bool http_query_cursor(struct request *r, int64_t *before);  /* 0 when absent */
bool http_query_id(struct request *r, const char *key, int64_t *out); /* 0 when absent */
/* An RFC 3339 time as ms since the epoch; *out is left as it is when the key is absent. */
bool http_query_time(struct request *r, const char *key, int64_t *out);
char *http_cursor_encode(struct request *r, int64_t id);
/* Decode a cursor this server gave out; false for anything else. Pure (fuzzed). */
bool http_cursor_decode(const char *s, int64_t *id);

/* ---- JSON bodies, validated against a declared field table (kcgi's kvalid) ---- */
enum field_type {
	FIELD_STRING,      /* UTF-8 text, trimmed if .trim; max_len in bytes */
	FIELD_TEXT,        /* like STRING but kept as sent (message bodies) */
	FIELD_INT,         /* integer in [min, max] */
	FIELD_INT_OR_NULL, /* integer in [min, max], or null */
	FIELD_BOOL,
	FIELD_OBJECT,      /* validated against .children */
	FIELD_STRING_ARRAY,/* up to max_items strings of up to max_len bytes */
	FIELD_INT_ARRAY,   /* up to max_items integers in [min, max] */
};

struct field_spec {
	const char *name;
	enum field_type type;
	bool required;
	size_t max_len;   /* strings: bytes */
	size_t max_items; /* arrays */
	int64_t min, max; /* integers */
	const struct field_spec *children; /* FIELD_OBJECT; table ends with a NULL name */
};

/* Parse the body as a JSON object and check it against specs (terminated by {NULL}).
 * Unknown fields, wrong types, missing required fields, over-long values, empty required
 * strings: answered with the matching 4xx and returns NULL. The caller owns the result
 * (json_decref). Strings of FIELD_STRING are replaced by their trimmed form. */
json_t *http_body_json(struct request *r, const struct field_spec *specs);

/* Small accessors for validated bodies. */
const char *json_str(json_t *obj, const char *key); /* NULL if absent or null */
bool json_has(json_t *obj, const char *key);

/* Time as RFC 3339 (null for 0). */
json_t *json_time(int64_t ms);
json_t *json_id(int64_t id); /* null for 0 */

#endif
