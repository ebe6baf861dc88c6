/* mail_harness.c — see mail_harness.h. Test-only code: the peers are real programs started by
 * tests/mail/peers, mail goes in with swaks and comes out over IMAP with libcurl.
 *
 * Why the IMAP reads use CURLOPT_CONNECT_ONLY: with libcurl 7.88 a CURLOPT_CUSTOMREQUEST of
 * "FETCH n BODY.PEEK[]" hands the write callback only the "* n FETCH (BODY[] {size}" line; the
 * message bytes reach only the header callback, line by line, and a message line that looks
 * like a response ("* 9 FETCH ...", or the command's own tag "A004 OK") is taken for one — the
 * transfer then ends early. The URL form (imap://host/INBOX/;UID=n) delivers exact bytes but
 * sends BODY[], which sets \Seen. So libcurl logs in and the harness speaks the two commands
 * itself (EXAMINE, FETCH BODY.PEEK[]) and reads the literal by its announced size.
 * tests/mail/README.md has the recipes exdesk's poller can use. */
#include "mail_harness.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define IMAP_TIMEOUT_S 15
#define MAX_PEERS      4

/* ---- memory kept until exit ---------------------------------------------------------------- */

static void **g_kept;
static size_t g_nkept, g_capkept;

static void *mkeep(void *ptr)
{
	if (g_nkept == g_capkept) {
		g_capkept = g_capkept ? g_capkept * 2 : 64;
		void **n = realloc(g_kept, g_capkept * sizeof *n);
		if (!n)
			abort();
		g_kept = n;
	}
	g_kept[g_nkept++] = ptr;
	return ptr;
}

static void *xmalloc(size_t n)
{
	void *ptr = malloc(n ? n : 1);
	if (!ptr)
		abort();
	return ptr;
}

static char *kept_copy(const char *s, size_t n)
{
	char *c = mkeep(xmalloc(n + 1));
	memcpy(c, s, n);
	c[n] = 0;
	return c;
}

/* ---- the peers ----------------------------------------------------------------------------- */

static struct peers *g_peers[MAX_PEERS];
static int g_npeers;

static void stop_all_at_exit(void)
{
	for (int i = 0; i < g_npeers; i++)
		if (g_peers[i])
			peers_stop(g_peers[i]);
	g_npeers = 0;
	for (size_t i = 0; i < g_nkept; i++)
		free(g_kept[i]);
	free(g_kept);
	g_kept = NULL;
	g_nkept = g_capkept = 0;
}

static void mail_bail(struct peers *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
static void mail_bail(struct peers *p, const char *fmt, ...)
{
	char what[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	check(false, "%s", what);
	if (p)
		peers_dump_logs(p, 25);
	exit(h_finish());
}

static bool executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

static bool find_script(char *out, size_t cap)
{
	const char *env = getenv("EXDESK_PEERS");
	char cand[3][PATH_MAX];
	int n = 0;
	if (env && *env)
		snprintf(cand[n++], PATH_MAX, "%s", env);
	snprintf(cand[n++], PATH_MAX, "tests/mail/peers");
	/* build/tests/mail/t_x -> tests/mail/peers */
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (k > 0) {
		exe[k] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(cand[n++], PATH_MAX, "%.3800s/../../../tests/mail/peers", exe);
		}
	}
	for (int i = 0; i < n; i++) {
		char *rp = realpath(cand[i], NULL);
		if (rp && executable(rp) && strlen(rp) < cap) {
			snprintf(out, cap, "%s", rp);
			free(rp);
			return true;
		}
		free(rp);
	}
	return false;
}

/* Absolute path of a program in PATH (static buffer), NULL if absent. */
static const char *which(const char *prog)
{
	static char found[PATH_MAX];
	const char *path = getenv("PATH");
	char dirs[4096];
	snprintf(dirs, sizeof dirs, "%s:/usr/bin:/bin:/usr/sbin:/sbin", path ? path : "");
	for (char *save, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		snprintf(found, sizeof found, "%s/%s", d, prog);
		if (executable(found))
			return found;
	}
	return NULL;
}

static bool parse_port(const char *text, const char *name, int *out)
{
	size_t nl = strlen(name);
	for (const char *line = text; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, name, nl) || line[nl] != '=')
			continue;
		char *end;
		errno = 0;
		long v = strtol(line + nl + 1, &end, 10);
		if (errno || end == line + nl + 1 || v < 1 || v > 65535)
			return false;
		*out = (int)v;
		return true;
	}
	return false;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct h_buf b = {0};
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		h_buf_add(&b, chunk, k);
	fclose(f);
	if (!b.p)
		h_buf_add(&b, "", 0);
	if (len)
		*len = b.n;
	return mkeep(b.p);
}

void peers_start(struct peers *p)
{
	peers_start_opts(p, NULL);
}

