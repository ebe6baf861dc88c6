/* demo_internal.h — what the demo exchange's files share (demo_server.c: HTTP, signatures,
 * routing; demo_reads.c: the read endpoints and JSON shapes; demo_actions.c: idempotent
 * actions; demo_sim.c: the demo-only endpoints that play the user and the chain;
 * demo_webhook.c: the outbox sender). Not a public interface. */
#ifndef EXDESK_EXCHANGE_DEMO_INTERNAL_H
#define EXDESK_EXCHANGE_DEMO_INTERNAL_H
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/hmac_sign.h"
#include "exchange/demo_server.h"
#include "store/exchange_demo.h"
#include "util/arena.h"

#define DEMO_MAX_BODY     (64 * 1024) /* bytes of a request body */
#define DEMO_MAX_PARAMS   4
#define DEMO_LIST_LIMIT   50  /* default page size */
#define DEMO_LIST_MAX     200 /* largest page */
#define DEMO_MAX_TEXT     500 /* bytes of a free-text field (reason) */
#define DEMO_MAX_ID       128 /* bytes of an identifier field (uid, agent, idempotency key) */
#define DEMO_CHALLENGE_MS (5 * 60 * 1000) /* a 2FA challenge expires after 5 minutes */

struct demo_exchange {
	struct MHD_Daemon *d;
	/* One connection for everything; requests take turns. The demo is a peer for a desk,
	 * not an exchange under load, and one lock makes every action trivially atomic. */
	struct db *db;
	pthread_mutex_t mu; /* guards db and replay */
	struct hmac_sign_key key;
	char *key_id;
	uint8_t *secret;
	struct hmac_replay replay;
	struct hmac_replay_entry *replay_entries;
	/* webhooks */
	char *webhook_url, *webhook_key;
	uint8_t *webhook_secret;
	size_t webhook_secret_len;
	pthread_t sender;
	bool sender_running, stopping;
	pthread_cond_t wake; /* with mu: a webhook was queued, or stop */
};

/* One request, from the handler's point of view. */
struct dreq {
	struct demo_exchange *x;
	struct arena a;
	const char *method;
	const char *params[DEMO_MAX_PARAMS]; /* decoded path parameters, in order */
	size_t n_params;
	json_t *body; /* the validated JSON object of a POST, else NULL */
	void *conn;   /* struct MHD_Connection * */
	/* the answer */
	int status;
	char *answer; /* JSON text, malloc'd */
	size_t answer_len;
	bool replayed; /* an idempotent replay: Idempotent-Replayed: true */
	const char *allow;
};

/* ---- answers (demo_server.c) ---- */
/* Sets the answer to j (stolen) with status. */
void demo_answer(struct dreq *r, int status, json_t *j);
/* Sets the answer to already serialised JSON text (copied). */
void demo_answer_text(struct dreq *r, int status, const char *text, size_t len);
/* {"error":{"code","message"[,"field"]}} */
void demo_error(struct dreq *r, int status, const char *code, const char *message,
                const char *field);
void demo_internal_error(struct dreq *r, const char *what);
/* A query value, percent-decoded into the arena; NULL when absent. *bad is set (and the
 * answer is a 400) when it is not valid. */
const char *demo_query(struct dreq *r, const char *name, bool *bad);

/* ---- request bodies (demo_server.c) ---- */
enum demo_ftype {
	DF_ID,      /* 1..DEMO_MAX_ID printable ASCII without spaces */
	DF_TEXT,    /* 1..max bytes of UTF-8, no control characters but \n and \t */
	DF_LINE,    /* 1..max bytes of UTF-8 on one line */
	DF_AMOUNT,  /* a decimal string (core/amount.h), checked again against the asset */
	DF_INT,     /* an integer 0..max */
	DF_BOOL,    /* true or false */
	DF_STRLIST, /* an array of 1..max DF_LINE strings of up to DEMO_MAX_ID bytes */
};
struct demo_field {
	const char *name;
	enum demo_ftype type;
	bool required;
	size_t max; /* bytes for strings, value for integers, items for lists; 0 = default */
};
/* Checks r->body against fields[0..n): unknown fields, missing ones, types, sizes. Answers 422
 * and returns false on the first problem. */
