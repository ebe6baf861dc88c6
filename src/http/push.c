#include "http/push.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/textbuf.h"
#include "util/xalloc.h"

#define HEARTBEAT_S 20
#define EVENTS_PER_FILL 100
#define FILL_MAX (256 * 1024)  /* one burst of frames */
#define SIGNALS_MAX (32 * 1024) /* queued ephemeral frames per stream; past it they are dropped */
#define MAX_GROUPS 64
#define TICK_S 1
#define MAX_GONE 1024

struct push_stream {
	struct MHD_Connection *conn;
	struct push_stream *prev, *next;
	struct push_spec spec;
	int64_t groups[MAX_GROUPS]; /* spec.who.groups points here */
	int64_t last_sent;
	/* guarded by hub.mu */
	bool dirty, suspended, closing, ping_due;
	char *signals;
	size_t signals_len;
	/* only the reader touches these */
	char *out;
	size_t out_len, out_off;
	bool hello_sent;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t tick;
	struct push_stream *head;
	size_t count;
	struct store *store;
	int64_t last_published; /* highest committed event id seen by the commit hook */
	pthread_t heartbeat;
	bool running, stopping;
	push_gone_fn gone;
	int64_t grace_ms, ping_ms;
	struct {
		int64_t agent_id, due_ms;
	} pending_gone[MAX_GONE];
	size_t n_gone;
} hub = {.mu = PTHREAD_MUTEX_INITIALIZER, .tick = PTHREAD_COND_INITIALIZER};

const struct principal *push_stream_principal(const struct push_stream *ps)
{
	return &ps->spec.who;
}

int64_t push_stream_customer(const struct push_stream *ps)
{
	return ps->spec.customer_id;
}

int64_t push_stream_session(const struct push_stream *ps)
{
	return ps->spec.session_id;
}

void push_stream_set_principal(struct push_stream *ps, enum role role, const int64_t *groups,
			       size_t n_groups)
{
	size_t ng = n_groups < MAX_GROUPS ? n_groups : MAX_GROUPS;
	/* Signals read these under hub.mu from other threads. */
	pthread_mutex_lock(&hub.mu);
	ps->spec.who.role = role;
	if (ng)
		memcpy(ps->groups, groups, ng * sizeof(int64_t));
	ps->spec.who.n_groups = ng;
	pthread_mutex_unlock(&hub.mu);
}

/* hub.mu held */
static void wake(struct push_stream *ps)
{
	ps->dirty = true;
	if (ps->suspended) {
		ps->suspended = false;
		MHD_resume_connection(ps->conn);
	}
}

static void on_commit(struct db *w, void *ctx)
{
	(void)ctx;
	struct event_brief briefs[256];
	for (;;) {
		size_t n = store_event_briefs_after(w, hub.last_published, briefs, 256);
		if (!n)
			return;
		pthread_mutex_lock(&hub.mu);
		hub.last_published = briefs[n - 1].id;
		for (struct push_stream *ps = hub.head; ps; ps = ps->next) {
			bool concerned = ps->spec.customer_id == 0;
			for (size_t i = 0; !concerned && i < n; i++)
				concerned = briefs[i].customer_id == ps->spec.customer_id;
			if (concerned)
				wake(ps);
		}
		pthread_mutex_unlock(&hub.mu);
		if (n < 256)
			return;
	}
}

void push_set_gone_hook(push_gone_fn fn)
{
	pthread_mutex_lock(&hub.mu);
	hub.gone = fn;
	pthread_mutex_unlock(&hub.mu);
}

/* hub.mu held */
static bool agent_has_stream(int64_t agent_id)
{
	for (struct push_stream *ps = hub.head; ps; ps = ps->next)
		if (!ps->spec.customer_id && ps->spec.who.agent_id == agent_id)
			return true;
	return false;
}

/* hub.mu held: agents whose grace ran out, removed from the pending list into out. */
static size_t take_gone(int64_t now, int64_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < hub.n_gone;) {
		if (hub.pending_gone[i].due_ms > now) {
			i++;
			continue;
		}
		if (!agent_has_stream(hub.pending_gone[i].agent_id))
			out[n++] = hub.pending_gone[i].agent_id;
		hub.pending_gone[i] = hub.pending_gone[--hub.n_gone];
	}
	return n;
}

static void *heartbeat_main(void *arg)
{
	(void)arg;
	int64_t gone[MAX_GONE];
	int ticks = 0;
	pthread_mutex_lock(&hub.mu);
	while (!hub.stopping) {
		struct timespec until;
		clock_deadline_after(&until, TICK_S * 1000LL);
		pthread_cond_timedwait(&hub.tick, &hub.mu, &until);
		if (hub.stopping)
			break;
		/* A ping keeps proxies from closing idle streams and finds peers that went away. */
		if (++ticks * TICK_S * 1000LL >= hub.ping_ms) {
			ticks = 0;
			for (struct push_stream *ps = hub.head; ps; ps = ps->next) {
				ps->ping_due = true;
				wake(ps);
			}
		}
		size_t n = take_gone(clock_now_ms(), gone);
		push_gone_fn fn = hub.gone;
		if (n && fn) {
			pthread_mutex_unlock(&hub.mu); /* the hook writes through the store */
			for (size_t i = 0; i < n; i++)
				fn(gone[i]);
			pthread_mutex_lock(&hub.mu);
		}
	}
	pthread_mutex_unlock(&hub.mu);
	return NULL;
}

