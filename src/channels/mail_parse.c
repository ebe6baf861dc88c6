/* mail_parse.c — see mail_parse.h.
 *
 * GMime builds the MIME tree; this file walks it once (bounded: MAX_DEPTH levels, MAX_PARTS
 * parts), turning text parts into "pieces" and everything else into attachments, then reads the
 * headers. Headers come after the body on purpose: the charset the body turned out to be in is the
 * best guess for raw 8-bit bytes in the headers.
 *
 * Decisions worth knowing:
 * - multipart/alternative: the text is the (last) text/plain alternative, the html the (last)
 *   text/html one; HTML-only mail gets its text from the HTML. In multipart/mixed every inline
 *   text/plain or text/html part is body, in order; if any of them is HTML, the plain ones join
 *   the html field as escaped text so it shows the whole mail.
 * - message/rfc822 parts (forwarded mail, the returned mail of a bounce) are attachments: the
 *   message as received, named after the part's filename, else its subject plus ".eml", else
 *   "forwarded.eml". They are never read as body: a forward's text is someone else's words.
 * - multipart/report: the first part is the body, the machine-readable rest attachments; the
 *   Message-ID of the mail that bounced comes from the returned message or its headers (or for
 *   an MDN its Original-Message-ID), else from a "Message-ID:" line in a bounce's text.
 * - multipart/signed: only the signed content; the signature part is not an attachment anyone
 *   can use in a desk.
 * - Subject and display names are decoded by mail_charset.c from the raw header, not by GMime:
 *   GMime decodes an encoded word in its label's exact charset, so the GBK in a "gb2312" word,
 *   the NEC symbols in a "shift_jis" or "iso-2022-jp" one and the extended hangul in a
 *   "ks_c_5601-1987" one come out as '?'. GMime still parses addresses, ids, dates, parameters
 *   (RFC 2231 filenames) and the structure. */
#include "channels/mail_parse.h"

#include <pthread.h>
#include <string.h>

#include <gmime/gmime.h>

#include "channels/mail_charset.h"
#include "channels/mail_html.h"
#include "channels/mail_quote.h"

#define DEFAULT_MAX_ATTACHMENT  (25u * 1024 * 1024)
#define DEFAULT_MAX_ATTACHMENTS 50
#define DEFAULT_MAX_TEXT        (1024u * 1024)
#define MAX_DEPTH               20   /* nested multiparts walked */
#define MAX_PARTS               200  /* parts walked in one mail */
#define MAX_SUBJECT             2000 /* bytes of decoded subject */
#define MAX_NAME                500  /* bytes of a display name */
#define MAX_ADDRESS             254
#define MAX_ID                  998 /* a Message-ID is one header line at most */
#define MAX_REFERENCES          100
#define MAX_FILENAME            255
#define MAX_CONTENT_TYPE        127
/* Raw bytes of one text part decoded: enough for max_text bytes of UTF-8 from any charset. */
#define TEXT_INPUT(max) ((max)*4 + 64)

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *options;

static void init(void)
{
	g_mime_init();
	options = g_mime_parser_options_new();
	/* GMime copies the list. Raw 8-bit header bytes GMime decodes itself (attachment names)
	 * are tried in this order; UTF-8 first, as it never decodes by accident. */
	g_mime_parser_options_set_fallback_charsets(options, (const char **)mail_charset_fallbacks);
	g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
	/* "From: MAILER-DAEMON" has no domain, and is exactly what we must recognise. */
	g_mime_parser_options_set_allow_addresses_without_domain(options, TRUE);
	mail_html_init();
}

/* One stretch of body: a text part, or one multipart/alternative choice. */
struct piece {
	GString *text;
	GString *html; /* NULL for plain text */
	char charset[24];
	bool recovered;
};

enum {
	W_BODY = 1 << 0,    /* a text part here is body, not an attachment */
	W_RELATED = 1 << 1, /* inside multipart/related: a resource of the HTML */
	W_REPORT = 1 << 2,  /* the machine-readable parts of a multipart/report */
};

struct walk {
	struct mail_limits lim;
	GArray *attachments; /* struct mail_attachment */
	size_t dropped;
	size_t parts;
	bool report; /* a multipart/report in the mail's own tree */
	char *dsn_id;
};

static void piece_free(gpointer p)
{
	struct piece *pc = p;

	g_string_free(pc->text, TRUE);
	if (pc->html != NULL)
		g_string_free(pc->html, TRUE);
	g_free(pc);
}

static GPtrArray *pieces_new(void)
{
	return g_ptr_array_new_with_free_func(piece_free);
}

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		g_strlcpy(err, msg, errlen);
}

