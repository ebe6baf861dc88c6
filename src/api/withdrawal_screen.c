/* withdrawal_screen.c — the withdrawal.pending handler (docs/exchange/withdrawal-holds.md):
 * read the user's context through the connector, evaluate it with core/withdrawal_risk.h, and
 * on a hold decision hold the withdrawal at the exchange and open an urgent ticket in the
 * Security group with the reasons and the lookalike's character diff.
 *
 * Safe to run twice (the worker may, after a crash or a retry): the row is keyed by the
 * exchange's withdrawal id, the hold carries the idempotency key "hold:<id>", and the ticket is
 * opened only while the row has none. Steps, each recorded before the next:
 *   1. the row, state holding (or screened for an allow: then nothing else happens);
 *   2. POST /v1/withdrawals/{id}/hold — unavailable: the event is retried later;
 *   3. the ticket, the note, the customer's message, state held (last_error when the exchange
 *      refused: the agent sees why and the risk is still worth a ticket).
 * Connector calls are never made inside a write job. */
#include "api/withdrawal_holds.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/address_diff.h"
#include "core/withdrawal_risk.h"
#include "util/clock.h"
#include "util/log.h"

#define CONTEXT_PAGE "?limit=200" /* the newest 200 of each list: 90 days for nearly everyone */
#define WR_DECIMALS  8            /* every amount compared in units of 1e-8 (see amount_minor) */

/* An exchange amount ("5000", "0.00012") in units of 1e-8; digits past the eighth are dropped
 * (they cannot change a comparison of withdrawal sizes). False for anything not a decimal. */
static bool amount_minor(const char *s, uint64_t *out)
{
	char buf[WR_AMOUNT_TEXT_MAX];
	size_t n = strlen(s);
	if (!n || n >= sizeof buf)
		return false;
	memcpy(buf, s, n + 1);
	char *dot = strchr(buf, '.');
	if (dot && strlen(dot + 1) > WR_DECIMALS)
		dot[1 + WR_DECIMALS] = '\0';
	return wr_amount_parse(buf, strlen(buf), WR_DECIMALS, out);
}

/* Stablecoins are worth their face value in dollars; other assets' value is unknown to the desk
 * (the rules then compare amounts, not values). */
static int64_t value_cents(const char *asset, uint64_t minor)
{
	static const char *const usd[] = {"USDT", "USDC", "DAI", "FDUSD", "TUSD", "BUSD", "USDP"};
	for (size_t i = 0; i < sizeof usd / sizeof usd[0]; i++)
		if (!strcasecmp(asset, usd[i]))
			return (int64_t)(minor / 1000000u); /* 1e-8 units -> cents */
	return WR_VALUE_UNKNOWN;
}

static struct wr_str S(const char *s)
{
	return (struct wr_str){s, s ? strlen(s) : 0};
}

static int64_t at_of(json_t *o, const char *key)
{
	int64_t ms = 0;
	const char *s = holds_js(o, key);
	return *s && clock_parse_rfc3339(s, &ms) ? ms : 0;
}

static bool net_of(json_t *o, const char *key, enum address_network *net)
{
	const char *s = holds_js(o, key);
	return *s && address_network_parse(s, strlen(s), net);
}

static bool security_kind(const char *k, enum wr_security_kind *out)
{
	if (!strcmp(k, "password_change") || !strcmp(k, "password_reset"))
		*out = WR_SEC_PASSWORD;
	else if (!strncmp(k, "2fa_", 4))
		*out = WR_SEC_2FA;
	else if (!strcmp(k, "email_change"))
		*out = WR_SEC_EMAIL;
	else if (!strcmp(k, "phone_change"))
		*out = WR_SEC_PHONE;
	else if (!strcmp(k, "anti_phishing_change"))
		*out = WR_SEC_ANTI_PHISHING;
	else if (!strcmp(k, "account_recovery"))
		*out = WR_SEC_RECOVERY;
	else
		return false;
	return true;
}

/* One connector read. OK: *body is the answer (freed with the event's json list). */
struct reads {
	json_t *profile, *book, *history, *deposits, *security, *logins;
};

