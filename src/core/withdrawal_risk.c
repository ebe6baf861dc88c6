/* withdrawal_risk.c — see withdrawal_risk.h; the rules and their sources are in
 * docs/internals/withdrawal-risk.md.
 *
 * One pass over each part of the context. The destination is validated and put in its compared
 * form first; every context address of the same format family is then validated once and is
 * either the destination itself (which makes it known, or tells how it first arrived) or a
 * candidate lookalike. The rules that only matter when the money can reach a stranger (cooldown,
 * new device or country, amount) hold for a new destination and only warn for a known one: an
 * intruder gains nothing by sending the user's funds to the user's own settled address.
 *
 * Nothing here allocates: the result is the caller's, explanations are written into its fixed
 * buffers, and the amount samples and Levenshtein rows sit on the stack (about 18 KiB). */
#include "core/withdrawal_risk.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/clock.h"
#include "util/utf8.h"

/* ------------------------------------------------------------------ names */

/* A table lookup, NULL outside it: the names are part of the API and the stored audit trail. */
#define NAME_OF(table, i) ((unsigned)(i) < sizeof(table) / sizeof(table)[0] ? (table)[i] : NULL)

const char *wr_security_kind_code(enum wr_security_kind k)
{
	static const char *const names[WR_SEC_KIND_COUNT] = {
	    "password", "2fa", "email", "phone", "anti_phishing", "recovery"};
	return NAME_OF(names, k);
}

/* How an explanation names each kind of change. */
static const char *security_kind_text(enum wr_security_kind k)
{
	static const char *const texts[] = {
	    "password",     "two-factor authentication", "email address",
	    "phone number", "anti-phishing code",        "account (recovered through support)"};
	return NAME_OF(texts, k);
}

const char *wr_strerror(enum wr_err e)
{
	static const char *const texts[] = {
	    [WR_OK] = "evaluated",
	    [WR_ERR_INPUT] = "incomplete input: missing withdrawal, network or request time",
	    [WR_ERR_TOO_MANY] = "user context larger than the engine's limits",
	    [WR_ERR_AMOUNT] = "the amount is not a plain decimal that fits the asset's precision",
	};
	const char *t = NAME_OF(texts, e);
	return t != NULL ? t : "unknown error";
}

const char *wr_code_name(enum wr_code c)
{
	static const char *const names[WR_HIT_CODE_COUNT] = {
	    [WR_HIT_SANCTIONS] = "sanctions_list",
	    [WR_HIT_SCAM_LIST] = "scam_list",
	    [WR_HIT_POISONING] = "address_poisoning",
	    [WR_HIT_INVALID_ADDRESS] = "invalid_address",
	    [WR_HIT_MEMO_CHANGED] = "memo_changed",
	    [WR_HIT_FIRST_TIME] = "first_time_address",
	    [WR_HIT_COOLDOWN] = "security_cooldown",
	    [WR_HIT_NEW_DEVICE] = "new_device",
	    [WR_HIT_NEW_COUNTRY] = "new_country",
	    [WR_HIT_AMOUNT] = "amount_above_history",
	    [WR_HIT_LARGE_NO_HISTORY] = "large_without_history",
	};
	return NAME_OF(names, c);
}

const char *wr_severity_name(enum wr_severity s)
{
	static const char *const names[] = {"warn", "hold", "hold_second"};
	return NAME_OF(names, s);
}

const char *wr_decision_name(enum wr_decision d)
{
	static const char *const names[] = {"allow", "hold", "hold_needs_second_approval"};
	return NAME_OF(names, d);
}

const char *wr_origin_name(enum wr_origin o)
{
	static const char *const names[] = {"address_book", "withdrawal", "deposit"};
	return NAME_OF(names, o);
}

/* ------------------------------------------------------------------ defaults */

void wr_rules_default(struct wr_rules *r)
{
	memset(r, 0, sizeof *r);
	r->poison_prefix = 4;
	r->poison_suffix = 4;
	r->poison_edit_max = 2;
	r->poison_near_affix = 2;
	r->dust_value = 100;
	r->book_settle_ms = 24 * WR_HOUR_MS;
	r->first_time_hold_value = 100000;
	r->cooldown_ms[WR_SEC_PASSWORD] = 24 * WR_HOUR_MS;
	r->cooldown_ms[WR_SEC_2FA] = 24 * WR_HOUR_MS;
	r->cooldown_ms[WR_SEC_EMAIL] = 48 * WR_HOUR_MS;
	r->cooldown_ms[WR_SEC_PHONE] = 48 * WR_HOUR_MS;
	r->cooldown_ms[WR_SEC_ANTI_PHISHING] = 24 * WR_HOUR_MS;
	r->cooldown_ms[WR_SEC_RECOVERY] = 72 * WR_HOUR_MS;
	r->new_device_ms = 24 * WR_HOUR_MS;
	r->new_country_ms = 24 * WR_HOUR_MS;
	r->amount_window_ms = 90 * WR_DAY_MS;
	r->amount_min_history = 5;
	r->amount_max_pct = 500;
	r->amount_p95_pct = 1000;
	r->large_value = 1000000;
}

