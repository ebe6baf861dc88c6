/* mail_charset.c — see mail_charset.h. Decoding is glibc iconv plus one converter of our own
 * (ISO-2022-JP, below); detection is uchardet. */
#include "channels/mail_charset.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include <uchardet.h>

const char *const mail_charset_fallbacks[] = {
    "utf-8", "gb18030", "cp932", "big5-hkscs", "cp949", "windows-1252", NULL,
};

/* uchardet reaches its verdict long before this; more input only costs time. */
#define DETECT_MAX (64 * 1024)
/* A label longer than this is not a charset name. */
#define LABEL_MAX 40

enum {
	/* A label mailers put on anything: check 8-bit text before trusting it. */
	CS_SUSPECT = 1 << 0,
	/* Single-byte Latin script: not a verdict worth overriding a label for. */
	CS_LATIN = 1 << 1,
	/* Validated by us, not by iconv. */
	CS_UTF8 = 1 << 2,
	/* ISO-2022-JP: our converter first. */
	CS_JIS = 1 << 3,
};

/* What a label decodes with: the supersets senders actually mean. */
struct cs_entry {
	const char *labels; /* NUL-separated aliases, lower case, '_' written as '-' */
	const char *dec[3]; /* iconv names tried in order; the first that decodes strictly wins */
	unsigned flags;
};

/* clang-format off */
static const struct cs_entry cs_table[] = {
	{"us-ascii\0ascii\0ansi-x3.4-1968\0iso646-us\0us\0csascii\0", {"WINDOWS-1252"},
	 CS_SUSPECT | CS_LATIN},
	{"iso-8859-1\0latin1\0l1\0iso8859-1\0cp819\0ibm819\0csisolatin1\0iso-ir-100\0",
	 {"WINDOWS-1252", "ISO-8859-1"}, CS_SUSPECT | CS_LATIN},
	{"windows-1252\0cp1252\0x-cp1252\0win-1252\0", {"WINDOWS-1252", "ISO-8859-1"},
	 CS_SUSPECT | CS_LATIN},
	{"utf-8\0utf8\0unicode-1-1-utf-8\0x-unicode20utf8\0", {"UTF-8"}, CS_UTF8},
	{"gb18030\0gb2312\0gbk\0cp936\0ms936\0windows-936\0x-gbk\0euc-cn\0x-euc-cn\0csgb2312\0"
	 "gb-2312-80\0chinese\0iso-ir-58\0csiso58gb231280\0", {"GB18030", "CP936"}, 0},
	{"big5\0big5-hkscs\0cp950\0ms950\0windows-950\0x-x-big5\0csbig5\0big-5\0x-big5\0",
	 {"BIG5-HKSCS", "CP950"}, 0},
	{"shift-jis\0sjis\0x-sjis\0ms-kanji\0csshiftjis\0cp932\0windows-31j\0ms932\0x-ms-cp932\0",
	 {"CP932"}, 0},
	{"iso-2022-jp\0csiso2022jp\0iso-2022-jp-1\0iso-2022-jp-2\0iso-2022-jp-3\0cp50220\0"
	 "cp50221\0cp50222\0", {"ISO-2022-JP-2", "ISO-2022-JP-3"}, CS_JIS},
	{"euc-jp\0x-euc-jp\0eucjp\0cseucpkdfmtjapanese\0euc-jp-ms\0eucjp-ms\0eucjp-win\0",
	 {"EUC-JP-MS", "EUC-JP"}, 0},
	{"euc-kr\0ks-c-5601-1987\0ks-c-5601-1989\0ks-c-5601\0ksc5601\0ksc-5601\0cp949\0uhc\0"
	 "windows-949\0x-windows-949\0csksc56011987\0csueckr\0korean\0", {"CP949"}, 0},
	{"koi8-r\0cskoi8r\0koi\0koi8\0", {"KOI8-R"}, 0},
	{"koi8-u\0koi8-ru\0", {"KOI8-U"}, 0},
	{"windows-1250\0cp1250\0x-cp1250\0win-1250\0", {"CP1250"}, CS_LATIN},
	{"windows-1251\0cp1251\0x-cp1251\0win-1251\0", {"CP1251"}, 0},
	{"windows-1253\0cp1253\0x-cp1253\0", {"CP1253"}, 0},
	{"windows-1254\0cp1254\0x-cp1254\0", {"CP1254"}, CS_LATIN},
	{"windows-1255\0cp1255\0x-cp1255\0", {"CP1255"}, 0},
	{"windows-1256\0cp1256\0x-cp1256\0", {"CP1256"}, 0},
	{"windows-1257\0cp1257\0x-cp1257\0", {"CP1257"}, CS_LATIN},
	{"windows-1258\0cp1258\0x-cp1258\0", {"CP1258"}, CS_LATIN},
	{"iso-8859-2\0latin2\0l2\0iso8859-2\0", {"ISO-8859-2"}, CS_LATIN},
	{"iso-8859-3\0latin3\0l3\0iso8859-3\0", {"ISO-8859-3"}, CS_LATIN},
	{"iso-8859-4\0latin4\0l4\0iso8859-4\0", {"ISO-8859-4"}, CS_LATIN},
	{"iso-8859-5\0cyrillic\0iso8859-5\0", {"ISO-8859-5"}, 0},
	{"iso-8859-6\0arabic\0iso8859-6\0iso-8859-6-i\0iso-8859-6-e\0", {"ISO-8859-6"}, 0},
	{"iso-8859-7\0greek\0iso8859-7\0", {"ISO-8859-7"}, 0},
	{"iso-8859-8\0hebrew\0iso8859-8\0iso-8859-8-i\0iso-8859-8-e\0", {"ISO-8859-8"}, 0},
	{"iso-8859-9\0latin5\0l5\0iso8859-9\0", {"ISO-8859-9"}, CS_LATIN},
	{"iso-8859-10\0latin6\0l6\0iso8859-10\0", {"ISO-8859-10"}, CS_LATIN},
	{"tis-620\0windows-874\0cp874\0iso-8859-11\0x-windows-874\0iso8859-11\0", {"CP874"}, 0},
	{"iso-8859-13\0latin7\0iso8859-13\0", {"ISO-8859-13"}, CS_LATIN},
	{"iso-8859-14\0latin8\0iso8859-14\0", {"ISO-8859-14"}, CS_LATIN},
	{"iso-8859-15\0latin9\0latin-9\0l9\0iso8859-15\0", {"ISO-8859-15"}, CS_LATIN},
	{"iso-8859-16\0latin10\0iso8859-16\0", {"ISO-8859-16"}, CS_LATIN},
	{"ibm852\0cp852\0mac-centraleurope\0x-mac-ce\0", {"CP852"}, CS_LATIN},
	{"macintosh\0mac\0x-mac-roman\0mac-roman\0", {"MACINTOSH"}, CS_LATIN},
	{"viscii\0", {"VISCII"}, CS_LATIN},
};
/* clang-format on */

