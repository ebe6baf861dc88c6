/* peer_bench.c — the same helpdesk work against exdesk and against a peer, Request Tracker 5
 * (issue 7, item 4: `make bench-peer`, driven by scripts/bench-peer).
 *
 * For one target, C client threads (default 4), each with its own libcurl easy handle kept
 * alive across requests, first create N tickets (default 500), then add one public reply to
 * each. Subjects and bodies rotate through Chinese, Russian and Vietnamese support texts, so
 * both systems store and return UTF-8. Each request is timed from just before
 * curl_easy_perform to its return; a phase's throughput is its successful requests over the
 * time from the start barrier to the last answer. Afterwards every created ticket is read back
 * (GET by id: it exists, its subject came back byte for byte, its status is open — both
 * systems open a new ticket on an agent's reply) and the system's own ticket list is counted.
 * Given the server's process group (both are started under setsid), the CPU time the server
 * used in each phase is read from /proc and divided by its successful requests.
 *
 *   exdesk: POST /api/v1/tickets {subject, body, requester:{email, name, language}}  -> 201
 *           POST /api/v1/tickets/{id}/reply {body}                                   -> 201
 *           GET  /api/v1/tickets/{id}; GET /api/v1/tickets?limit=100&cursor=...      (Bearer token)
 *   rt:     POST /REST/2.0/ticket {Queue: General, Subject, Content, ContentType, Requestor} -> 201
 *           POST /REST/2.0/ticket/{id}/correspond {Content, ContentType}             -> 201
 *           GET  /REST/2.0/ticket/{id}; GET /REST/2.0/tickets?query=...&per_page=1 (total)
 *           (Authorization: token ..., RT's built-in auth tokens)
 *
 * Before the measure each client warms its connection and the server's code paths: three
 * authenticated GETs and one ticket with its reply, not counted in the figures (they are in
 * the list count, which the check expects).
 *
 * Usage:
 *   peer_bench --wait URL [--timeout S]          exit 0 once URL answers HTTP at all
 *   peer_bench --system exdesk|rt --url BASE --token T [--clients C] [--tickets N] [--results FILE]
 *              [--server-pgid PGID]              run one target, print its rows, append them to FILE;
 *                                                with the server's process group, also its CPU time
 *                                                per request
 *   peer_bench --table FILE                      print both targets' rows and the ratio exdesk/RT
 * Figures, not a test. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <curl/curl.h>
#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum system_kind { SYS_EXDESK, SYS_RT };

static enum system_kind sys_kind;
static char base_url[512];
static char auth_header[512];
static int clients = 4, tickets = 500;
static long server_pgid; /* --server-pgid: the server's process group, for its CPU time */
static _Atomic long connections; /* new connections curl opened: 0 past the warm-up with keep-alive */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- HTTP through libcurl ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct buf *b = arg;
	size_t k = size * nmemb;
	if (b->n + k + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->n + k + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return 0;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, data, k);
	b->n += k;
	b->p[b->n] = '\0';
	return k;
}

struct client {
	CURL *h;
	struct curl_slist *headers;
	struct buf out;
	char errbuf[CURL_ERROR_SIZE];
};

static void client_init(struct client *c)
{
	memset(c, 0, sizeof *c);
	c->h = curl_easy_init();
	if (!c->h) {
		fprintf(stderr, "peer_bench: curl_easy_init failed\n");
		exit(1);
	}
	c->headers = curl_slist_append(NULL, auth_header);
	c->headers = curl_slist_append(c->headers, "Content-Type: application/json");
	c->headers = curl_slist_append(c->headers, "Accept: application/json");
	c->headers = curl_slist_append(c->headers, "Expect:");
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, &c->out);
	curl_easy_setopt(c->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->h, CURLOPT_TCP_NODELAY, 1L);
	curl_easy_setopt(c->h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c->h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c->h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(c->h, CURLOPT_PROXY, "");
	curl_easy_setopt(c->h, CURLOPT_USERAGENT, "peer_bench/1");
}

static void client_free(struct client *c)
{
	curl_slist_free_all(c->headers);
	curl_easy_cleanup(c->h);
	free(c->out.p);
}

/* One request on the client's kept-alive connection. Returns the HTTP status (-1 when no
 * answer came); the body is in c->out.p; *ms is the time curl_easy_perform took. */
