/* test_lmtp_session.c — the LMTP state machine, fed the way an MTA talks: greeting, LHLO,
 * transactions with several recipients, pipelining, dot-stuffing, size limits, bad sequences,
 * verdicts of the delivery callback mapped to RFC 2033/3463 reply codes. */
#include "channels/lmtp_session.h"
#include "unit_main.h"

struct capture {
	char out[65536];
	size_t out_len;
	int deliveries;
	char mail_from[128];
	char rcpts[4][128];
	size_t n_rcpts;
	char data[8192];
	size_t data_len;
	enum lmtp_verdict verdict;
};

static void cap_write(void *ctx, const char *bytes, size_t len)
{
	struct capture *c = ctx;
	if (c->out_len + len < sizeof c->out) {
		memcpy(c->out + c->out_len, bytes, len);
		c->out_len += len;
		c->out[c->out_len] = 0;
	}
}

static enum lmtp_verdict cap_deliver(void *ctx, const struct lmtp_delivery *d, char *why,
				     size_t why_size)
{
	struct capture *c = ctx;
	c->deliveries++;
	snprintf(c->mail_from, sizeof c->mail_from, "%s", d->mail_from);
	c->n_rcpts = d->n_rcpts;
	for (size_t i = 0; i < d->n_rcpts && i < 4; i++)
		snprintf(c->rcpts[i], sizeof c->rcpts[i], "%s", d->rcpts[i]);
	c->data_len = d->len < sizeof c->data ? d->len : sizeof c->data - 1;
	memcpy(c->data, d->data, c->data_len);
	c->data[c->data_len] = 0;
	snprintf(why, why_size, "%s", "");
	return c->verdict;
}

static struct lmtp_session *session(struct capture *c, size_t max_message)
{
	memset(c, 0, sizeof *c);
	struct lmtp_config cfg = {.hostname = "desk.test", .max_message = max_message,
				  .max_recipients = 3};
	struct lmtp_session *s = lmtp_session_new(&cfg, cap_deliver, c, cap_write, c);
	lmtp_session_greet(s);
	return s;
}

static bool feed(struct lmtp_session *s, const char *text)
{
	return lmtp_session_feed(s, text, strlen(text));
}

/* Number of reply lines starting with code. */
static int count(const struct capture *c, const char *code)
{
	int n = 0;
	for (const char *p = c->out; (p = strstr(p, code)); p++)
		if (p == c->out || p[-1] == '\n')
			n++;
	return n;
}

static const char TRANSACTION[] = "LHLO mta.test\r\n"
				  "MAIL FROM:<wang@example.cn> BODY=8BITMIME\r\n"
				  "RCPT TO:<support@desk.test>\r\n"
				  "RCPT TO:<vip@desk.test>\r\n"
				  "DATA\r\n"
				  "Subject: hi\r\n\r\n"
				  "line one\r\n"
				  "..a line that began with a dot\r\n"
				  ".\r\n"
				  "QUIT\r\n";

START_TEST(greeting_and_lhlo)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	ck_assert(strncmp(c.out, "220 desk.test ", 14) == 0);
	ck_assert(feed(s, "LHLO mta.test\r\n"));
	ck_assert_ptr_nonnull(strstr(c.out, "250-desk.test\r\n"));
	ck_assert_ptr_nonnull(strstr(c.out, "250-PIPELINING\r\n"));
	ck_assert_ptr_nonnull(strstr(c.out, "250 SIZE 1000\r\n"));
	lmtp_session_free(s);
}
END_TEST

