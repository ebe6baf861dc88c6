/* t_mail — the email channel end to end against real mail software on loopback: OpenSMTPD takes
 * mail from swaks and delivers desk.test to exdesk over LMTP; dovecot holds the customers'
 * mailboxes (read back over IMAP) and the mailbox exdesk polls; exdesk's replies leave through
 * OpenSMTPD into those mailboxes. Checked: GB2312 and ISO-2022-JP mail become readable tickets
 * with the right language; acknowledgements and replies thread in the customer's mailbox
 * (In-Reply-To, References, our Message-IDs, the ticket number in the subject); a reply to a
 * reply joins its ticket with the quoted history folded; a stranger never joins; redelivery
 * changes nothing; auto-replies, lists, null senders and bounces never open tickets or send
 * acknowledgements; the per-sender rate limit; oversized mail refused at LMTP with 552; the IMAP
 * poller marks mail \Seen only after commit; a relay that is down delays a reply across a
 * restart and it then arrives exactly once. */
#include "mail_harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct peers PEERS;
static struct srv S;
static char imap_arg[160];

/* ---- API helpers ---- */

static json_t *tickets(void)
{
	struct resp *r = http(&S, "GET", "/api/v1/tickets?limit=100", S.token, NULL);
	return r->json ? jkeep(json_incref(jget(r->json, "tickets"))) : NULL;
}

static size_t ticket_count(void)
{
	json_t *t = tickets();
	return t ? json_array_size(t) : 0;
}

/* The newest ticket whose subject contains needle and whose requester is email (or any). */
static json_t *find_ticket(const char *needle, const char *email)
{
	json_t *arr = tickets(), *t;
	size_t i;
	json_array_foreach(arr, i, t)
	{
		const char *subj = jstr(t, "subject"), *req = jstr(t, "requester.email");
		if (subj && strstr(subj, needle) && (!email || (req && strcmp(req, email) == 0)))
			return t;
	}
	return NULL;
}

static json_t *wait_ticket(const char *needle, const char *email, double timeout_s)
{
	double end = now_s() + timeout_s;
	do {
		json_t *t = find_ticket(needle, email);
		if (t)
			return t;
		sleep_s(0.1);
	} while (now_s() < end);
	return NULL;
}

static json_t *messages(long long ticket_id)
{
	struct resp *r =
	    http(&S, "GET", P("/api/v1/tickets/%lld/messages", ticket_id), S.token, NULL);
	return r->json ? jkeep(json_incref(jget(r->json, "messages"))) : NULL;
}

static size_t message_count(long long ticket_id)
{
	json_t *m = messages(ticket_id);
	return m ? json_array_size(m) : 0;
}

/* The delivery object of the last reply of a ticket once `pred` holds (or the last one seen). */
static json_t *wait_delivery(long long ticket_id, const char *status, long long min_attempts,
                             double timeout_s)
{
	double end = now_s() + timeout_s;
	json_t *d = NULL;
	do {
		json_t *msgs = messages(ticket_id), *m;
		size_t i;
		json_array_foreach(msgs, i, m)
		{
			if (jstr(m, "kind") && !strcmp(jstr(m, "kind"), "reply"))
				d = jget(m, "delivery");
		}
		if (d && jstr(d, "status") && !strcmp(jstr(d, "status"), status) &&
		    jint(d, "attempts") >= min_attempts)
			return d;
		sleep_s(0.1);
	} while (now_s() < end);
	return d;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	static char buf[1 << 20];
	*len = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[*len] = 0;
	return strdup(buf);
}

/* ---- scenarios ---- */

static long long gb_ticket, gb_number_seq;
static char gb_number[32], reply_message_id[256];

