/* lmtp_server.h — accept LMTP connections from an MTA on a TCP address and run one
 * lmtp_session per connection on its own thread (deliveries block on the store's commit, and
 * an MTA opens only a few connections). Connections past the limit get 421 and are closed; an
 * idle connection is closed after the RFC 5321 timeout. */
#ifndef EXDESK_CHANNELS_LMTP_SERVER_H
#define EXDESK_CHANNELS_LMTP_SERVER_H
#include "channels/lmtp_session.h"

struct lmtp_server;
/* host:port as given to --lmtp; NULL (logged) if it cannot listen. */
struct lmtp_server *lmtp_server_start(const char *host, int port, const struct lmtp_config *cfg,
				      lmtp_deliver_fn deliver, void *ctx);
int lmtp_server_port(const struct lmtp_server *s); /* the bound port (useful with port 0) */
/* Stop accepting, let sessions finish their current command, close everything. */
void lmtp_server_stop(struct lmtp_server *s);

#endif
