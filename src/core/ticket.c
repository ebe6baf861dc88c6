/* ticket.c — see ticket.h. Every rule is a table indexed by the enums, so adding a state means
 * editing one row, and the compiler (the static asserts) notices a table that fell behind. */
#include "core/ticket.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const status_names[TICKET_STATUS_COUNT] = {
    [TICKET_NEW] = "new",         [TICKET_OPEN] = "open",     [TICKET_PENDING] = "pending",
    [TICKET_ON_HOLD] = "on_hold", [TICKET_SOLVED] = "solved", [TICKET_CLOSED] = "closed",
};

static const char *const priority_names[PRIO_COUNT] = {
    [PRIO_LOW] = "low",
    [PRIO_NORMAL] = "normal",
    [PRIO_HIGH] = "high",
    [PRIO_URGENT] = "urgent",
};

static const char *const channel_names[CHANNEL_COUNT] = {
    [CHANNEL_EMAIL] = "email", [CHANNEL_CHAT] = "chat",   [CHANNEL_WEB] = "web",
    [CHANNEL_API] = "api",     [CHANNEL_PHONE] = "phone", [CHANNEL_TELEGRAM] = "telegram",
};

/* transitions[from][to]. The diagonal is true because setting the current state is a no-op
 * the API accepts; the NEW column is false everywhere else because nothing returns to new. */
/* clang-format off */
static const bool transitions[TICKET_STATUS_COUNT][TICKET_STATUS_COUNT] = {
	/* from \ to          new    open   pending on_hold solved closed */
	[TICKET_NEW]     = { true,  true,  true,   true,   true,  false },
	[TICKET_OPEN]    = { false, true,  true,   true,   true,  false },
	[TICKET_PENDING] = { false, true,  true,   true,   true,  false },
	[TICKET_ON_HOLD] = { false, true,  true,   true,   true,  false },
	[TICKET_SOLVED]  = { false, true,  false,  false,  true,  true  },
	[TICKET_CLOSED]  = { false, false, false,  false,  false, true  },
};
/* clang-format on */

static const enum customer_reply_effect reply_effects[TICKET_STATUS_COUNT] = {
    [TICKET_NEW] = REPLY_KEEP,       [TICKET_OPEN] = REPLY_KEEP,
    [TICKET_PENDING] = REPLY_REOPEN, [TICKET_ON_HOLD] = REPLY_REOPEN,
    [TICKET_SOLVED] = REPLY_REOPEN,  [TICKET_CLOSED] = REPLY_FOLLOWUP,
};

_Static_assert(sizeof status_names / sizeof status_names[0] == TICKET_STATUS_COUNT, "status");
_Static_assert(sizeof priority_names / sizeof priority_names[0] == PRIO_COUNT, "priority");
_Static_assert(sizeof channel_names / sizeof channel_names[0] == CHANNEL_COUNT, "channel");

/* Out-of-range values are programming errors; NULL makes them visible instead of printing a
 * plausible-looking but wrong name. */
static const char *name_of(const char *const *names, size_t n, int v)
{
	if (v < 0 || (size_t)v >= n)
		return NULL;
	return names[v];
}

static bool parse_name(const char *const *names, size_t n, const char *s, int *out)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	}
	return false;
}

const char *ticket_status_name(enum ticket_status s)
{
	return name_of(status_names, TICKET_STATUS_COUNT, (int)s);
}

const char *ticket_priority_name(enum ticket_priority p)
{
	return name_of(priority_names, PRIO_COUNT, (int)p);
}

const char *ticket_channel_name(enum ticket_channel c)
{
	return name_of(channel_names, CHANNEL_COUNT, (int)c);
}

bool ticket_status_parse(const char *s, enum ticket_status *out)
{
	int v;
	if (!parse_name(status_names, TICKET_STATUS_COUNT, s, &v))
		return false;
	*out = (enum ticket_status)v;
	return true;
}

bool ticket_priority_parse(const char *s, enum ticket_priority *out)
{
	int v;
	if (!parse_name(priority_names, PRIO_COUNT, s, &v))
		return false;
	*out = (enum ticket_priority)v;
	return true;
}

bool ticket_channel_parse(const char *s, enum ticket_channel *out)
{
	int v;
	if (!parse_name(channel_names, CHANNEL_COUNT, s, &v))
		return false;
	*out = (enum ticket_channel)v;
	return true;
}

bool ticket_transition_allowed(enum ticket_status from, enum ticket_status to)
{
	if ((unsigned)from >= TICKET_STATUS_COUNT || (unsigned)to >= TICKET_STATUS_COUNT)
		return false;
	return transitions[from][to];
}

/* An unknown state keeps the ticket as it is: the safe answer, since it neither reopens nor
 * spawns a ticket on the strength of a corrupt value. */
enum customer_reply_effect ticket_customer_reply_effect(enum ticket_status s)
{
	if ((unsigned)s >= TICKET_STATUS_COUNT)
		return REPLY_KEEP;
	return reply_effects[s];
}

void ticket_number_format(int64_t seq, char out[TICKET_NUMBER_MAX])
{
	snprintf(out, TICKET_NUMBER_MAX, TICKET_NUMBER_PREFIX "%" PRId64, seq);
}

/* 18 digits: every such value fits in int64_t, so no overflow check is needed past the count. */
#define NUMBER_MAX_DIGITS 18

bool ticket_number_parse(const char *s, size_t len, int64_t *seq)
{
	static const char prefix[] = TICKET_NUMBER_PREFIX;
	const size_t plen = sizeof prefix - 1;
	int64_t v = 0;

	if (s == NULL || len <= plen || len - plen > NUMBER_MAX_DIGITS)
		return false;
	/* ASCII case folding by hand: strncasecmp follows the locale and stops at NUL. */
	for (size_t i = 0; i < plen; i++) {
		char c = s[i];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != prefix[i])
			return false;
	}
	if (s[plen] == '0')
		return false;
	for (size_t i = plen; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*seq = v;
	return true;
}
