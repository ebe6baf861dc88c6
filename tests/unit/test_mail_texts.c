/* test_mail_texts.c — the desk's outgoing system texts: every text in every language is there,
 * is valid UTF-8 and has the template variables a mail needs; language tags fall back as documented;
 * filling replaces exactly the known template variables, once; a missing customer name leaves no stray
 * punctuation; the auto-reply outside every shift names the opening time in each language, with CJK,
 * Cyrillic and Vietnamese text intact. One line per language and text, so a failure names both. */
#include "core/mail_texts.h"
#include "unit_main.h"
#include "util/utf8.h"

#include <utf8proc.h>

#define NLANG      9
#define NCASES(a)  ((int)(sizeof(a) / sizeof((a)[0])))
#define NUMBER     "EXD-100123"
#define SUBJECT    "Deposit not credited"
#define DESK       "Exdesk Support"
#define ROW(i)     ((i) / MAIL_TEXT_COUNT)
#define TEXT_ID(i) ((enum mail_text_id)((i) % MAIL_TEXT_COUNT))

static const char *const known[] = {"{{number}}", "{{subject}}", "{{name}}",
                                    "{{desk}}",   "{{greeting}}", "{{opens}}"};

static bool one_line(const char *s)
{
	return strchr(s, '\n') == NULL && strchr(s, '\r') == NULL;
}

/* ---- every text in every language ---- */

START_TEST(text_present)
{
	const char *lang = mail_text_languages[ROW(_i)];
	enum mail_text_id id = TEXT_ID(_i);
	const char *t = mail_text(lang, id);

	ck_assert_ptr_nonnull(t);
	ck_assert_msg(*t != '\0', "empty");
	ck_assert_msg(utf8_valid(t, strlen(t), false), "not valid UTF-8");
	ck_assert_msg(strstr(t, "  ") == NULL && strstr(t, " \n") == NULL, "stray white space");
	ck_assert_msg(t[0] != ' ' && t[strlen(t) - 1] != ' ' && t[strlen(t) - 1] != '\n',
	              "white space at an end");

	/* Every {{ opens a template variable we fill: a typo would reach customers verbatim. */
	for (const char *p = strstr(t, "{{"); p != NULL; p = strstr(p + 2, "{{")) {
		bool ok = false;
		for (int k = 0; k < NCASES(known); k++)
			ok |= strncmp(p, known[k], strlen(known[k])) == 0;
		ck_assert_msg(ok, "unknown template variable at \"%.16s\"", p);
	}
	/* Only the greeting names the customer, so a missing name is handled in one place. */
	if (id != MAIL_TEXT_GREETING_NAME)
		ck_assert_msg(strstr(t, "{{name}}") == NULL, "{{name}} outside the greeting");
	/* Only the auto-reply has a value for {{opens}}; anywhere else it would read as "". */
	if (id != MAIL_TEXT_AFTER_HOURS)
		ck_assert_msg(strstr(t, "{{opens}}") == NULL, "{{opens}} outside the auto-reply");

	switch (id) {
	case MAIL_TEXT_GREETING:
		ck_assert(one_line(t));
		break;
	case MAIL_TEXT_GREETING_NAME:
		ck_assert(one_line(t));
		ck_assert_ptr_nonnull(strstr(t, "{{name}}"));
		break;
	case MAIL_TEXT_ACK_SUBJECT:
	case MAIL_TEXT_REPLY_SUBJECT:
	case MAIL_TEXT_CHAT_REPLY_SUBJECT:
		/* The bracketed number is how a reply finds its ticket if headers were lost. */
		ck_assert(one_line(t));
		ck_assert_msg(strstr(t, "[{{number}}]") != NULL, "no [{{number}}]");
		ck_assert_ptr_nonnull(strstr(t, "{{subject}}"));
		break;
	case MAIL_TEXT_ACK_BODY:
		ck_assert_msg(strncmp(t, "{{greeting}}\n\n", 14) == 0,
		              "does not open with the greeting");
		ck_assert_ptr_nonnull(strstr(t, "{{number}}"));
		ck_assert_ptr_nonnull(strstr(t, "{{desk}}"));
		/* how to add information, and the warning against giving away codes and keys */
		ck_assert_msg(strstr(t, "TxID") != NULL, "does not mention the TxID");
		ck_assert_msg(strstr(t, "2FA") != NULL, "no security warning about 2FA codes");
		break;
	case MAIL_TEXT_REPLY_FOOTER:
		ck_assert(one_line(t));
		ck_assert_ptr_nonnull(strstr(t, "{{number}}"));
		break;
	case MAIL_TEXT_AFTER_HOURS: {
		/* One paragraph (it is a chat message as much as a mail), saying when, exactly once,
		 * and which request waits. */
		const char *o = strstr(t, "{{opens}}");
		ck_assert(one_line(t));
		ck_assert_msg(o != NULL && strstr(o + 1, "{{opens}}") == NULL,
		              "{{opens}} not there exactly once");
		ck_assert_ptr_nonnull(strstr(t, "{{number}}"));
		break;
	}
	default:
		ck_abort_msg("id %d not covered by this test", (int)id);
	}
}
END_TEST