/* ---- small cleaners ---- */

/* One line of clean UTF-8: controls dropped, whitespace runs one space, trimmed, cut. */
static char *one_line(const char *s, size_t max)
{
	GString *c = g_string_new(NULL), *o;
	bool space = false;

	if (s != NULL)
		mail_text_clean(c, s, strlen(s), max * 2 + 16, false);
	o = g_string_sized_new(c->len + 1);
	for (size_t i = 0; i < c->len; i++) {
		char ch = c->str[i];
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			space = o->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(o, ' ');
		space = false;
		g_string_append_c(o, ch);
	}
	g_string_free(c, TRUE);
	if (o->len > max) {
		size_t k = max;
		while (k > 0 && ((unsigned char)o->str[k] & 0xc0) == 0x80)
			k--;
		g_string_truncate(o, k);
	}
	return g_string_free(o, FALSE);
}

/* A Message-ID as stored: clean, non-empty, no whitespace, brackets or controls. */
static char *clean_id(const char *id)
{
	char *s;

	if (id == NULL)
		return NULL;
	s = one_line(id, MAX_ID);
	for (const char *p = s; *p != '\0'; p++)
		if (*p == ' ' || *p == '<' || *p == '>') {
			g_free(s);
			return NULL;
		}
	if (s[0] == '\0') {
		g_free(s);
		return NULL;
	}
	return s;
}

static char *first_reference(const char *text)
{
	GMimeReferences *refs;
	char *id = NULL;

	if (text == NULL)
		return NULL;
	refs = g_mime_references_parse(options, text);
	if (refs == NULL)
		return NULL;
	for (int i = 0; i < g_mime_references_length(refs) && id == NULL; i++)
		id = clean_id(g_mime_references_get_message_id(refs, i));
	g_mime_references_free(refs);
	return id;
}

/* Bidirectional controls let "gpj.exe" show as "exe.jpg"; a filename never needs them. */
static bool bidi_control(const unsigned char *p, size_t left)
{
	if (left < 3 || p[0] != 0xe2)
		return false;
	if (p[1] == 0x80 && ((p[2] >= 0x8e && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae)))
		return true;
	return p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9;
}

/* Basename only, UTF-8, no '/', '\\', controls, bidi overrides or characters Windows refuses
 * (<>:"|?*), no leading dots or trailing dots and spaces, at most MAX_FILENAME bytes (the
 * extension kept when cut). NULL when nothing is left. */
static char *safe_filename(const char *name)
{
	char *line, *base, *slash;
	GString *o;
	size_t n;

	if (name == NULL)
		return NULL;
	line = one_line(name, 4 * MAX_FILENAME);
	base = line;
	while ((slash = strpbrk(base, "/\\")) != NULL)
		base = slash + 1;
	o = g_string_new(NULL);
	for (const unsigned char *p = (const unsigned char *)base; *p != '\0';) {
		size_t left = strlen((const char *)p);
		if (bidi_control(p, left)) {
			p += 3;
			continue;
		}
		/* What Windows refuses in a name: the agent saves the file there. */
		if (strchr("<>:\"|?*", *p) != NULL) {
			p++;
			continue;
		}
		g_string_append_c(o, (char)*p++);
	}
	g_free(line);
	n = 0;
	while (n < o->len && (o->str[n] == '.' || o->str[n] == ' '))
		n++;
	g_string_erase(o, 0, (gssize)n);
	while (o->len > 0 && (o->str[o->len - 1] == '.' || o->str[o->len - 1] == ' '))
		g_string_truncate(o, o->len - 1);
	if (o->len > MAX_FILENAME) {
		const char *dot = strrchr(o->str, '.');
		size_t ext = dot != NULL ? strlen(dot) : 0, k;
		if (ext > 16)
			ext = 0;
		k = MAX_FILENAME - ext;
		while (k > 0 && ((unsigned char)o->str[k] & 0xc0) == 0x80)
			k--;
		if (ext > 0)
			memmove(o->str + k, o->str + o->len - ext, ext);
		g_string_truncate(o, k + ext);
	}
	if (o->len == 0) {
		g_string_free(o, TRUE);
		return NULL;
	}
	return g_string_free(o, FALSE);
}

/* "type/subtype" in lower case, or application/octet-stream when GMime's is not one. */
static char *mime_type_of(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	char *t = ct != NULL ? g_mime_content_type_get_mime_type(ct) : NULL;
	size_t slashes = 0;
	bool ok = t != NULL && t[0] != '\0' && strlen(t) <= MAX_CONTENT_TYPE;

	for (char *p = t; ok && *p != '\0'; p++) {
		*p = g_ascii_tolower(*p);
		slashes += *p == '/';
		ok = g_ascii_isalnum(*p) || strchr("/!#$&^_.+-", *p) != NULL;
	}
	if (!ok || slashes != 1 || t[0] == '/' || t[strlen(t) - 1] == '/') {
		g_free(t);
		return g_strdup("application/octet-stream");
	}
	return t;
}