static enum exev_result read_one(struct exev *ev, struct exchange_client *x, const char *target,
                                 json_t **out)
{
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(x, "GET", target, NULL, &rep);
	if (o == EXCHANGE_OK) {
		*out = json_incref(rep.body);
		exchange_reply_clear(&rep);
		return EXEV_DONE;
	}
	snprintf(ev->error, sizeof ev->error, "GET %.80s: %.40s %.120s", target, rep.code, rep.message);
	exchange_reply_clear(&rep);
	/* Garbage may be a proxy's error page: worth another try, unlike a refusal. */
	return o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER ? EXEV_RETRY : EXEV_FAILED;
}

static void reads_free(struct reads *r)
{
	json_decref(r->profile);
	json_decref(r->book);
	json_decref(r->history);
	json_decref(r->deposits);
	json_decref(r->security);
	json_decref(r->logins);
}

static enum exev_result read_context(struct exev *ev, struct exchange_client *x, const char *uid,
                                     struct reads *c)
{
	const char *u = arena_printf(ev->a, "/v1/users/%s", exchange_escape(ev->a, uid));
	enum exev_result res;
	if ((res = read_one(ev, x, u, &c->profile)) ||
	    (res = read_one(ev, x, arena_printf(ev->a, "%s/address-book", u), &c->book)) ||
	    (res = read_one(ev, x, arena_printf(ev->a, "%s/withdrawals" CONTEXT_PAGE, u),
	                    &c->history)) ||
	    (res = read_one(ev, x, arena_printf(ev->a, "%s/deposits" CONTEXT_PAGE, u),
	                    &c->deposits)) ||
	    (res = read_one(ev, x, arena_printf(ev->a, "%s/security-events" CONTEXT_PAGE, u),
	                    &c->security)) ||
	    (res = read_one(ev, x, arena_printf(ev->a, "%s/logins" CONTEXT_PAGE, u), &c->logins)))
		return res;
	return EXEV_DONE;
}

/* The connector's lists into the rule engine's input (strings borrowed from the JSON). */
static void build_input(struct arena *a, const struct reads *c, const char *withdrawal_id,
                        struct wr_input *in)
{
	json_t *arr = json_object_get(c->book, "address_book");
	size_t n = json_array_size(arr), k = 0;
	struct wr_book_entry *book = arena_alloc(a, (n + 1) * sizeof *book);
	for (size_t i = 0; i < n && k < WR_MAX_BOOK; i++) {
		json_t *e = json_array_get(arr, i);
		if (!net_of(e, "network", &book[k].net))
			continue;
		book[k].address = S(holds_js(e, "address"));
		book[k].memo = S(holds_js(e, "memo"));
		book[k].label = S(holds_js(e, "label"));
		book[k].added_at = at_of(e, "created_at");
		k++;
	}
	in->book = book, in->n_book = k;

	arr = json_object_get(c->history, "withdrawals");
	n = json_array_size(arr), k = 0;
	struct wr_past_withdrawal *h = arena_alloc(a, (n + 1) * sizeof *h);
	for (size_t i = 0; i < n && k < WR_MAX_HISTORY; i++) {
		json_t *e = json_array_get(arr, i);
		/* The pending one itself, and what never left (cancelled), are not history. */
		if (!strcmp(holds_js(e, "id"), withdrawal_id) ||
		    strcmp(holds_js(e, "status"), "completed") != 0 || !net_of(e, "network", &h[k].net) ||
		    !amount_minor(holds_js(e, "amount"), &h[k].amount))
			continue;
		h[k].address = S(holds_js(e, "address"));
		h[k].memo = S(holds_js(e, "memo"));
		h[k].asset = S(holds_js(e, "asset"));
		h[k].value = value_cents(holds_js(e, "asset"), h[k].amount);
		h[k].at = at_of(e, "created_at");
		k++;
	}
	in->history = h, in->n_history = k;

