/* live.c — the console's live side: who else is looking at a ticket (collision detection),
 * who is typing, read marks, and the customer's satisfaction ratings.
 * Viewers are kept in memory, not in the database: they are seconds-old facts about open
 * browser tabs, expire 30 s after the last heartbeat, and are not changes to the desk. */
#include "api/chat.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/push.h"
#include "util/clock.h"

#define VIEWERS_MAX 512
#define VIEWER_TTL_MS (30 * 1000)

struct viewer {
	int64_t ticket_id, agent_id, seen_at, typing_at;
	char name[64];
};

static struct viewer viewers[VIEWERS_MAX];
static pthread_mutex_t viewers_mu = PTHREAD_MUTEX_INITIALIZER;

/* viewers_mu held. The slot of (ticket, agent), or a free/expired one if create. */
static struct viewer *viewer_slot(int64_t ticket_id, int64_t agent_id, int64_t now, bool create)
{
	struct viewer *free_slot = NULL;
	for (size_t i = 0; i < VIEWERS_MAX; i++) {
		struct viewer *v = &viewers[i];
		if (v->ticket_id == ticket_id && v->agent_id == agent_id)
			return v;
		if (!free_slot && (v->ticket_id == 0 || now - v->seen_at > VIEWER_TTL_MS))
			free_slot = v;
	}
	if (create && free_slot)
		memset(free_slot, 0, sizeof *free_slot);
	return create ? free_slot : NULL;
}

/* viewers_mu held. */
static json_t *viewers_json(int64_t ticket_id, int64_t now)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < VIEWERS_MAX; i++) {
		struct viewer *v = &viewers[i];
		if (v->ticket_id != ticket_id || now - v->seen_at > VIEWER_TTL_MS)
			continue;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:b}", "agent_id",
						     (json_int_t)v->agent_id, "name", v->name,
						     "typing", now - v->typing_at < 6000));
	}
	return arr;
}

static void signal_json(const struct push_target *tg, const char *event, json_t *data)
{
	char *s = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	if (s)
		push_signal(tg, event, s);
	free(s);
}

static const struct field_spec viewing_fields[] = {{"viewing", FIELD_BOOL, true}, {NULL}};

void h_ticket_viewing(struct request *r)
{
	struct ticket_row t;
	if (!ticket_load_visible(r, store_reader(r->store), r->params[0], &t))
		return;
	json_t *in = http_body_json(r, viewing_fields);
	if (!in)
		return;
	bool viewing = json_is_true(json_object_get(in, "viewing"));
	json_decref(in);
	int64_t now = clock_now_ms();
	pthread_mutex_lock(&viewers_mu);
	struct viewer *v = viewer_slot(t.id, r->who.agent_id, now, viewing);
	if (v && viewing) {
		v->ticket_id = t.id;
		v->agent_id = r->who.agent_id;
		v->seen_at = now;
		snprintf(v->name, sizeof v->name, "%s", r->who.name ? r->who.name : "");
	} else if (v) {
		v->ticket_id = 0;
	}
	json_t *list = viewers_json(t.id, now);
	pthread_mutex_unlock(&viewers_mu);
	struct push_target tg = {.ticket_id = t.id, .group_id = t.group_id,
				 .assignee_id = t.assignee_id, .except_agent_id = r->who.agent_id,
				 .to_agents = true};
	signal_json(&tg, "viewers",
		    json_pack("{s:I, s:O}", "ticket_id", (json_int_t)t.id, "viewers", list));
	http_json(r, 200, json_pack("{s:o}", "viewers", list));
}

static const struct field_spec typing_fields[] = {
	{"typing", FIELD_BOOL, true},
	{"public", FIELD_BOOL, false},
	{NULL},
};

void h_ticket_typing(struct request *r)
{
	struct ticket_row t;
	if (!ticket_load_visible(r, store_reader(r->store), r->params[0], &t))
		return;
	json_t *in = http_body_json(r, typing_fields);
	if (!in)
		return;
	bool typing = json_is_true(json_object_get(in, "typing"));
	json_t *pub = json_object_get(in, "public");
	bool is_public = !pub || json_is_true(pub); /* a note being typed stays among agents */
	json_decref(in);
	int64_t now = clock_now_ms();
	pthread_mutex_lock(&viewers_mu);
	struct viewer *v = viewer_slot(t.id, r->who.agent_id, now, false);
	if (v)
		v->typing_at = typing ? now : 0;
	pthread_mutex_unlock(&viewers_mu);
	struct push_target tg = {.ticket_id = t.id, .customer_id = t.customer_id,
				 .group_id = t.group_id, .assignee_id = t.assignee_id,
				 .except_agent_id = r->who.agent_id, .to_agents = true,
				 .to_customer = is_public && !strcmp(t.channel, "chat")};
	signal_json(&tg, "typing",
		    json_pack("{s:I, s:{s:s, s:I, s:s}, s:b}", "ticket_id", (json_int_t)t.id, "who",
			      "type", "agent", "id", (json_int_t)r->who.agent_id, "name",
			      r->who.name ? r->who.name : "", "typing", typing));
	http_no_content(r);
}

void h_ticket_read(struct request *r)
{
	struct ticket_row t;
	if (!ticket_load_visible(r, store_reader(r->store), r->params[0], &t))
		return;
	struct actor who = actor_of(r);
	read_mark(r, &t, "agent", &who);
}

void h_ticket_csat(struct request *r)
{
	struct ticket_row t;
	struct db *db = store_reader(r->store);
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct csat_row c;
	json_t *v = json_null();
	if (store_csat_get(db, &r->arena, t.id, &c))
		v = json_pack("{s:i, s:s, s:o, s:o}", "rating", c.rating, "comment", c.comment,
			      "agent_id", json_id(c.agent_id), "created_at", json_time(c.created_at));
	http_json(r, 200, json_pack("{s:o}", "csat", v));
}

void h_agent_csat(struct request *r)
{
	int64_t id;
	struct agent_row ag;
	if (!http_param_id(r, 0, &id))
		return;
	struct db *db = store_reader(r->store);
	if (!store_agent_get(db, &r->arena, id, &ag)) {
		http_error(r, 404, "not_found", "no such agent", NULL);
		return;
	}
	int64_t counts[6];
	store_csat_agent_counts(db, id, counts);
	int64_t n = 0, sum = 0;
	json_t *by = json_object();
	for (int k = 1; k <= 5; k++) {
		n += counts[k];
		sum += k * counts[k];
		char key[2] = {(char)('0' + k), 0};
		json_object_set_new(by, key, json_integer(counts[k]));
	}
	http_json(r, 200, json_pack("{s:I, s:o, s:o}", "count", (json_int_t)n, "average",
				    n ? json_real((double)sum / (double)n) : json_null(), "ratings", by));
}
