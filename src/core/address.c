/* address.c — see address.h; the rules and where each comes from: docs/internals/addresses.md.
 *
 * Shape: one table row per network (code, parser, memo rule); the parsers, one per format
 * family, live in address_formats.c. This file owns what every network shares: the reasons,
 * input hygiene, memos, and the entry points that reset, dispatch and clean up.
 *
 * Input hygiene runs before any format is tried, so every parser sees printable ASCII without
 * spaces. Checks that cost nothing and protect users come first: a pasted recovery phrase is
 * refused with its own reason (private keys are caught by the Base58 parsers, which can verify
 * their checksum), so the caller can drop it instead of storing a secret in a ticket. */
#include "core/address.h"

#include <string.h>

#include "core/address_formats.h"
#include "util/utf8.h"

/* ------------------------------------------------------------------ reasons */

struct rc_info {
	const char *code, *text;
};

static const struct rc_info rc_infos[] = {
    [ADDRESS_OK] = {"ok", "valid address"},
    [ADDRESS_EMPTY] = {"empty", "no address given"},
    [ADDRESS_TOO_LONG] = {"too_long", "far too long for an address"},
    [ADDRESS_BAD_UTF8] = {"bad_utf8", "not valid text (invalid UTF-8)"},
    [ADDRESS_NON_ASCII] = {"non_ascii", "contains non-Latin, full-width or invisible characters"},
    [ADDRESS_INNER_SPACE] = {"inner_space", "contains spaces or control characters"},
    [ADDRESS_BAD_CHAR] = {"bad_char", "contains a character this address format never uses"},
    [ADDRESS_BAD_LENGTH] = {"bad_length", "wrong length for this network's addresses"},
    [ADDRESS_BAD_PREFIX] = {"bad_prefix", "missing or wrong prefix for this network"},
    [ADDRESS_BAD_VERSION] = {"bad_version", "an address type this network does not have"},
    [ADDRESS_BAD_CHECKSUM] = {"bad_checksum",
                              "checksum does not match: a character was mistyped or changed"},
    [ADDRESS_MIXED_CASE] = {"mixed_case", "mixes upper and lower case letters"},
    [ADDRESS_BAD_HRP] = {"bad_hrp", "prefix of another network or address type"},
    [ADDRESS_BAD_WITNESS_VERSION] = {"bad_witness_version", "unknown segwit version"},
    [ADDRESS_BAD_PROGRAM_LENGTH] = {"bad_program_length",
                                    "wrong witness program length for its version"},
    [ADDRESS_WRONG_VARIANT] = {"wrong_bech32_variant",
                               "wrong checksum variant (Bech32 vs Bech32m) for its version"},
    [ADDRESS_BAD_PADDING] = {"bad_padding", "malformed data part"},
    [ADDRESS_BAD_WORKCHAIN] = {"bad_workchain", "unknown TON workchain"},
    [ADDRESS_UNSUPPORTED] = {"unsupported", "an address form that is not supported here"},
    [ADDRESS_BAD_TAG] = {"bad_tag", "destination tag out of range"},
    [ADDRESS_TESTNET] = {"testnet", "a testnet address, not a mainnet one"},
    [ADDRESS_PRIVATE_KEY] = {"private_key",
                             "this is a private key, not an address: never share it"},
    [ADDRESS_SEED_PHRASE] = {"seed_phrase", "this looks like a recovery phrase: never share it"},
    [ADDRESS_UNKNOWN_NETWORK] = {"unknown_network", "unknown network"},
    [ADDRESS_NO_SPACE] = {"no_space", "output buffer too small"},
};

const char *address_strerror(enum address_rc rc)
{
	if ((unsigned)rc >= sizeof rc_infos / sizeof rc_infos[0])
		return "unknown address error";
	return rc_infos[rc].text;
}

const char *address_rc_code(enum address_rc rc)
{
	if ((unsigned)rc >= sizeof rc_infos / sizeof rc_infos[0])
		return "unknown";
	return rc_infos[rc].code;
}

