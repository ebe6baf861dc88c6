/* store.h — exdesk's storage: the only way the rest of the program reads or changes data.
 *
 * Reads run on a per-thread read connection (store_reader), concurrently with writes (WAL).
 * Writes run as jobs on ONE writer thread (store_write): the writer takes every job that is
 * waiting, runs each inside its own savepoint of one transaction, and commits them together
 * (group commit), so N concurrent requests cost one fsync. store_write returns only after the
 * commit is durable, which is what lets a handler answer 2xx. A job that fails is rolled back
 * alone; the others in its batch still commit.
 *
 * Row structs hold plain values (text enums as stored); strings live in the caller's arena.
 * The store never decides policy (who may, which transition): callers do, using src/core.
 * Time values are milliseconds since the epoch; 0 means "unset" (SQL NULL). */
#ifndef EXDESK_STORE_H
#define EXDESK_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"
#include "util/histogram.h"

struct store;

enum store_write_rc {
	STORE_JOB_OK = 0,
	/* Job functions return their own positive codes for their own failures; these are the
	 * store's: */
	STORE_COMMIT_FAILED = -1, /* the batch could not be committed: nothing was written */
	STORE_UNAVAILABLE = -2,   /* shutting down, or too many writes waiting */
};

/* A write job. Runs on the writer thread inside a savepoint; returns STORE_JOB_OK to keep its
 * changes or any other value to roll them back. The value comes back from store_write. */
typedef int (*store_job_fn)(struct db *w, void *ctx);

enum db_rc store_open(const char *data_dir, struct store **out); /* migrates if needed */
void store_close(struct store *s); /* finishes queued jobs, stops the writer */
struct db *store_reader(struct store *s); /* this thread's read connection */
int store_write(struct store *s, store_job_fn fn, void *ctx);
/* The same for the desk's own background threads (dispatcher, mail sender): never refused for a
 * full queue. There are a handful of them, one job each at a time, and what they do (assignment,
 * SLA timers, mail) must keep moving during a surge. */
int store_write_background(struct store *s, store_job_fn fn, void *ctx);
void store_set_max_queue(struct store *s, size_t max_waiting);

/* Called on the writer thread after every durable commit, with the writer's connection (read
 * only what was just committed; do not write). This is how committed changes, and only those,
 * reach the push streams. */
typedef void (*store_commit_hook)(struct db *w, void *ctx);
#define STORE_MAX_HOOKS 4
void store_set_commit_hook(struct store *s, store_commit_hook fn, void *ctx); /* = add */
bool store_add_commit_hook(struct store *s, store_commit_hook fn, void *ctx); /* false: full */
void store_remove_commit_hook(struct store *s, store_commit_hook fn);
/* Called on the writer thread after a job was rolled back or a batch failed to commit: state
 * kept in memory beside the store (the dispatcher's engine) may have run ahead of it. */
typedef void (*store_rollback_hook)(void);
void store_set_rollback_hook(struct store *s, store_rollback_hook fn);

struct store_stats {
	struct histogram commit_seconds; /* fsync'd commit latency */
	struct histogram batch_size;     /* jobs per commit */
	_Atomic uint64_t jobs_failed;
	_Atomic uint64_t jobs_refused;  /* turned away: more than max_waiting queued (503) */
	_Atomic uint64_t queue_peak;    /* most jobs ever waiting at once */
	_Atomic uint64_t checkpoints, checkpoint_pages; /* background (PASSIVE) checkpoints */
	_Atomic uint64_t checkpoints_blocking;          /* the writer had to wait for one */
};
struct store_stats *store_stats(struct store *s);
size_t store_queue_depth(struct store *s); /* write jobs waiting now */

/* ---- settings and counters ---- */
char *store_setting_get(struct db *db, struct arena *a, const char *key); /* NULL if unset */
bool store_setting_set(struct db *w, const char *key, const char *value); /* NULL unsets */
int64_t store_counter_next(struct db *w, const char *name); /* 0 on error */
int64_t store_counter_get(struct db *db, const char *name);  /* 0 if absent */

/* ---- groups ---- */
struct group_row {
	int64_t id;
	const char *name, *tier, *languages, *product_area;
	bool vip;
	int64_t created_at, updated_at;
};
bool store_group_get(struct db *db, struct arena *a, int64_t id, struct group_row *out);
bool store_group_get_by_name(struct db *db, struct arena *a, const char *name, struct group_row *out);
size_t store_group_list(struct db *db, struct arena *a, struct group_row **out);
enum db_rc store_group_insert(struct db *w, struct group_row *g); /* sets g->id */
enum db_rc store_group_update(struct db *w, const struct group_row *g);

