/* mail_html.c — see mail_html.h. Both conversions walk the parse tree without recursion (libxml2
 * keeps parent links), so a mail nested ten thousand elements deep costs time, never the stack. */
#include "channels/mail_html.h"

#include "channels/mail_charset.h"

#include <limits.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

/* Nested lists beyond this are numbered and indented like the deepest one kept. */
#define LIST_DEPTH 16
/* Link texts remembered to decide whether to print the URL after them. */
#define LINK_DEPTH 8
#define HREF_MAX   2048

void mail_html_init(void)
{
	xmlInitParser();
}

static xmlDocPtr parse(const char *html, size_t len)
{
	/* The bytes are UTF-8 already: a <meta charset> inside must not make libxml2 decode them
	 * a second time. */
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	           HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;

	if (len == 0)
		return NULL;
	if (len > INT_MAX)
		len = INT_MAX;
	return htmlReadMemory(html, (int)len, NULL, "UTF-8", opts);
}

static const char *name_of(const xmlNode *n)
{
	return n->name != NULL ? (const char *)n->name : "";
}

static bool name_in(const char *name, const char *const *set)
{
	for (size_t i = 0; set[i] != NULL; i++)
		if (g_ascii_strcasecmp(name, set[i]) == 0)
			return true;
	return false;
}

/* Elements whose content is never text for a reader. */
static const char *const dropped[] = {
    "script",   "style",   "head",   "title",    "meta",     "link",   "base",
    "template", "iframe",  "frame",  "frameset", "object",   "embed",  "applet",
    "svg",      "math",    "canvas", "audio",    "video",    "source", "track",
    "select",   "input",   "option", "optgroup", "textarea", "img",    "map",
    "area",     "picture", "param",  "noembed",  "xml",      NULL,
};

typedef bool (*enter_fn)(void *ctx, xmlNode *n);
typedef void (*leave_fn)(void *ctx, xmlNode *n);

/* Depth-first over first and its following siblings: enter() says whether to go inside; leave()
 * is called for every node entered. */
static void walk(xmlNode *first, enter_fn enter, leave_fn leave, void *ctx)
{
	xmlNode *top = first != NULL ? first->parent : NULL, *n = first;

	while (n != NULL) {
		if (enter(ctx, n) && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			leave(ctx, n);
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == top) {
				n = NULL;
				break;
			}
		}
	}
}

/* The href a link may keep: http, https or mailto, nothing hidden in it. NULL otherwise; free
 * with xmlFree. */
static xmlChar *safe_href(xmlNode *n)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"href");
	const char *s;
	size_t len;

	if (v == NULL)
		return NULL;
	s = (const char *)v;
	len = strlen(s);
	/* Browsers drop tabs and newlines inside a URL ("java\tscript:"), so any control
	 * character, or a space before the scheme ends, refuses the link. */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || (s[i] == ' ' && i < 8))
			goto refuse;
	if (len > HREF_MAX)
		goto refuse;
	if (g_ascii_strncasecmp(s, "http://", 7) == 0 ||
	    g_ascii_strncasecmp(s, "https://", 8) == 0 || g_ascii_strncasecmp(s, "mailto:", 7) == 0)
		return v;
refuse:
	xmlFree(v);
	return NULL;
}

/* The input is clean, so a C1 control in the tree came from a numeric reference such as
 * "&#150;": browsers read those as windows-1252, and so do we. NULL for the five it leaves
 * undefined, and the caller drops them. */
static const char *c1_as_cp1252(unsigned char second)
{
	static const char *const map[32] = {
	    "€",  NULL, "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", NULL, "Ž", NULL,
	    NULL, "‘",  "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", NULL, "ž", "Ÿ",
	};
	return map[second - 0x80];
}

/* ---- text ---- */

struct tx {
	GString *out;
	size_t max;
	bool full;
	unsigned want_nl;  /* line breaks owed before the next text */
	unsigned trail_nl; /* line breaks the output ends with */
	bool line_empty;   /* nothing but a quote prefix on the current line */
	bool space;        /* collapsed whitespace owed before the next text */
	unsigned quote;    /* blockquote depth */
	unsigned pre;      /* inside <pre> */
	unsigned lists;    /* list depth */
	bool ordered[LIST_DEPTH];
	unsigned counter[LIST_DEPTH];
	unsigned links;
	size_t link_start[LINK_DEPTH];
};

