/* t_people — agents, presence, groups, customers, tags, categories, API tokens, session login
 * with cookie + CSRF, login rate limiting, and identity verification of exchange users, as
 * docs/api.md describes them. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static const char *T;

static bool has_id(json_t *arr, long long id)
{
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (jint(json_array_get(arr, i), "id") == id ||
		    json_integer_value(json_array_get(arr, i)) == id)
			return true;
	return false;
}

static bool str_array_is(json_t *arr, const char *a, const char *b)
{
	if (!json_is_array(arr))
		return false;
	size_t n = (a != NULL) + (b != NULL);
	if (json_array_size(arr) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		const char *v = json_string_value(json_array_get(arr, i));
		if (!v || (strcmp(v, a) && (!b || strcmp(v, b))))
			return false;
	}
	return true;
}

static bool agent_shape(json_t *a)
{
	static const char *const roles[] = {"admin", "supervisor", "agent", "qa"};
	static const char *const pres[] = {"online", "away", "offline"};
	bool role = false, p = false;
	for (int i = 0; i < 4; i++)
		role |= jstr(a, "role") && !strcmp(jstr(a, "role"), roles[i]);
	for (int i = 0; i < 3; i++)
		p |= jstr(a, "presence") && !strcmp(jstr(a, "presence"), pres[i]);
	const char *sh = jstr(a, "shift");
	bool shift = sh && (!strcmp(sh, "day") || !strcmp(sh, "night") || !*sh);
	return jint(a, "id") > 0 && jstr(a, "email") && jstr(a, "name") && role && p && shift &&
	       json_is_array(jget(a, "languages")) && json_is_array(jget(a, "groups")) &&
	       json_is_boolean(jget(a, "active")) && rfc3339_utc(jstr(a, "created_at")) > 0 &&
	       (jstr(a, "tier") || jisnull(a, "tier")) && !jhas(a, "password") &&
	       !jhas(a, "password_hash");
}

/* ---- groups ---- */
static long long gA, gB;

static void test_groups(void)
{
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/groups", T,
	          jpack("{s:s,s:s,s:[s,s],s:b,s:s}", "name", "Deposits 充值 L1", "tier", "L1",
	                "languages", "en", "zh-CN", "vip", 0, "product_area", "deposits"));
	check_status(r, 201, "POST /api/v1/groups answers 201");
	json_t *g = jget(r->json, "group");
	gA = jint(g, "id");
	check(gA > 0, "group has an id");
	check_str(jstr(g, "name"), "Deposits 充值 L1", "group name byte-identical");
	check_str(jstr(g, "tier"), "L1", "group tier");
	check(str_array_is(jget(g, "languages"), "en", "zh-CN"), "group languages (%s)",
	      jdump(jget(g, "languages")));
	check(json_is_false(jget(g, "vip")), "group vip false");
	check_str(jstr(g, "product_area"), "deposits", "group product_area");

	r = httpj(&S, "POST", "/api/v1/groups", T,
	          jpack("{s:s,s:s,s:b}", "name", "VIP desk", "tier", "vip", "vip", 1));
	check_status(r, 201, "POST a vip-tier group answers 201");
	gB = jint(r->json, "group.id");
	check(json_is_true(jget(r->json, "group.vip")), "vip group has vip true");

	r = http(&S, "GET", "/api/v1/groups", T, NULL);
	check_status(r, 200, "GET /api/v1/groups answers 200");
	json_t *gs = jget(r->json, "groups");
	check(has_id(gs, gA) && has_id(gs, gB), "both groups listed");
	bool shape = json_array_size(gs) > 0;
	for (size_t i = 0; i < json_array_size(gs); i++) {
		json_t *x = json_array_get(gs, i);
		shape &= jint(x, "id") > 0 && jstr(x, "name") && jstr(x, "tier") &&
		         json_is_array(jget(x, "languages")) && json_is_boolean(jget(x, "vip"));
	}
	check(shape, "groups are {id, name, tier, languages, vip}");

	r = httpj(
	    &S, "PATCH", P("/api/v1/groups/%lld", gA), T,
	    jpack("{s:s,s:s,s:[s]}", "name", "  Deposits L2  ", "tier", "L2", "languages", "ja"));
	check_status(r, 200, "PATCH /api/v1/groups/{id} answers 200");
	check_str(jstr(r->json, "group.name"), "Deposits L2", "group renamed (trimmed)");
	check_str(jstr(r->json, "group.tier"), "L2", "group tier changed");
	check(str_array_is(jget(r->json, "group.languages"), "ja", NULL),
	      "group languages replaced");
	r = http(&S, "GET", "/api/v1/groups", T, NULL);
	bool persisted = false;
	for (size_t i = 0; i < json_array_size(jget(r->json, "groups")); i++) {
		json_t *x = json_array_get(jget(r->json, "groups"), i);
		persisted |= jint(x, "id") == gA && !strcmp(jstr(x, "name") ?: "", "Deposits L2");
	}
	check(persisted, "group change persisted");
	httpj(&S, "PATCH", P("/api/v1/groups/%lld", gA), T,
	      jpack("{s:s}", "name", "Deposits 充值 L1"));
}

