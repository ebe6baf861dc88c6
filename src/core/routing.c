/* routing.c — see routing.h.
 *
 * Three parts: folding (one function for keywords at load and for ticket text at match time, so
 * the two always agree), the keyword matcher (Aho-Corasick over the folded bytes of every keyword
 * of every rule: a decision reads the ticket's text once, whether the set holds 5 keywords or
 * 5,000), and the rules with their setters and first-match evaluation.
 *
 * The text is folded and scanned lazily: only when a rule whose other conditions hold has
 * keywords, and then once for all rules. A desk whose first matching rule is "channel = chat,
 * language = ko" never pays for reading the message. */
#include "core/routing.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "core/perm.h"
#include "core/validate.h"
#include "util/arena.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define STR_(x) #x
#define STR(x)  STR_(x)

/* ---- folding ---- */

#define FOLD_DECOMPOSE                                                                             \
	(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |              \
	 UTF8PROC_IGNORE | UTF8PROC_LUMP)
#define FOLD_COMPOSE (UTF8PROC_STABLE | UTF8PROC_COMPOSE)
/* Non-ASCII text is decomposed a chunk at a time: ASCII needs no Unicode tables and takes a
 * fast path. A chunk ends before a starter once it passes CHUNK_SOFT bytes, so accents stay with
 * their letter; CHUNK_HARD bounds a run of nothing but marks. A non-ASCII code point takes at
 * least 2 bytes and decomposes into at most 18 (U+FDFA), which sizes the buffer. */
#define CHUNK_SOFT 128
#define CHUNK_HARD 256
#define CHUNK_CPS  (CHUNK_HARD / 2 * 18)
/* Casefolding and compatibility decomposition can grow a keyword: this bounds what is stored. */
#define KEYWORD_FOLDED_MAX (4 * ROUTING_MAX_KEYWORD)

struct fold {
	char *out;
	size_t cap, len;
	int32_t base; /* last code point that was not a mark: is the next mark an accent? */
	bool space;   /* the last byte written is a folded space, so a run collapses */
	bool full;
};

static bool is_mark_category(utf8proc_category_t c)
{
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static bool fold_is_space(int32_t cp)
{
	utf8proc_category_t c;

	if (cp < 0x80)
		return cp <= 0x20 || cp == 0x7f;
	if (cp <= 0x9f) /* C1 controls, NEL among them */
		return true;
	c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* Letters of the scripts whose marks are accents a customer may or may not type: Latin (with
 * Vietnamese), IPA, Greek, Cyrillic, Armenian and their extension blocks. Marks on any other
 * script are part of the spelling (Thai vowels, Devanagari matras, dakuten) and stay. */
static bool accent_base(int32_t b)
{
	return b < 0x0590 || (b >= 0x1c80 && b <= 0x1c8f) || (b >= 0x1d00 && b <= 0x1fff) ||
	       (b >= 0x2c60 && b <= 0x2c7f) || (b >= 0x2de0 && b <= 0x2dff) ||
	       (b >= 0xa640 && b <= 0xa69f) || (b >= 0xa720 && b <= 0xa7ff) ||
	       (b >= 0xab30 && b <= 0xab6f);
}

/* Cyrillic letters written with a mark that are letters of their own, not accented forms:
 * й (Russian), ў (Belarusian), ї (Ukrainian). ё is deliberately folded to е, as Russian
 * search does: most people type е. */
static bool mark_is_letter(int32_t base, int32_t mark)
{
	return (base == 0x0438 && mark == 0x0306) || (base == 0x0443 && mark == 0x0306) ||
	       (base == 0x0456 && mark == 0x0308);
}

/* Letters with a stroke have no decomposition, yet people type them without it: Vietnamese
 * "đ" as "d" above all. Applied after casefolding, so only lowercase forms appear. */
static int32_t fold_stroke(int32_t cp)
{
	switch (cp) {
	case 0x0111: /* đ */
		return 'd';
	case 0x0142: /* ł */
		return 'l';
	case 0x00f8: /* ø */
		return 'o';
	case 0x0127: /* ħ */
		return 'h';
	case 0x0167: /* ŧ */
		return 't';
	case 0x0131: /* ı */
		return 'i';
	default:
		return cp;
	}
}

static void fold_put(struct fold *f, int32_t cp)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t k;

	if (f->full)
		return;
	if (cp == ' ') {
		if (f->len == 0 || f->space)
			return;
		if (f->len == f->cap) {
			f->full = true;
			return;
		}
		f->out[f->len++] = ' ';
		f->space = true;
		return;
	}
	k = utf8proc_encode_char(cp, enc);
	if (k <= 0)
		return;
	if ((size_t)k > f->cap - f->len) {
		f->full = true;
		return;
	}
	memcpy(f->out + f->len, enc, (size_t)k);
	f->len += (size_t)k;
	f->space = false;
}

/* A code point a chunk may start with: not a mark, not reordered, not a Hangul vowel or final
 * that composes with the syllable before it. */
static bool is_starter(int32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);

	return p->combining_class == 0 && !is_mark_category(p->category) &&
	       !(cp >= 0x1160 && cp <= 0x11ff);
}