static void gb2312_ticket_and_ack(void)
{
	int code = mail_send_file(&PEERS, PEER_ALICE, "support@desk.test",
	                          "tests/mail/data/gb2312.eml", NULL);
	check_int(code, 250, "the MTA takes a GB2312 mail for the desk");
	json_t *t = wait_ticket("充值未到账", PEER_ALICE, 20);
	if (!check(t != NULL, "a GB2312 mail through OpenSMTPD becomes a ticket")) {
		peers_dump_logs(&PEERS, 20);
		srv_dump_log(&S, 20);
		return;
	}
	gb_ticket = jint(t, "id");
	snprintf(gb_number, sizeof gb_number, "%s", jstr(t, "number"));
	sscanf(gb_number, "EXD-%lld", &gb_number_seq);
	check_str(jstr(t, "subject"), "充值未到账", "GB2312 subject (RFC 2047 B) decoded");
	check_str(jstr(t, "channel"), "email", "the ticket's channel is email");
	check_str(jstr(t, "language"), "zh-CN", "the ticket's language comes from the text: zh-CN");
	check_str(jstr(t, "requester.name"), "王小明", "the sender's GB2312 display name decoded");
	json_t *m = json_array_get(messages(gb_ticket), 0);
	check_str(
	    jstr(m, "body"),
	    "您好，我昨天充值了500 USDT（TRC20），到现在还没有到账。\nTxID: 7f3a9c0e5b1d4a2f\n"
	    "请帮忙查一下，谢谢！",
	    "GB2312 quoted-printable body stored as exact UTF-8 text");
	check_str(jstr(m, "via"), "email", "the message says it came by email");
	/* The acknowledgement, in the customer's mailbox. */
	int n = imap_wait_count(&PEERS, PEER_ALICE, 1, 20);
	if (!check(n >= 1, "the acknowledgement reaches alice's mailbox through the MTA"))
		return;
	size_t len;
	char *raw = imap_fetch(&PEERS, PEER_ALICE, 1, &len);
	const char *subj = mail_header(raw, len, "Subject");
	checkd(subj && strstr(subj, P("[%s]", gb_number)), subj, "ack subject carries [%s]",
	       gb_number);
	check_str(mail_header(raw, len, "In-Reply-To"), "<gb2312-1@customer.test>",
	          "the ack answers the customer's mail (In-Reply-To)");
	check_str(mail_header(raw, len, "Auto-Submitted"), "auto-replied",
	          "the ack is marked Auto-Submitted: auto-replied (RFC 3834)");
	check_str(mail_header(raw, len, "Content-Language"), "zh-CN", "the ack is in Chinese");
	const char *text = mail_text(raw, len);
	checkd(text && strstr(text, gb_number) && strstr(text, "2FA"), text,
	       "the ack's text has the ticket number and the security warning");
}

static void iso2022jp_ticket(void)
{
	int code = mail_send_file(&PEERS, PEER_BOB, "support@desk.test",
	                          "tests/mail/data/iso2022jp.eml", NULL);
	check_int(code, 250, "the MTA takes an ISO-2022-JP mail");
	json_t *t = wait_ticket("出金", PEER_BOB, 20);
	if (!check(t != NULL, "an ISO-2022-JP mail becomes a ticket"))
		return;
	check_str(jstr(t, "subject"), "出金が反映されません", "ISO-2022-JP subject decoded");
	check_str(jstr(t, "language"), "ja", "the ticket's language: ja");
	/* Bob already is a customer (he left his address in the chat): one person across channels,
	 * his name as he gave it; the ISO-2022-JP display name is asserted in test_mail_parse. */
	check_str(jstr(t, "requester.name"), "Bob", "the mail joins bob's customer record from the chat");
	json_t *m = json_array_get(messages(jint(t, "id")), 0);
	check_str(jstr(m, "body"),
	          "お世話になっております。\n昨日申請した出金が保留中のままです。\n確認をお願いいた"
	          "します。",
	          "ISO-2022-JP body stored as exact UTF-8 text");
	int n = imap_wait_count(&PEERS, PEER_BOB, 2, 20); /* after the chat test's mail */
	size_t len;
	char *raw = n >= 2 ? imap_fetch(&PEERS, PEER_BOB, 2, &len) : NULL;
	check_str(raw ? mail_header(raw, len, "Content-Language") : NULL, "ja",
	          "bob's acknowledgement is in Japanese");
}