/* Labels that mean "we do not know" are treated like no label at all. */
static const char *const cs_unknown[] = {
    "unknown-8bit", "x-unknown", "unknown", "default", "charset", "x-user-defined", "none",
};

/* A label outside the table still works if iconv knows it: it is ours, not a cs_table row. */
struct cs_choice {
	const struct cs_entry *e;
	struct cs_entry own;
	char ownname[LABEL_MAX + 2];
};

static void label_normalize(const char *in, char *out, size_t cap)
{
	size_t i = 0;

	while (*in == ' ' || *in == '\t' || *in == '"')
		in++;
	for (; *in != '\0' && i + 1 < cap; in++) {
		char c = *in;
		if (c == '"' || c == ' ' || c == '\t' || c == ';')
			break;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[i++] = c == '_' ? '-' : c;
	}
	out[i] = '\0';
}

static bool label_in(const char *labels, const char *name)
{
	for (const char *l = labels; *l != '\0'; l += strlen(l) + 1)
		if (strcmp(l, name) == 0)
			return true;
	return false;
}

/* glibc unloads a gconv module when its last iconv handle closes and loads it again (open, mmap,
 * relocate) at the next iconv_open: most of the cost of decoding a short mail. One handle per
 * decoder of the table, opened once and never closed, keeps them loaded. */
static pthread_once_t pin_once = PTHREAD_ONCE_INIT;
static iconv_t pinned[2 * G_N_ELEMENTS(cs_table) + 4];

static void pin_decoders(void)
{
	size_t n = 0;

	for (size_t i = 0; i < G_N_ELEMENTS(cs_table); i++)
		for (size_t j = 0; j < G_N_ELEMENTS(cs_table[i].dec) && cs_table[i].dec[j]; j++)
			if (n < G_N_ELEMENTS(pinned))
				pinned[n++] = iconv_open("UTF-8", cs_table[i].dec[j]);
}

/* Only names made of these reach iconv_open: never a path, never "//TRANSLIT". */
static bool label_safe(const char *s)
{
	if (s[0] == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!g_ascii_isalnum(*s) && *s != '-' && *s != '.' && *s != ':' && *s != '+')
			return false;
	return true;
}

