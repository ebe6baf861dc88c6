/* rate_limit.c — fixed-window counters in a fixed table (see rate_limit.h). */
#include "util/rate_limit.h"

#include <sodium.h>
#include <string.h>

static unsigned char hash_key[crypto_generichash_KEYBYTES];
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;

static void hash_init(void)
{
	randombytes_buf(hash_key, sizeof hash_key);
}

static void key_id(const char *key, size_t len, unsigned char id[16])
{
	pthread_once(&hash_once, hash_init);
	crypto_generichash(id, 16, (const unsigned char *)key, len, hash_key, sizeof hash_key);
	/* all zero marks a free slot; a real hash that is all zero (2^-128) becomes another value
	 */
	static const unsigned char zero[16];
	if (!memcmp(id, zero, 16))
		id[0] = 1;
}

static size_t bucket_of(const unsigned char id[16])
{
	return ((size_t)id[0] | (size_t)id[1] << 8 | (size_t)id[2] << 16) % RATE_LIMIT_BUCKETS *
	       RATE_LIMIT_WAYS;
}

static struct rate_slot *find(struct rate_limit *rl, const unsigned char id[16])
{
	struct rate_slot *b = &rl->slots[bucket_of(id)];
	for (int i = 0; i < RATE_LIMIT_WAYS; i++)
		if (!memcmp(b[i].id, id, 16))
			return &b[i];
	return NULL;
}

/* A slot for id: its own, else a free or expired one, else the one whose window started first. */
static struct rate_slot *take(struct rate_limit *rl, const unsigned char id[16], int64_t now)
{
	struct rate_slot *s = find(rl, id);
	if (s)
		return s;
	struct rate_slot *b = &rl->slots[bucket_of(id)], *victim = &b[0];
	for (int i = 0; i < RATE_LIMIT_WAYS; i++) {
		if (b[i].count == 0 || b[i].first_at + rl->window_ms <= now) {
			victim = &b[i];
			break;
		}
		if (b[i].first_at < victim->first_at)
			victim = &b[i];
	}
	memset(victim, 0, sizeof *victim);
	memcpy(victim->id, id, 16);
	return victim;
}

static int wait_of(const struct rate_limit *rl, const struct rate_slot *s, int64_t now)
{
	if (!s || s->count < rl->max)
		return 0;
	int64_t until = s->first_at + rl->window_ms;
	if (until <= now)
		return 0;
	return (int)((until - now + 999) / 1000);
}

static void count(struct rate_limit *rl, struct rate_slot *s, int64_t now)
{
	if (s->count == 0 || s->first_at + rl->window_ms <= now) {
		s->count = 0;
		s->first_at = now;
	}
	s->count++;
}

int rate_limit_check(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms)
{
	unsigned char id[16];
	key_id(key, len, id);
	pthread_mutex_lock(&rl->mu);
	int wait = wait_of(rl, find(rl, id), now_ms);
	pthread_mutex_unlock(&rl->mu);
	return wait;
}

void rate_limit_count(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms)
{
	unsigned char id[16];
	key_id(key, len, id);
	pthread_mutex_lock(&rl->mu);
	count(rl, take(rl, id, now_ms), now_ms);
	pthread_mutex_unlock(&rl->mu);
}

int rate_limit_hit(struct rate_limit *rl, const char *key, size_t len, int64_t now_ms)
{
	unsigned char id[16];
	key_id(key, len, id);
	pthread_mutex_lock(&rl->mu);
	int wait = wait_of(rl, find(rl, id), now_ms);
	if (!wait)
		count(rl, take(rl, id, now_ms), now_ms);
	pthread_mutex_unlock(&rl->mu);
	return wait;
}

void rate_limit_forget(struct rate_limit *rl, const char *key, size_t len)
{
	unsigned char id[16];
	key_id(key, len, id);
	pthread_mutex_lock(&rl->mu);
	struct rate_slot *s = find(rl, id);
	if (s)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&rl->mu);
}
