/* macros.c — canned replies as stored: one row per macro, one row per variant (locale). */
#include "store/store.h"

#include "store/rows.h"

#define MACRO_COLS                                                                                 \
	"m.id, m.name, m.group_id, m.default_locale, m.set_status, m.set_priority, m.add_tags, "   \
	"m.remove_tags, m.public_reply, m.created_by, m.created_at, m.updated_at"

/* Variants come back in the desk's locale order (core/macro.h), whatever order they were added. */
#define LOCALE_ORDER                                                                               \
	"CASE locale WHEN 'en' THEN 0 WHEN 'zh-CN' THEN 1 WHEN 'zh-TW' THEN 2 WHEN 'ja' THEN 3 "   \
	"WHEN 'ko' THEN 4 WHEN 'ru' THEN 5 WHEN 'es' THEN 6 WHEN 'vi' THEN 7 ELSE 8 END"

static const char *dup_or_null(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void macro_read(struct db_stmt *st, struct arena *a, struct macro_row *m)
{
	m->id = db_col_int(st, 0);
	m->name = arena_strdup(a, db_col_text(st, 1));
	m->group_id = db_col_int(st, 2);
	m->default_locale = arena_strdup(a, db_col_text(st, 3));
	m->set_status = dup_or_null(a, db_col_text(st, 4));
	m->set_priority = dup_or_null(a, db_col_text(st, 5));
	m->add_tags = arena_strdup(a, db_col_text(st, 6));
	m->remove_tags = arena_strdup(a, db_col_text(st, 7));
	m->public_reply = db_col_int(st, 8) != 0;
	m->created_by = db_col_int(st, 9);
	m->created_at = db_col_int(st, 10);
	m->updated_at = db_col_int(st, 11);
	m->variants = NULL;
	m->n_variants = 0;
}

static void variants_read(struct db *db, struct arena *a, struct macro_row *m)
{
	static const char SQL[] = "SELECT locale, body, updated_at FROM macro_variants "
	                          "WHERE macro_id = ? ORDER BY " LOCALE_ORDER;
	struct db_stmt *st = db_prepare(db, SQL);
	size_t cap = 0;
	if (!st)
		return;
	db_bind_int(st, 1, m->id);
	while (db_step(st) == DB_ROW) {
		struct macro_variant_row *v = ROWS_PUSH(a, m->variants, m->n_variants, cap);
		v->locale = arena_strdup(a, db_col_text(st, 0));
		v->body = arena_strdup(a, db_col_text(st, 1));
		v->updated_at = db_col_int(st, 2);
	}
	db_reset(st);
}

size_t store_macro_list(struct db *db, struct arena *a, const struct ticket_scope *scope,
                        const char *q, struct macro_row **out)
{
	static const char SQL[] =
	    "SELECT " MACRO_COLS " FROM macros m WHERE "
	    "(? = 1 OR m.group_id IS NULL OR m.group_id IN "
	    "  (SELECT ag.group_id FROM agent_groups ag WHERE ag.agent_id = ?)) "
	    "AND (? IS NULL OR LOWER(m.name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "
	    "  macro_variants v WHERE v.macro_id = m.id AND LOWER(v.body) LIKE ? ESCAPE '\\')) "
	    "ORDER BY m.name, m.id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct macro_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, scope->all);
		db_bind_int(st, 2, scope->agent_id);
		db_bind_str(st, 3, q);
		db_bind_str(st, 4, q);
		db_bind_str(st, 5, q);
		while (db_step(st) == DB_ROW)
			macro_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	for (size_t i = 0; i < n; i++)
		variants_read(db, a, &rows[i]);
	*out = rows;
	return n;
}

bool store_macro_get(struct db *db, struct arena *a, int64_t id, struct macro_row *out)
{
	static const char SQL[] = "SELECT " MACRO_COLS " FROM macros m WHERE m.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		macro_read(st, a, out);
	db_reset(st);
	if (found)
		variants_read(db, a, out);
	return found;
}

int64_t store_macro_find_name(struct db *db, const char *name)
{
	static const char SQL[] = "SELECT id FROM macros WHERE name = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_str(st, 1, name);
	return rows_scalar_int(st);
}

int64_t store_macro_count(struct db *db)
{
	static const char SQL[] = "SELECT COUNT(*) FROM macros";
	struct db_stmt *st = db_prepare(db, SQL);
	return st ? rows_scalar_int(st) : 0;
}

static enum db_rc variants_store(struct db *w, const struct macro_row *m)
{
	static const char DEL[] = "DELETE FROM macro_variants WHERE macro_id = ?";
	static const char INS[] = "INSERT INTO macro_variants (macro_id, locale, body, updated_at) "
	                          "VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, DEL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, m->id);
	enum db_rc rc = db_run(st);
	for (size_t i = 0; rc == DB_DONE && i < m->n_variants; i++) {
		if (!(st = db_prepare(w, INS)))
			return DB_ERROR;
		db_bind_int(st, 1, m->id);
		db_bind_str(st, 2, m->variants[i].locale);
		db_bind_str(st, 3, m->variants[i].body);
		db_bind_int(st, 4, m->variants[i].updated_at);
		rc = db_run(st);
	}
	return rc;
}

/* The columns both writes set, bound from 1 in this order. */
static void bind_fields(struct db_stmt *st, const struct macro_row *m)
{
	db_bind_str(st, 1, m->name);
	db_bind_opt_int(st, 2, m->group_id);
	db_bind_str(st, 3, m->default_locale);
	db_bind_str(st, 4, m->set_status);
	db_bind_str(st, 5, m->set_priority);
	db_bind_str(st, 6, m->add_tags ? m->add_tags : "");
	db_bind_str(st, 7, m->remove_tags ? m->remove_tags : "");
	db_bind_int(st, 8, m->public_reply);
	db_bind_int(st, 9, m->updated_at);
}

enum db_rc store_macro_insert(struct db *w, struct macro_row *m)
{
	static const char SQL[] =
	    "INSERT INTO macros (name, group_id, default_locale, set_status, set_priority, "
	    "add_tags, remove_tags, public_reply, updated_at, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	bind_fields(st, m);
	db_bind_opt_int(st, 10, m->created_by);
	db_bind_int(st, 11, m->created_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	m->id = db_last_id(w);
	return variants_store(w, m);
}

enum db_rc store_macro_update(struct db *w, const struct macro_row *m)
{
	static const char SQL[] =
	    "UPDATE macros SET name = ?, group_id = ?, default_locale = ?, set_status = ?, "
	    "set_priority = ?, add_tags = ?, remove_tags = ?, public_reply = ?, updated_at = ? "
	    "WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	bind_fields(st, m);
	db_bind_int(st, 10, m->id);
	enum db_rc rc = db_run(st);
	return rc == DB_DONE ? variants_store(w, m) : rc;
}

enum db_rc store_macro_delete(struct db *w, int64_t id)
{
	static const char VAR[] = "DELETE FROM macro_variants WHERE macro_id = ?";
	static const char SQL[] = "DELETE FROM macros WHERE id = ?";
	struct db_stmt *st = db_prepare(w, VAR);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE || !(st = db_prepare(w, SQL)))
		return rc == DB_DONE ? DB_ERROR : rc;
	db_bind_int(st, 1, id);
	return db_run(st);
}