static void reply_threads_in_mailbox(void)
{
	if (!gb_ticket)
		return;
	struct resp *r =
	    httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", gb_ticket), S.token,
	          jpack("{s:s}", "body",
	                "王先生您好，您的充值已经到账，请查收。\n如有问题请回复此邮件。"));
	check_status(r, 201, "an agent replies on the email ticket");
	int n = imap_wait_count(&PEERS, PEER_ALICE, 2, 20);
	if (!check(n >= 2, "the reply reaches alice's mailbox through the MTA"))
		return;
	size_t len;
	char *raw = imap_fetch(&PEERS, PEER_ALICE, 2, &len);
	const char *subj = mail_header(raw, len, "Subject");
	checkd(subj && strstr(subj, P("[%s]", gb_number)) && strstr(subj, "充值未到账"), subj,
	       "reply subject: the ticket number and the original subject");
	check_str(mail_header(raw, len, "In-Reply-To"), "<gb2312-1@customer.test>",
	          "the reply's In-Reply-To is the customer's Message-ID");
	const char *refs = mail_header(raw, len, "References");
	checkd(refs && strstr(refs, "<gb2312-1@customer.test>"), refs,
	       "References carries the customer's Message-ID");
	const char *mid = mail_header(raw, len, "Message-ID");
	checkd(mid && !strncmp(mid, P("<exd.%s.", gb_number), strlen(P("<exd.%s.", gb_number))) &&
	           strstr(mid, "@desk.test>"),
	       mid, "our Message-ID carries the ticket number and the desk's domain");
	snprintf(reply_message_id, sizeof reply_message_id, "%s", mid ? mid : "");
	const char *from = mail_header(raw, len, "From");
	checkd(from && strstr(from, "support@desk.test") && strstr(from, "Demo Exchange Support"),
	       from, "From is the desk's name and address");
	const char *rt = mail_header(raw, len, "Reply-To");
	checkd(rt && strstr(rt, "support@desk.test"), rt, "Reply-To is the desk");
	const char *ct = mail_header(raw, len, "Content-Type");
	checkd(ct && strstr(ct, "multipart/alternative"), ct, "text and HTML alternatives");
	const char *text = mail_text(raw, len);
	checkd(text && strstr(text, "王先生您好，您的充值已经到账，请查收。"), text,
	       "the reply's text arrives readable (UTF-8)");
	json_t *d = wait_delivery(gb_ticket, "sent", 1, 10);
	check_str(d ? jstr(d, "status") : NULL, "sent", "the ticket shows the reply as sent");
	check_str(d ? jstr(d, "to") : NULL, PEER_ALICE, "... to alice");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/outbox", gb_ticket), S.token, NULL);
	check_int((long long)json_array_size(jget(r->json, "deliveries")), 2,
	          "the ticket's outbox lists the ack and the reply");
}

