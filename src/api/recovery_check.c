/* recovery_check.c — a recovery case against the exchange: the connector's facts
 * (docs/connector.md "Deposit-recovery facts"), core's decision, the record of it on the case and
 * its ticket, and the credit. Reads, then connector calls with no write job open, then one job
 * that records; the credit is sent under the idempotency key "recovery:<case id>", so a retry
 * after a lost answer or a crash gets the first credit back instead of a second one. */
#include "api/recovery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/exchange.h"
#include "util/clock.h"
#include "util/log.h"

#define DEPOSITS_PAGE "200" /* the claimant's recent deposits looked through */

struct gather {
	struct arena *a;
	struct exchange_client *x;
	const struct recovery_case_row *c;
	const struct recovery_settings *s;
	struct recovery_facts f;
	json_t *facts; /* what the exchange said, kept on the case */
	char err[512];
};

static bool has(const char *s)
{
	return s && *s;
}

static const char *S(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* A read: OK gives the body (owned); REFUSED gives it too (the caller decides); UNAVAILABLE and
 * BAD_ANSWER set g->err. */
static enum exchange_outcome get(struct gather *g, const char *target, json_t **body)
{
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(g->x, "GET", target, NULL, &rep);
	*body = rep.body ? json_incref(rep.body) : NULL;
	if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER)
		snprintf(g->err, sizeof g->err, "exchange %s on GET %.120s: %.200s (%.60s)",
		         exchange_outcome_name(o), target, rep.message, rep.code);
	exchange_reply_clear(&rep);
	return o;
}

static const char *esc(struct gather *g, const char *s)
{
	return exchange_escape(g->a, s);
}

static bool ieq(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

/* Is txid among uid's credited deposits on network? Sets who got it. UNAVAILABLE/BAD when the
 * exchange failed; REFUSED (an unknown user) counts as no. */
static enum exchange_outcome credited_to(struct gather *g, const char *uid, const char *network,
                                         const char *txid, bool *credited, json_t **deposit)
{
	json_t *b;
	enum exchange_outcome o = get(
	    g, arena_printf(g->a, "/v1/users/%s/deposits?limit=" DEPOSITS_PAGE, esc(g, uid)), &b);
	*credited = false;
	if (o == EXCHANGE_OK) {
		json_t *arr = json_object_get(b, "deposits"), *d;
		size_t i;
		json_array_foreach(arr, i, d)
		{
			if (ieq(S(d, "txid"), txid) && ieq(S(d, "network"), network) &&
			    !strcmp(S(d, "status") ? S(d, "status") : "", "credited")) {
				*credited = true;
				*deposit = json_incref(d);
				break;
			}
		}
	}
	json_decref(b);
	return o == EXCHANGE_REFUSED ? EXCHANGE_OK : o;
}

static enum exchange_outcome find_tx(struct gather *g, enum address_network claimed, json_t **tx)
{
	const struct recovery_case_row *c = g->c;
	json_t *b;
	const char *code = address_network_code(claimed);
	enum exchange_outcome o =
	    get(g, arena_printf(g->a, "/v1/chain/%s/tx/%s", code, esc(g, c->txid)), &b);
	if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER)
		return o;
	json_t *t = json_object_get(b, "tx");
	if (o == EXCHANGE_OK && json_is_true(json_object_get(t, "found"))) {
		*tx = json_incref(t);
		json_decref(b);
		return EXCHANGE_OK;
	}
	json_decref(b);
	/* Not where the customer said: on the other networks the exchange runs whose hash format
	 * fits (BEP20 instead of ERC20, ...). */
	json_t *nb;
	if ((o = get(g, "/v1/networks", &nb)) != EXCHANGE_OK) {
		json_decref(nb);
		return o == EXCHANGE_REFUSED ? EXCHANGE_BAD_ANSWER : o;
	}
	uint32_t fits = txid_networks_for(c->txid, strlen(c->txid));
	json_t *n;
	size_t i;
	json_array_foreach(json_object_get(nb, "networks"), i, n)
	{
		enum address_network net;
		const char *nc = S(n, "network");
		if (!nc || !address_network_parse(nc, strlen(nc), &net) || net == claimed ||
		    !(fits & ADDRESS_NET_BIT(net)))
			continue;
		o = get(g, arena_printf(g->a, "/v1/chain/%s/tx/%s", nc, esc(g, c->txid)), &b);
		if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER) {
			json_decref(nb);
			return o;
		}
		t = json_object_get(b, "tx");
		if (o == EXCHANGE_OK && json_is_true(json_object_get(t, "found"))) {
			*tx = json_incref(t);
			json_decref(b);
			break;
		}
		json_decref(b);
	}
	json_decref(nb);
	return EXCHANGE_OK;
}

