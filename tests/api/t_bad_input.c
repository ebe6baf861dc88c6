/* t_bad_input — hostile and broken bodies for the ticket, people, routing and SLA endpoints:
 * tickets (create, update, reply, notes, customer messages, escalate, merge), login, agents,
 * presence, groups, customers, tokens, routing/assignment, calendars, shifts and SLA policies;
 * plus the ticket limits that must be accepted exactly at the edge (subject, body, tags) and the
 * nested and oversized ones that must not. The chat, mail, macro and knowledge-base bodies are in
 * t_bad_input_chat; ids, queries, routes, credentials and raw sockets in t_bad_input_http. What
 * they share (the endpoint table runner, refuse(), the limits) is bad_input_common.h. */
#include "bad_input_common.h"

static long long CALID, SHIFTID; /* a calendar and a shift to PATCH */

static void setup(void)
{
	struct resp *r;
	setup_base();
	r = http(&S, "POST", "/api/v1/calendars", T,
	         "{\"name\":\"Setup calendar\",\"spec\":\"tz=UTC; mon-fri 08:00-20:00\"}");
	CALID = jint(r->json, "calendar.id");
	r = http(&S, "POST", "/api/v1/shifts", T,
	         "{\"name\":\"Setup shift\",\"spec\":\"tz=UTC; 08:00-16:00\"}");
	SHIFTID = jint(r->json, "shift.id");
	check(CALID > 0 && SHIFTID > 0, "setup: a calendar and a shift");
}

