/* harness_sse.c — the streaming SSE reader of harness.h: one background thread drives a curl multi
 * handle with every open stream and parses text/event-stream frames incrementally. Test-only code,
 * nothing here is shared with src/. */
#include "harness.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Server-Sent Events -------------------------------------------------------------------- */
/* One hub thread drives a curl multi handle with every open stream; the streams' callbacks run
 * on that thread and append items under sse_mu, the test threads read under it. */

struct sse {
	struct srv *srv;
	CURL *easy;
	struct curl_slist *hdrs;
	char url[4096];
	int max_items;
	/* state under sse_mu */
	struct sse_item **items;
	int n, cap;
	int comments;
	long status;
	char *ctype;
	struct h_buf hdr;
	bool headers_done, ended, want_close, added, removed;
	int curl_err;
	double ended_at;
	size_t bytes;
	struct h_buf raw; /* the first 64 KiB of the body, for diagnostics */
	/* parser state (hub thread only) */
	struct h_buf line;
	bool last_cr;
	struct h_buf data;
	bool data_seen, has_id, full;
	char event[32], idtext[32];
	char lastid_buf[32]; /* the EventSource "last event ID buffer": kept across frames */
	char lastid[32];     /* under sse_mu: the last event ID as of the last frame end */
	struct sse *next, *prev;
};

static pthread_mutex_t sse_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t sse_cv = PTHREAD_COND_INITIALIZER;
static CURLM *sse_multi;
static pthread_t sse_thread;
static bool sse_running, sse_stop;
static struct sse *sse_list;

static void sse_dispatch(struct sse *st)
{
	/* as EventSource does: the last event ID is set at every frame end, data or not */
	pthread_mutex_lock(&sse_mu);
	snprintf(st->lastid, sizeof st->lastid, "%s", st->lastid_buf);
	pthread_cond_broadcast(&sse_cv);
	pthread_mutex_unlock(&sse_mu);
	if (st->data_seen || st->event[0]) {
		struct sse_item *it = calloc(1, sizeof *it);
		if (!it)
			abort();
		it->has_id = st->has_id;
		snprintf(it->idtext, sizeof it->idtext, "%s", st->idtext);
		it->id = -1;
		if (st->has_id && st->idtext[0]) {
			char *end;
			long long v = strtoll(st->idtext, &end, 10);
			if (!*end)
				it->id = v;
		}
		snprintf(it->event, sizeof it->event, "%s", st->event);
		it->data = h_xstrdup(st->data.p ? st->data.p : "");
		json_error_t je;
		it->json = json_loads(it->data, JSON_DECODE_ANY, &je);
		it->at = now_s();
		pthread_mutex_lock(&sse_mu);
		if (st->n == st->cap) {
			st->cap = st->cap ? st->cap * 2 : 64;
			struct sse_item **ni = realloc(st->items, (size_t)st->cap * sizeof *ni);
			if (!ni)
				abort();
			st->items = ni;
		}
		st->items[st->n++] = it;
		if (st->max_items > 0 && st->n >= st->max_items)
			st->full = true;
		pthread_cond_broadcast(&sse_cv);
		pthread_mutex_unlock(&sse_mu);
	}
	st->data.n = 0;
	if (st->data.p)
		st->data.p[0] = 0;
	st->data_seen = st->has_id = false;
	st->event[0] = st->idtext[0] = 0;
}

