#include "util/histogram.h"

#include <stdio.h>

#include "util/textbuf.h"

const double histogram_seconds_bounds[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
					   0.1,    0.25,  0.5,    1,     2.5,  5,     10};
const size_t histogram_seconds_n = sizeof histogram_seconds_bounds / sizeof(double);
const double histogram_size_bounds[] = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512};
const size_t histogram_size_n = sizeof histogram_size_bounds / sizeof(double);

void histogram_init(struct histogram *h, const double *bounds, size_t n)
{
	h->bounds = bounds;
	h->n_bounds = n > HISTOGRAM_MAX_BUCKETS ? HISTOGRAM_MAX_BUCKETS : n;
	for (size_t i = 0; i <= HISTOGRAM_MAX_BUCKETS; i++)
		atomic_store(&h->buckets[i], 0);
	atomic_store(&h->count, 0);
	atomic_store(&h->sum_micro, 0);
}

void histogram_observe(struct histogram *h, double v)
{
	size_t i = 0;
	while (i < h->n_bounds && v > h->bounds[i])
		i++;
	atomic_fetch_add(&h->buckets[i], 1);
	atomic_fetch_add(&h->count, 1);
	atomic_fetch_add(&h->sum_micro, (uint64_t)(v < 0 ? 0 : v * 1e6));
}

void histogram_render(const struct histogram *h, const char *name, const char *labels,
		      struct textbuf *out)
{
	uint64_t cum = 0;
	labels = labels ? labels : "";
	const char *sep = *labels ? "," : "";
	for (size_t i = 0; i < h->n_bounds; i++) {
		cum += atomic_load(&h->buckets[i]);
		textbuf_printf(out, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, sep,
			       h->bounds[i], (unsigned long long)cum);
	}
	cum += atomic_load(&h->buckets[h->n_bounds]);
	textbuf_printf(out, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, sep,
		       (unsigned long long)cum);
	const char *open = *labels ? "{" : "", *close = *labels ? "}" : "";
	textbuf_printf(out, "%s_sum%s%s%s %.6f\n", name, open, labels, close,
		       (double)atomic_load(&h->sum_micro) / 1e6);
	textbuf_printf(out, "%s_count%s%s%s %llu\n", name, open, labels, close,
		       (unsigned long long)atomic_load(&h->count));
}
