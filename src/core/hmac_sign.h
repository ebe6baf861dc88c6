/* hmac_sign.h — request signing between exdesk and an exchange (docs/connector.md
 * "Authentication"): the canonical string of a request, its HMAC-SHA256 signature, verification
 * with a time window and a replay guard. The same rules sign exdesk's calls to the exchange's
 * connector and the exchange's webhooks to exdesk; each direction has its own key and secret.
 *
 * The canonical string is seven lines joined by '\n' (no trailing newline):
 *
 *     EXDESK1-HMAC-SHA256
 *     METHOD                  upper case, as on the request line
 *     TARGET                  path and query exactly as sent ("/v1/users/1/trades?limit=5")
 *     KEY                     the X-Exdesk-Key value
 *     TIMESTAMP               X-Exdesk-Timestamp: decimal seconds since the epoch
 *     NONCE                   X-Exdesk-Nonce: 16..64 of [A-Za-z0-9_-], new for every request
 *     BODY-SHA256             lower-case hex SHA-256 of the body bytes (of "" when none)
 *
 * and X-Exdesk-Signature is the lower-case hex HMAC-SHA256 of it under the key's secret.
 *
 * What it never does: read a clock, keep state of its own, lock, or do I/O. The caller passes
 * the time, owns the replay table's memory and serialises access to it. Built on libsodium
 * (crypto_auth_hmacsha256 with keys of any length, crypto_hash_sha256, sodium_memcmp). */
#ifndef EXDESK_CORE_HMAC_SIGN_H
#define EXDESK_CORE_HMAC_SIGN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HMAC_SIGN_SCHEME     "EXDESK1-HMAC-SHA256"
#define HMAC_SIGN_WINDOW_S   300 /* a request is accepted within +-300 s of the receiver's clock */
#define HMAC_SIGN_KEY_MAX    64  /* bytes of a key id: [A-Za-z0-9._-] */
#define HMAC_SIGN_NONCE_MIN  16
#define HMAC_SIGN_NONCE_MAX  64
#define HMAC_SIGN_TS_MAX     12 /* digits of a timestamp (seconds; good past the year 30000) */
#define HMAC_SIGN_SECRET_MIN 32 /* bytes of a shared secret */
#define HMAC_SIGN_SECRET_MAX 256
#define HMAC_SIGN_TARGET_MAX 4096 /* bytes of path + query */
#define HMAC_SIGN_METHOD_MAX 16
#define HMAC_SIGN_HEX        65 /* 64 hex digits + NUL (signatures and body hashes) */
/* The longest canonical string, NUL included. */
#define HMAC_SIGN_CANONICAL_MAX                                                                    \
	(sizeof HMAC_SIGN_SCHEME + HMAC_SIGN_METHOD_MAX + HMAC_SIGN_TARGET_MAX +                   \
	 HMAC_SIGN_KEY_MAX + HMAC_SIGN_TS_MAX + HMAC_SIGN_NONCE_MAX + 64 + 8)

enum hmac_sign_rc {
	HMAC_SIGN_OK = 0,
	HMAC_SIGN_MISSING,       /* a signing header is absent or empty */
	HMAC_SIGN_BAD_KEY,       /* the key id is malformed */
	HMAC_SIGN_UNKNOWN_KEY,   /* no secret for that key id */
	HMAC_SIGN_BAD_TIMESTAMP, /* not 1..12 decimal digits */
	HMAC_SIGN_STALE,         /* outside the window: too old or too far ahead */
	HMAC_SIGN_BAD_NONCE,     /* not 16..64 of [A-Za-z0-9_-] */
	HMAC_SIGN_BAD_REQUEST,   /* method or target malformed or too long */
	HMAC_SIGN_BAD_SIGNATURE, /* does not match (also: not 64 hex digits) */
	HMAC_SIGN_REPLAYED,      /* this key and nonce were accepted before */
	HMAC_SIGN_REPLAY_FULL,   /* the replay table has no room: refuse, retry later */
	HMAC_SIGN_BAD_SECRET,    /* the caller's secret is shorter or longer than allowed */
};
/* A sentence for logs and error messages, and a stable snake_case code ("stale_request"). */
const char *hmac_sign_strerror(enum hmac_sign_rc rc);
const char *hmac_sign_rc_code(enum hmac_sign_rc rc);

