/* t_macros — canned replies (docs/api.md "Macros"): admins and supervisors create, change and
 * delete macros and their per-locale variants, audited; a preview renders the variant of the
 * ticket's language (falling back to the default one) with the customer's name in Japanese,
 * Chinese, Russian and Vietnamese, the ticket number, the agent and the desk filled in, and
 * changes nothing; an apply posts the reply (or note) and sets status, priority and tags in one
 * transaction, audited as macro.apply, and when any part cannot be done (a status the ticket
 * cannot reach, too many tags, a closed ticket, a collision, an escalation child) nothing at all
 * is stored; group-scoped macros are seen only by that group's agents; agents and qa cannot
 * manage them, qa cannot use them; bad input names the field and stores nothing. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static long long gA, gB, agentA, agentB, sup, qa;
static char tokA[512], tokB[512], tokSup[512], tokQA[512];
static const char *ADM;

#define DESK_NAME "Exdesk Test Desk"

/* ---- helpers ---- */

static json_t *mk_macro(const char *token, const char *json_text, long want, const char *what)
{
	struct resp *r = http(&S, "POST", "/api/v1/macros", token, json_text);
	checkd(r->status == want, rdesc(r), "%s: POST /api/v1/macros answers %ld", what, want);
	return jget(r->json, "macro");
}

static json_t *ticket(const char *subject, const char *name, const char *language, long long group,
                      const char *tags_json)
{
	json_t *req =
	    json_pack("{s:s, s:s}", "email", P("%s@example.com", subject), "language", language);
	if (name)
		json_object_set_new(req, "name", json_string(name));
	json_t *body = json_pack("{s:s, s:s, s:o, s:s}", "subject", subject, "body", "help please",
	                         "requester", req, "language", language);
	if (group)
		json_object_set_new(body, "group_id", json_integer(group));
	if (tags_json)
		json_object_set_new(body, "tags", json_loads(tags_json, 0, NULL));
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	json_t *t = mk_ticket(&S, ADM, text);
	free(text);
	return t;
}

static struct resp *preview(const char *token, long long tid, long long mid, const char *body)
{
	return http(&S, "POST", P("/api/v1/tickets/%lld/macros/%lld/preview", tid, mid), token,
	            body);
}

static struct resp *apply(const char *token, long long tid, long long mid, const char *body)
{
	return http(&S, "POST", P("/api/v1/tickets/%lld/macros/%lld/apply", tid, mid), token, body);
}

static bool has_tag(json_t *t, const char *tag)
{
	json_t *v;
	size_t i;
	json_array_foreach(jget(t, "tags"), i,
	                   v) if (!strcmp(json_string_value(v), tag)) return true;
	return false;
}

static json_t *ticket_get(long long id)
{
	return jget(http(&S, "GET", P("/api/v1/tickets/%lld", id), ADM, NULL)->json, "ticket");
}

/* The ids of the macros token may list (as a JSON array of the macro objects). */
static json_t *listed(const char *token, const char *query)
{
	struct resp *r = http(&S, "GET", P("/api/v1/macros%s", query ? query : ""), token, NULL);
	checkd(r->status == 200, rdesc(r), "GET /api/v1/macros%s answers 200", query ? query : "");
	return jget(r->json, "macros");
}

static bool lists(json_t *arr, long long id)
{
	json_t *v;
	size_t i;
	json_array_foreach(arr, i, v) if (jint(v, "id") == id) return true;
	return false;
}

/* The events of a ticket with this action, newest last; NULL if none. */
static json_t *last_event(long long tid, const char *action)
{
	json_t *found = NULL, *ev;
	size_t i;
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/events", tid), ADM, NULL);
	json_array_foreach(jget(r->json, "events"), i,
	                   ev) if (jstr(ev, "action") && !strcmp(jstr(ev, "action"), action))
	    found = ev;
	return found;
}

static long long messages_count(long long tid)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/messages?limit=100", tid), ADM, NULL);
	return (long long)json_array_size(jget(r->json, "messages"));
}

/* JSON text of j (released), kept until h_finish: for bodies too long for P(). */
static const char *jtext(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	json_t *kept = jkeep(json_string(s));
	free(s);
	return json_string_value(kept);
}

/* A refused request: its status, code and field, and nothing stored. */
static void refused(const char *method, const char *path, const char *token, const char *body,
                    long status, const char *code, const char *field, const char *what)
{
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r = http(&S, method, path, token, body);
	check_error(r, status, code, field, "%s: %ld %s", what, status, code);
	check_unchanged(&S, fp, NULL, "%s: nothing stored", what);
}

/* The deposit macro used throughout: desk-wide, five languages, English by default. */
static const char DEPOSIT[] =
    "{\"name\":\"Deposit not arrived\",\"variants\":{"
    "\"en\":\"Hello {{customer.name}}, please send the TxID of your deposit ({{ticket.number}}). "
    "{{agent.name}}, {{desk.name}}\","
    "\"ja\":\"{{customer.name}}様、お問い合わせ（{{ticket.number}}）のTxIDをお送りください。"
    "{{desk.name}} {{agent.name}}\","
    "\"zh-CN\":\"{{customer.name}}，您好！请提供充值的交易哈希（{{ticket.number}}）。{{agent.name}}"
    "\","
    "\"ru\":\"Здравствуйте, {{customer.name}}! Пришлите TxID ({{ticket.number}}). {{agent.name}}\","
    "\"vi\":\"Xin chào {{customer.name}}, vui lòng gửi TxID ({{ticket.number}}). {{agent.name}}\"},"
    "\"actions\":{\"status\":\"pending\",\"add_tags\":[\"deposit\",\"TxID Requested\"],"
    "\"remove_tags\":[\"new\"]}}";

