/* tickets.c — tickets, their tags and links. */
#include "store/store.h"

#include "store/rows.h"

#define TICKET_COLS                                                                         \
	"t.id, t.number, t.subject, t.status, t.priority, t.channel, t.language, t.category, " \
	"t.customer_id, t.group_id, t.assignee_id, t.parent_id, t.merged_into_id, t.vip, "     \
	"t.created_at, t.updated_at, t.first_reply_at, t.solved_at, t.closed_at"
#define TICKET_NCOLS 19

static void ticket_read(struct db_stmt *st, struct arena *a, struct ticket_row *t)
{
	t->id = db_col_int(st, 0);
	t->number = db_col_int(st, 1);
	t->subject = arena_strdup(a, db_col_text(st, 2));
	t->status = arena_strdup(a, db_col_text(st, 3));
	t->priority = arena_strdup(a, db_col_text(st, 4));
	t->channel = arena_strdup(a, db_col_text(st, 5));
	t->language = arena_strdup(a, db_col_text(st, 6));
	t->category = arena_strdup(a, db_col_text(st, 7));
	t->customer_id = db_col_int(st, 8);
	t->group_id = db_col_int(st, 9);
	t->assignee_id = db_col_int(st, 10);
	t->parent_id = db_col_int(st, 11);
	t->merged_into_id = db_col_int(st, 12);
	t->vip = db_col_int(st, 13) != 0;
	t->created_at = db_col_int(st, 14);
	t->updated_at = db_col_int(st, 15);
	t->first_reply_at = db_col_int(st, 16);
	t->solved_at = db_col_int(st, 17);
	t->closed_at = db_col_int(st, 18);
}

static void tags_load(struct db *db, struct arena *a, struct ticket_row *t)
{
	static const char SQL[] = "SELECT tag FROM ticket_tags WHERE ticket_id = ? ORDER BY tag";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t cap = 0;
	t->tags = NULL;
	t->n_tags = 0;
	if (!st)
		return;
	db_bind_int(st, 1, t->id);
	while (db_step(st) == DB_ROW)
		*ROWS_PUSH(a, t->tags, t->n_tags, cap) = arena_strdup(a, db_col_text(st, 0));
	db_reset(st);
}

bool store_ticket_get(struct db *db, struct arena *a, int64_t id, struct ticket_row *out)
{
	static const char SQL[] = "SELECT " TICKET_COLS " FROM tickets t WHERE t.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		ticket_read(st, a, out);
	db_reset(st);
	if (found)
		tags_load(db, a, out);
	return found;
}

bool store_ticket_get_by_number(struct db *db, struct arena *a, int64_t number, struct ticket_row *out)
{
	static const char SQL[] = "SELECT " TICKET_COLS " FROM tickets t WHERE t.number = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, number);
	bool found = db_step(st) == DB_ROW;
	if (found)
		ticket_read(st, a, out);
	db_reset(st);
	if (found)
		tags_load(db, a, out);
	return found;
}

/* One statement serves every filter combination: an absent filter binds NULL (or 0) and its
 * clause is true. That keeps the SQL static, prepared once, and free of assembled text. The
 * clauses are shared by the plain list and the searches (bind_filters binds them in order). */
#define FILTER_SQL                                                                            \
	"(? = 1 OR t.assignee_id = ? OR t.group_id IN "                                      \
	"  (SELECT ag.group_id FROM agent_groups ag WHERE ag.agent_id = ?)) "                \
	"AND (? = 0 OR t.status IN (?, ?, ?, ?, ?, ?)) "                                      \
	"AND (? IS NULL OR t.priority = ?) "                                                  \
	"AND (? IS NULL OR t.channel = ?) "                                                   \
	"AND (? IS NULL OR t.category = ?) "                                                  \
	"AND (? IS NULL OR EXISTS (SELECT 1 FROM ticket_tags tt WHERE tt.ticket_id = t.id "  \
	"  AND tt.tag = ?)) "                                                                 \
	"AND (? = 0 OR (? = 1 AND t.assignee_id IS NULL) OR (? = 2 AND t.assignee_id = ?)) " \
	"AND (? = 0 OR (? = 1 AND t.group_id IS NULL) OR (? = 2 AND t.group_id = ?)) "       \
	"AND (? = 0 OR t.customer_id = ?) "                                                   \
	"AND (? = 0 OR t.parent_id = ?) "                                                     \
	"AND (? IS NULL OR t.language = ?) "
