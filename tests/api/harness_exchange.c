/* harness_exchange.c — see harness_exchange.h. Test-only code: the demo exchange is started
 * as a separate process from the command line and talked to over HTTP only. */
#include "harness_exchange.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the process ---- */

#define MAX_XSRV 4
static struct srv *xsrvs[MAX_XSRV];
static int n_xsrvs;
static bool atexit_set;

static void xsrv_cleanup(void)
{
	for (int i = 0; i < n_xsrvs; i++) {
		struct srv *s = xsrvs[i];
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
		}
		if (s->dir[0] && !getenv("EXDESK_KEEP_DATA") && !strncmp(s->dir, "/tmp/", 5)) {
			char cmd[300];
			snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
			if (system(cmd) != 0) {
			}
		}
	}
	n_xsrvs = 0;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	int port = 0;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &l) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

static int spawn(struct srv *s, const char *webhook_url, bool keep_port)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		if (!keep_port || attempt > 0 || !s->port)
			s->port = free_port();
		snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
		char listen[64], secrets[300];
		snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
		snprintf(secrets, sizeof secrets, "%s/secrets", s->dir);
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
			int nul = open("/dev/null", O_RDONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			if (nul >= 0)
				dup2(nul, 0);
			const char *argv[16] = {s->bin,          "demo-exchange", "--data",
			                        s->dir,          "--listen",      listen,
			                        "--secret-file", secrets};
			int n = 8;
			if (webhook_url) {
				argv[n++] = "--webhook";
				argv[n++] = webhook_url;
			}
			argv[n] = NULL;
			execv(s->bin, (char *const *)argv);
			_exit(127);
		}
		s->pid = pid;
		double end = now_s() + 15;
		while (now_s() < end) {
			int st;
			if (waitpid(pid, &st, WNOHANG) == pid) {
				s->pid = 0;
				break;
			}
			struct req rq = {.method = "GET",
			                 .path = "/healthz",
			                 .timeout_ms = 2000,
			                 .untracked = true};
			struct resp *r = http_req(s, &rq);
			long status = r->status;
			resp_free(r);
			if (status == 200)
				return 0;
			sleep_s(0.05);
		}
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
			return -1;
		}
	}
	return -1;
}

void xsrv_start(struct srv *s, const char *webhook_url)
{
	memset(s, 0, sizeof *s);
	const char *b = getenv("EXDESK_BIN");
	char *rp = realpath(b && *b ? b : "build/exdesk", NULL);
	snprintf(s->bin, sizeof s->bin, "%s", rp ? rp : "build/exdesk");
	free(rp);
	snprintf(s->dir, sizeof s->dir, "/tmp/exdesk-exchange.XXXXXX");
	if (!mkdtemp(s->dir)) {
		check(false, "mkdtemp for the demo exchange");
		exit(h_finish());
	}
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	if (!atexit_set) {
		atexit(xsrv_cleanup);
		atexit_set = true;
	}
	if (n_xsrvs < MAX_XSRV)
		xsrvs[n_xsrvs++] = s;
	char path[300];
	snprintf(path, sizeof path, "%s/secrets", s->dir);
	FILE *f = fopen(path, "w");
	if (!f) {
		check(false, "write the secret file");
		exit(h_finish());
	}
	fprintf(f, "# test keys\napi_key=%s\napi_secret=%s\nwebhook_key=%s\nwebhook_secret=%s\n",
	        XS_KEY, XS_SECRET, XS_WEBHOOK_KEY, XS_WEBHOOK_SECRET);
	fclose(f);
	chmod(path, 0600);
	char link[300];
	snprintf(link, sizeof link, "%s/exdesk.db", s->dir);
	if (symlink("exchange.db", link) != 0) {
		check(false, "link DIR/exdesk.db to the exchange database");
		exit(h_finish());
	}
	if (spawn(s, webhook_url, false) != 0) {
		check(false, "exdesk demo-exchange answers GET /healthz 200 within 15 s");
		srv_dump_log(s, 30);
		exit(h_finish());
	}
}

int xsrv_restart(struct srv *s, const char *webhook_url)
{
	return spawn(s, webhook_url, false);
}

int xsrv_restart_same_port(struct srv *s, const char *webhook_url)
{
	srv_stop(s);
	for (int i = 0; i < 40; i++) { /* the old listener may linger a moment */
		if (spawn(s, webhook_url, true) == 0)
			return 0;
		sleep_s(0.1);
	}
	return -1;
}

