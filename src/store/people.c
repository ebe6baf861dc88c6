/* people.c — groups, agents and their group memberships, sessions, API tokens. */
#include "store/store.h"

#include "store/rows.h"

/* ---- groups ---- */

#define GROUP_COLS "id, name, tier, languages, product_area, vip, created_at, updated_at"

static void group_read(struct db_stmt *st, struct arena *a, struct group_row *g)
{
	g->id = db_col_int(st, 0);
	g->name = arena_strdup(a, db_col_text(st, 1));
	g->tier = arena_strdup(a, db_col_text(st, 2));
	g->languages = arena_strdup(a, db_col_text(st, 3));
	g->product_area = arena_strdup(a, db_col_text(st, 4));
	g->vip = db_col_int(st, 5) != 0;
	g->created_at = db_col_int(st, 6);
	g->updated_at = db_col_int(st, 7);
}

bool store_group_get(struct db *db, struct arena *a, int64_t id, struct group_row *out)
{
	static const char SQL[] = "SELECT " GROUP_COLS " FROM groups WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		group_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_group_get_by_name(struct db *db, struct arena *a, const char *name, struct group_row *out)
{
	static const char SQL[] = "SELECT " GROUP_COLS " FROM groups WHERE name = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, name);
	bool found = db_step(st) == DB_ROW;
	if (found)
		group_read(st, a, out);
	db_reset(st);
	return found;
}

size_t store_group_list(struct db *db, struct arena *a, struct group_row **out)
{
	static const char SQL[] = "SELECT " GROUP_COLS " FROM groups ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct group_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		group_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc store_group_insert(struct db *w, struct group_row *g)
{
	static const char SQL[] = "INSERT INTO groups (name, tier, languages, product_area, vip, "
				  "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, g->name);
	db_bind_str(st, 2, g->tier);
	db_bind_str(st, 3, g->languages ? g->languages : "");
	db_bind_str(st, 4, g->product_area ? g->product_area : "");
	db_bind_int(st, 5, g->vip);
	db_bind_int(st, 6, g->created_at);
	db_bind_int(st, 7, g->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		g->id = db_last_id(w);
	return rc;
}

enum db_rc store_group_update(struct db *w, const struct group_row *g)
{
	static const char SQL[] = "UPDATE groups SET name = ?, tier = ?, languages = ?, "
				  "product_area = ?, vip = ?, updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, g->name);
	db_bind_str(st, 2, g->tier);
	db_bind_str(st, 3, g->languages);
	db_bind_str(st, 4, g->product_area);
	db_bind_int(st, 5, g->vip);
	db_bind_int(st, 6, g->updated_at);
	db_bind_int(st, 7, g->id);
	return db_run(st);
}

/* ---- agents ---- */

/* Columns and joins of every agent read: the shift is read by name, only shift_id is written. */
#define AGENT_QUERY                                                                         \
	"a.id, a.email, a.name, a.role, a.tier, a.languages, a.password_hash, a.active, "   \
	"a.presence, a.presence_at, a.shift_id, COALESCE(s.name, ''), a.skills, "           \
	"a.vip_capable, a.max_chats, a.max_tickets, a.created_at, a.updated_at "            \
	"FROM agents a LEFT JOIN shifts s ON s.id = a.shift_id"

static void agent_groups_load(struct db *db, struct arena *a, struct agent_row *ag)
{
	static const char SQL[] =
		"SELECT group_id FROM agent_groups WHERE agent_id = ? ORDER BY group_id";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t cap = 0;
	ag->groups = NULL;
	ag->n_groups = 0;
	if (!st)
		return;
	db_bind_int(st, 1, ag->id);
	while (db_step(st) == DB_ROW)
		*ROWS_PUSH(a, ag->groups, ag->n_groups, cap) = db_col_int(st, 0);
	db_reset(st);
}

static void agent_read(struct db_stmt *st, struct arena *a, struct agent_row *ag)
{
	ag->id = db_col_int(st, 0);
	ag->email = arena_strdup(a, db_col_text(st, 1));
	ag->name = arena_strdup(a, db_col_text(st, 2));
	ag->role = arena_strdup(a, db_col_text(st, 3));
	ag->tier = arena_strdup(a, db_col_text(st, 4));
	ag->languages = arena_strdup(a, db_col_text(st, 5));
	ag->password_hash = arena_strdup(a, db_col_text(st, 6));
	ag->active = db_col_int(st, 7) != 0;
	ag->presence = arena_strdup(a, db_col_text(st, 8));
	ag->presence_at = db_col_int(st, 9);
	ag->shift_id = db_col_int(st, 10);
	ag->shift_name = arena_strdup(a, db_col_text(st, 11));
	ag->skills = arena_strdup(a, db_col_text(st, 12));
	ag->vip_capable = db_col_int(st, 13) != 0;
	ag->max_chats = db_col_int(st, 14);
	ag->max_tickets = db_col_int(st, 15);
	ag->created_at = db_col_int(st, 16);
	ag->updated_at = db_col_int(st, 17);
}

bool store_agent_get(struct db *db, struct arena *a, int64_t id, struct agent_row *out)
{
	static const char SQL[] = "SELECT " AGENT_QUERY " WHERE a.id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		agent_read(st, a, out);
	db_reset(st);
	if (found)
		agent_groups_load(db, a, out);
	return found;
}

bool store_agent_get_by_email(struct db *db, struct arena *a, const char *email, struct agent_row *out)
{
	static const char SQL[] = "SELECT " AGENT_QUERY " WHERE a.email = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, email);
	bool found = db_step(st) == DB_ROW;
	if (found)
		agent_read(st, a, out);
	db_reset(st);
	if (found)
		agent_groups_load(db, a, out);
	return found;
}

size_t store_agent_list(struct db *db, struct arena *a, struct agent_row **out)
{
	static const char SQL[] = "SELECT " AGENT_QUERY " ORDER BY a.id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct agent_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		agent_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	for (size_t i = 0; i < n; i++)
		agent_groups_load(db, a, &rows[i]);
	*out = rows;
	return n;
}

static enum db_rc agent_groups_store(struct db *w, const struct agent_row *ag)
{
	static const char DEL[] = "DELETE FROM agent_groups WHERE agent_id = ?";
	static const char INS[] = "INSERT INTO agent_groups (agent_id, group_id) VALUES (?, ?)";
	struct db_stmt *st = db_prepare(w, DEL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, ag->id);
	enum db_rc rc = db_run(st);
	for (size_t i = 0; rc == DB_DONE && i < ag->n_groups; i++) {
		st = db_prepare(w, INS);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, ag->id);
		db_bind_int(st, 2, ag->groups[i]);
		rc = db_run(st);
	}
	return rc;
}

enum db_rc store_agent_insert(struct db *w, struct agent_row *ag)
{
	static const char SQL[] =
		"INSERT INTO agents (email, name, role, tier, languages, password_hash, active, "
		"presence, presence_at, shift_id, skills, vip_capable, max_chats, max_tickets, "
		"created_at, updated_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, 'offline', 0, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, ag->email);
	db_bind_str(st, 2, ag->name);
	db_bind_str(st, 3, ag->role);
	db_bind_str(st, 4, ag->tier);
	db_bind_str(st, 5, ag->languages ? ag->languages : "");
	db_bind_str(st, 6, ag->password_hash);
	db_bind_int(st, 7, ag->active);
	db_bind_opt_int(st, 8, ag->shift_id);
	db_bind_str(st, 9, ag->skills ? ag->skills : "");
	db_bind_int(st, 10, ag->vip_capable);
	db_bind_int(st, 11, ag->max_chats);
	db_bind_int(st, 12, ag->max_tickets);
	db_bind_int(st, 13, ag->created_at);
	db_bind_int(st, 14, ag->updated_at);
	enum db_rc rc = db_run(st);
	if (rc != DB_DONE)
		return rc;
	ag->id = db_last_id(w);
	return agent_groups_store(w, ag);
}

enum db_rc store_agent_update(struct db *w, const struct agent_row *ag)
{
	static const char SQL[] =
		"UPDATE agents SET name = ?, role = ?, tier = ?, languages = ?, password_hash = ?, "
		"active = ?, shift_id = ?, skills = ?, vip_capable = ?, max_chats = ?, "
		"max_tickets = ?, updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, ag->name);
	db_bind_str(st, 2, ag->role);
	db_bind_str(st, 3, ag->tier);
	db_bind_str(st, 4, ag->languages);
	db_bind_str(st, 5, ag->password_hash);
	db_bind_int(st, 6, ag->active);
	db_bind_opt_int(st, 7, ag->shift_id);
	db_bind_str(st, 8, ag->skills ? ag->skills : "");
	db_bind_int(st, 9, ag->vip_capable);
	db_bind_int(st, 10, ag->max_chats);
	db_bind_int(st, 11, ag->max_tickets);
	db_bind_int(st, 12, ag->updated_at);
	db_bind_int(st, 13, ag->id);
	enum db_rc rc = db_run(st);
	return rc == DB_DONE ? agent_groups_store(w, ag) : rc;
}

enum db_rc store_agent_set_presence(struct db *w, int64_t id, const char *presence, int64_t at)
{
	static const char SQL[] = "UPDATE agents SET presence = ?, presence_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, presence);
	db_bind_int(st, 2, at);
	db_bind_int(st, 3, id);
	return db_run(st);
}

/* ---- sessions ---- */

enum db_rc store_session_insert(struct db *w, const char *token_hash, int64_t agent_id,
				const char *csrf, int64_t now, int64_t expires_at)
{
	static const char SQL[] = "INSERT INTO sessions (token_hash, agent_id, csrf_token, "
				  "created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, token_hash);
	db_bind_int(st, 2, agent_id);
	db_bind_str(st, 3, csrf);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, expires_at);
	return db_run(st);
}

bool store_session_get(struct db *db, struct arena *a, const char *token_hash, struct session_row *out)
{
	static const char SQL[] = "SELECT id, agent_id, csrf_token, created_at, expires_at "
				  "FROM sessions WHERE token_hash = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, token_hash);
	bool found = db_step(st) == DB_ROW;
	if (found) {
		out->id = db_col_int(st, 0);
		out->agent_id = db_col_int(st, 1);
		out->csrf_token = arena_strdup(a, db_col_text(st, 2));
		out->created_at = db_col_int(st, 3);
		out->expires_at = db_col_int(st, 4);
	}
	db_reset(st);
	return found;
}

enum db_rc store_session_delete(struct db *w, const char *token_hash)
{
	static const char SQL[] = "DELETE FROM sessions WHERE token_hash = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, token_hash);
	return db_run(st);
}

/* ---- API tokens ---- */

#define TOKEN_COLS "id, agent_id, name, prefix, created_at, revoked_at, last_used_at"

static void token_read(struct db_stmt *st, struct arena *a, struct token_row *t)
{
	t->id = db_col_int(st, 0);
	t->agent_id = db_col_int(st, 1);
	t->name = arena_strdup(a, db_col_text(st, 2));
	t->prefix = arena_strdup(a, db_col_text(st, 3));
	t->created_at = db_col_int(st, 4);
	t->revoked_at = db_col_int(st, 5);
	t->last_used_at = db_col_int(st, 6);
}

enum db_rc store_token_insert(struct db *w, struct token_row *t, const char *token_hash)
{
	static const char SQL[] = "INSERT INTO api_tokens (agent_id, name, prefix, token_hash, "
				  "created_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, t->agent_id);
	db_bind_str(st, 2, t->name);
	db_bind_str(st, 3, t->prefix);
	db_bind_str(st, 4, token_hash);
	db_bind_int(st, 5, t->created_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		t->id = db_last_id(w);
	return rc;
}

bool store_token_get_by_hash(struct db *db, struct arena *a, const char *token_hash, struct token_row *out)
{
	static const char SQL[] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE token_hash = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_str(st, 1, token_hash);
	bool found = db_step(st) == DB_ROW;
	if (found)
		token_read(st, a, out);
	db_reset(st);
	return found;
}

bool store_token_get(struct db *db, struct arena *a, int64_t id, struct token_row *out)
{
	static const char SQL[] = "SELECT " TOKEN_COLS " FROM api_tokens WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		token_read(st, a, out);
	db_reset(st);
	return found;
}

size_t store_token_list(struct db *db, struct arena *a, struct token_row **out)
{
	static const char SQL[] = "SELECT " TOKEN_COLS " FROM api_tokens ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	struct token_row *rows = NULL;
	size_t n = 0, cap = 0;
	while (st && db_step(st) == DB_ROW)
		token_read(st, a, ROWS_PUSH(a, rows, n, cap));
	if (st)
		db_reset(st);
	*out = rows;
	return n;
}

enum db_rc store_token_revoke(struct db *w, int64_t id, int64_t at)
{
	static const char SQL[] =
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	return db_run(st);
}

enum db_rc store_token_touch(struct db *w, int64_t id, int64_t at)
{
	static const char SQL[] = "UPDATE api_tokens SET last_used_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, at);
	db_bind_int(st, 2, id);
	return db_run(st);
}

bool store_session_alive(struct db *db, int64_t id, int64_t now)
{
	static const char SQL[] = "SELECT COUNT(*) FROM sessions WHERE id = ? AND expires_at > ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, now);
	return rows_scalar_int(st) > 0;
}

enum db_rc store_sessions_purge(struct db *w, int64_t now)
{
	static const char AGENTS[] = "DELETE FROM sessions WHERE expires_at <= ?";
	static const char WIDGETS[] = "DELETE FROM widget_sessions WHERE expires_at <= ?";
	const char *const sql[] = {AGENTS, WIDGETS};
	for (size_t i = 0; i < 2; i++) {
		struct db_stmt *st = db_prepare(w, sql[i]);
		if (!st)
			return DB_ERROR;
		db_bind_int(st, 1, now);
		enum db_rc rc = db_run(st);
		if (rc != DB_DONE)
			return rc;
	}
	return DB_DONE;
}
