/* recovery.c — see recovery.h; the rules and where each number comes from:
 * docs/internals/recovery.md.
 *
 * Four parts: the case table with its message keys and the default policy, fee quotes, the
 * classifier (an ordered list of questions about the facts, then what the policy allows for
 * the answer), and the agent's summary. The intake form is recovery_intake.c.
 *
 * Money is integer throughout: values in the policy currency's minor units (uint64_t), asset
 * amounts as core/amount.h's 10^-18 units. Products that could pass 64 bits are taken in
 * unsigned __int128, which GCC and Clang have on every 64-bit target (amount.h relies on it
 * too); sums of uint64_t saturate instead of wrapping. */
#include "core/recovery.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util/utf8.h"

typedef unsigned __int128 u128;

static u128 pow10_u128(unsigned n)
{
	u128 v = 1;
	while (n--)
		v *= 10;
	return v;
}

static unsigned clamp_decimals(int decimals)
{
	return decimals < 0 || decimals > RECOVERY_DECIMALS_MAX ? RECOVERY_DECIMALS_MAX
	                                                        : (unsigned)decimals;
}

/* ------------------------------------------------------------------ case codes and keys */

enum outcome { OUT_WAIT, OUT_CREDITED, OUT_APPROVAL, OUT_CLOSED, OUT_REVIEW, OUT_COUNT };

#define OUTS_ANY  ((1u << OUT_CLOSED) | (1u << OUT_REVIEW))
#define OUTS_WAIT (OUTS_ANY | (1u << OUT_WAIT))
#define OUTS_MEMO (OUTS_WAIT | (1u << OUT_CREDITED) | (1u << OUT_APPROVAL))

enum auto_kind { AUTO_NONE, AUTO_WAIT, AUTO_CREDIT, AUTO_CLOSE };

/* The policy fields recovery_policy_check names, per case. */
enum { CF_HANDLING, CF_BPS, CF_CAP, CF_SLA, CF_COUNT };

struct case_info {
	const char *code;
	enum auto_kind auto_kind;
	unsigned outcomes; /* which keys exist */
	const char *keys[OUT_COUNT];
	const char *fields[CF_COUNT];
};

/* String literals concatenate, so each key and field name is spelt once, from the code. */
#define CASE(code, lc, kind, outs)                                                                 \
	{                                                                                          \
		code, kind, outs,                                                                  \
		    {"recovery." lc ".wait", "recovery." lc ".credited",                           \
		     "recovery." lc ".approval", "recovery." lc ".closed",                         \
		     "recovery." lc ".review"},                                                    \
		{                                                                                  \
			"cases." code ".handling", "cases." code ".fee.bps",                       \
			    "cases." code ".fee.cap_minor", "cases." code ".sla_ms"                \
		}                                                                                  \
	}

static const struct case_info cases[RECOVERY_CASE_COUNT] = {
    [RECOVERY_PENDING_CONF] = CASE("PENDING_CONF", "pending_conf", AUTO_WAIT, OUTS_WAIT),
    [RECOVERY_CHAIN_FAILED] = CASE("CHAIN_FAILED", "chain_failed", AUTO_NONE, OUTS_ANY),
    [RECOVERY_CHANNEL_MAINT] = CASE("CHANNEL_MAINT", "channel_maint", AUTO_WAIT, OUTS_WAIT),
    [RECOVERY_MEMO_MISSING] = CASE("MEMO_MISSING", "memo_missing", AUTO_CREDIT, OUTS_MEMO),
    [RECOVERY_MEMO_WRONG] = CASE("MEMO_WRONG", "memo_wrong", AUTO_CREDIT, OUTS_MEMO),
    [RECOVERY_WRONG_NETWORK_SAME_FMT] =
        CASE("WRONG_NETWORK_SAME_FMT", "wrong_network_same_fmt", AUTO_NONE, OUTS_ANY),
    [RECOVERY_WRONG_NETWORK_INCOMPAT] =
        CASE("WRONG_NETWORK_INCOMPAT", "wrong_network_incompat", AUTO_NONE, OUTS_ANY),
    [RECOVERY_UNLISTED_TOKEN] = CASE("UNLISTED_TOKEN", "unlisted_token", AUTO_NONE, OUTS_ANY),
    [RECOVERY_CONTRACT_ADDRESS] = CASE("CONTRACT_ADDRESS", "contract_address", AUTO_NONE, OUTS_ANY),
    [RECOVERY_EXPIRED_ADDRESS] = CASE("EXPIRED_ADDRESS", "expired_address", AUTO_NONE, OUTS_ANY),
    [RECOVERY_BELOW_MIN] = CASE("BELOW_MIN", "below_min", AUTO_NONE, OUTS_ANY),
    [RECOVERY_WRONG_ASSET_SAME_ADDR] =
        CASE("WRONG_ASSET_SAME_ADDR", "wrong_asset_same_addr", AUTO_NONE, OUTS_ANY),
    [RECOVERY_OBFUSCATED] = CASE("OBFUSCATED", "obfuscated", AUTO_NONE, OUTS_ANY),
    [RECOVERY_HOT_WALLET_DIRECT] =
        CASE("HOT_WALLET_DIRECT", "hot_wallet_direct", AUTO_NONE, OUTS_ANY),
    [RECOVERY_NOT_EXCHANGE_ADDR] =
        CASE("NOT_EXCHANGE_ADDR", "not_exchange_addr", AUTO_NONE, OUTS_ANY),
    [RECOVERY_WITHDRAWAL_WRONG_ADDR] =
        CASE("WITHDRAWAL_WRONG_ADDR", "withdrawal_wrong_addr", AUTO_NONE, OUTS_ANY),
    [RECOVERY_RETURNED_WITHDRAWAL] =
        CASE("RETURNED_WITHDRAWAL", "returned_withdrawal", AUTO_NONE, OUTS_ANY),
    [RECOVERY_TX_NOT_FOUND] = CASE("TX_NOT_FOUND", "tx_not_found", AUTO_WAIT, OUTS_WAIT),
    [RECOVERY_ALREADY_CREDITED] =
        CASE("ALREADY_CREDITED", "already_credited", AUTO_CLOSE, OUTS_ANY),
    [RECOVERY_OTHER_USER_ADDR] = CASE("OTHER_USER_ADDR", "other_user_addr", AUTO_NONE, OUTS_ANY),
    [RECOVERY_UNCREDITED] = CASE("UNCREDITED", "uncredited", AUTO_WAIT, OUTS_WAIT),
};

