/* http_load.c — wrk for maximum rates; an open-loop libcurl driver for fixed rates and surges.
 * See http_load.h. */
#include "http_load.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1];
}

/* user + system CPU of a process, in milliseconds */
static double cpu_ms(int pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')'); /* the command name may hold spaces */
	unsigned long ut = 0, st = 0;
	if (p)
		sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
	return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static double wrk_time_ms(const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (!strncmp(end, "us", 2))
		return v / 1000;
	if (!strncmp(end, "ms", 2))
		return v;
	if (!strncmp(end, "s", 1))
		return v * 1000;
	if (!strncmp(end, "m", 1))
		return v * 60000;
	return v;
}

bool wrk_run(const char *url, const char *script, int conns, int secs, int pid,
	     struct wrk_result *out)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "wrk -t2 -c%d -d%ds --timeout 10s --latency %s%s %s 2>&1", conns,
		 secs, script ? "-s " : "", script ? script : "", url);
	*out = (struct wrk_result){0};
	double c0 = pid ? cpu_ms(pid) : 0;
	FILE *p = popen(cmd, "r");
	if (!p)
		return false;
	char line[512];
	bool in_dist = false;
	while (fgets(line, sizeof line, p)) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, "Latency Distribution", 20))
			in_dist = true;
		else if (in_dist && !strncmp(s, "50%", 3))
			out->p50_ms = wrk_time_ms(s + 3 + strspn(s + 3, " \t"));
		else if (in_dist && !strncmp(s, "99%", 3))
			out->p99_ms = wrk_time_ms(s + 3 + strspn(s + 3, " \t")), in_dist = false;
		else if (!strncmp(s, "Requests/sec:", 13))
			out->rps = strtod(s + 13, NULL);
		else if (!strncmp(s, "Non-2xx or 3xx responses:", 25))
			out->non2xx = strtol(s + 25, NULL, 10);
		else if (!strncmp(s, "Socket errors:", 14)) {
			long a = 0, b = 0, c = 0, d = 0;
			sscanf(s, "Socket errors: connect %ld, read %ld, write %ld, timeout %ld", &a, &b,
			       &c, &d);
			out->socket_errors = a + b + c + d;
		} else if (strstr(s, "requests in "))
			out->requests = strtol(s, NULL, 10);
	}
	int rc = pclose(p);
	if (pid && out->requests > 0)
		out->cpu_ms_per_req = (cpu_ms(pid) - c0) / (double)out->requests;
	return rc == 0 && out->rps > 0;
}

/* ---- the open-loop driver ---- */

struct req {
	CURL *h;
	long seq;
	int attempts;
	double scheduled, sent;
	char body[512];
	struct curl_slist *headers;
	char url[256];
};

static size_t discard(char *p, size_t size, size_t n, void *ctx)
{
	(void)p, (void)ctx;
	return size * n;
}

static const char *const TEXTS[] = {
	"充值未到账，已经过去两个小时了", "Nạp tiền USDT chưa về tài khoản", "Депозит не пришёл на счёт",
	"出金が保留になっています", "입금이 아직 반영되지 않았습니다", "My withdrawal is still pending",
	"Para yatırma işlemim görünmüyor", "Mi retiro sigue pendiente"};

static void req_prepare(struct req *r, const struct load_spec *spec, long seq, int64_t ticket)
{
	const char *text = TEXTS[seq % (long)(sizeof TEXTS / sizeof *TEXTS)];
	if (spec->kind == LOAD_MESSAGE) {
		snprintf(r->url, sizeof r->url, "%s/api/v1/tickets/%lld/messages", spec->base,
			 (long long)ticket);
		snprintf(r->body, sizeof r->body, "{\"body\":\"%s [%s #%ld]\"}", text, spec->tag, seq);
	} else {
		snprintf(r->url, sizeof r->url, "%s/api/v1/tickets", spec->base);
		snprintf(r->body, sizeof r->body,
			 "{\"subject\":\"%s\",\"body\":\"%s [%s #%ld]\",\"requester\":"
			 "{\"email\":\"load%ld@bench.example\"}}",
			 text, text, spec->tag, seq, seq % 100000);
	}
}