/* ------------------------------------------------------------------ amounts */

bool wr_amount_parse(const char *s, size_t len, unsigned decimals, uint64_t *out)
{
	uint64_t v = 0;
	size_t frac = 0;
	bool dot = false;

	if (s == NULL || len == 0 || len > WR_AMOUNT_TEXT_MAX || decimals > WR_DECIMALS_MAX ||
	    s[0] == '.' || s[len - 1] == '.') /* ".5", "5." */
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned d = (unsigned)(s[i] - '0'); /* anything but a digit is over 9 */

		if (s[i] == '.' && !dot) {
			dot = true;
			continue;
		}
		/* not a digit, a second '.', or precision the minor unit cannot hold */
		if (d > 9 || (dot && ++frac > decimals && d != 0))
			return false;
		if (dot && frac > decimals)
			continue;
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	for (; frac < decimals; frac++) {
		if (v > UINT64_MAX / 10)
			return false;
		v *= 10;
	}
	*out = v;
	return true;
}

/* ------------------------------------------------------------------ explanations */

struct tb {
	char *p;
	size_t cap, len;
};

/* Appends; on overflow the text ends at the last whole UTF-8 character that fit. */
__attribute__((format(printf, 2, 3))) static void tb_add(struct tb *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->len + 1 >= t->cap)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < t->cap - t->len) {
		t->len += (size_t)n;
		return;
	}
	/* vsnprintf cut at cap - 1 bytes: drop the last character if it lost its tail. */
	size_t end = t->cap - 1, k = end;
	while (k > t->len && ((unsigned char)t->p[k - 1] & 0xc0) == 0x80)
		k--;
	if (k > t->len) {
		unsigned char lead = (unsigned char)t->p[k - 1];
		size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
		end = k - 1 + need > end ? k - 1 : end;
	}
	t->len = end;
	t->p[end] = '\0';
}

/* A user-supplied label or memo inside quotes, at most 60 bytes of it (cut between characters),
 * control characters as spaces; one that is not UTF-8 is left out rather than passed on. */
static void tb_label(struct tb *t, struct wr_str label)
{
	char buf[64];
	size_t n = 0;

	if (label.len == 0 || label.p == NULL) {
		tb_add(t, "(unnamed)");
		return;
	}
	if (!utf8_valid(label.p, label.len, false)) {
		tb_add(t, "(unreadable name)");
		return;
	}
	while (n < label.len && n < 60) {
		unsigned char c = (unsigned char)label.p[n];
		buf[n] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		n++;
	}
	bool cut = n < label.len;
	if (cut)
		while (n > 0 && ((unsigned char)label.p[n] & 0xc0) == 0x80)
			n--;
	buf[n] = '\0';
	tb_add(t, "\"%s%s\"", buf, cut ? "..." : "");
}

/* Pieces of explanations, each written into a caller's FMT_MAX buffer and returned, so one
 * tb_add can hold several. */
#define FMT_MAX 48

static const char *fmt_date(char *b, int64_t ms)
{
	clock_format_rfc3339(ms, b);
	return b;
}

/* "3 days 4 h", "5 h 12 min", "7 min", "under a minute". */
static const char *fmt_dur(char *b, int64_t ms)
{
	long long min = (long long)(ms / WR_MINUTE_MS), h = min / 60, d = h / 24;

	if (ms < WR_MINUTE_MS)
		snprintf(b, FMT_MAX, "under a minute");
	else if (d > 0)
		snprintf(b, FMT_MAX, "%lld day%s %lld h", d, d == 1 ? "" : "s", h % 24);
	else if (h > 0)
		snprintf(b, FMT_MAX, "%lld h %lld min", h, min % 60);
	else
		snprintf(b, FMT_MAX, "%lld min", min);
	return b;
}

/* Reference values are US cents. */
static const char *fmt_usd(char *b, int64_t cents)
{
	snprintf(b, FMT_MAX, "$%lld.%02lld", (long long)(cents / 100), (long long)(cents % 100));
	return b;
}

/* Minor units as a decimal with the request's precision: 150025 with 2 is "1500.25". */
static const char *fmt_units(char *b, uint64_t v, unsigned decimals)
{
	uint64_t scale = 1;

	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	if (decimals == 0)
		snprintf(b, FMT_MAX, "%llu", (unsigned long long)v);
	else
		snprintf(b, FMT_MAX, "%llu.%0*llu", (unsigned long long)(v / scale), (int)decimals,
		         (unsigned long long)(v % scale));
	return b;
}

/* ------------------------------------------------------------------ compared forms */

/* The text a person compares: the normalised address, except TON's user-friendly form, which
 * is re-encoded with the destination's flags so both read the way the user saw them. skip is
 * the fixed prefix every address of that type starts with ("0x", "T", "bc1q", the first
 * Base58 character, "EQ"), which a vanity generator gets for free and a glance ignores. */
struct form {
	char s[ADDRESS_NORMAL_MAX + 1];
	size_t len, skip;
	bool fold;
};

