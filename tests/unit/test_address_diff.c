/* test_address_diff.c — the character diff an agent reads when a withdrawal is held as a
 * possible lookalike (src/core/address_diff.h). What the agent relies on: the shared ends of a
 * poisoned lookalike are marked the same and the whole middle different, with no stray "same"
 * characters that make a foreign middle look partly right; EIP-55 case is not a difference but a
 * Base58 case is; a one-character typo shows as exactly that character; insertions face gaps;
 * the spans of each address cover it exactly, in order; and any input is answered, never read
 * past its end. */
#include "core/address_diff.h"

#include <stdint.h>
#include <stdio.h>

#include "unit_main.h"

/* A user's own address (an EIP-55 test vector) and a vanity lookalike sharing 4 + 4 hex digits
 * after "0x" (generated for these tests; its EIP-55 case differs from the original's). */
#define ETH_REAL  "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
#define ETH_FAKE  "0x5aAE2F3E80210Ff495C7FFc86E8ac30295dCeAeD"
#define TRON_REAL "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"
#define TRON_FAKE "TNPeeYbTnwEQtryYpJgGChK7W63dFvYqeL"
#define BTC_REAL  "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
#define BTC_FAKE  "bc1qw508cx4aaaf87sc7frcd9c0qdl8sywuwtdf3t4"

static struct address_diff d;

static enum address_diff_rc run(const char *a, const char *b, bool fold)
{
	return address_diff(a, strlen(a), b, strlen(b), fold, &d);
}