static bool is_type(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

/* ---- content ---- */

/* A leaf part's content with its transfer encoding undone. Free with g_byte_array_unref. */
static GByteArray *part_bytes(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;

	if (w != NULL)
		g_mime_data_wrapper_write_to_stream(w, mem);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return ba;
}

static GByteArray *object_bytes(GMimeObject *obj)
{
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *ba;

	g_mime_object_write_to_stream(obj, NULL, mem);
	ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return ba;
}

/* Keeps data (taking it) as an attachment, or drops it when over a limit. */
static void attach(struct walk *w, GByteArray *data, char *filename, const char *fallback,
                   char *content_type, bool inline_part)
{
	struct mail_attachment a;

	if (w->attachments->len >= w->lim.max_attachments || data->len > w->lim.max_attachment) {
		w->dropped++;
		g_byte_array_unref(data);
		g_free(filename);
		g_free(content_type);
		return;
	}
	a.filename = filename != NULL ? filename : g_strdup(fallback);
	a.content_type = content_type;
	a.size = data->len;
	a.data = g_byte_array_free(data, FALSE);
	a.inline_part = inline_part;
	g_array_append_val(w->attachments, a);
}

/* A DSN's original Message-ID from the headers of the returned mail. */
static char *headers_message_id(const guint8 *bytes, size_t len)
{
	GMimeStream *s;
	GMimeParser *p;
	GMimeMessage *m;
	char *id;

	if (len == 0)
		return NULL;
	s = g_mime_stream_mem_new_with_buffer((const char *)bytes, len);
	p = g_mime_parser_new_with_stream(s);
	m = g_mime_parser_construct_message(p, options);
	id = m != NULL ? clean_id(g_mime_message_get_message_id(m)) : NULL;
	if (m != NULL)
		g_object_unref(m);
	g_object_unref(p);
	g_object_unref(s);
	return id;
}

/* The id after `field:` on a line of its own (case-insensitive), e.g. Original-Message-ID. */
static char *field_reference(const char *text, size_t len, const char *field)
{
	size_t fl = strlen(field);

	for (size_t i = 0; i + fl < len; i++) {
		const char *eol;
		char *line, *id;
		if ((i > 0 && text[i - 1] != '\n') || g_ascii_strncasecmp(text + i, field, fl) != 0)
			continue;
		eol = memchr(text + i + fl, '\n', len - i - fl);
		line = g_strndup(text + i + fl,
		                 (gsize)((eol != NULL ? eol : text + len) - text - i - fl));
		id = first_reference(line);
		g_free(line);
		if (id != NULL)
			return id;
	}
	return NULL;
}

static void report_part(struct walk *w, GMimeObject *obj, const GByteArray *data)
{
	if (w->dsn_id != NULL || data == NULL)
		return;
	if (is_type(obj, "text", "rfc822-headers") || is_type(obj, "message", "rfc822-headers") ||
	    is_type(obj, "message", "global-headers"))
		w->dsn_id = headers_message_id(data->data, data->len);
	else if (is_type(obj, "message", "disposition-notification"))
		w->dsn_id =
		    field_reference((const char *)data->data, data->len, "Original-Message-ID:");
}

static void text_piece(struct walk *w, GMimePart *part, GPtrArray *pieces)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	GByteArray *ba = part_bytes(part);
	size_t limit = TEXT_INPUT(w->lim.max_text), n = ba->len < limit ? ba->len : limit;
	const char *charset = g_mime_object_get_content_type_parameter(obj, "charset");
	bool html = is_type(obj, "text", "html");
	char meta[48];
	struct mail_text t;
	struct piece *pc = g_new0(struct piece, 1);

	if (html && (charset == NULL || charset[0] == '\0') &&
	    mail_html_meta_charset((const char *)ba->data, n, meta, sizeof meta))
		charset = meta;
	mail_charset_decode(charset, (const char *)ba->data, n, n < ba->len, w->lim.max_text, &t);
	g_byte_array_unref(ba);
	g_strlcpy(pc->charset, t.charset, sizeof pc->charset);
	pc->recovered = t.recovered;
	pc->text = g_string_new(NULL);
	if (html) {
		pc->html = g_string_new(NULL);
		mail_html_convert(t.s, t.len, pc->text, w->lim.max_text, pc->html,
		                  4 * w->lim.max_text);
	} else {
		const char *format = g_mime_object_get_content_type_parameter(obj, "format");
		const char *delsp = g_mime_object_get_content_type_parameter(obj, "delsp");
		if (format != NULL && g_ascii_strcasecmp(format, "flowed") == 0)
			mail_text_unflow(pc->text, t.s, t.len,
			                 delsp != NULL && g_ascii_strcasecmp(delsp, "yes") == 0);
		else
			g_string_append_len(pc->text, t.s, (gssize)t.len);
	}
	g_free(t.s);
	g_ptr_array_add(pieces, pc);
}

