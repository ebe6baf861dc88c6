/* t_bad_input_chat — hostile and broken bodies for the live chat (docs/chat.md: widget session
 * anonymous and verified, session PATCH, conversations, messages, typing, read, csat; the agent
 * side's typing, viewing, read and reply with last_seen_message_id; settings/chat), the mail
 * settings and templates, macros (their variants, preview and apply, where no body at all reads
 * as {}) and the knowledge base (articles, translations, publishing, categories, sections,
 * feedback); plus chat attachments with wrong media types, empty, truncated and 50 MB declared,
 * and the identity limits (MAX_UID with a correct hash). Shared helpers: bad_input_common.h. */
#include "bad_input_common.h"

/* live chat: a widget session W with chats C1 (open, first message M1), C2 (solved, for csat),
 * C3 (agent side typing/viewing/read, message M3), T4 (reply with last_seen, message M4) */
static char W[256], W2[256], VISITOR[128], IDSECRET[256];
static long long C1, C2, C3, T4, M1, M3, M4, MOTHER;
static char MOTHER_TXT[32];
/* macros (docs/api.md "Macros"): MACID to PATCH, TMAC a ticket only the apply row writes on,
 * MMAC its first message */
static long long MACID, TMAC, MMAC;
/* knowledge base (docs/api.md "Knowledge base"): an article, a category and a section to edit */
static long long KBART, KBCAT, KBSEC;

static void setup(void)
{
	struct resp *r = NULL;
	setup_base();
	r = http(&S, "POST", "/api/v1/macros", T,
	         "{\"name\":\"Setup macro\",\"variants\":{\"en\":\"Hello {{customer.name}}\","
	         "\"ja\":\"{{customer.name}}様\"}}");
	MACID = jint(r->json, "macro.id");
	json_t *tm = mk_ticket(&S, NULL,
	                       P("{\"subject\":\"macro target\",\"body\":\"b\",\"requester\":{"
	                         "\"email\":\"m@example.com\"},\"group_id\":%lld}",
	                         gA));
	TMAC = jint(tm, "id");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", TMAC), T, NULL);
	MMAC = jint(r->json, "messages.0.id");
	check(MACID > 0 && TMAC > 0 && MMAC > 0, "setup: a macro and a ticket to apply it to");
	r = http(&S, "POST", "/api/v1/kb/articles", T,
	         "{\"title\":\"Setup article\",\"body\":\"Setup body\",\"locale\":\"en\","
	         "\"status\":\"published\"}");
	KBART = jint(r->json, "article.id");
	r = http(&S, "POST", "/api/v1/kb/categories", T,
	         "{\"slug\":\"setup_cat\",\"names\":{\"en\":\"Setup\"}}");
	KBCAT = jint(r->json, "category.id");
	r = http(&S, "POST", "/api/v1/kb/sections", T,
	         P("{\"category_id\":%lld,\"slug\":\"setup_sec\",\"names\":{\"en\":\"S\"}}", KBCAT));
	KBSEC = jint(r->json, "section.id");
	check(KBART > 0 && KBCAT > 0 && KBSEC > 0, "setup: a KB article, category and section");

	/* live chat */
	struct resp *r2 = mk_widget_session(&S, NULL, W);
	snprintf(VISITOR, sizeof VISITOR, "%s", r2 ? jstr(r2->json, "visitor_id") ?: "" : "");
	mk_widget_session(&S, NULL, W2);
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat one\"}");
	C1 = jint(r2->json, "conversation.id");
	M1 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat two\"}");
	C2 = jint(r2->json, "conversation.id");
	r2 = http(&S, "PATCH", P("/api/v1/tickets/%lld", C2), T, "{\"status\":\"solved\"}");
	checkd(r2->status == 200, rdesc(r2), "setup: solve chat two");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat three\"}");
	C3 = jint(r2->json, "conversation.id");
	M3 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W, "{\"body\":\"chat four\"}");
	T4 = jint(r2->json, "conversation.id");
	M4 = jint(r2->json, "message.id");
	r2 = http_w(&S, "POST", "/api/v1/widget/conversations", W2, "{\"body\":\"other's chat\"}");
	MOTHER = jint(r2->json, "message.id");
	snprintf(MOTHER_TXT, sizeof MOTHER_TXT, "%lld", MOTHER);
	check(C1 > 0 && C2 > 0 && C3 > 0 && T4 > 0 && M1 > 0 && M3 > 0 && M4 > 0 && MOTHER > 0,
	      "setup: widget chats");
	r2 = http(&S, "GET", "/api/v1/settings/identity", T, NULL);
	snprintf(IDSECRET, sizeof IDSECRET, "%s", jstr(r2->json, "identity_secret") ?: "");
}

