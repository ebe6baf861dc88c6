/* test_withdrawal_risk.c — the rules a pending withdrawal passes before it leaves
 * (src/core/withdrawal_risk.h). What the Security team relies on: every rule fires just past its
 * threshold and not at it; a vanity lookalike sharing 4 + 4 characters with an address the user
 * knows is held for two approvers on ETH, TRON, Bitcoin Bech32 and Solana alike, while 3 + 4 and
 * 4 + 3 are not; hex is compared without case and Base58 with it; an address the user really
 * knows is never a hit; dust senders are not counterparties; a listed address is held whatever
 * else is true, sanctions going to compliance; hits come strongest first with readable English;
 * and an input that cannot be evaluated is held, never allowed.
 *
 * The lookalikes were generated for these tests (Base58Check and Bech32 checksums brute-forced
 * so that exactly the wanted leading and trailing characters match); the originals are the EIP-55
 * and BIP-173 test vectors and example addresses. */
#include "core/withdrawal_risk.h"

#include <stdio.h>

#include "unit_main.h"
#include "util/arena.h"
#include "util/utf8.h"

/* ETH: the user's address and lookalikes sharing exactly p + s hex digits after "0x". */
#define ETH_REAL "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define ETH_44   "0x5aAE2F3E80210Ff495C7FFc86E8ac30295dCeAeD"
#define ETH_34   "0x5AaF2F3e80210fF495c7fFC86e8AC30295DceAed"
#define ETH_43   "0x5AAe2F3E80210ff495C7FfC86E8aC30295DC3aED"
#define ETH_66   "0x5aAeb63E80210fF495c7Ffc86e8AC302951beAed"
#define ETH_55   "0x5AaEBF3e80210ff495C7fFC86e8AC30295DbEaEd"
/* TRON: shares counted after the 'T' every TRON address starts with. */
#define TRON_REAL "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
#define TRON_44   "TNPeeYbTnwEQtryYpJgGChK7W63dFvYqeL"
#define TRON_43   "TNPeeYbTnwEQtryYpJgGChK7GBmNCpZqeL"
#define TRON_34   "TNPeVSbs1Qode5MyYXs2PTjRKdaRbvYqeL"
/* Bitcoin P2WPKH: shares counted after "bc1q". */
#define BTC_REAL "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
#define BTC_44   "bc1qw508cx4aaaf87sc7frcd9c0qdl8sywuwtdf3t4"
#define BTC_43   "bc1qw508cx4aaaf87sc7frcd9c0qdl8sqpkvdzn3t4"
#define BTC_34   "bc1qw50xu0v927334neg46dasdf4e55s0w8j4ef3t4"
/* Solana (Base58, no checksum): 4 + 4, and the same with one letter's case changed. */
#define SOL_REAL "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU"
#define SOL_44   "7xKXwq9LmZ3vR5uP8nY2cH4jD6sF1aB7eT9gK3mNgAsU"
#define SOL_CASE "7XKXwq9LmZ3vR5uP8nY2cH4jD6sF1aB7eT9gK3mNgAsU"
#define XRP_REAL "rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf"

#define T0   1750000000000LL /* 2025-06-15T15:06:40Z */
#define HOUR WR_HOUR_MS
#define DAY  WR_DAY_MS

static struct wr_input in;
static struct wr_result res;
static struct wr_rules rules;
static struct wr_book_entry book[4];
static struct wr_past_withdrawal hist[24];
static struct wr_incoming_transfer inc[4];
static struct wr_security_change sec[4];
static struct wr_login logins[6];

static struct wr_str str(const char *s)
{
	return (struct wr_str){s, s != NULL ? strlen(s) : 0};
}

static void reset(enum address_network net, const char *dest)
{
	in = (struct wr_input){.net = net,
	                       .asset = str("USDT"),
	                       .address = str(dest),
	                       .amount = 100,
	                       .value = WR_VALUE_UNKNOWN,
	                       .requested_at = T0,
	                       .book = book,
	                       .history = hist,
	                       .incoming = inc,
	                       .security = sec,
	                       .logins = logins};
	wr_rules_default(&rules);
}

static void add_book(enum address_network net, const char *addr, const char *label, int64_t at)
{
	book[in.n_book++] = (struct wr_book_entry){net, str(addr), str(NULL), str(label), at};
}

static void add_hist(enum address_network net, const char *addr, uint64_t amount, int64_t at)
{
	hist[in.n_history++] = (struct wr_past_withdrawal){
	    net, str(addr), str(NULL), str("USDT"), amount, WR_VALUE_UNKNOWN, at};
}

static void add_inc(enum address_network net, const char *from, uint64_t amount, int64_t value,
                    int64_t at)
{
	inc[in.n_incoming++] =
	    (struct wr_incoming_transfer){net, str(from), str("USDT"), amount, value, false, at};
}

static void add_login(const char *dev, const char *country, int64_t first_seen, int64_t at)
{
	logins[in.n_logins++] = (struct wr_login){str(dev), str(country), first_seen, at};
}

static enum wr_err eval(void)
{
	enum wr_err e = withdrawal_risk_evaluate(&in, &rules, &res);
	/* whatever the input, every explanation is readable UTF-8 */
	for (size_t i = 0; i < res.n_hits; i++) {
		ck_assert_uint_gt(strlen(res.hits[i].text), 20);
		ck_assert(utf8_valid(res.hits[i].text, strlen(res.hits[i].text), false));
	}
	return e;
}

static const struct wr_hit *hit(enum wr_code c)
{
	for (size_t i = 0; i < res.n_hits; i++)
		if (res.hits[i].code == c)
			return &res.hits[i];
	return NULL;
}

/* A hit that must be there: a missing one fails the test instead of crashing the run. */
static const struct wr_hit *must(enum wr_code c, int line)
{
	static const struct wr_hit none;
	const struct wr_hit *h = hit(c);
	if (h == NULL)
		ck_abort_msg("line %d: no %s hit", line, wr_code_name(c));
	return h != NULL ? h : &none;
}
#define get(c) must((c), __LINE__)

