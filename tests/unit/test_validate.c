/* test_validate.c — emails, tags, language codes and slugs, one line per case so a failure says
 * which value was misjudged. Non-ASCII cases are written as UTF-8 literals (the source is UTF-8);
 * malformed byte sequences as escapes. */
#include "core/validate.h"
#include "unit_main.h"

struct vcase {
	const char *in;
	size_t len;
	const char *want;  /* normalised form, or NULL when the input must be rejected */
	const char *label; /* for the test name when `in` is not printable */
};

/* sizeof keeps embedded NULs in the length. */
#define C(s, want)                                                                                 \
	{                                                                                          \
		(s), sizeof(s) - 1, (want), NULL                                                   \
	}
#define CL(s, want, label)                                                                         \
	{                                                                                          \
		(s), sizeof(s) - 1, (want), (label)                                                \
	}
#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *case_label(const struct vcase *c)
{
	return c->label != NULL ? c->label : c->in;
}

/* ---- emails ---- */

static const struct vcase emails_ok[] = {
    C("li.wei@example.com", ""),       C("a@b.co", ""),
    C("user+tag@sub.example.org", ""), C("o'brien@example.ie", ""),
    C("x_y-z@ex-ample.com", ""),       C("!#$%&'*+/=?^_`{|}~-@example.com", ""),
    C("UPPER.Case@Example.COM", ""),   C("12345@163.com", ""),
    C("李伟@例子.中国", ""),           C("用户@example.com", ""),
    C("support@交易所.中国", ""),      C("info@пример.рф", ""),
    C("иван.петров@почта.рф", ""),     C("δοκιμή@παράδειγμα.δοκιμή", ""),
    C("nguyễn.văn.an@ví-dụ.vn", ""),   C("ถอนเงิน@ตัวอย่าง.ไทย", ""),
    C("ユーザー@例え.jp", ""),
};

static const struct vcase emails_bad[] = {
    C("", NULL),
    C("plainaddress", NULL),
    C("@example.com", NULL),
    C("li@", NULL),
    C("li@example", NULL),
    C("li@@example.com", NULL),
    C("li@ex@ample.com", NULL),
    C(".li@example.com", NULL),
    C("li.@example.com", NULL),
    C("li..wei@example.com", NULL),
    C("li@-example.com", NULL),
    C("li@example-.com", NULL),
    C("li@example..com", NULL),
    C("li@.example.com", NULL),
    C("li@example.com.", NULL),
    C("li wei@example.com", NULL),
    C("li@exa mple.com", NULL),
    C("li@exam_ple.com", NULL),
    C("\"li\"@example.com", NULL),
    C("(li)@example.com", NULL),
    C("li,wei@example.com", NULL),
    C("li@example.com>", NULL),
    C("<li@example.com>", NULL),
    C("li@[127.0.0.1]", NULL),
    CL("li\n@example.com", NULL, "newline in local part"),
    CL("li\0@example.com", NULL, "NUL in local part"),
    CL("li@example.com\0", NULL, "trailing NUL"),
    C("李伟@例子。中国", NULL), /* ideographic full stop is not a label separator */
    C("😀@example.com", NULL),   /* emoji are symbols, not letters */
    C("li@例子.中国😀", NULL),
    CL("\u0301a@example.com", NULL, "combining mark starting the local part"),
    CL("li@\u0301example.com", NULL, "combining mark starting a label"),
    C("ｌｉ＠example.com", NULL), /* fullwidth at sign is not '@' */
    CL("\xff@example.com", NULL, "invalid UTF-8 byte in local part"),
    CL("li@\xc3\x28.com", NULL, "invalid UTF-8 continuation in domain"),
    CL("li@ex\xe4\xb8.com", NULL, "truncated UTF-8 in domain"),
    CL("\xed\xa0\x80@example.com", NULL, "UTF-16 surrogate encoded in UTF-8"),
    CL("\xc0\xae@example.com", NULL, "overlong encoding of '.'"),
};

START_TEST(email_ok)
{
	const struct vcase *c = &emails_ok[_i];
	ck_assert_msg(validate_email(c->in, c->len), "rejected %s", case_label(c));
}
END_TEST

START_TEST(email_bad)
{
	const struct vcase *c = &emails_bad[_i];
	ck_assert_msg(!validate_email(c->in, c->len), "accepted %s", case_label(c));
}
END_TEST

static void fill(char *p, size_t n, char c)
{
	memset(p, c, n);
}

