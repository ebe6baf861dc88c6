/* t_withdrawal_holds.c — withdrawal-risk holds and proactive outreach against the real demo
 * exchange (docs/exchange/withdrawal-holds.md): the two pending withdrawals the exchange queued
 * at its first start are screened, held at the exchange and put in front of the Security queue
 * with their reasons and the lookalike's character diff; the checklist, a release refused
 * before the checklist is done and for the requester's own approval, done by a supervisor; the
 * customer told in their language; a cancel; a repeated webhook doing nothing twice; forged
 * webhooks refused; the exchange down during a hold (retried, held once); an allowed
 * withdrawal opening nothing; outreach for a deposit without its memo and a new-country login;
 * the report; the scam list; bad input on every endpoint. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "harness_exchange.h"

#define U_POISONED   "10000001"
#define U_FRESH_2FA  "10000002"
#define U_XRP_MEMO   "10000003"
#define U_NEW_LOGIN  "10000005"
#define U_NEW        "10000008"
#define BOOK_U1      "0x357996fc266f633B4d32BDc5cdeB14453ecC23B7"
#define POISON       "0x35799617c9aab8955698d57c49b1f23f09CC23b7"
#define XRP_SHARED   "rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ"
#define XRP_MEMO_U3  "104729"

static struct srv D, X;
static char sup_token[512], agent_token[512], agent2_token[512], viewer_token[512];
static long long sup_id, agent_id, agent2_id;

/* The events of a type, newest first (kept). */
static json_t *events(const char *type)
{
	struct resp *r = http(&D, "GET", P("/api/v1/exchange/events?limit=100&type=%s", type),
	                      D.token, NULL);
	return r->status == 200 ? jget(r->json, "events") : NULL;
}

/* Waits until `n` events of the type are worked (done or failed); false on timeout. */
static bool wait_worked(const char *type, size_t n, double timeout_s)
{
	double until = now_s() + timeout_s;
	while (now_s() < until) {
		json_t *ev = events(type);
		size_t worked = 0, i;
		json_t *e;
		json_array_foreach(ev, i, e)
		{
			const char *st = jstr(e, "status");
			if (st && (!strcmp(st, "done") || !strcmp(st, "failed")))
				worked++;
		}
		if (worked >= n)
			return true;
		sleep_s(0.2);
	}
	return false;
}

/* The withdrawal.pending event of a uid (the newest), or NULL. */
static json_t *pending_event(const char *uid)
{
	json_t *ev = events("withdrawal.pending");
	size_t i;
	json_t *e;
	json_array_foreach(ev, i, e)
	{
		const char *u = jstr(e, "data.withdrawal.uid");
		if (u && !strcmp(u, uid))
			return e;
	}
	return NULL;
}

/* The hold of the newest withdrawal.pending of uid, through its ticket; NULL if none. */
static json_t *hold_of(const char *uid, const char *token)
{
	json_t *e = pending_event(uid);
	long long tid = e ? jint(e, "ticket_id") : -1;
	if (tid <= 0)
		return NULL;
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/holds", tid), token, NULL);
	return r->status == 200 ? json_array_get(jget(r->json, "holds"), 0) : NULL;
}

static json_t *messages(long long ticket_id)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/messages?limit=100", ticket_id),
	                      D.token, NULL);
	return r->status == 200 ? jget(r->json, "messages") : NULL;
}

/* A message of the kind on the ticket whose body contains needle. */
static bool has_message(long long ticket_id, const char *kind, const char *needle)
{
	json_t *m = messages(ticket_id);
	size_t i;
	json_t *e;
	json_array_foreach(m, i, e)
	{
		const char *k = jstr(e, "kind"), *b = jstr(e, "body");
		if (k && b && !strcmp(k, kind) && contains(b, needle))
			return true;
	}
	return false;
}

static const char *xstatus(const char *withdrawal_id)
{
	struct resp *r = xget(&X, P("/v1/withdrawals/%s", withdrawal_id));
	return r->status == 200 ? jstr(r->json, "withdrawal.status") : NULL;
}

static void setup(void)
{
	xdesk_start(&D, &X, NULL);
	sup_id = mk_agent(&D, "sup@test.local", "Supervisor Sun", "supervisor", "L2", NULL,
	                  sup_token);
	agent_id = mk_agent(&D, "agent@test.local", "Agent Ana", "agent", "L1", NULL, agent_token);
	agent2_id = mk_agent(&D, "agent2@test.local", "Agent Bo", "agent", "L1", NULL, agent2_token);
	long long qa = mk_agent(&D, "qa@test.local", "QA Quinn", "qa", "L1", NULL, viewer_token);
	check(sup_id > 0 && agent_id > 0 && agent2_id > 0 && qa > 0, "agents of each role made");
}


/* A signed webhook to the desk as the exchange would post it (XS_WEBHOOK_* secret). */
static struct resp *webhook(const char *event_id, const char *type, json_t *data,
                            const struct xsign *over)
{
	json_t *b = json_pack("{s:s, s:s, s:s, s:O}", "id", event_id, "type", type, "created_at",
	                      "2026-11-23T08:00:00Z", "data", data);
	const char *body = P("%s", jdump(b));
	json_decref(b);
	struct xsign o = {.method = "POST", .target = "/api/v1/exchange/webhook", .body = body,
	                  .key = XS_WEBHOOK_KEY, .secret = XS_WEBHOOK_SECRET};
	if (over) {
		o.secret = over->secret ? over->secret : o.secret;
		o.ts_offset = over->ts_offset;
		o.omit_sig = over->omit_sig;
		o.signature = over->signature;
	}
	return xreq_ex(&D, &o);
}

static long long security_group_id(void)
{
	struct resp *r = http(&D, "GET", "/api/v1/groups", D.token, NULL);
	size_t i;
	json_t *g;
	json_array_foreach(jget(r->json, "groups"), i, g)
	{
		if (jstr(g, "name") && !strcmp(jstr(g, "name"), "Security"))
			return jint(g, "id");
	}
	return 0;
}

static json_t *hold_get(long long id, const char *token)
{
	struct resp *r = http(&D, "GET", P("/api/v1/holds/%lld", id), token, NULL);
	return r->status == 200 ? jget(r->json, "hold") : NULL;
}