static void fold_chunk(struct fold *f, const char *s, size_t len)
{
	utf8proc_int32_t cps[CHUNK_CPS];
	utf8proc_ssize_t n, m = 0;

	n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cps, CHUNK_CPS,
	                       FOLD_DECOMPOSE);
	if (n < 0 || n > CHUNK_CPS) { /* cannot happen for valid input; read as a space */
		fold_put(f, ' ');
		return;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++) {
		int32_t cp = cps[i];

		if (fold_is_space(cp)) {
			cps[m++] = ' ';
			f->base = ' ';
		} else if (is_mark_category(utf8proc_category(cp))) {
			if (!accent_base(f->base) || mark_is_letter(f->base, cp))
				cps[m++] = cp;
		} else {
			cp = fold_stroke(cp);
			cps[m++] = cp;
			f->base = cp;
		}
	}
	m = utf8proc_normalize_utf32(cps, m, FOLD_COMPOSE);
	for (utf8proc_ssize_t i = 0; i < m; i++)
		fold_put(f, cps[i]);
}

/* The fold of code points that fold to one code point without the tables and combine with
 * nothing before them: CJK ideographs, kana, Hangul syllables, basic Cyrillic and fullwidth ASCII,
 * which is most of what Chinese, Japanese, Korean and Russian customers write. -1 for anything
 * else. Taken only when the next code point is ASCII or simple too, so a combining mark after them
 * still goes through decomposition and composition; the unit tests compare both paths over every
 * code point listed here. */
static int32_t fold_simple(int32_t cp)
{
	if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x3041 && cp <= 0x3096) ||
	    (cp >= 0x30a1 && cp <= 0x30fa) || cp == 0x30fc || cp == 0x3001 || cp == 0x3002 ||
	    (cp >= 0x0430 && cp <= 0x044f))
		return cp;
	if (cp >= 0x0410 && cp <= 0x042f)
		return cp + 0x20;
	if (cp >= 0xff01 && cp <= 0xff5e) {
		cp -= 0xfee0;
		return cp >= 'A' && cp <= 'Z' ? cp + 0x20 : cp;
	}
	if (cp == 0x3000)
		return ' ';
	return -1;
}

/* Does the code point at p (not ASCII) fold simply? */
static bool next_is_simple(const utf8proc_uint8_t *p, size_t len)
{
	utf8proc_int32_t cp;

	return utf8proc_iterate(p, (utf8proc_ssize_t)len, &cp) > 0 && fold_simple(cp) >= 0;
}

static void fold_text(struct fold *f, const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < len && !f->full) {
		unsigned char c = p[i];

		if (c < 0x80) {
			if (c <= 0x20 || c == 0x7f) {
				fold_put(f, ' ');
				f->base = ' ';
			} else {
				if (c >= 'A' && c <= 'Z')
					c = (unsigned char)(c - 'A' + 'a');
				if (f->len == f->cap) {
					f->full = true;
					break;
				}
				f->out[f->len++] = (char)c;
				f->space = false;
				f->base = c;
			}
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		int32_t simple = k > 0 ? fold_simple(cp) : -1;
		if (simple >= 0 && (i + (size_t)k == len || p[i + (size_t)k] < 0x80 ||
		                    next_is_simple(p + i + (size_t)k, len - i - (size_t)k))) {
			fold_put(f, simple);
			f->base = simple;
			i += (size_t)k;
			continue;
		}
		size_t j = i;
		while (j < len && p[j] >= 0x80) {
			k = utf8proc_iterate(p + j, (utf8proc_ssize_t)(len - j), &cp);
			if (k <= 0 || j - i + (size_t)k > CHUNK_HARD)
				break;
			if (j - i >= CHUNK_SOFT && is_starter(cp))
				break;
			j += (size_t)k;
		}
		if (j == i) { /* a malformed byte */
			fold_put(f, ' ');
			f->base = ' ';
			i++;
			continue;
		}
		fold_chunk(f, s + i, j - i);
		i = j;
	}
}

static void fold_init(struct fold *f, char *out, size_t cap)
{
	f->out = out;
	f->cap = cap;
	f->len = 0;
	f->base = ' ';
	f->space = false;
	f->full = false;
}

size_t routing_fold(const char *s, size_t len, char *out, size_t cap)
{
	struct fold f;

	fold_init(&f, out, cap);
	if (s != NULL)
		fold_text(&f, s, len);
	return f.len;
}

/* ---- word boundaries ---- */

