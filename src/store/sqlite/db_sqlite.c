/* db_sqlite.c — the SQLite backend of db.h. With fts_tokenizer.c (the FTS5 tokenizer glue), the
 * only file that includes sqlite3.h.
 *
 * Settings chosen for a support desk where a 2xx means durable: WAL (readers never block the
 * writer), synchronous=FULL by default (a commit survives power loss; group commit pays for the
 * fsync; `serve --sync normal` trades the last commits before a power loss for fewer fsyncs),
 * foreign keys on, a busy timeout for readers racing a checkpoint. */
#include "store/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/fts_tokenizer.h"
#include "util/embedded.h"
#include "util/log.h"
#include "util/xalloc.h"

struct cached_stmt {
	const char *sql; /* key: the address of a static SQL string */
	sqlite3_stmt *st;
};

struct log_hook;
struct db {
	sqlite3 *h;
	struct cached_stmt *cache;
	size_t cache_cap, cache_used;
	struct log_hook *log_hook; /* db_on_commit_log */
};

/* db_stmt is sqlite3_stmt: the seam costs no indirection in the SQLite build. */
#define ST(s) ((sqlite3_stmt *)(s))

static enum db_rc map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_BUSY;
	default:
		return DB_ERROR;
	}
}

static enum db_rc exec(struct db *db, const char *sql)
{
	char *err = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &err);
	if (rc != SQLITE_OK) {
		log_event(LOG_ERROR, "db_exec_failed", "rc=%d error=\"%s\"", rc, err ? err : "");
		sqlite3_free(err);
	}
	return map_rc(rc);
}

#define DB_WRITER_CACHE_KIB "262144" /* 256 MiB, filled only as pages are used */

static enum db_sync sync_setting = DB_SYNC_FULL;

void db_set_sync(enum db_sync sync)
{
	sync_setting = sync;
}

enum db_sync db_get_sync(void)
{
	return sync_setting;
}

enum db_rc db_open(const char *path, enum db_open_mode mode, struct db **out)
{
	struct db *db = xcalloc(1, sizeof *db);
	int flags = mode == DB_READ_ONLY ? SQLITE_OPEN_READONLY
					 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	flags |= SQLITE_OPEN_NOMUTEX; /* one thread per connection; we never share one */
	int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		log_event(LOG_ERROR, "db_open_failed", "path=\"%s\" error=\"%s\"", path,
			  db->h ? sqlite3_errmsg(db->h) : "out of memory");
		sqlite3_close(db->h);
		free(db);
		return DB_ERROR;
	}
	sqlite3_busy_timeout(db->h, 5000);
	sqlite3_extended_result_codes(db->h, 1);
	/* Search tables (tokenize='exdesk') need it on every connection, readers included. */
	rc = fts_tokenizer_register(db->h);
	if (rc != SQLITE_OK) {
		log_event(LOG_ERROR, "db_fts_tokenizer_failed", "rc=%d error=\"%s\"", rc,
			  sqlite3_errmsg(db->h));
		db_close(db);
		return DB_ERROR;
	}
	if (mode == DB_READ_WRITE) {
		if (exec(db, "PRAGMA journal_mode=WAL") != DB_OK) {
			db_close(db);
			return DB_ERROR;
		}
	}
	exec(db, sync_setting == DB_SYNC_NORMAL ? "PRAGMA synchronous=NORMAL" : "PRAGMA synchronous=FULL");
	exec(db, "PRAGMA foreign_keys=ON");
	/* Every write job runs in a savepoint, and a savepoint's statement journal is a temporary
	 * file by default: five system calls to create and unlink it per job. Keep it in memory. */
	exec(db, "PRAGMA temp_store=MEMORY");
	/* A checkpoint copies the log into the database and syncs it. By default SQLite runs one on
	 * the commit that takes the log past 1,000 pages, on the writer's thread, stalling every
	 * write queued behind it; the store checkpoints from a thread of its own instead
	 * (db_on_commit_log, store.c). Until it is installed, 16,000 pages. */
	if (mode == DB_READ_WRITE) {
		exec(db, "PRAGMA wal_autocheckpoint=16000");
		/* The writer's cache survives its own commits (a reader's is emptied by every commit
		 * it did not make), so it is worth making big: at millions of tickets the interior
		 * pages of every index a write touches stay in it instead of being read again. */
		exec(db, "PRAGMA cache_size=-" DB_WRITER_CACHE_KIB);
	}
	*out = db;
	return DB_OK;
}

struct log_hook {
	void (*fn)(void *ctx, struct db *db, int log_pages);
	void *ctx;
	struct db *db;
};

static int on_wal_commit(void *arg, sqlite3 *h, const char *name, int pages)
{
	(void)h, (void)name;
	struct log_hook *lh = arg;
	lh->fn(lh->ctx, lh->db, pages);
	return SQLITE_OK;
}

void db_on_commit_log(struct db *db, void (*fn)(void *ctx, struct db *db, int log_pages),
		      void *ctx)
{
	free(db->log_hook);
	db->log_hook = xcalloc(1, sizeof *db->log_hook);
	*db->log_hook = (struct log_hook){fn, ctx, db};
	sqlite3_wal_hook(db->h, on_wal_commit, db->log_hook);
}

enum db_rc db_checkpoint(struct db *db, bool wait, int *log_pages, int *copied)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->h, NULL,
					   wait ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE,
					   &log, &done);
	if (log_pages)
		*log_pages = log;
	if (copied)
		*copied = done;
	return rc == SQLITE_OK || rc == SQLITE_BUSY ? DB_OK : map_rc(rc);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->cache_cap; i++)
		if (db->cache[i].st)
			sqlite3_finalize(db->cache[i].st);
	free(db->cache);
	sqlite3_close(db->h);
	free(db->log_hook);
	free(db);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

