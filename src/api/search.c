/* search.c — GET /api/v1/search: agents search tickets (subjects and conversations) or single
 * messages (internal notes included) with the desk's one tokenizer, best first, each hit with a
 * snippet of the matched text. docs/api.md "Search"; docs/internals/search.md "Tickets and
 * messages".
 *
 * The query is the ticket list's (ticket_filters_parse): the same filters, the same visibility
 * (an agent finds only tickets of its groups or assigned to it), and q through
 * search_query_build() only, so FTS5 syntax typed by a user is separators or words. Identity
 * search (a requester's email or uid) stays on the ticket list, where it always was. Matches come
 * back from the store between SEARCH_MARK_START/END bytes and leave here as a plain `snippet`
 * and `{text, hit}` span arrays, the KB search's format — never as markup. */
#include "api/api.h"

#include <string.h>

#include "util/xalloc.h"

/* marked with the marks removed (always valid UTF-8: stored text is, the marks are not). */
static json_t *marks_text(const char *marked)
{
	if (!marked)
		return json_null();
	size_t n = strlen(marked), k = 0;
	char *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		if (marked[i] != SEARCH_MARK_START[0] && marked[i] != SEARCH_MARK_END[0])
			out[k++] = marked[i];
	json_t *j = json_stringn(out, k);
	free(out);
	return j ? j : json_string("");
}

/* [{"text": "...", "hit": bool}] whose texts joined are marks_text(marked). */
static json_t *marks_spans(const char *marked)
{
	json_t *arr = json_array();
	bool hit = false;
	const char *p = marked ? marked : "", *start = p;
	for (;; p++) {
		if (*p == SEARCH_MARK_START[0] || *p == SEARCH_MARK_END[0] || !*p) {
			json_t *t = p > start ? json_stringn(start, (size_t)(p - start)) : NULL;
			if (t)
				json_array_append_new(arr, json_pack("{s:o, s:b}", "text", t, "hit", hit));
			if (!*p)
				break;
			hit = *p == SEARCH_MARK_START[0];
			start = p + 1;
		}
	}
	return arr;
}

static json_t *hit_json(const struct search_hit *h, bool messages)
{
	char number[TICKET_NUMBER_MAX];
	ticket_number_format(h->ticket.number, number);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:f}", "ticket_id",
			      (json_int_t)h->ticket.id, "number", number, "subject",
			      h->ticket.subject, "status", h->ticket.status, "priority",
			      h->ticket.priority, "language", h->ticket.language, "group_id",
			      json_id(h->ticket.group_id), "assignee_id",
			      json_id(h->ticket.assignee_id), "score", h->score);
	json_object_set_new(o, "message_id", json_id(h->message_id));
	if (messages) {
		json_object_set_new(o, "kind", json_string(h->kind));
		json_object_set_new(o, "author_type", json_string(h->author_type));
		json_object_set_new(o, "created_at", json_time(h->created_at));
	} else {
		json_object_set_new(o, "created_at", json_time(h->ticket.created_at));
		json_object_set_new(o, "updated_at", json_time(h->ticket.updated_at));
		json_object_set_new(o, "subject_highlights", marks_spans(h->subject_marked));
	}
	json_object_set_new(o, "snippet", marks_text(h->snippet));
	json_object_set_new(o, "snippet_highlights",
			    h->snippet ? marks_spans(h->snippet) : json_array());
	return o;
}

void h_search(struct request *r)
{
	const char *type = http_query(r, "type");
	bool messages = false;
	if (type && !(messages = !strcmp(type, "messages")) && strcmp(type, "tickets")) {
		http_error(r, 400, "invalid_query", "type is tickets or messages", "type");
		return;
	}
	struct ticket_filter f;
	bool nothing;
	if (!ticket_filters_parse(r, &f, true, &nothing))
		return;
	if (nothing) { /* q of spaces or punctuation only: nothing to look for */
		http_json(r, 200, json_pack("{s:[], s:n}", "results", "next_cursor"));
		return;
	}
	f.q_identities = false; /* identities are the list's business, not the index's */
	struct db *db = store_reader(r->store);
	struct ticket_scope scope = ticket_scope_of(r);
	int want = f.limit;
	f.limit = want + 1; /* one more tells whether there is a next page */
	struct search_hit *hits;
	size_t n = messages ? store_search_messages(db, &r->arena, &scope, &f, &hits)
			    : store_search_tickets(db, &r->arena, &scope, &f, &hits);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && i < (size_t)want; i++)
		json_array_append_new(arr, hit_json(&hits[i], messages));
	json_t *next = n > (size_t)want ? json_string(http_cursor_encode(r, f.offset + want))
					: json_null();
	http_json(r, 200, json_pack("{s:o, s:o}", "results", arr, "next_cursor", next));
}
