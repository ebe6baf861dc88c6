/* imap_poll.c — the IMAP poller: UID SEARCH UNSEEN, UID FETCH n BODY.PEEK[] per message, deliver,
 * then UID STORE n +FLAGS (\Seen). libcurl speaks IMAP (login, SELECT, tagging, TLS); with a
 * custom request it passes the server's untagged response through, from which we take the
 * numbers of SEARCH and the one literal of FETCH. One easy handle per poll keeps one connection. */
#include "channels/imap_poll.h"

#include <curl/curl.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/log.h"
#include "util/xalloc.h"

#define MAX_PER_POLL 200 /* the rest waits for the next poll */

struct imap_poller {
	struct imap_config cfg;
	char *url, *password;
	lmtp_deliver_fn deliver;
	void *ctx;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop;
};

struct buf {
	char *p;
	size_t len, cap, max;
	bool overflow;
};

static size_t write_cb(char *data, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	size_t len = size * n;
	if (b->overflow || b->len + len > b->max) {
		b->overflow = true;
		return len; /* keep the connection in sync; the message is skipped */
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	b->p[b->len] = 0;
	return len;
}

static CURLcode run(CURL *c, const char *cmd, struct buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->p)
		b->p[0] = 0;
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, cmd);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	return curl_easy_perform(c);
}

/* "* SEARCH 3 7 12" -> uids (at most max). */
static size_t parse_search(const char *s, unsigned long *uids, size_t max)
{
	const char *p = s ? strstr(s, "* SEARCH") : NULL;
	size_t n = 0;
	if (!p)
		return 0;
	p += 8;
	while (*p && *p != '\r' && *p != '\n' && n < max) {
		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p))
			break;
		uids[n++] = strtoul(p, (char **)&p, 10);
	}
	return n;
}

/* The literal of a FETCH response: "* 1 FETCH (UID 7 BODY[] {1234}\r\n<1234 bytes>)". */
static bool fetch_literal(const struct buf *b, const char **data, size_t *len)
{
	if (!b->p)
		return false;
	const char *open = memchr(b->p, '{', b->len);
	if (!open)
		return false;
	char *end;
	unsigned long long n = strtoull(open + 1, &end, 10);
	if (end == open + 1 || *end != '}' || end[1] != '\r' || end[2] != '\n')
		return false;
	const char *start = end + 3;
	if ((size_t)(b->p + b->len - start) < n)
		return false;
	*data = start;
	*len = (size_t)n;
	return true;
}

int imap_poll_once(const struct imap_config *cfg, lmtp_deliver_fn deliver, void *ctx)
{
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct buf b = {.max = cfg->max_message + 4096};
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	if (cfg->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	int delivered = 0;
	unsigned long uids[MAX_PER_POLL];
	CURLcode rc = run(c, "UID SEARCH UNSEEN", &b);
	if (rc != CURLE_OK) {
		log_event(LOG_WARN, "imap_poll_failed", "step=search curl=%d", (int)rc);
		delivered = -1;
		goto out;
	}
	size_t n = parse_search(b.p, uids, MAX_PER_POLL);
	for (size_t i = 0; i < n; i++) {
		char cmd[96];
		snprintf(cmd, sizeof cmd, "UID FETCH %lu BODY.PEEK[]", uids[i]);
		if ((rc = run(c, cmd, &b)) != CURLE_OK) {
			log_event(LOG_WARN, "imap_poll_failed", "step=fetch uid=%lu curl=%d", uids[i],
				  (int)rc);
			delivered = delivered ? delivered : -1;
			break;
		}
		const char *data;
		size_t len;
		if (b.overflow || !fetch_literal(&b, &data, &len)) {
			log_event(LOG_WARN, "imap_message_skipped", "uid=%lu reason=%s", uids[i],
				  b.overflow ? "too_large" : "no_literal");
			continue;
		}
		const char *rcpt = cfg->url;
		struct lmtp_delivery d = {.mail_from = NULL, .rcpts = &rcpt, .n_rcpts = 1,
					  .data = data, .len = len};
		char why[200] = "";
		enum lmtp_verdict v = deliver(ctx, &d, why, sizeof why);
		if (v == LMTP_TEMPFAIL || v == LMTP_RATE_LIMITED)
			continue; /* stays unseen: the next poll tries again */
		if (v == LMTP_REJECT)
			log_event(LOG_WARN, "imap_message_refused", "uid=%lu", uids[i]);
		snprintf(cmd, sizeof cmd, "UID STORE %lu +FLAGS (\\Seen)", uids[i]);
		if ((rc = run(c, cmd, &b)) != CURLE_OK)
			log_event(LOG_WARN, "imap_poll_failed", "step=store uid=%lu curl=%d", uids[i],
				  (int)rc);
		delivered++;
	}
out:
	free(b.p);
	curl_easy_cleanup(c);
	return delivered;
}

static void *poller_main(void *arg)
{
	struct imap_poller *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		pthread_mutex_unlock(&p->mu);
		imap_poll_once(&p->cfg, p->deliver, p->ctx);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += p->cfg.interval_ms / 1000;
		until.tv_nsec += (p->cfg.interval_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_mutex_lock(&p->mu);
		while (!p->stop)
			if (pthread_cond_timedwait(&p->cv, &p->mu, &until) != 0)
				break;
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct imap_poller *imap_poller_start(const struct imap_config *cfg, lmtp_deliver_fn deliver,
				      void *ctx)
{
	struct imap_poller *p = xcalloc(1, sizeof *p);
	p->url = xstrdup(cfg->url);
	p->password = cfg->password ? xstrdup(cfg->password) : NULL;
	p->cfg = *cfg;
	p->cfg.url = p->url;
	p->cfg.password = p->password;
	if (p->cfg.interval_ms < 100)
		p->cfg.interval_ms = 100;
	p->deliver = deliver;
	p->ctx = ctx;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->thread, NULL, poller_main, p) != 0) {
		free(p->url), free(p->password), free(p);
		return NULL;
	}
	return p;
}

void imap_poller_stop(struct imap_poller *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	if (p->password)
		memset(p->password, 0, strlen(p->password));
	free(p->url), free(p->password), free(p);
}