void peers_start_opts(struct peers *p, const struct peers_opts *o)
{
	memset(p, 0, sizeof *p);
	if (!find_script(p->script, sizeof p->script))
		mail_bail(NULL,
		          "tests/mail/peers found (run from the source tree or set EXDESK_PEERS)");
	snprintf(p->dir, sizeof p->dir, "/tmp/exdesk-mail.XXXXXX");
	if (!mkdtemp(p->dir))
		mail_bail(NULL, "mkdtemp for the mail peers");
	if (g_npeers == 0)
		atexit(stop_all_at_exit);
	if (g_npeers < MAX_PEERS)
		g_peers[g_npeers++] = p;

	char owner[32];
	snprintf(owner, sizeof owner, "%ld", (long)getpid());
	/* optional arguments packed to the front: the first NULL ends the list */
	const char *opt[2] = {NULL, NULL};
	int nopt = 0;
	if (!getenv("EXDESK_KEEP_DATA"))
		opt[nopt++] = "--rm";
	if (o && o->desk_relay)
		opt[nopt++] = "--desk-relay";
	char *out = NULL, *err = NULL;
	double t0 = now_s();
	int st = run_cmd(NULL, &out, &err, p->script, "start", p->dir, "--owner", owner, opt[0],
	                 opt[1], NULL);
	p->start_s = now_s() - t0;
	p->running = true; /* whatever came up is stopped at exit */
	if (st != 0) {
		for (char *save, *l = strtok_r(err, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save))
			note("peers: %.300s", l);
		mail_bail(p, "tests/mail/peers start (exit %d)", st);
	}
	char path[300];
	snprintf(path, sizeof path, "%s/ports", p->dir);
	const char *ports = read_file(path, NULL);
	if (!ports || !parse_port(ports, "SMTP_PORT", &p->smtp_port) ||
	    !parse_port(ports, "IMAP_PORT", &p->imap_port) ||
	    !parse_port(ports, "DESK_LMTP_PORT", &p->desk_lmtp_port) ||
	    !parse_port(ports, "DOVECOT_LMTP_PORT", &p->dovecot_lmtp_port))
		mail_bail(p, "%s lists the four ports", path);
	snprintf(path, sizeof path, "%s/smtpd.mode", p->dir);
	const char *mode = read_file(path, NULL);
	p->shared_spool = mode && !strncmp(mode, "shared", 6);
	snprintf(path, sizeof path, "%s/lock_wait", p->dir);
	const char *wait = read_file(path, NULL);
	p->lock_wait_s = wait ? strtod(wait, NULL) : 0;
	snprintf(p->smtp_url, sizeof p->smtp_url, "smtp://127.0.0.1:%d", p->smtp_port);
	snprintf(p->desk_lmtp, sizeof p->desk_lmtp, "127.0.0.1:%d", p->desk_lmtp_port);
	snprintf(p->imap_url, sizeof p->imap_url, "imap://127.0.0.1:%d", p->imap_port);
}

void peers_stop(struct peers *p)
{
	if (!p->running)
		return;
	p->running = false;
	/* outputs not kept: this also runs from atexit, after h_finish freed the harness' memory */
	run_cmd(NULL, NULL, NULL, p->script, "stop", p->dir, NULL);
	if (getenv("EXDESK_KEEP_DATA")) {
		note("kept mail peers dir %s", p->dir);
		return;
	}
	if (!strncmp(p->dir, "/tmp/exdesk-mail.", 17))
		run_cmd(NULL, NULL, NULL, "/bin/rm", "-rf", p->dir, NULL);
}

bool peers_flush(struct peers *p)
{
	return run_cmd(NULL, NULL, NULL, p->script, "flush", p->dir, NULL) == 0;
}

const char *peers_queue(struct peers *p)
{
	char *out = NULL;
	if (run_cmd(NULL, &out, NULL, p->script, "queue", p->dir, NULL) != 0)
		return NULL;
	return out;
}

int peers_queued(struct peers *p, const char *needle)
{
	const char *q = peers_queue(p);
	if (!q)
		return -1;
	int n = 0;
	for (const char *line = q; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > 0 && (!needle || memmem(line, len, needle, strlen(needle))))
			n++;
		line += len + (end ? 1 : 0);
	}
	return n;
}

bool peers_wait_queue(struct peers *p, const char *needle, double timeout_s)
{
	double end = now_s() + timeout_s;
	for (;;) {
		if (peers_queued(p, needle) == 0)
			return true;
		if (now_s() > end)
			return false;
		sleep_s(0.1);
	}
}

