/* sla.c — see sla.h. */
#include "core/sla.h"

/* A reply exactly at the due time is on time, and a ticket is breached only once `now` is past
 * the due time: "within 10 minutes" includes the tenth minute's last millisecond. */
struct sla_metric sla_first_reply(int64_t created_at, int64_t first_reply_at, int64_t now)
{
	struct sla_metric m = {0, 0, 0};

	/* No creation time, no target: an unset (or nonsensical negative) time must not produce a
	 * due date in 1970 that every ticket has missed. */
	if (created_at <= 0)
		return m;
	m.due_at = created_at > INT64_MAX - SLA_FIRST_REPLY_MS ? INT64_MAX
	                                                       : created_at + SLA_FIRST_REPLY_MS;
	if (first_reply_at > 0) {
		m.fulfilled_at = first_reply_at;
		if (first_reply_at > m.due_at)
			m.breached_at = m.due_at;
	} else if (now > m.due_at) {
		m.breached_at = m.due_at;
	}
	return m;
}
