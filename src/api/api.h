/* api.h — the JSON API's shared pieces: the route table, write-job errors, the audit trail
 * writer, loading tickets with visibility checks, and rendering rows as JSON.
 *
 * Handlers are thin: validate the body against a field table, then either read through
 * store_reader() or hand a job to store_write() (the job re-reads what it changes inside the
 * transaction, decides with src/core, writes, and appends audit events in the same
 * transaction), then render. */
#ifndef EXDESK_API_H
#define EXDESK_API_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/ticket.h"
#include "http/http.h"
#include "store/store.h"

#define MAX_PERSON_NAME 200 /* names of people, groups, tokens */

extern const struct route api_routes[];
extern const size_t api_routes_count;

/* ---- write jobs ---- */
struct job_error {
	int status;
	const char *code, *message, *field;
};
#define JOB_FAILED 1
/* Record the failure and return JOB_FAILED (a job returns it to have its savepoint undone). */
int job_fail(struct job_error *e, int status, const char *code, const char *message,
	     const char *field);
/* Answer a finished store_write: the job's own error, or the store's. */
void job_answer_error(struct request *r, int rc, const struct job_error *e);

/* ---- audit trail ---- */
struct actor {
	const char *type; /* "agent", "cli", "system", "customer" */
	int64_t id;
};
struct actor actor_of(const struct request *r);
/* Append one hash-chained event inside the current write transaction. before/after may be
 * NULL; they are not consumed. */
bool audit_append(struct db *w, struct arena *a, const struct actor *who, const char *action,
		  const char *object_type, int64_t object_id, int64_t ticket_id, json_t *before,
		  json_t *after);
struct audit_report {
	bool ok;
	int64_t checked;
	int64_t first_broken_id;
	char reason[160];
};
void audit_verify(struct db *db, struct audit_report *out);

/* ---- tickets ---- */
/* Resolve "{id}" (numeric id or EXD- number) and check the principal may see it; answers 404
 * otherwise. Uses db (a reader, or the writer inside a job). */
bool ticket_load_visible(struct request *r, struct db *db, const char *ref, struct ticket_row *t);
bool ticket_visible(const struct request *r, const struct ticket_row *t);
struct ticket_scope ticket_scope_of(const struct request *r);
/* A ticket's fields that changes are audited on. */
json_t *ticket_audit_json(const struct ticket_row *t);

/* Inside a job: a new ticket (status new, number allocated) for customer c, with body as its
 * first customer message. t carries subject, channel, priority, category, tags, group. */
int ticket_open(struct db *w, struct arena *a, const struct actor *who,
		const struct customer_row *c, struct ticket_row *t, const char *body,
		int64_t *message_id);
/* Inside a job: the ticket alone (number, status new, its audit event), for tickets the desk
 * opens before anyone wrote (outreach, holds); opened_by_desk (may be NULL) says why, in the
 * audit. ticket_open is this plus the customer's first message. */
int ticket_insert(struct db *w, struct arena *a, const struct actor *who,
		  const struct customer_row *c, struct ticket_row *t, const char *opened_by_desk);
/* Inside a job: a group the desk's own work needs (Recovery, Security) by name, made (and
 * audited with why) the first time. Its id, 0 on failure. */
int64_t group_ensure(struct db *w, struct arena *a, const char *name, const char *tier,
		     const char *product_area, const char *why);
/* Inside a job: the customer writes on ticket t (reopen a solved one, follow up a closed one).
 * Sets the new message's id and the ticket that took it. */
int customer_says(struct db *w, struct arena *a, struct ticket_row *t, const char *body,
		  int64_t *message_id, int64_t *ticket_id);
/* Insert a message and its audit event (inside a job). */
bool add_message(struct db *w, struct arena *a, const struct actor *who, struct message_row *m);
/* Inside the job that opens ticket t for customer c (before ticket_open): the admins' routing
 * rules set its group, priority and tags (routing.c). No rule: fallback_group if not 0, else the
 * desk's default group. Returns the rule's index or -1; out says which rule, for routing_audit
 * once the ticket has its id. */
struct routing_outcome {
	int64_t rule_id; /* 0: no rule decided */
	const char *keyword;
};
int routing_apply(struct db *w, struct arena *a, const struct customer_row *c,
		  struct ticket_row *t, const char *body, int64_t fallback_group,
		  struct routing_outcome *out);
bool routing_audit(struct db *w, struct arena *a, const struct ticket_row *t,
		   const struct routing_outcome *o);
/* Inside a job, after child was set solved: an escalation's parent reopens with the child's
 * resolution as an internal note (escalation.c). */
int escalation_child_solved(struct db *w, struct arena *a, const struct actor *who,
			    const struct ticket_row *child, int64_t now);
/* Status change with its timestamps (solved_at, closed_at). */
void ticket_set_status(struct ticket_row *t, int to_status, int64_t now);
/* Inside a job: may agent_id be assigned a ticket of group_id? JOB_FAILED with err if not. */
int ticket_check_assignee(struct db *w, struct arena *a, int64_t agent_id, int64_t group_id,
			  struct job_error *err);

