/* demo_reads.c — the demo exchange's read endpoints and the JSON shapes every part of it
 * answers with (docs/connector.md "Reads"). Each handler runs under the exchange's lock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/address.h"
#include "core/amount.h"
#include "core/txid.h"
#include "exchange/demo_internal.h"
#include "util/clock.h"

/* A handler body that runs with the database lock held. */
#define LOCKED_HANDLER(name)                                                                       \
	static void name##_locked(struct dreq *r);                                                 \
	void name(struct dreq *r)                                                                  \
	{                                                                                          \
		pthread_mutex_lock(&r->x->mu);                                                     \
		name##_locked(r);                                                                  \
		pthread_mutex_unlock(&r->x->mu);                                                   \
	}                                                                                          \
	static void name##_locked(struct dreq *r)

/* ---- shared pieces ---- */

json_t *demo_time(int64_t ms)
{
	if (!ms)
		return json_null();
	char buf[RFC3339_MS_MAX];
	clock_format_rfc3339(ms, buf);
	return json_string(buf);
}

json_t *demo_opt_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_json(int64_t id)
{
	char buf[24];
	snprintf(buf, sizeof buf, "%lld", (long long)id);
	return json_string(buf);
}

/* Decimal digits only, 1..18 of them, as an id from a path. */
static bool parse_id(const char *s, int64_t *out)
{
	size_t n = strlen(s);
	if (!n || n > 18 || s[0] == '0')
		return false;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool demo_network(struct dreq *r, const char *text, struct ex_network *out)
{
	enum address_network net;
	const char *code =
	    address_network_parse(text, strlen(text), &net) ? address_network_code(net) : NULL;
	if (code && exstore_network_get(r->x->db, &r->a, code, out))
		return true;
	demo_error(r, 404, "unknown_network",
	           arena_printf(&r->a, "this exchange runs no network called \"%.40s\"", text),
	           "network");
	return false;
}

bool demo_user(struct dreq *r, const char *uid, struct ex_user *out)
{
	if (uid && strlen(uid) <= DEMO_MAX_ID && exstore_user_get(r->x->db, &r->a, uid, out))
		return true;
	demo_error(r, 404, "user_not_found", "no user with this uid", "uid");
	return false;
}

json_t *demo_withdrawal_json(struct dreq *r, const struct ex_withdrawal *w, bool with_actions)
{
	json_t *j = json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o}", "id",
	                      id_json(w->id), "uid", w->uid, "asset", w->asset, "network",
	                      w->network, "amount", w->amount, "fee", w->fee, "address", w->address,
	                      "memo", demo_opt_str(w->memo), "status", w->status, "txid",
	                      demo_opt_str(w->txid), "reason", demo_opt_str(w->reason), "actor",
	                      demo_opt_str(w->actor), "created_at", demo_time(w->created_at),
	                      "updated_at", demo_time(w->updated_at));
	if (with_actions) {
		struct ex_withdrawal_action *xs;
		size_t n = exstore_withdrawal_actions(r->x->db, &r->a, w->id, &xs);
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr,
			                      json_pack("{s:s,s:s,s:s,s:o}", "action", xs[i].action,
			                                "reason", xs[i].reason, "agent",
			                                xs[i].agent, "at", demo_time(xs[i].at)));
		json_object_set_new(j, "actions", arr);
	}
	return j;
}

json_t *demo_deposit_json(struct dreq *r, const struct ex_deposit *d)
{
	struct ex_network n;
	int required =
	    exstore_network_get(r->x->db, &r->a, d->network, &n) ? n.required_confirmations : 0;
	return json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:i,s:i,s:b,s:o,s:o}", "id",
	                 id_json(d->id), "uid", d->uid, "asset", d->asset, "network", d->network,
	                 "amount", d->amount, "fee", d->fee, "txid", d->txid, "address", d->address,
	                 "memo", demo_opt_str(d->memo), "from_address",
	                 demo_opt_str(d->from_address), "status", d->status, "confirmations",
	                 d->confirmations, "required_confirmations", required, "recovered",
	                 d->recovered, "created_at", demo_time(d->created_at), "credited_at",
	                 demo_time(d->credited_at));
}

