/* rate_limit.h — counting events per key (a client address, an email) in a fixed window, in
 * memory, for the public endpoints that anyone can call without credentials (the help center's
 * request form and "check my request"). The same design as the login throttle in http/auth.c,
 * made reusable: a table of slots fixed at compile time, so memory never grows whatever the
 * traffic; a key's window starts at its first counted event and its count resets when the window
 * has passed.
 *
 * Keys are hashed with a key chosen at random per process, so nobody can compute names that land
 * in the bucket of someone else's key. A bucket holds a few keys; a new key evicts the bucket's
 * stalest entry, which at worst lets a caller who controls very many keys (addresses) go
 * unlimited, as they would be anyway. Thread-safe. Nothing survives a restart.
 *
 * Never stores the key itself, only its hash: the table holds no addresses or emails. */
#ifndef EXDESK_UTIL_RATE_LIMIT_H
#define EXDESK_UTIL_RATE_LIMIT_H
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#define RATE_LIMIT_BUCKETS 1024
#define RATE_LIMIT_WAYS    4 /* keys per bucket */

struct rate_slot {
	unsigned char id[16]; /* keyed hash of the key; all zero = free */
	int count;
	int64_t first_at; /* ms: the window's start */
};

struct rate_limit {
	pthread_mutex_t mu;
	int max;           /* events allowed per window */
	int64_t window_ms; /* the window's length */
	struct rate_slot slots[RATE_LIMIT_BUCKETS * RATE_LIMIT_WAYS];
};

/* A limiter as a static definition: static struct rate_limit x = RATE_LIMIT_INIT(5, 900000); */
#define RATE_LIMIT_INIT(max_, window_ms_)                                                          \
	{                                                                                          \
		.mu = PTHREAD_MUTEX_INITIALIZER, .max = (max_), .window_ms = (window_ms_)          \
	}

/* 0 when one more event for key is allowed at now_ms, else the seconds until it will be
 * (at least 1). Counts nothing. */
int rate_limit_check(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms);
/* Count one event for key at now_ms. */
void rate_limit_count(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms);
/* rate_limit_check and, when allowed, rate_limit_count, in one step (no race between them). */
int rate_limit_hit(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms);
/* Forget key (e.g. after a success that should clear its failures). */
void rate_limit_forget(struct rate_limit *rl, const char *key, size_t len);

#endif
