/* test_hmac_sign.c — request signing (core/hmac_sign.h): the canonical string byte for byte,
 * signatures against vectors computed independently with the shell and OpenSSL, the time
 * window at its edges, every tampered part refused, the replay guard.
 *
 * The vectors were made with (S = the secret, BODY = the body bytes):
 *   c=$(printf 'EXDESK1-HMAC-SHA256\n%s\n%s\n%s\n%s\n%s\n%s' METHOD TARGET KEY TS NONCE \
 *        "$(printf '%s' "$BODY" | sha256sum | cut -d' ' -f1)")
 *   printf '%s' "$c" | openssl dgst -sha256 -hmac "$S"                                        */
#include <ctype.h>
#include <sodium.h>

#include "core/hmac_sign.h"
#include "unit_main.h"

#define SECRET     "test-api-secret-0123456789abcdef0123"
#define EMPTY_HASH "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define CJK_BODY   "{\"reason\":\"补发充值\",\"amount\":\"249\"}"

static const uint8_t *sec(const char *s)
{
	return (const uint8_t *)s;
}

struct vector {
	const char *method, *target, *key;
	int64_t ts;
	const char *nonce, *body, *secret, *body_hash, *sig;
};

static char long_secret[101];

static const struct vector vectors[] = {
    {"GET", "/v1/users/10000001", "exdesk", 1767225600, "0123456789abcdefABCD", "", SECRET,
     EMPTY_HASH, "5287f26136e45d0232c8909f126d8b468aaf1f7135320b071412e90d53c2ce7a"},
    {"POST", "/v1/deposits/credit", "exdesk", 1767225601, "nonce_with-dash_0001", CJK_BODY, SECRET,
     "5aa52199c3f23776e27d88056efb390bbf8ce38651fcbe00c8d5f8ceda56ee16",
     "a198ac87babad66a4a8d1a3767dd4863d18bf9096fcc7a267eb648655f722f06"},
    {"GET", "/v1/users/10000001/trades?limit=5&before=1795365483737-2", "exdesk", 1767225602,
     "AAAAAAAAAAAAAAAA", "", SECRET, EMPTY_HASH,
     "122d72104d75386383881993b082f19158e43fc27b754ddcd66fd202b7023a74"},
    /* A 100-byte secret: longer than the SHA-256 block, so HMAC hashes the key first. */
    {"POST", "/exdesk/webhooks/exchange", "demo-exchange", 1767225603,
     "ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "{\"id\":\"evt_1\",\"type\":\"withdrawal.pending\"}",
     long_secret, "3bcea2462ed8d13538e4565d0daf0e1c9a4d2c2b80afbd5d28212e6103db3e0a",
     "7caf96d6f9525832bdbc8c442e08d069f04cfdfaf14e6517885af948bdb290ad"},
};
#define N_VECTORS ((int)(sizeof vectors / sizeof vectors[0]))

static struct hmac_sign_request req_of(const struct vector *v)
{
	return (struct hmac_sign_request){v->method, v->target, v->key,         v->ts,
	                                  v->nonce,  v->body,   strlen(v->body)};
}

START_TEST(vector_signature)
{
	const struct vector *v = &vectors[_i];
	struct hmac_sign_request r = req_of(v);
	char sig[HMAC_SIGN_HEX];
	ck_assert_int_eq(hmac_sign_compute(&r, sec(v->secret), strlen(v->secret), sig),
	                 HMAC_SIGN_OK);
	ck_assert_str_eq(sig, v->sig);
	char bh[HMAC_SIGN_HEX];
	hmac_sign_body_hash(v->body, strlen(v->body), bh);
	ck_assert_str_eq(bh, v->body_hash);
}
END_TEST

START_TEST(vector_verifies)
{
	const struct vector *v = &vectors[_i];
	char ts[24];
	snprintf(ts, sizeof ts, "%lld", (long long)v->ts);
	struct hmac_sign_headers h = {v->key, ts, v->nonce, v->sig};
	struct hmac_sign_key k = {v->key, sec(v->secret), strlen(v->secret)};
	int64_t got_ts = 0;
	const struct hmac_sign_key *got_key = NULL;
	ck_assert_int_eq(hmac_sign_verify(v->method, v->target, v->body, strlen(v->body), &h, &k, 1,
	                                  v->ts + 10, HMAC_SIGN_WINDOW_S, &got_ts, &got_key),
	                 HMAC_SIGN_OK);
	ck_assert_int_eq(got_ts, v->ts);
	ck_assert_ptr_eq(got_key, &k);
	/* Upper-case hex is the same signature. */
	char upper[HMAC_SIGN_HEX];
	for (size_t i = 0; i < 65; i++)
		upper[i] = (char)toupper((unsigned char)v->sig[i]);
	h.signature = upper;
	ck_assert_int_eq(hmac_sign_verify(v->method, v->target, v->body, strlen(v->body), &h, &k, 1,
	                                  v->ts, HMAC_SIGN_WINDOW_S, NULL, NULL),
	                 HMAC_SIGN_OK);
}
END_TEST

START_TEST(canonical_string_bytes)
{
	struct hmac_sign_request r = req_of(&vectors[0]);
	char out[HMAC_SIGN_CANONICAL_MAX];
	size_t n = hmac_sign_canonical(&r, out, sizeof out);
	const char *want = "EXDESK1-HMAC-SHA256\nGET\n/v1/users/10000001\nexdesk\n1767225600\n"
	                   "0123456789abcdefABCD\n" EMPTY_HASH;
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_str_eq(out, want);
	/* Too small a buffer: nothing, not a truncated string that would sign something else. */
	ck_assert_uint_eq(hmac_sign_canonical(&r, out, n), 0);
	ck_assert_uint_eq(hmac_sign_canonical(&r, out, n + 1), n);
}
END_TEST

/* ---- the window ---- */

static enum hmac_sign_rc verify_at(int64_t signed_at, int64_t now)
{
	struct hmac_sign_request r = {
	    "GET", "/v1/networks", "exdesk", signed_at, "window-nonce-000001", NULL, 0};
	char sig[HMAC_SIGN_HEX], ts[24];
	hmac_sign_compute(&r, sec(SECRET), strlen(SECRET), sig);
	snprintf(ts, sizeof ts, "%lld", (long long)signed_at);
	struct hmac_sign_headers h = {"exdesk", ts, r.nonce, sig};
	struct hmac_sign_key k = {"exdesk", sec(SECRET), strlen(SECRET)};
	return hmac_sign_verify("GET", "/v1/networks", NULL, 0, &h, &k, 1, now, HMAC_SIGN_WINDOW_S,
	                        NULL, NULL);
}

START_TEST(window_edges)
{
	int64_t now = 1767225600;
	ck_assert_int_eq(verify_at(now, now), HMAC_SIGN_OK);
	ck_assert_int_eq(verify_at(now - 300, now), HMAC_SIGN_OK);
	ck_assert_int_eq(verify_at(now + 300, now), HMAC_SIGN_OK);
	ck_assert_int_eq(verify_at(now - 301, now), HMAC_SIGN_STALE);
	ck_assert_int_eq(verify_at(now + 301, now), HMAC_SIGN_STALE);
	ck_assert_int_eq(verify_at(now - 86400, now), HMAC_SIGN_STALE);
	ck_assert_int_eq(verify_at(0, now), HMAC_SIGN_STALE);
}
END_TEST

/* ---- tampering ---- */

struct signed_req {
	struct hmac_sign_request r;
	char sig[HMAC_SIGN_HEX], ts[24];
	struct hmac_sign_key k;
};

static void sign_credit(struct signed_req *s)
{
	s->r = req_of(&vectors[1]);
	hmac_sign_compute(&s->r, sec(SECRET), strlen(SECRET), s->sig);
	snprintf(s->ts, sizeof s->ts, "%lld", (long long)s->r.timestamp);
	s->k = (struct hmac_sign_key){"exdesk", sec(SECRET), strlen(SECRET)};
}

static enum hmac_sign_rc verify_parts(const struct signed_req *s, const char *method,
                                      const char *target, const char *body,
                                      const struct hmac_sign_headers *h)
{
	return hmac_sign_verify(method, target, body, strlen(body), h, &s->k, 1, s->r.timestamp,
	                        HMAC_SIGN_WINDOW_S, NULL, NULL);
}

START_TEST(tampered_parts_refused)
{
	struct signed_req s;
	sign_credit(&s);
	struct hmac_sign_headers h = {"exdesk", s.ts, s.r.nonce, s.sig};
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_OK);
	/* the body: one byte, a byte added, the amount, the body gone */
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target,
	                              "{\"reason\":\"补发充值\",\"amount\":\"250\"}", &h),
	                 HMAC_SIGN_BAD_SIGNATURE);
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY " ", &h),
	                 HMAC_SIGN_BAD_SIGNATURE);
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, "", &h), HMAC_SIGN_BAD_SIGNATURE);
	/* the path, the query, the method */
	ck_assert_int_eq(verify_parts(&s, "POST", "/v1/deposits/credit?x=1", CJK_BODY, &h),
	                 HMAC_SIGN_BAD_SIGNATURE);
	ck_assert_int_eq(verify_parts(&s, "POST", "/v1/compensations", CJK_BODY, &h),
	                 HMAC_SIGN_BAD_SIGNATURE);
	ck_assert_int_eq(verify_parts(&s, "PUT", s.r.target, CJK_BODY, &h),
	                 HMAC_SIGN_BAD_SIGNATURE);
	/* the timestamp (still inside the window) and the nonce */
	struct hmac_sign_headers h2 = h;
	char ts2[24];
	snprintf(ts2, sizeof ts2, "%lld", (long long)s.r.timestamp + 1);
	h2.timestamp = ts2;
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h2),
	                 HMAC_SIGN_BAD_SIGNATURE);
	h2 = h;
	h2.nonce = "nonce_with-dash_0002";
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h2),
	                 HMAC_SIGN_BAD_SIGNATURE);
	/* the signature: one digit flipped, cut short, not hex */
	char bad[HMAC_SIGN_HEX];
	memcpy(bad, s.sig, sizeof bad);
	bad[10] = bad[10] == '0' ? '1' : '0';
	h2 = h;
	h2.signature = bad;
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h2),
	                 HMAC_SIGN_BAD_SIGNATURE);
	bad[10] = s.sig[10];
	bad[63] = '\0';
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h2),
	                 HMAC_SIGN_BAD_SIGNATURE);
	memcpy(bad, s.sig, sizeof bad);
	bad[0] = 'g';
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h2),
	                 HMAC_SIGN_BAD_SIGNATURE);
}
END_TEST

