/* search_text.c — the search tokenizer and the query builder (contract and rules: search_text.h;
 * reasons: docs/internals/search.md).
 *
 * The text is read as a stream of *units*: one base code point with the combining marks and
 * default-ignorable code points that follow it (so "e" + U+0301, "ｶ" + "ﾞ", NFD Hangul jamo and
 * a soft hyphen inside a word each stay with their letter). A unit is normalised on its own
 * (NFKC + case fold, marks stripped where that is the rule, a few letters folded by table) and
 * classed by its first normalised code point: part of a word, part of a no-space run (CJK and
 * the like), a '.'/',' that may join digits, or a separator. Words and runs are then built from
 * units. Nothing here allocates: every buffer has a fixed bound, and what passes a bound is cut
 * the same way for the index and for the query, so the two still agree. */
#include "core/search_text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

/* Mapped code points gathered for one unit (base + marks); further marks are read and dropped. */
#define UNIT_RAW_MAX 64
/* Bytes of a unit's normalised text: two of them make a bigram within SEARCH_TOKEN_MAX. */
#define UNIT_TEXT_MAX 60
/* Scratch for one code point's decomposition (the longest NFKC expansion is 18). */
#define MAP_MAX 32

/* Token flags that only the query builder sees. */
#define TF_WORDALT 0x100 /* a Korean whole word, the builder's OR alternative */
#define TF_SEGMENT 0x200 /* first term of a word or of a no-space run */

enum tmode { MODE_DOCUMENT, MODE_QUERY, MODE_BUILD };

enum ucls { U_END, U_SEP, U_WORD, U_NOSPACE, U_JOIN };

struct unit {
	size_t start, end; /* bytes of the original text */
	enum ucls cls;
	int n;                     /* code points in cp */
	int32_t cp[UNIT_TEXT_MAX]; /* normalised; for U_JOIN the '.' or ',' */
	unsigned char txt[UNIT_TEXT_MAX];
	int txt_len;
};

struct scan {
	const unsigned char *s;
	size_t len, pos; /* pos: first byte not yet read into a unit */
	struct unit la[2];
	int nla;
};

/* ------------------------------------------------------------------ character classes */

static bool is_nospace(int32_t c)
{
	if (c < 0x0E00)
		return false;
	return (c <= 0x0EFF) ||                  /* Thai, Lao */
	       (c >= 0x1000 && c <= 0x109F) ||   /* Myanmar */
	       (c >= 0x1100 && c <= 0x11FF) ||   /* Hangul Jamo */
	       (c >= 0x1780 && c <= 0x17FF) ||   /* Khmer */
	       (c >= 0x1950 && c <= 0x19FF) ||   /* Tai Le, New Tai Lue, Khmer symbols */
	       (c >= 0x1A20 && c <= 0x1AAF) ||   /* Tai Tham */
	       (c >= 0x2E80 && c <= 0x2FDF) ||   /* CJK and Kangxi radicals */
	       (c >= 0x3005 && c <= 0x3007) ||   /* 々 〆 〇 */
	       (c >= 0x3021 && c <= 0x3029) ||   /* Hangzhou numerals */
	       (c >= 0x3031 && c <= 0x3035) ||   /* kana repeat marks */
	       (c >= 0x3038 && c <= 0x303C) ||   /* 〸 〹 〺 〻 〼 */
	       (c >= 0x3041 && c <= 0x30FF) ||   /* Hiragana, Katakana, ー */
	       (c >= 0x3100 && c <= 0x318F) ||   /* Bopomofo, Hangul compatibility jamo */
	       (c >= 0x31A0 && c <= 0x31FF) ||   /* Bopomofo ext., strokes, small kana */
	       (c >= 0x3400 && c <= 0x4DBF) ||   /* CJK ext. A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK unified ideographs */
	       (c >= 0xA000 && c <= 0xA4CF) ||   /* Yi */
	       (c >= 0xA960 && c <= 0xA97F) ||   /* Hangul Jamo ext. A */
	       (c >= 0xA9E0 && c <= 0xA9FF) ||   /* Myanmar ext. B */
	       (c >= 0xAA60 && c <= 0xAADF) ||   /* Myanmar ext. A, Tai Viet */
	       (c >= 0xAC00 && c <= 0xD7FF) ||   /* Hangul syllables, Jamo ext. B */
	       (c >= 0xF900 && c <= 0xFAFF) ||   /* CJK compatibility ideographs */
	       (c >= 0xFF66 && c <= 0xFFDC) ||   /* half-width kana and Hangul */
	       (c >= 0x1B000 && c <= 0x1B16F) || /* kana supplement and extensions */
	       (c >= 0x20000 && c <= 0x3FFFF);   /* CJK ext. B and later */
}

