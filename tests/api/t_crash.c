/* t_crash — a 2xx means durable. Eight clients create tickets (and reply to some) as fast as
 * they can; at a random moment the server is SIGKILLed; after a restart on the same data dir
 * every acknowledged ticket and reply must be there, intact, ids and numbers never reused,
 * and the audit chain must verify. Five rounds on one data dir. */
#include "harness.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 8
#define ROUNDS  5

static struct srv S;

struct ack {
	long long id;
	char number[32];
	char subject[128];
	int round;
};
struct reply {
	long long ticket, msg;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct ack *acks;
static size_t nacks, capacks;
static struct reply *replies;
static size_t nreplies, capreplies;
static int stop_flag;
static int cur_round;
static long attempts, odd_answers;
static char odd_example[300];

static void add_ack(const struct ack *a)
{
	pthread_mutex_lock(&mu);
	if (nacks == capacks) {
		capacks = capacks ? capacks * 2 : 1024;
		acks = realloc(acks, capacks * sizeof *acks);
	}
	acks[nacks++] = *a;
	pthread_mutex_unlock(&mu);
}

static void add_reply(long long t, long long m)
{
	pthread_mutex_lock(&mu);
	if (nreplies == capreplies) {
		capreplies = capreplies ? capreplies * 2 : 256;
		replies = realloc(replies, capreplies * sizeof *replies);
	}
	replies[nreplies++] = (struct reply){t, m};
	pthread_mutex_unlock(&mu);
}

static void *writer(void *arg)
{
	int w = (int)(long)arg;
	long long last = 0;
	for (int n = 0; !__atomic_load_n(&stop_flag, __ATOMIC_RELAXED); n++) {
		char subject[128], body[256];
		snprintf(subject, sizeof subject, "crash r%d w%d n%d 充值未到账 ✓", cur_round, w,
		         n);
		snprintf(body, sizeof body,
		         "{\"subject\":\"%s\",\"body\":\"body "
		         "%d/%d\",\"requester\":{\"email\":\"crash%d@example.com\"}}",
		         subject, w, n, w);
		struct req rq = {.method = "POST",
		                 .path = "/api/v1/tickets",
		                 .token = S.token,
		                 .body = body,
		                 .timeout_ms = 10000,
		                 .untracked = true};
		struct resp *r = http_req(&S, &rq);
		__atomic_add_fetch(&attempts, 1, __ATOMIC_RELAXED);
		if (r->status >= 200 && r->status < 300) {
			struct ack a = {.id = jint(r->json, "ticket.id"), .round = cur_round};
			snprintf(a.number, sizeof a.number, "%s",
			         jstr(r->json, "ticket.number") ?: "");
			snprintf(a.subject, sizeof a.subject, "%s", subject);
			if (a.id <= 0 || !a.number[0] ||
			    strcmp(jstr(r->json, "ticket.subject") ?: "", subject)) {
				pthread_mutex_lock(&mu);
				odd_answers++;
				snprintf(odd_example, sizeof odd_example, "%s", rdesc(r));
				pthread_mutex_unlock(&mu);
			} else {
				add_ack(&a);
				last = a.id;
			}
		} else if (r->status != 0 && r->status != 503) {
			pthread_mutex_lock(&mu);
			odd_answers++;
			snprintf(odd_example, sizeof odd_example, "%s", rdesc(r));
			pthread_mutex_unlock(&mu);
		}
		if (r->status == 0)
			sleep_s(0.002); /* the server is gone: do not spin */
		resp_free(r);
		if (last && n % 4 == 3) {
			struct req rp = {.method = "POST",
			                 .token = S.token,
			                 .body = "{\"body\":\"crash reply\"}",
			                 .timeout_ms = 10000,
			                 .untracked = true};
			char path[64];
			snprintf(path, sizeof path, "/api/v1/tickets/%lld/reply", last);
			rp.path = path;
			r = http_req(&S, &rp);
			if (r->status == 201 && jint(r->json, "message.id") > 0)
				add_reply(last, jint(r->json, "message.id"));
			resp_free(r);
		}
	}
	http_thread_done();
	return NULL;
}

/* ---- verification, in parallel ---- */
struct vjob {
	size_t from, to; /* acks[from..to) */
	size_t missing, wrong;
	char example[300];
};

static void *verifier(void *arg)
{
	struct vjob *j = arg;
	for (size_t i = j->from; i < j->to; i++) {
		char path[64];
		snprintf(path, sizeof path, "/api/v1/tickets/%lld", acks[i].id);
		struct req rq = {
		    .method = "GET", .path = path, .token = S.token, .untracked = true};
		struct resp *r = http_req(&S, &rq);
		if (r->status != 200) {
			j->missing++;
			if (!j->example[0])
				snprintf(j->example, sizeof j->example, "ticket %lld: %s",
				         acks[i].id, rdesc(r));
		} else if (strcmp(jstr(r->json, "ticket.subject") ?: "", acks[i].subject) ||
		           strcmp(jstr(r->json, "ticket.number") ?: "", acks[i].number)) {
			j->wrong++;
			if (!j->example[0])
				snprintf(j->example, sizeof j->example, "ticket %lld: %s",
				         acks[i].id, rdesc(r));
		}
		resp_free(r);
	}
	http_thread_done();
	return NULL;
}

static void verify_range(size_t from, size_t to, int round, const char *what)
{
	struct vjob jobs[4];
	pthread_t th[4];
	size_t n = to - from;
	for (int k = 0; k < 4; k++) {
		memset(&jobs[k], 0, sizeof jobs[k]);
		jobs[k].from = from + n * (size_t)k / 4;
		jobs[k].to = from + n * (size_t)(k + 1) / 4;
		pthread_create(&th[k], NULL, verifier, &jobs[k]);
	}
	size_t missing = 0, wrong = 0;
	const char *ex = "";
	for (int k = 0; k < 4; k++) {
		pthread_join(th[k], NULL);
		missing += jobs[k].missing;
		wrong += jobs[k].wrong;
		if (jobs[k].example[0] && !ex[0])
			ex = P("%s", jobs[k].example);
	}
	checkd(missing == 0 && wrong == 0,
	       P("%zu missing, %zu changed; e.g. %s", missing, wrong, ex),
	       "round %d: %zu %s all present with subject and number intact", round, n, what);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int main(void)
{
	h_init(420);
	srv_start(&S);
	size_t round_start = 0;
	for (int round = 1; round <= ROUNDS; round++) {
		cur_round = round;
		__atomic_store_n(&stop_flag, 0, __ATOMIC_RELAXED);
		attempts = 0;
		odd_answers = 0;
		pthread_t th[THREADS];
		for (long w = 0; w < THREADS; w++)
			pthread_create(&th[w], NULL, writer, (void *)w);
		double delay = 0.3 + (rand() % 1200) / 1000.0;
		sleep_s(delay);
		srv_signal(&S, SIGKILL);
		int st = srv_wait(&S, 10);
		__atomic_store_n(&stop_flag, 1, __ATOMIC_RELAXED);
		for (int w = 0; w < THREADS; w++)
			pthread_join(th[w], NULL);
		size_t got = nacks - round_start;
		note("round %d: killed after %.2f s, %ld attempts, %zu acknowledged, %zu replies "
		     "so far",
		     round, delay, attempts, got, nreplies);
		check(st != -1, "round %d: the server died on SIGKILL", round);
		check(got > 0, "round %d: some tickets were acknowledged before the kill (%zu)",
		      round, got);
		check(odd_answers == 0,
		      "round %d: every answer was 2xx, 503 or no answer (%ld odd: %s)", round,
		      odd_answers, odd_example);

		char *out = NULL, *err = NULL;
		int rc = run_cmd(NULL, &out, &err, S.bin, "audit", "verify", "--data", S.dir,
		                 (char *)NULL);
		checkd(rc == 0, P("exit %d: %.200s %.200s", rc, out, err),
		       "round %d: exdesk audit verify exits 0 after the kill", round);

		if (srv_spawn(&S) != 0) {
			check(false, "round %d: the server restarts on the same data dir", round);
			srv_dump_log(&S, 30);
			break;
		}
		verify_range(round_start, nacks, round, "acknowledged tickets");
		/* earlier rounds stay intact too (a sample) */
		if (round_start > 0) {
			size_t from = round_start > 400 ? round_start - 400 : 0;
			verify_range(from, round_start, round,
			             "tickets of earlier rounds (sample)");
		}
		/* replies */
		size_t rmiss = 0;
		char rex[300] = "";
		for (size_t i = 0; i < nreplies; i++) {
			struct resp *r =
			    http(&S, "GET",
			         P("/api/v1/tickets/%lld/messages?limit=100", replies[i].ticket),
			         S.token, NULL);
			bool found = false;
			json_t *ms = jget(r->json, "messages");
			for (size_t k = 0; k < json_array_size(ms); k++)
				found |= jint(json_array_get(ms, k), "id") == replies[i].msg;
			if (!found) {
				rmiss++;
				if (!rex[0])
					snprintf(rex, sizeof rex, "reply %lld on %lld: %s",
					         replies[i].msg, replies[i].ticket, rdesc(r));
			}
			resp_free(r);
		}
		checkd(rmiss == 0, rex, "round %d: all %zu acknowledged replies present", round,
		       nreplies);

		/* ids and numbers are never handed out twice */
		long long *ids = malloc(nacks * sizeof *ids);
		for (size_t i = 0; i < nacks; i++)
			ids[i] = acks[i].id;
		qsort(ids, nacks, sizeof *ids, cmp_ll);
		size_t dup = 0;
		for (size_t i = 1; i < nacks; i++)
			dup += ids[i] == ids[i - 1];
		for (size_t i = 0; i < nacks; i++)
			ids[i] = strtoll(acks[i].number + 4, NULL, 10);
		qsort(ids, nacks, sizeof *ids, cmp_ll);
		size_t dupn = 0;
		for (size_t i = 1; i < nacks; i++)
			dupn += ids[i] == ids[i - 1];
		free(ids);
		check(dup == 0 && dupn == 0,
		      "round %d: no id or number acknowledged twice across restarts (%zu, %zu)",
		      round, dup, dupn);
		round_start = nacks;
	}
	check_status(http(&S, "GET", "/healthz", NULL, NULL), 200,
	             "the server is healthy after %d crashes", ROUNDS);
	struct resp *r = http(&S, "GET", "/api/v1/audit/verify", S.token, NULL);
	check(r->status == 200 && json_is_true(jget(r->json, "ok")),
	      "GET /api/v1/audit/verify is ok after the crashes (%s)", rdesc(r));
	srv_stop(&S);
	free(acks);
	free(replies);
	return h_finish();
}
