/* withdrawal_holds.c — see withdrawal_holds.h. */
#include "store/withdrawal_holds.h"

#include "store/rows.h"

#define COLS                                                                                    \
	"id, withdrawal_id, uid, asset, network, amount, address, memo, COALESCE(value_cents, -1), " \
	"decision, state, second_approval, compliance, score, hits, diff, COALESCE(ticket_id, 0), " \
	"COALESCE(customer_id, 0), COALESCE(requested_by, 0), COALESCE(requested_at, 0), "         \
	"COALESCE(decided_by, 0), COALESCE(decided_at, 0), cancel_reason, last_error, "           \
	"challenge_id, created_at, updated_at, challenges"

static void read_row(struct db_stmt *st, struct arena *a, struct hold_row *h)
{
	h->id = db_col_int(st, 0);
	h->withdrawal_id = arena_strdup(a, db_col_text(st, 1));
	h->uid = arena_strdup(a, db_col_text(st, 2));
	h->asset = arena_strdup(a, db_col_text(st, 3));
	h->network = arena_strdup(a, db_col_text(st, 4));
	h->amount = arena_strdup(a, db_col_text(st, 5));
	h->address = arena_strdup(a, db_col_text(st, 6));
	h->memo = arena_strdup(a, db_col_text(st, 7));
	h->value_cents = db_col_int(st, 8);
	h->decision = arena_strdup(a, db_col_text(st, 9));
	h->state = arena_strdup(a, db_col_text(st, 10));
	h->second_approval = db_col_int(st, 11) != 0;
	h->compliance = db_col_int(st, 12) != 0;
	h->score = (int)db_col_int(st, 13);
	h->hits = arena_strdup(a, db_col_text(st, 14));
	h->diff = arena_strdup(a, db_col_text(st, 15));
	h->ticket_id = db_col_int(st, 16);
	h->customer_id = db_col_int(st, 17);
	h->requested_by = db_col_int(st, 18);
	h->requested_at = db_col_int(st, 19);
	h->decided_by = db_col_int(st, 20);
	h->decided_at = db_col_int(st, 21);
	h->cancel_reason = arena_strdup(a, db_col_text(st, 22));
	h->last_error = arena_strdup(a, db_col_text(st, 23));
	h->challenge_id = arena_strdup(a, db_col_text(st, 24));
	h->created_at = db_col_int(st, 25);
	h->updated_at = db_col_int(st, 26);
	h->challenges = db_col_int(st, 27);
}

enum db_rc store_hold_insert(struct db *w, struct hold_row *h, bool *duplicate)
{
	static const char INS[] =
	    "INSERT INTO withdrawal_holds (withdrawal_id, uid, asset, network, amount, address, "
	    "memo, value_cents, decision, second_approval, compliance, score, state, hits, diff, "
	    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (withdrawal_id) DO NOTHING";
	static const char SEL[] = "SELECT id FROM withdrawal_holds WHERE withdrawal_id = ?";
	struct db_stmt *st = db_prepare(w, INS);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, h->withdrawal_id);
	db_bind_str(st, 2, h->uid);
	db_bind_str(st, 3, h->asset);
	db_bind_str(st, 4, h->network);
	db_bind_str(st, 5, h->amount);
	db_bind_str(st, 6, h->address);
	db_bind_str(st, 7, h->memo ? h->memo : "");
	if (h->value_cents < 0)
		db_bind_null(st, 8);
	else
		db_bind_int(st, 8, h->value_cents);
	db_bind_str(st, 9, h->decision);
	db_bind_int(st, 10, h->second_approval);
	db_bind_int(st, 11, h->compliance);
	db_bind_int(st, 12, h->score);
	db_bind_str(st, 13, h->state);
	db_bind_str(st, 14, h->hits ? h->hits : "[]");
	db_bind_str(st, 15, h->diff);
	db_bind_int(st, 16, h->created_at);
	db_bind_int(st, 17, h->updated_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	*duplicate = db_changes(w) == 0;
	st = db_prepare(w, SEL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, h->withdrawal_id);
	h->id = rows_scalar_int(st);
	return h->id ? DB_DONE : DB_ERROR;
}

enum db_rc store_hold_update(struct db *w, const struct hold_row *h)
{
	static const char SQL[] =
	    "UPDATE withdrawal_holds SET state = ?, ticket_id = ?, customer_id = ?, "
	    "requested_by = ?, requested_at = ?, decided_by = ?, decided_at = ?, cancel_reason = ?, "
	    "last_error = ?, challenge_id = ?, updated_at = ?, challenges = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, h->state);
	db_bind_opt_int(st, 2, h->ticket_id);
	db_bind_opt_int(st, 3, h->customer_id);
	db_bind_opt_int(st, 4, h->requested_by);
	db_bind_opt_int(st, 5, h->requested_at);
	db_bind_opt_int(st, 6, h->decided_by);
	db_bind_opt_int(st, 7, h->decided_at);
	db_bind_str(st, 8, h->cancel_reason ? h->cancel_reason : "");
	db_bind_str(st, 9, h->last_error ? h->last_error : "");
	db_bind_str(st, 10, h->challenge_id ? h->challenge_id : "");
	db_bind_int(st, 11, h->updated_at);
	db_bind_int(st, 12, h->challenges);
	db_bind_int(st, 13, h->id);
	return db_run(st);
}

