/* t_search — agents searching tickets and messages (docs/api.md "Search"): GET /api/v1/search
 * ?type=tickets|messages and GET /api/v1/tickets?q= (with sort=relevance).
 *
 * A small desk in the nine languages' scripts: two-character Chinese words ("到账", "提现")
 * found inside longer text and not where their characters stand apart, Japanese kana and kanji,
 * Korean words with particles attached, Russian in any case, Vietnamese typed without
 * diacritics finding text written with them. Then: an agent never finds another group's
 * tickets or messages (also through filters), internal notes are found by agents, the filters
 * (status, group, language, created_after/created_before) narrow a search, a subject outranks a
 * body, relevance pages walk without duplicates, snippets and highlights come back as spans
 * around the matched words, FTS5 operators and quotes in q are plain text, and every refusal
 * (invalid UTF-8, q over 200 bytes, too many terms, bad filters) is a 400 that stores nothing.
 * Last, the index rebuild: with the stored tokenizer version changed, a restart rebuilds every
 * index from its text (shown by an index made stale behind the server's back, which a restart
 * without the version change leaves stale). */
#include "harness.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static char AGENT_TOK[512], QA_TOK[512];
static long long gA, gB;
static long long T_ZH, T_ZH2, T_ZH3, T_JA, T_KO, T_RU, T_VI, T_B, T_X, T_Y, T_PII;
static long long NOTE_ID;

static long long ticket(const char *subject, const char *body, const char *email, long long group,
                        const char *language)
{
	json_t *b = jpack("{s:s,s:s,s:{s:s},s:I}", "subject", subject, "body", body, "requester",
	                  "email", email, "group_id", (json_int_t)group);
	if (language)
		json_object_set_new(b, "language", json_string(language));
	struct resp *r = httpj(&S, "POST", "/api/v1/tickets", S.token, b);
	check_status(r, 201, "ticket \"%s\" created", subject);
	return jint(r->json, "ticket.id");
}

/* GET path as tok; the array under key, or NULL (with a failed check) when not 200. */
static json_t *get_list(const char *tok, const char *path, const char *key)
{
	struct resp *r = http(&S, "GET", path, tok, NULL);
	if (r->status != 200 || !json_is_array(jget(r->json, key))) {
		checkd(false, rdesc(r), "GET %s answers 200 {%s}", path, key);
		return NULL;
	}
	return jget(r->json, key);
}

static json_t *search(const char *tok, const char *type, const char *q, const char *extra)
{
	return get_list(tok, P("/api/v1/search?type=%s&q=%s%s", type, qenc(q), extra ? extra : ""),
	                "results");
}

static json_t *list(const char *tok, const char *q, const char *extra)
{
	return get_list(tok, P("/api/v1/tickets?limit=100&q=%s%s", qenc(q), extra ? extra : ""),
	                "tickets");
}

/* the ticket ids of a result array (key "ticket_id" for search hits, "id" for tickets) */
static bool has(json_t *arr, const char *key, long long id)
{
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (jint(json_array_get(arr, i), key) == id)
			return true;
	return false;
}

/* exactly the tickets in want (0-terminated), in any order */
static bool exactly(json_t *arr, const char *key, const long long *want)
{
	if (!arr)
		return false;
	size_t n = 0;
	for (; want[n]; n++)
		if (!has(arr, key, want[n]))
			return false;
	return json_array_size(arr) == n;
}

static const char *ids(json_t *arr, const char *key)
{
	static char buf[4][512];
	static int k;
	char *b = buf[k++ % 4];
	size_t o = 0;
	b[0] = '\0';
	for (size_t i = 0; i < json_array_size(arr) && o < 480; i++)
		o += (size_t)snprintf(b + o, 512 - o, "%s%lld", i ? "," : "",
		                      jint(json_array_get(arr, i), key));
	return b;
}

