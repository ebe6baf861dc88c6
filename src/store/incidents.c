/* incidents.c — see incidents.h. */
#include "store/incidents.h"

#include <stdio.h>

#include "store/rows.h"

static const char *dup_text(struct arena *a, struct db_stmt *st, int col)
{
	return arena_strdup(a, db_col_text(st, col));
}

/* ---- incidents ---- */

#define INC_COLS                                                                                   \
	"id, external_id, pay_id, source, title, products, keywords, description, status, "        \
	"banner, starts_at, COALESCE(ends_at, 0), COALESCE(created_by, 0), created_at, "           \
	"updated_at, COALESCE(resolved_at, 0)"

static void read_incident(struct db_stmt *st, struct arena *a, struct incident_row *i)
{
	i->id = db_col_int(st, 0);
	i->external_id = dup_text(a, st, 1);
	i->pay_id = dup_text(a, st, 2);
	i->source = dup_text(a, st, 3);
	i->title = dup_text(a, st, 4);
	i->products = dup_text(a, st, 5);
	i->keywords = dup_text(a, st, 6);
	i->description = dup_text(a, st, 7);
	i->status = dup_text(a, st, 8);
	i->banner = dup_text(a, st, 9);
	i->starts_at = db_col_int(st, 10);
	i->ends_at = db_col_int(st, 11);
	i->created_by = db_col_int(st, 12);
	i->created_at = db_col_int(st, 13);
	i->updated_at = db_col_int(st, 14);
	i->resolved_at = db_col_int(st, 15);
}

enum db_rc store_incident_insert(struct db *w, struct arena *a, struct incident_row *i,
                                 bool *duplicate)
{
	static const char INS[] =
	    "INSERT INTO incidents (external_id, pay_id, source, title, products, keywords, "
	    "description, status, banner, starts_at, ends_at, created_by, created_at, updated_at, "
	    "resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (external_id) DO NOTHING";
	static const char BY_EXT[] = "SELECT id FROM incidents WHERE external_id = ?";
	static const char SET_PAY[] = "UPDATE incidents SET pay_id = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, INS);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, i->external_id);
	db_bind_str(st, 2, i->external_id); /* the exchange's id is what it pays under */
	db_bind_str(st, 3, i->source);
	db_bind_str(st, 4, i->title);
	db_bind_str(st, 5, i->products);
	db_bind_str(st, 6, i->keywords ? i->keywords : "[]");
	db_bind_str(st, 7, i->description ? i->description : "");
	db_bind_str(st, 8, i->status);
	db_bind_str(st, 9, i->banner ? i->banner : "{}");
	db_bind_int(st, 10, i->starts_at);
	db_bind_opt_int(st, 11, i->ends_at);
	db_bind_opt_int(st, 12, i->created_by);
	db_bind_int(st, 13, i->created_at);
	db_bind_int(st, 14, i->updated_at);
	db_bind_opt_int(st, 15, i->resolved_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	*duplicate = db_changes(w) == 0;
	if (*duplicate) {
		st = db_prepare(w, BY_EXT);
		if (!st)
			return DB_ERROR;
		db_bind_str(st, 1, i->external_id);
		i->id = rows_scalar_int(st);
		return i->id ? DB_DONE : DB_ERROR;
	}
	i->id = db_last_id(w);
	if (!i->external_id) {
		i->pay_id = arena_printf(a, "exdesk-%lld", (long long)i->id);
		st = db_prepare(w, SET_PAY);
		if (!st)
			return DB_ERROR;
		db_bind_str(st, 1, i->pay_id);
		db_bind_int(st, 2, i->id);
		return db_run(st);
	}
	i->pay_id = i->external_id;
	return DB_DONE;
}

bool store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident_row *out)
{
	static const char SQL[] = "SELECT " INC_COLS " FROM incidents WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_incident(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_incident_update(struct db *w, const struct incident_row *i)
{
	static const char SQL[] =
	    "UPDATE incidents SET title = ?, products = ?, keywords = ?, description = ?, "
	    "status = ?, banner = ?, starts_at = ?, ends_at = ?, updated_at = ?, resolved_at = ? "
	    "WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, i->title);
	db_bind_str(st, 2, i->products);
	db_bind_str(st, 3, i->keywords);
	db_bind_str(st, 4, i->description);
	db_bind_str(st, 5, i->status);
	db_bind_str(st, 6, i->banner);
	db_bind_int(st, 7, i->starts_at);
	db_bind_opt_int(st, 8, i->ends_at);
	db_bind_int(st, 9, i->updated_at);
	db_bind_opt_int(st, 10, i->resolved_at);
	db_bind_int(st, 11, i->id);
	return db_run(st);
}

size_t store_incident_list(struct db *db, struct arena *a, bool active_only, int limit,
                           struct incident_row **out)
{
	static const char SQL[] = "SELECT " INC_COLS " FROM incidents "
	                          "WHERE (? = 0 OR status <> 'resolved') ORDER BY id DESC LIMIT ?";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, active_only);
	db_bind_int(st, 2, limit);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_incident(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

/* ---- links ---- */

enum db_rc store_incident_link_rule(struct db *w, int64_t incident_id, int64_t ticket_id,
                                    int64_t now, bool *added)
{
	static const char SQL[] = "INSERT INTO incident_tickets (incident_id, ticket_id, how, "
	                          "linked_at) VALUES (?, ?, 'rule', ?) "
	                          "ON CONFLICT (incident_id, ticket_id) DO NOTHING";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, ticket_id);
	db_bind_int(st, 3, now);
	enum db_rc rc = db_run(st);
	*added = rc == DB_DONE && db_changes(w) > 0;
	return rc;
}

enum db_rc store_incident_link_hand(struct db *w, int64_t incident_id, int64_t ticket_id,
                                    int64_t agent_id, int64_t now, bool *added)
{
	static const char SQL[] =
	    "INSERT INTO incident_tickets (incident_id, ticket_id, how, linked_by, linked_at) "
	    "VALUES (?, ?, 'hand', ?, ?) ON CONFLICT (incident_id, ticket_id) DO UPDATE SET "
	    "removed = 0, how = 'hand', linked_by = excluded.linked_by, "
	    "linked_at = excluded.linked_at WHERE removed = 1";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, ticket_id);
	db_bind_int(st, 3, agent_id);
	db_bind_int(st, 4, now);
	enum db_rc rc = db_run(st);
	*added = rc == DB_DONE && db_changes(w) > 0;
	return rc;
}

