/* push_bench.c — what live chat costs the server (issue 3, "Performance").
 *
 *   1. Idle streams: open N widget push streams (default 10,000) and read the server's resident
 *      memory (VmRSS) before and after: memory per idle connection.
 *   2. Push latency with active chats: C chats (default 500), each with its customer's widget
 *      stream open; P poster threads send agent replies to random chats as fast as the server
 *      answers. For every reply: baseline = POST sent -> 2xx received (the durable write);
 *      push = POST sent -> the frame with that message id arrives on the customer's stream.
 *      Medians and p99 of both, from the same run, so the ratio is what push adds.
 *
 * Usage: bench/push_bench [--streams N] [--chats C] [--replies R] [--posters P]
 * Needs build/exdesk (EXDESK_BIN). Prints figures only; it is not a test. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int port;
static char admin_token[128];

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int connect_server(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		perror("connect");
		exit(1);
	}
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

/* One request on a keep-alive connection; returns the status, body copied into out. */
static int request(int fd, const char *method, const char *path, const char *auth_header,
		   const char *body, char *out, size_t outsz)
{
	char req[8192];
	int n = snprintf(req, sizeof req,
			 "%s %s HTTP/1.1\r\nHost: b\r\n%s%sContent-Type: application/json\r\n"
			 "Content-Length: %zu\r\n\r\n%s",
			 method, path, auth_header ? auth_header : "", auth_header ? "\r\n" : "",
			 body ? strlen(body) : 0, body ? body : "");
	if (write(fd, req, (size_t)n) != n)
		return -1;
	static __thread char buf[65536];
	size_t have = 0;
	for (;;) {
		ssize_t r = read(fd, buf + have, sizeof buf - 1 - have);
		if (r <= 0)
			return -1;
		have += (size_t)r;
		buf[have] = '\0';
		char *hend = strstr(buf, "\r\n\r\n");
		if (!hend)
			continue;
		char *cl = strcasestr(buf, "Content-Length:");
		size_t len = cl ? strtoul(cl + 15, NULL, 10) : 0;
		if (have >= (size_t)(hend + 4 - buf) + len) {
			if (out) {
				size_t k = len < outsz - 1 ? len : outsz - 1;
				memcpy(out, hend + 4, k);
				out[k] = '\0';
			}
			return atoi(buf + 9);
		}
	}
}

static long server_rss_kb(pid_t pid)
{
	char path[64], line[256];
	snprintf(path, sizeof path, "/proc/%d/status", pid);
	FILE *f = fopen(path, "r");
	long kb = -1;
	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = atol(line + 6);
	if (f)
		fclose(f);
	return kb;
}

static char *json_field(const char *json, const char *key, char *out, size_t outsz)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":", key);
	const char *p = strstr(json, pat);
	if (!p)
		return NULL;
	p += strlen(pat);
	if (*p == '"')
		p++;
	size_t i = 0;
	while (*p && *p != '"' && *p != ',' && *p != '}' && i + 1 < outsz)
		out[i++] = *p++;
	out[i] = '\0';
	return out;
}

static int open_stream(const char *widget_token)
{
	int fd = connect_server();
	char req[512];
	int n = snprintf(req, sizeof req, "GET /api/v1/widget/stream?token=%s HTTP/1.1\r\nHost: b\r\n\r\n",
			 widget_token);
	if (write(fd, req, (size_t)n) != n)
		exit(1);
	return fd;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	size_t i = (size_t)(p * (double)(n - 1));
	return v[i];
}

/* ---- phase 2 state ---- */
#define MAX_MSG 200000
static double sent_at[MAX_MSG], answered_at[MAX_MSG], pushed_at[MAX_MSG];
static int chats, replies, posters;
static int64_t *chat_ticket;
static _Atomic int next_reply, done_posting;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *poster(void *arg)
{
	(void)arg;
	int fd = connect_server();
	char auth[200], body[256], out[8192], path[128];
	snprintf(auth, sizeof auth, "Authorization: Bearer %s", admin_token);
	unsigned seed = (unsigned)(uintptr_t)&fd;
	for (;;) {
		int k = atomic_fetch_add(&next_reply, 1);
		if (k >= replies)
			break;
		int c = (int)(rand_r(&seed) % (unsigned)chats);
		snprintf(path, sizeof path, "/api/v1/tickets/%lld/reply", (long long)chat_ticket[c]);
		snprintf(body, sizeof body, "{\"body\":\"reply %d 您好 Xin chào\"}", k);
		double t0 = now_ms();
		int st = request(fd, "POST", path, auth, body, out, sizeof out);
		double t1 = now_ms();
		if (st != 201) {
			fprintf(stderr, "reply failed: %d %s\n", st, out);
			continue;
		}
		pthread_mutex_lock(&mu);
		sent_at[k] = t0;
		answered_at[k] = t1;
		pthread_mutex_unlock(&mu);
	}
	close(fd);
	atomic_fetch_add(&done_posting, 1);
	return NULL;
}

