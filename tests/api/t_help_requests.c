/* t_help_requests — the help center's two public ticket doors (docs/help-center.md), from
 * outside, with no credentials: "submit a request" (GET /api/v1/help/requests/form, then
 * POST /api/v1/help/requests) and "check my request" (POST /api/v1/help/requests/lookup).
 *
 * What a desk owner would check: a request becomes a `web` ticket an agent sees, with the
 * requester's email (lowercased), name, language and category as typed and the description
 * byte for byte; the admins' routing rules place it like any new ticket (a `ticket.routed`
 * event), else the default group; an acknowledgement is queued to the requester when the desk
 * acknowledges new tickets, and not when it does not; a known email lands on its customer
 * without renaming them. Robots are refused with a clear error and store nothing: the honeypot,
 * a form sent sooner than a person could, a token the desk did not sign, too many links; people's
 * mistakes get the usual 4xx (sizes at and past each limit, control characters, invalid UTF-8,
 * a body past 64 KiB) and are not counted against them. Rate limits: five requests per client
 * address in 15 minutes (abuse refusals count), five per requester email whatever the address,
 * 30 lookups and 10 failed lookups per address; 429 with Retry-After, nothing stored.
 *
 * "Check my request" answers status, subject, dates and the public conversation (the
 * customer's messages and agents' replies, never notes) for the number (in any usual spelling)
 * and an email of the requester (any case); a wrong number and a wrong email get the same 404
 * byte for byte; another customer's number with one's own email is a 404; an escalation is
 * never shown; a merged request shows the one it was merged into.
 *
 * Clients are told apart by their address: requests are sent from 127.0.0.x for several x
 * (libcurl's CURLOPT_INTERFACE), each a client with its own budget. */
#include "harness.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static char form_token[256];
static long long G_DEFAULT, G_WITHDRAW, G_L2, RULE;

/* ---- requests from another loopback address -------------------------------------------- */

#define MAX_MINE 512
static struct resp *mine[MAX_MINE];
static int n_mine;

struct buf {
	char *p;
	size_t n;
};

static size_t on_data(char *p, size_t sz, size_t nm, void *ud)
{
	struct buf *b = ud;
	size_t n = sz * nm;
	char *q = realloc(b->p, b->n + n + 1);
	if (!q)
		abort();
	memcpy(q + b->n, p, n);
	b->n += n;
	q[b->n] = '\0';
	b->p = q;
	return n;
}

/* One header's value from raw headers (malloc'd), or NULL. */
static char *header_value(const char *raw, const char *name)
{
	size_t nl = strlen(name);
	for (const char *line = raw; line && *line;) {
		const char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > nl && !strncasecmp(line, name, nl) && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			return strndup(v, len - (size_t)(v - line));
		}
		line = end ? end + 2 : NULL;
	}
	return NULL;
}

/* method path from 127.0.0.host; body NULL for none, len 0 = strlen; ctype NULL = JSON. */
static struct resp *from(int host, const char *method, const char *path, const char *body,
                         size_t len, const char *ctype)
{
	CURL *c = curl_easy_init();
	struct buf b = {0}, h = {0};
	char url[1024], iface[64], ct[128];
	snprintf(url, sizeof url, "%s%s", S.base, path);
	snprintf(iface, sizeof iface, "host!127.0.0.%d", host);
	struct curl_slist *hl = NULL;
	if (body) {
		snprintf(ct, sizeof ct, "Content-Type: %s", ctype ? ctype : "application/json");
		hl = curl_slist_append(hl, ct);
		hl = curl_slist_append(hl, "Expect:");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)(len ? len : strlen(body)));
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	struct resp *r = calloc(1, sizeof *r);
	if (!r)
		abort();
	r->next = r; /* untracked: freed by resp_free at the end */
	r->curl_err = (int)curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(c);
	r->body = b.p ? b.p : strdup("");
	r->len = b.n;
	r->headers = h.p ? h.p : strdup("");
	r->retry_after = header_value(r->headers, "Retry-After");
	r->content_type = header_value(r->headers, "Content-Type");
	if (r->len)
		r->json = json_loadb(r->body, r->len, 0, NULL);
	if (n_mine < MAX_MINE)
		mine[n_mine++] = r;
	return r;
}

