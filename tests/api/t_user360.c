/* t_user360 — the exchange account beside a ticket (docs/exchange/user-360.md): a desk connected
 * to the real demo exchange, tickets of seeded users (王小明 VIP 3 with a pending withdrawal, a
 * frozen account with its reason, an authenticator reset 3 hours ago), a customer without uid,
 * a uid the exchange does not know; the same answer by customer; PII in clear for an admin and
 * an agent, masked everywhere in the answer for qa; an agent of another group gets 404; bad ids;
 * a desk without an exchange; one part failing (a proxy in front of the exchange answers 503 for
 * trades and garbage for logins) leaves the other parts shown; an exchange that hangs (SIGSTOP)
 * and one that is gone answered within a bounded time with every section's error, the desk
 * still serving. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "harness_exchange.h"

#define U_POISONED "10000001"
#define U_FRESH_2FA "10000002"
#define U_FROZEN "10000004"
#define U_UNKNOWN "99999999"
#define POISON "0x35799617c9aab8955698d57c49b1f23f09CC23b7"

static struct srv D, X;
static long long gA, gB, T1, T2, T4, TN, TU, C1;
static char tok_qa[512], tok_agent_a[512], tok_agent_b[512], tok_sup[512];

static long long ticket(const char *requester, long long group)
{
	json_t *t = mk_ticket(&D, D.token,
	                      P("{\"subject\":\"Where is my withdrawal?\",\"body\":\"Please check.\","
	                        "\"requester\":%s,\"group_id\":%lld}",
	                        requester, group));
	return t ? jint(t, "id") : 0;
}

/* The desk screens the withdrawals the exchange reported at its start; 王小明's 5000 USDT to a
 * lookalike address is held by it. Wait until every event is worked so the statuses are settled. */
static void events_settled(void)
{
	double end = now_s() + 30;
	const char *n = NULL;
	while (now_s() < end) {
		n = db_query1(&D, "SELECT COUNT(*) FROM exchange_events WHERE status = 'new'");
		const char *all = db_query1(&D, "SELECT COUNT(*) FROM exchange_events");
		if (n && all && !strcmp(n, "0") && atoi(all) >= 5)
			break;
		sleep_s(0.1);
	}
	check_str(n, "0", "the exchange's queued events are worked before the reads");
}

static void setup(void)
{
	xdesk_start(&D, &X, NULL);
	events_settled();
	gA = mk_group(&D, "Withdrawals", "L1");
	gB = mk_group(&D, "Deposits", "L1");
	T1 = ticket("{\"exchange_uid\":\"" U_POISONED "\",\"name\":\"王小明\",\"language\":\"zh-CN\"}",
	            gA);
	T2 = ticket("{\"exchange_uid\":\"" U_FRESH_2FA "\",\"name\":\"佐藤 花子\"}", gA);
	T4 = ticket("{\"exchange_uid\":\"" U_FROZEN "\",\"name\":\"Иван Петров\"}", gA);
	TN = ticket("{\"email\":\"no.uid@example.com\",\"name\":\"Mail Only\"}", gA);
	TU = ticket("{\"exchange_uid\":\"" U_UNKNOWN "\"}", gA);
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld", T1), D.token, NULL);
	C1 = jint(r->json, "ticket.requester.id");
	check(T1 && T2 && T4 && TN && TU && C1 > 0, "tickets for five requesters");
	mk_agent(&D, "qa@test.local", "Quinn QA", "qa", "L1", NULL, tok_qa);
	mk_agent(&D, "sup@test.local", "Sam Sup", "supervisor", "L2", NULL, tok_sup);
	mk_agent(&D, "a@test.local", "Ann Agent", "agent", "L1", P("[%lld]", gA), tok_agent_a);
	mk_agent(&D, "b@test.local", "Bo Agent", "agent", "L1", P("[%lld]", gB), tok_agent_b);
}

static json_t *find_item(json_t *items, const char *key, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v)
	{
		const char *s = jstr(v, key);
		if (s && !strcmp(s, value))
			return v;
	}
	return NULL;
}

static bool list_section_ok(json_t *j, const char *name, size_t max)
{
	json_t *items = jget(j, P("%s.items", name));
	return json_is_array(items) && json_array_size(items) <= max &&
	       json_is_boolean(jget(j, P("%s.more", name))) && !jhas(j, P("%s.error", name));
}