static void sse_line(struct sse *st)
{
	const char *l = st->line.p ? st->line.p : "";
	size_t n = st->line.n;
	if (n == 0) {
		sse_dispatch(st);
		return;
	}
	if (l[0] == ':') {
		pthread_mutex_lock(&sse_mu);
		st->comments++;
		pthread_cond_broadcast(&sse_cv);
		pthread_mutex_unlock(&sse_mu);
		return;
	}
	const char *colon = memchr(l, ':', n);
	size_t fl = colon ? (size_t)(colon - l) : n;
	const char *v = colon ? colon + 1 : l + n;
	if (colon && v < l + n && *v == ' ')
		v++;
	size_t vl = (size_t)(l + n - v);
	if (fl == 4 && !memcmp(l, "data", 4)) {
		if (st->data_seen)
			h_buf_add(&st->data, "\n", 1);
		h_buf_add(&st->data, v, vl);
		st->data_seen = true;
	} else if (fl == 5 && !memcmp(l, "event", 5)) {
		snprintf(st->event, sizeof st->event, "%.*s", (int)vl, v);
	} else if (fl == 2 && !memcmp(l, "id", 2)) {
		st->has_id = true;
		snprintf(st->idtext, sizeof st->idtext, "%.*s", (int)vl, v);
		if (!memchr(v, 0, vl))
			snprintf(st->lastid_buf, sizeof st->lastid_buf, "%.*s", (int)vl, v);
	}
}

static size_t sse_on_body(char *p, size_t sz, size_t nm, void *ud)
{
	struct sse *st = ud;
	size_t n = sz * nm;
	pthread_mutex_lock(&sse_mu);
	st->bytes += n;
	if (st->raw.n < 65536)
		h_buf_add(&st->raw, p, n < 65536 - st->raw.n ? n : 65536 - st->raw.n);
	pthread_mutex_unlock(&sse_mu);
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (st->last_cr && c == '\n') {
			st->last_cr = false;
			continue;
		}
		st->last_cr = false;
		if (c == '\r' || c == '\n') {
			st->last_cr = c == '\r';
			sse_line(st);
			st->line.n = 0;
			if (st->line.p)
				st->line.p[0] = 0;
			if (st->full)
				return 0; /* drop the connection, discard the rest */
		} else {
			h_buf_add(&st->line, &c, 1);
		}
	}
	return n;
}

static size_t sse_on_header(char *p, size_t sz, size_t nm, void *ud)
{
	struct sse *st = ud;
	size_t n = sz * nm;
	pthread_mutex_lock(&sse_mu);
	if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
		st->hdr.n = 0;
		int code = 0;
		if (sscanf(p, "HTTP/%*s %d", &code) == 1)
			st->status = code;
	}
	h_buf_add(&st->hdr, p, n);
	if ((n == 2 && p[0] == '\r') || (n == 1 && p[0] == '\n')) {
		if (st->status >= 200) {
			st->headers_done = true;
			free(st->ctype);
			st->ctype = h_header_values(st->hdr.p, "Content-Type");
			pthread_cond_broadcast(&sse_cv);
		}
	}
	pthread_mutex_unlock(&sse_mu);
	return n;
}

static void *sse_hub(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sse_mu);
	while (!sse_stop) {
		for (struct sse *st = sse_list; st; st = st->next) {
			if (!st->added && !st->want_close) {
				curl_multi_add_handle(sse_multi, st->easy);
				st->added = true;
			}
			if (st->want_close && !st->removed) {
				if (st->added)
					curl_multi_remove_handle(sse_multi, st->easy);
				st->removed = true;
				if (!st->ended) {
					st->ended = true;
					st->curl_err = CURLE_ABORTED_BY_CALLBACK;
					st->ended_at = now_s();
				}
				pthread_cond_broadcast(&sse_cv);
			}
		}
		pthread_mutex_unlock(&sse_mu);
		int running = 0;
		curl_multi_perform(sse_multi, &running);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(sse_multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			struct sse *st = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&st);
			if (!st)
				continue;
			pthread_mutex_lock(&sse_mu);
			if (!st->ended) {
				st->ended = true;
				st->curl_err = (int)m->data.result;
				st->ended_at = now_s();
			}
			if (!st->status) {
				long code = 0;
				curl_easy_getinfo(m->easy_handle, CURLINFO_RESPONSE_CODE, &code);
				st->status = code;
			}
			pthread_cond_broadcast(&sse_cv);
			pthread_mutex_unlock(&sse_mu);
		}
		curl_multi_poll(sse_multi, NULL, 0, 100, NULL);
		pthread_mutex_lock(&sse_mu);
	}
	pthread_mutex_unlock(&sse_mu);
	return NULL;
}