/* ---- agents, sessions, tokens ---- */
struct agent_row {
	int64_t id;
	const char *email, *name, *role, *tier, *languages, *password_hash, *presence;
	/* The agent's shift by name ("" = none: always on), as the API shows it; the store reads it
	 * from the shifts table and writes only shift_id, which callers resolve from the name. */
	union {
		const char *shift_name;
		const char *shift;
	};
	int64_t shift_id;   /* 0 = no shift */
	const char *skills; /* comma list of product areas */
	bool vip_capable;
	int64_t max_chats;   /* concurrent chats (chat, telegram) */
	int64_t max_tickets; /* open tickets of the other channels */
	bool active;
	int64_t presence_at, created_at, updated_at;
	int64_t *groups;
	size_t n_groups;
};
bool store_agent_get(struct db *db, struct arena *a, int64_t id, struct agent_row *out);
bool store_agent_get_by_email(struct db *db, struct arena *a, const char *email, struct agent_row *out);
size_t store_agent_list(struct db *db, struct arena *a, struct agent_row **out);
enum db_rc store_agent_insert(struct db *w, struct agent_row *ag); /* sets ag->id; and groups */
enum db_rc store_agent_update(struct db *w, const struct agent_row *ag); /* and its groups */
enum db_rc store_agent_set_presence(struct db *w, int64_t id, const char *presence, int64_t at);

struct session_row {
	int64_t id, agent_id, created_at, expires_at;
	const char *csrf_token;
};
enum db_rc store_session_insert(struct db *w, const char *token_hash, int64_t agent_id,
				const char *csrf, int64_t now, int64_t expires_at);
bool store_session_get(struct db *db, struct arena *a, const char *token_hash, struct session_row *out);
enum db_rc store_session_delete(struct db *w, const char *token_hash);
bool store_session_alive(struct db *db, int64_t id, int64_t now); /* exists, not expired */
/* Delete console and widget sessions that expired before now (they are refused already). */
enum db_rc store_sessions_purge(struct db *w, int64_t now);

struct token_row {
	int64_t id, agent_id, created_at, revoked_at, last_used_at;
	const char *name, *prefix;
};
enum db_rc store_token_insert(struct db *w, struct token_row *t, const char *token_hash);
bool store_token_get_by_hash(struct db *db, struct arena *a, const char *token_hash, struct token_row *out);
bool store_token_get(struct db *db, struct arena *a, int64_t id, struct token_row *out);
size_t store_token_list(struct db *db, struct arena *a, struct token_row **out);
enum db_rc store_token_revoke(struct db *w, int64_t id, int64_t at);
enum db_rc store_token_touch(struct db *w, int64_t id, int64_t at); /* last_used_at */

/* ---- customers ---- */
struct identity_row {
	int64_t id;
	const char *kind, *value;
	bool verified;
};
struct customer_row {
	int64_t id;
	const char *name, *language;
	int vip_tier;
	int64_t created_at, updated_at;
	struct identity_row *identities;
	size_t n_identities;
};
bool store_customer_get(struct db *db, struct arena *a, int64_t id, struct customer_row *out);
int64_t store_customer_find(struct db *db, const char *kind, const char *value); /* 0 if none */
int store_customer_vip_tier(struct db *db, int64_t id); /* -1 if no such customer */
/* q: a LIKE pattern (escaped with '\\') on the name and, if match_identities, on identity
 * values (emails, uids) too. */
size_t store_customer_list(struct db *db, struct arena *a, const char *q, bool match_identities,
			   int64_t before_id, int limit, struct customer_row **out);
enum db_rc store_customer_insert(struct db *w, struct customer_row *c); /* sets c->id */
enum db_rc store_customer_update(struct db *w, const struct customer_row *c);
enum db_rc store_identity_insert(struct db *w, int64_t customer_id, const char *kind,
				 const char *value, bool verified, int64_t now);
enum db_rc store_identity_set_verified(struct db *w, const char *kind, const char *value);

/* ---- tickets ---- */
struct ticket_row {
	int64_t id, number;
	const char *subject, *status, *priority, *channel, *language, *category;
	int64_t customer_id, group_id, assignee_id, parent_id, merged_into_id;
	bool vip;
	int64_t created_at, updated_at, first_reply_at, solved_at, closed_at;
	const char **tags;
	size_t n_tags;
};

/* Who is looking: limits list/count queries to what the principal may see. */
struct ticket_scope {
	bool all;         /* admin, supervisor, qa */
	int64_t agent_id; /* otherwise: tickets in the agent's groups or assigned to it */
};