static void leaf(struct walk *w, GMimePart *part, unsigned flags, GPtrArray *pieces)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	const char *disp = cd != NULL ? g_mime_content_disposition_get_disposition(cd) : NULL;
	bool attachment = disp != NULL && g_ascii_strcasecmp(disp, "attachment") == 0;
	bool textual = is_type(obj, "text", "plain") || is_type(obj, "text", "html");
	const char *fallback = "attachment";
	GByteArray *data;

	if ((flags & W_BODY) && textual && !attachment) {
		text_piece(w, part, pieces);
		return;
	}
	data = part_bytes(part);
	if (flags & W_REPORT)
		report_part(w, obj, data);
	if (is_type(obj, "message", "delivery-status"))
		fallback = "delivery-status.txt";
	else if (is_type(obj, "text", "rfc822-headers"))
		fallback = "original-headers.txt";
	attach(w, data, safe_filename(g_mime_part_get_filename(part)), fallback, mime_type_of(obj),
	       (disp != NULL && g_ascii_strcasecmp(disp, "inline") == 0) ||
	           (disp == NULL && (flags & W_RELATED)));
}

static void message_part(struct walk *w, GMimeMessagePart *mp, unsigned flags)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	const char *name = g_mime_object_get_content_disposition_parameter(obj, "filename");
	char *filename;
	GByteArray *data;

	if (name == NULL)
		name = g_mime_object_get_content_type_parameter(obj, "name");
	filename = safe_filename(name);
	if (filename == NULL && inner != NULL) {
		GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(inner));
		GMimeHeader *h = hl != NULL ? g_mime_header_list_get_header(hl, "Subject") : NULL;
		const char *raw = h != NULL ? g_mime_header_get_raw_value(h) : NULL;
		char *subject = raw != NULL ? mail_header_decode_text(raw, NULL, 200) : NULL;
		char *eml = subject != NULL && subject[0] != '\0'
		                ? g_strconcat(subject, ".eml", NULL)
		                : NULL;
		filename = safe_filename(eml);
		g_free(eml);
		g_free(subject);
	}
	if ((flags & W_REPORT) && w->dsn_id == NULL && inner != NULL)
		w->dsn_id = clean_id(g_mime_message_get_message_id(inner));
	data = inner != NULL ? object_bytes(GMIME_OBJECT(inner)) : g_byte_array_new();
	attach(w, data, filename, "forwarded.eml", mime_type_of(obj),
	       g_strcmp0(g_mime_object_get_disposition(obj), "inline") == 0);
}

static void walk(struct walk *w, GMimeObject *obj, int depth, unsigned flags, GPtrArray *pieces);

static bool pieces_have_html(const GPtrArray *a)
{
	for (guint i = 0; i < a->len; i++)
		if (((const struct piece *)a->pdata[i])->html != NULL)
			return true;
	return false;
}

static bool pieces_have_text(const GPtrArray *a)
{
	for (guint i = 0; i < a->len; i++)
		if (((const struct piece *)a->pdata[i])->text->len > 0)
			return true;
	return false;
}

/* Moves the pieces of from to the end of to. */
static void pieces_move(GPtrArray *to, GPtrArray *from)
{
	for (guint i = 0; i < from->len; i++)
		g_ptr_array_add(to, from->pdata[i]);
	g_ptr_array_set_free_func(from, NULL);
	g_ptr_array_unref(from);
}

