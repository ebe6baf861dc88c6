/* test_scam_list.c — the sanctions and scam address list a withdrawal is checked against
 * (src/core/scam_list.h). What an operator relies on: an address is found however it is spelled
 * (EIP-55, lower or upper case, Bech32 upper case, on any EVM chain); a line that cannot be used
 * is refused with its line number and a reason, never half-loaded, while the good lines load;
 * duplicates collapse with sanctions winning; labels in Chinese or Russian come through byte for
 * byte; a refused private key is not kept anywhere; and the size limits hold exactly at their
 * bounds. */
#include "core/scam_list.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "unit_main.h"
#include "util/arena.h"

#define ETH_A    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" /* EIP-55 test vectors */
#define ETH_B    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"
#define TRON_X   "TNPeeYbTnwEQtryYpJgGChK7W63dFvYqeL" /* generated for these tests */
#define BTC_X    "bc1qw508cx4aaaf87sc7frcd9c0qdl8sywuwtdf3t4"
#define CN_LABEL "假冒客服地址（冷钱包诈骗）"
#define RU_LABEL "Поддельная служба поддержки"

static struct arena arena;
static struct scam_list list;
static struct scam_list_line_error errs[64];

static enum scam_list_err parse(const char *text)
{
	arena_free(&arena);
	arena_init(&arena, 0);
	memset(errs, 0, sizeof errs);
	return scam_list_parse(&list, &arena, text, strlen(text), errs, 64);
}

static const struct scam_list_entry *find(enum address_network net, const char *text)
{
	return scam_list_lookup_text(&list, net, text, strlen(text));
}

static const char good[] =
    "\xef\xbb\xbf# OFAC SDN digital currency addresses and phishing reports (test data)\r\n"
    "network,address,source,label\r\n"
    "\r\n"
    "ETH," ETH_A ",sanctions:ofac-sdn,\"Example Ltd, Moscow\"\r\n"
    "  # an indented comment\n"
    "ERC20, 0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359 ,phishing:scamsniffer," CN_LABEL "\n"
    "TRC20," TRON_X ",scam:internal," RU_LABEL "\n"
    "btc,BC1QW508CX4AAAF87SC7FRCD9C0QDL8SYWUWTDF3T4,SCAM,\n"
    "TRON,TNPeeYbTnwEQtryYpJgGChK7GBmNCpZqeL,scam,\"say \"\"hi\"\"\"\n";

