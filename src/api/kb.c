/* kb.c — knowledge-base articles for agents: create, read, list, change, delete, publish and
 * unpublish, translations per locale, and the versions of each translation with a line diff.
 *
 * An article is published in a locale when the article and that locale's translation both are.
 * `status` on the article-level requests (create, PATCH, publish, unpublish) moves the article
 * and the translation the request addresses (its `locale`, by default the article's default
 * locale) together when publishing; unpublishing without a locale takes the whole article down
 * and leaves each translation's own state for the day it comes back. Every saved title or body
 * that differs from the last one becomes the next version of its locale. The Markdown is
 * reduced to plain text here, on the request's thread, so the write job only stores. Every
 * change appends one audit event (kb.article.*) in its transaction. */
#include "api/kb.h"

#include <stdlib.h>
#include <string.h>

#include "core/markdown.h"
#include "core/textdiff.h"
#include "core/validate.h"
#include "util/clock.h"
#include "util/utf8.h"
#include "util/xalloc.h"

bool kb_query_locale(struct request *r, const char *key, const char **out)
{
	const char *s = http_query(r, key);
	*out = NULL;
	if (!s)
		return true;
	if (!(*out = kb_locale_canonical(s))) {
		http_error(r, 400, "invalid_query",
		           arena_printf(&r->arena, "%s must be one of %s", key, kb_locale_list()),
		           key);
		return false;
	}
	return true;
}

bool kb_query_limit(struct request *r, int max, int dflt, int *out)
{
	const char *s = http_query(r, "limit");
	*out = dflt;
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (s[0] < '1' || s[0] > '9' || *end || v < 1 || v > max) {
		http_error(r, 400, "invalid_query",
		           arena_printf(&r->arena, "limit must be an integer from 1 to %d", max),
		           "limit");
		return false;
	}
	*out = (int)v;
	return true;
}

bool kb_query_category(struct request *r, struct db *db, int64_t *out)
{
	const char *s = http_query(r, "category");
	struct kb_category_row c;
	*out = 0;
	if (!s)
		return true;
	if (!validate_slug(s, strlen(s)) || !store_kb_category_get_by_slug(db, &r->arena, s, &c)) {
		http_error(r, 400, "invalid_query", "no category has this slug", "category");
		return false;
	}
	*out = c.id;
	return true;
}

