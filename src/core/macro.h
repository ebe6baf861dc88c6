/* macro.h — canned replies ("macros"): the rules a macro's text and actions follow. Owns the nine
 * locales a variant may be written in and which of them a ticket reads, the template variables a
 * variant may hold and the one way they are filled, and the shape of the actions a macro takes
 * (status, priority, tags to add and remove, public reply or internal note), including what they
 * do to a ticket's tag list. Never stores, sends or decides who may use a macro (src/api does).
 * Pure: no I/O.
 *
 * Template variables are {{customer.name}}, {{ticket.number}} ("EXD-100123"), {{ticket.subject}},
 * {{agent.name}} (the agent who uses the macro) and {{desk.name}} (the desk's display name).
 * They are filled the way core/mail_texts.h fills its template variables: values go in verbatim
 * and are never scanned again (a customer named "{{agent.name}}" stays that text), and anything
 * else in braces is left as it is. The mail texts' variables are a different, flat set
 * ({{name}}, {{number}}) made for mail an admin writes once per language; macros name the object
 * each value belongs to because agents read and write them. */
#ifndef EXDESK_CORE_MACRO_H
#define EXDESK_CORE_MACRO_H
#include <stdbool.h>
#include <stddef.h>

#include "core/ticket.h"
#include "core/validate.h"

#define MACRO_MAX_NAME 200         /* bytes, one line */
#define MACRO_MAX_BODY (16 * 1024) /* bytes per variant, before filling */
#define MACRO_MAX_TAGS 10          /* tags to add, and tags to remove */

/* ---- locales ---- */
#define MACRO_LOCALE_COUNT 9
/* "en", "zh-CN", "zh-TW", "ja", "ko", "ru", "es", "vi", "tr", then NULL: the desk's languages. */
extern const char *const macro_locales[];
/* The canonical spelling of one of the nine (s of len bytes, ASCII case-insensitive, '_' taken
 * for '-': "zh_cn" -> "zh-CN"); NULL for anything else. */
const char *macro_locale_canonical(const char *s, size_t len);
/* Which of the nine a ticket in BCP 47 `language` reads: the exact tag, Chinese by script or
 * region (zh-Hans, zh-SG -> zh-CN; zh-Hant, zh-HK -> zh-TW), else the primary subtag (ja-JP ->
 * ja, es-419 -> es); NULL when none of them (pt-BR, "und", "", NULL): the caller falls back to
 * the macro's default variant. */
const char *macro_locale_of(const char *language);

/* ---- template variables ---- */
enum macro_variable {
	MACRO_PH_CUSTOMER_NAME,
	MACRO_PH_TICKET_NUMBER,
	MACRO_PH_TICKET_SUBJECT,
	MACRO_PH_AGENT_NAME,
	MACRO_PH_DESK_NAME,
	MACRO_PH_COUNT
};
/* "customer.name", ... in enum order (the text between the braces). */
extern const char *const macro_variable_names[MACRO_PH_COUNT];

struct macro_vars {
	const char *values[MACRO_PH_COUNT]; /* NULL reads as "" */
};

/* body with every known template variable replaced by its value (see the top of this file). *missing
 * (may be NULL) gets a bit (1u << template variable) for each template variable the body uses whose value is
 * NULL or empty, so a caller can tell the agent the text needs an edit. body NULL reads as "".
 * Returns a malloc'd string the caller frees, or NULL when memory runs out. */
char *macro_fill(const char *body, const struct macro_vars *v, unsigned *missing);

/* Does body hold something that looks like a template variable ("{{" letters, digits, '_' and '.'
 * "}}") but is not one of ours ("{{customer.nmae}}", "{{name}}")? Then *at and *len say where;
 * a macro with a typo there would reach customers verbatim. Other braces are plain text. */
bool macro_unknown_variable(const char *body, size_t *at, size_t *len);

/* ---- actions ---- */
enum macro_err {
	MACRO_OK = 0,
	MACRO_ERR_STATUS,       /* status is not open, pending, on_hold or solved */
	MACRO_ERR_PRIORITY,     /* priority is not low, normal, high or urgent */
	MACRO_ERR_ADD_TAG,      /* a tag to add is not a tag (validate_tag_normalize) */
	MACRO_ERR_REMOVE_TAG,   /* a tag to remove is not a tag */
	MACRO_ERR_TOO_MANY,     /* more than MACRO_MAX_TAGS tags to add or to remove */
	MACRO_ERR_TAG_CONFLICT, /* one tag both added and removed */
	MACRO_ERR_TICKET_TAGS,  /* the ticket would hold more than MAX_TAGS tags */
};
const char *macro_strerror(enum macro_err e);
/* The API field at fault ("actions.status", "actions.add_tags", ...), NULL for MACRO_OK. */
const char *macro_err_field(enum macro_err e);

struct macro_actions {
	bool set_status, set_priority; /* false: leave as it is */
	enum ticket_status status;
	enum ticket_priority priority;
	char add_tags[MACRO_MAX_TAGS][MAX_TAG + 1]; /* normalised, each once */
	size_t n_add;
	char remove_tags[MACRO_MAX_TAGS][MAX_TAG + 1];
	size_t n_remove;
	bool public_reply; /* true: a reply the customer gets; false: an internal note */
};

/* Start from "nothing changes, a public reply". */
void macro_actions_init(struct macro_actions *m);
/* Each setter validates and normalises one part; on error *m is unchanged. status NULL or
 * priority NULL clears that action. A macro may not move a ticket to new (nothing returns there)
 * or closed (closing follows solving, by time or by hand). */
enum macro_err macro_actions_set_status(struct macro_actions *m, const char *status);
enum macro_err macro_actions_set_priority(struct macro_actions *m, const char *priority);
enum macro_err macro_actions_add_tag(struct macro_actions *m, const char *tag, size_t len);
enum macro_err macro_actions_remove_tag(struct macro_actions *m, const char *tag, size_t len);

/* A ticket's tags after the macro: tags[0..n) without those to remove, then those to add that
 * it lacks, in that order, into out (room for MAX_TAGS). MACRO_ERR_TICKET_TAGS when more than
 * MAX_TAGS would result (out and *n_out are then unspecified). out may not alias tags. */
enum macro_err macro_tags_apply(const struct macro_actions *m, const char *const *tags, size_t n,
                                const char **out, size_t *n_out);

#endif
