/* exchange_events.h — the exchange's webhooks as received (migration 013): kept once by event
 * id, then worked by src/api/exchange_events.c. */
#ifndef EXDESK_STORE_EXCHANGE_EVENTS_H
#define EXDESK_STORE_EXCHANGE_EVENTS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct exevent_row {
	int64_t id;
	const char *event_id, *type, *body, *status, *error;
	int64_t received_at, next_at, done_at, ticket_id;
	int attempts;
};

/* Records a new event (status new, due now). *duplicate: the event id was already there (then
 * nothing changes and *id is the existing row's). */
enum db_rc store_exevent_insert(struct db *w, const char *event_id, const char *type,
                                const char *body, int64_t now, int64_t *id, bool *duplicate);
/* The oldest event due at now (status new, next_at <= now); false when none. */
bool store_exevent_next_due(struct db *db, struct arena *a, int64_t now, struct exevent_row *out);
/* The earliest next_at of a new event; 0 when none waits. */
int64_t store_exevent_next_at(struct db *db);
bool store_exevent_get(struct db *db, struct arena *a, int64_t id, struct exevent_row *out);
/* Done, failed or ignored, with the ticket it opened (0: none) and an error (may be ""). */
enum db_rc store_exevent_finish(struct db *w, int64_t id, const char *status, const char *error,
                                int64_t ticket_id, int64_t now);
/* Not now: try again at next_at; attempts + 1, error kept. */
enum db_rc store_exevent_retry(struct db *w, int64_t id, int64_t next_at, const char *error);
/* Newest first, before_id (0: from the newest), at most limit; type/status NULL for any. */
size_t store_exevent_list(struct db *db, struct arena *a, const char *type, const char *status,
                          int64_t before_id, int limit, struct exevent_row **out);

#endif
