/* incident_links.c — which tickets belong to an incident, and one reply to all of them
 * (docs/exchange/incidents.md "Linking tickets", "Replying to all").
 *
 * The rule (core/incident.h) links an open ticket created in the incident's window that is filed
 * under a product's category, tagged with a product or holds a keyword. It runs:
 *   - when a ticket is opened (ticket_open calls incident_ticket_opened inside its job: the new
 *     ticket is linked in the same transaction, one query for the active incidents, which are
 *     few);
 *   - when an incident is declared or edited, and on demand (POST .../link-by-rule), over the
 *     tickets already there, RULE_BATCH tickets per write job so the writer is never held long.
 * A link removed by hand is remembered, so the rule never puts it back.
 *
 * The reply to all is posted REPLY_BATCH tickets per write job; each ticket reached is recorded
 * with the reply, so no ticket gets it twice, and a ticket linked while it runs gets it too. */
#include "api/incidents.h"

#include <stdlib.h>
#include <string.h>

#include "api/mail.h"
#include "core/incident.h"
#include "core/kb.h"
#include "core/ticket.h"
#include "util/clock.h"
#include "util/log.h"

#define RULE_BATCH       200 /* tickets read per rule job */
#define REPLY_BATCH      25  /* tickets answered per reply job */
#define LINKS_SHOWN_MAX  1000
#define REPLY_MAX_BODY   (64 * 1024)
#define INCIDENTS_ACTIVE 100 /* active incidents the new-ticket hook looks at */

/* ---- the rule ---- */

static size_t split_commas(struct arena *a, const char *s, const char ***out)
{
	size_t n = 0, cap = 1;
	for (const char *p = s; p && *p; p++)
		cap += *p == ',';
	const char **v = arena_alloc(a, cap * sizeof *v);
	const char *start = s;
	for (const char *p = s; p && *start; p++) {
		if (*p == ',' || !*p) {
			if (p > start)
				v[n++] = arena_strndup(a, start, (size_t)(p - start));
			if (!*p)
				break;
			start = p + 1;
		}
	}
	*out = v;
	return n;
}

static void rule_of(struct arena *a, const struct incident_row *i, struct incident_rule *rule)
{
	memset(rule, 0, sizeof *rule);
	const char **products;
	rule->n_products = split_commas(a, i->products, &products);
	rule->products = products;
	json_error_t e;
	json_t *kw = json_loads(i->keywords ? i->keywords : "[]", 0, &e);
	size_t n = json_array_size(kw), k;
	const char **keywords = arena_alloc(a, (n ? n : 1) * sizeof *keywords);
	json_t *v;
	json_array_foreach(kw, k, v) if (json_string_value(v)) keywords[rule->n_keywords++] =
	    arena_strdup(a, json_string_value(v));
	json_decref(kw);
	rule->keywords = keywords;
	rule->starts_at = i->starts_at;
	rule->ends_at = i->ends_at;
}

static bool audit_link(struct db *w, struct arena *a, const struct actor *who, int64_t incident_id,
                       int64_t ticket_id, const char *action, const char *how)
{
	json_t *after = json_pack("{s:I, s:s}", "incident_id", (json_int_t)incident_id, "how", how);
	bool ok = audit_append(w, a, who, action, "incident", incident_id, ticket_id, NULL, after);
	json_decref(after);
	return ok;
}

static bool view_of(struct db *db, struct arena *a, int64_t ticket_id, const char *body,
                    struct ticket_row *t, struct incident_ticket_view *v)
{
	if (!store_ticket_get(db, a, ticket_id, t))
		return false;
	*v = (struct incident_ticket_view){
	    .category = t->category,
	    .tags = (const char *const *)t->tags,
	    .n_tags = t->n_tags,
	    .subject = t->subject,
	    .body = body ? body : store_incident_first_message(db, a, t->id),
	    .created_at = t->created_at};
	return true;
}

