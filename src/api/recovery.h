/* recovery.h (api) — deposit recovery, end to end (issue 8 item 3; docs/exchange/recovery.md).
 * core/recovery.h checks the form and classifies; this layer files the case (help center,
 * widget), asks the exchange connector for the facts, records the decision with its ticket,
 * credits through the connector (idempotency key "recovery:<case id>"), and answers customers
 * and agents.
 *
 * Files: recovery_settings.c (policy, prices, the report), recovery_check.c (connector facts,
 * decision, credit), recovery_cases.c (the customer's doors), recovery_desk.c (the agents'
 * endpoints), recovery_texts.c (customer texts in nine languages), crypto_validate.c (the
 * as-you-type field check). Connector calls are never made inside a write job. */
#ifndef EXDESK_API_RECOVERY_H
#define EXDESK_API_RECOVERY_H
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"
#include "core/recovery.h"
#include "store/recovery.h"

#define RECOVERY_GROUP     "Recovery"
#define RECOVERY_CATEGORY  "recovery"
#define RECOVERY_REF_MAX   24
#define RECOVERY_PRICES_MAX 200 /* assets with a reference price */

/* ---- settings (recovery_settings.c): setting "recovery" over recovery_policy_default ---- */
struct recovery_settings {
	struct recovery_policy policy;
	json_t *prices; /* {"XRP": "2.1", ...} in the policy currency; owned, may be empty */
};
/* The effective settings; never fails (defaults when unset or unreadable). Free with
 * recovery_settings_free. */
void recovery_settings_load(struct db *db, struct recovery_settings *out);
void recovery_settings_free(struct recovery_settings *s);
/* The asset's decimals as exchanges count them (BTC 8, USDT 6, ...), or
 * RECOVERY_DECIMALS_UNKNOWN. */
int recovery_asset_decimals(const char *asset);
/* amount x the asset's reference price, in minor units of the policy currency; false when the
 * asset has no price. */
bool recovery_value_of(const struct recovery_settings *s, const char *asset, struct amount amount,
                       uint64_t *value_minor);
void h_recovery_settings_get(struct request *r);
void h_recovery_settings_put(struct request *r);
void h_recovery_report(struct request *r);

/* ---- checking and acting (recovery_check.c) ---- */
/* Checks case id with the exchange (unless it is closed or credited), records the decision and
 * its messages, and credits when the decision is an automatic credit that needs no second
 * approval, or when the case's credit was approved or interrupted. who acts (an agent, or
 * {"system", 0}). Returns false only when the case does not exist or the store failed; a
 * connector failure leaves the case in state error with the reason. */
bool recovery_run(struct store *st, int64_t id, const struct actor *who);
/* Sends the credit of case id through the connector and records the outcome (state crediting
 * or error with action credit only). */
bool recovery_credit(struct store *st, int64_t id, const struct actor *who);

/* The exchange's deposit.seen event (exchange_events.c's table): the cases waiting on that
 * transaction, or stuck in error, are checked again at once — the background re-check of a
 * case whose deposit the chain has now confirmed or the exchange has now seen. */
struct exev;
enum exev_result recovery_on_deposit_seen(struct exev *ev);

/* ---- rendering ---- */
/* The case for agents (everything) or for the customer (state, outcome text, amounts, no
 * facts or summary). */
json_t *recovery_case_json(struct arena *a, const struct recovery_case_row *c, bool agent);

/* ---- texts (recovery_texts.c) ---- */
/* The customer-facing reply for the case's message key in its language (English when the
 * language has no text), variables filled from the case. */
char *recovery_customer_text(struct arena *a, const struct recovery_case_row *c);
/* A state as the customer reads it, in lang. */
const char *recovery_state_word(const char *state, const char *lang);

/* ---- handlers ---- */
void h_crypto_validate(struct request *r);        /* POST /api/v1/crypto/validate */
void h_help_recovery_create(struct request *r);   /* POST /api/v1/help/recovery */
void h_help_recovery_lookup(struct request *r);   /* POST /api/v1/help/recovery/lookup */
void h_widget_recovery_create(struct request *r); /* POST /api/v1/widget/recovery */
void h_widget_recovery_list(struct request *r);   /* GET /api/v1/widget/recovery */
void h_recovery_list(struct request *r);          /* GET /api/v1/recovery/cases */
void h_recovery_get(struct request *r);           /* GET /api/v1/recovery/cases/{id} */
void h_recovery_retry(struct request *r);         /* POST .../{id}/retry */
void h_recovery_approve(struct request *r);       /* POST .../{id}/approve */
void h_recovery_credit_manual(struct request *r); /* POST .../{id}/credit */
void h_recovery_close(struct request *r);         /* POST .../{id}/close */

#endif