static void customer_reply_joins_with_quote_folded(void)
{
	if (!*reply_message_id)
		return;
	size_t before = message_count(gb_ticket), tickets_before = ticket_count();
	struct mail_out m = {
	    .from = PEER_ALICE,
	    .to = "support@desk.test",
	    .subject = P("Re: [%s] 充值未到账", gb_number),
	    .body =
	        "谢谢，已经收到了。\n\n在 2026年11月23日 周一 09:00，Demo Exchange Support 写道：\n"
	        "> 王先生您好，您的充值已经到账，请查收。\n",
	    .headers = {P("In-Reply-To: %s", reply_message_id),
	                P("References: <gb2312-1@customer.test> %s", reply_message_id)}};
	check_int(mail_send(&PEERS, &m, NULL), 250, "alice answers the reply");
	double end = now_s() + 20;
	while (message_count(gb_ticket) == before && now_s() < end)
		sleep_s(0.1);
	check_int((long long)message_count(gb_ticket), (long long)before + 1,
	          "her answer joins the ticket (In-Reply-To)");
	check_int((long long)ticket_count(), (long long)tickets_before, "no new ticket");
	json_t *msgs = messages(gb_ticket);
	json_t *last = json_array_get(msgs, json_array_size(msgs) - 1);
	check_str(jstr(last, "body_visible"), "谢谢，已经收到了。",
	          "the quoted history is folded away");
	checkd(jstr(last, "body") && strstr(jstr(last, "body"), "> 王先生您好"), jstr(last, "body"),
	       "the full text keeps the quote");
	/* The original stays retrievable. */
	const char *url = jstr(last, "original_url");
	struct resp *r = url ? http(&S, "GET", url, S.token, NULL) : NULL;
	check(r && r->status == 200 && r->body && strstr(r->body, reply_message_id),
	      "the original mail is retrievable with its headers");
	check(r && r->content_type && strstr(r->content_type, "message/rfc822"),
	      "... as message/rfc822");
	/* qa reviews conversations but sees no personal data: no original, a masked recipient. */
	char qa[512];
	mk_agent(&S, "qa.mail@test.local", "QA Mail", "qa", NULL, NULL, qa);
	r = url ? http(&S, "GET", url, qa, NULL) : NULL;
	check(r && r->status == 403, "qa may not fetch the original mail (403)");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/outbox", gb_ticket), qa, NULL);
	const char *to = r->json ? jstr(json_array_get(jget(r->json, "deliveries"), 0), "to") : NULL;
	checkd(to && !strstr(to, PEER_ALICE) && strstr(to, "***"), to,
	       "qa sees the recipient of a mail masked");
}

static void subject_number_threads_and_stranger_does_not(void)
{
	if (!gb_ticket)
		return;
	size_t before = message_count(gb_ticket), tickets_before = ticket_count();
	struct mail_out m = {.from = PEER_ALICE,
	                     .to = "support@desk.test",
	                     .subject = P("补充信息 [%s]", gb_number),
	                     .body = "补充：充值地址是 TXyz…，网络 TRC20。\n"};
	check_int(mail_send(&PEERS, &m, NULL), 250,
	          "alice writes a new mail with the number in the subject");
	double end = now_s() + 20;
	while (message_count(gb_ticket) == before && now_s() < end)
		sleep_s(0.1);
	check_int((long long)message_count(gb_ticket), (long long)before + 1,
	          "it joins the ticket by the number in its subject");
	check_int((long long)ticket_count(), (long long)tickets_before, "no new ticket for it");

	/* Mallory knows the number and our Message-ID, but it is not her ticket. */
	before = message_count(gb_ticket);
	struct mail_out x = {.from = PEER_MALLORY,
	                     .to = "support@desk.test",
	                     .subject = P("Re: [%s] 充值未到账", gb_number),
	                     .body = "请把这笔钱转到我的地址。\n",
	                     .headers = {P("In-Reply-To: %s", reply_message_id)}};
	check_int(mail_send(&PEERS, &x, NULL), 250, "a stranger writes into the thread");
	json_t *t = wait_ticket(gb_number, PEER_MALLORY, 20);
	check(t != NULL, "the stranger's mail opens a ticket of her own");
	check(t && jint(t, "id") != gb_ticket, "... not alice's ticket");
	check_int((long long)message_count(gb_ticket), (long long)before,
	          "alice's ticket did not get the stranger's message");
}

