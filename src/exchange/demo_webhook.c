/* demo_webhook.c — the demo exchange's webhooks to exdesk (docs/connector.md "Webhooks").
 * Events are written to the outbox in the same transaction as the change that raised them,
 * so none is sent for a change that did not commit and none is lost to a crash; one thread
 * delivers them in order of due time, each POST signed afresh (core/hmac_sign.h) with the
 * exchange's own key, retried with a doubling delay until exdesk answers 2xx. exdesk tells
 * repeats apart by the event id. */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "exchange/demo_internal.h"
#include "util/clock.h"
#include "util/log.h"

#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS   (5 * 60 * 1000)
#define IDLE_WAIT_MS   1000

bool demo_webhook_queue(struct demo_exchange *x, struct arena *a, const char *type, json_t *data,
                        int64_t now)
{
	unsigned char rnd[12];
	char hex[25];
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	const char *id = arena_printf(a, "evt_%s", hex);
	json_t *ev = json_pack("{s:s,s:s,s:o,s:o}", "id", id, "type", type, "created_at",
	                       demo_time(now), "data", data);
	char *body = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
	json_decref(ev);
	if (!body)
		return false;
	bool ok = exstore_outbox_insert(x->db, id, type, body, now) == DB_DONE;
	free(body);
	return ok;
}

void demo_webhook_kick(struct demo_exchange *x)
{
	pthread_mutex_lock(&x->mu);
	pthread_cond_signal(&x->wake);
	pthread_mutex_unlock(&x->mu);
}

static size_t discard(char *p, size_t sz, size_t n, void *ud)
{
	(void)p, (void)ud;
	return sz * n;
}

/* One POST; true on a 2xx. *why gets a short reason otherwise. */
static bool deliver(struct demo_exchange *x, CURL *c, const char *target,
                    const struct ex_outbox *ob, char *why, size_t whysz)
{
	char nonce[33], sig[HMAC_SIGN_HEX];
	hmac_sign_nonce(nonce);
	struct hmac_sign_request rq = {.method = "POST",
	                               .target = target,
	                               .key = x->webhook_key,
	                               .timestamp = clock_now_ms() / 1000,
	                               .nonce = nonce,
	                               .body = ob->body,
	                               .body_len = strlen(ob->body)};
	enum hmac_sign_rc rc =
	    hmac_sign_compute(&rq, x->webhook_secret, x->webhook_secret_len, sig);
	if (rc != HMAC_SIGN_OK) {
		snprintf(why, whysz, "%s", hmac_sign_rc_code(rc));
		return false;
	}
	char h_key[100], h_ts[48], h_nonce[64], h_sig[100], h_ev[80], h_id[80];
	snprintf(h_key, sizeof h_key, "X-Exdesk-Key: %s", x->webhook_key);
	snprintf(h_ts, sizeof h_ts, "X-Exdesk-Timestamp: %lld", (long long)rq.timestamp);
	snprintf(h_nonce, sizeof h_nonce, "X-Exdesk-Nonce: %s", nonce);
	snprintf(h_sig, sizeof h_sig, "X-Exdesk-Signature: %s", sig);
	snprintf(h_ev, sizeof h_ev, "X-Exdesk-Event: %s", ob->type);
	snprintf(h_id, sizeof h_id, "X-Exdesk-Event-Id: %s", ob->event_id);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	h = curl_slist_append(h, h_key);
	h = curl_slist_append(h, h_ts);
	h = curl_slist_append(h, h_nonce);
	h = curl_slist_append(h, h_sig);
	h = curl_slist_append(h, h_ev);
	h = curl_slist_append(h, h_id);
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, x->webhook_url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, ob->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(ob->body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "exdesk-demo-exchange");
	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	if (cc != CURLE_OK) {
		snprintf(why, whysz, "%s", curl_easy_strerror(cc));
		return false;
	}
	if (status < 200 || status >= 300) {
		snprintf(why, whysz, "HTTP %ld", status);
		return false;
	}
	return true;
}

/* The request target the receiver sees: path and query of the URL. */
static char *url_target(const char *url)
{
	CURLU *u = curl_url();
	char *path = NULL, *query = NULL, *out = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
		curl_url_get(u, CURLUPART_QUERY, &query, 0);
		size_t n = strlen(path) + (query ? strlen(query) + 1 : 0) + 1;
		out = malloc(n);
		if (out)
			snprintf(out, n, "%s%s%s", path, query ? "?" : "", query ? query : "");
	}
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return out;
}

static void *sender(void *arg)
{
	struct demo_exchange *x = arg;
	CURL *c = curl_easy_init();
	char *target = url_target(x->webhook_url);
	pthread_mutex_lock(&x->mu);
	while (!x->stopping && c && target) {
		struct arena a;
		arena_init(&a, 4096);
		struct ex_outbox ob;
		if (!exstore_outbox_next(x->db, &a, clock_now_ms(), &ob)) {
			arena_free(&a);
			struct timespec until;
			clock_deadline_after(&until, IDLE_WAIT_MS);
			pthread_cond_timedwait(&x->wake, &x->mu, &until);
			continue;
		}
		pthread_mutex_unlock(&x->mu);
		char why[160] = "";
		bool ok = deliver(x, c, target, &ob, why, sizeof why);
		pthread_mutex_lock(&x->mu);
		int64_t now = clock_now_ms();
		if (ok) {
			exstore_outbox_delivered(x->db, ob.id, now);
			log_event(LOG_INFO, "demo_webhook_delivered", "event=%s type=%s attempt=%d",
			          ob.event_id, ob.type, ob.attempts + 1);
		} else {
			int64_t delay = RETRY_FIRST_MS;
			for (int i = 0; i < ob.attempts && delay < RETRY_MAX_MS; i++)
				delay *= 2;
			if (delay > RETRY_MAX_MS)
				delay = RETRY_MAX_MS;
			exstore_outbox_retry(x->db, ob.id, now + delay, why);
			log_event(LOG_WARN, "demo_webhook_failed",
			          "event=%s type=%s attempt=%d retry_ms=%lld reason=\"%s\"",
			          ob.event_id, ob.type, ob.attempts + 1, (long long)delay, why);
		}
		arena_free(&a);
	}
	pthread_mutex_unlock(&x->mu);
	free(target);
	if (c)
		curl_easy_cleanup(c);
	return NULL;
}

bool demo_webhook_start(struct demo_exchange *x)
{
	char *t = url_target(x->webhook_url);
	if (!t || strncmp(x->webhook_url, "http", 4) != 0) {
		free(t);
		return false;
	}
	free(t);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	if (pthread_create(&x->sender, NULL, sender, x) != 0)
		return false;
	x->sender_running = true;
	return true;
}

void demo_webhook_stop(struct demo_exchange *x)
{
	if (!x->sender_running)
		return;
	pthread_mutex_lock(&x->mu);
	x->stopping = true;
	pthread_cond_broadcast(&x->wake);
	pthread_mutex_unlock(&x->mu);
	pthread_join(x->sender, NULL);
	x->sender_running = false;
}
