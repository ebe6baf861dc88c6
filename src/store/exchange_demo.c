/* exchange_demo.c — the demo exchange's SQL (exchange_demo.h). Every statement is a static
 * string prepared once per connection by db_prepare; values are always bound, never spliced.
 * The schema and its migrations: src/store/sqlite/exchange/, exchange_demo_schema.c. */
#include "store/exchange_demo.h"

#include <string.h>

#include "store/rows.h"

enum db_rc exstore_open(const char *path, struct db **out)
{
	struct db *db;
	enum db_rc rc = db_open(path, DB_READ_WRITE, &db);
	if (rc != DB_OK)
		return rc;
	size_t n;
	const struct embedded_file *files = exstore_migrations(&n);
	int applied;
	rc = db_migrate_set(db, files, n, &applied);
	if (rc != DB_OK) {
		db_close(db);
		return rc;
	}
	*out = db;
	return DB_OK;
}

static const char *col(struct db_stmt *st, struct arena *a, int c)
{
	const char *s = db_col_text(st, c);
	return s ? arena_strndup(a, s, db_col_len(st, c)) : NULL;
}

/* Binds the page cursor at idx, idx+1, idx+2 and the limit at idx+3:
 * "(? = 0 OR at < ? OR (at = ? AND id < ?)) ... LIMIT ?" */
static void bind_page(struct db_stmt *st, int idx, const struct exstore_page *pg)
{
	db_bind_int(st, idx, pg->before_at);
	db_bind_int(st, idx + 1, pg->before_at);
	db_bind_int(st, idx + 2, pg->before_at);
	db_bind_int(st, idx + 3, pg->before_id);
	db_bind_int(st, idx + 4, pg->limit);
}

#define PAGE_WHERE(at) " AND (? = 0 OR " at " < ? OR (" at " = ? AND id < ?))"

/* ---- meta ---- */

const char *exstore_meta_get(struct db *db, struct arena *a, const char *key)
{
	static const char SQL[] = "SELECT value FROM meta WHERE key = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return NULL;
	db_bind_str(st, 1, key);
	const char *v = db_step(st) == DB_ROW ? col(st, a, 0) : NULL;
	db_reset(st);
	return v;
}

enum db_rc exstore_meta_set(struct db *db, const char *key, const char *value)
{
	static const char SQL[] = "INSERT INTO meta (key, value) VALUES (?, ?) "
	                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, key);
	db_bind_str(st, 2, value);
	return db_run(st);
}

/* ---- users ---- */

#define USER_COLS                                                                                  \
	"uid, name, email, phone, country, language, kyc_level, kyc_status, vip_tier, "            \
	"account_status, status_reason, twofa_method, created_at"

bool exstore_user_get(struct db *db, struct arena *a, const char *uid, struct ex_user *out)
{
	static const char SQL[] = "SELECT " USER_COLS " FROM users WHERE uid = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, uid);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->uid = col(st, a, 0);
		out->name = col(st, a, 1);
		out->email = col(st, a, 2);
		out->phone = col(st, a, 3);
		out->country = col(st, a, 4);
		out->language = col(st, a, 5);
		out->kyc_level = (int)db_col_int(st, 6);
		out->kyc_status = col(st, a, 7);
		out->vip_tier = (int)db_col_int(st, 8);
		out->account_status = col(st, a, 9);
		out->status_reason = col(st, a, 10);
		out->twofa_method = col(st, a, 11);
		out->created_at = db_col_int(st, 12);
	}
	db_reset(st);
	return found;
}

enum db_rc exstore_user_insert(struct db *db, const struct ex_user *u)
{
	static const char SQL[] = "INSERT INTO users (" USER_COLS ") "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, u->uid);
	db_bind_str(st, 2, u->name);
	db_bind_str(st, 3, u->email);
	db_bind_str(st, 4, u->phone);
	db_bind_str(st, 5, u->country);
	db_bind_str(st, 6, u->language);
	db_bind_int(st, 7, u->kyc_level);
	db_bind_str(st, 8, u->kyc_status);
	db_bind_int(st, 9, u->vip_tier);
	db_bind_str(st, 10, u->account_status);
	db_bind_str(st, 11, u->status_reason);
	db_bind_str(st, 12, u->twofa_method);
	db_bind_int(st, 13, u->created_at);
	return db_run(st);
}