	arr = json_object_get(c->deposits, "deposits");
	n = json_array_size(arr), k = 0;
	struct wr_incoming_transfer *inc = arena_alloc(a, (n + 1) * sizeof *inc);
	for (size_t i = 0; i < n && k < WR_MAX_INCOMING; i++) {
		json_t *e = json_array_get(arr, i);
		if (!*holds_js(e, "from_address") || !net_of(e, "network", &inc[k].net) ||
		    !amount_minor(holds_js(e, "amount"), &inc[k].amount))
			continue;
		inc[k].from = S(holds_js(e, "from_address"));
		inc[k].asset = S(holds_js(e, "asset"));
		inc[k].value = value_cents(holds_js(e, "asset"), inc[k].amount);
		inc[k].at = at_of(e, "created_at");
		k++;
	}
	in->incoming = inc, in->n_incoming = k;

	arr = json_object_get(c->security, "security_events");
	n = json_array_size(arr), k = 0;
	struct wr_security_change *sec = arena_alloc(a, (n + 1) * sizeof *sec);
	for (size_t i = 0; i < n && k < WR_MAX_SECURITY; i++) {
		json_t *e = json_array_get(arr, i);
		if (!security_kind(holds_js(e, "kind"), &sec[k].kind))
			continue;
		sec[k].at = at_of(e, "at");
		k++;
	}
	in->security = sec, in->n_security = k;

	arr = json_object_get(c->logins, "logins");
	n = json_array_size(arr), k = 0;
	struct wr_login *lg = arena_alloc(a, (n + 1) * sizeof *lg);
	for (size_t i = 0; i < n && k < WR_MAX_LOGINS; i++) {
		json_t *e = json_array_get(arr, i);
		lg[k].device_id = S(holds_js(e, "device_id"));
		lg[k].country = S(holds_js(e, "country"));
		lg[k].at = at_of(e, "at");
		k++;
	}
	in->logins = lg, in->n_logins = k;
}

/* ---- what the agent sees ---- */

static json_t *hits_json(const struct wr_result *res)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < res->n_hits; i++) {
		const struct wr_hit *h = &res->hits[i];
		json_t *o = json_pack("{s:s, s:s, s:i, s:s}", "code", wr_code_name(h->code),
		                      "severity", wr_severity_name(h->severity), "score", h->score,
		                      "text", h->text);
		if (h->list_entry)
			json_object_set_new(o, "list",
			                    json_pack("{s:s, s:s, s:s}", "category",
			                              scam_list_category_code(h->list_entry->category),
			                              "source", h->list_entry->source, "label",
			                              h->list_entry->label));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *spans_json(const struct address_diff_span *s, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:b, s:s%}", "same",
		                                     s[i].kind == ADDRESS_DIFF_SAME, "text", s[i].text,
		                                     s[i].len));
	return arr;
}

static char *bracketed(struct arena *a, const struct address_diff_span *s, size_t n)
{
	char *out = arena_strdup(a, "");
	for (size_t i = 0; i < n; i++)
		out = arena_printf(a, s[i].kind == ADDRESS_DIFF_SAME ? "%s%.*s" : "%s[%.*s]", out,
		                   (int)s[i].len, s[i].text);
	return out;
}

/* The poisoning hit's lookalike against the destination, structured for the console (spans of
 * each address, same or differing) and as aligned text for the ticket note. NULL: no such hit. */
static json_t *diff_json(struct arena *a, const struct wr_input *in, const struct wr_result *res,
                         char **note_text)
{
	const struct wr_hit *h = NULL;
	for (size_t i = 0; i < res->n_hits && !h; i++)
		if (res->hits[i].code == WR_HIT_POISONING && res->hits[i].like_len)
			h = &res->hits[i];
	*note_text = NULL;
	if (!h)
		return NULL;
	struct address_diff *d = arena_alloc(a, sizeof *d);
	if (address_diff(res->destination, res->destination_len, h->like, h->like_len,
	                 res->fold_case, d) != ADDRESS_DIFF_OK)
		return NULL;
	const char *label = "";
	if (h->like_origin == WR_ORIGIN_BOOK && h->like_index < in->n_book)
		label = arena_strndup(a, in->book[h->like_index].label.p,
		                      in->book[h->like_index].label.len);
	/* For the note: each address with its differing runs in [brackets], which reads right in
	 * any font (the console's panel highlights them; a note is plain text). */
	size_t differ = d->ncols - d->same;
	*note_text = arena_printf(a,
	                          "Destination: %s\nImitates:    %s  (%s%s%s%s)\n"
	                          "%zu of %zu characters differ [in brackets]; the first %zu and last "
	                          "%zu match.",
	                          bracketed(a, d->a, d->na), bracketed(a, d->b, d->nb),
	                          wr_origin_name(h->like_origin), *label ? " \"" : "", label,
	                          *label ? "\"" : "", differ, d->ncols, d->prefix, d->suffix);
	return json_pack("{s:s%, s:s%, s:s, s:s, s:b, s:I, s:I, s:I, s:o, s:o}", "destination",
	                 res->destination, res->destination_len, "lookalike", h->like, h->like_len,
	                 "origin", wr_origin_name(h->like_origin), "label", label, "fold_case",
	                 res->fold_case, "prefix", (json_int_t)d->prefix, "suffix",
	                 (json_int_t)d->suffix, "differ", (json_int_t)differ, "destination_spans",
	                 spans_json(d->a, d->na), "lookalike_spans", spans_json(d->b, d->nb));
}