static long long DEP; /* its id */

/* ---- CRUD ---- */

static void test_crud(void)
{
	note("--- create, read, change, delete");
	json_t *m = mk_macro(ADM, DEPOSIT, 201, "the admin creates the deposit macro");
	DEP = jint(m, "id");
	check(DEP > 0, "the macro has an id");
	check_str(jstr(m, "name"), "Deposit not arrived", "its name");
	check(jisnull(m, "group_id"), "desk-wide: group_id null");
	check_str(jstr(m, "default_locale"), "en", "the default locale is en when not given");
	check_int((long long)json_object_size(jget(m, "variants")), 5, "five variants");
	check(strstr(jstr(m, "variants.ja") ?: "", "{{customer.name}}様") != NULL,
	      "variants are stored with their template variables");
	check_str(jstr(m, "actions.status"), "pending", "actions.status pending");
	check(jisnull(m, "actions.priority"), "actions.priority null (keep)");
	check_str(jstr(m, "actions.add_tags.1"), "txid_requested",
	          "tags are normalised (\"TxID Requested\" -> txid_requested)");
	check_str(jstr(m, "actions.remove_tags.0"), "new", "remove_tags kept");
	check(json_is_true(jget(m, "actions.public")), "public defaults to true");
	check_int(jint(m, "created_by"), S.admin_id, "created_by is the admin");
	check(rfc3339_utc(jstr(m, "created_at") ?: "") > 0, "created_at is RFC 3339");

	struct resp *r = http(&S, "GET", P("/api/v1/macros/%lld", DEP), ADM, NULL);
	check_status(r, 200, "GET /api/v1/macros/{id}");
	check(json_equal(jget(r->json, "macro"), m), "GET answers what POST answered");
	r = http(&S, "GET", "/api/v1/audit/events?limit=5", ADM, NULL);
	check_str(jstr(r->json, "events.0.action"), "macro.create", "macro.create is audited");
	check_int(jint(r->json, "events.0.object_id"), DEP, "... on the macro");
	check_str(jstr(r->json, "events.0.after.variants.ru") ? "ok" : NULL, "ok",
	          "... with the macro as created");

	/* supervisor, group-scoped, Japanese by default */
	json_t *s = mk_macro(
	    tokSup,
	    P("{\"name\":\"VIP callback\",\"group_id\":%lld,\"default_locale\":\"ja\","
	      "\"variants\":{\"ja\":\"{{customer.name}}様、30分以内にお電話いたします。\"},"
	      "\"actions\":{\"priority\":\"high\",\"add_tags\":[\"vip_callback\"]}}",
	      gB),
	    201, "a supervisor creates a group-B macro");
	long long vip = jint(s, "id");
	check_int(jint(s, "group_id"), gB, "scoped to group B");
	check_str(jstr(s, "default_locale"), "ja", "default locale ja");
	check_int(jint(s, "created_by"), sup, "created_by is the supervisor");
	json_t *all = listed(ADM, NULL);
	check(lists(all, DEP) && lists(all, vip), "the admin lists both");
	check_str(jstr(all, "0.name"), "Deposit not arrived", "listed by name (D before V)");

	refused("POST", "/api/v1/macros", ADM,
	        "{\"name\":\"Deposit not arrived\",\"variants\":{\"en\":\"again\"}}", 409,
	        "conflict", "name", "a second macro with the same name");

	/* PATCH: name, default locale, actions replaced; variants merged */
	r = http(
	    &S, "PATCH", P("/api/v1/macros/%lld", vip), tokSup,
	    "{\"name\":\"VIP callback (30 min)\",\"variants\":{\"en\":\"Hello {{customer.name}}, "
	    "we "
	    "will call you within 30 minutes.\"},\"default_locale\":\"en\",\"actions\":{\"status\":"
	    "\"pending\"}}");
	check_status(r, 200, "PATCH name, a variant, the default locale and the actions");
	check_str(jstr(r->json, "macro.name"), "VIP callback (30 min)", "renamed");
	check(jstr(r->json, "macro.variants.ja") && jstr(r->json, "macro.variants.en"),
	      "the new variant joins the old one");
	check_str(jstr(r->json, "macro.default_locale"), "en", "the default locale changed");
	check(jisnull(r->json, "macro.actions.priority") &&
	          json_array_size(jget(r->json, "macro.actions.add_tags")) == 0 &&
	          !strcmp(jstr(r->json, "macro.actions.status") ?: "", "pending"),
	      "a given actions object replaces the old one");
	const char *updated = jstr(r->json, "macro.updated_at");
	r = http(&S, "GET", "/api/v1/audit/events?limit=1", ADM, NULL);
	check(!strcmp(jstr(r->json, "events.0.action") ?: "", "macro.update") &&
	          jstr(r->json, "events.0.before.name") &&
	          !strcmp(jstr(r->json, "events.0.before.name"), "VIP callback"),
	      "macro.update is audited with before and after");
	long long events_before = jint(r->json, "events.0.id");
	sleep_s(1.1); /* times have whole seconds: a rewrite now would show */
	r = http(&S, "PATCH", P("/api/v1/macros/%lld", vip), tokSup,
	         "{\"name\":\"VIP callback (30 min)\"}");
	check_status(r, 200, "a PATCH that changes nothing answers 200");
	check_str(jstr(r->json, "macro.updated_at"), updated, "... keeps updated_at");
	r = http(&S, "GET", "/api/v1/audit/events?limit=1", ADM, NULL);
	check_int(jint(r->json, "events.0.id"), events_before, "... and records no event");

	/* one variant at a time */
	r = http(&S, "PUT", P("/api/v1/macros/%lld/variants/ko", vip), tokSup,
	         "{\"body\":\"{{customer.name}}님, 30분 이내에 전화드리겠습니다.\"}");
	check_status(r, 200, "PUT a Korean variant");
	check(jstr(r->json, "macro.variants.ko") != NULL, "the macro now has ko");
	r = http(&S, "PUT", P("/api/v1/macros/%lld/variants/ZH_tw", vip), tokSup,
	         "{\"body\":\"{{customer.name}}，您好：我們將在 30 分鐘內致電。\"}");
	check_status(r, 200, "PUT with a locale spelled ZH_tw");
	check(jstr(r->json, "macro.variants.zh-TW") != NULL, "... is stored as zh-TW");
	r = http(&S, "PUT", P("/api/v1/macros/%lld/variants/ko", vip), tokSup,
	         "{\"body\":\"{{customer.name}}님, 곧 전화드리겠습니다.\"}");
	check(r->status == 200 && strstr(jstr(r->json, "macro.variants.ko") ?: "", "곧"),
	      "PUT again replaces the Korean text");
	r = http(&S, "DELETE", P("/api/v1/macros/%lld/variants/ko", vip), tokSup, NULL);
	check(r->status == 200 && !jhas(r->json, "macro.variants.ko"),
	      "DELETE a variant: 200 and gone (%s)", rdesc(r));
	refused("DELETE", P("/api/v1/macros/%lld/variants/en", vip), tokSup, NULL, 409, "conflict",
	        NULL, "deleting the default variant");
	refused("DELETE", P("/api/v1/macros/%lld/variants/ru", vip), tokSup, NULL, 404, "not_found",
	        NULL, "deleting a variant the macro does not have");
	refused("PUT", P("/api/v1/macros/%lld/variants/fr", vip), tokSup, "{\"body\":\"Bonjour\"}",
	        404, "not_found", NULL, "PUT a variant in a locale the desk does not have (fr)");
	refused("PUT", "/api/v1/macros/999999/variants/en", tokSup, "{\"body\":\"x\"}", 404,
	        "not_found", NULL, "PUT a variant of an unknown macro");

	/* delete */
	json_t *tmp = mk_macro(ADM, "{\"name\":\"Short lived\",\"variants\":{\"tr\":\"Merhaba\"}}",
	                       201, "a macro only in Turkish");
	check_str(jstr(tmp, "default_locale"), "tr", "its only variant becomes the default");
	long long tid = jint(tmp, "id");
	r = http(&S, "DELETE", P("/api/v1/macros/%lld", tid), tokSup, NULL);
	check_status(r, 204, "a supervisor deletes a macro");
	r = http(&S, "GET", P("/api/v1/macros/%lld", tid), ADM, NULL);
	check_error(r, 404, "not_found", NULL, "a deleted macro is 404");
	check(!lists(listed(ADM, NULL), tid), "and no longer listed");
	r = http(&S, "GET", "/api/v1/audit/events?limit=1", ADM, NULL);
	check(!strcmp(jstr(r->json, "events.0.action") ?: "", "macro.delete") &&
	          jint(r->json, "events.0.object_id") == tid && jisnull(r->json, "events.0.after"),
	      "macro.delete is audited");
	check(
	    db_query1(&S, P("SELECT COUNT(*) FROM macro_variants WHERE macro_id = %lld", tid)) &&
	        !strcmp(db_query1(&S, P("SELECT COUNT(*) FROM macro_variants WHERE macro_id = %lld",
	                                tid)),
	                "0"),
	    "its variants went with it");
	refused("DELETE", P("/api/v1/macros/%lld", tid), ADM, NULL, 404, "not_found", NULL,
	        "deleting it again");

	/* search */
	json_t *q = listed(ADM, "?q=deposit");
	check(json_array_size(q) == 1 && lists(q, DEP),
	      "q=deposit finds the deposit macro by name");
	q = listed(ADM, P("?q=%s", qenc("電話")));
	check(json_array_size(q) == 1 && lists(q, vip),
	      "q=電話 finds the VIP macro by its Japanese text");
	q = listed(ADM, "?q=nothing-like-this");
	check(json_array_size(q) == 0, "a q that matches nothing lists nothing");
	q = listed(ADM, "?q=%25");
	check(json_array_size(q) == 0, "q=%% is a literal percent sign, not a wildcard");
}