enum id_filter { ID_ANY = 0, ID_NONE, ID_EQUALS };
struct ticket_filter {
	const char *statuses[6]; /* NULL-terminated when fewer; statuses[0] == NULL = any */
	const char *priority, *channel, *category, *tag;
	enum id_filter assignee, group;
	int64_t assignee_id, group_id, customer_id, parent_id;
	const char *language; /* BCP 47 tag as stored */
	/* created_at in [created_after, created_before) when the flag is set */
	bool has_created_after, has_created_before;
	int64_t created_after, created_before;
	/* Text search (a ticket matches when any arm does; docs/internals/search.md "Tickets and
	 * messages"). match and match_subject are FTS5 expressions from search_query_build(),
	 * never user text: match for message bodies, match_subject for subjects (the same, or
	 * with its last word a prefix); both NULL = no text arm. */
	const char *match, *match_subject;
	int64_t number;    /* q was a ticket number: that ticket (0 = none) */
	const char *q;     /* LIKE pattern ('\\' escapes) on the requester's emails/uids ... */
	bool q_identities; /* ... used only for roles with PII access */
	/* Order: newest first with before_id as the cursor, or (relevance, text search only) by
	 * score with offset as the cursor. */
	bool relevance;
	int64_t before_id; /* cursor: only ids below this; 0 = from the newest */
	int64_t offset;    /* relevance: rows to skip */
	int limit;
};

bool store_ticket_get(struct db *db, struct arena *a, int64_t id, struct ticket_row *out);
bool store_ticket_get_by_number(struct db *db, struct arena *a, int64_t number, struct ticket_row *out);
/* Tickets the scope sees that pass f, newest first or (f->relevance) best first. */
size_t store_ticket_list(struct db *db, struct arena *a, const struct ticket_scope *scope,
			 const struct ticket_filter *f, struct ticket_row **out);
enum db_rc store_ticket_insert(struct db *w, struct ticket_row *t); /* sets t->id; tags too */
enum db_rc store_ticket_update(struct db *w, const struct ticket_row *t); /* and its tags */
/* Tickets by status, for /metrics: counts[i] for statuses[i]. */
void store_ticket_count_by_status(struct db *db, const char *const *statuses, size_t n, int64_t *counts);

struct tag_count {
	const char *name;
	int64_t count;
};
size_t store_tag_counts(struct db *db, struct arena *a, const struct ticket_scope *scope,
			struct tag_count **out);

struct category_row {
	const char *slug, *name;
};
size_t store_category_list(struct db *db, struct arena *a, struct category_row **out);
bool store_category_exists(struct db *db, const char *slug);

struct link_row {
	int64_t parent_id, child_id, created_at;
	const char *kind;
};
enum db_rc store_link_insert(struct db *w, int64_t parent_id, int64_t child_id, const char *kind,
			     int64_t now);
size_t store_link_list(struct db *db, struct arena *a, int64_t ticket_id, struct link_row **out);
/* Is the ticket the child of an escalation (an internal case the customer never sees)? */
bool store_ticket_is_escalation(struct db *db, int64_t ticket_id);

/* ---- messages ---- */
struct message_row {
	int64_t id, ticket_id, author_id, created_at;
	const char *kind, *author_type, *body, *author_name;
	const char *via;       /* how it reached the desk: "email", "chat", ... ("" = not recorded) */
	int64_t fold_at;       /* bytes of body shown before quoted history is folded; 0 = all */
	const char *body_html; /* sanitised HTML from the channel, or NULL */
};
enum db_rc store_message_insert(struct db *w, struct message_row *m); /* sets m->id */
bool store_message_get(struct db *db, struct arena *a, int64_t id, struct message_row *out);
size_t store_message_list(struct db *db, struct arena *a, int64_t ticket_id, int64_t after_id,
			  int limit, struct message_row **out);
/* How a message came (via), where its quoted history starts, and its sanitised HTML. */
enum db_rc store_message_set_mail(struct db *w, int64_t id, const char *via, int64_t fold_at,
				  const char *body_html);
enum db_rc store_message_move(struct db *w, int64_t from_ticket, int64_t to_ticket);
/* Id of the newest reply or customer message of a ticket (0 if none). */
int64_t store_message_latest_public(struct db *db, int64_t ticket_id);
/* When the ticket's customer messages and public replies were written, oldest first (at most
 * limit): what its SLA clocks read, without the bodies — a long chat costs integers, not text. */
struct message_time {
	int64_t at;
	bool from_customer; /* a customer message; otherwise a public reply */
};
size_t store_message_times(struct db *db, struct arena *a, int64_t ticket_id, int limit,
			   struct message_time **out);

/* ---- routing rules (routing.c) ---- */
struct routing_rule_row {
	int64_t id, position, created_at, updated_at;
	const char *name, *conditions, *actions; /* conditions and actions: JSON objects */
	bool enabled;
};
size_t store_routing_rule_list(struct db *db, struct arena *a, struct routing_rule_row **out);
bool store_routing_rule_get(struct db *db, struct arena *a, int64_t id, struct routing_rule_row *out);
enum db_rc store_routing_rule_insert(struct db *w, struct routing_rule_row *r); /* sets r->id */
enum db_rc store_routing_rule_update(struct db *w, const struct routing_rule_row *r);
enum db_rc store_routing_rule_delete(struct db *w, int64_t id);

