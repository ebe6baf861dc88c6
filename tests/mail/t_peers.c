/* t_peers — the mail test environment works end to end, without exdesk: tests/mail/peers starts
 * dovecot and OpenSMTPD on loopback; a mail with a Chinese subject submitted with swaks comes
 * out of the customer's INBOX over IMAP byte-true (subject decoded, body, Message-ID, and the
 * Received: line of the MTA); reading with BODY.PEEK[] leaves \Seen alone while the libcurl
 * recipes exdesk's poller will use (URL fetch, UID SEARCH UNSEEN, UID STORE) do what README.md
 * says; libcurl's SMTP client submits to the MTA, and its errors for a refused relay and a
 * closed port are the documented ones; mail for desk.test waits in the queue while nothing
 * listens on the desk's LMTP port; and `peers stop` leaves no process behind. */
#include "mail_harness.h"

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct peers M;

/* Longer than one encoded word (45 bytes), so the subject is folded over several. */
static const char SUBJECT[] = "提币三小时未到账：USDT-TRC20 交易哈希已附上，请尽快处理";
/* Lines a careless IMAP reader takes for protocol (an untagged response, a tag) or SMTP. */
static const char BODY[] = "您好，\n"
                           "我的提币还没有到账。\n"
                           ".a line that starts with a dot\n"
                           "* 9 FETCH (UID 9 FLAGS (\\Seen))\n"
                           "h2 OK not the end\n"
                           "A004 OK not the end either\n"
                           "谢谢！\n";

static char *crlf(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 1), *o = out;
	if (!out)
		abort();
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			*o++ = '\r';
		*o++ = s[i];
	}
	*o = 0;
	return out;
}

static void test_round_trip(void)
{
	note("peers started in %.2f s: smtp %d imap %d desk lmtp %d dovecot lmtp %d (%s)",
	     M.start_s, M.smtp_port, M.imap_port, M.desk_lmtp_port, M.dovecot_lmtp_port, M.dir);
	/* waiting for another instance to end (shared spool only) is not start-up time */
	check(M.start_s - M.lock_wait_s < 10,
	      "peers start within 10 s (%.2f s, %.2f s of it queued)", M.start_s, M.lock_wait_s);
	int ports[] = {M.smtp_port, M.imap_port, M.desk_lmtp_port, M.dovecot_lmtp_port};
	bool distinct = true;
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			distinct &= ports[i] != ports[j];
	check(distinct, "the four ports are different");
	check_int(imap_count(&M, PEER_MALLORY), 0, "a fresh mailbox is empty and logs in");
	check_int(imap_count(&M, PEER_ALICE), 0, "alice's INBOX starts empty");

	struct mail_out m = {.from = PEER_BOB,
	                     .to = PEER_ALICE,
	                     .subject = SUBJECT,
	                     .body = BODY,
	                     .message_id = "<round-trip.1@peers.test>",
	                     .headers = {"X-Exdesk-Test: t_peers"}};
	char *tr;
	int code = mail_send(&M, &m, &tr);
	checkd(code == 250, tr, "swaks submits a UTF-8 mail to the MTA (got %d, want 250)", code);
	check_int(imap_wait_count(&M, PEER_ALICE, 1, 20), 1, "it arrives in alice's INBOX");

	size_t len = 0;
	char *raw = imap_fetch(&M, PEER_ALICE, 1, &len);
	if (!check(raw != NULL, "IMAP FETCH BODY.PEEK[] returns message 1")) {
		peers_dump_logs(&M, 20);
		return;
	}
	const char *rawsubj = mail_header_raw(raw, len, "Subject");
	check(rawsubj && !strncmp(rawsubj, "=?UTF-8?B?", 10) && strstr(rawsubj, "?= =?UTF-8?B?"),
	      "the subject travelled as several RFC 2047 words (%.80s)",
	      rawsubj ? rawsubj : "null");
	check_str(mail_header(raw, len, "Subject"), SUBJECT,
	          "the decoded subject is the Chinese text");
	check_str(mail_header(raw, len, "Message-ID"), "<round-trip.1@peers.test>",
	          "the Message-ID is kept");
	check_str(mail_header(raw, len, "X-Exdesk-Test"), "t_peers", "an extra header is kept");
	const char *rcvd = mail_header(raw, len, "Received");
	check(rcvd && strstr(rcvd, "LMTP"), "dovecot got it over LMTP (%.120s)", rcvd ? rcvd : "");
	check(memmem(raw, len, "by mta.peers.test (OpenSMTPD)", 29) != NULL,
	      "it went through the MTA (its Received: line is there)");
	char *want = crlf(BODY);
	check_str(mail_text(raw, len), want,
	          "the body arrives byte for byte (dots, protocol-like lines, CRLF)");
	free(want);
	check(strlen(raw) == len, "no NUL inside the fetched message (%zu bytes)", len);

	size_t hlen = 0;
	char *hdr = imap_fetch_header(&M, PEER_ALICE, 1, &hlen);
	check(hdr && hlen > 4 && hlen < len && !memcmp(hdr + hlen - 4, "\r\n\r\n", 4) &&
	          !memcmp(raw, hdr, hlen),
	      "BODY.PEEK[HEADER] is the message's header block");
}

