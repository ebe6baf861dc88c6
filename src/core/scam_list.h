/* scam_list.h — the address lists a withdrawal is checked against: sanctions (OFAC SDN digital
 * currency addresses), scam and phishing lists (CRYPTO-DOMAIN.md §3.3, rule R6). Parses one list
 * file into a sorted table and answers "is this (network, address) listed, by whom, as what".
 *
 * Owns: the file format below, its limits and per-line error reasons, the normalisation that
 * makes lookups exact (every address goes through address_check, so an EIP-55, lower-case and
 * upper-case spelling of one EVM address are one entry, a TRON hex form is its T... form, a TON
 * user-friendly form is its raw form), the collapsing of duplicates, and the lookup.
 * Never: fetches a list, decides what a hit means (withdrawal_risk.h does), or echoes a refused
 * line's content (a line may hold a private key; errors carry line numbers and reasons only).
 *
 * File format (UTF-8, one entry per line, LF or CRLF):
 *
 *   # OFAC SDN digital currency addresses (the addresses here are EIP-55 test vectors)
 *   network,address,source,label
 *   ETH,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed,sanctions:ofac-sdn,"Example Ltd, Moscow"
 *   ERC20,0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359,phishing:scamsniffer,假冒客服地址
 *
 *   - A line whose first non-blank character is '#' is a comment; blank lines are skipped; a
 *     UTF-8 byte order mark at the start of the file is skipped; the first non-comment line may
 *     be the header "network,address,source,label" (any case), which is skipped.
 *   - Exactly four comma-separated fields, as in RFC 4180: a field may be "double-quoted", with
 *     "" for a quote inside, so a label can hold commas. Blanks around fields are ignored.
 *   - network: a code or alias address_network_parse knows ("ETH", "ERC20", "TRC20", "BTC", ...).
 *   - address: a mainnet address of that network (address_check); testnet addresses, private keys
 *     and anything else refused there are line errors.
 *   - source: "<category>" or "<category>:<name>", category one of sanctions, scam, phishing (any
 *     case), name of letters, digits and . _ - (at most SCAM_LIST_MAX_SOURCE bytes in all). The
 *     category is what the risk rules act on; the name says which list to ask about it.
 *   - label: free UTF-8 text for the agent (Cyrillic, CJK, ...), no control characters, at most
 *     SCAM_LIST_MAX_LABEL bytes; may be empty.
 *
 * EVM addresses are one key across the EVM chains (address_same_format): an address listed as
 * ETH is found for a BSC or Arbitrum withdrawal too, since the same key controls it everywhere.
 * An address listed twice is one entry: the strongest category wins (sanctions over scam over
 * phishing), then the earliest line; its source and label are that line's.
 *
 * Memory: the table and its strings live in the arena the caller passes (arena.h aborts on
 * exhaustion, like the rest of the server); the input text is not kept. A parsed list is
 * read-only: any number of threads may look up in it at once. */
#ifndef EXDESK_CORE_SCAM_LIST_H
#define EXDESK_CORE_SCAM_LIST_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/address.h"

struct arena;

#define SCAM_LIST_MAX_BYTES   (64u << 20) /* a whole file: OFAC's list is ~50 KiB, big lists MiBs */
#define SCAM_LIST_MAX_ENTRIES 1000000     /* lines that hold an entry (before duplicates merge) */
#define SCAM_LIST_MAX_LINE    1024        /* bytes of one line, without its line end */
#define SCAM_LIST_MAX_SOURCE  64          /* bytes of the source field */
#define SCAM_LIST_MAX_LABEL   256         /* bytes of the label field */

/* Ordered from weakest to strongest: a duplicate keeps the strongest. */
enum scam_list_category {
	SCAM_LIST_PHISHING,  /* a phishing kit's or fake site's receiving address */
	SCAM_LIST_SCAM,      /* reported scam: fake support, investment fraud, poisoner */
	SCAM_LIST_SANCTIONS, /* a sanctions list (OFAC SDN): compliance decides, never CS */
};
/* "phishing", "scam", "sanctions"; NULL outside the enum. */
const char *scam_list_category_code(enum scam_list_category c);

