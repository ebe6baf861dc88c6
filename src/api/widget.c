/* widget.c — the customer's side of live chat (docs/chat.md "Widget API"). No agent
 * credentials here: a widget session (a random token, stored hashed) stands for one customer,
 * an anonymous visitor or a verified exchange user, and may only reach that customer's chats. */
#include "api/chat.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/customers.h"
#include "core/filetype.h"
#include "core/identity.h"
#include "core/ticket.h"
#include "http/auth.h"
#include "http/push.h"
#include "util/clock.h"
#include "util/utf8.h"

#define MAX_MESSAGE (64 * 1024)
#define VISITOR_HEX 32
#define SUBJECT_CHARS 80

/* ---- sessions ---- */

bool widget_session_try(struct request *r, struct widget_session *out)
{
	const char *tok = http_header_in(r, "X-Widget-Token");
	if (!tok)
		tok = http_query(r, "token");
	if (!tok || !*tok || strlen(tok) > 128)
		return false;
	char hash[SECRET_HEX];
	auth_sha256_hex(tok, strlen(tok), hash);
	struct widget_session_row row;
	if (!store_widget_session_get(store_reader(r->store), &r->arena, hash, &row) ||
	    row.expires_at <= clock_now_ms())
		return false;
	*out = (struct widget_session){row.id, row.customer_id, row.verified, row.language};
	return true;
}

bool widget_session_of(struct request *r, struct widget_session *out)
{
	if (widget_session_try(r, out))
		return true;
	http_error(r, 401, "unauthorized", "start a widget session first (X-Widget-Token)", NULL);
	return false;
}

static bool visitor_id_ok(const char *s)
{
	if (strlen(s) != VISITOR_HEX)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

static const struct field_spec session_fields[] = {
	{"visitor_id", FIELD_STRING, false, VISITOR_HEX},
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"email", FIELD_STRING, false, MAX_EMAIL},
	{"exchange_uid", FIELD_STRING, false, MAX_UID},
	{"user_hash", FIELD_STRING, false, 64},
	{"language", FIELD_STRING, false, MAX_LANGUAGE},
	{NULL},
};

struct session_job {
	struct request *r;
	struct requester_in req; /* for a verified exchange user */
	const char *visitor_id;  /* for an anonymous visitor */
	char token[SECRET_HEX], new_visitor[VISITOR_HEX + 1];
	struct customer_row c;
	struct job_error err;
};

/* An anonymous visitor: their own customer, known by a random visitor id. An email they give
 * is attached only if nobody owns it yet — a visitor never gets into another person's history
 * by typing their address. */
static int visitor_resolve(struct db *w, struct session_job *j, int64_t now)
{
	struct arena *a = &j->r->arena;
	int64_t cid = j->visitor_id ? store_customer_find(w, "chat_visitor", j->visitor_id) : 0;
	if (!cid) {
		unsigned char raw[VISITOR_HEX / 2];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(j->new_visitor, sizeof j->new_visitor, raw, sizeof raw);
		j->visitor_id = j->new_visitor;
		struct customer_row c = {.name = j->req.name ? j->req.name : "",
					 .language = j->req.language ? j->req.language : "",
					 .created_at = now, .updated_at = now};
		struct actor who = {"customer", 0};
		json_t *after = json_pack("{s:s, s:s}", "name", c.name, "kind", "chat_visitor");
		bool ok = store_customer_insert(w, &c) == DB_DONE &&
			  store_identity_insert(w, c.id, "chat_visitor", j->visitor_id, false, now) ==
				  DB_DONE &&
			  audit_append(w, a, &who, "customer.create", "customer", c.id, 0, NULL, after);
		json_decref(after);
		if (!ok)
			return STORE_COMMIT_FAILED;
		cid = c.id;
	}
	if (j->req.email && !store_customer_find(w, "email", j->req.email) &&
	    store_identity_insert(w, cid, "email", j->req.email, false, now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	return store_customer_get(w, a, cid, &j->c) ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static int session_run(struct db *w, void *ctx)
{
	struct session_job *j = ctx;
	struct request *r = j->r;
	int64_t now = clock_now_ms();
	int rc;
	if (j->req.uid) {
		struct actor who = {"customer", 0};
		rc = customer_resolve(w, &r->arena, &who, &j->req, now, &j->c, &j->err);
	} else {
		rc = visitor_resolve(w, j, now);
	}
	if (rc)
		return rc;
	char hash[SECRET_HEX];
	if (store_sessions_purge(w, now) != DB_DONE)
		return STORE_COMMIT_FAILED;
	auth_random_hex(j->token);
	auth_sha256_hex(j->token, strlen(j->token), hash);
	struct widget_session_row s = {.customer_id = j->c.id,
				       .verified = j->req.uid_verified,
				       .language = j->req.language,
				       .created_at = now,
				       .expires_at = now + WIDGET_SESSION_TTL_MS};
	return store_widget_session_insert(w, hash, &s) == DB_DONE ? STORE_JOB_OK
								   : STORE_COMMIT_FAILED;
}

static json_t *render_session_customer(const struct customer_row *c, bool verified)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:n, s:b}", "id", (json_int_t)c->id, "name", c->name,
			      "language", c->language, "email", "verified", verified);
	/* Their own email, so the widget can show "we will answer at ...". */
	for (size_t i = 0; i < c->n_identities; i++)
		if (!strcmp(c->identities[i].kind, "email"))
			json_object_set_new(o, "email", json_string(c->identities[i].value));
	return o;
}

