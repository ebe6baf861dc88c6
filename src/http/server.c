#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <strings.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "http/auth.h"
#include "http/push.h"
#include "http/router.h"
#include "http/workers.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/histogram.h"
#include "util/log.h"
#include "util/textbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define MAX_ROUTES 256 /* rows of the route table (metrics keep a counter row per route) */
/* Push streams are long-lived connections; the file-descriptor limit is raised to match. */
#define MAX_CONNECTIONS 20000
#define MAX_URL 2048

/* Statuses we count separately; anything else is counted as its class. */
static const int counted_status[] = {200, 201, 204, 400, 401, 403, 404, 405,
				     409, 413, 415, 422, 429, 500, 503, 0};
#define N_STATUS (sizeof counted_status / sizeof counted_status[0])

struct server {
	struct MHD_Daemon *d;
	struct server_config cfg;
	_Atomic int in_flight;
	struct workers *writers; /* runs write requests (workers.h) */
};

static struct workers *metric_writers;

static _Atomic bool stopping;
static const struct route *metric_routes;
static size_t metric_n_routes;
static _Atomic uint64_t req_count[MAX_ROUTES + 1][N_STATUS]; /* last row: no route matched */
static struct histogram req_seconds;

bool server_stopping(void)
{
	return atomic_load(&stopping);
}

/* Per-connection state between libmicrohttpd's calls for one request. */
struct conn_state {
	struct request r;
	char *body;
	size_t body_len, body_cap;
	bool too_large;
	bool bad_framing; /* duplicate or malformed Content-Length */
	bool answered;    /* an early answer (413, 400) is queued; discard the rest */
	size_t discarded; /* bytes thrown away past MAX_BODY */
	bool late;        /* its headers arrived after shutdown began */
	int64_t started_ns;
	size_t route_index;
	enum route_match match; /* decided on the first call: the route sets the body limit */
	const char *allow;
	size_t max_body;
	bool handed_off; /* suspended and queued for a write worker */
	_Atomic bool handled; /* the worker ran the handler: the next call answers */
};

static size_t status_slot(int status)
{
	for (size_t i = 0; i + 1 < N_STATUS; i++)
		if (counted_status[i] == status)
			return i;
	return N_STATUS - 1;
}

static enum MHD_Result count_content_length(void *cls, enum MHD_ValueKind kind, const char *key,
					    const char *value)
{
	(void)kind;
	(void)value;
	if (key && strcasecmp(key, "Content-Length") == 0)
		++*(int *)cls;
	return MHD_YES;
}

/* 1 with *out set, 0 when absent, -1 when malformed or sent more than once: two lengths are
 * how requests are smuggled past a proxy (RFC 9112 section 6.3), so we refuse them. */
static int content_length(struct MHD_Connection *c, long long *out)
{
	int n = 0;
	MHD_get_connection_values(c, MHD_HEADER_KIND, count_content_length, &n);
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

static enum MHD_Result check_query_utf8(void *cls, enum MHD_ValueKind kind, const char *key,
					const char *value)
{
	(void)kind;
	bool *ok = cls;
	if ((key && !utf8_valid(key, strlen(key), false)) ||
	    (value && !utf8_valid(value, strlen(value), false))) {
		*ok = false;
		return MHD_NO;
	}
	return MHD_YES;
}

static void dispatch(struct conn_state *cs)
{
	struct request *r = &cs->r;
	/* Requests already under way when SIGTERM came are finished; new ones are turned away. */
	if (cs->late) {
		http_header(r, "Connection", "close");
		http_error(r, 503, "unavailable", "the server is shutting down", NULL);
		return;
	}
	if (!utf8_valid(r->path, strlen(r->path), false)) {
		http_error(r, 400, "invalid_utf8", "the path is not valid UTF-8", NULL);
		return;
	}
	bool q_ok = true;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_query_utf8, &q_ok);
	if (!q_ok) {
		http_error(r, 400, "invalid_utf8", "the query string is not valid UTF-8", NULL);
		return;
	}
	size_t idx = cs->route_index;
	const char *allow = cs->allow;
	cs->route_index = MAX_ROUTES; /* counted as unmatched until the route is settled */
	switch (cs->match) {
	case ROUTE_NOT_FOUND:
		http_error(r, 404, "not_found", "no such endpoint", NULL);
		return;
	case ROUTE_WRONG_METHOD:
		http_header(r, "Allow", allow);
		http_error(r, 405, "method_not_allowed", "this endpoint does not take that method",
			   NULL);
		return;
	case ROUTE_FOUND:
		break;
	}
	cs->route_index = idx;
	if (cs->bad_framing) {
		http_header(r, "Connection", "close");
		http_error(r, 400, "malformed_request",
			   "Content-Length is malformed or sent more than once", NULL);
		return;
	}
	if (cs->too_large) {
		http_header(r, "Connection", "close");
		http_error(r, 413, "body_too_large",
			   arena_printf(&r->arena, "the body is larger than %zu bytes", cs->max_body),
			   NULL);
		return;
	}
	enum perm perm = r->route->perm;
	if (perm != PERM_NONE) {
		if (!auth_resolve(r))
			return;
		if (r->who.kind == PRINCIPAL_NONE) {
			http_error(r, 401, "unauthorized", "sign in or send a bearer token", NULL);
			return;
		}
		if (!auth_csrf_ok(r)) {
			http_error(r, 403, "csrf_failed",
				   "a cookie-authenticated change needs the X-CSRF-Token header",
				   NULL);
			return;
		}
		if (!perm_allowed(r->who.role, perm)) {
			http_error(r, 403, "forbidden",
				   arena_printf(&r->arena, "your role may not %s", perm_name(perm)),
				   NULL);
			return;
		}
	}
	r->route->handler(r);
	if (!r->status)
		http_error(r, 500, "internal", "internal error", NULL);
}