/* One piece from the alternatives: text from the plain one, html from the HTML one. */
static void alternative(struct walk *w, GMimeMultipart *mp, int depth, unsigned flags,
                        GPtrArray *pieces)
{
	GPtrArray *plain = NULL, *html = NULL;
	int n = g_mime_multipart_get_count(mp);

	for (int i = 0; i < n; i++) {
		GMimeObject *child = g_mime_multipart_get_part(mp, i);
		GPtrArray *sub;
		/* Other renderings of the same words (Apple's text/watch-html, text/enriched) are
		 * neither body nor attachment; an invitation (text/calendar) is an attachment. */
		if (GMIME_IS_PART(child) && is_type(child, "text", "*") &&
		    !is_type(child, "text", "plain") && !is_type(child, "text", "html") &&
		    !is_type(child, "text", "calendar"))
			continue;
		sub = pieces_new();
		walk(w, child, depth + 1, flags, sub);
		if (pieces_have_html(sub)) {
			if (html != NULL)
				g_ptr_array_unref(html);
			html = sub;
		} else if (pieces_have_text(sub)) {
			if (plain != NULL)
				g_ptr_array_unref(plain);
			plain = sub;
		} else {
			g_ptr_array_unref(sub);
		}
	}
	if (plain != NULL && html != NULL) {
		struct piece *pc = g_new0(struct piece, 1), *first = plain->pdata[0];
		pc->text = g_string_new(NULL);
		pc->html = g_string_new(NULL);
		g_strlcpy(pc->charset, first->charset, sizeof pc->charset);
		for (guint i = 0; i < plain->len; i++) {
			const struct piece *p = plain->pdata[i];
			g_string_append_len(pc->text, p->text->str, (gssize)p->text->len);
			pc->recovered |= p->recovered;
		}
		for (guint i = 0; i < html->len; i++) {
			const struct piece *p = html->pdata[i];
			if (p->html != NULL)
				g_string_append_len(pc->html, p->html->str, (gssize)p->html->len);
		}
		g_ptr_array_add(pieces, pc);
		g_ptr_array_unref(plain);
		g_ptr_array_unref(html);
	} else if (html != NULL) {
		pieces_move(pieces, html);
	} else if (plain != NULL) {
		pieces_move(pieces, plain);
	}
}

static void multipart(struct walk *w, GMimeMultipart *mp, int depth, unsigned flags,
                      GPtrArray *pieces)
{
	GMimeObject *obj = GMIME_OBJECT(mp);
	int n = g_mime_multipart_get_count(mp);

	if (is_type(obj, "multipart", "alternative")) {
		alternative(w, mp, depth, flags, pieces);
		return;
	}
	if (is_type(obj, "multipart", "signed")) {
		if (n > 0)
			walk(w, g_mime_multipart_get_part(mp, 0), depth + 1, flags, pieces);
		return;
	}
	if (is_type(obj, "multipart", "report"))
		w->report = true;
	for (int i = 0; i < n; i++) {
		unsigned f = flags;
		if (i > 0 && is_type(obj, "multipart", "report"))
			f = (flags & ~(unsigned)W_BODY) | W_REPORT;
		else if (i > 0 && is_type(obj, "multipart", "related"))
			f = (flags & ~(unsigned)W_BODY) | W_RELATED;
		walk(w, g_mime_multipart_get_part(mp, i), depth + 1, f, pieces);
	}
}

static void walk(struct walk *w, GMimeObject *obj, int depth, unsigned flags, GPtrArray *pieces)
{
	if (obj == NULL || depth > MAX_DEPTH || w->parts >= MAX_PARTS)
		return;
	w->parts++;
	if (GMIME_IS_MULTIPART(obj))
		multipart(w, GMIME_MULTIPART(obj), depth, flags, pieces);
	else if (GMIME_IS_MESSAGE_PART(obj))
		message_part(w, GMIME_MESSAGE_PART(obj), flags);
	else if (GMIME_IS_PART(obj))
		leaf(w, GMIME_PART(obj), flags, pieces);
}

/* ---- assembling the body ---- */

static void trim_end(GString *s)
{
	while (s->len > 0 && strchr(" \t\n", s->str[s->len - 1]) != NULL)
		g_string_truncate(s, s->len - 1);
}

/* Appends from to s, a blank line between, keeping s within max bytes (a character boundary). */
static void append_capped(GString *s, const GString *from, size_t max)
{
	size_t k;

	if (from->len == 0 || s->len >= max)
		return;
	if (s->len > 0) {
		trim_end(s);
		g_string_append(s, "\n\n");
	}
	k = from->len;
	if (s->len + k > max) {
		k = max > s->len ? max - s->len : 0;
		while (k > 0 && ((unsigned char)from->str[k] & 0xc0) == 0x80)
			k--;
	}
	g_string_append_len(s, from->str, (gssize)k);
	if (s->len > max)
		g_string_truncate(s, max);
}

