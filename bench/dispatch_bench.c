/* dispatch_bench.c — the routing decision as the server now makes it (issue 5, "Performance":
 * group and agent for a new ticket, p99 under 50 µs with 1,000 agents and 10,000 queued
 * tickets): rules, then the assignment engine (core/dispatch.h) that the dispatcher runs on the
 * store's writer thread, fed from the store.
 *
 * The desk is routing_bench's: this file includes routing_bench.c (its main renamed, never
 * called) for the ticket texts, the 100 rules and the 1,000 agents, so both benches measure
 * the same desk and a change to it reaches both.
 *
 * Part 1, the engine in memory. routing_bench's agents (1-3 languages, skills, capacity per
 * channel: chat 3-5, telegram 3, email 20-30, web 20; ~70% online) go to dispatch_agent_set,
 * all in ONE group (the worst case: no group narrows the candidates); those routing_bench has
 * off shift get a real shift (shift_parse) that is off at the bench's instant, and a quarter of
 * the others one that is on. Tickets then arrive with routing_bench's mix (channel, language,
 * VIP, priority, product; created in the last 2 hours, first response due 10 minutes after)
 * until 10,000 wait in the group's queue: by then every present agent is full on the channels
 * they come by (chat, telegram) or does not read their language; the tickets given to agents
 * on the way stay with them. Time stands still at that instant: no shift change or re-queue
 * deadline falls due while measuring. Per iteration:
 *   place       dispatch_ticket_set of a new ticket: given to an agent, or queued at its place;
 *               ->agent and ->queue are the same samples split by outcome
 *   unplace     dispatch_ticket_remove of that ticket (timed too): it leaves the queue, or its
 *               agent has room again and drains (finding nothing: nobody else changed)
 *   route       routing_match (100 rules), the first part of route+place
 *   route+place routing_match + place of the ticket it routed: the "group and agent"
 *               figure (the group is always the one group, whatever the rule names)
 *   free        a ticket held since the start is solved (dispatch_ticket_remove): its agent takes
 *               the best waiting ticket they can, then looks for more; restored untimed
 *   presence    a present agent goes offline and comes back (two dispatch_agent_presence calls,
 *               timed together); coming back drains
 *   arrive      an absent agent who is on shift comes online and takes what they can (often
 *               several chats at once); restored untimed
 *   baseline    memcpy of what a decision reads: the agent array (1,000 struct assign_agent) and
 *               one queue entry, as routing_bench's baseline (there with the ticket's text)
 *   qbase       memcpy of a whole queue (10,000 struct assign_ticket): what a drain that finds
 *               nothing reads. In a loop of its own after the others, as routing_bench keeps
 *               its queue scan apart, because it evicts the caches they run with.
 * Restoring puts every ticket back where it was (checked: queue length and ticket count never
 * drift), so every iteration sees the same desk.
 *
 * Part 2, with the store: a fresh data dir in /tmp (store_open: migrations, WAL,
 * synchronous=FULL), 10,000 open tickets of one group from 1,000 customers, each with 2-5
 * messages (customer and replies, routing_bench's texts) and their audit events (ticket.create,
 * message.create, the status changes a reply and an answer make), written as the API writes them
 * (store functions and audit_append inside store_write jobs, 500 tickets a job), then each
 * ticket's SLA timer set (sla_timer_refresh, as the dispatcher's backfill does). Then, on the
 * WRITER connection inside store_write jobs (where the dispatcher reads), for random tickets:
 *   get         store_ticket_get alone (the read's baseline)
 *   read        store_ticket_get + sla_ticket_compute: what the dispatcher reads per changed
 *               ticket to feed the engine (the ticket row; its customer's VIP tier; its messages
 *               and audit events for the SLA timeline)
 *   refresh     store_ticket_get + sla_timer_refresh: what it really does there (the read plus
 *               the timer row read and rewritten), without breach actions
 * and, from this thread, whole store_write round trips (what one dispatcher job costs before it
 * does anything):
 *   job         an empty job (queue, wake the writer, BEGIN, savepoint, COMMIT of nothing: no
 *               fsync)
 *   commit      a job writing one settings row: the same plus a durable WAL commit (fsync)
 * The data dir is removed at the end.
 *
 * Three rounds; each prints p50/p99 in µs, then the medians of the rounds and their ratios.
 *
 * Usage: dispatch_bench [--iterations N] [--reads N] [--commits N]
 *   (defaults per round: 10,000 engine iterations, 3,000 store reads of each kind, 200 round
 *   trips of each kind; 10-15 s in all on the 2-core box). Figures, not a test. */
