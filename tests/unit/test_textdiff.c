/* test_textdiff.c — line diffs of article versions (src/core/textdiff.h). What an editor looking
 * at a version's diff would check: applying the diff to the old text gives the new one, lines
 * that did not change are shown as unchanged, the script is the shortest one (compared with an
 * independent LCS table on small texts, random ones included), line numbers count each side,
 * and the degenerate cases (empty texts, no final newline, a huge rewrite) still give a correct
 * diff. */
#include "core/textdiff.h"

#include <stdint.h>

#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Rebuild each side from the diff ("a\nb" style: lines joined by '\n', no final one) and check
 * the line numbers and counts. Returns NULL when consistent, or what is wrong. */
static const char *check_diff(const struct textdiff *d, const char *old, const char *new_text,
                              char *buf, size_t cap)
{
	char *o = buf, *n = buf + cap / 2;
	size_t ol = 0, nl = 0, on = 0, nn = 0, add = 0, rem = 0;
	for (size_t i = 0; i < d->n; i++) {
		const struct textdiff_line *l = &d->lines[i];
		if (l->op != TEXTDIFF_INSERT) {
			if (l->old_no != ++on)
				return "old line numbers";
			if (ol)
				o[ol++] = '\n';
			memcpy(o + ol, l->text, l->len);
			ol += l->len;
		} else if (l->old_no) {
			return "an insert has an old line number";
		}
		if (l->op != TEXTDIFF_DELETE) {
			if (l->new_no != ++nn)
				return "new line numbers";
			if (nl)
				n[nl++] = '\n';
			memcpy(n + nl, l->text, l->len);
			nl += l->len;
		} else if (l->new_no) {
			return "a delete has a new line number";
		}
		add += l->op == TEXTDIFF_INSERT;
		rem += l->op == TEXTDIFF_DELETE;
	}
	o[ol] = n[nl] = '\0';
	/* compare without the final newline, which is not a line */
	size_t lo = strlen(old), ln = strlen(new_text);
	if (lo && old[lo - 1] == '\n')
		lo--;
	if (ln && new_text[ln - 1] == '\n')
		ln--;
	if (ol != lo || memcmp(o, old, lo))
		return "the old side does not rebuild the old text";
	if (nl != ln || memcmp(n, new_text, ln))
		return "the new side does not rebuild the new text";
	if (add != d->added || rem != d->removed)
		return "added/removed counts";
	return NULL;
}

static char buf[1 << 20];

struct dcase {
	const char *label, *old, *new_text;
	size_t added, removed;
	const char *ops; /* one letter per line: ' ' equal, '-' delete, '+' insert */
};

static const struct dcase cases[] = {
    {"identical", "a\nb\nc\n", "a\nb\nc\n", 0, 0, "   "},
    {"both empty", "", "", 0, 0, ""},
    {"from empty", "", "a\nb\n", 2, 0, "++"},
    {"to empty", "a\nb\n", "", 0, 2, "--"},
    {"one line changed", "a\nb\nc\n", "a\nB\nc\n", 1, 1, " -+ "},
    {"line added in the middle", "a\nc\n", "a\nb\nc\n", 1, 0, " + "},
    {"line removed at the start", "a\nb\nc\n", "b\nc\n", 0, 1, "-  "},
    {"line appended", "a\nb", "a\nb\nc", 1, 0, "  +"},
    {"final newline does not count", "a\nb\n", "a\nb", 0, 0, "  "},
    {"empty lines are lines", "a\n\nb\n", "a\nb\n", 0, 1, " - "},
    {"move shows as delete and insert", "a\nb\nc\n", "b\nc\na\n", 1, 1, "-  +"},
    {"crlf is part of the line", "a\r\nb\r\n", "a\nb\n", 2, 2, "--++"},
    {"Chinese lines", "充值未到账\n请检查网络\n", "充值未到账\n请检查网络和备注\n", 1, 1, " -+"},
    {"classic abcabba/cbabac", "a\nb\nc\na\nb\nb\na\n", "c\nb\na\nb\na\nc\n", 2, 3, NULL},
};

START_TEST(known)
{
	const struct dcase *c = &cases[_i];
	struct arena a;
	struct textdiff d;
	arena_init(&a, 4096);
	textdiff_lines(&a, c->old, strlen(c->old), c->new_text, strlen(c->new_text), &d);
	const char *why = check_diff(&d, c->old, c->new_text, buf, sizeof buf);
	ck_assert_msg(why == NULL, "%s", why);
	ck_assert_msg(d.added == c->added && d.removed == c->removed, "+%zu -%zu, want +%zu -%zu",
	              d.added, d.removed, c->added, c->removed);
	ck_assert(!d.approximate);
	if (c->ops) {
		char got[64] = "";
		for (size_t i = 0; i < d.n && i < sizeof got - 1; i++)
			got[i] = d.lines[i].op == TEXTDIFF_EQUAL    ? ' '
			         : d.lines[i].op == TEXTDIFF_DELETE ? '-'
			                                            : '+';
		ck_assert_msg(strcmp(got, c->ops) == 0, "ops \"%s\", want \"%s\"", got, c->ops);
	}
	arena_free(&a);
}
END_TEST