START_TEST(wrong_secret_and_key)
{
	struct signed_req s;
	sign_credit(&s);
	struct hmac_sign_headers h = {"exdesk", s.ts, s.r.nonce, s.sig};
	const char *other = "another-secret-of-enough-length-000000";
	struct hmac_sign_key k2 = {"exdesk", sec(other), strlen(other)};
	ck_assert_int_eq(hmac_sign_verify("POST", s.r.target, CJK_BODY, strlen(CJK_BODY), &h, &k2,
	                                  1, s.r.timestamp, HMAC_SIGN_WINDOW_S, NULL, NULL),
	                 HMAC_SIGN_BAD_SIGNATURE);
	h.key = "exdesk2";
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_UNKNOWN_KEY);
	h.key = "exdesk key";
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_BAD_KEY);
	/* Two keys: the one named is used. */
	struct hmac_sign_key keys[2] = {k2, s.k};
	h.key = "exdesk";
	keys[0].id = "old";
	ck_assert_int_eq(hmac_sign_verify("POST", s.r.target, CJK_BODY, strlen(CJK_BODY), &h, keys,
	                                  2, s.r.timestamp, HMAC_SIGN_WINDOW_S, NULL, NULL),
	                 HMAC_SIGN_OK);
}
END_TEST

START_TEST(malformed_headers)
{
	struct signed_req s;
	sign_credit(&s);
	struct hmac_sign_headers ok = {"exdesk", s.ts, s.r.nonce, s.sig}, h;
	const char *bad_ts[] = {"",     "-1767225601", "+1767225601",   "1767225601.0",
	                        "0x69", "1767225601 ", "1234567890123", "١٧٦٧٢٢٥٦٠١"};
	for (size_t i = 0; i < sizeof bad_ts / sizeof bad_ts[0]; i++) {
		h = ok;
		h.timestamp = bad_ts[i];
		ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h),
		                 i == 0 ? HMAC_SIGN_MISSING : HMAC_SIGN_BAD_TIMESTAMP);
	}
	const char *bad_nonce[] = {
	    "short",
	    "0123456789abcde",
	    "nonce with spaces 01",
	    "nonce/with/slashes01",
	    "nonce+with+plus00001",
	    "0123456789012345678901234567890123456789012345678901234567890123X"};
	for (size_t i = 0; i < sizeof bad_nonce / sizeof bad_nonce[0]; i++) {
		h = ok;
		h.nonce = bad_nonce[i];
		ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h),
		                 HMAC_SIGN_BAD_NONCE);
	}
	h = ok;
	h.signature = NULL;
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_MISSING);
	h = ok;
	h.key = NULL;
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_MISSING);
	h = ok;
	h.nonce = "";
	ck_assert_int_eq(verify_parts(&s, "POST", s.r.target, CJK_BODY, &h), HMAC_SIGN_MISSING);
	/* A target with a space or a newline could smuggle a line into the canonical string. */
	ck_assert_int_eq(verify_parts(&s, "POST", "/v1/deposits/credit\nexdesk", CJK_BODY, &ok),
	                 HMAC_SIGN_BAD_REQUEST);
	ck_assert_int_eq(verify_parts(&s, "POST", "/v1/a b", CJK_BODY, &ok), HMAC_SIGN_BAD_REQUEST);
	ck_assert_int_eq(verify_parts(&s, "post", s.r.target, CJK_BODY, &ok),
	                 HMAC_SIGN_BAD_REQUEST);
	ck_assert_int_eq(verify_parts(&s, "POST", "v1/deposits/credit", CJK_BODY, &ok),
	                 HMAC_SIGN_BAD_REQUEST);
}
END_TEST

