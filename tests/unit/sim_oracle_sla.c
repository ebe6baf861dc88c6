/* sim_oracle_sla.c — the oracle's SLA and escalation checks (see sim_oracle.h): passes over the
 * whole log of their own, apart from the replay in sim_oracle.c. Each ticket's SLA timeline is
 * read back from the log and the warnings and breaches sla_policy.h promises are computed with
 * the oracle's own arithmetic (o_measure); the escalation check follows parents and children. */
#include <stdio.h>
#include <stdlib.h>

#include "sim_oracle_internal.h"

/* ---- check 5: SLA instants ---- */

static const char *const metric_names[3] = {"first_response", "next_response", "resolution"};

struct expect {
	int metric, cycle, kind; /* kind: 0 warning, 1 breach */
	int64_t at;
	bool matched;
};

/* One ticket's timeline as the oracle reads it: event j's instant and kind, and the status in
 * force after it (event 0 is the creation); the warnings and breaches it expects. */
struct timeline {
	const struct oracle_ticket *ti;
	int64_t *at;
	uint16_t *kind;
	enum ticket_status *st;
	size_t n;
	int64_t end;
	struct expect *x;
	size_t n_x;
};

static bool active(enum ticket_status s, bool pause_on_hold)
{
	switch (s) {
	case TICKET_PENDING:
	case TICKET_SOLVED:
	case TICKET_CLOSED:
		return false;
	case TICKET_ON_HOLD:
		return !pause_on_hold;
	default:
		return true;
	}
}

/* The instant a clock counting in the gaps after events [from, to) while the ticket is active
 * reaches `need` ms; 0 if it does not before the end. */
static int64_t reach_of(const struct timeline *tl, size_t from, size_t to, int64_t need)
{
	int64_t left = need, reach;

	for (size_t j = from; j < to && need > 0; j++) {
		int64_t a = tl->at[j], b = j + 1 < tl->n ? tl->at[j + 1] : tl->end;
		if (b > tl->end)
			b = tl->end;
		if (!active(tl->st[j], tl->ti->pause_on_hold) || b <= a)
			continue;
		left -= o_measure(tl->ti->office_hours, a, b, left, &reach);
		if (left == 0)
			return reach;
	}
	return 0;
}

/* A cycle of metric m counting from event `from` until event `to` (n: still counting): its
 * warning and breach are expected if reached before the end, unless met at the very instant
 * `on_time` (a reply exactly at the due time, a solve never undone). */
static void expect_cycle(struct timeline *tl, int m, int cycle, size_t from, size_t to,
                         int64_t on_time)
{
	int64_t target = tl->ti->target_ms[m];

	for (int k = 0; k < 2; k++) {
		int64_t at =
		    reach_of(tl, from, to, k ? target : target * tl->ti->warn_percent / 100);
		if (at != 0 && at < tl->end && at != on_time)
			tl->x[tl->n_x++] = (struct expect){m, cycle, k, at, false};
	}
}

/* What sla_policy.h promises for one ticket, from its timeline alone. */
static void expect_ticket(struct timeline *tl)
{
	enum ticket_status cur = TICKET_NEW;
	int64_t done_at = 0; /* the last move into solved/closed, while it holds */
	size_t first_reply = 0, open_cycle = 0;
	int cycles = 0;

	for (size_t j = 0; j < tl->n; j++) {
		if (j > 0 && tl->kind[j] == SL_STATUS) {
			bool was_done = cur == TICKET_SOLVED || cur == TICKET_CLOSED;
			cur = tl->st[j];
			if (cur != TICKET_SOLVED && cur != TICKET_CLOSED)
				done_at = 0;
			else if (!was_done)
				done_at = tl->at[j];
		}
		tl->st[j] = cur;
	}
	/* next response: a cycle from each customer message after the first reply while none is
	 * open, to the next reply */
	for (size_t j = 1; j < tl->n; j++) {
		if (tl->kind[j] == SL_AGENT_REPLY && first_reply == 0) {
			first_reply = j;
		} else if (tl->kind[j] == SL_AGENT_REPLY && open_cycle != 0) {
			expect_cycle(tl, 1, cycles, open_cycle, j, tl->at[j]);
			open_cycle = 0;
		} else if (tl->kind[j] == SL_CUSTOMER_MSG && first_reply != 0 && open_cycle == 0 &&
		           tl->ti->target_ms[1] > 0) {
			open_cycle = j;
			cycles++;
		}
	}
	if (open_cycle != 0)
		expect_cycle(tl, 1, cycles, open_cycle, tl->n, 0);
	expect_cycle(tl, 0, 0, 0, first_reply ? first_reply : tl->n,
	             first_reply ? tl->at[first_reply] : 0);
	expect_cycle(tl, 2, 0, 0, tl->n, done_at);
}

static bool timeline_kind(uint16_t k)
{
	return k == SL_STATUS || k == SL_CUSTOMER_MSG || k == SL_AGENT_REPLY;
}

