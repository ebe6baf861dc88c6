/* mail.c — the email channel's rows: each inbound mail once (with its raw bytes), the Message-IDs
 * that thread into a ticket, and the outbox that sends replies and acknowledgements. */
#include "store/store.h"

#include "store/rows.h"

bool store_mail_inbound_exists(struct db *db, const char *dedupe_key)
{
	static const char SQL[] = "SELECT 1 FROM mail_inbound WHERE dedupe_key = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, dedupe_key);
	return rows_scalar_int(st) == 1;
}

enum db_rc store_mail_inbound_insert(struct db *w, struct mail_inbound_row *row)
{
	static const char SQL[] = "INSERT INTO mail_inbound (dedupe_key, sender, recipient, "
				  "disposition, reason, ticket_id, message_id, raw, received_at) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, row->dedupe_key);
	db_bind_str(st, 2, row->sender);
	db_bind_str(st, 3, row->recipient ? row->recipient : "");
	db_bind_str(st, 4, row->disposition);
	db_bind_str(st, 5, row->reason ? row->reason : "");
	db_bind_opt_int(st, 6, row->ticket_id);
	db_bind_opt_int(st, 7, row->message_id);
	db_bind_blob(st, 8, row->raw, row->raw_len);
	db_bind_int(st, 9, row->received_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		row->id = db_last_id(w);
	return rc;
}

int64_t store_mail_sender_count(struct db *db, const char *sender, int64_t since)
{
	static const char SQL[] = "SELECT COUNT(*) FROM mail_inbound WHERE sender = ? AND "
				  "received_at >= ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_str(st, 1, sender);
	db_bind_int(st, 2, since);
	return rows_scalar_int(st);
}

#define INBOUND_COLS                                                                         \
	"id, dedupe_key, sender, recipient, disposition, reason, ticket_id, message_id, "    \
	"received_at"

static void inbound_read(struct db_stmt *st, struct arena *a, struct mail_inbound_row *r)
{
	r->id = db_col_int(st, 0);
	r->dedupe_key = arena_strdup(a, db_col_text(st, 1));
	r->sender = arena_strdup(a, db_col_text(st, 2));
	r->recipient = arena_strdup(a, db_col_text(st, 3));
	r->disposition = arena_strdup(a, db_col_text(st, 4));
	r->reason = arena_strdup(a, db_col_text(st, 5));
	r->ticket_id = db_col_int(st, 6);
	r->message_id = db_col_int(st, 7);
	r->received_at = db_col_int(st, 8);
	r->raw = NULL;
	r->raw_len = 0;
}

bool store_mail_original(struct db *db, struct arena *a, int64_t message_id,
			 struct mail_inbound_row *out)
{
	static const char SQL[] = "SELECT " INBOUND_COLS ", raw FROM mail_inbound "
				  "WHERE message_id = ? ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, message_id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		inbound_read(st, a, out);
		out->raw_len = db_col_len(st, 9);
		unsigned char *copy = arena_alloc(a, out->raw_len + 1);
		if (out->raw_len)
			memcpy(copy, db_col_blob(st, 9), out->raw_len);
		copy[out->raw_len] = 0;
		out->raw = copy;
	}
	db_reset(st);
	return found;
}

bool store_mail_latest_inbound(struct db *db, struct arena *a, int64_t ticket_id,
			       struct mail_inbound_row *out)
{
	static const char SQL[] = "SELECT " INBOUND_COLS " FROM mail_inbound WHERE ticket_id = ? "
				  "AND message_id IS NOT NULL ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, ticket_id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		inbound_read(st, a, out);
	db_reset(st);
	return found;
}

int64_t store_mail_thread_find(struct db *db, const char *mail_id)
{
	static const char SQL[] = "SELECT ticket_id FROM mail_threads WHERE mail_id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_str(st, 1, mail_id);
	return rows_scalar_int(st);
}

enum db_rc store_mail_thread_add(struct db *w, const char *mail_id, int64_t ticket_id)
{
	/* The first ticket a Message-ID was seen on keeps it. */
	static const char SQL[] = "INSERT OR IGNORE INTO mail_threads (mail_id, ticket_id) "
				  "VALUES (?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, mail_id);
	db_bind_int(st, 2, ticket_id);
	return db_run(st);
}

size_t store_mail_thread_ids(struct db *db, struct arena *a, int64_t ticket_id, int limit,
			     const char ***out)
{
	/* The newest ids matter most to mail clients; rowid order is not kept by WITHOUT ROWID,
	 * so order by when each id was recorded through the inbound and outbox rows. */
	static const char SQL[] =
		"SELECT mail_id FROM (SELECT t.mail_id, COALESCE("
		" (SELECT i.received_at FROM mail_inbound i WHERE i.dedupe_key = t.mail_id),"
		" (SELECT o.created_at FROM outbox o WHERE o.mail_id = t.mail_id), 0) AS at "
		" FROM mail_threads t WHERE t.ticket_id = ? ORDER BY at DESC LIMIT ?) ORDER BY at";
	struct db_stmt *st = db_prepare(db, SQL);
	const char **ids = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		db_bind_int(st, 2, limit);
		while (db_step(st) == DB_ROW)
			*ROWS_PUSH(a, ids, n, cap) = arena_strdup(a, db_col_text(st, 0));
		db_reset(st);
	}
	*out = ids;
	return n;
}

/* ---- outbox ---- */

#define OUTBOX_COLS                                                                          \
	"id, kind, channel, ticket_id, message_id, recipient, mail_id, unless_read, status, "  \
	"attempts, next_attempt_at, last_error, created_at, finished_at, leased_until"

