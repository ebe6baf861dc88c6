/* ticket.h — the ticket's domain rules: states and their transitions, priorities, channels,
 * human-readable numbers, and what a customer's message does to a ticket.
 * Pure functions: no I/O, no allocation, no knowledge of the store or HTTP. */
#ifndef EXDESK_CORE_TICKET_H
#define EXDESK_CORE_TICKET_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ticket_status {
	TICKET_NEW,
	TICKET_OPEN,
	TICKET_PENDING,
	TICKET_ON_HOLD,
	TICKET_SOLVED,
	TICKET_CLOSED,
	TICKET_STATUS_COUNT
};

enum ticket_priority { PRIO_LOW, PRIO_NORMAL, PRIO_HIGH, PRIO_URGENT, PRIO_COUNT };

enum ticket_channel {
	CHANNEL_EMAIL,
	CHANNEL_CHAT,
	CHANNEL_WEB,
	CHANNEL_API,
	CHANNEL_PHONE,
	CHANNEL_TELEGRAM,
	CHANNEL_COUNT
};

/* Names as they appear in the API ("on_hold", "urgent", "telegram"). */
const char *ticket_status_name(enum ticket_status s);
const char *ticket_priority_name(enum ticket_priority p);
const char *ticket_channel_name(enum ticket_channel c);
/* Parse an exact API name; return false (and leave *out alone) for anything else. */
bool ticket_status_parse(const char *s, enum ticket_status *out);
bool ticket_priority_parse(const char *s, enum ticket_priority *out);
bool ticket_channel_parse(const char *s, enum ticket_channel *out);

/* May an agent move a ticket from `from` to `to`? Same state is allowed (a no-op).
 * new -> open|pending|on_hold|solved; open -> pending|on_hold|solved;
 * pending -> open|on_hold|solved; on_hold -> open|pending|solved; solved -> open|closed;
 * closed -> nothing. Nothing ever returns to new. */
bool ticket_transition_allowed(enum ticket_status from, enum ticket_status to);

/* What a customer's message does to a ticket in state `s`. */
enum customer_reply_effect {
	REPLY_KEEP,     /* new/open: stays as it is */
	REPLY_REOPEN,   /* pending/on_hold/solved: becomes open */
	REPLY_FOLLOWUP, /* closed: a new linked follow-up ticket takes the message */
};
enum customer_reply_effect ticket_customer_reply_effect(enum ticket_status s);

/* Human-readable numbers: sequence 100012 <-> "EXD-100012". The sequence is allocated by the
 * store; this only formats and parses. Parsing is strict: prefix "EXD-" (case-insensitive),
 * 1..18 digits, no sign, no leading zeros, value >= 1. */
#define TICKET_NUMBER_PREFIX "EXD-"
#define TICKET_NUMBER_MAX 32
void ticket_number_format(int64_t seq, char out[TICKET_NUMBER_MAX]);
bool ticket_number_parse(const char *s, size_t len, int64_t *seq);

#endif
