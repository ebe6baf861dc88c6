/* server.h — the HTTP server: libmicrohttpd with epoll and a thread pool. It reads requests
 * within their limits, authenticates, checks the route's permission in one place, runs the
 * handler (writes on the write workers, workers.h), answers, counts, and logs one line per
 * request. */
#ifndef EXDESK_HTTP_SERVER_H
#define EXDESK_HTTP_SERVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

struct store;
struct server;

/* Write workers: how many writes can wait on one group commit together. Waiting writes beyond
 * the queue limit are answered 503 + Retry-After (docs/performance.md "Backpressure"). */
#define SERVER_DEFAULT_WRITERS 64
#define SERVER_DEFAULT_MAX_QUEUED_WRITES 256

struct server_config {
	const char *host; /* numeric IPv4 address, e.g. "127.0.0.1" */
	uint16_t port;
	unsigned threads;           /* libmicrohttpd's: read requests, answer reads */
	unsigned write_workers;     /* 0: SERVER_DEFAULT_WRITERS */
	size_t max_queued_writes;   /* 0: SERVER_DEFAULT_MAX_QUEUED_WRITES */
	const struct route *routes;
	size_t n_routes;
	struct store *store;
};

struct server *server_start(const struct server_config *cfg);
/* Stop accepting, let in-flight requests finish (up to grace_ms), then stop. */
void server_stop(struct server *s, int grace_ms);
bool server_stopping(void);

struct textbuf;
/* Prometheus text of the HTTP metrics (requests by route/method/status, latency histogram). */
void server_metrics_render(struct textbuf *out);

#endif
