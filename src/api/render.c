/* render.c — rows to JSON objects of docs/api.md. PII is masked here for roles without
 * customer.pii, so no handler can forget to. */
#include "api/api.h"

#include <string.h>

#include "core/identity.h"
#include "core/ticket.h"
#include "util/clock.h"

static json_t *masked(struct arena *a, const struct principal *who, const char *kind,
		      const char *value)
{
	if (perm_allowed(who->role, PERM_CUSTOMER_PII))
		return json_string(value);
	size_t len = strlen(value);
	char *out = arena_alloc(a, len + 8);
	if (strcmp(kind, "email") == 0)
		identity_mask_email(value, len, out);
	else
		identity_mask_value(value, len, out);
	return json_string(out);
}

static json_t *render_requester(struct arena *a, const struct principal *who, struct db *db,
				int64_t customer_id)
{
	struct customer_row c;
	if (!store_customer_get(db, a, customer_id, &c))
		return json_null();
	json_t *o = json_pack("{s:I, s:s, s:s, s:i, s:n, s:n}", "id", (json_int_t)c.id, "name",
			      c.name, "language", c.language, "vip_tier", c.vip_tier, "email",
			      "exchange_uid");
	for (size_t i = 0; i < c.n_identities; i++) {
		const char *k = c.identities[i].kind;
		if ((strcmp(k, "email") == 0 || strcmp(k, "exchange_uid") == 0) &&
		    json_is_null(json_object_get(o, k)))
			json_object_set_new(o, k, masked(a, who, k, c.identities[i].value));
	}
	return o;
}

json_t *render_ticket(struct request *r, struct db *db, const struct ticket_row *t)
{
	return render_ticket_as(&r->arena, &r->who, db, t);
}

json_t *render_ticket_as(struct arena *a, const struct principal *who, struct db *db,
			 const struct ticket_row *t)
{
	char number[TICKET_NUMBER_MAX];
	ticket_number_format(t->number, number);
	json_t *tags = json_array();
	for (size_t i = 0; i < t->n_tags; i++)
		json_array_append_new(tags, json_string(t->tags[i]));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)t->id,
			      "number", number, "subject", t->subject, "status", t->status,
			      "priority", t->priority, "channel", t->channel, "language",
			      t->language);
	json_object_set_new(o, "category", t->category ? json_string(t->category) : json_null());
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "requester", render_requester(a, who, db, t->customer_id));
	json_object_set_new(o, "group_id", json_id(t->group_id));
	json_object_set_new(o, "assignee_id", json_id(t->assignee_id));
	json_object_set_new(o, "parent_id", json_id(t->parent_id));
	json_object_set_new(o, "merged_into_id", json_id(t->merged_into_id));
	/* VIP follows the customer's current tier, not the tier when the ticket was opened. */
	json_t *req = json_object_get(o, "requester");
	json_t *tier = json_is_object(req) ? json_object_get(req, "vip_tier") : NULL;
	json_object_set_new(o, "vip", json_boolean(tier ? json_integer_value(tier) > 0 : t->vip));
	json_object_set_new(o, "created_at", json_time(t->created_at));
	json_object_set_new(o, "updated_at", json_time(t->updated_at));
	json_object_set_new(o, "solved_at", json_time(t->solved_at));
	json_object_set_new(o, "closed_at", json_time(t->closed_at));
	json_object_set_new(o, "sla", render_sla(db, a, t, clock_now_ms()));
	return o;
}

json_t *render_message(const struct message_row *m)
{
	json_t *author = json_pack("{s:s, s:o, s:o}", "type", m->author_type, "id",
				   json_id(m->author_id), "name",
				   m->author_name ? json_string(m->author_name) : json_null());
	json_t *o = json_pack("{s:I, s:I, s:s, s:o, s:s, s:o, s:o}", "id", (json_int_t)m->id,
			      "ticket_id", (json_int_t)m->ticket_id, "kind", m->kind, "author",
			      author, "body", m->body, "created_at", json_time(m->created_at), "via",
			      m->via && *m->via ? json_string(m->via) : json_null());
	/* Mail quotes the whole history below the new text; clients show body_visible and fold
	 * the rest away (body keeps everything). fold_at is a byte offset at a line start. */
	size_t len = strlen(m->body);
	if (m->fold_at > 0 && (size_t)m->fold_at < len)
		json_object_set_new(o, "body_visible", json_stringn(m->body, (size_t)m->fold_at));
	return o;
}

