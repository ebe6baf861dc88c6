/* harness.c — see harness.h. The SSE reader is in harness_sse.c, the widget helpers and HMAC in
 * harness_widget.c. Test-only code: it talks to the real binary and reads the real
 * database file; nothing here is shared with src/. */
#include "harness.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
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

int h_passed, h_failed;
static pthread_mutex_t out_mu = PTHREAD_MUTEX_INITIALIZER;
static char g_bin[1024];

/* Servers and dirs to clean up (also from the watchdog). */
#define MAX_SRV 8
static struct srv *g_srv[MAX_SRV];
static int g_nsrv;

/* Everything to free at the end. */
static pthread_mutex_t keep_mu = PTHREAD_MUTEX_INITIALIZER;
static struct resp *g_resps;
static void **g_keep;
static size_t g_nkeep, g_capkeep;
static json_t **g_jkeep;
static size_t g_njkeep, g_capjkeep;

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	return p;
}

char *h_xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xmalloc(n + 1);
	memcpy(p, s, n + 1);
	return p;
}

static void *keep(void *p)
{
	pthread_mutex_lock(&keep_mu);
	if (g_nkeep == g_capkeep) {
		g_capkeep = g_capkeep ? g_capkeep * 2 : 64;
		void **n = realloc(g_keep, g_capkeep * sizeof *n);
		if (!n)
			abort();
		g_keep = n;
	}
	g_keep[g_nkeep++] = p;
	pthread_mutex_unlock(&keep_mu);
	return p;
}

json_t *jkeep(json_t *j)
{
	if (!j)
		return NULL;
	pthread_mutex_lock(&keep_mu);
	if (g_njkeep == g_capjkeep) {
		g_capjkeep = g_capjkeep ? g_capjkeep * 2 : 64;
		json_t **n = realloc(g_jkeep, g_capjkeep * sizeof *n);
		if (!n)
			abort();
		g_jkeep = n;
	}
	g_jkeep[g_njkeep++] = j;
	pthread_mutex_unlock(&keep_mu);
	return j;
}

/* ---- output -------------------------------------------------------------------------------- */

