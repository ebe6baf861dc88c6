/* sla_config.c — the stored SLA policies, calendars and shifts, parsed once per change and
 * cached per thread.
 *
 * Why per thread: every thread reads through its own store connection, and a configuration one
 * thread is using must never be freed by another. Each thread keeps its own copy, checks the
 * sla_generation counter (one indexed read) on every call, and rebuilds — freeing only its own
 * old copy — when the counter moved. The counter is read before the tables, so a change committed
 * in between at worst makes the next call rebuild once more; it never leaves a stale copy that
 * looks current. The writer thread is a thread like the others; a copy it built inside a batch
 * whose commit then failed could carry a generation number the next successful change reuses,
 * which is accepted as part of a failed commit's fallout (the store has bigger problems then).
 *
 * The copies live until their thread ends (a pthread key destructor frees them). */
#include "api/api.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/shift.h"
#include "core/sla_policy.h"
#include "util/log.h"
#include "util/xalloc.h"

struct breach_actions {
	bool raise_priority, notify_supervisor, reassign;
};

struct sla_config {
	uint64_t generation;
	const struct sla_policy *policies; /* enabled ones, in position order */
	const int64_t *policy_ids;         /* NULL for the built-in table */
	const struct breach_actions *actions;
	size_t n_policies;
	const struct shift *shifts; /* by id order */
	const int64_t *shift_ids;
	size_t n_shifts;
	bool owned; /* built from the store: arena and struct are freed with it */
	struct arena arena;
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static struct sla_config demo; /* the built-in table: no ids, no actions, no shifts */

static void config_free(void *p)
{
	struct sla_config *c = p;
	if (!c || !c->owned)
		return;
	arena_free(&c->arena);
	free(c);
}

static void cache_init(void)
{
	if (pthread_key_create(&cache_key, config_free) != 0)
		abort(); /* only when the process is out of keys: nothing sensible to go on with */
	demo.policies = sla_demo_policies;
	demo.n_policies = sla_demo_policy_count;
}

/* "high,urgent" -> mask through parse (an API enum parser); names it does not know are skipped
 * and logged (the API never stores them). */
static uint32_t mask_of(const char *list, bool (*parse)(const char *, int *), int64_t policy_id)
{
	uint32_t mask = 0;
	json_t *names = split_list(list);
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v)
	{
		int e;
		if (parse(json_string_value(v), &e))
			mask |= 1u << e;
		else
			log_event(LOG_WARN, "sla_policy_condition_skipped", "policy=%lld",
			          (long long)policy_id);
	}
	json_decref(names);
	return mask;
}

static bool priority_parse(const char *s, int *out)
{
	enum ticket_priority p;
	if (!ticket_priority_parse(s, &p))
		return false;
	*out = (int)p;
	return true;
}

static bool channel_parse(const char *s, int *out)
{
	enum ticket_channel c;
	if (!ticket_channel_parse(s, &c))
		return false;
	*out = (int)c;
	return true;
}

static struct breach_actions actions_of(const char *json_text)
{
	json_t *o = json_loads(json_text ? json_text : "{}", 0, NULL);
	struct breach_actions b = {
	    .raise_priority = json_is_true(json_object_get(o, "raise_priority")),
	    .notify_supervisor = json_is_true(json_object_get(o, "notify_supervisor")),
	    .reassign = json_is_true(json_object_get(o, "reassign")),
	};
	json_decref(o);
	return b;
}

/* Calendars parsed into c's arena, with their ids, for the policies to point at. */
static size_t load_calendars(struct db *db, struct arena *tmp, struct sla_config *c,
                             struct calendar **cals, int64_t **ids)
{
	struct calendar_row *rows;
	size_t n = store_calendar_list(db, tmp, &rows), k = 0;
	*cals = arena_alloc(&c->arena, (n ? n : 1) * sizeof **cals);
	*ids = arena_alloc(&c->arena, (n ? n : 1) * sizeof **ids);
	for (size_t i = 0; i < n; i++) {
		struct calendar_diag d;
		if (calendar_parse(rows[i].spec, strlen(rows[i].spec), &(*cals)[k], &d) !=
		    CALENDAR_OK) {
			char q[CALENDAR_MSG_MAX + 8];
			log_event(LOG_WARN, "sla_calendar_unusable", "calendar=%lld reason=%s",
			          (long long)rows[i].id,
			          log_quote(d.message, strlen(d.message), q, sizeof q));
			continue;
		}
		(*ids)[k++] = rows[i].id;
	}
	return k;
}

