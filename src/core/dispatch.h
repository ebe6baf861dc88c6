/* dispatch.h — the assignment engine: who takes each open ticket, now and as things change.
 *
 * assign.h decides one question at a time (who in this group takes this ticket; which waiting
 * ticket this agent takes next). The engine keeps the state those questions are asked about —
 * agents with their presence, shift, groups and load; every open ticket with its group and
 * assignee; each group's queue in assign_queue_cmp order — and answers every change with the
 * assignments it causes:
 *   - a ticket that needs an agent is given the best one who can take it now (assign_pick), or
 *     waits in its group's queue;
 *   - an agent who gains room (a ticket of theirs closed or moved, they came online or on shift,
 *     their capacity or groups grew) takes waiting tickets, best first across all their groups,
 *     until full; so a VIP ticket never waits while a non-VIP one of its group is given to an
 *     agent who could have taken it;
 *   - an agent offline or off shift for longer than the grace period has their live
 *     conversations (chat, telegram) put back in the queue and given to someone present.
 * Shift changes and re-queue deadlines are time events: every entry point first brings the state
 * to its `now` (applying each change at its exact instant, in order), and dispatch_next_wake()
 * says when the next one falls due, so a scheduler needs only that one timer.
 *
 * The engine invents nothing and stores nothing: the caller feeds it what the store holds
 * (dispatch_*_set after every committed change, or everything on start) and writes back the
 * actions it returns (dispatch_actions) in the same transaction as the change that caused them.
 * Manual assignment is an override: a ticket set with an assignee stays with that agent
 * whatever their capacity or presence (its chats are not re-queued when they are away), and
 * counts towards their load; only dispatch_ticket_reassign and dispatch_agent_remove take it
 * back. Tickets that go back to the queue together are placed in queue order.
 *
 * Single-threaded by design: one owner (in the server, the store's writer thread, which also
 * makes every claim atomic) calls it; nothing here locks. Time is passed in (ms since the epoch);
 * no clock, no I/O. Memory grows with agents and open tickets only. */
#ifndef EXDESK_CORE_DISPATCH_H
#define EXDESK_CORE_DISPATCH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/assign.h"
#include "core/shift.h"

struct dispatch;

/* requeue_grace_ms: how long a live conversation stays with an agent who went offline or off
 * shift (negative counts as 0). NULL on allocation failure. */
struct dispatch *dispatch_new(int64_t requeue_grace_ms);
void dispatch_free(struct dispatch *d);

/* ---- groups ---- */
/* A group's minimum agent tier (an L2 group's tickets need L2 or expert agents). Groups not set
 * are L1. Changing it re-examines the group's queue. */
void dispatch_group_set(struct dispatch *d, int64_t group_id, enum tier min_tier, int64_t now);

/* ---- agents ---- */
struct dispatch_agent_spec {
	int64_t id;
	enum agent_presence presence;
	int64_t presence_since; /* when presence took its value (re-queue grace counts from it) */
	enum tier tier;
	bool vip_capable;
	uint16_t max_load[CHANNEL_COUNT]; /* 0 = takes none of that channel */
	const char *const *languages;     /* copied; none = any language */
	size_t n_languages;
	const char *const *skills; /* copied */
	size_t n_skills;
	const int64_t *groups; /* copied */
	size_t n_groups;
	const struct shift *shift; /* copied; NULL = no shift, always on */
	int64_t last_assigned_at;  /* round robin across restarts; 0 = never */
};
/* Insert or replace an agent (presence, shift, groups, capacity, ...). Their current tickets stay
 * with them. False on allocation failure or too many languages, skills or groups (then nothing
 * changed). */
bool dispatch_agent_set(struct dispatch *d, const struct dispatch_agent_spec *s, int64_t now);
/* Presence only (the common change). False if the agent is unknown. */
bool dispatch_agent_presence(struct dispatch *d, int64_t agent_id, enum agent_presence p,
                             int64_t now);