json_t *kb_names(const char *names_text)
{
	json_t *j = names_text ? json_loads(names_text, 0, NULL) : NULL;
	if (!json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	return j;
}

const char *kb_name_in(json_t *names, const char *locale, const char *fallback)
{
	const char *s = locale ? json_string_value(json_object_get(names, locale)) : NULL;
	if (!s)
		s = json_string_value(json_object_get(names, "en"));
	if (!s) {
		const char *key;
		json_t *v;
		json_object_foreach(names, key, v)
		{
			if ((s = json_string_value(v)))
				break;
		}
	}
	return s ? s : fallback;
}

json_t *kb_marks_text(const char *marked)
{
	size_t n = marked ? strlen(marked) : 0, k = 0;
	char *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (marked[i] != KB_MARK_START && marked[i] != KB_MARK_END)
			out[k++] = marked[i];
	json_t *j = json_stringn(out, k);
	free(out);
	return j ? j : json_string("");
}

json_t *kb_marks_spans(const char *marked)
{
	json_t *arr = json_array();
	bool hit = false;
	const char *p = marked ? marked : "", *start = p;
	for (;; p++) {
		if (*p == KB_MARK_START || *p == KB_MARK_END || !*p) {
			if (p > start)
				json_array_append_new(arr,
				                      json_pack("{s:s%, s:b}", "text", start,
				                                (size_t)(p - start), "hit", hit));
			if (!*p)
				break;
			hit = *p == KB_MARK_START;
			start = p + 1;
		}
	}
	return arr;
}

const char *kb_category_slug(struct db *db, struct arena *a, int64_t id)
{
	struct kb_category_row c;
	return id && store_kb_category_get(db, a, id, &c) ? c.slug : NULL;
}

/* ---- rendering ---- */

static json_t *translation_summary(const struct kb_translation_row *t)
{
	return json_pack("{s:s, s:s, s:s, s:I, s:o}", "locale", t->locale, "title", t->title,
	                 "status", t->status, "version", (json_int_t)t->version, "updated_at",
	                 json_time(t->updated_at));
}

/* The article in the locale asked for (its default locale if it has no such translation),
 * with every translation listed. NULL if the article has no translation (cannot happen). */
static json_t *render_article(struct db *db, struct arena *a, const struct kb_article_row *ar,
                              const char *wanted)
{
	struct kb_translation_row *tr;
	size_t n = store_kb_translation_list(db, a, ar->id, &tr);
	const char **locales = arena_alloc(a, (n ? n : 1) * sizeof *locales);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		locales[i] = tr[i].locale;
		json_array_append_new(list, translation_summary(&tr[i]));
	}
	int pick = kb_locale_pick(wanted, ar->default_locale, locales, n);
	if (pick < 0) {
		json_decref(list);
		return NULL;
	}
	const struct kb_translation_row *t = &tr[pick];
	const char *slug = kb_category_slug(db, a, ar->category_id);
	bool live = !strcmp(ar->status, "published") && !strcmp(t->status, "published");
	return json_pack(
	    "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I,"
	    " s:o, s:o, s:o, s:o}",
	    "id", (json_int_t)ar->id, "title", t->title, "body", t->body_md, "body_html",
	    markdown_html(a, t->body_md, strlen(t->body_md), NULL), "locale", t->locale, "status",
	    ar->status, "translation_status", t->status, "public", live, "default_locale",
	    ar->default_locale, "category", slug ? json_string(slug) : json_null(), "category_id",
	    json_id(ar->category_id), "section_id", json_id(ar->section_id), "author_id",
	    json_id(ar->author_id), "version", (json_int_t)t->version, "view_count",
	    (json_int_t)ar->view_count, "helpful_yes", (json_int_t)ar->helpful_yes, "helpful_no",
	    (json_int_t)ar->helpful_no, "created_at", json_time(ar->created_at), "updated_at",
	    json_time(ar->updated_at), "published_at", json_time(ar->published_at), "translations",
	    list);
}

/* What the audit trail keeps of an article: its state and each locale's title, status and
 * version (the texts themselves are in kb_versions). */
static json_t *article_audit(struct db *w, struct arena *a, const struct kb_article_row *ar)
{
	struct kb_translation_row *tr;
	size_t n = store_kb_translation_list(w, a, ar->id, &tr);
	json_t *locales = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(locales, tr[i].locale,
		                    json_pack("{s:s, s:s, s:I}", "title", tr[i].title, "status",
		                              tr[i].status, "version", (json_int_t)tr[i].version));
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "status", ar->status, "default_locale",
	                 ar->default_locale, "category_id", json_id(ar->category_id), "section_id",
	                 json_id(ar->section_id), "translations", locales);
}

/* ---- input checks ---- */

/* Titles are one line; bodies may have tabs and line breaks. No other control character is
 * stored, which is what lets search mark its hits with two of them. */
static bool text_ok(struct request *r, const char *s, bool multiline, const char *field)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f) {
			http_error(r, 422, "invalid_value",
			           arena_printf(&r->arena, "%s must not contain control characters",
			                        field),
			           field);
			return false;
		}
	}
	return true;
}

static bool locale_ok(struct request *r, const char *s, const char *field, const char **out)
{
	if (!(*out = kb_locale_canonical(s))) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena, "%s must be one of %s", field, kb_locale_list()),
		           field);
		return false;
	}
	return true;
}

static bool status_ok(struct request *r, const char *s)
{
	enum kb_status st;
	if (kb_status_parse(s, &st))
		return true;
	http_error(r, 422, "invalid_value", "status must be draft or published", "status");
	return false;
}

/* ---- the write job ---- */

enum art_op { ART_CREATE, ART_PATCH, ART_DELETE, ART_PUBLISH, ART_UNPUBLISH, ART_PUT, ART_DROP };