/* Scripts written without spaces between words, where a keyword is found anywhere. */
static bool unspaced_script(int32_t cp)
{
	return (cp >= 0x0e00 && cp <= 0x0fff) || /* Thai, Lao, Tibetan */
	       (cp >= 0x1000 && cp <= 0x109f) || /* Myanmar */
	       (cp >= 0x1100 && cp <= 0x11ff) || /* Hangul jamo */
	       (cp >= 0x1780 && cp <= 0x17ff) || /* Khmer */
	       (cp >= 0x2e80 && cp <= 0xa4cf) || /* CJK radicals, kana, bopomofo, ideographs, Yi */
	       (cp >= 0xa960 && cp <= 0xa97f) || /* Hangul jamo extended-A */
	       (cp >= 0xac00 && cp <= 0xd7ff) || /* Hangul syllables, jamo extended-B */
	       (cp >= 0xf900 && cp <= 0xfaff) || /* CJK compatibility ideographs */
	       (cp >= 0xff66 && cp <= 0xffdc) || /* halfwidth kana and Hangul */
	       (cp >= 0x1b000 && cp <= 0x1b2ff) || /* kana supplements */
	       (cp >= 0x20000 && cp <= 0x3ffff);   /* CJK extensions */
}

/* A letter, digit or mark of a script written with spaces: what a word boundary separates. */
static bool spaced_word(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (unspaced_script(cp))
		return false;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return true;
	default:
		return false;
	}
}

/* The code point ending just before pos / starting at pos; a space outside the text. */
static int32_t cp_before(const char *t, size_t pos)
{
	utf8proc_int32_t cp;
	size_t b;

	if (pos == 0)
		return ' ';
	b = pos - 1;
	while (b > 0 && ((unsigned char)t[b] & 0xc0) == 0x80)
		b--;
	if (utf8proc_iterate((const utf8proc_uint8_t *)t + b, (utf8proc_ssize_t)(pos - b), &cp) <=
	    0)
		return ' ';
	return cp;
}

static int32_t cp_at(const char *t, size_t len, size_t pos)
{
	utf8proc_int32_t cp;

	if (pos >= len)
		return ' ';
	if (utf8proc_iterate((const utf8proc_uint8_t *)t + pos, (utf8proc_ssize_t)(len - pos),
	                     &cp) <= 0)
		return ' ';
	return cp;
}

/* ---- the keyword matcher ---- */

/* Aho-Corasick over bytes. The root has a full table (most bytes of a text leave the automaton
 * at the root); other states keep their few edges sorted, labels apart from targets so a lookup
 * scans a handful of bytes. States with an output, directly or through their failure chain, are
 * found through `dict` without walking the chain. Index 0 is the root for states and "none"
 * for dict and out; patterns are numbered from 1. */
struct ac_state {
	uint32_t edges; /* first edge */
	uint32_t fail;
	uint32_t out;  /* first pattern ending here, chained through ac_pattern.next */
	uint32_t dict; /* nearest state on the failure chain with an output */
	uint32_t n_edges;
};

struct ac_pattern {
	uint32_t next;
	uint16_t rule, keyword, len;
	bool bound_start, bound_end;
};

struct routing_matcher {
	uint32_t root[256];
	struct ac_state *states;
	uint8_t *labels;
	uint32_t *targets;
	struct ac_pattern *patterns;
	uint32_t n_states;
};

/* What one scan found: which rules have a keyword in the text, and the first such keyword. */
struct scan_hits {
	uint64_t rules[(ROUTING_MAX_RULES + 63) / 64];
	uint16_t keyword[ROUTING_MAX_RULES];
};

static bool hit_has(const struct scan_hits *h, size_t rule)
{
	return (h->rules[rule / 64] >> (rule % 64)) & 1;
}

/* Build-time trie: children as sorted sibling lists. */
struct trie {
	uint32_t *child, *sibling, *fail, *out, *dict;
	uint8_t *label;
	uint32_t n;
};

static uint32_t trie_child(const struct trie *t, uint32_t s, uint8_t c)
{
	for (uint32_t k = t->child[s]; k != 0 && t->label[k] <= c; k = t->sibling[k])
		if (t->label[k] == c)
			return k;
	return 0;
}

static uint32_t trie_insert(struct trie *t, const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	for (size_t i = 0; i < len; i++) {
		uint32_t *link = &t->child[s];
		while (*link != 0 && t->label[*link] < p[i])
			link = &t->sibling[*link];
		if (*link == 0 || t->label[*link] != p[i]) {
			uint32_t k = t->n++;
			t->label[k] = p[i];
			t->sibling[k] = *link;
			*link = k;
		}
		s = *link;
	}
	return s;
}

static void trie_free(struct trie *t)
{
	free(t->child);
	free(t->sibling);
	free(t->fail);
	free(t->out);
	free(t->dict);
	free(t->label);
}

