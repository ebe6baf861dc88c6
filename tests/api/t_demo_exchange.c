/* t_demo_exchange.c — `exdesk demo-exchange` as a peer (docs/connector.md): the real binary
 * over real HTTP with requests signed by the harness's own HMAC. Every read endpoint against
 * the seeded data (names in Chinese, Japanese, Korean, Russian, Vietnamese, Turkish and Spanish
 * byte for byte), every recovery case of the chain index, the deposit-address lookups;
 * signatures (missing, forged, wrong key, stale, from the future, replayed, a tampered body,
 * path, query or method: 401 and nothing done); the actions and their idempotency (the same
 * credit twice credits once, a retried hold answers the first answer, a reused key with another
 * body is refused); bad input of every kind storing nothing; webhooks signed and retried; the
 * data surviving a restart. */
#include <signal.h>
#include <string.h>

#include "harness.h"
#include "harness_exchange.h"

/* The seed (docs/connector.md "The demo data") */
#define U_POISONED      "10000001"
#define U_FRESH_2FA     "10000002"
#define U_XRP_MEMO      "10000003"
#define U_FROZEN        "10000004"
#define U_NEW_LOGIN     "10000005"
#define U_TON_MEMO      "10000006"
#define U_VIP           "10000007"
#define U_NEW           "10000008"
#define XRP_SHARED      "rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ"
#define TON_SHARED      "EQCB1SPb7l6ImpvegtUUW93-9MXfaq1BtD2WU9_P4ICL8fFc"
#define ETH_DEP_U5      "0x04Ab0Fad493f822e5b40EC64b7eE069375fa351B"
#define ETH_HOT         "0x14C69C4d5c9abC9D0dDC9b5b5D62E3b744087A9E"
#define USDT_ERC20      "0xdAC17F958D2ee523a2206206994597C13D831ec7"
#define BOOK_U1         "0x357996fc266f633B4d32BDc5cdeB14453ecC23B7"
#define POISON          "0x35799617c9aab8955698d57c49b1f23f09CC23b7"
#define TX_MISSING_MEMO "349478A8EB11EF467223BE5302395FD11DF21B56B9474939863B6B1F4B45438C"
#define TX_WRONG_MEMO   "18e30d2fe544065055d4b1e06b973645e0cdecbcc9e72f73c0c5fbe863b169b6"
#define TX_WRONG_NET    "0x000ca5e52d62f3e87ffa6a9b507652fc01a5de0e937fa11cb0f3c0359ee539db"
#define TX_UNLISTED     "0x626e31f9fcecb4fb14c219f91f4ab4b432886cacf21718ffc912af858e5a6ddb"
#define TX_CONTRACT     "0xd7025039c7d103c0532206d3b2085c111e4a069d70b7e1669d9eb09f874c3003"
#define TX_HOT          "0xeac7acf16d680f14c1f201ce40aafbfd15a7647435e1dca5ad7693b26ec6bafa"
#define TX_PENDING      "fd351cc2cc6eb866638952286fdfc86d7d99b079e1b84447dbd4ecad359fa7cc"
#define TX_FAILED                                                                                  \
	"4hypnnsZGHiAw1MfNZBw5jvp8dy5zUKLLv2QBJQTwPnw4mNtYP6WTz7E4G57QBHMRGm88KNXhZZSLUp2zjp8sxTm"
#define TX_CREDITED  "0x43013bf891243bea2881d5318f26f4aefa914c02d65544d08f9d4af167381fee"
#define TX_NOT_FOUND "0x8417691b6ee3b05703e2716815e09825b747c6fae6ef706de6e1a3f0000e3b59"

static struct srv X;
static struct sink *hooks;

/* The id of the seeded pending withdrawal of a user (the newest one). */
static const char *pending_withdrawal(const char *uid)
{
	struct resp *r = xget(&X, P("/v1/users/%s/withdrawals?limit=200", uid));
	json_t *arr = jget(r->json, "withdrawals");
	size_t i;
	json_t *w;
	json_array_foreach(arr, i, w)
	{
		if (!strcmp(jstr(w, "status") ? jstr(w, "status") : "", "pending"))
			return P("%s", jstr(w, "id"));
	}
	return "0";
}

static const char *balance(const char *uid, const char *asset, const char *which)
{
	struct resp *r = xget(&X, P("/v1/users/%s/balances", uid));
	json_t *arr = jget(r->json, "balances");
	size_t i;
	json_t *b;
	json_array_foreach(arr, i, b)
	{
		if (!strcmp(jstr(b, "asset"), asset))
			return P("%s", jstr(b, which));
	}
	return "none";
}

/* ---- reads ---- */

static void test_health_and_users(void)
{
	struct req rq = {.method = "GET", .path = "/healthz"};
	struct resp *r = http_req(&X, &rq);
	check_status(r, 200, "GET /healthz needs no signature");
	check_str(jstr(r->json, "status"), "ok", "/healthz says ok");

	static const struct {
		const char *uid, *name, *lang, *country;
		int kyc, vip;
		const char *status;
	} users[] = {
	    {U_POISONED, "王小明", "zh-CN", "SG", 2, 3, "active"},
	    {U_FRESH_2FA, "佐藤 花子", "ja", "JP", 2, 1, "active"},
	    {U_XRP_MEMO, "김민준", "ko", "KR", 1, 0, "active"},
	    {U_FROZEN, "Иван Петров", "ru", "KZ", 2, 0, "frozen"},
	    {U_NEW_LOGIN, "Nguyễn Thị Hương", "vi", "VN", 2, 2, "active"},
	    {U_TON_MEMO, "Ayşe Yılmaz", "tr", "TR", 1, 0, "active"},
	    {U_VIP, "José Martínez Núñez", "es", "ES", 3, 5, "active"},
	    {U_NEW, "Olivia Bennett", "en", "GB", 0, 0, "active"},
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		r = xget(&X, P("/v1/users/%s", users[i].uid));
		check_status(r, 200, "GET /v1/users/%s", users[i].uid);
		check_str(jstr(r->json, "user.name"), users[i].name, "user %s name byte for byte",
		          users[i].uid);
		check_str(jstr(r->json, "user.language"), users[i].lang, "user %s language",
		          users[i].uid);
		check_str(jstr(r->json, "user.country"), users[i].country, "user %s country",
		          users[i].uid);
		check_int(jint(r->json, "user.kyc.level"), users[i].kyc, "user %s KYC level",
		          users[i].uid);
		check_int(jint(r->json, "user.vip_tier"), users[i].vip, "user %s VIP tier",
		          users[i].uid);
		check_str(jstr(r->json, "user.account_status"), users[i].status,
		          "user %s account status", users[i].uid);
		check(rfc3339_utc(jstr(r->json, "user.created_at")) > 0,
		      "user %s created_at is RFC 3339", users[i].uid);
		check(jstr(r->json, "user.email") && strchr(jstr(r->json, "user.email"), '@'),
		      "user %s has an email (PII, masked by exdesk, not here)", users[i].uid);
	}
	r = xget(&X, "/v1/users/" U_FROZEN);
	check(jstr(r->json, "user.status_reason") != NULL, "a frozen account says why");
	r = xget(&X, "/v1/users/" U_NEW);
	check(jisnull(r->json, "user.phone"), "a user without a phone: phone null");
	check_str(jstr(r->json, "user.kyc.status"), "none", "KYC none");
	check_str(jstr(r->json, "user.two_factor"), "none", "no second factor");

	r = xget(&X, "/v1/users/99999999");
	check_error(r, 404, "user_not_found", NULL, "unknown uid: 404 user_not_found");
	r = xget(&X, "/v1/users/99999999/trades");
	check_error(r, 404, "user_not_found", NULL, "unknown uid on a sub-resource: 404");
	r = xget(&X, "/v1/users/%E7%8E%8B");
	check_error(r, 404, "user_not_found", NULL, "a CJK uid is just unknown: 404");
	r = xget(&X, "/v1/users/%FF%FE");
	check_error(r, 400, "invalid_utf8", NULL, "a path segment that is not UTF-8: 400");
	r = xget(&X, "/v1/users/a%00b");
	check_error(r, 400, "invalid_utf8", NULL, "a NUL in a path segment: 400");
	r = xget(&X, "/v1/nothing-here");
	check_error(r, 404, "not_found", NULL, "unknown endpoint: 404");
	r = xpost(&X, "/v1/users/" U_NEW, "{}");
	check_error(r, 405, "method_not_allowed", NULL, "POST on a read endpoint: 405");
	check_str(r->allow, "GET", "405 names the method in Allow");
	r = xget(&X, "/v1/deposits/credit");
	check_error(r, 405, "method_not_allowed", NULL, "GET on an action: 405");
	check_str(r->allow, "POST", "Allow: POST");
}