/* ---- agents and presence ---- */
static long long agent1, sup1, qa1;
static char tok_agent[512], tok_sup[512], tok_qa[512];

static void test_agents(void)
{
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/agents", T,
	          jpack("{s:s,s:s,s:s,s:s,s:[I],s:[s,s],s:s}", "email", "sato@test.local", "name",
	                "佐藤 花子", "role", "agent", "tier", "L1", "groups", (json_int_t)gA,
	                "languages", "en", "ja", "password", "sato password 1"));
	check_status(r, 201, "POST /api/v1/agents answers 201");
	json_t *a = jget(r->json, "agent");
	agent1 = jint(a, "id");
	check(agent_shape(a), "agent object has every documented field, no password (%s)",
	      jdump(a));
	check_str(jstr(a, "email"), "sato@test.local", "agent email");
	check_str(jstr(a, "name"), "佐藤 花子", "agent name byte-identical");
	check_str(jstr(a, "role"), "agent", "agent role");
	check_str(jstr(a, "tier"), "L1", "agent tier");
	check(str_array_is(jget(a, "languages"), "en", "ja"), "agent languages");
	check(json_array_size(jget(a, "groups")) == 1 && has_id(jget(a, "groups"), gA),
	      "agent groups [A] (%s)", jdump(jget(a, "groups")));
	check(json_is_true(jget(a, "active")), "a new agent is active");
	check(!db_files_contain(&S, "sato password 1"), "the password is not stored in plain text");

	char *fp = db_fingerprint(&S, NULL);
	r = httpj(
	    &S, "POST", "/api/v1/agents", T,
	    jpack("{s:s,s:s,s:s}", "email", "sato@test.local", "name", "Other", "role", "agent"));
	check_error(r, 409, "conflict", NULL, "a duplicate agent email is 409 conflict");
	check_unchanged(&S, fp, NULL, "nothing stored after the duplicate agent");

	r = http(&S, "GET", "/api/v1/agents", T, NULL);
	check_status(r, 200, "GET /api/v1/agents answers 200");
	json_t *as = jget(r->json, "agents");
	check(has_id(as, agent1) && has_id(as, S.admin_id),
	      "agents list has the admin and the new agent");
	bool shapes = json_array_size(as) >= 2;
	for (size_t i = 0; i < json_array_size(as); i++)
		shapes &= agent_shape(json_array_get(as, i));
	check(shapes, "every listed agent has the documented shape and no password");
	r = http(&S, "GET", P("/api/v1/agents/%lld", agent1), T, NULL);
	check_status(r, 200, "GET /api/v1/agents/{id} answers 200");
	check_str(jstr(r->json, "agent.name"), "佐藤 花子", "GET agent by id");

	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", agent1), T,
	          jpack("{s:s,s:s,s:[I,I],s:[s]}", "name", "Sato Hanako", "tier", "L2", "groups",
	                (json_int_t)gA, (json_int_t)gB, "languages", "ja"));
	check_status(r, 200, "PATCH /api/v1/agents/{id} answers 200");
	a = jget(r->json, "agent");
	check_str(jstr(a, "name"), "Sato Hanako", "agent renamed");
	check_str(jstr(a, "tier"), "L2", "agent tier changed");
	check(json_array_size(jget(a, "groups")) == 2 && has_id(jget(a, "groups"), gB),
	      "agent groups replaced");
	check(str_array_is(jget(a, "languages"), "ja", NULL), "agent languages replaced");
	r = http(&S, "GET", P("/api/v1/agents/%lld", agent1), T, NULL);
	check_str(jstr(r->json, "agent.tier"), "L2", "agent change persisted");
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", agent1), T,
	          jpack("{s:s}", "shift", "night"));
	check_str(jstr(r->json, "agent.shift"), "night", "agent shift set to night");

	/* an admin cannot lock themselves out */
	fp = db_fingerprint(&S, NULL);
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", S.admin_id), T,
	          jpack("{s:b}", "active", 0));
	check_error(r, 409, "conflict", NULL, "an admin deactivating themselves is 409 conflict");
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", S.admin_id), T,
	          jpack("{s:s}", "role", "agent"));
	check_error(r, 409, "conflict", NULL,
	            "an admin dropping their own admin role is 409 conflict");
	check_unchanged(&S, fp, NULL, "nothing stored after the self-lockout attempts");
	r = http(&S, "GET", "/api/v1/auth/me", T, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "agent.role") ?: "", "admin") &&
	          json_is_true(jget(r->json, "agent.active")),
	      "the admin is still an active admin");

	/* a password set by PATCH lets the agent log in */
	r = httpj(&S, "PATCH", P("/api/v1/agents/%lld", agent1), T,
	          jpack("{s:s}", "password", "new sato password"));
	check_status(r, 200, "PATCH agent password answers 200");
	r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", "sato@test.local", "password", "new sato password"));
	check_status(r, 200, "login with the password set by PATCH");

	mk_token(&S, agent1, "sato token", tok_agent);
	sup1 = mk_agent(&S, "sup@test.local", "Supervisor", "supervisor", NULL, NULL, tok_sup);
	qa1 = mk_agent(&S, "qa@test.local", "QA", "qa", NULL, NULL, tok_qa);

	/* presence */
	r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", agent1), tok_agent,
	          jpack("{s:s}", "status", "online"));
	check_status(r, 200, "an agent sets its own presence");
	check_str(jstr(r->json, "agent.presence"), "online", "own presence online");
	fp = db_fingerprint(&S, NULL);
	r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", sup1), tok_agent,
	          jpack("{s:s}", "status", "away"));
	check_error(r, 403, "forbidden", NULL, "an agent may not set another's presence");
	check_unchanged(&S, fp, NULL, "nothing stored after the refused presence change");
	r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", agent1), tok_sup,
	          jpack("{s:s}", "status", "away"));
	check_status(r, 200, "a supervisor sets an agent's presence");
	check_str(jstr(r->json, "agent.presence"), "away", "presence away");
	r = http(&S, "GET", P("/api/v1/agents/%lld", agent1), T, NULL);
	check_str(jstr(r->json, "agent.presence"), "away", "presence persisted");
	r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", qa1), tok_qa,
	          jpack("{s:s}", "status", "online"));
	check_status(r, 200, "qa sets its own presence");
	r = httpj(&S, "PUT", P("/api/v1/agents/%lld/presence", agent1), T,
	          jpack("{s:s}", "status", "offline"));
	check_status(r, 200, "an admin sets an agent's presence");
	check_str(jstr(r->json, "agent.presence"), "offline", "presence offline");
}