json_t *demo_challenge_json(const struct ex_challenge *c, int64_t now)
{
	const char *status = c->status;
	if (!strcmp(status, "pending") && now > c->expires_at)
		status = "expired";
	return json_pack("{s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", id_json(c->id), "uid", c->uid,
	                 "method", c->method, "status", status, "agent", c->agent, "created_at",
	                 demo_time(c->created_at), "expires_at", demo_time(c->expires_at),
	                 "answered_at", demo_time(c->answered_at));
}

json_t *demo_login_json(const struct ex_login *l)
{
	return json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:o}", "id", id_json(l->id), "uid",
	                 l->uid, "device_id", l->device_id, "ip", l->ip, "country", l->country,
	                 "user_agent", l->user_agent, "new_device", l->new_device, "new_country",
	                 l->new_country, "at", demo_time(l->at));
}

/* What the exchange knows about an address on a network: whose it is, and the memo's owner. */
struct address_facts {
	bool ours;
	const char *kind;              /* user|shared_memo|hot_wallet|token_contract|unknown */
	const char *uid, *address_row; /* the deposit address as stored */
	struct ex_token token;
	bool is_token;
};

static void address_facts(struct dreq *r, const char *network, const char *norm,
                          struct address_facts *f)
{
	memset(f, 0, sizeof *f);
	struct ex_deposit_address d;
	if (exstore_deposit_address_get(r->x->db, &r->a, network, norm, &d)) {
		f->ours = true;
		f->kind = d.kind;
		f->uid = d.uid;
		f->address_row = d.address;
		return;
	}
	f->kind = "unknown";
	if (exstore_token_get(r->x->db, &r->a, network, norm, &f->token)) {
		f->is_token = true;
		f->kind = "token_contract";
	}
}

/* The normalized form of an address of a network, or NULL. */
static const char *norm_address(struct dreq *r, const char *network, const char *text)
{
	enum address_network net;
	struct address_result ar;
	if (!text || !address_network_parse(network, strlen(network), &net) ||
	    address_check(net, text, strlen(text), NULL, 0, &ar) != ADDRESS_OK)
		return NULL;
	return arena_strndup(&r->a, ar.normalized, ar.normalized_len);
}

json_t *demo_deposit_seen_json(struct dreq *r, const struct ex_chain_tx *t)
{
	const char *norm = norm_address(r, t->network, t->to_address);
	struct address_facts f;
	address_facts(r, t->network, norm ? norm : t->to_address, &f);
	const char *uid = f.uid, *memo_status = "not_needed";
	if (f.kind && !strcmp(f.kind, "shared_memo")) {
		if (!t->memo || !*t->memo) {
			memo_status = "missing";
		} else {
			uid = exstore_memo_uid(r->x->db, &r->a, t->network, f.address_row, t->memo);
			memo_status = uid ? "matched" : "unknown";
		}
	}
	struct ex_network n;
	int required =
	    exstore_network_get(r->x->db, &r->a, t->network, &n) ? n.required_confirmations : 0;
	return json_pack("{s:{s:s,s:s,s:o,s:o,s:s,s:s,s:o,s:s,s:s,s:b,s:o,s:s,s:i,s:i,s:s}}",
	                 "deposit", "network", t->network, "txid", t->txid, "asset",
	                 demo_opt_str(t->asset), "token_contract", demo_opt_str(t->token_contract),
	                 "amount", t->amount, "to_address", t->to_address, "memo",
	                 demo_opt_str(t->memo), "memo_status", memo_status, "address_kind",
	                 f.kind ? f.kind : "unknown", "ours", f.ours, "uid", demo_opt_str(uid),
	                 "sender", t->sender, "confirmations", t->confirmations,
	                 "required_confirmations", required, "status", t->status);
}