START_TEST(secret_bounds)
{
	struct hmac_sign_request r = req_of(&vectors[0]);
	char sig[HMAC_SIGN_HEX];
	const char *short_secret = "0123456789abcdef0123456789abcde"; /* 31 bytes */
	ck_assert_int_eq(hmac_sign_compute(&r, sec(short_secret), 31, sig), HMAC_SIGN_BAD_SECRET);
	ck_assert_str_eq(sig, "");
	ck_assert_int_eq(hmac_sign_compute(&r, sec(SECRET), 32, sig), HMAC_SIGN_OK);
	static uint8_t big[HMAC_SIGN_SECRET_MAX + 1];
	ck_assert_int_eq(hmac_sign_compute(&r, big, sizeof big, sig), HMAC_SIGN_BAD_SECRET);
	ck_assert_int_eq(hmac_sign_compute(&r, big, sizeof big - 1, sig), HMAC_SIGN_OK);
}
END_TEST

START_TEST(nonce_shape)
{
	char a[33], b[33];
	hmac_sign_nonce(a);
	hmac_sign_nonce(b);
	ck_assert_uint_eq(strlen(a), 32);
	ck_assert_str_ne(a, b);
	struct hmac_sign_request r = req_of(&vectors[0]);
	r.nonce = a;
	ck_assert_int_eq(hmac_sign_check_fields(&r), HMAC_SIGN_OK);
}
END_TEST

