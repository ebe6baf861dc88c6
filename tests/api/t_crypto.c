/* t_crypto — POST /api/v1/crypto/validate against the official address test vectors in
 * ../shared/data/crypto-vectors (BIP-173/350, Bitcoin Core key_io, EIP-55, TRON, Solana, XRP,
 * TON; see their README). Each vector must come back 200 {"valid": <as the vector says>,
 * "kind", "reason"}; an invalid one carries a reason. Unknown networks are 422.
 * The vectors are read where the project keeps them (EXDESK_VECTORS overrides the folder). */
#include "harness.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct srv S;
static char dir[512];

static json_t *load(const char *name)
{
	char path[700];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	if (!j)
		check(false, "test vectors %s load (%s)", path, e.text);
	return jkeep(j);
}

struct tally {
	int n, wrong;
	char example[400];
};

/* One vector: does the server's verdict match? */
static void one(struct tally *t, const char *network, const char *field, const char *value,
                bool want)
{
	json_t *b = json_object();
	json_object_set_new(b, "network", json_string(network));
	json_object_set_new(b, field, json_string(value));
	struct resp *r = httpj(&S, "POST", "/api/v1/crypto/validate", S.token, b);
	json_t *v = jget(r->json, "valid");
	bool ok = r->status == 200 && json_is_boolean(v) && json_is_true(v) == want &&
	          jstr(r->json, "kind");
	if (ok && !want) {
		const char *reason = jstr(r->json, "reason");
		ok = reason && *reason;
	}
	t->n++;
	if (!ok) {
		t->wrong++;
		if (!t->example[0])
			snprintf(t->example, sizeof t->example,
			         "%s %s \"%.80s\" want valid=%s, got %s", network, field, value,
			         want ? "true" : "false", rdesc(r));
	}
	resp_free(r);
}

static void report(struct tally *t, const char *what)
{
	checkd(t->n > 0 && t->wrong == 0, t->example,
	       "%s: %d of %d vectors judged as the vector says", what, t->n - t->wrong, t->n);
}

static void flip_case(char *s)
{
	for (; *s; s++)
		if (isalpha((unsigned char)*s))
			*s = (char)(islower((unsigned char)*s) ? toupper((unsigned char)*s)
			                                       : tolower((unsigned char)*s));
}

static void test_btc(void)
{
	json_t *k = load("bitcoin_key_io.json");
	struct tally valid = {0}, invalid = {0}, flipped = {0};
	json_t *cases = jget(k, "cases");
	for (size_t i = 0; i < json_array_size(cases); i++) {
		json_t *c = json_array_get(cases, i);
		const char *s = jstr(c, "string"), *chain = jstr(c, "chain");
		if (!s || !*s || !chain)
			continue;
		if (!strcmp(chain, "main") && json_is_true(jget(c, "valid"))) {
			one(&valid, "BTC", "address", s, true);
			char f[256];
			snprintf(f, sizeof f, "%s", s);
			flip_case(f);
			one(&flipped, "BTC", "address", f, json_is_true(jget(c, "try_case_flip")));
		} else if (!strcmp(chain, "any") && json_is_false(jget(c, "valid"))) {
			one(&invalid, "BTC", "address", s, false);
		}
	}
	report(&valid, "BTC mainnet addresses from Bitcoin Core key_io are valid");
	report(&flipped, "BTC: case-flipped bech32 stays valid, case-flipped base58 is rejected");
	report(&invalid, "BTC: Bitcoin Core key_io invalid strings are rejected");

	json_t *b = load("bech32.json");
	struct tally segv = {0}, segi = {0};
	json_t *va = jget(b, "valid_address");
	for (size_t i = 0; i < json_array_size(va); i++) {
		json_t *c = json_array_get(va, i);
		const char *a = jstr(c, "address"), *hrp = jstr(c, "hrp");
		if (!a || !hrp || strcmp(hrp, "bc"))
			continue;
		/* the address kinds an exchange takes: v0 (bc1q) and taproot (v1, 32 bytes) */
		bool v0 = !strncasecmp(a, "bc1q", 4),
		     taproot = !strncasecmp(a, "bc1p", 4) && strlen(a) == 62;
		if (v0 || taproot)
			one(&segv, "BTC", "address", a, true);
	}
	json_t *ia = jget(b, "invalid_address");
	for (size_t i = 0; i < json_array_size(ia); i++) {
		const char *a = jstr(json_array_get(ia, i), "address");
		if (a && *a)
			one(&segi, "BTC", "address", a, false);
	}
	report(&segv, "BTC: BIP-173/350 segwit v0 and taproot addresses are valid");
	report(&segi, "BTC: BIP-173/350 invalid segwit addresses are rejected");
}