static bool iconv_known(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

/* Fills c for `declared`; false when there is no usable label. */
static bool cs_lookup(const char *declared, struct cs_choice *c)
{
	char name[LABEL_MAX + 2];

	c->e = NULL;
	if (declared == NULL)
		return false;
	label_normalize(declared, name, sizeof name);
	if (name[0] == '\0' || strlen(name) > LABEL_MAX)
		return false;
	for (size_t i = 0; i < G_N_ELEMENTS(cs_unknown); i++)
		if (strcmp(name, cs_unknown[i]) == 0)
			return false;
	for (size_t i = 0; i < G_N_ELEMENTS(cs_table); i++)
		if (label_in(cs_table[i].labels, name)) {
			c->e = &cs_table[i];
			return true;
		}
	if (!label_safe(name) || !iconv_known(name))
		return false;
	/* The entry points into c itself, so it lives exactly as long as c. */
	memset(&c->own, 0, sizeof c->own);
	g_strlcpy(c->ownname, name, sizeof c->ownname);
	c->own.labels = "";
	c->own.dec[0] = c->ownname;
	c->e = &c->own;
	return true;
}

/* ---- UTF-8 ---- */

/* Length of the valid UTF-8 character at p (shortest form, no surrogates, <= U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len;

	if (n == 0)
		return 0;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		len = 2;
		c = p[0] & 0x1f;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Whether p..end is the start of a character the input was cut in the middle of. */
static bool utf8_incomplete_tail(const unsigned char *p, const unsigned char *end)
{
	size_t need, have = (size_t)(end - p);

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		need = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		need = 4;
	else
		return false;
	if (have >= need)
		return false;
	for (size_t i = 1; i < have; i++)
		if ((p[i] & 0xc0) != 0x80)
			return false;
	return true;
}

static size_t utf8_put(uint32_t c, char *b)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (char)(0xc0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (char)(0xe0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		b[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | (c >> 18));
	b[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	b[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	b[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

bool mail_utf8_valid(const char *s, size_t len, bool cut)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : ""), *end = p + len;
	uint32_t cp;

	while (p < end) {
		size_t n;
		if (*p < 0x80) {
			p++;
			continue;
		}
		n = utf8_char(p, (size_t)(end - p), &cp);
		if (n == 0)
			return cut && utf8_incomplete_tail(p, end);
		p += n;
	}
	return true;
}

void mail_text_clean(GString *out, const char *in, size_t len, size_t max_len, bool cut)
{
	const unsigned char *p = (const unsigned char *)(in != NULL ? in : ""), *end = p + len;
	size_t start = out->len;

	while (p < end && out->len < max_len) {
		const unsigned char *run = p;
		char b[4];
		uint32_t cp;
		size_t n;

		/* Plain printable ASCII is nearly all text: copy it a run at a time. */
		while (p < end && *p >= 0x20 && *p < 0x7f)
			p++;
		if (p > run) {
			size_t k = (size_t)(p - run);
			if (k > max_len - out->len)
				k = max_len - out->len;
			g_string_append_len(out, (const char *)run, (gssize)k);
			continue;
		}
		n = utf8_char(p, (size_t)(end - p), &cp);
		if (n == 0) {
			if (cut && utf8_incomplete_tail(p, end))
				break;
			cp = 0xfffd;
			n = 1;
		}
		p += n;
		if (cp == '\r') {
			cp = '\n';
			if (p < end && *p == '\n')
				p++;
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp < 0xa0)) {
			continue;
		} else if (cp == 0xfeff && out->len == start) {
			continue;
		}
		n = utf8_put(cp, b);
		if (out->len + n > max_len)
			break;
		g_string_append_len(out, b, (gssize)n);
	}
}

/* ---- decoders ---- */

static bool has_high(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

/* ISO-2022-JP announces its two-byte sets with these escapes. */
static bool has_jis_escape(const char *s, size_t len)
{
	for (size_t i = 0; i + 2 < len; i++)
		if (s[i] == 0x1b && s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@'))
			return true;
	return false;
}

static void put_replacement(GString *out)
{
	g_string_append(out, "\xef\xbf\xbd");
}

/* Decodes with iconv into out (raw UTF-8, not yet cleaned). Strict: false at the first byte the
 * charset does not define. Lossy: such bytes become U+FFFD and are counted in *errors. */
static bool iconv_decode(const char *code, const char *in, size_t len, bool cut, bool lossy,
                         GString *out, size_t *errors)
{
	iconv_t cd = iconv_open("UTF-8", code);
	char *ip = (char *)in, buf[4096], *op;
	size_t il = len, ol;
	bool ok = true;

	if (cd == (iconv_t)-1)
		return false;
	while (il > 0) {
		size_t r;

		op = buf;
		ol = sizeof buf;
		r = iconv(cd, &ip, &il, &op, &ol);
		g_string_append_len(out, buf, (gssize)(op - buf));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && cut)
			break;
		if (!lossy) {
			ok = false;
			goto out;
		}
		put_replacement(out);
		if (errors != NULL)
			(*errors)++;
		if (errno == EINVAL)
			break;
		/* Skip the byte iconv refused; stateful decoders keep their shift state. */
		ip++;
		il--;
	}
	op = buf;
	ol = sizeof buf;
	iconv(cd, NULL, NULL, &op, &ol);
	g_string_append_len(out, buf, (gssize)(op - buf));
out:
	iconv_close(cd);
	return ok;
}

/* ISO-2022-JP as Microsoft writes it (CP50221): JIS X 0208 with the NEC and IBM rows, and
 * half-width katakana. glibc's ISO-2022-JP variants reject those rows (①, ㈱, 髙), so the text
 * is rewritten as CP932 — the same character set in a Shift_JIS byte layout — and decoded as
 * that. False on anything else (JIS X 0212, JIS X 0213, 8-bit bytes); the caller then tries
 * glibc's decoders. */
static bool jis_to_sjis(const char *s, size_t len, bool cut, GString *out)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	enum { ROMAN, KANJI, KANA } mode = ROMAN;

	while (p < end) {
		unsigned c = *p;

		if (c == 0x1b) {
			size_t left = (size_t)(end - p);
			if (left < 3)
				return cut;
			if (p[1] == '$' && (p[2] == 'B' || p[2] == '@'))
				mode = KANJI;
			else if (p[1] == '(' && (p[2] == 'B' || p[2] == 'J'))
				mode = ROMAN;
			else if (p[1] == '(' && p[2] == 'I')
				mode = KANA;
			else
				return false;
			p += 3;
			continue;
		}
		if (c >= 0x80)
			return false;
		if (c < 0x21 || c == 0x7f || mode == ROMAN) {
			/* Controls and spaces pass through in any mode: some encoders leave the
			 * two-byte set active across line ends. */
			g_string_append_c(out, (char)c);
			p++;
			continue;
		}
		if (mode == KANA) {
			if (c > 0x5f)
				return false;
			g_string_append_c(out, (char)(c + 0x80));
			p++;
			continue;
		}
		if (end - p < 2)
			return cut;
		{
			unsigned c2 = p[1], s1, s2;
			if (c2 < 0x21 || c2 > 0x7e)
				return false;
			s1 = ((c + 1) >> 1) + (c < 0x5f ? 0x70 : 0xb0);
			s2 = (c & 1) ? c2 + (c2 < 0x60 ? 0x1f : 0x20) : c2 + 0x7e;
			g_string_append_c(out, (char)s1);
			g_string_append_c(out, (char)s2);
			p += 2;
		}
	}
	return true;
}

/* The name a decoder is reported by: lower case, and "windows-1251" rather than "cp1251", the
 * name mail software knows. iconv accepts both. */
static void report_name(const char *dec, char *name, size_t cap)
{
	g_strlcpy(name, dec, cap);
	for (char *c = name; *c != '\0'; c++)
		*c = g_ascii_tolower(*c);
	if (strncmp(name, "cp125", 5) == 0 && name[5] != '\0' && name[6] == '\0') {
		char digit = name[5];
		g_snprintf(name, cap, "windows-125%c", digit);
	}
}

/* Decodes strictly with one of e's decoders (out starts empty and is left empty on failure);
 * names the winner in `name`. */
static bool entry_decode(const struct cs_entry *e, const char *in, size_t len, bool cut,
                         GString *out, char *name, size_t cap)
{
	if (e->flags & CS_UTF8) {
		if (!mail_utf8_valid(in, len, cut))
			return false;
		g_string_append_len(out, in, (gssize)len);
		g_strlcpy(name, "utf-8", cap);
		return true;
	}
	if (e->flags & CS_JIS) {
		GString *sjis = g_string_sized_new(len);
		bool ok = jis_to_sjis(in, len, cut, sjis) &&
		          iconv_decode("CP932", sjis->str, sjis->len, cut, false, out, NULL);
		g_string_free(sjis, TRUE);
		if (ok) {
			g_strlcpy(name, "iso-2022-jp", cap);
			return true;
		}
		g_string_truncate(out, 0);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(e->dec) && e->dec[i] != NULL; i++) {
		if (iconv_decode(e->dec[i], in, len, cut, false, out, NULL)) {
			report_name(e->dec[i], name, cap);
			return true;
		}
		g_string_truncate(out, 0);
	}
	return false;
}

/* uchardet's verdict as a table entry, or false when it has none we can use. */
static bool detect(const char *in, size_t len, struct cs_choice *c)
{
	uchardet_t ud = uchardet_new();
	bool found = false;

	if (ud == NULL)
		return false;
	if (uchardet_handle_data(ud, in, len < DETECT_MAX ? len : DETECT_MAX) == 0) {
		const char *name;
		uchardet_data_end(ud);
		name = uchardet_get_charset(ud);
		found = name != NULL && cs_lookup(name, c);
	}
	uchardet_delete(ud);
	return found;
}

/* A guess that decodes to private-use or C1 control characters is a wrong guess: those are what
 * one CJK charset's user-defined rows look like in another, or Latin read as CJK. */
static bool plausible(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		uint32_t cp;
		size_t n = utf8_char(p, (size_t)(end - p), &cp);
		if (n == 0)
			return false;
		if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000 ||
		    cp == 0xfffd)
			return false;
		p += n;
	}
	return true;
}

static bool guess_decode(const struct cs_entry *e, const char *in, size_t len, bool cut,
                         GString *out, char *name, size_t cap)
{
	size_t at = out->len;

	if (entry_decode(e, in, len, cut, out, name, cap) &&
	    plausible(out->str + at, out->len - at))
		return true;
	g_string_truncate(out, at);
	return false;
}

/* CJK charsets write every character as two (or four) high bytes; Latin text has its accented
 * letters one at a time between ASCII ones. True when nearly all high bytes come in runs. */
static bool looks_multibyte(const char *s, size_t len, size_t min_high)
{
	size_t high = 0, paired = 0, run = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && (unsigned char)s[i] >= 0x80) {
			run++;
			continue;
		}
		high += run;
		if (run >= 2)
			paired += run;
		run = 0;
	}
	return high >= min_high && paired * 10 >= high * 9;
}

