/* tickets.c — creating, listing, reading and changing tickets. */
#include "api/api.h"

#include <ctype.h>
#include <string.h>

#include "api/customers.h"
#include "api/incidents.h"
#include "core/search_text.h"
#include "core/ticket.h"
#include "core/validate.h"
#include "util/clock.h"

#define MAX_SUBJECT 500
#define MAX_MESSAGE (64 * 1024)
#define MAX_QUERY 200

static const struct field_spec requester_fields[] = {
	{"email", FIELD_STRING, false, MAX_EMAIL},
	{"exchange_uid", FIELD_STRING, false, MAX_UID},
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"language", FIELD_STRING, false, MAX_LANGUAGE},
	{"vip_tier", FIELD_INT, false, 0, 0, 0, 5},
	{"user_hash", FIELD_STRING, false, 64},
	{NULL},
};

static const struct field_spec create_fields[] = {
	{"subject", FIELD_STRING, true, MAX_SUBJECT},
	{"body", FIELD_TEXT, true, MAX_MESSAGE},
	{"requester", FIELD_OBJECT, true, .children = requester_fields},
	{"channel", FIELD_STRING, false, 16},
	{"priority", FIELD_STRING, false, 16},
	{"category", FIELD_STRING, false, 40},
	{"tags", FIELD_STRING_ARRAY, false, MAX_TAG, MAX_TAGS},
	{"group_id", FIELD_INT, false, 0, 0, 1, INT64_MAX},
	{"language", FIELD_STRING, false, MAX_LANGUAGE},
	{NULL},
};

/* Normalise a tags array into t->tags; answers 422 on a bad tag. Duplicates collapse. */
static bool tags_from_json(struct request *r, json_t *arr, struct ticket_row *t)
{
	size_t n = json_array_size(arr), i;
	json_t *v;
	t->tags = arena_alloc(&r->arena, (n + 1) * sizeof *t->tags);
	t->n_tags = 0;
	json_array_foreach(arr, i, v)
	{
		char buf[MAX_TAG + 1];
		if (!validate_tag_normalize(json_string_value(v), json_string_length(v), buf)) {
			http_error(r, 422, "invalid_value",
				   arena_printf(&r->arena,
						"tag \"%s\" may contain only letters, digits, _ - : .",
						json_string_value(v)),
				   "tags");
			return false;
		}
		bool dup = false;
		for (size_t k = 0; k < t->n_tags; k++)
			dup = dup || strcmp(t->tags[k], buf) == 0;
		if (!dup)
			t->tags[t->n_tags++] = arena_strdup(&r->arena, buf);
	}
	return true;
}

static bool category_ok(struct request *r, const char *cat)
{
	if (!validate_slug(cat, strlen(cat)) || !store_category_exists(store_reader(r->store), cat)) {
		http_error(r, 422, "invalid_value", "unknown category (see GET /api/v1/categories)",
			   "category");
		return false;
	}
	return true;
}

/* ---- create ---- */

struct create_job {
	struct request *r;
	struct requester_in req;
	struct ticket_row t;
	const char *body;
	struct job_error err;
};