static bool make_form(const struct address_result *r, const struct address_result *dest,
                      struct form *f)
{
	memcpy(f->s, r->normalized, r->normalized_len + 1);
	f->len = r->normalized_len;
	f->skip = 0;
	f->fold = false;
	switch (r->kind) {
	case ADDRESS_KIND_EVM:
		f->skip = 2;
		f->fold = true; /* EIP-55 case is a checksum, not a different address */
		break;
	case ADDRESS_KIND_TRON:
	case ADDRESS_KIND_P2PKH:
	case ADDRESS_KIND_P2SH:
	case ADDRESS_KIND_XRP_CLASSIC:
	case ADDRESS_KIND_XRP_X:
		f->skip = 1;
		break;
	case ADDRESS_KIND_P2WPKH:
	case ADDRESS_KIND_P2WSH:
	case ADDRESS_KIND_P2TR:
	case ADDRESS_KIND_WITNESS_OTHER:
	case ADDRESS_KIND_COSMOS: {
		const char *sep = strrchr(f->s, '1');
		f->skip = sep != NULL ? (size_t)(sep - f->s) + 1 : 0;
		if (r->kind != ADDRESS_KIND_COSMOS && f->skip < f->len)
			f->skip++; /* the witness version character */
		f->fold = true;
		break;
	}
	case ADDRESS_KIND_TON_FRIENDLY:
	case ADDRESS_KIND_TON_RAW:
		if (dest->kind == ADDRESS_KIND_TON_FRIENDLY) {
			if (r->payload_len != 32 ||
			    address_ton_format(r->workchain, r->payload,
			                       (dest->flags & ADDRESS_FLAG_BOUNCEABLE) != 0,
			                       (dest->flags & ADDRESS_FLAG_TEST_ONLY) != 0,
			                       (dest->flags & ADDRESS_FLAG_URL_SAFE) != 0,
			                       f->s) != ADDRESS_OK)
				return false;
			f->len = strlen(f->s);
			f->skip = 2; /* tag and workchain */
		} else {
			const char *colon = strchr(f->s, ':');
			f->skip = colon != NULL ? (size_t)(colon - f->s) + 1 : 0;
			f->fold = true;
		}
		break;
	default:
		break;
	}
	return true;
}

