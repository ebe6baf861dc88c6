/* markdown.c — see markdown.h. */
#include "core/markdown.h"

#include <cmark.h>
#include <stdbool.h>
#include <string.h>

/* CMARK_OPT_SAFE is cmark's default since 0.29 and named here so a reader (and a grep) sees the
 * choice; CMARK_OPT_UNSAFE must never be added. */
#define MD_OPTIONS (CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8)

char *markdown_html(struct arena *a, const char *md, size_t len, size_t *out_len)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, MD_OPTIONS);
	char *html = cmark_render_html(doc, MD_OPTIONS);
	size_t n = strlen(html);
	char *out = arena_strndup(a, html, n);
	cmark_get_default_mem_allocator()->free(html);
	cmark_node_free(doc);
	if (out_len)
		*out_len = n;
	return out;
}

struct text_out {
	char *p;
	size_t len, cap;
};

static void put(struct text_out *t, const char *s, size_t n)
{
	if (n > t->cap - t->len)
		n = t->cap -
		    t->len; /* cannot happen within 2 * len + 16; never overflow regardless */
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

/* Blocks are separated by one newline: what a search snippet needs, and no more. */
static void block_break(struct text_out *t)
{
	if (t->len && t->p[t->len - 1] != '\n')
		put(t, "\n", 1);
}

static bool is_block(cmark_node_type type)
{
	return type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK;
}

char *markdown_text(struct arena *a, const char *md, size_t len, size_t *out_len)
{
	if (!md)
		len = 0;
	struct text_out t = {.cap = 2 * len + 16};
	t.p = arena_alloc(a, t.cap + 1);
	cmark_node *doc = cmark_parse_document(md ? md : "", len, MD_OPTIONS);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(node);
		if (is_block(type)) {
			block_break(&t);
			if (type == CMARK_NODE_CODE_BLOCK) {
				const char *lit = cmark_node_get_literal(node);
				put(&t, lit, strlen(lit));
			}
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (type) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE: {
			const char *lit = cmark_node_get_literal(node);
			put(&t, lit, strlen(lit));
			break;
		}
		case CMARK_NODE_SOFTBREAK:
			put(&t, " ", 1);
			break;
		case CMARK_NODE_LINEBREAK:
			put(&t, "\n", 1);
			break;
		default: /* raw HTML is not shown to readers, so it is not searched either */
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	while (t.len && (t.p[t.len - 1] == '\n' || t.p[t.len - 1] == ' '))
		t.len--;
	t.p[t.len] = '\0';
	if (out_len)
		*out_len = t.len;
	return t.p;
}