static struct routing_matcher *matcher_build(struct routing_set *s)
{
	struct routing_matcher *m = arena_alloc(s->arena, sizeof *m);
	struct trie t = {0};
	size_t max_states = 1, n_patterns = 0, qh = 0, qt = 0;
	uint32_t *queue, p = 1, e = 0;

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < s->rules[i].n_keywords; k++) {
			max_states += s->rules[i].keywords[k].folded_len;
			n_patterns++;
		}
	t.child = xcalloc(max_states, sizeof *t.child);
	t.sibling = xcalloc(max_states, sizeof *t.sibling);
	t.fail = xcalloc(max_states, sizeof *t.fail);
	t.out = xcalloc(max_states, sizeof *t.out);
	t.dict = xcalloc(max_states, sizeof *t.dict);
	t.label = xcalloc(max_states, 1);
	t.n = 1;
	m->patterns = arena_alloc(s->arena, (n_patterns + 1) * sizeof *m->patterns);
	for (size_t i = 0; i < s->n; i++) {
		const struct routing_rule *r = &s->rules[i];
		for (size_t k = 0; k < r->n_keywords; k++, p++) {
			const struct routing_keyword *kw = &r->keywords[k];
			uint32_t end = trie_insert(&t, (const uint8_t *)kw->folded, kw->folded_len);
			struct ac_pattern *pat = &m->patterns[p];
			pat->rule = (uint16_t)i;
			pat->keyword = (uint16_t)k;
			pat->len = kw->folded_len;
			pat->bound_start = kw->bound_start;
			pat->bound_end = kw->bound_end;
			pat->next = t.out[end];
			t.out[end] = p;
		}
	}
	/* Failure links breadth first: a state's link is known before its children need it. */
	queue = xcalloc(t.n, sizeof *queue);
	for (uint32_t k = t.child[0]; k != 0; k = t.sibling[k])
		queue[qt++] = k;
	while (qh < qt) {
		uint32_t u = queue[qh++];
		for (uint32_t v = t.child[u]; v != 0; v = t.sibling[v]) {
			uint32_t f = t.fail[u], w;
			for (;;) {
				w = trie_child(&t, f, t.label[v]);
				if (w != 0 || f == 0)
					break;
				f = t.fail[f];
			}
			t.fail[v] = w;
			t.dict[v] = t.out[w] != 0 ? w : t.dict[w];
			queue[qt++] = v;
		}
	}
	free(queue);
	m->n_states = t.n;
	m->states = arena_alloc(s->arena, t.n * sizeof *m->states);
	m->labels = arena_alloc(s->arena, t.n);
	m->targets = arena_alloc(s->arena, t.n * sizeof *m->targets);
	for (uint32_t u = 0; u < t.n; u++) {
		struct ac_state *st = &m->states[u];
		st->edges = e;
		st->fail = t.fail[u];
		st->out = t.out[u];
		st->dict = t.dict[u];
		for (uint32_t v = t.child[u]; v != 0; v = t.sibling[v]) {
			m->labels[e] = t.label[v];
			m->targets[e++] = v;
			if (u == 0)
				m->root[t.label[v]] = v;
		}
		st->n_edges = e - st->edges;
	}
	trie_free(&t);
	return m;
}

static void matcher_report(const struct routing_matcher *m, uint32_t s, const char *t, size_t len,
                           size_t end, struct scan_hits *h)
{
	uint32_t u = m->states[s].out != 0 ? s : m->states[s].dict;

	for (; u != 0; u = m->states[u].dict) {
		for (uint32_t p = m->states[u].out; p != 0; p = m->patterns[p].next) {
			const struct ac_pattern *pat = &m->patterns[p];
			size_t start = end - pat->len;

			if (hit_has(h, pat->rule))
				continue;
			if (pat->bound_start && spaced_word(cp_before(t, start)))
				continue;
			if (pat->bound_end && spaced_word(cp_at(t, len, end)))
				continue;
			h->rules[pat->rule / 64] |= (uint64_t)1 << (pat->rule % 64);
			h->keyword[pat->rule] = pat->keyword;
		}
	}
}

static void matcher_scan(const struct routing_matcher *m, const char *t, size_t len,
                         struct scan_hits *h)
{
	uint32_t s = 0;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)t[i];
		const struct ac_state *st;

		for (;;) {
			if (s == 0) {
				s = m->root[c];
				break;
			}
			st = &m->states[s];
			uint32_t e = st->edges, end = e + st->n_edges;
			while (e < end && m->labels[e] < c)
				e++;
			if (e < end && m->labels[e] == c) {
				s = m->targets[e];
				break;
			}
			s = st->fail;
		}
		st = &m->states[s];
		if ((st->out | st->dict) != 0)
			matcher_report(m, s, t, len, i + 1, h);
	}
}

/* ---- errors ---- */