static long request(struct client *c, const char *method, const char *path, const char *body,
		    double *ms)
{
	char url[1024];
	snprintf(url, sizeof url, "%s%s", base_url, path);
	c->out.n = 0;
	if (c->out.p)
		c->out.p[0] = '\0';
	c->errbuf[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	if (!strcmp(method, "GET")) {
		curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, (long)(body ? strlen(body) : 0));
	}
	double t0 = now_ms();
	CURLcode rc = curl_easy_perform(c->h);
	double t1 = now_ms();
	if (ms)
		*ms = t1 - t0;
	if (rc != CURLE_OK) {
		snprintf(c->errbuf + strlen(c->errbuf), sizeof c->errbuf - strlen(c->errbuf), "%s%s",
			 c->errbuf[0] ? ": " : "", curl_easy_strerror(rc));
		return -1;
	}
	long status = 0, opened = 0;
	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(c->h, CURLINFO_NUM_CONNECTS, &opened);
	atomic_fetch_add(&connections, opened);
	return status;
}

/* ---- the texts ---- */

static const char *const LANGS[] = {"zh-CN", "ru", "vi"};
static const char *const NAMES[] = {"王小明", "Ирина Соколова", "Nguyễn Thị Lan"};
static const char *const SUBJECTS[] = {
	"充值未到账：USDT (TRC20) 已超过两小时 #%d",
	"Вывод средств задерживается: 0,25 BTC не отправлены #%d",
	"Rút tiền chưa về ví: 1.200 USDT mạng BEP20 #%d",
};
static const char *const BODIES[] = {
	"您好，我在 %d 号订单里充值了 500 USDT（TRC20 网络），交易哈希 "
	"7f3a9c0e5b21d84f6a0c9e3b2d1f7a6c5e4b3a291807f6e5d4c3b2a190817263，区块浏览器显示已确认，"
	"但是账户余额一直没有变化。请帮我查一下，谢谢！",
	"Здравствуйте! По заявке %d я вывел 0,25 BTC на внешний кошелёк "
	"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh, но транзакция всё ещё не отправлена, "
	"а средства списаны со счёта. Помогите, пожалуйста, разобраться.",
	"Xin chào, theo yêu cầu %d tôi đã rút 1.200 USDT về ví BEP20 "
	"0x71C7656EC7ab88b098defB751B7401B5f6d8976F nhưng sau ba giờ vẫn chưa nhận được. "
	"Số dư đã bị trừ. Mong bộ phận hỗ trợ kiểm tra giúp tôi sớm.",
};
static const char *const REPLIES[] = {
	"您好，感谢您的耐心等待。我们已经找到了这笔充值（订单 %d），由于链上拥堵入账延迟，"
	"预计十分钟内到账。如仍有问题请直接回复本邮件。",
	"Здравствуйте! Спасибо за ожидание. Ваш вывод по заявке %d обработан и отправлен в сеть, "
	"средства поступят в течение часа. Если будут вопросы, просто ответьте на это письмо.",
	"Chào bạn, cảm ơn bạn đã chờ. Giao dịch rút tiền của yêu cầu %d đã được xử lý và gửi lên "
	"mạng, tiền sẽ về ví trong vòng 30 phút. Nếu còn thắc mắc, bạn chỉ cần trả lời thư này.",
};
#define N_CUSTOMERS 50

static char *fmt(const char *f, int k)
{
	char *s = NULL;
	if (asprintf(&s, f, k) < 0)
		exit(1);
	return s;
}

static char *subject_for(int k)
{
	return fmt(SUBJECTS[k % 3], k);
}

static char *create_body(int k)
{
	char *subject = subject_for(k), *text = fmt(BODIES[k % 3], k), email[64];
	snprintf(email, sizeof email, "customer%d@example.com", k % N_CUSTOMERS);
	json_t *j;
	if (sys_kind == SYS_EXDESK)
		j = json_pack("{s:s, s:s, s:{s:s, s:s, s:s}}", "subject", subject, "body", text,
			      "requester", "email", email, "name", NAMES[k % 3], "language",
			      LANGS[k % 3]);
	else
		j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "Queue", "General", "Subject", subject,
			      "Content", text, "ContentType", "text/plain", "Requestor", email);
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	free(subject);
	free(text);
	return s;
}

