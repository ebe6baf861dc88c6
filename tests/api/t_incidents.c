/* t_incidents — incidents and compensation against the real demo exchange
 * (docs/exchange/incidents.md, docs/api.md "Incidents"): declare; tickets linked by rule (on
 * declaring, when a ticket is opened, on demand) and by hand, a link removed by hand not put
 * back; the public banner in a language with its fallback and nothing internal; one reply to all
 * linked tickets, once each, in the customer's language; compensation lists: a bad line refused
 * with its line number and nothing stored, the hash and the totals, approval by the importer or
 * with a wrong hash refused and by a second person accepted; payment through the connector —
 * every balance up by exactly its amount, paying again and a retried request credit nothing
 * more, the exchange away during a payment fails the rows with the error and a later payment
 * pays the rest once; a verified customer's eligibility and a forged hash; the exchange's
 * incident.declared webhook declaring one incident however often it arrives; bad input on every
 * endpoint storing nothing. */
#include "harness_exchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct srv D, X;
static char SUP[512], AGENT[512];
static long long sup_id;
static char hook_url[200];

/* ---- helpers ---- */

/* A copy that lives until the test ends (P()'s ring buffer is reused). */
static const char *K(const char *s)
{
	return s ? repeat(s, 1) : NULL;
}

static const char *rfc3339_at(long long offset_s)
{
	time_t t = time(NULL) + offset_s;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return K(buf);
}

/* The JSON text of j, kept until the test ends; j is released. */
static const char *J(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	const char *k = K(s);
	free(s);
	json_decref(j);
	return k;
}

/* Exact decimals for the balance checks: units of 10^-18 (the test's own arithmetic). */
static __int128 dec_parse(const char *s)
{
	__int128 v = 0;
	int frac = -1;
	for (; s && *s; s++) {
		if (*s == '.') {
			frac = 0;
			continue;
		}
		v = v * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (int i = frac < 0 ? 0 : frac; i < 18; i++)
		v *= 10;
	return v;
}

static const char *dec_format(__int128 v)
{
	char digits[64];
	int n = 0;
	do {
		digits[n++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v > 0 || n < 19);
	char out[80];
	int o = 0;
	for (int i = n - 1; i >= 18; i--)
		out[o++] = digits[i];
	out[o++] = '.';
	for (int i = 17; i >= 0; i--)
		out[o++] = digits[i];
	out[o] = 0;
	while (out[o - 1] == '0')
		out[--o] = 0;
	if (out[o - 1] == '.')
		out[--o] = 0;
	return K(out);
}

/* The user's available balance of asset at the exchange ("0" when none). */
static const char *balance(const char *uid, const char *asset)
{
	struct resp *r = xget(&X, P("/v1/users/%s/balances", uid));
	json_t *b = jget(r->json, "balances");
	for (size_t i = 0; i < json_array_size(b); i++) {
		json_t *row = json_array_get(b, i);
		if (jstr(row, "asset") && !strcmp(jstr(row, "asset"), asset))
			return K(jstr(row, "available"));
	}
	return r->status == 200 ? "0" : NULL;
}

static json_t *ticket(const char *subject, const char *category, const char *tags_json,
                      const char *language, const char *email)
{
	json_t *b = jpack("{s:s, s:s, s:{s:s}}", "subject", subject, "body",
	                  P("About: %s", subject), "requester", "email", email);
	if (category)
		json_object_set_new(b, "category", json_string(category));
	if (tags_json)
		json_object_set_new(b, "tags", json_loads(tags_json, 0, NULL));
	if (language)
		json_object_set_new(b, "language", json_string(language));
	struct resp *r = httpj(&D, "POST", "/api/v1/tickets", D.token, b);
	if (!check_status(r, 201, "setup: ticket %s", subject))
		return NULL;
	return jget(r->json, "ticket");
}

static bool has_ticket(json_t *links, long long id)
{
	for (size_t i = 0; i < json_array_size(links); i++)
		if (jint(json_array_get(links, i), "ticket.id") == id)
			return true;
	return false;
}

static long long count_sql(const char *sql)
{
	char *v = db_query1(&D, sql); /* kept by the harness */
	return v ? atoll(v) : -1;
}

static json_t *row_of(json_t *items, const char *uid)
{
	for (size_t i = 0; i < json_array_size(items); i++)
		if (jstr(json_array_get(items, i), "uid") &&
		    !strcmp(jstr(json_array_get(items, i), "uid"), uid))
			return json_array_get(items, i);
	return NULL;
}

/* ---- declaring and linking ---- */

static long long inc1;
static long long t_fut, t_kw, t_other, t_solved, t_new, t_ja;

static void test_declare_and_link(void)
{
	t_fut = jint(
	    ticket("Cannot close my BTCUSDT perpetual", "futures", NULL, NULL, "fut@example.com"),
	    "id");
	t_kw = jint(ticket("My position was LIQUIDATED at a wrong price", "deposit", NULL, NULL,
	                   "kw@example.com"),
	            "id");
	t_other =
	    jint(ticket("Where is my ETH deposit", "deposit", NULL, NULL, "dep@example.com"), "id");
	t_solved =
	    jint(ticket("Futures question, answered", "futures", NULL, NULL, "solved@example.com"),
	         "id");
	check_status(http(&D, "PATCH", P("/api/v1/tickets/%lld", t_solved), D.token,
	                  "{\"status\":\"solved\"}"),
	             200, "setup: a futures ticket solved");

	/* an agent may not declare */
	json_t *body = jpack(
	    "{s:s, s:[s], s:[s], s:s, s:s, s:{s:s, s:s}}", "title",
	    "Futures liquidation engine used a stale mark price", "products", "futures", "keywords",
	    "liquidated", "description", "Internal: the mark price feed stalled for 4 minutes",
	    "starts_at", rfc3339_at(-3600), "banner", "en",
	    "Some futures positions were liquidated at a wrong price. We are on it.", "ja",
	    "一部の先物ポジションが誤った価格で清算されました。対応中です。");
	const char *declare = J(body);
	check_status(http(&D, "POST", "/api/v1/incidents", AGENT, declare), 403,
	             "an agent cannot declare an incident");
	struct resp *r = http(&D, "POST", "/api/v1/incidents", SUP, declare);
	if (!check_status(r, 201, "a supervisor declares an incident"))
		return;
	inc1 = jint(r->json, "incident.id");
	check_str(jstr(r->json, "incident.status"), "investigating", "status starts investigating");
	check_str(jstr(r->json, "incident.source"), "desk", "declared on the desk");
	check_str(jstr(r->json, "incident.pay_id"), P("exdesk-%lld", inc1),
	          "a desk incident pays under exdesk-<id>");
	check_int(jint(r->json, "linked"), 2, "declaring links the two matching open tickets");
	check_int(count_sql(P("SELECT COUNT(*) FROM events WHERE action='incident.declare' AND "
	                      "object_id=%lld",
	                      inc1)),
	          1, "the declaration is audited");

	r = http(&D, "GET", P("/api/v1/incidents/%lld/tickets", inc1), D.token, NULL);
	json_t *links = jget(r->json, "tickets");
	check(has_ticket(links, t_fut), "linked by the futures category");
	check(has_ticket(links, t_kw), "linked by the keyword, any case");
	check(!has_ticket(links, t_other), "an unrelated deposit ticket is not linked");
	check(!has_ticket(links, t_solved), "a solved ticket is not linked");

	/* a ticket opened while the incident is active is linked at once */
	t_new = jint(
	    ticket("Question about earn", "other", "[\"futures\"]", NULL, "new@example.com"), "id");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/incident", t_new), D.token, NULL);
	check_int(jint(r->json, "incidents.0.id"), inc1,
	          "a new ticket tagged futures shows the incident");
	check_str(jstr(r->json, "incidents.0.how"), "rule", "linked by the rule");
	t_ja = jint(ticket("先物が清算されました", "futures", NULL, "ja", "ja@example.com"), "id");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/incident", t_other), D.token, NULL);
	check_int((long long)json_array_size(jget(r->json, "incidents")), 0,
	          "an unlinked ticket shows no incident");

	/* by hand */
	r = http(&D, "POST", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_other), SUP, NULL);
	check_status(r, 201, "a ticket linked by hand");
	check_status(
	    http(&D, "POST", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_other), SUP, NULL),
	    200, "linking again changes nothing");
	check_status(http(&D, "DELETE", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_fut),
	                  D.token, NULL),
	             204, "a rule link removed by hand");
	check_status(http(&D, "DELETE", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_fut),
	                  D.token, NULL),
	             404, "removing it again: not linked");
	r = http(&D, "POST", P("/api/v1/incidents/%lld/link-by-rule", inc1), SUP, NULL);
	check_status(r, 200, "the rule on demand");
	check_int(jint(r->json, "linked"), 0, "the rule does not put back a link removed by hand");
	r = http(&D, "GET", P("/api/v1/incidents/%lld/tickets", inc1), D.token, NULL);
	links = jget(r->json, "tickets");
	check(!has_ticket(links, t_fut) && has_ticket(links, t_other) && has_ticket(links, t_kw) &&
	          has_ticket(links, t_new) && has_ticket(links, t_ja),
	      "linked now: keyword, hand, new, Japanese; not the one removed");
	check_int((long long)json_array_size(links), 4, "four linked tickets");
	check_int(count_sql(P("SELECT COUNT(*) FROM events WHERE action IN "
	                      "('incident.link','incident.unlink') AND object_id=%lld",
	                      inc1)),
	          6, "each link and unlink is audited with its ticket");

	/* list and patch */
	r = http(&D, "GET", "/api/v1/incidents?status=active", AGENT, NULL);
	check_status(r, 200, "agents read incidents");
	check_int(jint(r->json, "incidents.0.id"), inc1, "the active incident listed");
	r = http(&D, "PATCH", P("/api/v1/incidents/%lld", inc1), SUP,
	         "{\"status\":\"identified\"}");
	check_status(r, 200, "status changed");
	check_str(jstr(r->json, "incident.status"), "identified", "identified");
	check_status(http(&D, "PATCH", P("/api/v1/incidents/%lld", inc1), AGENT,
	                  "{\"status\":\"resolved\"}"),
	             403, "an agent cannot resolve");
}

