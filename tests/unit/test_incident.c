/* test_incident.c — the pure rules of incidents (src/core/incident.h): the compensation list
 * reader (exact amounts and totals, quoting, CRLF and BOM, every refusal with its line and field,
 * a uid twice, the error cap) and the link rule (window with its grace, category, tags, keywords
 * in any ASCII case and in CJK). */
#include "core/incident.h"

#include <stdio.h>
#include <string.h>

#include "unit_main.h"
#include "util/arena.h"

static struct arena arena;
static struct comp_list L;

static bool parse(const char *csv)
{
	arena_free(&arena);
	arena_init(&arena, 0);
	return comp_list_parse(&arena, csv, strlen(csv), &L);
}

START_TEST(reads_a_good_list)
{
	ck_assert(parse("\xEF\xBB\xBFuid,asset,amount,reason\r\n"
	                "10000003,USDT,25.50,\"期货强平补偿, 第一批\"\r\n"
	                "10000007,USDT,100,\"say \"\"sorry\"\"\"\r\n"
	                "10000008,BTC,0.000000000000000001,x\n\n"));
	ck_assert_uint_eq(L.n_rows, 3);
	ck_assert_str_eq(L.rows[0].amount, "25.5");
	ck_assert_str_eq(L.rows[0].reason, "期货强平补偿, 第一批");
	ck_assert_int_eq(L.rows[0].line, 2);
	ck_assert_str_eq(L.rows[1].reason, "say \"sorry\"");
	ck_assert_uint_eq(L.n_totals, 2);
	char sum[AMOUNT_TEXT_MAX];
	amount_format(L.totals[0].sum, sum);
	ck_assert_str_eq(L.totals[0].asset, "USDT");
	ck_assert_str_eq(sum, "125.5");
	ck_assert_int_eq(L.totals[0].rows, 2);
	amount_format(L.totals[1].sum, sum);
	ck_assert_str_eq(sum, "0.000000000000000001");
}
END_TEST

static const struct {
	const char *name, *csv, *field;
	int line;
} bad[] = {
    {"empty", "", "header", 1},
    {"header only", "uid,asset,amount,reason\n", "line", 2},
    {"wrong header", "uid,amount,asset,reason\n1,USDT,1,a\n", "header", 1},
    {"header in capitals", "UID,ASSET,AMOUNT,REASON\n1,USDT,1,a\n", "header", 1},
    {"three fields", "uid,asset,amount,reason\n1,USDT,1\n", "line", 2},
    {"five fields", "uid,asset,amount,reason\n1,USDT,1,a,b\n", "line", 2},
    {"unterminated quote", "uid,asset,amount,reason\n1,USDT,1,\"a\n", "line", 2},
    {"quote inside a field", "uid,asset,amount,reason\n1,USDT,1,a\"b\n", "line", 2},
    {"text after a quote", "uid,asset,amount,reason\n1,USDT,1,\"a\"b\n", "line", 2},
    {"empty uid", "uid,asset,amount,reason\n,USDT,1,a\n", "uid", 2},
    {"uid with a space", "uid,asset,amount,reason\n1 2,USDT,1,a\n", "uid", 2},
    {"uid of 65",
     "uid,asset,amount,reason\n"
     "12345678901234567890123456789012345678901234567890123456789012345,USDT,1,a\n",
     "uid", 2},
    {"lower-case asset", "uid,asset,amount,reason\n1,usdt,1,a\n", "asset", 2},
    {"asset of 21", "uid,asset,amount,reason\n1,ABCDEFGHIJKLMNOPQRSTU,1,a\n", "asset", 2},
    {"negative", "uid,asset,amount,reason\n1,USDT,-1,a\n", "amount", 2},
    {"zero", "uid,asset,amount,reason\n1,USDT,0.000,a\n", "amount", 2},
    {"exponent", "uid,asset,amount,reason\n1,USDT,1e2,a\n", "amount", 2},
    {"thousands separator", "uid,asset,amount,reason\n1,USDT,\"1,000\",a\n", "amount", 2},
    {"leading zero", "uid,asset,amount,reason\n1,USDT,01,a\n", "amount", 2},
    {"19 decimals", "uid,asset,amount,reason\n1,USDT,0.0000000000000000001,a\n", "amount", 2},
    {"empty reason", "uid,asset,amount,reason\n1,USDT,1,\n", "reason", 2},
    {"tab in reason", "uid,asset,amount,reason\n1,USDT,1,a\tb\n", "reason", 2},
    {"C1 control in reason", "uid,asset,amount,reason\n1,USDT,1,a\xC2\x85\n", "reason", 2},
    {"uid twice", "uid,asset,amount,reason\n1,USDT,1,a\n1,BTC,1,b\n", "uid", 3},
    {"empty line inside", "uid,asset,amount,reason\n1,USDT,1,a\n\n2,USDT,1,b\n", "line", 3},
};