static char *reply_body(int k)
{
	char *text = fmt(REPLIES[k % 3], k);
	json_t *j = sys_kind == SYS_EXDESK
			    ? json_pack("{s:s}", "body", text)
			    : json_pack("{s:s, s:s}", "Content", text, "ContentType", "text/plain");
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	free(text);
	return s;
}

/* The created ticket's id, from the 201 answer. RT answers {"id":"12",...}, exdesk
 * {"ticket":{"id":12,...}}. */
static long long created_id(const char *body)
{
	json_t *j = json_loads(body ? body : "", 0, NULL);
	long long id = 0;
	json_t *v = NULL;
	if (j && sys_kind == SYS_EXDESK)
		v = json_object_get(json_object_get(j, "ticket"), "id");
	else if (j)
		v = json_object_get(j, "id");
	if (json_is_integer(v))
		id = json_integer_value(v);
	else if (json_is_string(v))
		id = atoll(json_string_value(v));
	json_decref(j);
	return id;
}

/* ---- the phases ---- */

enum op { OP_CREATE, OP_REPLY, OP_VERIFY };

struct shared {
	enum op op;
	pthread_barrier_t start;
	_Atomic int next;
	_Atomic int errors_printed;
	long long *ids;     /* per ticket: the created id, 0 if the create failed */
	double *lat;        /* per ticket: this phase's latency, ms */
	bool *ok;           /* per ticket: this phase succeeded */
	double *end;        /* per ticket: when the answer came */
	_Atomic int found, subject_ok, open;
};

static struct shared S;
static struct client *C;

static void report_error(const char *what, int k, long status, struct client *c)
{
	if (atomic_fetch_add(&S.errors_printed, 1) >= 5)
		return;
	fprintf(stderr, "peer_bench: %s %s #%d: %s%ld %.200s%s\n",
		sys_kind == SYS_EXDESK ? "exdesk" : "rt", what, k, status < 0 ? "no answer " : "HTTP ",
		status, status < 0 ? c->errbuf : (c->out.p ? c->out.p : ""),
		atomic_load(&S.errors_printed) == 5 ? " (further errors not shown)" : "");
}

static void verify_one(struct client *c, int k)
{
	char path[128];
	snprintf(path, sizeof path, sys_kind == SYS_EXDESK ? "/api/v1/tickets/%lld" : "/REST/2.0/ticket/%lld",
		 S.ids[k]);
	long st = request(c, "GET", path, NULL, NULL);
	if (st != 200) {
		report_error("read back", k, st, c);
		return;
	}
	atomic_fetch_add(&S.found, 1);
	json_t *j = json_loads(c->out.p, 0, NULL);
	json_t *t = sys_kind == SYS_EXDESK ? json_object_get(j, "ticket") : j;
	const char *subject = json_string_value(json_object_get(t, sys_kind == SYS_EXDESK ? "subject" : "Subject"));
	const char *status = json_string_value(json_object_get(t, sys_kind == SYS_EXDESK ? "status" : "Status"));
	char *want = subject_for(k);
	if (subject && !strcmp(subject, want))
		atomic_fetch_add(&S.subject_ok, 1);
	if (status && !strcmp(status, "open"))
		atomic_fetch_add(&S.open, 1);
	free(want);
	json_decref(j);
}

static void *worker(void *arg)
{
	struct client *c = arg;
	pthread_barrier_wait(&S.start);
	for (;;) {
		int k = atomic_fetch_add(&S.next, 1);
		if (k >= tickets)
			break;
		if (S.op == OP_VERIFY) {
			if (S.ids[k])
				verify_one(c, k);
			continue;
		}
		if (S.op == OP_REPLY && !S.ids[k])
			continue;
		char *body = S.op == OP_CREATE ? create_body(k) : reply_body(k), path[128];
		if (S.op == OP_CREATE)
			snprintf(path, sizeof path, "%s",
				 sys_kind == SYS_EXDESK ? "/api/v1/tickets" : "/REST/2.0/ticket");
		else
			snprintf(path, sizeof path,
				 sys_kind == SYS_EXDESK ? "/api/v1/tickets/%lld/reply"
							: "/REST/2.0/ticket/%lld/correspond",
				 S.ids[k]);
		double ms = 0;
		long st = request(c, "POST", path, body, &ms);
		S.end[k] = now_ms();
		S.lat[k] = ms;
		free(body);
		if (st != 201) {
			report_error(S.op == OP_CREATE ? "create" : "reply", k, st, c);
			continue;
		}
		if (S.op == OP_CREATE) {
			S.ids[k] = created_id(c->out.p);
			if (!S.ids[k]) {
				report_error("create (no id in the answer)", k, st, c);
				continue;
			}
		}
		S.ok[k] = true;
	}
	return NULL;
}