static void sse_start_hub(void)
{
	if (sse_running)
		return;
	sse_multi = curl_multi_init();
	sse_stop = false;
	if (pthread_create(&sse_thread, NULL, sse_hub, NULL) != 0) {
		fprintf(stderr, "cannot start the SSE thread\n");
		abort();
	}
	sse_running = true;
}

struct sse *sse_open_ex(struct srv *s, const struct sse_opts *o)
{
	sse_start_hub();
	struct sse *st = calloc(1, sizeof *st);
	if (!st)
		abort();
	st->srv = s;
	st->max_items = o->max_items;
	snprintf(st->url, sizeof st->url, "%s%s", s->base, o->path);
	char line[1024];
	st->hdrs = curl_slist_append(st->hdrs, "Accept: text/event-stream");
	if (o->token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", o->token);
		st->hdrs = curl_slist_append(st->hdrs, line);
	}
	if (o->last_event_id) {
		snprintf(line, sizeof line, "Last-Event-ID: %s", o->last_event_id);
		st->hdrs = curl_slist_append(st->hdrs, line);
	}
	for (int i = 0; i < 4 && o->headers[i]; i++)
		st->hdrs = curl_slist_append(st->hdrs, o->headers[i]);
	CURL *c = curl_easy_init();
	st->easy = c;
	curl_easy_setopt(c, CURLOPT_URL, st->url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, st->hdrs);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sse_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, st);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sse_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, st);
	curl_easy_setopt(c, CURLOPT_PRIVATE, (char *)st);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	pthread_mutex_lock(&sse_mu);
	st->next = sse_list;
	if (sse_list)
		sse_list->prev = st;
	sse_list = st;
	pthread_mutex_unlock(&sse_mu);
	curl_multi_wakeup(sse_multi);
	return st;
}

struct sse *sse_open(struct srv *s, const char *path, const char *token, const char *last_event_id)
{
	struct sse_opts o = {.path = path, .token = token, .last_event_id = last_event_id};
	return sse_open_ex(s, &o);
}