/* The limits are spelled from their macros so a message never disagrees with the check. */
/* clang-format off */
static const struct {
	const char *message, *field;
} errors[ROUTING_ERR_COUNT] = {
	[ROUTING_OK] = {"ok", NULL},
	[ROUTING_ERR_TOO_MANY_RULES] =
		{"a desk has at most " STR(ROUTING_MAX_RULES) " routing rules", NULL},
	[ROUTING_ERR_COMPILED] =
		{"the rule set is in use and can no longer be changed", NULL},
	[ROUTING_ERR_NAME] =
		{"a rule name is 1.." STR(ROUTING_MAX_NAME) " bytes of text without control characters",
		 "name"},
	[ROUTING_ERR_GROUP] =
		{"group_id must be the id of a group (a positive integer)", "actions.group_id"},
	[ROUTING_ERR_CHANNEL] =
		{"a channel is one of email, chat, web, api, phone, telegram", "conditions.channels"},
	[ROUTING_ERR_TOO_MANY_CATEGORIES] =
		{"a rule lists at most " STR(ROUTING_MAX_CATEGORIES) " categories",
		 "conditions.categories"},
	[ROUTING_ERR_CATEGORY] =
		{"a category is a slug of 1..40 characters a-z, 0-9 and _", "conditions.categories"},
	[ROUTING_ERR_TOO_MANY_LANGUAGES] =
		{"a rule lists at most " STR(ROUTING_MAX_LANGUAGES) " languages",
		 "conditions.languages"},
	[ROUTING_ERR_LANGUAGE] =
		{"a language is a BCP 47 tag such as en, zh-CN or es-419", "conditions.languages"},
	[ROUTING_ERR_VIP_RANGE] =
		{"vip_tier is a range min..max with 0 <= min <= max <= " STR(ROUTING_VIP_MAX),
		 "conditions.vip_tier"},
	[ROUTING_ERR_TOO_MANY_KEYWORDS] =
		{"a rule lists at most " STR(ROUTING_MAX_KEYWORDS) " keywords", "conditions.keywords"},
	[ROUTING_ERR_KEYWORD_LENGTH] =
		{"a keyword is 1.." STR(ROUTING_MAX_KEYWORD) " bytes long", "conditions.keywords"},
	[ROUTING_ERR_KEYWORD] =
		{"a keyword is text without control characters, not only spaces or '*', with '*' only "
		 "as its first or last character", "conditions.keywords"},
	[ROUTING_ERR_TOO_MANY_DOMAINS] =
		{"a rule lists at most " STR(ROUTING_MAX_DOMAINS) " requester domains",
		 "conditions.requester_domains"},
	[ROUTING_ERR_DOMAIN] =
		{"a requester domain is a domain name such as example.com, without '@' or a scheme",
		 "conditions.requester_domains"},
	[ROUTING_ERR_PRIORITY] =
		{"priority is one of low, normal, high, urgent", "actions.priority"},
	[ROUTING_ERR_TOO_MANY_TAGS] =
		{"a rule adds at most " STR(ROUTING_MAX_TAGS) " tags", "actions.tags"},
	[ROUTING_ERR_TAG] =
		{"a tag is up to " STR(MAX_TAG) " bytes of letters, digits, spaces, '_', '-', ':' and '.'",
		 "actions.tags"},
	[ROUTING_ERR_ESCALATE_TARGET] =
		{"an escalating rule must send tickets to an L2 or expert group", "actions.escalate"},
};
/* clang-format on */

const char *routing_strerror(enum routing_err e)
{
	return (unsigned)e < ROUTING_ERR_COUNT ? errors[e].message : "unknown routing error";
}

const char *routing_err_field(enum routing_err e)
{
	return (unsigned)e < ROUTING_ERR_COUNT ? errors[e].field : NULL;
}

/* ---- rules ---- */

/* Valid UTF-8 with no C0 or C1 control character (tab and newline included: names and keywords
 * are one line). */
static bool plain_text(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return false;
		i += (size_t)k;
	}
	return true;
}

/* Growable lists take their maximum when first used: rules are few and short-lived in number,
 * and no setter ever reallocates. */
static void *list_alloc(struct routing_rule *r, void *list, size_t max, size_t size)
{
	return list != NULL ? list : arena_alloc(r->arena, max * size);
}

void routing_set_init(struct routing_set *s, struct arena *a, int64_t default_group_id)
{
	s->arena = a;
	s->rules = NULL;
	s->n = 0;
	s->default_group_id = default_group_id;
	s->matcher = NULL;
}

