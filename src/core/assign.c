/* assign.c — see assign.h. Every function is one pass over arrays the caller owns: picking among
 * 1,000 agents or scanning a queue of 10,000 tickets allocates nothing and sorts nothing. */
#include "core/assign.h"

#include <stdlib.h>
#include <string.h>

static const char *const presence_names[PRESENCE_COUNT] = {
    [PRESENCE_ONLINE] = "online",
    [PRESENCE_AWAY] = "away",
    [PRESENCE_OFFLINE] = "offline",
};

const char *agent_presence_name(enum agent_presence p)
{
	return (unsigned)p < PRESENCE_COUNT ? presence_names[p] : "unknown";
}

bool agent_presence_parse(const char *s, enum agent_presence *out)
{
	for (int i = 0; s != NULL && i < PRESENCE_COUNT; i++)
		if (strcmp(s, presence_names[i]) == 0) {
			*out = (enum agent_presence)i;
			return true;
		}
	return false;
}

static const char *const why_names[ASSIGN_WHY_COUNT] = {
    [ASSIGN_OK] = "ok",
    [ASSIGN_NO_AGENTS] = "no_agents",
    [ASSIGN_NO_ONE_ONLINE] = "no_one_online",
    [ASSIGN_NO_CHANNEL] = "no_channel",
    [ASSIGN_NO_TIER] = "no_tier",
    [ASSIGN_NO_LANGUAGE] = "no_language",
    [ASSIGN_AT_CAPACITY] = "at_capacity",
};

