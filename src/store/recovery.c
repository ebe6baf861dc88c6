/* recovery.c (store) — see store/recovery.h. */
#include "store/recovery.h"

#include "store/rows.h"

#define COLS                                                                                   \
	"id, reference, COALESCE(ticket_id, 0), customer_id, source, uid, uid_verified, email, "  \
	"language, asset, network, txid, address, memo, memo_used, amount, sender, note, state, " \
	"code, action, message_key, manual_reason, summary, facts, value_minor IS NOT NULL, "     \
	"COALESCE(value_minor, 0), COALESCE(fee_minor, 0), fee_amount, credit_amount, "           \
	"COALESCE(eta_at, 0), COALESCE(sla_due_at, 0), automatic, "                               \
	"COALESCE(credit_requested_by, 0), COALESCE(approved_by, 0), deposit_id, close_reason, "  \
	"error, checks, created_at, updated_at, COALESCE(credited_at, 0)"

static const char *txt(struct db_stmt *st, struct arena *a, int col)
{
	const char *s = db_col_text(st, col);
	return arena_strdup(a, s ? s : "");
}

static void read_row(struct db_stmt *st, struct arena *a, struct recovery_case_row *c)
{
	int i = 0;
	c->id = db_col_int(st, i++);
	c->reference = txt(st, a, i++);
	c->ticket_id = db_col_int(st, i++);
	c->customer_id = db_col_int(st, i++);
	c->source = txt(st, a, i++);
	c->uid = txt(st, a, i++);
	c->uid_verified = db_col_int(st, i++) != 0;
	c->email = txt(st, a, i++);
	c->language = txt(st, a, i++);
	c->asset = txt(st, a, i++);
	c->network = txt(st, a, i++);
	c->txid = txt(st, a, i++);
	c->address = txt(st, a, i++);
	c->memo = txt(st, a, i++);
	c->memo_used = txt(st, a, i++);
	c->amount = txt(st, a, i++);
	c->sender = txt(st, a, i++);
	c->note = txt(st, a, i++);
	c->state = txt(st, a, i++);
	c->code = txt(st, a, i++);
	c->action = txt(st, a, i++);
	c->message_key = txt(st, a, i++);
	c->manual_reason = txt(st, a, i++);
	c->summary = txt(st, a, i++);
	c->facts = txt(st, a, i++);
	c->value_known = db_col_int(st, i++) != 0;
	c->value_minor = db_col_int(st, i++);
	c->fee_minor = db_col_int(st, i++);
	c->fee_amount = txt(st, a, i++);
	c->credit_amount = txt(st, a, i++);
	c->eta_at = db_col_int(st, i++);
	c->sla_due_at = db_col_int(st, i++);
	c->automatic = db_col_int(st, i++) != 0;
	c->credit_requested_by = db_col_int(st, i++);
	c->approved_by = db_col_int(st, i++);
	c->deposit_id = txt(st, a, i++);
	c->close_reason = txt(st, a, i++);
	c->error = txt(st, a, i++);
	c->checks = db_col_int(st, i++);
	c->created_at = db_col_int(st, i++);
	c->updated_at = db_col_int(st, i++);
	c->credited_at = db_col_int(st, i++);
}

enum db_rc store_recovery_insert(struct db *w, struct recovery_case_row *c)
{
	static const char SQL[] =
	    "INSERT INTO recovery_cases (reference, ticket_id, customer_id, source, uid, "
	    "uid_verified, email, language, asset, network, txid, address, memo, memo_used, "
	    "amount, sender, note, state, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	int i = 1;
	db_bind_str(st, i++, c->reference);
	db_bind_opt_int(st, i++, c->ticket_id);
	db_bind_int(st, i++, c->customer_id);
	db_bind_str(st, i++, c->source);
	db_bind_str(st, i++, c->uid ? c->uid : "");
	db_bind_int(st, i++, c->uid_verified);
	db_bind_str(st, i++, c->email ? c->email : "");
	db_bind_str(st, i++, c->language ? c->language : "en");
	db_bind_str(st, i++, c->asset);
	db_bind_str(st, i++, c->network);
	db_bind_str(st, i++, c->txid);
	db_bind_str(st, i++, c->address);
	db_bind_str(st, i++, c->memo ? c->memo : "");
	db_bind_str(st, i++, c->memo_used ? c->memo_used : "");
	db_bind_str(st, i++, c->amount);
	db_bind_str(st, i++, c->sender ? c->sender : "");
	db_bind_str(st, i++, c->note ? c->note : "");
	db_bind_str(st, i++, c->state ? c->state : "checking");
	db_bind_int(st, i++, c->created_at);
	db_bind_int(st, i++, c->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		c->id = db_last_id(w);
	return rc;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

enum db_rc store_recovery_update(struct db *w, const struct recovery_case_row *c)
{
	static const char SQL[] =
	    "UPDATE recovery_cases SET ticket_id = ?, state = ?, code = ?, action = ?, "
	    "message_key = ?, manual_reason = ?, summary = ?, facts = ?, value_minor = ?, "
	    "fee_minor = ?, fee_amount = ?, credit_amount = ?, eta_at = ?, sla_due_at = ?, "
	    "automatic = ?, credit_requested_by = ?, approved_by = ?, deposit_id = ?, "
	    "close_reason = ?, error = ?, checks = ?, updated_at = ?, credited_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	int i = 1;
	db_bind_opt_int(st, i++, c->ticket_id);
	db_bind_str(st, i++, nz(c->state));
	db_bind_str(st, i++, nz(c->code));
	db_bind_str(st, i++, nz(c->action));
	db_bind_str(st, i++, nz(c->message_key));
	db_bind_str(st, i++, nz(c->manual_reason));
	db_bind_str(st, i++, nz(c->summary));
	db_bind_str(st, i++, c->facts && *c->facts ? c->facts : "{}");
	if (c->value_known) {
		db_bind_int(st, i++, c->value_minor);
		db_bind_int(st, i++, c->fee_minor);
	} else {
		db_bind_null(st, i++);
		db_bind_null(st, i++);
	}
	db_bind_str(st, i++, nz(c->fee_amount));
	db_bind_str(st, i++, nz(c->credit_amount));
	db_bind_opt_int(st, i++, c->eta_at);
	db_bind_opt_int(st, i++, c->sla_due_at);
	db_bind_int(st, i++, c->automatic);
	db_bind_opt_int(st, i++, c->credit_requested_by);
	db_bind_opt_int(st, i++, c->approved_by);
	db_bind_str(st, i++, nz(c->deposit_id));
	db_bind_str(st, i++, nz(c->close_reason));
	db_bind_str(st, i++, nz(c->error));
	db_bind_int(st, i++, c->checks);
	db_bind_int(st, i++, c->updated_at);
	db_bind_opt_int(st, i++, c->credited_at);
	db_bind_int(st, i++, c->id);
	return db_run(st);
}

static bool get_one(struct db_stmt *st, struct arena *a, struct recovery_case_row *out)
{
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_row(st, a, out);
	db_reset(st);
	return found;
}

bool store_recovery_get(struct db *db, struct arena *a, int64_t id, struct recovery_case_row *out)
{
	struct db_stmt *st = db_prepare(db, "SELECT " COLS " FROM recovery_cases WHERE id = ?");
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	return get_one(st, a, out);
}

bool store_recovery_get_by_reference(struct db *db, struct arena *a, const char *reference,
                                     struct recovery_case_row *out)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT " COLS " FROM recovery_cases WHERE reference = ?");
	if (!st)
		return false;
	db_bind_str(st, 1, reference);
	return get_one(st, a, out);
}

bool store_recovery_get_by_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                                  struct recovery_case_row *out)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT " COLS " FROM recovery_cases WHERE ticket_id = ? ORDER BY id DESC LIMIT 1");
	if (!st)
		return false;
	db_bind_int(st, 1, ticket_id);
	return get_one(st, a, out);
}

