/* lmtp_session.c — the LMTP state machine (RFC 2033 on top of RFC 5321's commands).
 *
 * Lines end in CRLF (a bare LF is accepted: some test tools send it). Commands may be pipelined:
 * every complete line in a feed is handled in order. Outside DATA a line longer than
 * MAX_COMMAND_LINE ends the session (RFC 5321 4.5.3.1.4 allows 512; we are generous). Inside
 * DATA lines have no length limit, only the message has; a message past max_message is still
 * read to its final "." (so the connection stays in sync) but dropped and refused with 552. */
#include "channels/lmtp_session.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"

#define MAX_COMMAND_LINE 2048
#define MAX_ADDRESS      320 /* RFC 5321: 64 local + @ + 255 domain */

enum state { S_START, S_READY, S_MAIL, S_RCPT, S_DATA, S_OVER };

struct lmtp_session {
	struct lmtp_config cfg;
	lmtp_deliver_fn deliver;
	void *deliver_ctx;
	lmtp_write_fn write;
	void *write_ctx;
	enum state state;
	char line[MAX_COMMAND_LINE + 2];
	size_t line_len;
	bool line_too_long;
	/* the transaction */
	char mail_from[MAX_ADDRESS + 1];
	char **rcpts;
	size_t n_rcpts;
	char *data;
	size_t data_len, data_cap;
	bool oversized;
	bool at_line_start; /* in DATA: the next byte starts a line */
};

static void reply(struct lmtp_session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void reply(struct lmtp_session *s, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof buf - 2 ? (size_t)n : sizeof buf - 3;
	buf[len++] = '\r';
	buf[len++] = '\n';
	s->write(s->write_ctx, buf, len);
}

static void transaction_reset(struct lmtp_session *s)
{
	for (size_t i = 0; i < s->n_rcpts; i++)
		free(s->rcpts[i]);
	free(s->rcpts);
	s->rcpts = NULL;
	s->n_rcpts = 0;
	free(s->data);
	s->data = NULL;
	s->data_len = s->data_cap = 0;
	s->oversized = false;
	s->mail_from[0] = 0;
}

struct lmtp_session *lmtp_session_new(const struct lmtp_config *cfg, lmtp_deliver_fn deliver,
				      void *deliver_ctx, lmtp_write_fn write, void *write_ctx)
{
	struct lmtp_session *s = xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	if (!s->cfg.hostname)
		s->cfg.hostname = "exdesk";
	if (!s->cfg.max_recipients)
		s->cfg.max_recipients = 100;
	s->deliver = deliver;
	s->deliver_ctx = deliver_ctx;
	s->write = write;
	s->write_ctx = write_ctx;
	s->state = S_START;
	return s;
}

void lmtp_session_free(struct lmtp_session *s)
{
	if (!s)
		return;
	transaction_reset(s);
	free(s);
}

void lmtp_session_greet(struct lmtp_session *s)
{
	reply(s, "220 %s LMTP exdesk ready", s->cfg.hostname);
}

static bool command_is(const char *line, size_t len, const char *verb)
{
	size_t n = strlen(verb);
	if (len < n || strncasecmp(line, verb, n) != 0)
		return false;
	return len == n || line[n] == ' ' || line[n] == ':';
}

/* "FROM:<a@b> SIZE=123" after the verb: the address into out, the rest in *params. */
static bool parse_path(const char *p, const char *end, const char *prefix, char *out,
		       const char **params)
{
	size_t plen = strlen(prefix);
	if ((size_t)(end - p) < plen || strncasecmp(p, prefix, plen) != 0)
		return false;
	p += plen;
	while (p < end && *p == ' ')
		p++;
	const char *a, *b;
	if (p < end && *p == '<') {
		a = ++p;
		b = memchr(p, '>', (size_t)(end - p));
		if (!b)
			return false;
		p = b + 1;
	} else {
		a = p;
		while (p < end && *p != ' ')
			p++;
		b = p;
	}
	size_t n = (size_t)(b - a);
	if (n > MAX_ADDRESS)
		return false;
	for (const char *c = a; c < b; c++)
		if ((unsigned char)*c < 0x21 || *c == '<' || *c == '>')
			return false;
	memcpy(out, a, n);
	out[n] = 0;
	*params = p;
	return true;
}

/* The SIZE=n parameter of MAIL FROM (RFC 1870); 0 when absent or unreadable. */
static unsigned long long declared_size(const char *p, const char *end)
{
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *w = p;
		while (p < end && *p != ' ')
			p++;
		if (p - w > 5 && strncasecmp(w, "SIZE=", 5) == 0) {
			unsigned long long v = 0;
			for (const char *c = w + 5; c < p; c++) {
				if (!isdigit((unsigned char)*c) || v > 1000000000000ULL)
					return 0;
				v = v * 10 + (unsigned)(*c - '0');
			}
			return v;
		}
	}
	return 0;
}