/* ---- preview: languages, fallback, template variables ---- */

static long long TJ, TZ, TR, TV, TP, TANON, TEVIL;

static void test_preview(void)
{
	note("--- preview");
	struct resp *r =
	    http(&S, "PUT", "/api/v1/settings/mail", ADM, "{\"name\":\"" DESK_NAME "\"}");
	check_status(r, 200, "setup: the desk's name");
	TJ = jint(ticket("deposit-ja", "山田 花子", "ja", gA, "[\"new\",\"usdt\"]"), "id");
	TZ = jint(ticket("deposit-zh", "王小明", "zh-CN", gA, NULL), "id");
	TR = jint(ticket("deposit-ru", "Анна Петрова", "ru", gA, NULL), "id");
	TV = jint(ticket("deposit-vi", "Nguyễn Thị Hương", "vi", gA, NULL), "id");
	TP = jint(ticket("deposit-pt", "João Silva", "pt-BR", gA, NULL), "id");
	TANON = jint(ticket("deposit-anon", NULL, "en", gA, NULL), "id");
	TEVIL = jint(ticket("deposit-evil", "{{agent.name}} <b>x</b>", "en", gA, NULL), "id");
	json_t *tj = ticket_get(TJ);
	const char *num = jstr(tj, "number");

	char *fp = db_fingerprint(&S, NULL);
	r = preview(tokA, TJ, DEP, NULL);
	check_status(r, 200, "an agent previews the deposit macro on a Japanese ticket (no body)");
	check_str(jstr(r->json, "locale"), "ja", "in Japanese");
	check(json_is_false(jget(r->json, "fallback")), "not a fallback");
	check_str(jstr(r->json, "body"),
	          P("山田 花子様、お問い合わせ（%s）のTxIDをお送りください。" DESK_NAME " Agent A",
	            num ? num : "?"),
	          "the customer's name, the ticket number, the desk and the agent filled in");
	check_int(jint(r->json, "macro_id"), DEP, "macro_id");
	check(json_array_size(jget(r->json, "missing")) == 0, "nothing missing");
	check_str(jstr(r->json, "actions.status"), "pending", "the actions come with it");
	check_str(jstr(r->json, "actions.add_tags.1"), "txid_requested", "... tags included");
	r = preview(tokA, TJ, DEP, "{}");
	check_status(r, 200, "a preview with {} works the same");
	check_unchanged(&S, fp, NULL, "previews change nothing");
	json_t *after = ticket_get(TJ);
	check(!strcmp(jstr(after, "status") ?: "", "new") && has_tag(after, "new") &&
	          messages_count(TJ) == 1,
	      "the ticket is still new with its tags and one message");

	r = preview(tokA, TZ, DEP, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "zh-CN") &&
	          strstr(jstr(r->json, "body") ?: "", "王小明，您好！"),
	      "Chinese ticket: zh-CN with 王小明 (%s)", rdesc(r));
	r = preview(tokA, TR, DEP, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "ru") &&
	          strstr(jstr(r->json, "body") ?: "", "Здравствуйте, Анна Петрова!"),
	      "Russian ticket: ru with Анна Петрова (%s)", rdesc(r));
	r = preview(tokA, TV, DEP, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "vi") &&
	          strstr(jstr(r->json, "body") ?: "", "Xin chào Nguyễn Thị Hương,"),
	      "Vietnamese ticket: vi with Nguyễn Thị Hương, diacritics intact (%s)", rdesc(r));
	r = preview(tokA, TP, DEP, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "en") &&
	          json_is_true(jget(r->json, "fallback")) &&
	          strstr(jstr(r->json, "body") ?: "", "Hello João Silva,"),
	      "pt-BR ticket (no variant): falls back to the default, en (%s)", rdesc(r));
	r = preview(tokA, TJ, DEP, "{\"locale\":\"ru\"}");
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "ru") &&
	          strstr(jstr(r->json, "body") ?: "", "山田 花子"),
	      "locale asked for (ru) on the Japanese ticket: ru text, the same name");
	r = preview(tokA, TJ, DEP, "{\"locale\":\"ko\"}");
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "en") &&
	          json_is_true(jget(r->json, "fallback")),
	      "a locale without a variant (ko): the default, marked fallback");
	r = preview(tokA, TANON, DEP, NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "missing.0") ?: "", "customer.name") &&
	          strstr(jstr(r->json, "body") ?: "", "Hello , please"),
	      "a customer without a name: filled with nothing and reported in missing (%s)",
	      rdesc(r));
	r = preview(tokA, TEVIL, DEP, NULL);
	check(r->status == 200 &&
	          strstr(jstr(r->json, "body") ?: "", "Hello {{agent.name}} <b>x</b>, please") &&
	          strstr(jstr(r->json, "body") ?: "", "Agent A"),
	      "a name that looks like a template variable goes in verbatim and is not filled again");
	r = preview(tokB, TJ, DEP, NULL);
	check_error(r, 404, "not_found", NULL,
	            "an agent of another group previews on a ticket it cannot see: 404");

	/* a macro whose default is Japanese falls back to Japanese */
	json_t *ja =
	    mk_macro(ADM,
	             "{\"name\":\"Japanese first\",\"default_locale\":\"ja\",\"variants\":{"
	             "\"ja\":\"{{customer.name}}様\",\"en\":\"Dear {{customer.name}}\"}}",
	             201, "a macro with Japanese as its default");
	r = preview(tokA, TP, jint(ja, "id"), NULL);
	check(r->status == 200 && !strcmp(jstr(r->json, "locale") ?: "", "ja") &&
	          !strcmp(jstr(r->json, "body") ?: "", "João Silva様"),
	      "pt-BR falls back to the macro's default (ja), not to English (%s)", rdesc(r));
	r = preview(tokA, TANON, jint(ja, "id"), NULL);
	check_str(jstr(r->json, "locale"), "en",
	          "an English ticket still gets the English variant");
}

