/* store.c — opening the data dir, the per-thread readers, and the group-commit writer.
 *
 * Why one writer: SQLite allows one writer at a time anyway; funnelling writes through a queue
 * turns lock contention into batching. The writer drains everything queued, runs each job in a
 * savepoint, then makes ONE durable commit for the batch. Under load the batch grows by itself
 * (jobs queue while the previous fsync runs), which is exactly when it is needed. */
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/search_text.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define MAX_BATCH 512
/* The log is copied into the database by the checkpointer thread once it holds this many pages
 * (16 MB); if it ever reaches the hard limit (readers pinning old frames, a checkpointer that
 * cannot keep up), the writer waits for a full checkpoint itself rather than let it grow. */
#define CHECKPOINT_PAGES 4000
#define CHECKPOINT_HARD_PAGES 100000
#define DEFAULT_MAX_QUEUE 4096
#define MAX_READERS 512 /* request threads (<= 256) + write workers (<= 200) + background threads */

struct job {
	store_job_fn fn;
	void *ctx;
	int rc;
	bool done;
	struct job *next;
};

struct store {
	char *path;
	struct db *writer_db;
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t have_work; /* writer waits on it */
	pthread_cond_t job_done;  /* submitters wait on it */
	struct job *head, *tail;
	size_t waiting, max_waiting;
	bool stopping;

	pthread_mutex_t readers_mu;
	struct db *readers[MAX_READERS];
	size_t n_readers;
	pthread_key_t reader_key;

	struct store_stats stats;
	struct {
		store_commit_hook fn;
		void *ctx;
	} hooks[STORE_MAX_HOOKS];
	store_rollback_hook on_rollback;

	/* background checkpoints */
	struct db *ckpt_db;
	pthread_t ckpt_thread;
	pthread_cond_t ckpt_wake;
	bool ckpt_wanted, ckpt_stop;
};

static void *writer_main(void *arg);

/* On the writer's thread, after each commit. */
static void on_commit_log(void *ctx, struct db *db, int pages)
{
	struct store *s = ctx;
	if (pages >= CHECKPOINT_HARD_PAGES) {
		atomic_fetch_add(&s->stats.checkpoints_blocking, 1);
		db_checkpoint(db, true, NULL, NULL);
		return;
	}
	if (pages >= CHECKPOINT_PAGES) {
		pthread_mutex_lock(&s->mu);
		s->ckpt_wanted = true;
		pthread_cond_signal(&s->ckpt_wake);
		pthread_mutex_unlock(&s->mu);
	}
}

/* Copies the log into the database beside the writer (PASSIVE: it never blocks a commit or a
 * reader), so no write waits behind a checkpoint. */
static void *checkpointer_main(void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->ckpt_wanted && !s->ckpt_stop)
			pthread_cond_wait(&s->ckpt_wake, &s->mu);
		if (s->ckpt_stop)
			break;
		s->ckpt_wanted = false;
		pthread_mutex_unlock(&s->mu);
		int copied = 0;
		db_checkpoint(s->ckpt_db, false, NULL, &copied);
		atomic_fetch_add(&s->stats.checkpoints, 1);
		atomic_fetch_add(&s->stats.checkpoint_pages, (uint64_t)(copied > 0 ? copied : 0));
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

