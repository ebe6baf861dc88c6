/* sla_store.c — SLA policies, business calendars and working shifts as stored. Calendars and
 * shifts are the same shape (a unique name and a canonical text spec), so one set of helpers
 * serves both through a table of their statements. */
#include "store/store.h"

#include "store/rows.h"

/* ---- calendars and shifts ---- */

struct spec_sql {
	const char *list, *get, *by_name, *insert, *update, *remove;
};

#define SPEC_COLS "id, name, spec, created_at, updated_at"

static const char CAL_LIST[] = "SELECT " SPEC_COLS " FROM calendars ORDER BY id";
static const char CAL_GET[] = "SELECT " SPEC_COLS " FROM calendars WHERE id = ?";
static const char CAL_BY_NAME[] = "SELECT " SPEC_COLS " FROM calendars WHERE name = ?";
static const char CAL_INSERT[] =
    "INSERT INTO calendars (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?)";
static const char CAL_UPDATE[] =
    "UPDATE calendars SET name = ?, spec = ?, updated_at = ? WHERE id = ?";
static const char CAL_DELETE[] = "DELETE FROM calendars WHERE id = ?";
static const struct spec_sql calendars_sql = {CAL_LIST,   CAL_GET,    CAL_BY_NAME,
                                              CAL_INSERT, CAL_UPDATE, CAL_DELETE};

static const char SHIFT_LIST[] = "SELECT " SPEC_COLS " FROM shifts ORDER BY id";
static const char SHIFT_GET[] = "SELECT " SPEC_COLS " FROM shifts WHERE id = ?";
static const char SHIFT_BY_NAME[] = "SELECT " SPEC_COLS " FROM shifts WHERE name = ?";
static const char SHIFT_INSERT[] =
    "INSERT INTO shifts (name, spec, created_at, updated_at) VALUES (?, ?, ?, ?)";
static const char SHIFT_UPDATE[] =
    "UPDATE shifts SET name = ?, spec = ?, updated_at = ? WHERE id = ?";
static const char SHIFT_DELETE[] = "DELETE FROM shifts WHERE id = ?";
static const struct spec_sql shifts_sql = {SHIFT_LIST,   SHIFT_GET,    SHIFT_BY_NAME,
                                           SHIFT_INSERT, SHIFT_UPDATE, SHIFT_DELETE};

/* The helpers read into a calendar_row; shift_row has the same members and is copied from it. */
static void spec_read(struct db_stmt *st, struct arena *a, struct calendar_row *c)
{
	c->id = db_col_int(st, 0);
	c->name = arena_strdup(a, db_col_text(st, 1));
	c->spec = arena_strdup(a, db_col_text(st, 2));
	c->created_at = db_col_int(st, 3);
	c->updated_at = db_col_int(st, 4);
}

static size_t spec_list(struct db *db, struct arena *a, const struct spec_sql *q,
                        struct calendar_row **out)
{
	struct db_stmt *st = db_prepare(db, q->list);
	struct calendar_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		spec_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

/* By id (name NULL) or by name. */
static bool spec_get(struct db *db, struct arena *a, const struct spec_sql *q, int64_t id,
                     const char *name, struct calendar_row *out)
{
	struct db_stmt *st = db_prepare(db, name ? q->by_name : q->get);
	if (!st)
		return false;
	if (name)
		db_bind_str(st, 1, name);
	else
		db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		spec_read(st, a, out);
	db_reset(st);
	return found;
}

static enum db_rc spec_insert(struct db *w, const struct spec_sql *q, const char *name,
                              const char *spec, int64_t created_at, int64_t updated_at, int64_t *id)
{
	struct db_stmt *st = db_prepare(w, q->insert);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, name);
	db_bind_str(st, 2, spec);
	db_bind_int(st, 3, created_at);
	db_bind_int(st, 4, updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		*id = db_last_id(w);
	return rc;
}

static enum db_rc spec_update(struct db *w, const struct spec_sql *q, int64_t id, const char *name,
                              const char *spec, int64_t updated_at)
{
	struct db_stmt *st = db_prepare(w, q->update);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, name);
	db_bind_str(st, 2, spec);
	db_bind_int(st, 3, updated_at);
	db_bind_int(st, 4, id);
	return db_run(st);
}