/* created_at bounds on a column: the ticket's, or the message's in a message search */
#define DATES_SQL(col) "AND (? = 0 OR " col " >= ?) AND (? = 0 OR " col " < ?) "

static void bind_filters(struct db_stmt *st, int *idx, const struct ticket_scope *scope,
			 const struct ticket_filter *f)
{
	int i = *idx;
	db_bind_int(st, i++, scope->all);
	db_bind_int(st, i++, scope->agent_id);
	db_bind_int(st, i++, scope->agent_id);
	db_bind_int(st, i++, f->statuses[0] != NULL);
	for (int k = 0; k < 6; k++)
		db_bind_str(st, i++, f->statuses[0] ? f->statuses[k] : NULL);
	const char *pairs[] = {f->priority, f->channel, f->category, f->tag};
	for (int k = 0; k < 4; k++) {
		db_bind_str(st, i++, pairs[k]);
		db_bind_str(st, i++, pairs[k]);
	}
	for (int k = 0; k < 2; k++) {
		enum id_filter mode = k == 0 ? f->assignee : f->group;
		int64_t id = k == 0 ? f->assignee_id : f->group_id;
		int m = mode == ID_ANY ? 0 : mode == ID_NONE ? 1 : 2;
		db_bind_int(st, i++, m);
		db_bind_int(st, i++, m);
		db_bind_int(st, i++, m);
		db_bind_int(st, i++, id);
	}
	db_bind_int(st, i++, f->customer_id);
	db_bind_int(st, i++, f->customer_id);
	db_bind_int(st, i++, f->parent_id);
	db_bind_int(st, i++, f->parent_id);
	db_bind_str(st, i++, f->language);
	db_bind_str(st, i++, f->language);
	*idx = i;
}

static void bind_dates(struct db_stmt *st, int *idx, const struct ticket_filter *f)
{
	int i = *idx;
	db_bind_int(st, i++, f->has_created_after);
	db_bind_int(st, i++, f->created_after);
	db_bind_int(st, i++, f->has_created_before);
	db_bind_int(st, i++, f->created_before);
	*idx = i;
}

static const char LIST_SQL[] = "SELECT " TICKET_COLS " FROM tickets t WHERE " FILTER_SQL
			       DATES_SQL("t.created_at") "AND (? = 0 OR t.id < ?) "
			       "ORDER BY t.id DESC LIMIT ?";

/* The tickets a text search finds: a subject matching (tickets_fts), a message matching
 * (messages_fts, internal notes included), the ticket with that number, and for roles with PII
 * access a requester whose email or uid contains q (the LIKE scan the list always had; identities
 * are not in a full-text index). */
#define HITS_SQL                                                                              \
	"SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ? "                               \
	"UNION SELECT m.ticket_id FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid " \
	"  WHERE messages_fts MATCH ? "                                                          \
	"UNION SELECT id FROM tickets WHERE number = ? "                                         \
	"UNION SELECT t2.id FROM customer_identities ci JOIN tickets t2 "                        \
	"  ON t2.customer_id = ci.customer_id WHERE ? = 1 AND LOWER(ci.value) LIKE ? ESCAPE '\\'"

static const char TEXT_LIST_SQL[] = "SELECT " TICKET_COLS " FROM tickets t WHERE t.id IN ("
				    HITS_SQL ") AND " FILTER_SQL DATES_SQL("t.created_at")
				    "AND (? = 0 OR t.id < ?) ORDER BY t.id DESC LIMIT ?";