static void test_lists(void)
{
	struct resp *r = xget(&X, "/v1/users/" U_FRESH_2FA "/security-events");
	check_status(r, 200, "security events");
	check_str(jstr(r->json, "security_events.0.kind"), "2fa_reset",
	          "newest security event of the fresh-2FA user: 2fa_reset");
	double reset_at = rfc3339_utc(jstr(r->json, "security_events.0.at"));
	check(now_s() - reset_at > 2.5 * 3600 && now_s() - reset_at < 3.5 * 3600,
	      "the 2FA reset was about three hours ago");

	r = xget(&X, "/v1/users/" U_NEW_LOGIN "/logins?limit=2");
	check_status(r, 200, "logins, limit 2");
	check_int((long long)json_array_size(jget(r->json, "logins")), 2, "two logins");
	check_str(jstr(r->json, "logins.0.country"), "NG", "newest login from NG");
	check(json_is_true(jget(r->json, "logins.0.new_country")), "marked new_country");
	check(json_is_true(jget(r->json, "logins.0.new_device")), "marked new_device");
	check(json_is_false(jget(r->json, "logins.1.new_country")), "the one before is not new");
	const char *next = jstr(r->json, "next_before");
	check(next != NULL, "a next_before cursor");
	r = xget(&X, P("/v1/users/" U_NEW_LOGIN "/logins?limit=2&before=%s", next ? next : ""));
	check_status(r, 200, "second page of logins");
	check_str(jstr(r->json, "logins.0.country"), "VN", "the older logins are from VN");

	/* Trades: 60, newest first; paging by 7 sees each once. */
	int seen = 0, pages = 0;
	double last_at = 1e18;
	bool ordered = true, unique = true;
	char ids[64][24] = {{0}};
	const char *cursor = NULL;
	do {
		r = xget(&X, cursor ? P("/v1/users/" U_VIP "/trades?limit=7&before=%s", cursor)
		                    : "/v1/users/" U_VIP "/trades?limit=7");
		json_t *arr = jget(r->json, "trades");
		size_t i;
		json_t *t;
		json_array_foreach(arr, i, t)
		{
			double at = rfc3339_utc(jstr(t, "at"));
			ordered = ordered && at <= last_at;
			last_at = at;
			for (int k = 0; k < seen && k < 64; k++)
				unique = unique && strcmp(ids[k], jstr(t, "id"));
			if (seen < 64)
				snprintf(ids[seen], sizeof ids[seen], "%s", jstr(t, "id"));
			seen++;
			check(json_is_string(jget(t, "price")) && json_is_string(jget(t, "qty")),
			      "trade %s: price and qty are strings", jstr(t, "id"));
		}
		cursor = jstr(r->json, "next_before");
		cursor = cursor ? P("%s", cursor) : NULL;
		pages++;
	} while (cursor && pages < 20);
	check_int(seen, 60, "paging by 7 sees all 60 trades of the VIP");
	check_int(pages, 9, "in 9 pages");
	check(ordered, "newest first");
	check(unique, "no trade twice");

	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=0");
	check_error(r, 400, "invalid_query", "limit", "limit=0: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=201");
	check_error(r, 400, "invalid_query", "limit", "limit=201: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=abc");
	check_error(r, 400, "invalid_query", "limit", "limit=abc: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=%205");
	check_error(r, 400, "invalid_query", "limit", "limit with a leading space: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?before=+1-1");
	check_error(r, 400, "invalid_query", "before", "a cursor with a sign: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?before=yesterday");
	check_error(r, 400, "invalid_query", "before", "a made-up cursor: 400");
	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=%FF");
	check_error(r, 400, "invalid_query", "limit", "a query value that is not UTF-8: 400");

	r = xget(&X, "/v1/users/" U_POISONED "/balances");
	check_status(r, 200, "balances");
	check_str(balance(U_POISONED, "USDT", "available"), "25340.5", "USDT available, a string");
	check_str(balance(U_POISONED, "USDT", "locked"), "5004.5",
	          "USDT locked by the pending withdrawal and its fee");
	check_str(balance(U_POISONED, "USDT", "total"), "30345", "total = available + locked");

	r = xget(&X, "/v1/users/" U_POISONED "/deposits?limit=200");
	check_status(r, 200, "deposits");
	check_int((long long)json_array_size(jget(r->json, "deposits")), 4, "four deposits");
	check_str(jstr(r->json, "deposits.0.from_address"), POISON,
	          "the newest is the zero-value transfer from the lookalike");
	check_str(jstr(r->json, "deposits.0.amount"), "0", "of amount \"0\"");

	r = xget(&X, "/v1/users/" U_POISONED "/withdrawals");
	check_status(r, 200, "withdrawals");
	check_str(jstr(r->json, "withdrawals.0.status"), "pending", "newest withdrawal pending");
	check_str(jstr(r->json, "withdrawals.0.address"), POISON, "to the lookalike address");
	check_str(jstr(r->json, "withdrawals.1.address"), "TWxcTLepCyCTLPQVb2GHe6kSPKks4g3Gn9",
	          "the one before went to the TRON book entry");

	r = xget(&X, "/v1/users/" U_POISONED "/address-book");
	check_status(r, 200, "address book");
	check_str(jstr(r->json, "address_book.0.address"), BOOK_U1, "book entry: the Ledger");
	check_str(jstr(r->json, "address_book.0.label"), "Ledger 冷钱包", "label in Chinese");
	r = xget(&X, "/v1/users/" U_FROZEN "/address-book");
	check_str(jstr(r->json, "address_book.0.label"), "Кошелёк MetaMask", "label in Russian");
	r = xget(&X, "/v1/users/" U_NEW_LOGIN "/address-book");
	check_str(jstr(r->json, "address_book.0.label"), "Ví XRP của tôi", "label in Vietnamese");
	check_str(jstr(r->json, "address_book.0.memo"), "220011", "with its memo");

	r = xget(&X, "/v1/networks");
	check_status(r, 200, "networks");
	check_int((long long)json_array_size(jget(r->json, "networks")), 8, "eight networks");
	r = xget(&X, P("/v1/withdrawals/%s", pending_withdrawal(U_FRESH_2FA)));
	check_status(r, 200, "one withdrawal by id");
	check_str(jstr(r->json, "withdrawal.asset"), "BTC", "the fresh-2FA withdrawal is BTC");
	check(json_is_array(jget(r->json, "withdrawal.actions")), "with its actions");
	r = xget(&X, "/v1/withdrawals/999999");
	check_error(r, 404, "withdrawal_not_found", NULL, "unknown withdrawal: 404");
	r = xget(&X, "/v1/withdrawals/abc");
	check_error(r, 404, "withdrawal_not_found", NULL, "a non-numeric withdrawal id: 404");
}

