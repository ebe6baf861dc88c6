/* test_routing.c — routing rules as an admin writes them and a customer's ticket meets them:
 * each condition type on its own, keywords across scripts (one line per keyword/text pair, so a
 * failure names the language that broke), first-match order and the default, escalation by rule,
 * and every way a rule can be refused with the message the API will show. */
#include "core/routing.h"
#include "unit_main.h"
#include "util/arena.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define S(x)      (x), strlen(x)

#define GROUP_DEFAULT 10
#define GROUP_L2      20
#define GROUP_CHAT    30
#define GROUP_VIP     40

static struct arena arena;
static struct routing_set set;

/* Test names are one line each (tests/run counts lines): control characters are spelled out. */
static const char *esc(const char *s)
{
	static char buf[UNIT_NAME_MAX];
	size_t o = 0;

	for (; *s != '\0' && o + 3 < sizeof buf; s++) {
		if ((unsigned char)*s < 0x20) {
			buf[o++] = '\\';
			buf[o++] = *s == '\n' ? 'n' : *s == '\r' ? 'r' : *s == '\t' ? 't' : '?';
		} else {
			buf[o++] = *s;
		}
	}
	buf[o] = '\0';
	return buf;
}

static void begin(void)
{
	arena_init(&arena, 0);
	routing_set_init(&set, &arena, GROUP_DEFAULT);
}

static void end(void)
{
	arena_free(&arena);
}

static struct routing_rule *add_rule(int64_t group)
{
	struct routing_rule *r = NULL;

	ck_assert_int_eq(routing_set_add(&set, (int64_t)set.n + 100, NULL, 0, group, &r),
	                 ROUTING_OK);
	return r;
}

static struct routing_input ticket(enum ticket_channel ch, const char *subject, const char *body)
{
	struct routing_input in = {.channel = ch, .priority = PRIO_NORMAL};

	in.subject = subject;
	in.subject_len = subject != NULL ? strlen(subject) : 0;
	in.body = body;
	in.body_len = body != NULL ? strlen(body) : 0;
	return in;
}

static int match(const struct routing_input *in, struct routing_result *out)
{
	ck_assert_int_eq(routing_set_compile(&set), ROUTING_OK);
	return routing_match(&set, in, out);
}

/* ---- keywords across scripts ---- */

struct kwcase {
	const char *keyword, *subject, *body;
	bool want;
};

static const struct kwcase keywords[] = {
    /* Chinese, Japanese, Korean, Thai: no spaces between words, found anywhere */
    {"冻结", "账户被冻结了", NULL, true},
    {"冻结", NULL, "你好，我的账户被冻结了，请帮忙", true},
    {"提现", "提币问题", "USDT 无法提现", true},
    {"冻结", "账户被凍結了", NULL, false}, /* traditional characters are other characters */
    {"出金", "出金ができません", NULL, true},
    {"出金", NULL, "昨日から出金が保留中です。", true},
    {"カード", "ｶｰﾄﾞが使えない", NULL, true},    /* halfwidth katakana */
    {"カード", "ガードが使えない", NULL, false}, /* a voiced mark changes the letter */
    {"입금", "입금이 안 됐어요", NULL, true},
    {"입금", NULL, "어제 USDT 입금했는데 반영이 안 돼요", true},
    {"ถอนเงิน", "ฉันถอนเงินไม่ได้", NULL, true},
    /* Russian in any case, with word boundaries; a trailing '*' takes the endings */
    {"заблокирован", "АККАУНТ ЗАБЛОКИРОВАН", NULL, true},
    {"Заблокирован", NULL, "мой аккаунт заблокирован!", true},
    {"заблокирован", "аккаунт заблокирована", NULL, false},
    {"заблокир*", "Мне ЗАБЛОКИРОВАЛИ вывод", NULL, true},
    {"ёлка", "елка", NULL, true},       /* ё is typed as е */
    {"мой", "мои деньги", NULL, false}, /* й is its own letter */
    /* Vietnamese with and without diacritics, both ways */
    {"rut tien", "Tôi không thể rút tiền", NULL, true},
    {"rút tiền", "khong the RUT TIEN duoc", NULL, true},
    {"đồng", "nap 100 nghin dong", NULL, true},
    {"nạp tiền", "Nap tien khong thanh cong", NULL, true},
    /* Latin words: boundaries, case, accents, width, spacing */
    {"ban", "my bank account", NULL, false},
    {"ban", "why did you BAN me?", NULL, true},
    {"ban", "被ban了", NULL, true}, /* Chinese around a Latin word is a boundary */
    {"ban", "unban please", NULL, false},
    {"withdraw*", "Withdrawal pending", NULL, true},
    {"withdraw", "Withdrawal pending", NULL, false},
    {"*coin", "my stablecoin", NULL, true},
    {"usdt", "ＵＳＤＴ提现", NULL, true},
    {"2fa", NULL, "Please reset my 2FA.", true},
    {"2fa", NULL, "code 12fa", false},
    {"café", "CAFE", NULL, true},
    {"cafe", "Café", NULL, true},
    {"straße", "STRASSE", NULL, true},
    {"iptal", "İPTAL", NULL, true},
    {"frozen", "fro\u00adzen", NULL, true}, /* a soft hyphen is invisible */
    {"account frozen", "Account   Frozen", NULL, true},
    {"account frozen", NULL, "my account\r\n\tfrozen since monday", true},
    {"account frozen", "my account", "frozen funds", false}, /* not across subject and body */
    {"frozen", "Account", "frozen", true},
    {"wrong network", "sent on the wrong\u00a0network", NULL, true},
    {"memo", "missing memo/tag", NULL, true},
    {"memo", "memorandum", NULL, false},
    {"p2p", "P2P order dispute", NULL, true},
    {"kyc", NULL, NULL, false},
};