/* ---- the public banner ---- */

static void test_banner(void)
{
	struct resp *r = http(&D, "GET", "/api/v1/public/incidents?lang=ja", NULL, NULL);
	check_status(r, 200, "the banner needs no credentials");
	json_t *it = jget(r->json, "incidents.0");
	check_int(jint(it, "id"), inc1, "the active incident is on the banner");
	check_str(jstr(it, "language"), "ja", "in Japanese");
	check_str(jstr(it, "text"),
	          "一部の先物ポジションが誤った価格で清算されました。対応中です。",
	          "the Japanese text byte for byte");
	check(!jhas(it, "title") && !jhas(it, "description") && !jhas(it, "keywords") &&
	          !contains(r->body, "mark price") && !contains(r->body, "stale"),
	      "nothing internal: no title, description or keywords");
	r = http(&D, "GET", "/api/v1/public/incidents?lang=ko", NULL, NULL);
	check_str(jstr(r->json, "incidents.0.language"), "en", "Korean falls back to English");
	check(contains(jstr(r->json, "incidents.0.text"), "liquidated at a wrong price"),
	      "the English text");
	check_status(http(&D, "GET", "/api/v1/public/incidents?lang=xx", NULL, NULL), 400,
	             "an unknown language is refused");
}

/* ---- one reply to all ---- */

static int replies_with(long long ticket_id, const char *body)
{
	struct resp *r =
	    http(&D, "GET", P("/api/v1/tickets/%lld/messages?limit=100", ticket_id), D.token, NULL);
	json_t *m = jget(r->json, "messages");
	int n = 0;
	for (size_t i = 0; i < json_array_size(m); i++) {
		json_t *x = json_array_get(m, i);
		if (jstr(x, "kind") && !strcmp(jstr(x, "kind"), "reply") && jstr(x, "body") &&
		    !strcmp(jstr(x, "body"), body))
			n++;
	}
	return n;
}