static void test_chain(void)
{
	static const struct {
		const char *network, *txid, *what, *status, *to, *memo_or_null, *amount;
	} cases[] = {
	    {"XRP", TX_MISSING_MEMO, "missing memo", "confirmed", XRP_SHARED, NULL, "250"},
	    {"TON", TX_WRONG_MEMO, "wrong memo", "confirmed", TON_SHARED, "4471", "75"},
	    {"BSC", TX_WRONG_NET, "BEP20 to an ERC20 address", "confirmed", ETH_DEP_U5, NULL,
	     "1200"},
	    {"ETH", TX_UNLISTED, "unlisted token", "confirmed",
	     "0xFFE058d6EeE03cc46349aE8E6212ba1de9fBae91", NULL, "1000000"},
	    {"ETH", TX_CONTRACT, "sent to the token contract", "confirmed", USDT_ERC20, NULL,
	     "2500"},
	    {"ETH", TX_HOT, "sent to the hot wallet", "confirmed", ETH_HOT, NULL, "1.5"},
	    {"BTC", TX_PENDING, "pending confirmations", "pending",
	     "bc1q6g6dt7ck5aeeltecaku84mp4j9mqzz7ux4mvdq", NULL, "0.75"},
	    {"SOL", TX_FAILED, "failed on chain", "failed",
	     "4aW6GDzUyVoqbqDrrNg3KdwcUvCn4omCAsQs2couMcay", NULL, "40"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct resp *r = xget(&X, P("/v1/chain/%s/tx/%s", cases[i].network, cases[i].txid));
		check_status(r, 200, "chain %s: %s", cases[i].network, cases[i].what);
		check(json_is_true(jget(r->json, "tx.found")), "%s: found", cases[i].what);
		check_str(jstr(r->json, "tx.status"), cases[i].status, "%s: status", cases[i].what);
		check_str(jstr(r->json, "tx.to_address"), cases[i].to, "%s: to", cases[i].what);
		check_str(jstr(r->json, "tx.amount"), cases[i].amount, "%s: amount as a string",
		          cases[i].what);
		if (cases[i].memo_or_null)
			check_str(jstr(r->json, "tx.memo"), cases[i].memo_or_null, "%s: memo",
			          cases[i].what);
		else
			check(jisnull(r->json, "tx.memo"), "%s: no memo", cases[i].what);
	}
	struct resp *r = xget(&X, "/v1/chain/BTC/tx/" TX_PENDING);
	check_int(jint(r->json, "tx.confirmations"), 1, "pending: 1 confirmation");
	check_int(jint(r->json, "tx.required_confirmations"), 2, "of 2 required");
	r = xget(&X, "/v1/chain/ETH/tx/" TX_UNLISTED);
	check(json_is_false(jget(r->json, "tx.token_listed")),
	      "unlisted token: token_listed false");
	check_str(jstr(r->json, "tx.token_symbol"), "SHIBX", "its symbol");
	r = xget(&X, "/v1/chain/ETH/tx/" TX_NOT_FOUND);
	check_status(r, 200, "a transaction not on chain: 200");
	check(json_is_false(jget(r->json, "tx.found")), "found false");
	/* Aliases and case: ERC20 is ETH, lower-case XRP hashes are the same hash. */
	char lower[65];
	for (int i = 0; i < 64; i++)
		lower[i] = (char)(TX_MISSING_MEMO[i] | 0x20);
	lower[64] = 0;
	r = xget(&X, P("/v1/chain/xrp/tx/%s", lower));
	check(json_is_true(jget(r->json, "tx.found")), "xrp + a lower-case hash find the tx");
	r = xget(&X, "/v1/chain/ERC20/tx/" TX_CREDITED);
	check_str(jstr(r->json, "tx.network"), "ETH", "ERC20 means ETH");
	r = xget(&X, "/v1/chain/DOGE/tx/" TX_PENDING);
	check_error(r, 404, "unknown_network", NULL, "a network the exchange does not run: 404");
	r = xget(&X, "/v1/chain/NOPE/tx/" TX_PENDING);
	check_error(r, 404, "unknown_network", NULL, "an unknown network: 404");
	r = xget(&X, "/v1/chain/ETH/tx/" TX_PENDING);
	check_error(r, 422, "invalid_txid", "txid", "a BTC hash on ETH (no 0x): 422");
	r = xget(&X, "/v1/chain/BTC/tx/https%3A%2F%2Fmempool.space%2Ftx%2F" TX_PENDING);
	check_error(r, 422, "invalid_txid", "txid", "an explorer link instead of a hash: 422");
}

static void test_addresses(void)
{
	struct resp *r = xget(&X, "/v1/deposit-addresses/XRP/" XRP_SHARED "?memo=104729");
	check_status(r, 200, "shared XRP address with a memo");
	check(json_is_true(jget(r->json, "address.ours")), "ours");
	check_str(jstr(r->json, "address.kind"), "shared_memo", "a shared memo address");
	check(json_is_true(jget(r->json, "address.requires_memo")), "requires a memo");
	check_str(jstr(r->json, "address.memo_uid"), U_XRP_MEMO,
	          "memo 104729 is the Korean user's");
	r = xget(&X, "/v1/deposit-addresses/XRP/" XRP_SHARED);
	check(jisnull(r->json, "address.memo_uid"), "no memo given: no memo owner");
	r = xget(&X, "/v1/deposit-addresses/TON/" TON_SHARED "?memo=4471");
	check(jisnull(r->json, "address.memo_uid"), "TON memo 4471 belongs to nobody");
	check(json_is_false(jget(r->json, "address.memo_known")), "memo_known false");
	r = xget(&X, "/v1/deposit-addresses/TON/" TON_SHARED "?memo=44710");
	check_str(jstr(r->json, "address.memo_uid"), U_TON_MEMO, "memo 44710 is Ayşe's");
	r = xget(&X, "/v1/deposit-addresses/ATOM/cosmos1rxkwf8gyafrjp3nsmhlaqvyp7nrsqfk8fm083r"
	             "?memo=300517");
	check_str(jstr(r->json, "address.memo_uid"), U_TON_MEMO, "the ATOM memo too");
	r = xget(&X, "/v1/deposit-addresses/ETH/0x04ab0fad493f822e5b40ec64b7ee069375fa351b");
	check_str(jstr(r->json, "address.kind"), "user", "an ETH address in lower case is found");
	check_str(jstr(r->json, "address.uid"), U_NEW_LOGIN, "the Vietnamese user's");
	check_str(jstr(r->json, "address.normalized"), ETH_DEP_U5, "normalised to EIP-55");
	r = xget(&X, "/v1/deposit-addresses/BSC/" ETH_DEP_U5);
	check(json_is_false(jget(r->json, "address.ours")), "the same text on BSC is not watched");
	check_str(jstr(r->json, "address.other_networks.0.network"), "ETH",
	          "but the key is ours on ETH");
	check_str(jstr(r->json, "address.other_networks.0.uid"), U_NEW_LOGIN, "for that user");
	r = xget(&X, "/v1/deposit-addresses/TON/UQCB1SPb7l6ImpvegtUUW93-9MXfaq1BtD2WU9_P4ICL8ayZ"
	             "?memo=44710");
	check_str(jstr(r->json, "address.kind"), "shared_memo",
	          "the shared TON address in its non-bounceable form is the same address");
	check_str(jstr(r->json, "address.memo_uid"), U_TON_MEMO, "with the same memo owner");
	r = xget(&X, "/v1/deposit-addresses/ETH/0xdac17f958d2ee523a2206206994597c13d831ec7");
	check_str(jstr(r->json, "address.kind"), "token_contract",
	          "the USDT contract written in lower case");
	r = xget(&X, "/v1/deposit-addresses/ETH/" USDT_ERC20);
	check_str(jstr(r->json, "address.kind"), "token_contract", "the USDT contract");
	check_str(jstr(r->json, "address.token.symbol"), "USDT", "named");
	r = xget(&X, "/v1/deposit-addresses/ETH/" ETH_HOT);
	check_str(jstr(r->json, "address.kind"), "hot_wallet", "the hot wallet");
	r = xget(&X, "/v1/deposit-addresses/ETH/" POISON);
	check_str(jstr(r->json, "address.kind"), "unknown", "the lookalike is nobody's");
	check(json_is_false(jget(r->json, "address.ours")), "not ours");
	r = xget(&X, "/v1/deposit-addresses/ETH/0x04Ab0Fad493f822e5b40EC64b7eE069375fa351b");
	check_error(r, 422, "invalid_address", "address", "a wrong EIP-55 checksum: 422");
	r = xget(&X, "/v1/deposit-addresses/BTC/" XRP_SHARED);
	check_error(r, 422, "invalid_address", "address", "an XRP address on BTC: 422");
	r = xget(&X, "/v1/deposit-addresses/XRP/" XRP_SHARED "?memo=4294967296");
	check_error(r, 422, "invalid_memo", "memo", "an XRP tag over 32 bits: 422");
	r = xget(&X, "/v1/deposit-addresses/XYZ/" XRP_SHARED);
	check_error(r, 404, "unknown_network", NULL, "unknown network: 404");
}

/* ---- signatures ---- */

static void test_signatures(void)
{
	const char *path = "/v1/users/" U_POISONED;
	struct xsign o = {.method = "GET",
	                  .target = path,
	                  .omit_key = true,
	                  .omit_ts = true,
	                  .omit_nonce = true,
	                  .omit_sig = true};
	struct resp *r = xreq_ex(&X, &o);
	check_error(r, 401, "unsigned_request", NULL, "no signature headers: 401");
	check(!contains(r->body, "王小明"), "and nothing of the user");
	o = (struct xsign){.method = "GET", .target = path, .omit_sig = true};
	check_error(xreq_ex(&X, &o), 401, "unsigned_request", NULL, "no X-Exdesk-Signature: 401");
	o = (struct xsign){.method = "GET", .target = path, .omit_nonce = true};
	check_error(xreq_ex(&X, &o), 401, "unsigned_request", NULL, "no X-Exdesk-Nonce: 401");
	o = (struct xsign){.method = "GET",
	                   .target = path,
	                   .signature =
	                       "0000000000000000000000000000000000000000000000000000000000000000"};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "a forged signature: 401");
	o = (struct xsign){
	    .method = "GET", .target = path, .secret = "a-secret-that-is-not-the-exchanges-one-00"};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "signed with another secret: 401");
	o = (struct xsign){.method = "GET", .target = path, .key = "someone-else"};
	check_error(xreq_ex(&X, &o), 401, "unknown_key", NULL, "an unknown key id: 401");
	o = (struct xsign){.method = "GET", .target = path, .ts_offset = -400};
	check_error(xreq_ex(&X, &o), 401, "stale_request", NULL, "400 s old: 401");
	o = (struct xsign){.method = "GET", .target = path, .ts_offset = 400};
	check_error(xreq_ex(&X, &o), 401, "stale_request", NULL, "400 s in the future: 401");
	o = (struct xsign){.method = "GET", .target = path, .ts_offset = -280};
	check_status(xreq_ex(&X, &o), 200, "280 s old is inside the window");
	o = (struct xsign){.method = "GET", .target = path, .ts_offset = 280};
	check_status(xreq_ex(&X, &o), 200, "280 s ahead is inside the window");
	o = (struct xsign){.method = "GET", .target = path, .nonce = "short"};
	check_error(xreq_ex(&X, &o), 401, "bad_nonce", NULL, "a nonce under 16 characters: 401");

	/* Replay: the same signed request twice. */
	o = (struct xsign){.method = "GET", .target = path, .nonce = "replay-nonce-0000000000001"};
	check_status(xreq_ex(&X, &o), 200, "a request with a fresh nonce");
	o = (struct xsign){.method = "GET", .target = path, .nonce = "replay-nonce-0000000000001"};
	check_error(xreq_ex(&X, &o), 401, "replayed_request", NULL, "the same nonce again: 401");

	/* Tampering: signed for one thing, sent as another. */
	o = (struct xsign){
	    .method = "GET", .target = "/v1/users/" U_VIP, .sign_target = "/v1/users/" U_NEW};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "another path than signed: 401");
	o = (struct xsign){.method = "GET",
	                   .target = "/v1/users/" U_VIP "/trades?limit=200",
	                   .sign_target = "/v1/users/" U_VIP "/trades?limit=1"};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "another query than signed: 401");
	o = (struct xsign){.method = "GET",
	                   .target = "/v1/users/" U_VIP "/trades?limit=1",
	                   .sign_target = "/v1/users/" U_VIP "/trades"};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "a query added: 401");
	char wd[24];
	snprintf(wd, sizeof wd, "%s", pending_withdrawal(U_FRESH_2FA));
	char *before = db_fingerprint(&X, NULL);
	const char *body = "{\"reason\":\"x\",\"agent\":\"a\",\"idempotency_key\":\"tamper-1\"}";
	o = (struct xsign){.method = "POST",
	                   .target = P("/v1/withdrawals/%s/hold", wd),
	                   .body = body,
	                   .sign_body = "{}"};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "a body other than signed: 401");
	o = (struct xsign){.method = "POST",
	                   .target = P("/v1/withdrawals/%s/hold", wd),
	                   .body = body,
	                   .sign_target = P("/v1/withdrawals/%s/cancel", wd)};
	check_error(xreq_ex(&X, &o), 401, "bad_signature", NULL, "a hold signed as a cancel: 401");
	o = (struct xsign){.method = "POST",
	                   .target = P("/v1/withdrawals/%s/hold", wd),
	                   .body = body,
	                   .ts_offset = -1000};
	check_error(xreq_ex(&X, &o), 401, "stale_request", NULL, "a stale action: 401");
	check_unchanged(&X, before, NULL, "refused signatures changed nothing");
	check_str(jstr(xget(&X, P("/v1/withdrawals/%s", wd))->json, "withdrawal.status"), "pending",
	          "the withdrawal is still pending");
	/* '+' and %-escapes in the query are signed as sent. */
	o = (struct xsign){.method = "GET",
	                   .target = "/v1/deposit-addresses/TON/" TON_SHARED "?memo=%34%34710"};
	r = xreq_ex(&X, &o);
	check_str(jstr(r->json, "address.memo_uid"), U_TON_MEMO, "a %%-encoded memo is decoded");
}