START_TEST(null_texts)
{
	struct arena a;
	struct textdiff d;
	arena_init(&a, 4096);
	textdiff_lines(&a, NULL, 0, "x\n", 2, &d);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_int_eq(d.lines[0].op, TEXTDIFF_INSERT);
	ck_assert_uint_eq(d.lines[0].len, 1);
	textdiff_lines(&a, "x", 1, NULL, 0, &d);
	ck_assert_uint_eq(d.removed, 1);
	ck_assert_str_eq(textdiff_op_name(TEXTDIFF_EQUAL), "equal");
	ck_assert_str_eq(textdiff_op_name(TEXTDIFF_DELETE), "delete");
	ck_assert_str_eq(textdiff_op_name(TEXTDIFF_INSERT), "insert");
	arena_free(&a);
}
END_TEST

/* The shortest edit script has (lines of a) + (lines of b) - 2 * LCS edits; an independent
 * dynamic-programming LCS over single-character "lines" checks Myers' minimality. */
static size_t lcs(const char *x, size_t n, const char *y, size_t m)
{
	static size_t t[64][64];
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= m; j++)
			t[i][j] = !i || !j                    ? 0
			          : x[i - 1] == y[j - 1]      ? t[i - 1][j - 1] + 1
			          : t[i - 1][j] > t[i][j - 1] ? t[i - 1][j]
			                                      : t[i][j - 1];
	return t[n][m];
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static unsigned next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 32);
}

/* "abca" -> "a\nb\nc\na\n" */
static void as_lines(const char *s, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = s[i];
		out[2 * i + 1] = '\n';
	}
	out[2 * n] = '\0';
}

START_TEST(random_minimal)
{
	struct arena a;
	arena_init(&a, 65536);
	for (int round = 0; round < 500; round++) {
		char x[40], y[40], xl[81], yl[81];
		size_t n = next() % 40, m = next() % 40;
		unsigned alphabet = 2 + next() % 4;
		for (size_t i = 0; i < n; i++)
			x[i] = (char)('a' + next() % alphabet);
		for (size_t i = 0; i < m; i++)
			y[i] = (char)('a' + next() % alphabet);
		as_lines(x, n, xl);
		as_lines(y, m, yl);
		struct textdiff d;
		textdiff_lines(&a, xl, 2 * n, yl, 2 * m, &d);
		const char *why = check_diff(&d, xl, yl, buf, sizeof buf);
		ck_assert_msg(why == NULL, "round %d: %s", round, why);
		size_t want = n + m - 2 * lcs(x, n, y, m);
		ck_assert_msg(d.added + d.removed == want, "round %d: %zu edits, shortest is %zu",
		              round, d.added + d.removed, want);
		arena_free(&a);
	}
}
END_TEST

/* A rewrite beyond TEXTDIFF_MAX_EDITS: correct, marked approximate, quick. */
START_TEST(huge_rewrite)
{
	size_t lines = TEXTDIFF_MAX_EDITS + 200;
	char *x = malloc(lines * 12 + 1), *y = malloc(lines * 12 + 1);
	size_t xl = 0, yl = 0;
	xl += (size_t)sprintf(x + xl, "same start\n");
	yl += (size_t)sprintf(y + yl, "same start\n");
	for (size_t i = 0; i < lines; i++) {
		xl += (size_t)sprintf(x + xl, "old %zu\n", i);
		yl += (size_t)sprintf(y + yl, "new %zu\n", i);
	}
	xl += (size_t)sprintf(x + xl, "same end\n");
	yl += (size_t)sprintf(y + yl, "same end\n");
	struct arena a;
	struct textdiff d;
	arena_init(&a, 65536);
	textdiff_lines(&a, x, xl, y, yl, &d);
	static char big[1 << 21];
	const char *why = check_diff(&d, x, y, big, sizeof big);
	ck_assert_msg(why == NULL, "%s", why);
	ck_assert(d.approximate);
	ck_assert_uint_eq(d.added, lines);
	ck_assert_uint_eq(d.removed, lines);
	ck_assert_int_eq(d.lines[0].op, TEXTDIFF_EQUAL);
	ck_assert_int_eq(d.lines[d.n - 1].op, TEXTDIFF_EQUAL);
	arena_free(&a);
	free(x);
	free(y);
}
END_TEST

/* A long article with a few scattered edits stays exact (the common ends are set aside and the
 * middle is well within the bound). */
START_TEST(long_text_small_edit)
{
	size_t lines = 20000;
	char *x = malloc(lines * 16), *y = malloc(lines * 16);
	size_t xl = 0, yl = 0;
	for (size_t i = 0; i < lines; i++) {
		xl += (size_t)sprintf(x + xl, "line %zu\n", i);
		if (i == 100 || i == 19000)
			yl += (size_t)sprintf(y + yl, "changed %zu\n", i);
		else if (i != 5000)
			yl += (size_t)sprintf(y + yl, "line %zu\n", i);
	}
	struct arena a;
	struct textdiff d;
	arena_init(&a, 65536);
	textdiff_lines(&a, x, xl, y, yl, &d);
	static char big[1 << 21];
	const char *why = check_diff(&d, x, y, big, sizeof big);
	ck_assert_msg(why == NULL, "%s", why);
	ck_assert(!d.approximate);
	ck_assert_uint_eq(d.added, 2);
	ck_assert_uint_eq(d.removed, 3);
	arena_free(&a);
	free(x);
	free(y);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("textdiff");
	for (int i = 0; i < NCASES(cases); i++)
		unit_add_case(s, unit_name("diff: %s", cases[i].label), known, i);
	UNIT_TEST(s, null_texts);
	UNIT_TEST(s, random_minimal);
	UNIT_TEST(s, huge_rewrite);
	UNIT_TEST(s, long_text_small_edit);
	return unit_run(s, "textdiff");
}
