/* common.c — small pieces every API file uses: write-job errors, actors, ticket loading with
 * visibility, and list helpers. */
#include "api/api.h"

#include <string.h>

#include "core/ticket.h"
#include "core/validate.h"

int job_fail(struct job_error *e, int status, const char *code, const char *message,
	     const char *field)
{
	e->status = status;
	e->code = code;
	e->message = message;
	e->field = field;
	return JOB_FAILED;
}

void job_answer_error(struct request *r, int rc, const struct job_error *e)
{
	if (rc == JOB_FAILED && e->status)
		http_error(r, e->status, e->code, e->message, e->field);
	else
		http_store_failure(r, rc);
}

struct actor actor_of(const struct request *r)
{
	if (r->who.kind == PRINCIPAL_AGENT)
		return (struct actor){"agent", r->who.agent_id};
	return (struct actor){"system", 0};
}

struct ticket_scope ticket_scope_of(const struct request *r)
{
	return (struct ticket_scope){.all = perm_sees_all_tickets(r->who.role),
				     .agent_id = r->who.agent_id};
}

bool ticket_visible(const struct request *r, const struct ticket_row *t)
{
	return perm_ticket_visible(r->who.role, r->who.agent_id, r->who.groups, r->who.n_groups,
				   t->group_id, t->assignee_id);
}

bool ticket_load_visible(struct request *r, struct db *db, const char *ref, struct ticket_row *t)
{
	int64_t v = 0;
	bool found = false;
	size_t len = ref ? strlen(ref) : 0;
	if (len && ref[0] >= '1' && ref[0] <= '9' && len <= 18) {
		found = true;
		for (size_t i = 0; i < len; i++)
			if (ref[i] < '0' || ref[i] > '9')
				found = false;
		for (size_t i = 0; found && i < len; i++)
			v = v * 10 + (ref[i] - '0');
		found = found && store_ticket_get(db, &r->arena, v, t);
	} else if (len && ticket_number_parse(ref, len, &v)) {
		found = store_ticket_get_by_number(db, &r->arena, v, t);
	}
	if (!found || !ticket_visible(r, t)) {
		http_error(r, 404, "not_found", "no such ticket", NULL);
		return false;
	}
	return true;
}

json_t *ticket_audit_json(const struct ticket_row *t)
{
	json_t *tags = json_array();
	for (size_t i = 0; i < t->n_tags; i++)
		json_array_append_new(tags, json_string(t->tags[i]));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "subject", t->subject,
			 "status", t->status, "priority", t->priority, "category",
			 t->category ? json_string(t->category) : json_null(), "group_id",
			 json_id(t->group_id), "assignee_id", json_id(t->assignee_id),
			 "merged_into_id", json_id(t->merged_into_id), "tags", tags);
}

bool can_see_pii(const struct request *r)
{
	return perm_allowed(r->who.role, PERM_CUSTOMER_PII);
}

json_t *split_list(const char *list)
{
	json_t *arr = json_array();
	const char *p = list;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p = end ? end + 1 : NULL;
	}
	return arr;
}

bool join_languages(struct request *r, json_t *arr, const char *field, const char **out)
{
	size_t i, total = 0;
	json_t *v;
	char **norm = arena_alloc(&r->arena, (json_array_size(arr) + 1) * sizeof *norm);
	json_array_foreach(arr, i, v)
	{
		char buf[MAX_LANGUAGE + 1];
		if (!validate_language(json_string_value(v), json_string_length(v), buf)) {
			http_error(r, 422, "invalid_value",
				   arena_printf(&r->arena, "%s: \"%s\" is not a language tag", field,
						json_string_value(v)),
				   field);
			return false;
		}
		norm[i] = arena_strdup(&r->arena, buf);
		total += strlen(buf) + 1;
	}
	char *s = arena_alloc(&r->arena, total + 1);
	for (size_t k = 0; k < json_array_size(arr); k++) {
		if (k)
			strcat(s, ",");
		strcat(s, norm[k]);
	}
	*out = s;
	return true;
}