/* One case: the same q through /search (tickets), /search (messages) and the list, as tok. */
static void finds(const char *tok, const char *who, const char *q, const long long *want,
                  const char *why)
{
	json_t *s = search(tok, "tickets", q, NULL);
	checkd(exactly(s, "ticket_id", want), ids(s, "ticket_id"),
	       "%s: /search?type=tickets&q=%s finds exactly %s", who, q, why);
	json_t *l = list(tok, q, NULL);
	checkd(exactly(l, "id", want), ids(l, "id"), "%s: /tickets?q=%s lists exactly %s", who, q,
	       why);
}

static void setup(void)
{
	gA = mk_group(&S, "Search A", "L1");
	gB = mk_group(&S, "Search B", "L1");
	mk_agent(&S, "agent@search.test", "Agent Search", "agent", "L1", P("[%lld]", gA),
	         AGENT_TOK);
	mk_agent(&S, "qa@search.test", "Qa Search", "qa", NULL, NULL, QA_TOK);

	T_ZH = ticket("充值未到账", "您好，我昨天充值了 500 USDT，到现在还没有到账，请帮忙查询。",
	              "zh1@example.com", gA, "zh-CN");
	T_ZH2 = ticket("提现申请", "我的提现一直在审核中，已经两天了。", "zh2@example.com", gA,
	               "zh-CN");
	/* 到 and 账 both here, never side by side: a bigram index must not find "到账" */
	T_ZH3 = ticket("账户问题", "我的账户到期了吗？到时候怎么办？", "zh3@example.com", gA, "zh-CN");
	T_JA = ticket("入金が反映されない",
	              "昨日ビットコインを入金しましたが、まだ残高に反映されていません。パスワードも"
	              "変更しました。",
	              "ja@example.com", gA, "ja");
	T_KO = ticket("출금 지연", "어제 출금을 신청했는데 아직 처리되지 않았습니다. 비밀번호를 바꿨어요.",
	              "ko@example.com", gA, "ko");
	T_RU = ticket("Вывод средств задерживается", "ПОПОЛНЕНИЕ счёта не зачислено уже сутки.",
	              "ru@example.com", gA, "ru");
	T_VI = ticket("Tiền nạp chưa về tài khoản", "Tôi đã rút tiền hôm qua nhưng chưa nhận được.",
	              "vi@example.com", gA, "vi");
	/* another group's ticket with the same words: agents of group A must never find it */
	T_B = ticket("到账 секрет группы B", "提现 зачислено rút tiền 出金 secretword", "b@example.com",
	             gB, "zh-CN");
	/* ranking: the word in the subject (X) against the same word twice in a body (Y) */
	T_X = ticket("Frozen withdrawal", "Please help me.", "x@example.com", gA, "en");
	T_Y = ticket("Question about my account",
	             "My withdrawal is frozen, and the withdrawal review takes long.", "y@example.com",
	             gA, "en");
	T_PII = ticket("Hello there", "Nothing else.", "pii.probe@example.org", gA, "en");

	struct resp *r = httpj(&S, "POST", P("/api/v1/tickets/%lld/notes", T_ZH), S.token,
	                       jpack("{s:s}", "body", "内部备注：VIP 用户 zebracorn，优先处理。"));
	check_status(r, 201, "an internal note on the Chinese ticket");
	NOTE_ID = jint(r->json, "message.id");
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", T_ZH2), S.token,
	          jpack("{s:s}", "status", "pending"));
	check_status(r, 200, "the withdrawal ticket goes pending");
}