/* limit and before of a list request. */
static bool page_parse(struct dreq *r, struct exstore_page *pg)
{
	bool bad = false;
	const char *limit = demo_query(r, "limit", &bad);
	const char *before = bad ? NULL : demo_query(r, "before", &bad);
	if (bad)
		return false;
	pg->limit = DEMO_LIST_LIMIT;
	pg->before_at = pg->before_id = 0;
	if (limit) {
		char *end;
		long v = strtol(limit, &end, 10);
		if (limit[0] < '0' || limit[0] > '9' || *end || v < 1 || v > DEMO_LIST_MAX) {
			demo_error(r, 400, "invalid_query", "limit is a number from 1 to 200",
			           "limit");
			return false;
		}
		pg->limit = (int)v;
	}
	if (before) {
		long long at, id;
		int used = 0;
		if (before[0] < '0' || before[0] > '9' || strpbrk(before, " +") ||
		    sscanf(before, "%18lld-%18lld%n", &at, &id, &used) != 2 ||
		    (size_t)used != strlen(before) || at <= 0 || id <= 0) {
			demo_error(r, 400, "invalid_query",
			           "before is the next_before value of a previous page", "before");
			return false;
		}
		pg->before_at = at;
		pg->before_id = id;
	}
	return true;
}

/* One more row than the page is asked for, to know whether another page follows. */
static struct exstore_page page_probe(const struct exstore_page *pg)
{
	struct exstore_page p = *pg;
	p.limit++;
	return p;
}

static json_t *next_cursor(size_t n, const struct exstore_page *pg, int64_t at, int64_t id)
{
	if (n <= (size_t)pg->limit)
		return json_null();
	char buf[48];
	snprintf(buf, sizeof buf, "%lld-%lld", (long long)at, (long long)id);
	return json_string(buf);
}

/* ---- users ---- */

LOCKED_HANDLER(demo_get_user)
{
	struct ex_user u;
	if (!demo_user(r, r->params[0], &u))
		return;
	demo_answer(r, 200,
	            json_pack("{s:{s:s,s:s,s:s,s:o,s:s,s:s,s:{s:i,s:s},s:i,s:s,s:o,s:s,s:o}}",
	                      "user", "uid", u.uid, "name", u.name, "email", u.email, "phone",
	                      demo_opt_str(u.phone), "country", u.country, "language", u.language,
	                      "kyc", "level", u.kyc_level, "status", u.kyc_status, "vip_tier",
	                      u.vip_tier, "account_status", u.account_status, "status_reason",
	                      demo_opt_str(u.status_reason), "two_factor", u.twofa_method,
	                      "created_at", demo_time(u.created_at)));
}

LOCKED_HANDLER(demo_get_security_events)
{
	struct ex_user u;
	struct exstore_page pg;
	if (!demo_user(r, r->params[0], &u) || !page_parse(r, &pg))
		return;
	struct exstore_page probe = page_probe(&pg);
	struct ex_security_event *rows;
	size_t n = exstore_security_events(r->x->db, &r->a, u.uid, &probe, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)pg.limit; i++)
		json_array_append_new(
		    arr, json_pack("{s:o,s:s,s:o,s:o,s:o}", "id", id_json(rows[i].id), "kind",
		                   rows[i].kind, "detail", demo_opt_str(rows[i].detail), "ip",
		                   demo_opt_str(rows[i].ip), "at", demo_time(rows[i].at)));
	size_t last = n > (size_t)pg.limit ? (size_t)pg.limit - 1 : 0;
	demo_answer(r, 200,
	            json_pack("{s:o,s:o}", "security_events", arr, "next_before",
	                      next_cursor(n, &pg, n ? rows[last].at : 0, n ? rows[last].id : 0)));
}