void xdesk_start(struct srv *desk, struct srv *x, const char *const *more_args)
{
	xsrv_start(x, NULL);
	static char secrets[300];
	snprintf(secrets, sizeof secrets, "%s/secrets", x->dir);
	memset(desk->extra_args, 0, sizeof desk->extra_args);
	size_t n = 0;
	desk->extra_args[n++] = "--exchange";
	desk->extra_args[n++] = x->base;
	desk->extra_args[n++] = "--exchange-secrets";
	desk->extra_args[n++] = secrets;
	for (size_t i = 0; more_args && more_args[i] && n < 11; i++)
		desk->extra_args[n++] = more_args[i];
	srv_start(desk);
	static char hook[200];
	snprintf(hook, sizeof hook, "%s/api/v1/exchange/webhook", desk->base);
	if (xsrv_restart_same_port(x, hook) != 0 || strcmp(desk->extra_args[1], x->base) != 0) {
		check(false, "the demo exchange restarted on its port with the desk's webhook");
		exit(h_finish());
	}
}

/* ---- signing ---- */

void xsign_compute(const char *secret, const char *method, const char *target, const char *key,
                   long long ts, const char *nonce, const char *body, size_t body_len, char out[65])
{
	char bh[65];
	sha256_hex(body ? body : "", body ? body_len : 0, bh);
	size_t cap = strlen(method) + strlen(target) + strlen(key) + strlen(nonce) + 200;
	char *canon = malloc(cap);
	if (!canon)
		abort();
	int n = snprintf(canon, cap, "EXDESK1-HMAC-SHA256\n%s\n%s\n%s\n%lld\n%s\n%s", method,
	                 target, key, ts, nonce, bh);
	hmac_sha256_hex(secret, strlen(secret), canon, (size_t)n, out);
	free(canon);
}

static void random_nonce(char out[33])
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	for (int i = 0; i < 32; i++)
		out[i] = a[rand() & 63];
	out[32] = 0;
	/* A counter too: two requests in one test never share a nonce by chance. */
	static unsigned counter;
	snprintf(out + 24, 9, "%08x", ++counter);
}

struct resp *xreq_ex(struct srv *s, struct xsign *o)
{
	const char *method = o->method ? o->method : "GET";
	size_t blen = o->body ? (o->body_len ? o->body_len : strlen(o->body)) : 0;
	const char *sbody = o->sign_body ? o->sign_body : o->body;
	size_t sblen = o->sign_body ? strlen(o->sign_body) : blen;
	long long ts = (long long)time(NULL) + o->ts_offset;
	char nonce[40];
	if (o->nonce)
		snprintf(nonce, sizeof nonce, "%s", o->nonce);
	else
		random_nonce(nonce);
	snprintf(o->nonce_out, sizeof o->nonce_out, "%s", nonce);
	const char *key = o->key ? o->key : XS_KEY;
	char sig[65];
	xsign_compute(o->secret ? o->secret : XS_SECRET, o->sign_method ? o->sign_method : method,
	              o->sign_target ? o->sign_target : o->target, key, ts, nonce, sbody, sblen,
	              sig);
	static __thread char hk[8][300];
	struct req rq = {.method = method,
	                 .path = o->target,
	                 .body = o->body,
	                 .body_len = blen,
	                 .content_type = o->content_type,
	                 .untracked = false};
	int n = 0;
	if (!o->omit_key) {
		snprintf(hk[n], sizeof hk[n], "X-Exdesk-Key: %s", key);
		rq.headers[n] = hk[n];
		n++;
	}
	if (!o->omit_ts) {
		snprintf(hk[n], sizeof hk[n], "X-Exdesk-Timestamp: %lld", ts);
		rq.headers[n] = hk[n];
		n++;
	}
	if (!o->omit_nonce) {
		snprintf(hk[n], sizeof hk[n], "X-Exdesk-Nonce: %s", nonce);
		rq.headers[n] = hk[n];
		n++;
	}
	if (!o->omit_sig) {
		snprintf(hk[n], sizeof hk[n], "X-Exdesk-Signature: %s",
		         o->signature ? o->signature : sig);
		rq.headers[n] = hk[n];
		n++;
	}
	return http_req(s, &rq);
}

struct resp *xget(struct srv *s, const char *target)
{
	struct xsign o = {.method = "GET", .target = target};
	return xreq_ex(s, &o);
}

struct resp *xpost(struct srv *s, const char *target, const char *json_body)
{
	struct xsign o = {.method = "POST", .target = target, .body = json_body};
	return xreq_ex(s, &o);
}

/* ---- webhook sink ---- */

struct sink {
	int fd, port;
	char url[128];
	int fail_first, seen;
	pthread_t th;
	pthread_mutex_t mu;
	bool stop;
	struct sink_item items[SINK_MAX];
	int n;
};

static void header_value(const char *hdrs, const char *name, char *out, size_t cap)
{
	out[0] = 0;
	size_t nl = strlen(name);
	for (const char *line = hdrs; line && *line;) {
		const char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > nl && !strncasecmp(line, name, nl) && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, cap, "%.*s", (int)(line + len - v), v);
			return;
		}
		line = end ? end + 2 : NULL;
	}
}

