/* cli.h — the subcommands of `exdesk` (CONTRACT.md "Command line"). Each takes the argv after
 * its name and returns the process exit status; errors go to stderr as one clear sentence. */
#ifndef EXDESK_CLI_H
#define EXDESK_CLI_H

int cmd_serve(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_seed_demo(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_group(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_demo_exchange(int argc, char **argv); /* demo_exchange.c */

struct store;
/* Open the data dir's store (migrating it); prints the error and returns NULL on failure. */
struct store *cli_open_store(const char *data_dir);

#endif
