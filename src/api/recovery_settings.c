/* recovery_settings.c — the recovery policy as the admins set it (setting "recovery": a JSON
 * object over core's recovery_policy_default), the assets' reference prices that give a case its
 * value, and the report. docs/exchange/recovery.md "Configuration". */
#include "api/recovery.h"

#include <stdlib.h>
#include <string.h>

#include "util/clock.h"

#define SETTING_KEY "recovery"
#define PRICE_DECIMALS 8 /* a reference price is given to 8 decimals at most */

static const struct {
	const char *asset;
	int decimals;
} asset_decimals[] = {
    {"BTC", 8},  {"LTC", 8},   {"DOGE", 8}, {"ETH", 18}, {"BNB", 18},  {"POL", 18},
    {"MATIC", 18}, {"ARB", 18}, {"OP", 18},  {"AVAX", 18}, {"TRX", 6},  {"SOL", 9},
    {"XRP", 6},  {"TON", 9},   {"ATOM", 6}, {"USDT", 6}, {"USDC", 6},
};

int recovery_asset_decimals(const char *asset)
{
	for (size_t i = 0; i < sizeof asset_decimals / sizeof asset_decimals[0]; i++)
		if (!strcmp(asset_decimals[i].asset, asset))
			return asset_decimals[i].decimals;
	return RECOVERY_DECIMALS_UNKNOWN;
}

/* A fee in JSON: every member optional over base. False when a member is out of range. */
static bool fee_from_json(json_t *o, struct recovery_fee *f)
{
	static const char *const names[] = {"fixed_minor", "bps", "min_minor", "cap_minor",
	                                    "free_up_to_minor"};
	uint64_t *slots[] = {&f->fixed_minor, NULL, &f->min_minor, &f->cap_minor,
	                     &f->free_up_to_minor};
	if (!json_is_object(o))
		return false;
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v)
	{
		size_t i = 0;
		while (i < 5 && strcmp(names[i], k))
			i++;
		if (i == 5 || !json_is_integer(v) || json_integer_value(v) < 0)
			return false;
		if (!slots[i]) {
			if (json_integer_value(v) > 10000)
				return false;
			f->bps = (uint32_t)json_integer_value(v);
		} else {
			*slots[i] = (uint64_t)json_integer_value(v);
		}
	}
	return true;
}

static json_t *fee_json(const struct recovery_fee *f)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "fixed_minor", (json_int_t)f->fixed_minor,
	                 "bps", (json_int_t)f->bps, "min_minor", (json_int_t)f->min_minor,
	                 "cap_minor", (json_int_t)f->cap_minor, "free_up_to_minor",
	                 (json_int_t)f->free_up_to_minor);
}

static bool charges_fee(const struct recovery_fee *f)
{
	return f->bps || f->fixed_minor || f->min_minor;
}

/* A reference price: a positive decimal with at most PRICE_DECIMALS decimals. */
static bool price_parse(const char *s, struct amount *out)
{
	return s && amount_parse(s, strlen(s), PRICE_DECIMALS, out) == AMOUNT_OK &&
	       !amount_is_zero(*out);
}

static bool asset_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > RECOVERY_ASSET_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || (c != '.' && c != '-' && c != '_')))
			return false;
	}
	return true;
}

/* Applies a settings object to s. On a bad member: false and *field names it. */
static bool apply(struct recovery_settings *s, json_t *in, const char **field)
{
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v)
	{
		*field = k;
		if (!strcmp(k, "auto_credit")) {
			if (!json_is_boolean(v))
				return false;
			s->policy.auto_credit = json_is_true(v);
		} else if (!strcmp(k, "second_approval_above_minor")) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return false;
			s->policy.second_approval_above_minor = (uint64_t)json_integer_value(v);
		} else if (!strcmp(k, "fee")) {
			/* one fee for every code that charges one */
			for (int c = 0; c < RECOVERY_CASE_COUNT; c++) {
				struct recovery_fee *f = &s->policy.cases[c].fee;
				if (charges_fee(&recovery_policy_default.cases[c].fee) &&
				    !fee_from_json(v, f))
					return false;
			}
		} else if (!strcmp(k, "fees")) {
			if (!json_is_object(v))
				return false;
			const char *code;
			json_t *fv;
			json_object_foreach(v, code, fv)
			{
				enum recovery_case c;
				*field = "fees";
				if (!recovery_case_parse(code, strlen(code), &c) ||
				    !fee_from_json(fv, &s->policy.cases[c].fee))
					return false;
			}
		} else if (!strcmp(k, "prices")) {
			if (!json_is_object(v) || json_object_size(v) > RECOVERY_PRICES_MAX)
				return false;
			const char *asset;
			json_t *pv;
			json_object_foreach(v, asset, pv)
			{
				struct amount p;
				*field = "prices";
				if (!asset_name_ok(asset))
					return false;
				if (json_is_null(pv)) {
					json_object_del(s->prices, asset);
					continue;
				}
				if (!json_is_string(pv) || !price_parse(json_string_value(pv), &p))
					return false;
				json_object_set(s->prices, asset, pv);
			}
		} else {
			return false;
		}
	}
	return true;
}