enum db_rc store_open(const char *data_dir, struct store **out)
{
	if (mkdir(data_dir, 0700) != 0 && errno != EEXIST) {
		log_event(LOG_ERROR, "data_dir_failed", "dir=\"%s\" error=\"%s\"", data_dir,
			  strerror(errno));
		return DB_ERROR;
	}
	struct store *s = xcalloc(1, sizeof *s);
	size_t n = strlen(data_dir) + 16;
	s->path = xmalloc(n);
	snprintf(s->path, n, "%s/exdesk.db", data_dir);
	if (db_open(s->path, DB_READ_WRITE, &s->writer_db) != DB_OK) {
		free(s->path);
		free(s);
		return DB_ERROR;
	}
	int applied, rebuilt;
	/* The search indexes must match the tokenizer before any write touches them. */
	if (db_migrate(s->writer_db, &applied) != DB_OK ||
	    store_search_index_check(s->writer_db, SEARCH_TEXT_VERSION, &rebuilt) != DB_OK) {
		db_close(s->writer_db);
		free(s->path);
		free(s);
		return DB_ERROR;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->have_work, NULL);
	pthread_cond_init(&s->job_done, NULL);
	pthread_mutex_init(&s->readers_mu, NULL);
	pthread_key_create(&s->reader_key, NULL);
	s->max_waiting = DEFAULT_MAX_QUEUE;
	histogram_init(&s->stats.commit_seconds, histogram_seconds_bounds, histogram_seconds_n);
	histogram_init(&s->stats.batch_size, histogram_size_bounds, histogram_size_n);
	pthread_cond_init(&s->ckpt_wake, NULL);
	if (db_open(s->path, DB_READ_WRITE, &s->ckpt_db) == DB_OK) {
		db_on_commit_log(s->writer_db, on_commit_log, s);
		pthread_create(&s->ckpt_thread, NULL, checkpointer_main, s);
	} else {
		s->ckpt_db = NULL; /* SQLite's own checkpoints on commit stay on */
	}
	pthread_create(&s->writer, NULL, writer_main, s);
	*out = s;
	return DB_OK;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_signal(&s->have_work);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->writer, NULL);
	if (s->ckpt_db) {
		pthread_mutex_lock(&s->mu);
		s->ckpt_stop = true;
		pthread_cond_signal(&s->ckpt_wake);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->ckpt_thread, NULL);
		db_checkpoint(s->ckpt_db, false, NULL, NULL);
		db_close(s->ckpt_db);
	}
	db_close(s->writer_db);
	for (size_t i = 0; i < s->n_readers; i++)
		db_close(s->readers[i]);
	pthread_key_delete(s->reader_key);
	free(s->path);
	free(s);
}

struct db *store_reader(struct store *s)
{
	struct db *db = pthread_getspecific(s->reader_key);
	if (db)
		return db;
	if (db_open(s->path, DB_READ_ONLY, &db) != DB_OK)
		abort(); /* the file was opened read-write moments ago: the machine is broken */
	pthread_mutex_lock(&s->readers_mu);
	if (s->n_readers == MAX_READERS) {
		pthread_mutex_unlock(&s->readers_mu);
		log_event(LOG_ERROR, "too_many_reader_threads", "max=%d", MAX_READERS);
		abort();
	}
	s->readers[s->n_readers++] = db;
	pthread_mutex_unlock(&s->readers_mu);
	pthread_setspecific(s->reader_key, db);
	return db;
}

void store_set_max_queue(struct store *s, size_t max_waiting)
{
	pthread_mutex_lock(&s->mu);
	s->max_waiting = max_waiting;
	pthread_mutex_unlock(&s->mu);
}

void store_set_commit_hook(struct store *s, store_commit_hook fn, void *ctx)
{
	store_add_commit_hook(s, fn, ctx);
}

/* Hooks are set while the server starts and removed when it stops, with the writer idle or
 * between batches; the mutex orders those changes against the writer's reads. */
bool store_add_commit_hook(struct store *s, store_commit_hook fn, void *ctx)
{
	bool added = false;
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < STORE_MAX_HOOKS && !added; i++)
		if (s->hooks[i].fn == NULL) {
			s->hooks[i].fn = fn;
			s->hooks[i].ctx = ctx;
			added = true;
		}
	pthread_mutex_unlock(&s->mu);
	return added;
}

void store_remove_commit_hook(struct store *s, store_commit_hook fn)
{
	pthread_mutex_lock(&s->mu);
	for (size_t i = 0; i < STORE_MAX_HOOKS; i++)
		if (s->hooks[i].fn == fn)
			s->hooks[i].fn = NULL;
	pthread_mutex_unlock(&s->mu);
}

void store_set_rollback_hook(struct store *s, store_rollback_hook fn)
{
	pthread_mutex_lock(&s->mu);
	s->on_rollback = fn;
	pthread_mutex_unlock(&s->mu);
}

struct store_stats *store_stats(struct store *s)
{
	return &s->stats;
}

size_t store_queue_depth(struct store *s)
{
	pthread_mutex_lock(&s->mu);
	size_t n = s->waiting;
	pthread_mutex_unlock(&s->mu);
	return n;
}