START_TEST(reply_subject_keeps_re)
{
	for (int l = 0; mail_text_languages[l] != NULL; l++)
		ck_assert_str_eq(mail_text(mail_text_languages[l], MAIL_TEXT_REPLY_SUBJECT),
		                 "Re: [{{number}}] {{subject}}");
}
END_TEST

START_TEST(languages_list)
{
	static const char *const want[NLANG] = {"en", "zh-CN", "zh-TW", "ja", "ko",
	                                        "ru", "es",    "vi",    "tr"};
	for (int l = 0; l < NLANG; l++) {
		ck_assert_str_eq(mail_text_languages[l], want[l]);
		ck_assert_str_eq(mail_text_language(want[l]), want[l]);
	}
	ck_assert_ptr_null(mail_text_languages[NLANG]);
}
END_TEST

/* The languages really differ: a copy-paste of English into another slot would pass the
 * template variable checks. */
START_TEST(languages_distinct)
{
	static const enum mail_text_id ids[] = {MAIL_TEXT_ACK_BODY, MAIL_TEXT_AFTER_HOURS};
	for (int k = 0; k < NCASES(ids); k++)
		for (int a = 0; a < NLANG; a++)
			for (int b = a + 1; b < NLANG; b++) {
				const char *x = mail_text(mail_text_languages[a], ids[k]);
				const char *y = mail_text(mail_text_languages[b], ids[k]);
				ck_assert_msg(strcmp(x, y) != 0, "%s and %s share %s",
				              mail_text_languages[a], mail_text_languages[b],
				              mail_text_name(ids[k]));
			}
}
END_TEST

/* ---- language fallback ---- */

static const struct {
	const char *tag, *want;
} fallbacks[] = {
    {"en", "en"},
    {"EN", "en"},
    {"en-US", "en"},
    {"en_GB", "en"},
    {"zh", "zh-CN"},
    {"zh-CN", "zh-CN"},
    {"zh-cn", "zh-CN"},
    {"zh_CN", "zh-CN"},
    {"zh-Hans", "zh-CN"},
    {"zh-Hans-CN", "zh-CN"},
    {"zh-SG", "zh-CN"},
    {"zh-MY", "zh-CN"},
    {"zh-Hant", "zh-TW"},
    {"zh-TW", "zh-TW"},
    {"zh_tw", "zh-TW"},
    {"zh-HK", "zh-TW"},
    {"zh-MO", "zh-TW"},
    {"zh-Hant-HK", "zh-TW"},
    {"zh-Hans-HK", "zh-CN"}, /* the script, not the region, says how it is written */
    {"zh-Hant-CN", "zh-TW"},
    {"cmn-Hant-TW", "zh-TW"},
    {"yue", "zh-TW"},
    {"yue-Hans", "zh-CN"},
    {"ja", "ja"},
    {"ja-JP", "ja"},
    {"ko-KR", "ko"},
    {"ru-RU", "ru"},
    {"ru-UA", "ru"},
    {"es-419", "es"},
    {"es-MX", "es"},
    {"vi-VN", "vi"},
    {"tr-TR", "tr"},
    {"TR", "tr"},
    {"pt-BR", "en"},
    {"de", "en"},
    {"fr-FR", "en"},
    {"uk", "en"},
    {"", "en"},
    {"jaa", "en"}, /* a primary subtag matches whole, not as a prefix */
    {"trk", "en"},
    {"e", "en"},
    {"english", "en"},
    {"-", "en"},
    {"zh-", "zh-CN"},
};

