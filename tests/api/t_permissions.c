/* t_permissions — the role x endpoint matrix of docs/api.md, written out here independently of
 * the server, checked cell by cell (forbidden cells: 403 forbidden and nothing stored; allowed
 * cells: 2xx with a valid request), then ticket visibility for agents (404 for other groups'
 * tickets, lists and tags limited to what they may see) and PII masking for qa. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;

enum { ADMIN, SUP, AGENT, QA, NROLES };
static const char *role_names[NROLES] = {"admin", "supervisor", "agent", "qa"};
static char tok[NROLES][512];
static long long self_id[NROLES];
static const char *emails[NROLES] = {ADMIN_EMAIL, "sup@test.local", "agent@test.local",
                                     "qa@test.local"};

static long long gA, gB, agent2, cust, TA, TB, TN, TM, TU;
static long long TC, TCB, MSG, ATT, ATTB; /* chats in group A / B, a message of TC, attachments */
static char WTOK[256], WTOKB[256];        /* widget sessions owning TC and TCB */
static long long POL, CAL, SHIFT;         /* an SLA policy, a calendar, a shift to read and edit */
static long long FRESH_OBJ;               /* made for a DELETE cell just before it runs */
static long long MAC;                     /* a desk-wide macro (docs/api.md "Macros") */
static long long KBA, KBC, KBS; /* a published KB article, a KB category and a section in it */
static int uniq;

/* A = allowed (2xx), F = forbidden (403 forbidden, nothing stored),
 * E = the docs do not settle it (any answer but 401/403/5xx... is only reported). */
struct cell {
	const char *method;
	const char *path;   /* placeholders: {TA} {FRESH} {FRESH2} {C} {A2} {SELF} {GA} {TOKEN} */
	const char *body;   /* placeholders as above plus {N} (unique), {EMAIL}, {PW} */
	const char *expect; /* admin, supervisor, agent, qa */
	bool public_;       /* sent without the bearer token */
	bool stream;        /* a text/event-stream: opened, status read, closed */
};

