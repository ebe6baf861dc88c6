/* workers.c — a fixed pool of threads over a bounded FIFO (see workers.h). The queue is a ring
 * of max_queued slots; a reservation counts a slot before the item exists, so the server can
 * refuse a request before it suspends the connection. */
#include "http/workers.h"

#include <pthread.h>
#include <stdlib.h>

#include "util/xalloc.h"

struct workers {
	pthread_mutex_t mu;
	pthread_cond_t have_work;
	void **ring;
	size_t cap, head, count; /* items in the ring */
	size_t reserved;         /* places taken: items in the ring plus those about to be */
	size_t peak;
	uint64_t refused;
	bool stopping;
	workers_fn fn;
	unsigned n;
	pthread_t *threads;
};

static void *worker_main(void *arg)
{
	struct workers *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->count && !(w->stopping && !w->reserved))
			pthread_cond_wait(&w->have_work, &w->mu);
		if (!w->count)
			break; /* stopping, and nothing queued or promised */
		void *item = w->ring[w->head];
		w->head = (w->head + 1) % w->cap;
		w->count--;
		w->reserved--;
		if (w->stopping && !w->reserved)
			pthread_cond_broadcast(&w->have_work); /* the last one: the idle may leave */
		pthread_mutex_unlock(&w->mu);
		w->fn(item);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct workers *workers_start(unsigned n, size_t max_queued, workers_fn fn)
{
	struct workers *w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->have_work, NULL);
	w->cap = max_queued ? max_queued : 1;
	w->ring = xcalloc(w->cap, sizeof *w->ring);
	w->fn = fn;
	w->n = n ? n : 1;
	w->threads = xcalloc(w->n, sizeof *w->threads);
	for (unsigned i = 0; i < w->n; i++)
		pthread_create(&w->threads[i], NULL, worker_main, w);
	return w;
}

bool workers_reserve(struct workers *w)
{
	pthread_mutex_lock(&w->mu);
	bool ok = w->reserved < w->cap;
	if (ok) {
		w->reserved++;
		if (w->reserved > w->peak)
			w->peak = w->reserved;
	} else {
		w->refused++;
	}
	pthread_mutex_unlock(&w->mu);
	return ok;
}

void workers_submit(struct workers *w, void *item)
{
	pthread_mutex_lock(&w->mu);
	w->ring[(w->head + w->count) % w->cap] = item;
	w->count++;
	pthread_cond_signal(&w->have_work);
	pthread_mutex_unlock(&w->mu);
}

void workers_stop(struct workers *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_broadcast(&w->have_work);
	pthread_mutex_unlock(&w->mu);
	for (unsigned i = 0; i < w->n; i++)
		pthread_join(w->threads[i], NULL);
	free(w->threads);
	free(w->ring);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->have_work);
	free(w);
}

void workers_stats(struct workers *w, struct workers_stats *out)
{
	pthread_mutex_lock(&w->mu);
	*out = (struct workers_stats){.queued = w->reserved, .peak = w->peak, .refused = w->refused,
				      .max_queued = w->cap, .threads = w->n};
	pthread_mutex_unlock(&w->mu);
}
