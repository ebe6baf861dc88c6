/* mail_compose.c — outgoing mail built with GMime. */
#include "channels/mail_compose.h"

#include "channels/mail_html.h"

#include <gmime/gmime.h>
#include <pthread.h>
#include <string.h>

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static void gmime_start(void)
{
	g_mime_init();
}

static GMimeObject *text_part(const char *subtype, const char *text)
{
	GMimeTextPart *p = g_mime_text_part_new_with_subtype(subtype);
	g_mime_text_part_set_text(p, text);
	/* Mostly non-ASCII text (CJK, Cyrillic) is smaller in base64; GMime picks the best
	 * 7-bit-safe encoding for the content. */
	g_mime_object_encode((GMimeObject *)p, GMIME_ENCODING_CONSTRAINT_7BIT);
	return (GMimeObject *)p;
}

static bool header_safe(const char *s)
{
	return s && *s && !strpbrk(s, "\r\n<>");
}

char *mail_compose(const struct outgoing_mail *m, size_t *len)
{
	pthread_once(&gmime_once, gmime_start);
	if (!header_safe(m->from_address) || !header_safe(m->to_address) ||
	    !header_safe(m->message_id))
		return NULL;
	GMimeMessage *msg = g_mime_message_new(TRUE);
	GMimeObject *obj = (GMimeObject *)msg;
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from_name, m->from_address);
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, m->to_name ? m->to_name : "",
				   m->to_address);
	if (header_safe(m->reply_to))
		g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, m->from_name,
					   m->reply_to);
	g_mime_message_set_subject(msg, m->subject ? m->subject : "", "utf-8");
	g_mime_message_set_message_id(msg, m->message_id);
	GDateTime *date = g_date_time_new_from_unix_utc(m->date_ms / 1000);
	g_mime_message_set_date(msg, date);
	g_date_time_unref(date);
	if (header_safe(m->in_reply_to)) {
		char *v = g_strdup_printf("<%s>", m->in_reply_to);
		g_mime_object_set_header(obj, "In-Reply-To", v, NULL);
		g_free(v);
	}
	if (m->n_references) {
		GString *refs = g_string_new(NULL);
		for (size_t i = 0; i < m->n_references; i++)
			if (header_safe(m->references[i]))
				g_string_append_printf(refs, "%s<%s>", refs->len ? " " : "",
						       m->references[i]);
		if (refs->len)
			g_mime_object_set_header(obj, "References", refs->str, NULL);
		g_string_free(refs, TRUE);
	}
	if (m->auto_generated) {
		g_mime_object_set_header(obj, "Auto-Submitted", "auto-replied", NULL);
		/* Exchange/Outlook: do not send out-of-office replies to this. */
		g_mime_object_set_header(obj, "X-Auto-Response-Suppress", "All", NULL);
	}
	if (header_safe(m->ticket_number))
		g_mime_object_set_header(obj, "X-Exdesk-Ticket", m->ticket_number, NULL);
	if (header_safe(m->language))
		g_mime_object_set_header(obj, "Content-Language", m->language, NULL);

	/* The text, then the footer below "-- " (mail clients fold it like a signature). */
	const char *text = m->body ? m->body : "";
	GString *plain = g_string_new(text);
	GString *html = g_string_new("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;"
				     "font-size:14px;line-height:1.5\">\n");
	mail_html_from_text(html, text, strlen(text));
	if (m->footer) {
		g_string_append_printf(plain, "\n\n-- \n%s", m->footer);
		g_string_append(html, "\n<hr style=\"border:0;border-top:1px solid #ddd\">\n"
				      "<p style=\"color:#666;font-size:12px\">");
		mail_html_from_text(html, m->footer, strlen(m->footer));
		g_string_append(html, "</p>");
	}
	g_string_append(plain, "\n");
	g_string_append(html, "\n</body></html>\n");
	GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
	GMimeObject *plain_part = text_part("plain", plain->str);
	GMimeObject *html_part = text_part("html", html->str);
	g_string_free(plain, TRUE);
	g_string_free(html, TRUE);
	g_mime_multipart_add(alt, plain_part);
	g_mime_multipart_add(alt, html_part);
	g_object_unref(plain_part);
	g_object_unref(html_part);
	g_mime_message_set_mime_part(msg, (GMimeObject *)alt);
	g_object_unref(alt);

	GMimeFormatOptions *fmt = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fmt, GMIME_NEWLINE_FORMAT_DOS);
	GMimeStream *out = g_mime_stream_mem_new();
	g_mime_object_write_to_stream(obj, fmt, out);
	GByteArray *bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	char *res = malloc(bytes->len + 1);
	if (res) {
		memcpy(res, bytes->data, bytes->len);
		res[bytes->len] = 0;
		*len = bytes->len;
	}
	g_object_unref(out);
	g_mime_format_options_free(fmt);
	g_object_unref(msg);
	return res;
}
