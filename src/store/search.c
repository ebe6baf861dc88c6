/* search.c — keeping the full-text indexes true to the tokenizer that reads them.
 *
 * FTS5 removes a row from an external-content index by tokenizing its old text again: if the
 * tokenizer's rules changed since the row was indexed, the wrong terms are removed and the index
 * is quietly corrupt (docs/internals/search.md "Changing the rules"). So the version of the rules
 * (SEARCH_TEXT_VERSION) is recorded beside the indexes, and when the binary's differs, every
 * exdesk-tokenized table is rebuilt from its content before the writer serves anything.
 *
 * The tables are listed here by name because a table name cannot be a bound parameter and no
 * SQL is assembled at run time; the schema is searched for every table declared with
 * tokenize='exdesk', and one missing from the list stops the start (so a new index cannot be
 * forgotten). A contentless table (content='') cannot be rebuilt by FTS5 — its text is not kept
 * — and none is used: its owner would have to re-insert every row. */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"
#include "util/log.h"

#define VERSION_KEY "search_text_version"

struct fts_table {
	const char *name;
	const char *rebuild; /* static SQL: prepared statements are cached by address */
};

static const struct fts_table fts_tables[] = {
	{"messages_fts", "INSERT INTO messages_fts (messages_fts) VALUES ('rebuild')"},
	{"tickets_fts", "INSERT INTO tickets_fts (tickets_fts) VALUES ('rebuild')"},
	{"kb_fts", "INSERT INTO kb_fts (kb_fts) VALUES ('rebuild')"},
};

/* Every FTS5 table declared with the exdesk tokenizer (fts5vocab tables read another table's
 * index and are not matched). The declaration is stored as written, in any case. */
static const char EXDESK_TABLES_SQL[] =
	"SELECT name, sql FROM sqlite_master WHERE type = 'table' "
	"AND (lower(sql) LIKE 'create virtual table%using fts5(%' "
	"  OR lower(sql) LIKE 'create virtual table%using fts5 (%') "
	"AND lower(sql) LIKE '%tokenize%exdesk%' ORDER BY name";

static const struct fts_table *known(const char *name)
{
	for (size_t i = 0; i < sizeof fts_tables / sizeof fts_tables[0]; i++)
		if (strcmp(fts_tables[i].name, name) == 0)
			return &fts_tables[i];
	return NULL;
}

/* content='' (or "") in any spacing: FTS5's contentless mode. */
static bool contentless(const char *sql)
{
	for (const char *p = sql; (p = strstr(p, "content")); p += 7) {
		if (p > sql && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
			continue; /* content_rowid, or a column name ending in content */
		const char *q = p + 7;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if (*q++ != '=')
			continue;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		if ((q[0] == '\'' && q[1] == '\'') || (q[0] == '"' && q[1] == '"'))
			return true;
	}
	return false;
}

enum db_rc store_search_index_check(struct db *w, int version, int *rebuilt)
{
	struct arena a;
	arena_init(&a, 4096);
	char want[24];
	snprintf(want, sizeof want, "%d", version);
	*rebuilt = 0;
	enum db_rc rc = DB_OK;
	if (db_begin(w) != DB_OK) {
		rc = DB_ERROR;
		goto out;
	}
	const char *have = store_setting_get(w, &a, VERSION_KEY);
	if (have && strcmp(have, want) == 0) {
		db_rollback(w); /* nothing to do: the indexes match the rules */
		goto out;
	}
	struct db_stmt *st = db_prepare(w, EXDESK_TABLES_SQL);
	if (!st) {
		rc = DB_ERROR;
		goto fail;
	}
	const char *names[16];
	size_t n = 0;
	enum db_rc step;
	while ((step = db_step(st)) == DB_ROW) {
		const char *name = arena_strdup(&a, db_col_text(st, 0));
		const char *sql = arena_strdup(&a, db_col_text(st, 1));
		char *lower = arena_strdup(&a, sql);
		for (char *p = lower; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		if (!known(name) || contentless(lower) || n == sizeof names / sizeof names[0]) {
			log_event(LOG_ERROR, "search_index_not_rebuildable",
				  "table=%s indexed_with=%s tokenizer=%s reason=\"%s\"", name,
				  have ? have : "none", want,
				  contentless(lower) ? "contentless: FTS5 cannot rebuild it"
						     : "not listed in store/search.c");
			rc = DB_ERROR;
		} else {
			names[n++] = name;
		}
	}
	db_reset(st);
	if (step != DB_DONE)
		rc = DB_ERROR;
	if (rc != DB_OK)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		int64_t t0 = clock_monotonic_ns();
		struct db_stmt *rb = db_prepare(w, known(names[i])->rebuild);
		if (!rb || db_run(rb) != DB_DONE) {
			rc = DB_ERROR;
			goto fail;
		}
		log_event(LOG_INFO, "search_index_rebuilt",
			  "table=%s indexed_with=%s tokenizer=%s ms=%lld", names[i],
			  have ? have : "none", want,
			  (long long)((clock_monotonic_ns() - t0) / 1000000));
		(*rebuilt)++;
	}
	if (!store_setting_set(w, VERSION_KEY, want) || db_commit(w) != DB_OK) {
		rc = DB_ERROR;
		goto fail;
	}
	goto out;
fail:
	db_rollback(w);
	log_event(LOG_ERROR, "search_index_check_failed", "error=\"%s\"", db_errmsg(w));
out:
	arena_free(&a);
	return rc;
}