/* Everything the classifier needs. False with g->err when the exchange failed. */
static bool gather(struct gather *g, int64_t now)
{
	const struct recovery_case_row *c = g->c;
	struct recovery_facts *f = &g->f;
	struct arena *a = g->a;
	memset(f, 0, sizeof *f);
	g->facts = json_object();
	enum address_network claimed;
	if (!address_network_parse(c->network, strlen(c->network), &claimed)) {
		snprintf(g->err, sizeof g->err, "the case's network %.40s is unknown", c->network);
		return false;
	}
	const char *uid = c->uid_verified && has(c->uid) ? c->uid : NULL;
	f->claimant_uid = uid;
	f->claimant_uid_len = uid ? strlen(uid) : 0;
	f->claimed_net = claimed;
	f->asset = c->asset;
	f->asset_len = strlen(c->asset);
	f->asset_decimals = recovery_asset_decimals(c->asset);
	f->submitted_at_ms = c->created_at;
	f->now_ms = now;
	f->token_listed = true;
	f->txid = c->txid;
	f->txid_len = strlen(c->txid);

	/* The address the customer says is theirs here. */
	json_t *b = NULL;
	enum exchange_outcome o = get(
	    g,
	    has(c->memo) ? arena_printf(a, "/v1/deposit-addresses/%s/%s?memo=%s",
	                                address_network_code(claimed), esc(g, c->address),
	                                esc(g, c->memo))
	                 : arena_printf(a, "/v1/deposit-addresses/%s/%s",
	                                address_network_code(claimed), esc(g, c->address)),
	    &b);
	if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER)
		return json_decref(b), false;
	json_t *claim = json_object_get(b, "address");
	const char *claim_memo_uid = NULL, *claim_norm = NULL;
	if (o == EXCHANGE_OK && json_is_true(json_object_get(claim, "ours"))) {
		const char *kind = S(claim, "kind");
		bool shared = kind && !strcmp(kind, "shared_memo");
		f->claimed_address_ours =
		    shared || (kind && !strcmp(kind, "user") && uid && ieq(S(claim, "uid"), uid));
		claim_norm = arena_strdup(a, S(claim, "normalized"));
		if (shared && has(c->memo)) {
			f->expected_memo = arena_strdup(a, S(claim, "memo") ? S(claim, "memo") : c->memo);
			f->expected_memo_len = strlen(f->expected_memo);
			claim_memo_uid = arena_strdup(a, S(claim, "memo_uid"));
		}
	}
	json_object_set(g->facts, "claimed_address", claim ? claim : json_null());
	json_decref(b);

	/* The transaction, where the customer said or on another network. */
	json_t *tx = NULL;
	if ((o = find_tx(g, claimed, &tx)) != EXCHANGE_OK)
		return false;
	json_object_set_new(g->facts, "tx", tx ? tx : json_null());
	if (!tx)
		goto price;
	f->tx_found = true;
	const char *net_code = S(tx, "network"), *to = S(tx, "to_address");
	if (!net_code || !address_network_parse(net_code, strlen(net_code), &f->tx_net) || !to ||
	    !S(tx, "amount") || !S(tx, "status")) {
		snprintf(g->err, sizeof g->err, "exchange bad_answer: a transaction without network, "
		                                "destination, amount or status");
		return false;
	}
	f->txid = arena_strdup(a, S(tx, "txid") ? S(tx, "txid") : c->txid);
	f->txid_len = strlen(f->txid);
	const char *st = S(tx, "status");
	f->tx_status = !strcmp(st, "confirmed") ? RECOVERY_TX_SUCCESS
	               : !strcmp(st, "failed")  ? RECOVERY_TX_FAILED
	                                        : RECOVERY_TX_PENDING;
	f->tx_origin = RECOVERY_ORIGIN_DEPOSIT;
	json_int_t conf = json_integer_value(json_object_get(tx, "confirmations"));
	json_int_t req = json_integer_value(json_object_get(tx, "required_confirmations"));
	f->confirmations = conf > 0 ? (uint32_t)conf : 0;
	f->confirmations_required = req > 0 ? (uint32_t)req : 0;
	int64_t bt = 0;
	if (f->tx_status == RECOVERY_TX_SUCCESS && S(tx, "block_time") &&
	    clock_parse_rfc3339(S(tx, "block_time"), &bt))
		f->confirmed_at_ms = bt;
	if (amount_parse(S(tx, "amount"), strlen(S(tx, "amount")), AMOUNT_SCALE, &f->amount) !=
	    AMOUNT_OK) {
		snprintf(g->err, sizeof g->err, "exchange bad_answer: amount \"%.40s\"",
		         S(tx, "amount"));
		return false;
	}
	if (S(tx, "memo")) {
		f->memo = arena_strdup(a, S(tx, "memo"));
		f->memo_len = strlen(f->memo);
	}
	const char *tx_asset = S(tx, "asset") ? S(tx, "asset") : S(tx, "token_symbol");
	if (tx_asset) {
		f->asset = arena_strdup(a, tx_asset);
		f->asset_len = strlen(f->asset);
	}
	if (S(tx, "token_contract"))
		f->token_listed = json_is_true(json_object_get(tx, "token_listed"));
	f->asset_decimals =
	    f->token_listed ? recovery_asset_decimals(f->asset) : RECOVERY_DECIMALS_UNKNOWN;
	f->dest_address = arena_strdup(a, to);
	f->dest_address_len = strlen(to);

	/* Whose is the destination? */
	o = get(g,
	        f->memo_len ? arena_printf(a, "/v1/deposit-addresses/%s/%s?memo=%s", net_code,
	                                   esc(g, to), esc(g, f->memo))
	                    : arena_printf(a, "/v1/deposit-addresses/%s/%s", net_code, esc(g, to)),
	        &b);
	if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER)
		return json_decref(b), false;
	json_t *dest = json_object_get(b, "address");
	const char *memo_uid = NULL, *dest_norm = NULL;
	if (o == EXCHANGE_OK && dest) {
		dest_norm = arena_strdup(a, S(dest, "normalized"));
		const char *kind = S(dest, "kind") ? S(dest, "kind") : "unknown";
		bool ours = json_is_true(json_object_get(dest, "ours"));
		f->dest_net = f->tx_net;
		if (!strcmp(kind, "token_contract")) {
			f->dest_is_contract = true;
		} else if (!strcmp(kind, "hot_wallet")) {
			f->dest_ours = true;
			f->dest_hot_wallet = true;
		} else if (!strcmp(kind, "shared_memo")) {
			f->dest_ours = true;
			f->dest_shared_memo = true;
			memo_uid = arena_strdup(a, S(dest, "memo_uid"));
		} else if (!strcmp(kind, "user") && ours) {
			f->dest_ours = true;
			f->dest_uid = arena_strdup(a, S(dest, "uid"));
		} else {
			/* not ours on this network: the same key may be ours on another one */
			json_t *on, *pick = NULL;
			size_t i;
			json_array_foreach(json_object_get(dest, "other_networks"), i, on)
			{
				if (!pick || (uid && ieq(S(on, "uid"), uid)))
					pick = on;
			}
			enum address_network other;
			if (pick && S(pick, "network") &&
			    address_network_parse(S(pick, "network"), strlen(S(pick, "network")),
			                          &other)) {
				f->dest_ours = true;
				f->dest_net = other;
				f->dest_uid = arena_strdup(a, S(pick, "uid"));
			}
		}
		f->dest_uid_len = f->dest_uid ? strlen(f->dest_uid) : 0;
	}
	json_object_set(g->facts, "destination", dest ? dest : json_null());
	json_decref(b);

	/* The books: credited to the claimant, or to the owner of the address or memo? */
	/* The form's memo owner counts too: a customer without a verified uid may be asking about
	 * a deposit already credited to the account behind the memo they typed. */
	const char *owners[4] = {uid, f->dest_uid, memo_uid, claim_memo_uid};
	for (int i = 0; i < 4 && !f->credited; i++) {
		if (!has(owners[i]) || (i > 0 && has(uid) && !strcmp(owners[i], uid)))
			continue;
		json_t *dep = NULL;
		bool credited;
		if (credited_to(g, owners[i], net_code, f->txid, &credited, &dep) != EXCHANGE_OK)
			return false;
		if (credited) {
			f->credited = true;
			f->credited_uid = owners[i];
			f->credited_uid_len = strlen(owners[i]);
			json_object_set_new(g->facts, "credited_deposit", dep);
		}
	}
	/* Attributed to the claimant: their own address (on this or another network), or the
	 * shared address with the claimant's memo as the form gives it. */
	f->user_matched =
	    uid && ((has(f->dest_uid) && !strcmp(f->dest_uid, uid)) ||
	            (f->dest_shared_memo && f->claimed_address_ours && claim_memo_uid &&
	             !strcmp(claim_memo_uid, uid) && ieq(dest_norm, claim_norm)));
	if (memo_uid)
		json_object_set_new(g->facts, "memo_uid", json_string(memo_uid));
