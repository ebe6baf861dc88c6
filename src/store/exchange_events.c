/* exchange_events.c — see exchange_events.h. */
#include "store/exchange_events.h"

#include "store/rows.h"

#define COLS "id, event_id, type, body, received_at, status, attempts, next_at, error, " \
             "COALESCE(ticket_id, 0), COALESCE(done_at, 0)"

static void read_row(struct db_stmt *st, struct arena *a, struct exevent_row *e)
{
	e->id = db_col_int(st, 0);
	e->event_id = arena_strdup(a, db_col_text(st, 1));
	e->type = arena_strdup(a, db_col_text(st, 2));
	e->body = arena_strdup(a, db_col_text(st, 3));
	e->received_at = db_col_int(st, 4);
	e->status = arena_strdup(a, db_col_text(st, 5));
	e->attempts = (int)db_col_int(st, 6);
	e->next_at = db_col_int(st, 7);
	e->error = arena_strdup(a, db_col_text(st, 8));
	e->ticket_id = db_col_int(st, 9);
	e->done_at = db_col_int(st, 10);
}

enum db_rc store_exevent_insert(struct db *w, const char *event_id, const char *type,
                                const char *body, int64_t now, int64_t *id, bool *duplicate)
{
	static const char INS[] = "INSERT INTO exchange_events (event_id, type, body, received_at, "
	                          "next_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
	static const char SEL[] = "SELECT id FROM exchange_events WHERE event_id = ?";
	struct db_stmt *st = db_prepare(w, INS);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, event_id);
	db_bind_str(st, 2, type);
	db_bind_str(st, 3, body);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, now);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	*duplicate = db_changes(w) == 0;
	st = db_prepare(w, SEL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, event_id);
	*id = rows_scalar_int(st);
	return *id ? DB_DONE : DB_ERROR;
}

bool store_exevent_next_due(struct db *db, struct arena *a, int64_t now, struct exevent_row *out)
{
	static const char SQL[] = "SELECT " COLS " FROM exchange_events "
	                          "WHERE status = 'new' AND next_at <= ? ORDER BY next_at, id LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, now);
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_row(st, a, out);
	db_reset(st);
	return found;
}

int64_t store_exevent_next_at(struct db *db)
{
	static const char SQL[] = "SELECT COALESCE(MIN(next_at), 0) FROM exchange_events "
	                          "WHERE status = 'new'";
	struct db_stmt *st = db_prepare(db, SQL);
	return st ? rows_scalar_int(st) : 0;
}

bool store_exevent_get(struct db *db, struct arena *a, int64_t id, struct exevent_row *out)
{
	static const char SQL[] = "SELECT " COLS " FROM exchange_events WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_row(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_exevent_finish(struct db *w, int64_t id, const char *status, const char *error,
                                int64_t ticket_id, int64_t now)
{
	static const char SQL[] = "UPDATE exchange_events SET status = ?, error = ?, "
	                          "ticket_id = ?, done_at = ?, attempts = attempts + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, status);
	db_bind_str(st, 2, error ? error : "");
	db_bind_opt_int(st, 3, ticket_id);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, id);
	return db_run(st);
}

enum db_rc store_exevent_retry(struct db *w, int64_t id, int64_t next_at, const char *error)
{
	static const char SQL[] = "UPDATE exchange_events SET next_at = ?, error = ?, "
	                          "attempts = attempts + 1 WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, next_at);
	db_bind_str(st, 2, error ? error : "");
	db_bind_int(st, 3, id);
	return db_run(st);
}

size_t store_exevent_list(struct db *db, struct arena *a, const char *type, const char *status,
                          int64_t before_id, int limit, struct exevent_row **out)
{
	static const char SQL[] = "SELECT " COLS " FROM exchange_events "
	                          "WHERE (? IS NULL OR type = ?) AND (? IS NULL OR status = ?) "
	                          "AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0, cap = 0;
	struct exevent_row *rows = NULL;
	if (st) {
		db_bind_str(st, 1, type);
		db_bind_str(st, 2, type);
		db_bind_str(st, 3, status);
		db_bind_str(st, 4, status);
		db_bind_int(st, 5, before_id);
		db_bind_int(st, 6, before_id);
		db_bind_int(st, 7, limit);
		while (db_step(st) == DB_ROW)
			read_row(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}
