/* test_macro.c — canned replies' rules (core/macro.h): the nine locales and which one a ticket's
 * language reads (an unknown language reads none, so the macro's default is used, not English);
 * template variables filled once, values verbatim (CJK, Cyrillic, Vietnamese, and values that look like
 * template variables), anything else in braces left alone, missing values reported; typos in
 * template variables found; actions validated and normalised; tags applied to a ticket within its
 * limit. */
#include "core/macro.h"
#include "unit_main.h"

#define NCASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

static char *fill(const char *body, const char *customer, unsigned *missing)
{
	struct macro_vars v = {.values = {
	                           [MACRO_PH_CUSTOMER_NAME] = customer,
	                           [MACRO_PH_TICKET_NUMBER] = "EXD-100123",
	                           [MACRO_PH_TICKET_SUBJECT] = "入金が反映されない",
	                           [MACRO_PH_AGENT_NAME] = "Bob Tanaka",
	                           [MACRO_PH_DESK_NAME] = "Exdesk Support",
	                       }};
	char *out = macro_fill(body, &v, missing);
	ck_assert_ptr_nonnull(out);
	return out;
}

#define CHECK_FILL(body, customer, want)                                                           \
	do {                                                                                       \
		char *got_ = fill((body), (customer), NULL);                                       \
		ck_assert_str_eq(got_, (want));                                                    \
		free(got_);                                                                        \
	} while (0)

/* ---- locales ---- */

START_TEST(locales_list)
{
	static const char *const want[] = {"en", "zh-CN", "zh-TW", "ja", "ko",
	                                   "ru", "es",    "vi",    "tr"};
	for (int i = 0; i < MACRO_LOCALE_COUNT; i++)
		ck_assert_str_eq(macro_locales[i], want[i]);
	ck_assert_ptr_null(macro_locales[MACRO_LOCALE_COUNT]);
}
END_TEST

static const struct {
	const char *in, *want; /* want NULL: refused */
} canon[] = {
    {"en", "en"},    {"EN", "en"},     {"zh-CN", "zh-CN"}, {"zh-cn", "zh-CN"}, {"ZH_tw", "zh-TW"},
    {"ja", "ja"},    {"vi", "vi"},     {"zh", NULL},       {"", NULL},         {"english", NULL},
    {"ja-JP", NULL}, {"zh-CN ", NULL}, {"pt", NULL},
};

START_TEST(locale_canonical)
{
	const char *in = canon[_i].in;
	const char *got = macro_locale_canonical(in, strlen(in));
	if (canon[_i].want)
		ck_assert_str_eq(got ? got : "(null)", canon[_i].want);
	else
		ck_assert_msg(got == NULL, "accepted \"%s\" as %s", in, got);
}
END_TEST

static const struct {
	const char *language, *want; /* want NULL: none of the nine, the macro's default is used */
} reads[] = {
    {"ja", "ja"},       {"ja-JP", "ja"},      {"zh-CN", "zh-CN"},
    {"zh", "zh-CN"},    {"zh-Hans", "zh-CN"}, {"zh-Hant-HK", "zh-TW"},
    {"zh-TW", "zh-TW"}, {"ko-KR", "ko"},      {"ru", "ru"},
    {"es-419", "es"},   {"vi", "vi"},         {"tr", "tr"},
    {"en", "en"},       {"en-GB", "en"},      {"EN", "en"},
    {"pt-BR", NULL},    {"und", NULL},        {"", NULL},
    {"e", NULL},        {"de", NULL},
};

START_TEST(locale_of_language)
{
	const char *got = macro_locale_of(reads[_i].language);
	if (reads[_i].want)
		ck_assert_str_eq(got ? got : "(null)", reads[_i].want);
	else
		ck_assert_msg(got == NULL, "\"%s\" read as %s", reads[_i].language, got);
}
END_TEST

START_TEST(locale_of_null)
{
	ck_assert_ptr_null(macro_locale_of(NULL));
	ck_assert_ptr_null(macro_locale_canonical(NULL, 0));
}
END_TEST

/* ---- template variables ---- */

START_TEST(fill_all_five)
{
	CHECK_FILL("{{customer.name}} / {{ticket.number}} / {{ticket.subject}} / {{agent.name}} / "
	           "{{desk.name}}",
	           "Emily Clark",
	           "Emily Clark / EXD-100123 / 入金が反映されない / Bob Tanaka / Exdesk Support");
	CHECK_FILL("{{customer.name}}{{customer.name}}", "A", "AA");
	CHECK_FILL("no template variables at all", "A", "no template variables at all");
	CHECK_FILL("", "A", "");
}
END_TEST