START_TEST(keyword_case)
{
	const struct kwcase *c = &keywords[_i];
	struct routing_input in = ticket(CHANNEL_EMAIL, c->subject, c->body);
	struct routing_result out;
	int got;

	begin();
	ck_assert_int_eq(routing_rule_add_keyword(add_rule(GROUP_L2), S(c->keyword)), ROUTING_OK);
	got = match(&in, &out);
	ck_assert_msg((got == 0) == c->want, "keyword \"%s\" in \"%s\" / \"%s\": got rule %d",
	              c->keyword, c->subject ? c->subject : "", c->body ? c->body : "", got);
	if (c->want) {
		ck_assert_str_eq(out.keyword, c->keyword);
		ck_assert_int_eq(out.group_id, GROUP_L2);
	} else {
		ck_assert_int_eq(out.group_id, GROUP_DEFAULT);
	}
	end();
}
END_TEST

START_TEST(keyword_any_of_several)
{
	static const char *const kws[] = {"冻结", "frozen", "заблокирован", "bloqueado"};
	struct routing_input in = ticket(CHANNEL_CHAT, "Mi cuenta está BLOQUEADA", "¿por qué?");
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	for (size_t i = 0; i < 4; i++)
		ck_assert_int_eq(routing_rule_add_keyword(r, S(kws[i])), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("bloquead*")), ROUTING_OK);
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_str_eq(out.keyword, "bloquead*");
	in = ticket(CHANNEL_CHAT, "help", "账户冻结");
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	ck_assert_str_eq(out.keyword, "冻结");
	in = ticket(CHANNEL_CHAT, "help", "nothing to see");
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	end();
}
END_TEST

/* Keywords inside keywords, across rules: a shorter keyword ending where a longer one is half
 * matched, and a keyword whose start repeats inside itself. */
START_TEST(keyword_overlaps)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "账户冻结了", NULL);
	struct routing_result out;

	begin();
	routing_rule_add_keyword(add_rule(GROUP_L2), S("账户冻结了吗"));
	routing_rule_add_keyword(add_rule(GROUP_CHAT), S("冻结"));
	routing_rule_add_keyword(add_rule(GROUP_VIP), S("提提现"));
	routing_rule_add_keyword(add_rule(GROUP_VIP), S("*nanas"));
	ck_assert_int_eq(match(&in, &out), 1);
	in = ticket(CHANNEL_CHAT, "提提提现", NULL);
	ck_assert_int_eq(routing_match(&set, &in, &out), 2);
	in = ticket(CHANNEL_CHAT, "bananas", NULL);
	ck_assert_int_eq(routing_match(&set, &in, &out), 3);
	in = ticket(CHANNEL_CHAT, "账户冻结了吗？", NULL);
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	end();
}
END_TEST

/* One keyword in two rules: the channel decides which, each keeps its own keyword. */
START_TEST(same_keyword_in_two_rules)
{
	struct routing_input in = ticket(CHANNEL_EMAIL, "Account FROZEN", NULL);
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	routing_rule_add_channel(r, S("email"));
	routing_rule_add_keyword(r, S("frozen"));
	r = add_rule(GROUP_CHAT);
	routing_rule_add_keyword(r, S("Frozen"));
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_str_eq(out.keyword, "frozen");
	in.channel = CHANNEL_CHAT;
	ck_assert_int_eq(routing_match(&set, &in, &out), 1);
	ck_assert_str_eq(out.keyword, "Frozen");
	end();
}
END_TEST

/* A malformed byte is a space: it neither crashes nor hides what follows. */
START_TEST(keyword_after_malformed_utf8)
{
	struct routing_input in = ticket(CHANNEL_EMAIL, "a\xff\xfe b\xe4\xb8", "\xc0\xae frozen");
	struct routing_result out;

	begin();
	routing_rule_add_keyword(add_rule(GROUP_L2), S("frozen"));
	ck_assert_int_eq(match(&in, &out), 0);
	end();
}
END_TEST

/* Only the first ROUTING_SCAN_MAX folded bytes are read: a keyword past them is not seen. */
START_TEST(keyword_scan_bound)
{
	static char body[ROUTING_SCAN_MAX + 64];
	struct routing_input in;
	struct routing_result out;

	begin();
	routing_rule_add_keyword(add_rule(GROUP_L2), S("frozen"));
	memset(body, 'x', sizeof body - 1);
	memcpy(body + 100, " frozen ", 8);
	body[sizeof body - 1] = '\0';
	in = ticket(CHANNEL_EMAIL, NULL, body);
	ck_assert_int_eq(match(&in, &out), 0);
	memset(body, 'x', sizeof body - 1);
	memcpy(body + ROUTING_SCAN_MAX + 10, " frozen ", 8);
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	end();
}
END_TEST