static struct resp *fromj(int host, const char *method, const char *path, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	struct resp *r = from(host, method, path, text, 0, NULL);
	free(text);
	return r;
}

/* ---- the form ----------------------------------------------------------------------------- */

/* A request body: the caller's fields over a valid default; NULL values leave a field out. */
static json_t *request(const char *email, const char *subject, const char *desc)
{
	json_t *o = json_object();
	if (email)
		json_object_set_new(o, "email", json_string(email));
	if (subject)
		json_object_set_new(o, "subject", json_string(subject));
	if (desc)
		json_object_set_new(o, "description", json_string(desc));
	json_object_set_new(o, "form_token", json_string(form_token));
	return o;
}

static json_t *with(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
	return o;
}

static struct resp *submit(int host, json_t *body)
{
	return fromj(host, "POST", "/api/v1/help/requests", body);
}

static struct resp *lookup(int host, const char *number, const char *email)
{
	return fromj(host, "POST", "/api/v1/help/requests/lookup",
	             json_pack("{s:s, s:s}", "number", number, "email", email));
}

static const char *new_token(int host)
{
	struct resp *r = from(host, "GET", "/api/v1/help/requests/form", NULL, 0, NULL);
	return jstr(r->json, "form_token") ? jstr(r->json, "form_token") : "";
}

static json_t *ticket(const char *number)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%s", number), S.token, NULL);
	return r->status == 200 ? jget(r->json, "ticket") : NULL;
}

static bool has_event(long long ticket_id, const char *action)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/events", ticket_id), S.token, NULL);
	json_t *e;
	size_t i;
	json_array_foreach(jget(r->json, "events"), i, e)
	{
		if (jstr(e, "action") && !strcmp(jstr(e, "action"), action))
			return true;
	}
	return false;
}

static size_t outbox_acks(long long ticket_id, const char *to)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/outbox", ticket_id), S.token, NULL);
	json_t *d;
	size_t i, n = 0;
	json_array_foreach(jget(r->json, "deliveries"), i, d)
	{
		n += jstr(d, "kind") && !strcmp(jstr(d, "kind"), "ack") && jstr(d, "to") &&
		     !strcmp(jstr(d, "to"), to);
	}
	return n;
}