#define KEY_BELOW_MINIMUM "recovery.below_recovery_minimum.closed"

const char *recovery_case_code(enum recovery_case c)
{
	return (unsigned)c < RECOVERY_CASE_COUNT ? cases[c].code : NULL;
}

bool recovery_case_parse(const char *s, size_t len, enum recovery_case *out)
{
	if (s == NULL)
		return false;
	for (int i = 0; i < RECOVERY_CASE_COUNT; i++)
		if (strlen(cases[i].code) == len && memcmp(cases[i].code, s, len) == 0) {
			*out = (enum recovery_case)i;
			return true;
		}
	return false;
}

size_t recovery_message_key_count(void)
{
	size_t n = 1; /* the below-minimum closure */
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++)
		n += (size_t)__builtin_popcount(cases[c].outcomes);
	return n;
}

const char *recovery_message_key_at(size_t i)
{
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++)
		for (int o = 0; o < OUT_COUNT; o++)
			if (cases[c].outcomes & (1u << o)) {
				if (i == 0)
					return cases[c].keys[o];
				i--;
			}
	return i == 0 ? KEY_BELOW_MINIMUM : NULL;
}

static const char *const action_names[RECOVERY_ACTION_COUNT] = {"wait", "credit", "close", "route"};

const char *recovery_action_name(enum recovery_action a)
{
	return (unsigned)a < RECOVERY_ACTION_COUNT ? action_names[a] : NULL;
}

/* ------------------------------------------------------------------ policy */

#define MINUTE_MS (INT64_C(60) * 1000)
#define HOUR_MS   (60 * MINUTE_MS)
#define DAY_MS    (24 * HOUR_MS)
#define YEAR_MS   (366 * DAY_MS)

/* 5% of the value above $100, at least $5, at most $1,000 (docs/internals/recovery.md). */
#define FEE_STD                                                                                    \
	{                                                                                          \
		.fixed_minor = 0, .bps = 500, .min_minor = 500, .cap_minor = 100000,               \
		.free_up_to_minor = 10000                                                          \
	}
#define FEE_NONE                                                                                   \
	{                                                                                          \
		0, 0, 0, 0, 0                                                                      \
	}
#define ROUTE(fee, sla)                                                                            \
	{                                                                                          \
		RECOVERY_HANDLE_ROUTE, fee, sla, 0                                                 \
	}
#define CLOSE(fee, sla)                                                                            \
	{                                                                                          \
		RECOVERY_HANDLE_CLOSE, fee, sla, 0                                                 \
	}
#define AUTO(fee, sla)                                                                             \
	{                                                                                          \
		RECOVERY_HANDLE_AUTO, fee, sla, 0                                                  \
	}

