/* test_mail_parse.c — the mail parser against a corpus of real-shaped mail, and its pieces
 * (charsets, headers, HTML, quotes) against tables of cases.
 *
 * The corpus is tests/data/mail/NAME.eml with NAME.expect beside it (written by make-corpus.py,
 * which documents the format): every file is one test that compares subject and text byte for
 * byte, and whatever else its .expect names. Every parse result, corpus or not, must also hold
 * what the header promises of any mail: clean UTF-8 everywhere, no NUL or stray control
 * characters, visible_len within the text. */
#include "channels/mail_charset.h"
#include "channels/mail_html.h"
#include "channels/mail_parse.h"
#include "channels/mail_quote.h"
#include "unit_main.h"

#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>

#define CORPUS    "tests/data/mail"
#define MAX_FILES 256
#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *corpus[MAX_FILES];
static int n_corpus;

/* ---- helpers ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

static bool utf8_ok(const char *s)
{
	return s != NULL && mail_utf8_valid(s, strlen(s), false);
}

/* Tab and newline only where `lines` allows them; no other control character at all. */
static bool controls_ok(const char *s, bool lines)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '\t' || *p == '\n') {
			if (!lines)
				return false;
			continue;
		}
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0)
			return false;
	}
	return true;
}

/* What any successful parse must give. */
static void check_invariants(const struct parsed_mail *m)
{
	ck_assert_msg(m->text != NULL && m->subject != NULL && m->from_name != NULL,
	              "text, subject and from_name are never NULL");
	ck_assert_msg(utf8_ok(m->text) && controls_ok(m->text, true), "text is clean UTF-8");
	ck_assert_msg(m->text[0] == '\0' || m->text[strlen(m->text) - 1] != '\r',
	              "text has LF line ends");
	ck_assert_msg(strchr(m->text, '\r') == NULL, "no CR left in text");
	ck_assert_msg(utf8_ok(m->subject) && controls_ok(m->subject, false),
	              "subject is one clean line");
	ck_assert_msg(utf8_ok(m->from_name) && controls_ok(m->from_name, false),
	              "from_name is clean");
	ck_assert_msg(m->visible_len <= strlen(m->text), "visible_len within text");
	ck_assert_msg(m->html == NULL || utf8_ok(m->html), "html is UTF-8");
	ck_assert_msg(m->body_charset != NULL, "body_charset set");
	for (size_t i = 0; i < m->n_attachments; i++) {
		const struct mail_attachment *a = &m->attachments[i];
		ck_assert_msg(a->filename != NULL && a->filename[0] != '\0' &&
		                  utf8_ok(a->filename) && controls_ok(a->filename, false) &&
		                  strpbrk(a->filename, "/\\") == NULL,
		              "attachment %zu has a safe filename", i);
		ck_assert_msg(a->content_type != NULL && strchr(a->content_type, '/') != NULL,
		              "attachment %zu has a content type", i);
		for (const char *c = a->content_type; *c != '\0'; c++)
			ck_assert_msg(*c < 'A' || *c > 'Z', "content type %s is lower case",
			              a->content_type);
	}
}

/* ---- the corpus ---- */

struct expect {
	char *buf;
	char *key[64], *val[64];
	int n;
	const char *visible; /* NULL: all of the text is visible */
	const char *text;
};