/* ---- actions ---- */

static const char *hold_body(const char *key, const char *reason)
{
	json_t *b = jpack("{s:s,s:s,s:s}", "reason", reason, "agent", "mei.lin@demo.exdesk",
	                  "idempotency_key", key);
	char *t = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	const char *p = P("%s", t);
	free(t);
	return p;
}

static void test_withdrawal_actions(void)
{
	char wd_buf[24];
	snprintf(wd_buf, sizeof wd_buf, "%s", pending_withdrawal(U_POISONED));
	const char *wd = wd_buf;
	const char *reason = "地址投毒：与账簿中的 Ledger 地址首尾相同";
	const char *body = hold_body("hold-poison-1", reason);
	struct resp *r = xpost(&X, P("/v1/withdrawals/%s/hold", wd), body);
	check_status(r, 200, "hold the poisoned withdrawal");
	check_str(jstr(r->json, "withdrawal.status"), "held", "held");
	check_str(jstr(r->json, "withdrawal.reason"), reason, "the Chinese reason byte for byte");
	check_str(jstr(r->json, "withdrawal.actions.0.agent"), "mei.lin@demo.exdesk", "the agent");
	const char *first = P("%s", r->body);
	r = xpost(&X, P("/v1/withdrawals/%s/hold", wd), body);
	check_status(r, 200, "the same hold retried (a new signature, the same key)");
	check_str(r->body, first, "answers the first answer byte for byte");
	check(contains(r->headers, "Idempotent-Replayed: true"), "marked Idempotent-Replayed");
	r = xpost(&X, P("/v1/withdrawals/%s/hold", wd), hold_body("hold-poison-1", "other"));
	check_error(r, 409, "idempotency_conflict", "idempotency_key",
	            "the same key with another body: 409");
	r = xpost(&X, P("/v1/withdrawals/%s/hold", wd), hold_body("hold-poison-2", reason));
	check_error(r, 409, "invalid_state", NULL, "holding a held withdrawal with a new key: 409");
	r = xget(&X, P("/v1/withdrawals/%s", wd));
	check_int((long long)json_array_size(jget(r->json, "withdrawal.actions")), 1,
	          "one hold recorded, not three");

	r = xpost(&X, P("/v1/withdrawals/%s/release", wd),
	          hold_body("release-poison-1", "Пользователь подтвердил адрес по видеосвязи"));
	check_status(r, 200, "release the held withdrawal");
	check_str(jstr(r->json, "withdrawal.status"), "completed", "completed");
	const char *txid = jstr(r->json, "withdrawal.txid");
	check(txid && strlen(txid) == 66 && !strncmp(txid, "0x", 2), "with an ETH-shaped txid");
	check_str(jstr(r->json, "withdrawal.actions.1.reason"),
	          "Пользователь подтвердил адрес по видеосвязи",
	          "the Russian reason byte for byte");
	check_str(balance(U_POISONED, "USDT", "locked"), "0", "the lock is gone");
	check_str(balance(U_POISONED, "USDT", "available"), "25340.5", "available unchanged");
	r = xpost(&X, P("/v1/withdrawals/%s/cancel", wd), hold_body("cancel-poison-1", "late"));
	check_error(r, 409, "invalid_state", NULL, "cancelling a completed withdrawal: 409");
	r = xpost(&X, P("/v1/withdrawals/%s/release", wd), hold_body("release-poison-9", "again"));
	check_error(r, 409, "invalid_state", NULL, "releasing it again with a new key: 409");

	/* The fresh-2FA user's withdrawal: cancelled, the money back. */
	snprintf(wd_buf, sizeof wd_buf, "%s", pending_withdrawal(U_FRESH_2FA));
	r = xpost(&X, P("/v1/withdrawals/%s/release", wd), hold_body("release-2fa-1", "x"));
	check_error(r, 409, "invalid_state", NULL, "releasing a withdrawal that is not held: 409");
	r = xpost(&X, P("/v1/withdrawals/%s/cancel", wd),
	          hold_body("cancel-2fa-1", "2FA を再設定した直後の出金のため取り消し"));
	check_status(r, 200, "cancel the fresh-2FA withdrawal");
	check_str(jstr(r->json, "withdrawal.reason"), "2FA を再設定した直後の出金のため取り消し",
	          "the Japanese reason byte for byte");
	check_str(balance(U_FRESH_2FA, "BTC", "available"), "1.2002", "0.5002 back to available");
	check_str(balance(U_FRESH_2FA, "BTC", "locked"), "0", "nothing locked");
	r = xpost(&X, "/v1/withdrawals/999999/hold", hold_body("hold-none", "x"));
	check_error(r, 404, "withdrawal_not_found", NULL, "holding an unknown withdrawal: 404");
}

