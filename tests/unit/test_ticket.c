/* test_ticket.c — ticket states, names, transitions, customer replies and numbers.
 * The expected values are written out here from docs/api.md, not derived from ticket.c's tables,
 * so a wrong row in either place shows up as a failing line. */
#include "core/ticket.h"
#include "unit_main.h"

#include <inttypes.h>

/* The API names in enum order (the order is part of ticket.h). */
static const char *const status_api[] = {"new", "open", "pending", "on_hold", "solved", "closed"};
static const char *const priority_api[] = {"low", "normal", "high", "urgent"};
static const char *const channel_api[] = {"email", "chat", "web", "api", "phone", "telegram"};

/* docs/api.md, "State transitions": every change that is allowed. Staying put is also allowed. */
static const char *const allowed_moves[][2] = {
    {"new", "open"},        {"new", "pending"},    {"new", "on_hold"},   {"new", "solved"},
    {"open", "pending"},    {"open", "on_hold"},   {"open", "solved"},   {"pending", "open"},
    {"pending", "on_hold"}, {"pending", "solved"}, {"on_hold", "open"},  {"on_hold", "pending"},
    {"on_hold", "solved"},  {"solved", "open"},    {"solved", "closed"},
};

static bool expect_move(const char *from, const char *to)
{
	if (strcmp(from, to) == 0)
		return true;
	for (size_t i = 0; i < sizeof allowed_moves / sizeof allowed_moves[0]; i++)
		if (strcmp(allowed_moves[i][0], from) == 0 && strcmp(allowed_moves[i][1], to) == 0)
			return true;
	return false;
}

START_TEST(transition)
{
	int from = _i / TICKET_STATUS_COUNT, to = _i % TICKET_STATUS_COUNT;
	bool want = expect_move(status_api[from], status_api[to]);
	bool got = ticket_transition_allowed((enum ticket_status)from, (enum ticket_status)to);
	ck_assert_msg(got == want, "%s -> %s: got %s, want %s", status_api[from], status_api[to],
	              got ? "allowed" : "forbidden", want ? "allowed" : "forbidden");
}
END_TEST

START_TEST(transition_out_of_range_forbidden)
{
	ck_assert(!ticket_transition_allowed(TICKET_STATUS_COUNT, TICKET_OPEN));
	ck_assert(!ticket_transition_allowed(TICKET_OPEN, TICKET_STATUS_COUNT));
	ck_assert(!ticket_transition_allowed((enum ticket_status)(-1), TICKET_OPEN));
}
END_TEST

START_TEST(status_names_round_trip)
{
	ck_assert_int_eq(sizeof status_api / sizeof status_api[0], TICKET_STATUS_COUNT);
	for (int i = 0; i < TICKET_STATUS_COUNT; i++) {
		enum ticket_status s = TICKET_CLOSED;
		ck_assert_pstr_eq(ticket_status_name((enum ticket_status)i), status_api[i]);
		ck_assert_msg(ticket_status_parse(status_api[i], &s), "parse %s", status_api[i]);
		ck_assert_int_eq(s, i);
	}
}
END_TEST

START_TEST(priority_names_round_trip)
{
	ck_assert_int_eq(sizeof priority_api / sizeof priority_api[0], PRIO_COUNT);
	for (int i = 0; i < PRIO_COUNT; i++) {
		enum ticket_priority p = PRIO_URGENT;
		ck_assert_pstr_eq(ticket_priority_name((enum ticket_priority)i), priority_api[i]);
		ck_assert_msg(ticket_priority_parse(priority_api[i], &p), "parse %s",
		              priority_api[i]);
		ck_assert_int_eq(p, i);
	}
}
END_TEST

START_TEST(channel_names_round_trip)
{
	ck_assert_int_eq(sizeof channel_api / sizeof channel_api[0], CHANNEL_COUNT);
	for (int i = 0; i < CHANNEL_COUNT; i++) {
		enum ticket_channel c = CHANNEL_TELEGRAM;
		ck_assert_pstr_eq(ticket_channel_name((enum ticket_channel)i), channel_api[i]);
		ck_assert_msg(ticket_channel_parse(channel_api[i], &c), "parse %s", channel_api[i]);
		ck_assert_int_eq(c, i);
	}
}
END_TEST

