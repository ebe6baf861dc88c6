/* sla_scheduler.c — SLA warnings and breaches recorded the instant they happen, and the breach
 * actions of the ticket's policy.
 *
 * Each open ticket has a timer row (store: sla_timers): when to look next and which thresholds
 * were already recorded. Looking means computing the ticket's clocks from its timeline
 * (sla_ticket_compute, the same computation the API shows) and recording every warning or breach
 * that has passed and is not yet recorded, each with its exact threshold instant (`at`), however
 * late the look came; then sla_next_event says when to look again. The dispatcher looks at a
 * ticket whenever it changed, and at every timer that falls due, inside its write job, so a
 * recorded breach and its actions commit together.
 *
 * Breach actions (per policy): raise the priority one step, an internal note that notifies the
 * group's supervisors (the note and the sla.breach event reach the console live), and reassign
 * (the dispatcher gives the ticket to someone else who can take it now). A ticket first seen
 * by the scheduler long after it was opened (it predates the scheduler, or was restored) has its
 * past thresholds recorded at their instants but no actions taken: raising the priority of a
 * week-old breach helps nobody. */
#include "api/api.h"

#include <stdio.h>
#include <string.h>

#include "core/sla_policy.h"
#include "core/ticket.h"
#include "util/clock.h"

static unsigned bit(enum sla_metric_id m, enum sla_fire_kind k)
{
	return 1u << (m * 2 + (k == SLA_FIRE_BREACH ? 1 : 0));
}

static const unsigned NR_BITS = 3u << (SLA_NEXT_RESPONSE * 2);

static bool record(struct db *w, struct arena *a, const struct ticket_row *t,
		   const struct sla_policy *p, int64_t policy_id, enum sla_metric_id m,
		   enum sla_fire_kind k, const struct sla_metric_status *st, int cycle)
{
	char at[RFC3339_MS_MAX], due[RFC3339_MS_MAX];
	int64_t when = k == SLA_FIRE_BREACH ? st->breached_at : st->warn_at;
	clock_format_rfc3339_ms(when, at);
	clock_format_rfc3339_ms(st->due_at, due);
	json_t *after = json_pack("{s:s, s:s, s:s, s:I, s:s, s:o}", "metric", sla_metric_name(m),
				  "at", at, "due_at", due, "target_seconds",
				  (json_int_t)(st->target_ms / 1000), "policy", p->name, "policy_id",
				  json_id(policy_id));
	if (m == SLA_NEXT_RESPONSE)
		json_object_set_new(after, "cycle", json_integer(cycle));
	struct actor sys = {"system", 0};
	bool ok = audit_append(w, a, &sys, k == SLA_FIRE_BREACH ? "sla.breach" : "sla.warning",
			       "ticket", t->id, t->id, NULL, after);
	json_decref(after);
	return ok;
}

/* Raise the priority and write the supervisors' note; *reassign says whether the dispatcher
 * must hand the ticket on. */
static bool breach_actions(struct db *w, struct arena *a, struct ticket_row *t, int64_t policy_id,
			   const struct sla_policy *p, enum sla_metric_id m, int64_t now,
			   bool *reassign)
{
	bool raise = false, notify = false, hand_on = false;
	struct actor sys = {"system", 0};
	sla_config_breach_actions(sla_config_current(w), policy_id, &raise, &notify, &hand_on);
	*reassign = *reassign || hand_on;
	enum ticket_priority prio = PRIO_NORMAL;
	ticket_priority_parse(t->priority, &prio);
	if (raise && prio < PRIO_URGENT) {
		json_t *before = json_pack("{s:s}", "priority", t->priority);
		t->priority = ticket_priority_name(prio + 1);
		t->updated_at = now;
		json_t *after = json_pack("{s:s, s:s}", "priority", t->priority, "reason", "sla_breach");
		bool ok = store_ticket_update(w, t) == DB_DONE &&
			  audit_append(w, a, &sys, "ticket.update", "ticket", t->id, t->id, before, after);
		json_decref(before);
		json_decref(after);
		if (!ok)
			return false;
	}
	if (notify) {
		struct message_row note = {
			.ticket_id = t->id,
			.kind = "note",
			.author_type = "system",
			.created_at = now,
			.body = arena_printf(a,
					     "SLA breach: %s target of policy \"%s\" missed. Supervisors: "
					     "please look at this ticket%s.",
					     sla_metric_name(m), p->name,
					     hand_on ? " (it is being reassigned)" : ""),
		};
		if (!add_message(w, a, &sys, &note))
			return false;
	}
	return true;
}

bool sla_timer_refresh(struct db *w, struct arena *a, struct ticket_row *t, int64_t now,
		       bool act, int64_t *first_due, bool *reassign)
{
	struct sla_timer_row tr = {.ticket_id = t->id};
	struct sla_result res;
	int64_t policy_id = 0;
	bool breached_now = false;

	*first_due = 0;
	store_sla_timer_get(w, t->id, &tr);
	const struct sla_policy *p = sla_ticket_compute(w, a, t, now, &res, &policy_id);
	if (res.next_response_cycles != tr.nr_cycle) {
		tr.fired &= ~(int64_t)NR_BITS;
		tr.nr_cycle = res.next_response_cycles;
	}
	for (int m = 0; m < SLA_METRIC_COUNT; m++) {
		const struct sla_metric_status *st = &res.metric[m];
		for (int k = SLA_FIRE_WARNING; k <= SLA_FIRE_BREACH; k++) {
			bool passed = k == SLA_FIRE_BREACH ? st->breached : st->warned;
			unsigned b = bit((enum sla_metric_id)m, (enum sla_fire_kind)k);
			if (!passed || (tr.fired & b))
				continue;
			tr.fired |= b;
			if (!record(w, a, t, p, policy_id, (enum sla_metric_id)m, (enum sla_fire_kind)k,
				    st, res.next_response_cycles))
				return false;
			if (k == SLA_FIRE_BREACH && act) {
				if (!breach_actions(w, a, t, policy_id, p, (enum sla_metric_id)m, now,
						    reassign))
					return false;
				breached_now = true;
			}
		}
	}
	/* A raised priority can tighten the policy: compute again before setting the timer. */
	if (breached_now)
		p = sla_ticket_compute(w, a, t, now, &res, &policy_id);
	struct sla_fire next;
	tr.wake_at = sla_next_event(&res, now, &next) ? next.wake_at : 0;
	const struct sla_metric_status *fr = &res.metric[SLA_FIRST_RESPONSE];
	if (fr->clock == SLA_CLOCK_RUNNING && fr->due_at != CALENDAR_NEVER)
		*first_due = fr->due_at;
	return store_sla_timer_put(w, &tr) == DB_DONE;
}
