/* mail_settings.c — the desk's email identity (address, display name), whether new mail gets an
 * acknowledgement, the per-sender rate limit, and admins' overrides of the system texts per
 * language. Stored as settings rows; every change is audited. */
#include "api/mail.h"

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

#define DEFAULT_ADDRESS    "support@exdesk.localhost"
#define DEFAULT_NAME       "Support"
#define DEFAULT_RATE_LIMIT 30 /* mails per sender per hour: a person never needs more */

void mail_desk_load(struct db *db, struct arena *a, struct mail_desk *out)
{
	char *addr = store_setting_get(db, a, "mail_address");
	char *name = store_setting_get(db, a, "mail_name");
	char *ack = store_setting_get(db, a, "mail_ack");
	char *rate = store_setting_get(db, a, "mail_rate_limit");
	char *group = store_setting_get(db, a, "mail_group_id");
	out->address = addr ? addr : DEFAULT_ADDRESS;
	out->name = name ? name : DEFAULT_NAME;
	const char *at = strrchr(out->address, '@');
	out->domain = at ? at + 1 : "exdesk.localhost";
	out->ack = !ack || strcmp(ack, "0") != 0;
	out->rate_limit = rate ? atoi(rate) : DEFAULT_RATE_LIMIT;
	out->group_id = group ? atoll(group) : 0;
}

static const char *template_key(struct arena *a, enum mail_text_id id, const char *lang)
{
	return arena_printf(a, "mail_template.%s.%s", mail_text_name(id), lang);
}

const char *mail_desk_text(struct db *db, struct arena *a, const char *language,
			   enum mail_text_id id)
{
	const char *lang = mail_text_language(language);
	char *custom = store_setting_get(db, a, template_key(a, id, lang));
	return custom ? custom : mail_text(lang, id);
}

/* ---- GET/PUT /api/v1/settings/mail ---- */

static json_t *mail_settings_json(struct db *db, struct arena *a)
{
	struct mail_desk d;
	mail_desk_load(db, a, &d);
	json_t *templates = json_object();
	for (int id = 0; id < MAIL_TEXT_COUNT; id++) {
		json_t *per = json_object();
		for (const char *const *l = mail_text_languages; *l; l++) {
			char *custom = store_setting_get(db, a, template_key(a, (enum mail_text_id)id, *l));
			json_object_set_new(per, *l,
					    json_pack("{s:s, s:b}", "text",
						      custom ? custom : mail_text(*l, (enum mail_text_id)id),
						      "custom", custom != NULL));
		}
		json_object_set_new(templates, mail_text_name((enum mail_text_id)id), per);
	}
	return json_pack("{s:s, s:s, s:b, s:i, s:o, s:o}", "address", d.address, "name", d.name,
			 "acknowledge", d.ack, "rate_limit_per_hour", d.rate_limit, "group_id",
			 json_id(d.group_id), "templates", templates);
}

void h_settings_mail(struct request *r)
{
	http_json(r, 200, mail_settings_json(store_reader(r->store), &r->arena));
}

static const struct field_spec mail_fields[] = {
	{"address", FIELD_STRING, false, MAX_EMAIL},
	{"name", FIELD_STRING, false, MAX_PERSON_NAME},
	{"acknowledge", FIELD_BOOL, false},
	{"rate_limit_per_hour", FIELD_INT, false, 0, 0, 0, 100000},
	{"group_id", FIELD_INT_OR_NULL, false, 0, 0, 1, INT64_MAX},
	{NULL},
};

struct mail_settings_job {
	struct request *r;
	json_t *in;
	const char *key, *value; /* a template change; value NULL resets it */
	struct job_error err;
};

/* Audited as one settings.mail event with the whole before/after, minus the templates that did
 * not change (an event per edit stays small). */