static void test_seen(void)
{
	check_int(imap_is_seen(&M, PEER_ALICE, 1), 0, "reading with BODY.PEEK[] leaves it unseen");
	check_int(imap_unseen(&M, PEER_ALICE), 1, "STATUS counts it as unseen");
	long uid = imap_uid(&M, PEER_ALICE, 1);
	check(uid > 0, "message 1 has a UID (%ld)", uid);
	long uids[8];
	int n = imap_search_unseen(&M, PEER_ALICE, uids, 8);
	check(n == 1 && uids[0] == uid, "UID SEARCH UNSEEN lists its UID (got %d UIDs, first %ld)",
	      n, n > 0 ? uids[0] : -1);

	size_t plen = 0, ulen = 0;
	char *peeked = imap_fetch(&M, PEER_ALICE, 1, &plen);
	char *viaurl = imap_fetch_marking_seen(&M, PEER_ALICE, uid, &ulen);
	check(peeked && viaurl && plen == ulen && !memcmp(peeked, viaurl, plen),
	      "the URL fetch (;UID=n) hands the write callback the same bytes (%zu, %zu)", plen,
	      ulen);
	check_int(imap_is_seen(&M, PEER_ALICE, 1), 1, "the URL fetch sets \\Seen");
	n = imap_search_unseen(&M, PEER_ALICE, uids, 8);
	check_int(n, 0, "UID SEARCH UNSEEN no longer lists it");
	check(imap_set_seen(&M, PEER_ALICE, 1, false), "UID STORE -FLAGS (\\Seen) succeeds");
	check_int(imap_is_seen(&M, PEER_ALICE, 1), 0, "the message is unseen again");
	check(imap_set_seen(&M, PEER_ALICE, 1, true), "UID STORE +FLAGS (\\Seen) succeeds");
	check_int(imap_is_seen(&M, PEER_ALICE, 1), 1, "and seen again");
	check_int(imap_unseen(&M, PEER_ALICE), 0, "STATUS counts no unseen message");
	check(imap_fetch_marking_seen(&M, PEER_ALICE, uid + 100, NULL) == NULL,
	      "a URL fetch of a UID that does not exist fails");
}

struct upload {
	const char *p;
	size_t left;
};

