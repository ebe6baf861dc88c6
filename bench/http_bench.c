/* http_bench.c — exdesk over HTTP, measured against the limit of the machine it runs on
 * (issue 7). Every figure is printed beside a baseline measured in the same run: this machine
 * is shared and noisy, so compare ratios.
 *
 *   baselines   a bare libmicrohttpd JSON responder (bench/mhd_hello.c) and exdesk's /healthz
 *   writes      a customer message on an existing ticket; a new ticket — the maximum rate
 *               (wrk, closed loop), then p50/p99 at 50% and 90% of it (open loop)
 *   reads       a ticket, a filtered ticket list, a ticket's messages
 *   scale       writes and reads again with N tickets already stored (store_fill), with the
 *               database size and the server's memory
 *   surge       a 10x step in the arrival rate of messages for S seconds: latency, queueing,
 *               503s (the client retries after Retry-After, as the widget does), then the server
 *               is restarted and every accepted message is looked for
 *   memory      server RSS per 1,000 open push streams
 *
 *   http_bench [--full] [--sizes 0,100000] [--surge-seconds 20 (60 with --full)] [--seconds 5] [--sync full|normal]
 *
 * Needs wrk (Debian), build/exdesk, build/bench/mhd_hello and build/bench/store_fill
 * (EXDESK_BIN, EXDESK_BENCH_DIR). Filled stores are kept under EXDESK_BENCH_CACHE
 * (default /var/tmp/exdesk-bench) so a second run does not fill them again. */
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "http_load.h"

#define ADMIN_EMAIL "bench@bench.example"
#define SEED_TICKETS 1000 /* tickets the writes and reads use on an otherwise empty store */

static const char *bin, *bench_dir, *cache_dir, *sync_mode = "full";
static int seconds = 5, surge_seconds = 20, threads = 0;
static char tmp_dir[] = "/tmp/exdesk-http-bench.XXXXXX";

struct server {
	int pid, port;
	char base[64], token[160], dir[512];
};

/* ---- small helpers ---- */

static void die(const char *what)
{
	fprintf(stderr, "http_bench: %s\n", what);
	exit(1);
}

static int run(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static long status_kb(int pid, const char *field)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	size_t n = strlen(field);
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = atol(line + n + 1);
	if (f)
		fclose(f);
	return kb;
}

static double file_mb(const char *dir)
{
	char path[600];
	double total = 0;
	const char *files[] = {"exdesk.db", "exdesk.db-wal"};
	for (int i = 0; i < 2; i++) {
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		if (stat(path, &st) == 0)
			total += (double)st.st_size;
	}
	return total / 1048576.0;
}

struct buf {
	char *p;
	size_t n;
};

static size_t collect(char *p, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	b->p = realloc(b->p, b->n + size * n + 1);
	memcpy(b->p + b->n, p, size * n);
	b->n += size * n;
	b->p[b->n] = '\0';
	return size * n;
}

/* One request with libcurl: the body as text (NULL if none; the caller frees) and the status. */
static char *fetch(const struct server *s, const char *method, const char *path, const char *body,
		   long *status)
{
	CURL *h = curl_easy_init();
	char url[512], auth[256];
	snprintf(url, sizeof url, "%s%s", s->base, path);
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", s->token);
	struct curl_slist *hd = curl_slist_append(NULL, auth);
	hd = curl_slist_append(hd, "Content-Type: application/json");
	struct buf b = {0};
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hd);
	if (body)
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
	*status = curl_easy_perform(h) == CURLE_OK ? 0 : -1;
	if (*status == 0)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(hd);
	curl_easy_cleanup(h);
	return b.p;
}

/* The same, parsed as JSON (NULL if it is not). */
static json_t *call(const struct server *s, const char *method, const char *path,
		    const char *body, long *status)
{
	char *text = fetch(s, method, path, body, status);
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
	return j;
}

/* ---- servers ---- */

