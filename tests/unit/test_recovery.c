/* test_recovery.c — deposit-recovery classification (src/core/recovery.h): every case code from
 * the facts a connector would report for a real mistake, what the default policy then does
 * (wait with an expected time, credit minus the fee, close with an explanation, or route to the
 * Recovery group with a quote and an SLA), the second-approval boundary, and the agent's
 * summary. Fee arithmetic, policy validation and the message keys: test_recovery_policy.c; the
 * form: test_recovery_intake.c.
 *
 * The addresses are the validators' test addresses (tests/unit/test_address_cases.c): every one
 * passes address_check on its network, so a case here could have come through the form. */
#include "core/recovery.h"
#include "unit_main.h"
#include "util/utf8.h"

#include <stdint.h>

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define NOW     INT64_C(1750000000000) /* 2025-06-15 15:06:40 UTC */
#define MIN_MS  INT64_C(60000)
#define HOUR_MS (60 * MIN_MS)
#define DAY_MS  (24 * HOUR_MS)

#define ETH_ADDR  "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define USDT_ERC  "0xdAC17F958D2ee523a2206206994597C13D831ec7" /* Tether's ERC-20 contract */
#define XRP_ADDR  "rJrRMgiRgrU6hDF4pgu5DXQdWyPbY35ErN"
#define TON_ADDR  "EQDlZ1T4NCb2mwkme9h2rJfESCE0W34ma9lWp7-_uY3zXMSi"
#define ATOM_ADDR "cosmos1xxkueklal9vejv9unqu80w9vptyepfa95pd53u"
#define P2SH_ADDR "36j4NfKv6Akva9amjWrLG6MuSQym1GuEmm" /* valid on Bitcoin and Litecoin */
#define TRON_ADDR "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
#define BTC_ADDR  "bc1qvyq0cc6rahyvsazfdje0twl7ez82ndmuac2lhv"
#define EVM_TX    "0x2f1c5c2b44f771e942a8506148e256f94f1a464babc938ae0690c6e34cd79190"
#define HEX_TX    "E56754F83426F69B09267BD876AC97C44821345B7E266BD956A7BFBFB98DF35C"

static struct amount amt(const char *s)
{
	struct amount a;
	ck_assert_int_eq(amount_parse(s, strlen(s), 18, &a), AMOUNT_OK);
	return a;
}

static const char *fmt(struct amount a)
{
	static char buf[4][AMOUNT_TEXT_MAX];
	static int k;
	char *p = buf[k++ % 4];
	amount_format(a, p);
	return p;
}

/* A deposit with nothing wrong: 250 USDT on Ethereum to the claimant's own address, final for
 * five minutes, not credited yet. Each scenario changes what its mistake changes. */
static struct recovery_facts base(void)
{
	struct recovery_facts f = {0};
	f.claimant_uid = "10001";
	f.claimant_uid_len = 5;
	f.claimed_net = ADDRESS_NET_ETH;
	f.claimed_address_ours = true;
	f.asset = "USDT";
	f.asset_len = 4;
	f.asset_decimals = 6;
	f.submitted_at_ms = NOW - 10 * MIN_MS;
	f.now_ms = NOW;
	f.tx_found = true;
	f.tx_net = ADDRESS_NET_ETH;
	f.txid = EVM_TX;
	f.txid_len = strlen(EVM_TX);
	f.tx_status = RECOVERY_TX_SUCCESS;
	f.tx_origin = RECOVERY_ORIGIN_DEPOSIT;
	f.confirmations = 70;
	f.confirmations_required = 64;
	f.confirmed_at_ms = NOW - 5 * MIN_MS;
	f.token_listed = true;
	f.amount = amt("250");
	f.dest_address = ETH_ADDR;
	f.dest_address_len = strlen(ETH_ADDR);
	f.dest_ours = true;
	f.dest_net = ADDRESS_NET_ETH;
	f.dest_uid = "10001";
	f.dest_uid_len = 5;
	f.user_matched = true;
	f.value_known = true;
	f.value_minor = 25000; /* $250.00 */
	return f;
}