const struct recovery_policy recovery_policy_default = {
    .currency = "USD",
    .currency_decimals = 2,
    .cases =
        {
            [RECOVERY_PENDING_CONF] = AUTO(FEE_NONE, DAY_MS),
            [RECOVERY_CHAIN_FAILED] = CLOSE(FEE_NONE, DAY_MS),
            [RECOVERY_CHANNEL_MAINT] = AUTO(FEE_NONE, DAY_MS),
            [RECOVERY_MEMO_MISSING] = AUTO(FEE_STD, 2 * DAY_MS),
            [RECOVERY_MEMO_WRONG] = AUTO(FEE_STD, 2 * DAY_MS),
            [RECOVERY_WRONG_NETWORK_SAME_FMT] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_WRONG_NETWORK_INCOMPAT] = CLOSE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_UNLISTED_TOKEN] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_CONTRACT_ADDRESS] = CLOSE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_EXPIRED_ADDRESS] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_BELOW_MIN] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_WRONG_ASSET_SAME_ADDR] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_OBFUSCATED] = ROUTE(FEE_NONE, 7 * DAY_MS),
            [RECOVERY_HOT_WALLET_DIRECT] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_NOT_EXCHANGE_ADDR] = CLOSE(FEE_NONE, DAY_MS),
            [RECOVERY_WITHDRAWAL_WRONG_ADDR] = CLOSE(FEE_NONE, DAY_MS),
            [RECOVERY_RETURNED_WITHDRAWAL] = ROUTE(FEE_NONE, 2 * DAY_MS),
            [RECOVERY_TX_NOT_FOUND] = AUTO(FEE_NONE, DAY_MS),
            [RECOVERY_ALREADY_CREDITED] = AUTO(FEE_NONE, DAY_MS),
            [RECOVERY_OTHER_USER_ADDR] = ROUTE(FEE_STD, 7 * DAY_MS),
            [RECOVERY_UNCREDITED] = AUTO(FEE_NONE, DAY_MS),
        },
    .auto_credit = true,
    .second_approval_above_minor = 500000, /* $5,000 */
    .not_found_close_after_ms = DAY_MS,
    .credit_grace_ms = HOUR_MS,
    .block_ms =
        {
            [ADDRESS_NET_BTC] = 600000,
            [ADDRESS_NET_ETH] = 12000,
            [ADDRESS_NET_BSC] = 3000,
            [ADDRESS_NET_POLYGON] = 2000,
            [ADDRESS_NET_ARBITRUM] = 1000,
            [ADDRESS_NET_OPTIMISM] = 2000,
            [ADDRESS_NET_BASE] = 2000,
            [ADDRESS_NET_AVAXC] = 2000,
            [ADDRESS_NET_TRON] = 3000,
            [ADDRESS_NET_SOLANA] = 1000,
            [ADDRESS_NET_XRP] = 4000,
            [ADDRESS_NET_LTC] = 150000,
            [ADDRESS_NET_DOGE] = 60000,
            [ADDRESS_NET_TON] = 5000,
            [ADDRESS_NET_ATOM] = 6000,
        },
};

static const char *const err_texts[] = {
    [RECOVERY_OK] = "ok",
    [RECOVERY_ERR_POLICY] = "invalid recovery policy",
    [RECOVERY_ERR_FACTS] = "invalid recovery facts",
};

const char *recovery_strerror(enum recovery_err e)
{
	return (unsigned)e < sizeof err_texts / sizeof err_texts[0] ? err_texts[e]
	                                                            : "unknown recovery error";
}

static const char *const block_fields[ADDRESS_NET_COUNT] = {
    [ADDRESS_NET_BTC] = "block_ms.BTC",           [ADDRESS_NET_ETH] = "block_ms.ETH",
    [ADDRESS_NET_BSC] = "block_ms.BSC",           [ADDRESS_NET_POLYGON] = "block_ms.POLYGON",
    [ADDRESS_NET_ARBITRUM] = "block_ms.ARBITRUM", [ADDRESS_NET_OPTIMISM] = "block_ms.OPTIMISM",
    [ADDRESS_NET_BASE] = "block_ms.BASE",         [ADDRESS_NET_AVAXC] = "block_ms.AVAXC",
    [ADDRESS_NET_TRON] = "block_ms.TRON",         [ADDRESS_NET_SOLANA] = "block_ms.SOL",
    [ADDRESS_NET_XRP] = "block_ms.XRP",           [ADDRESS_NET_LTC] = "block_ms.LTC",
    [ADDRESS_NET_DOGE] = "block_ms.DOGE",         [ADDRESS_NET_TON] = "block_ms.TON",
    [ADDRESS_NET_ATOM] = "block_ms.ATOM",
};

static enum recovery_err bad_policy(const char **field, const char *name)
{
	if (field != NULL)
		*field = name;
	return RECOVERY_ERR_POLICY;
}

enum recovery_err recovery_policy_check(const struct recovery_policy *p, const char **field)
{
	size_t cl = strnlen(p->currency, sizeof p->currency);

	if (field != NULL)
		*field = NULL;
	if (cl == 0 || cl == sizeof p->currency)
		return bad_policy(field, "currency");
	for (size_t i = 0; i < cl; i++)
		if (p->currency[i] < 'A' || p->currency[i] > 'Z')
			return bad_policy(field, "currency");
	if (p->currency_decimals > 6)
		return bad_policy(field, "currency_decimals");
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++) {
		const struct recovery_case_policy *cp = &p->cases[c];
		if ((unsigned)cp->handling > RECOVERY_HANDLE_CLOSE ||
		    (cp->handling == RECOVERY_HANDLE_AUTO && cases[c].auto_kind == AUTO_NONE))
			return bad_policy(field, cases[c].fields[CF_HANDLING]);
		if (cp->fee.bps > 10000)
			return bad_policy(field, cases[c].fields[CF_BPS]);
		if (cp->fee.cap_minor != 0 && cp->fee.cap_minor < cp->fee.min_minor)
			return bad_policy(field, cases[c].fields[CF_CAP]);
		if (cp->sla_ms < 0 || cp->sla_ms > YEAR_MS)
			return bad_policy(field, cases[c].fields[CF_SLA]);
	}
	if (p->not_found_close_after_ms <= 0 || p->not_found_close_after_ms > YEAR_MS)
		return bad_policy(field, "not_found_close_after_ms");
	if (p->credit_grace_ms < 0 || p->credit_grace_ms > YEAR_MS)
		return bad_policy(field, "credit_grace_ms");
	for (int n = 0; n < ADDRESS_NET_COUNT; n++)
		if (p->block_ms[n] <= 0 || p->block_ms[n] > DAY_MS)
			return bad_policy(field, block_fields[n]);
	return RECOVERY_OK;
}