struct art_job {
	struct request *r;
	enum art_op op;
	int64_t id;
	const char *locale; /* the translation addressed; NULL = the article's default locale */
	const char *title, *body, *body_text; /* new text (NULL = unchanged) */
	const char *status;                   /* NULL = unchanged */
	const char *category;                 /* slug; "" = none; NULL = unchanged */
	bool section_given;
	int64_t section_id;
	const char *default_locale; /* NULL = unchanged */
	/* out */
	struct kb_article_row art;
	bool created; /* a translation was added */
	struct job_error err;
};

static const char *const op_actions[] = {
    [ART_CREATE] = "kb.article.create",       [ART_PATCH] = "kb.article.update",
    [ART_DELETE] = "kb.article.delete",       [ART_PUBLISH] = "kb.article.publish",
    [ART_UNPUBLISH] = "kb.article.unpublish", [ART_PUT] = "kb.translation.put",
    [ART_DROP] = "kb.translation.delete",
};

/* Category and section as the request names them; a section decides the category. */
static int place(struct db *w, struct art_job *j)
{
	struct arena *a = &j->r->arena;
	if (j->category) {
		struct kb_category_row c;
		if (!*j->category)
			j->art.category_id = 0;
		else if (store_kb_category_get_by_slug(w, a, j->category, &c))
			j->art.category_id = c.id;
		else
			return job_fail(&j->err, 422, "invalid_value", "no category has this slug",
			                "category");
		struct kb_section_row s;
		/* a section of the old category does not follow the article into the new one */
		if (!j->section_given && j->art.section_id &&
		    (!store_kb_section_get(w, a, j->art.section_id, &s) ||
		     s.category_id != j->art.category_id))
			j->art.section_id = 0;
	}
	if (j->section_given) {
		struct kb_section_row s;
		j->art.section_id = j->section_id;
		if (j->section_id) {
			if (!store_kb_section_get(w, a, j->section_id, &s))
				return job_fail(&j->err, 422, "invalid_value", "no such section",
				                "section_id");
			if (j->category && *j->category && s.category_id != j->art.category_id)
				return job_fail(&j->err, 422, "invalid_value",
				                "the section belongs to another category",
				                "section_id");
			j->art.category_id = s.category_id;
		}
	}
	return STORE_JOB_OK;
}

/* Save title/body into translation t (new when t->id is 0) as its next version if they
 * differ from what it holds. */
