/* sim_oracle.h — the judge of test_dispatch_sim: the simulation writes down everything it told
 * the assignment engine and everything the engine answered (one flat log in the order it
 * happened), and the oracle replays that log with its own arithmetic to decide whether the
 * engine kept the promises of dispatch.h and whether the simulation's SLA scheduler fired every
 * warning and breach at the instant sla_policy.h says.
 *
 * Independence is the point: the oracle never calls assign_*, dispatch_*, sla_*, shift_* or the
 * calendar's business-time functions, and parses nothing. The Singapore offset (UTC+8, no DST),
 * the shifts and the office-hours calendar are plain rules in sim_oracle.c; the language rule
 * ("zh" covers "zh-CN"), the queue order and the waiting reasons are its own code too. Only the
 * enums of ticket.h, assign.h and perm.h are shared, and the names of channels, statuses and
 * tiers (ticket.h, perm.h) for its messages.
 *
 * Ordering contract of the log (test_dispatch_sim.c writes it so):
 *   - entries are in the order things happened, their times never decrease;
 *   - a call into the engine is one entry (SL_GROUP .. SL_REASSIGN) followed by the actions it
 *     caused, each of which must be stamped with the call's instant;
 *   - actions the engine took because time passed (shift changes, re-queue deadlines) follow an
 *     SL_ADVANCE marker (an explicit dispatch_advance) or an SL_ENTRY_ADVANCE marker (the next
 *     call brought the engine to its instant by itself) and may carry any instant up to the
 *     marker's. All time events of the engine fall on even milliseconds and every call made
 *     without an explicit advance on an odd one, so the two kinds never share an instant. */
#ifndef EXDESK_TESTS_SIM_ORACLE_H
#define EXDESK_TESTS_SIM_ORACLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/assign.h"
#include "core/perm.h"
#include "core/ticket.h"

#define SIM_MAX_LANGS  4
#define SIM_MAX_GROUPS 4
#define ORACLE_MSG_MAX 640
#define ORACLE_AGENTS  128 /* agent ids are 1..ORACLE_AGENTS-1 */
#define ORACLE_GROUPS  16  /* group ids are 1..ORACLE_GROUPS-1 */

/* Shifts by number: the simulation parses their text with shift_parse, the oracle has its own
 * rule for each (sim_oracle.c). */
enum sim_shift {
	SIM_SHIFT_NONE,
	SIM_SHIFT_DAY,
	SIM_SHIFT_NIGHT,
	SIM_SHIFT_EVENING,
	SIM_SHIFT_COUNT
};

enum simlog_kind {
	SL_NOP, /* a deleted entry (the oracle's self-checks doctor logs this way) */
	/* calls into the engine */
	SL_GROUP,         /* a = group, c = min tier */
	SL_AGENT,         /* a = agent, b = index into oracle_input.specs */
	SL_AGENT_REMOVE,  /* a = agent */
	SL_PRESENCE,      /* a = agent, c = presence */
	SL_TICKET_SET,    /* a = ticket, b = assignee given (0 = none) */
	SL_TICKET_REMOVE, /* a = ticket */
	SL_REASSIGN,      /* a = ticket */
	/* markers */
	SL_ADVANCE,       /* dispatch_advance(t) */
	SL_ENTRY_ADVANCE, /* the call that follows (at t) advances the engine itself */
	/* what the engine answered */
	SL_ACTION, /* a = ticket, b = agent, c = enum dispatch_action_kind; t = its `at` */
	/* the ticket's life, as its SLA timeline holds it */
	SL_STATUS,       /* a = ticket, c = new status */
	SL_CUSTOMER_MSG, /* a = ticket */
	SL_AGENT_REPLY,  /* a = ticket (public reply; an escalation child's work counts as one) */
	/* the simulation's SLA scheduler: a = ticket, b = cycle (next_response: 1, 2, ...; else 0),
	 * c = metric * 2 + (0 warning, 1 breach), x = the threshold instant; t = when recorded */
	SL_SLA_FIRE,
	/* the engine's own view at the end */
	SL_FINAL_TICKET, /* a = ticket, b = assignee, c = known | queued << 1 | why << 2,
	                    x = queue position (-1 if not waiting) */
	SL_FINAL_AGENT,  /* a = agent, c = known | present << 1, x = load[ch] << (10 * ch) */
	SL_FINAL_COUNTS, /* a = dispatch_ticket_count, b = dispatch_agent_count */
	SL_FINAL_QUEUE,  /* a = group, b = dispatch_queue_length */
};

