/* settings.c — key/value settings, named counters, categories. */
#include "store/store.h"

#include "store/rows.h"

#include <string.h>

char *store_setting_get(struct db *db, struct arena *a, const char *key)
{
	static const char SQL[] = "SELECT value FROM settings WHERE key = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return NULL;
	db_bind_str(st, 1, key);
	char *v = NULL;
	if (db_step(st) == DB_ROW)
		v = arena_strdup(a, db_col_text(st, 0));
	db_reset(st);
	return v;
}

bool store_setting_set(struct db *w, const char *key, const char *value)
{
	static const char DEL[] = "DELETE FROM settings WHERE key = ?";
	if (!value) { /* unset */
		struct db_stmt *d = db_prepare(w, DEL);
		if (!d)
			return false;
		db_bind_str(d, 1, key);
		return db_run(d) == DB_DONE;
	}
	static const char SQL[] = "INSERT INTO settings (key, value) VALUES (?, ?) "
				  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, key);
	db_bind_str(st, 2, value);
	return db_run(st) == DB_DONE;
}

int64_t store_counter_next(struct db *w, const char *name)
{
	static const char UPD[] = "UPDATE counters SET value = value + 1 WHERE name = ?";
	static const char SEL[] = "SELECT value FROM counters WHERE name = ?";
	struct db_stmt *st = db_prepare(w, UPD);
	if (!st)
		return 0;
	db_bind_str(st, 1, name);
	if (db_run(st) != DB_DONE || db_changes(w) != 1)
		return 0;
	st = db_prepare(w, SEL);
	if (!st)
		return 0;
	db_bind_str(st, 1, name);
	return rows_scalar_int(st);
}

size_t store_category_list(struct db *db, struct arena *a, struct category_row **out)
{
	static const char SQL[] = "SELECT slug, name FROM categories ORDER BY slug";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0, cap = 0;
	struct category_row *rows = NULL;
	while (st && db_step(st) == DB_ROW) {
		struct category_row *c = ROWS_PUSH(a, rows, n, cap);
		c->slug = arena_strdup(a, db_col_text(st, 0));
		c->name = arena_strdup(a, db_col_text(st, 1));
	}
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

bool store_category_exists(struct db *db, const char *slug)
{
	static const char SQL[] = "SELECT 1 FROM categories WHERE slug = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, slug);
	bool found = db_step(st) == DB_ROW;
	db_reset(st);
	return found;
}

int64_t store_counter_get(struct db *db, const char *name)
{
	static const char SQL[] = "SELECT value FROM counters WHERE name = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_str(st, 1, name);
	return rows_scalar_int(st);
}
