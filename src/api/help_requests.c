/* help_requests.c — the help center's two ticket doors, open to anyone without credentials:
 * "submit a request" (a form that opens a ticket on the `web` channel) and "check my request"
 * (a ticket's status and public conversation, for whoever knows its number and its requester's
 * email). docs/help-center.md is the reference.
 *
 * What it never does: show anything of a ticket to someone who has not given both its number
 * and an email of its requester (the answer to a wrong number and to a wrong email is the same
 * 404, and the email is compared in constant time); show internal notes, system lines,
 * escalations or anything about agents but the name under a reply; store anything for a request
 * it refuses.
 *
 * Abuse: the form carries a token this server signed when the form was opened (GET .../form),
 * so a robot cannot skip the minimum fill time by forging one; a honeypot field people never see;
 * a cap on links; named size limits; and fixed-window rate limits per client address and, for
 * the form, per requester email (util/rate_limit.h, the login throttle's design). The client
 * address is the connection's: behind a reverse proxy every visitor shares the proxy's.
 * New tickets are routed by the admins' rules like every other new ticket and acknowledged by
 * mail when the desk acknowledges new tickets (settings/mail `acknowledge`). */
#include "api/api.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/customers.h"
#include "api/kb.h"
#include "api/mail.h"
#include "core/kb.h"
#include "core/validate.h"
#include "http/auth.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/rate_limit.h"
#include "util/utf8.h"

#define HELP_MAX_SUBJECT     200         /* bytes */
#define HELP_MAX_DESCRIPTION (16 * 1024) /* bytes */
#define HELP_MAX_HONEYPOT    1000        /* bytes the hidden field may hold (it should be empty) */
#define HELP_MAX_LINKS       3    /* http://, https:// or www. in subject, description, name */
#define HELP_MAX_NUMBER      32   /* bytes of a ticket number as typed */
#define HELP_MIN_FILL_MS     3000 /* a person takes longer than this to fill the form */
#define HELP_FORM_TTL_MS     (24LL * 3600 * 1000)
#define HELP_FORM_TOKEN_MAX  96
#define HELP_MESSAGES_MAX    500 /* messages shown by "check my request" */

#define MINUTE_MS (60LL * 1000)
/* Requests sent per client address and per requester email; lookups per address, and failed
 * lookups per address (what guessing an email costs). */
static struct rate_limit submit_by_address = RATE_LIMIT_INIT(5, 15 * MINUTE_MS);
static struct rate_limit submit_by_email = RATE_LIMIT_INIT(5, 60 * MINUTE_MS);
static struct rate_limit lookup_by_address = RATE_LIMIT_INIT(30, 15 * MINUTE_MS);
static struct rate_limit lookup_failures = RATE_LIMIT_INIT(10, 15 * MINUTE_MS);

/* ---- the client ---- */

static void answer_limited(struct request *r, int wait, const char *what)
{
	http_header(r, "Retry-After", arena_printf(&r->arena, "%d", wait));
	http_error(r, 429, "rate_limited", what, NULL);
}

/* ---- the form token: "ISSUED_MS.HMAC" signed with a key of this process ---- */

static unsigned char form_key[crypto_auth_hmacsha256_KEYBYTES];
static pthread_once_t form_once = PTHREAD_ONCE_INIT;

static void form_key_init(void)
{
	randombytes_buf(form_key, sizeof form_key);
}

static void form_mac(int64_t issued, char hex[crypto_auth_hmacsha256_BYTES * 2 + 1])
{
	pthread_once(&form_once, form_key_init);
	char msg[48];
	int n = snprintf(msg, sizeof msg, "help-form.%lld", (long long)issued);
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256(mac, (const unsigned char *)msg, (unsigned long long)n, form_key);
	sodium_bin2hex(hex, crypto_auth_hmacsha256_BYTES * 2 + 1, mac, sizeof mac);
}

enum form_check { FORM_OK, FORM_BAD, FORM_TOO_FAST };

/* A token this process issued less than a day ago and at least HELP_MIN_FILL_MS ago. A server
 * restart makes the tokens it gave out unknown (the page then fetches a new one). */