price:;
	uint64_t v;
	struct amount amt = f->amount;
	if (!f->tx_found && amount_parse(c->amount, strlen(c->amount), AMOUNT_SCALE, &amt) != AMOUNT_OK)
		amt = (struct amount){0};
	if (f->token_listed && recovery_value_of(g->s, f->tx_found ? f->asset : c->asset, amt, &v)) {
		f->value_known = true;
		f->value_minor = v;
		json_object_set_new(g->facts, "value_minor", json_integer((json_int_t)v));
	}
	return true;
}

/* ---- recording ---- */

static json_t *case_audit(const struct recovery_case_row *c)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "state", c->state, "code", c->code, "action",
	                 c->action, "message_key", c->message_key);
}

static bool post(struct db *w, struct arena *a, int64_t ticket_id, const char *kind,
                 const char *body, int64_t now)
{
	struct message_row m = {.ticket_id = ticket_id, .kind = kind, .author_type = "system",
	                        .body = body, .created_at = now};
	struct actor sys = {"system", 0};
	return add_message(w, a, &sys, &m);
}

static bool ticket_to(struct db *w, struct arena *a, int64_t ticket_id, enum ticket_status to,
                      int64_t now)
{
	struct ticket_row t;
	if (!store_ticket_get(w, a, ticket_id, &t))
		return false;
	enum ticket_status from;
	if (!ticket_status_parse(t.status, &from) || from == to || from == TICKET_CLOSED ||
	    !ticket_transition_allowed(from, to))
		return true;
	json_t *before = ticket_audit_json(&t);
	ticket_set_status(&t, to, now);
	t.updated_at = now;
	json_t *after = ticket_audit_json(&t);
	struct actor sys = {"system", 0};
	bool ok = store_ticket_update(w, &t) == DB_DONE &&
	          audit_append(w, a, &sys, "ticket.update", "ticket", t.id, t.id, before, after);
	json_decref(before);
	json_decref(after);
	return ok;
}