void h_widget_session_create(struct request *r)
{
	json_t *in = http_body_json(r, session_fields);
	if (!in)
		return;
	struct session_job j = {.r = r};
	const char *uid = json_str(in, "exchange_uid"), *hash = json_str(in, "user_hash");
	const char *vid = json_str(in, "visitor_id");
	/* A uid without its hash is an unverified claim: never let it open someone's history. */
	if (uid && *uid && !hash) {
		http_error(r, 422, "missing_field", "exchange_uid needs its user_hash", "user_hash");
		goto out;
	}
	if (!requester_from_json_loose(r, in, &j.req))
		goto out;
	if (vid && *vid) {
		if (!visitor_id_ok(vid)) {
			http_error(r, 422, "invalid_value", "visitor_id is 32 hex digits", "visitor_id");
			goto out;
		}
		j.visitor_id = arena_strdup(&r->arena, vid);
	}
	int rc = store_write(r->store, session_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		goto out;
	}
	json_t *ans = json_pack("{s:s, s:o}", "token", j.token, "customer",
				render_session_customer(&j.c, j.req.uid_verified));
	json_object_set_new(ans, "visitor_id", j.visitor_id ? json_string(j.visitor_id) : json_null());
	http_json(r, 201, ans);
	sodium_memzero(j.token, sizeof j.token);
out:
	json_decref(in);
}

static const struct field_spec session_patch_fields[] = {
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"email", FIELD_STRING, false, MAX_EMAIL},
	{"language", FIELD_STRING, false, MAX_LANGUAGE},
	{NULL},
};

struct session_patch_job {
	struct request *r;
	int64_t customer_id;
	struct requester_in req;
	struct customer_row c;
};

static int session_patch_run(struct db *w, void *ctx)
{
	struct session_patch_job *j = ctx;
	struct arena *a = &j->r->arena;
	int64_t now = clock_now_ms();
	if (!store_customer_get(w, a, j->customer_id, &j->c))
		return STORE_COMMIT_FAILED;
	json_t *b = json_pack("{s:s, s:s}", "name", j->c.name, "language", j->c.language);
	if (j->req.name && *j->req.name)
		j->c.name = j->req.name;
	if (j->req.language)
		j->c.language = j->req.language;
	json_t *af = json_pack("{s:s, s:s}", "name", j->c.name, "language", j->c.language);
	struct actor who = {"customer", j->c.id};
	bool ok = true;
	if (!json_equal(b, af)) {
		j->c.updated_at = now;
		ok = store_customer_update(w, &j->c) == DB_DONE &&
		     audit_append(w, a, &who, "customer.update", "customer", j->c.id, 0, b, af);
	}
	json_decref(b);
	json_decref(af);
	if (ok && j->req.email && !store_customer_find(w, "email", j->req.email))
		ok = store_identity_insert(w, j->c.id, "email", j->req.email, false, now) == DB_DONE;
	return ok && store_customer_get(w, a, j->customer_id, &j->c) ? STORE_JOB_OK
								     : STORE_COMMIT_FAILED;
}