#define main routing_bench_main
#include "routing_bench.c"
#undef main

#include <dirent.h>
#include <unistd.h>

#include "api/api.h"
#include "core/dispatch.h"
#include "core/shift.h"
#include "core/sla_policy.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"

#define GROUP         1
#define NOW           1795000000000 /* Wed 2026-11-18 11:06:40 UTC */
#define GRACE_MS      (2 * 60 * 1000)
#define MAX_FED       200000 /* setup tickets, held and waiting */
#define MAX_TAKEN     64
#define N_STORE       10000
#define N_CUSTOMERS   1000
#define SEED_BATCH    500
#define READS_PER_JOB 250

/* ---- part 1: the engine ---- */

/* Shifts as a desk would name them; whether each is on at NOW is computed, not assumed. */
static const char *const shift_texts[] = {
    "tz=Asia/Singapore; mon-fri 09:00-18:00",    "tz=Asia/Singapore; daily 18:00-03:00",
    "tz=Europe/Berlin; mon-fri 08:00-17:00",     "tz=Europe/Berlin; daily 22:00-06:00",
    "tz=America/New_York; weekdays 06:00-15:00", "tz=America/New_York; daily 15:00-23:00",
    "tz=Asia/Shanghai; weekend 09:00-21:00",     "tz=Europe/Istanbul; mon-sat 10:00-19:00",
};
#define N_SHIFTS (sizeof shift_texts / sizeof *shift_texts)

struct desk {
	struct dispatch *d;
	struct dispatch_ticket_spec *specs; /* by id, the setup's tickets */
	int64_t n_fed;
	int64_t *held; /* ids given to an agent during setup */
	size_t n_held;
	int64_t present[N_AGENTS]; /* online and on shift */
	size_t n_present;
	int64_t absent[N_AGENTS]; /* away or offline, on shift */
	enum agent_presence absent_was[N_AGENTS];
	size_t n_absent;
	size_t with_shift, on_shift;
};

static void fail(const char *what)
{
	fprintf(stderr, "dispatch_bench: %s\n", what);
	exit(1);
}

static enum ticket_priority some_priority(void)
{
	return rnd(20) == 0 ? PRIO_URGENT : rnd(5) == 0 ? PRIO_HIGH : PRIO_NORMAL;
}

static void ticket_spec(struct dispatch_ticket_spec *s, int64_t id, const struct input *x,
                        int64_t created)
{
	*s = (struct dispatch_ticket_spec){
	    .id = id,
	    .group_id = GROUP,
	    .channel = x->in.channel,
	    .priority = some_priority(),
	    .vip = x->in.vip_tier > 0,
	    .language = x->in.language,
	    .product = products[rnd(5)],
	    .sla_due_at = created + 600000,
	    .created_at = created,
	};
}