static void scripts(void)
{
	const char *A = AGENT_TOK, *ADM = S.token;
	finds(A, "agent", "到账", (long long[]){T_ZH, 0},
	      "the ticket with 到账 (not 账户到期, where 到 and 账 stand apart; not group B's)");
	finds(ADM, "admin", "到账", (long long[]){T_ZH, T_B, 0}, "both tickets with 到账");
	finds(A, "agent", "提现", (long long[]){T_ZH2, 0}, "the withdrawal ticket");
	finds(ADM, "admin", "提现", (long long[]){T_ZH2, T_B, 0}, "both tickets with 提现");
	finds(A, "agent", "充值未到账", (long long[]){T_ZH, 0}, "a whole Chinese subject");
	finds(A, "agent", "到", (long long[]){T_ZH, T_ZH3, 0}, "one character: its unigram");
	finds(A, "agent", "入金", (long long[]){T_JA, 0}, "Japanese kanji 入金");
	finds(A, "agent", "パスワード", (long long[]){T_JA, 0}, "Japanese katakana in a body");
	finds(A, "agent", "ﾊﾟｽﾜｰﾄﾞ", (long long[]){T_JA, 0}, "half-width katakana folded");
	finds(A, "agent", "출금", (long long[]){T_KO, 0}, "Korean 출금 (also 출금을 in the body)");
	finds(A, "agent", "비밀번호", (long long[]){T_KO, 0}, "Korean 비밀번호 inside 비밀번호를");
	finds(A, "agent", "пополнение", (long long[]){T_RU, 0}, "Russian lower case for ПОПОЛНЕНИЕ");
	finds(A, "agent", "ВЫВОД", (long long[]){T_RU, 0}, "Russian upper case for Вывод");
	finds(A, "agent", "СЧЕТА", (long long[]){T_RU, 0}, "ё and е meet (счёта)");
	finds(ADM, "admin", "зачислено", (long long[]){T_RU, T_B, 0}, "both Russian bodies");
	finds(A, "agent", "rut tien", (long long[]){T_VI, 0}, "Vietnamese without diacritics");
	finds(A, "agent", "RÚT TIỀN", (long long[]){T_VI, 0}, "Vietnamese in capitals");
	finds(A, "agent", "tien nap", (long long[]){T_VI, 0}, "Vietnamese subject without marks");
	finds(A, "agent", "secretword", (long long[]){0}, "nothing from group B's body");
	finds(ADM, "admin", "secretword", (long long[]){T_B, 0}, "group B's body");

	/* snippets and highlights: spans whose texts joined are the snippet, hits on the word */
	json_t *m = search(A, "messages", "到账", NULL);
	json_t *h = json_array_get(m, 0);
	check(json_array_size(m) == 1 && jint(h, "ticket_id") == T_ZH &&
	          !strcmp(jstr(h, "kind") ?: "", "customer") && jint(h, "message_id") > 0 &&
	          !strncmp(jstr(h, "number") ?: "", "EXD-", 4),
	      "type=messages: one hit, the customer's message, with ticket id and number (%s)",
	      jdump(m));
	const char *snip = jstr(h, "snippet");
	json_t *sp = jget(h, "snippet_highlights");
	char joined[1024] = "";
	int hits = 0;
	bool hit_ok = true;
	for (size_t i = 0; i < json_array_size(sp); i++) {
		json_t *e = json_array_get(sp, i);
		strncat(joined, jstr(e, "text") ?: "", sizeof joined - strlen(joined) - 1);
		if (json_is_true(jget(e, "hit"))) {
			hits++;
			hit_ok &= !strcmp(jstr(e, "text") ?: "", "到账");
		}
	}
	check(snip && strstr(snip, "到账") && !strcmp(joined, snip) && hits == 1 && hit_ok,
	      "the snippet holds the match; its spans join to it with one hit, exactly 到账 (%s)",
	      jdump(sp));
	check(snip && !strchr(snip, '\x02') && !strchr(snip, '\x03') && !strstr(snip, "<"),
	      "the snippet is plain text, no marks or markup");
	json_t *t = search(A, "tickets", "到账", NULL);
	json_t *th = json_array_get(t, 0);
	json_t *sh = jget(th, "subject_highlights");
	bool subj_hit = false;
	for (size_t i = 0; i < json_array_size(sh); i++)
		subj_hit |= json_is_true(jget(json_array_get(sh, i), "hit")) &&
		            !strcmp(jstr(json_array_get(sh, i), "text") ?: "", "到账");
	check(subj_hit && jint(th, "message_id") > 0 && jstr(th, "snippet") &&
	          strstr(jstr(th, "snippet"), "到账"),
	      "type=tickets: the subject highlighted on 到账 and the best message's snippet (%s)",
	      jdump(th));
	json_t *x = search(A, "tickets", "Frozen", NULL);
	check(json_array_size(x) == 2 && has(x, "ticket_id", T_X) && has(x, "ticket_id", T_Y),
	      "Frozen finds the subject and the body (%s)", ids(x, "ticket_id"));
	for (size_t i = 0; i < json_array_size(x); i++) {
		json_t *e = json_array_get(x, i);
		if (jint(e, "ticket_id") == T_X)
			check(jisnull(e, "message_id") && jisnull(e, "snippet") &&
			          json_array_size(jget(e, "snippet_highlights")) == 0,
			      "a ticket found by its subject alone has no message and a null snippet");
	}
}