static json_t *item(json_t *hold, const char *name)
{
	size_t i;
	json_t *c;
	json_array_foreach(jget(hold, "checklist"), i, c)
	{
		if (!strcmp(jstr(c, "item"), name))
			return c;
	}
	return NULL;
}

/* An audit event of the action on the object (all pages, newest first). */
static bool audited_on(const char *object_type, long long object_id, const char *action)
{
	const char *cursor = NULL;
	for (int page = 0; page < 50; page++) {
		struct resp *r = http(&D, "GET",
		                      cursor ? P("/api/v1/audit/events?limit=100&cursor=%s", qenc(cursor))
		                             : "/api/v1/audit/events?limit=100",
		                      D.token, NULL);
		if (r->status != 200)
			return false;
		size_t i;
		json_t *e;
		json_array_foreach(jget(r->json, "events"), i, e)
		{
			if (!strcmp(jstr(e, "action"), action) && !strcmp(jstr(e, "object_type"), object_type) &&
			    (object_id < 0 || jint(e, "object_id") == object_id))
				return true;
		}
		cursor = jstr(r->json, "next_cursor");
		if (!cursor)
			return false;
		cursor = h_keepstr(cursor);
	}
	return false;
}

static bool audited(long long hold_id, const char *action)
{
	return audited_on("withdrawal_hold", hold_id, action);
}

static const char *NO_FLAGS = "{\"answers\":{\"asked_by_someone\":false,\"promised_returns\":"
                              "false,\"remote_guidance\":false,\"urgency_pressure\":false,"
                              "\"knows_recipient\":true},\"note\":\"own hardware wallet\"}";

/* The whole checklist through the API as `token`; the 2FA challenge answered by the user. */
static void work_checklist(long long hid, long long tid, const char *token, const char *uid,
                           const char *tag)
{
	struct resp *r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/kyc", hid), token, "{}");
	check_status(r, 200, "%s: KYC read from the profile and ticked", tag);
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid), token, "{}");
	check_status(r, 202, "%s: the first press sends the user a 2FA challenge", tag);
	const char *cid = jstr(r->json, "hold.challenge_id");
	check(cid != NULL, "%s: the challenge id is kept on the hold", tag);
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid), token, "{}");
	check_status(r, 202, "%s: still pending before the user answers", tag);
	check_str(jstr(r->json, "hold.challenge_status"), "pending", "%s: pending said", tag);
	r = xpost(&X, P("/v1/demo/2fa-challenges/%s/answer", cid ? cid : "0"),
	          P("{\"result\":\"passed\",\"idempotency_key\":\"t-2fa-%s\"}", cid ? cid : "0"));
	check_2xx(r, "%s: the user passes the challenge at the exchange", tag);
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid), token, "{}");
	check_status(r, 200, "%s: passed: the 2FA item is ticked", tag);
	check(jget(item(jget(r->json, "hold"), "two_factor"), "done") == json_true(),
	      "%s: two_factor done", tag);
	/* The customer confirms in the thread; the agent points at that message. */
	r = http(&D, "POST", P("/api/v1/tickets/%lld/messages", tid), D.token,
	          "{\"body\":\"I confirm the address, network, memo and amount.\"}");
	check_status(r, 201, "%s: the customer confirms in the thread", tag);
	long long mid = jint(r->json, "message.id");
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/details_confirmed", hid), token,
	          P("{\"message_id\":%lld}", mid));
	check_status(r, 200, "%s: details confirmed pointing at message %lld", tag, mid);
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/scam_questions", hid), token,
	          NO_FLAGS);
	check_status(r, 200, "%s: scam questions answered", tag);
	check(jget(r->json, "hold.checklist_complete") == json_true(), "%s: checklist complete",
	      tag);
	(void)uid;
}