/* The CJK rows of the fallback list, for text uchardet could not place. */
static bool guess_cjk(const char *in, size_t len, bool cut, GString *out, char *name, size_t cap)
{
	for (size_t i = 1; mail_charset_fallbacks[i + 1] != NULL; i++) {
		struct cs_choice c;
		if (cs_lookup(mail_charset_fallbacks[i], &c) &&
		    guess_decode(c.e, in, len, cut, out, name, cap))
			return true;
	}
	return false;
}

/* What needs no guessing: ISO-2022-JP escapes in 7-bit text, or 8-bit text that is valid UTF-8
 * (which other charsets almost never produce by accident). */
static bool recover_cheap(const char *in, size_t len, bool cut, GString *out, char *name,
                          size_t cap)
{
	if (!has_high(in, len)) {
		static const struct cs_entry jis = {"", {"ISO-2022-JP-2"}, CS_JIS};
		return has_jis_escape(in, len) && entry_decode(&jis, in, len, cut, out, name, cap);
	}
	if (!mail_utf8_valid(in, len, cut))
		return false;
	g_string_append_len(out, in, (gssize)len);
	g_strlcpy(name, "utf-8", cap);
	return true;
}

/* For text whose label is missing, untrusted or refuted: recover_cheap, else what uchardet names
 * (unless the label is Latin and so is the verdict: then the label stands). */