static const char *credit_body(const char *key, const char *amount, const char *fee)
{
	return P("{\"uid\":\"%s\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"%s\","
	         "\"fee\":\"%s\",\"txid\":\"%s\",\"agent\":\"recovery-bot\","
	         "\"reason\":\"태그 누락 입금 복구\",\"idempotency_key\":\"%s\"}",
	         U_XRP_MEMO, amount, fee, TX_MISSING_MEMO, key);
}

static void test_credit(void)
{
	char *before = db_fingerprint(&X, NULL);
	struct resp *r = xpost(&X, "/v1/deposits/credit", credit_body("c1", "249", "2"));
	check_error(r, 422, "amount_mismatch", "amount", "amount + fee other than on chain: 422");
	r = xpost(&X, "/v1/deposits/credit", credit_body("c1", "249.0000001", "0.9999999"));
	check_error(r, 422, "invalid_amount", "amount", "more decimals than XRP has: 422");
	check_unchanged(&X, before, NULL, "refused credits stored nothing");

	const char *body = credit_body("recover-xrp-missing-tag", "249", "1");
	r = xpost(&X, "/v1/deposits/credit", body);
	check_status(r, 201, "credit the missing-memo deposit");
	check(json_is_true(jget(r->json, "deposit.recovered")), "marked recovered");
	check_str(jstr(r->json, "deposit.amount"), "249", "amount 249");
	check_str(jstr(r->json, "deposit.fee"), "1", "fee 1");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "749", "500 + 249");
	r = xpost(&X, "/v1/deposits/credit", body);
	check_status(r, 201, "the same credit again answers 201");
	check(contains(r->headers, "Idempotent-Replayed: true"), "as a replay");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "749", "credited once, not twice");
	r = xpost(&X, "/v1/deposits/credit", credit_body("recover-xrp-other-key", "249", "1"));
	check_error(r, 409, "already_credited", "txid", "the same tx under another key: 409");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "749", "still credited once");
	r = xget(&X, "/v1/users/" U_XRP_MEMO "/deposits");
	check_str(jstr(r->json, "deposits.0.txid"), TX_MISSING_MEMO, "visible in the deposits");

	static const struct {
		const char *body, *code, *field, *what;
		int status;
	} refused[] = {
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"BTC\",\"network\":\"BTC\",\"amount\":\"0.75\","
	     "\"txid\":\"" TX_PENDING "\",\"agent\":\"a\",\"idempotency_key\":\"c-pending\"}",
	     "tx_not_confirmed", "txid", "a pending transaction", 409},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"SOL\",\"network\":\"SOL\",\"amount\":\"40\","
	     "\"txid\":\"" TX_FAILED "\",\"agent\":\"a\",\"idempotency_key\":\"c-failed\"}",
	     "tx_failed", "txid", "a failed transaction", 409},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"USDT\",\"network\":\"ETH\",\"amount\":\"1000000\","
	     "\"txid\":\"" TX_UNLISTED "\",\"agent\":\"a\",\"idempotency_key\":\"c-unlisted\"}",
	     "asset_mismatch", "asset", "an unlisted token as USDT", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"ETH\",\"network\":\"ETH\",\"amount\":\"1\","
	     "\"txid\":\"" TX_NOT_FOUND "\",\"agent\":\"a\",\"idempotency_key\":\"c-nf\"}",
	     "tx_not_found", "txid", "a transaction not on chain", 422},
	    {"{\"uid\":\"99999999\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-uid\"}",
	     "user_not_found", "uid", "an unknown uid", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"MARS\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-net\"}",
	     "unknown_network", "network", "an unknown network", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"DOGE\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-asset\"}",
	     "unknown_asset", "asset", "an unlisted asset", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":250,"
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-num\"}",
	     "wrong_type", "amount", "an amount as a JSON number", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"-1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-neg\"}",
	     "invalid_amount", "amount", "a negative amount", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"0\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-zero\"}",
	     "invalid_amount", "amount", "a zero amount", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"not-a-hash\",\"agent\":\"a\",\"idempotency_key\":\"c-tx\"}",
	     "invalid_txid", "txid", "a malformed txid", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\"}",
	     "missing_field", "idempotency_key", "no idempotency key", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-x\","
	     "\"bonus\":true}",
	     "unknown_field", "bonus", "an unknown field", 422},
	    {"{\"uid\":[\"" U_VIP "\"],\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO "\",\"agent\":\"a\",\"idempotency_key\":\"c-arr\"}",
	     "wrong_type", "uid", "uid as an array", 422},
	    {"{\"uid\":\"" U_VIP "\",\"asset\":\"XRP\",\"network\":\"XRP\",\"amount\":\"1\","
	     "\"txid\":\"" TX_MISSING_MEMO
	     "\",\"agent\":\"a\\u0007b\",\"idempotency_key\":\"c-c\"}",
	     "invalid_value", "agent", "a control character in agent", 422},
	};
	before = db_fingerprint(&X, NULL);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		r = xpost(&X, "/v1/deposits/credit", refused[i].body);
		check_error(r, refused[i].status, refused[i].code, refused[i].field, "credit: %s",
		            refused[i].what);
	}
	check_unchanged(&X, before, NULL, "none of those stored anything");
}

