/* hold_texts.h — what the desk tells a customer about a held withdrawal and when it writes
 * first (proactive outreach), in the customer's language: en, zh-CN, zh-TW, ja, ko, ru, es, vi,
 * tr (docs/exchange/withdrawal-holds.md). Variables in braces ({amount}, {asset}, {network},
 * {address}, {country}) are filled by hold_text_fill.
 *
 * Owns: the texts, the choice of language. Never: decides when to send one. Pure. */
#ifndef EXDESK_CORE_HOLD_TEXTS_H
#define EXDESK_CORE_HOLD_TEXTS_H
#include <stddef.h>

enum hold_text {
	HOLD_TEXT_HELD,             /* we paused your withdrawal for a check: confirm with us */
	HOLD_TEXT_HELD_NEW_COUNTRY, /* ... and it followed a login from a new country */
	HOLD_TEXT_RELEASED,         /* the check is done, the withdrawal is on its way */
	HOLD_TEXT_CANCELLED,        /* we cancelled it, the funds are back in the account */
	HOLD_TEXT_MISSING_MEMO,     /* we saw your deposit without its memo/tag */
	HOLD_TEXT_NEW_COUNTRY,      /* a login from a new country: was it you? */
	HOLD_TEXT_COUNT
};

struct hold_text_vars {
	const char *amount, *asset, *network, *address, *country;
};

/* The supported language closest to a BCP 47 tag ("zh-Hans-CN" -> "zh-CN", "zh-HK" -> "zh-TW",
 * "pt" -> "en"); never NULL. */
const char *hold_text_language(const char *tag);
/* The template in that language (hold_text_language applied). */
const char *hold_text_template(enum hold_text t, const char *tag);
/* The template with its variables filled, into out (cut at out_size - 1 bytes on a UTF-8
 * boundary); an absent variable is left empty. Returns out. */
char *hold_text_fill(enum hold_text t, const char *tag, const struct hold_text_vars *v, char *out,
                     size_t out_size);

#endif