static bool is_hangul_syllable(int32_t c)
{
	return c >= 0xAC00 && c <= 0xD7A3;
}

/* Conjoining vowel and final jamo: NFD Hangul, composed back into syllables within a unit. */
static bool is_hangul_vt(int32_t c)
{
	return c >= 0x1161 && c <= 0x11C2;
}

/* Scripts whose accents users leave out when they type (Latin, Greek, Cyrillic, Armenian,
 * Hebrew points, Arabic harakat): marks after these bases are dropped. Elsewhere (Indic, Thai,
 * kana voicing marks) a mark changes the letter and stays. */
static bool strips_marks(int32_t base)
{
	return base < 0x0780 || (base >= 0x1C80 && base <= 0x1C8F) ||
	       (base >= 0x1D00 && base <= 0x1DBF) || (base >= 0x1E00 && base <= 0x1FFF) ||
	       (base >= 0x2C60 && base <= 0x2C7F) || (base >= 0xA640 && base <= 0xA69F) ||
	       (base >= 0xA720 && base <= 0xA7FF) || (base >= 0xAB30 && base <= 0xAB6F) ||
	       (base >= 0xFB00 && base <= 0xFDFF) || (base >= 0xFE70 && base <= 0xFEFF);
}

static bool cat_is_mark(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static bool cat_is_alnum(utf8proc_category_t c)
{
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static bool is_ascii_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

/* Letters without a decomposition that users nevertheless type bare: Vietnamese đ, Turkish ı,
 * Nordic ø, Polish ł, ... Looked up after case folding. */
static const struct {
	int32_t cp;
	char to[3];
} letter_folds[] = {
    {0x0131, "i"},  /* ı dotless i */
    {0x0237, "j"},  /* ȷ dotless j */
    {0x0111, "d"},  /* đ */
    {0x00F0, "d"},  /* ð */
    {0x00F8, "o"},  /* ø */
    {0x0142, "l"},  /* ł */
    {0x0127, "h"},  /* ħ */
    {0x0167, "t"},  /* ŧ */
    {0x0180, "b"},  /* ƀ */
    {0x00E6, "ae"}, /* æ */
    {0x0153, "oe"}, /* œ */
    {0x00FE, "th"}, /* þ */
};

/* Writes the folded letters of c into out; returns how many (0: c is not in the table). */
static int fold_letter(int32_t c, int32_t out[2])
{
	for (size_t i = 0; i < sizeof letter_folds / sizeof letter_folds[0]; i++) {
		if (letter_folds[i].cp != c)
			continue;
		out[0] = letter_folds[i].to[0];
		if (letter_folds[i].to[1] == '\0')
			return 1;
		out[1] = letter_folds[i].to[1];
		return 2;
	}
	return 0;
}

/* NFKD + full case folding of one code point, default-ignorables removed. -1: cannot map. */
static int map_cp(int32_t c, int32_t out[MAP_MAX])
{
	utf8proc_ssize_t n = utf8proc_decompose_char(
	    c, out, MAP_MAX,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE, NULL);
	return n < 0 || n > MAP_MAX ? -1 : (int)n;
}

/* ------------------------------------------------------------------ units */

/* Canonical ordering of combining marks (what utf8proc_decompose does for a whole string). */
static void canonical_order(int32_t *cp, int n)
{
	for (int i = 1; i < n; i++) {
		int cc = utf8proc_get_property(cp[i])->combining_class;
		int j = i;
		if (cc == 0)
			continue;
		while (j > 0) {
			int pc = utf8proc_get_property(cp[j - 1])->combining_class;
			if (pc <= cc)
				break;
			int32_t t = cp[j];
			cp[j] = cp[j - 1];
			cp[j - 1] = t;
			j--;
		}
	}
}

static void unit_put(struct unit *u, int32_t c)
{
	unsigned char b[4];
	utf8proc_ssize_t k = utf8proc_encode_char(c, b);
	if (k <= 0 || u->txt_len + k > UNIT_TEXT_MAX)
		return;
	memcpy(u->txt + u->txt_len, b, (size_t)k);
	u->txt_len += (int)k;
	u->cp[u->n++] = c;
}

/* raw[0..n) is the unit's mapped code points; normalise and keep what its class allows. */
static void unit_finish(struct unit *u, int32_t *raw, int n)
{
	int32_t buf[2 * UNIT_RAW_MAX];
	int m = 0, base_i = -1;
	bool have_base = false;

	canonical_order(raw, n);
	for (int i = 0; i < n; i++) {
		int32_t c = raw[i], f[2];
		int k;
		if (cat_is_mark(utf8proc_category(c))) {
			int32_t base = base_i >= 0 ? buf[base_i] : -1;
			/* Russian й is a letter of its own, not и with an accent. */
			if (base >= 0 && strips_marks(base) && !(base == 0x0438 && c == 0x0306))
				continue;
			buf[m++] = c;
			continue;
		}
		base_i = m;
		k = fold_letter(c, f);
		if (k == 0)
			buf[m++] = c;
		for (int j = 0; j < k; j++)
			buf[m++] = f[j];
	}
	if (m > 0) {
		utf8proc_ssize_t r = utf8proc_normalize_utf32(buf, m, UTF8PROC_COMPOSE);
		m = r < 0 ? 0 : (int)r;
	}
	u->n = 0;
	u->txt_len = 0;
	for (int i = 0; i < m; i++) {
		int32_t c = buf[i];
		utf8proc_category_t cat = utf8proc_category(c);
		if (cat_is_mark(cat)) {
			if (have_base)
				unit_put(u, c);
			continue;
		}
		if (!cat_is_alnum(cat) || is_nospace(c) != (u->cls == U_NOSPACE) || c == 0x02BC) {
			have_base = false;
			continue;
		}
		have_base = true;
		unit_put(u, c);
	}
	if (u->n == 0)
		u->cls = U_SEP;
}

/* May the code point c (already decoded) join the unit before it? */
static bool joins_unit(int32_t c, enum ucls cls, int32_t *map, int *map_n)
{
	const utf8proc_property_t *p = utf8proc_get_property(c);
	*map_n = 0;
	if (p->ignorable)
		return true;
	if (cat_is_mark((utf8proc_category_t)p->category) ||
	    (cls == U_NOSPACE && is_hangul_vt(c)) || p->decomp_seqindex != UINT16_MAX ||
	    p->casefold_seqindex != UINT16_MAX) {
		int k = map_cp(c, map);
		if (k <= 0)
			return k == 0;
		*map_n = k;
		if (cat_is_mark(utf8proc_category(map[0])))
			return true;
		return cls == U_NOSPACE && is_hangul_vt(map[0]);
	}
	return false;
}

/* Reads the unit at sc->pos into u. */
static void read_unit(struct scan *sc, struct unit *u)
{
	const unsigned char *s = sc->s;
	size_t pos = sc->pos;
	int32_t raw[UNIT_RAW_MAX], map[MAP_MAX];
	int nraw = 0, k;
	utf8proc_int32_t c;
	utf8proc_ssize_t len;

	u->start = pos;
	u->n = 0;
	u->txt_len = 0;
	if (pos >= sc->len) {
		u->cls = U_END;
		u->end = pos;
		return;
	}
	len = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(sc->len - pos), &c);
	if (len <= 0 || c < 0) { /* an invalid byte separates */
		u->cls = U_SEP;
		u->end = sc->pos = pos + 1;
		return;
	}
	pos += (size_t)len;
	if (c < 0x80) {
		if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			raw[0] = c | 0x20;
		else if (is_ascii_digit(c))
			raw[0] = c;
		else
			raw[0] = -1;
		if (raw[0] < 0) {
			u->cls = (c == '.' || c == ',') ? U_JOIN : U_SEP;
			if (u->cls == U_JOIN)
				unit_put(u, c);
			u->end = sc->pos = pos;
			return;
		}
		u->cls = U_WORD;
		nraw = 1;
		/* The common case: an ASCII letter or digit followed by ASCII. */
		if (pos >= sc->len || s[pos] < 0x80) {
			unit_put(u, raw[0]);
			u->end = sc->pos = pos;
			return;
		}
	} else {
		k = c == 0x02BC ? -1 : map_cp(c, map); /* ʼ is an apostrophe: it separates */
		if (k <= 0) {
			u->cls = U_SEP;
			u->end = sc->pos = pos;
			return;
		}
		utf8proc_category_t cat = utf8proc_category(map[0]);
		if (cat_is_alnum(cat)) {
			u->cls = is_nospace(map[0]) ? U_NOSPACE : U_WORD;
		} else {
			u->cls = (k == 1 && (map[0] == '.' || map[0] == ',')) ? U_JOIN : U_SEP;
			if (u->cls == U_JOIN)
				unit_put(u, map[0]);
			u->end = sc->pos = pos;
			return;
		}
		memcpy(raw, map, (size_t)k * sizeof raw[0]);
		nraw = k;
	}
	/* Absorb the marks and ignorables that follow the base. */
	while (pos < sc->len && s[pos] >= 0x80) {
		int mk;
		len = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(sc->len - pos), &c);
		if (len <= 0 || c < 0 || !joins_unit(c, u->cls, map, &mk))
			break;
		pos += (size_t)len;
		for (int i = 0; i < mk && nraw < UNIT_RAW_MAX; i++)
			raw[nraw++] = map[i];
	}
	u->end = sc->pos = pos;
	unit_finish(u, raw, nraw);
}

