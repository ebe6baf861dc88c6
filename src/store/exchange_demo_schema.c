/* exchange_demo_schema.c — the demo exchange's migrations: the .sql files in src/store/sqlite/exchange/,
 * compiled in by scripts/embed (the Makefile's exchange_migrations), applied by
 * db_migrate_set on the exchange's own database file. */
#include "store/exchange_demo.h"

#include "util/embedded.h"

const struct embedded_file *exstore_migrations(size_t *n)
{
	*n = exchange_migrations_count;
	return exchange_migrations;
}
