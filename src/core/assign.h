/* assign.h — who in a group takes a ticket, which waiting ticket an agent takes when they have
 * room, and which live conversations go back to the queue when their agent leaves.
 *
 * Owns the eligibility and preference rules of agent selection and the order of a group queue.
 * Never claims anything: the caller hands over a snapshot of agents and tickets, and the store
 * claims atomically what is picked here (a lost race means pick again). Pure: no I/O, no
 * allocation, no clock (times are passed in, milliseconds since the epoch).
 *
 * Decisions, and why:
 *   - Only agents online and on shift are given work. "Away" keeps what it has but gets nothing
 *     new.
 *   - Language is required. An agent's tag covers a ticket's tag and its subtags ("zh" takes
 *     zh-CN and zh-TW, "zh-TW" only zh-TW), as routing languages do. An agent with no languages
 *     listed takes any language: the data model's default ('' = any, as for groups), and a
 *     single-language desk need not configure anything. A ticket of unknown language suits anyone.
 *   - Product skill is preferred, not required: groups are already cut by product area, so a
 *     skill inside a group is a refinement; requiring it would strand tickets in a group where
 *     nobody listed the skill. Same for VIP: a VIP ticket goes to a VIP-capable agent if one
 *     has room, else to anyone eligible, rather than wait.
 *   - The ticket's minimum tier is required (an escalated ticket needs L2 or expert).
 *   - Capacity is per channel: max_load[ch] is the most tickets of channel ch an agent holds at
 *     once (concurrent chats for chat, open tickets for email and the others); 0 means the agent
 *     takes none of that channel. The load ratio compared is the ticket's channel's, so a full
 *     email inbox does not stop someone answering chats, which is what the two caps are for. */
#ifndef EXDESK_CORE_ASSIGN_H
#define EXDESK_CORE_ASSIGN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/perm.h"
#include "core/ticket.h"

enum agent_presence { PRESENCE_ONLINE, PRESENCE_AWAY, PRESENCE_OFFLINE, PRESENCE_COUNT };

/* "online", "away", "offline" as in the agents table and the API. */
const char *agent_presence_name(enum agent_presence p);
bool agent_presence_parse(const char *s, enum agent_presence *out);

/* What every pick reads comes first: all of it but skills lies in the first 64 bytes, so a scan
 * over a large group reads little more than it needs. */
struct assign_agent {
	int64_t id;
	enum agent_presence presence;
	enum tier tier;
	bool on_shift; /* computed by the caller from the agent's shift (shift.h) */
	bool vip_capable;
	uint16_t max_load[CHANNEL_COUNT];
	uint16_t load[CHANNEL_COUNT];
	uint16_t n_languages, n_skills;
	int64_t last_assigned_at;     /* 0 = never: round robin starts with them */
	const char *const *languages; /* normalised BCP 47 tags; none = any language */
	const char *const *skills;    /* product areas ("futures", "p2p", ...) */
	/* for re-queueing only */
	int64_t presence_since;  /* when presence took its current value */
	int64_t off_shift_since; /* when the current off-shift stretch began (if !on_shift) */
};

struct assign_ticket {
	int64_t id;
	enum ticket_channel channel;
	enum ticket_priority priority;
	bool vip;
	enum tier min_tier;   /* TIER_L1 = anyone */
	const char *language; /* NULL or "" = unknown */
	const char *product;  /* NULL or "" = no product area */
	int64_t sla_due_at;   /* 0 = no target */
	int64_t created_at;
};

/* Why no agent was picked: the furthest step any agent of the group got to, so the answer
 * names what a supervisor would have to change. */
enum assign_why {
	ASSIGN_OK,
	ASSIGN_NO_AGENTS,     /* the group has nobody */
	ASSIGN_NO_ONE_ONLINE, /* nobody online and on shift */
	ASSIGN_NO_CHANNEL,    /* nobody available takes this channel (capacity 0) */
	ASSIGN_NO_TIER,       /* nobody available has the tier the ticket needs */
	ASSIGN_NO_LANGUAGE,   /* nobody available reads the ticket's language */
	ASSIGN_AT_CAPACITY,   /* someone could take it and all of them are full: it waits */
	ASSIGN_WHY_COUNT
};
const char *assign_why_name(enum assign_why w); /* "no_one_online", "at_capacity", ... */

/* Does agent tag `agent` cover ticket tag `ticket`? Case-insensitive, on subtag boundaries. */
bool assign_language_covers(const char *agent, const char *ticket);

/* Could this agent take this ticket now: online, on shift, the channel taken and not full,
 * the tier, the language? (Preferences do not enter.) */
bool assign_agent_can_take(const struct assign_agent *a, const struct assign_ticket *t);

/* The agent for ticket t among agents[0..n), or -1 with *why saying what is missing (why may
 * be NULL). Among those who can take it: a VIP-capable agent for a VIP ticket, then one with the
 * ticket's product skill, then the lowest load/max_load on the ticket's channel (compared exactly,
 * no floating point), then the longest since last assigned (round robin), then the lowest id,
 * so the same snapshot always gives the same answer. One pass, no allocation. */
int assign_pick(const struct assign_agent *agents, size_t n, const struct assign_ticket *t,
                enum assign_why *why);

/* The same pick over pointers to agents (an engine's group holds pointers into its own agent
 * records), never choosing the agent avoid_id (0 = no one to avoid; an avoided agent who alone
 * could take the ticket counts as unavailable in *why). */
int assign_pick_among(const struct assign_agent *const *agents, size_t n,
                      const struct assign_ticket *t, int64_t avoid_id, enum assign_why *why);

/* Queue order, for qsort-style use: <0 when a is served before b. VIP first, then higher
 * priority (urgent, high, normal, low), then the earlier SLA due time (a ticket without one after
 * every ticket with one), then the older, then the lower id. Total: equal only for the same id. */
int assign_queue_cmp(const struct assign_ticket *a, const struct assign_ticket *b);
void assign_queue_sort(struct assign_ticket *queue, size_t n);

/* When agent a frees capacity (or comes online): the index of the first ticket in queue[0..n)
 * it can take, or -1. The queue must be in assign_queue_cmp order (assign_queue_sort, or kept
 * sorted on insert); the scan stops at the first ticket this agent can take. */
int assign_next_for_agent(const struct assign_ticket *queue, size_t n,
                          const struct assign_agent *a);

/* Channels of live conversations, which need someone present: chat and telegram. Email, web
 * form and API tickets stay with their owner across an absence. */
bool assign_channel_is_live(enum ticket_channel c);

/* When agent a's live conversations are due back in the queue: *at = grace_ms after they went
 * offline or off shift (whichever came first, if both). Away is not an absence. Returns false
 * (and leaves *at alone) when the agent is present and nothing will come due; the scheduler sets
 * its timer for *at. A negative grace counts as 0. */
bool assign_requeue_at(const struct assign_agent *a, int64_t grace_ms, int64_t *at);

/* Of agent a's open tickets open[0..n), those to re-queue at `now`: the live ones, once
 * assign_requeue_at has passed. Writes their indexes to out (room for n) in order; returns how
 * many. */
size_t assign_requeue_due(const struct assign_agent *a, const struct assign_ticket *open, size_t n,
                          int64_t grace_ms, int64_t now, size_t *out);

#endif
