/* embedded.h — files compiled into the binary by scripts/embed (migrations, later web assets).
 * Each array ends with a {NULL, NULL, 0} entry; data is NUL-terminated for convenience. */
#ifndef EXDESK_UTIL_EMBEDDED_H
#define EXDESK_UTIL_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t len;
};

extern const struct embedded_file migrations[];
extern const size_t migrations_count;
extern const struct embedded_file exchange_migrations[]; /* the demo exchange's database */
extern const size_t exchange_migrations_count;
extern const struct embedded_file web_assets[]; /* names relative to web/: "console/app.js" */
extern const size_t web_assets_count;

#endif