static void test_vip_user(void)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), D.token, NULL);
	check_status(r, 200, "admin reads 王小明's exchange account");
	json_t *j = r->json;
	check(jget(j, "linked") == json_true() && jget(j, "found") == json_true() &&
	          jget(j, "complete") == json_true(),
	      "linked, found and complete");
	check_str(jstr(j, "uid"), U_POISONED, "the uid in clear for an admin");
	check_int(jint(j, "ticket_id"), T1, "ticket_id");
	check_int(jint(j, "customer_id"), C1, "customer_id");
	check(rfc3339_utc(jstr(j, "fetched_at")) > 0, "fetched_at is a time");
	check_str(jstr(j, "profile.name"), "王小明", "profile name byte for byte");
	check_int(jint(j, "profile.vip_tier"), 3, "VIP 3");
	check_int(jint(j, "profile.kyc.level"), 2, "KYC level 2");
	check_str(jstr(j, "profile.kyc.status"), "verified", "KYC verified");
	check_str(jstr(j, "profile.account_status"), "active", "account active");
	check(jisnull(j, "profile.status_reason"), "no status reason when active");
	check_str(jstr(j, "profile.two_factor"), "totp", "2FA by authenticator");
	check_str(jstr(j, "profile.email"), "wang.xiaoming@example.com", "email in clear");
	check_str(jstr(j, "profile.phone"), "+65 8123 4567", "phone in clear");
	check(list_section_ok(j, "security_events", 10), "security events: items, at most 10");
	check(list_section_ok(j, "logins", 5), "logins: items, at most 5");
	check(list_section_ok(j, "deposits", 5), "deposits: items, at most 5");
	check(list_section_ok(j, "withdrawals", 5), "withdrawals: items, at most 5");
	check(list_section_ok(j, "trades", 5), "trades: items, at most 5");
	check(list_section_ok(j, "balances", 100), "balances: items");
	json_t *w = find_item(jget(j, "withdrawals.items"), "status", "held");
	checkd(w != NULL, jdump(jget(j, "withdrawals")),
	       "the withdrawal the desk held (poisoning) is listed as held");
	check(w && !strcmp(jstr(w, "asset"), "USDT") && !strcmp(jstr(w, "amount"), "5000") &&
	          !strcmp(jstr(w, "address"), POISON) && jstr(w, "network"),
	      "held withdrawal: 5000 USDT to the lookalike address, with its network");
	json_t *usdt = find_item(jget(j, "balances.items"), "asset", "USDT");
	check(usdt && jstr(usdt, "available") && jstr(usdt, "locked") && jstr(usdt, "total") &&
	          strcmp(jstr(usdt, "locked"), "0") != 0,
	      "USDT balance with the withdrawal locked (amounts as strings)");
	json_t *se = jget(j, "security_events.items");
	check(find_item(se, "kind", "password_change") && find_item(se, "kind", "anti_phishing_change"),
	      "security events: password and anti-phishing changes");
	check_str(jstr(json_array_get(se, 0), "ip"), "203.0.113.10", "security event IP in clear");
	json_t *l0 = json_array_get(jget(j, "logins.items"), 0);
	check(l0 && jstr(l0, "ip") && json_is_boolean(jget(l0, "new_device")) &&
	          json_is_boolean(jget(l0, "new_country")) && rfc3339_utc(jstr(l0, "at")) > 0,
	      "a login with IP, new_device, new_country and time");
	check(!jhas(j, "profile.created_at") || rfc3339_utc(jstr(j, "profile.created_at")) > 0,
	      "profile created_at is a time");

	/* the same by customer */
	r = http(&D, "GET", P("/api/v1/customers/%lld/exchange", C1), D.token, NULL);
	check_status(r, 200, "by customer id");
	check_str(jstr(r->json, "profile.name"), "王小明", "by customer: the same profile");
	check(!jhas(r->json, "ticket_id"), "by customer: no ticket_id");
	check_str(jstr(r->json, "withdrawals.items.0.status"), "held",
	          "by customer: the newest withdrawal is the held one");
}

static void test_frozen_and_2fa(void)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T4), D.token, NULL);
	check_status(r, 200, "frozen user");
	check_str(jstr(r->json, "profile.account_status"), "frozen", "account frozen");
	check_str(jstr(r->json, "profile.status_reason"), "risk review: card chargeback dispute",
	          "with its reason");
	check_str(jstr(r->json, "profile.name"), "Иван Петров", "Cyrillic name byte for byte");

	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T2), D.token, NULL);
	check_status(r, 200, "user with a fresh 2FA reset");
	json_t *e0 = jget(r->json, "security_events.items.0");
	check_str(jstr(e0, "kind"), "2fa_reset", "the newest security event is the 2FA reset");
	double age_h = (now_s() - rfc3339_utc(jstr(e0, "at"))) / 3600.0;
	checkd(age_h > 2.9 && age_h < 3.2, jdump(e0), "reset about 3 hours ago");
	json_t *ec = find_item(jget(r->json, "security_events.items"), "kind", "email_change");
	check_str(ec ? jstr(ec, "detail") : NULL, "sato.h@example.jp -> sato.hanako@example.jp",
	          "email change detail in clear for an admin");
}