static void finish_data(struct lmtp_session *s)
{
	if (s->oversized) {
		for (size_t i = 0; i < s->n_rcpts; i++)
			reply(s, "552 5.3.4 <%s> message exceeds the maximum size of %zu bytes",
			      s->rcpts[i], s->cfg.max_message);
	} else {
		struct lmtp_delivery d = {.mail_from = s->mail_from,
					  .rcpts = (const char *const *)s->rcpts,
					  .n_rcpts = s->n_rcpts,
					  .data = s->data ? s->data : "",
					  .len = s->data_len};
		char why[200] = "";
		enum lmtp_verdict v = s->deliver(s->deliver_ctx, &d, why, sizeof why);
		/* LMTP answers once per recipient; the desk stores one message for all of them. */
		for (size_t i = 0; i < s->n_rcpts; i++) {
			const char *r = s->rcpts[i];
			switch (v) {
			case LMTP_ACCEPT:
				reply(s, "250 2.0.0 <%s> delivered%s%s", r, *why ? " " : "", why);
				break;
			case LMTP_TEMPFAIL:
				reply(s, "451 4.3.0 <%s> %s", r, *why ? why : "try again later");
				break;
			case LMTP_RATE_LIMITED:
				reply(s, "450 4.7.1 <%s> %s", r,
				      *why ? why : "too much mail from this sender, try again later");
				break;
			case LMTP_REJECT:
				reply(s, "550 5.6.0 <%s> %s", r, *why ? why : "message refused");
				break;
			}
		}
	}
	transaction_reset(s);
	s->state = S_READY;
}

static void data_append(struct lmtp_session *s, const char *p, size_t n)
{
	if (s->oversized)
		return;
	if (s->data_len + n > s->cfg.max_message) {
		s->oversized = true;
		free(s->data);
		s->data = NULL;
		s->data_len = s->data_cap = 0;
		return;
	}
	if (s->data_len + n > s->data_cap) {
		size_t cap = s->data_cap ? s->data_cap : 16384;
		while (cap < s->data_len + n)
			cap *= 2;
		s->data = xrealloc(s->data, cap);
		s->data_cap = cap;
	}
	memcpy(s->data + s->data_len, p, n);
	s->data_len += n;
}

