/* mail_html.h — the HTML of a mail as plain text, and as HTML that is safe to show an agent.
 *
 * Owns: both conversions, done on libxml2's HTML parse tree (htmlReadMemory: the same recovery
 * rules for broken markup as a browser-like parser, entities decoded), never with patterns over
 * the source. The safe HTML is written anew from the tree: only the elements listed in
 * mail_html.c, no attribute but an http/https/mailto href on <a> (to which rel="noopener
 * noreferrer" is added), every text escaped, so it cannot hold a script, an event handler, a
 * style or a javascript: URL, whatever came in. Images are dropped (remote ones track the reader;
 * inline ones are in the attachments, marked inline). Never: charsets (the input is already clean
 * UTF-8) or MIME. */
#ifndef EXDESK_CHANNELS_MAIL_HTML_H
#define EXDESK_CHANNELS_MAIL_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* Must run once before the first conversion, from one thread (libxml2's global set-up). */
void mail_html_init(void);

/* Converts html (clean UTF-8) once parsed into text, appended to text_out until it holds
 * text_max bytes (block elements and <br> become line breaks, list items "- " or "1. ",
 * blockquote lines "> ", table cells tabs, links "text <url>"; script, style and head content
 * dropped; whitespace collapsed), and into safe HTML appended to html_out until it holds about
 * html_max bytes (elements closed properly when cut). Either output may be NULL. */
void mail_html_convert(const char *html, size_t len, GString *text_out, size_t text_max,
                       GString *html_out, size_t html_max);

/* Whether html keeps the promise of mail_html_convert: only the kept elements, no attribute but
 * an http/https/mailto href with our rel on <a>, every '<', '>' and '&' of text escaped. For
 * tests and fuzzing, and for a caller that wants to check stored HTML again before serving it. */
bool mail_html_safe(const char *html);

/* Plain text as safe HTML, for a plain part that stands beside HTML parts in one mail. */
void mail_html_from_text(GString *out, const char *text, size_t len);

/* The charset a <meta> tag declares near the start of an HTML part, for parts whose MIME header
 * names none. False when there is none. */
bool mail_html_meta_charset(const char *bytes, size_t len, char *out, size_t cap);

#endif