/* The shared (omnibus) address of a memo network; the claimant's memo is 123456. */
static void shared(struct recovery_facts *f, enum address_network net, const char *addr,
                   const char *asset, const char *amount, uint64_t value)
{
	f->claimed_net = f->tx_net = f->dest_net = net;
	f->dest_address = addr;
	f->dest_address_len = strlen(addr);
	f->dest_shared_memo = true;
	f->dest_uid = NULL;
	f->dest_uid_len = 0;
	f->expected_memo = "123456";
	f->expected_memo_len = 6;
	f->asset = asset;
	f->asset_len = strlen(asset);
	f->asset_decimals = 6;
	f->amount = amt(amount);
	f->value_minor = value;
	f->confirmations = f->confirmations_required = 1;
	f->txid = HEX_TX;
	f->txid_len = strlen(HEX_TX);
}

static bool key_listed(const char *key)
{
	for (size_t i = 0; i < recovery_message_key_count(); i++)
		if (strcmp(recovery_message_key_at(i), key) == 0)
			return true;
	return false;
}

/* What every decision must satisfy whatever the case. */
static void check_decision(const struct recovery_facts *f, const struct recovery_decision *d)
{
	ck_assert_ptr_nonnull(d->message_key);
	ck_assert_msg(key_listed(d->message_key), "key %s not listed", d->message_key);
	ck_assert_int_eq(d->automatic, d->action != RECOVERY_ROUTE);
	ck_assert_int_eq(d->manual_reason == NULL, d->action != RECOVERY_ROUTE);
	ck_assert_uint_eq(d->summary_len, strlen(d->summary));
	ck_assert(utf8_valid(d->summary, d->summary_len, false));
	ck_assert_uint_lt(d->summary_len, RECOVERY_SUMMARY_MAX);
	ck_assert_ptr_nonnull(strstr(d->summary, recovery_case_code(d->code)));
	if (d->action == RECOVERY_CREDIT || (d->action == RECOVERY_ROUTE && d->quote.known)) {
		struct amount sum;
		ck_assert(amount_add(d->quote.fee_amount, d->quote.credit_amount, &sum));
		ck_assert_int_eq(amount_cmp(sum, f->amount), 0);
		ck_assert_uint_le(d->quote.fee_minor, d->quote.value_minor);
	}
	if (d->action == RECOVERY_ROUTE && d->sla_ms > 0)
		ck_assert_int_eq(d->sla_due_at_ms, f->now_ms + d->sla_ms);
}

static struct recovery_decision decide(const struct recovery_facts *f,
                                       const struct recovery_policy *p)
{
	struct recovery_decision d;
	ck_assert_int_eq(recovery_classify(f, p, &d), RECOVERY_OK);
	check_decision(f, &d);
	return d;
}

/* ------------------------------------------------------------------ scenarios */

struct scenario {
	const char *name;
	void (*setup)(struct recovery_facts *f, struct recovery_policy *p);
	enum recovery_case code;
	enum recovery_action action;
	const char *key;
	const char *reason; /* for ROUTE */
};