static void text_has(const struct wr_hit *h, const char *want, int line)
{
	ck_assert_msg(strstr(h->text, want) != NULL, "line %d: no '%s' in: %s", line, want,
	              h->text);
}
#define assert_text_has(h, s) text_has((h), (s), __LINE__)

/* Evaluates and answers whether a hit of code c came out. */
static bool fires(enum wr_code c)
{
	eval();
	return hit(c) != NULL;
}

/* The same for poisoning, to dest when given. */
static bool poisoned(const char *dest)
{
	if (dest != NULL)
		in.address = str(dest);
	eval();
	return hit(WR_HIT_POISONING) != NULL;
}

/* ------------------------------------------------------------------ poisoning */

START_TEST(eth_lookalike_of_book_entry)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger 冷钱包", T0 - 30 * DAY);
	ck_assert_int_eq(eval(), WR_OK);
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD_SECOND);
	ck_assert_str_eq(h->like, ETH_REAL);
	ck_assert_int_eq(h->like_origin, WR_ORIGIN_BOOK);
	ck_assert_uint_eq(h->like_index, 0);
	ck_assert_uint_eq(h->prefix, 4); /* "5aAe" = "5aAE": EIP-55 case is not a difference */
	ck_assert_uint_eq(h->suffix, 4);
	ck_assert_uint_eq(h->lookalikes, 1);
	ck_assert(!h->dust_origin);
	assert_text_has(h, "first 4 and last 4 characters with " ETH_REAL);
	assert_text_has(h, "\"Ledger 冷钱包\"");
	ck_assert_str_eq(res.destination, ETH_44);
	ck_assert(res.fold_case);
	ck_assert_int_eq(res.decision, WR_HOLD_SECOND_APPROVAL);
	ck_assert_ptr_eq(&res.hits[0], h); /* strongest first */
	ck_assert_int_eq(get(WR_HIT_FIRST_TIME)->severity, WR_SEV_WARN);
	ck_assert_int_eq(res.score, 80);
}
END_TEST

/* One character short on either end is not the rule: only the first-time warning remains. */
START_TEST(eth_one_short_is_not_poisoning)
{
	static const char *const near[] = {ETH_34, ETH_43};
	for (int i = 0; i < 2; i++) {
		reset(ADDRESS_NET_ETH, near[i]);
		add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
		ck_assert_int_eq(eval(), WR_OK);
		ck_assert_ptr_null(hit(WR_HIT_POISONING));
		ck_assert_uint_eq(res.n_hits, 1);
		ck_assert_int_eq(res.decision, WR_ALLOW);
	}
}
END_TEST

START_TEST(eth_stricter_affix_setting)
{
	reset(ADDRESS_NET_ETH, ETH_66);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	rules.poison_prefix = rules.poison_suffix = 6;
	ck_assert(poisoned(NULL));
	ck_assert_uint_eq(get(WR_HIT_POISONING)->prefix, 6);
	ck_assert(!poisoned(ETH_55));
	rules.poison_prefix = 0; /* off */
	rules.poison_suffix = 4;
	ck_assert(!poisoned(ETH_44));
}
END_TEST

START_TEST(tron_lookalike_of_past_withdrawal)
{
	reset(ADDRESS_NET_TRON, TRON_44);
	add_hist(ADDRESS_NET_TRON, TRON_REAL, 50000, T0 - 10 * DAY);
	eval();
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_str_eq(h->like, TRON_REAL);
	ck_assert_int_eq(h->like_origin, WR_ORIGIN_HISTORY);
	ck_assert_uint_eq(h->prefix, 4);
	ck_assert_uint_eq(h->suffix, 4);
	ck_assert(!res.fold_case);
	assert_text_has(h, "withdrawn to on 2025-06-05T15:06:40Z");
	ck_assert_int_eq(res.decision, WR_HOLD_SECOND_APPROVAL);
	ck_assert(!poisoned(TRON_43));
	ck_assert(!poisoned(TRON_34));
}
END_TEST

START_TEST(btc_bech32_lookalike)
{
	reset(ADDRESS_NET_BTC, "BC1QW508CX4AAAF87SC7FRCD9C0QDL8SYWUWTDF3T4");
	add_book(ADDRESS_NET_BTC, BTC_REAL, "cold storage", T0 - 100 * DAY);
	eval();
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_str_eq(res.destination, BTC_44);
	ck_assert_str_eq(h->like, BTC_REAL);
	ck_assert_uint_eq(h->prefix, 4); /* "w508" after "bc1q" */
	ck_assert(!poisoned(BTC_43));
	ck_assert(!poisoned(BTC_34));
	/* a legacy address is no lookalike of a Bech32 one, whatever its characters */
	ck_assert(!poisoned("1JyC9rTPgth6WyQftLPXAXtMLY5RQecbod"));
}
END_TEST

/* Base58 is case-sensitive: '7xKX' and '7XKX' share only the '7'. */
START_TEST(solana_base58_case_matters)
{
	reset(ADDRESS_NET_SOLANA, SOL_44);
	add_book(ADDRESS_NET_SOLANA, SOL_REAL, "Phantom", T0 - 5 * DAY);
	ck_assert(poisoned(NULL));
	ck_assert_uint_eq(get(WR_HIT_POISONING)->prefix, 4);
	ck_assert(!poisoned(SOL_CASE));
}
END_TEST

