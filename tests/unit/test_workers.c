/* test_workers.c — the write workers' bounded queue (src/http/workers.h), what backpressure
 * rests on: a place is refused exactly when `max_queued` requests already wait (and counted);
 * items run oldest first; stopping runs everything queued and everything promised by a
 * reservation, never drops one; the stats report the peak. */
#include "http/workers.h"

#include <pthread.h>
#include <unistd.h>

#include "unit_main.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ran[1000], n_ran;
static int gate_open; /* items wait here until the test opens it */

static void run_item(void *item)
{
	pthread_mutex_lock(&mu);
	while (!gate_open)
		pthread_cond_wait(&cv, &mu);
	ran[n_ran++] = (int)(long)item;
	pthread_mutex_unlock(&mu);
}

static void reset(bool open)
{
	pthread_mutex_lock(&mu);
	n_ran = 0;
	gate_open = open;
	pthread_mutex_unlock(&mu);
}

static void open_gate(void)
{
	pthread_mutex_lock(&mu);
	gate_open = 1;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

START_TEST(refused_exactly_when_full)
{
	reset(false);
	/* one worker, which takes item 1 and blocks on the gate; then three may wait */
	struct workers *w = workers_start(1, 3, run_item);
	ck_assert(workers_reserve(w));
	workers_submit(w, (void *)1L);
	for (int i = 0; i < 200; i++) { /* until the worker has taken it out of the queue */
		struct workers_stats st;
		workers_stats(w, &st);
		if (st.queued == 0)
			break;
		usleep(1000);
	}
	for (long i = 2; i <= 4; i++) {
		ck_assert(workers_reserve(w));
		workers_submit(w, (void *)i);
	}
	ck_assert(!workers_reserve(w));
	ck_assert(!workers_reserve(w));
	struct workers_stats st;
	workers_stats(w, &st);
	ck_assert_uint_eq(st.queued, 3);
	ck_assert_uint_eq(st.peak, 3);
	ck_assert_uint_eq(st.refused, 2);
	ck_assert_uint_eq(st.max_queued, 3);
	open_gate();
	workers_stop(w);
	ck_assert_int_eq(n_ran, 4);
	for (int i = 0; i < 4; i++) /* one worker: oldest first */
		ck_assert_int_eq(ran[i], i + 1);
}
END_TEST

START_TEST(a_place_frees_when_its_item_starts)
{
	reset(true);
	struct workers *w = workers_start(2, 1, run_item);
	for (long i = 0; i < 100; i++) {
		while (!workers_reserve(w))
			usleep(100);
		workers_submit(w, (void *)i);
	}
	workers_stop(w);
	ck_assert_int_eq(n_ran, 100);
}
END_TEST

static void *stop_thread(void *w)
{
	workers_stop(w);
	return NULL;
}

START_TEST(stop_runs_what_was_promised)
{
	reset(true);
	struct workers *w = workers_start(4, 64, run_item);
	/* reserved but not yet submitted when stop begins: the submit still runs */
	ck_assert(workers_reserve(w));
	for (long i = 0; i < 50; i++) {
		ck_assert(workers_reserve(w));
		workers_submit(w, (void *)i);
	}
	pthread_t t;
	pthread_create(&t, NULL, stop_thread, w);
	usleep(20000);
	workers_submit(w, (void *)999L);
	pthread_join(t, NULL);
	ck_assert_int_eq(n_ran, 51);
	bool saw = false;
	for (int i = 0; i < n_ran; i++)
		saw = saw || ran[i] == 999;
	ck_assert(saw);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("workers");
	UNIT_TEST(s, refused_exactly_when_full);
	UNIT_TEST(s, a_place_frees_when_its_item_starts);
	UNIT_TEST(s, stop_runs_what_was_promised);
	return unit_run(s, "workers");
}