bool incident_ticket_opened(struct db *w, struct arena *a, const struct ticket_row *t,
                            const char *body)
{
	struct incident_row *rows;
	size_t n = store_incident_list(w, a, true, INCIDENTS_ACTIVE, &rows);
	if (!n)
		return true;
	struct incident_ticket_view v = {.category = t->category,
	                                 .tags = (const char *const *)t->tags,
	                                 .n_tags = t->n_tags,
	                                 .subject = t->subject,
	                                 .body = body,
	                                 .created_at = t->created_at};
	struct actor system = {"system", 0};
	for (size_t k = 0; k < n; k++) {
		struct incident_rule rule;
		rule_of(a, &rows[k], &rule);
		if (!incident_rule_matches(&rule, &v))
			continue;
		bool added;
		if (store_incident_link_rule(w, rows[k].id, t->id, t->created_at, &added) !=
		    DB_DONE)
			return false;
		if (added && !audit_link(w, a, &system, rows[k].id, t->id, "incident.link", "rule"))
			return false;
	}
	return true;
}

struct rule_job {
	struct arena a;
	int64_t incident_id, after_id;
	const struct actor *who;
	int linked;
	bool more;
};

static int rule_run(struct db *w, void *ctx)
{
	struct rule_job *j = ctx;
	struct incident_row i;
	j->more = false;
	if (!store_incident_get(w, &j->a, j->incident_id, &i) || !strcmp(i.status, "resolved"))
		return STORE_JOB_OK;
	struct incident_rule rule;
	rule_of(&j->a, &i, &rule);
	int64_t until = i.ends_at ? i.ends_at + INCIDENT_LINK_GRACE_MS : INT64_MAX;
	int64_t *ids;
	size_t n = store_incident_rule_candidates(w, &j->a, i.id, j->after_id, i.starts_at, until,
	                                          RULE_BATCH, &ids);
	for (size_t k = 0; k < n; k++) {
		struct ticket_row t;
		struct incident_ticket_view v;
		j->after_id = ids[k];
		if (!view_of(w, &j->a, ids[k], NULL, &t, &v) || !incident_rule_matches(&rule, &v))
			continue;
		bool added;
		if (store_incident_link_rule(w, i.id, t.id, clock_now_ms(), &added) != DB_DONE)
			return STORE_COMMIT_FAILED;
		if (added && !audit_link(w, &j->a, j->who, i.id, t.id, "incident.link", "rule"))
			return STORE_COMMIT_FAILED;
		j->linked += added;
	}
	j->more = n == RULE_BATCH;
	return STORE_JOB_OK;
}

int incident_link_by_rule(struct store *st, int64_t incident_id, const struct actor *who,
                          bool background)
{
	struct rule_job j = {.incident_id = incident_id, .who = who};
	do {
		arena_init(&j.a, 16384);
		int rc = background ? store_write_background(st, rule_run, &j)
		                    : store_write(st, rule_run, &j);
		arena_free(&j.a);
		if (rc != STORE_JOB_OK) {
			log_event(LOG_ERROR, "incident_rule_failed", "incident=%lld rc=%d",
			          (long long)incident_id, rc);
			return -1;
		}
	} while (j.more);
	return j.linked;
}

static bool load_incident(struct request *r, struct incident_row *i)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_incident_get(store_reader(r->store), &r->arena, id, i)) {
		http_error(r, 404, "not_found", "no such incident", NULL);
		return false;
	}
	return true;
}

void h_incident_link_rule(struct request *r)
{
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	if (!strcmp(i.status, "resolved")) {
		http_error(r, 409, "invalid_state",
		           "the incident is resolved: it links no more tickets", NULL);
		return;
	}
	struct actor who = actor_of(r);
	int linked = incident_link_by_rule(r->store, i.id, &who, false);
	if (linked < 0) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	http_json(r, 200,
	          json_pack("{s:i, s:I}", "linked", linked, "linked_tickets",
	                    (json_int_t)store_incident_link_count(store_reader(r->store), i.id)));
}

/* ---- by hand ---- */

void h_incident_tickets(struct request *r)
{
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	struct db *db = store_reader(r->store);
	struct incident_link_row *links;
	size_t n = store_incident_links(db, &r->arena, i.id, LINKS_SHOWN_MAX, &links);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		struct ticket_row t;
		if (!store_ticket_get(db, &r->arena, links[k].ticket_id, &t) ||
		    !ticket_visible(r, &t))
			continue; /* an agent sees the links of the tickets it may see */
		json_array_append_new(arr, json_pack("{s:o, s:s, s:o, s:o}", "ticket",
		                                     render_ticket(r, db, &t), "how", links[k].how,
		                                     "linked_by", json_id(links[k].linked_by),
		                                     "linked_at", json_time(links[k].linked_at)));
	}
	http_json(r, 200, json_pack("{s:o}", "tickets", arr));
}

