/* t_backpressure — past the bound on queued writes the answer is 503 with Retry-After, at once,
 * and nothing of that request is saved; what was accepted is never dropped; a client that
 * retries after Retry-After gets every message in exactly once; reads are not refused.
 *
 * The server runs with 2 write workers and room for 2 waiting writes, and 40 clients post
 * customer messages (CJK, Cyrillic, Vietnamese) as fast as they can, so the queue overflows
 * many times over. Then the server is restarted and every message is looked for. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLIENTS 40
#define PER_CLIENT 30

static struct srv S;
static long long tickets[CLIENTS];
/* outcome per (client, seq): 1 accepted, 2 refused with a proper 503, 3 anything else */
static int outcome[2][CLIENTS][PER_CLIENT];
static long bad_503, reads_refused, reads_done;
static char bad_example[300];
static int phase; /* 0: no retries; 1: retry after Retry-After */
static volatile int flooding;

static void *client(void *arg)
{
	int c = (int)(long)arg;
	for (int i = 0; i < PER_CLIENT; i++) {
		char path[64], body[256];
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/messages", tickets[c]);
		snprintf(body, sizeof body, "{\"body\":\"Nạp tiền chưa về 充值未到账 вывод [bp%d %d %d]\"}",
		         phase, c, i);
		for (int attempt = 0;; attempt++) {
			struct req rq = {.method = "POST", .path = path, .token = S.token, .body = body,
			                 .timeout_ms = 20000, .untracked = true};
			struct resp *r = http_req(&S, &rq);
			int o = r->status == 201 ? 1 : r->status == 503 ? 2 : 3;
			if (o == 2) {
				long wait = r->retry_after ? atol(r->retry_after) : 0;
				if (wait < 1 || wait > 60 || strcmp(err_code(r) ? err_code(r) : "", "unavailable")) {
					__atomic_add_fetch(&bad_503, 1, __ATOMIC_RELAXED);
					snprintf(bad_example, sizeof bad_example, "%s", rdesc(r));
				}
			} else if (o == 3) {
				snprintf(bad_example, sizeof bad_example, "%s", rdesc(r));
			}
			resp_free(r);
			if (o == 2 && phase == 1 && attempt < 50) {
				sleep_s(0.2 + (double)(rand() % 100) / 100.0); /* Retry-After 1 s, spread */
				continue;
			}
			outcome[phase][c][i] = o;
			break;
		}
	}
	http_thread_done();
	return NULL;
}

/* Reads go on while the writes overflow: they are never answered 503. */
static void *reader(void *arg)
{
	(void)arg;
	while (flooding) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/tickets/%lld", tickets[0]);
		struct req rq = {.method = "GET", .path = path, .token = S.token, .untracked = true};
		struct resp *r = http_req(&S, &rq);
		if (r->status != 200)
			__atomic_add_fetch(&reads_refused, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&reads_done, 1, __ATOMIC_RELAXED);
		resp_free(r);
	}
	http_thread_done();
	return NULL;
}

static void flood(void)
{
	pthread_t th[CLIENTS], rd;
	flooding = 1;
	pthread_create(&rd, NULL, reader, NULL);
	for (long c = 0; c < CLIENTS; c++)
		pthread_create(&th[c], NULL, client, (void *)c);
	for (int c = 0; c < CLIENTS; c++)
		pthread_join(th[c], NULL);
	flooding = 0;
	pthread_join(rd, NULL);
}

/* How many times each (phase, client, seq) tag appears in the stored conversations. */
static int found[2][CLIENTS][PER_CLIENT];

static void look_everything_up(void)
{
	memset(found, 0, sizeof found);
	for (int c = 0; c < CLIENTS; c++) {
		char cursor[128] = "";
		for (;;) {
			struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/messages?limit=100%s%s",
			                                   tickets[c], cursor[0] ? "&cursor=" : "", cursor),
			                      S.token, NULL);
			json_t *ms = jget(r->json, "messages"), *m;
			size_t k;
			json_array_foreach(ms, k, m) {
				const char *b = json_string_value(json_object_get(m, "body"));
				const char *at = b ? strstr(b, "[bp") : NULL;
				int ph, cc, i;
				if (at && sscanf(at, "[bp%d %d %d]", &ph, &cc, &i) == 3 && ph >= 0 && ph < 2 &&
				    cc >= 0 && cc < CLIENTS && i >= 0 && i < PER_CLIENT)
					found[ph][cc][i]++;
			}
			const char *next = jstr(r->json, "next_cursor");
			if (!next || !*next)
				break;
			snprintf(cursor, sizeof cursor, "%s", next);
		}
	}
}