static bool retry_after_in(const struct resp *r, long lo, long hi)
{
	long v = r->retry_after ? strtol(r->retry_after, NULL, 10) : -1;
	return v >= lo && v <= hi;
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void setup(void)
{
	G_DEFAULT = mk_group(&S, "Support", "L1");
	G_WITHDRAW = mk_group(&S, "Withdrawals", "L1");
	G_L2 = mk_group(&S, "Wallet L2", "L2");
	struct resp *r = httpj(&S, "PUT", "/api/v1/routing/default", S.token,
	                       jpack("{s:I}", "group_id", G_DEFAULT));
	check_status(r, 200, "setup: the default group is Support");
	r = httpj(&S, "POST", "/api/v1/routing/rules", S.token,
	          jpack("{s:s, s:{s:[s]}, s:{s:I}}", "name", "withdrawals", "conditions",
	                "categories", "withdrawal", "actions", "group_id", G_WITHDRAW));
	check_status(r, 201, "setup: a rule sends withdrawal tickets to Withdrawals");
	RULE = jint(r->json, "rule.id");
}

static void form(void)
{
	struct resp *r = from(1, "GET", "/api/v1/help/requests/form?locale=zh-CN", NULL, 0, NULL);
	check_status(r, 200, "form: GET /api/v1/help/requests/form answers without credentials");
	const char *tok = jstr(r->json, "form_token");
	check(tok && strlen(tok) > 20 && strlen(tok) < sizeof form_token,
	      "form: it carries a form token");
	snprintf(form_token, sizeof form_token, "%s", tok ? tok : "");
	check_int(jint(r->json, "min_fill_ms"), 3000, "form: a person needs at least 3 s");
	check(r->headers && contains(r->headers, "Cache-Control: no-store"), "form: not cached");
	json_t *c;
	size_t i;
	const char *wname = NULL;
	json_array_foreach(jget(r->json, "categories"), i, c)
	{
		if (jstr(c, "slug") && !strcmp(jstr(c, "slug"), "withdrawal"))
			wname = jstr(c, "name");
	}
	check_str(wname, "提现",
	          "form: categories carry the help center's name in the locale asked");
	check_int((long long)json_array_size(jget(r->json, "languages")), 9,
	          "form: nine languages");
	r = from(1, "GET", "/api/v1/help/requests/form?locale=xx", NULL, 0, NULL);
	check_error(r, 400, "invalid_query", "locale",
	            "form: an unknown locale is 400 invalid_query");
	/* the minimum fill time, once for the whole program (the token may be used again) */
	sleep_s(3.1);
}

static const char *NUM_LI; /* the first request's number */
static const char *DESC_LI = "我昨天提现 500 USDT (TRC20)，至今未到账。\n"
                             "TxID: 7f3c…e91a\tCRLF→\r\nend ✓";

static void create_and_route(void)
{
	struct resp *r =
	    submit(1, with(with(with(request("Li.Wei@Example.COM", "  提现一直没到账  ", DESC_LI),
	                             "name", json_string("李伟")),
	                        "category", json_string("withdrawal")),
	                   "language", json_string("zh-cn")));
	check_status(r, 201, "create: a request is answered 201");
	const char *num = jstr(r->json, "number");
	NUM_LI = num ? strdup(num) : "EXD-0";
	check(num && !strncmp(num, "EXD-", 4), "create: the answer carries the ticket number (%s)",
	      NUM_LI);
	check(jget(r->json, "acknowledged") && json_is_true(jget(r->json, "acknowledged")),
	      "create: it says a confirmation was queued");
	check(!jhas(r->json, "id") && !jhas(r->json, "customer_id") && !jhas(r->json, "group_id"),
	      "create: nothing internal in the answer (%s)", jdump(r->json));

	json_t *t = ticket(NUM_LI);
	checkd(t != NULL, rdesc(r), "create: an agent sees the ticket by its number");
	if (!t)
		return;
	check_str(jstr(t, "channel"), "web", "create: channel web");
	check_str(jstr(t, "status"), "new", "create: status new");
	check_str(jstr(t, "subject"), "提现一直没到账", "create: subject as typed, trimmed");
	check_str(jstr(t, "language"), "zh-CN", "create: language zh-CN (canonical spelling)");
	check_str(jstr(t, "category"), "withdrawal", "create: category withdrawal");
	check_str(jstr(t, "requester.email"), "li.wei@example.com",
	          "create: requester email lowercased");
	check_str(jstr(t, "requester.name"), "李伟", "create: requester name");
	check_int(jint(t, "group_id"), G_WITHDRAW, "create: routed by the rule to Withdrawals");
	long long id = jint(t, "id");
	check(has_event(id, "ticket.routed"), "create: the trail has ticket.routed");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", id), S.token, NULL);
	check_str(jstr(r->json, "messages.0.body"), DESC_LI,
	          "create: the description is the first customer message, byte for byte");
	check_str(jstr(r->json, "messages.0.kind"), "customer", "create: ... of kind customer");
	check_int((long long)outbox_acks(id, "li.wei@example.com"), 1,
	          "create: one acknowledgement queued to the requester");

	/* no rule matches: the default group, no routed event */
	r = submit(1, request("sam@example.org", "Cannot log in", "The 2FA code is refused."));
	check_status(r, 201, "create: a second request (no category)");
	t = ticket(jstr(r->json, "number") ? jstr(r->json, "number") : "0");
	check(t && jint(t, "group_id") == G_DEFAULT,
	      "create: without a matching rule it goes to the default group");
	check(t && jisnull(t, "category"), "create: no category");
	check(t && !has_event(jint(t, "id"), "ticket.routed"), "create: no rule, no ticket.routed");

	/* acknowledgements off */
	r = httpj(&S, "PUT", "/api/v1/settings/mail", S.token, jpack("{s:b}", "acknowledge", 0));
	check_status(r, 200, "create: the admin turns acknowledgements off");
	r = submit(1, request("quiet@example.org", "No mail please", "Hello"));
	check_status(r, 201, "create: a request while acknowledgements are off");
	check(jget(r->json, "acknowledged") && json_is_false(jget(r->json, "acknowledged")),
	      "create: the answer says no confirmation");
	t = ticket(jstr(r->json, "number") ? jstr(r->json, "number") : "0");
	check(t && outbox_acks(jint(t, "id"), "quiet@example.org") == 0,
	      "create: and none is queued");
	r = httpj(&S, "PUT", "/api/v1/settings/mail", S.token, jpack("{s:b}", "acknowledge", 1));
	check_status(r, 200, "create: acknowledgements back on");
}

/* A known email lands on its customer, who is not renamed by what the form says. */
static const char *NUM_KNOWN, *NUM_KNOWN_API;
static void known_customer(void)
{
	json_t *api = mk_ticket(&S, S.token,
	                        "{\"subject\":\"Old question\",\"body\":\"hi\",\"requester\":"
	                        "{\"email\":\"known@example.com\",\"name\":\"Known Name\"}}");
	long long cid = jint(api, "requester.id");
	NUM_KNOWN_API = jstr(api, "number") ? strdup(jstr(api, "number")) : "EXD-0";
	struct resp *r = submit(1, with(request("KNOWN@example.com", "New question", "again"),
	                                "name", json_string("Impostor")));
	check_status(r, 201, "known: a request with an email the desk knows");
	NUM_KNOWN = jstr(r->json, "number") ? strdup(jstr(r->json, "number")) : "EXD-0";
	json_t *t = ticket(NUM_KNOWN);
	check(t && jint(t, "requester.id") == cid, "known: it is the same customer's ticket");
	check_str(t ? jstr(t, "requester.name") : NULL, "Known Name",
	          "known: the customer keeps their name");
}

/* Robots: each refusal is clear, stores nothing, and counts against the address (127.0.0.2). */
static void abuse(void)
{
	char *before = db_fingerprint(&S, NULL);
	struct resp *r = submit(2, with(request("bot@example.com", "Hi", "Buy now"), "website",
	                                json_string("http://spam.example")));
	check_error(r, 422, "invalid_value", "website", "abuse: a filled honeypot is refused");

	json_t *b = request("bot@example.com", "Hi", "Buy now");
	json_object_set_new(b, "form_token", json_string(new_token(2)));
	r = submit(2, b);
	check_error(r, 422, "too_fast", "form_token",
	            "abuse: a form sent at once is refused as too fast");
	check(retry_after_in(r, 1, 3), "abuse: ... with Retry-After 1-3 s (%s)",
	      r->retry_after ? r->retry_after : "none");

	b = request("bot@example.com", "Hi", "Buy now");
	json_object_set_new(
	    b, "form_token",
	    json_string(
	        "1700000000000.0000000000000000000000000000000000000000000000000000000000000000"));
	r = submit(2, b);
	check_error(r, 422, "form_expired", "form_token",
	            "abuse: a token the desk did not sign is refused");

	char forged[256];
	snprintf(forged, sizeof forged, "%s", form_token);
	size_t fl = strlen(forged);
	forged[fl - 1] = forged[fl - 1] == '0' ? '1' : '0';
	b = request("bot@example.com", "Hi", "Buy now");
	json_object_set_new(b, "form_token", json_string(forged));
	r = submit(2, b);
	check_error(r, 422, "form_expired", "form_token",
	            "abuse: a token with one digit changed is refused");

	r = submit(
	    2, request("bot@example.com", "Deals",
	               "http://a.example https://b.example www.c.example and HTTPS://D.EXAMPLE"));
	check_error(r, 422, "too_many", "description", "abuse: four links are too many");
	check_unchanged(&S, before, NULL, "abuse: the five refusals stored nothing");

	/* five refusals: the address is done for now, even with a good request */
	r = submit(2, request("person@example.com", "Real question", "Please help"));
	check_error(r, 429, "rate_limited", "",
	            "abuse: the sixth request from that address is 429");
	check(retry_after_in(r, 800, 900),
	      "abuse: ... Retry-After within the 15-minute window (%s)",
	      r->retry_after ? r->retry_after : "none");
	check_unchanged(&S, before, NULL, "abuse: the 429 stored nothing");
	r = from(2, "GET", "/api/v1/help/requests/form", NULL, 0, NULL);
	check_status(r, 200, "abuse: the address can still open the form");
}

/* People's mistakes (127.0.0.3): plain 4xx, nothing stored, not counted. */
static void mistakes(void)
{
	char *before = db_fingerprint(&S, NULL);
	struct resp *r = submit(3, request(NULL, "Hi", "Hello"));
	check_error(r, 422, "missing_field", "email", "mistakes: no email");
	r = submit(3, request("not-an-address", "Hi", "Hello"));
	check_error(r, 422, "invalid_value", "email", "mistakes: an address that is not one");
	r = submit(3, request("a@example.com", "   ", "Hello"));
	check_error(r, 422, "invalid_value", "subject", "mistakes: a blank subject");
	r = submit(3, request("a@example.com", "Hi", NULL));
	check_error(r, 422, "missing_field", "description", "mistakes: no description");
	/* 201 bytes of subject: 67 three-byte characters */
	r = submit(3, request("a@example.com", repeat("提", 67), "Hello"));
	check_error(r, 422, "too_long", "subject", "mistakes: a subject of 201 bytes is too long");
	r = submit(3, request("a@example.com", "Hi", repeat("x", 16 * 1024 + 1)));
	check_error(r, 422, "too_long", "description",
	            "mistakes: a description of 16385 bytes is too long");
	r = submit(3, with(request("a@example.com", "Hi", "Hello"), "name",
	                   json_string(repeat("n", 201))));
	check_error(r, 422, "too_long", "name", "mistakes: a name of 201 bytes is too long");
	r = submit(3, request("a@example.com", "two\nlines", "Hello"));
	check_error(r, 422, "invalid_value", "subject", "mistakes: a subject with a line break");
	r = submit(3, request("a@example.com", "Hi", "bell \a"));
	check_error(r, 422, "invalid_value", "description",
	            "mistakes: a control character in the description");
	r = submit(3,
	           with(request("a@example.com", "Hi", "Hello"), "category", json_string("lunch")));
	check_error(r, 422, "invalid_value", "category", "mistakes: an unknown category");
	r = submit(3, with(request("a@example.com", "Hi", "Hello"), "language", json_string("de")));
	check_error(r, 422, "invalid_value", "language",
	            "mistakes: a language the help center does not carry");
	r = submit(
	    3, with(request("a@example.com", "Hi", "Hello"), "priority", json_string("urgent")));
	check_error(r, 422, "unknown_field", "priority",
	            "mistakes: a field the form does not have");
	r = submit(3,
	           with(request("a@example.com", "Hi", "Hello"), "channel", json_string("email")));
	check_error(r, 422, "unknown_field", "channel",
	            "mistakes: the channel is not the requester's to choose");
	static const char bad_utf8[] = "{\"email\":\"a@example.com\",\"subject\":\"\xe6\x8f\","
	                               "\"description\":\"x\",\"form_token\":\"t\"}";
	r = from(3, "POST", "/api/v1/help/requests", bad_utf8, sizeof bad_utf8 - 1, NULL);
	check_error(r, 400, "invalid_utf8", NULL, "mistakes: invalid UTF-8 is 400 invalid_utf8");
	r = from(3, "POST", "/api/v1/help/requests", "{\"email\":\"a@example.com\"", 0, NULL);
	check_error(r, 400, "malformed_json", NULL, "mistakes: broken JSON");
	r = from(3, "POST", "/api/v1/help/requests", "email=a@example.com", 0,
	         "application/x-www-form-urlencoded");
	check_error(r, 415, "unsupported_media_type", NULL, "mistakes: a form-encoded body is 415");
	char *huge = malloc(70 * 1024);
	int n = snprintf(huge, 70 * 1024,
	                 "{\"email\":\"a@example.com\",\"subject\":\"Hi\",\"form_token\":\"t\","
	                 "\"description\":\"");
	memset(huge + n, 'y', 65 * 1024);
	strcpy(huge + n + 65 * 1024, "\"}");
	r = from(3, "POST", "/api/v1/help/requests", huge, 0, NULL);
	check_error(r, 413, "body_too_large", NULL, "mistakes: a body over 64 KiB is 413");
	free(huge);
	check_unchanged(&S, before, NULL, "mistakes: none of them stored anything");

	/* exactly at the limits, and the address still has its whole budget */
	char subj[256];
	strcpy(subj, repeat("提", 66)); /* 198 bytes */
	strcat(subj, "ab");
	r = submit(3, request("limits@example.com", subj, repeat("z", 16 * 1024)));
	check_status(r, 201,
	             "mistakes: subject of 200 bytes and description of 16384 bytes are accepted");
	r = submit(3, with(request("limits@example.com", "Three links",
	                           "see https://a.example, http://b.example and www.c.example"),
	                   "name", json_string(repeat("n", 200))));
	check_status(r, 201, "mistakes: three links and a name of 200 bytes are accepted");
	for (int i = 0; i < 3; i++) {
		r = submit(3, request(P("limits%d@example.com", i), "Again", "Hello"));
		check_status(r, 201,
		             "mistakes: request %d of 5 from an address that made 16 mistakes",
		             i + 3);
	}
}

/* Per address and per email. */
static void rate_limits(void)
{
	/* 127.0.0.1 has sent four; the fifth passes, the sixth is refused */
	struct resp *r = submit(1, request("five@example.com", "Fifth", "Hello"));
	check_status(r, 201, "limits: the fifth request from one address in 15 minutes");
	char *before = db_fingerprint(&S, NULL);
	r = submit(1, request("six@example.com", "Sixth", "Hello"));
	check_error(r, 429, "rate_limited", "", "limits: the sixth is 429");
	check(retry_after_in(r, 800, 900), "limits: ... with Retry-After (%s)",
	      r->retry_after ? r->retry_after : "none");
	check_unchanged(&S, before, NULL, "limits: and stored nothing");

	/* one email from two addresses: five, then refused, while another email passes */
	for (int i = 0; i < 5; i++) {
		r = submit(4, request("Flood@Example.com", P("Flood %d", i), "Hello"));
		check_status(r, 201, "limits: request %d for one email", i + 1);
	}
	before = db_fingerprint(&S, NULL);
	r = submit(5, request("flood@example.com", "Flood from elsewhere", "Hello"));
	check_error(r, 429, "rate_limited", "",
	            "limits: a sixth for the same email, from another address, is 429");
	check(retry_after_in(r, 3000, 3600), "limits: ... Retry-After within the hour (%s)",
	      r->retry_after ? r->retry_after : "none");
	check_unchanged(&S, before, NULL, "limits: and stored nothing");
	r = submit(5, request("other@example.com", "Someone else", "Hello"));
	check_status(r, 201, "limits: that address may still send for another email");
}

/* ---- check my request --------------------------------------------------------------------- */

static const char *digits_of(const char *num)
{
	return num + 4;
}

static void check_mine(void)
{
	char *before = db_fingerprint(&S, NULL);
	struct resp *r = lookup(1, NUM_LI, "li.wei@example.com");
	check_status(r, 200, "lookup: number and email find the request");
	check_str(jstr(r->json, "request.number"), NUM_LI, "lookup: its number");
	check_str(jstr(r->json, "request.subject"), "提现一直没到账", "lookup: its subject");
	check_str(jstr(r->json, "request.status"), "new", "lookup: its status");
	check(rfc3339_utc(jstr(r->json, "request.created_at")) > 0 &&
	          rfc3339_utc(jstr(r->json, "request.updated_at")) > 0,
	      "lookup: its dates");
	check_int((long long)json_array_size(jget(r->json, "request.messages")), 1,
	          "lookup: one message so far");
	check_str(jstr(r->json, "request.messages.0.body"), DESC_LI,
	          "lookup: the customer's own text, byte for byte");
	check(r->headers && contains(r->headers, "Cache-Control: no-store"), "lookup: not cached");
	const char *spellings[] = {"exd-", "", "#EXD-", "EXD-"};
	const char *emails[] = {"LI.WEI@EXAMPLE.COM", "li.wei@example.com", "Li.Wei@Example.Com",
	                        " li.wei@example.com "};
	for (int i = 0; i < 4; i++) {
		r = lookup(1, P("%s%s", spellings[i], digits_of(NUM_LI)), emails[i]);
		check_status(r, 200, "lookup: number spelt \"%s%s\", email \"%s\"", spellings[i],
		             digits_of(NUM_LI), emails[i]);
	}
	check_unchanged(&S, before, NULL, "lookup: reading stores nothing");

	/* the agent answers and writes an internal note */
	json_t *t = ticket(NUM_LI);
	long long id = t ? jint(t, "id") : 0;
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", id), S.token,
	          jpack("{s:s}", "body", "您好，我们正在核查这笔提现。<b>稍候</b>"));
	check_status(r, 201, "lookup: an agent replies");
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/notes", id), S.token,
	          jpack("{s:s}", "body", "INTERNAL-NOTE-risk-team-flagged"));
	check_status(r, 201, "lookup: and writes an internal note");
	r = lookup(1, NUM_LI, "li.wei@example.com");
	check_status(r, 200, "lookup: again");
	check_str(jstr(r->json, "request.status"), "open", "lookup: the reply opened it");
	check_int((long long)json_array_size(jget(r->json, "request.messages")), 2,
	          "lookup: two messages (the note is not one of them)");
	check_str(jstr(r->json, "request.messages.1.kind"), "reply",
	          "lookup: the second is the reply");
	check_str(jstr(r->json, "request.messages.1.body"),
	          "您好，我们正在核查这笔提现。<b>稍候</b>", "lookup: the reply's text as written");
	check_str(jstr(r->json, "request.messages.1.author.name"), "Admin",
	          "lookup: under the agent's name");
	check(!contains(r->body, "INTERNAL-NOTE") && !contains(r->body, "\"note\""),
	      "lookup: nothing of the note in the answer");
	check(!contains(r->body, "group") && !contains(r->body, "assignee") &&
	          !contains(r->body, "priority") && !contains(r->body, "@test.local") &&
	          !contains(r->body, "customer_id") && !contains(r->body, "tags"),
	      "lookup: nothing internal (groups, assignee, priority, agents' emails, ids, tags)");
}

