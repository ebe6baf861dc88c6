/* validate.c — see validate.h. utf8proc decodes and classifies; nothing here trusts the caller's
 * promise of valid UTF-8: a malformed sequence makes a value invalid, never a crash.
 *
 * "Letters" is taken to include combining marks (Unicode M*) when they follow a letter or digit:
 * scripts such as Thai, Devanagari or decomposed Vietnamese cannot write ordinary words without
 * them ("ถอนเงิน", "निकासी"), and a mark can never start a word, so nothing odd gets through. */
#include "core/validate.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#define LOCAL_MAX 64
#define LABEL_MAX 63
#define SLUG_MAX  40

/* A raw tag may carry spaces to trim or decomposed characters that NFC will fuse, so it may be
 * longer than MAX_TAG; four times the limit is more than any valid tag needs, and bounds work. */
#define TAG_INPUT_MAX (4 * MAX_TAG)
#define TAG_CP_MAX    (2 * TAG_INPUT_MAX)
#define NFC_OPTIONS   (UTF8PROC_STABLE | UTF8PROC_COMPOSE)

enum cp_class { CP_OTHER, CP_WORD, CP_MARK };

static bool is_ascii_alpha(int32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(int32_t c)
{
	return c >= '0' && c <= '9';
}

/* Letters and decimal digits of any script are words; combining marks are their own class so
 * callers can require a word before them. ASCII is decided here too, so that control characters
 * and punctuation never depend on the Unicode tables. */
static enum cp_class classify(int32_t cp)
{
	if (cp < 0x80)
		return is_ascii_alpha(cp) || is_ascii_digit(cp) ? CP_WORD : CP_OTHER;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
		return CP_WORD;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CP_MARK;
	default:
		return CP_OTHER;
	}
}

/* Decode one code point at s[*pos]; false at a malformed sequence. */
static bool next_cp(const char *s, size_t len, size_t *pos, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *pos,
	                                      (utf8proc_ssize_t)(len - *pos), &c);
	if (k <= 0)
		return false;
	*pos += (size_t)k;
	*cp = c;
	return true;
}

static bool is_local_special(int32_t c)
{
	return c != 0 && c < 0x80 && strchr("!#$%&'*+/=?^_`{|}~-", (int)c) != NULL;
}

static bool email_local_ok(const char *s, size_t len)
{
	size_t pos = 0;
	int32_t cp = 0;
	bool prev_dot = true; /* a leading dot is a double dot with the start */
	bool prev_word = false;

	if (len < 1 || len > LOCAL_MAX)
		return false;
	while (pos < len) {
		if (!next_cp(s, len, &pos, &cp))
			return false;
		if (cp == '.') {
			if (prev_dot)
				return false;
			prev_dot = true;
			prev_word = false;
			continue;
		}
		switch (classify(cp)) {
		case CP_WORD:
			prev_word = true;
			break;
		case CP_MARK:
			if (!prev_word)
				return false;
			break;
		case CP_OTHER:
			if (!is_local_special(cp))
				return false;
			prev_word = false;
			break;
		}
		prev_dot = false;
	}
	return !prev_dot;
}

static bool email_label_ok(const char *s, size_t len)
{
	size_t pos = 0;
	int32_t cp = 0;
	bool prev_word = false;

	if (len < 1 || len > LABEL_MAX || s[0] == '-' || s[len - 1] == '-')
		return false;
	while (pos < len) {
		if (!next_cp(s, len, &pos, &cp))
			return false;
		switch (classify(cp)) {
		case CP_WORD:
			prev_word = true;
			break;
		case CP_MARK:
			if (!prev_word)
				return false;
			break;
		case CP_OTHER:
			if (cp != '-')
				return false;
			prev_word = false;
			break;
		}
	}
	return true;
}

static bool email_domain_ok(const char *s, size_t len)
{
	size_t start = 0, labels = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!email_label_ok(s + start, i - start))
			return false;
		labels++;
		start = i + 1;
	}
	return labels >= 2;
}