LOCKED_HANDLER(demo_get_logins)
{
	struct ex_user u;
	struct exstore_page pg;
	if (!demo_user(r, r->params[0], &u) || !page_parse(r, &pg))
		return;
	struct exstore_page probe = page_probe(&pg);
	struct ex_login *rows;
	size_t n = exstore_logins(r->x->db, &r->a, u.uid, &probe, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)pg.limit; i++)
		json_array_append_new(arr, demo_login_json(&rows[i]));
	size_t last = n > (size_t)pg.limit ? (size_t)pg.limit - 1 : 0;
	demo_answer(r, 200,
	            json_pack("{s:o,s:o}", "logins", arr, "next_before",
	                      next_cursor(n, &pg, n ? rows[last].at : 0, n ? rows[last].id : 0)));
}

LOCKED_HANDLER(demo_get_balances)
{
	struct ex_user u;
	if (!demo_user(r, r->params[0], &u))
		return;
	struct ex_balance *rows;
	size_t n = exstore_balances(r->x->db, &r->a, u.uid, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		struct amount av = {0}, lk = {0}, total = {0};
		char t[AMOUNT_TEXT_MAX];
		amount_parse(rows[i].available, strlen(rows[i].available), AMOUNT_SCALE, &av);
		amount_parse(rows[i].locked, strlen(rows[i].locked), AMOUNT_SCALE, &lk);
		amount_add(av, lk, &total);
		amount_format(total, t);
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s}", "asset", rows[i].asset,
		                                     "available", rows[i].available, "locked",
		                                     rows[i].locked, "total", t));
	}
	demo_answer(r, 200, json_pack("{s:s,s:o}", "uid", u.uid, "balances", arr));
}

LOCKED_HANDLER(demo_get_deposits)
{
	struct ex_user u;
	struct exstore_page pg;
	if (!demo_user(r, r->params[0], &u) || !page_parse(r, &pg))
		return;
	struct exstore_page probe = page_probe(&pg);
	struct ex_deposit *rows;
	size_t n = exstore_deposits(r->x->db, &r->a, u.uid, &probe, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)pg.limit; i++)
		json_array_append_new(arr, demo_deposit_json(r, &rows[i]));
	size_t last = n > (size_t)pg.limit ? (size_t)pg.limit - 1 : 0;
	demo_answer(
	    r, 200,
	    json_pack("{s:o,s:o}", "deposits", arr, "next_before",
	              next_cursor(n, &pg, n ? rows[last].created_at : 0, n ? rows[last].id : 0)));
}

LOCKED_HANDLER(demo_get_withdrawals)
{
	struct ex_user u;
	struct exstore_page pg;
	if (!demo_user(r, r->params[0], &u) || !page_parse(r, &pg))
		return;
	struct exstore_page probe = page_probe(&pg);
	struct ex_withdrawal *rows;
	size_t n = exstore_withdrawals(r->x->db, &r->a, u.uid, &probe, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)pg.limit; i++)
		json_array_append_new(arr, demo_withdrawal_json(r, &rows[i], false));
	size_t last = n > (size_t)pg.limit ? (size_t)pg.limit - 1 : 0;
	demo_answer(
	    r, 200,
	    json_pack("{s:o,s:o}", "withdrawals", arr, "next_before",
	              next_cursor(n, &pg, n ? rows[last].created_at : 0, n ? rows[last].id : 0)));
}

LOCKED_HANDLER(demo_get_trades)
{
	struct ex_user u;
	struct exstore_page pg;
	if (!demo_user(r, r->params[0], &u) || !page_parse(r, &pg))
		return;
	struct exstore_page probe = page_probe(&pg);
	struct ex_trade *rows;
	size_t n = exstore_trades(r->x->db, &r->a, u.uid, &probe, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)pg.limit; i++)
		json_array_append_new(
		    arr, json_pack("{s:o,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "id",
		                   id_json(rows[i].id), "symbol", rows[i].symbol, "side",
		                   rows[i].side, "price", rows[i].price, "qty", rows[i].qty, "fee",
		                   rows[i].fee, "fee_asset", rows[i].fee_asset, "liquidity",
		                   rows[i].liquidity, "at", demo_time(rows[i].at)));
	size_t last = n > (size_t)pg.limit ? (size_t)pg.limit - 1 : 0;
	demo_answer(r, 200,
	            json_pack("{s:o,s:o}", "trades", arr, "next_before",
	                      next_cursor(n, &pg, n ? rows[last].at : 0, n ? rows[last].id : 0)));
}

