/* incidents.h — trading incidents on the desk (issue 8 item 5; docs/exchange/incidents.md):
 * declared by a supervisor or by the exchange's incident.declared webhook, tickets linked by
 * rule or by hand, a public status banner, one reply to every linked ticket, and compensation
 * lists imported, hashed, approved by a second person and paid through the connector.
 *
 * incidents.c: the incidents themselves, the public banner and the webhook handler.
 * incident_links.c: linking tickets (the rule, by hand, the new-ticket hook) and the reply to
 * all. incident_comp.c: compensation lists and the customer's eligibility lookup. */
#ifndef EXDESK_API_INCIDENTS_H
#define EXDESK_API_INCIDENTS_H
#include <stdbool.h>

#include "api/api.h"
#include "api/exchange.h"
#include "store/incidents.h"

/* ---- incidents.c ---- */
void h_incident_create(struct request *r);
void h_incident_list(struct request *r);
void h_incident_get(struct request *r);
void h_incident_patch(struct request *r);
void h_public_incidents(struct request *r);
/* The exchange declared an incident (webhook incident.declared): one incident per exchange id. */
enum exev_result incident_on_declared(struct exev *ev);
json_t *render_incident(struct db *db, const struct incident_row *i);

/* ---- incident_links.c ---- */
/* Inside the job that opens ticket t (ticket_open): link it to every active incident whose rule
 * it matches, audited. False only on a store failure. */
bool incident_ticket_opened(struct db *w, struct arena *a, const struct ticket_row *t,
                            const char *body);
/* Outside any job: run an incident's rule over the open tickets in its window, in jobs of a
 * bounded size. background: the caller is the desk's own thread (the event worker), whose jobs
 * are never refused for a full queue; a request's are. Returns the number linked, -1 when a job
 * failed or was refused (the links made so far stay; running it again goes on). */
int incident_link_by_rule(struct store *st, int64_t incident_id, const struct actor *who,
                          bool background);
void h_incident_link_rule(struct request *r);
void h_incident_tickets(struct request *r);
void h_incident_ticket_link(struct request *r);
void h_incident_ticket_unlink(struct request *r);
void h_ticket_incident(struct request *r);
void h_incident_reply(struct request *r);
void h_incident_replies(struct request *r);
void h_incident_reply_resume(struct request *r);

/* ---- incident_comp.c ---- */
#define COMP_IMPORT_MAX_BODY (2 * 1024 * 1024) /* the JSON around a list of COMP_CSV_MAX */
void h_comp_import(struct request *r);
void h_comp_lists(struct request *r);
void h_comp_get(struct request *r);
void h_comp_approve(struct request *r);
void h_comp_pay(struct request *r);
void h_public_eligibility(struct request *r);

#endif
