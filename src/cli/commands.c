/* commands.c — the administrative subcommands. They change data through the same write jobs
 * as the HTTP API (src/api/people.h), so the audit trail records them the same way, with the
 * actor "cli". */
#include "cli/cli.h"

#include <ctype.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include "api/api.h"
#include "api/chat.h"
#include "api/exchange.h"
#include "api/mail.h"
#include "api/people.h"
#include "core/identity.h"
#include "core/perm.h"
#include "core/validate.h"
#include "http/push.h"
#include "http/server.h"
#include "store/db.h"
#include "store/store.h"
#include "util/log.h"
#include "util/utf8.h"

#define DEFAULT_DATA "./var"
/* Request threads. A write holds its thread until its group commit is durable, so the threads
 * bound how many writes can share one fsync (docs/performance.md "Threads"). */
#define SERVE_DEFAULT_THREADS 16

struct store *cli_open_store(const char *data_dir)
{
	struct store *s;
	if (store_open(data_dir, &s) != DB_OK) {
		fprintf(stderr, "exdesk: cannot open the data directory %s (see the log above)\n",
			data_dir);
		return NULL;
	}
	return s;
}

static int fail(const char *msg)
{
	fprintf(stderr, "exdesk: %s\n", msg);
	return 1;
}

static int job_failed(int rc, const struct job_error *e)
{
	if (rc == JOB_FAILED && e->message)
		fprintf(stderr, "exdesk: %s\n", e->message);
	else
		fprintf(stderr, "exdesk: the change could not be saved\n");
	return 1;
}

/* ---- serve ---- */

static bool parse_listen(const char *s, char *host, size_t hostsz, uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || (size_t)(colon - s) >= hostsz || colon == s)
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