/* Best first: a ticket's score is its subject's BM25 times the subject weight plus its best
 * message's (BM25 values of the two indexes are on the same scale: each sums the IDF-weighted
 * frequencies of the query's terms in one document). The number outranks everything; an
 * identity match alone scores 0. Each index scores only its SEARCH_RANK_WINDOW newest matches
 * that pass the filters (FTS5 walks a term's matches from the highest rowid and the walk stops
 * there), so a word in 40,000 messages costs what one in 10,000 does; older matches are reached
 * by narrowing (dates, filters) or by the newest-first list. bm25() must be evaluated where FTS5
 * runs the query, hence the MATERIALIZED CTEs (inside an aggregate SQLite refuses it). The best
 * message's id comes along (SQLite's bare column beside MAX() is taken from the row holding the
 * maximum). */
static const char RANK_SQL[] =
	"WITH s(id, score) AS MATERIALIZED ("
	"  SELECT t.id, -bm25(tickets_fts) FROM tickets_fts JOIN tickets t ON t.id = tickets_fts.rowid "
	"  WHERE tickets_fts MATCH ? AND " FILTER_SQL DATES_SQL("t.created_at")
	"  ORDER BY tickets_fts.rowid DESC LIMIT ?), "
	"mm(id, mid, score) AS MATERIALIZED ("
	"  SELECT t.id, m.id, -bm25(messages_fts) FROM messages_fts "
	"  JOIN messages m ON m.id = messages_fts.rowid JOIN tickets t ON t.id = m.ticket_id "
	"  WHERE messages_fts MATCH ? AND " FILTER_SQL DATES_SQL("t.created_at")
	"  ORDER BY messages_fts.rowid DESC LIMIT ?), "
	"mb(id, mid, score) AS (SELECT id, mid, MAX(score) FROM mm GROUP BY id), "
	"hits(id, mid, score) AS ("
	"  SELECT id, 0, ? * score FROM s UNION ALL SELECT id, mid, score FROM mb "
	"  UNION ALL SELECT id, 0, 1e9 FROM tickets WHERE number = ? "
	"  UNION ALL SELECT t2.id, 0, 0 FROM customer_identities ci JOIN tickets t2 "
	"    ON t2.customer_id = ci.customer_id WHERE ? = 1 AND LOWER(ci.value) LIKE ? ESCAPE '\\'), "
	"ranked(id, mid, score) AS (SELECT id, MAX(mid), SUM(score) FROM hits GROUP BY id) "
	"SELECT " TICKET_COLS ", r.mid, CAST(round(r.score * 1000000) AS INTEGER) "
	"FROM ranked r JOIN tickets t ON t.id = r.id WHERE " FILTER_SQL DATES_SQL("t.created_at")
	"ORDER BY r.score DESC, t.id DESC LIMIT ? OFFSET ?";

static void bind_hits(struct db_stmt *st, int *idx, const struct ticket_filter *f)
{
	int i = *idx;
	db_bind_str(st, i++, f->match_subject ? f->match_subject : f->match);
	db_bind_str(st, i++, f->match);
	db_bind_int(st, i++, f->number);
	db_bind_int(st, i++, f->q_identities && f->q);
	db_bind_str(st, i++, f->q);
	*idx = i;
}

/* Best-first tickets with their best message and score. */
static size_t rank_tickets(struct db *db, struct arena *a, const struct ticket_scope *scope,
			   const struct ticket_filter *f, struct search_hit **out)
{
	struct db_stmt *st = db_prepare(db, RANK_SQL);
	struct search_hit *rows = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (!st || !f->match)
		return 0;
	int i = 1;
	for (int k = 0; k < 2; k++) { /* the subjects' window, then the messages' */
		db_bind_str(st, i++, k == 0 && f->match_subject ? f->match_subject : f->match);
		bind_filters(st, &i, scope, f);
		bind_dates(st, &i, f);
		db_bind_int(st, i++, SEARCH_RANK_WINDOW);
	}
	db_bind_int(st, i++, SEARCH_SUBJECT_WEIGHT);
	db_bind_int(st, i++, f->number);
	db_bind_int(st, i++, f->q_identities && f->q);
	db_bind_str(st, i++, f->q);
	bind_filters(st, &i, scope, f);
	bind_dates(st, &i, f);
	db_bind_int(st, i++, f->limit);
	db_bind_int(st, i++, f->offset);
	while (db_step(st) == DB_ROW) {
		struct search_hit *h = ROWS_PUSH(a, rows, n, cap);
		ticket_read(st, a, &h->ticket);
		h->message_id = db_col_int(st, TICKET_NCOLS);
		h->score = (double)db_col_int(st, TICKET_NCOLS + 1) / 1e6;
	}
	db_reset(st);
	*out = rows;
	return n;
}

