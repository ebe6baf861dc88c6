/* test_search_text.c — the search tokenizer and query builder (src/core/search_text.h), one line
 * per case so a failure names the text that was cut wrongly.
 *
 * What is asserted is what a user of the search box would check: for each script, the terms an
 * article is indexed under and the exact bytes each term covers (snippets highlight those
 * bytes); that spellings a customer may type (no accents, any case, half-width, decomposed)
 * give the same terms and that distinctions that matter (Traditional vs Simplified, й, voiced
 * kana) stay; that nothing a user types reaches FTS5 as syntax; the limits; invalid UTF-8. */
#include "core/search_text.h"

#include <stdbool.h>
#include <stdint.h>

#include <utf8proc.h>

#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ------------------------------------------------------------------ rendering */

/* Tokens as "term@start-end", colocated ones with a leading '+', separated by spaces; the
 * invariants every token must keep are checked on the way. */
struct rend {
	const char *text;
	size_t len;
	char out[16384];
	size_t n;
	enum search_mode mode;
	int count;
	size_t last_start, last_end;
	const char *bad;
};

static int rend_cb(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct rend *r = ctx;
	int k;

	if (!(start <= end && end <= r->len))
		r->bad = "offsets outside the text";
	else if (start == end && (r->count == 0 || start != r->last_end))
		r->bad = "empty token not right after the one before";
	else if (!(flags & SEARCH_TOKEN_COLOCATED) && r->mode == SEARCH_DOCUMENT &&
	         start < r->last_end)
		r->bad = "document positions overlap";
	else if (r->count > 0 && start < r->last_start)
		r->bad = "offsets not in order";
	else if (r->count == 0 && (flags & SEARCH_TOKEN_COLOCATED))
		r->bad = "first token colocated";
	else if (len == 0 || len > SEARCH_TOKEN_MAX)
		r->bad = "token length";
	r->last_start = start;
	if (!(flags & SEARCH_TOKEN_COLOCATED))
		r->last_end = end;
	k = snprintf(r->out + r->n, sizeof r->out - r->n, "%s%s%.*s@%zu-%zu", r->count ? " " : "",
	             (flags & SEARCH_TOKEN_COLOCATED) ? "+" : "", (int)len, tok, start, end);
	if (k < 0 || (size_t)k >= sizeof r->out - r->n)
		r->bad = "render buffer";
	else
		r->n += (size_t)k;
	r->count++;
	return 0;
}

static void render(struct rend *r, const char *text, size_t len, enum search_mode mode)
{
	memset(r, 0, sizeof *r);
	r->text = text;
	r->len = len;
	r->mode = mode;
	ck_assert_int_eq(search_tokenize(text, len, mode, rend_cb, r), 0);
	ck_assert_msg(r->bad == NULL, "%s in: %s", r->bad, r->out);
}

/* Only the terms, in order, without offsets: for "these spellings are the same search". */
struct terms {
	char out[4096];
	size_t n;
};

static int terms_cb(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct terms *t = ctx;
	(void)start;
	(void)end;
	if (t->n + len + 3 < sizeof t->out) {
		if (t->n)
			t->out[t->n++] = ' ';
		if (flags & SEARCH_TOKEN_COLOCATED)
			t->out[t->n++] = '+';
		memcpy(t->out + t->n, tok, len);
		t->n += len;
		t->out[t->n] = '\0';
	}
	return 0;
}

static void terms_of(struct terms *t, const char *s, size_t len)
{
	memset(t, 0, sizeof *t);
	search_tokenize(s, len, SEARCH_DOCUMENT, terms_cb, t);
}

/* ------------------------------------------------------------------ tokens per script */

struct tcase {
	const char *label;
	const char *in;
	size_t len;
	enum search_mode mode;
	const char *want;
};

#define D(label, s, want)                                                                          \
	{                                                                                          \
		(label), (s), sizeof(s) - 1, SEARCH_DOCUMENT, (want)                               \
	}
#define Q(label, s, want)                                                                          \
	{                                                                                          \
		(label), (s), sizeof(s) - 1, SEARCH_QUERY, (want)                                  \
	}