int cmd_serve(int argc, char **argv)
{
	const char *data = DEFAULT_DATA, *listen = "127.0.0.1:8080", *lmtp = NULL, *smtp = NULL,
		   *imap = NULL;
	struct exchange_settings exchange = {0};
	long threads = SERVE_DEFAULT_THREADS, max_queued = 0, writers = 0;
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
					     {"sync", required_argument, NULL, 's'},
					     {"max-queued-writes", required_argument, NULL, 'q'},
					     {"write-workers", required_argument, NULL, 'w'},
					     {"listen", required_argument, NULL, 'l'},
					     {"threads", required_argument, NULL, 't'},
					     {"lmtp", required_argument, NULL, 'L'},
					     {"smtp", required_argument, NULL, 'S'},
					     {"imap", required_argument, NULL, 'I'},
					     {"exchange", required_argument, NULL, 'X'},
					     {"exchange-secrets", required_argument, NULL, 'K'},
					     {"exchange-timeout-ms", required_argument, NULL, 'T'},
					     {NULL, 0, NULL, 0}};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			data = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'L':
			lmtp = optarg;
			break;
		case 'S':
			smtp = optarg;
			break;
		case 'I':
			imap = optarg;
			break;
		case 'X':
			exchange.url = optarg;
			break;
		case 'K':
			exchange.secrets_path = optarg;
			break;
		case 'T': {
			char *end;
			exchange.timeout_ms = strtol(optarg, &end, 10);
			if (*end || exchange.timeout_ms < 50 || exchange.timeout_ms > 120000)
				return fail("--exchange-timeout-ms takes a number from 50 to 120000");
			break;
		}
		case 's':
			if (!strcmp(optarg, "full"))
				db_set_sync(DB_SYNC_FULL);
			else if (!strcmp(optarg, "normal"))
				db_set_sync(DB_SYNC_NORMAL);
			else
				return fail("--sync is full (a 2xx survives power loss; the default) or normal "
					    "(survives a crash of exdesk, not of the machine)");
			break;
		case 'q': {
			char *end;
			max_queued = strtol(optarg, &end, 10);
			if (*end || max_queued < 1 || max_queued > 1000000)
				return fail("--max-queued-writes takes a number from 1 to 1000000");
			break;
		}
		case 'w': {
			char *end;
			writers = strtol(optarg, &end, 10);
			if (*end || writers < 1 || writers > 200)
				return fail("--write-workers takes a number from 1 to 200");
			break;
		}
		case 't': {
			char *end;
			threads = strtol(optarg, &end, 10);
			if (*end || threads < 1 || threads > 256)
				return fail("--threads takes a number from 1 to 256");
			break;
		}
		default:
			return fail("usage: exdesk serve [--data DIR] [--listen HOST:PORT] [--threads N] "
				    "[--sync full|normal] [--write-workers N] [--max-queued-writes N] "
				    "[--lmtp HOST:PORT] [--smtp URL] [--imap URL] [--exchange URL "
				    "--exchange-secrets FILE] [--exchange-timeout-ms N]");
		}
	}
	char host[64], lmtp_host[64];
	uint16_t port, lmtp_port = 0;
	if (!parse_listen(listen, host, sizeof host, &port))
		return fail("--listen takes HOST:PORT, e.g. 127.0.0.1:8080");
	if (lmtp && !parse_listen(lmtp, lmtp_host, sizeof lmtp_host, &lmtp_port))
		return fail("--lmtp takes HOST:PORT, e.g. 127.0.0.1:2424");
	if (smtp && strncmp(smtp, "smtp://", 7) != 0 && strncmp(smtp, "smtps://", 8) != 0)
		return fail("--smtp takes a URL: smtp://HOST:PORT or smtps://HOST:PORT");
	if (imap && strncmp(imap, "imap://", 7) != 0 && strncmp(imap, "imaps://", 8) != 0)
		return fail("--imap takes a URL: imap://USER@HOST:PORT/MAILBOX (password in "
			    "EXDESK_IMAP_PASSWORD)");

	if (exchange.url && strncmp(exchange.url, "http://", 7) != 0 &&
	    strncmp(exchange.url, "https://", 8) != 0)
		return fail("--exchange takes the connector's base URL: http://HOST:PORT");
	char exchange_err[4400];
	if (!exchange_configure(&exchange, exchange_err, sizeof exchange_err))
		return fail(exchange_err);

	/* Block the stop signals in every thread; this one waits for them with sigwait. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Request arenas come and go by the thousand per second: keep freed memory in the heap
	 * instead of giving it back (and faulting it in again) on every request. */
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	push_init(st);
	stream_init(st);
	struct server_config cfg = {.host = host, .port = port, .threads = (unsigned)threads,
				    .max_queued_writes = (size_t)max_queued, .write_workers = (unsigned)writers,
				    .routes = api_routes, .n_routes = api_routes_count, .store = st};
	struct server *srv = server_start(&cfg);
	if (!srv) {
		store_close(st);
		return fail("cannot listen there (is the port taken?)");
	}
	/* The email channel: replies leave through --smtp, mail arrives over --lmtp or --imap. */
	struct mail_channel mail;
	if (!mail_channel_start(&mail, st, lmtp ? lmtp_host : NULL, lmtp_port, smtp, imap)) {
		server_stop(srv, 1000);
		store_close(st);
		return fail("cannot start the email channel (is the LMTP port taken?)");
	}
	/* Automatic assignment and the SLA scheduler run beside the writer. */
	if (!dispatcher_start(st)) {
		mail_channel_stop(&mail);
		server_stop(srv, 1000);
		store_close(st);
		return fail("cannot start the dispatcher");
	}
	/* The exchange's webhooks are acted on by their own worker. */
	if (!exchange_events_start(st)) {
		dispatcher_stop();
		mail_channel_stop(&mail);
		server_stop(srv, 1000);
		store_close(st);
		return fail("cannot start the exchange event worker");
	}
	log_event(LOG_INFO, "serving", "url=http://%s:%u data=\"%s\" threads=%ld sync=%s", host, port,
		  data, threads, db_get_sync() == DB_SYNC_FULL ? "full" : "normal");
	int sig;
	sigwait(&stop, &sig);
	log_event(LOG_INFO, "stopping", "signal=%d", sig);
	mail_channel_stop(&mail);
	server_stop(srv, 10000);
	exchange_events_stop();
	dispatcher_stop();
	store_close(st);
	exchange_shutdown();
	log_event(LOG_INFO, "stopped", "exit=%d", 0);
	return 0;
}