/* ---- apply ---- */

static void test_apply(void)
{
	note("--- apply");
	json_t *before = ticket_get(TJ);
	check(jisnull(before, "assignee_id"), "setup: the Japanese ticket has no assignee");
	struct resp *pv = preview(tokA, TJ, DEP, NULL);
	const char *text = jstr(pv->json, "body");
	struct resp *r = apply(tokA, TJ, DEP, NULL);
	check_status(r, 201, "an agent applies the deposit macro to the Japanese ticket");
	check_str(jstr(r->json, "message.kind"), "reply", "a public reply");
	check_str(jstr(r->json, "message.body"), text, "its text is the preview's");
	check_int(jint(r->json, "message.author.id"), agentA, "written by the agent");
	json_t *t = jget(r->json, "ticket");
	check_str(jstr(t, "status"), "pending", "the ticket is pending, as the macro says");
	check(has_tag(t, "deposit") && has_tag(t, "txid_requested") && has_tag(t, "usdt") &&
	          !has_tag(t, "new") && json_array_size(jget(t, "tags")) == 3,
	      "tags: deposit and txid_requested added, new removed, usdt kept (%s)",
	      jdump(jget(t, "tags")));
	check_int(jint(t, "assignee_id"), agentA,
	          "the unowned ticket is now the agent's, as a reply does");
	check_str(jstr(t, "sla.first_response.clock"), "fulfilled",
	          "the reply fulfils the first response");
	json_t *again = ticket_get(TJ);
	check(!strcmp(jstr(again, "status") ?: "", "pending") &&
	          json_equal(jget(again, "tags"), jget(t, "tags")),
	      "GET shows the same status and tags");
	long long mid = jint(r->json, "message.id");
	json_t *ev = last_event(TJ, "macro.apply");
	check(ev != NULL, "macro.apply is in the ticket's trail");
	check(ev && jint(ev, "object_id") == DEP && jint(ev, "after.macro_id") == DEP &&
	          jint(ev, "after.message_id") == mid &&
	          !strcmp(jstr(ev, "after.locale") ?: "", "ja") &&
	          json_is_false(jget(ev, "after.edited")) && jint(ev, "actor.id") == agentA,
	      "... naming the macro, the message, the locale and the agent (%s)", jdump(ev));
	json_t *up = last_event(TJ, "ticket.update");
	check(up && !strcmp(jstr(up, "after.status") ?: "", "pending") &&
	          !strcmp(jstr(up, "before.status") ?: "", "new"),
	      "the status change is audited as ticket.update");
	json_t *mc = last_event(TJ, "message.create");
	check(mc && jint(mc, "id") < jint(ev, "id") && jint(up, "id") < jint(ev, "id"),
	      "message, ticket change and macro.apply in one trail, in that order");
	r = http(&S, "GET", "/api/v1/audit/verify", ADM, NULL);
	check(json_is_true(jget(r->json, "ok")), "the audit chain verifies");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/outbox", TJ), ADM, NULL);
	check(r->status == 200 && jint(r->json, "deliveries.0.message_id") == mid,
	      "the reply is queued to the customer's email like any reply (%s)", rdesc(r));

	/* an edited text */
	const char *edited = "Анна, ваш TxID получен? Спасибо! {{agent.name}} stays as typed";
	r = apply(tokA, TR, DEP,
	          P("{\"body\":\"%s\",\"last_seen_message_id\":%lld}", edited,
	            jint(http(&S, "GET", P("/api/v1/tickets/%lld/messages", TR), ADM, NULL)->json,
	                 "messages.0.id")));
	check_status(r, 201, "apply with the agent's edited text");
	check_str(jstr(r->json, "message.body"), edited, "the edited text is posted as sent");
	ev = last_event(TR, "macro.apply");
	check(ev && json_is_true(jget(ev, "after.edited")),
	      "macro.apply records that it was edited");
	check_str(jstr(r->json, "ticket.status"), "pending", "the actions still apply");

	/* a note macro: internal, and solved on a ticket the agent owns */
	json_t *note_m =
	    mk_macro(ADM,
	             "{\"name\":\"Wallet team note\",\"variants\":{\"en\":\"Checked on "
	             "chain for {{ticket.number}}. — {{agent.name}}\"},\"actions\":{"
	             "\"status\":\"on_hold\",\"priority\":\"urgent\",\"add_tags\":["
	             "\"wallet_team\"],\"public\":false}}",
	             201, "an internal-note macro");
	r = apply(tokA, TV, jint(note_m, "id"), "{}");
	check_status(r, 201, "apply the note macro to the Vietnamese ticket");
	check_str(jstr(r->json, "message.kind"), "note", "an internal note, not a reply");
	check(strstr(jstr(r->json, "message.body") ?: "", "Checked on chain for EXD-") != NULL,
	      "the English default text (no vi variant) filled");
	check(!strcmp(jstr(r->json, "ticket.status") ?: "", "on_hold") &&
	          !strcmp(jstr(r->json, "ticket.priority") ?: "", "urgent") &&
	          has_tag(jget(r->json, "ticket"), "wallet_team"),
	      "status on_hold, priority urgent, tag wallet_team");
	check(jisnull(r->json, "ticket.assignee_id"), "a note does not take the ticket");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/outbox", TV), ADM, NULL);
	bool mailed = false;
	json_t *d;
	size_t i;
	json_array_foreach(jget(r->json, "deliveries"), i, d) mailed |=
	    !strcmp(jstr(d, "kind") ?: "", "reply");
	check(!mailed, "no reply delivery for a note");

	/* solving through a macro */
	json_t *solve =
	    mk_macro(ADM,
	             "{\"name\":\"Thanks & solve\",\"variants\":{\"en\":\"Thanks, "
	             "{{customer.name}}!\",\"zh-CN\":\"谢谢，{{customer.name}}！\"},"
	             "\"actions\":{\"status\":\"solved\",\"remove_tags\":[\"txid_requested\"]}}",
	             201, "a solving macro");
	long long SOLVE = jint(solve, "id");
	r = apply(tokA, TZ, SOLVE, NULL);
	check(r->status == 201 && !strcmp(jstr(r->json, "ticket.status") ?: "", "solved") &&
	          !strcmp(jstr(r->json, "message.body") ?: "", "谢谢，王小明！") &&
	          jstr(r->json, "ticket.solved_at"),
	      "the Chinese ticket is answered in Chinese and solved (%s)", rdesc(r));

	/* --- all or nothing --- */
	note("--- all or nothing");
	/* solved -> pending is no transition: neither the reply nor the tags */
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", TZ, DEP), tokA, NULL, 422,
	        "invalid_transition", "actions.status",
	        "a macro setting pending on a solved ticket");
	check_int(messages_count(TZ), 2, "no reply was posted for it");
	/* 30 tags + 2 more */
	char tags[1024] = "[";
	for (int k = 0; k < 30; k++)
		snprintf(tags + strlen(tags), sizeof tags - strlen(tags), "%s\"t%d\"", k ? "," : "",
		         k);
	strcat(tags, "]");
	long long full = jint(ticket("tagged-full", "Emily Clark", "en", gA, tags), "id");
	check_int((long long)json_array_size(jget(ticket_get(full), "tags")), 30, "setup: 30 tags");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", full, DEP), tokA, NULL, 422,
	        "too_many", "actions.add_tags", "a macro that would give a ticket 32 tags");
	check_int(messages_count(full), 1, "no reply was posted, the status did not move");
	/* a closed ticket */
	long long closed = jint(ticket("closed-one", "Emily Clark", "en", gA, NULL), "id");
	http(&S, "PATCH", P("/api/v1/tickets/%lld", closed), ADM, "{\"status\":\"solved\"}");
	r = http(&S, "PATCH", P("/api/v1/tickets/%lld", closed), ADM, "{\"status\":\"closed\"}");
	check_status(r, 200, "setup: a closed ticket");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", closed, DEP), tokA, NULL, 409,
	        "conflict", NULL, "applying a macro to a closed ticket");
	/* a message the agent has not seen */
	long long fresh = jint(ticket("collision", "Emily Clark", "en", gA, NULL), "id");
	long long first =
	    jint(http(&S, "GET", P("/api/v1/tickets/%lld/messages", fresh), ADM, NULL)->json,
	         "messages.0.id");
	r = http(&S, "POST", P("/api/v1/tickets/%lld/messages", fresh), ADM,
	         "{\"body\":\"Here is more: TxID 0xabc\"}");
	check_status(r, 201, "setup: the customer writes again");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", fresh, DEP), tokA,
	        P("{\"last_seen_message_id\":%lld}", first), 409, "reply_collision", NULL,
	        "applying over a customer message the agent has not seen");
	/* an escalation child: a public macro is refused, a note macro works */
	r = http(&S, "POST", P("/api/v1/tickets/%lld/escalate", fresh), ADM,
	         P("{\"group_id\":%lld,\"summary\":\"s\",\"actions_taken\":\"a\"}", gA));
	long long child = jint(r->json, "ticket.id");
	check(child > 0, "setup: an escalation child (%s)", rdesc(r));
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", child, DEP), tokA, NULL, 409,
	        "escalation_child", NULL, "a public macro on an escalation child");
	r = apply(tokA, child, jint(note_m, "id"), NULL);
	check(r->status == 201 && !strcmp(jstr(r->json, "message.kind") ?: "", "note"),
	      "a note macro on the escalation child works (%s)", rdesc(r));
	/* a text that fills past MAX_MESSAGE: 960 names of 198 bytes */
	static char big[17 * 960 + 128];
	size_t n = (size_t)sprintf(big, "{\"name\":\"Huge\",\"variants\":{\"en\":\"");
	for (int k = 0; k < 960; k++)
		n += (size_t)sprintf(big + n, "{{customer.name}}");
	sprintf(big + n, "\"}}");
	json_t *huge = mk_macro(ADM, big, 201, "a macro of 960 {{customer.name}} (16,320 bytes)");
	long long longname = jint(ticket("long-name", repeat("名", 66), "en", gA, NULL), "id");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", longname, jint(huge, "id")),
	        tokA, NULL, 422, "too_long", "body",
	        "a text that fills to 960 x 198 bytes (over MAX_MESSAGE)");
}