static bool expect_load(const char *name, struct expect *e)
{
	char path[512];
	size_t len;
	char *p, *textmark;

	memset(e, 0, sizeof *e);
	snprintf(path, sizeof path, "%s/%s.expect", CORPUS, name);
	e->buf = slurp(path, &len);
	if (e->buf == NULL)
		return false;
	textmark = strstr(e->buf, "\n--- text\n");
	if (textmark == NULL)
		return false;
	*textmark = '\0';
	e->text = textmark + strlen("\n--- text\n");
	len = strlen(e->text);
	if (len > 0 && e->text[len - 1] == '\n')
		((char *)e->text)[len - 1] = '\0';
	p = strstr(e->buf, "\n--- visible\n");
	if (p != NULL) {
		*p = '\0';
		e->visible = p + strlen("\n--- visible\n");
	}
	for (p = e->buf; p != NULL && *p != '\0' && e->n < 64;) {
		char *nl = strchr(p, '\n'), *colon;
		if (nl != NULL)
			*nl = '\0';
		colon = strstr(p, ": ");
		if (colon != NULL) {
			*colon = '\0';
			e->key[e->n] = p;
			e->val[e->n++] = colon + 2;
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	return true;
}

static const char *expect_get(const struct expect *e, const char *key)
{
	for (int i = 0; i < e->n; i++)
		if (strcmp(e->key[i], key) == 0)
			return e->val[i];
	return NULL;
}

static size_t expect_num(const struct expect *e, const char *key, size_t dflt)
{
	const char *v = expect_get(e, key);
	return v != NULL ? (size_t)strtoull(v, NULL, 10) : dflt;
}

static unsigned flags_of(const char *list)
{
	static const struct {
		const char *name;
		unsigned bit;
	} names[] = {
	    {"submitted", MAIL_AUTO_SUBMITTED},
	    {"precedence", MAIL_AUTO_PRECEDENCE},
	    {"null_sender", MAIL_AUTO_NULL_SENDER},
	    {"reply_header", MAIL_AUTO_REPLY_HEADER},
	    {"list", MAIL_AUTO_LIST},
	    {"bounce", MAIL_AUTO_BOUNCE},
	};
	unsigned f = 0;
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", list);
	for (char *t = strtok_r(buf, ",", &save); t != NULL; t = strtok_r(NULL, ",", &save))
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(t, names[i].name) == 0)
				f |= names[i].bit;
	return f;
}

/* A readable account of where two texts part ways. */
static void assert_same(const char *what, const char *got, const char *want)
{
	size_t i = 0;

	if (got != NULL && strcmp(got, want) == 0)
		return;
	if (got == NULL)
		ck_abort_msg("%s: got NULL, want \"%.200s\"", what, want);
	while (got[i] != '\0' && got[i] == want[i])
		i++;
	ck_abort_msg("%s differs at byte %zu: got \"%.120s\" want \"%.120s\" (lengths %zu, %zu)",
	             what, i, got + i, want + i, strlen(got), strlen(want));
}

static void assert_opt(const char *what, const char *got, const char *want)
{
	if (want == NULL)
		return;
	if (strcmp(want, "(none)") == 0) {
		ck_assert_msg(got == NULL, "%s: got \"%s\", want none", what, got);
		return;
	}
	assert_same(what, got, want);
}

static void check_attachments(const struct expect *e, const struct parsed_mail *m)
{
	size_t k = 0;

	for (int i = 0; i < e->n; i++) {
		char buf[512], *save = NULL, *f[4];
		const struct mail_attachment *a;
		if (strcmp(e->key[i], "attachment") != 0)
			continue;
		ck_assert_msg(k < m->n_attachments, "attachment %zu missing", k);
		snprintf(buf, sizeof buf, "%s", e->val[i]);
		f[0] = strtok_r(buf, "|", &save);
		for (int j = 1; j < 4; j++)
			f[j] = strtok_r(NULL, "|", &save);
		for (int j = 0; j < 4; j++) {
			ck_assert_msg(f[j] != NULL, "malformed attachment line");
			while (*f[j] == ' ')
				f[j]++;
			for (size_t l = strlen(f[j]); l > 0 && f[j][l - 1] == ' '; l--)
				f[j][l - 1] = '\0';
		}
		a = &m->attachments[k++];
		assert_same("attachment filename", a->filename, f[0]);
		assert_same("attachment content type", a->content_type, f[1]);
		ck_assert_msg(a->size == (size_t)strtoull(f[2], NULL, 10),
		              "attachment %s: size %zu, want %s", f[0], a->size, f[2]);
		ck_assert_msg(a->inline_part == (strcmp(f[3], "inline") == 0),
		              "attachment %s: inline %d, want %s", f[0], a->inline_part, f[3]);
	}
}

static void check_expect(const struct expect *e, const struct parsed_mail *m)
{
	const char *v;

	check_invariants(m);
	assert_same("subject", m->subject, expect_get(e, "subject"));
	assert_same("text", m->text, e->text);
	if (e->visible != NULL) {
		char *vis = strndup(m->text, m->visible_len);
		assert_same("visible part", vis, e->visible);
		free(vis);
	} else {
		ck_assert_msg(m->visible_len == strlen(m->text),
		              "whole text should be visible, visible_len %zu of %zu: \"%.80s\"",
		              m->visible_len, strlen(m->text), m->text + m->visible_len);
	}
	assert_opt("from", m->from_address, expect_get(e, "from"));
	assert_opt("from_name", m->from_name, expect_get(e, "from_name"));
	assert_opt("reply_to", m->reply_to_address, expect_get(e, "reply_to"));
	assert_opt("message_id", m->message_id, expect_get(e, "message_id"));
	assert_opt("in_reply_to", m->in_reply_to, expect_get(e, "in_reply_to"));
	assert_opt("dsn", m->dsn_original_id, expect_get(e, "dsn"));
	assert_opt("charset", m->body_charset, expect_get(e, "charset"));
	if ((v = expect_get(e, "references")) != NULL) {
		char buf[1024] = "";
		for (size_t i = 0; i < m->n_references; i++) {
			strncat(buf, i > 0 ? " " : "", sizeof buf - strlen(buf) - 1);
			strncat(buf, m->references[i], sizeof buf - strlen(buf) - 1);
		}
		assert_same("references", buf, v);
	}
	if ((v = expect_get(e, "date")) != NULL)
		ck_assert_msg(m->date == strtoll(v, NULL, 10), "date %lld, want %s",
		              (long long)m->date, v);
	if ((v = expect_get(e, "flags")) != NULL)
		ck_assert_msg(m->auto_flags == flags_of(v), "auto_flags 0x%x, want %s (0x%x)",
		              m->auto_flags, v, flags_of(v));
	if ((v = expect_get(e, "recovered")) != NULL)
		ck_assert_msg(m->charset_recovered == (strcmp(v, "yes") == 0),
		              "charset_recovered %d, want %s", m->charset_recovered, v);
	if ((v = expect_get(e, "attachments")) != NULL)
		ck_assert_msg(m->n_attachments == (size_t)atoi(v), "%zu attachments, want %s",
		              m->n_attachments, v);
	if ((v = expect_get(e, "dropped")) != NULL)
		ck_assert_msg(m->dropped_attachments == (size_t)atoi(v),
		              "%zu dropped attachments, want %s", m->dropped_attachments, v);
	if ((v = expect_get(e, "html")) != NULL)
		ck_assert_msg((m->html != NULL) == (strcmp(v, "present") == 0), "html %s, want %s",
		              m->html != NULL ? "present" : "none", v);
	check_attachments(e, m);
	for (int i = 0; i < e->n; i++) {
		if (strcmp(e->key[i], "html_has") == 0)
			ck_assert_msg(m->html != NULL && strstr(m->html, e->val[i]) != NULL,
			              "html lacks \"%s\": %.300s", e->val[i], m->html);
		if (strcmp(e->key[i], "html_lacks") == 0)
			ck_assert_msg(m->html == NULL || strstr(m->html, e->val[i]) == NULL,
			              "html has \"%s\": %.300s", e->val[i], m->html);
	}
}

static bool parse_file(const char *name, const struct expect *e, struct parsed_mail *m, char *err,
                       size_t errlen)
{
	char path[512];
	size_t len;
	char *raw;
	bool ok;
	struct mail_limits lim = {
	    .max_attachment = e != NULL ? expect_num(e, "max_attachment", 1 << 20) : 1 << 20,
	    .max_attachments = e != NULL ? expect_num(e, "max_attachments", 20) : 20,
	    .max_text = e != NULL ? expect_num(e, "max_text", 1 << 20) : 1 << 20,
	};

	snprintf(path, sizeof path, "%s/%s.eml", CORPUS, name);
	raw = slurp(path, &len);
	if (raw == NULL) {
		snprintf(err, errlen, "cannot read %.60s.eml", name);
		return false;
	}
	ok = mail_parse(raw, len, &lim, m, err, errlen);
	free(raw);
	return ok;
}

START_TEST(corpus_file)
{
	struct expect e;
	struct parsed_mail m;
	char err[128];

	ck_assert_msg(expect_load(corpus[_i], &e), "cannot read %s.expect", corpus[_i]);
	ck_assert_msg(parse_file(corpus[_i], &e, &m, err, sizeof err), "parse failed: %s", err);
	check_expect(&e, &m);
	parsed_mail_free(&m);
	free(e.buf);
}
END_TEST

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void load_corpus(void)
{
	DIR *d = opendir(CORPUS);
	struct dirent *de;

	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL && n_corpus < MAX_FILES) {
		size_t l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".eml") == 0)
			corpus[n_corpus++] = strndup(de->d_name, l - 4);
	}
	closedir(d);
	qsort(corpus, (size_t)n_corpus, sizeof corpus[0], by_str);
}