/* The spans of one side as "=text|~text|..." for readable assertions. */
static const char *render(const struct address_diff_span *v, size_t n)
{
	static char buf[2][1024];
	static int which;
	char *p = buf[which ^= 1];
	size_t len = 0;

	p[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(p + len, sizeof buf[0] - len, "%s%c%.*s", i ? "|" : "",
		                        v[i].kind == ADDRESS_DIFF_SAME ? '=' : '~', (int)v[i].len,
		                        v[i].text);
	return p;
}

START_TEST(eth_lookalike_highlights_the_middle)
{
	ck_assert_int_eq(run(ETH_REAL, ETH_FAKE, true), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=0x5aAe|~b6053F3E94C9b9A09f33669435E7Ef1B|=eAed");
	ck_assert_str_eq(render(d.b, d.nb), "=0x5aAE|~2F3E80210Ff495C7FFc86E8ac30295dC|=eAeD");
	ck_assert_uint_eq(d.prefix, 6);
	ck_assert_uint_eq(d.suffix, 4);
	ck_assert_uint_eq(d.same, 10);
	ck_assert_uint_eq(d.ncols, 42);
}
END_TEST

/* Without folding, EIP-55's case shows up as differences: the caller must fold for hex. */
START_TEST(eth_without_folding_sees_case)
{
	ck_assert_int_eq(run(ETH_REAL, ETH_FAKE, false), ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.prefix, 5); /* "0x5aA", then 'e' against 'E' */
	ck_assert_uint_eq(d.suffix, 0); /* 'd' against 'D' */
}
END_TEST

START_TEST(tron_lookalike)
{
	ck_assert_int_eq(run(TRON_REAL, TRON_FAKE, false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=TNPee|~aaFB7K9cmo4uQpcU32zGK8G1N|=YqeL");
	ck_assert_str_eq(render(d.b, d.nb), "=TNPee|~YbTnwEQtryYpJgGChK7W63dFv|=YqeL");
}
END_TEST

START_TEST(btc_bech32_lookalike_and_case)
{
	ck_assert_int_eq(run(BTC_REAL, BTC_FAKE, true), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=bc1qw508|~d6qejxtdg4y5r3zarvary0c5xw7kv8|=f3t4");
	/* Bech32 may be written in upper case: the same address, all the same when folding */
	ck_assert_int_eq(run(BTC_REAL, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", true),
	                 ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.na, 1);
	ck_assert_int_eq(d.a[0].kind, ADDRESS_DIFF_SAME);
	ck_assert_uint_eq(d.same, strlen(BTC_REAL));
}
END_TEST

/* Base58 digits differ by case: '7xKX' and '7XKX' are different addresses. */
START_TEST(base58_case_is_a_difference)
{
	ck_assert_int_eq(run("7xKXtg2CW87d97TX", "7XKXtg2CW87d97TX", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=7|~x|=KXtg2CW87d97TX");
	ck_assert_str_eq(render(d.b, d.nb), "=7|~X|=KXtg2CW87d97TX");
	ck_assert_uint_eq(d.ncols, 16);
	ck_assert(!d.cols[1].same);
	ck_assert_int_eq(d.cols[1].a, 1);
	ck_assert_int_eq(d.cols[1].b, 1);
}
END_TEST

START_TEST(identical)
{
	ck_assert_int_eq(run(TRON_REAL, TRON_REAL, false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=" TRON_REAL);
	ck_assert_str_eq(render(d.b, d.nb), "=" TRON_REAL);
	ck_assert_uint_eq(d.prefix, 34);
	ck_assert_uint_eq(d.suffix, 0); /* never overlapping the prefix */
}
END_TEST

START_TEST(one_typo)
{
	ck_assert_int_eq(run("0xabcdef0123456789", "0xabcdef01X3456789", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=0xabcdef01|~2|=3456789");
	ck_assert_str_eq(render(d.b, d.nb), "=0xabcdef01|~X|=3456789");
	ck_assert_uint_eq(d.same, 17);
}
END_TEST

/* A dropped or added run of characters faces gaps, and the other side stays all the same. */
START_TEST(insertion_faces_gaps)
{
	ck_assert_int_eq(run("abcdefgh", "abcdZZefgh", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=abcdefgh");
	ck_assert_str_eq(render(d.b, d.nb), "=abcd|~ZZ|=efgh");
	ck_assert_uint_eq(d.ncols, 10);
	ck_assert_int_eq(d.cols[4].a, -1);
	ck_assert_int_eq(d.cols[4].b, 4);
	ck_assert_int_eq(d.cols[5].a, -1);
	ck_assert_int_eq(d.cols[6].a, 4);
	ck_assert(d.cols[6].same);
}
END_TEST

/* A replaced block of unequal lengths: paired column by column, the rest facing gaps. */
START_TEST(unequal_replacement)
{
	ck_assert_int_eq(run("1111abc2222", "1111xy2222", false), ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.ncols, 11);
	ck_assert_int_eq(d.cols[4].a, 4);
	ck_assert_int_eq(d.cols[4].b, 4);
	ck_assert_int_eq(d.cols[6].a, 6);
	ck_assert_int_eq(d.cols[6].b, -1);
	ck_assert_int_eq(d.cols[7].b, 6);
}
END_TEST

/* Matches in the middle shorter than ADDRESS_DIFF_MIN_RUN are chance: shown as different. */
START_TEST(short_middle_matches_are_cleaned_up)
{
	ck_assert_int_eq(run("0x1111aXbYc2222", "0x1111pXqYr2222", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=0x1111|~aXbYc|=2222");
	ck_assert_str_eq(render(d.b, d.nb), "=0x1111|~pXqYr|=2222");
	/* three in a row are still chance ... */
	ck_assert_int_eq(run("0x11aaXYZbb22", "0x11ccXYZdd22", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=0x11|~aaXYZbb|=22");
	/* ... four are shown */
	ck_assert_int_eq(run("0x11aaWXYZbb22", "0x11ccWXYZdd22", false), ADDRESS_DIFF_OK);
	ck_assert_str_eq(render(d.a, d.na), "=0x11|~aa|=WXYZ|~bb|=22");
	ck_assert_str_eq(render(d.b, d.nb), "=0x11|~cc|=WXYZ|~dd|=22");
}
END_TEST

START_TEST(overlapping_ends)
{
	ck_assert_int_eq(run("aaaa", "aa", false), ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.prefix, 2);
	ck_assert_uint_eq(d.suffix, 0);
	ck_assert_str_eq(render(d.a, d.na), "=aa|~aa");
	ck_assert_str_eq(render(d.b, d.nb), "=aa");
}
END_TEST

START_TEST(empty_sides)
{
	ck_assert_int_eq(address_diff(NULL, 0, NULL, 0, false, &d), ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.na + d.nb + d.ncols, 0);
	ck_assert_int_eq(run("", "TNPee", false), ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.na, 0);
	ck_assert_str_eq(render(d.b, d.nb), "~TNPee");
	ck_assert_uint_eq(d.ncols, 5);
	ck_assert_int_eq(d.cols[0].a, -1);
}
END_TEST

START_TEST(refusals)
{
	char longer[ADDRESS_DIFF_MAX + 2];

	memset(longer, 'a', sizeof longer);
	ck_assert_int_eq(
	    address_diff(longer, ADDRESS_DIFF_MAX, longer, ADDRESS_DIFF_MAX, false, &d),
	    ADDRESS_DIFF_OK);
	ck_assert_uint_eq(d.same, ADDRESS_DIFF_MAX);
	ck_assert_int_eq(address_diff(longer, ADDRESS_DIFF_MAX + 1, "a", 1, false, &d),
	                 ADDRESS_DIFF_TOO_LONG);
	ck_assert_uint_eq(d.na + d.nb + d.ncols, 0);
	ck_assert_int_eq(run("0x5aAe\xe2\x80\x8b", "0x5aAe", true), ADDRESS_DIFF_NOT_ASCII);
	ck_assert_int_eq(address_diff("ab\0cd", 5, "abcd", 4, false, &d), ADDRESS_DIFF_NOT_ASCII);
	ck_assert_int_eq(run("ab\ncd", "abcd", false), ADDRESS_DIFF_NOT_ASCII);
}
END_TEST

/* Random pairs, many over tiny alphabets so the LCS has choices: every invariant the console
 * relies on holds for every pair. */
static uint64_t rng = 0x616464726966ULL;
static uint64_t next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static char fold(char c, bool f)
{
	return f && c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static void check_side(const struct address_diff_span *v, size_t n, const char *s, size_t len)
{
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		ck_assert_ptr_eq(v[i].text, s + at);
		ck_assert_uint_gt(v[i].len, 0);
		if (i > 0)
			ck_assert_int_ne(v[i].kind, v[i - 1].kind); /* maximal runs */
		at += v[i].len;
	}
	ck_assert_uint_eq(at, len);
}

START_TEST(random_pairs_keep_invariants)
{
	static const char *const alphabets[] = {
	    "ab", "abc", "0123456789abcdefABCDEF",
	    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"};
	char a[ADDRESS_DIFF_MAX], b[ADDRESS_DIFF_MAX];

	for (int round = 0; round < 3000; round++) {
		const char *al = alphabets[round % 4];
		size_t k = strlen(al), alen = next() % (ADDRESS_DIFF_MAX + 1);
		size_t blen = next() % 3 ? alen : next() % (ADDRESS_DIFF_MAX + 1);
		bool f = next() & 1;
		for (size_t i = 0; i < alen; i++)
			a[i] = al[next() % k];
		for (size_t i = 0; i < blen; i++) /* often a lookalike of a, sometimes unrelated */
			b[i] = i < alen && next() % 4 ? a[i] : al[next() % k];
		ck_assert_int_eq(address_diff(a, alen, b, blen, f, &d), ADDRESS_DIFF_OK);
		check_side(d.a, d.na, a, alen);
		check_side(d.b, d.nb, b, blen);
		int na = 0, nb = 0;
		size_t same = 0;
		for (size_t c = 0; c < d.ncols; c++) {
			const struct address_diff_column *col = &d.cols[c];
			ck_assert(col->a >= 0 || col->b >= 0);
			if (col->a >= 0)
				ck_assert_int_eq(col->a, na++);
			if (col->b >= 0)
				ck_assert_int_eq(col->b, nb++);
			if (col->same) {
				ck_assert(col->a >= 0 && col->b >= 0);
				ck_assert_int_eq(fold(a[col->a], f), fold(b[col->b], f));
				same++;
			}
		}
		ck_assert_int_eq(na, (int)alen);
		ck_assert_int_eq(nb, (int)blen);
		ck_assert_uint_eq(same, d.same);
		ck_assert_uint_ge(d.same, d.prefix + d.suffix);
		ck_assert_uint_le(d.prefix + d.suffix, alen < blen ? alen : blen);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("address_diff");

	UNIT_TEST(s, eth_lookalike_highlights_the_middle);
	UNIT_TEST(s, eth_without_folding_sees_case);
	UNIT_TEST(s, tron_lookalike);
	UNIT_TEST(s, btc_bech32_lookalike_and_case);
	UNIT_TEST(s, base58_case_is_a_difference);
	UNIT_TEST(s, identical);
	UNIT_TEST(s, one_typo);
	UNIT_TEST(s, insertion_faces_gaps);
	UNIT_TEST(s, unequal_replacement);
	UNIT_TEST(s, short_middle_matches_are_cleaned_up);
	UNIT_TEST(s, overlapping_ends);
	UNIT_TEST(s, empty_sides);
	UNIT_TEST(s, refusals);
	UNIT_TEST(s, random_pairs_keep_invariants);
	return unit_run(s, "address_diff");
}