static void assemble(struct walk *w, GPtrArray *pieces, struct parsed_mail *m)
{
	GString *text = g_string_new(NULL), *html = NULL;
	const struct piece *first = NULL;

	for (guint i = 0; i < pieces->len; i++) {
		const struct piece *p = pieces->pdata[i];
		append_capped(text, p->text, w->lim.max_text);
		if (first == NULL && (p->text->len > 0 || i + 1 == pieces->len))
			first = p;
		m->charset_recovered |= p->recovered;
	}
	trim_end(text);
	if (pieces_have_html(pieces)) {
		html = g_string_new(NULL);
		for (guint i = 0; i < pieces->len; i++) {
			const struct piece *p = pieces->pdata[i];
			if (p->html != NULL)
				g_string_append_len(html, p->html->str, (gssize)p->html->len);
			else if (p->text->len > 0)
				mail_html_from_text(html, p->text->str, p->text->len);
		}
		m->html = g_string_free(html, FALSE);
	}
	m->body_charset = g_strdup(first != NULL ? first->charset : "us-ascii");
	m->text = g_string_free(text, FALSE);
	m->visible_len = mail_quote_visible_len(m->text, strlen(m->text));
}

/* ---- headers ---- */

static const char *raw_header(GMimeObject *obj, const char *name)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
	GMimeHeader *h = hl != NULL ? g_mime_header_list_get_header(hl, name) : NULL;
	const char *v;

	if (h == NULL)
		return NULL;
	v = g_mime_header_get_raw_value(h);
	return v != NULL ? v : g_mime_header_get_value(h);
}

/* The first mailbox of an address header (a group's first member), decoded with our charset
 * rules before GMime's address parser sees it. */
static InternetAddressList *address_list(GMimeObject *obj, const char *name, const char *hint)
{
	const char *raw = raw_header(obj, name);
	char *decoded;
	InternetAddressList *list;

	if (raw == NULL)
		return NULL;
	decoded = mail_header_decode_phrase(raw, hint, 4096);
	list = internet_address_list_parse(options, decoded);
	g_free(decoded);
	return list;
}

static InternetAddressMailbox *first_mailbox(InternetAddressList *list, int depth)
{
	for (int i = 0; list != NULL && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return INTERNET_ADDRESS_MAILBOX(ia);
		if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2) {
			InternetAddressMailbox *mb = first_mailbox(
			    internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)),
			    depth + 1);
			if (mb != NULL)
				return mb;
		}
	}
	return NULL;
}

/* addr-spec in lower case, or NULL when it is not one (no '@', spaces, controls, too long). */
static char *clean_address(const char *addr)
{
	char *line, *low, *at;

	if (addr == NULL)
		return NULL;
	line = one_line(addr, MAX_ADDRESS + 1);
	low = g_utf8_strdown(line, -1);
	g_free(line);
	at = strrchr(low, '@');
	if (at == NULL || at == low || at[1] == '\0' || strchr(low, ' ') != NULL ||
	    strlen(low) > MAX_ADDRESS) {
		g_free(low);
		return NULL;
	}
	return low;
}

/* The local part of an address, lower case, for the MAILER-DAEMON check. */
static bool local_part_is(const char *addr, const char *want)
{
	size_t n = strcspn(addr, "@");
	return n == strlen(want) && g_ascii_strncasecmp(addr, want, n) == 0;
}

static void read_addresses(GMimeObject *obj, const char *hint, struct parsed_mail *m)
{
	InternetAddressList *from = address_list(obj, "From", hint);
	InternetAddressList *reply = address_list(obj, "Reply-To", hint);
	InternetAddressMailbox *mb = first_mailbox(from, 0);

	if (mb != NULL) {
		const char *addr = internet_address_mailbox_get_addr(mb);
		m->from_address = clean_address(addr);
		m->from_name = one_line(internet_address_get_name(INTERNET_ADDRESS(mb)), MAX_NAME);
		if (addr != NULL &&
		    (local_part_is(addr, "mailer-daemon") || local_part_is(addr, "postmaster")))
			m->auto_flags |= MAIL_AUTO_BOUNCE;
	}
	mb = first_mailbox(reply, 0);
	if (mb != NULL)
		m->reply_to_address = clean_address(internet_address_mailbox_get_addr(mb));
	if (from != NULL)
		g_object_unref(from);
	if (reply != NULL)
		g_object_unref(reply);
}