/* ---- migrate ---- */

static const struct option data_only[] = {{"data", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};

static bool parse_data_only(int argc, char **argv, const char **data)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", data_only, NULL)) != -1) {
		if (c != 'd')
			return false;
		*data = optarg;
	}
	return optind == argc;
}

int cmd_migrate(int argc, char **argv)
{
	const char *data = DEFAULT_DATA;
	if (!parse_data_only(argc, argv, &data))
		return fail("usage: exdesk migrate [--data DIR]");
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	store_close(st);
	printf("database %s/exdesk.db is up to date\n", data);
	return 0;
}

/* ---- user add ---- */

static char *read_password_stdin(void)
{
	static char buf[MAX_PASSWORD + 2];
	if (!fgets(buf, sizeof buf, stdin))
		return NULL;
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return buf;
}

/* "Account L1,VIP" -> group ids, looked up by name. */
static bool groups_by_name(struct store *st, struct arena *a, const char *list,
			   struct agent_row *ag)
{
	size_t cap = 1;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	ag->groups = arena_alloc(a, cap * sizeof(int64_t));
	ag->n_groups = 0;
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *name = arena_strndup(a, p, n);
		size_t len = n;
		const char *t = utf8_trim(name, &len);
		name = arena_strndup(a, t, len);
		struct group_row g;
		if (len) {
			if (!store_group_get_by_name(store_reader(st), a, name, &g)) {
				fprintf(stderr, "exdesk: no group named \"%s\"\n", name);
				return false;
			}
			ag->groups[ag->n_groups++] = g.id;
		}
		p = end ? end + 1 : p + n;
	}
	return true;
}

static bool languages_norm(struct arena *a, const char *list, const char **out)
{
	char *res = arena_alloc(a, strlen(list) * 2 + 2);
	const char *p = list;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char buf[MAX_LANGUAGE + 1];
		if (n && !validate_language(p, n, buf)) {
			fprintf(stderr, "exdesk: \"%.*s\" is not a language tag\n", (int)n, p);
			return false;
		}
		if (n) {
			if (*res)
				strcat(res, ",");
			strcat(res, buf);
		}
		p = end ? end + 1 : p + n;
	}
	*out = res;
	return true;
}

