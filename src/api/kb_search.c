/* kb_search.c — searching the knowledge base: GET /api/v1/kb/search for agents (drafts too,
 * on request) and GET /api/v1/help/search for the public help center (published only).
 *
 * What the user typed goes through core/search_text.h's query builder and nowhere else: FTS5
 * syntax in it (quotes, *, :, ^, -, NEAR, AND/OR/NOT, parentheses) is separators or plain words,
 * so no input can make the MATCH fail or mean more than "all these words". The store ranks by
 * BM25 with the title weighing 5:1 and marks hits with control characters; here they become a
 * plain-text `snippet` and span arrays, never markup. */
#include "api/kb.h"

#include <string.h>

#include "core/search_text.h"
#include "util/log.h"

static json_t *category_json(struct db *db, struct arena *a, int64_t id)
{
	const char *slug = kb_category_slug(db, a, id);
	return slug ? json_string(slug) : json_null();
}

/* Everything but the visibility is the same for both sides. */
static void search(struct request *r, bool agents)
{
	struct db *db = store_reader(r->store);
	struct kb_search_query q = {.visibility = KB_VIS_PUBLISHED};
	const char *text = http_query(r, "q");
	if (!text) {
		http_error(r, 400, "invalid_query", "q is required", "q");
		return;
	}
	size_t len = strlen(text);
	if (len > KB_MAX_QUERY) {
		http_error(r, 400, "invalid_query",
		           arena_printf(&r->arena, "q is longer than %d bytes", KB_MAX_QUERY), "q");
		return;
	}
	if (!kb_query_locale(r, "locale", &q.locale) || !kb_query_category(r, db, &q.category_id) ||
	    !http_query_id(r, "section_id", &q.section_id) ||
	    !kb_query_limit(r, KB_SEARCH_LIMIT_MAX, KB_SEARCH_LIMIT_DEFAULT, &q.limit))
		return;
	const char *status = agents ? http_query(r, "status") : NULL;
	if (status) {
		if (!strcmp(status, "draft"))
			q.visibility = KB_VIS_DRAFT;
		else if (!strcmp(status, "any"))
			q.visibility = KB_VIS_ANY;
		else if (strcmp(status, "published")) {
			http_error(r, 400, "invalid_query",
			           "status must be published, draft or any", "status");
			return;
		}
	}
	char *match = arena_alloc(&r->arena, SEARCH_MATCH_MAX);
	enum search_rc rc = search_query_build(text, len, match, SEARCH_MATCH_MAX, NULL, NULL);
	json_t *results = json_array();
	if (rc == SEARCH_EMPTY) { /* only spaces or punctuation: nothing to look for */
		http_json(r, 200, json_pack("{s:o}", "results", results));
		return;
	}
	if (rc != SEARCH_OK) {
		json_decref(results);
		http_error(r, 400, rc == SEARCH_BAD_UTF8 ? "invalid_utf8" : "invalid_query",
		           arena_printf(&r->arena, "q: %s", search_strerror(rc)), "q");
		return;
	}
	q.match = match;
	struct kb_hit *hits;
	size_t n;
	if (!store_kb_search(db, &r->arena, &q, &hits, &n)) {
		json_decref(results);
		log_event(LOG_ERROR, "kb_search_failed", "match=\"%.200s\" error=\"%s\"", match,
		          db_errmsg(db));
		http_error(r, 500, "internal", "the search failed", NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct kb_hit *h = &hits[i];
		json_t *o =
		    json_pack("{s:I, s:s, s:s, s:o, s:f, s:o, s:o, s:o, s:o, s:o}", "id",
		              (json_int_t)h->article_id, "title", h->title, "locale", h->locale,
		              "snippet", kb_marks_text(h->snippet), "score", h->score,
		              "title_highlights", kb_marks_spans(h->title_marked),
		              "snippet_highlights", kb_marks_spans(h->snippet), "category",
		              category_json(db, &r->arena, h->category_id), "section_id",
		              json_id(h->section_id), "updated_at", json_time(h->updated_at));
		if (agents) {
			json_object_set_new(o, "status", json_string(h->article_status));
			json_object_set_new(o, "translation_status", json_string(h->status));
		}
		json_array_append_new(results, o);
	}
	http_json(r, 200, json_pack("{s:o}", "results", results));
}

void h_kb_search(struct request *r)
{
	search(r, true);
}

void h_help_search(struct request *r)
{
	search(r, false);
}