static const struct cell matrix[] = {
    {"GET", "/healthz", NULL, "AAAA", true},
    {"GET", "/metrics", NULL, "AAAA", true},
    {"POST", "/api/v1/auth/login", "{\"email\":\"{EMAIL}\",\"password\":\"{PW}\"}", "AAAA", true},
    {"GET", "/api/v1/auth/me", NULL, "AAAA", false},
    {"POST", "/api/v1/tickets",
     "{\"subject\":\"matrix "
     "{N}\",\"body\":\"b\",\"requester\":{\"email\":\"m{N}@example.com\"},\"group_id\":{GA}}",
     "AAAF", false},
    {"GET", "/api/v1/tickets", NULL, "AAAA", false},
    {"GET", "/api/v1/tickets/{TA}", NULL, "AAAA", false},
    {"PATCH", "/api/v1/tickets/{TA}", "{\"priority\":\"high\"}", "AAAF", false},
    {"POST", "/api/v1/tickets/{TA}/reply", "{\"body\":\"reply {N}\"}", "AAAF", false},
    {"POST", "/api/v1/tickets/{TA}/notes", "{\"body\":\"note {N}\"}", "AAAF", false},
    {"POST", "/api/v1/tickets/{TA}/messages", "{\"body\":\"customer {N}\"}", "AAAF", false},
    {"GET", "/api/v1/tickets/{TA}/messages", NULL, "AAAA", false},
    {"POST", "/api/v1/tickets/{FRESH}/escalate",
     "{\"group_id\":{GB},\"summary\":\"s\",\"actions_taken\":\"a\"}", "AAAF", false},
    {"POST", "/api/v1/tickets/{FRESH}/merge", "{\"into_id\":{FRESH2}}", "AAAF", false},
    {"GET", "/api/v1/tickets/{TA}/links", NULL, "AAAA", false},
    {"GET", "/api/v1/tickets/{TA}/routing", NULL, "AAAA", false},
    {"GET", "/api/v1/tickets/{TA}/events", NULL, "AAEA", false},
    {"GET", "/api/v1/customers", NULL, "AAAA", false},
    {"GET", "/api/v1/customers/{C}", NULL, "AAAA", false},
    {"PATCH", "/api/v1/customers/{C}", "{\"language\":\"en\"}", "AAAF", false},
    /* User 360 (docs/exchange/user-360.md): exchange.read, every role; this desk has no exchange
     * and these requesters no uid, so the answer is {"linked": false} (tests/api/t_user360.c
     * reads a connected exchange) */
    {"GET", "/api/v1/tickets/{TA}/exchange", NULL, "AAAA", false},
    {"GET", "/api/v1/customers/{C}/exchange", NULL, "AAAA", false},
    {"GET", "/api/v1/agents", NULL, "AAAA", false},
    {"GET", "/api/v1/agents/{A2}", NULL, "AAAA", false},
    {"POST", "/api/v1/agents",
     "{\"email\":\"new{N}@test.local\",\"name\":\"New {N}\",\"role\":\"agent\"}", "AFFF", false},
    {"PATCH", "/api/v1/agents/{A2}", "{\"name\":\"Agent Two {N}\"}", "AFFF", false},
    {"PUT", "/api/v1/agents/{SELF}/presence", "{\"status\":\"online\"}", "AAAA", false},
    {"PUT", "/api/v1/agents/{A2}/presence", "{\"status\":\"away\"}", "AAFF", false},
    {"GET", "/api/v1/groups", NULL, "AAAA", false},
    {"POST", "/api/v1/groups", "{\"name\":\"Group {N}\",\"tier\":\"L2\"}", "AFFF", false},
    {"PATCH", "/api/v1/groups/{GA}", "{\"product_area\":\"deposits {N}\"}", "AFFF", false},
    {"GET", "/api/v1/tags", NULL, "AAAA", false},
    {"GET", "/api/v1/categories", NULL, "AAAA", false},
    /* crypto/validate joins this table with its issue (8); its scenario waits in
     * tests/api/later/. */
    {"GET", "/api/v1/tokens", NULL, "AFFF", false},
    {"POST", "/api/v1/tokens", "{\"agent_id\":{A2},\"name\":\"tok {N}\"}", "AFFF", false},
    {"DELETE", "/api/v1/tokens/{TOKEN}", NULL, "AFFF", false},
    {"GET", "/api/v1/exchange", NULL, "AAAA", false},
    {"GET", "/api/v1/exchange/events", NULL, "AFFF", false},
    {"GET", "/api/v1/audit/events", NULL, "AAFE", false},
    {"GET", "/api/v1/audit/verify", NULL, "AFFF", false},
    {"GET", "/api/v1/settings/identity", NULL, "AFFF", false},
    {"POST", "/api/v1/settings/identity/rotate", NULL, "AFFF", false},
    /* live chat (docs/chat.md): the agent stream needs ticket.read; typing ticket.note; viewing
     * and csat ticket.read; read ticket.reply; attachments: any agent who can see the ticket */
    {"GET", "/api/v1/stream", NULL, "AAAA", false, true},
    {"POST", "/api/v1/tickets/{TC}/typing", "{\"typing\":true}", "AAAF", false},
    {"POST", "/api/v1/tickets/{TC}/viewing", "{\"viewing\":true}", "AAAA", false},
    {"POST", "/api/v1/tickets/{TC}/read", "{\"message_id\":{MSG}}", "AAAF", false},
    {"GET", "/api/v1/tickets/{TC}/csat", NULL, "AAAA", false},
    {"GET", "/api/v1/agents/{A2}/csat", NULL, "AAAA", false},
    {"GET", "/api/v1/attachments/{ATT}", NULL, "AAAA", false},
    {"POST", "/api/v1/tickets/{TC}/reply", "{\"body\":\"chat reply {N}\"}", "AAAF", false},
    {"GET", "/api/v1/settings/chat", NULL, "AFFF", false},
    {"PUT", "/api/v1/settings/chat", "{\"hours\":\"Mon-Sun {N}\"}", "AFFF", false},
    /* email (docs/email.md): the outbox is ticket.read. The original of a mail needs PII access:
     * tests/mail/t_mail.c checks it on a message that came by mail (here none does). */
    {"GET", "/api/v1/tickets/{TA}/outbox", NULL, "AAAA", false},
    {"GET", "/api/v1/routing/rules", NULL, "AFFF", false},
    {"PUT", "/api/v1/routing/default", "{\"group_id\":{GA}}", "AFFF", false},
    /* automatic assignment (docs/api.md "Automatic assignment"): settings admin only; the queue
     * view is agent.read; a ticket's routing is ticket.read */
    {"GET", "/api/v1/routing/assignment", NULL, "AFFF", false},
    {"PUT", "/api/v1/routing/assignment", "{\"requeue_grace_seconds\":60}", "AFFF", false},
    {"GET", "/api/v1/routing/queues", NULL, "AAAA", false},
    {"GET", "/api/v1/settings/mail", NULL, "AFFF", false},
    {"PUT", "/api/v1/settings/mail", "{\"name\":\"Desk {N}\"}", "AFFF", false},
    {"PUT", "/api/v1/settings/mail/templates/ack_subject/ja", "{\"text\":\"[{{number}}] {N}\"}",
     "AFFF", false},
    {"DELETE", "/api/v1/settings/mail/templates/ack_subject/ja", NULL, "AFFF", false},
    /* SLA policies, calendars, shifts: everyone reads (tickets show their policy, the console
     * shows shifts), only admins (settings.manage) write; {FRESH_*} is made anew per cell */
    {"GET", "/api/v1/sla/policies", NULL, "AAAA", false},
    {"GET", "/api/v1/sla/policies/{POL}", NULL, "AAAA", false},
    {"POST", "/api/v1/sla/policies", "{\"name\":\"policy {N}\"}", "AFFF", false},
    {"PATCH", "/api/v1/sla/policies/{POL}", "{\"warn_percent\":70}", "AFFF", false},
    {"DELETE", "/api/v1/sla/policies/{FRESH_POL}", NULL, "AFFF", false},
    {"GET", "/api/v1/calendars", NULL, "AAAA", false},
    {"GET", "/api/v1/calendars/{CAL}", NULL, "AAAA", false},
    {"POST", "/api/v1/calendars", "{\"name\":\"calendar {N}\",\"spec\":\"24/7\"}", "AFFF",
     false},
    {"PATCH", "/api/v1/calendars/{CAL}", "{\"name\":\"calendar {N}\"}", "AFFF", false},
    {"DELETE", "/api/v1/calendars/{FRESH_CAL}", NULL, "AFFF", false},
    {"GET", "/api/v1/shifts", NULL, "AAAA", false},
    {"GET", "/api/v1/shifts/{SHIFT}", NULL, "AAAA", false},
    {"POST", "/api/v1/shifts", "{\"name\":\"shift {N}\",\"spec\":\"tz=UTC; 09:00-17:00\"}",
     "AFFF", false},
    {"PATCH", "/api/v1/shifts/{SHIFT}", "{\"name\":\"shift {N}\"}", "AFFF", false},
    {"DELETE", "/api/v1/shifts/{FRESH_SHIFT}", NULL, "AFFF", false},
    /* macros: everyone reads the ones they may see; admins and supervisors manage them; using
     * one on a ticket is replying (ticket.reply); {FRESH_MAC} has an en and a ja variant */
    {"GET", "/api/v1/macros", NULL, "AAAA", false},
    {"GET", "/api/v1/macros/{MAC}", NULL, "AAAA", false},
    {"POST", "/api/v1/macros", "{\"name\":\"macro {N}\",\"variants\":{\"en\":\"x\"}}", "AAFF",
     false},
    {"PATCH", "/api/v1/macros/{MAC}", "{\"name\":\"matrix macro {N}\"}", "AAFF", false},
    {"PUT", "/api/v1/macros/{MAC}/variants/ja", "{\"body\":\"ja {N}\"}", "AAFF", false},
    {"DELETE", "/api/v1/macros/{FRESH_MAC}/variants/ja", NULL, "AAFF", false},
    {"DELETE", "/api/v1/macros/{FRESH_MAC}", NULL, "AAFF", false},
    {"POST", "/api/v1/tickets/{TA}/macros/{MAC}/preview", NULL, "AAAF", false},
    {"POST", "/api/v1/tickets/{TA}/macros/{MAC}/apply", NULL, "AAAF", false},
    /* incidents (docs/exchange/incidents.md): every role reads (exchange.read), admins and
     * supervisors declare (incident.manage); the banner is public */
    {"GET", "/api/v1/incidents", NULL, "AAAA", false},
    {"POST", "/api/v1/incidents",
     "{\"title\":\"matrix {N}\",\"products\":[\"spot\"],\"starts_at\":\"2026-01-01T00:00:00Z\","
     "\"banner\":{\"en\":\"x\"}}",
     "AAFF", false},
    {"GET", "/api/v1/public/incidents?lang=ja", NULL, "AAAA", true},
    /* knowledge base (docs/api.md "Knowledge base"): every role reads, drafts included; admins
     * and supervisors write; the help center's side needs no credentials. {FRESH_KBT} is an
     * article with a ja translation, the others a fresh article, category, section */
    {"GET", "/api/v1/kb/articles", NULL, "AAAA", false},
    {"GET", "/api/v1/kb/articles/{KBA}", NULL, "AAAA", false},
    {"GET", "/api/v1/kb/articles/{KBA}/versions", NULL, "AAAA", false},
    {"GET", "/api/v1/kb/articles/{KBA}/versions/1", NULL, "AAAA", false},
    {"GET", "/api/v1/kb/search?q=matrix&status=any", NULL, "AAAA", false},
    {"GET", "/api/v1/tickets/{TA}/kb_suggestions", NULL, "AAAA", false},
    {"GET", "/api/v1/kb/categories", NULL, "AAAA", false},
    {"POST", "/api/v1/kb/articles", "{\"title\":\"matrix {N}\",\"body\":\"b\",\"locale\":\"en\"}",
     "AAFF", false},
    {"PATCH", "/api/v1/kb/articles/{KBA}", "{\"title\":\"matrix article {N}\"}", "AAFF", false},
    {"PUT", "/api/v1/kb/articles/{KBA}/translations/ja", "{\"title\":\"ja {N}\",\"body\":\"b\"}",
     "AAFF", false},
    {"DELETE", "/api/v1/kb/articles/{FRESH_KBT}/translations/ja", NULL, "AAFF", false},
    {"POST", "/api/v1/kb/articles/{KBA}/unpublish", "{\"locale\":\"ja\"}", "AAFF", false},
    {"POST", "/api/v1/kb/articles/{KBA}/publish", NULL, "AAFF", false},
    {"DELETE", "/api/v1/kb/articles/{FRESH_KBA}", NULL, "AAFF", false},
    {"POST", "/api/v1/kb/categories", "{\"slug\":\"matrix_{N}\",\"names\":{\"en\":\"M {N}\"}}",
     "AAFF", false},
    {"PATCH", "/api/v1/kb/categories/{KBC}", "{\"names\":{\"en\":\"Matrix {N}\"}}", "AAFF",
     false},
    {"DELETE", "/api/v1/kb/categories/{FRESH_KBC}", NULL, "AAFF", false},
    {"POST", "/api/v1/kb/sections",
     "{\"category_id\":{KBC},\"slug\":\"s_{N}\",\"names\":{\"en\":\"S {N}\"}}", "AAFF", false},
    {"PATCH", "/api/v1/kb/sections/{KBS}", "{\"position\":{N}}", "AAFF", false},
    {"DELETE", "/api/v1/kb/sections/{FRESH_KBS}", NULL, "AAFF", false},
    {"GET", "/api/v1/help/categories", NULL, "AAAA", true},
    {"GET", "/api/v1/help/articles", NULL, "AAAA", true},
    {"GET", "/api/v1/help/articles/{KBA}", NULL, "AAAA", true},
    {"GET", "/api/v1/help/search?q=matrix", NULL, "AAAA", true},
    {"POST", "/api/v1/help/articles/{KBA}/feedback", "{\"helpful\":true,\"visitor_id\":\"m{N}\"}",
     "AAAA", true},
    /* withdrawal holds (docs/exchange/withdrawal-holds.md): every role reads a ticket's holds
     * and the report; the scam list is a setting. The hold actions need a held withdrawal and
     * a connected exchange: their roles are checked in t_withdrawal_holds */
    {"GET", "/api/v1/tickets/{TA}/holds", NULL, "AAAA", false},
    {"GET", "/api/v1/reports/withdrawal-holds", NULL, "AAAA", false},
    {"GET", "/api/v1/settings/scam-list", NULL, "AFFF", false},
    {"PUT", "/api/v1/settings/scam-list", "{\"csv\":\"\"}", "AFFF", false},
    /* deposit recovery (docs/exchange/recovery.md); no exchange is connected here */
    {"GET", "/api/v1/recovery/cases", NULL, "AAAA", false},
    {"GET", "/api/v1/reports/recovery", NULL, "AAAA", false},
    {"GET", "/api/v1/settings/recovery", NULL, "AFFF", false},
    {"PUT", "/api/v1/settings/recovery", "{\"auto_credit\":true}", "AFFF", false},
    {"POST", "/api/v1/crypto/validate", "{\"network\":\"BTC\",\"txid\":\"x{N}\"}", "AAAA",
     true},
    /* last: with a bearer token there is no session to end; it must not be refused */
    {"POST", "/api/v1/auth/logout", NULL, "EEEE", false},
};