START_TEST(corpus_present)
{
	/* A corpus that went missing must fail, not pass with nothing checked. */
	ck_assert_msg(n_corpus >= 80, "only %d corpus mails in %s", n_corpus, CORPUS);
}
END_TEST

/* ---- input that is not a mail, or is hostile ---- */

START_TEST(empty_input)
{
	struct parsed_mail m;
	char err[64] = "";

	ck_assert(!mail_parse("", 0, NULL, &m, err, sizeof err));
	ck_assert_msg(err[0] != '\0', "a reason is given");
	parsed_mail_free(&m);
	ck_assert(!mail_parse(NULL, 0, NULL, &m, err, sizeof err));
	parsed_mail_free(&m);
}
END_TEST

START_TEST(garbage_only)
{
	static const char *const junk[] = {
	    "hello world, no headers here\n",
	    "\xff\xfe\x00\x01\x80\x81garbage without any colon",
	    "\n\n\n",
	    "\x00\x00\x00\x00",
	};
	char buf[4096];
	uint32_t x = 12345;
	struct parsed_mail m;
	char err[64];

	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
		size_t n = i == 3 ? 4 : strlen(junk[i]);
		ck_assert_msg(!mail_parse(junk[i], n, NULL, &m, err, sizeof err),
		              "junk %zu taken for a mail", i);
		parsed_mail_free(&m);
	}
	/* Random bytes with no ':' cannot hold a header. */
	for (size_t i = 0; i < sizeof buf; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
		if (buf[i] == ':')
			buf[i] = ';';
	}
	ck_assert(!mail_parse(buf, sizeof buf, NULL, &m, err, sizeof err));
	parsed_mail_free(&m);
}
END_TEST

START_TEST(nul_bytes)
{
	static const char raw[] = "From: a@example.com\nSubject: N\0UL\nX-Null: \0\n\n"
	                          "body\0with\0nuls\r\nand \x01"
	                          "controls\x7f\n";
	struct parsed_mail m;
	char err[64];

	ck_assert_msg(mail_parse(raw, sizeof raw - 1, NULL, &m, err, sizeof err), "%s", err);
	check_invariants(&m);
	assert_same("text", m.text, "bodywithnuls\nand controls");
	ck_assert_msg(strncmp(m.subject, "N", 1) == 0, "subject \"%s\"", m.subject);
	parsed_mail_free(&m);
}
END_TEST