START_TEST(fallback)
{
	const char *tag = fallbacks[_i].tag, *want = fallbacks[_i].want;
	ck_assert_str_eq(mail_text_language(tag), want);
	for (int id = 0; id < MAIL_TEXT_COUNT; id++)
		ck_assert_ptr_eq(mail_text(tag, (enum mail_text_id)id),
		                 mail_text(want, (enum mail_text_id)id));
}
END_TEST

START_TEST(fallback_edges)
{
	ck_assert_str_eq(mail_text_language(NULL), "en");
	ck_assert_str_eq(mail_text(NULL, MAIL_TEXT_ACK_SUBJECT),
	                 mail_text("en", MAIL_TEXT_ACK_SUBJECT));
	ck_assert_str_eq(mail_text("ja", MAIL_TEXT_COUNT), "");
	ck_assert_str_eq(mail_text("ja", (enum mail_text_id) - 1), "");
}
END_TEST

/* ---- filling ---- */

static const struct mail_text_vars vars = {.number = NUMBER,
                                           .subject = SUBJECT,
                                           .name = "Li Wei",
                                           .desk = DESK,
                                           .greeting = "Hi,",
                                           .opens = "09:00 (UTC)"};

static void check_fill(const char *tmpl, const struct mail_text_vars *v, const char *want)
{
	char *got = mail_text_fill(tmpl, v);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(fill_basic)
{
	check_fill("[{{number}}] {{subject}}", &vars, "[" NUMBER "] " SUBJECT);
	check_fill("{{greeting}} {{name}} / {{desk}}", &vars, "Hi, Li Wei / " DESK);
	check_fill("{{number}}{{number}}", &vars, NUMBER NUMBER);
	check_fill("from {{opens}}.", &vars, "from 09:00 (UTC).");
	check_fill("no template variables", &vars, "no template variables");
	check_fill("", &vars, "");
	check_fill(NULL, &vars, "");
	check_fill("{{{number}}}", &vars, "{" NUMBER "}");
}
END_TEST

START_TEST(fill_no_double_expansion)
{
	struct mail_text_vars v = vars;
	v.subject = "{{number}} and {{desk}}";
	v.name = "{{greeting}}";
	v.greeting = "{{name}}";
	v.opens = "{{opens}} {{number}}";
	check_fill("[{{number}}] {{subject}}", &v, "[" NUMBER "] {{number}} and {{desk}}");
	check_fill("{{greeting}} {{name}}", &v, "{{name}} {{greeting}}");
	check_fill("{{opens}}|{{number}}", &v, "{{opens}} {{number}}|" NUMBER);
	/* A value ending in "{{" must not join the template's next characters into a token. */
	v.subject = "{{";
	check_fill("{{subject}}number}}", &v, "{{number}}");
}
END_TEST

START_TEST(fill_unknown_left_alone)
{
	check_fill("{{foo}} {{ name }} {{NAME}} {{number {{} }}", &vars,
	           "{{foo}} {{ name }} {{NAME}} {{number {{} }}");
	check_fill("{{open}} {{opens} {{OPENS}} {{opens }}", &vars,
	           "{{open}} {{opens} {{OPENS}} {{opens }}");
	check_fill("{{name}", &vars, "{{name}");
	check_fill("{", &vars, "{");
	check_fill("{{", &vars, "{{");
}
END_TEST

START_TEST(fill_null_values)
{
	struct mail_text_vars v = {.number = NUMBER};
	check_fill("a{{name}}b{{subject}}c{{desk}}d{{greeting}}e{{opens}}f{{number}}", &v,
	           "abcdef" NUMBER);
	check_fill("a{{name}}b{{number}}c", NULL, "abc");
}
END_TEST

START_TEST(fill_large_and_utf8)
{
	size_t n = 200 * 1024;
	char *big = malloc(n + 1), *want, *got;
	struct mail_text_vars v = vars;
	ck_assert_ptr_nonnull(big);
	memset(big, 'x', n);
	big[n] = '\0';
	v.subject = big;
	got = mail_text_fill("<{{subject}}>", &v);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(strlen(got), n + 2);
	ck_assert(got[0] == '<' && got[n + 1] == '>');
	free(got);
	free(big);

	v.subject = "充值未到账 — 입금 — Депозит";
	want = "[" NUMBER "] 充值未到账 — 입금 — Депозит";
	check_fill("[{{number}}] {{subject}}", &v, want);
}
END_TEST

/* Every subject, filled, shows the ticket number in brackets. */
START_TEST(subjects_show_number)
{
	static const enum mail_text_id subjects[] = {MAIL_TEXT_ACK_SUBJECT, MAIL_TEXT_REPLY_SUBJECT,
	                                             MAIL_TEXT_CHAT_REPLY_SUBJECT};
	for (int l = 0; mail_text_languages[l] != NULL; l++)
		for (int k = 0; k < NCASES(subjects); k++) {
			char *s =
			    mail_text_fill(mail_text(mail_text_languages[l], subjects[k]), &vars);
			ck_assert_ptr_nonnull(s);
			ck_assert_msg(strstr(s, "[" NUMBER "]") != NULL &&
			                  strstr(s, SUBJECT) != NULL,
			              "%s: %s", mail_text_languages[l], s);
			free(s);
		}
}
END_TEST

/* ---- the greeting with and without a name ---- */

/* Things a filled text must never contain; they are what an empty value between punctuation
 * leaves behind in one script or another. */
static const char *const artefacts[] = {
    ", ,",  " ,",   " .",   " :",  " !", " ;",  "  ", " \n", "\n ",
    "，，", "，：", ", 님", " 님", "()", "( )", "{{", "}}",  "：：",
};

static void check_reads_well(const char *lang, const char *what, const char *s)
{
	ck_assert_msg(utf8_valid(s, strlen(s), false), "%s %s: not valid UTF-8", lang, what);
	ck_assert_msg(s[0] != ' ' && s[0] != ',' && s[0] != '\xef', "%s %s starts badly: %s", lang,
	              what, s);
	for (int k = 0; k < NCASES(artefacts); k++)
		ck_assert_msg(strstr(s, artefacts[k]) == NULL, "%s %s has \"%s\": %s", lang, what,
		              artefacts[k], s);
}

START_TEST(greeting_without_name)
{
	const char *lang = mail_text_languages[_i];
	const char *plain = mail_text(lang, MAIL_TEXT_GREETING);
	static const char *const blanks[] = {"", " ", "\t \r\n", "\u3000", "\u00a0\u2003"};
	char *g = mail_text_greeting(lang, NULL);

	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g, plain);
	free(g);
	for (int k = 0; k < NCASES(blanks); k++) {
		g = mail_text_greeting(lang, blanks[k]);
		ck_assert_ptr_nonnull(g);
		ck_assert_msg(strcmp(g, plain) == 0, "blank name #%d gave \"%s\"", k, g);
		free(g);
	}
	check_reads_well(lang, "greeting", plain);
}
END_TEST

