/* exchange_secrets.h — the file of keys exdesk and an exchange share (docs/connector.md
 * "The demo exchange"): `name=value` lines, '#' comments. api_key/api_secret sign exdesk's calls
 * to the exchange's connector; webhook_key/webhook_secret sign the exchange's webhooks to exdesk.
 * Both `exdesk serve --exchange-secrets F` and `exdesk demo-exchange --secret-file F` read it, so
 * `make run` needs no set-up: the demo exchange creates it, the desk reads the same file. */
#ifndef EXDESK_CHANNELS_EXCHANGE_SECRETS_H
#define EXDESK_CHANNELS_EXCHANGE_SECRETS_H
#include <stdbool.h>
#include <stddef.h>

#include "core/hmac_sign.h"

struct exchange_secrets {
	char api_key[HMAC_SIGN_KEY_MAX + 1], webhook_key[HMAC_SIGN_KEY_MAX + 1];
	char api_secret[HMAC_SIGN_SECRET_MAX + 1], webhook_secret[HMAC_SIGN_SECRET_MAX + 1];
};

/* Reads path into out. create: a missing file is written first with fresh random secrets
 * (mode 0600). A file readable by others is logged as a warning. On failure err gets a sentence
 * naming the file and line, and out is wiped. */
bool exchange_secrets_read(const char *path, bool create, struct exchange_secrets *out,
                           char *err, size_t err_size);
/* Wipes the secrets from memory. */
void exchange_secrets_wipe(struct exchange_secrets *s);

#endif
