/* exchange_client.c — see exchange_client.h. */
#include "channels/exchange_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hmac_sign.h"
#include "util/clock.h"
#include "util/log.h"

#define POOL_MAX        16   /* idle handles kept (each keeps its connection alive) */
#define RETRY_FIRST_MS  200  /* then 400, 800, ... */
#define URL_MAX         4200

struct exchange_client {
	char base_url[512];
	char key[HMAC_SIGN_KEY_MAX + 1];
	uint8_t secret[HMAC_SIGN_SECRET_MAX];
	size_t secret_len;
	long connect_timeout_ms, timeout_ms;
	int max_attempts;
	pthread_mutex_t mu;
	CURL *pool[POOL_MAX];
	size_t n_pool;
	_Atomic uint64_t calls[4], attempts;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct exchange_client *exchange_client_new(const struct exchange_client_config *cfg)
{
	if (!cfg->base_url || (strncmp(cfg->base_url, "http://", 7) != 0 &&
	                       strncmp(cfg->base_url, "https://", 8) != 0))
		return NULL;
	if (strlen(cfg->base_url) >= sizeof ((struct exchange_client *)0)->base_url)
		return NULL;
	if (!cfg->key || !cfg->key[0] || strlen(cfg->key) > HMAC_SIGN_KEY_MAX)
		return NULL;
	if (!cfg->secret || cfg->secret_len < HMAC_SIGN_SECRET_MIN ||
	    cfg->secret_len > HMAC_SIGN_SECRET_MAX)
		return NULL;
	pthread_once(&curl_once, curl_init_once);
	struct exchange_client *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	snprintf(x->base_url, sizeof x->base_url, "%s", cfg->base_url);
	size_t n = strlen(x->base_url);
	while (n && x->base_url[n - 1] == '/') /* targets start with '/' */
		x->base_url[--n] = '\0';
	snprintf(x->key, sizeof x->key, "%s", cfg->key);
	memcpy(x->secret, cfg->secret, cfg->secret_len);
	x->secret_len = cfg->secret_len;
	x->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 2000;
	x->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 5000;
	x->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 3;
	pthread_mutex_init(&x->mu, NULL);
	return x;
}

void exchange_client_free(struct exchange_client *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n_pool; i++)
		curl_easy_cleanup(x->pool[i]);
	pthread_mutex_destroy(&x->mu);
	memset(x->secret, 0, sizeof x->secret);
	free(x);
}

const char *exchange_client_url(const struct exchange_client *x)
{
	return x->base_url;
}

const char *exchange_outcome_name(enum exchange_outcome o)
{
	static const char *const names[] = {"ok", "refused", "unavailable", "bad_answer"};
	return (unsigned)o < 4 ? names[o] : "unknown";
}

void exchange_client_stats(const struct exchange_client *x, struct exchange_client_stats *out)
{
	for (int i = 0; i < 4; i++)
		out->calls[i] = atomic_load(&((struct exchange_client *)x)->calls[i]);
	out->attempts = atomic_load(&((struct exchange_client *)x)->attempts);
}

static CURL *take_handle(struct exchange_client *x)
{
	CURL *c = NULL;
	pthread_mutex_lock(&x->mu);
	if (x->n_pool)
		c = x->pool[--x->n_pool];
	pthread_mutex_unlock(&x->mu);
	return c ? c : curl_easy_init();
}

static void give_handle(struct exchange_client *x, CURL *c)
{
	pthread_mutex_lock(&x->mu);
	if (x->n_pool < POOL_MAX) {
		x->pool[x->n_pool++] = c;
		c = NULL;
	}
	pthread_mutex_unlock(&x->mu);
	if (c)
		curl_easy_cleanup(c);
}

struct answer {
	char *p;
	size_t len, cap;
	bool too_large;
};

static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
	struct answer *b = ud;
	size_t add = sz * n;
	if (b->len + add > EXCHANGE_ANSWER_MAX) {
		b->too_large = true;
		return 0; /* curl stops with CURLE_WRITE_ERROR */
	}
	if (b->len + add + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + add + 1)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q)
			return 0;
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->len, p, add);
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

static void set_error(struct exchange_reply *out, enum exchange_outcome o, const char *code,
                      const char *fmt, const char *detail)
{
	out->outcome = o;
	snprintf(out->code, sizeof out->code, "%s", code);
	snprintf(out->message, sizeof out->message, fmt, detail ? detail : "");
}