enum routing_err routing_set_add(struct routing_set *s, int64_t id, const char *name,
                                 size_t name_len, int64_t group_id, struct routing_rule **out)
{
	struct routing_rule *r;

	if (s->matcher != NULL)
		return ROUTING_ERR_COMPILED;
	if (s->n == ROUTING_MAX_RULES)
		return ROUTING_ERR_TOO_MANY_RULES;
	if (group_id <= 0)
		return ROUTING_ERR_GROUP;
	if (name != NULL && name_len > 0) {
		size_t trimmed = name_len;
		utf8_trim(name, &trimmed);
		if (name_len > ROUTING_MAX_NAME || trimmed == 0 || !plain_text(name, name_len))
			return ROUTING_ERR_NAME;
	}
	if (s->rules == NULL)
		s->rules = arena_alloc(s->arena, ROUTING_MAX_RULES * sizeof *s->rules);
	r = &s->rules[s->n++];
	memset(r, 0, sizeof *r);
	r->arena = s->arena;
	r->id = id;
	r->name = name != NULL && name_len > 0 ? arena_strndup(s->arena, name, name_len) : NULL;
	r->group_id = group_id;
	r->prio_mode = ROUTING_PRIO_KEEP;
	r->priority = PRIO_NORMAL;
	*out = r;
	return ROUTING_OK;
}

/* Copy a short token so the NUL-terminated parsers of ticket.h can read it. */
static bool token_copy(const char *s, size_t len, char *buf, size_t cap)
{
	if (s == NULL || len == 0 || len >= cap || memchr(s, '\0', len) != NULL)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

static bool list_has(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

enum routing_err routing_rule_add_channel(struct routing_rule *r, const char *name, size_t len)
{
	char buf[16];
	enum ticket_channel ch;

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (!token_copy(name, len, buf, sizeof buf) || !ticket_channel_parse(buf, &ch))
		return ROUTING_ERR_CHANNEL;
	r->channels |= 1u << ch;
	return ROUTING_OK;
}

enum routing_err routing_rule_add_category(struct routing_rule *r, const char *slug, size_t len)
{
	char buf[48];

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (!validate_slug(slug, len) || !token_copy(slug, len, buf, sizeof buf))
		return ROUTING_ERR_CATEGORY;
	if (list_has(r->categories, r->n_categories, buf))
		return ROUTING_OK;
	if (r->n_categories == ROUTING_MAX_CATEGORIES)
		return ROUTING_ERR_TOO_MANY_CATEGORIES;
	r->categories = list_alloc(r, r->categories, ROUTING_MAX_CATEGORIES, sizeof(char *));
	r->categories[r->n_categories++] = arena_strdup(r->arena, buf);
	return ROUTING_OK;
}

enum routing_err routing_rule_add_language(struct routing_rule *r, const char *tag, size_t len)
{
	char buf[MAX_LANGUAGE + 1];

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (!validate_language(tag, len, buf))
		return ROUTING_ERR_LANGUAGE;
	if (list_has(r->languages, r->n_languages, buf))
		return ROUTING_OK;
	if (r->n_languages == ROUTING_MAX_LANGUAGES)
		return ROUTING_ERR_TOO_MANY_LANGUAGES;
	r->languages = list_alloc(r, r->languages, ROUTING_MAX_LANGUAGES, sizeof(char *));
	r->languages[r->n_languages++] = arena_strdup(r->arena, buf);
	return ROUTING_OK;
}

enum routing_err routing_rule_set_vip(struct routing_rule *r, int min, int max)
{
	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (min < 0 || max > ROUTING_VIP_MAX || min > max)
		return ROUTING_ERR_VIP_RANGE;
	r->has_vip = true;
	r->vip_min = (uint8_t)min;
	r->vip_max = (uint8_t)max;
	return ROUTING_OK;
}

enum routing_err routing_rule_add_keyword(struct routing_rule *r, const char *kw, size_t len)
{
	char folded[KEYWORD_FOLDED_MAX];
	const char *p = kw;
	size_t n = len, flen;
	bool star_start = false, star_end = false;
	struct routing_keyword *k;
	struct fold f;

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (kw == NULL || len == 0 || len > ROUTING_MAX_KEYWORD)
		return ROUTING_ERR_KEYWORD_LENGTH;
	if (!plain_text(kw, len))
		return ROUTING_ERR_KEYWORD;
	p = utf8_trim(p, &n);
	if (n > 0 && p[0] == '*') {
		star_start = true;
		p++;
		n--;
	}
	if (n > 0 && p[n - 1] == '*') {
		star_end = true;
		n--;
	}
	if (memchr(p, '*', n) != NULL)
		return ROUTING_ERR_KEYWORD;
	fold_init(&f, folded, sizeof folded);
	fold_text(&f, p, n);
	if (f.full)
		return ROUTING_ERR_KEYWORD_LENGTH;
	flen = f.len;
	if (flen > 0 && folded[flen - 1] == ' ')
		flen--;
	if (flen == 0)
		return ROUTING_ERR_KEYWORD;
	for (size_t i = 0; i < r->n_keywords; i++) {
		k = &r->keywords[i];
		if (k->folded_len == flen && memcmp(k->folded, folded, flen) == 0 &&
		    k->bound_start == !star_start && k->bound_end == !star_end)
			return ROUTING_OK;
	}
	if (r->n_keywords == ROUTING_MAX_KEYWORDS)
		return ROUTING_ERR_TOO_MANY_KEYWORDS;
	r->keywords = list_alloc(r, r->keywords, ROUTING_MAX_KEYWORDS, sizeof *r->keywords);
	k = &r->keywords[r->n_keywords++];
	k->text = arena_strndup(r->arena, kw, len);
	k->folded = arena_strndup(r->arena, folded, flen);
	k->folded_len = (uint16_t)flen;
	/* A boundary is only asked for where the keyword itself begins or ends with a letter or
	 * digit of a spaced script: "冻结" and "#1" have none to respect. */
	k->bound_start = !star_start && spaced_word(cp_at(folded, flen, 0));
	k->bound_end = !star_end && spaced_word(cp_before(folded, flen));
	return ROUTING_OK;
}

/* Lowercase a domain into out (ASCII fast, other scripts by utf8proc); 0 if malformed or too
 * long for out. */
static size_t domain_lower(const char *s, size_t len, char *out, size_t cap)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0, o = 0;

	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k;

		if (p[i] < 0x80) {
			if (o == cap)
				return 0;
			out[o++] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
			i++;
			continue;
		}
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
		k = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		if (k <= 0 || (size_t)k > cap - o)
			return 0;
		memcpy(out + o, enc, (size_t)k);
		o += (size_t)k;
	}
	return o;
}

