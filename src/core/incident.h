/* incident.h — the pure rules of trading incidents (docs/exchange/incidents.md): which
 * statuses and products there are, which product means which ticket category, whether a ticket
 * matches an incident's link rule, and the strict reading of a compensation list (CSV text with
 * the header uid,asset,amount,reason) into rows with exact amounts and per-asset totals.
 *
 * Owns no storage and does no I/O; strings it returns live in the caller's arena. */
#ifndef EXDESK_CORE_INCIDENT_H
#define EXDESK_CORE_INCIDENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/amount.h"
#include "util/arena.h"

#define INCIDENT_MAX_TITLE       200  /* bytes */
#define INCIDENT_MAX_DESCRIPTION 8000 /* bytes */
#define INCIDENT_MAX_BANNER      500  /* bytes of one language's public text */
#define INCIDENT_MAX_PRODUCTS    20
#define INCIDENT_MAX_PRODUCT     32 /* bytes of one product slug */
#define INCIDENT_MAX_KEYWORDS    20
#define INCIDENT_MAX_KEYWORD     100 /* bytes */
/* Tickets created up to this long after an incident's end still link by rule: customers write
 * in after the fact. */
#define INCIDENT_LINK_GRACE_MS (24LL * 3600 * 1000)

#define COMP_CSV_MAX    (512 * 1024) /* bytes of one compensation list */
#define COMP_MAX_ROWS   10000
#define COMP_MAX_UID    64
#define COMP_MAX_ASSET  20
#define COMP_MAX_REASON 500 /* bytes, the connector's limit for free text */
#define COMP_MAX_ERRORS 100 /* per-line errors reported; more are counted */

enum incident_status {
	INCIDENT_INVESTIGATING,
	INCIDENT_IDENTIFIED,
	INCIDENT_MONITORING,
	INCIDENT_RESOLVED,
};
const char *incident_status_name(enum incident_status s);
bool incident_status_parse(const char *s, enum incident_status *out);

/* A product slug: 1..INCIDENT_MAX_PRODUCT of a-z 0-9 _ -. */
bool incident_product_valid(const char *s, size_t len);
/* The ticket category a product's tickets are filed under ("spot" -> "trading"), or NULL when
 * no category is that product's (then only tags and keywords link). */
const char *incident_product_category(const char *product);

/* What the link rule reads of a ticket. */
struct incident_ticket_view {
	const char *category; /* may be NULL */
	const char *const *tags;
	size_t n_tags;
	const char *subject, *body; /* body: the first customer message; may be NULL */
	int64_t created_at;
};
struct incident_rule {
	const char *const *products;
	size_t n_products;
	const char *const *keywords;
	size_t n_keywords;
	int64_t starts_at, ends_at; /* ends_at 0: still going */
};
/* Created in [starts_at, ends_at + grace] (no end: any time after the start), and either filed
 * under a product's category, tagged with a product or its category, or holding a keyword in its
 * subject or first message (ASCII letters without regard to case). */
bool incident_rule_matches(const struct incident_rule *rule, const struct incident_ticket_view *t);

/* ---- compensation lists ---- */
struct comp_row {
	int line; /* 1-based line in the CSV; the header is line 1 */
	const char *uid, *asset, *amount, *reason; /* amount in its shortest exact form */
	struct amount value;
};
struct comp_total {
	const char *asset;
	struct amount sum;
	int rows;
};
struct comp_error {
	int line;
	const char *field; /* "uid", "asset", "amount", "reason", "line", "header" */
	const char *message;
};
struct comp_list {
	struct comp_row *rows;
	size_t n_rows;
	struct comp_total *totals;
	size_t n_totals;
	struct comp_error *errors; /* at most COMP_MAX_ERRORS */
	size_t n_errors, errors_total;
};
/* Reads csv[0..len) strictly: a UTF-8 BOM is allowed before the header, the header is exactly
 * `uid,asset,amount,reason`, lines end in LF or CRLF, fields may be double-quoted (RFC 4180,
 * `""` inside quotes), empty lines only at the end. A uid is 1..64 of A-Z a-z 0-9 . _ -, an
 * asset 1..20 of A-Z 0-9, an amount a positive exact decimal (core/amount.h), a reason 1..500
 * bytes of UTF-8 without control characters. A uid listed twice is an error on its second line
 * (the exchange pays one compensation per incident and uid). The input must already be valid
 * UTF-8. True when there is at least one row and no error; out is filled either way. */
bool comp_list_parse(struct arena *a, const char *csv, size_t len, struct comp_list *out);

#endif
