/* demo_server.h — `exdesk demo-exchange`: a small exchange that implements the connector of
 * docs/connector.md over its own SQLite file, so exdesk works end to end without a real
 * exchange and the tests talk to a real peer over HTTP.
 *
 * It owns: its libmicrohttpd server, its database (src/store/exchange_demo.h, seeded by
 * src/demo/exchange_seed.c on first start), signature checks on every /v1 request
 * (core/hmac_sign.h), idempotent actions, and the webhook outbox it delivers to exdesk.
 * It never touches exdesk's own store, and exdesk's code never includes this header: the two
 * meet only over HTTP. */
#ifndef EXDESK_EXCHANGE_DEMO_SERVER_H
#define EXDESK_EXCHANGE_DEMO_SERVER_H
#include <stddef.h>
#include <stdint.h>

struct demo_exchange_config {
	const char *host; /* numeric IPv4 address to listen on */
	uint16_t port;
	unsigned threads;    /* libmicrohttpd's pool; 0 = 4 */
	const char *db_path; /* the demo exchange's database file */
	/* Who may call the connector: the key id and secret exdesk signs with. */
	const char *api_key;
	const uint8_t *api_secret;
	size_t api_secret_len;
	/* Where webhooks go (NULL: they wait in the outbox) and how they are signed. */
	const char *webhook_url;
	const char *webhook_key;
	const uint8_t *webhook_secret;
	size_t webhook_secret_len;
};

struct demo_exchange;

/* Opens (and on first start seeds) the database, starts the server and, with a webhook URL,
 * the webhook sender. NULL with the reason logged when any of it fails. The strings and
 * secrets are copied. */
struct demo_exchange *demo_exchange_start(const struct demo_exchange_config *cfg);
/* Stops taking requests, finishes those under way, stops the sender, closes the database. */
void demo_exchange_stop(struct demo_exchange *x);

#endif
