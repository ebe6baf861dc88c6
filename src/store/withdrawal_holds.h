/* withdrawal_holds.h — screened withdrawals, their holds and checklists, and the desk's
 * proactive outreach (migration 015; docs/exchange/withdrawal-holds.md). */
#ifndef EXDESK_STORE_WITHDRAWAL_HOLDS_H
#define EXDESK_STORE_WITHDRAWAL_HOLDS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct hold_row {
	int64_t id;
	const char *withdrawal_id, *uid, *asset, *network, *amount, *address, *memo;
	int64_t value_cents; /* -1: unknown */
	const char *decision, *state;
	bool second_approval, compliance;
	int score;
	const char *hits; /* JSON array */
	const char *diff; /* JSON object or NULL */
	int64_t ticket_id, customer_id, requested_by, requested_at, decided_by, decided_at;
	const char *cancel_reason, *last_error, *challenge_id;
	int64_t challenges; /* 2FA challenges sent */
	int64_t created_at, updated_at;
};

/* Inserts a new row (sets h->id). *duplicate: the withdrawal already has a row (nothing
 * changes; h->id is the existing row's). */
enum db_rc store_hold_insert(struct db *w, struct hold_row *h, bool *duplicate);
/* Writes every mutable field (state, ticket, customer, requester, decider, reasons, error...). */
enum db_rc store_hold_update(struct db *w, const struct hold_row *h);
bool store_hold_get(struct db *db, struct arena *a, int64_t id, struct hold_row *out);
bool store_hold_get_by_withdrawal(struct db *db, struct arena *a, const char *withdrawal_id,
                                  struct hold_row *out);
/* The holds of a ticket, newest first. */
size_t store_hold_list_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                              struct hold_row **out);
/* Every row created in [from, to), oldest first (the report). */
size_t store_hold_list_period(struct db *db, struct arena *a, int64_t from, int64_t to,
                              struct hold_row **out);

struct hold_check_row {
	const char *item, *detail; /* detail: JSON object */
	int64_t agent_id, done_at;
};
size_t store_hold_checks(struct db *db, struct arena *a, int64_t hold_id,
                         struct hold_check_row **out);
/* Ticks (or re-ticks, replacing what was recorded) one item. */
enum db_rc store_hold_check_set(struct db *w, int64_t hold_id, const char *item,
                                const char *detail, int64_t agent_id, int64_t at);

/* Outreach: whether (kind, fact) was recorded, and the ticket it opened (0: none, the fact was
 * recorded without one). */
bool store_outreach_find(struct db *db, const char *kind, const char *fact, int64_t *ticket_id);
enum db_rc store_outreach_insert(struct db *w, const char *kind, const char *fact,
                                 const char *uid, int64_t ticket_id, int64_t now);

#endif
