/* kb_suggest.c — GET /api/v1/tickets/{id}/kb_suggestions: knowledge-base articles for the
 * ticket an agent has open, found from what the customer wrote.
 *
 * The query is made here, not typed by anyone: the ticket's subject and its newest customer
 * messages (never internal notes or replies), at most SUGGEST_TEXT_MAX bytes, cut into index
 * terms by the desk's one tokenizer. From those, the SUGGEST_TERMS most telling ones are ORed:
 *  - single characters, numbers, hiragana-only bigrams and CJK bigrams holding a function
 *    character or particle (是我, 金が) are never terms;
 *  - function words go by a small stop list (English, plus the ticket's language): the index
 *    holds every locale, so its document frequencies cannot tell "the" (in every English
 *    article, a ninth of the knowledge base) from "2fa" (in the security articles of all nine
 *    locales);
 *  - a term no translation holds is dropped (it cannot match: amounts, hashes, names, and the
 *    bigrams that straddle two CJK words), and so is one in half the translations or more, once
 *    there are enough translations to say so;
 *  - the rest are ranked by (1 + ln tf) * idf, the subject's terms counting twice, with idf as
 *    FTS5's BM25 computes it from kb_fts_vocab (docs/internals/search.md "Suggestions for a
 *    ticket").
 * Each term goes into the MATCH expression as search_query_build() writes it typed alone, and
 * the terms are joined by OR; the one FTS query ranks by BM25 (title 5:1), the ticket's
 * language first, else each article's default locale. Snippets and titles come back as span
 * arrays, never markup. */
#include "api/kb.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "core/macro.h"
#include "core/search_text.h"
#include "util/log.h"

#define SUGGEST_TEXT_MAX        4096 /* bytes of the ticket read: subject, then newest messages */
#define SUGGEST_MESSAGES        20   /* newest customer messages looked at */
#define SUGGEST_CANDIDATES      512  /* distinct terms whose frequency is looked up */
#define SUGGEST_TERMS           12   /* terms ORed into the query */
#define SUGGEST_MIN_DOCS        20   /* fewer translations than this: no term counts as common */
#define SUGGEST_LIMIT_MAX       20
#define SUGGEST_LIMIT_DEFAULT   5
#define SUGGEST_SLOTS           1024 /* hash slots for the candidates (a power of two) */
#define SUGGEST_LOCALE_FALLBACK "en" /* a ticket in none of the nine languages reads English */

/* ---- stop lists ----
 * Terms as the tokenizer writes them (case-folded, without Latin/Cyrillic marks; CJK as
 * bigrams). Only words that say nothing about what a ticket is about: greetings, thanks,
 * pronouns, auxiliaries, particles. Japanese needs few: a bigram of hiragana only is grammar
 * (です, ません, して) and is dropped by rule. Not stop words even if they look like it:
 * Turkish "para" (money), Vietnamese "ve" (về, arrive). */
static const char *const stop_en[] = {
    "the",    "an",   "and",   "or",     "but",   "if",    "of",     "to",    "in",    "on",
    "at",     "by",   "for",   "from",   "with",  "about", "as",     "into",  "is",    "are",
    "was",    "were", "be",    "been",   "being", "am",    "do",     "does",  "did",   "have",
    "has",    "had",  "me",    "my",     "mine",  "we",    "our",    "you",   "your",  "he",
    "she",    "it",   "its",   "they",   "them",  "their", "this",   "that",  "these", "those",
    "there",  "here", "what",  "which",  "who",   "when",  "where",  "why",   "how",   "can",
    "could",  "will", "would", "should", "may",   "might", "must",   "not",   "no",    "yes",
    "please", "pls",  "hi",    "hello",  "hey",   "dear",  "thanks", "thank", "thx",   "ok",
    "okay",   "just", "also",  "still",  "yet",   "so",    "very",   "too",   "than",  "then",
    "now",    "any",  "some",  "all",    "one",   "help",  "sir",    "madam", "team",  "regards",
    "best",   "get",  "got",   "im",     "ive",   "dont",  "cant",   NULL};
static const char *const stop_zh_cn[] = {
    "你好", "您好", "请问", "谢谢", "麻烦", "一下", "我的", "我们", "你们", "您的",
    "他们", "已经", "怎么", "什么", "为什", "没有", "可以", "这个", "那个", "现在",
    "还是", "但是", "因为", "所以", "如果", "就是", "不是", "是不", "一个", "的话",
    "帮我", "帮忙", "时候", "一直", "是否", "能否", "请帮", "谢您", NULL};