static const struct unit *peek(struct scan *sc, int i)
{
	while (sc->nla <= i)
		read_unit(sc, &sc->la[sc->nla++]);
	return &sc->la[i];
}

static void take(struct scan *sc, struct unit *out)
{
	peek(sc, 0);
	if (out)
		*out = sc->la[0];
	if (sc->nla > 1)
		sc->la[0] = sc->la[1];
	sc->nla--;
}

/* ------------------------------------------------------------------ words */

struct emit {
	enum tmode mode;
	search_token_fn fn;
	void *ctx;
};

/* Commas followed by exactly three digits are thousands separators: "2,000" -> "2000". */
static size_t drop_group_commas(char *t, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == ',' && i + 3 < n && i > 0 && is_ascii_digit((unsigned char)t[i - 1])) {
			size_t d = 0;
			while (i + 1 + d < n && is_ascii_digit((unsigned char)t[i + 1 + d]))
				d++;
			if (d == 3)
				continue;
		}
		t[o++] = t[i];
	}
	return o;
}

static int word_token(struct scan *sc, const struct unit *first, const struct emit *e)
{
	char t[SEARCH_TOKEN_MAX];
	size_t n = 0, start = first->start, end = first->end;
	bool full = false;
	int32_t last = first->cp[first->n - 1];

	memcpy(t, first->txt, (size_t)first->txt_len);
	n = (size_t)first->txt_len;
	for (;;) {
		const struct unit *u = peek(sc, 0), *v;
		if (u->cls == U_JOIN) {
			v = peek(sc, 1);
			if (!is_ascii_digit(last) || v->cls != U_WORD || !is_ascii_digit(v->cp[0]))
				break;
			if (!full && n + 1 + (size_t)v->txt_len <= sizeof t) {
				t[n++] = (char)u->cp[0];
				memcpy(t + n, v->txt, (size_t)v->txt_len);
				n += (size_t)v->txt_len;
			} else {
				full = true;
			}
			last = v->cp[v->n - 1];
			end = v->end;
			take(sc, NULL);
			take(sc, NULL);
			continue;
		}
		if (u->cls != U_WORD)
			break;
		if (!full && n + (size_t)u->txt_len <= sizeof t) {
			memcpy(t + n, u->txt, (size_t)u->txt_len);
			n += (size_t)u->txt_len;
		} else {
			full = true;
		}
		last = u->cp[u->n - 1];
		end = u->end;
		take(sc, NULL);
	}
	n = drop_group_commas(t, n);
	return e->fn(e->ctx, e->mode == MODE_BUILD ? TF_SEGMENT : 0, t, n, start, end);
}

