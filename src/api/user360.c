/* user360.c — see user360.h and docs/exchange/user-360.md.
 *
 * One answer, seven connector reads. They run at once (one short-lived thread each, all joined
 * before the answer) under a per-call limit shorter than the connector's default, so the panel
 * waits at most about two short attempts however the exchange behaves; a read that failed
 * becomes that section's {"error":{...}} and the others still show.
 *
 * Only the documented fields of the exchange's answers are passed on (a field the exchange adds
 * later cannot leak past the masking below). Roles without customer.pii get the uid, name,
 * email, phone, every IP and the text of email and phone changes masked (core/identity.h), the
 * same way docs/api.md masks identities. Nothing here writes to the store: it is a read. */
#include "api/user360.h"

#include <pthread.h>
#include <string.h>

#include "api/api.h"
#include "api/exchange.h"
#include "core/identity.h"
#include "util/clock.h"
#include "util/log.h"

/* The panel would rather show less than wait: at most two attempts of 1.5 s each (a refused
 * connection fails at once and the second attempt follows 200 ms later). */
#define U360_TIMEOUT_MS 1500
#define U360_ATTEMPTS   2
#define U360_STACK      (512 * 1024)

static const char *const profile_fields[] = {
    "uid",        "name",           "email",         "phone",      "country",    "language",
    "kyc",        "vip_tier",       "account_status", "status_reason", "two_factor", "created_at",
    NULL};
static const char *const security_fields[] = {"id", "kind", "detail", "ip", "at", NULL};
static const char *const login_fields[] = {"id",         "device_id",   "ip",
                                           "country",    "user_agent",  "new_device",
                                           "new_country", "at",         NULL};
static const char *const balance_fields[] = {"asset", "available", "locked", "total", NULL};
static const char *const deposit_fields[] = {
    "id",     "asset",         "network",                "amount",    "fee",       "txid",
    "address", "memo",         "from_address",           "status",    "confirmations",
    "required_confirmations",  "recovered",              "created_at", "credited_at", NULL};
static const char *const withdrawal_fields[] = {
    "id",   "asset", "network", "amount", "fee",        "address",    "memo",
    "status", "txid", "reason", "actor",  "created_at", "updated_at", NULL};
static const char *const trade_fields[] = {"id",  "symbol", "side",      "price",     "qty",
                                           "fee", "fee_asset", "liquidity", "at",     NULL};

enum { S_PROFILE, S_SECURITY, S_LOGINS, S_BALANCES, S_DEPOSITS, S_WITHDRAWALS, S_TRADES, S_COUNT };

static const struct section {
	const char *name;     /* the member of our answer */
	const char *suffix;   /* after /v1/users/{uid} */
	const char *list_key; /* the exchange's array; NULL for the profile */
	const char *const *fields;
} sections[S_COUNT] = {
    [S_PROFILE] = {"profile", "", NULL, profile_fields},
    [S_SECURITY] = {"security_events", "/security-events?limit=10", "security_events",
                    security_fields},
    [S_LOGINS] = {"logins", "/logins?limit=5", "logins", login_fields},
    [S_BALANCES] = {"balances", "/balances", "balances", balance_fields},
    [S_DEPOSITS] = {"deposits", "/deposits?limit=5", "deposits", deposit_fields},
    [S_WITHDRAWALS] = {"withdrawals", "/withdrawals?limit=5", "withdrawals", withdrawal_fields},
    [S_TRADES] = {"trades", "/trades?limit=5", "trades", trade_fields},
};

struct fetch {
	struct exchange_client *x;
	const char *target;
	struct exchange_reply rep;
};

static void *fetch_run(void *p)
{
	struct fetch *f = p;
	const struct exchange_call_limits lim = {.timeout_ms = U360_TIMEOUT_MS,
	                                         .max_attempts = U360_ATTEMPTS};
	exchange_call_limited(f->x, "GET", f->target, NULL, &lim, &f->rep);
	return NULL;
}

/* ---- shaping and masking ---- */

