/* kb_public.c — the help center's reads and its one write, without credentials: categories with
 * their sections, article lists, one article (counted as a view), and "was this helpful?".
 *
 * Only published articles through published translations are shown. A reader asking for a
 * locale the article lacks gets the article's default locale, and the answer says which locale
 * it served (`locale`, `fallback`). Views are counted by a small write per read; they are a
 * counter, not a change anyone made, so unlike every other knowledge-base write they are not
 * audited. Feedback is one answer per client, article and UTC day; the client is the visitor id
 * the help center keeps in the browser, or the connection's address when none is sent, and only
 * a SHA-256 of either is stored. */
#include "api/kb.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <string.h>

#include "core/markdown.h"
#include "http/auth.h"
#include "util/clock.h"
#include "util/log.h"

#define DAY_MS (24LL * 3600 * 1000)

static json_t *place_json(int64_t id, const char *slug, const char *names, const char *locale)
{
	json_t *n = kb_names(names);
	json_t *o = json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "slug", slug, "name",
	                      kb_name_in(n, locale, slug));
	json_decref(n);
	return o;
}

static int64_t count_of(const struct kb_count *c, size_t n, int64_t category_id, int64_t section_id)
{
	int64_t total = 0;
	for (size_t i = 0; i < n; i++)
		if (c[i].category_id == category_id &&
		    (section_id < 0 || c[i].section_id == section_id))
			total += c[i].count;
	return total;
}

/* Categories and sections that hold something a reader of this locale can open. */
void h_help_categories(struct request *r)
{
	const char *locale;
	if (!kb_query_locale(r, "locale", &locale))
		return;
	struct db *db = store_reader(r->store);
	struct kb_count *counts;
	size_t nc = store_kb_public_counts(db, &r->arena, locale, &counts);
	struct kb_category_row *cats;
	size_t n = store_kb_category_list(db, &r->arena, &cats);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		int64_t total = count_of(counts, nc, cats[i].id, -1);
		if (!total)
			continue;
		json_t *c = place_json(cats[i].id, cats[i].slug, cats[i].names, locale);
		json_object_set_new(c, "position", json_integer((json_int_t)cats[i].position));
		json_object_set_new(c, "article_count", json_integer((json_int_t)total));
		struct kb_section_row *secs;
		size_t ns = store_kb_section_list(db, &r->arena, cats[i].id, &secs);
		json_t *sarr = json_array();
		for (size_t k = 0; k < ns; k++) {
			int64_t cnt = count_of(counts, nc, cats[i].id, secs[k].id);
			if (!cnt)
				continue;
			json_t *s = place_json(secs[k].id, secs[k].slug, secs[k].names, locale);
			json_object_set_new(s, "position",
			                    json_integer((json_int_t)secs[k].position));
			json_object_set_new(s, "article_count", json_integer((json_int_t)cnt));
			json_array_append_new(sarr, s);
		}
		json_object_set_new(c, "sections", sarr);
		json_array_append_new(arr, c);
	}
	http_json(r, 200,
	          json_pack("{s:s, s:o}", "locale", locale ? locale : "en", "categories", arr));
}

void h_help_article_list(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct kb_list_filter f = {.public_only = true};
	if (!kb_query_locale(r, "locale", &f.locale) || !kb_query_category(r, db, &f.category_id) ||
	    !http_query_id(r, "section_id", &f.section_id) || !http_query_limit(r, &f.limit) ||
	    !http_query_cursor(r, &f.before_id))
		return;
	struct kb_listing *rows;
	size_t n = store_kb_article_list(db, &r->arena, &f, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct kb_article_row *ar = &rows[i].article;
		const char *slug = kb_category_slug(db, &r->arena, ar->category_id);
		json_array_append_new(
		    arr, json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)ar->id,
		                   "title", rows[i].title, "locale", rows[i].locale, "category",
		                   slug ? json_string(slug) : json_null(), "section_id",
		                   json_id(ar->section_id), "updated_at",
		                   json_time(rows[i].translation_updated_at)));
	}
	json_t *next = (int)n == f.limit && n
	                   ? json_string(http_cursor_encode(r, rows[n - 1].article.id))
	                   : json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "articles", arr, "next_cursor", next));
}