/* ------------------------------------------------------------------ no-space runs */

/* One character of a run: a base code point and the marks on it. */
struct elem {
	size_t start, end;
	unsigned char txt[UNIT_TEXT_MAX];
	int len;
	bool hangul;
};

struct run {
	struct unit u; /* the unit being cut into elements */
	int i;         /* next code point of u */
};

/* Next element of the run, reading the next unit when this one is used up. */
static bool run_next(struct scan *sc, struct run *r, struct elem *el)
{
	while (r->i >= r->u.n) {
		if (peek(sc, 0)->cls != U_NOSPACE)
			return false;
		take(sc, &r->u);
		r->i = 0;
	}
	/* One code point may expand to several characters (NFKC: ㍿ -> 株式会社): the first
	 * covers it, the others are empty at its end, so no two positions overlap. */
	el->start = r->i == 0 ? r->u.start : r->u.end;
	el->end = r->u.end;
	el->len = 0;
	el->hangul = is_hangul_syllable(r->u.cp[r->i]);
	/* The unit's text holds the same code points: copy this base and its marks. */
	do {
		unsigned char b[4];
		utf8proc_ssize_t k = utf8proc_encode_char(r->u.cp[r->i], b);
		memcpy(el->txt + el->len, b, (size_t)k);
		el->len += (int)k;
		r->i++;
	} while (r->i < r->u.n && cat_is_mark(utf8proc_category(r->u.cp[r->i])));
	return true;
}