START_TEST(email_limits)
{
	char buf[400];
	size_t n;

	/* local part: 64 bytes ok, 65 not */
	fill(buf, 64, 'a');
	n = 64 + (size_t)sprintf(buf + 64, "@example.com");
	ck_assert(validate_email(buf, n));
	fill(buf, 65, 'a');
	n = 65 + (size_t)sprintf(buf + 65, "@example.com");
	ck_assert(!validate_email(buf, n));
	/* 64 bytes of Cyrillic (32 letters) is at the byte limit; one more letter is over */
	for (int i = 0; i < 32; i++)
		memcpy(buf + 2 * i, "ж", 2);
	n = 64 + (size_t)sprintf(buf + 64, "@example.com");
	ck_assert(validate_email(buf, n));
	for (int i = 0; i < 33; i++)
		memcpy(buf + 2 * i, "ж", 2);
	n = 66 + (size_t)sprintf(buf + 66, "@example.com");
	ck_assert(!validate_email(buf, n));
	/* a label: 63 bytes ok, 64 not */
	n = (size_t)sprintf(buf, "li@");
	fill(buf + n, 63, 'b');
	n += 63 + (size_t)sprintf(buf + n + 63, ".com");
	ck_assert(validate_email(buf, n));
	n = (size_t)sprintf(buf, "li@");
	fill(buf + n, 64, 'b');
	n += 64 + (size_t)sprintf(buf + n + 64, ".com");
	ck_assert(!validate_email(buf, n));
	/* whole address: 254 ok, 255 not (labels of 63 + dots) */
	for (size_t total = 254; total <= 255; total++) {
		size_t pos = (size_t)sprintf(buf, "a@");
		while (total - pos > 64) {
			fill(buf + pos, 63, 'c');
			buf[pos + 63] = '.';
			pos += 64;
		}
		fill(buf + pos, total - pos, 'd');
		ck_assert_msg(validate_email(buf, total) == (total == 254), "total %zu", total);
	}
	ck_assert(!validate_email(NULL, 0));
}
END_TEST

/* ---- tags ---- */

static const struct vcase tags[] = {
    C("usdt", "usdt"),
    C("USDT", "usdt"),
    C("  USDT TRC20  ", "usdt_trc20"),
    C("KYC:Level-2.v1", "kyc:level-2.v1"),
    C("a  b", "a__b"),
    C("提现", "提现"),
    C("充值 未到账", "充值_未到账"),
    C("提现\u3000问题", "提现_问题"), /* ideographic space is a space */
    C("\u3000提现\u3000", "提现"),
    C("вывод", "вывод"),
    C("Вывод средств", "вывод_средств"), /* every script is lowercased */
    C("RÚT TIỀN", "rút_tiền"),
    C("rút_tiền", "rút_tiền"),
    C("Rút tiền", "rút_tiền"),
    CL("ru\u0301t_tie\u0302\u0300n", "rút_tiền", "decomposed rút_tiền (NFD) -> NFC"),
    C("ถอนเงิน", "ถอนเงิน"),
    C("निकासी", "निकासी"),
    C("入金:JPY", "入金:jpy"),
    C("p2p", "p2p"),
    C("٣", "٣"), /* Arabic-Indic digit */
    C("", NULL),
    C("   ", NULL),
    C("\u3000", NULL),
    C("a/b", NULL),
    C("#vip", NULL),
    C("a,b", NULL),
    C("hi!", NULL),
    C("tag😀", NULL),
    C("$USDT", NULL),
    CL("a\tb", NULL, "tab inside"),
    CL("a\nb", NULL, "newline inside"),
    CL("a\0b", NULL, "NUL inside"),
    CL("\u0301a", NULL, "combining mark first"),
    CL("_\u0301", NULL, "combining mark after '_'"),
    CL("\xff\xfe", NULL, "invalid UTF-8"),
    CL("ok\xe6\x8f", NULL, "truncated UTF-8"),
};

START_TEST(tag)
{
	const struct vcase *c = &tags[_i];
	char out[MAX_TAG + 1] = "untouched";
	bool ok = validate_tag_normalize(c->in, c->len, out);

	if (c->want == NULL) {
		ck_assert_msg(!ok, "accepted %s as \"%s\"", case_label(c), out);
		ck_assert_str_eq(out, "untouched");
	} else {
		ck_assert_msg(ok, "rejected %s", case_label(c));
		ck_assert_str_eq(out, c->want);
	}
}
END_TEST

START_TEST(tag_limits)
{
	char buf[400], out[MAX_TAG + 1];

	/* 64 bytes: ok; 65: too long */
	fill(buf, 64, 'a');
	ck_assert(validate_tag_normalize(buf, 64, out));
	ck_assert_uint_eq(strlen(out), 64);
	fill(buf, 65, 'a');
	ck_assert(!validate_tag_normalize(buf, 65, out));
	/* 21 CJK characters are 63 bytes; 22 are 66 */
	for (int i = 0; i < 22; i++)
		memcpy(buf + 3 * i, "提", 3);
	ck_assert(validate_tag_normalize(buf, 63, out));
	ck_assert_uint_eq(strlen(out), 63);
	ck_assert(!validate_tag_normalize(buf, 66, out));
	/* the limit applies after trimming */
	fill(buf, 100, ' ');
	fill(buf + 10, 64, 'b');
	ck_assert(validate_tag_normalize(buf, 100, out));
	ck_assert_uint_eq(strlen(out), 64);
	/* and after NFC: 13 decomposed "ề" (5 bytes each, 65) compose to 39 bytes */
	for (int i = 0; i < 13; i++)
		memcpy(buf + 5 * i, "e\u0302\u0300", 5);
	ck_assert(validate_tag_normalize(buf, 65, out));
	ck_assert_uint_eq(strlen(out), 39);
	/* absurd input is refused without scanning it all */
	fill(buf, sizeof buf, 'a');
	ck_assert(!validate_tag_normalize(buf, sizeof buf, out));
	ck_assert(!validate_tag_normalize(NULL, 0, out));
}
END_TEST

