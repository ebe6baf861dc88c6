/* recovery_cases.c — the customer's doors to deposit recovery: the help center's "Deposit not
 * arrived?" form and "check my recovery case", and the widget's (docs/exchange/recovery.md).
 *
 * Who the customer is: an exchange uid with its user_hash (HMAC-SHA256 under the desk's identity
 * secret, the widget's identity verification), or the widget session's verified uid. Without a
 * verified uid an email is required, and the case is never credited automatically (core sees no
 * claimant) but reviewed by a person.
 *
 * Never: stores anything of a refused form; echoes, stores or logs a field that holds a private
 * key or a recovery phrase (the answer names the field and the code only); shows a case to
 * someone who has not given its reference and the identity or email it was filed with (the
 * answer to a wrong reference and to a wrong identity is the same 404). */
#include "api/recovery.h"

#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "api/chat.h"
#include "api/customers.h"
#include "core/identity.h"
#include "core/kb.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/rate_limit.h"

#define FIELD_RAW_MAX 4096 /* bytes of a field as sent; the form's own bounds are smaller */
#define NOTE_RAW_MAX  8192
#define MINUTE_MS     (60LL * 1000)
#define RECHECK_MIN_MS (30LL * 1000)

static struct rate_limit file_by_address = RATE_LIMIT_INIT(30, 15 * MINUTE_MS);
static struct rate_limit lookup_failures = RATE_LIMIT_INIT(20, 15 * MINUTE_MS);

#define FORM_FIELDS                                                                            \
	{"asset", FIELD_TEXT, false, FIELD_RAW_MAX}, {"network", FIELD_TEXT, false, FIELD_RAW_MAX}, \
	    {"txid", FIELD_TEXT, false, FIELD_RAW_MAX},                                        \
	    {"address", FIELD_TEXT, false, FIELD_RAW_MAX},                                     \
	    {"memo", FIELD_TEXT, false, FIELD_RAW_MAX},                                        \
	    {"memo_used", FIELD_TEXT, false, FIELD_RAW_MAX},                                   \
	    {"amount", FIELD_TEXT, false, FIELD_RAW_MAX},                                      \
	    {"sender", FIELD_TEXT, false, FIELD_RAW_MAX},                                      \
	    {"note", FIELD_TEXT, false, NOTE_RAW_MAX}, {"language", FIELD_STRING, false, 16}

static const struct field_spec help_fields[] = {
    FORM_FIELDS,
    {"exchange_uid", FIELD_STRING, false, MAX_UID},
    {"user_hash", FIELD_STRING, false, 64},
    {"email", FIELD_STRING, false, MAX_EMAIL},
    {NULL},
};
static const struct field_spec widget_fields[] = {FORM_FIELDS, {NULL}};

static void answer_limited(struct request *r, int wait)
{
	http_header(r, "Retry-After", arena_printf(&r->arena, "%d", wait));
	http_error(r, 429, "rate_limited", "too many recovery requests; try again later", NULL);
}

/* ---- the form ---- */

struct form {
	struct recovery_intake in;
	struct recovery_intake_clean clean;
	const char *lang; /* kb locale, NULL when not given */
};

static void take(json_t *in, const char *k, const char **p, size_t *n)
{
	json_t *v = json_object_get(in, k);
	*p = json_is_string(v) ? json_string_value(v) : NULL;
	*n = *p ? json_string_length(v) : 0;
}

/* Checks the form; answers 422 {error, errors[]} and returns false when a field fails. A field
 * holding a secret is named with its code and nothing else. */
static bool form_check(struct request *r, json_t *in, struct form *f)
{
	memset(f, 0, sizeof *f);
	struct recovery_intake *x = &f->in;
	take(in, "asset", &x->asset, &x->asset_len);
	take(in, "network", &x->network, &x->network_len);
	take(in, "txid", &x->txid, &x->txid_len);
	take(in, "address", &x->address, &x->address_len);
	take(in, "memo", &x->memo, &x->memo_len);
	take(in, "memo_used", &x->memo_used, &x->memo_used_len);
	take(in, "amount", &x->amount, &x->amount_len);
	take(in, "sender", &x->sender, &x->sender_len);
	take(in, "note", &x->note, &x->note_len);
	char asset[RECOVERY_ASSET_MAX + 1] = "";
	if (x->asset && x->asset_len <= RECOVERY_ASSET_MAX) {
		size_t n = x->asset_len;
		const char *t = address_trim(x->asset, &n);
		memcpy(asset, t, n);
		asset[n] = 0;
	}
	x->asset_decimals = recovery_asset_decimals(asset);
	struct recovery_intake_errors err;
	if (recovery_intake_normalize(x, &f->clean, &err) == 0) {
		const char *lang = json_str(in, "language");
		if (lang && *lang && !(f->lang = kb_locale_canonical(lang))) {
			http_error(r, 422, "invalid_value",
			           arena_printf(&r->arena, "language must be one of %s",
			                        kb_locale_list()),
			           "language");
			return false;
		}
		return true;
	}
	json_t *list = json_array();
	for (size_t i = 0; i < err.n; i++) {
		const struct recovery_field_error *e = &err.error[i];
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:b}", "field",
		                                      recovery_field_name(e->field), "code", e->code,
		                                      "message", e->message, "secret", e->secret));
	}
	const struct recovery_field_error *e0 = &err.error[0];
	http_json(r, 422,
	          json_pack("{s:{s:s, s:s, s:s}, s:o}", "error", "code", e0->code, "message",
	                    e0->message, "field", recovery_field_name(e0->field), "errors", list));
	return false;
}