/* Runs one phase over all tickets with every client; returns the time from the start
 * barrier to the phase's last answer, ms. */
static double run_phase(enum op op)
{
	S.op = op;
	atomic_store(&S.next, 0);
	memset(S.ok, 0, sizeof(bool) * (size_t)tickets);
	memset(S.end, 0, sizeof(double) * (size_t)tickets);
	pthread_barrier_init(&S.start, NULL, (unsigned)clients + 1);
	pthread_t *th = calloc((size_t)clients, sizeof *th);
	for (int i = 0; i < clients; i++)
		pthread_create(&th[i], NULL, worker, &C[i]);
	pthread_barrier_wait(&S.start);
	double t0 = now_ms();
	for (int i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	double t1 = now_ms();
	pthread_barrier_destroy(&S.start);
	free(th);
	double last = t0;
	for (int k = 0; k < tickets; k++)
		if (S.end[k] > last)
			last = S.end[k];
	return (op == OP_VERIFY ? t1 : last) - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p of the sample at or below it. */
static double pct(const double *v, int n, double p)
{
	if (n <= 0)
		return 0;
	int i = (int)(p * n + 0.999999) - 1;
	if (i < 0)
		i = 0;
	if (i >= n)
		i = n - 1;
	return v[i];
}

struct row {
	char system[16], op[16];
	int n, ok, errors;
	double secs, per_s, p50, p99;
	double cpu_ms; /* the server's CPU time per successful request, ms; 0 when not measured */
};

/* CPU time used so far by the server's process group (RT's Starlet parent and its workers, or
 * exdesk's one process), ms: utime + stime of each live member plus what its reaped children
 * used (a Starlet worker that exits is counted by its parent). */
static double server_cpu_ms(void)
{
	if (server_pgid <= 0)
		return 0;
	DIR *d = opendir("/proc");
	if (!d)
		return 0;
	double ticks = 0, hz = (double)sysconf(_SC_CLK_TCK);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char path[300], line[1024];
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t n = fread(line, 1, sizeof line - 1, f);
		fclose(f);
		line[n] = '\0';
		const char *p = strrchr(line, ')');
		char state;
		long ppid, pgrp;
		unsigned long long skip, ut, st;
		long long cut, cst;
		/* after the command: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
		 * utime stime cutime cstime */
		if (p && sscanf(p + 1, " %c %ld %ld %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %lld %lld",
				&state, &ppid, &pgrp, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &skip, &ut,
				&st, &cut, &cst) == 15 &&
		    pgrp == server_pgid)
			ticks += (double)ut + (double)st + (double)cut + (double)cst;
	}
	closedir(d);
	return hz > 0 ? ticks * 1e3 / hz : 0;
}

static struct row summarize(const char *op, int attempted, double phase_ms, double cpu_ms)
{
	struct row r = {0};
	snprintf(r.system, sizeof r.system, "%s", sys_kind == SYS_EXDESK ? "exdesk" : "rt");
	snprintf(r.op, sizeof r.op, "%s", op);
	double *v = malloc(sizeof(double) * (size_t)(tickets ? tickets : 1));
	int n = 0;
	for (int k = 0; k < tickets; k++)
		if (S.ok[k])
			v[n++] = S.lat[k];
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	r.n = attempted;
	r.ok = n;
	r.errors = attempted - n;
	r.secs = phase_ms / 1e3;
	r.per_s = phase_ms > 0 ? n / (phase_ms / 1e3) : 0;
	r.p50 = pct(v, n, 0.50);
	r.p99 = pct(v, n, 0.99);
	r.cpu_ms = n > 0 && server_pgid > 0 ? cpu_ms / n : 0;
	free(v);
	return r;
}

static const char *display_name(const char *system)
{
	return !strcmp(system, "rt") ? "RT 5" : system;
}

static void print_header(void)
{
	printf("%-8s %-7s %6s %6s %7s %9s %9s %9s %8s %11s\n", "system", "op", "n", "ok", "errors",
	       "per s", "p50 ms", "p99 ms", "wall s", "cpu ms/op");
}

static void print_row(const struct row *r)
{
	char cpu[32] = "-";
	if (r->cpu_ms > 0)
		snprintf(cpu, sizeof cpu, "%.2f", r->cpu_ms);
	printf("%-8s %-7s %6d %6d %7d %9.1f %9.2f %9.2f %8.2f %11s\n", display_name(r->system), r->op, r->n,
	       r->ok, r->errors, r->per_s, r->p50, r->p99, r->secs, cpu);
}

/* ---- list count: every ticket the system holds ---- */

static long list_count(struct client *c)
{
	if (sys_kind == SYS_RT) {
		if (request(c, "GET", "/REST/2.0/tickets?query=Queue%3D%27General%27&per_page=1", NULL, NULL) != 200)
			return -1;
		json_t *j = json_loads(c->out.p, 0, NULL);
		json_t *t = json_object_get(j, "total");
		long n = json_is_integer(t) ? (long)json_integer_value(t)
					    : json_is_string(t) ? atol(json_string_value(t)) : -1;
		json_decref(j);
		return n;
	}
	long n = 0;
	char path[1024] = "/api/v1/tickets?limit=100";
	for (int page = 0; page < 100000; page++) {
		if (request(c, "GET", path, NULL, NULL) != 200)
			return -1;
		json_t *j = json_loads(c->out.p, 0, NULL);
		n += (long)json_array_size(json_object_get(j, "tickets"));
		const char *cur = json_string_value(json_object_get(j, "next_cursor"));
		if (!cur) {
			json_decref(j);
			return n;
		}
		char *esc = curl_easy_escape(c->h, cur, 0);
		snprintf(path, sizeof path, "/api/v1/tickets?limit=100&cursor=%s", esc);
		curl_free(esc);
		json_decref(j);
	}
	return n;
}

/* ---- warm-up ---- */

static void *warm(void *arg)
{
	struct client *c = arg;
	const char *probe = sys_kind == SYS_EXDESK ? "/api/v1/auth/me" : "/REST/2.0/queue/1";
	for (int i = 0; i < 3; i++) {
		long st = request(c, "GET", probe, NULL, NULL);
		if (st != 200) {
			fprintf(stderr, "peer_bench: warm-up GET %s%s answered %ld: %.300s %s\n", base_url, probe,
				st, c->out.p ? c->out.p : "", c->errbuf);
			return (void *)1;
		}
	}
	/* One ticket and its reply, so each server worker has run both paths once. */
	int k = tickets + (int)(c - C);
	char *body = create_body(k);
	long st = request(c, "POST", sys_kind == SYS_EXDESK ? "/api/v1/tickets" : "/REST/2.0/ticket", body, NULL);
	free(body);
	long long id = st == 201 ? created_id(c->out.p) : 0;
	if (!id) {
		fprintf(stderr, "peer_bench: warm-up create answered %ld: %.300s %s\n", st,
			c->out.p ? c->out.p : "", c->errbuf);
		return (void *)1;
	}
	char path[128];
	snprintf(path, sizeof path,
		 sys_kind == SYS_EXDESK ? "/api/v1/tickets/%lld/reply" : "/REST/2.0/ticket/%lld/correspond", id);
	body = reply_body(k);
	st = request(c, "POST", path, body, NULL);
	free(body);
	if (st != 201) {
		fprintf(stderr, "peer_bench: warm-up reply answered %ld: %.300s\n", st, c->out.p ? c->out.p : "");
		return (void *)1;
	}
	return NULL;
}

/* ---- modes ---- */

static int wait_for(const char *url, int timeout_s)
{
	CURL *h = curl_easy_init();
	struct buf b = {0};
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 5L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, "peer_bench/1");
	double deadline = now_ms() + timeout_s * 1e3;
	int rc = 1;
	while (now_ms() < deadline) {
		b.n = 0;
		if (curl_easy_perform(h) == CURLE_OK) {
			long st = 0;
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &st);
			if (st > 0) {
				rc = 0;
				break;
			}
		}
		usleep(200000);
	}
	if (rc)
		fprintf(stderr, "peer_bench: %s did not answer within %d s\n", url, timeout_s);
	curl_easy_cleanup(h);
	free(b.p);
	return rc;
}