struct hand_job {
	struct request *r;
	int64_t incident_id, ticket_id;
	bool link, changed;
	struct job_error err;
};

static int hand_run(struct db *w, void *ctx)
{
	struct hand_job *j = ctx;
	struct actor who = actor_of(j->r);
	enum db_rc rc =
	    j->link ? store_incident_link_hand(w, j->incident_id, j->ticket_id, j->r->who.agent_id,
	                                       clock_now_ms(), &j->changed)
	            : store_incident_unlink(w, j->incident_id, j->ticket_id, &j->changed);
	if (rc != DB_DONE)
		return STORE_COMMIT_FAILED;
	if (!j->changed)
		return j->link ? STORE_JOB_OK
		               : job_fail(&j->err, 404, "not_found",
		                          "the ticket is not linked to this incident", NULL);
	return audit_link(w, &j->r->arena, &who, j->incident_id, j->ticket_id,
	                  j->link ? "incident.link" : "incident.unlink", "hand")
	           ? STORE_JOB_OK
	           : STORE_COMMIT_FAILED;
}

static void by_hand(struct request *r, bool link)
{
	struct incident_row i;
	struct ticket_row t;
	if (!load_incident(r, &i) ||
	    !ticket_load_visible(r, store_reader(r->store), r->params[1], &t))
		return;
	struct hand_job j = {.r = r, .incident_id = i.id, .ticket_id = t.id, .link = link};
	int rc = store_write(r->store, hand_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	if (!link) {
		http_no_content(r);
		return;
	}
	http_json(r, j.changed ? 201 : 200,
	          json_pack("{s:{s:I, s:I, s:s, s:b}}", "link", "incident_id", (json_int_t)i.id,
	                    "ticket_id", (json_int_t)t.id, "how", "hand", "created", j.changed));
}

void h_incident_ticket_link(struct request *r)
{
	by_hand(r, true);
}

void h_incident_ticket_unlink(struct request *r)
{
	by_hand(r, false);
}

void h_ticket_incident(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct incident_link_row *links;
	size_t n = store_incident_links_of_ticket(db, &r->arena, t.id, &links);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++) {
		struct incident_row i;
		if (!store_incident_get(db, &r->arena, links[k].incident_id, &i))
			continue;
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:o, s:s, s:o}", "id",
		                                     (json_int_t)i.id, "title", i.title, "status",
		                                     i.status, "products", split_list(i.products),
		                                     "how", links[k].how, "linked_at",
		                                     json_time(links[k].linked_at)));
	}
	http_json(r, 200, json_pack("{s:o}", "incidents", arr));
}

/* ---- one reply to all ---- */

static const struct field_spec bodies_fields[] = {
    {"en", FIELD_TEXT, false, REPLY_MAX_BODY},    {"zh-CN", FIELD_TEXT, false, REPLY_MAX_BODY},
    {"zh-TW", FIELD_TEXT, false, REPLY_MAX_BODY}, {"ja", FIELD_TEXT, false, REPLY_MAX_BODY},
    {"ko", FIELD_TEXT, false, REPLY_MAX_BODY},    {"ru", FIELD_TEXT, false, REPLY_MAX_BODY},
    {"es", FIELD_TEXT, false, REPLY_MAX_BODY},    {"vi", FIELD_TEXT, false, REPLY_MAX_BODY},
    {"tr", FIELD_TEXT, false, REPLY_MAX_BODY},    {NULL},
};
static const struct field_spec reply_fields[] = {
    {"body", FIELD_TEXT, true, REPLY_MAX_BODY},
    {"bodies", FIELD_OBJECT, false, .children = bodies_fields},
    {"status", FIELD_STRING, false, 16},
    {NULL},
};

/* The body for a ticket's language: its own ("ja"), its base language's ("zh-Hant-TW" has none;
 * "ja-JP" -> "ja"), else the default. */
static const char *body_for(json_t *bodies, const char *language, const char *fallback)
{
	const char *c = language ? kb_locale_canonical(language) : NULL;
	const char *s = c ? json_string_value(json_object_get(bodies, c)) : NULL;
	if (!s && language) {
		char base[8];
		size_t n = strcspn(language, "-_");
		if (n < sizeof base) {
			memcpy(base, language, n);
			base[n] = 0;
			c = kb_locale_canonical(strcmp(base, "zh") == 0 ? "zh-CN" : base);
			s = c ? json_string_value(json_object_get(bodies, c)) : NULL;
		}
	}
	return s && *s ? s : fallback;
}

