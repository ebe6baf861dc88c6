/* perm.c — see perm.h. The grant table below is the whole policy: a reviewer compares it line by
 * line with the "Permissions" table of docs/api.md, so it is kept in the same order and shape. */
#include "core/perm.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {
    [ROLE_ADMIN] = "admin",
    [ROLE_SUPERVISOR] = "supervisor",
    [ROLE_AGENT] = "agent",
    [ROLE_QA] = "qa",
};

static const char *const tier_names[TIER_COUNT] = {
    [TIER_L1] = "L1",
    [TIER_L2] = "L2",
    [TIER_EXPERT] = "expert",
};

static const char *const perm_names[PERM_COUNT] = {
    [PERM_NONE] = "none",
    [PERM_AUTHENTICATED] = "authenticated",
    [PERM_TICKET_READ] = "ticket.read",
    [PERM_TICKET_CREATE] = "ticket.create",
    [PERM_TICKET_UPDATE] = "ticket.update",
    [PERM_TICKET_REPLY] = "ticket.reply",
    [PERM_TICKET_NOTE] = "ticket.note",
    [PERM_TICKET_ESCALATE] = "ticket.escalate",
    [PERM_TICKET_MERGE] = "ticket.merge",
    [PERM_CUSTOMER_READ] = "customer.read",
    [PERM_CUSTOMER_UPDATE] = "customer.update",
    [PERM_CUSTOMER_PII] = "customer.pii",
    [PERM_AGENT_READ] = "agent.read",
    [PERM_AGENT_MANAGE] = "agent.manage",
    [PERM_PRESENCE_SELF] = "presence.self",
    [PERM_PRESENCE_OTHERS] = "presence.others",
    [PERM_GROUP_READ] = "group.read",
    [PERM_GROUP_MANAGE] = "group.manage",
    [PERM_TAG_READ] = "tag.read",
    [PERM_TOKEN_MANAGE] = "token.manage",
    [PERM_AUDIT_READ] = "audit.read",
    [PERM_AUDIT_VERIFY] = "audit.verify",
    [PERM_SETTINGS_MANAGE] = "settings.manage",
    [PERM_CONTENT_MANAGE] = "content.manage",
    [PERM_EXCHANGE_READ] = "exchange.read",
    [PERM_EXCHANGE_ACT] = "exchange.act",
    [PERM_EXCHANGE_APPROVE] = "exchange.approve",
    [PERM_INCIDENT_MANAGE] = "incident.manage",
};

/* grants[perm] = {admin, supervisor, agent, qa}. A row left out would read as all-false, so a
 * permission added to the enum but forgotten here denies rather than grants. An agent's
 * ticket.* grants are further narrowed per ticket by perm_ticket_visible(). */
#define Y true
#define N false
/* clang-format off */
static const bool grants[PERM_COUNT][ROLE_COUNT] = {
	/*                        admin supervisor agent qa */
	[PERM_NONE]            = { Y,    Y,         Y,    Y },
	[PERM_AUTHENTICATED]   = { Y,    Y,         Y,    Y },
	[PERM_TICKET_READ]     = { Y,    Y,         Y,    Y },
	[PERM_TICKET_CREATE]   = { Y,    Y,         Y,    N },
	[PERM_TICKET_UPDATE]   = { Y,    Y,         Y,    N },
	[PERM_TICKET_REPLY]    = { Y,    Y,         Y,    N },
	[PERM_TICKET_NOTE]     = { Y,    Y,         Y,    N },
	[PERM_TICKET_ESCALATE] = { Y,    Y,         Y,    N },
	[PERM_TICKET_MERGE]    = { Y,    Y,         Y,    N },
	[PERM_CUSTOMER_READ]   = { Y,    Y,         Y,    Y },
	[PERM_CUSTOMER_UPDATE] = { Y,    Y,         Y,    N },
	[PERM_CUSTOMER_PII]    = { Y,    Y,         Y,    N },
	[PERM_AGENT_READ]      = { Y,    Y,         Y,    Y },
	[PERM_AGENT_MANAGE]    = { Y,    N,         N,    N },
	[PERM_PRESENCE_SELF]   = { Y,    Y,         Y,    Y },
	[PERM_PRESENCE_OTHERS] = { Y,    Y,         N,    N },
	[PERM_GROUP_READ]      = { Y,    Y,         Y,    Y },
	[PERM_GROUP_MANAGE]    = { Y,    N,         N,    N },
	[PERM_TAG_READ]        = { Y,    Y,         Y,    Y },
	[PERM_TOKEN_MANAGE]    = { Y,    N,         N,    N },
	[PERM_AUDIT_READ]      = { Y,    Y,         N,    Y },
	[PERM_AUDIT_VERIFY]    = { Y,    N,         N,    N },
	[PERM_SETTINGS_MANAGE] = { Y,    N,         N,    N },
	[PERM_CONTENT_MANAGE]  = { Y,    Y,         N,    N },
	[PERM_EXCHANGE_READ]   = { Y,    Y,         Y,    Y },
	[PERM_EXCHANGE_ACT]    = { Y,    Y,         Y,    N },
	[PERM_EXCHANGE_APPROVE]= { Y,    Y,         N,    N },
	[PERM_INCIDENT_MANAGE] = { Y,    Y,         N,    N },
};

