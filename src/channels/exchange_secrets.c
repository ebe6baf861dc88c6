/* exchange_secrets.c — see exchange_secrets.h. */
#include "channels/exchange_secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/log.h"

#define LINE_MAX_BYTES 600

static bool write_fresh(const char *path)
{
	unsigned char a[32], w[32];
	char ah[65], wh[65];
	randombytes_buf(a, sizeof a);
	randombytes_buf(w, sizeof w);
	sodium_bin2hex(ah, sizeof ah, a, sizeof a);
	sodium_bin2hex(wh, sizeof wh, w, sizeof w);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return false;
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		return false;
	}
	fprintf(f,
	        "# the keys exdesk and the exchange share (docs/connector.md)\n"
	        "# api_*: exdesk signs its calls to the exchange; webhook_*: the exchange signs its\n"
	        "# webhooks to exdesk. Secrets are used as written (32 to 256 bytes).\n"
	        "api_key=exdesk\napi_secret=%s\nwebhook_key=demo-exchange\nwebhook_secret=%s\n",
	        ah, wh);
	sodium_memzero(ah, sizeof ah);
	sodium_memzero(wh, sizeof wh);
	return fclose(f) == 0;
}

static bool set(char *dst, size_t cap, const char *v, size_t min)
{
	size_t n = strlen(v);
	if (n < min || n >= cap)
		return false;
	memcpy(dst, v, n + 1);
	return true;
}

void exchange_secrets_wipe(struct exchange_secrets *s)
{
	sodium_memzero(s, sizeof *s);
}

bool exchange_secrets_read(const char *path, bool create, struct exchange_secrets *s, char *err,
                           size_t err_size)
{
	memset(s, 0, sizeof *s);
	struct stat st;
	if (stat(path, &st) != 0) {
		if (!create || errno != ENOENT || !write_fresh(path)) {
			snprintf(err, err_size, "cannot %s the secret file %s",
			         create ? "create" : "read", path);
			return false;
		}
		log_event(LOG_INFO, "exchange_secrets_created", "path=\"%s\"", path);
	} else if (st.st_mode & 077) {
		log_event(LOG_WARN, "exchange_secrets_readable",
		          "path=\"%s\" mode=%o advice=\"chmod 600\"", path,
		          (unsigned)(st.st_mode & 0777));
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, err_size, "cannot read the secret file %s", path);
		return false;
	}
	char line[LINE_MAX_BYTES];
	int no = 0;
	bool ok = true;
	while (ok && fgets(line, sizeof line, f)) {
		no++;
		size_t n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' '))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq) {
			ok = false;
			break;
		}
		*eq = '\0';
		const char *k = line, *v = eq + 1;
		if (!strcmp(k, "api_key"))
			ok = set(s->api_key, sizeof s->api_key, v, 1);
		else if (!strcmp(k, "webhook_key"))
			ok = set(s->webhook_key, sizeof s->webhook_key, v, 1);
		else if (!strcmp(k, "api_secret"))
			ok = set(s->api_secret, sizeof s->api_secret, v, HMAC_SIGN_SECRET_MIN);
		else if (!strcmp(k, "webhook_secret"))
			ok = set(s->webhook_secret, sizeof s->webhook_secret, v,
			         HMAC_SIGN_SECRET_MIN);
		else
			ok = false;
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
	if (!ok) {
		snprintf(err, err_size,
		         "%s line %d: expected api_key=, api_secret=, webhook_key= or "
		         "webhook_secret= (secrets of 32 to 256 bytes)",
		         path, no);
		exchange_secrets_wipe(s);
		return false;
	}
	if (!s->api_key[0] || !s->api_secret[0] || !s->webhook_key[0] || !s->webhook_secret[0]) {
		snprintf(err, err_size,
		         "%s needs api_key, api_secret, webhook_key and webhook_secret", path);
		exchange_secrets_wipe(s);
		return false;
	}
	struct hmac_sign_request probe = {"GET", "/", s->api_key, 0, "0123456789abcdef", NULL, 0};
	struct hmac_sign_request probe2 = probe;
	probe2.key = s->webhook_key;
	if (hmac_sign_check_fields(&probe) != HMAC_SIGN_OK ||
	    hmac_sign_check_fields(&probe2) != HMAC_SIGN_OK) {
		snprintf(err, err_size, "%s: a key id is 1 to 64 of A-Z a-z 0-9 . _ -", path);
		exchange_secrets_wipe(s);
		return false;
	}
	return true;
}
