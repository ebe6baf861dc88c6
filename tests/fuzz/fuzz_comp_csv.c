/* fuzz_comp_csv.c — fuzz driver for the compensation list reader (src/core/incident.h
 * comp_list_parse): CSV we parse ourselves, and money.
 *
 * Arbitrary bytes must be answered, never crash. Beyond that, what a person paying the list
 * relies on: a list is accepted exactly when no line was refused and it has a row; every row
 * accepted has a well-formed uid and asset, an amount that is positive and reads back to itself,
 * a reason of 1-500 bytes without control characters, a line number after the header, in order;
 * no uid twice; the totals are exactly the sums of the rows; reading the same bytes again gives
 * the same answer.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_comp_csv/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_comp_csv.c src/core/incident.c src/core/amount.c src/util/arena.c \
 *       src/util/xalloc.c -o /tmp/fuzz_comp_csv
 *   /tmp/fuzz_comp_csv /tmp/fuzz_comp_csv.corpus tests/fuzz/corpus/fuzz_comp_csv
 */
#include "core/incident.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static bool clean_reason(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > COMP_MAX_REASON)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f ||
		    (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		     (unsigned char)s[i + 1] <= 0x9f))
			return false;
	}
	return true;
}

static bool only(const char *s, const char *allowed, size_t max)
{
	size_t n = strlen(s);
	return n >= 1 && n <= max && strspn(s, allowed) == n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a1, a2;
	struct comp_list l, again;
	arena_init(&a1, 0);
	arena_init(&a2, 0);
	bool ok = comp_list_parse(&a1, (const char *)data, size, &l);
	CHECK(ok == (l.errors_total == 0));
	CHECK(!ok || l.n_rows > 0);
	CHECK(l.n_errors <= COMP_MAX_ERRORS && l.n_errors <= l.errors_total);
	CHECK(l.n_errors == l.errors_total || l.n_errors == COMP_MAX_ERRORS);
	CHECK(l.n_rows <= COMP_MAX_ROWS);
	for (size_t i = 0; i < l.n_errors; i++)
		CHECK(l.errors[i].line >= 1 && l.errors[i].field && l.errors[i].message);
	for (size_t i = 0; i < l.n_rows; i++) {
		const struct comp_row *r = &l.rows[i];
		CHECK(r->line >= 2 && (i == 0 || r->line > l.rows[i - 1].line));
		CHECK(only(r->uid,
		           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-",
		           COMP_MAX_UID));
		CHECK(only(r->asset, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", COMP_MAX_ASSET));
		CHECK(clean_reason(r->reason));
		struct amount back;
		char text[AMOUNT_TEXT_MAX];
		CHECK(amount_parse(r->amount, strlen(r->amount), AMOUNT_SCALE, &back) == AMOUNT_OK);
		CHECK(amount_cmp(back, r->value) == 0 && !amount_is_zero(back));
		amount_format(back, text);
		CHECK(strcmp(text, r->amount) == 0);
		for (size_t k = 0; k < i; k++)
			CHECK(strcmp(l.rows[k].uid, r->uid) != 0);
	}
	/* Totals are promised for an accepted list (a refused one may have stopped adding at a sum
	 * too large, which is itself one of its errors). */
	for (size_t t = 0; ok && t < l.n_totals; t++) {
		struct amount sum = {0};
		int rows = 0;
		for (size_t i = 0; i < l.n_rows; i++)
			if (strcmp(l.rows[i].asset, l.totals[t].asset) == 0) {
				CHECK(amount_add(sum, l.rows[i].value, &sum));
				rows++;
			}
		CHECK(rows == l.totals[t].rows && amount_cmp(sum, l.totals[t].sum) == 0);
		for (size_t k = 0; k < t; k++)
			CHECK(strcmp(l.totals[k].asset, l.totals[t].asset) != 0);
	}
	CHECK(comp_list_parse(&a2, (const char *)data, size, &again) == ok);
	CHECK(again.n_rows == l.n_rows && again.errors_total == l.errors_total &&
	      again.n_totals == l.n_totals);
	arena_free(&a1);
	arena_free(&a2);
	return 0;
}