START_TEST(tag_normalize_idempotent)
{
	for (int i = 0; i < NCASES(tags); i++) {
		char once[MAX_TAG + 1], twice[MAX_TAG + 1];
		if (!validate_tag_normalize(tags[i].in, tags[i].len, once))
			continue;
		ck_assert_msg(validate_tag_normalize(once, strlen(once), twice), "%s", once);
		ck_assert_str_eq(once, twice);
	}
}
END_TEST

/* ---- language tags ---- */

static const struct vcase languages[] = {
    C("en", "en"),
    C("EN", "en"),
    C("zh-cn", "zh-CN"),
    C("zh-CN", "zh-CN"),
    C("ZH-cn", "zh-CN"),
    C("zh-hant-tw", "zh-Hant-TW"),
    C("ZH-HANT-TW", "zh-Hant-TW"),
    C("zh-Hans", "zh-Hans"),
    C("es-419", "es-419"),
    C("pt-br", "pt-BR"),
    C("sr-latn-rs", "sr-Latn-RS"),
    C("yue", "yue"),
    C("zh-yue-hk", "zh-yue-HK"),
    C("de-ch-1996", "de-CH-1996"),
    C("sl-rozaj-biske", "sl-rozaj-biske"),
    C("", NULL),
    C("e", NULL),
    C("engl", NULL),
    C("en-", NULL),
    C("-en", NULL),
    C("en--us", NULL),
    C("en_US", NULL),
    C("en US", NULL),
    C("en-u", NULL),
    C("en-abcdefghi", NULL),
    C("12", NULL),
    C("e1", NULL),
    C("en-US.UTF-8", NULL),
    C("zh-中文", NULL),
    C("中文", NULL),
    CL("en\0", NULL, "trailing NUL"),
    C("en-aaaaaaaa-bbbbbbbb-cccccccc-ddddd", "en-aaaaaaaa-bbbbbbbb-cccccccc-ddddd"), /* 35 */
    C("en-aaaaaaaa-bbbbbbbb-cccccccc-dddddd", NULL),                                 /* 36 */
};

START_TEST(language)
{
	const struct vcase *c = &languages[_i];
	char out[MAX_LANGUAGE + 1] = "untouched";
	bool ok = validate_language(c->in, c->len, out);

	if (c->want == NULL) {
		ck_assert_msg(!ok, "accepted %s as \"%s\"", case_label(c), out);
		ck_assert_str_eq(out, "untouched");
	} else {
		ck_assert_msg(ok, "rejected %s", case_label(c));
		ck_assert_str_eq(out, c->want);
	}
}
END_TEST

/* ---- slugs ---- */

static const struct vcase slugs[] = {
    C("deposit", ""),
    C("p2p_trade", ""),
    C("kyc_2", ""),
    C("_", ""),
    C("0123456789012345678901234567890123456789", ""),    /* 40 */
    C("01234567890123456789012345678901234567890", NULL), /* 41 */
    C("", NULL),
    C("Deposit", NULL),
    C("de-posit", NULL),
    C("de posit", NULL),
    C("dé", NULL),
    C("提现", NULL),
    C("a.b", NULL),
    CL("a\0", NULL, "trailing NUL"),
};

START_TEST(slug)
{
	const struct vcase *c = &slugs[_i];
	bool want = c->want != NULL;
	ck_assert_msg(validate_slug(c->in, c->len) == want, "%s %s", want ? "rejected" : "accepted",
	              case_label(c));
}
END_TEST

static void add_cases(Suite *s, const char *what, const struct vcase *cases, int n, const TTest *t,
                      bool show_result)
{
	for (int i = 0; i < n; i++) {
		const struct vcase *c = &cases[i];
		const char *verdict = c->want == NULL ? "rejected" : "accepted";
		if (show_result && c->want != NULL && strcmp(c->want, c->in) != 0)
			unit_add_case(
			    s, unit_name("%s \"%s\" -> \"%s\"", what, case_label(c), c->want), t,
			    i);
		else
			unit_add_case(s, unit_name("%s %s \"%s\"", what, verdict, case_label(c)), t,
			              i);
	}
}

int main(void)
{
	Suite *s = suite_create("validate");

	add_cases(s, "email", emails_ok, NCASES(emails_ok), email_ok, false);
	add_cases(s, "email", emails_bad, NCASES(emails_bad), email_bad, false);
	UNIT_TEST(s, email_limits);
	add_cases(s, "tag", tags, NCASES(tags), tag, true);
	UNIT_TEST(s, tag_limits);
	UNIT_TEST(s, tag_normalize_idempotent);
	add_cases(s, "language", languages, NCASES(languages), language, true);
	add_cases(s, "slug", slugs, NCASES(slugs), slug, false);
	return unit_run(s, "validate");
}
