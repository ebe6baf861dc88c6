/* validate.h — the shapes of values users send: emails, tags, language codes, category slugs.
 * Used at the edge (src/api) before anything reaches the store. Pure, no I/O. Inputs are
 * (pointer, length) and already valid UTF-8 unless said otherwise. */
#ifndef EXDESK_CORE_VALIDATE_H
#define EXDESK_CORE_VALIDATE_H
#include <stdbool.h>
#include <stddef.h>

#define MAX_EMAIL 254
#define MAX_TAG 64
#define MAX_TAGS 30
#define MAX_LANGUAGE 35

/* A practical address check (not full RFC 5322): one '@'; local part 1..64 bytes of
 * letters, digits and !#$%&'*+/=?^_`{|}~.- with no leading/trailing/double dot; domain of
 * dot-separated labels (letters, digits, hyphen, not starting/ending with a hyphen, 1..63 bytes),
 * at least two labels; total <= MAX_EMAIL. Non-ASCII (internationalised) addresses: letters
 * and digits from any script, with the combining marks that follow them, are accepted in both
 * parts. */
bool validate_email(const char *s, size_t len);

/* Normalise a tag into out (size MAX_TAG + 1): Unicode NFC, trim spaces (ASCII or any Unicode
 * space such as U+3000), lowercase letters of every script, turn inner spaces into '_'. Valid characters
 * after that: Unicode letters and digits (any script, so "提现" and "вывод" are tags) and the
 * combining marks that follow them (Thai "ถอนเงิน"), '_', '-', ':', '.'. Returns false, leaving
 * out untouched, if empty, too long or other characters remain. */
bool validate_tag_normalize(const char *s, size_t len, char out[MAX_TAG + 1]);

/* BCP 47 subset as used for languages: 2-3 letter primary subtag, then optional subtags of
 * 2-8 letters or digits separated by '-' ("en", "zh-CN", "zh-Hant-TW", "es-419").
 * Normalises case into out (size MAX_LANGUAGE + 1): primary lowercase, 2-letter region
 * uppercase, 4-letter script titlecase, anything else lowercase. out is untouched on failure. */
bool validate_language(const char *s, size_t len, char out[MAX_LANGUAGE + 1]);

/* Category slugs: 1..40 of [a-z0-9_]. */
bool validate_slug(const char *s, size_t len);

#endif