static void emit(bool ok, const char *detail, const char *fmt, va_list ap)
{
	char what[2048];
	vsnprintf(what, sizeof what, fmt, ap);
	/* One line per check: no newlines inside. */
	for (char *p = what; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	pthread_mutex_lock(&out_mu);
	if (ok) {
		h_passed++;
		printf("ok - %s\n", what);
	} else {
		h_failed++;
		if (detail && *detail) {
			char d[1200];
			snprintf(d, sizeof d, "%s", detail);
			for (char *p = d; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
			printf("not ok - %s (%s)\n", what, d);
		} else {
			printf("not ok - %s\n", what);
		}
	}
	fflush(stdout);
	pthread_mutex_unlock(&out_mu);
}

bool check(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

bool checkd(bool cond, const char *detail, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(cond, detail, fmt, ap);
	va_end(ap);
	return cond;
}

bool check_str(const char *got, const char *want, const char *fmt, ...)
{
	bool ok = got && want && strcmp(got, want) == 0;
	char d[1100];
	snprintf(d, sizeof d, "got %s%.400s%s, want \"%.400s\"", got ? "\"" : "",
	         got ? got : "null", got ? "\"" : "", want ? want : "(null)");
	va_list ap;
	va_start(ap, fmt);
	emit(ok, d, fmt, ap);
	va_end(ap);
	return ok;
}

bool check_int(long long got, long long want, const char *fmt, ...)
{
	char d[128];
	snprintf(d, sizeof d, "got %lld, want %lld", got, want);
	va_list ap;
	va_start(ap, fmt);
	emit(got == want, d, fmt, ap);
	va_end(ap);
	return got == want;
}

void note(const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&out_mu);
	printf("# %s\n", buf);
	fflush(stdout);
	pthread_mutex_unlock(&out_mu);
}

/* ---- cleanup ------------------------------------------------------------------------------- */

static void rm_rf(const char *dir)
{
	if (!dir[0] || strncmp(dir, "/tmp/", 5) != 0)
		return;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[PATH_MAX];
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				rm_rf(p);
			else
				unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* The watchdog, and abort/interrupt: kill the servers, remove their dirs, fail. */
static void watchdog(int sig)
{
	static const char msg[] =
	    "not ok - test program finished within its time limit (watchdog)\n";
	static const char msg2[] = "not ok - test program ended by a signal\n";
	if (sig == SIGALRM) {
		if (write(1, msg, sizeof msg - 1) < 0) {
		}
	} else if (write(1, msg2, sizeof msg2 - 1) < 0) {
	}
	for (int i = 0; i < g_nsrv; i++)
		if (g_srv[i] && g_srv[i]->pid > 0)
			kill(g_srv[i]->pid, SIGKILL);
	for (int i = 0; i < g_nsrv; i++)
		if (g_srv[i] && g_srv[i]->dir[0]) {
			pid_t p = fork();
			if (p == 0) {
				execl("/bin/rm", "rm", "-rf", g_srv[i]->dir, (char *)NULL);
				_exit(127);
			}
			if (p > 0)
				waitpid(p, NULL, 0);
		}
	_exit(1);
}

static void cleanup_servers(void)
{
	for (int i = 0; i < g_nsrv; i++) {
		struct srv *s = g_srv[i];
		if (!s)
			continue;
		if (s->pid > 0) {
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
		}
		if (s->dir[0] && !getenv("EXDESK_KEEP_DATA"))
			rm_rf(s->dir);
		else if (s->dir[0])
			note("kept data dir %s", s->dir);
		s->dir[0] = 0;
		g_srv[i] = NULL;
	}
	g_nsrv = 0;
}

static void free_all(void)
{
	while (g_resps)
		resp_free(g_resps);
	for (size_t i = 0; i < g_nkeep; i++)
		free(g_keep[i]);
	free(g_keep);
	g_keep = NULL;
	g_nkeep = g_capkeep = 0;
	for (size_t i = 0; i < g_njkeep; i++)
		json_decref(g_jkeep[i]);
	free(g_jkeep);
	g_jkeep = NULL;
	g_njkeep = g_capjkeep = 0;
}

static void bail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void bail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(false, NULL, fmt, ap);
	va_end(ap);
	for (int i = 0; i < g_nsrv; i++)
		if (g_srv[i])
			srv_dump_log(g_srv[i], 30);
	exit(h_finish());
}

void h_init(int watchdog_s)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const char *b = getenv("EXDESK_BIN");
	if (!b || !*b)
		b = "build/exdesk";
	char *rp = realpath(b, NULL);
	snprintf(g_bin, sizeof g_bin, "%s", rp ? rp : b);
	free(rp);
	if (access(g_bin, X_OK) != 0) {
		printf("not ok - EXDESK_BIN %s is executable\n", g_bin);
		exit(1);
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watchdog;
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	alarm((unsigned)watchdog_s);
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	srand(seed);
}

int h_finish(void)
{
	alarm(0);
	h_sse_shutdown();
	cleanup_servers();
	http_thread_done();
	free_all();
	curl_global_cleanup();
	printf("# %d passed, %d failed\n", h_passed, h_failed);
	fflush(stdout);
	return h_failed ? 1 : 0;
}

/* ---- processes ----------------------------------------------------------------------------- */

static char *read_fd_all(int fd)
{
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (!nb)
				abort();
			buf = nb;
		}
		ssize_t k = read(fd, buf + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		n += (size_t)k;
	}
	buf[n] = 0;
	return buf;
}

int run_cmd(const char *stdin_text, char **out, char **err, const char *bin, ...)
{
	const char *argv[32];
	int argc = 0;
	argv[argc++] = bin;
	va_list ap;
	va_start(ap, bin);
	const char *a;
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;

	char outpath[] = "/tmp/exdesk-t-out.XXXXXX", errpath[] = "/tmp/exdesk-t-err.XXXXXX";
	int ofd = mkstemp(outpath), efd = mkstemp(errpath);
	int in[2];
	if (ofd < 0 || efd < 0 || pipe(in) != 0)
		return -1;
	unlink(outpath);
	unlink(errpath);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		close(in[0]);
		close(in[1]);
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	if (stdin_text) {
		size_t len = strlen(stdin_text), off = 0;
		while (off < len) {
			ssize_t k = write(in[1], stdin_text + off, len - off);
			if (k <= 0)
				break;
			off += (size_t)k;
		}
	}
	close(in[1]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
	}
	lseek(ofd, 0, SEEK_SET);
	lseek(efd, 0, SEEK_SET);
	char *o = read_fd_all(ofd), *e = read_fd_all(efd);
	close(ofd);
	close(efd);
	if (out)
		*out = keep(o);
	else
		free(o);
	if (err)
		*err = keep(e);
	else
		free(e);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = 0;
}

static int free_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	socklen_t l = sizeof a;
	int port = 0;
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &l) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

void srv_dump_log(struct srv *s, int lines)
{
	FILE *f = fopen(s->log, "r");
	if (!f)
		return;
	char *all = read_fd_all(fileno(f));
	fclose(f);
	size_t n = strlen(all);
	int seen = 0;
	size_t i = n;
	while (i > 0 && seen <= lines) {
		i--;
		if (all[i] == '\n')
			seen++;
	}
	char *start = all + i;
	char *line = strtok(start, "\n");
	while (line) {
		note("server log: %.300s", line);
		line = strtok(NULL, "\n");
	}
	free(all);
}

