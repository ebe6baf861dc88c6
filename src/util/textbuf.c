#include "util/textbuf.h"

#include <stdarg.h>
#include <stdio.h>

void textbuf_init(struct textbuf *b, char *storage, size_t cap)
{
	b->p = storage;
	b->len = 0;
	b->cap = cap;
	b->truncated = false;
	if (cap)
		storage[0] = '\0';
}

void textbuf_printf(struct textbuf *b, const char *fmt, ...)
{
	if (b->truncated || b->len + 1 >= b->cap) {
		b->truncated = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= b->cap - b->len) {
		b->p[b->len] = '\0'; /* keep only whole lines */
		b->truncated = true;
		return;
	}
	b->len += (size_t)n;
}