void o_check_sla_instants(struct oracle *o)
{
	const struct oracle_input *in = o->in;
	size_t nt = in->n_tickets, *ev0 = o_alloc((nt + 2) * sizeof *ev0);
	size_t *fire0 = o_alloc((nt + 2) * sizeof *fire0), *fill = o_alloc((nt + 2) * sizeof *fill);
	size_t *fill2 = o_alloc((nt + 2) * sizeof *fill2), n_ev = 0, n_fire = 0;
	const struct simlog **ev, **fires;
	long n_recorded = 0, by_kind[3][2] = {{0}};
	char ts[32], t1[32];

	/* every ticket's timeline entries and recorded fires, in log order */
	for (size_t i = 0; i < in->n_log; i++) {
		const struct simlog *e = &in->log[i];
		if (ticket_ok(o, e->a) && timeline_kind(e->kind))
			ev0[e->a + 1]++, n_ev++;
		else if (ticket_ok(o, e->a) && e->kind == SL_SLA_FIRE)
			fire0[e->a + 1]++, n_fire++;
	}
	for (size_t id = 1; id <= nt + 1; id++) {
		ev0[id] += ev0[id - 1];
		fire0[id] += fire0[id - 1];
	}
	ev = o_alloc((n_ev + 1) * sizeof *ev);
	fires = o_alloc((n_fire + 1) * sizeof *fires);
	for (size_t i = 0; i < in->n_log; i++) {
		const struct simlog *e = &in->log[i];
		if (ticket_ok(o, e->a) && timeline_kind(e->kind))
			ev[ev0[e->a] + fill[e->a]++] = e;
		else if (ticket_ok(o, e->a) && e->kind == SL_SLA_FIRE)
			fires[fire0[e->a] + fill2[e->a]++] = e;
	}

	for (size_t id = 1; id <= nt; id++) {
		size_t n = ev0[id + 1] - ev0[id] + 1;
		struct timeline tl = {
		    .ti = &in->tickets[id - 1],
		    .at = o_alloc(n * sizeof *tl.at),
		    .kind = o_alloc(n * sizeof *tl.kind),
		    .st = o_alloc(n * sizeof *tl.st),
		    .n = n,
		    .end = in->end,
		    .x = o_alloc((6 * n + 6) * sizeof *tl.x),
		};

		tl.at[0] = tl.ti->created_at;
		for (size_t j = 1; j < n; j++) {
			const struct simlog *e = ev[ev0[id] + j - 1];
			tl.at[j] = e->t;
			tl.kind[j] = e->kind;
			tl.st[j] = (enum ticket_status)e->c;
		}
		expect_ticket(&tl);
		for (size_t f = fire0[id]; f < fire0[id + 1]; f++) {
			const struct simlog *r = fires[f];
			int m = r->c / 2 % 3, kind = r->c % 2;
			size_t k = 0;
			n_recorded++;
			while (k < tl.n_x && !(tl.x[k].metric == m && tl.x[k].cycle == r->b &&
			                       tl.x[k].kind == kind))
				k++;
			if (k == tl.n_x || tl.x[k].matched || tl.x[k].at != r->x)
				o_fail(
				    o, OC_SLA, (int32_t)id, 0, r->x,
				    "ticket %zu: %s %s (cycle %d) recorded at %s; the oracle %s %s",
				    id, metric_names[m], kind ? "breach" : "warning", r->b,
				    sim_time(r->x, ts),
				    k == tl.n_x       ? "expects none"
				    : tl.x[k].matched ? "had it recorded already, at"
				                      : "computes",
				    k == tl.n_x ? "" : sim_time(tl.x[k].at, t1));
			if (k < tl.n_x)
				tl.x[k].matched = true;
		}
		for (size_t k = 0; k < tl.n_x; k++) {
			by_kind[tl.x[k].metric][tl.x[k].kind]++;
			if (!tl.x[k].matched)
				o_fail(o, OC_SLA, (int32_t)id, 0, tl.x[k].at,
				       "ticket %zu: %s %s (cycle %d) due at %s was never recorded",
				       id, metric_names[tl.x[k].metric],
				       tl.x[k].kind ? "breach" : "warning", tl.x[k].cycle,
				       sim_time(tl.x[k].at, ts));
		}
		free(tl.at);
		free(tl.kind);
		free(tl.st);
		free(tl.x);
	}
	o_pass(
	    o, OC_SLA,
	    "%zu tickets' timelines: %ld warnings and breaches recorded, each at the instant the "
	    "oracle computes, none missing (warned/breached: first response %ld/%ld, next response "
	    "%ld/%ld, resolution %ld/%ld)",
	    nt, n_recorded, by_kind[0][0], by_kind[0][1], by_kind[1][0], by_kind[1][1],
	    by_kind[2][0], by_kind[2][1]);
	free(ev0);
	free(fire0);
	free(fill);
	free(fill2);
	free(ev);
	free(fires);
}

