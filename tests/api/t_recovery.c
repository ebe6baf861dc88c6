/* t_recovery — deposit recovery end to end against the demo exchange (docs/exchange/recovery.md,
 * docs/connector.md "The demo data"): each demo story filed from the help center as its customer
 * would, classified through the connector, credited (once) or routed, waited on or closed; the
 * second approval; the exchange stopped in the middle; bad input on every field; the customer's
 * status lookup; settings and the report. Balances are read at the exchange itself. */
#include "harness_exchange.h"

#include <stdlib.h>
#include <string.h>

static struct srv D, X;
static char secret[256];
static char sup_tok[512], agent_tok[512];

#define XRP_SHARED "rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ"
#define TON_SHARED "EQCB1SPb7l6ImpvegtUUW93-9MXfaq1BtD2WU9_P4ICL8fFc"
#define TX_XRP     "349478A8EB11EF467223BE5302395FD11DF21B56B9474939863B6B1F4B45438C"
#define TX_TON     "18e30d2fe544065055d4b1e06b973645e0cdecbcc9e72f73c0c5fbe863b169b6"
#define TX_BSC     "0x000ca5e52d62f3e87ffa6a9b507652fc01a5de0e937fa11cb0f3c0359ee539db"
#define TX_UNLISTED "0x626e31f9fcecb4fb14c219f91f4ab4b432886cacf21718ffc912af858e5a6ddb"
#define TX_CONTRACT "0xd7025039c7d103c0532206d3b2085c111e4a069d70b7e1669d9eb09f874c3003"
#define TX_HOT     "0xeac7acf16d680f14c1f201ce40aafbfd15a7647435e1dca5ad7693b26ec6bafa"
#define TX_PENDING "fd351cc2cc6eb866638952286fdfc86d7d99b079e1b84447dbd4ecad359fa7cc"
#define TX_FAILED                                                                              \
	"4hypnnsZGHiAw1MfNZBw5jvp8dy5zUKLLv2QBJQTwPnw4mNtYP6WTz7E4G57QBHMRGm88KNXhZZSLUp2zjp8sxTm"
#define TX_NOT_FOUND "0x8417691b6ee3b05703e2716815e09825b747c6fae6ef706de6e1a3f0000e3b59"
#define TX_CREDITED "0x43013bf891243bea2881d5318f26f4aefa914c02d65544d08f9d4af167381fee"
#define ETH_U1     "0x81BE22EB12f0d6Bdd621349A44BaF98262747665"
#define CREDITED_AMOUNT "20000"
#define ETH_U5     "0x04Ab0Fad493f822e5b40EC64b7eE069375fa351B"
#define ETH_U7     "0xFFE058d6EeE03cc46349aE8E6212ba1de9fBae91"
#define BTC_U7     "bc1q6g6dt7ck5aeeltecaku84mp4j9mqzz7ux4mvdq"
#define SOL_U7     "4aW6GDzUyVoqbqDrrNg3KdwcUvCn4omCAsQs2couMcay"
#define XRP_SEND   "rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4"
#define TON_SEND   "EQD6Uyt7AM0m5A_SYkjihuAm2u048Z7UvhU-sIw3MFJRJqxV"
#define EVM_SEND   "0x06883e32Cf0010C89B506bA5E2127c6E7Dd0D4C8"
#define BTC_SEND   "bc1qwn9t9s2v8u4l3elz0tm2trl4l4zzwh9mfwnxcr"
#define SOL_SEND   "4NVA4cGHWyRoRTpJcMhsCftRHj7dAv7Bx3BGD4pDgSvb"
#define SEED_WORDS                                                                             \
	"abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "      \
	"abandon about"
#define NOTE_INTL "송금했는데 안 들어왔어요 — 你好，我的充值没到 — Не пришло — Tiền chưa về"

static const char *hash_of(const char *uid)
{
	static char out[8][65];
	static int k;
	char *o = out[k++ % 8];
	hmac_sha256_hex(secret, strlen(secret), uid, strlen(uid), o);
	return o;
}

/* A filled form for uid (with its hash) in language lang. */
static json_t *form(const char *uid, const char *asset, const char *net, const char *txid,
                    const char *addr, const char *memo, const char *amount, const char *sender,
                    const char *lang)
{
	json_t *f = jpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "asset", asset, "network", net,
	                  "txid", txid, "address", addr, "amount", amount, "sender", sender,
	                  "language", lang);
	if (memo)
		json_object_set_new(f, "memo", json_string(memo));
	if (uid) {
		json_object_set_new(f, "exchange_uid", json_string(uid));
		json_object_set_new(f, "user_hash", json_string(hash_of(uid)));
	}
	return f;
}