static bool recover(const struct cs_entry *declared, const char *in, size_t len, bool cut,
                    GString *out, char *name, size_t cap)
{
	struct cs_choice d;

	bool latin_label = declared != NULL && (declared->flags & CS_LATIN);
	bool cjk_shape;

	if (recover_cheap(in, len, cut, out, name, cap))
		return true;
	/* On short text uchardet often cannot decide, or says Latin for anything: the shape of the
	 * bytes then decides (a Latin label needs more of it to be overruled). */
	cjk_shape = looks_multibyte(in, len, latin_label ? 8 : 4);
	if (detect(in, len, &d) && d.e != declared &&
	    !((latin_label || cjk_shape) && (d.e->flags & CS_LATIN)) &&
	    guess_decode(d.e, in, len, cut, out, name, cap))
		return true;
	return cjk_shape && guess_cjk(in, len, cut, out, name, cap);
}

static void text_finish(struct mail_text *t, GString *raw, size_t max_out, bool cut)
{
	GString *clean = g_string_sized_new(raw->len < max_out ? raw->len + 1 : max_out + 1);

	mail_text_clean(clean, raw->str, raw->len, max_out, cut);
	t->len = clean->len;
	t->s = g_string_free(clean, FALSE);
}

void mail_charset_decode(const char *declared, const char *in, size_t len, bool cut, size_t max_out,
                         struct mail_text *out)
{
	struct cs_choice lab;
	bool labelled;
	const struct cs_entry *e;
	GString *raw;
	char name[sizeof out->charset];

