/* exchange_webhook.c — the connector's configuration, the signed webhook receiver and the two
 * reads about the connection (docs/exchange.md).
 *
 * The receiver answers fast (docs/connector.md: "a receiver records the event and works later"):
 * it checks the signature with the exchange's webhook key (core/hmac_sign.h: the window and a
 * replay table), checks the body is an event (id, type, data), keeps it once by its id, wakes
 * the event worker and answers 200. A repeat of a kept id is answered 200 with
 * `duplicate: true` and changes nothing, so the exchange's retries are harmless. Anything
 * unsigned, forged, stale or replayed is 401 and never recorded. */
#include "api/exchange.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/textbuf.h"
#include "util/utf8.h"

#define EVENT_ID_MAX   100
#define EVENT_TYPE_MAX 64
#define REPLAY_BUCKETS 4096 /* 65,536 nonces within the five-minute window */

static struct exchange_client *client;
static struct exchange_secrets secrets;
static struct hmac_sign_key webhook_key;
static bool webhook_ready;
static pthread_mutex_t replay_mu = PTHREAD_MUTEX_INITIALIZER;
static struct hmac_replay replay;
static struct hmac_replay_entry *replay_entries;

bool exchange_configure(const struct exchange_settings *s, char *err, size_t err_size)
{
	if (!s->url)
		return true;
	if (!s->secrets_path) {
		snprintf(err, err_size, "--exchange needs --exchange-secrets FILE");
		return false;
	}
	if (!exchange_secrets_read(s->secrets_path, false, &secrets, err, err_size))
		return false;
	struct exchange_client_config cfg = {.base_url = s->url,
	                                     .key = secrets.api_key,
	                                     .secret = (const uint8_t *)secrets.api_secret,
	                                     .secret_len = strlen(secrets.api_secret),
	                                     .timeout_ms = s->timeout_ms,
	                                     .max_attempts = s->max_attempts};
	client = exchange_client_new(&cfg);
	if (!client) {
		snprintf(err, err_size, "--exchange takes http://HOST:PORT or https://HOST:PORT");
		exchange_secrets_wipe(&secrets);
		return false;
	}
	replay_entries = calloc((size_t)REPLAY_BUCKETS * HMAC_REPLAY_WAYS, sizeof *replay_entries);
	if (!replay_entries) {
		snprintf(err, err_size, "out of memory");
		return false;
	}
	uint8_t k[16];
	randombytes_buf(k, sizeof k);
	hmac_replay_init(&replay, replay_entries, REPLAY_BUCKETS, k);
	webhook_key.id = secrets.webhook_key;
	webhook_key.secret = (const uint8_t *)secrets.webhook_secret;
	webhook_key.secret_len = strlen(secrets.webhook_secret);
	webhook_ready = true;
	return true;
}

void exchange_shutdown(void)
{
	exchange_client_free(client);
	client = NULL;
	webhook_ready = false;
	free(replay_entries);
	replay_entries = NULL;
	exchange_secrets_wipe(&secrets);
}

struct exchange_client *exchange_connector(void)
{
	return client;
}

struct exchange_client *exchange_connector_or_answer(struct request *r)
{
	if (!client)
		http_error(r, 503, "exchange_not_connected",
		           "no exchange is connected to this desk (serve --exchange)", NULL);
	return client;
}

void exchange_answer_failure(struct request *r, const struct exchange_reply *rep)
{
	const char *code = rep->outcome == EXCHANGE_BAD_ANSWER ? "exchange_bad_answer"
	                   : rep->outcome == EXCHANGE_REFUSED  ? rep->code
	                                                       : "exchange_unavailable";
	int status = 502;
	if (rep->outcome == EXCHANGE_REFUSED)
		status = rep->status == 404 ? 404 : rep->status == 409 ? 409 : 422;
	http_error(r, status, code, rep->message[0] ? rep->message : "the exchange failed", NULL);
}

