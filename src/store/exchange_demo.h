/* exchange_demo.h — the demo exchange's database (`exdesk demo-exchange`, docs/connector.md):
 * its own SQLite file, separate from exdesk's store, with its own migrations
 * (src/store/sqlite/exchange/). Rows in, rows out: which rows to write and whether an action is
 * allowed is decided by the demo server (src/exchange/), never here.
 *
 * Every function takes the one connection the demo server uses (struct db from db.h); the
 * server serialises calls with its own lock, and wraps each action in db_begin/db_commit.
 * Strings in returned rows are copied into the caller's arena. Times are milliseconds since the
 * epoch (0 = none); amounts are decimal strings (core/amount.h). Lists are newest first and
 * paged by a (at, id) cursor: rows strictly older than the cursor, `limit` of them. */
#ifndef EXDESK_STORE_EXCHANGE_DEMO_H
#define EXDESK_STORE_EXCHANGE_DEMO_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct embedded_file;
/* The migration set of the demo exchange's database; *n gets the count. */
const struct embedded_file *exstore_migrations(size_t *n);
/* Opens DIR's database file (creating it) and applies the migrations. */
enum db_rc exstore_open(const char *path, struct db **out);

/* A page of a list: rows older than (before_at, before_id); before_at 0 = from the newest. */
struct exstore_page {
	int64_t before_at, before_id;
	int limit;
};

struct ex_user {
	const char *uid, *name, *email, *phone, *country, *language;
	int kyc_level;
	const char *kyc_status; /* none|pending|verified|rejected */
	int vip_tier;
	const char *account_status; /* active|frozen|closed */
	const char *status_reason;
	const char *twofa_method; /* none|totp|sms */
	int64_t created_at;
};
struct ex_security_event {
	int64_t id;
	const char *uid, *kind, *detail, *ip;
	int64_t at;
};
struct ex_login {
	int64_t id;
	const char *uid, *device_id, *ip, *country, *user_agent;
	bool new_device, new_country;
	int64_t at;
};
struct ex_balance {
	const char *uid, *asset, *available, *locked;
};
struct ex_deposit {
	int64_t id;
	const char *uid, *asset, *network, *amount, *fee, *txid, *address, *memo, *from_address;
	const char *status; /* pending|credited */
	int confirmations;
	bool recovered;
	int64_t created_at, credited_at;
};
struct ex_withdrawal {
	int64_t id;
	const char *uid, *asset, *network, *amount, *fee, *address, *memo;
	const char *status; /* pending|held|completed|cancelled */
	const char *txid, *reason, *actor;
	int64_t created_at, updated_at;
};
struct ex_withdrawal_action {
	int64_t id, withdrawal_id;
	const char *action, *reason, *agent;
	int64_t at;
};
struct ex_trade {
	int64_t id;
	const char *uid, *symbol, *side, *price, *qty, *fee, *fee_asset, *liquidity;
	int64_t at;
};
struct ex_book_entry {
	int64_t id;
	const char *uid, *network, *address, *memo, *label;
	bool whitelisted;
	int64_t created_at;
};
struct ex_network {
	const char *network, *memo_kind, *native_asset; /* memo_kind: none|tag|text */
	int required_confirmations;
};
struct ex_token {
	const char *network, *contract, *symbol, *asset; /* asset NULL when unlisted */
	bool listed;
};
struct ex_chain_tx {
	const char *network, *txid, *status; /* confirmed|pending|failed */
	int confirmations;
	const char *to_address, *memo, *asset, *token_contract, *amount, *sender;
	int64_t block_time;
};
struct ex_deposit_address {
	const char *network, *address;
	const char *norm; /* core/address.h's normalized form: what lookups compare */
	const char *kind; /* user|shared_memo|hot_wallet */
	const char *uid;  /* kind user only */
};
struct ex_incident {
	const char *id, *title, *products, *description;
	int64_t starts_at, ends_at, declared_at;
};
struct ex_compensation {
	int64_t id;
	const char *incident_id, *uid, *asset, *amount, *reason, *agent;
	int64_t created_at;
};
struct ex_challenge {
	int64_t id;
	const char *uid, *method, *status, *agent; /* status: pending|passed|failed */
	int64_t created_at, expires_at, answered_at;
};
struct ex_idempotency {
	const char *key, *action;
	uint8_t request_hash[32];
	int status;
	const char *response;
};
struct ex_outbox {
	int64_t id;
	const char *event_id, *type, *body;
	int attempts;
	int64_t next_at;
};

/* ---- reads (false / 0 rows when absent) ---- */
bool exstore_user_get(struct db *db, struct arena *a, const char *uid, struct ex_user *out);
bool exstore_network_get(struct db *db, struct arena *a, const char *network,
                         struct ex_network *out);
size_t exstore_networks(struct db *db, struct arena *a, struct ex_network **out);
/* Decimal places of a listed asset, or -1 when the exchange has no such asset. */
int exstore_asset_decimals(struct db *db, const char *asset);
/* Does the exchange credit `asset` as a listed token on the network? */
bool exstore_token_listed(struct db *db, const char *network, const char *asset);
bool exstore_token_get(struct db *db, struct arena *a, const char *network, const char *contract,
                       struct ex_token *out);
bool exstore_balance_get(struct db *db, struct arena *a, const char *uid, const char *asset,
                         struct ex_balance *out);
size_t exstore_balances(struct db *db, struct arena *a, const char *uid, struct ex_balance **out);
size_t exstore_security_events(struct db *db, struct arena *a, const char *uid,
                               const struct exstore_page *pg, struct ex_security_event **out);
