/* incident.c — see incident.h. */
#include "core/incident.h"

#include <string.h>

static const char *const status_names[] = {"investigating", "identified", "monitoring", "resolved"};

const char *incident_status_name(enum incident_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "investigating";
}

bool incident_status_parse(const char *s, enum incident_status *out)
{
	for (int i = 0; s && i < 4; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum incident_status)i;
			return true;
		}
	return false;
}

bool incident_product_valid(const char *s, size_t len)
{
	if (!s || len == 0 || len > INCIDENT_MAX_PRODUCT)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The desk's ticket categories (migration 001) by the products exchanges name in incidents. */
static const struct {
	const char *product, *category;
} product_categories[] = {
    {"spot", "trading"},
    {"trading", "trading"},
    {"convert", "trading"},
    {"futures", "futures"},
    {"margin", "futures"},
    {"options", "futures"},
    {"derivatives", "futures"},
    {"p2p", "p2p"},
    {"deposit", "deposit"},
    {"deposits", "deposit"},
    {"withdrawal", "withdrawal"},
    {"withdrawals", "withdrawal"},
    {"account", "account"},
    {"login", "account"},
    {"kyc", "kyc"},
    {"security", "security"},
    {"recovery", "recovery"},
};

const char *incident_product_category(const char *product)
{
	for (size_t i = 0; product && i < sizeof product_categories / sizeof product_categories[0];
	     i++)
		if (strcmp(product, product_categories[i].product) == 0)
			return product_categories[i].category;
	return NULL;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* needle in hay, ASCII letters without regard to case; other bytes (all of UTF-8's multi-byte
 * sequences) as they are, so a CJK keyword matches exactly. */
static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!hay || n == 0)
		return false;
	for (const char *p = hay; *p; p++) {
		size_t i = 0;
		while (i < n && p[i] && lower(p[i]) == lower(needle[i]))
			i++;
		if (i == n)
			return true;
	}
	return false;
}

static bool has_tag(const struct incident_ticket_view *t, const char *tag)
{
	for (size_t i = 0; tag && i < t->n_tags; i++)
		if (strcmp(t->tags[i], tag) == 0)
			return true;
	return false;
}

bool incident_rule_matches(const struct incident_rule *rule, const struct incident_ticket_view *t)
{
	if (t->created_at < rule->starts_at)
		return false;
	if (rule->ends_at && t->created_at > rule->ends_at + INCIDENT_LINK_GRACE_MS)
		return false;
	for (size_t i = 0; i < rule->n_products; i++) {
		const char *p = rule->products[i], *cat = incident_product_category(p);
		if ((cat && t->category && strcmp(cat, t->category) == 0) || has_tag(t, p) ||
		    has_tag(t, cat))
			return true;
	}
	for (size_t i = 0; i < rule->n_keywords; i++)
		if (contains_ci(t->subject, rule->keywords[i]) ||
		    contains_ci(t->body, rule->keywords[i]))
			return true;
	return false;
}

/* ---- compensation lists ---- */

static void add_error(struct arena *a, struct comp_list *out, int line, const char *field,
                      const char *message)
{
	out->errors_total++;
	if (out->n_errors >= COMP_MAX_ERRORS)
		return;
	if (!out->errors)
		out->errors = arena_alloc(a, COMP_MAX_ERRORS * sizeof *out->errors);
	out->errors[out->n_errors++] = (struct comp_error){line, field, arena_strdup(a, message)};
}

static bool uid_valid(const char *s, size_t n)
{
	if (n == 0 || n > COMP_MAX_UID)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool asset_valid(const char *s, size_t n)
{
	if (n == 0 || n > COMP_MAX_ASSET)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* No C0 controls, DEL or C1 controls (U+0080..U+009F, bytes C2 80..C2 9F). */
static bool text_clean(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9f)
			return false;
	}
	return true;
}

#define CSV_FIELDS 4

/* Splits one line (without its line end) into fields; unquotes into the arena. Returns the
 * field count (more than CSV_FIELDS is reported as CSV_FIELDS + 1), or -1 for a broken quote. */
static int split_line(struct arena *a, const char *s, size_t n, const char *f[CSV_FIELDS],
                      size_t flen[CSV_FIELDS])
{
	int k = 0;
	size_t i = 0;
	for (;;) {
		char *buf = arena_alloc(a, n + 1);
		size_t bl = 0;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i >= n)
					return -1; /* unterminated */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						buf[bl++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				buf[bl++] = s[i++];
			}
			if (i < n && s[i] != ',')
				return -1; /* text after the closing quote */
		} else {
			while (i < n && s[i] != ',') {
				if (s[i] == '"')
					return -1; /* a quote inside an unquoted field */
				buf[bl++] = s[i++];
			}
		}
		if (k < CSV_FIELDS) {
			f[k] = buf;
			flen[k] = bl;
		}
		k++;
		if (i >= n)
			break;
		i++; /* the comma */
	}
	return k > CSV_FIELDS ? CSV_FIELDS + 1 : k;
}

