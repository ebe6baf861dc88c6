/* xalloc.h — allocation that never returns NULL. The server decides out-of-memory once:
 * it logs and aborts (a half-handled OOM is worse than a restart; the store is crash-safe). */
#ifndef EXDESK_UTIL_XALLOC_H
#define EXDESK_UTIL_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
