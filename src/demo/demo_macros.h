/* demo_macros.h — the demo desk's canned replies: the answers an exchange's first line gives
 * many times a day (a deposit that has not arrived, a withdrawal under review, a wrong network or
 * missing memo, a 2FA reset, thanks and solve, a VIP callback) in the desk's nine languages, plus
 * one internal note in English. Created through the real API handler (POST /api/v1/macros) as
 * the demo admin, like everything else `exdesk seed-demo` makes. */
#ifndef EXDESK_DEMO_MACROS_H
#define EXDESK_DEMO_MACROS_H

struct store;
struct agent_row;

/* Create the demo macros as admin; returns how many could not be created (logged). */
int demo_macros_seed(struct store *st, const struct agent_row *admin);

#endif