/* The user's own settled book entry, spelled in lower case, with a lookalike around: no hit. */
START_TEST(book_address_is_not_a_hit)
{
	reset(ADDRESS_NET_ETH, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	add_inc(ADDRESS_NET_ETH, ETH_44, 0, 0, T0 - DAY);
	add_hist(ADDRESS_NET_ETH, ETH_66, 100, T0 - 3 * DAY);
	ck_assert_int_eq(eval(), WR_OK);
	ck_assert_uint_eq(res.n_hits, 0);
	ck_assert(res.known);
	ck_assert_int_eq(res.decision, WR_ALLOW);
	ck_assert_int_eq(res.score, 0);
	ck_assert_str_eq(res.destination, ETH_REAL);
}
END_TEST

/* A lookalike the user was talked into whitelisting an hour ago is still a new address. */
START_TEST(fresh_book_entry_is_still_new)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	add_book(ADDRESS_NET_ETH, ETH_44, "Ledger (new)", T0 - 2 * HOUR);
	eval();
	ck_assert(!res.known);
	ck_assert_ptr_nonnull(hit(WR_HIT_POISONING));
	const struct wr_hit *f = hit(WR_HIT_FIRST_TIME);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->at, T0 - 2 * HOUR);
	assert_text_has(f, "added to the address book 2 h 0 min before the request");
	/* settled exactly at book_settle_ms */
	book[1].added_at = T0 - 24 * HOUR;
	eval();
	ck_assert(res.known);
	ck_assert_uint_eq(res.n_hits, 0);
	book[1].added_at = T0 - 24 * HOUR + 1;
	eval();
	ck_assert(!res.known);
}
END_TEST

/* The exchange case: the user deposited from their wallet; a poisoner sent a zero-value transfer
 * from a lookalike to the same deposit address; the user copies the lookalike from the history. */
START_TEST(deposit_history_poisoning_with_dust)
{
	reset(ADDRESS_NET_TRON, TRON_44);
	add_inc(ADDRESS_NET_TRON, TRON_REAL, 500000000, 50000, T0 - 3 * DAY);
	add_inc(ADDRESS_NET_TRON, TRON_44, 0, 0, T0 - 3 * DAY + 40 * 60000);
	eval();
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_int_eq(h->like_origin, WR_ORIGIN_INCOMING);
	ck_assert_uint_eq(h->like_index, 0);
	ck_assert(h->dust_origin);
	ck_assert_int_eq(h->score, 90);
	assert_text_has(h, "zero-value or dust transfer on 2025-06-12T15:46:40Z");
	assert_text_has(h, "which sent a deposit on 2025-06-12T15:06:40Z");
}
END_TEST

/* Dust senders are not counterparties: a genuine new address is not a "lookalike" of the
 * poisoner's dust address. Dust is a zero amount, an unlisted token or a value up to dust_value. */
START_TEST(dust_sender_is_no_counterparty)
{
	reset(ADDRESS_NET_TRON, TRON_REAL);
	add_inc(ADDRESS_NET_TRON, TRON_44, 1, 100, T0 - DAY);
	ck_assert(!poisoned(NULL));
	ck_assert_ptr_nonnull(hit(WR_HIT_FIRST_TIME));
	inc[0].value = 101; /* worth more than a dollar: a real transfer */
	ck_assert(poisoned(NULL));
	inc[0].unlisted_token = true;
	ck_assert(!poisoned(NULL));
	inc[0].unlisted_token = false;
	inc[0].amount = 0;
	ck_assert(!poisoned(NULL));
}
END_TEST

/* A near miss: one or two characters changed, with the ends still in place. */
START_TEST(near_miss_by_edit_distance)
{
	reset(ADDRESS_NET_ETH, "0x5a0eb6053f3e94c9b9a09f33669435e7ef1beaed"); /* 1 change, at 3 */
	add_hist(ADDRESS_NET_ETH, ETH_REAL, 100, T0 - DAY);
	eval();
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_uint_eq(h->distance, 1);
	ck_assert_uint_eq(h->prefix, 2);
	assert_text_has(h, "only 1 edit away from " ETH_REAL);
	in.address = str("0x5a0eb6053f3e94c9b9a19f33669435e7ef1beaed"); /* 2 */
	eval();
	ck_assert_uint_eq(get(WR_HIT_POISONING)->distance, 2);
	ck_assert(!poisoned("0x5a0eb6053f3e94c9b9a19f33669435e7e01beaed")); /* 3 changes */
	ck_assert(!poisoned("0x500eb6053f3e94c9b9a09f33669435e7ef1beaed")); /* 1 shared first */
	rules.poison_edit_max = 0;                                          /* off */
	ck_assert(!poisoned("0x5a0eb6053f3e94c9b9a09f33669435e7ef1beaed"));
}
END_TEST

/* One 0x address is one key on every EVM chain; a TRON address is never compared with it. */
START_TEST(across_evm_chains_only)
{
	reset(ADDRESS_NET_BSC, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	ck_assert(poisoned(NULL));
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_TRON, TRON_REAL, "tron", T0 - 30 * DAY);
	add_book(ADDRESS_NET_TRON, "garbage", "bad", T0 - 30 * DAY);
	ck_assert(!poisoned(NULL));
	ck_assert_uint_eq(res.skipped, 0); /* other families are not even checked */
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "typo", 1);
	eval();
	ck_assert_uint_eq(res.skipped, 1);
}
END_TEST

START_TEST(closest_lookalike_is_reported)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	add_hist(ADDRESS_NET_ETH, ETH_66, 100, T0 - DAY); /* also 4 + 4, fewer edits */
	eval();
	const struct wr_hit *h = get(WR_HIT_POISONING);
	ck_assert_str_eq(h->like, ETH_66);
	ck_assert_uint_eq(h->lookalikes, 2);
	assert_text_has(h, "2 known addresses look alike in all");
	reset(ADDRESS_NET_ETH, ETH_66);
	add_hist(ADDRESS_NET_ETH, ETH_44, 100, T0 - DAY);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY); /* 6 + 6 */
	eval();
	ck_assert_str_eq(get(WR_HIT_POISONING)->like, ETH_REAL);
}
END_TEST

/* ------------------------------------------------------------------ first-time address */

