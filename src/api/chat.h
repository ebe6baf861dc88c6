/* chat.h — pieces shared by the widget API (widget.c), the console's live endpoints (live.c)
 * and the push streams (stream.c). */
#ifndef EXDESK_API_CHAT_H
#define EXDESK_API_CHAT_H
#include "api/api.h"

#define MAX_ATTACHMENT (5 * 1024 * 1024)
#define WIDGET_SESSION_TTL_MS (30LL * 24 * 3600 * 1000)

struct widget_session {
	int64_t id, customer_id;
	bool verified;
	const char *language;
};

/* The widget session of X-Widget-Token (or ?token=); answers 401 and returns false if absent,
 * unknown or expired. */
bool widget_session_of(struct request *r, struct widget_session *out);
/* Like widget_session_of, but without answering (attachments accept agents too). */
bool widget_session_try(struct request *r, struct widget_session *out);

/* Record that `reader` ("customer" or "agent") has read ticket t up to the body's message_id;
 * answers the request. Shared by the widget's and the console's read endpoints. */
void read_mark(struct request *r, const struct ticket_row *t, const char *reader,
	       const struct actor *who);

/* A message with its attachments, as pushed and listed. */
json_t *render_message_full(struct db *db, struct arena *a, const struct message_row *m);
/* A chat ticket as its customer sees it. */
json_t *render_conversation(struct db *db, struct arena *a, const struct ticket_row *t);

/* Push streams' policy hooks (agents going offline when their console is gone). */
void stream_init(struct store *s);

void h_widget_status(struct request *r);
void h_widget_session_create(struct request *r);
void h_widget_session_patch(struct request *r);
void h_widget_conversations(struct request *r);
void h_widget_conversation_create(struct request *r);
void h_widget_messages(struct request *r);
void h_widget_message_create(struct request *r);
void h_widget_attachment(struct request *r);
void h_widget_typing(struct request *r);
void h_widget_read(struct request *r);
void h_widget_csat(struct request *r);
void h_widget_stream(struct request *r);
void h_attachment_get(struct request *r);
void h_stream(struct request *r);
void h_ticket_typing(struct request *r);
void h_ticket_viewing(struct request *r);
void h_ticket_read(struct request *r);
void h_ticket_csat(struct request *r);
void h_agent_csat(struct request *r);

#endif
