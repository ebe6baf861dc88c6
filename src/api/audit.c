/* audit.c — writing and checking the hash-chained audit trail. Every change of the API (and of
 * the CLI, which calls the same functions) appends its event here, inside the transaction that
 * makes the change, so an event exists exactly when its change does. */
#include "api/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_chain.h"
#include "util/clock.h"

bool audit_append(struct db *w, struct arena *a, const struct actor *who, const char *action,
		  const char *object_type, int64_t object_id, int64_t ticket_id, json_t *before,
		  json_t *after)
{
	int64_t last_id;
	const char *last_hash;
	if (!store_event_last(w, a, &last_id, &last_hash))
		return false;
	char *b = before ? json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	char *af = after ? json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct event_row e = {
		.id = last_id + 1,
		.created_at = clock_now_ms(),
		.actor_type = who->type,
		.actor_id = who->id,
		.action = action,
		.object_type = object_type,
		.object_id = object_id,
		.ticket_id = ticket_id,
		.before = b,
		.after = af,
		.prev_hash = last_hash ? last_hash : AUDIT_GENESIS,
	};
	struct audit_event_fields f = {
		.id = e.id,
		.created_at_ms = e.created_at,
		.actor_type = e.actor_type,
		.actor_id = e.actor_id,
		.action = e.action,
		.object_type = e.object_type,
		.object_id = e.object_id,
		.ticket_id = e.ticket_id,
		.before = e.before,
		.after = e.after,
	};
	char hash[AUDIT_HASH_HEX];
	audit_chain_hash(e.prev_hash, &f, hash);
	e.hash = hash;
	enum db_rc rc = store_event_insert(w, &e);
	free(b);
	free(af);
	return rc == DB_DONE;
}

struct verify_state {
	struct audit_report *rep;
	char prev[AUDIT_HASH_HEX];
	int64_t prev_id;
};

static bool verify_one(const struct event_row *e, void *ctx)
{
	struct verify_state *vs = ctx;
	struct audit_report *rep = vs->rep;
	struct audit_event_fields f = {
		.id = e->id,
		.created_at_ms = e->created_at,
		.actor_type = e->actor_type,
		.actor_id = e->actor_id,
		.action = e->action,
		.object_type = e->object_type,
		.object_id = e->object_id,
		.ticket_id = e->ticket_id,
		.before = e->before,
		.after = e->after,
	};
	const char *why = NULL;
	if (e->id != vs->prev_id + 1)
		why = "an event is missing before this one";
	else if (!e->prev_hash || strcmp(e->prev_hash, vs->prev) != 0)
		why = "its prev_hash does not match the previous event's hash";
	else if (!e->hash || !audit_chain_link_ok(vs->prev, &f, e->hash))
		why = "its content does not match its hash";
	if (why) {
		rep->ok = false;
		rep->first_broken_id = e->id;
		snprintf(rep->reason, sizeof rep->reason, "%s", why);
		return false;
	}
	snprintf(vs->prev, sizeof vs->prev, "%s", e->hash);
	vs->prev_id = e->id;
	rep->checked++;
	return true;
}

void audit_verify(struct db *db, struct audit_report *out)
{
	struct verify_state vs = {.rep = out};
	memset(out, 0, sizeof *out);
	out->ok = true;
	snprintf(vs.prev, sizeof vs.prev, "%s", AUDIT_GENESIS);
	/* One read transaction: the walk sees one consistent snapshot while writes go on. */
	db_begin_read(db);
	if (store_event_scan(db, verify_one, &vs) != DB_OK && out->ok) {
		out->ok = false;
		snprintf(out->reason, sizeof out->reason, "the events could not be read");
	}
	db_rollback(db);
}