static enum MHD_Result send_response(struct server *s, struct conn_state *cs)
{
	struct request *r = &cs->r;
	if (r->resp_custom) {
		enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, r->resp_custom);
		MHD_destroy_response(r->resp_custom);
		r->resp_custom = NULL;
		atomic_fetch_add(&req_count[cs->route_index][status_slot(r->status)], 1);
		log_event(LOG_INFO, "stream_open", "route=\"%s\" agent=%lld",
			  r->route ? r->route->pattern : "-", (long long)r->who.agent_id);
		return ret;
	}
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		r->resp_len, r->resp_body ? r->resp_body : (char *)"",
		r->resp_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	if (r->resp_type)
		MHD_add_response_header(resp, "Content-Type", r->resp_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	bool cache_set = false;
	for (size_t i = 0; i < r->n_resp_headers; i++) {
		MHD_add_response_header(resp, r->resp_headers[i][0], r->resp_headers[i][1]);
		cache_set = cache_set || !strcasecmp(r->resp_headers[i][0], "Cache-Control");
	}
	if (!cache_set) /* API answers are personal: never cached unless a handler says so */
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);

	double secs = (double)(clock_monotonic_ns() - cs->started_ns) / 1e9;
	histogram_observe(&req_seconds, secs);
	atomic_fetch_add(&req_count[cs->route_index][status_slot(r->status)], 1);
	char path[160];
	log_event(r->status >= 500 ? LOG_WARN : LOG_INFO, "request",
		  "method=%s path=%s route=\"%s\" status=%d ms=%.2f agent=%lld", r->method,
		  log_quote(r->path, strlen(r->path), path, sizeof path),
		  r->route ? r->route->pattern : "-", r->status, secs * 1000,
		  (long long)r->who.agent_id);
	(void)s;
	return ret;
}

/* A change goes to the write workers: it may wait for a group commit. Reads, refusals decided
 * by the headers, and requests arriving during shutdown are answered on the spot. */
static bool is_write(const struct conn_state *cs)
{
	const char *m = cs->r.method;
	return cs->match == ROUTE_FOUND && !cs->late && !cs->bad_framing && !cs->too_large &&
	       (!strcmp(m, "POST") || !strcmp(m, "PUT") || !strcmp(m, "PATCH") ||
		!strcmp(m, "DELETE"));
}