static struct resp *file(json_t *f)
{
	return httpj(&D, "POST", "/api/v1/help/recovery", NULL, f);
}

/* An asset's available balance at the exchange, in 10^-9 units. */
static long long balance(const char *uid, const char *asset)
{
	struct resp *r = xget(&X, P("/v1/users/%s/balances", uid));
	json_t *arr = jget(r->json, "balances"), *b;
	size_t i;
	json_array_foreach(arr, i, b)
	{
		if (strcmp(jstr(b, "asset") ? jstr(b, "asset") : "", asset))
			continue;
		const char *s = jstr(b, "available");
		long long whole = atoll(s), frac = 0;
		const char *dot = strchr(s, '.');
		int digits = 0;
		for (const char *p = dot ? dot + 1 : ""; *p && digits < 9; p++, digits++)
			frac = frac * 10 + (*p - '0');
		for (; digits < 9; digits++)
			frac *= 10;
		return whole * 1000000000LL + frac;
	}
	return 0;
}

static json_t *agent_case(const char *ref)
{
	struct resp *r = http(&D, "GET", "/api/v1/recovery/cases?limit=100", D.token, NULL);
	json_t *c;
	size_t i;
	json_array_foreach(jget(r->json, "cases"), i, c) if (!strcmp(jstr(c, "reference"), ref))
	    return c;
	return NULL;
}

static bool ticket_has(long long ticket, const char *kind, const char *needle)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/messages?limit=100", ticket),
	                      D.token, NULL);
	json_t *m;
	size_t i;
	json_t *arr = json_is_array(r->json) ? r->json : jget(r->json, "messages");
	json_array_foreach(arr, i, m)
	{
		if ((!kind || !strcmp(jstr(m, "kind"), kind)) && contains(jstr(m, "body"), needle))
			return true;
	}
	return false;
}

static void setup(void)
{
	xdesk_start(&D, &X, NULL);
	struct resp *r = http(&D, "GET", "/api/v1/settings/identity", D.token, NULL);
	snprintf(secret, sizeof secret, "%s", jstr(r->json, "identity_secret"));
	mk_agent(&D, "sup@test.local", "Sam Sup", "supervisor", NULL, NULL, sup_tok);
	mk_agent(&D, "agent@test.local", "Ana Agent", "agent", "L1", NULL, agent_tok);
	r = http(&D, "PUT", "/api/v1/settings/recovery", D.token,
	         "{\"prices\":{\"XRP\":\"2\",\"TON\":\"5\",\"USDT\":\"1\",\"BTC\":\"90000\","
	         "\"ETH\":\"3000\",\"SOL\":\"150\"}}");
	check_status(r, 200, "admin sets reference prices");
	check_str(jstr(r->json, "prices.XRP"), "2", "the XRP price is kept");
}