static int run_target(const char *results)
{
	C = calloc((size_t)clients, sizeof *C);
	for (int i = 0; i < clients; i++)
		client_init(&C[i]);
	S.ids = calloc((size_t)tickets, sizeof *S.ids);
	S.lat = calloc((size_t)tickets, sizeof *S.lat);
	S.ok = calloc((size_t)tickets, sizeof *S.ok);
	S.end = calloc((size_t)tickets, sizeof *S.end);

	printf("%s at %s: %d client%s, %d tickets then one reply each\n",
	       sys_kind == SYS_EXDESK ? "exdesk" : "RT 5", base_url, clients, clients == 1 ? "" : "s", tickets);
	fflush(stdout);
	pthread_t *th = calloc((size_t)clients, sizeof *th);
	for (int i = 0; i < clients; i++)
		pthread_create(&th[i], NULL, warm, &C[i]);
	int warm_failed = 0;
	for (int i = 0; i < clients; i++) {
		void *r;
		pthread_join(th[i], &r);
		warm_failed += r != NULL;
	}
	free(th);
	if (warm_failed) {
		fprintf(stderr, "peer_bench: warm-up failed; not measuring\n");
		return 1;
	}

	atomic_store(&connections, 0);
	double cpu0 = server_cpu_ms();
	double ms = run_phase(OP_CREATE);
	double cpu1 = server_cpu_ms();
	struct row create = summarize("create", tickets, ms, cpu1 - cpu0);
	int created = create.ok;
	ms = run_phase(OP_REPLY);
	struct row reply = summarize("reply", created, ms, server_cpu_ms() - cpu1);
	long opened = atomic_load(&connections);
	run_phase(OP_VERIFY);
	long listed = list_count(&C[0]);

	print_header();
	print_row(&create);
	print_row(&reply);
	printf("check: %d of %d created tickets read back, %d with the subject as sent, %d open after "
	       "the reply; the system lists %ld tickets (%d measured + %d warm-up expected)\n",
	       atomic_load(&S.found), created, atomic_load(&S.subject_ok), atomic_load(&S.open), listed,
	       created, clients);
	printf("connections: %ld opened during the measure (%d kept alive from the warm-up)\n", opened, clients);
	fflush(stdout);

	if (results) {
		FILE *f = fopen(results, "a");
		if (!f) {
			perror(results);
			return 1;
		}
		const struct row *rows[] = {&create, &reply};
		for (int i = 0; i < 2; i++)
			fprintf(f, "row\t%s\t%s\t%d\t%d\t%d\t%.6f\t%.6f\t%.6f\t%.6f\t%.6f\n", rows[i]->system,
				rows[i]->op, rows[i]->n, rows[i]->ok, rows[i]->errors, rows[i]->secs,
				rows[i]->per_s, rows[i]->p50, rows[i]->p99, rows[i]->cpu_ms);
		fprintf(f, "check\t%s\t%d\t%d\t%d\t%d\t%ld\t%d\n", create.system, created,
			atomic_load(&S.found), atomic_load(&S.subject_ok), atomic_load(&S.open), listed,
			clients);
		fclose(f);
	}
	for (int i = 0; i < clients; i++)
		client_free(&C[i]);
	free(C);
	bool good = create.errors == 0 && reply.errors == 0 && atomic_load(&S.found) == created &&
		    atomic_load(&S.subject_ok) == created && listed == created + clients;
	return good ? 0 : 2;
}

