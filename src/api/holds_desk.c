/* holds_desk.c — what withdrawal holds and outreach share: the tickets the desk opens itself
 * (the customer has not written; the desk speaks first), the Security group, the customer
 * behind an exchange uid, and the scam/sanctions list setting (PUT /api/v1/settings/scam-list).
 *
 * Why a ticket without a first customer message: ticket_open records the opener's text as the
 * customer's, and here nobody but the desk has spoken. The desk's words are public messages of
 * kind system, like the after-hours reply: the customer sees them, the SLA does not count them
 * as an agent's answer. */
#include "api/withdrawal_holds.h"

#include <ctype.h>
#include <string.h>

#include "api/customers.h"
#include "api/mail.h"
#include "core/validate.h"
#include "util/clock.h"

const char *holds_js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

int64_t holds_security_group(struct db *w, struct arena *a)
{
	return group_ensure(w, a, HOLDS_GROUP, "expert", "security",
	                    "withdrawal holds need a Security queue");
}

int holds_desk_ticket_open(struct db *w, struct arena *a, const struct customer_row *c,
                           struct ticket_row *t, const char *reason)
{
	struct actor sys = {"system", 0};
	return ticket_insert(w, a, &sys, c, t, reason);
}

bool holds_desk_says(struct db *w, struct arena *a, const struct ticket_row *t, const char *body,
                     const char *about, int64_t now, int64_t *message_id)
{
	struct actor sys = {"system", 0};
	struct message_row m = {.ticket_id = t->id, .kind = "system", .author_type = "system",
	                        .body = body, .created_at = now};
	if (!add_message(w, a, &sys, &m))
		return false;
	json_t *after = json_pack("{s:I, s:s, s:s}", "message_id", (json_int_t)m.id, "about", about,
	                          "language", hold_text_language(t->language));
	bool ok = audit_append(w, a, &sys, "ticket.outreach", "ticket", t->id, t->id, NULL, after);
	json_decref(after);
	if (message_id)
		*message_id = m.id;
	/* A chat customer who does not read it in the widget gets it by mail after the grace. */
	return ok && mail_queue_reply(w, a, t, m.id, now) == STORE_JOB_OK;
}

bool holds_system_note(struct db *w, struct arena *a, int64_t ticket_id, const char *body,
                       int64_t now)
{
	struct actor sys = {"system", 0};
	struct message_row m = {.ticket_id = ticket_id, .kind = "note", .author_type = "system",
	                        .body = body, .created_at = now};
	return add_message(w, a, &sys, &m);
}

