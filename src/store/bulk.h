/* bulk.h — writing many rows at once, for filling a data dir at scale (bench/store_fill.c: the
 * 1M and 5M ticket desks of the scale runs).
 *
 * The rows are written as given, ids included (the caller numbers them the way SQLite would:
 * one more than the largest id), so whoever prepares a batch can also prepare what refers to it
 * (audit events and their hash chain) before the batch is written. Same tables, same triggers:
 * the search indexes (010_search.sql) follow the rows as they do for store_ticket_insert and
 * store_message_insert. Call inside a write job; DB_DONE on success, DB_CONSTRAINT when an id,
 * a number or a mail id exists already or a reference is missing.
 *
 * Why not the per-row functions: a write job runs inside a SAVEPOINT, and once an FTS5 table is
 * written in the transaction, every statement that ends flushes FTS5's pending terms into a new
 * index segment (its xSavepoint/xRelease, SQLite 3.40), so a message per statement costs a
 * segment per message and the merges that follow (measured: 40% of a per-row fill's time went
 * to statement ends, sqlite3VdbeHalt). Tickets and messages are moved into their tables by one
 * statement per batch, so the triggers index a batch in one flush. Outbox rows are written in
 * the state they end in (sent, attempts, finished), where the server inserts, claims and
 * finishes each in three statements. */
#ifndef EXDESK_STORE_BULK_H
#define EXDESK_STORE_BULK_H
#include <stddef.h>

#include "store/store.h"

/* Tickets with id and number given, and their tags. */
enum db_rc store_bulk_tickets(struct db *w, const struct ticket_row *t, size_t n);
/* Messages with id given. */
enum db_rc store_bulk_messages(struct db *w, const struct message_row *m, size_t n);
/* Outbox rows with id, status, attempts, last_error and finished_at given (leased_until stays
 * NULL), each one's mail_id recorded as a thread id of its ticket (store_mail_thread_add). */
enum db_rc store_bulk_outbox(struct db *w, const struct outbox_row *o, size_t n);
/* A page cache of 256 MiB for the writer's connection (SQLite's default is 2 MiB), as long as
 * the connection lives: a batch of thousands of tickets touches more pages than that, and pages
 * pushed out in the middle of a transaction are written to the WAL and read back. */
enum db_rc store_bulk_cache(struct db *w);

#endif