START_TEST(parses_and_finds_every_spelling)
{
	const struct scam_list_entry *e;

	ck_assert_int_eq(parse(good), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 5);
	ck_assert_uint_eq(list.errors, 0);
	ck_assert_uint_eq(list.lines, 9);

	e = find(ADDRESS_NET_ETH, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->category, SCAM_LIST_SANCTIONS);
	ck_assert_str_eq(e->address, ETH_A);
	ck_assert_str_eq(e->source, "sanctions:ofac-sdn");
	ck_assert_str_eq(e->label, "Example Ltd, Moscow");
	ck_assert_uint_eq(e->line, 4);
	ck_assert_ptr_eq(find(ADDRESS_NET_ETH, "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"), e);
	/* one key across the EVM chains */
	ck_assert_ptr_eq(find(ADDRESS_NET_BSC, ETH_A), e);
	ck_assert_ptr_eq(find(ADDRESS_NET_ARBITRUM, ETH_A), e);
	ck_assert_ptr_eq(scam_list_lookup(&list, ADDRESS_NET_POLYGON, ETH_A, strlen(ETH_A)), e);
	/* but not on a chain of another format, and lookups by normalised form are exact */
	ck_assert_ptr_null(find(ADDRESS_NET_TRON, ETH_A));
	ck_assert_ptr_null(scam_list_lookup(&list, ADDRESS_NET_ETH,
	                                    "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 42));

	e = find(ADDRESS_NET_BSC, ETH_B);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->category, SCAM_LIST_PHISHING);
	ck_assert_int_eq(e->net, ADDRESS_NET_ETH);
	ck_assert_str_eq(e->label, CN_LABEL);

	e = find(ADDRESS_NET_TRON, TRON_X);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->label, RU_LABEL);
	ck_assert_int_eq(e->category, SCAM_LIST_SCAM);

	e = find(ADDRESS_NET_BTC, BTC_X);
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->address, BTC_X);
	ck_assert_str_eq(e->source, "SCAM");
	ck_assert_str_eq(e->label, "");
	ck_assert_ptr_nonnull(find(ADDRESS_NET_BTC, "BC1QW508CX4AAAF87SC7FRCD9C0QDL8SYWUWTDF3T4"));

	e = find(ADDRESS_NET_TRON, "TNPeeYbTnwEQtryYpJgGChK7GBmNCpZqeL");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->label, "say \"hi\"");

	/* not listed, not an address, no list */
	ck_assert_ptr_null(find(ADDRESS_NET_TRON, "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"));
	ck_assert_ptr_null(find(ADDRESS_NET_ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
	ck_assert_ptr_null(find(ADDRESS_NET_ETH, "hello"));
	ck_assert_ptr_null(scam_list_lookup(NULL, ADDRESS_NET_ETH, ETH_A, strlen(ETH_A)));
	ck_assert_ptr_null(scam_list_lookup(&list, ADDRESS_NET_COUNT, ETH_A, strlen(ETH_A)));
	ck_assert_ptr_null(scam_list_lookup_text(&list, ADDRESS_NET_COUNT, ETH_A, strlen(ETH_A)));
}
END_TEST

START_TEST(empty_and_comment_only)
{
	ck_assert_int_eq(parse(""), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_ptr_null(find(ADDRESS_NET_ETH, ETH_A));
	ck_assert_int_eq(scam_list_parse(&list, &arena, NULL, 5, NULL, 0), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_int_eq(parse("# nothing yet\n\n   \n\t# still nothing"), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_uint_eq(list.lines, 4);
	/* the header alone, without a final newline */
	ck_assert_int_eq(parse("Network,Address,Source,Label"), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 0);
}
END_TEST

START_TEST(duplicates_collapse_strongest_first)
{
	ck_assert_int_eq(
	    parse("ETH,0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed,phishing:a,first\n"
	          "BSC," ETH_A ",scam:b,second\n"
	          "ETH,0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED,sanctions:ofac,third\n"
	          "ARB," ETH_A ",sanctions:eu,fourth\n"
	          "ETH," ETH_B ",scam,other\n"),
	    SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_uint_eq(list.duplicates, 3);
	const struct scam_list_entry *e = find(ADDRESS_NET_ETH, ETH_A);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->category, SCAM_LIST_SANCTIONS);
	ck_assert_uint_eq(e->line, 3); /* the earliest sanctions line */
	ck_assert_str_eq(e->label, "third");
	ck_assert_str_eq(e->source, "sanctions:ofac");
	ck_assert_uint_eq(e->times, 4);
	ck_assert_uint_eq(find(ADDRESS_NET_ETH, ETH_B)->times, 1);
}
END_TEST

struct bad_line {
	const char *name, *line;
	enum scam_list_line_err code;
	enum address_rc arc;
};

/* clang-format off */
static const struct bad_line bad[] = {
	{"bad checksum", "ETH,0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD,scam,x", SCAM_LINE_ADDRESS, ADDRESS_BAD_CHECKSUM},
	{"tron on eth", "ETH," TRON_X ",scam,x", SCAM_LINE_ADDRESS, ADDRESS_BAD_PREFIX},
	{"testnet", "BTC,tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx,scam,x", SCAM_LINE_ADDRESS, ADDRESS_TESTNET},
	{"private key", "BTC,5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ,scam,x", SCAM_LINE_ADDRESS, ADDRESS_PRIVATE_KEY},
	{"empty address", "ETH,,scam,x", SCAM_LINE_ADDRESS, ADDRESS_EMPTY},
	{"XBT is not a network name", "XBT,1JyC9rTPgth6WyQftLPXAXtMLY5RQecbod,sanctions:ofac,x", SCAM_LINE_NETWORK, ADDRESS_OK},
	{"empty network", ",1JyC9rTPgth6WyQftLPXAXtMLY5RQecbod,scam,x", SCAM_LINE_NETWORK, ADDRESS_OK},
	{"invalid UTF-8 label", "ETH," ETH_A ",scam,\xe5\x81\x87\xff", SCAM_LINE_BAD_UTF8, ADDRESS_OK},
	{"overlong UTF-8", "ETH," ETH_A ",scam,\xc0\xaf", SCAM_LINE_BAD_UTF8, ADDRESS_OK},
	{"surrogate", "ETH," ETH_A ",scam,\xed\xa0\x80", SCAM_LINE_BAD_UTF8, ADDRESS_OK},
	{"escape character", "ETH," ETH_A ",scam,\x1b[31mred", SCAM_LINE_CONTROL_CHAR, ADDRESS_OK},
	{"C1 control", "ETH," ETH_A ",scam,a\xc2\x85" "b", SCAM_LINE_CONTROL_CHAR, ADDRESS_OK},
	{"lone CR", "ETH," ETH_A ",scam,a\rb", SCAM_LINE_CONTROL_CHAR, ADDRESS_OK},
	{"three fields", "ETH," ETH_A ",scam", SCAM_LINE_FIELDS, ADDRESS_OK},
	{"five fields", "ETH," ETH_A ",scam,a,b", SCAM_LINE_FIELDS, ADDRESS_OK},
	{"one field", "just some text", SCAM_LINE_FIELDS, ADDRESS_OK},
	{"unterminated quote", "ETH," ETH_A ",scam,\"open", SCAM_LINE_QUOTE, ADDRESS_OK},
	{"quote inside a field", "ETH," ETH_A ",scam,say \"hi\"", SCAM_LINE_QUOTE, ADDRESS_OK},
	{"text after the quote", "ETH," ETH_A ",scam,\"a\"b", SCAM_LINE_QUOTE, ADDRESS_OK},
	{"unknown category", "ETH," ETH_A ",fraud:list,x", SCAM_LINE_SOURCE, ADDRESS_OK},
	{"empty source", "ETH," ETH_A ",,x", SCAM_LINE_SOURCE, ADDRESS_OK},
	{"empty name", "ETH," ETH_A ",scam:,x", SCAM_LINE_SOURCE, ADDRESS_OK},
	{"space in name", "ETH," ETH_A ",scam:my list,x", SCAM_LINE_SOURCE, ADDRESS_OK},
	{"non-ASCII name", "ETH," ETH_A ",scam:список,x", SCAM_LINE_SOURCE, ADDRESS_OK},
	{"tab in quoted label", "ETH," ETH_A ",scam,\"a\tb\"", SCAM_LINE_LABEL, ADDRESS_OK},
	{"header not first", "network,address,source,label", SCAM_LINE_NETWORK, ADDRESS_OK},
};
/* clang-format on */

/* Each bad line between two good ones: refused with its own line number and reason, the good
 * lines around it loaded. */
START_TEST(bad_line_is_refused)
{
	const struct bad_line *b = &bad[_i];
	char text[2048];

	snprintf(text, sizeof text, "ETH," ETH_B ",scam,before\n%s\nTRON," TRON_X ",scam,after\n",
	         b->line);
	ck_assert_int_eq(parse(text), SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(list.errors, 1);
	ck_assert_uint_eq(errs[0].line, 2);
	ck_assert_msg(errs[0].code == b->code, "%s: got %s", b->name,
	              scam_list_line_code(errs[0].code));
	ck_assert_int_eq(errs[0].address_rc, b->arc);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_ptr_nonnull(find(ADDRESS_NET_ETH, ETH_B));
	ck_assert_ptr_nonnull(find(ADDRESS_NET_TRON, TRON_X));
}
END_TEST

/* A private key pasted into a list is refused by its own reason, so the loader can tell the
 * operator to destroy the file rather than merely fix a line; the error holds no text of it. */
START_TEST(private_key_refused_by_reason)
{
	ck_assert_int_eq(parse("BTC,5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ,scam,x\n"
	                       "BTC,bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4,scam,x\n"),
	                 SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(list.n, 1);
	ck_assert_str_eq(list.entries[0].address, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
	ck_assert_uint_eq(errs[0].line, 1);
	ck_assert_str_eq(scam_list_line_code(errs[0].code), "address");
	ck_assert_str_eq(address_rc_code(errs[0].address_rc), "private_key");
}
END_TEST

START_TEST(nul_byte_is_a_control_character)
{
	static const char text[] = "ETH," ETH_A ",scam,a\0b\nETH," ETH_B ",scam,ok\n";
	arena_free(&arena);
	arena_init(&arena, 0);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, sizeof text - 1, errs, 64),
	                 SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(errs[0].line, 1);
	ck_assert_int_eq(errs[0].code, SCAM_LINE_CONTROL_CHAR);
	ck_assert_uint_eq(list.n, 1);
}
END_TEST

/* Labels and sources exactly at their limits load; one byte more is refused. */
START_TEST(field_limits)
{
	char text[4096], label[SCAM_LIST_MAX_LABEL + 8], source[SCAM_LIST_MAX_SOURCE + 8];

	/* 85 three-byte CJK characters = 255 bytes, plus one ASCII = 256 */
	label[0] = '\0';
	for (int i = 0; i < 85; i++)
		strcat(label, "诈");
	strcat(label, "x");
	ck_assert_uint_eq(strlen(label), SCAM_LIST_MAX_LABEL);
	memset(source, 'a', sizeof source);
	memcpy(source, "scam:", 5);
	source[SCAM_LIST_MAX_SOURCE] = '\0';
	snprintf(text, sizeof text, "ETH," ETH_A ",%s,%s\n", source, label);
	ck_assert_int_eq(parse(text), SCAM_LIST_OK);
	ck_assert_str_eq(find(ADDRESS_NET_ETH, ETH_A)->label, label);
	ck_assert_str_eq(find(ADDRESS_NET_ETH, ETH_A)->source, source);

	strcat(label, "y");
	snprintf(text, sizeof text, "ETH," ETH_A ",scam,%s\n", label);
	ck_assert_int_eq(parse(text), SCAM_LIST_ERR_LINES);
	ck_assert_int_eq(errs[0].code, SCAM_LINE_LABEL);

	source[SCAM_LIST_MAX_SOURCE] = 'a';
	source[SCAM_LIST_MAX_SOURCE + 1] = '\0';
	snprintf(text, sizeof text, "ETH," ETH_A ",%s,x\n", source);
	ck_assert_int_eq(parse(text), SCAM_LIST_ERR_LINES);
	ck_assert_int_eq(errs[0].code, SCAM_LINE_SOURCE);
}
END_TEST

/* A line of exactly SCAM_LIST_MAX_LINE bytes loads (its label padded with spaces, which the
 * field trimming drops); one byte more is refused, however long the next line ending is. */
START_TEST(line_limit)
{
	char text[3 * SCAM_LIST_MAX_LINE];
	const char *head = "ETH," ETH_A ",scam,x";
	size_t h = strlen(head);

	memcpy(text, head, h);
	memset(text + h, ' ', SCAM_LIST_MAX_LINE - h);
	memcpy(text + SCAM_LIST_MAX_LINE, "\r\n", 3);
	ck_assert_int_eq(parse(text), SCAM_LIST_OK);
	ck_assert_str_eq(find(ADDRESS_NET_ETH, ETH_A)->label, "x");

	memset(text + h, ' ', SCAM_LIST_MAX_LINE + 1 - h);
	memcpy(text + SCAM_LIST_MAX_LINE + 1, "\n", 2);
	ck_assert_int_eq(parse(text), SCAM_LIST_ERR_LINES);
	ck_assert_int_eq(errs[0].code, SCAM_LINE_TOO_LONG);
	ck_assert_uint_eq(list.n, 0);
	/* a comment may be as long as it likes */
	text[0] = '#';
	ck_assert_int_eq(parse(text), SCAM_LIST_OK);
}
END_TEST

/* More refused lines than the caller's array: the first ones are reported, all are counted. */
START_TEST(errors_beyond_the_array_are_counted)
{
	char text[4096] = "";
	struct scam_list_line_error few[3];

	for (int i = 0; i < 10; i++)
		strcat(text, "ETH,nope,scam,x\n");
	strcat(text, "ETH," ETH_A ",scam,x\n");
	arena_free(&arena);
	arena_init(&arena, 0);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, strlen(text), few, 3),
	                 SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(list.errors, 10);
	ck_assert_uint_eq(few[0].line, 1);
	ck_assert_uint_eq(few[2].line, 3);
	ck_assert_uint_eq(list.n, 1);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, strlen(text), NULL, 0),
	                 SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(list.errors, 10);
}
END_TEST

/* The whole-file bounds: SCAM_LIST_MAX_BYTES and SCAM_LIST_MAX_ENTRIES exactly pass, one more
 * loads nothing. */
START_TEST(file_limits)
{
	size_t big = SCAM_LIST_MAX_BYTES + 1;
	char *text = malloc(big);

	ck_assert_ptr_nonnull(text);
	memset(text, 'x', big);
	text[0] = '#'; /* one long comment line */
	arena_free(&arena);
	arena_init(&arena, 0);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, big - 1, errs, 64), SCAM_LIST_OK);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, big, errs, 64),
	                 SCAM_LIST_ERR_TOO_LARGE);
	ck_assert_uint_eq(list.n, 0);

	/* SCAM_LIST_MAX_ENTRIES lines that each could be an entry (and are all refused) ... */
	for (size_t i = 0; i < SCAM_LIST_MAX_ENTRIES; i++)
		memcpy(text + 2 * i, "x\n", 2);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, 2 * SCAM_LIST_MAX_ENTRIES, NULL, 0),
	                 SCAM_LIST_ERR_LINES);
	ck_assert_uint_eq(list.errors, SCAM_LIST_MAX_ENTRIES);
	/* ... and one more */
	memcpy(text + 2 * SCAM_LIST_MAX_ENTRIES, "x\n", 2);
	ck_assert_int_eq(
	    scam_list_parse(&list, &arena, text, 2 * SCAM_LIST_MAX_ENTRIES + 2, NULL, 0),
	    SCAM_LIST_ERR_TOO_MANY);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_uint_eq(list.errors, 0);
	free(text);
}
END_TEST