/* ---- replay ---- */

START_TEST(replay_refused_within_window)
{
	static struct hmac_replay_entry e[4 * HMAC_REPLAY_WAYS];
	struct hmac_replay rp;
	uint8_t hk[16] = {1, 2, 3};
	hmac_replay_init(&rp, e, 4, hk);
	int64_t now = 1767225600;
	ck_assert_int_eq(hmac_replay_admit(&rp, "exdesk", "nonce-aaaaaaaaaaaa", now, now, 300),
	                 HMAC_SIGN_OK);
	ck_assert_int_eq(hmac_replay_admit(&rp, "exdesk", "nonce-aaaaaaaaaaaa", now, now + 1, 300),
	                 HMAC_SIGN_REPLAYED);
	ck_assert_int_eq(
	    hmac_replay_admit(&rp, "exdesk", "nonce-aaaaaaaaaaaa", now, now + 300, 300),
	    HMAC_SIGN_REPLAYED);
	/* Another key, same nonce: a different request. */
	ck_assert_int_eq(hmac_replay_admit(&rp, "other", "nonce-aaaaaaaaaaaa", now, now, 300),
	                 HMAC_SIGN_OK);
	/* After the window the entry is free again (the signature check refuses it by then). */
	ck_assert_int_eq(
	    hmac_replay_admit(&rp, "exdesk", "nonce-aaaaaaaaaaaa", now, now + 301, 300),
	    HMAC_SIGN_OK);
}
END_TEST