/* ---- folding ---- */

struct foldcase {
	const char *in, *want;
};

static const struct foldcase folds[] = {
    {"Rút TIỀN", "rut tien"},   {"ＵＳＤＴ　提现", "usdt 提现"},
    {"  a \t\n\r b  ", "a b "}, {"ĐỒNG", "dong"},
    {"Łódź", "lodz"},           {"АККАУНТ Ёлка Йод", "аккаунт елка йод"},
    {"ｶﾞｰﾄﾞ", "ガード"},        {"입금", "입금"},
    {"Straße", "strasse"},      {"x\u200by", "xy"},
    {"ΆΡΣΗ", "αρση"},
};

START_TEST(fold_case)
{
	char out[64];
	size_t n = routing_fold(S(folds[_i].in), out, sizeof out);

	out[n] = '\0';
	ck_assert_str_eq(out, folds[_i].want);
}
END_TEST

START_TEST(fold_never_splits_a_character)
{
	char out[8];

	/* four 3-byte ideographs into 7 bytes: two fit, the third is left out whole */
	ck_assert_uint_eq(routing_fold(S("冻结冻结"), out, 7), 6);
	ck_assert_int_eq(memcmp(out, "冻结", 6), 0);
	ck_assert_uint_eq(routing_fold(NULL, 0, out, sizeof out), 0);
}
END_TEST

/* Code points of CJK, kana, Hangul, Cyrillic and fullwidth forms fold without the Unicode tables
 * when nothing can combine with them; followed by "é" they take the full decompose-and-compose
 * path. Both must agree for every code point in and around those blocks. */
START_TEST(fold_fast_path_matches_tables)
{
	static const int32_t ranges[][2] = {
	    {0x0400, 0x045f}, {0x2ff0, 0x30ff}, {0x3400, 0x4dbf},
	    {0x4e00, 0x9fff}, {0xac00, 0xd7a3}, {0xff00, 0xffef},
	};
	char in[16], alone[32], slow[32];
	size_t checked = 0;

	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
		for (int32_t cp = ranges[r][0]; cp <= ranges[r][1]; cp++) {
			size_t n = 1, na, ns;

			in[0] = 'a';
			if (cp < 0x800) {
				in[n++] = (char)(0xc0 | (cp >> 6));
			} else {
				in[n++] = (char)(0xe0 | (cp >> 12));
				in[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			}
			in[n++] = (char)(0x80 | (cp & 0x3f));
			na = routing_fold(in, n, alone, sizeof alone - 2);
			alone[na++] = 'e';
			memcpy(in + n, "\xc3\xa9", 2); /* é */
			ns = routing_fold(in, n + 2, slow, sizeof slow);
			ck_assert_msg(na == ns && memcmp(alone, slow, na) == 0,
			              "U+%04X folds differently alone and before an accent", cp);
			checked++;
		}
	ck_assert_uint_eq(checked, 39364);
}
END_TEST

/* ---- conditions ---- */

START_TEST(condition_channel)
{
	struct routing_input in = ticket(CHANNEL_EMAIL, "hi", NULL);
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_rule_add_channel(r, S("chat")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_channel(r, S("telegram")), ROUTING_OK);
	ck_assert_int_eq(match(&in, &out), -1);
	in.channel = CHANNEL_CHAT;
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	in.channel = CHANNEL_TELEGRAM;
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	in.channel = CHANNEL_WEB;
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	end();
}
END_TEST

START_TEST(condition_category)
{
	struct routing_input in = ticket(CHANNEL_EMAIL, "hi", NULL);
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	routing_rule_add_category(r, S("withdrawal"));
	routing_rule_add_category(r, S("recovery"));
	ck_assert_int_eq(match(&in, &out), -1); /* no category */
	in.category = "withdrawal";
	in.category_len = strlen(in.category);
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	in.category = "recovery";
	in.category_len = strlen(in.category);
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	in.category = "withdrawals";
	in.category_len = strlen(in.category);
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	in.category = "withdrawal";
	in.category_len = 8; /* "withdraw" */
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	end();
}
END_TEST

struct langcase {
	const char *rule, *ticket;
	bool want;
};

static const struct langcase langs[] = {
    {"zh", "zh-CN", true},      {"zh", "zh-TW", true},      {"zh", "zh", true},
    {"zh", "zh-Hant-TW", true}, {"zh-TW", "zh-TW", true},   {"zh-TW", "zh-CN", false},
    {"zh-TW", "zh", false},     {"zh-tw", "ZH-TW", true},   {"en", "eng", false},
    {"en", "en-US", true},      {"es-419", "es-419", true}, {"es", "es-419", true},
    {"en", NULL, false},
};

START_TEST(condition_language)
{
	const struct langcase *c = &langs[_i];
	struct routing_input in = ticket(CHANNEL_CHAT, "hi", NULL);
	struct routing_result out;

	begin();
	ck_assert_int_eq(routing_rule_add_language(add_rule(GROUP_CHAT), S(c->rule)), ROUTING_OK);
	in.language = c->ticket;
	in.language_len = c->ticket != NULL ? strlen(c->ticket) : 0;
	ck_assert_int_eq(match(&in, &out) == 0, c->want);
	end();
}
END_TEST

START_TEST(condition_vip_range)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "hi", NULL);
	struct routing_result out;

	begin();
	ck_assert_int_eq(routing_rule_set_vip(add_rule(GROUP_VIP), 3, 5), ROUTING_OK);
	ck_assert_int_eq(routing_rule_set_vip(add_rule(GROUP_CHAT), 1, 1), ROUTING_OK);
	ck_assert_int_eq(routing_set_compile(&set), ROUTING_OK);
	static const int want[] = {-1, 1, -1, 0, 0, 0};
	for (int tier = 0; tier <= 5; tier++) {
		in.vip_tier = tier;
		ck_assert_msg(routing_match(&set, &in, &out) == want[tier], "vip tier %d", tier);
	}
	end();
}
END_TEST