START_TEST(huge_body_cut_at_character)
{
	const char *head =
	    "From: a@example.com\nSubject: big\nContent-Type: text/plain; charset=utf-8\n"
	    "Content-Transfer-Encoding: 8bit\n\n";
	size_t hl = strlen(head), body = 10u * 1024 * 1024, n;
	char *raw = malloc(hl + body);
	struct mail_limits lim = {.max_text = 1000001};
	struct parsed_mail m;
	char err[64];
	clock_t t0 = clock();

	ck_assert(raw != NULL);
	memcpy(raw, head, hl);
	for (size_t i = 0; i + 3 <= body; i += 3)
		memcpy(raw + hl + i, "\xe5\x85\x85", 3); /* 充 */
	n = hl + body / 3 * 3;
	ck_assert_msg(mail_parse(raw, n, &lim, &m, err, sizeof err), "%s", err);
	check_invariants(&m);
	ck_assert_msg(strlen(m.text) == 999999, "text is %zu bytes, want 999999 (333333 x 3)",
	              strlen(m.text));
	ck_assert_msg(strcmp(m.text + strlen(m.text) - 3, "\xe5\x85\x85") == 0, "ends whole");
	ck_assert(m.visible_len == strlen(m.text));
	parsed_mail_free(&m);
	/* Generous even under sanitizers; a quadratic step would take minutes. */
	ck_assert_msg(clock() - t0 < 20 * CLOCKS_PER_SEC, "10 MB took %.1f s",
	              (double)(clock() - t0) / CLOCKS_PER_SEC);
	free(raw);
}
END_TEST

START_TEST(deep_and_wide)
{
	GString *s = g_string_new("From: a@example.com\nSubject: deep\n");
	struct mail_limits lim = {.max_attachments = 1000};
	struct parsed_mail m;
	char err[64];

	for (int i = 0; i < 3000; i++)
		g_string_append_printf(s, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n",
		                       i, i);
	g_string_append(s, "Content-Type: text/plain\n\ndeep text\n");
	ck_assert_msg(mail_parse(s->str, s->len, &lim, &m, err, sizeof err), "%s", err);
	check_invariants(&m);
	ck_assert_msg(strstr(m.text, "deep text") == NULL,
	              "text below the depth limit is not read");
	parsed_mail_free(&m);

	g_string_assign(s, "From: a@example.com\nSubject: wide\n"
	                   "Content-Type: multipart/mixed; boundary=w\n\n");
	for (int i = 0; i < 1000; i++)
		g_string_append_printf(
		    s,
		    "--w\nContent-Type: image/png\n"
		    "Content-Disposition: attachment; filename=\"%d.png\"\n\nx\n",
		    i);
	g_string_append(s, "--w--\n");
	ck_assert_msg(mail_parse(s->str, s->len, &lim, &m, err, sizeof err), "%s", err);
	check_invariants(&m);
	ck_assert_msg(m.n_attachments < 200, "%zu parts walked, the limit is 200", m.n_attachments);
	parsed_mail_free(&m);

	g_string_assign(s, "From: a@example.com\nSubject: deep html\nContent-Type: text/html\n\n");
	for (int i = 0; i < 50000; i++)
		g_string_append(s, "<div><blockquote>");
	g_string_append(s, "bottom");
	ck_assert_msg(mail_parse(s->str, s->len, NULL, &m, err, sizeof err), "%s", err);
	check_invariants(&m);
	ck_assert_msg(m.html != NULL && mail_html_safe(m.html), "deep html stays safe");
	parsed_mail_free(&m);
	g_string_free(s, TRUE);
}
END_TEST

/* ---- quoted history ---- */

struct qcase {
	const char *label, *text, *visible; /* visible NULL: all of it */
};

static const struct qcase quotes[] = {
    {"fr", "Merci.\n\nLe mar. 5 mars 2024 à 10:20, Support <s@x.fr> a écrit :\n> Bonjour",
     "Merci."},
    {"es", "Gracias.\n\nEl mar, 5 mar 2024 a las 10:20, Soporte (<s@x.es>) escribió:\n> Hola",
     "Gracias."},
    {"de", "Danke.\n\nAm Di., 5. März 2024 um 10:20 Uhr schrieb Support <s@x.de>:\n> Hallo",
     "Danke."},
    {"ko",
     "감사합니다.\n\n2024년 3월 5일 (화) 오전 10:20, Support <s@x.kr>님이 작성:\n> 안녕하세요",
     "감사합니다."},
    {"tr",
     "Teşekkürler.\n\nSupport <s@x.tr>, 5 Mar 2024 Sal, 10:20 tarihinde şunu yazdı:\n> Merhaba",
     "Teşekkürler."},
    {"vi", "Cảm ơn.\n\nVào Th 3, 5 thg 3, 2024 vào lúc 10:20 Support <s@x.vn> đã viết:\n> Xin chào",
     "Cảm ơn."},
    {"zh-TW", "謝謝。\n\n在 2024年3月5日 週二 上午10:20，Support <s@x.tw> 寫道：\n> 您好",
     "謝謝。"},
    {"zh-CN", "好的\n\n在 2024年3月5日，上午10:20，Support <s@x.cn> 写道：\n> 您好", "好的"},
    {"ja", "了解です。\n\n田中さんは書きました:\n> 出金の件", "了解です。"},
    {"ru", "Спасибо.\n\nПоддержка <s@x.ru> написал:\n> Здравствуйте", "Спасибо."},
    {"zh Outlook",
     "收到。\n\n发件人: Support <s@x.cn>\n发送时间: 2024年3月5日 10:20\n收件人: 王伟\n主题: "
     "充值\n\n您好",
     "收到。"},
    {"ja Outlook",
     "了解です。\n\n差出人: Support <s@x.jp>\n送信日時: 2024年3月5日 10:20\n宛先: 田中\n件名: "
     "出金\n",
     "了解です。"},
    {"bold Outlook", "Ok\n\n*From:* Support\n*Sent:* Tuesday\n*To:* Anna\n", "Ok"},
    {"de separator", "Ok.\n\n-----Ursprüngliche Nachricht-----\nVon: Support", "Ok."},
    {"ru separator", "Хорошо.\n\n-------- Исходное сообщение --------\nТема: вывод", "Хорошо."},
    {"Thunderbird", "Fine.\n\n-------- Original Message --------\nSubject: x", "Fine."},
    {"signature without space", "Thanks\n--\nBob", "Thanks"},
    {"mobile", "Yes\n\nSent from my iPhone\n", "Yes"},
    {"trailing spaces", "Answer   \n\n> q", "Answer"},
    {"quote before signature", "Answer\n> q\n-- \nsig", "Answer"},
    {"loose wrote without quote", "My friend wrote:\nthe deposit is late", NULL},
    {"one header is not a block", "From: my wallet\nto the exchange", NULL},
    {"A: is not a block alone", "Q: where?\nA: here", NULL},
    {"only a quote", "> only quoted", NULL},
    {"interleaved", "Hi\n> q1\nanswer 1\n> q2\nanswer 2", NULL},
    {"dashes in text", "Price -- 5 USDT -- ok", NULL},
    {"empty", "", NULL},
};