static int save_text(struct db *w, struct art_job *j, struct kb_translation_row *t, int64_t now)
{
	bool fresh = t->id == 0;
	bool changed = fresh || (j->title && strcmp(j->title, t->title)) ||
	               (j->body && strcmp(j->body, t->body_md));
	if (j->title)
		t->title = j->title;
	if (j->body) {
		t->body_md = j->body;
		t->body_text = j->body_text;
	}
	if (changed) {
		t->version = fresh ? 1 : t->version + 1;
		t->author_id = j->r->who.agent_id;
		t->updated_at = now;
		struct kb_version_row v = {.article_id = t->article_id,
		                           .locale = t->locale,
		                           .version = t->version,
		                           .title = t->title,
		                           .body_md = t->body_md,
		                           .author_id = t->author_id,
		                           .created_at = now};
		if (store_kb_version_insert(w, &v) != DB_DONE)
			return STORE_COMMIT_FAILED;
	}
	enum db_rc rc =
	    fresh ? store_kb_translation_insert(w, t) : store_kb_translation_update(w, t);
	return rc == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* Publishing makes the article and the addressed translation public; unpublishing a locale
 * hides that translation, unpublishing without one hides the article. */
static int set_status(struct db *w, struct art_job *j, bool publish, bool locale_given, int64_t now)
{
	struct arena *a = &j->r->arena;
	const char *locale = j->locale ? j->locale : j->art.default_locale;
	if (publish || locale_given) {
		struct kb_translation_row t;
		if (!store_kb_translation_get(w, a, j->art.id, locale, &t))
			return job_fail(&j->err, 422, "invalid_value",
			                "the article has no translation in this locale", "locale");
		const char *want = publish ? "published" : "draft";
		if (strcmp(t.status, want)) {
			t.status = want;
			t.updated_at = now;
			if (store_kb_translation_update(w, &t) != DB_DONE)
				return STORE_COMMIT_FAILED;
		}
	}
	if (publish && strcmp(j->art.status, "published")) {
		j->art.status = "published";
		j->art.published_at = now;
	} else if (!publish && !locale_given) {
		j->art.status = "draft";
	}
	return STORE_JOB_OK;
}

static int art_change(struct db *w, struct art_job *j, int64_t now)
{
	struct arena *a = &j->r->arena;
	struct kb_translation_row t = {0};
	int rc = STORE_JOB_OK;
	const char *locale = j->locale ? j->locale : j->art.default_locale;
	switch (j->op) {
	case ART_CREATE:
		t = (struct kb_translation_row){.article_id = j->art.id,
		                                .locale = locale,
		                                .status = j->art.status,
		                                .created_at = now};
		return save_text(w, j, &t, now);
	case ART_PATCH:
		if (j->default_locale) {
			if (!store_kb_translation_get(w, a, j->art.id, j->default_locale, &t))
				return job_fail(&j->err, 422, "invalid_value",
				                "the article has no translation in this locale",
				                "default_locale");
			j->art.default_locale = j->default_locale;
		}
		if (j->title || j->body) {
			if (!store_kb_translation_get(w, a, j->art.id, locale, &t))
				return job_fail(&j->err, 422, "invalid_value",
				                "the article has no translation in this locale; "
				                "PUT it under /translations/{locale}",
				                "locale");
			if ((rc = save_text(w, j, &t, now)) != STORE_JOB_OK)
				return rc;
		}
		if (j->status)
			return set_status(w, j, !strcmp(j->status, "published"), j->locale != NULL,
			                  now);
		return STORE_JOB_OK;
	case ART_PUBLISH:
	case ART_UNPUBLISH:
		return set_status(w, j, j->op == ART_PUBLISH, j->locale != NULL, now);
	case ART_PUT:
		if (!store_kb_translation_get(w, a, j->art.id, locale, &t)) {
			t = (struct kb_translation_row){.article_id = j->art.id,
			                                .locale = locale,
			                                .status = "draft",
			                                .created_at = now};
			j->created = true;
		}
		if (j->status)
			t.status = j->status;
		return save_text(w, j, &t, now);
	case ART_DROP:
		if (!strcmp(locale, j->art.default_locale))
			return job_fail(&j->err, 409, "conflict",
			                "this is the article's default locale; make another "
			                "locale the default first",
			                NULL);
		if (!store_kb_translation_get(w, a, j->art.id, locale, &t))
			return job_fail(&j->err, 404, "not_found",
			                "the article has no translation in this locale", NULL);
		return store_kb_translation_delete(w, j->art.id, locale) == DB_DONE
		           ? STORE_JOB_OK
		           : STORE_COMMIT_FAILED;
	case ART_DELETE:
		return store_kb_article_delete(w, j->art.id) == DB_DONE ? STORE_JOB_OK
		                                                        : STORE_COMMIT_FAILED;
	}
	return STORE_COMMIT_FAILED;
}

static int art_run(struct db *w, void *ctx)
{
	struct art_job *j = ctx;
	struct arena *a = &j->r->arena;
	int64_t now = clock_now_ms();
	json_t *before = NULL, *after = NULL;
	int rc;
	if (j->op == ART_CREATE) {
		if ((rc = place(w, j)) != STORE_JOB_OK)
			return rc;
		j->art.created_at = j->art.updated_at = now;
		j->art.author_id = j->r->who.agent_id;
		if (!strcmp(j->art.status, "published"))
			j->art.published_at = now;
		if (store_kb_article_insert(w, &j->art) != DB_DONE)
			return STORE_COMMIT_FAILED;
	} else {
		if (!store_kb_article_get(w, a, j->id, &j->art))
			return job_fail(&j->err, 404, "not_found", "no such article", NULL);
		if ((rc = place(w, j)) != STORE_JOB_OK)
			return rc;
		before = article_audit(w, a, &j->art);
	}
	if ((rc = art_change(w, j, now)) != STORE_JOB_OK)
		goto out;
	rc = STORE_COMMIT_FAILED;
	if (j->op != ART_DELETE) {
		j->art.updated_at = now;
		if (store_kb_article_update(w, &j->art) != DB_DONE)
			goto out;
		after = article_audit(w, a, &j->art);
		if (j->op == ART_PUT || j->op == ART_DROP)
			json_object_set_new(
			    after, "locale",
			    json_string(j->locale ? j->locale : j->art.default_locale));
	}
	struct actor who = actor_of(j->r);
	if (audit_append(w, a, &who, op_actions[j->op], "kb_article", j->art.id, 0, before, after))
		rc = STORE_JOB_OK;
out:
	json_decref(before);
	json_decref(after);
	return rc;
}

/* Run the job and answer: the article (in the locale the request addressed) or 204. */
static void art_write(struct request *r, struct art_job *j, int ok_status)
{
	int rc = store_write(r->store, art_run, j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j->err);
		return;
	}
	if (j->op == ART_DELETE || j->op == ART_DROP) {
		http_no_content(r);
		return;
	}
	struct db *db = store_reader(r->store);
	struct kb_article_row ar;
	json_t *art = store_kb_article_get(db, &r->arena, j->art.id, &ar)
	                  ? render_article(db, &r->arena, &ar, j->locale)
	                  : NULL;
	if (!art) {
		http_error(r, 500, "internal", "the article could not be read back", NULL);
		return;
	}
	http_json(r, j->created ? 201 : ok_status, json_pack("{s:o}", "article", art));
}