const char *exchange_escape(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = arena_alloc(a, n * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* ---- the receiver ---- */

struct record_job {
	const char *event_id, *type, *body;
	int64_t id;
	bool duplicate;
};

static int record_run(struct db *w, void *ctx)
{
	struct record_job *j = ctx;
	return store_exevent_insert(w, j->event_id, j->type, j->body, clock_now_ms(), &j->id,
	                            &j->duplicate) == DB_DONE
	           ? 0
	           : -1;
}

static bool printable_ascii(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n == 0 || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

void h_exchange_webhook(struct request *r)
{
	if (!webhook_ready) {
		http_error(r, 503, "exchange_not_connected",
		           "no exchange is connected to this desk (serve --exchange)", NULL);
		return;
	}
	struct hmac_sign_headers h = {.key = http_header_in(r, "X-Exdesk-Key"),
	                              .timestamp = http_header_in(r, "X-Exdesk-Timestamp"),
	                              .nonce = http_header_in(r, "X-Exdesk-Nonce"),
	                              .signature = http_header_in(r, "X-Exdesk-Signature")};
	int64_t now_s = (int64_t)time(NULL), ts = 0;
	enum hmac_sign_rc rc = hmac_sign_verify("POST", r->path, r->body, r->body_len, &h,
	                                        &webhook_key, 1, now_s, HMAC_SIGN_WINDOW_S, &ts, NULL);
	if (rc == HMAC_SIGN_OK) {
		pthread_mutex_lock(&replay_mu);
		rc = hmac_replay_admit(&replay, h.key, h.nonce, ts, now_s, HMAC_SIGN_WINDOW_S);
		pthread_mutex_unlock(&replay_mu);
	}
	if (rc != HMAC_SIGN_OK) {
		log_event(LOG_WARN, "exchange_webhook_refused", "reason=%s", hmac_sign_rc_code(rc));
		if (rc == HMAC_SIGN_REPLAY_FULL) {
			http_header(r, "Retry-After", "5");
			http_error(r, 503, "replay_table_full", hmac_sign_strerror(rc), NULL);
		} else {
			http_error(r, 401, hmac_sign_rc_code(rc), hmac_sign_strerror(rc), NULL);
		}
		return;
	}
	/* Signed by the exchange: now the body must be an event. */
	if (!utf8_valid(r->body, r->body_len, false)) {
		http_error(r, 400, "invalid_utf8", "the body is not valid UTF-8", NULL);
		return;
	}
	json_error_t je;
	json_t *ev = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(ev)) {
		json_decref(ev);
		http_error(r, 400, "malformed_json", "the body is not a JSON object", NULL);
		return;
	}
	const char *id = json_string_value(json_object_get(ev, "id"));
	const char *type = json_string_value(json_object_get(ev, "type"));
	json_t *data = json_object_get(ev, "data");
	const char *bad = !id ? "id" : !type ? "type" : !json_is_object(data) ? "data" : NULL;
	if (!bad && !printable_ascii(id, EVENT_ID_MAX))
		bad = "id";
	if (!bad && !printable_ascii(type, EVENT_TYPE_MAX))
		bad = "type";
	if (bad) {
		json_decref(ev);
		http_error(r, 422, "invalid_value",
		           "an event is {id, type, data}: id and type short printable text, data an object",
		           bad);
		return;
	}
	struct record_job j = {.event_id = arena_strdup(&r->arena, id),
	                       .type = arena_strdup(&r->arena, type),
	                       .body = arena_strndup(&r->arena, r->body, r->body_len)};
	json_decref(ev);
	int wrc = store_write(r->store, record_run, &j);
	if (wrc != 0) {
		http_store_failure(r, wrc);
		return;
	}
	if (!j.duplicate)
		exchange_events_kick();
	log_event(LOG_INFO, "exchange_webhook_received", "event=%s type=%s duplicate=%d",
	          j.event_id, j.type, j.duplicate);
	http_json(r, 200, json_pack("{s:b, s:b, s:I}", "received", 1, "duplicate", j.duplicate,
	                            "id", (json_int_t)j.id));
}

/* ---- reads ---- */

static json_t *render_exevent(const struct exevent_row *e)
{
	json_error_t je;
	json_t *body = json_loads(e->body, 0, &je);
	json_t *data = json_incref(json_object_get(body, "data"));
	json_decref(body);
	return json_pack("{s:I, s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
	                 (json_int_t)e->id, "event_id", e->event_id, "type", e->type, "status",
	                 e->status, "attempts", e->attempts, "error",
	                 e->error[0] ? json_string(e->error) : json_null(), "ticket_id",
	                 json_id(e->ticket_id), "received_at", json_time(e->received_at),
	                 "next_at", strcmp(e->status, "new") ? json_null() : json_time(e->next_at),
	                 "done_at", e->done_at ? json_time(e->done_at) : json_null(), "data",
	                 data ? data : json_null());
}

void h_exchange_events_list(struct request *r)
{
	int limit;
	int64_t before;
	if (!http_query_limit(r, &limit) || !http_query_cursor(r, &before))
		return;
	const char *type = http_query(r, "type"), *status = http_query(r, "status");
	if (status && strcmp(status, "new") && strcmp(status, "done") && strcmp(status, "failed") &&
	    strcmp(status, "ignored")) {
		http_error(r, 400, "invalid_query", "status is new, done, failed or ignored", "status");
		return;
	}
	if (type && !printable_ascii(type, EVENT_TYPE_MAX)) {
		http_error(r, 400, "invalid_query", "type is an event type", "type");
		return;
	}
	struct exevent_row *rows;
	size_t n = store_exevent_list(store_reader(r->store), &r->arena, type, status, before,
	                              limit + 1, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)limit; i++)
		json_array_append_new(arr, render_exevent(&rows[i]));
	json_t *next = n > (size_t)limit ? json_string(http_cursor_encode(r, rows[limit - 1].id))
	                                 : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "events", arr, "next_cursor", next));
}