static void test_compensation_and_2fa(void)
{
	const char *body = "{\"incident_id\":\"INC-2026-07\",\"uid\":\"" U_NEW_LOGIN "\","
	                   "\"asset\":\"USDT\",\"amount\":\"37.25\","
	                   "\"reason\":\"Bồi thường sự cố khớp lệnh 14:02–14:14 UTC\","
	                   "\"agent\":\"supervisor@demo.exdesk\","
	                   "\"idempotency_key\":\"INC-2026-07:" U_NEW_LOGIN "\"}";
	struct resp *r = xpost(&X, "/v1/compensations", body);
	check_status(r, 201, "pay a compensation");
	check_str(jstr(r->json, "compensation.reason"),
	          "Bồi thường sự cố khớp lệnh 14:02–14:14 UTC",
	          "the Vietnamese reason byte for byte");
	check_str(balance(U_NEW_LOGIN, "USDT", "available"), "1537.25", "1500 + 37.25");
	r = xpost(&X, "/v1/compensations", body);
	check_status(r, 201, "the same compensation retried");
	check_str(balance(U_NEW_LOGIN, "USDT", "available"), "1537.25", "paid exactly once");
	r = xpost(&X, "/v1/compensations",
	          "{\"incident_id\":\"INC-2026-07\",\"uid\":\"" U_NEW_LOGIN "\",\"asset\":\"USDT\","
	          "\"amount\":\"99\",\"reason\":\"x\",\"agent\":\"a\","
	          "\"idempotency_key\":\"INC-2026-07:" U_NEW_LOGIN "\"}");
	check_error(r, 409, "idempotency_conflict", "idempotency_key",
	            "the same incident and user with another amount: 409");
	r = xpost(
	    &X, "/v1/compensations",
	    "{\"incident_id\":\"INC-2026-07\",\"uid\":\"" U_VIP "\",\"asset\":\"USDT\","
	    "\"amount\":\"5\",\"reason\":\"x\",\"agent\":\"a\",\"idempotency_key\":\"free\"}");
	check_error(r, 422, "invalid_value", "idempotency_key",
	            "a compensation key other than INCIDENT:UID: 422");
	check_str(balance(U_NEW_LOGIN, "USDT", "available"), "1537.25", "still paid once");

	r = xpost(&X, "/v1/users/" U_FRESH_2FA "/verify-2fa",
	          "{\"agent\":\"mei.lin@demo.exdesk\",\"idempotency_key\":\"2fa-1\"}");
	check_status(r, 201, "ask for a fresh 2FA confirmation");
	check_str(jstr(r->json, "challenge.status"), "pending", "pending");
	check_str(jstr(r->json, "challenge.method"), "totp", "by authenticator app");
	const char *cid =
	    P("%s", jstr(r->json, "challenge.id") ? jstr(r->json, "challenge.id") : "");
	r = xget(&X, P("/v1/users/" U_FRESH_2FA "/verify-2fa/%s", cid));
	check_str(jstr(r->json, "challenge.status"), "pending", "read back: pending");
	r = xget(&X, P("/v1/users/" U_VIP "/verify-2fa/%s", cid));
	check_error(r, 404, "challenge_not_found", NULL, "another user's challenge: 404");
	r = xpost(&X, P("/v1/demo/2fa-challenges/%s/answer", cid),
	          "{\"result\":\"passed\",\"idempotency_key\":\"answer-1\"}");
	check_status(r, 200, "the user answers (demo control)");
	r = xget(&X, P("/v1/users/" U_FRESH_2FA "/verify-2fa/%s", cid));
	check_str(jstr(r->json, "challenge.status"), "passed", "now passed");
	r = xpost(&X, P("/v1/demo/2fa-challenges/%s/answer", cid),
	          "{\"result\":\"failed\",\"idempotency_key\":\"answer-2\"}");
	check_error(r, 409, "invalid_state", NULL, "answered twice: 409");
	r = xpost(&X, "/v1/users/" U_NEW "/verify-2fa",
	          "{\"agent\":\"a\",\"idempotency_key\":\"2fa-none\"}");
	check_error(r, 409, "two_factor_not_enabled", NULL, "a user without 2FA: 409");
	r = xpost(&X, "/v1/users/99999999/verify-2fa",
	          "{\"agent\":\"a\",\"idempotency_key\":\"2fa-x\"}");
	check_error(r, 404, "user_not_found", NULL, "verify-2fa for an unknown user: 404");
}