static const char *const stop_zh_tw[] = {
    "你好", "您好", "請問", "謝謝", "麻煩", "一下", "我的", "我們", "你們", "您的",
    "他們", "已經", "怎麼", "什麼", "為什", "沒有", "可以", "這個", "那個", "現在",
    "還是", "但是", "因為", "所以", "如果", "就是", "不是", "是不", "一個", "的話",
    "幫我", "幫忙", "時候", "一直", "是否", "能否", "請幫", "謝您", NULL};
static const char *const stop_ja[] = {"お願", "願い", "宜し", "下さ", "致し",
                                      "頂け", "頂き", "私の", "今日", NULL};
static const char *const stop_ko[] = {
    "안녕", "녕하", "하세", "세요", "감사", "사합", "합니", "니다", "습니", "있습", "없습",
    "해주", "주세", "어요", "아요", "제가", "저는", "수고", "하십", "십시", "시오", NULL};
static const char *const stop_ru[] = {
    "и",      "в",       "во",         "не",       "на",   "я",   "мой",   "моя",
    "мои",    "мое",     "мне",        "меня",     "вы",   "вас", "ваш",   "вам",
    "он",     "она",     "оно",        "они",      "что",  "это", "как",   "так",
    "но",     "а",       "или",        "у",        "к",    "с",   "со",    "по",
    "за",     "из",      "от",         "до",       "для",  "же",  "ли",    "бы",
    "был",    "была",    "было",       "были",     "есть", "нет", "да",    "здравствуйте",
    "привет", "спасибо", "пожалуйста", "помогите", "уже",  "еще", "очень", "добрый",
    "день",   NULL};
static const char *const stop_es[] = {
    "el",   "la",    "los",  "las",  "un",   "una",    "unos",   "unas",    "y",     "o",
    "pero", "de",    "del",  "al",   "en",   "con",    "por",    "para",    "que",   "se",
    "su",   "sus",   "mi",   "mis",  "me",   "te",     "tu",     "es",      "son",   "fue",
    "ser",  "estar", "esta", "este", "esto", "estoy",  "hola",   "gracias", "favor", "no",
    "si",   "ya",    "muy",  "mas",  "como", "cuando", "donde",  "ayuda",   "hay",   "lo",
    "le",   "les",   "nos",  "ha",   "he",   "han",    "buenos", "buenas",  "dias",  NULL};
static const char *const stop_vi[] = {
    "toi",   "ban",  "anh", "chi", "em",   "minh", "da",   "dang",  "chua", "co",
    "khong", "la",   "va",  "cua", "cho",  "voi",  "mot",  "nhung", "cac",  "nay",
    "do",    "thi",  "ma",  "roi", "nhe",  "oi",   "duoc", "bi",    "se",   "vay",
    "xin",   "chao", "cam", "on",  "giup", "vui",  "long", "ah",    "a",    NULL};
static const char *const stop_tr[] = {
    "ve",       "bir",    "bu",     "da",   "de",     "mi",    "mu",      "ben",
    "sen",      "biz",    "siz",    "icin", "ile",    "ama",   "cok",     "gibi",
    "daha",     "var",    "yok",    "ne",   "neden",  "nasil", "merhaba", "tesekkurler",
    "tesekkur", "lutfen", "ederim", "iyi",  "gunler", NULL};

static const struct {
	const char *locale;
	const char *const *words;
} stop_lists[] = {
    {"zh-CN", stop_zh_cn}, {"zh-TW", stop_zh_tw}, {"ja", stop_ja}, {"ko", stop_ko},
    {"ru", stop_ru},       {"es", stop_es},       {"vi", stop_vi}, {"tr", stop_tr},
};

/* Characters that make a CJK bigram grammar rather than topic: Chinese function characters
 * (的 了 是 我 ...) and Japanese particles (が を に ...), whose bigrams straddle two words
 * (是我, 金が). A bigram holding one is dropped; the bigram beside it keeps the word (冻结 in
 * 被冻结). Korean particles (이, 은, 도) are also the first syllable of many words and stay. */
static const char function_chars[] =
    "的了是我你您他她它吗嗎呢吧啊在和也都就还還但把被请請很么麼个個这這那"
    "がをにはのでともへやか";

static bool has_function_char(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0)
			return false;
		if (cp >= 0x3040 &&
		    memmem(function_chars, sizeof function_chars - 1, s + i, (size_t)k))
			return true;
		i += (size_t)k;
	}
	return false;
}

static bool in_list(const char *const *words, const char *tok, size_t len)
{
	for (; words && *words; words++)
		if (strlen(*words) == len && !memcmp(*words, tok, len))
			return true;
	return false;
}

static const char *const *stop_list_of(const char *locale)
{
	for (size_t i = 0; i < sizeof stop_lists / sizeof stop_lists[0]; i++)
		if (!strcmp(stop_lists[i].locale, locale))
			return stop_lists[i].words;
	return NULL;
}

/* ---- candidate terms ---- */