/* ---- email: inbound mail, thread ids, outbox (mail.c) ---- */
struct mail_inbound_row {
	int64_t id, ticket_id, message_id, received_at;
	const char *dedupe_key, *sender, *recipient, *disposition, *reason;
	const unsigned char *raw; /* only from store_mail_original */
	size_t raw_len;
};
bool store_mail_inbound_exists(struct db *db, const char *dedupe_key);
enum db_rc store_mail_inbound_insert(struct db *w, struct mail_inbound_row *row); /* sets id */
/* Mail from sender received at or after since (for the per-sender rate limit). */
int64_t store_mail_sender_count(struct db *db, const char *sender, int64_t since);
/* The raw mail behind a message (false if it did not come by mail). */
bool store_mail_original(struct db *db, struct arena *a, int64_t message_id,
			 struct mail_inbound_row *out);
/* The newest inbound mail of a ticket: whom a reply goes to and what it answers. */
bool store_mail_latest_inbound(struct db *db, struct arena *a, int64_t ticket_id,
			       struct mail_inbound_row *out);
int64_t store_mail_thread_find(struct db *db, const char *mail_id); /* ticket id, 0 if none */
enum db_rc store_mail_thread_add(struct db *w, const char *mail_id, int64_t ticket_id);
/* A ticket's thread ids, oldest first, at most limit (for References). */
size_t store_mail_thread_ids(struct db *db, struct arena *a, int64_t ticket_id, int limit,
			     const char ***out);

struct outbox_row {
	int64_t id, ticket_id, message_id, attempts, next_attempt_at, created_at, finished_at;
	int64_t leased_until; /* a sender is on it until then; 0 = nobody */
	const char *kind, *channel, *recipient, *mail_id, *status, *last_error;
	bool unless_read;
};
enum db_rc store_outbox_insert(struct db *w, struct outbox_row *o); /* sets o->id */
enum db_rc store_outbox_set_mail_id(struct db *w, int64_t id, const char *mail_id);
/* Claim up to max due rows: each gets attempts + 1 and leased_until, so a crash mid-send
 * retries it after the lease instead of losing it, and nobody else takes it meanwhile. */
size_t store_outbox_claim(struct db *w, struct arena *a, int64_t now, int64_t lease_until,
			  size_t max, struct outbox_row **out);
bool store_outbox_get(struct db *db, struct arena *a, int64_t id, struct outbox_row *out);
bool store_outbox_get_by_mail_id(struct db *db, struct arena *a, const char *mail_id,
				 struct outbox_row *out);
/* Record an attempt's outcome: status 'queued' (retry at next_attempt_at), 'sent', 'failed' or
 * 'skipped' (finished_at = now). */
enum db_rc store_outbox_finish(struct db *w, int64_t id, const char *status, const char *error,
			       int64_t next_attempt_at, int64_t now);
size_t store_outbox_list_ticket(struct db *db, struct arena *a, int64_t ticket_id,
				struct outbox_row **out);
/* The delivery row of a reply message (false if none). */
bool store_outbox_for_message(struct db *db, struct arena *a, int64_t message_id,
			      struct outbox_row *out);
int64_t store_outbox_next_due(struct db *db); /* earliest queued next_attempt_at, 0 if none */
/* Every queued row becomes skipped with reason (the demo's seeded history is not mailed). */
enum db_rc store_outbox_skip_queued(struct db *w, const char *reason, int64_t now);

/* ---- live chat ---- */
struct widget_session_row {
	int64_t id, customer_id, created_at, expires_at;
	bool verified;
	const char *language;
};
enum db_rc store_widget_session_insert(struct db *w, const char *token_hash,
				       const struct widget_session_row *s);
bool store_widget_session_get(struct db *db, struct arena *a, const char *token_hash,
			      struct widget_session_row *out);
bool store_widget_session_alive(struct db *db, int64_t id, int64_t now);

struct csat_row {
	int64_t ticket_id, agent_id, customer_id, created_at;
	int rating;
	const char *comment;
};
enum db_rc store_csat_insert(struct db *w, const struct csat_row *c); /* DB_CONSTRAINT if rated */
bool store_csat_get(struct db *db, struct arena *a, int64_t ticket_id, struct csat_row *out);
/* counts[1..5] of an agent's ratings */
void store_csat_agent_counts(struct db *db, int64_t agent_id, int64_t counts[6]);

enum db_rc store_read_mark_set(struct db *w, int64_t ticket_id, const char *reader,
			       int64_t message_id, int64_t now);
int64_t store_read_mark_get(struct db *db, int64_t ticket_id, const char *reader);