int db_schema_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			v = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

/* Migrations are "NNN_name.sql", applied in order; PRAGMA user_version records the last. */
enum db_rc db_migrate(struct db *db, int *applied)
{
	return db_migrate_set(db, migrations, migrations_count, applied);
}

enum db_rc db_migrate_set(struct db *db, const struct embedded_file *files, size_t n,
			  int *applied)
{
	int have = db_schema_version(db);
	*applied = 0;
	for (size_t i = 0; i < n; i++) {
		int num = atoi(files[i].name); /* our own file names, checked by the build */
		if (num <= have)
			continue;
		if (exec(db, "BEGIN IMMEDIATE") != DB_OK)
			return DB_ERROR;
		char pragma[64];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", num);
		if (exec(db, (const char *)files[i].data) != DB_OK || exec(db, pragma) != DB_OK) {
			exec(db, "ROLLBACK");
			log_event(LOG_ERROR, "migration_failed", "file=%s", files[i].name);
			return DB_ERROR;
		}
		if (exec(db, "COMMIT") != DB_OK)
			return DB_ERROR;
		log_event(LOG_INFO, "migration_applied", "file=%s", files[i].name);
		(*applied)++;
		have = num;
	}
	return DB_OK;
}

static size_t slot_of(const void *p, size_t cap)
{
	uintptr_t h = (uintptr_t)p;
	h ^= h >> 17;
	h *= 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 32) & (cap - 1);
}

static void cache_put(struct db *db, const char *sql, sqlite3_stmt *st);

static void cache_grow(struct db *db)
{
	struct cached_stmt *old = db->cache;
	size_t oldcap = db->cache_cap;
	db->cache_cap = oldcap ? oldcap * 2 : 128;
	db->cache = xcalloc(db->cache_cap, sizeof *db->cache);
	db->cache_used = 0;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].sql)
			cache_put(db, old[i].sql, old[i].st);
	free(old);
}

static void cache_put(struct db *db, const char *sql, sqlite3_stmt *st)
{
	if ((db->cache_used + 1) * 2 > db->cache_cap)
		cache_grow(db);
	size_t i = slot_of(sql, db->cache_cap);
	while (db->cache[i].sql)
		i = (i + 1) & (db->cache_cap - 1);
	db->cache[i].sql = sql;
	db->cache[i].st = st;
	db->cache_used++;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	if (db->cache_cap) {
		size_t i = slot_of(sql, db->cache_cap);
		while (db->cache[i].sql) {
			if (db->cache[i].sql == sql) {
				sqlite3_stmt *st = db->cache[i].st;
				sqlite3_reset(st);
				sqlite3_clear_bindings(st);
				return (struct db_stmt *)st;
			}
			i = (i + 1) & (db->cache_cap - 1);
		}
	}
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		log_event(LOG_ERROR, "db_prepare_failed", "error=\"%s\" sql=\"%.120s\"",
			  sqlite3_errmsg(db->h), sql);
		return NULL;
	}
	cache_put(db, sql, st);
	return (struct db_stmt *)st;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(ST(st), idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
	sqlite3_bind_text64(ST(st), idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

void db_bind_str(struct db_stmt *st, int idx, const char *s)
{
	if (s)
		sqlite3_bind_text(ST(st), idx, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(ST(st), idx);
}

void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
	sqlite3_bind_blob64(ST(st), idx, p, len, SQLITE_TRANSIENT);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(ST(st), idx);
}

void db_bind_opt_int(struct db_stmt *st, int idx, int64_t v)
{
	if (v)
		sqlite3_bind_int64(ST(st), idx, v);
	else
		sqlite3_bind_null(ST(st), idx);
}

enum db_rc db_step(struct db_stmt *st)
{
	int rc = sqlite3_step(ST(st));
	enum db_rc r = map_rc(rc);
	if (r == DB_ERROR || r == DB_BUSY)
		log_event(LOG_ERROR, "db_step_failed", "rc=%d error=\"%s\" sql=\"%.120s\"", rc,
			  sqlite3_errmsg(sqlite3_db_handle(ST(st))), sqlite3_sql(ST(st)));
	return r;
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(ST(st));
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(ST(st), col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(ST(st), col);
}

const void *db_col_blob(struct db_stmt *st, int col)
{
	return sqlite3_column_blob(ST(st), col);
}

size_t db_col_len(struct db_stmt *st, int col)
{
	return (size_t)sqlite3_column_bytes(ST(st), col);
}

bool db_col_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(ST(st), col) == SQLITE_NULL;
}

enum db_rc db_run(struct db_stmt *st)
{
	enum db_rc rc = db_step(st);
	sqlite3_reset(ST(st));
	return rc;
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

enum db_rc db_begin(struct db *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

enum db_rc db_begin_read(struct db *db)
{
	return exec(db, "BEGIN");
}

enum db_rc db_commit(struct db *db)
{
	return exec(db, "COMMIT");
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		exec(db, "ROLLBACK");
}

enum db_rc db_savepoint(struct db *db)
{
	return exec(db, "SAVEPOINT job");
}

void db_savepoint_release(struct db *db)
{
	exec(db, "RELEASE job");
}

void db_savepoint_rollback(struct db *db)
{
	exec(db, "ROLLBACK TO job");
	exec(db, "RELEASE job");
}
