/* t_dispatch — automatic assignment and the SLA scheduler through the real server:
 * off until an admin turns it on (settings validated, admins only); a Japanese chat goes to the
 * Japanese-speaking agent who is online; a second one waits while she is full (the ticket's
 * routing says why and where) and is hers the moment she solves the first; a VIP ticket
 * overtakes an older normal one; an agent who goes offline has her chat re-queued after the
 * grace, and a colleague who comes online takes it; a supervisor's manual assignment stands;
 * 240 tickets created by 8 threads at once against 5 agents: nobody past capacity, no ticket
 * assigned twice, the rest waiting and handed out as room frees; an SLA warning and breach are
 * recorded at the exact instants GET /tickets shows, with the policy's breach actions (priority
 * raised, supervisors' note). */
#include "harness.h"

#include <pthread.h>
#include <string.h>

static struct srv S;
static long long G, GSOLO;
static long long AKI, BOB, CHI;
static char tok_aki[512], tok_bob[512], tok_chi[512], tok_sup[512];

static json_t *get_ticket(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", id), S.token, NULL);
	return jget(r->json, "ticket");
}

static long long assignee(long long id)
{
	json_t *t = get_ticket(id);
	return t && jhas(t, "assignee_id") && !jisnull(t, "assignee_id") ? jint(t, "assignee_id") : 0;
}

/* Wait up to 5 s for the ticket's assignee to become want (0 = none). */
static long long wait_assignee(long long id, long long want)
{
	long long got = -1;
	for (int i = 0; i < 100; i++) {
		got = assignee(id);
		if (got == want)
			break;
		sleep_s(0.05);
	}
	return got;
}

static json_t *routing(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/routing", id), S.token, NULL);
	return jget(r->json, "routing");
}

static long long chat(const char *lang, long long group, int vip, const char *email)
{
	json_t *t = mk_ticket(&S, S.token,
			      P("{\"subject\":\"入金が反映されません\",\"body\":\"help\",\"channel\":\"chat\","
				"\"language\":\"%s\",\"group_id\":%lld,\"requester\":{\"email\":\"%s\","
				"\"vip_tier\":%d}}",
				lang, group, email, vip));
	return t ? jint(t, "id") : 0;
}

static void presence(long long agent, const char *token, const char *status)
{
	struct resp *r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", agent), token,
			       jpack("{s:s}", "status", status));
	check_status(r, 200, "agent %lld goes %s", agent, status);
}

static void solve(long long id)
{
	struct resp *r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", id), S.token,
			       jpack("{s:s}", "status", "solved"));
	check_status(r, 200, "ticket %lld solved", id);
}

static int count_events(long long id, const char *action)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/events", id), S.token, NULL);
	json_t *ev, *arr = jget(r->json, "events");
	size_t i;
	int n = 0;
	json_array_foreach(arr, i, ev) if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), action)) n++;
	return n;
}

static json_t *find_event(long long id, const char *action)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/events", id), S.token, NULL);
	json_t *ev, *arr = jget(r->json, "events");
	size_t i;
	json_array_foreach(arr, i, ev) if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), action)) return ev;
	return NULL;
}

static void settings(void)
{
	struct resp *r = http(&S, "GET", "/api/v1/routing/assignment", S.token, NULL);
	check_status(r, 200, "the admin reads the assignment settings");
	check(jget(r->json, "enabled") && json_is_false(jget(r->json, "enabled")),
	      "automatic assignment is off on a new desk");

	char *fp = db_fingerprint(&S, NULL);
	static const struct {
		const char *body, *field;
		long status;
	} bad[] = {
	    {"{\"enabled\":\"yes\"}", "enabled", 422},
	    {"{\"requeue_grace_seconds\":-1}", "requeue_grace_seconds", 422},
	    {"{\"requeue_grace_seconds\":86401}", "requeue_grace_seconds", 422},
	    {"{\"requeue_grace_seconds\":1.5}", "requeue_grace_seconds", 422},
	    {"{\"enabled\":true,\"surprise\":1}", "surprise", 422},
	    {"[true]", NULL, 400},
	    {"{\"enabled\":tru", NULL, 400},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = http(&S, "PUT", "/api/v1/routing/assignment", S.token, bad[i].body);
		check(r->status == bad[i].status && error_shape_ok(r) &&
			  (!bad[i].field || (err_field(r) && !strcmp(err_field(r), bad[i].field))),
		      "PUT assignment %s is refused with %ld naming %s (got %s)", bad[i].body,
		      bad[i].status, bad[i].field ? bad[i].field : "nothing", rdesc(r));
	}
	r = http(&S, "PUT", "/api/v1/routing/assignment", tok_sup,
		 "{\"enabled\":true}");
	check_status(r, 403, "a supervisor may not switch assignment on");
	r = http(&S, "PUT", "/api/v1/routing/assignment", S.token, "\"\xff\xfe\"");
	check(r->status == 400 || r->status == 422, "invalid UTF-8 is refused (%s)", rdesc(r));
	check_unchanged(&S, fp, NULL, "refused settings changed nothing");

	r = http(&S, "PUT", "/api/v1/routing/assignment", S.token,
		 "{\"enabled\":true,\"requeue_grace_seconds\":2}");
	check_status(r, 200, "the admin switches automatic assignment on with a 2 s grace");
	check(json_is_true(jget(r->json, "enabled")) && jint(r->json, "requeue_grace_seconds") == 2,
	      "the answer shows the new settings");
}