static void s_nothing(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)f, (void)p;
}
static void s_pending_btc(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->claimed_net = f->tx_net = f->dest_net = ADDRESS_NET_BTC;
	f->asset = "BTC";
	f->asset_len = 3;
	f->amount = amt("0.015");
	f->dest_address = BTC_ADDR;
	f->dest_address_len = strlen(BTC_ADDR);
	f->tx_status = RECOVERY_TX_PENDING;
	f->confirmations = 1;
	f->confirmations_required = 2;
	f->confirmed_at_ms = 0;
}
static void s_failed(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_status = RECOVERY_TX_FAILED; /* reverted: out of gas */
}
static void s_maint(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->deposits_suspended = true;
	f->maint_until_ms = NOW + 3 * HOUR_MS;
}
static void s_memo_missing_xrp(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	shared(f, ADDRESS_NET_XRP, XRP_ADDR, "XRP", "500", 25000);
}
static void s_memo_missing_ton(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	shared(f, ADDRESS_NET_TON, TON_ADDR, "TON", "80", 25000);
	f->memo = "  "; /* a comment of spaces is no comment */
	f->memo_len = 2;
}
static void s_memo_missing_atom(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	shared(f, ADDRESS_NET_ATOM, ATOM_ADDR, "ATOM", "50", 25000);
}
static void s_memo_wrong_xrp(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	shared(f, ADDRESS_NET_XRP, XRP_ADDR, "XRP", "500", 25000);
	f->memo = "12345"; /* one digit short, a tag nobody has */
	f->memo_len = 5;
}
static void s_memo_wrong_atom_other_user(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	shared(f, ADDRESS_NET_ATOM, ATOM_ADDR, "ATOM", "50", 25000);
	f->memo = "654321"; /* another user's memo: the exchange credited them */
	f->memo_len = 6;
	f->credited = true;
	f->credited_uid = "20002";
	f->credited_uid_len = 5;
}
static void s_memo_not_matched(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	f->user_matched = false;
}
static void s_memo_pending(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_ton(f, p);
	f->tx_status = RECOVERY_TX_PENDING;
	f->confirmations = 0;
}
static void s_memo_auto_off(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	p->auto_credit = false;
}
static void s_memo_no_claimant(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	f->claimant_uid = NULL;
	f->claimant_uid_len = 0;
}
static void s_memo_no_value(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	f->value_known = false;
}
static void s_memo_below_deposit_min(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	f->min_deposit = amt("1000");
}
static void s_memo_fee_eats_all(struct recovery_facts *f, struct recovery_policy *p)
{
	s_memo_missing_xrp(f, p);
	f->value_minor = 300; /* $3 against a $5 minimum fee charged from the first cent */
	p->cases[RECOVERY_MEMO_MISSING].fee.free_up_to_minor = 0;
}
static void s_same_fmt(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_net = ADDRESS_NET_BSC; /* USDT withdrawn as BEP20 to an ERC20 deposit address */
	f->asset_decimals = 18;
	f->amount = amt("1200");
	f->value_minor = 120000;
}
static void s_incompat_claim(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->claimed_net = ADDRESS_NET_TRON; /* "my TRC20 address", but the coins went out on BTC */
	f->tx_net = ADDRESS_NET_BTC;
	f->dest_ours = false;
	f->dest_address = BTC_ADDR;
	f->dest_address_len = strlen(BTC_ADDR);
}
static void s_incompat_held(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_net = ADDRESS_NET_TRON; /* the T... form of our Ethereum key: same 20 bytes */
	f->dest_address = TRON_ADDR;
	f->dest_address_len = strlen(TRON_ADDR);
}
static void s_wrong_asset(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->claimed_net = ADDRESS_NET_BTC;
	f->tx_net = ADDRESS_NET_LTC; /* LTC to our BTC P2SH address */
	f->dest_net = ADDRESS_NET_BTC;
	f->dest_address = P2SH_ADDR;
	f->dest_address_len = strlen(P2SH_ADDR);
	f->asset = "LTC";
	f->asset_len = 3;
	f->asset_decimals = 8;
}
static void s_unlisted(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->token_listed = false;
	f->asset = "sUSD";
	f->asset_len = 4;
	f->asset_decimals = RECOVERY_DECIMALS_UNKNOWN;
}
static void s_contract(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->dest_ours = false;
	f->dest_is_contract = true;
	f->dest_address = USDT_ERC;
	f->dest_address_len = strlen(USDT_ERC);
}
static void s_contract_pioneer_small(struct recovery_facts *f, struct recovery_policy *p)
{
	s_contract(f, p);
	p->cases[RECOVERY_CONTRACT_ADDRESS].handling = RECOVERY_HANDLE_ROUTE;
	p->cases[RECOVERY_CONTRACT_ADDRESS].min_value_minor = 100000; /* $1,000 */
	f->value_minor = 99999;
}
static void s_contract_pioneer_large(struct recovery_facts *f, struct recovery_policy *p)
{
	s_contract_pioneer_small(f, p);
	f->value_minor = 100000;
}
static void s_expired(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->dest_expired = true;
}
static void s_below_min(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->amount = amt("0.5");
	f->min_deposit = amt("1");
	f->value_minor = 50;
}
static void s_obfuscated(struct recovery_facts *f, struct recovery_policy *p)
{
	s_pending_btc(f, p);
	f->tx_status = RECOVERY_TX_SUCCESS;
	f->confirmations = 3;
	f->obfuscated = true;
}
static void s_hot_wallet(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->dest_hot_wallet = true;
	f->dest_uid = NULL;
	f->dest_uid_len = 0;
}
static void s_not_ours(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->dest_ours = false; /* a typo'd address that happened to be valid */
	f->claimed_address_ours = false;
}
static void s_withdrawal(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_origin = RECOVERY_ORIGIN_OWN_WITHDRAWAL;
	f->dest_ours = false;
}
static void s_returned(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_origin = RECOVERY_ORIGIN_RETURNED_WITHDRAWAL;
	f->dest_hot_wallet = true;
}
static void s_not_found_early(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_found = false;
	f->submitted_at_ms = NOW - DAY_MS + 1;
}
static void s_not_found_late(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->tx_found = false;
	f->submitted_at_ms = NOW - DAY_MS;
}
static void s_credited(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->credited = true;
	f->credited_uid = "10001";
	f->credited_uid_len = 5;
}
static void s_other_user(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->dest_uid = "30003";
	f->dest_uid_len = 5;
}
static void s_uncredited_late(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->confirmed_at_ms = NOW - HOUR_MS;
}
static void s_uncredited_unknown(struct recovery_facts *f, struct recovery_policy *p)
{
	(void)p;
	f->confirmed_at_ms = 0;
}
static void s_unlisted_closed(struct recovery_facts *f, struct recovery_policy *p)
{
	s_unlisted(f, p);
	p->cases[RECOVERY_UNLISTED_TOKEN].handling = RECOVERY_HANDLE_CLOSE;
}

