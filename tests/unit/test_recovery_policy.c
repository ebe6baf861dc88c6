/* test_recovery_policy.c — the numbers behind a recovery decision (src/core/recovery.h): fee
 * quotes at their free threshold, minimum, cap and overflow edges and their rounding to the
 * asset's decimals; the default policy's documented values and the validation of a configured
 * one; the case codes and the customer-facing message keys the API must translate. */
#include "core/recovery.h"
#include "unit_main.h"

#include <stdint.h>

#define HOUR_MS (INT64_C(60) * 60000)
#define DAY_MS  (24 * HOUR_MS)

#define S(x) (x), sizeof(x) - 1

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

static bool key_listed(const char *key)
{
	for (size_t i = 0; i < recovery_message_key_count(); i++)
		if (strcmp(recovery_message_key_at(i), key) == 0)
			return true;
	return false;
}

/* ------------------------------------------------------------------ fee arithmetic */

static struct recovery_quote q_of(struct recovery_fee fee, uint64_t value, const char *amount,
                                  int decimals)
{
	struct recovery_quote q;
	recovery_fee_quote(&fee, true, value, amt(amount), decimals, &q);
	struct amount sum;
	ck_assert(amount_add(q.fee_amount, q.credit_amount, &sum));
	ck_assert_int_eq(amount_cmp(sum, amt(amount)), 0);
	ck_assert_uint_le(q.fee_minor, value);
	return q;
}

START_TEST(fee_minimum_boundary)
{
	struct recovery_fee fee = {.bps = 500, .min_minor = 500, .cap_minor = 100000};

	/* 5% of $99.99 is $4.99 (rounded down): the $5 minimum applies */
	struct recovery_quote q = q_of(fee, 9999, "99.99", 6);
	ck_assert_int_eq(q.fee_minor, 500);
	ck_assert(q.at_min && !q.at_cap);
	/* 5% of $100.00 is exactly the minimum: the percentage decided, no flag */
	q = q_of(fee, 10000, "100", 6);
	ck_assert_int_eq(q.fee_minor, 500);
	ck_assert(!q.at_min);
	q = q_of(fee, 10020, "100.2", 6);
	ck_assert_int_eq(q.fee_minor, 501);
}
END_TEST

START_TEST(fee_cap_boundary)
{
	struct recovery_fee fee = {.bps = 500, .min_minor = 500, .cap_minor = 100000};

	struct recovery_quote q = q_of(fee, 2000000, "20000", 6); /* 5% = $1,000.00 = the cap */
	ck_assert_int_eq(q.fee_minor, 100000);
	ck_assert(!q.at_cap);
	q = q_of(fee, 2000020, "20000.2", 6); /* 5% = $1,000.01 */
	ck_assert_int_eq(q.fee_minor, 100000);
	ck_assert(q.at_cap && !q.at_min);
	q = q_of(fee, UINT64_MAX, "1", 6);
	ck_assert_int_eq(q.fee_minor, 100000);
	ck_assert(q.at_cap);
}
END_TEST

START_TEST(fee_free_threshold_and_fixed)
{
	struct recovery_fee fee = {.fixed_minor = 200, .bps = 100, .free_up_to_minor = 10000};

	struct recovery_quote q = q_of(fee, 10000, "100", 2);
	ck_assert(q.waived);
	ck_assert_int_eq(q.fee_minor, 0);
	ck_assert_str_eq(fmt(q.credit_amount), "100");
	q = q_of(fee, 10001, "100.01", 2); /* $2.00 + 1% of $100.01 = $3.00 */
	ck_assert(!q.waived);
	ck_assert_int_eq(q.fee_minor, 300);
	q = q_of(fee, 0, "5", 2); /* a worthless value is free, and divides nothing */
	ck_assert(q.waived);
}
END_TEST