static json_t *pick(json_t *src, const char *const *keys)
{
	json_t *o = json_object();
	for (size_t i = 0; keys[i]; i++) {
		json_t *v = json_object_get(src, keys[i]);
		if (v)
			json_object_set_new(o, keys[i], json_deep_copy(v));
	}
	return o;
}

static void mask_member(struct arena *a, json_t *o, const char *key, bool email)
{
	const char *v = json_string_value(json_object_get(o, key));
	if (!v)
		return;
	size_t n = strlen(v);
	char *out = arena_alloc(a, n + 8);
	if (email)
		identity_mask_email(v, n, out);
	else
		identity_mask_value(v, n, out);
	json_object_set_new(o, key, json_string(out));
}

static void mask_item(struct arena *a, int section, json_t *o)
{
	switch (section) {
	case S_PROFILE:
		mask_member(a, o, "uid", false);
		mask_member(a, o, "name", false);
		mask_member(a, o, "email", true);
		mask_member(a, o, "phone", false);
		break;
	case S_SECURITY: {
		mask_member(a, o, "ip", false);
		/* "old@x -> new@x": the text of an email or phone change is the PII itself. */
		const char *kind = json_string_value(json_object_get(o, "kind"));
		if (kind && (!strcmp(kind, "email_change") || !strcmp(kind, "phone_change")))
			mask_member(a, o, "detail", false);
		break;
	}
	case S_LOGINS:
		mask_member(a, o, "ip", false);
		break;
	default:
		break;
	}
}

static json_t *section_error(const struct exchange_reply *rep)
{
	const char *code = rep->outcome == EXCHANGE_BAD_ANSWER ? "exchange_bad_answer"
	                   : rep->outcome == EXCHANGE_REFUSED  ? rep->code
	                                                       : "exchange_unavailable";
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message",
	                      rep->message[0] ? rep->message : "the exchange failed");
	if (rep->outcome != EXCHANGE_REFUSED && rep->code[0])
		json_object_set_new(e, "reason", json_string(rep->code)); /* timeout, http_503 ... */
	return json_pack("{s:o}", "error", e);
}

static json_t *bad_shape(void)
{
	return json_pack("{s:{s:s, s:s}}", "error", "code", "exchange_bad_answer", "message",
	                 "the exchange's answer does not have the documented shape");
}

/* One section of the answer from its reply; *ok says whether it carries data. */
static json_t *render_section(struct arena *a, int s, const struct exchange_reply *rep, bool pii,
                              bool *ok)
{
	*ok = false;
	if (rep->outcome != EXCHANGE_OK)
		return section_error(rep);
	const struct section *sec = &sections[s];
	if (!sec->list_key) {
		json_t *user = json_object_get(rep->body, "user");
		if (!json_is_object(user))
			return bad_shape();
		json_t *o = pick(user, sec->fields);
		if (!pii)
			mask_item(a, s, o);
		*ok = true;
		return o;
	}
	json_t *arr = json_object_get(rep->body, sec->list_key);
	if (!json_is_array(arr))
		return bad_shape();
	json_t *items = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (!json_is_object(v)) {
			json_decref(items);
			return bad_shape();
		}
		json_t *o = pick(v, sec->fields);
		if (!pii)
			mask_item(a, s, o);
		json_array_append_new(items, o);
	}
	json_t *next = json_object_get(rep->body, "next_before");
	*ok = true;
	return json_pack("{s:o, s:b}", "items", items, "more", next && !json_is_null(next));
}

static const char *first_uid(const struct customer_row *c)
{
	for (size_t i = 0; i < c->n_identities; i++)
		if (!strcmp(c->identities[i].kind, "exchange_uid") && c->identities[i].value[0])
			return c->identities[i].value;
	return NULL;
}

static json_t *shown_uid(struct request *r, const char *uid)
{
	if (can_see_pii(r))
		return json_string(uid);
	size_t n = strlen(uid);
	char *out = arena_alloc(&r->arena, n + 8);
	identity_mask_value(uid, n, out);
	return json_string(out);
}

