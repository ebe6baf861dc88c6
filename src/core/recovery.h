/* recovery.h — deposit recovery (issue 8, item 3): checking what a customer types into the
 * self-service form, and classifying a case once the exchange connector has looked the
 * transaction up. Case codes, rules, fees and message keys: docs/internals/recovery.md.
 *
 * Owns: the intake fields and their per-field errors (stable codes for 422 answers and for the
 * form to show next to each field), the diagnosis of typed amounts, the case codes of
 * CRYPTO-DOMAIN.md §1.1 (plus four this desk needs), the order in which facts decide a code, the
 * policy (what is automatic, fees, SLA targets) with documented defaults, fee quotes in integer
 * minor units, the customer-facing message keys and an English summary of the facts for agents.
 * Never: talks to the exchange or a chain, stores anything, reads the clock, or writes text for
 * customers (the API layer translates the keys). Facts come in, a decision goes out.
 *
 * Pure: no I/O, no allocation, no locale, no state; any bytes in the text fields. */
#ifndef EXDESK_CORE_RECOVERY_H
#define EXDESK_CORE_RECOVERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/address.h"
#include "core/amount.h"
#include "core/txid.h"

/* ------------------------------------------------------------------ amounts */

/* Amounts are core/amount.h's exact decimals (10^-18 units, never a float). What this module
 * adds is the form's diagnosis: the mistakes customers make get their own codes. */
#define RECOVERY_AMOUNT_MAX       64           /* bytes of an amount as typed, after trimming */
#define RECOVERY_DECIMALS_MAX     AMOUNT_SCALE /* 18: wei */
#define RECOVERY_DECIMALS_UNKNOWN (-1)         /* a token the exchange does not list: up to 18 */

enum recovery_amount_rc {
	RECOVERY_AMOUNT_OK = 0,
	RECOVERY_AMOUNT_EMPTY,
	RECOVERY_AMOUNT_TOO_LONG,
	RECOVERY_AMOUNT_BAD_UTF8,
	RECOVERY_AMOUNT_NON_ASCII,  /* full-width or other scripts' digits, CJK numerals */
	RECOVERY_AMOUNT_NEGATIVE,   /* a leading '-' (even "-0") */
	RECOVERY_AMOUNT_EXPONENT,   /* "1e5": scientific notation */
	RECOVERY_AMOUNT_COMMA,      /* "1,000.5" or "0,5": a thousands or decimal comma */
	RECOVERY_AMOUNT_BAD_CHAR,   /* '+', a space, a currency sign, letters */
	RECOVERY_AMOUNT_BAD_FORMAT, /* ".", "1.2.3": no digits, or two points */
	RECOVERY_AMOUNT_ZERO,
	RECOVERY_AMOUNT_TOO_MANY_DECIMALS, /* more digits after the point than the asset has */
	RECOVERY_AMOUNT_TOO_LARGE,         /* more than AMOUNT_INT_DIGITS digits before the point */
};
const char *recovery_amount_strerror(enum recovery_amount_rc rc);
const char *recovery_amount_rc_code(enum recovery_amount_rc rc); /* "amount_exponent" */

/* Parses what a customer typed as a positive amount of an asset with `decimals` decimals
 * (0..RECOVERY_DECIMALS_MAX; anything else means RECOVERY_DECIMALS_MAX). Trimmed like addresses;
 * leading zeros, ".5" and "5." are accepted, and trailing zeros after the point do not count
 * against the decimals ("1.50" is fine for a 1-decimal asset). On failure *out is zero. */
enum recovery_amount_rc recovery_amount_parse(const char *s, size_t len, int decimals,
                                              struct amount *out);

/* ------------------------------------------------------------------ intake */

#define RECOVERY_ASSET_MAX 20   /* bytes of a ticker ("sUSD", "USDC.e", "1000SATS") */
#define RECOVERY_NOTE_MAX  2000 /* bytes of the optional note, after trimming */

/* The self-service form as it arrives: (pointer, length) of arbitrary bytes each; NULL with 0
 * is an empty field. */
struct recovery_intake {
	const char *asset;
	size_t asset_len;
	const char *network; /* a code or alias: "BEP20", "TRC20", "XRP", ... (address.h) */
	size_t network_len;
	const char *txid;
	size_t txid_len;
	const char *address; /* the receiving address: the customer's deposit address here */
	size_t address_len;
	const char *memo; /* the customer's own memo/tag here, required on memo networks */
	size_t memo_len;
	const char *memo_used; /* optional: the memo actually sent, if a wrong one */
	size_t memo_used_len;
	const char *amount; /* decimal text */
	size_t amount_len;
	const char *sender; /* the address the funds came from */
	size_t sender_len;
	const char *note; /* optional free text */
	size_t note_len;
	/* The asset's decimals on that network from the exchange's asset list, or
	 * RECOVERY_DECIMALS_UNKNOWN for a token it does not list (then RECOVERY_DECIMALS_ANY). */
	int asset_decimals;
};