/* A data dir with the bench's admin and a token for it (the dir may hold a filled store). */
static void prepare_dir(struct server *s, const char *dir)
{
	char cmd[2048];
	snprintf(s->dir, sizeof s->dir, "%s", dir);
	snprintf(cmd, sizeof cmd,
		 "%s migrate --data %s >/dev/null 2>&1 && (echo 'bench password 1' | %s user add "
		 "--data %s --email " ADMIN_EMAIL " --name Bench --role admin --password-stdin "
		 ">/dev/null 2>&1 || true)",
		 bin, dir, bin, dir);
	if (run(cmd) != 0)
		die("cannot prepare the data dir");
	snprintf(cmd, sizeof cmd, "%s token create --data %s --email " ADMIN_EMAIL " 2>/dev/null", bin,
		 dir);
	FILE *p = popen(cmd, "r");
	if (!p || !fgets(s->token, sizeof s->token, p))
		die("cannot create a token");
	pclose(p);
	s->token[strcspn(s->token, "\n")] = '\0';
}

static bool wait_healthy(const char *base)
{
	char url[128];
	snprintf(url, sizeof url, "%s/healthz", base);
	for (int i = 0; i < 600; i++) {
		CURL *h = curl_easy_init();
		curl_easy_setopt(h, CURLOPT_URL, url);
		curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
		struct buf b = {0};
		curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
		curl_easy_setopt(h, CURLOPT_TIMEOUT, 2L);
		long status = 0;
		if (curl_easy_perform(h) == CURLE_OK)
			curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(h);
		free(b.p);
		if (status == 200)
			return true;
		usleep(100000);
	}
	return false;
}

static void start_exdesk(struct server *s, const char *extra)
{
	static int next_port;
	if (!next_port)
		next_port = 21000 + (int)(getpid() % 20000);
	s->port = next_port++;
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	char listen[32], thr[16];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
	snprintf(thr, sizeof thr, "%d", threads);
	s->pid = fork();
	if (s->pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(127);
		const char *argv[16] = {bin, "serve", "--data", s->dir, "--listen", listen, "--sync",
					sync_mode};
		int n = 8;
		if (threads)
			argv[n++] = "--threads", argv[n++] = thr;
		if (extra)
			argv[n++] = "--max-queued-writes", argv[n++] = extra;
		argv[n] = NULL;
		execv(bin, (char **)argv);
		_exit(127);
	}
	if (!wait_healthy(s->base))
		die("exdesk did not come up");
}

static void stop_server(struct server *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	s->pid = 0;
}

/* ---- wrk scripts ---- */

static char *script(const char *name, const char *body)
{
	static char paths[16][600];
	static int n;
	char *path = paths[n++ % 16];
	snprintf(path, 600, "%s/%s.lua", tmp_dir, name);
	FILE *f = fopen(path, "w");
	if (!f)
		die("cannot write a wrk script");
	fputs(body, f);
	fclose(f);
	return path;
}

/* Lua for wrk: every request carries the token; `path()` picks what to ask for. */
static const char *lua_prelude = "";

static char *lua(const char *name, const struct server *s, const char *method, const char *path_expr,
		 const char *body_expr)
{
	size_t cap = 4096 + strlen(lua_prelude);
	char *text = malloc(cap);
	snprintf(text, cap,
		 "%s"
		 "math.randomseed(os.time() + math.floor(os.clock() * 1000000))\n"
		 "local n = 0\n"
		 "request = function()\n"
		 "  n = n + 1\n"
		 "  local headers = {[\"Authorization\"] = \"Bearer %s\", [\"Content-Type\"] = \"application/json\"}\n"
		 "  return wrk.format(\"%s\", %s, headers, %s)\n"
		 "end\n",
		 lua_prelude, s->token, method, path_expr, body_expr ? body_expr : "nil");
	char *path = script(name, text);
	free(text);
	return path;
}

struct figures {
	struct wrk_result msg, ticket, get, list, messages;
	double db_mb;
	long rss_kb, anon_kb, file_kb;
	int64_t tickets;
};

