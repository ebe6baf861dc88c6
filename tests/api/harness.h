/* harness.h — what every API scenario test shares: starting the real exdesk binary on a free
 * loopback port with a fresh data dir, talking to it over real HTTP (libcurl) and raw TCP,
 * reading the real database file to prove that a failed request stored nothing, and printing
 * one `ok - ` / `not ok - ` line per check (the protocol tests/run counts).
 * The harness never reaches into src/: everything it knows comes from docs/api.md and the
 * command line. Servers and data dirs it started are killed and removed at exit, also when a
 * test dies on the watchdog.
 * Implemented in harness.c (checks, servers, HTTP, JSON, database, raw TCP, fixtures),
 * harness_sse.c (the SSE reader) and harness_widget.c (widget helpers, HMAC); every API test
 * program links all three. */
#ifndef EXDESK_TESTS_API_HARNESS_H
#define EXDESK_TESTS_API_HARNESS_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- checks ------------------------------------------------------------------------------ */

/* Call first: line-buffered stdout, libcurl init, EXDESK_BIN, a watchdog of `watchdog_s`
 * seconds after which every server is killed and the program fails. */
void h_init(int watchdog_s);
/* Print the totals as a comment, clean up everything, return the exit status for main. */
int h_finish(void);

extern int h_passed, h_failed;