void push_init(struct store *s)
{
	hub.store = s;
	struct arena a;
	arena_init(&a, 1024);
	const char *hash;
	store_event_last(store_reader(s), &a, &hub.last_published, &hash);
	arena_free(&a);
	store_set_commit_hook(s, on_commit, NULL);
	hub.stopping = false;
	/* Tests shorten the grace (EXDESK_PRESENCE_GRACE_MS) instead of waiting a minute. */
	const char *g = getenv("EXDESK_PRESENCE_GRACE_MS");
	hub.grace_ms = g && atoll(g) > 0 ? atoll(g) : PRESENCE_GRACE_S * 1000LL;
	const char *pi = getenv("EXDESK_PUSH_PING_MS");
	hub.ping_ms = pi && atoll(pi) > 0 ? atoll(pi) : HEARTBEAT_S * 1000LL;
	hub.running = pthread_create(&hub.heartbeat, NULL, heartbeat_main, NULL) == 0;
}

void push_shutdown(void)
{
	pthread_mutex_lock(&hub.mu);
	hub.stopping = true;
	for (struct push_stream *ps = hub.head; ps; ps = ps->next) {
		ps->closing = true;
		wake(ps);
	}
	pthread_cond_broadcast(&hub.tick);
	pthread_mutex_unlock(&hub.mu);
	if (hub.running)
		pthread_join(hub.heartbeat, NULL);
	hub.running = false;
	if (hub.store)
		store_remove_commit_hook(hub.store, on_commit);
}

size_t push_stream_count(void)
{
	pthread_mutex_lock(&hub.mu);
	size_t n = hub.count;
	pthread_mutex_unlock(&hub.mu);
	return n;
}

/* Build the next burst of frames into ps->out. Returns false when there is nothing to send. */
static bool fill(struct push_stream *ps, bool *closing)
{
	pthread_mutex_lock(&hub.mu);
	ps->dirty = false;
	*closing = ps->closing;
	bool ping = ps->ping_due;
	ps->ping_due = false;
	char *sig = ps->signals;
	size_t sig_len = ps->signals_len;
	ps->signals = NULL;
	ps->signals_len = 0;
	int64_t published = hub.last_published;
	pthread_mutex_unlock(&hub.mu);
	if (*closing) {
		free(sig);
		return false;
	}

	if (ps->spec.check) {
		struct arena ca;
		arena_init(&ca, 2048);
		bool valid = ps->spec.check(ps, store_reader(hub.store), &ca);
		arena_free(&ca);
		if (!valid) {
			free(sig);
			*closing = true;
			return false;
		}
	}
	struct textbuf out;
	textbuf_init(&out, xmalloc(FILL_MAX), FILL_MAX); /* freed as soon as it is sent */
	if (!ps->hello_sent) {
		/* retry: how soon EventSource reconnects. The id sets the client's Last-Event-ID to
		 * where this stream starts, so even a client that drops before any change resumes
		 * without a gap (EventSource records an id even for a frame without data). */
		textbuf_printf(&out, "retry: 2000\nid: %lld\n: exdesk stream\n\n",
			       (long long)ps->last_sent);
		ps->hello_sent = true;
	}
	if (sig) {
		textbuf_printf(&out, "%.*s", (int)sig_len, sig);
		free(sig);
	}
	if (ps->last_sent < published) {
		struct arena a;
		arena_init(&a, 16384);
		struct db *db = store_reader(hub.store);
		struct event_row *rows;
		size_t n = store_event_list_after(db, &a, ps->last_sent, ps->spec.customer_id,
						  EVENTS_PER_FILL, &rows);
		for (size_t i = 0; i < n && !out.truncated; i++) {
			size_t before = out.len;
			ps->spec.render(ps, db, &a, &rows[i], &out);
			if (out.truncated) { /* send what fitted; this event goes in the next burst */
				out.len = before;
				out.p[before] = '\0';
				break;
			}
			ps->last_sent = rows[i].id;
		}
		if (n < EVENTS_PER_FILL && !out.truncated && ps->last_sent < published)
			ps->last_sent = published; /* the rest were other streams' events */
		else if (n == EVENTS_PER_FILL || out.truncated) {
			pthread_mutex_lock(&hub.mu);
			ps->dirty = true; /* more to read: do not suspend */
			pthread_mutex_unlock(&hub.mu);
		}
		arena_free(&a);
	}
	if (ping && out.len == 0)
		textbuf_printf(&out, ": ping\n\n");
	free(ps->out);
	ps->out = out.p;
	ps->out_len = out.len;
	ps->out_off = 0;
	return out.len > 0;
}

