/* test_audit_chain.c — the audit hash chain: pinned values (the encoding is a storage format, so
 * an accidental change must fail loudly), sensitivity to every field, and tamper detection.
 *
 * The pinned hashes were computed outside this code, in Python, from the encoding described at
 * the top of audit_chain.c:
 *   import hashlib, struct
 *   def s(x):
 *       return b'\0' if x is None else b'\1' + struct.pack('>Q', len(x.encode())) + x.encode()
 *   def i(v):
 *       return struct.pack('>q', v)
 *   hashlib.sha256(b'exdesk-audit-v1\0' + s(prev) + i(id) + i(created_at_ms) + s(actor_type)
 *       + i(actor_id) + s(action) + s(object_type) + i(object_id) + i(ticket_id)
 *       + s(before) + s(after)).hexdigest() */
#include "core/audit_chain.h"
#include "unit_main.h"

#include <sodium.h>

#define AFTER1   "{\"status\":\"new\",\"subject\":\"提现未到账\"}"
#define HASH1    "f3bfe2562194eaa3fcf4fad27dec3a2d806b30f04c89e708e13e3f374dfd01b2"
#define HASH2    "f83c03d4b36b60f2790f933e67b71b38a67f2e6dabf538940c7198fd43ea058e"
#define HASH_ODD "6dd9a7f701811f592f2bbf767c7a095c68526f648a7626da3954bdd29fb39472"

static const struct audit_event_fields ev1 = {
    .id = 1,
    .created_at_ms = 1795000000000,
    .actor_type = "agent",
    .actor_id = 7,
    .action = "ticket.create",
    .object_type = "ticket",
    .object_id = 12,
    .ticket_id = 12,
    .before = NULL,
    .after = AFTER1,
};

static const struct audit_event_fields ev2 = {
    .id = 2,
    .created_at_ms = 1795000060000,
    .actor_type = "system",
    .actor_id = 0,
    .action = "ticket.update",
    .object_type = "ticket",
    .object_id = 12,
    .ticket_id = 12,
    .before = "{\"status\":\"new\"}",
    .after = "{\"status\":\"open\"}",
};

static const struct audit_event_fields ev3 = {
    .id = 3,
    .created_at_ms = 1795000120000,
    .actor_type = "agent",
    .actor_id = 7,
    .action = "ticket.reply",
    .object_type = "message",
    .object_id = 40,
    .ticket_id = 12,
    .before = NULL,
    .after = "{\"kind\":\"reply\"}",
};

static const char *hash(const char *prev, const struct audit_event_fields *ev)
{
	static char out[4][AUDIT_HASH_HEX];
	static int next;
	char *p = out[next++ % 4];

	audit_chain_hash(prev, ev, p);
	return p;
}

START_TEST(pinned_values)
{
	static const struct audit_event_fields odd = {
	    .id = -5,
	    .created_at_ms = -1,
	    .actor_type = NULL,
	    .actor_id = INT64_MIN,
	    .action = "",
	    .object_type = NULL,
	    .object_id = INT64_MAX,
	    .ticket_id = 0,
	    .before = "",
	    .after = NULL,
	};

	ck_assert_str_eq(hash(AUDIT_GENESIS, &ev1), HASH1);
	ck_assert_str_eq(hash(HASH1, &ev2), HASH2);
	ck_assert_str_eq(hash(AUDIT_GENESIS, &odd), HASH_ODD);
}
END_TEST

START_TEST(deterministic_lowercase_hex)
{
	char a[AUDIT_HASH_HEX], b[AUDIT_HASH_HEX];

	audit_chain_hash(AUDIT_GENESIS, &ev2, a);
	audit_chain_hash(AUDIT_GENESIS, &ev2, b);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(strlen(a), 64);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), 64);
}
END_TEST

/* One case per field: change only that field and the hash must change. */
enum field {
	F_PREV,
	F_ID,
	F_CREATED,
	F_ACTOR_TYPE,
	F_ACTOR_ID,
	F_ACTION,
	F_OBJECT_TYPE,
	F_OBJECT_ID,
	F_TICKET_ID,
	F_BEFORE,
	F_AFTER,
	F_COUNT
};
static const char *const field_names[F_COUNT] = {
    "prev_hash",   "id",        "created_at_ms", "actor_type", "actor_id", "action",
    "object_type", "object_id", "ticket_id",     "before",     "after",
};

/* Flips one field of ev2 (chained after HASH1) in the smallest way that still differs. */
static void mutate(enum field f, struct audit_event_fields *ev, const char **prev)
{
	switch (f) {
	case F_PREV:
		*prev = "f3bfe2562194eaa3fcf4fad27dec3a2d806b30f04c89e708e13e3f374dfd01b3";
		break;
	case F_ID:
		ev->id++;
		break;
	case F_CREATED:
		ev->created_at_ms++;
		break;
	case F_ACTOR_TYPE:
		ev->actor_type = "systen";
		break;
	case F_ACTOR_ID:
		ev->actor_id = 1;
		break;
	case F_ACTION:
		ev->action = "ticket.updatf";
		break;
	case F_OBJECT_TYPE:
		ev->object_type = "Ticket";
		break;
	case F_OBJECT_ID:
		ev->object_id = 13;
		break;
	case F_TICKET_ID:
		ev->ticket_id = 0;
		break;
	case F_BEFORE:
		ev->before = "{\"status\":\"new\" }";
		break;
	case F_AFTER:
		ev->after = NULL;
		break;
	case F_COUNT:
		break;
	}
}