struct domcase {
	const char *rule, *email;
	bool want;
};

static const struct domcase domains[] = {
    {"example.com", "li.wei@example.com", true},  {"example.com", "li.wei@mail.example.com", true},
    {"example.com", "LI.WEI@EXAMPLE.COM", true},  {"Example.COM", "li@a.b.example.com", true},
    {"example.com", "li@badexample.com", false},  {"example.com", "li@example.com.evil.io", false},
    {"example.com", "li@example.co", false},      {"mail.example.com", "li@example.com", false},
    {"example.com", "no-at-sign", false},         {"example.com", NULL, false},
    {"交易所.中国", "vip@VIP.交易所.中国", true}, {"пример.рф", "иван@ПРИМЕР.РФ", true},
};

START_TEST(condition_domain)
{
	const struct domcase *c = &domains[_i];
	struct routing_input in = ticket(CHANNEL_EMAIL, "hi", NULL);
	struct routing_result out;

	begin();
	ck_assert_int_eq(routing_rule_add_domain(add_rule(GROUP_VIP), S(c->rule)), ROUTING_OK);
	in.requester_email = c->email;
	in.requester_email_len = c->email != NULL ? strlen(c->email) : 0;
	ck_assert_int_eq(match(&in, &out) == 0, c->want);
	end();
}
END_TEST

/* Every condition of a rule must hold; one missing is enough to fall through. */
START_TEST(conditions_all_must_hold)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "账户冻结", NULL);
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	routing_rule_add_channel(r, S("chat"));
	routing_rule_add_language(r, S("zh"));
	routing_rule_set_vip(r, 0, 2);
	routing_rule_add_keyword(r, S("冻结"));
	routing_rule_add_domain(r, S("example.cn"));
	in.language = "zh-CN";
	in.language_len = 5;
	in.requester_email = "wang@example.cn";
	in.requester_email_len = strlen(in.requester_email);
	ck_assert_int_eq(match(&in, &out), 0);
	in.channel = CHANNEL_EMAIL;
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	in.channel = CHANNEL_CHAT;
	in.vip_tier = 3;
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	in.vip_tier = 0;
	in.language = "ja";
	in.language_len = 2;
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	in.language = "zh-TW";
	in.requester_email = "wang@example.com";
	in.requester_email_len = strlen(in.requester_email);
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	end();
}
END_TEST

START_TEST(empty_rule_matches_anything)
{
	struct routing_input in = ticket(CHANNEL_PHONE, NULL, NULL);
	struct routing_result out;

	begin();
	add_rule(GROUP_CHAT);
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_int_eq(out.group_id, GROUP_CHAT);
	ck_assert_ptr_null(out.keyword);
	end();
}
END_TEST

/* ---- order, default, actions ---- */

START_TEST(first_match_wins_then_default)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "Account frozen", "cannot withdraw");
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	routing_rule_add_keyword(r, S("account frozen"));
	routing_rule_set_escalate(r, true);
	r = add_rule(GROUP_CHAT);
	routing_rule_add_channel(r, S("chat"));
	r = add_rule(GROUP_VIP); /* also matches, but comes later */
	routing_rule_add_keyword(r, S("withdraw"));
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_int_eq(out.rule_id, 100);
	ck_assert_int_eq(out.group_id, GROUP_L2);
	in = ticket(CHANNEL_CHAT, "hello", "cannot withdraw");
	ck_assert_int_eq(routing_match(&set, &in, &out), 1);
	ck_assert_int_eq(out.group_id, GROUP_CHAT);
	ck_assert(!out.escalated);
	in.channel = CHANNEL_EMAIL;
	ck_assert_int_eq(routing_match(&set, &in, &out), 2);
	in = ticket(CHANNEL_EMAIL, "hello", "a question about fees");
	in.priority = PRIO_HIGH;
	ck_assert_int_eq(routing_match(&set, &in, &out), -1);
	ck_assert_int_eq(out.rule, -1);
	ck_assert_int_eq(out.rule_id, 0);
	ck_assert_int_eq(out.group_id, GROUP_DEFAULT);
	ck_assert_int_eq(out.priority, PRIO_HIGH);
	ck_assert_uint_eq(out.n_tags, 0);
	ck_assert(!out.escalated);
	end();
}
END_TEST

START_TEST(no_rules_default)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "账户被冻结了", NULL);
	struct routing_result out;

	begin();
	ck_assert_int_eq(match(&in, &out), -1);
	ck_assert_int_eq(out.group_id, GROUP_DEFAULT);
	end();
}
END_TEST