/* clang-format off */
static const struct tcase tcases[] = {
    /* Latin with accents: folded away, offsets on the original bytes */
    D("French accents", "Café Crème", "cafe@0-5 creme@6-12"),
    D("Spanish with inverted question mark", "¿Dónde está mi depósito?",
      "donde@2-8 esta@9-14 mi@15-17 deposito@18-27"),
    D("letters without decomposition: ß Œ Ł Ø", "Straße Œuvre Łódź Ørsted",
      "strasse@0-7 oeuvre@8-14 lodz@15-22 orsted@23-30"),
    D("decomposed e + U+0301", "Cafe\xcc\x81", "cafe@0-6"),
    D("soft hyphen inside a word", "with\xc2\xad" "drawal", "withdrawal@0-12"),
    D("separators: - _ ' . / %", "e-mail user_name don't a.b 3.5% x/y",
      "e@0-1 mail@2-6 user@7-11 name@12-16 don@17-20 t@21-22 a@23-24 b@25-26 3.5@27-30 "
      "x@32-33 y@34-35"),
    D("full-width Latin folds to ASCII", "ＵＳＤＴ", "usdt@0-12"),

    /* Vietnamese, with and without its diacritics */
    D("Vietnamese with diacritics", "Rút tiền", "rut@0-4 tien@5-11"),
    D("Vietnamese without diacritics", "rut tien", "rut@0-3 tien@4-8"),
    D("Vietnamese upper case with Đ", "ĐÃ NẠP TIỀN nhưng chưa nhận được",
      "da@0-4 nap@5-10 tien@11-17 nhung@18-24 chua@25-30 nhan@31-37 duoc@38-46"),
    D("Vietnamese decomposed (e + circumflex + grave)", "tie\xcc\x82\xcc\x80n", "tien@0-8"),

    /* Russian in any case; ё folds to е, й stays */
    D("Russian upper case", "ПОПОЛНЕНИЕ", "пополнение@0-20"),
    D("Russian title case", "Пополнение", "пополнение@0-20"),
    D("Russian two words", "ВЫВОД СРЕДСТВ", "вывод@0-10 средств@11-25"),
    D("Russian ё and й", "Ещё Мой Ёлка", "еще@0-6 мой@7-13 елка@14-22"),

    /* Turkish: ı, I, İ and i all meet at i; ç ş ğ ö ü lose their marks */
    D("Turkish upper case", "PARA ÇEKME", "para@0-4 cekme@5-11"),
    D("Turkish lower case", "para çekme", "para@0-4 cekme@5-11"),
    D("Turkish dotted and dotless i", "İŞLEM ılık ISLEM", "islem@0-7 ilik@8-14 islem@15-20"),
    D("Turkish suffix after apostrophe", "Binance'e ŞİFRE", "binance@0-7 e@8-9 sifre@10-17"),
    D("Turkish ğ ü", "Ağ ücreti", "ag@0-3 ucreti@4-11"),

    /* Greek: tonos removed, final sigma folded */
    D("Greek upper case with tonos", "ΑΝΆΛΗΨΗ", "αναληψη@0-14"),
    D("Greek final sigma", "Λογαριασμός", "λογαριασμοσ@0-22"),

    /* Chinese: a position per character, its unigram with the bigram it starts colocated */
    D("Simplified Chinese run", "充值未到账",
      "充@0-3 +充值@0-6 值@3-6 +值未@3-9 未@6-9 +未到@6-12 到@9-12 +到账@9-15 账@12-15"),
    Q("Simplified Chinese query is its bigrams and last character", "充值未到账",
      "充值@0-6 值未@3-9 未到@6-12 到账@9-15 账@12-15"),
    Q("one Chinese character query", "充", "充@0-3"),
    Q("two Chinese characters query is one bigram", "到账", "到账@0-6"),
    D("Traditional Chinese run", "儲值還沒有到帳",
      "儲@0-3 +儲值@0-6 值@3-6 +值還@3-9 還@6-9 +還沒@6-12 沒@9-12 +沒有@9-15 有@12-15 "
      "+有到@12-18 到@15-18 +到帳@15-21 帳@18-21"),
    D("CJK punctuation ends a run", "充值，提现。",
      "充@0-3 +充值@0-6 值@3-6 提@9-12 +提现@9-15 现@12-15"),
    D("Latin then Han without a space", "ＵＳＤＴ充值", "usdt@0-12 充@12-15 +充值@12-18 值@15-18"),
    D("zero-width space does not cut a run", "充值\xe2\x80\x8b到账",
      "充@0-3 +充值@0-9 值@3-9 +值到@3-12 到@9-12 +到账@9-15 账@12-15"),
    D("a code point that expands: later characters empty at its end", "㍿です",
      "株@0-3 +株式@0-3 式@3-3 +式会@3-3 会@3-3 +会社@3-3 社@3-3 +社で@3-6 で@3-6 +です@3-9 "
      "す@6-9"),

    /* Japanese: kana and kanji in one run, half-width folded, voicing marks kept */
    D("Katakana word", "パスワード",
      "パ@0-3 +パス@0-6 ス@3-6 +スワ@3-9 ワ@6-9 +ワー@6-12 ー@9-12 +ード@9-15 ド@12-15"),
    D("half-width Katakana gives the same terms", "ﾊﾟｽﾜｰﾄﾞ",
      "パ@0-6 +パス@0-9 ス@6-9 +スワ@6-12 ワ@9-12 +ワー@9-15 ー@12-15 +ード@12-21 ド@15-21"),
    D("Kanji word", "入金", "入@0-3 +入金@0-6 金@3-6"),
    D("Kanji and Hiragana mixed", "振り込み",
      "振@0-3 +振り@0-6 り@3-6 +り込@3-9 込@6-9 +込み@6-12 み@9-12"),
    D("decomposed ハ + U+309A is パ", "ハ\xe3\x82\x9a", "パ@0-6"),

    /* Korean: syllable bigrams per word; a word of 3+ syllables also whole */
    D("Korean two words", "출금 신청", "출@0-3 +출금@0-6 금@3-6 신@7-10 +신청@7-13 청@10-13"),
    D("Korean word with particle, whole word colocated", "비밀번호를",
      "비@0-3 +비밀@0-6 +비밀번호를@0-15 밀@3-6 +밀번@3-9 번@6-9 +번호@6-12 호@9-12 "
      "+호를@9-15 를@12-15"),
    Q("Korean query word of 4 syllables is the whole word", "비밀번호", "비밀번호@0-12"),
    Q("Korean query word of 2 syllables is its bigram", "출금", "출금@0-6"),
    D("Korean decomposed jamo (NFD) compose back",
      "\xe1\x84\x8e\xe1\x85\xae\xe1\x86\xaf\xe1\x84\x80\xe1\x85\xb3\xe1\x86\xb7",
      "출@0-9 +출금@0-18 금@9-18"),

    /* Mixed support lines: hashes, addresses and amounts stay whole */
    D("mixed English, hash, network, amount, Chinese",
      "TXID 0x3fA9c1 on TRC20: 2,000 USDT 未到账",
      "txid@0-4 0x3fa9c1@5-13 on@14-16 trc20@17-22 2000@24-29 usdt@30-34 未@35-38 "
      "+未到@35-41 到@38-41 +到账@38-44 账@41-44"),
    D("bech32 address and decimal forms",
      "Send 0.5 BTC to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, fee 1,5 or 1,2345 or 2.000.000",
      "send@0-4 0.5@5-8 btc@9-12 to@13-15 bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq@16-58 "
      "fee@60-63 1,5@64-67 or@68-70 1,2345@71-77 or@78-80 2.000.000@81-90"),
    D("thousands separators dropped, decimals kept", "1,234,567.89 12,34 $2,000USDT",
      "1234567.89@0-12 12,34@13-18 2000usdt@20-29"),
    D("full-width digits and comma", "２，０００", "2000@0-15"),
    D("TRON address and tx hash case-folded",
      "TXYZopq1234 0x5C504ED432CB51138BCF09AA5E8A410DD4A1E204EF84BFED1BE16DFBA1B22060",
      "txyzopq1234@0-11 "
      "0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060@12-78"),
    D("emoji and symbols separate", "充值😀OK✓", "充@0-3 +充值@0-6 值@3-6 ok@10-12"),

    /* Invalid UTF-8 in a document is a separator, never an error */
    D("stray and truncated bytes", "ab\xff" "cd\xe5\x85", "ab@0-2 cd@3-5"),
    D("overlong encoding", "a\xc0\xae" "b", "a@0-1 b@3-4"),
    D("surrogate", "\xed\xa0\x80x", "x@3-4"),
    D("past U+10FFFF", "\xf4\x90\x80\x80y", "y@4-5"),
    D("NUL separates", "a\0b", "a@0-1 b@2-3"),
    D("marks with no letter", "\xcc\x81\xcc\x81 x", "x@5-6"),
    D("nothing to index", " \t!?*()\"^:-+ ", ""),
};
/* clang-format on */

