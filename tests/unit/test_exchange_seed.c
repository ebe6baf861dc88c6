/* test_exchange_seed.c — the demo exchange's data and schema: every address and transaction id
 * of the seed is well-formed for its network (core/address.h, core/txid.h), the lookalike is a
 * real lookalike, the compiled-in schema is the migration file byte for byte, and seeding a
 * fresh database writes everything once (a second run fails whole and changes nothing).
 * Runs from the repository root (tests/run does), where the migration file is. */
#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/address.h"
#include "core/txid.h"
#include "demo/exchange_seed.h"
#include "store/exchange_demo.h"
#include "unit_main.h"
#include "util/embedded.h"

static const struct exchange_seed_ref *refs;
static size_t n_refs;

START_TEST(seed_text_valid)
{
	const struct exchange_seed_ref *r = &refs[_i];
	enum address_network net;
	ck_assert_msg(address_network_parse(r->network, strlen(r->network), &net), "network %s",
	              r->network);
	if (r->is_txid) {
		struct txid_result t;
		ck_assert_msg(txid_check(net, r->text, strlen(r->text), &t) == TXID_OK,
		              "%s %s %s: %s", r->what, r->network, r->text, txid_strerror(t.rc));
		/* Stored in the network's canonical form, so lookups by the normalised id match. */
		ck_assert_str_eq(t.normalized, r->text);
	} else {
		struct address_result a;
		ck_assert_msg(address_check(net, r->text, strlen(r->text), NULL, 0, &a) ==
		                  ADDRESS_OK,
		              "%s %s %s: %s", r->what, r->network, r->text, address_strerror(a.rc));
	}
}
END_TEST

START_TEST(poisoning_lookalike)
{
	const char *book = SEED_ETH_BOOK_U1, *fake = SEED_ETH_POISON;
	ck_assert_uint_eq(strlen(book), 42);
	ck_assert_uint_eq(strlen(fake), 42);
	ck_assert_int_eq(strncasecmp(book + 2, fake + 2, 6), 0);
	ck_assert_int_eq(strncasecmp(book + 36, fake + 36, 6), 0);
	ck_assert_int_ne(strcasecmp(book, fake), 0);
	ck_assert(address_eip55_valid(book, 42));
	ck_assert(address_eip55_valid(fake, 42));
}
END_TEST

START_TEST(schema_matches_file)
{
	size_t n;
	const struct embedded_file *files = exstore_migrations(&n);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(files[0].name, "001_init.sql");
	FILE *f = fopen("src/store/sqlite/exchange/001_init.sql", "rb");
	ck_assert_msg(f != NULL, "run from the repository root");
	static char buf[64 * 1024];
	size_t len = fread(buf, 1, sizeof buf, f);
	fclose(f);
	ck_assert_uint_eq(len, files[0].len);
	ck_assert(memcmp(buf, files[0].data, len) == 0);
}
END_TEST

static char dir[64];

static struct db *fresh_db(void)
{
	snprintf(dir, sizeof dir, "/tmp/exdesk-seed-test.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof path, "%s/exchange.db", dir);
	struct db *db;
	ck_assert_int_eq(exstore_open(path, &db), DB_OK);
	return db;
}

static void drop_db(struct db *db)
{
	db_close(db);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(seed_runs_once)
{
	struct db *db = fresh_db();
	struct exchange_seed_events ev;
	ck_assert(exchange_seed_run(db, 1767225600000LL, &ev));
	ck_assert_uint_eq(ev.n_pending_withdrawals, 2);
	ck_assert_uint_eq(ev.n_deposits_seen, 2);
	ck_assert_uint_eq(ev.n_new_country_logins, 1);
	struct arena a;
	arena_init(&a, 4096);
	struct ex_user u;
	ck_assert(exstore_user_get(db, &a, SEED_UID_FROZEN, &u));
	ck_assert_str_eq(u.account_status, "frozen");
	ck_assert_str_eq(u.name, "Иван Петров");
	ck_assert(exstore_user_get(db, &a, SEED_UID_NEW_LOGIN, &u));
	ck_assert_str_eq(u.name, "Nguyễn Thị Hương");
	struct ex_withdrawal w;
	ck_assert(exstore_withdrawal_get(db, &a, ev.pending_withdrawals[0], &w));
	ck_assert_str_eq(w.address, SEED_ETH_POISON);
	ck_assert_str_eq(w.status, "pending");
	/* Seeding again: the first row already there fails it, and nothing more is written. */
	struct exstore_page pg = {0, 0, 200};
	struct ex_trade *t;
	size_t before = exstore_trades(db, &a, SEED_UID_VIP, &pg, &t);
	ck_assert_uint_eq(before, 60);
	ck_assert(!exchange_seed_run(db, 1767225600000LL, &ev));
	ck_assert_uint_eq(exstore_trades(db, &a, SEED_UID_VIP, &pg, &t), before);
	arena_free(&a);
	drop_db(db);
}
END_TEST

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	n_refs = exchange_seed_refs(&refs);
	Suite *s = suite_create("exchange_seed");
	for (size_t i = 0; i < n_refs; i++)
		unit_add_case(s,
		              unit_name("%s %s %.20s... is valid", refs[i].what, refs[i].network,
		                        refs[i].text),
		              seed_text_valid, (int)i);
	UNIT_TEST(s, poisoning_lookalike);
	UNIT_TEST(s, schema_matches_file);
	UNIT_TEST(s, seed_runs_once);
	return unit_run(s, "exchange_seed");
}