static void subst(char *out, size_t outsz, const char *in, int role, long long fresh,
                  long long fresh2, long long tokid)
{
	out[0] = 0;
	size_t o = 0;
	for (const char *p = in; *p && o + 1 < outsz;) {
		if (*p != '{') {
			out[o++] = *p++;
			out[o] = 0;
			continue;
		}
		const char *end = strchr(p, '}');
		char key[32];
		snprintf(key, sizeof key, "%.*s", end ? (int)(end - p - 1) : 0, p + 1);
		char val[256] = "";
		if (!strcmp(key, "TA"))
			snprintf(val, sizeof val, "%lld", TA);
		else if (!strcmp(key, "FRESH"))
			snprintf(val, sizeof val, "%lld", fresh);
		else if (!strcmp(key, "FRESH2"))
			snprintf(val, sizeof val, "%lld", fresh2);
		else if (!strcmp(key, "C"))
			snprintf(val, sizeof val, "%lld", cust);
		else if (!strcmp(key, "A2"))
			snprintf(val, sizeof val, "%lld", agent2);
		else if (!strcmp(key, "SELF"))
			snprintf(val, sizeof val, "%lld", self_id[role]);
		else if (!strcmp(key, "GA"))
			snprintf(val, sizeof val, "%lld", gA);
		else if (!strcmp(key, "GB"))
			snprintf(val, sizeof val, "%lld", gB);
		else if (!strcmp(key, "TC"))
			snprintf(val, sizeof val, "%lld", TC);
		else if (!strcmp(key, "MSG"))
			snprintf(val, sizeof val, "%lld", MSG);
		else if (!strcmp(key, "ATT"))
			snprintf(val, sizeof val, "%lld", ATT);
		else if (!strcmp(key, "TOKEN"))
			snprintf(val, sizeof val, "%lld", tokid);
		else if (!strcmp(key, "POL"))
			snprintf(val, sizeof val, "%lld", POL);
		else if (!strcmp(key, "CAL"))
			snprintf(val, sizeof val, "%lld", CAL);
		else if (!strcmp(key, "SHIFT"))
			snprintf(val, sizeof val, "%lld", SHIFT);
		else if (!strcmp(key, "MAC"))
			snprintf(val, sizeof val, "%lld", MAC);
		else if (!strcmp(key, "KBA"))
			snprintf(val, sizeof val, "%lld", KBA);
		else if (!strcmp(key, "KBC"))
			snprintf(val, sizeof val, "%lld", KBC);
		else if (!strcmp(key, "KBS"))
			snprintf(val, sizeof val, "%lld", KBS);
		else if (!strncmp(key, "FRESH_", 6))
			snprintf(val, sizeof val, "%lld", FRESH_OBJ);
		else if (!strcmp(key, "N"))
			snprintf(val, sizeof val, "%d", uniq);
		else if (!strcmp(key, "EMAIL"))
			snprintf(val, sizeof val, "%s", emails[role]);
		else if (!strcmp(key, "PW"))
			snprintf(val, sizeof val, "%s",
			         role == ADMIN ? ADMIN_PASSWORD : "agent password 123");
		else if (end) /* JSON braces, not a placeholder */
			snprintf(val, sizeof val, "{");
		if (!end || !strcmp(val, "{")) {
			out[o++] = *p++;
			out[o] = 0;
			continue;
		}
		o += (size_t)snprintf(out + o, outsz - o, "%s", val);
		p = end + 1;
	}
}

