/* idmap.c — see idmap.h. Kept at most half full, so probes stay short. */
#include "util/idmap.h"

#include <stdlib.h>

#include "util/xalloc.h"

static size_t slot_of(int64_t id, size_t cap)
{
	/* Fibonacci hashing: ids are often dense and sequential, which this spreads. */
	return (size_t)(((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

void idmap_init(struct idmap *m)
{
	m->slots = NULL;
	m->cap = m->len = 0;
}

void idmap_free(struct idmap *m)
{
	free(m->slots);
	idmap_init(m);
}

void *idmap_get(const struct idmap *m, int64_t id)
{
	if (m->cap == 0 || id <= 0)
		return NULL;
	for (size_t i = slot_of(id, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].id == id)
			return m->slots[i].value;
		if (m->slots[i].id == 0)
			return NULL;
	}
}

static void grow(struct idmap *m)
{
	size_t old_cap = m->cap, cap = old_cap ? old_cap * 2 : 16;
	struct idmap_slot *old = m->slots;

	m->slots = xcalloc(cap, sizeof *m->slots);
	m->cap = cap;
	for (size_t k = 0; k < old_cap; k++) {
		if (old[k].id == 0)
			continue;
		size_t i = slot_of(old[k].id, cap);
		while (m->slots[i].id != 0)
			i = (i + 1) & (cap - 1);
		m->slots[i] = old[k];
	}
	free(old);
}

void idmap_put(struct idmap *m, int64_t id, void *value)
{
	if (id <= 0)
		abort(); /* a caller's bug: ids are positive */
	if ((m->len + 1) * 2 > m->cap)
		grow(m);
	size_t i = slot_of(id, m->cap);
	while (m->slots[i].id != 0 && m->slots[i].id != id)
		i = (i + 1) & (m->cap - 1);
	if (m->slots[i].id == 0)
		m->len++;
	m->slots[i].id = id;
	m->slots[i].value = value;
}

void *idmap_remove(struct idmap *m, int64_t id)
{
	if (m->cap == 0 || id <= 0)
		return NULL;
	size_t mask = m->cap - 1, i = slot_of(id, m->cap);
	while (m->slots[i].id != id) {
		if (m->slots[i].id == 0)
			return NULL;
		i = (i + 1) & mask;
	}
	void *value = m->slots[i].value;
	/* Backward shift: pull later members of the probe run into the hole when their home slot
	 * does not lie (cyclically) between the hole and where they sit. */
	for (size_t j = (i + 1) & mask; m->slots[j].id != 0; j = (j + 1) & mask) {
		size_t home = slot_of(m->slots[j].id, m->cap);
		if (((j - home) & mask) >= ((j - i) & mask)) {
			m->slots[i] = m->slots[j];
			i = j;
		}
	}
	m->slots[i].id = 0;
	m->slots[i].value = NULL;
	m->len--;
	return value;
}