static void build_desk(struct desk *k, const struct assign_agent *src, const struct input *inputs)
{
	struct shift shifts[N_SHIFTS];
	size_t on[N_SHIFTS], off[N_SHIFTS], n_on = 0, n_off = 0;
	static const int64_t groups[] = {GROUP};

	for (size_t i = 0; i < N_SHIFTS; i++) {
		if (shift_parse(shift_texts[i], strlen(shift_texts[i]), &shifts[i], NULL) !=
		    CALENDAR_OK)
			fail(shift_texts[i]);
		if (shift_active(&shifts[i], NOW))
			on[n_on++] = i;
		else
			off[n_off++] = i;
	}
	if (n_on == 0 || n_off == 0)
		fail("the shift texts need one on and one off at NOW");
	k->d = dispatch_new(GRACE_MS);
	dispatch_group_set(k->d, GROUP, TIER_L1, NOW);
	for (size_t i = 0; i < N_AGENTS; i++) {
		const struct assign_agent *a = &src[i];
		const struct shift *sh = NULL;
		struct dispatch_agent_spec s = {
		    .id = a->id,
		    .presence = a->presence,
		    .presence_since = NOW - 3600000,
		    .tier = a->tier,
		    .vip_capable = a->vip_capable,
		    .languages = a->languages,
		    .n_languages = a->n_languages,
		    .skills = a->skills,
		    .n_skills = a->n_skills,
		    .groups = groups,
		    .n_groups = 1,
		    .last_assigned_at = a->last_assigned_at,
		};
		bool present;

		memcpy(s.max_load, a->max_load, sizeof s.max_load);
		if (!a->on_shift)
			sh = &shifts[off[rnd((uint32_t)n_off)]];
		else if (rnd(4) == 0)
			sh = &shifts[on[rnd((uint32_t)n_on)]];
		s.shift = sh;
		k->with_shift += sh != NULL;
		if (!dispatch_agent_set(k->d, &s, NOW))
			fail("dispatch_agent_set");
		dispatch_agent_state(k->d, a->id, NULL, &present);
		k->on_shift += a->on_shift;
		if (present)
			k->present[k->n_present++] = a->id;
		else if (a->on_shift) {
			k->absent_was[k->n_absent] = a->presence;
			k->absent[k->n_absent++] = a->id;
		}
	}
	/* Tickets arrive until 10,000 wait. */
	k->specs = calloc(MAX_FED + 1, sizeof *k->specs);
	k->held = calloc(MAX_FED, sizeof *k->held);
	for (int64_t id = 1; dispatch_queue_length(k->d, GROUP) < N_QUEUE; id++) {
		struct dispatch_ticket_spec *s = &k->specs[id];
		int64_t who = 0;

		if (id > MAX_FED)
			fail("the queue never filled");
		ticket_spec(s, id, &inputs[rnd(N_INPUTS)], NOW - rnd(7200000));
		if (!dispatch_ticket_set(k->d, s, NOW))
			fail("dispatch_ticket_set");
		dispatch_ticket_state(k->d, id, &who, NULL);
		if (who != 0)
			k->held[k->n_held++] = id;
		dispatch_actions_clear(k->d);
		k->n_fed = id;
	}
}

/* The ASSIGN actions since the last clear: the tickets an agent took. */
static size_t taken(struct dispatch *d, int64_t *out)
{
	size_t n, k = 0;
	const struct dispatch_action *v = dispatch_actions(d, &n);

	for (size_t i = 0; i < n; i++)
		if (v[i].kind == DISPATCH_ASSIGN && k < MAX_TAKEN)
			out[k++] = v[i].ticket_id;
		else if (v[i].kind != DISPATCH_ASSIGN)
			fail("an unexpected re-queue: time is not supposed to move");
	dispatch_actions_clear(d);
	return k;
}

/* Taken tickets go back to waiting: their agent is full again (or absent) and nobody else had
 * room for them, so each returns to its place in the queue. */
static void give_back(struct desk *k, const int64_t *ids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t who = -1;
		bool queued = false;

		dispatch_ticket_set(k->d, &k->specs[ids[i]], NOW);
		dispatch_ticket_state(k->d, ids[i], &who, &queued);
		if (who != 0 || !queued)
			fail("a taken ticket did not go back to the queue");
	}
	dispatch_actions_clear(k->d);
}

enum {
	D_PLACE,
	D_PLACE_AGENT,
	D_PLACE_QUEUE,
	D_UNPLACE,
	D_ROUTE,
	D_ROUTEPLACE,
	D_FREE,
	D_PRESENCE,
	D_ARRIVE,
	D_BASE,
	D_QBASE,
	D_TIMER,
	D_COUNT
};
static const char *const d_names[D_COUNT] = {"place",  "->agent",     "->queue", "unplace",
                                             "route",  "route+place", "free",    "presence",
                                             "arrive", "baseline",    "qbase",   "timer"};
static const int d_base[D_COUNT] = {D_BASE, D_BASE, D_BASE, D_BASE, D_BASE,  D_BASE,
                                    D_BASE, D_BASE, D_BASE, D_BASE, D_QBASE, D_BASE};

