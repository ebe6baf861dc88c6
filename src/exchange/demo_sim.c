/* demo_sim.c — the demo exchange's controls (docs/connector.md "Demo controls"): what a user,
 * the chain or the exchange's own staff would do, so a demo or a test can make a withdrawal
 * request, a deposit arrive, a login from somewhere new, an incident, or answer a 2FA
 * challenge. Not part of the connector: a real exchange has no such endpoints. Each is an
 * idempotent action like the others and raises the webhook a real exchange would. */
#include <stdio.h>
#include <string.h>

#include "core/address.h"
#include "core/amount.h"
#include "core/txid.h"
#include "exchange/demo_internal.h"
#include "util/clock.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Is the asset carried on the network (its native coin, or a listed token)? */
static bool asset_on_network(struct dreq *r, const struct ex_network *n, const char *asset)
{
	return !strcmp(n->native_asset, asset) || exstore_token_listed(r->x->db, n->network, asset);
}

static bool check_address(struct dreq *r, const struct ex_network *n, const char *field,
                          const char *text, const char *memo, struct address_result *ar)
{
	enum address_network net;
	address_network_parse(n->network, strlen(n->network), &net);
	enum address_rc rc =
	    address_check(net, text, strlen(text), memo, memo ? strlen(memo) : 0, ar);
	if (rc != ADDRESS_OK) {
		demo_error(
		    r, 422, "invalid_address",
		    arena_printf(&r->a, "not a %s address: %s", n->network, address_strerror(rc)),
		    field);
		return false;
	}
	if (memo && ar->memo_rc != ADDRESS_MEMO_OK) {
		demo_error(r, 422, "invalid_memo",
		           arena_printf(&r->a, "not a %s memo: %s", n->network,
		                        address_memo_strerror(ar->memo_rc)),
		           "memo");
		return false;
	}
	return true;
}

static bool sim_network(struct dreq *r, const char *text, struct ex_network *n)
{
	if (demo_network(r, text, n))
		return true;
	r->status = 0;
	demo_error(r, 422, "unknown_network",
	           arena_printf(&r->a, "this exchange runs no network called \"%.40s\"", text),
	           "network");
	return false;
}

/* ---- a withdrawal request ---- */

