/* recovery_intake.c — the deposit-recovery form (recovery.h): the amount diagnosis and the
 * per-field checks. Addresses, memos and transaction ids are judged by address.h and txid.h;
 * this file decides which field an answer belongs to, maps "empty" to "required", flags
 * secrets, and keeps the form's order. recovery.c holds the classifier. */
#include "core/recovery.h"

#include <string.h>

#include "util/utf8.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned clamp_decimals(int decimals)
{
	return decimals < 0 || decimals > RECOVERY_DECIMALS_MAX ? RECOVERY_DECIMALS_MAX
	                                                        : (unsigned)decimals;
}

static unsigned __int128 pow10_u128(unsigned n)
{
	unsigned __int128 v = 1;
	while (n--)
		v *= 10;
	return v;
}

/* ------------------------------------------------------------------ amounts */

struct code_text {
	const char *code, *text;
};

static const struct code_text amount_rcs[] = {
    [RECOVERY_AMOUNT_OK] = {"ok", "a valid amount"},
    [RECOVERY_AMOUNT_EMPTY] = {"required", "no amount given"},
    [RECOVERY_AMOUNT_TOO_LONG] = {"too_long", "far too long for an amount"},
    [RECOVERY_AMOUNT_BAD_UTF8] = {"bad_utf8", "not valid text (invalid UTF-8)"},
    [RECOVERY_AMOUNT_NON_ASCII] = {"non_ascii",
                                   "use the digits 0-9 (no full-width or other digits)"},
    [RECOVERY_AMOUNT_NEGATIVE] = {"amount_negative", "the amount cannot be negative"},
    [RECOVERY_AMOUNT_EXPONENT] = {"amount_exponent",
                                  "write the amount in full, without an exponent (1e5)"},
    [RECOVERY_AMOUNT_COMMA] = {"amount_comma",
                               "no thousands separators; use a point before the decimals"},
    [RECOVERY_AMOUNT_BAD_CHAR] = {"amount_bad_char", "only digits and one decimal point"},
    [RECOVERY_AMOUNT_BAD_FORMAT] = {"amount_bad_format", "not a number"},
    [RECOVERY_AMOUNT_ZERO] = {"amount_zero", "the amount must be more than zero"},
    [RECOVERY_AMOUNT_TOO_MANY_DECIMALS] = {"amount_too_many_decimals",
                                           "more decimal places than this asset has"},
    [RECOVERY_AMOUNT_TOO_LARGE] = {"amount_too_large", "the amount is too large"},
};

const char *recovery_amount_strerror(enum recovery_amount_rc rc)
{
	if ((unsigned)rc >= sizeof amount_rcs / sizeof amount_rcs[0])
		return "invalid amount";
	return amount_rcs[rc].text;
}

const char *recovery_amount_rc_code(enum recovery_amount_rc rc)
{
	if ((unsigned)rc >= sizeof amount_rcs / sizeof amount_rcs[0])
		return "unknown";
	return amount_rcs[rc].code;
}

/* The diagnosis reads the whole text first and reports the most telling mistake: a sign before
 * anything else, then an exponent, a comma, any other stray character, and only then the shape. */
enum recovery_amount_rc recovery_amount_parse(const char *s, size_t len, int decimals,
                                              struct amount *out)
{
	unsigned dec = clamp_decimals(decimals);
	size_t n = s == NULL ? 0 : len, points = 0, int_sig = 0, frac_end = 0, frac_n = 0;
	const char *p = address_trim(s, &n);
	bool exponent = false, comma = false, bad = false, seen_digit = false;
	unsigned __int128 v = 0;

	memset(out, 0, sizeof *out);
	if (n == 0)
		return RECOVERY_AMOUNT_EMPTY;
	if (n > RECOVERY_AMOUNT_MAX)
		return RECOVERY_AMOUNT_TOO_LONG;
	if (!utf8_valid(p, n, true))
		return RECOVERY_AMOUNT_BAD_UTF8;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return RECOVERY_AMOUNT_NON_ASCII;
	if (p[0] == '-')
		return RECOVERY_AMOUNT_NEGATIVE;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (is_digit(c))
			seen_digit = true;
		else if (c == '.')
			points++;
		else if ((c == 'e' || c == 'E') && seen_digit)
			exponent = true;
		else if (c == ',')
			comma = true;
		else
			bad = true;
	}
	if (exponent)
		return RECOVERY_AMOUNT_EXPONENT;
	if (comma)
		return RECOVERY_AMOUNT_COMMA;
	if (bad)
		return RECOVERY_AMOUNT_BAD_CHAR;
	if (points > 1 || !seen_digit)
		return RECOVERY_AMOUNT_BAD_FORMAT;

	/* Digits before the point, leading zeros dropped; after it, up to the last non-zero. */
	size_t i = 0;
	for (; i < n && p[i] != '.'; i++) {
		if (int_sig == 0 && p[i] == '0')
			continue;
		if (++int_sig > AMOUNT_INT_DIGITS)
			return RECOVERY_AMOUNT_TOO_LARGE;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	size_t frac_start = i + 1;
	for (size_t k = frac_start; k < n; k++)
		if (p[k] != '0')
			frac_end = k + 1;
	if (frac_end > frac_start)
		frac_n = frac_end - frac_start;
	if (frac_n > dec)
		return RECOVERY_AMOUNT_TOO_MANY_DECIMALS;
	for (size_t k = 0; k < frac_n; k++)
		v = v * 10 + (unsigned)(p[frac_start + k] - '0');
	v *= pow10_u128((unsigned)(AMOUNT_SCALE - frac_n));
	if (v == 0)
		return RECOVERY_AMOUNT_ZERO;
	out->units = (__int128)v;
	return RECOVERY_AMOUNT_OK;
}

