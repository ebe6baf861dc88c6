/* macro.c — see macro.h.
 *
 * A ticket's language maps onto the nine locales through mail_text_language(), so a macro and
 * the desk's own mail agree on what "zh-Hant-HK" or "es-419" reads. That function falls back to
 * "en" for everything it does not know; here an unknown language must fall back to the macro's
 * own default variant instead (a desk whose macros are written in Chinese first), so "en" is
 * taken only when the tag really is English. */
#include "core/macro.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/mail_texts.h"

const char *const macro_locales[] = {"en", "zh-CN", "zh-TW", "ja", "ko",
                                     "ru", "es",    "vi",    "tr", NULL};

_Static_assert(sizeof macro_locales / sizeof macro_locales[0] == MACRO_LOCALE_COUNT + 1,
               "macro_locales");

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c == '_' ? '-' : c;
}

const char *macro_locale_canonical(const char *s, size_t len)
{
	if (s == NULL)
		return NULL;
	for (const char *const *l = macro_locales; *l; l++) {
		size_t n = strlen(*l), i = 0;
		if (n != len)
			continue;
		while (i < n && lower(s[i]) == lower((*l)[i]))
			i++;
		if (i == n)
			return *l;
	}
	return NULL;
}

const char *macro_locale_of(const char *language)
{
	if (language == NULL || *language == '\0')
		return NULL;
	const char *l = mail_text_language(language);
	if (strcmp(l, "en") == 0 &&
	    !(lower(language[0]) == 'e' && lower(language[1]) == 'n' &&
	      (language[2] == '\0' || language[2] == '-' || language[2] == '_')))
		return NULL;
	return l;
}

/* ---- template variables ---- */

const char *const macro_variable_names[MACRO_PH_COUNT] = {
    [MACRO_PH_CUSTOMER_NAME] = "customer.name",   [MACRO_PH_TICKET_NUMBER] = "ticket.number",
    [MACRO_PH_TICKET_SUBJECT] = "ticket.subject", [MACRO_PH_AGENT_NAME] = "agent.name",
    [MACRO_PH_DESK_NAME] = "desk.name",
};

/* The length of a template variable-shaped token at p ("{{" [a-z0-9_.]+ "}}"), or 0. */
static size_t token_at(const char *p)
{
	if (p[0] != '{' || p[1] != '{')
		return 0;
	size_t i = 2;
	while ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
	       (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '.')
		i++;
	if (i == 2 || p[i] != '}' || p[i + 1] != '}')
		return 0;
	return i + 2;
}

/* The template variable starting at p, or -1; *len gets its length. */
static int variable_at(const char *p, size_t *len)
{
	size_t n = token_at(p);
	if (n == 0)
		return -1;
	for (int i = 0; i < MACRO_PH_COUNT; i++) {
		size_t k = strlen(macro_variable_names[i]);
		if (n == k + 4 && memcmp(p + 2, macro_variable_names[i], k) == 0) {
			*len = n;
			return i;
		}
	}
	return -1;
}

static const char *value_of(const struct macro_vars *v, int i)
{
	const char *s = v ? v->values[i] : NULL;
	return s ? s : "";
}

