/* request.c — the handler-facing helpers of http.h: answers, query and path parameters,
 * cursors, and validation of JSON bodies against field tables. */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/utf8.h"

void http_json(struct request *r, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s) { /* only on allocation failure or an invalid tree: a bug */
		http_error(r, 500, "internal", "internal error", NULL);
		return;
	}
	r->status = status;
	r->resp_len = strlen(s);
	r->resp_body = arena_strndup(&r->arena, s, r->resp_len);
	r->resp_type = "application/json; charset=utf-8";
	free(s);
}

void http_error(struct request *r, int status, const char *code, const char *message,
		const char *field)
{
	json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	json_t *doc = json_pack("{s:o}", "error", err);
	char *s = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	r->status = status;
	r->resp_len = s ? strlen(s) : 0;
	r->resp_body = s ? arena_strndup(&r->arena, s, r->resp_len) : NULL;
	r->resp_type = "application/json; charset=utf-8";
	free(s);
}

void http_no_content(struct request *r)
{
	r->status = 204;
	r->resp_body = NULL;
	r->resp_len = 0;
}

void http_text(struct request *r, int status, const char *content_type, const char *text, size_t len)
{
	r->status = status;
	r->resp_body = arena_strndup(&r->arena, text, len);
	r->resp_len = len;
	r->resp_type = content_type;
}

void http_static(struct request *r, int status, const char *content_type, const void *data,
		 size_t len)
{
	r->status = status;
	r->resp_body = (char *)data;
	r->resp_len = len;
	r->resp_static = true;
	r->resp_type = content_type;
}

void http_header(struct request *r, const char *name, const char *value)
{
	if (r->n_resp_headers == MAX_RESPONSE_HEADERS)
		return;
	r->resp_headers[r->n_resp_headers][0] = name;
	r->resp_headers[r->n_resp_headers][1] = value;
	r->n_resp_headers++;
}

void http_store_failure(struct request *r, int rc)
{
	if (rc == STORE_UNAVAILABLE) {
		http_header(r, "Retry-After", "1");
		http_error(r, 503, "unavailable", "the desk is busy or shutting down; retry shortly",
			   NULL);
	} else {
		http_error(r, 500, "internal", "the change could not be saved", NULL);
	}
}