START_TEST(greeting_with_name)
{
	const char *lang = mail_text_languages[_i];
	char *g = mail_text_greeting(lang, "Li Wei");
	struct mail_text_vars v = {.name = "Li Wei"};
	char *want = mail_text_fill(mail_text(lang, MAIL_TEXT_GREETING_NAME), &v);

	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_nonnull(want);
	ck_assert_str_eq(g, want);
	ck_assert_ptr_nonnull(strstr(g, "Li Wei"));
	ck_assert_str_ne(g, mail_text(lang, MAIL_TEXT_GREETING));
	check_reads_well(lang, "greeting with name", g);
	free(g);
	free(want);
}
END_TEST

/* The acknowledgement as a customer without a known name gets it, and with one. */
START_TEST(ack_reads_well)
{
	const char *lang = mail_text_languages[_i];
	const char *const who[] = {NULL, "", "Li Wei", "王小明"};

	for (int k = 0; k < NCASES(who); k++) {
		struct mail_text_vars v = vars;
		char *greeting = mail_text_greeting(lang, who[k]);
		char *body, *subject, *footer;
		ck_assert_ptr_nonnull(greeting);
		v.name = who[k];
		v.greeting = greeting;
		body = mail_text_fill(mail_text(lang, MAIL_TEXT_ACK_BODY), &v);
		subject = mail_text_fill(mail_text(lang, MAIL_TEXT_ACK_SUBJECT), &v);
		footer = mail_text_fill(mail_text(lang, MAIL_TEXT_REPLY_FOOTER), &v);
		ck_assert(body != NULL && subject != NULL && footer != NULL);
		check_reads_well(lang, "ack body", body);
		check_reads_well(lang, "ack subject", subject);
		check_reads_well(lang, "reply footer", footer);
		ck_assert_msg(strncmp(body, greeting, strlen(greeting)) == 0 &&
		                  body[strlen(greeting)] == '\n',
		              "%s: body does not open with the greeting line", lang);
		ck_assert_ptr_nonnull(strstr(body, NUMBER));
		ck_assert_ptr_nonnull(strstr(body, DESK));
		ck_assert_ptr_nonnull(strstr(footer, NUMBER));
		if (who[k] != NULL && *who[k] != '\0')
			ck_assert_ptr_nonnull(strstr(body, who[k]));
		free(greeting);
		free(body);
		free(subject);
		free(footer);
	}
}
END_TEST