#define SC(name, fn, code, act, key, reason)                                                       \
	{                                                                                          \
		name, fn, RECOVERY_##code, RECOVERY_##act, key, reason                             \
	}

/* clang-format off */
static const struct scenario scenarios[] = {
	SC("nothing wrong, final 5 min ago: wait for the credit", s_nothing,
	   UNCREDITED, WAIT, "recovery.uncredited.wait", NULL),
	SC("BTC 1 of 2 confirmations", s_pending_btc,
	   PENDING_CONF, WAIT, "recovery.pending_conf.wait", NULL),
	SC("reverted on chain", s_failed,
	   CHAIN_FAILED, CLOSE, "recovery.chain_failed.closed", NULL),
	SC("deposits suspended for maintenance", s_maint,
	   CHANNEL_MAINT, WAIT, "recovery.channel_maint.wait", NULL),
	SC("XRP without a destination tag to the shared address", s_memo_missing_xrp,
	   MEMO_MISSING, CREDIT, "recovery.memo_missing.credited", NULL),
	SC("TON with a blank comment to the shared address", s_memo_missing_ton,
	   MEMO_MISSING, CREDIT, "recovery.memo_missing.credited", NULL),
	SC("ATOM without a memo to the shared address", s_memo_missing_atom,
	   MEMO_MISSING, CREDIT, "recovery.memo_missing.credited", NULL),
	SC("XRP with a tag nobody has", s_memo_wrong_xrp,
	   MEMO_WRONG, CREDIT, "recovery.memo_wrong.credited", NULL),
	SC("ATOM with another user's memo, credited to them", s_memo_wrong_atom_other_user,
	   MEMO_WRONG, ROUTE, "recovery.memo_wrong.review", "credited_to_other_user"),
	SC("memo missing, deposit not matched to the claimant", s_memo_not_matched,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "user_not_matched"),
	SC("memo missing, still in the mempool", s_memo_pending,
	   MEMO_MISSING, WAIT, "recovery.memo_missing.wait", NULL),
	SC("memo missing, automatic credits switched off", s_memo_auto_off,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "auto_credit_disabled"),
	SC("memo missing, claimant not a known user", s_memo_no_claimant,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "claimant_unknown"),
	SC("memo missing, no price for the asset", s_memo_no_value,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "value_unknown"),
	SC("memo missing, under the minimum deposit", s_memo_below_deposit_min,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "below_min_deposit"),
	SC("memo missing, the minimum fee takes it all", s_memo_fee_eats_all,
	   MEMO_MISSING, ROUTE, "recovery.memo_missing.review", "fee_exceeds_value"),
	SC("USDT sent on BSC to an ERC20 deposit address", s_same_fmt,
	   WRONG_NETWORK_SAME_FMT, ROUTE, "recovery.wrong_network_same_fmt.review", "policy"),
	SC("TRON deposit address named, coins went out on BTC", s_incompat_claim,
	   WRONG_NETWORK_INCOMPAT, CLOSE, "recovery.wrong_network_incompat.closed", NULL),
	SC("TRON transfer to the T-form of our Ethereum key", s_incompat_held,
	   WRONG_NETWORK_INCOMPAT, ROUTE, "recovery.wrong_network_incompat.review", "funds_held"),
	SC("LTC sent to our BTC P2SH address", s_wrong_asset,
	   WRONG_ASSET_SAME_ADDR, ROUTE, "recovery.wrong_asset_same_addr.review", "policy"),
	SC("a token the exchange does not list", s_unlisted,
	   UNLISTED_TOKEN, ROUTE, "recovery.unlisted_token.review", "policy"),
	SC("unlisted token under a closing policy, coins held", s_unlisted_closed,
	   UNLISTED_TOKEN, ROUTE, "recovery.unlisted_token.review", "funds_held"),
	SC("sent to Tether's own contract", s_contract,
	   CONTRACT_ADDRESS, CLOSE, "recovery.contract_address.closed", NULL),
	SC("contract, Pioneer-Burn-style policy, $999.99", s_contract_pioneer_small,
	   CONTRACT_ADDRESS, CLOSE, "recovery.below_recovery_minimum.closed", NULL),
	SC("contract, Pioneer-Burn-style policy, $1,000.00", s_contract_pioneer_large,
	   CONTRACT_ADDRESS, ROUTE, "recovery.contract_address.review", "policy"),
	SC("an address the exchange retired", s_expired,
	   EXPIRED_ADDRESS, ROUTE, "recovery.expired_address.review", "policy"),
	SC("0.5 under a minimum deposit of 1", s_below_min,
	   BELOW_MIN, ROUTE, "recovery.below_min.review", "policy"),
	SC("CoinJoin inputs", s_obfuscated,
	   OBFUSCATED, ROUTE, "recovery.obfuscated.review", "policy"),
	SC("straight to an exchange hot wallet", s_hot_wallet,
	   HOT_WALLET_DIRECT, ROUTE, "recovery.hot_wallet_direct.review", "policy"),
	SC("to an address that is not the exchange's", s_not_ours,
	   NOT_EXCHANGE_ADDR, CLOSE, "recovery.not_exchange_addr.closed", NULL),
	SC("the claimant's own withdrawal to a wrong address", s_withdrawal,
	   WITHDRAWAL_WRONG_ADDR, CLOSE, "recovery.withdrawal_wrong_addr.closed", NULL),
	SC("a withdrawal the destination sent back", s_returned,
	   RETURNED_WITHDRAWAL, ROUTE, "recovery.returned_withdrawal.review", "policy"),
	SC("not found, 1 ms before the deadline", s_not_found_early,
	   TX_NOT_FOUND, WAIT, "recovery.tx_not_found.wait", NULL),
	SC("not found 24 h after the form", s_not_found_late,
	   TX_NOT_FOUND, CLOSE, "recovery.tx_not_found.closed", NULL),
	SC("already credited to the claimant", s_credited,
	   ALREADY_CREDITED, CLOSE, "recovery.already_credited.closed", NULL),
	SC("to another user's own deposit address", s_other_user,
	   OTHER_USER_ADDR, ROUTE, "recovery.other_user_addr.review", "policy"),
	SC("final an hour ago and still not credited", s_uncredited_late,
	   UNCREDITED, ROUTE, "recovery.uncredited.review", "not_credited_after_grace"),
	SC("not credited, finality time unknown", s_uncredited_unknown,
	   UNCREDITED, ROUTE, "recovery.uncredited.review", "confirmation_time_unknown"),
};
/* clang-format on */

