/* escalation.c — moving a case between teams without retelling it: escalation to another
 * group as a linked child ticket that carries the summary and the actions already taken;
 * merging duplicates; and the links between tickets. */
#include "api/api.h"

#include <string.h>

#include "core/ticket.h"
#include "util/clock.h"

#define MAX_SUMMARY (8 * 1024)

static const struct field_spec escalate_fields[] = {
	{"group_id", FIELD_INT, true, 0, 0, 1, INT64_MAX},
	{"summary", FIELD_TEXT, true, MAX_SUMMARY},
	{"actions_taken", FIELD_TEXT, true, MAX_SUMMARY},
	{NULL},
};

struct escalate_job {
	struct request *r;
	int64_t parent_id, group_id, child_id;
	const char *summary, *actions;
	struct job_error err;
};

static int escalate_run(struct db *w, void *ctx)
{
	struct escalate_job *j = ctx;
	struct request *r = j->r;
	struct actor who = actor_of(r);
	int64_t now = clock_now_ms();
	struct ticket_row p;
	struct group_row g;
	if (!store_ticket_get(w, &r->arena, j->parent_id, &p) || !ticket_visible(r, &p))
		return job_fail(&j->err, 404, "not_found", "no such ticket", NULL);
	if (!store_group_get(w, &r->arena, j->group_id, &g))
		return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
	enum ticket_status cur;
	ticket_status_parse(p.status, &cur);
	if (cur == TICKET_CLOSED || p.merged_into_id)
		return job_fail(&j->err, 409, "conflict", "a closed or merged ticket cannot be escalated",
				NULL);
	struct ticket_row c = p;
	c.id = 0;
	c.number = store_counter_next(w, "ticket_number");
	c.status = "new";
	c.group_id = g.id;
	c.assignee_id = 0;
	c.parent_id = p.id;
	c.created_at = c.updated_at = now;
	c.first_reply_at = c.solved_at = c.closed_at = 0;
	if (!c.number || store_ticket_insert(w, &c) != DB_DONE ||
	    store_link_insert(w, p.id, c.id, "escalation", now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	char pnum[TICKET_NUMBER_MAX], cnum[TICKET_NUMBER_MAX];
	ticket_number_format(p.number, pnum);
	ticket_number_format(c.number, cnum);
	struct message_row note = {
		.ticket_id = c.id, .kind = "note", .author_type = "agent",
		.author_id = r->who.agent_id, .created_at = now,
		.body = arena_printf(&r->arena, "Escalated from %s by %s.\n\nSummary:\n%s\n\nActions taken:\n%s",
				     pnum, r->who.name ? r->who.name : "an agent", j->summary,
				     j->actions)};
	struct message_row sys = {
		.ticket_id = p.id, .kind = "system", .author_type = "system", .created_at = now,
		.body = arena_printf(&r->arena, "Escalated to %s as %s", g.name, cnum)};
	json_t *before = ticket_audit_json(&p);
	if (cur != TICKET_SOLVED && cur != TICKET_ON_HOLD)
		ticket_set_status(&p, TICKET_ON_HOLD, now); /* waiting on the next tier */
	p.updated_at = now;
	json_t *after = ticket_audit_json(&p);
	json_t *child = ticket_audit_json(&c);
	json_object_set_new(child, "parent_id", json_integer(p.id));
	json_object_set_new(child, "summary", json_string(j->summary));
	json_object_set_new(child, "actions_taken", json_string(j->actions));
	bool ok = add_message(w, &r->arena, &who, &note) && add_message(w, &r->arena, &who, &sys) &&
		  store_ticket_update(w, &p) == DB_DONE &&
		  audit_append(w, &r->arena, &who, "ticket.escalate", "ticket", c.id, c.id, NULL,
			       child) &&
		  audit_append(w, &r->arena, &who, "ticket.update", "ticket", p.id, p.id, before,
			       after);
	json_decref(before);
	json_decref(after);
	json_decref(child);
	j->child_id = c.id;
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_ticket_escalate(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	json_t *in = http_body_json(r, escalate_fields);
	if (!in)
		return;
	struct escalate_job j = {.r = r, .parent_id = t.id};
	j.group_id = json_integer_value(json_object_get(in, "group_id"));
	j.summary = arena_strdup(&r->arena, json_str(in, "summary"));
	j.actions = arena_strdup(&r->arena, json_str(in, "actions_taken"));
	json_decref(in);
	int rc = store_write(r->store, escalate_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	store_ticket_get(db, &r->arena, j.child_id, &t);
	http_json(r, 201, json_pack("{s:o}", "ticket", render_ticket(r, db, &t)));
}

/* ---- resolution travels up ---- */

/* The child of an escalation was solved: its parent (waiting on_hold) reopens with the child's
 * resolution as an internal note, so first line can close the loop with the customer, who only
 * ever sees the parent. A follow-up's parent (a closed ticket) is left alone. */
int escalation_child_solved(struct db *w, struct arena *a, const struct actor *who,
			    const struct ticket_row *child, int64_t now)
{
	if (!child->parent_id)
		return STORE_JOB_OK;
	struct link_row *links;
	size_t n = store_link_list(w, a, child->id, &links);
	bool escalated = false;
	for (size_t i = 0; i < n; i++)
		escalated = escalated || (links[i].child_id == child->id &&
					  links[i].parent_id == child->parent_id &&
					  !strcmp(links[i].kind, "escalation"));
	struct ticket_row p;
	if (!escalated || !store_ticket_get(w, a, child->parent_id, &p))
		return STORE_JOB_OK;
	/* The resolution: the child's newest reply or note, as its agent wrote it. */
	struct message_row *msgs;
	size_t nm = store_message_list(w, a, child->id, 0, 10000, &msgs);
	const char *resolution = NULL;
	for (size_t i = nm; i > 0 && !resolution; i--)
		if (!strcmp(msgs[i - 1].kind, "reply") || !strcmp(msgs[i - 1].kind, "note"))
			resolution = msgs[i - 1].body;
	char cnum[TICKET_NUMBER_MAX];
	ticket_number_format(child->number, cnum);
	struct message_row note = {
		.ticket_id = p.id, .kind = "note", .author_type = "system", .created_at = now,
		.body = arena_printf(a, "Escalation %s was solved.\n\nResolution:\n%s", cnum,
				     resolution ? resolution : "(no resolution was written)")};
	struct actor sys = {"system", 0};
	if (!add_message(w, a, &sys, &note))
		return STORE_COMMIT_FAILED;
	enum ticket_status cur;
	ticket_status_parse(p.status, &cur);
	if (cur == TICKET_SOLVED || cur == TICKET_CLOSED ||
	    !ticket_transition_allowed(cur, TICKET_OPEN) || cur == TICKET_OPEN)
		return STORE_JOB_OK; /* already moving on without it: the note is enough */
	json_t *before = ticket_audit_json(&p);
	ticket_set_status(&p, TICKET_OPEN, now);
	p.updated_at = now;
	json_t *after = ticket_audit_json(&p);
	bool ok = store_ticket_update(w, &p) == DB_DONE &&
		  audit_append(w, a, who, "ticket.update", "ticket", p.id, p.id, before, after);
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* ---- merge ---- */

static const struct field_spec merge_fields[] = {
	{"into_id", FIELD_INT, true, 0, 0, 1, INT64_MAX},
	{NULL},
};

struct merge_job {
	struct request *r;
	int64_t from_id, into_id;
	struct job_error err;
};

static int merge_run(struct db *w, void *ctx)
{
	struct merge_job *j = ctx;
	struct request *r = j->r;
	struct actor who = actor_of(r);
	int64_t now = clock_now_ms();
	struct ticket_row from, into;
	if (!store_ticket_get(w, &r->arena, j->from_id, &from) || !ticket_visible(r, &from))
		return job_fail(&j->err, 404, "not_found", "no such ticket", NULL);
	if (!store_ticket_get(w, &r->arena, j->into_id, &into) || !ticket_visible(r, &into))
		return job_fail(&j->err, 422, "invalid_value", "no such ticket to merge into",
				"into_id");
	if (from.id == into.id)
		return job_fail(&j->err, 409, "conflict", "a ticket cannot be merged into itself",
				"into_id");
	if (from.merged_into_id || into.merged_into_id || !strcmp(from.status, "closed") ||
	    !strcmp(into.status, "closed"))
		return job_fail(&j->err, 409, "conflict", "closed or merged tickets cannot be merged",
				NULL);
	char fnum[TICKET_NUMBER_MAX], inum[TICKET_NUMBER_MAX];
	ticket_number_format(from.number, fnum);
	ticket_number_format(into.number, inum);
	json_t *fb = ticket_audit_json(&from), *ib = ticket_audit_json(&into);
	if (store_message_move(w, from.id, into.id) != DB_DONE)
		return json_decref(fb), json_decref(ib), STORE_COMMIT_FAILED;
	ticket_set_status(&from, TICKET_CLOSED, now);
	from.merged_into_id = into.id;
	from.updated_at = into.updated_at = now;
	/* The survivor carries the union of the tags. */
	const char **tags = arena_alloc(&r->arena, (from.n_tags + into.n_tags + 1) * sizeof *tags);
	size_t n = 0;
	for (size_t i = 0; i < into.n_tags; i++)
		tags[n++] = into.tags[i];
	for (size_t i = 0; i < from.n_tags; i++) {
		bool dup = false;
		for (size_t k = 0; k < into.n_tags; k++)
			dup = dup || !strcmp(into.tags[k], from.tags[i]);
		if (!dup)
			tags[n++] = from.tags[i];
	}
	into.tags = tags;
	into.n_tags = n;
	struct message_row fm = {.ticket_id = from.id, .kind = "system", .author_type = "system",
				 .created_at = now,
				 .body = arena_printf(&r->arena, "Merged into %s", inum)};
	struct message_row im = {.ticket_id = into.id, .kind = "system", .author_type = "system",
				 .created_at = now,
				 .body = arena_printf(&r->arena, "%s was merged into this ticket", fnum)};
	json_t *fa = ticket_audit_json(&from), *ia = ticket_audit_json(&into);
	bool ok = store_ticket_update(w, &from) == DB_DONE && store_ticket_update(w, &into) == DB_DONE &&
		  store_link_insert(w, into.id, from.id, "merged", now) == DB_DONE &&
		  add_message(w, &r->arena, &who, &fm) && add_message(w, &r->arena, &who, &im) &&
		  audit_append(w, &r->arena, &who, "ticket.merge", "ticket", from.id, from.id, fb, fa) &&
		  audit_append(w, &r->arena, &who, "ticket.merge_into", "ticket", into.id, into.id, ib,
			       ia);
	json_decref(fb);
	json_decref(ib);
	json_decref(fa);
	json_decref(ia);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_ticket_merge(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	json_t *in = http_body_json(r, merge_fields);
	if (!in)
		return;
	struct merge_job j = {.r = r, .from_id = t.id};
	j.into_id = json_integer_value(json_object_get(in, "into_id"));
	json_decref(in);
	int rc = store_write(r->store, merge_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	store_ticket_get(db, &r->arena, j.into_id, &t);
	http_json(r, 200, json_pack("{s:o}", "ticket", render_ticket(r, db, &t)));
}

void h_ticket_links(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct link_row *rows;
	size_t n = store_link_list(db, &r->arena, t.id, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		bool we_are_parent = rows[i].parent_id == t.id;
		int64_t other = we_are_parent ? rows[i].child_id : rows[i].parent_id;
		struct ticket_row o;
		if (!store_ticket_get(db, &r->arena, other, &o))
			continue;
		char num[TICKET_NUMBER_MAX];
		ticket_number_format(o.number, num);
		/* direction: what the other ticket is to this one */
		json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s, s:o}", "kind", rows[i].kind,
						     "ticket_id", (json_int_t)other, "number", num,
						     "direction", we_are_parent ? "child" : "parent",
						     "created_at", json_time(rows[i].created_at)));
	}
	http_json(r, 200, json_pack("{s:o}", "links", arr));
}