/* The fee never exceeds the value; no sum or product wraps around. */
START_TEST(fee_no_overflow)
{
	struct recovery_fee fee = {.fixed_minor = UINT64_MAX, .bps = 10000};
	struct recovery_quote q = q_of(fee, UINT64_MAX, "999999999999999.999999999999999999", 18);
	ck_assert_int_eq(q.fee_minor, UINT64_MAX);
	ck_assert(!q.at_value); /* exactly the value: not clamped */
	ck_assert(amount_is_zero(q.credit_amount));

	fee = (struct recovery_fee){.bps = 10000};
	q = q_of(fee, UINT64_MAX, "1", 18);
	ck_assert_int_eq(q.fee_minor, UINT64_MAX); /* 100% of the largest value, exact */

	fee = (struct recovery_fee){.fixed_minor = 10, .min_minor = 500};
	q = q_of(fee, 300, "3", 6);
	ck_assert_int_eq(q.fee_minor, 300);
	ck_assert(q.at_value);

	/* the biggest amount times a fee of nearly the whole value: 128-bit products stay exact */
	fee = (struct recovery_fee){.fixed_minor = UINT64_MAX - 1};
	q = q_of(fee, UINT64_MAX, "999999999999999.999999999999999999", 18);
	ck_assert_str_eq(fmt(q.fee_amount), "999999999999999.999945789891375723");
	ck_assert_str_eq(fmt(q.credit_amount), "0.000054210108624276");

	fee = (struct recovery_fee){.bps = 60000}; /* out of range: taken as 100% */
	q = q_of(fee, 1000, "1", 6);
	ck_assert_int_eq(q.fee_minor, 1000);
}
END_TEST

/* The fee in the asset rounds down to the asset's decimals, in the customer's favour. */
START_TEST(fee_rounds_to_asset_decimals)
{
	struct recovery_fee fee = {.fixed_minor = 3};
	struct recovery_quote q = q_of(fee, 7, "1", 6); /* 3/7 of 1 USDT */
	ck_assert_str_eq(fmt(q.fee_amount), "0.428571");
	ck_assert_str_eq(fmt(q.credit_amount), "0.571429");
	q = q_of(fee, 7, "1", 0); /* a token without decimals: nothing to take */
	ck_assert_str_eq(fmt(q.fee_amount), "0");
	q = q_of(fee, 7, "1", RECOVERY_DECIMALS_UNKNOWN); /* 18 */
	ck_assert_str_eq(fmt(q.fee_amount), "0.428571428571428571");

	struct recovery_quote u;
	recovery_fee_quote(&fee, false, 0, amt("2"), 6, &u);
	ck_assert(!u.known);
	ck_assert_str_eq(fmt(u.credit_amount), "2");
}
END_TEST

/* ------------------------------------------------------------------ policy */

START_TEST(policy_default_is_valid)
{
	const char *field = "x";
	ck_assert_int_eq(recovery_policy_check(&recovery_policy_default, &field), RECOVERY_OK);
	ck_assert_ptr_null(field);
	const struct recovery_policy *p = &recovery_policy_default;
	ck_assert_str_eq(p->currency, "USD");
	ck_assert_int_eq(p->second_approval_above_minor, 500000);
	ck_assert_int_eq(p->credit_grace_ms, HOUR_MS);
	ck_assert_int_eq(p->not_found_close_after_ms, DAY_MS);
	ck_assert_int_eq(p->cases[RECOVERY_MEMO_MISSING].sla_ms, 2 * DAY_MS);
	ck_assert_int_eq(p->cases[RECOVERY_MEMO_MISSING].fee.bps, 500);
	ck_assert_int_eq(p->cases[RECOVERY_MEMO_MISSING].fee.free_up_to_minor, 10000);
	for (int n = 0; n < ADDRESS_NET_COUNT; n++)
		ck_assert_int_gt(p->block_ms[n], 0);
}
END_TEST