static void notes_scope_filters(void)
{
	const char *A = AGENT_TOK;
	/* internal notes are searchable by agents */
	json_t *m = search(A, "messages", "zebracorn", NULL);
	check(json_array_size(m) == 1 && jint(json_array_get(m, 0), "message_id") == NOTE_ID &&
	          !strcmp(jstr(json_array_get(m, 0), "kind") ?: "", "note"),
	      "an internal note is found by an agent, kind note (%s)", jdump(m));
	finds(A, "agent", "zebracorn", (long long[]){T_ZH, 0}, "the ticket whose note has it");

	/* scope: nothing of group B, whatever the filters say */
	json_t *b = search(A, "messages", "secretword", NULL);
	check(b && json_array_size(b) == 0, "agent: type=messages finds nothing of group B");
	b = search(A, "tickets", "到账", P("&group_id=%lld", gB));
	check(b && json_array_size(b) == 0, "agent: group_id=B filter finds nothing of group B");
	b = list(A, "提现", P("&group_id=%lld", gB));
	check(b && json_array_size(b) == 0, "agent: the list with group_id=B finds nothing either");
	b = search(S.token, "tickets", "到账", P("&group_id=%lld", gB));
	check(exactly(b, "ticket_id", (long long[]){T_B, 0}),
	      "admin: group_id=B narrows 到账 to group B's ticket (%s)", ids(b, "ticket_id"));

	/* status, language, dates */
	json_t *s = search(S.token, "tickets", "提现", "&status=pending");
	check(exactly(s, "ticket_id", (long long[]){T_ZH2, 0}),
	      "status=pending narrows 提现 to the pending ticket (%s)", ids(s, "ticket_id"));
	s = list(S.token, "提现", "&status=new");
	check(exactly(s, "id", (long long[]){T_B, 0}), "the list: status=new leaves group B's (%s)",
	      ids(s, "id"));
	s = search(S.token, "tickets", "到账", "&language=zh-cn");
	check(exactly(s, "ticket_id", (long long[]){T_ZH, T_B, 0}),
	      "language=zh-cn (any case) keeps the Chinese tickets (%s)", ids(s, "ticket_id"));
	s = search(S.token, "tickets", "入金", "&language=ko");
	check(s && json_array_size(s) == 0, "language=ko finds no Japanese ticket");
	s = search(S.token, "messages", "入金", "&language=ja");
	check(s && json_array_size(s) == 1, "type=messages with language=ja finds the Japanese body");
	s = search(S.token, "tickets", "提现", "&created_before=2000-01-01T00:00:00Z");
	check(s && json_array_size(s) == 0, "created_before 2000: nothing");
	s = search(S.token, "tickets", "提现",
	           P("&created_after=%s", qenc("2000-01-01T00:00:00+08:00")));
	check(exactly(s, "ticket_id", (long long[]){T_ZH2, T_B, 0}),
	      "created_after 2000 (with an offset): both (%s)", ids(s, "ticket_id"));
	s = list(S.token, "提现", "&created_after=2999-01-01T00:00:00Z");
	check(s && json_array_size(s) == 0, "the list: created_after 2999: nothing");
	s = get_list(S.token, "/api/v1/tickets?limit=100&created_before=2000-01-01T00:00:00Z",
	             "tickets");
	check(s && json_array_size(s) == 0, "created_before without q filters the plain list too");
	s = get_list(S.token, "/api/v1/tickets?limit=100&language=ko", "tickets");
	check(exactly(s, "id", (long long[]){T_KO, 0}), "language without q: the Korean ticket (%s)",
	      ids(s, "id"));

	/* PII: identities are searched for roles that may see them, never for qa */
	json_t *p = list(S.token, "pii.probe", NULL);
	check(exactly(p, "id", (long long[]){T_PII, 0}),
	      "admin: q=pii.probe finds the requester's ticket by email (%s)", ids(p, "id"));
	p = list(QA_TOK, "pii.probe", NULL);
	check(p && json_array_size(p) == 0, "qa: q=pii.probe finds nothing (no PII probing)");
	p = search(S.token, "tickets", "pii.probe", NULL);
	check(p && json_array_size(p) == 0,
	      "/search looks in subjects and messages only, not in identities");
	/* a ticket number */
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", T_VI), S.token, NULL);
	const char *num = jstr(r->json, "ticket.number");
	if (num) {
		char n[64];
		snprintf(n, sizeof n, "%s", num);
		json_t *byn = search(S.token, "tickets", n, NULL);
		check(byn && jint(json_array_get(byn, 0), "ticket_id") == T_VI,
		      "q=%s finds that ticket first (%s)", n, ids(byn, "ticket_id"));
		byn = list(S.token, n + 4, NULL);
		check(exactly(byn, "id", (long long[]){T_VI, 0}), "q=%s (the digits) lists it (%s)",
		      n + 4, ids(byn, "id"));
	}
}