START_TEST(names_out_of_range_are_null)
{
	ck_assert_ptr_null(ticket_status_name(TICKET_STATUS_COUNT));
	ck_assert_ptr_null(ticket_priority_name(PRIO_COUNT));
	ck_assert_ptr_null(ticket_channel_name(CHANNEL_COUNT));
	ck_assert_ptr_null(ticket_status_name((enum ticket_status)(-1)));
}
END_TEST

START_TEST(parse_rejects_near_misses)
{
	static const char *const bad[] = {"On_hold", "on-hold", "onhold",   "on_hold ", " open",
	                                  "OPEN",    "",        "closed\n", "solve",    "newer"};
	static const char *const bad_prio[] = {"urgent ", "Urgent", "URGENT", "", "med", "norm"};
	static const char *const bad_chan[] = {"Email", "e-mail", "", "tele gram", "sms", "apis"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum ticket_status s = TICKET_PENDING;
		ck_assert_msg(!ticket_status_parse(bad[i], &s), "status \"%s\" accepted", bad[i]);
		ck_assert_msg(s == TICKET_PENDING, "status \"%s\" changed *out", bad[i]);
	}
	for (size_t i = 0; i < sizeof bad_prio / sizeof bad_prio[0]; i++) {
		enum ticket_priority p = PRIO_HIGH;
		ck_assert_msg(!ticket_priority_parse(bad_prio[i], &p), "priority \"%s\"",
		              bad_prio[i]);
		ck_assert_int_eq(p, PRIO_HIGH);
	}
	for (size_t i = 0; i < sizeof bad_chan / sizeof bad_chan[0]; i++) {
		enum ticket_channel c = CHANNEL_WEB;
		ck_assert_msg(!ticket_channel_parse(bad_chan[i], &c), "channel \"%s\"",
		              bad_chan[i]);
		ck_assert_int_eq(c, CHANNEL_WEB);
	}
	{
		enum ticket_status s = TICKET_OPEN;
		ck_assert(!ticket_status_parse(NULL, &s));
	}
}
END_TEST

/* docs/api.md: new/open stay; solved/pending/on_hold reopen; closed spawns a follow-up. */
static const enum customer_reply_effect expect_effect[] = {
    REPLY_KEEP, REPLY_KEEP, REPLY_REOPEN, REPLY_REOPEN, REPLY_REOPEN, REPLY_FOLLOWUP,
};
static const char *const effect_names[] = {"keep", "reopen", "followup"};

static const char *effect_name(enum customer_reply_effect e)
{
	return (unsigned)e < sizeof effect_names / sizeof effect_names[0] ? effect_names[e] : "?";
}

START_TEST(customer_reply)
{
	enum customer_reply_effect got = ticket_customer_reply_effect((enum ticket_status)_i);
	ck_assert_msg(got == expect_effect[_i], "on %s: got %s, want %s", status_api[_i],
	              effect_name(got), effect_name(expect_effect[_i]));
}
END_TEST

START_TEST(number_format)
{
	char buf[TICKET_NUMBER_MAX];

	ticket_number_format(100012, buf);
	ck_assert_str_eq(buf, "EXD-100012");
	ticket_number_format(1, buf);
	ck_assert_str_eq(buf, "EXD-1");
	ticket_number_format(999999999999999999, buf);
	ck_assert_str_eq(buf, "EXD-999999999999999999");
	ticket_number_format(INT64_MAX, buf);
	ck_assert_str_eq(buf, "EXD-9223372036854775807");
}
END_TEST

static bool parse_str(const char *s, int64_t *seq)
{
	return ticket_number_parse(s, strlen(s), seq);
}

START_TEST(number_parse_accepts)
{
	int64_t seq = 0;

	ck_assert(parse_str("EXD-100012", &seq));
	ck_assert_int_eq(seq, 100012);
	ck_assert(parse_str("exd-100012", &seq));
	ck_assert_int_eq(seq, 100012);
	ck_assert(parse_str("Exd-7", &seq));
	ck_assert_int_eq(seq, 7);
	ck_assert(parse_str("EXD-1", &seq));
	ck_assert_int_eq(seq, 1);
	ck_assert(parse_str("EXD-999999999999999999", &seq));
	ck_assert_int_eq(seq, 999999999999999999);
}
END_TEST