static void run_write(void *item)
{
	struct conn_state *cs = item;
	dispatch(cs);
	atomic_store(&cs->handled, true);
	MHD_resume_connection(cs->r.conn);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		/* First call: headers only. Answering here would cost keep-alive (see DESIGN.md),
		 * so we only set up and return. */
		cs = xcalloc(1, sizeof *cs);
		cs->started_ns = clock_monotonic_ns();
		cs->late = atomic_load(&stopping);
		arena_init(&cs->r.arena, 8192);
		cs->r.store = s->cfg.store;
		cs->r.conn = c;
		cs->r.method = method;
		cs->r.path = strlen(url) > MAX_URL ? "/" : url;
		cs->r.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		cs->match = router_match(s->cfg.routes, s->cfg.n_routes, &cs->r, &cs->route_index,
					 &cs->allow);
		cs->max_body = cs->match == ROUTE_FOUND && cs->r.route->max_body
				       ? cs->r.route->max_body
				       : MAX_BODY;
		long long cl = 0;
		int has = content_length(c, &cl);
		cs->bad_framing = has < 0;
		cs->too_large = has == 1 && (unsigned long long)cl > cs->max_body;
		*con_cls = cs;
		atomic_fetch_add(&s->in_flight, 1);
		/* A body we will refuse by its headers is answered now, before libmicrohttpd says
		 * "100 Continue", so the client never sends it; the connection then closes. A body
		 * only somewhat over the limit is read and thrown away instead, and answered when it
		 * ends: a client that sends without waiting for 100-continue then gets a clean 413
		 * rather than a reset connection. */
		if (cs->bad_framing ||
		    (cs->too_large && (unsigned long long)cl > 4ULL * cs->max_body)) {
			cs->answered = true;
			dispatch(cs);
			return send_response(s, cs);
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
		/* A body without a (truthful) length that runs past the limit is discarded and
		 * answered 413 when it ends (libmicrohttpd 0.9.75 drops an answer queued mid-upload);
		 * one that goes on far past it is cut off. */
		if (cs->too_large || cs->body_len + n > cs->max_body) {
			cs->too_large = true;
			cs->discarded += n;
			return cs->discarded > 4 * cs->max_body ? MHD_NO : MHD_YES;
		}
		if (cs->body_len + n + 1 > cs->body_cap) {
			size_t cap = cs->body_cap ? cs->body_cap * 2 : 4096;
			while (cap < cs->body_len + n + 1)
				cap *= 2;
			if (cap > cs->max_body + 1)
				cap = cs->max_body + 1;
			cs->body = xrealloc(cs->body, cap);
			cs->body_cap = cap;
		}
		memcpy(cs->body + cs->body_len, upload, n);
		cs->body_len += n;
		cs->body[cs->body_len] = '\0';
		return MHD_YES;
	}
	if (cs->handed_off) {
		/* Resumed: the worker has run the handler (or, rarely, libmicrohttpd calls again
		 * before the worker is done; then there is nothing to do yet). */
		return atomic_load(&cs->handled) ? send_response(s, cs) : MHD_YES;
	}
	cs->r.body = cs->body;
	cs->r.body_len = cs->body_len;
	if (s->writers && is_write(cs)) {
		if (!workers_reserve(s->writers)) {
			http_header(&cs->r, "Retry-After", "1");
			http_error(&cs->r, 503, "unavailable",
				   "the desk is busy; nothing was saved, send it again shortly", NULL);
			return send_response(s, cs);
		}
		cs->handed_off = true;
		MHD_suspend_connection(c);
		workers_submit(s->writers, cs);
		return MHD_YES;
	}
	dispatch(cs);
	return send_response(s, cs);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)c;
	(void)toe;
	struct server *s = cls;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	arena_free(&cs->r.arena);
	free(cs->body);
	free(cs);
	*con_cls = NULL;
	atomic_fetch_sub(&s->in_flight, 1);
}

