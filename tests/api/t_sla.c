/* t_sla — response targets by policy on the ticket API: a chat gets the chat policy (first
 * response in 1 minute), a VIP mail the VIP one (5 minutes), urgent the urgent one, anything
 * else the standard 10 minutes; pending pauses the clock and the due time moves by the pause;
 * a public reply fulfils the first response; a customer message after it starts a next-response
 * wait; solving fulfils the resolution target. */
#include "harness.h"

#include <string.h>

static struct srv S;

static json_t *get(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", id), S.token, NULL);
	return jget(r->json, "ticket");
}

static double since_created(json_t *t, const char *path)
{
	const char *v = jstr(t, path);
	return v ? rfc3339_utc(v) - rfc3339_utc(jstr(t, "created_at")) : -1;
}

/* created_at has whole seconds, SLA times milliseconds: due - created is in [target, target + 1). */
static bool near(double got, double want)
{
	return got >= want && got < want + 1;
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	json_t *chat = mk_ticket(&S, S.token, "{\"subject\":\"充值\",\"body\":\"充值没到\",\"channel\":\"chat\","
					      "\"requester\":{\"email\":\"c1@example.cn\"}}");
	check_str(jstr(chat, "sla.policy"), "chat", "a chat gets the chat policy");
	check(near(since_created(chat, "sla.first_response.due_at"), 60), "chat first response due in 1 minute");
	check_int(jint(chat, "sla.first_response.target_seconds"), 60, "... target 60 s");
	check_str(jstr(chat, "sla.first_response.clock"), "running", "... and its clock runs");
	json_t *vip = mk_ticket(&S, S.token, "{\"subject\":\"Withdrawal\",\"body\":\"held\",\"channel\":\"email\","
					     "\"requester\":{\"email\":\"v@example.com\",\"vip_tier\":3}}");
	check_str(jstr(vip, "sla.policy"), "vip", "a VIP mail gets the VIP policy");
	check(near(since_created(vip, "sla.first_response.due_at"), 300), "VIP first response due in 5 minutes");
	json_t *urg = mk_ticket(&S, S.token, "{\"subject\":\"Hacked\",\"body\":\"account stolen\",\"priority\":\"urgent\","
					     "\"requester\":{\"email\":\"u@example.com\"}}");
	check_str(jstr(urg, "sla.policy"), "urgent", "urgent gets the urgent policy");
	json_t *std = mk_ticket(&S, S.token, "{\"subject\":\"KYC\",\"body\":\"level 2?\","
					     "\"requester\":{\"email\":\"s@example.com\"}}");
	check_str(jstr(std, "sla.policy"), "standard", "anything else: standard");
	check(near(since_created(std, "sla.first_response.due_at"), 600), "standard first response due in 10 minutes");
	check(near(since_created(std, "sla.resolution.due_at"), 86400), "standard resolution due in 24 hours");
	check(near(since_created(std, "sla.first_reply.due_at"), 600), "first_reply is kept (= first_response)");
	check(jisnull(std, "sla.next_response") || !strcmp(jstr(std, "sla.next_response.clock"), "idle"),
	      "no next-response wait before the first reply");

	/* Pending pauses the clock; back to open, the due time has moved by the pause. */
	long long id = jint(std, "id");
	struct resp *r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", id), S.token, jpack("{s:s}", "status", "pending"));
	check_status(r, 200, "the ticket goes pending");
	json_t *t = get(id);
	check_str(jstr(t, "sla.first_response.clock"), "paused", "pending pauses the first-response clock");
	sleep_s(2.2);
	httpj(&S, "PATCH", P("/api/v1/tickets/%lld", id), S.token, jpack("{s:s}", "status", "open"));
	t = get(id);
	check_str(jstr(t, "sla.first_response.clock"), "running", "open again: it runs");
	double d = since_created(t, "sla.first_response.due_at");
	checkd(d >= 602 && d <= 605, jstr(t, "sla.first_response.due_at"),
	       "the due time moved by the pause (~2 s)");

	/* A reply fulfils it; a customer message then starts a next-response wait. */
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", id), S.token, jpack("{s:s}", "body", "Level 2 needs a selfie."));
	check_status(r, 201, "an agent replies");
	t = get(id);
	check_str(jstr(t, "sla.first_response.clock"), "fulfilled", "the reply fulfils the first response");
	check(jisnull(t, "sla.first_response.breached_at"), "... in time");
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/messages", id), S.token, jpack("{s:s}", "body", "Done, uploaded."));
	check_status(r, 201, "the customer writes again");
	t = get(id);
	check_str(jstr(t, "sla.next_response.clock"), "running", "a next-response wait starts");
	check_int(jint(t, "sla.next_response.target_seconds"), 3600, "... with the standard 1 hour");
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", id), S.token, jpack("{s:s}", "status", "solved"));
	t = get(id);
	check_str(jstr(t, "sla.resolution.clock"), "fulfilled", "solving fulfils the resolution target");
	const char *due = jstr(t, "sla.resolution.due_at");
	check(due && strlen(due) == 24 && due[19] == '.', "SLA instants carry milliseconds (%s)", due ? due : "null");

	/* A reply that reopens a pending ticket answers it. */
	json_t *p = mk_ticket(&S, S.token, "{\"subject\":\"2FA\",\"body\":\"reset\",\"requester\":{\"email\":\"p@example.com\"}}");
	long long pid = jint(p, "id");
	httpj(&S, "PATCH", P("/api/v1/tickets/%lld", pid), S.token, jpack("{s:s}", "status", "pending"));
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", pid), S.token,
		  jpack("{s:s, s:s}", "body", "Please send a selfie.", "status", "open"));
	check_status(r, 201, "a reply reopens a pending ticket");
	t = get(pid);
	/* The reply and the reopening are one transaction but two timestamps (the audit event may be
	 * a millisecond later): either order fulfils the first response. */
	check_str(jstr(t, "sla.first_response.clock"), "fulfilled", "it fulfils the first response");
	check(jisnull(t, "sla.first_response.breached_at"), "... in time");
	srv_stop(&S);
	return h_finish();
}