/* ---- customers, tags, categories ---- */
static long long cust_id;

static void test_customers(void)
{
	json_t *t =
	    mk_ticket(&S, NULL,
	              "{\"subject\":\"Customer ticket\",\"body\":\"b\",\"requester\":{\"email\":"
	              "\"lena.k@example.com\",\"name\":\"Лена Ковальчук\",\"language\":\"uk\"},"
	              "\"tags\":[\"kyc\",\"card\"]}");
	mk_ticket(&S, NULL,
	          "{\"subject\":\"Second\",\"body\":\"b\",\"requester\":{\"email\":"
	          "\"lena.k@example.com\"},\"tags\":[\"kyc\"]}");
	mk_ticket(&S, NULL,
	          "{\"subject\":\"Other customer\",\"body\":\"b\",\"requester\":{\"email\":"
	          "\"someone@example.org\",\"name\":\"Someone Else\"},\"tags\":[\"p2p\"]}");
	cust_id = jint(t, "requester.id");

	struct resp *r = http(&S, "GET", P("/api/v1/customers/%lld", cust_id), T, NULL);
	check_status(r, 200, "GET /api/v1/customers/{id} answers 200");
	json_t *c = jget(r->json, "customer");
	check_str(jstr(c, "name"), "Лена Ковальчук", "customer name byte-identical");
	check_str(jstr(c, "language"), "uk", "customer language");
	check_int(jint(c, "vip_tier"), 0, "customer vip_tier 0");
	check(rfc3339_utc(jstr(c, "created_at")) > 0 && rfc3339_utc(jstr(c, "updated_at")) > 0,
	      "customer created_at/updated_at RFC 3339 UTC");
	json_t *ids = jget(c, "identities");
	bool found = false;
	for (size_t i = 0; i < json_array_size(ids); i++) {
		json_t *x = json_array_get(ids, i);
		found |= !strcmp(jstr(x, "kind") ?: "", "email") &&
		         !strcmp(jstr(x, "value") ?: "", "lena.k@example.com") &&
		         json_is_false(jget(x, "verified"));
	}
	check(found && json_array_size(ids) == 1, "customer identities: one email, unverified (%s)",
	      jdump(ids));

	r = http(&S, "GET", P("/api/v1/customers?q=%s", qenc("Ковальчук")), T, NULL);
	check_status(r, 200, "GET /api/v1/customers?q= answers 200");
	json_t *cs = jget(r->json, "customers");
	check(json_array_size(cs) == 1 && jint(json_array_get(cs, 0), "id") == cust_id,
	      "customer search by a Cyrillic name substring finds exactly her (%s)", jdump(cs));
	check(jhas(r->json, "next_cursor"), "customer list has next_cursor");
	r = http(&S, "GET", "/api/v1/customers?q=lena.k%40example", T, NULL);
	cs = jget(r->json, "customers");
	check(json_array_size(cs) == 1 && jint(json_array_get(cs, 0), "id") == cust_id,
	      "customer search by email substring");
	r = http(&S, "GET", "/api/v1/customers?q=nobody-matches-this", T, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "customers")) == 0,
	      "customer search without match is empty");
	r = http(&S, "GET", "/api/v1/customers?limit=1", T, NULL);
	check(r->status == 200 && json_array_size(jget(r->json, "customers")) == 1 &&
	          jstr(r->json, "next_cursor"),
	      "customer list limit=1: one and a next_cursor");

	r = httpj(
	    &S, "PATCH", P("/api/v1/customers/%lld", cust_id), T,
	    jpack("{s:s,s:s,s:i}", "name", "Lena Kovalchuk", "language", "en", "vip_tier", 3));
	check_status(r, 200, "PATCH /api/v1/customers/{id} answers 200");
	check_str(jstr(r->json, "customer.name"), "Lena Kovalchuk", "customer renamed");
	check_int(jint(r->json, "customer.vip_tier"), 3, "customer vip_tier 3");
	check_str(jstr(r->json, "customer.language"), "en", "customer language changed");
	t = mk_ticket(&S, NULL,
	              "{\"subject\":\"Now "
	              "VIP\",\"body\":\"b\",\"requester\":{\"email\":\"lena.k@example.com\"}}");
	check(t && json_is_true(jget(t, "vip")) && jint(t, "requester.id") == cust_id,
	      "a ticket of a vip_tier 3 customer is vip");

	/* qa sees masked identities */
	r = http(&S, "GET", P("/api/v1/customers/%lld", cust_id), tok_qa, NULL);
	check_status(r, 200, "qa may read customers");
	const char *v = jstr(r->json, "customer.identities.0.value");
	check_str(v, "l***@example.com", "qa sees the customer email masked");
	check(!strstr(r->body, "lena.k@"), "the unmasked email appears nowhere in qa's answer");
	r = http(&S, "GET", P("/api/v1/customers/%lld", cust_id), tok_agent, NULL);
	check_str(jstr(r->json, "customer.identities.0.value"), "lena.k@example.com",
	          "an agent sees it in full");

	/* tags with counts */
	r = http(&S, "GET", "/api/v1/tags", T, NULL);
	check_status(r, 200, "GET /api/v1/tags answers 200");
	json_t *tags = jget(r->json, "tags");
	long long kyc = -1, card = -1, p2p = -1;
	for (size_t i = 0; i < json_array_size(tags); i++) {
		json_t *x = json_array_get(tags, i);
		const char *n = jstr(x, "name");
		if (!n)
			continue;
		if (!strcmp(n, "kyc"))
			kyc = jint(x, "count");
		if (!strcmp(n, "card"))
			card = jint(x, "count");
		if (!strcmp(n, "p2p"))
			p2p = jint(x, "count");
	}
	check(kyc == 2 && card == 1 && p2p == 1, "tag counts: kyc 2, card 1, p2p 1 (%s)",
	      jdump(tags));

	r = http(&S, "GET", "/api/v1/categories", T, NULL);
	check_status(r, 200, "GET /api/v1/categories answers 200");
	json_t *cats = jget(r->json, "categories");
	bool cshape = json_is_array(cats);
	for (size_t i = 0; i < json_array_size(cats); i++) {
		const char *sl = jstr(json_array_get(cats, i), "slug");
		cshape &= sl && *sl && strlen(sl) <= 40 &&
		          strspn(sl, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(sl) &&
		          jstr(json_array_get(cats, i), "name");
	}
	check(cshape, "categories are [{slug ([a-z0-9_]{1,40}), name}] (%s)", jdump(cats));
}

