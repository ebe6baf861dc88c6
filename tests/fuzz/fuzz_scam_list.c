/* fuzz_scam_list.c — fuzz driver for the sanctions / scam address list parser
 * (src/core/scam_list.c), any bytes as a list file.
 *
 * Beyond "does not crash":
 *  - the answer is a known one; a whole-file refusal loads nothing;
 *  - line errors are in line order, within the file, with known reasons, and an address reason
 *    only for address errors; entries plus refused lines never exceed the lines;
 *  - every entry is a valid address of its network already in normal form (address_check gives
 *    it back unchanged), its label valid UTF-8 without control characters and within the limit,
 *    its source within the limit and starting with its category;
 *  - lookup finds every entry as itself (the table is sorted and duplicate-free), on every EVM
 *    chain for an EVM entry; the duplicates counted add up;
 *  - parsing the same bytes again gives the same table.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_scam_list/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_scam_list.c src/core/scam_list.c src/core/address.c \
 *       src/core/address_formats.c src/core/base58.c src/core/bech32.c src/core/keccak.c \
 *       src/util/arena.c src/util/xalloc.c src/util/utf8.c \
 *       $(pkg-config --cflags --libs libsodium libutf8proc nettle) -o /tmp/fuzz_scam_list
 *   mkdir -p /tmp/fuzz_scam_list.corpus
 *   /tmp/fuzz_scam_list /tmp/fuzz_scam_list.corpus tests/fuzz/corpus/fuzz_scam_list */
#include "core/scam_list.h"
#include "util/arena.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort() rather than assert(): the property must hold in release builds too. */
#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define MAX_ERRORS 64

static bool no_controls(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return false;
	return true;
}

static void check_entry(const struct scam_list *l, const struct scam_list_entry *e)
{
	struct address_result r;
	const char *cat = scam_list_category_code(e->category);

	CHECK((unsigned)e->net < ADDRESS_NET_COUNT && cat != NULL);
	CHECK(e->address_len == strlen(e->address));
	CHECK(address_check(e->net, e->address, e->address_len, NULL, 0, &r) == ADDRESS_OK);
	CHECK(r.normalized_len == e->address_len &&
	      memcmp(r.normalized, e->address, e->address_len) == 0);
	CHECK(strlen(e->label) <= SCAM_LIST_MAX_LABEL);
	CHECK(utf8_valid(e->label, strlen(e->label), false) && no_controls(e->label));
	CHECK(strlen(e->source) <= SCAM_LIST_MAX_SOURCE &&
	      strncasecmp(e->source, cat, strlen(cat)) == 0);
	CHECK(e->line >= 1 && e->line <= l->lines && e->times >= 1);
	CHECK(scam_list_lookup(l, e->net, e->address, e->address_len) == e);
	for (int n = 0; n < ADDRESS_NET_COUNT; n++)
		if (address_same_format((enum address_network)n, e->net) &&
		    address_same_format(e->net, (enum address_network)n))
			CHECK(scam_list_lookup(l, (enum address_network)n, e->address,
			                       e->address_len) == e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a1, a2;
	struct scam_list l, again;
	struct scam_list_line_error errs[MAX_ERRORS];
	enum scam_list_err rc;
	size_t times = 0;

	arena_init(&a1, 0);
	arena_init(&a2, 0);
	rc = scam_list_parse(&l, &a1, (const char *)data, size, errs, MAX_ERRORS);
	CHECK(rc <= SCAM_LIST_ERR_TOO_MANY && scam_list_strerror(rc) != NULL);
	CHECK((rc == SCAM_LIST_ERR_LINES) == (l.errors > 0));
	if (rc == SCAM_LIST_ERR_TOO_LARGE || rc == SCAM_LIST_ERR_TOO_MANY)
		CHECK(l.n == 0);
	CHECK(l.n + l.duplicates + l.errors <= l.lines);
	for (size_t i = 0; i < l.errors && i < MAX_ERRORS; i++) {
		CHECK(errs[i].line >= 1 && errs[i].line <= l.lines);
		CHECK(i == 0 || errs[i].line > errs[i - 1].line);
		CHECK(errs[i].code <= SCAM_LINE_LABEL);
		CHECK(strcmp(scam_list_line_code(errs[i].code), "unknown") != 0);
		CHECK((errs[i].code == SCAM_LINE_ADDRESS) == (errs[i].address_rc != ADDRESS_OK));
	}
	for (size_t i = 0; i < l.n; i++) {
		check_entry(&l, &l.entries[i]);
		times += l.entries[i].times;
	}
	CHECK(times == l.n + l.duplicates);

	CHECK(scam_list_parse(&again, &a2, (const char *)data, size, NULL, 0) == rc);
	CHECK(again.n == l.n && again.errors == l.errors && again.duplicates == l.duplicates);
	for (size_t i = 0; i < l.n; i++) {
		CHECK(strcmp(again.entries[i].address, l.entries[i].address) == 0);
		CHECK(strcmp(again.entries[i].label, l.entries[i].label) == 0);
		CHECK(again.entries[i].line == l.entries[i].line);
	}
	arena_free(&a1);
	arena_free(&a2);
	return 0;
}