size_t store_ticket_list(struct db *db, struct arena *a, const struct ticket_scope *scope,
			 const struct ticket_filter *f, struct ticket_row **out)
{
	struct ticket_row *rows = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (f->relevance) {
		struct search_hit *hits;
		n = rank_tickets(db, a, scope, f, &hits);
		rows = n ? arena_alloc(a, n * sizeof *rows) : NULL;
		for (size_t k = 0; k < n; k++)
			rows[k] = hits[k].ticket;
	} else {
		bool text = f->match != NULL;
		struct db_stmt *st = db_prepare(db, text ? TEXT_LIST_SQL : LIST_SQL);
		if (!st)
			return 0;
		int i = 1;
		if (text)
			bind_hits(st, &i, f);
		bind_filters(st, &i, scope, f);
		bind_dates(st, &i, f);
		db_bind_int(st, i++, f->before_id);
		db_bind_int(st, i++, f->before_id);
		db_bind_int(st, i++, f->limit);
		while (db_step(st) == DB_ROW)
			ticket_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	for (size_t k = 0; k < n; k++)
		tags_load(db, a, &rows[k]);
	*out = rows;
	return n;
}

/* ---- search hits with snippets ---- */

/* The marked subject, and the marked snippet of a message, read back for one hit each: FTS5
 * computes snippet() for every row a statement produces before an ORDER BY ... LIMIT keeps a
 * page of them, so the ranking statements select ids and scores only and these run for the
 * page (MATCH plus rowid = ?: FTS5 seeks to the row in each term's list). */
static const char SUBJECT_MARK_SQL[] =
	"SELECT highlight(tickets_fts, 0, ?, ?) FROM tickets_fts "
	"WHERE tickets_fts MATCH ? AND rowid = ?";
static const char SNIPPET_SQL[] =
	"SELECT snippet(messages_fts, 0, ?, ?, '…', ?) FROM messages_fts "
	"WHERE messages_fts MATCH ? AND rowid = ?";

static const char *marked_one(struct db *db, struct arena *a, const char *sql, const char *match,
			      int64_t rowid)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return NULL;
	int i = 1;
	db_bind_str(st, i++, SEARCH_MARK_START);
	db_bind_str(st, i++, SEARCH_MARK_END);
	if (sql == SNIPPET_SQL)
		db_bind_int(st, i++, SEARCH_SNIPPET_TOKENS);
	db_bind_str(st, i++, match);
	db_bind_int(st, i++, rowid);
	const char *v = NULL;
	if (db_step(st) == DB_ROW)
		v = arena_strndup(a, db_col_text(st, 0), db_col_len(st, 0));
	db_reset(st);
	return v;
}

static void hit_marks(struct db *db, struct arena *a, const struct ticket_filter *f,
		      struct search_hit *h)
{
	h->subject_marked = marked_one(db, a, SUBJECT_MARK_SQL,
				       f->match_subject ? f->match_subject : f->match, h->ticket.id);
	if (!h->subject_marked)
		h->subject_marked = h->ticket.subject;
	if (h->message_id)
		h->snippet = marked_one(db, a, SNIPPET_SQL, f->match, h->message_id);
}

size_t store_search_tickets(struct db *db, struct arena *a, const struct ticket_scope *scope,
			    const struct ticket_filter *f, struct search_hit **out)
{
	size_t n = rank_tickets(db, a, scope, f, out);
	for (size_t k = 0; k < n; k++)
		hit_marks(db, a, f, &(*out)[k]);
	return n;
}

/* The newest SEARCH_RANK_WINDOW matching messages that pass the filters, best first (see
 * RANK_SQL for the window). */
