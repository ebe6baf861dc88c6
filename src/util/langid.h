/* langid.h — which language a customer wrote in, so that a ticket or chat can go to an agent who
 * reads it and the automatic mails can answer in kind. Owns the script heuristics and the textcat
 * fingerprints (loaded once, read-only afterwards); never routes, stores or translates anything.
 *
 * The answer is a guess and callers treat it as one: NULL means "not enough to go on" (empty,
 * a greeting of one word, only a transaction hash), never an error the customer should see. */
#ifndef EXDESK_UTIL_LANGID_H
#define EXDESK_UTIL_LANGID_H
#include <stdbool.h>
#include <stddef.h>

/* Only this many leading bytes are looked at: a few sentences decide a language, and the bound
 * keeps a pasted log file from costing more than a short message. */
#define LANGID_MAX_INPUT 4096

/* A static BCP 47 tag for the language of utf8[0..len), or NULL when unsure. The desk's languages
 * come back as "en", "zh-CN", "zh-TW", "ja", "ko", "ru", "es", "vi", "tr"; any other language the
 * fingerprints know as its two-letter code ("de", "fr", "uk", "th", ...). URLs, email addresses,
 * digits, hashes and addresses (anything with digits, long mixed-case runs) and coin tickers are
 * ignored, so a Chinese message quoting a TxID is still Chinese. Mixed scripts are decided by the
 * script with the most letters, a CJK character weighing as much as three Latin letters.
 * Malformed UTF-8 is read as spaces, never a crash. Thread-safe; the first call loads the
 * fingerprints (a few ms). */
const char *langid_detect(const char *utf8, size_t len);

/* False when the textcat fingerprints could not be loaded: scripts (CJK, Cyrillic, Thai) and
 * Vietnamese or Turkish letters are still recognised, other Latin text then comes back NULL.
 * Loads them if that has not happened yet, so the daemon can call it at startup to warn early. */
bool langid_ready(void);

#endif