/* The example: "account frozen" goes straight to L2, escalated, urgent enough, tagged. */
START_TEST(escalate_account_frozen_to_l2)
{
	struct routing_input in =
	    ticket(CHANNEL_EMAIL, "URGENT: Account frozen", "I cannot log in");
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_L2);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("account frozen")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("账户冻结")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("аккаунт заблокирован")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_RAISE, S("high")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_tag(r, S("Account Frozen")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_tag(r, S("escalated_by_rule")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_set_escalate(r, true), ROUTING_OK);
	ck_assert_int_eq(routing_rule_check_target(r, "L2"), ROUTING_OK);
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_int_eq(out.group_id, GROUP_L2);
	ck_assert(out.escalated);
	ck_assert_int_eq(out.priority, PRIO_HIGH);
	ck_assert_uint_eq(out.n_tags, 2);
	ck_assert_str_eq(out.tags[0], "account_frozen");
	ck_assert_str_eq(out.tags[1], "escalated_by_rule");
	/* raise never lowers */
	in.priority = PRIO_URGENT;
	routing_match(&set, &in, &out);
	ck_assert_int_eq(out.priority, PRIO_URGENT);
	in = ticket(CHANNEL_CHAT, "账户冻结了怎么办", NULL);
	ck_assert_int_eq(routing_match(&set, &in, &out), 0);
	ck_assert(out.escalated);
	end();
}
END_TEST

START_TEST(priority_set_and_keep)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "hi", NULL);
	struct routing_rule *r;
	struct routing_result out;

	begin();
	r = add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_SET, S("low")), ROUTING_OK);
	in.priority = PRIO_URGENT;
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_int_eq(out.priority, PRIO_LOW);
	end();
	begin();
	r = add_rule(GROUP_CHAT);
	routing_rule_set_priority(r, ROUTING_PRIO_SET, S("low"));
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_KEEP, NULL, 0), ROUTING_OK);
	ck_assert_int_eq(match(&in, &out), 0);
	ck_assert_int_eq(out.priority, PRIO_URGENT);
	end();
}
END_TEST

START_TEST(escalation_target_tier)
{
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_L2);
	ck_assert_int_eq(routing_rule_check_target(r, "L1"), ROUTING_OK); /* not escalating */
	routing_rule_set_escalate(r, true);
	ck_assert_int_eq(routing_rule_check_target(r, "L1"), ROUTING_ERR_ESCALATE_TARGET);
	ck_assert_int_eq(routing_rule_check_target(r, "vip"), ROUTING_ERR_ESCALATE_TARGET);
	ck_assert_int_eq(routing_rule_check_target(r, NULL), ROUTING_ERR_ESCALATE_TARGET);
	ck_assert_int_eq(routing_rule_check_target(r, "L2"), ROUTING_OK);
	ck_assert_int_eq(routing_rule_check_target(r, "expert"), ROUTING_OK);
	end();
}
END_TEST

/* A desk at the limits: 200 rules of 50 keywords each, and a ticket only the last one takes. */
START_TEST(full_rule_set)
{
	char kw[32];
	struct routing_input in = ticket(CHANNEL_EMAIL, "subject", "body with kw199x49 inside");
	struct routing_result out;

	begin();
	for (int i = 0; i < ROUTING_MAX_RULES; i++) {
		struct routing_rule *r = add_rule(1000 + i);
		for (int k = 0; k < ROUTING_MAX_KEYWORDS; k++) {
			snprintf(kw, sizeof kw, "kw%dx%d", i, k);
			ck_assert_int_eq(routing_rule_add_keyword(r, S(kw)), ROUTING_OK);
		}
	}
	ck_assert_int_eq(match(&in, &out), ROUTING_MAX_RULES - 1);
	ck_assert_str_eq(out.keyword, "kw199x49");
	ck_assert_int_eq(out.group_id, 1000 + ROUTING_MAX_RULES - 1);
	in = ticket(CHANNEL_EMAIL, "kw1x1", "kw0x1000 kw19");
	ck_assert_int_eq(routing_match(&set, &in, &out), 1);
	end();
}
END_TEST

/* ---- refused input ---- */

START_TEST(too_many_rules)
{
	struct routing_rule *r;

	begin();
	for (int i = 0; i < ROUTING_MAX_RULES; i++)
		add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_set_add(&set, 1, NULL, 0, GROUP_CHAT, &r),
	                 ROUTING_ERR_TOO_MANY_RULES);
	ck_assert_uint_eq(set.n, ROUTING_MAX_RULES);
	end();
}
END_TEST

START_TEST(bad_rule_header)
{
	struct routing_rule *r = NULL;
	char name[ROUTING_MAX_NAME + 2];

	begin();
	ck_assert_int_eq(routing_set_add(&set, 1, NULL, 0, 0, &r), ROUTING_ERR_GROUP);
	ck_assert_int_eq(routing_set_add(&set, 1, NULL, 0, -5, &r), ROUTING_ERR_GROUP);
	ck_assert_int_eq(routing_set_add(&set, 1, S("   "), 7, &r), ROUTING_ERR_NAME);
	ck_assert_int_eq(routing_set_add(&set, 1, S("two\nlines"), 7, &r), ROUTING_ERR_NAME);
	ck_assert_int_eq(routing_set_add(&set, 1, S("bad \xff utf8"), 7, &r), ROUTING_ERR_NAME);
	memset(name, 'n', sizeof name);
	ck_assert_int_eq(routing_set_add(&set, 1, name, ROUTING_MAX_NAME + 1, 7, &r),
	                 ROUTING_ERR_NAME);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(set.n, 0);
	ck_assert_int_eq(routing_set_add(&set, 1, name, ROUTING_MAX_NAME, 7, &r), ROUTING_OK);
	ck_assert_int_eq(routing_set_add(&set, 2, S("冻结 → L2"), 7, &r), ROUTING_OK);
	ck_assert_str_eq(r->name, "冻结 → L2");
	end();
}
END_TEST

