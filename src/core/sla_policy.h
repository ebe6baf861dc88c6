/* sla_policy.h — SLA policies and the clocks they run: which targets apply to a ticket
 * (priority x VIP tier x channel, first matching policy wins), and, from the ticket's timeline,
 * where each metric stands at `now`: due, warned, breached, fulfilled, paused.
 *
 * Three metrics per ticket:
 *   first_response  from creation to the first public agent reply;
 *   next_response   from a customer message (after the first reply) to the next public agent
 *                   reply; each wait is one cycle, and the result describes the current or last;
 *   resolution      from creation to solved (a reopened ticket's clock carries on).
 * A clock counts business time only (the policy's calendar; NULL = 24/7) and only while the
 * ticket is active: it pauses while the ticket is pending (and on_hold when pause_on_hold), and
 * resumes when it is new or open again. While a ticket is solved or closed the response clocks
 * are stopped (a reopen resumes them), and the resolution clock is fulfilled (a reopen undoes it).
 *
 * Thresholds: a metric's target is reached the instant its consumed business time equals the
 * target; that instant is due_at, and breached_at when missed. A reply exactly at due_at is on
 * time (as in sla.h), so the breach becomes visible to sla_compute() from due_at + 1. Warnings
 * work the same way at warn_percent of the target. A scheduler therefore wakes at
 * sla_fire.wake_at (= threshold + 1), recomputes, and compares the warned/breached flags with
 * what it last recorded; the event it records carries the exact threshold, sla_fire.at.
 *
 * Pure: no I/O, no allocation, no clock reading; events and `now` come from the caller. */
#ifndef EXDESK_CORE_SLA_POLICY_H
#define EXDESK_CORE_SLA_POLICY_H
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/calendar.h"
#include "core/ticket.h"

#define SLA_TARGET_MAX_MS (INT64_C(366) * 24 * 3600 * 1000) /* a year of business time */
#define SLA_VIP_MAX_ANY   INT_MAX

enum sla_metric_id { SLA_FIRST_RESPONSE, SLA_NEXT_RESPONSE, SLA_RESOLUTION, SLA_METRIC_COUNT };
/* "first_response", "next_response", "resolution" */
const char *sla_metric_name(enum sla_metric_id m);

struct sla_targets {
	int64_t first_response_ms; /* business ms; 0 = no target */
	int64_t next_response_ms;
	int64_t resolution_ms;
	int warn_percent;                /* 1..99: warn at this share of a target; 0 = no warning */
	bool pause_on_hold;              /* on_hold pauses the clocks as pending does */
	const struct calendar *calendar; /* NULL = 24/7; not owned, must outlive every use */
};

enum sla_policy_err {
	SLA_POLICY_OK,
	SLA_POLICY_ERR_TARGET, /* a target below 0 or above SLA_TARGET_MAX_MS */
	SLA_POLICY_ERR_WARN,   /* warn_percent outside 0..99 */
	SLA_POLICY_ERR_VIP,    /* vip_min < 0 or vip_max < vip_min */
	SLA_POLICY_ERR_MATCH,  /* a priority or channel bit that names nothing */
};
const char *sla_policy_strerror(enum sla_policy_err e);

/* A policy applies when the ticket's priority is in `priorities`, its channel in `channels`
 * (bit masks of SLA_PRIO()/SLA_CHAN(); 0 = any) and its VIP tier (0 = not VIP) in
 * [vip_min, vip_max]; use vip_max = SLA_VIP_MAX_ANY for "and above". */
#define SLA_PRIO(p) (1u << (p))
#define SLA_CHAN(c) (1u << (c))
struct sla_policy {
	const char *name;
	uint32_t priorities;
	uint32_t channels;
	int vip_min, vip_max;
	struct sla_targets targets;
};

enum sla_policy_err sla_targets_validate(const struct sla_targets *t);
enum sla_policy_err sla_policy_validate(const struct sla_policy *p);

/* The first policy of the table that applies, in table order; sla_policy_fallback if none does
 * (so a desk with a table missing its catch-all still keeps the 10-minute first-reply rule). */
