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
	ck_assert_msg(utf8_ok(m->subject) && controls_ok(m->subject, false), "subject is one clean line");
	ck_assert_msg(utf8_ok(m->from_name) && controls_ok(m->from_name, false), "from_name is clean");
	ck_assert_msg(m->visible_len <= strlen(m->text), "visible_len within text");
	ck_assert_msg(m->html == NULL || utf8_ok(m->html), "html is UTF-8");
	ck_assert_msg(m->body_charset != NULL, "body_charset set");
	for (size_t i = 0; i < m->n_attachments; i++) {
		const struct mail_attachment *a = &m->attachments[i];
		ck_assert_msg(a->filename != NULL && a->filename[0] != '\0' && utf8_ok(a->filename) &&
				  controls_ok(a->filename, false) && strpbrk(a->filename, "/\\") == NULL,
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
	    {"submitted", MAIL_AUTO_SUBMITTED},     {"precedence", MAIL_AUTO_PRECEDENCE},
	    {"null_sender", MAIL_AUTO_NULL_SENDER}, {"reply_header", MAIL_AUTO_REPLY_HEADER},
	    {"list", MAIL_AUTO_LIST},               {"bounce", MAIL_AUTO_BOUNCE},
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
	ck_abort_msg("%s differs at byte %zu: got \"%.120s\" want \"%.120s\" (lengths %zu, %zu)", what,
		     i, got + i, want + i, strlen(got), strlen(want));
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

static bool parse_file(const char *name, const struct expect *e, struct parsed_mail *m,
		       char *err, size_t errlen)
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
		snprintf(err, errlen, "cannot read %s", path);
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