/* One request as signed. method, target, key and nonce are NUL-terminated; target is the raw
 * request target (path + "?" + query when there is a query). body may be NULL when body_len
 * is 0. */
struct hmac_sign_request {
	const char *method;
	const char *target;
	const char *key;
	int64_t timestamp; /* seconds since the epoch */
	const char *nonce;
	const void *body;
	size_t body_len;
};

/* Lower-case hex SHA-256 of the body. */
void hmac_sign_body_hash(const void *body, size_t len, char out[HMAC_SIGN_HEX]);
/* Writes the canonical string (NUL-terminated) into out; returns its length, or 0 when a field
 * is malformed (see hmac_sign_check_fields) or cap is too small. */
size_t hmac_sign_canonical(const struct hmac_sign_request *r, char *out, size_t cap);
/* Checks the fields a signer controls: method, target, key, timestamp (>= 0) and nonce. */
enum hmac_sign_rc hmac_sign_check_fields(const struct hmac_sign_request *r);
/* Signs: writes the lower-case hex signature into sig. */
enum hmac_sign_rc hmac_sign_compute(const struct hmac_sign_request *r, const uint8_t *secret,
                                    size_t secret_len, char sig[HMAC_SIGN_HEX]);
/* A fresh nonce: 32 characters of [A-Za-z0-9_-] from libsodium's random bytes. */
void hmac_sign_nonce(char out[33]);

/* The four header values as received (NULL when absent). */
struct hmac_sign_headers {
	const char *key;       /* X-Exdesk-Key */
	const char *timestamp; /* X-Exdesk-Timestamp */
	const char *nonce;     /* X-Exdesk-Nonce */
	const char *signature; /* X-Exdesk-Signature */
};

/* A secret the receiver accepts, by key id. */
struct hmac_sign_key {
	const char *id;
	const uint8_t *secret;
	size_t secret_len;
};

/* Verifies a received request: headers well-formed, the key known, the timestamp within
 * +-window_s of now_s (inclusive), the signature equal in constant time. It does not look at
 * replays: call hmac_replay_admit after it succeeds (never before, so that unsigned requests
 * cannot fill the table). *ts_out (may be NULL) gets the parsed timestamp and *key_out (may be
 * NULL) the matching key entry. */
enum hmac_sign_rc hmac_sign_verify(const char *method, const char *target, const void *body,
                                   size_t body_len, const struct hmac_sign_headers *h,
                                   const struct hmac_sign_key *keys, size_t n_keys, int64_t now_s,
                                   int64_t window_s, int64_t *ts_out,
                                   const struct hmac_sign_key **key_out);

/* ---- replay guard ----
 * Remembers each (key, nonce) accepted until its timestamp has left the window, so the same
 * signed request is accepted once. A fixed table of buckets of HMAC_REPLAY_WAYS entries; an
 * entry whose time is up is reused. A bucket full of live entries refuses with
 * HMAC_SIGN_REPLAY_FULL rather than forget one (a forgotten nonce would let a replay through).
 * Kept in memory by the caller: a receiver that restarts forgets, so its window is also its
 * exposure (docs/connector.md says so). */
#define HMAC_REPLAY_WAYS 16
struct hmac_replay_entry {
	uint8_t tag[16]; /* keyed BLAKE2b of key id and nonce */
	int64_t until_s; /* forgotten after this second; 0 = free */
};
struct hmac_replay {
	struct hmac_replay_entry *entries; /* n_buckets * HMAC_REPLAY_WAYS, owned by the caller */
	size_t n_buckets;
	uint8_t hash_key[16];
};
/* entries: n_buckets * HMAC_REPLAY_WAYS zeroed entries the caller keeps alive. hash_key: 16
 * bytes (random in production, fixed in tests). */
void hmac_replay_init(struct hmac_replay *r, struct hmac_replay_entry *entries, size_t n_buckets,
                      const uint8_t hash_key[16]);
/* Records (key, nonce) of a verified request signed at ts; HMAC_SIGN_REPLAYED if it is already
 * there and still live, HMAC_SIGN_REPLAY_FULL if its bucket has no room. */
enum hmac_sign_rc hmac_replay_admit(struct hmac_replay *r, const char *key, const char *nonce,
                                    int64_t ts, int64_t now_s, int64_t window_s);

#endif
