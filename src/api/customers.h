/* customers.h — finding or creating the one customer behind a requester, across channels. */
#ifndef EXDESK_API_CUSTOMERS_H
#define EXDESK_API_CUSTOMERS_H
#include "api/api.h"
#include "core/validate.h"

#define MAX_UID 128

struct requester_in {
	const char *email;    /* lowercased */
	const char *uid;
	const char *name;
	const char *language; /* normalised BCP 47 or NULL */
	int vip_tier;         /* -1 when not given */
	bool uid_verified;    /* user_hash matched */
};

/* Validate a requester object (already type-checked by its field table); answers 422. */
bool requester_from_json(struct request *r, json_t *obj, struct requester_in *out);

/* The same checks for a widget session's fields, where no identity at all is fine. */
bool requester_from_json_loose(struct request *r, json_t *obj, struct requester_in *out);

/* Inside a write job: the customer owning the requester's identities, created if new; missing
 * identities are attached, a given vip_tier is applied. Audited. */
int customer_resolve(struct db *w, struct arena *a, const struct actor *who,
		     const struct requester_in *in, int64_t now, struct customer_row *out,
		     struct job_error *err);

char *like_pattern(struct arena *a, const char *q);

#endif