const struct sla_policy *sla_policy_select(const struct sla_policy *policies, size_t n,
                                           enum ticket_priority priority, int vip_tier,
                                           enum ticket_channel channel);
extern const struct sla_policy sla_policy_fallback;

/* Demo defaults (first / next response / resolution), 24/7, warning at 80%, in this order:
 *   vip-chat     chat or telegram, VIP tier >= 1     30 s / 1 min / 30 min
 *   urgent-chat  chat or telegram, urgent            30 s / 1 min / 30 min
 *   chat         chat or telegram                     1 min / 2 min / 1 h
 *   vip          any other channel, VIP tier >= 1     5 min / 15 min / 4 h
 *   urgent       any other channel, urgent            5 min / 30 min / 4 h
 *   standard     everything else (email, web, ...)   10 min / 1 h / 24 h */
extern const struct sla_policy sla_demo_policies[];
extern const size_t sla_demo_policy_count;

/* The ticket's timeline, in order of time (an event earlier than the one before counts as
 * simultaneous with it). CREATED comes first and carries the initial status; events before it
 * are ignored, and without it no clock starts. AGENT_REPLY means a public reply (internal notes
 * are not replies). Events after `now` are ignored. */
enum sla_event_kind {
	SLA_EV_CREATED,
	SLA_EV_STATUS, /* status: the new status */
	SLA_EV_CUSTOMER_MESSAGE,
	SLA_EV_AGENT_REPLY,
};
struct sla_event {
	int64_t at;
	enum sla_event_kind kind;
	enum ticket_status status;
};

enum sla_clock {
	SLA_CLOCK_NONE, /* no target */
	SLA_CLOCK_IDLE, /* not started (next_response before any customer wait) */
	SLA_CLOCK_RUNNING,
	SLA_CLOCK_PAUSED,    /* pending, or on_hold with pause_on_hold */
	SLA_CLOCK_STOPPED,   /* solved or closed without fulfilment */
	SLA_CLOCK_FULFILLED, /* replied, or (resolution) solved */
};
/* "none", "idle", "running", "paused", "stopped", "fulfilled" */
const char *sla_clock_name(enum sla_clock c);

struct sla_metric_status {
	enum sla_clock clock;
	int64_t target_ms;
	int64_t started_at; /* 0 if not started */
	/* The instants the clock reached its target and warning threshold if it has; otherwise
	 * where it will reach them if it keeps running (frozen at fulfilment for a fulfilled one);
	 * 0 while paused or stopped, as they depend on when it resumes. CALENDAR_NEVER if beyond
	 * the calendar's range. */
	int64_t due_at;
	int64_t warn_at;
	int64_t fulfilled_at; /* 0 if not fulfilled */
	int64_t breached_at;  /* == the due instant once missed, else 0 */
	int64_t elapsed_ms;   /* business time consumed at now (or at fulfilment) */
	int64_t remaining_ms; /* target - elapsed; negative once overdue */
	bool paused;
	bool warned;   /* the warning threshold passed while unfulfilled */
	bool breached; /* breached_at != 0 */
};

struct sla_result {
	struct sla_metric_status metric[SLA_METRIC_COUNT];
	int next_response_cycles;   /* customer waits started so far */
	int next_response_breaches; /* of which missed their target (the current one included) */
};

void sla_compute(const struct sla_targets *targets, const struct sla_event *events, size_t n,
                 int64_t now, struct sla_result *out);

enum sla_fire_kind { SLA_FIRE_WARNING, SLA_FIRE_BREACH };
struct sla_fire {
	int64_t wake_at; /* first ms at which sla_compute() reports it: at + 1 */
	int64_t at;      /* the exact threshold instant (warn_at or breached_at) */
	enum sla_metric_id metric;
	enum sla_fire_kind kind;
};
/* The earliest warning or breach still to come for the clocks as they stand in r (computed at
 * `now`), assuming no further events; false if none (every clock paused, stopped, fulfilled or
 * past its thresholds). Among simultaneous ones: metric order, warning first. */
bool sla_next_event(const struct sla_result *r, int64_t now, struct sla_fire *out);

#endif