START_TEST(pipelined_transaction_delivers_once_answers_per_recipient)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 100000);
	ck_assert(!feed(s, TRANSACTION)); /* QUIT ends it */
	ck_assert_int_eq(c.deliveries, 1);
	ck_assert_str_eq(c.mail_from, "wang@example.cn");
	ck_assert_int_eq((int)c.n_rcpts, 2);
	ck_assert_str_eq(c.rcpts[0], "support@desk.test");
	ck_assert_str_eq(c.rcpts[1], "vip@desk.test");
	ck_assert_str_eq(c.data, "Subject: hi\r\n\r\nline one\r\n.a line that began with a dot\r\n");
	ck_assert_int_eq(count(&c, "250 2.0.0 <support@desk.test>"), 1);
	ck_assert_int_eq(count(&c, "250 2.0.0 <vip@desk.test>"), 1);
	ck_assert_int_eq(count(&c, "221 "), 1);
	lmtp_session_free(s);
}
END_TEST

START_TEST(byte_by_byte_is_the_same)
{
	struct capture whole, bytes;
	struct lmtp_session *a = session(&whole, 100000);
	feed(a, TRANSACTION);
	struct lmtp_session *b = session(&bytes, 100000);
	for (size_t i = 0; i < sizeof TRANSACTION - 1; i++)
		lmtp_session_feed(b, TRANSACTION + i, 1);
	ck_assert_str_eq(whole.out, bytes.out);
	ck_assert_str_eq(whole.data, bytes.data);
	lmtp_session_free(a);
	lmtp_session_free(b);
}
END_TEST

START_TEST(bare_lf_lines_work)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 100000);
	feed(s, "LHLO x\nMAIL FROM:<a@b.c>\nRCPT TO:<d@e.f>\nDATA\nSubject: x\n\nbody\n.\n");
	ck_assert_int_eq(c.deliveries, 1);
	ck_assert_str_eq(c.data, "Subject: x\n\nbody\n");
	lmtp_session_free(s);
}
END_TEST

START_TEST(declared_size_over_limit_refused_at_mail)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "LHLO x\r\nMAIL FROM:<a@b.c> SIZE=5000\r\n");
	ck_assert_int_eq(count(&c, "552 5.3.4 "), 1);
	feed(s, "RCPT TO:<d@e.f>\r\n");
	ck_assert_int_eq(count(&c, "503 "), 1); /* the refused MAIL opened no transaction */
	ck_assert_int_eq(c.deliveries, 0);
	lmtp_session_free(s);
}
END_TEST

START_TEST(oversized_data_refused_per_recipient_and_session_continues)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 64);
	feed(s, "LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nRCPT TO:<g@e.f>\r\nDATA\r\n");
	for (int i = 0; i < 50; i++)
		feed(s, "0123456789 0123456789 0123456789\r\n");
	feed(s, ".\r\n");
	ck_assert_int_eq(count(&c, "552 5.3.4 <d@e.f>"), 1);
	ck_assert_int_eq(count(&c, "552 5.3.4 <g@e.f>"), 1);
	ck_assert_int_eq(c.deliveries, 0);
	feed(s, "MAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nshort\r\n.\r\n");
	ck_assert_int_eq(c.deliveries, 1);
	ck_assert_str_eq(c.data, "short\r\n");
	lmtp_session_free(s);
}
END_TEST

START_TEST(bad_sequences_get_503_and_helo_500)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "MAIL FROM:<a@b.c>\r\n");  /* before LHLO */
	feed(s, "HELO x\r\nEHLO x\r\n");    /* SMTP greetings are not LMTP */
	feed(s, "LHLO x\r\nRCPT TO:<d@e.f>\r\nDATA\r\n");
	feed(s, "MAIL FROM:<a@b.c>\r\nDATA\r\nMAIL FROM:<a@b.c>\r\n");
	ck_assert_int_eq(count(&c, "503 "), 5);
	ck_assert_int_eq(count(&c, "500 5.5.1 "), 2);
	ck_assert_int_eq(c.deliveries, 0);
	lmtp_session_free(s);
}
END_TEST

START_TEST(too_many_recipients_get_452)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "LHLO x\r\nMAIL FROM:<a@b.c>\r\n");
	for (int i = 0; i < 5; i++)
		feed(s, "RCPT TO:<d@e.f>\r\n");
	ck_assert_int_eq(count(&c, "250 2.1.5 "), 3);
	ck_assert_int_eq(count(&c, "452 4.5.3 "), 2);
	lmtp_session_free(s);
}
END_TEST