static enum db_rc spec_delete(struct db *w, const struct spec_sql *q, int64_t id)
{
	struct db_stmt *st = db_prepare(w, q->remove);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return db_run(st);
}

static int64_t count_by_id(struct db *db, const char *sql, int64_t id)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return 0;
	db_bind_int(st, 1, id);
	return rows_scalar_int(st);
}

size_t store_calendar_list(struct db *db, struct arena *a, struct calendar_row **out)
{
	return spec_list(db, a, &calendars_sql, out);
}

bool store_calendar_get(struct db *db, struct arena *a, int64_t id, struct calendar_row *out)
{
	return spec_get(db, a, &calendars_sql, id, NULL, out);
}

bool store_calendar_get_by_name(struct db *db, struct arena *a, const char *name,
                                struct calendar_row *out)
{
	return spec_get(db, a, &calendars_sql, 0, name, out);
}

enum db_rc store_calendar_insert(struct db *w, struct calendar_row *c)
{
	return spec_insert(w, &calendars_sql, c->name, c->spec, c->created_at, c->updated_at,
	                   &c->id);
}

enum db_rc store_calendar_update(struct db *w, const struct calendar_row *c)
{
	return spec_update(w, &calendars_sql, c->id, c->name, c->spec, c->updated_at);
}

enum db_rc store_calendar_delete(struct db *w, int64_t id)
{
	return spec_delete(w, &calendars_sql, id);
}

int64_t store_calendar_policies(struct db *db, int64_t id)
{
	static const char SQL[] = "SELECT COUNT(*) FROM sla_policies WHERE calendar_id = ?";
	return count_by_id(db, SQL, id);
}

static void as_shift(const struct calendar_row *c, struct shift_row *s)
{
	*s = (struct shift_row){c->id, c->name, c->spec, c->created_at, c->updated_at};
}

size_t store_shift_list(struct db *db, struct arena *a, struct shift_row **out)
{
	struct calendar_row *rows;
	size_t n = spec_list(db, a, &shifts_sql, &rows);
	*out = n ? arena_alloc(a, n * sizeof **out) : NULL;
	for (size_t i = 0; i < n; i++)
		as_shift(&rows[i], &(*out)[i]);
	return n;
}

bool store_shift_get(struct db *db, struct arena *a, int64_t id, struct shift_row *out)
{
	struct calendar_row c;
	if (!spec_get(db, a, &shifts_sql, id, NULL, &c))
		return false;
	as_shift(&c, out);
	return true;
}

bool store_shift_get_by_name(struct db *db, struct arena *a, const char *name,
                             struct shift_row *out)
{
	struct calendar_row c;
	if (!spec_get(db, a, &shifts_sql, 0, name, &c))
		return false;
	as_shift(&c, out);
	return true;
}

enum db_rc store_shift_insert(struct db *w, struct shift_row *s)
{
	return spec_insert(w, &shifts_sql, s->name, s->spec, s->created_at, s->updated_at, &s->id);
}

enum db_rc store_shift_update(struct db *w, const struct shift_row *s)
{
	return spec_update(w, &shifts_sql, s->id, s->name, s->spec, s->updated_at);
}

enum db_rc store_shift_delete(struct db *w, int64_t id)
{
	return spec_delete(w, &shifts_sql, id);
}

int64_t store_shift_agents(struct db *db, int64_t id)
{
	static const char SQL[] = "SELECT COUNT(*) FROM agents WHERE shift_id = ?";
	return count_by_id(db, SQL, id);
}

/* ---- SLA policies ---- */

#define POLICY_COLS                                                                                \
	"id, position, name, enabled, priorities, channels, vip_min, vip_max, first_response_ms, " \
	"next_response_ms, resolution_ms, warn_percent, pause_on_hold, calendar_id, "              \
	"breach_actions, created_at, updated_at"

