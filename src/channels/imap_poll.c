/* imap_poll.c — the IMAP poller. libcurl speaks IMAP (login, SELECT, tagging, TLS, literals).
 *
 * libcurl fetches a message only as UID FETCH n BODY[] (the URL form .../INBOX/;UID=n), which
 * sets \Seen as a side effect; a custom "BODY.PEEK[]" request would not hand over the literal.
 * So each message is first flagged with the keyword $ExdeskFetching, fetched, unmarked \Seen at
 * once, delivered, and only after the commit marked \Seen with the keyword removed; after a
 * temporary failure the keyword goes too (it is retried next poll). A crash anywhere in between
 * leaves the keyword, so the message is never seen-but-not-stored.
 * Every poll takes the unseen messages and those still carrying the keyword — the redelivery
 * of one that was in fact committed is recognised by its Message-ID and changes nothing.
 * One easy handle per poll keeps one connection. */
#include "channels/imap_poll.h"

#include <curl/curl.h>
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_PER_POLL 200 /* the rest waits for the next poll */
#define KEYWORD      "$ExdeskFetching"

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

static CURLcode run(CURL *c, const char *url, const char *cmd, struct buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->p)
		b->p[0] = 0;
	curl_easy_setopt(c, CURLOPT_URL, url);
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

static bool has_uid(const unsigned long *uids, size_t n, unsigned long uid)
{
	for (size_t i = 0; i < n; i++)
		if (uids[i] == uid)
			return true;
	return false;
}

/* Its answer goes to a buffer of its own: the fetched message in the other must survive it. */
static void store_flags(CURL *c, const char *url, unsigned long uid, const char *how)
{
	char cmd[96];
	snprintf(cmd, sizeof cmd, "UID STORE %lu %s", uid, how);
	struct buf b = {.max = 65536};
	CURLcode rc = run(c, url, cmd, &b);
	free(b.p);
	if (rc != CURLE_OK)
		log_event(LOG_WARN, "imap_poll_failed", "step=store uid=%lu curl=%d", uid, (int)rc);
}

int imap_poll_once(const struct imap_config *cfg, lmtp_deliver_fn deliver, void *ctx)
{
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	char errbuf[CURL_ERROR_SIZE] = "";
	struct buf b = {.max = cfg->max_message + 4096};
	if (cfg->password)
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	int delivered = 0;
	unsigned long uids[MAX_PER_POLL], pending[MAX_PER_POLL];
	const char *url = cfg->url;
	size_t ulen = strlen(url);
	char *fetch_url = xmalloc(ulen + 32);
	CURLcode rc = run(c, url, "UID SEARCH UNSEEN", &b);
	size_t n = rc == CURLE_OK ? parse_search(b.p, uids, MAX_PER_POLL) : 0;
	if (rc == CURLE_OK)
		rc = run(c, url, "UID SEARCH KEYWORD " KEYWORD, &b);
	if (rc != CURLE_OK) {
		log_event(LOG_WARN, "imap_poll_failed", "step=search curl=%d", (int)rc);
		delivered = -1;
		goto out;
	}
	size_t np = parse_search(b.p, pending, MAX_PER_POLL);
	for (size_t i = 0; i < np && n < MAX_PER_POLL; i++)
		if (!has_uid(uids, n, pending[i]))
			uids[n++] = pending[i]; /* interrupted before its commit: take it again */
	for (size_t i = 0; i < n; i++) {
		store_flags(c, url, uids[i], "+FLAGS (" KEYWORD ")");
		snprintf(fetch_url, ulen + 32, "%s%s;UID=%lu", url, url[ulen - 1] == '/' ? "" : "/",
			 uids[i]);
		if ((rc = run(c, fetch_url, NULL, &b)) != CURLE_OK || b.overflow) {
			log_event(LOG_WARN, "imap_message_skipped", "uid=%lu curl=%d too_large=%d",
				  uids[i], (int)rc, b.overflow);
			/* Too large: retrying cannot help and it must not be fetched every poll. It
			 * stays \Seen with $ExdeskTooLarge, for a person to deal with in the mailbox. */
			bool big = b.overflow;
			store_flags(c, url, uids[i], "-FLAGS (" KEYWORD ")");
			store_flags(c, url, uids[i],
				    big ? "+FLAGS (\\Seen $ExdeskTooLarge)" : "-FLAGS (\\Seen)");
			continue;
		}
		/* The fetch marked it \Seen; take that back until it is committed. */
		store_flags(c, url, uids[i], "-FLAGS (\\Seen)");
		const char *rcpt = url;
		struct lmtp_delivery d = {.mail_from = NULL, .rcpts = &rcpt, .n_rcpts = 1,
					  .data = b.p ? b.p : "", .len = b.len};
		char why[200] = "";
		enum lmtp_verdict v = deliver(ctx, &d, why, sizeof why);
		if (v == LMTP_TEMPFAIL || v == LMTP_RATE_LIMITED) {
			store_flags(c, url, uids[i], "-FLAGS (\\Seen " KEYWORD ")");
			continue; /* unseen again: the next poll tries again */
		}
		if (v == LMTP_REJECT)
			log_event(LOG_WARN, "imap_message_refused", "uid=%lu", uids[i]);
		store_flags(c, url, uids[i], "-FLAGS (" KEYWORD ")");
		store_flags(c, url, uids[i], "+FLAGS (\\Seen)");
		delivered++;
	}
out:
	free(fetch_url);
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
		clock_deadline_after(&until, p->cfg.interval_ms);
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