/* POST as the admin; the new object's id (0 with a not ok line). */
static long long mk_admin_obj(const char *path, const char *id_path, const char *body)
{
	struct resp *r = http(&S, "POST", path, tok[ADMIN], body);
	checkd(r->status == 201, rdesc(r), "setup: POST %s", path);
	return jint(r->json, id_path);
}

static void run_matrix(void)
{
	int n = (int)(sizeof matrix / sizeof matrix[0]);
	for (int i = 0; i < n; i++) {
		const struct cell *c = &matrix[i];
		for (int role = 0; role < NROLES; role++) {
			uniq++;
			long long fresh = 0, fresh2 = 0, tokid = 0;
			if (strstr(c->path, "{FRESH}")) {
				json_t *a = mk_ticket_simple(&S, NULL, P("fresh %d", uniq),
				                             "fresh@example.com", gA);
				json_t *b = mk_ticket_simple(&S, NULL, P("fresh2 %d", uniq),
				                             "fresh@example.com", gA);
				fresh = jint(a, "id");
				fresh2 = jint(b, "id");
			}
			if (strstr(c->path, "{TOKEN}"))
				tokid = mk_token(&S, agent2, P("victim %d", uniq), NULL);
			FRESH_OBJ = 0;
			if (strstr(c->path, "{FRESH_POL}"))
				FRESH_OBJ = mk_admin_obj("/api/v1/sla/policies", "policy.id",
				                         P("{\"name\":\"victim %d\"}", uniq));
			else if (strstr(c->path, "{FRESH_CAL}"))
				FRESH_OBJ = mk_admin_obj("/api/v1/calendars", "calendar.id",
				                         P("{\"name\":\"victim %d\",\"spec\":\"24/7\"}", uniq));
			else if (strstr(c->path, "{FRESH_MAC}"))
				FRESH_OBJ = mk_admin_obj(
				    "/api/v1/macros", "macro.id",
				    P("{\"name\":\"victim %d\",\"variants\":{\"en\":\"x\",\"ja\":\"y\"}}",
				      uniq));
			else if (strstr(c->path, "{FRESH_KBA}") || strstr(c->path, "{FRESH_KBT}")) {
				FRESH_OBJ = mk_admin_obj(
				    "/api/v1/kb/articles", "article.id",
				    P("{\"title\":\"victim %d\",\"body\":\"b\",\"locale\":\"en\"}", uniq));
				if (strstr(c->path, "{FRESH_KBT}"))
					checkd(http(&S, "PUT",
					            P("/api/v1/kb/articles/%lld/translations/ja", FRESH_OBJ),
					            tok[ADMIN], "{\"title\":\"t\",\"body\":\"b\"}")
					               ->status == 201,
					       NULL, "setup: a ja translation to delete");
			} else if (strstr(c->path, "{FRESH_KBC}"))
				FRESH_OBJ = mk_admin_obj(
				    "/api/v1/kb/categories", "category.id",
				    P("{\"slug\":\"victim_%d\",\"names\":{\"en\":\"V\"}}", uniq));
			else if (strstr(c->path, "{FRESH_KBS}"))
				FRESH_OBJ = mk_admin_obj(
				    "/api/v1/kb/sections", "section.id",
				    P("{\"category_id\":%lld,\"slug\":\"victim_%d\",\"names\":{\"en\":\"V\"}}",
				      KBC, uniq));
			else if (strstr(c->path, "{FRESH_SHIFT}"))
				FRESH_OBJ = mk_admin_obj(
				    "/api/v1/shifts", "shift.id",
				    P("{\"name\":\"victim %d\",\"spec\":\"tz=UTC; 09:00-17:00\"}", uniq));
			char path[512], body[1024];
			subst(path, sizeof path, c->path, role, fresh, fresh2, tokid);
			if (c->body)
				subst(body, sizeof body, c->body, role, fresh, fresh2, tokid);
			if (c->stream) {
				struct sse *st = sse_open(&S, path, tok[role], NULL);
				sse_wait_open(st, 10);
				long got = sse_status(st);
				sse_close(st);
				char e = c->expect[role];
				check(e == 'A' ? got == 200 : got == 403, "%s %s %s %s (got %ld)",
				      role_names[role], e == 'A' ? "may open" : "may not open",
				      c->path, e == 'A' ? "with 200" : ": 403", got);
				continue;
			}
			char *fp = db_fingerprint(&S, NULL);
			struct req rq = {.method = c->method,
			                 .path = path,
			                 .token = c->public_ ? NULL : tok[role],
			                 .body = c->body ? body : NULL};
			struct resp *r = http_req(&S, &rq);
			char e = c->expect[role];
			const char *who = role_names[role];
			if (e == 'A') {
				check_2xx(r, "%s may %s %s", who, c->method, c->path);
			} else if (e == 'F') {
				check_error(r, 403, "forbidden", NULL,
				            "%s may not %s %s: 403 forbidden", who, c->method,
				            c->path);
				check_unchanged(&S, fp, NULL, "%s %s %s refused: nothing stored",
				                who, c->method, c->path);
			} else {
				check(r->status != 401 && r->status != 404 && r->status != 405 &&
				          r->status < 500 && r->status > 0,
				      "%s %s %s (not settled by the docs) answers without "
				      "401/404/405/5xx (got %ld)",
				      who, c->method, c->path, r->status);
				note("undecided cell: %s %s %s -> %ld", who, c->method, c->path,
				     r->status);
			}
			resp_free(r);
		}
	}
}