static void ranking_and_pages(void)
{
	json_t *x = search(S.token, "tickets", "withdrawal", NULL);
	check(json_array_size(x) == 2 && jint(json_array_get(x, 0), "ticket_id") == T_X &&
	          jint(json_array_get(x, 1), "ticket_id") == T_Y,
	      "withdrawal: the subject (once) outranks a body (twice) (%s)", ids(x, "ticket_id"));
	json_t *l = list(S.token, "withdrawal", "&sort=relevance");
	check(json_array_size(l) == 2 && jint(json_array_get(l, 0), "id") == T_X,
	      "the list with sort=relevance: the same order (%s)", ids(l, "id"));
	l = list(S.token, "withdrawal", NULL);
	check(json_array_size(l) == 2 && jint(json_array_get(l, 0), "id") == T_Y,
	      "the list without sort: newest first (%s)", ids(l, "id"));
	json_t *s = search(S.token, "tickets", "withdrawal", NULL);
	check(s && jget(json_array_get(s, 0), "score") &&
	          json_real_value(jget(json_array_get(s, 0), "score")) >
	              json_real_value(jget(json_array_get(s, 1), "score")),
	      "scores fall down the list");

	/* relevance pages: two at a time, every hit once. "我" is in three Chinese messages. */
	const char *q = "我";
	json_t *all = search(S.token, "messages", q, "&limit=100");
	size_t total = json_array_size(all);
	char cur[256] = "";
	size_t seen = 0;
	bool dup = false;
	json_t *got = jkeep(json_array());
	for (int guard = 0; guard < 20; guard++) {
		struct resp *r = http(&S, "GET",
		                      P("/api/v1/search?type=messages&limit=2&q=%s%s%s", qenc(q),
		                        cur[0] ? "&cursor=" : "", cur[0] ? qenc(cur) : ""),
		                      S.token, NULL);
		json_t *res = jget(r->json, "results");
		for (size_t i = 0; i < json_array_size(res); i++) {
			long long id = jint(json_array_get(res, i), "message_id");
			dup |= has(got, "m", id);
			json_array_append_new(got, json_pack("{s:I}", "m", (json_int_t)id));
			seen++;
		}
		const char *nc = jstr(r->json, "next_cursor");
		if (!nc)
			break;
		snprintf(cur, sizeof cur, "%s", nc);
	}
	check(total >= 3 && seen == total && !dup,
	      "relevance pages of 2 walk all %zu hits once each (%zu seen)", total, seen);
	/* the list's relevance pages too */
	json_t *first = get_list(S.token, "/api/v1/tickets?q=%E6%88%91&sort=relevance&limit=1",
	                         "tickets");
	check(first && json_array_size(first) == 1, "the list's relevance page of 1");
}