/* After a change of c (before = its audit view before): the row, its audit, the ticket's
 * internal note, public reply and status. */
static int record(struct db *w, struct arena *a, const struct actor *who,
                  struct recovery_case_row *c, json_t *before, const char *action,
                  const char *note, bool reply, enum ticket_status to, int64_t now)
{
	c->updated_at = now;
	json_t *after = case_audit(c);
	bool ok = store_recovery_update(w, c) == DB_DONE &&
	          audit_append(w, a, who, action, "recovery_case", c->id, c->ticket_id, before,
	                       after);
	json_decref(after);
	if (ok && c->ticket_id && note)
		ok = post(w, a, c->ticket_id, "note", note, now);
	if (ok && c->ticket_id && reply)
		ok = post(w, a, c->ticket_id, "reply", recovery_customer_text(a, c), now);
	if (ok && c->ticket_id && (int)to >= 0)
		ok = ticket_to(w, a, c->ticket_id, to, now);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

struct decide_job {
	struct arena *a;
	const struct actor *who;
	int64_t id;
	bool failed;           /* the exchange failed: record err */
	const char *err;
	struct recovery_decision d;
	json_t *facts;
	const char *credit_amount, *fee_amount;
	bool credit_now; /* out */
};

static const char *state_of(const struct recovery_decision *d)
{
	switch (d->action) {
	case RECOVERY_WAIT:
		return "waiting";
	case RECOVERY_CREDIT:
		return d->second_approval ? "approval" : "crediting";
	case RECOVERY_CLOSE:
		return "closed";
	default:
		return "review";
	}
}

static int decide_run(struct db *w, void *ctx)
{
	struct decide_job *j = ctx;
	struct arena *a = j->a;
	int64_t now = clock_now_ms();
	struct recovery_case_row c;
	if (!store_recovery_get(w, a, j->id, &c))
		return STORE_COMMIT_FAILED;
	if (!strcmp(c.state, "credited") || !strcmp(c.state, "closed") ||
	    !strcmp(c.state, "crediting"))
		return STORE_JOB_OK; /* someone else decided meanwhile */
	json_t *before = case_audit(&c);
	int rc;
	c.checks++;
	if (j->failed) {
		c.state = "error";
		c.error = j->err;
		rc = record(w, a, j->who, &c, before, "recovery.error",
		            arena_printf(a, "Deposit recovery %s: the exchange could not be asked (%s). "
		                            "Nothing was credited. Retry from the case panel.",
		                         c.reference, j->err),
		            false, (enum ticket_status)-1, now);
		json_decref(before);
		return rc;
	}
	const char *old_key = c.message_key;
	const struct recovery_decision *d = &j->d;
	c.state = state_of(d);
	c.code = recovery_case_code(d->code);
	c.action = recovery_action_name(d->action);
	c.message_key = d->message_key;
	c.manual_reason = d->manual_reason ? d->manual_reason : "";
	c.summary = arena_strndup(a, d->summary, d->summary_len);
	c.facts = j->facts ? json_dumps(j->facts, JSON_COMPACT) : NULL;
	c.value_known = d->quote.known;
	c.value_minor = (int64_t)d->quote.value_minor;
	c.fee_minor = (int64_t)d->quote.fee_minor;
	c.fee_amount = j->fee_amount;
	c.credit_amount = j->credit_amount;
	c.eta_at = d->action == RECOVERY_WAIT ? d->eta_ms : 0;
	c.sla_due_at = d->action == RECOVERY_ROUTE ? d->sla_due_at_ms : 0;
	c.automatic = d->automatic;
	c.error = "";
	enum ticket_status to = d->action == RECOVERY_WAIT     ? TICKET_PENDING
	                        : d->action == RECOVERY_CLOSE  ? TICKET_SOLVED
	                        : d->action == RECOVERY_ROUTE  ? TICKET_OPEN
	                        : d->second_approval           ? TICKET_OPEN
	                                                       : (enum ticket_status)-1;
	/* The customer hears each new outcome once; the credit's words come with the credit. */
	bool reply = strcmp(old_key, c.message_key) != 0 && strcmp(c.state, "crediting") != 0;
	char sla[40] = "";
	if (c.sla_due_at)
		clock_format_rfc3339(c.sla_due_at, sla);
	const char *note = arena_printf(a, "Deposit recovery %s (%s)%s%s\n\n%s", c.reference,
	                                c.state, *sla ? ", resolve by " : "", sla, c.summary);
	rc = record(w, a, j->who, &c, before, "recovery.classify", note, reply, to, now);
	free((char *)c.facts);
	json_decref(before);
	j->credit_now = rc == STORE_JOB_OK && !strcmp(c.state, "crediting");
	return rc;
}

bool recovery_run(struct store *st, int64_t id, const struct actor *who)
{
	struct arena a;
	arena_init(&a, 16384);
	struct recovery_case_row c;
	bool ok = false;
	if (!store_recovery_get(store_reader(st), &a, id, &c))
		goto out;
	ok = true;
	/* Settled, or waiting for a second person: nothing to ask the exchange. */
	if (!strcmp(c.state, "credited") || !strcmp(c.state, "closed") ||
	    !strcmp(c.state, "approval"))
		goto out;
	/* A decided credit (approved, or cut short by a failure) is sent, never re-decided. */
	if (!strcmp(c.state, "crediting") || (!strcmp(c.state, "error") && !strcmp(c.action, "credit"))) {
		ok = recovery_credit(st, id, who);
		goto out;
	}
	struct decide_job j = {.a = &a, .who = who, .id = id};
	struct exchange_client *x = exchange_connector();
	struct recovery_settings s;
	recovery_settings_load(store_reader(st), &s);
	struct gather g = {.a = &a, .x = x, .c = &c, .s = &s};
	if (!x) {
		j.failed = true;
		j.err = "no exchange is connected";
	} else if (!gather(&g, clock_now_ms())) {
		j.failed = true;
		j.err = arena_strdup(&a, g.err);
	} else {
		recovery_classify(&g.f, &s.policy, &j.d);
		char fee[AMOUNT_TEXT_MAX], credit[AMOUNT_TEXT_MAX];
		amount_format(j.d.quote.fee_amount, fee);
		amount_format(j.d.quote.credit_amount, credit);
		j.fee_amount = arena_strdup(&a, fee);
		j.credit_amount = arena_strdup(&a, credit);
		j.facts = g.facts;
	}
	if (j.failed)
		log_event(LOG_WARN, "recovery_check_failed", "case=%lld error=%s", (long long)id,
		          j.err);
	int rc = store_write(st, decide_run, &j);
	json_decref(g.facts);
	recovery_settings_free(&s);
	ok = rc == STORE_JOB_OK;
	if (ok && j.credit_now)
		ok = recovery_credit(st, id, who);
out:
	arena_free(&a);
	return ok;
}

/* ---- the credit ---- */

struct credit_job {
	struct arena *a;
	const struct actor *who;
	int64_t id;
	bool done;
	const char *deposit_id, *err;
};

static int credit_run(struct db *w, void *ctx)
{
	struct credit_job *j = ctx;
	struct arena *a = j->a;
	int64_t now = clock_now_ms();
	struct recovery_case_row c;
	if (!store_recovery_get(w, a, j->id, &c))
		return STORE_COMMIT_FAILED;
	if (!strcmp(c.state, "credited"))
		return STORE_JOB_OK;
	json_t *before = case_audit(&c);
	int rc;
	if (j->done) {
		c.state = "credited";
		c.deposit_id = j->deposit_id;
		c.credited_at = now;
		c.error = "";
		c.message_key = arena_printf(a, "recovery.%s.credited", c.code);
		for (char *p = (char *)c.message_key; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		rc = record(w, a, j->who, &c, before, "recovery.credit",
		            arena_printf(a, "Deposit recovery %s: credited %s %s to uid %s (fee %s %s), "
		                            "exchange deposit %s.",
		                         c.reference, c.credit_amount, c.asset, c.uid, c.fee_amount,
		                         c.asset, c.deposit_id),
		            true, TICKET_SOLVED, now);
	} else {
		c.state = "error";
		c.error = j->err;
		rc = record(w, a, j->who, &c, before, "recovery.error",
		            arena_printf(a, "Deposit recovery %s: the credit was not confirmed by the "
		                            "exchange (%s). Retrying sends the same credit (key "
		                            "recovery:%lld): it is never paid twice.",
		                         c.reference, j->err, (long long)c.id),
		            false, (enum ticket_status)-1, now);
	}
	json_decref(before);
	return rc;
}

bool recovery_credit(struct store *st, int64_t id, const struct actor *who)
{
	struct arena a;
	arena_init(&a, 8192);
	struct recovery_case_row c;
	bool ok = false;
	if (!store_recovery_get(store_reader(st), &a, id, &c))
		goto out;
	struct credit_job j = {.a = &a, .who = who, .id = id};
	json_t *facts = json_loads(c.facts, 0, NULL);
	json_t *tx = json_object_get(facts, "tx");
	struct exchange_client *x = exchange_connector();
	if (!x) {
		j.err = "no exchange is connected";
	} else if (!has(c.uid) || !json_is_object(tx) || !S(tx, "network") || !S(tx, "asset")) {
		j.err = "the case has no exchange uid or no transaction to credit";
	} else {
		const char *agent = !strcmp(who->type, "agent")
		                        ? arena_printf(&a, "exdesk agent %lld", (long long)who->id)
		                        : "exdesk recovery";
		json_t *body = json_pack(
		    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "uid", c.uid, "asset",
		    S(tx, "asset"), "network", S(tx, "network"), "amount", c.credit_amount, "fee",
		    c.fee_amount, "txid", S(tx, "txid") ? S(tx, "txid") : c.txid, "agent", agent,
		    "idempotency_key", arena_printf(&a, "recovery:%lld", (long long)c.id), "reason",
		    arena_printf(&a, "deposit recovery %s (%s)", c.reference, c.code), "case",
		    c.reference);
		struct exchange_reply rep;
		enum exchange_outcome o = exchange_call(x, "POST", "/v1/deposits/credit", body, &rep);
		json_decref(body);
		json_t *dep = json_object_get(rep.body, "deposit");
		if (o == EXCHANGE_OK && dep) {
			j.done = true;
			json_t *idv = json_object_get(dep, "id");
			j.deposit_id = json_is_string(idv) ? arena_strdup(&a, json_string_value(idv))
			               : json_is_integer(idv)
			                   ? arena_printf(&a, "%lld", (long long)json_integer_value(idv))
			                   : "";
		} else {
			j.err = arena_printf(&a, "exchange %s: %s (%s)",
			                     o == EXCHANGE_OK ? "bad_answer" : exchange_outcome_name(o),
			                     rep.message, rep.code);
			log_event(LOG_WARN, "recovery_credit_failed", "case=%lld error=%s",
			          (long long)id, j.err);
		}
		exchange_reply_clear(&rep);
	}
	json_decref(facts);
	ok = store_write(st, credit_run, &j) == STORE_JOB_OK;
out:
	arena_free(&a);
	return ok;
}

/* ---- the exchange's deposit.seen ---- */

#define SEEN_CASES_MAX 16

enum exev_result recovery_on_deposit_seen(struct exev *ev)
{
	json_t *d = json_object_get(ev->data, "deposit");
	const char *net = S(d, "network"), *txid = S(d, "txid");
	enum address_network n;
	if (!net || !txid || !address_network_parse(net, strlen(net), &n)) {
		snprintf(ev->error, sizeof ev->error, "deposit.seen without network or txid");
		return EXEV_FAILED;
	}
	int64_t ids[SEEN_CASES_MAX];
	size_t k = store_recovery_due_for_tx(store_reader(ev->store), address_network_code(n), txid,
	                                     ids, SEEN_CASES_MAX);
	struct actor sys = {"system", 0};
	for (size_t i = 0; i < k; i++) {
		recovery_run(ev->store, ids[i], &sys);
		struct recovery_case_row c;
		if (store_recovery_get(store_reader(ev->store), ev->a, ids[i], &c)) {
			ev->ticket_id = c.ticket_id;
			/* the exchange went away again: let the worker try the event later */
			if (!strcmp(c.state, "error") && strstr(c.error, "unavailable")) {
				snprintf(ev->error, sizeof ev->error, "%.200s", c.error);
				return EXEV_RETRY;
			}
		}
	}
	return EXEV_DONE;
}