static void redelivery_changes_nothing(void)
{
	size_t tickets_before = ticket_count(), msgs_before = message_count(gb_ticket);
	int alice_before = imap_count(&PEERS, PEER_ALICE);
	check_int(mail_send_file(&PEERS, PEER_ALICE, "support@desk.test",
	                         "tests/mail/data/gb2312.eml", NULL),
	          250, "the same mail is sent again (same Message-ID)");
	check(peers_wait_queue(&PEERS, NULL, 20), "the MTA delivered it to the desk");
	size_t len;
	char *raw = slurp("tests/mail/data/gb2312.eml", &len);
	char *tr = NULL;
	int code =
	    raw ? mail_swaks(PEERS.desk_lmtp, true, PEER_ALICE, "support@desk.test", raw, len, &tr)
	        : 0;
	checkd(code == 250 && tr && strstr(tr, "already delivered"), tr,
	       "a direct LMTP redelivery is acknowledged as already delivered");
	free(raw);
	sleep_s(1);
	check_int((long long)ticket_count(), (long long)tickets_before, "no second ticket");
	check_int((long long)message_count(gb_ticket), (long long)msgs_before, "no second message");
	check_int(imap_count(&PEERS, PEER_ALICE), alice_before, "no second acknowledgement");
}

static void automatic_mail_never_loops(void)
{
	size_t before = ticket_count();
	int alice_before = imap_count(&PEERS, PEER_ALICE);
	static const char *const kinds[][2] = {
	    {"Auto-Submitted: auto-replied", "Out of office"},
	    {"Precedence: bulk", "Newsletter"},
	    {"X-Autoreply: yes", "Automatische Antwort"},
	    {"List-Id: <traders.lists.customer.test>", "[traders] digest"},
	};
	for (size_t i = 0; i < 4; i++) {
		struct mail_out m = {.from = PEER_ALICE,
		                     .to = "support@desk.test",
		                     .subject = kinds[i][1],
		                     .body = "I am away until Monday.\n",
		                     .headers = {kinds[i][0]}};
		check_int(mail_send(&PEERS, &m, NULL), 250, "the MTA takes a mail with %s",
		          kinds[i][0]);
	}
	/* A bounce travels with the null sender. */
	const char *dsn =
	    "From: MAILER-DAEMON@customer.test\r\nTo: support@desk.test\r\nSubject: Undelivered "
	    "Mail Returned to Sender\r\nMessage-ID: <dsn-1@customer.test>\r\nMIME-Version: 1.0\r\n"
	    "Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n"
	    "Content-Type: text/plain\r\n\r\nmailbox full\r\n--b\r\nContent-Type: "
	    "message/delivery-status\r\n\r\nReporting-MTA: dns; "
	    "customer.test\r\n\r\nFinal-Recipient: "
	    "rfc822; alice@customer.test\r\nAction: failed\r\nStatus: 5.2.2\r\n\r\n--b\r\n"
	    "Content-Type: text/rfc822-headers\r\n\r\nMessage-ID: %s\r\nSubject: "
	    "x\r\n\r\n--b--\r\n";
	char *bounce = strdup(P(dsn, reply_message_id));
	char *tr = NULL;
	check_int(mail_swaks(PEERS.desk_lmtp, true, "<>", "support@desk.test", bounce,
	                     strlen(bounce), &tr),
	          250, "a bounce (null sender, DSN) is accepted");
	free(bounce);
	check(peers_wait_queue(&PEERS, NULL, 20), "the MTA delivered the automatic mail");
	sleep_s(1.5);
	check_int((long long)ticket_count(), (long long)before,
	          "auto-replies, bulk, X-Autoreply, list mail and bounces open no ticket");
	check_int(imap_count(&PEERS, PEER_ALICE), alice_before, "... and get no acknowledgement");
	json_t *d = wait_delivery(gb_ticket, "failed", 0, 5);
	check_str(d ? jstr(d, "status") : NULL, "failed",
	          "the bounce marks our reply not delivered");
	checkd(d && jstr(d, "error") && strstr(jstr(d, "error"), "bounced"), d ? jdump(d) : NULL,
	       "... with the reason");
}

