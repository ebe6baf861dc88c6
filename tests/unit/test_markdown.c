/* test_markdown.c — articles' Markdown (src/core/markdown.h): the HTML a help-center reader gets
 * is safe whatever an author typed (raw HTML dropped, script URLs emptied, text escaped), the
 * ordinary Markdown still renders, and the plain text that search indexes holds what a reader
 * sees — and nothing a reader does not see (markup, URLs, raw HTML). Plus the knowledge base's
 * locale and status rules (src/core/kb.h), which are small enough to live here. */
#include "core/kb.h"
#include "core/markdown.h"

#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *html(struct arena *a, const char *md)
{
	return markdown_html(a, md, strlen(md), NULL);
}

static char *text(struct arena *a, const char *md)
{
	return markdown_text(a, md, strlen(md), NULL);
}

/* ---- HTML: what must never come out ---- */

struct unsafe_case {
	const char *label, *md;
	const char *never; /* must not appear in the HTML (case-insensitive) */
};

static const struct unsafe_case unsafe[] = {
    {"script block", "<script>alert(1)</script>", "<script"},
    {"inline script", "Hi <script>alert(1)</script> there", "<script"},
    {"img onerror", "<img src=x onerror=alert(1)>", "onerror"},
    {"iframe", "<iframe src=\"https://evil.example\"></iframe>", "<iframe"},
    {"javascript link", "[click](javascript:alert(1))", "javascript:"},
    {"JavaScript link, mixed case", "[click](JaVaScRiPt:alert(1))", "javascript:"},
    {"vbscript link", "[click](vbscript:msgbox)", "vbscript:"},
    {"data html link", "[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html"},
    {"javascript image", "![x](javascript:alert(1))", "javascript:"},
    {"javascript autolink (shown as text, never as a target)", "<javascript:alert(1)>",
     "href=\"javascript"},
    {"file link", "[x](file:///etc/passwd)", "file:"},
    {"style tag", "<style>body{display:none}</style>", "<style"},
    {"attribute breakout in title", "[x](https://a.example \"a\\\" onmouseover=\\\"alert(1)\")",
     "\" onmouseover"},
    {"html in link text", "[<b onclick=x>y</b>](https://a.example)", "onclick"},
    {"svg", "<svg onload=alert(1)>", "<svg"},
};

START_TEST(html_never)
{
	const struct unsafe_case *c = &unsafe[_i];
	struct arena a;
	arena_init(&a, 4096);
	char *h = html(&a, c->md);
	ck_assert_msg(strcasestr(h, c->never) == NULL, "%s: \"%s\" in %s", c->label, c->never, h);
	arena_free(&a);
}
END_TEST

/* ---- HTML: what must still work ---- */

struct render_case {
	const char *label, *md, *want; /* want: a substring of the HTML */
};

static const struct render_case renders[] = {
    {"heading", "# Deposit not arrived", "<h1>Deposit not arrived</h1>"},
    {"strong", "Send **USDT** only", "<strong>USDT</strong>"},
    {"https link", "[status](https://status.example.com)",
     "<a href=\"https://status.example.com\">status</a>"},
    {"mailto link", "[mail](mailto:help@example.com)", "href=\"mailto:help@example.com\""},
    {"list", "- TRC20\n- ERC20", "<li>TRC20</li>"},
    {"code", "Use `0x3fA9` as memo", "<code>0x3fA9</code>"},
    {"text escaped", "1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2"},
    {"quotes in text escaped", "say \"hi\"", "say &quot;hi&quot;"},
    {"Chinese", "## 充值未到账怎么办", "<h2>充值未到账怎么办</h2>"},
    {"image with https", "![qr](https://img.example/qr.png)",
     "<img src=\"https://img.example/qr.png\" alt=\"qr\" />"},
    {"data image allowed", "![x](data:image/png;base64,iVBORw0KGgo=)",
     "src=\"data:image/png;base64,iVBORw0KGgo=\""},
};

