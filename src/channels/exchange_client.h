/* exchange_client.h — exdesk's side of the exchange connector (docs/connector.md): signed
 * HTTP/JSON calls to the exchange with libcurl, with timeouts and retries, each answer sorted
 * into what the caller must do about it.
 *
 * Owns: signing (core/hmac_sign.h with the api key and secret), the connection pool, time
 * limits, retries, and reading the answer as JSON. Never: decides anything about a ticket or
 * stores anything. Thread-safe: every thread may call at once (each call takes a handle from the
 * pool).
 *
 * Retries are safe because every action the connector offers is idempotent by its
 * `idempotency_key` (docs/connector.md "Idempotency"): a POST whose answer was lost is sent again
 * with the same body and the exchange answers it once. Only transport failures, 429 and 5xx are
 * retried; a 4xx is the exchange's answer and a 2xx that is not a JSON object is garbage — both
 * are final. */
#ifndef EXDESK_CHANNELS_EXCHANGE_CLIENT_H
#define EXDESK_CHANNELS_EXCHANGE_CLIENT_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXCHANGE_ANSWER_MAX (4 * 1024 * 1024) /* bytes of one answer read; more is garbage */

struct exchange_client_config {
	const char *base_url; /* "http://127.0.0.1:8090": scheme, host, port, no path */
	const char *key;      /* api_key: X-Exdesk-Key */
	const uint8_t *secret;
	size_t secret_len;
	long connect_timeout_ms; /* 0: 2000 */
	long timeout_ms;         /* one attempt, whole; 0: 5000 */
	int max_attempts;        /* 0: 3 */
};

struct exchange_client;
/* Copies the configuration; NULL when the URL is not http(s) or the key or secret is unusable. */
struct exchange_client *exchange_client_new(const struct exchange_client_config *cfg);
void exchange_client_free(struct exchange_client *x);
const char *exchange_client_url(const struct exchange_client *x);

enum exchange_outcome {
	EXCHANGE_OK,          /* 2xx with a JSON object: body */
	EXCHANGE_REFUSED,     /* 4xx: the exchange said no; code/message are its error's */
	EXCHANGE_UNAVAILABLE, /* no answer in time, no connection, 429 or 5xx after every retry */
	EXCHANGE_BAD_ANSWER,  /* an answer that is not a JSON object, or too large */
};
/* "ok", "refused", "unavailable", "bad_answer" */
const char *exchange_outcome_name(enum exchange_outcome o);

struct exchange_reply {
	enum exchange_outcome outcome;
	long status;   /* HTTP status of the last attempt; 0 when none came */
	json_t *body;  /* the answer's JSON object (OK and REFUSED when it was JSON); owned */
	char code[64]; /* REFUSED: the exchange's error code; otherwise a short one of ours:
	                  "timeout", "connect_failed", "http_503", "not_json", "too_large" */
	char message[256]; /* a sentence for agents and the log */
	int attempts;
	double elapsed_ms;
};

/* One call: method "GET" or "POST", target the path and query ("/v1/users/1?x=y", already
 * percent-encoded), body a JSON object for POST (NULL for GET; not consumed). Always fills out
 * (clear it with exchange_reply_clear) and returns out->outcome. */
enum exchange_outcome exchange_call(struct exchange_client *x, const char *method,
                                    const char *target, json_t *body,
                                    struct exchange_reply *out);
void exchange_reply_clear(struct exchange_reply *r);

/* The same call under tighter limits, for a caller that would rather show less than wait (a
 * panel reading several things at once). A limit only shortens the client's own: 0 keeps it. */
struct exchange_call_limits {
	long timeout_ms;  /* one attempt, connection included */
	int max_attempts;
};
enum exchange_outcome exchange_call_limited(struct exchange_client *x, const char *method,
                                            const char *target, json_t *body,
                                            const struct exchange_call_limits *lim,
                                            struct exchange_reply *out);

/* Counters for /metrics: calls by outcome and the attempts they took. */
struct exchange_client_stats {
	uint64_t calls[4];
	uint64_t attempts;
};
void exchange_client_stats(const struct exchange_client *x, struct exchange_client_stats *out);

#endif