static const struct demo_field withdrawal_fields[] = {
    {"uid", DF_ID, true, 64},      {"asset", DF_ID, true, 20},
    {"network", DF_ID, true, 20},  {"amount", DF_AMOUNT, true, 40},
    {"fee", DF_AMOUNT, false, 40}, {"address", DF_ID, true, 128},
    {"memo", DF_LINE, false, 256}, {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_withdrawal(struct dreq *r, int64_t now)
{
	const char *asset = demo_str(r, "asset"), *amount = demo_str(r, "amount");
	const char *fee = demo_str(r, "fee") ? demo_str(r, "fee") : "0";
	struct ex_user u;
	struct ex_network n;
	struct address_result ar;
	if (!demo_user(r, demo_str(r, "uid"), &u))
		return;
	if (strcmp(u.account_status, "active") != 0) {
		demo_error(r, 409, "account_frozen",
		           arena_printf(&r->a, "the account is %s", u.account_status), NULL);
		return;
	}
	if (!sim_network(r, demo_str(r, "network"), &n) ||
	    !demo_amount(r, "amount", amount, asset, false) ||
	    !demo_amount(r, "fee", fee, asset, true) ||
	    !check_address(r, &n, "address", demo_str(r, "address"), demo_str(r, "memo"), &ar))
		return;
	if (!asset_on_network(r, &n, asset)) {
		demo_error(r, 422, "asset_not_on_network",
		           arena_printf(&r->a, "%s is not withdrawn on %s", asset, n.network),
		           "asset");
		return;
	}
	struct amount a, f, total;
	amount_parse(amount, strlen(amount), AMOUNT_SCALE, &a);
	amount_parse(fee, strlen(fee), AMOUNT_SCALE, &f);
	amount_add(a, f, &total);
	char amt[AMOUNT_TEXT_MAX], fe[AMOUNT_TEXT_MAX], tot[AMOUNT_TEXT_MAX];
	amount_format(a, amt);
	amount_format(f, fe);
	amount_format(total, tot);
	if (!demo_balance_move(r, u.uid, asset, arena_printf(&r->a, "-%s", tot), tot))
		return;
	struct ex_withdrawal w = {.uid = u.uid,
	                          .asset = asset,
	                          .network = n.network,
	                          .amount = amt,
	                          .fee = fe,
	                          .address = arena_strndup(&r->a, ar.normalized, ar.normalized_len),
	                          .memo = ar.memo_len ? arena_strndup(&r->a, ar.memo, ar.memo_len)
	                                              : NULL,
	                          .status = "pending",
	                          .created_at = now,
	                          .updated_at = now};
	if (exstore_withdrawal_insert(r->x->db, &w) != DB_DONE) {
		demo_internal_error(r, "withdrawal insert");
		return;
	}
	if (!demo_webhook_queue(
	        r->x, &r->a, "withdrawal.pending",
	        json_pack("{s:o}", "withdrawal", demo_withdrawal_json(r, &w, false)), now)) {
		demo_internal_error(r, "webhook queue");
		return;
	}
	demo_answer(r, 201, json_pack("{s:o}", "withdrawal", demo_withdrawal_json(r, &w, true)));
}

void demo_sim_withdrawal(struct dreq *r)
{
	if (demo_fields_ok(r, withdrawal_fields, N(withdrawal_fields)))
		demo_run_action(r, "demo.withdrawal", do_withdrawal);
}

/* ---- a transaction arriving on chain ---- */

static const struct demo_field tx_fields[] = {
    {"txid", DF_ID, true, 128},
    {"to_address", DF_ID, true, 128},
    {"memo", DF_LINE, false, 256},
    {"asset", DF_ID, false, 20},
    {"token_contract", DF_ID, false, 128},
    {"amount", DF_AMOUNT, true, 40},
    {"sender", DF_ID, true, 128},
    {"confirmations", DF_INT, true, 10000000},
    {"failed", DF_BOOL, false, 0},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_chain_tx(struct dreq *r, int64_t now)
{
	struct ex_network n;
	if (!demo_network(r, r->params[0], &n))
		return;
	enum address_network net;
	address_network_parse(n.network, strlen(n.network), &net);
	const char *txtext = demo_str(r, "txid"), *asset = demo_str(r, "asset");
	const char *memo = demo_str(r, "memo"), *contract = demo_str(r, "token_contract");
	const char *amount = demo_str(r, "amount");
	bool failed = json_is_true(json_object_get(r->body, "failed"));
	struct txid_result tr;
	if (txid_check(net, txtext, strlen(txtext), &tr) != TXID_OK) {
		demo_error(r, 422, "invalid_txid",
		           arena_printf(&r->a, "not a %s transaction id: %s", n.network,
		                        txid_strerror(tr.rc)),
		           "txid");
		return;
	}
	struct address_result to, from, tok;
	if (!check_address(r, &n, "to_address", demo_str(r, "to_address"), memo, &to) ||
	    !check_address(r, &n, "sender", demo_str(r, "sender"), NULL, &from) ||
	    (contract && !check_address(r, &n, "token_contract", contract, NULL, &tok)))
		return;
	if (asset ? !demo_amount(r, "amount", amount, asset, true)
	          : amount_parse(amount, strlen(amount), AMOUNT_SCALE, &(struct amount){0}) !=
	                AMOUNT_OK) {
		if (!r->status)
			demo_error(r, 422, "invalid_amount", "amount is a decimal string",
			           "amount");
		return;
	}
	int conf = (int)json_integer_value(json_object_get(r->body, "confirmations"));
	struct ex_chain_tx t = {
	    .network = n.network,
	    .txid = arena_strndup(&r->a, tr.normalized, tr.normalized_len),
	    .status = failed                             ? "failed"
	              : conf >= n.required_confirmations ? "confirmed"
	                                                 : "pending",
	    .confirmations = conf,
	    .to_address = arena_strndup(&r->a, to.normalized, to.normalized_len),
	    .memo = memo,
	    .asset = asset,
	    .token_contract =
	        contract ? arena_strndup(&r->a, tok.normalized, tok.normalized_len) : NULL,
	    .amount = amount,
	    .sender = arena_strndup(&r->a, from.normalized, from.normalized_len),
	    .block_time = now};
	struct ex_chain_tx prev;
	if (exstore_chain_tx_get(r->x->db, &r->a, t.network, t.txid, &prev)) {
		demo_error(r, 409, "tx_exists", "this transaction is already on the chain", "txid");
		return;
	}
	if (exstore_chain_tx_insert(r->x->db, &t) != DB_DONE) {
		demo_internal_error(r, "chain insert");
		return;
	}
	/* What the exchange's deposit watcher does: attribute it, and credit it when it can. */
	json_t *seen = demo_deposit_seen_json(r, &t);
	json_t *dj = json_object_get(seen, "deposit");
	const char *uid = json_string_value(json_object_get(dj, "uid"));
	bool listed = asset && asset_on_network(r, &n, asset);
	json_t *deposit = json_null();
	if (uid && listed && strcmp(t.status, "failed") != 0) {
		bool credited = !strcmp(t.status, "confirmed");
		struct ex_deposit d = {.uid = uid,
		                       .asset = asset,
		                       .network = n.network,
		                       .amount = amount,
		                       .fee = "0",
		                       .txid = t.txid,
		                       .address = t.to_address,
		                       .memo = memo,
		                       .from_address = t.sender,
		                       .status = credited ? "credited" : "pending",
		                       .confirmations = conf,
		                       .created_at = now,
		                       .credited_at = credited ? now : 0};
		if (exstore_deposit_insert(r->x->db, &d) != DB_DONE) {
			json_decref(seen);
			demo_internal_error(r, "deposit insert");
			return;
		}
		if (credited && !demo_balance_move(r, uid, asset, amount, NULL)) {
			json_decref(seen);
			return;
		}
		deposit = demo_deposit_json(r, &d);
	}
	if (!demo_webhook_queue(r->x, &r->a, "deposit.seen", json_incref(seen), now)) {
		json_decref(seen);
		json_decref(deposit);
		demo_internal_error(r, "webhook queue");
		return;
	}
	demo_answer(r, 201, json_pack("{s:O,s:o}", "seen", dj, "deposit", deposit));
	json_decref(seen);
}

void demo_sim_chain_tx(struct dreq *r)
{
	if (demo_fields_ok(r, tx_fields, N(tx_fields)))
		demo_run_action(r, "demo.chain_tx", do_chain_tx);
}

/* ---- a login ---- */

static const struct demo_field login_fields[] = {
    {"uid", DF_ID, true, 64},
    {"device_id", DF_ID, true, 64},
    {"ip", DF_ID, true, 45},
    {"country", DF_ID, true, 2},
    {"user_agent", DF_LINE, true, 300},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_login(struct dreq *r, int64_t now)
{
	struct ex_user u;
	if (!demo_user(r, demo_str(r, "uid"), &u))
		return;
	const char *country = demo_str(r, "country");
	if (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' ||
	    country[1] > 'Z') {
		demo_error(r, 422, "invalid_value", "country is an ISO 3166 code such as \"VN\"",
		           "country");
		return;
	}
	struct ex_login l = {.uid = u.uid,
	                     .device_id = demo_str(r, "device_id"),
	                     .ip = demo_str(r, "ip"),
	                     .country = country,
	                     .user_agent = demo_str(r, "user_agent"),
	                     .at = now};
	l.new_device = !exstore_login_device_seen(r->x->db, u.uid, l.device_id);
	l.new_country = !exstore_login_country_seen(r->x->db, u.uid, country);
	struct exstore_page pg = {0, 0, 1};
	struct ex_login *before;
	bool had_logins = exstore_logins(r->x->db, &r->a, u.uid, &pg, &before) > 0;
	if (exstore_login_insert(r->x->db, &l) != DB_DONE) {
		demo_internal_error(r, "login insert");
		return;
	}
	/* The first login of an account is not news; a country never seen since is. */
	if (l.new_country && had_logins &&
	    !demo_webhook_queue(r->x, &r->a, "login.new_country",
	                        json_pack("{s:o}", "login", demo_login_json(&l)), now)) {
		demo_internal_error(r, "webhook queue");
		return;
	}
	demo_answer(r, 201, json_pack("{s:o}", "login", demo_login_json(&l)));
}

void demo_sim_login(struct dreq *r)
{
	if (demo_fields_ok(r, login_fields, N(login_fields)))
		demo_run_action(r, "demo.login", do_login);
}

/* ---- an incident ---- */

static const struct demo_field incident_fields[] = {
    {"id", DF_ID, true, 64},
    {"title", DF_LINE, true, 200},
    {"products", DF_STRLIST, true, 20},
    {"description", DF_TEXT, true, 4000},
    {"starts_at", DF_ID, true, 40},
    {"ends_at", DF_ID, false, 40},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_incident(struct dreq *r, int64_t now)
{
	int64_t starts = 0, ends = 0;
	const char *e = demo_str(r, "ends_at");
	if (!clock_parse_rfc3339(demo_str(r, "starts_at"), &starts)) {
		demo_error(r, 422, "invalid_value", "starts_at is an RFC 3339 time", "starts_at");
		return;
	}
	if (e && (!clock_parse_rfc3339(e, &ends) || ends < starts)) {
		demo_error(r, 422, "invalid_value", "ends_at is an RFC 3339 time after starts_at",
		           "ends_at");
		return;
	}
	json_t *products = json_object_get(r->body, "products");
	char *ptext = json_dumps(products, JSON_COMPACT);
	struct ex_incident inc = {.id = demo_str(r, "id"),
	                          .title = demo_str(r, "title"),
	                          .products = arena_strdup(&r->a, ptext),
	                          .description = demo_str(r, "description"),
	                          .starts_at = starts,
	                          .ends_at = ends,
	                          .declared_at = now};
	free(ptext);
	enum db_rc rc = exstore_incident_insert(r->x->db, &inc);
	if (rc == DB_CONSTRAINT) {
		demo_error(r, 409, "incident_exists", "an incident with this id was declared",
		           "id");
		return;
	}
	if (rc != DB_DONE) {
		demo_internal_error(r, "incident insert");
		return;
	}
	json_t *j =
	    json_pack("{s:s,s:s,s:O,s:s,s:o,s:o,s:o}", "id", inc.id, "title", inc.title, "products",
	              products, "description", inc.description, "starts_at", demo_time(starts),
	              "ends_at", demo_time(ends), "declared_at", demo_time(now));
	if (!demo_webhook_queue(r->x, &r->a, "incident.declared", json_pack("{s:O}", "incident", j),
	                        now)) {
		json_decref(j);
		demo_internal_error(r, "webhook queue");
		return;
	}
	demo_answer(r, 201, json_pack("{s:o}", "incident", j));
}

void demo_sim_incident(struct dreq *r)
{
	if (demo_fields_ok(r, incident_fields, N(incident_fields)))
		demo_run_action(r, "demo.incident", do_incident);
}

/* ---- the user answers a 2FA challenge ---- */

static const struct demo_field answer_fields[] = {
    {"result", DF_ID, true, 10},
    {"idempotency_key", DF_ID, true, DEMO_MAX_ID},
};

static void do_answer(struct dreq *r, int64_t now)
{
	const char *result = demo_str(r, "result");
	if (strcmp(result, "passed") != 0 && strcmp(result, "failed") != 0) {
		demo_error(r, 422, "invalid_value", "result is \"passed\" or \"failed\"", "result");
		return;
	}
	const char *s = r->params[0];
	int64_t id = 0;
	bool ok = *s && strlen(s) <= 18 && s[0] != '0';
	for (const char *p = s; ok && *p; p++) {
		ok = *p >= '0' && *p <= '9';
		id = id * 10 + (*p - '0');
	}
	struct ex_challenge c;
	if (!ok || !exstore_challenge_get(r->x->db, &r->a, id, &c)) {
		demo_error(r, 404, "challenge_not_found", "no 2FA challenge with this id", "id");
		return;
	}
	if (strcmp(c.status, "pending") != 0 || now > c.expires_at) {
		demo_error(r, 409, "invalid_state",
		           now > c.expires_at && !strcmp(c.status, "pending")
		               ? "the challenge expired"
		               : "the challenge was already answered",
		           NULL);
		return;
	}
	if (exstore_challenge_answer(r->x->db, id, result, now) != DB_DONE) {
		demo_internal_error(r, "challenge answer");
		return;
	}
	c.status = result;
	c.answered_at = now;
	demo_answer(r, 200, json_pack("{s:o}", "challenge", demo_challenge_json(&c, now)));
}

void demo_sim_answer_2fa(struct dreq *r)
{
	if (demo_fields_ok(r, answer_fields, N(answer_fields)))
		demo_run_action(r, "demo.answer_2fa", do_answer);
}
