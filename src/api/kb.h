/* kb.h — the knowledge base over HTTP: the agents' side (kb.c: articles, translations,
 * versions; kb_taxonomy.c: categories and sections; kb_search.c: search) and the public help
 * center's side (kb_public.c, and the public search in kb_search.c). docs/api.md "Knowledge
 * base" is the reference.
 *
 * Who may: every signed-in role reads, drafts included (ticket.read); writing is
 * content.manage, admins and supervisors, the desk's equivalent of Zendesk Guide's managers
 * (checked by the route table). The public side (/api/v1/help/...) needs no credentials and
 * shows only what is published. */
#ifndef EXDESK_API_KB_H
#define EXDESK_API_KB_H
#include "api/api.h"
#include "core/kb.h"

/* ?key= as a KB locale in canonical spelling: *out NULL when absent; 400 invalid_query (and
 * false) when it is not one of the help center's locales. */
bool kb_query_locale(struct request *r, const char *key, const char **out);
/* ?limit= in 1..max (default dflt); 400 invalid_query otherwise. */
bool kb_query_limit(struct request *r, int max, int dflt, int *out);
/* ?category= as a category id: 0 when absent; 400 invalid_query when no category has the slug. */
bool kb_query_category(struct request *r, struct db *db, int64_t *out);

/* Names per locale as stored (JSON object text) -> a JSON object (never NULL). */
json_t *kb_names(const char *names_text);
/* The name to show in locale: its own, else English, else any, else the fallback. Borrowed
 * from names (or fallback). */
const char *kb_name_in(json_t *names, const char *locale, const char *fallback);

/* Text with the store's match marks (KB_MARK_START/KB_MARK_END) as plain text without them,
 * and as spans [{"text": "...", "hit": bool}] — never as markup. */
json_t *kb_marks_text(const char *marked);
json_t *kb_marks_spans(const char *marked);

/* The slug of a category id (NULL for 0 or an unknown id), read through db. */
const char *kb_category_slug(struct db *db, struct arena *a, int64_t id);

void h_kb_article_create(struct request *r);
void h_kb_article_list(struct request *r);
void h_kb_article_get(struct request *r);
void h_kb_article_patch(struct request *r);
void h_kb_article_delete(struct request *r);
void h_kb_article_publish(struct request *r);
void h_kb_article_unpublish(struct request *r);
void h_kb_translation_put(struct request *r);
void h_kb_translation_delete(struct request *r);
void h_kb_version_list(struct request *r);
void h_kb_version_get(struct request *r);
void h_kb_category_list(struct request *r);
void h_kb_category_create(struct request *r);
void h_kb_category_patch(struct request *r);
void h_kb_category_delete(struct request *r);
void h_kb_section_create(struct request *r);
void h_kb_section_patch(struct request *r);
void h_kb_section_delete(struct request *r);
void h_kb_search(struct request *r);
/* GET /api/v1/tickets/{id}/kb_suggestions: articles for a ticket, from its text (kb_suggest.c) */
void h_kb_suggest(struct request *r);
void h_help_search(struct request *r);
void h_help_categories(struct request *r);
void h_help_article_list(struct request *r);
void h_help_article_get(struct request *r);
void h_help_feedback(struct request *r);

#endif