static void dump_tail(const char *path, int lines)
{
	size_t len;
	char *all = read_file(path, &len);
	if (!all)
		return;
	size_t i = len;
	int seen = 0;
	while (i > 0 && seen <= lines) {
		i--;
		if (all[i] == '\n')
			seen++;
	}
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	for (char *save, *l = strtok_r(all + i, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		note("%s: %.300s", base, l);
}

void peers_dump_logs(struct peers *p, int lines)
{
	char path[300];
	snprintf(path, sizeof path, "%s/smtpd.log", p->dir);
	dump_tail(path, lines);
	snprintf(path, sizeof path, "%s/dovecot.log", p->dir);
	dump_tail(path, lines);
}

/* ---- sending ------------------------------------------------------------------------------- */

static bool ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || *s == '\r' || *s == '\n')
			return false;
	return true;
}

static void b64(struct h_buf *b, const unsigned char *s, size_t n)
{
	static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		char q[4] = {t[(v >> 18) & 63], t[(v >> 12) & 63],
		             i + 1 < n ? t[(v >> 6) & 63] : '=', i + 2 < n ? t[v & 63] : '='};
		h_buf_add(b, q, 4);
	}
}

/* Encoded words of at most 75 characters, cut between UTF-8 characters. */
static void encode_words(struct h_buf *b, const char *s)
{
	size_t n = strlen(s), off = 0;
	bool first = true;
	while (off < n) {
		size_t take = n - off < 45 ? n - off : 45; /* 45 bytes -> 60 base64 characters */
		while (off + take < n && take > 0 && ((unsigned char)s[off + take] & 0xC0) == 0x80)
			take--;
		if (take == 0) /* not UTF-8: cut anywhere */
			take = n - off < 45 ? n - off : 45;
		if (!first)
			h_buf_add(b, "\r\n ", 3);
		h_buf_add(b, "=?UTF-8?B?", 10);
		b64(b, (const unsigned char *)s + off, take);
		h_buf_add(b, "?=", 2);
		off += take;
		first = false;
	}
}

/* Append text with every line end made CRLF. */
static void add_crlf(struct h_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			h_buf_add(b, "\r", 1);
		h_buf_add(b, s + i, 1);
	}
}

char *mail_build(const struct mail_out *m, size_t *len)
{
	static unsigned seq;
	struct h_buf b = {0};
	char line[1024];
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(line, sizeof line, "Date: %s\r\nFrom: %s\r\nTo: %s\r\n", date,
	         m->from ? m->from : "", m->to ? m->to : "");
	h_buf_add(&b, line, strlen(line));
	if (m->message_id)
		snprintf(line, sizeof line, "Message-ID: %s\r\n", m->message_id);
	else
		snprintf(line, sizeof line, "Message-ID: <t%ld.%u.%d@peers.test>\r\n", (long)now,
		         ++seq, (int)getpid());
	h_buf_add(&b, line, strlen(line));
	if (m->subject) {
		h_buf_add(&b, "Subject: ", 9);
		if (ascii_only(m->subject))
			h_buf_add(&b, m->subject, strlen(m->subject));
		else
			encode_words(&b, m->subject);
		h_buf_add(&b, "\r\n", 2);
	}
	for (int i = 0; i < 8 && m->headers[i]; i++) {
		h_buf_add(&b, m->headers[i], strlen(m->headers[i]));
		h_buf_add(&b, "\r\n", 2);
	}
	const char *body = m->body ? m->body : "";
	snprintf(line, sizeof line,
	         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	         "Content-Transfer-Encoding: %s\r\n\r\n",
	         ascii_only(body) || !*body ? "7bit" : "8bit");
	h_buf_add(&b, line, strlen(line));
	add_crlf(&b, body, strlen(body));
	if (b.n < 2 || memcmp(b.p + b.n - 2, "\r\n", 2))
		h_buf_add(&b, "\r\n", 2);
	if (len)
		*len = b.n;
	return mkeep(b.p);
}

/* The code of the last server reply before QUIT in a swaks transcript ("<-  250 ..." or
 * "<** 550 ..."); 0 when there is none. */
static int last_reply_code(const char *t)
{
	int code = 0;
	for (const char *line = t; line && *line;) {
		if (!strncmp(line, " -> QUIT", 8))
			break;
		if ((!strncmp(line, "<-  ", 4) || !strncmp(line, "<** ", 4)) &&
		    isdigit((unsigned char)line[4]))
			code = (int)strtol(line + 4, NULL, 10);
		const char *nl = strchr(line, '\n');
		line = nl ? nl + 1 : NULL;
	}
	return code;
}