static const char MESSAGES_SQL[] =
	"WITH w(id, score) AS MATERIALIZED ("
	"  SELECT m.id, -bm25(messages_fts) FROM messages_fts "
	"  JOIN messages m ON m.id = messages_fts.rowid JOIN tickets t ON t.id = m.ticket_id "
	"  WHERE messages_fts MATCH ? AND " FILTER_SQL DATES_SQL("m.created_at")
	"  ORDER BY messages_fts.rowid DESC LIMIT ?) "
	"SELECT " TICKET_COLS ", m.id, m.kind, m.author_type, m.created_at, "
	"  CAST(round(w.score * 1000000) AS INTEGER) "
	"FROM w JOIN messages m ON m.id = w.id JOIN tickets t ON t.id = m.ticket_id "
	"ORDER BY w.score DESC, m.id DESC LIMIT ? OFFSET ?";

size_t store_search_messages(struct db *db, struct arena *a, const struct ticket_scope *scope,
			     const struct ticket_filter *f, struct search_hit **out)
{
	struct db_stmt *st = db_prepare(db, MESSAGES_SQL);
	struct search_hit *rows = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (!st || !f->match)
		return 0;
	int i = 1;
	db_bind_str(st, i++, f->match);
	bind_filters(st, &i, scope, f);
	bind_dates(st, &i, f);
	db_bind_int(st, i++, SEARCH_RANK_WINDOW);
	db_bind_int(st, i++, f->limit);
	db_bind_int(st, i++, f->offset);
	while (db_step(st) == DB_ROW) {
		struct search_hit *h = ROWS_PUSH(a, rows, n, cap);
		ticket_read(st, a, &h->ticket);
		int c = TICKET_NCOLS;
		h->message_id = db_col_int(st, c++);
		h->kind = arena_strdup(a, db_col_text(st, c++));
		h->author_type = arena_strdup(a, db_col_text(st, c++));
		h->created_at = db_col_int(st, c++);
		h->score = (double)db_col_int(st, c++) / 1e6;
	}
	db_reset(st);
	for (size_t k = 0; k < n; k++) {
		rows[k].subject_marked = rows[k].ticket.subject;
		rows[k].snippet = marked_one(db, a, SNIPPET_SQL, f->match, rows[k].message_id);
	}
	*out = rows;
	return n;
}

static enum db_rc tags_store(struct db *w, const struct ticket_row *t)
{
	static const char DEL[] = "DELETE FROM ticket_tags WHERE ticket_id = ?";
	static const char INS[] = "INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) "
				  "ON CONFLICT DO NOTHING";
	struct db_stmt *st = db_prepare(w, DEL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, t->id);
	enum db_rc rc = db_run(st);
	for (size_t i = 0; rc == DB_DONE && i < t->n_tags; i++) {
		if (!(st = db_prepare(w, INS)))
			return DB_ERROR;
		db_bind_int(st, 1, t->id);
		db_bind_str(st, 2, t->tags[i]);
		rc = db_run(st);
	}
	return rc;
}