struct attachment_row {
	int64_t id, message_id, ticket_id, size, created_at;
	const char *filename, *content_type, *sha256;
	const unsigned char *data; /* only from store_attachment_get */
};
enum db_rc store_attachment_insert(struct db *w, struct attachment_row *at); /* sets at->id */
bool store_attachment_get(struct db *db, struct arena *a, int64_t id, struct attachment_row *out);
size_t store_attachment_list(struct db *db, struct arena *a, int64_t message_id,
			     struct attachment_row **out); /* without data */
int64_t store_agents_online(struct db *db);

/* ---- audit events (the chain itself is computed by the caller, see core/audit_chain.h) ---- */
struct event_row {
	int64_t id, created_at, actor_id, object_id, ticket_id;
	const char *actor_type, *action, *object_type, *before, *after, *prev_hash, *hash;
};
/* The newest event's id and hash; id 0 and hash NULL when the trail is empty. */
bool store_event_last(struct db *db, struct arena *a, int64_t *id, const char **hash);
enum db_rc store_event_insert(struct db *w, const struct event_row *e); /* e->id is given */
size_t store_event_list_ticket(struct db *db, struct arena *a, int64_t ticket_id, struct event_row **out);
/* The ticket's own create/update events that carry a status, oldest first: the candidates for
 * its status changes (the caller compares before and after). */
size_t store_event_status_candidates(struct db *db, struct arena *a, int64_t ticket_id,
				     struct event_row **out);
size_t store_event_list(struct db *db, struct arena *a, int64_t before_id, int limit,
			struct event_row **out);
/* Events after after_id (oldest first, at most limit), optionally only those of tickets of one
 * customer (customer_id != 0). For the push streams. */
size_t store_event_list_after(struct db *db, struct arena *a, int64_t after_id, int64_t customer_id,
			      int limit, struct event_row **out);
/* The newest events' (id, ticket's customer) after after_id, for waking push streams. */
struct event_brief {
	int64_t id, ticket_id, customer_id;
};
size_t store_event_briefs_after(struct db *db, int64_t after_id, struct event_brief *out, size_t max);
/* Walk every event in id order; cb returns false to stop. */
enum db_rc store_event_scan(struct db *db, bool (*cb)(const struct event_row *e, void *ctx), void *ctx);

/* ---- SLA policies, business calendars, working shifts (sla_store.c) ----
 * Calendars and shifts hold the canonical text form of core/calendar.h and core/shift.h; the
 * API validates it before it is stored. Callers bump the sla_generation counter
 * (store_counter_next) in the transaction of every change, so cached parsed copies know when to
 * rebuild. */
struct calendar_row {
	int64_t id;
	const char *name, *spec;
	int64_t created_at, updated_at;
};
size_t store_calendar_list(struct db *db, struct arena *a, struct calendar_row **out); /* by id */
bool store_calendar_get(struct db *db, struct arena *a, int64_t id, struct calendar_row *out);
bool store_calendar_get_by_name(struct db *db, struct arena *a, const char *name,
				struct calendar_row *out);
enum db_rc store_calendar_insert(struct db *w, struct calendar_row *c); /* sets c->id */
enum db_rc store_calendar_update(struct db *w, const struct calendar_row *c);
enum db_rc store_calendar_delete(struct db *w, int64_t id);
int64_t store_calendar_policies(struct db *db, int64_t id); /* policies that use it */

struct shift_row {
	int64_t id;
	const char *name, *spec;
	int64_t created_at, updated_at;
};
size_t store_shift_list(struct db *db, struct arena *a, struct shift_row **out); /* by id */
bool store_shift_get(struct db *db, struct arena *a, int64_t id, struct shift_row *out);
bool store_shift_get_by_name(struct db *db, struct arena *a, const char *name,
			     struct shift_row *out);
enum db_rc store_shift_insert(struct db *w, struct shift_row *s); /* sets s->id */
enum db_rc store_shift_update(struct db *w, const struct shift_row *s);
enum db_rc store_shift_delete(struct db *w, int64_t id);
int64_t store_shift_agents(struct db *db, int64_t id); /* agents on it, active or not */

struct sla_policy_row {
	int64_t id, position;
	const char *name;
	bool enabled;
	const char *priorities, *channels; /* comma lists of API names; "" = any */
	int64_t vip_min, vip_max;          /* vip_max < 0: no upper bound (NULL) */
	int64_t first_response_ms, next_response_ms, resolution_ms; /* 0 = no target */
	int64_t warn_percent;
	bool pause_on_hold;
	int64_t calendar_id;        /* 0 = 24/7 */
	const char *breach_actions; /* JSON object of booleans */
	int64_t created_at, updated_at;
};
/* In matching order: position, then id. */
size_t store_sla_policy_list(struct db *db, struct arena *a, struct sla_policy_row **out);
bool store_sla_policy_get(struct db *db, struct arena *a, int64_t id, struct sla_policy_row *out);
bool store_sla_policy_get_by_name(struct db *db, struct arena *a, const char *name,
				  struct sla_policy_row *out);