START_TEST(quote)
{
	const struct qcase *c = &quotes[_i];
	size_t len = strlen(c->text), got = mail_quote_visible_len(c->text, len);
	const char *want = c->visible != NULL ? c->visible : c->text;

	ck_assert_msg(got == strlen(want) && strncmp(c->text, want, got) == 0,
	              "visible \"%.*s\", want \"%s\"", (int)got, c->text, want);
}
END_TEST

struct fcase {
	const char *in;
	bool delsp;
	const char *out;
};

static const struct fcase flows[] = {
    {"a \nb\n", false, "a b\n"},
    {"a \nb\n", true, "ab\n"},
    {" From stuffed\n", false, "From stuffed\n"},
    {"> q1 \n> q2\nplain\n", false, "> q1 q2\nplain\n"},
    {"> deep \n>> deeper\n", false, "> deep \n>> deeper\n"},
    {"-- \nsig\n", false, "-- \nsig\n"},
    {"end \n", false, "end "},
};

START_TEST(flowed)
{
	const struct fcase *c = &flows[_i];
	GString *out = g_string_new(NULL);

	mail_text_unflow(out, c->in, strlen(c->in), c->delsp);
	assert_same("unflowed", out->str, c->out);
	g_string_free(out, TRUE);
}
END_TEST

/* ---- HTML ---- */

struct hcase {
	const char *label, *html, *text, *safe; /* safe NULL: only the whitelist check */
};