LOCKED_HANDLER(demo_get_address_book)
{
	struct ex_user u;
	if (!demo_user(r, r->params[0], &u))
		return;
	struct ex_book_entry *rows;
	size_t n = exstore_address_book(r->x->db, &r->a, u.uid, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr,
		    json_pack("{s:o,s:s,s:s,s:o,s:s,s:b,s:o}", "id", id_json(rows[i].id), "network",
		              rows[i].network, "address", rows[i].address, "memo",
		              demo_opt_str(rows[i].memo), "label", rows[i].label, "whitelisted",
		              rows[i].whitelisted, "created_at", demo_time(rows[i].created_at)));
	demo_answer(r, 200, json_pack("{s:s,s:o}", "uid", u.uid, "address_book", arr));
}

LOCKED_HANDLER(demo_get_withdrawal)
{
	int64_t id;
	struct ex_withdrawal w;
	if (!parse_id(r->params[0], &id) || !exstore_withdrawal_get(r->x->db, &r->a, id, &w)) {
		demo_error(r, 404, "withdrawal_not_found", "no withdrawal with this id", "id");
		return;
	}
	demo_answer(r, 200, json_pack("{s:o}", "withdrawal", demo_withdrawal_json(r, &w, true)));
}

LOCKED_HANDLER(demo_get_challenge)
{
	struct ex_user u;
	if (!demo_user(r, r->params[0], &u))
		return;
	int64_t id;
	struct ex_challenge c;
	if (!parse_id(r->params[1], &id) || !exstore_challenge_get(r->x->db, &r->a, id, &c) ||
	    strcmp(c.uid, u.uid) != 0) {
		demo_error(r, 404, "challenge_not_found",
		           "no 2FA challenge with this id for this user", "id");
		return;
	}
	demo_answer(r, 200,
	            json_pack("{s:o}", "challenge", demo_challenge_json(&c, clock_now_ms())));
}

LOCKED_HANDLER(demo_get_networks)
{
	struct ex_network *rows;
	size_t n = exstore_networks(r->x->db, &r->a, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s,s:s,s:s,s:i}", "network", rows[i].network, "memo",
		                   rows[i].memo_kind, "native_asset", rows[i].native_asset,
		                   "required_confirmations", rows[i].required_confirmations));
	demo_answer(r, 200, json_pack("{s:o}", "networks", arr));
}

/* ---- the chain index and deposit addresses ---- */

LOCKED_HANDLER(demo_get_chain_tx)
{
	struct ex_network n;
	if (!demo_network(r, r->params[0], &n))
		return;
	enum address_network net;
	address_network_parse(n.network, strlen(n.network), &net);
	struct txid_result tr;
	const char *text = r->params[1];
	if (txid_check(net, text, strlen(text), &tr) != TXID_OK) {
		demo_error(r, 422, "invalid_txid",
		           arena_printf(&r->a, "not a %s transaction id: %s", n.network,
		                        txid_strerror(tr.rc)),
		           "txid");
		return;
	}
	const char *txid = arena_strndup(&r->a, tr.normalized, tr.normalized_len);
	struct ex_chain_tx t;
	if (!exstore_chain_tx_get(r->x->db, &r->a, n.network, txid, &t)) {
		demo_answer(r, 200,
		            json_pack("{s:{s:s,s:s,s:b}}", "tx", "network", n.network, "txid", txid,
		                      "found", false));
		return;
	}
	struct ex_token tok;
	bool has_token = t.token_contract &&
	                 exstore_token_get(r->x->db, &r->a, n.network, t.token_contract, &tok);
	demo_answer(
	    r, 200,
	    json_pack("{s:{s:s,s:s,s:b,s:s,s:i,s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:o}}", "tx",
	              "network", t.network, "txid", t.txid, "found", true, "status", t.status,
	              "confirmations", t.confirmations, "required_confirmations",
	              n.required_confirmations, "to_address", t.to_address, "memo",
	              demo_opt_str(t.memo), "asset",
	              demo_opt_str(t.asset     ? t.asset
	                           : has_token ? tok.symbol
	                                       : NULL),
	              "token_contract", demo_opt_str(t.token_contract), "token_listed",
	              t.token_contract ? json_boolean(has_token && tok.listed) : json_null(),
	              "token_symbol", demo_opt_str(has_token ? tok.symbol : NULL), "amount",
	              t.amount, "sender", t.sender, "block_time", demo_time(t.block_time)));
}