static void print_row(const char *what, const struct wrk_result *r, double base_rps)
{
	printf("  %-34s %9.0f/s  %5.1f%% of /healthz  p50 %7.2f ms  p99 %7.2f ms  CPU %6.3f ms/req%s\n",
	       what, r->rps, 100.0 * r->rps / base_rps, r->p50_ms, r->p99_ms, r->cpu_ms_per_req,
	       r->non2xx || r->socket_errors ? "  (errors!)" : "");
	if (r->non2xx || r->socket_errors)
		printf("  %-34s non-2xx %ld, socket errors %ld\n", "", r->non2xx, r->socket_errors);
}

/* Up to n ids of tickets still open, spread over the store's whole history: the list filtered
 * by status before random instants of the past year (newest first from each). Messages go to
 * these: a customer message on a closed ticket opens a follow-up ticket instead, another kind
 * of write, and a filled store is mostly closed tickets. */
static size_t open_ids(struct server *s, int64_t *ids, size_t n)
{
	size_t got = 0;
	time_t now = time(NULL);
	unsigned seed = 7;
	for (int round = 0; round < 200 && got < n; round++) {
		time_t at = now - (time_t)(rand_r(&seed) % (366 * 86400));
		struct tm tm;
		gmtime_r(&at, &tm);
		char when[32], path[160];
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(path, sizeof path,
			 "/api/v1/tickets?status=new,open,pending&limit=50&created_before=%s", when);
		long st;
		json_t *j = call(s, "GET", path, NULL, &st);
		json_t *t;
		size_t i;
		json_array_foreach(json_object_get(j, "tickets"), i, t)
		{
			int64_t id = json_integer_value(json_object_get(t, "id"));
			bool dup = false;
			for (size_t k = 0; k < got && !dup; k++)
				dup = ids[k] == id;
			if (id > 0 && !dup && got < n)
				ids[got++] = id;
		}
		json_decref(j);
	}
	return got;
}

/* A Lua table of ticket ids for wrk, and the expression that picks one. */
static char *id_table(const int64_t *ids, size_t n)
{
	size_t cap = 32 + n * 12;
	char *out = malloc(cap), *p = out;
	p += sprintf(p, "local ids = {");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%s%lld", i ? "," : "", (long long)ids[i]);
	sprintf(p, "}\n");
	return out;
}

