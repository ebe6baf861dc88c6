/* demo_actions.c — what exdesk asks the exchange to do (docs/connector.md "Actions"): hold,
 * release or cancel a withdrawal, credit a recovered deposit, pay a compensation, send a fresh
 * 2FA challenge. Every action carries an idempotency key and runs through demo_run_action:
 * one transaction, the answer stored with it, so a retried request gets the first answer and
 * nothing happens twice. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/address.h"
#include "core/amount.h"
#include "core/txid.h"
#include "exchange/demo_internal.h"
#include "util/clock.h"
#include "util/log.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The request's identity for its key: action, path parameters and the body with sorted keys. */
static void request_hash(struct dreq *r, const char *action, uint8_t out[32])
{
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)action, strlen(action) + 1);
	for (size_t i = 0; i < r->n_params; i++)
		crypto_hash_sha256_update(&st, (const unsigned char *)r->params[i],
		                          strlen(r->params[i]) + 1);
	char *body = json_dumps(r->body, JSON_COMPACT | JSON_SORT_KEYS);
	if (body)
		crypto_hash_sha256_update(&st, (const unsigned char *)body, strlen(body));
	free(body);
	crypto_hash_sha256_final(&st, out);
}

void demo_run_action(struct dreq *r, const char *action, demo_action_fn fn)
{
	struct demo_exchange *x = r->x;
	const char *key = demo_str(r, "idempotency_key");
	if (!key) {
		demo_error(r, 422, "missing_field", "idempotency_key is required",
		           "idempotency_key");
		return;
	}
	uint8_t hash[32];
	request_hash(r, action, hash);
	pthread_mutex_lock(&x->mu);
	int64_t now = clock_now_ms();
	if (db_begin(x->db) != DB_OK) {
		pthread_mutex_unlock(&x->mu);
		demo_internal_error(r, "begin");
		return;
	}
	struct ex_idempotency prev;
	if (exstore_idempotency_get(x->db, &r->a, key, &prev)) {
		db_rollback(x->db);
		pthread_mutex_unlock(&x->mu);
		if (strcmp(prev.action, action) != 0 ||
		    sodium_memcmp(prev.request_hash, hash, sizeof hash) != 0) {
			demo_error(r, 409, "idempotency_conflict",
			           "this idempotency key was used for a different request",
			           "idempotency_key");
			return;
		}
		demo_answer_text(r, prev.status, prev.response, strlen(prev.response));
		r->replayed = true;
		return;
	}
	fn(r, now);
	if (r->status < 200 || r->status >= 300) {
		db_rollback(x->db);
		pthread_mutex_unlock(&x->mu);
		return;
	}
	struct ex_idempotency rec = {
	    .key = key, .action = action, .status = r->status, .response = r->answer};
	memcpy(rec.request_hash, hash, sizeof hash);
	if (exstore_idempotency_insert(x->db, &rec, now) != DB_DONE || db_commit(x->db) != DB_OK) {
		db_rollback(x->db);
		pthread_mutex_unlock(&x->mu);
		demo_internal_error(r, "commit");
		return;
	}
	pthread_mutex_unlock(&x->mu);
	char q[200];
	log_event(LOG_INFO, "demo_exchange_action", "action=%s key=%s status=%d", action,
	          log_quote(key, strlen(key), q, sizeof q), r->status);
	demo_webhook_kick(x);
}

/* ---- amounts and balances ---- */

bool demo_amount(struct dreq *r, const char *field, const char *text, const char *asset,
                 bool zero_ok)
{
	int decimals = exstore_asset_decimals(r->x->db, asset);
	if (decimals < 0) {
		demo_error(
		    r, 422, "unknown_asset",
		    arena_printf(&r->a, "this exchange lists no asset called \"%.20s\"", asset),
		    "asset");
		return false;
	}
	struct amount v;
	enum amount_rc rc = amount_parse(text, strlen(text), (unsigned)decimals, &v);
	if (rc != AMOUNT_OK) {
		demo_error(r, 422, "invalid_amount",
		           rc == AMOUNT_TOO_PRECISE
		               ? arena_printf(&r->a, "%s has more than %d decimal places for %s",
		                              field, decimals, asset)
		               : arena_printf(&r->a, "%s: %s", field, amount_strerror(rc)),
		           field);
		return false;
	}
	if (!zero_ok && amount_is_zero(v)) {
		demo_error(r, 422, "invalid_amount",
		           arena_printf(&r->a, "%s must be above zero", field), field);
		return false;
	}
	return true;
}

