/* withdrawal_risk.h — the rules a pending withdrawal is checked against before it leaves the
 * exchange (issue 8, item 4; CRYPTO-DOMAIN.md §3): address poisoning, first-time address, a
 * cooldown after a security change, a new device or country, an amount far above the user's
 * history, a hit on a sanctions or scam list. Given the withdrawal and what the exchange knows
 * about the user, it answers with the hits (each with a code, a severity, an English explanation
 * for the agent and its data), a decision (allow, hold, or hold whose release needs a second
 * approver) and a score to order the Security queue by. Rules, defaults and their sources:
 * docs/internals/withdrawal-risk.md.
 *
 * Owns: the rules and their thresholds (struct wr_rules), the decision, the explanations, and a
 * strict decimal amount parser. Never: fetches the user's context, holds or releases anything,
 * stores a result, or loads a list (scam_list.h parses one; the caller passes it in).
 *
 * Pure and deterministic: no I/O, no allocation, no clock (every time is in the input, ms since
 * the epoch), no locale. The same input gives the same result byte for byte. The result is a
 * fixed-size struct the caller provides; strings in the input are (pointer, length), borrowed
 * for the call, and the result points into nothing but the scam list it was given. Work is
 * bounded by the WR_MAX_* limits: 5 to 8 ms at the largest inputs (every context address of
 * the destination's format goes through address_check once, EIP-55's Keccak dominating).
 *
 * Fails closed: an input it cannot evaluate (over a limit, an unparseable amount) still gets a
 * result, decision WR_HOLD with no hits, and the error says why. */
#ifndef EXDESK_CORE_WITHDRAWAL_RISK_H
#define EXDESK_CORE_WITHDRAWAL_RISK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/address.h"
#include "core/scam_list.h"

/* Bounds of one evaluation's context: a user's book, 90 days of withdrawals, deposits and logins
 * fit with room to spare. Over a bound is WR_ERR_TOO_MANY: trim the context, oldest first. */
#define WR_MAX_BOOK        1000
#define WR_MAX_HISTORY     2000
#define WR_MAX_INCOMING    2000
#define WR_MAX_SECURITY    200
#define WR_MAX_LOGINS      1000
#define WR_MAX_HITS        12  /* more than the rules can produce at once */
#define WR_TEXT_MAX        768 /* bytes of one explanation, NUL included */
#define WR_AMOUNT_TEXT_MAX 64  /* bytes of a decimal amount */
#define WR_DECIMALS_MAX    18

#define WR_VALUE_UNKNOWN (-1) /* no value in US cents known for this amount */
#define WR_MINUTE_MS     (60 * 1000LL)
#define WR_HOUR_MS       (60 * WR_MINUTE_MS)
#define WR_DAY_MS        (24 * WR_HOUR_MS)

/* A borrowed string: (pointer, length), not necessarily NUL-terminated; {NULL, 0} when absent. */
struct wr_str {
	const char *p;
	size_t len;
};

/* ---- the user's context, as the exchange connector reports it ---- */

struct wr_book_entry {
	enum address_network net;
	struct wr_str address;
	struct wr_str memo;  /* the memo/tag saved with it, if any */
	struct wr_str label; /* the user's name for it ("Ledger", "冷钱包"): UTF-8 */
	int64_t added_at;
};

/* Amounts are integers in the exchange's minor unit of the asset (its withdrawal precision, the
 * same on every network: USDT is USDT whether on TRON or ETH). value is what the amount was worth
 * in US cents when it moved (explanations print it as dollars), or WR_VALUE_UNKNOWN. */
struct wr_past_withdrawal {
	enum address_network net;
	struct wr_str address;
	struct wr_str memo;
	struct wr_str asset; /* "USDT"; compared ASCII case-insensitively */
	uint64_t amount;
	int64_t value;
	int64_t at;
};

/* A recent transfer into the user's deposit addresses: poisoning dust arrives this way. */
struct wr_incoming_transfer {
	enum address_network net;
	struct wr_str from; /* the sender's address */
	struct wr_str asset;
	uint64_t amount; /* 0: a zero-value transfer, the commonest poisoning vector */
	int64_t value;
	bool unlisted_token; /* a token the exchange does not list: fake-token poisoning */
	int64_t at;
};

enum wr_security_kind {
	WR_SEC_PASSWORD,
	WR_SEC_2FA, /* authenticator bound, unbound or reset */
	WR_SEC_EMAIL,
	WR_SEC_PHONE,
	WR_SEC_ANTI_PHISHING, /* the anti-phishing code the exchange's mails carry */
	WR_SEC_RECOVERY,      /* account recovery through support */
	WR_SEC_KIND_COUNT
};
/* "password", "2fa", "email", "phone", "anti_phishing", "recovery"; NULL outside the enum. */
const char *wr_security_kind_code(enum wr_security_kind k);