static void test_xrp_missing_memo(void)
{
	long long before = balance("10000003", "XRP");
	json_t *f = form("10000003", "XRP", "XRP", TX_XRP, XRP_SHARED, "104729", "250", XRP_SEND,
	                 "ko");
	json_object_set_new(f, "note", json_string(NOTE_INTL));
	struct resp *r = file(f);
	check_status(r, 201, "uid 10000003 files the XRP sent without a tag");
	const char *ref = jstr(r->json, "case.reference");
	check_str(jstr(r->json, "case.state"), "credited", "credited automatically");
	check_str(jstr(r->json, "case.credit_amount"), "237.5",
	          "250 XRP at $2 = $500, 5%% fee = $25 = 12.5 XRP: 237.5 credited");
	check_str(jstr(r->json, "case.fee_amount"), "12.5", "the fee is 12.5 XRP");
	check(contains(jstr(r->json, "case.message"), "237.5") &&
	          contains(jstr(r->json, "case.message"), "입금"),
	      "the customer reads the outcome in Korean with the amount: %s",
	      jstr(r->json, "case.message"));
	check_str(jstr(r->json, "case.status_text"), "입금 완료", "the status word is Korean");
	check(!jhas(r->json, "case.facts") && !jhas(r->json, "case.summary"),
	      "the customer does not see the facts or the agents' summary");
	long long after = balance("10000003", "XRP");
	check_int(after - before, 237500000000LL, "the exchange balance rose by exactly 237.5 XRP");

	r = file(form("10000003", "XRP", "XRP", TX_XRP, XRP_SHARED, "104729", "250", XRP_SEND,
	              "ko"));
	check_error(r, 409, "case_exists", "txid", "filing the same transaction again is refused");
	json_t *c = agent_case(ref);
	check(c != NULL, "the agent sees the case in the list");
	if (!c)
		return;
	check_str(jstr(c, "code"), "MEMO_MISSING", "classified MEMO_MISSING");
	check(json_is_true(jget(c, "automatic")), "automatic");
	check(jint(c, "quote.fee_minor") == 2500 && jint(c, "quote.value_minor") == 50000,
	      "quote: value $500.00, fee $25.00 (%s)", jdump(jget(c, "quote")));
	long long id = jint(c, "id"), ticket = jint(c, "ticket_id");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/retry", id), D.token, NULL);
	check_error(r, 409, "invalid_state", NULL, "a credited case is not retried");
	check_int(balance("10000003", "XRP") - before, 237500000000LL,
	          "after the second filing and the retry, still credited once");
	r = http(&D, "GET", P("/api/v1/tickets/%lld", ticket), D.token, NULL);
	check_str(jstr(r->json, "ticket.category") ? jstr(r->json, "ticket.category")
	                                           : jstr(r->json, "category"),
	          "recovery", "the case's ticket has category recovery");
	check(ticket_has(ticket, "customer", "Не пришло") && ticket_has(ticket, "customer", "你好") &&
	          ticket_has(ticket, "customer", "Tiền chưa về"),
	      "the customer's CJK, Cyrillic and Vietnamese note is on the ticket as written");
	check(ticket_has(ticket, "note", "MEMO_MISSING"), "an internal note carries the facts");
	check(ticket_has(ticket, "reply", "237.5"), "the outcome is a public reply");

	/* status lookup: identity or nothing */
	r = httpj(&D, "POST", "/api/v1/help/recovery/lookup", NULL,
	          jpack("{s:s, s:s, s:s}", "reference", ref, "exchange_uid", "10000003",
	                "user_hash", hash_of("10000003")));
	check_status(r, 200, "the customer checks the case with uid and hash");
	check_str(jstr(r->json, "case.state"), "credited", "and sees it credited");
	r = httpj(&D, "POST", "/api/v1/help/recovery/lookup", NULL,
	          jpack("{s:s, s:s, s:s}", "reference", ref, "exchange_uid", "10000003",
	                "user_hash", hash_of("10000004")));
	check_error(r, 404, "not_found", NULL, "a wrong hash finds nothing");
	r = httpj(&D, "POST", "/api/v1/help/recovery/lookup", NULL,
	          jpack("{s:s, s:s}", "reference", ref, "email", "kim@example.com"));
	check_error(r, 404, "not_found", NULL, "an email the case was not filed with finds nothing");

	/* the same story without a verified uid: never credited by itself */
	json_t *e = form(NULL, "XRP", "XRP", TX_XRP, XRP_SHARED, "104729", "250", XRP_SEND, "en");
	json_object_set_new(e, "email", json_string("someone@example.com"));
	r = file(e);
	check_status(r, 201, "an email-only customer files the same transaction");
	check_str(jstr(r->json, "case.state"), "closed",
	          "it is closed as already credited, not paid again");
	check_int(balance("10000003", "XRP") - before, 237500000000LL, "no second credit");
	const char *ref2 = jstr(r->json, "case.reference");
	r = httpj(&D, "POST", "/api/v1/help/recovery/lookup", NULL,
	          jpack("{s:s, s:s}", "reference", ref2, "email", "SOMEONE@example.com"));
	check_status(r, 200, "the email customer checks their case with the email");
}