static enum form_check form_token_check(const char *tok, int64_t now, int64_t *age_ms)
{
	const char *dot = strchr(tok, '.');
	if (!dot || dot == tok || dot - tok > 15 ||
	    strlen(dot + 1) != crypto_auth_hmacsha256_BYTES * 2)
		return FORM_BAD;
	int64_t issued = 0;
	for (const char *p = tok; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return FORM_BAD;
		issued = issued * 10 + (*p - '0');
	}
	char want[crypto_auth_hmacsha256_BYTES * 2 + 1];
	form_mac(issued, want);
	if (sodium_memcmp(want, dot + 1, sizeof want - 1) != 0)
		return FORM_BAD;
	*age_ms = now - issued;
	if (*age_ms > HELP_FORM_TTL_MS || *age_ms < -MINUTE_MS)
		return FORM_BAD;
	return *age_ms < HELP_MIN_FILL_MS ? FORM_TOO_FAST : FORM_OK;
}

/* ---- GET /api/v1/help/requests/form ---- */

/* Ticket categories with the help center's name for them in locale (the knowledge base's
 * categories carry the same slugs, a name per locale and the order the help center shows them
 * in), else the desk's English name, after the knowledge base's. */
struct form_category {
	const char *slug, *name;
	int64_t position;
};

static int by_position(const void *a, const void *b)
{
	const struct form_category *x = a, *y = b;
	return x->position != y->position ? (x->position < y->position ? -1 : 1)
	                                  : strcmp(x->slug, y->slug);
}

static json_t *categories_json(struct request *r, struct db *db, const char *locale)
{
	struct category_row *cats;
	size_t n = store_category_list(db, &r->arena, &cats);
	struct form_category *list = arena_alloc(&r->arena, (n ? n : 1) * sizeof *list);
	for (size_t i = 0; i < n; i++) {
		struct kb_category_row kc;
		list[i] = (struct form_category){cats[i].slug, cats[i].name, INT64_MAX};
		if (store_kb_category_get_by_slug(db, &r->arena, cats[i].slug, &kc)) {
			json_t *names = kb_names(kc.names);
			list[i].name = arena_strdup(
			    &r->arena, kb_name_in(names, locale ? locale : "en", cats[i].name));
			list[i].position = kc.position;
			json_decref(names);
		}
	}
	qsort(list, n, sizeof *list, by_position);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		    arr, json_pack("{s:s, s:s}", "slug", list[i].slug, "name", list[i].name));
	return arr;
}

void h_help_request_form(struct request *r)
{
	const char *locale;
	if (!kb_query_locale(r, "locale", &locale))
		return;
	int64_t now = clock_now_ms();
	char mac[crypto_auth_hmacsha256_BYTES * 2 + 1];
	form_mac(now, mac);
	json_t *langs = json_array();
	for (int l = 0; l < KB_LOCALE_COUNT; l++)
		json_array_append_new(langs, json_string(kb_locale_name((enum kb_locale)l)));
	http_header(r, "Cache-Control", "no-store");
	http_json(r, 200,
	          json_pack("{s:s, s:i, s:i, s:o, s:o, s:{s:i, s:i, s:i, s:i}}", "form_token",
	                    arena_printf(&r->arena, "%lld.%s", (long long)now, mac), "min_fill_ms",
	                    HELP_MIN_FILL_MS, "max_links", HELP_MAX_LINKS, "categories",
	                    categories_json(r, store_reader(r->store), locale), "languages", langs,
	                    "limits", "email", MAX_EMAIL, "name", MAX_PERSON_NAME, "subject",
	                    HELP_MAX_SUBJECT, "description", HELP_MAX_DESCRIPTION));
}

/* ---- POST /api/v1/help/requests ---- */

static const struct field_spec request_fields[] = {
    {"email", FIELD_STRING, true, MAX_EMAIL},
    {"name", FIELD_STRING, false, MAX_PERSON_NAME},
    {"subject", FIELD_STRING, true, HELP_MAX_SUBJECT},
    {"description", FIELD_TEXT, true, HELP_MAX_DESCRIPTION},
    {"category", FIELD_STRING, false, 40},
    {"language", FIELD_STRING, false, 16},
    {"form_token", FIELD_STRING, true, HELP_FORM_TOKEN_MAX},
    {"website", FIELD_TEXT, false, HELP_MAX_HONEYPOT}, /* the honeypot: must stay empty */
    {NULL},
};

