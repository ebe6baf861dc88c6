/* exchange_events.c — the worker that acts on the exchange's webhooks (docs/exchange.md).
 *
 * One thread takes the oldest due event, hands it to the handler of its type, and records how
 * it went: done, retry later (the exchange was unavailable: 1, 2, 4 ... up to 300 s, at most
 * EXEV_MAX_ATTEMPTS times), failed (cannot be acted on), or ignored (no handler for the type).
 * Handlers live with their features; each must be safe to run twice for the same event (a crash
 * between its actions and the record of "done" runs it again), which the connector's
 * idempotency keys and the features' own unique keys make so.
 *
 * Why a thread and not the request: the webhook must be answered fast, and a handler makes
 * several connector calls (seconds when the exchange is slow). */
#include "api/exchange.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/incidents.h"
#include "api/recovery.h"
#include "api/withdrawal_holds.h"
#include "util/clock.h"
#include "util/log.h"

#define EXEV_MAX_ATTEMPTS 12
#define EXEV_RETRY_FIRST_MS 1000
#define EXEV_RETRY_MAX_MS   (300 * 1000)
#define EXEV_IDLE_MS        1000

/* A deposit the exchange saw matters to two features: deposit recovery re-checks the cases
 * waiting for that transaction, and outreach writes first to a user whose deposit came without
 * its memo. Both are safe to run again, so when either must be retried both run again. */
static enum exev_result on_deposit_seen(struct exev *ev)
{
	enum exev_result a = recovery_on_deposit_seen(ev);
	int64_t recovery_ticket = ev->ticket_id;
	char recovery_error[sizeof ev->error];
	memcpy(recovery_error, ev->error, sizeof recovery_error);
	ev->ticket_id = 0;
	ev->error[0] = '\0';
	enum exev_result b = outreach_on_deposit_seen(ev);
	if (!ev->ticket_id)
		ev->ticket_id = recovery_ticket;
	if (a != EXEV_DONE && recovery_error[0]) {
		/* both reasons, cut to the field (an error is for people reading the event list) */
		char both[2 * sizeof ev->error + 16];
		snprintf(both, sizeof both, "recovery: %s%s%s", recovery_error, ev->error[0] ? "; " : "",
		         ev->error);
		snprintf(ev->error, sizeof ev->error, "%.*s", (int)sizeof ev->error - 1, both);
	}
	if (a == EXEV_RETRY || b == EXEV_RETRY)
		return EXEV_RETRY;
	return a == EXEV_FAILED || b == EXEV_FAILED ? EXEV_FAILED : EXEV_DONE;
}

/* One handler per event type the desk acts on. Types without one are recorded as ignored. */
static const struct {
	const char *type;
	exev_fn fn;
} handlers[] = {
    {"incident.declared", incident_on_declared},
    /* withdrawal holds and proactive outreach (withdrawal_screen.c, outreach.c) */
    {"withdrawal.pending", holds_on_withdrawal_pending},
    {"deposit.seen", on_deposit_seen}, /* recovery re-checks, then outreach */
    {"login.new_country", outreach_on_login_new_country},
    {NULL, NULL},
};

static struct {
	struct store *st;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool running, stopping, kicked;
	_Atomic uint64_t done, retried, failed;
} w = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static exev_fn handler_for(const char *type)
{
	for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++)
		if (handlers[i].type && strcmp(handlers[i].type, type) == 0)
			return handlers[i].fn;
	return NULL;
}

struct finish_job {
	int64_t id, ticket_id, next_at;
	const char *status, *error;
};

static int finish_run(struct db *db, void *ctx)
{
	struct finish_job *j = ctx;
	enum db_rc rc = j->next_at ? store_exevent_retry(db, j->id, j->next_at, j->error)
	                           : store_exevent_finish(db, j->id, j->status, j->error,
	                                                  j->ticket_id, clock_now_ms());
	return rc == DB_DONE ? 0 : -1;
}