START_TEST(verdicts_map_to_codes)
{
	static const struct {
		enum lmtp_verdict v;
		const char *code;
	} cases[] = {{LMTP_TEMPFAIL, "451 4.3.0 <d@e.f>"},
		     {LMTP_RATE_LIMITED, "450 4.7.1 <d@e.f>"},
		     {LMTP_REJECT, "550 5.6.0 <d@e.f>"}};
	for (size_t i = 0; i < 3; i++) {
		struct capture c;
		struct lmtp_session *s = session(&c, 1000);
		c.verdict = cases[i].v;
		feed(s, "LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nx\r\n.\r\n");
		ck_assert_msg(count(&c, cases[i].code) == 1, "%s in %s", cases[i].code, c.out);
		lmtp_session_free(s);
	}
}
END_TEST

START_TEST(null_sender_is_empty_string)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "LHLO x\r\nMAIL FROM:<>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nx\r\n.\r\n");
	ck_assert_int_eq(c.deliveries, 1);
	ck_assert_str_eq(c.mail_from, "");
	lmtp_session_free(s);
}
END_TEST

START_TEST(long_line_ends_session)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	char line[5000];
	memset(line, 'A', sizeof line - 3);
	memcpy(line + sizeof line - 3, "\r\n", 3);
	ck_assert(!feed(s, line));
	ck_assert_int_eq(count(&c, "500 5.5.6 "), 1);
	lmtp_session_free(s);
}
END_TEST

START_TEST(rset_noop_vrfy_unknown)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "LHLO x\r\nMAIL FROM:<a@b.c>\r\nRSET\r\nRCPT TO:<d@e.f>\r\nNOOP\r\nVRFY x\r\nFOO\r\n");
	ck_assert_int_eq(count(&c, "250 2.0.0 reset"), 1);
	ck_assert_int_eq(count(&c, "503 "), 1); /* RSET dropped the transaction */
	ck_assert_int_eq(count(&c, "252 "), 1);
	ck_assert_int_eq(count(&c, "500 5.5.2 "), 1);
	lmtp_session_free(s);
}
END_TEST

START_TEST(terminator_split_across_feeds_and_dot_lines_kept)
{
	struct capture c;
	struct lmtp_session *s = session(&c, 1000);
	feed(s, "LHLO x\r\nMAIL FROM:<a@b.c>\r\nRCPT TO:<d@e.f>\r\nDATA\r\nA\r\n.");
	feed(s, "x\r\n.");
	ck_assert_int_eq(c.deliveries, 0);
	feed(s, "\r");
	feed(s, "\n");
	ck_assert_int_eq(c.deliveries, 1);
	ck_assert_str_eq(c.data, "A\r\nx\r\n");
	lmtp_session_free(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lmtp_session");
	UNIT_TEST(s, greeting_and_lhlo);
	UNIT_TEST(s, pipelined_transaction_delivers_once_answers_per_recipient);
	UNIT_TEST(s, byte_by_byte_is_the_same);
	UNIT_TEST(s, bare_lf_lines_work);
	UNIT_TEST(s, declared_size_over_limit_refused_at_mail);
	UNIT_TEST(s, oversized_data_refused_per_recipient_and_session_continues);
	UNIT_TEST(s, bad_sequences_get_503_and_helo_500);
	UNIT_TEST(s, too_many_recipients_get_452);
	UNIT_TEST(s, verdicts_map_to_codes);
	UNIT_TEST(s, null_sender_is_empty_string);
	UNIT_TEST(s, long_line_ends_session);
	UNIT_TEST(s, rset_noop_vrfy_unknown);
	UNIT_TEST(s, terminator_split_across_feeds_and_dot_lines_kept);
	return unit_run(s, "lmtp_session");
}