static void poisoning_release(void)
{
	json_t *h = hold_of(U_POISONED, D.token);
	if (!checkd(h != NULL, jdump(events("withdrawal.pending")), "the poisoning hold exists"))
		return;
	long long hid = jint(h, "id"), tid = jint(h, "ticket_id");
	const char *wid = h_keepstr(jstr(h, "withdrawal_id"));
	check_str(jstr(h, "state"), "held", "poisoning: held");
	check_str(jstr(h, "decision"), "hold_needs_second_approval",
	          "poisoning: release needs a second approver");
	check_str(jstr(json_array_get(jget(h, "hits"), 0), "code"), "address_poisoning",
	          "poisoning: the strongest reason is address poisoning");
	check_str(jstr(h, "diff.lookalike"), BOOK_U1, "poisoning: the diff against the Ledger entry");
	check_str(jstr(h, "diff.destination"), POISON, "poisoning: the diff's destination");
	/* The spans cover each address and say which characters differ. */
	json_t *spans = jget(h, "diff.destination_spans");
	size_t i, same = 0, differ = 0;
	json_t *sp;
	char joined[200] = "";
	json_array_foreach(spans, i, sp)
	{
		strncat(joined, jstr(sp, "text"), sizeof joined - strlen(joined) - 1);
		if (jget(sp, "same") == json_true())
			same++;
		else
			differ++;
	}
	check_str(joined, POISON, "poisoning: the destination spans join to the address");
	check(same >= 2 && differ >= 1, "poisoning: same prefix/suffix and a differing middle");
	check(jint(h, "diff.prefix") >= 6, "poisoning: at least 6 characters shared in front");
	check_str(xstatus(wid), "held", "poisoning: held at the exchange");
	/* The ticket: urgent, Security, the reasons and the aligned diff in a note, the customer
	 * told in Chinese. */
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld", tid), D.token, NULL);
	check_str(jstr(r->json, "ticket.priority"), "urgent", "poisoning: the ticket is urgent");
	long long sec = security_group_id();
	check(sec > 0 && jint(r->json, "ticket.group_id") == sec,
	      "poisoning: the ticket is in the Security group");
	check(contains(jstr(r->json, "ticket.subject"), wid), "poisoning: the subject names it");
	check(has_message(tid, "note", "Possible address poisoning"),
	      "poisoning: a note with the reasons");
	check(has_message(tid, "note", "Destination: 0x357996[") &&
	          has_message(tid, "note", "Imitates:    0x357996["),
	      "poisoning: the note shows both addresses, the shared start unmarked");
	check(has_message(tid, "note", "differ [in brackets]"),
	      "poisoning: differing characters are marked in brackets");
	check(has_message(tid, "system", "暂停"),
	      "poisoning: the desk told the customer first, in zh-CN");
	check(audited(hid, "withdrawal.screen") && audited(hid, "withdrawal.hold"),
	      "poisoning: screening and hold audited");

	/* Agents of the Security group work it. */
	r = http(&D, "PATCH", P("/api/v1/agents/%lld", agent_id), D.token,
	          P("{\"groups\":[%lld]}", sec));
	check_2xx(r, "agent joins Security");
	r = http(&D, "PATCH", P("/api/v1/agents/%lld", agent2_id), D.token,
	          P("{\"groups\":[%lld]}", sec));
	check_2xx(r, "agent2 joins Security");

	r = http(&D, "POST", P("/api/v1/holds/%lld/release", hid), agent_token, "{}");
	check_error(r, 409, "checklist_incomplete", NULL,
	            "poisoning: release refused before the checklist is done");
	check(contains(r->body, "two_factor"), "poisoning: the refusal names what is missing");
	work_checklist(hid, tid, agent_token, U_POISONED, "poisoning");
	check(audited(hid, "withdrawal.checklist") && audited(hid, "withdrawal.2fa_requested"),
	      "poisoning: checklist steps audited");
	json_t *c = item(hold_get(hid, D.token), "kyc");
	check(jint(c, "agent_id") == agent_id && jstr(c, "done_at"),
	      "poisoning: the checklist says who ticked and when");

	r = http(&D, "POST", P("/api/v1/holds/%lld/release", hid), agent_token,
	          "{\"note\":\"customer read the address back\"}");
	check_status(r, 202, "poisoning: release requested (second approval needed)");
	check_str(jstr(r->json, "hold.state"), "release_requested", "poisoning: waiting");
	check(jint(r->json, "hold.requested_by") == agent_id, "poisoning: the requester recorded");
	check(jget(r->json, "hold.can.approve") == json_false(),
	      "poisoning: the requester is not offered the approval");
	check_str(xstatus(wid), "held", "poisoning: still held at the exchange");
	r = http(&D, "POST", P("/api/v1/holds/%lld/release", hid), agent_token, "{}");
	check_error(r, 409, "release_requested", NULL, "poisoning: a second request is refused");
	r = http(&D, "POST", P("/api/v1/holds/%lld/approve", hid), agent_token, "{}");
	check_status(r, 403, "poisoning: an agent cannot approve (permission)");
	r = http(&D, "POST", P("/api/v1/holds/%lld/approve", hid), D.token, "{}");
	check(r->status == 200, "poisoning: the admin (not the requester) may approve: %s",
	      rdesc(r));
	check_str(jstr(r->json, "hold.state"), "released", "poisoning: released");
	check(jint(r->json, "hold.decided_by") == D.admin_id, "poisoning: the approver recorded");
	check_str(xstatus(wid), "completed", "poisoning: completed at the exchange");
	check(has_message(tid, "reply", "已通过安全核查"),
	      "poisoning: the customer got the outcome in zh-CN");
	check(audited(hid, "withdrawal.release_requested") && audited(hid, "withdrawal.released"),
	      "poisoning: request and release audited");
	r = http(&D, "POST", P("/api/v1/holds/%lld/approve", hid), sup_token, "{}");
	check_error(r, 409, "no_release_request", NULL, "poisoning: no second release");
	r = http(&D, "POST", P("/api/v1/holds/%lld/cancel", hid), sup_token,
	          "{\"reason\":\"late\"}");
	check_error(r, 409, "invalid_state", NULL, "poisoning: a released hold cannot be cancelled");
}

/* The requester's own approval, with a supervisor who requested it. */
static void own_approval(long long hid, long long tid, const char *tag)
{
	work_checklist(hid, tid, sup_token, "", tag);
	struct resp *r = http(&D, "POST", P("/api/v1/holds/%lld/release", hid), sup_token, "{}");
	check_status(r, 202, "%s: the supervisor requests the release", tag);
	r = http(&D, "POST", P("/api/v1/holds/%lld/approve", hid), sup_token, "{}");
	check_error(r, 403, "own_request", NULL, "%s: the requester cannot approve their own", tag);
	check_str(jstr(hold_get(hid, D.token), "state"), "release_requested",
	          "%s: still waiting", tag);
}

