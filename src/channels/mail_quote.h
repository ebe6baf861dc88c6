/* mail_quote.h — where the new part of a mail ends: the line that starts quoted history or a
 * signature, and plain-text format=flowed.
 *
 * Owns: recognising what mail clients put before history ("On ... wrote:" in the languages our
 * customers write, "-----Original Message-----", Outlook's From:/Sent: block, a trailing block of
 * "> " lines) and signatures ("-- "). Never removes anything: the desk folds the rest away, and an
 * agent can always unfold it. Works on clean UTF-8 with LF line ends (mail_text_clean output). */
#ifndef EXDESK_CHANNELS_MAIL_QUOTE_H
#define EXDESK_CHANNELS_MAIL_QUOTE_H

#include <stdbool.h>
#include <stddef.h>

#include <glib.h>

/* Bytes of text before quoted history or a signature, trailing whitespace left out. len when
 * there is neither, or when nothing but whitespace precedes it (a mail that is only a quote, or a
 * forwarded one, stays visible whole). */
size_t mail_quote_visible_len(const char *text, size_t len);

/* Appends text (format=flowed, RFC 3676) to out with its soft line breaks joined: a line ending
 * in a space continues on the next line of the same quote depth; space-stuffing is removed, and
 * with delsp the space before a soft break too. The signature line "-- " never flows. */
void mail_text_unflow(GString *out, const char *text, size_t len, bool delsp);

#endif