/* What the customer wrote, as the ticket's first message. */
static const char *form_body(struct arena *a, const struct form *f)
{
	const struct recovery_intake_clean *c = &f->clean;
	char amt[AMOUNT_TEXT_MAX];
	amount_format(c->amount, amt);
	return arena_printf(
	    a,
	    "Deposit not arrived\n\nAsset: %s\nNetwork: %s\nTransaction: %.*s\nTo address: "
	    "%.*s\nMemo/tag: %.*s\nMemo actually used: %.*s\nAmount: %s\nFrom address: %.*s\n\n%.*s",
	    c->asset, address_network_code(c->net), (int)c->txid.normalized_len,
	    c->txid.normalized, (int)c->address.normalized_len, c->address.normalized,
	    (int)c->address.memo_len, c->address.memo, (int)c->memo_used_len, c->memo_used, amt,
	    (int)c->sender.normalized_len, c->sender.normalized, (int)c->note_len,
	    c->note ? c->note : "");
}

/* ---- filing ---- */

struct file_job {
	struct request *r;
	struct requester_in req;
	const struct form *f;
	const char *source;
	struct recovery_case_row c;
	struct job_error err;
};

static void reference_new(char out[RECOVERY_REF_MAX])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; /* no I, O, 0, 1 */
	unsigned char raw[10];
	randombytes_buf(raw, sizeof raw);
	memcpy(out, "RC-", 3);
	for (int i = 0; i < 10; i++)
		out[3 + i] = alphabet[raw[i] % 32];
	out[13] = 0;
}

/* The Recovery group, created (and audited) the first time a case needs it. */
static int64_t recovery_group(struct db *w, struct arena *a)
{
	return group_ensure(w, a, RECOVERY_GROUP, "L2", "recovery",
	                    "deposit recovery needs a Recovery queue");
}

static int file_run(struct db *w, void *ctx)
{
	struct file_job *j = ctx;
	struct arena *a = &j->r->arena;
	const struct recovery_intake_clean *k = &j->f->clean;
	int64_t now = clock_now_ms();
	struct actor anyone = {"customer", 0};
	struct customer_row cust;
	int rc = customer_resolve(w, a, &anyone, &j->req, now, &cust, &j->err);
	if (rc)
		return rc;
	const char *network = address_network_code(k->net);
	const char *txid = arena_strndup(a, k->txid.normalized, k->txid.normalized_len);
	int64_t dup = store_recovery_find_open(w, network, txid, cust.id);
	if (dup) {
		struct recovery_case_row d;
		store_recovery_get(w, a, dup, &d);
		return job_fail(&j->err, 409, "case_exists",
		                arena_printf(a, "this transaction already has case %s", d.reference),
		                "txid");
	}
	int64_t group = recovery_group(w, a);
	if (!group)
		return STORE_COMMIT_FAILED;
	const char *lang = j->f->lang ? j->f->lang : *cust.language ? cust.language : "en";
	char amt[AMOUNT_TEXT_MAX], ref[RECOVERY_REF_MAX];
	amount_format(k->amount, amt);
	reference_new(ref);
	struct ticket_row t = {.subject = arena_printf(a, "Deposit not arrived: %s %s on %s (%s)",
	                                               amt, k->asset, network, ref),
	                       .channel = "web",
	                       .priority = "normal",
	                       .category = RECOVERY_CATEGORY,
	                       .language = lang,
	                       .group_id = group};
	struct actor customer = {"customer", cust.id};
	if ((rc = ticket_open(w, a, &customer, &cust, &t, form_body(a, j->f), NULL)))
		return rc;
	struct recovery_case_row *c = &j->c;
	*c = (struct recovery_case_row){
	    .reference = arena_strdup(a, ref),
	    .ticket_id = t.id,
	    .customer_id = cust.id,
	    .source = j->source,
	    .uid = j->req.uid_verified ? j->req.uid : "",
	    .uid_verified = j->req.uid_verified,
	    .email = j->req.email ? j->req.email : "",
	    .language = lang,
	    .asset = k->asset,
	    .network = network,
	    .txid = txid,
	    .address = arena_strndup(a, k->address.normalized, k->address.normalized_len),
	    .memo = arena_strndup(a, k->address.memo, k->address.memo_len),
	    .memo_used = arena_strndup(a, k->memo_used, k->memo_used_len),
	    .amount = arena_strdup(a, amt),
	    .sender = arena_strndup(a, k->sender.normalized, k->sender.normalized_len),
	    .note = k->note ? arena_strndup(a, k->note, k->note_len) : "",
	    .state = "checking",
	    .created_at = now,
	    .updated_at = now};
	if (store_recovery_insert(w, c) != DB_DONE)
		return STORE_COMMIT_FAILED;
	json_t *after = json_pack("{s:s, s:s, s:s, s:s, s:b, s:I}", "reference", c->reference,
	                          "source", c->source, "network", network, "asset", c->asset,
	                          "uid_verified", c->uid_verified, "ticket_id", (json_int_t)t.id);
	bool ok = audit_append(w, a, &customer, "recovery.create", "recovery_case", c->id, t.id,
	                       NULL, after);
	json_decref(after);
	return ok ? STORE_JOB_OK : STORE_COMMIT_FAILED;
}