	pthread_once(&pin_once, pin_decoders);
	if (in == NULL) {
		/* An empty part's content (GLib gives no buffer for no bytes). */
		in = "";
		len = 0;
	}
	labelled = cs_lookup(declared, &lab);
	e = labelled ? lab.e : NULL;
	raw = g_string_sized_new(len + 16);
	memset(out, 0, sizeof *out);
	g_strlcpy(name, "us-ascii", sizeof name);
	if (e != NULL && !(e->flags & CS_SUSPECT)) {
		size_t errors = 0, high = 0;

		if (entry_decode(e, in, len, cut, raw, name, sizeof name))
			goto done;
		/* Only the last character broken (a truncating tool), or a damaged byte or two in
		 * otherwise right text: the label stands. Many errors: the label is wrong, and a
		 * detected charset is better than a page of U+FFFD. */
		if (!cut && entry_decode(e, in, len, true, raw, name, sizeof name)) {
			g_string_truncate(raw, 0);
			iconv_decode(name, in, len, false, true, raw, NULL);
			goto done;
		}
		iconv_decode(e->dec[0], in, len, cut, true, raw, &errors);
		for (size_t i = 0; i < len; i++)
			high += (unsigned char)in[i] >= 0x80;
		if (errors > 2 || errors * 50 > high) {
			GString *again = g_string_sized_new(len + 16);
			if (recover(e, in, len, cut, again, name, sizeof name)) {
				g_string_free(raw, TRUE);
				raw = again;
				out->recovered = true;
				goto done;
			}
			g_string_free(again, TRUE);
		}
		report_name(e->dec[0], name, sizeof name);
		goto done;
	}
	if (!has_high(in, len) && !has_jis_escape(in, len)) {
		g_string_append_len(raw, in, (gssize)len);
		goto done;
	}
	if (recover(e, in, len, cut, raw, name, sizeof name)) {
		out->recovered = true;
		goto done;
	}
	g_string_truncate(raw, 0);
	if (e == NULL) {
		/* Unlabelled 8-bit text that nothing recognised: Latin is the old default. */
		static const struct cs_entry latin = {"", {"WINDOWS-1252"}, 0};
		if (entry_decode(&latin, in, len, cut, raw, name, sizeof name)) {
			out->recovered = true;
			goto done;
		}
		iconv_decode("UTF-8", in, len, cut, true, raw, NULL);
		g_strlcpy(name, "utf-8", sizeof name);
		goto done;
	}
	if (!entry_decode(e, in, len, cut, raw, name, sizeof name)) {
		iconv_decode(e->dec[0], in, len, cut, true, raw, NULL);
		report_name(e->dec[0], name, sizeof name);
	}
done:
	g_strlcpy(out->charset, name, sizeof out->charset);
	text_finish(out, raw, max_out, cut);
	g_string_free(raw, TRUE);
}

/* ---- headers ---- */

/* Raw header bytes with no label: the hint, then uchardet (only a verdict for a script that is
 * not Latin: on a few bytes it guesses Latin for anything), then the CJK charsets of the fallback
 * list when the bytes have their shape, else windows-1252. */
static void header_raw(GString *out, const char *s, size_t len, const char *hint)
{
	GString *raw;
	struct cs_choice c;
	char name[24];

	if (!has_high(s, len) && !has_jis_escape(s, len)) {
		mail_text_clean(out, s, len, G_MAXSIZE, false);
		return;
	}
	raw = g_string_sized_new(len * 2 + 16);
	if (recover_cheap(s, len, false, raw, name, sizeof name))
		goto done;
	if (hint != NULL && cs_lookup(hint, &c) && !(c.e->flags & CS_SUSPECT) &&
	    entry_decode(c.e, s, len, false, raw, name, sizeof name))
		goto done;
	if (detect(s, len, &c) && !(c.e->flags & (CS_LATIN | CS_SUSPECT)) &&
	    guess_decode(c.e, s, len, false, raw, name, sizeof name))
		goto done;
	if (looks_multibyte(s, len, 4) && guess_cjk(s, len, false, raw, name, sizeof name))
		goto done;
	iconv_decode("WINDOWS-1252", s, len, false, true, raw, NULL);
done:
	mail_text_clean(out, raw->str, raw->len, G_MAXSIZE, false);
	g_string_free(raw, TRUE);
}