static void test_evm(void)
{
	json_t *e = load("eip55.json");
	struct tally eth = {0}, bsc = {0}, bad = {0};
	json_t *cases = jget(e, "cases");
	for (size_t i = 0; i < json_array_size(cases); i++) {
		json_t *c = json_array_get(cases, i);
		const char *a = jstr(c, "address"), *cat = jstr(c, "category");
		if (!a || !cat)
			continue;
		/* un-checksummed all-lower/all-upper: accepted (with a warning, CRYPTO-DOMAIN.md)
		 */
		bool want = json_is_true(jget(c, "valid_lenient"));
		if (!strcmp(cat, "bad_checksum")) {
			one(&bad, "ETH", "address", a, false);
			one(&bad, "BSC", "address", a, false);
		} else {
			one(&eth, "ETH", "address", a, want);
			one(&bsc, "BSC", "address", a, want);
		}
	}
	report(&eth, "ETH: EIP-55 checksummed and un-checksummed addresses accepted");
	report(&bsc, "BSC: the same 0x addresses accepted");
	report(&bad, "ETH/BSC: a wrong EIP-55 mixed-case checksum is rejected");
	struct tally shape = {0};
	one(&shape, "ETH", "address", "0x52908400098527886E0F7030069857D2E4169EE",
	    false); /* 39 hex */
	one(&shape, "ETH", "address", "0x52908400098527886E0F7030069857D2E4169EE77",
	    false); /* 41 hex */
	one(&shape, "ETH", "address", "52908400098527886E0F7030069857D2E4169EE7",
	    false); /* no 0x */
	one(&shape, "ETH", "address", "0xZ2908400098527886E0F7030069857D2E4169EE7", false);
	one(&shape, "ETH", "txid",
	    "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944b", true);
	one(&shape, "ETH", "txid",
	    "0x88df016429689c079f3b2f6ad39fa052532c56795b733da78a91ebe6a713944", false);
	report(&shape, "ETH: wrong lengths, missing 0x, non-hex and tx hash shapes");
}

static void test_others(void)
{
	json_t *t = load("tron.json");
	struct tally tron = {0};
	for (size_t i = 0; i < json_array_size(jget(t, "cases")); i++) {
		json_t *c = json_array_get(jget(t, "cases"), i);
		if (jstr(c, "address") && *jstr(c, "address"))
			one(&tron, "TRX", "address", jstr(c, "address"),
			    json_is_true(jget(c, "valid")));
	}
	report(&tron, "TRX: TRON base58check addresses judged per the vectors");

	json_t *so = load("solana.json");
	struct tally sol = {0};
	for (size_t i = 0; i < json_array_size(jget(so, "cases")); i++) {
		json_t *c = json_array_get(jget(so, "cases"), i);
		if (jstr(c, "address") && *jstr(c, "address"))
			one(&sol, "SOL", "address", jstr(c, "address"),
			    json_is_true(jget(c, "valid")));
	}
	report(&sol, "SOL: Solana addresses judged per the vectors");

	json_t *x = load("xrp.json");
	struct tally xrp = {0};
	for (size_t i = 0; i < json_array_size(jget(x, "classic_addresses")); i++) {
		json_t *c = json_array_get(jget(x, "classic_addresses"), i);
		if (jstr(c, "address") && *jstr(c, "address"))
			one(&xrp, "XRP", "address", jstr(c, "address"),
			    json_is_true(jget(c, "valid")));
	}
	report(&xrp, "XRP: classic addresses judged per the vectors");

	json_t *to = load("ton.json");
	struct tally ton = {0};
	for (size_t i = 0; i < json_array_size(jget(to, "user_friendly")); i++) {
		json_t *c = json_array_get(jget(to, "user_friendly"), i);
		const char *a = jstr(c, "user_friendly");
		if (!a || json_is_true(jget(
		              c, "testnet_only"))) /* testnet-only on mainnet: not settled here */
			continue;
		one(&ton, "TON", "address", a, json_is_true(jget(c, "valid")));
	}
	report(&ton, "TON: user-friendly addresses (CRC16) judged per the vectors");
}

static void test_unknown_network(void)
{
	const char *nets[] = {"BTC", "ETH", "BSC",  "TRX", "SOL",
	                      "XRP", "LTC", "DOGE", "TON", "ATOM"};
	int answered = 0;
	for (int i = 0; i < 10; i++) {
		struct resp *r =
		    httpj(&S, "POST", "/api/v1/crypto/validate", S.token,
		          jpack("{s:s,s:s}", "network", nets[i], "address", "not-an-address"));
		answered += r->status == 200 && json_is_false(jget(r->json, "valid"));
	}
	check(answered == 10,
	      "all ten documented networks are known (a junk address is valid:false, not 422): %d "
	      "of 10",
	      answered);
	char *fp = db_fingerprint(&S, NULL);
	struct resp *r = httpj(&S, "POST", "/api/v1/crypto/validate", S.token,
	                       jpack("{s:s,s:s}", "network", "DOGECOIN_CLASSIC", "address", "x"));
	check_error(r, 422, "invalid_value", "network", "an unknown network is 422 invalid_value");
	check_unchanged(&S, fp, NULL, "validation stores nothing");
}

int main(void)
{
	h_init(180);
	const char *d = getenv("EXDESK_VECTORS");
	snprintf(dir, sizeof dir, "%s", d && *d ? d : "../shared/data/crypto-vectors");
	srv_start(&S);
	test_unknown_network();
	test_btc();
	test_evm();
	test_others();
	return h_finish();
}