enum db_rc store_incident_unlink(struct db *w, int64_t incident_id, int64_t ticket_id,
                                 bool *removed)
{
	static const char SQL[] = "UPDATE incident_tickets SET removed = 1 "
	                          "WHERE incident_id = ? AND ticket_id = ? AND removed = 0";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, ticket_id);
	enum db_rc rc = db_run(st);
	*removed = rc == DB_DONE && db_changes(w) > 0;
	return rc;
}

static void read_link(struct db_stmt *st, struct arena *a, struct incident_link_row *l)
{
	l->incident_id = db_col_int(st, 0);
	l->ticket_id = db_col_int(st, 1);
	l->how = dup_text(a, st, 2);
	l->linked_by = db_col_int(st, 3);
	l->linked_at = db_col_int(st, 4);
}

size_t store_incident_links(struct db *db, struct arena *a, int64_t incident_id, int limit,
                            struct incident_link_row **out)
{
	static const char SQL[] =
	    "SELECT incident_id, ticket_id, how, COALESCE(linked_by, 0), linked_at "
	    "FROM incident_tickets WHERE incident_id = ? AND removed = 0 "
	    "ORDER BY linked_at, ticket_id LIMIT ?";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, limit);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_link(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

int64_t store_incident_link_count(struct db *db, int64_t incident_id)
{
	static const char SQL[] =
	    "SELECT COUNT(*) FROM incident_tickets WHERE incident_id = ? AND removed = 0";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	return rows_scalar_int(st);
}

size_t store_incident_links_of_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                                      struct incident_link_row **out)
{
	static const char SQL[] =
	    "SELECT incident_id, ticket_id, how, COALESCE(linked_by, 0), linked_at "
	    "FROM incident_tickets WHERE ticket_id = ? AND removed = 0 ORDER BY incident_id DESC";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, ticket_id);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_link(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

size_t store_incident_rule_candidates(struct db *db, struct arena *a, int64_t incident_id,
                                      int64_t after_id, int64_t since, int64_t until, int limit,
                                      int64_t **out)
{
	static const char SQL[] =
	    "SELECT t.id FROM tickets t WHERE t.id > ? AND t.created_at >= ? AND t.created_at <= ? "
	    "AND t.status NOT IN ('solved','closed') AND t.merged_into_id IS NULL "
	    "AND NOT EXISTS (SELECT 1 FROM incident_tickets l WHERE l.incident_id = ? "
	    "AND l.ticket_id = t.id) ORDER BY t.id LIMIT ?";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, after_id);
	db_bind_int(st, 2, since);
	db_bind_int(st, 3, until);
	db_bind_int(st, 4, incident_id);
	db_bind_int(st, 5, limit);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		*ROWS_PUSH(a, *out, n, cap) = db_col_int(st, 0);
	db_reset(st);
	return n;
}