struct simlog {
	int64_t t; /* when; for SL_ACTION the action's `at` */
	int64_t x;
	int32_t a, b;
	int32_t c;
	uint16_t kind;
};

/* A ticket as the simulation created it (ids are 1..n, index id - 1); never changes. */
struct oracle_ticket {
	int64_t created_at;
	int64_t sla_due_at; /* as given to the engine (queue order) */
	int32_t group;
	int32_t parent; /* escalation parent, 0 for a root */
	enum ticket_channel channel;
	enum ticket_priority priority;
	bool vip;
	const char *language;
	/* the SLA targets the simulation's policy table gave it */
	int64_t target_ms[3]; /* first response, next response, resolution; 0 = none */
	int warn_percent;
	bool pause_on_hold;
	bool office_hours; /* Singapore mon-fri 09:00-18:00, else 24/7 */
};

/* An agent as one dispatch_agent_set gave it. */
struct oracle_agent_spec {
	int32_t id;
	enum tier tier;
	bool vip_capable;
	uint16_t max_load[CHANNEL_COUNT];
	const char *languages[SIM_MAX_LANGS]; /* none = any */
	int n_languages;
	int32_t groups[SIM_MAX_GROUPS];
	int n_groups;
	enum sim_shift shift;
	enum agent_presence presence;
	int64_t presence_since;
};

struct oracle_input {
	const struct simlog *log;
	size_t n_log;
	const struct oracle_ticket *tickets;
	size_t n_tickets;
	const struct oracle_agent_spec *specs;
	size_t n_specs;
	int64_t start, end; /* the simulated stretch; the state at `end` is the final one */
	int64_t grace_ms;
	/* 0, or the only ticket whose counter-examples count (the self-checks ask whether the one
	 * ticket they doctored is reported, whatever else the log holds) */
	int32_t focus_ticket;
	bool verbose; /* print every counter-example as a "# " line, not only the first */
	/* NULL, or n_tickets + 1 words: bit c of [id] set when ticket id is in a counter-example
	 * of check c */
	uint32_t *flagged;
};

enum oracle_check {
	OC_TIME,       /* actions stamped in order, within their call */
	OC_ELIGIBLE,   /* 1: nobody assigned who could not take the ticket */
	OC_CONSERVE,   /* 2: never twice, never lost, never waiting while someone had room */
	OC_VIP,        /* 3: no VIP overtaken */
	OC_REQUEUE,    /* 4: live conversations back in the queue at absent_since + grace */
	OC_SLA,        /* 5: every warning and breach at its instant */
	OC_ESCALATION, /* 6: parents on hold while their child is open, reopened after */
	OC_MANUAL,     /* a manual assignment stays whatever the agent's presence or capacity */
	OC_REASSIGN,   /* a reassigned ticket goes to someone else when anyone else can take it */
	OC_FINAL,      /* the engine's final view: states, loads, queue order, reasons */
	OC_COUNT
};

struct oracle_result {
	bool ok[OC_COUNT];
	char msg[OC_COUNT][ORACLE_MSG_MAX]; /* counts when ok, the first counter-example if not */
	/* the first counter-example's ticket, agent and instant (0 if none), for the self-checks */
	int32_t ticket[OC_COUNT], agent[OC_COUNT];
	int64_t at[OC_COUNT];
	long failures[OC_COUNT]; /* counter-examples found in all (an instant or an entry each) */
};

/* Replays in->log and fills *out. The oracle allocates only for its own use and frees it all. */
void oracle_judge(const struct oracle_input *in, struct oracle_result *out);

/* The check's name for an output line ("eligibility", ...). */
const char *oracle_check_name(enum oracle_check c);

/* "2026-01-07T03:12:45.123Z" into buf (>= 32 bytes); returns buf. */
const char *sim_time(int64_t ms, char *buf);

/* The oracle's own rules, exposed for the simulation's self-test of its shift texts: is an
 * agent on the numbered shift at t? (SIM_SHIFT_NONE is always on.) */
bool oracle_shift_on(enum sim_shift s, int64_t t);

#endif
