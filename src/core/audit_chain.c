/* audit_chain.c — see audit_chain.h.
 *
 * The hash input is a fixed sequence of typed fields, so it can be decoded back unambiguously and
 * two different events can never produce the same bytes:
 *   label    the bytes "exdesk-audit-v1\0" (a format version: a later encoding gets a new label
 *            and can never collide with this one)
 *   prev_hash, then id, created_at_ms, actor_type, actor_id, action, object_type, object_id,
 *            ticket_id, before, after, in that order, each as
 *   integer  8 bytes, big-endian two's complement
 *   string   1 byte 0 for NULL; or 1 byte 1, then the length as 8 bytes big-endian, then the bytes
 * Changing this encoding invalidates every stored chain; do it only together with a new label and
 * a verifier that knows both. */
#include "core/audit_chain.h"

#include <string.h>

#include <sodium.h>

static const char chain_label[] = "exdesk-audit-v1";

static void put_u64(crypto_hash_sha256_state *st, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_hash_sha256_update(st, b, sizeof b);
}

static void put_int(crypto_hash_sha256_state *st, int64_t v)
{
	put_u64(st, (uint64_t)v);
}

static void put_str(crypto_hash_sha256_state *st, const char *s)
{
	unsigned char tag = s != NULL;
	size_t len;

	crypto_hash_sha256_update(st, &tag, 1);
	if (s == NULL)
		return;
	len = strlen(s);
	put_u64(st, (uint64_t)len);
	crypto_hash_sha256_update(st, (const unsigned char *)s, len);
}

void audit_chain_hash(const char *prev_hash, const struct audit_event_fields *ev,
                      char out[AUDIT_HASH_HEX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)chain_label, sizeof chain_label);
	put_str(&st, prev_hash);
	put_int(&st, ev->id);
	put_int(&st, ev->created_at_ms);
	put_str(&st, ev->actor_type);
	put_int(&st, ev->actor_id);
	put_str(&st, ev->action);
	put_str(&st, ev->object_type);
	put_int(&st, ev->object_id);
	put_int(&st, ev->ticket_id);
	put_str(&st, ev->before);
	put_str(&st, ev->after);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof h);
}

/* The stored hash is public and was written by audit_chain_hash(), so an exact (lowercase)
 * comparison is right and need not be constant-time. */
bool audit_chain_link_ok(const char *prev_hash, const struct audit_event_fields *ev,
                         const char *stored_hash)
{
	char want[AUDIT_HASH_HEX];

	if (ev == NULL || stored_hash == NULL)
		return false;
	if (strnlen(stored_hash, AUDIT_HASH_HEX) != AUDIT_HASH_HEX - 1)
		return false;
	audit_chain_hash(prev_hash, ev, want);
	return memcmp(want, stored_hash, AUDIT_HASH_HEX - 1) == 0;
}
