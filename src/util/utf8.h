/* utf8.h — UTF-8 checks at the edge. Every byte string from outside (paths, queries, headers we
 * keep, JSON strings) is checked here before it goes anywhere: overlong forms, surrogates,
 * code points past U+10FFFF and (optionally) NUL are rejected. Built on utf8proc. */
#ifndef EXDESK_UTIL_UTF8_H
#define EXDESK_UTIL_UTF8_H
#include <stdbool.h>
#include <stddef.h>

bool utf8_valid(const char *s, size_t len, bool allow_nul);
/* Number of code points; the input must be valid. */
size_t utf8_length(const char *s, size_t len);
/* Trim ASCII and Unicode white space at both ends: returns the new start, sets *len. */
const char *utf8_trim(const char *s, size_t *len);

#endif