START_TEST(scenario)
{
	const struct scenario *sc = &scenarios[_i];
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	sc->setup(&f, &p);
	ck_assert_int_eq(recovery_policy_check(&p, NULL), RECOVERY_OK);
	struct recovery_decision d = decide(&f, &p);
	ck_assert_msg(d.code == sc->code, "code %s, want %s", recovery_case_code(d.code),
	              recovery_case_code(sc->code));
	ck_assert_msg(d.action == sc->action, "action %s, want %s", recovery_action_name(d.action),
	              recovery_action_name(sc->action));
	ck_assert_str_eq(d.message_key, sc->key);
	if (sc->reason != NULL)
		ck_assert_str_eq(d.manual_reason, sc->reason);
}
END_TEST

/* Every code of the enum is reached by some scenario above. */
START_TEST(every_code_reached)
{
	bool seen[RECOVERY_CASE_COUNT] = {false};
	for (int i = 0; i < NCASES(scenarios); i++) {
		struct recovery_facts f = base();
		struct recovery_policy p = recovery_policy_default;
		scenarios[i].setup(&f, &p);
		seen[decide(&f, &p).code] = true;
	}
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++)
		ck_assert_msg(seen[c], "%s never reached", recovery_case_code(c));
}
END_TEST

/* ------------------------------------------------------------------ what each answer says */

