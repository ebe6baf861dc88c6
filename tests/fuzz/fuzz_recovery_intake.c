/* fuzz_recovery_intake.c — fuzz driver for deposit recovery (src/core/recovery.h), any bytes.
 *
 * Input: lines separated by '\n': the asset's decimals (digits; anything else is "unknown"),
 * then asset, network, txid, address, memo, memo_used, amount, sender, and the rest is the note.
 * The same bytes, hashed, also pick the facts of a case (flags, networks, counts, times, value)
 * and sometimes a changed policy, so every input drives the form, the amount parser, the fee
 * arithmetic and the classifier.
 *
 * Beyond "does not crash":
 *  - the form: at most one error per field, in field order, each with a snake_case code and a
 *    message; only seed_phrase/private_key are secret; check and normalize agree; an accepted
 *    form has a network, a valid txid, address and sender, and an amount above zero whose
 *    canonical text parses back to it;
 *  - amounts: whatever parses is above zero and round-trips through its canonical text;
 *  - fee quotes: fee <= value and <= cap, fee + credit = amount, the fee a whole number of the
 *    asset's smallest units;
 *  - classification: a listed message key, manual_reason exactly when routed, a valid UTF-8
 *    summary within its bound, the same decision twice, a credit only for a matched, final,
 *    priced, uncredited memo case with the approval flag exactly above the threshold, a wait
 *    only for a code that waits, and a closure never of coins the exchange holds (except the
 *    policy's explicit below-minimum closure).
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_recovery_intake/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_recovery_intake.c src/core/recovery.c src/core/recovery_intake.c \
 *       src/core/amount.c src/core/address.c src/core/address_formats.c src/core/txid.c \
 *       src/core/base58.c src/core/bech32.c src/core/keccak.c src/util/utf8.c \
 *       $(pkg-config --cflags --libs libsodium libutf8proc nettle) -o /tmp/fuzz_recovery
 *   mkdir -p /tmp/fuzz_recovery.corpus
 *   /tmp/fuzz_recovery /tmp/fuzz_recovery.corpus tests/fuzz/corpus/fuzz_recovery_intake */
#include "core/recovery.h"
#include "util/utf8.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() rather than assert(): the property must hold in release builds too. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define NOW INT64_C(1750000000000)
/* 10^(AMOUNT_INT_DIGITS + AMOUNT_SCALE) = 10^33: the first amount out of range. */
#define AMOUNT_LIMIT ((__int128)1000000000000000000 * 1000000000000000)

enum {
	L_DECIMALS,
	L_ASSET,
	L_NETWORK,
	L_TXID,
	L_ADDRESS,
	L_MEMO,
	L_MEMO_USED,
	L_AMOUNT,
	L_SENDER,
	L_NOTE,
	L_COUNT
};

struct line {
	const char *p;
	size_t n;
};

static void split(const char *s, size_t size, struct line l[L_COUNT])
{
	size_t at = 0;
	for (int i = 0; i < L_COUNT; i++) {
		const char *nl = i < L_NOTE && at < size ? memchr(s + at, '\n', size - at) : NULL;
		size_t end = i == L_NOTE ? size : nl != NULL ? (size_t)(nl - s) : size;
		l[i].p = at < size ? s + at : NULL;
		l[i].n = at < size ? end - at : 0;
		at = end < size ? end + 1 : size;
	}
}