static const struct rc_info memo_infos[] = {
    [ADDRESS_MEMO_OK] = {"ok", "valid"},
    [ADDRESS_MEMO_MISSING] = {"memo_missing",
                              "this network needs a memo or tag for exchange deposits"},
    [ADDRESS_MEMO_UNEXPECTED] = {"memo_unexpected", "this network has no memo; it is ignored"},
    [ADDRESS_MEMO_TOO_LONG] = {"memo_too_long", "memo too long"},
    [ADDRESS_MEMO_BAD_UTF8] = {"memo_bad_utf8", "memo is not valid text"},
    [ADDRESS_MEMO_BAD_CHAR] = {"memo_bad_char", "memo contains characters it cannot have"},
    [ADDRESS_MEMO_OUT_OF_RANGE] = {"memo_out_of_range", "tag larger than 4294967295"},
    [ADDRESS_MEMO_CONFLICT] = {"memo_conflict",
                               "differs from the destination tag inside the X-address"},
};

const char *address_memo_strerror(enum address_memo_rc rc)
{
	if ((unsigned)rc >= sizeof memo_infos / sizeof memo_infos[0])
		return "unknown memo error";
	return memo_infos[rc].text;
}

const char *address_memo_rc_code(enum address_memo_rc rc)
{
	if ((unsigned)rc >= sizeof memo_infos / sizeof memo_infos[0])
		return "unknown";
	return memo_infos[rc].code;
}

/* ------------------------------------------------------------------ input hygiene */

/* Invisible code points that ride along at the ends of copied text. */
static const char *const invisible[] = {
    "\xe2\x80\x8b", /* U+200B zero width space */
    "\xe2\x80\x8e", /* U+200E left-to-right mark */
    "\xe2\x80\x8f", /* U+200F right-to-left mark */
    "\xe2\x81\xa0", /* U+2060 word joiner */
    "\xef\xbb\xbf", /* U+FEFF byte order mark */
};

static size_t invisible_at(const char *s, size_t n, bool at_end)
{
	for (size_t i = 0; i < sizeof invisible / sizeof invisible[0]; i++) {
		size_t k = strlen(invisible[i]);
		if (n >= k && memcmp(at_end ? s + n - k : s, invisible[i], k) == 0)
			return k;
	}
	return 0;
}

const char *address_trim(const char *s, size_t *len)
{
	size_t n = *len, k;

	if (s == NULL) {
		*len = 0;
		return "";
	}
	for (;;) {
		size_t before = n;
		s = utf8_trim(s, &n);
		while ((k = invisible_at(s, n, false)) > 0) {
			s += k;
			n -= k;
		}
		while ((k = invisible_at(s, n, true)) > 0)
			n -= k;
		if (n == before)
			break;
	}
	*len = n;
	return s;
}

/* 12, 15, 18, 21 or 24 words of 3..8 lower-case ASCII letters: BIP-39's English word list has
 * exactly these shapes. Nothing else an address field receives does. */
static bool looks_like_seed_phrase(const char *s, size_t n)
{
	size_t words = 0, wlen = 0;

	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? s[i] : ' ';
		if (c >= 'a' && c <= 'z') {
			wlen++;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (wlen == 0)
				continue;
			if (wlen < 3 || wlen > 8)
				return false;
			words++;
			wlen = 0;
		} else {
			return false;
		}
	}
	return words >= 12 && words <= 24 && words % 3 == 0;
}

