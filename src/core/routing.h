/* routing.h — which group a new ticket goes to, at what priority, with which tags, and whether
 * it is escalated straight away. Admins write an ordered list of rules; the first rule whose
 * conditions all hold decides, and a ticket no rule takes goes to the desk's default group.
 *
 * Owns: the rule shape, its limits and their error messages (the API builds rules from JSON
 * through the setters below and answers 422 with routing_strerror/routing_err_field), keyword
 * folding, and one multi-keyword matcher compiled over the whole rule set so a decision reads
 * the ticket's text once however many rules and keywords there are.
 * Never: stores rules, knows what a group is beyond its id, or picks an agent (assign.h).
 * Pure apart from allocation from the arena the caller hands over.
 *
 * Lifecycle: routing_set_init() -> routing_set_add() + setters per rule -> routing_set_compile()
 * -> routing_match() as often as wanted. A compiled set is read-only: any number of threads may
 * match against it at once. To change rules, build a new set in a new arena and swap. */
#ifndef EXDESK_CORE_ROUTING_H
#define EXDESK_CORE_ROUTING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ticket.h"

struct arena;

#define ROUTING_MAX_RULES      200
#define ROUTING_MAX_NAME       100 /* bytes */
#define ROUTING_MAX_CATEGORIES 20
#define ROUTING_MAX_LANGUAGES  20
#define ROUTING_MAX_KEYWORDS   50
#define ROUTING_MAX_KEYWORD    64 /* bytes, as written by the admin */
#define ROUTING_MAX_DOMAINS    50
#define ROUTING_MAX_TAGS       10 /* tags one rule adds */
#define ROUTING_VIP_MAX        5  /* customers.vip_tier is 0 (not VIP) .. 5 */
/* Keywords are looked for in the first this-many bytes of the folded subject and body: enough for
 * what the customer wrote, while a pasted log or a long quoted thread costs no more than that. */
#define ROUTING_SCAN_MAX 8192

enum routing_err {
	ROUTING_OK,
	ROUTING_ERR_TOO_MANY_RULES,
	ROUTING_ERR_COMPILED,
	ROUTING_ERR_NAME,
	ROUTING_ERR_GROUP,
	ROUTING_ERR_CHANNEL,
	ROUTING_ERR_TOO_MANY_CATEGORIES,
	ROUTING_ERR_CATEGORY,
	ROUTING_ERR_TOO_MANY_LANGUAGES,
	ROUTING_ERR_LANGUAGE,
	ROUTING_ERR_VIP_RANGE,
	ROUTING_ERR_TOO_MANY_KEYWORDS,
	ROUTING_ERR_KEYWORD_LENGTH,
	ROUTING_ERR_KEYWORD,
	ROUTING_ERR_TOO_MANY_DOMAINS,
	ROUTING_ERR_DOMAIN,
	ROUTING_ERR_PRIORITY,
	ROUTING_ERR_TOO_MANY_TAGS,
	ROUTING_ERR_TAG,
	ROUTING_ERR_ESCALATE_TARGET,
	ROUTING_ERR_COUNT
};

/* A sentence for the user ("a rule has at most 50 keywords"), and the JSON field it is about
 * ("conditions.keywords"; NULL for the set as a whole), for {"error":{"code":"invalid_value",
 * "message":...,"field":...}}. The API may add the item's index to the field. */
const char *routing_strerror(enum routing_err e);
const char *routing_err_field(enum routing_err e);

/* One keyword: the text as the admin wrote it, and its folded form that the matcher looks for.
 * A leading or trailing '*' lifts the word-boundary requirement on that side ("withdraw*" finds
 * "withdrawal", "заблокир*" finds "заблокировали"). */
struct routing_keyword {
	const char *text;
	const char *folded;
	uint16_t folded_len;
	bool bound_start, bound_end; /* must the match start / end at a word boundary? */
};

enum routing_prio_mode {
	ROUTING_PRIO_KEEP,  /* the ticket keeps its priority */
	ROUTING_PRIO_SET,   /* the ticket gets this priority */
	ROUTING_PRIO_RAISE, /* the ticket gets at least this priority (never lowered) */
};

/* Read-only to callers: fill it only through the setters, which validate and normalise.
 * An empty condition (no channels, no categories, ...) matches anything. */
struct routing_rule {
	struct arena *arena;
	int64_t id; /* the store's id, reported back in the result; 0 if not stored yet */
	const char *name;
	/* conditions, all of which must hold */
	uint32_t channels; /* bit (1u << enum ticket_channel); 0 = any channel */
	const char **categories;
	const char **languages; /* normalised BCP 47 tags, each matching itself and its subtags */
	const char **domains;   /* lowercase; each matching itself and its subdomains */
	struct routing_keyword *keywords;
	uint8_t n_categories, n_languages, n_domains, n_keywords;
	bool has_vip;
	uint8_t vip_min, vip_max;
	/* actions */
	int64_t group_id;
	enum routing_prio_mode prio_mode;
	enum ticket_priority priority;
	const char **tags; /* normalised by validate_tag_normalize */
	uint8_t n_tags;
	bool escalate; /* the ticket is marked escalated by rule; the target must be L2 or expert */
	bool sealed;   /* compiled into a matcher: setters refuse (ROUTING_ERR_COMPILED) */
};

struct routing_matcher;

struct routing_set {
	struct arena *arena; /* every rule, string and the matcher live here */
	struct routing_rule *rules;
	size_t n;
	int64_t default_group_id;
	struct routing_matcher *matcher; /* built by routing_set_compile; NULL before */
};