json_t *render_delivery(struct arena *a, const struct principal *who, const struct outbox_row *o)
{
	/* A queued row a sender holds is being handed to the relay right now. */
	bool sending = !strcmp(o->status, "queued") && o->leased_until > clock_now_ms();
	return json_pack("{s:I, s:s, s:o, s:s, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)o->id,
			 "kind", o->kind, "to", masked(a, who, "email", o->recipient), "status",
			 sending ? "sending" : o->status,
			 "attempts", (json_int_t)o->attempts, "next_attempt_at",
			 strcmp(o->status, "queued") == 0 && !sending ? json_time(o->next_attempt_at)
								       : json_null(),
			 "error", o->last_error ? json_string(o->last_error) : json_null(),
			 "finished_at", json_time(o->finished_at), "message_id",
			 json_id(o->message_id));
}

json_t *render_agent(const struct agent_row *a)
{
	json_t *groups = json_array();
	for (size_t i = 0; i < a->n_groups; i++)
		json_array_append_new(groups, json_integer(a->groups[i]));
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:b, s:s, s:o}", "id",
			      (json_int_t)a->id, "email", a->email, "name", a->name, "role", a->role,
			      "tier", a->tier, "languages", split_list(a->languages), "groups",
			      groups, "presence", a->presence, "active", a->active, "shift",
			      a->shift_name ? a->shift_name : "", "created_at",
			      json_time(a->created_at));
	json_object_set_new(o, "skills", split_list(a->skills ? a->skills : ""));
	json_object_set_new(o, "vip_capable", json_boolean(a->vip_capable));
	json_object_set_new(o, "max_chats", json_integer(a->max_chats));
	json_object_set_new(o, "max_tickets", json_integer(a->max_tickets));
	return o;
}

json_t *render_group(const struct group_row *g)
{
	return json_pack("{s:I, s:s, s:s, s:o, s:b, s:s}", "id", (json_int_t)g->id, "name",
			 g->name, "tier", g->tier, "languages", split_list(g->languages), "vip",
			 g->vip, "product_area", g->product_area);
}

json_t *render_customer(struct request *r, const struct customer_row *c)
{
	json_t *ids = json_array();
	for (size_t i = 0; i < c->n_identities; i++) {
		const struct identity_row *id = &c->identities[i];
		json_array_append_new(ids, json_pack("{s:s, s:o, s:b}", "kind", id->kind, "value",
						     masked(&r->arena, &r->who, id->kind, id->value),
						     "verified",
						     id->verified));
	}
	return json_pack("{s:I, s:s, s:s, s:i, s:o, s:o, s:o}", "id", (json_int_t)c->id, "name",
			 c->name, "language", c->language, "vip_tier", c->vip_tier, "identities",
			 ids, "created_at", json_time(c->created_at), "updated_at",
			 json_time(c->updated_at));
}

static json_t *parse_or_null(const char *s)
{
	if (!s)
		return json_null();
	json_t *v = json_loads(s, 0, NULL);
	return v ? v : json_string(s);
}

json_t *render_event(const struct event_row *e)
{
	json_t *actor = json_pack("{s:s, s:o}", "type", e->actor_type, "id", json_id(e->actor_id));
	json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:s, s:I}", "id", (json_int_t)e->id,
			      "created_at", json_time(e->created_at), "actor", actor, "action",
			      e->action, "object_type", e->object_type, "object_id",
			      (json_int_t)e->object_id);
	json_object_set_new(o, "ticket_id", json_id(e->ticket_id));
	json_object_set_new(o, "before", parse_or_null(e->before));
	json_object_set_new(o, "after", parse_or_null(e->after));
	json_object_set_new(o, "prev_hash", json_string(e->prev_hash));
	json_object_set_new(o, "hash", json_string(e->hash));
	return o;
}