static void policy_read(struct db_stmt *st, struct arena *a, struct sla_policy_row *p)
{
	p->id = db_col_int(st, 0);
	p->position = db_col_int(st, 1);
	p->name = arena_strdup(a, db_col_text(st, 2));
	p->enabled = db_col_int(st, 3) != 0;
	p->priorities = arena_strdup(a, db_col_text(st, 4));
	p->channels = arena_strdup(a, db_col_text(st, 5));
	p->vip_min = db_col_int(st, 6);
	p->vip_max = db_col_null(st, 7) ? -1 : db_col_int(st, 7);
	p->first_response_ms = db_col_int(st, 8);
	p->next_response_ms = db_col_int(st, 9);
	p->resolution_ms = db_col_int(st, 10);
	p->warn_percent = db_col_int(st, 11);
	p->pause_on_hold = db_col_int(st, 12) != 0;
	p->calendar_id = db_col_int(st, 13);
	p->breach_actions = arena_strdup(a, db_col_text(st, 14));
	p->created_at = db_col_int(st, 15);
	p->updated_at = db_col_int(st, 16);
}

/* The columns an insert and an update both set, from index first on. */
static void policy_bind(struct db_stmt *st, int first, const struct sla_policy_row *p)
{
	db_bind_int(st, first, p->position);
	db_bind_str(st, first + 1, p->name);
	db_bind_int(st, first + 2, p->enabled);
	db_bind_str(st, first + 3, p->priorities ? p->priorities : "");
	db_bind_str(st, first + 4, p->channels ? p->channels : "");
	db_bind_int(st, first + 5, p->vip_min);
	if (p->vip_max < 0)
		db_bind_null(st, first + 6);
	else
		db_bind_int(st, first + 6, p->vip_max);
	db_bind_int(st, first + 7, p->first_response_ms);
	db_bind_int(st, first + 8, p->next_response_ms);
	db_bind_int(st, first + 9, p->resolution_ms);
	db_bind_int(st, first + 10, p->warn_percent);
	db_bind_int(st, first + 11, p->pause_on_hold);
	db_bind_opt_int(st, first + 12, p->calendar_id);
	db_bind_str(st, first + 13, p->breach_actions ? p->breach_actions : "{}");
	db_bind_int(st, first + 14, p->updated_at);
}

size_t store_sla_policy_list(struct db *db, struct arena *a, struct sla_policy_row **out)
{
	static const char SQL[] = "SELECT " POLICY_COLS " FROM sla_policies ORDER BY position, id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct sla_policy_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		policy_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

bool store_sla_policy_get(struct db *db, struct arena *a, int64_t id, struct sla_policy_row *out)
{
	static const char SQL[] = "SELECT " POLICY_COLS " FROM sla_policies WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		policy_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_sla_policy_get_by_name(struct db *db, struct arena *a, const char *name,
                                  struct sla_policy_row *out)
{
	static const char SQL[] = "SELECT " POLICY_COLS " FROM sla_policies WHERE name = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, name);
	bool found = db_step(st) == DB_ROW;
	if (found)
		policy_read(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_sla_policy_insert(struct db *w, struct sla_policy_row *p)
{
	static const char SQL[] =
	    "INSERT INTO sla_policies (position, name, enabled, priorities, channels, vip_min, "
	    "vip_max, first_response_ms, next_response_ms, resolution_ms, warn_percent, "
	    "pause_on_hold, calendar_id, breach_actions, updated_at, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	policy_bind(st, 1, p);
	db_bind_int(st, 16, p->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		p->id = db_last_id(w);
	return rc;
}

enum db_rc store_sla_policy_update(struct db *w, const struct sla_policy_row *p)
{
	static const char SQL[] =
	    "UPDATE sla_policies SET position = ?, name = ?, enabled = ?, priorities = ?, "
	    "channels = ?, vip_min = ?, vip_max = ?, first_response_ms = ?, next_response_ms = ?, "
	    "resolution_ms = ?, warn_percent = ?, pause_on_hold = ?, calendar_id = ?, "
	    "breach_actions = ?, updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	policy_bind(st, 1, p);
	db_bind_int(st, 16, p->id);
	return db_run(st);
}

enum db_rc store_sla_policy_delete(struct db *w, int64_t id)
{
	static const char SQL[] = "DELETE FROM sla_policies WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, id);
	return db_run(st);
}

enum db_rc store_sla_policy_set_position(struct db *w, int64_t id, int64_t position)
{
	static const char SQL[] = "UPDATE sla_policies SET position = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, position);
	db_bind_int(st, 2, id);
	return db_run(st);
}