/* "-1.5" -> subtract; parsed at full scale (the asset's own check came earlier). */
static bool apply(const char *cur, const char *delta, struct amount *out)
{
	struct amount a, d;
	if (amount_parse(cur, strlen(cur), AMOUNT_SCALE, &a) != AMOUNT_OK)
		return false;
	if (!delta) {
		*out = a;
		return true;
	}
	bool neg = delta[0] == '-';
	const char *t = neg ? delta + 1 : delta;
	if (amount_parse(t, strlen(t), AMOUNT_SCALE, &d) != AMOUNT_OK)
		return false;
	if (neg)
		return amount_sub(a, d, out) == AMOUNT_OK;
	return amount_add(a, d, out);
}

bool demo_balance_move(struct dreq *r, const char *uid, const char *asset,
                       const char *delta_available, const char *delta_locked)
{
	struct ex_balance b;
	if (!exstore_balance_get(r->x->db, &r->a, uid, asset, &b))
		b.available = b.locked = "0";
	struct amount av, lk;
	if (!apply(b.available, delta_available, &av) || !apply(b.locked, delta_locked, &lk)) {
		demo_error(r, 409, "insufficient_balance",
		           arena_printf(&r->a, "the %s balance of user %s does not cover this",
		                        asset, uid),
		           NULL);
		return false;
	}
	char avs[AMOUNT_TEXT_MAX], lks[AMOUNT_TEXT_MAX];
	amount_format(av, avs);
	amount_format(lk, lks);
	if (exstore_balance_put(r->x->db, uid, asset, avs, lks) != DB_DONE) {
		demo_internal_error(r, "balance");
		return false;
	}
	return true;
}

/* amount + fee as text, for moving a withdrawal's lock. */
static const char *sum_text(struct dreq *r, const char *a, const char *b, bool negative)
{
	struct amount x, y, s;
	amount_parse(a, strlen(a), AMOUNT_SCALE, &x);
	amount_parse(b, strlen(b), AMOUNT_SCALE, &y);
	amount_add(x, y, &s);
	char t[AMOUNT_TEXT_MAX];
	amount_format(s, t);
	return arena_printf(&r->a, "%s%s", negative ? "-" : "", t);
}

/* ---- withdrawals: hold, release, cancel ---- */

static const struct demo_field withdrawal_fields[] = {
    {"reason", DF_TEXT, true, DEMO_MAX_TEXT},
    {"agent", DF_LINE, true, 200},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
    {"ticket", DF_ID, false, 64},
};

static bool withdrawal_of(struct dreq *r, struct ex_withdrawal *w)
{
	const char *s = r->params[0];
	size_t n = strlen(s);
	int64_t id = 0;
	bool ok = n >= 1 && n <= 18 && s[0] != '0';
	for (size_t i = 0; ok && i < n; i++) {
		ok = s[i] >= '0' && s[i] <= '9';
		id = id * 10 + (s[i] - '0');
	}
	if (ok && exstore_withdrawal_get(r->x->db, &r->a, id, w))
		return true;
	demo_error(r, 404, "withdrawal_not_found", "no withdrawal with this id", "id");
	return false;
}

/* Moves the withdrawal from one of `from` to `to`; records the action; answers with it. */
static bool transition(struct dreq *r, int64_t now, struct ex_withdrawal *w, const char *action,
                       const char *to)
{
	const char *from = w->status;
	w->status = to;
	w->reason = demo_str(r, "reason");
	w->actor = demo_str(r, "agent");
	w->updated_at = now;
	struct ex_withdrawal_action xa = {.withdrawal_id = w->id,
	                                  .action = action,
	                                  .reason = w->reason,
	                                  .agent = w->actor,
	                                  .at = now};
	if (exstore_withdrawal_transition(r->x->db, w, from) != DB_DONE ||
	    exstore_withdrawal_action_insert(r->x->db, &xa) != DB_DONE) {
		demo_internal_error(r, "withdrawal transition");
		return false;
	}
	return true;
}

static void refuse_state(struct dreq *r, const struct ex_withdrawal *w, const char *what)
{
	demo_error(r, 409, "invalid_state",
	           arena_printf(&r->a, "the withdrawal is %s; %s", w->status, what), "status");
}

static void answer_withdrawal(struct dreq *r, struct ex_withdrawal *w)
{
	struct ex_withdrawal fresh;
	if (!exstore_withdrawal_get(r->x->db, &r->a, w->id, &fresh)) {
		demo_internal_error(r, "withdrawal reread");
		return;
	}
	demo_answer(r, 200,
	            json_pack("{s:o}", "withdrawal", demo_withdrawal_json(r, &fresh, true)));
}