/* Two passes, as mail_text_fill: one measures, one writes; only body is ever scanned. */
char *macro_fill(const char *body, const struct macro_vars *v, unsigned *missing)
{
	size_t vlen[MACRO_PH_COUNT], total = 0, tl;
	unsigned miss = 0;
	if (body == NULL)
		body = "";
	for (int i = 0; i < MACRO_PH_COUNT; i++)
		vlen[i] = strlen(value_of(v, i));
	for (const char *p = body; *p;) {
		int ph = variable_at(p, &tl);
		size_t add = ph >= 0 ? vlen[ph] : 1;
		if (total > SIZE_MAX - 1 - add)
			return NULL;
		total += add;
		if (ph >= 0 && vlen[ph] == 0)
			miss |= 1u << ph;
		p += ph >= 0 ? tl : 1;
	}
	char *out = malloc(total + 1), *o = out;
	if (out == NULL)
		return NULL;
	for (const char *p = body; *p;) {
		int ph = variable_at(p, &tl);
		if (ph >= 0) {
			memcpy(o, value_of(v, ph), vlen[ph]);
			o += vlen[ph];
			p += tl;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	if (missing)
		*missing = miss;
	return out;
}

bool macro_unknown_variable(const char *body, size_t *at, size_t *len)
{
	for (const char *p = body; p && *p; p++) {
		size_t n = token_at(p), known;
		if (n && variable_at(p, &known) < 0) {
			*at = (size_t)(p - body);
			*len = n;
			return true;
		}
	}
	return false;
}

/* ---- actions ---- */

static const char *const errors[] = {
    [MACRO_OK] = "ok",
    [MACRO_ERR_STATUS] = "status is one of open, pending, on_hold, solved (or null to keep it)",
    [MACRO_ERR_PRIORITY] = "priority is one of low, normal, high, urgent (or null to keep it)",
    [MACRO_ERR_ADD_TAG] = "a tag may contain only letters, digits, _ - : . (at most 64 bytes)",
    [MACRO_ERR_REMOVE_TAG] = "a tag may contain only letters, digits, _ - : . (at most 64 bytes)",
    [MACRO_ERR_TOO_MANY] = "a macro adds at most 10 tags and removes at most 10",
    [MACRO_ERR_TAG_CONFLICT] = "a tag cannot be both added and removed",
    [MACRO_ERR_TICKET_TAGS] = "the ticket would hold more than 30 tags",
};
static const char *const fields[] = {
    [MACRO_OK] = NULL,
    [MACRO_ERR_STATUS] = "actions.status",
    [MACRO_ERR_PRIORITY] = "actions.priority",
    [MACRO_ERR_ADD_TAG] = "actions.add_tags",
    [MACRO_ERR_REMOVE_TAG] = "actions.remove_tags",
    [MACRO_ERR_TOO_MANY] = "actions.add_tags",
    [MACRO_ERR_TAG_CONFLICT] = "actions.remove_tags",
    [MACRO_ERR_TICKET_TAGS] = "actions.add_tags",
};
_Static_assert(MACRO_MAX_TAGS == 10 && MAX_TAGS == 30 && MAX_TAG == 64,
               "the messages spell the limits out");

const char *macro_strerror(enum macro_err e)
{
	return (unsigned)e < sizeof errors / sizeof errors[0] ? errors[e] : "unknown error";
}

const char *macro_err_field(enum macro_err e)
{
	return (unsigned)e < sizeof fields / sizeof fields[0] ? fields[e] : NULL;
}

void macro_actions_init(struct macro_actions *m)
{
	memset(m, 0, sizeof *m);
	m->public_reply = true;
}

enum macro_err macro_actions_set_status(struct macro_actions *m, const char *status)
{
	enum ticket_status s;
	if (status == NULL) {
		m->set_status = false;
		return MACRO_OK;
	}
	if (!ticket_status_parse(status, &s) || s == TICKET_NEW || s == TICKET_CLOSED)
		return MACRO_ERR_STATUS;
	m->set_status = true;
	m->status = s;
	return MACRO_OK;
}

enum macro_err macro_actions_set_priority(struct macro_actions *m, const char *priority)
{
	enum ticket_priority p;
	if (priority == NULL) {
		m->set_priority = false;
		return MACRO_OK;
	}
	if (!ticket_priority_parse(priority, &p))
		return MACRO_ERR_PRIORITY;
	m->set_priority = true;
	m->priority = p;
	return MACRO_OK;
}

static bool listed(char list[][MAX_TAG + 1], size_t n, const char *tag)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], tag) == 0)
			return true;
	return false;
}

static enum macro_err add_to(struct macro_actions *m, bool add, const char *tag, size_t len)
{
	char buf[MAX_TAG + 1];
	if (tag == NULL || !validate_tag_normalize(tag, len, buf))
		return add ? MACRO_ERR_ADD_TAG : MACRO_ERR_REMOVE_TAG;
	char(*list)[MAX_TAG + 1] = add ? m->add_tags : m->remove_tags;
	size_t *n = add ? &m->n_add : &m->n_remove;
	if (listed(add ? m->remove_tags : m->add_tags, add ? m->n_remove : m->n_add, buf))
		return MACRO_ERR_TAG_CONFLICT;
	if (listed(list, *n, buf))
		return MACRO_OK;
	if (*n == MACRO_MAX_TAGS)
		return MACRO_ERR_TOO_MANY;
	memcpy(list[(*n)++], buf, sizeof buf);
	return MACRO_OK;
}

enum macro_err macro_actions_add_tag(struct macro_actions *m, const char *tag, size_t len)
{
	return add_to(m, true, tag, len);
}

enum macro_err macro_actions_remove_tag(struct macro_actions *m, const char *tag, size_t len)
{
	return add_to(m, false, tag, len);
}

enum macro_err macro_tags_apply(const struct macro_actions *m, const char *const *tags, size_t n,
                                const char **out, size_t *n_out)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool drop = false;
		for (size_t r = 0; r < m->n_remove && !drop; r++)
			drop = strcmp(tags[i], m->remove_tags[r]) == 0;
		if (drop)
			continue;
		if (k == MAX_TAGS)
			return MACRO_ERR_TICKET_TAGS;
		out[k++] = tags[i];
	}
	for (size_t a = 0; a < m->n_add; a++) {
		bool have = false;
		for (size_t i = 0; i < k && !have; i++)
			have = strcmp(out[i], m->add_tags[a]) == 0;
		if (have)
			continue;
		if (k == MAX_TAGS)
			return MACRO_ERR_TICKET_TAGS;
		out[k++] = m->add_tags[a];
	}
	*n_out = k;
	return MACRO_OK;
}
