/* unit_main.h — what every unit test program shares: registering tests under readable names and
 * running a Check suite so that tests/run can count it. Each result becomes one stdout line,
 *   ok - <suite>: <test>      or      not ok - <suite>: <test>: <file:line: message>
 * and the program exits non-zero if any test failed or none ran.
 *
 * Check names a result after its TCase, so every test gets a TCase of its own: UNIT_TEST names it
 * after the test function; unit_add_case() runs one row of a table-driven test (the test sees the
 * row as _i) under a name built at run time, so a 6x6 transition matrix prints 36 lines that each
 * say which transition they checked.
 *
 * Tests run in CK_NOFORK mode: the code under test is pure, and without fork a sanitizer report
 * or crash stops the whole program, which tests/run counts as a failure instead of Check
 * swallowing it in a child. */
#ifndef EXDESK_TESTS_UNIT_MAIN_H
#define EXDESK_TESTS_UNIT_MAIN_H
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Not every program uses every helper. */
#define UNIT_FN __attribute__((unused)) static

/* tcase_create() keeps the pointer it is given, so run-time names must outlive the runner. */
#define UNIT_NAMES    1024
#define UNIT_NAME_MAX 128
static char unit_names[UNIT_NAMES][UNIT_NAME_MAX];
static size_t unit_names_used;

__attribute__((format(printf, 1, 2))) UNIT_FN const char *unit_name(const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (unit_names_used == UNIT_NAMES) {
		fprintf(stdout, "not ok - unit_main: more than %d named cases\n", UNIT_NAMES);
		exit(1);
	}
	p = unit_names[unit_names_used++];
	va_start(ap, fmt);
	vsnprintf(p, UNIT_NAME_MAX, fmt, ap);
	va_end(ap);
	return p;
}

UNIT_FN void unit_add(Suite *s, const char *name, const TTest *t)
{
	TCase *tc = tcase_create(name);
	tcase_add_test(tc, t);
	suite_add_tcase(s, tc);
}

#define UNIT_TEST(suite, fn) unit_add((suite), #fn, fn)

UNIT_FN void unit_add_case(Suite *s, const char *name, const TTest *t, int row)
{
	TCase *tc = tcase_create(name);
	tcase_add_loop_test(tc, t, row, row + 1);
	suite_add_tcase(s, tc);
}

/* One line per result; a message with a newline would otherwise become a line tests/run does
 * not count. */
UNIT_FN void unit_print_msg(const char *m)
{
	for (; m != NULL && *m != '\0'; m++)
		putchar(*m == '\n' || *m == '\r' ? ' ' : *m);
}

/* Runs s (and frees it), prints the results; returns the process exit status. */
UNIT_FN int unit_run(Suite *s, const char *suite_name)
{
	SRunner *sr = srunner_create(s);
	TestResult **res;
	int n, failed = 0;

	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	n = srunner_ntests_run(sr);
	res = srunner_results(sr);
	for (int i = 0; i < n; i++) {
		TestResult *tr = res[i];
		if (tr_rtype(tr) == CK_PASS) {
			printf("ok - %s: %s\n", suite_name, tr_tcname(tr));
			continue;
		}
		failed++;
		printf("not ok - %s: %s: %s:%d: ", suite_name, tr_tcname(tr), tr_lfile(tr),
		       tr_lno(tr));
		unit_print_msg(tr_msg(tr));
		putchar('\n');
	}
	free(res);
	srunner_free(sr);
	if (n == 0) {
		printf("not ok - %s: no tests ran\n", suite_name);
		return 1;
	}
	fflush(stdout);
	return failed ? 1 : 0;
}

#endif
