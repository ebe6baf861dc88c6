/* db.h — the narrow seam between exdesk's SQL and a database engine.
 *
 * Every query in src/store/ is portable SQL with `?` placeholders, prepared once per connection
 * and cached (db_stmt keyed by the address of its static SQL text). The SQLite backend
 * (sqlite/db_sqlite.c) is the only file that includes sqlite3.h; a PostgreSQL backend provides
 * the same functions (rewriting `?` to `$n`) and its own migrations.
 *
 * A connection is used by one thread at a time. Strings returned by db_col_text() stay valid
 * until the next db_step()/db_reset() on that statement: copy what you keep. */
#ifndef EXDESK_STORE_DB_H
#define EXDESK_STORE_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_rc {
	DB_OK = 0,
	DB_ROW,
	DB_DONE,
	DB_CONSTRAINT, /* unique/foreign-key/check violation */
	DB_BUSY,
	DB_ERROR,
};

enum db_open_mode { DB_READ_WRITE, DB_READ_ONLY };

/* Opens (creating if needed for DB_READ_WRITE) and applies the connection settings: WAL, full
 * fsync on commit, foreign keys, busy timeout. */
enum db_rc db_open(const char *path, enum db_open_mode mode, struct db **out);
/* How durable a commit is when db_commit returns, for every connection opened afterwards
 * (set once, before the store opens; docs/performance.md "Durability").
 * DB_SYNC_FULL: the commit is on disk — it survives a crash of the process, the OS or the power.
 * DB_SYNC_NORMAL: in WAL mode the log is synced only at checkpoints; a commit survives a crash of
 * the process but the last commits before an OS crash or power loss can be lost (never
 * corruption). */
enum db_sync { DB_SYNC_FULL, DB_SYNC_NORMAL };
void db_set_sync(enum db_sync sync);
enum db_sync db_get_sync(void);
void db_close(struct db *db);
const char *db_errmsg(struct db *db);

/* After each commit on this connection (the writer's), fn learns how many pages the write-ahead
 * log holds: how the store decides when to copy it into the database. Installing it turns off
 * SQLite's own checkpoint on commit; the caller then owns checkpointing. */
void db_on_commit_log(struct db *db, void (*fn)(void *ctx, struct db *db, int log_pages),
		      void *ctx);
/* Copies what the log holds into the database. PASSIVE (wait = false) never blocks the writer or
 * the readers and copies what it can; RESTART (wait = true) waits for readers so the log can
 * start over. *log_pages / *copied (either may be NULL): the log's pages, how many are copied. */
enum db_rc db_checkpoint(struct db *db, bool wait, int *log_pages, int *copied);

/* Apply every embedded migration not yet applied, each in its own transaction. */
enum db_rc db_migrate(struct db *db, int *applied);
/* The same for another set of migrations kept in another database file (the demo exchange's,
 * src/store/exchange_demo.c): files[0..n) named "NNN_name.sql", in order. */
struct embedded_file;
enum db_rc db_migrate_set(struct db *db, const struct embedded_file *files, size_t n,
			  int *applied);
int db_schema_version(struct db *db);

/* A cached prepared statement, reset and with bindings cleared. NULL on a prepare error
 * (a bug: the SQL is ours), which is logged. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int idx, int64_t v); /* idx from 1 */
void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_str(struct db_stmt *st, int idx, const char *s); /* NULL binds NULL */
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
void db_bind_opt_int(struct db_stmt *st, int idx, int64_t v); /* 0 binds NULL */
enum db_rc db_step(struct db_stmt *st);
void db_reset(struct db_stmt *st);
int64_t db_col_int(struct db_stmt *st, int col); /* NULL reads as 0 */
const char *db_col_text(struct db_stmt *st, int col); /* NULL stays NULL */
size_t db_col_len(struct db_stmt *st, int col);
const void *db_col_blob(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);

/* Run a statement that returns no rows; DB_DONE on success. Resets it afterwards. */
enum db_rc db_run(struct db_stmt *st);
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Transactions. db_begin takes the write lock at once (so a write transaction never fails half
 * way for lock reasons). Savepoints let one job in a group commit fail alone. */
enum db_rc db_begin(struct db *db);
enum db_rc db_begin_read(struct db *db);
enum db_rc db_commit(struct db *db);
void db_rollback(struct db *db);
enum db_rc db_savepoint(struct db *db);
void db_savepoint_release(struct db *db);
void db_savepoint_rollback(struct db *db);

#endif