/* Control characters: none in one-line fields; tab and line breaks in the description. */
static bool text_clean(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return false;
	return true;
}

/* How many links a text holds: each http://, https:// or www. (ASCII case-insensitive). */
static int link_count(const char *s)
{
	int n = 0;
	for (const char *p = s; p && *p; p++) {
		if (!strncasecmp(p, "http://", 7))
			n++, p += 6;
		else if (!strncasecmp(p, "https://", 8))
			n++, p += 7;
		else if (!strncasecmp(p, "www.", 4) && (p == s || !isalnum((unsigned char)p[-1])))
			n++, p += 3;
	}
	return n;
}

struct submit_job {
	struct request *r;
	struct requester_in req;
	struct ticket_row t;
	const char *body;
	bool acknowledged;
};

static int submit_run(struct db *w, void *ctx)
{
	struct submit_job *j = ctx;
	struct arena *a = &j->r->arena;
	int64_t now = clock_now_ms();
	struct actor anyone = {"customer", 0};
	struct customer_row c;
	struct job_error err;
	int rc = customer_resolve(w, a, &anyone, &j->req, now, &c, &err);
	if (rc)
		return rc;
	struct routing_outcome ro;
	routing_apply(w, a, &c, &j->t, j->body, 0, &ro);
	struct actor customer = {"customer", c.id};
	rc = ticket_open(w, a, &customer, &c, &j->t, j->body, NULL);
	if (rc)
		return rc;
	if (!routing_audit(w, a, &j->t, &ro))
		return STORE_COMMIT_FAILED;
	struct mail_desk desk;
	mail_desk_load(w, a, &desk);
	if (desk.ack) {
		if ((rc = mail_queue_ack(w, a, &j->t, j->req.email, now)))
			return rc;
		j->acknowledged = true;
	}
	return STORE_JOB_OK;
}