static void build_table(void)
{
	struct ep *e;
	e = add(
	    "POST", "/api/v1/tickets", "/api/v1/tickets", 201,
	    P("{\"subject\":\"Baseline\",\"body\":\"b\",\"requester\":{\"email\":\"base@example."
	      "com\","
	      "\"name\":\"Base\",\"language\":\"en\",\"vip_tier\":1},\"channel\":\"web\","
	      "\"priority\":\"low\","
	      "\"category\":\"%s\",\"tags\":[\"a\",\"b\"],\"group_id\":%lld,\"language\":\"en\"}",
	      CAT, gA));
	struct field tf[] = {
	    {"subject", 's', true, MAX_SUBJECT, {"\"\"", "\"   \""}},
	    {"body", 's', true, MAX_MESSAGE, {"\"\""}},
	    {"requester", 'o', true, 0, {0}},
	    {"requester.email",
	     's',
	     false,
	     MAX_EMAIL,
	     {"\"not-an-email\"", "\"a@@b.com\"", "\"a b@example.com\""}},
	    {"requester.name", 's', false, MAX_NAME, {0}},
	    {"requester.language", 's', false, 0, {"\"not a language!\"", "\"e\""}},
	    {"requester.vip_tier", 'i', false, 0, {"6", "-1"}},
	    {"channel", 's', false, 0, {"\"fax\""}},
	    {"priority", 's', false, 0, {"\"critical\"", "\"HIGH \""}},
	    {"category", 's', false, 0, {"\"Not A Slug!\""}},
	    {"tags", 'a', false, 0, {"[\"bad tag!\"]", "[\"\"]"}},
	    {"group_id", 'n', false, 0, {"999999", "0"}},
	    {"language", 's', false, 0, {"\"???\""}},
	    {0}};
	memcpy(e->f, tf, sizeof tf);

	e = add(
	    "PATCH", "/api/v1/tickets/{id}", P("/api/v1/tickets/%lld", t1), 200,
	    P("{\"status\":\"open\",\"priority\":\"high\",\"assignee_id\":%lld,\"group_id\":%lld,"
	      "\"tags\":[\"x\"],\"category\":\"%s\",\"subject\":\"Patched\"}",
	      agent, gA, CAT));
	struct field pf[] = {{"status", 's', false, 0, {"\"bogus\"", "\"Open\""}},
	                     {"priority", 's', false, 0, {"\"critical\""}},
	                     {"assignee_id", 'n', false, 0, {"999999"}},
	                     {"group_id", 'n', false, 0, {"999999"}},
	                     {"tags", 'a', false, 0, {"[\"no way!\"]"}},
	                     {"category", 's', false, 0, {"\"Not A Slug!\""}},
	                     {"subject", 's', false, MAX_SUBJECT, {"\"\""}},
	                     {0}};
	memcpy(e->f, pf, sizeof pf);

	e = add("POST", "/api/v1/tickets/{id}/reply", P("/api/v1/tickets/%lld/reply", t1), 201,
	        "{\"body\":\"We are on it.\",\"status\":\"pending\"}");
	struct field rf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}},
	                     {"status", 's', false, 0, {"\"bogus\""}},
	                     {0}};
	memcpy(e->f, rf, sizeof rf);

	e = add("POST", "/api/v1/tickets/{id}/notes", P("/api/v1/tickets/%lld/notes", t1), 201,
	        "{\"body\":\"internal\"}");
	struct field nf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}}, {0}};
	memcpy(e->f, nf, sizeof nf);

	e = add("POST", "/api/v1/tickets/{id}/messages", P("/api/v1/tickets/%lld/messages", t1),
	        201, "{\"body\":\"from the customer\"}");
	memcpy(e->f, nf, sizeof nf);

	e = add("POST", "/api/v1/tickets/{id}/escalate", P("/api/v1/tickets/%lld/escalate", t1),
	        201, P("{\"group_id\":%lld,\"summary\":\"s\",\"actions_taken\":\"a\"}", gB));
	struct field ef[] = {{"group_id", 'i', true, 0, {"999999"}},
	                     {"summary", 's', true, MAX_SUMMARY, {"\"\""}},
	                     {"actions_taken", 's', true, MAX_SUMMARY, {0}},
	                     {0}};
	memcpy(e->f, ef, sizeof ef);

	e = add("POST", "/api/v1/tickets/{id}/merge", P("/api/v1/tickets/%lld/merge", t3), 200,
	        P("{\"into_id\":%lld}", t2));
	struct field mf[] = {{"into_id", 'i', true, 0, {"999999"}}, {0}};
	memcpy(e->f, mf, sizeof mf);

	e = add("POST", "/api/v1/auth/login", "/api/v1/auth/login", 200,
	        "{\"email\":\"login.probe@test.local\",\"password\":\"agent password 123\"}");
	e->no_token = true;
	struct field lf[] = {
	    {"email", 's', true, MAX_EMAIL, {0}}, {"password", 's', true, MAX_PASSWORD, {0}}, {0}};
	memcpy(e->f, lf, sizeof lf);

	e = add("POST", "/api/v1/agents", "/api/v1/agents", 201,
	        P("{\"email\":\"new.agent@test.local\",\"name\":\"New "
	          "Agent\",\"role\":\"agent\",\"tier\":\"L1\","
	          "\"groups\":[%lld],\"languages\":[\"en\"],\"shift\":\"day\",\"password\":\"long "
	          "enough pw\",\"skills\":[\"futures\"],\"vip_capable\":true,\"max_chats\":4,"
	          "\"max_tickets\":25}",
	          gA));
	struct field af[] = {{"email", 's', true, MAX_EMAIL, {"\"no-at-sign\""}},
	                     {"name", 's', true, MAX_NAME, {"\"\"", "\"  \""}},
	                     {"role", 's', true, 0, {"\"root\"", "\"Admin\""}},
	                     {"tier", 's', false, 0, {"\"L9\""}},
	                     {"groups", 'd', false, 0, {"[999999]"}},
	                     {"languages", 'a', false, 0, {"[\"!!\"]"}},
	                     {"password", 's', false, MAX_PASSWORD, {"\"short\""}},
	                     {"shift", 's', false, MAX_SLA_NAME, {"\"evening\""}},
	                     {"skills", 'a', false, 0, {"[\"bad skill!\"]", "[\"a,b\"]"}},
	                     {"vip_capable", 'b', false, 0, {0}},
	                     {"max_chats", 'i', false, 0, {"101", "-1"}},
	                     {"max_tickets", 'i', false, 0, {"101", "-1"}},
	                     {0}};
	memcpy(e->f, af, sizeof af);

	e = add("PATCH", "/api/v1/agents/{id}", P("/api/v1/agents/%lld", agent), 200,
	        P("{\"name\":\"Renamed\",\"role\":\"agent\",\"tier\":\"L2\",\"groups\":[%lld],"
	          "\"languages\":[\"en\"],"
	          "\"active\":true,\"shift\":\"night\",\"password\":\"another long pw\","
	          "\"skills\":[\"p2p\",\"futures\"],\"vip_capable\":false,\"max_chats\":2,"
	          "\"max_tickets\":10}",
	          gA));
	struct field apf[] = {{"name", 's', false, MAX_NAME, {"\"\""}},
	                      {"role", 's', false, 0, {"\"root\""}},
	                      {"tier", 's', false, 0, {"\"L9\""}},
	                      {"groups", 'd', false, 0, {"[999999]"}},
	                      {"languages", 'a', false, 0, {"[\"!!\"]"}},
	                      {"active", 'b', false, 0, {0}},
	                      {"password", 's', false, MAX_PASSWORD, {"\"short\""}},
	                      {"shift", 's', false, MAX_SLA_NAME, {"\"evening\""}},
	                      {"skills", 'a', false, 0, {"[\"bad skill!\"]"}},
	                      {"vip_capable", 'b', false, 0, {0}},
	                      {"max_chats", 'i', false, 0, {"101", "-1"}},
	                      {"max_tickets", 'i', false, 0, {"101"}},
	                      {0}};
	memcpy(e->f, apf, sizeof apf);

	e = add("PUT", "/api/v1/agents/{id}/presence", P("/api/v1/agents/%lld/presence", agent),
	        200, "{\"status\":\"online\"}");
	struct field prf[] = {{"status", 's', true, 0, {"\"busy\"", "\"ONLINE\""}}, {0}};
	memcpy(e->f, prf, sizeof prf);

	e = add("POST", "/api/v1/groups", "/api/v1/groups", 201,
	        "{\"name\":\"New "
	        "group\",\"tier\":\"L2\",\"languages\":[\"en\"],\"vip\":false,\"product_area\":"
	        "\"cards\"}");
	struct field gf[] = {
	    {"name", 's', true, MAX_NAME, {"\"\""}},    {"tier", 's', true, 0, {"\"L4\""}},
	    {"languages", 'a', false, 0, {"[\"!!\"]"}}, {"vip", 'b', false, 0, {0}},
	    {"product_area", 's', false, 0, {0}},       {0}};
	memcpy(e->f, gf, sizeof gf);

	e = add("PATCH", "/api/v1/groups/{id}", P("/api/v1/groups/%lld", gA), 200,
	        "{\"name\":\"Group "
	        "A\",\"tier\":\"L1\",\"languages\":[\"en\"],\"vip\":false,\"product_area\":"
	        "\"deposits\"}");
	struct field gpf[] = {
	    {"name", 's', false, MAX_NAME, {"\"\""}},   {"tier", 's', false, 0, {"\"L4\""}},
	    {"languages", 'a', false, 0, {"[\"!!\"]"}}, {"vip", 'b', false, 0, {0}},
	    {"product_area", 's', false, 0, {0}},       {0}};
	memcpy(e->f, gpf, sizeof gpf);

	e = add("PATCH", "/api/v1/customers/{id}", P("/api/v1/customers/%lld", cust), 200,
	        "{\"name\":\"Customer\",\"language\":\"en\",\"vip_tier\":1}");
	struct field cf[] = {{"name", 's', false, MAX_NAME, {0}},
	                     {"language", 's', false, 0, {"\"not a language!\""}},
	                     {"vip_tier", 'i', false, 0, {"6", "-1"}},
	                     {0}};
	memcpy(e->f, cf, sizeof cf);

	e = add("POST", "/api/v1/tokens", "/api/v1/tokens", 201,
	        P("{\"agent_id\":%lld,\"name\":\"ci token\"}", agent));
	struct field kf[] = {
	    {"agent_id", 'i', true, 0, {"999999"}}, {"name", 's', true, MAX_NAME, {"\"\""}}, {0}};
	memcpy(e->f, kf, sizeof kf);

	e = add("PUT", "/api/v1/routing/assignment", "/api/v1/routing/assignment", 200,
	        "{\"enabled\":false,\"requeue_grace_seconds\":60,\"after_hours_reply\":false}");
	struct field asf[] = {{"enabled", 'b', false, 0, {0}},
	                      {"requeue_grace_seconds", 'i', false, 0, {"-1", "86401"}},
	                      {"after_hours_reply", 'b', false, 0, {0}},
	                      {0}};
	memcpy(e->f, asf, sizeof asf);

	/* ---- SLA policies, calendars, shifts ---- */
	e = add("POST", "/api/v1/calendars", "/api/v1/calendars", 201,
	        "{\"name\":\"Berlin office\",\"spec\":\"tz=Europe/Berlin; mon-fri 09:00-18:00\"}");
	struct field calf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"two\\nlines\""}},
	    {"spec",
	     's',
	     true,
	     MAX_CALENDAR,
	     {"\"mon-fri 09:00-18:00\"", "\"tz=Mars/Olympus; mon 09:00-10:00\"",
	      "\"tz=UTC; mon 25:00-26:00\""}},
	    {0}};
	memcpy(e->f, calf, sizeof calf);
	e = add("PATCH", "/api/v1/calendars/{id}", P("/api/v1/calendars/%lld", CALID), 200,
	        "{\"name\":\"Setup calendar 2\",\"spec\":\"24/7\"}");
	struct field calpf[] = {
	    {"name", 's', false, MAX_SLA_NAME, {"\"\"", "\"\\u0007bell\""}},
	    {"spec", 's', false, MAX_CALENDAR, {"\"\"", "\"24/7; holidays 2026-12-25\""}},
	    {0}};
	memcpy(e->f, calpf, sizeof calpf);
	e = add("POST", "/api/v1/shifts", "/api/v1/shifts", 201,
	        "{\"name\":\"Tokyo day\",\"spec\":\"tz=Asia/Tokyo; mon-fri 09:00-18:00\"}");
	struct field shf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"a\\rb\""}},
	    {"spec",
	     's',
	     true,
	     MAX_SHIFT,
	     {"\"tz=UTC; 09:00-09:00\"", "\"24/7\"", "\"tz=Nowhere/City; 09:00-17:00\""}},
	    {0}};
	memcpy(e->f, shf, sizeof shf);
	e = add("PATCH", "/api/v1/shifts/{id}", P("/api/v1/shifts/%lld", SHIFTID), 200,
	        "{\"name\":\"Setup shift 2\",\"spec\":\"tz=UTC; fri 22:00-06:00\"}");
	struct field shpf[] = {{"name", 's', false, MAX_SLA_NAME, {"\"\""}},
	                       {"spec", 's', false, MAX_SHIFT, {"\"09:00-17:00\""}},
	                       {0}};
	memcpy(e->f, shpf, sizeof shpf);
	/* Over 2^63 / 1000 seconds the value is outside the field's range; within it, the SLA
	 * rules refuse it (over 366 days): both 422 invalid_value. */
	struct field polf[] = {
	    {"name", 's', true, MAX_SLA_NAME, {"\"\"", "\"tab\\there\""}},
	    {"enabled", 'b', false, 0, {0}},
	    {"position", 'i', false, 0, {"0", "-1", "1000001"}},
	    {"priorities", 'a', false, 0, {"[\"asap\"]", "[\"High\"]"}},
	    {"channels", 'a', false, 0, {"[\"fax\"]"}},
	    {"vip_min", 'i', false, 0, {"-1", "6"}},
	    {"vip_max", 'n', false, 0, {"6", "-1"}},
	    {"first_response_seconds", 'i', false, 0, {"-1", "31622401"}},
	    {"next_response_seconds", 'i', false, 0, {"-5", "9223372036854775807"}},
	    {"resolution_seconds", 'i', false, 0, {"99999999999"}},
	    {"warn_percent", 'i', false, 0, {"100", "-1"}},
	    {"pause_on_hold", 'b', false, 0, {0}},
	    {"calendar_id", 'n', false, 0, {"999999", "0"}},
	    {"breach_actions", 'o', false, 0, {0}},
	    {"breach_actions.raise_priority", 'b', false, 0, {0}},
	    {"breach_actions.notify_supervisor", 'b', false, 0, {0}},
	    {"breach_actions.reassign", 'b', false, 0, {0}},
	    {0}};
	const char *polbase =
	    "{\"name\":\"%s\",\"enabled\":true,\"position\":2,\"priorities\":[\"high\"],"
	    "\"channels\":[\"email\"],\"vip_min\":0,\"vip_max\":5,\"first_response_seconds\":60,"
	    "\"next_response_seconds\":120,\"resolution_seconds\":3600,\"warn_percent\":75,"
	    "\"pause_on_hold\":false,\"calendar_id\":%lld,\"breach_actions\":{\"raise_priority\":"
	    "true,\"notify_supervisor\":false,\"reassign\":false}}";
	e = add("POST", "/api/v1/sla/policies", "/api/v1/sla/policies", 201,
	        P(polbase, "Bad input policy", CALID));
	memcpy(e->f, polf, sizeof polf);
	e = add("PATCH", "/api/v1/sla/policies/{id}", "/api/v1/sla/policies/1", 200,
	        P(polbase, "vip-chat", CALID));
	memcpy(e->f, polf, sizeof polf);
	e->f[0].required = false;

	/* crypto/validate (deposit recovery, docs/exchange/recovery.md): public, stores nothing */
	e = add("POST", "/api/v1/crypto/validate", "/api/v1/crypto/validate", 200,
	        "{\"network\":\"XRP\",\"address\":\"rkdbX6eagaXDSGqk7V8w5WibMzTm6d9TZ\","
	        "\"memo\":\"104729\",\"txid\":\"349478A8EB11EF467223BE5302395FD11DF21B56B94749398"
	        "63B6B1F4B45438C\",\"sender\":\"rrw4jx2duNDE3mz6MYB3qbeHYvJithHH4\"}");
	struct field cvf[] = {
	    {"network", 's', true, 32, {"\"DOGECOIN_CLASSIC\"", "\"\""}},
	    {"address", 's', false, 512, {0}},
	    {"memo", 's', false, 512, {0}},
	    {"txid", 's', false, 512, {0}},
	    {"sender", 's', false, 512, {0}},
	    {0}};
	memcpy(e->f, cvf, sizeof cvf);
}

