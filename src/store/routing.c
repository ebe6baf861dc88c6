/* routing.c — the routing rules as stored: ordered rows holding the JSON the API validated. */
#include "store/store.h"

#include "store/rows.h"

#define RULE_COLS "id, position, name, enabled, conditions, actions, created_at, updated_at"

static void rule_read(struct db_stmt *st, struct arena *a, struct routing_rule_row *r)
{
	r->id = db_col_int(st, 0);
	r->position = db_col_int(st, 1);
	r->name = arena_strdup(a, db_col_text(st, 2));
	r->enabled = db_col_int(st, 3) != 0;
	r->conditions = arena_strdup(a, db_col_text(st, 4));
	r->actions = arena_strdup(a, db_col_text(st, 5));
	r->created_at = db_col_int(st, 6);
	r->updated_at = db_col_int(st, 7);
}

size_t store_routing_rule_list(struct db *db, struct arena *a, struct routing_rule_row **out)
{
	static const char SQL[] = "SELECT " RULE_COLS " FROM routing_rules ORDER BY position, id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct routing_rule_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		while (db_step(st) == DB_ROW)
			rule_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_routing_rule_get(struct db *db, struct arena *a, int64_t id, struct routing_rule_row *out)
{
	static const char SQL[] = "SELECT " RULE_COLS " FROM routing_rules WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		rule_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_routing_rule_insert(struct db *w, struct routing_rule_row *r)
{
	static const char SQL[] = "INSERT INTO routing_rules (position, name, enabled, conditions, "
				  "actions, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, r->position);
	db_bind_str(st, 2, r->name);
	db_bind_int(st, 3, r->enabled);
	db_bind_str(st, 4, r->conditions);
	db_bind_str(st, 5, r->actions);
	db_bind_int(st, 6, r->created_at);
	db_bind_int(st, 7, r->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		r->id = db_last_id(w);
	return rc;
}

enum db_rc store_routing_rule_update(struct db *w, const struct routing_rule_row *r)
{
	static const char SQL[] = "UPDATE routing_rules SET position = ?, name = ?, enabled = ?, "
				  "conditions = ?, actions = ?, updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, r->position);
	db_bind_str(st, 2, r->name);
	db_bind_int(st, 3, r->enabled);
	db_bind_str(st, 4, r->conditions);
	db_bind_str(st, 5, r->actions);
	db_bind_int(st, 6, r->updated_at);
	db_bind_int(st, 7, r->id);
	return db_run(st);
}

enum db_rc store_routing_rule_delete(struct db *w, int64_t id)
{
	static const char SQL[] = "DELETE FROM routing_rules WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return db_run(st);
}