void h_help_request_create(struct request *r)
{
	const char *client = http_client_key(r);
	int64_t now = clock_now_ms();
	int wait = rate_limit_check(&submit_by_address, client, strlen(client), now);
	if (wait) {
		answer_limited(r, wait, "too many requests from this address; try again later");
		return;
	}
	json_t *in = http_body_json(r, request_fields);
	if (!in)
		return;
	const char *email = json_str(in, "email"), *name = json_str(in, "name");
	const char *subject = json_str(in, "subject"), *desc = json_str(in, "description");
	const char *category = json_str(in, "category"), *language = json_str(in, "language");
	const char *honey = json_str(in, "website"), *lang = NULL, *refused = NULL;
	int64_t age = 0;
	struct submit_job j = {.r = r};

	/* The abuse checks first; each refusal counts against the address. */
	size_t hl = honey ? strlen(honey) : 0;
	if (honey)
		utf8_trim(honey, &hl);
	if (hl > 0) {
		http_error(r, 422, "invalid_value", "website must be left empty", "website");
		refused = "honeypot";
		goto refuse;
	}
	enum form_check fc = form_token_check(json_str(in, "form_token"), now, &age);
	if (fc == FORM_BAD) {
		refused = "form_token";
		http_error(r, 422, "form_expired",
		           "the form has expired or was not issued by this desk; load it again",
		           "form_token");
		goto refuse;
	}
	if (fc == FORM_TOO_FAST) {
		refused = "too_fast";
		http_header(r, "Retry-After",
		            arena_printf(&r->arena, "%lld",
		                         (long long)((HELP_MIN_FILL_MS - age + 999) / 1000)));
		http_error(r, 422, "too_fast",
		           arena_printf(&r->arena,
		                        "the form was sent %lld ms after it was opened; a person "
		                        "takes at least %d ms",
		                        (long long)age, HELP_MIN_FILL_MS),
		           "form_token");
		goto refuse;
	}
	if (link_count(subject) + link_count(desc) + link_count(name) > HELP_MAX_LINKS) {
		refused = "links";
		http_error(
		    r, 422, "too_many",
		    arena_printf(&r->arena, "a request may hold at most %d links", HELP_MAX_LINKS),
		    "description");
		goto refuse;
	}

	/* Plain mistakes a person makes: answered, not counted. */
	json_t *requester = json_pack("{s:s}", "email", email);
	if (name && *name)
		json_object_set_new(requester, "name", json_string(name));
	bool ok = requester_from_json_loose(r, requester, &j.req);
	json_decref(requester);
	if (!ok)
		goto out;
	if (!text_clean(subject, false) || (name && !text_clean(name, false))) {
		const char *f = !text_clean(subject, false) ? "subject" : "name";
		http_error(
		    r, 422, "invalid_value",
		    arena_printf(&r->arena, "%s must be one line without control characters", f),
		    f);
		goto out;
	}
	if (!text_clean(desc, true)) {
		http_error(r, 422, "invalid_value",
		           "description must not contain control characters", "description");
		goto out;
	}
	if (category && *category &&
	    (!validate_slug(category, strlen(category)) ||
	     !store_category_exists(store_reader(r->store), category))) {
		http_error(r, 422, "invalid_value", "unknown category", "category");
		goto out;
	}
	if (language && *language && !(lang = kb_locale_canonical(language))) {
		http_error(r, 422, "invalid_value",
		           arena_printf(&r->arena, "language must be one of %s", kb_locale_list()),
		           "language");
		goto out;
	}
	if ((wait = rate_limit_check(&submit_by_email, j.req.email, strlen(j.req.email), now))) {
		answer_limited(r, wait,
		               "too many requests for this email address; try again later");
		goto out;
	}
	rate_limit_count(&submit_by_address, client, strlen(client), now);
	rate_limit_count(&submit_by_email, j.req.email, strlen(j.req.email), now);

	j.req.language = lang;
	j.t.subject = arena_strdup(&r->arena, subject);
	j.t.channel = "web";
	j.t.priority = "normal";
	j.t.language = lang;
	j.t.category = category && *category ? arena_strdup(&r->arena, category) : NULL;
	j.body = arena_strdup(&r->arena, desc);
	int rc = store_write(r->store, submit_run, &j);
	if (rc != STORE_JOB_OK) {
		http_store_failure(r, rc);
		goto out;
	}
	char num[TICKET_NUMBER_MAX];
	ticket_number_format(j.t.number, num);
	log_event(LOG_INFO, "help_request", "ticket=%lld group=%lld", (long long)j.t.id,
	          (long long)j.t.group_id);
	http_json(r, 201,
	          json_pack("{s:s, s:s, s:o, s:b}", "number", num, "status", j.t.status,
	                    "created_at", json_time(j.t.created_at), "acknowledged",
	                    j.acknowledged));
	goto out;
refuse:
	rate_limit_count(&submit_by_address, client, strlen(client), now);
	log_event(LOG_INFO, "help_request_refused", "why=%s", refused);
out:
	json_decref(in);
}

/* ---- POST /api/v1/help/requests/lookup ---- */

static const struct field_spec lookup_fields[] = {
    {"number", FIELD_STRING, true, HELP_MAX_NUMBER},
    {"email", FIELD_STRING, true, MAX_EMAIL},
    {NULL},
};

/* "EXD-100012", "exd-100012", "#EXD-100012" or "100012". */
static bool number_parse(struct request *r, const char *s, int64_t *out)
{
	if (*s == '#')
		s++;
	size_t n = strlen(s);
	if (n && isdigit((unsigned char)*s))
		s = arena_printf(&r->arena, "%s%s", TICKET_NUMBER_PREFIX, s), n = strlen(s);
	return ticket_number_parse(s, n, out);
}

/* Does any email identity of customer_id equal email? Every candidate is compared, by the
 * SHA-256 of each side with sodium_memcmp, so the time taken does not depend on where (or
 * whether) the two differ. With no customer the same work is done against a dummy. */