static int view_run(struct db *w, void *ctx)
{
	const int64_t *id = ctx;
	return store_kb_article_add_view(w, *id) == DB_DONE ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

void h_help_article_get(struct request *r)
{
	const char *wanted;
	int64_t id;
	if (!kb_query_locale(r, "locale", &wanted) || !http_param_id(r, 0, &id))
		return;
	struct db *db = store_reader(r->store);
	struct kb_article_row ar;
	struct kb_translation_row *tr = NULL;
	size_t n = 0;
	if (store_kb_article_get(db, &r->arena, id, &ar) && !strcmp(ar.status, "published"))
		n = store_kb_translation_list(db, &r->arena, id, &tr);
	const char **locales = arena_alloc(&r->arena, (n ? n : 1) * sizeof *locales);
	json_t *available = json_array();
	for (size_t i = 0; i < n; i++) {
		if (strcmp(tr[i].status, "published"))
			continue;
		locales[i] = tr[i].locale;
		json_array_append_new(available, json_string(tr[i].locale));
	}
	int pick = kb_locale_pick(wanted, ar.default_locale, locales, n);
	if (pick < 0) {
		json_decref(available);
		http_error(r, 404, "not_found", "no such article", NULL);
		return;
	}
	const struct kb_translation_row *t = &tr[pick];
	int rc = store_write(r->store, view_run, &id);
	if (rc == STORE_JOB_OK)
		ar.view_count++;
	else /* the reader still gets the article; one view goes uncounted */
		log_event(LOG_WARN, "kb_view_not_counted", "article=%lld rc=%d", (long long)id, rc);

	struct kb_category_row cat;
	struct kb_section_row sec;
	json_t *category =
	    ar.category_id && store_kb_category_get(db, &r->arena, ar.category_id, &cat)
	        ? place_json(cat.id, cat.slug, cat.names, t->locale)
	        : json_null();
	json_t *section = ar.section_id && store_kb_section_get(db, &r->arena, ar.section_id, &sec)
	                      ? place_json(sec.id, sec.slug, sec.names, t->locale)
	                      : json_null();
	http_json(r, 200,
	          json_pack("{s:{s:I, s:s, s:s, s:s, s:o, s:b, s:o, s:o, s:o, s:o, s:I, s:I, s:I}}",
	                    "article", "id", (json_int_t)ar.id, "title", t->title, "body_html",
	                    markdown_html(&r->arena, t->body_md, strlen(t->body_md), NULL),
	                    "locale", t->locale, "requested_locale",
	                    wanted ? json_string(wanted) : json_null(), "fallback",
	                    wanted && strcmp(wanted, t->locale) != 0, "locales", available,
	                    "category", category, "section", section, "updated_at",
	                    json_time(t->updated_at), "view_count", (json_int_t)ar.view_count,
	                    "helpful_yes", (json_int_t)ar.helpful_yes, "helpful_no",
	                    (json_int_t)ar.helpful_no));
}

/* ---- feedback ---- */

struct feedback_job {
	struct request *r;
	struct kb_feedback_row f;
	struct kb_article_row art;
	struct job_error err;
};

static int feedback_run(struct db *w, void *ctx)
{
	struct feedback_job *j = ctx;
	struct arena *a = &j->r->arena;
	if (!store_kb_article_get(w, a, j->f.article_id, &j->art) ||
	    strcmp(j->art.status, "published"))
		return job_fail(&j->err, 404, "not_found", "no such article", NULL);
	if (!j->f.locale)
		j->f.locale = j->art.default_locale;
	enum db_rc rc = store_kb_feedback_insert(w, &j->f);
	if (rc == DB_CONSTRAINT)
		return job_fail(&j->err, 409, "conflict",
		                "this article already has your answer for today", NULL);
	if (rc != DB_DONE)
		return STORE_COMMIT_FAILED;
	j->art.helpful_yes += j->f.helpful;
	j->art.helpful_no += !j->f.helpful;
	struct actor who = {"customer", 0};
	json_t *after = json_pack("{s:b, s:s}", "helpful", j->f.helpful, "locale", j->f.locale);
	bool ok = audit_append(w, a, &who, "kb.feedback", "kb_article", j->art.id, 0, NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

static const struct field_spec feedback_fields[] = {
    {"helpful", FIELD_BOOL, true},
    {"locale", FIELD_STRING, false, 16},
    {"visitor_id", FIELD_STRING, false, KB_MAX_VISITOR},
    {NULL},
};

void h_help_feedback(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	json_t *in = http_body_json(r, feedback_fields);
	if (!in)
		return;
	struct feedback_job j = {.r = r, .f = {.article_id = id}};
	const char *locale = json_str(in, "locale"), *visitor = json_str(in, "visitor_id");
	if (locale && !(j.f.locale = kb_locale_canonical(locale))) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena, "locale must be one of %s", kb_locale_list()),
		           "locale");
		goto out;
	}
	if (visitor && !*visitor) {
		http_error(r, 422, "invalid_value", "visitor_id must not be empty", "visitor_id");
		goto out;
	}
	const char *client = visitor ? arena_printf(&r->arena, "visitor:%s", visitor)
	                             : arena_printf(&r->arena, "address:%s", http_client_key(r));
	char key[SECRET_HEX];
	auth_sha256_hex(client, strlen(client), key);
	int64_t now = clock_now_ms();
	j.f.client_key = key;
	j.f.day = now / DAY_MS;
	j.f.created_at = now;
	j.f.helpful = json_is_true(json_object_get(in, "helpful"));
	int rc = store_write(r->store, feedback_run, &j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else
		http_json(r, 201,
		          json_pack("{s:{s:I, s:b, s:s, s:I, s:I}}", "feedback", "article_id",
		                    (json_int_t)id, "helpful", j.f.helpful, "locale", j.f.locale,
		                    "helpful_yes", (json_int_t)j.art.helpful_yes, "helpful_no",
		                    (json_int_t)j.art.helpful_no));
out:
	json_decref(in);
}
