/* seed.c — `exdesk seed-demo`: a desk that looks lived-in, built through the real API.
 *
 * Every group, agent, ticket, reply and status change is made by calling the same handlers
 * that serve HTTP (with an in-process request acting as the demo admin), so the demo data has
 * the same audit trail, numbers and invariants as production data. The clock is shifted back
 * for each ticket so ages and SLA figures look real. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/mail.h"
#include "api/people.h"
#include "api/recovery.h"
#include "cli/cli.h"
#include "demo/demo_data.h"
#include "demo/demo_kb.h"
#include "demo/demo_macros.h"
#include "util/clock.h"
#include "util/log.h"

#define DEMO_PASSWORD "exdesk-demo"
#define MINUTE_MS (60LL * 1000)

struct seed {
	struct store *st;
	struct arena a; /* names and ids that live for the whole run */
	struct agent_row admin;
	int calls, failures;
};

/* Call one API handler in-process as `as` (an agent row), with an optional JSON body.
 * Returns the parsed answer (caller decrefs) or NULL if the status was not `want`. */
static json_t *call(struct seed *s, const struct agent_row *as, http_handler h, const char *param,
		    json_t *body, int want)
{
	struct request r = {.store = s->st, .method = body ? "POST" : "GET",
			    .content_type = "application/json"};
	arena_init(&r.arena, 8192);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (text) {
		r.body = text;
		r.body_len = strlen(text);
	}
	if (param) {
		r.params[0] = param;
		r.n_params = 1;
	}
	auth_principal_from_agent(&r, as);
	h(&r);
	s->calls++;
	json_t *out = NULL;
	if (r.status == want) {
		out = r.resp_len ? json_loadb(r.resp_body, r.resp_len, 0, NULL) : json_object();
	} else {
		s->failures++;
		log_event(LOG_WARN, "seed_call_failed", "status=%d body=%.300s", r.status,
			  r.resp_body ? r.resp_body : "");
	}
	free(text);
	arena_free(&r.arena);
	return out;
}

static int64_t group_id_by_name(struct seed *s, const char *name)
{
	struct group_row g;
	return store_group_get_by_name(store_reader(s->st), &s->a, name, &g) ? g.id : 0;
}

static bool agent_by_email(struct seed *s, const char *email, struct agent_row *out)
{
	return email && store_agent_get_by_email(store_reader(s->st), &s->a, email, out);
}

static void seed_people(struct seed *s)
{
	for (size_t i = 0; i < demo_groups_count; i++) {
		const struct demo_group *g = &demo_groups[i];
		json_t *body = json_pack("{s:s, s:s, s:o, s:b, s:s}", "name", g->name, "tier", g->tier,
					 "languages", split_list(g->languages), "vip", g->vip,
					 "product_area", g->product_area);
		json_decref(call(s, &s->admin, h_group_create, NULL, body, 201));
	}
	for (size_t i = 0; i < demo_agents_count; i++) {
		const struct demo_agent *d = &demo_agents[i];
		json_t *groups = json_array();
		for (json_t *names = split_list(d->groups); names; json_decref(names), names = NULL) {
			size_t k;
			json_t *n;
			json_array_foreach(names, k, n)
			{
				int64_t id = group_id_by_name(s, json_string_value(n));
				if (id)
					json_array_append_new(groups, json_integer(id));
			}
		}
		struct agent_row existing;
		if (agent_by_email(s, d->email, &existing)) { /* the admin, made first */
			json_decref(groups);
			continue;
		}
		json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b}", "email",
					 d->email, "name", d->name, "role", d->role, "tier", d->tier,
					 "groups", groups, "languages", split_list(d->languages),
					 "password", DEMO_PASSWORD, "shift", d->shift, "vip_capable",
					 strstr(d->groups, "VIP") != NULL);
		if (d->max_chats > 0)
			json_object_set_new(body, "max_chats", json_integer(d->max_chats));
		json_decref(call(s, &s->admin, h_agent_create, NULL, body, 201));
	}
}

