/* lmtp_server.c — sockets and threads around lmtp_session. */
#include "channels/lmtp_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_CONNECTIONS 64
#define IDLE_TIMEOUT_MS (5 * 60 * 1000) /* RFC 5321 4.5.3.2.7: server timeout 5 minutes */
#define TICK_MS         200             /* how often threads look at the stop flag */

struct lmtp_server {
	int fd, port;
	struct lmtp_config cfg;
	char hostname[256];
	lmtp_deliver_fn deliver;
	void *ctx;
	pthread_t acceptor;
	pthread_mutex_t mu;
	pthread_cond_t idle;
	int active;
	bool stop;
};

struct conn {
	struct lmtp_server *srv;
	int fd;
	bool write_failed;
};

static void conn_write(void *ctx, const char *bytes, size_t len)
{
	struct conn *c = ctx;
	while (len && !c->write_failed) {
		ssize_t n = send(c->fd, bytes, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			c->write_failed = true;
			return;
		}
		bytes += n;
		len -= (size_t)n;
	}
}

static bool stopping(struct lmtp_server *s)
{
	pthread_mutex_lock(&s->mu);
	bool stop = s->stop;
	pthread_mutex_unlock(&s->mu);
	return stop;
}

static void *conn_main(void *arg)
{
	struct conn *c = arg;
	struct lmtp_server *s = c->srv;
	struct lmtp_session *sess = lmtp_session_new(&s->cfg, s->deliver, s->ctx, conn_write, c);
	lmtp_session_greet(sess);
	char buf[65536];
	int64_t idle_since = clock_monotonic_ns();
	while (!c->write_failed) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		int r = poll(&p, 1, TICK_MS);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0) {
			if (stopping(s)) {
				conn_write(c, "421 4.3.2 exdesk is shutting down\r\n", 35);
				break;
			}
			if (clock_monotonic_ns() - idle_since > (int64_t)IDLE_TIMEOUT_MS * 1000000) {
				conn_write(c, "421 4.4.2 idle for too long\r\n", 29);
				break;
			}
			continue;
		}
		ssize_t n = recv(c->fd, buf, sizeof buf, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		idle_since = clock_monotonic_ns();
		if (!lmtp_session_feed(sess, buf, (size_t)n))
			break;
	}
	lmtp_session_free(sess);
	close(c->fd);
	free(c);
	pthread_mutex_lock(&s->mu);
	if (--s->active == 0)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void *accept_main(void *arg)
{
	struct lmtp_server *s = arg;
	while (!stopping(s)) {
		struct pollfd p = {.fd = s->fd, .events = POLLIN};
		if (poll(&p, 1, TICK_MS) <= 0)
			continue;
		int fd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0)
			continue;
		pthread_mutex_lock(&s->mu);
		bool full = s->active >= MAX_CONNECTIONS;
		if (!full)
			s->active++;
		pthread_mutex_unlock(&s->mu);
		if (full) {
			static const char busy[] = "421 4.3.2 too many connections, try again later\r\n";
			(void)!send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL);
			close(fd);
			continue;
		}
		struct conn *c = xcalloc(1, sizeof *c);
		c->srv = s;
		c->fd = fd;
		pthread_t t;
		pthread_attr_t attr;
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		if (pthread_create(&t, &attr, conn_main, c) != 0) {
			close(fd);
			free(c);
			pthread_mutex_lock(&s->mu);
			if (--s->active == 0)
				pthread_cond_broadcast(&s->idle);
			pthread_mutex_unlock(&s->mu);
		}
		pthread_attr_destroy(&attr);
	}
	return NULL;
}

struct lmtp_server *lmtp_server_start(const char *host, int port, const struct lmtp_config *cfg,
				      lmtp_deliver_fn deliver, void *ctx)
{
	char portstr[16];
	snprintf(portstr, sizeof portstr, "%d", port);
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE}, *res;
	if (getaddrinfo(host, portstr, &hints, &res) != 0) {
		log_event(LOG_ERROR, "lmtp_listen_failed", "reason=%s", "bad_address");
		return NULL;
	}
	int fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 64) != 0) {
		log_event(LOG_ERROR, "lmtp_listen_failed", "errno=%d", errno);
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return NULL;
	}
	freeaddrinfo(res);
	struct lmtp_server *s = xcalloc(1, sizeof *s);
	s->fd = fd;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	s->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						 : ((struct sockaddr_in *)&ss)->sin_port);
	s->cfg = *cfg;
	snprintf(s->hostname, sizeof s->hostname, "%s", cfg->hostname ? cfg->hostname : "exdesk");
	s->cfg.hostname = s->hostname;
	s->deliver = deliver;
	s->ctx = ctx;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->idle, NULL);
	if (pthread_create(&s->acceptor, NULL, accept_main, s) != 0) {
		close(fd);
		free(s);
		return NULL;
	}
	log_event(LOG_INFO, "lmtp_listening", "port=%d max_message=%zu", s->port,
		  cfg->max_message);
	return s;
}

int lmtp_server_port(const struct lmtp_server *s)
{
	return s->port;
}

void lmtp_server_stop(struct lmtp_server *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = true;
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->acceptor, NULL);
	close(s->fd);
	/* Sessions notice within a tick, or after the delivery they are in commits. */
	pthread_mutex_lock(&s->mu);
	while (s->active > 0)
		pthread_cond_wait(&s->idle, &s->mu);
	pthread_mutex_unlock(&s->mu);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->idle);
	free(s);
}