START_TEST(first_time_warns_then_holds_at_threshold)
{
	reset(ADDRESS_NET_ETH, ETH_REAL);
	eval();
	const struct wr_hit *h = get(WR_HIT_FIRST_TIME);
	ck_assert_int_eq(h->severity, WR_SEV_WARN);
	assert_text_has(h, "not in the address book and was never withdrawn to");
	ck_assert_int_eq(res.decision, WR_ALLOW);
	ck_assert_int_eq(res.score, 10);
	in.value = 99999;
	eval();
	ck_assert_int_eq(get(WR_HIT_FIRST_TIME)->severity, WR_SEV_WARN);
	in.value = 100000;
	eval();
	ck_assert_int_eq(get(WR_HIT_FIRST_TIME)->severity, WR_SEV_HOLD);
	assert_text_has(get(WR_HIT_FIRST_TIME), "($1000.00) is at or above");
	ck_assert_int_eq(res.decision, WR_HOLD);
	rules.first_time_hold_value = -1;
	eval();
	ck_assert_int_eq(get(WR_HIT_FIRST_TIME)->severity, WR_SEV_WARN);
}
END_TEST

START_TEST(history_makes_an_address_known)
{
	reset(ADDRESS_NET_ARBITRUM, ETH_REAL);
	add_hist(ADDRESS_NET_ETH, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 1, T0 - 300 * DAY);
	eval();
	ck_assert(res.known);
	ck_assert_ptr_null(hit(WR_HIT_FIRST_TIME));
	hist[0].at = T0 + 1; /* a withdrawal after this request does not count */
	eval();
	ck_assert(!res.known);
	/* a deposit from it does not make it known either, but the agent is told */
	add_inc(ADDRESS_NET_ETH, ETH_REAL, 1000, 5000, T0 - 2 * DAY);
	eval();
	assert_text_has(get(WR_HIT_FIRST_TIME),
	                "It did send a deposit to this account on 2025-06-13");
}
END_TEST

/* ------------------------------------------------------------------ cooldown */

START_TEST(cooldown_boundaries)
{
	static const struct {
		enum wr_security_kind kind;
		int64_t cool;
	} k[] = {{WR_SEC_PASSWORD, 24 * HOUR},      {WR_SEC_2FA, 24 * HOUR},
	         {WR_SEC_EMAIL, 48 * HOUR},         {WR_SEC_PHONE, 48 * HOUR},
	         {WR_SEC_ANTI_PHISHING, 24 * HOUR}, {WR_SEC_RECOVERY, 72 * HOUR}};
	for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
		reset(ADDRESS_NET_ETH, ETH_REAL);
		in.n_security = 1;
		sec[0] = (struct wr_security_change){k[i].kind, T0 - k[i].cool + 1};
		eval();
		const struct wr_hit *h = get(WR_HIT_COOLDOWN);
		ck_assert_int_eq(h->severity, WR_SEV_HOLD);
		ck_assert_int_eq(h->security_kind, k[i].kind);
		ck_assert_int_eq(h->until, T0 + 1);
		sec[0].at = T0 - k[i].cool;
		ck_assert(!fires(WR_HIT_COOLDOWN));
		sec[0].at = T0;
		ck_assert(fires(WR_HIT_COOLDOWN));
		sec[0].at = T0 + 1; /* after the request */
		ck_assert(!fires(WR_HIT_COOLDOWN));
	}
}
END_TEST

START_TEST(cooldown_text_and_known_destination)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	in.n_security = 2;
	sec[0] = (struct wr_security_change){WR_SEC_EMAIL, T0 - 30 * HOUR}; /* until T0 + 18 h */
	sec[1] = (struct wr_security_change){WR_SEC_2FA, T0 - 90 * 60000};  /* until T0 + 22.5 h */
	eval();
	const struct wr_hit *h = get(WR_HIT_COOLDOWN);
	ck_assert_int_eq(h->security_kind, WR_SEC_2FA);
	assert_text_has(h, "The two-factor authentication was changed 1 h 30 min before");
	assert_text_has(h, "wait 1 day 0 h after that, until 2025-06-16T13:36:40Z");
	assert_text_has(h, "2 security changes are within their cooldown");
	add_book(ADDRESS_NET_ETH, ETH_44, "mine", T0 - 60 * DAY);
	eval();
	ck_assert_int_eq(get(WR_HIT_COOLDOWN)->severity, WR_SEV_WARN);
	assert_text_has(get(WR_HIT_COOLDOWN), "warning only");
	ck_assert_int_eq(res.decision, WR_ALLOW);
	rules.cooldown_ms[WR_SEC_2FA] = 0;
	rules.cooldown_ms[WR_SEC_EMAIL] = 0;
	ck_assert(!fires(WR_HIT_COOLDOWN));
}
END_TEST

/* ------------------------------------------------------------------ device and country */

START_TEST(new_device_boundaries)
{
	reset(ADDRESS_NET_ETH, ETH_REAL);
	add_login("dev-A", "DE", T0 - 300 * DAY, T0 - 5 * DAY);
	add_login("dev-B", "DE", T0 - 24 * HOUR + 1, T0 - HOUR);
	add_login("dev-C", "DE", T0 + 5, T0 + 5); /* after the request: not "the login before" */
	eval();
	const struct wr_hit *h = get(WR_HIT_NEW_DEVICE);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	ck_assert_uint_eq(h->login_index, 1);
	ck_assert_int_eq(h->at, T0 - 24 * HOUR + 1);
	assert_text_has(h, "came from a device first seen 23 h 59 min before the request");
	logins[1].first_seen = T0 - 24 * HOUR;
	ck_assert(!fires(WR_HIT_NEW_DEVICE));
	/* unknown first_seen: the device's earliest login given */
	logins[1].first_seen = 0;
	ck_assert(fires(WR_HIT_NEW_DEVICE));
	add_login("dev-B", "DE", 0, T0 - 30 * HOUR);
	ck_assert(!fires(WR_HIT_NEW_DEVICE));
	/* no device id, no device rule */
	reset(ADDRESS_NET_ETH, ETH_REAL);
	add_login("", "DE", T0 - HOUR, T0 - HOUR);
	ck_assert(!fires(WR_HIT_NEW_DEVICE));
}
END_TEST