void srv_signal(struct srv *s, int sig)
{
	if (s->pid > 0)
		kill(s->pid, sig);
}

int srv_wait(struct srv *s, double timeout_s)
{
	if (s->pid <= 0)
		return -1;
	double end = now_s() + timeout_s;
	for (;;) {
		int st;
		pid_t p = waitpid(s->pid, &st, WNOHANG);
		if (p == s->pid) {
			s->pid = 0;
			return st;
		}
		if (now_s() > end)
			return -1;
		sleep_s(0.01);
	}
}

void srv_stop(struct srv *s)
{
	if (s->pid <= 0)
		return;
	kill(s->pid, SIGTERM);
	if (srv_wait(s, 15) == -1) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
}

int srv_spawn(struct srv *s)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		s->port = free_port();
		snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
		char listen[64];
		snprintf(listen, sizeof listen, "127.0.0.1:%d", s->port);
		pid_t pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			/* if the test dies without cleaning up, the server dies with it */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
			int nul = open("/dev/null", O_RDONLY);
			if (fd >= 0) {
				dup2(fd, 1);
				dup2(fd, 2);
			}
			if (nul >= 0)
				dup2(nul, 0);
			const char *argv[32] = {s->bin, "serve", "--data", s->dir, "--listen", listen};
			size_t n = 6;
			for (size_t i = 0; i < 12 && s->extra_args[i]; i++)
				argv[n++] = s->extra_args[i];
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
		if (s->pid > 0) { /* never became healthy */
			kill(s->pid, SIGKILL);
			waitpid(s->pid, NULL, 0);
			s->pid = 0;
			return -1;
		}
		/* exited: maybe the port was taken in between; try another */
	}
	return -1;
}

void srv_start(struct srv *s)
{
	const char *extra[12];
	memcpy(extra, s->extra_args, sizeof extra); /* the one field a caller sets first */
	memset(s, 0, sizeof *s);
	memcpy(s->extra_args, extra, sizeof extra);
	snprintf(s->bin, sizeof s->bin, "%s", g_bin);
	snprintf(s->dir, sizeof s->dir, "/tmp/exdesk-api.XXXXXX");
	if (!mkdtemp(s->dir)) {
		s->dir[0] = 0;
		bail("mkdtemp for the data dir");
	}
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	if (g_nsrv < MAX_SRV)
		g_srv[g_nsrv++] = s;
	char *out, *err;
	int rc = run_cmd(NULL, &out, &err, s->bin, "migrate", "--data", s->dir, (char *)NULL);
	if (rc != 0)
		bail("exdesk migrate exits 0 (got %d: %.300s)", rc, err);
	rc = run_cmd(ADMIN_PASSWORD "\n", &out, &err, s->bin, "user", "add", "--data", s->dir,
	             "--email", ADMIN_EMAIL, "--name", "Admin", "--role", "admin",
	             "--password-stdin", (char *)NULL);
	if (rc != 0)
		bail("exdesk user add (admin) exits 0 (got %d: %.300s)", rc, err);
	chomp(out);
	s->admin_id = strtoll(out, NULL, 10);
	rc = run_cmd(NULL, &out, &err, s->bin, "token", "create", "--data", s->dir, "--email",
	             ADMIN_EMAIL, (char *)NULL);
	if (rc != 0)
		bail("exdesk token create exits 0 (got %d: %.300s)", rc, err);
	chomp(out);
	if (!out[0] || strchr(out, '\n') || strchr(out, ' '))
		bail("exdesk token create prints one token (got \"%.200s\")", out);
	snprintf(s->token, sizeof s->token, "%s", out);
	if (srv_spawn(s) != 0)
		bail("exdesk serve answers GET /healthz 200 within 15 s");
	if (s->admin_id <= 0) {
		struct resp *r = http(s, "GET", "/api/v1/auth/me", s->token, NULL);
		s->admin_id = jint(r->json, "agent.id");
	}
}

/* ---- HTTP ---------------------------------------------------------------------------------- */

void h_buf_add(struct h_buf *b, const char *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->n + n + 1 > cap)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np)
			abort();
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = 0;
}

static size_t on_body(char *p, size_t sz, size_t nm, void *ud)
{
	h_buf_add(ud, p, sz * nm);
	return sz * nm;
}

static size_t on_header(char *p, size_t sz, size_t nm, void *ud)
{
	struct h_buf *b = ud;
	size_t n = sz * nm;
	if (n >= 5 && !strncmp(p, "HTTP/", 5))
		b->n = 0; /* a new response (after 100 Continue) */
	h_buf_add(b, p, n);
	return n;
}