static void test_reply_all(void)
{
	const char *en = "We found the cause and will compensate every affected position.";
	const char *ja = "原因を特定しました。影響を受けたすべてのポジションを補償します。";
	json_t *b =
	    jpack("{s:s, s:{s:s}, s:s}", "body", en, "bodies", "ja", ja, "status", "pending");
	const char *reply = J(b);
	check_status(http(&D, "POST", P("/api/v1/incidents/%lld/reply", inc1), AGENT, reply), 403,
	             "an agent cannot reply to all");
	struct resp *r = http(&D, "POST", P("/api/v1/incidents/%lld/reply", inc1), SUP, reply);
	check_status(r, 201, "reply to all");
	check_int(jint(r->json, "reply.sent"), 4, "sent to the four linked tickets");
	long long rid = jint(r->json, "reply.id");
	check_int(replies_with(t_kw, en), 1, "the keyword ticket got it once");
	check_int(replies_with(t_other, en), 1, "the hand-linked ticket got it once");
	check_int(replies_with(t_new, en), 1, "the new ticket got it once");
	check_int(replies_with(t_ja, ja), 1, "the Japanese ticket got the Japanese text once");
	check_int(replies_with(t_ja, en), 0, "and not the English one");
	check_int(replies_with(t_fut, en), 0, "the unlinked ticket got nothing");
	r = http(&D, "GET", P("/api/v1/tickets/%lld", t_kw), D.token, NULL);
	check_str(jstr(r->json, "ticket.status"), "pending", "the status was set");
	check_int(count_sql(P("SELECT COUNT(*) FROM events WHERE action='incident.reply' AND "
	                      "object_id=%lld",
	                      inc1)),
	          1, "the reply is audited");

	/* A reply the desk stopped posting before it reached a ticket (here: one linked now, the
	 * reply marked unfinished as a crash would leave it) goes on where it stopped. */
	check_status(
	    http(&D, "POST", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_fut), SUP, NULL), 201,
	    "a ticket linked again by hand");
	db_exec(&D, P("UPDATE incident_replies SET done_at = NULL WHERE id = %lld", rid));
	r = http(&D, "POST", P("/api/v1/incidents/%lld/replies/%lld/resume", inc1, rid), SUP, NULL);
	check_status(r, 200, "the unfinished reply is resumed");
	check_int(jint(r->json, "reply.sent"), 5, "it reached the fifth ticket");
	check_int(replies_with(t_fut, en), 1, "the ticket it had not reached got it once");
	check_int(replies_with(t_kw, en), 1, "the others still once");
	check_int(replies_with(t_ja, ja), 1, "the Japanese one still once");
	r = http(&D, "POST", P("/api/v1/incidents/%lld/replies/%lld/resume", inc1, rid), SUP, NULL);
	check(r->status == 200 && replies_with(t_fut, en) == 1,
	      "resuming a finished reply posts nothing");
	r = http(&D, "GET", P("/api/v1/incidents/%lld/replies", inc1), AGENT, NULL);
	check(jint(r->json, "replies.0.id") == rid && jint(r->json, "replies.0.sent") == 5 &&
	          jstr(r->json, "replies.0.done_at"),
	      "the incident's replies, with their counts");
	check_status(
	    http(&D, "POST", P("/api/v1/incidents/%lld/replies/999999/resume", inc1), SUP, NULL),
	    404, "an unknown reply");
	check_status(
	    http(&D, "DELETE", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_fut), SUP, NULL),
	    204, "unlinked again");
}

/* ---- compensation lists ---- */

static const char *GOOD_CSV = "uid,asset,amount,reason\r\n"
                              "10000003,USDT,25.5,\"期货强平补偿, 第一批\"\r\n"
                              "10000007,USDT,100,청산 오류 보상\r\n"
                              "10000008,BTC,0.00012345,Liquidation refund (stale mark price)\r\n";
static long long list1;
static const char *list1_hash;

static void csv_refused(const char *csv, int line, const char *field, const char *what)
{
	char *before = db_fingerprint(&D, "exchange_events");
	json_t *b = jpack("{s:s}", "csv", csv);
	struct resp *r =
	    http(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token, J(b));
	json_t *lines = jget(r->json, "error.lines");
	bool at = false;
	for (size_t i = 0; i < json_array_size(lines); i++)
		at = at || (jint(json_array_get(lines, i), "line") == line &&
		            !strcmp(jstr(json_array_get(lines, i), "field"), field));
	checkd(r->status == 422 && err_code(r) && !strcmp(err_code(r), "invalid_csv") && at,
	       rdesc(r), "%s: 422 naming line %d (%s)", what, line, field);
	check_unchanged(&D, before, "exchange_events", "%s: nothing stored", what);
}