/* Writes and reads against tickets [lo, hi] of a running server. */
static void measure(struct server *s, int64_t lo, int64_t hi, struct figures *f, double base_rps,
		    const char *label)
{
	char path[256];
	int64_t *open = malloc(sizeof *open * 1000);
	size_t n_open = 0;
	if (hi - lo + 1 <= 1000) /* the seeded store: every ticket is new */
		for (int64_t id = lo; id <= hi; id++)
			open[n_open++] = id;
	else
		n_open = open_ids(s, open, 1000);
	char *table = id_table(open, n_open);
	lua_prelude = table;
	printf("  (messages go to %zu open tickets spread over the store; reads to any of %lld)\n", n_open,
	       (long long)(hi - lo + 1));
	char *msg = lua("msg", s, "POST", "\"/api/v1/tickets/\" .. ids[math.random(1, #ids)] .. \"/messages\"",
			"'{\"body\":\"Nạp tiền chưa về 充值未到账 депозит не пришёл #' .. n .. '\"}'");
	char *tk = lua("ticket", s, "POST", "\"/api/v1/tickets\"",
		       "'{\"subject\":\"出金が保留 withdrawal on hold\",\"body\":\"Вывод средств задерживается "
		       "#' .. n .. '\",\"priority\":\"' .. ({'low','normal','normal','high','urgent'})[math.random(1, 5)] .. "
		       "'\",\"requester\":{\"email\":\"w' .. math.random(1, 1000000) .. "
		       "'@bench.example\",\"language\":\"ru\"}}'");
	snprintf(path, sizeof path, "\"/api/v1/tickets/\" .. math.random(%lld, %lld)", (long long)lo,
		 (long long)hi);
	char *get = lua("get", s, "GET", path, NULL);
	char *list = lua("list", s, "GET", "\"/api/v1/tickets?status=open,new&priority=high&limit=25\"",
			 NULL);
	snprintf(path, sizeof path, "\"/api/v1/tickets/\" .. math.random(%lld, %lld) .. \"/messages\"",
		 (long long)lo, (long long)hi);
	char *msgs = lua("msgs", s, "GET", path, NULL);
	lua_prelude = "";
	free(table);
	free(open);
	printf("%s\n", label);
	wrk_run(s->base, msg, 64, seconds, s->pid, &f->msg);
	print_row("write: message on a ticket", &f->msg, base_rps);
	wrk_run(s->base, tk, 64, seconds, s->pid, &f->ticket);
	print_row("write: new ticket", &f->ticket, base_rps);
	wrk_run(s->base, get, 16, seconds, s->pid, &f->get);
	print_row("read: a ticket", &f->get, base_rps);
	wrk_run(s->base, list, 16, seconds, s->pid, &f->list);
	print_row("read: filtered list (25)", &f->list, base_rps);
	wrk_run(s->base, msgs, 16, seconds, s->pid, &f->messages);
	print_row("read: a ticket's messages", &f->messages, base_rps);
	f->db_mb = file_mb(s->dir);
	f->rss_kb = status_kb(s->pid, "VmRSS");
	f->anon_kb = status_kb(s->pid, "RssAnon");
	f->file_kb = status_kb(s->pid, "RssFile");
	printf("  database %.1f MB; server RSS %.1f MiB (anonymous %.1f, file-backed %.1f)\n", f->db_mb,
	       (double)f->rss_kb / 1024, (double)f->anon_kb / 1024, (double)f->file_kb / 1024);
}

/* SEED_TICKETS tickets through the API, so an empty store has something to write to. */
static void seed_tickets(struct server *s, int64_t *lo, int64_t *hi)
{
	struct load_spec spec = {.base = s->base, .token = s->token, .kind = LOAD_TICKET,
				 .tag = "seed", .n_phases = 1, .max_inflight = 32};
	spec.phase[0] = (struct load_phase){.rate = 2000, .seconds = SEED_TICKETS / 2000.0};
	struct load_result r;
	load_run(&spec, &r);
	load_result_free(&r);
	long st;
	json_t *j = call(s, "GET", "/api/v1/tickets?limit=1", NULL, &st);
	*hi = json_integer_value(json_object_get(json_array_get(json_object_get(j, "tickets"), 0), "id"));
	*lo = *hi > SEED_TICKETS ? *hi - SEED_TICKETS + 1 : 1;
	json_decref(j);
}

/* ---- the sections ---- */

static double baselines(struct server *s)
{
	printf("\n== baselines (wrk, 16 connections, %d s) ==\n", seconds);
	char hello[600], cmd[800];
	snprintf(hello, sizeof hello, "%s/mhd_hello", bench_dir);
	int port = s->port + 500, pid = fork();
	if (pid == 0) {
		char p[16], t[16];
		snprintf(p, sizeof p, "%d", port);
		snprintf(t, sizeof t, "%d", threads ? threads : 16);
		execl(hello, hello, p, t, (char *)NULL);
		_exit(127);
	}
	snprintf(cmd, sizeof cmd, "http://127.0.0.1:%d", port);
	if (!wait_healthy(cmd))
		die("mhd_hello did not come up (build it: make bench)");
	struct wrk_result bare, health;
	snprintf(cmd, sizeof cmd, "http://127.0.0.1:%d/healthz", port);
	wrk_run(cmd, NULL, 16, seconds, pid, &bare);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(cmd, sizeof cmd, "%s/healthz", s->base);
	wrk_run(cmd, NULL, 16, seconds, s->pid, &health);
	printf("  %-34s %9.0f/s  p50 %.2f ms  p99 %.2f ms  CPU %.3f ms/req\n",
	       "bare libmicrohttpd JSON responder", bare.rps, bare.p50_ms, bare.p99_ms,
	       bare.cpu_ms_per_req);
	printf("  %-34s %9.0f/s  p50 %.2f ms  p99 %.2f ms  CPU %.3f ms/req  (%.2fx the bare responder)\n",
	       "exdesk /healthz", health.rps, health.p50_ms, health.p99_ms, health.cpu_ms_per_req,
	       health.rps / bare.rps);
	return health.rps;
}