static int emit_pair(const struct emit *e, int flags, const struct elem *a, const struct elem *b)
{
	char t[2 * UNIT_TEXT_MAX];
	memcpy(t, a->txt, (size_t)a->len);
	memcpy(t + a->len, b->txt, (size_t)b->len);
	return e->fn(e->ctx, flags, t, (size_t)(a->len + b->len), a->start, b->end);
}

static int emit_one(const struct emit *e, int flags, const struct elem *a)
{
	return e->fn(e->ctx, flags, (const char *)a->txt, (size_t)a->len, a->start, a->end);
}

/* A Korean word: a run of three or more Hangul syllables that fits in one token. Looks ahead
 * on a copy of the scanner; the real one does not move. */
static bool hangul_word(const struct scan *sc, const struct run *r, const struct elem *first,
                        char *word, size_t *wlen, size_t *wend)
{
	struct scan s2 = *sc;
	struct run r2 = *r;
	struct elem el;
	size_t n = 0;
	int count = 1;

	if (!first->hangul)
		return false;
	memcpy(word, first->txt, (size_t)first->len);
	n = (size_t)first->len;
	*wend = first->end;
	while (run_next(&s2, &r2, &el)) {
		if (!el.hangul || n + (size_t)el.len > SEARCH_TOKEN_MAX)
			return false;
		memcpy(word + n, el.txt, (size_t)el.len);
		n += (size_t)el.len;
		*wend = el.end;
		count++;
	}
	*wlen = n;
	return count >= 3;
}

/* Positions follow the characters: position i holds the unigram c[i] (the token FTS5 takes
 * offsets from for highlights, so highlights are exact and never overlap) with the bigram
 * c[i]c[i+1] colocated. A query word of k >= 2 characters is the phrase of its k-1 bigrams and
 * its last character: the bigrams make the lookup selective, the last unigram stretches the
 * match (and its highlight) over the whole word. The builder writes that phrase term by term,
 * so in query mode a run of exactly two characters must stay one bigram; longer runs (raw
 * FTS5 queries) get bigrams and the last character, a Korean word its whole-word term. */