/* Names in the scripts exchange customers write in go in byte for byte. */
START_TEST(fill_names_in_many_scripts)
{
	CHECK_FILL("{{customer.name}}様、{{ticket.number}}", "山田 花子",
	           "山田 花子様、EXD-100123");
	CHECK_FILL("{{customer.name}}，您好！", "王小明", "王小明，您好！");
	CHECK_FILL("{{customer.name}}님, 안녕하세요.", "김민준", "김민준님, 안녕하세요.");
	CHECK_FILL("Здравствуйте, {{customer.name}}!", "Анна Петрова",
	           "Здравствуйте, Анна Петрова!");
	CHECK_FILL("Xin chào {{customer.name}},", "Nguyễn Thị Hương", "Xin chào Nguyễn Thị Hương,");
	CHECK_FILL("Merhaba {{customer.name}},", "Çağrı Öztürk", "Merhaba Çağrı Öztürk,");
}
END_TEST

START_TEST(fill_values_never_expanded_again)
{
	CHECK_FILL("Hi {{customer.name}}, I am {{agent.name}}", "{{agent.name}}",
	           "Hi {{agent.name}}, I am Bob Tanaka");
	CHECK_FILL("{{customer.name}}", "{{desk.name}}{{ticket.number}}",
	           "{{desk.name}}{{ticket.number}}");
	/* A value that completes a template variable with the text around it is still just text. */
	CHECK_FILL("{{{{customer.name}}.name}}", "customer", "{{customer.name}}");
}
END_TEST

START_TEST(fill_unknown_braces_left_alone)
{
	CHECK_FILL("{{ customer.name }}", "A", "{{ customer.name }}");
	CHECK_FILL("{{customer}} {{name}} {{number}}", "A", "{{customer}} {{name}} {{number}}");
	CHECK_FILL("{{customer.name.first}}", "A", "{{customer.name.first}}");
	CHECK_FILL("{customer.name} {{customer.name}", "A", "{customer.name} {{customer.name}");
	CHECK_FILL("{{{customer.name}}}", "A", "{A}");
	CHECK_FILL("{{CUSTOMER.NAME}}", "A", "{{CUSTOMER.NAME}}");
	CHECK_FILL("}}{{", "A", "}}{{");
	CHECK_FILL("{{", "A", "{{");
	CHECK_FILL("{", "A", "{");
}
END_TEST

START_TEST(fill_missing_reported)
{
	unsigned missing = 0xff;
	char *out = fill("Hello {{customer.name}}, {{ticket.number}}", NULL, &missing);
	ck_assert_str_eq(out, "Hello , EXD-100123");
	ck_assert_uint_eq(missing, 1u << MACRO_PH_CUSTOMER_NAME);
	free(out);
	out = fill("Hello {{customer.name}}", "", &missing);
	ck_assert_uint_eq(missing, 1u << MACRO_PH_CUSTOMER_NAME);
	free(out);
	/* Not used: not missing, whatever its value. */
	out = fill("Hello", NULL, &missing);
	ck_assert_uint_eq(missing, 0);
	free(out);
	struct macro_vars none = {{0}};
	out = macro_fill("{{agent.name}}{{desk.name}}x", &none, &missing);
	ck_assert_str_eq(out, "x");
	ck_assert_uint_eq(missing, (1u << MACRO_PH_AGENT_NAME) | (1u << MACRO_PH_DESK_NAME));
	free(out);
	out = macro_fill(NULL, NULL, &missing);
	ck_assert_str_eq(out, "");
	ck_assert_uint_eq(missing, 0);
	free(out);
}
END_TEST

START_TEST(fill_large_body)
{
	size_t n = MACRO_MAX_BODY / 17; /* strlen("{{customer.name}}") */
	char *body = malloc(n * 17 + 1), *p = body;
	for (size_t i = 0; i < n; i++, p += 17)
		memcpy(p, "{{customer.name}}", 17);
	*p = '\0';
	char *out = fill(body, "Nguyễn", NULL);
	ck_assert_uint_eq(strlen(out), n * strlen("Nguyễn"));
	ck_assert(strncmp(out, "NguyễnNguyễn", strlen("NguyễnNguyễn")) == 0);
	free(out);
	free(body);
}
END_TEST

static const struct {
	const char *body;
	long at, len; /* at -1: nothing unknown */
} unknown[] = {
    {"Hello {{customer.name}}", -1, 0},
    {"{{ticket.number}} {{ticket.subject}} {{agent.name}} {{desk.name}}", -1, 0},
    {"Hello {{customer.nmae}}", 6, 17},
    {"{{name}}", 0, 8},
    {"a {{number}} b", 2, 10},
    {"{{ customer.name }}", -1, 0},
    {"{{}}", -1, 0},
    {"{\"json\": {\"a\": 1}}", -1, 0},
    {"{{customer.name}} {{Customer.Name}}", 18, 17},
    {"价格 {{价格}}", -1, 0},
    {"", -1, 0},
};