int cmd_user(int argc, char **argv)
{
	const char *data = DEFAULT_DATA, *email = NULL, *name = NULL, *role = NULL, *tier = "L1",
		   *groups = "", *langs = "";
	bool pw_stdin = false;
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},	    {"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},	    {"role", required_argument, NULL, 'r'},
		{"tier", required_argument, NULL, 't'},	    {"groups", required_argument, NULL, 'g'},
		{"languages", required_argument, NULL, 'l'}, {"password-stdin", no_argument, NULL, 'p'},
		{NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return fail("usage: exdesk user add --email E --name N --role ROLE [...]");
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 't': tier = optarg; break;
		case 'g': groups = optarg; break;
		case 'l': langs = optarg; break;
		case 'p': pw_stdin = true; break;
		default: return fail("usage: exdesk user add --email E --name N --role ROLE [...]");
		}
	}
	if (!email || !name || !role)
		return fail("user add needs --email, --name and --role");
	enum role r;
	enum tier t;
	if (!role_parse(role, &r))
		return fail("--role is one of admin, supervisor, agent, qa");
	if (!tier_parse(tier, &t))
		return fail("--tier is one of L1, L2, expert");
	if (!utf8_valid(email, strlen(email), false) || !validate_email(email, strlen(email)))
		return fail("--email is not an email address");
	if (!utf8_valid(name, strlen(name), false) || !*name || strlen(name) > MAX_PERSON_NAME)
		return fail("--name must be 1 to 200 bytes of UTF-8");
	struct arena a;
	arena_init(&a, 4096);
	struct agent_create j = {.a = &a, .who = {"cli", 0}};
	char *low = arena_strdup(&a, email);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	j.ag.email = low;
	j.ag.name = name;
	j.ag.role = role_name(r);
	j.ag.tier = tier_name(t);
	j.ag.max_chats = AGENT_MAX_CHATS_DEFAULT;
	j.ag.max_tickets = AGENT_MAX_TICKETS_DEFAULT;
	int status = 1;
	struct store *st = NULL;
	if (pw_stdin) {
		char *pw = read_password_stdin();
		if (!pw || utf8_length(pw, strlen(pw)) < MIN_PASSWORD) {
			fail("the password on stdin needs at least 10 characters");
			goto out;
		}
		char *hash = arena_alloc(&a, 128);
		if (!auth_password_hash(pw, strlen(pw), hash)) {
			fail("could not hash the password");
			goto out;
		}
		sodium_memzero(pw, strlen(pw));
		j.ag.password_hash = hash;
	}
	if (!(st = cli_open_store(data)))
		goto out;
	if (!languages_norm(&a, langs, &j.ag.languages) || !groups_by_name(st, &a, groups, &j.ag))
		goto out;
	int rc = store_write(st, agent_create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_failed(rc, &j.err);
		goto out;
	}
	printf("%lld\n", (long long)j.ag.id);
	status = 0;
out:
	store_close(st);
	arena_free(&a);
	return status;
}

/* ---- group add ---- */

int cmd_group(int argc, char **argv)
{
	const char *data = DEFAULT_DATA, *name = NULL, *tier = NULL, *langs = "", *area = "";
	bool vip = false;
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},	     {"name", required_argument, NULL, 'n'},
		{"tier", required_argument, NULL, 't'},	     {"languages", required_argument, NULL, 'l'},
		{"vip", no_argument, NULL, 'v'},	     {"product-area", required_argument, NULL, 'a'},
		{NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "add") != 0)
		return fail("usage: exdesk group add --name N --tier T [...]");
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'n': name = optarg; break;
		case 't': tier = optarg; break;
		case 'l': langs = optarg; break;
		case 'v': vip = true; break;
		case 'a': area = optarg; break;
		default: return fail("usage: exdesk group add --name N --tier T [...]");
		}
	}
	static const char *const tiers[] = {"L1", "L2", "expert", "vip"};
	const char *t = NULL;
	for (size_t i = 0; tier && i < 4; i++)
		if (!strcmp(tier, tiers[i]))
			t = tiers[i];
	if (!name || !*name || !utf8_valid(name, strlen(name), false) || strlen(name) > MAX_PERSON_NAME)
		return fail("group add needs --name (1 to 200 bytes of UTF-8)");
	if (!t)
		return fail("--tier is one of L1, L2, expert, vip");
	if (!utf8_valid(area, strlen(area), false))
		return fail("--product-area must be UTF-8");
	struct arena a;
	arena_init(&a, 4096);
	struct group_create j = {.a = &a, .who = {"cli", 0},
				 .g = {.name = name, .tier = t, .vip = vip, .product_area = area}};
	int status = 1;
	struct store *st = NULL;
	if (!languages_norm(&a, langs, &j.g.languages) || !(st = cli_open_store(data)))
		goto out;
	int rc = store_write(st, group_create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_failed(rc, &j.err);
		goto out;
	}
	printf("%lld\n", (long long)j.g.id);
	status = 0;
out:
	store_close(st);
	arena_free(&a);
	return status;
}