/* Files the checked form for req, checks it with the exchange, answers 201 with the case. */
static void file_case(struct request *r, struct form *f, struct requester_in *req,
                      const char *source)
{
	struct file_job j = {.r = r, .req = *req, .f = f, .source = source};
	int rc = store_write(r->store, file_run, &j);
	if (rc != STORE_JOB_OK) {
		job_answer_error(r, rc, &j.err);
		return;
	}
	struct actor sys = {"system", 0};
	recovery_run(r->store, j.c.id, &sys);
	struct recovery_case_row c;
	if (!store_recovery_get(store_reader(r->store), &r->arena, j.c.id, &c)) {
		http_store_failure(r, STORE_COMMIT_FAILED);
		return;
	}
	log_event(LOG_INFO, "recovery_filed", "case=%lld source=%s state=%s code=%s",
	          (long long)c.id, source, c.state, c.code);
	http_json(r, 201, json_pack("{s:o}", "case", recovery_case_json(&r->arena, &c, false)));
}

void h_help_recovery_create(struct request *r)
{
	const char *client = http_client_key(r);
	int64_t now = clock_now_ms();
	int wait = rate_limit_check(&file_by_address, client, strlen(client), now);
	if (wait) {
		answer_limited(r, wait);
		return;
	}
	json_t *in = http_body_json(r, help_fields);
	if (!in)
		return;
	struct form f;
	struct requester_in req;
	const char *uid = json_str(in, "exchange_uid"), *hash = json_str(in, "user_hash");
	const char *email = json_str(in, "email");
	if (!form_check(r, in, &f))
		goto out;
	if (uid && *uid && !(hash && *hash)) {
		http_error(r, 422, "missing_field", "exchange_uid needs its user_hash", "user_hash");
		goto out;
	}
	if (!(uid && *uid) && !(email && *email)) {
		http_error(r, 422, "missing_field",
		           "give your exchange uid with its user_hash, or an email address", "email");
		goto out;
	}
	json_t *who = json_object();
	if (uid && *uid) {
		json_object_set_new(who, "exchange_uid", json_string(uid));
		json_object_set_new(who, "user_hash", json_string(hash));
	}
	if (email && *email)
		json_object_set_new(who, "email", json_string(email));
	if (f.lang)
		json_object_set_new(who, "language", json_string(f.lang));
	bool ok = requester_from_json_loose(r, who, &req);
	json_decref(who);
	if (!ok)
		goto out;
	rate_limit_count(&file_by_address, client, strlen(client), now);
	file_case(r, &f, &req, "help");
out:
	json_decref(in);
}

/* The widget session's customer: their verified exchange uid, else their email. */
static bool session_requester(struct request *r, const struct widget_session *ws,
                              struct requester_in *req, struct customer_row *c)
{
	memset(req, 0, sizeof *req);
	req->vip_tier = -1;
	if (!store_customer_get(store_reader(r->store), &r->arena, ws->customer_id, c)) {
		http_error(r, 401, "unauthorized", "the widget session has no customer", NULL);
		return false;
	}
	for (size_t i = 0; i < c->n_identities; i++) {
		const struct identity_row *id = &c->identities[i];
		if (!strcmp(id->kind, "exchange_uid") && ws->verified && id->verified) {
			req->uid = id->value;
			req->uid_verified = true;
		}
		if (!strcmp(id->kind, "email") && !req->email)
			req->email = id->value;
	}
	return true;
}