static void print_medians(const char *const *names, int count, const int *base,
                          double p50[][ROUNDS], double p99[][ROUNDS])
{
	for (int m = 0; m < count; m++) {
		qsort(p50[m], ROUNDS, sizeof(double), cmp_double);
		qsort(p99[m], ROUNDS, sizeof(double), cmp_double);
	}
	printf("median of %d rounds (µs):\n", ROUNDS);
	for (int m = 0; m < count; m++)
		printf("  %-11s p50 %9.2f   p99 %9.2f   ratio to %-8s p50 %7.2f  p99 %7.2f\n",
		       names[m], p50[m][ROUNDS / 2], p99[m][ROUNDS / 2], names[base[m]],
		       p50[m][ROUNDS / 2] / p50[base[m]][ROUNDS / 2],
		       p99[m][ROUNDS / 2] / p99[base[m]][ROUNDS / 2]);
}

static void engine_part(size_t iters, const struct input *inputs, struct assign_agent *agents)
{
	static struct assign_agent agents_copy[N_AGENTS];
	static struct assign_ticket qsrc[N_QUEUE], qdst[N_QUEUE];
	struct assign_ticket entry = {.id = 1}, entry_copy;
	struct routing_set set;
	struct arena arena;
	struct desk k = {0};
	double *v[D_COUNT], t0, t1, p50[D_COUNT][ROUNDS], p99[D_COUNT][ROUNDS];
	size_t nv[D_COUNT]; /* samples per round: iters, but a place goes one of two ways */
	size_t placed_to_agent = 0, freed_took = 0, arrived = 0, arrived_took = 0, n_tickets;
	int64_t next_id = 10000000;

	arena_init(&arena, 1 << 16);
	routing_set_init(&set, &arena, GROUP);
	build_rules(&set);
	must(routing_set_compile(&set), "compile");
	t0 = now_us();
	build_desk(&k, agents, inputs);
	t1 = now_us();
	n_tickets = dispatch_ticket_count(k.d);
	printf("engine: %d agents in one group (%zu present, %zu with a shift, %zu on shift), "
	       "%zu open tickets: %zu held, %zu waiting; built in %.0f ms (%zu iterations x %d "
	       "rounds)\n",
	       N_AGENTS, k.n_present, k.with_shift, k.on_shift, n_tickets, k.n_held,
	       dispatch_queue_length(k.d, GROUP), (t1 - t0) / 1e3, iters, ROUNDS);
	memset(qsrc, 1, sizeof qsrc);

	for (int m = 0; m < D_COUNT; m++)
		v[m] = calloc(iters, sizeof(double));
	for (int round = 0; round < ROUNDS; round++) {
		for (int m = 0; m < D_COUNT; m++)
			nv[m] = m == D_PLACE_AGENT || m == D_PLACE_QUEUE ? 0 : iters;
		for (size_t it = 0; it < iters; it++) {
			const struct input *x = &inputs[it % N_INPUTS];
			struct dispatch_ticket_spec s;
			struct routing_result out;
			int64_t ids[MAX_TAKEN], who = 0, ticket, agent;
			size_t n;
			uint32_t which;
			double a, b, c;

			/* baseline: copy what a decision reads */
			a = now_us();
			memcpy(agents_copy, agents, sizeof agents_copy);
			memcpy(&entry_copy, &entry, sizeof entry);
			b = now_us();
			sink += agents_copy[it % N_AGENTS].load[0] + (int)entry_copy.id;
			v[D_BASE][it] = b - a;

			a = now_us();
			b = now_us();
			v[D_TIMER][it] = b - a;

			/* place a new ticket, then solve it */
			ticket_spec(&s, next_id++, x, NOW);
			a = now_us();
			dispatch_ticket_set(k.d, &s, NOW);
			b = now_us();
			v[D_PLACE][it] = b - a;
			dispatch_ticket_state(k.d, s.id, &who, NULL);
			placed_to_agent += who != 0;
			if (who != 0)
				v[D_PLACE_AGENT][nv[D_PLACE_AGENT]++] = b - a;
			else
				v[D_PLACE_QUEUE][nv[D_PLACE_QUEUE]++] = b - a;
			dispatch_actions_clear(k.d);
			a = now_us();
			dispatch_ticket_remove(k.d, s.id, NOW);
			b = now_us();
			v[D_UNPLACE][it] = b - a;
			if (taken(k.d, ids) != 0)
				fail("solving a new ticket changed the rest of the desk");

			/* route + place (removal untimed); route alone is its first part */
			a = now_us();
			routing_match(&set, &x->in, &out);
			c = now_us();
			s = (struct dispatch_ticket_spec){
			    .id = next_id++,
			    .group_id = GROUP, /* the worst case, whatever group the rule names */
			    .channel = x->in.channel,
			    .priority = out.priority,
			    .vip = x->in.vip_tier > 0,
			    .language = x->in.language,
			    .product = products[it % 5],
			    .sla_due_at = NOW + 600000,
			    .created_at = NOW,
			};
			dispatch_ticket_set(k.d, &s, NOW);
			b = now_us();
			v[D_ROUTE][it] = c - a;
			v[D_ROUTEPLACE][it] = b - a;
			dispatch_actions_clear(k.d);
			dispatch_ticket_remove(k.d, s.id, NOW);
			dispatch_actions_clear(k.d);

			/* free: a held ticket is solved, its agent takes what waits */
			ticket = k.held[rnd((uint32_t)k.n_held)];
			dispatch_ticket_state(k.d, ticket, &agent, NULL);
			a = now_us();
			dispatch_ticket_remove(k.d, ticket, NOW);
			b = now_us();
			v[D_FREE][it] = b - a;
			n = taken(k.d, ids);
			freed_took += n;
			s = k.specs[ticket];
			s.assignee_id = agent;
			dispatch_ticket_set(k.d, &s, NOW);
			give_back(&k, ids, n);

			/* presence: away and back */
			agent = k.present[rnd((uint32_t)k.n_present)];
			a = now_us();
			dispatch_agent_presence(k.d, agent, PRESENCE_OFFLINE, NOW);
			dispatch_agent_presence(k.d, agent, PRESENCE_ONLINE, NOW);
			b = now_us();
			v[D_PRESENCE][it] = b - a;
			if (taken(k.d, ids) != 0)
				fail("an agent coming back found work nobody could take before");

			/* arrive: an absent agent comes online */
			which = rnd((uint32_t)k.n_absent);
			agent = k.absent[which];
			a = now_us();
			dispatch_agent_presence(k.d, agent, PRESENCE_ONLINE, NOW);
			b = now_us();
			v[D_ARRIVE][it] = b - a;
			n = taken(k.d, ids);
			dispatch_agent_presence(k.d, agent, k.absent_was[which], NOW);
			arrived_took += n;
			arrived += n > 0;
			give_back(&k, ids, n);
		}
		for (size_t it = 0; it < iters; it++) {
			double a, b;

			a = now_us();
			memcpy(qdst, qsrc, sizeof qdst);
			b = now_us();
			sink += (int)qdst[it % N_QUEUE].id;
			v[D_QBASE][it] = b - a;
		}
		if (dispatch_queue_length(k.d, GROUP) != N_QUEUE ||
		    dispatch_ticket_count(k.d) != n_tickets)
			fail("the desk drifted: restoring is broken");
		for (int m = 0; m < D_COUNT; m++) {
			p50[m][round] = pct(v[m], nv[m], 0.50);
			p99[m][round] = pct(v[m], nv[m], 0.99);
		}
		printf("round %d:", round + 1);
		for (int m = 0; m < D_COUNT; m++)
			printf("  %s p50 %.2f p99 %.2f", d_names[m], p50[m][round], p99[m][round]);
		printf("  (µs)\n");
	}
	print_medians(d_names, D_COUNT, d_base, p50, p99);
	printf("new tickets: %.1f%% given to an agent, the rest queued; a freed agent took %.2f "
	       "tickets on average; %.1f%% of arriving agents took work (%.2f tickets each)\n",
	       100.0 * (double)placed_to_agent / (double)(iters * ROUNDS),
	       (double)freed_took / (double)(iters * ROUNDS),
	       100.0 * (double)arrived / (double)(iters * ROUNDS),
	       arrived ? (double)arrived_took / (double)arrived : 0.0);
	printf("target: route+place p99 < 50 µs -> %s; every engine step (place, unplace, free, "
	       "presence, arrive) p99 < 50 µs -> %s\n",
	       p99[D_ROUTEPLACE][ROUNDS / 2] < 50.0 ? "met" : "NOT met",
	       p99[D_PLACE][ROUNDS / 2] < 50.0 && p99[D_UNPLACE][ROUNDS / 2] < 50.0 &&
	               p99[D_FREE][ROUNDS / 2] < 50.0 && p99[D_PRESENCE][ROUNDS / 2] < 50.0 &&
	               p99[D_ARRIVE][ROUNDS / 2] < 50.0
	           ? "met"
	           : "NOT met");
	for (int m = 0; m < D_COUNT; m++)
		free(v[m]);
	dispatch_free(k.d);
	free(k.specs);
	free(k.held);
	arena_free(&arena);
}

