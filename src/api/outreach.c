/* outreach.c — the desk writes first (issue 8 item 6; docs/exchange/withdrawal-holds.md
 * "Proactive outreach"): a deposit that arrived without its memo, and a login from a country
 * never seen for the user, each open a ticket for the user with a public message from the desk
 * in their language, before they write in.
 *
 * One ticket per fact (the deposit's network and txid; the login's id), however often the event
 * is delivered: the exchange_outreach row is written in the job that opens the ticket.
 *
 * Whose deposit: a deposit without its memo on a shared address is, by definition, one the
 * exchange could not attribute (uid null). When the event carries a uid (an exchange that knows
 * the sender) it is used; otherwise a deposit the desk saw earlier from the same sender on the
 * same network, attributed then, names the user. Neither: nothing to write to anyone; the fact is
 * recorded without a ticket and the user's own "deposit not arrived" request takes it from
 * there (deposit recovery). */
#include "api/withdrawal_holds.h"

#include <string.h>

#include "util/clock.h"
#include "util/log.h"

#define SENDER_LOOKBACK 500 /* earlier deposit.seen events searched for the same sender */

struct outreach_job {
	struct arena *a;
	const char *kind, *fact, *uid, *subject, *body, *about, *note, *priority;
	json_t *profile; /* NULL: no user to write to */
	int64_t ticket_id;
	struct job_error err;
};

static int outreach_run(struct db *w, void *ctx)
{
	struct outreach_job *j = ctx;
	int64_t now = clock_now_ms();
	if (store_outreach_find(w, j->kind, j->fact, &j->ticket_id))
		return STORE_JOB_OK; /* a repeat: done once already, with or without a ticket */
	if (!j->profile) {
		/* Recorded once, with no ticket. A repeat of the event finds it and does nothing;
		 * the user's own "deposit not arrived" request takes it from there. */
		return store_outreach_insert(w, j->kind, j->fact, "", 0, now) == DB_DONE
		           ? STORE_JOB_OK
		           : STORE_COMMIT_FAILED;
	}
	struct customer_row c;
	int rc = holds_customer(w, j->a, j->uid, j->profile, &c, &j->err);
	if (rc)
		return rc;
	static const char *tags[] = {"outreach"};
	struct ticket_row t = {.subject = j->subject,
	                       .channel = "chat",
	                       .priority = j->priority,
	                       .tags = tags,
	                       .n_tags = 1};
	/* A missing memo is the deposit team's, not Security's: the desk's routing decides. */
	if (!strcmp(j->kind, "deposit_missing_memo")) {
		struct routing_outcome ro;
		routing_apply(w, j->a, &c, &t, j->body, 0, &ro);
	} else if (!(t.group_id = holds_security_group(w, j->a))) {
		return STORE_COMMIT_FAILED;
	}
	if ((rc = holds_desk_ticket_open(w, j->a, &c, &t, j->kind)))
		return rc;
	if (!holds_system_note(w, j->a, t.id, j->note, now) ||
	    !holds_desk_says(w, j->a, &t, j->body, j->about, now, NULL) ||
	    store_outreach_insert(w, j->kind, j->fact, j->uid, t.id, now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	j->ticket_id = t.id;
	return STORE_JOB_OK;
}

static enum exev_result profile_of(struct exev *ev, const char *uid, json_t **out)
{
	struct exchange_client *x = exchange_connector();
	if (!x) {
		snprintf(ev->error, sizeof ev->error, "no exchange connected");
		return EXEV_RETRY;
	}
	struct exchange_reply rep;
	enum exchange_outcome o = exchange_call(
	    x, "GET", arena_printf(ev->a, "/v1/users/%s", exchange_escape(ev->a, uid)), NULL, &rep);
	if (o == EXCHANGE_OK) {
		*out = json_incref(rep.body);
		exchange_reply_clear(&rep);
		return EXEV_DONE;
	}
	snprintf(ev->error, sizeof ev->error, "GET /v1/users/%.64s: %.40s %.120s", uid, rep.code,
	         rep.message);
	exchange_reply_clear(&rep);
	return o == EXCHANGE_UNAVAILABLE ? EXEV_RETRY : EXEV_FAILED;
}

/* Opens the ticket (or records the fact alone when j->profile is NULL); the profile is freed. */
static enum exev_result record(struct exev *ev, struct outreach_job *j)
{
	int rc = store_write(ev->store, outreach_run, j);
	json_decref(j->profile);
	if (rc != STORE_JOB_OK) {
		snprintf(ev->error, sizeof ev->error, "store: %d", rc);
		return EXEV_RETRY;
	}
	ev->ticket_id = j->ticket_id;
	log_event(LOG_INFO, "exchange_outreach", "kind=%s ticket=%lld", j->kind,
	          (long long)j->ticket_id);
	return EXEV_DONE;
}

/* The uid of an earlier deposit.seen from the same sender on the same network; NULL if none. */
static const char *uid_by_sender(struct exev *ev, const char *network, const char *sender)
{
	struct exevent_row *rows;
	size_t n = store_exevent_list(store_reader(ev->store), ev->a, "deposit.seen", NULL, 0,
	                              SENDER_LOOKBACK, &rows);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].id == ev->row->id)
			continue;
		json_t *b = json_loads(rows[i].body, 0, NULL);
		json_t *d = json_object_get(json_object_get(b, "data"), "deposit");
		const char *uid = holds_js(d, "uid");
		const char *found = NULL;
		if (*uid && !strcmp(holds_js(d, "network"), network) &&
		    !strcmp(holds_js(d, "sender"), sender))
			found = arena_strdup(ev->a, uid);
		json_decref(b);
		if (found)
			return found;
	}
	return NULL;
}