START_TEST(bad_conditions)
{
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_rule_add_channel(r, S("sms")), ROUTING_ERR_CHANNEL);
	ck_assert_int_eq(routing_rule_add_channel(r, S("Chat")), ROUTING_ERR_CHANNEL);
	ck_assert_int_eq(routing_rule_add_channel(r, NULL, 0), ROUTING_ERR_CHANNEL);
	ck_assert_int_eq(routing_rule_add_channel(r, "chat\0x", 6), ROUTING_ERR_CHANNEL);
	ck_assert_int_eq(routing_rule_add_category(r, S("Withdrawal")), ROUTING_ERR_CATEGORY);
	ck_assert_int_eq(routing_rule_add_category(r, S("")), ROUTING_ERR_CATEGORY);
	ck_assert_int_eq(routing_rule_add_language(r, S("english")), ROUTING_ERR_LANGUAGE);
	ck_assert_int_eq(routing_rule_add_language(r, S("zh_CN")), ROUTING_ERR_LANGUAGE);
	ck_assert_int_eq(routing_rule_set_vip(r, 3, 2), ROUTING_ERR_VIP_RANGE);
	ck_assert_int_eq(routing_rule_set_vip(r, -1, 2), ROUTING_ERR_VIP_RANGE);
	ck_assert_int_eq(routing_rule_set_vip(r, 0, 6), ROUTING_ERR_VIP_RANGE);
	ck_assert_int_eq(routing_rule_add_domain(r, S("@example.com")), ROUTING_ERR_DOMAIN);
	ck_assert_int_eq(routing_rule_add_domain(r, S("https://example.com")), ROUTING_ERR_DOMAIN);
	ck_assert_int_eq(routing_rule_add_domain(r, S("localhost")), ROUTING_ERR_DOMAIN);
	ck_assert_int_eq(routing_rule_add_domain(r, S("example..com")), ROUTING_ERR_DOMAIN);
	ck_assert_int_eq(routing_rule_add_domain(r, S("")), ROUTING_ERR_DOMAIN);
	/* nothing was added by the refusals */
	ck_assert_uint_eq(r->channels, 0);
	ck_assert_uint_eq(r->n_categories + r->n_languages + r->n_domains, 0);
	ck_assert(!r->has_vip);
	end();
}
END_TEST

struct badkw {
	const char *kw;
	size_t len;
	enum routing_err want;
	const char *label;
};

#define BK(s, e, label)                                                                            \
	{                                                                                          \
		(s), sizeof(s) - 1, (e), (label)                                                   \
	}

static const struct badkw bad_keywords[] = {
    BK("", ROUTING_ERR_KEYWORD_LENGTH, "empty"),
    BK("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
       ROUTING_ERR_KEYWORD_LENGTH, "65 bytes"),
    BK("冻结冻结冻结冻结冻结冻结冻结冻结冻结冻结冻结", ROUTING_ERR_KEYWORD_LENGTH,
       "22 ideographs (66 bytes)"),
    BK("   ", ROUTING_ERR_KEYWORD, "only spaces"),
    BK("\u3000", ROUTING_ERR_KEYWORD, "only an ideographic space"),
    BK("*", ROUTING_ERR_KEYWORD, "only a star"),
    BK("**", ROUTING_ERR_KEYWORD, "two stars"),
    BK("with*draw", ROUTING_ERR_KEYWORD, "star inside"),
    BK("line\nbreak", ROUTING_ERR_KEYWORD, "newline"),
    BK("tab\there", ROUTING_ERR_KEYWORD, "tab"),
    BK("nul\0byte", ROUTING_ERR_KEYWORD, "NUL"),
    BK("bad\xff", ROUTING_ERR_KEYWORD, "invalid UTF-8"),
    BK("\xe5\x86", ROUTING_ERR_KEYWORD, "truncated UTF-8"),
    BK("\u200b", ROUTING_ERR_KEYWORD, "only a zero-width space"),
};

START_TEST(bad_keyword)
{
	const struct badkw *c = &bad_keywords[_i];
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_rule_add_keyword(r, c->kw, c->len), c->want);
	ck_assert_uint_eq(r->n_keywords, 0);
	end();
}
END_TEST