static void fixed_rate(struct server *s, int64_t lo, int64_t hi, const char *what,
		       enum load_kind kind, double max_rps)
{
	double fractions[] = {0.5, 0.9};
	for (int i = 0; i < 2; i++) {
		struct load_spec spec = {.base = s->base, .token = s->token, .kind = kind,
					 .ticket_lo = lo, .ticket_hi = hi, .tag = "rate",
					 .n_phases = 1, .max_inflight = 256, .retry_503 = true,
					 .max_retries = 10};
		spec.phase[0] = (struct load_phase){.rate = max_rps * fractions[i], .seconds = seconds};
		struct load_result r;
		load_run(&spec, &r);
		struct load_phase_result *p = &r.phase[0];
		printf("  %-18s at %2.0f%% of max (%6.0f/s offered): p50 %7.2f ms  p99 %7.2f ms  max %8.2f ms"
		       "  accepted %ld/%ld  503 %ld  failed %ld\n",
		       what, fractions[i] * 100, spec.phase[0].rate, p->p50_ms, p->p99_ms, p->max_ms,
		       p->accepted, p->scheduled, p->refused_503, p->failed);
		load_result_free(&r);
	}
}

/* Every accepted message of the surge, looked for after a restart. */
static void verify_surge(struct server *s, const struct load_result *r, const char *tag)
{
	uint8_t *found = calloc((size_t)r->total + 1, 1);
	int64_t lo = INT64_MAX, hi = 0;
	for (long i = 0; i < r->total; i++) {
		if (r->ticket_of[i] && r->ticket_of[i] < lo)
			lo = r->ticket_of[i];
		if (r->ticket_of[i] > hi)
			hi = r->ticket_of[i];
	}
	char needle[64];
	int nl = snprintf(needle, sizeof needle, "[%s #", tag);
	long dup = 0;
	for (int64_t t = lo; t <= hi; t++) {
		char path[128], cursor[128] = "";
		for (;;) {
			snprintf(path, sizeof path, "/api/v1/tickets/%lld/messages?limit=100%s%s",
				 (long long)t, cursor[0] ? "&cursor=" : "", cursor);
			long st;
			json_t *j = call(s, "GET", path, NULL, &st);
			json_t *ms = json_object_get(j, "messages"), *m;
			size_t i;
			json_array_foreach(ms, i, m)
			{
				const char *b = json_string_value(json_object_get(m, "body"));
				const char *at = b ? strstr(b, needle) : NULL;
				if (!at)
					continue;
				long seq = strtol(at + nl, NULL, 10);
				if (seq >= 0 && seq < r->total) {
					dup += found[seq];
					found[seq] = 1;
				}
			}
			const char *next = json_string_value(json_object_get(j, "next_cursor"));
			bool more = next && *next;
			if (more)
				snprintf(cursor, sizeof cursor, "%s", next);
			json_decref(j);
			if (!more)
				break;
		}
	}
	long accepted = 0, lost = 0, refused_but_written = 0, present = 0;
	for (long i = 0; i < r->total; i++) {
		accepted += r->accepted[i] == 1;
		present += found[i];
		lost += r->accepted[i] == 1 && !found[i];
		refused_but_written += r->accepted[i] == 2 && found[i];
	}
	printf("  after a restart: accepted %ld, found %ld, LOST %ld, refused-but-written %ld, "
	       "written twice %ld\n",
	       accepted, present, lost, refused_but_written, dup);
	free(found);
}