static void test_import(void)
{
	csv_refused("uid,asset,amount,reason\n10000001,USDT,10,ok\n10000002,USDT,1.2.3,bad\n", 3,
	            "amount", "a malformed amount");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,10,a\n10000001,USDT,5,b\n", 3, "uid",
	            "a uid twice");
	csv_refused("uid,asset,amount\n10000001,USDT,10\n", 1, "header", "a wrong header");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,-5,a\n", 2, "amount",
	            "a negative amount");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,0,a\n", 2, "amount", "zero");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,01.5,a\n", 2, "amount",
	            "a leading zero");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1e3,a\n", 2, "amount", "an exponent");
	csv_refused("uid,asset,amount,reason\n10000001,usdt,1,a\n", 2, "asset",
	            "a lower-case asset");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1,a\tb\n", 2, "reason",
	            "a tab in a reason");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1,\n", 2, "reason", "an empty reason");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1,a\n\n10000002,USDT,1,b\n", 3, "line",
	            "an empty line in the middle");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1,a,b\n", 2, "line", "five fields");
	csv_refused("uid,asset,amount,reason\n10000001,USDT,1,\"open\n", 2, "line",
	            "an unterminated quote");
	csv_refused("uid,asset,amount,reason\n1000 0001,USDT,1,a\n", 2, "uid", "a space in a uid");
	csv_refused("uid,asset,amount,reason\n", 2, "line", "no rows");

	const char *good = J(jpack("{s:s}", "csv", GOOD_CSV));
	check_status(
	    http(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), AGENT, good),
	    403, "an agent cannot import");
	struct resp *r =
	    http(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token, good);
	if (!check_status(r, 201, "a good list imported (admin)"))
		return;
	list1 = jint(r->json, "list.id");
	char want[65];
	sha256_hex(GOOD_CSV, strlen(GOOD_CSV), want);
	list1_hash = K(want);
	check_str(jstr(r->json, "list.sha256"), want, "SHA-256 over the exact bytes");
	check_str(jstr(r->json, "list.status"), "imported", "status imported");
	check_int(jint(r->json, "list.rows"), 3, "three rows");
	check_str(jstr(r->json, "list.totals.USDT"), "125.5", "USDT total exact");
	check_str(jstr(r->json, "list.totals.BTC"), "0.00012345", "BTC total exact");
	json_t *items = jget(r->json, "list.items");
	check_str(jstr(row_of(items, "10000003"), "reason"), "期货强平补偿, 第一批",
	          "a quoted Chinese reason with a comma kept byte for byte");
	check_str(jstr(row_of(items, "10000007"), "reason"), "청산 오류 보상", "a Korean reason");
	check_int(jint(row_of(items, "10000003"), "line"), 2, "rows keep their line");
	check_str(jstr(r->json, "list.csv"), GOOD_CSV, "the list's exact text is kept");

	/* a uid already on this incident's list, in another list */
	csv_refused("uid,asset,amount,reason\n10000004,USDT,1,a\n10000007,BTC,1,b\n", 3, "uid",
	            "a uid another list of the incident holds");
	/* oversize */
	char *big = repeat("x", 512 * 1024 + 1);
	memcpy(big, "uid,asset,amount,reason\n", 24);
	char *before = db_fingerprint(&D, "exchange_events");
	r = httpj(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token,
	          jpack("{s:s}", "csv", big));
	check_error(r, 422, "too_long", "csv", "a list over 512 KiB");
	check_unchanged(&D, before, "exchange_events", "oversize: nothing stored");
}

static void test_approve(void)
{
	const char *path = K(P("/api/v1/incidents/%lld/compensation-lists/%lld", inc1, list1));
	check_status(http(&D, "POST", P("%s/pay", path), D.token, NULL), 409,
	             "paying before approval is refused");
	check_error(
	    http(&D, "POST", P("%s/approve", path), D.token, P("{\"sha256\":\"%s\"}", list1_hash)),
	    403, "second_person_required", NULL, "the importer cannot approve");
	check_status(
	    http(&D, "POST", P("%s/approve", path), AGENT, P("{\"sha256\":\"%s\"}", list1_hash)),
	    403, "an agent cannot approve");
	check_error(http(&D, "POST", P("%s/approve", path), SUP,
	                 "{\"sha256\":\""
	                 "0000000000000000000000000000000000000000000000000000000000000000"
	                 "\"}"),
	            409, "hash_mismatch", "sha256", "a wrong hash is refused");
	check_error(http(&D, "POST", P("%s/approve", path), SUP, "{\"sha256\":\"abc\"}"), 422,
	            "invalid_value", "sha256", "a malformed hash");
	struct resp *r = http(&D, "GET", path, SUP, NULL);
	check(jisnull(r->json, "list.approved_by") &&
	          json_is_true(jget(r->json, "list.may_approve")),
	      "still unapproved; the supervisor may approve it");
	r = http(&D, "GET", path, D.token, NULL);
	check(json_is_false(jget(r->json, "list.may_approve")), "the importer may not");
	char upper[65];
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(list1_hash[i] >= 'a' && list1_hash[i] <= 'f' ? list1_hash[i] - 32
		                                                               : list1_hash[i]);
	r = http(&D, "POST", P("%s/approve", path), SUP, P("{\"sha256\":\"%s\"}", upper));
	check_status(r, 200, "a supervisor approves with the hash (any case)");
	check_str(jstr(r->json, "list.status"), "approved", "approved");
	check_int(jint(r->json, "list.approved_by.id"), sup_id, "by the supervisor");
	check_status(
	    http(&D, "POST", P("%s/approve", path), SUP, P("{\"sha256\":\"%s\"}", list1_hash)), 409,
	    "approving twice is refused");
}

static void test_pay(void)
{
	const char *path = K(P("/api/v1/incidents/%lld/compensation-lists/%lld", inc1, list1));
	const char *b3 = balance("10000003", "USDT"), *b7 = balance("10000007", "USDT"),
	           *b8 = balance("10000008", "BTC");
	if (!check(b3 && b7 && b8, "balances read before paying"))
		return;
	struct resp *r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_status(r, 200, "pay");
	check_int(jint(r->json, "run.paid"), 3, "three rows paid");
	check_str(jstr(r->json, "list.status"), "paid", "the list is paid");
	json_t *items = jget(r->json, "list.items");
	const char *cid3 = K(jstr(row_of(items, "10000003"), "compensation_id")
	                         ? jstr(row_of(items, "10000003"), "compensation_id")
	                         : "");
	check(*cid3 && jstr(row_of(items, "10000008"), "compensation_id"),
	      "each row has the exchange's compensation id");
	const char *w3 = dec_format(dec_parse(b3) + dec_parse("25.5"));
	const char *w7 = dec_format(dec_parse(b7) + dec_parse("100"));
	const char *w8 = dec_format(dec_parse(b8) + dec_parse("0.00012345"));
	check_str(balance("10000003", "USDT"), w3, "10000003 up by exactly 25.5 USDT");
	check_str(balance("10000007", "USDT"), w7, "10000007 up by exactly 100 USDT");
	check_str(balance("10000008", "BTC"), w8, "10000008 up by exactly 0.00012345 BTC");

	/* a double click */
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_status(r, 200, "pay again");
	check_int(jint(r->json, "run.asked"), 0, "paying a paid list asks the exchange nothing");
	check_str(balance("10000003", "USDT"), w3, "balance unchanged");

	/* a crash after the exchange paid and before we recorded it: our row says failed, the
	 * exchange has paid */
	db_exec(&D, "UPDATE compensation_rows SET status='failed', error='lost answer' "
	            "WHERE uid='10000003'");
	db_exec(&D, P("UPDATE compensation_lists SET status='approved' WHERE id=%lld", list1));
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_int(jint(r->json, "run.asked"), 1, "the unrecorded row is asked again");
	check_str(jstr(row_of(jget(r->json, "list.items"), "10000003"), "compensation_id"), cid3,
	          "the exchange answered its first answer (the same compensation)");
	check_str(balance("10000003", "USDT"), w3, "and credited nothing more");
	check_str(jstr(r->json, "list.status"), "paid", "paid again");

	/* the same request sent to the exchange by hand is a replay */
	json_t *body = jpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "incident_id",
	                     P("exdesk-%lld", inc1), "uid", "10000003", "asset", "USDT", "amount",
	                     "25.5", "reason", "期货强平补偿, 第一批", "agent", "sup@test.local",
	                     "idempotency_key", P("exdesk-%lld:10000003", inc1));
	r = xpost(&X, "/v1/compensations", J(body));
	check(r->status == 201 && contains(r->headers, "Idempotent-Replayed: true") &&
	          jstr(r->json, "compensation.id") &&
	          !strcmp(jstr(r->json, "compensation.id"), cid3),
	      "the desk's request again: the exchange replays its answer");
	check_str(balance("10000003", "USDT"), w3, "still credited once");
	check_int(count_sql(P("SELECT COUNT(*) FROM events WHERE action='compensation.pay' AND "
	                      "object_id=%lld",
	                      inc1)),
	          4, "each payment attempt is audited");
}