static void attachments_stored_and_checked(void)
{
	/* A real PNG signature, and an HTML page that calls itself a PDF. */
	const char *m =
		"From: alice@customer.test\r\nTo: support@desk.test\r\nSubject: =?UTF-8?B?5YWF5YC85oiq5Zu+?=\r\n"
		"Message-ID: <attach-1@customer.test>\r\nMIME-Version: 1.0\r\n"
		"Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n\r\n充值截图见附件。\r\n--zz\r\n"
		"Content-Type: image/png\r\nContent-Disposition: attachment; "
		"filename*=UTF-8''%E6%88%AA%E5%9B%BE.png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
		"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==\r\n"
		"--zz\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice.pdf\"\r\n"
		"\r\n<html><script>alert(1)</script></html>\r\n--zz--\r\n";
	char *tr = NULL;
	check_int(mail_swaks(PEERS.desk_lmtp, true, PEER_ALICE, "support@desk.test", m, strlen(m), &tr), 250,
		  "a mail with a screenshot and a fake PDF is delivered");
	json_t *t = wait_ticket("充值截图", PEER_ALICE, 10);
	if (!check(t != NULL, "it becomes a ticket"))
		return;
	json_t *msgs = messages(jint(t, "id"));
	json_t *first = json_array_get(msgs, 0);
	json_t *att = jget(first, "attachments");
	check_int((long long)json_array_size(att), 1, "one attachment is kept");
	check_str(jstr(json_array_get(att, 0), "filename"), "截图.png", "its RFC 2231 UTF-8 name decoded");
	check_str(jstr(json_array_get(att, 0), "content_type"), "image/png", "... an image/png");
	json_t *note = json_array_get(msgs, 1);
	checkd(note && jstr(note, "body") && strstr(jstr(note, "body"), "invoice.pdf"), note ? jdump(note) : NULL,
	       "a system note names the refused attachment");
}

static void oversized_and_rate_limited(void)
{
	size_t big = 600 * 1024;
	char *data = malloc(big + 200);
	int n = snprintf(data, 200, "From: carol@customer.test\r\nSubject: big\r\n\r\n");
	for (size_t i = (size_t)n; i < big; i += 64)
		memcpy(data + i,
		       "01234567890123456789012345678901234567890123456789012345678901\r\n", 64);
	char *tr = NULL;
	int code = mail_swaks(PEERS.desk_lmtp, true, "carol@customer.test", "support@desk.test",
	                      data, big, &tr);
	checkd(code == 552 && tr && strstr(tr, "5.3.4"), tr,
	       "an oversized mail is refused at LMTP with 552 5.3.4");
	free(data);

	struct resp *r = httpj(&S, "PUT", "/api/v1/settings/mail", S.token,
	                       jpack("{s:i}", "rate_limit_per_hour", 3));
	check_status(r, 200, "the admin sets the per-sender limit to 3 an hour");
	int codes[4];
	for (int i = 0; i < 4; i++) {
		char *m =
		    strdup(P("From: dave@customer.test\r\nSubject: Withdrawal %d\r\nMessage-ID: "
		             "<rate-%d@customer.test>\r\n\r\nWhere is my withdrawal?\r\n",
		             i, i));
		codes[i] = mail_swaks(PEERS.desk_lmtp, true, "dave@customer.test",
		                      "support@desk.test", m, strlen(m), NULL);
		free(m);
	}
	check(codes[0] == 250 && codes[1] == 250 && codes[2] == 250,
	      "three mails in the hour are taken");
	check_int(codes[3], 450, "the fourth gets 450 (try later): nothing lost, no flood");
	r = httpj(&S, "PUT", "/api/v1/settings/mail", S.token,
	          jpack("{s:i}", "rate_limit_per_hour", 30));
	check_status(r, 200, "limit back to 30");
}