struct reply_job {
	struct request *r;
	struct arena a;
	struct incident_reply_row rep;
	json_t *bodies;
	bool has_status, more;
	enum ticket_status status;
	struct job_error err;
};

static int reply_start_run(struct db *w, void *ctx)
{
	struct reply_job *j = ctx;
	struct actor who = actor_of(j->r);
	if (store_incident_reply_insert(w, &j->rep) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:I, s:o, s:s}", "reply_id", (json_int_t)j->rep.id, "status",
	                          j->rep.set_status ? json_string(j->rep.set_status) : json_null(),
	                          "bodies", j->rep.bodies);
	bool ok = audit_append(w, &j->r->arena, &who, "incident.reply", "incident",
	                       j->rep.incident_id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* Posts the reply on one ticket; the outcome recorded with the reply. */
static int reply_one(struct db *w, struct reply_job *j, int64_t ticket_id)
{
	struct arena *a = &j->a;
	struct request *r = j->r;
	struct actor who = actor_of(r);
	int64_t now = clock_now_ms();
	struct ticket_row t;
	if (!store_ticket_get(w, a, ticket_id, &t))
		return STORE_COMMIT_FAILED;
	enum ticket_status cur;
	ticket_status_parse(t.status, &cur);
	const char *skip = t.merged_into_id                                     ? "merged"
	                   : cur == TICKET_CLOSED                               ? "closed"
	                   : t.parent_id && store_ticket_is_escalation(w, t.id) ? "escalation"
	                                                                        : NULL;
	if (skip)
		return store_incident_reply_target(w, j->rep.id, t.id, 0, skip) == DB_DONE
		           ? STORE_JOB_OK
		           : STORE_COMMIT_FAILED;
	json_t *before = ticket_audit_json(&t);
	struct message_row m = {.ticket_id = t.id,
	                        .kind = "reply",
	                        .author_type = "agent",
	                        .author_id = r->who.agent_id,
	                        .body = body_for(j->bodies, t.language, j->rep.body),
	                        .created_at = now};
	if (!t.first_reply_at)
		t.first_reply_at = now;
	enum ticket_status to = j->has_status ? j->status : cur == TICKET_NEW ? TICKET_OPEN : cur;
	if (to != cur && ticket_transition_allowed(cur, to))
		ticket_set_status(&t, to, now);
	t.updated_at = now;
	json_t *after = ticket_audit_json(&t);
	int rc = STORE_JOB_OK;
	if (!add_message(w, a, &who, &m) || store_ticket_update(w, &t) != DB_DONE ||
	    (!json_equal(before, after) &&
	     !audit_append(w, a, &who, "ticket.update", "ticket", t.id, t.id, before, after)))
		rc = STORE_COMMIT_FAILED;
	else if (cur != TICKET_SOLVED && !strcmp(t.status, "solved"))
		rc = escalation_child_solved(w, a, &who, &t, now);
	if (rc == STORE_JOB_OK)
		rc = mail_queue_reply(w, a, &t, m.id, now);
	if (rc == STORE_JOB_OK &&
	    store_incident_reply_target(w, j->rep.id, t.id, m.id, "sent") != DB_DONE)
		rc = STORE_COMMIT_FAILED;
	json_decref(before);
	json_decref(after);
	return rc;
}

static int reply_batch_run(struct db *w, void *ctx)
{
	struct reply_job *j = ctx;
	int64_t *ids;
	size_t n = store_incident_reply_pending(w, &j->a, j->rep.id, j->rep.incident_id,
	                                        REPLY_BATCH, &ids);
	for (size_t k = 0; k < n; k++) {
		int rc = reply_one(w, j, ids[k]);
		if (rc != STORE_JOB_OK)
			return rc;
	}
	j->more = n == REPLY_BATCH;
	if (!j->more && store_incident_reply_done(w, j->rep.id, clock_now_ms()) != DB_DONE)
		return STORE_COMMIT_FAILED;
	return STORE_JOB_OK;
}

static json_t *render_reply(struct db *db, const struct incident_reply_row *rep)
{
	int64_t sent, skipped;
	store_incident_reply_counts(db, rep->id, &sent, &skipped);
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)rep->id,
	                 "incident_id", (json_int_t)rep->incident_id, "sent", (json_int_t)sent,
	                 "skipped", (json_int_t)skipped, "status",
	                 rep->set_status ? json_string(rep->set_status) : json_null(), "author_id",
	                 json_id(rep->author_id), "created_at", json_time(rep->created_at),
	                 "done_at", json_time(rep->done_at));
}