/* ---- the exchange away during a payment ---- */

static void test_pay_exchange_down(void)
{
	json_t *b = jpack("{s:s, s:[s, s], s:s, s:{s:s}}", "title", "P2P escrow release delayed",
	                  "products", "p2p", "earn", "starts_at", rfc3339_at(-7200), "banner", "en",
	                  "P2P releases are delayed.");
	struct resp *r = http(&D, "POST", "/api/v1/incidents", D.token, J(b));
	long long inc2 = jint(r->json, "incident.id");
	const char *csv = "uid,asset,amount,reason\n"
	                  "10000001,USDT,12.34,escrow delay\n"
	                  "10000002,USDT,7,escrow delay\n"
	                  "10000005,USDT,0.000001,escrow delay\n";
	r = httpj(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc2), SUP,
	          jpack("{s:s}", "csv", csv));
	long long lid = jint(r->json, "list.id");
	const char *hash = K(jstr(r->json, "list.sha256") ? jstr(r->json, "list.sha256") : "");
	const char *path = K(P("/api/v1/incidents/%lld/compensation-lists/%lld", inc2, lid));

	/* not eligible before approval */
	struct resp *sec = http(&D, "GET", "/api/v1/settings/identity", D.token, NULL);
	const char *secret =
	    K(jstr(sec->json, "identity_secret") ? jstr(sec->json, "identity_secret") : "");
	char h1[65];
	hmac_sha256_hex(secret, strlen(secret), "10000001", 8, h1);
	r = http(&D, "GET",
	         P("/api/v1/public/incidents/%lld/eligibility?uid=10000001&user_hash=%s", inc2, h1),
	         NULL, NULL);
	check(r->status == 200 && json_is_false(jget(r->json, "eligible")),
	      "a row of an unapproved list does not make anyone eligible yet");

	check_status(
	    http(&D, "POST", P("%s/approve", path), D.token, P("{\"sha256\":\"%s\"}", hash)), 200,
	    "the admin approves the supervisor's list");
	r = http(&D, "GET",
	         P("/api/v1/public/incidents/%lld/eligibility?uid=10000001&user_hash=%s", inc2, h1),
	         NULL, NULL);
	check(json_is_true(jget(r->json, "eligible")) &&
	          !strcmp(jstr(r->json, "compensations.0.status")
	                      ? jstr(r->json, "compensations.0.status")
	                      : "",
	                  "pending") &&
	          !strcmp(jstr(r->json, "compensations.0.amount")
	                      ? jstr(r->json, "compensations.0.amount")
	                      : "",
	                  "12.34"),
	      "approved: eligible, 12.34 USDT pending");

	const char *b1 = balance("10000001", "USDT"), *b2 = balance("10000002", "USDT"),
	           *b5 = balance("10000005", "USDT");
	srv_stop(&X);
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_status(r, 200, "pay while the exchange is away answers with the outcome");
	check_int(jint(r->json, "run.paid"), 0, "nothing paid");
	check_int(jint(r->json, "run.failed"), 3, "every row failed");
	check(jstr(r->json, "run.stopped") != NULL, "the run says why it stopped");
	json_t *items = jget(r->json, "list.items");
	const char *e1 = jstr(row_of(items, "10000001"), "error");
	checkd(e1 && (contains(e1, "connect") || contains(e1, "unavailable") ||
	              contains(e1, "timeout")),
	       e1 ? e1 : "(none)", "the row the exchange did not answer carries the error");
	check_str(jstr(row_of(items, "10000005"), "status"), "failed", "the rest failed too");
	check_str(jstr(r->json, "list.status"), "approved", "the list is not paid");

	if (xsrv_restart_same_port(&X, hook_url) != 0) {
		check(false, "the exchange came back");
		return;
	}
	/* As if the desk's first call had reached the exchange and only the answer was lost. */
	json_t *body =
	    jpack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "incident_id", P("exdesk-%lld", inc2),
	          "uid", "10000002", "asset", "USDT", "amount", "7", "reason", "escrow delay",
	          "agent", ADMIN_EMAIL, "idempotency_key", P("exdesk-%lld:10000002", inc2));
	check_status(xpost(&X, "/v1/compensations", J(body)), 201,
	             "one row reached the exchange before its answer was lost");
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_int(jint(r->json, "run.paid"), 3, "paying again pays the three rows");
	check_str(jstr(r->json, "list.status"), "paid", "the list is paid");
	check_str(balance("10000001", "USDT"), dec_format(dec_parse(b1) + dec_parse("12.34")),
	          "10000001 credited once");
	check_str(balance("10000002", "USDT"), dec_format(dec_parse(b2) + dec_parse("7")),
	          "10000002 credited once, though asked twice");
	check_str(balance("10000005", "USDT"), dec_format(dec_parse(b5) + dec_parse("0.000001")),
	          "10000005 credited once");
	r = http(&D, "GET",
	         P("/api/v1/public/incidents/%lld/eligibility?uid=10000001&user_hash=%s", inc2, h1),
	         NULL, NULL);
	check_str(jstr(r->json, "compensations.0.status"), "paid", "the customer sees it paid");
}

