/* sla.h — response-target arithmetic. For now the desk's hard rule: a first public reply within
 * 10 minutes of creation. Times are milliseconds since the epoch; 0 means unset. Pure. */
#ifndef EXDESK_CORE_SLA_H
#define EXDESK_CORE_SLA_H
#include <stdint.h>

#define SLA_FIRST_REPLY_MS (10 * 60 * 1000)

struct sla_metric {
	int64_t due_at;
	int64_t fulfilled_at;
	int64_t breached_at; /* == due_at once missed (fulfilled late, or still open after due) */
};

/* First-reply metric of a ticket created at created_at, first publicly answered at
 * first_reply_at (0 if not yet), seen at `now`. */
struct sla_metric sla_first_reply(int64_t created_at, int64_t first_reply_at, int64_t now);

#endif