static void seed_ticket(struct seed *s, const struct demo_ticket *t, int64_t now)
{
	int64_t at = now - (int64_t)t->age_minutes * MINUTE_MS;
	clock_set_offset(at - now);
	json_t *req = json_pack("{s:s, s:s, s:i}", "name", t->customer_name, "language",
				t->language, "vip_tier", t->vip_tier);
	if (t->customer_email)
		json_object_set_new(req, "email", json_string(t->customer_email));
	if (t->exchange_uid)
		json_object_set_new(req, "exchange_uid", json_string(t->exchange_uid));
	json_t *body = json_pack("{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:I}", "subject", t->subject,
				 "body", t->messages[0].body, "requester", req, "channel",
				 t->channel, "priority", t->priority, "category", t->category,
				 "tags", split_list(t->tags), "group_id",
				 (json_int_t)group_id_by_name(s, t->group));
	json_t *created = call(s, &s->admin, h_ticket_create, NULL, body, 201);
	if (!created)
		return;
	char id[24];
	snprintf(id, sizeof id, "%lld",
		 (long long)json_integer_value(json_object_get(json_object_get(created, "ticket"), "id")));
	json_decref(created);

	struct agent_row assignee;
	const struct agent_row *author = &s->admin;
	if (agent_by_email(s, t->assignee_email, &assignee)) {
		clock_set_offset(at + 2 * MINUTE_MS - now);
		json_decref(call(s, &s->admin, h_ticket_patch, id,
				 json_pack("{s:I}", "assignee_id", (json_int_t)assignee.id), 200));
		author = &assignee;
	}
	/* Later messages a few minutes apart, never past now. */
	for (size_t i = 1; i < t->n_messages; i++) {
		int64_t when = at + (int64_t)(i * 7 + 3) * MINUTE_MS;
		if (when > now)
			when = now;
		clock_set_offset(when - now);
		const struct demo_message *m = &t->messages[i];
		http_handler h = !strcmp(m->kind, "reply")  ? h_ticket_reply
				 : !strcmp(m->kind, "note") ? h_ticket_note
							    : h_ticket_customer_message;
		const struct agent_row *as = h == h_ticket_customer_message ? &s->admin : author;
		json_decref(call(s, as, h, id, json_pack("{s:s}", "body", m->body), 201));
	}
	clock_set_offset(0);
	const char *status = t->status;
	if (!strcmp(status, "new") || !strcmp(status, "open"))
		return; /* replies and assignment already opened what should be open */
	if (!strcmp(status, "closed"))
		json_decref(call(s, author, h_ticket_patch, id,
				 json_pack("{s:s}", "status", "solved"), 200));
	json_decref(call(s, author, h_ticket_patch, id, json_pack("{s:s}", "status", status), 200));
}

/* The demo desk's routing rules, in order (docs/api.md "Routing rules"): VIPs to the VIP team,
 * frozen accounts straight to Security, wrong-network deposits to Recovery, then by product in
 * the nine languages. Tickets that match none go to Account L1. */
static void seed_routing(struct seed *s)
{
	static const struct {
		const char *name, *group, *conditions, *extra;
	} rules[] = {
		{"VIP customers", "VIP", "{\"vip_min\":1}", ""},
		{"Account frozen", "Security",
		 "{\"keywords\":[\"冻结\",\"凍結\",\"account frozen\",\"account locked\",\"заблокир*\","
		 "\"заморож*\",\"bị khóa\",\"dondurul*\",\"cuenta bloqueada\",\"계정 정지\"]}",
		 ",\"priority\":\"high\",\"priority_mode\":\"raise\",\"escalate\":true,"
		 "\"tags\":[\"account_frozen\"]"},
		{"Wrong network or missing memo", "Recovery",
		 "{\"keywords\":[\"wrong network\",\"wrong chain\",\"转错\",\"错链\",\"memo\",\"tag\","
		 "\"标签\",\"备注\",\"sai mạng\",\"не та сеть\",\"red equivocada\"]}",
		 ",\"escalate\":true,\"tags\":[\"recovery\"]"},
		{"Futures", "Futures L1",
		 "{\"keywords\":[\"合约\",\"強平\",\"强平\",\"futures\",\"liquidat*\",\"先物\","
		 "\"선물\",\"фьючерс*\",\"ликвидац*\",\"futuros\",\"vadeli\"]}",
		 ""},
		{"Deposits and withdrawals", "Deposit & Withdrawal L1",
		 "{\"keywords\":[\"充值\",\"提现\",\"提幣\",\"入金\",\"出金\",\"deposit*\",\"withdraw*\","
		 "\"입금\",\"출금\",\"пополн*\",\"вывод*\",\"nạp tiền\",\"rút tiền\",\"para çek*\","
		 "\"para yatır*\",\"depósito\",\"retiro\"]}",
		 ""},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		char *text = arena_printf(&s->a, "{\"name\":\"%s\",\"conditions\":%s,\"actions\":"
					  "{\"group_id\":%lld%s}}",
					  rules[i].name, rules[i].conditions,
					  (long long)group_id_by_name(s, rules[i].group), rules[i].extra);
		json_decref(call(s, &s->admin, h_routing_rule_create, NULL, json_loads(text, 0, NULL),
				 201));
	}
	json_decref(call(s, &s->admin, h_routing_default_put, NULL,
			 json_pack("{s:I}", "group_id",
				   (json_int_t)group_id_by_name(s, "Account L1")),
			 200));
}

/* Automatic assignment on, chats of an absent agent back in the queue after two minutes, the
 * auto-reply outside shifts; VIP breaches raise the priority and tell the supervisors, chat
 * breaches tell them (the stored demo policies, in migration order: 1 vip-chat, 3 chat,
 * 4 vip). */