START_TEST(policy_errors_name_the_field)
{
	struct recovery_policy p;
	const char *field;

	p = recovery_policy_default;
	p.cases[RECOVERY_MEMO_WRONG].fee.bps = 10001;
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "cases.MEMO_WRONG.fee.bps");

	p = recovery_policy_default;
	p.cases[RECOVERY_UNLISTED_TOKEN].fee.cap_minor = 100; /* below the $5 minimum */
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "cases.UNLISTED_TOKEN.fee.cap_minor");

	p = recovery_policy_default;
	p.cases[RECOVERY_WRONG_NETWORK_SAME_FMT].handling = RECOVERY_HANDLE_AUTO;
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "cases.WRONG_NETWORK_SAME_FMT.handling");

	p = recovery_policy_default;
	p.cases[RECOVERY_UNCREDITED].sla_ms = -1;
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "cases.UNCREDITED.sla_ms");

	p = recovery_policy_default;
	p.block_ms[ADDRESS_NET_TON] = 0;
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "block_ms.TON");

	p = recovery_policy_default;
	memcpy(p.currency, "usd", 4);
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "currency");

	p = recovery_policy_default;
	memset(p.currency, 'U', sizeof p.currency); /* no terminating NUL */
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);

	p = recovery_policy_default;
	p.not_found_close_after_ms = 0;
	ck_assert_int_eq(recovery_policy_check(&p, &field), RECOVERY_ERR_POLICY);
	ck_assert_str_eq(field, "not_found_close_after_ms");
}
END_TEST

/* ------------------------------------------------------------------ codes and keys */

START_TEST(codes_round_trip)
{
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++) {
		const char *s = recovery_case_code(c);
		enum recovery_case back;
		ck_assert_ptr_nonnull(s);
		ck_assert(recovery_case_parse(s, strlen(s), &back));
		ck_assert_int_eq(back, c);
	}
	enum recovery_case back;
	ck_assert_str_eq(recovery_case_code(RECOVERY_WRONG_NETWORK_SAME_FMT),
	                 "WRONG_NETWORK_SAME_FMT");
	ck_assert(!recovery_case_parse(S("memo_missing"), &back));
	ck_assert(!recovery_case_parse(S("MEMO_MISSIN"), &back));
	ck_assert(!recovery_case_parse(NULL, 0, &back));
	ck_assert_ptr_null(recovery_case_code(RECOVERY_CASE_COUNT));
	ck_assert_str_eq(recovery_action_name(RECOVERY_ROUTE), "route");
}
END_TEST

/* 21 codes x (closed, review) + 4 waits + 2 memo codes x (wait, credited, approval) + the
 * below-minimum closure: each unique, each "recovery.<lower-case code>.<outcome>". */
START_TEST(message_keys)
{
	size_t n = recovery_message_key_count();
	ck_assert_uint_eq(n, 21 * 2 + 4 + 2 * 3 + 1);
	ck_assert_ptr_null(recovery_message_key_at(n));
	for (size_t i = 0; i < n; i++) {
		const char *k = recovery_message_key_at(i);
		ck_assert_ptr_nonnull(k);
		ck_assert_int_eq(strncmp(k, "recovery.", 9), 0);
		const char *dot = strrchr(k, '.');
		ck_assert(strcmp(dot, ".wait") == 0 || strcmp(dot, ".credited") == 0 ||
		          strcmp(dot, ".approval") == 0 || strcmp(dot, ".closed") == 0 ||
		          strcmp(dot, ".review") == 0);
		for (const char *c = k + 9; c < dot; c++)
			ck_assert((*c >= 'a' && *c <= 'z') || *c == '_');
		for (size_t j = 0; j < i; j++)
			ck_assert_str_ne(k, recovery_message_key_at(j));
	}
	ck_assert(key_listed("recovery.memo_missing.approval"));
	ck_assert(key_listed("recovery.below_recovery_minimum.closed"));
	ck_assert(!key_listed("recovery.not_exchange_addr.credited"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recovery_policy");
	UNIT_TEST(s, fee_minimum_boundary);
	UNIT_TEST(s, fee_cap_boundary);
	UNIT_TEST(s, fee_free_threshold_and_fixed);
	UNIT_TEST(s, fee_no_overflow);
	UNIT_TEST(s, fee_rounds_to_asset_decimals);
	UNIT_TEST(s, policy_default_is_valid);
	UNIT_TEST(s, policy_errors_name_the_field);
	UNIT_TEST(s, codes_round_trip);
	UNIT_TEST(s, message_keys);
	return unit_run(s, "recovery_policy");
}
