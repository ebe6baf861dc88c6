/* hmac_sign.c — see hmac_sign.h. */
#include "core/hmac_sign.h"

#include <sodium.h>
#include <string.h>

const char *hmac_sign_strerror(enum hmac_sign_rc rc)
{
	switch (rc) {
	case HMAC_SIGN_OK:
		return "signature verified";
	case HMAC_SIGN_MISSING:
		return "the request is not signed: X-Exdesk-Key, X-Exdesk-Timestamp, "
		       "X-Exdesk-Nonce and "
		       "X-Exdesk-Signature are required";
	case HMAC_SIGN_BAD_KEY:
		return "X-Exdesk-Key is not a key id (1 to 64 of A-Z a-z 0-9 . _ -)";
	case HMAC_SIGN_UNKNOWN_KEY:
		return "X-Exdesk-Key names no key known here";
	case HMAC_SIGN_BAD_TIMESTAMP:
		return "X-Exdesk-Timestamp is not a number of seconds since the epoch";
	case HMAC_SIGN_STALE:
		return "X-Exdesk-Timestamp is more than 300 seconds away from the receiver's clock";
	case HMAC_SIGN_BAD_NONCE:
		return "X-Exdesk-Nonce must be 16 to 64 of A-Z a-z 0-9 _ -";
	case HMAC_SIGN_BAD_REQUEST:
		return "the method or the request target cannot be signed";
	case HMAC_SIGN_BAD_SIGNATURE:
		return "X-Exdesk-Signature does not match the request";
	case HMAC_SIGN_REPLAYED:
		return "this request was already received (same key and nonce)";
	case HMAC_SIGN_REPLAY_FULL:
		return "too many signed requests in the window to remember; retry shortly";
	case HMAC_SIGN_BAD_SECRET:
		return "the shared secret must be 32 to 256 bytes";
	}
	return "unknown signing error";
}

const char *hmac_sign_rc_code(enum hmac_sign_rc rc)
{
	switch (rc) {
	case HMAC_SIGN_OK:
		return "ok";
	case HMAC_SIGN_MISSING:
		return "unsigned_request";
	case HMAC_SIGN_BAD_KEY:
	case HMAC_SIGN_UNKNOWN_KEY:
		return "unknown_key";
	case HMAC_SIGN_BAD_TIMESTAMP:
	case HMAC_SIGN_STALE:
		return "stale_request";
	case HMAC_SIGN_BAD_NONCE:
		return "bad_nonce";
	case HMAC_SIGN_BAD_REQUEST:
	case HMAC_SIGN_BAD_SIGNATURE:
		return "bad_signature";
	case HMAC_SIGN_REPLAYED:
		return "replayed_request";
	case HMAC_SIGN_REPLAY_FULL:
		return "replay_table_full";
	case HMAC_SIGN_BAD_SECRET:
		return "bad_secret";
	}
	return "unknown";
}

static bool key_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (!ok || n >= HMAC_SIGN_KEY_MAX)
			return false;
	}
	return n > 0;
}

static bool nonce_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok || n >= HMAC_SIGN_NONCE_MAX)
			return false;
	}
	return n >= HMAC_SIGN_NONCE_MIN;
}

static bool method_ok(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (s[n] < 'A' || s[n] > 'Z' || n >= HMAC_SIGN_METHOD_MAX)
			return false;
	return n > 0;
}

/* A request target as it travels on the request line: printable ASCII without spaces (anything
 * else is percent-encoded by the client), starting with '/'. */
static bool target_ok(const char *s)
{
	if (s[0] != '/')
		return false;
	size_t n = 0;
	for (; s[n]; n++)
		if ((unsigned char)s[n] <= 0x20 || (unsigned char)s[n] >= 0x7f ||
		    n >= HMAC_SIGN_TARGET_MAX)
			return false;
	return true;
}

/* Seconds as 1..12 decimal digits, no sign, no spaces. */
static bool parse_ts(const char *s, int64_t *out)
{
	int64_t v = 0;
	size_t n = 0;
	for (; s[n]; n++) {
		if (s[n] < '0' || s[n] > '9' || n >= HMAC_SIGN_TS_MAX)
			return false;
		v = v * 10 + (s[n] - '0');
	}
	if (!n)
		return false;
	*out = v;
	return true;
}