/* "/api/v1/tickets/%lld/x" -> "/api/v1/tickets/{id}/x" for messages */
static const char *label(const char *fmt)
{
	static char ring[4][128];
	static int k;
	char *out = ring[k++ % 4];
	const char *at = strstr(fmt, "%lld");
	if (at)
		snprintf(out, 128, "%.*s{id}%s", (int)(at - fmt), fmt, at + 4);
	else
		snprintf(out, 128, "%s", fmt);
	return out;
}

/* ---- visibility ---- */
static json_t *list_all(const char *token, const char *query)
{
	json_t *ids = jkeep(json_array());
	char cur[1024] = "";
	for (int guard = 0; guard < 50; guard++) {
		const char *path =
		    cur[0] ? P("/api/v1/tickets?limit=100%s&cursor=%s", query, qenc(cur))
		           : P("/api/v1/tickets?limit=100%s", query);
		struct resp *r = http(&S, "GET", path, token, NULL);
		if (r->status != 200) {
			checkd(false, rdesc(r), "GET %s answers 200", path);
			break;
		}
		json_t *a = jget(r->json, "tickets");
		for (size_t i = 0; i < json_array_size(a); i++)
			json_array_append_new(ids, json_copy(json_array_get(a, i)));
		const char *nc = jstr(r->json, "next_cursor");
		if (!nc)
			break;
		snprintf(cur, sizeof cur, "%s", nc);
	}
	return ids;
}

static bool listed(json_t *list, long long id)
{
	for (size_t i = 0; i < json_array_size(list); i++)
		if (jint(json_array_get(list, i), "id") == id)
			return true;
	return false;
}

static void test_visibility(void)
{
	const char *A = tok[AGENT];
	const char *paths[] = {"/api/v1/tickets/%lld", "/api/v1/tickets/%lld/messages",
	                       "/api/v1/tickets/%lld/links", "/api/v1/tickets/%lld/events"};
	for (int i = 0; i < 4; i++) {
		struct resp *r = http(&S, "GET", P(paths[i], TB), A, NULL);
		check_error(r, 404, "not_found", NULL,
		            "agent of group A: GET %s of a group-B ticket is 404", label(paths[i]));
		r = http(&S, "GET", P(paths[i], TN), A, NULL);
		check_error(r, 404, "not_found", NULL,
		            "agent: GET %s of an unassigned ticket without group is 404",
		            label(paths[i]));
	}
	json_t *tb =
	    jget(http(&S, "GET", P("/api/v1/tickets/%lld", TB), tok[ADMIN], NULL)->json, "ticket");
	const char *num = jstr(tb, "number");
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%s", num ? num : "EXD-0"), A, NULL);
	check_error(r, 404, "not_found", NULL, "agent: GET a group-B ticket by number is 404");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TM), A, NULL);
	check_status(r, 200, "agent: a ticket without group assigned to it is visible");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TA), A, NULL);
	check_status(r, 200, "agent: a group-A ticket is visible");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TB), tok[SUP], NULL);
	check_status(r, 200, "supervisor: a group-B ticket is visible");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TB), tok[QA], NULL);
	check_status(r, 200, "qa: a group-B ticket is visible");

	struct {
		const char *m, *p, *b;
	} writes[] = {
	    {"PATCH", "/api/v1/tickets/%lld", "{\"priority\":\"urgent\"}"},
	    {"POST", "/api/v1/tickets/%lld/reply", "{\"body\":\"sneaky\"}"},
	    {"POST", "/api/v1/tickets/%lld/notes", "{\"body\":\"sneaky\"}"},
	    {"POST", "/api/v1/tickets/%lld/messages", "{\"body\":\"sneaky\"}"},
	    {"POST", "/api/v1/tickets/%lld/escalate", NULL},
	    {"POST", "/api/v1/tickets/%lld/merge", NULL},
	    {"POST", "/api/v1/tickets/%lld/typing", "{\"typing\":true}"},
	    {"POST", "/api/v1/tickets/%lld/viewing", "{\"viewing\":true}"},
	    {"POST", "/api/v1/tickets/%lld/read", "{\"message_id\":1}"},
	    {"GET", "/api/v1/tickets/%lld/csat", "GET"},
	};
	char esc[128], mrg[128];
	snprintf(esc, sizeof esc, "{\"group_id\":%lld,\"summary\":\"s\",\"actions_taken\":\"a\"}",
	         gA);
	snprintf(mrg, sizeof mrg, "{\"into_id\":%lld}", TA);
	for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++) {
		const char *b = writes[i].b                       ? writes[i].b
		                : strstr(writes[i].p, "escalate") ? esc
		                                                  : mrg;
		if (!strcmp(writes[i].m, "GET"))
			b = NULL;
		char *fp = db_fingerprint(&S, NULL);
		r = http(&S, writes[i].m, P(writes[i].p, TB), A, b);
		check_error(r, 404, "not_found", NULL, "agent: %s %s on a group-B ticket is 404",
		            writes[i].m, label(writes[i].p));
		check_unchanged(&S, fp, NULL, "agent: %s %s on a group-B ticket stored nothing",
		                writes[i].m, label(writes[i].p));
	}
	/* merging a visible ticket into an invisible one */
	json_t *mine = mk_ticket_simple(&S, NULL, "agent merge source", "src@example.com", gA);
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", P("/api/v1/tickets/%lld/merge", jint(mine, "id")), A,
	         P("{\"into_id\":%lld}", TB));
	check(r->status == 404 || r->status == 422 || r->status == 403,
	      "agent: merging into a ticket it cannot see is refused (got %s)", rdesc(r));
	/* chat attachments of an invisible chat */
	r = http(&S, "GET", P("/api/v1/attachments/%lld", ATTB), A, NULL);
	check_error(r, 404, "not_found", NULL,
	            "agent: GET /api/v1/attachments/{id} of a group-B chat is 404");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", ATTB), tok[QA], NULL);
	check_status(r, 200, "qa: an attachment of a group-B chat is readable (ticket.read)");
	check_unchanged(&S, fp, NULL, "agent: the refused merge stored nothing");

	/* the agent's list is exactly its visible tickets */
	json_t *all = list_all(tok[ADMIN], "");
	json_t *mineL = list_all(A, "");
	int expected = 0;
	bool exact = true;
	for (size_t i = 0; i < json_array_size(all); i++) {
		json_t *t = json_array_get(all, i);
		bool vis = jint(t, "group_id") == gA || jint(t, "assignee_id") == self_id[AGENT];
		expected += vis;
		exact &= vis == listed(mineL, jint(t, "id"));
	}
	check(exact && (int)json_array_size(mineL) == expected && expected >= 3,
	      "agent's ticket list holds exactly the tickets of its group and assigned to it (%zu "
	      "listed, %d expected, %zu total)",
	      json_array_size(mineL), expected, json_array_size(all));
	check(!listed(mineL, TB) && !listed(mineL, TN) && listed(mineL, TM) && listed(mineL, TA),
	      "agent's list: TA and TM in, TB and TN out");
	json_t *gb = list_all(A, P("&group_id=%lld", gB));
	bool onlyvis = true;
	for (size_t i = 0; i < json_array_size(gb); i++)
		onlyvis &= jint(json_array_get(gb, i), "assignee_id") == self_id[AGENT];
	check(onlyvis && !listed(gb, TB),
	      "agent filtering on group B sees none of group B's tickets");
	json_t *q = list_all(A, "&q=Secret%20group%20B");
	check(json_array_size(q) == 0, "agent searching for a group-B subject finds nothing (%zu)",
	      json_array_size(q));
	json_t *qadm = list_all(tok[ADMIN], "&q=Secret%20group%20B");
	check(json_array_size(qadm) == 1, "the admin's same search finds it (%zu)",
	      json_array_size(qadm));

	/* tags of invisible tickets stay hidden */
	r = http(&S, "GET", "/api/v1/tags", A, NULL);
	check(r->status == 200 && !strstr(r->body, "secret_b_tag") &&
	          strstr(r->body, "visible_a_tag"),
	      "agent's tag list has its tickets' tags and not group B's (%s)", rdesc(r));
	r = http(&S, "GET", "/api/v1/tags", tok[ADMIN], NULL);
	check(r->status == 200 && strstr(r->body, "secret_b_tag"),
	      "the admin's tag list has group B's tag");
}