int main(int argc, char **argv)
{
	int streams = 10000;
	chats = 500, replies = 5000, posters = 4;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--streams"))
			streams = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--chats"))
			chats = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--replies"))
			replies = atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--posters"))
			posters = atoi(argv[i + 1]);
	}
	if (replies > MAX_MSG)
		replies = MAX_MSG;
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	signal(SIGPIPE, SIG_IGN);

	const char *bin = getenv("EXDESK_BIN") ? getenv("EXDESK_BIN") : "build/exdesk";
	char dir[] = "/tmp/exdesk-bench.XXXXXX", cmd[1024];
	if (!mkdtemp(dir))
		return 1;
	snprintf(cmd, sizeof cmd,
		 "%s migrate --data %s >/dev/null 2>&1 && echo 'bench password 1' | %s user add --data %s "
		 "--email b@bench.local --name Bench --role admin --password-stdin >/dev/null 2>&1",
		 bin, dir, bin, dir);
	if (system(cmd) != 0)
		return 1;
	snprintf(cmd, sizeof cmd, "%s token create --data %s --email b@bench.local 2>/dev/null", bin, dir);
	FILE *p = popen(cmd, "r");
	if (!p || !fgets(admin_token, sizeof admin_token, p))
		return 1;
	pclose(p);
	admin_token[strcspn(admin_token, "\n")] = '\0';
	port = 20000 + (int)(getpid() % 20000);
	char listen[32];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	pid_t srv = fork();
	if (srv == 0) {
		freopen("/dev/null", "w", stderr);
		execl(bin, bin, "serve", "--data", dir, "--listen", listen, (char *)NULL);
		_exit(127);
	}
	usleep(500000);

	/* ---- 1. idle streams ---- */
	int fd = connect_server();
	char out[16384], token[128];
	request(fd, "POST", "/api/v1/widget/session", NULL, "{\"name\":\"Bench\"}", out, sizeof out);
	json_field(out, "token", token, sizeof token);
	long rss0 = server_rss_kb(srv);
	int *sfd = malloc(sizeof(int) * (size_t)streams);
	double t0 = now_ms();
	for (int i = 0; i < streams; i++)
		sfd[i] = open_stream(token);
	/* Each stream answers its headers and a first frame; wait for all of them. */
	char buf[4096];
	for (int i = 0; i < streams; i++)
		if (read(sfd[i], buf, sizeof buf) <= 0)
			fprintf(stderr, "stream %d closed early\n", i);
	double t1 = now_ms();
	usleep(300000);
	long rss1 = server_rss_kb(srv);
	printf("idle streams: %d open in %.0f ms; server RSS %ld MiB before, %ld MiB with them: %.1f KiB per idle stream\n",
	       streams, t1 - t0, rss0 / 1024, rss1 / 1024, (double)(rss1 - rss0) / streams);
	for (int i = 0; i < streams; i++)
		close(sfd[i]);
	free(sfd);
	usleep(300000);

	/* ---- 2. latency with active chats ---- */
	chat_ticket = calloc((size_t)chats, sizeof *chat_ticket);
	int *cfd = malloc(sizeof(int) * (size_t)chats);
	int ep = epoll_create1(0);
	for (int c = 0; c < chats; c++) {
		char tok[128], hdr[200], idb[32];
		request(fd, "POST", "/api/v1/widget/session", NULL, "{\"name\":\"客户\"}", out, sizeof out);
		json_field(out, "token", tok, sizeof tok);
		snprintf(hdr, sizeof hdr, "X-Widget-Token: %s", tok);
		request(fd, "POST", "/api/v1/widget/conversations", hdr, "{\"body\":\"充值没到账\"}", out,
			sizeof out);
		chat_ticket[c] = atoll(json_field(strstr(out, "\"conversation\""), "id", idb, sizeof idb));
		cfd[c] = open_stream(tok);
		fcntl(cfd[c], F_SETFL, O_NONBLOCK);
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)c};
		epoll_ctl(ep, EPOLL_CTL_ADD, cfd[c], &ev);
	}
	pthread_t *th = malloc(sizeof(pthread_t) * (size_t)posters);
	for (int i = 0; i < posters; i++)
		pthread_create(&th[i], NULL, poster, NULL);
	int received = 0;
	double deadline = 0;
	/* Frames can be split across reads: keep each stream's partial frame. */
	char **pend = calloc((size_t)chats, sizeof *pend);
	size_t *plen = calloc((size_t)chats, sizeof *plen);
	static char sbuf[1 << 16];
	while (received < replies) {
		struct epoll_event evs[64];
		int n = epoll_wait(ep, evs, 64, 200);
		double t = now_ms();
		for (int i = 0; i < n; i++) {
			ssize_t r;
			uint32_t c = evs[i].data.u32;
			while ((r = read(cfd[c], sbuf, sizeof sbuf - 1)) > 0) {
				pend[c] = realloc(pend[c], plen[c] + (size_t)r + 1);
				memcpy(pend[c] + plen[c], sbuf, (size_t)r);
				plen[c] += (size_t)r;
				pend[c][plen[c]] = '\0';
				char *end = strstr(pend[c], "\n\n"), *start = pend[c];
				while (end) {
					*end = '\0';
					/* a reply frame: "message":{"id":N,...,"kind":"reply" */
					/* The push may beat the POST's answer: identify the reply by
					 * its body ("reply K ..."), not by the id the poster learns. */
					char *q = strstr(start, "\"body\":\"reply ");
					if (q && strstr(start, "\"kind\":\"reply\"")) {
					int k = atoi(q + 14);
					if (k < 0 || k >= replies)
						k = -1;
					if (k >= 0 && pushed_at[k] == 0) {
						pushed_at[k] = t;
						received++;
					}
					}
					start = end + 2;
					end = strstr(start, "\n\n");
				}
				size_t rest = plen[c] - (size_t)(start - pend[c]);
				memmove(pend[c], start, rest);
				plen[c] = rest;
			}
		}
		if (atomic_load(&done_posting) == posters) {
			if (!deadline)
				deadline = t + 3000;
			else if (t > deadline)
				break;
		}
	}
	for (int i = 0; i < posters; i++)
		pthread_join(th[i], NULL);
	double *base = malloc(sizeof(double) * (size_t)replies), *push = malloc(sizeof(double) * (size_t)replies);
	size_t nb = 0, np = 0;
	double first = 1e18, last = 0;
	for (int k = 0; k < replies; k++) {
		if (!sent_at[k])
			continue;
		base[nb++] = answered_at[k] - sent_at[k];
		if (pushed_at[k])
			push[np++] = pushed_at[k] - sent_at[k];
		if (sent_at[k] < first)
			first = sent_at[k];
		if (answered_at[k] > last)
			last = answered_at[k];
	}
	qsort(base, nb, sizeof *base, cmp_double);
	qsort(push, np, sizeof *push, cmp_double);
	printf("active chats: %d chats, %zu replies by %d posters at %.0f replies/s\n", chats, nb, posters,
	       nb / ((last - first) / 1000.0));
	printf("  baseline  POST -> 2xx (durable write): p50 %.2f ms  p99 %.2f ms\n", pct(base, nb, 0.5),
	       pct(base, nb, 0.99));
	printf("  push      POST -> frame at customer:   p50 %.2f ms  p99 %.2f ms  (%zu of %zu delivered)\n",
	       pct(push, np, 0.5), pct(push, np, 0.99), np, nb);
	printf("  ratio push/baseline: p50 %.2f  p99 %.2f\n", pct(push, np, 0.5) / pct(base, nb, 0.5),
	       pct(push, np, 0.99) / pct(base, nb, 0.99));
	kill(srv, SIGTERM);
	waitpid(srv, NULL, 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 1;
}