static void abs_deadline(struct timespec *ts, double timeout_s)
{
	double end = now_s() + timeout_s;
	ts->tv_sec = (time_t)end;
	ts->tv_nsec = (long)((end - (double)ts->tv_sec) * 1e9);
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

bool sse_wait_open(struct sse *st, double timeout_s)
{
	struct timespec ts;
	abs_deadline(&ts, timeout_s);
	pthread_mutex_lock(&sse_mu);
	while (!st->headers_done && !st->ended)
		if (pthread_cond_timedwait(&sse_cv, &sse_mu, &ts) != 0)
			break;
	bool ok = st->status != 0;
	pthread_mutex_unlock(&sse_mu);
	return ok;
}

long sse_status(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	long s = st->status;
	pthread_mutex_unlock(&sse_mu);
	return s;
}

const char *sse_content_type(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	const char *c = st->ctype;
	pthread_mutex_unlock(&sse_mu);
	return c;
}

const char *sse_headers(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	const char *h = st->headers_done && st->hdr.p ? st->hdr.p : "";
	pthread_mutex_unlock(&sse_mu);
	return h;
}

int sse_count(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	int n = st->n;
	pthread_mutex_unlock(&sse_mu);
	return n;
}

int sse_comments(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	int n = st->comments;
	pthread_mutex_unlock(&sse_mu);
	return n;
}

size_t sse_bytes(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	size_t n = st->bytes;
	pthread_mutex_unlock(&sse_mu);
	return n;
}

const struct sse_item *sse_item(struct sse *st, int i)
{
	pthread_mutex_lock(&sse_mu);
	const struct sse_item *it = i >= 0 && i < st->n ? st->items[i] : NULL;
	pthread_mutex_unlock(&sse_mu);
	return it;
}

static int count_event_locked(struct sse *st, const char *event)
{
	if (!event)
		return st->n;
	int k = 0;
	for (int i = 0; i < st->n; i++)
		k += !strcmp(st->items[i]->event, event);
	return k;
}

int sse_count_event(struct sse *st, const char *event)
{
	pthread_mutex_lock(&sse_mu);
	int k = count_event_locked(st, event);
	pthread_mutex_unlock(&sse_mu);
	return k;
}

bool sse_wait_items(struct sse *st, const char *event, int n, double timeout_s)
{
	struct timespec ts;
	abs_deadline(&ts, timeout_s);
	pthread_mutex_lock(&sse_mu);
	bool ok;
	while (!(ok = count_event_locked(st, event) >= n) && !st->ended)
		if (pthread_cond_timedwait(&sse_cv, &sse_mu, &ts) != 0)
			break;
	ok = count_event_locked(st, event) >= n;
	pthread_mutex_unlock(&sse_mu);
	return ok;
}

bool sse_ended(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	bool e = st->ended;
	pthread_mutex_unlock(&sse_mu);
	return e;
}

double sse_ended_at(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	double t = st->ended_at;
	pthread_mutex_unlock(&sse_mu);
	return t;
}

bool sse_wait_end(struct sse *st, double timeout_s, int *curl_err)
{
	struct timespec ts;
	abs_deadline(&ts, timeout_s);
	pthread_mutex_lock(&sse_mu);
	while (!st->ended)
		if (pthread_cond_timedwait(&sse_cv, &sse_mu, &ts) != 0)
			break;
	bool e = st->ended;
	if (curl_err)
		*curl_err = st->curl_err;
	pthread_mutex_unlock(&sse_mu);
	return e;
}

const char *sse_last_event_id(struct sse *st, char out[32])
{
	pthread_mutex_lock(&sse_mu);
	snprintf(out, 32, "%s", st->lastid);
	pthread_mutex_unlock(&sse_mu);
	return out;
}

bool sse_wait_last_id(struct sse *st, double timeout_s)
{
	struct timespec ts;
	abs_deadline(&ts, timeout_s);
	pthread_mutex_lock(&sse_mu);
	while (!st->lastid[0] && !st->ended)
		if (pthread_cond_timedwait(&sse_cv, &sse_mu, &ts) != 0)
			break;
	bool ok = st->lastid[0] != 0;
	pthread_mutex_unlock(&sse_mu);
	return ok;
}

const char *sse_raw(struct sse *st)
{
	pthread_mutex_lock(&sse_mu);
	const char *r = st->raw.p ? st->raw.p : "";
	pthread_mutex_unlock(&sse_mu);
	return r;
}

void sse_close(struct sse *st)
{
	if (!st)
		return;
	pthread_mutex_lock(&sse_mu);
	st->want_close = true;
	curl_multi_wakeup(sse_multi);
	while (!st->removed)
		pthread_cond_wait(&sse_cv, &sse_mu);
	if (st->prev)
		st->prev->next = st->next;
	else
		sse_list = st->next;
	if (st->next)
		st->next->prev = st->prev;
	pthread_mutex_unlock(&sse_mu);
	curl_easy_cleanup(st->easy);
	curl_slist_free_all(st->hdrs);
	for (int i = 0; i < st->n; i++) {
		free(st->items[i]->data);
		json_decref(st->items[i]->json);
		free(st->items[i]);
	}
	free(st->items);
	free(st->ctype);
	free(st->hdr.p);
	free(st->raw.p);
	free(st->line.p);
	free(st->data.p);
	free(st);
}

void h_sse_shutdown(void)
{
	if (!sse_running)
		return;
	for (;;) {
		pthread_mutex_lock(&sse_mu);
		struct sse *st = sse_list;
		pthread_mutex_unlock(&sse_mu);
		if (!st)
			break;
		sse_close(st);
	}
	pthread_mutex_lock(&sse_mu);
	sse_stop = true;
	pthread_mutex_unlock(&sse_mu);
	curl_multi_wakeup(sse_multi);
	pthread_join(sse_thread, NULL);
	curl_multi_cleanup(sse_multi);
	sse_multi = NULL;
	sse_running = false;
}