const char *http_query(struct request *r, const char *key)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header_in(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

size_t http_unescape(char *s)
{
	return MHD_http_unescape(s);
}

/* Strict positive decimal: no sign, no spaces, no leading zeros, fits int64. */
static bool parse_id(const char *s, int64_t *out)
{
	if (!s || !*s || *s == '0' || strlen(s) > 18)
		return false;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return true;
}

bool http_param_id(struct request *r, size_t idx, int64_t *out)
{
	if (idx < r->n_params && parse_id(r->params[idx], out))
		return true;
	http_error(r, 404, "not_found", "no such object", NULL);
	return false;
}

bool http_query_limit(struct request *r, int *limit)
{
	const char *s = http_query(r, "limit");
	int64_t v;
	*limit = 25;
	if (!s)
		return true;
	if (!parse_id(s, &v) || v > 100) {
		http_error(r, 400, "invalid_query", "limit must be an integer from 1 to 100", "limit");
		return false;
	}
	*limit = (int)v;
	return true;
}

bool http_query_id(struct request *r, const char *key, int64_t *out)
{
	const char *s = http_query(r, key);
	*out = 0;
	if (!s)
		return true;
	if (!parse_id(s, out)) {
		http_error(r, 400, "invalid_query", "expected a positive integer id", key);
		return false;
	}
	return true;
}

bool http_query_time(struct request *r, const char *key, int64_t *out)
{
	const char *s = http_query(r, key);
	if (!s)
		return true;
	if (!clock_parse_rfc3339(s, out)) {
		http_error(r, 400, "invalid_query",
			   arena_printf(&r->arena, "%s is an RFC 3339 time (2026-11-22T09:14:03Z)", key),
			   key);
		return false;
	}
	return true;
}

#define CURSOR_TAG "c1:"

char *http_cursor_encode(struct request *r, int64_t id)
{
	char plain[32];
	int n = snprintf(plain, sizeof plain, CURSOR_TAG "%" PRId64, id);
	size_t cap = sodium_base64_ENCODED_LEN((size_t)n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(&r->arena, cap);
	sodium_bin2base64(out, cap, (const unsigned char *)plain, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool http_cursor_decode(const char *s, int64_t *id)
{
	unsigned char plain[32];
	size_t n = 0;
	if (strlen(s) >= 64 ||
	    sodium_base642bin(plain, sizeof plain - 1, s, strlen(s), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	plain[n] = '\0';
	return strlen((char *)plain) == n && strncmp((char *)plain, CURSOR_TAG, 3) == 0 &&
	       parse_id((char *)plain + 3, id);
}

bool http_query_cursor(struct request *r, int64_t *before)
{
	const char *s = http_query(r, "cursor");
	*before = 0;
	if (!s || http_cursor_decode(s, before))
		return true;
	*before = 0;
	http_error(r, 400, "invalid_query", "cursor is not one this server gave out", "cursor");
	return false;
}

/* ---- JSON bodies ---- */

static const char *type_word(enum field_type t)
{
	switch (t) {
	case FIELD_STRING:
	case FIELD_TEXT:
		return "a string";
	case FIELD_INT:
		return "an integer";
	case FIELD_INT_OR_NULL:
		return "an integer or null";
	case FIELD_BOOL:
		return "true or false";
	case FIELD_OBJECT:
		return "an object";
	case FIELD_STRING_ARRAY:
		return "an array of strings";
	case FIELD_INT_ARRAY:
		return "an array of integers";
	}
	return "a value";
}

static bool int_in_range(json_t *v, const struct field_spec *f)
{
	if (!json_is_integer(v))
		return false;
	json_int_t i = json_integer_value(v);
	int64_t lo = f->min, hi = f->max ? f->max : INT64_MAX;
	return i >= lo && i <= hi;
}

/* Validates obj against specs; on failure answers and returns false. prefix names nested
 * fields ("requester."). */
static bool check_object(struct request *r, json_t *obj, const struct field_spec *specs,
			 const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		const struct field_spec *f = specs;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (!f->name) {
			char *name = arena_printf(&r->arena, "%s%s", prefix, key);
			http_error(r, 422, "unknown_field",
				   arena_printf(&r->arena, "unknown field \"%s\"", name), name);
			return false;
		}
	}
	for (const struct field_spec *f = specs; f->name; f++) {
		char *name = arena_printf(&r->arena, "%s%s", prefix, f->name);
		v = json_object_get(obj, f->name);
		if (!v) {
			if (f->required) {
				http_error(r, 422, "missing_field",
					   arena_printf(&r->arena, "%s is required", name), name);
				return false;
			}
			continue;
		}
		bool type_ok = true;
		switch (f->type) {
		case FIELD_STRING:
		case FIELD_TEXT: {
			if (!json_is_string(v)) {
				type_ok = false;
				break;
			}
			size_t len = json_string_length(v);
			const char *s = json_string_value(v);
			if (f->type == FIELD_STRING) {
				const char *t = utf8_trim(s, &len);
				if (t != s || len != json_string_length(v))
					json_string_setn(v, t, len);
				s = json_string_value(v);
			}
			if (len > f->max_len) {
				http_error(r, 422, "too_long",
					   arena_printf(&r->arena, "%s is longer than %zu bytes", name,
							f->max_len),
					   name);
				return false;
			}
			bool blank = true;
			size_t blen = len;
			utf8_trim(s, &blen);
			blank = blen == 0;
			if (f->required && blank) {
				http_error(r, 422, "invalid_value",
					   arena_printf(&r->arena, "%s must not be empty", name), name);
				return false;
			}
			break;
		}
		case FIELD_INT:
			type_ok = json_is_integer(v);
			if (type_ok && !int_in_range(v, f)) {
				http_error(r, 422, "invalid_value",
					   arena_printf(&r->arena, "%s is out of range", name), name);
				return false;
			}
			break;
		case FIELD_INT_OR_NULL:
			type_ok = json_is_integer(v) || json_is_null(v);
			if (type_ok && json_is_integer(v) && !int_in_range(v, f)) {
				http_error(r, 422, "invalid_value",
					   arena_printf(&r->arena, "%s is out of range", name), name);
				return false;
			}
			break;
		case FIELD_BOOL:
			type_ok = json_is_boolean(v);
			break;
		case FIELD_OBJECT:
			if (!json_is_object(v)) {
				type_ok = false;
				break;
			}
			if (!check_object(r, v, f->children, arena_printf(&r->arena, "%s.", name)))
				return false;
			break;
		case FIELD_STRING_ARRAY:
		case FIELD_INT_ARRAY: {
			if (!json_is_array(v)) {
				type_ok = false;
				break;
			}
			if (json_array_size(v) > f->max_items) {
				http_error(r, 422, "too_many",
					   arena_printf(&r->arena, "%s has more than %zu items", name,
							f->max_items),
					   name);
				return false;
			}
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item)
			{
				if (f->type == FIELD_STRING_ARRAY) {
					if (!json_is_string(item)) {
						type_ok = false;
						break;
					}
					if (json_string_length(item) > f->max_len) {
						http_error(r, 422, "too_long",
							   arena_printf(&r->arena,
									"an item of %s is longer than %zu bytes",
									name, f->max_len),
							   name);
						return false;
					}
				} else {
					if (!json_is_integer(item)) {
						type_ok = false;
						break;
					}
					if (!int_in_range(item, f)) {
						http_error(r, 422, "invalid_value",
							   arena_printf(&r->arena, "an item of %s is out of range", name),
							   name);
						return false;
					}
				}
			}
			break;
		}
		}
		if (!type_ok) {
			http_error(r, 422, "wrong_type",
				   arena_printf(&r->arena, "%s must be %s", name, type_word(f->type)),
				   name);
			return false;
		}
	}
	return true;
}

json_t *http_body_json(struct request *r, const struct field_spec *specs)
{
	if (r->body_len == 0) {
		http_error(r, 400, "malformed_json", "a JSON object body is required", NULL);
		return NULL;
	}
	if (!r->content_type || strncasecmp(r->content_type, "application/json", 16) != 0) {
		http_error(r, 415, "unsupported_media_type", "send the body as application/json",
			   NULL);
		return NULL;
	}
	if (!utf8_valid(r->body, r->body_len, false)) {
		http_error(r, 400, "invalid_utf8", "the body is not valid UTF-8", NULL);
		return NULL;
	}
	json_error_t jerr;
	json_t *obj = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj) {
		http_error(r, 400, "malformed_json",
			   arena_printf(&r->arena, "malformed JSON at line %d: %s", jerr.line,
					jerr.text),
			   NULL);
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		http_error(r, 400, "malformed_json", "the body must be a JSON object", NULL);
		return NULL;
	}
	if (!check_object(r, obj, specs, "")) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

const char *json_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool json_has(json_t *obj, const char *key)
{
	return json_object_get(obj, key) != NULL;
}

json_t *json_time(int64_t ms)
{
	if (!ms)
		return json_null();
	char buf[RFC3339_MAX];
	clock_format_rfc3339(ms, buf);
	return json_string(buf);
}

json_t *json_id(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

const char *http_client_key(struct request *r)
{
	const union MHD_ConnectionInfo *ci =
		r->conn ? MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	char buf[INET6_ADDRSTRLEN] = "";
	if (sa && sa->sa_family == AF_INET) {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
			  sizeof buf);
	} else if (sa && sa->sa_family == AF_INET6) {
		struct in6_addr a6 = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(&a6)) {
			inet_ntop(AF_INET, &a6.s6_addr[12], buf, sizeof buf);
		} else {
			memset(&a6.s6_addr[8], 0, 8);
			inet_ntop(AF_INET6, &a6, buf, sizeof buf);
		}
	}
	return arena_strdup(&r->arena, buf);
}