/* Works one event; false when none was due. */
static bool work_one(void)
{
	struct arena a;
	arena_init(&a, 8192);
	struct exevent_row row;
	if (!store_exevent_next_due(store_reader(w.st), &a, clock_now_ms(), &row)) {
		arena_free(&a);
		return false;
	}
	struct exev ev = {.store = w.st, .a = &a, .row = &row};
	struct finish_job fin = {.id = row.id, .status = "done", .error = ""};
	json_error_t je;
	json_t *body = json_loads(row.body, 0, &je);
	ev.data = json_object_get(body, "data");
	exev_fn fn = handler_for(row.type);
	enum exev_result res = EXEV_DONE;
	if (!fn) {
		fin.status = "ignored";
	} else if (!json_is_object(ev.data)) {
		fin.status = "failed";
		fin.error = "the event has no data object";
		res = EXEV_FAILED;
	} else {
		res = fn(&ev);
		fin.ticket_id = ev.ticket_id;
		if (res == EXEV_RETRY && row.attempts + 1 >= EXEV_MAX_ATTEMPTS) {
			res = EXEV_FAILED;
			strncat(ev.error, " (gave up after 12 attempts)",
			        sizeof ev.error - strlen(ev.error) - 1);
		}
		if (res == EXEV_FAILED) {
			fin.status = "failed";
			fin.error = ev.error;
		} else if (res == EXEV_RETRY) {
			int64_t delay = EXEV_RETRY_FIRST_MS;
			for (int i = 0; i < row.attempts && delay < EXEV_RETRY_MAX_MS; i++)
				delay *= 2;
			fin.next_at = clock_now_ms() + (delay > EXEV_RETRY_MAX_MS ? EXEV_RETRY_MAX_MS
			                                                           : delay);
			fin.error = ev.error;
		}
	}
	if (store_write_background(w.st, finish_run, &fin) != 0)
		log_event(LOG_ERROR, "exchange_event_unrecorded", "event=%s", row.event_id);
	atomic_fetch_add(res == EXEV_DONE ? &w.done : res == EXEV_RETRY ? &w.retried : &w.failed, 1);
	log_event(res == EXEV_DONE ? LOG_INFO : LOG_WARN, "exchange_event_worked",
	          "event=%s type=%s result=%s ticket=%lld error=\"%s\"", row.event_id, row.type,
	          fin.next_at ? "retry" : fin.status, (long long)fin.ticket_id, fin.error);
	json_decref(body);
	arena_free(&a);
	return true;
}

static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&w.mu);
	while (!w.stopping) {
		w.kicked = false;
		pthread_mutex_unlock(&w.mu);
		bool worked = work_one();
		int64_t wait = EXEV_IDLE_MS;
		if (!worked) {
			int64_t next = store_exevent_next_at(store_reader(w.st));
			if (next) {
				int64_t in = next - clock_now_ms();
				wait = in < 1 ? 1 : in < EXEV_IDLE_MS ? in : EXEV_IDLE_MS;
			}
		}
		pthread_mutex_lock(&w.mu);
		if (!worked && !w.kicked && !w.stopping) {
			struct timespec until;
			clock_deadline_after(&until, wait);
			pthread_cond_timedwait(&w.cv, &w.mu, &until);
		}
	}
	pthread_mutex_unlock(&w.mu);
	return NULL;
}

bool exchange_events_start(struct store *st)
{
	w.st = st;
	w.stopping = false;
	if (pthread_create(&w.thread, NULL, worker, NULL) != 0)
		return false;
	w.running = true;
	return true;
}

void exchange_events_stop(void)
{
	if (!w.running)
		return;
	pthread_mutex_lock(&w.mu);
	w.stopping = true;
	pthread_cond_signal(&w.cv);
	pthread_mutex_unlock(&w.mu);
	pthread_join(w.thread, NULL);
	w.running = false;
}

void exchange_events_kick(void)
{
	pthread_mutex_lock(&w.mu);
	w.kicked = true;
	pthread_cond_signal(&w.cv);
	pthread_mutex_unlock(&w.mu);
}

void exchange_events_counts(uint64_t *done, uint64_t *retried, uint64_t *failed)
{
	*done = atomic_load(&w.done);
	*retried = atomic_load(&w.retried);
	*failed = atomic_load(&w.failed);
}