/* ---- bad input on the wire ---- */

static void test_bad_input(void)
{
	/* A real withdrawal (the frozen user's cancelled one): the body is judged first. */
	struct resp *w = xget(&X, "/v1/users/" U_FROZEN "/withdrawals");
	char path[64];
	snprintf(path, sizeof path, "/v1/withdrawals/%s/hold",
	         jstr(w->json, "withdrawals.0.id") ? jstr(w->json, "withdrawals.0.id") : "0");
	char *before = db_fingerprint(&X, NULL);
	struct xsign o = {.method = "POST", .target = "/v1/compensations", .body = "{\"uid\":"};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "broken JSON: 400");
	o = (struct xsign){.method = "POST", .target = "/v1/compensations", .body = "[1,2]"};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "an array body: 400");
	o = (struct xsign){.method = "POST", .target = "/v1/compensations", .body = ""};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "an empty body: 400");
	o = (struct xsign){
	    .method = "POST", .target = "/v1/compensations", .body = "{\"reason\":\"\xff\xfe\"}"};
	check_error(xreq_ex(&X, &o), 400, "invalid_utf8", NULL, "invalid UTF-8 in the body: 400");
	o = (struct xsign){
	    .method = "POST", .target = "/v1/compensations", .body = "{\"reason\":\"\xc0\xaf\"}"};
	check_error(xreq_ex(&X, &o), 400, "invalid_utf8", NULL, "an overlong UTF-8 form: 400");
	o = (struct xsign){
	    .method = "POST", .target = "/v1/compensations", .body = "{\"a\":1,\"a\":2}"};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "a duplicated key: 400");
	o = (struct xsign){
	    .method = "POST", .target = "/v1/compensations", .body = "{\"reason\":\"a\\u0000b\"}"};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "an escaped NUL: 400");
	o = (struct xsign){.method = "POST",
	                   .target = "/v1/compensations",
	                   .body = "{}",
	                   .content_type = "text/plain"};
	check_error(xreq_ex(&X, &o), 415, "unsupported_media_type", NULL, "text/plain: 415");
	o = (struct xsign){.method = "POST", .target = path, .body = repeat("x", 70 * 1024)};
	check_error(xreq_ex(&X, &o), 413, "body_too_large", NULL, "a 70 KiB body: 413");
	o = (struct xsign){.method = "POST", .target = path, .body = repeat("y", 1024 * 1024)};
	struct resp *r = xreq_ex(&X, &o);
	check(r->status == 413 || (r->status == 0 && r->curl_err != 0),
	      "a 1 MiB body: 413 or the connection closed (%s)", rdesc(r));
	char deep[4200];
	for (int i = 0; i < 2100; i++)
		deep[i] = '[';
	for (int i = 0; i < 2099; i++)
		deep[2100 + i] = ']';
	deep[4199] = 0;
	o = (struct xsign){.method = "POST", .target = path, .body = deep};
	check_error(xreq_ex(&X, &o), 400, "malformed_json", NULL, "2100 nested arrays: 400");
	r = xpost(
	    &X, path,
	    P("{\"reason\":\"x\",\"agent\":\"a\",\"idempotency_key\":\"%s\"}", repeat("k", 129)));
	check_error(r, 422, "too_long", "idempotency_key", "a 129-byte idempotency key: 422");
	r = xpost(&X, path, "{\"reason\":\"x\",\"agent\":\"a\",\"idempotency_key\":\"a b\"}");
	check_error(r, 422, "invalid_value", "idempotency_key", "a space in the key: 422");
	r = xpost(
	    &X, path,
	    P("{\"reason\":\"%s\",\"agent\":\"a\",\"idempotency_key\":\"k\"}", repeat("理", 167)));
	check_error(r, 422, "too_long", "reason", "a reason of 501 bytes: 422");
	r = xpost(&X, path, "{\"reason\":\"\",\"agent\":\"a\",\"idempotency_key\":\"k\"}");
	check_error(r, 422, "invalid_value", "reason", "an empty reason: 422");
	r = xpost(&X, path, "{\"reason\":7,\"agent\":\"a\",\"idempotency_key\":\"k\"}");
	check_error(r, 422, "wrong_type", "reason", "a number as reason: 422");
	r = xpost(&X, path, "{\"agent\":\"a\",\"idempotency_key\":\"k\"}");
	check_error(r, 422, "missing_field", "reason", "no reason: 422");
	r = xpost(&X, "/v1/demo/withdrawals",
	          "{\"uid\":\"" U_FROZEN
	          "\",\"asset\":\"ETH\",\"network\":\"ETH\",\"amount\":\"0.1\","
	          "\"address\":\"" BOOK_U1 "\",\"idempotency_key\":\"frozen-wd\"}");
	check_error(r, 409, "account_frozen", NULL, "a withdrawal from the frozen account: 409");
	check_unchanged(&X, before, NULL, "bad input stored nothing");
	check_str(jstr(xget(&X, path)->json, "error.code"), "method_not_allowed",
	          "and the server still answers");
}

/* ---- webhooks ---- */

static bool hook_signed(const struct sink_item *it)
{
	char sig[65];
	xsign_compute(XS_WEBHOOK_SECRET, "POST", it->target, it->key, atoll(it->ts), it->nonce,
	              it->body, it->body_len, sig);
	return !strcmp(sig, it->sig);
}

static int find_event(const char *type, const char *needle, struct sink_item *out)
{
	for (int i = sink_count(hooks) - 1; i >= 0; i--) {
		struct sink_item it;
		if (sink_item(hooks, i, &it) && it.answered == 200 && !strcmp(it.event, type) &&
		    (!needle || contains(it.body, needle))) {
			*out = it;
			return i;
		}
	}
	return -1;
}