/* ---- the records ---- */

struct screen_job {
	struct arena *a;
	struct hold_row h;
	bool duplicate;
	json_t *profile;
	const char *note, *diff_note, *country;
	bool new_country;
	struct job_error err;
};

static int record_run(struct db *w, void *ctx)
{
	struct screen_job *j = ctx;
	if (store_hold_insert(w, &j->h, &j->duplicate) != DB_DONE)
		return STORE_COMMIT_FAILED;
	if (j->duplicate)
		return store_hold_get(w, j->a, j->h.id, &j->h) ? STORE_JOB_OK : STORE_COMMIT_FAILED;
	struct actor sys = {"system", 0};
	json_t *after = json_pack("{s:s, s:s, s:s, s:i}", "withdrawal_id", j->h.withdrawal_id,
	                          "uid", j->h.uid, "decision", j->h.decision, "score", j->h.score);
	json_t *hits = json_loads(j->h.hits, 0, NULL);
	json_object_set_new(after, "hits", hits ? hits : json_array());
	bool ok = audit_append(w, j->a, &sys, "withdrawal.screen", "withdrawal_hold", j->h.id, 0,
	                       NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int ticket_run(struct db *w, void *ctx)
{
	struct screen_job *j = ctx;
	struct hold_row h;
	int64_t now = clock_now_ms();
	if (!store_hold_get(w, j->a, j->h.id, &h))
		return STORE_COMMIT_FAILED;
	if (h.ticket_id) { /* a second run after the first one committed */
		j->h = h;
		return STORE_JOB_OK;
	}
	struct customer_row c;
	int rc = holds_customer(w, j->a, h.uid, j->profile, &c, &j->err);
	if (rc)
		return rc;
	int64_t gid = holds_security_group(w, j->a);
	if (!gid)
		return STORE_COMMIT_FAILED;
	static const char *tags[] = {"withdrawal-hold"};
	struct ticket_row t = {
	    .subject = arena_printf(j->a, "Withdrawal %s held: %s %s (%s) to %s", h.withdrawal_id,
	                            h.amount, h.asset, h.network, h.address),
	    .channel = "chat",
	    .priority = "urgent",
	    .category = NULL,
	    .group_id = gid,
	    .tags = tags,
	    .n_tags = 1};
	if ((rc = holds_desk_ticket_open(w, j->a, &c, &t, "withdrawal_hold")))
		return rc;
	if (!holds_system_note(w, j->a, t.id, j->note, now))
		return STORE_COMMIT_FAILED;
	char body[2048];
	struct hold_text_vars v = {h.amount, h.asset, h.network, h.address, j->country};
	hold_text_fill(j->new_country ? HOLD_TEXT_HELD_NEW_COUNTRY : HOLD_TEXT_HELD, t.language, &v,
	               body, sizeof body);
	if (!holds_desk_says(w, j->a, &t, body, "withdrawal_held", now, NULL))
		return STORE_COMMIT_FAILED;
	json_t *before = json_pack("{s:s}", "state", h.state);
	h.ticket_id = t.id;
	h.customer_id = c.id;
	if (!strcmp(h.state, "holding") && !*j->h.last_error)
		h.state = "held";
	h.last_error = j->h.last_error;
	h.updated_at = now;
	if (store_hold_update(w, &h) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:s, s:I, s:s}", "state", h.state, "ticket_id",
	                          (json_int_t)t.id, "last_error", h.last_error);
	struct actor sys = {"system", 0};
	bool ok = audit_append(w, j->a, &sys, "withdrawal.hold", "withdrawal_hold", h.id, t.id,
	                       before, after);
	json_decref(before);
	json_decref(after);
	j->h = h;
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* ---- the handler ---- */

static const char *note_of(struct arena *a, const struct hold_row *h, const struct wr_result *res,
                           const char *diff_note, bool list_loaded)
{
	char *s = arena_printf(a,
	                       "Withdrawal %s held for review (decision: %s, score %d).\n"
	                       "%s %s on %s to %s%s%s\n\nReasons:\n",
	                       h->withdrawal_id, h->decision, h->score, h->amount, h->asset,
	                       h->network, h->address, *h->memo ? " memo " : "", h->memo);
	for (size_t i = 0; i < res->n_hits; i++)
		s = arena_printf(a, "%s- [%s] %s\n", s, wr_severity_name(res->hits[i].severity),
		                 res->hits[i].text);
	if (!res->n_hits)
		s = arena_printf(a, "%s- the rules could not evaluate this withdrawal (%s): held to be "
		                    "safe\n",
		                 s, wr_strerror(res->err));
	if (diff_note)
		s = arena_printf(a, "%s\nLookalike address:\n%s\n", s, diff_note);
	if (!list_loaded)
		s = arena_printf(a, "%s\nNo scam/sanctions list is loaded: the list was not checked.\n",
		                 s);
	return arena_printf(a, "%s\n%s", s,
	                    h->second_approval
	                        ? "Release needs the checklist and a second approver."
	                        : "Release needs the checklist.");
}

enum exev_result holds_on_withdrawal_pending(struct exev *ev)
{
	json_t *wd = json_object_get(ev->data, "withdrawal");
	const char *id = holds_js(wd, "id"), *uid = holds_js(wd, "uid");
	if (!*id || !*uid || strlen(id) > 128 || strlen(uid) > 64 || !*holds_js(wd, "address") ||
	    !*holds_js(wd, "amount") || !*holds_js(wd, "asset") || !*holds_js(wd, "network")) {
		snprintf(ev->error, sizeof ev->error, "withdrawal.pending without id, uid, asset, "
		                                      "network, amount or address");
		return EXEV_FAILED;
	}
	struct hold_row known;
	if (store_hold_get_by_withdrawal(store_reader(ev->store), ev->a, id, &known) &&
	    known.ticket_id) {
		ev->ticket_id = known.ticket_id;
		return EXEV_DONE;
	}
	if (store_hold_get_by_withdrawal(store_reader(ev->store), ev->a, id, &known) &&
	    !strcmp(known.state, "screened"))
		return EXEV_DONE;
	struct exchange_client *x = exchange_connector();
	if (!x) {
		snprintf(ev->error, sizeof ev->error, "no exchange connected");
		return EXEV_RETRY;
	}
	struct reads c = {0};
	enum exev_result res = read_context(ev, x, uid, &c);
	if (res != EXEV_DONE) {
		reads_free(&c);
		return res;
	}

	struct wr_input in = {0};
	build_input(ev->a, &c, id, &in);
	const char *net = holds_js(wd, "network");
	if (!address_network_parse(net, strlen(net), &in.net)) {
		reads_free(&c);
		snprintf(ev->error, sizeof ev->error, "unknown network %.40s", net);
		return EXEV_FAILED;
	}
	in.asset = S(holds_js(wd, "asset"));
	in.address = S(holds_js(wd, "address"));
	in.memo = S(holds_js(wd, "memo"));
	uint64_t amt = 0;
	bool amt_ok = amount_minor(holds_js(wd, "amount"), &amt);
	in.amount = amt;
	in.decimals = WR_DECIMALS;
	if (!amt_ok)
		in.amount_text = S(holds_js(wd, "amount")); /* the engine refuses it: held */
	in.value = amt_ok ? value_cents(holds_js(wd, "asset"), amt) : WR_VALUE_UNKNOWN;
	in.requested_at = at_of(wd, "created_at");
	if (!in.requested_at)
		in.requested_at = clock_now_ms();
	in.list = holds_scam_list(store_reader(ev->store), ev->a);
	struct wr_result *r = arena_alloc(ev->a, sizeof *r);
	withdrawal_risk_evaluate(&in, NULL, r);

	struct screen_job j = {.a = ev->a, .profile = c.profile};
	struct hold_row *h = &j.h;
	int64_t now = clock_now_ms();
	*h = (struct hold_row){.withdrawal_id = id,
	                       .uid = uid,
	                       .asset = holds_js(wd, "asset"),
	                       .network = holds_js(wd, "network"),
	                       .amount = holds_js(wd, "amount"),
	                       .address = holds_js(wd, "address"),
	                       .memo = holds_js(wd, "memo"),
	                       .value_cents = in.value,
	                       .decision = wr_decision_name(r->decision),
	                       .second_approval = r->decision == WR_HOLD_SECOND_APPROVAL,
	                       .compliance = r->compliance,
	                       .score = r->score,
	                       .state = r->decision == WR_ALLOW ? "screened" : "holding",
	                       .last_error = "",
	                       .created_at = now,
	                       .updated_at = now};
	json_t *hits = hits_json(r);
	char *hits_text = json_dumps(hits, JSON_COMPACT);
	h->hits = arena_strdup(ev->a, hits_text ? hits_text : "[]");
	free(hits_text);
	json_decref(hits);
	char *diff_note;
	json_t *diff = diff_json(ev->a, &in, r, &diff_note);
	if (diff) {
		char *s = json_dumps(diff, JSON_COMPACT);
		h->diff = arena_strdup(ev->a, s);
		free(s);
		json_decref(diff);
	}
	for (size_t i = 0; i < r->n_hits; i++)
		if (r->hits[i].code == WR_HIT_NEW_COUNTRY && r->hits[i].login_index < in.n_logins) {
			j.new_country = true;
			j.country = arena_strndup(ev->a, in.logins[r->hits[i].login_index].country.p,
			                          in.logins[r->hits[i].login_index].country.len);
		}
	j.note = note_of(ev->a, h, r, diff_note, in.list != NULL);

	int rc = store_write(ev->store, record_run, &j);
	if (rc != STORE_JOB_OK) {
		reads_free(&c);
		snprintf(ev->error, sizeof ev->error, "store: %d", rc);
		return EXEV_RETRY;
	}
	if (!strcmp(h->state, "screened")) {
		reads_free(&c);
		return EXEV_DONE;
	}

	/* The hold at the exchange, then the ticket. */
	json_t *body = json_pack("{s:s, s:s, s:s}", "reason",
	                         arena_printf(ev->a, "exdesk risk screening: %s (score %d)",
	                                      h->decision, h->score),
	                         "agent", HOLDS_AGENT_SCREEN, "idempotency_key",
	                         arena_printf(ev->a, "hold:%s", id));
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(
	    x, "POST", arena_printf(ev->a, "/v1/withdrawals/%s/hold", exchange_escape(ev->a, id)),
	    body, &rep);
	json_decref(body);
	if (o == EXCHANGE_UNAVAILABLE || o == EXCHANGE_BAD_ANSWER) {
		snprintf(ev->error, sizeof ev->error, "hold: %.40s %.180s", rep.code, rep.message);
		exchange_reply_clear(&rep);
		reads_free(&c);
		return EXEV_RETRY;
	}
	h->last_error = o == EXCHANGE_OK ? ""
	                                 : arena_printf(ev->a, "hold refused by the exchange: %s %s",
	                                                rep.code, rep.message);
	exchange_reply_clear(&rep);
	rc = store_write(ev->store, ticket_run, &j);
	reads_free(&c);
	if (rc != STORE_JOB_OK) {
		snprintf(ev->error, sizeof ev->error, "store: %d", rc);
		return EXEV_RETRY;
	}
	ev->ticket_id = h->ticket_id;
	log_event(LOG_INFO, "withdrawal_held", "withdrawal=%s ticket=%lld decision=%s", id,
	          (long long)h->ticket_id, h->decision);
	return EXEV_DONE;
}
