/* customers.c — customers and their identities (one person across email, exchange uid, chat). */
#include "store/store.h"

#include "store/rows.h"

static void identities_load(struct db *db, struct arena *a, struct customer_row *c)
{
	static const char SQL[] = "SELECT id, kind, value, verified FROM customer_identities "
				  "WHERE customer_id = ? ORDER BY id";
	struct db_stmt *st = db_prepare(db, SQL);
	size_t cap = 0;
	c->identities = NULL;
	c->n_identities = 0;
	if (!st)
		return;
	db_bind_int(st, 1, c->id);
	while (db_step(st) == DB_ROW) {
		struct identity_row *i = ROWS_PUSH(a, c->identities, c->n_identities, cap);
		i->id = db_col_int(st, 0);
		i->kind = arena_strdup(a, db_col_text(st, 1));
		i->value = arena_strdup(a, db_col_text(st, 2));
		i->verified = db_col_int(st, 3) != 0;
	}
	db_reset(st);
}

static void customer_read(struct db_stmt *st, struct arena *a, struct customer_row *c)
{
	c->id = db_col_int(st, 0);
	c->name = arena_strdup(a, db_col_text(st, 1));
	c->language = arena_strdup(a, db_col_text(st, 2));
	c->vip_tier = (int)db_col_int(st, 3);
	c->created_at = db_col_int(st, 4);
	c->updated_at = db_col_int(st, 5);
}

bool store_customer_get(struct db *db, struct arena *a, int64_t id, struct customer_row *out)
{
	static const char SQL[] = "SELECT id, name, language, vip_tier, created_at, updated_at "
				  "FROM customers WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return false;
	db_bind_int(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	if (found)
		customer_read(st, a, out);
	db_reset(st);
	if (found)
		identities_load(db, a, out);
	return found;
}

int64_t store_customer_find(struct db *db, const char *kind, const char *value)
{
	static const char SQL[] =
		"SELECT customer_id FROM customer_identities WHERE kind = ? AND value = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return 0;
	db_bind_str(st, 1, kind);
	db_bind_str(st, 2, value);
	return rows_scalar_int(st);
}

int store_customer_vip_tier(struct db *db, int64_t id)
{
	static const char SQL[] = "SELECT vip_tier FROM customers WHERE id = ?";
	struct db_stmt *st = db_prepare(db, SQL);
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	int tier = db_step(st) == DB_ROW ? (int)db_col_int(st, 0) : -1;
	db_reset(st);
	return tier;
}

size_t store_customer_list(struct db *db, struct arena *a, const char *q, bool match_identities,
			   int64_t before_id, int limit, struct customer_row **out)
{
	/* q is a LIKE pattern built by the caller with % and _ escaped by '\'. */
	static const char SQL[] =
		"SELECT c.id, c.name, c.language, c.vip_tier, c.created_at, c.updated_at "
		"FROM customers c WHERE (? = 0 OR c.id < ?) AND (? IS NULL OR LOWER(c.name) LIKE ? "
		"ESCAPE '\\' OR (? = 1 AND EXISTS (SELECT 1 FROM customer_identities i WHERE "
		"i.customer_id = c.id AND LOWER(i.value) LIKE ? ESCAPE '\\'))) "
		"ORDER BY c.id DESC LIMIT ?";
	struct db_stmt *st = db_prepare(db, SQL);
	struct customer_row *rows = NULL;
	size_t n = 0, cap = 0;
	if (st) {
		db_bind_int(st, 1, before_id);
		db_bind_int(st, 2, before_id);
		db_bind_str(st, 3, q);
		db_bind_str(st, 4, q);
		db_bind_int(st, 5, match_identities);
		db_bind_str(st, 6, q);
		db_bind_int(st, 7, limit);
		while (db_step(st) == DB_ROW)
			customer_read(st, a, ROWS_PUSH(a, rows, n, cap));
		db_reset(st);
	}
	for (size_t i = 0; i < n; i++)
		identities_load(db, a, &rows[i]);
	*out = rows;
	return n;
}

enum db_rc store_customer_insert(struct db *w, struct customer_row *c)
{
	static const char SQL[] = "INSERT INTO customers (name, language, vip_tier, created_at, "
				  "updated_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->name ? c->name : "");
	db_bind_str(st, 2, c->language ? c->language : "");
	db_bind_int(st, 3, c->vip_tier);
	db_bind_int(st, 4, c->created_at);
	db_bind_int(st, 5, c->updated_at);
	enum db_rc rc = db_run(st);
	if (rc == DB_DONE)
		c->id = db_last_id(w);
	return rc;
}

enum db_rc store_customer_update(struct db *w, const struct customer_row *c)
{
	static const char SQL[] = "UPDATE customers SET name = ?, language = ?, vip_tier = ?, "
				  "updated_at = ? WHERE id = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, c->name);
	db_bind_str(st, 2, c->language);
	db_bind_int(st, 3, c->vip_tier);
	db_bind_int(st, 4, c->updated_at);
	db_bind_int(st, 5, c->id);
	return db_run(st);
}

enum db_rc store_identity_insert(struct db *w, int64_t customer_id, const char *kind,
				 const char *value, bool verified, int64_t now)
{
	static const char SQL[] = "INSERT INTO customer_identities (customer_id, kind, value, "
				  "verified, created_at) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_int(st, 1, customer_id);
	db_bind_str(st, 2, kind);
	db_bind_str(st, 3, value);
	db_bind_int(st, 4, verified);
	db_bind_int(st, 5, now);
	return db_run(st);
}

enum db_rc store_identity_set_verified(struct db *w, const char *kind, const char *value)
{
	static const char SQL[] =
		"UPDATE customer_identities SET verified = 1 WHERE kind = ? AND value = ?";
	struct db_stmt *st = db_prepare(w, SQL);
	if (!st)
		return DB_ERROR;
	db_bind_str(st, 1, kind);
	db_bind_str(st, 2, value);
	return db_run(st);
}