struct scam_list_entry {
	enum address_network net; /* as listed */
	enum scam_list_category category;
	const char *address; /* normalised by address_check; NUL-terminated */
	size_t address_len;
	const char *source; /* as written ("sanctions:ofac-sdn"); NUL-terminated */
	const char *label;  /* NUL-terminated, possibly empty */
	size_t line;        /* 1-based line of the line that won (see above) */
	size_t times;       /* lines that listed this address (1 when it had no duplicates) */
};

/* What went wrong with the file as a whole. */
enum scam_list_err {
	SCAM_LIST_OK,
	SCAM_LIST_ERR_LINES, /* some lines were refused (see the line errors); the rest loaded */
	SCAM_LIST_ERR_TOO_LARGE, /* over SCAM_LIST_MAX_BYTES: nothing loaded */
	SCAM_LIST_ERR_TOO_MANY,  /* over SCAM_LIST_MAX_ENTRIES entry lines: nothing loaded */
};
const char *scam_list_strerror(enum scam_list_err e);

/* Why one line was refused. */
enum scam_list_line_err {
	SCAM_LINE_TOO_LONG,     /* over SCAM_LIST_MAX_LINE bytes */
	SCAM_LINE_BAD_UTF8,     /* not valid UTF-8 */
	SCAM_LINE_CONTROL_CHAR, /* a control character (NUL, ESC, C1, a lone CR, ...) */
	SCAM_LINE_FIELDS,       /* not exactly four fields */
	SCAM_LINE_QUOTE,        /* a quote that does not open or close a field properly */
	SCAM_LINE_NETWORK,      /* unknown network */
	SCAM_LINE_ADDRESS,      /* refused by address_check: see address_rc */
	SCAM_LINE_SOURCE,       /* empty, unknown category, bad characters or too long */
	SCAM_LINE_LABEL,        /* too long, or a tab inside */
};
/* A sentence ("not exactly four comma-separated fields") and a stable code ("fields"). */
const char *scam_list_line_strerror(enum scam_list_line_err e);
const char *scam_list_line_code(enum scam_list_line_err e);

struct scam_list_line_error {
	size_t line; /* 1-based */
	enum scam_list_line_err code;
	enum address_rc address_rc; /* for SCAM_LINE_ADDRESS; ADDRESS_OK otherwise */
};

struct scam_list {
	const struct scam_list_entry *entries; /* sorted for scam_list_lookup */
	size_t n;
	size_t lines;      /* lines in the file */
	size_t errors;     /* lines refused, including those beyond the caller's error array */
	size_t duplicates; /* entry lines merged into an earlier or stronger one */
};

/* Parses text[0..len) into *l, allocating from a. The first errors_cap line errors are written
 * to errors[] in line order (errors may be NULL when errors_cap is 0); l->errors counts them all.
 * Returns SCAM_LIST_OK, or SCAM_LIST_ERR_LINES with every good line loaded (the caller decides
 * whether a partly loaded sanctions list may be used), or a whole-file error with l->n == 0. */
enum scam_list_err scam_list_parse(struct scam_list *l, struct arena *a, const char *text,
                                   size_t len, struct scam_list_line_error *errors,
                                   size_t errors_cap);

/* The entry for an address in the normalised form address_check gives (exact bytes), or NULL.
 * net may be any EVM chain for an EVM address. O(log n), no allocation. */
const struct scam_list_entry *scam_list_lookup(const struct scam_list *l, enum address_network net,
                                               const char *normalized, size_t len);

/* The same for an address as a user typed it: validated and normalised first; NULL when it is
 * not a valid address of net. */
const struct scam_list_entry *scam_list_lookup_text(const struct scam_list *l,
                                                    enum address_network net, const char *text,
                                                    size_t len);

#endif
