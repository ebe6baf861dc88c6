/* search_text.h — the one tokenizer for full-text search: the same rules cut a knowledge-base
 * article or a ticket message into index terms and a user's search box text into a query, so
 * what a customer types finds what an agent wrote in any script. Pure: no I/O, no allocation,
 * no locale; it never reads outside (text, len) and never fails on any bytes it is given to index.
 * It knows nothing of SQLite: src/store/sqlite/fts_tokenizer.c plugs it into FTS5, and the
 * MATCH expression it builds is FTS5's syntax because that is the only engine today.
 *
 * Rules (docs/internals/search.md has the reasons):
 *  - Alphabetic scripts (Latin, Cyrillic, Greek, Vietnamese, Turkish, ...): a token is a run of
 *    letters and digits; anything else separates (spaces, punctuation, symbols, '-', '_', '\'').
 *    Each token is NFKC, case-folded, with the combining marks of Latin, Greek, Cyrillic, Arabic
 *    and Hebrew letters removed ("Rút Tiền" -> "rut tien", "ПОПОЛНЕНИЕ" -> "пополнение",
 *    "Ё" -> "е", "İ"/"I"/"ı" -> "i", "Đ" -> "d"); Russian "й" keeps its breve.
 *  - Numbers and crypto strings stay whole: letters and digits together are one token
 *    ("0x3fA9..." -> "0x3fa9...", "TRC20", "2FA"); '.' or ',' between two digits joins
 *    ("0.5", "1.234,56"); a ',' followed by exactly three digits and then no digit is a thousands
 *    separator and is dropped ("2,000" -> "2000", "1,234,567.89" -> "1234567.89").
 *  - Scripts written without spaces (Han, Hiragana, Katakana, Hangul, Bopomofo, Yi, Thai, Lao,
 *    Khmer, Myanmar): a run of such characters gives overlapping bigrams and unigrams; Hangul-only
 *    runs of three or more syllables (a Korean word between spaces) are also indexed whole.
 *    Half-width and full-width forms are folded by NFKC; Traditional and Simplified Chinese are
 *    not folded into each other.
 *  - A token longer than SEARCH_TOKEN_MAX bytes is cut there (same cut for index and query).
 *
 * Positions (what FTS5 phrases count): every alphabetic token takes one position; in a no-space
 * run each character takes one: position i holds the unigram c[i] with the bigram c[i]c[i+1]
 * colocated (and, at the first, a Korean whole word). A query of k >= 2 such characters is the
 * phrase of its k-1 bigrams followed by its last character (query text of exactly two such
 * characters, as the builder writes each bigram, is that one bigram). */
#ifndef EXDESK_CORE_SEARCH_TEXT_H
#define EXDESK_CORE_SEARCH_TEXT_H
#include <stddef.h>

/* Bumped whenever the terms of some text change (rules, or the Unicode data of a new utf8proc):
 * an index built with another version must be rebuilt before rows are deleted or updated. */
#define SEARCH_TEXT_VERSION 1

#define SEARCH_TOKEN_MAX        128  /* bytes of one normalised token */
#define SEARCH_QUERY_MAX_BYTES  1000 /* bytes of what the user typed */
#define SEARCH_QUERY_MAX_TOKENS 64   /* index terms a query may look up */
/* Enough for any query within the two limits above: every term quoted and ANDed, a Korean word
 * twice. */
#define SEARCH_MATCH_MAX (2 * SEARCH_QUERY_MAX_TOKENS * (SEARCH_TOKEN_MAX + 16))

enum search_rc {
	SEARCH_OK = 0,
	SEARCH_EMPTY,           /* nothing searchable: only spaces, punctuation, symbols */
	SEARCH_TOO_LONG,        /* more than SEARCH_QUERY_MAX_BYTES */
	SEARCH_TOO_MANY_TOKENS, /* more than SEARCH_QUERY_MAX_TOKENS terms */
	SEARCH_BAD_UTF8,        /* invalid UTF-8 or a NUL byte */
	SEARCH_NO_SPACE,        /* output buffer smaller than SEARCH_MATCH_MAX needed */
};
const char *search_strerror(enum search_rc rc);

enum search_mode {
	SEARCH_DOCUMENT, /* indexing, and re-reading a document for snippets */
	SEARCH_QUERY,    /* the text of one quoted string in a MATCH expression */
};

/* Token flag: same position as the token before it (FTS5_TOKEN_COLOCATED). */
#define SEARCH_TOKEN_COLOCATED 0x1

/* Receives each token in document order: tok[0..len) is the normalised term (not
 * NUL-terminated, valid until the callback returns), [start, end) its bytes in the original
 * text. Starts never decrease, end <= text length, and start < end except for the second and
 * later characters one code point expands to (㍿ -> 株式会社), which are empty at its end; the
 * ranges of tokens that are not colocated never overlap. A non-zero return stops the tokenizer,
 * which returns that value. */
typedef int (*search_token_fn)(void *ctx, int flags, const char *tok, size_t len, size_t start,
                               size_t end);

/* Tokenizes text[0..len) (UTF-8; an invalid byte is a separator, never an error) and calls fn
 * for each token. Returns 0, or the first non-zero value fn returned. */
int search_tokenize(const char *text, size_t len, enum search_mode mode, search_token_fn fn,
                    void *ctx);

/* Turns what a user typed into an FTS5 MATCH expression: every whitespace-separated word is
 * tokenized as above and becomes one quoted phrase of its normalised terms (so "user@x.com" is
 * the phrase "user x com" and a CJK word the phrase of its bigrams and last character), and the
 * phrases are joined by AND; a Korean word of three or more syllables becomes
 * ("word" OR "its phrase") so an exact word ranks above the same letters inside a longer one.
 * Nothing the user typed is FTS5 syntax: quotes, '*', ':', '^', '-', '+', parentheses and
 * NEAR/AND/OR/NOT are separators or plain words. Writes a NUL-terminated expression into out
 * (cap >= SEARCH_MATCH_MAX always suffices) and its length into *out_len; *n_terms gets the
 * number of terms looked up, the Korean whole-word alternatives not counted (either pointer may
 * be NULL). On any error out holds an empty string. */
enum search_rc search_query_build(const char *q, size_t len, char *out, size_t cap, size_t *out_len,
                                  size_t *n_terms);

#endif