void recovery_settings_load(struct db *db, struct recovery_settings *out)
{
	out->policy = recovery_policy_default;
	out->prices = json_object();
	struct arena a;
	arena_init(&a, 4096);
	char *text = store_setting_get(db, &a, SETTING_KEY);
	json_t *in = text ? json_loads(text, 0, NULL) : NULL;
	if (json_is_object(in)) {
		struct recovery_settings tmp = {recovery_policy_default, json_object()};
		const char *field, *pfield;
		if (apply(&tmp, in, &field) && recovery_policy_check(&tmp.policy, &pfield) == RECOVERY_OK) {
			json_decref(out->prices);
			*out = tmp;
		} else {
			json_decref(tmp.prices);
		}
	}
	json_decref(in);
	arena_free(&a);
}

void recovery_settings_free(struct recovery_settings *s)
{
	json_decref(s->prices);
	s->prices = NULL;
}

bool recovery_value_of(const struct recovery_settings *s, const char *asset, struct amount amount,
                       uint64_t *value_minor)
{
	struct amount price;
	const char *p = json_string_value(json_object_get(s->prices, asset));
	if (!price_parse(p, &price))
		return false;
	/* price in minor units x 10^6 (at most 8 decimals of a major unit kept, the rest exact
	 * enough for a fee), then amount x that, split so nothing overflows 128 bits. */
	unsigned cur = s->policy.currency_decimals;
	__int128 scale = 1;
	for (unsigned i = 0; i < AMOUNT_SCALE - cur - 6; i++)
		scale *= 10;
	__int128 price_e6 = price.units / scale;
	__int128 one = 1;
	for (int i = 0; i < AMOUNT_SCALE; i++)
		one *= 10;
	__int128 q = amount.units / one, rem = amount.units % one;
	__int128 v = q * price_e6 + rem * price_e6 / one;
	v /= 1000000;
	*value_minor = v > (__int128)UINT64_MAX ? UINT64_MAX : (uint64_t)v;
	return true;
}

static json_t *settings_json(const struct recovery_settings *s)
{
	json_t *fees = json_object();
	for (int c = 0; c < RECOVERY_CASE_COUNT; c++) {
		const struct recovery_case_policy *cp = &s->policy.cases[c];
		json_t *f = fee_json(&cp->fee);
		json_object_set_new(f, "handling",
		                    json_string(cp->handling == RECOVERY_HANDLE_AUTO    ? "auto"
		                                : cp->handling == RECOVERY_HANDLE_ROUTE ? "route"
		                                                                        : "close"));
		json_object_set_new(f, "sla_ms", json_integer(cp->sla_ms));
		json_object_set_new(fees, recovery_case_code((enum recovery_case)c), f);
	}
	return json_pack("{s:s, s:i, s:b, s:I, s:o, s:o, s:O}", "currency", s->policy.currency,
	                 "currency_decimals", (int)s->policy.currency_decimals, "auto_credit",
	                 s->policy.auto_credit, "second_approval_above_minor",
	                 (json_int_t)s->policy.second_approval_above_minor, "fee",
	                 fee_json(&s->policy.cases[RECOVERY_MEMO_MISSING].fee), "fees", fees,
	                 "prices", s->prices);
}

void h_recovery_settings_get(struct request *r)
{
	struct recovery_settings s;
	recovery_settings_load(store_reader(r->store), &s);
	http_json(r, 200, settings_json(&s));
	recovery_settings_free(&s);
}

struct put_job {
	struct request *r;
	json_t *in;
	struct recovery_settings s;
	struct job_error err;
};

