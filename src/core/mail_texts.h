/* mail_texts.h — the words the desk itself puts into outgoing email (acknowledgement, reply
 * subjects and footer, the mail that answers an offline chat) and into its own messages on a
 * ticket (the auto-reply outside every shift) in the desk's nine languages, and the one way
 * template variables in them are filled. Owns the built-in texts and the language fallback;
 * never sends, stores or looks up admins' overrides (those live in settings and go through
 * mail_text_fill() like the built-in ones). Pure: no I/O.
 *
 * Template variables are {{number}} (ticket number, "EXD-100123"), {{subject}}, {{name}} (the
 * customer's name), {{desk}} (the desk's display name), {{greeting}} and {{opens}} (when the desk
 * answers again, already written for the reader: "09:00 (Asia/Singapore)"; only the auto-reply
 * outside every shift has a value for it). The greeting is a text of its own in two forms, with
 * and without a name, because no single sentence greets well in all nine languages when the name
 * is missing ("Hello ,", " 様", "안녕하세요, 님"): the caller picks the form with
 * mail_text_greeting() and passes the result as {{greeting}}.
 *
 * There is no separate footer for mail that answers a chat left while the desk was offline: that
 * chat became a ticket with a number, and the customer goes on by replying to the mail, which is
 * exactly what MAIL_TEXT_REPLY_FOOTER says; only the subject differs, so that the customer
 * recognises the conversation they started in the widget. */
#ifndef EXDESK_CORE_MAIL_TEXTS_H
#define EXDESK_CORE_MAIL_TEXTS_H
#include <stdbool.h>

enum mail_text_id {
	MAIL_TEXT_GREETING,           /* opening line when the customer's name is unknown */
	MAIL_TEXT_GREETING_NAME,      /* opening line with {{name}} */
	MAIL_TEXT_ACK_SUBJECT,        /* "[{{number}}] We received your request: {{subject}}" */
	MAIL_TEXT_ACK_BODY,           /* {{greeting}}, thanks, number, how to add information,
	                                 security warning, signed {{desk}} */
	MAIL_TEXT_REPLY_SUBJECT,      /* "Re: [{{number}}] {{subject}}" */
	MAIL_TEXT_REPLY_FOOTER,       /* one line under every reply: number, reply to continue */
	MAIL_TEXT_CHAT_REPLY_SUBJECT, /* an agent answered a chat left while the desk was offline */
	MAIL_TEXT_AFTER_HOURS,        /* the desk's public message on a ticket opened while nobody is
	                                 on shift: thanks, {{opens}}, {{number}}, no need to write
	                                 again; a message, not a mail of its own (an email ticket gets
	                                 it as a reply, under MAIL_TEXT_REPLY_SUBJECT) */
	MAIL_TEXT_COUNT
};

/* The languages with built-in texts, NULL-terminated: "en", "zh-CN", "zh-TW", "ja", "ko", "ru",
 * "es", "vi", "tr". */
extern const char *const mail_text_languages[];

struct mail_text_vars {
	const char *number, *subject, *name, *desk, *greeting, *opens; /* NULL reads as "" */
};

/* Which of mail_text_languages the texts for a BCP 47 tag come from: the exact tag (any case,
 * '_' accepted for '-'); Chinese by script or region (zh, zh-Hans, zh-SG, zh-MY -> zh-CN;
 * zh-Hant, zh-TW, zh-HK, zh-MO, and Cantonese yue -> zh-TW); else the primary subtag (ja-JP ->
 * ja, es-419 -> es); else "en" (pt-BR, NULL, ""). Never NULL. */
const char *mail_text_language(const char *language);

/* The built-in template for id in the language chosen by mail_text_language(). Never NULL: an id
 * out of range gives "". */
const char *mail_text(const char *language, enum mail_text_id id);

/* tmpl with {{number}}, {{subject}}, {{name}}, {{desk}}, {{greeting}} and {{opens}} replaced by
 * the values in v (v NULL or a NULL value: ""), whichever text tmpl is: an admin may put
 * {{opens}} into any override, and it reads as "" where the caller has no value for it. Values
 * are copied verbatim and never scanned again, so a subject that reads "{{number}}" stays that
 * text. Anything else in braces ("{{ name }}", "{{foo}}") is left as it is. tmpl NULL reads as
 * "". Returns a malloc'd string the caller frees, or NULL when memory runs out. */
char *mail_text_fill(const char *tmpl, const struct mail_text_vars *v);

/* The greeting line for the language: MAIL_TEXT_GREETING_NAME filled with name, or
 * MAIL_TEXT_GREETING when name is NULL, empty or only white space. Malloc'd, NULL when memory
 * runs out. The name goes in verbatim: it is expected already cleaned (one line, no controls). */
char *mail_text_greeting(const char *language, const char *name);

/* Stable names for the settings API ("ack_subject", "reply_footer", ...): mail_text_name() gives
 * NULL for an id out of range; mail_text_id_from_name() takes exact names only and leaves *out
 * alone on false. */
const char *mail_text_name(enum mail_text_id id);
bool mail_text_id_from_name(const char *name, enum mail_text_id *out);

#endif