static void mismatches(void)
{
	char *before = db_fingerprint(&S, NULL);
	struct resp *wrong_email = lookup(1, NUM_LI, "li.wei@example.co");
	check_error(wrong_email, 404, "not_found", "",
	            "mismatch: the right number with a wrong email is 404");
	struct resp *wrong_number = lookup(1, "EXD-999999", "li.wei@example.com");
	check_error(wrong_number, 404, "not_found", "",
	            "mismatch: a number that does not exist is 404");
	check(wrong_email->body && wrong_number->body &&
	          !strcmp(wrong_email->body, wrong_number->body),
	      "mismatch: the two answers are the same, byte for byte");
	/* two customers: neither reaches the other's request with their own email */
	struct resp *r = lookup(1, NUM_KNOWN, "li.wei@example.com");
	check_error(r, 404, "not_found", "",
	            "mismatch: another customer's number with my email is 404");
	check(!strcmp(r->body, wrong_email->body), "mismatch: ... the same 404");
	r = lookup(1, NUM_LI, "known@example.com");
	check_error(r, 404, "not_found", "",
	            "mismatch: my number with another customer's email is 404");
	r = lookup(1, NUM_KNOWN, "known@example.com");
	check_status(r, 200, "mismatch: each finds their own");
	check(!contains(r->body, "提现") && !contains(r->body, "li.wei"),
	      "mismatch: and nothing of the other's");
	r = lookup(1, "ABC", "li.wei@example.com");
	check_error(r, 422, "invalid_value", "number",
	            "mismatch: a number that cannot be one is 422");
	r = lookup(1, NUM_LI, "not-an-email");
	check_error(r, 422, "invalid_value", "email",
	            "mismatch: an email that cannot be one is 422");
	r = from(1, "POST", "/api/v1/help/requests/lookup", "{\"number\":\"EXD-1\"}", 0, NULL);
	check_error(r, 422, "missing_field", "email", "mismatch: the email is required");
	check_unchanged(&S, before, NULL, "mismatch: refusals store nothing");
}