/* An encoded word's bytes. Its label was chosen on purpose, so the only second-guessing is the
 * classic bug of UTF-8 bytes under a Latin label. */
static void word_decode(GString *out, const char *label, const char *b, size_t n, const char *hint)
{
	struct cs_choice c;
	GString *raw;
	char name[24];
	bool labelled = cs_lookup(label, &c);

	if (!labelled) {
		header_raw(out, b, n, hint);
		return;
	}
	raw = g_string_sized_new(n * 2 + 16);
	if ((c.e->flags & CS_SUSPECT) && recover_cheap(b, n, false, raw, name, sizeof name))
		;
	else if (entry_decode(c.e, b, n, false, raw, name, sizeof name))
		;
	else if (recover_cheap(b, n, false, raw, name, sizeof name))
		;
	else
		iconv_decode(c.e->dec[0], b, n, false, true, raw, NULL);
	mail_text_clean(out, raw->str, raw->len, G_MAXSIZE, false);
	g_string_free(raw, TRUE);
}

struct word {
	const char *charset; /* up to '?' or the RFC 2231 '*' language suffix */
	size_t charset_len;
	char encoding; /* 'B' or 'Q' */
	const char *text;
	size_t text_len;
	size_t end; /* index just past "?=" */
};

/* An encoded word =?charset?B|Q?text?= starting at s[i]. Lenient like real mail readers: it may
 * touch other text, and Q text may hold spaces, but it never spans a line. */
static bool word_parse(const char *s, size_t i, size_t n, struct word *w)
{
	size_t j = i + 2, start = j;

	while (j < n && s[j] != '?' && !g_ascii_isspace(s[j]) && j - start <= LABEL_MAX + 16)
		j++;
	if (j >= n || s[j] != '?' || j == start)
		return false;
	w->charset = s + start;
	w->charset_len = j - start;
	for (size_t k = 0; k < w->charset_len; k++)
		if (w->charset[k] == '*') {
			w->charset_len = k;
			break;
		}
	j++;
	if (j + 1 >= n || s[j + 1] != '?')
		return false;
	w->encoding = g_ascii_toupper(s[j]);
	if (w->encoding != 'B' && w->encoding != 'Q')
		return false;
	j += 2;
	start = j;
	while (j + 1 < n && !(s[j] == '?' && s[j + 1] == '=')) {
		if (s[j] == '\r' || s[j] == '\n')
			return false;
		j++;
	}
	if (j + 1 >= n)
		return false;
	w->text = s + start;
	w->text_len = j - start;
	w->end = j + 2;
	return true;
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void word_bytes(const struct word *w, GString *out)
{
	if (w->encoding == 'B') {
		uint32_t acc = 0;
		int bits = 0;
		for (size_t k = 0; k < w->text_len && w->text[k] != '='; k++) {
			int v = b64_value(w->text[k]);
			if (v < 0)
				continue;
			acc = (acc << 6) | (uint32_t)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				g_string_append_c(out, (char)((acc >> bits) & 0xff));
			}
		}
		return;
	}
	for (size_t k = 0; k < w->text_len; k++) {
		char c = w->text[k];
		if (c == '_') {
			c = ' ';
		} else if (c == '=' && k + 2 < w->text_len && g_ascii_isxdigit(w->text[k + 1]) &&
		           g_ascii_isxdigit(w->text[k + 2])) {
			c = (char)(g_ascii_xdigit_value(w->text[k + 1]) * 16 +
			           g_ascii_xdigit_value(w->text[k + 2]));
			k += 2;
		}
		g_string_append_c(out, c);
	}
}

enum hctx { H_PLAIN, H_QUOTED, H_COMMENT };

struct hdec {
	GString *out;
	const char *hint;
	bool phrase;
	GString *bytes;              /* encoded-word bytes not yet decoded */
	char charset[LABEL_MAX + 2]; /* their label; "" when there are none */
	enum hctx ctx;               /* where they stand in an address header */
};

/* Adjacent words in one charset are decoded together: encoders split multi-byte characters
 * across words. In an address header the text goes back in quoted (or escaped in its quoted
 * string or comment), so GMime's address parser sees a display name, never structure. */