/* The agent leaves the desk (deactivated): every ticket of theirs goes back to the queue now. */
void dispatch_agent_remove(struct dispatch *d, int64_t agent_id, int64_t now);

/* ---- tickets ---- */
struct dispatch_ticket_spec {
	int64_t id;
	int64_t group_id;    /* 0 = no group: never assigned by the engine */
	int64_t assignee_id; /* 0 = needs an agent */
	enum ticket_channel channel;
	enum ticket_priority priority;
	bool vip;
	const char *language; /* NULL or "" = unknown */
	const char *product;  /* NULL or "" = none */
	int64_t sla_due_at;   /* first-response due, for the queue order; 0 = none */
	int64_t created_at;
	/* For a ticket the engine has not seen yet that comes with an assignee: whether a person
	 * chose them (a manual assignment) or the engine did (before a restart). For a known
	 * ticket the engine tells by itself: an assignee other than the one it holds is manual. */
	bool manual;
};
/* Insert or update an open ticket as the store holds it. An assignee given is kept as is (the
 * store's word: a manual assignment, or one this engine made); none puts the ticket to an agent
 * or in its group's queue. False on allocation failure. */
bool dispatch_ticket_set(struct dispatch *d, const struct dispatch_ticket_spec *s, int64_t now);
/* The ticket no longer needs anyone (solved, closed, merged, deleted): it leaves the queue or
 * frees its agent's room. Unknown ids are ignored. */
void dispatch_ticket_remove(struct dispatch *d, int64_t ticket_id, int64_t now);
/* Take the ticket from its agent and give it to someone else if anyone else can take it now,
 * else back to the same agent if they still can, else to the queue (an SLA breach action).
 * False if the ticket is unknown. */
bool dispatch_ticket_reassign(struct dispatch *d, int64_t ticket_id, int64_t now);

/* ---- time ---- */
/* Apply every shift change and re-queue deadline up to and including now. Every entry point
 * does this first; call it alone when a timer fires. */
void dispatch_advance(struct dispatch *d, int64_t now);
/* The next instant at which something falls due by time alone; INT64_MAX if nothing. */
int64_t dispatch_next_wake(const struct dispatch *d);

/* ---- what happened ---- */
enum dispatch_action_kind {
	DISPATCH_ASSIGN,  /* ticket given to agent_id */
	DISPATCH_REQUEUE, /* ticket taken from agent_id (absent past the grace, removed, or
	                     reassigned), before any new assignment of the same ticket */
};
struct dispatch_action {
	enum dispatch_action_kind kind;
	int64_t ticket_id;
	int64_t agent_id;
	int64_t at; /* the instant it happened: a time event's exact instant, else the call's now */
};
/* Actions since the last dispatch_actions_clear, in the order they happened. The array stays
 * valid until the next call into the engine. */
const struct dispatch_action *dispatch_actions(const struct dispatch *d, size_t *n);
void dispatch_actions_clear(struct dispatch *d);

/* ---- looking in ---- */
/* The ticket's assignee (0 if waiting) and whether it is in a queue; false if unknown. */
bool dispatch_ticket_state(const struct dispatch *d, int64_t ticket_id, int64_t *assignee,
                           bool *queued);
/* Why a waiting ticket waits, as things stand now (ASSIGN_OK if it is not waiting or
 * unknown). */
enum assign_why dispatch_ticket_why(const struct dispatch *d, int64_t ticket_id);
/* Tickets waiting in a group (0 for an unknown group). */
size_t dispatch_queue_length(const struct dispatch *d, int64_t group_id);
/* Position (0 = next) of a waiting ticket in its group's queue; -1 if not waiting. */
long dispatch_queue_position(const struct dispatch *d, int64_t ticket_id);
/* An agent's load and whether the engine counts them present (online and on shift). */
bool dispatch_agent_state(const struct dispatch *d, int64_t agent_id,
                          uint16_t load[CHANNEL_COUNT], bool *present);
size_t dispatch_ticket_count(const struct dispatch *d);
size_t dispatch_agent_count(const struct dispatch *d);

#endif
