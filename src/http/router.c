#include "http/router.h"

#include <string.h>

/* Compare one pattern against the path; fills params when it matches. */
static bool path_matches(const char *pattern, const char *path, struct request *r, bool capture)
{
	const char *p = pattern, *s = path;
	size_t n = 0;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++, s++;
		const char *pend = strchr(p, '/'), *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen == 1 && p[0] == '*' && !pend) {
			/* the rest of the path, possibly empty, possibly with slashes */
			if (n == MAX_PATH_PARAMS)
				return false;
			if (capture)
				r->params[n] = arena_strdup(&r->arena, s);
			n++;
			s += strlen(s);
			p += 1;
			break;
		}
		if (plen >= 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (slen == 0 || n == MAX_PATH_PARAMS)
				return false;
			if (capture)
				r->params[n] = arena_strndup(&r->arena, s, slen);
			n++;
		} else if (plen != slen || memcmp(p, s, plen) != 0) {
			return false;
		}
		p += plen, s += slen;
	}
	if (*p || *s)
		return false;
	if (capture)
		r->n_params = n;
	return true;
}

enum route_match router_match(const struct route *routes, size_t n, struct request *r,
			      size_t *index, const char **allow)
{
	bool path_known = false;
	char *methods = arena_alloc(&r->arena, 64);
	for (size_t i = 0; i < n; i++) {
		if (!path_matches(routes[i].pattern, r->path, r, false))
			continue;
		path_known = true;
		if (strlen(methods) + strlen(routes[i].method) + 3 < 64) {
			if (*methods)
				strcat(methods, ", ");
			strcat(methods, routes[i].method);
		}
		if (strcmp(routes[i].method, r->method) == 0) {
			path_matches(routes[i].pattern, r->path, r, true);
			r->route = &routes[i];
			*index = i;
			return ROUTE_FOUND;
		}
	}
	*allow = methods;
	return path_known ? ROUTE_WRONG_METHOD : ROUTE_NOT_FOUND;
}