const char *assign_why_name(enum assign_why w)
{
	return (unsigned)w < ASSIGN_WHY_COUNT ? why_names[w] : "unknown";
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool assign_language_covers(const char *agent, const char *ticket)
{
	size_t i = 0;

	/* A shorter ticket tag stops the loop at its NUL, which no agent letter equals. */
	for (; agent[i] != '\0'; i++)
		if (lower(agent[i]) != lower(ticket[i]))
			return false;
	return ticket[i] == '\0' || ticket[i] == '-';
}

/* Tags are ASCII: most agent/ticket pairs differ in their first letter, decided here without a
 * call or a loop (equal but for the case bit passes on to the full comparison). */
static inline bool covers(const char *agent, const char *ticket)
{
	return ((agent[0] ^ ticket[0]) & ~0x20) == 0 && assign_language_covers(agent, ticket);
}

static bool unknown(const char *s)
{
	return s == NULL || *s == '\0';
}

static bool speaks(const struct assign_agent *a, const char *lang)
{
	if (unknown(lang) || a->n_languages == 0)
		return true;
	for (size_t i = 0; i < a->n_languages; i++)
		if (covers(a->languages[i], lang))
			return true;
	return false;
}

static bool has_skill(const struct assign_agent *a, const char *product)
{
	for (size_t i = 0; i < a->n_skills; i++)
		if (strcmp(a->skills[i], product) == 0)
			return true;
	return false;
}

static bool present(const struct assign_agent *a)
{
	return a->presence == PRESENCE_ONLINE && a->on_shift;
}

bool assign_agent_can_take(const struct assign_agent *a, const struct assign_ticket *t)
{
	unsigned ch = (unsigned)t->channel;

	return present(a) && ch < CHANNEL_COUNT && a->max_load[ch] > 0 &&
	       a->load[ch] < a->max_load[ch] && a->tier >= t->min_tier && speaks(a, t->language);
}

/* How far an agent got towards taking the ticket; the pick reports the furthest. */
enum stage {
	STAGE_ABSENT,   /* offline, away or off shift */
	STAGE_PRESENT,  /* ... but does not take this channel */
	STAGE_CHANNEL,  /* ... but lacks the tier */
	STAGE_TIER,     /* ... but not the language */
	STAGE_LANGUAGE, /* ... but full */
	STAGE_ELIGIBLE,
};

static const enum assign_why stage_why[] = {
    [STAGE_ABSENT] = ASSIGN_NO_ONE_ONLINE, [STAGE_PRESENT] = ASSIGN_NO_CHANNEL,
    [STAGE_CHANNEL] = ASSIGN_NO_TIER,      [STAGE_TIER] = ASSIGN_NO_LANGUAGE,
    [STAGE_LANGUAGE] = ASSIGN_AT_CAPACITY, [STAGE_ELIGIBLE] = ASSIGN_OK,
};

/* The preferences of the pick, best first, for one eligible agent. */
struct score {
	bool vip, skill;
	uint32_t load, max;
	int64_t last, id;
};

/* Is x served before y? Load ratios compare as load_x / max_x < load_y / max_y, cross-multiplied
 * (both below 2^16, so the products fit). */
static bool score_better(const struct score *x, const struct score *y)
{
	uint32_t lx = x->load * y->max, ly = y->load * x->max;

	if (x->vip != y->vip)
		return x->vip;
	if (x->skill != y->skill)
		return x->skill;
	if (lx != ly)
		return lx < ly;
	if (x->last != y->last)
		return x->last < y->last;
	return x->id < y->id;
}

/* The pick over an array of agents or an array of pointers to them (one of the two is NULL),
 * skipping the agent `avoid` (0 = nobody). */
static int pick(const struct assign_agent *agents, const struct assign_agent *const *ptrs, size_t n,
                const struct assign_ticket *t, int64_t avoid, enum assign_why *why)
{
	unsigned ch = (unsigned)t->channel;
	enum stage furthest = STAGE_ABSENT;
	bool want_skill = !unknown(t->product);
	struct score best = {0}, cur;
	int chosen = -1;

	for (size_t i = 0; i < n && ch < CHANNEL_COUNT; i++) {
		const struct assign_agent *a = ptrs ? ptrs[i] : &agents[i];
		bool full;

		if (!present(a) || (avoid != 0 && a->id == avoid))
			continue;
		if (a->max_load[ch] == 0) {
			if (furthest < STAGE_PRESENT)
				furthest = STAGE_PRESENT;
			continue;
		}
		if (a->tier < t->min_tier) {
			if (furthest < STAGE_CHANNEL)
				furthest = STAGE_CHANNEL;
			continue;
		}
		/* A full agent only matters for the reason, and only until someone got that far:
		 * after that the language check is skipped for them. */
		full = a->load[ch] >= a->max_load[ch];
		if (full && furthest >= STAGE_LANGUAGE)
			continue;
		if (!speaks(a, t->language)) {
			if (furthest < STAGE_TIER)
				furthest = STAGE_TIER;
			continue;
		}
		if (full) {
			furthest = STAGE_LANGUAGE;
			continue;
		}
		furthest = STAGE_ELIGIBLE;
		cur.vip = t->vip && a->vip_capable;
		cur.skill = want_skill && has_skill(a, t->product);
		cur.load = a->load[ch];
		cur.max = a->max_load[ch];
		cur.last = a->last_assigned_at;
		cur.id = a->id;
		if (chosen < 0 || score_better(&cur, &best)) {
			best = cur;
			chosen = (int)i;
		}
	}
	if (why != NULL) {
		if (n == 0)
			*why = ASSIGN_NO_AGENTS;
		else if (ch >= CHANNEL_COUNT)
			*why = ASSIGN_NO_CHANNEL;
		else
			*why = stage_why[furthest];
	}
	return chosen;
}

int assign_pick(const struct assign_agent *agents, size_t n, const struct assign_ticket *t,
                enum assign_why *why)
{
	return pick(agents, NULL, n, t, 0, why);
}

int assign_pick_among(const struct assign_agent *const *agents, size_t n,
                      const struct assign_ticket *t, int64_t avoid_id, enum assign_why *why)
{
	return pick(NULL, agents, n, t, avoid_id, why);
}

static int64_t due_or_never(int64_t due)
{
	return due != 0 ? due : INT64_MAX;
}

int assign_queue_cmp(const struct assign_ticket *a, const struct assign_ticket *b)
{
	int64_t da = due_or_never(a->sla_due_at), db = due_or_never(b->sla_due_at);

	if (a->vip != b->vip)
		return a->vip ? -1 : 1;
	if (a->priority != b->priority)
		return a->priority > b->priority ? -1 : 1;
	if (da != db)
		return da < db ? -1 : 1;
	if (a->created_at != b->created_at)
		return a->created_at < b->created_at ? -1 : 1;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return 0;
}

static int queue_cmp_void(const void *a, const void *b)
{
	return assign_queue_cmp(a, b);
}

void assign_queue_sort(struct assign_ticket *queue, size_t n)
{
	if (n > 1)
		qsort(queue, n, sizeof *queue, queue_cmp_void);
}

/* A few remembered verdicts, keyed by the ticket's language pointer: a queue of thousands holds
 * a dozen languages, and when the caller shares one string per tag (as it should) each ticket
 * costs a pointer compare. Different pointers to equal tags only cost a recomputation. */
#define MEMO_SLOTS 16

int assign_next_for_agent(const struct assign_ticket *queue, size_t n, const struct assign_agent *a)
{
	struct {
		const char *lang;
		bool ok;
	} memo[MEMO_SLOTS] = {{0}};
	uint32_t room = 0;

	if (!present(a))
		return -1;
	for (unsigned ch = 0; ch < CHANNEL_COUNT; ch++)
		if (a->load[ch] < a->max_load[ch])
			room |= 1u << ch;
	if (room == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct assign_ticket *t = &queue[i];
		size_t slot;

		if ((unsigned)t->channel >= CHANNEL_COUNT || !(room & (1u << t->channel)) ||
		    a->tier < t->min_tier)
			continue;
		if (unknown(t->language) || a->n_languages == 0)
			return (int)i;
		slot = ((uintptr_t)t->language >> 4) % MEMO_SLOTS;
		if (memo[slot].lang != t->language) {
			memo[slot].lang = t->language;
			memo[slot].ok = speaks(a, t->language);
		}
		if (memo[slot].ok)
			return (int)i;
	}
	return -1;
}

bool assign_channel_is_live(enum ticket_channel c)
{
	return c == CHANNEL_CHAT || c == CHANNEL_TELEGRAM;
}

bool assign_requeue_at(const struct assign_agent *a, int64_t grace_ms, int64_t *at)
{
	bool offline = a->presence == PRESENCE_OFFLINE, off_shift = !a->on_shift;
	int64_t since;

	if (!offline && !off_shift)
		return false;
	if (offline && off_shift)
		since =
		    a->presence_since < a->off_shift_since ? a->presence_since : a->off_shift_since;
	else
		since = offline ? a->presence_since : a->off_shift_since;
	if (grace_ms < 0)
		grace_ms = 0;
	*at = since > INT64_MAX - grace_ms ? INT64_MAX : since + grace_ms;
	return true;
}

size_t assign_requeue_due(const struct assign_agent *a, const struct assign_ticket *open, size_t n,
                          int64_t grace_ms, int64_t now, size_t *out)
{
	int64_t at;
	size_t k = 0;

	if (!assign_requeue_at(a, grace_ms, &at) || now < at)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (assign_channel_is_live(open[i].channel))
			out[k++] = i;
	return k;
}
