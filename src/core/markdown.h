/* markdown.h — knowledge-base articles are written in Markdown (CommonMark, parsed by cmark).
 * This is the only place that knows it: the HTML readers get, and the plain text that search
 * indexes and cuts snippets from. Pure (no I/O); results live in the caller's arena.
 *
 * Safety: rendering always uses cmark's safe mode (CMARK_OPT_SAFE; never CMARK_OPT_UNSAFE), so
 * raw HTML in an article becomes a comment and links or images to javascript:, vbscript:,
 * file: and non-image data: URLs lose their target. Everything else cmark escapes. The HTML is
 * therefore safe to put inside a page as it is, without a second sanitiser. */
#ifndef EXDESK_CORE_MARKDOWN_H
#define EXDESK_CORE_MARKDOWN_H
#include <stddef.h>

#include "util/arena.h"

/* HTML for md[0..len) (valid UTF-8 expected; invalid bytes become U+FFFD). NUL-terminated, in
 * the arena; *out_len may be NULL. */
char *markdown_html(struct arena *a, const char *md, size_t len, size_t *out_len);

/* The text a reader sees, without markup: the literal text of paragraphs, headings, list
 * items, quotes, code and link/image texts, one block per line, spaces for soft breaks. Raw
 * HTML (which readers never see) and URLs are left out. NUL-terminated, in the arena, at most
 * 2 * len + 16 bytes. */
char *markdown_text(struct arena *a, const char *md, size_t len, size_t *out_len);

#endif
