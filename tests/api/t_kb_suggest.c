/* t_kb_suggest — GET /api/v1/tickets/{id}/kb_suggestions (docs/api.md "Suggestions for a
 * ticket"): the knowledge-base articles an agent sees beside an open ticket, found from what the
 * customer wrote.
 *
 * A Chinese ticket "充值未到账" gets the Chinese deposit articles first (a draft one marked as
 * such, without a URL), a Japanese 出金 ticket the Japanese withdrawal article, a Vietnamese
 * ticket typed without diacritics the Vietnamese articles; a Korean ticket written in English
 * gets the English article in the help center's Korean address, and not the English text of an
 * article that has a Korean translation. Internal notes are not read, a new customer message
 * is. An agent who cannot see the ticket gets 404; a ticket with nothing searchable gets an
 * empty list; `limit` is checked; nothing is stored. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static long long g1, g2;
static char tokA[512], tokB[512], tokQA[512];

static long long article(const char *title, const char *body, const char *locale,
                         const char *status)
{
	struct resp *r = httpj(&S, "POST", "/api/v1/kb/articles", S.token,
	                       jpack("{s:s,s:s,s:s,s:s}", "title", title, "body", body, "locale",
	                             locale, "status", status));
	checkd(r->status == 201 && jint(r->json, "article.id") > 0, rdesc(r),
	       "setup: article \"%s\" (%s, %s)", title, locale, status);
	return jint(r->json, "article.id");
}

static json_t *ticket(const char *subject, const char *body, const char *language, long long group)
{
	static int n;
	json_t *b = jpack("{s:s,s:s,s:{s:s,s:s},s:s,s:I}", "subject", subject, "body", body,
	                  "requester", "email", P("kbs%d@example.com", ++n), "language", language,
	                  "language", language, "group_id", (json_int_t)group);
	char *text = json_dumps(b, JSON_COMPACT);
	json_decref(b);
	json_t *t = mk_ticket(&S, S.token, text);
	free(text);
	return t;
}

/* The answer to GET .../kb_suggestions (kept until the end), or NULL with a not ok line. */
static json_t *suggest(long long tid, const char *token, const char *query)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions%s", tid, query ? query : ""),
	         token ? token : S.token, NULL);
	if (r->status != 200 || !json_is_array(jget(r->json, "suggestions"))) {
		checkd(false, rdesc(r), "GET /api/v1/tickets/%lld/kb_suggestions%s answers 200",
		       tid, query ? query : "");
		return NULL;
	}
	return r->json;
}

static long long id_at(json_t *res, size_t i)
{
	return jint(json_array_get(jget(res, "suggestions"), i), "id");
}

static json_t *item(json_t *res, long long id)
{
	json_t *list = jget(res, "suggestions");
	for (size_t i = 0; i < json_array_size(list); i++)
		if (jint(json_array_get(list, i), "id") == id)
			return json_array_get(list, i);
	return NULL;
}

static int pos(json_t *res, long long id)
{
	json_t *list = jget(res, "suggestions");
	for (size_t i = 0; i < json_array_size(list); i++)
		if (jint(json_array_get(list, i), "id") == id)
			return (int)i;
	return -1;
}

static bool has_term(json_t *res, const char *term)
{
	json_t *terms = jget(res, "terms");
	for (size_t i = 0; i < json_array_size(terms); i++)
		if (!strcmp(json_string_value(json_array_get(terms, i)) ?: "", term))
			return true;
	return false;
}