void hmac_sign_body_hash(const void *body, size_t len, char out[HMAC_SIGN_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, len ? body : (const void *)"", len);
	sodium_bin2hex(out, HMAC_SIGN_HEX, h, sizeof h);
}

enum hmac_sign_rc hmac_sign_check_fields(const struct hmac_sign_request *r)
{
	if (!r->method || !r->target || !method_ok(r->method) || !target_ok(r->target))
		return HMAC_SIGN_BAD_REQUEST;
	if (!r->key || !key_ok(r->key))
		return HMAC_SIGN_BAD_KEY;
	if (r->timestamp < 0 || r->timestamp > 999999999999LL)
		return HMAC_SIGN_BAD_TIMESTAMP;
	if (!r->nonce || !nonce_ok(r->nonce))
		return HMAC_SIGN_BAD_NONCE;
	if (r->body_len && !r->body)
		return HMAC_SIGN_BAD_REQUEST;
	return HMAC_SIGN_OK;
}

size_t hmac_sign_canonical(const struct hmac_sign_request *r, char *out, size_t cap)
{
	if (hmac_sign_check_fields(r) != HMAC_SIGN_OK)
		return 0;
	char body_hash[HMAC_SIGN_HEX];
	hmac_sign_body_hash(r->body, r->body_len, body_hash);
	/* Every field is checked to hold no '\n', so the lines cannot be confused. */
	size_t need =
	    (size_t)snprintf(NULL, 0, "%s\n%s\n%s\n%s\n%lld\n%s\n%s", HMAC_SIGN_SCHEME, r->method,
	                     r->target, r->key, (long long)r->timestamp, r->nonce, body_hash);
	if (need + 1 > cap)
		return 0;
	snprintf(out, cap, "%s\n%s\n%s\n%s\n%lld\n%s\n%s", HMAC_SIGN_SCHEME, r->method, r->target,
	         r->key, (long long)r->timestamp, r->nonce, body_hash);
	return need;
}

static enum hmac_sign_rc mac(const struct hmac_sign_request *r, const uint8_t *secret,
                             size_t secret_len, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	if (!secret || secret_len < HMAC_SIGN_SECRET_MIN || secret_len > HMAC_SIGN_SECRET_MAX)
		return HMAC_SIGN_BAD_SECRET;
	char canon[HMAC_SIGN_CANONICAL_MAX];
	size_t n = hmac_sign_canonical(r, canon, sizeof canon);
	if (!n) {
		enum hmac_sign_rc rc = hmac_sign_check_fields(r);
		return rc != HMAC_SIGN_OK ? rc : HMAC_SIGN_BAD_REQUEST;
	}
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, secret, secret_len);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)canon, n);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof st);
	return HMAC_SIGN_OK;
}

enum hmac_sign_rc hmac_sign_compute(const struct hmac_sign_request *r, const uint8_t *secret,
                                    size_t secret_len, char sig[HMAC_SIGN_HEX])
{
	unsigned char m[crypto_auth_hmacsha256_BYTES];
	enum hmac_sign_rc rc = mac(r, secret, secret_len, m);
	if (rc != HMAC_SIGN_OK) {
		sig[0] = '\0';
		return rc;
	}
	sodium_bin2hex(sig, HMAC_SIGN_HEX, m, sizeof m);
	return HMAC_SIGN_OK;
}

void hmac_sign_nonce(char out[33])
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char b[32];
	randombytes_buf(b, sizeof b);
	for (size_t i = 0; i < 32; i++)
		out[i] = alphabet[b[i] & 63];
	out[32] = '\0';
}

/* 64 lower- or upper-case hex digits into 32 bytes. */
static bool hex32(const char *s, unsigned char out[32])
{
	if (strlen(s) != 64)
		return false;
	for (size_t i = 0; i < 32; i++) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + (size_t)k];
			int d = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			        : c >= 'A' && c <= 'F' ? c - 'A' + 10
			                               : -1;
			if (d < 0)
				return false;
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return true;
}

