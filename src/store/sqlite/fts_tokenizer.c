/* fts_tokenizer.c — glue between FTS5's tokenizer interface and search_tokenize().
 *
 * FTS5 calls xTokenize with FTS5_TOKENIZE_DOCUMENT when a row is indexed, FTS5_TOKENIZE_AUX when
 * snippet()/highlight() re-read a row, and FTS5_TOKENIZE_QUERY (maybe with _PREFIX) for each
 * quoted string or bareword of a MATCH expression. Documents and re-reads must give the same
 * tokens at the same positions; queries get no colocated unigrams, so a CJK word is the phrase of
 * its bigrams (search_text.h). Prefix queries are not used by exdesk: a prefix request is
 * tokenized like any query term. */
#include "store/sqlite/fts_tokenizer.h"

#include <sqlite3.h>

#include "core/search_text.h"

typedef int (*fts_token_fn)(void *ctx, int tflags, const char *tok, int n, int start, int end);

struct fts_ctx {
	void *ctx;
	fts_token_fn token;
};

static int fts_create(void *unused, const char **argv, int argc, Fts5Tokenizer **out)
{
	/* Stateless: every table shares this one object. */
	static int instance;

	(void)unused;
	(void)argv;
	*out = NULL;
	if (argc != 0) /* tokenize='exdesk' takes no options */
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int fts_token(void *ctx, int flags, const char *tok, size_t len, size_t start, size_t end)
{
	struct fts_ctx *c = ctx;
	return c->token(c->ctx, (flags & SEARCH_TOKEN_COLOCATED) ? FTS5_TOKEN_COLOCATED : 0, tok,
	                (int)len, (int)start, (int)end);
}

static int fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                        fts_token_fn token)
{
	struct fts_ctx c = {.ctx = ctx, .token = token};

	(void)t;
	if (len <= 0)
		return SQLITE_OK;
	return search_tokenize(text, (size_t)len,
	                       (flags & FTS5_TOKENIZE_QUERY) ? SEARCH_QUERY : SEARCH_DOCUMENT,
	                       fts_token, &c);
}

int fts_tokenizer_register(sqlite3 *h)
{
	static fts5_tokenizer tokenizer = {fts_create, fts_delete, fts_tokenize};
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	int rc;

	/* The documented way to reach FTS5's API: its fts5() function hands out a pointer. */
	rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return rc;
	if (api == NULL || api->iVersion < 2)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "exdesk", NULL, &tokenizer, NULL);
}