int mail_swaks(const char *server, bool lmtp, const char *from, const char *to, const void *data,
               size_t len, char **transcript)
{
	const char *swaks = which("swaks");
	if (transcript)
		*transcript = NULL;
	if (!swaks) {
		check(false, "swaks is installed (scripts/install-deps)");
		return 0;
	}
	/* SMTP's transparency: CRLF line ends and doubled leading dots, then the final dot
	 * (swaks adds the CRLF after it). Nothing else is touched. */
	struct h_buf b = {0};
	const char *s = data;
	bool bol = true;
	for (size_t i = 0; i < len; i++) {
		if (bol && s[i] == '.')
			h_buf_add(&b, ".", 1);
		if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r'))
			h_buf_add(&b, "\r", 1);
		h_buf_add(&b, s + i, 1);
		bol = s[i] == '\n';
	}
	if (!bol || b.n == 0) /* (swaks takes data without a line end for a file name) */
		h_buf_add(&b, "\r\n", 2);
	h_buf_add(&b, ".", 1);

	/* on stdin: nothing to clean up if the test dies meanwhile */
	char *out = NULL, *err = NULL;
	run_cmd(b.p, &out, &err, swaks, "--server", server, "--protocol", lmtp ? "LMTP" : "ESMTP",
	        "--helo", "client.peers.test", "--from", from, "--to", to, "--data", "-",
	        "--no-data-fixup", "--suppress-data", "--timeout", "20", NULL);
	free(b.p);
	struct h_buf t = {0};
	h_buf_add(&t, out ? out : "", out ? strlen(out) : 0);
	h_buf_add(&t, err ? err : "", err ? strlen(err) : 0);
	mkeep(t.p);
	if (transcript)
		*transcript = t.p;
	return last_reply_code(t.p);
}

int mail_send_raw(struct peers *p, const char *from, const char *to, const void *data, size_t len,
                  char **transcript)
{
	char server[64];
	snprintf(server, sizeof server, "127.0.0.1:%d", p->smtp_port);
	return mail_swaks(server, false, from, to, data, len, transcript);
}

int mail_send(struct peers *p, const struct mail_out *m, char **transcript)
{
	size_t len;
	char *msg = mail_build(m, &len);
	return mail_send_raw(p, m->from, m->to, msg, len, transcript);
}

int mail_send_file(struct peers *p, const char *from, const char *to, const char *eml_path,
                   char **transcript)
{
	size_t len;
	char *data = read_file(eml_path, &len);
	if (transcript)
		*transcript = NULL;
	if (!data) {
		check(false, "%s is readable", eml_path);
		return 0;
	}
	return mail_send_raw(p, from, to, data, len, transcript);
}

/* ---- IMAP: plain libcurl requests (the recipes in README.md) ------------------------------- */

static size_t on_data(char *ptr, size_t sz, size_t nm, void *ud)
{
	h_buf_add(ud, ptr, sz * nm);
	return sz * nm;
}

/* One request on a fresh connection: URL p->imap_url + "/" + path, optional custom command.
 * What libcurl hands the write callback is in *out (kept, NUL-terminated), *len its size. */
static CURLcode imap_request_len(struct peers *p, const char *user, const char *path,
                                 const char *custom, char **out, size_t *len)
{
	struct h_buf b = {0};
	h_buf_add(&b, "", 0);
	char url[512];
	snprintf(url, sizeof url, "%s/%s", p->imap_url, path);
	CURL *c = curl_easy_init();
	if (!c)
		abort();
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USERNAME, user);
	curl_easy_setopt(c, CURLOPT_PASSWORD, PEERS_PASSWORD);
	if (custom)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)IMAP_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_cleanup(c);
	mkeep(b.p);
	if (out)
		*out = b.p;
	if (len)
		*len = b.n;
	return rc;
}

static CURLcode imap_request(struct peers *p, const char *user, const char *path,
                             const char *custom, char **out)
{
	return imap_request_len(p, user, path, custom, out, NULL);
}

/* The number after `key` in text ("MESSAGES 3"); -1 if absent. */
static long number_after(const char *text, const char *key)
{
	const char *k = text ? strstr(text, key) : NULL;
	if (!k)
		return -1;
	k += strlen(key);
	while (*k == ' ')
		k++;
	if (!isdigit((unsigned char)*k))
		return -1;
	errno = 0;
	long v = strtol(k, NULL, 10);
	return errno ? -1 : v;
}

static int status_item(struct peers *p, const char *user, const char *item)
{
	char cmd[64], *out;
	snprintf(cmd, sizeof cmd, "STATUS INBOX (%s)", item);
	if (imap_request(p, user, "", cmd, &out) != CURLE_OK)
		return -1;
	return (int)number_after(out, item);
}

int imap_count(struct peers *p, const char *user)
{
	return status_item(p, user, "MESSAGES");
}

int imap_unseen(struct peers *p, const char *user)
{
	return status_item(p, user, "UNSEEN");
}

int imap_wait_count(struct peers *p, const char *user, int n, double timeout_s)
{
	double end = now_s() + timeout_s;
	int got;
	for (;;) {
		got = imap_count(p, user);
		if (got >= n || now_s() > end)
			return got;
		sleep_s(0.1);
	}
}

/* The "* n FETCH (...)" line for message n in libcurl's output (unsolicited FETCH lines for
 * other messages may come too). */