/* ---- assets, networks, tokens ---- */

int exstore_asset_decimals(struct db *db, const char *asset)
{
	static const char SQL[] = "SELECT decimals FROM assets WHERE asset = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return -1;
	db_bind_str(st, 1, asset);
	int d = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
	db_reset(st);
	return d;
}

enum db_rc exstore_asset_insert(struct db *db, const char *asset, int decimals)
{
	static const char SQL[] = "INSERT INTO assets (asset, decimals) VALUES (?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, asset);
	db_bind_int(st, 2, decimals);
	return db_run(st);
}

#define NETWORK_COLS "network, memo_kind, native_asset, required_confirmations"

static void network_read(struct db_stmt *st, struct arena *a, struct ex_network *n)
{
	n->network = col(st, a, 0);
	n->memo_kind = col(st, a, 1);
	n->native_asset = col(st, a, 2);
	n->required_confirmations = (int)db_col_int(st, 3);
}

bool exstore_network_get(struct db *db, struct arena *a, const char *network,
                         struct ex_network *out)
{
	static const char SQL[] = "SELECT " NETWORK_COLS " FROM networks WHERE network = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	bool found = db_step(st) == DB_ROW;
	if (found)
		network_read(st, a, out);
	db_reset(st);
	return found;
}

size_t exstore_networks(struct db *db, struct arena *a, struct ex_network **out)
{
	static const char SQL[] = "SELECT " NETWORK_COLS " FROM networks ORDER BY network";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_network *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		network_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_network_insert(struct db *db, const struct ex_network *n)
{
	static const char SQL[] = "INSERT INTO networks (" NETWORK_COLS ") VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, n->network);
	db_bind_str(st, 2, n->memo_kind);
	db_bind_str(st, 3, n->native_asset);
	db_bind_int(st, 4, n->required_confirmations);
	return db_run(st);
}

bool exstore_token_get(struct db *db, struct arena *a, const char *network, const char *contract,
                       struct ex_token *out)
{
	/* Callers pass the normalized address (EIP-55 for EVM), the form contracts are stored in.
	 */
	static const char SQL[] = "SELECT network, contract, symbol, asset, listed FROM tokens "
	                          "WHERE network = ? AND contract = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, contract);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->network = col(st, a, 0);
		out->contract = col(st, a, 1);
		out->symbol = col(st, a, 2);
		out->asset = col(st, a, 3);
		out->listed = db_col_int(st, 4) != 0;
	}
	db_reset(st);
	return found;
}

bool exstore_token_listed(struct db *db, const char *network, const char *asset)
{
	static const char SQL[] = "SELECT EXISTS (SELECT 1 FROM tokens WHERE network = ? AND "
	                          "asset = ? AND listed = 1)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, asset);
	return rows_scalar_int(st) != 0;
}

enum db_rc exstore_token_insert(struct db *db, const struct ex_token *t)
{
	static const char SQL[] = "INSERT INTO tokens (network, contract, symbol, asset, listed) "
	                          "VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, t->network);
	db_bind_str(st, 2, t->contract);
	db_bind_str(st, 3, t->symbol);
	db_bind_str(st, 4, t->asset);
	db_bind_int(st, 5, t->listed);
	return db_run(st);
}

/* ---- balances ---- */

bool exstore_balance_get(struct db *db, struct arena *a, const char *uid, const char *asset,
                         struct ex_balance *out)
{
	static const char SQL[] = "SELECT uid, asset, available, locked FROM balances "
	                          "WHERE uid = ? AND asset = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, uid);
	db_bind_str(st, 2, asset);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->uid = col(st, a, 0);
		out->asset = col(st, a, 1);
		out->available = col(st, a, 2);
		out->locked = col(st, a, 3);
	}
	db_reset(st);
	return found;
}