static void do_hold(struct dreq *r, int64_t now)
{
	struct ex_withdrawal w;
	if (!withdrawal_of(r, &w))
		return;
	if (strcmp(w.status, "pending") != 0) {
		refuse_state(r, &w, "only a pending withdrawal can be held");
		return;
	}
	if (transition(r, now, &w, "hold", "held"))
		answer_withdrawal(r, &w);
}

/* A transaction id for a released withdrawal, in the network's own format. */
static const char *simulated_txid(struct dreq *r, const struct ex_withdrawal *w)
{
	unsigned char h[32];
	char seed[64], hex[65];
	snprintf(seed, sizeof seed, "demo-withdrawal-%lld", (long long)w->id);
	crypto_generichash(h, sizeof h, (const unsigned char *)seed, strlen(seed), NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	enum address_network net;
	if (!address_network_parse(w->network, strlen(w->network), &net))
		return arena_strdup(&r->a, hex);
	/* txid_check gives the network's canonical form: 0x for EVM, upper case for XRP/ATOM. */
	struct txid_result tr;
	const char *in = arena_printf(&r->a, "0x%s", hex);
	if (txid_check(net, in, strlen(in), &tr) == TXID_OK ||
	    txid_check(net, hex, 64, &tr) == TXID_OK)
		return arena_strndup(&r->a, tr.normalized, tr.normalized_len);
	return arena_strdup(&r->a, hex); /* Solana signatures are base58; the demo keeps hex */
}

static void do_release(struct dreq *r, int64_t now)
{
	struct ex_withdrawal w;
	struct ex_user u;
	if (!withdrawal_of(r, &w) || !demo_user(r, w.uid, &u))
		return;
	if (strcmp(w.status, "held") != 0) {
		refuse_state(r, &w, "only a held withdrawal can be released");
		return;
	}
	if (strcmp(u.account_status, "active") != 0) {
		demo_error(
		    r, 409, "account_frozen",
		    arena_printf(&r->a, "the account is %s: nothing leaves it", u.account_status),
		    NULL);
		return;
	}
	w.txid = simulated_txid(r, &w);
	if (!demo_balance_move(r, w.uid, w.asset, NULL, sum_text(r, w.amount, w.fee, true)))
		return;
	if (transition(r, now, &w, "release", "completed"))
		answer_withdrawal(r, &w);
}

static void do_cancel(struct dreq *r, int64_t now)
{
	struct ex_withdrawal w;
	if (!withdrawal_of(r, &w))
		return;
	if (strcmp(w.status, "pending") != 0 && strcmp(w.status, "held") != 0) {
		refuse_state(r, &w, "only a pending or held withdrawal can be cancelled");
		return;
	}
	/* The money goes back to the user's available balance. */
	if (!demo_balance_move(r, w.uid, w.asset, sum_text(r, w.amount, w.fee, false),
	                       sum_text(r, w.amount, w.fee, true)))
		return;
	if (transition(r, now, &w, "cancel", "cancelled"))
		answer_withdrawal(r, &w);
}

void demo_post_hold(struct dreq *r)
{
	if (demo_fields_ok(r, withdrawal_fields, N(withdrawal_fields)))
		demo_run_action(r, "withdrawal.hold", do_hold);
}

void demo_post_release(struct dreq *r)
{
	if (demo_fields_ok(r, withdrawal_fields, N(withdrawal_fields)))
		demo_run_action(r, "withdrawal.release", do_release);
}

void demo_post_cancel(struct dreq *r)
{
	if (demo_fields_ok(r, withdrawal_fields, N(withdrawal_fields)))
		demo_run_action(r, "withdrawal.cancel", do_cancel);
}

/* ---- a recovered deposit ---- */

static const struct demo_field credit_fields[] = {
    {"uid", DF_ID, true, 64},      {"asset", DF_ID, true, 20},
    {"network", DF_ID, true, 20},  {"amount", DF_AMOUNT, true, 40},
    {"fee", DF_AMOUNT, false, 40}, {"txid", DF_ID, true, 128},
    {"agent", DF_LINE, true, 200}, {"reason", DF_TEXT, false, DEMO_MAX_TEXT},
    {"case", DF_ID, false, 64},    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

/* A user named in a body: 422 (the request is wrong, not the address). */
static bool body_user(struct dreq *r, const char *uid, struct ex_user *u)
{
	if (exstore_user_get(r->x->db, &r->a, uid, u))
		return true;
	demo_error(r, 422, "user_not_found", "no user with this uid", "uid");
	return false;
}

static bool body_network(struct dreq *r, const char *text, struct ex_network *n)
{
	if (!demo_network(r, text, n)) {
		/* demo_network answered 404 for a path; a body field is a 422. */
		r->status = 0;
		demo_error(
		    r, 422, "unknown_network",
		    arena_printf(&r->a, "this exchange runs no network called \"%.40s\"", text),
		    "network");
		return false;
	}
	return true;
}

static void do_credit(struct dreq *r, int64_t now)
{
	const char *uid = demo_str(r, "uid"), *asset = demo_str(r, "asset");
	const char *amount = demo_str(r, "amount"), *fee = demo_str(r, "fee");
	if (!fee)
		fee = "0";
	struct ex_user u;
	struct ex_network n;
	if (!body_user(r, uid, &u) || !body_network(r, demo_str(r, "network"), &n) ||
	    !demo_amount(r, "amount", amount, asset, false) ||
	    !demo_amount(r, "fee", fee, asset, true))
		return;
	enum address_network net;
	address_network_parse(n.network, strlen(n.network), &net);
	const char *txtext = demo_str(r, "txid");
	struct txid_result tr;
	if (txid_check(net, txtext, strlen(txtext), &tr) != TXID_OK) {
		demo_error(r, 422, "invalid_txid",
		           arena_printf(&r->a, "not a %s transaction id: %s", n.network,
		                        txid_strerror(tr.rc)),
		           "txid");
		return;
	}
	const char *txid = arena_strndup(&r->a, tr.normalized, tr.normalized_len);
	struct ex_chain_tx t;
	if (!exstore_chain_tx_get(r->x->db, &r->a, n.network, txid, &t)) {
		demo_error(r, 422, "tx_not_found",
		           arena_printf(&r->a, "no such transaction on %s", n.network), "txid");
		return;
	}
	if (!strcmp(t.status, "failed")) {
		demo_error(r, 409, "tx_failed", "the transaction failed on chain: nothing arrived",
		           "txid");
		return;
	}
	if (strcmp(t.status, "confirmed") != 0 || t.confirmations < n.required_confirmations) {
		demo_error(r, 409, "tx_not_confirmed",
		           arena_printf(&r->a, "%d of %d confirmations: wait for the rest",
		                        t.confirmations, n.required_confirmations),
		           "txid");
		return;
	}
	if (!t.asset || strcmp(t.asset, asset) != 0) {
		demo_error(r, 422, "asset_mismatch",
		           t.asset ? arena_printf(&r->a, "the transaction carried %s", t.asset)
		                   : "the transaction carried a token this exchange does not list",
		           "asset");
		return;
	}
	struct amount a, f, sum, onchain;
	amount_parse(amount, strlen(amount), AMOUNT_SCALE, &a);
	amount_parse(fee, strlen(fee), AMOUNT_SCALE, &f);
	amount_add(a, f, &sum);
	if (amount_parse(t.amount, strlen(t.amount), AMOUNT_SCALE, &onchain) != AMOUNT_OK ||
	    amount_cmp(sum, onchain) != 0) {
		demo_error(r, 422, "amount_mismatch",
		           arena_printf(&r->a,
		                        "amount + fee must equal the %s the transaction carried",
		                        t.amount),
		           "amount");
		return;
	}
	struct ex_deposit prev;
	if (exstore_deposit_by_tx(r->x->db, &r->a, n.network, txid, &prev)) {
		demo_error(r, 409, "already_credited",
		           arena_printf(&r->a, "this transaction was credited as deposit %lld",
		                        (long long)prev.id),
		           "txid");
		return;
	}
	char amt[AMOUNT_TEXT_MAX], fe[AMOUNT_TEXT_MAX];
	amount_format(a, amt);
	amount_format(f, fe);
	struct ex_deposit d = {.uid = u.uid,
	                       .asset = asset,
	                       .network = n.network,
	                       .amount = amt,
	                       .fee = fe,
	                       .txid = txid,
	                       .address = t.to_address,
	                       .memo = t.memo,
	                       .from_address = t.sender,
	                       .status = "credited",
	                       .confirmations = t.confirmations,
	                       .recovered = true,
	                       .created_at = now,
	                       .credited_at = now};
	if (exstore_deposit_insert(r->x->db, &d) != DB_DONE) {
		demo_internal_error(r, "deposit insert");
		return;
	}
	if (!demo_balance_move(r, u.uid, asset, amt, NULL))
		return;
	demo_answer(r, 201, json_pack("{s:o}", "deposit", demo_deposit_json(r, &d)));
}

void demo_post_credit(struct dreq *r)
{
	if (demo_fields_ok(r, credit_fields, N(credit_fields)))
		demo_run_action(r, "deposit.credit", do_credit);
}

/* ---- compensations ---- */

static const struct demo_field compensation_fields[] = {
    {"incident_id", DF_ID, true, 64},
    {"uid", DF_ID, true, 64},
    {"asset", DF_ID, true, 20},
    {"amount", DF_AMOUNT, true, 40},
    {"reason", DF_TEXT, true, DEMO_MAX_TEXT},
    {"agent", DF_LINE, true, 200},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_compensation(struct dreq *r, int64_t now)
{
	const char *incident = demo_str(r, "incident_id"), *uid = demo_str(r, "uid");
	const char *asset = demo_str(r, "asset"), *amount = demo_str(r, "amount");
	struct ex_user u;
	if (!body_user(r, uid, &u) || !demo_amount(r, "amount", amount, asset, false))
		return;
	struct ex_compensation prev;
	if (exstore_compensation_get(r->x->db, &r->a, incident, uid, &prev)) {
		demo_error(r, 409, "already_compensated",
		           arena_printf(&r->a, "user %s was paid %s %s for this incident", uid,
		                        prev.amount, prev.asset),
		           "uid");
		return;
	}
	struct amount a;
	char amt[AMOUNT_TEXT_MAX];
	amount_parse(amount, strlen(amount), AMOUNT_SCALE, &a);
	amount_format(a, amt);
	struct ex_compensation c = {.incident_id = incident,
	                            .uid = uid,
	                            .asset = asset,
	                            .amount = amt,
	                            .reason = demo_str(r, "reason"),
	                            .agent = demo_str(r, "agent"),
	                            .created_at = now};
	if (exstore_compensation_insert(r->x->db, &c) != DB_DONE) {
		demo_internal_error(r, "compensation insert");
		return;
	}
	if (!demo_balance_move(r, uid, asset, amt, NULL))
		return;
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c.id);
	demo_answer(r, 201,
	            json_pack("{s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}}", "compensation", "id", id,
	                      "incident_id", incident, "uid", uid, "asset", asset, "amount", amt,
	                      "reason", c.reason, "agent", c.agent, "created_at", demo_time(now)));
}

void demo_post_compensation(struct dreq *r)
{
	if (!demo_fields_ok(r, compensation_fields, N(compensation_fields)))
		return;
	/* The key is the pair itself, so one incident pays one user once. */
	const char *want =
	    arena_printf(&r->a, "%s:%s", demo_str(r, "incident_id"), demo_str(r, "uid"));
	if (strcmp(want, demo_str(r, "idempotency_key")) != 0) {
		demo_error(r, 422, "invalid_value",
		           "idempotency_key of a compensation is INCIDENT_ID:UID",
		           "idempotency_key");
		return;
	}
	demo_run_action(r, "compensation.pay", do_compensation);
}

/* ---- a fresh 2FA challenge ---- */

static const struct demo_field verify_fields[] = {
    {"agent", DF_LINE, true, 200},
    {"reason", DF_TEXT, false, DEMO_MAX_TEXT},
    {"ticket", DF_ID, false, 64},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_verify(struct dreq *r, int64_t now)
{
	struct ex_user u;
	if (!demo_user(r, r->params[0], &u))
		return;
	if (!strcmp(u.twofa_method, "none")) {
		demo_error(r, 409, "two_factor_not_enabled",
		           "the user has no second factor to challenge", NULL);
		return;
	}
	if (!strcmp(u.account_status, "closed")) {
		demo_error(r, 409, "account_closed", "the account is closed", NULL);
		return;
	}
	struct ex_challenge c = {.uid = u.uid,
	                         .method = u.twofa_method,
	                         .status = "pending",
	                         .agent = demo_str(r, "agent"),
	                         .created_at = now,
	                         .expires_at = now + DEMO_CHALLENGE_MS};
	if (exstore_challenge_insert(r->x->db, &c) != DB_DONE) {
		demo_internal_error(r, "challenge insert");
		return;
	}
	demo_answer(r, 201, json_pack("{s:o}", "challenge", demo_challenge_json(&c, now)));
}

void demo_post_verify_2fa(struct dreq *r)
{
	if (demo_fields_ok(r, verify_fields, N(verify_fields)))
		demo_run_action(r, "user.verify_2fa", do_verify);
}