/* libmicrohttpd decodes %XX in the path and query in place; a %00 would cut the string there
 * ("/console/app.js%00.png" becoming "/console/app.js"). Anything holding %00 stays encoded,
 * so it matches nothing and is refused like any unknown path or odd value. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	for (const char *p = s; *p; p++)
		if (p[0] == '%' && p[1] == '0' && p[2] == '0')
			return strlen(s);
	return MHD_http_unescape(s);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	char q[600];
	log_event(LOG_DEBUG, "http_library", "message=%s", log_quote(msg, n, q, sizeof q));
}

struct server *server_start(const struct server_config *cfg)
{
	if (cfg->n_routes > MAX_ROUTES) {
		/* A build with more routes than the metrics table has rows: say so, not "port taken". */
		log_event(LOG_ERROR, "too_many_routes", "routes=%zu max=%d (raise MAX_ROUTES)",
			  cfg->n_routes, MAX_ROUTES);
		return NULL;
	}
	struct server *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	metric_routes = cfg->routes;
	metric_n_routes = cfg->n_routes;
	histogram_init(&req_seconds, histogram_seconds_bounds, histogram_seconds_n);
	atomic_store(&stopping, false);

	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < MAX_CONNECTIONS + 256) {
		nofile.rlim_cur = nofile.rlim_max < MAX_CONNECTIONS + 256 ? nofile.rlim_max
									    : MAX_CONNECTIONS + 256;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(cfg->port)};
	if (inet_pton(AF_INET, cfg->host, &sa.sin_addr) != 1) {
		log_event(LOG_ERROR, "listen_address_invalid", "host=\"%s\"", cfg->host);
		free(s);
		return NULL;
	}
	s->writers = workers_start(cfg->write_workers ? cfg->write_workers : SERVER_DEFAULT_WRITERS,
				   cfg->max_queued_writes ? cfg->max_queued_writes
							  : SERVER_DEFAULT_MAX_QUEUED_WRITES,
				   run_write);
	metric_writers = s->writers;
	s->d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ERROR_LOG,
		cfg->port, NULL,
		NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads ? cfg->threads : 16,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_CONNECTION_TIMEOUT,
		(unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
		/* Per-connection pool for headers and buffers. Idle push streams keep theirs, so it is
		 * what an idle stream costs: 16 KiB fits any real request's headers. */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(16 * 1024),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_UNESCAPE_CALLBACK,
		unescape, NULL, MHD_OPTION_EXTERNAL_LOGGER,
		mhd_log, NULL, MHD_OPTION_END);
	if (!s->d) {
		log_event(LOG_ERROR, "listen_failed", "host=%s port=%u", cfg->host, cfg->port);
		workers_stop(s->writers);
		free(s);
		return NULL;
	}
	return s;
}

void server_stop(struct server *s, int grace_ms)
{
	if (!s)
		return;
	atomic_store(&stopping, true);
	push_shutdown(); /* streams end, so their requests complete */
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	int64_t deadline = clock_monotonic_ns() + (int64_t)grace_ms * 1000000;
	while (atomic_load(&s->in_flight) > 0 && clock_monotonic_ns() < deadline)
		usleep(10000);
	/* Queued writes are done, not dropped (their connections are suspended, and the daemon
	 * may only stop once none is). */
	workers_stop(s->writers);
	metric_writers = NULL;
	MHD_stop_daemon(s->d);
	free(s);
}

void server_metrics_render(struct textbuf *out)
{
	textbuf_printf(out, "# HELP exdesk_http_requests_total HTTP requests answered, by route, "
			    "method and status.\n# TYPE exdesk_http_requests_total counter\n");
	for (size_t i = 0; i <= metric_n_routes; i++) {
		bool unmatched = i == metric_n_routes;
		size_t row = unmatched ? MAX_ROUTES : i;
		for (size_t k = 0; k < N_STATUS; k++) {
			uint64_t v = atomic_load(&req_count[row][k]);
			if (!v)
				continue;
			char status[8];
			if (counted_status[k])
				snprintf(status, sizeof status, "%d", counted_status[k]);
			else
				snprintf(status, sizeof status, "other");
			textbuf_printf(out,
				       "exdesk_http_requests_total{route=\"%s\",method=\"%s\","
				       "status=\"%s\"} %llu\n",
				       unmatched ? "unmatched" : metric_routes[i].pattern,
				       unmatched ? "any" : metric_routes[i].method, status,
				       (unsigned long long)v);
		}
	}
	textbuf_printf(out, "# HELP exdesk_http_request_duration_seconds Time from request start "
			    "to answer.\n# TYPE exdesk_http_request_duration_seconds histogram\n");
	histogram_render(&req_seconds, "exdesk_http_request_duration_seconds", "", out);
	if (metric_writers) {
		struct workers_stats ws;
		workers_stats(metric_writers, &ws);
		textbuf_printf(out,
			       "# HELP exdesk_http_write_queue Write requests waiting for a worker.\n"
			       "# TYPE exdesk_http_write_queue gauge\nexdesk_http_write_queue %zu\n"
			       "# HELP exdesk_http_write_queue_peak Most write requests ever waiting.\n"
			       "# TYPE exdesk_http_write_queue_peak gauge\nexdesk_http_write_queue_peak %zu\n"
			       "# HELP exdesk_http_write_queue_limit Waiting writes beyond which the "
			       "answer is 503.\n# TYPE exdesk_http_write_queue_limit gauge\n"
			       "exdesk_http_write_queue_limit %zu\n"
			       "# HELP exdesk_http_writes_refused_total Write requests answered 503 "
			       "because the queue was full.\n# TYPE exdesk_http_writes_refused_total "
			       "counter\nexdesk_http_writes_refused_total %llu\n",
			       ws.queued, ws.peak, ws.max_queued, (unsigned long long)ws.refused);
	}
}