static ssize_t reader(void *cls, uint64_t pos, char *buf, size_t max)
{
	(void)pos;
	struct push_stream *ps = cls;
	for (;;) {
		if (ps->out_off < ps->out_len) {
			size_t n = ps->out_len - ps->out_off;
			if (n > max)
				n = max;
			memcpy(buf, ps->out + ps->out_off, n);
			ps->out_off += n;
			if (ps->out_off == ps->out_len) { /* an idle stream holds no buffer */
				free(ps->out);
				ps->out = NULL;
				ps->out_len = ps->out_off = 0;
			}
			return (ssize_t)n;
		}
		bool closing;
		if (fill(ps, &closing))
			continue;
		if (closing)
			return MHD_CONTENT_READER_END_OF_STREAM;
		pthread_mutex_lock(&hub.mu);
		if (!ps->dirty && !ps->closing) {
			/* Nothing to say: park the connection until a commit or a signal wakes it. */
			ps->suspended = true;
			MHD_suspend_connection(ps->conn);
			pthread_mutex_unlock(&hub.mu);
			return 0;
		}
		pthread_mutex_unlock(&hub.mu);
	}
}

static void stream_free(void *cls)
{
	struct push_stream *ps = cls;
	pthread_mutex_lock(&hub.mu);
	if (ps->prev)
		ps->prev->next = ps->next;
	else
		hub.head = ps->next;
	if (ps->next)
		ps->next->prev = ps->prev;
	hub.count--;
	if (!ps->spec.customer_id && !hub.stopping && !agent_has_stream(ps->spec.who.agent_id) &&
	    hub.n_gone < MAX_GONE) {
		hub.pending_gone[hub.n_gone].agent_id = ps->spec.who.agent_id;
		hub.pending_gone[hub.n_gone].due_ms = clock_now_ms() + hub.grace_ms;
		hub.n_gone++;
	}
	pthread_mutex_unlock(&hub.mu);
	free(ps->signals);
	free(ps->out);
	free(ps);
}

void push_start(struct request *r, const struct push_spec *spec)
{
	struct push_stream *ps = xcalloc(1, sizeof *ps);
	ps->conn = r->conn;
	ps->spec = *spec;
	size_t ng = spec->who.n_groups < MAX_GROUPS ? spec->who.n_groups : MAX_GROUPS;
	if (ng)
		memcpy(ps->groups, spec->who.groups, ng * sizeof(int64_t));
	ps->spec.who.groups = ps->groups;
	ps->spec.who.n_groups = ng;
	ps->spec.who.name = ps->spec.who.email = NULL; /* they live in the request's arena */
	struct MHD_Response *resp =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, ps, stream_free);
	if (!resp) {
		free(ps);
		http_error(r, 503, "unavailable", "cannot open a stream now", NULL);
		return;
	}
	MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "X-Accel-Buffering", "no"); /* nginx: do not buffer */
	pthread_mutex_lock(&hub.mu);
	ps->last_sent = spec->since >= 0 && spec->since <= hub.last_published ? spec->since
									       : hub.last_published;
	ps->next = hub.head;
	if (hub.head)
		hub.head->prev = ps;
	hub.head = ps;
	hub.count++;
	pthread_mutex_unlock(&hub.mu);
	r->resp_custom = resp;
	r->status = 200;
}

void push_signal(const struct push_target *t, const char *event, const char *data)
{
	char frame[2048];
	int n = snprintf(frame, sizeof frame, "event: %s\ndata: %s\n\n", event, data);
	if (n < 0 || (size_t)n >= sizeof frame)
		return;
	pthread_mutex_lock(&hub.mu);
	for (struct push_stream *ps = hub.head; ps; ps = ps->next) {
		bool to = false;
		if (ps->spec.customer_id)
			to = t->to_customer && ps->spec.customer_id == t->customer_id;
		else
			to = t->to_agents && ps->spec.who.agent_id != t->except_agent_id &&
			     perm_ticket_visible(ps->spec.who.role, ps->spec.who.agent_id,
						 ps->spec.who.groups, ps->spec.who.n_groups,
						 t->group_id, t->assignee_id);
		if (!to || ps->signals_len + (size_t)n > SIGNALS_MAX)
			continue;
		ps->signals = xrealloc(ps->signals, ps->signals_len + (size_t)n + 1);
		memcpy(ps->signals + ps->signals_len, frame, (size_t)n);
		ps->signals_len += (size_t)n;
		ps->signals[ps->signals_len] = '\0';
		wake(ps);
	}
	pthread_mutex_unlock(&hub.mu);
}