static char fold_char(char c, bool fold)
{
	return fold && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Levenshtein distance of the compared parts, two rows, capped at cap + 1 (the caller only
 * cares whether it is small). */
static unsigned edit_distance(const char *a, size_t n, const char *b, size_t m, bool fold,
                              unsigned cap)
{
	unsigned row0[ADDRESS_NORMAL_MAX + 1], row1[ADDRESS_NORMAL_MAX + 1];
	unsigned *prev = row0, *cur = row1;

	for (size_t j = 0; j <= m; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		unsigned best = cur[0] = (unsigned)i;
		for (size_t j = 1; j <= m; j++) {
			unsigned sub =
			    prev[j - 1] + (fold_char(a[i - 1], fold) != fold_char(b[j - 1], fold));
			unsigned del = prev[j] + 1, ins = cur[j - 1] + 1;
			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			best = cur[j] < best ? cur[j] : best;
		}
		if (best > cap)
			return cap + 1;
		unsigned *t = prev;
		prev = cur;
		cur = t;
	}
	return prev[m] > cap ? cap + 1 : prev[m];
}

/* ------------------------------------------------------------------ the scan */

struct lookalike {
	bool found;
	enum wr_origin origin;
	size_t index, count;
	struct form form;
	unsigned prefix, suffix, distance;
	bool strong; /* by the shared ends, not (only) by the edit distance */
};

struct scan {
	const struct wr_input *in;
	const struct wr_rules *rules;
	struct address_result dest;
	struct form dform;
	bool known;
	/* The destination is a book entry younger than book_settle_ms (since book_new_at); it sent
	 * dust (first at dust_at: zero value, an unlisted token or worth at most dust_value); it
	 * sent a real deposit (first at deposit_at). */
	bool book_new, dust, deposit;
	int64_t book_new_at, dust_at, deposit_at;
	/* memos used with the destination before */
	bool memo_history, memo_seen;
	char prev_memo[ADDRESS_MEMO_MAX + 1];
	struct lookalike like;
	size_t skipped;
};

/* Is the context address r (of origin/index) a lookalike of the destination? Keeps the closest:
 * most characters shared at the ends, then fewest edits, then the first met (book, history,
 * deposits, each in input order), so equal inputs give equal answers. */
static void consider(struct scan *sc, const struct address_result *r, enum wr_origin origin,
                     size_t index)
{
	const struct wr_rules *ru = sc->rules;
	const struct form *d = &sc->dform;
	struct form c;
	size_t pre = 0, suf = 0, max;
	unsigned dist;

	if (!make_form(r, &sc->dest, &c) || c.skip != d->skip ||
	    strncmp(c.s, d->s, d->skip) != 0) /* "1..." is no lookalike of "bc1q..." */
		return;
	max = (c.len < d->len ? c.len : d->len) - d->skip;
	while (pre < max &&
	       fold_char(c.s[d->skip + pre], d->fold) == fold_char(d->s[d->skip + pre], d->fold))
		pre++;
	while (suf < max - pre && fold_char(c.s[c.len - 1 - suf], d->fold) ==
	                              fold_char(d->s[d->len - 1 - suf], d->fold))
		suf++;

	bool strong = ru->poison_prefix > 0 && ru->poison_suffix > 0 && pre >= ru->poison_prefix &&
	              suf >= ru->poison_suffix;
	bool near_ok =
	    ru->poison_edit_max > 0 && pre >= ru->poison_near_affix && suf >= ru->poison_near_affix;
	if (!strong && !near_ok)
		return;
	size_t ends = pre + suf, best = sc->like.prefix + sc->like.suffix;
	unsigned cap = ru->poison_edit_max;
	if (strong) {
		/* Already a lookalike; the distance only ranks it among equals, so no full
		 * Levenshtein is spent on one that cannot become the closest. */
		sc->like.count++;
		if (sc->like.found && (ends < best || (ends == best && sc->like.distance <= 1)))
			return;
		cap = sc->like.found && ends == best ? sc->like.distance - 1 : ADDRESS_NORMAL_MAX;
	}
	dist = edit_distance(d->s + d->skip, d->len - d->skip, c.s + c.skip, c.len - c.skip,
	                     d->fold, cap);
	if (dist > cap) /* near: too far to be a lookalike; strong: not closer than the best */
		return;
	if (!strong)
		sc->like.count++;
	if (sc->like.found && (ends < best || (ends == best && dist >= sc->like.distance)))
		return;
	sc->like.found = true;
	sc->like.origin = origin;
	sc->like.index = index;
	sc->like.form = c;
	sc->like.prefix = (unsigned)pre;
	sc->like.suffix = (unsigned)suf;
	sc->like.distance = dist;
	sc->like.strong = strong;
}

/* Validates a context address of the destination's family; false if it is of another family,
 * invalid (counted as skipped) or from after the request. */
static bool context_address(struct scan *sc, enum address_network net, struct wr_str addr,
                            struct wr_str memo, int64_t at, struct address_result *r)
{
	enum address_network dn = sc->in->net; /* one family: EVM chains among themselves */

	if (at > sc->in->requested_at ||
	    (net != dn && !(address_same_format(net, dn) && address_same_format(dn, net))))
		return false;
	if (address_check(net, addr.p, addr.p ? addr.len : 0, memo.p, memo.p ? memo.len : 0, r) !=
	    ADDRESS_OK) {
		sc->skipped++;
		return false;
	}
	return true;
}

static bool same_address(const struct scan *sc, const struct address_result *r)
{
	return r->normalized_len == sc->dest.normalized_len &&
	       memcmp(r->normalized, sc->dest.normalized, r->normalized_len) == 0;
}

static void note_memo(struct scan *sc, const struct address_result *r)
{
	if (r->memo_len == 0)
		return;
	if (!sc->memo_history)
		memcpy(sc->prev_memo, r->memo, r->memo_len + 1);
	sc->memo_history = true;
	if (r->memo_len == sc->dest.memo_len && memcmp(r->memo, sc->dest.memo, r->memo_len) == 0)
		sc->memo_seen = true;
}

static void scan_context(struct scan *sc)
{
	const struct wr_input *in = sc->in;
	struct address_result r;

	for (size_t i = 0; i < in->n_book; i++) {
		const struct wr_book_entry *e = &in->book[i];
		if (!context_address(sc, e->net, e->address, e->memo, e->added_at, &r))
			continue;
		if (!same_address(sc, &r)) {
			consider(sc, &r, WR_ORIGIN_BOOK, i);
			continue;
		}
		note_memo(sc, &r);
		if (in->requested_at - e->added_at >= sc->rules->book_settle_ms)
			sc->known = true;
		else if (!sc->book_new || e->added_at < sc->book_new_at) {
			sc->book_new = true;
			sc->book_new_at = e->added_at;
		}
	}
	for (size_t i = 0; i < in->n_history; i++) {
		const struct wr_past_withdrawal *h = &in->history[i];
		if (!context_address(sc, h->net, h->address, h->memo, h->at, &r))
			continue;
		if (!same_address(sc, &r)) {
			consider(sc, &r, WR_ORIGIN_HISTORY, i);
			continue;
		}
		note_memo(sc, &r);
		sc->known = true;
	}
	/* A sender counts as a counterparty only if it sent something real: the poisoner's own
	 * dust addresses must not make a genuine address look like their lookalike. */
	for (size_t i = 0; i < in->n_incoming; i++) {
		const struct wr_incoming_transfer *t = &in->incoming[i];
		bool dust = t->amount == 0 || t->unlisted_token ||
		            (t->value >= 0 && t->value <= sc->rules->dust_value);
		if (!context_address(sc, t->net, t->from, (struct wr_str){NULL, 0}, t->at, &r))
			continue;
		if (same_address(sc, &r)) {
			bool *seen = dust ? &sc->dust : &sc->deposit;
			int64_t *first = dust ? &sc->dust_at : &sc->deposit_at;
			if (!*seen || t->at < *first)
				*first = t->at;
			*seen = true;
		} else if (!dust) {
			consider(sc, &r, WR_ORIGIN_INCOMING, i);
		}
	}
}

/* ------------------------------------------------------------------ hits */

/* Each rule adds at most one hit, so the array never fills. */
_Static_assert(WR_MAX_HITS >= WR_HIT_CODE_COUNT, "one hit per code must fit");

static struct wr_hit *add_hit(struct wr_result *out, enum wr_code code, enum wr_severity sev,
                              int score, struct tb *t)
{
	struct wr_hit *h = &out->hits[out->n_hits++];

	*h = (struct wr_hit){.code = code, .severity = sev, .score = score};
	*t = (struct tb){h->text, sizeof h->text, 0};
	return h;
}

/* Takeover-type signals hold only when the money can reach someone new. */
static struct wr_hit *add_takeover_hit(struct wr_result *out, const struct scan *sc,
                                       enum wr_code code, int score, struct tb *t)
{
	return add_hit(out, code, sc->known ? WR_SEV_WARN : WR_SEV_HOLD, sc->known ? 10 : score, t);
}

static void tb_known_note(struct tb *t, const struct scan *sc)
{
	if (sc->known)
		tb_add(t, " The destination is a known address of this customer, so this is a "
		          "warning only.");
}

static void rule_list(struct scan *sc, struct wr_result *out)
{
	const struct scam_list_entry *e;
	struct wr_hit *h;
	struct tb t;

	if (sc->in->list == NULL)
		return;
	out->list_checked = true;
	e = scam_list_lookup(sc->in->list, sc->in->net, sc->dest.normalized,
	                     sc->dest.normalized_len);
	if (e == NULL)
		return;
	bool sanctions = e->category == SCAM_LIST_SANCTIONS;
	h = add_hit(out, sanctions ? WR_HIT_SANCTIONS : WR_HIT_SCAM_LIST, WR_SEV_HOLD_SECOND,
	            sanctions ? 100 : 90, &t);
	h->list_entry = e;
	out->compliance = sanctions;
	tb_add(&t, "The destination is on a %s list (%s, line %zu: ",
	       scam_list_category_code(e->category), e->source, e->line);
	tb_label(&t, (struct wr_str){e->label, strlen(e->label)});
	tb_add(&t, sanctions ? "). Do not release: this goes to compliance, and support cannot "
	                       "release it."
	                     : "). Ask the customer who gave them this address and why; "
	                       "releasing needs a second agent's approval.");
}

static void rule_poisoning(struct scan *sc, struct wr_result *out)
{
	const struct lookalike *lk = &sc->like;
	const struct wr_input *in = sc->in;
	char d[FMT_MAX];
	struct wr_hit *h;
	struct tb t;

	if (sc->known || !lk->found)
		return;
	h = add_hit(out, WR_HIT_POISONING, WR_SEV_HOLD_SECOND, sc->dust ? 90 : 70, &t);
	h->like_origin = lk->origin;
	h->like_index = lk->index;
	memcpy(h->like, lk->form.s, lk->form.len + 1);
	h->like_len = lk->form.len;
	h->prefix = lk->prefix;
	h->suffix = lk->suffix;
	h->distance = lk->distance;
	h->lookalikes = lk->count;
	h->dust_origin = sc->dust;
	tb_add(&t,
	       "Possible address poisoning: the destination %s was never withdrawn to by this "
	       "customer ",
	       sc->dform.s);
	if (lk->strong)
		tb_add(&t, "but shares its first %u and last %u characters with %s (", lk->prefix,
		       lk->suffix, lk->form.s);
	else
		tb_add(&t, "but is only %u edit%s away from %s (", lk->distance,
		       lk->distance == 1 ? "" : "s", lk->form.s);
	if (lk->origin == WR_ORIGIN_BOOK) {
		tb_add(&t, "the address book entry ");
		tb_label(&t, in->book[lk->index].label);
		tb_add(&t, ", added %s).", fmt_date(d, in->book[lk->index].added_at));
	} else if (lk->origin == WR_ORIGIN_HISTORY) {
		tb_add(&t, "withdrawn to on %s).", fmt_date(d, in->history[lk->index].at));
	} else {
		tb_add(&t, "which sent a deposit on %s).", fmt_date(d, in->incoming[lk->index].at));
	}
	if (sc->dust)
		tb_add(&t,
		       " The destination first reached this account as the sender of a "
		       "zero-value or dust transfer on %s, the usual way a lookalike is planted "
		       "in the history.",
		       fmt_date(d, sc->dust_at));
	if (lk->count > 1)
		tb_add(&t, " %zu known addresses look alike in all.", lk->count);
	tb_add(&t, " Have the customer read the full address back, character by character.");
}

static void rule_memo(struct scan *sc, struct wr_result *out)
{
	struct tb t;

	if (!sc->known || !sc->memo_history || sc->memo_seen ||
	    address_memo_kind(sc->in->net) == ADDRESS_MEMO_NONE)
		return;
	add_hit(out, WR_HIT_MEMO_CHANGED, WR_SEV_HOLD, 40, &t);
	if (sc->dest.memo_len == 0) {
		tb_add(&t, "The destination is a known address, but this time without the "
		           "memo/tag used before (");
	} else {
		tb_add(&t, "The destination is a known address, but memo/tag ");
		tb_label(&t, (struct wr_str){sc->dest.memo, sc->dest.memo_len});
		tb_add(&t, " was never used with it before (earlier: ");
	}
	tb_label(&t, (struct wr_str){sc->prev_memo, strlen(sc->prev_memo)});
	tb_add(&t, "). On a shared exchange address a different memo credits a different "
	           "account.");
}

static void rule_first_time(struct scan *sc, struct wr_result *out)
{
	const struct wr_rules *ru = sc->rules;
	const struct wr_input *in = sc->in;
	char d1[FMT_MAX], d2[FMT_MAX];
	struct wr_hit *h;
	struct tb t;

	if (sc->known)
		return;
	bool hold = ru->first_time_hold_value >= 0 && in->value >= ru->first_time_hold_value;
	h = add_hit(out, WR_HIT_FIRST_TIME, hold ? WR_SEV_HOLD : WR_SEV_WARN, hold ? 25 : 10, &t);
	h->at = sc->book_new ? sc->book_new_at : 0;
	if (sc->book_new)
		tb_add(&t,
		       "First withdrawal to this address: it was added to the address book %s "
		       "before the request; entries count as settled after %s.",
		       fmt_dur(d1, in->requested_at - sc->book_new_at),
		       fmt_dur(d2, ru->book_settle_ms));
	else
		tb_add(&t,
		       "First withdrawal to this address: it is not in the address book and was "
		       "never withdrawn to.");
	if (sc->deposit)
		tb_add(&t, " It did send a deposit to this account on %s.",
		       fmt_date(d1, sc->deposit_at));
	if (hold)
		tb_add(&t,
		       " The value (%s) is at or above the hold threshold for new addresses (%s).",
		       fmt_usd(d1, in->value), fmt_usd(d2, ru->first_time_hold_value));
}

static void rule_cooldown(struct scan *sc, struct wr_result *out)
{
	const struct wr_input *in = sc->in;
	const struct wr_security_change *best = NULL;
	char d1[FMT_MAX], d2[FMT_MAX], d3[FMT_MAX], d4[FMT_MAX];
	int64_t until = 0;
	size_t active = 0;
	struct wr_hit *h;
	struct tb t;

	for (size_t i = 0; i < in->n_security; i++) {
		const struct wr_security_change *c = &in->security[i];
		int64_t cool = sc->rules->cooldown_ms[c->kind];
		if (cool <= 0 || c->at > in->requested_at || in->requested_at - c->at >= cool)
			continue;
		active++;
		if (best == NULL || c->at + cool > until) {
			best = c;
			until = c->at + cool;
		}
	}
	if (best == NULL)
		return;
	h = add_takeover_hit(out, sc, WR_HIT_COOLDOWN, 30, &t);
	h->security_kind = best->kind;
	h->at = best->at;
	h->until = until;
	tb_add(&t,
	       "The %s was changed %s before this request (%s); withdrawals to new addresses "
	       "wait %s after that, until %s.",
	       security_kind_text(best->kind), fmt_dur(d1, in->requested_at - best->at),
	       fmt_date(d2, best->at), fmt_dur(d3, sc->rules->cooldown_ms[best->kind]),
	       fmt_date(d4, until));
	if (active > 1)
		tb_add(&t, " %zu security changes are within their cooldown.", active);
	tb_known_note(&t, sc);
}

/* Byte for byte, or ASCII case-insensitively (country and asset codes). */
static bool str_eq(struct wr_str a, struct wr_str b, bool fold)
{
	return a.len == b.len && (a.len == 0 || (fold ? strncasecmp(a.p, b.p, a.len) == 0
	                                              : memcmp(a.p, b.p, a.len) == 0));
}

static void rule_new_device(struct scan *sc, struct wr_result *out, size_t li)
{
	const struct wr_input *in = sc->in;
	const struct wr_login *l = &in->logins[li];
	int64_t first = l->first_seen;
	char d1[FMT_MAX], d2[FMT_MAX];
	struct wr_hit *h;
	struct tb t;

	if (l->device_id.len == 0 || l->device_id.p == NULL || sc->rules->new_device_ms <= 0)
		return;
	if (first <= 0) /* unknown: the device's earliest login we were given */
		for (size_t i = 0; i < in->n_logins; i++)
			if (str_eq(in->logins[i].device_id, l->device_id, false) &&
			    (first <= 0 || in->logins[i].at < first))
				first = in->logins[i].at;
	if (in->requested_at - first >= sc->rules->new_device_ms)
		return;
	h = add_takeover_hit(out, sc, WR_HIT_NEW_DEVICE, 20, &t);
	h->at = first;
	h->until = first + sc->rules->new_device_ms;
	h->login_index = li;
	tb_add(&t,
	       "The login before this request (%s%s%.*s) came from a device first seen %s "
	       "before the request.",
	       fmt_date(d1, l->at), l->country.len ? ", country " : "",
	       (int)(l->country.len < 8 ? l->country.len : 8), l->country.p ? l->country.p : "",
	       fmt_dur(d2, in->requested_at - first));
	tb_known_note(&t, sc);
}

/* With no earlier login there is nothing to be new against. */
static void rule_new_country(struct scan *sc, struct wr_result *out, size_t li)
{
	const struct wr_input *in = sc->in;
	const struct wr_login *l = &in->logins[li];
	size_t earlier = 0;
	bool seen = false;
	char d[FMT_MAX];
	struct wr_hit *h;
	struct tb t;

	if (l->country.len == 0 || l->country.p == NULL || sc->rules->new_country_ms <= 0 ||
	    in->requested_at - l->at >= sc->rules->new_country_ms)
		return;
	for (size_t i = 0; i < in->n_logins; i++) {
		const struct wr_login *o = &in->logins[i];
		if (i == li || o->at >= l->at || o->country.len == 0 || o->country.p == NULL)
			continue;
		earlier++;
		seen = seen || str_eq(o->country, l->country, true);
	}
	if (earlier == 0 || seen)
		return;
	h = add_takeover_hit(out, sc, WR_HIT_NEW_COUNTRY, 20, &t);
	h->at = l->at;
	h->until = l->at + sc->rules->new_country_ms;
	h->login_index = li;
	tb_add(&t,
	       "The login before this request came from %.*s, a country not seen in the %zu "
	       "earlier login%s, %s before the request.",
	       (int)(l->country.len < 8 ? l->country.len : 8), l->country.p, earlier,
	       earlier == 1 ? "" : "s", fmt_dur(d, in->requested_at - l->at));
	tb_known_note(&t, sc);
}

/* The login that preceded the request: the latest at or before it (the last given on a tie). */
static void rule_logins(struct scan *sc, struct wr_result *out)
{
	const struct wr_input *in = sc->in;
	size_t li = in->n_logins;

	for (size_t i = 0; i < in->n_logins; i++)
		if (in->logins[i].at <= in->requested_at &&
		    (li == in->n_logins || in->logins[i].at >= in->logins[li].at))
			li = i;
	if (li == in->n_logins)
		return;
	rule_new_device(sc, out, li);
	rule_new_country(sc, out, li);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void rule_amount(struct scan *sc, struct wr_result *out)
{
	const struct wr_input *in = sc->in;
	const struct wr_rules *ru = sc->rules;
	uint64_t v[WR_MAX_HISTORY], compared, baseline;
	bool by_value = in->value >= 0;
	char d1[FMT_MAX], d2[FMT_MAX], d3[FMT_MAX];
	const char *which;
	unsigned pct;
	size_t n = 0;
	struct wr_hit *h;
	struct tb t;

	for (size_t i = 0; i < in->n_history; i++) {
		const struct wr_past_withdrawal *p = &in->history[i];
		if (p->at >= in->requested_at || in->requested_at - p->at > ru->amount_window_ms ||
		    (by_value ? p->value < 0 : !str_eq(p->asset, in->asset, true)))
			continue;
		v[n++] = by_value ? (uint64_t)p->value : p->amount;
	}
	compared = by_value ? (uint64_t)in->value : out->amount;

	if (n == 0 || n < ru->amount_min_history) {
		if (ru->large_value < 0 || !by_value || in->value < ru->large_value)
			return;
		h = add_takeover_hit(out, sc, WR_HIT_LARGE_NO_HISTORY, 20, &t);
		h->compared = compared;
		h->baseline = (uint64_t)ru->large_value;
		h->history_n = n;
		h->by_value = true;
		tb_add(&t,
		       "A large withdrawal (%s, at or above %s) with %zu earlier withdrawal%s in "
		       "the last %s to compare it with.",
		       fmt_usd(d1, in->value), fmt_usd(d2, ru->large_value), n, n == 1 ? "" : "s",
		       fmt_dur(d3, ru->amount_window_ms));
		tb_known_note(&t, sc);
		return;
	}

	qsort(v, n, sizeof v[0], cmp_u64);
	uint64_t max = v[n - 1], p95 = v[(95 * n + 99) / 100 - 1]; /* nearest rank */
	/* In 128 bits: amounts use all 64, percentages go to thousands. */
	unsigned __int128 c100 = (unsigned __int128)compared * 100;
	if (ru->amount_max_pct > 0 && c100 > (unsigned __int128)max * ru->amount_max_pct) {
		baseline = max;
		pct = ru->amount_max_pct;
		which = "largest withdrawal";
	} else if (ru->amount_p95_pct > 0 && c100 > (unsigned __int128)p95 * ru->amount_p95_pct) {
		baseline = p95;
		pct = ru->amount_p95_pct;
		which = "95th percentile of the withdrawals";
	} else {
		return;
	}
	h = add_takeover_hit(out, sc, WR_HIT_AMOUNT, 30, &t);
	h->compared = compared;
	h->baseline = baseline;
	h->pct = pct;
	h->history_n = n;
	h->by_value = by_value;
	tb_add(&t,
	       "The amount (%s) is more than %u.%02u times the %s of the last %s (%s, %zu "
	       "withdrawal%s%s).",
	       by_value ? fmt_usd(d1, in->value) : fmt_units(d1, compared, in->decimals), pct / 100,
	       pct % 100, which, fmt_dur(d2, ru->amount_window_ms),
	       by_value ? fmt_usd(d3, (int64_t)baseline) : fmt_units(d3, baseline, in->decimals), n,
	       n == 1 ? "" : "s", by_value ? " with a known value" : " of this asset");
	tb_known_note(&t, sc);
}

/* ------------------------------------------------------------------ the entry point */

static bool check_input(const struct wr_input *in)
{
	if ((unsigned)in->net >= ADDRESS_NET_COUNT || in->requested_at <= 0 ||
	    (in->n_book && !in->book) || (in->n_history && !in->history) ||
	    (in->n_incoming && !in->incoming) || (in->n_security && !in->security) ||
	    (in->n_logins && !in->logins))
		return false;
	for (size_t i = 0; i < in->n_security && i < WR_MAX_SECURITY; i++)
		if ((unsigned)in->security[i].kind >= WR_SEC_KIND_COUNT)
			return false;
	return true;
}

static void finish(struct wr_result *out)
{
	int score = 0;
	enum wr_severity top = WR_SEV_WARN;

	/* Strongest first; within a severity the order of enum wr_code (insertion sort: stable). */
	for (size_t i = 1; i < out->n_hits; i++) {
		struct wr_hit tmp = out->hits[i];
		size_t j = i;
		while (j > 0 && (out->hits[j - 1].severity < tmp.severity ||
		                 (out->hits[j - 1].severity == tmp.severity &&
		                  out->hits[j - 1].code > tmp.code))) {
			out->hits[j] = out->hits[j - 1];
			j--;
		}
		out->hits[j] = tmp;
	}
	for (size_t i = 0; i < out->n_hits; i++) {
		score += out->hits[i].score;
		if (out->hits[i].severity > top)
			top = out->hits[i].severity;
	}
	out->score = score > 100 ? 100 : score;
	out->decision = top == WR_SEV_HOLD_SECOND ? WR_HOLD_SECOND_APPROVAL
	                : top == WR_SEV_HOLD      ? WR_HOLD
	                                          : WR_ALLOW;
}

enum wr_err withdrawal_risk_evaluate(const struct wr_input *in, const struct wr_rules *rules,
                                     struct wr_result *out)
{
	struct wr_rules defaults;
	struct scan sc;
	struct tb t;

	if (out == NULL)
		return WR_ERR_INPUT;
	memset(out, 0, sizeof *out);
	out->decision = WR_HOLD; /* fail closed until the rules have run */
	if (in == NULL || !check_input(in))
		return out->err = WR_ERR_INPUT;
	if (in->n_book > WR_MAX_BOOK || in->n_history > WR_MAX_HISTORY ||
	    in->n_incoming > WR_MAX_INCOMING || in->n_security > WR_MAX_SECURITY ||
	    in->n_logins > WR_MAX_LOGINS)
		return out->err = WR_ERR_TOO_MANY;
	if (rules == NULL) {
		wr_rules_default(&defaults);
		rules = &defaults;
	}
	out->amount = in->amount;
	if (in->amount_text.len > 0 &&
	    !wr_amount_parse(in->amount_text.p, in->amount_text.len, in->decimals, &out->amount))
		return out->err = WR_ERR_AMOUNT;

	memset(&sc, 0, sizeof sc);
	sc.in = in;
	sc.rules = rules;
	address_check(in->net, in->address.p, in->address.p ? in->address.len : 0, in->memo.p,
	              in->memo.p ? in->memo.len : 0, &sc.dest);
	if (sc.dest.rc == ADDRESS_OK && make_form(&sc.dest, &sc.dest, &sc.dform)) {
		memcpy(out->destination, sc.dform.s, sc.dform.len + 1);
		out->destination_len = sc.dform.len;
		out->fold_case = sc.dform.fold;
		scan_context(&sc);
		out->known = sc.known;
		out->skipped = sc.skipped;
		rule_list(&sc, out);
		rule_poisoning(&sc, out);
		rule_memo(&sc, out);
		rule_first_time(&sc, out);
	} else {
		add_hit(out, WR_HIT_INVALID_ADDRESS, WR_SEV_HOLD, 50, &t);
		tb_add(&t, "The destination is not a valid %s mainnet address: %s.",
		       address_network_code(in->net), address_strerror(sc.dest.rc));
	}
	rule_cooldown(&sc, out);
	rule_logins(&sc, out);
	rule_amount(&sc, out);
	finish(out);
	return WR_OK;
}