bool demo_fields_ok(struct dreq *r, const struct demo_field *fields, size_t n);
/* r->body's string field, or NULL when absent or null. */
const char *demo_str(struct dreq *r, const char *name);

/* ---- shared rules (demo_reads.c) ---- */
/* A path network ("eth", "ERC20", "BEP20") as the exchange names it ("ETH", "BSC"), when the
 * exchange runs that network; answers 404 unknown_network otherwise. */
bool demo_network(struct dreq *r, const char *text, struct ex_network *out);
/* The user by uid, or a 404 user_not_found answer. */
bool demo_user(struct dreq *r, const char *uid, struct ex_user *out);
/* Milliseconds to RFC 3339 (null for 0). */
json_t *demo_time(int64_t ms);
json_t *demo_opt_str(const char *s);
json_t *demo_withdrawal_json(struct dreq *r, const struct ex_withdrawal *w, bool with_actions);
json_t *demo_deposit_json(struct dreq *r, const struct ex_deposit *d);
json_t *demo_challenge_json(const struct ex_challenge *c, int64_t now);
json_t *demo_login_json(const struct ex_login *l);
/* The deposit.seen payload for a chain transaction: who it is attributed to, memo verdict. */
json_t *demo_deposit_seen_json(struct dreq *r, const struct ex_chain_tx *t);

/* ---- webhooks (demo_webhook.c) ---- */
/* Queues an event in the outbox inside the caller's transaction (data stolen). */
bool demo_webhook_queue(struct demo_exchange *x, struct arena *a, const char *type, json_t *data,
                        int64_t now);
/* Wakes the sender after a commit that queued events. */
void demo_webhook_kick(struct demo_exchange *x);
bool demo_webhook_start(struct demo_exchange *x);
void demo_webhook_stop(struct demo_exchange *x);

/* ---- handlers ---- */
typedef void (*demo_handler)(struct dreq *r);
/* demo_reads.c */
void demo_get_user(struct dreq *r);
void demo_get_security_events(struct dreq *r);
void demo_get_logins(struct dreq *r);
void demo_get_balances(struct dreq *r);
void demo_get_deposits(struct dreq *r);
void demo_get_withdrawals(struct dreq *r);
void demo_get_trades(struct dreq *r);
void demo_get_address_book(struct dreq *r);
void demo_get_withdrawal(struct dreq *r);
void demo_get_chain_tx(struct dreq *r);
void demo_get_deposit_address(struct dreq *r);
void demo_get_networks(struct dreq *r);
void demo_get_challenge(struct dreq *r);
/* demo_actions.c */
void demo_post_hold(struct dreq *r);
void demo_post_release(struct dreq *r);
void demo_post_cancel(struct dreq *r);
void demo_post_credit(struct dreq *r);
void demo_post_compensation(struct dreq *r);
void demo_post_verify_2fa(struct dreq *r);
/* demo_sim.c */
void demo_sim_withdrawal(struct dreq *r);
void demo_sim_chain_tx(struct dreq *r);
void demo_sim_login(struct dreq *r);
void demo_sim_incident(struct dreq *r);
void demo_sim_answer_2fa(struct dreq *r);

/* ---- actions (demo_actions.c), shared with demo_sim.c ---- */
/* Runs fn inside one transaction under the idempotency key of r's body: the same key and body
 * answer the stored result, the same key with another body 409, a new key runs fn and stores
 * its answer with the commit. fn answers through demo_answer/demo_error; a status >= 400
 * rolls everything back and stores nothing. */
typedef void (*demo_action_fn)(struct dreq *r, int64_t now);
void demo_run_action(struct dreq *r, const char *action, demo_action_fn fn);
/* Adds delta_available and delta_locked (decimal strings, "-" prefixed to subtract) to a
 * balance, creating it at zero. Answers 409 insufficient_balance and returns false when a
 * result would be negative. */
bool demo_balance_move(struct dreq *r, const char *uid, const char *asset,
                       const char *delta_available, const char *delta_locked);
/* Parses a body amount against the asset's decimals: 422 naming field when invalid, zero
 * (unless zero_ok) or unknown asset. */
bool demo_amount(struct dreq *r, const char *field, const char *text, const char *asset,
                 bool zero_ok);

#endif
