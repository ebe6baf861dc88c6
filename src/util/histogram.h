/* histogram.h — lock-free Prometheus-style histograms and counters for /metrics. Bucket bounds
 * are fixed at compile time; observing is a few atomic adds, safe from any thread. */
#ifndef EXDESK_UTIL_HISTOGRAM_H
#define EXDESK_UTIL_HISTOGRAM_H
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define HISTOGRAM_MAX_BUCKETS 16

struct histogram {
	const double *bounds; /* upper bounds, ascending; +Inf is implicit */
	size_t n_bounds;
	_Atomic uint64_t buckets[HISTOGRAM_MAX_BUCKETS + 1]; /* non-cumulative counts */
	_Atomic uint64_t count;
	_Atomic uint64_t sum_micro; /* sum of observations x 1e6 */
};

extern const double histogram_seconds_bounds[]; /* 0.0005 .. 10 s */
extern const size_t histogram_seconds_n;
extern const double histogram_size_bounds[];    /* 1 .. 512 */
extern const size_t histogram_size_n;

void histogram_init(struct histogram *h, const double *bounds, size_t n);
void histogram_observe(struct histogram *h, double v);
struct textbuf;
/* Appends Prometheus text for metric `name` with optional extra labels ("route=\"x\"" or ""). */
void histogram_render(const struct histogram *h, const char *name, const char *labels,
		      struct textbuf *out);

#endif