static void escalation_and_merge(void)
{
	json_t *t = ticket(NUM_LI);
	struct resp *r =
	    httpj(&S, "POST", P("/api/v1/tickets/%lld/escalate", t ? jint(t, "id") : 0), S.token,
	          jpack("{s:I, s:s, s:s}", "group_id", G_L2, "summary", "ESCALATION-SUMMARY",
	                "actions_taken", "checked the chain"));
	check_status(r, 201, "escalation: the agent escalates the request");
	const char *child = jstr(r->json, "ticket.number");
	r = lookup(1, child ? child : "EXD-0", "li.wei@example.com");
	check_error(r, 404, "not_found", "",
	            "escalation: the internal case is not found with the requester's email");
	r = lookup(1, NUM_LI, "li.wei@example.com");
	check_str(jstr(r->json, "request.status"), "on_hold",
	          "escalation: the request shows on hold");
	check(!contains(r->body, "ESCALATION-SUMMARY") && !contains(r->body, "Wallet L2"),
	      "escalation: nothing of the escalation's content");

	json_t *k = ticket(NUM_KNOWN), *api = ticket(NUM_KNOWN_API);
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/merge", k ? jint(k, "id") : 0), S.token,
	          jpack("{s:I}", "into_id", api ? jint(api, "id") : 0));
	check_status(r, 200, "merge: an agent merges the customer's two tickets");
	r = lookup(1, NUM_KNOWN, "known@example.com");
	check_status(r, 200, "merge: the merged number still finds the request");
	check_str(jstr(r->json, "request.number"), NUM_KNOWN_API,
	          "merge: it shows the one it was merged into");
	check_str(jstr(r->json, "request.merged_from"), NUM_KNOWN, "merge: and says which it was");
}

