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

/* ---- handlers ---- */
void h_login(struct request *r);
void h_logout(struct request *r);
void h_me(struct request *r);
void h_ticket_create(struct request *r);
void h_ticket_list(struct request *r);
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
void h_healthz(struct request *r);
void h_metrics(struct request *r);
void h_root(struct request *r);
void h_static(struct request *r);
void h_static_redirect(struct request *r);

#endif