START_TEST(token_case)
{
	const struct tcase *c = &tcases[_i];
	struct rend r;

	render(&r, c->in, c->len, c->mode);
	ck_assert_msg(strcmp(r.out, c->want) == 0, "got  \"%s\" want \"%s\"", r.out, c->want);
}
END_TEST

/* ------------------------------------------------------------------ same and different */

struct pair {
	const char *a, *b;
	bool same;
	const char *why;
};

/* clang-format off */
static const struct pair pairs[] = {
    {"Rút tiền", "rut tien", true, "Vietnamese without diacritics"},
    {"RÚT TIỀN", "rút tiền", true, "Vietnamese upper case"},
    {"tiền", "tie\xcc\x82\xcc\x80n", true, "Vietnamese NFC and NFD"},
    {"ПОПОЛНЕНИЕ", "пополнение", true, "Russian upper and lower case"},
    {"Ещё", "еще", true, "Russian ё typed as е"},
    {"PARA ÇEKME", "para cekme", true, "Turkish upper case and no cedilla"},
    {"İşlem", "ISLEM", true, "Turkish İ and I"},
    {"ılık", "ILIK", true, "Turkish ı and I"},
    {"ΛΟΓΑΡΙΑΣΜΟΣ", "λογαριασμός", true, "Greek case, tonos and final sigma"},
    {"Straße", "STRASSE", true, "German ß"},
    {"ﾊﾟｽﾜｰﾄﾞ", "パスワード", true, "half-width Katakana"},
    {"ＵＳＤＴ２０００", "usdt2000", true, "full-width Latin and digits"},
    {"출금", "\xe1\x84\x8e\xe1\x85\xae\xe1\x86\xaf\xe1\x84\x80\xe1\x85\xb3\xe1\x86\xb7", true,
     "Hangul precomposed and jamo"},
    {"2,000", "2000", true, "thousands comma"},
    {"帐户", "帳戶", false, "Simplified and Traditional are not folded"},
    {"мой", "мои", false, "Russian й is not и"},
    {"パス", "ハス", false, "voiced kana are other letters"},
    {"2.000", "2000", false, "a single dot may be a decimal point"},
    {"1,5", "15", false, "a decimal comma stays"},
    {"0xABC", "0x abc", false, "a hash is one term"},
};
/* clang-format on */

