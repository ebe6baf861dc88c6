/* log.h — structured log lines (logfmt) on stderr: `ts=... level=info event=request k=v ...`.
 * One line per call, written with a single write() so lines from threads never interleave.
 * Values from users are quoted and escaped by log_quote(); never print them raw. */
#ifndef EXDESK_UTIL_LOG_H
#define EXDESK_UTIL_LOG_H
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level min);
/* fmt gives the key=value pairs after the event name. */
void log_event(enum log_level lvl, const char *event, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Quote a value for a log line: "..." with \" \\ \n and control bytes escaped, cut at max
 * bytes. Writes into out (size outsz) and returns it. */
const char *log_quote(const char *s, size_t len, char *out, size_t outsz);

#endif