/* ------------------------------------------------------------------ fee quotes */

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* floor(a * f / v) for f <= v, v > 0, exact: a = q*v + r, so a*f/v = q*f + r*f/v, where q*f
 * <= a and r*f < 2^128. */
static u128 scale_down(u128 a, uint64_t f, uint64_t v)
{
	return (a / v) * f + ((a % v) * f) / v;
}

void recovery_fee_quote(const struct recovery_fee *fee, bool value_known, uint64_t value_minor,
                        struct amount amount, int decimals, struct recovery_quote *q)
{
	u128 units = amount.units > 0 ? (u128)amount.units : 0;
	u128 step = pow10_u128(AMOUNT_SCALE - clamp_decimals(decimals));
	uint64_t f;

	memset(q, 0, sizeof *q);
	q->credit_amount.units = (__int128)units;
	if (!value_known)
		return;
	q->known = true;
	q->value_minor = value_minor;
	if (value_minor <= fee->free_up_to_minor) {
		q->waived = true;
		return;
	}
	/* value > 0 from here: free_up_to_minor is at least 0. */
	f = sat_add(fee->fixed_minor,
	            (uint64_t)((u128)value_minor * (fee->bps > 10000 ? 10000 : fee->bps) / 10000));
	/* Each flag says a bound changed the fee: a percentage landing exactly on one sets none. */
	if (f < fee->min_minor) {
		f = fee->min_minor;
		q->at_min = true;
	}
	if (fee->cap_minor != 0 && f > fee->cap_minor) {
		f = fee->cap_minor;
		q->at_cap = true;
		q->at_min = false;
	}
	if (f > value_minor) {
		f = value_minor;
		q->at_value = true;
	}
	q->fee_minor = f;
	/* The asset has no units finer than its decimals: the fee rounds down to them. */
	u128 fee_units = scale_down(units, f, value_minor);
	fee_units -= fee_units % step;
	q->fee_amount.units = (__int128)fee_units;
	q->credit_amount.units = (__int128)(units - fee_units);
}

/* ------------------------------------------------------------------ classification */

static bool text_set(const char *s, size_t n)
{
	return s != NULL && n > 0;
}