START_TEST(new_country_boundaries)
{
	reset(ADDRESS_NET_ETH, ETH_REAL);
	add_login("d", "DE", T0 - 400 * DAY, T0 - 20 * DAY);
	add_login("d", "DE", T0 - 400 * DAY, T0 - 10 * DAY);
	add_login("d", "NG", T0 - 400 * DAY, T0 - 24 * HOUR + 1);
	eval();
	const struct wr_hit *h = get(WR_HIT_NEW_COUNTRY);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	assert_text_has(h, "came from NG, a country not seen in the 2 earlier logins");
	logins[2].at = T0 - 24 * HOUR;
	ck_assert(!fires(WR_HIT_NEW_COUNTRY));
	logins[2].at = T0 - HOUR;
	logins[2].country = str("de"); /* the same country in another case */
	ck_assert(!fires(WR_HIT_NEW_COUNTRY));
	/* a first login ever has nothing to be new against */
	reset(ADDRESS_NET_ETH, ETH_REAL);
	add_login("d", "NG", T0 - 400 * DAY, T0 - HOUR);
	ck_assert(!fires(WR_HIT_NEW_COUNTRY));
}
END_TEST

/* ------------------------------------------------------------------ amount */

static void five_of_100(void)
{
	for (int i = 0; i < 5; i++)
		add_hist(ADDRESS_NET_ETH, ETH_REAL, 100, T0 - (i + 1) * DAY);
}

START_TEST(amount_above_five_times_max)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	five_of_100();
	in.amount = 500;
	ck_assert(!fires(WR_HIT_AMOUNT));
	in.amount = 501;
	eval();
	const struct wr_hit *h = get(WR_HIT_AMOUNT);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	ck_assert_uint_eq(h->baseline, 100);
	ck_assert_uint_eq(h->compared, 501);
	ck_assert_uint_eq(h->pct, 500);
	ck_assert_uint_eq(h->history_n, 5);
	ck_assert(!h->by_value);
	assert_text_has(h,
	                "(501) is more than 5.00 times the largest withdrawal of the last 90 days");
	/* another asset's amounts are not comparable */
	in.asset = str("BTC");
	ck_assert(!fires(WR_HIT_AMOUNT));
	in.asset = str("usdt");
	ck_assert(fires(WR_HIT_AMOUNT));
}
END_TEST

START_TEST(amount_needs_minimum_history_in_window)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	five_of_100();
	hist[4].at = T0 - 90 * DAY; /* the window's first millisecond: counted */
	in.amount = 100000;
	ck_assert(fires(WR_HIT_AMOUNT));
	hist[4].at = T0 - 90 * DAY - 1; /* outside: four left, below the minimum */
	ck_assert(!fires(WR_HIT_AMOUNT));
	ck_assert_ptr_null(hit(WR_HIT_LARGE_NO_HISTORY)); /* no value known */
	rules.amount_min_history = 4;
	ck_assert(fires(WR_HIT_AMOUNT));
}
END_TEST

/* One big outlier hides nothing: the 95th percentile of 19 x 10 and 1 x 1000 is 10. */
START_TEST(amount_above_ten_times_p95)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	for (int i = 0; i < 19; i++)
		add_hist(ADDRESS_NET_ETH, ETH_REAL, 10, T0 - (i + 1) * HOUR);
	add_hist(ADDRESS_NET_ETH, ETH_REAL, 1000, T0 - 30 * DAY);
	in.amount = 100;
	ck_assert(!fires(WR_HIT_AMOUNT));
	in.amount = 101;
	eval();
	const struct wr_hit *h = get(WR_HIT_AMOUNT);
	ck_assert_uint_eq(h->baseline, 10);
	ck_assert_uint_eq(h->pct, 1000);
	assert_text_has(h, "10.00 times the 95th percentile");
}
END_TEST

START_TEST(amount_by_reference_value)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	five_of_100();
	for (int i = 0; i < 5; i++)
		hist[i].value = 10000; /* $100 each, whatever the asset */
	hist[0].asset = str("ETH");
	in.value = 50000;
	ck_assert(!fires(WR_HIT_AMOUNT));
	in.value = 50001;
	eval();
	const struct wr_hit *h = get(WR_HIT_AMOUNT);
	ck_assert(h->by_value);
	ck_assert_uint_eq(h->history_n, 5);
	assert_text_has(h, "($500.01) is more than 5.00 times");
	assert_text_has(h, "($100.00, 5 withdrawals with a known value)");
}
END_TEST

START_TEST(large_without_history)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	add_hist(ADDRESS_NET_ETH, ETH_REAL, 100, T0 - DAY);
	in.value = 999999;
	ck_assert(!fires(WR_HIT_LARGE_NO_HISTORY));
	in.value = 1000000;
	eval();
	const struct wr_hit *h = get(WR_HIT_LARGE_NO_HISTORY);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	ck_assert_uint_eq(h->history_n, 0); /* the one withdrawal has no value to compare */
	assert_text_has(h, "($10000.00, at or above $10000.00) with 0 earlier withdrawals");
	in.address = str(ETH_REAL); /* to a known address: warning only */
	eval();
	ck_assert_int_eq(get(WR_HIT_LARGE_NO_HISTORY)->severity, WR_SEV_WARN);
	ck_assert_int_eq(res.decision, WR_ALLOW);
}
END_TEST