static void build_table(void)
{
	struct ep *e;
	/* ---- live chat (docs/chat.md) ---- */
	e = add("POST", "/api/v1/widget/session (anonymous)", "/api/v1/widget/session", 201,
	        P("{\"visitor_id\":\"%s\",\"name\":\"Visitor\",\"email\":\"visitor@example.com\","
	          "\"language\":\"en\"}",
	          VISITOR));
	e->no_token = true;
	struct field wsf[] = {{"visitor_id", 's', false, 0, {0}},
	                      {"name", 's', false, MAX_NAME, {0}},
	                      {"email", 's', false, MAX_EMAIL, {"\"not-an-email\""}},
	                      {"language", 's', false, 0, {"\"not a language!\""}},
	                      {0}};
	memcpy(e->f, wsf, sizeof wsf);

	char hash[65];
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), "UBAD-1", 6, hash);
	e = add("POST", "/api/v1/widget/session (verified)", "/api/v1/widget/session", 201,
	        P("{\"exchange_uid\":\"UBAD-1\",\"user_hash\":\"%s\"}", hash));
	e->no_token = true;
	struct field wvf[] = {
	    {"exchange_uid", 's', false, 0, {0}},
	    {"user_hash",
	     's',
	     false,
	     0,
	     {"\"0000000000000000000000000000000000000000000000000000000000000000\"", "\"xyz\""}},
	    {0}};
	memcpy(e->f, wvf, sizeof wvf);

	e = add("PATCH", "/api/v1/widget/session", "/api/v1/widget/session", 200,
	        "{\"name\":\"Visitor Two\",\"email\":\"v2@example.com\",\"language\":\"en\"}");
	e->wtok = W;
	struct field wpf[] = {
	    {"name", 's', false, MAX_NAME, {0}},
	    {"email", 's', false, MAX_EMAIL, {"\"not-an-email\"", "\"a@@b.com\""}},
	    {"language", 's', false, 0, {"\"not a language!\""}},
	    {0}};
	memcpy(e->f, wpf, sizeof wpf);

	struct field bodyf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}}, {0}};
	e = add("POST", "/api/v1/widget/conversations", "/api/v1/widget/conversations", 201,
	        "{\"body\":\"Help with a deposit\"}");
	e->wtok = W;
	memcpy(e->f, bodyf, sizeof bodyf);

	e = add("POST", "/api/v1/widget/conversations/{id}/messages",
	        P("/api/v1/widget/conversations/%lld/messages", C1), 201, "{\"body\":\"more\"}");
	e->wtok = W;
	memcpy(e->f, bodyf, sizeof bodyf);

	e = add("POST", "/api/v1/widget/conversations/{id}/typing",
	        P("/api/v1/widget/conversations/%lld/typing", C1), 204, "{\"typing\":true}");
	e->wtok = W;
	struct field typf[] = {{"typing", 'b', true, 0, {0}}, {0}};
	memcpy(e->f, typf, sizeof typf);

	e = add("POST", "/api/v1/widget/conversations/{id}/read",
	        P("/api/v1/widget/conversations/%lld/read", C1), 204,
	        P("{\"message_id\":%lld}", M1));
	e->wtok = W;
	struct field rdf[] = {{"message_id", 'i', true, 0, {"999999", "0", MOTHER_TXT}}, {0}};
	memcpy(e->f, rdf, sizeof rdf);

	e = add("POST", "/api/v1/widget/conversations/{id}/csat",
	        P("/api/v1/widget/conversations/%lld/csat", C2), 201,
	        "{\"rating\":5,\"comment\":\"Great\"}");
	e->wtok = W;
	struct field csf[] = {
	    {"rating", 'i', true, 0, {"0", "6", "-1"}}, {"comment", 's', false, 0, {0}}, {0}};
	memcpy(e->f, csf, sizeof csf);

	e = add("POST", "/api/v1/tickets/{id}/typing", P("/api/v1/tickets/%lld/typing", C3), 204,
	        "{\"typing\":true,\"public\":false}");
	struct field atypf[] = {{"typing", 'b', true, 0, {0}}, {"public", 'b', false, 0, {0}}, {0}};
	memcpy(e->f, atypf, sizeof atypf);

	e = add("PUT", "/api/v1/settings/chat", "/api/v1/settings/chat", 200,
	        P("{\"group_id\":%lld,\"hours\":\"Mon-Fri 09:00-18:00 UTC\"}", gA));
	struct field scf[] = {
	    {"group_id", 'n', false, 0, {"999999", "0"}}, {"hours", 's', false, 0, {0}}, {0}};
	memcpy(e->f, scf, sizeof scf);

	e = add("POST", "/api/v1/tickets/{id}/viewing", P("/api/v1/tickets/%lld/viewing", C3), 200,
	        "{\"viewing\":true}");
	struct field vwf[] = {{"viewing", 'b', true, 0, {0}}, {0}};
	memcpy(e->f, vwf, sizeof vwf);

	e = add("POST", "/api/v1/tickets/{id}/read", P("/api/v1/tickets/%lld/read", C3), 204,
	        P("{\"message_id\":%lld}", M3));
	struct field ardf[] = {{"message_id", 'i', true, 0, {"999999", "0", MOTHER_TXT}}, {0}};
	memcpy(e->f, ardf, sizeof ardf);

	e = add("POST", "/api/v1/tickets/{id}/reply (last_seen_message_id)",
	        P("/api/v1/tickets/%lld/reply", T4), 201,
	        P("{\"body\":\"Seen it.\",\"last_seen_message_id\":%lld}", M4));
	struct field lsf[] = {{"body", 's', true, MAX_MESSAGE, {"\"\""}},
	                      {"status", 's', false, 0, {"\"bogus\""}},
	                      {"last_seen_message_id", 'i', false, 0, {0}},
	                      {0}};
	memcpy(e->f, lsf, sizeof lsf);

	e = add("PUT", "/api/v1/settings/mail", "/api/v1/settings/mail", 200,
	        P("{\"address\":\"support@desk.test\",\"name\":\"Desk\",\"acknowledge\":true,"
	          "\"rate_limit_per_hour\":30,\"group_id\":%lld}", gA));
	struct field smf[] = {{"address", 's', false, MAX_EMAIL, {"\"not an email\"", "\"a@b\""}},
	                      {"name", 's', false, MAX_NAME, {"\"two\\nlines\""}},
	                      {"acknowledge", 'b', false, 0, {0}},
	                      {"rate_limit_per_hour", 'i', false, 0, {"-1", "100001"}},
	                      {"group_id", 'n', false, 0, {"999999", "0"}},
	                      {0}};
	memcpy(e->f, smf, sizeof smf);

	e = add("PUT", "/api/v1/settings/mail/templates/{name}/{language}",
	        "/api/v1/settings/mail/templates/reply_subject/zh-CN", 200,
	        "{\"text\":\"Re: [{{number}}] {{subject}}\"}");
	struct field stf[] = {
	    {"text", 's', true, 8000, {"\"no number\"", "\"[{{number}}]\\nsecond line\""}}, {0}};
	memcpy(e->f, stf, sizeof stf);

	/* macros: variants per locale (MACRO_MAX_BODY 16 KiB), actions, preview, apply */
	struct field macf[] = {
	    {"name", 's', true, MAX_MACRO_NAME, {"\"\"", "\"a\\nb\""}},
	    {"group_id", 'n', false, 0, {"999999", "0"}},
	    {"default_locale", 's', false, 0, {"\"fr\"", "\"zh\""}},
	    {"variants", 'o', true, 0, {0}},
	    {"variants.en", 's', false, MAX_MACRO_BODY, {"\"  \"", "\"{{customer.nmae}}\""}},
	    {"variants.ja", 's', false, MAX_MACRO_BODY, {"\"{{name}}様\""}},
	    {"actions", 'o', false, 0, {0}},
	    {"actions.status", 's', false, 0, {"\"closed\"", "\"new\"", "\"done\""}},
	    {"actions.priority", 's', false, 0, {"\"asap\""}},
	    {"actions.add_tags", 'a', false, 0, {"[\"<b>\"]", "[\"a,b\"]"}},
	    {"actions.remove_tags", 'a', false, 0, {"[\"keep\"]"}},
	    {"actions.public", 'b', false, 0, {0}},
	    {0}};
	const char *macbase =
	    "{\"name\":\"%s\",\"group_id\":%lld,\"default_locale\":\"en\",\"variants\":{\"en\":"
	    "\"Hello {{customer.name}}, {{ticket.number}}\",\"ja\":\"{{customer.name}}様\"},"
	    "\"actions\":{\"status\":\"pending\",\"priority\":\"high\",\"add_tags\":[\"keep\"],"
	    "\"remove_tags\":[\"old\"],\"public\":true}}";
	e = add("POST", "/api/v1/macros", "/api/v1/macros", 201, P(macbase, "Bad input macro", gA));
	memcpy(e->f, macf, sizeof macf);
	e = add("PATCH", "/api/v1/macros/{id}", P("/api/v1/macros/%lld", MACID), 200,
	        P(macbase, "Setup macro 2", gA));
	memcpy(e->f, macf, sizeof macf);
	e->f[0].required = false;
	e->f[3].required = false;
	e = add("PUT", "/api/v1/macros/{id}/variants/{locale}",
	        P("/api/v1/macros/%lld/variants/ko", MACID), 200,
	        "{\"body\":\"{{customer.name}}님, 안녕하세요.\"}");
	struct field varf[] = {
	    {"body", 's', true, MAX_MACRO_BODY, {"\" \\n \"", "\"{{customer.name }}{{agent}}\""}},
	    {0}};
	memcpy(e->f, varf, sizeof varf);
	e = add("POST", "/api/v1/tickets/{id}/macros/{macro_id}/preview",
	        P("/api/v1/tickets/%lld/macros/%lld/preview", TMAC, MACID), 200, "{\"locale\":\"ja\"}");
	e->empty_ok = true;
	struct field prevf[] = {{"locale", 's', false, 0, {"\"xx\"", "\"zh\"", "\"\""}}, {0}};
	memcpy(e->f, prevf, sizeof prevf);
	e = add("POST", "/api/v1/tickets/{id}/macros/{macro_id}/apply",
	        P("/api/v1/tickets/%lld/macros/%lld/apply", TMAC, MACID), 201,
	        P("{\"body\":\"Edited by the agent\",\"locale\":\"ja\",\"last_seen_message_id\":%lld}",
	          MMAC));
	e->empty_ok = true;
	struct field applyf[] = {
	    {"body", 's', false, MAX_MESSAGE, {"\"   \""}},
	    {"locale", 's', false, 0, {"\"xx\""}},
	    {"last_seen_message_id", 'i', false, 0, {"0", "-1"}},
	    {0}};
	memcpy(e->f, applyf, sizeof applyf);

	/* knowledge base: articles, translations, publishing, categories, sections, feedback */
	struct field kbf[] = {
	    {"title", 's', true, MAX_KB_TITLE, {"\"\"", "\"a\\u0002b\""}},
	    {"body", 's', true, MAX_KB_BODY, {"\" \\n \"", "\"x\\u0003\""}},
	    {"locale", 's', true, 0, {"\"de\"", "\"zh\"", "\"\""}},
	    {"category", 's', false, 40, {"\"nope\"", "\"Bad Slug\""}},
	    {"section_id", 'n', false, 0, {"999999", "0"}},
	    {"status", 's', false, 0, {"\"archived\"", "\"Published\""}},
	    {0}};
	const char *kbbase = "{\"title\":\"%s\",\"body\":\"# Title\\n\\nBody\",\"locale\":"
	                     "\"en\",\"category\":\"deposit\",\"section_id\":null,\"status\":"
	                     "\"draft\"}";
	e = add("POST", "/api/v1/kb/articles", "/api/v1/kb/articles", 201,
	        P(kbbase, "Bad input article"));
	memcpy(e->f, kbf, sizeof kbf);
	struct field kbpf[] = {
	    {"title", 's', false, MAX_KB_TITLE, {"\"\"", "\"a\\nb\""}},
	    {"body", 's', false, MAX_KB_BODY, {"\"  \""}},
	    {"locale", 's', false, 0, {"\"xx\"", "\"ja\""}},
	    {"category", 's', false, 40, {"\"nope\""}},
	    {"section_id", 'n', false, 0, {"999999", "0"}},
	    {"default_locale", 's', false, 0, {"\"ko\"", "\"xx\""}},
	    {"status", 's', false, 0, {"\"live\""}},
	    {0}};
	e = add("PATCH", "/api/v1/kb/articles/{id}", P("/api/v1/kb/articles/%lld", KBART), 200,
	        "{\"title\":\"Setup article 2\",\"body\":\"Body 2\",\"locale\":\"en\","
	        "\"category\":\"deposit\",\"section_id\":null,\"default_locale\":\"en\","
	        "\"status\":\"published\"}");
	memcpy(e->f, kbpf, sizeof kbpf);
	e = add("PUT", "/api/v1/kb/articles/{id}/translations/{locale}",
	        P("/api/v1/kb/articles/%lld/translations/ja", KBART), 201,
	        "{\"title\":\"設定記事\",\"body\":\"本文\",\"status\":\"draft\"}");
	struct field kbtf[] = {
	    {"title", 's', true, MAX_KB_TITLE, {"\"\"", "\"\\u007f\""}},
	    {"body", 's', true, MAX_KB_BODY, {"\"\\t\""}},
	    {"status", 's', false, 0, {"\"hidden\""}},
	    {0}};
	memcpy(e->f, kbtf, sizeof kbtf);
	e = add("POST", "/api/v1/kb/articles/{id}/publish",
	        P("/api/v1/kb/articles/%lld/publish", KBART), 200, "{\"locale\":\"en\"}");
	e->empty_ok = true; /* no body: the default locale */
	struct field kbpubf[] = {{"locale", 's', false, 0, {"\"xx\"", "\"ko\""}}, {0}};
	memcpy(e->f, kbpubf, sizeof kbpubf);
	struct field kbcf[] = {
	    {"slug", 's', true, 40, {"\"Bad Slug\"", "\"\""}},
	    {"names", 'o', true, 0, {"{}"}},
	    {"names.en", 's', false, MAX_KB_NAME, {"\"\"", "\"a\\nb\""}},
	    {"names.zh-CN", 's', false, MAX_KB_NAME, {0}},
	    {"position", 'i', false, 0, {"-1", "1000001"}},
	    {0}};
	e = add("POST", "/api/v1/kb/categories", "/api/v1/kb/categories", 201,
	        "{\"slug\":\"bad_input\",\"names\":{\"en\":\"Bad input\",\"zh-CN\":\"错误输入\"},"
	        "\"position\":3}");
	memcpy(e->f, kbcf, sizeof kbcf);
	e = add("PATCH", "/api/v1/kb/categories/{id}", P("/api/v1/kb/categories/%lld", KBCAT), 200,
	        "{\"slug\":\"setup_cat\",\"names\":{\"en\":\"Setup 2\",\"zh-CN\":\"设置\"},"
	        "\"position\":4}");
	memcpy(e->f, kbcf, sizeof kbcf);
	e->f[0].required = e->f[1].required = false;
	struct field kbsf[] = {
	    {"category_id", 'i', true, 0, {"999999", "0"}},
	    {"slug", 's', true, 40, {"\"Bad Slug\""}},
	    {"names", 'o', true, 0, {"{}"}},
	    {"names.en", 's', false, MAX_KB_NAME, {"\"\""}},
	    {"position", 'i', false, 0, {"-5"}},
	    {0}};
	e = add("POST", "/api/v1/kb/sections", "/api/v1/kb/sections", 201,
	        P("{\"category_id\":%lld,\"slug\":\"bad_input_sec\",\"names\":{\"en\":\"B\"},"
	          "\"position\":1}",
	          KBCAT));
	memcpy(e->f, kbsf, sizeof kbsf);
	e = add("PATCH", "/api/v1/kb/sections/{id}", P("/api/v1/kb/sections/%lld", KBSEC), 200,
	        P("{\"category_id\":%lld,\"slug\":\"setup_sec\",\"names\":{\"en\":\"S2\"},"
	          "\"position\":2}",
	          KBCAT));
	memcpy(e->f, kbsf, sizeof kbsf);
	e->f[0].required = e->f[1].required = e->f[2].required = false;
	e = add("POST", "/api/v1/help/articles/{id}/feedback",
	        P("/api/v1/help/articles/%lld/feedback", KBART), 201,
	        "{\"helpful\":true,\"locale\":\"en\",\"visitor_id\":\"bad-input-visitor\"}");
	e->no_token = true;
	struct field kbff[] = {
	    {"helpful", 'b', true, 0, {0}},
	    {"locale", 's', false, 0, {"\"xx\""}},
	    {"visitor_id", 's', false, 64, {"\"  \""}},
	    {0}};
	memcpy(e->f, kbff, sizeof kbff);
}