static void load_policies(struct db *db, struct arena *tmp, struct sla_config *c)
{
	struct calendar *cals;
	int64_t *cal_ids;
	size_t n_cals = load_calendars(db, tmp, c, &cals, &cal_ids);
	struct sla_policy_row *rows;
	size_t n = store_sla_policy_list(db, tmp, &rows);
	struct sla_policy *pol = arena_alloc(&c->arena, (n ? n : 1) * sizeof *pol);
	int64_t *ids = arena_alloc(&c->arena, (n ? n : 1) * sizeof *ids);
	struct breach_actions *acts = arena_alloc(&c->arena, (n ? n : 1) * sizeof *acts);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sla_policy_row *r = &rows[i];
		if (!r->enabled)
			continue;
		const struct calendar *cal = NULL;
		for (size_t j = 0; j < n_cals && r->calendar_id && !cal; j++)
			if (cal_ids[j] == r->calendar_id)
				cal = &cals[j];
		/* An unusable calendar (logged above) leaves the policy counting 24/7 rather than
		 * dropping its targets altogether. */
		pol[k] = (struct sla_policy){
		    .name = arena_strdup(&c->arena, r->name),
		    .priorities = mask_of(r->priorities, priority_parse, r->id),
		    .channels = mask_of(r->channels, channel_parse, r->id),
		    .vip_min = (int)r->vip_min,
		    .vip_max = r->vip_max < 0 ? SLA_VIP_MAX_ANY : (int)r->vip_max,
		    .targets = {r->first_response_ms, r->next_response_ms, r->resolution_ms,
		                (int)r->warn_percent, r->pause_on_hold, cal},
		};
		if (sla_policy_validate(&pol[k]) != SLA_POLICY_OK) {
			log_event(LOG_WARN, "sla_policy_skipped", "policy=%lld", (long long)r->id);
			continue;
		}
		ids[k] = r->id;
		acts[k] = actions_of(r->breach_actions);
		k++;
	}
	c->policies = pol;
	c->policy_ids = ids;
	c->actions = acts;
	c->n_policies = k;
}

static void load_shifts(struct db *db, struct arena *tmp, struct sla_config *c)
{
	struct shift_row *rows;
	size_t n = store_shift_list(db, tmp, &rows), k = 0;
	struct shift *sh = arena_alloc(&c->arena, (n ? n : 1) * sizeof *sh);
	int64_t *ids = arena_alloc(&c->arena, (n ? n : 1) * sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		if (shift_parse(rows[i].spec, strlen(rows[i].spec), &sh[k], NULL) != CALENDAR_OK) {
			log_event(LOG_WARN, "shift_unusable", "shift=%lld", (long long)rows[i].id);
			continue;
		}
		ids[k++] = rows[i].id;
	}
	c->shifts = sh;
	c->shift_ids = ids;
	c->n_shifts = k;
}

static struct sla_config *config_build(struct db *db, uint64_t generation)
{
	struct sla_config *c = xcalloc(1, sizeof *c);
	c->owned = true;
	c->generation = generation;
	arena_init(&c->arena, 32 * 1024);
	struct arena tmp;
	arena_init(&tmp, 16 * 1024);
	load_policies(db, &tmp, c);
	load_shifts(db, &tmp, c);
	arena_free(&tmp);
	return c;
}

const struct sla_config *sla_config_current(struct db *db)
{
	pthread_once(&cache_once, cache_init);
	/* The counter comes with the tables (migration 006): without it nothing is stored. */
	int64_t gen = db ? store_counter_get(db, "sla_generation") : 0;
	if (gen <= 0)
		return &demo;
	struct sla_config *mine = pthread_getspecific(cache_key);
	if (mine && mine->generation == (uint64_t)gen)
		return mine;
	struct sla_config *fresh = config_build(db, (uint64_t)gen);
	if (pthread_setspecific(cache_key, fresh) != 0) {
		/* Cannot happen with a valid key; if it did, keep the old copy and drop the new. */
		config_free(fresh);
		return mine ? mine : &demo;
	}
	config_free(mine);
	return fresh;
}

const struct sla_policy *sla_config_select(const struct sla_config *c, enum ticket_priority p,
                                           int vip_tier, enum ticket_channel ch,
                                           int64_t *policy_id_out)
{
	const struct sla_policy *pol =
	    sla_policy_select(c->policies, c->n_policies, p, vip_tier, ch);
	if (policy_id_out)
		*policy_id_out = pol != &sla_policy_fallback && c->policy_ids
		                     ? c->policy_ids[pol - c->policies]
		                     : 0;
	return pol;
}

bool sla_config_breach_actions(const struct sla_config *c, int64_t policy_id, bool *raise_priority,
                               bool *notify_supervisor, bool *reassign)
{
	*raise_priority = *notify_supervisor = *reassign = false;
	for (size_t i = 0; c->policy_ids && i < c->n_policies; i++) {
		if (c->policy_ids[i] != policy_id)
			continue;
		*raise_priority = c->actions[i].raise_priority;
		*notify_supervisor = c->actions[i].notify_supervisor;
		*reassign = c->actions[i].reassign;
		return true;
	}
	return false;
}

const struct shift *sla_config_shift(const struct sla_config *c, int64_t shift_id)
{
	for (size_t i = 0; shift_id && i < c->n_shifts; i++)
		if (c->shift_ids[i] == shift_id)
			return &c->shifts[i];
	return NULL;
}

size_t sla_config_shift_count(const struct sla_config *c)
{
	return c->n_shifts;
}

const struct shift *sla_config_shift_at(const struct sla_config *c, size_t i, int64_t *shift_id)
{
	if (i >= c->n_shifts)
		return NULL;
	if (shift_id)
		*shift_id = c->shift_ids[i];
	return &c->shifts[i];
}

uint64_t sla_config_generation(const struct sla_config *c)
{
	return c->generation;
}