/* Trims, then refuses what no address can be; *s, *n get the text every validator sees. */
static enum address_rc clean_input(const char *text, size_t len, const char **s, size_t *n,
                                   unsigned *flags)
{
	size_t m = text == NULL ? 0 : len;
	const char *p = address_trim(text, &m);

	if (m != len)
		*flags |= ADDRESS_FLAG_TRIMMED;
	*s = p;
	*n = m;
	if (m == 0)
		return ADDRESS_EMPTY;
	if (!utf8_valid(p, m, true))
		return ADDRESS_BAD_UTF8;
	if (looks_like_seed_phrase(p, m))
		return ADDRESS_SEED_PHRASE;
	if (m > ADDRESS_TEXT_MAX)
		return ADDRESS_TOO_LONG;
	for (size_t i = 0; i < m; i++)
		if ((unsigned char)p[i] >= 0x80)
			return ADDRESS_NON_ASCII;
	for (size_t i = 0; i < m; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] == 0x7f)
			return ADDRESS_INNER_SPACE;
	return ADDRESS_OK;
}

/* ------------------------------------------------------------------ the network table */

typedef enum address_rc (*check_fn)(enum address_network net, const char *s, size_t n,
                                    struct address_result *out);

struct net_info {
	const char *code;
	check_fn check;
	enum address_memo_kind memo;
	bool evm;
};

static const struct net_info nets[ADDRESS_NET_COUNT] = {
    [ADDRESS_NET_BTC] = {"BTC", address_parse_utxo, ADDRESS_MEMO_NONE, false},
    [ADDRESS_NET_ETH] = {"ETH", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_BSC] = {"BSC", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_POLYGON] = {"POLYGON", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_ARBITRUM] = {"ARBITRUM", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_OPTIMISM] = {"OPTIMISM", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_BASE] = {"BASE", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_AVAXC] = {"AVAXC", address_parse_evm, ADDRESS_MEMO_NONE, true},
    [ADDRESS_NET_TRON] = {"TRON", address_parse_tron, ADDRESS_MEMO_NONE, false},
    [ADDRESS_NET_SOLANA] = {"SOL", address_parse_solana, ADDRESS_MEMO_NONE, false},
    [ADDRESS_NET_XRP] = {"XRP", address_parse_xrp, ADDRESS_MEMO_TAG32, false},
    [ADDRESS_NET_LTC] = {"LTC", address_parse_utxo, ADDRESS_MEMO_NONE, false},
    [ADDRESS_NET_DOGE] = {"DOGE", address_parse_utxo, ADDRESS_MEMO_NONE, false},
    [ADDRESS_NET_TON] = {"TON", address_parse_ton, ADDRESS_MEMO_TEXT, false},
    [ADDRESS_NET_ATOM] = {"ATOM", address_parse_cosmos, ADDRESS_MEMO_TEXT, false},
};

struct net_alias {
	const char *name;
	enum address_network net;
};

/* Upper case; matched after folding the input's ASCII letters. */
static const struct net_alias aliases[] = {
    {"BITCOIN", ADDRESS_NET_BTC},
    {"ERC20", ADDRESS_NET_ETH},
    {"ETHEREUM", ADDRESS_NET_ETH},
    {"BEP20", ADDRESS_NET_BSC},
    {"BNB SMART CHAIN", ADDRESS_NET_BSC},
    {"MATIC", ADDRESS_NET_POLYGON},
    {"POL", ADDRESS_NET_POLYGON},
    {"ARB", ADDRESS_NET_ARBITRUM},
    {"ARBITRUM ONE", ADDRESS_NET_ARBITRUM},
    {"OP", ADDRESS_NET_OPTIMISM},
    {"AVAX C-CHAIN", ADDRESS_NET_AVAXC},
    {"AVAX-C", ADDRESS_NET_AVAXC},
    {"TRX", ADDRESS_NET_TRON},
    {"TRC20", ADDRESS_NET_TRON},
    {"SOLANA", ADDRESS_NET_SOLANA},
    {"SPL", ADDRESS_NET_SOLANA},
    {"RIPPLE", ADDRESS_NET_XRP},
    {"LITECOIN", ADDRESS_NET_LTC},
    {"DOGECOIN", ADDRESS_NET_DOGE},
    {"TONCOIN", ADDRESS_NET_TON},
    {"COSMOS", ADDRESS_NET_ATOM},
    {"COSMOS HUB", ADDRESS_NET_ATOM},
};