char *h_header_values(const char *headers, const char *name)
{
	struct h_buf out = {0};
	size_t nl = strlen(name);
	const char *line = headers;
	while (line && *line) {
		const char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > nl && !strncasecmp(line, name, nl) && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (out.n)
				h_buf_add(&out, "\n", 1);
			h_buf_add(&out, v, (size_t)(line + len - v));
		}
		line = end ? end + 2 : NULL;
	}
	return out.p;
}

static __thread CURL *tl_curl;

void http_thread_done(void)
{
	if (tl_curl) {
		curl_easy_cleanup(tl_curl);
		tl_curl = NULL;
	}
}

struct resp *http_req(struct srv *s, const struct req *rq)
{
	struct resp *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	if (!tl_curl)
		tl_curl = curl_easy_init();
	CURL *c = tl_curl;
	curl_easy_reset(c);
	char url[16384];
	snprintf(url, sizeof url, "%s%s", s->base, rq->path);
	struct curl_slist *h = NULL;
	char line[8192];
	if (rq->token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", rq->token);
		h = curl_slist_append(h, line);
	} else if (rq->auth_header) {
		snprintf(line, sizeof line, "Authorization: %s", rq->auth_header);
		h = curl_slist_append(h, line);
	}
	if (rq->cookie) {
		snprintf(line, sizeof line, "Cookie: %s", rq->cookie);
		h = curl_slist_append(h, line);
	}
	if (rq->csrf) {
		snprintf(line, sizeof line, "X-CSRF-Token: %s", rq->csrf);
		h = curl_slist_append(h, line);
	}
	if (rq->body) {
		const char *ct = rq->content_type ? rq->content_type : "application/json";
		if (*ct)
			snprintf(line, sizeof line, "Content-Type: %s", ct);
		else
			snprintf(line, sizeof line, "Content-Type:");
		h = curl_slist_append(h, line);
		h = curl_slist_append(h, "Expect:");
	}
	for (int i = 0; i < 8 && rq->headers[i]; i++)
		h = curl_slist_append(h, rq->headers[i]);
	struct h_buf body = {0}, hdr = {0};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	if (!strcmp(rq->method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	if (rq->body) {
		size_t len = rq->body_len ? rq->body_len : strlen(rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		if (strcmp(rq->method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &hdr);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms ? rq->timeout_ms : 30000L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (rq->max_send_speed)
		curl_easy_setopt(c, CURLOPT_MAX_SEND_SPEED_LARGE, (curl_off_t)rq->max_send_speed);
	r->curl_err = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
	curl_slist_free_all(h);
	r->body = body.p ? body.p : h_xstrdup("");
	r->len = body.n;
	r->headers = hdr.p ? hdr.p : h_xstrdup("");
	r->content_type = h_header_values(r->headers, "Content-Type");
	r->retry_after = h_header_values(r->headers, "Retry-After");
	r->allow = h_header_values(r->headers, "Allow");
	r->set_cookie = h_header_values(r->headers, "Set-Cookie");
	if (r->len) {
		json_error_t je;
		r->json = json_loadb(r->body, r->len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	}
	if (!rq->untracked) {
		pthread_mutex_lock(&keep_mu);
		r->prev = NULL;
		r->next = g_resps;
		if (g_resps)
			g_resps->prev = r;
		g_resps = r;
		pthread_mutex_unlock(&keep_mu);
	} else {
		r->next = r->prev = r; /* marks: not in the list */
	}
	return r;
}

void resp_free(struct resp *r)
{
	if (!r)
		return;
	if (r->next != r) {
		pthread_mutex_lock(&keep_mu);
		if (r->prev)
			r->prev->next = r->next;
		else
			g_resps = r->next;
		if (r->next)
			r->next->prev = r->prev;
		pthread_mutex_unlock(&keep_mu);
	}
	free(r->body);
	free(r->headers);
	free(r->content_type);
	free(r->retry_after);
	free(r->allow);
	free(r->set_cookie);
	json_decref(r->json);
	free(r);
}

struct resp *http(struct srv *s, const char *method, const char *path, const char *token,
                  const char *json_body)
{
	struct req rq = {.method = method, .path = path, .token = token, .body = json_body};
	return http_req(s, &rq);
}

struct resp *httpj(struct srv *s, const char *method, const char *path, const char *token,
                   json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	json_decref(body);
	struct resp *r = http(s, method, path, token, text);
	free(text);
	return r;
}

const char *rdesc(const struct resp *r)
{
	static __thread char ring[8][700];
	static __thread int k;
	char *b = ring[k++ % 8];
	if (!r)
		return "no response";
	if (r->status == 0)
		snprintf(b, 700, "no HTTP response: %s", curl_easy_strerror((CURLcode)r->curl_err));
	else
		snprintf(b, 700, "%ld %.600s", r->status, r->body);
	return b;
}

bool check_status(const struct resp *r, long want, const char *fmt, ...)
{
	char d[800];
	snprintf(d, sizeof d, "got %s, want %ld", rdesc(r), want);
	va_list ap;
	va_start(ap, fmt);
	emit(r->status == want, d, fmt, ap);
	va_end(ap);
	return r->status == want;
}

bool check_2xx(const struct resp *r, const char *fmt, ...)
{
	bool ok = r->status >= 200 && r->status < 300;
	char d[800];
	snprintf(d, sizeof d, "got %s, want 2xx", rdesc(r));
	va_list ap;
	va_start(ap, fmt);
	emit(ok, d, fmt, ap);
	va_end(ap);
	return ok;
}

bool error_shape_ok(const struct resp *r)
{
	if (!r->json || !json_is_object(r->json))
		return false;
	json_t *e = json_object_get(r->json, "error");
	if (!json_is_object(e))
		return false;
	json_t *c = json_object_get(e, "code"), *m = json_object_get(e, "message");
	if (!json_is_string(c) || !json_is_string(m) || !json_string_length(m))
		return false;
	/* snake_case */
	for (const char *p = json_string_value(c); *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return false;
	json_t *f = json_object_get(e, "field");
	if (f && !json_is_string(f) && !json_is_null(f))
		return false;
	return true;
}

const char *err_code(const struct resp *r)
{
	return jstr(r->json, "error.code");
}

const char *err_field(const struct resp *r)
{
	return jstr(r->json, "error.field");
}

static bool code_in(const char *code, const char *alts)
{
	if (!code)
		return false;
	if (!alts) /* any code */
		return true;
	size_t cl = strlen(code);
	const char *p = alts;
	while (*p) {
		const char *bar = strchr(p, '|');
		size_t l = bar ? (size_t)(bar - p) : strlen(p);
		if (l == cl && !strncmp(p, code, l))
			return true;
		if (!bar)
			break;
		p = bar + 1;
	}
	return false;
}

bool check_error(const struct resp *r, long status, const char *code, const char *field,
                 const char *fmt, ...)
{
	bool ok = status ? r->status == status : (r->status >= 400 && r->status < 500);
	ok = ok && error_shape_ok(r) && code_in(err_code(r), code);
	bool ct_ok = r->content_type && contains(r->content_type, "application/json");
	ok = ok && ct_ok;
	if (ok && field) {
		const char *f = err_field(r);
		size_t fl = strlen(field);
		if (!*field)
			ok = !f;
		else if (field[fl - 1] == '*')
			ok = f && !strncmp(f, field, fl - 1);
		else
			ok = f && !strcmp(f, field);
	}
	char d[900];
	snprintf(d, sizeof d, "got %s%s, want %ld %s%s%s", rdesc(r),
	         ct_ok || r->status == 0 ? "" : " [Content-Type not application/json]", status,
	         code, field && *field ? " field=" : "", field ? field : "");
	va_list ap;
	va_start(ap, fmt);
	emit(ok, d, fmt, ap);
	va_end(ap);
	return ok;
}

/* ---- JSON ---------------------------------------------------------------------------------- */

json_t *jget(json_t *j, const char *path)
{
	if (!j || !path)
		return NULL;
	char key[256];
	const char *p = path;
	while (j && *p) {
		const char *dot = strchr(p, '.');
		size_t l = dot ? (size_t)(dot - p) : strlen(p);
		if (l >= sizeof key)
			return NULL;
		memcpy(key, p, l);
		key[l] = 0;
		if (json_is_array(j)) {
			char *end;
			long idx = strtol(key, &end, 10);
			if (*end || idx < 0)
				return NULL;
			j = json_array_get(j, (size_t)idx);
		} else if (json_is_object(j)) {
			j = json_object_get(j, key);
		} else {
			return NULL;
		}
		p = dot ? dot + 1 : p + l;
	}
	return j;
}

const char *jstr(json_t *j, const char *path)
{
	json_t *v = jget(j, path);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

long long jint(json_t *j, const char *path)
{
	json_t *v = jget(j, path);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

bool jisnull(json_t *j, const char *path)
{
	json_t *v = jget(j, path);
	return v && json_is_null(v);
}

bool jhas(json_t *j, const char *path)
{
	return jget(j, path) != NULL;
}

const char *jdump(json_t *j)
{
	static __thread char ring[8][1024];
	static __thread int k;
	char *b = ring[k++ % 8];
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	snprintf(b, 1024, "%s", s ? s : "null");
	free(s);
	return b;
}

json_t *jpack(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	json_error_t e;
	json_t *j = json_vpack_ex(&e, 0, fmt, ap);
	va_end(ap);
	if (!j) {
		fprintf(stderr, "jpack(%s): %s\n", fmt, e.text);
		abort();
	}
	return j;
}

/* ---- misc ---------------------------------------------------------------------------------- */

const char *h_keepstr(const char *s)
{
	return s ? keep(h_xstrdup(s)) : NULL;
}

const char *P(const char *fmt, ...)
{
	static char ring[16][8192];
	static int k;
	char *b = ring[k++ % 16];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(b, 8192, fmt, ap);
	va_end(ap);
	return b;
}

const char *qenc(const char *s)
{
	static char ring[8][4096];
	static int k;
	char *b = ring[k++ % 8], *o = b;
	for (const unsigned char *p = (const unsigned char *)s; *p && o < b + 4090; p++) {
		if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	*o = 0;
	return b;
}

char *repeat(const char *unit, size_t n)
{
	size_t ul = strlen(unit);
	char *p = keep(xmalloc(ul * n + 1));
	for (size_t i = 0; i < n; i++)
		memcpy(p + i * ul, unit, ul);
	p[ul * n] = 0;
	return p;
}

double rfc3339_utc(const char *s)
{
	if (!s)
		return -1;
	int Y, M, D, h, m, sec, n = 0;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &Y, &M, &D, &h, &m, &sec, &n) != 6 || n != 19)
		return -1;
	for (int i = 0; i < 19; i++) {
		bool digit = i != 4 && i != 7 && i != 10 && i != 13 && i != 16;
		if (digit != (isdigit((unsigned char)s[i]) != 0))
			return -1;
	}
	const char *p = s + 19;
	double frac = 0;
	if (*p == '.') {
		p++;
		double scale = 0.1;
		if (!isdigit((unsigned char)*p))
			return -1;
		while (isdigit((unsigned char)*p)) {
			frac += (*p - '0') * scale;
			scale /= 10;
			p++;
		}
	}
	if (strcmp(p, "Z") != 0)
		return -1;
	if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return -1;
	struct tm tm = {.tm_year = Y - 1900,
	                .tm_mon = M - 1,
	                .tm_mday = D,
	                .tm_hour = h,
	                .tm_min = m,
	                .tm_sec = sec};
	return (double)timegm(&tm) + frac;
}

double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void sleep_s(double s)
{
	struct timespec ts = {.tv_sec = (time_t)s,
	                      .tv_nsec = (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
	}
}

bool contains(const char *hay, const char *needle)
{
	return hay && needle && strcasestr(hay, needle) != NULL;
}

/* ---- database ------------------------------------------------------------------------------ */

static bool excluded(const char *name, const char *exclude)
{
	if (!exclude)
		return false;
	size_t nl = strlen(name);
	const char *p = exclude;
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t l = comma ? (size_t)(comma - p) : strlen(p);
		if (l == nl && !strncmp(p, name, l))
			return true;
		if (!comma)
			break;
		p = comma + 1;
	}
	return false;
}

/* Tables whose rows legitimately change without a request changing them (a token's
 * last_used_at, a session's activity, the outbox sender's retry bookkeeping): compared by count
 * and max(rowid) only. Every other table is also compared by the content of all its rows, so an
 * UPDATE left behind by a failed request is caught, not only an INSERT. */
/* The SLA scheduler's timers are its own bookkeeping, written just after each commit: a ticket
 * created by the request before a fingerprint gets its row a moment later. Not user data. */
static bool scheduler_table(const char *name)
{
	return !strcmp(name, "sla_timers");
}

/* The scheduler also records SLA warnings and breaches when their instant comes, whatever a
 * test is doing; those rows are not what a refused request could have stored. */
static const char *table_filter(const char *name)
{
	return !strcmp(name, "events") ? " WHERE action NOT LIKE 'sla.%'" : "";
}

static bool volatile_table(const char *name)
{
	return strstr(name, "session") || strstr(name, "token") || strstr(name, "outbox");
}

static uint64_t table_content_hash(sqlite3 *db, const char *name)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%.127s\"%s", name, table_filter(name));
	sqlite3_stmt *st = NULL;
	uint64_t h = 1469598103934665603ULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		int nc = sqlite3_column_count(st);
		for (int c = 0; c < nc; c++) {
			int type = sqlite3_column_type(st, c);
			const unsigned char *p =
			    type == SQLITE_NULL ? NULL : sqlite3_column_blob(st, c);
			int n = type == SQLITE_NULL ? 0 : sqlite3_column_bytes(st, c);
			h = (h ^ (uint64_t)(type + 0x100 * c)) * 1099511628211ULL;
			for (int i = 0; i < n; i++)
				h = (h ^ p[i]) * 1099511628211ULL;
			h = (h ^ 0xff) * 1099511628211ULL;
		}
		h = (h ^ 0xfe) * 1099511628211ULL;
	}
	sqlite3_finalize(st);
	return h;
}

char *db_fingerprint(struct srv *s, const char *exclude)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/exdesk.db", s->dir);
	sqlite3 *db = NULL;
	struct h_buf out = {0};
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		h_buf_add(&out, "cannot open db", 14);
		sqlite3_close(db);
		return keep(out.p);
	}
	sqlite3_busy_timeout(db, 5000);
	/* One read transaction, so all counts come from the same snapshot. */
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name",
	                   -1, &st, NULL);
	char names[256][128];
	int n = 0;
	while (st && sqlite3_step(st) == SQLITE_ROW && n < 256)
		snprintf(names[n++], 128, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	for (int i = 0; i < n; i++) {
		if (excluded(names[i], exclude) || scheduler_table(names[i]))
			continue;
		char sql[512], line[512];
		long long cnt = -1, mx = -1;
		snprintf(sql, sizeof sql, "SELECT count(*), max(rowid) FROM \"%.127s\"%s", names[i],
		         table_filter(names[i]));
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
			sqlite3_finalize(st);
			snprintf(sql, sizeof sql, "SELECT count(*), 0 FROM \"%.127s\"", names[i]);
			if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
				sqlite3_finalize(st);
				st = NULL;
			}
		}
		if (st && sqlite3_step(st) == SQLITE_ROW) {
			cnt = sqlite3_column_int64(st, 0);
			mx = sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
		if (volatile_table(names[i]))
			snprintf(line, sizeof line, "%.127s:%lld:%lld;", names[i], cnt, mx);
		else
			snprintf(line, sizeof line, "%.127s:%lld:%lld:%016llx;", names[i], cnt, mx,
			         (unsigned long long)table_content_hash(db, names[i]));
		h_buf_add(&out, line, strlen(line));
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	if (!out.p)
		h_buf_add(&out, "", 0);
	return keep(out.p);
}

int db_exec(struct srv *s, const char *sql)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/exdesk.db", s->dir);
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	sqlite3_close(db);
	return rc;
}

char *db_query1(struct srv *s, const char *sql)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/exdesk.db", s->dir);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = keep(h_xstrdup((const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static void first_diff(const char *a, const char *b, char *out, size_t outsz)
{
	/* Compare entry by entry ("name:count:max;") and name the first that differs. */
	const char *pa = a, *pb = b;
	while (*pa || *pb) {
		const char *ea = strchr(pa, ';'), *eb = strchr(pb, ';');
		size_t la = ea ? (size_t)(ea - pa) : strlen(pa),
		       lb = eb ? (size_t)(eb - pb) : strlen(pb);
		if (la != lb || strncmp(pa, pb, la)) {
			snprintf(out, outsz, "before %.*s, after %.*s", (int)la, pa, (int)lb, pb);
			return;
		}
		pa = ea ? ea + 1 : pa + la;
		pb = eb ? eb + 1 : pb + lb;
	}
	snprintf(out, outsz, "same");
}

bool check_unchanged(struct srv *s, const char *before, const char *exclude, const char *fmt, ...)
{
	char *after = db_fingerprint(s, exclude);
	bool ok = strcmp(before, after) == 0;
	char d[600] = "";
	if (!ok)
		first_diff(before, after, d, sizeof d);
	va_list ap;
	va_start(ap, fmt);
	emit(ok, d, fmt, ap);
	va_end(ap);
	return ok;
}

static bool file_contains(const char *path, const char *needle)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t nl = strlen(needle), cap = 1 << 20;
	char *buf = xmalloc(cap + nl);
	size_t carry = 0;
	bool found = false;
	for (;;) {
		size_t k = fread(buf + carry, 1, cap, f);
		if (!k)
			break;
		size_t tot = carry + k;
		if (memmem(buf, tot, needle, nl)) {
			found = true;
			break;
		}
		carry = tot < nl ? tot : nl - 1;
		memmove(buf, buf + tot - carry, carry);
	}
	free(buf);
	fclose(f);
	return found;
}

bool db_files_contain(struct srv *s, const char *needle)
{
	const char *suffixes[] = {"", "-wal", "-journal", "-shm"};
	for (int i = 0; i < 4; i++) {
		char p[PATH_MAX];
		snprintf(p, sizeof p, "%s/exdesk.db%s", s->dir, suffixes[i]);
		if (file_contains(p, needle))
			return true;
	}
	return false;
}

/* ---- raw TCP ------------------------------------------------------------------------------- */

int raw_connect(struct srv *s)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((uint16_t)s->port);
	if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

char *raw_exchange(struct srv *s, const void *data, size_t len, double timeout_s, size_t *outlen,
                   int *status)
{
	struct h_buf out = {0};
	*status = 0;
	int fd = raw_connect(s);
	if (fd < 0) {
		*outlen = 0;
		return keep(h_xstrdup(""));
	}
	double end = now_s() + timeout_s;
	size_t off = 0;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	bool wr_open = true, peer_closed = false;
	for (;;) {
		double left = end - now_s();
		if (left <= 0)
			break;
		struct pollfd p = {.fd = fd,
		                   .events = POLLIN | (wr_open && off < len ? POLLOUT : 0)};
		int k = poll(&p, 1, (int)(left * 1000) + 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (p.revents & POLLOUT) {
			ssize_t w = send(fd, (const char *)data + off, len - off, MSG_NOSIGNAL);
			if (w > 0)
				off += (size_t)w;
			else if (w < 0 && errno != EAGAIN)
				wr_open = false;
		}
		if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
			char b[65536];
			ssize_t r = recv(fd, b, sizeof b, 0);
			if (r > 0) {
				h_buf_add(&out, b, (size_t)r);
			} else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
				peer_closed = true;
				break;
			}
		}
	}
	close(fd);
	if (!out.p)
		h_buf_add(&out, "", 0);
	*outlen = out.n;
	int st;
	if (out.n >= 12 && sscanf(out.p, "HTTP/1.%*d %d", &st) == 1)
		*status = st;
	else if (!out.n && !peer_closed)
		*status = -1; /* nothing came back and the connection is still open */
	return keep(out.p);
}