size_t exstore_balances(struct db *db, struct arena *a, const char *uid, struct ex_balance **out)
{
	static const char SQL[] = "SELECT uid, asset, available, locked FROM balances "
	                          "WHERE uid = ? ORDER BY asset";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_balance *rows = NULL;
	size_t n = 0, cap = 0;
	if (st)
		db_bind_str(st, 1, uid);
	while (st && db_step(st) == DB_ROW) {
		struct ex_balance *b = ROWS_PUSH(a, rows, n, cap);
		b->uid = col(st, a, 0);
		b->asset = col(st, a, 1);
		b->available = col(st, a, 2);
		b->locked = col(st, a, 3);
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_balance_put(struct db *db, const char *uid, const char *asset,
                               const char *available, const char *locked)
{
	static const char SQL[] =
	    "INSERT INTO balances (uid, asset, available, locked) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (uid, asset) DO UPDATE SET available = excluded.available, "
	    "locked = excluded.locked";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, uid);
	db_bind_str(st, 2, asset);
	db_bind_str(st, 3, available);
	db_bind_str(st, 4, locked);
	return db_run(st);
}

/* ---- security events and logins ---- */

size_t exstore_security_events(struct db *db, struct arena *a, const char *uid,
                               const struct exstore_page *pg, struct ex_security_event **out)
{
	static const char SQL[] =
	    "SELECT id, uid, kind, detail, ip, at FROM security_events "
	    "WHERE uid = ?" PAGE_WHERE("at") " ORDER BY at DESC, id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_security_event *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, uid);
		bind_page(st, 2, pg);
	}
	while (st && db_step(st) == DB_ROW) {
		struct ex_security_event *e = ROWS_PUSH(a, rows, n, cap);
		e->id = db_col_int(st, 0);
		e->uid = col(st, a, 1);
		e->kind = col(st, a, 2);
		e->detail = col(st, a, 3);
		e->ip = col(st, a, 4);
		e->at = db_col_int(st, 5);
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_security_event_insert(struct db *db, const struct ex_security_event *e)
{
	static const char SQL[] = "INSERT INTO security_events (uid, kind, detail, ip, at) "
	                          "VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, e->uid);
	db_bind_str(st, 2, e->kind);
	db_bind_str(st, 3, e->detail);
	db_bind_str(st, 4, e->ip);
	db_bind_int(st, 5, e->at);
	return db_run(st);
}

#define LOGIN_COLS "id, uid, device_id, ip, country, user_agent, new_device, new_country, at"

static void login_read(struct db_stmt *st, struct arena *a, struct ex_login *l)
{
	l->id = db_col_int(st, 0);
	l->uid = col(st, a, 1);
	l->device_id = col(st, a, 2);
	l->ip = col(st, a, 3);
	l->country = col(st, a, 4);
	l->user_agent = col(st, a, 5);
	l->new_device = db_col_int(st, 6) != 0;
	l->new_country = db_col_int(st, 7) != 0;
	l->at = db_col_int(st, 8);
}

size_t exstore_logins(struct db *db, struct arena *a, const char *uid,
                      const struct exstore_page *pg, struct ex_login **out)
{
	static const char SQL[] =
	    "SELECT " LOGIN_COLS
	    " FROM logins WHERE uid = ?" PAGE_WHERE("at") " ORDER BY at DESC, id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_login *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, uid);
		bind_page(st, 2, pg);
	}
	while (st && db_step(st) == DB_ROW)
		login_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

bool exstore_login_get(struct db *db, struct arena *a, int64_t id, struct ex_login *out)
{
	static const char SQL[] = "SELECT " LOGIN_COLS " FROM logins WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		login_read(st, a, out);
	db_reset(st);
	return found;
}

bool exstore_login_country_seen(struct db *db, const char *uid, const char *country)
{
	static const char SQL[] =
	    "SELECT EXISTS (SELECT 1 FROM logins WHERE uid = ? AND country = ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, uid);
	db_bind_str(st, 2, country);
	return rows_scalar_int(st) != 0;
}

bool exstore_login_device_seen(struct db *db, const char *uid, const char *device_id)
{
	static const char SQL[] =
	    "SELECT EXISTS (SELECT 1 FROM logins WHERE uid = ? AND device_id = ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, uid);
	db_bind_str(st, 2, device_id);
	return rows_scalar_int(st) != 0;
}

enum db_rc exstore_login_insert(struct db *db, struct ex_login *l)
{
	static const char SQL[] = "INSERT INTO logins (uid, device_id, ip, country, user_agent, "
	                          "new_device, new_country, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, l->uid);
	db_bind_str(st, 2, l->device_id);
	db_bind_str(st, 3, l->ip);
	db_bind_str(st, 4, l->country);
	db_bind_str(st, 5, l->user_agent);
	db_bind_int(st, 6, l->new_device);
	db_bind_int(st, 7, l->new_country);
	db_bind_int(st, 8, l->at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		l->id = db_last_id(db);
	return rc;
}

/* ---- deposit addresses, memos, the chain index ---- */

static void deposit_address_read(struct db_stmt *st, struct arena *a, struct ex_deposit_address *d)
{
	d->network = col(st, a, 0);
	d->address = col(st, a, 1);
	d->norm = col(st, a, 2);
	d->kind = col(st, a, 3);
	d->uid = col(st, a, 4);
}

bool exstore_deposit_address_get(struct db *db, struct arena *a, const char *network,
                                 const char *norm, struct ex_deposit_address *out)
{
	static const char SQL[] = "SELECT network, address, norm, kind, uid FROM deposit_addresses "
	                          "WHERE network = ? AND norm = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, norm);
	bool found = db_step(st) == DB_ROW;
	if (found)
		deposit_address_read(st, a, out);
	db_reset(st);
	return found;
}

size_t exstore_deposit_address_elsewhere(struct db *db, struct arena *a, const char *network,
                                         const char *norm, struct ex_deposit_address **out)
{
	static const char SQL[] = "SELECT network, address, norm, kind, uid FROM deposit_addresses "
	                          "WHERE norm = ? AND network <> ? ORDER BY network";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_deposit_address *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, norm);
		db_bind_str(st, 2, network);
	}
	while (st && db_step(st) == DB_ROW)
		deposit_address_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_deposit_address_insert(struct db *db, const struct ex_deposit_address *d)
{
	static const char SQL[] =
	    "INSERT INTO deposit_addresses (network, address, norm, kind, uid) "
	    "VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, d->network);
	db_bind_str(st, 2, d->address);
	db_bind_str(st, 3, d->norm);
	db_bind_str(st, 4, d->kind);
	db_bind_str(st, 5, d->uid);
	return db_run(st);
}

const char *exstore_memo_uid(struct db *db, struct arena *a, const char *network,
                             const char *address, const char *memo)
{
	static const char SQL[] = "SELECT uid FROM deposit_memos "
	                          "WHERE network = ? AND address = ? AND memo = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return NULL;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, address);
	db_bind_str(st, 3, memo);
	const char *uid = db_step(st) == DB_ROW ? col(st, a, 0) : NULL;
	db_reset(st);
	return uid;
}

enum db_rc exstore_memo_insert(struct db *db, const char *network, const char *address,
                               const char *memo, const char *uid)
{
	static const char SQL[] = "INSERT INTO deposit_memos (network, address, memo, uid) "
	                          "VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, address);
	db_bind_str(st, 3, memo);
	db_bind_str(st, 4, uid);
	return db_run(st);
}

#define CHAIN_COLS                                                                                 \
	"network, txid, status, confirmations, to_address, memo, asset, token_contract, amount, "  \
	"sender, block_time"

bool exstore_chain_tx_get(struct db *db, struct arena *a, const char *network, const char *txid,
                          struct ex_chain_tx *out)
{
	static const char SQL[] = "SELECT " CHAIN_COLS " FROM chain_txs "
	                          "WHERE network = ? AND txid = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, txid);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->network = col(st, a, 0);
		out->txid = col(st, a, 1);
		out->status = col(st, a, 2);
		out->confirmations = (int)db_col_int(st, 3);
		out->to_address = col(st, a, 4);
		out->memo = col(st, a, 5);
		out->asset = col(st, a, 6);
		out->token_contract = col(st, a, 7);
		out->amount = col(st, a, 8);
		out->sender = col(st, a, 9);
		out->block_time = db_col_int(st, 10);
	}
	db_reset(st);
	return found;
}

enum db_rc exstore_chain_tx_insert(struct db *db, const struct ex_chain_tx *t)
{
	static const char SQL[] = "INSERT INTO chain_txs (" CHAIN_COLS ") "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, t->network);
	db_bind_str(st, 2, t->txid);
	db_bind_str(st, 3, t->status);
	db_bind_int(st, 4, t->confirmations);
	db_bind_str(st, 5, t->to_address);
	db_bind_str(st, 6, t->memo);
	db_bind_str(st, 7, t->asset);
	db_bind_str(st, 8, t->token_contract);
	db_bind_str(st, 9, t->amount);
	db_bind_str(st, 10, t->sender);
	db_bind_int(st, 11, t->block_time);
	return db_run(st);
}