/* Every suggestion is in `locale` */
static bool all_in(json_t *res, const char *locale)
{
	json_t *list = jget(res, "suggestions");
	for (size_t i = 0; i < json_array_size(list); i++)
		if (strcmp(jstr(json_array_get(list, i), "locale") ?: "", locale))
			return false;
	return json_array_size(list) > 0;
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	g1 = mk_group(&S, "Deposits", "L1");
	g2 = mk_group(&S, "Elsewhere", "L1");
	mk_agent(&S, "a@kbs.test", "Agent Deposits", "agent", "L1", P("[%lld]", g1), tokA);
	mk_agent(&S, "b@kbs.test", "Agent Elsewhere", "agent", "L1", P("[%lld]", g2), tokB);
	mk_agent(&S, "qa@kbs.test", "Qa Kbs", "qa", NULL, NULL, tokQA);

	long long z1 =
	    article("充值未到账怎么办",
	            "大部分充值会在 30 分钟内到账。请先在区块浏览器确认交易哈希和确认数，"
	            "再检查充值地址和网络。",
	            "zh-CN", "published");
	long long z2 =
	    article("充值忘记填写备注", "漏填备注（MEMO）的充值不会自动到账，请提交找回申请。",
	            "zh-CN", "published");
	long long z3 =
	    article("提现一直在审核中", "大额提现需要风控审核，请耐心等待。", "zh-CN", "published");
	long long z4 =
	    article("提现手续费说明", "每个网络的提现手续费不同。", "zh-CN", "published");
	long long z5 = article("充值到账时间", "不同网络的充值到账时间不同。", "zh-CN", "draft");
	long long j1 =
	    article("出金が審査中のまま",
	            "高額の出金はリスク管理チームが確認します。通常24時間以内に完了します。", "ja",
	            "published");
	long long j2 =
	    article("入金が反映されない",
	            "入金の反映には数分かかります。メモを入れずに送金した場合は回復申請を"
	            "してください。",
	            "ja", "published");
	long long v1 = article("Nạp tiền chưa về tài khoản",
	                       "Kiểm tra mã giao dịch (TxID) và số xác nhận trên trình duyệt khối.",
	                       "vi", "published");
	long long v2 = article("Rút tiền đang chờ xử lý",
	                       "Lệnh rút tiền lớn cần được kiểm tra thêm.", "vi", "published");
	long long e1 = article("Deposit not credited: what to check",
	                       "Most deposits arrive within 30 minutes. Check the transaction hash "
	                       "and the number of confirmations.",
	                       "en", "published");
	long long e2 =
	    article("Withdrawal pending review", "Large withdrawals are reviewed by the risk team.",
	            "en", "published");
	struct resp *r =
	    httpj(&S, "PUT", P("/api/v1/kb/articles/%lld/translations/ko", e2), S.token,
	          jpack("{s:s,s:s,s:s}", "title", "출금 심사 중", "body",
	                "고액 출금은 보안 심사를 거칩니다.", "status", "published"));
	checkd(r->status == 201, rdesc(r), "setup: a Korean translation of the withdrawal article");

	/* ---- Chinese: deposit articles first, the draft marked ---- */
	json_t *tz = ticket("充值未到账",
	                    "你好，我昨天充值了 500 USDT，到现在还没有到账，请帮忙查一下。"
	                    "交易哈希 0x3fa9c1d2",
	                    "zh-CN", g1);
	long long tzid = jint(tz, "id");
	json_t *res = suggest(tzid, tokA, NULL);
	if (res) {
		check_str(jstr(res, "locale"), "zh-CN",
		          "the suggestions are for the ticket's language");
		checkd(id_at(res, 0) == z1, jdump(res),
		       "\"充值未到账\" suggests \"充值未到账怎么办\" first");
		int p2 = pos(res, z2), p3 = pos(res, z3), p4 = pos(res, z4);
		checkd(p2 > 0 && (p3 < 0 || p3 > p2) && (p4 < 0 || p4 > p2), jdump(res),
		       "the other Chinese deposit article comes before any withdrawal article");
		checkd(all_in(res, "zh-CN"), jdump(res), "every suggestion is in Chinese");
		json_t *s1 = item(res, z1);
		check_str(jstr(s1, "status"), "published", "a published article says so");
		check_str(jstr(s1, "url"), P("/help/zh-CN/articles/%lld", z1),
		          "its url is the help center's Chinese page of the article");
		check_str(jstr(s1, "title"), "充值未到账怎么办", "the title is the Chinese one");
		json_t *s5 = item(res, z5);
		checkd(s5 && !strcmp(jstr(s5, "status") ?: "", "draft") && jisnull(s5, "url"),
		       jdump(s5),
		       "the draft deposit article is suggested, marked draft, without a url");
		bool hit = false;
		json_t *spans = jget(s1, "title_highlights");
		for (size_t i = 0; i < json_array_size(spans); i++)
			hit |= json_is_true(jget(json_array_get(spans, i), "hit")) &&
			       strstr(jstr(json_array_get(spans, i), "text") ?: "", "充值");
		checkd(hit, jdump(spans), "the title's matched words come as hit spans");
		checkd(jstr(s1, "snippet") && !strchr(jstr(s1, "snippet"), '\x02') &&
		           json_is_array(jget(s1, "snippet_highlights")),
		       jdump(s1), "the snippet is plain text with its hits as spans");
		checkd(
		    has_term(res, "充值") && has_term(res, "到账") && !has_term(res, "你好") &&
		        !has_term(res, "500") && !has_term(res, "0x3fa9c1d2"),
		    jdump(jget(res, "terms")),
		    "the query holds the ticket's words (充值, 到账), not greetings, amounts or a "
		    "hash no article has");
		checkd(json_array_size(jget(res, "terms")) <= 12, jdump(jget(res, "terms")),
		       "at most 12 terms");
	}

	/* Internal notes are never read; the customer's new message is. */
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/notes", tzid), tokA,
	          jpack("{s:s}", "body", "提现 提现 提现 审核 手续费"));
	checkd(r->status == 201, rdesc(r), "setup: an internal note about withdrawals");
	res = suggest(tzid, tokA, "?limit=10");
	checkd(res && pos(res, z3) < 0 && pos(res, z4) < 0 && !has_term(res, "提现"), jdump(res),
	       "an internal note does not change the suggestions");
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/messages", tzid), S.token,
	          jpack("{s:s}", "body", "另外我的提现也一直在审核中，能帮我看看吗？"));
	checkd(r->status == 201, rdesc(r), "setup: the customer writes about a withdrawal too");
	res = suggest(tzid, tokA, "?limit=10");
	checkd(res && pos(res, z3) >= 0 && has_term(res, "提现"), jdump(res),
	       "the customer's newest message brings the withdrawal article in");

	/* ---- Japanese ---- */
	json_t *tj = ticket("出金できません",
	                    "昨日申請した出金がまだ届いていません。確認をお願いします。", "ja", g1);
	res = suggest(jint(tj, "id"), tokA, NULL);
	if (res) {
		checkd(id_at(res, 0) == j1, jdump(res),
		       "a Japanese 出金 ticket suggests the Japanese withdrawal article first");
		checkd(all_in(res, "ja") && pos(res, j2) != 0, jdump(res),
		       "in Japanese, and not the deposit article first");
		checkd(has_term(res, "出金") && !has_term(res, "ませ") && !has_term(res, "せん"),
		       jdump(jget(res, "terms")), "出金 is asked for, kana grammar is not");
	}

	/* ---- Vietnamese without diacritics ---- */
	json_t *tv = ticket("nap tien chua ve",
	                    "toi da nap tien tu hom qua ma van chua thay ve tai khoan", "vi", g1);
	res = suggest(jint(tv, "id"), tokA, NULL);
	if (res) {
		checkd(id_at(res, 0) == v1, jdump(res),
		       "\"nap tien chua ve\" suggests \"Nạp tiền chưa về tài khoản\" first");
		checkd(all_in(res, "vi") && (pos(res, v2) < 0 || pos(res, v2) > 0), jdump(res),
		       "only Vietnamese articles, the withdrawal one (if at all) after it");
		check_str(jstr(item(res, v1), "title"), "Nạp tiền chưa về tài khoản",
		          "the title comes with its diacritics");
	}

	/* ---- another language: the article's default locale, in the customer's address ---- */
	json_t *tk = ticket("Deposit not credited", "My deposit is not credited yet, please check",
	                    "ko", g1);
	res = suggest(jint(tk, "id"), tokA, NULL);
	if (res) {
		check_str(jstr(res, "locale"), "ko", "a Korean ticket is suggested for in Korean");
		json_t *s = item(res, e1);
		checkd(s && !strcmp(jstr(s, "locale") ?: "", "en") &&
		           !strcmp(jstr(s, "url") ?: "", P("/help/ko/articles/%lld", e1)),
		       jdump(res),
		       "an article without a Korean translation comes in English, its url the "
		       "Korean help center's (which serves the English text)");
		checkd(pos(res, e2) < 0, jdump(res),
		       "an article that has a Korean translation is not suggested in English");
	}

	/* ---- who may see what ---- */
	json_t *th = ticket("充值未到账", "充值一直没有到账", "zh-CN", g2);
	long long thid = jint(th, "id");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions", thid), tokA, NULL);
	check_error(r, 404, "not_found", NULL,
	            "an agent outside the ticket's group gets 404 for its suggestions");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions", thid), tokB, NULL);
	checkd(r->status == 200 && jint(r->json, "suggestions.0.id") == z1, rdesc(r),
	       "the agent of its group gets them");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions", thid), tokQA, NULL);
	check_status(r, 200, "qa reads them (ticket.read)");
	r = http(&S, "GET", "/api/v1/tickets/999999/kb_suggestions", tokA, NULL);
	check_error(r, 404, "not_found", NULL, "an unknown ticket is 404");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions", tzid), NULL, NULL);
	check_status(r, 401, "without credentials: 401");

	/* ---- nothing to go on ---- */
	json_t *te = ticket("？？？", "!!! 🙂🙂 …", "en", g1);
	res = suggest(jint(te, "id"), tokA, NULL);
	checkd(res && json_array_size(jget(res, "suggestions")) == 0 &&
	           json_array_size(jget(res, "terms")) == 0,
	       res ? jdump(res) : "", "a ticket with no searchable text gets an empty list");

	/* ---- limit ---- */
	res = suggest(tzid, tokA, "?limit=1");
	checkd(res && json_array_size(jget(res, "suggestions")) == 1 && id_at(res, 0) == z1,
	       res ? jdump(res) : "", "limit=1 gives the best one only");
	const char *bad[] = {"0", "21", "-1", "abc", "1e3"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = http(&S, "GET", P("/api/v1/tickets/%lld/kb_suggestions?limit=%s", tzid, bad[i]),
		         tokA, NULL);
		check_error(r, 400, "invalid_query", "limit", "limit=%s is 400 invalid_query",
		            bad[i]);
	}

	/* ---- a read stores nothing ---- */
	char *before = db_fingerprint(&S, NULL);
	suggest(tzid, tokA, NULL);
	suggest(jint(tj, "id"), S.token, NULL);
	check_unchanged(&S, before, NULL, "asking for suggestions stores nothing");

	r = http(&S, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "server still healthy at the end");
	return h_finish();
}
