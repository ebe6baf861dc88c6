/* t_ops — what an operator relies on: /healthz, /metrics in Prometheus text format with the
 * documented series (and counts that follow what happened), and a graceful SIGTERM: requests
 * in flight complete with 2xx and are durable, later ones are refused or answered 503 (never
 * half-written), and the process exits 0 within a few seconds. */
#include "harness.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static struct srv S;

/* ---- Prometheus text ---- */

/* Sum of the values of every sample `name` whose labels contain all of `need` (comma list of
 * k="v"); -1 if none. */
static double metric(const char *text, const char *name, const char *need)
{
	double sum = -1;
	size_t nl = strlen(name);
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > nl && !strncmp(line, name, nl) && (line[nl] == '{' || line[nl] == ' ')) {
			char buf[2048];
			snprintf(buf, sizeof buf, "%.*s", (int)len, line);
			bool ok = true;
			char needc[512];
			snprintf(needc, sizeof needc, "%s", need ? need : "");
			for (char *save, *tok = strtok_r(needc, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save))
				ok &= strstr(buf, tok) != NULL;
			const char *sp = strrchr(buf, ' ');
			if (ok && sp) {
				if (sum < 0)
					sum = 0;
				sum += strtod(sp + 1, NULL);
			}
		}
		line = end ? end + 1 : NULL;
	}
	return sum;
}

static char *get_metrics(void)
{
	struct resp *r = http(&S, "GET", "/metrics", NULL, NULL);
	return r->status == 200 ? r->body : (char *)"";
}

/* Every histogram series of `base`: buckets non-decreasing in le order as listed, +Inf ==
 * _count, _sum present. */
static bool histogram_ok(const char *text, const char *base, char *why, size_t whysz)
{
	char bucket[128], count[128], sumn[128];
	snprintf(bucket, sizeof bucket, "%s_bucket{", base);
	snprintf(count, sizeof count, "%s_count", base);
	snprintf(sumn, sizeof sumn, "%s_sum", base);
	if (!strstr(text, bucket) || !strstr(text, count) || !strstr(text, sumn)) {
		snprintf(why, whysz, "missing _bucket/_count/_sum");
		return false;
	}
	char type[160];
	snprintf(type, sizeof type, "# TYPE %s histogram", base);
	if (!strstr(text, type)) {
		snprintf(why, whysz, "no '%s'", type);
		return false;
	}
	/* walk bucket lines grouped by their labels without le */
	char prev_key[1024] = "";
	double prev = -1;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (!strncmp(line, bucket, strlen(bucket))) {
			char buf[1024];
			snprintf(buf, sizeof buf, "%.*s", (int)len, line);
			char *le = strstr(buf, "le=\"");
			if (!le) {
				snprintf(why, whysz, "bucket without le: %.400s", buf);
				return false;
			}
			char lev[64];
			sscanf(le + 4, "%63[^\"]", lev);
			char key[1024];
			snprintf(key, sizeof key, "%.*s%s", (int)(le - buf), buf,
			         strchr(le + 4, '"') + 1);
			char *sp = strrchr(key, ' ');
			if (sp)
				*sp = 0;
			double v = strtod(strrchr(buf, ' ') + 1, NULL);
			if (!strcmp(key, prev_key) && v < prev) {
				snprintf(why, whysz, "buckets decrease: %.400s", buf);
				return false;
			}
			if (!strcmp(lev, "+Inf")) {
				/* the matching _count: same labels */
				char labels[1024];
				const char *lb = strchr(key, '{');
				snprintf(labels, sizeof labels, "%s", lb ? lb : "");
				/* normalise "{a,b,}" / "{,}" leftovers of removing le */
				char clean[1024];
				size_t o = 0;
				for (size_t i = 0; labels[i] && o + 1 < sizeof clean; i++) {
					if (labels[i] == ',' &&
					    (labels[i + 1] == '}' || labels[i + 1] == ','))
						continue;
					if (labels[i] == ',' && i > 0 && labels[i - 1] == '{')
						continue;
					clean[o++] = labels[i];
				}
				clean[o] = 0;
				if (!strcmp(clean, "{}"))
					clean[0] = 0;
				char want[1200];
				snprintf(want, sizeof want, "%s%s ", count, clean);
				const char *c = strstr(text, want);
				if (!c && !clean[0]) { /* an empty label set may be written {} */
					snprintf(want, sizeof want, "%s{} ", count);
					c = strstr(text, want);
				}
				if (!c || strtod(c + strlen(want), NULL) != v) {
					snprintf(why, whysz, "+Inf bucket %g does not match %.400s",
					         v, want);
					return false;
				}
			}
			snprintf(prev_key, sizeof prev_key, "%s", key);
			prev = v;
		}
		line = end ? end + 1 : NULL;
	}
	return true;
}

