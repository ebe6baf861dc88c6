/* main.c — exdesk's command line: a table of subcommands. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "util/clock.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
} commands[] = {
	{"serve", cmd_serve, "serve [--data DIR] [--listen HOST:PORT] [--threads N] [--lmtp HOST:PORT] [--smtp URL] [--imap URL]"},
	{"migrate", cmd_migrate, "migrate [--data DIR]"},
	{"seed-demo", cmd_seed_demo, "seed-demo [--data DIR]"},
	{"user", cmd_user,
	 "user add [--data DIR] --email E --name N --role admin|supervisor|agent|qa [--tier L1|L2|expert]\n"
	 "                 [--groups G1,G2] [--languages en,zh-CN] [--password-stdin]"},
	{"group", cmd_group,
	 "group add [--data DIR] --name N --tier L1|L2|expert|vip [--languages en,ja] [--vip] [--product-area A]"},
	{"token", cmd_token, "token create [--data DIR] --email E [--name N]"},
	{"audit", cmd_audit, "audit verify [--data DIR]"},
	{"identity", cmd_identity, "identity hash [--data DIR] --uid UID"},
	{"demo-exchange", cmd_demo_exchange,
	 "demo-exchange [--data DIR] [--listen HOST:PORT] [--secret-file F] [--webhook URL] [--reset]"},
};

static void usage(FILE *f)
{
	fprintf(f, "exdesk — customer service for cryptocurrency exchanges\n\nusage:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  exdesk %s\n", commands[i].usage);
	fprintf(f, "\n--data defaults to ./var (database DIR/exdesk.db); --listen to 127.0.0.1:8080.\n"
		   "Run `exdesk CMD --help` for one command.\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "exdesk: libsodium could not initialise\n");
		return 1;
	}
	clock_init_from_env();
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		for (int k = 2; k < argc; k++)
			if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h")) {
				printf("usage: exdesk %s\n", commands[i].usage);
				return 0;
			}
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "exdesk: unknown command \"%s\"\n\n", argv[1]);
	usage(stderr);
	return 2;
}