static void lookup_limits(void)
{
	/* ten failures from one address, then even the right answer waits */
	int missed = 0;
	for (int i = 0; i < 10; i++)
		missed += lookup(7, NUM_LI, P("guess%d@example.com", i))->status == 404;
	check_int(missed, 10, "lookup limits: ten wrong guesses from one address answered 404");
	struct resp *r = lookup(7, NUM_LI, "guess10@example.com");
	check_error(r, 429, "rate_limited", "",
	            "lookup limits: the eleventh failure's turn is 429");
	check(retry_after_in(r, 800, 900), "lookup limits: ... Retry-After (%s)",
	      r->retry_after ? r->retry_after : "none");
	r = lookup(7, NUM_LI, "li.wei@example.com");
	check_error(r, 429, "rate_limited", "",
	            "lookup limits: and so is the right email from that address");
	r = lookup(1, NUM_LI, "li.wei@example.com");
	check_status(r, 200, "lookup limits: another address is not affected");

	/* thirty lookups of any kind per address */
	int ok = 0;
	for (int i = 0; i < 30; i++)
		ok += lookup(8, NUM_LI, "li.wei@example.com")->status == 200;
	check_int(ok, 30, "lookup limits: thirty lookups from one address in 15 minutes");
	r = lookup(8, NUM_LI, "li.wei@example.com");
	check_error(r, 429, "rate_limited", "", "lookup limits: the thirty-first is 429");
}

