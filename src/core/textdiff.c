/* textdiff.c — see textdiff.h. */
#include "core/textdiff.h"

#include <stdint.h>
#include <string.h>

struct line {
	const char *p;
	size_t len;
	uint64_t hash;
};

const char *textdiff_op_name(enum textdiff_op op)
{
	switch (op) {
	case TEXTDIFF_EQUAL:
		return "equal";
	case TEXTDIFF_DELETE:
		return "delete";
	case TEXTDIFF_INSERT:
		return "insert";
	}
	return NULL;
}

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

static size_t count_lines(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n')
			n++;
	return n + (len && s[len - 1] != '\n');
}

static struct line *split(struct arena *a, const char *s, size_t len, size_t *n)
{
	*n = count_lines(s, len);
	struct line *v = arena_alloc(a, (*n ? *n : 1) * sizeof *v);
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= len && k < *n; i++) {
		if (i == len || s[i] == '\n') {
			v[k].p = s + start;
			v[k].len = i - start;
			v[k].hash = fnv1a(v[k].p, v[k].len);
			k++;
			start = i + 1;
		}
	}
	return v;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->hash == y->hash && x->len == y->len && memcmp(x->p, y->p, x->len) == 0;
}

/* The edit script is built backwards (from the ends towards the start) and reversed at the
 * end; these append one step. */
struct script {
	struct textdiff_line *v;
	size_t n, cap;
};

static void emit(struct script *s, enum textdiff_op op, const struct line *l)
{
	if (s->n < s->cap)
		s->v[s->n++] = (struct textdiff_line){.op = op, .text = l->p, .len = l->len};
}

/* Myers' greedy forward search over a[0..n) and b[0..m), keeping each round's frontier so the
 * path can be walked back. Returns false (nothing emitted) if more than max_d edits are needed. */
static bool myers(struct arena *a, const struct line *x, int n, const struct line *y, int m,
                  int max_d, struct script *s)
{
	int off = max_d + 1;
	int *v = arena_alloc(a, (size_t)(2 * max_d + 3) * sizeof *v);
	/* trace[d] holds v[-d..d] as it was after round d */
	int **trace = arena_alloc(a, (size_t)(max_d + 1) * sizeof *trace);
	int dfinal = -1;
	v[off + 1] = 0;
	for (int d = 0; d <= max_d && dfinal < 0; d++) {
		for (int k = -d; k <= d; k += 2) {
			int xi = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
			             ? v[off + k + 1]
			             : v[off + k - 1] + 1;
			int yi = xi - k;
			while (xi < n && yi < m && same(&x[xi], &y[yi])) {
				xi++;
				yi++;
			}
			v[off + k] = xi;
			if (xi >= n && yi >= m) {
				dfinal = d;
				break;
			}
		}
		trace[d] = arena_alloc(a, (size_t)(2 * d + 1) * sizeof(int));
		memcpy(trace[d], v + off - d, (size_t)(2 * d + 1) * sizeof(int));
	}
	if (dfinal < 0)
		return false;
	int xi = n, yi = m;
	for (int d = dfinal; d > 0; d--) {
		const int *pv = trace[d - 1] + (d - 1); /* pv[k] for k in -(d-1)..d-1 */
		int k = xi - yi;
		bool down = k == -d || (k != d && pv[k - 1] < pv[k + 1]);
		int pk = down ? k + 1 : k - 1;
		int px = pv[pk], py = px - pk;
		while (xi > px + (down ? 0 : 1) && yi > py + (down ? 1 : 0)) {
			emit(s, TEXTDIFF_EQUAL, &x[--xi]);
			yi--;
		}
		if (down)
			emit(s, TEXTDIFF_INSERT, &y[--yi]);
		else
			emit(s, TEXTDIFF_DELETE, &x[--xi]);
	}
	while (xi > 0 && yi > 0) {
		emit(s, TEXTDIFF_EQUAL, &x[--xi]);
		yi--;
	}
	return true;
}

void textdiff_lines(struct arena *a, const char *old, size_t old_len, const char *new_text,
                    size_t new_len, struct textdiff *out)
{
	size_t na, nb;
	struct line *x = split(a, old ? old : "", old ? old_len : 0, &na);
	struct line *y = split(a, new_text ? new_text : "", new_text ? new_len : 0, &nb);
	memset(out, 0, sizeof *out);

	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && same(&x[pre], &y[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && same(&x[na - 1 - suf], &y[nb - 1 - suf]))
		suf++;
	size_t ma = na - pre - suf, mb = nb - pre - suf;

	struct script s = {.cap = na + nb + 1};
	s.v = arena_alloc(a, s.cap * sizeof *s.v);
	for (size_t i = 0; i < suf; i++)
		emit(&s, TEXTDIFF_EQUAL, &x[na - 1 - i]);
	int max_d = ma + mb < TEXTDIFF_MAX_EDITS ? (int)(ma + mb) : TEXTDIFF_MAX_EDITS;
	if (ma + mb > 0 && !myers(a, x + pre, (int)ma, y + pre, (int)mb, max_d, &s)) {
		out->approximate = true;
		for (size_t i = mb; i > 0; i--)
			emit(&s, TEXTDIFF_INSERT, &y[pre + i - 1]);
		for (size_t i = ma; i > 0; i--)
			emit(&s, TEXTDIFF_DELETE, &x[pre + i - 1]);
	}
	for (size_t i = pre; i > 0; i--)
		emit(&s, TEXTDIFF_EQUAL, &x[i - 1]);

	/* reverse into reading order and number the lines */
	size_t on = 0, nn = 0;
	for (size_t i = 0; i < s.n / 2; i++) {
		struct textdiff_line t = s.v[i];
		s.v[i] = s.v[s.n - 1 - i];
		s.v[s.n - 1 - i] = t;
	}
	/* Within each run of changes, deletions first: how readers expect a replaced line. Any
	 * order of one run's deletions and insertions is the same edit. */
	struct textdiff_line *tmp = arena_alloc(a, (s.n ? s.n : 1) * sizeof *tmp);
	for (size_t i = 0; i < s.n;) {
		size_t end = i, k = 0;
		while (end < s.n && s.v[end].op != TEXTDIFF_EQUAL)
			end++;
		for (size_t p = i; p < end; p++)
			if (s.v[p].op == TEXTDIFF_DELETE)
				tmp[k++] = s.v[p];
		for (size_t p = i; p < end; p++)
			if (s.v[p].op == TEXTDIFF_INSERT)
				tmp[k++] = s.v[p];
		memcpy(s.v + i, tmp, k * sizeof *tmp);
		i = end > i ? end : i + 1;
	}
	for (size_t i = 0; i < s.n; i++) {
		struct textdiff_line *l = &s.v[i];
		if (l->op != TEXTDIFF_INSERT)
			l->old_no = ++on;
		if (l->op != TEXTDIFF_DELETE)
			l->new_no = ++nn;
		out->added += l->op == TEXTDIFF_INSERT;
		out->removed += l->op == TEXTDIFF_DELETE;
	}
	out->lines = s.v;
	out->n = s.n;
}
