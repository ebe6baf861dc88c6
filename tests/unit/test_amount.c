/* test_amount.c — decimal amounts (core/amount.h): what parses and what is refused with which
 * reason, the shortest exact text back, sums and differences at the extremes. */
#include "core/amount.h"
#include "unit_main.h"

struct pcase {
	const char *in;
	unsigned decimals;
	enum amount_rc rc;
	const char *formatted; /* on AMOUNT_OK */
};

static const struct pcase pcases[] = {
    {"0", 8, AMOUNT_OK, "0"},
    {"0.0", 8, AMOUNT_OK, "0"},
    {"1", 8, AMOUNT_OK, "1"},
    {"1.50000000", 8, AMOUNT_OK, "1.5"},
    {"0.00000001", 8, AMOUNT_OK, "0.00000001"},
    {"0.000000001", 8, AMOUNT_TOO_PRECISE, NULL},
    {"25340.5", 6, AMOUNT_OK, "25340.5"},
    {"0.000000000000000001", 18, AMOUNT_OK, "0.000000000000000001"},
    {"0.0000000000000000001", 18, AMOUNT_TOO_PRECISE, NULL},
    {"999999999999999.999999999999999999", 18, AMOUNT_OK, "999999999999999.999999999999999999"},
    {"1000000000000000", 18, AMOUNT_TOO_LARGE, NULL},
    {"5", 0, AMOUNT_OK, "5"},
    {"5.0", 0, AMOUNT_TOO_PRECISE, NULL},
    {"", 8, AMOUNT_EMPTY, NULL},
    {"-1", 8, AMOUNT_BAD_FORMAT, NULL},
    {"+1", 8, AMOUNT_BAD_FORMAT, NULL},
    {"1e3", 8, AMOUNT_BAD_FORMAT, NULL},
    {".5", 8, AMOUNT_BAD_FORMAT, NULL},
    {"5.", 8, AMOUNT_BAD_FORMAT, NULL},
    {"1,5", 8, AMOUNT_BAD_FORMAT, NULL},
    {"1 000", 8, AMOUNT_BAD_FORMAT, NULL},
    {" 1", 8, AMOUNT_BAD_FORMAT, NULL},
    {"1.2.3", 8, AMOUNT_BAD_FORMAT, NULL},
    {"0x10", 8, AMOUNT_BAD_FORMAT, NULL},
    {"01.5", 8, AMOUNT_LEADING_ZERO, NULL},
    {"00", 8, AMOUNT_LEADING_ZERO, NULL},
    {"１２", 8, AMOUNT_BAD_FORMAT, NULL}, /* full-width digits */
    {"NaN", 8, AMOUNT_BAD_FORMAT, NULL},
};

START_TEST(parse_and_format)
{
	const struct pcase *c = &pcases[_i];
	struct amount a;
	enum amount_rc rc = amount_parse(c->in, strlen(c->in), c->decimals, &a);
	ck_assert_int_eq(rc, c->rc);
	if (rc == AMOUNT_OK) {
		char out[AMOUNT_TEXT_MAX];
		amount_format(a, out);
		ck_assert_str_eq(out, c->formatted);
	}
}
END_TEST

static struct amount A(const char *s) {
	struct amount a;
	ck_assert_int_eq(amount_parse(s, strlen(s), AMOUNT_SCALE, &a), AMOUNT_OK);
	return a;
}

static const char *
F(struct amount a)
{
	static char out[4][AMOUNT_TEXT_MAX];
	static int k;
	char *o = out[k++ % 4];
	amount_format(a, o);
	return o;
}

START_TEST(arithmetic)
{
	struct amount s;
	ck_assert(amount_add(A("5000"), A("4.5"), &s));
	ck_assert_str_eq(F(s), "5004.5");
	ck_assert(amount_add(A("0.1"), A("0.2"), &s));
	ck_assert_str_eq(F(s), "0.3"); /* never 0.30000000000000004 */
	ck_assert_int_eq(amount_sub(A("25340.5"), A("5004.5"), &s), AMOUNT_OK);
	ck_assert_str_eq(F(s), "20336");
	ck_assert_int_eq(amount_sub(A("1"), A("1.000000000000000001"), &s), AMOUNT_NEGATIVE);
	ck_assert_int_eq(amount_sub(A("1"), A("1"), &s), AMOUNT_OK);
	ck_assert(amount_is_zero(s));
	ck_assert(
	    !amount_add(A("999999999999999.999999999999999999"), A("0.000000000000000001"), &s));
	ck_assert(amount_add(A("999999999999999"), A("0.999999999999999999"), &s));
	ck_assert_str_eq(F(s), "999999999999999.999999999999999999");
	ck_assert_int_eq(amount_cmp(A("249"), A("249.000")), 0);
	ck_assert_int_eq(amount_cmp(A("249"), A("249.000000000000000001")), -1);
	ck_assert_int_eq(amount_cmp(A("250"), A("249.999")), 1);
	struct amount neg = {.units = -A("1.5").units};
	ck_assert_str_eq(F(neg), "-1.5");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("amount");
	for (size_t i = 0; i < sizeof pcases / sizeof pcases[0]; i++)
		unit_add_case(
		    s, unit_name("\"%s\" with %u decimals", pcases[i].in, pcases[i].decimals),
		    parse_and_format, (int)i);
	UNIT_TEST(s, arithmetic);
	return unit_run(s, "amount");
}