static void hdec_flush(struct hdec *h)
{
	GString *t;
	const char *special = h->ctx == H_COMMENT ? "()\\" : "\"\\";

	if (h->charset[0] == '\0')
		return;
	if (!h->phrase) {
		word_decode(h->out, h->charset, h->bytes->str, h->bytes->len, h->hint);
		goto out;
	}
	t = g_string_new(NULL);
	word_decode(t, h->charset, h->bytes->str, h->bytes->len, h->hint);
	if (h->ctx == H_PLAIN)
		g_string_append_c(h->out, '"');
	for (size_t i = 0; i < t->len; i++) {
		if (strchr(special, t->str[i]) != NULL)
			g_string_append_c(h->out, '\\');
		g_string_append_c(h->out, t->str[i]);
	}
	if (h->ctx == H_PLAIN)
		g_string_append_c(h->out, '"');
	g_string_free(t, TRUE);
out:
	g_string_truncate(h->bytes, 0);
	h->charset[0] = '\0';
}

static bool all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!g_ascii_isspace(s[i]))
			return false;
	return true;
}

/* Whitespace runs (folding included) become one space; the ends are trimmed; at most max_len
 * bytes are kept, cut at a character boundary. */
static char *collapse(GString *in, size_t max_len)
{
	GString *out = g_string_sized_new(in->len + 1);
	bool space = false;

	for (size_t i = 0; i < in->len; i++) {
		char c = in->str[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = false;
		g_string_append_c(out, c);
	}
	if (out->len > max_len) {
		size_t k = max_len;
		while (k > 0 && ((unsigned char)out->str[k] & 0xc0) == 0x80)
			k--;
		g_string_truncate(out, k);
		while (out->len > 0 && out->str[out->len - 1] == ' ')
			g_string_truncate(out, out->len - 1);
	}
	return g_string_free(out, FALSE);
}

/* Header values longer than this are cut: no real header comes near it. */
#define HEADER_MAX (32 * 1024)

static char *header_decode(const char *raw, const char *hint, size_t max_len, bool phrase)
{
	size_t n = raw != NULL ? strnlen(raw, HEADER_MAX) : 0, run = 0, i = 0;
	struct hdec h = {.out = g_string_sized_new(n + 16),
	                 .hint = hint,
	                 .phrase = phrase,
	                 .bytes = g_string_new(NULL)};
	bool quoted = false, escaped = false;
	int comment = 0;
	char *res;

	pthread_once(&pin_once, pin_decoders);
	if (raw == NULL)
		raw = "";
	while (i < n) {
		struct word w;
		char c = raw[i];

		if (c == '=' && i + 1 < n && raw[i + 1] == '?' && !escaped &&
		    word_parse(raw, i, n, &w)) {
			enum hctx ctx = !phrase   ? H_PLAIN
			                : quoted  ? H_QUOTED
			                : comment ? H_COMMENT
			                          : H_PLAIN;
			char label[LABEL_MAX + 2];
			size_t ll = w.charset_len < LABEL_MAX ? w.charset_len : LABEL_MAX;

			memcpy(label, w.charset, ll);
			label[ll] = '\0';
			/* Whitespace between two encoded words is not text (RFC 2047 6.2). */
			if (h.charset[0] == '\0' || !all_space(raw + run, i - run) ||
			    ctx != h.ctx) {
				hdec_flush(&h);
				header_raw(h.out, raw + run, i - run, hint);
			} else if (g_ascii_strcasecmp(label, h.charset) != 0) {
				hdec_flush(&h);
			}
			g_strlcpy(h.charset, label, sizeof h.charset);
			if (h.charset[0] == '\0')
				g_strlcpy(h.charset, "us-ascii", sizeof h.charset);
			h.ctx = ctx;
			word_bytes(&w, h.bytes);
			i = run = w.end;
			continue;
		}
		if (escaped)
			escaped = false;
		else if (c == '\\' && (quoted || comment > 0))
			escaped = true;
		else if (quoted)
			quoted = c != '"';
		else if (c == '"' && comment == 0)
			quoted = true;
		else if (c == '(')
			comment++;
		else if (c == ')' && comment > 0)
			comment--;
		i++;
	}
	hdec_flush(&h);
	header_raw(h.out, raw + run, n - run, hint);
	res = collapse(h.out, max_len);
	g_string_free(h.out, TRUE);
	g_string_free(h.bytes, TRUE);
	return res;
}

char *mail_header_decode_text(const char *raw, const char *hint, size_t max_len)
{
	return header_decode(raw, hint, max_len, false);
}

char *mail_header_decode_phrase(const char *raw, const char *hint, size_t max_len)
{
	return header_decode(raw, hint, max_len, true);
}