START_TEST(pair_case)
{
	const struct pair *p = &pairs[_i];
	struct terms a, b;

	terms_of(&a, p->a, strlen(p->a));
	terms_of(&b, p->b, strlen(p->b));
	ck_assert_msg(a.n > 0 && b.n > 0, "no terms: \"%s\" / \"%s\"", a.out, b.out);
	if (p->same)
		ck_assert_msg(strcmp(a.out, b.out) == 0, "\"%s\" != \"%s\"", a.out, b.out);
	else
		ck_assert_msg(strcmp(a.out, b.out) != 0, "both \"%s\"", a.out);
}
END_TEST

/* ------------------------------------------------------------------ tokenizer edges */

START_TEST(long_word_is_cut_at_the_same_place)
{
	char text[300], want[SEARCH_TOKEN_MAX + 32];
	struct rend r;

	memset(text, 'A', sizeof text);
	render(&r, text, sizeof text, SEARCH_DOCUMENT);
	memset(want, 'a', SEARCH_TOKEN_MAX);
	snprintf(want + SEARCH_TOKEN_MAX, sizeof want - SEARCH_TOKEN_MAX, "@0-300");
	ck_assert_str_eq(r.out, want);
	/* The query side cuts the same way, so a long hash still matches itself. */
	render(&r, text, sizeof text, SEARCH_QUERY);
	ck_assert_str_eq(r.out, want);
}
END_TEST

START_TEST(long_number_cut_keeps_no_dangling_separator)
{
	/* 127 digits then ",5": the ',' and the digit after it do not fit together. */
	char text[200];
	struct rend r;
	size_t n = 0;

	memset(text, '1', 127);
	n = 127;
	memcpy(text + n, ",5 x", 4);
	n += 4;
	render(&r, text, n, SEARCH_DOCUMENT);
	ck_assert_int_eq(r.count, 2);
	ck_assert_msg(strstr(r.out, ",") == NULL, "%s", r.out);
	ck_assert_msg(strstr(r.out, "@0-129 ") != NULL, "%s", r.out);
}
END_TEST

START_TEST(long_korean_word_is_not_indexed_whole)
{
	/* 43 syllables = 129 bytes: over SEARCH_TOKEN_MAX, so bigrams only, in both modes. */
	char text[43 * 3];
	struct rend r;

	for (int i = 0; i < 43; i++)
		memcpy(text + 3 * i, "가", 3);
	render(&r, text, sizeof text, SEARCH_DOCUMENT);
	ck_assert_int_eq(r.count, 42 * 2 + 1);
	render(&r, text, sizeof text, SEARCH_QUERY);
	ck_assert_int_eq(r.count, 42 + 1);
}
END_TEST

struct stopper {
	int calls;
};

