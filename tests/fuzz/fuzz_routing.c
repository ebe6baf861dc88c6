/* fuzz_routing.c — fuzz driver for routing rules (src/core/routing.c): keywords an admin types
 * and ticket text a customer sends, any bytes. Beyond "does not crash": folding is idempotent and
 * bounded; a match is deterministic and its group is the matching rule's; and a keyword that was
 * accepted always finds itself written as a word of its own ("… KEYWORD …"), whatever its script.
 *
 * Input: up to 8 lines of keywords, a line "--", then the ticket text. As a test it replays
 * tests/fuzz/corpus/fuzz_routing/ plus seeded mutations (replay_main.c); as a libFuzzer target:
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_routing.c src/core/routing.c src/core/ticket.c src/core/validate.c \
 *       src/util/arena.c src/util/xalloc.c src/util/utf8.c \
 *       $(pkg-config --cflags --libs libutf8proc) -o /tmp/fuzz_routing */
#include "core/routing.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

#define MAX_KW 8

static void check_fold(const char *s, size_t len)
{
	static char a[ROUTING_SCAN_MAX * 4], b[ROUTING_SCAN_MAX * 4];
	size_t na = routing_fold(s, len, a, sizeof a);
	CHECK(na <= sizeof a);
	size_t nb = routing_fold(a, na, b, sizeof b);
	CHECK(nb == na && memcmp(a, b, na) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *kw[MAX_KW];
	size_t kwlen[MAX_KW], n = 0;
	while (p < end && n < MAX_KW) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len == 2 && p[0] == '-' && p[1] == '-') {
			p += 3;
			break;
		}
		kw[n] = p;
		kwlen[n++] = len;
		p = nl ? nl + 1 : end;
	}
	const char *text = p < end ? p : "";
	size_t tlen = p < end ? (size_t)(end - p) : 0;
	check_fold(text, tlen);

	struct arena a;
	arena_init(&a, 16384);
	struct routing_set s;
	routing_set_init(&s, &a, 7);
	struct routing_rule *r;
	CHECK(routing_set_add(&s, 1, "fuzz", 4, 42, &r) == ROUTING_OK);
	const char *accepted[MAX_KW];
	size_t acclen[MAX_KW], na = 0;
	for (size_t i = 0; i < n; i++) {
		check_fold(kw[i], kwlen[i]);
		if (routing_rule_add_keyword(r, kw[i], kwlen[i]) == ROUTING_OK) {
			accepted[na] = kw[i];
			acclen[na++] = kwlen[i];
		}
	}
	CHECK(routing_set_compile(&s) == ROUTING_OK);
	struct routing_input in = {.channel = CHANNEL_EMAIL, .priority = PRIO_NORMAL,
				   .subject = "", .body = text, .body_len = tlen};
	struct routing_result r1, r2;
	int m1 = routing_match(&s, &in, &r1), m2 = routing_match(&s, &in, &r2);
	CHECK(m1 == m2 && (m1 == -1 || m1 == 0));
	CHECK(r1.group_id == (m1 == 0 ? 42 : 7));
	if (!na)
		CHECK(m1 == 0); /* no keyword accepted: a rule without conditions matches every ticket */
	/* Each accepted keyword, standing alone, matches (a '*' only widens a match). */
	for (size_t i = 0; i < na; i++) {
		char buf[ROUTING_MAX_KEYWORD + 8];
		int len = snprintf(buf, sizeof buf, "- %.*s -", (int)acclen[i], accepted[i]);
		struct routing_input one = in;
		one.body = buf;
		one.body_len = (size_t)len;
		struct routing_result rr;
		CHECK(routing_match(&s, &one, &rr) == 0);
	}
	arena_free(&a);
	return 0;
}