/* ---- deposits ---- */

#define DEPOSIT_COLS                                                                               \
	"id, uid, asset, network, amount, fee, txid, address, memo, from_address, status, "        \
	"confirmations, recovered, created_at, credited_at"

static void deposit_read(struct db_stmt *st, struct arena *a, struct ex_deposit *d)
{
	d->id = db_col_int(st, 0);
	d->uid = col(st, a, 1);
	d->asset = col(st, a, 2);
	d->network = col(st, a, 3);
	d->amount = col(st, a, 4);
	d->fee = col(st, a, 5);
	d->txid = col(st, a, 6);
	d->address = col(st, a, 7);
	d->memo = col(st, a, 8);
	d->from_address = col(st, a, 9);
	d->status = col(st, a, 10);
	d->confirmations = (int)db_col_int(st, 11);
	d->recovered = db_col_int(st, 12) != 0;
	d->created_at = db_col_int(st, 13);
	d->credited_at = db_col_int(st, 14);
}

size_t exstore_deposits(struct db *db, struct arena *a, const char *uid,
                        const struct exstore_page *pg, struct ex_deposit **out)
{
	static const char SQL[] = "SELECT " DEPOSIT_COLS " FROM deposits WHERE uid = ?" PAGE_WHERE(
	    "created_at") " ORDER BY created_at DESC, id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_deposit *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, uid);
		bind_page(st, 2, pg);
	}
	while (st && db_step(st) == DB_ROW)
		deposit_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