static const char *const paragraphs[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "table", NULL,
};
static const char *const blocks[] = {
    "div",        "tr",    "dt",       "dd",     "section", "article", "header",
    "footer",     "nav",   "aside",    "main",   "address", "center",  "figure",
    "figcaption", "form",  "fieldset", "legend", "details", "summary", "caption",
    "thead",      "tbody", "tfoot",    "dl",     "body",    "html",    NULL,
};

static void tx_put(struct tx *t, const char *s, size_t n)
{
	if (t->full)
		return;
	if (t->out->len + n > t->max) {
		t->full = true;
		return;
	}
	g_string_append_len(t->out, s, (gssize)n);
	for (size_t i = 0; i < n; i++)
		t->trail_nl = s[i] == '\n' ? t->trail_nl + 1 : 0;
}

/* Pays the line breaks owed and, at the start of a line, the quote prefix. */
static void tx_begin(struct tx *t)
{
	if (t->out->len > 0)
		while (t->trail_nl < t->want_nl && !t->full) {
			tx_put(t, "\n", 1);
			t->line_empty = true;
		}
	t->want_nl = 0;
	if (t->out->len == 0)
		t->line_empty = true;
	if (t->line_empty) {
		for (unsigned i = 0; i < t->quote; i++)
			tx_put(t, "> ", 2);
		t->line_empty = false;
		t->space = false;
	}
}

static void tx_want(struct tx *t, unsigned n)
{
	if (t->want_nl < n)
		t->want_nl = n;
	t->space = false;
}

static void tx_text(struct tx *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !t->full;) {
		unsigned char c = (unsigned char)s[i];
		size_t k = 1;

		if (t->pre > 0 && c == '\n') {
			tx_begin(t);
			tx_put(t, "\n", 1);
			t->line_empty = true;
			i++;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			if (t->pre > 0) {
				tx_begin(t);
				tx_put(t, s + i, 1);
			} else {
				t->space = true;
			}
			i++;
			continue;
		}
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0 && t->pre == 0) {
			t->space = true; /* &nbsp; */
			i += 2;
			continue;
		}
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xa0) {
			const char *rep = c1_as_cp1252((unsigned char)s[i + 1]);
			i += 2;
			if (rep != NULL)
				tx_text(t, rep, strlen(rep));
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			i++; /* "&#1;" */
			continue;
		}
		if (c >= 0xc0)
			while (i + k < n && ((unsigned char)s[i + k] & 0xc0) == 0x80)
				k++;
		if (t->want_nl > 0 && t->out->len > 0)
			t->space = false;
		tx_begin(t);
		if (t->space && !t->line_empty && t->trail_nl == 0)
			tx_put(t, " ", 1);
		t->space = false;
		tx_put(t, s + i, k);
		i += k;
	}
}

static void tx_item(struct tx *t)
{
	char mark[32];
	unsigned level = t->lists > 0 ? t->lists : 1;
	unsigned slot = (level > LIST_DEPTH ? LIST_DEPTH : level) - 1;

	tx_want(t, 1);
	tx_begin(t);
	for (unsigned i = 1; i < level && i < LIST_DEPTH; i++)
		tx_put(t, "  ", 2);
	if (t->lists > 0 && t->ordered[slot])
		g_snprintf(mark, sizeof mark, "%u. ", ++t->counter[slot]);
	else
		g_strlcpy(mark, "- ", sizeof mark);
	tx_put(t, mark, strlen(mark));
	t->space = false;
}

static bool tx_enter(void *ctx, xmlNode *n)
{
	struct tx *t = ctx;
	const char *name = name_of(n);

	if (t->full)
		return false;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			tx_text(t, (const char *)n->content, strlen((const char *)n->content));
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || name_in(name, dropped))
		return false;
	if (strcmp(name, "br") == 0) {
		tx_begin(t);
		tx_put(t, "\n", 1);
		t->line_empty = true;
		t->space = false;
		return false;
	}
	if (strcmp(name, "li") == 0) {
		tx_item(t);
		return true;
	}
	if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0) {
		if (!t->line_empty && t->trail_nl == 0 && t->out->len > 0 && t->want_nl == 0)
			tx_put(t, "\t", 1);
		t->space = false;
		return true;
	}
	if (strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) {
		/* A list stands apart from the text around it; a nested one only from its item. */
		tx_want(t, t->lists == 0 ? 2 : 1);
		if (t->lists < LIST_DEPTH) {
			t->ordered[t->lists] = name[0] == 'o';
			t->counter[t->lists] = 0;
		}
		t->lists++;
	}
	if (strcmp(name, "blockquote") == 0) {
		tx_want(t, 2);
		t->quote++;
	}
	if (strcmp(name, "pre") == 0)
		t->pre++;
	if (strcmp(name, "a") == 0) {
		if (t->links < LINK_DEPTH)
			t->link_start[t->links] = t->out->len;
		t->links++;
	}
	if (name_in(name, paragraphs))
		tx_want(t, 2);
	else if (name_in(name, blocks))
		tx_want(t, 1);
	return true;
}

