/* kb.h — the knowledge base's rules that are not storage: which locales articles are written
 * in, the two states an article or translation can be in, and the named limits of every field.
 * Pure, no I/O. The API validates with these before anything reaches the store, and the help
 * center's locale fallback is decided here. */
#ifndef EXDESK_CORE_KB_H
#define EXDESK_CORE_KB_H
#include <stdbool.h>
#include <stddef.h>

#define KB_MAX_TITLE            300          /* bytes of an article title */
#define KB_MAX_BODY             (256 * 1024) /* bytes of an article's Markdown */
#define KB_MAX_NAME             200          /* bytes of a category or section name in one locale */
#define KB_MAX_QUERY            500          /* bytes of a search box text (q) */
#define KB_MAX_VISITOR          64 /* bytes of a help-center visitor id (feedback dedupe) */
#define KB_SEARCH_LIMIT_MAX     50 /* results per search */
#define KB_SEARCH_LIMIT_DEFAULT 10
#define KB_LOCALE_MAX           6 /* longest locale tag ("zh-CN") plus NUL */

/* The help center's locales, in the order the language switcher shows them. */
enum kb_locale {
	KB_EN,
	KB_ZH_CN,
	KB_ZH_TW,
	KB_JA,
	KB_KO,
	KB_RU,
	KB_ES,
	KB_VI,
	KB_TR,
	KB_LOCALE_COUNT
};

const char *kb_locale_name(enum kb_locale l); /* "en", "zh-CN", ... */
/* Parse a locale tag, ASCII case-insensitively ("zh-cn" is zh-CN); false for anything else,
 * including languages the help center does not carry. */
bool kb_locale_parse(const char *s, size_t len, enum kb_locale *out);
/* The canonical spelling of a tag ("zh-cn" -> "zh-CN"), or NULL if it is not a KB locale. */
const char *kb_locale_canonical(const char *s);
/* "en, zh-CN, ..." for error messages. */
const char *kb_locale_list(void);

enum kb_status { KB_DRAFT, KB_PUBLISHED };
const char *kb_status_name(enum kb_status s); /* "draft", "published" */
bool kb_status_parse(const char *s, enum kb_status *out);

/* Which translation a reader gets: the wanted locale if the article has it, else the article's
 * default locale if it has that, else none. `have` lists the locales available to this reader
 * (published ones for the public); returns the index into have, or -1. */
int kb_locale_pick(const char *wanted, const char *default_locale, const char *const *have,
                   size_t n_have);

#endif