static size_t on_read(char *buf, size_t sz, size_t nm, void *ud)
{
	struct upload *u = ud;
	size_t n = sz * nm < u->left ? sz * nm : u->left;
	memcpy(buf, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* The way exdesk sends: libcurl's SMTP client. Returns the CURLcode; *code the last reply. */
static CURLcode curl_submit(const char *url, const char *from, const char *to, const char *msg,
                            long *code)
{
	CURL *c = curl_easy_init();
	if (!c)
		abort();
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload u = {msg, strlen(msg)};
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	*code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return rc;
}

static void test_curl_smtp(void)
{
	/* the URL's path is the EHLO name */
	char url[128];
	snprintf(url, sizeof url, "%s/desk.test", M.smtp_url);
	struct mail_out m = {.from = "helpdesk@desk.test",
	                     .to = PEER_BOB,
	                     .subject = "Re: 提币未到账 [#1042]",
	                     .body = "已为您查询。\n.leading dot kept\n"};
	char *msg = mail_build(&m, NULL);
	long code;
	CURLcode rc = curl_submit(url, "<helpdesk@desk.test>", "<" PEER_BOB ">", msg, &code);
	checkd(rc == CURLE_OK, curl_easy_strerror(rc),
	       "libcurl's SMTP client submits to the MTA (last reply %ld)", code);
	check_int(imap_wait_count(&M, PEER_BOB, 1, 20), 1, "it arrives in bob's INBOX");
	size_t len = 0;
	char *raw = imap_fetch(&M, PEER_BOB, 1, &len);
	check_str(raw ? mail_header(raw, len, "Subject") : NULL, "Re: 提币未到账 [#1042]",
	          "its subject decodes");
	check_str(raw ? mail_text(raw, len) : NULL, "已为您查询。\r\n.leading dot kept\r\n",
	          "libcurl dot-stuffed the leading dot and dovecot holds the body as sent");

	rc = curl_submit(url, "<helpdesk@desk.test>", "<someone@example.com>", msg, &code);
	check(rc == CURLE_SEND_ERROR && code == 550,
	      "relaying to another domain is refused: CURLE_SEND_ERROR, 550 (got %d %s, %ld)",
	      (int)rc, curl_easy_strerror(rc), code);

	/* nothing listens on the desk's LMTP port in this program */
	char closed[64];
	snprintf(closed, sizeof closed, "smtp://127.0.0.1:%d/desk.test", M.desk_lmtp_port);
	rc = curl_submit(closed, "<helpdesk@desk.test>", "<" PEER_BOB ">", msg, &code);
	check(rc == CURLE_COULDNT_CONNECT,
	      "a relay that is down is CURLE_COULDNT_CONNECT (got %d %s)", (int)rc,
	      curl_easy_strerror(rc));
}

static void test_desk_queue(void)
{
	char *tr;
	const char eml[] = "From: alice@customer.test\nTo: support@desk.test\n"
	                   "Subject: withdrawal stuck\n\nplease help\n";
	int code = mail_send_raw(&M, PEER_ALICE, "support@desk.test", eml, sizeof eml - 1, &tr);
	checkd(code == 250, tr, "the MTA accepts mail for desk.test while the desk is down (%d)",
	       code);
	double end = now_s() + 10;
	int n;
	while ((n = peers_queued(&M, "support@desk.test")) == 0 && now_s() < end)
		sleep_s(0.1);
	checkd(n == 1, peers_queue(&M), "it waits in the queue (%d envelope)", n);
	check(peers_flush(&M), "peers flush (smtpctl schedule all) succeeds");
	sleep_s(0.5);
	check_int(peers_queued(&M, "support@desk.test"), 1,
	          "after a forced retry with nothing listening it is still queued");
	const char *q = peers_queue(&M);
	check(q && strstr(q, "mail.lmtp: connect"), "the queue says why (%.200s)", q ? q : "");

	code = mail_send_raw(&M, PEER_ALICE, "someone@example.com", eml, sizeof eml - 1, &tr);
	checkd(code == 550, tr, "swaks: no relaying to other domains (got %d, want 550)", code);
}

/* What exdesk's tests do to reach its LMTP listener directly, tried on dovecot's. */
static void test_lmtp_direct(void)
{
	char server[64], *tr;
	snprintf(server, sizeof server, "127.0.0.1:%d", M.dovecot_lmtp_port);
	const char eml[] = "From: bob@customer.test\nTo: mallory@customer.test\n"
	                   "Subject: straight over LMTP\n\nno MTA in between\n";
	int code = mail_swaks(server, true, PEER_BOB, PEER_MALLORY, eml, sizeof eml - 1, &tr);
	checkd(code == 250, tr, "swaks over LMTP straight to dovecot (got %d, want 250)", code);
	check_int(imap_wait_count(&M, PEER_MALLORY, 1, 10), 1, "it is in mallory's INBOX");
	size_t len = 0;
	char *raw = imap_fetch(&M, PEER_MALLORY, 1, &len);
	check(raw && !memmem(raw, len, "OpenSMTPD", 9) &&
	          !strcmp(mail_text(raw, len) ? mail_text(raw, len) : "", "no MTA in between\r\n"),
	      "without the MTA's Received: line, body intact");
	code = mail_swaks(server, true, PEER_BOB, "nobody@customer.test", eml, sizeof eml - 1, &tr);
	checkd(code == 550, tr, "dovecot refuses an unknown user over LMTP (got %d, want 550)",
	       code);
}

/* A second instance beside the first (they must not clash), with desk.test relayed by smtpd's
 * own LMTP client: the envelope waits in the MTA's relay queue, not the MDA's. */
static void test_desk_relay(void)
{
	static struct peers R;
	if (M.shared_spool) {
		note("shared spool (no mount namespace): one smtpd at a time, no second instance");
		return;
	}
	peers_start_opts(&R, &(struct peers_opts){.desk_relay = true});
	check(strcmp(R.dir, M.dir) && R.smtp_port != M.smtp_port,
	      "a second instance runs beside the first (%s, smtp %d)", R.dir, R.smtp_port);
	char *tr;
	const char eml[] = "From: alice@customer.test\nTo: support@desk.test\n"
	                   "Subject: relayed\n\nvia lmtp://\n";
	int code = mail_send_raw(&R, PEER_ALICE, "support@desk.test", eml, sizeof eml - 1, &tr);
	checkd(code == 250, tr, "--desk-relay: the MTA accepts mail for desk.test (%d)", code);
	double end = now_s() + 10;
	int n;
	while ((n = peers_queued(&R, "|mta||alice@customer.test|support@desk.test|")) == 0 &&
	       now_s() < end)
		sleep_s(0.1);
	checkd(n == 1, peers_queue(&R), "--desk-relay: it waits for the relay (mta), not the mda");
	check_int(peers_queued(&M, "support@desk.test"), 1,
	          "the first instance's queue still holds only its own envelope");
	peers_stop(&R);
}

/* A live process (zombies waiting for init do not count). */
static bool running(long pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	const char *rp = strrchr(buf, ')');
	return rp && rp[1] == ' ' && rp[2] != 'Z' && rp[2] != 'X';
}

static long pid_in(const char *file)
{
	char path[400], buf[32] = "";
	snprintf(path, sizeof path, "%s/%s", M.dir, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	if (!fgets(buf, sizeof buf, f))
		buf[0] = 0;
	fclose(f);
	return strtol(buf, NULL, 10);
}

static bool port_open(int port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
	if (fd >= 0)
		close(fd);
	return ok;
}

static void test_stop(void)
{
	long pids[] = {pid_in("smtpd.pid"), pid_in("dovecot.pid"), pid_in("keeper.pid")};
	check(pids[0] > 0 && pids[1] > 0 && pids[2] > 0 && running(pids[0]) && running(pids[1]) &&
	          running(pids[2]),
	      "smtpd, dovecot and the keeper run (%ld %ld %ld)", pids[0], pids[1], pids[2]);
	double t0 = now_s();
	peers_stop(&M);
	note("peers stop took %.2f s", now_s() - t0);
	check(!running(pids[0]) && !running(pids[1]) && !running(pids[2]),
	      "after peers stop none of them runs");
	check(!port_open(M.smtp_port) && !port_open(M.imap_port) && !port_open(M.dovecot_lmtp_port),
	      "and their ports are closed");
}

int main(void)
{
	h_init(180);
	peers_start(&M);
	test_round_trip();
	test_seen();
	test_curl_smtp();
	test_desk_queue();
	test_lmtp_direct();
	test_desk_relay();
	test_stop();
	return h_finish();
}
