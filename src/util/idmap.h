/* idmap.h — a hash map from positive 64-bit ids to pointers: open addressing with linear probing
 * and backward-shift deletion (no tombstones, so a table that churns stays as fast as a fresh
 * one). For the in-memory indexes of the writer's engines (tickets and agents by id). Not
 * thread-safe; allocation through xalloc. */
#ifndef EXDESK_UTIL_IDMAP_H
#define EXDESK_UTIL_IDMAP_H
#include <stddef.h>
#include <stdint.h>

struct idmap {
	struct idmap_slot {
		int64_t id; /* 0 = empty */
		void *value;
	} *slots;
	size_t cap, len; /* cap is 0 or a power of two */
};

void idmap_init(struct idmap *m);
void idmap_free(struct idmap *m); /* the values are the caller's */
void *idmap_get(const struct idmap *m, int64_t id); /* NULL if absent */
/* Insert or replace; id must be > 0. */
void idmap_put(struct idmap *m, int64_t id, void *value);
/* The value removed, or NULL if absent. */
void *idmap_remove(struct idmap *m, int64_t id);
/* Iteration: for (size_t i = 0; i < m->cap; i++) if (m->slots[i].id) ... */

#endif