static void hostile(void)
{
	const char *A = AGENT_TOK;
	/* FTS5 syntax is text: every q answers 200; quotes, stars and minus signs separate */
	const char *qs[] = {"\"到账",       "到账\"",       "\"\"",        "*",
	                    "提现*",        "-提现",        "+提现",       "^提现",
	                    "NEAR(到账 提现)", "到账 OR 提现", "NOT 到账",     "subject:到账",
	                    "{subject}: x", "(",            ")",           "AND",
	                    "'",            "\\",           "%",           "_",
	                    "a:b:c",        "\"a\" \"b\"", "x NEAR/2 y", "rowid:1",
	                    "到账 AND",     "OR OR OR",     "'; DROP TABLE messages; --"};
	char *before = db_fingerprint(&S, NULL);
	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		for (int k = 0; k < 3; k++) {
			const char *path =
			    k == 2 ? P("/api/v1/tickets?q=%s", qenc(qs[i]))
			           : P("/api/v1/search?type=%s&q=%s", k ? "messages" : "tickets",
			               qenc(qs[i]));
			struct resp *r = http(&S, "GET", path, A, NULL);
			check_status(r, 200, "q=%s is text, not syntax: %s answers 200", qs[i],
			             k == 2 ? "the list" : k ? "messages" : "tickets");
		}
	}
	json_t *q1 = search(A, "tickets", "\"到账\"", NULL);
	check(exactly(q1, "ticket_id", (long long[]){T_ZH, 0}), "q=\"到账\" (quoted) finds 到账");
	q1 = search(A, "tickets", "提现*", NULL);
	check(exactly(q1, "ticket_id", (long long[]){T_ZH2, 0}), "q=提现* finds 提现 (no prefix op)");
	q1 = search(A, "tickets", "-提现", NULL);
	check(exactly(q1, "ticket_id", (long long[]){T_ZH2, 0}), "q=-提现 finds 提现 (no NOT)");
	q1 = search(A, "tickets", "到账 OR 提现", NULL);
	check(q1 && json_array_size(q1) == 0, "q=到账 OR 提现: OR is a word nobody wrote");
	q1 = search(A, "tickets", "+-*^", NULL);
	check(q1 && json_array_size(q1) == 0, "only punctuation: an empty answer");
	q1 = list(A, "...", NULL);
	check(q1 && json_array_size(q1) == 0, "the list: only punctuation, nothing listed");

	/* refusals: 400 with the field, nothing stored */
	struct {
		const char *path, *code, *field, *what;
	} bad[] = {
	    {"/api/v1/search?q=%FF%FE", "invalid_utf8", NULL, "invalid UTF-8 in q"},
	    {"/api/v1/search?q=%C3%28", "invalid_utf8", NULL, "a broken two-byte sequence"},
	    {"/api/v1/search?type=messages&q=%ED%A0%80", "invalid_utf8", NULL, "a surrogate"},
	    {"/api/v1/tickets?q=%E6%8F", "invalid_utf8", NULL, "a cut character (the list)"},
	    {P("/api/v1/search?q=%s", repeat("a", 201)), "invalid_query", "q", "q of 201 bytes"},
	    {P("/api/v1/tickets?q=%s", repeat("%E6%8F%90", 67)), "invalid_query", "q",
	     "q of 201 bytes of Chinese (the list)"},
	    {P("/api/v1/search?q=%s", repeat("%E6%8F%90", 65)), "invalid_query", "q",
	     "65 Chinese characters (195 bytes): more than 64 terms"},
	    {P("/api/v1/search?q=%s", repeat("a%20", 65)), "invalid_query", "q", "65 words"},
	    {"/api/v1/search", "invalid_query", "q", "no q"},
	    {"/api/v1/search?q=x&type=people", "invalid_query", "type", "an unknown type"},
	    {"/api/v1/search?q=x&sort=newest", "invalid_query", "sort", "sort on /search"},
	    {"/api/v1/tickets?sort=relevance", "invalid_query", "sort", "relevance without q"},
	    {"/api/v1/tickets?q=x&sort=oldest", "invalid_query", "sort", "an unknown sort"},
	    {"/api/v1/search?q=x&created_after=yesterday", "invalid_query", "created_after",
	     "created_after not a time"},
	    {"/api/v1/tickets?created_before=2026-13-01T00:00:00Z", "invalid_query",
	     "created_before", "created_before in month 13"},
	    {"/api/v1/search?q=x&language=%21%21", "invalid_query", "language", "a bad language"},
	    {"/api/v1/search?q=x&status=lost", "invalid_query", "status", "an unknown status"},
	    {"/api/v1/search?q=x&limit=101", "invalid_query", "limit", "limit 101"},
	    {"/api/v1/search?q=x&cursor=abc", "invalid_query", "cursor", "a forged cursor"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct resp *r = http(&S, "GET", bad[i].path, A, NULL);
		check_error(r, 400, bad[i].code, bad[i].field, "%s: 400 %s", bad[i].what,
		            bad[i].code);
	}
	/* a query string far over any bound: refused before it is read as a search */
	size_t big = 100 * 1024;
	struct resp *r = http(&S, "GET", P("/api/v1/search?q=%s", repeat("x", big)), A, NULL);
	check(r->status == 0 || (r->status >= 400 && r->status < 500),
	      "a 100 KB q is refused (a 4xx, or the connection closed: %ld)", r->status);
	check_unchanged(&S, before, NULL, "no search, refused or not, stored anything");
	r = http(&S, "GET", "/api/v1/search?q=x", NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "no credentials: 401");
}

