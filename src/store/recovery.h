/* recovery.h (store) — deposit-recovery cases as recorded (migration 014). The API layer
 * (src/api/recovery_*.c) decides; this file only reads and writes rows. */
#ifndef EXDESK_STORE_RECOVERY_H
#define EXDESK_STORE_RECOVERY_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct recovery_case_row {
	int64_t id;
	const char *reference;
	int64_t ticket_id, customer_id;
	const char *source; /* help, widget, agent */
	const char *uid;
	bool uid_verified;
	const char *email, *language;
	const char *asset, *network, *txid, *address, *memo, *memo_used, *amount, *sender, *note;
	const char *state, *code, *action, *message_key, *manual_reason, *summary, *facts;
	bool value_known;
	int64_t value_minor, fee_minor;
	const char *fee_amount, *credit_amount;
	int64_t eta_at, sla_due_at; /* 0: none */
	bool automatic;
	int64_t credit_requested_by, approved_by; /* agent ids, 0: none */
	const char *deposit_id, *close_reason, *error;
	int64_t checks;
	int64_t created_at, updated_at, credited_at;
};

/* Inserts a new case (sets id). */
enum db_rc store_recovery_insert(struct db *w, struct recovery_case_row *c);
/* Writes every mutable column of c (by id). */
enum db_rc store_recovery_update(struct db *w, const struct recovery_case_row *c);
bool store_recovery_get(struct db *db, struct arena *a, int64_t id, struct recovery_case_row *out);
bool store_recovery_get_by_reference(struct db *db, struct arena *a, const char *reference,
                                     struct recovery_case_row *out);
/* The newest case of a ticket; false when none. */
bool store_recovery_get_by_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                                  struct recovery_case_row *out);
/* A case of the same transaction by the same customer that is not closed; 0 when none. */
int64_t store_recovery_find_open(struct db *db, const char *network, const char *txid,
                                 int64_t customer_id);
/* Ids of the cases of a transaction (txid compared without case) that are waiting or in error:
 * what an exchange event about that transaction should re-check. At most max. */
size_t store_recovery_due_for_tx(struct db *db, const char *network, const char *txid,
                                 int64_t *ids, size_t max);
/* Newest first; state/code NULL for any; customer_id 0 for any. */
size_t store_recovery_list(struct db *db, struct arena *a, const char *state, const char *code,
                           int64_t customer_id, int64_t before_id, int limit,
                           struct recovery_case_row **out);

/* The report: one row per (code, state, automatic). */
struct recovery_report_row {
	const char *code, *state;
	bool automatic;
	int64_t cases, value_minor, fee_minor;
};
size_t store_recovery_report(struct db *db, struct arena *a, int64_t since, int64_t until,
                             struct recovery_report_row **out);

#endif
