#include "core/filetype.h"

#include <string.h>
#include <strings.h>

static const struct {
	const char *type;
	const char *magic;
	size_t magic_len, offset;
} signatures[] = {
	{"image/png", "\x89PNG\r\n\x1a\n", 8, 0},
	{"image/jpeg", "\xff\xd8\xff", 3, 0},
	{"image/gif", "GIF87a", 6, 0},
	{"image/gif", "GIF89a", 6, 0},
	{"image/webp", "WEBP", 4, 8}, /* "RIFF" size "WEBP" */
	{"application/pdf", "%PDF-", 5, 0},
};

static bool type_is(const char *content_type, const char *type)
{
	size_t n = strlen(type);
	return strncasecmp(content_type, type, n) == 0 &&
	       (content_type[n] == '\0' || content_type[n] == ';');
}

bool filetype_allowed(const char *content_type, const unsigned char *data, size_t len)
{
	if (!content_type || !data)
		return false;
	for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++) {
		if (!type_is(content_type, signatures[i].type))
			continue;
		size_t end = signatures[i].offset + signatures[i].magic_len;
		if (len >= end &&
		    memcmp(data + signatures[i].offset, signatures[i].magic, signatures[i].magic_len) == 0 &&
		    (signatures[i].offset == 0 || memcmp(data, "RIFF", 4) == 0))
			return true;
	}
	return false;
}

bool filetype_is_image(const char *content_type)
{
	return content_type && strncasecmp(content_type, "image/", 6) == 0;
}