START_TEST(number_round_trip)
{
	static const int64_t seqs[] = {1, 9, 10, 100000, 100012, 4294967296, 999999999999999999};
	char buf[TICKET_NUMBER_MAX];

	for (size_t i = 0; i < sizeof seqs / sizeof seqs[0]; i++) {
		int64_t back = 0;
		ticket_number_format(seqs[i], buf);
		ck_assert_msg(parse_str(buf, &back), "%s did not parse", buf);
		ck_assert_msg(back == seqs[i], "%s -> %" PRId64, buf, back);
	}
}
END_TEST

START_TEST(number_parse_rejects)
{
	static const char *const bad[] = {
	    "",
	    "EXD",
	    "EXD-",
	    "EXD-0",
	    "EXD-0100012",
	    "EXD-00",
	    "EXD-+1",
	    "EXD--1",
	    "EXD- 1",
	    "EXD-1a",
	    "EXD-12 ",
	    " EXD-12",
	    "EXD_12",
	    "EXD12",
	    "EXE-12",
	    "XD-12",
	    "100012",
	    "EXD-1.5",
	    "EXD-1e3",
	    "EXD-0x1F",
	    "EXD-1234567890123456789", /* 19 digits */
	    "EXD-9223372036854775807", /* INT64_MAX: still 19 digits */
	    "EXD-9223372036854775808", /* INT64_MAX + 1 */
	    "EXD-99999999999999999999999",
	    "EXD-\xd9\xa1\xd9\xa2", /* Arabic-Indic digits one, two */
	    "EXD-\xef\xbc\x91",     /* fullwidth digit one */
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t seq = 42;
		ck_assert_msg(!parse_str(bad[i], &seq), "\"%s\" accepted as %" PRId64, bad[i], seq);
		ck_assert_msg(seq == 42, "\"%s\" changed *seq", bad[i]);
	}
}
END_TEST

START_TEST(number_parse_respects_length)
{
	int64_t seq = 42;

	/* Only the first len bytes count: a prefix of a longer buffer parses on its own. */
	ck_assert(ticket_number_parse("EXD-1234", 6, &seq));
	ck_assert_int_eq(seq, 12);
	/* An embedded NUL is junk, not an end. */
	seq = 42;
	ck_assert(!ticket_number_parse("EXD-1\0002", 7, &seq));
	ck_assert(!ticket_number_parse("EXD\0-12", 7, &seq));
	ck_assert(!ticket_number_parse(NULL, 0, &seq));
	ck_assert_int_eq(seq, 42);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("ticket");

	for (int i = 0; i < TICKET_STATUS_COUNT * TICKET_STATUS_COUNT; i++) {
		const char *from = status_api[i / TICKET_STATUS_COUNT];
		const char *to = status_api[i % TICKET_STATUS_COUNT];
		unit_add_case(s,
		              unit_name("transition %s -> %s %s", from, to,
		                        expect_move(from, to) ? "allowed" : "forbidden"),
		              transition, i);
	}
	UNIT_TEST(s, transition_out_of_range_forbidden);
	UNIT_TEST(s, status_names_round_trip);
	UNIT_TEST(s, priority_names_round_trip);
	UNIT_TEST(s, channel_names_round_trip);
	UNIT_TEST(s, names_out_of_range_are_null);
	UNIT_TEST(s, parse_rejects_near_misses);
	for (int i = 0; i < TICKET_STATUS_COUNT; i++)
		unit_add_case(s,
		              unit_name("customer reply on %s: %s", status_api[i],
		                        effect_name(expect_effect[i])),
		              customer_reply, i);
	UNIT_TEST(s, number_format);
	UNIT_TEST(s, number_parse_accepts);
	UNIT_TEST(s, number_round_trip);
	UNIT_TEST(s, number_parse_rejects);
	UNIT_TEST(s, number_parse_respects_length);
	return unit_run(s, "ticket");
}