START_TEST(field_changes_hash)
{
	struct audit_event_fields ev = ev2;
	const char *prev = HASH1;

	mutate((enum field)_i, &ev, &prev);
	ck_assert_str_ne(hash(prev, &ev), HASH2);
	/* and the link check notices the same tampering */
	ck_assert(!audit_chain_link_ok(prev, &ev, HASH2));
}
END_TEST

START_TEST(null_differs_from_empty)
{
	struct audit_event_fields a = ev2, b = ev2;

	ck_assert_str_ne(hash(NULL, &ev2), hash("", &ev2));
	a.before = NULL;
	b.before = "";
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
	a = b = ev2;
	a.actor_type = NULL;
	b.actor_type = "";
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
	a = b = ev2;
	a.after = NULL;
	b.after = "";
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
}
END_TEST

START_TEST(no_ambiguity_between_adjacent_fields)
{
	struct audit_event_fields a = ev2, b = ev2;

	/* bytes moved from one string to the next */
	a.action = "ticket.up";
	a.object_type = "dateticket";
	b.action = "ticket.update";
	b.object_type = "ticket";
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
	/* the same text in before vs after */
	a = b = ev2;
	a.before = "{}";
	a.after = NULL;
	b.before = NULL;
	b.after = "{}";
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
	/* integers swapped between fields */
	a = b = ev2;
	a.object_id = 12;
	a.ticket_id = 13;
	b.object_id = 13;
	b.ticket_id = 12;
	ck_assert_str_ne(hash(HASH1, &a), hash(HASH1, &b));
}
END_TEST

START_TEST(link_ok_accepts_good_chain)
{
	char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX], h3[AUDIT_HASH_HEX];

	audit_chain_hash(AUDIT_GENESIS, &ev1, h1);
	audit_chain_hash(h1, &ev2, h2);
	audit_chain_hash(h2, &ev3, h3);
	ck_assert(audit_chain_link_ok(AUDIT_GENESIS, &ev1, h1));
	ck_assert(audit_chain_link_ok(h1, &ev2, h2));
	ck_assert(audit_chain_link_ok(h2, &ev3, h3));
}
END_TEST

START_TEST(link_ok_detects_tampering)
{
	char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX], h3[AUDIT_HASH_HEX];
	struct audit_event_fields forged = ev2;

	audit_chain_hash(AUDIT_GENESIS, &ev1, h1);
	audit_chain_hash(h1, &ev2, h2);
	audit_chain_hash(h2, &ev3, h3);
	/* an edited event */
	forged.after = "{\"status\":\"solved\"}";
	ck_assert(!audit_chain_link_ok(h1, &forged, h2));
	/* a deleted event: 3 now follows 1 */
	ck_assert(!audit_chain_link_ok(h1, &ev3, h3));
	/* reordered events */
	ck_assert(!audit_chain_link_ok(AUDIT_GENESIS, &ev2, h2));
	ck_assert(!audit_chain_link_ok(h1, &ev3, h2));
	/* a rewritten event with a recomputed hash still breaks the next link */
	audit_chain_hash(h1, &forged, h2);
	ck_assert(audit_chain_link_ok(h1, &forged, h2));
	ck_assert(!audit_chain_link_ok(h2, &ev3, h3));
}
END_TEST

START_TEST(link_ok_rejects_malformed_stored_hash)
{
	char up[] = HASH1, longer[AUDIT_HASH_HEX + 1];

	for (size_t i = 0; up[i] != '\0'; i++)
		if (up[i] >= 'a' && up[i] <= 'f')
			up[i] = (char)(up[i] - 'a' + 'A');
	ck_assert(!audit_chain_link_ok(AUDIT_GENESIS, &ev1, up));
	ck_assert(!audit_chain_link_ok(AUDIT_GENESIS, &ev1, NULL));
	ck_assert(!audit_chain_link_ok(AUDIT_GENESIS, &ev1, ""));
	ck_assert(!audit_chain_link_ok(
	    AUDIT_GENESIS, &ev1,
	    "f3bfe2562194eaa3fcf4fad27dec3a2d806b30f04c89e708e13e3f374dfd01b"));
	snprintf(longer, sizeof longer, "%s0", HASH1);
	ck_assert(!audit_chain_link_ok(AUDIT_GENESIS, &ev1, longer));
	ck_assert(audit_chain_link_ok(AUDIT_GENESIS, &ev1, HASH1));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("audit_chain");

	if (sodium_init() < 0) {
		printf("not ok - audit_chain: sodium_init failed\n");
		return 1;
	}
	UNIT_TEST(s, pinned_values);
	UNIT_TEST(s, deterministic_lowercase_hex);
	for (int f = 0; f < F_COUNT; f++)
		unit_add_case(s, unit_name("changing %s changes the hash", field_names[f]),
		              field_changes_hash, f);
	UNIT_TEST(s, null_differs_from_empty);
	UNIT_TEST(s, no_ambiguity_between_adjacent_fields);
	UNIT_TEST(s, link_ok_accepts_good_chain);
	UNIT_TEST(s, link_ok_detects_tampering);
	UNIT_TEST(s, link_ok_rejects_malformed_stored_hash);
	return unit_run(s, "audit_chain");
}