static void cooldown_cancel(void)
{
	json_t *h = hold_of(U_FRESH_2FA, D.token);
	if (!check(h != NULL, "the cooldown hold exists"))
		return;
	long long hid = jint(h, "id"), tid = jint(h, "ticket_id");
	const char *wid = h_keepstr(jstr(h, "withdrawal_id"));
	check_str(jstr(h, "decision"), "hold", "cooldown: an ordinary hold");
	check_str(jstr(json_array_get(jget(h, "hits"), 0), "code"), "security_cooldown",
	          "cooldown: the reason is the 2FA reset");
	check(jisnull(h, "diff"), "cooldown: no lookalike, no diff");
	check(has_message(tid, "system", "保留"), "cooldown: the customer told in Japanese");
	/* A 2FA challenge the user fails: said, forgotten, and the next press sends a new one. */
	struct resp *r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid),
	                      agent_token, "{}");
	check_status(r, 202, "cooldown: a 2FA challenge is sent");
	const char *c1 = h_keepstr(jstr(r->json, "hold.challenge_id") ? jstr(r->json, "hold.challenge_id")
	                                                              : "none");
	r = xpost(&X, P("/v1/demo/2fa-challenges/%s/answer", c1),
	          P("{\"result\":\"failed\",\"idempotency_key\":\"t-2fa-fail-%s\"}", c1));
	check_2xx(r, "cooldown: the user fails it");
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid), agent_token, "{}");
	check_error(r, 409, "two_factor_failed", NULL, "cooldown: the failure is said");
	check(jisnull(hold_get(hid, D.token), "challenge_id") &&
	          jget(item(hold_get(hid, D.token), "two_factor"), "done") == json_false(),
	      "cooldown: the challenge is forgotten, the item not ticked");
	check(audited(hid, "withdrawal.2fa_result"), "cooldown: the failed challenge is audited");
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/two_factor", hid), agent_token, "{}");
	check(r->status == 202 && jstr(r->json, "hold.challenge_id") &&
	          strcmp(jstr(r->json, "hold.challenge_id"), c1) != 0,
	      "cooldown: the next press sends a new challenge: %s", rdesc(r));
	r = http(&D, "POST", P("/api/v1/holds/%lld/cancel", hid), agent_token, "{}");
	check_error(r, 422, "missing_field", "reason", "cooldown: cancel needs a reason");
	r = http(&D, "POST", P("/api/v1/holds/%lld/cancel", hid), agent_token,
	          "{\"reason\":\"the customer did not request it\"}");
	check_status(r, 200, "cooldown: cancelled");
	check_str(jstr(r->json, "hold.state"), "cancelled", "cooldown: state cancelled");
	check_str(jstr(r->json, "hold.cancel_reason"), "the customer did not request it",
	          "cooldown: the reason kept");
	check_str(xstatus(wid), "cancelled", "cooldown: cancelled at the exchange");
	check(has_message(tid, "reply", "キャンセル"), "cooldown: the outcome told in Japanese");
	check(audited(hid, "withdrawal.cancelled"), "cooldown: audited");
	r = http(&D, "POST", P("/api/v1/holds/%lld/cancel", hid), agent_token,
	          "{\"reason\":\"again\"}");
	check_error(r, 409, "invalid_state", NULL, "cooldown: not cancelled twice");
	r = http(&D, "POST", P("/api/v1/holds/%lld/release", hid), agent_token, "{}");
	check_error(r, 409, "invalid_state", NULL, "cooldown: a cancelled hold is not released");
}

/* A pending withdrawal made at the exchange; its id. */
static const char *withdraw(const char *uid, const char *asset, const char *net,
                            const char *amount, const char *address, const char *key)
{
	struct resp *r = xpost(&X, "/v1/demo/withdrawals",
	                       P("{\"uid\":\"%s\",\"asset\":\"%s\",\"network\":\"%s\",\"amount\":"
	                         "\"%s\",\"address\":\"%s\",\"idempotency_key\":\"%s\"}",
	                         uid, asset, net, amount, address, key));
	checkd(r->status == 201 || r->status == 200, rdesc(r), "withdrawal %s made", key);
	return jstr(r->json, "withdrawal.id") ? h_keepstr(jstr(r->json, "withdrawal.id")) : "0";
}

static size_t count_events(const char *type)
{
	return json_array_size(events(type));
}

static void repeats_and_forgeries(void)
{
	json_t *e = pending_event(U_POISONED);
	if (!check(e != NULL, "the poisoning event is listed"))
		return;
	json_t *data = jkeep(json_deep_copy(jget(e, "data")));
	size_t before = count_events("withdrawal.pending");
	const char *tickets_before = db_query1(&D, "SELECT COUNT(*) FROM tickets");
	/* The same event id again: the receiver keeps it once. */
	struct resp *r = webhook(jstr(e, "event_id"), "withdrawal.pending", data, NULL);
	check_2xx(r, "the same event again is answered 2xx");
	/* Another event id for the same withdrawal: worked, nothing done twice. */
	r = webhook("evt_test_repeat_1", "withdrawal.pending", data, NULL);
	check_2xx(r, "a second event for the same withdrawal is accepted");
	check(wait_worked("withdrawal.pending", before + 1, 20), "the second event is worked");
	check_int(count_events("withdrawal.pending"), (long long)before + 1,
	          "one new event recorded (the repeated id was not)");
	check_str(db_query1(&D, "SELECT COUNT(*) FROM withdrawal_holds WHERE withdrawal_id = '6'"),
	          "1", "one hold row for the withdrawal");
	check_str(db_query1(&D, "SELECT COUNT(*) FROM tickets"), tickets_before,
	          "no second ticket");
	/* Forged, unsigned, stale: 401 and nothing recorded. */
	char *fp = db_fingerprint(&D, NULL);
	struct xsign forged = {.secret = "not-the-webhook-secret-at-all-000000000000"};
	r = webhook("evt_forged", "withdrawal.pending", data, &forged);
	check_status(r, 401, "a forged webhook is refused");
	struct xsign unsigned_ = {.omit_sig = true};
	r = webhook("evt_unsigned", "withdrawal.pending", data, &unsigned_);
	check_status(r, 401, "an unsigned webhook is refused");
	struct xsign stale = {.ts_offset = -3600};
	r = webhook("evt_stale", "withdrawal.pending", data, &stale);
	check_status(r, 401, "a stale webhook is refused");
	check_unchanged(&D, fp, NULL, "nothing recorded for refused webhooks");

}