/* ---- rendering ---- */
json_t *render_ticket(struct request *r, struct db *db, const struct ticket_row *t);
json_t *render_ticket_as(struct arena *a, const struct principal *who, struct db *db,
			 const struct ticket_row *t);
json_t *render_message(const struct message_row *m);
/* An outbox row: where a mail stands (the recipient masked for roles without PII access). */
/* The ticket's SLA: its policy and each metric's due/warn/fulfilled/breached times (sla.c). */
json_t *render_sla(struct db *db, struct arena *a, const struct ticket_row *t, int64_t now);
json_t *render_delivery(struct arena *a, const struct principal *who, const struct outbox_row *o);
json_t *render_agent(const struct agent_row *a);
json_t *render_group(const struct group_row *g);
json_t *render_customer(struct request *r, const struct customer_row *c);
json_t *render_event(const struct event_row *e);
json_t *split_list(const char *comma_list); /* "en,ja" -> ["en","ja"] */
/* ["en","ja"] -> "en,ja" in the arena; validates language tags; NULL + answered on error. */
bool join_languages(struct request *r, json_t *arr, const char *field, const char **out);
bool can_see_pii(const struct request *r);

/* ---- SLA configuration (sla_config.c) ----
 * The stored SLA policies with their calendars parsed, and the working shifts by id, as the
 * rest of the program asks about them. Built from the store and immutable once built. */
#define MAX_SLA_NAME 100 /* bytes: names of SLA policies, calendars and shifts */

struct sla_config; /* policies with parsed calendars, shifts by id; immutable once built */
struct sla_policy;
struct shift;
/* The current configuration, rebuilt when counter sla_generation changed; per-thread cache
 * (each thread has its own reader connection), never NULL (falls back to the demo table when
 * nothing is stored). Valid until this thread's next call: a thread frees only its own old copy,
 * so a configuration another thread is reading is never freed under it. */
const struct sla_config *sla_config_current(struct db *db);
/* The policy for a ticket (first match in position order; core's fallback if none), and its id
 * (0 for a built-in policy). policy_id_out may be NULL. */
const struct sla_policy *sla_config_select(const struct sla_config *c, enum ticket_priority p,
					   int vip_tier, enum ticket_channel ch,
					   int64_t *policy_id_out);
/* Breach actions of a policy id; false (outputs false) for an unknown id. */
bool sla_config_breach_actions(const struct sla_config *c, int64_t policy_id,
			       bool *raise_priority, bool *notify_supervisor, bool *reassign);
const struct shift *sla_config_shift(const struct sla_config *c, int64_t shift_id); /* NULL if none */
size_t sla_config_shift_count(const struct sla_config *c);
/* The i-th shift (by id order) and its id; NULL past the end. */
const struct shift *sla_config_shift_at(const struct sla_config *c, size_t i, int64_t *shift_id);
uint64_t sla_config_generation(const struct sla_config *c);

/* ---- automatic assignment and the SLA scheduler (dispatcher.c, sla_scheduler.c,
 * assignment.c) ---- */
struct sla_result;
/* A ticket's SLA clocks at `now` under the policy that applies (sla.c); the policy and its id
 * (0 for a built-in one). */
const struct sla_policy *sla_ticket_compute(struct db *db, struct arena *a,
					   const struct ticket_row *t, int64_t now,
					   struct sla_result *res, int64_t *policy_id);
/* Inside a write job: record the ticket's passed SLA warnings and breaches not yet recorded
 * (each audited with its exact instant), take the policy's breach actions if `act`, and set its
 * timer. *first_due: the running first-response due time (0 if none); *reassign: a breach asks
 * for another agent. False on a store failure. */
bool sla_timer_refresh(struct db *w, struct arena *a, struct ticket_row *t, int64_t now,
		       bool act, int64_t *first_due, bool *reassign);

struct assignment_settings {
	bool enabled;           /* the engine assigns tickets to agents */
	int64_t requeue_grace_ms; /* live chats of an absent agent go back after this */
	bool after_hours_reply; /* answer new tickets while nobody is on shift */
};
void assignment_settings_read(struct db *db, struct arena *a, struct assignment_settings *out);
bool dispatcher_start(struct store *s);
void dispatcher_stop(void);
/* Queues per group and agents' load and availability, as the engine holds them; NULL if the
 * store is unavailable. */
json_t *dispatcher_overview(struct store *s, struct arena *a);
/* {state: waiting|assigned|unrouted, position, why, assignee_id}, or JSON null when the engine
 * does not hold the ticket (assignment off, or the ticket is closed); NULL if unavailable. */
json_t *dispatcher_ticket_state(struct store *s, int64_t ticket_id);
void h_assignment_get(struct request *r);
void h_assignment_put(struct request *r);
void h_routing_queues(struct request *r);
void h_ticket_routing(struct request *r);

