/* sim_oracle_internal.h — private to the oracle's files (sim_oracle.c, sim_oracle_sla.c): its own
 * picture of the desk (agents, tickets, groups, as the replay of the log builds them) and the
 * helpers both files use to read the input and report. Like sim_oracle.h says, nothing here
 * calls the engine: no assign_*, dispatch_*, sla_* or shift_* function. */
#ifndef EXDESK_TESTS_SIM_ORACLE_INTERNAL_H
#define EXDESK_TESTS_SIM_ORACLE_INTERNAL_H
#include "sim_oracle.h"

#define SEC  INT64_C(1000)
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)
/* Asia/Singapore has kept UTC+8 since 1982. */
#define SGT (8 * HOUR)

#define NEVER INT64_MAX
#define LANGS 32 /* distinct ticket languages the oracle can index */

struct o_agent {
	bool exists;
	const struct oracle_agent_spec *spec;
	enum agent_presence presence;
	int64_t presence_since;
	uint16_t load[CHANNEL_COUNT];
	int32_t *held; /* tickets held */
	size_t n_held, cap_held;
	bool covers[LANGS];
	bool in_group[ORACLE_GROUPS];
};

struct o_ticket {
	bool open, ever, manual;
	int32_t assignee;
	int32_t qpos, hpos; /* index in its group's queue / its assignee's held list; -1 */
	int lang;           /* -1 = unknown */
	const struct simlog *queued_by; /* the call that put it in the queue (NULL: time) */
};

struct o_group {
	enum tier min_tier;
	int32_t *q;
	size_t n, cap;
	uint32_t count[CHANNEL_COUNT]
	              [LANGS + 1]; /* waiting by channel and language + 1 (0 = unknown) */
	uint32_t chan[CHANNEL_COUNT];
	int32_t members[ORACLE_AGENTS];
	size_t n_members;
};

struct oracle {
	const struct oracle_input *in;
	struct oracle_result *out;
	struct o_agent agents[ORACLE_AGENTS];
	struct o_group groups[ORACLE_GROUPS];
	struct o_ticket *t;
	const char *langs[LANGS];
	int n_langs;
	int64_t *bounds; /* every shift boundary in the stretch, ascending */
	size_t n_bounds, next_bound;
	int64_t now;
	/* the call whose actions are coming, or none (then actions are time-driven) */
	const struct simlog *call;
	int64_t bound;         /* latest instant a time-driven action may carry */
	int32_t removed_agent; /* an agent removed by the current call: must end up holding none */
	int32_t reassigned_from; /* the agent a reassign call took its ticket from */
	/* counts for the summaries */
	long n_engine_assign, n_manual, n_requeue_absent, n_requeue_removed, n_requeue_reassign;
	long n_checkpoints, n_vip_checked, n_from_queue, n_reassign_same, n_reassign_other;
	long n_manual_live_kept, n_manual_taken;
	long n_solved, n_open_assigned, n_open_waiting;
	long why_count[ASSIGN_WHY_COUNT];
};

static inline const struct oracle_ticket *info(const struct oracle *o, int32_t id)
{
	return &o->in->tickets[id - 1];
}

static inline bool ticket_ok(const struct oracle *o, int32_t id)
{
	return id >= 1 && (size_t)id <= o->in->n_tickets;
}

/* A counter-example of check c (the first one is kept in o->out, each is counted). */
__attribute__((format(printf, 6, 7))) void o_fail(struct oracle *o, enum oracle_check c,
                                                  int32_t ticket, int32_t agent, int64_t at,
                                                  const char *fmt, ...);
/* Check c's summary, unless it already failed. */
__attribute__((format(printf, 3, 4))) void o_pass(struct oracle *o, enum oracle_check c,
                                                  const char *fmt, ...);
/* calloc, or "not ok" and exit */
void *o_alloc(size_t n);
/* Countable time: see sim_oracle.c. */
int64_t o_measure(bool office, int64_t a, int64_t b, int64_t need, int64_t *reach);

/* check 5 and check 6, sim_oracle_sla.c: separate passes over the whole log */
void o_check_sla_instants(struct oracle *o);
void o_check_escalations(struct oracle *o);

#endif