static bool text_eq(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

static bool is_final(const struct recovery_facts *f)
{
	return f->tx_status == RECOVERY_TX_SUCCESS && f->confirmations >= f->confirmations_required;
}

static bool below_min_deposit(const struct recovery_facts *f)
{
	return !amount_is_zero(f->min_deposit) && amount_cmp(f->amount, f->min_deposit) < 0;
}

/* A memo in its network's normal form ("007" is tag 7), or as given, trimmed, when it is not a
 * valid memo of the network: two invalid memos are the same only byte for byte. */
static void memo_view(enum address_network net, const char *s, size_t n,
                      char buf[ADDRESS_MEMO_MAX + 1], const char **out, size_t *out_len)
{
	size_t m = s == NULL ? 0 : n;
	const char *t = address_trim(s, &m);

	*out = t;
	*out_len = m;
	if (m > 0 && address_memo_kind(net) != ADDRESS_MEMO_NONE &&
	    address_memo_check(net, t, m, buf, out_len) == ADDRESS_MEMO_OK)
		*out = buf;
	else
		*out_len = m;
}

static bool memo_empty(const char *s, size_t n)
{
	size_t m = s == NULL ? 0 : n;
	address_trim(s, &m);
	return m == 0;
}

static bool memo_same(enum address_network net, const struct recovery_facts *f)
{
	char a[ADDRESS_MEMO_MAX + 1], b[ADDRESS_MEMO_MAX + 1];
	const char *pa, *pb;
	size_t na, nb;

	memo_view(net, f->memo, f->memo_len, a, &pa, &na);
	memo_view(net, f->expected_memo, f->expected_memo_len, b, &pb, &nb);
	return na > 0 && text_eq(pa, na, pb, nb);
}

/* What decided the code beyond the code itself. */
struct finding {
	bool credited_other; /* credited, but to another user */
};

/* The questions, in order; the first that answers decides (docs/internals/recovery.md has the
 * same list as a table). Where the money is comes before how it got there: a credited deposit
 * is ALREADY_CREDITED whatever else is odd about it, an address that is not ours is
 * NOT_EXCHANGE_ADDR whatever memo it carried. */
static enum recovery_case decide(const struct recovery_facts *f, struct finding *w)
{
	bool claimant = text_set(f->claimant_uid, f->claimant_uid_len);

	if (!f->tx_found)
		return RECOVERY_TX_NOT_FOUND;
	if (f->tx_origin == RECOVERY_ORIGIN_OWN_WITHDRAWAL)
		return RECOVERY_WITHDRAWAL_WRONG_ADDR;
	if (f->tx_status == RECOVERY_TX_FAILED)
		return RECOVERY_CHAIN_FAILED;
	if (f->credited) {
		if (!claimant || !text_set(f->credited_uid, f->credited_uid_len) ||
		    text_eq(f->credited_uid, f->credited_uid_len, f->claimant_uid,
		            f->claimant_uid_len))
			return RECOVERY_ALREADY_CREDITED;
		w->credited_other = true;
		return f->dest_shared_memo ? RECOVERY_MEMO_WRONG : RECOVERY_OTHER_USER_ADDR;
	}
	if (f->tx_origin == RECOVERY_ORIGIN_RETURNED_WITHDRAWAL)
		return RECOVERY_RETURNED_WITHDRAWAL;
	if (f->dest_is_contract)
		return RECOVERY_CONTRACT_ADDRESS;
	if (!f->dest_ours) {
		/* The customer's own deposit address here is on a network whose addresses the
		 * chain the coins went out on cannot even write: the networks were confused. */
		if (f->claimed_address_ours && f->claimed_net != f->tx_net &&
		    !address_same_format(f->tx_net, f->claimed_net))
			return RECOVERY_WRONG_NETWORK_INCOMPAT;
		return RECOVERY_NOT_EXCHANGE_ADDR;
	}
	if (f->dest_hot_wallet)
		return RECOVERY_HOT_WALLET_DIRECT;
	if (f->tx_net != f->dest_net) {
		uint32_t both = ADDRESS_NET_BIT(f->tx_net) | ADDRESS_NET_BIT(f->dest_net);
		if (address_same_format(f->tx_net, f->dest_net))
			return RECOVERY_WRONG_NETWORK_SAME_FMT;
		/* One text valid on two chains (a '3' P2SH address on Litecoin and Bitcoin):
		 * another coin sent to the same address. */
		if ((address_networks_for(f->dest_address, f->dest_address_len) & both) == both)
			return RECOVERY_WRONG_ASSET_SAME_ADDR;
		return RECOVERY_WRONG_NETWORK_INCOMPAT;
	}
	if (f->dest_expired)
		return RECOVERY_EXPIRED_ADDRESS;
	if (claimant && text_set(f->dest_uid, f->dest_uid_len) &&
	    !text_eq(f->dest_uid, f->dest_uid_len, f->claimant_uid, f->claimant_uid_len))
		return RECOVERY_OTHER_USER_ADDR;
	if (!f->token_listed)
		return RECOVERY_UNLISTED_TOKEN;
	if (f->obfuscated)
		return RECOVERY_OBFUSCATED;
	if (f->dest_shared_memo) {
		if (memo_empty(f->memo, f->memo_len))
			return RECOVERY_MEMO_MISSING;
		if (!memo_same(f->tx_net, f))
			return RECOVERY_MEMO_WRONG;
	}
	if (below_min_deposit(f))
		return RECOVERY_BELOW_MIN;
	if (f->deposits_suspended)
		return RECOVERY_CHANNEL_MAINT;
	if (!is_final(f))
		return RECOVERY_PENDING_CONF;
	return RECOVERY_UNCREDITED;
}

static int64_t add_ms(int64_t t, int64_t d)
{
	return d > 0 && t > INT64_MAX - d ? INT64_MAX : t + d;
}

/* Expected finality: the missing confirmations times the network's block time (at least one
 * block when the chain still calls it pending). */
static int64_t confirm_eta(const struct recovery_facts *f, const struct recovery_policy *p)
{
	uint64_t left = f->confirmations_required > f->confirmations
	                    ? (uint64_t)f->confirmations_required - f->confirmations
	                    : 1;
	u128 ms = (u128)left * (uint64_t)p->block_ms[f->tx_net];
	return add_ms(f->now_ms, ms > INT64_MAX ? INT64_MAX : (int64_t)ms);
}

struct ctx {
	const struct recovery_facts *f;
	const struct recovery_policy *p;
	struct recovery_decision *out;
	struct finding w;
	bool below_value; /* closed: worth less than the case's minimum */
};

static void finish(struct ctx *c, enum recovery_action a, const char *key)
{
	c->out->action = a;
	c->out->automatic = a != RECOVERY_ROUTE;
	c->out->message_key = key;
}

static void wait_until(struct ctx *c, int64_t eta)
{
	c->out->eta_ms = eta;
	finish(c, RECOVERY_WAIT, cases[c->out->code].keys[OUT_WAIT]);
}

static void close_case(struct ctx *c)
{
	finish(c, RECOVERY_CLOSE, cases[c->out->code].keys[OUT_CLOSED]);
}

static void quote(struct ctx *c)
{
	const struct recovery_facts *f = c->f;
	recovery_fee_quote(&c->p->cases[c->out->code].fee, f->value_known, f->value_minor,
	                   f->amount, f->asset_decimals, &c->out->quote);
}

static void route(struct ctx *c, const char *reason)
{
	const struct recovery_case_policy *cp = &c->p->cases[c->out->code];
	const struct recovery_facts *f = c->f;

	quote(c);
	if (cp->min_value_minor != 0 && f->value_known && f->value_minor < cp->min_value_minor) {
		c->below_value = true;
		finish(c, RECOVERY_CLOSE, KEY_BELOW_MINIMUM);
		return;
	}
	c->out->manual_reason = reason;
	c->out->sla_ms = cp->sla_ms;
	c->out->sla_due_at_ms = cp->sla_ms > 0 ? add_ms(f->now_ms, cp->sla_ms) : 0;
	finish(c, RECOVERY_ROUTE, cases[c->out->code].keys[OUT_REVIEW]);
}

/* Missing or wrong memo to the shared address: the one case credited without an agent, and
 * only when every fact says whose money it is and how much. */
static void credit_memo(struct ctx *c)
{
	const struct recovery_facts *f = c->f;
	const struct recovery_policy *p = c->p;
	struct recovery_decision *out = c->out;

	if (!p->auto_credit)
		return route(c, "auto_credit_disabled");
	if (c->w.credited_other)
		return route(c, "credited_to_other_user");
	if (!text_set(f->claimant_uid, f->claimant_uid_len))
		return route(c, "claimant_unknown");
	if (!f->user_matched)
		return route(c, "user_not_matched");
	if (below_min_deposit(f))
		return route(c, "below_min_deposit");
	if (!f->value_known)
		return route(c, "value_unknown");
	quote(c);
	if (amount_is_zero(out->quote.credit_amount))
		return route(c, "fee_exceeds_value");
	if (p->cases[out->code].min_value_minor > f->value_minor)
		return route(c, "below_min_value"); /* closes it */
	if (!is_final(f))
		return wait_until(c, confirm_eta(f, p));
	out->second_approval = f->value_minor > p->second_approval_above_minor;
	finish(c, RECOVERY_CREDIT,
	       cases[out->code].keys[out->second_approval ? OUT_APPROVAL : OUT_CREDITED]);
}

static void resolve(struct ctx *c)
{
	const struct recovery_facts *f = c->f;
	const struct recovery_policy *p = c->p;
	enum recovery_case code = c->out->code;
	/* On its way to, or sitting at, a key the exchange controls, and nobody credited. */
	bool held = f->tx_found && f->tx_status != RECOVERY_TX_FAILED &&
	            f->tx_origin != RECOVERY_ORIGIN_OWN_WITHDRAWAL && f->dest_ours && !f->credited;
	int64_t deadline;

	switch (p->cases[code].handling) {
	case RECOVERY_HANDLE_ROUTE:
		return route(c, "policy");
	case RECOVERY_HANDLE_CLOSE:
		/* Closing a case whose coins the exchange holds would keep them for nothing. */
		if (held)
			return route(c, "funds_held");
		return close_case(c);
	case RECOVERY_HANDLE_AUTO:
		break;
	}
	switch (code) {
	case RECOVERY_PENDING_CONF:
		return wait_until(c, confirm_eta(f, p));
	case RECOVERY_CHANNEL_MAINT:
		return wait_until(c, f->maint_until_ms);
	case RECOVERY_TX_NOT_FOUND:
		deadline = add_ms(f->submitted_at_ms > 0 ? f->submitted_at_ms : f->now_ms,
		                  p->not_found_close_after_ms);
		if (f->now_ms >= deadline)
			return close_case(c);
		return wait_until(c, deadline);
	case RECOVERY_UNCREDITED:
		if (f->confirmed_at_ms <= 0)
			return route(c, "confirmation_time_unknown");
		deadline = add_ms(f->confirmed_at_ms, p->credit_grace_ms);
		if (f->now_ms < deadline)
			return wait_until(c, deadline);
		return route(c, "not_credited_after_grace");
	case RECOVERY_MEMO_MISSING:
	case RECOVERY_MEMO_WRONG:
		return credit_memo(c);
	case RECOVERY_ALREADY_CREDITED:
		return close_case(c);
	default: /* recovery_policy_check refuses AUTO for the other codes */
		return route(c, "policy");
	}
}

/* ------------------------------------------------------------------ the agent's summary */

/* Appends without ever passing cap - 1 bytes, cutting only between UTF-8 sequences. */
struct sb {
	char *p;
	size_t len, cap;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
	size_t room = b->cap - 1 - b->len;
	if (n > room) {
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void sb_fmt(struct sb *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Text from the chain or the connector: quoted, about max bytes of output at most, valid UTF-8
 * shown as is, control characters (C0, DEL, C1) and bytes of invalid UTF-8 as \xNN. */
static void sb_untrusted(struct sb *b, const char *s, size_t n, size_t max)
{
	bool valid;
	size_t i = 0, shown = 0;
	char esc[5];

	if (!text_set(s, n)) {
		sb_str(b, "(none)");
		return;
	}
	valid = utf8_valid(s, n, true);
	sb_str(b, "\"");
	while (i < n && shown < max) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;
		if (valid && c >= 0xc0)
			k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		bool control = c < 0x20 || c == 0x7f ||
		               (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0);
		if (control || (c >= 0x80 && !valid)) {
			for (size_t j = 0; j < k; j++) {
				snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)s[i + j]);
				sb_str(b, esc);
			}
			shown += 4 * k;
		} else {
			sb_put(b, s + i, k);
			shown += k;
		}
		i += k;
	}
	sb_str(b, i < n ? "...\"" : "\"");
}

/* An id, address or ticker: as is when it is one printable ASCII word, else as untrusted text. */
static void sb_word(struct sb *b, const char *s, size_t n, size_t max)
{
	bool plain = text_set(s, n) && n <= max;
	for (size_t i = 0; plain && i < n; i++)
		plain = s[i] > ' ' && s[i] < 0x7f && s[i] != '"';
	if (plain)
		sb_put(b, s, n);
	else
		sb_untrusted(b, s, n, max);
}

static void sb_money(struct sb *b, uint64_t minor, const struct recovery_policy *p)
{
	uint64_t div = 1;
	for (unsigned i = 0; i < p->currency_decimals; i++)
		div *= 10;
	if (p->currency_decimals == 0)
		sb_fmt(b, "%llu %s", (unsigned long long)minor, p->currency);
	else
		sb_fmt(b, "%llu.%0*llu %s", (unsigned long long)(minor / div),
		       (int)p->currency_decimals, (unsigned long long)(minor % div), p->currency);
}

static void sb_amount(struct sb *b, struct amount a, const struct recovery_facts *f)
{
	char t[AMOUNT_TEXT_MAX];
	amount_format(a, t);
	sb_str(b, t);
	sb_str(b, " ");
	sb_word(b, f->asset, f->asset_len, 24);
}

static void sb_time(struct sb *b, int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[32];

	if (ms <= 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm) == 0) {
		sb_str(b, "an unknown time");
		return;
	}
	sb_str(b, buf);
}

