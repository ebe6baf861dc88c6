/* push.h — Server-Sent Event streams to browsers (docs/internals/push.md).
 *
 * A stream is a suspended libmicrohttpd connection. After every commit the store calls
 * push_on_commit(), which wakes the streams the new events may concern (agents: all; a widget
 * customer: only events of their tickets). A woken stream reads the events after the last id it
 * sent, asks its render callback what (if anything) to send for each, and suspends again. Ids
 * are the audit trail's event ids, so a reconnecting client that sends Last-Event-ID resumes
 * exactly: only committed changes carry ids, nothing is skipped, nothing repeated.
 * Ephemeral signals (typing, viewers) are queued per stream, sent once, never replayed.
 * An idle stream costs its socket and ~1 KB; nothing polls it but the 20 s heartbeat. */
#ifndef EXDESK_HTTP_PUSH_H
#define EXDESK_HTTP_PUSH_H
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

struct store;
struct db;
struct event_row;
struct textbuf;
struct push_stream;

/* Appends the SSE frame(s) for one committed event to out, or nothing if the event is not for
 * this stream. Runs on an HTTP thread with that thread's read connection. */
typedef void (*push_render_fn)(const struct push_stream *ps, struct db *db, struct arena *a,
			       const struct event_row *e, struct textbuf *out);

/* Is the stream's holder still allowed to listen? Called at every wake-up (each change, each
 * ping) before anything is sent: a revoked token, an ended session, a deactivated agent end the
 * stream; an agent's role and groups are refreshed (push_stream_set_principal), so a move out
 * of a group stops that group's tickets at once. */
typedef bool (*push_check_fn)(struct push_stream *ps, struct db *db, struct arena *a);

struct push_spec {
	int64_t customer_id;   /* a widget stream: only this customer's tickets' events */
	int64_t session_id;    /* the widget session, or the agent's session (cookie) */
	struct principal who;  /* an agent stream (customer_id == 0) */
	int64_t since;         /* last event id the client has; -1 = from now on */
	push_render_fn render;
	push_check_fn check;
};

int64_t push_stream_session(const struct push_stream *ps);
/* Refresh an agent stream's role and groups (from a check callback). */
void push_stream_set_principal(struct push_stream *ps, enum role role, const int64_t *groups,
			       size_t n_groups);

/* Read-only view of a stream for render callbacks. */
const struct principal *push_stream_principal(const struct push_stream *ps);
int64_t push_stream_customer(const struct push_stream *ps);

void push_init(struct store *s);
/* Answer r with an event stream. */
void push_start(struct request *r, const struct push_spec *spec);
/* An ephemeral signal about a ticket, to agent streams that may see the ticket (if to_agents)
 * and to the ticket customer's widget streams (if to_customer). `data` is a JSON text. */
struct push_target {
	int64_t ticket_id, customer_id, group_id, assignee_id;
	int64_t except_agent_id; /* the sender does not get their own signal */
	bool to_agents, to_customer;
};
void push_signal(const struct push_target *t, const char *event, const char *data);
/* An agent whose last stream closed and who opened none for PRESENCE_GRACE_S: the console is
 * gone (tab closed, laptop asleep). A reload or a short network drop reconnects well within it,
 * so presence does not flap. Called from the hub's timer thread. */
#define PRESENCE_GRACE_S 60
typedef void (*push_gone_fn)(int64_t agent_id);
void push_set_gone_hook(push_gone_fn fn);

/* End every stream (shutdown). */
void push_shutdown(void);
size_t push_stream_count(void);

#endif
