/* chat.c — widget sessions, satisfaction ratings, read marks and attachments. */
#include "store/store.h"

#include "store/rows.h"

enum db_rc store_widget_session_insert(struct db *w, const char *token_hash,
				       const struct widget_session_row *s)
{
	static const char SQL[] = "INSERT INTO widget_sessions (token_hash, customer_id, verified, "
				  "language, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, token_hash);
	db_bind_int(st, 2, s->customer_id);
	db_bind_int(st, 3, s->verified);
	db_bind_str(st, 4, s->language ? s->language : "");
	db_bind_int(st, 5, s->created_at);
	db_bind_int(st, 6, s->expires_at);
	return db_run(st);
}

bool store_widget_session_get(struct db *db, struct arena *a, const char *token_hash,
			      struct widget_session_row *out)
{
	static const char SQL[] = "SELECT id, customer_id, verified, language, created_at, expires_at "
				  "FROM widget_sessions WHERE token_hash = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, token_hash);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->customer_id = db_col_int(st, 1);
		out->verified = db_col_int(st, 2) != 0;
		out->language = arena_strdup(a, db_col_text(st, 3));
		out->created_at = db_col_int(st, 4);
		out->expires_at = db_col_int(st, 5);
	}
	db_reset(st);
	return found;
}

enum db_rc store_csat_insert(struct db *w, const struct csat_row *c)
{
	static const char SQL[] = "INSERT INTO csat (ticket_id, rating, comment, agent_id, "
				  "customer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, c->ticket_id);
	db_bind_int(st, 2, c->rating);
	db_bind_str(st, 3, c->comment ? c->comment : "");
	db_bind_opt_int(st, 4, c->agent_id);
	db_bind_int(st, 5, c->customer_id);
	db_bind_int(st, 6, c->created_at);
	return db_run(st);
}

bool store_csat_get(struct db *db, struct arena *a, int64_t ticket_id, struct csat_row *out)
{
	static const char SQL[] = "SELECT ticket_id, rating, comment, agent_id, customer_id, "
				  "created_at FROM csat WHERE ticket_id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, ticket_id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->ticket_id = db_col_int(st, 0);
		out->rating = (int)db_col_int(st, 1);
		out->comment = arena_strdup(a, db_col_text(st, 2));
		out->agent_id = db_col_int(st, 3);
		out->customer_id = db_col_int(st, 4);
		out->created_at = db_col_int(st, 5);
	}
	db_reset(st);
	return found;
}

void store_csat_agent_counts(struct db *db, int64_t agent_id, int64_t counts[6])
{
	static const char SQL[] =
		"SELECT rating, COUNT(*) FROM csat WHERE agent_id = ? GROUP BY rating";
	for (int i = 0; i < 6; i++)
		counts[i] = 0;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return;
	db_bind_int(st, 1, agent_id);
	while (db_step(st) == DB_ROW) {
		int64_t r = db_col_int(st, 0);
		if (r >= 1 && r <= 5)
			counts[r] = db_col_int(st, 1);
	}
	db_reset(st);
}

enum db_rc store_read_mark_set(struct db *w, int64_t ticket_id, const char *reader,
			       int64_t message_id, int64_t now)
{
	/* Read marks only move forward. */
	static const char SQL[] =
		"INSERT INTO read_marks (ticket_id, reader, message_id, updated_at) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (ticket_id, reader) DO UPDATE SET message_id = excluded.message_id, "
		"updated_at = excluded.updated_at WHERE excluded.message_id > read_marks.message_id";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, ticket_id);
	db_bind_str(st, 2, reader);
	db_bind_int(st, 3, message_id);
	db_bind_int(st, 4, now);
	return db_run(st);
}

int64_t store_read_mark_get(struct db *db, int64_t ticket_id, const char *reader)
{
	static const char SQL[] =
		"SELECT message_id FROM read_marks WHERE ticket_id = ? AND reader = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, ticket_id);
	db_bind_str(st, 2, reader);
	return rows_scalar_int(st);
}

enum db_rc store_attachment_insert(struct db *w, struct attachment_row *at)
{
	static const char SQL[] = "INSERT INTO attachments (message_id, filename, content_type, size, "
				  "sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, at->message_id);
	db_bind_str(st, 2, at->filename);
	db_bind_str(st, 3, at->content_type);
	db_bind_int(st, 4, at->size);
	db_bind_str(st, 5, at->sha256);
	db_bind_blob(st, 6, at->data, (size_t)at->size);
	db_bind_int(st, 7, at->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		at->id = db_last_id(w);
	return rc;
}

bool store_attachment_get(struct db *db, struct arena *a, int64_t id, struct attachment_row *out)
{
	static const char SQL[] =
		"SELECT at.id, at.message_id, m.ticket_id, at.size, at.created_at, at.filename, "
		"at.content_type, at.sha256, at.data FROM attachments at "
		"JOIN messages m ON m.id = at.message_id WHERE at.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->message_id = db_col_int(st, 1);
		out->ticket_id = db_col_int(st, 2);
		out->size = db_col_int(st, 3);
		out->created_at = db_col_int(st, 4);
		out->filename = arena_strdup(a, db_col_text(st, 5));
		out->content_type = arena_strdup(a, db_col_text(st, 6));
		out->sha256 = arena_strdup(a, db_col_text(st, 7));
		size_t len = db_col_len(st, 8);
		unsigned char *d = arena_alloc(a, len + 1);
		if (len)
			memcpy(d, db_col_blob(st, 8), len);
		out->data = d;
		out->size = (int64_t)len;
	}
	db_reset(st);
	return found;
}

size_t store_attachment_list(struct db *db, struct arena *a, int64_t message_id,
			     struct attachment_row **out)
{
	static const char SQL[] = "SELECT id, message_id, size, created_at, filename, content_type, "
				  "sha256 FROM attachments WHERE message_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct attachment_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, message_id);
		while (db_step(st) == DB_ROW) {
			struct attachment_row *at = ROWS_PUSH(a, rows, n, cap);
			at->id = db_col_int(st, 0);
			at->message_id = db_col_int(st, 1);
			at->size = db_col_int(st, 2);
			at->created_at = db_col_int(st, 3);
			at->filename = arena_strdup(a, db_col_text(st, 4));
			at->content_type = arena_strdup(a, db_col_text(st, 5));
			at->sha256 = arena_strdup(a, db_col_text(st, 6));
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

int64_t store_agents_online(struct db *db)
{
	static const char SQL[] =
		"SELECT COUNT(*) FROM agents WHERE active = 1 AND presence = 'online' AND role <> 'qa'";
	struct db_stmt *st = db_prepare(db, SQL);
	return st ? rows_scalar_int(st) : 0;
}

bool store_widget_session_alive(struct db *db, int64_t id, int64_t now)
{
	static const char SQL[] =
		"SELECT COUNT(*) FROM widget_sessions WHERE id = ? AND expires_at > ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return rows_scalar_int(st) > 0;
}