const char *address_network_code(enum address_network net)
{
	return (unsigned)net < ADDRESS_NET_COUNT ? nets[net].code : NULL;
}

static bool equal_upper(const char *s, size_t len, const char *name)
{
	if (strlen(name) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != name[i])
			return false;
	}
	return true;
}

bool address_network_parse(const char *s, size_t len, enum address_network *net)
{
	if (s == NULL)
		return false;
	s = address_trim(s, &len);
	for (int i = 0; i < ADDRESS_NET_COUNT; i++)
		if (equal_upper(s, len, nets[i].code)) {
			*net = (enum address_network)i;
			return true;
		}
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (equal_upper(s, len, aliases[i].name)) {
			*net = aliases[i].net;
			return true;
		}
	return false;
}

enum address_memo_kind address_memo_kind(enum address_network net)
{
	return (unsigned)net < ADDRESS_NET_COUNT ? nets[net].memo : ADDRESS_MEMO_NONE;
}

bool address_same_format(enum address_network a, enum address_network b)
{
	if ((unsigned)a >= ADDRESS_NET_COUNT || (unsigned)b >= ADDRESS_NET_COUNT)
		return false;
	return a == b || (nets[a].evm && nets[b].evm);
}

/* ------------------------------------------------------------------ memos */

static enum address_memo_rc memo_tag32(const char *s, size_t n, char *out, size_t *out_len)
{
	uint64_t v = 0;
	size_t i = 0, digits;

	for (size_t k = 0; k < n; k++)
		if (s[k] < '0' || s[k] > '9')
			return ADDRESS_MEMO_BAD_CHAR;
	while (i + 1 < n && s[i] == '0')
		i++; /* "007" is tag 7: what the sender's wallet would send */
	digits = n - i;
	if (digits > 10)
		return ADDRESS_MEMO_OUT_OF_RANGE;
	for (size_t k = i; k < n; k++)
		v = v * 10 + (uint64_t)(s[k] - '0');
	if (v > 0xffffffffu)
		return ADDRESS_MEMO_OUT_OF_RANGE;
	memcpy(out, s + i, digits);
	out[digits] = '\0';
	*out_len = digits;
	return ADDRESS_MEMO_OK;
}

static enum address_memo_rc memo_text(const char *s, size_t n, char *out, size_t *out_len)
{
	if (!utf8_valid(s, n, true))
		return ADDRESS_MEMO_BAD_UTF8;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return ADDRESS_MEMO_BAD_CHAR;
		/* C1 controls U+0080..U+009F: 0xc2 0x80..0x9f in UTF-8. */
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] < 0xa0)
			return ADDRESS_MEMO_BAD_CHAR;
	}
	memcpy(out, s, n);
	out[n] = '\0';
	*out_len = n;
	return ADDRESS_MEMO_OK;
}

enum address_memo_rc address_memo_check(enum address_network net, const char *memo, size_t len,
                                        char out[ADDRESS_MEMO_MAX + 1], size_t *out_len)
{
	enum address_memo_kind kind = address_memo_kind(net);
	size_t n = memo == NULL ? 0 : len;
	const char *s = address_trim(memo, &n);

	out[0] = '\0';
	*out_len = 0;
	if (n == 0)
		return kind == ADDRESS_MEMO_NONE ? ADDRESS_MEMO_OK : ADDRESS_MEMO_MISSING;
	if (kind == ADDRESS_MEMO_NONE)
		return ADDRESS_MEMO_UNEXPECTED;
	if (n > ADDRESS_MEMO_MAX)
		return ADDRESS_MEMO_TOO_LONG;
	if (kind == ADDRESS_MEMO_TAG32)
		return memo_tag32(s, n, out, out_len);
	return memo_text(s, n, out, out_len);
}