static int table(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return 1;
	}
	struct row rows[8];
	int nrows = 0;
	char line[1024], checks[4][512];
	int nchecks = 0;
	while (fgets(line, sizeof line, f)) {
		struct row r = {0};
		char sys[16];
		int created, found, subj, open, warmup;
		long listed;
		if (nrows < 8 && sscanf(line, "row\t%15s\t%15s\t%d\t%d\t%d\t%lf\t%lf\t%lf\t%lf\t%lf", r.system,
					r.op, &r.n, &r.ok, &r.errors, &r.secs, &r.per_s, &r.p50, &r.p99,
					&r.cpu_ms) == 10)
			rows[nrows++] = r;
		else if (nchecks < 4 && sscanf(line, "check\t%15s\t%d\t%d\t%d\t%d\t%ld\t%d", sys, &created,
					       &found, &subj, &open, &listed, &warmup) == 7)
			snprintf(checks[nchecks++], sizeof checks[0],
				 "%-6s %d of %d read back, %d subjects intact, %d open after the reply, "
				 "%ld listed (%d expected)",
				 display_name(sys), found, created, subj, open, listed, created + warmup);
	}
	fclose(f);
	print_header();
	for (int i = 0; i < nrows; i++)
		if (!strcmp(rows[i].system, "rt"))
			print_row(&rows[i]);
	for (int i = 0; i < nrows; i++)
		if (strcmp(rows[i].system, "rt"))
			print_row(&rows[i]);
	for (int i = 0; i < nchecks; i++)
		printf("check: %s\n", checks[i]);
	printf("ratio exdesk/RT:\n");
	const char *ops[] = {"create", "reply"};
	for (int o = 0; o < 2; o++) {
		const struct row *e = NULL, *r = NULL;
		for (int i = 0; i < nrows; i++) {
			if (strcmp(rows[i].op, ops[o]))
				continue;
			if (!strcmp(rows[i].system, "rt"))
				r = &rows[i];
			else
				e = &rows[i];
		}
		if (!e || !r || r->per_s <= 0 || r->p50 <= 0 || e->p50 <= 0) {
			printf("  %-7s (a target is missing or had no successful request)\n", ops[o]);
			continue;
		}
		printf("  %-7s throughput %.1fx (%.1f/s vs %.1f/s); p50 %.4f (%.2f ms vs %.2f ms: RT %.1fx slower); "
		       "p99 %.4f",
		       ops[o], e->per_s / r->per_s, e->per_s, r->per_s, e->p50 / r->p50, e->p50, r->p50,
		       r->p50 / e->p50, r->p99 > 0 ? e->p99 / r->p99 : 0);
		if (e->cpu_ms > 0 && r->cpu_ms > 0)
			printf("; server CPU per request %.4f (%.2f ms vs %.2f ms)", e->cpu_ms / r->cpu_ms, e->cpu_ms,
			       r->cpu_ms);
		printf("\n");
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: peer_bench --wait URL [--timeout S]\n"
			"       peer_bench --system exdesk|rt --url BASE --token T [--clients C] [--tickets N] "
			"[--results FILE] [--server-pgid PGID]\n"
			"       peer_bench --table FILE\n");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *wait_url = NULL, *system = NULL, *url = NULL, *token = NULL, *results = NULL,
		   *table_file = NULL;
	int timeout_s = 120;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (!strcmp(a, "--wait"))
			wait_url = v;
		else if (!strcmp(a, "--timeout"))
			timeout_s = atoi(v);
		else if (!strcmp(a, "--system"))
			system = v;
		else if (!strcmp(a, "--url"))
			url = v;
		else if (!strcmp(a, "--token"))
			token = v;
		else if (!strcmp(a, "--clients"))
			clients = atoi(v);
		else if (!strcmp(a, "--tickets"))
			tickets = atoi(v);
		else if (!strcmp(a, "--server-pgid"))
			server_pgid = atol(v);
		else if (!strcmp(a, "--results"))
			results = v;
		else if (!strcmp(a, "--table"))
			table_file = v;
		else
			usage();
		i++;
	}
	if (table_file)
		return table(table_file);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (wait_url)
		return wait_for(wait_url, timeout_s);
	if (!system || !url || !token || clients < 1 || clients > 256 || tickets < 1 || tickets > 1000000)
		usage();
	if (!strcmp(system, "exdesk"))
		sys_kind = SYS_EXDESK;
	else if (!strcmp(system, "rt"))
		sys_kind = SYS_RT;
	else
		usage();
	snprintf(base_url, sizeof base_url, "%s", url);
	size_t n = strlen(base_url);
	while (n && base_url[n - 1] == '/')
		base_url[--n] = '\0';
	snprintf(auth_header, sizeof auth_header, "Authorization: %s %s",
		 sys_kind == SYS_EXDESK ? "Bearer" : "token", token);
	int rc = run_target(results);
	curl_global_cleanup();
	return rc;
}
