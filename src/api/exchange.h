/* exchange.h — the desk's side of the exchange (issue 8; docs/exchange.md): the configured
 * connector client, the signed webhook receiver, and the worker that acts on what the exchange
 * reports. Features built on it (user 360, deposit recovery, withdrawal holds, incidents,
 * outreach) call the connector through exchange_connector() and register one handler per
 * webhook type in exchange_events.c's table.
 *
 * Connector calls are slow I/O: they are never made inside a write job (the writer serves the
 * whole desk). A feature reads, calls the exchange, then records the answer in a job; every
 * action carries an idempotency key so that doing it again after a crash or a retry is safe. */
#ifndef EXDESK_API_EXCHANGE_H
#define EXDESK_API_EXCHANGE_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "channels/exchange_client.h"
#include "channels/exchange_secrets.h"
#include "http/http.h"
#include "store/exchange_events.h"
#include "store/store.h"

/* ---- configuration (serve --exchange URL --exchange-secrets FILE) ---- */
struct exchange_settings {
	const char *url;          /* NULL: no exchange connected */
	const char *secrets_path; /* api_* sign our calls, webhook_* check the exchange's */
	long timeout_ms;          /* one attempt; 0: the client's default */
	int max_attempts;         /* 0: the client's default */
};
/* Reads the secrets and makes the client; false with err when unusable. Call before the server
 * starts; exchange_shutdown frees it after the server stopped. */
bool exchange_configure(const struct exchange_settings *s, char *err, size_t err_size);
void exchange_shutdown(void);
/* The connector client, or NULL when no exchange is connected. */
struct exchange_client *exchange_connector(void);

/* Answers 503 exchange_not_connected and returns NULL when no exchange is connected. */
struct exchange_client *exchange_connector_or_answer(struct request *r);
/* Answers a failed call the way every endpoint does: 502 exchange_unavailable (timeout, no
 * connection, 5xx), 502 exchange_bad_answer (garbage), or 409/422 with the exchange's own code
 * for a refusal (the `exchange_status` member carries its HTTP status). */
void exchange_answer_failure(struct request *r, const struct exchange_reply *rep);

/* Percent-encodes one path segment or query value into the arena (RFC 3986 unreserved kept). */
const char *exchange_escape(struct arena *a, const char *s);

/* ---- webhooks (exchange_webhook.c) ---- */
void h_exchange_webhook(struct request *r);     /* POST /api/v1/exchange/webhook */
void h_exchange_events_list(struct request *r); /* GET /api/v1/exchange/events */
void h_exchange_status(struct request *r);      /* GET /api/v1/exchange */
/* /metrics: calls to the exchange by outcome, attempts, webhook events worked by result.
 * Nothing when no exchange is connected. */
struct textbuf;
void exchange_metrics_render(struct textbuf *out);

/* ---- the event worker (exchange_events.c) ----
 * One thread works the received events in order of due time. A handler reads what it needs
 * through the connector, decides, records in write jobs, and says how it went. */
enum exev_result {
	EXEV_DONE,   /* acted (or decided nothing was needed) */
	EXEV_RETRY,  /* the exchange was unavailable: again later (1, 2, 4 ... 300 s) */
	EXEV_FAILED, /* cannot ever be acted on (malformed data): kept with the error */
};
struct exev {
	struct store *store;
	struct arena *a; /* freed after the handler */
	const struct exevent_row *row;
	json_t *data;      /* the event's "data" object (borrowed) */
	int64_t ticket_id; /* out: the ticket the handler opened or touched */
	char error[256];   /* out: why, for RETRY and FAILED */
};
typedef enum exev_result (*exev_fn)(struct exev *ev);

bool exchange_events_start(struct store *st);
void exchange_events_stop(void);
void exchange_events_kick(void); /* a new event was recorded */
/* For tests and /metrics: events worked since start by result. */
void exchange_events_counts(uint64_t *done, uint64_t *retried, uint64_t *failed);

#endif
