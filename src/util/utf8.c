#include "util/utf8.h"

#include <utf8proc.h>

bool utf8_valid(const char *s, size_t len, bool allow_nul)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0 || cp < 0)
			return false;
		if (cp == 0 && !allow_nul)
			return false;
		i += (size_t)n;
	}
	return true;
}

size_t utf8_length(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static bool is_space(utf8proc_int32_t cp)
{
	if (cp == ' ' || (cp >= 0x09 && cp <= 0x0d))
		return true;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

const char *utf8_trim(const char *s, size_t *len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t start = 0, end = *len;
	while (start < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n =
			utf8proc_iterate(p + start, (utf8proc_ssize_t)(end - start), &cp);
		if (n <= 0 || !is_space(cp))
			break;
		start += (size_t)n;
	}
	/* Walk backwards to the start byte of the last code point and test it. */
	while (end > start) {
		size_t b = end - 1;
		while (b > start && (p[b] & 0xC0) == 0x80)
			b--;
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate(p + b, (utf8proc_ssize_t)(end - b), &cp);
		if (n <= 0 || !is_space(cp))
			break;
		end = b;
	}
	*len = end - start;
	return s + start;
}