static void add_total(struct arena *a, struct comp_list *out, size_t cap, const char *asset,
                      struct amount v, int line)
{
	for (size_t i = 0; i < out->n_totals; i++)
		if (strcmp(out->totals[i].asset, asset) == 0) {
			if (!amount_add(out->totals[i].sum, v, &out->totals[i].sum))
				add_error(a, out, line, "amount",
				          "the total of this asset is too large");
			out->totals[i].rows++;
			return;
		}
	if (out->n_totals < cap)
		out->totals[out->n_totals++] = (struct comp_total){asset, v, 1};
}

bool comp_list_parse(struct arena *a, const char *csv, size_t len, struct comp_list *out)
{
	memset(out, 0, sizeof *out);
	size_t cap = 64, tcap = 64, pos = 0;
	out->rows = arena_alloc(a, cap * sizeof *out->rows);
	out->totals = arena_alloc(a, tcap * sizeof *out->totals);
	if (len >= 3 && memcmp(csv, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	int line = 0;
	bool blank_seen = false;
	int blank_line = 0;
	while (pos < len) {
		line++;
		size_t end = pos;
		while (end < len && csv[end] != '\n')
			end++;
		size_t n = end - pos;
		if (n && csv[pos + n - 1] == '\r')
			n--;
		const char *s = csv + pos;
		pos = end < len ? end + 1 : end;
		if (line == 1) {
			if (!(n == 23 && memcmp(s, "uid,asset,amount,reason", 23) == 0))
				add_error(a, out, 1, "header",
				          "the first line must be exactly uid,asset,amount,reason");
			continue;
		}
		if (n == 0) {
			if (!blank_seen)
				blank_line = line;
			blank_seen = true;
			continue;
		}
		if (blank_seen) {
			add_error(a, out, blank_line, "line",
			          "an empty line before the end of the list");
			blank_seen = false;
		}
		if (out->n_rows + out->errors_total >= COMP_MAX_ROWS) {
			add_error(a, out, line, "line", "a list holds at most 10000 rows");
			break;
		}
		const char *f[CSV_FIELDS];
		size_t fl[CSV_FIELDS];
		int k = split_line(a, s, n, f, fl);
		if (k < 0) {
			add_error(a, out, line, "line",
			          "a double quote out of place (quote a whole field, "
			          "and write \"\" for a quote inside it)");
			continue;
		}
		if (k != CSV_FIELDS) {
			add_error(
			    a, out, line, "line",
			    "a line has four fields: uid,asset,amount,reason (quote a reason that "
			    "holds a comma)");
			continue;
		}
		bool ok = true;
		if (!uid_valid(f[0], fl[0])) {
			add_error(a, out, line, "uid", "uid is 1-64 of A-Z a-z 0-9 . _ -");
			ok = false;
		}
		if (!asset_valid(f[1], fl[1])) {
			add_error(a, out, line, "asset", "asset is 1-20 of A-Z 0-9 (USDT, BTC)");
			ok = false;
		}
		struct amount v;
		enum amount_rc arc = amount_parse(f[2], fl[2], AMOUNT_SCALE, &v);
		if (arc != AMOUNT_OK) {
			add_error(a, out, line, "amount",
			          arena_printf(a, "amount: %s", amount_strerror(arc)));
			ok = false;
		} else if (amount_is_zero(v)) {
			add_error(a, out, line, "amount", "amount must be more than zero");
			ok = false;
		}
		size_t rl = fl[3];
		if (rl == 0 || rl > COMP_MAX_REASON) {
			add_error(a, out, line, "reason", "reason is 1-500 bytes");
			ok = false;
		} else if (!text_clean(f[3], rl)) {
			add_error(a, out, line, "reason",
			          "reason must not hold control characters");
			ok = false;
		}
		if (!ok)
			continue;
		const char *uid = arena_strndup(a, f[0], fl[0]);
		bool dup = false;
		for (size_t i = 0; i < out->n_rows && !dup; i++)
			if (strcmp(out->rows[i].uid, uid) == 0) {
				add_error(a, out, line, "uid",
				          arena_printf(
				              a,
				              "uid %s is already on line %d: the exchange pays one "
				              "compensation per incident and user",
				              uid, out->rows[i].line));
				dup = true;
			}
		if (dup)
			continue;
		if (out->n_rows == cap) {
			struct comp_row *bigger = arena_alloc(a, cap * 2 * sizeof *bigger);
			memcpy(bigger, out->rows, cap * sizeof *bigger);
			out->rows = bigger;
			cap *= 2;
		}
		char text[AMOUNT_TEXT_MAX];
		amount_format(v, text);
		struct comp_row *r = &out->rows[out->n_rows++];
		*r = (struct comp_row){line,
		                       uid,
		                       arena_strndup(a, f[1], fl[1]),
		                       arena_strdup(a, text),
		                       arena_strndup(a, f[3], rl),
		                       v};
		if (out->n_totals == tcap) {
			struct comp_total *bigger = arena_alloc(a, tcap * 2 * sizeof *bigger);
			memcpy(bigger, out->totals, tcap * sizeof *bigger);
			out->totals = bigger;
			tcap *= 2;
		}
		add_total(a, out, tcap, r->asset, v, line);
	}
	if (line == 0)
		add_error(a, out, 1, "header",
		          "the list is empty: the first line must be "
		          "uid,asset,amount,reason");
	else if (out->n_rows == 0 && out->errors_total == 0)
		add_error(a, out, 2, "line", "the list has no rows");
	return out->errors_total == 0;
}