/* A few thousand entries: every one is found under each of its spellings, nothing else is. */
START_TEST(many_entries)
{
	enum { N = 3000 };
	size_t cap = (size_t)N * 80;
	char *text = malloc(cap), addr[64];
	size_t len = 0;

	ck_assert_ptr_nonnull(text);
	for (int i = N - 1; i >= 0; i--) /* written in reverse: the parser sorts */
		len += (size_t)snprintf(text + len, cap - len, "ETH,0x%040x,scam:bulk,n%d\n",
		                        (unsigned)i * 7919u, i);
	arena_free(&arena);
	arena_init(&arena, 0);
	ck_assert_int_eq(scam_list_parse(&list, &arena, text, len, errs, 64), SCAM_LIST_OK);
	ck_assert_uint_eq(list.n, N);
	for (size_t i = 1; i < list.n; i++)
		ck_assert_int_lt(strcmp(list.entries[i - 1].address, list.entries[i].address), 0);
	for (int i = 0; i < N; i++) {
		char want[16];
		snprintf(addr, sizeof addr, "0x%040x", (unsigned)i * 7919u);
		snprintf(want, sizeof want, "n%d", i);
		const struct scam_list_entry *e = find(ADDRESS_NET_BSC, addr);
		ck_assert_ptr_nonnull(e);
		ck_assert_str_eq(e->label, want);
		snprintf(addr, sizeof addr, "0x%040x", (unsigned)i * 7919u + 1);
		ck_assert_ptr_null(find(ADDRESS_NET_ETH, addr));
	}
	free(text);
}
END_TEST