static int mail_settings_run(struct db *w, void *ctx)
{
	struct mail_settings_job *j = ctx;
	struct arena *a = &j->r->arena;
	char *before_tpl = j->key ? store_setting_get(w, a, j->key) : NULL;
	struct mail_desk d;
	mail_desk_load(w, a, &d);
	json_t *before = json_pack("{s:s, s:s, s:b, s:i, s:o}", "address", d.address, "name", d.name,
				   "acknowledge", d.ack, "rate_limit_per_hour", d.rate_limit,
				   "group_id", json_id(d.group_id));
	bool ok = true;
	const char *s;
	if (j->in) {
		if ((s = json_str(j->in, "address")))
			ok = ok && store_setting_set(w, "mail_address", s);
		if ((s = json_str(j->in, "name")))
			ok = ok && store_setting_set(w, "mail_name", s);
		json_t *ack = json_object_get(j->in, "acknowledge");
		if (ack)
			ok = ok && store_setting_set(w, "mail_ack", json_is_true(ack) ? "1" : "0");
		json_t *g = json_object_get(j->in, "group_id");
		struct group_row grp;
		if (json_is_integer(g) && !store_group_get(w, a, json_integer_value(g), &grp)) {
			json_decref(before);
			return job_fail(&j->err, 422, "invalid_value", "no such group", "group_id");
		}
		if (g)
			ok = ok && store_setting_set(w, "mail_group_id",
						     json_is_integer(g) ? arena_printf(a, "%lld", (long long)json_integer_value(g))
									: NULL);
		json_t *rate = json_object_get(j->in, "rate_limit_per_hour");
		if (rate)
			ok = ok && store_setting_set(w, "mail_rate_limit",
						     arena_printf(a, "%lld", (long long)json_integer_value(rate)));
	} else {
		ok = store_setting_set(w, j->key, j->value);
		json_object_set_new(before, "template", json_pack("{s:s, s:o}", "key", j->key, "text",
								   before_tpl ? json_string(before_tpl) : json_null()));
	}
	mail_desk_load(w, a, &d);
	json_t *after = json_pack("{s:s, s:s, s:b, s:i, s:o}", "address", d.address, "name", d.name,
				  "acknowledge", d.ack, "rate_limit_per_hour", d.rate_limit,
				  "group_id", json_id(d.group_id));
	if (!j->in)
		json_object_set_new(after, "template", json_pack("{s:s, s:o}", "key", j->key, "text",
								  j->value ? json_string(j->value) : json_null()));
	struct actor who = actor_of(j->r);
	ok = ok && (json_equal(before, after) ||
		    audit_append(w, a, &who, "settings.mail", "settings", 0, 0, before, after));
	json_decref(before);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static void run_and_answer(struct request *r, struct mail_settings_job *j)
{
	int rc = store_write(r->store, mail_settings_run, j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j->err);
	else
		http_json(r, 200, mail_settings_json(store_reader(r->store), &r->arena));
}

void h_settings_mail_put(struct request *r)
{
	json_t *in = http_body_json(r, mail_fields);
	if (!in)
		return;
	const char *addr = json_str(in, "address");
	if (addr && !validate_email(addr, strlen(addr))) {
		http_error(r, 422, "invalid_value", "address is not an email address", "address");
		json_decref(in);
		return;
	}
	const char *name = json_str(in, "name");
	if (name && strpbrk(name, "\r\n")) {
		http_error(r, 422, "invalid_value", "name is one line", "name");
		json_decref(in);
		return;
	}
	struct mail_settings_job j = {.r = r, .in = in};
	run_and_answer(r, &j);
	json_decref(in);
}

/* {name}/{language} of a template, or answer 404. */
static bool template_target(struct request *r, enum mail_text_id *id, const char **lang)
{
	if (!mail_text_id_from_name(r->params[0], id)) {
		http_error(r, 404, "not_found", "no such template", NULL);
		return false;
	}
	for (const char *const *l = mail_text_languages; *l; l++)
		if (strcmp(*l, r->params[1]) == 0) {
			*lang = *l;
			return true;
		}
	http_error(r, 404, "not_found", "templates exist for en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr",
		   NULL);
	return false;
}

static const struct field_spec template_fields[] = {
	{"text", FIELD_TEXT, true, 8000},
	{NULL},
};

void h_settings_mail_template_put(struct request *r)
{
	enum mail_text_id id;
	const char *lang;
	if (!template_target(r, &id, &lang))
		return;
	json_t *in = http_body_json(r, template_fields);
	if (!in)
		return;
	const char *text = json_str(in, "text");
	bool subject = id == MAIL_TEXT_ACK_SUBJECT || id == MAIL_TEXT_REPLY_SUBJECT ||
		       id == MAIL_TEXT_CHAT_REPLY_SUBJECT;
	if (subject && (strpbrk(text, "\r\n") || !strstr(text, "{{number}}"))) {
		/* Threading by subject needs the number; a header is one line. */
		http_error(r, 422, "invalid_value", "a subject is one line and contains {{number}}",
			   "text");
		json_decref(in);
		return;
	}
	struct mail_settings_job j = {.r = r, .key = template_key(&r->arena, id, lang),
				      .value = arena_strdup(&r->arena, text)};
	json_decref(in);
	run_and_answer(r, &j);
}

void h_settings_mail_template_delete(struct request *r)
{
	enum mail_text_id id;
	const char *lang;
	if (!template_target(r, &id, &lang))
		return;
	struct mail_settings_job j = {.r = r, .key = template_key(&r->arena, id, lang)};
	run_and_answer(r, &j);
}