/* "text <url>" unless the text already shows the URL (or is empty: an image link). */
static void tx_link_end(struct tx *t, xmlNode *n)
{
	size_t start;
	xmlChar *href;
	const char *url;

	t->links--;
	if (t->links >= LINK_DEPTH || (href = safe_href(n)) == NULL)
		return;
	start = t->link_start[t->links];
	url = (const char *)href;
	if (g_ascii_strncasecmp(url, "mailto:", 7) == 0)
		url += 7;
	if (start < t->out->len && !t->full &&
	    memmem(t->out->str + start, t->out->len - start, url, strlen(url)) == NULL &&
	    g_ascii_strncasecmp((const char *)href, "mailto:", 7) != 0) {
		tx_put(t, " <", 2);
		tx_put(t, url, strlen(url));
		tx_put(t, ">", 1);
	}
	xmlFree(href);
}

static void tx_leave(void *ctx, xmlNode *n)
{
	struct tx *t = ctx;
	const char *name = name_of(n);

	if (n->type != XML_ELEMENT_NODE || name_in(name, dropped))
		return;
	if ((strcmp(name, "ul") == 0 || strcmp(name, "ol") == 0) && t->lists > 0) {
		t->lists--;
		tx_want(t, t->lists == 0 ? 2 : 1);
	}
	if (strcmp(name, "blockquote") == 0 && t->quote > 0)
		t->quote--;
	if (strcmp(name, "pre") == 0 && t->pre > 0)
		t->pre--;
	if (strcmp(name, "a") == 0 && t->links > 0)
		tx_link_end(t, n);
	if (name_in(name, paragraphs))
		tx_want(t, 2);
	else if (name_in(name, blocks) || strcmp(name, "li") == 0)
		tx_want(t, 1);
}

/* Line ends without trailing blanks, at most one empty line in a row, none at either end. */
static void tidy(GString *out, const GString *in, size_t max)
{
	const char *p = in->str, *end = in->str + in->len;
	unsigned blank_run = 0;
	bool any = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;
		size_t n = (size_t)(e - p), need;

		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 0) {
			blank_run++;
		} else {
			need = (any ? 1 + (blank_run > 0) : 0) + n;
			if (out->len + need > max) {
				/* Cut inside the line at a character boundary. */
				size_t room = max > out->len ? max - out->len : 0, k;
				if (room <= (size_t)(any ? 1 + (blank_run > 0) : 0))
					return;
				k = room - (any ? 1 + (blank_run > 0) : 0);
				while (k > 0 && ((unsigned char)p[k] & 0xc0) == 0x80)
					k--;
				n = k;
				need = 0;
			}
			if (any)
				g_string_append_c(out, '\n');
			if (any && blank_run > 0)
				g_string_append_c(out, '\n');
			g_string_append_len(out, p, (gssize)n);
			any = true;
			blank_run = 0;
			if (need == 0)
				return;
		}
		p = nl != NULL ? nl + 1 : end;
	}
}

/* ---- safe HTML ---- */

/* What the safe HTML keeps of an element: itself, another element in its place, or (NULL)
 * only its content. Anything not listed keeps only its content. */
struct keep {
	const char *in, *out;
};