void h_widget_session_patch(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	json_t *in = http_body_json(r, session_patch_fields);
	if (!in)
		return;
	struct session_patch_job j = {.r = r, .customer_id = ws.customer_id};
	if (requester_from_json_loose(r, in, &j.req)) {
		int rc = store_write(r->store, session_patch_run, &j);
		if (rc != STORE_JOB_OK)
			http_store_failure(r, rc);
		else
			http_json(r, 200, json_pack("{s:o}", "customer",
						    render_session_customer(&j.c, ws.verified)));
	}
	json_decref(in);
}

/* ---- status ---- */

void h_widget_status(struct request *r)
{
	struct db *db = store_reader(r->store);
	int64_t online = store_agents_online(db);
	char *hours = store_setting_get(db, &r->arena, "desk_hours");
	http_json(r, 200, json_pack("{s:b, s:I, s:s, s:n}", "online", online > 0, "agents_online",
				    (json_int_t)online, "hours",
				    hours ? hours : "Mon-Sun 00:00-24:00 UTC", "next_open"));
}

/* ---- conversations ---- */

json_t *render_message_full(struct db *db, struct arena *a, const struct message_row *m)
{
	json_t *o = render_message(m);
	struct attachment_row *at;
	size_t n = store_attachment_list(db, a, m->id, &at);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)at[i].id,
				       "filename", at[i].filename, "content_type", at[i].content_type,
				       "size", (json_int_t)at[i].size, "url",
				       arena_printf(a, "/api/v1/attachments/%lld", (long long)at[i].id)));
	json_object_set_new(o, "attachments", arr);
	return o;
}

json_t *render_conversation(struct db *db, struct arena *a, const struct ticket_row *t)
{
	char number[TICKET_NUMBER_MAX];
	ticket_number_format(t->number, number);
	struct agent_row ag;
	bool has_agent = t->assignee_id && store_agent_get(db, a, t->assignee_id, &ag);
	struct csat_row cs;
	bool rated = store_csat_get(db, a, t->id, &cs);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)t->id, "number",
			 number, "subject", t->subject, "status", t->status, "updated_at",
			 json_time(t->updated_at), "agent_name",
			 has_agent ? json_string(ag.name) : json_null(), "csat",
			 rated ? json_integer(cs.rating) : json_null());
}

void h_widget_conversations(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	struct db *db = store_reader(r->store);
	struct ticket_scope scope = {.all = true};
	struct ticket_filter f = {.customer_id = ws.customer_id, .channel = "chat", .limit = 50};
	struct ticket_row *rows;
	size_t n = store_ticket_list(db, &r->arena, &scope, &f, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		if (!store_ticket_is_escalation(db, rows[i].id)) /* the customer sees the parent */
			json_array_append_new(arr, render_conversation(db, &r->arena, &rows[i]));
	http_json(r, 200, json_pack("{s:o}", "conversations", arr));
}

/* The widget session's own chat ticket {id}; 404 for anything else. */
static bool own_conversation(struct request *r, const struct widget_session *ws, struct db *db,
			     struct ticket_row *t)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_ticket_get(db, &r->arena, id, t) || t->customer_id != ws->customer_id ||
	    strcmp(t->channel, "chat") != 0 || store_ticket_is_escalation(db, t->id)) {
		http_error(r, 404, "not_found", "no such conversation", NULL);
		return false;
	}
	return true;
}