static void req_send(CURLM *m, struct req *r)
{
	curl_easy_setopt(r->h, CURLOPT_URL, r->url);
	curl_easy_setopt(r->h, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(r->h, CURLOPT_COPYPOSTFIELDS, r->body);
	curl_easy_setopt(r->h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(r->h, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(r->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(r->h, CURLOPT_TCP_NODELAY, 1L);
	r->sent = now_s();
	r->attempts++;
	curl_multi_add_handle(m, r->h);
}

struct waiting {
	struct req *r;
	double at;
};

bool load_run(const struct load_spec *spec, struct load_result *out)
{
	*out = (struct load_result){0};
	double starts[4] = {0};
	long counts[3], total = 0;
	for (int i = 0; i < spec->n_phases; i++) {
		counts[i] = (long)(spec->phase[i].rate * spec->phase[i].seconds);
		starts[i + 1] = starts[i] + spec->phase[i].seconds;
		total += counts[i];
	}
	out->total = total;
	out->accepted = calloc((size_t)total + 1, 1);
	out->ticket_of = calloc((size_t)total + 1, sizeof *out->ticket_of);
	/* per phase: scheduled -> accepted; accepted attempts; refusals */
	double *lat[3], *att[3], *ref[3];
	size_t nlat[3] = {0}, natt[3] = {0}, nref[3] = {0}, ref_cap[3];
	for (int i = 0; i < 3; i++) {
		size_t n = (size_t)(i < spec->n_phases ? counts[i] : 0) + 1;
		lat[i] = malloc(sizeof(double) * n);
		att[i] = malloc(sizeof(double) * n);
		ref_cap[i] = n * 2;
		ref[i] = malloc(sizeof(double) * ref_cap[i]);
	}

	CURLM *m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)spec->max_inflight);
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)spec->max_inflight);
	struct req *pool = calloc((size_t)spec->max_inflight, sizeof *pool);
	struct req **free_reqs = malloc(sizeof *free_reqs * (size_t)spec->max_inflight);
	int n_free = 0;
	char auth[256];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", spec->token);
	for (int i = 0; i < spec->max_inflight; i++) {
		pool[i].h = curl_easy_init();
		pool[i].headers = curl_slist_append(NULL, auth);
		pool[i].headers = curl_slist_append(pool[i].headers, "Content-Type: application/json");
		curl_easy_setopt(pool[i].h, CURLOPT_PRIVATE, &pool[i]);
		free_reqs[n_free++] = &pool[i];
	}
	struct waiting *retry = malloc(sizeof *retry * (size_t)spec->max_inflight);
	int n_retry = 0, inflight = 0;
	long next = 0;
	unsigned seed = 12345;
	double t0 = now_s();
	int phase = 0;
	/* Scheduled instant of request seq: evenly spaced within its phase. */
	long phase_first[4] = {0};
	for (int i = 0; i < spec->n_phases; i++)
		phase_first[i + 1] = phase_first[i] + counts[i];

	while (next < total || inflight > 0 || n_retry > 0) {
		double now = now_s() - t0;
		/* Retries whose wait is over go first: they are older. */
		for (int i = 0; i < n_retry;) {
			if (retry[i].at <= now) {
				req_send(m, retry[i].r);
				inflight++;
				retry[i] = retry[--n_retry];
			} else {
				i++;
			}
		}
		while (next < total && n_free > 0) {
			while (phase + 1 < spec->n_phases && next >= phase_first[phase + 1])
				phase++;
			double at = starts[phase] + (double)(next - phase_first[phase]) / spec->phase[phase].rate;
			if (at > now)
				break;
			struct req *r = free_reqs[--n_free];
			r->seq = next;
			r->attempts = 0;
			r->scheduled = at;
			int64_t ticket = spec->ticket_lo +
					 (int64_t)(rand_r(&seed) % (unsigned)(spec->ticket_hi - spec->ticket_lo + 1));
			out->ticket_of[next] = ticket;
			req_prepare(r, spec, next, ticket);
			req_send(m, r);
			inflight++;
			next++;
		}
		int running;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct req *r;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
			long status = 0;
			curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &status);
			curl_off_t retry_after = 0;
			curl_easy_getinfo(r->h, CURLINFO_RETRY_AFTER, &retry_after);
			curl_multi_remove_handle(m, r->h);
			inflight--;
			double done = now_s() - t0;
			int ph = 0;
			while (ph + 1 < spec->n_phases && r->seq >= phase_first[ph + 1])
				ph++;
			struct load_phase_result *pr = &out->phase[ph];
			if (status >= 200 && status < 300) {
				out->accepted[r->seq] = 1;
				pr->accepted++;
				if (r->attempts > 1)
					pr->retried_ok++;
				lat[ph][nlat[ph]++] = (done - r->scheduled) * 1000;
				att[ph][natt[ph]++] = (done - (r->sent - t0)) * 1000;
			} else if (status == 503) {
				pr->refused_503++;
				if (nref[ph] < ref_cap[ph])
					ref[ph][nref[ph]++] = (done - (r->sent - t0)) * 1000;
				if (spec->retry_503 && r->attempts <= spec->max_retries) {
					/* as the widget does: wait what the server asked, spread a little */
					double wait = (retry_after > 0 ? (double)retry_after : 1.0) *
						      (0.75 + 0.5 * (double)(rand_r(&seed) % 1000) / 1000.0);
					retry[n_retry++] = (struct waiting){r, done + wait};
					continue;
				}
				out->accepted[r->seq] = 2;
			} else {
				pr->failed++;
				out->accepted[r->seq] = 2;
			}
			free_reqs[n_free++] = r;
		}
		if (inflight > 0 || n_retry > 0 || next < total)
			curl_multi_poll(m, NULL, 0, 1, NULL);
	}
	double elapsed_total = now_s() - t0;
	(void)elapsed_total;
	for (int i = 0; i < spec->n_phases; i++) {
		struct load_phase_result *pr = &out->phase[i];
		pr->scheduled = counts[i];
		pr->accepted_per_s = (double)pr->accepted / spec->phase[i].seconds;
		pr->p50_ms = pct(lat[i], nlat[i], 50);
		pr->p99_ms = pct(lat[i], nlat[i], 99);
		pr->max_ms = nlat[i] ? lat[i][nlat[i] - 1] : 0;
		pr->attempt_p50_ms = pct(att[i], natt[i], 50);
		pr->attempt_p99_ms = pct(att[i], natt[i], 99);
		pr->refusal_p99_ms = pct(ref[i], nref[i], 99);
	}
	for (int i = 0; i < spec->max_inflight; i++) {
		curl_slist_free_all(pool[i].headers);
		curl_easy_cleanup(pool[i].h);
	}
	curl_multi_cleanup(m);
	free(pool);
	free(free_reqs);
	free(retry);
	for (int i = 0; i < 3; i++)
		free(lat[i]), free(att[i]), free(ref[i]);
	return true;
}

void load_result_free(struct load_result *r)
{
	free(r->accepted);
	free(r->ticket_of);
}
