/* kb_suggest.c — the reads behind the article suggestions for a ticket: the text the customer
 * wrote, how common each of its terms is in the knowledge base, and the one ranked query.
 *
 * Nothing here decides which terms matter (that is src/api/kb_suggest.c); the MATCH expression
 * is built there from quoted index terms, never from user text. Document frequencies come from
 * kb_fts_vocab (011_kb_vocab.sql), an fts5vocab view of kb_fts's own index: one seek per term. */
#include "store/store.h"

#include "store/kb_hits.h"
#include "store/rows.h"

size_t store_kb_suggest_texts(struct db *db, struct arena *a, int64_t ticket_id, int max_messages,
                              size_t max_bytes, struct kb_text **out)
{
	/* Bytes, not characters: substr() of a BLOB counts bytes, so a long body is never read
	 * whole. fold_at is where a mail's quoted history starts (0: nothing folded). */
	static const char SQL[] =
	    "SELECT substr(CAST(body AS BLOB), 1, "
	    "  CASE WHEN fold_at > 0 AND fold_at < ?1 THEN fold_at ELSE ?1 END) "
	    "FROM messages WHERE ticket_id = ?2 AND kind = 'customer' "
	    "ORDER BY id DESC LIMIT ?3";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_text *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, (int64_t)max_bytes);
		db_bind_int(st, 2, ticket_id);
		db_bind_int(st, 3, max_messages);
		while (db_step(st) == DB_ROW) {
			struct kb_text *t = ROWS_PUSH(a, rows, n, cap);
			t->len = db_col_len(st, 0);
			t->p =
			    arena_strndup(a, db_col_blob(st, 0) ? db_col_blob(st, 0) : "", t->len);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_kb_term_docs(struct db *db, const char *terms_json, size_t n, int64_t *docs,
                        int64_t *total)
{
	/* json_each drives the join (its index is the term's position); the vocabulary table is
	 * looked up by term for each (the planner's plan: SCAN j, then v by its term index). */
	static const char SQL[] = "SELECT j.key, v.doc FROM json_each(?) j "
	                          "JOIN kb_fts_vocab v ON v.term = j.value";
	static const char COUNT[] = "SELECT count(*) FROM kb_translations";
	for (size_t i = 0; i < n; i++)
		docs[i] = 0;
	*total = 0;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, terms_json);
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t i = db_col_int(st, 0);
		if (i >= 0 && (size_t)i < n)
			docs[i] = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc != DB_DONE)
		return false;
	st = db_prepare(db, COUNT);
	if (!st)
		return false;
	*total = rows_scalar_int(st);
	return true;
}

bool store_kb_suggest(struct db *db, struct arena *a, const char *match, const char *locale,
                      int limit, struct kb_hit **out, size_t *count)
{
	/* One FTS query. An article's translation in another locale than these two never shows,
	 * and the default locale's only when the article has nothing in `locale`, so each article
	 * comes at most once. The snippet window is smaller than the search page's: it sits in a
	 * narrow panel. */
	static const char SQL[] =
	    "SELECT t.article_id, a.category_id, a.section_id, t.updated_at, t.locale, t.title, "
	    "  t.status, a.status, highlight(kb_fts, 0, char(2), char(3)), "
	    "  snippet(kb_fts, 1, char(2), char(3), '…', 20), "
	    "  CAST(round(-bm25(kb_fts, 5.0, 1.0) * 1000000) AS INTEGER) "
	    "FROM kb_fts JOIN kb_translations t ON t.id = kb_fts.rowid "
	    "  JOIN kb_articles a ON a.id = t.article_id "
	    "WHERE kb_fts MATCH ?1 AND (t.locale = ?2 OR (t.locale = a.default_locale AND "
	    "  NOT EXISTS (SELECT 1 FROM kb_translations o "
	    "              WHERE o.article_id = t.article_id AND o.locale = ?2))) "
	    "ORDER BY t.locale = ?2 DESC, bm25(kb_fts, 5.0, 1.0), t.id LIMIT ?3";
	struct db_stmt *st = db_prepare(db, SQL);
	*out = NULL;
	*count = 0;
	if (!st)
		return false;
	db_bind_str(st, 1, match);
	db_bind_str(st, 2, locale);
	db_bind_int(st, 3, limit);
	return kb_hits_collect(st, a, out, count);
}
