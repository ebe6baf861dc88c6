/* scam_list.c — see scam_list.h.
 *
 * Two passes over the text: the first counts the lines that may hold an entry, so the table is
 * one allocation of its final bound and a file over the limits is refused before anything is
 * built; the second parses each line into the table. Then one sort by (key network, address,
 * strongest category, line) puts each address's winning line first, and duplicates collapse in
 * a single walk. Lookups are a binary search over the same order. */
#include "core/scam_list.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/utf8.h"

static const char *const category_codes[] = {
    [SCAM_LIST_PHISHING] = "phishing",
    [SCAM_LIST_SCAM] = "scam",
    [SCAM_LIST_SANCTIONS] = "sanctions",
};

const char *scam_list_category_code(enum scam_list_category c)
{
	if ((unsigned)c >= sizeof category_codes / sizeof category_codes[0])
		return NULL;
	return category_codes[c];
}

const char *scam_list_strerror(enum scam_list_err e)
{
	switch (e) {
	case SCAM_LIST_OK:
		return "list loaded";
	case SCAM_LIST_ERR_LINES:
		return "some lines were refused; the others were loaded";
	case SCAM_LIST_ERR_TOO_LARGE:
		return "list file larger than 64 MiB: nothing loaded";
	case SCAM_LIST_ERR_TOO_MANY:
		return "more than 1,000,000 entries: nothing loaded";
	}
	return "unknown list error";
}

struct line_info {
	const char *code, *text;
};

static const struct line_info line_infos[] = {
    [SCAM_LINE_TOO_LONG] = {"too_long", "line longer than 1024 bytes"},
    [SCAM_LINE_BAD_UTF8] = {"bad_utf8", "not valid UTF-8"},
    [SCAM_LINE_CONTROL_CHAR] = {"control_char", "contains a control character"},
    [SCAM_LINE_FIELDS] = {"fields",
                          "not exactly four comma-separated fields (network,address,source,label)"},
    [SCAM_LINE_QUOTE] = {"quote", "a double quote that does not open or close a field"},
    [SCAM_LINE_NETWORK] = {"network", "unknown network"},
    [SCAM_LINE_ADDRESS] = {"address", "not a valid mainnet address of that network"},
    [SCAM_LINE_SOURCE] = {"source",
                          "source must be sanctions, scam or phishing, optionally followed by "
                          "':' and a name of letters, digits, '.', '_' or '-'"},
    [SCAM_LINE_LABEL] = {"label", "label longer than 256 bytes or containing a tab"},
};

const char *scam_list_line_strerror(enum scam_list_line_err e)
{
	if ((unsigned)e >= sizeof line_infos / sizeof line_infos[0])
		return "unknown line error";
	return line_infos[e].text;
}

const char *scam_list_line_code(enum scam_list_line_err e)
{
	if ((unsigned)e >= sizeof line_infos / sizeof line_infos[0])
		return "unknown";
	return line_infos[e].code;
}

/* ------------------------------------------------------------------ keys */

/* The network an entry is filed under: every EVM chain under ETH, because one text is one key
 * on all of them (address_same_format both ways), so a listed ETH address is found on BSC. */
static enum address_network key_net(enum address_network net)
{
	if (net != ADDRESS_NET_ETH && address_same_format(net, ADDRESS_NET_ETH) &&
	    address_same_format(ADDRESS_NET_ETH, net))
		return ADDRESS_NET_ETH;
	return net;
}