static const char *net_code(enum address_network net)
{
	const char *s = address_network_code(net);
	return s != NULL ? s : "?";
}

static void summary_decision(struct sb *b, const struct ctx *c)
{
	const struct recovery_decision *d = c->out;
	const struct recovery_facts *f = c->f;
	const struct recovery_quote *q = &d->quote;

	sb_fmt(b, "%s: ", cases[d->code].code);
	switch (d->action) {
	case RECOVERY_WAIT:
		sb_str(b, "answered automatically, nothing to do before ");
		sb_time(b, d->eta_ms);
		break;
	case RECOVERY_CREDIT:
		sb_str(b, "credit ");
		sb_amount(b, q->credit_amount, f);
		sb_str(b, " automatically after a fee of ");
		sb_money(b, q->fee_minor, c->p);
		if (d->second_approval) {
			sb_str(b, ", once a second agent approves (value above ");
			sb_money(b, c->p->second_approval_above_minor, c->p);
			sb_str(b, ")");
		}
		break;
	case RECOVERY_CLOSE:
		sb_str(b, "closed automatically with an explanation");
		if (c->below_value) {
			sb_str(b, " (worth less than the minimum of ");
			sb_money(b, c->p->cases[d->code].min_value_minor, c->p);
			sb_str(b, " for this case)");
		}
		break;
	default:
		sb_fmt(b, "to the Recovery group (%s)", d->manual_reason);
		if (d->sla_ms > 0)
			sb_fmt(b, ", target %lld h", (long long)(d->sla_ms / HOUR_MS));
		break;
	}
	if (d->action == RECOVERY_ROUTE || d->action == RECOVERY_CREDIT) {
		if (!q->known) {
			sb_str(b, "; no fee quote, the value is unknown");
		} else {
			sb_str(b, "; fee ");
			sb_money(b, q->fee_minor, c->p);
			sb_str(b, " of ");
			sb_money(b, q->value_minor, c->p);
			sb_str(b, q->waived     ? " (waived)"
			          : q->at_cap   ? " (at the cap)"
			          : q->at_min   ? " (the minimum)"
			          : q->at_value ? " (the whole value)"
			                        : "");
			sb_str(b, " = ");
			sb_amount(b, q->fee_amount, f);
		}
	}
	sb_str(b, ".\n");
}

