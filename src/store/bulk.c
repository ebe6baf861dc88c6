/* bulk.c — writing many rows at once (bulk.h). Tickets and messages are staged
 * row by row in a temporary table of the writer's connection (no index, trigger or foreign key
 * there: an append), then moved into their table by one INSERT ... SELECT, which is where the
 * search triggers run, once for the batch. The temporary tables are created on first use, live
 * as long as the connection and are emptied after each move. */
#include "store/bulk.h"

static const char TICKETS_STAGE[] =
    "CREATE TEMP TABLE IF NOT EXISTS bulk_tickets (id INTEGER PRIMARY KEY, number, subject, "
    "status, priority, channel, language, category, customer_id, group_id, assignee_id, "
    "parent_id, merged_into_id, vip, created_at, updated_at, first_reply_at, solved_at, "
    "closed_at)";
static const char TICKETS_ADD[] = "INSERT INTO temp.bulk_tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char TICKETS_MOVE[] =
    "INSERT INTO main.tickets (id, number, subject, status, priority, channel, language, "
    "category, customer_id, group_id, assignee_id, parent_id, merged_into_id, vip, created_at, "
    "updated_at, first_reply_at, solved_at, closed_at) SELECT id, number, subject, status, "
    "priority, channel, language, category, customer_id, group_id, assignee_id, parent_id, "
    "merged_into_id, vip, created_at, updated_at, first_reply_at, solved_at, closed_at "
    "FROM temp.bulk_tickets ORDER BY id";
static const char TICKETS_CLEAR[] = "DELETE FROM temp.bulk_tickets";
static const char TAG_ADD[] = "INSERT INTO ticket_tags (ticket_id, tag) VALUES (?, ?) "
                              "ON CONFLICT DO NOTHING";

static const char MESSAGES_STAGE[] =
    "CREATE TEMP TABLE IF NOT EXISTS bulk_messages (id INTEGER PRIMARY KEY, ticket_id, kind, "
    "author_type, author_id, body, created_at, via, fold_at, body_html)";
static const char MESSAGES_ADD[] =
    "INSERT INTO temp.bulk_messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char MESSAGES_MOVE[] =
    "INSERT INTO main.messages (id, ticket_id, kind, author_type, author_id, body, created_at, "
    "via, fold_at, body_html) SELECT id, ticket_id, kind, author_type, author_id, body, "
    "created_at, via, fold_at, body_html FROM temp.bulk_messages ORDER BY id";
static const char MESSAGES_CLEAR[] = "DELETE FROM temp.bulk_messages";

static enum db_rc run(struct db *w, const char *sql)
{
	struct db_stmt *st = db_prepare(w, sql);
	return st ? db_run(st) : DB_ERROR;
}

/* Move the staged rows in and empty the stage (also when the move failed: the job is then
 * rolled back anyway, and the stage must not carry rows into the next one). */
static enum db_rc move(struct db *w, const char *move_sql, const char *clear_sql)
{
	enum db_rc rc = run(w, move_sql);
	enum db_rc cleared = run(w, clear_sql);
	return rc == DB_DONE ? cleared : rc;
}