int holds_customer(struct db *w, struct arena *a, const char *uid, json_t *profile,
                   struct customer_row *out, struct job_error *err)
{
	json_t *u = json_object_get(profile, "user");
	struct requester_in in = {.uid = uid, .vip_tier = -1, .uid_verified = true};
	const char *name = holds_js(u, "name"), *lang = holds_js(u, "language");
	const char *email = holds_js(u, "email");
	if (*name)
		in.name = name;
	char buf[MAX_LANGUAGE + 1];
	if (*lang && validate_language(lang, strlen(lang), buf))
		in.language = arena_strdup(a, buf);
	if (*email && strlen(email) <= MAX_EMAIL && validate_email(email, strlen(email))) {
		char *lower = arena_strdup(a, email);
		for (char *p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		in.email = lower;
	}
	json_t *vt = json_object_get(u, "vip_tier");
	if (json_is_integer(vt))
		in.vip_tier = json_integer_value(vt) > 5 ? 5 : (int)json_integer_value(vt);
	struct actor sys = {"system", 0};
	return customer_resolve(w, a, &sys, &in, clock_now_ms(), out, err);
}

/* ---- the scam and sanctions list ---- */

const struct scam_list *holds_scam_list(struct db *db, struct arena *a)
{
	char *csv = store_setting_get(db, a, HOLDS_SCAM_LIST_KEY);
	if (!csv || !*csv)
		return NULL;
	struct scam_list *l = arena_alloc(a, sizeof *l);
	enum scam_list_err e = scam_list_parse(l, a, csv, strlen(csv), NULL, 0);
	return e == SCAM_LIST_OK || e == SCAM_LIST_ERR_LINES ? l : NULL;
}

static json_t *list_summary(const struct scam_list *l, int64_t updated_at)
{
	size_t by[3] = {0};
	for (size_t i = 0; l && i < l->n; i++)
		by[l->entries[i].category]++;
	return json_pack("{s:b, s:I, s:I, s:I, s:{s:I, s:I, s:I}, s:o}", "loaded", l != NULL,
	                 "entries", (json_int_t)(l ? l->n : 0), "lines",
	                 (json_int_t)(l ? l->lines : 0), "duplicates",
	                 (json_int_t)(l ? l->duplicates : 0), "by_category", "sanctions",
	                 (json_int_t)by[SCAM_LIST_SANCTIONS], "scam", (json_int_t)by[SCAM_LIST_SCAM],
	                 "phishing", (json_int_t)by[SCAM_LIST_PHISHING], "updated_at",
	                 updated_at ? json_time(updated_at) : json_null());
}

void h_scam_list_get(struct request *r)
{
	struct db *db = store_reader(r->store);
	const struct scam_list *l = holds_scam_list(db, &r->arena);
	char *at = store_setting_get(db, &r->arena, HOLDS_SCAM_LIST_KEY ".updated_at");
	http_json(r, 200, json_pack("{s:o}", "scam_list",
	                            list_summary(l, at ? strtoll(at, NULL, 10) : 0)));
}

static const struct field_spec scam_list_fields[] = {
    {"csv", FIELD_TEXT, false, HOLDS_SCAM_LIST_MAX}, /* required, but "" removes the list */
    {NULL},
};

struct list_job {
	const char *csv;
	struct actor who;
	struct arena *a;
	const struct scam_list *l;
	int64_t now;
};

static int list_put_run(struct db *w, void *ctx)
{
	struct list_job *j = ctx;
	if (!store_setting_set(w, HOLDS_SCAM_LIST_KEY, *j->csv ? j->csv : NULL) ||
	    !store_setting_set(w, HOLDS_SCAM_LIST_KEY ".updated_at",
	                       arena_printf(j->a, "%lld", (long long)j->now)))
		return STORE_COMMIT_FAILED;
	/* The list itself may be megabytes: the audit keeps its size and counts, not the text. */
	json_t *after = list_summary(j->l, j->now);
	json_object_set_new(after, "bytes", json_integer((json_int_t)strlen(j->csv)));
	bool ok = audit_append(w, j->a, &j->who, "settings.scam_list", "settings", 0, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_scam_list_put(struct request *r)
{
	json_t *in = http_body_json(r, scam_list_fields);
	if (!in)
		return;
	const char *csv = json_str(in, "csv");
	if (!csv) {
		http_error(r, 422, "missing_field", "csv is required (\"\" removes the list)", "csv");
		json_decref(in);
		return;
	}
	struct scam_list *l = arena_alloc(&r->arena, sizeof *l);
	struct scam_list_line_error errs[20];
	enum scam_list_err e = scam_list_parse(l, &r->arena, csv, strlen(csv), errs, 20);
	if (e != SCAM_LIST_OK) {
		/* A list that loads only in part would screen with holes nobody sees: refuse it whole
		 * and say which lines (never their content: a line may hold a key). */
		json_t *lines = json_array();
		for (size_t i = 0; i < l->errors && i < 20; i++)
			json_array_append_new(lines, json_pack("{s:I, s:s, s:s}", "line",
			                                       (json_int_t)errs[i].line, "code",
			                                       scam_list_line_code(errs[i].code),
			                                       "message",
			                                       scam_list_line_strerror(errs[i].code)));
		json_t *err = json_pack("{s:{s:s, s:s, s:s, s:I, s:o}}", "error", "code",
		                        "invalid_list", "message",
		                        e == SCAM_LIST_ERR_LINES
		                            ? arena_printf(&r->arena, "%zu lines of the list are not "
		                                                      "valid; nothing was loaded",
		                                           l->errors)
		                            : scam_list_strerror(e),
		                        "field", "csv", "errors", (json_int_t)l->errors, "lines", lines);
		http_json(r, 422, err);
		json_decref(in);
		return;
	}
	struct list_job j = {.csv = arena_strdup(&r->arena, csv), .who = actor_of(r),
	                     .a = &r->arena, .l = *csv ? l : NULL, .now = clock_now_ms()};
	json_decref(in);
	int rc = store_write(r->store, list_put_run, &j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "scam_list", list_summary(j.l, j.now)));
}