START_TEST(keyword_limits)
{
	char kw[ROUTING_MAX_KEYWORD + 1];
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_CHAT);
	memset(kw, 'k', ROUTING_MAX_KEYWORD);
	ck_assert_int_eq(routing_rule_add_keyword(r, kw, ROUTING_MAX_KEYWORD), ROUTING_OK);
	/* 21 ideographs: 63 bytes */
	ck_assert_int_eq(
	    routing_rule_add_keyword(r, S("冻结冻结冻结冻结冻结冻结冻结冻结冻结冻结冻")),
	    ROUTING_OK);
	/* the same keyword in another case or width is the same keyword */
	ck_assert_int_eq(routing_rule_add_keyword(r, S("Frozen")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("FROZEN")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("ｆｒｏｚｅｎ")), ROUTING_OK);
	ck_assert_uint_eq(r->n_keywords, 3);
	/* but a stem is another keyword */
	ck_assert_int_eq(routing_rule_add_keyword(r, S("frozen*")), ROUTING_OK);
	ck_assert_uint_eq(r->n_keywords, 4);
	for (int i = 4; i < ROUTING_MAX_KEYWORDS; i++) {
		snprintf(kw, sizeof kw, "word%d", i);
		ck_assert_int_eq(routing_rule_add_keyword(r, S(kw)), ROUTING_OK);
	}
	ck_assert_int_eq(routing_rule_add_keyword(r, S("one more")), ROUTING_ERR_TOO_MANY_KEYWORDS);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("frozen")), ROUTING_OK); /* already there */
	ck_assert_uint_eq(r->n_keywords, ROUTING_MAX_KEYWORDS);
	end();
}
END_TEST

START_TEST(list_limits)
{
	char s[64];
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_CHAT);
	for (int i = 0; i < ROUTING_MAX_DOMAINS; i++) {
		snprintf(s, sizeof s, "d%d.example.com", i);
		ck_assert_int_eq(routing_rule_add_domain(r, S(s)), ROUTING_OK);
	}
	ck_assert_int_eq(routing_rule_add_domain(r, S("more.example.com")),
	                 ROUTING_ERR_TOO_MANY_DOMAINS);
	ck_assert_int_eq(routing_rule_add_domain(r, S("D0.EXAMPLE.COM")), ROUTING_OK);
	for (int i = 0; i < ROUTING_MAX_CATEGORIES; i++) {
		snprintf(s, sizeof s, "cat_%d", i);
		ck_assert_int_eq(routing_rule_add_category(r, S(s)), ROUTING_OK);
	}
	ck_assert_int_eq(routing_rule_add_category(r, S("other")), ROUTING_ERR_TOO_MANY_CATEGORIES);
	for (int i = 0; i < ROUTING_MAX_LANGUAGES; i++) {
		snprintf(s, sizeof s, "en-%03d", i);
		ck_assert_int_eq(routing_rule_add_language(r, S(s)), ROUTING_OK);
	}
	ck_assert_int_eq(routing_rule_add_language(r, S("fr")), ROUTING_ERR_TOO_MANY_LANGUAGES);
	ck_assert_int_eq(routing_rule_add_language(r, S("EN-000")), ROUTING_OK);
	for (int i = 0; i < ROUTING_MAX_TAGS; i++) {
		snprintf(s, sizeof s, "tag%d", i);
		ck_assert_int_eq(routing_rule_add_tag(r, S(s)), ROUTING_OK);
	}
	ck_assert_int_eq(routing_rule_add_tag(r, S("another")), ROUTING_ERR_TOO_MANY_TAGS);
	ck_assert_int_eq(routing_rule_add_tag(r, S("TAG0")), ROUTING_OK);
	ck_assert_int_eq(routing_rule_add_tag(r, S("bad tag!")), ROUTING_ERR_TAG);
	ck_assert_int_eq(routing_rule_add_tag(r, NULL, 0), ROUTING_ERR_TAG);
	ck_assert_uint_eq(r->n_domains, ROUTING_MAX_DOMAINS);
	ck_assert_uint_eq(r->n_tags, ROUTING_MAX_TAGS);
	end();
}
END_TEST

START_TEST(bad_priority)
{
	struct routing_rule *r;

	begin();
	r = add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_SET, S("critical")),
	                 ROUTING_ERR_PRIORITY);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_RAISE, S("HIGH")),
	                 ROUTING_ERR_PRIORITY);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_SET, NULL, 0),
	                 ROUTING_ERR_PRIORITY);
	ck_assert_int_eq(routing_rule_set_priority(r, (enum routing_prio_mode)7, S("high")),
	                 ROUTING_ERR_PRIORITY);
	ck_assert_int_eq(r->prio_mode, ROUTING_PRIO_KEEP);
	end();
}
END_TEST