static void test_unlinked_and_unknown(void)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", TN), D.token, NULL);
	check_status(r, 200, "customer without uid");
	check(jget(r->json, "linked") == json_false() && !jhas(r->json, "profile"),
	      "linked false, nothing read");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", TU), D.token, NULL);
	check_status(r, 200, "uid the exchange does not know");
	check(jget(r->json, "linked") == json_true() && jget(r->json, "found") == json_false() &&
	          !jhas(r->json, "profile"),
	      "linked true, found false, no sections");
	check_str(jstr(r->json, "uid"), U_UNKNOWN, "its uid");
}

static void test_masking(void)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), tok_qa, NULL);
	check_status(r, 200, "qa reads the exchange account");
	json_t *j = r->json;
	check_str(jstr(j, "profile.email"), "w***@example.com", "qa: email masked");
	check_str(jstr(j, "profile.name"), "王小***", "qa: name masked");
	check_str(jstr(j, "profile.phone"), "+6***", "qa: phone masked");
	check_str(jstr(j, "uid"), "10***", "qa: uid masked");
	check_str(jstr(j, "profile.uid"), "10***", "qa: profile uid masked");
	check_str(jstr(j, "security_events.items.0.ip"), "20***", "qa: security event IP masked");
	check_int(jint(j, "profile.vip_tier"), 3, "qa: VIP tier still shown");
	check_str(jstr(j, "withdrawals.items.0.address"), POISON, "qa: addresses are not PII");
	static const char *const secrets[] = {"wang.xiaoming", "8123 4567", "王小明", U_POISONED,
	                                      "203.0.113."};
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		checkd(!strstr(r->body, secrets[i]), secrets[i], "qa: nowhere in the answer: %s",
		       secrets[i]);

	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T2), tok_qa, NULL);
	check_status(r, 200, "qa reads the 2FA-reset user");
	check(!strstr(r->body, "sato.h") && !strstr(r->body, "198.51.100."),
	      "qa: the email change's addresses and the IPs are masked");
	check_str(jstr(r->json, "security_events.items.0.kind"), "2fa_reset",
	          "qa: the reset itself still shows");

	r = http(&D, "GET", P("/api/v1/customers/%lld/exchange", C1), tok_qa, NULL);
	check_str(jstr(r->json, "profile.email"), "w***@example.com", "qa by customer: masked too");

	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", TU), tok_qa, NULL);
	check_str(jstr(r->json, "uid"), "99***", "qa: an unknown user's uid masked too");

	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), tok_sup, NULL);
	check_str(jstr(r->json, "profile.email"), "wang.xiaoming@example.com",
	          "supervisor: email in clear");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), tok_agent_a, NULL);
	check_status(r, 200, "agent of the ticket's group reads it");
	check_str(jstr(r->json, "profile.email"), "wang.xiaoming@example.com",
	          "agent: email in clear");
}

