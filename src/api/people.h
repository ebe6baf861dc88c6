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
/* Capacity a new agent gets unless told otherwise (the agents table's defaults), and the most
 * an admin may give: beyond that nobody answers well anyway. */
#define AGENT_MAX_CHATS_DEFAULT   3
#define AGENT_MAX_TICKETS_DEFAULT 20
#define AGENT_CAPACITY_MAX        100
#define AGENT_MAX_SKILLS          20

struct agent_create {
	struct arena *a;
	struct actor who;
	/* email lowercased, role/tier valid, max_chats/max_tickets set (AGENT_*_DEFAULT unless
	 * chosen); groups and the shift (by name, "" or NULL = none) checked in the job */
	struct agent_row ag;
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

/* The identity-verification secret (the exchange signs its users' uids with it), created and
 * audited on first use. Returns the store_write result; out is the hex secret on success. */
int identity_secret_get(struct store *st, struct arena *a, const struct actor *who,
			char out[SECRET_HEX]);

#endif