static void test_wrong_network(void)
{
	struct resp *r = file(
	    form("10000005", "USDT", "ETH", TX_BSC, ETH_U5, NULL, "1200", EVM_SEND, "vi"));
	check_status(r, 201, "uid 10000005 files USDT sent on BSC to her ERC20 address");
	const char *ref = jstr(r->json, "case.reference");
	check_str(jstr(r->json, "case.state"), "review", "routed to the Recovery team");
	check(contains(jstr(r->json, "case.message"), "60"), "the Vietnamese reply quotes the fee");
	json_t *c = agent_case(ref);
	if (!check(c != NULL, "listed for agents"))
		return;
	check_str(jstr(c, "code"), "WRONG_NETWORK_SAME_FMT", "classified WRONG_NETWORK_SAME_FMT");
	check_str(jstr(c, "fee_amount"), "60", "fee quote 5%% of $1200 = 60 USDT");
	check_str(jstr(c, "credit_amount"), "1140", "1140 USDT would be credited");
	double due = rfc3339_utc(jstr(c, "sla_due_at"));
	check(due > now_s() + 6.9 * 86400 && due < now_s() + 7.1 * 86400,
	      "an SLA due time of 7 days for this code");
	long long id = jint(c, "id"), ticket = jint(c, "ticket_id");
	r = http(&D, "GET", P("/api/v1/tickets/%lld", ticket), D.token, NULL);
	json_t *t = jhas(r->json, "ticket") ? jget(r->json, "ticket") : r->json;
	check_str(jstr(t, "status"), "open", "its ticket is open");
	r = http(&D, "GET", "/api/v1/groups", D.token, NULL);
	json_t *g;
	size_t i;
	long long rg = 0;
	json_array_foreach(json_is_array(r->json) ? r->json : jget(r->json, "groups"), i, g)
	{
		if (!strcmp(jstr(g, "name"), "Recovery"))
			rg = jint(g, "id");
	}
	check(rg > 0 && jint(t, "group_id") == rg, "in the Recovery group (created when needed)");

	/* a credit above the threshold needs a second person */
	r = http(&D, "PUT", "/api/v1/settings/recovery", D.token,
	         "{\"second_approval_above_minor\":100000}");
	check_status(r, 200, "threshold set to $1000.00");
	long long before = balance("10000005", "USDT");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/credit", id), D.token,
	         "{\"reason\":\"same key on BSC, recovered\"}");
	check_status(r, 200, "the admin asks for the credit");
	check_str(jstr(r->json, "case.state"), "approval", "$1200 > $1000: it waits for approval");
	check(json_is_false(jget(r->json, "case.may_approve")),
	      "the requester is told they may not approve");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/approve", id), D.token, NULL);
	check_error(r, 403, "second_person_required", NULL, "the requester cannot approve");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/approve", id), agent_tok, NULL);
	check_error(r, 403, "forbidden", NULL, "an agent cannot approve");
	check_int(balance("10000005", "USDT") - before, 0, "nothing credited before approval");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/approve", id), sup_tok, NULL);
	check_status(r, 200, "a supervisor approves");
	check_str(jstr(r->json, "case.state"), "credited", "then it is credited");
	check_int(balance("10000005", "USDT") - before, 1140000000000LL,
	          "the balance rose by exactly 1140 USDT");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/approve", id), sup_tok, NULL);
	check_error(r, 409, "invalid_state", NULL, "approving twice is refused");
	check_int(balance("10000005", "USDT") - before, 1140000000000LL, "and credits nothing");
	http(&D, "PUT", "/api/v1/settings/recovery", D.token,
	     "{\"second_approval_above_minor\":500000}");
}

static void outcome(const char *what, json_t *f, const char *state, const char *code)
{
	struct resp *r = file(f);
	if (!check_status(r, 201, "%s: filed", what))
		return;
	json_t *c = agent_case(jstr(r->json, "case.reference"));
	check(c && !strcmp(jstr(c, "state"), state) && !strcmp(jstr(c, "code"), code),
	      "%s: %s / %s (got %s / %s)", what, code, state, c ? jstr(c, "code") : "-",
	      c ? jstr(c, "state") : "-");
	check(jstr(r->json, "case.message") && *jstr(r->json, "case.message"),
	      "%s: the customer gets an explanation", what);
}