static long metric(const char *name)
{
	struct resp *r = http(&S, "GET", "/metrics", S.token, NULL);
	char key[128];
	snprintf(key, sizeof key, "\n%s ", name);
	const char *p = r->body ? strstr(r->body, key) : NULL;
	return p ? atol(p + strlen(key)) : -1;
}

int main(void)
{
	h_init(300);
	S.extra_args[0] = "--write-workers";
	S.extra_args[1] = "2";
	S.extra_args[2] = "--max-queued-writes";
	S.extra_args[3] = "2";
	srv_start(&S);
	for (int c = 0; c < CLIENTS; c++) {
		struct resp *r = http(&S, "POST", "/api/v1/tickets", S.token,
		                       P("{\"subject\":\"backpressure %d\",\"body\":\"出金が保留\","
		                         "\"requester\":{\"email\":\"bp%d@example.com\"}}", c, c));
		/* Setting up one at a time never overflows the queue. */
		if (!check_status(r, 201, "ticket %d for client %d", c, c))
			return h_finish();
		tickets[c] = jint(r->json, "ticket.id");
	}
	check_int(metric("exdesk_http_write_queue_limit"), 2, "/metrics shows the write queue limit");

	/* ---- phase 0: no retries ---- */
	phase = 0;
	flood();
	long acc = 0, ref = 0, other = 0;
	for (int c = 0; c < CLIENTS; c++)
		for (int i = 0; i < PER_CLIENT; i++)
			acc += outcome[0][c][i] == 1, ref += outcome[0][c][i] == 2, other += outcome[0][c][i] == 3;
	note("no retries: %ld accepted, %ld refused with 503, %ld other; %ld reads during the flood",
	     acc, ref, other, reads_done);
	check(ref > 0, "a full write queue answers 503 (%ld of %d)", ref, CLIENTS * PER_CLIENT);
	check(acc > 0, "writes within the bound are accepted (%ld)", acc);
	checkd(other == 0, bad_example, "every write was answered 201 or 503 (%ld other)", other);
	checkd(bad_503 == 0, bad_example, "every 503 says unavailable with Retry-After 1..60 (%ld not)",
	       bad_503);
	check(reads_refused == 0 && reads_done > 0, "reads are not refused during the flood (%ld of %ld)",
	      reads_refused, reads_done);
	check_int(metric("exdesk_http_writes_refused_total"), ref,
	          "/metrics counts every refused write");
	check(metric("exdesk_http_write_queue_peak") == 2, "the queue never held more than its limit");

	/* ---- phase 1: the client retries after Retry-After, as the widget does ---- */
	phase = 1;
	reads_done = 0;
	flood();
	long acc1 = 0;
	for (int c = 0; c < CLIENTS; c++)
		for (int i = 0; i < PER_CLIENT; i++)
			acc1 += outcome[1][c][i] == 1;
	check_int(acc1, CLIENTS * PER_CLIENT, "retrying after Retry-After, every message is accepted");

	/* ---- after a restart: accepted exactly once, refused never ---- */
	srv_stop(&S);
	if (!check(srv_spawn(&S) == 0, "the server comes back on the same data"))
		return h_finish();
	look_everything_up();
	long lost = 0, written_refused = 0, twice = 0;
	for (int ph = 0; ph < 2; ph++)
		for (int c = 0; c < CLIENTS; c++)
			for (int i = 0; i < PER_CLIENT; i++) {
				lost += outcome[ph][c][i] == 1 && found[ph][c][i] == 0;
				written_refused += outcome[ph][c][i] == 2 && found[ph][c][i] > 0;
				twice += found[ph][c][i] > 1;
			}
	check_int(lost, 0, "no accepted message is lost (%ld + %ld accepted)", acc, acc1);
	check_int(written_refused, 0, "no refused message was saved");
	check_int(twice, 0, "no message was saved twice, retries included");
	struct resp *v = http(&S, "GET", "/api/v1/audit/verify", S.token, NULL);
	check(v->status == 200 && json_is_true(jget(v->json, "ok")), "the audit chain verifies (%s)",
	      rdesc(v));
	return h_finish();
}