/* ---- tokens ---- */
static void test_tokens(void)
{
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/tokens", T,
	          jpack("{s:I,s:s}", "agent_id", (json_int_t)agent1, "name", "integration 集成"));
	check_status(r, 201, "POST /api/v1/tokens answers 201");
	const char *secret = jstr(r->json, "secret");
	json_t *tk = jget(r->json, "token");
	long long tid = jint(tk, "id");
	char sec[512];
	snprintf(sec, sizeof sec, "%s", secret ? secret : "");
	check(strlen(sec) >= 20, "the secret is shown at creation (%zu chars)", strlen(sec));
	check(tid > 0 && jint(tk, "agent_id") == agent1 &&
	          !strcmp(jstr(tk, "name") ?: "", "integration 集成") &&
	          json_is_false(jget(tk, "revoked")) && rfc3339_utc(jstr(tk, "created_at")) > 0,
	      "token object: id, agent_id, name, revoked false, created_at (%s)", jdump(tk));
	const char *prefix = jstr(tk, "prefix");
	check(prefix && *prefix && strlen(prefix) < strlen(sec) &&
	          !strncmp(sec, prefix, strlen(prefix)),
	      "token prefix is a proper prefix of the secret");
	check(!jhas(tk, "secret") && !jhas(tk, "hash"),
	      "the token object carries no secret or hash");
	check(!db_files_contain(&S, sec), "the secret is not stored in plain text");

	r = http(&S, "GET", "/api/v1/auth/me", sec, NULL);
	check_status(r, 200, "the new token authenticates");
	check_int(jint(r->json, "agent.id"), agent1, "the token acts as its agent");
	check_str(jstr(r->json, "agent.role"), "agent", "with the agent's role");

	r = http(&S, "GET", "/api/v1/tokens", T, NULL);
	check_status(r, 200, "GET /api/v1/tokens answers 200");
	json_t *ts = jget(r->json, "tokens");
	check(has_id(ts, tid) && json_array_size(ts) >= 4, "the token is listed with the others");
	check(!strstr(r->body, sec) && !strstr(r->body, S.token) && !strstr(r->body, "\"secret\""),
	      "the list shows no secret");
	json_t *mine = NULL;
	for (size_t i = 0; i < json_array_size(ts); i++)
		if (jint(json_array_get(ts, i), "id") == tid)
			mine = json_array_get(ts, i);
	check(mine && jstr(mine, "last_used_at") && rfc3339_utc(jstr(mine, "last_used_at")) > 0,
	      "last_used_at is set after use (%s)", jdump(mine));

	r = http(&S, "DELETE", P("/api/v1/tokens/%lld", tid), T, NULL);
	check_status(r, 204, "DELETE /api/v1/tokens/{id} answers 204");
	check(r->len == 0, "204 has no body");
	r = http(&S, "GET", "/api/v1/auth/me", sec, NULL);
	check_error(r, 401, "unauthorized", NULL, "a revoked token is 401 at once");
	r = http(&S, "GET", "/api/v1/tickets", sec, NULL);
	check_error(r, 401, "unauthorized", NULL, "a revoked token is 401 on every endpoint");
	r = http(&S, "GET", "/api/v1/tokens", T, NULL);
	mine = NULL;
	for (size_t i = 0; i < json_array_size(jget(r->json, "tokens")); i++)
		if (jint(json_array_get(jget(r->json, "tokens"), i), "id") == tid)
			mine = json_array_get(jget(r->json, "tokens"), i);
	check(mine && json_is_true(jget(mine, "revoked")), "the list shows it revoked");
	char *fp = db_fingerprint(&S, NULL);
	r = http(&S, "DELETE", "/api/v1/tokens/999999", T, NULL);
	check_error(r, 404, "not_found", NULL, "DELETE an unknown token is 404");
	check_unchanged(&S, fp, NULL, "nothing stored after deleting an unknown token");
	/* the CLI token still works; a token created by the CLI for another agent too */
	char *out = NULL;
	int rc = run_cmd(NULL, &out, NULL, S.bin, "token", "create", "--data", S.dir, "--email",
	                 "sup@test.local", (char *)NULL);
	char cli_tok[512];
	snprintf(cli_tok, sizeof cli_tok, "%s", out ? out : "");
	cli_tok[strcspn(cli_tok, "\r\n")] = 0;
	r = http(&S, "GET", "/api/v1/auth/me", cli_tok, NULL);
	check(rc == 0 && r->status == 200 && jint(r->json, "agent.id") == sup1,
	      "a token made by the CLI while the server runs works at once (%s)", rdesc(r));
}

