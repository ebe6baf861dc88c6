/* messages.c — a ticket's conversation (replies, notes, customer messages, system lines) and
 * the outbox rows that carry public replies to the customer's channel. */
#include "store/store.h"

#include "store/rows.h"

/* author_name: the agent's name, or the customer's; system messages have none. */
#define MESSAGE_COLS                                                                       \
	"m.id, m.ticket_id, m.kind, m.author_type, m.author_id, m.body, m.created_at, "     \
	"CASE m.author_type WHEN 'agent' THEN (SELECT a.name FROM agents a WHERE a.id = m.author_id) " \
	"WHEN 'customer' THEN (SELECT c.name FROM customers c WHERE c.id = m.author_id) END"

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
}

enum db_rc store_message_insert(struct db *w, struct message_row *m)
{
	static const char SQL[] = "INSERT INTO messages (ticket_id, kind, author_type, author_id, "
				  "body, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, m->ticket_id);
	db_bind_str(st, 2, m->kind);
	db_bind_str(st, 3, m->author_type);
	db_bind_opt_int(st, 4, m->author_id);
	db_bind_str(st, 5, m->body);
	db_bind_int(st, 6, m->created_at);
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

enum db_rc store_outbox_enqueue(struct db *w, const char *kind, const char *channel,
				int64_t ticket_id, int64_t message_id, int64_t now)
{
	static const char SQL[] = "INSERT INTO outbox (kind, channel, ticket_id, message_id, status, "
				  "attempts, next_attempt_at, created_at) "
				  "VALUES (?, ?, ?, ?, 'queued', 0, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, kind);
	db_bind_str(st, 2, channel);
	db_bind_int(st, 3, ticket_id);
	db_bind_int(st, 4, message_id);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
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
