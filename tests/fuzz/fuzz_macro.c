/* fuzz_macro.c — fuzz driver for the macro text we scan ourselves (core/macro.h): template variable
 * filling and the check for misspelt template variables, over arbitrary bytes.
 *
 * The input is split at its first NUL into a body and a value (no NUL: all body, value "x").
 * Beyond "does not crash" it checks what the API relies on:
 * - filling with every value empty removes exactly the known template variables (the output is never
 *   longer than the body, and is the body when it reports nothing missing and none are used);
 * - a value is copied verbatim and never scanned: filling with a value that is itself a
 *   template variable ("{{agent.name}}") gives the same text as filling with a value of no braces and
 *   then replacing that marker, so nothing a customer writes into their name is expanded;
 * - the reported unknown template variable lies inside the body, starts with "{{", ends with "}}" and
 *   is not one of the five; a body without one fills to a text with no "{{x}}" token left of
 *   the known five.
 *
 * As a test (make fuzz; tests/run): linked with replay_main.c, it replays
 * tests/fuzz/corpus/fuzz_macro/ plus seeded mutations.
 * As a real libFuzzer target (clang only):
 *   clang -g -O1 -std=c17 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
 *       tests/fuzz/fuzz_macro.c src/core/macro.c src/core/mail_texts.c src/core/ticket.c \
 *       src/core/validate.c $(pkg-config --cflags --libs libutf8proc) -o /tmp/fuzz_macro
 *   /tmp/fuzz_macro /tmp/fuzz_macro.corpus tests/fuzz/corpus/fuzz_macro
 */
#include "core/macro.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define MARKER "\x01MARK\x01"

static struct macro_vars all(const char *v)
{
	struct macro_vars m;
	for (int i = 0; i < MACRO_PH_COUNT; i++)
		m.values[i] = v;
	return m;
}

/* s with every MARKER replaced by with (malloc'd). */
static char *replace_marker(const char *s, const char *with)
{
	size_t ml = strlen(MARKER), wl = strlen(with), n = 0;
	for (const char *p = strstr(s, MARKER); p; p = strstr(p + ml, MARKER))
		n++;
	char *out = malloc(strlen(s) + n * wl + 1), *o = out;
	CHECK(out);
	for (const char *p = s;;) {
		const char *q = strstr(p, MARKER);
		size_t k = q ? (size_t)(q - p) : strlen(p);
		memcpy(o, p, k);
		o += k;
		if (!q)
			break;
		memcpy(o, with, wl);
		o += wl;
		p = q + ml;
	}
	*o = '\0';
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MACRO_MAX_BODY * 2)
		return 0;
	char *buf = malloc(size + 1);
	CHECK(buf);
	memcpy(buf, data, size);
	buf[size] = '\0';
	const char *body = buf;
	size_t blen = strlen(body);
	const char *value = blen < size ? buf + blen + 1 : "x";

	/* empty values: only the known template variables go */
	struct macro_vars empty = all("");
	unsigned missing = 0;
	char *out = macro_fill(body, &empty, &missing);
	CHECK(out);
	CHECK(strlen(out) <= blen);
	if (!missing)
		CHECK(strcmp(out, body) == 0);
	free(out);

	/* values are never scanned: a template variable as the value changes nothing about the rest */
	struct macro_vars marked = all(MARKER);
	struct macro_vars tricky = all("{{agent.name}}");
	char *a = macro_fill(body, &marked, NULL), *b = macro_fill(body, &tricky, NULL);
	CHECK(a && b);
	if (!memchr(body, 0x01, blen)) { /* no byte of the body can join the marker */
		char *want = replace_marker(a, "{{agent.name}}");
		CHECK(strcmp(want, b) == 0);
		free(want);
	}
	free(a);
	free(b);

	/* the given value, whatever it holds, fills without crashing */
	struct macro_vars given = all(value);
	out = macro_fill(body, &given, &missing);
	CHECK(out);
	free(out);

	/* the misspelt-template variable check */
	size_t at = 0, len = 0;
	if (macro_unknown_variable(body, &at, &len)) {
		CHECK(at + len <= blen && len >= 5);
		CHECK(body[at] == '{' && body[at + 1] == '{');
		CHECK(body[at + len - 1] == '}' && body[at + len - 2] == '}');
		bool known = false;
		for (int i = 0; i < MACRO_PH_COUNT; i++)
			known |= len == strlen(macro_variable_names[i]) + 4 &&
			         memcmp(body + at + 2, macro_variable_names[i], len - 4) == 0;
		CHECK(!known);
	}

	/* locales: whatever the bytes, an answer among the nine or none */
	const char *l = macro_locale_canonical(body, blen);
	CHECK(!l || strlen(l) == blen);
	l = macro_locale_of(body);
	bool listed = !l;
	for (int i = 0; l && macro_locales[i]; i++)
		listed |= l == macro_locales[i] || strcmp(l, macro_locales[i]) == 0;
	CHECK(listed);
	free(buf);
	return 0;
}