/* Field order is the form's order: errors come out in it. */
enum recovery_field {
	RECOVERY_F_ASSET,
	RECOVERY_F_NETWORK,
	RECOVERY_F_TXID,
	RECOVERY_F_ADDRESS,
	RECOVERY_F_MEMO,
	RECOVERY_F_MEMO_USED,
	RECOVERY_F_AMOUNT,
	RECOVERY_F_SENDER,
	RECOVERY_F_NOTE,
	RECOVERY_F_COUNT
};
/* The JSON field name: "asset", "network", "txid", "address", "memo", "memo_used", "amount",
 * "sender", "note"; NULL outside the enum. */
const char *recovery_field_name(enum recovery_field f);

struct recovery_field_error {
	enum recovery_field field;
	/* Stable snake_case: "required", "too_long", "bad_utf8", "non_ascii", "bad_char",
	 * "asset_bad_char", "network_unknown", every address_rc_code(), txid_rc_code() and
	 * address_memo_rc_code() but "empty"/"memo_missing" (those are "required"), every
	 * recovery_amount_rc_code(). Warnings: "memo_unexpected", "no_checksum". */
	const char *code;
	const char *message; /* English, for logs and agents; the form translates the code */
	/* The field held a private key or a recovery phrase ("private_key", "seed_phrase"): the
	 * caller must drop the field's text, never store, log or echo it. */
	bool secret;
};

struct recovery_intake_errors {
	struct recovery_field_error error[RECOVERY_F_COUNT]; /* at most one per field */
	size_t n;
	struct recovery_field_error warning[RECOVERY_F_COUNT]; /* accepted, but worth a word */
	size_t n_warnings;
};

/* What passed, normalised. Pointers point into the intake. */
struct recovery_intake_clean {
	char asset[RECOVERY_ASSET_MAX + 1];
	size_t asset_len;
	enum address_network net;
	struct txid_result txid;
	struct address_result address; /* its memo fields hold the checked memo */
	struct address_result sender;
	char memo_used[ADDRESS_MEMO_MAX + 1];
	size_t memo_used_len;
	struct amount amount;
	const char *note; /* trimmed; NULL when none */
	size_t note_len;
};

/* Checks every field and reports one error per failing field, in field order. Fields that
 * depend on the network (txid, address, memos, sender) are not judged when the network is
 * missing or unknown: only the network gets the error. Returns the number of errors (0 = the
 * form may be accepted); err is always filled. */
size_t recovery_intake_check(const struct recovery_intake *in, struct recovery_intake_errors *err);
/* The same, also writing the normalised values (meaningful only when it returns 0). */
size_t recovery_intake_normalize(const struct recovery_intake *in,
                                 struct recovery_intake_clean *out,
                                 struct recovery_intake_errors *err);

/* ------------------------------------------------------------------ case codes */

/* CRYPTO-DOMAIN.md §1.1 in its order, then this desk's additions. Stored by their strings. */
enum recovery_case {
	RECOVERY_PENDING_CONF,
	RECOVERY_CHAIN_FAILED,
	RECOVERY_CHANNEL_MAINT,
	RECOVERY_MEMO_MISSING,
	RECOVERY_MEMO_WRONG,
	RECOVERY_WRONG_NETWORK_SAME_FMT,
	RECOVERY_WRONG_NETWORK_INCOMPAT,
	RECOVERY_UNLISTED_TOKEN,
	RECOVERY_CONTRACT_ADDRESS,
	RECOVERY_EXPIRED_ADDRESS,
	RECOVERY_BELOW_MIN,
	RECOVERY_WRONG_ASSET_SAME_ADDR,
	RECOVERY_OBFUSCATED,
	RECOVERY_HOT_WALLET_DIRECT,
	RECOVERY_NOT_EXCHANGE_ADDR,
	RECOVERY_WITHDRAWAL_WRONG_ADDR,
	RECOVERY_RETURNED_WITHDRAWAL,
	/* additions: what the taxonomy leaves implicit */
	RECOVERY_TX_NOT_FOUND,     /* no such transaction on any network the connector watches */
	RECOVERY_ALREADY_CREDITED, /* credited to the claimant (or to nobody in particular) */
	RECOVERY_OTHER_USER_ADDR,  /* sent to another user's own deposit address here */
	RECOVERY_UNCREDITED,       /* nothing wrong, final, and still not credited */
	RECOVERY_CASE_COUNT
};
/* "PENDING_CONF", ..., "UNCREDITED"; NULL outside the enum. */
const char *recovery_case_code(enum recovery_case c);
/* Exact (upper-case) code to enum. */
bool recovery_case_parse(const char *s, size_t len, enum recovery_case *out);