static void summary_facts(struct sb *b, const struct ctx *c)
{
	const struct recovery_facts *f = c->f;
	static const char *const status[] = {"succeeded", "pending", "failed"};

	sb_str(b, "Tx ");
	sb_word(b, f->txid, f->txid_len, 100);
	if (!f->tx_found) {
		sb_fmt(b, " not found on any network (claimed %s); form received ",
		       net_code(f->claimed_net));
		sb_time(b, f->submitted_at_ms);
		sb_str(b, ".\n");
	} else {
		sb_fmt(b, " on %s %s, %u/%u confirmations", net_code(f->tx_net),
		       status[f->tx_status], f->confirmations, f->confirmations_required);
		if (f->tx_net != f->claimed_net)
			sb_fmt(b, " (the customer said %s)", net_code(f->claimed_net));
		if (f->tx_origin == RECOVERY_ORIGIN_OWN_WITHDRAWAL)
			sb_str(b, "; a withdrawal the exchange sent");
		else if (f->tx_origin == RECOVERY_ORIGIN_RETURNED_WITHDRAWAL)
			sb_str(b, "; a withdrawal sent back");
		if (f->obfuscated)
			sb_str(b, "; CoinJoin-style inputs");
		sb_str(b, ": ");
		sb_amount(b, f->amount, f);
		if (f->value_known) {
			sb_str(b, " worth ");
			sb_money(b, f->value_minor, c->p);
		} else {
			sb_str(b, ", value unknown");
		}
		if (!f->token_listed)
			sb_fmt(b, ", a token not listed on %s", net_code(f->tx_net));
		if (below_min_deposit(f)) {
			sb_str(b, ", under the minimum deposit of ");
			sb_amount(b, f->min_deposit, f);
		}
		sb_str(b, ".\nTo ");
		sb_word(b, f->dest_address, f->dest_address_len, 100);
		if (!f->dest_ours)
			sb_str(b, ": not an exchange address");
		else if (f->dest_hot_wallet)
			sb_fmt(b, ": an exchange hot wallet (%s)", net_code(f->dest_net));
		else
			sb_fmt(b, ": the exchange's %s address for %s",
			       f->dest_shared_memo ? "shared memo" : "deposit",
			       net_code(f->dest_net));
		if (f->dest_expired)
			sb_str(b, ", retired");
		if (f->dest_is_contract)
			sb_str(b, ", a contract");
		if (text_set(f->dest_uid, f->dest_uid_len)) {
			sb_str(b, ", issued to user ");
			sb_word(b, f->dest_uid, f->dest_uid_len, 64);
		}
		sb_str(b, ".\n");
		if (f->dest_shared_memo || text_set(f->memo, f->memo_len)) {
			sb_str(b, "Memo on chain ");
			sb_untrusted(b, f->memo, f->memo_len, 64);
			sb_str(b, ", the claimant's ");
			sb_untrusted(b, f->expected_memo, f->expected_memo_len, 64);
			sb_str(b, ".\n");
		}
	}
	sb_str(b, "Claimant ");
	sb_word(b, f->claimant_uid, f->claimant_uid_len, 64);
	sb_str(b, f->user_matched ? ", matched to this deposit" : ", not matched to this deposit");
	sb_str(b, f->claimed_address_ours ? "; the address on the form is theirs here"
	                                  : "; the address on the form is not theirs here");
	if (f->credited) {
		sb_str(b, "; credited to ");
		sb_word(b, f->credited_uid, f->credited_uid_len, 64);
	} else {
		sb_str(b, "; not credited");
	}
	if (f->deposits_suspended) {
		sb_str(b, "; deposits suspended until ");
		sb_time(b, f->maint_until_ms);
	}
	sb_str(b, ".");
}