/* ---- login, cookie, CSRF, rate limit ---- */
static char *cookie_pair(const char *set_cookie)
{
	/* "exdesk_session=VALUE; ..." -> "exdesk_session=VALUE" */
	static char buf[1024];
	buf[0] = 0;
	const char *p = set_cookie ? strstr(set_cookie, "exdesk_session=") : NULL;
	if (p) {
		size_t n = strcspn(p, ";\n");
		snprintf(buf, sizeof buf, "%.*s", (int)n, p);
	}
	return buf;
}

static void test_login(void)
{
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));
	check_status(r, 200, "POST /api/v1/auth/login answers 200");
	check_int(jint(r->json, "agent.id"), S.admin_id, "login answers the agent");
	const char *csrf = jstr(r->json, "csrf_token");
	char csrf_buf[512];
	snprintf(csrf_buf, sizeof csrf_buf, "%s", csrf ? csrf : "");
	check(strlen(csrf_buf) >= 16, "login answers a csrf_token");
	const char *sc = r->set_cookie;
	check(sc && strstr(sc, "exdesk_session="), "login sets the exdesk_session cookie (%s)",
	      sc ? sc : "none");
	check(contains(sc, "HttpOnly"), "the session cookie is HttpOnly");
	check(contains(sc, "SameSite=Strict"), "the session cookie is SameSite=Strict");
	check(contains(sc, "Path=/"), "the session cookie has Path=/");
	char ck[1024];
	snprintf(ck, sizeof ck, "%s", cookie_pair(sc));
	check(strlen(ck) > strlen("exdesk_session=") + 16, "the session cookie carries a value");
	check(!db_files_contain(&S, ck + strlen("exdesk_session=")),
	      "the session secret is not stored in plain text");

	struct req rq = {.method = "GET", .path = "/api/v1/auth/me", .cookie = ck};
	r = http_req(&S, &rq);
	check_status(r, 200, "GET /api/v1/auth/me with the cookie answers 200");
	check_int(jint(r->json, "agent.id"), S.admin_id, "me is the logged-in agent");
	check(agent_shape(jget(r->json, "agent")), "me answers an agent object");
	rq.path = "/api/v1/tickets";
	r = http_req(&S, &rq);
	check_status(r, 200, "a cookie GET needs no CSRF token");

	const char *body =
	    "{\"subject\":\"Via the "
	    "console\",\"body\":\"b\",\"requester\":{\"email\":\"console@example.com\"}}";
	char *fp = db_fingerprint(&S, NULL);
	struct req post = {.method = "POST", .path = "/api/v1/tickets", .cookie = ck, .body = body};
	r = http_req(&S, &post);
	check_error(r, 403, "csrf_failed", NULL,
	            "a cookie POST without X-CSRF-Token is 403 csrf_failed");
	check_unchanged(&S, fp, NULL, "nothing stored after the CSRF failure");
	post.csrf = "not-the-token";
	r = http_req(&S, &post);
	check_error(r, 403, "csrf_failed", NULL,
	            "a cookie POST with a wrong X-CSRF-Token is 403 csrf_failed");
	check_unchanged(&S, fp, NULL, "nothing stored after the wrong CSRF token");
	struct req patch = {.method = "PATCH",
	                    .path = P("/api/v1/agents/%lld", agent1),
	                    .cookie = ck,
	                    .body = "{\"name\":\"CSRF victim\"}"};
	r = http_req(&S, &patch);
	check_error(r, 403, "csrf_failed", NULL,
	            "a cookie PATCH without X-CSRF-Token is 403 csrf_failed");
	struct req del = {.method = "DELETE", .path = "/api/v1/tokens/1", .cookie = ck};
	r = http_req(&S, &del);
	check_error(r, 403, "csrf_failed", NULL,
	            "a cookie DELETE without X-CSRF-Token is 403 csrf_failed");
	check_unchanged(&S, fp, NULL, "nothing stored after the CSRF failures");
	post.csrf = csrf_buf;
	r = http_req(&S, &post);
	check_status(r, 201, "a cookie POST with the right X-CSRF-Token answers 201");
	check_int(jint(r->json, "ticket.id") > 0, 1, "the ticket was created");

	/* a valid bearer token is checked first: no CSRF needed even with a cookie present */
	struct req both = {.method = "POST",
	                   .path = "/api/v1/tickets",
	                   .cookie = ck,
	                   .token = S.token,
	                   .body = body};
	r = http_req(&S, &both);
	check_status(r, 201,
	             "bearer token plus cookie without CSRF: the bearer token decides (201)");

	/* logout needs the CSRF token too */
	fp = db_fingerprint(&S, NULL);
	struct req lo_bad = {.method = "POST", .path = "/api/v1/auth/logout", .cookie = ck};
	r = http_req(&S, &lo_bad);
	check_error(r, 403, "csrf_failed", NULL,
	            "a cookie logout without X-CSRF-Token is 403 csrf_failed");
	check_unchanged(&S, fp, NULL, "nothing changed by the refused logout");
	r = http_req(&S, &rq);
	check_status(r, 200, "the session still works after the refused logout");

	/* logout */
	struct req lo = {
	    .method = "POST", .path = "/api/v1/auth/logout", .cookie = ck, .csrf = csrf_buf};
	r = http_req(&S, &lo);
	check_status(r, 204, "POST /api/v1/auth/logout answers 204");
	check(r->set_cookie && strstr(r->set_cookie, "exdesk_session=") &&
	          (contains(r->set_cookie, "Max-Age=0") ||
	           contains(r->set_cookie, "Expires=Thu, 01 Jan 1970")),
	      "logout clears the cookie (%s)", r->set_cookie ? r->set_cookie : "none");
	rq.path = "/api/v1/auth/me";
	r = http_req(&S, &rq);
	check_error(r, 401, "unauthorized", NULL, "the old session cookie is 401 after logout");
	struct req forged = {.method = "GET",
	                     .path = "/api/v1/auth/me",
	                     .cookie = "exdesk_session=forged0123456789abcdef"};
	r = http_req(&S, &forged);
	check_error(r, 401, "unauthorized", NULL, "a forged session cookie is 401");

	/* wrong passwords and the rate limit */
	r = httpj(
	    &S, "POST", "/api/v1/auth/login", NULL,
	    jpack("{s:s,s:s}", "email", "nobody@test.local", "password", "whatever password"));
	check_error(r, 401, "invalid_credentials", NULL,
	            "login with an unknown email is 401 invalid_credentials");
	check(!r->set_cookie || !strstr(r->set_cookie, "exdesk_session=") ||
	          contains(r->set_cookie, "Max-Age=0"),
	      "a failed login sets no session cookie");
	for (int i = 1; i <= 5; i++) {
		r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
		          jpack("{s:s,s:s}", "email", "sup@test.local", "password",
		                P("wrong password %d", i)));
		check_error(r, 401, "invalid_credentials", NULL,
		            "wrong password attempt %d is 401 invalid_credentials", i);
	}
	r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", "sup@test.local", "password", "wrong password 6"));
	check_error(r, 429, "rate_limited", NULL,
	            "the 6th failed login for one email is 429 rate_limited");
	long ra = r->retry_after ? strtol(r->retry_after, NULL, 10) : 0;
	check(ra > 0 && ra <= 15 * 60, "429 carries Retry-After in seconds (%s)",
	      r->retry_after ? r->retry_after : "none");
	r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", "sup@test.local", "password", "agent password 123"));
	check_error(r, 429, "rate_limited", NULL, "while limited, even the right password is 429");
	r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", "SUP@test.local", "password", "agent password 123"));
	check_error(r, 429, "rate_limited|invalid_credentials", NULL,
	            "the limit is not dodged by changing the email's case");
	r = httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", "qa@test.local", "password", "agent password 123"));
	check_status(r, 200, "another email is not limited");
}