size_t exstore_logins(struct db *db, struct arena *a, const char *uid,
                      const struct exstore_page *pg, struct ex_login **out);
bool exstore_login_get(struct db *db, struct arena *a, int64_t id, struct ex_login *out);
/* Has the user logged in before from this country / this device? */
bool exstore_login_country_seen(struct db *db, const char *uid, const char *country);
bool exstore_login_device_seen(struct db *db, const char *uid, const char *device_id);
size_t exstore_deposits(struct db *db, struct arena *a, const char *uid,
                        const struct exstore_page *pg, struct ex_deposit **out);
bool exstore_deposit_by_tx(struct db *db, struct arena *a, const char *network, const char *txid,
                           struct ex_deposit *out);
size_t exstore_withdrawals(struct db *db, struct arena *a, const char *uid,
                           const struct exstore_page *pg, struct ex_withdrawal **out);
bool exstore_withdrawal_get(struct db *db, struct arena *a, int64_t id, struct ex_withdrawal *out);
size_t exstore_withdrawal_actions(struct db *db, struct arena *a, int64_t withdrawal_id,
                                  struct ex_withdrawal_action **out);
size_t exstore_trades(struct db *db, struct arena *a, const char *uid,
                      const struct exstore_page *pg, struct ex_trade **out);
size_t exstore_address_book(struct db *db, struct arena *a, const char *uid,
                            struct ex_book_entry **out);
bool exstore_chain_tx_get(struct db *db, struct arena *a, const char *network, const char *txid,
                          struct ex_chain_tx *out);
/* By the normalized address (ex_deposit_address.norm). */
bool exstore_deposit_address_get(struct db *db, struct arena *a, const char *network,
                                 const char *norm, struct ex_deposit_address *out);
/* The same normalized address on other networks (the EVM chains share one key). */
size_t exstore_deposit_address_elsewhere(struct db *db, struct arena *a, const char *network,
                                         const char *norm, struct ex_deposit_address **out);
/* The uid a memo on a shared address belongs to (NULL when none). */
const char *exstore_memo_uid(struct db *db, struct arena *a, const char *network,
                             const char *address, const char *memo);
bool exstore_compensation_get(struct db *db, struct arena *a, const char *incident_id,
                              const char *uid, struct ex_compensation *out);
bool exstore_challenge_get(struct db *db, struct arena *a, int64_t id, struct ex_challenge *out);
bool exstore_idempotency_get(struct db *db, struct arena *a, const char *key,
                             struct ex_idempotency *out);
/* The next undelivered webhook due at or before now, oldest first. */
bool exstore_outbox_next(struct db *db, struct arena *a, int64_t now, struct ex_outbox *out);
size_t exstore_outbox_pending(struct db *db);
const char *exstore_meta_get(struct db *db, struct arena *a, const char *key);

/* ---- writes (DB_DONE on success; DB_CONSTRAINT on a duplicate or a missing reference) ---- */
enum db_rc exstore_meta_set(struct db *db, const char *key, const char *value);
enum db_rc exstore_asset_insert(struct db *db, const char *asset, int decimals);
enum db_rc exstore_network_insert(struct db *db, const struct ex_network *n);
enum db_rc exstore_token_insert(struct db *db, const struct ex_token *t);
enum db_rc exstore_user_insert(struct db *db, const struct ex_user *u);
enum db_rc exstore_security_event_insert(struct db *db, const struct ex_security_event *e);
enum db_rc exstore_login_insert(struct db *db, struct ex_login *l); /* sets l->id */
/* Inserts or replaces the (uid, asset) row. */
enum db_rc exstore_balance_put(struct db *db, const char *uid, const char *asset,
                               const char *available, const char *locked);
enum db_rc exstore_deposit_address_insert(struct db *db, const struct ex_deposit_address *d);
enum db_rc exstore_memo_insert(struct db *db, const char *network, const char *address,
                               const char *memo, const char *uid);
enum db_rc exstore_chain_tx_insert(struct db *db, const struct ex_chain_tx *t);
enum db_rc exstore_deposit_insert(struct db *db, struct ex_deposit *d);       /* sets d->id */
enum db_rc exstore_withdrawal_insert(struct db *db, struct ex_withdrawal *w); /* sets w->id */
/* Moves a withdrawal from `from` to w->status (with txid, reason, actor, updated_at): DB_DONE
 * only when it was in status `from`, DB_CONSTRAINT otherwise (raced). */
enum db_rc exstore_withdrawal_transition(struct db *db, const struct ex_withdrawal *w,
                                         const char *from);
enum db_rc exstore_withdrawal_action_insert(struct db *db, const struct ex_withdrawal_action *x);
enum db_rc exstore_trade_insert(struct db *db, const struct ex_trade *t);
enum db_rc exstore_book_insert(struct db *db, const struct ex_book_entry *b);
enum db_rc exstore_incident_insert(struct db *db, const struct ex_incident *i);
enum db_rc exstore_compensation_insert(struct db *db, struct ex_compensation *c); /* sets id */
enum db_rc exstore_challenge_insert(struct db *db, struct ex_challenge *c);       /* sets id */
enum db_rc exstore_challenge_answer(struct db *db, int64_t id, const char *status, int64_t at);
enum db_rc exstore_idempotency_insert(struct db *db, const struct ex_idempotency *r, int64_t now);
enum db_rc exstore_outbox_insert(struct db *db, const char *event_id, const char *type,
                                 const char *body, int64_t next_at);
enum db_rc exstore_outbox_delivered(struct db *db, int64_t id, int64_t at);
enum db_rc exstore_outbox_retry(struct db *db, int64_t id, int64_t next_at, const char *error);

#endif
