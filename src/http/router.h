/* router.h — matching a method and path against the route table. Patterns are '/'-separated
 * segments, literal or "{id}"; a final "*" takes the rest of the path (static files). No regular
 * expressions, no allocation beyond the request. */
#ifndef EXDESK_HTTP_ROUTER_H
#define EXDESK_HTTP_ROUTER_H
#include "http/http.h"

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_WRONG_METHOD };

/* On ROUTE_FOUND sets r->route and r->params. *index is the route's position (for metrics).
 * On ROUTE_WRONG_METHOD, *allow (in the request's arena) lists the path's methods. */
enum route_match router_match(const struct route *routes, size_t n, struct request *r,
			      size_t *index, const char **allow);

#endif