static int stop_after_two(void *ctx, int flags, const char *tok, size_t len, size_t start,
                          size_t end)
{
	struct stopper *s = ctx;
	(void)flags;
	(void)tok;
	(void)len;
	(void)start;
	(void)end;
	return ++s->calls == 2 ? 42 : 0;
}

START_TEST(callback_stops_the_tokenizer)
{
	struct stopper s = {0};
	const char *t = "one two three 充值未到账";

	ck_assert_int_eq(search_tokenize(t, strlen(t), SEARCH_DOCUMENT, stop_after_two, &s), 42);
	ck_assert_int_eq(s.calls, 2);
	s.calls = 0;
	t = "充值未到账";
	ck_assert_int_eq(search_tokenize(t, strlen(t), SEARCH_DOCUMENT, stop_after_two, &s), 42);
	ck_assert_int_eq(s.calls, 2);
}
END_TEST

START_TEST(null_and_empty_text)
{
	struct stopper s = {0};

	ck_assert_int_eq(search_tokenize(NULL, 0, SEARCH_DOCUMENT, stop_after_two, &s), 0);
	ck_assert_int_eq(search_tokenize("", 0, SEARCH_QUERY, stop_after_two, &s), 0);
	ck_assert_int_eq(s.calls, 0);
}
END_TEST

/* Every term, fed back as query text, must come out as itself: the query builder quotes terms
 * and FTS5 tokenizes them again, so a term that changed on the way would never match. Checked
 * for every code point alone, after a letter, doubled, and next to digits and '.'. */
struct single {
	int n;
	char tok[4][SEARCH_TOKEN_MAX];
	size_t len[4];
};

static int single_cb(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct single *s = ctx;
	(void)flags;
	(void)start;
	(void)end;
	if (s->n < 4) {
		memcpy(s->tok[s->n], tok, len);
		s->len[s->n] = len;
	}
	s->n++;
	return 0;
}

START_TEST(every_code_point_round_trips)
{
	static const char *const shapes[] = {"%s", "a%s", "%s%s", "1.%s", "%s.1"};
	long failures = 0;
	char first[96] = "";

	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		unsigned char b[8];
		utf8proc_ssize_t k;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		k = utf8proc_encode_char(cp, b);
		b[k] = '\0';
		for (int f = 0; f < NCASES(shapes); f++) {
			char s[32];
			struct single doc = {0};

			if (f == 2)
				snprintf(s, sizeof s, "%s%s", (char *)b, (char *)b);
			else
				snprintf(s, sizeof s, shapes[f], (char *)b);
			search_tokenize(s, strlen(s), SEARCH_DOCUMENT, single_cb, &doc);
			for (int i = 0; i < doc.n && i < 4; i++) {
				struct single q = {0};
				search_tokenize(doc.tok[i], doc.len[i], SEARCH_QUERY, single_cb,
				                &q);
				if (q.n == 1 && q.len[0] == doc.len[i] &&
				    memcmp(q.tok[0], doc.tok[i], doc.len[i]) == 0)
					continue;
				if (failures++ == 0)
					snprintf(first, sizeof first, "U+%04X in \"%s\"",
					         (unsigned)cp, s);
			}
		}
	}
	ck_assert_msg(failures == 0, "%ld terms change when tokenized again, first %s", failures,
	              first);
}
END_TEST

/* The terms of every code point (doubled, so CJK gives its bigram too) and of every case
 * above, hashed. Indexes built with other terms must be rebuilt (search_text.h), so a change
 * here must come with a new SEARCH_TEXT_VERSION: bump it, then record the new value. */
#define TERMS_FINGERPRINT_V1 0x2f6e757216f2840eULL

static int fingerprint_cb(void *ctx, int flags, const char *tok, size_t len, size_t start,
                          size_t end)
{
	uint64_t *h = ctx;
	unsigned char meta[3] = {(unsigned char)flags, (unsigned char)start, (unsigned char)end};
	for (size_t i = 0; i < len + sizeof meta; i++)
		*h = (*h ^ (i < len ? (unsigned char)tok[i] : meta[i - len])) * 0x100000001b3ULL;
	return 0;
}