static const struct hcase htmls[] = {
    {"paragraphs", "<p>a</p><p>b</p>", "a\n\nb", "<p>a</p><p>b</p>"},
    /* libxml2 puts bare text in an implied <p>, as browsers lay it out. */
    {"breaks", "a<br>b<br><br>c", "a\nb\n\nc", "<p>a<br>b<br><br>c</p>"},
    {"nested list", "<ul><li>x</li><li>y<ul><li>z</li></ul></li></ul>", "- x\n- y\n  - z",
     "<ul><li>x</li><li>y<ul><li>z</li></ul></li></ul>"},
    {"ordered list", "<ol><li>x</li><li>y</li></ol>", "1. x\n2. y",
     "<ol><li>x</li><li>y</li></ol>"},
    {"pre", "<pre>  a\n    b</pre>", "  a\n    b", "<pre>  a\n    b</pre>"},
    {"whitespace", "<p>  lots   of\n\n spaces </p>", "lots of spaces", NULL},
    {"divs", "<div>a</div><div>b</div>", "a\nb", "<div>a</div><div>b</div>"},
    {"head", "<head><title>T</title><style>p{}</style></head><body>x</body>", "x", "x"},
    {"blockquote", "<blockquote>q1<br>q2</blockquote>after", "> q1\n> q2\n\nafter",
     "<blockquote>q1<br>q2</blockquote>after"},
    {"link showing its url", "<a href='https://x.example/'>https://x.example/</a>",
     "https://x.example/",
     "<a href=\"https://x.example/\" rel=\"noopener noreferrer\">https://x.example/</a>"},
    {"link", "<a href='https://x.example/?a=1&amp;b=2'>site</a>",
     "site <https://x.example/?a=1&b=2>",
     "<a href=\"https://x.example/?a=1&amp;b=2\" rel=\"noopener noreferrer\">site</a>"},
    {"mailto", "<a href='MAILTO:s@x.example'>write</a>", "write",
     "<a href=\"MAILTO:s@x.example\" rel=\"noopener noreferrer\">write</a>"},
    {"entities", "caf&eacute; &amp; &#x4E2D;&#25991; &lt;b&gt;", "café & 中文 <b>",
     "<p>café &amp; 中文 &lt;b&gt;</p>"},
    {"table", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>",
     "a\tb\nc\td", NULL},
    {"script in text", "<p>x<script>bad()</script>y</p>", "xy", "<p>xy</p>"},
    {"attributes", "<p title=x style='color:red' class=z id=w onclick=y()>t</p>", "t", "<p>t</p>"},
    {"javascript link", "<a href=\"javascript:alert(1)\">x</a>", "x", "x"},
    {"mixed case scheme", "<a href=\"JaVaScRiPt:alert(1)\">x</a>", "x", "x"},
    {"entity scheme", "<a href=\"&#x6A;avascript:alert(1)\">x</a>", "x", "x"},
    {"tab in scheme", "<a href=\"java&#9;script:alert(1)\">x</a>", "x", "x"},
    {"newline in scheme", "<a href=\"java\nscript:alert(1)\">x</a>", "x", "x"},
    {"data link", "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>", "x", "x"},
    {"space before scheme", "<a href=\" javascript:alert(1)\">x</a>", "x", "x"},
    {"img onerror", "<img src=x onerror=alert(1)>", "", ""},
    {"svg", "<svg onload=alert(1)><a href=\"javascript:x\">y</a></svg>", "", ""},
    {"iframe", "<iframe src=\"https://evil.example/\">z</iframe>", "", ""},
    {"unwrapped", "<div><span>a</span><font color=red>b</font></div>", "ab",
     "<div><span>a</span>b</div>"},
    {"mapped", "<center>c</center><strike>s</strike><tt>t</tt>", "c\nst",
     "<div>c</div><s>s</s><code>t</code>"},
    {"broken tag", "<scr<script>ipt>alert(1)</script>", NULL, NULL},
    {"noscript mxss", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", NULL,
     NULL},
    {"comment", "a<!-- <script>x</script> -->b", "ab", "<p>ab</p>"},
    {"cdata", "<![CDATA[<script>alert(1)</script>]]>ok", NULL, NULL},
    {"math", "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "", ""},
    {"style attr url", "<div style=\"background:url(javascript:alert(1))\">d</div>", "d",
     "<div>d</div>"},
    {"numeric references", "<p>&#150;&#128;&#129;&#1;&#x9f;x&#0;&#xd800;</p>", "–€Ÿx",
     "<p>–€Ÿx</p>"},
    {"meta charset ignored", "<meta charset=gbk><p>\xe4\xb8\xad</p>", "\xe4\xb8\xad",
     "<p>\xe4\xb8\xad</p>"},
};

START_TEST(html)
{
	const struct hcase *c = &htmls[_i];
	GString *text = g_string_new(NULL), *safe = g_string_new(NULL);

	mail_html_convert(c->html, strlen(c->html), text, 1 << 20, safe, 1 << 20);
	if (c->text != NULL)
		assert_same("text", text->str, c->text);
	if (c->safe != NULL)
		assert_same("safe html", safe->str, c->safe);
	ck_assert_msg(mail_html_safe(safe->str), "outside the whitelist: %s", safe->str);
	ck_assert_msg(strstr(safe->str, "<script") == NULL && strstr(safe->str, "<img") == NULL,
	              "dangerous element: %s", safe->str);
	g_string_free(text, TRUE);
	g_string_free(safe, TRUE);
}
END_TEST

START_TEST(html_budget)
{
	GString *in = g_string_new(NULL), *text = g_string_new(NULL), *safe = g_string_new(NULL);

	for (int i = 0; i < 2000; i++)
		g_string_append(in,
		                "<p><b>bold &amp; <a href=\"https://x.example/\">link</a></b></p>");
	mail_html_convert(in->str, in->len, text, 1000, safe, 1000);
	ck_assert_msg(text->len <= 1000, "text %zu bytes over its budget", text->len);
	ck_assert_msg(safe->len < 1200, "html %zu bytes, far over its budget", safe->len);
	ck_assert_msg(mail_html_safe(safe->str), "cut html is still whole: %s", safe->str);
	g_string_free(in, TRUE);
	g_string_free(text, TRUE);
	g_string_free(safe, TRUE);
}
END_TEST

START_TEST(html_safe_rejects)
{
	static const char *const bad[] = {
	    "<script>",
	    "<img src=x>",
	    "<a href=\"javascript:x\" rel=\"noopener noreferrer\">",
	    "<p onclick=\"x\">",
	    "<a href=\"https://x\">",
	    "a > b",
	    "&bogus;",
	    "<p",
	    "<a href=\"https://x\" rel=\"noopener noreferrer\" onclick=\"y\">",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!mail_html_safe(bad[i]), "accepted %s", bad[i]);
	ck_assert(mail_html_safe("<p>a &amp; b</p><a href=\"https://x/?a&amp;b\" "
	                         "rel=\"noopener noreferrer\">x</a><br><hr>"));
}
END_TEST

/* ---- headers and charsets ---- */

struct dcase {
	const char *raw, *want;
};

static const struct dcase headers[] = {
    {"=?utf-8?B?5YWF5YC8?=", "充值"},
    {"=?UTF-8?q?caf=C3=A9?=", "café"},
    {"a =?utf-8?Q?b?= c", "a b c"},
    {"=?utf-8?Q?a?=  \r\n =?utf-8?Q?b?=", "ab"},
    {"=?utf-8?Q?a?= x =?utf-8?Q?b?=", "a x b"},
    {"=?utf-8*en?Q?lang?=", "lang"},
    {"=?x-bogus-charset?Q?abc?=", "abc"},
    {"=?utf-8?X?abc?=", "=?utf-8?X?abc?="},
    {"=?utf-8?B?broken", "=?utf-8?B?broken"},
    {"  spaced\r\n\tout  ", "spaced out"},
    {"=?iso-8859-1?Q?caf=E9?=", "café"},
    {"=?iso-8859-1?Q?caf=C3=A9?=", "café"},
    {"\x1b$BF~6b\x1b(B", "入金"},
    {"Re:=?utf-8?B?5YWF5YC8?=", "Re:充值"},
    {"=?utf-8?Q?=00nul?=", "nul"},
    {"=?utf-8?Q?line=0Abreak?=", "line break"},
    {"=?gb2312?B?yKXL+w==?= =?big5?B?pV+kVw==?=", "去他北上"},
    {"=?ks_c_5601-1987?B?x9GxuQ==?=", "한국"},
    {"=?windows-1258?Q?Vi=EA=F2t?=", "Việt"},
};

START_TEST(header_decode)
{
	const struct dcase *c = &headers[_i];
	char *got = mail_header_decode_text(c->raw, NULL, 1000);

	assert_same("decoded", got, c->want);
	g_free(got);
}
END_TEST

static const struct dcase phrases[] = {
    {"=?utf-8?Q?Smith=2C_John?= <j@x.example>", "\"Smith, John\" <j@x.example>"},
    {"\"=?utf-8?Q?a=22b?=\" <x@y.example>", "\"a\\\"b\" <x@y.example>"},
    {"x@y.example (=?utf-8?Q?A=29B?=)", "x@y.example (A\\)B)"},
    {"=?utf-8?B?5byg5LiJ?= <z@x.example>", "\"张三\" <z@x.example>"},
};

START_TEST(phrase_decode)
{
	const struct dcase *c = &phrases[_i];
	char *got = mail_header_decode_phrase(c->raw, NULL, 1000);

	assert_same("decoded", got, c->want);
	g_free(got);
}
END_TEST

START_TEST(header_cut)
{
	char *got = mail_header_decode_text("=?utf-8?B?5YWF5YWF5YWF5YWF?=", NULL, 10);

	assert_same("cut at a character", got, "充充充");
	g_free(got);
}
END_TEST

struct ccase {
	const char *label, *declared, *in;
	size_t len;
	bool cut;
	const char *text, *charset;
	bool recovered;
};

#define CC(label, decl, in, cut, text, cs, rec)                                                    \
	{                                                                                          \
		label, decl, in, sizeof(in) - 1, cut, text, cs, rec                                \
	}

static const struct ccase charsets[] = {
    CC("cut utf-8 tail", "utf-8", "abc\xe5\x85", true, "abc", "utf-8", false),
    CC("broken utf-8 tail", "utf-8", "abc\xe5\x85", false, "abc\xef\xbf\xbd", "utf-8", false),
    CC("one damaged byte", "utf-8",
       "\xe5\x85\x85\xe5\x80\xbc\xe5\x85\x85\xe5\x80\xbc\xe5\x85\x85\xe5\x80\xbc\xe5\x85\x85\xe5"
       "\x80\xbc\xe5\x85\x85\xe5\x80\xbc\xe5\x85\x85\xe5\x80\xbc\xe5\x85\x85\xe5\x80\xbc\xe5\x85"
       "\x85\xe5\x80\xbc\xff\xe5\x85\x85\xe5\x80\xbc",
       false, "充值充值充值充值充值充值充值充值\xef\xbf\xbd充值", "utf-8", false),
    CC("latin1 as utf-8", "utf-8", "caf\xe9 cr\xe8me", false, "café crème", "windows-1252", true),
    CC("no label, ascii", NULL, "plain", false, "plain", "us-ascii", false),
    CC("unknown label", "x-unknown", "plain", false, "plain", "us-ascii", false),
    CC("path as label", "../../etc/passwd", "plain", false, "plain", "us-ascii", false),
    CC("utf-16le", "UTF-16LE", "h\0i\0", false, "hi", "utf-16le", false),
    CC("iso-2022-jp NEC", "ISO-2022-JP", "\x1b$B-!-\"\x1b(B", false, "①②", "iso-2022-jp", false),
    CC("iso-2022-jp JIS X 0212", "iso-2022-jp", "\x1b$(D\x30\x21\x1b(B", false, "丂",
       "iso-2022-jp-2", false),
    CC("cp949 extension", "ks_c_5601-1987", "\x8c\x63", false, "똠", "cp949", false),
    CC("gb18030 four bytes", "gb2312", "\x95\x32\x82\x36", false, "𠀀", "gb18030", false),
    CC("gbk euro", "GBK", "5 \x80", false, "5 €", "cp936", false),
    CC("big5-hkscs", "big5", "\x88\x40", false, "\xe3\x87\x80", "big5-hkscs", false),
    CC("unlabelled jis", NULL, "\x1b$BF~6b\x1b(B", false, "入金", "iso-2022-jp", true),
    CC("bom", "utf-8", "\xef\xbb\xbfhello", false, "hello", "utf-8", false),
    CC("controls", "utf-8",
       "a\x01"
       "b\0c\x7f"
       "d\r\ne\rf\tg",
       false, "abcd\ne\nf\tg", "utf-8", false),
    CC("windows-1252 superset", "iso-8859-1", "Quote \x93x\x94 \x80 \x85", false, "Quote “x” € …",
       "windows-1252", false),
    CC("iso-8859-8-i", "iso-8859-8-i", "\xf9\xec\xe5\xed", false, "שלום", "iso-8859-8", false),
    CC("tis-620", "TIS-620", "\xb6\xcd\xb9", false, "ถอน", "cp874", false),
};

START_TEST(charset)
{
	const struct ccase *c = &charsets[_i];
	struct mail_text t;

	mail_charset_decode(c->declared, c->in, c->len, c->cut, 1 << 20, &t);
	assert_same("text", t.s, c->text);
	assert_same("charset", t.charset, c->charset);
	ck_assert_msg(t.recovered == c->recovered, "recovered %d", t.recovered);
	g_free(t.s);
}
END_TEST

/* ---- threads ---- */

struct reference {
	char *subject, *text;
};

static struct reference refs[MAX_FILES];

static void *parse_all(void *arg)
{
	intptr_t bad = 0;

	(void)arg;
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < n_corpus; i++) {
			struct expect e;
			struct parsed_mail m;
			char err[128];
			if (!expect_load(corpus[i], &e))
				continue;
			if (!parse_file(corpus[i], &e, &m, err, sizeof err) ||
			    strcmp(m.subject, refs[i].subject) != 0 ||
			    strcmp(m.text, refs[i].text) != 0)
				bad++;
			parsed_mail_free(&m);
			free(e.buf);
		}
	return (void *)bad;
}