const char *store_incident_first_message(struct db *db, struct arena *a, int64_t ticket_id)
{
	static const char SQL[] = "SELECT body FROM messages WHERE ticket_id = ? "
	                          "AND kind = 'customer' ORDER BY id LIMIT 1";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return NULL;
	db_bind_int(st, 1, ticket_id);
	const char *body = db_step(st) == DB_ROW ? dup_text(a, st, 0) : NULL;
	db_reset(st);
	return body;
}

/* ---- replies ---- */

enum db_rc store_incident_reply_insert(struct db *w, struct incident_reply_row *r)
{
	static const char SQL[] = "INSERT INTO incident_replies (incident_id, body, bodies, "
	                          "set_status, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, r->incident_id);
	db_bind_str(st, 2, r->body);
	db_bind_str(st, 3, r->bodies ? r->bodies : "{}");
	db_bind_str(st, 4, r->set_status);
	db_bind_int(st, 5, r->author_id);
	db_bind_int(st, 6, r->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		r->id = db_last_id(w);
	return rc;
}

#define REPLY_COLS                                                                                 \
	"id, incident_id, author_id, created_at, COALESCE(done_at, 0), body, bodies, set_status"

static void read_reply(struct db_stmt *st, struct arena *a, struct incident_reply_row *out)
{
	out->id = db_col_int(st, 0);
	out->incident_id = db_col_int(st, 1);
	out->author_id = db_col_int(st, 2);
	out->created_at = db_col_int(st, 3);
	out->done_at = db_col_int(st, 4);
	out->body = dup_text(a, st, 5);
	out->bodies = dup_text(a, st, 6);
	out->set_status = dup_text(a, st, 7);
}

size_t store_incident_reply_list(struct db *db, struct arena *a, int64_t incident_id,
                                 struct incident_reply_row **out)
{
	static const char SQL[] = "SELECT " REPLY_COLS " FROM incident_replies "
	                          "WHERE incident_id = ? ORDER BY id";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_reply(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

bool store_incident_reply_get(struct db *db, struct arena *a, int64_t id,
                              struct incident_reply_row *out)
{
	static const char SQL[] = "SELECT id, incident_id, author_id, created_at, "
	                          "COALESCE(done_at, 0), body, bodies, set_status "
	                          "FROM incident_replies WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->incident_id = db_col_int(st, 1);
		out->author_id = db_col_int(st, 2);
		out->created_at = db_col_int(st, 3);
		out->done_at = db_col_int(st, 4);
		out->body = dup_text(a, st, 5);
		out->bodies = dup_text(a, st, 6);
		out->set_status = dup_text(a, st, 7);
	}
	db_reset(st);
	return found;
}

size_t store_incident_reply_pending(struct db *db, struct arena *a, int64_t reply_id,
                                    int64_t incident_id, int limit, int64_t **out)
{
	static const char SQL[] =
	    "SELECT l.ticket_id FROM incident_tickets l WHERE l.incident_id = ? AND l.removed = 0 "
	    "AND NOT EXISTS (SELECT 1 FROM incident_reply_targets x WHERE x.reply_id = ? "
	    "AND x.ticket_id = l.ticket_id) ORDER BY l.ticket_id LIMIT ?";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	db_bind_int(st, 2, reply_id);
	db_bind_int(st, 3, limit);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		*ROWS_PUSH(a, *out, n, cap) = db_col_int(st, 0);
	db_reset(st);
	return n;
}

enum db_rc store_incident_reply_target(struct db *w, int64_t reply_id, int64_t ticket_id,
                                       int64_t message_id, const char *outcome)
{
	static const char SQL[] = "INSERT INTO incident_reply_targets (reply_id, ticket_id, "
	                          "message_id, outcome) VALUES (?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, reply_id);
	db_bind_int(st, 2, ticket_id);
	db_bind_opt_int(st, 3, message_id);
	db_bind_str(st, 4, outcome);
	return db_run(st);
}

enum db_rc store_incident_reply_done(struct db *w, int64_t reply_id, int64_t now)
{
	static const char SQL[] = "UPDATE incident_replies SET done_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, reply_id);
	return db_run(st);
}

void store_incident_reply_counts(struct db *db, int64_t reply_id, int64_t *sent, int64_t *skipped)
{
	static const char SQL[] = "SELECT COALESCE(SUM(outcome = 'sent'), 0), "
	                          "COALESCE(SUM(outcome <> 'sent'), 0) "
	                          "FROM incident_reply_targets WHERE reply_id = ?";
	*sent = *skipped = 0;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return;
	db_bind_int(st, 1, reply_id);
	if (db_step(st) == DB_ROW) {
		*sent = db_col_int(st, 0);
		*skipped = db_col_int(st, 1);
	}
	db_reset(st);
}

/* ---- compensation lists ---- */

#define LIST_COLS                                                                                  \
	"id, incident_id, n_rows, imported_by, imported_at, COALESCE(approved_by, 0), "            \
	"COALESCE(approved_at, 0), COALESCE(paid_at, 0), csv, sha256, totals, status"

static void read_list(struct db_stmt *st, struct arena *a, struct comp_list_row *l)
{
	l->id = db_col_int(st, 0);
	l->incident_id = db_col_int(st, 1);
	l->n_rows = db_col_int(st, 2);
	l->imported_by = db_col_int(st, 3);
	l->imported_at = db_col_int(st, 4);
	l->approved_by = db_col_int(st, 5);
	l->approved_at = db_col_int(st, 6);
	l->paid_at = db_col_int(st, 7);
	l->csv = dup_text(a, st, 8);
	l->sha256 = dup_text(a, st, 9);
	l->totals = dup_text(a, st, 10);
	l->status = dup_text(a, st, 11);
}

enum db_rc store_comp_list_insert(struct db *w, struct comp_list_row *l)
{
	static const char SQL[] = "INSERT INTO compensation_lists (incident_id, csv, sha256, "
	                          "n_rows, totals, status, imported_by, imported_at) "
	                          "VALUES (?, ?, ?, ?, ?, 'imported', ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, l->incident_id);
	db_bind_str(st, 2, l->csv);
	db_bind_str(st, 3, l->sha256);
	db_bind_int(st, 4, l->n_rows);
	db_bind_str(st, 5, l->totals);
	db_bind_int(st, 6, l->imported_by);
	db_bind_int(st, 7, l->imported_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		l->id = db_last_id(w);
	return rc;
}

enum db_rc store_comp_row_insert(struct db *w, struct comp_row_row *row)
{
	static const char SQL[] = "INSERT INTO compensation_rows (list_id, incident_id, line, uid, "
	                          "asset, amount, reason) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, row->list_id);
	db_bind_int(st, 2, row->incident_id);
	db_bind_int(st, 3, row->line);
	db_bind_str(st, 4, row->uid);
	db_bind_str(st, 5, row->asset);
	db_bind_str(st, 6, row->amount);
	db_bind_str(st, 7, row->reason);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		row->id = db_last_id(w);
	return rc;
}

int64_t store_comp_uid_list(struct db *db, int64_t incident_id, const char *uid)
{
	static const char SQL[] =
	    "SELECT list_id FROM compensation_rows WHERE incident_id = ? AND uid = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	db_bind_str(st, 2, uid);
	return rows_scalar_int(st);
}

bool store_comp_list_get(struct db *db, struct arena *a, int64_t id, struct comp_list_row *out)
{
	static const char SQL[] = "SELECT " LIST_COLS " FROM compensation_lists WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_list(st, a, out);
	db_reset(st);
	return found;
}

size_t store_comp_list_list(struct db *db, struct arena *a, int64_t incident_id,
                            struct comp_list_row **out)
{
	static const char SQL[] = "SELECT " LIST_COLS " FROM compensation_lists "
	                          "WHERE incident_id = ? ORDER BY id";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_list(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

bool store_comp_list_approve(struct db *w, int64_t id, int64_t agent_id, int64_t now)
{
	static const char SQL[] =
	    "UPDATE compensation_lists SET status = 'approved', "
	    "approved_by = ?, approved_at = ? WHERE id = ? AND status = 'imported'";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, agent_id);
	db_bind_int(st, 2, now);
	db_bind_int(st, 3, id);
	return db_run(st) == DB_DONE && db_changes(w) == 1;
}

enum db_rc store_comp_list_paid(struct db *w, int64_t id, int64_t now)
{
	static const char SQL[] = "UPDATE compensation_lists SET status = 'paid', paid_at = ? "
	                          "WHERE id = ? AND status = 'approved'";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, id);
	return db_run(st);
}

#define ROW_COLS                                                                                   \
	"id, list_id, incident_id, line, attempts, COALESCE(paid_at, 0), uid, asset, amount, "     \
	"reason, status, error, compensation_id"

static void read_comp_row(struct db_stmt *st, struct arena *a, struct comp_row_row *r)
{
	r->id = db_col_int(st, 0);
	r->list_id = db_col_int(st, 1);
	r->incident_id = db_col_int(st, 2);
	r->line = db_col_int(st, 3);
	r->attempts = db_col_int(st, 4);
	r->paid_at = db_col_int(st, 5);
	r->uid = dup_text(a, st, 6);
	r->asset = dup_text(a, st, 7);
	r->amount = dup_text(a, st, 8);
	r->reason = dup_text(a, st, 9);
	r->status = dup_text(a, st, 10);
	r->error = dup_text(a, st, 11);
	r->compensation_id = dup_text(a, st, 12);
}

size_t store_comp_rows(struct db *db, struct arena *a, int64_t list_id, struct comp_row_row **out)
{
	static const char SQL[] =
	    "SELECT " ROW_COLS " FROM compensation_rows WHERE list_id = ? ORDER BY id";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, list_id);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_comp_row(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}

bool store_comp_row_get(struct db *db, struct arena *a, int64_t id, struct comp_row_row *out)
{
	static const char SQL[] = "SELECT " ROW_COLS " FROM compensation_rows WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		read_comp_row(st, a, out);
	db_reset(st);
	return found;
}

enum db_rc store_comp_row_set(struct db *w, int64_t id, const char *status, const char *error,
                              const char *compensation_id, int64_t now)
{
	/* A paid row stays paid: nothing a later attempt learns can unpay it. */
	static const char SQL[] =
	    "UPDATE compensation_rows SET status = ?, error = ?, "
	    "compensation_id = COALESCE(?, compensation_id), attempts = attempts + 1, "
	    "paid_at = CASE WHEN ? = 'paid' THEN ? ELSE paid_at END "
	    "WHERE id = ? AND status <> 'paid'";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, status);
	db_bind_str(st, 2, error ? error : "");
	db_bind_str(st, 3, compensation_id);
	db_bind_str(st, 4, status);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, id);
	return db_run(st);
}

void store_comp_counts(struct db *db, int64_t list_id, int64_t *pending, int64_t *paid,
                       int64_t *failed)
{
	static const char SQL[] = "SELECT COALESCE(SUM(status = 'pending'), 0), "
	                          "COALESCE(SUM(status = 'paid'), 0), "
	                          "COALESCE(SUM(status = 'failed'), 0) "
	                          "FROM compensation_rows WHERE list_id = ?";
	*pending = *paid = *failed = 0;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return;
	db_bind_int(st, 1, list_id);
	if (db_step(st) == DB_ROW) {
		*pending = db_col_int(st, 0);
		*paid = db_col_int(st, 1);
		*failed = db_col_int(st, 2);
	}
	db_reset(st);
}

size_t store_comp_rows_for_uid(struct db *db, struct arena *a, int64_t incident_id, const char *uid,
                               struct comp_row_row **out)
{
	static const char SQL[] =
	    "SELECT r.id, r.list_id, r.incident_id, r.line, r.attempts, COALESCE(r.paid_at, 0), "
	    "r.uid, r.asset, r.amount, r.reason, r.status, r.error, r.compensation_id "
	    "FROM compensation_rows r JOIN compensation_lists l ON l.id = r.list_id "
	    "WHERE r.incident_id = ? AND r.uid = ? AND l.status IN ('approved','paid') ORDER BY "
	    "r.id";
	*out = NULL;
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_int(st, 1, incident_id);
	db_bind_str(st, 2, uid);
	size_t n = 0, cap = 0;
	while (db_step(st) == DB_ROW)
		read_comp_row(st, a, ROWS_PUSH(a, *out, n, cap));
	db_reset(st);
	return n;
}
