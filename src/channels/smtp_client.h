/* smtp_client.h — hand one composed mail to a relay with libcurl (smtp:// with STARTTLS when
 * offered, or smtps://), and say whether a failure is worth retrying. */
#ifndef EXDESK_CHANNELS_SMTP_CLIENT_H
#define EXDESK_CHANNELS_SMTP_CLIENT_H
#include <stddef.h>

struct smtp_config {
	const char *url;  /* smtp://host:port */
	const char *user, *password; /* NULL: no AUTH */
	long timeout_s;   /* whole transfer */
};

enum smtp_result {
	SMTP_SENT,      /* the relay took it (250 after DATA) */
	SMTP_TEMPORARY, /* relay down, timeout, 4xx: try again later */
	SMTP_PERMANENT, /* 5xx: the relay will never take it (bad recipient, policy) */
};

/* err gets curl's and the server's reason on failure. */
enum smtp_result smtp_send(const struct smtp_config *cfg, const char *from, const char *to,
			   const char *data, size_t len, char *err, size_t err_size);

#endif