/* ---- part 2: with the store ---- */

struct seed {
	const struct input *inputs;
	int64_t group_id;
	int64_t customers[N_CUSTOMERS];
	int64_t *ids;
	size_t n, want;
	int64_t now;
};

/* audit_append stamps events with clock_now_ms(): move the clock so a ticket's history is
 * stamped when it happened, not when the bench wrote it. */
static void clock_at(int64_t at)
{
	clock_set_offset(0);
	clock_set_offset(at - clock_now_ms());
}

static int seed_people(struct db *w, void *ctx)
{
	struct seed *sd = ctx;
	struct group_row g = {.name = "bench",
	                      .tier = "L1",
	                      .languages = "",
	                      .product_area = "",
	                      .created_at = sd->now,
	                      .updated_at = sd->now};

	if (store_group_insert(w, &g) != DB_DONE)
		return JOB_FAILED;
	sd->group_id = g.id;
	for (size_t i = 0; i < N_CUSTOMERS; i++) {
		struct customer_row c = {.name = "Customer",
		                         .language = lang_pool[rnd(N_LANGS)],
		                         .vip_tier = rnd(20) == 0 ? (int)(1 + rnd(5)) : 0,
		                         .created_at = sd->now,
		                         .updated_at = sd->now};
		if (store_customer_insert(w, &c) != DB_DONE)
			return JOB_FAILED;
		sd->customers[i] = c.id;
	}
	return STORE_JOB_OK;
}