enum routing_err routing_rule_add_domain(struct routing_rule *r, const char *domain, size_t len)
{
	char addr[2 + MAX_EMAIL + 1], lower[2 * MAX_EMAIL];
	size_t n;

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	/* The address check knows what a domain is; "x@" borrows it. */
	if (domain == NULL || len == 0 || len > MAX_EMAIL - 2)
		return ROUTING_ERR_DOMAIN;
	memcpy(addr, "x@", 2);
	memcpy(addr + 2, domain, len);
	if (!validate_email(addr, len + 2))
		return ROUTING_ERR_DOMAIN;
	n = domain_lower(domain, len, lower, sizeof lower - 1);
	if (n == 0)
		return ROUTING_ERR_DOMAIN;
	lower[n] = '\0';
	if (list_has(r->domains, r->n_domains, lower))
		return ROUTING_OK;
	if (r->n_domains == ROUTING_MAX_DOMAINS)
		return ROUTING_ERR_TOO_MANY_DOMAINS;
	r->domains = list_alloc(r, r->domains, ROUTING_MAX_DOMAINS, sizeof(char *));
	r->domains[r->n_domains++] = arena_strndup(r->arena, lower, n);
	return ROUTING_OK;
}

enum routing_err routing_rule_set_priority(struct routing_rule *r, enum routing_prio_mode mode,
                                           const char *priority, size_t len)
{
	char buf[16];
	enum ticket_priority p;

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (mode == ROUTING_PRIO_KEEP) {
		r->prio_mode = ROUTING_PRIO_KEEP;
		return ROUTING_OK;
	}
	if ((mode != ROUTING_PRIO_SET && mode != ROUTING_PRIO_RAISE) ||
	    !token_copy(priority, len, buf, sizeof buf) || !ticket_priority_parse(buf, &p))
		return ROUTING_ERR_PRIORITY;
	r->prio_mode = mode;
	r->priority = p;
	return ROUTING_OK;
}

enum routing_err routing_rule_add_tag(struct routing_rule *r, const char *tag, size_t len)
{
	char buf[MAX_TAG + 1];

	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	if (tag == NULL || !validate_tag_normalize(tag, len, buf))
		return ROUTING_ERR_TAG;
	if (list_has(r->tags, r->n_tags, buf))
		return ROUTING_OK;
	if (r->n_tags == ROUTING_MAX_TAGS)
		return ROUTING_ERR_TOO_MANY_TAGS;
	r->tags = list_alloc(r, (void *)r->tags, ROUTING_MAX_TAGS, sizeof(char *));
	r->tags[r->n_tags++] = arena_strdup(r->arena, buf);
	return ROUTING_OK;
}

enum routing_err routing_rule_set_escalate(struct routing_rule *r, bool escalate)
{
	if (r->sealed)
		return ROUTING_ERR_COMPILED;
	r->escalate = escalate;
	return ROUTING_OK;
}

enum routing_err routing_rule_check_target(const struct routing_rule *r, const char *group_tier)
{
	enum tier t;

	if (!r->escalate)
		return ROUTING_OK;
	if (group_tier == NULL || !tier_parse(group_tier, &t) || t == TIER_L1)
		return ROUTING_ERR_ESCALATE_TARGET;
	return ROUTING_OK;
}

enum routing_err routing_set_compile(struct routing_set *s)
{
	if (s->matcher != NULL)
		return ROUTING_OK;
	for (size_t i = 0; i < s->n; i++)
		s->rules[i].sealed = true;
	s->matcher = matcher_build(s);
	return ROUTING_OK;
}

