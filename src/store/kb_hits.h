/* kb_hits.h — private to src/store: reading knowledge-base search hits. The agents' search
 * (kb.c) and the suggestions for a ticket (kb_suggest.c) select the same eleven columns —
 * article id, category, section, updated_at, locale, title, translation status, article status,
 * highlighted title, snippet, score x 1e6 — in this order, and collect them here. */
#ifndef EXDESK_STORE_KB_HITS_H
#define EXDESK_STORE_KB_HITS_H
#include "store/rows.h"
#include "store/store.h"

/* Step st (already bound) to the end, appending each row to an arena array; resets st. True
 * when the statement ran to its end. */
static inline bool kb_hits_collect(struct db_stmt *st, struct arena *a, struct kb_hit **out,
				   size_t *count)
{
	struct kb_hit *rows = NULL;
	size_t n = 0, cap = 0;
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct kb_hit *h = ROWS_PUSH(a, rows, n, cap);
		h->article_id = db_col_int(st, 0);
		h->category_id = db_col_int(st, 1);
		h->section_id = db_col_int(st, 2);
		h->updated_at = db_col_int(st, 3);
		h->locale = arena_strdup(a, db_col_text(st, 4));
		h->title = arena_strdup(a, db_col_text(st, 5));
		h->status = arena_strdup(a, db_col_text(st, 6));
		h->article_status = arena_strdup(a, db_col_text(st, 7));
		h->title_marked = arena_strdup(a, db_col_text(st, 8));
		h->snippet = arena_strdup(a, db_col_text(st, 9));
		h->score = (double)db_col_int(st, 10) / 1e6;
	}
	db_reset(st);
	*out = rows;
	*count = n;
	return rc == DB_DONE;
}

#endif