static void pick_queue_and_free(void)
{
	presence(AKI, tok_aki, "online");
	presence(BOB, tok_bob, "online");
	long long t1 = chat("ja", G, 0, "taro@example.jp");
	check_int(wait_assignee(t1, AKI), AKI, "a Japanese chat goes to the Japanese-speaking agent");
	check_int(count_events(t1, "ticket.assign"), 1, "one ticket.assign event");
	json_t *ev = find_event(t1, "ticket.assign");
	check_str(jstr(ev, "after.reason"), "routing", "the event names routing as the reason");
	check_str(jstr(ev, "actor.type"), "system", "the assignment is the system's");
	check_str(jstr(routing(t1), "state"), "assigned", "its routing state is assigned");

	long long t2 = chat("ja", G, 0, "hanako@example.jp");
	sleep_s(0.3);
	check_int(assignee(t2), 0, "a second Japanese chat waits while she is full (1 chat)");
	json_t *ro = routing(t2);
	check_str(jstr(ro, "state"), "waiting", "its routing state is waiting");
	check_int(jint(ro, "position"), 1, "first in the queue");
	check_str(jstr(ro, "why"), "at_capacity", "waiting because the only Japanese speaker is full");
	long long t_en = chat("en", G, 0, "joe@example.com");
	check_int(wait_assignee(t_en, BOB), BOB, "an English chat goes to the English speaker meanwhile");

	struct resp *r = http(&S, "GET", "/api/v1/routing/queues", tok_bob, NULL);
	check_status(r, 200, "an agent reads the queues");
	json_t *g, *groups = jget(r->json, "groups");
	size_t i;
	long long waiting = -1;
	json_array_foreach(groups, i, g) if (jint(g, "group_id") == G) waiting = jint(g, "waiting");
	check_int(waiting, 1, "the queue view shows one waiting in the group");

	solve(t1);
	check_int(wait_assignee(t2, AKI), AKI, "solving the first hands her the waiting chat at once");

	/* VIP first: a normal chat waits, then a VIP one arrives; when room frees the VIP wins. */
	long long normal = chat("ja", G, 0, "ichiro@example.jp");
	sleep_s(0.1);
	long long vip = chat("ja", G, 3, "vip@example.jp");
	sleep_s(0.3);
	check_int(jint(routing(vip), "position"), 1, "the VIP chat is first in the queue, ahead of an older one");
	check_int(jint(routing(normal), "position"), 2, "the older normal chat is second");
	solve(t2);
	check_int(wait_assignee(vip, AKI), AKI, "the VIP chat is served first");
	check_int(assignee(normal), 0, "the normal one still waits");

	/* Offline: after the 2 s grace her chat goes back; Chi comes online and takes it. */
	presence(AKI, tok_aki, "offline");
	sleep_s(1.0);
	check_int(assignee(vip), AKI, "within the grace the chat stays with her");
	check_int(wait_assignee(vip, 0), 0, "after the grace it is re-queued");
	json_t *rq = find_event(vip, "ticket.requeue");
	check(rq != NULL, "a ticket.requeue event records it");
	presence(CHI, tok_chi, "online");
	check_int(wait_assignee(vip, CHI), CHI, "a Japanese speaker coming online takes the VIP chat first");
	solve(vip);
	check_int(wait_assignee(normal, CHI), CHI, "and then the older one");

	/* Manual assignment stands, even past capacity. */
	long long m = chat("ja", G, 0, "manual@example.jp");
	sleep_s(0.3);
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", m), tok_sup,
		  jpack("{s:I}", "assignee_id", (json_int_t)BOB));
	check_status(r, 200, "a supervisor assigns a waiting Japanese chat to Bob by hand");
	sleep_s(0.3);
	check_int(assignee(m), BOB, "the manual assignment stands");
	solve(m);
	solve(normal);
	solve(t_en);
	presence(BOB, tok_bob, "offline");
	presence(CHI, tok_chi, "offline");
}