START_TEST(unknown_variable_found)
{
	size_t at = 999, len = 999;
	bool found = macro_unknown_variable(unknown[_i].body, &at, &len);
	if (unknown[_i].at < 0) {
		ck_assert_msg(!found, "found \"%.*s\"", (int)len, unknown[_i].body + at);
	} else {
		ck_assert_msg(found, "missed the typo");
		ck_assert_uint_eq(at, (size_t)unknown[_i].at);
		ck_assert_uint_eq(len, (size_t)unknown[_i].len);
	}
}
END_TEST

/* ---- actions ---- */

START_TEST(actions_default)
{
	struct macro_actions m;
	memset(&m, 0x5a, sizeof m);
	macro_actions_init(&m);
	ck_assert(!m.set_status && !m.set_priority && m.public_reply);
	ck_assert_uint_eq(m.n_add, 0);
	ck_assert_uint_eq(m.n_remove, 0);
}
END_TEST

START_TEST(actions_status)
{
	struct macro_actions m;
	macro_actions_init(&m);
	static const char *const ok[] = {"open", "pending", "on_hold", "solved"};
	for (int i = 0; i < NCASES(ok); i++) {
		ck_assert_int_eq(macro_actions_set_status(&m, ok[i]), MACRO_OK);
		ck_assert(m.set_status);
		ck_assert_str_eq(ticket_status_name(m.status), ok[i]);
	}
	static const char *const bad[] = {"new", "closed", "Solved", "", "done", "solved "};
	for (int i = 0; i < NCASES(bad); i++) {
		ck_assert_int_eq(macro_actions_set_status(&m, bad[i]), MACRO_ERR_STATUS);
		ck_assert_msg(m.set_status && m.status == TICKET_SOLVED, "\"%s\" changed it",
		              bad[i]);
	}
	ck_assert_int_eq(macro_actions_set_status(&m, NULL), MACRO_OK);
	ck_assert(!m.set_status);
}
END_TEST

START_TEST(actions_priority)
{
	struct macro_actions m;
	macro_actions_init(&m);
	ck_assert_int_eq(macro_actions_set_priority(&m, "urgent"), MACRO_OK);
	ck_assert(m.set_priority && m.priority == PRIO_URGENT);
	ck_assert_int_eq(macro_actions_set_priority(&m, "asap"), MACRO_ERR_PRIORITY);
	ck_assert(m.set_priority && m.priority == PRIO_URGENT);
	ck_assert_int_eq(macro_actions_set_priority(&m, NULL), MACRO_OK);
	ck_assert(!m.set_priority);
}
END_TEST

static enum macro_err add(struct macro_actions *m, const char *tag)
{
	return macro_actions_add_tag(m, tag, strlen(tag));
}
static enum macro_err rem(struct macro_actions *m, const char *tag)
{
	return macro_actions_remove_tag(m, tag, strlen(tag));
}

START_TEST(actions_tags)
{
	struct macro_actions m;
	macro_actions_init(&m);
	ck_assert_int_eq(add(&m, "VIP Callback"), MACRO_OK);
	ck_assert_str_eq(m.add_tags[0], "vip_callback");
	ck_assert_int_eq(add(&m, "vip_callback"), MACRO_OK); /* the same tag once */
	ck_assert_uint_eq(m.n_add, 1);
	ck_assert_int_eq(add(&m, "提现"), MACRO_OK);
	ck_assert_int_eq(add(&m, "a,b"), MACRO_ERR_ADD_TAG);
	ck_assert_int_eq(add(&m, ""), MACRO_ERR_ADD_TAG);
	ck_assert_int_eq(rem(&m, "<b>"), MACRO_ERR_REMOVE_TAG);
	ck_assert_int_eq(rem(&m, "提现"), MACRO_ERR_TAG_CONFLICT);
	ck_assert_int_eq(rem(&m, "txid_requested"), MACRO_OK);
	ck_assert_int_eq(add(&m, "TXID_requested"), MACRO_ERR_TAG_CONFLICT);
	ck_assert_uint_eq(m.n_add, 2);
	ck_assert_uint_eq(m.n_remove, 1);
	for (int i = 0; m.n_add < MACRO_MAX_TAGS; i++) {
		char t[16];
		snprintf(t, sizeof t, "t%d", i);
		ck_assert_int_eq(add(&m, t), MACRO_OK);
	}
	ck_assert_int_eq(add(&m, "one_too_many"), MACRO_ERR_TOO_MANY);
	ck_assert_int_eq(add(&m, "t0"), MACRO_OK); /* already there: no new room needed */
	ck_assert_uint_eq(m.n_add, MACRO_MAX_TAGS);
	char over[MAX_TAG + 2];
	memset(over, 'a', sizeof over - 1);
	over[sizeof over - 1] = '\0';
	ck_assert_int_eq(rem(&m, over), MACRO_ERR_REMOVE_TAG);
}
END_TEST