static void command(struct lmtp_session *s, const char *line, size_t len)
{
	const char *end = line + len;
	if (command_is(line, len, "LHLO")) {
		transaction_reset(s);
		s->state = S_READY;
		reply(s, "250-%s", s->cfg.hostname);
		reply(s, "250-PIPELINING");
		reply(s, "250-ENHANCEDSTATUSCODES");
		reply(s, "250-8BITMIME");
		reply(s, "250-SMTPUTF8");
		reply(s, "250 SIZE %zu", s->cfg.max_message);
	} else if (command_is(line, len, "HELO") || command_is(line, len, "EHLO")) {
		reply(s, "500 5.5.1 this is LMTP: say LHLO");
	} else if (command_is(line, len, "MAIL")) {
		const char *params;
		if (s->state != S_READY)
			reply(s, "503 5.5.1 %s", s->state == S_START ? "LHLO first" : "nested MAIL");
		else if (!parse_path(line + 4, end, " FROM:", s->mail_from, &params))
			reply(s, "501 5.1.7 syntax: MAIL FROM:<address>");
		else if (s->cfg.max_message && declared_size(params, end) > s->cfg.max_message) {
			s->mail_from[0] = 0;
			reply(s, "552 5.3.4 message exceeds the maximum size of %zu bytes",
			      s->cfg.max_message);
		} else {
			s->state = S_MAIL;
			reply(s, "250 2.1.0 sender ok");
		}
	} else if (command_is(line, len, "RCPT")) {
		char addr[MAX_ADDRESS + 1];
		const char *params;
		if (s->state != S_MAIL && s->state != S_RCPT)
			reply(s, "503 5.5.1 MAIL first");
		else if (!parse_path(line + 4, end, " TO:", addr, &params) || !*addr)
			reply(s, "501 5.1.3 syntax: RCPT TO:<address>");
		else if (s->n_rcpts >= s->cfg.max_recipients)
			reply(s, "452 4.5.3 too many recipients");
		else {
			s->rcpts = xrealloc(s->rcpts, (s->n_rcpts + 1) * sizeof *s->rcpts);
			s->rcpts[s->n_rcpts++] = xstrdup(addr);
			s->state = S_RCPT;
			reply(s, "250 2.1.5 recipient ok");
		}
	} else if (command_is(line, len, "DATA")) {
		if (s->state != S_RCPT)
			reply(s, "503 5.5.1 %s", s->state == S_MAIL ? "RCPT first" : "MAIL first");
		else {
			s->state = S_DATA;
			s->at_line_start = true;
			reply(s, "354 2.0.0 send the message, end with <CRLF>.<CRLF>");
		}
	} else if (command_is(line, len, "RSET")) {
		transaction_reset(s);
		if (s->state != S_START)
			s->state = S_READY;
		reply(s, "250 2.0.0 reset");
	} else if (command_is(line, len, "NOOP")) {
		reply(s, "250 2.0.0 ok");
	} else if (command_is(line, len, "VRFY")) {
		reply(s, "252 2.5.0 cannot verify, but will accept");
	} else if (command_is(line, len, "QUIT")) {
		reply(s, "221 2.0.0 bye");
		s->state = S_OVER;
	} else {
		reply(s, "500 5.5.2 unknown command");
	}
}

/* In DATA: consume bytes up to and including the terminating ".\r\n". Returns how many bytes
 * were used; the state leaves S_DATA when the message is complete. */
static size_t feed_data(struct lmtp_session *s, const char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (s->line_len == 0 && !(s->at_line_start && p[i] == '.')) {
			/* The common case: not a line that could be the terminator; copy to its end. */
			const char *nl = memchr(p + i, '\n', len - i);
			size_t n = nl ? (size_t)(nl - (p + i)) + 1 : len - i;
			data_append(s, p + i, n);
			s->at_line_start = nl != NULL;
			i += n;
			continue;
		}
		/* A line starting with '.': hold it in line[] until we know whether it is ".\r\n". */
		char c = p[i++];
		if (s->line_len < 3)
			s->line[s->line_len++] = c;
		bool terminator = (s->line_len == 2 && s->line[1] == '\n') ||
				  (s->line_len == 3 && s->line[1] == '\r' && s->line[2] == '\n');
		if (terminator) {
			s->line_len = 0;
			finish_data(s);
			return i;
		}
		bool undecided = s->line_len == 1 || (s->line_len == 2 && s->line[1] == '\r');
		if (!undecided) {
			/* Dot-stuffed: drop the first '.', keep the rest of what we held. */
			data_append(s, s->line + 1, s->line_len - 1);
			s->at_line_start = s->line[s->line_len - 1] == '\n';
			s->line_len = 0;
		}
	}
	return i;
}

bool lmtp_session_feed(struct lmtp_session *s, const char *bytes, size_t len)
{
	size_t i = 0;
	while (i < len && s->state != S_OVER) {
		if (s->state == S_DATA) {
			i += feed_data(s, bytes + i, len - i);
			continue;
		}
		char c = bytes[i++];
		if (c == '\n') {
			size_t n = s->line_len;
			if (n && s->line[n - 1] == '\r')
				n--;
			bool too_long = s->line_too_long;
			s->line_len = 0;
			s->line_too_long = false;
			if (too_long) {
				reply(s, "500 5.5.6 command line too long");
				s->state = S_OVER;
				break;
			}
			if (memchr(s->line, 0, n)) {
				reply(s, "500 5.5.2 NUL byte in command");
				continue;
			}
			command(s, s->line, n);
			continue;
		}
		if (s->line_len < MAX_COMMAND_LINE)
			s->line[s->line_len++] = c;
		else
			s->line_too_long = true;
	}
	return s->state != S_OVER;
}