START_TEST(names)
{
	ck_assert_str_eq(scam_list_category_code(SCAM_LIST_SANCTIONS), "sanctions");
	ck_assert_str_eq(scam_list_category_code(SCAM_LIST_SCAM), "scam");
	ck_assert_str_eq(scam_list_category_code(SCAM_LIST_PHISHING), "phishing");
	ck_assert_ptr_null(scam_list_category_code((enum scam_list_category)9));
	for (int e = SCAM_LINE_TOO_LONG; e <= SCAM_LINE_LABEL; e++) {
		ck_assert_str_ne(scam_list_line_code(e), "unknown");
		ck_assert_str_ne(scam_list_line_strerror(e), "unknown line error");
	}
	ck_assert_str_eq(scam_list_line_code((enum scam_list_line_err)99), "unknown");
	for (int e = SCAM_LIST_OK; e <= SCAM_LIST_ERR_TOO_MANY; e++)
		ck_assert_str_ne(scam_list_strerror(e), "unknown list error");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("scam_list");

	arena_init(&arena, 0);
	UNIT_TEST(s, parses_and_finds_every_spelling);
	UNIT_TEST(s, empty_and_comment_only);
	UNIT_TEST(s, duplicates_collapse_strongest_first);
	for (int i = 0; i < (int)(sizeof bad / sizeof bad[0]); i++)
		unit_add_case(s, unit_name("refused: %s", bad[i].name), bad_line_is_refused, i);
	UNIT_TEST(s, private_key_refused_by_reason);
	UNIT_TEST(s, nul_byte_is_a_control_character);
	UNIT_TEST(s, field_limits);
	UNIT_TEST(s, line_limit);
	UNIT_TEST(s, errors_beyond_the_array_are_counted);
	UNIT_TEST(s, file_limits);
	UNIT_TEST(s, many_entries);
	UNIT_TEST(s, names);
	int rc = unit_run(s, "scam_list");
	arena_free(&arena);
	return rc;
}
