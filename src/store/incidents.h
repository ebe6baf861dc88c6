/* incidents.h — storage of trading incidents (migration 016; docs/exchange/incidents.md):
 * the incidents, their links to tickets, replies sent to all linked tickets, and compensation
 * lists with their rows. Plain rows and prepared statements only: what may change when, and who
 * may do it, is decided by src/api/incident*.c with src/core/incident.h. */
#ifndef EXDESK_STORE_INCIDENTS_H
#define EXDESK_STORE_INCIDENTS_H
#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct incident_row {
	int64_t id;
	const char *external_id; /* NULL: declared on the desk */
	const char *pay_id;      /* the incident id the exchange's compensations carry */
	const char *source;      /* "desk", "exchange" */
	const char *title, *products, *keywords, *description, *status, *banner;
	int64_t starts_at, ends_at, created_by, created_at, updated_at, resolved_at;
};

/* Inserts i (sets i->id; a desk incident's pay_id becomes "exdesk-<id>"). With an external_id
 * already stored, *duplicate is set, nothing changes and i->id is the stored incident's. */
enum db_rc store_incident_insert(struct db *w, struct arena *a, struct incident_row *i,
                                 bool *duplicate);
bool store_incident_get(struct db *db, struct arena *a, int64_t id, struct incident_row *out);
enum db_rc store_incident_update(struct db *w, const struct incident_row *i);
/* Newest first, at most limit; active_only: not resolved. */
size_t store_incident_list(struct db *db, struct arena *a, bool active_only, int limit,
                           struct incident_row **out);

/* ---- links to tickets ---- */
struct incident_link_row {
	int64_t incident_id, ticket_id, linked_by, linked_at;
	const char *how;
};
/* The rule's link: kept as it is when the pair is there already (also when removed by hand).
 * *added: a new link was made. */
enum db_rc store_incident_link_rule(struct db *w, int64_t incident_id, int64_t ticket_id,
                                    int64_t now, bool *added);
/* A link by hand: made, or restored when it had been removed. *added: it was not linked. */
enum db_rc store_incident_link_hand(struct db *w, int64_t incident_id, int64_t ticket_id,
                                    int64_t agent_id, int64_t now, bool *added);
/* Marks the link removed; *removed false when it was not linked. */
enum db_rc store_incident_unlink(struct db *w, int64_t incident_id, int64_t ticket_id,
                                 bool *removed);
/* Linked tickets (not removed), oldest link first, at most limit. */
size_t store_incident_links(struct db *db, struct arena *a, int64_t incident_id, int limit,
                            struct incident_link_row **out);
int64_t store_incident_link_count(struct db *db, int64_t incident_id);
/* The incidents a ticket is linked to, newest incident first. */
size_t store_incident_links_of_ticket(struct db *db, struct arena *a, int64_t ticket_id,
                                      struct incident_link_row **out);
/* Tickets the rule may link: id > after_id, created in [since, until], not solved, closed or
 * merged, and not yet (or ever) linked to the incident. Ids ascending, at most limit. */
size_t store_incident_rule_candidates(struct db *db, struct arena *a, int64_t incident_id,
                                      int64_t after_id, int64_t since, int64_t until, int limit,
                                      int64_t **out);
/* The first customer message of a ticket (NULL when none). */
const char *store_incident_first_message(struct db *db, struct arena *a, int64_t ticket_id);

/* ---- one reply to all linked tickets ---- */
struct incident_reply_row {
	int64_t id, incident_id, author_id, created_at, done_at;
	const char *body, *bodies, *set_status;
};
enum db_rc store_incident_reply_insert(struct db *w, struct incident_reply_row *r);
bool store_incident_reply_get(struct db *db, struct arena *a, int64_t id,
                              struct incident_reply_row *out);
/* An incident's replies, oldest first. */
size_t store_incident_reply_list(struct db *db, struct arena *a, int64_t incident_id,
                                 struct incident_reply_row **out);
/* Linked tickets the reply has not reached yet, ascending, at most limit. */
size_t store_incident_reply_pending(struct db *db, struct arena *a, int64_t reply_id,
                                    int64_t incident_id, int limit, int64_t **out);
enum db_rc store_incident_reply_target(struct db *w, int64_t reply_id, int64_t ticket_id,
                                       int64_t message_id, const char *outcome);
enum db_rc store_incident_reply_done(struct db *w, int64_t reply_id, int64_t now);
/* Targets of a reply by outcome: sent, and every other outcome together. */
void store_incident_reply_counts(struct db *db, int64_t reply_id, int64_t *sent, int64_t *skipped);

/* ---- compensation lists ---- */
struct comp_list_row {
	int64_t id, incident_id, n_rows, imported_by, imported_at, approved_by, approved_at,
	    paid_at;
	const char *csv, *sha256, *totals, *status;
};
struct comp_row_row {
	int64_t id, list_id, incident_id, line, attempts, paid_at;
	const char *uid, *asset, *amount, *reason, *status, *error, *compensation_id;
};
enum db_rc store_comp_list_insert(struct db *w, struct comp_list_row *l); /* sets l->id */
/* DB_CONSTRAINT when the incident already has a row for the uid. */
enum db_rc store_comp_row_insert(struct db *w, struct comp_row_row *row);
/* The line of another list of this incident that holds uid; 0 when none. */
int64_t store_comp_uid_list(struct db *db, int64_t incident_id, const char *uid);
bool store_comp_list_get(struct db *db, struct arena *a, int64_t id, struct comp_list_row *out);
size_t store_comp_list_list(struct db *db, struct arena *a, int64_t incident_id,
                            struct comp_list_row **out);
/* imported -> approved; false (nothing changed) when it was not imported. */
bool store_comp_list_approve(struct db *w, int64_t id, int64_t agent_id, int64_t now);
enum db_rc store_comp_list_paid(struct db *w, int64_t id, int64_t now);
size_t store_comp_rows(struct db *db, struct arena *a, int64_t list_id, struct comp_row_row **out);
bool store_comp_row_get(struct db *db, struct arena *a, int64_t id, struct comp_row_row *out);
/* Records one payment attempt's outcome (attempts + 1). */
enum db_rc store_comp_row_set(struct db *w, int64_t id, const char *status, const char *error,
                              const char *compensation_id, int64_t now);
/* Rows by status of a list. */
void store_comp_counts(struct db *db, int64_t list_id, int64_t *pending, int64_t *paid,
                       int64_t *failed);
/* The uid's rows in approved or paid lists of an incident. */
size_t store_comp_rows_for_uid(struct db *db, struct arena *a, int64_t incident_id, const char *uid,
                               struct comp_row_row **out);

#endif