/* One check: prints "ok - what" or "not ok - what". Returns cond. */
bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, with a detail appended to a failure: "not ok - what (detail)". */
bool checkd(bool cond, const char *detail, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool check_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool check_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Print a "# ..." comment line (not counted). */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the server ---------------------------------------------------------------------------- */

struct srv {
	char bin[1024];
	char dir[256]; /* fresh data dir */
	char log[300]; /* server stderr/stdout */
	char base[64]; /* http://127.0.0.1:PORT */
	int port;
	pid_t pid;       /* 0 when not running */
	char token[512]; /* bearer token of the admin made by srv_start */
	long long admin_id;
	const char *extra_args[12]; /* appended to `serve` (e.g. --lmtp ADDR); NULL-terminated */
};

#define ADMIN_EMAIL    "admin@test.local"
#define ADMIN_PASSWORD "correct horse battery"

/* Fresh dir, migrate, admin user + token, serve, wait for /healthz. Bails out (not ok + exit)
 * when any step fails. Every field but extra_args is reset. */
void srv_start(struct srv *s);
/* Serve on the existing data dir (a new free port); 0 when /healthz answered 200. */
int srv_spawn(struct srv *s);
void srv_signal(struct srv *s, int sig);
/* Wait up to timeout_s for the server to exit. Returns the wait status, or -1 on timeout. */
int srv_wait(struct srv *s, double timeout_s);
/* SIGTERM, wait, SIGKILL if needed. */
void srv_stop(struct srv *s);
/* Print the tail of the server log as comments. */
void srv_dump_log(struct srv *s, int lines);

/* Run `bin args...` (NULL-terminated) with optional stdin text. Captures stdout into *out
 * (malloc'd, may be NULL) and stderr into *err. Returns the exit status (or -1). */
int run_cmd(const char *stdin_text, char **out, char **err, const char *bin, ...);

/* ---- HTTP ---------------------------------------------------------------------------------- */

struct resp {
	long status;  /* 0 when no response */
	int curl_err; /* CURLcode, 0 when fine */
	char *body;
	size_t len;
	json_t *json; /* NULL if the body is not JSON */
	char *content_type;
	char *retry_after;
	char *allow;
	char *set_cookie;         /* every Set-Cookie value joined by '\n' */
	char *headers;            /* raw response headers */
	double seconds;           /* total time */
	struct resp *next, *prev; /* tracking list */
};

struct req {
	const char *method;
	const char *path;         /* appended to the base URL, raw */
	const char *token;        /* Authorization: Bearer, NULL for none */
	const char *auth_header;  /* a whole Authorization value instead ("Basic x") */
	const char *body;         /* NULL for no body */
	size_t body_len;          /* 0: strlen(body) */
	const char *content_type; /* NULL: application/json when there is a body; "": none */
	const char *cookie;       /* Cookie header value */
	const char *csrf;         /* X-CSRF-Token */
	const char *headers[8];   /* extra raw "Name: value" lines */
	long timeout_ms;          /* 0: 30 s */
	long max_send_speed;      /* bytes/s, 0 = unlimited */
	bool untracked;           /* caller frees with resp_free (threads) */
};

struct resp *http_req(struct srv *s, const struct req *rq);
struct resp *http(struct srv *s, const char *method, const char *path, const char *token,
                  const char *json_body);
/* Body is a JSON value that is serialised and released (stolen reference). */
struct resp *httpj(struct srv *s, const char *method, const char *path, const char *token,
                   json_t *body);
void resp_free(struct resp *r);
/* Free the calling thread's curl handle (threads call it before they end). */
void http_thread_done(void);

/* "201 {...}" — a short description of a response for failure messages (static ring buffer). */
const char *rdesc(const struct resp *r);

/* status == want; the failure shows the response. */
bool check_status(const struct resp *r, long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* 2xx */
bool check_2xx(const struct resp *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error answer: status, JSON {"error":{"code":code,"message":non-empty string[,"field"]}}.
 * field: NULL = not checked, "" = must be absent, "x*" = must start with "x", else must equal.
 * code may list alternatives separated by '|' (NULL: any code). status 0 = any 4xx. */
bool check_error(const struct resp *r, long status, const char *code, const char *field,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Only the shape: {"error":{"code":string,"message":string}} */
bool error_shape_ok(const struct resp *r);
const char *err_code(const struct resp *r);
const char *err_field(const struct resp *r);

/* ---- JSON paths ---------------------------------------------------------------------------- */
/* "ticket.requester.email", "tickets.0.id" */
json_t *jget(json_t *j, const char *path);
const char *jstr(json_t *j, const char *path); /* NULL unless a string */
long long jint(json_t *j, const char *path);   /* -1 unless an integer */
bool jisnull(json_t *j, const char *path);     /* present and null */
bool jhas(json_t *j, const char *path);
/* Compact JSON text of j, at most ~1000 bytes (ring of static buffers). */
const char *jdump(json_t *j);
/* Keep a JSON value alive until h_finish (returns it). */
json_t *jkeep(json_t *j);
/* json_pack that keeps nothing: the caller passes it to httpj (stolen). Bails on a bad format. */
json_t *jpack(const char *fmt, ...);

/* ---- misc ---------------------------------------------------------------------------------- */

/* A copy of s kept until h_finish (NULL stays NULL): for strings a test holds on to. */
const char *h_keepstr(const char *s);
/* printf into a ring of static buffers (main thread only). */
const char *P(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Percent-encode a query value (ring of static buffers). */
const char *qenc(const char *s);
/* A malloc'd string of n copies of `unit` (n * strlen(unit) bytes); kept until h_finish. */
char *repeat(const char *unit, size_t n);
/* RFC 3339 UTC with Z: "2026-11-22T09:14:03Z" (fraction allowed). Returns epoch seconds or -1. */
double rfc3339_utc(const char *s);
double now_s(void);
void sleep_s(double s);
/* Lowercase hex HMAC-SHA256 (implemented here, independent of the server's libsodium). */
void hmac_sha256_hex(const void *key, size_t klen, const void *msg, size_t mlen, char out[65]);
/* Lowercase hex SHA-256, the same independent implementation. */
void sha256_hex(const void *msg, size_t len, char out[65]);
/* ASCII case-insensitive substring search. */
bool contains(const char *hay, const char *needle);

/* ---- the database file --------------------------------------------------------------------- */

/* For every table in sqlite_master: "name:count:maxrowid[:contenthash];" — malloc'd (kept until
 * h_finish). The content hash covers every row of every table except the few whose rows change
 * on their own (tokens' last use, sessions, the outbox's retry state), and leaves out the SLA
 * scheduler's bookkeeping (sla_timers, sla.* events), which it writes whenever an instant comes.
 * exclude: comma-separated table names to leave out (NULL for none). */
char *db_fingerprint(struct srv *s, const char *exclude);
/* A check that the fingerprint equals `before` (prints the first difference). */
bool check_unchanged(struct srv *s, const char *before, const char *exclude, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Test-only direct access, for tampering tests (run it while the server is stopped):
 * db_exec runs SQL read-write and returns the SQLite result code; db_query1 returns the first
 * column of the first row as text (kept until h_finish), NULL if none. */
int db_exec(struct srv *s, const char *sql);
char *db_query1(struct srv *s, const char *sql);
/* Does any byte sequence in DIR/exdesk.db* contain `needle`? */
bool db_files_contain(struct srv *s, const char *needle);

/* ---- raw TCP ------------------------------------------------------------------------------- */

int raw_connect(struct srv *s);
/* Send all of data (ignoring a peer that stops reading), then read until close or timeout.
 * Returns malloc'd bytes (kept until h_finish), *outlen set; status line parsed into *status
 * (0 if none, -1 if nothing came back before the timeout and the server kept it open). */
char *raw_exchange(struct srv *s, const void *data, size_t len, double timeout_s, size_t *outlen,
                   int *status);

/* ---- fixtures (as the admin unless a token is given) ---------------------------------------- */

/* POST /api/v1/groups; returns the id or 0 (with a not ok line). */
long long mk_group(struct srv *s, const char *name, const char *tier);
/* POST /api/v1/agents then POST /api/v1/tokens; token_out (>= 512 bytes) gets the secret.
 * groups: comma list of ids as JSON array text, e.g. "[1,2]" or NULL. Returns the id or 0. */
long long mk_agent(struct srv *s, const char *email, const char *name, const char *role,
                   const char *tier, const char *groups_json, char *token_out);
/* POST /api/v1/tokens for agent_id; returns the token id, secret into out. */
long long mk_token(struct srv *s, long long agent_id, const char *name, char *out);
/* POST /api/v1/tickets with the given JSON text; returns the ticket object (kept) or NULL. */
json_t *mk_ticket(struct srv *s, const char *token, const char *json_text);
/* Simple ticket: subject + requester email (+ optional group id, 0 = none). */
json_t *mk_ticket_simple(struct srv *s, const char *token, const char *subject, const char *email,
                         long long group_id);

/* ---- Server-Sent Events (text/event-stream) ------------------------------------------------ */
/* Streams are read incrementally by one background thread driving a curl multi handle, so
 * hundreds can be open at once. Each frame (lines up to a blank line) becomes one item; `:`
 * comment lines are counted, not itemised. Items are appended under a lock and never change
 * afterwards, so a pointer from sse_item() stays valid until sse_close(). */
struct sse_item {
	bool has_id;     /* the frame carried an `id:` line */
	long long id;    /* its value (-1 when absent or not a number) */
	char idtext[32]; /* the raw id text */
	char event[32];  /* "" when the frame named no event (then it is "message" per the spec) */
	char *data;      /* data lines joined with '\n' */
	json_t *json;    /* data parsed, or NULL */
	double at;       /* now_s() when the frame ended */
};

struct sse_opts {
	const char *path;          /* appended to the base URL */
	const char *token;         /* Authorization: Bearer, NULL for none */
	const char *last_event_id; /* Last-Event-ID header, NULL for none */
	const char *headers[4];    /* extra raw header lines */
	int max_items; /* > 0: after this many items the client drops the connection (what comes
	                * after them in the same read is discarded, as a client that dies would) */
};

struct sse;
struct sse *sse_open(struct srv *s, const char *path, const char *token, const char *last_event_id);
struct sse *sse_open_ex(struct srv *s, const struct sse_opts *o);
/* Wait until the response headers arrived (or the transfer ended). True when the status is
 * known. */
bool sse_wait_open(struct sse *st, double timeout_s);
long sse_status(struct sse *st);              /* 0 until the headers came */
const char *sse_content_type(struct sse *st); /* NULL until known (copy kept by the stream) */
const char *sse_headers(struct sse *st);      /* raw response headers (after sse_wait_open) */
int sse_count(struct sse *st);                /* items so far */
int sse_comments(struct sse *st);             /* `:` comment lines so far */
const struct sse_item *sse_item(struct sse *st, int i);
/* Wait until at least n items (event NULL: of any kind; else of that event name). Returns
 * whether they came within timeout_s. */
bool sse_wait_items(struct sse *st, const char *event, int n, double timeout_s);
/* Items of an event name so far. */
int sse_count_event(struct sse *st, const char *event);
/* Has the transfer ended (server closed, error, or max_items reached)? */
bool sse_ended(struct sse *st);
/* Wait for the end; returns whether it ended within timeout_s. *curl_err gets the CURLcode. */
bool sse_wait_end(struct sse *st, double timeout_s, int *curl_err);
double sse_ended_at(struct sse *st);
/* Bytes of body received so far (frames, comments, everything). */
size_t sse_bytes(struct sse *st);
/* The last event ID as EventSource keeps it: the value of the latest `id:` line, set at each
 * frame end (frames without data included), kept across frames without an id; "" if none. */
const char *sse_last_event_id(struct sse *st, char out[32]); /* copied into out */
/* Wait until the stream has a last event ID (e.g. from its first frame). */
bool sse_wait_last_id(struct sse *st, double timeout_s);
/* The first 64 KiB of the body as received (read it once the stream ended). */
const char *sse_raw(struct sse *st);
/* Drop the connection (if open) and free the stream and its items. */
void sse_close(struct sse *st);

/* ---- widget helpers ---------------------------------------------------------------------- */
/* A request with X-Widget-Token (NULL for none). Safe from threads with untracked = true. */
struct resp *http_w(struct srv *s, const char *method, const char *path, const char *wtoken,
                    const char *json_body);
/* POST /api/v1/widget/session with the given JSON text (NULL: {}); token_out (>= 256 bytes)
 * gets the widget token. Returns the response (tracked) or NULL with a not ok line. */
struct resp *mk_widget_session(struct srv *s, const char *json_text, char *token_out);

/* ---- shared between harness*.c only (tests do not use these) ------------------------------- */
/* A growing NUL-terminated byte buffer. */
struct h_buf {
	char *p;
	size_t n, cap;
};
void h_buf_add(struct h_buf *b, const char *p, size_t n);
/* Every value of header `name` in raw response headers, joined by '\n'; malloc'd or NULL. */
char *h_header_values(const char *headers, const char *name);
/* strdup that aborts when out of memory. */
char *h_xstrdup(const char *s);
/* Close every open stream and stop the SSE thread (h_finish calls it). */
void h_sse_shutdown(void);

#endif
