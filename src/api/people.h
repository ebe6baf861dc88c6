/* people.h — write jobs for agents, groups and tokens, shared by the HTTP handlers and the
 * command line (`exdesk user add`, `group add`, `token create`), so both take the same path
 * and leave the same audit events. */
#ifndef EXDESK_API_PEOPLE_H
#define EXDESK_API_PEOPLE_H
#include "api/api.h"
#include "core/validate.h"
#include "http/auth.h"

#define MIN_PASSWORD 10
#define MAX_PASSWORD 1024

struct agent_create {
	struct arena *a;
	struct actor who;
	struct agent_row ag; /* email lowercased, role/tier valid, groups checked in the job */
	struct job_error err;
};
int agent_create_run(struct db *w, void *ctx);

struct group_create {
	struct arena *a;
	struct actor who;
	struct group_row g;
	struct job_error err;
};
int group_create_run(struct db *w, void *ctx);

struct token_create {
	struct arena *a;
	struct actor who;
	int64_t agent_id;
	const char *name;
	char secret[SECRET_HEX + 8]; /* out: "exd_" + 64 hex */
	struct token_row t;           /* out */
	struct job_error err;
};
int token_create_run(struct db *w, void *ctx);

#endif