static void test_webhooks(void)
{
	/* The seed announces 5 events; the sink failed the first 2 deliveries. */
	check(sink_wait(hooks, 5, 20), "the 5 seed events arrive despite 2 failed deliveries");
	int n = sink_count(hooks), failed = 0, bad_sig = 0;
	for (int i = 0; i < n; i++) {
		struct sink_item it;
		sink_item(hooks, i, &it);
		failed += it.answered != 200;
		bad_sig += !hook_signed(&it);
	}
	check_int(failed, 2, "two deliveries were answered 500 and retried");
	check_int(bad_sig, 0, "every webhook is signed with the exchange's webhook secret");
	struct sink_item it, it0;
	sink_item(hooks, 0, &it0);
	check_str(it0.target, "/hooks/exchange?v=1",
	          "signed over the path and query it was sent to");
	check_str(it0.key, XS_WEBHOOK_KEY, "with the webhook key id");
	int retried = find_event(it0.event, it0.event_id, &it);
	check(retried > 0, "the first failed event came again with the same event id");
	check(find_event("withdrawal.pending", POISON, &it) >= 0,
	      "withdrawal.pending for the lookalike address");
	check(find_event("withdrawal.pending", U_FRESH_2FA, &it) >= 0,
	      "withdrawal.pending after the 2FA reset");
	check(find_event("login.new_country", "\"NG\"", &it) >= 0, "login.new_country from NG");
	if (find_event("deposit.seen", TX_MISSING_MEMO, &it) >= 0) {
		check_str(jstr(it.json, "data.deposit.memo_status"), "missing",
		          "deposit.seen without memo: memo_status missing");
		check(jisnull(it.json, "data.deposit.uid"), "and no uid");
		check_str(jstr(it.json, "type"), "deposit.seen", "the envelope names its type");
		check(jstr(it.json, "id") && !strcmp(jstr(it.json, "id"), it.event_id),
		      "the envelope id is X-Exdesk-Event-Id");
	} else {
		check(false, "deposit.seen for the missing-memo XRP deposit");
	}
	if (find_event("deposit.seen", TX_WRONG_MEMO, &it) >= 0)
		check_str(jstr(it.json, "data.deposit.memo_status"), "unknown",
		          "deposit.seen with a wrong memo: memo_status unknown");
	else
		check(false, "deposit.seen for the wrong-memo TON deposit");

	/* Demo controls raise the webhooks a real exchange would. */
	int had = sink_count(hooks);
	struct resp *r = xpost(&X, "/v1/demo/withdrawals",
	                       "{\"uid\":\"" U_VIP "\",\"asset\":\"USDT\",\"network\":\"ETH\","
	                       "\"amount\":\"1000\",\"fee\":\"4.5\",\"address\":\"" POISON "\","
	                       "\"idempotency_key\":\"demo-wd-1\"}");
	check_status(r, 201, "a demo withdrawal request");
	check_str(balance(U_VIP, "USDT", "locked"), "1004.5", "locks amount + fee");
	r = xpost(&X, "/v1/demo/chain/XRP/txs",
	          "{\"txid\":\"AB12000000000000000000000000000000000000000000000000000000000001\","
	          "\"to_address\":\"" XRP_SHARED "\",\"asset\":\"XRP\",\"amount\":\"12\","
	          "\"sender\":\"rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4\",\"confirmations\":3,"
	          "\"idempotency_key\":\"demo-tx-1\"}");
	check_status(r, 201, "a demo deposit without memo to the shared address");
	check(jisnull(r->json, "deposit"), "not credited to anyone");
	r = xpost(&X, "/v1/demo/chain/XRP/txs",
	          "{\"txid\":\"AB12000000000000000000000000000000000000000000000000000000000002\","
	          "\"to_address\":\"" XRP_SHARED "\",\"memo\":\"104729\",\"asset\":\"XRP\","
	          "\"amount\":\"8\",\"sender\":\"rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4\","
	          "\"confirmations\":3,\"idempotency_key\":\"demo-tx-2\"}");
	check_str(jstr(r->json, "deposit.status"), "credited", "with the right memo: credited");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "757", "749 + 8");
	r = xpost(&X, "/v1/demo/logins",
	          "{\"uid\":\"" U_TON_MEMO "\",\"device_id\":\"pc-77\",\"ip\":\"192.0.2.8\","
	          "\"country\":\"BR\",\"user_agent\":\"Mozilla/5.0\",\"idempotency_key\":\"l-1\"}");
	check(json_is_true(jget(r->json, "login.new_country")), "a login from BR is new");
	r = xpost(&X, "/v1/demo/incidents",
	          "{\"id\":\"INC-2026-08\",\"title\":\"Matching engine delay\","
	          "\"products\":[\"spot\",\"futures\"],\"description\":\"Orders delayed.\","
	          "\"starts_at\":\"2026-11-22T14:02:00Z\",\"ends_at\":\"2026-11-22T14:14:00Z\","
	          "\"idempotency_key\":\"inc-8\"}");
	check_status(r, 201, "an incident declared");
	check(sink_wait(hooks, 5 + 5, 15), "their five webhooks arrive");
	check(sink_count(hooks) >= had + 5, "five more deliveries");
	check(find_event("withdrawal.pending", "demo-wd-1", &it) < 0, "keys are not leaked");
	check(find_event("incident.declared", "INC-2026-08", &it) >= 0, "incident.declared");
	check(find_event("login.new_country", "\"BR\"", &it) >= 0, "login.new_country for BR");
	check(find_event("deposit.seen",
	                 "AB12000000000000000000000000000000000000000000000000000000000001",
	                 &it) >= 0 &&
	          contains(it.body, "\"memo_status\":\"missing\""),
	      "deposit.seen without memo");
	check(find_event("withdrawal.pending", "\"uid\":\"" U_VIP "\"", &it) >= 0,
	      "withdrawal.pending for the demo withdrawal");
}

/* ---- restart ---- */

static void test_restart(void)
{
	srv_signal(&X, SIGTERM);
	int st = srv_wait(&X, 10);
	check(st == 0, "SIGTERM: the demo exchange exits 0");
	check(xsrv_restart(&X, NULL) == 0, "it starts again on the same data");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "757", "balances kept");
	struct resp *r = xget(&X, "/v1/users/" U_POISONED "/withdrawals?limit=1");
	check_str(jstr(r->json, "withdrawals.0.status"), "completed", "the release kept");
	r = xpost(&X, "/v1/deposits/credit", credit_body("recover-xrp-missing-tag", "249", "1"));
	check_status(r, 201, "the first credit retried after the restart");
	check(contains(r->headers, "Idempotent-Replayed: true"), "answered from the stored result");
	check_str(balance(U_XRP_MEMO, "XRP", "available"), "757", "and still credited once");
	r = xget(&X, "/v1/users/" U_VIP "/trades?limit=200");
	check_int((long long)json_array_size(jget(r->json, "trades")), 60, "not seeded twice");
}

int main(void)
{
	h_init(180);
	hooks = sink_start(2);
	xsrv_start(&X, sink_url(hooks));
	test_health_and_users();
	test_lists();
	test_chain();
	test_addresses();
	test_signatures();
	test_withdrawal_actions();
	test_credit();
	test_compensation_and_2fa();
	test_bad_input();
	test_webhooks();
	test_restart();
	int rc = h_finish();
	sink_stop(hooks);
	return rc;
}