START_TEST(amount_given_as_decimal_text)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	five_of_100(); /* 1.00 USDT each, in cents */
	in.amount_text = str("5.01");
	in.decimals = 2;
	in.amount = 0;
	eval();
	ck_assert_uint_eq(res.amount, 501);
	assert_text_has(get(WR_HIT_AMOUNT), "The amount (5.01) is more than 5.00 times");
	assert_text_has(get(WR_HIT_AMOUNT), "(1.00, 5 withdrawals of this asset)");
	in.amount_text = str("5.001");
	ck_assert_int_eq(eval(), WR_ERR_AMOUNT);
	ck_assert_int_eq(res.err, WR_ERR_AMOUNT);
	ck_assert_int_eq(res.decision, WR_HOLD); /* held, never allowed */
	ck_assert_uint_eq(res.n_hits, 0);
}
END_TEST

static const struct {
	const char *text;
	unsigned decimals;
	bool ok;
	uint64_t want;
} amounts[] = {
    /* clang-format off */
    {"0", 0, true, 0},            {"1500.25", 2, true, 150025},    {"1.5", 2, true, 150},
    {"1.230", 2, true, 123},      {"00012", 0, true, 12},          {"0.00000001", 8, true, 1},
    {"18446744073709551615", 0, true, UINT64_MAX},  {"18446744073709551616", 0, false, 0},
    {"184467440737.09551615", 8, true, UINT64_MAX}, {"184467440737.09551616", 8, false, 0},
    {"1", 18, true, 1000000000000000000ULL},        {"19", 18, false, 0},
    {"1.235", 2, false, 0},       {"", 2, false, 0},               {".5", 2, false, 0},
    {"5.", 2, false, 0},          {"1.2.3", 2, false, 0},          {"1e5", 0, false, 0},
    {"-1", 0, false, 0},          {"+1", 0, false, 0},             {" 1", 0, false, 0},
    {"1,000", 0, false, 0},       {"１", 0, false, 0} /* full-width */, {"1", 19, false, 0},
    {"0000000000000000000000000000000000000000000000000000000000000001", 0, true, 1},
    {"00000000000000000000000000000000000000000000000000000000000000001", 0, false, 0},
    /* clang-format on */
};

START_TEST(amount_parse)
{
	uint64_t v = 77;
	bool ok =
	    wr_amount_parse(amounts[_i].text, strlen(amounts[_i].text), amounts[_i].decimals, &v);
	ck_assert_msg(ok == amounts[_i].ok, "'%s'", amounts[_i].text);
	ck_assert_uint_eq(v, ok ? amounts[_i].want : 77); /* untouched on failure */
}
END_TEST

/* ------------------------------------------------------------------ lists */

static struct arena arena;
static struct scam_list list;

static void load_list(void)
{
	static const char text[] = "ETH," ETH_44 ",sanctions:ofac-sdn,Example Sanctioned Ltd\n"
	                           "TRON," TRON_44 ",scam:internal,Поддельная служба поддержки\n";
	arena_free(&arena);
	arena_init(&arena, 0);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, sizeof text - 1, NULL, 0),
	                 SCAM_LIST_OK);
}

START_TEST(sanctions_hit_goes_to_compliance)
{
	load_list();
	reset(ADDRESS_NET_POLYGON, "0x5aae2f3e80210ff495c7ffc86e8ac30295dceaed");
	add_book(ADDRESS_NET_POLYGON, ETH_44, "old", T0 - 90 * DAY); /* known: still a hit */
	in.list = &list;
	eval();
	const struct wr_hit *h = get(WR_HIT_SANCTIONS);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD_SECOND);
	ck_assert(res.compliance);
	ck_assert(res.list_checked);
	ck_assert_str_eq(h->list_entry->source, "sanctions:ofac-sdn");
	assert_text_has(h, "support cannot release it");
	ck_assert_int_eq(res.decision, WR_HOLD_SECOND_APPROVAL);
	ck_assert_int_eq(res.score, 100);
	arena_free(&arena);
}
END_TEST

START_TEST(scam_list_hit_and_misses)
{
	load_list();
	reset(ADDRESS_NET_TRON, TRON_44);
	in.list = &list;
	eval();
	const struct wr_hit *h = get(WR_HIT_SCAM_LIST);
	ck_assert(!res.compliance);
	assert_text_has(h,
	                "on a scam list (scam:internal, line 2: \"Поддельная служба поддержки\")");
	ck_assert_int_eq(res.decision, WR_HOLD_SECOND_APPROVAL);
	in.address = str(TRON_43);
	ck_assert(!fires(WR_HIT_SCAM_LIST));
	ck_assert(res.list_checked);
	in.list = NULL;
	in.address = str(TRON_44);
	eval();
	ck_assert(!res.list_checked);
	ck_assert_ptr_null(hit(WR_HIT_SCAM_LIST));
	arena_free(&arena);
}
END_TEST

/* ------------------------------------------------------------------ other rules */