/* Re-reads the stored object inside the job, applies the change, checks, stores, audits. */
static int put_run(struct db *w, void *ctx)
{
	struct put_job *j = ctx;
	struct arena *a = &j->r->arena;
	char *text = store_setting_get(w, a, SETTING_KEY);
	json_t *stored = text ? json_loads(text, 0, NULL) : NULL;
	if (!json_is_object(stored)) {
		json_decref(stored);
		stored = json_object();
	}
	json_t *before = json_deep_copy(stored);
	struct recovery_settings s = {recovery_policy_default, json_object()};
	const char *field = NULL, *pfield = NULL;
	int rc = STORE_JOB_OK;
	json_object_update(stored, j->in);
	if (!apply(&s, stored, &field)) {
		/* field points into `stored`, freed below: the answer keeps a copy */
		field = arena_strdup(a, field);
		rc = job_fail(&j->err, 422, "invalid_value",
		              arena_printf(a, "%s is not a valid value", field), field);
		goto out;
	}
	if (recovery_policy_check(&s.policy, &pfield) != RECOVERY_OK) {
		rc = job_fail(&j->err, 422, "invalid_value",
		              arena_printf(a, "the policy is out of range at %s", pfield), pfield);
		goto out;
	}
	/* stored prices are the effective ones (a null removed one) */
	json_object_set(stored, "prices", s.prices);
	char *out = json_dumps(stored, JSON_COMPACT | JSON_SORT_KEYS);
	struct actor who = actor_of(j->r);
	bool ok = out && store_setting_set(w, SETTING_KEY, out) &&
	          audit_append(w, a, &who, "settings.recovery", "settings", 0, 0, before, stored);
	free(out);
	if (!ok) {
		rc = STORE_COMMIT_FAILED;
		goto out;
	}
	j->s = s;
	s.prices = NULL;
out:
	recovery_settings_free(&s);
	json_decref(before);
	json_decref(stored);
	return rc;
}

void h_recovery_settings_put(struct request *r)
{
	/* Prices and per-code fees are keyed by asset and code, so the members are checked by
	 * apply() (every key known, every value in range) rather than by a field table. */
	json_error_t e;
	json_t *in = r->body_len ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &e)
	                         : NULL;
	if (!json_is_object(in)) {
		json_decref(in);
		http_error(r, 400, "malformed_json", "a JSON object body is required", NULL);
		return;
	}
	struct put_job j = {.r = r, .in = in};
	int rc = store_write(r->store, put_run, &j);
	if (rc != STORE_JOB_OK)
		job_answer_error(r, rc, &j.err);
	else
		http_json(r, 200, settings_json(&j.s));
	if (j.s.prices)
		recovery_settings_free(&j.s);
	json_decref(in);
}

/* ---- GET /api/v1/reports/recovery?from=&to= (RFC 3339, like the holds report; default:
 * everything) ---- */

void h_recovery_report(struct request *r)
{
	int64_t since = 0, until = INT64_MAX;
	if (!http_query_time(r, "from", &since) || !http_query_time(r, "to", &until))
		return;
	if (since > until) {
		http_error(r, 400, "invalid_query", "from must be before to", "from");
		return;
	}
	struct recovery_report_row *rows;
	size_t n = store_recovery_report(store_reader(r->store), &r->arena, since, until, &rows);
	json_t *by_code = json_object(), *by_state = json_object(), *list = json_array();
	int64_t total = 0, automatic = 0, manual = 0, credited = 0, value = 0, fees = 0;
	for (size_t i = 0; i < n; i++) {
		const struct recovery_report_row *x = &rows[i];
		const char *code = *x->code ? x->code : "unclassified";
		json_object_set_new(by_code, code,
		                    json_integer(json_integer_value(json_object_get(by_code, code)) +
		                                 x->cases));
		json_object_set_new(
		    by_state, x->state,
		    json_integer(json_integer_value(json_object_get(by_state, x->state)) + x->cases));
		json_array_append_new(list, json_pack("{s:s, s:s, s:b, s:I, s:I, s:I}", "code", code,
		                                      "state", x->state, "automatic", x->automatic,
		                                      "cases", (json_int_t)x->cases, "value_minor",
		                                      (json_int_t)x->value_minor, "fee_minor",
		                                      (json_int_t)x->fee_minor));
		total += x->cases;
		bool decided = strcmp(x->state, "checking") && strcmp(x->state, "error");
		if (decided && x->automatic)
			automatic += x->cases;
		else if (decided)
			manual += x->cases;
		if (!strcmp(x->state, "credited"))
			credited += x->cases;
		value += x->value_minor;
		fees += x->fee_minor;
	}
	struct recovery_settings s;
	recovery_settings_load(store_reader(r->store), &s);
	http_json(r, 200,
	          json_pack("{s:s, s:I, s:I, s:I, s:I, s:f, s:I, s:I, s:o, s:o, s:o}", "currency",
	                    s.policy.currency, "cases", (json_int_t)total, "automatic",
	                    (json_int_t)automatic, "manual", (json_int_t)manual, "credited",
	                    (json_int_t)credited, "automatic_share",
	                    automatic + manual ? (double)automatic / (double)(automatic + manual)
	                                       : 0.0,
	                    "value_credited_minor", (json_int_t)value, "fees_minor",
	                    (json_int_t)fees, "by_code", by_code, "by_state", by_state, "rows",
	                    list));
	recovery_settings_free(&s);
}