/* ---- the index rebuild when the tokenizer version changes ---- */

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	char path[512];
	snprintf(path, sizeof path, "%s/exdesk.db", S.dir);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* Change a row's text with every trigger on its table off, as if it had been indexed by
 * other rules: the index keeps the old terms, the table holds the new text. The triggers are
 * put back exactly as the schema has them. */
static bool change_behind_index(const char *table, const char *sql_update)
{
	sqlite3 *db = open_db();
	if (!db)
		return false;
	char *trig[16];
	int n = 0;
	sqlite3_stmt *st;
	sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=?",
	                   -1, &st, NULL);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	char names[16][128];
	while (sqlite3_step(st) == SQLITE_ROW && n < 16) {
		snprintf(names[n], 128, "%s", (const char *)sqlite3_column_text(st, 0));
		trig[n++] = strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	bool ok = n > 0 && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	for (int i = 0; ok && i < n; i++)
		ok = sqlite3_exec(db, P("DROP TRIGGER \"%s\"", names[i]), NULL, NULL, NULL) ==
		     SQLITE_OK;
	ok = ok && sqlite3_exec(db, sql_update, NULL, NULL, NULL) == SQLITE_OK &&
	     sqlite3_changes(db) == 1;
	for (int i = 0; ok && i < n; i++)
		ok = sqlite3_exec(db, trig[i], NULL, NULL, NULL) == SQLITE_OK;
	ok = ok && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	if (!ok) {
		note("tampering failed: %s", sqlite3_errmsg(db));
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	}
	for (int i = 0; i < n; i++)
		free(trig[i]);
	sqlite3_close(db);
	return ok;
}

static bool restart(void)
{
	srv_stop(&S);
	return srv_spawn(&S) == 0;
}

