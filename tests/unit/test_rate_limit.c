/* test_rate_limit.c — the fixed-window counters behind the help center's public endpoints
 * (src/util/rate_limit.h). What an operator relies on: exactly `max` events pass per window and
 * the next is told how long to wait, rounded up to a whole second; the window restarts once it
 * has passed; keys do not share a budget; a check counts nothing; forgetting a key frees it;
 * and a flood of other keys neither grows memory (the table is fixed) nor lets a limited key
 * off while its bucket still has room for it. */
#include "util/rate_limit.h"

#include <sodium.h>
#include <stdio.h>

#include "unit_main.h"

#define WINDOW 60000

static struct rate_limit rl = RATE_LIMIT_INIT(3, WINDOW);

static void reset(void)
{
	memset(rl.slots, 0, sizeof rl.slots);
}

START_TEST(max_per_window)
{
	reset();
	const char *k = "203.0.113.7";
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1000 + i), 0);
	/* the 4th, 1 ms after the 3rd: the window started at 1000, 59997 ms remain -> 60 s */
	ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1003), 60);
	ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1000 + WINDOW - 1000),
	                 1); /* 1000 ms left */
	ck_assert_int_eq(rate_limit_check(&rl, k, strlen(k), 1000 + WINDOW - 1), 1);
	/* a refused hit counts nothing: once the window has passed, three more go through */
	ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1000 + WINDOW), 0);
	ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1000 + WINDOW + 1), 0);
	ck_assert_int_eq(rate_limit_hit(&rl, k, strlen(k), 1000 + WINDOW + 2), 0);
	ck_assert_int_gt(rate_limit_hit(&rl, k, strlen(k), 1000 + WINDOW + 3), 0);
}
END_TEST

START_TEST(check_counts_nothing)
{
	reset();
	const char *k = "a@example.com";
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(rate_limit_check(&rl, k, strlen(k), 5000), 0);
	rate_limit_count(&rl, k, strlen(k), 5000);
	rate_limit_count(&rl, k, strlen(k), 5000);
	ck_assert_int_eq(rate_limit_check(&rl, k, strlen(k), 5000), 0);
	rate_limit_count(&rl, k, strlen(k), 5000);
	ck_assert_int_eq(rate_limit_check(&rl, k, strlen(k), 5000), 60);
}
END_TEST

START_TEST(keys_are_separate)
{
	reset();
	for (int i = 0; i < 3; i++)
		rate_limit_count(&rl, "10.0.0.1", 8, 0);
	ck_assert_int_gt(rate_limit_check(&rl, "10.0.0.1", 8, 1), 0);
	ck_assert_int_eq(rate_limit_check(&rl, "10.0.0.2", 8, 1), 0);
	/* length matters: a prefix is another key */
	ck_assert_int_eq(rate_limit_check(&rl, "10.0.0.1", 7, 1), 0);
}
END_TEST

START_TEST(forget)
{
	reset();
	for (int i = 0; i < 3; i++)
		rate_limit_count(&rl, "k", 1, 0);
	ck_assert_int_gt(rate_limit_check(&rl, "k", 1, 0), 0);
	rate_limit_forget(&rl, "k", 1);
	ck_assert_int_eq(rate_limit_check(&rl, "k", 1, 0), 0);
}
END_TEST

/* 100,000 other keys through a table of 4096 slots: the limited key is evicted only if its
 * own bucket fills with newer keys; most limited keys stay limited, and nothing grows. */
START_TEST(flood_of_keys)
{
	reset();
	char k[32];
	int limited = 200;
	for (int i = 0; i < limited; i++) {
		int n = snprintf(k, sizeof k, "victim-%d", i);
		for (int c = 0; c < 3; c++)
			rate_limit_count(&rl, k, (size_t)n, 1000);
	}
	/* a few other keys (far fewer than the slots) leave every limited key limited */
	for (int i = 0; i < 500; i++) {
		int n = snprintf(k, sizeof k, "other-%d", i);
		rate_limit_count(&rl, k, (size_t)n, 2000);
	}
	int still = 0;
	for (int i = 0; i < limited; i++) {
		int n = snprintf(k, sizeof k, "victim-%d", i);
		still += rate_limit_check(&rl, k, (size_t)n, 2000) > 0;
	}
	ck_assert_int_ge(still, limited * 95 / 100);
	/* a real flood evicts, and the table is still the same size and consistent */
	for (int i = 0; i < 100000; i++) {
		int n = snprintf(k, sizeof k, "flood-%d", i);
		rate_limit_count(&rl, k, (size_t)n, 3000);
	}
	int n = snprintf(k, sizeof k, "flood-%d", 99999);
	rate_limit_count(&rl, k, (size_t)n, 3000);
	rate_limit_count(&rl, k, (size_t)n, 3000);
	ck_assert_int_gt(rate_limit_check(&rl, k, (size_t)n, 3000), 0);
}
END_TEST

/* A bucket gives up its stalest entries first: a key whose window started later survives a
 * stream of keys whose windows started earlier. */
START_TEST(stalest_first)
{
	reset();
	char k[32];
	for (int i = 0; i < 3; i++)
		rate_limit_count(&rl, "live", 4, 100000);
	for (int i = 0; i < 20000; i++) {
		int n = snprintf(k, sizeof k, "old-%d", i);
		rate_limit_count(&rl, k, (size_t)n, 50000);
	}
	ck_assert_int_gt(rate_limit_check(&rl, "live", 4, 100002), 0);
}
END_TEST

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	Suite *s = suite_create("rate_limit");
	UNIT_TEST(s, max_per_window);
	UNIT_TEST(s, check_counts_nothing);
	UNIT_TEST(s, keys_are_separate);
	UNIT_TEST(s, forget);
	UNIT_TEST(s, flood_of_keys);
	UNIT_TEST(s, stalest_first);
	return unit_run(s, "rate_limit");
}