/* Title and body from a validated request body into the job, checked and converted. */
static bool take_text(struct request *r, json_t *in, struct art_job *j)
{
	j->title = json_str(in, "title");
	j->body = json_str(in, "body");
	const char *fields[2] = {"title", "body"}, *texts[2] = {j->title, j->body};
	for (int i = 0; i < 2; i++) {
		if (!texts[i])
			continue;
		size_t len = strlen(texts[i]);
		utf8_trim(texts[i], &len);
		if (!len) {
			http_error(r, 422, "invalid_value",
			           arena_printf(&r->arena, "%s must not be empty", fields[i]),
			           fields[i]);
			return false;
		}
		if (!text_ok(r, texts[i], i == 1, fields[i]))
			return false;
	}
	if (j->body)
		j->body_text = markdown_text(&r->arena, j->body, strlen(j->body), NULL);
	return true;
}

static bool take_status(struct request *r, json_t *in, struct art_job *j)
{
	j->status = json_str(in, "status");
	return !j->status || status_ok(r, j->status);
}

/* category (slug or "") and section_id (id or null) */
static bool take_place(struct request *r, json_t *in, struct art_job *j)
{
	j->category = json_str(in, "category");
	if (j->category && *j->category && !validate_slug(j->category, strlen(j->category))) {
		http_error(r, 422, "invalid_value", "category must be a category slug", "category");
		return false;
	}
	json_t *sec = json_object_get(in, "section_id");
	if (sec) {
		j->section_given = true;
		j->section_id = json_is_integer(sec) ? json_integer_value(sec) : 0;
	}
	return true;
}

#define ID_MAX INT64_MAX

static const struct field_spec create_fields[] = {
    {"title", FIELD_STRING, true, KB_MAX_TITLE},
    {"body", FIELD_TEXT, true, KB_MAX_BODY},
    {"locale", FIELD_STRING, true, 16},
    {"category", FIELD_STRING, false, 40},
    {"section_id", FIELD_INT_OR_NULL, false, 0, 0, 1, ID_MAX},
    {"status", FIELD_STRING, false, 16},
    {NULL},
};

void h_kb_article_create(struct request *r)
{
	json_t *in = http_body_json(r, create_fields);
	if (!in)
		return;
	struct art_job j = {.r = r, .op = ART_CREATE};
	if (!locale_ok(r, json_str(in, "locale"), "locale", &j.locale) || !take_text(r, in, &j) ||
	    !take_status(r, in, &j) || !take_place(r, in, &j))
		goto out;
	j.art.default_locale = j.locale;
	j.art.status = j.status ? j.status : "draft";
	j.created = true;
	art_write(r, &j, 201);
out:
	json_decref(in);
}