static int nospace_run(struct scan *sc, const struct unit *first, const struct emit *e)
{
	struct run r = {.u = *first, .i = 0};
	struct elem prev, cur;
	char word[SEARCH_TOKEN_MAX];
	size_t wlen = 0, wend = 0;
	bool has_word;
	int rc, i = 0, seg = e->mode == MODE_BUILD ? TF_SEGMENT : 0;

	if (!run_next(sc, &r, &prev)) /* cannot happen: a U_NOSPACE unit has a code point */
		return 0;
	has_word = hangul_word(sc, &r, &prev, word, &wlen, &wend);
	if (has_word && e->mode == MODE_QUERY) {
		while (run_next(sc, &r, &cur))
			;
		return e->fn(e->ctx, 0, word, wlen, prev.start, wend);
	}
	if (has_word && e->mode == MODE_BUILD &&
	    (rc = e->fn(e->ctx, TF_WORDALT, word, wlen, prev.start, wend)) != 0)
		return rc;
	while (run_next(sc, &r, &cur)) {
		if (e->mode == MODE_DOCUMENT) {
			if ((rc = emit_one(e, 0, &prev)) != 0 ||
			    (rc = emit_pair(e, SEARCH_TOKEN_COLOCATED, &prev, &cur)) != 0)
				return rc;
			if (i == 0 && has_word &&
			    (rc = e->fn(e->ctx, SEARCH_TOKEN_COLOCATED, word, wlen, prev.start,
			                wend)) != 0)
				return rc;
		} else if ((rc = emit_pair(e, seg, &prev, &cur)) != 0) {
			return rc;
		}
		seg = 0;
		prev = cur;
		i++;
	}
	/* Query text of exactly two characters is one bigram term: that is how the builder spells
	 * a phrase term by term ("充值 值" for 充值), and a lone bigram finds the same articles. */
	if (e->mode == MODE_QUERY && i == 1)
		return 0;
	return emit_one(e, seg, &prev);
}

/* ------------------------------------------------------------------ tokenize */

static int tokenize(const char *text, size_t len, enum tmode mode, search_token_fn fn, void *ctx)
{
	struct scan sc = {.s = (const unsigned char *)text, .len = len};
	struct emit e = {.mode = mode, .fn = fn, .ctx = ctx};
	struct unit u;
	int rc = 0;

	if (text == NULL)
		return 0;
	for (;;) {
		take(&sc, &u);
		switch (u.cls) {
		case U_END:
			return 0;
		case U_WORD:
			rc = word_token(&sc, &u, &e);
			break;
		case U_NOSPACE:
			rc = nospace_run(&sc, &u, &e);
			break;
		default:
			break;
		}
		if (rc != 0)
			return rc;
	}
}

int search_tokenize(const char *text, size_t len, enum search_mode mode, search_token_fn fn,
                    void *ctx)
{
	return tokenize(text, len, mode == SEARCH_QUERY ? MODE_QUERY : MODE_DOCUMENT, fn, ctx);
}

/* ------------------------------------------------------------------ query builder */

const char *search_strerror(enum search_rc rc)
{
	switch (rc) {
	case SEARCH_OK:
		return "ok";
	case SEARCH_EMPTY:
		return "the query has no letters or digits to search for";
	case SEARCH_TOO_LONG:
		return "the query is longer than 1000 bytes";
	case SEARCH_TOO_MANY_TOKENS:
		return "the query has more than 64 search terms";
	case SEARCH_BAD_UTF8:
		return "the query is not valid UTF-8";
	case SEARCH_NO_SPACE:
		return "the query does not fit the output buffer";
	}
	return "unknown search error";
}

struct qb {
	char *out;
	size_t cap, n;
	size_t terms;
	/* the word being built */
	size_t phrase_at; /* where its phrase starts in out */
	int phrase_terms, segments;
	bool has_word;
	char word[SEARCH_TOKEN_MAX];
	size_t wlen;
};

static int qb_put(struct qb *q, const char *s, size_t n)
{
	/* Keep room for the terminating NUL. */
	if (n >= q->cap - q->n)
		return SEARCH_NO_SPACE;
	memcpy(q->out + q->n, s, n);
	q->n += n;
	return 0;
}

/* A term inside double quotes. Terms never hold '"' (only letters, digits, marks, '.' and
 * ','), but doubling it is what FTS5 asks for, so the quoting does not rest on that. */
