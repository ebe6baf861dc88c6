/* workers.h — the threads that run write requests, behind a bounded queue.
 *
 * A write waits for its group commit (store.h) before it is answered. If it waited on one of
 * libmicrohttpd's threads, every other connection of that thread would wait too, unseen: in a
 * surge the queue would be the kernel's socket buffers, unbounded in time. So the server
 * suspends a write's connection and hands the request here; libmicrohttpd's threads go on
 * reading requests, and the queue below is the one place writes wait. When it is full, the
 * server answers 503 with Retry-After at once — what was queued is still done — and the
 * number of workers bounds how many writes share one commit. */
#ifndef EXDESK_HTTP_WORKERS_H
#define EXDESK_HTTP_WORKERS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct workers;
typedef void (*workers_fn)(void *item);

/* n threads run fn(item) for each item submitted, oldest first; at most max_queued wait. */
struct workers *workers_start(unsigned n, size_t max_queued, workers_fn fn);
/* Takes a place in the queue; false when it is full (answer 503). A place taken must be used
 * by exactly one workers_submit. */
bool workers_reserve(struct workers *w);
void workers_submit(struct workers *w, void *item);
/* Runs everything queued, then joins the threads. */
void workers_stop(struct workers *w);

struct workers_stats {
	size_t queued;   /* waiting now */
	size_t peak;     /* most ever waiting at once */
	uint64_t refused; /* reservations refused because the queue was full */
	size_t max_queued;
	unsigned threads;
};
void workers_stats(struct workers *w, struct workers_stats *out);
#endif