enum db_rc store_bulk_tickets(struct db *w, const struct ticket_row *t, size_t n)
{
	enum db_rc rc = run(w, TICKETS_STAGE);
	for (size_t i = 0; i < n && rc == DB_DONE; i++) {
		const struct ticket_row *r = &t[i];
		struct db_stmt *st = db_prepare(w, TICKETS_ADD);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, r->id);
		db_bind_int(st, 2, r->number);
		db_bind_str(st, 3, r->subject);
		db_bind_str(st, 4, r->status);
		db_bind_str(st, 5, r->priority);
		db_bind_str(st, 6, r->channel);
		db_bind_str(st, 7, r->language ? r->language : "");
		db_bind_str(st, 8, r->category);
		db_bind_int(st, 9, r->customer_id);
		db_bind_opt_int(st, 10, r->group_id);
		db_bind_opt_int(st, 11, r->assignee_id);
		db_bind_opt_int(st, 12, r->parent_id);
		db_bind_opt_int(st, 13, r->merged_into_id);
		db_bind_int(st, 14, r->vip);
		db_bind_int(st, 15, r->created_at);
		db_bind_int(st, 16, r->updated_at);
		db_bind_opt_int(st, 17, r->first_reply_at);
		db_bind_opt_int(st, 18, r->solved_at);
		db_bind_opt_int(st, 19, r->closed_at);
		rc = db_run(st);
	}
	if (rc == DB_DONE)
		rc = move(w, TICKETS_MOVE, TICKETS_CLEAR);
	for (size_t i = 0; i < n && rc == DB_DONE; i++)
		for (size_t k = 0; k < t[i].n_tags && rc == DB_DONE; k++) {
			struct db_stmt *st = db_prepare(w, TAG_ADD);
			if (!st)
				return DB_ERROR;
			db_bind_int(st, 1, t[i].id);
			db_bind_str(st, 2, t[i].tags[k]);
			rc = db_run(st);
		}
	return rc;
}

enum db_rc store_bulk_messages(struct db *w, const struct message_row *m, size_t n)
{
	enum db_rc rc = run(w, MESSAGES_STAGE);
	for (size_t i = 0; i < n && rc == DB_DONE; i++) {
		const struct message_row *r = &m[i];
		struct db_stmt *st = db_prepare(w, MESSAGES_ADD);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, r->id);
		db_bind_int(st, 2, r->ticket_id);
		db_bind_str(st, 3, r->kind);
		db_bind_str(st, 4, r->author_type);
		db_bind_opt_int(st, 5, r->author_id);
		db_bind_str(st, 6, r->body);
		db_bind_int(st, 7, r->created_at);
		db_bind_str(st, 8, r->via ? r->via : "");
		db_bind_int(st, 9, r->fold_at);
		db_bind_str(st, 10, r->body_html);
		rc = db_run(st);
	}
	return rc == DB_DONE ? move(w, MESSAGES_MOVE, MESSAGES_CLEAR) : rc;
}

enum db_rc store_bulk_outbox(struct db *w, const struct outbox_row *o, size_t n)
{
	static const char SQL[] =
	    "INSERT INTO outbox (id, kind, channel, ticket_id, message_id, recipient, mail_id, "
	    "unless_read, status, attempts, next_attempt_at, last_error, created_at, finished_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	enum db_rc rc = DB_DONE;
	for (size_t i = 0; i < n && rc == DB_DONE; i++) {
		const struct outbox_row *r = &o[i];
		struct db_stmt *st = db_prepare(w, SQL);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, r->id);
		db_bind_str(st, 2, r->kind);
		db_bind_str(st, 3, r->channel);
		db_bind_opt_int(st, 4, r->ticket_id);
		db_bind_opt_int(st, 5, r->message_id);
		db_bind_str(st, 6, r->recipient ? r->recipient : "");
		db_bind_str(st, 7, r->mail_id);
		db_bind_int(st, 8, r->unless_read);
		db_bind_str(st, 9, r->status ? r->status : "queued");
		db_bind_int(st, 10, r->attempts);
		db_bind_int(st, 11, r->next_attempt_at);
		db_bind_str(st, 12, r->last_error);
		db_bind_int(st, 13, r->created_at);
		db_bind_opt_int(st, 14, r->finished_at);
		rc = db_run(st);
		if (rc == DB_DONE && r->mail_id && r->ticket_id)
			rc = store_mail_thread_add(w, r->mail_id, r->ticket_id);
	}
	return rc;
}

enum db_rc store_bulk_cache(struct db *w)
{
	static const char SQL[] = "PRAGMA cache_size = -262144"; /* KiB: 256 MiB */
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	enum db_rc rc = db_step(st);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? DB_DONE : rc;
}