/* An X-address may carry the tag itself: then a memo is optional but must agree with it. */
static void memo_merge_x_tag(struct address_result *out)
{
	char tag[11];
	size_t n = 0;
	uint32_t v = out->tag;

	do {
		tag[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	for (size_t i = 0; i < n / 2; i++) {
		char c = tag[i];
		tag[i] = tag[n - 1 - i];
		tag[n - 1 - i] = c;
	}
	if (out->memo_rc == ADDRESS_MEMO_MISSING) {
		memcpy(out->memo, tag, n);
		out->memo[n] = '\0';
		out->memo_len = n;
		out->memo_rc = ADDRESS_MEMO_OK;
	} else if (out->memo_rc == ADDRESS_MEMO_OK &&
	           (out->memo_len != n || memcmp(out->memo, tag, n) != 0)) {
		out->memo_rc = ADDRESS_MEMO_CONFLICT;
	}
}

/* ------------------------------------------------------------------ entry points */

static void result_reset(struct address_result *out, enum address_network net)
{
	memset(out, 0, sizeof *out);
	out->net = net;
	out->witness_version = -1;
}

/* On failure nothing half-decoded is left for a caller to trust by mistake. */
static enum address_rc result_finish(struct address_result *out, enum address_rc rc)
{
	out->rc = rc;
	if (rc != ADDRESS_OK && rc != ADDRESS_TESTNET) {
		unsigned flags = out->flags & ADDRESS_FLAG_TRIMMED;
		enum address_network net = out->net;
		enum address_memo_rc memo_rc = out->memo_rc;
		char memo[ADDRESS_MEMO_MAX + 1];
		size_t memo_len = out->memo_len;
		memcpy(memo, out->memo, memo_len + 1);
		result_reset(out, net);
		out->rc = rc;
		out->flags = flags;
		out->memo_rc = memo_rc;
		memcpy(out->memo, memo, memo_len + 1);
		out->memo_len = memo_len;
	}
	return rc;
}

enum address_rc address_check(enum address_network net, const char *text, size_t len,
                              const char *memo, size_t memo_len, struct address_result *out)
{
	const char *s;
	size_t n;
	enum address_rc rc;

	result_reset(out, net);
	if ((unsigned)net >= ADDRESS_NET_COUNT)
		return result_finish(out, ADDRESS_UNKNOWN_NETWORK);
	out->memo_rc = address_memo_check(net, memo, memo_len, out->memo, &out->memo_len);
	rc = clean_input(text, len, &s, &n, &out->flags);
	if (rc == ADDRESS_OK)
		rc = nets[net].check(net, s, n, out);
	if ((rc == ADDRESS_OK || rc == ADDRESS_TESTNET) && (out->flags & ADDRESS_FLAG_HAS_TAG))
		memo_merge_x_tag(out);
	return result_finish(out, rc);
}

enum address_rc address_utxo_decode(enum address_network net, enum address_chain chain,
                                    const char *text, size_t len, struct address_result *out)
{
	const char *s;
	size_t n;
	enum address_rc rc;

	result_reset(out, net);
	if (net != ADDRESS_NET_BTC && net != ADDRESS_NET_LTC && net != ADDRESS_NET_DOGE)
		return result_finish(out, ADDRESS_UNKNOWN_NETWORK);
	if ((unsigned)chain > ADDRESS_CHAIN_REGTEST)
		return result_finish(out, ADDRESS_UNKNOWN_NETWORK);
	rc = clean_input(text, len, &s, &n, &out->flags);
	if (rc == ADDRESS_OK)
		rc = address_parse_utxo_chain(net, chain, s, n, out);
	return result_finish(out, rc);
}

uint32_t address_networks_for(const char *text, size_t len)
{
	struct address_result r;
	uint32_t bits = 0;

	for (int i = 0; i < ADDRESS_NET_COUNT; i++)
		if (address_check((enum address_network)i, text, len, NULL, 0, &r) == ADDRESS_OK)
			bits |= ADDRESS_NET_BIT(i);
	return bits;
}