/* The answer for customer c (ticket_id 0 when asked by customer). */
static void answer_for(struct request *r, const struct customer_row *c, int64_t ticket_id)
{
	const char *uid = first_uid(c);
	if (!uid) {
		http_json(r, 200, json_pack("{s:b, s:I}", "linked", 0, "customer_id",
		                            (json_int_t)c->id));
		return;
	}
	struct exchange_client *x = exchange_connector_or_answer(r);
	if (!x)
		return;
	const char *esc = exchange_escape(&r->arena, uid);
	struct fetch f[S_COUNT];
	pthread_t th[S_COUNT];
	bool started[S_COUNT];
	/* Seven threads per panel: a modest stack each (curl and TLS need far less than 8 MiB). */
	pthread_attr_t attr;
	bool attr_ok = pthread_attr_init(&attr) == 0;
	if (attr_ok)
		pthread_attr_setstacksize(&attr, U360_STACK);
	int64_t t0 = clock_monotonic_ns();
	for (int s = 0; s < S_COUNT; s++) {
		memset(&f[s], 0, sizeof f[s]);
		f[s].x = x;
		f[s].target = arena_printf(&r->arena, "/v1/users/%s%s", esc, sections[s].suffix);
		started[s] = pthread_create(&th[s], attr_ok ? &attr : NULL, fetch_run, &f[s]) == 0;
		if (!started[s]) /* no thread to be had: read it here, in turn */
			fetch_run(&f[s]);
	}
	for (int s = 0; s < S_COUNT; s++)
		if (started[s])
			pthread_join(th[s], NULL);
	if (attr_ok)
		pthread_attr_destroy(&attr);
	double elapsed_ms = (double)(clock_monotonic_ns() - t0) / 1e6;

	json_t *out;
	const struct exchange_reply *prof = &f[S_PROFILE].rep;
	if (prof->outcome == EXCHANGE_REFUSED && prof->status == 404) {
		/* user_not_found: the desk has a uid the exchange does not know. */
		out = json_pack("{s:b, s:b, s:o, s:I}", "linked", 1, "found", 0, "uid",
		                shown_uid(r, uid), "customer_id", (json_int_t)c->id);
	} else {
		bool pii = can_see_pii(r);
		out = json_pack("{s:b, s:b, s:o, s:I}", "linked", 1, "found", 1, "uid",
		                shown_uid(r, uid), "customer_id", (json_int_t)c->id);
		int failed = 0;
		for (int s = 0; s < S_COUNT; s++) {
			bool ok;
			json_object_set_new(out, sections[s].name,
			                    render_section(&r->arena, s, &f[s].rep, pii, &ok));
			failed += !ok;
		}
		json_object_set_new(out, "complete", json_boolean(failed == 0));
		log_event(failed ? LOG_WARN : LOG_INFO, "user360_read",
		          "customer=%lld ticket=%lld failed_sections=%d elapsed_ms=%.0f",
		          (long long)c->id, (long long)ticket_id, failed, elapsed_ms);
	}
	if (ticket_id)
		json_object_set_new(out, "ticket_id", json_integer(ticket_id));
	json_object_set_new(out, "fetched_at", json_time(clock_now_ms()));
	for (int s = 0; s < S_COUNT; s++)
		exchange_reply_clear(&f[s].rep);
	http_json(r, 200, out);
}

void h_ticket_exchange(struct request *r)
{
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	if (!ticket_load_visible(r, db, r->params[0], &t))
		return;
	struct customer_row c;
	if (!t.customer_id || !store_customer_get(db, &r->arena, t.customer_id, &c)) {
		http_json(r, 200, json_pack("{s:b, s:I}", "linked", 0, "ticket_id", (json_int_t)t.id));
		return;
	}
	answer_for(r, &c, t.id);
}

void h_customer_exchange(struct request *r)
{
	int64_t id;
	if (!http_param_id(r, 0, &id))
		return;
	struct customer_row c;
	if (!store_customer_get(store_reader(r->store), &r->arena, id, &c)) {
		http_error(r, 404, "not_found", "no such customer", NULL);
		return;
	}
	answer_for(r, &c, 0);
}
