/* amount.h — money as exact decimals. Amounts travel as decimal strings ("0.00012", never a
 * float) and are held here as an integer count of 10^-18 units, the finest scale any listed
 * asset uses (ETH's wei). Parsing is strict and names the reason it refuses; formatting gives
 * the shortest exact text ("1.5", "0", "0.000000000000000001").
 *
 * Range: up to 15 digits before the point (a quadrillion units of anything), so sums and
 * differences of two amounts cannot overflow; amount_add still checks.
 *
 * Pure: no I/O, no allocation, no locale. */
#ifndef EXDESK_CORE_AMOUNT_H
#define EXDESK_CORE_AMOUNT_H
#include <stdbool.h>
#include <stddef.h>

#define AMOUNT_SCALE      18 /* digits after the point held */
#define AMOUNT_INT_DIGITS 15 /* digits before the point accepted */
#define AMOUNT_TEXT_MAX   (AMOUNT_INT_DIGITS + 1 + AMOUNT_SCALE + 2) /* with '-' and NUL */

struct amount {
	__int128 units; /* value * 10^18; never negative from amount_parse */
};

enum amount_rc {
	AMOUNT_OK = 0,
	AMOUNT_EMPTY,
	AMOUNT_BAD_FORMAT,   /* not digits[.digits]: signs, exponents, spaces, commas, ".5", "5." */
	AMOUNT_LEADING_ZERO, /* "01.5": ambiguous in some locales, refused */
	AMOUNT_TOO_LARGE,    /* more than AMOUNT_INT_DIGITS digits before the point */
	AMOUNT_TOO_PRECISE,  /* more decimals than the asset has */
	AMOUNT_NEGATIVE,     /* amount_sub: the result would be below zero */
};
const char *amount_strerror(enum amount_rc rc);

/* Parses s[0..len) as digits[.digits] with at most max_decimals (<= AMOUNT_SCALE) digits after
 * the point. "0" and "0.0" are zero; the caller decides whether zero is allowed. */
enum amount_rc amount_parse(const char *s, size_t len, unsigned max_decimals, struct amount *out);
/* Shortest exact decimal text: no trailing zeros, no trailing point, "0" for zero, a leading '-'
 * for a negative value. */
void amount_format(struct amount a, char out[AMOUNT_TEXT_MAX]);
/* a + b; false on overflow of the accepted range. */
bool amount_add(struct amount a, struct amount b, struct amount *out);
/* a - b; AMOUNT_NEGATIVE (out untouched) when b > a. */
enum amount_rc amount_sub(struct amount a, struct amount b, struct amount *out);
int amount_cmp(struct amount a, struct amount b); /* -1, 0, 1 */
bool amount_is_zero(struct amount a);

#endif