struct wr_security_change {
	enum wr_security_kind kind;
	int64_t at;
};

struct wr_login {
	struct wr_str device_id; /* opaque; compared byte for byte; empty when unknown */
	struct wr_str country; /* ISO 3166-1 alpha-2, ASCII case-insensitive; empty when unknown */
	/* When the exchange first saw the device; 0 when unknown: then its earliest login given. */
	int64_t first_seen;
	int64_t at;
};

struct wr_input {
	/* the pending withdrawal */
	enum address_network net;
	struct wr_str asset;
	struct wr_str address;
	struct wr_str memo;
	uint64_t amount;           /* minor units; used when amount_text is empty */
	struct wr_str amount_text; /* or a decimal ("1500.25"), parsed by wr_amount_parse ... */
	unsigned decimals;         /* ... with this many decimals in the minor unit */
	int64_t value;             /* the amount's worth in US cents, or WR_VALUE_UNKNOWN */
	int64_t requested_at;
	/* the user's context; entries after requested_at are ignored */
	const struct wr_book_entry *book;
	size_t n_book;
	const struct wr_past_withdrawal *history;
	size_t n_history;
	const struct wr_incoming_transfer *incoming;
	size_t n_incoming;
	const struct wr_security_change *security;
	size_t n_security;
	const struct wr_login *logins;
	size_t n_logins;
	const struct scam_list *list; /* NULL when no list is loaded (reported, never guessed) */
};

/* ---- thresholds; wr_rules_default() gives the documented defaults ---- */

struct wr_rules {
	/* Poisoning (R1): a lookalike shares this many leading and trailing characters, compared
	 * after the format's fixed prefix ("0x", "T", "bc1q"). 0 in either turns this test off. */
	unsigned poison_prefix; /* 4 */
	unsigned poison_suffix; /* 4 */
	/* ... or is at most this many edits (Levenshtein) away while sharing at least
	 * poison_near_affix leading and trailing characters. 0 turns this test off. */
	unsigned poison_edit_max;   /* 2 */
	unsigned poison_near_affix; /* 2 */
	/* An incoming transfer worth at most this many US cents is dust: 100 ($1.00); < 0: only
	 * zero amounts and unlisted tokens are. */
	int64_t dust_value;
	/* First-time address (R2): a book entry younger than this still counts as new. */
	int64_t book_settle_ms; /* 24 h */
	/* A first-time address holds when the value is at least this; < 0: never. */
	int64_t first_time_hold_value; /* 100000 ($1,000.00) */
	/* Cooldown (R3) after each kind of security change; 0: none. */
	int64_t cooldown_ms[WR_SEC_KIND_COUNT]; /* 24 h, 24 h, 48 h, 48 h, 24 h, 72 h */
	/* New device / new country (R4): how recent the device, or the login from a country not
	 * seen before, must be for the withdrawal to count as following it. */
	int64_t new_device_ms;  /* 24 h */
	int64_t new_country_ms; /* 24 h */
	/* Amount (R5), over the withdrawals of the window before the request. */
	int64_t amount_window_ms;    /* 90 days */
	unsigned amount_min_history; /* 5: with fewer, only large_value applies */
	unsigned amount_max_pct;     /* 500: above 5x the window's largest */
	unsigned amount_p95_pct;     /* 1000: above 10x the window's 95th percentile */
	int64_t large_value; /* without enough history, a value at least this holds: 1000000 */
};

void wr_rules_default(struct wr_rules *r);

/* ---- the result ---- */

enum wr_err {
	WR_OK,
	WR_ERR_INPUT,    /* NULL where something is needed, an unknown network, no request time */
	WR_ERR_TOO_MANY, /* a context array over its WR_MAX_* bound */
	WR_ERR_AMOUNT,   /* amount_text is not a decimal that fits (see wr_amount_parse) */
};
const char *wr_strerror(enum wr_err e);

enum wr_code {
	WR_HIT_SANCTIONS,        /* listed by a sanctions list (compliance decides) */
	WR_HIT_SCAM_LIST,        /* listed by a scam or phishing list */
	WR_HIT_POISONING,        /* a lookalike of an address the user knows */
	WR_HIT_INVALID_ADDRESS,  /* not a valid mainnet address of the network */
	WR_HIT_MEMO_CHANGED,     /* a known shared address with a memo the user never used */
	WR_HIT_FIRST_TIME,       /* never withdrawn to, not (long) in the address book */
	WR_HIT_COOLDOWN,         /* within the cooldown after a security change */
	WR_HIT_NEW_DEVICE,       /* the login before the request is from a new device */
	WR_HIT_NEW_COUNTRY,      /* ... or from a country not seen before */
	WR_HIT_AMOUNT,           /* far above the user's recent withdrawals */
	WR_HIT_LARGE_NO_HISTORY, /* large, and too little history to compare with */
	WR_HIT_CODE_COUNT
};
/* A stable snake_case code ("address_poisoning", "first_time_address", ...). */
const char *wr_code_name(enum wr_code c);