static bool set_status(struct db *w, struct arena *a, struct ticket_row *t, const char *to,
                       int64_t at)
{
	json_t *before = json_pack("{s:s}", "status", t->status);
	json_t *after = json_pack("{s:s}", "status", to);
	bool ok;

	t->status = to;
	t->updated_at = at;
	clock_at(at + 1); /* the event is stamped just after its message, as in the API */
	ok = audit_append(w, a, &(struct actor){"agent", 0}, "ticket.update", "ticket", t->id,
	                  t->id, before, after);
	json_decref(before);
	json_decref(after);
	return ok;
}

/* One batch of tickets, each with its history, as the API would have written it. */
static int seed_tickets(struct db *w, void *ctx)
{
	struct seed *sd = ctx;
	struct arena a;
	int rc = JOB_FAILED;

	arena_init(&a, 1 << 16);
	for (size_t i = 0; i < SEED_BATCH && sd->n < sd->want; i++) {
		const struct input *x = &sd->inputs[rnd(N_INPUTS)];
		int64_t at = sd->now - 600000 - rnd(7200000),
		        cust = sd->customers[rnd(N_CUSTOMERS)];
		size_t msgs = 2 + rnd(4);
		struct ticket_row t = {
		    .subject = x->subject,
		    .status = "new",
		    .priority = ticket_priority_name(some_priority()),
		    .channel = ticket_channel_name(x->in.channel),
		    .language = x->in.language,
		    .category = x->in.category,
		    .customer_id = cust,
		    .group_id = sd->group_id,
		    .vip = x->in.vip_tier > 0,
		    .created_at = at,
		    .updated_at = at,
		};
		json_t *after;
		int64_t due;
		bool ok, reassign = false;

		t.number = store_counter_next(w, "ticket_number");
		if (!t.number || store_ticket_insert(w, &t) != DB_DONE)
			goto out;
		after = ticket_audit_json(&t);
		clock_at(at);
		ok = audit_append(w, &a, &(struct actor){"customer", cust}, "ticket.create",
		                  "ticket", t.id, t.id, NULL, after);
		json_decref(after);
		for (size_t m = 0; ok && m < msgs; m++) {
			bool reply = m % 2 == 1;
			struct message_row msg = {
			    .ticket_id = t.id,
			    .kind = reply ? "reply" : "customer",
			    .author_type = reply ? "agent" : "customer",
			    .author_id = reply ? 0 : cust,
			    .body = sd->inputs[rnd(N_INPUTS)].body,
			    .created_at = at,
			};
			clock_at(at);
			ok = add_message(w, &a, &(struct actor){msg.author_type, msg.author_id},
			                 &msg);
			if (ok && reply) {
				if (!t.first_reply_at)
					t.first_reply_at = at;
				ok = set_status(w, &a, &t, "pending", at);
			} else if (ok && m > 0) {
				ok = set_status(w, &a, &t, "open", at);
			}
			at += 60000 + rnd(900000);
		}
		clock_set_offset(0);
		if (!ok || store_ticket_update(w, &t) != DB_DONE ||
		    !sla_timer_refresh(w, &a, &t, sd->now, false, &due, &reassign))
			goto out;
		sd->ids[sd->n++] = t.id;
		arena_free(&a);
	}
	rc = STORE_JOB_OK;
out:
	clock_set_offset(0);
	arena_free(&a);
	return rc;
}