static const char *fetch_line(const char *out, int n)
{
	char want[32];
	snprintf(want, sizeof want, "* %d FETCH (", n);
	for (const char *line = out; line && *line;) {
		if (!strncmp(line, want, strlen(want)))
			return line;
		const char *nl = strchr(line, '\n');
		line = nl ? nl + 1 : NULL;
	}
	return NULL;
}

long imap_uid(struct peers *p, const char *user, int n)
{
	char cmd[64], *out;
	snprintf(cmd, sizeof cmd, "FETCH %d (UID)", n);
	if (imap_request(p, user, "INBOX", cmd, &out) != CURLE_OK)
		return -1;
	return number_after(fetch_line(out, n), "UID");
}

const char *imap_flags(struct peers *p, const char *user, int n)
{
	char cmd[64], *out;
	snprintf(cmd, sizeof cmd, "FETCH %d (FLAGS)", n);
	if (imap_request(p, user, "INBOX", cmd, &out) != CURLE_OK)
		return NULL;
	const char *line = fetch_line(out, n);
	const char *f = line ? strstr(line, "FLAGS (") : NULL;
	if (!f)
		return NULL;
	f += 7;
	const char *end = strchr(f, ')');
	return end ? kept_copy(f, (size_t)(end - f)) : NULL;
}

int imap_is_seen(struct peers *p, const char *user, int n)
{
	const char *f = imap_flags(p, user, n);
	if (!f)
		return -1;
	/* a flag is a whole word: \Seen, never a keyword that starts with it */
	for (const char *s = f; (s = strcasestr(s, "\\Seen")); s += 5)
		if ((s == f || s[-1] == ' ') && (s[5] == 0 || s[5] == ' '))
			return 1;
	return 0;
}

bool imap_set_seen(struct peers *p, const char *user, int n, bool seen)
{
	long uid = imap_uid(p, user, n);
	if (uid < 1)
		return false;
	char cmd[96];
	snprintf(cmd, sizeof cmd, "UID STORE %ld %cFLAGS (\\Seen)", uid, seen ? '+' : '-');
	return imap_request(p, user, "INBOX", cmd, NULL) == CURLE_OK;
}