/* ---- the auto-reply outside every shift ---- */

/* The opening time as the server formats it (ICU's patterns for the language, the shift's zone
 * in parentheses), today and on another day, and a phrase of each language's own text that must
 * come out byte for byte: no script is mangled, no Vietnamese tone mark decomposed. */
static const struct {
	const char *lang, *today, *later, *phrase;
} opens_cases[NLANG] = {
    {"en", "09:00 (Asia/Singapore)", "Thursday, March 5 at 09:00 (Asia/Singapore)",
     "Our support team is offline right now"},
    {"zh-CN", "09:00 (Asia/Shanghai)", "3月5日星期四 09:00 (Asia/Shanghai)", "客服团队当前不在服务时间"},
    {"zh-TW", "09:00 (Asia/Taipei)", "3月5日 星期四 09:00 (Asia/Taipei)", "客服團隊目前不在服務時間"},
    {"ja", "9:00 (Asia/Tokyo)", "3月5日木曜日 9:00 (Asia/Tokyo)", "営業時間外"},
    {"ko", "09:00 (Asia/Seoul)", "3월 5일 목요일 09:00 (Asia/Seoul)", "고객센터 운영 시간"},
    {"ru", "09:00 (Europe/Moscow)", "четверг, 5 марта в 09:00 (Europe/Moscow)",
     "служба поддержки не работает"},
    {"es", "9:00 (Europe/Madrid)", "jueves, 5 de marzo, 9:00 (Europe/Madrid)", "fuera de horario"},
    {"vi", "9:00 (Asia/Ho_Chi_Minh)", "lúc 9:00 Thứ Năm, 5 tháng 3 (Asia/Ho_Chi_Minh)",
     "ngoài giờ làm việc"},
    {"tr", "09:00 (Europe/Istanbul)", "5 Mart Perşembe 09:00 (Europe/Istanbul)", "mesai dışında"},
};

/* Is s in Unicode NFC? Text typed on some systems arrives decomposed (e + combining marks); the
 * built-in texts must not, or a search for "giờ" misses them. */
static bool is_nfc(const char *s)
{
	utf8proc_uint8_t *n = utf8proc_NFC((const utf8proc_uint8_t *)s);
	bool same = n != NULL && strcmp((const char *)n, s) == 0;
	free(n);
	return same;
}

START_TEST(after_hours_filled)
{
	const char *lang = opens_cases[_i].lang;
	const char *const when[] = {opens_cases[_i].today, opens_cases[_i].later};
	const char *t = mail_text(lang, MAIL_TEXT_AFTER_HOURS);

	ck_assert_str_eq(mail_text_language(lang), lang);
	ck_assert_msg(is_nfc(t), "%s: the built-in text is not NFC", lang);
	for (int k = 0; k < NCASES(when); k++) {
		struct mail_text_vars v = vars;
		char *s;
		v.opens = when[k];
		s = mail_text_fill(t, &v);
		ck_assert_ptr_nonnull(s);
		check_reads_well(lang, "after-hours reply", s);
		ck_assert_msg(strstr(s, when[k]) != NULL, "%s: the opening time is not there: %s", lang,
		              s);
		ck_assert_msg(strstr(s, NUMBER) != NULL, "%s: no ticket number: %s", lang, s);
		ck_assert_msg(strstr(s, opens_cases[_i].phrase) != NULL, "%s: \"%s\" not intact: %s",
		              lang, opens_cases[_i].phrase, s);
		ck_assert_msg(is_nfc(s), "%s: filled text not NFC", lang);
		/* Exactly the template with the two values put in, nothing else touched. */
		ck_assert_uint_eq(strlen(s), strlen(t) - strlen("{{opens}}") - strlen("{{number}}") +
		                                 strlen(when[k]) + strlen(NUMBER));
		free(s);
	}
}
END_TEST