START_TEST(replay_full_bucket_refuses)
{
	/* One bucket: the 17th live nonce finds no room and is refused, never forgotten. */
	static struct hmac_replay_entry e[HMAC_REPLAY_WAYS];
	struct hmac_replay rp;
	uint8_t hk[16] = {9};
	hmac_replay_init(&rp, e, 1, hk);
	int64_t now = 1767225600;
	char nonce[40];
	for (int i = 0; i < HMAC_REPLAY_WAYS; i++) {
		snprintf(nonce, sizeof nonce, "full-bucket-nonce-%02d", i);
		ck_assert_int_eq(hmac_replay_admit(&rp, "exdesk", nonce, now, now, 300),
		                 HMAC_SIGN_OK);
	}
	ck_assert_int_eq(hmac_replay_admit(&rp, "exdesk", "full-bucket-nonce-99", now, now, 300),
	                 HMAC_SIGN_REPLAY_FULL);
	for (int i = 0; i < HMAC_REPLAY_WAYS; i++) {
		snprintf(nonce, sizeof nonce, "full-bucket-nonce-%02d", i);
		ck_assert_int_eq(hmac_replay_admit(&rp, "exdesk", nonce, now, now + 5, 300),
		                 HMAC_SIGN_REPLAYED);
	}
	/* Once they expire there is room again. */
	ck_assert_int_eq(
	    hmac_replay_admit(&rp, "exdesk", "full-bucket-nonce-99", now + 400, now + 400, 300),
	    HMAC_SIGN_OK);
}
END_TEST

START_TEST(verify_then_replay_end_to_end)
{
	/* What a receiver does: verify, then admit; the same request twice is refused once. */
	static struct hmac_replay_entry e[64 * HMAC_REPLAY_WAYS];
	struct hmac_replay rp;
	uint8_t hk[16] = {7};
	hmac_replay_init(&rp, e, 64, hk);
	struct signed_req s;
	sign_credit(&s);
	struct hmac_sign_headers h = {"exdesk", s.ts, s.r.nonce, s.sig};
	for (int round = 0; round < 2; round++) {
		int64_t ts;
		ck_assert_int_eq(hmac_sign_verify("POST", s.r.target, CJK_BODY, strlen(CJK_BODY),
		                                  &h, &s.k, 1, s.r.timestamp + 2,
		                                  HMAC_SIGN_WINDOW_S, &ts, NULL),
		                 HMAC_SIGN_OK);
		ck_assert_int_eq(hmac_replay_admit(&rp, h.key, h.nonce, ts, s.r.timestamp + 2,
		                                   HMAC_SIGN_WINDOW_S),
		                 round == 0 ? HMAC_SIGN_OK : HMAC_SIGN_REPLAYED);
	}
}
END_TEST

START_TEST(codes_are_stable)
{
	ck_assert_str_eq(hmac_sign_rc_code(HMAC_SIGN_MISSING), "unsigned_request");
	ck_assert_str_eq(hmac_sign_rc_code(HMAC_SIGN_STALE), "stale_request");
	ck_assert_str_eq(hmac_sign_rc_code(HMAC_SIGN_BAD_SIGNATURE), "bad_signature");
	ck_assert_str_eq(hmac_sign_rc_code(HMAC_SIGN_REPLAYED), "replayed_request");
	for (int rc = HMAC_SIGN_OK; rc <= HMAC_SIGN_BAD_SECRET; rc++) {
		const char *code = hmac_sign_rc_code(rc);
		ck_assert_uint_gt(strlen(code), 1);
		for (const char *p = code; *p; p++)
			ck_assert(*p == '_' || (*p >= 'a' && *p <= 'z'));
		ck_assert_uint_gt(strlen(hmac_sign_strerror(rc)), 10);
	}
}
END_TEST

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	memset(long_secret, 'k', 100);
	Suite *s = suite_create("hmac_sign");
	for (int i = 0; i < N_VECTORS; i++) {
		unit_add_case(s, unit_name("vector %d signature", i + 1), vector_signature, i);
		unit_add_case(s, unit_name("vector %d verifies", i + 1), vector_verifies, i);
	}
	UNIT_TEST(s, canonical_string_bytes);
	UNIT_TEST(s, window_edges);
	UNIT_TEST(s, tampered_parts_refused);
	UNIT_TEST(s, wrong_secret_and_key);
	UNIT_TEST(s, malformed_headers);
	UNIT_TEST(s, secret_bounds);
	UNIT_TEST(s, nonce_shape);
	UNIT_TEST(s, replay_refused_within_window);
	UNIT_TEST(s, replay_full_bucket_refuses);
	UNIT_TEST(s, verify_then_replay_end_to_end);
	UNIT_TEST(s, codes_are_stable);
	return unit_run(s, "hmac_sign");
}
