/* sla.c — a ticket's response targets as the API shows them: the policy that applies (by
 * priority, VIP and channel, among the admins' stored policies: sla_config.c), and
 * per metric the due, warning, fulfilled and breached instants, computed from the ticket's own
 * timeline — created, every status change (from its audit trail), every customer message and
 * public reply — so pauses in pending count exactly and nothing is stored twice. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/sla_policy.h"
#include "core/ticket.h"
#include "util/clock.h"

#include <stdio.h>

#define MAX_TIMELINE 2000 /* messages of one ticket considered; beyond it the oldest are kept */

/* At the same instant: creation; a status change that resumes (to new or open); messages; other
 * status changes (a reply that solves the ticket answers before solving stops the clocks). A
 * message and the status change of its transaction can also be a millisecond apart (the audit
 * event is stamped after the message); the reply fulfils the first response either way. */
struct timed {
	struct sla_event ev;
	int order;
};

static int timed_cmp(const void *pa, const void *pb)
{
	const struct timed *a = pa, *b = pb;
	if (a->ev.at != b->ev.at)
		return a->ev.at < b->ev.at ? -1 : 1;
	return a->order - b->order;
}

/* The status an audit event's `after` sets, if it changes it. */
static bool status_change(const struct event_row *e, enum ticket_status *to)
{
	if (!e->after || !strstr(e->after, "\"status\"") ||
	    (strcmp(e->action, "ticket.update") != 0 && strcmp(e->action, "ticket.create") != 0))
		return false;
	json_t *after = json_loads(e->after, 0, NULL);
	json_t *before = e->before ? json_loads(e->before, 0, NULL) : NULL;
	const char *s = json_string_value(json_object_get(after, "status"));
	const char *was = json_string_value(json_object_get(before, "status"));
	bool changed = s && (!was || strcmp(s, was) != 0) && ticket_status_parse(s, to);
	json_decref(after);
	json_decref(before);
	return changed;
}

/* Reads only the instants: message times (no bodies) and the few events that carry a status,
 * so a ticket with a long conversation costs a short index walk on every write that shows it. */
static size_t timeline(struct db *db, struct arena *a, const struct ticket_row *t,
		       struct timed **out)
{
	struct message_time *msgs;
	size_t nm = store_message_times(db, a, t->id, MAX_TIMELINE, &msgs);
	struct event_row *evs;
	size_t ne = store_event_status_candidates(db, a, t->id, &evs);
	struct timed *tl = arena_alloc(a, (1 + nm + ne) * sizeof *tl);
	size_t n = 0;
	tl[n++] = (struct timed){{.at = t->created_at, .kind = SLA_EV_CREATED, .status = TICKET_NEW}, 0};
	for (size_t i = 0; i < nm; i++)
		tl[n++] = (struct timed){{.at = msgs[i].at,
					  .kind = msgs[i].from_customer ? SLA_EV_CUSTOMER_MESSAGE
									: SLA_EV_AGENT_REPLY},
					 2};
	for (size_t i = 0; i < ne; i++) {
		enum ticket_status to;
		if (status_change(&evs[i], &to))
			tl[n++] = (struct timed){{.at = evs[i].created_at, .kind = SLA_EV_STATUS, .status = to},
						 to == TICKET_NEW || to == TICKET_OPEN ? 1 : 3};
	}
	qsort(tl, n, sizeof *tl, timed_cmp);
	*out = tl;
	return n;
}

/* SLA instants keep their milliseconds ("2026-11-23T08:00:10.481Z"): a console that turns a
 * countdown red at due_at must not do it up to a second before the server counts the breach. */
static json_t *time_or_null(int64_t ms)
{
	if (!ms || ms == CALENDAR_NEVER)
		return json_null();
	char out[RFC3339_MS_MAX];
	clock_format_rfc3339_ms(ms, out);
	return json_string(out);
}

static json_t *metric_json(const struct sla_metric_status *m)
{
	if (m->clock == SLA_CLOCK_NONE)
		return json_null();
	return json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:I}", "clock", sla_clock_name(m->clock),
			 "target_seconds", (json_int_t)(m->target_ms / 1000), "due_at",
			 time_or_null(m->due_at), "warn_at", time_or_null(m->warn_at), "fulfilled_at",
			 time_or_null(m->fulfilled_at), "breached_at", time_or_null(m->breached_at),
			 "remaining_seconds", (json_int_t)(m->remaining_ms / 1000));
}

const struct sla_policy *sla_ticket_compute(struct db *db, struct arena *a,
					   const struct ticket_row *t, int64_t now,
					   struct sla_result *res, int64_t *policy_id)
{
	enum ticket_priority prio = PRIO_NORMAL;
	enum ticket_channel ch = CHANNEL_API;
	ticket_priority_parse(t->priority, &prio);
	ticket_channel_parse(t->channel, &ch);
	/* The customer's current tier, as the ticket's `vip` shows it; the ticket's own flag only
	 * if the customer is gone. */
	int tier = store_customer_vip_tier(db, t->customer_id);
	if (tier < 0)
		tier = t->vip ? 1 : 0;
	const struct sla_policy *p =
		sla_config_select(sla_config_current(db), prio, tier, ch, policy_id);
	struct timed *tl;
	size_t n = timeline(db, a, t, &tl);
	struct sla_event *ev = arena_alloc(a, (n ? n : 1) * sizeof *ev);
	for (size_t i = 0; i < n; i++)
		ev[i] = tl[i].ev;
	sla_compute(&p->targets, ev, n, now, res);
	return p;
}

json_t *render_sla(struct db *db, struct arena *a, const struct ticket_row *t, int64_t now)
{
	int64_t policy_id;
	struct sla_result res;
	const struct sla_policy *p = sla_ticket_compute(db, a, t, now, &res, &policy_id);
	json_t *o = json_pack("{s:s, s:o}", "policy", p->name, "policy_id", json_id(policy_id));
	for (int m = 0; m < SLA_METRIC_COUNT; m++)
		json_object_set_new(o, sla_metric_name((enum sla_metric_id)m), metric_json(&res.metric[m]));
	/* first_reply: the name the API had before policies; the first response metric. */
	json_object_set(o, "first_reply", json_object_get(o, "first_response"));
	return o;
}