static void test_visibility_and_bad_ids(void)
{
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), tok_agent_b, NULL);
	check_error(r, 404, "not_found", NULL, "agent of another group: 404");
	check(!strstr(r->body, "王小明"), "and nothing of the account");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), NULL, NULL);
	check_error(r, 401, "unauthorized", NULL, "no credentials: 401");
	r = http(&D, "GET", "/api/v1/tickets/999999/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "unknown ticket: 404");
	r = http(&D, "GET", "/api/v1/tickets/abc/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "ticket id not a number: 404");
	r = http(&D, "GET", "/api/v1/tickets/EXD-999999/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "unknown ticket number: 404");
	r = http(&D, "GET", "/api/v1/customers/999999/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "unknown customer: 404");
	r = http(&D, "GET", "/api/v1/customers/x1/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "customer id not a number: 404");
	r = http(&D, "GET", "/api/v1/customers/-1/exchange", D.token, NULL);
	check_error(r, 404, "not_found", NULL, "negative customer id: 404");
	r = http(&D, "POST", P("/api/v1/tickets/%lld/exchange", T1), D.token, "{}");
	check_error(r, 405, "method_not_allowed", NULL, "POST: 405");
	/* by number too */
	r = http(&D, "GET", P("/api/v1/tickets/%lld", T1), D.token, NULL);
	const char *num = jstr(r->json, "ticket.number");
	r = http(&D, "GET", P("/api/v1/tickets/%s/exchange", num ? num : "none"), D.token, NULL);
	check_str(jstr(r->json, "profile.name"), "王小明", "by ticket number");
}

/* ---- a proxy in front of the exchange that breaks two reads ----
 * Forwards each request as it came (the signature covers only method, target and body) with
 * "Connection: close", except: a target with /trades is answered 503, one with /logins 200 with
 * a body that is not JSON. */
static int proxy_fd, upstream_port;

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void *proxy_conn(void *arg)
{
	int c = (int)(long)arg;
	char buf[16384];
	size_t n = 0;
	char *end = NULL;
	while (n < sizeof buf - 1 && !end) {
		ssize_t k = recv(c, buf + n, sizeof buf - 1 - n, 0);
		if (k <= 0)
			break;
		n += (size_t)k;
		buf[n] = 0;
		end = strstr(buf, "\r\n\r\n");
	}
	char *eol = end ? strstr(buf, "\r\n") : NULL;
	if (!eol) {
		close(c);
		return NULL;
	}
	*eol = 0;
	bool trades = strstr(buf, "/trades") != NULL, logins = strstr(buf, "/logins") != NULL;
	*eol = '\r';
	if (trades || logins) {
		const char *a = trades ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
		                         "Connection: close\r\n\r\n"
		                       : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
		                         "Content-Length: 9\r\nConnection: close\r\n\r\nnot json!";
		send_all(c, a, strlen(a));
		close(c);
		return NULL;
	}
	int u = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET,
	                         .sin_port = htons((uint16_t)upstream_port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (u < 0 || connect(u, (struct sockaddr *)&sa, sizeof sa) != 0) {
		if (u >= 0)
			close(u);
		close(c);
		return NULL;
	}
	send_all(u, buf, (size_t)(eol - buf) + 2);
	send_all(u, "Connection: close\r\n", 19);
	send_all(u, eol + 2, n - (size_t)(eol + 2 - buf));
	for (;;) {
		ssize_t k = recv(u, buf, sizeof buf, 0);
		if (k <= 0)
			break;
		send_all(c, buf, (size_t)k);
	}
	close(u);
	close(c);
	return NULL;
}

static void *proxy_main(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(proxy_fd, NULL, NULL);
		if (c < 0)
			return NULL;
		pthread_t t;
		if (pthread_create(&t, NULL, proxy_conn, (void *)(long)c) == 0)
			pthread_detach(t);
		else
			close(c);
	}
}

static void test_one_part_failing(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	proxy_fd = socket(AF_INET, SOCK_STREAM, 0);
	if (!check(proxy_fd >= 0 && bind(proxy_fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	               listen(proxy_fd, 64) == 0 &&
	               getsockname(proxy_fd, (struct sockaddr *)&a, &l) == 0,
	           "a proxy in front of the exchange"))
		return;
	upstream_port = X.port;
	pthread_t pt;
	pthread_create(&pt, NULL, proxy_main, NULL);
	pthread_detach(pt);
	static char url[64], secrets[300];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	snprintf(secrets, sizeof secrets, "%s/secrets", X.dir);
	static struct srv d2; /* the harness keeps servers until h_finish */
	memset(&d2, 0, sizeof d2);
	d2.extra_args[0] = "--exchange";
	d2.extra_args[1] = url;
	d2.extra_args[2] = "--exchange-secrets";
	d2.extra_args[3] = secrets;
	srv_start(&d2);
	json_t *t = mk_ticket(&d2, d2.token,
	                      "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"exchange_uid\":\"" U_POISONED
	                      "\"}}");
	struct resp *r = http(&d2, "GET", P("/api/v1/tickets/%lld/exchange", jint(t, "id")), d2.token,
	                      NULL);
	check_status(r, 200, "two parts failing: still answered");
	json_t *j = r->json;
	check(jget(j, "complete") == json_false(), "two parts failing: not complete");
	check_str(jstr(j, "trades.error.code"), "exchange_unavailable", "trades: exchange_unavailable");
	check_str(jstr(j, "trades.error.reason"), "http_503", "trades: the reason is the 503");
	check(!jhas(j, "trades.items"), "trades: no items beside the error");
	check_str(jstr(j, "logins.error.code"), "exchange_bad_answer", "logins: exchange_bad_answer");
	check(jstr(j, "logins.error.message") && *jstr(j, "logins.error.message"),
	      "logins: with a message");
	check_str(jstr(j, "profile.name"), "王小明", "the profile still shows");
	check(list_section_ok(j, "security_events", 10) && list_section_ok(j, "balances", 100) &&
	          list_section_ok(j, "deposits", 5) && list_section_ok(j, "withdrawals", 5),
	      "security events, balances, deposits and withdrawals still show");
	check_str(jstr(j, "withdrawals.items.0.status"), "held", "the held withdrawal still shows");
	srv_stop(&d2);
	shutdown(proxy_fd, SHUT_RDWR);
	close(proxy_fd);
}

static bool every_section_failed(json_t *j, const char *code, const char *reason)
{
	static const char *const names[] = {"profile", "security_events", "logins", "balances",
	                                    "deposits", "withdrawals", "trades"};
	for (size_t i = 0; i < 7; i++) {
		const char *c = jstr(j, P("%s.error.code", names[i]));
		const char *m = jstr(j, P("%s.error.message", names[i]));
		const char *why = jstr(j, P("%s.error.reason", names[i]));
		if (!c || strcmp(c, code) || !m || !*m || (reason && (!why || strcmp(why, reason))))
			return false;
	}
	return true;
}

/* Has the process stopped (state T in /proc)? kill() returns before every thread has. */
static bool stopped(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *close_paren = strrchr(buf, ')');
	return close_paren && close_paren[1] == ' ' && close_paren[2] == 'T';
}

static void test_exchange_down(void)
{
	/* Hanging: the process is stopped, its socket still accepts, nothing answers. */
	srv_signal(&X, SIGSTOP);
	for (int i = 0; i < 200 && !stopped(X.pid); i++)
		sleep_s(0.01);
	check(stopped(X.pid), "the exchange process is stopped");
	struct resp *r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), D.token, NULL);
	check_status(r, 200, "hanging exchange: still answered");
	checkd(r->seconds < 5.0, P("%.2f s", r->seconds), "hanging exchange: within 5 s (7 reads at once)");
	checkd(every_section_failed(r->json, "exchange_unavailable", "timeout"), jdump(r->json),
	       "hanging exchange: every section carries exchange_unavailable (timeout)");
	check(jget(r->json, "complete") == json_false() && jget(r->json, "linked") == json_true(),
	      "hanging exchange: linked, not complete");
	srv_signal(&X, SIGCONT);
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T4), D.token, NULL);
	check_str(jstr(r->json, "profile.account_status"), "frozen",
	          "the exchange back: the panel reads again");

	/* Gone. */
	srv_stop(&X);
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", T1), tok_qa, NULL);
	check_status(r, 200, "stopped exchange: still answered");
	checkd(r->seconds < 3.0, P("%.2f s", r->seconds), "stopped exchange: within 3 s");
	checkd(every_section_failed(r->json, "exchange_unavailable", "connect_failed"),
	       jdump(r->json), "stopped exchange: every section carries exchange_unavailable");
	check_str(jstr(r->json, "uid"), "10***", "stopped exchange: qa's uid still masked");
	r = http(&D, "GET", P("/api/v1/tickets/%lld/exchange", TN), D.token, NULL);
	check(r->status == 200 && jget(r->json, "linked") == json_false(),
	      "stopped exchange: a customer without uid is still linked false");
	r = http(&D, "GET", "/healthz", NULL, NULL);
	check_status(r, 200, "the desk is still serving");
}

static void test_no_exchange(void)
{
	static struct srv plain; /* the harness keeps servers until h_finish */
	memset(&plain, 0, sizeof plain);
	srv_start(&plain);
	json_t *t = mk_ticket(&plain, plain.token,
	                      "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"exchange_uid\":\"" U_POISONED
	                      "\"}}");
	json_t *t2 = mk_ticket(&plain, plain.token,
	                       "{\"subject\":\"s\",\"body\":\"b\",\"requester\":{\"email\":\"x@example.com\"}}");
	struct resp *r = http(&plain, "GET", P("/api/v1/tickets/%lld/exchange", jint(t, "id")),
	                      plain.token, NULL);
	check_error(r, 503, "exchange_not_connected", NULL, "no exchange connected: 503");
	r = http(&plain, "GET", P("/api/v1/tickets/%lld/exchange", jint(t2, "id")), plain.token, NULL);
	check(r->status == 200 && jget(r->json, "linked") == json_false(),
	      "no exchange, no uid: linked false");
	srv_stop(&plain);
}

int main(void)
{
	h_init(180);
	setup();
	test_vip_user();
	test_frozen_and_2fa();
	test_unlinked_and_unknown();
	test_masking();
	test_visibility_and_bad_ids();
	test_one_part_failing();
	test_exchange_down();
	test_no_exchange();
	return h_finish();
}