static void serve_one(struct sink *k, int c)
{
	struct h_buf in = {0};
	char buf[8192];
	double end = now_s() + 5;
	char *hdr_end = NULL;
	long clen = -1;
	while (now_s() < end) {
		struct pollfd p = {.fd = c, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t r = recv(c, buf, sizeof buf, 0);
		if (r <= 0)
			break;
		h_buf_add(&in, buf, (size_t)r);
		if (!hdr_end && (hdr_end = strstr(in.p, "\r\n\r\n"))) {
			char cl[32];
			header_value(in.p, "Content-Length", cl, sizeof cl);
			clen = cl[0] ? atol(cl) : 0;
		}
		if (hdr_end && (long)(in.n - (size_t)(hdr_end + 4 - in.p)) >= clen)
			break;
	}
	if (!hdr_end) {
		free(in.p);
		return;
	}
	pthread_mutex_lock(&k->mu);
	int status = k->seen++ < k->fail_first ? 500 : 200;
	if (k->n < SINK_MAX) {
		struct sink_item *it = &k->items[k->n++];
		memset(it, 0, sizeof *it);
		sscanf(in.p, "POST %511s HTTP/1.", it->target);
		header_value(in.p, "X-Exdesk-Key", it->key, sizeof it->key);
		header_value(in.p, "X-Exdesk-Timestamp", it->ts, sizeof it->ts);
		header_value(in.p, "X-Exdesk-Nonce", it->nonce, sizeof it->nonce);
		header_value(in.p, "X-Exdesk-Signature", it->sig, sizeof it->sig);
		header_value(in.p, "X-Exdesk-Event", it->event, sizeof it->event);
		header_value(in.p, "X-Exdesk-Event-Id", it->event_id, sizeof it->event_id);
		const char *body = hdr_end + 4;
		it->body_len = in.n - (size_t)(body - in.p);
		it->body = malloc(it->body_len + 1);
		memcpy(it->body, body, it->body_len);
		it->body[it->body_len] = 0;
		it->json = json_loadb(it->body, it->body_len, 0, NULL);
		it->answered = status;
		it->at = now_s();
	}
	pthread_mutex_unlock(&k->mu);
	const char *resp = status == 200
	                       ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"
	                         "Connection: close\r\n\r\n"
	                       : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
	                         "Connection: close\r\n\r\n";
	if (send(c, resp, strlen(resp), MSG_NOSIGNAL) < 0) {
	}
	free(in.p);
}

static void *sink_main(void *arg)
{
	struct sink *k = arg;
	while (!k->stop) {
		struct pollfd p = {.fd = k->fd, .events = POLLIN};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int c = accept(k->fd, NULL, NULL);
		if (c < 0)
			continue;
		serve_one(k, c);
		close(c);
	}
	return NULL;
}

struct sink *sink_start(int fail_first)
{
	struct sink *k = calloc(1, sizeof *k);
	if (!k)
		abort();
	pthread_mutex_init(&k->mu, NULL);
	k->fail_first = fail_first;
	k->fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	int one = 1;
	setsockopt(k->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(k->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(k->fd, 16) != 0 ||
	    getsockname(k->fd, (struct sockaddr *)&a, &l) != 0) {
		check(false, "webhook sink listens");
		exit(h_finish());
	}
	k->port = ntohs(a.sin_port);
	snprintf(k->url, sizeof k->url, "http://127.0.0.1:%d/hooks/exchange?v=1", k->port);
	pthread_create(&k->th, NULL, sink_main, k);
	return k;
}

const char *sink_url(struct sink *k)
{
	return k->url;
}

int sink_count(struct sink *k)
{
	pthread_mutex_lock(&k->mu);
	int n = k->n;
	pthread_mutex_unlock(&k->mu);
	return n;
}

bool sink_item(struct sink *k, int i, struct sink_item *out)
{
	pthread_mutex_lock(&k->mu);
	bool ok = i >= 0 && i < k->n;
	if (ok)
		*out = k->items[i];
	pthread_mutex_unlock(&k->mu);
	return ok;
}

bool sink_wait(struct sink *k, int n, double timeout_s)
{
	double end = now_s() + timeout_s;
	for (;;) {
		pthread_mutex_lock(&k->mu);
		int ok = 0;
		for (int i = 0; i < k->n; i++)
			ok += k->items[i].answered == 200;
		pthread_mutex_unlock(&k->mu);
		if (ok >= n)
			return true;
		if (now_s() > end)
			return false;
		sleep_s(0.05);
	}
}

void sink_stop(struct sink *k)
{
	k->stop = true;
	pthread_join(k->th, NULL);
	close(k->fd);
	for (int i = 0; i < k->n; i++) {
		free(k->items[i].body);
		json_decref(k->items[i].json);
	}
	pthread_mutex_destroy(&k->mu);
	free(k);
}