static void imap_poll_marks_seen_after_commit(void)
{
	struct mail_out m = {
	    .from = PEER_BOB,
	    .to = PEER_HELPDESK,
	    .subject = "Счёт заблокирован",
	    .body = "Здравствуйте! Мой аккаунт заморожен после смены пароля. Помогите.\n"};
	check_int(mail_send(&PEERS, &m, NULL), 250, "bob writes to the mailbox exdesk polls");
	json_t *t = wait_ticket("Счёт заблокирован", PEER_BOB, 20);
	if (!check(t != NULL, "the polled IMAP mail becomes a ticket")) {
		srv_dump_log(&S, 20);
		return;
	}
	check_str(jstr(t, "language"), "ru", "Cyrillic text: language ru");
	double end = now_s() + 10;
	while (imap_is_seen(&PEERS, PEER_HELPDESK, 1) != 1 && now_s() < end)
		sleep_s(0.1);
	check_int(imap_is_seen(&PEERS, PEER_HELPDESK, 1), 1,
	          "the mail is \\Seen after it was stored");
	/* Someone marks it unread in their mail client: the poller reads it again, changes nothing.
	 */
	size_t before = ticket_count();
	check(imap_set_seen(&PEERS, PEER_HELPDESK, 1, false), "the message is marked unseen again");
	end = now_s() + 10;
	while (imap_is_seen(&PEERS, PEER_HELPDESK, 1) != 1 && now_s() < end)
		sleep_s(0.1);
	check_int(imap_is_seen(&PEERS, PEER_HELPDESK, 1), 1,
	          "the poller took it again and marked it");
	check_int((long long)ticket_count(), (long long)before,
	          "no second ticket from the re-read");
}

/* The chat widget's promise: with nobody online the desk answers later, by email if the visitor
 * left an address — unless they read the answer in the chat first. */
static void offline_chat_answer_by_email(void)
{
	char wtok[256];
	struct resp *r = mk_widget_session(&S, "{\"name\":\"Bob\",\"email\":\"" PEER_BOB "\","
						"\"language\":\"ja\"}", wtok);
	if (!check(r && r->status == 201, "bob opens the chat widget and leaves his email"))
		return;
	r = http_w(&S, "POST", "/api/v1/widget/conversations", wtok,
		   "{\"body\":\"入金が反映されていません。メールで返事をください。\"}");
	check_status(r, 201, "bob writes while nobody is online");
	long long chat = jint(r->json, "conversation.id");
	int bob_before = imap_count(&PEERS, PEER_BOB);
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", chat), S.token,
		  jpack("{s:s}", "body", "ご連絡ありがとうございます。入金を確認しました。"));
	check_status(r, 201, "an agent answers the chat later");
	check_str(jstr(r->json, "message.delivery.status"), "queued",
		  "the chat reply waits for the grace period before it is mailed");
	int n = imap_wait_count(&PEERS, PEER_BOB, bob_before + 1, 20);
	if (!check(n == bob_before + 1, "the unread chat reply reaches bob by email"))
		return;
	size_t len;
	char *raw = imap_fetch(&PEERS, PEER_BOB, n, &len);
	const char *text = raw ? mail_text(raw, len) : NULL;
	checkd(text && strstr(text, "入金を確認しました"), text, "the mail carries the reply's text");
	const char *subj = raw ? mail_header(raw, len, "Subject") : NULL;
	checkd(subj && strstr(subj, "[EXD-"), subj, "with the chat's ticket number in the subject");

	/* A reply bob reads in the widget within the grace period is not mailed. */
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", chat), S.token,
		  jpack("{s:s}", "body", "他にご不明な点はありますか？"));
	long long second = jint(r->json, "message.id");
	r = http_w(&S, "POST", P("/api/v1/widget/conversations/%lld/read", chat), wtok,
		   P("{\"message_id\":%lld}", second));
	check_status(r, 204, "bob reads the second reply in the chat");
	json_t *d = wait_delivery(chat, "skipped", 0, 10);
	check_str(d ? jstr(d, "status") : NULL, "skipped", "a reply read in the chat is not mailed");
	sleep_s(1);
	check_int(imap_count(&PEERS, PEER_BOB), bob_before + 1, "bob got exactly one mail");
}