static int key_cmp(enum address_network an, const char *a, size_t alen, enum address_network bn,
                   const char *b, size_t blen)
{
	int c;

	if (key_net(an) != key_net(bn))
		return key_net(an) < key_net(bn) ? -1 : 1;
	c = memcmp(a, b, alen < blen ? alen : blen);
	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Same key first, then the line that should represent it: strongest category, earliest line.
 * Lines are unique, so the order is total and qsort's instability cannot show. */
static int entry_cmp(const void *pa, const void *pb)
{
	const struct scam_list_entry *a = pa, *b = pb;
	int c = key_cmp(a->net, a->address, a->address_len, b->net, b->address, b->address_len);

	if (c != 0)
		return c;
	if (a->category != b->category)
		return a->category > b->category ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* ------------------------------------------------------------------ one line */

struct field {
	char buf[SCAM_LIST_MAX_LINE + 1];
	size_t len;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* RFC 4180 fields without embedded line breaks. Blanks around a field (outside its quotes) are
 * dropped. Returns the number of fields found (stopping past 4), or -1 on a misplaced quote. */
static int split_fields(const char *s, size_t n, struct field f[4])
{
	size_t i = 0;
	int k = 0;

	for (;;) {
		struct field *cur = k < 4 ? &f[k] : NULL;
		size_t start, end;

		while (i < n && is_blank(s[i]))
			i++;
		if (cur != NULL)
			cur->len = 0;
		if (i < n && s[i] == '"') {
			i++;
			for (;;) {
				if (i == n)
					return -1; /* unterminated */
				if (s[i] == '"') {
					if (i + 1 < n && s[i + 1] == '"') {
						if (cur != NULL)
							cur->buf[cur->len++] = '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (cur != NULL)
					cur->buf[cur->len++] = s[i];
				i++;
			}
			while (i < n && is_blank(s[i]))
				i++;
			if (i < n && s[i] != ',')
				return -1; /* text after the closing quote */
		} else {
			start = i;
			while (i < n && s[i] != ',') {
				if (s[i] == '"')
					return -1; /* a quote inside an unquoted field */
				i++;
			}
			end = i;
			while (end > start && is_blank(s[end - 1]))
				end--;
			if (cur != NULL) {
				memcpy(cur->buf, s + start, end - start);
				cur->len = end - start;
			}
		}
		if (cur != NULL)
			cur->buf[cur->len] = '\0';
		k++;
		if (i == n || k > 4)
			return k;
		i++; /* the comma */
	}
}

/* C0 controls except the tab between fields, DEL, and the C1 range (U+0080..U+009F, which is
 * 0xC2 0x80..0x9F in UTF-8). The text is valid UTF-8 here. */
static bool has_control(const char *s, size_t n, bool allow_tab)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && !(allow_tab && c == '\t')) || c == 0x7f)
			return true;
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9f)
			return true;
	}
	return false;
}