START_TEST(pending_eta)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_pending_btc(&f, &p);
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + 600000); /* one BTC block to go */
	f.confirmations = 0;                                   /* still in the mempool */
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + 2 * 600000);
	/* the chain still says pending at the required count: one more block */
	f.confirmations = 2;
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + 600000);
	/* the largest count and block time stay exact; a clock near int64's end saturates */
	f.confirmations = 0;
	f.confirmations_required = UINT32_MAX;
	p.block_ms[ADDRESS_NET_BTC] = DAY_MS;
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + (int64_t)UINT32_MAX * DAY_MS);
	f.now_ms = INT64_MAX - DAY_MS;
	ck_assert_int_eq(decide(&f, &p).eta_ms, INT64_MAX);
}
END_TEST

START_TEST(waits_say_until_when)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW - 5 * MIN_MS + HOUR_MS); /* the grace */
	s_maint(&f, &p);
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + 3 * HOUR_MS);
	f = base();
	s_not_found_early(&f, &p);
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + 1);
	f.submitted_at_ms = 0; /* unknown: counted from now */
	ck_assert_int_eq(decide(&f, &p).eta_ms, NOW + DAY_MS);
}
END_TEST

/* 500 XRP worth $250: 5% is $12.50, so 25 XRP; 475 XRP credited. */
START_TEST(memo_credit_amounts)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_memo_missing_xrp(&f, &p);
	struct recovery_decision d = decide(&f, &p);
	ck_assert_int_eq(d.quote.fee_minor, 1250);
	ck_assert_str_eq(fmt(d.quote.fee_amount), "25");
	ck_assert_str_eq(fmt(d.quote.credit_amount), "475");
	ck_assert(!d.second_approval);
	ck_assert_ptr_nonnull(strstr(d.summary, "credit 475 XRP"));
	ck_assert_ptr_nonnull(strstr(d.summary, "fee 12.50 USD of 250.00 USD"));
	/* at $100 or less nothing is charged (Coinbase's threshold) */
	f.value_minor = 10000;
	d = decide(&f, &p);
	ck_assert(d.quote.waived);
	ck_assert_str_eq(fmt(d.quote.credit_amount), "500");
}
END_TEST

/* A tag written with leading zeros is the same tag: the deposit was right all along. */
START_TEST(memo_compared_in_normal_form)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_memo_missing_xrp(&f, &p);
	f.memo = "00123456";
	f.memo_len = 8;
	ck_assert_int_eq(decide(&f, &p).code, RECOVERY_UNCREDITED);
	f.memo = "123456 "; /* trailing space from a copy */
	f.memo_len = 7;
	ck_assert_int_eq(decide(&f, &p).code, RECOVERY_UNCREDITED);
	/* TON comments are text: case matters */
	s_memo_missing_ton(&f, &p);
	f.expected_memo = "Abc123";
	f.expected_memo_len = 6;
	f.memo = "abc123";
	f.memo_len = 6;
	ck_assert_int_eq(decide(&f, &p).code, RECOVERY_MEMO_WRONG);
	/* the claimant's memo unknown: any memo on chain is a wrong one */
	f.memo = "Abc123";
	f.expected_memo = NULL;
	f.expected_memo_len = 0;
	ck_assert_int_eq(decide(&f, &p).code, RECOVERY_MEMO_WRONG);
}
END_TEST

