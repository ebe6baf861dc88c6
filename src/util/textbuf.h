/* textbuf.h — appending formatted text into a buffer whose maximum is fixed when it is made
 * (curl's dynbuf). Output past the maximum is dropped and remembered, never reallocated, so a
 * writer of metrics or reports cannot grow memory without bound. */
#ifndef EXDESK_UTIL_TEXTBUF_H
#define EXDESK_UTIL_TEXTBUF_H
#include <stdbool.h>
#include <stddef.h>

struct textbuf {
	char *p;
	size_t len, cap;
	bool truncated;
};

void textbuf_init(struct textbuf *b, char *storage, size_t cap); /* storage outlives b */
void textbuf_printf(struct textbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
