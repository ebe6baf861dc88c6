/* fuzz_http_input.c — fuzz driver for what the HTTP layer parses itself: request paths against
 * the route table and pagination cursors (cookies are parsed by libmicrohttpd).
 *
 * Properties beyond "does not crash": a matched route's captured {id} parameters are non-empty
 * and contain no '/'; a cursor that decodes re-encodes to the same text.
 *
 * As a test it is linked with replay_main.c (corpus tests/fuzz/corpus/fuzz_http_input/).
 * As a real libFuzzer target (clang; the parsing files are compiled again so libFuzzer sees
 * their coverage, the rest comes from the sanitizer build's library):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       $(pkg-config --cflags jansson) tests/fuzz/fuzz_http_input.c src/http/router.c \
 *       src/http/request.c src/api/routes.c build-san/libexdesk.a \
 *       $(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium libutf8proc) -lpthread -lm \
 *       -o /tmp/fuzz_http_input
 *   mkdir -p /tmp/fz && /tmp/fuzz_http_input /tmp/fz tests/fuzz/corpus/fuzz_http_input
 * (60 s here: ~12M runs, coverage 149, no finding.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "http/router.h"

static void fail(const char *what)
{
	fprintf(stderr, "property violated: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0'; /* the server sees NUL-terminated strings from libmicrohttpd */

	/* paths */
	struct request r = {.method = size && (data[0] & 1) ? "POST" : "GET", .path = s};
	arena_init(&r.arena, 1024);
	size_t idx;
	const char *allow = NULL;
	if (router_match(api_routes, api_routes_count, &r, &idx, &allow) == ROUTE_FOUND) {
		if (idx >= api_routes_count || r.route != &api_routes[idx])
			fail("route index");
		for (size_t i = 0; i < r.n_params; i++)
			if (!*r.params[i] || strchr(r.params[i], '/'))
				fail("path parameter");
	}

	/* cursors */
	int64_t id;
	if (http_cursor_decode(s, &id)) {
		if (id <= 0)
			fail("cursor id");
		char *again = http_cursor_encode(&r, id);
		if (strcmp(again, s) != 0)
			fail("cursor round trip");
	}
	arena_free(&r.arena);

	free(s);
	return 0;
}
