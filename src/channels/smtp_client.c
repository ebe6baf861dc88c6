/* smtp_client.c — one SMTP transaction through libcurl. */
#include "channels/smtp_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t read_cb(char *buf, size_t size, size_t nitems, void *ctx)
{
	struct upload *u = ctx;
	size_t room = size * nitems, left = u->len - u->pos;
	size_t n = left < room ? left : room;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

enum smtp_result smtp_send(const struct smtp_config *cfg, const char *from, const char *to,
			   const char *data, size_t len, char *err, size_t err_size)
{
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(err, err_size, "curl_easy_init failed");
		return SMTP_TEMPORARY;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	char from_path[400];
	snprintf(from_path, sizeof from_path, "<%s>", from);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct upload u = {data, len, 0};
	curl_easy_setopt(c, CURLOPT_URL, cfg->url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_path);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout_s > 0 ? cfg->timeout_s : 120L);
	/* Encrypt when the relay offers STARTTLS; a loopback relay may not. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (cfg->user) {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->password ? cfg->password : "");
	}
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc == CURLE_OK)
		return SMTP_SENT;
	snprintf(err, err_size, "%s%s(smtp %ld)", *errbuf ? errbuf : curl_easy_strerror(rc),
		 *errbuf ? " " : " ", code);
	/* A 5xx answer is final; everything else (no connection, timeout, 4xx) may pass later. */
	return code >= 500 && code < 600 ? SMTP_PERMANENT : SMTP_TEMPORARY;
}