enum { S_GET, S_READ, S_REFRESH, S_JOB, S_COMMIT, S_TIMER, S_COUNT };
static const char *const s_names[S_COUNT] = {"get", "read", "refresh", "job", "commit", "timer"};
static const int s_base[S_COUNT] = {S_GET, S_GET, S_GET, S_COMMIT, S_COMMIT, S_GET};

struct read_job {
	const int64_t *ids;
	size_t n_ids, from, n;
	double *v[S_COUNT];
	size_t found;
};

static int read_run(struct db *w, void *ctx)
{
	struct read_job *j = ctx;
	int64_t now = clock_now_ms();

	for (size_t i = j->from; i < j->from + j->n; i++) {
		struct ticket_row t;
		struct sla_result res = {0};
		struct arena a;
		int64_t pid, due;
		bool reassign = false, ok;
		double x, y;

		arena_init(&a, 1 << 16);
		x = now_us();
		ok = store_ticket_get(w, &a, j->ids[rnd((uint32_t)j->n_ids)], &t);
		y = now_us();
		j->v[S_GET][i] = y - x;
		j->found += ok;
		arena_free(&a);

		x = now_us();
		y = now_us();
		j->v[S_TIMER][i] = y - x;

		x = now_us();
		ok = store_ticket_get(w, &a, j->ids[rnd((uint32_t)j->n_ids)], &t);
		if (ok)
			sla_ticket_compute(w, &a, &t, now, &res, &pid);
		y = now_us();
		j->v[S_READ][i] = y - x;
		j->found += ok;
		sink += res.next_response_cycles;
		arena_free(&a);

		x = now_us();
		ok = store_ticket_get(w, &a, j->ids[rnd((uint32_t)j->n_ids)], &t) &&
		     sla_timer_refresh(w, &a, &t, now, false, &due, &reassign);
		y = now_us();
		j->v[S_REFRESH][i] = y - x;
		j->found += ok;
		arena_free(&a);
	}
	return STORE_JOB_OK;
}

static int empty_run(struct db *w, void *ctx)
{
	(void)w;
	(void)ctx;
	return STORE_JOB_OK;
}

static int commit_run(struct db *w, void *ctx)
{
	char value[32];

	snprintf(value, sizeof value, "%zu", *(size_t *)ctx);
	return store_setting_set(w, "bench.dispatch", value) ? STORE_JOB_OK : JOB_FAILED;
}

static void remove_dir(const char *dir)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char path[512];

	while (dp != NULL && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (dp != NULL)
		closedir(dp);
	if (rmdir(dir) != 0)
		fprintf(stderr, "dispatch_bench: could not remove %s\n", dir);
}

