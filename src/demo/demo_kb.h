/* demo_kb.h — the demo desk's knowledge base: about twenty help-center articles on what an
 * exchange's customers ask most (a deposit not credited, a wrong network or missing memo, a
 * withdrawal under review, 2FA reset, KYC, P2P, futures liquidation, ...), the main ones in all
 * nine help-center locales, plus a draft. Created through the real API handlers (POST
 * /api/v1/kb/articles, PUT .../translations/{locale}, POST /api/v1/kb/sections) as the demo admin,
 * like everything else `exdesk seed-demo` makes, so the search index is built the production way.
 */
#ifndef EXDESK_DEMO_KB_H
#define EXDESK_DEMO_KB_H

struct store;
struct agent_row;

/* Create the demo articles as admin; returns how many calls failed (each is logged). */
int demo_kb_seed(struct store *st, const struct agent_row *admin);

#endif