struct cand {
	const char *term; /* in the arena */
	size_t len;
	double tf; /* occurrences, weighted; < 0: a stop word, skipped */
	int64_t docs;
	double score;
};

struct collect {
	struct arena *arena;
	const char *const *stop; /* the ticket language's list (English is always checked) */
	double weight;           /* of the text being cut: the subject counts twice */
	struct cand *c;
	size_t n;
	int slot[SUGGEST_SLOTS]; /* index + 1 into c; 0 = empty */
};

/* Hiragana only (U+3040..U+309F): Japanese grammar (です, ません, して), never a topic. */
static bool hiragana_only(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || cp < 0x3040 || cp > 0x309f)
			return false;
		i += (size_t)k;
	}
	return true;
}

static size_t code_points(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Digits with '.' or ',' only: an amount or a count, which says nothing about the topic. */
static bool number_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == ','))
			return false;
	return true;
}

static uint32_t hash_of(const char *s, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static int on_token(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct collect *k = ctx;
	(void)flags, (void)start, (void)end;
	/* One character is a CJK unigram (the bigrams beside it say more) or a lone letter or
	 * digit; a Korean whole word (colocated, three syllables or more) stays: kb_fts has it. */
	size_t cps = code_points(tok, len);
	if (cps < 2 || number_only(tok, len) || hiragana_only(tok, len) ||
	    (cps == 2 && has_function_char(tok, len)))
		return 0;
	uint32_t h = hash_of(tok, len) & (SUGGEST_SLOTS - 1);
	while (k->slot[h]) {
		struct cand *c = &k->c[k->slot[h] - 1];
		if (c->len == len && !memcmp(c->term, tok, len)) {
			if (c->tf >= 0)
				c->tf += k->weight;
			return 0;
		}
		h = (h + 1) & (SUGGEST_SLOTS - 1);
	}
	if (k->n == SUGGEST_CANDIDATES) /* the text's first terms are the subject and newest */
		return 0;
	struct cand *c = &k->c[k->n];
	c->term = arena_strndup(k->arena, tok, len);
	c->len = len;
	c->tf = in_list(stop_en, tok, len) || in_list(k->stop, tok, len) ? -1 : k->weight;
	k->slot[h] = (int)++k->n;
	return 0;
}

static int by_score(const void *x, const void *y)
{
	const struct cand *a = *(const struct cand *const *)x, *b = *(const struct cand *const *)y;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	return a < b ? -1 : a > b; /* first seen first: subject, then the newest message */
}

/* The terms to ask for, best first, into *out (at most SUGGEST_TERMS); false on a store
 * error. */
static bool pick_terms(struct request *r, struct db *db, const struct ticket_row *t,
                       const char *locale, struct cand ***out, size_t *n_out)
{
	struct collect *k = arena_alloc(&r->arena, sizeof *k);
	k->arena = &r->arena;
	k->stop = stop_list_of(locale);
	k->c = arena_alloc(&r->arena, SUGGEST_CANDIDATES * sizeof *k->c);
	*out = NULL;
	*n_out = 0;

	size_t left = SUGGEST_TEXT_MAX, len = strlen(t->subject);
	k->weight = 2;
	search_tokenize(t->subject, len < left ? len : left, SEARCH_DOCUMENT, on_token, k);
	left -= len < left ? len : left;
	struct kb_text *texts;
	size_t n_texts =
	    left ? store_kb_suggest_texts(db, &r->arena, t->id, SUGGEST_MESSAGES, left, &texts) : 0;
	k->weight = 1;
	for (size_t i = 0; i < n_texts && left; i++) {
		size_t take = texts[i].len < left ? texts[i].len : left;
		search_tokenize(texts[i].p, take, SEARCH_DOCUMENT, on_token, k);
		left -= take;
	}

	json_t *arr = json_array();
	for (size_t i = 0; i < k->n; i++) { /* position i is candidate i, whatever it holds */
		json_t *term = json_stringn(k->c[i].term, k->c[i].len);
		json_array_append_new(arr, term ? term : json_string(""));
	}
	char *terms_json = json_dumps(arr, JSON_COMPACT);
	json_decref(arr);
	int64_t *docs = arena_alloc(&r->arena, (k->n + 1) * sizeof *docs), total = 0;
	bool ok = terms_json && store_kb_term_docs(db, terms_json, k->n, docs, &total);
	free(terms_json);
	if (!ok)
		return false;

	struct cand **keep = arena_alloc(&r->arena, (k->n + 1) * sizeof *keep);
	size_t n = 0;
	for (size_t i = 0; i < k->n; i++) {
		struct cand *c = &k->c[i];
		c->docs = docs[i];
		if (c->tf < 0 || c->docs == 0)
			continue;
		/* BM25's idf, as FTS5 computes it: <= 0 for a term in half the translations or
		 * more. On a small knowledge base that says nothing yet: keep it, ranked last. */
		double idf = log(((double)total - (double)c->docs + 0.5) / ((double)c->docs + 0.5));
		if (idf <= 0 && total >= SUGGEST_MIN_DOCS)
			continue;
		c->score = (1 + log(c->tf)) * (idf > 1e-3 ? idf : 1e-3);
		keep[n++] = c;
	}
	qsort(keep, n, sizeof *keep, by_score);
	*out = keep;
	*n_out = n < SUGGEST_TERMS ? n : SUGGEST_TERMS;
	return true;
}

/* `"t1" OR "t2" ...`: each term written by search_query_build() as if typed alone, so it is
 * quoted and escaped as every MATCH expression is, and a CJK bigram becomes the phrase of the
 * bigram and its last character ("充值 值"), which highlights both characters as a search does.
 * A term that would not build is left out (none does: they come from the same tokenizer), and
 * *n is how many are in; NULL when none is. */
static char *match_of(struct arena *a, struct cand **terms, size_t *n)
{
	char *one = arena_alloc(a, SEARCH_MATCH_MAX), *built[SUGGEST_TERMS];
	size_t lens[SUGGEST_TERMS], k = 0, total = 1;
	for (size_t i = 0; i < *n && k < SUGGEST_TERMS; i++) {
		if (search_query_build(terms[i]->term, terms[i]->len, one, SEARCH_MATCH_MAX,
		                       &lens[k], NULL) != SEARCH_OK)
			continue;
		terms[k] = terms[i];
		built[k] = arena_strndup(a, one, lens[k]);
		total += lens[k++] + 4;
	}
	*n = k;
	if (!k)
		return NULL;
	char *out = arena_alloc(a, total), *p = out;
	for (size_t i = 0; i < k; i++) {
		if (i) {
			memcpy(p, " OR ", 4);
			p += 4;
		}
		memcpy(p, built[i], lens[i]);
		p += lens[i];
	}
	*p = '\0';
	return out;
}

void h_kb_suggest(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	int limit;
	if (!ticket_load_visible(r, db, r->params[0], &t) ||
	    !kb_query_limit(r, SUGGEST_LIMIT_MAX, SUGGEST_LIMIT_DEFAULT, &limit))
		return;
	/* The help-center locale the customer reads; the URL keeps it even when an article is
	 * shown in its default locale, so the page around it speaks the customer's language. */
	const char *want = macro_locale_of(t.language);
	const char *locale = want ? want : SUGGEST_LOCALE_FALLBACK;

	struct cand **terms;
	size_t n_terms;
	struct kb_hit *hits = NULL;
	size_t n = 0;
	const char *match = NULL;
	if (!pick_terms(r, db, &t, locale, &terms, &n_terms))
		goto fail;
	if (n_terms && (match = match_of(&r->arena, terms, &n_terms)) &&
	    !store_kb_suggest(db, &r->arena, match, locale, limit, &hits, &n))
		goto fail;

	json_t *list = json_array(), *used = json_array();
	for (size_t i = 0; i < n_terms; i++)
		json_array_append_new(used, json_stringn(terms[i]->term, terms[i]->len));
	for (size_t i = 0; i < n; i++) {
		const struct kb_hit *h = &hits[i];
		bool published =
		    !strcmp(h->status, "published") && !strcmp(h->article_status, "published");
		json_t *url = published
		                  ? json_string(arena_printf(&r->arena, "/help/%s/articles/%lld",
		                                             want ? want : h->locale,
		                                             (long long)h->article_id))
		                  : json_null();
		const char *slug = kb_category_slug(db, &r->arena, h->category_id);
		json_array_append_new(
		    list, json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:f, s:o, s:o}", "id",
		                    (json_int_t)h->article_id, "title", h->title, "locale",
		                    h->locale, "status", published ? "published" : "draft", "url",
		                    url, "snippet", kb_marks_text(h->snippet), "title_highlights",
		                    kb_marks_spans(h->title_marked), "snippet_highlights",
		                    kb_marks_spans(h->snippet), "score", h->score, "category",
		                    slug ? json_string(slug) : json_null(), "updated_at",
		                    json_time(h->updated_at)));
	}
	http_json(
	    r, 200,
	    json_pack("{s:s, s:o, s:o}", "locale", locale, "terms", used, "suggestions", list));
	return;
fail:
	log_event(LOG_ERROR, "kb_suggest_failed", "ticket=%lld match=\"%.200s\" error=\"%s\"",
	          (long long)t.id, match ? match : "", db_errmsg(db));
	http_error(r, 500, "internal", "the suggestions could not be made", NULL);
}