static bool get_one(struct db_stmt *st, struct arena *a, struct hold_row *out)
{
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_row(st, a, out);
	db_reset(st);
	return found;
}

bool store_hold_get(struct db *db, struct arena *a, int64_t id, struct hold_row *out)
{
	static const char SQL[] = "SELECT " COLS " FROM withdrawal_holds WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	return get_one(st, a, out);
}

bool store_hold_get_by_withdrawal(struct db *db, struct arena *a, const char *withdrawal_id,
                                  struct hold_row *out)
{
	static const char SQL[] = "SELECT " COLS " FROM withdrawal_holds WHERE withdrawal_id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, withdrawal_id);
	return get_one(st, a, out);
}

static size_t list(struct db_stmt *st, struct arena *a, struct hold_row **out)
{
	size_t n = 0, cap = 0;
	struct hold_row *rows = NULL;
	while (db_step(st) == DB_ROW)
		read_row(st, a, ROWS_PUSH(a, rows, n, cap));
	db_reset(st);
	*out = rows;
	return n;
}

size_t store_hold_list_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                              struct hold_row **out)
{
	static const char SQL[] = "SELECT " COLS " FROM withdrawal_holds WHERE ticket_id = ? "
	                          "ORDER BY id DESC LIMIT 50";
	struct db_stmt *st = db_prepare(db, SQL);
	*out = NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, ticket_id);
	return list(st, a, out);
}

size_t store_hold_list_period(struct db *db, struct arena *a, int64_t from, int64_t to,
                              struct hold_row **out)
{
	static const char SQL[] = "SELECT " COLS " FROM withdrawal_holds "
	                          "WHERE created_at >= ? AND created_at < ? ORDER BY id LIMIT 100000";
	struct db_stmt *st = db_prepare(db, SQL);
	*out = NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, from);
	db_bind_int(st, 2, to);
	return list(st, a, out);
}

size_t store_hold_checks(struct db *db, struct arena *a, int64_t hold_id,
                         struct hold_check_row **out)
{
	static const char SQL[] = "SELECT item, detail, COALESCE(agent_id, 0), done_at "
	                          "FROM withdrawal_hold_checks WHERE hold_id = ? ORDER BY done_at";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0, cap = 0;
	struct hold_check_row *rows = NULL;
	if (st) {
		db_bind_int(st, 1, hold_id);
		while (db_step(st) == DB_ROW) {
			struct hold_check_row *c = ROWS_PUSH(a, rows, n, cap);
			c->item = arena_strdup(a, db_col_text(st, 0));
			c->detail = arena_strdup(a, db_col_text(st, 1));
			c->agent_id = db_col_int(st, 2);
			c->done_at = db_col_int(st, 3);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}

enum db_rc store_hold_check_set(struct db *w, int64_t hold_id, const char *item,
                                const char *detail, int64_t agent_id, int64_t at)
{
	static const char SQL[] =
	    "INSERT INTO withdrawal_hold_checks (hold_id, item, detail, agent_id, done_at) "
	    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (hold_id, item) DO UPDATE SET "
	    "detail = excluded.detail, agent_id = excluded.agent_id, done_at = excluded.done_at";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, hold_id);
	db_bind_str(st, 2, item);
	db_bind_str(st, 3, detail);
	db_bind_opt_int(st, 4, agent_id);
	db_bind_int(st, 5, at);
	return db_run(st);
}

bool store_outreach_find(struct db *db, const char *kind, const char *fact, int64_t *ticket_id)
{
	static const char SQL[] = "SELECT COALESCE(ticket_id, 0) FROM exchange_outreach "
	                          "WHERE kind = ? AND fact = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	*ticket_id = 0;
	if (!st)
		return false;
	db_bind_str(st, 1, kind);
	db_bind_str(st, 2, fact);
	bool found = db_step(st) == DB_ROW;
	if (found)
		*ticket_id = db_col_int(st, 0);
	db_reset(st);
	return found;
}

enum db_rc store_outreach_insert(struct db *w, const char *kind, const char *fact,
                                 const char *uid, int64_t ticket_id, int64_t now)
{
	static const char SQL[] = "INSERT INTO exchange_outreach (kind, fact, uid, ticket_id, "
	                          "created_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, kind);
	db_bind_str(st, 2, fact);
	db_bind_str(st, 3, uid);
	db_bind_opt_int(st, 4, ticket_id);
	db_bind_int(st, 5, now);
	return db_run(st);
}