START_TEST(terms_match_the_recorded_version)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (int32_t cp = 1; cp <= 0x10FFFF; cp++) {
		unsigned char b[8];
		utf8proc_ssize_t k;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		k = utf8proc_encode_char(cp, b);
		memcpy(b + k, b, (size_t)k);
		search_tokenize((const char *)b, (size_t)(2 * k), SEARCH_DOCUMENT, fingerprint_cb,
		                &h);
	}
	for (int i = 0; i < NCASES(tcases); i++)
		search_tokenize(tcases[i].in, tcases[i].len, SEARCH_DOCUMENT, fingerprint_cb, &h);
	ck_assert_int_eq(SEARCH_TEXT_VERSION, 1);
	ck_assert_msg(h == TERMS_FINGERPRINT_V1,
	              "terms changed (fingerprint 0x%016llxULL): bump SEARCH_TEXT_VERSION",
	              (unsigned long long)h);
}
END_TEST

/* ------------------------------------------------------------------ query builder */

struct qcase {
	const char *label;
	const char *in;
	size_t len;
	enum search_rc rc;
	const char *want;
	size_t terms;
};

#define QB(label, s, rc, want, terms)                                                              \
	{                                                                                          \
		(label), (s), sizeof(s) - 1, (rc), (want), (terms)                                 \
	}

/* clang-format off */
static const struct qcase qcases[] = {
    QB("Vietnamese words are ANDed", "rút tiền", SEARCH_OK, "\"rut\" AND \"tien\"", 2),
    QB("unaccented gives the same query", "rut tien", SEARCH_OK, "\"rut\" AND \"tien\"", 2),
    QB("Russian upper case", "ВЫВОД средств", SEARCH_OK, "\"вывод\" AND \"средств\"", 2),
    QB("a CJK word is the phrase of its bigrams and last character", "充值未到账", SEARCH_OK,
       "\"充值 值未 未到 到账 账\"", 5),
    QB("one CJK character", "充", SEARCH_OK, "\"充\"", 1),
    QB("two CJK words", "充值 到账", SEARCH_OK, "\"充值 值\" AND \"到账 账\"", 4),
    QB("CJK runs in one word stay one phrase", "到帳，請幫忙", SEARCH_OK,
       "\"到帳 帳 請幫 幫忙 忙\"", 5),
    QB("Korean long word: whole OR bigrams", "비밀번호", SEARCH_OK,
       "(\"비밀번호\" OR \"비밀 밀번 번호 호\")", 4),
    QB("two Korean long words", "비밀번호를 잊어버렸어요", SEARCH_OK,
       "(\"비밀번호를\" OR \"비밀 밀번 번호 호를 를\") AND "
       "(\"잊어버렸어요\" OR \"잊어 어버 버렸 렸어 어요 요\")", 11),
    QB("Korean two-syllable word", "출금", SEARCH_OK, "\"출금 금\"", 2),
    QB("Korean word next to another script stays a phrase", "비밀번호/reset", SEARCH_OK,
       "\"비밀 밀번 번호 호 reset\"", 5),
    QB("an email is one phrase", "user@example.com", SEARCH_OK, "\"user example com\"", 3),
    QB("a hash stays whole", "0x3fA9c1", SEARCH_OK, "\"0x3fa9c1\"", 1),
    QB("an amount", "2,000 USDT", SEARCH_OK, "\"2000\" AND \"usdt\"", 2),
    QB("white space of any kind separates", "a\t b\xe3\x80\x80" "c\xc2\xa0" "d\n", SEARCH_OK,
       "\"a\" AND \"b\" AND \"c\" AND \"d\"", 4),

    /* FTS5 syntax from a user is never syntax */
    QB("double quote", "\"deposit\"", SEARCH_OK, "\"deposit\"", 1),
    QB("unbalanced quote", "\"deposit", SEARCH_OK, "\"deposit\"", 1),
    QB("quote inside a word", "a\"b", SEARCH_OK, "\"a b\"", 2),
    QB("prefix star", "deposit*", SEARCH_OK, "\"deposit\"", 1),
    QB("column filter", "title:deposit", SEARCH_OK, "\"title deposit\"", 2),
    QB("column set filter", "{title body}:deposit", SEARCH_OK, "\"title\" AND \"body deposit\"", 3),
    QB("minus column filter", "-title:x", SEARCH_OK, "\"title x\"", 2),
    QB("caret initial token", "^deposit", SEARCH_OK, "\"deposit\"", 1),
    QB("plus concatenation", "a + b", SEARCH_OK, "\"a\" AND \"b\"", 2),
    QB("parentheses", "(deposit OR withdrawal)", SEARCH_OK,
       "\"deposit\" AND \"or\" AND \"withdrawal\"", 3),
    QB("NEAR group", "NEAR(deposit withdrawal, 5)", SEARCH_OK,
       "\"near deposit\" AND \"withdrawal\" AND \"5\"", 4),
    QB("AND OR NOT are words", "deposit AND withdrawal OR fee NOT frozen", SEARCH_OK,
       "\"deposit\" AND \"and\" AND \"withdrawal\" AND \"or\" AND \"fee\" AND \"not\" AND "
       "\"frozen\"", 7),
    QB("leading NOT", "NOT deposit", SEARCH_OK, "\"not\" AND \"deposit\"", 2),
    QB("CJK with star", "充值*", SEARCH_OK, "\"充值 值\"", 2),
    QB("CJK OR", "充值 OR 提现", SEARCH_OK, "\"充值 值\" AND \"or\" AND \"提现 现\"", 5),
    QB("full-width quote and colon", "＂充值＂：提现", SEARCH_OK, "\"充值 值 提现 现\"", 4),
    QB("SQL-looking text", "'; DROP TABLE t; --", SEARCH_OK,
       "\"drop\" AND \"table\" AND \"t\"", 3),
    QB("only quotes", "\"\"\"\"", SEARCH_EMPTY, "", 0),
    QB("only operators", "* : ^ - + ( ) \" ,", SEARCH_EMPTY, "", 0),

    /* nothing to search */
    QB("empty", "", SEARCH_EMPTY, "", 0),
    QB("spaces", "   \t\n", SEARCH_EMPTY, "", 0),
    QB("ideographic space", "\xe3\x80\x80", SEARCH_EMPTY, "", 0),
    QB("emoji only", "😀👍", SEARCH_EMPTY, "", 0),

    /* invalid UTF-8 is refused, not mangled */
    QB("stray byte", "deposit \xff", SEARCH_BAD_UTF8, "", 0),
    QB("overlong", "\xc0\xae", SEARCH_BAD_UTF8, "", 0),
    QB("surrogate", "\xed\xa0\x80", SEARCH_BAD_UTF8, "", 0),
    QB("past U+10FFFF", "\xf4\x90\x80\x80", SEARCH_BAD_UTF8, "", 0),
    QB("truncated sequence", "提\xe7\x8e", SEARCH_BAD_UTF8, "", 0),
    QB("NUL byte", "ab\0cd", SEARCH_BAD_UTF8, "", 0),
};
/* clang-format on */

