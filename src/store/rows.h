/* rows.h — private helpers of src/store for growing result arrays in an arena. */
#ifndef EXDESK_STORE_ROWS_H
#define EXDESK_STORE_ROWS_H
#include <string.h>

#include "store/db.h"
#include "util/arena.h"

/* Ensure room for one more element in an arena-backed array (doubling). */
static inline void *rows_grow(struct arena *a, void *rows, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return rows;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *bigger = arena_alloc(a, ncap * elem);
	if (n)
		memcpy(bigger, rows, n * elem);
	*cap = ncap;
	return bigger;
}

/* Step a bound one-row, one-column query: its first column, or 0 when there is no row. */
static inline int64_t rows_scalar_int(struct db_stmt *st)
{
	int64_t v = db_step(st) == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return v;
}

#define ROWS_PUSH(a, rows, n, cap) ((rows) = rows_grow((a), (rows), (n), &(cap), sizeof *(rows)), &(rows)[(n)++])

#endif