START_TEST(tags_apply)
{
	struct macro_actions m;
	macro_actions_init(&m);
	add(&m, "deposit");
	add(&m, "txid_requested");
	rem(&m, "new");
	rem(&m, "absent");
	const char *tags[] = {"new", "usdt", "deposit"};
	const char *out[MAX_TAGS];
	size_t n = 99;
	ck_assert_int_eq(macro_tags_apply(&m, tags, 3, out, &n), MACRO_OK);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(out[0], "usdt");
	ck_assert_str_eq(out[1], "deposit");
	ck_assert_str_eq(out[2], "txid_requested");
	ck_assert_int_eq(macro_tags_apply(&m, NULL, 0, out, &n), MACRO_OK);
	ck_assert_uint_eq(n, 2);
}
END_TEST

START_TEST(tags_apply_limit)
{
	struct macro_actions m;
	macro_actions_init(&m);
	add(&m, "extra");
	char names[MAX_TAGS][8];
	const char *tags[MAX_TAGS], *out[MAX_TAGS];
	for (int i = 0; i < MAX_TAGS; i++) {
		snprintf(names[i], sizeof names[i], "t%d", i);
		tags[i] = names[i];
	}
	size_t n;
	ck_assert_int_eq(macro_tags_apply(&m, tags, MAX_TAGS - 1, out, &n), MACRO_OK);
	ck_assert_uint_eq(n, MAX_TAGS);
	ck_assert_int_eq(macro_tags_apply(&m, tags, MAX_TAGS, out, &n), MACRO_ERR_TICKET_TAGS);
	rem(&m, "t3"); /* one leaves, one comes: still 30 */
	ck_assert_int_eq(macro_tags_apply(&m, tags, MAX_TAGS, out, &n), MACRO_OK);
	ck_assert_uint_eq(n, MAX_TAGS);
}
END_TEST

START_TEST(errors_named)
{
	ck_assert_ptr_null(macro_err_field(MACRO_OK));
	for (int e = MACRO_ERR_STATUS; e <= MACRO_ERR_TICKET_TAGS; e++) {
		const char *f = macro_err_field((enum macro_err)e);
		ck_assert_msg(f && strncmp(f, "actions.", 8) == 0, "error %d has field %s", e, f);
		ck_assert_msg(*macro_strerror((enum macro_err)e), "error %d has no message", e);
	}
	ck_assert_str_eq(macro_err_field(MACRO_ERR_STATUS), "actions.status");
	ck_assert_str_eq(macro_err_field(MACRO_ERR_REMOVE_TAG), "actions.remove_tags");
	ck_assert_str_eq(macro_strerror((enum macro_err)99), "unknown error");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("macro");
	UNIT_TEST(s, locales_list);
	for (int i = 0; i < NCASES(canon); i++)
		unit_add_case(s,
		              unit_name("locale \"%s\" spelled %s", canon[i].in,
		                        canon[i].want ? canon[i].want : "(refused)"),
		              locale_canonical, i);
	for (int i = 0; i < NCASES(reads); i++)
		unit_add_case(s,
		              unit_name("a ticket in \"%s\" reads %s", reads[i].language,
		                        reads[i].want ? reads[i].want : "the default variant"),
		              locale_of_language, i);
	UNIT_TEST(s, locale_of_null);
	UNIT_TEST(s, fill_all_five);
	UNIT_TEST(s, fill_names_in_many_scripts);
	UNIT_TEST(s, fill_values_never_expanded_again);
	UNIT_TEST(s, fill_unknown_braces_left_alone);
	UNIT_TEST(s, fill_missing_reported);
	UNIT_TEST(s, fill_large_body);
	for (int i = 0; i < NCASES(unknown); i++)
		unit_add_case(s, unit_name("unknown template variable in \"%s\"", unknown[i].body),
		              unknown_variable_found, i);
	UNIT_TEST(s, actions_default);
	UNIT_TEST(s, actions_status);
	UNIT_TEST(s, actions_priority);
	UNIT_TEST(s, actions_tags);
	UNIT_TEST(s, tags_apply);
	UNIT_TEST(s, tags_apply_limit);
	UNIT_TEST(s, errors_named);
	return unit_run(s, "macro");
}
