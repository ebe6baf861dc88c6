/* identity.h — proving who a customer is, and hiding what a role may not see.
 * The exchange vouches for a logged-in user by sending HMAC-SHA256(identity_secret, uid) as
 * lowercase hex (Intercom's and Chatwoot's identity-verification convention); we recompute and
 * compare in constant time. Masking keeps PII away from roles without customer.pii.
 * Uses libsodium's primitives (no I/O). */
#ifndef EXDESK_CORE_IDENTITY_H
#define EXDESK_CORE_IDENTITY_H
#include <stdbool.h>
#include <stddef.h>

#define IDENTITY_HMAC_HEX 65 /* 64 hex digits + NUL */

/* out = lowercase hex of HMAC-SHA256(secret, uid). */
void identity_uid_hmac_hex(const char *secret, size_t secret_len, const char *uid, size_t uid_len,
			   char out[IDENTITY_HMAC_HEX]);

/* True when `hash` (hex, either case, exactly 64 digits) is the HMAC of uid under secret.
 * The comparison takes the same time wherever the first difference is. An empty secret (identity
 * verification not configured) or an empty uid never verifies. */
bool identity_verify_uid(const char *secret, size_t secret_len, const char *uid, size_t uid_len,
			 const char *hash, size_t hash_len);

/* Masks for roles without PII access. out must hold in_len + 8 bytes.
 * email: first character of the local part, "***", then "@domain": "li.wei@example.com" ->
 * "l***@example.com"; no '@' -> like a value. value (uid, phone, ...): first two characters
 * (UTF-8 aware) then "***"; values of 2 characters or fewer become "***". */
void identity_mask_email(const char *in, size_t in_len, char *out);
void identity_mask_value(const char *in, size_t in_len, char *out);

#endif
