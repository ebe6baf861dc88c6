/* amount.c — see amount.h. */
#include "core/amount.h"

#include <string.h>

/* 10^(AMOUNT_INT_DIGITS + AMOUNT_SCALE): the first value out of range. */
static __int128 pow10_128(unsigned n)
{
	__int128 v = 1;
	while (n--)
		v *= 10;
	return v;
}

const char *amount_strerror(enum amount_rc rc)
{
	switch (rc) {
	case AMOUNT_OK:
		return "a valid amount";
	case AMOUNT_EMPTY:
		return "the amount is empty";
	case AMOUNT_BAD_FORMAT:
		return "an amount is a decimal string: digits, optionally a point and more digits";
	case AMOUNT_LEADING_ZERO:
		return "the amount has a leading zero";
	case AMOUNT_TOO_LARGE:
		return "the amount is too large";
	case AMOUNT_TOO_PRECISE:
		return "the amount has more decimal places than the asset allows";
	case AMOUNT_NEGATIVE:
		return "the result would be negative";
	}
	return "invalid amount";
}

enum amount_rc amount_parse(const char *s, size_t len, unsigned max_decimals, struct amount *out)
{
	if (!s || !len)
		return AMOUNT_EMPTY;
	if (max_decimals > AMOUNT_SCALE)
		max_decimals = AMOUNT_SCALE;
	size_t i = 0, int_digits = 0, frac_digits = 0;
	__int128 v = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (++int_digits > AMOUNT_INT_DIGITS)
			return AMOUNT_TOO_LARGE;
		v = v * 10 + (s[i] - '0');
		i++;
	}
	if (!int_digits)
		return AMOUNT_BAD_FORMAT;
	if (int_digits > 1 && s[0] == '0')
		return AMOUNT_LEADING_ZERO;
	if (i < len) {
		if (s[i] != '.')
			return AMOUNT_BAD_FORMAT;
		i++;
		if (i == len)
			return AMOUNT_BAD_FORMAT;
		while (i < len) {
			if (s[i] < '0' || s[i] > '9')
				return AMOUNT_BAD_FORMAT;
			if (++frac_digits > max_decimals)
				return AMOUNT_TOO_PRECISE;
			v = v * 10 + (s[i] - '0');
			i++;
		}
	}
	out->units = v * pow10_128((unsigned)(AMOUNT_SCALE - frac_digits));
	return AMOUNT_OK;
}

void amount_format(struct amount a, char out[AMOUNT_TEXT_MAX])
{
	char digits[64];
	size_t n = 0;
	bool neg = a.units < 0;
	unsigned __int128 v = neg ? (unsigned __int128)(-a.units) : (unsigned __int128)a.units;
	do {
		digits[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v);
	while (n <= AMOUNT_SCALE) /* at least one digit before the point */
		digits[n++] = '0';
	/* digits[] is little-endian: [0, SCALE) are the decimals. */
	size_t first_frac = 0;
	while (first_frac < AMOUNT_SCALE && digits[first_frac] == '0')
		first_frac++;
	char *o = out;
	if (neg)
		*o++ = '-';
	for (size_t k = n; k > AMOUNT_SCALE; k--)
		*o++ = digits[k - 1];
	if (first_frac < AMOUNT_SCALE) {
		*o++ = '.';
		for (size_t k = AMOUNT_SCALE; k > first_frac; k--)
			*o++ = digits[k - 1];
	}
	*o = '\0';
}

bool amount_add(struct amount a, struct amount b, struct amount *out)
{
	__int128 limit = pow10_128(AMOUNT_INT_DIGITS + AMOUNT_SCALE);
	__int128 s = a.units + b.units; /* both below 10^33: no overflow of __int128 */
	if (s >= limit || s <= -limit)
		return false;
	out->units = s;
	return true;
}

enum amount_rc amount_sub(struct amount a, struct amount b, struct amount *out)
{
	if (b.units > a.units)
		return AMOUNT_NEGATIVE;
	out->units = a.units - b.units;
	return AMOUNT_OK;
}

int amount_cmp(struct amount a, struct amount b)
{
	return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
}

bool amount_is_zero(struct amount a)
{
	return a.units == 0;
}