/* A value with no {{opens}} (an admin's override of another text that names it) reads as "". */
START_TEST(after_hours_without_value)
{
	struct mail_text_vars v = vars;
	v.opens = NULL;
	check_fill("[{{opens}}]", &v, "[]");
	check_fill(mail_text("en", MAIL_TEXT_AFTER_HOURS), &v,
	           "Thank you for contacting us. Our support team is offline right now and will answer "
	           "from . Your request " NUMBER " is in our queue; you do not need to write again.");
}
END_TEST

/* ---- names for the settings API ---- */

START_TEST(names_round_trip)
{
	for (int id = 0; id < MAIL_TEXT_COUNT; id++) {
		const char *name = mail_text_name((enum mail_text_id)id);
		enum mail_text_id back = MAIL_TEXT_COUNT;
		ck_assert_ptr_nonnull(name);
		ck_assert_msg(mail_text_id_from_name(name, &back), "%s not parsed", name);
		ck_assert_int_eq(back, id);
		for (const char *p = name; *p != '\0'; p++)
			ck_assert_msg((*p >= 'a' && *p <= 'z') || *p == '_', "name %s", name);
		for (int other = 0; other < id; other++)
			ck_assert_str_ne(name, mail_text_name((enum mail_text_id)other));
	}
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_ACK_SUBJECT), "ack_subject");
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_ACK_BODY), "ack_body");
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_REPLY_SUBJECT), "reply_subject");
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_REPLY_FOOTER), "reply_footer");
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_CHAT_REPLY_SUBJECT), "chat_reply_subject");
	ck_assert_str_eq(mail_text_name(MAIL_TEXT_AFTER_HOURS), "after_hours");
	ck_assert_ptr_null(mail_text_name(MAIL_TEXT_COUNT));
	ck_assert_ptr_null(mail_text_name((enum mail_text_id) - 1));
}
END_TEST

START_TEST(names_rejected)
{
	static const char *const bad[] = {"",    "ACK_SUBJECT", "ack-subject", "ack_subject ",
	                                  "ack", "ack_subjects"};
	for (int k = 0; k < NCASES(bad); k++) {
		enum mail_text_id out = MAIL_TEXT_REPLY_FOOTER;
		ck_assert_msg(!mail_text_id_from_name(bad[k], &out), "accepted \"%s\"", bad[k]);
		ck_assert_int_eq(out, MAIL_TEXT_REPLY_FOOTER);
	}
	enum mail_text_id out = MAIL_TEXT_REPLY_FOOTER;
	ck_assert(!mail_text_id_from_name(NULL, &out));
	ck_assert_int_eq(out, MAIL_TEXT_REPLY_FOOTER);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("mail_texts");

	for (int i = 0; i < NLANG * MAIL_TEXT_COUNT; i++)
		unit_add_case(s,
		              unit_name("%s %s is present and well-formed",
		                        mail_text_languages[ROW(i)], mail_text_name(TEXT_ID(i))),
		              text_present, i);
	UNIT_TEST(s, reply_subject_keeps_re);
	UNIT_TEST(s, languages_list);
	UNIT_TEST(s, languages_distinct);
	for (int i = 0; i < NCASES(fallbacks); i++)
		unit_add_case(
		    s, unit_name("language \"%s\" -> %s", fallbacks[i].tag, fallbacks[i].want),
		    fallback, i);
	UNIT_TEST(s, fallback_edges);
	UNIT_TEST(s, fill_basic);
	UNIT_TEST(s, fill_no_double_expansion);
	UNIT_TEST(s, fill_unknown_left_alone);
	UNIT_TEST(s, fill_null_values);
	UNIT_TEST(s, fill_large_and_utf8);
	UNIT_TEST(s, subjects_show_number);
	for (int i = 0; i < NLANG; i++) {
		unit_add_case(s, unit_name("%s greeting without a name", mail_text_languages[i]),
		              greeting_without_name, i);
		unit_add_case(s, unit_name("%s greeting with a name", mail_text_languages[i]),
		              greeting_with_name, i);
		unit_add_case(s, unit_name("%s acknowledgement reads well", mail_text_languages[i]),
		              ack_reads_well, i);
	}
	for (int i = 0; i < NLANG; i++)
		unit_add_case(s, unit_name("%s after-hours reply names the opening time",
		                           opens_cases[i].lang),
		              after_hours_filled, i);
	UNIT_TEST(s, after_hours_without_value);
	UNIT_TEST(s, names_round_trip);
	UNIT_TEST(s, names_rejected);
	return unit_run(s, "mail_texts");
}