/* One attempt. Returns true when worth retrying (transport failure, 429, 5xx). */
static bool attempt(struct exchange_client *x, CURL *c, const char *method, const char *target,
                    const char *body, size_t body_len, long timeout_ms, struct exchange_reply *out)
{
	char nonce[33], sig[HMAC_SIGN_HEX];
	hmac_sign_nonce(nonce);
	struct hmac_sign_request rq = {.method = method,
	                               .target = target,
	                               .key = x->key,
	                               .timestamp = (int64_t)time(NULL), /* the real clock: the peer checks it */
	                               .nonce = nonce,
	                               .body = body,
	                               .body_len = body_len};
	enum hmac_sign_rc rc = hmac_sign_compute(&rq, x->secret, x->secret_len, sig);
	if (rc != HMAC_SIGN_OK) {
		set_error(out, EXCHANGE_BAD_ANSWER, "bad_request",
		          "the request could not be signed: %s", hmac_sign_strerror(rc));
		return false;
	}
	char url[URL_MAX], h_key[100], h_ts[48], h_nonce[64], h_sig[100];
	snprintf(url, sizeof url, "%s%s", x->base_url, target);
	snprintf(h_key, sizeof h_key, "X-Exdesk-Key: %s", x->key);
	snprintf(h_ts, sizeof h_ts, "X-Exdesk-Timestamp: %lld", (long long)rq.timestamp);
	snprintf(h_nonce, sizeof h_nonce, "X-Exdesk-Nonce: %s", nonce);
	snprintf(h_sig, sizeof h_sig, "X-Exdesk-Signature: %s", sig);
	struct curl_slist *h = NULL;
	if (body)
		h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	h = curl_slist_append(h, h_key);
	h = curl_slist_append(h, h_ts);
	h = curl_slist_append(h, h_nonce);
	h = curl_slist_append(h, h_sig);
	struct answer ans = {0};
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L); /* the target signed is the target sent */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	if (body) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
	                 x->connect_timeout_ms < timeout_ms ? x->connect_timeout_ms : timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "exdesk-connector/1");
	CURLcode cc = curl_easy_perform(c);
	curl_slist_free_all(h);
	out->status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	bool retry = false;
	json_decref(out->body);
	out->body = NULL;
	if (ans.too_large) {
		set_error(out, EXCHANGE_BAD_ANSWER, "too_large",
		          "the exchange answered more than 4 MiB%s", "");
	} else if (cc == CURLE_OPERATION_TIMEDOUT) {
		set_error(out, EXCHANGE_UNAVAILABLE, "timeout",
		          "the exchange did not answer in time (%s)", curl_easy_strerror(cc));
		retry = true;
	} else if (cc != CURLE_OK) {
		set_error(out, EXCHANGE_UNAVAILABLE, "connect_failed",
		          "the exchange could not be reached: %s", curl_easy_strerror(cc));
		retry = true;
	} else {
		json_error_t je;
		json_t *j = ans.p ? json_loadb(ans.p, ans.len, JSON_REJECT_DUPLICATES, &je) : NULL;
		if (j && !json_is_object(j)) {
			json_decref(j);
			j = NULL;
		}
		if (out->status == 429 || out->status >= 500) {
			char code[32];
			snprintf(code, sizeof code, "http_%ld", out->status);
			set_error(out, EXCHANGE_UNAVAILABLE, code,
			          "the exchange is failing or busy (HTTP %s)", code + 5);
			json_decref(j);
			retry = true;
		} else if (out->status >= 200 && out->status < 300) {
			if (j) {
				out->outcome = EXCHANGE_OK;
				out->body = j;
				out->code[0] = out->message[0] = '\0';
			} else {
				set_error(out, EXCHANGE_BAD_ANSWER, "not_json",
				          "the exchange's answer is not a JSON object%s", "");
			}
		} else if (out->status >= 400 && out->status < 500) {
			json_t *e = j ? json_object_get(j, "error") : NULL;
			const char *code = json_string_value(json_object_get(e, "code"));
			const char *msg = json_string_value(json_object_get(e, "message"));
			set_error(out, EXCHANGE_REFUSED, code ? code : "refused", "%s",
			          msg ? msg : "the exchange refused the request");
			out->body = j;
		} else {
			json_decref(j);
			set_error(out, EXCHANGE_BAD_ANSWER, "unexpected_status",
			          "the exchange answered with an unexpected status%s", "");
		}
	}
	free(ans.p);
	return retry;
}

enum exchange_outcome exchange_call(struct exchange_client *x, const char *method,
                                    const char *target, json_t *body,
                                    struct exchange_reply *out)
{
	return exchange_call_limited(x, method, target, body, NULL, out);
}

enum exchange_outcome exchange_call_limited(struct exchange_client *x, const char *method,
                                            const char *target, json_t *body,
                                            const struct exchange_call_limits *lim,
                                            struct exchange_reply *out)
{
	memset(out, 0, sizeof *out);
	/* Limits only shorten: an operator's tighter --exchange-timeout-ms still holds. */
	long timeout_ms = x->timeout_ms;
	int max_attempts = x->max_attempts;
	if (lim && lim->timeout_ms > 0 && lim->timeout_ms < timeout_ms)
		timeout_ms = lim->timeout_ms;
	if (lim && lim->max_attempts > 0 && lim->max_attempts < max_attempts)
		max_attempts = lim->max_attempts;
	double t0 = clock_now_ms();
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
	if (body && !text) {
		set_error(out, EXCHANGE_BAD_ANSWER, "bad_request", "the request could not be written%s",
		          "");
		return out->outcome;
	}
	CURL *c = take_handle(x);
	if (!c) {
		free(text);
		set_error(out, EXCHANGE_UNAVAILABLE, "no_memory", "out of memory%s", "");
		return out->outcome;
	}
	long delay = RETRY_FIRST_MS;
	for (int i = 0; i < max_attempts; i++) {
		out->attempts = i + 1;
		atomic_fetch_add(&x->attempts, 1);
		if (!attempt(x, c, method, target, text, text ? strlen(text) : 0, timeout_ms, out))
			break;
		if (i + 1 < max_attempts) {
			struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
			nanosleep(&ts, NULL);
			delay *= 2;
		}
	}
	give_handle(x, c);
	free(text);
	out->elapsed_ms = (double)clock_now_ms() - t0;
	atomic_fetch_add(&x->calls[out->outcome], 1);
	if (out->outcome != EXCHANGE_OK && out->outcome != EXCHANGE_REFUSED)
		log_event(LOG_WARN, "exchange_call_failed",
		          "method=%s target=\"%s\" outcome=%s code=%s attempts=%d status=%ld", method,
		          target, exchange_outcome_name(out->outcome), out->code, out->attempts,
		          out->status);
	return out->outcome;
}

void exchange_reply_clear(struct exchange_reply *r)
{
	json_decref(r->body);
	memset(r, 0, sizeof *r);
}