LOCKED_HANDLER(demo_get_deposit_address)
{
	struct ex_network n;
	if (!demo_network(r, r->params[0], &n))
		return;
	bool bad = false;
	const char *memo = demo_query(r, "memo", &bad);
	if (bad)
		return;
	enum address_network net;
	address_network_parse(n.network, strlen(n.network), &net);
	const char *text = r->params[1];
	struct address_result ar;
	enum address_rc rc =
	    address_check(net, text, strlen(text), memo, memo ? strlen(memo) : 0, &ar);
	if (rc != ADDRESS_OK) {
		demo_error(
		    r, 422, "invalid_address",
		    arena_printf(&r->a, "not a %s address: %s", n.network, address_strerror(rc)),
		    "address");
		return;
	}
	if (memo && ar.memo_rc != ADDRESS_MEMO_OK && ar.memo_rc != ADDRESS_MEMO_UNEXPECTED) {
		demo_error(r, 422, "invalid_memo",
		           arena_printf(&r->a, "not a %s memo: %s", n.network,
		                        address_memo_strerror(ar.memo_rc)),
		           "memo");
		return;
	}
	const char *norm = arena_strndup(&r->a, ar.normalized, ar.normalized_len);
	struct address_facts f;
	address_facts(r, n.network, norm, &f);
	bool shared = !strcmp(f.kind, "shared_memo");
	const char *memo_norm = memo && ar.memo_rc == ADDRESS_MEMO_OK && ar.memo_len
	                            ? arena_strndup(&r->a, ar.memo, ar.memo_len)
	                            : NULL;
	const char *memo_uid = shared && memo_norm ? exstore_memo_uid(r->x->db, &r->a, n.network,
	                                                              f.address_row, memo_norm)
	                                           : NULL;
	/* The same key on other chains: an EVM address of ours is ours on every EVM chain, but
	 * the exchange only watches the networks it lists it for. */
	struct ex_deposit_address *others;
	size_t n_others =
	    exstore_deposit_address_elsewhere(r->x->db, &r->a, n.network, norm, &others);
	json_t *arr = json_array();
	for (size_t i = 0; i < n_others; i++)
		json_array_append_new(arr, json_pack("{s:s,s:s,s:o}", "network", others[i].network,
		                                     "kind", others[i].kind, "uid",
		                                     demo_opt_str(others[i].uid)));
	json_t *token = f.is_token ? json_pack("{s:s,s:s,s:b}", "contract", f.token.contract,
	                                       "symbol", f.token.symbol, "listed", f.token.listed)
	                           : json_null();
	demo_answer(r, 200,
	            json_pack("{s:{s:s,s:s,s:s,s:b,s:s,s:o,s:b,s:o,s:o,s:o,s:o,s:o}}", "address",
	                      "network", n.network, "address", text, "normalized", norm, "ours",
	                      f.ours, "kind", f.kind, "uid", demo_opt_str(f.uid), "requires_memo",
	                      shared, "memo", demo_opt_str(shared ? memo_norm : NULL), "memo_uid",
	                      demo_opt_str(memo_uid), "memo_known",
	                      shared && memo_norm ? json_boolean(memo_uid != NULL) : json_null(),
	                      "other_networks", arr, "token", token));
}