static long metric(const struct server *s, const char *name)
{
	long st;
	char *text = fetch(s, "GET", "/metrics", NULL, &st);
	char key[128];
	snprintf(key, sizeof key, "\n%s ", name);
	const char *p = text ? strstr(text, key) : NULL;
	long v = p ? strtol(p + strlen(key), NULL, 10) : -1;
	free(text);
	return v;
}

static void surge(struct server *s, int64_t lo, int64_t hi, double max_rps)
{
	double base = max_rps * 0.3;
	printf("\n== surge: messages at 30%% of max, then 10x (%.0f/s = %.1fx max) for %d s, then back "
	       "(open loop, 1,024 connections at most, 503 -> retry after Retry-After) ==\n",
	       base * 10, base * 10 / max_rps, surge_seconds);
	char tag[32];
	snprintf(tag, sizeof tag, "surge-%d", getpid());
	struct load_spec spec = {.base = s->base, .token = s->token, .kind = LOAD_MESSAGE,
				 .ticket_lo = lo, .ticket_hi = hi, .tag = tag, .n_phases = 3,
				 .max_inflight = 1024, .retry_503 = true, .max_retries = 30};
	spec.phase[0] = (struct load_phase){base, 10};
	spec.phase[1] = (struct load_phase){base * 10, surge_seconds};
	spec.phase[2] = (struct load_phase){base, 20};
	long refused0 = metric(s, "exdesk_http_writes_refused_total");
	struct load_result r;
	load_run(&spec, &r);
	const char *names[] = {"before (30% of max)", "surge (10x)", "after"};
	printf("  %-20s %9s %9s | %-31s | %-31s | %7s %9s\n", "", "offered", "accepted",
	       "one accepted attempt p50 / p99", "sent -> accepted, with retries", "503s", "503 p99");
	for (int i = 0; i < 3; i++) {
		struct load_phase_result *p = &r.phase[i];
		printf("  %-20s %7.0f/s %7.0f/s | %10.2f ms / %10.2f ms | %10.2f ms / %10.2f ms | %7ld %6.2f ms\n",
		       names[i], spec.phase[i].rate, p->accepted_per_s, p->attempt_p50_ms,
		       p->attempt_p99_ms, p->p50_ms, p->p99_ms, p->refused_503, p->refusal_p99_ms);
	}
	printf("  (accepted/s counts the phase's own requests, so retries answered later count in the "
	       "phase they were scheduled in)\n");
	printf("  write queue: peak %ld waiting (limit %ld); writes refused with 503: %ld; "
	       "store writer queue peak %ld jobs\n",
	       metric(s, "exdesk_http_write_queue_peak"), metric(s, "exdesk_http_write_queue_limit"),
	       metric(s, "exdesk_http_writes_refused_total") - refused0,
	       metric(s, "exdesk_store_write_queue_peak"));
	stop_server(s);
	start_exdesk(s, NULL);
	verify_surge(s, &r, tag);
	load_result_free(&r);
}

/* ---- memory per push stream ---- */

static int streams_ready;

static size_t discard_stream(char *p, size_t size, size_t n, void *ctx)
{
	(void)p, (void)ctx;
	streams_ready++; /* counts first frames too often is harmless: each stream sends one */
	return size * n;
}