/* The first line of a message, cut at SUBJECT_CHARS characters. */
static char *subject_of(struct arena *a, const char *body)
{
	size_t len = strcspn(body, "\r\n");
	const char *s = utf8_trim(body, &len);
	size_t cut = 0, chars = 0;
	while (cut < len && chars < SUBJECT_CHARS) {
		cut++;
		while (cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	return cut ? arena_strndup(a, s, cut) : arena_strdup(a, "Chat");
}

static const struct field_spec body_fields[] = {
	{"body", FIELD_TEXT, true, MAX_MESSAGE},
	{NULL},
};

struct open_job {
	struct request *r;
	struct widget_session ws;
	const char *body;
	struct ticket_row t;
	int64_t message_id, chat_group;
};

static int open_run(struct db *w, void *ctx)
{
	struct open_job *j = ctx;
	struct customer_row c;
	if (!store_customer_get(w, &j->r->arena, j->ws.customer_id, &c))
		return STORE_COMMIT_FAILED;
	struct actor who = {"customer", c.id};
	/* The rules decide; with none matching, the desk's chat group takes it. */
	struct group_row g;
	int64_t fallback = j->chat_group && store_group_get(w, &j->r->arena, j->chat_group, &g)
				   ? j->chat_group
				   : 0;
	struct routing_outcome ro;
	routing_apply(w, &j->r->arena, &c, &j->t, j->body, fallback, &ro);
	int rc = ticket_open(w, &j->r->arena, &who, &c, &j->t, j->body, &j->message_id);
	return rc ? rc : routing_audit(w, &j->r->arena, &j->t, &ro) ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_widget_conversation_create(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	json_t *in = http_body_json(r, body_fields);
	if (!in)
		return;
	struct open_job j = {.r = r, .ws = ws};
	j.body = arena_strdup(&r->arena, json_str(in, "body"));
	json_decref(in);
	j.t.subject = subject_of(&r->arena, j.body);
	j.t.channel = "chat";
	char *g = store_setting_get(store_reader(r->store), &r->arena, "chat_group_id");
	j.chat_group = g ? atoll(g) : 0;
	j.t.priority = "normal";
	j.t.language = ws.language && *ws.language ? ws.language : NULL;
	int rc = store_write(r->store, open_run, &j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		return;
	}
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	struct message_row m;
	store_ticket_get(db, &r->arena, j.t.id, &t);
	store_message_get(db, &r->arena, j.message_id, &m);
	bool offline = store_agents_online(db) == 0;
	http_json(r, 201, json_pack("{s:o, s:o, s:b}", "conversation",
				    render_conversation(db, &r->arena, &t), "message",
				    render_message_full(db, &r->arena, &m), "offline", offline));
}

void h_widget_messages(struct request *r)
{
	struct widget_session ws;
	struct ticket_row t;
	struct db *db = store_reader(r->store);
	int64_t after = 0;
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, db, &t) ||
	    !http_query_id(r, "after", &after))
		return;
	struct message_row *rows;
	size_t n = store_message_list(db, &r->arena, t.id, after, 500, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *k = rows[i].kind;
		if (!strcmp(k, "reply") || !strcmp(k, "customer") || !strcmp(k, "system"))
			json_array_append_new(arr, render_message_full(db, &r->arena, &rows[i]));
	}
	int64_t read = store_read_mark_get(db, t.id, "agent");
	http_json(r, 200, json_pack("{s:o, s:o, s:I}", "messages", arr, "conversation",
				    render_conversation(db, &r->arena, &t), "agent_read_up_to",
				    (json_int_t)read));
}

struct say_job {
	struct request *r;
	struct ticket_row t;
	const char *body;
	struct attachment_row at; /* when a file comes with the message */
	int64_t message_id, ticket_id;
};

static int say_run(struct db *w, void *ctx)
{
	struct say_job *j = ctx;
	struct ticket_row t;
	if (!store_ticket_get(w, &j->r->arena, j->t.id, &t))
		return STORE_COMMIT_FAILED;
	int rc = customer_says(w, &j->r->arena, &t, j->body, &j->message_id, &j->ticket_id);
	if (rc || !j->at.data)
		return rc;
	j->at.message_id = j->message_id;
	j->at.created_at = clock_now_ms();
	return store_attachment_insert(w, &j->at) == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void say_answer(struct request *r, struct say_job *j)
{
	int rc = store_write(r->store, say_run, j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		return;
	}
	struct db *db = store_reader(r->store);
	struct message_row m;
	store_message_get(db, &r->arena, j->message_id, &m);
	http_json(r, 201, json_pack("{s:o}", "message", render_message_full(db, &r->arena, &m)));
}

void h_widget_message_create(struct request *r)
{
	struct widget_session ws;
	struct say_job j = {.r = r};
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, store_reader(r->store), &j.t))
		return;
	json_t *in = http_body_json(r, body_fields);
	if (!in)
		return;
	j.body = arena_strdup(&r->arena, json_str(in, "body"));
	json_decref(in);
	say_answer(r, &j);
}