/* ---- live chat: attachments (raw bodies) and identity limits ---- */
static struct resp *attach(const void *data, size_t len, const char *ctype, const char *fname)
{
	char wh[400], fh[300];
	snprintf(wh, sizeof wh, "X-Widget-Token: %s", W);
	struct req rq = {.method = "POST",
	                 .path = P("/api/v1/widget/conversations/%lld/attachments", C1),
	                 .body = data,
	                 .body_len = len,
	                 .content_type = ctype,
	                 .timeout_ms = 30000};
	int n = 0;
	rq.headers[n++] = wh;
	if (fname) {
		snprintf(fh, sizeof fh, "X-Filename: %s", fname);
		rq.headers[n++] = fh;
	}
	return http_req(&S, &rq);
}

static void test_chat_input(void)
{
	note("--- live chat: attachments and identity limits");
	static const unsigned char png[] = {
	    0x89, 'P',  'N',  'G', '\r', '\n', 0x1a, '\n', 0,   0,   0,   13,   'I',  'H',  'D',
	    'R',  0,    0,    0,   1,    0,    0,    0,    1,   8,   6,   0,    0,    0,    0x1f,
	    0x15, 0xc4, 0x89, 0,   0,    0,    0,    'I',  'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
	struct {
		const char *ctype, *what;
		long status;
		const char *code;
	} ct[] = {
	    {"application/json", "PNG bytes as application/json", 415, "unsupported_media_type"},
	    {"text/plain", "PNG bytes as text/plain", 415, "unsupported_media_type"},
	    {"", "PNG bytes without Content-Type", 415, "unsupported_media_type"},
	    {"application/octet-stream", "PNG bytes as application/octet-stream", 415,
	     "unsupported_media_type"},
	    {"image/png; charset=x", "image/png with a parameter", 0, NULL},
	};
	for (size_t i = 0; i < sizeof ct / sizeof ct[0]; i++) {
		char *fp = db_fingerprint(&S, NULL);
		struct resp *r = attach(png, sizeof png, ct[i].ctype, "p.png");
		if (ct[i].code) {
			check_error(r, ct[i].status, ct[i].code, NULL, "attachment, %s: %ld",
			            ct[i].what, ct[i].status);
			check_unchanged(&S, fp, NULL, "attachment, %s: nothing stored", ct[i].what);
		} else {
			check(r->status == 201 || r->status == 415,
			      "attachment, %s: 201 or 415, no crash (got %s)", ct[i].what,
			      rdesc(r));
		}
	}
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r = attach("", 0, "image/png", "empty.png");
	check(r->status >= 400 && r->status < 500 && error_shape_ok(r),
	      "an empty attachment is refused with a 4xx error (got %s)", rdesc(r));
	check_unchanged(&S, fp, NULL, "the empty attachment stored nothing");
	fp = db_fingerprint(&S, NULL);
	r = attach(png, 7, "image/png", "short.png");
	check(r->status == 415 || r->status == 422, "7 bytes of a PNG signature: refused (got %s)",
	      rdesc(r));
	check_unchanged(&S, fp, NULL, "the truncated signature stored nothing");
	/* a hostile file name is kept as a name, never as a path */
	r = attach(png, sizeof png, "image/png", "../../../etc/passwd.png");
	if (r->status == 201) {
		const char *fn = jstr(r->json, "message.attachments.0.filename");
		check(fn && !strstr(fn, "/"),
		      "X-Filename ../../../etc/passwd.png is stored without "
		      "a path (%s)",
		      fn ? fn : "none");
	} else {
		check(r->status == 422, "X-Filename with a path: 201 (name only) or 422 (got %s)",
		      rdesc(r));
	}
	/* 50 MB declared, 6 MiB sent: refused once 5 MiB are passed, without waiting for the rest
	 */
	{
		size_t body = 6 * 1024 * 1024, hl;
		char *big = malloc(body + 1024);
		hl = (size_t)snprintf(
		    big, 1024,
		    "POST /api/v1/widget/conversations/%lld/attachments HTTP/1.1\r\n"
		    "Host: x\r\nX-Widget-Token: %s\r\nX-Filename: big.png\r\n"
		    "Content-Type: image/png\r\nContent-Length: 50000000\r\n\r\n",
		    C1, W);
		memset(big + hl, 'a', body);
		memcpy(big + hl, png, sizeof png);
		fp = db_fingerprint(&S, NULL);
		size_t outlen;
		int status;
		raw_exchange(&S, big, hl + body, 6, &outlen, &status);
		free(big);
		check(status == 413 || (outlen == 0 && status == 0),
		      "attachment with Content-Length 50 MB, 6 MiB sent: 413 (or close) without "
		      "waiting for the rest (got %d%s)",
		      status, status == -1 ? ": still waiting after 6 s" : "");
		check(health(), "after the 50 MB attachment the server still answers");
		check_unchanged(&S, fp, NULL, "the 50 MB attachment stored nothing");
	}
	/* exchange_uid of MAX_UID + 1 bytes with a correct hash: too long, not a bad hash */
	char uid[MAX_UID + 2], hash[65];
	memset(uid, 'U', MAX_UID + 1);
	uid[MAX_UID + 1] = 0;
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), uid, strlen(uid), hash);
	fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"%s\",\"user_hash\":\"%s\"}", uid, hash));
	check_error(r, 422, "too_long", "exchange_uid",
	            "widget session with an exchange_uid of 129 bytes (MAX_UID 128), hash correct: "
	            "422 too_long");
	check_unchanged(&S, fp, NULL, "the 129-byte uid stored nothing");
	uid[MAX_UID] = 0;
	hmac_sha256_hex(IDSECRET, strlen(IDSECRET), uid, strlen(uid), hash);
	r = http(&S, "POST", "/api/v1/widget/session", NULL,
	         P("{\"exchange_uid\":\"%s\",\"user_hash\":\"%s\"}", uid, hash));
	check_status(r, 201, "an exchange_uid of exactly 128 bytes with its hash: 201");
	/* a user_hash without exchange_uid */
	fp = db_fingerprint(&S, NULL);
	r = http(&S, "POST", "/api/v1/widget/session", NULL, P("{\"user_hash\":\"%s\"}", hash));
	check(r->status == 422 && error_shape_ok(r),
	      "a user_hash without exchange_uid: 422 (got %s)", rdesc(r));
	check_unchanged(&S, fp, NULL, "the lone user_hash stored nothing");
}

int main(void)
{
	h_init(300);
	srv_start(&S);
	T = S.token;
	setup();
	build_table();
	run_table();
	test_chat_input();
	return h_finish();
}