enum hmac_sign_rc hmac_sign_verify(const char *method, const char *target, const void *body,
                                   size_t body_len, const struct hmac_sign_headers *h,
                                   const struct hmac_sign_key *keys, size_t n_keys, int64_t now_s,
                                   int64_t window_s, int64_t *ts_out,
                                   const struct hmac_sign_key **key_out)
{
	if (!h->key || !*h->key || !h->timestamp || !*h->timestamp || !h->nonce || !*h->nonce ||
	    !h->signature || !*h->signature)
		return HMAC_SIGN_MISSING;
	if (!key_ok(h->key))
		return HMAC_SIGN_BAD_KEY;
	const struct hmac_sign_key *k = NULL;
	for (size_t i = 0; i < n_keys; i++)
		if (keys[i].id && !strcmp(keys[i].id, h->key))
			k = &keys[i];
	if (!k)
		return HMAC_SIGN_UNKNOWN_KEY;
	int64_t ts;
	if (!parse_ts(h->timestamp, &ts))
		return HMAC_SIGN_BAD_TIMESTAMP;
	if (ts < now_s - window_s || ts > now_s + window_s)
		return HMAC_SIGN_STALE;
	if (!nonce_ok(h->nonce))
		return HMAC_SIGN_BAD_NONCE;
	struct hmac_sign_request r = {.method = method,
	                              .target = target,
	                              .key = h->key,
	                              .timestamp = ts,
	                              .nonce = h->nonce,
	                              .body = body,
	                              .body_len = body_len};
	unsigned char want[crypto_auth_hmacsha256_BYTES], got[32];
	enum hmac_sign_rc rc = mac(&r, k->secret, k->secret_len, want);
	if (rc != HMAC_SIGN_OK)
		return rc;
	/* The comparison itself takes the same time wherever the first difference is. */
	bool parsed = hex32(h->signature, got);
	if (!parsed)
		memset(got, 0, sizeof got);
	int diff = sodium_memcmp(want, got, sizeof want);
	sodium_memzero(want, sizeof want);
	if (!parsed || diff != 0)
		return HMAC_SIGN_BAD_SIGNATURE;
	if (ts_out)
		*ts_out = ts;
	if (key_out)
		*key_out = k;
	return HMAC_SIGN_OK;
}

/* ---- replay guard ---- */

void hmac_replay_init(struct hmac_replay *r, struct hmac_replay_entry *entries, size_t n_buckets,
                      const uint8_t hash_key[16])
{
	r->entries = entries;
	r->n_buckets = n_buckets;
	memcpy(r->hash_key, hash_key, sizeof r->hash_key);
	memset(entries, 0, n_buckets * HMAC_REPLAY_WAYS * sizeof *entries);
}

enum hmac_sign_rc hmac_replay_admit(struct hmac_replay *r, const char *key, const char *nonce,
                                    int64_t ts, int64_t now_s, int64_t window_s)
{
	if (!r->n_buckets)
		return HMAC_SIGN_REPLAY_FULL;
	/* key '\0' nonce: key ids hold no NUL, so distinct pairs hash distinct inputs. */
	uint8_t tag[16];
	crypto_generichash_state st;
	crypto_generichash_init(&st, r->hash_key, sizeof r->hash_key, sizeof tag);
	crypto_generichash_update(&st, (const unsigned char *)key, strlen(key) + 1);
	crypto_generichash_update(&st, (const unsigned char *)nonce, strlen(nonce));
	crypto_generichash_final(&st, tag, sizeof tag);
	uint64_t h = 0;
	memcpy(&h, tag, sizeof h);
	struct hmac_replay_entry *b = r->entries + (h % r->n_buckets) * HMAC_REPLAY_WAYS;
	struct hmac_replay_entry *room = NULL;
	for (size_t i = 0; i < HMAC_REPLAY_WAYS; i++) {
		bool live = b[i].until_s != 0 && b[i].until_s >= now_s;
		if (live && !memcmp(b[i].tag, tag, sizeof tag))
			return HMAC_SIGN_REPLAYED;
		if (!live && !room)
			room = &b[i];
	}
	if (!room)
		return HMAC_SIGN_REPLAY_FULL;
	memcpy(room->tag, tag, sizeof tag);
	/* After ts + window the request is stale anyway, so the entry is no longer needed. */
	room->until_s = ts + window_s;
	if (room->until_s < now_s)
		room->until_s = now_s;
	return HMAC_SIGN_OK;
}