bool validate_email(const char *s, size_t len)
{
	const char *at;

	if (s == NULL || len == 0 || len > MAX_EMAIL)
		return false;
	at = memchr(s, '@', len);
	if (at == NULL || memchr(at + 1, '@', len - (size_t)(at - s) - 1) != NULL)
		return false;
	return email_local_ok(s, (size_t)(at - s)) &&
	       email_domain_ok(at + 1, len - (size_t)(at - s) - 1);
}

static bool is_space(int32_t cp)
{
	return cp == ' ' || (cp >= 0x80 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS);
}

static bool is_tag_punct(int32_t cp)
{
	return cp == '_' || cp == '-' || cp == ':' || cp == '.';
}

/* NFC first, so "rút" typed on a keyboard that sends decomposed accents is the same tag as the
 * precomposed one, and the length limit applies to what is stored. utf8proc_decompose into a
 * caller buffer keeps this allocation-free. */
bool validate_tag_normalize(const char *s, size_t len, char out[MAX_TAG + 1])
{
	utf8proc_int32_t cps[TAG_CP_MAX];
	char tmp[MAX_TAG + 1];
	utf8proc_ssize_t n;
	size_t b = 0, e, pos = 0;
	bool prev_word = false;

	if (s == NULL || len > TAG_INPUT_MAX)
		return false;
	n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, cps, TAG_CP_MAX,
	                       NFC_OPTIONS);
	if (n < 0 || n > TAG_CP_MAX)
		return false;
	n = utf8proc_normalize_utf32(cps, n, NFC_OPTIONS);
	if (n < 0)
		return false;
	e = (size_t)n;
	while (b < e && is_space(cps[b]))
		b++;
	while (e > b && is_space(cps[e - 1]))
		e--;
	if (b == e)
		return false;
	for (size_t i = b; i < e; i++) {
		int32_t cp = cps[i];
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k;

		/* Lowercase in every script, so "Вывод" and "вывод" are one tag. */
		if (is_space(cp))
			cp = '_';
		else
			cp = utf8proc_tolower(cp);
		switch (classify(cp)) {
		case CP_WORD:
			prev_word = true;
			break;
		case CP_MARK:
			if (!prev_word)
				return false;
			break;
		case CP_OTHER:
			if (!is_tag_punct(cp))
				return false;
			prev_word = false;
			break;
		}
		k = utf8proc_encode_char(cp, enc);
		if (k <= 0 || pos + (size_t)k > MAX_TAG)
			return false;
		memcpy(tmp + pos, enc, (size_t)k);
		pos += (size_t)k;
	}
	tmp[pos] = '\0';
	memcpy(out, tmp, pos + 1);
	return true;
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Case by position and shape, as BCP 47 recommends: a 2-letter subtag after the primary one is
 * a region, a 4-letter one a script; everything else (extlang, numeric region, variants) is
 * lowercase. */
bool validate_language(const char *s, size_t len, char out[MAX_LANGUAGE + 1])
{
	char tmp[MAX_LANGUAGE + 1];
	size_t i = 0;

	if (s == NULL || len == 0 || len > MAX_LANGUAGE)
		return false;
	for (size_t idx = 0;; idx++) {
		size_t start = i, n;
		bool alpha = true;

		while (i < len && s[i] != '-') {
			unsigned char c = (unsigned char)s[i++];
			if (idx > 0 && is_ascii_digit(c))
				alpha = false;
			else if (!is_ascii_alpha(c))
				return false;
		}
		n = i - start;
		if (idx == 0 ? (n < 2 || n > 3) : (n < 2 || n > 8))
			return false;
		for (size_t j = start; j < i; j++) {
			char c = ascii_lower(s[j]);
			if (idx > 0 && alpha && (n == 2 || (n == 4 && j == start)))
				c = ascii_upper(c);
			tmp[j] = c;
		}
		if (i == len)
			break;
		tmp[i++] = '-';
	}
	tmp[len] = '\0';
	memcpy(out, tmp, len + 1);
	return true;
}

bool validate_slug(const char *s, size_t len)
{
	if (s == NULL || len == 0 || len > SLUG_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}
