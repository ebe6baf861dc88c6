/* replay_main.c — lets a libFuzzer target run as an ordinary test program, without libFuzzer.
 *
 * The program named fuzz_X replays every file of tests/fuzz/corpus/fuzz_X/ (relative to the
 * current directory; tests/run starts programs from the repository root), then a fixed number of
 * inputs derived from them by seeded pseudo-random mutation (bit flips, byte changes, truncation,
 * insertion, deletion, duplication, splicing, UTF-8 and syntax tokens). The seed is fixed, so a
 * run is reproducible; every input is copied into a buffer of exactly its size, so ASan sees any
 * read past the end. It prints one line, `ok - fuzz fuzz_X: N inputs`; a crash or sanitizer
 * report ends the program before that, which tests/run counts as a failure.
 *
 *   usage: fuzz_X [CORPUS_DIR [MUTATIONS [SEED]]]
 *
 * Built with -fsanitize=fuzzer instead, the target gets libFuzzer's own main and this file is not
 * linked. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CORPUS_ROOT       "tests/fuzz/corpus"
#define MAX_FILES         4096
#define MAX_FILE_SIZE     (1 << 20)
#define MAX_MUTANT        4096
#define DEFAULT_MUTATIONS 10000
#define DEFAULT_SEED      0x65786465736b2121ULL /* "exdesk!!" */

struct input {
	char *name;
	uint8_t *data;
	size_t len;
};

static struct input corpus[MAX_FILES];
static size_t n_corpus;
static uint64_t rng_state;

/* splitmix64: tiny, good enough, and the same sequence on every platform. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t rnd_below(size_t n)
{
	return n == 0 ? 0 : (size_t)(rnd() % n);
}

/* A corpus that cannot be read is a failed check, not a quiet pass over nothing. */
__attribute__((format(printf, 2, 3), noreturn)) static void die(const char *prog, const char *fmt,
                                                                ...)
{
	va_list ap;

	printf("not ok - fuzz %s: ", prog);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(1);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct input *)a)->name, ((const struct input *)b)->name);
}

static void load_corpus(const char *prog, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (d == NULL)
		die(prog, "cannot open corpus %s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		struct stat st;
		FILE *f;
		struct input *in;

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path)
			die(prog, "path too long in %s", dir);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (st.st_size > MAX_FILE_SIZE || n_corpus == MAX_FILES)
			die(prog, "corpus too large at %s", path);
		in = &corpus[n_corpus];
		in->name = strdup(de->d_name);
		in->len = (size_t)st.st_size;
		in->data = malloc(in->len + 1);
		if (in->name == NULL || in->data == NULL)
			die(prog, "out of memory reading %s", path);
		f = fopen(path, "rb");
		if (f == NULL || fread(in->data, 1, in->len, f) != in->len)
			die(prog, "cannot read %s", path);
		fclose(f);
		n_corpus++;
	}
	closedir(d);
	if (n_corpus == 0)
		die(prog, "empty corpus %s", dir);
	/* readdir order differs between file systems; sorted, a seed means the same inputs. */
	qsort(corpus, n_corpus, sizeof corpus[0], by_name);
}

/* Exactly-sized copy, so reading one byte too far is an ASan report and not a silent pass. */
static void run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (copy == NULL)
		abort();
	if (len)
		memcpy(copy, data, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
}

/* Bytes that sit on the edges of what our parsers accept. */
/* clang-format off */
static const char *const tokens[] = {
	"@", ".", "-", "_", ":", " ", "..", "@@", "EXD-", "exd-", "0", "9",
	"-Hant", "-419", "9223372036854775808",
	/* malformed UTF-8: NUL, stray bytes, overlong '.', a surrogate, past U+10FFFF */
	"\x00", "\xff", "\x80", "\xc0\xae", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	"\xcc\x81",         /* combining acute */
	"\xe3\x80\x80",     /* ideographic space */
	"\xe3\x80\x82",     /* ideographic full stop */
	"\xe6\x8f\x90",     /* 提 */
	"\xd0\xb2",         /* в */
	"\xe0\xb8\xb4",     /* Thai vowel sign (a mark) */
	"\xf0\x9f\x98\x80", /* emoji */
	"\xef\xbc\xa0",     /* fullwidth @ */
};
/* clang-format on */

