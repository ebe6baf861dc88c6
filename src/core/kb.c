/* kb.c — see kb.h. */
#include "core/kb.h"

#include <string.h>
#include <strings.h>

static const char *const locale_names[KB_LOCALE_COUNT] = {
    [KB_EN] = "en", [KB_ZH_CN] = "zh-CN", [KB_ZH_TW] = "zh-TW", [KB_JA] = "ja", [KB_KO] = "ko",
    [KB_RU] = "ru", [KB_ES] = "es",       [KB_VI] = "vi",       [KB_TR] = "tr",
};
_Static_assert(sizeof locale_names / sizeof locale_names[0] == KB_LOCALE_COUNT, "locale_names");

const char *kb_locale_name(enum kb_locale l)
{
	return (unsigned)l < KB_LOCALE_COUNT ? locale_names[l] : NULL;
}

bool kb_locale_parse(const char *s, size_t len, enum kb_locale *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < KB_LOCALE_COUNT; i++) {
		if (strlen(locale_names[i]) == len && strncasecmp(s, locale_names[i], len) == 0) {
			*out = (enum kb_locale)i;
			return true;
		}
	}
	return false;
}

const char *kb_locale_canonical(const char *s)
{
	enum kb_locale l;
	return s && kb_locale_parse(s, strlen(s), &l) ? locale_names[l] : NULL;
}

const char *kb_locale_list(void)
{
	return "en, zh-CN, zh-TW, ja, ko, ru, es, vi, tr";
}

const char *kb_status_name(enum kb_status s)
{
	return s == KB_PUBLISHED ? "published" : s == KB_DRAFT ? "draft" : NULL;
}

bool kb_status_parse(const char *s, enum kb_status *out)
{
	if (s && strcmp(s, "draft") == 0)
		*out = KB_DRAFT;
	else if (s && strcmp(s, "published") == 0)
		*out = KB_PUBLISHED;
	else
		return false;
	return true;
}

static int find(const char *locale, const char *const *have, size_t n)
{
	for (size_t i = 0; locale && i < n; i++)
		if (have[i] && strcmp(have[i], locale) == 0)
			return (int)i;
	return -1;
}

int kb_locale_pick(const char *wanted, const char *default_locale, const char *const *have,
                   size_t n_have)
{
	int i = find(wanted, have, n_have);
	return i >= 0 ? i : find(default_locale, have, n_have);
}