/* ---- masking ---- */
static void test_masking(void)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", TA), tok[QA], NULL);
	check_str(jstr(r->json, "ticket.requester.email"), "l***@example.com",
	          "qa sees the requester email masked");
	check(!strstr(r->body, "lena.ivanova@"), "the full email appears nowhere in qa's ticket");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TA), tok[AGENT], NULL);
	check_str(jstr(r->json, "ticket.requester.email"), "lena.ivanova@example.com",
	          "an agent sees the email in full");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TA), tok[SUP], NULL);
	check_str(jstr(r->json, "ticket.requester.email"), "lena.ivanova@example.com",
	          "a supervisor sees it in full");

	r = http(&S, "GET", P("/api/v1/tickets/%lld", TU), tok[QA], NULL);
	check_str(jstr(r->json, "ticket.requester.exchange_uid"), "U1***",
	          "qa sees the exchange uid masked");
	check(!strstr(r->body, "U123456"), "the full uid appears nowhere in qa's ticket");
	r = http(&S, "GET", P("/api/v1/tickets/%lld", TU), tok[AGENT], NULL);
	check_str(jstr(r->json, "ticket.requester.exchange_uid"), "U123456",
	          "an agent sees the uid in full");

	r = http(&S, "GET", "/api/v1/tickets?limit=100", tok[QA], NULL);
	check(r->status == 200 && !strstr(r->body, "lena.ivanova@") &&
	          !strstr(r->body, "U123456") && strstr(r->body, "l***@example.com"),
	      "qa's ticket list shows masked values only");
	r = http(&S, "GET", P("/api/v1/customers/%lld", cust), tok[QA], NULL);
	check(r->status == 200 && !strstr(r->body, "lena.ivanova@") &&
	          strstr(r->body, "l***@example.com"),
	      "qa's customer view is masked (%s)", rdesc(r));
	r = http(&S, "GET", "/api/v1/customers?limit=100", tok[QA], NULL);
	check(r->status == 200 && !strstr(r->body, "lena.ivanova@") && !strstr(r->body, "U123456"),
	      "qa's customer list is masked");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/events", TA), tok[QA], NULL);
	check(r->status != 200 || !strstr(r->body, "lena.ivanova@"),
	      "qa's view of the audit trail does not leak the email");

	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", P("/api/v1/tickets/%lld/reply", TA), tok[QA],
	         "{\"body\":\"qa tries to reply\"}");
	check_error(r, 403, "forbidden", NULL, "qa cannot reply: 403 forbidden");
	check_unchanged(&S, fp, NULL, "qa's refused reply stored nothing");
}

/* ---- widget credentials ---- */
/* The widget API takes no agent credentials: X-Widget-Token (or ?token= for the stream and
 * downloads). Without one it is 401; an agent's bearer token is not one; a widget token is no
 * agent credential either. */