enum db_rc store_ticket_insert(struct db *w, struct ticket_row *t)
{
	static const char SQL[] =
		"INSERT INTO tickets (number, subject, status, priority, channel, language, category, "
		"customer_id, group_id, assignee_id, parent_id, merged_into_id, vip, created_at, "
		"updated_at, first_reply_at, solved_at, closed_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, t->number);
	db_bind_str(st, 2, t->subject);
	db_bind_str(st, 3, t->status);
	db_bind_str(st, 4, t->priority);
	db_bind_str(st, 5, t->channel);
	db_bind_str(st, 6, t->language ? t->language : "");
	db_bind_str(st, 7, t->category);
	db_bind_int(st, 8, t->customer_id);
	db_bind_opt_int(st, 9, t->group_id);
	db_bind_opt_int(st, 10, t->assignee_id);
	db_bind_opt_int(st, 11, t->parent_id);
	db_bind_opt_int(st, 12, t->merged_into_id);
	db_bind_int(st, 13, t->vip);
	db_bind_int(st, 14, t->created_at);
	db_bind_int(st, 15, t->updated_at);
	db_bind_opt_int(st, 16, t->first_reply_at);
	db_bind_opt_int(st, 17, t->solved_at);
	db_bind_opt_int(st, 18, t->closed_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	t->id = db_last_id(w);
	return tags_store(w, t);
}

enum db_rc store_ticket_update(struct db *w, const struct ticket_row *t)
{
	static const char SQL[] =
		"UPDATE tickets SET subject = ?, status = ?, priority = ?, language = ?, category = ?, "
		"group_id = ?, assignee_id = ?, merged_into_id = ?, vip = ?, updated_at = ?, "
		"first_reply_at = ?, solved_at = ?, closed_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, t->subject);
	db_bind_str(st, 2, t->status);
	db_bind_str(st, 3, t->priority);
	db_bind_str(st, 4, t->language ? t->language : "");
	db_bind_str(st, 5, t->category);
	db_bind_opt_int(st, 6, t->group_id);
	db_bind_opt_int(st, 7, t->assignee_id);
	db_bind_opt_int(st, 8, t->merged_into_id);
	db_bind_int(st, 9, t->vip);
	db_bind_int(st, 10, t->updated_at);
	db_bind_opt_int(st, 11, t->first_reply_at);
	db_bind_opt_int(st, 12, t->solved_at);
	db_bind_opt_int(st, 13, t->closed_at);
	db_bind_int(st, 14, t->id);
	enum db_rc rc = db_run(st);
	return rc == DB_DONE ? tags_store(w, t) : rc;
}

void store_ticket_count_by_status(struct db *db, const char *const *statuses, size_t n, int64_t *counts)
{
	static const char SQL[] = "SELECT status, COUNT(*) FROM tickets GROUP BY status";
	for (size_t i = 0; i < n; i++)
		counts[i] = 0;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return;
	while (db_step(st) == DB_ROW) {
		const char *s = db_col_text(st, 0);
		for (size_t i = 0; i < n; i++)
			if (s && strcmp(s, statuses[i]) == 0)
				counts[i] = db_col_int(st, 1);
	}
	db_reset(st);
}

size_t store_tag_counts(struct db *db, struct arena *a, const struct ticket_scope *scope,
			struct tag_count **out)
{
	static const char SQL[] =
		"SELECT tt.tag, COUNT(*) FROM ticket_tags tt JOIN tickets t ON t.id = tt.ticket_id "
		"WHERE (? = 1 OR t.assignee_id = ? OR t.group_id IN "
		"  (SELECT ag.group_id FROM agent_groups ag WHERE ag.agent_id = ?)) "
		"GROUP BY tt.tag ORDER BY COUNT(*) DESC, tt.tag LIMIT 1000";
	struct db_stmt *st = db_prepare(db, SQL);
	struct tag_count *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, scope->all);
		db_bind_int(st, 2, scope->agent_id);
		db_bind_int(st, 3, scope->agent_id);
		while (db_step(st) == DB_ROW) {
			struct tag_count *tc = ROWS_PUSH(a, rows, n, cap);
			tc->name = arena_strdup(a, db_col_text(st, 0));
			tc->count = db_col_int(st, 1);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

enum db_rc store_link_insert(struct db *w, int64_t parent_id, int64_t child_id, const char *kind,
			     int64_t now)
{
	static const char SQL[] = "INSERT INTO ticket_links (parent_id, child_id, kind, created_at) "
				  "VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, parent_id);
	db_bind_int(st, 2, child_id);
	db_bind_str(st, 3, kind);
	db_bind_int(st, 4, now);
	return db_run(st);
}

size_t store_link_list(struct db *db, struct arena *a, int64_t ticket_id, struct link_row **out)
{
	static const char SQL[] = "SELECT parent_id, child_id, kind, created_at FROM ticket_links "
				  "WHERE parent_id = ? OR child_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct link_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		db_bind_int(st, 2, ticket_id);
		while (db_step(st) == DB_ROW) {
			struct link_row *l = ROWS_PUSH(a, rows, n, cap);
			l->parent_id = db_col_int(st, 0);
			l->child_id = db_col_int(st, 1);
			l->kind = arena_strdup(a, db_col_text(st, 2));
			l->created_at = db_col_int(st, 3);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_ticket_is_escalation(struct db *db, int64_t ticket_id)
{
	static const char SQL[] = "SELECT 1 FROM ticket_links WHERE child_id = ? AND "
				  "kind = 'escalation' LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, ticket_id);
	return rows_scalar_int(st) == 1;
}