/* ---- a row the exchange refuses ---- */

static void test_pay_refused(void)
{
	struct resp *r = http(
	    &D, "POST", "/api/v1/incidents", D.token,
	    J(jpack("{s:s, s:[s], s:s, s:{s:s}}", "title", "Earn interest late", "products", "earn",
	            "starts_at", rfc3339_at(-600), "banner", "en", "Earn interest is late.")));
	long long inc3 = jint(r->json, "incident.id");
	const char *csv = "uid,asset,amount,reason\n10000006,USDT,3.25,late interest\n"
	                  "99999999,USDT,1,late interest\n";
	r = httpj(&D, "POST", P("/api/v1/incidents/%lld/compensation-lists", inc3), SUP,
	          jpack("{s:s}", "csv", csv));
	long long lid = jint(r->json, "list.id");
	const char *hash = K(jstr(r->json, "list.sha256") ? jstr(r->json, "list.sha256") : "");
	const char *path = K(P("/api/v1/incidents/%lld/compensation-lists/%lld", inc3, lid));
	check_status(
	    http(&D, "POST", P("%s/approve", path), D.token, P("{\"sha256\":\"%s\"}", hash)), 200,
	    "approved");
	const char *b6 = balance("10000006", "USDT");
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	json_t *items = jget(r->json, "list.items");
	check_str(jstr(row_of(items, "10000006"), "status"), "paid", "the good row is paid");
	check_str(jstr(row_of(items, "99999999"), "status"), "failed",
	          "the unknown user's row failed");
	const char *err = jstr(row_of(items, "99999999"), "error");
	checkd(err && contains(err, "user_not_found"), err ? err : "(none)",
	       "with the exchange's refusal");
	check(jisnull(r->json, "run.stopped"), "a refusal does not stop the run");
	check_str(jstr(r->json, "list.status"), "approved", "the list is not paid");
	check_int(jint(r->json, "run.remaining"), 1, "one row remains");
	const char *w6 = dec_format(dec_parse(b6) + dec_parse("3.25"));
	check_str(balance("10000006", "USDT"), w6, "10000006 up by exactly 3.25");
	r = http(&D, "POST", P("%s/pay", path), SUP, NULL);
	check_int(jint(r->json, "run.asked"), 1, "paying again asks only for the failed row");
	check_str(balance("10000006", "USDT"), w6, "the paid row is not paid again");
}

/* ---- eligibility ---- */

static void test_eligibility(void)
{
	struct resp *sec = http(&D, "GET", "/api/v1/settings/identity", D.token, NULL);
	const char *secret = jstr(sec->json, "identity_secret");
	if (!check(secret != NULL, "the identity secret"))
		return;
	secret = K(secret);
	char h3[65], h4[65];
	hmac_sha256_hex(secret, strlen(secret), "10000003", 8, h3);
	hmac_sha256_hex(secret, strlen(secret), "10000004", 8, h4);
	const char *base = K(P("/api/v1/public/incidents/%lld/eligibility", inc1));
	struct resp *r = http(&D, "GET", P("%s?uid=10000003&user_hash=%s", base, h3), NULL, NULL);
	check_status(r, 200, "a verified customer looks up");
	check(json_is_true(jget(r->json, "eligible")), "10000003 is eligible");
	check_str(jstr(r->json, "compensations.0.amount"), "25.5", "25.5");
	check_str(jstr(r->json, "compensations.0.asset"), "USDT", "USDT");
	check_str(jstr(r->json, "compensations.0.status"), "paid", "paid");
	check(!contains(r->body, "10000007") && !contains(r->body, "reason"),
	      "nothing of other users, no internal reason");
	r = http(&D, "GET", P("%s?uid=10000004&user_hash=%s", base, h4), NULL, NULL);
	check(r->status == 200 && json_is_false(jget(r->json, "eligible")) &&
	          json_array_size(jget(r->json, "compensations")) == 0,
	      "10000004 is not eligible");
	struct resp *f1 = http(&D, "GET", P("%s?uid=10000003&user_hash=%s", base, h4), NULL, NULL);
	struct resp *f2 = http(&D, "GET", P("%s?uid=10000004&user_hash=%s", base, h3), NULL, NULL);
	check_error(f1, 403, "identity_not_verified", NULL, "a forged hash for an eligible uid");
	check(f1->status == f2->status && f1->len == f2->len &&
	          !memcmp(f1->body, f2->body, f1->len),
	      "a forged hash answers the same bytes for an eligible and a non-eligible uid");
	check_status(http(&D, "GET", P("%s?user_hash=%s", base, h3), NULL, NULL), 400, "no uid");
	check_status(http(&D, "GET", P("%s?uid=10000003", base), NULL, NULL), 400, "no hash");
	check_status(
	    http(&D, "GET",
	         P("/api/v1/public/incidents/999999/eligibility?uid=10000003&user_hash=%s", h3),
	         NULL, NULL),
	    404, "an unknown incident");
}

/* ---- the exchange's incident.declared ---- */

static struct resp *self_webhook(const char *event_id, const char *incident_json)
{
	const char *body = P("{\"id\":\"%s\",\"type\":\"incident.declared\",\"created_at\":\"%s\","
	                     "\"data\":{\"incident\":%s}}",
	                     event_id, rfc3339_at(0), incident_json);
	struct xsign o = {.method = "POST",
	                  .target = "/api/v1/exchange/webhook",
	                  .body = body,
	                  .key = XS_WEBHOOK_KEY,
	                  .secret = XS_WEBHOOK_SECRET};
	return xreq_ex(&D, &o);
}