static void test_widget_credentials(void)
{
	note("--- widget credentials");
	struct resp *r = http(&S, "GET", "/api/v1/widget/status", NULL, NULL);
	check_status(r, 200, "GET /api/v1/widget/status needs no credentials");
	r = http(&S, "POST", "/api/v1/widget/session", NULL, "{}");
	check_status(r, 201, "POST /api/v1/widget/session needs no credentials");
	static const unsigned char png[] = {
	    0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,   13,   'I',  'H',  'D',
	    'R',  0,    0,    0,   1,    0,    0,    0,    1,   8,   6,   0,    0,    0,    0x1f,
	    0x15, 0xc4, 0x89, 0,   0,    0,    0,    'I',  'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	struct wcell {
		const char *method, *path, *body;
		long ok;
		bool binary;
	} cells[] = {
	    {"PATCH", "/api/v1/widget/session", "{\"name\":\"Widget Person\"}", 200, false},
	    {"GET", "/api/v1/widget/conversations", NULL, 200, false},
	    {"POST", "/api/v1/widget/conversations", "{\"body\":\"hello\"}", 201, false},
	    {"GET", "/api/v1/widget/conversations/{TC}/messages", NULL, 200, false},
	    {"POST", "/api/v1/widget/conversations/{TC}/messages", "{\"body\":\"more\"}", 201,
	     false},
	    {"POST", "/api/v1/widget/conversations/{TC}/attachments", NULL, 201, true},
	    {"POST", "/api/v1/widget/conversations/{TC}/typing", "{\"typing\":true}", 204, false},
	    {"POST", "/api/v1/widget/conversations/{TC}/read", "{\"message_id\":{MSG}}", 204,
	     false},
	    {"POST", "/api/v1/widget/conversations/{TC}/csat", "{\"rating\":4}", 201, false},
	};
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		char path[256], body[256];
		subst(path, sizeof path, cells[i].path, ADMIN, 0, 0, 0);
		if (cells[i].body)
			subst(body, sizeof body, cells[i].body, ADMIN, 0, 0, 0);
		const char *b = cells[i].binary ? (const char *)png : cells[i].body ? body : NULL;
		size_t blen = cells[i].binary ? sizeof png : 0;
		const char *ct = cells[i].binary ? "image/png" : NULL;
		struct {
			const char *what, *auth, *wtok;
		} creds[] = {
		    {"without any credentials", NULL, NULL},
		    {"with an agent's bearer token only", S.token, NULL},
		    {"with a garbage X-Widget-Token", NULL, "garbage-widget-token"},
		};
		for (int k = 0; k < 3; k++) {
			char *f = db_fingerprint(&S, NULL);
			char h[400];
			struct req rq = {.method = cells[i].method,
			                 .path = path,
			                 .token = creds[k].auth,
			                 .body = b,
			                 .body_len = blen,
			                 .content_type = ct};
			int nh = 0;
			if (creds[k].wtok) {
				snprintf(h, sizeof h, "X-Widget-Token: %s", creds[k].wtok);
				rq.headers[nh++] = h;
			}
			if (cells[i].binary)
				rq.headers[nh++] = "X-Filename: p.png";
			r = http_req(&S, &rq);
			check_error(r, 401, "unauthorized", NULL, "%s %s %s: 401", cells[i].method,
			            cells[i].path, creds[k].what);
			check_unchanged(&S, f, NULL, "%s %s %s: nothing stored", cells[i].method,
			                cells[i].path, creds[k].what);
		}
		if (strstr(cells[i].path, "csat")) {
			r = http(&S, "PATCH", P("/api/v1/tickets/%lld", TC), S.token,
			         "{\"status\":\"solved\"}");
			checkd(r->status == 200, rdesc(r),
			       "setup: solve the chat before rating it");
		}
		char h[400], h2[64] = "X-Filename: p.png";
		snprintf(h, sizeof h, "X-Widget-Token: %s", WTOK);
		struct req rq = {.method = cells[i].method,
		                 .path = path,
		                 .body = b,
		                 .body_len = blen,
		                 .content_type = ct};
		rq.headers[0] = h;
		if (cells[i].binary)
			rq.headers[1] = h2;
		r = http_req(&S, &rq);
		check_status(r, cells[i].ok, "%s %s with the chat's widget token: %ld",
		             cells[i].method, cells[i].path, cells[i].ok);
	}
	/* the stream and downloads take ?token= */
	struct sse *st = sse_open(&S, "/api/v1/widget/stream", NULL, NULL);
	sse_wait_open(st, 5);
	check(sse_status(st) == 401, "GET /api/v1/widget/stream without a token: 401 (got %ld)",
	      sse_status(st));
	sse_close(st);
	st = sse_open(&S, "/api/v1/widget/stream", S.token, NULL);
	sse_wait_open(st, 5);
	check(sse_status(st) == 401,
	      "GET /api/v1/widget/stream with an agent's bearer token only: 401 (got %ld)",
	      sse_status(st));
	sse_close(st);
	st = sse_open(&S, P("/api/v1/widget/stream?token=%s", qenc(WTOK)), NULL, NULL);
	sse_wait_open(st, 5);
	check(sse_status(st) == 200, "GET /api/v1/widget/stream?token=T: 200 (got %ld)",
	      sse_status(st));
	sse_close(st);
	r = http(&S, "GET", P("/api/v1/attachments/%lld?token=%s", ATT, qenc(WTOK)), NULL, NULL);
	check_status(r, 200, "GET /api/v1/attachments/{id}?token=T by the owning session: 200");
	r = http(&S, "GET", P("/api/v1/attachments/%lld?token=%s", ATT, qenc(WTOKB)), NULL, NULL);
	check_error(r, 404, "not_found", NULL,
	            "GET /api/v1/attachments/{id}?token=T by another session: 404");
	r = http(&S, "GET", P("/api/v1/attachments/%lld", ATT), NULL, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "GET /api/v1/attachments/{id} without any credentials: 401");
	/* a widget token is not an agent credential */
	const char *agent_paths[] = {"/api/v1/tickets", "/api/v1/stream", "/api/v1/customers",
	                             "/api/v1/auth/me"};
	for (int k = 0; k < 4; k++) {
		struct req rq = {
		    .method = "GET", .path = agent_paths[k], .token = WTOK, .timeout_ms = 5000};
		r = http_req(&S, &rq);
		check_error(r, 401, "unauthorized", NULL,
		            "GET %s with a widget token as bearer: 401", agent_paths[k]);
		char h[400];
		snprintf(h, sizeof h, "X-Widget-Token: %s", WTOK);
		struct req rq2 = {.method = "GET", .path = agent_paths[k], .timeout_ms = 5000};
		rq2.headers[0] = h;
		r = http_req(&S, &rq2);
		check_error(r, 401, "unauthorized", NULL, "GET %s with X-Widget-Token: 401",
		            agent_paths[k]);
	}
	r = http(&S, "GET", P("/api/v1/tickets/%lld/csat", TC), NULL, NULL);
	check_error(r, 401, "unauthorized", NULL,
	            "GET /api/v1/tickets/{id}/csat without credentials: 401");
}