static void test_other_outcomes(void)
{
	struct resp *r =
	    file(form("10000007", "BTC", "BTC", TX_PENDING, BTC_U7, NULL, "0.75", BTC_SEND, "es"));
	check_status(r, 201, "uid 10000007 files the BTC deposit with 1 of 2 confirmations");
	check_str(jstr(r->json, "case.state"), "waiting", "told to wait");
	const char *eta = jstr(r->json, "case.eta");
	check(eta && rfc3339_utc(eta) > now_s() && rfc3339_utc(eta) < now_s() + 3600,
	      "with an ETA of about one block (%s)", eta ? eta : "none");
	check(contains(jstr(r->json, "case.message"), "red"), "in Spanish: %s",
	      jstr(r->json, "case.message"));
	outcome("unlisted token",
	        form("10000007", "PEPE", "ETH", TX_UNLISTED, ETH_U7, NULL, "1000000", EVM_SEND, "es"),
	        "review", "UNLISTED_TOKEN");
	/* closing with a reason; an agent outside the Recovery group does not see the case */
	{
		struct resp *u = http(&D, "GET", "/api/v1/recovery/cases?code=UNLISTED_TOKEN", sup_tok, NULL);
		json_t *c = json_array_get(jget(u->json, "cases"), 0);
		long long id = c ? jint(c, "id") : 0, ticket = c ? jint(c, "ticket_id") : 0;
		check(id > 0, "the supervisor lists the unlisted-token case by code");
		u = http(&D, "GET", P("/api/v1/recovery/cases/%lld", id), agent_tok, NULL);
		check_error(u, 404, "not_found", NULL, "an agent outside the Recovery group gets 404");
		u = http(&D, "GET", "/api/v1/recovery/cases?code=UNLISTED_TOKEN", agent_tok, NULL);
		check(u->status == 200 && json_array_size(jget(u->json, "cases")) == 0,
		      "and does not find it in the list");
		u = http(&D, "POST", P("/api/v1/recovery/cases/%lld/close", id), agent_tok,
		         "{\"reason\":\"x\"}");
		check_error(u, 404, "not_found", NULL, "nor can close it");
		u = http(&D, "POST", P("/api/v1/recovery/cases/%lld/close", id), sup_tok, "{}");
		check_error(u, 422, "missing_field", "reason", "closing needs a reason");
		u = http(&D, "POST", P("/api/v1/recovery/cases/%lld/close", id), sup_tok,
		         "{\"reason\":\"Este token no se puede recuperar: el contrato no tiene "
		         "función de retiro.\"}");
		check_status(u, 200, "the supervisor closes it with a reason");
		check_str(jstr(u->json, "case.state"), "closed", "closed");
		check(ticket_has(ticket, "reply", "no tiene función de retiro"),
		      "the reason reaches the customer as a reply");
		u = http(&D, "POST", P("/api/v1/recovery/cases/%lld/close", id), sup_tok,
		         "{\"reason\":\"again\"}");
		check_error(u, 409, "invalid_state", NULL, "a closed case is not closed again");
	}
	outcome("USDT to the USDT contract",
	        form("10000007", "USDT", "ETH", TX_CONTRACT, ETH_U7, NULL, "2500", EVM_SEND, "es"),
	        "closed", "CONTRACT_ADDRESS");
	outcome("ETH to the hot wallet",
	        form("10000007", "ETH", "ETH", TX_HOT, ETH_U7, NULL, "1.5", EVM_SEND, "es"), "review",
	        "HOT_WALLET_DIRECT");
	outcome("a failed Solana transaction",
	        form("10000007", "SOL", "SOL", TX_FAILED, SOL_U7, NULL, "40", SOL_SEND, "es"),
	        "closed", "CHAIN_FAILED");
	outcome("a transaction nobody has seen",
	        form("10000007", "ETH", "ETH", TX_NOT_FOUND, ETH_U7, NULL, "1", EVM_SEND, "es"),
	        "waiting", "TX_NOT_FOUND");
}

/* A case waiting for a transaction nobody has seen: when the exchange later reports the deposit
 * (webhook deposit.seen), the case is checked again by itself. */
static void test_deposit_seen(void)
{
	const char *tx = "0x7a3c1e9b0d4f5a6b8c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b";
	struct resp *r =
	    file(form("10000007", "ETH", "ETH", tx, ETH_U7, NULL, "0.5", EVM_SEND, "es"));
	check_str(jstr(r->json, "case.state"), "waiting", "a transaction not on chain yet: waiting");
	const char *ref = jstr(r->json, "case.reference");
	r = xpost(&X, "/v1/demo/chain/ETH/txs",
	          P("{\"txid\":\"%s\",\"to_address\":\"" ETH_U7 "\",\"asset\":\"ETH\","
	            "\"amount\":\"0.5\",\"sender\":\"" EVM_SEND "\",\"confirmations\":64,"
	            "\"idempotency_key\":\"recovery-test-seen\"}",
	            tx));
	check_2xx(r, "the chain confirms it and the exchange credits it");
	json_t *c = NULL;
	for (double until = now_s() + 15; now_s() < until; sleep_s(0.2)) {
		c = agent_case(ref);
		if (c && !strcmp(jstr(c, "state"), "closed"))
			break;
	}
	check(c && !strcmp(jstr(c, "state"), "closed") && !strcmp(jstr(c, "code"), "ALREADY_CREDITED"),
	      "the exchange's deposit.seen re-checks the case: closed as ALREADY_CREDITED (%s / %s)",
	      c ? jstr(c, "state") : "-", c ? jstr(c, "code") : "-");
}