enum db_rc store_sla_policy_insert(struct db *w, struct sla_policy_row *p); /* sets p->id */
enum db_rc store_sla_policy_update(struct db *w, const struct sla_policy_row *p);
enum db_rc store_sla_policy_delete(struct db *w, int64_t id);
/* Only the position (renumbering the others when one moves; their updated_at stays). */
enum db_rc store_sla_policy_set_position(struct db *w, int64_t id, int64_t position);


/* ---- the dispatcher's reads and its SLA timers (dispatch_store.c) ---- */
/* An open ticket as the assignment engine needs it. */
struct dispatch_ticket_row {
	int64_t id, group_id, assignee_id, created_at;
	const char *status, *priority, *channel, *language, *category;
	bool vip;
};
/* Every ticket not solved, closed or merged, in id order. */
size_t store_dispatch_open_tickets(struct db *db, struct arena *a, struct dispatch_ticket_row **out);
/* Open tickets after after_id with no timer row yet (tickets older than the scheduler, or after
 * a restore), oldest first: the caller walks the table once with a cursor. */
size_t store_sla_timer_missing(struct db *db, int64_t after_id, int64_t *ids, size_t max);
struct sla_timer_row {
	int64_t ticket_id, wake_at, fired, nr_cycle; /* wake_at 0 = none */
};
bool store_sla_timer_get(struct db *db, int64_t ticket_id, struct sla_timer_row *out);
enum db_rc store_sla_timer_put(struct db *w, const struct sla_timer_row *t);
/* Tickets whose timer is due at `now`, earliest first; how many were written to ids. */
size_t store_sla_timer_due(struct db *db, int64_t now, int64_t *ids, size_t max);
int64_t store_sla_timer_next(struct db *db); /* the earliest wake_at; 0 if none */
int64_t store_event_last_id(struct db *db);   /* 0 if the trail is empty */

/* ---- knowledge base (kb.c) ----
 * Categories > sections > articles; an article has one translation per locale and every saved
 * title/body as a numbered version of its locale. The search index (kb_fts) follows the
 * translations by itself (triggers in 008_kb.sql), inside the same transaction. Names per
 * locale are JSON object text, validated by the API. Statuses are "draft" or "published". */
struct kb_category_row {
	int64_t id, position, created_at, updated_at;
	const char *slug, *names;
};
size_t store_kb_category_list(struct db *db, struct arena *a, struct kb_category_row **out);
bool store_kb_category_get(struct db *db, struct arena *a, int64_t id, struct kb_category_row *out);
bool store_kb_category_get_by_slug(struct db *db, struct arena *a, const char *slug,
				   struct kb_category_row *out);
enum db_rc store_kb_category_insert(struct db *w, struct kb_category_row *c); /* sets c->id */
enum db_rc store_kb_category_update(struct db *w, const struct kb_category_row *c);
enum db_rc store_kb_category_delete(struct db *w, int64_t id);
int64_t store_kb_category_usage(struct db *db, int64_t id); /* its sections and articles */

struct kb_section_row {
	int64_t id, category_id, position, created_at, updated_at;
	const char *slug, *names;
};
/* By position then id; category_id 0 = every category. */
size_t store_kb_section_list(struct db *db, struct arena *a, int64_t category_id,
			     struct kb_section_row **out);
bool store_kb_section_get(struct db *db, struct arena *a, int64_t id, struct kb_section_row *out);
bool store_kb_section_get_by_slug(struct db *db, struct arena *a, int64_t category_id,
				  const char *slug, struct kb_section_row *out);
enum db_rc store_kb_section_insert(struct db *w, struct kb_section_row *s); /* sets s->id */
enum db_rc store_kb_section_update(struct db *w, const struct kb_section_row *s);
enum db_rc store_kb_section_delete(struct db *w, int64_t id);
int64_t store_kb_section_usage(struct db *db, int64_t id); /* its articles */

struct kb_article_row {
	int64_t id, category_id, section_id, author_id; /* 0 = none */
	int64_t view_count, helpful_yes, helpful_no;
	int64_t created_at, updated_at, published_at;
	const char *default_locale, *status;
};
bool store_kb_article_get(struct db *db, struct arena *a, int64_t id, struct kb_article_row *out);
enum db_rc store_kb_article_insert(struct db *w, struct kb_article_row *ar); /* sets ar->id */
/* category, section, default locale, status, author, updated_at, published_at */
enum db_rc store_kb_article_update(struct db *w, const struct kb_article_row *ar);
/* The article with its translations, versions and feedback (and so its index entries). */
enum db_rc store_kb_article_delete(struct db *w, int64_t id);
enum db_rc store_kb_article_add_view(struct db *w, int64_t id);