/* The set allocates from `a` and keeps pointers into it: it lives until the caller frees a. */
void routing_set_init(struct routing_set *s, struct arena *a, int64_t default_group_id);

/* Append a rule (after the ones already added: order is precedence) sending tickets to
 * group_id (> 0). name is optional (NULL/0), otherwise 1..ROUTING_MAX_NAME bytes of UTF-8
 * without control characters. *out is valid until the arena is freed. */
enum routing_err routing_set_add(struct routing_set *s, int64_t id, const char *name,
                                 size_t name_len, int64_t group_id, struct routing_rule **out);

/* Conditions. Each setter checks its input and its limit and leaves the rule unchanged on error.
 * Adding a value a set already holds (after normalisation) is accepted and changes nothing. */
enum routing_err routing_rule_add_channel(struct routing_rule *r, const char *name, size_t len);
enum routing_err routing_rule_add_category(struct routing_rule *r, const char *slug, size_t len);
enum routing_err routing_rule_add_language(struct routing_rule *r, const char *tag, size_t len);
enum routing_err routing_rule_set_vip(struct routing_rule *r, int min, int max);
/* Case, accents, width and spacing are folded (routing_fold); see routing_match for where
 * word boundaries apply. 1..ROUTING_MAX_KEYWORD bytes of valid UTF-8, no control characters,
 * something other than spaces and '*'; '*' only as the first or last character. */
enum routing_err routing_rule_add_keyword(struct routing_rule *r, const char *kw, size_t len);
/* "example.com" matches requesters at example.com and at any subdomain of it. */
enum routing_err routing_rule_add_domain(struct routing_rule *r, const char *domain, size_t len);

/* Actions. */
enum routing_err routing_rule_set_priority(struct routing_rule *r, enum routing_prio_mode mode,
                                           const char *priority, size_t len);
enum routing_err routing_rule_add_tag(struct routing_rule *r, const char *tag, size_t len);
enum routing_err routing_rule_set_escalate(struct routing_rule *r, bool escalate);

/* Once the API knows the target group's tier ("L1", "L2", "expert", "vip"): an escalating rule
 * must send tickets to an L2 or expert group. */
enum routing_err routing_rule_check_target(const struct routing_rule *r, const char *group_tier);

/* Build the keyword matcher over every rule. After this no rule may be added or changed. */
enum routing_err routing_set_compile(struct routing_set *s);

/* What the router knows about a new ticket. Strings are (pointer, length), may be NULL/0 when
 * unknown; text must be UTF-8 (a malformed byte reads as a space, never a crash). */
struct routing_input {
	enum ticket_channel channel;
	enum ticket_priority priority; /* as created; a rule may set or raise it */
	const char *category;
	size_t category_len;
	const char *language; /* BCP 47 as from validate_language or langid */
	size_t language_len;
	int vip_tier; /* 0 = not VIP */
	const char *subject;
	size_t subject_len;
	const char *body;
	size_t body_len;
	const char *requester_email;
	size_t requester_email_len;
};

struct routing_result {
	int rule;        /* index of the rule that decided, -1 for the default */
	int64_t rule_id; /* its id, 0 for the default */
	int64_t group_id;
	enum ticket_priority priority;
	bool escalated;
	const char *const *tags; /* to add; point into the set */
	size_t n_tags;
	const char *keyword; /* the keyword that matched (as the admin wrote it), or NULL */
};

/* Decide. Returns out->rule: the index of the first rule whose conditions all hold, or -1, in
 * which case out names the default group and leaves priority and tags as they were.
 *   channels, categories: the ticket's is one of them (exact).
 *   languages: a rule tag matches itself and its subtags, case-insensitively: "zh" matches
 *     "zh-CN" and "zh-TW", "zh-TW" only "zh-TW" (and "zh-TW-..."). A ticket of unknown language
 *     does not meet a language condition.
 *   vip: min <= the customer's tier <= max.
 *   keywords: any one of them occurs in the subject or the body (not straddling the two), after
 *     both sides are folded (routing_fold). A keyword whose first (last) letter or digit belongs to
 *     a script written with spaces between words (Latin, Cyrillic, Greek, ...) must start (end) at
 *     a word boundary: "ban" does not match "bank", "rut tien" matches "Rút tiền". Scripts written
 *     without spaces (Han, kana, Hangul, Thai, ...) match anywhere: "冻结" matches "账户被冻结了".
 *   domains: the requester's address is at that domain or a subdomain, case-insensitively.
 * Reentrant; allocates nothing (about 8 KiB of stack for the folded text). An uncompiled set
 * never matches a keyword condition. */
int routing_match(const struct routing_set *s, const struct routing_input *in,
                  struct routing_result *out);

/* The folding keywords and ticket text share: Unicode case folding and compatibility
 * decomposition (fullwidth "ＵＳＤＴ" is "usdt", halfwidth kana are kana), default-ignorable
 * characters (soft hyphen, zero-width space) dropped, accents dropped on Latin, Greek and
 * Cyrillic letters ("rút tiền" is "rut tien", "ё" is "е"; "й" stays "й") and the stroke letters
 * "đ ł ø ħ ŧ ı" read as "d l o h t i", any run of white space one ' ', then NFC so Hangul and
 * voiced kana stay whole. Marks on other scripts are kept (Thai, Devanagari, Japanese dakuten).
 * Writes at most cap bytes (never a partial character), no NUL; returns the length. A malformed
 * byte becomes a space. */
size_t routing_fold(const char *s, size_t len, char *out, size_t cap);

#endif