static void test_exchange_down(void)
{
	long long before = balance("10000006", "TON");
	srv_stop(&X);
	json_t *f = form("10000006", "TON", "TON", TX_TON, TON_SHARED, "44710", "75", TON_SEND, "tr");
	json_object_set_new(f, "memo_used", json_string("4471"));
	struct resp *r = file(f);
	check_status(r, 201, "filed while the exchange is down");
	const char *ref = jstr(r->json, "case.reference");
	check_str(jstr(r->json, "case.state"), "error", "the case shows the error state");
	json_t *c = agent_case(ref);
	if (!check(c != NULL, "listed"))
		return;
	check(jstr(c, "error") && *jstr(c, "error"), "the error is on the case: %s",
	      jstr(c, "error"));
	long long id = jint(c, "id"), ticket = jint(c, "ticket_id");
	check(ticket_has(ticket, "note", "could not be asked"), "and on the ticket as a note");
	check(xsrv_restart_same_port(&X, P("%s/api/v1/exchange/webhook", D.base)) == 0,
	      "the exchange comes back");
	check_int(balance("10000006", "TON") - before, 0, "nothing was credited meanwhile");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/retry", id), D.token, NULL);
	check_status(r, 200, "retry");
	check_str(jstr(r->json, "case.state"), "credited", "TON with the wrong memo is credited");
	check_str(jstr(r->json, "case.code"), "MEMO_WRONG", "as MEMO_WRONG");
	check_str(jstr(r->json, "case.credit_amount"), "71.25",
	          "75 TON at $5 = $375, fee $18.75 = 3.75 TON: 71.25 credited");
	check_int(balance("10000006", "TON") - before, 71250000000LL, "balance up by 71.25 TON");
	r = http(&D, "POST", P("/api/v1/recovery/cases/%lld/retry", id), D.token, NULL);
	check_error(r, 409, "invalid_state", NULL, "a second retry is refused");
	check_int(balance("10000006", "TON") - before, 71250000000LL, "credited exactly once");
}

static void bad(const char *what, json_t *f, long status, const char *code, const char *field)
{
	struct resp *r = file(f);
	check_error(r, status, code, field, "%s", what);
}

