/* fuzz_search_text.c — fuzz driver for the search tokenizer and query builder
 * (src/core/search_text.c) and their FTS5 glue (src/store/sqlite/fts_tokenizer.c), any bytes.
 *
 * Beyond "does not crash":
 *  - every token lies inside the input (start <= end <= size, empty only right after the token
 *    before it), starts never go backwards, a document's tokens that hold a position of their
 *    own never overlap (FTS5's highlight() takes their offsets and garbles overlapping ones), the
 * first token is not colocated, a term is 1..SEARCH_TOKEN_MAX bytes of valid UTF-8 with no
 *    '"' and no white space, and tokenizing twice gives the same tokens;
 *  - every document term, tokenized again as query text, is exactly itself (the builder quotes
 *    terms and FTS5 tokenizes them again: a term that changed would never match);
 *  - the builder refuses exactly what it must (over SEARCH_QUERY_MAX_BYTES, invalid UTF-8, NUL)
 *    and otherwise answers a NUL-terminated expression of the stated length;
 *  - what it accepts parses as an FTS5 MATCH on an in-memory table with tokenize='exdesk', and
 *    finds the document made of the very same text (a user pasting a sentence from an article
 *    finds that article); highlight() of that match only inserts balanced markers.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_search_text/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_search_text.c src/core/search_text.c src/store/sqlite/fts_tokenizer.c \
 *       $(pkg-config --cflags --libs libutf8proc sqlite3) -o /tmp/fuzz_search_text
 *   mkdir -p /tmp/fuzz_search_text.corpus
 *   /tmp/fuzz_search_text /tmp/fuzz_search_text.corpus tests/fuzz/corpus/fuzz_search_text */
#include "core/search_text.h"
#include "store/sqlite/fts_tokenizer.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>
#include <utf8proc.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* Start markers that cannot appear in a document we check highlights on. */
#define HL_OPEN  "\x01"
#define HL_CLOSE "\x02"

static bool valid_utf8(const uint8_t *s, size_t len, bool allow_nul)
{
	size_t pos = 0;

	while (pos < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + pos, (utf8proc_ssize_t)(len - pos), &cp);
		if (k <= 0 || cp < 0 || (cp == 0 && !allow_nul))
			return false;
		pos += (size_t)k;
	}
	return true;
}

/* ------------------------------------------------------------------ token properties */

#define MAX_SEEN 4096

struct seen {
	size_t size;
	enum search_mode mode;
	int count;
	size_t last_start, last_end;
	uint64_t hash; /* of every (flags, term, start, end): the same run twice must agree */
	/* terms kept for the round trip (the first MAX_SEEN) */
	int kept;
	uint16_t len[MAX_SEEN];
	char term[MAX_SEEN][SEARCH_TOKEN_MAX];
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

static int seen_cb(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct seen *s = ctx;

	CHECK(start <= end && end <= s->size);
	CHECK(start < end || (s->count > 0 && start == s->last_end));
	CHECK(s->count == 0 || start >= s->last_start);
	CHECK(s->count > 0 || !(flags & SEARCH_TOKEN_COLOCATED));
	if (!(flags & SEARCH_TOKEN_COLOCATED)) {
		/* A query's bigrams overlap by design; a document's positions must not. */
		CHECK(s->mode == SEARCH_QUERY || start >= s->last_end);
		s->last_end = end;
	}
	CHECK((flags & ~SEARCH_TOKEN_COLOCATED) == 0);
	CHECK(len >= 1 && len <= SEARCH_TOKEN_MAX);
	CHECK(valid_utf8((const uint8_t *)tok, len, false));
	for (size_t i = 0; i < len; i++)
		CHECK(tok[i] != '"' && tok[i] != ' ' && tok[i] != '\t' && tok[i] != '\n');
	s->last_start = start;
	s->count++;
	s->hash = mix(s->hash, &flags, sizeof flags);
	s->hash = mix(s->hash, tok, len);
	s->hash = mix(s->hash, &start, sizeof start);
	s->hash = mix(s->hash, &end, sizeof end);
	if (s->kept < MAX_SEEN) {
		memcpy(s->term[s->kept], tok, len);
		s->len[s->kept] = (uint16_t)len;
		s->kept++;
	}
	return 0;
}

struct one {
	int n;
	size_t len;
	char term[SEARCH_TOKEN_MAX];
};

static int one_cb(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct one *o = ctx;
	(void)flags;
	(void)start;
	(void)end;
	if (o->n++ == 0) {
		memcpy(o->term, tok, len);
		o->len = len;
	}
	return 0;
}

static void check_tokens(const uint8_t *data, size_t size, enum search_mode mode)
{
	static struct seen a, b;

	memset(&a, 0, offsetof(struct seen, len));
	memset(&b, 0, offsetof(struct seen, len));
	a.size = b.size = size;
	a.mode = b.mode = mode;
	CHECK(search_tokenize((const char *)data, size, mode, seen_cb, &a) == 0);
	CHECK(search_tokenize((const char *)data, size, mode, seen_cb, &b) == 0);
	CHECK(a.count == b.count && a.hash == b.hash);
	if (mode != SEARCH_DOCUMENT)
		return;
	for (int i = 0; i < a.kept; i++) {
		struct one o = {0};
		search_tokenize(a.term[i], a.len[i], SEARCH_QUERY, one_cb, &o);
		CHECK(o.n == 1 && o.len == a.len[i] && memcmp(o.term, a.term[i], o.len) == 0);
	}
}

/* ------------------------------------------------------------------ FTS5 */

static sqlite3 *db;
static sqlite3_stmt *st_insert, *st_delete, *st_match;

static void db_init(void)
{
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(fts_tokenizer_register(db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='exdesk')", NULL,
	                   NULL, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "INSERT INTO t(rowid, body) VALUES (1, ?)", -1, &st_insert,
	                         NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db, "DELETE FROM t", -1, &st_delete, NULL) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db,
	                         "SELECT rowid, highlight(t, 0, '" HL_OPEN "', '" HL_CLOSE "') "
	                         "FROM t WHERE t MATCH ?",
	                         -1, &st_match, NULL) == SQLITE_OK);
}

