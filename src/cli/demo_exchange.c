/* demo_exchange.c — `exdesk demo-exchange`: runs the demo exchange (src/exchange/demo_server.h)
 * until SIGTERM or SIGINT. Its data lives in its own directory, apart from the desk's.
 *
 * The secret file holds the keys both sides share, one `name=value` a line (docs/connector.md
 * "Keys"): api_key/api_secret sign exdesk's calls to the exchange, webhook_key/webhook_secret
 * the exchange's webhooks to exdesk. A missing file is created with fresh random secrets
 * (mode 0600), so `make run` needs no setup and exdesk can read the same file. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/hmac_sign.h"
#include "exchange/demo_server.h"
#include "util/log.h"

#define DEFAULT_DIR    "./var/exchange"
#define DEFAULT_LISTEN "127.0.0.1:8090"
#define LINE_MAX_BYTES 600

static const char USAGE[] = "usage: exdesk demo-exchange [--data DIR] [--listen HOST:PORT] "
                            "[--secret-file F] [--webhook URL] [--reset]";

static int fail(const char *msg)
{
	fprintf(stderr, "exdesk: %s\n", msg);
	return 1;
}

struct secrets {
	char api_key[HMAC_SIGN_KEY_MAX + 1], webhook_key[HMAC_SIGN_KEY_MAX + 1];
	char api_secret[HMAC_SIGN_SECRET_MAX + 1], webhook_secret[HMAC_SIGN_SECRET_MAX + 1];
};

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
	fprintf(
	    f,
	    "# exdesk demo exchange: the keys exdesk and the exchange share (docs/connector.md)\n"
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

/* Reads the secret file; prints the problem and returns false when it is unusable. */
static bool read_secrets(const char *path, struct secrets *s)
{
	memset(s, 0, sizeof *s);
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT || !write_fresh(path)) {
			fprintf(stderr, "exdesk: cannot create the secret file %s\n", path);
			return false;
		}
		log_event(LOG_INFO, "demo_exchange_secrets_created", "path=\"%s\"", path);
	} else if (st.st_mode & 077) {
		log_event(LOG_WARN, "demo_exchange_secrets_readable",
		          "path=\"%s\" mode=%o advice=\"chmod 600\"", path,
		          (unsigned)(st.st_mode & 0777));
	}
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "exdesk: cannot read the secret file %s\n", path);
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
		fprintf(stderr,
		        "exdesk: %s line %d: expected api_key=, api_secret=, webhook_key= or "
		        "webhook_secret= (secrets of 32 to 256 bytes)\n",
		        path, no);
		return false;
	}
	if (!s->api_key[0] || !s->api_secret[0] || !s->webhook_key[0] || !s->webhook_secret[0]) {
		fprintf(stderr,
		        "exdesk: %s needs api_key, api_secret, webhook_key and "
		        "webhook_secret\n",
		        path);
		return false;
	}
	struct hmac_sign_request probe = {"GET", "/", s->api_key, 0, "0123456789abcdef", NULL, 0};
	struct hmac_sign_request probe2 = probe;
	probe2.key = s->webhook_key;
	if (hmac_sign_check_fields(&probe) != HMAC_SIGN_OK ||
	    hmac_sign_check_fields(&probe2) != HMAC_SIGN_OK) {
		fprintf(stderr, "exdesk: %s: a key id is 1 to 64 of A-Z a-z 0-9 . _ -\n", path);
		return false;
	}
	return true;
}

static bool parse_listen(const char *s, char *host, size_t hostsz, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || (size_t)(colon - s) >= hostsz)
		return false;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end || p < 1 || p > 65535)
		return false;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = (uint16_t)p;
	return true;
}

static void remove_db(const char *db)
{
	static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		char p[4200];
		snprintf(p, sizeof p, "%s%s", db, suffix[i]);
		unlink(p);
	}
}

int cmd_demo_exchange(int argc, char **argv)
{
	const char *dir = DEFAULT_DIR, *listen = DEFAULT_LISTEN, *secret_file = NULL,
	           *webhook = NULL;
	bool reset = false;
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
	                                     {"listen", required_argument, NULL, 'l'},
	                                     {"secret-file", required_argument, NULL, 's'},
	                                     {"webhook", required_argument, NULL, 'w'},
	                                     {"reset", no_argument, NULL, 'r'},
	                                     {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 's':
			secret_file = optarg;
			break;
		case 'w':
			webhook = optarg;
			break;
		case 'r':
			reset = true;
			break;
		default:
			return fail(USAGE);
		}
	}
	if (optind != argc)
		return fail(USAGE);
	char host[64];
	uint16_t port;
	if (!parse_listen(listen, host, sizeof host, &port))
		return fail("--listen takes HOST:PORT, e.g. 127.0.0.1:8090");
	if (webhook && strncmp(webhook, "http://", 7) != 0 && strncmp(webhook, "https://", 8) != 0)
		return fail("--webhook takes a URL: http://HOST:PORT/PATH");
	if (strlen(dir) > 4000)
		return fail("--data is too long");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "exdesk: cannot create the data directory %s\n", dir);
		return 1;
	}
	char db_path[4100], secrets_path[4100];
	snprintf(db_path, sizeof db_path, "%s/exchange.db", dir);
	snprintf(secrets_path, sizeof secrets_path, "%s/secrets", dir);
	struct secrets s;
	if (!read_secrets(secret_file ? secret_file : secrets_path, &s))
		return 1;
	if (reset)
		remove_db(db_path);

	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct demo_exchange_config cfg = {.host = host,
	                                   .port = port,
	                                   .db_path = db_path,
	                                   .api_key = s.api_key,
	                                   .api_secret = (const uint8_t *)s.api_secret,
	                                   .api_secret_len = strlen(s.api_secret),
	                                   .webhook_url = webhook,
	                                   .webhook_key = s.webhook_key,
	                                   .webhook_secret = (const uint8_t *)s.webhook_secret,
	                                   .webhook_secret_len = strlen(s.webhook_secret)};
	struct demo_exchange *x = demo_exchange_start(&cfg);
	sodium_memzero(&s, sizeof s);
	if (!x)
		return fail("the demo exchange could not start (see the log above; is the port "
		            "taken?)");
	log_event(LOG_INFO, "demo_exchange_serving", "url=http://%s:%u data=\"%s\" webhook=%s",
	          host, port, dir, webhook ? webhook : "-");
	int sig;
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "demo_exchange_stopping", "signal=%d", sig);
	demo_exchange_stop(x);
	return 0;
}