void h_exchange_status(struct request *r)
{
	if (!client) {
		http_json(r, 200, json_pack("{s:b}", "connected", 0));
		return;
	}
	struct exchange_reply rep;
	exchange_call(client, "GET", "/v1/networks", NULL, &rep);
	struct exchange_client_stats st;
	exchange_client_stats(client, &st);
	uint64_t done, retried, failed;
	exchange_events_counts(&done, &retried, &failed);
	json_t *j = json_pack(
	    "{s:b, s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I}, s:{s:I, s:I, s:I}, s:o}",
	    "connected", 1, "url", exchange_client_url(client), "reachability",
	    exchange_outcome_name(rep.outcome), "calls", "ok", (json_int_t)st.calls[EXCHANGE_OK],
	    "refused", (json_int_t)st.calls[EXCHANGE_REFUSED], "unavailable",
	    (json_int_t)st.calls[EXCHANGE_UNAVAILABLE], "bad_answer",
	    (json_int_t)st.calls[EXCHANGE_BAD_ANSWER], "attempts", (json_int_t)st.attempts,
	    "events", "done", (json_int_t)done, "retried", (json_int_t)retried, "failed",
	    (json_int_t)failed, "networks",
	    rep.outcome == EXCHANGE_OK && json_object_get(rep.body, "networks")
	        ? json_incref(json_object_get(rep.body, "networks"))
	        : json_array());
	if (rep.outcome != EXCHANGE_OK)
		json_object_set_new(j, "error", json_pack("{s:s, s:s, s:i}", "code", rep.code,
		                                          "message", rep.message, "attempts",
		                                          rep.attempts));
	exchange_reply_clear(&rep);
	http_json(r, 200, j);
}

void exchange_metrics_render(struct textbuf *out)
{
	if (!client)
		return;
	struct exchange_client_stats st;
	exchange_client_stats(client, &st);
	uint64_t done, retried, failed;
	exchange_events_counts(&done, &retried, &failed);
	textbuf_printf(out, "# HELP exdesk_exchange_calls_total Calls to the exchange's connector by "
	                    "outcome.\n# TYPE exdesk_exchange_calls_total counter\n");
	for (int o = EXCHANGE_OK; o <= EXCHANGE_BAD_ANSWER; o++)
		textbuf_printf(out, "exdesk_exchange_calls_total{outcome=\"%s\"} %llu\n",
		               exchange_outcome_name((enum exchange_outcome)o),
		               (unsigned long long)st.calls[o]);
	textbuf_printf(out,
	               "# HELP exdesk_exchange_attempts_total HTTP attempts those calls took.\n"
	               "# TYPE exdesk_exchange_attempts_total counter\n"
	               "exdesk_exchange_attempts_total %llu\n"
	               "# HELP exdesk_exchange_events_total Webhook events worked, by result.\n"
	               "# TYPE exdesk_exchange_events_total counter\n"
	               "exdesk_exchange_events_total{result=\"done\"} %llu\n"
	               "exdesk_exchange_events_total{result=\"retried\"} %llu\n"
	               "exdesk_exchange_events_total{result=\"failed\"} %llu\n",
	               (unsigned long long)st.attempts, (unsigned long long)done,
	               (unsigned long long)retried, (unsigned long long)failed);
}