bool exstore_deposit_by_tx(struct db *db, struct arena *a, const char *network, const char *txid,
                           struct ex_deposit *out)
{
	static const char SQL[] =
	    "SELECT " DEPOSIT_COLS " FROM deposits WHERE network = ? AND txid = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, txid);
	bool found = db_step(st) == DB_ROW;
	if (found)
		deposit_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc exstore_deposit_insert(struct db *db, struct ex_deposit *d)
{
	static const char SQL[] =
	    "INSERT INTO deposits (uid, asset, network, amount, fee, txid, address, memo, "
	    "from_address, status, confirmations, recovered, created_at, credited_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, d->uid);
	db_bind_str(st, 2, d->asset);
	db_bind_str(st, 3, d->network);
	db_bind_str(st, 4, d->amount);
	db_bind_str(st, 5, d->fee ? d->fee : "0");
	db_bind_str(st, 6, d->txid);
	db_bind_str(st, 7, d->address);
	db_bind_str(st, 8, d->memo);
	db_bind_str(st, 9, d->from_address);
	db_bind_str(st, 10, d->status);
	db_bind_int(st, 11, d->confirmations);
	db_bind_int(st, 12, d->recovered);
	db_bind_int(st, 13, d->created_at);
	db_bind_opt_int(st, 14, d->credited_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		d->id = db_last_id(db);
	return rc;
}

/* ---- withdrawals ---- */

#define WITHDRAWAL_COLS                                                                            \
	"id, uid, asset, network, amount, fee, address, memo, status, txid, reason, actor, "       \
	"created_at, updated_at"

static void withdrawal_read(struct db_stmt *st, struct arena *a, struct ex_withdrawal *w)
{
	w->id = db_col_int(st, 0);
	w->uid = col(st, a, 1);
	w->asset = col(st, a, 2);
	w->network = col(st, a, 3);
	w->amount = col(st, a, 4);
	w->fee = col(st, a, 5);
	w->address = col(st, a, 6);
	w->memo = col(st, a, 7);
	w->status = col(st, a, 8);
	w->txid = col(st, a, 9);
	w->reason = col(st, a, 10);
	w->actor = col(st, a, 11);
	w->created_at = db_col_int(st, 12);
	w->updated_at = db_col_int(st, 13);
}

size_t exstore_withdrawals(struct db *db, struct arena *a, const char *uid,
                           const struct exstore_page *pg, struct ex_withdrawal **out)
{
	static const char SQL[] =
	    "SELECT " WITHDRAWAL_COLS " FROM withdrawals WHERE uid = ?" PAGE_WHERE(
	        "created_at") " ORDER BY created_at DESC, id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_withdrawal *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, uid);
		bind_page(st, 2, pg);
	}
	while (st && db_step(st) == DB_ROW)
		withdrawal_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

bool exstore_withdrawal_get(struct db *db, struct arena *a, int64_t id, struct ex_withdrawal *out)
{
	static const char SQL[] = "SELECT " WITHDRAWAL_COLS " FROM withdrawals WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		withdrawal_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc exstore_withdrawal_insert(struct db *db, struct ex_withdrawal *w)
{
	static const char SQL[] =
	    "INSERT INTO withdrawals (uid, asset, network, amount, fee, address, memo, status, "
	    "txid, reason, actor, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, w->uid);
	db_bind_str(st, 2, w->asset);
	db_bind_str(st, 3, w->network);
	db_bind_str(st, 4, w->amount);
	db_bind_str(st, 5, w->fee);
	db_bind_str(st, 6, w->address);
	db_bind_str(st, 7, w->memo);
	db_bind_str(st, 8, w->status);
	db_bind_str(st, 9, w->txid);
	db_bind_str(st, 10, w->reason);
	db_bind_str(st, 11, w->actor);
	db_bind_int(st, 12, w->created_at);
	db_bind_int(st, 13, w->updated_at ? w->updated_at : w->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		w->id = db_last_id(db);
	return rc;
}

enum db_rc exstore_withdrawal_transition(struct db *db, const struct ex_withdrawal *w,
                                         const char *from)
{
	static const char SQL[] = "UPDATE withdrawals SET status = ?, txid = ?, reason = ?, "
	                          "actor = ?, updated_at = ? WHERE id = ? AND status = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, w->status);
	db_bind_str(st, 2, w->txid);
	db_bind_str(st, 3, w->reason);
	db_bind_str(st, 4, w->actor);
	db_bind_int(st, 5, w->updated_at);
	db_bind_int(st, 6, w->id);
	db_bind_str(st, 7, from);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE && db_changes(db) != 1)
		return DB_CONSTRAINT;
	return rc;
}

size_t exstore_withdrawal_actions(struct db *db, struct arena *a, int64_t withdrawal_id,
                                  struct ex_withdrawal_action **out)
{
	static const char SQL[] = "SELECT id, withdrawal_id, action, reason, agent, at "
	                          "FROM withdrawal_actions WHERE withdrawal_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_withdrawal_action *rows = NULL;
	size_t n = 0, cap = 0;
	if (st)
		db_bind_int(st, 1, withdrawal_id);
	while (st && db_step(st) == DB_ROW) {
		struct ex_withdrawal_action *x = ROWS_PUSH(a, rows, n, cap);
		x->id = db_col_int(st, 0);
		x->withdrawal_id = db_col_int(st, 1);
		x->action = col(st, a, 2);
		x->reason = col(st, a, 3);
		x->agent = col(st, a, 4);
		x->at = db_col_int(st, 5);
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_withdrawal_action_insert(struct db *db, const struct ex_withdrawal_action *x)
{
	static const char SQL[] = "INSERT INTO withdrawal_actions (withdrawal_id, action, reason, "
	                          "agent, at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, x->withdrawal_id);
	db_bind_str(st, 2, x->action);
	db_bind_str(st, 3, x->reason);
	db_bind_str(st, 4, x->agent);
	db_bind_int(st, 5, x->at);
	return db_run(st);
}

/* ---- trades and the address book ---- */

size_t exstore_trades(struct db *db, struct arena *a, const char *uid,
                      const struct exstore_page *pg, struct ex_trade **out)
{
	static const char SQL[] =
	    "SELECT id, uid, symbol, side, price, qty, fee, fee_asset, liquidity, at FROM trades "
	    "WHERE uid = ?" PAGE_WHERE("at") " ORDER BY at DESC, id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_trade *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, uid);
		bind_page(st, 2, pg);
	}
	while (st && db_step(st) == DB_ROW) {
		struct ex_trade *t = ROWS_PUSH(a, rows, n, cap);
		t->id = db_col_int(st, 0);
		t->uid = col(st, a, 1);
		t->symbol = col(st, a, 2);
		t->side = col(st, a, 3);
		t->price = col(st, a, 4);
		t->qty = col(st, a, 5);
		t->fee = col(st, a, 6);
		t->fee_asset = col(st, a, 7);
		t->liquidity = col(st, a, 8);
		t->at = db_col_int(st, 9);
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_trade_insert(struct db *db, const struct ex_trade *t)
{
	static const char SQL[] = "INSERT INTO trades (uid, symbol, side, price, qty, fee, "
	                          "fee_asset, liquidity, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, t->uid);
	db_bind_str(st, 2, t->symbol);
	db_bind_str(st, 3, t->side);
	db_bind_str(st, 4, t->price);
	db_bind_str(st, 5, t->qty);
	db_bind_str(st, 6, t->fee);
	db_bind_str(st, 7, t->fee_asset);
	db_bind_str(st, 8, t->liquidity);
	db_bind_int(st, 9, t->at);
	return db_run(st);
}

size_t exstore_address_book(struct db *db, struct arena *a, const char *uid,
                            struct ex_book_entry **out)
{
	static const char SQL[] = "SELECT id, uid, network, address, memo, label, whitelisted, "
	                          "created_at FROM address_book WHERE uid = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct ex_book_entry *rows = NULL;
	size_t n = 0, cap = 0;
	if (st)
		db_bind_str(st, 1, uid);
	while (st && db_step(st) == DB_ROW) {
		struct ex_book_entry *b = ROWS_PUSH(a, rows, n, cap);
		b->id = db_col_int(st, 0);
		b->uid = col(st, a, 1);
		b->network = col(st, a, 2);
		b->address = col(st, a, 3);
		b->memo = col(st, a, 4);
		b->label = col(st, a, 5);
		b->whitelisted = db_col_int(st, 6) != 0;
		b->created_at = db_col_int(st, 7);
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc exstore_book_insert(struct db *db, const struct ex_book_entry *b)
{
	static const char SQL[] = "INSERT INTO address_book (uid, network, address, memo, label, "
	                          "whitelisted, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, b->uid);
	db_bind_str(st, 2, b->network);
	db_bind_str(st, 3, b->address);
	db_bind_str(st, 4, b->memo);
	db_bind_str(st, 5, b->label);
	db_bind_int(st, 6, b->whitelisted);
	db_bind_int(st, 7, b->created_at);
	return db_run(st);
}

/* ---- incidents, compensations, 2FA challenges ---- */

enum db_rc exstore_incident_insert(struct db *db, const struct ex_incident *i)
{
	static const char SQL[] = "INSERT INTO incidents (id, title, products, description, "
	                          "starts_at, ends_at, declared_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, i->id);
	db_bind_str(st, 2, i->title);
	db_bind_str(st, 3, i->products);
	db_bind_str(st, 4, i->description);
	db_bind_int(st, 5, i->starts_at);
	db_bind_opt_int(st, 6, i->ends_at);
	db_bind_int(st, 7, i->declared_at);
	return db_run(st);
}

bool exstore_compensation_get(struct db *db, struct arena *a, const char *incident_id,
                              const char *uid, struct ex_compensation *out)
{
	static const char SQL[] = "SELECT id, incident_id, uid, asset, amount, reason, agent, "
	                          "created_at FROM compensations WHERE incident_id = ? AND uid = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, incident_id);
	db_bind_str(st, 2, uid);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->incident_id = col(st, a, 1);
		out->uid = col(st, a, 2);
		out->asset = col(st, a, 3);
		out->amount = col(st, a, 4);
		out->reason = col(st, a, 5);
		out->agent = col(st, a, 6);
		out->created_at = db_col_int(st, 7);
	}
	db_reset(st);
	return found;
}

enum db_rc exstore_compensation_insert(struct db *db, struct ex_compensation *c)
{
	static const char SQL[] = "INSERT INTO compensations (incident_id, uid, asset, amount, "
	                          "reason, agent, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->incident_id);
	db_bind_str(st, 2, c->uid);
	db_bind_str(st, 3, c->asset);
	db_bind_str(st, 4, c->amount);
	db_bind_str(st, 5, c->reason);
	db_bind_str(st, 6, c->agent);
	db_bind_int(st, 7, c->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		c->id = db_last_id(db);
	return rc;
}

bool exstore_challenge_get(struct db *db, struct arena *a, int64_t id, struct ex_challenge *out)
{
	static const char SQL[] = "SELECT id, uid, method, status, agent, created_at, expires_at, "
	                          "answered_at FROM twofa_challenges WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->uid = col(st, a, 1);
		out->method = col(st, a, 2);
		out->status = col(st, a, 3);
		out->agent = col(st, a, 4);
		out->created_at = db_col_int(st, 5);
		out->expires_at = db_col_int(st, 6);
		out->answered_at = db_col_int(st, 7);
	}
	db_reset(st);
	return found;
}

enum db_rc exstore_challenge_insert(struct db *db, struct ex_challenge *c)
{
	static const char SQL[] = "INSERT INTO twofa_challenges (uid, method, status, agent, "
	                          "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->uid);
	db_bind_str(st, 2, c->method);
	db_bind_str(st, 3, c->status);
	db_bind_str(st, 4, c->agent);
	db_bind_int(st, 5, c->created_at);
	db_bind_int(st, 6, c->expires_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		c->id = db_last_id(db);
	return rc;
}

enum db_rc exstore_challenge_answer(struct db *db, int64_t id, const char *status, int64_t at)
{
	static const char SQL[] = "UPDATE twofa_challenges SET status = ?, answered_at = ? "
	                          "WHERE id = ? AND status = 'pending'";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, status);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, id);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE && db_changes(db) != 1)
		return DB_CONSTRAINT;
	return rc;
}

/* ---- idempotency ---- */

bool exstore_idempotency_get(struct db *db, struct arena *a, const char *key,
                             struct ex_idempotency *out)
{
	static const char SQL[] = "SELECT key, action, request_hash, status, response "
	                          "FROM idempotency WHERE key = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, key);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->key = col(st, a, 0);
		out->action = col(st, a, 1);
		memset(out->request_hash, 0, sizeof out->request_hash);
		size_t n = db_col_len(st, 2);
		const void *h = db_col_blob(st, 2);
		if (h)
			memcpy(out->request_hash, h,
			       n < sizeof out->request_hash ? n : sizeof out->request_hash);
		out->status = (int)db_col_int(st, 3);
		out->response = col(st, a, 4);
	}
	db_reset(st);
	return found;
}

enum db_rc exstore_idempotency_insert(struct db *db, const struct ex_idempotency *r, int64_t now)
{
	static const char SQL[] = "INSERT INTO idempotency (key, action, request_hash, status, "
	                          "response, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, r->key);
	db_bind_str(st, 2, r->action);
	db_bind_blob(st, 3, r->request_hash, sizeof r->request_hash);
	db_bind_int(st, 4, r->status);
	db_bind_str(st, 5, r->response);
	db_bind_int(st, 6, now);
	return db_run(st);
}

/* ---- the webhook outbox ---- */

bool exstore_outbox_next(struct db *db, struct arena *a, int64_t now, struct ex_outbox *out)
{
	static const char SQL[] = "SELECT id, event_id, type, body, attempts, next_at "
	                          "FROM webhook_outbox WHERE delivered_at IS NULL AND next_at <= ? "
	                          "ORDER BY next_at, id LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, now);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->event_id = col(st, a, 1);
		out->type = col(st, a, 2);
		out->body = col(st, a, 3);
		out->attempts = (int)db_col_int(st, 4);
		out->next_at = db_col_int(st, 5);
	}
	db_reset(st);
	return found;
}

size_t exstore_outbox_pending(struct db *db)
{
	static const char SQL[] = "SELECT count(*) FROM webhook_outbox WHERE delivered_at IS NULL";
	struct db_stmt *st = db_prepare(db, SQL);
	return st ? (size_t)rows_scalar_int(st) : 0;
}

enum db_rc exstore_outbox_insert(struct db *db, const char *event_id, const char *type,
                                 const char *body, int64_t next_at)
{
	static const char SQL[] = "INSERT INTO webhook_outbox (event_id, type, body, next_at) "
	                          "VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, event_id);
	db_bind_str(st, 2, type);
	db_bind_str(st, 3, body);
	db_bind_int(st, 4, next_at);
	return db_run(st);
}

enum db_rc exstore_outbox_delivered(struct db *db, int64_t id, int64_t at)
{
	static const char SQL[] = "UPDATE webhook_outbox SET delivered_at = ?, "
	                          "attempts = attempts + 1, last_error = NULL WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	return db_run(st);
}

enum db_rc exstore_outbox_retry(struct db *db, int64_t id, int64_t next_at, const char *error)
{
	static const char SQL[] = "UPDATE webhook_outbox SET attempts = attempts + 1, next_at = ?, "
	                          "last_error = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, next_at);
	db_bind_str(st, 2, error);
	db_bind_int(st, 3, id);
	return db_run(st);
}