/* ------------------------------------------------------------------ policy */

enum recovery_handling {
	/* The code's own automatic resolution: wait (PENDING_CONF, CHANNEL_MAINT, TX_NOT_FOUND
	 * until the deadline, UNCREDITED within the grace period), credit (MEMO_MISSING,
	 * MEMO_WRONG), close (ALREADY_CREDITED). Only these codes accept it. */
	RECOVERY_HANDLE_AUTO,
	RECOVERY_HANDLE_ROUTE, /* to the Recovery group with a fee quote and an SLA target */
	RECOVERY_HANDLE_CLOSE, /* explained closure (never of funds the exchange holds: routed) */
};

/* A fee in the policy's currency, integer minor units (cents). For a value v above
 * free_up_to_minor: fee = min(max(fixed + floor(v * bps / 10000), min), cap), never above v.
 * Up to free_up_to_minor, no fee. cap 0 = no cap. */
struct recovery_fee {
	uint64_t fixed_minor;
	uint32_t bps; /* 0..10000: 500 is 5% */
	uint64_t min_minor;
	uint64_t cap_minor;
	uint64_t free_up_to_minor;
};

struct recovery_case_policy {
	enum recovery_handling handling;
	struct recovery_fee fee;
	int64_t sla_ms; /* a routed case's resolution target; 0 = none */
	/* A routed case worth less than this is closed as not worth recovering; 0 = no minimum. */
	uint64_t min_value_minor;
};

struct recovery_policy {
	char currency[8];           /* "USD": the unit of every *_minor here and in the facts */
	unsigned currency_decimals; /* 2: minor units per major unit = 10^this (0..6) */
	struct recovery_case_policy cases[RECOVERY_CASE_COUNT];
	bool auto_credit; /* master switch for automatic credits */
	/* An automatic credit worth strictly more than this waits for a second approver. */
	uint64_t second_approval_above_minor;
	int64_t not_found_close_after_ms;    /* TX_NOT_FOUND: keep looking this long after intake */
	int64_t credit_grace_ms;             /* UNCREDITED: wait this long after finality */
	int64_t block_ms[ADDRESS_NET_COUNT]; /* per network, for confirmation ETAs */
};

/* The defaults and where each value comes from: docs/internals/recovery.md. */
extern const struct recovery_policy recovery_policy_default;

enum recovery_err {
	RECOVERY_OK = 0,
	RECOVERY_ERR_POLICY, /* a policy value out of range: see the field */
	RECOVERY_ERR_FACTS,  /* a facts value out of range (a network outside the enum, ...) */
};
const char *recovery_strerror(enum recovery_err e);

/* Checks a policy (from configuration) before use. On error *field names the offending value
 * ("cases.MEMO_MISSING.fee.bps", "block_ms.BTC", ...) from a static table or NULL. */
enum recovery_err recovery_policy_check(const struct recovery_policy *p, const char **field);

/* ------------------------------------------------------------------ fee quotes */

struct recovery_quote {
	bool known;                    /* false: the value is unknown, so is the fee */
	uint64_t value_minor;          /* what the quote is based on */
	uint64_t fee_minor;            /* <= value_minor */
	bool waived;                   /* value up to free_up_to_minor */
	bool at_min, at_cap, at_value; /* which bound decided the fee */
	/* The fee and the rest in the asset: fee_amount = amount * fee / value, rounded down to the
	 * asset's decimals (in the customer's favour); credit_amount = amount - fee_amount. When
	 * the value is unknown, fee_amount is zero and credit_amount the whole amount. */
	struct amount fee_amount;
	struct amount credit_amount;
};

/* Pure arithmetic, exact for every input (128-bit intermediates, saturating sums). decimals is
 * the asset's (0..RECOVERY_DECIMALS_MAX, anything else: 18). */
void recovery_fee_quote(const struct recovery_fee *fee, bool value_known, uint64_t value_minor,
                        struct amount amount, int decimals, struct recovery_quote *q);

/* ------------------------------------------------------------------ classification */

enum recovery_tx_status {
	RECOVERY_TX_SUCCESS,
	RECOVERY_TX_PENDING, /* in the mempool or short of finality on chain */
	RECOVERY_TX_FAILED,  /* reverted, dropped or rejected */
};

enum recovery_tx_origin {
	RECOVERY_ORIGIN_DEPOSIT,             /* sent to the exchange from outside */
	RECOVERY_ORIGIN_OWN_WITHDRAWAL,      /* the exchange sent it: the claimant's withdrawal */
	RECOVERY_ORIGIN_RETURNED_WITHDRAWAL, /* a withdrawal the destination sent back */
};