static const char *event_status(const char *event_id)
{
	for (int i = 0; i < 100; i++) {
		char *s = db_query1(
		    &D, P("SELECT status FROM exchange_events WHERE event_id='%s'", event_id));
		if (s && strcmp(s, "new") != 0) {
			return s;
		}
		sleep_s(0.1);
	}
	return "new";
}

static void test_webhook(void)
{
	const char *starts = rfc3339_at(-1800);
	json_t *b = jpack("{s:s, s:s, s:[s, s], s:s, s:s, s:s}", "id", "INC-2026-A", "title",
	                  "Spot matching engine halted", "products", "spot", "Futures",
	                  "description", "Matching paused 08:00-08:12", "starts_at", starts,
	                  "idempotency_key", "incident-a");
	check_status(xpost(&X, "/v1/demo/incidents", J(b)), 201,
	             "the exchange declares an incident");
	long long n = 0;
	for (int i = 0; i < 100 && n < 1; i++) {
		n = count_sql("SELECT COUNT(*) FROM incidents WHERE external_id='INC-2026-A'");
		if (n < 1)
			sleep_s(0.1);
	}
	check_int(n, 1, "the webhook declared it on the desk");
	long long id = count_sql("SELECT id FROM incidents WHERE external_id='INC-2026-A'");
	struct resp *r = http(&D, "GET", P("/api/v1/incidents/%lld", id), D.token, NULL);
	check_str(jstr(r->json, "incident.source"), "exchange", "source exchange");
	check_str(jstr(r->json, "incident.pay_id"), "INC-2026-A",
	          "it pays under the exchange's id");
	check_str(jstr(r->json, "incident.products.1"), "futures", "products as slugs");
	r = http(&D, "GET", "/api/v1/public/incidents?lang=en", NULL, NULL);
	check(!contains(r->body, "Spot matching"), "no banner until the desk writes one");

	/* the same incident in another event, and the same event again */
	const char *inc =
	    K(P("{\"id\":\"INC-2026-A\",\"title\":\"Spot matching engine halted\","
	        "\"products\":[\"spot\"],\"description\":\"again\",\"starts_at\":\"%s\","
	        "\"ends_at\":null,\"declared_at\":\"%s\"}",
	        starts, starts));
	check_status(self_webhook("evt_dup_incident_1", inc), 200,
	             "a second event for it is received");
	check_str(event_status("evt_dup_incident_1"), "done", "and worked");
	check_status(self_webhook("evt_dup_incident_1", inc), 200, "the same event again");
	sleep_s(0.3);
	check_int(count_sql("SELECT COUNT(*) FROM incidents WHERE external_id='INC-2026-A'"), 1,
	          "still one incident");
	check_int(count_sql(P("SELECT COUNT(*) FROM events WHERE action='incident.declare' AND "
	                      "object_id=%lld",
	                      id)),
	          1, "declared (and audited) once");
	check_status(self_webhook("evt_bad_incident_1",
	                          "{\"id\":\"INC-X\",\"title\":\"t\",\"products\":[]}"),
	             200, "a malformed incident is received");
	check_str(event_status("evt_bad_incident_1"), "failed", "and failed with its reason");
	check_int(count_sql("SELECT COUNT(*) FROM incidents WHERE external_id='INC-X'"), 0,
	          "declaring nothing");
}

/* ---- bad input ---- */

static void refused(const char *method, const char *path, const char *token, const char *body,
                    long status, const char *code, const char *what)
{
	char *before = db_fingerprint(&D, "exchange_events");
	struct resp *r = http(&D, method, path, token, body);
	checkd(r->status == status && error_shape_ok(r) &&
	           (!code || (err_code(r) && !strcmp(err_code(r), code))),
	       rdesc(r), "%s: %ld %s", what, status, code ? code : "");
	check_unchanged(&D, before, "exchange_events", "%s: nothing stored", what);
}