static size_t insert(uint8_t *buf, size_t len, size_t at, const uint8_t *src, size_t n)
{
	if (len + n > MAX_MUTANT)
		n = MAX_MUTANT - len;
	memmove(buf + at + n, buf + at, len - at);
	memcpy(buf + at, src, n);
	return len + n;
}

static size_t mutate(uint8_t *buf, size_t len)
{
	int rounds = 1 + (int)rnd_below(4);

	for (int r = 0; r < rounds; r++) {
		size_t at = rnd_below(len + 1), n;
		uint8_t tmp[16];

		switch (rnd_below(8)) {
		case 0: /* flip one bit */
			if (len)
				buf[rnd_below(len)] ^= (uint8_t)(1u << rnd_below(8));
			break;
		case 1: /* replace a byte */
			if (len)
				buf[rnd_below(len)] = (uint8_t)rnd();
			break;
		case 2: /* truncate */
			len = rnd_below(len + 1);
			break;
		case 3: /* insert random bytes */
			n = 1 + rnd_below(sizeof tmp);
			for (size_t i = 0; i < n; i++)
				tmp[i] = (uint8_t)rnd();
			len = insert(buf, len, at, tmp, n);
			break;
		case 4: /* delete a range */
			if (at < len) {
				n = 1 + rnd_below(len - at);
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
			}
			break;
		case 5: /* duplicate a range */
			if (at < len) {
				n = 1 + rnd_below(len - at < sizeof tmp ? len - at : sizeof tmp);
				memcpy(tmp, buf + at, n);
				len = insert(buf, len, rnd_below(len + 1), tmp, n);
			}
			break;
		case 6: { /* splice: our head, another entry's tail */
			const struct input *o = &corpus[rnd_below(n_corpus)];
			size_t from = rnd_below(o->len + 1);
			len = at;
			len = insert(buf, len, len, o->data + from, o->len - from);
			break;
		}
		default: { /* insert a token */
			const char *t = tokens[rnd_below(sizeof tokens / sizeof tokens[0])];
			size_t tl = t[0] == '\0' ? 1 : strlen(t);
			len = insert(buf, len, at, (const uint8_t *)t, tl);
			break;
		}
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	char dir[4096];
	unsigned long mutations = DEFAULT_MUTATIONS;
	uint64_t runs = 0;
	static uint8_t buf[MAX_MUTANT];

	rng_state = DEFAULT_SEED;
	if ((size_t)snprintf(dir, sizeof dir, "%s/%s", CORPUS_ROOT, prog) >= sizeof dir)
		die(prog, "program name too long");
	if (argc > 1 && (size_t)snprintf(dir, sizeof dir, "%s", argv[1]) >= sizeof dir)
		die(prog, "corpus path too long");
	if (argc > 2)
		mutations = strtoul(argv[2], NULL, 10);
	if (argc > 3)
		rng_state = strtoull(argv[3], NULL, 0);

	load_corpus(prog, dir);
	run_one(NULL, 0);
	runs++;
	for (size_t i = 0; i < n_corpus; i++, runs++)
		run_one(corpus[i].data, corpus[i].len);
	for (unsigned long i = 0; i < mutations; i++, runs++) {
		const struct input *base = &corpus[rnd_below(n_corpus)];
		size_t len = base->len < MAX_MUTANT ? base->len : MAX_MUTANT;
		memcpy(buf, base->data, len);
		len = mutate(buf, len);
		run_one(buf, len);
	}
	for (size_t i = 0; i < n_corpus; i++) {
		free(corpus[i].name);
		free(corpus[i].data);
	}
	printf("ok - fuzz %s: %" PRIu64 " inputs\n", prog, runs);
	return 0;
}