/* X-Filename is percent-encoded UTF-8 (headers are ASCII). Keep a safe display name. */
static const char *filename_of(struct request *r)
{
	const char *h = http_header_in(r, "X-Filename");
	if (!h || !*h || strlen(h) > 600)
		return "attachment";
	char *s = arena_strdup(&r->arena, h);
	size_t len = http_unescape(s);
	if (len != strlen(s) || !utf8_valid(s, len, false) || len > 200) /* %00 inside: refused */
		return "attachment";
	for (char *p = s; *p; p++) /* no paths, no control characters, no quotes */
		if (*p == '/' || *p == '\\' || *p == '"' || (unsigned char)*p < 0x20)
			*p = '_';
	return s;
}

void h_widget_attachment(struct request *r)
{
	struct widget_session ws;
	struct say_job j = {.r = r};
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, store_reader(r->store), &j.t))
		return;
	if (r->body_len == 0) {
		http_error(r, 400, "malformed_request", "send the file as the request body", NULL);
		return;
	}
	if (!filetype_allowed(r->content_type, (const unsigned char *)r->body, r->body_len)) {
		http_error(r, 415, "unsupported_media_type",
			   "attach PNG, JPEG, GIF or WebP images or PDF files, sent with their type",
			   NULL);
		return;
	}
	char hex[SECRET_HEX];
	auth_sha256_hex(r->body, r->body_len, hex);
	const char *name = filename_of(r);
	size_t tl = strcspn(r->content_type, "; ");
	j.at = (struct attachment_row){.filename = name,
				       .content_type = arena_strndup(&r->arena, r->content_type, tl),
				       .size = (int64_t)r->body_len,
				       .sha256 = arena_strdup(&r->arena, hex),
				       .data = (const unsigned char *)r->body};
	j.body = name;
	say_answer(r, &j);
}

void h_attachment_get(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct db *db = store_reader(r->store);
	struct attachment_row at;
	struct ticket_row t;
	struct widget_session ws;
	bool ok = store_attachment_get(db, &r->arena, id, &at) &&
		  store_ticket_get(db, &r->arena, at.ticket_id, &t);
	if (ok) {
		if (widget_session_try(r, &ws)) {
			ok = t.customer_id == ws.customer_id;
		} else {
			if (!auth_resolve(r))
				return;
			if (r->who.kind == PRINCIPAL_NONE) {
				http_error(r, 401, "unauthorized",
					   "send the widget token or agent credentials", NULL);
				return;
			}
			ok = perm_allowed(r->who.role, PERM_TICKET_READ) && ticket_visible(r, &t);
		}
	}
	if (!ok) {
		http_error(r, 404, "not_found", "no such attachment", NULL);
		return;
	}
	/* A file is data, never a page: sandboxed, and downloaded unless it is an image. */
	http_header(r, "Content-Security-Policy", "default-src 'none'; sandbox");
	if (!filetype_is_image(at.content_type))
		http_header(r, "Content-Disposition", "attachment; filename=\"attachment\"");
	http_header(r, "Cache-Control", "private, max-age=3600");
	http_text(r, 200, at.content_type, (const char *)at.data, (size_t)at.size);
}

/* ---- typing, read, csat ---- */

static const struct field_spec typing_fields[] = {{"typing", FIELD_BOOL, true}, {NULL}};

void h_widget_typing(struct request *r)
{
	struct widget_session ws;
	struct ticket_row t;
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, store_reader(r->store), &t))
		return;
	json_t *in = http_body_json(r, typing_fields);
	if (!in)
		return;
	bool typing = json_is_true(json_object_get(in, "typing"));
	json_decref(in);
	struct push_target tg = {.ticket_id = t.id, .customer_id = t.customer_id,
				 .group_id = t.group_id, .assignee_id = t.assignee_id,
				 .to_agents = true};
	json_t *data = json_pack("{s:I, s:{s:s}, s:b}", "ticket_id", (json_int_t)t.id, "who",
				 "type", "customer", "typing", typing);
	char *s = json_dumps(data, JSON_COMPACT);
	json_decref(data);
	push_signal(&tg, "typing", s);
	free(s);
	http_no_content(r);
}

static const struct field_spec read_fields[] = {
	{"message_id", FIELD_INT, true, 0, 0, 1, INT64_MAX},
	{NULL},
};