/* ---- check 6: escalations ---- */

void o_check_escalations(struct oracle *o)
{
	const struct oracle_input *in = o->in;
	size_t nt = in->n_tickets;
	enum ticket_status *status = o_alloc((nt + 1) * sizeof *status);
	int32_t *open_child = o_alloc((nt + 1) * sizeof *open_child);
	bool *created = o_alloc((nt + 1) * sizeof *created), *awaiting_reopen;
	long n_children = 0, n_deep = 0, n_reopened = 0;
	char ts[32];

	awaiting_reopen = o_alloc((nt + 1) * sizeof *awaiting_reopen);
	for (size_t id = 1; id <= nt; id++)
		status[id] = TICKET_NEW;
	/* links: every child's parent is an older ticket, and the chain ends at a root */
	for (size_t id = 1; id <= nt; id++) {
		const struct oracle_ticket *ti = &in->tickets[id - 1];
		int32_t p = ti->parent;
		int depth = 0;
		if (p == 0)
			continue;
		n_children++;
		while (p != 0 && depth < 8) {
			if (!ticket_ok(o, p) || info(o, p)->created_at > ti->created_at) {
				o_fail(
				    o, OC_ESCALATION, (int32_t)id, 0, ti->created_at,
				    "ticket %zu links to parent %d, which is not an older ticket",
				    id, p);
				break;
			}
			p = info(o, p)->parent;
			depth++;
		}
		if (depth >= 8)
			o_fail(o, OC_ESCALATION, (int32_t)id, 0, ti->created_at,
			       "ticket %zu: its parent chain does not end at a root", id);
		if (depth >= 2)
			n_deep++;
	}
	for (size_t i = 0; i < in->n_log; i++) {
		const struct simlog *e = &in->log[i];
		int32_t id = e->a, p;
		if (!ticket_ok(o, id))
			continue;
		p = info(o, id)->parent;
		switch (e->kind) {
		case SL_TICKET_SET:
			if (created[id])
				break;
			created[id] = true;
			if (p == 0)
				break;
			if (status[p] != TICKET_ON_HOLD)
				o_fail(o, OC_ESCALATION, id, 0, e->t,
				       "child %d created at %s while its parent %d was %s", id,
				       sim_time(e->t, ts), p, ticket_status_name(status[p]));
			else if (open_child[p] != 0)
				o_fail(o, OC_ESCALATION, id, 0, e->t,
				       "child %d created while parent %d already has open child %d",
				       id, p, open_child[p]);
			open_child[p] = id;
			break;
		case SL_STATUS:
			if (open_child[id] != 0 && e->c != TICKET_ON_HOLD)
				o_fail(o, OC_ESCALATION, id, 0, e->t,
				       "parent %d became %s at %s while its child %d was open", id,
				       ticket_status_name((enum ticket_status)e->c),
				       sim_time(e->t, ts), open_child[id]);
			if (awaiting_reopen[id]) {
				if (e->c != TICKET_OPEN)
					o_fail(
					    o, OC_ESCALATION, id, 0, e->t,
					    "parent %d went %s at %s after its child was solved, "
					    "not open",
					    id, ticket_status_name((enum ticket_status)e->c),
					    sim_time(e->t, ts));
				else
					n_reopened++;
				awaiting_reopen[id] = false;
			}
			if ((e->c == TICKET_SOLVED || e->c == TICKET_CLOSED) && p != 0 &&
			    open_child[p] == id) {
				/* the child is done: its parent's next move is to reopen */
				open_child[p] = 0;
				awaiting_reopen[p] = true;
			}
			status[id] = (enum ticket_status)e->c;
			break;
		case SL_TICKET_REMOVE:
			if (open_child[id] != 0)
				o_fail(o, OC_ESCALATION, id, 0, e->t,
				       "parent %d removed at %s while its child %d was open", id,
				       sim_time(e->t, ts), open_child[id]);
			break;
		default:
			break;
		}
	}
	/* at the end: a parent whose child is done has reopened; one whose child is open holds */
	for (size_t id = 1; id <= nt; id++) {
		if (awaiting_reopen[id])
			o_fail(o, OC_ESCALATION, (int32_t)id, 0, in->end,
			       "parent %zu never reopened after its child was solved", id);
		else if (open_child[id] != 0 && status[id] != TICKET_ON_HOLD)
			o_fail(o, OC_ESCALATION, (int32_t)id, 0, in->end,
			       "parent %zu is %s at the end while child %d is open", id,
			       ticket_status_name(status[id]), open_child[id]);
	}
	o_pass(
	    o, OC_ESCALATION,
	    "%ld escalation children (%ld two levels deep) link to an older parent up to a root; "
	    "each parent was on_hold while its child was open and reopened after (%ld reopens)",
	    n_children, n_deep, n_reopened);
	free(status);
	free(open_child);
	free(created);
	free(awaiting_reopen);
}