/* Removes the markers and checks they were balanced; the rest must be the document. */
static void check_highlight(const uint8_t *doc, size_t size, const unsigned char *hl, size_t n)
{
	size_t j = 0;
	bool open = false;

	if (memchr(doc, HL_OPEN[0], size) || memchr(doc, HL_CLOSE[0], size))
		return;
	for (size_t i = 0; i < n; i++) {
		if (hl[i] == HL_OPEN[0]) {
			CHECK(!open);
			open = true;
		} else if (hl[i] == HL_CLOSE[0]) {
			CHECK(open);
			open = false;
		} else {
			if (!(j < size && hl[i] == doc[j])) {
				fprintf(stderr, "highlight differs at %zu:\n", j);
				for (size_t k = 0; k < n; k++)
					fprintf(stderr, "%02x", hl[k]);
				fprintf(stderr, "\n");
				for (size_t k = 0; k < size; k++)
					fprintf(stderr, "%02x", doc[k]);
				fprintf(stderr, "\n");
			}
			CHECK(j < size && hl[i] == doc[j]);
			j++;
		}
	}
	CHECK(!open && j == size);
}

static void check_match(const uint8_t *data, size_t size, const char *match)
{
	int rc;
	bool found = false;

	if (db == NULL)
		db_init();
	CHECK(sqlite3_step(st_delete) == SQLITE_DONE);
	sqlite3_reset(st_delete);
	sqlite3_bind_text(st_insert, 1, (const char *)data, (int)size, SQLITE_STATIC);
	CHECK(sqlite3_step(st_insert) == SQLITE_DONE);
	sqlite3_reset(st_insert);
	sqlite3_bind_text(st_match, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st_match)) == SQLITE_ROW) {
		found = true;
		check_highlight(data, size, sqlite3_column_text(st_match, 1),
		                (size_t)sqlite3_column_bytes(st_match, 1));
	}
	if (rc != SQLITE_DONE)
		fprintf(stderr, "MATCH %s: %s\n", match, sqlite3_errmsg(db));
	CHECK(rc == SQLITE_DONE);
	sqlite3_reset(st_match);
	CHECK(found);
}

/* ------------------------------------------------------------------ entry */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[SEARCH_MATCH_MAX];
	size_t len = 0, terms = 0;
	enum search_rc rc;

	check_tokens(data, size, SEARCH_DOCUMENT);
	check_tokens(data, size, SEARCH_QUERY);

	memset(out, 'x', sizeof out);
	rc = search_query_build((const char *)data, size, out, sizeof out, &len, &terms);
	if (size > SEARCH_QUERY_MAX_BYTES) {
		CHECK(rc == SEARCH_TOO_LONG);
	} else if (!valid_utf8(data, size, false)) {
		CHECK(rc == SEARCH_BAD_UTF8);
	} else {
		CHECK(rc == SEARCH_OK || rc == SEARCH_EMPTY || rc == SEARCH_TOO_MANY_TOKENS);
	}
	if (rc != SEARCH_OK) {
		CHECK(out[0] == '\0');
		return 0;
	}
	CHECK(len > 0 && len < sizeof out && out[len] == '\0' && strlen(out) == len);
	CHECK(terms >= 1 && terms <= SEARCH_QUERY_MAX_TOKENS);
	check_match(data, size, out);
	return 0;
}