static void test_health_metrics(void)
{
	struct resp *r = http(&S, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "GET /healthz answers 200");
	check(r->content_type && contains(r->content_type, "application/json"),
	      "healthz is JSON (%s)", r->content_type ? r->content_type : "none");
	check_str(jstr(r->json, "status"), "ok", "healthz says {\"status\":\"ok\"}");

	for (int i = 0; i < 7; i++)
		mk_ticket_simple(&S, NULL, P("metrics %d", i), "metrics@example.com", 0);
	struct resp *l = http(&S, "GET", "/api/v1/tickets?limit=2", S.token, NULL);
	for (int i = 0; i < 2; i++)
		http(&S, "PATCH", P("/api/v1/tickets/%lld", jint(l->json, P("tickets.%d.id", i))),
		     S.token, "{\"status\":\"open\"}");
	http(&S, "GET", "/api/v1/no-such-route", S.token, NULL);

	r = http(&S, "GET", "/metrics", NULL, NULL);
	check_status(r, 200, "GET /metrics answers 200");
	check(r->content_type && !strncmp(r->content_type, "text/plain", 10),
	      "metrics are text/plain (%s)", r->content_type ? r->content_type : "none");
	const char *m = r->body;
	check(metric(m, "exdesk_tickets", "status=\"new\"") == 5,
	      "exdesk_tickets{status=\"new\"} is 5 (got %g)",
	      metric(m, "exdesk_tickets", "status=\"new\""));
	check(metric(m, "exdesk_tickets", "status=\"open\"") == 2,
	      "exdesk_tickets{status=\"open\"} is 2 (got %g)",
	      metric(m, "exdesk_tickets", "status=\"open\""));
	check(strstr(m, "# TYPE exdesk_http_requests_total counter") != NULL,
	      "exdesk_http_requests_total is TYPE counter");
	check(strstr(m, "# TYPE exdesk_tickets gauge") != NULL, "exdesk_tickets is TYPE gauge");
	double posts =
	    metric(m, "exdesk_http_requests_total", "method=\"POST\",status=\"201\",route=\"");
	check(posts >= 7,
	      "exdesk_http_requests_total{route,method=\"POST\",status=\"201\"} counts the 7 "
	      "creations (%g)",
	      posts);
	check(metric(m, "exdesk_http_requests_total", "method=\"PATCH\",status=\"200\"") >= 2,
	      "PATCH 200 counted");
	check(metric(m, "exdesk_http_requests_total", "status=\"404\"") >= 1, "the 404 is counted");
	/* route is the pattern, not the raw path: no ticket id in any label */
	bool raw = false;
	for (const char *p = strstr(m, "route=\""); p; p = strstr(p + 1, "route=\"")) {
		const char *q = p + 7;
		const char *e = strchr(q, '"');
		for (const char *d = q; e && d + 1 < e; d++)
			if (*d == '/' && d[1] >= '0' && d[1] <= '9')
				raw = true;
	}
	check(!raw, "route labels are patterns, not raw paths with ids");
	char why[512] = "";
	checkd(histogram_ok(m, "exdesk_http_request_duration_seconds", why, sizeof why), why,
	       "exdesk_http_request_duration_seconds is a consistent histogram");
	why[0] = 0;
	checkd(histogram_ok(m, "exdesk_store_commit_duration_seconds", why, sizeof why), why,
	       "exdesk_store_commit_duration_seconds is a consistent histogram");
	check(metric(m, "exdesk_store_commit_duration_seconds_count", NULL) >= 1,
	      "commits were measured (%g)",
	      metric(m, "exdesk_store_commit_duration_seconds_count", NULL));
	why[0] = 0;
	checkd(histogram_ok(m, "exdesk_store_commit_batch_size", why, sizeof why), why,
	       "exdesk_store_commit_batch_size is a consistent histogram");
	double dc = metric(m, "exdesk_http_request_duration_seconds_count", NULL);
	check(dc >= 10, "the latency histogram counted the requests (%g)", dc);

	double before =
	    metric(m, "exdesk_http_requests_total", "route=\"/healthz\",status=\"200\"");
	for (int i = 0; i < 3; i++)
		http(&S, "GET", "/healthz", NULL, NULL);
	double after = metric(get_metrics(), "exdesk_http_requests_total",
	                      "route=\"/healthz\",status=\"200\"");
	check(before >= 1 && after >= before + 3,
	      "the healthz counter grows with each request (%g -> %g)", before, after);
	json_t *x = mk_ticket_simple(&S, NULL, "one more", "metrics@example.com", 0);
	(void)x;
	check(metric(get_metrics(), "exdesk_tickets", "status=\"new\"") == 6,
	      "exdesk_tickets{status=\"new\"} follows a new ticket (6)");
}