static void seed_assignment(struct seed *s)
{
	json_decref(call(s, &s->admin, h_assignment_put, NULL,
			 json_pack("{s:b, s:i, s:b}", "enabled", 1, "requeue_grace_seconds", 120,
				   "after_hours_reply", 1),
			 200));
	static const struct {
		const char *id;
		bool raise;
	} policies[] = {{"1", true}, {"3", false}, {"4", true}};
	for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++)
		json_decref(call(s, &s->admin, h_sla_policy_patch, policies[i].id,
				 json_pack("{s:{s:b, s:b}}", "breach_actions", "raise_priority",
					   policies[i].raise, "notify_supervisor", 1),
				 200));
}

static int skip_history(struct db *w, void *ctx)
{
	(void)ctx;
	return store_outbox_skip_queued(w, "demo history: not mailed", clock_now_ms()) == DB_DONE
		       ? STORE_JOB_OK
		       : STORE_COMMIT_FAILED;
}

int cmd_seed_demo(int argc, char **argv)
{
	const char *data = "./var";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strncmp(argv[i], "--data=", 7))
			data = argv[i] + 7;
		else {
			fprintf(stderr, "exdesk: usage: exdesk seed-demo [--data DIR]\n");
			return 1;
		}
	}
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	struct seed s = {.st = st};
	arena_init(&s.a, 65536);
	int status = 1;
	struct group_row g;
	if (store_group_get_by_name(store_reader(st), &s.a, demo_groups[0].name, &g)) {
		printf("the demo desk is already seeded in %s\n", data);
		status = 0;
		goto out;
	}
	/* The admin comes first, through the same job as `exdesk user add`. */
	const struct demo_agent *adm = NULL;
	for (size_t i = 0; i < demo_agents_count && !adm; i++)
		if (!strcmp(demo_agents[i].role, "admin"))
			adm = &demo_agents[i];
	struct agent_create ac = {.a = &s.a, .who = {"cli", 0},
				  .ag = {.email = adm->email, .name = adm->name, .role = "admin",
					 .tier = adm->tier, .languages = adm->languages,
					 .shift = adm->shift, .max_chats = AGENT_MAX_CHATS_DEFAULT,
					 .max_tickets = AGENT_MAX_TICKETS_DEFAULT}};
	char *hash = arena_alloc(&s.a, 128);
	ac.ag.password_hash = hash;
	if (!auth_password_hash(DEMO_PASSWORD, strlen(DEMO_PASSWORD), hash) ||
	    store_write(st, agent_create_run, &ac) != STORE_JOB_OK) {
		fprintf(stderr, "exdesk: could not create the demo admin\n");
		goto out;
	}
	if (!store_agent_get(store_reader(st), &s.a, ac.ag.id, &s.admin))
		goto out;
	seed_people(&s);
	/* Chats from the demo exchange page go to the deposit team (most of its page is deposits). */
	json_decref(call(&s, &s.admin, h_settings_chat_put, NULL,
			 json_pack("{s:I}", "group_id",
				   (json_int_t)group_id_by_name(&s, "Deposit & Withdrawal L1")),
			 200));
	seed_routing(&s);
	/* Mail to support@desk.test (make run's loopback MTA) lands with the same team. */
	json_decref(call(&s, &s.admin, h_settings_mail_put, NULL,
			 json_pack("{s:s, s:s, s:I}", "address", "support@desk.test", "name",
				   "Demo Exchange Support", "group_id",
				   (json_int_t)group_id_by_name(&s, "Deposit & Withdrawal L1")),
			 200));
	/* Deposit recovery values cases in USD from reference prices (the connector reports amounts
	 * only); without one nothing is credited automatically. Demo prices for the demo's assets. */
	json_decref(call(&s, &s.admin, h_recovery_settings_put, NULL,
			 json_pack("{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}}",
				   "prices", "BTC", "67000", "ETH", "3250", "USDT", "1", "USDC", "1",
				   "XRP", "2.1", "TON", "5.2", "SOL", "148", "TRX", "0.128", "BNB",
				   "600", "LTC", "85", "DOGE", "0.15", "ATOM", "7.5"),
			 200));
	static struct demo_ticket tickets[DEMO_TICKETS_TARGET];
	size_t n = demo_tickets_generate(tickets, DEMO_TICKETS_TARGET);
	int64_t now = clock_now_ms();
	for (size_t i = 0; i < n; i++)
		seed_ticket(&s, &tickets[i], now);
	clock_set_offset(0);
	/* The seeded replies are history: their customers were answered long ago, not by mail
	 * that make run's relay would refuse. */
	if (store_write(st, skip_history, NULL) != STORE_JOB_OK)
		log_event(LOG_WARN, "seed_outbox_skip_failed", "%s", "");
	seed_assignment(&s);
	s.failures += demo_macros_seed(st, &s.admin);
	s.failures += demo_kb_seed(st, &s.admin);
	printf("seeded %zu groups, %zu agents, %zu tickets into %s (%d API calls, %d failed)\n",
	       demo_groups_count, demo_agents_count, n, data, s.calls, s.failures);
	status = s.failures ? 1 : 0;
out:
	store_close(st);
	arena_free(&s.a);
	return status;
}
