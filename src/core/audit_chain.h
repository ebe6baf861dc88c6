/* audit_chain.h — the hash chain of the audit trail. Every event stores the SHA-256 of the
 * previous event's hash together with its own content, so changing, deleting or reordering any
 * event breaks every later link. The store keeps the rows; this computes and checks the links.
 * Pure (libsodium's SHA-256), no I/O. */
#ifndef EXDESK_CORE_AUDIT_CHAIN_H
#define EXDESK_CORE_AUDIT_CHAIN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AUDIT_HASH_HEX 65 /* 64 lowercase hex digits + NUL */
/* The prev_hash of the very first event. */
#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct audit_event_fields {
	int64_t id;
	int64_t created_at_ms;
	const char *actor_type; /* "agent", "system", "cli", "customer" */
	int64_t actor_id;       /* 0 when none */
	const char *action;     /* "ticket.create", ... */
	const char *object_type;
	int64_t object_id;
	int64_t ticket_id;      /* 0 when none */
	const char *before;     /* JSON text or NULL */
	const char *after;      /* JSON text or NULL */
};

/* hash = hex SHA-256 over an unambiguous encoding of prev_hash and every field (each string
 * length-prefixed, NULL distinct from ""), so no two different events share an input. */
void audit_chain_hash(const char *prev_hash, const struct audit_event_fields *ev,
		      char out[AUDIT_HASH_HEX]);

/* Check one link: does `stored_hash` match prev_hash + ev? */
bool audit_chain_link_ok(const char *prev_hash, const struct audit_event_fields *ev,
			 const char *stored_hash);

#endif
