/* t_escalation — tiered escalation end to end: first line escalates to second line, which
 * escalates to an expert; each child is linked and its parent waits on_hold; when a child is
 * solved its parent reopens with the child's resolution as an internal note, up the chain, and
 * the customer's conversation stays on the first ticket. A follow-up of a closed ticket (also a
 * parent/child pair) does not reopen anything. */
#include "harness.h"

#include <string.h>

static struct srv S;

static json_t *get_ticket(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld", id), S.token, NULL);
	return jget(r->json, "ticket");
}

static json_t *last_message(long long id)
{
	struct resp *r = http(&S, "GET", P("/api/v1/tickets/%lld/messages", id), S.token, NULL);
	json_t *arr = jget(r->json, "messages");
	return json_array_get(arr, json_array_size(arr) - 1);
}

static long long escalate(long long id, long long group, const char *summary)
{
	struct resp *r = httpj(&S, "POST", P("/api/v1/tickets/%lld/escalate", id), S.token,
			       jpack("{s:I, s:s, s:s}", "group_id", (json_int_t)group, "summary",
				     summary, "actions_taken", "Checked the deposit address and memo"));
	check_status(r, 201, "escalate ticket %lld to group %lld", id, group);
	return jint(r->json, "ticket.id");
}

int main(void)
{
	h_init(120);
	srv_start(&S);
	long long l1 = mk_group(&S, "Deposits L1", "L1"), l2 = mk_group(&S, "Deposits L2", "L2"),
		  ex = mk_group(&S, "Recovery experts", "expert");
	json_t *t = mk_ticket(&S, S.token,
			      P("{\"subject\":\"充值未到账\",\"body\":\"USDT 充值 3 小时未到账\","
				"\"requester\":{\"email\":\"wang@example.cn\"},\"group_id\":%lld}", l1));
	long long parent = jint(t, "id");
	long long child = escalate(parent, l2, "Deposit not credited; tx confirmed on chain");
	check_str(jstr(get_ticket(parent), "status"), "on_hold", "the first-line ticket waits on_hold");
	long long grandchild = escalate(child, ex, "Memo missing: needs manual recovery");
	check_str(jstr(get_ticket(child), "status"), "on_hold", "the second-line ticket waits on_hold too");
	check_int(jint(get_ticket(grandchild), "parent_id"), child, "the expert ticket's parent is L2's");

	/* The expert solves it with a note; L2's ticket reopens with that resolution. */
	struct resp *r = httpj(&S, "POST", P("/api/v1/tickets/%lld/notes", grandchild), S.token,
			       jpack("{s:s}", "body", "Credited 500 USDT manually, fee 10 USDT."));
	check_status(r, 201, "the expert writes the resolution");
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", grandchild), S.token,
		  jpack("{s:s}", "status", "solved"));
	check_status(r, 200, "the expert solves the case");
	json_t *c = get_ticket(child);
	check_str(jstr(c, "status"), "open", "solving the expert ticket reopens second line's");
	json_t *m = last_message(child);
	check_str(jstr(m, "kind"), "note", "... with an internal note");
	checkd(jstr(m, "body") && strstr(jstr(m, "body"), "Credited 500 USDT manually") &&
		       strstr(jstr(m, "body"), jstr(get_ticket(grandchild), "number")),
	       jstr(m, "body"), "the note carries the resolution and the expert ticket's number");
	check_str(jstr(get_ticket(parent), "status"), "on_hold",
		  "first line still waits: its own child is not solved yet");

	/* The customer hears back on the first ticket only: no public reply on an escalation. */
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/reply", child), S.token,
		  jpack("{s:s}", "body", "Dear customer, ..."));
	check_error(r, 409, "escalation_child", NULL, "a public reply on an escalation is refused");
	/* Second line solves with a note and the status: first line reopens. */
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/notes", child), S.token,
		  jpack("{s:s}", "body", "Recovered by the expert team; tell the customer."));
	check_status(r, 201, "second line writes its resolution");
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", child), S.token, jpack("{s:s}", "status", "solved"));
	check_status(r, 200, "second line solves its ticket");
	check_str(jstr(get_ticket(parent), "status"), "open", "first line's ticket reopens");
	m = last_message(parent);
	check_str(jstr(m, "kind"), "note", "first line gets an internal note, not a public reply");
	checkd(jstr(m, "body") && strstr(jstr(m, "body"), "Recovered by the expert team"), jstr(m, "body"),
	       "the note carries second line's resolution");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/links", parent), S.token, NULL);
	check_int((long long)json_array_size(jget(r->json, "links")), 1, "the parent links its child");
	r = http(&S, "GET", P("/api/v1/tickets/%lld/links", child), S.token, NULL);
	check_int((long long)json_array_size(jget(r->json, "links")), 2,
		  "second line links both its parent and its child");

	/* A chat escalated to second line: the widget still shows one conversation. */
	char wtok[256];
	mk_widget_session(&S, "{\"name\":\"Minh\",\"language\":\"vi\"}", wtok);
	r = http_w(&S, "POST", "/api/v1/widget/conversations", wtok,
		   "{\"body\":\"Tài khoản của tôi bị khóa sau khi rút tiền\"}");
	long long chat = jint(r->json, "conversation.id");
	long long chat_child = escalate(chat, l2, "Account frozen after withdrawal");
	r = http_w(&S, "GET", "/api/v1/widget/conversations", wtok, NULL);
	json_t *convs = jget(r->json, "conversations");
	check(json_array_size(convs) == 1 && jint(json_array_get(convs, 0), "id") == chat,
	      "the widget lists the chat, not its escalation");
	r = http_w(&S, "GET", P("/api/v1/widget/conversations/%lld/messages", chat_child), wtok, NULL);
	check_status(r, 404, "the escalation is not a conversation of the customer's");

	/* A follow-up (customer writes on a closed ticket) is not an escalation. */
	json_t *t2 = mk_ticket(&S, S.token,
			       "{\"subject\":\"Withdrawal\",\"body\":\"pending\",\"requester\":{\"email\":"
			       "\"li@example.cn\"}}");
	long long old = jint(t2, "id");
	httpj(&S, "PATCH", P("/api/v1/tickets/%lld", old), S.token, jpack("{s:s}", "status", "solved"));
	httpj(&S, "PATCH", P("/api/v1/tickets/%lld", old), S.token, jpack("{s:s}", "status", "closed"));
	r = httpj(&S, "POST", P("/api/v1/tickets/%lld/messages", old), S.token,
		  jpack("{s:s}", "body", "It happened again"));
	long long fu = jint(r->json, "ticket.id");
	check(fu && fu != old, "a message on a closed ticket opens a follow-up");
	r = httpj(&S, "PATCH", P("/api/v1/tickets/%lld", fu), S.token, jpack("{s:s}", "status", "solved"));
	check_status(r, 200, "the follow-up is solved");
	check_str(jstr(get_ticket(old), "status"), "closed", "the closed original stays closed");
	srv_stop(&S);
	return h_finish();
}