/* ------------------------------------------------------------------ entry point */

static bool amount_in_range(struct amount a)
{
	return a.units >= 0 && a.units < (__int128)pow10_u128(AMOUNT_INT_DIGITS + AMOUNT_SCALE);
}

/* The first facts value out of range, or NULL. */
static const char *facts_problem(const struct recovery_facts *f)
{
	if ((unsigned)f->claimed_net >= ADDRESS_NET_COUNT)
		return "claimed_net";
	if (f->now_ms < 0 || f->submitted_at_ms < 0)
		return "now_ms";
	if (!amount_in_range(f->amount) || !amount_in_range(f->min_deposit))
		return "amount";
	if (f->tx_found && (unsigned)f->tx_net >= ADDRESS_NET_COUNT)
		return "tx_net";
	if ((unsigned)f->tx_status > RECOVERY_TX_FAILED)
		return "tx_status";
	if ((unsigned)f->tx_origin > RECOVERY_ORIGIN_RETURNED_WITHDRAWAL)
		return "tx_origin";
	if (f->dest_ours && (unsigned)f->dest_net >= ADDRESS_NET_COUNT)
		return "dest_net";
	return NULL;
}

enum recovery_err recovery_classify(const struct recovery_facts *f, const struct recovery_policy *p,
                                    struct recovery_decision *out)
{
	struct ctx c = {f, p, out, {false}, false};
	struct sb b = {out->summary, 0, sizeof out->summary};
	const char *problem = NULL;
	enum recovery_err e = RECOVERY_OK;

	memset(out, 0, sizeof *out);
	if (recovery_policy_check(p, &problem) != RECOVERY_OK)
		e = RECOVERY_ERR_POLICY;
	else if ((problem = facts_problem(f)) != NULL)
		e = RECOVERY_ERR_FACTS;
	if (e != RECOVERY_OK) {
		/* Nothing automatic on input nobody can trust: a person looks. */
		out->code = RECOVERY_UNCREDITED;
		out->manual_reason = "invalid_input";
		finish(&c, RECOVERY_ROUTE, cases[RECOVERY_UNCREDITED].keys[OUT_REVIEW]);
		sb_fmt(&b, "Not classified: %s (%s).", recovery_strerror(e), problem);
		out->summary_len = b.len;
		return e;
	}
	out->code = decide(f, &c.w);
	resolve(&c);
	if (c.w.credited_other && out->action == RECOVERY_ROUTE)
		out->manual_reason = "credited_to_other_user";
	summary_decision(&b, &c);
	summary_facts(&b, &c);
	out->summary_len = b.len;
	return RECOVERY_OK;
}