static bool snake(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

static int decimals_of(const struct line *l)
{
	int d = 0;
	if (l->n == 0 || l->n > 3)
		return RECOVERY_DECIMALS_UNKNOWN;
	for (size_t i = 0; i < l->n; i++) {
		if (l->p[i] < '0' || l->p[i] > '9')
			return RECOVERY_DECIMALS_UNKNOWN;
		d = d * 10 + (l->p[i] - '0');
	}
	return d;
}

/* ------------------------------------------------------------------ the form */

static void check_amount_text(const char *s, size_t n, int decimals)
{
	struct amount a, b;
	char text[AMOUNT_TEXT_MAX];
	enum recovery_amount_rc rc = recovery_amount_parse(s, n, decimals, &a);

	CHECK(rc <= RECOVERY_AMOUNT_TOO_LARGE && snake(recovery_amount_rc_code(rc)));
	if (rc != RECOVERY_AMOUNT_OK) {
		CHECK(amount_is_zero(a));
		return;
	}
	CHECK(a.units > 0);
	amount_format(a, text);
	CHECK(recovery_amount_parse(text, strlen(text), decimals, &b) == RECOVERY_AMOUNT_OK);
	CHECK(amount_cmp(a, b) == 0);
}

static void check_form(const struct line l[L_COUNT])
{
	struct recovery_intake in = {0};
	struct recovery_intake_errors err, err2;
	struct recovery_intake_clean c;

	in.asset_decimals = decimals_of(&l[L_DECIMALS]);
	in.asset = l[L_ASSET].p, in.asset_len = l[L_ASSET].n;
	in.network = l[L_NETWORK].p, in.network_len = l[L_NETWORK].n;
	in.txid = l[L_TXID].p, in.txid_len = l[L_TXID].n;
	in.address = l[L_ADDRESS].p, in.address_len = l[L_ADDRESS].n;
	in.memo = l[L_MEMO].p, in.memo_len = l[L_MEMO].n;
	in.memo_used = l[L_MEMO_USED].p, in.memo_used_len = l[L_MEMO_USED].n;
	in.amount = l[L_AMOUNT].p, in.amount_len = l[L_AMOUNT].n;
	in.sender = l[L_SENDER].p, in.sender_len = l[L_SENDER].n;
	in.note = l[L_NOTE].p, in.note_len = l[L_NOTE].n;

	size_t n = recovery_intake_normalize(&in, &c, &err);
	CHECK(n == err.n && n <= RECOVERY_F_COUNT && err.n_warnings <= RECOVERY_F_COUNT);
	CHECK(recovery_intake_check(&in, &err2) == n);
	for (size_t i = 0; i < n; i++) {
		const struct recovery_field_error *e = &err.error[i];
		CHECK(i == 0 || err.error[i - 1].field < e->field);
		CHECK(recovery_field_name(e->field) != NULL && snake(e->code) &&
		      e->message != NULL);
		CHECK(strcmp(e->code, "empty") != 0 && strcmp(e->code, "memo_missing") != 0);
		CHECK(e->secret ==
		      (strcmp(e->code, "seed_phrase") == 0 || strcmp(e->code, "private_key") == 0));
		CHECK(err2.error[i].field == e->field && strcmp(err2.error[i].code, e->code) == 0);
	}
	for (size_t i = 0; i < err.n_warnings; i++)
		CHECK(snake(err.warning[i].code) && !err.warning[i].secret);
	if (n == 0) {
		char text[AMOUNT_TEXT_MAX];
		struct amount back;
		CHECK(c.net < ADDRESS_NET_COUNT);
		CHECK(c.asset_len > 0 && c.asset_len <= RECOVERY_ASSET_MAX &&
		      c.asset[c.asset_len] == '\0');
		CHECK(c.txid.rc == TXID_OK && c.address.rc == ADDRESS_OK &&
		      c.sender.rc == ADDRESS_OK);
		CHECK(c.address.memo_rc == ADDRESS_MEMO_OK ||
		      c.address.memo_rc == ADDRESS_MEMO_UNEXPECTED);
		CHECK(c.amount.units > 0);
		amount_format(c.amount, text);
		CHECK(recovery_amount_parse(text, strlen(text), in.asset_decimals, &back) == 0);
		CHECK(amount_cmp(back, c.amount) == 0);
		CHECK(c.note_len <= RECOVERY_NOTE_MAX && (c.note_len == 0) == (c.note == NULL));
	}
	for (int i = 0; i < L_COUNT; i++)
		check_amount_text(l[i].p, l[i].n, in.asset_decimals);
}

/* ------------------------------------------------------------------ fees */

static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t pick(uint64_t *h)
{
	*h = mix(*h + 0x9e3779b97f4a7c15ULL);
	return *h;
}

/* A value from every scale: small, ordinary, near the edges of uint64. */
static uint64_t money(uint64_t *h)
{
	uint64_t r = pick(h);
	switch (r & 3) {
	case 0:
		return (r >> 2) % 1000;
	case 1:
		return (r >> 2) % 100000000;
	case 2:
		return UINT64_MAX - (r >> 2) % 1000;
	default:
		return r;
	}
}

static void check_quote(uint64_t *h, struct amount amount, int decimals)
{
	struct recovery_fee fee = {money(h), (uint32_t)(pick(h) % 12001), money(h), money(h),
	                           money(h)};
	uint64_t value = money(h);
	struct recovery_quote q;
	struct amount sum;
	unsigned dec = decimals < 0 || decimals > 18 ? 18 : (unsigned)decimals;
	__int128 step = 1;

	for (unsigned i = dec; i < 18; i++)
		step *= 10;
	recovery_fee_quote(&fee, true, value, amount, decimals, &q);
	CHECK(q.known && q.value_minor == value && q.fee_minor <= value);
	CHECK(fee.cap_minor == 0 || q.fee_minor <= fee.cap_minor);
	CHECK(!q.waived || q.fee_minor == 0);
	CHECK(q.fee_amount.units >= 0 && q.credit_amount.units >= 0);
	CHECK(q.fee_amount.units % step == 0);
	CHECK(amount_add(q.fee_amount, q.credit_amount, &sum) && amount_cmp(sum, amount) == 0);
}

/* ------------------------------------------------------------------ classification */

static bool key_listed(const char *key)
{
	for (size_t i = 0; i < recovery_message_key_count(); i++)
		if (strcmp(recovery_message_key_at(i), key) == 0)
			return true;
	return false;
}

static bool waits(enum recovery_case c)
{
	return c == RECOVERY_PENDING_CONF || c == RECOVERY_CHANNEL_MAINT ||
	       c == RECOVERY_TX_NOT_FOUND || c == RECOVERY_UNCREDITED ||
	       c == RECOVERY_MEMO_MISSING || c == RECOVERY_MEMO_WRONG;
}

static void check_case(const struct line l[L_COUNT], uint64_t h)
{
	struct recovery_facts f = {0};
	struct recovery_policy p = recovery_policy_default;
	struct recovery_decision d, again;
	uint64_t bits = pick(&h);
	int decimals = decimals_of(&l[L_DECIMALS]);

#define BIT(k) (((bits >> (k)) & 1) != 0)
	f.claimant_uid = BIT(0) ? l[L_SENDER].p : "10001";
	f.claimant_uid_len = BIT(0) ? l[L_SENDER].n : 5;
	f.claimed_net = (enum address_network)(pick(&h) % ADDRESS_NET_COUNT);
	f.claimed_address_ours = BIT(1);
	f.asset = l[L_ASSET].p, f.asset_len = l[L_ASSET].n;
	f.asset_decimals = decimals;
	f.now_ms = NOW;
	f.submitted_at_ms = BIT(2) ? 0 : NOW - (int64_t)(pick(&h) % (2 * 86400000));
	f.tx_found = !BIT(3) || !BIT(4);
	f.tx_net = BIT(5) ? f.claimed_net : (enum address_network)(pick(&h) % ADDRESS_NET_COUNT);
	f.txid = l[L_TXID].p, f.txid_len = l[L_TXID].n;
	/* Mostly ordinary deposits, so the later questions get asked too. */
	f.tx_status = (enum recovery_tx_status)(pick(&h) % 8 < 2 ? 1 + pick(&h) % 2 : 0);
	f.tx_origin = BIT(6) && BIT(7) && BIT(8) ? (enum recovery_tx_origin)(1 + pick(&h) % 2)
	                                         : RECOVERY_ORIGIN_DEPOSIT;
	f.confirmations = (uint32_t)(pick(&h) % 8);
	f.confirmations_required = BIT(41) && BIT(42) ? UINT32_MAX : (uint32_t)(pick(&h) % 4);
	f.confirmed_at_ms = BIT(9) ? 0 : NOW - (int64_t)(pick(&h) % (2 * 3600000));
	f.obfuscated = BIT(10) && BIT(11);
	f.token_listed = !BIT(12) || !BIT(13);
	if (recovery_amount_parse(l[L_AMOUNT].p, l[L_AMOUNT].n, decimals, &f.amount) != 0)
		f.amount.units = (__int128)(pick(&h) % 1000000) * 1000000000000;
	f.memo = l[L_MEMO].p, f.memo_len = l[L_MEMO].n;
	f.dest_address = l[L_ADDRESS].p, f.dest_address_len = l[L_ADDRESS].n;
	f.dest_ours = !BIT(14) || !BIT(15);
	f.dest_net = BIT(16) ? f.tx_net : (enum address_network)(pick(&h) % ADDRESS_NET_COUNT);
	f.dest_uid = BIT(17) ? f.claimant_uid : BIT(18) ? "20002" : NULL;
	f.dest_uid_len = f.dest_uid == NULL ? 0 : BIT(17) ? f.claimant_uid_len : 5;
	f.dest_shared_memo = BIT(19) || BIT(44);
	f.dest_hot_wallet = BIT(20) && BIT(21);
	f.dest_expired = BIT(22) && BIT(23);
	f.dest_is_contract = BIT(24) && BIT(25);
	f.expected_memo = l[L_MEMO_USED].p, f.expected_memo_len = l[L_MEMO_USED].n;
	f.user_matched = BIT(26) || BIT(45);
	f.credited = BIT(27) && BIT(28);
	f.credited_uid = BIT(29) ? f.claimant_uid : "30003";
	f.credited_uid_len = BIT(29) ? f.claimant_uid_len : 5;
	f.deposits_suspended = BIT(30) && BIT(31);
	f.maint_until_ms = BIT(32) ? NOW + 3600000 : 0;
	if (BIT(33)) /* around the amount: half or twice it, within amount.h's range */
		f.min_deposit.units = BIT(43) || f.amount.units > AMOUNT_LIMIT / 2
		                          ? f.amount.units / 2
		                          : f.amount.units * 2;
	f.value_known = !BIT(34) || !BIT(35);
	f.value_minor = money(&h);
	if (BIT(36)) { /* a changed policy that still passes recovery_policy_check */
		enum recovery_case c = (enum recovery_case)(pick(&h) % RECOVERY_CASE_COUNT);
		struct recovery_case_policy *cp = &p.cases[c];
		cp->handling = BIT(37) ? RECOVERY_HANDLE_ROUTE : RECOVERY_HANDLE_CLOSE;
		cp->fee.bps = (uint32_t)(pick(&h) % 10001);
		cp->fee.min_minor = money(&h);
		cp->fee.cap_minor = BIT(38) || cp->fee.min_minor > UINT64_MAX - 1000
		                        ? 0
		                        : cp->fee.min_minor + pick(&h) % 1000;
		cp->min_value_minor = BIT(39) ? money(&h) : 0;
		p.second_approval_above_minor = money(&h);
		p.auto_credit = !BIT(40);
	}
#undef BIT

	CHECK(recovery_policy_check(&p, NULL) == RECOVERY_OK);
	if (recovery_classify(&f, &p, &d) != RECOVERY_OK) {
		fprintf(stderr, "%s\n", d.summary);
		CHECK(!"classified");
	}
	CHECK(recovery_classify(&f, &p, &again) == RECOVERY_OK);
	CHECK(memcmp(&d, &again, sizeof d) == 0);
	CHECK(recovery_case_code(d.code) != NULL && recovery_action_name(d.action) != NULL);
	CHECK(d.message_key != NULL && key_listed(d.message_key));
	CHECK(d.automatic == (d.action != RECOVERY_ROUTE));
	CHECK((d.manual_reason != NULL) == (d.action == RECOVERY_ROUTE));
	CHECK(d.manual_reason == NULL || snake(d.manual_reason));
	CHECK(d.summary_len == strlen(d.summary) && d.summary_len < RECOVERY_SUMMARY_MAX);
	CHECK(utf8_valid(d.summary, d.summary_len, false));
	CHECK(strstr(d.summary, recovery_case_code(d.code)) != NULL);
	if (d.action == RECOVERY_CREDIT) {
		struct amount sum;
		CHECK(d.code == RECOVERY_MEMO_MISSING || d.code == RECOVERY_MEMO_WRONG);
		CHECK(f.tx_found && f.user_matched && f.value_known && !f.credited && f.dest_ours &&
		      p.auto_credit);
		CHECK(f.tx_status == RECOVERY_TX_SUCCESS &&
		      f.confirmations >= f.confirmations_required);
		CHECK(d.quote.known && d.quote.credit_amount.units > 0);
		CHECK(amount_add(d.quote.fee_amount, d.quote.credit_amount, &sum) &&
		      amount_cmp(sum, f.amount) == 0);
		CHECK(d.second_approval == (f.value_minor > p.second_approval_above_minor));
	} else {
		CHECK(!d.second_approval);
	}
	if (d.action == RECOVERY_WAIT)
		CHECK(waits(d.code));
	if (d.action == RECOVERY_CLOSE &&
	    strcmp(d.message_key, "recovery.below_recovery_minimum.closed"))
		CHECK(!(f.tx_found && f.tx_status != RECOVERY_TX_FAILED &&
		        f.tx_origin != RECOVERY_ORIGIN_OWN_WITHDRAWAL && f.dest_ours &&
		        !f.credited));
	if (d.action == RECOVERY_ROUTE && d.sla_ms > 0)
		CHECK(d.sla_due_at_ms == NOW + d.sla_ms);
	check_quote(&h, f.amount, decimals);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct line l[L_COUNT];
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ULL;
	split((const char *)data, size, l);
	check_form(l);
	check_case(l, h);
	return 0;
}