static const struct field_spec patch_fields[] = {
    {"title", FIELD_STRING, false, KB_MAX_TITLE},
    {"body", FIELD_TEXT, false, KB_MAX_BODY},
    {"locale", FIELD_STRING, false, 16},
    {"category", FIELD_STRING, false, 40},
    {"section_id", FIELD_INT_OR_NULL, false, 0, 0, 1, ID_MAX},
    {"default_locale", FIELD_STRING, false, 16},
    {"status", FIELD_STRING, false, 16},
    {NULL},
};

void h_kb_article_patch(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, patch_fields);
	if (!in)
		return;
	struct art_job j = {.r = r, .op = ART_PATCH, .id = id};
	const char *s;
	if (((s = json_str(in, "locale")) && !locale_ok(r, s, "locale", &j.locale)) ||
	    ((s = json_str(in, "default_locale")) &&
	     !locale_ok(r, s, "default_locale", &j.default_locale)) ||
	    !take_text(r, in, &j) || !take_status(r, in, &j) || !take_place(r, in, &j))
		goto out;
	art_write(r, &j, 200);
out:
	json_decref(in);
}

void h_kb_article_delete(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct art_job j = {.r = r, .op = ART_DELETE, .id = id};
	art_write(r, &j, 204);
}

static const struct field_spec publish_fields[] = {
    {"locale", FIELD_STRING, false, 16},
    {NULL},
};

/* The body is optional: none (or {}) addresses the article's default locale. */
static void publish(struct request *r, enum art_op op)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = NULL;
	if (r->body_len && !(in = http_body_json(r, publish_fields)))
		return;
	struct art_job j = {.r = r, .op = op, .id = id};
	const char *s = in ? json_str(in, "locale") : NULL;
	if (!s || locale_ok(r, s, "locale", &j.locale))
		art_write(r, &j, 200);
	json_decref(in);
}

void h_kb_article_publish(struct request *r)
{
	publish(r, ART_PUBLISH);
}

void h_kb_article_unpublish(struct request *r)
{
	publish(r, ART_UNPUBLISH);
}

static const struct field_spec put_fields[] = {
    {"title", FIELD_STRING, true, KB_MAX_TITLE},
    {"body", FIELD_TEXT, true, KB_MAX_BODY},
    {"status", FIELD_STRING, false, 16},
    {NULL},
};

/* The {locale} of the path; 422 when it is not a help-center locale. */
static bool path_locale(struct request *r, const char **out)
{
	return r->n_params > 1 && locale_ok(r, r->params[1], "locale", out);
}

void h_kb_translation_put(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct art_job j = {.r = r, .op = ART_PUT, .id = id};
	if (!path_locale(r, &j.locale))
		return;
	json_t *in = http_body_json(r, put_fields);
	if (!in)
		return;
	if (take_text(r, in, &j) && take_status(r, in, &j))
		art_write(r, &j, 200);
	json_decref(in);
}

void h_kb_translation_delete(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct art_job j = {.r = r, .op = ART_DROP, .id = id};
	if (path_locale(r, &j.locale))
		art_write(r, &j, 204);
}

/* ---- reads ---- */

static bool load_article(struct request *r, struct db *db, struct kb_article_row *ar)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return false;
	if (!store_kb_article_get(db, &r->arena, id, ar)) {
		http_error(r, 404, "not_found", "no such article", NULL);
		return false;
	}
	return true;
}

