/* mail_compose.h — the bytes of one outgoing mail: text and HTML alternatives in UTF-8, the
 * threading headers mail clients group conversations by, and RFC 3834 marking of automatic
 * mail so other desks' auto-responders do not answer our acknowledgements. The HTML
 * alternative is the text made safe HTML (mail_html_from_text), never markup from anyone. GMime encodes
 * headers (RFC 2047) and bodies (quoted-printable or base64, 7-bit safe). No I/O. */
#ifndef EXDESK_CHANNELS_MAIL_COMPOSE_H
#define EXDESK_CHANNELS_MAIL_COMPOSE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct outgoing_mail {
	const char *from_name, *from_address; /* the desk */
	const char *to_name, *to_address;
	const char *reply_to; /* NULL: none */
	const char *subject;
	const char *body;   /* UTF-8 text, as the agent wrote it */
	const char *footer; /* one line under a signature separator ("Ticket EXD-… · reply to …"), or NULL */
	const char *message_id; /* without <> */
	const char *in_reply_to; /* without <>, or NULL */
	const char *const *references; /* without <>, oldest first */
	size_t n_references;
	int64_t date_ms;     /* unix milliseconds */
	bool auto_generated; /* Auto-Submitted: auto-replied (acknowledgements) */
	const char *ticket_number; /* X-Exdesk-Ticket, for filters on the customer's side */
	const char *language;      /* Content-Language, or NULL */
};

/* The mail with CRLF line ends, malloc'd; NULL if an address is unusable. */
char *mail_compose(const struct outgoing_mail *m, size_t *len);

#endif
