/* fts_tokenizer.h — the exdesk search tokenizer (core/search_text.h) as an FTS5 custom tokenizer.
 * Part of the SQLite backend: db_open registers it on every connection, so any FTS5 table
 * declared with tokenize='exdesk' indexes and queries with the same rules as the query builder.
 * It owns no state; tables share one stateless instance. */
#ifndef EXDESK_STORE_SQLITE_FTS_TOKENIZER_H
#define EXDESK_STORE_SQLITE_FTS_TOKENIZER_H

struct sqlite3;

/* Registers tokenize='exdesk' on connection h. Returns an SQLite result code (SQLITE_OK = 0). */
int fts_tokenizer_register(struct sqlite3 *h);

#endif
