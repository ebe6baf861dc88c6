/* events.c — the append-only audit trail rows. Hashing is the caller's (core/audit_chain.h);
 * this file only reads and appends. There is deliberately no update or delete. */
#include "store/store.h"

#include "store/rows.h"

#define EVENT_COLS                                                                          \
	"id, created_at, actor_type, actor_id, action, object_type, object_id, ticket_id, "     \
	"before, after, prev_hash, hash"

static void event_read(struct db_stmt *st, struct arena *a, struct event_row *e)
{
	e->id = db_col_int(st, 0);
	e->created_at = db_col_int(st, 1);
	e->actor_type = a ? arena_strdup(a, db_col_text(st, 2)) : db_col_text(st, 2);
	e->actor_id = db_col_int(st, 3);
	e->action = a ? arena_strdup(a, db_col_text(st, 4)) : db_col_text(st, 4);
	e->object_type = a ? arena_strdup(a, db_col_text(st, 5)) : db_col_text(st, 5);
	e->object_id = db_col_int(st, 6);
	e->ticket_id = db_col_int(st, 7);
	e->before = a ? arena_strdup(a, db_col_text(st, 8)) : db_col_text(st, 8);
	e->after = a ? arena_strdup(a, db_col_text(st, 9)) : db_col_text(st, 9);
	e->prev_hash = a ? arena_strdup(a, db_col_text(st, 10)) : db_col_text(st, 10);
	e->hash = a ? arena_strdup(a, db_col_text(st, 11)) : db_col_text(st, 11);
}

bool store_event_last(struct db *db, struct arena *a, int64_t *id, const char **hash)
{
	static const char SQL[] = "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	*id = 0;
	*hash = NULL;
	if (!st)
		return false;
	enum db_rc rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		*hash = arena_strdup(a, db_col_text(st, 1));
	}
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE;
}

enum db_rc store_event_insert(struct db *w, const struct event_row *e)
{
	static const char SQL[] = "INSERT INTO events (" EVENT_COLS ") "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, e->id);
	db_bind_int(st, 2, e->created_at);
	db_bind_str(st, 3, e->actor_type);
	db_bind_int(st, 4, e->actor_id);
	db_bind_str(st, 5, e->action);
	db_bind_str(st, 6, e->object_type);
	db_bind_int(st, 7, e->object_id);
	db_bind_opt_int(st, 8, e->ticket_id);
	db_bind_str(st, 9, e->before);
	db_bind_str(st, 10, e->after);
	db_bind_str(st, 11, e->prev_hash);
	db_bind_str(st, 12, e->hash);
	return db_run(st);
}

size_t store_event_list_ticket(struct db *db, struct arena *a, int64_t ticket_id, struct event_row **out)
{
	static const char SQL[] = "SELECT " EVENT_COLS " FROM events WHERE ticket_id = ? "
				  "ORDER BY id LIMIT 5000";
	struct db_stmt *st = db_prepare(db, SQL);
	struct event_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		while (db_step(st) == DB_ROW)
			event_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

size_t store_event_status_candidates(struct db *db, struct arena *a, int64_t ticket_id,
				     struct event_row **out)
{
	static const char SQL[] = "SELECT " EVENT_COLS " FROM events WHERE ticket_id = ? AND object_id = ? "
				  "AND action IN ('ticket.create', 'ticket.update') "
				  "AND after LIKE '%\"status\"%' ORDER BY id LIMIT 5000";
	struct db_stmt *st = db_prepare(db, SQL);
	struct event_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		db_bind_int(st, 2, ticket_id);
		while (db_step(st) == DB_ROW)
			event_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

size_t store_event_list(struct db *db, struct arena *a, int64_t before_id, int limit,
			struct event_row **out)
{
	static const char SQL[] = "SELECT " EVENT_COLS " FROM events WHERE (? = 0 OR id < ?) "
				  "ORDER BY id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct event_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, before_id);
		db_bind_int(st, 2, before_id);
		db_bind_int(st, 3, limit);
		while (db_step(st) == DB_ROW)
			event_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

enum db_rc store_event_scan(struct db *db, bool (*cb)(const struct event_row *e, void *ctx), void *ctx)
{
	static const char SQL[] = "SELECT " EVENT_COLS " FROM events ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return DB_ERROR;
	enum db_rc rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct event_row e;
		event_read(st, NULL, &e); /* borrowed strings: valid until the next step */
		if (!cb(&e, ctx)) {
			rc = DB_DONE;
			break;
		}
	}
	db_reset(st);
	return rc == DB_DONE ? DB_OK : rc;
}

size_t store_event_list_after(struct db *db, struct arena *a, int64_t after_id, int64_t customer_id,
			      int limit, struct event_row **out)
{
	static const char ALL[] = "SELECT " EVENT_COLS " FROM events WHERE id > ? ORDER BY id LIMIT ?";
	static const char CUSTOMER[] =
		"SELECT " EVENT_COLS " FROM events WHERE id > ? AND ticket_id IN "
		"(SELECT t.id FROM tickets t WHERE t.customer_id = ?) ORDER BY id LIMIT ?";
	struct db_stmt *st = db_prepare(db, customer_id ? CUSTOMER : ALL);
	struct event_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		int i = 1;
		db_bind_int(st, i++, after_id);
		if (customer_id)
			db_bind_int(st, i++, customer_id);
		db_bind_int(st, i++, limit);
		while (db_step(st) == DB_ROW)
			event_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

size_t store_event_briefs_after(struct db *db, int64_t after_id, struct event_brief *out, size_t max)
{
	static const char SQL[] =
		"SELECT e.id, e.ticket_id, t.customer_id FROM events e "
		"LEFT JOIN tickets t ON t.id = e.ticket_id WHERE e.id > ? ORDER BY e.id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0;
	if (!st)
		return 0;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, (int64_t)max);
	while (n < max && db_step(st) == DB_ROW) {
		out[n].id = db_col_int(st, 0);
		out[n].ticket_id = db_col_int(st, 1);
		out[n].customer_id = db_col_int(st, 2);
		n++;
	}
	db_reset(st);
	return n;
}