/* ---- fixtures ------------------------------------------------------------------------------ */

long long mk_group(struct srv *s, const char *name, const char *tier)
{
	struct resp *r = httpj(s, "POST", "/api/v1/groups", s->token,
	                       jpack("{s:s,s:s}", "name", name, "tier", tier));
	long long id = jint(r->json, "group.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "setup: create group %s", name);
		return 0;
	}
	return id;
}

long long mk_token(struct srv *s, long long agent_id, const char *name, char *out)
{
	struct resp *r = httpj(s, "POST", "/api/v1/tokens", s->token,
	                       jpack("{s:I,s:s}", "agent_id", (json_int_t)agent_id, "name", name));
	const char *sec = jstr(r->json, "secret");
	long long id = jint(r->json, "token.id");
	if (r->status != 201 || !sec || id <= 0) {
		checkd(false, rdesc(r), "setup: create token for agent %lld", agent_id);
		if (out)
			out[0] = 0;
		return 0;
	}
	if (out)
		snprintf(out, 512, "%s", sec);
	return id;
}

long long mk_agent(struct srv *s, const char *email, const char *name, const char *role,
                   const char *tier, const char *groups_json, char *token_out)
{
	json_t *b = jpack("{s:s,s:s,s:s}", "email", email, "name", name, "role", role);
	if (tier)
		json_object_set_new(b, "tier", json_string(tier));
	if (groups_json)
		json_object_set_new(b, "groups", json_loads(groups_json, 0, NULL));
	json_object_set_new(b, "password", json_string("agent password 123"));
	struct resp *r = httpj(s, "POST", "/api/v1/agents", s->token, b);
	long long id = jint(r->json, "agent.id");
	if (r->status != 201 || id <= 0) {
		checkd(false, rdesc(r), "setup: create %s %s", role, email);
		if (token_out)
			token_out[0] = 0;
		return 0;
	}
	if (token_out)
		mk_token(s, id, P("token of %s", email), token_out);
	return id;
}

json_t *mk_ticket(struct srv *s, const char *token, const char *json_text)
{
	struct resp *r = http(s, "POST", "/api/v1/tickets", token ? token : s->token, json_text);
	json_t *t = jget(r->json, "ticket");
	if (r->status != 201 || !json_is_object(t) || jint(t, "id") <= 0) {
		checkd(false, rdesc(r), "setup: create ticket %.80s", json_text);
		return NULL;
	}
	return jkeep(json_incref(t));
}

json_t *mk_ticket_simple(struct srv *s, const char *token, const char *subject, const char *email,
                         long long group_id)
{
	json_t *b = jpack("{s:s,s:s,s:{s:s}}", "subject", subject, "body", "Hello, please help.",
	                  "requester", "email", email);
	if (group_id)
		json_object_set_new(b, "group_id", json_integer(group_id));
	char *text = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	json_t *t = mk_ticket(s, token, text);
	free(text);
	return t;
}
