/* demo_data.h — the demo desk's people and conversations: the groups, the agents, and about 320
 * tickets in nine languages that `make run` seeds so the desk looks like a real exchange's.
 * Pure data and a deterministic generator: no I/O, no store, no HTTP, no allocation. The seeding
 * code owns turning these into rows; this file owns only what they say.
 * All strings are valid UTF-8. Customer addresses use example.com/.org/.net only. */
#ifndef EXDESK_DEMO_DATA_H
#define EXDESK_DEMO_DATA_H
#include <stdbool.h>
#include <stddef.h>

struct demo_group {
	const char *name;
	const char *tier;      /* "L1","L2","expert","vip" */
	const char *languages; /* "en,zh-CN" or "" for all */
	const char *product_area;
	bool vip;
};

struct demo_agent {
	const char *email;
	const char *name;
	const char *role;      /* admin|supervisor|agent|qa */
	const char *tier;      /* L1|L2|expert */
	const char *languages; /* comma list */
	const char *groups;    /* comma list of group names */
	const char *shift;     /* "day"|"night" */
	int max_chats;         /* concurrent chats; 0 = the desk's default */
};

struct demo_message {
	const char *kind; /* "customer" | "reply" | "note" */
	const char *body;
};

/* Field comments stay on their fields (the category list is wider than the column limit). */
/* clang-format off */
struct demo_ticket {
	const char *subject;
	const char *language;       /* BCP 47: en zh-CN zh-TW ja ko ru es vi tr */
	const char *category;       /* deposit withdrawal account kyc security futures p2p trading other */
	const char *priority;       /* low normal high urgent */
	const char *status;         /* new open pending on_hold solved closed */
	const char *channel;        /* email chat web api phone */
	const char *group;          /* group name */
	const char *assignee_email; /* NULL = unassigned */
	const char *tags;           /* comma list, may be "" */
	const char *customer_name;
	const char *customer_email;
	const char *exchange_uid;
	int vip_tier;               /* 0..3 */
	int age_minutes;            /* how long ago it was created */
	struct demo_message messages[6];
	size_t n_messages;          /* messages[0] is the customer's first message */
};
/* clang-format on */

extern const struct demo_group demo_groups[];
extern const size_t demo_groups_count;
extern const struct demo_agent demo_agents[];
extern const size_t demo_agents_count;

/* How many tickets demo_tickets_generate produces when max allows it. */
#define DEMO_TICKETS_TARGET 320

/* Fills out[0..max) deterministically (same output every run) and returns the count (aim: 320).
 * Returns min(max, DEMO_TICKETS_TARGET); a smaller max gets a prefix of the same mix of languages.
 * Tickets come out oldest first (largest age_minutes first), so sequence numbers given in order
 * follow creation time.
 * Strings that carry per-ticket details (amounts, TxIDs, the customer's name) are composed into a
 * static buffer owned by this module; every pointer in out stays valid until the next call.
 * Everything else points at static literals. Not thread-safe: call it once, from one thread. */
size_t demo_tickets_generate(struct demo_ticket *out, size_t max);

/* ---- Below: shared between demo_data.c (generator) and demo_texts.c (per-language texts).
 * Seeding code has no need for it. ---- */

/* What the customer wants. The generator maps an intent to category, base priority, groups and
 * which statuses fit (demo_data.c); the texts only say it in one language. */
enum demo_intent {
	DEMO_DEP_MISSENT,     /* deposit on a wrong network or to an expired address */
	DEMO_DEP_MEMO,        /* deposit without the memo/tag (XRP, ATOM, TON) */
	DEMO_DEP_PENDING,     /* waiting for confirmations or a wallet maintenance */
	DEMO_WD_HOLD,         /* withdrawal under review / risk-control hold */
	DEMO_WD_NOT_RECEIVED, /* withdrawal done on chain, not seen on the other side */
	DEMO_2FA,             /* 2FA reset, lost phone */
	DEMO_KYC,             /* KYC rejected or pending */
	DEMO_FROZEN,          /* account frozen / restricted */
	DEMO_FUTURES,         /* liquidation, ADL, funding */
	DEMO_P2P_NO_RELEASE,  /* buyer paid, seller does not release */
	DEMO_P2P_NOT_PAID,    /* buyer marked paid but did not pay */
	DEMO_TRADE_ORDER,     /* spot order not filled */
	DEMO_TRADE_API,       /* API errors */
	DEMO_PHISHING,        /* phishing, impostors, account takeover */
	DEMO_COMPENSATION,    /* losses during an incident */
	DEMO_FEES,            /* fee questions */
	DEMO_INTENT_COUNT
};

/* One conversation in one language. Placeholders in any text, filled per ticket:
 * {amt} integer amount in [amt_lo, amt_hi] with the language's thousands separator;
 * {coin} the same number divided by 10,000 with four decimals (for BTC/ETH/BNB);
 * {tx} 64 lowercase hex; {TX} 64 uppercase hex; {tx0x} "0x" + 64 hex; {evm} "0x" + 40 hex;
 * {time} HH:MM; {order} 19-digit order number; {memo} 9-digit memo/tag; {uid} the customer's
 * exchange UID; {greet} how an agent addresses the customer; {pron}/{Pron} the customer's
 * pronoun (Vietnamese only). */
struct demo_template {
	enum demo_intent intent;
	const char *tags;     /* ASCII tag slugs, comma list */
	const char *priority; /* NULL: the intent's default */
	unsigned amt_lo, amt_hi;
	const char *subject;
	const char *customer; /* the first message */
	const char *reply;    /* the agent's answer, customer's language */
	const char *followup; /* the customer's answer to it */
	const char *note;     /* internal note, English; NULL if none */
	bool followup_closes; /* the followup says the problem is gone ("works now, thanks") */
};

/* The people who write in. A customer writes in one language; the same customer may have several
 * tickets (same name, email, UID and VIP tier on each). */
struct demo_customer {
	const char *language;
	const char *name;
	const char *email;
	const char *uid;
	const char *greet; /* "Emily", "王先生", "鈴木様", "anh Hùng", "Mehmet Bey" */
	const char *pron;  /* Vietnamese "anh"/"chị"; NULL elsewhere */
	int vip_tier;
};

struct demo_lang {
	const char *code;
	char thousands, decimal; /* separators for {amt} and {coin} */
	unsigned quota;          /* tickets in this language out of DEMO_TICKETS_TARGET */
	const char *closing[2];  /* final replies; [1] says the account was updated (money cases) */
	const char *hold_update; /* reply when the case waits on another team */
	const struct demo_template *templates;
	size_t n_templates;
};

extern const struct demo_lang demo_langs[]; /* demo_texts.c */
extern const size_t demo_langs_count;
extern const struct demo_customer demo_customers[]; /* demo_data.c */
extern const size_t demo_customers_count;

#endif