static void relay_down_then_up_across_restart(void)
{
	if (!gb_ticket)
		return;
	srv_stop(&S);
	static const char *down[] = {"--lmtp", NULL, "--smtp", "smtp://127.0.0.1:9",
	                             "--imap", NULL, NULL};
	down[1] = PEERS.desk_lmtp;
	down[5] = imap_arg;
	memcpy(S.extra_args, down, sizeof down);
	check_int(srv_spawn(&S), 0, "exdesk restarts with a relay that is down");
	int alice_before = imap_count(&PEERS, PEER_ALICE);
	struct resp *r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", gb_ticket), S.token,
	                       jpack("{s:s}", "body", "补发：到账截图见附件说明。"));
	check_status(r, 201, "an agent replies while the relay is down");
	json_t *d = wait_delivery(gb_ticket, "queued", 2, 15);
	check(d && jint(d, "attempts") >= 2 && jstr(d, "error"),
	      "the reply stays queued, retried with the relay's error shown");
	srv_stop(&S);
	static const char *up[] = {"--lmtp", NULL, "--smtp", NULL, "--imap", NULL, NULL};
	up[1] = PEERS.desk_lmtp;
	up[3] = PEERS.smtp_url;
	up[5] = imap_arg;
	memcpy(S.extra_args, up, sizeof up);
	check_int(srv_spawn(&S), 0, "exdesk restarts with the relay up");
	int n = imap_wait_count(&PEERS, PEER_ALICE, alice_before + 1, 20);
	check_int(n, alice_before + 1, "the queued reply arrives after the restart");
	sleep_s(2);
	check_int(imap_count(&PEERS, PEER_ALICE), alice_before + 1, "exactly once");
	d = wait_delivery(gb_ticket, "sent", 1, 5);
	check_str(d ? jstr(d, "status") : NULL, "sent", "the ticket shows it sent");
}

int main(void)
{
	h_init(600);
	peers_start(&PEERS);
	setenv("EXDESK_OUTBOX_POLL_MS", "100", 1);
	setenv("EXDESK_OUTBOX_RETRY_MS", "300", 1);
	setenv("EXDESK_IMAP_POLL_MS", "300", 1);
	setenv("EXDESK_IMAP_PASSWORD", PEERS_PASSWORD, 1);
	setenv("EXDESK_MAIL_MAX_BYTES", "500000", 1);
	setenv("EXDESK_CHAT_EMAIL_GRACE_MS", "1500", 1);
	snprintf(imap_arg, sizeof imap_arg, "imap://helpdesk%%40desk-imap.test@127.0.0.1:%d/INBOX",
	         PEERS.imap_port);
	static const char *args[] = {"--lmtp", NULL, "--smtp", NULL, "--imap", NULL, NULL};
	args[1] = PEERS.desk_lmtp;
	args[3] = PEERS.smtp_url;
	args[5] = imap_arg;
	memcpy(S.extra_args, args, sizeof args);
	srv_start(&S);
	struct resp *r = httpj(
	    &S, "PUT", "/api/v1/settings/mail", S.token,
	    jpack("{s:s, s:s}", "address", "support@desk.test", "name", "Demo Exchange Support"));
	check_status(r, 200, "the admin sets the desk's address and name");

	offline_chat_answer_by_email(); /* first: bob's address is nobody's yet */
	gb2312_ticket_and_ack();
	iso2022jp_ticket();
	reply_threads_in_mailbox();
	customer_reply_joins_with_quote_folded();
	subject_number_threads_and_stranger_does_not();
	redelivery_changes_nothing();
	automatic_mail_never_loops();
	attachments_stored_and_checked();
	oversized_and_rate_limited();
	imap_poll_marks_seen_after_commit();
	relay_down_then_up_across_restart();
	srv_stop(&S);
	return h_finish();
}