/* ---- boundaries that must be accepted ---- */
static void test_boundaries(void)
{
	/* exactly MAX_SUBJECT bytes, mostly 3-byte characters: accepted and intact */
	char subj[MAX_SUBJECT + 1];
	snprintf(subj, sizeof subj, "%s%s", repeat("充", 166), "ab");
	char tags[4096] = "";
	for (int i = 0; i < MAX_TAGS; i++)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s\"t%02d%s\"",
		         i ? "," : "", i, i == 0 ? repeat("x", MAX_TAG - 3) : "");
	char *body = repeat("b", MAX_MESSAGE);
	size_t need = strlen(subj) + strlen(tags) + strlen(body) + 256;
	char *js = malloc(need);
	snprintf(js, need,
	         "{\"subject\":\"%s\",\"body\":\"%s\",\"requester\":{\"email\":\"edge@example."
	         "com\"},\"tags\":[%s]}",
	         subj, body, tags);
	struct resp *r = http(&S, "POST", "/api/v1/tickets", T, js);
	free(js);
	check_status(r, 201,
	             "a ticket with subject of exactly 500 bytes, body of 64 KiB and 30 tags (one "
	             "of 64 bytes) is accepted");
	check_str(jstr(r->json, "ticket.subject"), subj, "the 500-byte subject comes back intact");
	check_int((long long)json_array_size(jget(r->json, "ticket.tags")), MAX_TAGS,
	          "all 30 tags kept");

	/* over the tag limits */
	struct ep e = {.method = "POST", .label = "/api/v1/tickets", .path = "/api/v1/tickets"};
	char t31[4096] = "";
	for (int i = 0; i <= MAX_TAGS; i++)
		snprintf(t31 + strlen(t31), sizeof t31 - strlen(t31), "%s\"t%02d\"", i ? "," : "",
		         i);
	char *b31 = malloc(8192);
	snprintf(b31, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@example.com\"},"
	         "\"tags\":[%s]}",
	         t31);
	refuse_text(&e, b31, 422, "too_many", "tags*", "31 tags (MAX_TAGS 30)");
	char *b65 = malloc(8192);
	snprintf(b65, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@example.com\"},"
	         "\"tags\":[\"%s\"]}",
	         repeat("t", MAX_TAG + 1));
	refuse_text(&e, b65, 422, "too_long", "tags*", "a tag of 65 bytes (MAX_TAG 64)");
	char *buid = malloc(8192);
	snprintf(buid, 8192,
	         "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"exchange_uid\":\"%s\"}}",
	         repeat("U", MAX_UID + 1));
	refuse_text(&e, buid, 422, "too_long", "requester.exchange_uid",
	            "an exchange_uid of 129 bytes (MAX_UID 128)");
	refuse_text(&e, strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{}}"), 422,
	            "missing_field|invalid_value", "requester*",
	            "a requester without email or exchange_uid");
	refuse_text(
	    &e, strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"name\":\"No Id\"}}"),
	    422, "missing_field|invalid_value", "requester*", "a requester with only a name");
	char *bvip = strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@"
	                    "example.com\",\"zz\":1}}");
	refuse_text(&e, bvip, 422, "unknown_field", "requester.zz", "an unknown nested field");
	char *bint = strdup("{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"edge@"
	                    "example.com\"},\"group_id\":99999999999999999999999}");
	refuse_text(&e, bint, 0, "malformed_json|invalid_value|wrong_type", NULL,
	            "an integer beyond 64 bits");
	/* deep nesting */
	size_t depth = 100000;
	char *deep = malloc(2 * depth + 32);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = 0;
	refuse(&e, deep, 2 * depth, NULL, 400, "malformed_json", NULL, "100000 nested arrays");
	free(deep);
	/* application/json with a charset parameter is still JSON */
	struct req rq = {.method = "POST",
	                 .path = "/api/v1/tickets",
	                 .token = T,
	                 .content_type = "application/json; charset=utf-8",
	                 .body = "{\"subject\":\"charset\",\"body\":\"b\",\"requester\":{\"email\":"
	                         "\"edge@example.com\"}}"};
	r = http_req(&S, &rq);
	check_status(r, 201, "Content-Type application/json; charset=utf-8 is accepted");
}

int main(void)
{
	h_init(300);
	srv_start(&S);
	T = S.token;
	setup();
	build_table();
	test_boundaries();
	run_table();
	return h_finish();
}