static const bool sees_all_tickets[ROLE_COUNT] = {
	[ROLE_ADMIN]      = Y,
	[ROLE_SUPERVISOR] = Y,
	[ROLE_AGENT]      = N,
	[ROLE_QA]         = Y,
};
/* clang-format on */
#undef Y
#undef N

_Static_assert(sizeof role_names / sizeof role_names[0] == ROLE_COUNT, "role_names");
_Static_assert(sizeof tier_names / sizeof tier_names[0] == TIER_COUNT, "tier_names");
_Static_assert(sizeof perm_names / sizeof perm_names[0] == PERM_COUNT, "perm_names");

static bool parse_name(const char *const *names, size_t n, const char *s, size_t *out)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return true;
		}
	}
	return false;
}

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE_COUNT ? role_names[r] : NULL;
}

bool role_parse(const char *s, enum role *out)
{
	size_t i;
	if (!parse_name(role_names, ROLE_COUNT, s, &i))
		return false;
	*out = (enum role)i;
	return true;
}

const char *tier_name(enum tier t)
{
	return (unsigned)t < TIER_COUNT ? tier_names[t] : NULL;
}

bool tier_parse(const char *s, enum tier *out)
{
	size_t i;
	if (!parse_name(tier_names, TIER_COUNT, s, &i))
		return false;
	*out = (enum tier)i;
	return true;
}

const char *perm_name(enum perm p)
{
	return (unsigned)p < PERM_COUNT ? perm_names[p] : NULL;
}

/* Out-of-range values deny: a corrupt role or permission must never open a door. */
bool perm_allowed(enum role r, enum perm p)
{
	if ((unsigned)r >= ROLE_COUNT || (unsigned)p >= PERM_COUNT)
		return false;
	return grants[p][r];
}

bool perm_sees_all_tickets(enum role r)
{
	if ((unsigned)r >= ROLE_COUNT)
		return false;
	return sees_all_tickets[r];
}

bool perm_ticket_visible(enum role r, int64_t agent_id, const int64_t *agent_groups,
                         size_t n_groups, int64_t ticket_group_id, int64_t ticket_assignee_id)
{
	if ((unsigned)r >= ROLE_COUNT)
		return false;
	if (sees_all_tickets[r])
		return true;
	/* 0 is "unset" on both sides, so an unassigned ticket must not match an agent whose id
	 * is missing, nor an ungrouped ticket a 0 in the agent's group list. */
	if (ticket_assignee_id != 0 && ticket_assignee_id == agent_id)
		return true;
	if (ticket_group_id == 0 || agent_groups == NULL)
		return false;
	for (size_t i = 0; i < n_groups; i++)
		if (agent_groups[i] == ticket_group_id)
			return true;
	return false;
}
