/* harness_exchange.h — API-test helpers for `exdesk demo-exchange` (docs/connector.md):
 * start the real binary on a free loopback port with a fresh data dir and a known secret file,
 * send requests signed the way the connector documents (the HMAC and SHA-256 are the harness's
 * own, independent of the server's libsodium), and a small webhook sink that records what the
 * exchange posts. Everything comes from docs/connector.md and the command line, nothing from
 * src/. The exchange process and its dir are removed at exit (and the process dies with the
 * test if it is killed). */
#ifndef EXDESK_TESTS_API_HARNESS_EXCHANGE_H
#define EXDESK_TESTS_API_HARNESS_EXCHANGE_H
#include "harness.h"

#define XS_KEY            "exdesk"
#define XS_SECRET         "api-secret-for-the-demo-exchange-tests-0001"
#define XS_WEBHOOK_KEY    "demo-exchange"
#define XS_WEBHOOK_SECRET "webhook-secret-for-the-demo-exchange-tests-01"

/* Starts `exdesk demo-exchange --data DIR --listen 127.0.0.1:PORT --secret-file DIR/secrets`
 * (plus --webhook URL when webhook_url is not NULL) in a fresh dir, waits for GET /healthz.
 * DIR/exdesk.db links to the exchange's database so db_fingerprint() and db_query1() read it.
 * Bails out (not ok + exit) when it does not come up. */
void xsrv_start(struct srv *s, const char *webhook_url);
/* Starts it again on the same dir (a new port); 0 when /healthz answered. */
int xsrv_restart(struct srv *s, const char *webhook_url);

/* Stops it and starts it again on the same dir and the same port (the desk keeps its URL). */
int xsrv_restart_same_port(struct srv *s, const char *webhook_url);
/* A desk connected to a fresh demo exchange: the exchange first (its secret file), then the desk
 * with `--exchange URL --exchange-secrets FILE` plus more_args (NULL-terminated, may be NULL),
 * then the exchange again on its port with the desk's webhook URL, so the events it queued at
 * its first start (two pending withdrawals, two deposits, a login) go to the desk. */
void xdesk_start(struct srv *desk, struct srv *x, const char *const *more_args);

/* How to sign one request; zero fields take the correct value. */
struct xsign {
	const char *method;
	const char *target;       /* path + query, as sent */
	const char *body;         /* NULL: none */
	size_t body_len;          /* 0: strlen(body) */
	const char *content_type; /* NULL: application/json when there is a body; "": none */
	/* Overrides, for the refusal tests */
	const char *key;         /* X-Exdesk-Key */
	const char *secret;      /* signing secret */
	long long ts_offset;     /* seconds added to now */
	const char *nonce;       /* fixed nonce (replays) */
	const char *sign_target; /* sign this target but send `target` */
	const char *sign_body;   /* sign this body but send `body` */
	const char *sign_method; /* sign this method but send `method` */
	const char *signature;   /* send this signature instead */
	bool omit_key, omit_ts, omit_nonce, omit_sig;
	char nonce_out[40]; /* the nonce that was sent */
};
struct resp *xreq_ex(struct srv *s, struct xsign *o);
/* A correctly signed request. */
struct resp *xget(struct srv *s, const char *target);
struct resp *xpost(struct srv *s, const char *target, const char *json_body);

/* The lowercase hex HMAC-SHA256 of a request as docs/connector.md defines it. */
void xsign_compute(const char *secret, const char *method, const char *target, const char *key,
                   long long ts, const char *nonce, const char *body, size_t body_len,
                   char out[65]);

/* ---- webhook sink ---- */
#define SINK_MAX 256
struct sink_item {
	char target[512];
	char key[80], ts[32], nonce[80], sig[80], event[80], event_id[80];
	char *body;
	size_t body_len;
	json_t *json;
	int answered; /* status sent back */
	double at;
};
struct sink;
/* Listens on a free loopback port; `fail_first` requests are answered 500, the rest 200. */
struct sink *sink_start(int fail_first);
const char *sink_url(struct sink *k); /* http://127.0.0.1:PORT/hooks/exchange?v=1 */
int sink_count(struct sink *k);
/* Copy of item i (body and json stay owned by the sink). */
bool sink_item(struct sink *k, int i, struct sink_item *out);
/* Waits until at least n items have been answered 200. */
bool sink_wait(struct sink *k, int n, double timeout_s);
void sink_stop(struct sink *k);

#endif
