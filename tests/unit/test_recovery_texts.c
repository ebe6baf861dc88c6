/* test_recovery_texts.c — what customers read about a recovery case (src/api/recovery_texts.c):
 * every message key core/recovery.h can produce has a text in each of the nine languages, valid
 * UTF-8, with the case's variables filled (reference, amounts, asset) and none left in braces,
 * different from the English one for the other languages; the states' words likewise; an unknown
 * language falls back to English, zh-Hant and zh-HK to Traditional Chinese. One line per
 * language and key, so a failure names both. */
#include "api/recovery.h"
#include "unit_main.h"
#include "util/utf8.h"

#define NLANG 9
static const char *const langs[NLANG] = {"en", "zh-CN", "zh-TW", "ja", "ko",
                                         "ru", "es",    "vi",    "tr"};
static const char *const states[] = {"checking", "waiting", "approval", "crediting",
                                     "credited", "closed",  "review",   "error"};
#define NSTATES ((int)(sizeof states / sizeof states[0]))

static struct recovery_case_row row(const char *lang, const char *key)
{
	return (struct recovery_case_row){.reference = "RC-TESTREF234",
	                                  .language = lang,
	                                  .message_key = key,
	                                  .state = "review",
	                                  .asset = "XRP",
	                                  .amount = "250",
	                                  .credit_amount = "237.5",
	                                  .fee_amount = "12.5",
	                                  .value_known = true,
	                                  .eta_at = 1795000000000LL,
	                                  .sla_due_at = 1795100000000LL};
}

START_TEST(key_in_language)
{
	const char *lang = langs[_i % NLANG], *key = recovery_message_key_at((size_t)(_i / NLANG));
	struct arena a;
	arena_init(&a, 4096);
	struct recovery_case_row c = row(lang, key);
	const char *s = recovery_customer_text(&a, &c);
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(utf8_valid(s, strlen(s), false), "not valid UTF-8");
	ck_assert_msg(strstr(s, "RC-TESTREF234") != NULL, "no reference: %s", s);
	ck_assert_msg(strchr(s, '{') == NULL && strchr(s, '}') == NULL, "a variable left: %s", s);
	ck_assert_msg(strstr(s, ": RC-TESTREF234") == NULL, "fell back to the bare state: %s", s);
	if (strstr(key, ".credited") || strstr(key, ".approval"))
		ck_assert_msg(strstr(s, "237.5") && strstr(s, "12.5"), "amounts missing: %s", s);
	if (strcmp(lang, "en") != 0) {
		struct recovery_case_row e = row("en", key);
		ck_assert_msg(strcmp(s, recovery_customer_text(&a, &e)) != 0, "the English text");
	}
	arena_free(&a);
}
END_TEST

START_TEST(state_in_language)
{
	const char *lang = langs[_i % NLANG], *st = states[_i / NLANG];
	const char *w = recovery_state_word(st, lang);
	ck_assert_ptr_nonnull(w);
	ck_assert_msg(*w && strcmp(w, st) != 0, "no word for %s", st);
	ck_assert_msg(utf8_valid(w, strlen(w), false), "not valid UTF-8");
	if (strcmp(lang, "en") != 0)
		ck_assert_msg(strcmp(w, recovery_state_word(st, "en")) != 0, "the English word");
}
END_TEST

/* Without a price no fee is quoted: the review text names none, in any language. */
START_TEST(review_unpriced_quotes_no_fee)
{
	const char *lang = langs[_i];
	struct arena a;
	arena_init(&a, 2048);
	struct recovery_case_row c = row(lang, "recovery.wrong_network_same_fmt.review");
	const char *priced = arena_strdup(&a, recovery_customer_text(&a, &c));
	c.value_known = false;
	const char *s = recovery_customer_text(&a, &c);
	ck_assert_msg(strstr(priced, "12.5") != NULL, "the priced text quotes the fee: %s", priced);
	ck_assert_msg(strstr(s, "12.5") == NULL && strstr(s, "237.5") == NULL, "a fee quoted: %s", s);
	ck_assert_msg(strstr(s, "RC-TESTREF234") && !strchr(s, '{'), "not filled: %s", s);
	arena_free(&a);
}
END_TEST

START_TEST(language_fallbacks)
{
	ck_assert_str_eq(recovery_state_word("credited", "de"), "Credited");
	ck_assert_str_eq(recovery_state_word("credited", NULL), "Credited");
	ck_assert_str_eq(recovery_state_word("credited", "zh-Hant"), "已入帳");
	ck_assert_str_eq(recovery_state_word("credited", "zh-HK"), "已入帳");
	ck_assert_str_eq(recovery_state_word("credited", "zh"), "已入账");
	ck_assert_str_eq(recovery_state_word("credited", "ko-KR"), "입금 완료");
	ck_assert_str_eq(recovery_state_word("nonsense", "ko"), "nonsense");
}
END_TEST

START_TEST(unknown_key_says_the_state)
{
	struct arena a;
	arena_init(&a, 1024);
	struct recovery_case_row c = row("ja", "recovery.no_such_code.credited");
	ck_assert_str_eq(recovery_customer_text(&a, &c), "RC-TESTREF234: 復旧チームが対応中");
	arena_free(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("recovery_texts");
	int nkeys = (int)recovery_message_key_count();
	for (int i = 0; i < nkeys * NLANG; i++)
		unit_add_case(s, unit_name("%s %s", langs[i % NLANG], recovery_message_key_at((size_t)(i / NLANG))),
		              key_in_language, i);
	for (int i = 0; i < NSTATES * NLANG; i++)
		unit_add_case(s, unit_name("%s state %s", langs[i % NLANG], states[i / NLANG]),
		              state_in_language, i);
	for (int i = 0; i < NLANG; i++)
		unit_add_case(s, unit_name("%s review without a price quotes no fee", langs[i]),
		              review_unpriced_quotes_no_fee, i);
	UNIT_TEST(s, language_fallbacks);
	UNIT_TEST(s, unknown_key_says_the_state);
	return unit_run(s, "recovery_texts");
}