int imap_search_unseen(struct peers *p, const char *user, long *uids, int max)
{
	char *out;
	if (imap_request(p, user, "INBOX", "UID SEARCH UNSEEN", &out) != CURLE_OK)
		return -1;
	int n = 0;
	/* only "* SEARCH" lines: libcurl passes every untagged response of a UID command on
	 * (an "* 5 EXISTS" arriving meanwhile included) */
	for (const char *line = out; line && *line;) {
		const char *nl = strchr(line, '\n');
		if (!strncmp(line, "* SEARCH", 8)) {
			const char *s = line + 8;
			while (s < (nl ? nl : s + strlen(s))) {
				while (*s == ' ')
					s++;
				if (!isdigit((unsigned char)*s))
					break;
				char *end;
				long v = strtol(s, &end, 10);
				if (n < max)
					uids[n] = v;
				n++;
				s = end;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	return n;
}

char *imap_fetch_marking_seen(struct peers *p, const char *user, long uid, size_t *len)
{
	char path[64], *out;
	snprintf(path, sizeof path, "INBOX/;UID=%ld", uid);
	if (imap_request_len(p, user, path, NULL, &out, len) != CURLE_OK)
		return NULL;
	return out;
}

/* ---- IMAP: libcurl logs in, the harness reads literals itself ------------------------------ */

struct imap_conn {
	CURL *c;
	curl_socket_t fd;
	struct h_buf in; /* bytes read and not yet consumed */
	int tag;
	double deadline;
};

static bool ic_wait(struct imap_conn *ic, short ev)
{
	int ms = (int)((ic->deadline - now_s()) * 1000);
	if (ms <= 0)
		return false;
	struct pollfd pfd = {.fd = ic->fd, .events = ev};
	return poll(&pfd, 1, ms) > 0;
}

static bool ic_open(struct peers *p, const char *user, struct imap_conn *ic)
{
	memset(ic, 0, sizeof *ic);
	ic->deadline = now_s() + IMAP_TIMEOUT_S;
	ic->c = curl_easy_init();
	if (!ic->c)
		abort();
	char url[128];
	snprintf(url, sizeof url, "%s/", p->imap_url);
	curl_easy_setopt(ic->c, CURLOPT_URL, url);
	curl_easy_setopt(ic->c, CURLOPT_USERNAME, user);
	curl_easy_setopt(ic->c, CURLOPT_PASSWORD, PEERS_PASSWORD);
	curl_easy_setopt(ic->c, CURLOPT_CONNECT_ONLY, 1L); /* connect, greeting, login; no more */
	curl_easy_setopt(ic->c, CURLOPT_TIMEOUT, (long)IMAP_TIMEOUT_S);
	curl_easy_setopt(ic->c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(ic->c) != CURLE_OK ||
	    curl_easy_getinfo(ic->c, CURLINFO_ACTIVESOCKET, &ic->fd) != CURLE_OK ||
	    ic->fd == CURL_SOCKET_BAD) {
		curl_easy_cleanup(ic->c);
		ic->c = NULL;
		return false;
	}
	return true;
}

static void ic_close(struct imap_conn *ic)
{
	if (ic->c)
		curl_easy_cleanup(ic->c);
	free(ic->in.p);
	memset(ic, 0, sizeof *ic);
}

static bool ic_send(struct imap_conn *ic, const char *s, size_t n)
{
	size_t off = 0;
	while (off < n) {
		size_t k = 0;
		CURLcode rc = curl_easy_send(ic->c, s + off, n - off, &k);
		if (rc == CURLE_AGAIN) {
			if (!ic_wait(ic, POLLOUT))
				return false;
			continue;
		}
		if (rc != CURLE_OK)
			return false;
		off += k;
	}
	return true;
}

/* "{123}" or "{123+}" closing a line (without its CRLF): the literal's size, else -1. */
static long literal_size(const char *line, size_t len)
{
	if (len < 3 || line[len - 1] != '}')
		return -1;
	size_t i = len - 1;
	if (line[i - 1] == '+')
		i--;
	size_t digits_end = i;
	while (i > 0 && isdigit((unsigned char)line[i - 1]))
		i--;
	if (i == 0 || line[i - 1] != '{' || i == digits_end || digits_end - i > 10)
		return -1;
	return strtol(line + i, NULL, 10);
}

/* Send one command; read its whole response (up to and with the tagged line) into *resp
 * (malloc'd, the caller frees). Lines are only looked at outside literals, so message bytes
 * can never end it. True when the tagged status is OK. */
static bool ic_command(struct imap_conn *ic, const char *cmd, char **resp, size_t *resp_len)
{
	char tag[16], line[512];
	snprintf(tag, sizeof tag, "h%d", ++ic->tag);
	snprintf(line, sizeof line, "%s %s\r\n", tag, cmd);
	*resp = NULL;
	if (!ic_send(ic, line, strlen(line)))
		return false;
	size_t scan = 0;
	bool bol = true;
	size_t tl = strlen(tag);
	for (;;) {
		while (scan < ic->in.n) {
			char *nl = memchr(ic->in.p + scan, '\n', ic->in.n - scan);
			if (!nl)
				break;
			size_t start = scan, end = (size_t)(nl - ic->in.p) + 1; /* after the LF */
			size_t len = end - start - 1;
			if (len && ic->in.p[start + len - 1] == '\r')
				len--;
			long lit = literal_size(ic->in.p + start, len);
			if (lit >= 0) {
				if (ic->in.n - end < (size_t)lit)
					break; /* the literal has not all arrived */
				scan = end + (size_t)lit;
				bol = false; /* the line goes on after the literal */
				continue;
			}
			if (bol && len > tl && !memcmp(ic->in.p + start, tag, tl) &&
			    ic->in.p[start + tl] == ' ') {
				bool ok =
				    len >= tl + 3 && !memcmp(ic->in.p + start + tl + 1, "OK", 2);
				*resp = xmalloc(end + 1);
				memcpy(*resp, ic->in.p, end);
				(*resp)[end] = 0;
				*resp_len = end;
				memmove(ic->in.p, ic->in.p + end, ic->in.n - end);
				ic->in.n -= end;
				return ok;
			}
			scan = end;
			bol = true;
		}
		char chunk[65536];
		size_t k = 0;
		CURLcode rc = curl_easy_recv(ic->c, chunk, sizeof chunk, &k);
		if (rc == CURLE_AGAIN) {
			if (!ic_wait(ic, POLLIN))
				return false;
			continue;
		}
		if (rc != CURLE_OK || k == 0)
			return false; /* error or closed */
		h_buf_add(&ic->in, chunk, k);
	}
}

/* The first literal of the "* n FETCH" response in resp. */
static char *first_literal(const char *resp, size_t len, size_t *out_len)
{
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(resp + at, '\n', len - at);
		if (!nl)
			return NULL;
		size_t end = (size_t)(nl - resp) + 1, l = end - at - 1;
		if (l && resp[at + l - 1] == '\r')
			l--;
		long lit = literal_size(resp + at, l);
		if (lit >= 0 && !strncmp(resp + at, "* ", 2) && len - end >= (size_t)lit) {
			*out_len = (size_t)lit;
			return kept_copy(resp + end, (size_t)lit);
		}
		at = lit >= 0 ? end + (size_t)lit : end;
	}
	return NULL;
}

static char *fetch_peek(struct peers *p, const char *user, int n, const char *section, size_t *len)
{
	struct imap_conn ic;
	size_t dummy;
	if (!len)
		len = &dummy;
	*len = 0;
	if (!ic_open(p, user, &ic))
		return NULL;
	char *resp = NULL, *msg = NULL;
	size_t rlen = 0;
	char cmd[96];
	/* EXAMINE opens the INBOX read-only: not even a wrong FETCH could set \Seen */
	if (ic_command(&ic, "EXAMINE INBOX", &resp, &rlen)) {
		free(resp);
		snprintf(cmd, sizeof cmd, "FETCH %d BODY.PEEK[%s]", n, section);
		if (ic_command(&ic, cmd, &resp, &rlen))
			msg = first_literal(resp, rlen, len);
	}
	free(resp);
	ic_close(&ic);
	return msg;
}

char *imap_fetch(struct peers *p, const char *user, int n, size_t *len)
{
	return fetch_peek(p, user, n, "", len);
}

char *imap_fetch_header(struct peers *p, const char *user, int n, size_t *len)
{
	return fetch_peek(p, user, n, "HEADER", len);
}

/* ---- messages ------------------------------------------------------------------------------ */

/* Size of the header block (up to the empty line, exclusive). */
static size_t header_len(const char *raw, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (raw[i] != '\n')
			continue;
		if (raw[i + 1] == '\n')
			return i + 1;
		if (raw[i + 1] == '\r' && i + 2 < len && raw[i + 2] == '\n')
			return i + 1;
	}
	return len;
}

/* Start of the body (after the empty line). */
static size_t body_start(const char *raw, size_t len)
{
	size_t h = header_len(raw, len);
	if (h < len && raw[h] == '\r')
		h++;
	if (h < len && raw[h] == '\n')
		h++;
	return h;
}

/* Unfolded value of header `name` in raw[0..len) (malloc'd), NULL if absent. */
static char *header_value(const char *raw, size_t len, const char *name)
{
	size_t hl = header_len(raw, len), nl = strlen(name);
	for (size_t at = 0; at < hl;) {
		const char *eol = memchr(raw + at, '\n', hl - at);
		size_t end = eol ? (size_t)(eol - raw) + 1 : hl;
		if (end - at > nl && !strncasecmp(raw + at, name, nl) && raw[at + nl] == ':') {
			struct h_buf v = {0};
			size_t s = at + nl + 1;
			for (;;) {
				size_t e = end;
				while (e > s && (raw[e - 1] == '\n' || raw[e - 1] == '\r'))
					e--;
				h_buf_add(&v, raw + s, e - s);
				if (end >= hl || (raw[end] != ' ' && raw[end] != '\t'))
					break;
				s = end; /* a continuation line: its whitespace stays */
				eol = memchr(raw + s, '\n', hl - s);
				end = eol ? (size_t)(eol - raw) + 1 : hl;
			}
			if (!v.p)
				h_buf_add(&v, "", 0);
			char *t = v.p; /* trim */
			while (*t == ' ' || *t == '\t')
				t++;
			size_t tl = strlen(t);
			while (tl && (t[tl - 1] == ' ' || t[tl - 1] == '\t'))
				tl--;
			memmove(v.p, t, tl);
			v.p[tl] = 0;
			return v.p;
		}
		at = end;
	}
	return NULL;
}

const char *mail_header_raw(const char *raw, size_t len, const char *name)
{
	char *v = header_value(raw, len, name);
	return v ? mkeep(v) : NULL;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static void b64_decode(struct h_buf *out, const char *s, size_t n)
{
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int d = b64val((unsigned char)s[i]);
		if (d < 0)
			continue; /* line ends, padding */
		v = (v << 6) | (unsigned)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			char c = (char)((v >> bits) & 0xFF);
			h_buf_add(out, &c, 1);
		}
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Quoted-printable; in_header: '_' is a space (RFC 2047's Q). */
static void qp_decode(struct h_buf *out, const char *s, size_t n, bool in_header)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '=' && i + 2 < n && hexval((unsigned char)s[i + 1]) >= 0 &&
		    hexval((unsigned char)s[i + 2]) >= 0) {
			char c = (char)(hexval((unsigned char)s[i + 1]) * 16 +
			                hexval((unsigned char)s[i + 2]));
			h_buf_add(out, &c, 1);
			i += 2;
		} else if (s[i] == '=' && !in_header &&
		           (i + 1 == n || s[i + 1] == '\r' || s[i + 1] == '\n')) {
			/* soft line break */
			if (i + 1 < n && s[i + 1] == '\r')
				i++;
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (s[i] == '_' && in_header) {
			h_buf_add(out, " ", 1);
		} else {
			h_buf_add(out, s + i, 1);
		}
	}
}

const char *mail_decode_words(const char *value)
{
	struct h_buf out = {0};
	h_buf_add(&out, "", 0);
	const char *s = value;
	/* whitespace after an encoded word, dropped when another word follows */
	const char *pending_ws = NULL;
	size_t pending_n = 0;
	while (*s) {
		const char *q1, *q2, *end;
		if (s[0] == '=' && s[1] == '?' && (q1 = strchr(s + 2, '?')) && q1[1] &&
		    q1[2] == '?' && (end = strstr(q1 + 3, "?=")) &&
		    !memchr(s, ' ', (size_t)(end - s))) {
			char enc = (char)toupper((unsigned char)q1[1]);
			q2 = q1 + 3;
			if (enc == 'B' || enc == 'Q') {
				pending_ws = NULL; /* words next to each other join */
				if (enc == 'B')
					b64_decode(&out, q2, (size_t)(end - q2));
				else
					qp_decode(&out, q2, (size_t)(end - q2), true);
				s = end + 2;
				const char *w = s;
				while (*w == ' ' || *w == '\t')
					w++;
				if (w != s) {
					pending_ws = s;
					pending_n = (size_t)(w - s);
					s = w;
				}
				continue;
			}
		}
		if (pending_ws) {
			h_buf_add(&out, pending_ws, pending_n);
			pending_ws = NULL;
		}
		h_buf_add(&out, s, 1);
		s++;
	}
	if (pending_ws)
		h_buf_add(&out, pending_ws, pending_n);
	return mkeep(out.p);
}

const char *mail_header(const char *raw, size_t len, const char *name)
{
	char *v = header_value(raw, len, name);
	if (!v)
		return NULL;
	const char *d = mail_decode_words(v);
	free(v);
	return d;
}

/* A parameter of a Content-Type value (malloc'd), NULL if absent. */
static char *ct_param(const char *ct, const char *name)
{
	size_t nl = strlen(name);
	for (const char *s = strchr(ct, ';'); s; s = strchr(s + 1, ';')) {
		const char *k = s + 1;
		while (*k == ' ' || *k == '\t')
			k++;
		if (strncasecmp(k, name, nl) || k[nl] != '=')
			continue;
		const char *v = k + nl + 1, *e;
		if (*v == '"') {
			v++;
			e = strchr(v, '"');
		} else {
			e = v + strcspn(v, "; \t");
		}
		if (!e)
			e = v + strlen(v);
		char *r = xmalloc((size_t)(e - v) + 1);
		memcpy(r, v, (size_t)(e - v));
		r[e - v] = 0;
		return r;
	}
	return NULL;
}

/* The text/plain body of an entity (headers + body), decoded; malloc'd or NULL. */
static char *entity_text(const char *raw, size_t len, int depth)
{
	char *ct = header_value(raw, len, "Content-Type");
	char *cte = header_value(raw, len, "Content-Transfer-Encoding");
	size_t bs = body_start(raw, len);
	char *result = NULL;
	if (ct && !strncasecmp(ct, "multipart/", 10) && depth < 8) {
		char *boundary = ct_param(ct, "boundary");
		if (boundary && *boundary) {
			char delim[300];
			snprintf(delim, sizeof delim, "--%s", boundary);
			size_t dl = strlen(delim);
			const char *part = NULL;
			for (size_t at = bs; at < len && !result;) {
				const char *nl = memchr(raw + at, '\n', len - at);
				size_t end = nl ? (size_t)(nl - raw) + 1 : len;
				char after = end - at > dl ? raw[at + dl] : '\n';
				if (end - at >= dl && !memcmp(raw + at, delim, dl) &&
				    strchr("\r\n- \t", after)) {
					/* a part ends before the line end ahead of a delimiter */
					if (part) {
						size_t pe = at;
						if (pe > 0 && raw[pe - 1] == '\n')
							pe--;
						if (pe > 0 && raw[pe - 1] == '\r')
							pe--;
						if (pe > (size_t)(part - raw))
							result = entity_text(
							    part, pe - (size_t)(part - raw),
							    depth + 1);
					}
					if (end - at >= dl + 2 && !memcmp(raw + at + dl, "--", 2))
						break; /* the closing delimiter */
					part = raw + end;
				}
				at = end;
			}
		}
		free(boundary);
	} else if (!ct || !strncasecmp(ct, "text/plain", 10)) {
		struct h_buf out = {0};
		h_buf_add(&out, "", 0);
		if (cte && !strcasecmp(cte, "base64"))
			b64_decode(&out, raw + bs, len - bs);
		else if (cte && !strcasecmp(cte, "quoted-printable"))
			qp_decode(&out, raw + bs, len - bs, false);
		else
			h_buf_add(&out, raw + bs, len - bs);
		result = out.p;
	}
	free(ct);
	free(cte);
	return result;
}

const char *mail_text(const char *raw, size_t len)
{
	char *t = entity_text(raw, len, 0);
	return t ? mkeep(t) : NULL;
}