START_TEST(html_renders)
{
	const struct render_case *c = &renders[_i];
	struct arena a;
	arena_init(&a, 4096);
	char *h = html(&a, c->md);
	ck_assert_msg(strstr(h, c->want) != NULL, "%s: want %s in %s", c->label, c->want, h);
	arena_free(&a);
}
END_TEST

START_TEST(html_raw_becomes_comment)
{
	struct arena a;
	arena_init(&a, 4096);
	char *h = html(&a, "<div>hidden</div>");
	ck_assert_str_eq(h, "<!-- raw HTML omitted -->\n");
	arena_free(&a);
}
END_TEST

START_TEST(html_empty_and_null)
{
	struct arena a;
	size_t n = 99;
	arena_init(&a, 4096);
	ck_assert_str_eq(markdown_html(&a, "", 0, &n), "");
	ck_assert_uint_eq(n, 0);
	ck_assert_str_eq(markdown_html(&a, NULL, 5, NULL), "");
	ck_assert_str_eq(markdown_text(&a, NULL, 5, &n), "");
	ck_assert_uint_eq(n, 0);
	arena_free(&a);
}
END_TEST

/* ---- plain text ---- */

static const struct render_case texts[] = {
    {"markup gone", "# Title\n\nSome **bold** and *em* text.", "Title\nSome bold and em text."},
    {"link text kept, URL gone", "See [the status page](https://status.example.com).",
     "See the status page."},
    {"image alt kept", "![QR code for TRC20](https://img.example/qr.png)", "QR code for TRC20"},
    {"list items on lines", "- one\n- two\n- three", "one\ntwo\nthree"},
    {"code kept", "Memo: `123456`", "Memo: 123456"},
    {"code block kept", "```\nTXID abc\n```", "TXID abc"},
    {"soft break is a space", "first line\nsecond line", "first line second line"},
    {"hard break is a newline", "first  \nsecond", "first\nsecond"},
    {"raw html dropped", "before <span class=x>inside</span> after", "before inside after"},
    {"html block dropped", "<div>\nsecret\n</div>\n\nvisible", "visible"},
    {"entities decoded", "AT&amp;T &lt;3", "AT&T <3"},
    {"quote", "> 提现审核中\n\n请耐心等待", "提现审核中\n请耐心等待"},
    {"heading and paragraph in Chinese", "## 充值未到账\n\n请检查网络", "充值未到账\n请检查网络"},
    {"trailing blank lines trimmed", "text\n\n\n", "text"},
    {"thematic break", "a\n\n---\n\nb", "a\nb"},
};

START_TEST(plain_text)
{
	const struct render_case *c = &texts[_i];
	struct arena a;
	size_t n;
	arena_init(&a, 4096);
	char *t = markdown_text(&a, c->md, strlen(c->md), &n);
	ck_assert_msg(strcmp(t, c->want) == 0, "%s: got \"%s\", want \"%s\"", c->label, t, c->want);
	ck_assert_uint_eq(n, strlen(t));
	arena_free(&a);
}
END_TEST

START_TEST(plain_text_bound)
{
	/* many tiny blocks and entities: never past 2 * len + 16 */
	static char md[20000];
	size_t k = 0;
	while (k + 8 < sizeof md) {
		memcpy(md + k, "-\n&#9;\n", 7);
		k += 7;
	}
	md[k] = '\0';
	struct arena a;
	size_t n;
	arena_init(&a, 65536);
	text(&a, md);
	markdown_text(&a, md, k, &n);
	ck_assert_uint_le(n, 2 * k + 16);
	arena_free(&a);
}
END_TEST

/* ---- core/kb.h ---- */

struct locale_case {
	const char *in, *want; /* want NULL: refused */
};