static int submit(struct store *s, store_job_fn fn, void *ctx, bool refusable)
{
	struct job j = {.fn = fn, .ctx = ctx};
	pthread_mutex_lock(&s->mu);
	if (s->stopping || (refusable && s->waiting >= s->max_waiting)) {
		pthread_mutex_unlock(&s->mu);
		if (!s->stopping)
			atomic_fetch_add(&s->stats.jobs_refused, 1);
		return STORE_UNAVAILABLE;
	}
	if (s->tail)
		s->tail->next = &j;
	else
		s->head = &j;
	s->tail = &j;
	s->waiting++;
	if (s->waiting > atomic_load(&s->stats.queue_peak))
		atomic_store(&s->stats.queue_peak, s->waiting);
	pthread_cond_signal(&s->have_work);
	while (!j.done)
		pthread_cond_wait(&s->job_done, &s->mu);
	pthread_mutex_unlock(&s->mu);
	return j.rc;
}

int store_write(struct store *s, store_job_fn fn, void *ctx)
{
	return submit(s, fn, ctx, true);
}

int store_write_background(struct store *s, store_job_fn fn, void *ctx)
{
	return submit(s, fn, ctx, false);
}

static void run_batch(struct store *s, struct job *batch)
{
	int64_t t0 = clock_monotonic_ns();
	size_t n = 0;
	bool begun = db_begin(s->writer_db) == DB_OK, committed = false, rolled_back = !begun;
	for (struct job *j = batch; j; j = j->next) {
		n++;
		if (!begun || db_savepoint(s->writer_db) != DB_OK) {
			j->rc = STORE_COMMIT_FAILED;
			continue;
		}
		j->rc = j->fn(s->writer_db, j->ctx);
		if (j->rc == STORE_JOB_OK) {
			db_savepoint_release(s->writer_db);
		} else {
			db_savepoint_rollback(s->writer_db);
			atomic_fetch_add(&s->stats.jobs_failed, 1);
			rolled_back = true;
		}
	}
	if (begun && db_commit(s->writer_db) == DB_OK) {
		committed = true;
	} else if (begun) {
		log_event(LOG_ERROR, "commit_failed", "jobs=%zu error=\"%s\"", n,
			  db_errmsg(s->writer_db));
		db_rollback(s->writer_db);
		for (struct job *j = batch; j; j = j->next)
			if (j->rc == STORE_JOB_OK)
				j->rc = STORE_COMMIT_FAILED;
		rolled_back = true;
	}
	histogram_observe(&s->stats.commit_seconds, (double)(clock_monotonic_ns() - t0) / 1e9);
	histogram_observe(&s->stats.batch_size, (double)n);
	pthread_mutex_lock(&s->mu);
	store_rollback_hook on_rollback = s->on_rollback;
	size_t n_hooks = 0;
	struct {
		store_commit_hook fn;
		void *ctx;
	} hooks[STORE_MAX_HOOKS];
	for (size_t i = 0; i < STORE_MAX_HOOKS; i++)
		if (s->hooks[i].fn)
			hooks[n_hooks].fn = s->hooks[i].fn, hooks[n_hooks++].ctx = s->hooks[i].ctx;
	pthread_mutex_unlock(&s->mu);
	if (rolled_back && on_rollback)
		on_rollback();
	for (size_t i = 0; committed && i < n_hooks; i++)
		hooks[i].fn(s->writer_db, hooks[i].ctx);
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->have_work, &s->mu);
		if (!s->head && s->stopping)
			break;
		/* Take up to MAX_BATCH jobs; the rest wait for the next commit. */
		struct job *batch = s->head, *last = batch;
		size_t n = 1;
		while (last->next && n < MAX_BATCH)
			last = last->next, n++;
		s->head = last->next;
		if (!s->head)
			s->tail = NULL;
		last->next = NULL;
		s->waiting -= n;
		pthread_mutex_unlock(&s->mu);

		run_batch(s, batch);

		pthread_mutex_lock(&s->mu);
		for (struct job *j = batch; j;) {
			struct job *next = j->next; /* j lives on its submitter's stack */
			j->done = true;
			j = next;
		}
		pthread_cond_broadcast(&s->job_done);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}