/* A compiled set is what other threads match against: nothing may change under them. */
START_TEST(compiled_set_is_frozen)
{
	struct routing_rule *r, *r2;

	begin();
	r = add_rule(GROUP_CHAT);
	routing_rule_add_keyword(r, S("frozen"));
	ck_assert_int_eq(routing_set_compile(&set), ROUTING_OK);
	ck_assert_int_eq(routing_set_compile(&set), ROUTING_OK);
	ck_assert_int_eq(routing_set_add(&set, 9, NULL, 0, GROUP_CHAT, &r2), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_keyword(r, S("ban")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_channel(r, S("chat")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_category(r, S("p2p")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_language(r, S("en")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_domain(r, S("example.com")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_set_vip(r, 1, 2), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_set_priority(r, ROUTING_PRIO_SET, S("high")),
	                 ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_add_tag(r, S("x")), ROUTING_ERR_COMPILED);
	ck_assert_int_eq(routing_rule_set_escalate(r, true), ROUTING_ERR_COMPILED);
	ck_assert_uint_eq(r->n_keywords, 1);
	end();
}
END_TEST

/* Before compile a keyword condition cannot be met: no silent half-working set. */
START_TEST(uncompiled_set_matches_no_keyword)
{
	struct routing_input in = ticket(CHANNEL_CHAT, "frozen", NULL);
	struct routing_result out;

	begin();
	routing_rule_add_keyword(add_rule(GROUP_L2), S("frozen"));
	add_rule(GROUP_CHAT);
	ck_assert_int_eq(routing_match(&set, &in, &out), 1);
	end();
}
END_TEST

START_TEST(error_messages)
{
	for (int e = ROUTING_ERR_TOO_MANY_RULES; e < ROUTING_ERR_COUNT; e++) {
		const char *m = routing_strerror((enum routing_err)e);
		ck_assert_msg(m != NULL && strlen(m) > 10, "error %d has no message", e);
		for (int f = ROUTING_ERR_TOO_MANY_RULES; f < e; f++)
			ck_assert_msg(strcmp(m, routing_strerror((enum routing_err)f)) != 0,
			              "errors %d and %d read the same", e, f);
		if (e != ROUTING_ERR_TOO_MANY_RULES && e != ROUTING_ERR_COMPILED)
			ck_assert_msg(routing_err_field((enum routing_err)e) != NULL,
			              "error %d names no field", e);
	}
	/* the limits are in the words the admin reads */
	ck_assert_ptr_nonnull(strstr(routing_strerror(ROUTING_ERR_TOO_MANY_KEYWORDS), "50"));
	ck_assert_ptr_nonnull(strstr(routing_strerror(ROUTING_ERR_KEYWORD_LENGTH), "64"));
	ck_assert_ptr_nonnull(strstr(routing_strerror(ROUTING_ERR_TOO_MANY_RULES), "200"));
	ck_assert_ptr_nonnull(strstr(routing_strerror(ROUTING_ERR_VIP_RANGE), "5"));
	ck_assert_str_eq(routing_err_field(ROUTING_ERR_KEYWORD), "conditions.keywords");
	ck_assert_str_eq(routing_strerror((enum routing_err)999), "unknown routing error");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("routing");

	for (int i = 0; i < NCASES(keywords); i++) {
		const struct kwcase *c = &keywords[i];
		const char *text = c->subject != NULL ? c->subject : c->body ? c->body : "";
		unit_add_case(s,
		              unit_name("keyword \"%s\" %s \"%s\"", c->keyword,
		                        c->want ? "matches" : "does not match", esc(text)),
		              keyword_case, i);
	}
	UNIT_TEST(s, keyword_any_of_several);
	UNIT_TEST(s, keyword_overlaps);
	UNIT_TEST(s, same_keyword_in_two_rules);
	UNIT_TEST(s, keyword_after_malformed_utf8);
	UNIT_TEST(s, keyword_scan_bound);
	for (int i = 0; i < NCASES(folds); i++)
		unit_add_case(s,
		              unit_name("fold \"%s\" -> \"%s\"", esc(folds[i].in), folds[i].want),
		              fold_case, i);
	UNIT_TEST(s, fold_never_splits_a_character);
	UNIT_TEST(s, fold_fast_path_matches_tables);
	UNIT_TEST(s, condition_channel);
	UNIT_TEST(s, condition_category);
	for (int i = 0; i < NCASES(langs); i++)
		unit_add_case(s,
		              unit_name("language rule \"%s\" %s ticket \"%s\"", langs[i].rule,
		                        langs[i].want ? "takes" : "does not take",
		                        langs[i].ticket ? langs[i].ticket : "(unknown)"),
		              condition_language, i);
	UNIT_TEST(s, condition_vip_range);
	for (int i = 0; i < NCASES(domains); i++)
		unit_add_case(s,
		              unit_name("domain \"%s\" %s \"%s\"", domains[i].rule,
		                        domains[i].want ? "takes" : "does not take",
		                        domains[i].email ? domains[i].email : "(no email)"),
		              condition_domain, i);
	UNIT_TEST(s, conditions_all_must_hold);
	UNIT_TEST(s, empty_rule_matches_anything);
	UNIT_TEST(s, first_match_wins_then_default);
	UNIT_TEST(s, no_rules_default);
	UNIT_TEST(s, escalate_account_frozen_to_l2);
	UNIT_TEST(s, priority_set_and_keep);
	UNIT_TEST(s, escalation_target_tier);
	UNIT_TEST(s, full_rule_set);
	UNIT_TEST(s, too_many_rules);
	UNIT_TEST(s, bad_rule_header);
	UNIT_TEST(s, bad_conditions);
	for (int i = 0; i < NCASES(bad_keywords); i++)
		unit_add_case(s, unit_name("keyword refused: %s", bad_keywords[i].label),
		              bad_keyword, i);
	UNIT_TEST(s, keyword_limits);
	UNIT_TEST(s, list_limits);
	UNIT_TEST(s, bad_priority);
	UNIT_TEST(s, compiled_set_is_frozen);
	UNIT_TEST(s, uncompiled_set_matches_no_keyword);
	UNIT_TEST(s, error_messages);
	return unit_run(s, "routing");
}