/* ---- group scope ---- */

static void test_scope(void)
{
	note("--- group scope");
	json_t *ma = mk_macro(
	    ADM, P("{\"name\":\"Group A only\",\"group_id\":%lld,\"variants\":{\"en\":\"A\"}}", gA),
	    201, "a group-A macro");
	json_t *mb = mk_macro(
	    ADM, P("{\"name\":\"Group B only\",\"group_id\":%lld,\"variants\":{\"en\":\"B\"}}", gB),
	    201, "a group-B macro");
	long long A = jint(ma, "id"), B = jint(mb, "id");
	json_t *la = listed(tokA, NULL), *lb = listed(tokB, NULL);
	check(lists(la, DEP) && lists(la, A) && !lists(la, B),
	      "agent of group A lists desk-wide and group-A macros, not group B's");
	check(lists(lb, DEP) && lists(lb, B) && !lists(lb, A),
	      "agent of group B lists desk-wide and group-B macros, not group A's");
	check(lists(listed(tokSup, NULL), A) && lists(listed(tokSup, NULL), B) &&
	          lists(listed(tokQA, NULL), B),
	      "supervisor and qa list both");
	check(!lists(listed(tokA, P("?q=%s", qenc("Group B"))), B),
	      "searching does not reveal group B's macro to agent A");
	struct resp *r = http(&S, "GET", P("/api/v1/macros/%lld", B), tokA, NULL);
	check_error(r, 404, "not_found", NULL, "agent A: GET a group-B macro is 404");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/preview", TJ, B), tokA, NULL, 404,
	        "not_found", NULL, "agent A previews a group-B macro");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", TJ, B), tokA, NULL, 404,
	        "not_found", NULL, "agent A applies a group-B macro");
	r = http(&S, "PATCH", P("/api/v1/macros/%lld", B), ADM, P("{\"group_id\":%lld}", gA));
	check_status(r, 200, "the admin moves it to group A");
	check(lists(listed(tokA, NULL), B) && !lists(listed(tokB, NULL), B),
	      "now agent A sees it and agent B does not");
	r = http(&S, "PATCH", P("/api/v1/macros/%lld", B), ADM, "{\"group_id\":null}");
	check(r->status == 200 && jisnull(r->json, "macro.group_id") &&
	          lists(listed(tokB, NULL), B),
	      "group_id null makes it desk-wide");
}