enum wr_severity {
	WR_SEV_WARN,        /* shown to the agent; does not hold by itself */
	WR_SEV_HOLD,        /* hold; one agent may release after the checklist */
	WR_SEV_HOLD_SECOND, /* hold; release needs a second agent's approval */
};
const char *wr_severity_name(enum wr_severity s); /* "warn", "hold", "hold_second" */

enum wr_decision {
	WR_ALLOW,
	WR_HOLD,
	WR_HOLD_SECOND_APPROVAL,
};
/* "allow", "hold", "hold_needs_second_approval" */
const char *wr_decision_name(enum wr_decision d);

/* Where a lookalike was found. */
enum wr_origin {
	WR_ORIGIN_BOOK,
	WR_ORIGIN_HISTORY,
	WR_ORIGIN_INCOMING,
};
const char *wr_origin_name(enum wr_origin o); /* "address_book", "withdrawal", "deposit" */

/* One rule that fired. The fields below text are set only for the codes named beside them. */
struct wr_hit {
	enum wr_code code;
	enum wr_severity severity;
	int score;
	char text[WR_TEXT_MAX]; /* English, for the agent; NUL-terminated */
	/* POISONING: the closest lookalike, in the same form as wr_result.destination */
	enum wr_origin like_origin;
	size_t like_index; /* into in->book, in->history or in->incoming */
	char like[ADDRESS_NORMAL_MAX + 1];
	size_t like_len;
	unsigned prefix, suffix; /* characters shared after the fixed prefix; and at the end */
	unsigned distance;       /* edits between the two (compared forms), when computed */
	size_t lookalikes;       /* known addresses that qualified; like is the closest */
	bool dust_origin;        /* the destination reached the user as a dust/zero-value sender */
	/* SANCTIONS, SCAM_LIST: the entry (points into in->list) */
	const struct scam_list_entry *list_entry;
	/* COOLDOWN */
	enum wr_security_kind security_kind;
	/* COOLDOWN: the change; NEW_DEVICE: first seen; NEW_COUNTRY: that login; FIRST_TIME: when
	 * it entered the address book (0 if it is not there) */
	int64_t at;
	int64_t until; /* COOLDOWN: when it ends; NEW_DEVICE, NEW_COUNTRY: when the window ends */
	/* AMOUNT, LARGE_NO_HISTORY: what was compared; by_value: US cents, not asset units */
	uint64_t compared, baseline;
	unsigned pct; /* AMOUNT: the threshold in percent of baseline that was exceeded */
	size_t history_n;
	bool by_value;
	size_t login_index; /* NEW_DEVICE, NEW_COUNTRY: into in->logins */
};

struct wr_result {
	enum wr_err err;
	enum wr_decision decision;
	bool compliance; /* a sanctions hit: route to compliance; CS never releases it */
	int score;       /* 0..100: the hits' scores summed, capped */
	struct wr_hit hits[WR_MAX_HITS]; /* strongest severity first, then in wr_code order */
	size_t n_hits;
	/* The destination as compared: the normalised form (EIP-55 for EVM, T... for TRON, ...),
	 * except a TON user-friendly address, which stays in that form (what the user saw). Feed it
	 * with a hit's like to address_diff, folding case when fold_case says so. */
	char destination[ADDRESS_NORMAL_MAX + 1];
	size_t destination_len;
	bool fold_case;
	uint64_t amount;   /* the amount in minor units (parsed when given as text) */
	bool known;        /* in the settled address book or the withdrawal history */
	bool list_checked; /* a list was given and the destination was valid to look up */
	size_t skipped;    /* context addresses that are not valid and were not compared */
};

/* Evaluates in under rules (NULL: the defaults). Returns out->err; on an error out->decision is
 * WR_HOLD with no hits. */
enum wr_err withdrawal_risk_evaluate(const struct wr_input *in, const struct wr_rules *rules,
                                     struct wr_result *out);

/* Parses a plain decimal ("1500", "0.5", "1500.25") into minor units with `decimals` decimals:
 * ASCII digits with at most one '.', a digit on both sides of it; no sign, exponent, spaces or
 * separators; at most WR_AMOUNT_TEXT_MAX bytes. Digits beyond `decimals` must be zeros (precision
 * is never silently dropped), and the result must fit in 64 bits. decimals <= WR_DECIMALS_MAX;
 * choose the exchange's withdrawal precision (8 for BTC and ETH is room for 184 billion). */
bool wr_amount_parse(const char *s, size_t len, unsigned decimals, uint64_t *out);

#endif
