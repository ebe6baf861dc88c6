/* auth.h — turning credentials into a principal, and the secrets behind them.
 *
 * Bearer tokens and session cookies are random 32-byte secrets shown to their owner once; the
 * store keeps only their SHA-256, so a copy of the database logs nobody in. Passwords are
 * argon2id (libsodium's crypto_pwhash_str, interactive limits). Failed logins are counted per
 * email in memory: 5 failures in 15 minutes answer 429 until the window passes. */
#ifndef EXDESK_HTTP_AUTH_H
#define EXDESK_HTTP_AUTH_H
#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"

#define SESSION_COOKIE "exdesk_session"
#define SESSION_TTL_MS (12LL * 3600 * 1000)
#define SECRET_HEX 65 /* 32 random bytes as hex + NUL */
#define TOKEN_PREFIX "exd_"

struct store;
struct db;
struct agent_row;

/* Resolve Authorization: Bearer or the session cookie into r->who (kind NONE when neither is
 * present or valid). Returns false and answers 401 when credentials were sent but are bad. */
bool auth_resolve(struct request *r);
bool auth_csrf_ok(struct request *r); /* for cookie principals on state-changing methods */

/* Fill a principal from an agent row (role, tier, groups). false if the row is inactive. */
bool auth_principal_from_agent(struct request *r, const struct agent_row *ag);

void auth_random_hex(char out[SECRET_HEX]);
void auth_sha256_hex(const char *s, size_t len, char out[SECRET_HEX]);
/* argon2id; out must hold crypto_pwhash_STRBYTES (128). false on failure (out of memory). */
bool auth_password_hash(const char *password, size_t len, char out[128]);
bool auth_password_verify(const char *hash, const char *password, size_t len);

/* Login throttling. auth_login_allowed returns 0 when allowed, or the seconds to wait. */
int auth_login_allowed(const char *email, int64_t now_ms);
void auth_login_failed(const char *email, int64_t now_ms);
void auth_login_succeeded(const char *email);

#endif