static bool parse_source(const char *s, size_t n, enum scam_list_category *cat)
{
	size_t clen = 0;

	if (n == 0 || n > SCAM_LIST_MAX_SOURCE)
		return false;
	while (clen < n && s[clen] != ':')
		clen++;
	if (clen == 9 && strncasecmp(s, "sanctions", 9) == 0)
		*cat = SCAM_LIST_SANCTIONS;
	else if (clen == 4 && strncasecmp(s, "scam", 4) == 0)
		*cat = SCAM_LIST_SCAM;
	else if (clen == 8 && strncasecmp(s, "phishing", 8) == 0)
		*cat = SCAM_LIST_PHISHING;
	else
		return false;
	if (clen == n)
		return true;
	if (clen + 1 == n) /* "scam:" names nothing */
		return false;
	for (size_t i = clen + 1; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool is_header(const struct field f[4])
{
	static const char *const names[4] = {"network", "address", "source", "label"};

	for (int i = 0; i < 4; i++)
		if (f[i].len != strlen(names[i]) || strcasecmp(f[i].buf, names[i]) != 0)
			return false;
	return true;
}

enum line_rc { LINE_ENTRY, LINE_SKIP, LINE_ERROR };

struct parser {
	struct arena *arena;
	struct field f[4];
	bool header_allowed; /* no entry or error line seen yet */
};

/* Parses one line (without its line end). On LINE_ERROR *err and *arc say why. */
static enum line_rc parse_line(struct parser *p, const char *s, size_t n, size_t line_no,
                               struct scam_list_entry *e, enum scam_list_line_err *err,
                               enum address_rc *arc)
{
	struct address_result r;
	enum address_network net;
	enum scam_list_category cat;
	size_t i = 0;
	int k;

	*arc = ADDRESS_OK;
	while (i < n && is_blank(s[i]))
		i++;
	if (i == n || s[i] == '#')
		return LINE_SKIP;
	if (n > SCAM_LIST_MAX_LINE)
		*err = SCAM_LINE_TOO_LONG;
	else if (!utf8_valid(s, n, true)) /* NUL is a control character, reported as such */
		*err = SCAM_LINE_BAD_UTF8;
	else if (has_control(s, n, true))
		*err = SCAM_LINE_CONTROL_CHAR;
	else if ((k = split_fields(s, n, p->f)) < 0)
		*err = SCAM_LINE_QUOTE;
	else if (k != 4)
		*err = SCAM_LINE_FIELDS;
	else if (p->header_allowed && is_header(p->f)) {
		p->header_allowed = false;
		return LINE_SKIP;
	} else if (!address_network_parse(p->f[0].buf, p->f[0].len, &net))
		*err = SCAM_LINE_NETWORK;
	else if ((*arc = address_check(net, p->f[1].buf, p->f[1].len, NULL, 0, &r)) != ADDRESS_OK)
		*err = SCAM_LINE_ADDRESS;
	else if (!parse_source(p->f[2].buf, p->f[2].len, &cat))
		*err = SCAM_LINE_SOURCE;
	else if (p->f[3].len > SCAM_LIST_MAX_LABEL || has_control(p->f[3].buf, p->f[3].len, false))
		*err = SCAM_LINE_LABEL; /* quotes can carry a tab the line check let through */
	else {
		p->header_allowed = false;
		e->net = net;
		e->category = cat;
		e->address = arena_strndup(p->arena, r.normalized, r.normalized_len);
		e->address_len = r.normalized_len;
		e->source = arena_strndup(p->arena, p->f[2].buf, p->f[2].len);
		e->label = arena_strndup(p->arena, p->f[3].buf, p->f[3].len);
		e->line = line_no;
		e->times = 1;
		return LINE_ENTRY;
	}
	p->header_allowed = false;
	return LINE_ERROR;
}

/* ------------------------------------------------------------------ the file */

/* The line starting at pos ends at *end (its "\n" or "\r\n" excluded); returns where the next
 * one starts. */
static size_t next_line(const char *text, size_t len, size_t pos, size_t *end)
{
	const char *nl = memchr(text + pos, '\n', len - pos);
	size_t e = nl != NULL ? (size_t)(nl - text) : len;
	size_t next = nl != NULL ? e + 1 : len;

	if (e > pos && text[e - 1] == '\r')
		e--;
	*end = e;
	return next;
}

static bool maybe_entry(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank(s[i]))
		i++;
	return i < n && s[i] != '#';
}

enum scam_list_err scam_list_parse(struct scam_list *l, struct arena *a, const char *text,
                                   size_t len, struct scam_list_line_error *errors,
                                   size_t errors_cap)
{
	struct scam_list_entry *v;
	struct parser *p;
	size_t pos, end, bound = 0, n = 0, line = 0;

	memset(l, 0, sizeof *l);
	if (text == NULL)
		len = 0;
	if (len > SCAM_LIST_MAX_BYTES)
		return SCAM_LIST_ERR_TOO_LARGE;
	pos = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	for (size_t q = pos; q < len;) {
		size_t nx = next_line(text, len, q, &end);
		bound += maybe_entry(text + q, end - q);
		q = nx;
	}
	if (bound > SCAM_LIST_MAX_ENTRIES)
		return SCAM_LIST_ERR_TOO_MANY;

	v = arena_alloc(a, (bound ? bound : 1) * sizeof *v);
	p = arena_alloc(a, sizeof *p); /* 4 KiB of field buffers: not on the stack */
	p->arena = a;
	p->header_allowed = true;
	while (pos < len) {
		enum scam_list_line_err err = SCAM_LINE_FIELDS;
		enum address_rc arc;
		size_t nx = next_line(text, len, pos, &end);

		line++;
		switch (parse_line(p, text + pos, end - pos, line, &v[n], &err, &arc)) {
		case LINE_ENTRY:
			n++;
			break;
		case LINE_SKIP:
			break;
		case LINE_ERROR:
			if (l->errors < errors_cap)
				errors[l->errors] = (struct scam_list_line_error){line, err, arc};
			l->errors++;
			break;
		}
		pos = nx;
	}
	l->lines = line;

	qsort(v, n, sizeof *v, entry_cmp);
	size_t w = 0;
	for (size_t r = 0; r < n; r++) {
		if (w > 0 && key_cmp(v[w - 1].net, v[w - 1].address, v[w - 1].address_len, v[r].net,
		                     v[r].address, v[r].address_len) == 0) {
			v[w - 1].times++;
			l->duplicates++;
			continue;
		}
		v[w++] = v[r];
	}
	l->entries = v;
	l->n = w;
	return l->errors ? SCAM_LIST_ERR_LINES : SCAM_LIST_OK;
}

const struct scam_list_entry *scam_list_lookup(const struct scam_list *l, enum address_network net,
                                               const char *normalized, size_t len)
{
	size_t lo = 0, hi;

	if (l == NULL || normalized == NULL || (unsigned)net >= ADDRESS_NET_COUNT)
		return NULL;
	hi = l->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct scam_list_entry *e = &l->entries[mid];
		int c = key_cmp(e->net, e->address, e->address_len, net, normalized, len);

		if (c == 0)
			return e;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct scam_list_entry *scam_list_lookup_text(const struct scam_list *l,
                                                    enum address_network net, const char *text,
                                                    size_t len)
{
	struct address_result r;

	if ((unsigned)net >= ADDRESS_NET_COUNT ||
	    address_check(net, text, len, NULL, 0, &r) != ADDRESS_OK)
		return NULL;
	return scam_list_lookup(l, net, r.normalized, r.normalized_len);
}