/* ---- many at once ---- */

#define THREADS 8
#define PER_THREAD 30
static long long made[THREADS * PER_THREAD];

static void *creator(void *arg)
{
	long k = (long)arg;
	for (int i = 0; i < PER_THREAD; i++) {
		json_t *t = mk_ticket(&S, S.token,
				      P("{\"subject\":\"load %ld-%d\",\"body\":\"x\",\"channel\":\"chat\","
					"\"group_id\":%lld,\"requester\":{\"email\":\"c%ld-%d@example.com\"}}",
					k, i, GSOLO, k, i));
		made[k * PER_THREAD + i] = t ? jint(t, "id") : 0;
	}
	http_thread_done();
	return NULL;
}

static void concurrency(void)
{
	char toks[5][512];
	long long ids[5];
	for (int i = 0; i < 5; i++) {
		ids[i] = mk_agent(&S, P("load%d@test.local", i), P("Load %d", i), "agent", NULL,
				  P("[%lld]", GSOLO), toks[i]);
		struct resp *r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", ids[i]), S.token,
				       jpack("{s:i}", "max_chats", 3));
		check_status(r, 200, "load agent %d takes 3 chats", i);
		presence(ids[i], toks[i], "online");
	}
	pthread_t th[THREADS];
	for (long k = 0; k < THREADS; k++)
		pthread_create(&th[k], NULL, creator, (void *)k);
	for (int k = 0; k < THREADS; k++)
		pthread_join(th[k], NULL);
	int assigned = 0, per[5] = {0};
	for (int wait = 0; wait < 50; wait++) {
		sleep_s(0.1);
		char *n = db_query1(&S, P("SELECT count(*) FROM tickets WHERE group_id = %lld AND assignee_id IS NOT NULL", GSOLO));
		assigned = n ? atoi(n) : -1;
		if (assigned == 15)
			break;
	}
	check_int(assigned, 15, "240 chats created by 8 threads at once: exactly 5 x 3 assigned");
	for (int i = 0; i < 5; i++) {
		char *n = db_query1(&S, P("SELECT count(*) FROM tickets WHERE assignee_id = %lld", ids[i]));
		per[i] = n ? atoi(n) : -1;
	}
	check(per[0] == 3 && per[1] == 3 && per[2] == 3 && per[3] == 3 && per[4] == 3,
	      "every agent holds exactly 3 (%d %d %d %d %d)", per[0], per[1], per[2], per[3], per[4]);
	char *twice = db_query1(&S, P("SELECT count(*) FROM (SELECT e.ticket_id FROM events e JOIN tickets t "
				      "ON t.id = e.ticket_id WHERE e.action = 'ticket.assign' AND t.group_id = %lld "
				      "GROUP BY e.ticket_id HAVING count(*) > 1)", GSOLO));
	check_str(twice, "0", "no ticket was assigned twice");
	/* Solve what they hold; the next ones come in queue order (oldest first). */
	int solved = 0;
	long long held[THREADS * PER_THREAD];
	size_t n_held = 0;
	for (int i = 0; i < THREADS * PER_THREAD; i++)
		if (made[i] && assignee(made[i]) != 0)
			held[n_held++] = made[i];
	for (size_t i = 0; i < n_held; i++, solved++)
		solve(held[i]);
	check_int(solved, 15, "the 15 held are solved");
	for (int wait = 0; wait < 50; wait++) {
		sleep_s(0.1);
		char *n = db_query1(&S, P("SELECT count(*) FROM tickets WHERE group_id = %lld AND assignee_id IS NOT NULL AND status <> 'solved'", GSOLO));
		assigned = n ? atoi(n) : -1;
		if (assigned == 15)
			break;
	}
	check_int(assigned, 15, "room freed: the next 15 are assigned");
	char *over = db_query1(&S, P("SELECT count(*) FROM (SELECT assignee_id FROM tickets WHERE group_id = %lld "
				     "AND status <> 'solved' AND assignee_id IS NOT NULL GROUP BY assignee_id HAVING count(*) > 3)", GSOLO));
	check_str(over, "0", "still nobody past capacity");
	char *order = db_query1(&S, P("SELECT count(*) FROM tickets a JOIN tickets b ON a.group_id = b.group_id "
				      "WHERE a.group_id = %lld AND a.status <> 'solved' AND a.assignee_id IS NULL "
				      "AND b.status <> 'solved' AND b.assignee_id IS NOT NULL AND a.id < b.id", GSOLO));
	check_str(order, "0", "every ticket still waiting is newer than every one handed out");
	for (int i = 0; i < 5; i++)
		presence(ids[i], toks[i], "offline");
}

/* ---- SLA warning and breach at their instants ---- */