/* What the exchange connector reports, plus the claim. Text is (pointer, length) of any bytes;
 * NULL/0 is empty. User ids are the exchange's, compared byte for byte; empty = unknown. */
struct recovery_facts {
	/* the claim */
	const char *claimant_uid; /* the exchange user filing the case */
	size_t claimant_uid_len;
	enum address_network claimed_net;
	bool
	    claimed_address_ours; /* the form's address is one the exchange issued on claimed_net */
	const char *asset;
	size_t asset_len;
	int asset_decimals;      /* on tx_net; RECOVERY_DECIMALS_UNKNOWN if unlisted */
	int64_t submitted_at_ms; /* when the form came in; 0 = now */
	int64_t now_ms;

	/* the transaction */
	bool tx_found;
	enum address_network tx_net; /* where it was found */
	const char *txid;
	size_t txid_len;
	enum recovery_tx_status tx_status;
	enum recovery_tx_origin tx_origin;
	uint32_t confirmations, confirmations_required;
	int64_t confirmed_at_ms; /* when it reached confirmations_required; 0 = not yet/unknown */
	bool obfuscated;         /* CoinJoin / PrivateSend inputs */
	bool token_listed;       /* the asset (token contract) is supported on tx_net */
	struct amount amount;
	const char *memo; /* memo/tag on chain */
	size_t memo_len;

	/* the destination */
	const char *dest_address;
	size_t dest_address_len;
	bool dest_ours;                /* the exchange controls the key behind it, on any network */
	enum address_network dest_net; /* the network the exchange issued it for (when ours) */
	const char *dest_uid; /* owner of a per-user deposit address; empty = none/shared */
	size_t dest_uid_len;
	bool dest_shared_memo; /* the shared deposit address, users told apart by memo */
	bool dest_hot_wallet;  /* an exchange wallet that is no deposit address */
	bool dest_expired;     /* a deposit address the exchange retired */
	bool dest_is_contract; /* a token or other contract address */

	/* the exchange's books */
	const char *expected_memo; /* the claimant's memo on the shared address */
	size_t expected_memo_len;
	bool user_matched; /* the connector attributes this deposit to the claimant */
	bool credited;
	const char *credited_uid; /* who got it; empty = unknown */
	size_t credited_uid_len;
	bool deposits_suspended;
	int64_t maint_until_ms;    /* 0 = unknown */
	struct amount min_deposit; /* zero = no minimum */
	bool value_known;
	uint64_t value_minor; /* the amount's value in the policy currency */
};

enum recovery_action {
	RECOVERY_WAIT,   /* automatic answer: nothing to do yet; see eta_ms */
	RECOVERY_CREDIT, /* automatic credit of quote.credit_amount to the claimant */
	RECOVERY_CLOSE,  /* automatic, explained closure */
	RECOVERY_ROUTE,  /* to the Recovery group with the quote and the SLA target */
	RECOVERY_ACTION_COUNT
};
const char *recovery_action_name(enum recovery_action a); /* "wait", "credit", "close", "route" */

#define RECOVERY_SUMMARY_MAX 1536

struct recovery_decision {
	enum recovery_case code;
	enum recovery_action action;
	bool automatic;       /* WAIT, CREDIT and CLOSE need no agent */
	bool second_approval; /* CREDIT: a second approver first */
	int64_t eta_ms; /* WAIT: expected confirmation, reopening or next check (0 = unknown) */
	int64_t sla_ms; /* ROUTE: the case's target, and its due time from now_ms */
	int64_t sla_due_at_ms; /* 0 when no target */
	struct recovery_quote quote;
	/* Why a case that could have been automatic is not (a stable code: "policy",
	 * "user_not_matched", ...; docs/internals/recovery.md); NULL when automatic. */
	const char *manual_reason;
	const char *message_key; /* customer-facing, one of recovery_message_key_at() */
	char summary[RECOVERY_SUMMARY_MAX + 1]; /* agent-facing English, valid UTF-8 */
	size_t summary_len;
};

/* Decides a case from the facts under the policy. RECOVERY_ERR_FACTS / _POLICY leave *out with
 * code RECOVERY_UNCREDITED, action ROUTE, reason "invalid_input" and a summary saying why. */
enum recovery_err recovery_classify(const struct recovery_facts *f, const struct recovery_policy *p,
                                    struct recovery_decision *out);

/* ------------------------------------------------------------------ message keys */

/* Every customer-facing key the classifier can produce, for the API's translation tables:
 * "recovery.<code in lower case>.<outcome>" with outcome wait, credited, approval, closed or
 * review, plus "recovery.below_recovery_minimum.closed". NULL past the end. */
const char *recovery_message_key_at(size_t i);
size_t recovery_message_key_count(void);

#endif