/* The entries of a fingerprint whose table name contains "session". */
static const char *session_part(const char *fp)
{
	static char ring[2][1024];
	static int k;
	char *out = ring[k++ % 2];
	out[0] = 0;
	const char *p = fp;
	while (p && *p) {
		size_t l = strcspn(p, ";");
		const char *colon = memchr(p, ':', l);
		if (colon && memmem(p, (size_t)(colon - p), "session", 7))
			snprintf(out + strlen(out), 1024 - strlen(out), "%.*s;", (int)l, p);
		p += l + (p[l] == ';');
	}
	return out;
}

/* Failed logins may count failures somewhere, but create no session. */
static void test_failed_login_no_session(void)
{
	char *all = db_fingerprint(&S, NULL);
	struct resp *r =
	    httpj(&S, "POST", "/api/v1/auth/login", NULL,
	          jpack("{s:s,s:s}", "email", ADMIN_EMAIL, "password", "definitely wrong"));
	check_error(r, 401, "invalid_credentials", NULL,
	            "admin with a wrong password is 401 invalid_credentials");
	char *after = db_fingerprint(&S, NULL);
	const char *a = session_part(all), *b = session_part(after);
	check(*a && !strcmp(a, b), "a failed login creates no session row (%s -> %s)", a, b);
}

