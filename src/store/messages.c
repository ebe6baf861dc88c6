/* messages.c — a ticket's conversation: replies, notes, customer messages, system lines. */
#include "store/store.h"

#include "store/rows.h"

/* author_name: the agent's name, or the customer's; system messages have none. */
#define MESSAGE_COLS                                                                       \
	"m.id, m.ticket_id, m.kind, m.author_type, m.author_id, m.body, m.created_at, "     \
	"CASE m.author_type WHEN 'agent' THEN (SELECT a.name FROM agents a WHERE a.id = m.author_id) " \
	"WHEN 'customer' THEN (SELECT c.name FROM customers c WHERE c.id = m.author_id) END, "      \
	"m.via, m.fold_at, m.body_html"

static void message_read(struct db_stmt *st, struct arena *a, struct message_row *m)
{
	m->id = db_col_int(st, 0);
	m->ticket_id = db_col_int(st, 1);
	m->kind = arena_strdup(a, db_col_text(st, 2));
	m->author_type = arena_strdup(a, db_col_text(st, 3));
	m->author_id = db_col_int(st, 4);
	m->body = arena_strndup(a, db_col_text(st, 5), db_col_len(st, 5));
	m->created_at = db_col_int(st, 6);
	m->author_name = arena_strdup(a, db_col_text(st, 7));
	m->via = arena_strdup(a, db_col_text(st, 8));
	m->fold_at = db_col_int(st, 9);
	m->body_html = db_col_null(st, 10) ? NULL : arena_strndup(a, db_col_text(st, 10), db_col_len(st, 10));
}

enum db_rc store_message_insert(struct db *w, struct message_row *m)
{
	static const char SQL[] = "INSERT INTO messages (ticket_id, kind, author_type, author_id, "
				  "body, created_at, via, fold_at, body_html) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, m->ticket_id);
	db_bind_str(st, 2, m->kind);
	db_bind_str(st, 3, m->author_type);
	db_bind_opt_int(st, 4, m->author_id);
	db_bind_str(st, 5, m->body);
	db_bind_int(st, 6, m->created_at);
	db_bind_str(st, 7, m->via ? m->via : "");
	db_bind_int(st, 8, m->fold_at);
	db_bind_str(st, 9, m->body_html);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		m->id = db_last_id(w);
	return rc;
}

bool store_message_get(struct db *db, struct arena *a, int64_t id, struct message_row *out)
{
	static const char SQL[] = "SELECT " MESSAGE_COLS " FROM messages m WHERE m.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		message_read(st, a, out);
	db_reset(st);
	return found;
}

size_t store_message_list(struct db *db, struct arena *a, int64_t ticket_id, int64_t after_id,
			  int limit, struct message_row **out)
{
	static const char SQL[] = "SELECT " MESSAGE_COLS " FROM messages m "
				  "WHERE m.ticket_id = ? AND m.id > ? ORDER BY m.id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct message_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		db_bind_int(st, 2, after_id);
		db_bind_int(st, 3, limit);
		while (db_step(st) == DB_ROW)
			message_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

size_t store_message_times(struct db *db, struct arena *a, int64_t ticket_id, int limit,
			   struct message_time **out)
{
	static const char SQL[] = "SELECT created_at, kind = 'customer' FROM messages "
				  "WHERE ticket_id = ? AND kind IN ('customer', 'reply') ORDER BY id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct message_time *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		db_bind_int(st, 2, limit);
		while (db_step(st) == DB_ROW)
			*ROWS_PUSH(a, rows, n, cap) = (struct message_time){db_col_int(st, 0), db_col_int(st, 1) != 0};
		db_reset(st);
	}
	*out = rows;
	return n;
}

enum db_rc store_message_set_mail(struct db *w, int64_t id, const char *via, int64_t fold_at,
				  const char *body_html)
{
	static const char SQL[] = "UPDATE messages SET via = ?, fold_at = ?, body_html = ? "
				  "WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, via);
	db_bind_int(st, 2, fold_at);
	db_bind_str(st, 3, body_html);
	db_bind_int(st, 4, id);
	return db_run(st);
}

enum db_rc store_message_move(struct db *w, int64_t from_ticket, int64_t to_ticket)
{
	static const char SQL[] = "UPDATE messages SET ticket_id = ? WHERE ticket_id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, to_ticket);
	db_bind_int(st, 2, from_ticket);
	return db_run(st);
}

int64_t store_message_latest_public(struct db *db, int64_t ticket_id)
{
	static const char SQL[] = "SELECT MAX(id) FROM messages WHERE ticket_id = ? AND "
				  "kind IN ('reply', 'customer')";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, ticket_id);
	return rows_scalar_int(st);
}