static void test_bad_input(void)
{
	char *fp = db_fingerprint(&D, NULL);
#define OK_FORM() form("10000008", "BTC", "BTC", TX_PENDING, BTC_U7, NULL, "0.75", BTC_SEND, "en")
	json_t *f;
	f = OK_FORM(), json_object_set_new(f, "asset", json_string(""));
	bad("an empty asset", f, 422, "required", "asset");
	f = OK_FORM(), json_object_set_new(f, "network", json_string("DOGECOIN_CLASSIC"));
	bad("an unknown network", f, 422, "network_unknown", "network");
	f = OK_FORM(),
	json_object_set_new(f, "txid", json_string("https://mempool.space/tx/" TX_PENDING));
	bad("an explorer link for the txid", f, 422, "url", "txid");
	f = OK_FORM(), json_object_set_new(f, "address", json_string("bc1q6g6dt7ck5aeeltecaku84mp4j9mqzz7ux4mvdz"));
	bad("an address with a typo", f, 422, "bad_checksum", "address");
	f = form("10000008", "XRP", "XRP", TX_XRP, XRP_SHARED, NULL, "250", XRP_SEND, "en");
	bad("no tag on XRP", f, 422, "required", "memo");
	f = form("10000008", "XRP", "XRP", TX_XRP, XRP_SHARED, "99999999999", "250", XRP_SEND, "en");
	bad("a tag out of range", f, 422, "memo_out_of_range", "memo");
	f = OK_FORM(), json_object_set_new(f, "amount", json_string("1,000.5"));
	bad("a thousands comma", f, 422, "amount_comma", "amount");
	f = OK_FORM(), json_object_set_new(f, "amount", json_integer(250));
	bad("an amount as a JSON number", f, 422, "wrong_type", "amount");
	f = OK_FORM(), json_object_set_new(f, "sender", json_string("支付宝"));
	bad("a CJK sender", f, 422, "non_ascii", "sender");
	f = OK_FORM(), json_object_set_new(f, "note", json_string(repeat("說", 800)));
	bad("an oversize note", f, 422, "too_long", "note");
	f = OK_FORM(), json_object_set_new(f, "note", json_string(SEED_WORDS));
	bad("a recovery phrase in the note", f, 422, "seed_phrase", "note");
	f = OK_FORM(), json_object_set_new(f, "sender", json_string(SEED_WORDS));
	bad("a recovery phrase as the sender", f, 422, "seed_phrase", "sender");
	f = OK_FORM(), json_object_set_new(f, "user_hash", json_string(hash_of("10000007")));
	bad("a forged user_hash", f, 422, "invalid_value", "user_hash");
	f = OK_FORM(), json_object_del(f, "user_hash");
	bad("a uid without its hash", f, 422, "missing_field", "user_hash");
	f = form(NULL, "BTC", "BTC", TX_PENDING, BTC_U7, NULL, "0.75", BTC_SEND, "en");
	bad("neither uid nor email", f, 422, "missing_field", "email");
	f = OK_FORM(), json_object_set_new(f, "language", json_string("xx-YY"));
	bad("a language the desk does not speak", f, 422, "invalid_value", "language");
	f = OK_FORM(), json_object_set_new(f, "asset", json_integer(1));
	bad("an asset of the wrong type", f, 422, "wrong_type", "asset");
	/* every field: a number instead of text, and far too long */
	static const char *const fields[] = {"asset", "network", "txid",   "address", "memo",
	                                     "memo_used", "amount", "sender", "note"};
	int typed = 0, long_ = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		f = OK_FORM(), json_object_set_new(f, fields[i], json_integer(7));
		struct resp *w = file(f);
		typed += w->status == 422 && !strcmp(err_code(w) ? err_code(w) : "", "wrong_type") &&
		         !strcmp(err_field(w) ? err_field(w) : "", fields[i]);
		f = OK_FORM(), json_object_set_new(f, fields[i], json_string(repeat("7", 9000)));
		w = file(f);
		long_ += w->status == 422 && !strcmp(err_code(w) ? err_code(w) : "", "too_long") &&
		         !strcmp(err_field(w) ? err_field(w) : "", fields[i]);
	}
	check_int(typed, 9, "each of the nine fields of the wrong type is 422 wrong_type naming it");
	check_int(long_, 9, "each of the nine fields far too long is 422 too_long naming it");
	struct req rq = {.method = "POST", .path = "/api/v1/help/recovery",
	                 .body = "{\"asset\":\"\xff\xfe\",\"network\":\"BTC\"}"};
	struct resp *r = http_req(&D, &rq);
	check_error(r, 400, "invalid_utf8|malformed_json", NULL, "invalid UTF-8 is refused");
	/* several fields wrong at once: each is named */
	f = OK_FORM();
	json_object_set_new(f, "amount", json_string("1e5"));
	json_object_set_new(f, "txid", json_string("0x" TX_PENDING));
	r = file(f);
	check(r->status == 422 && json_array_size(jget(r->json, "errors")) == 2,
	      "two wrong fields give two errors: %s", rdesc(r));
	check_unchanged(&D, fp, NULL, "no refused form stored anything");
	check(!db_files_contain(&D, "abandon abandon abandon"),
	      "the recovery phrase is nowhere in the desk's files");
	check(!contains(r->body, "abandon"), "and never echoed");
}

static void test_settings_report(void)
{
	struct resp *r =
	    http(&D, "PUT", "/api/v1/settings/recovery", D.token, "{\"fee\":{\"bps\":20000}}");
	check_error(r, 422, "invalid_value", "fee", "a fee above 100%% is refused");
	r = http(&D, "PUT", "/api/v1/settings/recovery", D.token, "{\"prices\":{\"XRP\":\"-1\"}}");
	check_error(r, 422, "invalid_value", "prices", "a negative price is refused");
	r = http(&D, "PUT", "/api/v1/settings/recovery", sup_tok, "{\"auto_credit\":false}");
	check_error(r, 403, "forbidden", NULL, "a supervisor cannot change the policy");
	r = http(&D, "PUT", "/api/v1/settings/recovery", D.token,
	         "{\"fee\":{\"bps\":300,\"min_minor\":300,\"cap_minor\":50000}}");
	check_status(r, 200, "the admin sets a 3%% fee");
	check_int(jint(r->json, "fees.MEMO_WRONG.bps"), 300, "it applies to the memo codes");
	check_int(jint(r->json, "fees.PENDING_CONF.bps"), 0, "and not to codes without a fee");
	r = http(&D, "GET", "/api/v1/audit/events?limit=100", D.token, NULL);
	check(contains(r->body, "settings.recovery"), "settings changes are audited");
	r = http(&D, "GET", "/api/v1/reports/recovery", agent_tok, NULL);
	check_status(r, 200, "agents read the report");
	check(jint(r->json, "credited") == 3, "three cases credited (%lld)",
	      jint(r->json, "credited"));
	check(jint(r->json, "value_credited_minor") == 50000 + 120000 + 37500,
	      "value credited $500 + $1200 + $375 (%lld)", jint(r->json, "value_credited_minor"));
	check(jint(r->json, "fees_minor") == 2500 + 6000 + 1875, "fees $25 + $60 + $18.75 (%lld)",
	      jint(r->json, "fees_minor"));
	check(jint(r->json, "by_code.UNLISTED_TOKEN") == 1 && jint(r->json, "automatic") > 0 &&
	          jint(r->json, "manual") > 0,
	      "cases by code, automatic and manual (%s)", r->body);
}