static void test_bad_input(void)
{
	const char *good_banner = "\"banner\":{\"en\":\"x\"}";
	const char *starts = rfc3339_at(-60);
	refused("POST", "/api/v1/incidents", SUP, "{\"title\":", 400, "malformed_json",
	        "broken JSON");
	refused("POST", "/api/v1/incidents", SUP, "{\"title\":\"a\xff\"}", 400, "invalid_utf8",
	        "invalid UTF-8");
	refused(
	    "POST", "/api/v1/incidents", SUP,
	    P("{\"title\":5,\"products\":[\"spot\"],\"starts_at\":\"%s\",%s}", starts, good_banner),
	    422, "wrong_type", "title a number");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":\"spot\",\"starts_at\":\"%s\",%s}", starts,
	          good_banner),
	        422, "wrong_type", "products a string");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",%s,\"x\":1}",
	          starts, good_banner),
	        422, "unknown_field", "an unknown field");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",\"banner\":{"
	          "\"ja\":\"x\"}}",
	          starts),
	        422, "missing_field", "a banner without English");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",\"banner\":{"
	          "\"en\":\"x\",\"pt\":\"y\"}}",
	          starts),
	        422, "unknown_field", "a banner language the desk does not carry");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[],\"starts_at\":\"%s\",%s}", starts, good_banner),
	        422, "invalid_value", "no product");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"Spot!\"],\"starts_at\":\"%s\",%s}", starts,
	          good_banner),
	        422, "invalid_value", "a product that is no slug");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"yesterday\",%s}",
	          good_banner),
	        422, "invalid_value", "starts_at not a time");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",\"ends_at\":\"%"
	          "s\",%s}",
	          starts, rfc3339_at(-3600), good_banner),
	        422, "invalid_value", "ends_at before starts_at");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",\"status\":"
	          "\"done\",%s}",
	          starts, good_banner),
	        422, "invalid_value", "an unknown status");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"%s\",\"products\":[\"spot\"],\"starts_at\":\"%s\",%s}",
	          repeat("a", 201), starts, good_banner),
	        422, "too_long", "a title of 201 bytes");
	refused("POST", "/api/v1/incidents", SUP,
	        P("{\"title\":\"a\\u0007b\",\"products\":[\"spot\"],\"starts_at\":\"%s\",%s}",
	          starts, good_banner),
	        422, "invalid_value", "a control character in the title");
	refused("PATCH", P("/api/v1/incidents/%lld", inc1), SUP, "{\"status\":\"closed\"}", 422,
	        "invalid_value", "patch: an unknown status");
	refused("PATCH", "/api/v1/incidents/999999", SUP, "{\"status\":\"resolved\"}", 404,
	        "not_found", "patch: an unknown incident");
	refused("PATCH", "/api/v1/incidents/abc", SUP, "{}", 404, NULL, "patch: not an id");
	refused("POST", P("/api/v1/incidents/%lld/reply", inc1), SUP, "{}", 422, "missing_field",
	        "reply without a body");
	refused("POST", P("/api/v1/incidents/%lld/reply", inc1), SUP,
	        "{\"body\":\"x\",\"status\":\"closed\"}", 422, "invalid_value",
	        "reply: status closed");
	refused("POST", P("/api/v1/incidents/%lld/reply", inc1), SUP,
	        "{\"body\":\"x\",\"bodies\":{\"xx\":\"y\"}}", 422, "unknown_field",
	        "reply: a language the desk does not carry");
	refused("POST", P("/api/v1/incidents/%lld/reply", inc1), SUP, "{\"body\":[1]}", 422,
	        "wrong_type", "reply: body a list");
	refused("POST", P("/api/v1/incidents/%lld/reply", inc1), SUP, "{\"body\":\"\xc3\x28\"}",
	        400, "invalid_utf8", "reply: invalid UTF-8");
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token, "{}", 422,
	        "missing_field", "import without csv");
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token,
	        "{\"csv\":42}", 422, "wrong_type", "import: csv a number");
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token,
	        "{\"csv\":\"uid,asset,amount,reason\\n1,USDT,1,\xe2\x28\xa1\\n\"}", 400,
	        "invalid_utf8", "import: invalid UTF-8");
	refused("POST", "/api/v1/incidents/999999/compensation-lists", D.token,
	        "{\"csv\":\"uid,asset,amount,reason\\n1,USDT,1,a\\n\"}", 404, "not_found",
	        "import: an unknown incident");
	char *huge = repeat("a", 2 * 1024 * 1024 + 10);
	memcpy(huge, "{\"csv\":\"", 8);
	memcpy(huge + strlen(huge) - 2, "\"}", 2);
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists", inc1), D.token, huge, 413,
	        NULL, "import: a body over 2 MiB");
	const char *lpath = K(P("/api/v1/incidents/%lld/compensation-lists/%lld", inc1, list1));
	refused("POST", P("%s/approve", lpath), SUP, "{}", 422, "missing_field",
	        "approve without hash");
	refused("POST", P("%s/approve", lpath), SUP, "{\"sha256\":true}", 422, "wrong_type",
	        "approve: hash a boolean");
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists/999999/pay", inc1), SUP, NULL,
	        404, "not_found", "pay: an unknown list");
	refused("POST", P("%s/pay", lpath), SUP, "{\"now\":true}", 422, "unknown_field",
	        "pay: an unknown field");
	refused("POST", P("/api/v1/incidents/%lld/tickets/999999", inc1), D.token, NULL, 404, NULL,
	        "link: an unknown ticket");
	refused("POST", P("/api/v1/incidents/999999/tickets/%lld", t_other), D.token, NULL, 404,
	        "not_found", "link: an unknown incident");
	refused("POST", "/api/v1/incidents/999999/link-by-rule", SUP, NULL, 404, "not_found",
	        "rule: an unknown incident");
	refused("POST", "/api/v1/incidents/999999/reply", SUP, "{\"body\":\"x\"}", 404, "not_found",
	        "reply: an unknown incident");
	refused("GET", "/api/v1/tickets/999999/incident", D.token, NULL, 404, NULL,
	        "a ticket's incident: an unknown ticket");
	refused("GET", "/api/v1/incidents/999999/tickets", D.token, NULL, 404, "not_found",
	        "linked tickets: an unknown incident");
	refused("DELETE", P("/api/v1/incidents/%lld/tickets/%lld", inc1, t_solved), SUP, NULL, 404,
	        "not_found", "unlink: a ticket never linked");
	refused("POST", P("/api/v1/incidents/%lld/compensation-lists/%lld/approve", inc1, list1),
	        SUP, P("{\"sha256\":\"%s\",\"x\":1}", list1_hash), 422, "unknown_field",
	        "approve: an unknown field");
	refused("GET", "/api/v1/public/incidents/abc/eligibility?uid=1&user_hash=2", NULL, NULL,
	        404, NULL, "eligibility: not an id");
	refused("GET",
	        P("/api/v1/public/incidents/%lld/eligibility?uid=%s&user_hash=x", inc1,
	          repeat("1", 65)),
	        NULL, NULL, 400, "invalid_query", "eligibility: a uid of 65 bytes");
	refused("GET", "/api/v1/incidents?status=maybe", D.token, NULL, 400, "invalid_query",
	        "list: an unknown status");
	refused("POST", "/api/v1/incidents", NULL,
	        P("{\"title\":\"t\",\"products\":[\"spot\"],\"starts_at\":\"%s\",%s}", starts,
	          good_banner),
	        401, NULL, "declare without credentials");
}

int main(void)
{
	h_init(300);
	xdesk_start(&D, &X, NULL);
	snprintf(hook_url, sizeof hook_url, "%s/api/v1/exchange/webhook", D.base);
	sup_id = mk_agent(&D, "sup@test.local", "Sofia Supervisor", "supervisor", NULL, NULL, SUP);
	mk_agent(&D, "agent@test.local", "Alex Agent", "agent", NULL, NULL, AGENT);
	test_declare_and_link();
	test_banner();
	test_reply_all();
	test_import();
	test_approve();
	test_pay();
	test_eligibility();
	test_pay_exchange_down();
	test_pay_refused();
	test_webhook();
	test_bad_input();
	srv_stop(&D);
	srv_stop(&X);
	return h_finish();
}