/* One line of an article list: the article and its title in the locale asked for, or in its
 * default locale when it has no such translation (the help center's fallback). */
struct kb_listing {
	struct kb_article_row article;
	const char *locale, *title, *status; /* of the translation shown */
	int64_t translation_updated_at;
};
struct kb_list_filter {
	const char *locale;              /* wanted locale; NULL = each article's default */
	int64_t category_id, section_id; /* 0 = any */
	const char *status;              /* the article's status; NULL = any */
	bool public_only; /* published articles, through published translations only */
	int64_t before_id; /* cursor: ids below; 0 = from the newest */
	int limit;
};
size_t store_kb_article_list(struct db *db, struct arena *a, const struct kb_list_filter *f,
			     struct kb_listing **out);
/* Public articles (as public_only above, in locale with the same fallback) per category and
 * section: counts[i] for (category_ids[i], section_ids[i]); section 0 = in no section. */
struct kb_count {
	int64_t category_id, section_id, count;
};
size_t store_kb_public_counts(struct db *db, struct arena *a, const char *locale,
			      struct kb_count **out);

struct kb_translation_row {
	int64_t id, article_id, version, author_id, created_at, updated_at;
	const char *locale, *title, *body_md, *body_text, *status;
};
size_t store_kb_translation_list(struct db *db, struct arena *a, int64_t article_id,
				 struct kb_translation_row **out); /* by id (creation order) */
bool store_kb_translation_get(struct db *db, struct arena *a, int64_t article_id,
			      const char *locale, struct kb_translation_row *out);
enum db_rc store_kb_translation_insert(struct db *w, struct kb_translation_row *t); /* sets id */
/* title, body_md, body_text, status, version, author_id, updated_at */
enum db_rc store_kb_translation_update(struct db *w, const struct kb_translation_row *t);
enum db_rc store_kb_translation_delete(struct db *w, int64_t article_id, const char *locale);

struct kb_version_row {
	int64_t id, article_id, version, author_id, created_at;
	const char *locale, *title, *body_md; /* body_md NULL in lists */
	const char *author_name;              /* read only; NULL if none */
};
enum db_rc store_kb_version_insert(struct db *w, struct kb_version_row *v); /* sets v->id */
/* Newest first; locale NULL = every locale. Without bodies. */
size_t store_kb_version_list(struct db *db, struct arena *a, int64_t article_id,
			     const char *locale, struct kb_version_row **out);
bool store_kb_version_get(struct db *db, struct arena *a, int64_t article_id, const char *locale,
			  int64_t version, struct kb_version_row *out);

/* "Was this helpful?" — DB_CONSTRAINT when this client already answered for the article that
 * day; otherwise the article's helpful_yes/helpful_no counts the answer too. */
struct kb_feedback_row {
	int64_t article_id, day, created_at;
	const char *locale, *client_key;
	bool helpful;
};
enum db_rc store_kb_feedback_insert(struct db *w, const struct kb_feedback_row *f);

/* Full-text search over translations (the ranking and snippets of docs/internals/search.md). */
enum kb_visibility { KB_VIS_ANY, KB_VIS_PUBLISHED, KB_VIS_DRAFT };
struct kb_search_query {
	const char *match;  /* an FTS5 expression made by core/search_text.h's query builder */
	const char *locale; /* NULL = any */
	int64_t category_id, section_id; /* 0 = any */
	enum kb_visibility visibility;   /* published: the article and the translation are */
	int limit;
};
#define KB_MARK_START '\x02' /* around matched terms in title_marked and snippet */
#define KB_MARK_END   '\x03'
struct kb_hit {
	int64_t article_id, category_id, section_id, updated_at;
	const char *locale, *title, *status, *article_status;
	const char *title_marked, *snippet; /* with KB_MARK_START/KB_MARK_END around hits */
	double score;                       /* higher is better: -bm25, title weighted 5:1 */
};
/* Best first into *out, *n of them; false on a store error (a MATCH the index refuses). */
bool store_kb_search(struct db *db, struct arena *a, const struct kb_search_query *q,
		     struct kb_hit **out, size_t *n);

/* Article suggestions for the open ticket (kb_suggest.c; docs/internals/search.md "Suggestions
 * for a ticket"). */
struct kb_text {
	const char *p; /* in the arena, not NUL-terminated, possibly cut mid-character */
	size_t len;
};
/* The ticket's newest customer messages (the public text the customer wrote), newest first, at
 * most max_messages, each cut to its new part (before folded mail history) and to max_bytes. */
size_t store_kb_suggest_texts(struct db *db, struct arena *a, int64_t ticket_id,
			      int max_messages, size_t max_bytes, struct kb_text **out);
/* terms_json is a JSON array of n index terms: docs[i] gets how many translations hold term i
 * (kb_fts_vocab; 0 when none), *total how many translations there are. False on a store error. */