static void rebuild(void)
{
	long long t = ticket("Rebuild probe alphasubject", "alphaword original text", "rb@example.com",
	                     gA, "en");
	json_t *m = search(S.token, "messages", "alphaword", NULL);
	long long mid = jint(json_array_get(m, 0), "message_id");
	check(json_array_size(m) == 1 && mid > 0, "the probe message is found by its word");
	struct resp *r = httpj(&S, "POST", "/api/v1/kb/articles", S.token,
	                       jpack("{s:s,s:s,s:s,s:s}", "title", "提现多久到账", "body",
	                             "提现一般在 30 分钟内到账。", "locale", "zh-CN", "status",
	                             "published"));
	long long kb = jint(r->json, "article.id");
	check_status(r, 201, "a published KB article (its index is rebuilt too)");
	const char *version = db_query1(&S, "SELECT value FROM settings WHERE key='search_text_version'");
	check(version && *version, "the tokenizer version is recorded (%s)", version ?: "none");
	char v0[32];
	snprintf(v0, sizeof v0, "%s", version ?: "");

	srv_stop(&S);
	check(change_behind_index("messages",
	                          P("UPDATE messages SET body = 'betaword 充值到账 replaced' WHERE id = %lld",
	                            mid)) &&
	          change_behind_index("tickets",
	                              P("UPDATE tickets SET subject = 'Rebuilt gammasubject' WHERE id = %lld",
	                                t)),
	      "a message and a subject changed behind the index's back");
	check(srv_spawn(&S) == 0, "the server starts again");
	json_t *stale = search(S.token, "messages", "betaword", NULL);
	json_t *old = search(S.token, "messages", "alphaword", NULL);
	json_t *stale_t = search(S.token, "tickets", "gammasubject", NULL);
	check(stale && json_array_size(stale) == 0 && json_array_size(old) == 1 &&
	          json_array_size(stale_t) == 0,
	      "same version: the index is left as it was, stale (the check below can fail)");

	srv_stop(&S);
	check(db_exec(&S, "UPDATE settings SET value = '0' WHERE key = 'search_text_version'") == 0,
	      "the recorded tokenizer version changed to 0");
	check(srv_spawn(&S) == 0, "the server starts with a rebuild");
	json_t *now = search(S.token, "messages", "betaword", NULL);
	check(json_array_size(now) == 1 && jint(json_array_get(now, 0), "message_id") == mid,
	      "after the rebuild the new text is found (%s)", jdump(now));
	old = search(S.token, "messages", "alphaword", NULL);
	check(old && json_array_size(old) == 0, "and the old words are gone");
	now = search(S.token, "messages", "充值到账", NULL);
	check(json_array_size(now) == 1 && jint(json_array_get(now, 0), "message_id") == mid,
	      "the rebuilt row's Chinese phrase is found, and nowhere else (%s)", jdump(now));
	json_t *subj = search(S.token, "tickets", "gammasubject", NULL);
	check(exactly(subj, "ticket_id", (long long[]){t, 0}), "the rebuilt subject is found");
	subj = search(S.token, "tickets", "alphasubject", NULL);
	check(subj && json_array_size(subj) == 0, "the old subject is gone");
	finds(AGENT_TOK, "agent after rebuild", "到账", (long long[]){T_ZH, t, 0},
	      "the Chinese tickets, the rebuilt one included");
	json_t *k = get_list(S.token, P("/api/v1/kb/search?q=%s", qenc("提现")), "results");
	check(k && json_array_size(k) == 1 && jint(json_array_get(k, 0), "id") == kb,
	      "the KB index works after its rebuild (%s)", jdump(k));
	const char *v1 = db_query1(&S, "SELECT value FROM settings WHERE key='search_text_version'");
	check_str(v1, v0, "the current version is recorded again");
	/* the log names every rebuilt index */
	FILE *f = fopen(S.log, "r");
	char line[2048];
	int msgs = 0, tks = 0, kbs = 0;
	while (f && fgets(line, sizeof line, f)) {
		if (!strstr(line, "search_index_rebuilt"))
			continue;
		msgs += strstr(line, "messages_fts") != NULL;
		tks += strstr(line, "tickets_fts") != NULL;
		kbs += strstr(line, "kb_fts") != NULL;
	}
	if (f)
		fclose(f);
	check(msgs == 1 && tks == 1 && kbs == 1,
	      "the log records one rebuild of each index (messages %d, tickets %d, kb %d)", msgs,
	      tks, kbs);
	check(restart(), "a third start");
	f = fopen(S.log, "r");
	int again = 0;
	while (f && fgets(line, sizeof line, f))
		again += strstr(line, "search_index_rebuilt") != NULL;
	if (f)
		fclose(f);
	check(again == 3, "no rebuild when the version matches (%d rebuild lines in all)", again);
}

int main(void)
{
	h_init(240);
	srv_start(&S);
	setup();
	scripts();
	notes_scope_filters();
	ranking_and_pages();
	hostile();
	rebuild();
	struct resp *r = http(&S, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "server still healthy at the end");
	return h_finish();
}
