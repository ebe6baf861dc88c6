/* t_kb — the knowledge base: POST /api/v1/kb/articles and GET /api/v1/kb/search?q=&locale=.
 * Published articles are found in their own locale (also for CJK text, where words are not
 * separated by spaces), drafts and other locales are not, and results carry
 * {id, title, locale, snippet, score}. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;

static long long article(const char *title, const char *body, const char *locale,
                         const char *status)
{
	json_t *b = jpack("{s:s,s:s,s:s}", "title", title, "body", body, "locale", locale);
	if (status)
		json_object_set_new(b, "status", json_string(status));
	struct resp *r = httpj(&S, "POST", "/api/v1/kb/articles", S.token, b);
	check_status(r, 201, "POST /api/v1/kb/articles \"%s\" (%s, %s) answers 201", title, locale,
	             status ? status : "default status");
	json_t *a = jget(r->json, "article");
	check(jint(a, "id") > 0 && !strcmp(jstr(a, "title") ?: "", title) &&
	          !strcmp(jstr(a, "locale") ?: "", locale),
	      "the article comes back with id, title and locale (%s)", jdump(a));
	if (status)
		check_str(jstr(a, "status"), status, "the article's status is %s", status);
	return jint(a, "id");
}

/* ids in the results of a search, or NULL when the search failed */
static json_t *search(const char *q, const char *locale)
{
	struct resp *r = http(
	    &S, "GET", P("/api/v1/kb/search?q=%s&locale=%s", qenc(q), qenc(locale)), S.token, NULL);
	if (r->status != 200 || !json_is_array(jget(r->json, "results"))) {
		checkd(false, rdesc(r),
		       "GET /api/v1/kb/search?q=%s&locale=%s answers 200 {results}", q, locale);
		return NULL;
	}
	return jget(r->json, "results");
}

static bool found(json_t *res, long long id)
{
	for (size_t i = 0; i < json_array_size(res); i++)
		if (jint(json_array_get(res, i), "id") == id)
			return true;
	return false;
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	long long en =
	    article("How to recover a deposit sent without a memo",
	            "# Missing memo\n\nIf you sent **XRP** without the destination tag, open a "
	            "recovery request with the TXID. Recovery takes 1-2 days.",
	            "en", "published");
	long long draft =
	    article("Draft: memo recovery fees",
	            "The recovery fee for a missing memo is not final yet.", "en", "draft");
	long long zh = article("如何找回漏填备注的充值",
	                       "如果您充值时忘记填写备注（MEMO），请提交找回申请并附上交易哈希。",
	                       "zh-CN", "published");
	long long ru = article("Как вернуть депозит без мемо",
	                       "Если вы отправили монеты без мемо, создайте заявку на возврат.",
	                       "ru", "published");
	long long other =
	    article("Two-factor authentication reset",
	            "To reset 2FA, verify your identity with a selfie.", "en", "published");

	json_t *res = search("memo", "en");
	if (res) {
		check(found(res, en), "an English search for memo finds the published article");
		check(!found(res, draft), "a draft is not found");
		check(!found(res, zh) && !found(res, ru),
		      "articles in other locales are not found");
		check(!found(res, other), "an article without the word is not found");
		json_t *first = json_array_get(res, 0);
		check(jint(first, "id") > 0 && jstr(first, "title") && jstr(first, "locale") &&
		          jstr(first, "snippet") && json_is_number(jget(first, "score")),
		      "results are {id, title, locale, snippet, score} (%s)", jdump(first));
		check(contains(jstr(first, "snippet"), "memo"),
		      "the snippet shows the matched text");
	}
	res = search("MEMO", "en");
	if (res)
		check(found(res, en), "search is case-insensitive for Latin text");
	res = search("recovery", "en");
	if (res)
		check(found(res, en) && !found(res, other), "search looks in the body too");
	res = search("备注", "zh-CN");
	if (res)
		check(found(res, zh),
		      "a two-character Chinese word inside a sentence is found (CJK search)");
	res = search("找回", "zh-CN");
	if (res)
		check(found(res, zh) && !found(res, en), "another CJK word, only in zh-CN");
	res = search("депозит", "ru");
	if (res)
		check(found(res, ru) && !found(res, en), "a Cyrillic word is found in ru");
	res = search("xyzzy-nothing", "en");
	if (res)
		check(json_array_size(res) == 0, "a search without matches is empty");

	struct resp *r = http(&S, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "server still healthy at the end");
	return h_finish();
}