void h_widget_recovery_create(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	json_t *in = http_body_json(r, widget_fields);
	if (!in)
		return;
	struct form f;
	struct requester_in req;
	struct customer_row c;
	if (!form_check(r, in, &f) || !session_requester(r, &ws, &req, &c))
		goto out;
	if (!req.uid_verified && !req.email) {
		http_error(r, 422, "missing_field",
		           "sign in on the exchange or give the chat your email first", "email");
		goto out;
	}
	if (!f.lang && ws.language)
		f.lang = kb_locale_canonical(ws.language);
	file_case(r, &f, &req, "widget");
out:
	json_decref(in);
}

/* A waiting case past its ETA, or one the exchange failed on, is checked again when its
 * customer looks (the case's automatic re-check; agents retry from the console) — at most once
 * per RECHECK_MIN_MS, so reloading the page does not hammer the exchange. */
static void recheck_due(struct request *r, struct recovery_case_row *c)
{
	int64_t now = clock_now_ms();
	bool due = ((!strcmp(c->state, "waiting") && c->eta_at && c->eta_at <= now) ||
	            !strcmp(c->state, "error")) &&
	           now - c->updated_at >= RECHECK_MIN_MS;
	if (!due)
		return;
	struct actor sys = {"system", 0};
	recovery_run(r->store, c->id, &sys);
	store_recovery_get(store_reader(r->store), &r->arena, c->id, c);
}

void h_widget_recovery_list(struct request *r)
{
	struct widget_session ws;
	if (!widget_session_of(r, &ws))
		return;
	struct recovery_case_row *rows;
	size_t n = store_recovery_list(store_reader(r->store), &r->arena, NULL, NULL,
	                               ws.customer_id, 0, 50, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		recheck_due(r, &rows[i]);
		json_array_append_new(arr, recovery_case_json(&r->arena, &rows[i], false));
	}
	http_header(r, "Cache-Control", "no-store");
	http_json(r, 200, json_pack("{s:o}", "cases", arr));
}

/* ---- POST /api/v1/help/recovery/lookup ---- */

static bool same_text(const char *a, const char *b)
{
	unsigned char ha[crypto_hash_sha256_BYTES], hb[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(ha, (const unsigned char *)a, strlen(a));
	crypto_hash_sha256(hb, (const unsigned char *)b, strlen(b));
	return sodium_memcmp(ha, hb, sizeof ha) == 0;
}

void h_help_recovery_lookup(struct request *r)
{
	static const struct field_spec fields[] = {
	    {"reference", FIELD_STRING, true, RECOVERY_REF_MAX},
	    {"exchange_uid", FIELD_STRING, false, MAX_UID},
	    {"user_hash", FIELD_STRING, false, 64},
	    {"email", FIELD_STRING, false, MAX_EMAIL},
	    {NULL},
	};
	const char *client = http_client_key(r);
	int64_t now = clock_now_ms();
	int wait = rate_limit_check(&lookup_failures, client, strlen(client), now);
	if (wait) {
		answer_limited(r, wait);
		return;
	}
	json_t *in = http_body_json(r, fields);
	if (!in)
		return;
	char *ref = arena_strdup(&r->arena, json_str(in, "reference"));
	for (char *p = ref; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	const char *uid = json_str(in, "exchange_uid"), *hash = json_str(in, "user_hash");
	char *email = arena_strdup(&r->arena, json_str(in, "email"));
	for (char *p = email; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	struct db *db = store_reader(r->store);
	bool verified = false;
	if (uid && *uid && hash) {
		char *secret = store_setting_get(db, &r->arena, "identity_secret");
		verified = secret && identity_verify_uid(secret, strlen(secret), uid, strlen(uid), hash,
		                                                strlen(hash));
	}
	struct recovery_case_row c;
	bool have = store_recovery_get_by_reference(db, &r->arena, ref, &c);
	bool match = have && ((verified && c.uid_verified && same_text(c.uid, uid)) ||
	                      (email && *email && *c.email && same_text(c.email, email)));
	if (!match) {
		rate_limit_count(&lookup_failures, client, strlen(client), now);
		http_error(r, 404, "not_found", "no recovery case has this reference and identity",
		           NULL);
		goto out;
	}
	recheck_due(r, &c);
	http_header(r, "Cache-Control", "no-store");
	http_json(r, 200, json_pack("{s:o}", "case", recovery_case_json(&r->arena, &c, false)));
out:
	json_decref(in);
}