static void read_ids(GMimeMessage *msg, struct parsed_mail *m)
{
	GMimeObject *obj = GMIME_OBJECT(msg);
	const char *refs_raw = g_mime_object_get_header(obj, "References");
	GMimeReferences *refs;
	int n, from = 0;

	m->message_id = clean_id(g_mime_message_get_message_id(msg));
	m->in_reply_to = first_reference(g_mime_object_get_header(obj, "In-Reply-To"));
	if (refs_raw == NULL || (refs = g_mime_references_parse(options, refs_raw)) == NULL)
		return;
	n = g_mime_references_length(refs);
	/* A thread needs its root and its latest ids; a runaway header keeps only those. */
	m->references = g_new0(char *, (size_t)(n < MAX_REFERENCES ? n : MAX_REFERENCES) + 1);
	if (n > MAX_REFERENCES)
		from = n - (MAX_REFERENCES - 1);
	for (int i = 0; i < n; i++) {
		char *id;
		if (i > 0 && i < from)
			continue;
		id = clean_id(g_mime_references_get_message_id(refs, i));
		if (id != NULL)
			m->references[m->n_references++] = id;
	}
	g_mime_references_free(refs);
}

/* The first word of a header value, lower case, for comparing with a keyword. */
static bool first_word_is(const char *v, const char *const *words)
{
	char w[32];
	size_t n = 0;

	if (v == NULL)
		return false;
	while (*v == ' ' || *v == '\t')
		v++;
	while (*v != '\0' && *v != ';' && *v != ' ' && *v != '\t' && *v != '(' && n + 1 < sizeof w)
		w[n++] = g_ascii_tolower(*v++);
	w[n] = '\0';
	for (size_t i = 0; words[i] != NULL; i++)
		if (strcmp(w, words[i]) == 0)
			return true;
	return false;
}

static bool contains_ci(const char *v, const char *needle)
{
	size_t n = strlen(needle);

	for (; v != NULL && *v != '\0'; v++)
		if (g_ascii_strncasecmp(v, needle, n) == 0)
			return true;
	return false;
}

