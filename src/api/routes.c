/* routes.c — every endpoint, its handler and the one permission it needs. The server checks
 * the permission before the handler runs; finer rules (an agent sees only its groups' tickets,
 * presence of others) are checked by the handler. Keep docs/api.md in step with this table. */
#include "api/api.h"
#include "api/chat.h"

const struct route api_routes[] = {
	{"GET", "/", h_root, PERM_NONE},
	{"GET", "/healthz", h_healthz, PERM_NONE},
	{"GET", "/metrics", h_metrics, PERM_NONE},
	{"GET", "/console", h_static_redirect, PERM_NONE},
	{"GET", "/console/*", h_static, PERM_NONE},
	{"GET", "/widget/*", h_static, PERM_NONE},
	{"GET", "/demo", h_static_redirect, PERM_NONE},
	{"GET", "/demo/*", h_static, PERM_NONE},
	{"POST", "/api/v1/auth/login", h_login, PERM_NONE},
	{"POST", "/api/v1/auth/logout", h_logout, PERM_AUTHENTICATED},
	{"GET", "/api/v1/auth/me", h_me, PERM_AUTHENTICATED},

	{"POST", "/api/v1/tickets", h_ticket_create, PERM_TICKET_CREATE},
	{"GET", "/api/v1/tickets", h_ticket_list, PERM_TICKET_READ},
	{"GET", "/api/v1/tickets/{id}", h_ticket_get, PERM_TICKET_READ},
	{"PATCH", "/api/v1/tickets/{id}", h_ticket_patch, PERM_TICKET_UPDATE},
	{"POST", "/api/v1/tickets/{id}/reply", h_ticket_reply, PERM_TICKET_REPLY},
	{"POST", "/api/v1/tickets/{id}/notes", h_ticket_note, PERM_TICKET_NOTE},
	{"POST", "/api/v1/tickets/{id}/messages", h_ticket_customer_message, PERM_TICKET_CREATE},
	{"GET", "/api/v1/tickets/{id}/messages", h_ticket_messages, PERM_TICKET_READ},
	{"POST", "/api/v1/tickets/{id}/escalate", h_ticket_escalate, PERM_TICKET_ESCALATE},
	{"POST", "/api/v1/tickets/{id}/merge", h_ticket_merge, PERM_TICKET_MERGE},
	{"GET", "/api/v1/tickets/{id}/links", h_ticket_links, PERM_TICKET_READ},
	{"GET", "/api/v1/tickets/{id}/events", h_ticket_events, PERM_TICKET_READ},
	{"POST", "/api/v1/tickets/{id}/typing", h_ticket_typing, PERM_TICKET_NOTE},
	{"POST", "/api/v1/tickets/{id}/viewing", h_ticket_viewing, PERM_TICKET_READ},
	{"POST", "/api/v1/tickets/{id}/read", h_ticket_read, PERM_TICKET_REPLY},
	{"GET", "/api/v1/tickets/{id}/csat", h_ticket_csat, PERM_TICKET_READ},
	{"GET", "/api/v1/stream", h_stream, PERM_TICKET_READ},
	{"GET", "/api/v1/attachments/{id}", h_attachment_get, PERM_NONE},

	/* The chat widget: no agent credentials; each handler checks its widget session. */
	{"GET", "/api/v1/widget/status", h_widget_status, PERM_NONE},
	{"POST", "/api/v1/widget/session", h_widget_session_create, PERM_NONE},
	{"PATCH", "/api/v1/widget/session", h_widget_session_patch, PERM_NONE},
	{"GET", "/api/v1/widget/conversations", h_widget_conversations, PERM_NONE},
	{"POST", "/api/v1/widget/conversations", h_widget_conversation_create, PERM_NONE},
	{"GET", "/api/v1/widget/conversations/{id}/messages", h_widget_messages, PERM_NONE},
	{"POST", "/api/v1/widget/conversations/{id}/messages", h_widget_message_create, PERM_NONE},
	{"POST", "/api/v1/widget/conversations/{id}/attachments", h_widget_attachment, PERM_NONE,
	 MAX_ATTACHMENT},
	{"POST", "/api/v1/widget/conversations/{id}/typing", h_widget_typing, PERM_NONE},
	{"POST", "/api/v1/widget/conversations/{id}/read", h_widget_read, PERM_NONE},
	{"POST", "/api/v1/widget/conversations/{id}/csat", h_widget_csat, PERM_NONE},
	{"GET", "/api/v1/widget/stream", h_widget_stream, PERM_NONE},

	{"GET", "/api/v1/customers", h_customer_list, PERM_CUSTOMER_READ},
	{"GET", "/api/v1/customers/{id}", h_customer_get, PERM_CUSTOMER_READ},
	{"PATCH", "/api/v1/customers/{id}", h_customer_patch, PERM_CUSTOMER_UPDATE},

	{"GET", "/api/v1/agents", h_agent_list, PERM_AGENT_READ},
	{"POST", "/api/v1/agents", h_agent_create, PERM_AGENT_MANAGE},
	{"GET", "/api/v1/agents/{id}", h_agent_get, PERM_AGENT_READ},
	{"PATCH", "/api/v1/agents/{id}", h_agent_patch, PERM_AGENT_MANAGE},
	{"PUT", "/api/v1/agents/{id}/presence", h_agent_presence, PERM_PRESENCE_SELF},
	{"GET", "/api/v1/agents/{id}/csat", h_agent_csat, PERM_AGENT_READ},

	{"GET", "/api/v1/groups", h_group_list, PERM_GROUP_READ},
	{"POST", "/api/v1/groups", h_group_create, PERM_GROUP_MANAGE},
	{"PATCH", "/api/v1/groups/{id}", h_group_patch, PERM_GROUP_MANAGE},
	{"GET", "/api/v1/tags", h_tag_list, PERM_TAG_READ},
	{"GET", "/api/v1/categories", h_category_list, PERM_TICKET_READ},

	{"GET", "/api/v1/tokens", h_token_list, PERM_TOKEN_MANAGE},
	{"POST", "/api/v1/tokens", h_token_create, PERM_TOKEN_MANAGE},
	{"DELETE", "/api/v1/tokens/{id}", h_token_delete, PERM_TOKEN_MANAGE},
	{"GET", "/api/v1/audit/events", h_audit_events, PERM_AUDIT_READ},
	{"GET", "/api/v1/audit/verify", h_audit_verify, PERM_AUDIT_VERIFY},
	{"GET", "/api/v1/settings/identity", h_settings_identity, PERM_SETTINGS_MANAGE},
	{"POST", "/api/v1/settings/identity/rotate", h_settings_identity_rotate, PERM_SETTINGS_MANAGE},
};
const size_t api_routes_count = sizeof api_routes / sizeof api_routes[0];