/* The widget: the session's verified uid files; an anonymous visitor without an email cannot. */
static void test_widget(void)
{
	char wtok[256], anon[256];
	mk_widget_session(&D,
	                  P("{\"exchange_uid\":\"10000001\",\"user_hash\":\"%s\",\"language\":"
	                    "\"zh-CN\"}",
	                    hash_of("10000001")),
	                  wtok);
	const char *body = "{\"asset\":\"USDT\",\"network\":\"ERC20\",\"txid\":\"" TX_CREDITED
	                   "\",\"address\":\"" ETH_U1 "\",\"amount\":\"" CREDITED_AMOUNT
	                   "\",\"sender\":\"" EVM_SEND "\",\"note\":\"我的充值没到账\"}";
	struct resp *r = http_w(&D, "POST", "/api/v1/widget/recovery", wtok, body);
	check_status(r, 201, "uid 10000001 files from the chat widget");
	check_str(jstr(r->json, "case.state"), "closed", "a deposit already credited is closed");
	check_str(jstr(r->json, "case.code"), "ALREADY_CREDITED", "as ALREADY_CREDITED");
	check(contains(jstr(r->json, "case.message"), "已经入账"),
	      "the answer is in the session's language (zh-CN): %s", jstr(r->json, "case.message"));
	r = http_w(&D, "GET", "/api/v1/widget/recovery", wtok, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "cases")) == 1 &&
	          !jhas(json_array_get(jget(r->json, "cases"), 0), "facts"),
	      "the widget lists the customer's own case, without the facts: %s", rdesc(r));
	mk_widget_session(&D, "{\"language\":\"en\"}", anon);
	r = http_w(&D, "GET", "/api/v1/widget/recovery", anon, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "cases")) == 0,
	      "another visitor sees none of them");
	r = http_w(&D, "POST", "/api/v1/widget/recovery", anon, body);
	check_error(r, 422, "missing_field", "email",
	            "an anonymous visitor without an email cannot file");
	r = http_w(&D, "POST", "/api/v1/widget/recovery", NULL, body);
	check_error(r, 401, "unauthorized", NULL, "no widget session, no filing");
}

static void test_validate(void)
{
	struct resp *r = http(&D, "POST", "/api/v1/crypto/validate", NULL,
	                      "{\"network\":\"XRP\",\"address\":\"" XRP_SHARED
	                      "\",\"memo\":\"00104729\",\"txid\":\"" TX_XRP "\"}");
	check_status(r, 200, "the form's field check is public");
	check(json_is_true(jget(r->json, "valid")) && json_is_true(jget(r->json, "memo_required")),
	      "a good XRP form, memo required");
	check_str(jstr(r->json, "fields.memo.normalized"), "104729", "the tag is normalised");
	r = http(&D, "POST", "/api/v1/crypto/validate", NULL,
	         "{\"network\":\"ETH\",\"address\":\"" SEED_WORDS "\"}");
	check(r->status == 200 && !strcmp(jstr(r->json, "fields.address.code"), "seed_phrase") &&
	          !contains(r->body, "abandon"),
	      "a recovery phrase is named, never echoed: %s", rdesc(r));
}

int main(void)
{
	h_init(600);
	setup();
	test_validate();
	test_bad_input();
	test_xrp_missing_memo();
	test_wrong_network();
	test_other_outcomes();
	test_deposit_seen();
	test_exchange_down();
	test_widget();
	test_settings_report();
	return h_finish();
}
