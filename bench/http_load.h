/* http_load.h — the load generators of http_bench.c: wrk for closed-loop maximum rates, and
 * an open-loop driver on libcurl's multi interface for latency at a fixed arrival rate and for
 * the surge. Open loop means each request has a scheduled instant and its latency is counted
 * from that instant, so a stalled server is charged for the requests it kept waiting
 * (no coordinated omission, which wrk's fixed connection count would hide). */
#ifndef EXDESK_BENCH_HTTP_LOAD_H
#define EXDESK_BENCH_HTTP_LOAD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wrk_result {
	double rps, p50_ms, p99_ms;
	long requests, non2xx, socket_errors;
	double cpu_ms_per_req; /* the server's user+system CPU per request, from /proc */
};
/* Runs wrk (closed loop: `conns` connections, each sending its next request when the last
 * answered) for `secs` against url with a Lua script; pid is the server whose CPU is read. */
bool wrk_run(const char *url, const char *script, int conns, int secs, int pid,
	     struct wrk_result *out);

/* What the open-loop driver sends. */
enum load_kind { LOAD_MESSAGE, LOAD_TICKET };
struct load_phase {
	double rate;    /* requests per second scheduled */
	double seconds; /* how long */
};
struct load_spec {
	const char *base;  /* http://127.0.0.1:PORT */
	const char *token; /* bearer */
	enum load_kind kind;
	int64_t ticket_lo, ticket_hi; /* messages go to a ticket id in [lo, hi] */
	const char *tag;              /* written into every body: "[tag #seq]" */
	struct load_phase phase[3];
	int n_phases;
	int max_inflight;   /* connections at most; beyond, requests wait (and count it) */
	bool retry_503;     /* wait Retry-After and send again, as the widget does */
	int max_retries;
};
struct load_phase_result {
	long scheduled, accepted, refused_503, failed, retried_ok;
	double p50_ms, p99_ms, max_ms;   /* scheduled -> accepted, retries included */
	double attempt_p50_ms, attempt_p99_ms; /* accepted attempts alone, sent -> 2xx */
	double refusal_p99_ms;                 /* a 503, sent -> answered */
	double accepted_per_s;
};
struct load_result {
	struct load_phase_result phase[3];
	long total;
	uint8_t *accepted; /* [total]: 1 if seq was answered 2xx, 2 if refused for good */
	int64_t *ticket_of;  /* [total]: the ticket a message seq went to */
};
bool load_run(const struct load_spec *spec, struct load_result *out);
void load_result_free(struct load_result *r);

double pct(double *v, size_t n, double p); /* sorts v */
#endif