static void streams(struct server *s, int n)
{
	long st;
	json_t *j = call(s, "POST", "/api/v1/widget/session", "{\"name\":\"Bench\"}", &st);
	const char *tok = json_string_value(json_object_get(j, "token"));
	if (!tok)
		die("no widget session");
	char url[512];
	snprintf(url, sizeof url, "%s/api/v1/widget/stream?token=%s", s->base, tok);
	json_decref(j);
	usleep(300000);
	long before = status_kb(s->pid, "VmRSS");
	CURLM *m = curl_multi_init();
	CURL **h = calloc((size_t)n, sizeof *h);
	for (int i = 0; i < n; i++) {
		h[i] = curl_easy_init();
		curl_easy_setopt(h[i], CURLOPT_URL, url);
		curl_easy_setopt(h[i], CURLOPT_WRITEFUNCTION, discard_stream);
		curl_multi_add_handle(m, h[i]);
	}
	double t0 = (double)clock();
	int running;
	time_t until = time(NULL) + 10;
	/* Open them all, then let the server settle. */
	while (time(NULL) < until) {
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 50, NULL);
		if (streams_ready >= n)
			break;
	}
	(void)t0;
	for (int k = 0; k < 10; k++) {
		curl_multi_perform(m, &running);
		usleep(30000);
	}
	long after = status_kb(s->pid, "VmRSS");
	printf("\n== memory ==\n  %d push streams open (%d answered): server RSS %.1f -> %.1f MiB: "
	       "%.1f MiB per 1,000 streams (%.1f KiB each)\n",
	       n, streams_ready, (double)before / 1024, (double)after / 1024,
	       (double)(after - before) / 1024 / n * 1000, (double)(after - before) / n);
	for (int i = 0; i < n; i++) {
		curl_multi_remove_handle(m, h[i]);
		curl_easy_cleanup(h[i]);
	}
	free(h);
	curl_multi_cleanup(m);
}

/* ---- scale ---- */

static void fill(const char *dir, int64_t n)
{
	char stamp[700], cmd[3000];
	snprintf(stamp, sizeof stamp, "%s/.filled", dir);
	if (access(stamp, F_OK) == 0) {
		printf("  (reusing %s, filled by an earlier run)\n", dir);
		return;
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s && mkdir -p %s && %s/store_fill --data %s --tickets %lld >&2 "
		 "&& touch %s", dir, cache_dir, bench_dir, dir, (long long)n, stamp);
	printf("  filling %s with %lld tickets (store_fill; once, then reused)...\n", dir, (long long)n);
	fflush(stdout);
	time_t t0 = time(NULL);
	if (run(cmd) != 0)
		die("store_fill failed");
	printf("  filled in %ld s\n", (long)(time(NULL) - t0));
}

static double ratio(double x, double base)
{
	return base > 0 ? x / base : 0;
}

