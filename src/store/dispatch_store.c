/* dispatch_store.c — what the dispatcher reads to build its engine, and the SLA timer rows its
 * scheduler keeps (migration 007). */
#include <string.h>

#include "store/rows.h"
#include "store/store.h"

size_t store_dispatch_open_tickets(struct db *db, struct arena *a, struct dispatch_ticket_row **out)
{
	static const char SQL[] =
	    "SELECT id, COALESCE(group_id, 0), COALESCE(assignee_id, 0), created_at, status, "
	    "priority, channel, language, COALESCE(category, ''), vip FROM tickets "
	    "WHERE status NOT IN ('solved', 'closed') AND merged_into_id IS NULL ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct dispatch_ticket_row *v = NULL;
	size_t n = 0, cap = 0;

	if (st) {
		while (db_step(st) == DB_ROW)
			*ROWS_PUSH(a, v, n, cap) = (struct dispatch_ticket_row){
			    .id = db_col_int(st, 0),
			    .group_id = db_col_int(st, 1),
			    .assignee_id = db_col_int(st, 2),
			    .created_at = db_col_int(st, 3),
			    .status = arena_strdup(a, db_col_text(st, 4)),
			    .priority = arena_strdup(a, db_col_text(st, 5)),
			    .channel = arena_strdup(a, db_col_text(st, 6)),
			    .language = arena_strdup(a, db_col_text(st, 7)),
			    .category = arena_strdup(a, db_col_text(st, 8)),
			    .vip = db_col_int(st, 9) != 0,
			};
		db_reset(st);
	}
	*out = v;
	return n;
}

static size_t ids_of(struct db_stmt *st, int64_t *ids, size_t max)
{
	size_t n = 0;

	while (n < max && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_reset(st);
	return n;
}

size_t store_sla_timer_missing(struct db *db, int64_t after_id, int64_t *ids, size_t max)
{
	static const char SQL[] =
	    "SELECT t.id FROM tickets t LEFT JOIN sla_timers s ON s.ticket_id = t.id "
	    "WHERE t.id > ? AND s.ticket_id IS NULL AND t.status NOT IN ('solved', 'closed') "
	    "AND t.merged_into_id IS NULL ORDER BY t.id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);

	if (!st)
		return 0;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, (int64_t)max);
	return ids_of(st, ids, max);
}

bool store_sla_timer_get(struct db *db, int64_t ticket_id, struct sla_timer_row *out)
{
	static const char SQL[] =
	    "SELECT COALESCE(wake_at, 0), fired, nr_cycle FROM sla_timers WHERE ticket_id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	bool found = false;

	if (!st)
		return false;
	db_bind_int(st, 1, ticket_id);
	if (db_step(st) == DB_ROW) {
		*out = (struct sla_timer_row){
		    .ticket_id = ticket_id,
		    .wake_at = db_col_int(st, 0),
		    .fired = db_col_int(st, 1),
		    .nr_cycle = db_col_int(st, 2),
		};
		found = true;
	}
	db_reset(st);
	return found;
}

enum db_rc store_sla_timer_put(struct db *w, const struct sla_timer_row *t)
{
	static const char SQL[] =
	    "INSERT INTO sla_timers (ticket_id, wake_at, fired, nr_cycle) VALUES (?, ?, ?, ?) "
	    "ON CONFLICT (ticket_id) DO UPDATE SET wake_at = excluded.wake_at, "
	    "fired = excluded.fired, nr_cycle = excluded.nr_cycle";
	struct db_stmt *st = db_prepare(w, SQL);

	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, t->ticket_id);
	db_bind_opt_int(st, 2, t->wake_at);
	db_bind_int(st, 3, t->fired);
	db_bind_int(st, 4, t->nr_cycle);
	return db_run(st);
}

size_t store_sla_timer_due(struct db *db, int64_t now, int64_t *ids, size_t max)
{
	static const char SQL[] = "SELECT ticket_id FROM sla_timers WHERE wake_at IS NOT NULL "
				  "AND wake_at <= ? ORDER BY wake_at, ticket_id LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);

	if (!st)
		return 0;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, (int64_t)max);
	return ids_of(st, ids, max);
}

int64_t store_sla_timer_next(struct db *db)
{
	static const char SQL[] = "SELECT MIN(wake_at) FROM sla_timers WHERE wake_at IS NOT NULL";
	struct db_stmt *st = db_prepare(db, SQL);
	int64_t at = 0;

	if (!st)
		return 0;
	if (db_step(st) == DB_ROW)
		at = db_col_int(st, 0);
	db_reset(st);
	return at;
}

int64_t store_event_last_id(struct db *db)
{
	static const char SQL[] = "SELECT COALESCE(MAX(id), 0) FROM events";
	struct db_stmt *st = db_prepare(db, SQL);
	int64_t id = 0;

	if (!st)
		return 0;
	if (db_step(st) == DB_ROW)
		id = db_col_int(st, 0);
	db_reset(st);
	return id;
}
