/* sim.h — private to test_dispatch_sim: what the simulation (test_dispatch_sim.c) and its world
 * (sim_world.c) share. The world owns the desk's fixed facts (groups, languages, channels, the
 * shift and office texts, the SLA policies), the PRNG, the event heap, and the generation of
 * the week: the agents with their comings and goings, and the tickets' arrival times. The
 * simulation owns everything that talks to the engine (dispatch.h) and the log the oracle
 * judges. Neither is seen by the oracle (sim_oracle.h), which judges the log alone. */
#ifndef EXDESK_TESTS_SIM_H
#define EXDESK_TESTS_SIM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/dispatch.h"
#include "core/shift.h"
#include "core/sla_policy.h"
#include "sim_oracle.h"

#define SEC  INT64_C(1000)
#define MIN  (60 * SEC)
#define HOUR (60 * MIN)
#define DAY  (24 * HOUR)

#define SIM_SEED     UINT64_C(0x20260105c0ffee42)
#define N_ROOTS      20000
#define MAX_CHILDREN 4000
#define N_AGENTS     60
#define MAX_SPECS    (N_AGENTS + 16)
#define GRACE_MS     (5 * MIN)
#define WEEK_START   INT64_C(1767571200000) /* Monday 2026-01-05 00:00 UTC */
#define WEEK_END     (WEEK_START + 7 * DAY)

/* ---- PRNG: xoshiro256** seeded by splitmix64 (sim_world.c) ---- */

struct rng {
	uint64_t s[4];
};

void rng_seed(struct rng *r, uint64_t seed);
double rng_unit(struct rng *r);
/* lo..hi inclusive */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
bool rng_chance(struct rng *r, double p);
int rng_weighted(struct rng *r, const int *w, int n);

/* Engine time events fall on even milliseconds, every other event on odd ones. */
static inline int64_t odd(int64_t t)
{
	return t | 1;
}

static inline int64_t even(int64_t t)
{
	return t & ~INT64_C(1);
}

/* ---- the desk (sim_world.c) ---- */

enum { G_ACCOUNT = 1, G_DEPOSIT, G_FUTURES, G_P2P, G_VIP, G_L2, G_EXPERT, G_COUNT };
extern const enum tier group_tier[G_COUNT];
extern const char *const products[4];
extern const int product_weight[4];
extern const char *const ticket_langs[9];
extern const int lang_weight[9];
extern const enum ticket_channel channels[4];
extern const int channel_weight[4];
extern const int priority_weight[PRIO_COUNT];
extern const char *const shift_texts[SIM_SHIFT_COUNT];

enum ev_kind {
	EV_ARRIVE,
	EV_PRESENCE,
	EV_AGENT_UPDATE,
	EV_WORK,        /* the assignee acts on the ticket (stamp: assignment generation) */
	EV_CUSTOMER,    /* the customer writes again (stamp: conversation turn) */
	EV_SOLVE,       /* the agent solves after the last reply (stamp: turn) */
	EV_CLOSE_STALE, /* nobody wrote back: automation solves (stamp: turn) */
	EV_REOPEN,      /* the customer reopens a solved ticket */
	EV_SLA,         /* the SLA scheduler's wake (stamp: the ticket's SLA version) */
};

struct event {
	int64_t t;
	uint64_t seq;
	int32_t id, arg;
	uint32_t stamp;
	enum ev_kind kind;
};

struct sim_agent {
	size_t spec; /* index of the current spec */
	enum agent_presence presence;
	int64_t presence_since;
	bool removed;
	int64_t last_assigned_at;
	const char *skills[2];
};

struct sim_ticket {
	int32_t id, parent, group;
	enum ticket_channel channel;
	enum ticket_priority priority;
	bool vip, open, awaiting, escalated, manual;
	int lang, product;
	enum ticket_status status;
	int32_t assignee;
	uint32_t gen, conv, sla_version;
	int rounds, max_rounds;
	int64_t created_at, due;
	const struct sla_policy *policy;
	struct sla_event *tl;
	size_t n_tl, cap_tl;
	bool rec_warn[SLA_METRIC_COUNT], rec_breach[SLA_METRIC_COUNT];
	int rec_next_warn, rec_next_breach; /* last next_response cycle recorded */
};

enum batch { BATCH_TIME, BATCH_CALL };

struct sim {
	struct rng world, run, mode;
	struct dispatch *d;
	struct shift shifts[SIM_SHIFT_COUNT];
	struct calendar office;
	struct sla_policy policies[6];
	struct sim_agent agents[N_AGENTS + 1];
	struct oracle_agent_spec specs[MAX_SPECS];
	size_t n_specs;
	struct sim_ticket *t;       /* by id */
	struct oracle_ticket *info; /* by id - 1 */
	size_t n_tickets;
	struct event *heap;
	size_t n_heap, cap_heap;
	uint64_t seq;
	struct simlog *log;
	size_t n_log, cap_log;
	bool implicit;       /* the current call advances the engine itself */
	bool leave_to_entry; /* the current event's first call may do so */
	int64_t engine_now;  /* the latest instant the engine was brought to */
	int64_t now;         /* the current event's instant */
	/* candidates for the oracle's self-checks: log indexes and what they are about */
	long c_offline, c_vip, c_breach, c_requeue, c_hold, c_remove, c_wait;
	int32_t c_offline_agent, c_vip_a, c_vip_b, c_hold_child;
	uint32_t *flagged; /* the real judgement's counter-examples, by ticket and check */
	/* figures */
	long n_events, n_calls, n_advance, n_entry_advance, n_assign, n_requeue, n_manual;
	long n_reassign, n_escalations, n_fires, n_reopens, n_moves;
	/* what the engine answered that dispatch.h does not allow, seen by the simulation itself */
	long n_complaints;
	char complaint[512];
};

/* ---- sim_world.c ---- */

/* calloc, or "not ok" and exit */
void *xcalloc_or_die(size_t n, size_t size);
/* p with room for twice *cap elements (1024 at first), or "not ok" and exit */
void *sim_grow(void *p, size_t *cap, size_t size);

/* The event heap, in (t, seq) order. sim_push drops events after the week and moves one in the
 * past to s->now (keeping its parity). */
void sim_push(struct sim *s, enum ev_kind kind, int64_t t, int32_t id, uint32_t stamp, int32_t arg);
struct event sim_pop(struct sim *s);

/* Parse the shift and office texts, build and validate the SLA policies; false after a
 * "not ok" line. */
bool world_setup(struct sim *s);
/* Print whether the shift texts (shift_active) and the oracle's own rules agree. */
void world_check_shift_texts(struct sim *s);
/* The agents' specs and their presence changes over the week (pushed as EV_PRESENCE). */
void world_gen_agents(struct sim *s);
/* N_ROOTS arrival instants (pushed as EV_ARRIVE). */
void world_gen_arrivals(struct sim *s);

#endif