/* ------------------------------------------------------------------ intake */

static const char *const field_names[RECOVERY_F_COUNT] = {
    [RECOVERY_F_ASSET] = "asset",   [RECOVERY_F_NETWORK] = "network",
    [RECOVERY_F_TXID] = "txid",     [RECOVERY_F_ADDRESS] = "address",
    [RECOVERY_F_MEMO] = "memo",     [RECOVERY_F_MEMO_USED] = "memo_used",
    [RECOVERY_F_AMOUNT] = "amount", [RECOVERY_F_SENDER] = "sender",
    [RECOVERY_F_NOTE] = "note",
};

const char *recovery_field_name(enum recovery_field f)
{
	return (unsigned)f < RECOVERY_F_COUNT ? field_names[f] : NULL;
}

static void add_error(struct recovery_intake_errors *err, enum recovery_field f, const char *code,
                      const char *message, bool secret)
{
	struct recovery_field_error *e = &err->error[err->n++];
	e->field = f;
	e->code = code;
	e->message = message;
	e->secret = secret;
}

static void add_warning(struct recovery_intake_errors *err, enum recovery_field f, const char *code,
                        const char *message)
{
	struct recovery_field_error *e = &err->warning[err->n_warnings++];
	e->field = f;
	e->code = code;
	e->message = message;
	e->secret = false;
}

/* A recovery phrase or private key pasted into a free-text field (memo, note). The address
 * module already knows both shapes: a phrase of BIP-39 word shapes whatever its length, a WIF
 * or extended private key only when its checksum holds, so ordinary text is never flagged. */
static enum address_rc secret_in(const char *s, size_t n)
{
	struct address_result r;
	enum address_rc rc = address_check(ADDRESS_NET_BTC, s, n, NULL, 0, &r);
	return rc == ADDRESS_SEED_PHRASE || rc == ADDRESS_PRIVATE_KEY ? rc : ADDRESS_OK;
}

static bool add_secret(struct recovery_intake_errors *err, enum recovery_field f, const char *s,
                       size_t n)
{
	enum address_rc rc = secret_in(s, n);
	if (rc == ADDRESS_OK)
		return false;
	add_error(err, f, address_rc_code(rc), address_strerror(rc), true);
	return true;
}

static void check_asset(const struct recovery_intake *in, struct recovery_intake_clean *out,
                        struct recovery_intake_errors *err)
{
	size_t n = in->asset == NULL ? 0 : in->asset_len;
	const char *s = address_trim(in->asset, &n);

	if (n == 0)
		return add_error(err, RECOVERY_F_ASSET, "required", "no asset given", false);
	if (n > RECOVERY_ASSET_MAX)
		return add_error(err, RECOVERY_F_ASSET, "too_long", "far too long for a ticker",
		                 false);
	if (!utf8_valid(s, n, true))
		return add_error(err, RECOVERY_F_ASSET, "bad_utf8",
		                 "not valid text (invalid UTF-8)", false);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return add_error(err, RECOVERY_F_ASSET, "non_ascii",
			                 "the ticker as the exchange lists it, in Latin letters",
			                 false);
	/* Tickers keep their case ("sUSD" is not "SUSD") and may carry a bridge suffix. */
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && (i == 0 || (s[i] != '.' && s[i] != '-' && s[i] != '_')))
			return add_error(err, RECOVERY_F_ASSET, "asset_bad_char",
			                 "a ticker has letters, digits and . - _ only", false);
	memcpy(out->asset, s, n);
	out->asset[n] = '\0';
	out->asset_len = n;
}

static void address_error(struct recovery_intake_errors *err, enum recovery_field f,
                          enum address_rc rc)
{
	bool secret = rc == ADDRESS_SEED_PHRASE || rc == ADDRESS_PRIVATE_KEY;
	if (rc == ADDRESS_EMPTY)
		add_error(err, f, "required", address_strerror(rc), false);
	else
		add_error(err, f, address_rc_code(rc), address_strerror(rc), secret);
}

static void memo_error(struct recovery_intake_errors *err, enum recovery_field f,
                       enum address_memo_rc rc)
{
	if (rc == ADDRESS_MEMO_MISSING)
		add_error(err, f, "required", address_memo_strerror(rc), false);
	else if (rc == ADDRESS_MEMO_UNEXPECTED)
		add_warning(err, f, address_memo_rc_code(rc), address_memo_strerror(rc));
	else if (rc != ADDRESS_MEMO_OK)
		add_error(err, f, address_memo_rc_code(rc), address_memo_strerror(rc), false);
}