/* Second approval strictly above $5,000.00: at the threshold the credit goes straight through. */
START_TEST(second_approval_boundary)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_memo_missing_xrp(&f, &p);
	f.amount = amt("10000");
	f.value_minor = 500000;
	struct recovery_decision d = decide(&f, &p);
	ck_assert_int_eq(d.action, RECOVERY_CREDIT);
	ck_assert(!d.second_approval);
	ck_assert_str_eq(d.message_key, "recovery.memo_missing.credited");

	f.value_minor = 500001;
	d = decide(&f, &p);
	ck_assert_int_eq(d.action, RECOVERY_CREDIT);
	ck_assert(d.second_approval);
	ck_assert(d.automatic);
	ck_assert_str_eq(d.message_key, "recovery.memo_missing.approval");
	ck_assert_ptr_nonnull(strstr(d.summary, "second agent approves (value above 5000.00 USD)"));

	p.second_approval_above_minor = 0; /* every credit needs two people */
	f.value_minor = 10001;
	ck_assert(decide(&f, &p).second_approval);
}
END_TEST

START_TEST(routed_cases_carry_quote_and_sla)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_same_fmt(&f, &p); /* 1200 USDT worth $1,200.00 */
	struct recovery_decision d = decide(&f, &p);
	ck_assert_int_eq(d.sla_ms, 7 * DAY_MS);
	ck_assert_int_eq(d.sla_due_at_ms, NOW + 7 * DAY_MS);
	ck_assert(d.quote.known);
	ck_assert_int_eq(d.quote.fee_minor, 6000);
	ck_assert_str_eq(fmt(d.quote.fee_amount), "60");
	ck_assert_str_eq(fmt(d.quote.credit_amount), "1140");
	ck_assert_ptr_nonnull(strstr(d.summary, "on BSC"));
	ck_assert_ptr_nonnull(strstr(d.summary, "target 168 h"));

	s_memo_not_matched(&f, &p);
	d = decide(&f, &p);
	ck_assert_int_eq(d.sla_ms, 2 * DAY_MS);

	f.value_known = false;
	d = decide(&f, &p);
	ck_assert(!d.quote.known);
	ck_assert_ptr_nonnull(strstr(d.summary, "no fee quote"));
}
END_TEST

/* ------------------------------------------------------------------ bad input */

/* Nothing automatic on input nobody can trust: a person looks. */
START_TEST(invalid_input)
{
	struct recovery_decision d;
	struct recovery_policy p = recovery_policy_default;
	struct recovery_facts f = base();

	p.not_found_close_after_ms = 0;
	ck_assert_int_eq(recovery_classify(&f, &p, &d), RECOVERY_ERR_POLICY);
	ck_assert_int_eq(d.action, RECOVERY_ROUTE);
	ck_assert_str_eq(d.manual_reason, "invalid_input");
	ck_assert_str_eq(d.message_key, "recovery.uncredited.review");
	ck_assert_ptr_nonnull(strstr(d.summary, "not_found_close_after_ms"));

	f.tx_net = ADDRESS_NET_COUNT;
	ck_assert_int_eq(recovery_classify(&f, &recovery_policy_default, &d), RECOVERY_ERR_FACTS);
	ck_assert(!d.automatic);
	ck_assert_ptr_nonnull(strstr(d.summary, "tx_net"));

	f = base();
	f.amount.units = -1;
	ck_assert_int_eq(recovery_classify(&f, &recovery_policy_default, &d), RECOVERY_ERR_FACTS);
	f = base();
	f.tx_status = (enum recovery_tx_status)7;
	ck_assert_int_eq(recovery_classify(&f, &recovery_policy_default, &d), RECOVERY_ERR_FACTS);
	/* a network that does not matter is not checked: no transaction, no tx_net */
	f = base();
	f.tx_found = false;
	f.tx_net = (enum address_network)99;
	ck_assert_int_eq(recovery_classify(&f, &recovery_policy_default, &d), RECOVERY_OK);
}
END_TEST

/* ------------------------------------------------------------------ the summary */