START_TEST(query_case)
{
	const struct qcase *c = &qcases[_i];
	char out[SEARCH_MATCH_MAX];
	size_t n = 99, terms = 99;
	enum search_rc rc;

	memset(out, 'x', sizeof out);
	rc = search_query_build(c->in, c->len, out, sizeof out, &n, &terms);
	ck_assert_msg(rc == c->rc, "rc %d (%s), want %d", rc, search_strerror(rc), c->rc);
	ck_assert_msg(strcmp(out, c->want) == 0, "got '%s' want '%s'", out, c->want);
	ck_assert_uint_eq(n, strlen(c->want));
	ck_assert_uint_eq(terms, c->terms);
}
END_TEST

static enum search_rc build(const char *q, size_t len, char *out, size_t *terms)
{
	return search_query_build(q, len, out, SEARCH_MATCH_MAX, NULL, terms);
}

START_TEST(query_byte_limit)
{
	static char q[SEARCH_QUERY_MAX_BYTES + 1], out[SEARCH_MATCH_MAX];
	size_t terms;

	memset(q, 'a', sizeof q);
	ck_assert_int_eq(build(q, SEARCH_QUERY_MAX_BYTES, out, &terms), SEARCH_OK);
	ck_assert_uint_eq(terms, 1);
	ck_assert_uint_eq(strlen(out), SEARCH_TOKEN_MAX + 2);
	ck_assert_int_eq(build(q, SEARCH_QUERY_MAX_BYTES + 1, out, &terms), SEARCH_TOO_LONG);
	ck_assert_str_eq(out, "");
	/* The byte limit comes first: a long query is refused before it is read. */
	q[SEARCH_QUERY_MAX_BYTES] = '\xff';
	ck_assert_int_eq(build(q, SEARCH_QUERY_MAX_BYTES + 1, out, &terms), SEARCH_TOO_LONG);
}
END_TEST