static void check_network_fields(const struct recovery_intake *in,
                                 struct recovery_intake_clean *out,
                                 struct recovery_intake_errors *err)
{
	enum address_network net = out->net;
	enum txid_rc trc;
	enum address_rc arc;

	trc = txid_check(net, in->txid, in->txid == NULL ? 0 : in->txid_len, &out->txid);
	if (trc == TXID_EMPTY)
		add_error(err, RECOVERY_F_TXID, "required", txid_strerror(trc), false);
	else if (trc != TXID_OK)
		add_error(err, RECOVERY_F_TXID, txid_rc_code(trc), txid_strerror(trc), false);

	/* The memo is checked with the address, so an X-address that carries the tag needs none. */
	arc = address_check(net, in->address, in->address == NULL ? 0 : in->address_len, in->memo,
	                    in->memo == NULL ? 0 : in->memo_len, &out->address);
	if (arc != ADDRESS_OK)
		address_error(err, RECOVERY_F_ADDRESS, arc);
	else if (out->address.flags & ADDRESS_FLAG_NO_CHECKSUM)
		add_warning(err, RECOVERY_F_ADDRESS, "no_checksum",
		            "written in one case only, so it carries no checksum: check it twice");
	if (!add_secret(err, RECOVERY_F_MEMO, in->memo, in->memo == NULL ? 0 : in->memo_len))
		memo_error(err, RECOVERY_F_MEMO, out->address.memo_rc);

	if (!add_secret(err, RECOVERY_F_MEMO_USED, in->memo_used,
	                in->memo_used == NULL ? 0 : in->memo_used_len)) {
		enum address_memo_rc mrc = address_memo_check(
		    net, in->memo_used, in->memo_used == NULL ? 0 : in->memo_used_len,
		    out->memo_used, &out->memo_used_len);
		if (mrc != ADDRESS_MEMO_MISSING) /* optional: none was sent */
			memo_error(err, RECOVERY_F_MEMO_USED, mrc);
	}

	arc = address_check(net, in->sender, in->sender == NULL ? 0 : in->sender_len, NULL, 0,
	                    &out->sender);
	if (arc != ADDRESS_OK)
		address_error(err, RECOVERY_F_SENDER, arc);
}

static void check_note(const struct recovery_intake *in, struct recovery_intake_clean *out,
                       struct recovery_intake_errors *err)
{
	size_t n = in->note == NULL ? 0 : in->note_len;
	const char *s = address_trim(in->note, &n);

	if (n == 0)
		return;
	if (n > RECOVERY_NOTE_MAX)
		return add_error(err, RECOVERY_F_NOTE, "too_long", "the note is too long", false);
	if (!utf8_valid(s, n, true))
		return add_error(err, RECOVERY_F_NOTE, "bad_utf8", "not valid text (invalid UTF-8)",
		                 false);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			return add_error(err, RECOVERY_F_NOTE, "bad_char",
			                 "contains control characters", false);
	}
	if (add_secret(err, RECOVERY_F_NOTE, s, n))
		return;
	out->note = s;
	out->note_len = n;
}

size_t recovery_intake_normalize(const struct recovery_intake *in,
                                 struct recovery_intake_clean *out,
                                 struct recovery_intake_errors *err)
{
	enum recovery_amount_rc amrc;
	bool have_net;

	memset(out, 0, sizeof *out);
	memset(err, 0, sizeof *err);
	out->net = ADDRESS_NET_COUNT;
	check_asset(in, out, err);

	size_t n = in->network == NULL ? 0 : in->network_len;
	const char *s = address_trim(in->network, &n);
	have_net = n > 0 && address_network_parse(s, n, &out->net);
	if (n == 0)
		add_error(err, RECOVERY_F_NETWORK, "required", "no network given", false);
	else if (!have_net)
		add_error(err, RECOVERY_F_NETWORK, "network_unknown",
		          "not a network this desk knows", false);
	if (have_net)
		check_network_fields(in, out, err);

	amrc = recovery_amount_parse(in->amount, in->amount == NULL ? 0 : in->amount_len,
	                             in->asset_decimals, &out->amount);
	if (amrc != RECOVERY_AMOUNT_OK)
		add_error(err, RECOVERY_F_AMOUNT, recovery_amount_rc_code(amrc),
		          recovery_amount_strerror(amrc), false);
	check_note(in, out, err);

	/* Checks ran in form order except the amount, which comes after the memos: sort. */
	for (size_t i = 1; i < err->n; i++)
		for (size_t k = i; k > 0 && err->error[k - 1].field > err->error[k].field; k--) {
			struct recovery_field_error t = err->error[k];
			err->error[k] = err->error[k - 1];
			err->error[k - 1] = t;
		}
	return err->n;
}

size_t recovery_intake_check(const struct recovery_intake *in, struct recovery_intake_errors *err)
{
	struct recovery_intake_clean clean;
	return recovery_intake_normalize(in, &clean, err);
}