START_TEST(invalid_destination_is_held)
{
	reset(ADDRESS_NET_ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");
	eval();
	const struct wr_hit *h = get(WR_HIT_INVALID_ADDRESS);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	assert_text_has(h, "not a valid ETH mainnet address: checksum does not match");
	ck_assert_uint_eq(res.destination_len, 0);
	ck_assert_int_eq(res.decision, WR_HOLD);
	reset(ADDRESS_NET_BTC, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx");
	in.n_security = 1;
	sec[0] = (struct wr_security_change){WR_SEC_PASSWORD, T0 - HOUR};
	eval();
	assert_text_has(get(WR_HIT_INVALID_ADDRESS), "a testnet address");
	ck_assert_ptr_nonnull(hit(WR_HIT_COOLDOWN)); /* the other rules still run */
}
END_TEST

/* A shared exchange address with a different tag credits someone else's account. */
START_TEST(memo_changed_on_known_shared_address)
{
	reset(ADDRESS_NET_XRP, XRP_REAL);
	add_hist(ADDRESS_NET_XRP, XRP_REAL, 100, T0 - 20 * DAY);
	hist[0].memo = str("123");
	in.memo = str("124");
	eval();
	const struct wr_hit *h = get(WR_HIT_MEMO_CHANGED);
	ck_assert_int_eq(h->severity, WR_SEV_HOLD);
	assert_text_has(h, "memo/tag \"124\" was never used with it before (earlier: \"123\")");
	in.memo = str("0123"); /* the same tag */
	ck_assert(!fires(WR_HIT_MEMO_CHANGED));
	ck_assert_uint_eq(res.n_hits, 0);
	in.memo = str(NULL);
	eval();
	assert_text_has(get(WR_HIT_MEMO_CHANGED), "without the memo/tag used before (\"123\")");
	hist[0].memo = str(NULL); /* never used with a memo: a memo now is not a change */
	in.memo = str("5");
	ck_assert(!fires(WR_HIT_MEMO_CHANGED));
}
END_TEST

/* ------------------------------------------------------------------ combinations */

START_TEST(everything_at_once)
{
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	five_of_100();
	in.amount = 1000;
	in.n_security = 1;
	sec[0] = (struct wr_security_change){WR_SEC_PASSWORD, T0 - 2 * HOUR};
	add_login("old", "DE", T0 - 300 * DAY, T0 - 3 * DAY);
	add_login("new", "VN", T0 - 3 * HOUR, T0 - 3 * HOUR);
	ck_assert_int_eq(eval(), WR_OK);
	static const enum wr_code order[] = {WR_HIT_POISONING,  WR_HIT_COOLDOWN,
	                                     WR_HIT_NEW_DEVICE, WR_HIT_NEW_COUNTRY,
	                                     WR_HIT_AMOUNT,     WR_HIT_FIRST_TIME};
	ck_assert_uint_eq(res.n_hits, 6);
	for (size_t i = 0; i < 6; i++)
		ck_assert_msg(res.hits[i].code == order[i], "hit %zu is %s", i,
		              wr_code_name(res.hits[i].code));
	ck_assert_int_eq(res.decision, WR_HOLD_SECOND_APPROVAL);
	ck_assert_int_eq(res.score, 100); /* 70 + 30 + 20 + 20 + 30 + 10, capped */

	/* the same input gives the same result */
	static struct wr_result first;
	first = res;
	eval();
	ck_assert_uint_eq(res.n_hits, first.n_hits);
	for (size_t i = 0; i < res.n_hits; i++) {
		ck_assert_str_eq(res.hits[i].text, first.hits[i].text);
		ck_assert_int_eq(res.hits[i].score, first.hits[i].score);
	}
}
END_TEST

START_TEST(sanctions_before_poisoning)
{
	load_list();
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	in.list = &list;
	eval();
	ck_assert_int_eq(res.hits[0].code, WR_HIT_SANCTIONS);
	ck_assert_int_eq(res.hits[1].code, WR_HIT_POISONING);
	ck_assert_int_eq(res.hits[2].code, WR_HIT_FIRST_TIME);
	arena_free(&arena);
}
END_TEST

START_TEST(holds_without_second_approval)
{
	reset(ADDRESS_NET_ETH, ETH_REAL);
	in.value = 200000;
	in.n_security = 1;
	sec[0] = (struct wr_security_change){WR_SEC_PHONE, T0 - 47 * HOUR};
	eval();
	ck_assert_int_eq(res.decision, WR_HOLD);
	ck_assert_int_eq(res.hits[0].code, WR_HIT_FIRST_TIME);
	ck_assert_int_eq(res.hits[1].code, WR_HIT_COOLDOWN);
	ck_assert_int_eq(res.score, 55);
}
END_TEST

START_TEST(warnings_alone_allow)
{
	reset(ADDRESS_NET_ETH, ETH_REAL);
	add_book(ADDRESS_NET_ETH, ETH_REAL, "Ledger", T0 - 30 * DAY);
	in.n_security = 1;
	sec[0] = (struct wr_security_change){WR_SEC_PASSWORD, T0 - HOUR};
	add_login("d", "DE", T0 - 300 * DAY, T0 - 3 * DAY);
	add_login("d", "BR", T0 - 300 * DAY, T0 - HOUR);
	eval();
	ck_assert_uint_eq(res.n_hits, 2);
	ck_assert_int_eq(res.hits[0].severity, WR_SEV_WARN);
	ck_assert_int_eq(res.hits[1].severity, WR_SEV_WARN);
	ck_assert_int_eq(res.decision, WR_ALLOW);
	ck_assert_int_eq(res.score, 20);
}
END_TEST

/* ------------------------------------------------------------------ input and text */

START_TEST(bad_input_is_held)
{
	static struct wr_book_entry many[WR_MAX_BOOK + 1];

	ck_assert_int_eq(withdrawal_risk_evaluate(NULL, NULL, &res), WR_ERR_INPUT);
	ck_assert_int_eq(res.decision, WR_HOLD);
	ck_assert_int_eq(withdrawal_risk_evaluate(&in, NULL, NULL), WR_ERR_INPUT);
	reset(ADDRESS_NET_COUNT, ETH_REAL);
	ck_assert_int_eq(eval(), WR_ERR_INPUT);
	ck_assert_int_eq(res.decision, WR_HOLD);
	reset(ADDRESS_NET_ETH, ETH_REAL);
	in.requested_at = 0;
	ck_assert_int_eq(eval(), WR_ERR_INPUT);
	reset(ADDRESS_NET_ETH, ETH_REAL);
	in.book = NULL;
	in.n_book = 1;
	ck_assert_int_eq(eval(), WR_ERR_INPUT);
	reset(ADDRESS_NET_ETH, ETH_REAL);
	in.n_security = 1;
	sec[0].kind = WR_SEC_KIND_COUNT;
	ck_assert_int_eq(eval(), WR_ERR_INPUT);

	for (size_t i = 0; i < WR_MAX_BOOK + 1; i++)
		many[i] = (struct wr_book_entry){ADDRESS_NET_ETH, str(ETH_66), str(NULL), str("x"),
		                                 T0 - DAY};
	reset(ADDRESS_NET_ETH, ETH_REAL);
	in.book = many;
	in.n_book = WR_MAX_BOOK + 1;
	ck_assert_int_eq(eval(), WR_ERR_TOO_MANY);
	ck_assert_int_eq(res.decision, WR_HOLD);
	ck_assert_uint_eq(res.n_hits, 0);
	in.n_book = WR_MAX_BOOK;
	ck_assert_int_eq(eval(), WR_OK);
	ck_assert_uint_eq(get(WR_HIT_POISONING)->lookalikes, WR_MAX_BOOK);
	ck_assert_uint_eq(get(WR_HIT_POISONING)->like_index, 0);
}
END_TEST

START_TEST(labels_are_quoted_safely)
{
	char longlabel[128] = "", want[128] = "\"";
	for (int i = 0; i < 33; i++)
		strcat(longlabel, "钱"); /* 99 bytes */
	for (int i = 0; i < 20; i++)
		strcat(want, "钱"); /* the first 60 bytes, whole characters */
	strcat(want, "...\"");
	reset(ADDRESS_NET_ETH, ETH_44);
	add_book(ADDRESS_NET_ETH, ETH_REAL, longlabel, T0 - 30 * DAY);
	eval();
	assert_text_has(get(WR_HIT_POISONING), want);
	book[0].label = str("line\nbreak\x1b");
	eval();
	assert_text_has(get(WR_HIT_POISONING), "\"line break \"");
	book[0].label = str("bad\xff");
	eval();
	assert_text_has(get(WR_HIT_POISONING), "(unreadable name)");
	book[0].label = str(NULL);
	eval();
	assert_text_has(get(WR_HIT_POISONING), "(unnamed)");
}
END_TEST

START_TEST(names_are_stable)
{
	for (int c = 0; c < WR_HIT_CODE_COUNT; c++) {
		ck_assert_ptr_nonnull(wr_code_name(c));
		for (int d = 0; d < c; d++)
			ck_assert_str_ne(wr_code_name(c), wr_code_name(d));
	}
	ck_assert_ptr_null(wr_code_name(WR_HIT_CODE_COUNT));
	ck_assert_str_eq(wr_code_name(WR_HIT_POISONING), "address_poisoning");
	ck_assert_str_eq(wr_decision_name(WR_HOLD_SECOND_APPROVAL), "hold_needs_second_approval");
	ck_assert_str_eq(wr_decision_name(WR_ALLOW), "allow");
	ck_assert_str_eq(wr_severity_name(WR_SEV_HOLD_SECOND), "hold_second");
	ck_assert_str_eq(wr_origin_name(WR_ORIGIN_INCOMING), "deposit");
	ck_assert_str_eq(wr_security_kind_code(WR_SEC_2FA), "2fa");
	ck_assert_ptr_null(wr_security_kind_code(WR_SEC_KIND_COUNT));
	ck_assert_str_ne(wr_strerror(WR_ERR_TOO_MANY), "unknown error");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("withdrawal_risk");

	arena_init(&arena, 0);
	UNIT_TEST(s, eth_lookalike_of_book_entry);
	UNIT_TEST(s, eth_one_short_is_not_poisoning);
	UNIT_TEST(s, eth_stricter_affix_setting);
	UNIT_TEST(s, tron_lookalike_of_past_withdrawal);
	UNIT_TEST(s, btc_bech32_lookalike);
	UNIT_TEST(s, solana_base58_case_matters);
	UNIT_TEST(s, book_address_is_not_a_hit);
	UNIT_TEST(s, fresh_book_entry_is_still_new);
	UNIT_TEST(s, deposit_history_poisoning_with_dust);
	UNIT_TEST(s, dust_sender_is_no_counterparty);
	UNIT_TEST(s, near_miss_by_edit_distance);
	UNIT_TEST(s, across_evm_chains_only);
	UNIT_TEST(s, closest_lookalike_is_reported);
	UNIT_TEST(s, first_time_warns_then_holds_at_threshold);
	UNIT_TEST(s, history_makes_an_address_known);
	UNIT_TEST(s, cooldown_boundaries);
	UNIT_TEST(s, cooldown_text_and_known_destination);
	UNIT_TEST(s, new_device_boundaries);
	UNIT_TEST(s, new_country_boundaries);
	UNIT_TEST(s, amount_above_five_times_max);
	UNIT_TEST(s, amount_needs_minimum_history_in_window);
	UNIT_TEST(s, amount_above_ten_times_p95);
	UNIT_TEST(s, amount_by_reference_value);
	UNIT_TEST(s, large_without_history);
	UNIT_TEST(s, amount_given_as_decimal_text);
	for (int i = 0; i < (int)(sizeof amounts / sizeof amounts[0]); i++)
		unit_add_case(s,
		              unit_name("amount_parse '%.24s' with %u decimals", amounts[i].text,
		                        amounts[i].decimals),
		              amount_parse, i);
	UNIT_TEST(s, sanctions_hit_goes_to_compliance);
	UNIT_TEST(s, scam_list_hit_and_misses);
	UNIT_TEST(s, invalid_destination_is_held);
	UNIT_TEST(s, memo_changed_on_known_shared_address);
	UNIT_TEST(s, everything_at_once);
	UNIT_TEST(s, sanctions_before_poisoning);
	UNIT_TEST(s, holds_without_second_approval);
	UNIT_TEST(s, warnings_alone_allow);
	UNIT_TEST(s, bad_input_is_held);
	UNIT_TEST(s, labels_are_quoted_safely);
	UNIT_TEST(s, names_are_stable);
	int rc = unit_run(s, "withdrawal_risk");
	arena_free(&arena);
	return rc;
}