/* ---- SIGTERM ---- */
struct slow {
	long long id;
	long status;
	int curl_err;
	char desc[300];
};

static void *slow_upload(void *p)
{
	struct slow *s = p;
	static const size_t n = 60000;
	char *body = malloc(n + 200);
	int k =
	    sprintf(body, "{\"subject\":\"in "
	                  "flight\",\"requester\":{\"email\":\"slow@example.com\"},\"body\":\"");
	memset(body + k, 'x', n);
	sprintf(body + k + n, "\"}");
	struct req rq = {.method = "POST",
	                 .path = "/api/v1/tickets",
	                 .token = S.token,
	                 .body = body,
	                 .max_send_speed = 40000,
	                 .timeout_ms = 20000,
	                 .untracked = true};
	struct resp *r = http_req(&S, &rq);
	s->status = r->status;
	s->curl_err = r->curl_err;
	s->id = jint(r->json, "ticket.id");
	snprintf(s->desc, sizeof s->desc, "%s", rdesc(r));
	resp_free(r);
	free(body);
	http_thread_done();
	return NULL;
}

static _Atomic double term_at;
static int hammer_stop;
struct tally {
	long ok, unavailable, refused, bad, late_200;
	char bad_example[300];
};

static void *hammer(void *p)
{
	struct tally *t = p;
	for (int i = 0; !__atomic_load_n(&hammer_stop, __ATOMIC_RELAXED); i++) {
		bool post = i % 2;
		double started = now_s();
		struct req rq = {.method = post ? "POST" : "GET",
		                 .path = post ? "/api/v1/tickets" : "/healthz",
		                 .token = post ? S.token : NULL,
		                 .body = post ? "{\"subject\":\"hammer\",\"body\":\"b\","
		                                "\"requester\":{\"email\":\"h@example.com\"}}"
		                              : NULL,
		                 .timeout_ms = 10000,
		                 .untracked = true};
		struct resp *r = http_req(&S, &rq);
		if (r->status == 0) {
			t->refused++;
			sleep_s(0.005);
		} else if (r->curl_err != 0) {
			t->bad++;
			snprintf(t->bad_example, sizeof t->bad_example,
			         "half-written: %s (curl %d)", rdesc(r), r->curl_err);
		} else if (r->status == 503) {
			if (!error_shape_ok(r) || strcmp(err_code(r) ?: "", "unavailable")) {
				t->bad++;
				snprintf(t->bad_example, sizeof t->bad_example,
				         "503 without error unavailable: %s", rdesc(r));
			} else {
				t->unavailable++;
			}
		} else if (r->status >= 200 && r->status < 300 && r->json) {
			t->ok++;
			double ta = term_at;
			if (!post && ta > 0 && started > ta + 0.3)
				t->late_200++;
		} else {
			t->bad++;
			snprintf(t->bad_example, sizeof t->bad_example, "%s", rdesc(r));
		}
		resp_free(r);
	}
	http_thread_done();
	return NULL;
}