/* clang-format off */
static const struct keep kept[] = {
	{"p", "p"}, {"br", "br"}, {"div", "div"}, {"span", "span"}, {"b", "b"},
	{"strong", "strong"}, {"i", "i"}, {"em", "em"}, {"u", "u"}, {"s", "s"},
	{"blockquote", "blockquote"}, {"pre", "pre"}, {"code", "code"}, {"ul", "ul"},
	{"ol", "ol"}, {"li", "li"}, {"h1", "h1"}, {"h2", "h2"}, {"h3", "h3"}, {"h4", "h4"},
	{"h5", "h5"}, {"h6", "h6"}, {"table", "table"}, {"thead", "thead"}, {"tbody", "tbody"},
	{"tfoot", "tbody"}, {"tr", "tr"}, {"td", "td"}, {"th", "th"}, {"hr", "hr"}, {"a", "a"},
	{"strike", "s"}, {"del", "s"}, {"ins", "u"}, {"tt", "code"}, {"kbd", "code"},
	{"samp", "code"}, {"center", "div"}, {"section", "div"}, {"article", "div"},
	{"header", "div"}, {"footer", "div"}, {"nav", "div"}, {"aside", "div"}, {"main", "div"},
	{"address", "div"}, {"figure", "div"}, {"figcaption", "div"}, {"details", "div"},
	{"summary", "div"}, {"dl", "div"}, {"dt", "div"}, {"dd", "div"}, {"caption", "div"},
	{"fieldset", "div"}, {"legend", "div"}, {"form", "div"},
};
/* clang-format on */

struct hx {
	GString *out;
	size_t max;
	bool full;
};

/* Marks, in a node's _private, that its start tag was written and needs its end tag. */
static char written;

static const char *kept_as(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kept); i++)
		if (strcmp(kept[i].in, name) == 0)
			return kept[i].out;
	return NULL;
}

static bool is_void(const char *tag)
{
	return strcmp(tag, "br") == 0 || strcmp(tag, "hr") == 0;
}

static void escape(GString *out, const char *s, size_t n, size_t max)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;

		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] < 0xa0) {
			rep = c1_as_cp1252((unsigned char)s[++i]);
			if (rep != NULL && out->len < max)
				g_string_append(out, rep);
			continue;
		}
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
			continue;
		switch (s[i]) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		}
		/* Stop at a character boundary once over the budget. */
		if (out->len >= max && ((unsigned char)s[i] & 0xc0) != 0x80)
			return;
		if (rep != NULL)
			g_string_append(out, rep);
		else
			g_string_append_c(out, s[i]);
	}
}

static bool hx_enter(void *ctx, xmlNode *n)
{
	struct hx *h = ctx;
	const char *name = name_of(n), *tag;

	if (h->full || h->out->len >= h->max) {
		h->full = true;
		return false;
	}
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (n->content != NULL)
			escape(h->out, (const char *)n->content, strlen((const char *)n->content),
			       h->max);
		return false;
	}
	if (n->type != XML_ELEMENT_NODE || name_in(name, dropped))
		return false;
	tag = kept_as(name);
	if (tag == NULL)
		return true;
	if (strcmp(tag, "a") == 0) {
		xmlChar *href = safe_href(n);
		if (href == NULL)
			return true;
		g_string_append(h->out, "<a href=\"");
		escape(h->out, (const char *)href, strlen((const char *)href), G_MAXSIZE);
		g_string_append(h->out, "\" rel=\"noopener noreferrer\">");
		xmlFree(href);
	} else {
		g_string_append_printf(h->out, "<%s>", tag);
		if (is_void(tag))
			return false;
	}
	n->_private = &written;
	return true;
}

static void hx_leave(void *ctx, xmlNode *n)
{
	struct hx *h = ctx;

	if (n->type != XML_ELEMENT_NODE || n->_private != &written)
		return;
	g_string_append_printf(h->out, "</%s>", kept_as(name_of(n)));
}

void mail_html_convert(const char *html, size_t len, GString *text_out, size_t text_max,
                       GString *html_out, size_t html_max)
{
	xmlDocPtr doc = parse(html, len);
	xmlNode *root = doc != NULL ? xmlDocGetRootElement(doc) : NULL;

	if (root == NULL)
		goto out;
	/* Both outputs pass mail_text_clean once more: whatever libxml2 made of a numeric reference
	 * to a surrogate or a control character, the promise of clean UTF-8 holds. */
	if (text_out != NULL && text_out->len < text_max) {
		struct tx t = {.out = g_string_new(NULL), .max = text_max - text_out->len};
		GString *tidied = g_string_new(NULL);
		walk(root, tx_enter, tx_leave, &t);
		tidy(tidied, t.out, text_max - text_out->len);
		mail_text_clean(text_out, tidied->str, tidied->len, text_max, false);
		g_string_free(tidied, TRUE);
		g_string_free(t.out, TRUE);
	}
	if (html_out != NULL) {
		struct hx h = {.out = g_string_new(NULL), .max = html_max};
		walk(root, hx_enter, hx_leave, &h);
		mail_text_clean(html_out, h.out->str, h.out->len, G_MAXSIZE, false);
		g_string_free(h.out, TRUE);
	}
out:
	if (doc != NULL)
		xmlFreeDoc(doc);
}