/* Any token of a comma list equals one of words (X-Auto-Response-Suppress: DR, OOF, AutoReply). */
static bool has_token(const char *v, const char *const *words)
{
	for (const char *p = v; p != NULL && *p != '\0';) {
		if (first_word_is(p, words))
			return true;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return false;
}

static void read_auto_flags(GMimeMessage *msg, struct parsed_mail *m)
{
	static const char *const no[] = {"no", "false", "0", "", NULL};
	static const char *const precedence[] = {"bulk",       "junk",       "list",
	                                         "auto_reply", "auto-reply", NULL};
	static const char *const suppress[] = {"oof", "all", "autoreply", NULL};
	static const char *const reply_headers[] = {
	    "X-Autoreply",      "X-Autorespond",    "X-Autoresponder", "X-Autogenerated",
	    "X-AutoReply-From", "X-Mail-Autoreply", "X-Auto-Reply",    NULL,
	};
	static const char *const software[] = {"X-Mailer", "User-Agent", "X-POST-MessageClass",
	                                       "Delivered-To", NULL};
	static const char *const list_headers[] = {"List-Id", "List-Unsubscribe", "List-Post",
	                                           NULL};
	GMimeObject *obj = GMIME_OBJECT(msg);
	const char *v, *rp;

	v = g_mime_object_get_header(obj, "Auto-Submitted");
	if (v != NULL && !first_word_is(v, no))
		m->auto_flags |= MAIL_AUTO_SUBMITTED;
	if (first_word_is(g_mime_object_get_header(obj, "Precedence"), precedence))
		m->auto_flags |= MAIL_AUTO_PRECEDENCE;
	rp = raw_header(obj, "Return-Path");
	if (rp != NULL) {
		char *s = g_strdup(rp), *o = s;
		for (const char *p = rp; *p != '\0'; p++)
			if (!g_ascii_isspace(*p))
				*o++ = *p;
		*o = '\0';
		if (strcmp(s, "<>") == 0)
			m->auto_flags |= MAIL_AUTO_NULL_SENDER;
		g_free(s);
	}
	for (size_t i = 0; reply_headers[i] != NULL; i++) {
		v = g_mime_object_get_header(obj, reply_headers[i]);
		if (v != NULL && !first_word_is(v, no))
			m->auto_flags |= MAIL_AUTO_REPLY_HEADER;
	}
	if (has_token(g_mime_object_get_header(obj, "X-Auto-Response-Suppress"), suppress))
		m->auto_flags |= MAIL_AUTO_REPLY_HEADER;
	for (size_t i = 0; software[i] != NULL; i++) {
		v = g_mime_object_get_header(obj, software[i]);
		if (contains_ci(v, "autorespond") || contains_ci(v, "autoreply") ||
		    contains_ci(v, "auto-reply"))
			m->auto_flags |= MAIL_AUTO_REPLY_HEADER;
	}
	for (size_t i = 0; list_headers[i] != NULL; i++)
		if (g_mime_object_get_header(obj, list_headers[i]) != NULL)
			m->auto_flags |= MAIL_AUTO_LIST;
	if (g_mime_object_get_header(obj, "X-Failed-Recipients") != NULL)
		m->auto_flags |= MAIL_AUTO_BOUNCE;
}

/* ---- entry points ---- */

static void limits_of(const struct mail_limits *in, struct mail_limits *out)
{
	out->max_attachment =
	    in != NULL && in->max_attachment ? in->max_attachment : DEFAULT_MAX_ATTACHMENT;
	out->max_attachments =
	    in != NULL && in->max_attachments ? in->max_attachments : DEFAULT_MAX_ATTACHMENTS;
	out->max_text = in != NULL && in->max_text ? in->max_text : DEFAULT_MAX_TEXT;
}

/* An mbox "From " line before the headers is not a header: skip it. */
static size_t skip_mbox_line(const char *raw, size_t len)
{
	const char *nl;

	if (len < 5 || memcmp(raw, "From ", 5) != 0)
		return 0;
	nl = memchr(raw, '\n', len);
	return nl != NULL ? (size_t)(nl - raw) + 1 : len;
}

bool mail_parse(const char *raw, size_t len, const struct mail_limits *lim, struct parsed_mail *out,
                char *err, size_t errlen)
{
	struct walk w = {0};
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GMimeHeaderList *hl;
	GPtrArray *pieces;
	size_t skip;

	memset(out, 0, sizeof *out);
	set_err(err, errlen, "");
	pthread_once(&init_once, init);
	if (raw == NULL || len == 0) {
		set_err(err, errlen, "empty input");
		return false;
	}
	skip = skip_mbox_line(raw, len);
	if (skip == len) {
		set_err(err, errlen, "not a mail: no header block");
		return false;
	}
	stream = g_mime_stream_mem_new_with_buffer(raw + skip, len - skip);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, options);
	g_object_unref(parser);
	g_object_unref(stream);
	hl = msg != NULL ? g_mime_object_get_header_list(GMIME_OBJECT(msg)) : NULL;
	if (hl == NULL || g_mime_header_list_get_count(hl) == 0) {
		if (msg != NULL)
			g_object_unref(msg);
		set_err(err, errlen, "not a mail: no header block");
		return false;
	}

	limits_of(lim, &w.lim);
	w.attachments = g_array_new(FALSE, TRUE, sizeof(struct mail_attachment));
	pieces = pieces_new();
	walk(&w, g_mime_message_get_mime_part(msg), 0, W_BODY, pieces);
	assemble(&w, pieces, out);
	g_ptr_array_unref(pieces);
	out->n_attachments = w.attachments->len;
	out->attachments = (struct mail_attachment *)(void *)g_array_free(w.attachments, FALSE);
	out->dropped_attachments = w.dropped;

	out->subject = mail_header_decode_text(raw_header(GMIME_OBJECT(msg), "Subject"),
	                                       out->body_charset, MAX_SUBJECT);
	read_addresses(GMIME_OBJECT(msg), out->body_charset, out);
	if (out->from_name == NULL)
		out->from_name = g_strdup("");
	read_ids(msg, out);
	{
		GDateTime *d = g_mime_message_get_date(msg);
		gint64 t = d != NULL ? g_date_time_to_unix(d) : 0;
		out->date = t > 0 ? t : 0;
	}
	read_auto_flags(msg, out);
	if (w.report || is_type(g_mime_message_get_mime_part(msg), "multipart", "report"))
		out->auto_flags |= MAIL_AUTO_BOUNCE;
	if (out->auto_flags & MAIL_AUTO_BOUNCE) {
		out->dsn_original_id = w.dsn_id;
		w.dsn_id = NULL;
		if (out->dsn_original_id == NULL)
			out->dsn_original_id =
			    field_reference(out->text, strlen(out->text), "Message-ID:");
	}
	g_free(w.dsn_id);
	g_object_unref(msg);
	return true;
}

void parsed_mail_free(struct parsed_mail *m)
{
	if (m == NULL)
		return;
	g_free(m->message_id);
	g_free(m->in_reply_to);
	for (size_t i = 0; i < m->n_references; i++)
		g_free(m->references[i]);
	g_free(m->references);
	g_free(m->from_address);
	g_free(m->from_name);
	g_free(m->reply_to_address);
	g_free(m->subject);
	g_free(m->text);
	g_free(m->html);
	g_free(m->dsn_original_id);
	g_free(m->body_charset);
	for (size_t i = 0; i < m->n_attachments; i++) {
		g_free(m->attachments[i].filename);
		g_free(m->attachments[i].content_type);
		g_free(m->attachments[i].data);
	}
	g_free(m->attachments);
	memset(m, 0, sizeof *m);
}