START_TEST(refuses_a_bad_line)
{
	ck_assert(!parse(bad[_i].csv));
	bool found = false;
	for (size_t k = 0; k < L.n_errors; k++)
		found = found || (L.errors[k].line == bad[_i].line &&
		                  !strcmp(L.errors[k].field, bad[_i].field));
	ck_assert_msg(found, "%s: no error at line %d field %s (first: line %d %s %s)",
	              bad[_i].name, bad[_i].line, bad[_i].field, L.n_errors ? L.errors[0].line : 0,
	              L.n_errors ? L.errors[0].field : "-", L.n_errors ? L.errors[0].message : "-");
}
END_TEST

START_TEST(reason_at_its_limit)
{
	char csv[700];
	char reason[COMP_MAX_REASON + 2];
	memset(reason, 'r', COMP_MAX_REASON);
	reason[COMP_MAX_REASON] = 0;
	snprintf(csv, sizeof csv, "uid,asset,amount,reason\n1,USDT,1,%s\n", reason);
	ck_assert(parse(csv));
	reason[COMP_MAX_REASON] = 'r';
	reason[COMP_MAX_REASON + 1] = 0;
	snprintf(csv, sizeof csv, "uid,asset,amount,reason\n1,USDT,1,%s\n", reason);
	ck_assert(!parse(csv));
}
END_TEST

START_TEST(errors_are_capped_and_counted)
{
	static char csv[200000];
	size_t n = (size_t)snprintf(csv, sizeof csv, "uid,asset,amount,reason\n");
	for (int i = 0; i < 150; i++)
		n += (size_t)snprintf(csv + n, sizeof csv - n, "%d,USDT,x,a\n", i);
	ck_assert(!parse(csv));
	ck_assert_uint_eq(L.n_errors, COMP_MAX_ERRORS);
	ck_assert_uint_eq(L.errors_total, 150);
}
END_TEST

/* ---- the link rule ---- */

#define HOUR (3600LL * 1000)

START_TEST(rule_window_and_matches)
{
	const char *products[] = {"futures", "earn"};
	const char *keywords[] = {"liquidat", "强平"};
	struct incident_rule rule = {products, 2, keywords, 2, 10 * HOUR, 12 * HOUR};
	const char *tags_earn[] = {"earn"};
	struct incident_ticket_view v = {
	    .category = "futures", .subject = "x", .created_at = 11 * HOUR};
	ck_assert(incident_rule_matches(&rule, &v));
	v.created_at = 10 * HOUR - 1;
	ck_assert(!incident_rule_matches(&rule, &v)); /* before the start */
	v.created_at = 12 * HOUR + INCIDENT_LINK_GRACE_MS;
	ck_assert(incident_rule_matches(&rule, &v)); /* the last instant of the grace */
	v.created_at++;
	ck_assert(!incident_rule_matches(&rule, &v));
	rule.ends_at = 0;
	ck_assert(incident_rule_matches(&rule, &v)); /* still going */
	v = (struct incident_ticket_view){
	    .category = "deposit", .subject = "hello", .created_at = 11 * HOUR};
	ck_assert(!incident_rule_matches(&rule, &v));
	v.tags = tags_earn;
	v.n_tags = 1;
	ck_assert(incident_rule_matches(&rule, &v)); /* tagged with a product */
	v.n_tags = 0;
	v.subject = "My position was LIQUIDATED";
	ck_assert(incident_rule_matches(&rule, &v));
	v.subject = "hello";
	v.body = "我的仓位被强平了";
	ck_assert(incident_rule_matches(&rule, &v));
	v.body = "强 平";
	ck_assert(!incident_rule_matches(&rule, &v));
	ck_assert_str_eq(incident_product_category("spot"), "trading");
	ck_assert_ptr_null(incident_product_category("earn"));
	ck_assert(incident_product_valid("p2p", 3));
	ck_assert(!incident_product_valid("Spot", 4));
	enum incident_status st;
	ck_assert(incident_status_parse("monitoring", &st) && st == INCIDENT_MONITORING);
	ck_assert(!incident_status_parse("done", &st));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("incident");
	arena_init(&arena, 0);
	UNIT_TEST(s, reads_a_good_list);
	for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++)
		unit_add_case(s, unit_name("refused: %s", bad[i].name), refuses_a_bad_line, i);
	UNIT_TEST(s, reason_at_its_limit);
	UNIT_TEST(s, errors_are_capped_and_counted);
	UNIT_TEST(s, rule_window_and_matches);
	int rc = unit_run(s, "incident");
	arena_free(&arena);
	return rc;
}