/* A chat in group A (TC) with a message and a PNG attachment, and one in group B. */
static void setup_chats(void)
{
	static const unsigned char png[] = {
	    0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,   13,   'I',  'H',  'D',
	    'R',  0,    0,    0,   1,    0,    0,    0,    1,   8,   6,   0,    0,    0,    0x1f,
	    0x15, 0xc4, 0x89, 0,   0,    0,    0,    'I',  'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	for (int k = 0; k < 2; k++) {
		char *w = k ? WTOKB : WTOK;
		if (!mk_widget_session(&S, NULL, w))
			return;
		struct resp *r =
		    http_w(&S, "POST", "/api/v1/widget/conversations", w,
		           k ? "{\"body\":\"chat in B\"}" : "{\"body\":\"chat in A\"}");
		long long t = jint(r->json, "conversation.id");
		if (!k)
			MSG = jint(r->json, "message.id");
		r = http(&S, "PATCH", P("/api/v1/tickets/%lld", t), S.token,
		         P("{\"group_id\":%lld}", k ? gB : gA));
		checkd(r->status == 200, rdesc(r), "setup: chat %d into its group", k);
		char h[400];
		snprintf(h, sizeof h, "X-Widget-Token: %s", w);
		struct req rq = {.method = "POST",
		                 .path = P("/api/v1/widget/conversations/%lld/attachments", t),
		                 .body = (const char *)png,
		                 .body_len = sizeof png,
		                 .content_type = "image/png"};
		rq.headers[0] = h;
		rq.headers[1] = "X-Filename: pixel.png";
		r = http_req(&S, &rq);
		long long a = jint(r->json, "message.attachments.0.id");
		checkd(r->status == 201 && a > 0, rdesc(r), "setup: attachment on chat %d", k);
		if (k) {
			TCB = t;
			ATTB = a;
		} else {
			TC = t;
			ATT = a;
		}
	}
}

int main(void)
{
	h_init(240);
	srv_start(&S);
	snprintf(tok[ADMIN], sizeof tok[ADMIN], "%s", S.token);
	self_id[ADMIN] = S.admin_id;
	gA = mk_group(&S, "Group A", "L1");
	gB = mk_group(&S, "Group B", "L1");
	self_id[SUP] = mk_agent(&S, emails[SUP], "Sup", "supervisor", NULL, NULL, tok[SUP]);
	self_id[AGENT] =
	    mk_agent(&S, emails[AGENT], "Agent", "agent", "L1", P("[%lld]", gA), tok[AGENT]);
	self_id[QA] = mk_agent(&S, emails[QA], "QA", "qa", NULL, P("[%lld]", gA), tok[QA]);
	agent2 =
	    mk_agent(&S, "agent2@test.local", "Agent Two", "agent", "L1", P("[%lld]", gA), NULL);

	json_t *t =
	    mk_ticket(&S, NULL,
	              P("{\"subject\":\"Visible in A\",\"body\":\"b\",\"requester\":{\"email\":"
	                "\"lena.ivanova@example.com\",\"name\":\"Lena\"},\"group_id\":%lld,"
	                "\"tags\":[\"visible_a_tag\"]}",
	                gA));
	TA = jint(t, "id");
	cust = jint(t, "requester.id");
	t = mk_ticket(&S, NULL,
	              P("{\"subject\":\"Secret group B\",\"body\":\"b\",\"requester\":{\"email\":"
	                "\"b@example.com\"},\"group_id\":%lld,\"tags\":[\"secret_b_tag\"]}",
	                gB));
	TB = jint(t, "id");
	t = mk_ticket_simple(&S, NULL, "No group, nobody", "n@example.com", 0);
	TN = jint(t, "id");
	t = mk_ticket_simple(&S, NULL, "No group, assigned to agent", "m@example.com", 0);
	TM = jint(t, "id");
	struct resp *r = http(&S, "PATCH", P("/api/v1/tickets/%lld", TM), S.token,
	                      P("{\"assignee_id\":%lld}", self_id[AGENT]));
	check_status(r, 200, "setup: assign the group-less ticket to the agent");
	t = mk_ticket(&S, NULL,
	              P("{\"subject\":\"By "
	                "uid\",\"body\":\"b\",\"requester\":{\"exchange_uid\":\"U123456\"},\"group_"
	                "id\":%lld}",
	                gA));
	TU = jint(t, "id");

	POL = mk_admin_obj("/api/v1/sla/policies", "policy.id", "{\"name\":\"matrix policy\"}");
	CAL = mk_admin_obj("/api/v1/calendars", "calendar.id",
	                   "{\"name\":\"matrix calendar\",\"spec\":\"24/7\"}");
	SHIFT = mk_admin_obj("/api/v1/shifts", "shift.id",
	                     "{\"name\":\"matrix shift\",\"spec\":\"tz=UTC; 09:00-17:00\"}");
	MAC = mk_admin_obj("/api/v1/macros", "macro.id",
	                   "{\"name\":\"matrix macro\",\"variants\":{\"en\":\"Hello "
	                   "{{customer.name}}\"}}");
	KBA = mk_admin_obj("/api/v1/kb/articles", "article.id",
	                   "{\"title\":\"matrix article\",\"body\":\"matrix body\",\"locale\":"
	                   "\"en\",\"status\":\"published\"}");
	KBC = mk_admin_obj("/api/v1/kb/categories", "category.id",
	                   "{\"slug\":\"matrix\",\"names\":{\"en\":\"Matrix\"}}");
	KBS = mk_admin_obj("/api/v1/kb/sections", "section.id",
	                   P("{\"category_id\":%lld,\"slug\":\"matrix\",\"names\":{\"en\":\"M\"}}",
	                     KBC));
	setup_chats();
	test_visibility();
	test_masking();
	run_matrix();
	test_widget_credentials();
	check_status(http(&S, "GET", "/healthz", NULL, NULL), 200,
	             "server still healthy at the end");
	return h_finish();
}