static void store_part(size_t reads, size_t commits, const struct input *inputs)
{
	char dir[] = "/tmp/dispatch_bench.XXXXXX";
	struct store *st;
	struct seed *sd = calloc(1, sizeof *sd);
	double *v[S_COUNT], t0, t1, t2, p50[S_COUNT][ROUNDS], p99[S_COUNT][ROUNDS];
	size_t found = 0, n_rt = reads > commits ? reads : commits;

	if (mkdtemp(dir) == NULL)
		fail("mkdtemp");
	if (store_open(dir, &st) != DB_OK)
		fail("store_open");
	sd->inputs = inputs;
	sd->want = N_STORE;
	sd->ids = calloc(N_STORE, sizeof *sd->ids);
	sd->now = clock_now_ms();
	t0 = now_us();
	if (store_write(st, seed_people, sd) != STORE_JOB_OK)
		fail("seeding people");
	while (sd->n < sd->want)
		if (store_write(st, seed_tickets, sd) != STORE_JOB_OK)
			fail("seeding tickets");
	t1 = now_us();
	printf("store: %s, %zu tickets with their messages, audit events and SLA timers written in "
	       "%.1f s (%d tickets a job)\n",
	       dir, sd->n, (t1 - t0) / 1e6, SEED_BATCH);

	for (int m = 0; m < S_COUNT; m++)
		v[m] = calloc(n_rt, sizeof(double));
	for (int round = 0; round < ROUNDS; round++) {
		struct read_job j = {.ids = sd->ids, .n_ids = sd->n};

		for (int m = 0; m < S_COUNT; m++)
			j.v[m] = v[m];
		t0 = now_us();
		for (j.from = 0; j.from < reads; j.from += j.n) {
			j.n = reads - j.from < READS_PER_JOB ? reads - j.from : READS_PER_JOB;
			if (store_write(st, read_run, &j) != STORE_JOB_OK)
				fail("read job");
		}
		found += j.found;
		t1 = now_us();
		for (size_t i = 0; i < commits; i++) {
			double a, b;

			a = now_us();
			if (store_write(st, empty_run, NULL) != STORE_JOB_OK)
				fail("empty job");
			b = now_us();
			v[S_JOB][i] = b - a;
			a = now_us();
			if (store_write(st, commit_run, &i) != STORE_JOB_OK)
				fail("commit job");
			b = now_us();
			v[S_COMMIT][i] = b - a;
		}
		t2 = now_us();
		for (int m = 0; m < S_COUNT; m++) {
			size_t n = m == S_JOB || m == S_COMMIT ? commits : reads;
			p50[m][round] = pct(v[m], n, 0.50);
			p99[m][round] = pct(v[m], n, 0.99);
		}
		printf("round %d (reads %.1f s, round trips %.1f s):", round + 1, (t1 - t0) / 1e6,
		       (t2 - t1) / 1e6);
		for (int m = 0; m < S_COUNT; m++)
			printf("  %s p50 %.2f p99 %.2f", s_names[m], p50[m][round], p99[m][round]);
		printf("  (µs)\n");
	}
	print_medians(s_names, S_COUNT, s_base, p50, p99);
	printf("%zu of %zu reads found their ticket; reads on the writer connection inside "
	       "store_write jobs of %d\n",
	       found, reads * 3 * ROUNDS, READS_PER_JOB);
	for (int m = 0; m < S_COUNT; m++)
		free(v[m]);
	store_close(st);
	remove_dir(dir);
	free(sd->ids);
	free(sd);
}

int main(int argc, char **argv)
{
	static struct assign_agent agents[N_AGENTS];
	static const char *agent_langs[N_AGENTS][3];
	static struct input inputs[N_INPUTS];
	size_t iters = 10000, reads = 3000, commits = 200;
	double t0 = now_us();

	for (int i = 1; i + 1 < argc; i += 2) {
		size_t n = (size_t)strtoul(argv[i + 1], NULL, 10);
		if (strcmp(argv[i], "--iterations") == 0)
			iters = n;
		else if (strcmp(argv[i], "--reads") == 0)
			reads = n;
		else if (strcmp(argv[i], "--commits") == 0)
			commits = n;
	}
	if (iters < 100)
		iters = 100;
	if (reads < 100)
		reads = 100;
	if (commits < 10)
		commits = 10;
	log_set_level(LOG_WARN);
	/* routing_bench's desk, built in its order from its seed */
	for (size_t i = 0; i < N_LANGS; i++)
		lang_pool[i] = langs[i].tag;
	for (size_t i = 0; i < N_INPUTS; i++)
		make_input(&inputs[i]);
	build_agents(agents, agent_langs);

	engine_part(iters, inputs, agents);
	store_part(reads, commits, inputs);
	printf("dispatch_bench: %.1f s\n", (now_us() - t0) / 1e6);
	return 0;
}