/* Posts the batches still due (one job each: other writers get the writer between them) and
 * answers with the reply's counts. */
static void reply_run(struct request *r, struct reply_job *j, int status)
{
	int rc;
	do {
		arena_init(&j->a, 32768);
		rc = store_write(r->store, reply_batch_run, j);
		arena_free(&j->a);
	} while (rc == STORE_JOB_OK && j->more);
	struct db *db = store_reader(r->store);
	struct incident_reply_row fresh;
	if (rc != STORE_JOB_OK || !store_incident_reply_get(db, &r->arena, j->rep.id, &fresh)) {
		log_event(LOG_ERROR, "incident_reply_stopped", "incident=%lld reply=%lld rc=%d",
		          (long long)j->rep.incident_id, (long long)j->rep.id, rc);
		http_store_failure(r, rc != STORE_JOB_OK ? rc : STORE_COMMIT_FAILED);
		return;
	}
	http_json(r, status, json_pack("{s:o}", "reply", render_reply(db, &fresh)));
}

void h_incident_reply(struct request *r)
{
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	json_t *in = http_body_json(r, reply_fields);
	if (!in)
		return;
	struct reply_job j = {.r = r, .bodies = json_object_get(in, "bodies")};
	const char *s = json_str(in, "status");
	if (s) {
		if (!ticket_status_parse(s, &j.status) || j.status == TICKET_NEW ||
		    j.status == TICKET_CLOSED) {
			http_error(r, 422, "invalid_value",
			           "status is one of open, pending, on_hold, solved", "status");
			goto out;
		}
		j.has_status = true;
	}
	json_t *none = json_object(); /* no bodies: every ticket gets body */
	char *bodies = json_dumps(j.bodies ? j.bodies : none, JSON_COMPACT);
	json_decref(none);
	j.rep = (struct incident_reply_row){.incident_id = i.id,
	                                    .body = arena_strdup(&r->arena, json_str(in, "body")),
	                                    .bodies = arena_strdup(&r->arena, bodies),
	                                    .set_status = s ? arena_strdup(&r->arena, s) : NULL,
	                                    .author_id = r->who.agent_id,
	                                    .created_at = clock_now_ms()};
	free(bodies);
	int rc = store_write(r->store, reply_start_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	reply_run(r, &j, 201);
out:
	json_decref(in);
}

/* ---- GET .../replies, POST .../replies/{reply_id}/resume ---- */

void h_incident_replies(struct request *r)
{
	struct incident_row i;
	if (!load_incident(r, &i))
		return;
	struct db *db = store_reader(r->store);
	struct incident_reply_row *rows;
	size_t n = store_incident_reply_list(db, &r->arena, i.id, &rows);
	json_t *arr = json_array();
	for (size_t k = 0; k < n; k++)
		json_array_append_new(arr, render_reply(db, &rows[k]));
	http_json(r, 200, json_pack("{s:o}", "replies", arr));
}

/* A reply the desk stopped posting (a crash, a store failure) goes on where it stopped: the
 * tickets it reached are recorded, so none gets it twice. A finished reply posts nothing. */
void h_incident_reply_resume(struct request *r)
{
	struct incident_row i;
	int64_t rid;
	if (!load_incident(r, &i) || !http_param_id(r, 1, &rid))
		return;
	struct reply_job j = {.r = r};
	if (!store_incident_reply_get(store_reader(r->store), &r->arena, rid, &j.rep) ||
	    j.rep.incident_id != i.id) {
		http_error(r, 404, "not_found", "no such reply", NULL);
		return;
	}
	if (j.rep.done_at) {
		http_json(
		    r, 200,
		    json_pack("{s:o}", "reply", render_reply(store_reader(r->store), &j.rep)));
		return;
	}
	json_error_t e;
	j.bodies = json_loads(j.rep.bodies, 0, &e);
	j.has_status = j.rep.set_status && ticket_status_parse(j.rep.set_status, &j.status);
	reply_run(r, &j, 200);
	json_decref(j.bodies);
}
