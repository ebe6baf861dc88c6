/* t_routing — the admins' routing rules through the API, and what they do to new tickets:
 * keyword rules in Chinese and Russian send "account frozen" straight to second line (raised
 * priority, tags, an audited ticket.routed event naming the rule and keyword); a Japanese VIP
 * chat goes to the Japanese VIP group; a requester domain rule; the default group; an explicit
 * group_id bypasses the rules; order, disable and delete take effect at once; bad rules are
 * refused with the field at fault and change nothing; only admins manage rules. */
#include "harness.h"

#include <string.h>

static struct srv S;
static long long L1, L2, VIPJP, VIP;

static json_t *rule(const char *json_text, long want)
{
	struct resp *r = http(&S, "POST", "/api/v1/routing/rules", S.token, json_text);
	check_status(r, want, "POST rule %.60s", json_text);
	return r->json;
}

static json_t *ticket(const char *json_text)
{
	return mk_ticket(&S, S.token, json_text);
}

static bool has_tag(json_t *t, const char *tag)
{
	json_t *tags = jget(t, "tags"), *v;
	size_t i;
	json_array_foreach(tags, i, v) if (!strcmp(json_string_value(v), tag)) return true;
	return false;
}

static json_t *routed_event(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/events", id), S.token, NULL);
	json_t *ev, *arr = jget(r->json, "events");
	size_t i;
	json_array_foreach(arr, i, ev) if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), "ticket.routed")) return ev;
	return NULL;
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	L1 = mk_group(&S, "Account L1", "L1");
	L2 = mk_group(&S, "Account L2", "L2");
	VIPJP = mk_group(&S, "VIP 日本語", "L1");
	VIP = mk_group(&S, "VIP", "L1");
	struct resp *r = httpj(&S, "PUT", "/api/v1/routing/default", S.token, jpack("{s:I}", "group_id", (json_int_t)L1));
	check_status(r, 200, "the admin sets the default group");

	json_t *frozen = rule(P("{\"name\":\"Account frozen\",\"conditions\":{\"keywords\":[\"冻结\",\"account "
				"frozen\",\"заблокир*\"]},\"actions\":{\"group_id\":%lld,\"priority\":\"high\","
				"\"tags\":[\"account_frozen\"],\"escalate\":true}}", L2), 201);
	long long frozen_id = jint(frozen, "rule.id");
	check_int(jint(frozen, "rule.position"), 1, "the first rule gets position 1");
	rule(P("{\"name\":\"Japanese VIP chat\",\"conditions\":{\"channels\":[\"chat\"],\"languages\":[\"ja\"],"
	       "\"vip_min\":1},\"actions\":{\"group_id\":%lld,\"priority\":\"high\",\"priority_mode\":\"raise\"}}",
	       VIPJP), 201);
	json_t *dom = rule(P("{\"name\":\"Institutional\",\"conditions\":{\"requester_domains\":[\"vip.example.com\"]},"
			     "\"actions\":{\"group_id\":%lld}}", VIP), 201);
	long long dom_id = jint(dom, "rule.id");
	r = http(&S, "GET", "/api/v1/routing/rules", S.token, NULL);
	check_int((long long)json_array_size(jget(r->json, "rules")), 3, "three rules listed");
	check_int(jint(r->json, "default_group_id"), L1, "with the default group");

	/* Chinese: straight to second line, raised, tagged, audited. */
	json_t *t = ticket("{\"subject\":\"账户被冻结了\",\"body\":\"提现后账户被冻结了，怎么办？\","
			   "\"requester\":{\"email\":\"wang@example.cn\"}}");
	check_int(jint(t, "group_id"), L2, "\"账户被冻结了\" goes straight to L2");
	check_str(jstr(t, "priority"), "high", "... with priority high");
	check(has_tag(t, "account_frozen") && has_tag(t, "escalated_by_rule"), "... tagged account_frozen and escalated_by_rule");
	json_t *ev = routed_event(jint(t, "id"));
	check(ev && jint(ev, "after.rule_id") == frozen_id, "a ticket.routed event names the rule");
	check_str(ev ? jstr(ev, "after.keyword") : NULL, "冻结", "... and the keyword that matched");
	/* Russian, any case and inflection. */
	t = ticket("{\"subject\":\"Помогите\",\"body\":\"МОЙ АККАУНТ ЗАБЛОКИРОВАЛИ после вывода\","
		   "\"requester\":{\"email\":\"ivan@example.ru\"}}");
	check_int(jint(t, "group_id"), L2, "\"ЗАБЛОКИРОВАЛИ\" matches заблокир*");
	/* A Japanese chat from a VIP. */
	t = ticket("{\"subject\":\"出金\",\"body\":\"出金が反映されません\",\"channel\":\"chat\",\"language\":\"ja\","
		   "\"requester\":{\"exchange_uid\":\"U77\",\"vip_tier\":2}}");
	check_int(jint(t, "group_id"), VIPJP, "a Japanese VIP chat goes to the Japanese VIP group");
	t = ticket("{\"subject\":\"出金\",\"body\":\"出金が反映されません\",\"channel\":\"chat\",\"language\":\"ja\","
		   "\"requester\":{\"exchange_uid\":\"U78\"}}");
	check_int(jint(t, "group_id"), L1, "the same chat from a non-VIP goes to the default group");
	t = ticket("{\"subject\":\"API keys\",\"body\":\"rotate our keys\",\"requester\":{\"email\":\"ops@desk.vip.example.com\"}}");
	check_int(jint(t, "group_id"), VIP, "a subdomain of a domain rule matches");
	t = ticket(P("{\"subject\":\"账户被冻结了\",\"body\":\"冻结\",\"group_id\":%lld,\"requester\":{\"email\":"
		     "\"x@example.cn\"}}", L1));
	check_int(jint(t, "group_id"), L1, "an explicit group_id is not overridden");
	check(!has_tag(t, "account_frozen"), "... and no rule ran");

	/* Order: the domain rule first wins for a frozen institutional account. */
	r = httpj(&S, "PATCH", P("/api/v1/routing/rules/%lld", dom_id), S.token, jpack("{s:i}", "position", 0));
	check_status(r, 422, "position 0 is refused");
	r = httpj(&S, "PATCH", P("/api/v1/routing/rules/%lld", frozen_id), S.token, jpack("{s:i}", "position", 10));
	check_status(r, 200, "the frozen rule moves to the end");
	t = ticket("{\"subject\":\"frozen\",\"body\":\"our account frozen\",\"requester\":{\"email\":\"a@vip.example.com\"}}");
	check_int(jint(t, "group_id"), VIP, "first match wins after reordering");
	r = httpj(&S, "PATCH", P("/api/v1/routing/rules/%lld", dom_id), S.token, jpack("{s:b}", "enabled", 0));
	check_status(r, 200, "the domain rule is disabled");
	t = ticket("{\"subject\":\"frozen\",\"body\":\"our account frozen\",\"requester\":{\"email\":\"b@vip.example.com\"}}");
	check_int(jint(t, "group_id"), L2, "a disabled rule no longer applies");
	r = http(&S, "DELETE", P("/api/v1/routing/rules/%lld", dom_id), S.token, NULL);
	check_status(r, 204, "a rule is deleted");
	r = http(&S, "GET", P("/api/v1/routing/rules/%lld", dom_id), S.token, NULL);
	check_status(r, 404, "... and is gone");

	/* Bad rules change nothing. */
	char *before = db_fingerprint(&S, NULL);
	static const struct {
		const char *body, *field;
	} bad[] = {
		{"{\"name\":\"x\",\"actions\":{\"group_id\":%lld,\"escalate\":true}}", "actions.escalate"},
		{"{\"name\":\"x\",\"conditions\":{\"channels\":[\"fax\"]},\"actions\":{\"group_id\":%lld}}", "conditions.channels"},
		{"{\"name\":\"x\",\"conditions\":{\"vip_min\":7},\"actions\":{\"group_id\":%lld}}", "conditions.vip_min"},
		{"{\"name\":\"x\",\"conditions\":{\"requester_domains\":[\"not a domain\"]},\"actions\":{\"group_id\":%lld}}", "conditions.requester_domains"},
		{"{\"name\":\"x\",\"conditions\":{\"vip_min\":3,\"vip_max\":1},\"actions\":{\"group_id\":%lld}}", "conditions.vip_min"},
		{"{\"name\":\"x\",\"actions\":{\"group_id\":%lld,\"priority\":\"asap\"}}", "actions.priority"},
		{"{\"name\":\"x\",\"conditions\":{\"keywords\":[\"\"]},\"actions\":{\"group_id\":%lld}}", "conditions.keywords"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = http(&S, "POST", "/api/v1/routing/rules", S.token, P(bad[i].body, L1));
		checkd(r->status == 422 && err_field(r) && !strncmp(err_field(r), bad[i].field, strlen(bad[i].field)),
		       r->body, "a bad rule is refused with 422 on %s", bad[i].field);
	}
	r = http(&S, "POST", "/api/v1/routing/rules", S.token, "{\"name\":\"x\",\"actions\":{\"group_id\":999999}}");
	check_error(r, 422, "invalid_value", "actions.group_id", "a rule to a group that does not exist");
	r = http(&S, "POST", "/api/v1/routing/rules", S.token, "{\"name\":\"x\"}");
	check(r->status == 400 || r->status == 422, "a rule without actions is refused");
	check_unchanged(&S, before, NULL, "refused rules changed nothing");

	char agent[512];
	mk_agent(&S, "agent.r@test.local", "Agent R", "agent", NULL, NULL, agent);
	r = http(&S, "GET", "/api/v1/routing/rules", agent, NULL);
	check_status(r, 403, "an agent may not read the rules");
	r = http(&S, "POST", "/api/v1/routing/rules", agent, P("{\"name\":\"x\",\"actions\":{\"group_id\":%lld}}", L1));
	check_status(r, 403, "... nor write them");
	srv_stop(&S);
	return h_finish();
}