int main(int argc, char **argv)
{
	bool full = false;
	char sizes_arg[256] = "0,100000";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--full"))
			full = true, surge_seconds = 60, snprintf(sizes_arg, sizeof sizes_arg, "0,1000000,5000000");
		else if (!strcmp(argv[i], "--sizes") && i + 1 < argc)
			snprintf(sizes_arg, sizeof sizes_arg, "%s", argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--surge-seconds") && i + 1 < argc)
			surge_seconds = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--sync") && i + 1 < argc)
			sync_mode = argv[++i];
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else
			die("usage: http_bench [--full] [--sizes 0,100000] [--seconds S] [--surge-seconds S] "
			    "[--sync full|normal] [--threads N]");
	}
	if (full && seconds == 5)
		seconds = 10;
	bin = getenv("EXDESK_BIN") ? getenv("EXDESK_BIN") : "build/exdesk";
	bench_dir = getenv("EXDESK_BENCH_DIR") ? getenv("EXDESK_BENCH_DIR") : "build/bench";
	cache_dir = getenv("EXDESK_BENCH_CACHE") ? getenv("EXDESK_BENCH_CACHE") : "/var/tmp/exdesk-bench";
	if (run("command -v wrk >/dev/null") != 0)
		die("wrk is missing (apt-get install wrk; make bench installs it)");
	if (!mkdtemp(tmp_dir))
		die("mkdtemp");
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	setvbuf(stdout, NULL, _IOLBF, 0); /* figures appear as they are measured, also in a log */

	long nproc = sysconf(_SC_NPROCESSORS_ONLN);
	double load[3] = {0};
	getloadavg(load, 3);
	printf("http_bench: %ld cores, load %.2f at the start; exdesk --sync %s, %s request threads; "
	       "each wrk run %d s\n",
	       nproc, load[0], sync_mode, threads ? "explicit" : "default", seconds);

	int64_t sizes[8];
	int n_sizes = 0;
	for (char *p = sizes_arg; *p && n_sizes < 8;) {
		sizes[n_sizes++] = strtoll(p, &p, 10);
		if (*p == ',')
			p++;
	}
	struct figures fig[8] = {0};
	double health = 0;
	for (int k = 0; k < n_sizes; k++) {
		struct server s = {0};
		char dir[600];
		int64_t lo, hi;
		if (sizes[k] == 0) {
			snprintf(dir, sizeof dir, "%s/empty", tmp_dir);
			prepare_dir(&s, dir);
			start_exdesk(&s, NULL);
			seed_tickets(&s, &lo, &hi);
			health = baselines(&s);
		} else {
			printf("\n== scale: %lld tickets ==\n", (long long)sizes[k]);
			snprintf(dir, sizeof dir, "%s/store-%lld", cache_dir, (long long)sizes[k]);
			fill(dir, sizes[k]);
			prepare_dir(&s, dir);
			start_exdesk(&s, NULL);
			lo = 1, hi = sizes[k];
		}
		char label[128];
		snprintf(label, sizeof label,
			 "\n== %lld tickets stored: durable writes (wrk, 64 connections) and reads (16) ==",
			 (long long)(sizes[k] ? sizes[k] : hi));
		measure(&s, lo, hi, &fig[k], health, label);
		fig[k].tickets = sizes[k];
		if (sizes[k] == 0) {
			printf("\n== latency at a fixed arrival rate (open loop, %d s each) ==\n", seconds);
			fixed_rate(&s, lo, hi, "message", LOAD_MESSAGE, fig[k].msg.rps);
			fixed_rate(&s, lo, hi, "new ticket", LOAD_TICKET, fig[k].ticket.rps);
			streams(&s, 1000);
			surge(&s, lo, hi, fig[k].msg.rps);
		}
		stop_server(&s);
	}
	if (n_sizes > 1) {
		printf("\n== scale: each figure as a ratio to the empty store (%lld tickets) ==\n",
		       (long long)SEED_TICKETS);
		printf("  %10s %9s %14s %14s %14s %14s %14s %12s\n", "tickets", "db MB", "msg write/s",
		       "ticket write/s", "get ticket/s", "list/s", "messages/s", "RSS anon MiB");
		for (int k = 0; k < n_sizes; k++)
			printf("  %10lld %9.1f %7.0f (%.2f) %7.0f (%.2f) %7.0f (%.2f) %7.0f (%.2f) %7.0f (%.2f) %12.1f\n",
			       (long long)fig[k].tickets, fig[k].db_mb, fig[k].msg.rps,
			       ratio(fig[k].msg.rps, fig[0].msg.rps), fig[k].ticket.rps,
			       ratio(fig[k].ticket.rps, fig[0].ticket.rps), fig[k].get.rps,
			       ratio(fig[k].get.rps, fig[0].get.rps), fig[k].list.rps,
			       ratio(fig[k].list.rps, fig[0].list.rps), fig[k].messages.rps,
			       ratio(fig[k].messages.rps, fig[0].messages.rps),
			       (double)fig[k].anon_kb / 1024);
		/* The server's own memory is caches with fixed bounds (the writer's, 2 MB per reader):
		 * what it holds more with N tickets stored is measured, not scaled up from a small N. */
		for (int k = 1; k < n_sizes; k++)
			printf("  with %lld tickets stored: server anonymous memory %+.1f MiB, file-backed "
			       "%+.1f MiB against the empty store%s; database %.0f MB per 1M tickets\n",
			       (long long)fig[k].tickets, (double)(fig[k].anon_kb - fig[0].anon_kb) / 1024,
			       (double)(fig[k].file_kb - fig[0].file_kb) / 1024,
			       fig[k].tickets >= 1000000 ? "" : " (bounded caches warming: not per ticket)",
			       fig[k].db_mb * 1e6 / (double)fig[k].tickets);
	}
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_dir);
	run(cmd);
	curl_global_cleanup();
	return 0;
}