static int qb_put_quoted_body(struct qb *q, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = s[i] == '"' ? qb_put(q, "\"\"", 2) : qb_put(q, s + i, 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int qb_term(struct qb *q, int flags, const char *tok, size_t len)
{
	int rc;

	if (++q->terms > SEARCH_QUERY_MAX_TOKENS)
		return SEARCH_TOO_MANY_TOKENS;
	if (flags & TF_SEGMENT)
		q->segments++;
	if (q->phrase_terms++ == 0)
		rc = qb_put(q, "\"", 1);
	else
		rc = qb_put(q, " ", 1);
	return rc ? rc : qb_put_quoted_body(q, tok, len);
}

static int qb_token(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct qb *q = ctx;

	(void)start;
	(void)end;
	if (flags & TF_WORDALT) {
		memcpy(q->word, tok, len);
		q->wlen = len;
		q->has_word = true;
		return 0;
	}
	return qb_term(q, flags, tok, len);
}

/* Closes the phrase of one word; a lone Korean word becomes ("word" OR "bigrams"). */
static int qb_end_word(struct qb *q)
{
	int rc;
	if (q->phrase_terms == 0)
		return 0;
	if ((rc = qb_put(q, "\"", 1)) != 0)
		return rc;
	if (q->has_word && q->segments == 1) {
		char head[SEARCH_TOKEN_MAX * 2 + 16];
		size_t h = 0, body = q->n - q->phrase_at;
		head[h++] = '(';
		head[h++] = '"';
		for (size_t i = 0; i < q->wlen; i++) {
			if (q->word[i] == '"')
				head[h++] = '"';
			head[h++] = q->word[i];
		}
		memcpy(head + h, "\" OR ", 5);
		h += 5;
		if (h + 1 >= q->cap - q->n)
			return SEARCH_NO_SPACE;
		memmove(q->out + q->phrase_at + h, q->out + q->phrase_at, body);
		memcpy(q->out + q->phrase_at, head, h);
		q->n += h;
		if ((rc = qb_put(q, ")", 1)) != 0)
			return rc;
	}
	return 0;
}

static bool is_query_space(int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85)
		return true;
	utf8proc_category_t cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP;
}

enum search_rc search_query_build(const char *q, size_t len, char *out, size_t cap, size_t *out_len,
                                  size_t *n_terms)
{
	struct qb b = {.out = out, .cap = cap};
	const unsigned char *s = (const unsigned char *)q;
	size_t pos = 0, word_start = 0;
	bool in_word = false;
	int rc = SEARCH_OK;

	if (out == NULL || cap == 0)
		return SEARCH_NO_SPACE;
	out[0] = '\0';
	if (out_len)
		*out_len = 0;
	if (n_terms)
		*n_terms = 0;
	if (len > SEARCH_QUERY_MAX_BYTES)
		return SEARCH_TOO_LONG;
	if (q == NULL && len > 0)
		return SEARCH_BAD_UTF8;
	/* Validate all of it before looking at any of it: a bad byte is refused, not skipped. */
	while (pos < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &c);
		if (k <= 0 || c <= 0)
			return SEARCH_BAD_UTF8;
		pos += (size_t)k;
	}
	/* Each whitespace-separated word is tokenized on its own and becomes one phrase. */
	for (pos = 0; pos <= len && rc == SEARCH_OK;) {
		utf8proc_int32_t c = ' ';
		utf8proc_ssize_t k = 1;
		if (pos < len)
			k = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &c);
		if (!is_query_space(c)) {
			if (!in_word)
				word_start = pos;
			in_word = true;
		} else if (in_word) {
			size_t before = b.n;
			in_word = false;
			/* Explicit AND: FTS5 3.40 takes no implicit AND next to a parenthesis. */
			if (b.n > 0)
				rc = qb_put(&b, " AND ", 5);
			if (rc)
				break;
			b.phrase_at = b.n;
			b.phrase_terms = 0;
			b.segments = 0;
			b.has_word = false;
			rc = tokenize(q + word_start, pos - word_start, MODE_BUILD, qb_token, &b);
			if (rc == SEARCH_OK)
				rc = qb_end_word(&b);
			/* A word with no terms takes its " AND " back. */
			if (rc == SEARCH_OK && b.phrase_terms == 0)
				b.n = before;
		}
		pos += (size_t)k;
	}
	if (rc == SEARCH_OK && b.terms == 0)
		rc = SEARCH_EMPTY;
	if (rc != SEARCH_OK) {
		out[0] = '\0';
		return (enum search_rc)rc;
	}
	out[b.n] = '\0';
	if (out_len)
		*out_len = b.n;
	if (n_terms)
		*n_terms = b.terms;
	return SEARCH_OK;
}
