/* macros.h — what the two halves of the macros API share: macros.c (the macros themselves:
 * list, read, create, change, delete, one variant at a time) and macro_apply.c (one macro used
 * on a ticket: preview and apply). Who sees a macro is decided here in one place: admins,
 * supervisors and qa see every macro (as they see every ticket), an agent the desk-wide ones and
 * those of its groups. Managing them (admin, supervisor) is checked by macros.c. */
#ifndef EXDESK_API_MACROS_H
#define EXDESK_API_MACROS_H
#include "api/api.h"
#include "core/macro.h"

bool macro_visible(const struct principal *who, const struct macro_row *m);
/* Load macro id and check the principal may see it; answers 404 otherwise. */
bool macro_load_visible(struct request *r, struct db *db, int64_t id, struct macro_row *m);
/* The stored actions back in core form (they were validated before they were stored). */
void macro_actions_of(const struct macro_row *m, struct macro_actions *out);
json_t *render_macro_actions(const struct macro_row *m);
json_t *render_macro(const struct macro_row *m);
/* The variant for locale (one of core/macro.h's macro_locales), or NULL. */
const char *macro_variant(const struct macro_row *m, const char *locale);

#endif