void mail_html_from_text(GString *out, const char *text, size_t len)
{
	const char *p = text != NULL ? text : "", *end = p + len;

	g_string_append(out, "<div>");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;
		escape(out, p, (size_t)(e - p), G_MAXSIZE);
		if (nl != NULL && nl + 1 < end)
			g_string_append(out, "<br>\n");
		p = nl != NULL ? nl + 1 : end;
	}
	g_string_append(out, "</div>");
}

/* Only the first bytes: a <meta> that matters comes before any content. */
#define META_SCAN 4096

bool mail_html_meta_charset(const char *bytes, size_t len, char *out, size_t cap)
{
	size_t n = len < META_SCAN ? len : META_SCAN;

	for (size_t i = 0; i + 5 < n; i++) {
		size_t end;
		if (bytes[i] != '<' || g_ascii_strncasecmp(bytes + i + 1, "meta", 4) != 0)
			continue;
		for (end = i + 5; end < n && bytes[end] != '>'; end++)
			;
		for (size_t j = i + 5; j + 7 < end; j++) {
			size_t k = j + 7, o = 0;
			if (g_ascii_strncasecmp(bytes + j, "charset", 7) != 0)
				continue;
			while (k < end && (bytes[k] == ' ' || bytes[k] == '\t'))
				k++;
			if (k >= end || bytes[k] != '=')
				continue;
			k++;
			while (k < end && (bytes[k] == ' ' || bytes[k] == '"' || bytes[k] == '\''))
				k++;
			while (k < end && o + 1 < cap && bytes[k] != '\0' &&
			       (g_ascii_isalnum(bytes[k]) || strchr("-_.:", bytes[k]) != NULL))
				out[o++] = bytes[k++];
			out[o] = '\0';
			if (o > 0)
				return true;
		}
	}
	return false;
}

/* ---- the promise, checked ---- */

static bool is_kept_output(const char *name, size_t n)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kept); i++)
		if (strlen(kept[i].out) == n && memcmp(kept[i].out, name, n) == 0)
			return true;
	return false;
}

/* The escapes escape() writes, and nothing else after '&'. */
static size_t entity_len(const char *s)
{
	static const char *const ok[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

	for (size_t i = 0; i < G_N_ELEMENTS(ok); i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0)
			return strlen(ok[i]);
	return 0;
}

bool mail_html_safe(const char *s)
{
	static const char rel[] = "\" rel=\"noopener noreferrer\">";

	while (*s != '\0') {
		const char *name;
		size_t n, e;
		bool closing;

		if (*s == '>')
			return false;
		if (*s == '&') {
			if ((e = entity_len(s)) == 0)
				return false;
			s += e;
			continue;
		}
		if (*s != '<') {
			s++;
			continue;
		}
		s++;
		closing = *s == '/';
		if (closing)
			s++;
		name = s;
		while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			s++;
		n = (size_t)(s - name);
		if (n == 0 || !is_kept_output(name, n))
			return false;
		if (closing || n != 1 || name[0] != 'a') {
			if (*s++ != '>')
				return false;
			continue;
		}
		if (strncmp(s, " href=\"", 7) != 0)
			return false;
		s += 7;
		if (g_ascii_strncasecmp(s, "http://", 7) != 0 &&
		    g_ascii_strncasecmp(s, "https://", 8) != 0 &&
		    g_ascii_strncasecmp(s, "mailto:", 7) != 0)
			return false;
		while (*s != '"') {
			if (*s == '\0' || *s == '<' || *s == '>' || (unsigned char)*s < 0x20)
				return false;
			if (*s == '&') {
				if ((e = entity_len(s)) == 0)
					return false;
				s += e;
				continue;
			}
			s++;
		}
		if (strncmp(s, rel, sizeof rel - 1) != 0)
			return false;
		s += sizeof rel - 1;
	}
	return true;
}
