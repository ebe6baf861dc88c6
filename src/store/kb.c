/* kb.c — the knowledge base as stored: categories, sections, articles, their translations and
 * versions, readers' feedback, and the full-text search over the translations.
 *
 * The index (kb_fts, external content on kb_translations) is kept by the triggers of 008_kb.sql,
 * so nothing here writes to it and no write can forget it. The search ranks with BM25, the
 * title weighing five times the body, and cuts snippets from the plain text; matched terms are
 * wrapped in the control characters KB_MARK_START/KB_MARK_END, which no stored text contains
 * (the API refuses control characters in titles and bodies, tab and line breaks aside). */
#include "store/store.h"

#include "store/kb_hits.h"
#include "store/rows.h"

/* ---- categories and sections ---- */

#define CAT_COLS "id, slug, position, names, created_at, updated_at"

static void category_read(struct db_stmt *st, struct arena *a, struct kb_category_row *c)
{
	c->id = db_col_int(st, 0);
	c->slug = arena_strdup(a, db_col_text(st, 1));
	c->position = db_col_int(st, 2);
	c->names = arena_strdup(a, db_col_text(st, 3));
	c->created_at = db_col_int(st, 4);
	c->updated_at = db_col_int(st, 5);
}

size_t store_kb_category_list(struct db *db, struct arena *a, struct kb_category_row **out)
{
	static const char SQL[] = "SELECT " CAT_COLS " FROM kb_categories ORDER BY position, id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_category_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		category_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

static bool category_one(struct db *db, struct arena *a, const char *sql, int64_t id,
                         const char *slug, struct kb_category_row *out)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return false;
	if (slug)
		db_bind_str(st, 1, slug);
	else
		db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		category_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_kb_category_get(struct db *db, struct arena *a, int64_t id, struct kb_category_row *out)
{
	static const char SQL[] = "SELECT " CAT_COLS " FROM kb_categories WHERE id = ?";
	return category_one(db, a, SQL, id, NULL, out);
}

bool store_kb_category_get_by_slug(struct db *db, struct arena *a, const char *slug,
                                   struct kb_category_row *out)
{
	static const char SQL[] = "SELECT " CAT_COLS " FROM kb_categories WHERE slug = ?";
	return category_one(db, a, SQL, 0, slug, out);
}

enum db_rc store_kb_category_insert(struct db *w, struct kb_category_row *c)
{
	static const char SQL[] = "INSERT INTO kb_categories (slug, position, names, created_at, "
	                          "updated_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->slug);
	db_bind_int(st, 2, c->position);
	db_bind_str(st, 3, c->names);
	db_bind_int(st, 4, c->created_at);
	db_bind_int(st, 5, c->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		c->id = db_last_id(w);
	return rc;
}

enum db_rc store_kb_category_update(struct db *w, const struct kb_category_row *c)
{
	static const char SQL[] = "UPDATE kb_categories SET slug = ?, position = ?, names = ?, "
	                          "updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->slug);
	db_bind_int(st, 2, c->position);
	db_bind_str(st, 3, c->names);
	db_bind_int(st, 4, c->updated_at);
	db_bind_int(st, 5, c->id);
	return db_run(st);
}

/* Runs a statement whose one parameter is an id. */
static enum db_rc run_by_id(struct db *w, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(w, sql);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return db_run(st);
}

static int64_t count_by_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return 0;
	db_bind_int(st, 1, id);
	return rows_scalar_int(st);
}

enum db_rc store_kb_category_delete(struct db *w, int64_t id)
{
	static const char SQL[] = "DELETE FROM kb_categories WHERE id = ?";
	return run_by_id(w, SQL, id);
}

int64_t store_kb_category_usage(struct db *db, int64_t id)
{
	static const char SECTIONS[] = "SELECT count(*) FROM kb_sections WHERE category_id = ?";
	static const char ARTICLES[] = "SELECT count(*) FROM kb_articles WHERE category_id = ?";
	return count_by_id(db, SECTIONS, id) + count_by_id(db, ARTICLES, id);
}

#define SEC_COLS "id, category_id, slug, position, names, created_at, updated_at"

static void section_read(struct db_stmt *st, struct arena *a, struct kb_section_row *s)
{
	s->id = db_col_int(st, 0);
	s->category_id = db_col_int(st, 1);
	s->slug = arena_strdup(a, db_col_text(st, 2));
	s->position = db_col_int(st, 3);
	s->names = arena_strdup(a, db_col_text(st, 4));
	s->created_at = db_col_int(st, 5);
	s->updated_at = db_col_int(st, 6);
}

size_t store_kb_section_list(struct db *db, struct arena *a, int64_t category_id,
                             struct kb_section_row **out)
{
	static const char SQL[] = "SELECT " SEC_COLS " FROM kb_sections "
	                          "WHERE ? = 0 OR category_id = ? ORDER BY position, id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_section_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, category_id);
		db_bind_int(st, 2, category_id);
		while (db_step(st) == DB_ROW)
			section_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_kb_section_get(struct db *db, struct arena *a, int64_t id, struct kb_section_row *out)
{
	static const char SQL[] = "SELECT " SEC_COLS " FROM kb_sections WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		section_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_kb_section_get_by_slug(struct db *db, struct arena *a, int64_t category_id,
                                  const char *slug, struct kb_section_row *out)
{
	static const char SQL[] =
	    "SELECT " SEC_COLS " FROM kb_sections WHERE category_id = ? AND slug = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, category_id);
	db_bind_str(st, 2, slug);
	bool found = db_step(st) == DB_ROW;
	if (found)
		section_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_kb_section_insert(struct db *w, struct kb_section_row *s)
{
	static const char SQL[] = "INSERT INTO kb_sections (category_id, slug, position, names, "
	                          "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, s->category_id);
	db_bind_str(st, 2, s->slug);
	db_bind_int(st, 3, s->position);
	db_bind_str(st, 4, s->names);
	db_bind_int(st, 5, s->created_at);
	db_bind_int(st, 6, s->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		s->id = db_last_id(w);
	return rc;
}

/* A section that moves to another category takes its articles along. */
enum db_rc store_kb_section_update(struct db *w, const struct kb_section_row *s)
{
	static const char SQL[] = "UPDATE kb_sections SET category_id = ?, slug = ?, position = ?, "
	                          "names = ?, updated_at = ? WHERE id = ?";
	static const char MOVE[] = "UPDATE kb_articles SET category_id = ? WHERE section_id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, s->category_id);
	db_bind_str(st, 2, s->slug);
	db_bind_int(st, 3, s->position);
	db_bind_str(st, 4, s->names);
	db_bind_int(st, 5, s->updated_at);
	db_bind_int(st, 6, s->id);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE || !(st = db_prepare(w, MOVE)))
		return rc != DB_DONE ? rc : DB_ERROR;
	db_bind_int(st, 1, s->category_id);
	db_bind_int(st, 2, s->id);
	return db_run(st);
}

enum db_rc store_kb_section_delete(struct db *w, int64_t id)
{
	static const char SQL[] = "DELETE FROM kb_sections WHERE id = ?";
	return run_by_id(w, SQL, id);
}

int64_t store_kb_section_usage(struct db *db, int64_t id)
{
	static const char SQL[] = "SELECT count(*) FROM kb_articles WHERE section_id = ?";
	return count_by_id(db, SQL, id);
}

/* ---- articles ---- */

#define ART_COLS                                                                                   \
	"a.id, a.category_id, a.section_id, a.author_id, a.view_count, a.helpful_yes, "            \
	"a.helpful_no, a.created_at, a.updated_at, a.published_at, a.default_locale, a.status"
#define ART_NCOLS 12

static void article_read(struct db_stmt *st, struct arena *a, struct kb_article_row *ar)
{
	ar->id = db_col_int(st, 0);
	ar->category_id = db_col_int(st, 1);
	ar->section_id = db_col_int(st, 2);
	ar->author_id = db_col_int(st, 3);
	ar->view_count = db_col_int(st, 4);
	ar->helpful_yes = db_col_int(st, 5);
	ar->helpful_no = db_col_int(st, 6);
	ar->created_at = db_col_int(st, 7);
	ar->updated_at = db_col_int(st, 8);
	ar->published_at = db_col_int(st, 9);
	ar->default_locale = arena_strdup(a, db_col_text(st, 10));
	ar->status = arena_strdup(a, db_col_text(st, 11));
}

bool store_kb_article_get(struct db *db, struct arena *a, int64_t id, struct kb_article_row *out)
{
	static const char SQL[] = "SELECT " ART_COLS " FROM kb_articles a WHERE a.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		article_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_kb_article_insert(struct db *w, struct kb_article_row *ar)
{
	static const char SQL[] = "INSERT INTO kb_articles (category_id, section_id, author_id, "
	                          "default_locale, status, created_at, updated_at, published_at) "
	                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_opt_int(st, 1, ar->category_id);
	db_bind_opt_int(st, 2, ar->section_id);
	db_bind_opt_int(st, 3, ar->author_id);
	db_bind_str(st, 4, ar->default_locale);
	db_bind_str(st, 5, ar->status);
	db_bind_int(st, 6, ar->created_at);
	db_bind_int(st, 7, ar->updated_at);
	db_bind_opt_int(st, 8, ar->published_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		ar->id = db_last_id(w);
	return rc;
}

enum db_rc store_kb_article_update(struct db *w, const struct kb_article_row *ar)
{
	static const char SQL[] = "UPDATE kb_articles SET category_id = ?, section_id = ?, "
	                          "author_id = ?, default_locale = ?, status = ?, updated_at = ?, "
	                          "published_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_opt_int(st, 1, ar->category_id);
	db_bind_opt_int(st, 2, ar->section_id);
	db_bind_opt_int(st, 3, ar->author_id);
	db_bind_str(st, 4, ar->default_locale);
	db_bind_str(st, 5, ar->status);
	db_bind_int(st, 6, ar->updated_at);
	db_bind_opt_int(st, 7, ar->published_at);
	db_bind_int(st, 8, ar->id);
	return db_run(st);
}

/* Children first and explicitly (not by ON DELETE CASCADE), so the index triggers run for every
 * translation whatever the connection's foreign-key setting. */
enum db_rc store_kb_article_delete(struct db *w, int64_t id)
{
	static const char *const SQL[] = {
	    "DELETE FROM kb_translations WHERE article_id = ?",
	    "DELETE FROM kb_versions WHERE article_id = ?",
	    "DELETE FROM kb_feedback WHERE article_id = ?",
	    "DELETE FROM kb_articles WHERE id = ?",
	};
	for (size_t i = 0; i < sizeof SQL / sizeof SQL[0]; i++) {
		enum db_rc rc = run_by_id(w, SQL[i], id);
		if (rc != DB_DONE)
			return rc;
	}
	return DB_DONE;
}

enum db_rc store_kb_article_add_view(struct db *w, int64_t id)
{
	static const char SQL[] = "UPDATE kb_articles SET view_count = view_count + 1 WHERE id = ?";
	return run_by_id(w, SQL, id);
}

/* The translation shown in a list: the wanted locale when the article has it (published, for
 * the public), else the article's default locale — the rule of core/kb.h kb_locale_pick. */
#define LIST_SQL(pub)                                                                              \
	"SELECT " ART_COLS ", t.locale, t.title, t.status, t.updated_at "                          \
	"FROM kb_articles a JOIN kb_translations t ON t.article_id = a.id AND t.locale = "         \
	"  CASE WHEN EXISTS (SELECT 1 FROM kb_translations w WHERE w.article_id = a.id "           \
	"                    AND w.locale = ?" pub(                                                \
	    "w") ") THEN ? ELSE a.default_locale END "                                             \
	         "WHERE (? = 0 OR a.category_id = ?) AND (? = 0 OR a.section_id = ?) "             \
	         "  AND (? IS NULL OR a.status = ?) AND (? = 0 OR a.id < ?)" pub(                  \
	             "t") " ORDER BY a.id DESC LIMIT ?"
#define PUB_NONE(t) ""
#define PUB_ONLY(t) " AND " t ".status = 'published' AND a.status = 'published'"

size_t store_kb_article_list(struct db *db, struct arena *a, const struct kb_list_filter *f,
                             struct kb_listing **out)
{
	static const char ALL[] = LIST_SQL(PUB_NONE);
	static const char PUBLIC[] = LIST_SQL(PUB_ONLY);
	struct db_stmt *st = db_prepare(db, f->public_only ? PUBLIC : ALL);
	struct kb_listing *rows = NULL;
	size_t n = 0, cap = 0;
	*out = NULL;
	if (!st)
		return 0;
	const char *locale = f->locale ? f->locale : "";
	db_bind_str(st, 1, locale);
	db_bind_str(st, 2, locale);
	db_bind_int(st, 3, f->category_id);
	db_bind_int(st, 4, f->category_id);
	db_bind_int(st, 5, f->section_id);
	db_bind_int(st, 6, f->section_id);
	db_bind_str(st, 7, f->status);
	db_bind_str(st, 8, f->status);
	db_bind_int(st, 9, f->before_id);
	db_bind_int(st, 10, f->before_id);
	db_bind_int(st, 11, f->limit);
	while (db_step(st) == DB_ROW) {
		struct kb_listing *l = ROWS_PUSH(a, rows, n, cap);
		article_read(st, a, &l->article);
		l->locale = arena_strdup(a, db_col_text(st, ART_NCOLS));
		l->title = arena_strdup(a, db_col_text(st, ART_NCOLS + 1));
		l->status = arena_strdup(a, db_col_text(st, ART_NCOLS + 2));
		l->translation_updated_at = db_col_int(st, ART_NCOLS + 3);
	}
	db_reset(st);
	*out = rows;
	return n;
}

size_t store_kb_public_counts(struct db *db, struct arena *a, const char *locale,
                              struct kb_count **out)
{
	static const char SQL[] =
	    "SELECT a.category_id, a.section_id, count(*) FROM kb_articles a "
	    "WHERE a.status = 'published' AND a.category_id IS NOT NULL AND EXISTS ("
	    "  SELECT 1 FROM kb_translations t WHERE t.article_id = a.id "
	    "  AND t.status = 'published' AND (t.locale = ? OR t.locale = a.default_locale)) "
	    "GROUP BY a.category_id, a.section_id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_count *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_str(st, 1, locale ? locale : "");
		while (db_step(st) == DB_ROW) {
			struct kb_count *c = ROWS_PUSH(a, rows, n, cap);
			c->category_id = db_col_int(st, 0);
			c->section_id = db_col_int(st, 1);
			c->count = db_col_int(st, 2);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

/* ---- translations and versions ---- */

#define TR_COLS                                                                                    \
	"id, article_id, version, author_id, created_at, updated_at, locale, title, body_md, "     \
	"body_text, status"

static void translation_read(struct db_stmt *st, struct arena *a, struct kb_translation_row *t)
{
	t->id = db_col_int(st, 0);
	t->article_id = db_col_int(st, 1);
	t->version = db_col_int(st, 2);
	t->author_id = db_col_int(st, 3);
	t->created_at = db_col_int(st, 4);
	t->updated_at = db_col_int(st, 5);
	t->locale = arena_strdup(a, db_col_text(st, 6));
	t->title = arena_strdup(a, db_col_text(st, 7));
	t->body_md = arena_strdup(a, db_col_text(st, 8));
	t->body_text = arena_strdup(a, db_col_text(st, 9));
	t->status = arena_strdup(a, db_col_text(st, 10));
}

size_t store_kb_translation_list(struct db *db, struct arena *a, int64_t article_id,
                                 struct kb_translation_row **out)
{
	static const char SQL[] =
	    "SELECT " TR_COLS " FROM kb_translations WHERE article_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_translation_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, article_id);
		while (db_step(st) == DB_ROW)
			translation_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_kb_translation_get(struct db *db, struct arena *a, int64_t article_id,
                              const char *locale, struct kb_translation_row *out)
{
	static const char SQL[] =
	    "SELECT " TR_COLS " FROM kb_translations WHERE article_id = ? AND locale = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, article_id);
	db_bind_str(st, 2, locale);
	bool found = db_step(st) == DB_ROW;
	if (found)
		translation_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_kb_translation_insert(struct db *w, struct kb_translation_row *t)
{
	static const char SQL[] =
	    "INSERT INTO kb_translations (article_id, locale, title, body_md, "
	    "body_text, status, version, author_id, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, t->article_id);
	db_bind_str(st, 2, t->locale);
	db_bind_str(st, 3, t->title);
	db_bind_str(st, 4, t->body_md);
	db_bind_str(st, 5, t->body_text);
	db_bind_str(st, 6, t->status);
	db_bind_int(st, 7, t->version);
	db_bind_opt_int(st, 8, t->author_id);
	db_bind_int(st, 9, t->created_at);
	db_bind_int(st, 10, t->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		t->id = db_last_id(w);
	return rc;
}

enum db_rc store_kb_translation_update(struct db *w, const struct kb_translation_row *t)
{
	static const char SQL[] =
	    "UPDATE kb_translations SET title = ?, body_md = ?, body_text = ?, "
	    "status = ?, version = ?, author_id = ?, updated_at = ? "
	    "WHERE article_id = ? AND locale = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, t->title);
	db_bind_str(st, 2, t->body_md);
	db_bind_str(st, 3, t->body_text);
	db_bind_str(st, 4, t->status);
	db_bind_int(st, 5, t->version);
	db_bind_opt_int(st, 6, t->author_id);
	db_bind_int(st, 7, t->updated_at);
	db_bind_int(st, 8, t->article_id);
	db_bind_str(st, 9, t->locale);
	return db_run(st);
}

/* The versions of the locale go with it: a translation added again later starts at 1. */
enum db_rc store_kb_translation_delete(struct db *w, int64_t article_id, const char *locale)
{
	static const char *const SQL[] = {
	    "DELETE FROM kb_translations WHERE article_id = ? AND locale = ?",
	    "DELETE FROM kb_versions WHERE article_id = ? AND locale = ?",
	};
	for (size_t i = 0; i < sizeof SQL / sizeof SQL[0]; i++) {
		struct db_stmt *st = db_prepare(w, SQL[i]);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, article_id);
		db_bind_str(st, 2, locale);
		enum db_rc rc = db_run(st);
		if (rc != DB_DONE)
			return rc;
	}
	return DB_DONE;
}

enum db_rc store_kb_version_insert(struct db *w, struct kb_version_row *v)
{
	static const char SQL[] = "INSERT INTO kb_versions (article_id, locale, version, title, "
	                          "body_md, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, v->article_id);
	db_bind_str(st, 2, v->locale);
	db_bind_int(st, 3, v->version);
	db_bind_str(st, 4, v->title);
	db_bind_str(st, 5, v->body_md);
	db_bind_opt_int(st, 6, v->author_id);
	db_bind_int(st, 7, v->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		v->id = db_last_id(w);
	return rc;
}

#define VER_COLS                                                                                   \
	"v.id, v.article_id, v.version, v.author_id, v.created_at, v.locale, v.title, ag.name"

static void version_read(struct db_stmt *st, struct arena *a, struct kb_version_row *v)
{
	v->id = db_col_int(st, 0);
	v->article_id = db_col_int(st, 1);
	v->version = db_col_int(st, 2);
	v->author_id = db_col_int(st, 3);
	v->created_at = db_col_int(st, 4);
	v->locale = arena_strdup(a, db_col_text(st, 5));
	v->title = arena_strdup(a, db_col_text(st, 6));
	v->author_name = arena_strdup(a, db_col_text(st, 7));
	v->body_md = NULL;
}

size_t store_kb_version_list(struct db *db, struct arena *a, int64_t article_id, const char *locale,
                             struct kb_version_row **out)
{
	static const char SQL[] = "SELECT " VER_COLS " FROM kb_versions v "
	                          "LEFT JOIN agents ag ON ag.id = v.author_id "
	                          "WHERE v.article_id = ? AND (? IS NULL OR v.locale = ?) "
	                          "ORDER BY v.created_at DESC, v.id DESC";
	struct db_stmt *st = db_prepare(db, SQL);
	struct kb_version_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, article_id);
		db_bind_str(st, 2, locale);
		db_bind_str(st, 3, locale);
		while (db_step(st) == DB_ROW)
			version_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_kb_version_get(struct db *db, struct arena *a, int64_t article_id, const char *locale,
                          int64_t version, struct kb_version_row *out)
{
	static const char SQL[] = "SELECT " VER_COLS ", v.body_md FROM kb_versions v "
	                          "LEFT JOIN agents ag ON ag.id = v.author_id "
	                          "WHERE v.article_id = ? AND v.locale = ? AND v.version = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, article_id);
	db_bind_str(st, 2, locale);
	db_bind_int(st, 3, version);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		version_read(st, a, out);
		out->body_md = arena_strdup(a, db_col_text(st, 8));
	}
	db_reset(st);
	return found;
}

/* ---- feedback ---- */

enum db_rc store_kb_feedback_insert(struct db *w, const struct kb_feedback_row *f)
{
	static const char INS[] =
	    "INSERT INTO kb_feedback (article_id, locale, helpful, client_key, "
	    "day, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	static const char COUNT[] = "UPDATE kb_articles SET helpful_yes = helpful_yes + ?, "
	                            "helpful_no = helpful_no + ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, INS);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, f->article_id);
	db_bind_str(st, 2, f->locale);
	db_bind_int(st, 3, f->helpful);
	db_bind_str(st, 4, f->client_key);
	db_bind_int(st, 5, f->day);
	db_bind_int(st, 6, f->created_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	if (!(st = db_prepare(w, COUNT)))
		return DB_ERROR;
	db_bind_int(st, 1, f->helpful ? 1 : 0);
	db_bind_int(st, 2, f->helpful ? 0 : 1);
	db_bind_int(st, 3, f->article_id);
	return db_run(st);
}

/* ---- search ---- */

/* The score leaves SQLite as an integer (millionths) because db.h reads no floating columns. */
bool store_kb_search(struct db *db, struct arena *a, const struct kb_search_query *q,
                     struct kb_hit **out, size_t *count)
{
	static const char SQL[] =
	    "SELECT t.article_id, a.category_id, a.section_id, t.updated_at, t.locale, t.title, "
	    "  t.status, a.status, highlight(kb_fts, 0, char(2), char(3)), "
	    "  snippet(kb_fts, 1, char(2), char(3), '…', 32), "
	    "  CAST(round(-bm25(kb_fts, 5.0, 1.0) * 1000000) AS INTEGER) "
	    "FROM kb_fts JOIN kb_translations t ON t.id = kb_fts.rowid "
	    "  JOIN kb_articles a ON a.id = t.article_id "
	    "WHERE kb_fts MATCH ? AND (? IS NULL OR t.locale = ?) "
	    "  AND (? = 0 OR a.category_id = ?) AND (? = 0 OR a.section_id = ?) "
	    "  AND (? = 0 OR (? = 1) = (a.status = 'published' AND t.status = 'published')) "
	    "ORDER BY bm25(kb_fts, 5.0, 1.0), t.id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	*out = NULL;
	*count = 0;
	if (!st)
		return false;
	db_bind_str(st, 1, q->match);
	db_bind_str(st, 2, q->locale);
	db_bind_str(st, 3, q->locale);
	db_bind_int(st, 4, q->category_id);
	db_bind_int(st, 5, q->category_id);
	db_bind_int(st, 6, q->section_id);
	db_bind_int(st, 7, q->section_id);
	db_bind_int(st, 8, q->visibility);
	db_bind_int(st, 9, q->visibility);
	db_bind_int(st, 10, q->limit);
	return kb_hits_collect(st, a, out, count);
}