static void outbox_read(struct db_stmt *st, struct arena *a, struct outbox_row *o)
{
	o->id = db_col_int(st, 0);
	o->kind = arena_strdup(a, db_col_text(st, 1));
	o->channel = arena_strdup(a, db_col_text(st, 2));
	o->ticket_id = db_col_int(st, 3);
	o->message_id = db_col_int(st, 4);
	o->recipient = arena_strdup(a, db_col_text(st, 5));
	o->mail_id = arena_strdup(a, db_col_text(st, 6));
	o->unless_read = db_col_int(st, 7) != 0;
	o->status = arena_strdup(a, db_col_text(st, 8));
	o->attempts = db_col_int(st, 9);
	o->next_attempt_at = db_col_int(st, 10);
	o->last_error = arena_strdup(a, db_col_text(st, 11));
	o->created_at = db_col_int(st, 12);
	o->finished_at = db_col_int(st, 13);
	o->leased_until = db_col_int(st, 14);
}

enum db_rc store_outbox_insert(struct db *w, struct outbox_row *o)
{
	static const char SQL[] = "INSERT INTO outbox (kind, channel, ticket_id, message_id, "
				  "recipient, mail_id, unless_read, status, attempts, "
				  "next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
				  "'queued', 0, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, o->kind);
	db_bind_str(st, 2, o->channel);
	db_bind_opt_int(st, 3, o->ticket_id);
	db_bind_opt_int(st, 4, o->message_id);
	db_bind_str(st, 5, o->recipient ? o->recipient : "");
	db_bind_str(st, 6, o->mail_id);
	db_bind_int(st, 7, o->unless_read);
	db_bind_int(st, 8, o->next_attempt_at);
	db_bind_int(st, 9, o->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		o->id = db_last_id(w);
	return rc;
}

enum db_rc store_outbox_set_mail_id(struct db *w, int64_t id, const char *mail_id)
{
	static const char SQL[] = "UPDATE outbox SET mail_id = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, mail_id);
	db_bind_int(st, 2, id);
	return db_run(st);
}

size_t store_outbox_claim(struct db *w, struct arena *a, int64_t now, int64_t lease_until,
			  size_t max, struct outbox_row **out)
{
	static const char SELECT[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE status = 'queued' "
				     "AND next_attempt_at <= ? AND COALESCE(leased_until, 0) <= ? "
				     "ORDER BY next_attempt_at, id LIMIT ?";
	static const char LEASE[] = "UPDATE outbox SET attempts = attempts + 1, "
				    "leased_until = ? WHERE id = ?";
	struct outbox_row *rows = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st = db_prepare(w, SELECT);
	if (!st) {
		*out = NULL;
		return 0;
	}
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, (int64_t)max);
	while (db_step(st) == DB_ROW)
		outbox_read(st, a, ROWS_PUSH(a, rows, n, cap));
	db_reset(st);
	size_t claimed = 0;
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *up = db_prepare(w, LEASE);
		if (!up)
			break;
		db_bind_int(up, 1, lease_until);
		db_bind_int(up, 2, rows[i].id);
		if (db_run(up) != DB_DONE)
			break;
		rows[i].attempts++;
		rows[i].leased_until = lease_until;
		rows[claimed++] = rows[i];
	}
	*out = rows;
	return claimed;
}

/* The first row of a bound query, if any. */
static bool outbox_one(struct db_stmt *st, struct arena *a, struct outbox_row *out)
{
	bool found = db_step(st) == DB_ROW;
	if (found)
		outbox_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_outbox_get(struct db *db, struct arena *a, int64_t id, struct outbox_row *out)
{
	static const char SQL[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	return outbox_one(st, a, out);
}

bool store_outbox_get_by_mail_id(struct db *db, struct arena *a, const char *mail_id,
				 struct outbox_row *out)
{
	static const char SQL[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE mail_id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, mail_id);
	return outbox_one(st, a, out);
}

enum db_rc store_outbox_finish(struct db *w, int64_t id, const char *status, const char *error,
			       int64_t next_attempt_at, int64_t now)
{
	static const char SQL[] = "UPDATE outbox SET status = ?, last_error = ?, "
				  "next_attempt_at = ?, leased_until = NULL, finished_at = CASE WHEN "
				  "? = 'queued' THEN NULL ELSE ? END WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, status);
	db_bind_str(st, 2, error);
	db_bind_int(st, 3, next_attempt_at);
	db_bind_str(st, 4, status);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	return db_run(st);
}

size_t store_outbox_list_ticket(struct db *db, struct arena *a, int64_t ticket_id,
				struct outbox_row **out)
{
	static const char SQL[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE ticket_id = ? "
				  "ORDER BY id LIMIT 500";
	struct db_stmt *st = db_prepare(db, SQL);
	struct outbox_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, ticket_id);
		while (db_step(st) == DB_ROW)
			outbox_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

bool store_outbox_for_message(struct db *db, struct arena *a, int64_t message_id,
			      struct outbox_row *out)
{
	static const char SQL[] = "SELECT " OUTBOX_COLS " FROM outbox WHERE message_id = ? "
				  "ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, message_id);
	return outbox_one(st, a, out);
}

int64_t store_outbox_next_due(struct db *db)
{
	static const char SQL[] = "SELECT MIN(MAX(next_attempt_at, COALESCE(leased_until, 0))) "
				  "FROM outbox WHERE status = 'queued'";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	return rows_scalar_int(st);
}

enum db_rc store_outbox_skip_queued(struct db *w, const char *reason, int64_t now)
{
	static const char SQL[] = "UPDATE outbox SET status = 'skipped', last_error = ?, "
				  "finished_at = ? WHERE status = 'queued'";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, reason);
	db_bind_int(st, 2, now);
	return db_run(st);
}