/* ---- the auto-reply outside every shift (after_hours.c) ---- */
/* When no agent is on shift at `now`: the instant the first shift starts again (*opens) and
 * the shift's zone for display (its IANA name, valid for the process); false when someone is
 * on shift now or no agent has a shift (an agent without a shift is always on). Only active
 * agents and supervisors count. */
bool desk_closed_until(struct db *db, struct arena *a, int64_t now, int64_t *opens,
		       const char **tz_name);
/* Inside a write job, for a ticket just created: if the desk is closed, post the public
 * auto-reply (MAIL_TEXT_AFTER_HOURS, or the admin's override, in the ticket's language, with
 * {{opens}} in the shift's zone) as a message of kind and author "system", which the SLA does
 * not count as a response; audit it as ticket.auto_reply; queue it by email for email, web and
 * API tickets. Does nothing for phone tickets, solved, closed or merged ones, and tickets the
 * desk already answered (an agent's reply or an earlier auto-reply). Returns false only on a
 * store failure. */
bool after_hours_reply(struct db *w, struct arena *a, const struct ticket_row *t, int64_t now);

/* The ticket list's query (status, priority, channel, category, tag, assignee_id, group_id,
 * customer_id, parent_id, language, created_after, created_before, q, sort, limit, cursor) into
 * f (tickets.c). search: q is required and the order is relevance (GET /api/v1/search).
 * *nothing: q has nothing searchable (spaces, punctuation), so nothing can match. Answers 400
 * and returns false on a bad parameter. */
bool ticket_filters_parse(struct request *r, struct ticket_filter *f, bool search, bool *nothing);

/* ---- handlers ---- */
void h_login(struct request *r);
void h_logout(struct request *r);
void h_me(struct request *r);
void h_ticket_create(struct request *r);
void h_ticket_list(struct request *r);
void h_search(struct request *r); /* search.c: GET /api/v1/search */
void h_ticket_get(struct request *r);
void h_ticket_patch(struct request *r);
void h_ticket_reply(struct request *r);
void h_ticket_note(struct request *r);
void h_ticket_customer_message(struct request *r);
void h_ticket_messages(struct request *r);
void h_ticket_escalate(struct request *r);
void h_ticket_merge(struct request *r);
void h_ticket_links(struct request *r);
void h_ticket_events(struct request *r);
void h_customer_list(struct request *r);
void h_customer_get(struct request *r);
void h_customer_patch(struct request *r);
void h_agent_list(struct request *r);
void h_agent_get(struct request *r);
void h_agent_create(struct request *r);
void h_agent_patch(struct request *r);
void h_agent_presence(struct request *r);
void h_group_list(struct request *r);
void h_group_create(struct request *r);
void h_group_patch(struct request *r);
void h_tag_list(struct request *r);
void h_category_list(struct request *r);
void h_token_list(struct request *r);
void h_token_create(struct request *r);
void h_token_delete(struct request *r);
void h_audit_events(struct request *r);
void h_audit_verify(struct request *r);
void h_settings_identity(struct request *r);
void h_settings_identity_rotate(struct request *r);
void h_settings_chat(struct request *r);
void h_routing_rules(struct request *r);
void h_routing_rule_get(struct request *r);
void h_routing_rule_create(struct request *r);
void h_routing_rule_patch(struct request *r);
void h_routing_rule_delete(struct request *r);
void h_routing_default_put(struct request *r);
void h_settings_chat_put(struct request *r);
void h_calendar_list(struct request *r);
void h_calendar_get(struct request *r);
void h_calendar_create(struct request *r);
void h_calendar_patch(struct request *r);
void h_calendar_delete(struct request *r);
void h_shift_list(struct request *r);
void h_shift_get(struct request *r);
void h_shift_create(struct request *r);
void h_shift_patch(struct request *r);
void h_shift_delete(struct request *r);
void h_sla_policy_list(struct request *r);
void h_sla_policy_get(struct request *r);
void h_sla_policy_create(struct request *r);
void h_sla_policy_patch(struct request *r);
void h_sla_policy_delete(struct request *r);
/* macros: canned replies (macros.c, macro_apply.c) */
void h_macro_list(struct request *r);
void h_macro_get(struct request *r);
void h_macro_create(struct request *r);
void h_macro_patch(struct request *r);
void h_macro_delete(struct request *r);
void h_macro_variant_put(struct request *r);
void h_macro_variant_delete(struct request *r);
void h_macro_preview(struct request *r);
void h_macro_apply(struct request *r);
/* the help center's request form and "check my request" (help_requests.c) */
#define HELP_REQUEST_MAX_BODY (64 * 1024) /* a form's whole JSON body */
void h_help_request_form(struct request *r);
void h_help_request_create(struct request *r);
void h_help_request_lookup(struct request *r);
void h_healthz(struct request *r);
void h_metrics(struct request *r);
void h_root(struct request *r);
void h_static(struct request *r);
void h_static_redirect(struct request *r);

#endif