START_TEST(threads)
{
	pthread_t th[4];

	for (int i = 0; i < n_corpus; i++) {
		struct expect e;
		struct parsed_mail m;
		char err[128];
		ck_assert(expect_load(corpus[i], &e));
		ck_assert_msg(parse_file(corpus[i], &e, &m, err, sizeof err), "%s", err);
		refs[i].subject = strdup(m.subject);
		refs[i].text = strdup(m.text);
		parsed_mail_free(&m);
		free(e.buf);
	}
	for (int i = 0; i < 4; i++)
		ck_assert(pthread_create(&th[i], NULL, parse_all, NULL) == 0);
	for (int i = 0; i < 4; i++) {
		void *bad;
		pthread_join(th[i], &bad);
		ck_assert_msg(bad == NULL, "thread %d saw %ld results differ", i,
		              (long)(intptr_t)bad);
	}
	for (int i = 0; i < n_corpus; i++) {
		free(refs[i].subject);
		free(refs[i].text);
	}
}
END_TEST

/* Test names are one line each: control characters in a label are written as escapes. */
static void add_table(Suite *s, const char *what, int n, const TTest *t, const char *(*label)(int))
{
	for (int i = 0; i < n; i++) {
		char buf[96];
		size_t k = 0;
		for (const unsigned char *p = (const unsigned char *)label(i);
		     *p != '\0' && k + 5 < sizeof buf; p++) {
			if (*p < 0x20 || *p == 0x7f)
				k += (size_t)snprintf(buf + k, sizeof buf - k, "\\x%02x", *p);
			else
				buf[k++] = (char)*p;
		}
		buf[k] = '\0';
		unit_add_case(s, unit_name("%s %s", what, buf), t, i);
	}
}