/* ---- permissions ---- */

static void test_permissions(void)
{
	note("--- permissions");
	const char *body = "{\"name\":\"Agent's own\",\"variants\":{\"en\":\"x\"}}";
	struct {
		const char *who, *token;
	} no[] = {{"agent", tokA}, {"qa", tokQA}};
	for (int k = 0; k < 2; k++) {
		refused("POST", "/api/v1/macros", no[k].token, body, 403, "forbidden", NULL,
		        P("%s creates a macro", no[k].who));
		refused("PATCH", P("/api/v1/macros/%lld", DEP), no[k].token,
		        "{\"name\":\"Mine now\"}", 403, "forbidden", NULL,
		        P("%s renames a macro", no[k].who));
		refused("DELETE", P("/api/v1/macros/%lld", DEP), no[k].token, NULL, 403,
		        "forbidden", NULL, P("%s deletes a macro", no[k].who));
		refused("PUT", P("/api/v1/macros/%lld/variants/ko", DEP), no[k].token,
		        "{\"body\":\"x\"}", 403, "forbidden", NULL,
		        P("%s puts a variant", no[k].who));
		refused("DELETE", P("/api/v1/macros/%lld/variants/ru", DEP), no[k].token, NULL, 403,
		        "forbidden", NULL, P("%s deletes a variant", no[k].who));
	}
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/preview", TP, DEP), tokQA, NULL, 403,
	        "forbidden", NULL, "qa previews (qa cannot reply)");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", TP, DEP), tokQA, NULL, 403,
	        "forbidden", NULL, "qa applies");
	struct resp *r = http(&S, "GET", P("/api/v1/macros/%lld", DEP), tokQA, NULL);
	check_status(r, 200, "qa reads a macro");
	r = http(&S, "GET", "/api/v1/macros", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "no credentials: 401");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", TP, DEP), NULL, NULL, 401,
	        "unauthorized", NULL, "apply without credentials");
	/* a ticket the agent cannot see */
	long long tb = jint(ticket("group-b-ticket", "Li Wei", "zh-CN", gB, NULL), "id");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", tb, DEP), tokA, NULL, 404,
	        "not_found", NULL, "agent A applies to a group-B ticket");
	r = apply(tokB, tb, DEP, NULL);
	check_status(r, 201, "agent B applies to it");
	r = apply(tokSup, TP, DEP, "{\"body\":\"Olá João, envie o TxID, por favor.\"}");
	check_status(r, 201, "a supervisor applies with an edited Portuguese text");
}

