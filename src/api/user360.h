/* user360.h — the exchange account beside a ticket (issue 8 item 2; docs/exchange/user-360.md):
 * what the exchange knows of a customer with an exchange uid — profile (KYC, VIP, account
 * status, 2FA), recent security changes, logins, balances, deposits, withdrawals, trades — read
 * through the connector at once, each part on its own so a slow or failing exchange shows what
 * it could and says which part is missing. */
#ifndef EXDESK_API_USER360_H
#define EXDESK_API_USER360_H
#include "http/http.h"

void h_ticket_exchange(struct request *r);   /* GET /api/v1/tickets/{id}/exchange */
void h_customer_exchange(struct request *r); /* GET /api/v1/customers/{id}/exchange */

#endif