static const char *quote_label(int i)
{
	return quotes[i].label;
}
static const char *flow_label(int i)
{
	return flows[i].in;
}
static const char *html_label(int i)
{
	return htmls[i].label;
}
static const char *header_label(int i)
{
	return headers[i].raw;
}
static const char *phrase_label(int i)
{
	return phrases[i].raw;
}
static const char *charset_label(int i)
{
	return charsets[i].label;
}

int main(void)
{
	Suite *s = suite_create("mail_parse");
	int status;

	load_corpus();
	UNIT_TEST(s, corpus_present);
	for (int i = 0; i < n_corpus; i++)
		unit_add_case(s, unit_name("corpus %s", corpus[i]), corpus_file, i);
	UNIT_TEST(s, empty_input);
	UNIT_TEST(s, garbage_only);
	UNIT_TEST(s, nul_bytes);
	UNIT_TEST(s, huge_body_cut_at_character);
	UNIT_TEST(s, deep_and_wide);
	add_table(s, "visible part", NCASES(quotes), quote, quote_label);
	add_table(s, "format=flowed", NCASES(flows), flowed, flow_label);
	add_table(s, "html", NCASES(htmls), html, html_label);
	UNIT_TEST(s, html_budget);
	UNIT_TEST(s, html_safe_rejects);
	add_table(s, "header", NCASES(headers), header_decode, header_label);
	add_table(s, "address header", NCASES(phrases), phrase_decode, phrase_label);
	UNIT_TEST(s, header_cut);
	add_table(s, "charset", NCASES(charsets), charset, charset_label);
	UNIT_TEST(s, threads);
	status = unit_run(s, "mail_parse");
	for (int i = 0; i < n_corpus; i++)
		free(corpus[i]);
	return status;
}