/* ---- bad input ---- */

static void test_bad_input(void)
{
	note("--- bad input");
	struct {
		const char *body, *code, *field, *what;
	} bad[] = {
	    {"{\"name\":\"x\"}", "missing_field", "variants", "no variants"},
	    {"{\"name\":\"x\",\"variants\":{}}", "invalid_value", "variants", "empty variants"},
	    {"{\"variants\":{\"en\":\"x\"}}", "missing_field", "name", "no name"},
	    {"{\"name\":\"  \",\"variants\":{\"en\":\"x\"}}", "invalid_value", "name",
	     "a blank name"},
	    {"{\"name\":\"a\\nb\",\"variants\":{\"en\":\"x\"}}", "invalid_value", "name",
	     "a name of two lines"},
	    {"{\"name\":\"x\",\"variants\":{\"fr\":\"Bonjour\"}}", "unknown_field", "variants.fr",
	     "a locale the desk does not have"},
	    {"{\"name\":\"x\",\"variants\":{\"zh-cn\":\"x\"}}", "unknown_field", "variants.zh-cn",
	     "a locale key in the wrong case"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\" \\n \"}}", "invalid_value", "variants.en",
	     "a blank variant"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":5}}", "wrong_type", "variants.en",
	     "a number as text"},
	    {"{\"name\":\"x\",\"variants\":{\"ja\":\"{{customer.nmae}}様\"}}", "invalid_value",
	     "variants.ja", "a misspelt template variable"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"default_locale\":\"fr\"}",
	     "invalid_value", "default_locale", "default_locale fr"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"default_locale\":\"ja\"}",
	     "missing_field", "variants.ja", "a default locale without a variant"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"status\":\"closed\"}}",
	     "invalid_value", "actions.status", "status closed"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"status\":\"new\"}}",
	     "invalid_value", "actions.status", "status new"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"priority\":\"asap\"}}",
	     "invalid_value", "actions.priority", "priority asap"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"add_tags\":[\"<b>\"]}}",
	     "invalid_value", "actions.add_tags", "a tag with markup"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"add_tags\":[\"a\"],"
	     "\"remove_tags\":[\"A\"]}}",
	     "invalid_value", "actions.remove_tags", "one tag added and removed"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"add_tags\":[\"a\",\"b\","
	     "\"c\","
	     "\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\"]}}",
	     "too_many", "actions.add_tags", "11 tags to add"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"public\":\"yes\"}}",
	     "wrong_type", "actions.public", "public as a string"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"actions\":{\"color\":\"red\"}}",
	     "unknown_field", "actions.color", "an unknown action"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"group_id\":999999}", "invalid_value",
	     "group_id", "an unknown group"},
	    {"{\"name\":\"x\",\"variants\":{\"en\":\"x\"},\"group_id\":0}", "invalid_value",
	     "group_id", "group_id 0"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		refused("POST", "/api/v1/macros", ADM, bad[i].body, 422, bad[i].code, bad[i].field,
		        P("create with %s", bad[i].what));
	struct resp *r = http(&S, "POST", "/api/v1/macros", ADM,
	                      "{\"name\":\"x\",\"variants\":{\"ja\":\"{{customer.nmae}}様\"}}");
	check(strstr(r->body ?: "", "{{customer.nmae}}") != NULL,
	      "the message quotes the misspelt template variable (%s)", rdesc(r));
	refused("POST", "/api/v1/macros", ADM,
	        P("{\"name\":\"%s\",\"variants\":{\"en\":\"x\"}}", repeat("é", 101)), 422,
	        "too_long", "name", "a name of 202 bytes");
	refused(
	    "POST", "/api/v1/macros", ADM,
	    jtext(json_pack("{s:s, s:{s:s}}", "name", "x", "variants", "en", repeat("a", 16385))),
	    422, "too_long", "variants.en", "a variant of 16,385 bytes");
	struct req rq = {.method = "POST",
	                 .path = "/api/v1/macros",
	                 .token = ADM,
	                 .body = "{\"name\":\"x\",\"variants\":{\"en\":\"\xff\"}}"};
	char *fp = db_fingerprint(&S, NULL);
	r = http_req(&S, &rq);
	check_error(r, 400, "invalid_utf8", NULL, "a variant with invalid UTF-8: 400");
	check_unchanged(&S, fp, NULL, "... nothing stored");

	refused("PATCH", P("/api/v1/macros/%lld", DEP), ADM, "{\"default_locale\":\"ko\"}", 422,
	        "missing_field", "variants.ko", "PATCH a default locale that has no variant");
	refused("PATCH", P("/api/v1/macros/%lld", DEP), ADM, "{\"name\":\"\"}", 422,
	        "invalid_value", "name", "PATCH an empty name");
	refused("PATCH", P("/api/v1/macros/%lld", DEP), ADM,
	        "{\"variants\":{\"ru\":\"{{ticket.numbr}}\"}}", 422, "invalid_value", "variants.ru",
	        "PATCH a variant with a misspelt template variable");
	refused("PATCH", "/api/v1/macros/999999", ADM, "{\"name\":\"y\"}", 404, "not_found", NULL,
	        "PATCH an unknown macro");
	refused("PUT", P("/api/v1/macros/%lld/variants/en", DEP), ADM, "{\"body\":\"\"}", 422,
	        "invalid_value", "body", "PUT an empty variant");
	refused("PUT", P("/api/v1/macros/%lld/variants/en", DEP), ADM, "{\"text\":\"x\"}", 422,
	        "unknown_field", "text", "PUT a variant with a wrong field");

	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/preview", TJ, DEP), tokA,
	        "{\"locale\":\"xx\"}", 422, "invalid_value", "locale",
	        "preview in an unknown locale");
	refused("POST", P("/api/v1/tickets/%lld/macros/999999/preview", TJ), tokA, NULL, 404,
	        "not_found", NULL, "preview an unknown macro");
	refused("POST", P("/api/v1/tickets/999999/macros/%lld/preview", DEP), tokA, NULL, 404,
	        "not_found", NULL, "preview on an unknown ticket");
	long long t = jint(ticket("bad-apply", "Emily Clark", "en", gA, NULL), "id");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", t, DEP), tokA,
	        "{\"body\":\"   \"}", 422, "invalid_value", "body", "apply with a blank body");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", t, DEP), tokA,
	        jtext(json_pack("{s:s}", "body", repeat("a", 65537))), 422, "too_long", "body",
	        "apply with a body over MAX_MESSAGE");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", t, DEP), tokA,
	        "{\"status\":\"x\"}", 422, "unknown_field", "status",
	        "apply with a field it does not take");
	refused("POST", P("/api/v1/tickets/%lld/macros/%lld/apply", t, DEP), tokA, "[1]", 400,
	        "malformed_json", NULL, "apply with a JSON array");
	refused("POST", P("/api/v1/tickets/%lld/macros/abc/apply", t), tokA, NULL, 404, "not_found",
	        NULL, "apply a macro id that is not a number");
	r = http(&S, "GET", P("/api/v1/macros?q=%s", repeat("a", 201)), ADM, NULL);
	check_error(r, 400, "invalid_query", "q", "a q over 200 bytes: 400");
}

int main(void)
{
	h_init(180);
	srv_start(&S);
	ADM = S.token;
	gA = mk_group(&S, "Deposits JA", "L1");
	gB = mk_group(&S, "VIP", "L1");
	agentA = mk_agent(&S, "a@test.local", "Agent A", "agent", "L1", P("[%lld]", gA), tokA);
	agentB = mk_agent(&S, "b@test.local", "Agent B", "agent", "L1", P("[%lld]", gB), tokB);
	sup = mk_agent(&S, "sup@test.local", "Sue Pervisor", "supervisor", "L2", NULL, tokSup);
	qa = mk_agent(&S, "qa@test.local", "Quinn QA", "qa", "L1", NULL, tokQA);
	test_crud();
	test_preview();
	test_apply();
	test_scope();
	test_permissions();
	test_bad_input();
	return h_finish();
}