static bool email_matches(struct db *db, struct arena *a, int64_t customer_id, const char *email)
{
	unsigned char want[crypto_hash_sha256_BYTES], have[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(want, (const unsigned char *)email, strlen(email));
	struct customer_row c;
	bool found = customer_id && store_customer_get(db, a, customer_id, &c);
	int hits = 0, compared = 0;
	for (size_t i = 0; found && i < c.n_identities; i++) {
		if (strcmp(c.identities[i].kind, "email"))
			continue;
		const char *v = c.identities[i].value;
		crypto_hash_sha256(have, (const unsigned char *)v, strlen(v));
		hits |= sodium_memcmp(want, have, sizeof want) == 0;
		compared++;
	}
	if (!compared) { /* the same work, and no match */
		static const char dummy[] = "nobody@invalid.invalid";
		crypto_hash_sha256(have, (const unsigned char *)dummy, sizeof dummy - 1);
		int ignored = sodium_memcmp(want, have, sizeof want);
		(void)ignored;
	}
	return hits != 0;
}

/* The ticket behind number that the requester may see: merges followed while the survivor is
 * the same customer's; escalations (internal cases) never. */
static bool lookup_ticket(struct db *db, struct arena *a, int64_t number, struct ticket_row *t)
{
	if (!store_ticket_get_by_number(db, a, number, t) || store_ticket_is_escalation(db, t->id))
		return false;
	for (int hop = 0; t->merged_into_id && hop < 5; hop++) {
		struct ticket_row s;
		if (!store_ticket_get(db, a, t->merged_into_id, &s) ||
		    s.customer_id != t->customer_id || store_ticket_is_escalation(db, s.id))
			break;
		*t = s;
	}
	return true;
}

static json_t *public_messages(struct db *db, struct arena *a, const struct ticket_row *t)
{
	struct message_row *rows;
	size_t n = store_message_list(db, a, t->id, 0, HELP_MESSAGES_MAX, &rows);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		const struct message_row *m = &rows[i];
		bool reply = !strcmp(m->kind, "reply"), mine = !strcmp(m->kind, "customer");
		if (!reply && !mine)
			continue; /* notes and system lines are the desk's own */
		size_t len = strlen(m->body);
		/* the new text of a mail, without the quoted history */
		if (m->fold_at > 0 && (size_t)m->fold_at < len)
			len = (size_t)m->fold_at;
		json_t *author = reply ? json_pack("{s:s, s:o}", "type", "agent", "name",
		                                   m->author_name && *m->author_name
		                                       ? json_string(m->author_name)
		                                       : json_null())
		                       : json_pack("{s:s}", "type", "customer");
		json_array_append_new(arr, json_pack("{s:I, s:s, s:o, s:s%, s:o}", "id",
		                                     (json_int_t)m->id, "kind", m->kind, "author",
		                                     author, "body", m->body, len, "created_at",
		                                     json_time(m->created_at)));
	}
	return arr;
}

void h_help_request_lookup(struct request *r)
{
	const char *client = http_client_key(r);
	int64_t now = clock_now_ms();
	int wait = rate_limit_check(&lookup_failures, client, strlen(client), now);
	if (!wait)
		wait = rate_limit_hit(&lookup_by_address, client, strlen(client), now);
	if (wait) {
		answer_limited(r, wait, "too many lookups from this address; try again later");
		return;
	}
	json_t *in = http_body_json(r, lookup_fields);
	if (!in)
		return;
	int64_t number;
	char *email = arena_strdup(&r->arena, json_str(in, "email"));
	for (char *p = email; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (!number_parse(r, json_str(in, "number"), &number)) {
		http_error(r, 422, "invalid_value", "number looks like EXD-100012", "number");
		goto out;
	}
	if (!validate_email(email, strlen(email))) {
		http_error(r, 422, "invalid_value", "email is not an email address", "email");
		goto out;
	}
	struct db *db = store_reader(r->store);
	struct ticket_row t;
	bool have = lookup_ticket(db, &r->arena, number, &t);
	bool match = email_matches(db, &r->arena, have ? t.customer_id : 0, email) && have;
	if (!match) {
		rate_limit_count(&lookup_failures, client, strlen(client), now);
		http_error(r, 404, "not_found", "no request has this number and email", NULL);
		goto out;
	}
	char num[TICKET_NUMBER_MAX], asked[TICKET_NUMBER_MAX];
	ticket_number_format(t.number, num);
	ticket_number_format(number, asked);
	json_t *req = json_pack(
	    "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o}", "number", num, "subject", t.subject,
	    "status", t.status, "created_at", json_time(t.created_at), "updated_at",
	    json_time(t.updated_at), "solved_at", json_time(t.solved_at), "closed_at",
	    json_time(t.closed_at), "messages", public_messages(db, &r->arena, &t));
	if (strcmp(num, asked))
		json_object_set_new(req, "merged_from", json_string(asked));
	http_header(r, "Cache-Control", "no-store");
	http_json(r, 200, json_pack("{s:o}", "request", req));
out:
	json_decref(in);
}
