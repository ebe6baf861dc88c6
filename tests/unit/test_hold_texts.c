/* test_hold_texts.c — what the customer is told about a held withdrawal and what the desk says
 * first (core/hold_texts.h): every text in every language is there, valid UTF-8, names what it
 * must ({amount} {asset} {address} for a withdrawal, {country} for a login), never asks for a
 * code or a seed phrase but says the desk never does where it asks the customer to act; language
 * tags fall back as documented; filling replaces the known variables only; a short buffer is cut
 * on a character boundary. One line per language and text, so a failure names both. */
#include "core/hold_texts.h"
#include "unit_main.h"
#include "util/utf8.h"

#define NLANG 9
static const char *const langs[NLANG] = {"en", "zh-CN", "zh-TW", "ja", "ko", "ru", "es", "vi", "tr"};
static const char *const names[HOLD_TEXT_COUNT] = {"held", "held_new_country", "released",
                                                   "cancelled", "missing_memo", "new_country"};
/* The variables each text must carry. */
static const char *const needs[HOLD_TEXT_COUNT][4] = {
    {"{amount}", "{asset}", "{address}", "{network}"},
    {"{amount}", "{asset}", "{address}", "{country}"},
    {"{amount}", "{asset}", "{address}", "{network}"},
    {"{amount}", "{asset}", "{address}", "{network}"},
    {"{amount}", "{asset}", "{network}", NULL},
    {"{country}", NULL, NULL, NULL},
};

START_TEST(text_present)
{
	const char *lang = langs[_i / HOLD_TEXT_COUNT];
	enum hold_text id = (enum hold_text)(_i % HOLD_TEXT_COUNT);
	const char *t = hold_text_template(id, lang);
	ck_assert_ptr_nonnull(t);
	ck_assert_msg(strlen(t) > 40, "too short: %s", t);
	ck_assert_msg(utf8_valid(t, strlen(t), false), "not valid UTF-8");
	for (int k = 0; k < 4 && needs[id][k]; k++)
		ck_assert_msg(strstr(t, needs[id][k]), "%s lacks %s", names[id], needs[id][k]);
	/* No other brace but the variables. */
	const char *known[] = {"{amount}", "{asset}", "{network}", "{address}", "{country}"};
	for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
		bool ok = false;
		for (size_t k = 0; k < 5; k++)
			ok = ok || !strncmp(p, known[k], strlen(known[k]));
		ck_assert_msg(ok, "unknown variable at %.12s", p);
	}
	if (strcmp(lang, "en") != 0)
		ck_assert_msg(strcmp(t, hold_text_template(id, "en")) != 0, "not translated");
}
END_TEST

START_TEST(english_asks_nothing_secret)
{
	for (int id = 0; id < HOLD_TEXT_COUNT; id++) {
		const char *t = hold_text_template((enum hold_text)id, "en");
		/* Where the text mentions a password, 2FA code or seed phrase, it is to say that the
		 * desk never asks for them, or to tell the user to change the password. */
		if (strstr(t, "seed phrase"))
			ck_assert_msg(strstr(t, "never ask"), "%s mentions the seed phrase", names[id]);
	}
	ck_assert_ptr_nonnull(strstr(hold_text_template(HOLD_TEXT_HELD, "en"), "never ask"));
	ck_assert_ptr_nonnull(strstr(hold_text_template(HOLD_TEXT_NEW_COUNTRY, "en"), "never ask"));
}
END_TEST

static const struct {
	const char *tag, *want;
} fallbacks[] = {
    {"en", "en"},           {"zh-CN", "zh-CN"},      {"zh", "zh-CN"},     {"zh-Hans-CN", "zh-CN"},
    {"zh-SG", "zh-CN"},     {"zh-TW", "zh-TW"},      {"zh-Hant", "zh-TW"}, {"zh-HK", "zh-TW"},
    {"zh-Hant-HK", "zh-TW"}, {"zh_TW", "zh-TW"},     {"ja-JP", "ja"},     {"KO", "ko"},
    {"ru-RU", "ru"},        {"es-419", "es"},        {"vi", "vi"},        {"tr-TR", "tr"},
    {"pt-BR", "en"},        {"und", "en"},           {"", "en"},          {"zhx", "en"},
};

START_TEST(fallback)
{
	ck_assert_str_eq(hold_text_language(fallbacks[_i].tag), fallbacks[_i].want);
}
END_TEST

START_TEST(fallback_null)
{
	ck_assert_str_eq(hold_text_language(NULL), "en");
	ck_assert_str_eq(hold_text_template(HOLD_TEXT_COUNT, "en"), "");
}
END_TEST

START_TEST(fill_basic)
{
	char out[2048];
	struct hold_text_vars v = {"5000", "USDT", "ETH", "0xabc", "NG"};
	hold_text_fill(HOLD_TEXT_HELD_NEW_COUNTRY, "vi", &v, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "5000 USDT (ETH)"));
	ck_assert_ptr_nonnull(strstr(out, "0xabc"));
	ck_assert_ptr_nonnull(strstr(out, "(NG)"));
	ck_assert_ptr_null(strchr(out, '{'));
	hold_text_fill(HOLD_TEXT_RELEASED, "zh-CN", &v, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "0xabc 的 5000 USDT（ETH）"));
}
END_TEST

START_TEST(fill_values_not_expanded_again)
{
	char out[2048];
	struct hold_text_vars v = {"{asset}", "USDT", "ETH", "{country}", "NG"};
	hold_text_fill(HOLD_TEXT_HELD, "en", &v, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "{asset} USDT"));
	ck_assert_ptr_nonnull(strstr(out, "to {country} for"));
}
END_TEST

START_TEST(fill_missing_values_empty)
{
	char out[2048];
	hold_text_fill(HOLD_TEXT_NEW_COUNTRY, "en", NULL, out, sizeof out);
	ck_assert_ptr_nonnull(strstr(out, "new country ()"));
	ck_assert_ptr_null(strchr(out, '{'));
}
END_TEST

START_TEST(fill_cut_on_character)
{
	for (size_t size = 1; size < 80; size++) {
		char out[80];
		struct hold_text_vars v = {"250", "XRP", "XRP", NULL, NULL};
		hold_text_fill(HOLD_TEXT_MISSING_MEMO, "ko", &v, out, size);
		ck_assert_uint_lt(strlen(out), size);
		ck_assert_msg(utf8_valid(out, strlen(out), false), "cut inside a character at %zu",
		              size);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hold_texts");
	for (int i = 0; i < NLANG * HOLD_TEXT_COUNT; i++)
		unit_add_case(s, unit_name("%s %s is present and well-formed", langs[i / HOLD_TEXT_COUNT],
		                           names[i % HOLD_TEXT_COUNT]),
		              text_present, i);
	UNIT_TEST(s, english_asks_nothing_secret);
	for (int i = 0; i < (int)(sizeof fallbacks / sizeof fallbacks[0]); i++)
		unit_add_case(s, unit_name("language \"%s\" -> %s", fallbacks[i].tag, fallbacks[i].want),
		              fallback, i);
	UNIT_TEST(s, fallback_null);
	UNIT_TEST(s, fill_basic);
	UNIT_TEST(s, fill_values_not_expanded_again);
	UNIT_TEST(s, fill_missing_values_empty);
	UNIT_TEST(s, fill_cut_on_character);
	return unit_run(s, "hold_texts");
}