static void sla_breach(void)
{
	/* The chat policy's first response: 2 s; warning at 80% = 1.6 s. */
	struct resp *r = http(&S, "GET", "/api/v1/sla/policies", S.token, NULL);
	json_t *p, *list = jget(r->json, "policies");
	size_t i;
	long long chat_policy = 0;
	json_array_foreach(list, i, p) if (jstr(p, "name") && !strcmp(jstr(p, "name"), "chat")) chat_policy = jint(p, "id");
	check(chat_policy > 0, "the demo chat policy is stored");
	r = httpj(&S, "PATCH", P("/api/v1/sla/policies/%lld", chat_policy), S.token,
		  jpack("{s:i, s:{s:b, s:b}}", "first_response_seconds", 2, "breach_actions",
			"raise_priority", 1, "notify_supervisor", 1));
	check_status(r, 200, "the chat policy gets a 2 s first response with breach actions");
	long long t = chat("ru", G, 0, "ivan@example.ru");
	json_t *tk = get_ticket(t);
	const char *due = jstr(tk, "sla.first_response.due_at");
	const char *warn = jstr(tk, "sla.first_response.warn_at");
	check(due != NULL && warn != NULL, "the ticket shows its first-response due and warning instants");
	char due_s[64] = "", warn_s[64] = "";
	snprintf(due_s, sizeof due_s, "%s", due ? due : "");
	snprintf(warn_s, sizeof warn_s, "%s", warn ? warn : "");
	json_t *breach = NULL;
	for (int k = 0; k < 80 && !breach; k++) {
		sleep_s(0.05);
		breach = find_event(t, "sla.breach");
	}
	json_t *warning = find_event(t, "sla.warning");
	check(warning && jstr(warning, "after.at") && !strcmp(jstr(warning, "after.at"), warn_s),
	      "the warning is recorded at the exact warning instant %s (got %s)", warn_s,
	      warning ? jdump(warning) : "none");
	check(breach && jstr(breach, "after.at") && !strcmp(jstr(breach, "after.at"), due_s),
	      "the breach is recorded at the exact due instant %s (got %s)", due_s,
	      breach ? jdump(breach) : "none");
	check_str(breach ? jstr(breach, "after.metric") : NULL, "first_response", "... for first_response");
	double lag = breach ? rfc3339_utc(jstr(breach, "created_at")) - rfc3339_utc(due_s) : 99;
	check(lag >= -1 && lag < 1.5, "the scheduler recorded it within a second of the instant (%.3f s)", lag);
	check_str(jstr(get_ticket(t), "priority"), "high", "breach action: priority raised one step");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", t), S.token, NULL);
	check(contains(jdump(r->json), "SLA breach"), "breach action: an internal note for the supervisors");
	check_int(count_events(t, "sla.breach"), 1, "the breach is recorded once");
	sleep_s(0.5);
	check_int(count_events(t, "sla.breach"), 1, "... and stays recorded once");
}

int main(void)
{
	h_init(180);
	srv_start(&S);
	G = mk_group(&S, "Deposit L1", "L1");
	GSOLO = mk_group(&S, "Load L1", "L1");
	AKI = mk_agent(&S, "aki@test.local", "Aki", "agent", NULL, P("[%lld]", G), tok_aki);
	BOB = mk_agent(&S, "bob@test.local", "Bob", "agent", NULL, P("[%lld]", G), tok_bob);
	CHI = mk_agent(&S, "chi@test.local", "Chi", "agent", NULL, P("[%lld]", G), tok_chi);
	mk_agent(&S, "sup@test.local", "Sup", "supervisor", NULL, P("[%lld]", G), tok_sup);
	struct resp *r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", AKI), S.token,
			       jpack("{s:[s], s:i, s:b}", "languages", "ja", "max_chats", 1, "vip_capable", 1));
	check_status(r, 200, "Aki reads Japanese and takes one chat at a time");
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", BOB), S.token,
		  jpack("{s:[s], s:i}", "languages", "en", "max_chats", 1));
	check_status(r, 200, "Bob reads English");
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", CHI), S.token,
		  jpack("{s:[s,s], s:i}", "languages", "ja", "ru", "max_chats", 2));
	check_status(r, 200, "Chi reads Japanese and Russian");

	/* Off by default: an online agent gets nothing. */
	presence(AKI, tok_aki, "online");
	long long t0 = chat("ja", G, 0, "early@example.jp");
	sleep_s(0.5);
	check_int(assignee(t0), 0, "with assignment off a new chat stays unassigned");
	solve(t0);
	presence(AKI, tok_aki, "offline");

	settings();
	pick_queue_and_free();
	concurrency();
	sla_breach();
	srv_stop(&S);
	return h_finish();
}