int ticket_insert(struct db *w, struct arena *a, const struct actor *who,
		  const struct customer_row *c, struct ticket_row *t, const char *opened_by_desk)
{
	int64_t now = clock_now_ms();
	t->number = store_counter_next(w, "ticket_number");
	if (!t->number)
		return STORE_COMMIT_FAILED;
	t->customer_id = c->id;
	t->vip = c->vip_tier > 0;
	if (!t->language || !*t->language)
		t->language = *c->language ? c->language : "und";
	t->status = "new";
	t->created_at = t->updated_at = now;
	if (store_ticket_insert(w, t) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = ticket_audit_json(t);
	json_object_set_new(after, "number", json_integer(t->number));
	json_object_set_new(after, "customer_id", json_integer(c->id));
	json_object_set_new(after, "channel", json_string(t->channel));
	if (opened_by_desk)
		json_object_set_new(after, "opened_by_desk", json_string(opened_by_desk));
	bool ok = audit_append(w, a, who, "ticket.create", "ticket", t->id, t->id, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

int ticket_open(struct db *w, struct arena *a, const struct actor *who,
		const struct customer_row *c, struct ticket_row *t, const char *body,
		int64_t *message_id)
{
	int rc = ticket_insert(w, a, who, c, t, NULL);
	if (rc != STORE_JOB_OK)
		return rc;
	struct message_row m = {.ticket_id = t->id, .kind = "customer", .author_type = "customer",
				.author_id = c->id, .body = body, .created_at = t->created_at};
	struct actor customer = {"customer", c->id};
	/* A ticket about an active incident is linked to it at once (incident_links.c). */
	bool ok = add_message(w, a, &customer, &m) && incident_ticket_opened(w, a, t, body);
	if (message_id)
		*message_id = m.id;
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* A group the desk's own work needs (Recovery, Security), made and audited the first time. */
int64_t group_ensure(struct db *w, struct arena *a, const char *name, const char *tier,
		     const char *product_area, const char *why)
{
	struct group_row g;
	if (store_group_get_by_name(w, a, name, &g))
		return g.id;
	int64_t now = clock_now_ms();
	g = (struct group_row){.name = name, .tier = tier, .languages = "",
			       .product_area = product_area, .created_at = now, .updated_at = now};
	if (store_group_insert(w, &g) != DB_DONE)
		return 0;
	json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s}", "name", g.name, "tier", g.tier,
				  "languages", g.languages, "product_area", g.product_area, "vip", 0,
				  "why", why);
	struct actor sys = {"system", 0};
	bool ok = audit_append(w, a, &sys, "group.create", "group", g.id, 0, NULL, after);
	json_decref(after);
	return ok ? g.id : 0;
}

static int create_run(struct db *w, void *ctx)
{
	struct create_job *j = ctx;
	struct request *r = j->r;
	struct actor who = actor_of(r);
	struct group_row g;
	if (j->t.group_id && !store_group_get(w, &r->arena, j->t.group_id, &g))
		return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
	struct customer_row c;
	int rc = customer_resolve(w, &r->arena, &who, &j->req, clock_now_ms(), &c, &j->err);
	if (rc)
		return rc;
	/* A group given by the caller is a decision already made; otherwise the rules decide. */
	struct routing_outcome ro = {0};
	if (!j->t.group_id)
		routing_apply(w, &r->arena, &c, &j->t, j->body, 0, &ro);
	rc = ticket_open(w, &r->arena, &who, &c, &j->t, j->body, NULL);
	return rc ? rc : routing_audit(w, &r->arena, &j->t, &ro) ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_ticket_create(struct request *r)
{
	json_t *in = http_body_json(r, create_fields);
	if (!in)
		return;
	struct create_job j = {.r = r, .body = json_str(in, "body")};
	struct ticket_row *t = &j.t;
	enum ticket_priority prio = PRIO_NORMAL;
	enum ticket_channel chan = CHANNEL_API;
	const char *s;
	char lang[MAX_LANGUAGE + 1];
	if ((s = json_str(in, "priority")) && !ticket_priority_parse(s, &prio)) {
		http_error(r, 422, "invalid_value", "priority is one of low, normal, high, urgent",
			   "priority");
		goto out;
	}
	if ((s = json_str(in, "channel")) && !ticket_channel_parse(s, &chan)) {
		http_error(r, 422, "invalid_value",
			   "channel is one of email, chat, web, api, phone, telegram", "channel");
		goto out;
	}
	if ((s = json_str(in, "category")) && !category_ok(r, s))
		goto out;
	if ((s = json_str(in, "language"))) {
		if (!validate_language(s, strlen(s), lang)) {
			http_error(r, 422, "invalid_value", "language is not a BCP 47 tag", "language");
			goto out;
		}
		t->language = arena_strdup(&r->arena, lang);
	}
	if (json_has(in, "tags") && !tags_from_json(r, json_object_get(in, "tags"), t))
		goto out;
	if (!requester_from_json(r, json_object_get(in, "requester"), &j.req))
		goto out;
	t->subject = arena_strdup(&r->arena, json_str(in, "subject"));
	j.body = arena_strdup(&r->arena, j.body);
	t->priority = ticket_priority_name(prio);
	t->channel = ticket_channel_name(chan);
	t->category = arena_strdup(&r->arena, json_str(in, "category"));
	t->group_id = json_integer_value(json_object_get(in, "group_id"));

	int rc = store_write(r->store, create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	struct db *db = store_reader(r->store);
	struct ticket_row fresh;
	if (!store_ticket_get(db, &r->arena, t->id, &fresh)) {
		http_error(r, 500, "internal", "the ticket was saved but could not be read", NULL);
		goto out;
	}
	http_json(r, 201, json_pack("{s:o}", "ticket", render_ticket(r, db, &fresh)));
out:
	json_decref(in);
}

/* ---- read ---- */

void h_ticket_get(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	http_json(r, 200, json_pack("{s:o}", "ticket", render_ticket(r, db, &t)));
}

/* "abc%_" -> "%abc\%\_%" lowercased (ASCII), for LIKE ... ESCAPE '\'. */
char *like_pattern(struct arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = arena_alloc(a, 2 * n + 3), *o = p;
	*o++ = '%';
	for (size_t i = 0; i < n; i++) {
		char c = q[i];
		if (c == '%' || c == '_' || c == '\\')
			*o++ = '\\';
		*o++ = (char)tolower((unsigned char)c);
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

/* Turns a number typed in q ("EXD-100012", or its digits) into the ticket number. */
static int64_t q_number(const char *s, size_t len)
{
	int64_t seq = 0;
	if (ticket_number_parse(s, len, &seq))
		return seq;
	if (len == 0 || len > 18)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		seq = seq * 10 + (s[i] - '0');
	}
	return seq;
}

/* q as a search: the FTS5 expression (search_query_build, never the text itself), the same
 * with its last word a prefix for subjects (what the list's substring search gave: "Bulk ticket
 * 1" still finds "Bulk ticket 12"; bodies match whole words only, a prefix over millions of
 * messages costs too much), the ticket number, and the identity pattern for PII roles. A q with
 * nothing searchable leaves f->match NULL and sets *nothing. Answers 400 on a bad q. */
static bool parse_q(struct request *r, const char *s, struct ticket_filter *f, bool *nothing)
{
	size_t len = strlen(s);
	if (len > MAX_QUERY) {
		http_error(r, 400, "invalid_query",
			   arena_printf(&r->arena, "q is longer than %d bytes", MAX_QUERY), "q");
		return false;
	}
	char *match = arena_alloc(&r->arena, SEARCH_MATCH_MAX + 2);
	size_t mlen = 0;
	enum search_rc rc = search_query_build(s, len, match, SEARCH_MATCH_MAX, &mlen, NULL);
	if (rc == SEARCH_BAD_UTF8) {
		http_error(r, 400, "invalid_utf8", "q is not valid UTF-8", "q");
		return false;
	}
	if (rc == SEARCH_EMPTY) {
		*nothing = true;
		return true;
	}
	if (rc != SEARCH_OK) {
		http_error(r, 400, "invalid_query",
			   arena_printf(&r->arena, "q: %s", search_strerror(rc)), "q");
		return false;
	}
	f->match = match;
	if (mlen && match[mlen - 1] == '"') { /* a Korean word's (... OR ...) stays whole */
		char *pre = arena_alloc(&r->arena, mlen + 3);
		memcpy(pre, match, mlen);
		memcpy(pre + mlen, " *", 3);
		f->match_subject = pre;
	}
	f->number = q_number(s, len);
	f->q = like_pattern(&r->arena, s);
	/* Matching emails and uids would let a role without PII access probe for them. */
	f->q_identities = can_see_pii(r);
	return true;
}

static bool query_time(struct request *r, const char *key, bool *has, int64_t *ms)
{
	if (!http_query_time(r, key, ms))
		return false;
	*has = http_query(r, key) != NULL;
	return true;
}

bool ticket_filters_parse(struct request *r, struct ticket_filter *f, bool search, bool *nothing)
{
	const char *s;
	memset(f, 0, sizeof *f);
	*nothing = false;
	if ((s = http_query(r, "status"))) {
		size_t k = 0;
		const char *p = s;
		while (*p) {
			const char *end = strchr(p, ',');
			size_t n = end ? (size_t)(end - p) : strlen(p);
			char word[16];
			enum ticket_status st;
			if (n == 0 || n >= sizeof word || k == 6)
				goto bad_status;
			memcpy(word, p, n);
			word[n] = '\0';
			if (!ticket_status_parse(word, &st))
				goto bad_status;
			f->statuses[k++] = ticket_status_name(st);
			p = end ? end + 1 : p + n;
			if (end && !*p)
				goto bad_status;
		}
		if (k == 0)
			goto bad_status;
	}
	enum ticket_priority pr;
	enum ticket_channel ch;
	if ((s = http_query(r, "priority"))) {
		if (!ticket_priority_parse(s, &pr)) {
			http_error(r, 400, "invalid_query", "unknown priority", "priority");
			return false;
		}
		f->priority = ticket_priority_name(pr);
	}
	if ((s = http_query(r, "channel"))) {
		if (!ticket_channel_parse(s, &ch)) {
			http_error(r, 400, "invalid_query", "unknown channel", "channel");
			return false;
		}
		f->channel = ticket_channel_name(ch);
	}
	if ((s = http_query(r, "category"))) {
		if (!validate_slug(s, strlen(s))) {
			http_error(r, 400, "invalid_query", "bad category", "category");
			return false;
		}
		f->category = s;
	}
	if ((s = http_query(r, "tag"))) {
		char buf[MAX_TAG + 1];
		if (!validate_tag_normalize(s, strlen(s), buf)) {
			http_error(r, 400, "invalid_query", "bad tag", "tag");
			return false;
		}
		f->tag = arena_strdup(&r->arena, buf);
	}
	if ((s = http_query(r, "assignee_id"))) {
		if (strcmp(s, "me") == 0) {
			f->assignee = ID_EQUALS;
			f->assignee_id = r->who.agent_id;
		} else if (strcmp(s, "none") == 0) {
			f->assignee = ID_NONE;
		} else {
			if (!http_query_id(r, "assignee_id", &f->assignee_id))
				return false;
			f->assignee = ID_EQUALS;
		}
	}
	if ((s = http_query(r, "group_id"))) {
		if (strcmp(s, "none") == 0) {
			f->group = ID_NONE;
		} else {
			if (!http_query_id(r, "group_id", &f->group_id))
				return false;
			f->group = ID_EQUALS;
		}
	}
	if (!http_query_id(r, "customer_id", &f->customer_id) ||
	    !http_query_id(r, "parent_id", &f->parent_id))
		return false;
	if ((s = http_query(r, "language"))) {
		char lang[MAX_LANGUAGE + 1];
		if (!validate_language(s, strlen(s), lang)) {
			http_error(r, 400, "invalid_query", "language is not a BCP 47 tag", "language");
			return false;
		}
		f->language = arena_strdup(&r->arena, lang);
	}
	if (!query_time(r, "created_after", &f->has_created_after, &f->created_after) ||
	    !query_time(r, "created_before", &f->has_created_before, &f->created_before))
		return false;
	if ((s = http_query(r, "q")) && !parse_q(r, s, f, nothing))
		return false;
	if (search && !s) {
		http_error(r, 400, "invalid_query", "q is required", "q");
		return false;
	}
	/* Newest first, or best first: a search's own order, the list's with sort=relevance. */
	f->relevance = search;
	if ((s = http_query(r, "sort"))) {
		if (!strcmp(s, "relevance"))
			f->relevance = true;
		else if (search || strcmp(s, "newest")) {
			http_error(r, 400, "invalid_query",
				   search ? "sort is relevance" : "sort is newest or relevance",
				   "sort");
			return false;
		}
		if (f->relevance && !http_query(r, "q")) {
			http_error(r, 400, "invalid_query", "sort=relevance needs q", "sort");
			return false;
		}
	}
	/* Relevance pages are positions in the ranking (the cursor carries the offset). */
	if (!http_query_limit(r, &f->limit) || !http_query_cursor(r, &f->before_id))
		return false;
	if (f->relevance) {
		f->offset = f->before_id;
		f->before_id = 0;
	}
	return true;
bad_status:
	http_error(r, 400, "invalid_query",
		   "status is a comma list of new, open, pending, on_hold, solved, closed", "status");
	return false;
}

void h_ticket_list(struct request *r)
{
	struct ticket_filter f;
	bool nothing;
	if (!ticket_filters_parse(r, &f, false, &nothing))
		return;
	if (nothing) { /* q of spaces or punctuation only: nothing to look for */
		http_json(r, 200, json_pack("{s:[], s:n}", "tickets", "next_cursor"));
		return;
	}
	struct db *db = store_reader(r->store);
	struct ticket_scope scope = ticket_scope_of(r);
	struct ticket_row *rows;
	int want = f.limit;
	f.limit = want + 1; /* one more tells whether there is a next page */
	size_t n = store_ticket_list(db, &r->arena, &scope, &f, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)want; i++)
		json_array_append_new(arr, render_ticket(r, db, &rows[i]));
	json_t *next = json_null();
	if (n > (size_t)want)
		next = json_string(http_cursor_encode(r, f.relevance ? f.offset + want
								: rows[want - 1].id));
	http_json(r, 200, json_pack("{s:o, s:o}", "tickets", arr, "next_cursor", next));
}

/* ---- change ---- */

static const struct field_spec patch_fields[] = {
	{"status", FIELD_STRING, false, 16},
	{"priority", FIELD_STRING, false, 16},
	{"assignee_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
	{"group_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
	{"tags", FIELD_STRING_ARRAY, false, MAX_TAG, MAX_TAGS},
	{"category", FIELD_STRING, false, 40},
	{"subject", FIELD_STRING, false, MAX_SUBJECT},
	{NULL},
};

struct patch_job {
	struct request *r;
	json_t *in;
	bool has_status;
	enum ticket_status status;
	const char *priority, *category, *subject;
	bool has_tags;
	struct ticket_row tags; /* only tags/n_tags used */
	int64_t id;
	struct job_error err;
};

/* May this agent be the assignee of a ticket in group_id? */
int ticket_check_assignee(struct db *w, struct arena *a, int64_t agent_id, int64_t group_id,
			  struct job_error *err)
{
	struct agent_row ag;
	enum role role;
	if (!store_agent_get(w, a, agent_id, &ag) || !ag.active || !role_parse(ag.role, &role) ||
	    role == ROLE_QA)
		return job_fail(err, 422, "invalid_value", "no such active agent who can take tickets",
				"assignee_id");
	if (group_id) {
		bool member = false;
		for (size_t i = 0; i < ag.n_groups; i++)
			member = member || ag.groups[i] == group_id;
		if (!member)
			return job_fail(err, 422, "invalid_value",
					"the assignee is not a member of the ticket's group",
					"assignee_id");
	}
	return STORE_JOB_OK;
}

/* Apply a status change with its timestamps. */
void ticket_set_status(struct ticket_row *t, int to_status, int64_t now)
{
	enum ticket_status to = (enum ticket_status)to_status;
	t->status = ticket_status_name(to);
	if (to == TICKET_SOLVED)
		t->solved_at = now;
	else if (to == TICKET_CLOSED)
		t->closed_at = now;
	else
		t->solved_at = 0;
}

static int patch_run(struct db *w, void *ctx)
{
	struct patch_job *j = ctx;
	struct request *r = j->r;
	struct ticket_row t;
	if (!store_ticket_get(w, &r->arena, j->id, &t) || !ticket_visible(r, &t))
		return job_fail(&j->err, 404, "not_found", "no such ticket", NULL);
	json_t *before = ticket_audit_json(&t);
	int64_t now = clock_now_ms();
	enum ticket_status cur;
	ticket_status_parse(t.status, &cur);
	if (t.merged_into_id)
		return json_decref(before),
		       job_fail(&j->err, 409, "conflict", "the ticket was merged into another",
				NULL);
	json_t *g = json_object_get(j->in, "group_id");
	if (g) {
		int64_t gid = json_is_integer(g) ? json_integer_value(g) : 0;
		struct group_row grp;
		if (gid && !store_group_get(w, &r->arena, gid, &grp))
			return json_decref(before),
			       job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
		t.group_id = gid;
	}
	json_t *as = json_object_get(j->in, "assignee_id");
	bool assigned_now = false;
	if (as) {
		int64_t aid = json_is_integer(as) ? json_integer_value(as) : 0;
		if (aid) {
			int rc = ticket_check_assignee(w, &r->arena, aid, t.group_id, &j->err);
			if (rc)
				return json_decref(before), rc;
		}
		assigned_now = aid && aid != t.assignee_id;
		t.assignee_id = aid;
	} else if (g && t.assignee_id) {
		/* Moving to another group keeps the assignee only if they belong to it. */
		struct job_error ignore;
		if (ticket_check_assignee(w, &r->arena, t.assignee_id, t.group_id, &ignore))
			t.assignee_id = 0;
	}
	if (j->has_status) {
		if (!ticket_transition_allowed(cur, j->status))
			return json_decref(before),
			       job_fail(&j->err, 422, "invalid_transition",
					arena_printf(&r->arena, "a ticket cannot go from %s to %s",
						     t.status, ticket_status_name(j->status)),
					"status");
		if (j->status != cur)
			ticket_set_status(&t, j->status, now);
	} else if (assigned_now && cur == TICKET_NEW) {
		ticket_set_status(&t, TICKET_OPEN, now); /* someone owns it now */
	}
	if (j->priority)
		t.priority = j->priority;
	if (j->category)
		t.category = j->category;
	if (j->subject)
		t.subject = j->subject;
	if (j->has_tags) {
		t.tags = j->tags.tags;
		t.n_tags = j->tags.n_tags;
	}
	json_t *after = ticket_audit_json(&t);
	int rc = STORE_JOB_OK;
	if (!json_equal(before, after)) {
		t.updated_at = now;
		if (store_ticket_update(w, &t) != DB_DONE ||
		    !audit_append(w, &r->arena, &(struct actor){"agent", r->who.agent_id},
				  "ticket.update", "ticket", t.id, t.id, before, after))
			rc = STORE_COMMIT_FAILED;
		else if (j->has_status && j->status == TICKET_SOLVED && cur != TICKET_SOLVED)
			rc = escalation_child_solved(w, &r->arena,
						     &(struct actor){"agent", r->who.agent_id}, &t, now);
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

void h_ticket_patch(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	json_t *in = http_body_json(r, patch_fields);
	if (!in)
		return;
	struct patch_job j = {.r = r, .in = in, .id = t.id};
	const char *s;
	enum ticket_priority prio;
	if ((s = json_str(in, "status"))) {
		if (!ticket_status_parse(s, &j.status)) {
			http_error(r, 422, "invalid_value",
				   "status is one of new, open, pending, on_hold, solved, closed",
				   "status");
			goto out;
		}
		j.has_status = true;
	}
	if ((s = json_str(in, "priority"))) {
		if (!ticket_priority_parse(s, &prio)) {
			http_error(r, 422, "invalid_value",
				   "priority is one of low, normal, high, urgent", "priority");
			goto out;
		}
		j.priority = ticket_priority_name(prio);
	}
	if ((s = json_str(in, "category"))) {
		if (!category_ok(r, s))
			goto out;
		j.category = arena_strdup(&r->arena, s);
	}
	if (json_has(in, "subject")) {
		j.subject = arena_strdup(&r->arena, json_str(in, "subject"));
		if (!*j.subject) {
			http_error(r, 422, "invalid_value", "subject must not be empty", "subject");
			goto out;
		}
	}
	if (json_has(in, "tags")) {
		if (!tags_from_json(r, json_object_get(in, "tags"), &j.tags))
			goto out;
		j.has_tags = true;
	}
	int rc = store_write(r->store, patch_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	store_ticket_get(db, &r->arena, t.id, &t);
	http_json(r, 200, json_pack("{s:o}", "ticket", render_ticket(r, db, &t)));
out:
	json_decref(in);
}