/* ---- token create ---- */

/* ---- identity hash ---- */

/* What the exchange's server prints beside a logged-in user's uid for the widget and the help
 * center (data-user-hash): HMAC-SHA256 of the uid under the desk's identity secret. For the demo
 * and for an operator checking an integration; a real exchange computes it itself. */
int cmd_identity(int argc, char **argv)
{
	const char *data = DEFAULT_DATA, *uid = NULL;
	static const char USAGE[] = "usage: exdesk identity hash [--data DIR] --uid UID";
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
					     {"uid", required_argument, NULL, 'u'},
					     {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "hash") != 0)
		return fail(USAGE);
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'u': uid = optarg; break;
		default: return fail(USAGE);
		}
	}
	if (!uid || !*uid || strlen(uid) > 128 || !utf8_valid(uid, strlen(uid), false))
		return fail("identity hash needs --uid (1 to 128 bytes of UTF-8)");
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	struct arena a;
	arena_init(&a, 4096);
	char secret[SECRET_HEX], hash[IDENTITY_HMAC_HEX];
	struct actor who = {"cli", 0};
	int rc = identity_secret_get(st, &a, &who, secret);
	if (rc == STORE_JOB_OK) {
		identity_uid_hmac_hex(secret, strlen(secret), uid, strlen(uid), hash);
		printf("%s\n", hash);
	}
	sodium_memzero(secret, sizeof secret);
	arena_free(&a);
	store_close(st);
	return rc == STORE_JOB_OK ? 0 : fail("the identity secret could not be read or made");
}

int cmd_token(int argc, char **argv)
{
	const char *data = DEFAULT_DATA, *email = NULL, *name = "cli";
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
					     {"email", required_argument, NULL, 'e'},
					     {"name", required_argument, NULL, 'n'},
					     {NULL, 0, NULL, 0}};
	if (argc < 2 || strcmp(argv[1], "create") != 0)
		return fail("usage: exdesk token create --email E [--name N]");
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': data = optarg; break;
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		default: return fail("usage: exdesk token create --email E [--name N]");
		}
	}
	if (!email)
		return fail("token create needs --email");
	if (!utf8_valid(name, strlen(name), false) || strlen(name) > MAX_PERSON_NAME)
		return fail("--name must be up to 200 bytes of UTF-8");
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	struct arena a;
	arena_init(&a, 4096);
	int status = 1;
	char *low = arena_strdup(&a, email);
	for (char *p = low; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	struct agent_row ag;
	if (!store_agent_get_by_email(store_reader(st), &a, low, &ag)) {
		fprintf(stderr, "exdesk: no agent with email %s\n", email);
		goto out;
	}
	struct token_create j = {.a = &a, .who = {"cli", 0}, .agent_id = ag.id, .name = name};
	int rc = store_write(st, token_create_run, &j);
	if (rc != STORE_JOB_OK) {
		job_failed(rc, &j.err);
		goto out;
	}
	printf("%s\n", j.secret);
	status = 0;
out:
	store_close(st);
	arena_free(&a);
	return status;
}

/* ---- audit verify ---- */

int cmd_audit(int argc, char **argv)
{
	const char *data = DEFAULT_DATA;
	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return fail("usage: exdesk audit verify [--data DIR]");
	if (!parse_data_only(argc - 1, argv + 1, &data))
		return fail("usage: exdesk audit verify [--data DIR]");
	struct store *st = cli_open_store(data);
	if (!st)
		return 1;
	struct audit_report rep;
	audit_verify(store_reader(st), &rep);
	store_close(st);
	if (!rep.ok) {
		printf("audit chain broken at event %lld: %s (%lld events before it are intact)\n",
		       (long long)rep.first_broken_id, rep.reason, (long long)rep.checked);
		return 1;
	}
	printf("audit chain ok: %lld events\n", (long long)rep.checked);
	return 0;
}