/* ---- matching ---- */

/* What one decision has worked out so far: the requester's domain and the folded text are
 * computed the first time a rule needs them, and shared by the rules after. */
struct match_ctx {
	const struct routing_input *in;
	bool have_domain, scanned;
	size_t domain_len;
	char domain[2 * MAX_EMAIL];
	struct scan_hits hits;
	char text[ROUTING_SCAN_MAX];
};

static bool language_matches(const char *rule, const char *tag, size_t len)
{
	size_t rl = strlen(rule);

	return len >= rl && strncasecmp(tag, rule, rl) == 0 && (len == rl || tag[rl] == '-');
}

static bool domain_matches(const char *rule, const char *dom, size_t len)
{
	size_t rl = strlen(rule);

	if (len < rl || memcmp(dom + len - rl, rule, rl) != 0)
		return false;
	return len == rl || dom[len - rl - 1] == '.';
}

static void ctx_domain(struct match_ctx *c)
{
	const struct routing_input *in = c->in;
	const char *at;

	c->have_domain = true;
	c->domain_len = 0;
	if (in->requester_email == NULL || in->requester_email_len == 0 ||
	    in->requester_email_len > MAX_EMAIL)
		return;
	at = memrchr(in->requester_email, '@', in->requester_email_len);
	if (at == NULL)
		return;
	at++;
	c->domain_len =
	    domain_lower(at, in->requester_email_len - (size_t)(at - in->requester_email),
	                 c->domain, sizeof c->domain);
}

static void ctx_scan(const struct routing_set *s, struct match_ctx *c)
{
	const struct routing_input *in = c->in;
	struct fold f;

	c->scanned = true;
	memset(c->hits.rules, 0, sizeof c->hits.rules);
	if (s->matcher == NULL)
		return;
	fold_init(&f, c->text, sizeof c->text);
	if (in->subject != NULL)
		fold_text(&f, in->subject, in->subject_len);
	/* A line break no keyword can contain keeps a keyword from straddling subject and body. */
	if (f.len > 0 && f.len < f.cap) {
		f.out[f.len++] = '\n';
		f.space = true;
		f.base = ' ';
	}
	if (in->body != NULL)
		fold_text(&f, in->body, in->body_len);
	matcher_scan(s->matcher, f.out, f.len, &c->hits);
}

/* Every condition except keywords, cheapest first. */
static bool rule_meets(const struct routing_rule *r, struct match_ctx *c)
{
	const struct routing_input *in = c->in;
	bool ok;

	if (r->channels != 0 &&
	    ((unsigned)in->channel >= CHANNEL_COUNT || !(r->channels & (1u << in->channel))))
		return false;
	if (r->has_vip && (in->vip_tier < r->vip_min || in->vip_tier > r->vip_max))
		return false;
	if (r->n_categories > 0) {
		ok = false;
		for (size_t i = 0; i < r->n_categories && !ok && in->category != NULL; i++)
			ok = strlen(r->categories[i]) == in->category_len &&
			     memcmp(r->categories[i], in->category, in->category_len) == 0;
		if (!ok)
			return false;
	}
	if (r->n_languages > 0) {
		ok = false;
		for (size_t i = 0; i < r->n_languages && !ok && in->language != NULL; i++)
			ok = language_matches(r->languages[i], in->language, in->language_len);
		if (!ok)
			return false;
	}
	if (r->n_domains > 0) {
		if (!c->have_domain)
			ctx_domain(c);
		ok = false;
		for (size_t i = 0; i < r->n_domains && !ok && c->domain_len > 0; i++)
			ok = domain_matches(r->domains[i], c->domain, c->domain_len);
		if (!ok)
			return false;
	}
	return true;
}

int routing_match(const struct routing_set *s, const struct routing_input *in,
                  struct routing_result *out)
{
	struct match_ctx c;

	c.in = in;
	c.have_domain = false;
	c.scanned = false;
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < s->n; i++) {
		const struct routing_rule *r = &s->rules[i];

		if (!rule_meets(r, &c))
			continue;
		if (r->n_keywords > 0) {
			if (!c.scanned)
				ctx_scan(s, &c);
			if (!hit_has(&c.hits, i))
				continue;
			out->keyword = r->keywords[c.hits.keyword[i]].text;
		}
		out->rule = (int)i;
		out->rule_id = r->id;
		out->group_id = r->group_id;
		out->priority = in->priority;
		if (r->prio_mode == ROUTING_PRIO_SET ||
		    (r->prio_mode == ROUTING_PRIO_RAISE && r->priority > in->priority))
			out->priority = r->priority;
		out->escalated = r->escalate;
		out->tags = r->tags;
		out->n_tags = r->n_tags;
		return out->rule;
	}
	out->rule = -1;
	out->group_id = s->default_group_id;
	out->priority = in->priority;
	return -1;
}