int64_t store_recovery_find_open(struct db *db, const char *network, const char *txid,
                                 int64_t customer_id)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM recovery_cases WHERE network = ? AND "
	                                    "txid = ? AND customer_id = ? AND state <> 'closed' "
	                                    "ORDER BY id LIMIT 1");
	if (!st)
		return 0;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, txid);
	db_bind_int(st, 3, customer_id);
	return rows_scalar_int(st);
}

size_t store_recovery_due_for_tx(struct db *db, const char *network, const char *txid,
                                 int64_t *ids, size_t max)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM recovery_cases WHERE network = ? AND "
	                                    "lower(txid) = lower(?) AND state IN ('waiting', "
	                                    "'error') ORDER BY id LIMIT ?");
	size_t n = 0;
	if (!st)
		return 0;
	db_bind_str(st, 1, network);
	db_bind_str(st, 2, txid);
	db_bind_int(st, 3, (int64_t)max);
	while (n < max && db_step(st) == DB_ROW)
		ids[n++] = db_col_int(st, 0);
	db_reset(st);
	return n;
}

size_t store_recovery_list(struct db *db, struct arena *a, const char *state, const char *code,
                           int64_t customer_id, int64_t before_id, int limit,
                           struct recovery_case_row **out)
{
	static const char SQL[] = "SELECT " COLS " FROM recovery_cases "
	                          "WHERE (? IS NULL OR state = ?) AND (? IS NULL OR code = ?) "
	                          "AND (? = 0 OR customer_id = ?) AND (? = 0 OR id < ?) "
	                          "ORDER BY id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0, cap = 0;
	struct recovery_case_row *rows = NULL;
	if (st) {
		db_bind_str(st, 1, state);
		db_bind_str(st, 2, state);
		db_bind_str(st, 3, code);
		db_bind_str(st, 4, code);
		db_bind_int(st, 5, customer_id);
		db_bind_int(st, 6, customer_id);
		db_bind_int(st, 7, before_id);
		db_bind_int(st, 8, before_id);
		db_bind_int(st, 9, limit);
		while (db_step(st) == DB_ROW)
			read_row(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	*out = rows;
	return n;
}

size_t store_recovery_report(struct db *db, struct arena *a, int64_t since, int64_t until,
                             struct recovery_report_row **out)
{
	static const char SQL[] =
	    "SELECT code, state, automatic, COUNT(*), "
	    "COALESCE(SUM(CASE WHEN state = 'credited' THEN value_minor END), 0), "
	    "COALESCE(SUM(CASE WHEN state = 'credited' THEN fee_minor END), 0) "
	    "FROM recovery_cases WHERE created_at >= ? AND created_at < ? "
	    "GROUP BY code, state, automatic ORDER BY code, state, automatic";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t n = 0, cap = 0;
	struct recovery_report_row *rows = NULL;
	if (st) {
		db_bind_int(st, 1, since);
		db_bind_int(st, 2, until);
		while (db_step(st) == DB_ROW) {
			struct recovery_report_row *r = ROWS_PUSH(a, rows, n, cap);
			r->code = txt(st, a, 0);
			r->state = txt(st, a, 1);
			r->automatic = db_col_int(st, 2) != 0;
			r->cases = db_col_int(st, 3);
			r->value_minor = db_col_int(st, 4);
			r->fee_minor = db_col_int(st, 5);
		}
		db_reset(st);
	}
	*out = rows;
	return n;
}
