/* arena.h — per-request memory. Everything a request (or a CLI command, or a write job)
 * allocates comes from its arena and is released by one arena_free() when it ends, so handlers
 * never track individual frees (h2o's req->pool). Not thread-safe: one arena, one thread. */
#ifndef EXDESK_UTIL_ARENA_H
#define EXDESK_UTIL_ARENA_H
#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t block_size;
};

void arena_init(struct arena *a, size_t block_size);
void arena_free(struct arena *a); /* frees every allocation; the arena can be reused */
void *arena_alloc(struct arena *a, size_t n); /* zeroed, 16-byte aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s); /* NULL stays NULL */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