START_TEST(summary_reads_the_facts)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;

	s_memo_wrong_xrp(&f, &p);
	struct recovery_decision d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "MEMO_WRONG: credit 475 XRP"));
	ck_assert_ptr_nonnull(strstr(d.summary, "Tx " HEX_TX " on XRP succeeded, 1/1"));
	ck_assert_ptr_nonnull(strstr(d.summary, "the exchange's shared memo address for XRP"));
	ck_assert_ptr_nonnull(
	    strstr(d.summary, "Memo on chain \"12345\", the claimant's \"123456\""));
	ck_assert_ptr_nonnull(strstr(d.summary, "Claimant 10001, matched"));

	f = base();
	s_pending_btc(&f, &p);
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "nothing to do before 2025-06-15 15:16 UTC"));

	f = base();
	s_not_found_late(&f, &p);
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "not found on any network (claimed ETH)"));
}
END_TEST

/* Chain text is anybody's: control characters and broken UTF-8 are escaped, long text cut,
 * and the summary stays valid UTF-8 within its bound. */
START_TEST(summary_escapes_chain_text)
{
	struct recovery_facts f = base();
	struct recovery_policy p = recovery_policy_default;
	static char longtext[5000];

	s_memo_missing_ton(&f, &p);
	f.memo = "hi\n\x1b[31mred\xc2\x85";
	f.memo_len = strlen(f.memo);
	struct recovery_decision d = decide(&f, &p);
	ck_assert_int_eq(d.code, RECOVERY_MEMO_WRONG);
	ck_assert_ptr_nonnull(strstr(d.summary, "\"hi\\x0a\\x1b[31mred\\xc2\\x85\""));

	f.memo = "\xff\xfe memo \xe6\x8f";
	f.memo_len = strlen(f.memo);
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "\"\\xff\\xfe memo \\xe6\\x8f\""));

	f.memo =
	    "\xe6\x8f\x90\xe7\x8e\xb0 \xd0\xb4\xd0\xb5\xd0\xbf\xd0\xbe\xd0\xb7\xd0\xb8\xd1\x82";
	f.memo_len = strlen(f.memo); /* 提现 депозит: valid text, shown as is */
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, f.memo));

	for (size_t i = 0; i + 3 <= sizeof longtext; i += 3)
		memcpy(longtext + i, "\xe6\x8f\x90", 3); /* 提 */
	f.memo = f.txid = f.dest_address = f.asset = f.claimant_uid = f.expected_memo = longtext;
	f.credited_uid = f.dest_uid = longtext;
	f.credited = false;
	f.dest_uid_len = f.credited_uid_len = 4998; /* 1666 whole characters */
	f.memo_len = f.txid_len = f.dest_address_len = f.asset_len = f.claimant_uid_len =
	    f.expected_memo_len = 4998;
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "\xe6\x8f\x90...\""));
	f.memo_len = f.txid_len = f.dest_address_len = f.asset_len = f.claimant_uid_len =
	    f.expected_memo_len = f.dest_uid_len = 4997; /* ends inside a character: escaped */
	d = decide(&f, &p);
	ck_assert_ptr_nonnull(strstr(d.summary, "\"\\xe6\\x8f\\x90\\xe6"));
	ck_assert_ptr_nonnull(strstr(d.summary, "...\""));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recovery");

	for (int i = 0; i < NCASES(scenarios); i++)
		unit_add_case(s,
		              unit_name("%s: %s -> %s", recovery_case_code(scenarios[i].code),
		                        scenarios[i].name,
		                        recovery_action_name(scenarios[i].action)),
		              scenario, i);
	UNIT_TEST(s, every_code_reached);
	UNIT_TEST(s, pending_eta);
	UNIT_TEST(s, waits_say_until_when);
	UNIT_TEST(s, memo_credit_amounts);
	UNIT_TEST(s, memo_compared_in_normal_form);
	UNIT_TEST(s, second_approval_boundary);
	UNIT_TEST(s, routed_cases_carry_quote_and_sla);
	UNIT_TEST(s, invalid_input);
	UNIT_TEST(s, summary_reads_the_facts);
	UNIT_TEST(s, summary_escapes_chain_text);
	return unit_run(s, "recovery");
}