static const struct locale_case locales[] = {
    {"en", "en"},  {"zh-CN", "zh-CN"}, {"zh-cn", "zh-CN"}, {"ZH-TW", "zh-TW"}, {"ja", "ja"},
    {"ko", "ko"},  {"ru", "ru"},       {"es", "es"},       {"vi", "vi"},       {"tr", "tr"},
    {"EN", "en"},  {"de", NULL},       {"zh", NULL},       {"zh-HK", NULL},    {"", NULL},
    {"en-", NULL}, {"en-US", NULL},    {"zh_CN", NULL},    {" en", NULL},
};

START_TEST(locale_parse)
{
	const struct locale_case *c = &locales[_i];
	const char *got = kb_locale_canonical(c->in);
	if (c->want)
		ck_assert_msg(got && strcmp(got, c->want) == 0, "%s -> %s", c->in,
		              got ? got : "(refused)");
	else
		ck_assert_msg(got == NULL, "%s accepted as %s", c->in, got);
}
END_TEST

START_TEST(locale_names_round_trip)
{
	for (int i = 0; i < KB_LOCALE_COUNT; i++) {
		enum kb_locale l;
		const char *name = kb_locale_name((enum kb_locale)i);
		ck_assert_ptr_nonnull(name);
		ck_assert(kb_locale_parse(name, strlen(name), &l));
		ck_assert_int_eq((int)l, i);
		ck_assert_ptr_nonnull(strstr(kb_locale_list(), name));
		ck_assert_uint_lt(strlen(name), KB_LOCALE_MAX);
	}
	ck_assert_ptr_null(kb_locale_name(KB_LOCALE_COUNT));
}
END_TEST

START_TEST(status_parse)
{
	enum kb_status s;
	ck_assert(kb_status_parse("draft", &s) && s == KB_DRAFT);
	ck_assert(kb_status_parse("published", &s) && s == KB_PUBLISHED);
	ck_assert(!kb_status_parse("Published", &s));
	ck_assert(!kb_status_parse("archived", &s));
	ck_assert(!kb_status_parse(NULL, &s));
	ck_assert_str_eq(kb_status_name(KB_DRAFT), "draft");
	ck_assert_str_eq(kb_status_name(KB_PUBLISHED), "published");
}
END_TEST

START_TEST(locale_pick)
{
	const char *have[] = {"en", "zh-CN", NULL, "ja"};
	ck_assert_int_eq(kb_locale_pick("zh-CN", "en", have, 4), 1); /* its own */
	ck_assert_int_eq(kb_locale_pick("ja", "en", have, 4), 3);
	ck_assert_int_eq(kb_locale_pick("ko", "en", have, 4), 0);    /* falls back to default */
	ck_assert_int_eq(kb_locale_pick(NULL, "zh-CN", have, 4), 1); /* nothing asked */
	ck_assert_int_eq(kb_locale_pick("ko", "ru", have, 4), -1);   /* neither there */
	ck_assert_int_eq(kb_locale_pick("en", "en", have, 0), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("markdown");
	for (int i = 0; i < NCASES(unsafe); i++)
		unit_add_case(s, unit_name("html never has %s", unsafe[i].label), html_never, i);
	for (int i = 0; i < NCASES(renders); i++)
		unit_add_case(s, unit_name("html renders %s", renders[i].label), html_renders, i);
	UNIT_TEST(s, html_raw_becomes_comment);
	UNIT_TEST(s, html_empty_and_null);
	for (int i = 0; i < NCASES(texts); i++)
		unit_add_case(s, unit_name("plain text: %s", texts[i].label), plain_text, i);
	UNIT_TEST(s, plain_text_bound);
	for (int i = 0; i < NCASES(locales); i++)
		unit_add_case(s,
		              unit_name("kb locale \"%s\" %s", locales[i].in,
		                        locales[i].want ? "accepted" : "refused"),
		              locale_parse, i);
	UNIT_TEST(s, locale_names_round_trip);
	UNIT_TEST(s, status_parse);
	UNIT_TEST(s, locale_pick);
	return unit_run(s, "markdown");
}