/* ---- identity verification ---- */
static void test_identity(void)
{
	struct resp *r = http(&S, "GET", "/api/v1/settings/identity", T, NULL);
	check_status(r, 200, "GET /api/v1/settings/identity answers 200");
	char secret[512];
	snprintf(secret, sizeof secret, "%s", jstr(r->json, "identity_secret") ?: "");
	check(strlen(secret) >= 16, "identity_secret is shown (%zu chars)", strlen(secret));

	const char *uid = "EX-UID-700123";
	char mac[65];
	hmac_sha256_hex(secret, strlen(secret), uid, strlen(uid), mac);
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s,s:s,s:s}}", "subject", "Verified user", "body", "b",
	                "requester", "exchange_uid", uid, "name", "Verified Person", "user_hash",
	                mac));
	check_status(r, 201, "a ticket with exchange_uid and the right user_hash answers 201");
	long long cid = jint(r->json, "ticket.requester.id");
	r = http(&S, "GET", P("/api/v1/customers/%lld", cid), T, NULL);
	bool verified = false;
	for (size_t i = 0; i < json_array_size(jget(r->json, "customer.identities")); i++) {
		json_t *x = json_array_get(jget(r->json, "customer.identities"), i);
		verified |= !strcmp(jstr(x, "kind") ?: "", "exchange_uid") &&
		            !strcmp(jstr(x, "value") ?: "", uid) &&
		            json_is_true(jget(x, "verified"));
	}
	check(verified, "the exchange_uid identity is verified (%s)",
	      jdump(jget(r->json, "customer.identities")));

	/* without a hash: accepted, unverified */
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s}}", "subject", "Unverified user", "body", "b", "requester",
	                "exchange_uid", "EX-UID-700999"));
	check_status(r, 201, "a ticket with exchange_uid and no user_hash answers 201");
	r = http(&S, "GET", P("/api/v1/customers/%lld", jint(r->json, "ticket.requester.id")), T,
	         NULL);
	check(json_is_false(jget(r->json, "customer.identities.0.verified")),
	      "without user_hash the identity is unverified");

	char bad[65];
	snprintf(bad, sizeof bad, "%s", mac);
	bad[0] = bad[0] == '0' ? '1' : '0';
	char *fp = db_fingerprint(&S, NULL);
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s,s:s}}", "subject", "Impostor", "body", "b", "requester",
	                "exchange_uid", "EX-UID-700555", "user_hash", bad));
	check_error(r, 422, "invalid_value", "requester.user_hash",
	            "a wrong user_hash is 422 invalid_value");
	check_unchanged(&S, fp, NULL, "nothing stored after the wrong user_hash");
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s,s:s}}", "subject", "Impostor", "body", "b", "requester",
	                "exchange_uid", "EX-UID-700555", "user_hash", mac));
	check_error(r, 422, "invalid_value", "requester.user_hash",
	            "another uid's valid hash is 422 invalid_value");
	check_unchanged(&S, fp, NULL, "nothing stored after the borrowed user_hash");

	r = http(&S, "POST", "/api/v1/settings/identity/rotate", T, NULL);
	check_status(r, 200, "POST /api/v1/settings/identity/rotate answers 200");
	char secret2[512];
	snprintf(secret2, sizeof secret2, "%s", jstr(r->json, "identity_secret") ?: "");
	check(strlen(secret2) >= 16 && strcmp(secret, secret2), "rotation gives a new secret");
	r = http(&S, "GET", "/api/v1/settings/identity", T, NULL);
	check_str(jstr(r->json, "identity_secret"), secret2, "the new secret is the current one");
	fp = db_fingerprint(&S, NULL);
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s,s:s}}", "subject", "Old key", "body", "b", "requester",
	                "exchange_uid", uid, "user_hash", mac));
	check_error(r, 422, "invalid_value", "requester.user_hash",
	            "a hash made with the old secret no longer verifies");
	check_unchanged(&S, fp, NULL, "nothing stored after the old-secret hash");
	char mac2[65];
	hmac_sha256_hex(secret2, strlen(secret2), uid, strlen(uid), mac2);
	r = httpj(&S, "POST", "/api/v1/tickets", T,
	          jpack("{s:s,s:s,s:{s:s,s:s}}", "subject", "New key", "body", "b", "requester",
	                "exchange_uid", uid, "user_hash", mac2));
	check_status(r, 201, "a hash made with the new secret verifies");
	check_int(jint(r->json, "ticket.requester.id"), cid,
	          "the same exchange uid is the same customer");
}

int main(void)
{
	h_init(240);
	srv_start(&S);
	T = S.token;
	test_groups();
	test_agents();
	test_customers();
	test_tokens();
	test_login();
	test_failed_login_no_session();
	test_identity();
	check_status(http(&S, "GET", "/healthz", NULL, NULL), 200,
	             "server still healthy at the end");
	return h_finish();
}