struct read_job {
	struct request *r;
	int64_t ticket_id, message_id;
	const char *reader;
	struct actor who;
};

static int read_run(struct db *w, void *ctx)
{
	struct read_job *j = ctx;
	if (store_read_mark_set(w, j->ticket_id, j->reader, j->message_id, clock_now_ms()) != DB_DONE)
		return STORE_COMMIT_FAILED;
	if (db_changes(w) == 0)
		return STORE_JOB_OK; /* already read that far */
	return audit_append(w, &j->r->arena, &j->who,
			    !strcmp(j->reader, "customer") ? "read.customer" : "read.agent",
			    "message", j->message_id, j->ticket_id, NULL, NULL)
		       ? STORE_JOB_OK
		       : STORE_COMMIT_FAILED;
}

void read_mark(struct request *r, const struct ticket_row *t, const char *reader,
	       const struct actor *who)
{
	json_t *in = http_body_json(r, read_fields);
	if (!in)
		return;
	struct read_job j = {.r = r, .ticket_id = t->id, .reader = reader, .who = *who};
	j.message_id = json_integer_value(json_object_get(in, "message_id"));
	json_decref(in);
	struct message_row m;
	if (!store_message_get(store_reader(r->store), &r->arena, j.message_id, &m) ||
	    m.ticket_id != t->id) {
		http_error(r, 422, "invalid_value", "no such message in this conversation",
			   "message_id");
		return;
	}
	int rc = store_write(r->store, read_run, &j);
	if (rc != STORE_JOB_OK)
		http_store_failure(r, rc);
	else
		http_no_content(r);
}

void h_widget_read(struct request *r)
{
	struct widget_session ws;
	struct ticket_row t;
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, store_reader(r->store), &t))
		return;
	struct actor who = {"customer", ws.customer_id};
	read_mark(r, &t, "customer", &who);
}

static const struct field_spec csat_fields[] = {
	{"rating", FIELD_INT, true, 0, 0, 1, 5},
	{"comment", FIELD_TEXT, false, 2000},
	{NULL},
};

struct csat_job {
	struct request *r;
	struct csat_row c;
	struct job_error err;
};

static int csat_run(struct db *w, void *ctx)
{
	struct csat_job *j = ctx;
	struct ticket_row t;
	if (!store_ticket_get(w, &j->r->arena, j->c.ticket_id, &t))
		return STORE_COMMIT_FAILED;
	if (strcmp(t.status, "solved") != 0 && strcmp(t.status, "closed") != 0)
		return job_fail(&j->err, 409, "not_solved", "a chat is rated once it is solved", NULL);
	struct csat_row existing;
	if (store_csat_get(w, &j->r->arena, t.id, &existing))
		return job_fail(&j->err, 409, "already_rated", "this chat was already rated", NULL);
	j->c.agent_id = t.assignee_id;
	j->c.created_at = clock_now_ms();
	if (store_csat_insert(w, &j->c) != DB_DONE)
		return STORE_COMMIT_FAILED;
	struct actor who = {"customer", j->c.customer_id};
	json_t *after = json_pack("{s:i, s:s, s:o}", "rating", j->c.rating, "comment", j->c.comment,
				  "agent_id", json_id(j->c.agent_id));
	bool ok = audit_append(w, &j->r->arena, &who, "csat.create", "ticket", t.id, t.id, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_widget_csat(struct request *r)
{
	struct widget_session ws;
	struct ticket_row t;
	if (!widget_session_of(r, &ws) || !own_conversation(r, &ws, store_reader(r->store), &t))
		return;
	json_t *in = http_body_json(r, csat_fields);
	if (!in)
		return;
	struct csat_job j = {.r = r};
	j.c.ticket_id = t.id;
	j.c.customer_id = ws.customer_id;
	j.c.rating = (int)json_integer_value(json_object_get(in, "rating"));
	j.c.comment = arena_strdup(&r->arena, json_str(in, "comment") ? json_str(in, "comment") : "");
	json_decref(in);
	int rc = store_write(r->store, csat_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	http_json(r, 201, json_pack("{s:{s:i, s:s}}", "csat", "rating", j.c.rating, "comment",
				    j.c.comment));
}