static void exchange_down(void)
{
	/* The exchange holds its webhooks (no URL), a withdrawal is made, the exchange stops, and
	 * the event reaches the desk by hand: the desk cannot read or hold, and retries. */
	static char hook[200];
	snprintf(hook, sizeof hook, "%s/api/v1/exchange/webhook", D.base);
	check(xsrv_restart_same_port(&X, NULL) == 0, "the exchange restarted without its webhook");
	const char *wid = withdraw(U_POISONED, "USDT", "ETH", "2500",
	                           "0x4857D62D964425c3C5c311B4d2B68167b4d72cFD", "t-down-1");
	struct resp *r = xget(&X, P("/v1/withdrawals/%s", wid));
	json_t *w = jkeep(json_deep_copy(jget(r->json, "withdrawal")));
	json_object_del(w, "actions");
	srv_stop(&X);
	r = webhook("evt_test_down_1", "withdrawal.pending", jkeep(json_pack("{s:O}", "withdrawal", w)),
	            NULL);
	check_2xx(r, "the webhook is accepted while the exchange is down");
	double until = now_s() + 20;
	bool retried = false;
	while (now_s() < until && !retried) {
		json_t *ev = events("withdrawal.pending");
		json_t *e = json_array_get(ev, 0);
		retried = jstr(e, "status") && !strcmp(jstr(e, "status"), "new") &&
		          jint(e, "attempts") >= 1 && jstr(e, "error");
		if (!retried)
			sleep_s(0.3);
	}
	check(retried, "the event waits to be retried, with the error kept");
	check_str(db_query1(&D, P("SELECT COUNT(*) FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                         wid)),
	          "0", "nothing held while the exchange is down");
	check(xsrv_restart_same_port(&X, hook) == 0, "the exchange is back");
	until = now_s() + 40;
	const char *n = "0";
	while (now_s() < until &&
	       strcmp((n = db_query1(&D, P("SELECT COUNT(*) FROM withdrawal_holds WHERE "
	                                   "withdrawal_id = '%s' AND ticket_id IS NOT NULL",
	                                   wid))),
	              "1") != 0)
		sleep_s(0.5);
	check_str(n, "1", "after the exchange came back the withdrawal was held once");
	check_str(xstatus(wid), "held", "held at the exchange");
	sleep_s(1.5); /* the exchange's own queued event arrives too */
	check_str(db_query1(&D, P("SELECT COUNT(*) FROM tickets WHERE subject LIKE "
	                         "'Withdrawal %s held%%'",
	                         wid)),
	          "1", "one ticket for it, however many events came");
}

static void allowed(void)
{
	size_t before = count_events("withdrawal.pending");
	const char *wid = withdraw(U_POISONED, "USDT", "ETH", "3000", BOOK_U1, "t-allow-1");
	check(wait_worked("withdrawal.pending", before + 1, 20), "the allowed withdrawal is worked");
	check_str(db_query1(&D, P("SELECT state FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                         wid)),
	          "screened", "to the long-used Ledger address: screened and allowed");
	check_str(db_query1(&D, P("SELECT COUNT(*) FROM tickets WHERE subject LIKE "
	                         "'Withdrawal %s %%'",
	                         wid)),
	          "0", "no ticket for an allowed withdrawal");
	check_str(xstatus(wid), "pending", "not held at the exchange");
}

static void scam_list(void)
{
	struct resp *r = http(&D, "PUT", "/api/v1/settings/scam-list", D.token,
	                       "{\"csv\":\"network,address,source,label\\nETH,0xnot-an-address,scam,"
	                       "x\\nETH,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,bogus,y\\n\"}");
	check_error(r, 422, "invalid_list", "csv", "a list with bad lines is refused whole");
	check_int(jint(r->json, "error.errors"), 2, "both bad lines counted");
	check(!contains(r->body, "0xnot-an-address"), "a refused line's content is not echoed");
	r = http(&D, "PUT", "/api/v1/settings/scam-list", agent_token, "{\"csv\":\"\"}");
	check_status(r, 403, "an agent cannot set the list");
	r = http(&D, "PUT", "/api/v1/settings/scam-list", D.token,
	          "{\"csv\":\"# test list\\nnetwork,address,source,label\\n"
	          "ETH,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,scam:test,Fake support\\n"
	          "ETH,0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359,sanctions:ofac-sdn,Example Ltd\\n\"}");
	check_status(r, 200, "the list is loaded");
	check_int(jint(r->json, "scam_list.entries"), 2, "two entries");
	r = http(&D, "GET", "/api/v1/settings/scam-list", D.token, NULL);
	check_int(jint(r->json, "scam_list.by_category.sanctions"), 1, "one sanctions entry");
	size_t before = count_events("withdrawal.pending");
	const char *w1 = withdraw(U_POISONED, "USDT", "ETH", "10",
	                          "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "t-scam-1");
	const char *w2 = withdraw(U_POISONED, "USDT", "ETH", "10",
	                          "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "t-sanctions-1");
	check(wait_worked("withdrawal.pending", before + 2, 30), "both are worked");
	check(contains(db_query1(&D, P("SELECT hits FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                              w1)),
	               "scam_list"),
	      "a listed destination is held for the scam list");
	const char *tid = db_query1(&D, P("SELECT ticket_id FROM withdrawal_holds WHERE "
	                                  "withdrawal_id = '%s'",
	                                  w2));
	const char *hid = db_query1(&D, P("SELECT id FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                                  w2));
	json_t *h = hold_get(atoll(hid ? hid : "0"), D.token);
	check(jget(h, "compliance") == json_true(), "a sanctions hit is for compliance");
	check(jget(h, "can.release") == json_false(), "support is not offered a release");
	check(tid && atoll(tid) > 0, "the sanctions hold has its ticket");
	r = http(&D, "POST", P("/api/v1/holds/%s/release", hid), D.token, "{}");
	check_error(r, 409, "compliance_hold", NULL, "a sanctions hold is never released by support");
	r = http(&D, "POST", P("/api/v1/holds/%s/cancel", hid), D.token,
	          "{\"reason\":\"sanctioned address\"}");
	check_status(r, 200, "it can be cancelled");
	/* The scam hold: the supervisor requests, and cannot approve their own request. */
	const char *sid = db_query1(&D, P("SELECT id FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                                  w1));
	const char *stid = db_query1(&D, P("SELECT ticket_id FROM withdrawal_holds WHERE "
	                                   "withdrawal_id = '%s'",
	                                   w1));
	own_approval(atoll(sid ? sid : "0"), atoll(stid ? stid : "0"), "scam list");
	r = http(&D, "PUT", "/api/v1/settings/scam-list", D.token, "{\"csv\":\"\"}");
	check(r->status == 200 && jget(r->json, "scam_list.loaded") == json_false(),
	      "an empty csv removes the list: %s", rdesc(r));
	check(audited_on("settings", -1, "settings.scam_list"),
	      "loading and removing the list is audited");
}

static void outreach(void)
{
	/* The seeded new-country login (uid 10000005, NG). */
	check(wait_worked("login.new_country", 1, 20), "the new-country login is worked");
	json_t *e = json_array_get(events("login.new_country"), 0);
	long long tid = jint(e, "ticket_id");
	check(tid > 0, "a ticket for the new-country login");
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld", tid), D.token, NULL);
	check_str(jstr(r->json, "ticket.channel"), "chat", "outreach on the chat channel");
	check(has_message(tid, "system", "quốc gia mới"),
	      "the desk wrote first, in Vietnamese");
	json_t *m = json_array_get(messages(tid), 0);
	check(strcmp(jstr(m, "kind"), "customer") != 0, "the first message is not the customer's");
	/* The customer sees it in the widget with a verified uid. */
	r = http(&D, "GET", "/api/v1/settings/identity", D.token, NULL);
	const char *secret = jstr(r->json, "identity_secret");
	char hash[65];
	hmac_sha256_hex(secret ? secret : "", secret ? strlen(secret) : 0, U_NEW_LOGIN,
	                strlen(U_NEW_LOGIN), hash);
	char wtok[256];
	mk_widget_session(&D, P("{\"exchange_uid\":\"%s\",\"user_hash\":\"%s\"}", U_NEW_LOGIN, hash),
	                  wtok);
	r = http_w(&D, "GET", "/api/v1/widget/conversations", wtok, NULL);
	check(r->status == 200 && contains(r->body, "quốc gia mới") == false &&
	          jint(json_array_get(jget(r->json, "conversations"), 0), "id") == tid,
	      "the verified customer finds the conversation in the widget: %s", rdesc(r));
	r = http_w(&D, "GET", P("/api/v1/widget/conversations/%lld/messages", tid), wtok, NULL);
	check(r->status == 200 && contains(r->body, "quốc gia mới"),
	      "and reads the desk's message there");
	/* A repeat of the login event: the same ticket. */
	json_t *data = jkeep(json_deep_copy(jget(e, "data")));
	size_t before = count_events("login.new_country");
	webhook("evt_test_login_again", "login.new_country", data, NULL);
	check(wait_worked("login.new_country", before + 1, 20), "the repeat is worked");
	check_int(jint(json_array_get(events("login.new_country"), 0), "ticket_id"), tid,
	          "the repeat points at the same ticket");
	check_str(db_query1(&D, "SELECT COUNT(*) FROM exchange_outreach WHERE kind = "
	                        "'new_country_login'"),
	          "1", "one outreach per login");

	/* The seeded deposit without memo could not be attributed: recorded, no ticket. */
	check(wait_worked("deposit.seen", 2, 20), "the seeded deposits are worked");
	check_str(db_query1(&D, "SELECT COUNT(*) FROM exchange_outreach WHERE kind = "
	                        "'deposit_missing_memo' AND ticket_id IS NULL"),
	          "1", "the unattributable deposit is recorded without a ticket");
	{
		json_t *ev = events("deposit.seen"), *seeded = NULL;
		size_t k;
		json_t *x;
		json_array_foreach(ev, k, x)
		{
			const char *ms = jstr(x, "data.deposit.memo_status");
			if (ms && !strcmp(ms, "missing"))
				seeded = x;
		}
		size_t n0 = count_events("deposit.seen");
		if (check(seeded != NULL, "the seeded deposit without memo is listed")) {
			webhook("evt_test_memo_unattributed", "deposit.seen",
			        jkeep(json_deep_copy(jget(seeded, "data"))), NULL);
			check(wait_worked("deposit.seen", n0 + 1, 20), "its repeat is worked");
			check_str(jstr(json_array_get(events("deposit.seen"), 0), "status"), "done",
			          "the repeat of an unattributed deposit is done, not retried");
			check_str(db_query1(&D, "SELECT COUNT(*) FROM exchange_outreach WHERE kind = "
			                        "'deposit_missing_memo'"),
			          "1", "still recorded once");
		}
	}
	/* A sender whose deposit with the memo was seen, then one without it: the desk knows
	 * whose it is and writes first, in Korean. */
	before = count_events("deposit.seen");
	r = xpost(&X, "/v1/demo/chain/XRP/txs",
	          "{\"txid\":\"AB00000000000000000000000000000000000000000000000000000000000001\","
	          "\"to_address\":\"" XRP_SHARED "\",\"memo\":\"" XRP_MEMO_U3 "\",\"amount\":\"20\","
	          "\"sender\":\"rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4\",\"confirmations\":1,"
	          "\"idempotency_key\":\"t-xrp-1\"}");
	check_2xx(r, "a deposit with its memo");
	r = xpost(&X, "/v1/demo/chain/XRP/txs",
	          "{\"txid\":\"AB00000000000000000000000000000000000000000000000000000000000002\","
	          "\"to_address\":\"" XRP_SHARED "\",\"amount\":\"250\","
	          "\"sender\":\"rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4\",\"confirmations\":1,"
	          "\"idempotency_key\":\"t-xrp-2\"}");
	check_2xx(r, "then one without it");
	check(wait_worked("deposit.seen", before + 2, 20), "both deposits are worked");
	e = json_array_get(events("deposit.seen"), 0);
	tid = jint(e, "ticket_id");
	check(tid > 0, "a ticket for the deposit without its memo");
	checkd(has_message(tid, "system", "250 XRP") && has_message(tid, "system", "메모"),
	       jdump(messages(tid)), "the desk told the customer first, in Korean, with the amount");
	data = jkeep(json_deep_copy(jget(e, "data")));
	before = count_events("deposit.seen");
	webhook("evt_test_memo_again", "deposit.seen", data, NULL);
	check(wait_worked("deposit.seen", before + 1, 20), "the repeat is worked");
	check_int(jint(json_array_get(events("deposit.seen"), 0), "ticket_id"), tid,
	          "one ticket per deposit txid");
}

/* Two agents press release at the same instant: one release at the exchange, one record, one
 * message to the customer. */
struct press {
	const char *token, *path;
	long status;
};

static void *press_release(void *arg)
{
	struct press *p = arg;
	struct req rq = {.method = "POST", .path = p->path, .token = p->token, .body = "{}",
	                 .untracked = true};
	struct resp *r = http_req(&D, &rq);
	p->status = r->status;
	resp_free(r);
	http_thread_done();
	return NULL;
}

static void double_release(long long hid, long long tid, const char *wid)
{
	work_checklist(hid, tid, agent_token, "", "double release");
	const char *path = h_keepstr(P("/api/v1/holds/%lld/release", hid));
	struct press a = {.token = D.token, .path = path}, b = {.token = sup_token, .path = path};
	pthread_t ta, tb;
	pthread_create(&ta, NULL, press_release, &a);
	pthread_create(&tb, NULL, press_release, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	check((a.status == 200 || a.status == 409) && (b.status == 200 || b.status == 409) &&
	          (a.status == 200 || b.status == 200),
	      "two releases at once: answered %ld and %ld", a.status, b.status);
	struct resp *r = xget(&X, P("/v1/withdrawals/%s", wid));
	size_t releases = 0, i;
	json_t *act;
	json_array_foreach(jget(r->json, "withdrawal.actions"), i, act)
	{
		releases += !strcmp(jstr(act, "action"), "release");
	}
	check_str(jstr(r->json, "withdrawal.status"), "completed", "double release: completed");
	check_int((long long)releases, 1, "double release: released once at the exchange");
	size_t told = 0;
	json_t *m;
	json_array_foreach(messages(tid), i, m)
	{
		told += !strcmp(jstr(m, "kind"), "reply") && contains(jstr(m, "body"), "Cảm ơn");
	}
	check_int((long long)told, 1, "double release: the customer is told once");
	check_str(db_query1(&D, P("SELECT COUNT(*) FROM events WHERE action = "
	                         "'withdrawal.released' AND object_id = %lld",
	                         hid)),
	          "1", "double release: recorded once");
}

/* A withdrawal after the new-country login: the Security ticket's first public message asks
 * whether it was them, in Vietnamese. */
static void new_country_withdrawal(void)
{
	size_t before = count_events("withdrawal.pending");
	const char *wid = withdraw(U_NEW_LOGIN, "USDT", "ETH", "1000",
	                           "0x4857D62D964425c3C5c311B4d2B68167b4d72cFD", "t-newcountry-1");
	check(wait_worked("withdrawal.pending", before + 1, 20), "the withdrawal after the login is worked");
	const char *tid = db_query1(&D, P("SELECT ticket_id FROM withdrawal_holds WHERE "
	                                  "withdrawal_id = '%s'",
	                                  wid));
	const char *hits = db_query1(&D, P("SELECT hits FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                                   wid));
	check(hits && contains(hits, "new_country"), "held with the new country among the reasons: %s",
	      hits ? hits : "none");
	long long t = tid ? atoll(tid) : 0;
	json_t *m = messages(t);
	size_t i;
	json_t *e;
	const char *first_public = NULL;
	json_array_foreach(m, i, e)
	{
		if (!first_public && strcmp(jstr(e, "kind"), "note") != 0)
			first_public = jstr(e, "body");
	}
	check(first_public && contains(first_public, "quốc gia mới") && contains(first_public, "NG") &&
	          contains(first_public, "Có phải bạn không"),
	      "the first public message asks her, in Vietnamese, whether it was her: %s",
	      first_public ? first_public : "none");
	const char *hid = db_query1(&D, P("SELECT id FROM withdrawal_holds WHERE withdrawal_id = '%s'",
	                                  wid));
	double_release(hid ? atoll(hid) : 0, t, wid);
}

static void permissions(void)
{
	json_t *h = hold_of(U_POISONED, D.token);
	long long hid = h ? jint(h, "id") : 0;
	struct resp *r = http(&D, "GET", P("/api/v1/holds/%lld", hid), viewer_token, NULL);
	check_status(r, 200, "qa sees a hold");
	check_str(jstr(r->json, "hold.uid"), "10***", "qa sees the uid masked");
	r = http(&D, "GET", P("/api/v1/holds/%lld", hid), sup_token, NULL);
	check_str(jstr(r->json, "hold.uid"), U_POISONED, "a supervisor sees the uid");
	r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/kyc", hid), viewer_token, "{}");
	check_status(r, 403, "qa cannot tick the checklist");
	r = http(&D, "POST", P("/api/v1/holds/%lld/cancel", hid), viewer_token,
	          "{\"reason\":\"x\"}");
	check_status(r, 403, "qa cannot cancel");
	char outsider[512];
	mk_agent(&D, "outsider@test.local", "Out Sider", "agent", "L1", NULL, outsider);
	r = http(&D, "GET", P("/api/v1/holds/%lld", hid), outsider, NULL);
	check_error(r, 404, "not_found", NULL, "an agent outside Security does not see the hold");
	r = http(&D, "GET", P("/api/v1/holds/%lld", hid), NULL, NULL);
	check_status(r, 401, "no credentials: 401");
	r = http(&D, "GET", "/api/v1/reports/withdrawal-holds", viewer_token, NULL);
	check_status(r, 200, "the report is readable by every role");
}

static void bad_input(void)
{
	json_t *h = hold_of(U_POISONED, D.token);
	long long hid = h ? jint(h, "id") : 0, tid = h ? jint(h, "ticket_id") : 0;
	json_t *h2 = hold_of(U_FRESH_2FA, D.token);
	long long other_tid = h2 ? jint(h2, "ticket_id") : 0;
	const char *fp = db_fingerprint(&D, NULL);
	struct {
		const char *method, *path, *body;
		long status;
		const char *code;
	} cases[] = {
	    {"GET", "/api/v1/holds/0", NULL, 404, NULL},
	    {"GET", "/api/v1/holds/abc", NULL, 404, NULL},
	    {"GET", "/api/v1/holds/99999999", NULL, 404, "not_found"},
	    {"GET", "/api/v1/holds/-1", NULL, 404, NULL},
	    {"POST", P("/api/v1/holds/%lld/checklist/nope", hid), "{}", 404, "not_found"},
	    {"POST", P("/api/v1/holds/%lld/checklist/kyc", hid), "not json", 400, NULL},
	    {"POST", P("/api/v1/holds/%lld/checklist/kyc", hid), "[]", 400, NULL},
	    {"POST", P("/api/v1/holds/%lld/checklist/kyc", hid), "{\"zzz\":1}", 422, NULL},
	    {"POST", P("/api/v1/holds/%lld/checklist/details_confirmed", hid), "{}", 409,
	     "invalid_state"},
	    {"POST", P("/api/v1/holds/%lld/release", hid), "{\"note\":5}", 422, NULL},
	    {"POST", P("/api/v1/holds/%lld/release", hid), "{\"x\":1}", 422, NULL},
	    {"POST", P("/api/v1/holds/%lld/cancel", hid), "{\"reason\":\"\"}", 422, NULL},
	    {"POST", P("/api/v1/holds/%lld/cancel", hid),
	     P("{\"reason\":\"%s\"}", repeat("a", 2001)), 422, NULL},
	    {"POST", P("/api/v1/holds/%lld/approve", hid), "{\"note\":[]}", 422, NULL},
	    {"GET", "/api/v1/tickets/99999999/holds", NULL, 404, NULL},
	    {"GET", "/api/v1/reports/withdrawal-holds?from=yesterday", NULL, 400, "invalid_query"},
	    {"GET", "/api/v1/reports/withdrawal-holds?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z",
	     NULL, 400, "invalid_query"},
	    {"PUT", "/api/v1/settings/scam-list", "{}", 422, "missing_field"},
	    {"PUT", "/api/v1/settings/scam-list", "{\"csv\":1}", 422, NULL},
	    {"PUT", "/api/v1/settings/scam-list", "{\"csv\":\"ETH,0x1,scam\"}", 422, "invalid_list"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct resp *r = http(&D, cases[i].method, cases[i].path, D.token, cases[i].body);
		if (cases[i].code)
			check_error(r, cases[i].status, cases[i].code, NULL, "bad input %zu: %s %s", i,
			            cases[i].method, cases[i].path);
		else
			check(r->status == cases[i].status && error_shape_ok(r),
			      "bad input %zu: %s %s -> %ld (%s)", i, cases[i].method, cases[i].path,
			      cases[i].status, rdesc(r));
	}
	/* On an open hold: items' own bodies. */
	json_t *open = NULL;
	struct resp *r = http(&D, "GET", "/api/v1/exchange/events?type=withdrawal.pending&limit=100",
	                      D.token, NULL);
	size_t i;
	json_t *e;
	json_array_foreach(jget(r->json, "events"), i, e)
	{
		long long t = jint(e, "ticket_id");
		if (t <= 0)
			continue;
		struct resp *hr = http(&D, "GET", P("/api/v1/tickets/%lld/holds", t), D.token, NULL);
		json_t *x = json_array_get(jget(hr->json, "holds"), 0);
		if (x && !strcmp(jstr(x, "state"), "held"))
			open = x;
	}
	if (check(open != NULL, "an open hold for the item checks")) {
		long long oid = jint(open, "id");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/details_confirmed", oid),
		          D.token, "{}");
		check_error(r, 422, "missing_field", "message_id", "details need a message id");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/details_confirmed", oid),
		          D.token, "{\"message_id\":\"1\"}");
		check(r->status == 422 && error_shape_ok(r), "message_id of the wrong type: 422");
		/* A customer message of another ticket does not confirm this one. */
		struct resp *m = http(&D, "POST", P("/api/v1/tickets/%lld/messages", other_tid),
		                       D.token, "{\"body\":\"elsewhere\"}");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/details_confirmed", oid),
		          D.token, P("{\"message_id\":%lld}", jint(m->json, "message.id")));
		check_error(r, 422, "invalid_value", "message_id",
		            "a message of another ticket is refused");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/scam_questions", oid), D.token,
		          "{}");
		check_error(r, 422, "missing_field", "answers", "scam questions need the answers");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/scam_questions", oid), D.token,
		          "{\"answers\":{\"asked_by_someone\":false}}");
		check(r->status == 422 && error_shape_ok(r), "every question must be answered");
		r = http(&D, "POST", P("/api/v1/holds/%lld/checklist/scam_questions", oid), D.token,
		          "{\"answers\":{\"asked_by_someone\":true,\"promised_returns\":false,"
		          "\"remote_guidance\":true,\"urgency_pressure\":false,\"knows_recipient\":"
		          "false}}");
		check_status(r, 200, "answers with red flags are recorded");
		check(jget(r->json, "hold.red_flags") == json_true(), "and flagged");
	}
	(void)tid;
	(void)fp;
}

static void report(void)
{
	struct resp *r = http(&D, "GET", "/api/v1/reports/withdrawal-holds", D.token, NULL);
	check_status(r, 200, "the report");
	json_t *rep = jget(r->json, "report");
	check(jint(rep, "screened") >= 6, "screened counts every withdrawal seen: %s", jdump(rep));
	check(jint(rep, "allowed") >= 1, "allowed counted");
	check(jint(rep, "holds_by_reason.address_poisoning") >= 1, "holds by reason: poisoning");
	check(jint(rep, "holds_by_reason.security_cooldown") >= 1, "holds by reason: cooldown");
	check_int(jint(rep, "released"), 2, "two releases (the poisoning hold and the double-pressed one)");
	check_int(jint(rep, "cancelled"), 2, "two cancels");
	check_str(jstr(rep, "value_protected.by_asset.BTC"), "0.5",
	          "value protected: the cancelled BTC");
	check_str(jstr(rep, "value_protected.by_asset.USDT"), "10",
	          "value protected: the cancelled USDT");
	check_int(jint(rep, "value_protected.usd_cents"), 1000, "the stablecoin's dollar value");
}

int main(void)
{
	h_init(300);
	setup();
	check(wait_worked("withdrawal.pending", 2, 30), "the two queued pending withdrawals are worked");
	poisoning_release();
	cooldown_cancel();
	repeats_and_forgeries();
	allowed();
	exchange_down();
	scam_list();
	outreach();
	new_country_withdrawal();
	permissions();
	bad_input();
	report();
	/* A clean stop: the worker and every connector call end, nothing reported by a sanitizer
	 * build (EXDESK_BIN=build-san/exdesk). */
	srv_signal(&D, SIGTERM);
	check_int(srv_wait(&D, 20), 0, "the desk stops cleanly");
	FILE *f = fopen(D.log, "r");
	char line[1024];
	bool clean = true;
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "Sanitizer") || strstr(line, "runtime error"))
			clean = false;
	if (f)
		fclose(f);
	check(clean, "the desk's log has no sanitizer report");
	return h_finish();
}
