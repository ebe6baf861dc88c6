/* mail_http.c — the email channel on the agents' API: where each outgoing mail of a ticket
 * stands, a message's delivery state beside it, and the original of an inbound mail. */
#include "api/mail.h"

#include <stdlib.h>
#include <string.h>

#include "api/chat.h"

json_t *render_message_agent(struct db *db, struct arena *a, const struct principal *who,
			     const struct message_row *m)
{
	json_t *o = render_message_full(db, a, m);
	struct outbox_row ob;
	if (!strcmp(m->kind, "reply") && store_outbox_for_message(db, a, m->id, &ob))
		json_object_set_new(o, "delivery", render_delivery(a, who, &ob));
	if (!strcmp(m->via, "email") && !strcmp(m->kind, "customer"))
		json_object_set_new(o, "original_url",
				    json_string(arena_printf(a, "/api/v1/tickets/%lld/messages/%lld/original",
							     (long long)m->ticket_id, (long long)m->id)));
	return o;
}

void h_ticket_outbox(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct outbox_row *rows;
	size_t n = store_outbox_list_ticket(db, &r->arena, t.id, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, render_delivery(&r->arena, &r->who, &rows[i]));
	http_json(r, 200, json_pack("{s:o}", "deliveries", arr));
}

/* The mail as it arrived (message/rfc822), for when the parsed text is not enough: headers,
 * every part, the charset as labelled. It holds addresses, so only roles that see PII. */
void h_message_original(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	if (!can_see_pii(r)) {
		http_error(r, 403, "forbidden", "the original mail holds personal data your role may not see",
			   NULL);
		return;
	}
	char *end;
	long long mid = strtoll(r->params[1], &end, 10);
	struct message_row m;
	struct mail_inbound_row in;
	if (*end || mid <= 0 || !store_message_get(db, &r->arena, mid, &m) || m.ticket_id != t.id ||
	    !store_mail_original(db, &r->arena, mid, &in)) {
		http_error(r, 404, "not_found", "no mail behind this message", NULL);
		return;
	}
	http_header(r, "Content-Disposition",
		    arena_printf(&r->arena, "attachment; filename=\"message-%lld.eml\"", mid));
	http_text(r, 200, "message/rfc822", (const char *)in.raw, in.raw_len);
}
