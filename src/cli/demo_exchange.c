/* demo_exchange.c — `exdesk demo-exchange`: runs the demo exchange (src/exchange/demo_server.h)
 * until SIGTERM or SIGINT. Its data lives in its own directory, apart from the desk's.
 *
 * The secret file holds the keys both sides share, one `name=value` a line (docs/connector.md
 * "Keys"): api_key/api_secret sign exdesk's calls to the exchange, webhook_key/webhook_secret
 * the exchange's webhooks to exdesk. A missing file is created with fresh random secrets
 * (mode 0600), so `make run` needs no setup and exdesk can read the same file. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "channels/exchange_secrets.h"
#include "core/hmac_sign.h"
#include "exchange/demo_server.h"
#include "util/log.h"

#define DEFAULT_DIR    "./var/exchange"
#define DEFAULT_LISTEN "127.0.0.1:8090"

static const char USAGE[] = "usage: exdesk demo-exchange [--data DIR] [--listen HOST:PORT] "
                            "[--secret-file F] [--webhook URL] [--reset]";

static int fail(const char *msg)
{
	fprintf(stderr, "exdesk: %s\n", msg);
	return 1;
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
	struct exchange_secrets s;
	char why[4300];
	if (!exchange_secrets_read(secret_file ? secret_file : secrets_path, true, &s, why,
	                           sizeof why)) {
		fprintf(stderr, "exdesk: %s\n", why);
		return 1;
	}
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
	exchange_secrets_wipe(&s);
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