START_TEST(query_term_limit)
{
	char q[1024], out[SEARCH_MATCH_MAX];
	size_t n = 0, terms;

	for (int i = 0; i < SEARCH_QUERY_MAX_TOKENS; i++)
		n += (size_t)snprintf(q + n, sizeof q - n, "w%d ", i);
	ck_assert_int_eq(build(q, n, out, &terms), SEARCH_OK);
	ck_assert_uint_eq(terms, SEARCH_QUERY_MAX_TOKENS);
	n += (size_t)snprintf(q + n, sizeof q - n, "one-more");
	ck_assert_int_eq(build(q, n, out, &terms), SEARCH_TOO_MANY_TOKENS);
	ck_assert_str_eq(out, "");

	/* CJK: 64 characters are 63 bigrams and the last character; 65 are too many. */
	n = 0;
	for (int i = 0; i < 64; i++) {
		memcpy(q + n, "充", 3);
		n += 3;
	}
	ck_assert_int_eq(build(q, n, out, &terms), SEARCH_OK);
	ck_assert_uint_eq(terms, 64);
	memcpy(q + n, "值", 3);
	ck_assert_int_eq(build(q, n + 3, out, &terms), SEARCH_TOO_MANY_TOKENS);
}
END_TEST

START_TEST(query_worst_case_fits)
{
	/* 64 words of four U+FDFA each: every word expands (NFKC) to a 120-byte term. */
	char q[SEARCH_QUERY_MAX_BYTES], out[SEARCH_MATCH_MAX];
	size_t n = 0, len, terms;

	for (int i = 0; i < SEARCH_QUERY_MAX_TOKENS; i++) {
		for (int j = 0; j < 4; j++) {
			memcpy(q + n, "\xef\xb7\xba", 3);
			n += 3;
		}
		q[n++] = ' ';
	}
	ck_assert_uint_le(n, sizeof q);
	ck_assert_int_eq(search_query_build(q, n, out, sizeof out, &len, &terms), SEARCH_OK);
	ck_assert_uint_eq(terms, SEARCH_QUERY_MAX_TOKENS);
	ck_assert_uint_gt(len, (size_t)SEARCH_QUERY_MAX_TOKENS * 100);
	ck_assert_uint_lt(len, sizeof out);
}
END_TEST

START_TEST(query_output_buffer_bound)
{
	char out[32];
	size_t len;
	const char *q = "deposit";

	ck_assert_int_eq(search_query_build(q, strlen(q), out, 10, &len, NULL), SEARCH_OK);
	ck_assert_str_eq(out, "\"deposit\"");
	ck_assert_int_eq(search_query_build(q, strlen(q), out, 9, &len, NULL), SEARCH_NO_SPACE);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(search_query_build(q, strlen(q), out, 0, &len, NULL), SEARCH_NO_SPACE);
	q = "비밀번호";
	ck_assert_int_eq(search_query_build(q, strlen(q), out, sizeof out, &len, NULL),
	                 SEARCH_NO_SPACE);
	ck_assert_int_eq(search_query_build(NULL, 0, out, sizeof out, &len, NULL), SEARCH_EMPTY);
}
END_TEST

START_TEST(strerror_for_every_code)
{
	for (int rc = SEARCH_OK; rc <= SEARCH_NO_SPACE; rc++) {
		const char *m = search_strerror((enum search_rc)rc);
		ck_assert_msg(m != NULL && *m != '\0' && strcmp(m, "unknown search error") != 0,
		              "code %d", rc);
	}
	ck_assert_str_eq(search_strerror((enum search_rc)99), "unknown search error");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("search_text");

	for (int i = 0; i < NCASES(tcases); i++)
		unit_add_case(s,
		              unit_name("%s: %s", tcases[i].mode == SEARCH_QUERY ? "query" : "doc",
		                        tcases[i].label),
		              token_case, i);
	for (int i = 0; i < NCASES(pairs); i++)
		unit_add_case(s,
		              unit_name("%s: \"%s\" %s \"%s\"", pairs[i].why, pairs[i].a,
		                        pairs[i].same ? "==" : "!=", pairs[i].b),
		              pair_case, i);
	for (int i = 0; i < NCASES(qcases); i++)
		unit_add_case(s, unit_name("query builder: %s", qcases[i].label), query_case, i);
	UNIT_TEST(s, long_word_is_cut_at_the_same_place);
	UNIT_TEST(s, long_number_cut_keeps_no_dangling_separator);
	UNIT_TEST(s, long_korean_word_is_not_indexed_whole);
	UNIT_TEST(s, callback_stops_the_tokenizer);
	UNIT_TEST(s, null_and_empty_text);
	UNIT_TEST(s, every_code_point_round_trips);
	UNIT_TEST(s, terms_match_the_recorded_version);
	UNIT_TEST(s, query_byte_limit);
	UNIT_TEST(s, query_term_limit);
	UNIT_TEST(s, query_worst_case_fits);
	UNIT_TEST(s, query_output_buffer_bound);
	UNIT_TEST(s, strerror_for_every_code);
	return unit_run(s, "search_text");
}