/* A native-coin transfer carries no asset in deposit.seen: name the network's coin. */
static const char *native_asset(const char *net)
{
	static const char *const map[][2] = {{"TRON", "TRX"},   {"BSC", "BNB"},      {"POLYGON", "POL"},
	                                     {"ARBITRUM", "ETH"}, {"OPTIMISM", "ETH"}, {"BASE", "ETH"},
	                                     {"AVAXC", "AVAX"}};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(net, map[i][0]))
			return map[i][1];
	return net;
}

static char *fill(struct arena *a, enum hold_text t, json_t *profile,
                  const struct hold_text_vars *v)
{
	const char *lang = json_string_value(
	    json_object_get(json_object_get(profile, "user"), "language"));
	char buf[2048];
	hold_text_fill(t, lang, v, buf, sizeof buf);
	return arena_strdup(a, buf);
}

enum exev_result outreach_on_deposit_seen(struct exev *ev)
{
	json_t *d = json_object_get(ev->data, "deposit");
	if (strcmp(holds_js(d, "memo_status"), "missing") != 0)
		return EXEV_DONE; /* only the deposit without its memo is ours to act on */
	const char *net = holds_js(d, "network"), *txid = holds_js(d, "txid");
	if (!*net || !*txid || strlen(net) > 16 || strlen(txid) > 128) {
		snprintf(ev->error, sizeof ev->error, "deposit.seen without network or txid");
		return EXEV_FAILED;
	}
	const char *uid = holds_js(d, "uid"), *sender = holds_js(d, "sender");
	const char *how = "the exchange attributed it";
	if (!*uid && *sender && (uid = uid_by_sender(ev, net, sender)))
		how = "an earlier deposit from the same sender was this user's";
	struct outreach_job j = {.a = ev->a,
	                         .kind = "deposit_missing_memo",
	                         .fact = arena_printf(ev->a, "%s:%s", net, txid),
	                         .uid = uid && *uid ? uid : NULL,
	                         .about = "deposit_missing_memo",
	                         .priority = "high"};
	const char *amount = holds_js(d, "amount"), *asset = holds_js(d, "asset");
	if (!*asset)
		asset = native_asset(net);
	j.subject = arena_printf(ev->a, "Deposit without memo: %s %s (%s)", amount, asset, net);
	j.note = arena_printf(ev->a,
	                      "The exchange saw a deposit without its memo/tag on a shared address "
	                      "and could not credit it.\nNetwork %s, txid %s, %s %s to %s from %s.\n"
	                      "Attributed to uid %s: %s.\nThe desk wrote to the user first; check the "
	                      "memo they give against the address book and credit it or open a "
	                      "recovery case.",
	                      net, txid, amount, asset, holds_js(d, "to_address"), sender,
	                      j.uid ? j.uid : "-", j.uid ? how : "nobody");
	if (store_outreach_find(store_reader(ev->store), j.kind, j.fact, &ev->ticket_id))
		return EXEV_DONE;
	if (j.uid) {
		enum exev_result res = profile_of(ev, j.uid, &j.profile);
		if (res != EXEV_DONE)
			return res;
		struct hold_text_vars v = {.amount = amount, .asset = asset, .network = net};
		j.body = fill(ev->a, HOLD_TEXT_MISSING_MEMO, j.profile, &v);
	}
	return record(ev, &j);
}

enum exev_result outreach_on_login_new_country(struct exev *ev)
{
	json_t *l = json_object_get(ev->data, "login");
	const char *id = holds_js(l, "id"), *uid = holds_js(l, "uid");
	if (!*id || !*uid || strlen(id) > 128 || strlen(uid) > 64) {
		snprintf(ev->error, sizeof ev->error, "login.new_country without id or uid");
		return EXEV_FAILED;
	}
	const char *country = holds_js(l, "country");
	struct outreach_job j = {.a = ev->a,
	                         .kind = "new_country_login",
	                         .fact = id,
	                         .uid = uid,
	                         .about = "new_country_login",
	                         .priority = "high"};
	if (store_outreach_find(store_reader(ev->store), j.kind, j.fact, &ev->ticket_id))
		return EXEV_DONE;
	enum exev_result res = profile_of(ev, uid, &j.profile);
	if (res != EXEV_DONE)
		return res;
	struct hold_text_vars v = {.country = country};
	j.body = fill(ev->a, HOLD_TEXT_NEW_COUNTRY, j.profile, &v);
	j.subject = arena_printf(ev->a, "Login from a new country (%s)", country);
	j.note = arena_printf(ev->a,
	                      "The exchange reported uid %s's first login from %s (login %s, ip %s, "
	                      "device %s%s) at %s.\nThe desk asked the user whether it was them. A "
	                      "withdrawal requested after it is screened and held with this in mind.",
	                      uid, country, id, holds_js(l, "ip"), holds_js(l, "device_id"),
	                      json_is_true(json_object_get(l, "new_device")) ? ", new device" : "",
	                      holds_js(l, "at"));
	return record(ev, &j);
}