bool store_kb_term_docs(struct db *db, const char *terms_json, size_t n, int64_t *docs,
			int64_t *total);
/* Best first, at most limit: each matching article once, in its translation of `locale` when it
 * has one, else in its default locale's; those in `locale` before the others. Drafts too (their
 * status and article_status say so). False on a store error. */
bool store_kb_suggest(struct db *db, struct arena *a, const char *match, const char *locale,
		      int limit, struct kb_hit **out, size_t *n);

/* ---- macros: canned replies (macros.c) ----
 * A macro row holds its actions as validated by core/macro.h (status and priority NULL = keep;
 * tags as comma lists) and its variants, one body per locale. Scope: group_id 0 = desk-wide. */
struct macro_variant_row {
	const char *locale, *body;
	int64_t updated_at;
};
struct macro_row {
	int64_t id, group_id, created_by, created_at, updated_at;
	const char *name, *default_locale;
	const char *set_status, *set_priority; /* NULL = keep */
	const char *add_tags, *remove_tags;    /* comma lists, "" = none */
	bool public_reply;
	struct macro_variant_row *variants; /* in the order of core/macro.h's macro_locales */
	size_t n_variants;
};
/* Macros the scope may see (all, or desk-wide ones and those of the agent's groups), by name;
 * q (a LIKE pattern with '\\' escapes, or NULL) matches the name or any variant's body. */
size_t store_macro_list(struct db *db, struct arena *a, const struct ticket_scope *scope,
			const char *q, struct macro_row **out);
bool store_macro_get(struct db *db, struct arena *a, int64_t id, struct macro_row *out);
int64_t store_macro_find_name(struct db *db, const char *name); /* its id, 0 if none */
int64_t store_macro_count(struct db *db);
/* Insert or update the macro row, then make its variants exactly m->variants. */
enum db_rc store_macro_insert(struct db *w, struct macro_row *m); /* sets m->id */
enum db_rc store_macro_update(struct db *w, const struct macro_row *m);
enum db_rc store_macro_delete(struct db *w, int64_t id); /* and its variants */

/* ---- search over tickets and messages for agents (tickets.c; index upkeep in search.c) ----
 * docs/internals/search.md "Tickets and messages". Indexes: tickets_fts (subjects) and
 * messages_fts (bodies, internal notes included), tokenize='exdesk', kept by triggers
 * (010_search.sql). The MATCH expressions come from search_query_build() only. */
#define SEARCH_SUBJECT_WEIGHT 3 /* a subject's BM25 counts three times a message's */
/* Around matched terms in subject_marked and snippet: bytes that never occur in UTF-8, and
 * every stored subject and body is valid UTF-8 (refused at the edge otherwise), so a mark can
 * never be confused with text (a control character could: bodies may carry them). */
#define SEARCH_MARK_START "\xfe"
#define SEARCH_MARK_END   "\xff"
#define SEARCH_SNIPPET_TOKENS 32 /* terms around the best match; a CJK character is one */
/* Best-first orders score the newest this many matches of each index that pass the filters:
 * BM25 costs about a microsecond per match, and a common word is in 4% of a desk's messages
 * (40,000 at a million), so scoring them all would miss a 50 ms budget; newest-first lists are
 * not windowed (bench/README.md "Search"). */
#define SEARCH_RANK_WINDOW 10000

struct search_hit {
	struct ticket_row ticket; /* without tags */
	int64_t message_id;       /* the best matching message; 0 if only the subject/number did */
	const char *kind, *author_type; /* the message's (messages search) */
	int64_t created_at;             /* the message's (messages search) */
	const char *subject_marked;     /* the subject, marked where it matched */
	const char *snippet;            /* marked snippet of the message's body; NULL if none */
	double score;                   /* higher is better; comparable within one answer */
};
/* Tickets (f->match required; number and identity arms as in store_ticket_list) best first,
 * f->offset skipped, at most f->limit; each with its best message's snippet. */
size_t store_search_tickets(struct db *db, struct arena *a, const struct ticket_scope *scope,
			    const struct ticket_filter *f, struct search_hit **out);
/* Messages whose body matches f->match, on tickets the scope sees that pass f's ticket filters;
 * the created_* bounds apply to the message's time. Best first, offset and limit as above. */
size_t store_search_messages(struct db *db, struct arena *a, const struct ticket_scope *scope,
			     const struct ticket_filter *f, struct search_hit **out);

/* On the writer before it serves: if the tokenizer version the indexes were built with
 * (setting search_text_version) is not `version`, rebuild every exdesk-tokenized FTS table from
 * its content and record `version`, in one transaction. *rebuilt: tables rebuilt. A table this
 * code does not know how to rebuild (contentless, or new and not listed in search.c) is an
 * error: the desk must not run on an index with stale terms. */
enum db_rc store_search_index_check(struct db *w, int version, int *rebuilt);

#endif