void h_kb_article_get(struct request *r)
{
	const char *locale;
	struct db *db = store_reader(r->store);
	struct kb_article_row ar;
	if (!kb_query_locale(r, "locale", &locale) || !load_article(r, db, &ar))
		return;
	json_t *art = render_article(db, &r->arena, &ar, locale);
	if (!art) {
		http_error(r, 404, "not_found", "no such article", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:o}", "article", art));
}

void h_kb_article_list(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct kb_list_filter f = {0};
	const char *status = http_query(r, "status");
	if (!kb_query_locale(r, "locale", &f.locale) || !kb_query_category(r, db, &f.category_id) ||
	    !http_query_id(r, "section_id", &f.section_id) || !http_query_limit(r, &f.limit) ||
	    !http_query_cursor(r, &f.before_id))
		return;
	if (status && strcmp(status, "draft") && strcmp(status, "published")) {
		http_error(r, 400, "invalid_query", "status must be draft or published", "status");
		return;
	}
	f.status = status;
	struct kb_listing *rows;
	size_t n = store_kb_article_list(db, &r->arena, &f, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct kb_article_row *ar = &rows[i].article;
		const char *slug = kb_category_slug(db, &r->arena, ar->category_id);
		json_array_append_new(
		    arr,
		    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:o}", "id",
		              (json_int_t)ar->id, "title", rows[i].title, "locale", rows[i].locale,
		              "status", ar->status, "translation_status", rows[i].status,
		              "default_locale", ar->default_locale, "category",
		              slug ? json_string(slug) : json_null(), "section_id",
		              json_id(ar->section_id), "view_count", (json_int_t)ar->view_count,
		              "helpful_yes", (json_int_t)ar->helpful_yes, "helpful_no",
		              (json_int_t)ar->helpful_no, "updated_at", json_time(ar->updated_at)));
	}
	json_t *next = (int)n == f.limit && n
	                   ? json_string(http_cursor_encode(r, rows[n - 1].article.id))
	                   : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "articles", arr, "next_cursor", next));
}

static json_t *version_json(const struct kb_version_row *v)
{
	return json_pack("{s:I, s:s, s:s, s:{s:o, s:o}, s:o}", "version", (json_int_t)v->version,
	                 "locale", v->locale, "title", v->title, "author", "id",
	                 json_id(v->author_id), "name",
	                 v->author_name ? json_string(v->author_name) : json_null(), "created_at",
	                 json_time(v->created_at));
}

void h_kb_version_list(struct request *r)
{
	const char *locale;
	struct db *db = store_reader(r->store);
	struct kb_article_row ar;
	if (!kb_query_locale(r, "locale", &locale) || !load_article(r, db, &ar))
		return;
	struct kb_version_row *v;
	size_t n = store_kb_version_list(db, &r->arena, ar.id, locale, &v);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, version_json(&v[i]));
	http_json(r, 200, json_pack("{s:o}", "versions", arr));
}

/* One version of a locale (the default locale unless ?locale=) with what changed since the
 * version before it: the title, and the body as a line diff (against nothing for version 1). */
void h_kb_version_get(struct request *r)
{
	const char *locale;
	struct db *db = store_reader(r->store);
	struct kb_article_row ar;
	int64_t n;
	if (!kb_query_locale(r, "locale", &locale) || !load_article(r, db, &ar))
		return;
	if (!http_param_id(r, 1, &n))
		return;
	if (!locale)
		locale = ar.default_locale;
	struct kb_version_row v, prev = {0};
	if (!store_kb_version_get(db, &r->arena, ar.id, locale, n, &v)) {
		http_error(r, 404, "not_found", "no such version", NULL);
		return;
	}
	bool has_prev = n > 1 && store_kb_version_get(db, &r->arena, ar.id, locale, n - 1, &prev);
	struct textdiff d;
	const char *old = has_prev ? prev.body_md : "";
	textdiff_lines(&r->arena, old, strlen(old), v.body_md, strlen(v.body_md), &d);
	json_t *lines = json_array();
	for (size_t i = 0; i < d.n; i++) {
		const struct textdiff_line *l = &d.lines[i];
		json_array_append_new(
		    lines,
		    json_pack("{s:s, s:s%, s:o, s:o}", "op", textdiff_op_name(l->op), "text",
		              l->text, l->len, "old_line",
		              l->old_no ? json_integer((json_int_t)l->old_no) : json_null(),
		              "new_line",
		              l->new_no ? json_integer((json_int_t)l->new_no) : json_null()));
	}
	json_t *out = version_json(&v);
	json_object_set_new(out, "body", json_string(v.body_md));
	json_object_set_new(out, "previous",
	                    has_prev ? json_integer((json_int_t)prev.version) : json_null());
	json_object_set_new(out, "previous_title",
	                    has_prev ? json_string(prev.title) : json_null());
	json_object_set_new(out, "diff",
	                    json_pack("{s:I, s:I, s:b, s:o}", "added", (json_int_t)d.added,
	                              "removed", (json_int_t)d.removed, "approximate",
	                              d.approximate, "lines", lines));
	http_json(r, 200, json_pack("{s:o}", "version", out));
}
