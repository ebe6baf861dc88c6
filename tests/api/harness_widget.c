/* harness_widget.c — the widget helpers of harness.h and the HMAC-SHA256 the tests compute on their
 * own (independent of the server's libsodium). Test-only code, nothing here is shared with src/. */
#include "harness.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* SHA-256 (FIPS 180-4), for the HMAC the exchange would compute. */
struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char blk[64];
	size_t n;
};

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha_block(struct sha256 *c, const unsigned char *b)
{
	uint32_t w[64], a, bb, cc, d, e, f, g, h;
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 |
		       (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], bb = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25);
		uint32_t ch = (e & f) ^ (~e & g);
		uint32_t t1 = h + s1 + ch + K256[i] + w[i];
		uint32_t s0 = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22);
		uint32_t maj = (a & bb) ^ (a & cc) ^ (bb & cc);
		uint32_t t2 = s0 + maj;
		h = g, g = f, f = e, e = d + t1, d = cc, cc = bb, bb = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += bb, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void sha_init(struct sha256 *c)
{
	static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
	                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	memcpy(c->h, iv, sizeof iv);
	c->len = 0;
	c->n = 0;
}

static void sha_update(struct sha256 *c, const void *data, size_t len)
{
	const unsigned char *p = data;
	c->len += len;
	while (len) {
		size_t k = 64 - c->n < len ? 64 - c->n : len;
		memcpy(c->blk + c->n, p, k);
		c->n += k;
		p += k;
		len -= k;
		if (c->n == 64) {
			sha_block(c, c->blk);
			c->n = 0;
		}
	}
}

static void sha_final(struct sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];
	sha_update(c, &pad, 1);
	while (c->n != 56)
		sha_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_update(c, lenb, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen, char out[65])
{
	unsigned char k[64] = {0}, ipad[64], opad[64], inner[32], mac[32];
	struct sha256 c;
	if (klen > 64) {
		sha_init(&c);
		sha_update(&c, key, klen);
		sha_final(&c, k);
	} else {
		memcpy(k, key, klen);
	}
	for (int i = 0; i < 64; i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	sha_init(&c);
	sha_update(&c, ipad, 64);
	sha_update(&c, msg, mlen);
	sha_final(&c, inner);
	sha_init(&c);
	sha_update(&c, opad, 64);
	sha_update(&c, inner, 32);
	sha_final(&c, mac);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", mac[i]);
	out[64] = 0;
}

void sha256_hex(const void *msg, size_t len, char out[65])
{
	struct sha256 c;
	unsigned char h[32];
	sha_init(&c);
	sha_update(&c, msg, len);
	sha_final(&c, h);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", h[i]);
	out[64] = 0;
}

/* ---- widget helpers ------------------------------------------------------------------------ */

struct resp *http_w(struct srv *s, const char *method, const char *path, const char *wtoken,
                    const char *json_body)
{
	char h[600];
	struct req rq = {.method = method, .path = path, .body = json_body};
	if (wtoken) {
		snprintf(h, sizeof h, "X-Widget-Token: %s", wtoken);
		rq.headers[0] = h;
	}
	return http_req(s, &rq);
}

struct resp *mk_widget_session(struct srv *s, const char *json_text, char *token_out)
{
	struct resp *r =
	    http(s, "POST", "/api/v1/widget/session", NULL, json_text ? json_text : "{}");
	const char *t = jstr(r->json, "token");
	if (r->status != 201 || !t) {
		checkd(false, rdesc(r), "setup: widget session %.80s",
		       json_text ? json_text : "{}");
		if (token_out)
			token_out[0] = 0;
		return NULL;
	}
	if (token_out)
		snprintf(token_out, 256, "%s", t);
	return r;
}