/* The static pages: any address under /help/ without a dot is the one page. */
static void pages(void)
{
	struct resp *r = http(&S, "GET", "/help/", NULL, NULL);
	check_status(r, 200, "pages: /help/ is served");
	check(r->content_type && contains(r->content_type, "text/html"), "pages: as HTML");
	check(r->headers && contains(r->headers, "script-src 'self'") &&
	          contains(r->headers, "frame-ancestors 'self'"),
	      "pages: under the desk's CSP");
	struct resp *deep = http(&S, "GET", "/help/ja/articles/12", NULL, NULL);
	check(deep->status == 200 && deep->body && r->body && !strcmp(deep->body, r->body),
	      "pages: /help/ja/articles/12 is the same page");
	r = http(&S, "GET", "/help/app.js", NULL, NULL);
	check(r->status == 200 && r->content_type && contains(r->content_type, "javascript"),
	      "pages: its script");
	r = http(&S, "GET", "/help/nothing.js", NULL, NULL);
	check_error(r, 404, "not_found", NULL, "pages: a file that does not exist is 404");
	r = http(&S, "GET", "/help/../console/index.html", NULL, NULL);
	check(r->status == 404 || r->status == 400, "pages: no way out of /help/ (%ld)", r->status);
	r = http(&S, "GET", "/help", NULL, NULL);
	check_status(r, 308, "pages: /help redirects to /help/");
}

int main(void)
{
	h_init(240);
	srv_start(&S);
	double t0 = now_s();
	setup();
	form();
	create_and_route();
	known_customer();
	abuse();
	mistakes();
	rate_limits();
	check_mine();
	mismatches();
	escalation_and_merge();
	lookup_limits();
	pages();
	note("t_help_requests took %.1f s", now_s() - t0);
	for (int i = 0; i < n_mine; i++)
		resp_free(mine[i]);
	return h_finish();
}
