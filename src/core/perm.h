/* perm.h — who may do what. One table decides every role x permission; the HTTP route table
 * names one permission per endpoint and asks here. Ticket visibility (an agent sees only its
 * groups' tickets and the ones assigned to it) is also decided here. Pure, no I/O. */
#ifndef EXDESK_CORE_PERM_H
#define EXDESK_CORE_PERM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum role { ROLE_ADMIN, ROLE_SUPERVISOR, ROLE_AGENT, ROLE_QA, ROLE_COUNT };
enum tier { TIER_L1, TIER_L2, TIER_EXPERT, TIER_COUNT };

enum perm {
	PERM_NONE, /* public: no credentials needed (healthz, metrics, login) */
	PERM_AUTHENTICATED, /* any signed-in principal (me, logout) */
	PERM_TICKET_READ,
	PERM_TICKET_CREATE,
	PERM_TICKET_UPDATE,
	PERM_TICKET_REPLY,
	PERM_TICKET_NOTE,
	PERM_TICKET_ESCALATE,
	PERM_TICKET_MERGE,
	PERM_CUSTOMER_READ,
	PERM_CUSTOMER_UPDATE,
	PERM_CUSTOMER_PII,
	PERM_AGENT_READ,
	PERM_AGENT_MANAGE,
	PERM_PRESENCE_SELF,
	PERM_PRESENCE_OTHERS,
	PERM_GROUP_READ,
	PERM_GROUP_MANAGE,
	PERM_TAG_READ,
	PERM_TOKEN_MANAGE,
	PERM_AUDIT_READ,
	PERM_AUDIT_VERIFY,
	PERM_SETTINGS_MANAGE,
	PERM_CONTENT_MANAGE, /* knowledge-base articles and macros: admins and supervisors */
	PERM_EXCHANGE_READ,    /* a user's exchange context (user 360), recovery cases, holds */
	PERM_EXCHANGE_ACT,     /* act through the connector: hold, credit, checklist, cancel */
	PERM_EXCHANGE_APPROVE, /* the second approval: a release, a large credit, a payout */
	PERM_INCIDENT_MANAGE,  /* declare incidents, import compensation lists */
	PERM_COUNT
};

const char *role_name(enum role r);           /* "admin", "supervisor", "agent", "qa" */
bool role_parse(const char *s, enum role *out);
const char *tier_name(enum tier t);           /* "L1", "L2", "expert" */
bool tier_parse(const char *s, enum tier *out);
const char *perm_name(enum perm p);           /* "ticket.read", ... as in docs/api.md */

/* The role x permission table of docs/api.md. PERM_NONE and PERM_AUTHENTICATED are true for all. */
bool perm_allowed(enum role r, enum perm p);

/* Does every ticket of the desk fall under this role's reach (admin, supervisor, qa), or only
 * the tickets of the principal's groups and those assigned to it (agent)? */
bool perm_sees_all_tickets(enum role r);

/* Visibility of one ticket. group_id / assignee_id are 0 when unset. */
bool perm_ticket_visible(enum role r, int64_t agent_id, const int64_t *agent_groups,
			 size_t n_groups, int64_t ticket_group_id, int64_t ticket_assignee_id);

#endif
