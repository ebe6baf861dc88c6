/* withdrawal_holds.h — withdrawal-risk holds and the desk's proactive outreach (issue 8 items 4
 * and 6; docs/exchange/withdrawal-holds.md).
 *
 * withdrawal_screen.c: the withdrawal.pending handler (read the user's context through the
 * connector, evaluate with core/withdrawal_risk.h, hold, open the Security ticket).
 * withdrawal_holds.c: the hold's endpoints (view, checklist, release with a second approval,
 * cancel) and the report. holds_desk.c: tickets the desk opens and speaks on first, the
 * Security group, the scam list setting. outreach.c: deposit.seen without a memo and
 * login.new_country. */
#ifndef EXDESK_API_WITHDRAWAL_HOLDS_H
#define EXDESK_API_WITHDRAWAL_HOLDS_H
#include "api/api.h"
#include "api/exchange.h"
#include "core/hold_texts.h"
#include "core/scam_list.h"
#include "store/withdrawal_holds.h"

#define HOLDS_GROUP          "Security"
#define HOLDS_SCAM_LIST_KEY  "withdrawal_holds.scam_list" /* the CSV text (settings table) */
#define HOLDS_SCAM_LIST_MAX  (4u << 20)                   /* bytes of CSV accepted by PUT */
#define HOLDS_AGENT_SCREEN   "exdesk:withdrawal-screening" /* who held, at the exchange */

/* ---- event handlers (exchange_events.c's table) ---- */
enum exev_result holds_on_withdrawal_pending(struct exev *ev);
enum exev_result outreach_on_deposit_seen(struct exev *ev);
enum exev_result outreach_on_login_new_country(struct exev *ev);

/* ---- endpoints ---- */
void h_hold_get(struct request *r);           /* GET  /api/v1/holds/{id} */
void h_hold_checklist(struct request *r);     /* POST /api/v1/holds/{id}/checklist/{item} */
void h_hold_release(struct request *r);       /* POST /api/v1/holds/{id}/release */
void h_hold_approve(struct request *r);       /* POST /api/v1/holds/{id}/approve */
void h_hold_cancel(struct request *r);        /* POST /api/v1/holds/{id}/cancel */
void h_ticket_holds(struct request *r);       /* GET  /api/v1/tickets/{id}/holds */
void h_holds_report(struct request *r);       /* GET  /api/v1/reports/withdrawal-holds */
void h_scam_list_get(struct request *r);      /* GET  /api/v1/settings/scam-list */
void h_scam_list_put(struct request *r);      /* PUT  /api/v1/settings/scam-list */

/* ---- shared by the files above (holds_desk.c) ---- */
/* Inside a job: the Security group's id, created (audited) when missing; 0 on a store error. */
int64_t holds_security_group(struct db *w, struct arena *a);
/* Inside a job: a ticket the desk opens itself, before the customer wrote anything (no first
 * customer message): status new, number allocated, audited as ticket.create. */
int holds_desk_ticket_open(struct db *w, struct arena *a, const struct customer_row *c,
                           struct ticket_row *t, const char *reason);
/* Inside a job: a public message from the desk (kind system, author system: the customer sees
 * it in the widget, it reaches them by mail if unread, and it is not counted as an agent's
 * response), audited as ticket.outreach with what it was about. */
bool holds_desk_says(struct db *w, struct arena *a, const struct ticket_row *t, const char *body,
                     const char *about, int64_t now, int64_t *message_id);
/* Inside a job: an internal note by the system. */
bool holds_system_note(struct db *w, struct arena *a, int64_t ticket_id, const char *body,
                       int64_t now);
/* The scam list as stored (parsed into a), or NULL when none is set. */
const struct scam_list *holds_scam_list(struct db *db, struct arena *a);
/* A uid's customer, created from the exchange's profile ({"user":{...}}) when new. */
int holds_customer(struct db *w, struct arena *a, const char *uid, json_t *profile,
                   struct customer_row *out, struct job_error *err);
/* "" when absent or not a string. */
const char *holds_js(json_t *o, const char *key);

#endif
