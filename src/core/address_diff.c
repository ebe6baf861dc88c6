/* address_diff.c — see address_diff.h.
 *
 * Addresses are at most 128 characters, so the plain O(n*m) longest-common-subsequence table
 * (129 x 129 bytes) is small and simple; textdiff.c's Myers search earns its keep on articles of
 * thousands of lines, not here. The common prefix and suffix are set aside first: that is where
 * a lookalike matches, and it keeps the table to the differing middle. */
#include "core/address_diff.h"

#include <stdint.h>
#include <string.h>

enum op { OP_SAME, OP_DEL, OP_INS }; /* a only, b only */

struct ctx {
	const char *a, *b;
	bool fold;
};

static char fold_char(char c, bool fold)
{
	return fold && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool eq(const struct ctx *c, size_t i, size_t j)
{
	return fold_char(c->a[i], c->fold) == fold_char(c->b[j], c->fold);
}

static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static void add_col(struct address_diff *d, int a, int b, bool same)
{
	d->cols[d->ncols++] = (struct address_diff_column){a, b, same};
	d->same += same;
}

/* Pairs a differing block's characters column by column, the longer side's rest facing gaps:
 * "abc" replaced by "xy" reads a/x, b/y, c/-. */
static void add_block(struct address_diff *d, const int *as, size_t na, const int *bs, size_t nb)
{
	for (size_t k = 0; k < na || k < nb; k++)
		add_col(d, k < na ? as[k] : -1, k < nb ? bs[k] : -1, false);
}

static void add_span(struct address_diff_span *v, size_t *n, const char *s, int at, bool same)
{
	enum address_diff_kind kind = same ? ADDRESS_DIFF_SAME : ADDRESS_DIFF_DIFFER;

	if (*n > 0 && v[*n - 1].kind == kind && v[*n - 1].text + v[*n - 1].len == s + at) {
		v[*n - 1].len++;
		return;
	}
	v[(*n)++] = (struct address_diff_span){kind, s + at, 1};
}

enum address_diff_rc address_diff(const char *a, size_t alen, const char *b, size_t blen,
                                  bool fold_case, struct address_diff *out)
{
	static const char empty[1] = "";
	uint8_t lcs[ADDRESS_DIFF_MAX + 1][ADDRESS_DIFF_MAX + 1];
	uint8_t ops[2 * ADDRESS_DIFF_MAX];
	int as[ADDRESS_DIFF_MAX], bs[ADDRESS_DIFF_MAX];
	struct ctx c;
	size_t pre = 0, suf = 0, n, m, nops = 0, i, j;

	memset(out, 0, sizeof *out);
	if (alen > ADDRESS_DIFF_MAX || blen > ADDRESS_DIFF_MAX)
		return ADDRESS_DIFF_TOO_LONG;
	a = a != NULL ? a : empty;
	b = b != NULL ? b : empty;
	alen = a == empty ? 0 : alen;
	blen = b == empty ? 0 : blen;
	if (!printable(a, alen) || !printable(b, blen))
		return ADDRESS_DIFF_NOT_ASCII;
	c = (struct ctx){a, b, fold_case};

	while (pre < alen && pre < blen && eq(&c, pre, pre))
		pre++;
	while (suf < alen - pre && suf < blen - pre && eq(&c, alen - 1 - suf, blen - 1 - suf))
		suf++;
	out->prefix = pre;
	out->suffix = suf;
	n = alen - pre - suf;
	m = blen - pre - suf;

	/* lcs[i][j]: the longest common subsequence of a's middle from i and b's middle from j. */
	for (i = n + 1; i-- > 0;)
		for (j = m + 1; j-- > 0;) {
			if (i == n || j == m)
				lcs[i][j] = 0;
			else if (eq(&c, pre + i, pre + j))
				lcs[i][j] = (uint8_t)(lcs[i + 1][j + 1] + 1);
			else
				lcs[i][j] =
				    lcs[i + 1][j] >= lcs[i][j + 1] ? lcs[i + 1][j] : lcs[i][j + 1];
		}
	/* Walk it from the start; taking equal characters diagonally is always optimal. On a tie
	 * a's character goes first, so a replaced character reads as deleted, then inserted. */
	for (i = 0, j = 0; i < n || j < m;) {
		if (i < n && j < m && eq(&c, pre + i, pre + j)) {
			ops[nops++] = OP_SAME;
			i++, j++;
		} else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
			ops[nops++] = OP_DEL;
			i++;
		} else {
			ops[nops++] = OP_INS;
			j++;
		}
	}

	for (size_t k = 0; k < pre; k++)
		add_col(out, (int)k, (int)k, true);
	/* The middle: a short run of matches is shown as part of the differing block around it. */
	size_t na = 0, nb = 0, k = 0;
	i = pre, j = pre;
	while (k < nops) {
		size_t run = 0;
		while (k + run < nops && ops[k + run] == OP_SAME)
			run++;
		if (run >= ADDRESS_DIFF_MIN_RUN) {
			add_block(out, as, na, bs, nb);
			na = nb = 0;
			for (size_t r = 0; r < run; r++, i++, j++)
				add_col(out, (int)i, (int)j, true);
			k += run;
			continue;
		}
		for (size_t r = 0; r < run; r++) {
			as[na++] = (int)i++;
			bs[nb++] = (int)j++;
		}
		k += run;
		while (k < nops && ops[k] != OP_SAME) {
			if (ops[k] == OP_DEL)
				as[na++] = (int)i++;
			else
				bs[nb++] = (int)j++;
			k++;
		}
	}
	add_block(out, as, na, bs, nb);
	for (size_t r = 0; r < suf; r++)
		add_col(out, (int)(alen - suf + r), (int)(blen - suf + r), true);

	for (size_t col = 0; col < out->ncols; col++) {
		const struct address_diff_column *cl = &out->cols[col];
		if (cl->a >= 0)
			add_span(out->a, &out->na, a, cl->a, cl->same);
		if (cl->b >= 0)
			add_span(out->b, &out->nb, b, cl->b, cl->same);
	}
	return ADDRESS_DIFF_OK;
}