static void test_sigterm(void)
{
	/* idle */
	double t0 = now_s();
	srv_signal(&S, SIGTERM);
	int st = srv_wait(&S, 10);
	double took = now_s() - t0;
	check(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "an idle server exits 0 on SIGTERM (status %d)", st);
	check(st != -1 && took < 3, "an idle server exits within 3 s of SIGTERM (%.2f s)", took);
	if (srv_spawn(&S) != 0) {
		check(false, "the server restarts after a clean stop");
		return;
	}

	/* busy */
	struct slow slows[4];
	pthread_t sth[4], hth[2];
	struct tally tallies[2];
	memset(slows, 0, sizeof slows);
	memset(tallies, 0, sizeof tallies);
	term_at = 0;
	hammer_stop = 0;
	for (int i = 0; i < 4; i++)
		pthread_create(&sth[i], NULL, slow_upload, &slows[i]);
	sleep_s(0.6);
	for (int i = 0; i < 2; i++)
		pthread_create(&hth[i], NULL, hammer, &tallies[i]);
	sleep_s(0.1);
	t0 = now_s();
	term_at = t0;
	srv_signal(&S, SIGTERM);
	for (int i = 0; i < 4; i++)
		pthread_join(sth[i], NULL);
	st = srv_wait(&S, 15);
	took = now_s() - t0;
	__atomic_store_n(&hammer_stop, 1, __ATOMIC_RELAXED);
	for (int i = 0; i < 2; i++)
		pthread_join(hth[i], NULL);
	int ok = 0;
	for (int i = 0; i < 4; i++) {
		ok += slows[i].status == 201 && slows[i].id > 0;
		if (slows[i].status != 201)
			note("in-flight upload %d: %s (curl %d)", i, slows[i].desc,
			     slows[i].curl_err);
	}
	check(ok == 4, "4 uploads in flight at SIGTERM all complete with 201 (%d)", ok);
	check(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "after draining, the server exits 0 (status %d)", st);
	check(st != -1 && took < 8, "and within a few seconds of SIGTERM (%.2f s)", took);
	long good = 0, unav = 0, refused = 0, bad = 0, late = 0;
	const char *ex = "";
	for (int i = 0; i < 2; i++) {
		good += tallies[i].ok;
		unav += tallies[i].unavailable;
		refused += tallies[i].refused;
		bad += tallies[i].bad;
		late += tallies[i].late_200;
		if (tallies[i].bad_example[0])
			ex = P("%s", tallies[i].bad_example);
	}
	note("requests around shutdown: %ld 2xx, %ld 503, %ld refused, %ld bad", good, unav,
	     refused, bad);
	checkd(bad == 0, ex,
	       "requests during shutdown are answered whole (2xx or 503 unavailable) or refused, "
	       "never half-written");
	check(late == 0, "no /healthz 200 more than 0.3 s after SIGTERM (%ld)", late);

	/* what was acknowledged is there */
	if (srv_spawn(&S) != 0) {
		check(false, "the server restarts after the busy stop");
		return;
	}
	int present = 0;
	for (int i = 0; i < 4; i++)
		if (slows[i].id > 0) {
			struct resp *r =
			    http(&S, "GET", P("/api/v1/tickets/%lld", slows[i].id), S.token, NULL);
			present += r->status == 200 &&
			           !strcmp(jstr(r->json, "ticket.subject") ?: "", "in flight");
		}
	if (ok > 0)
		check(present == ok, "the in-flight tickets are stored (%d of %d)", present, ok);
	struct resp *r = http(&S, "GET", "/api/v1/audit/verify", S.token, NULL);
	check(r->status == 200 && json_is_true(jget(r->json, "ok")),
	      "the audit chain verifies after the graceful stop");
}

int main(void)
{
	h_init(180);
	srv_start(&S);
	test_health_metrics();
	test_sigterm();
	return h_finish();
}
