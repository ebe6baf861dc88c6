/* ops.c — what operators and load balancers ask: health, metrics, and the API's front door. */
#include "api/api.h"
#include "api/exchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ticket.h"
#include "http/server.h"
#include "util/textbuf.h"

void h_healthz(struct request *r)
{
	if (server_stopping()) {
		http_error(r, 503, "unavailable", "shutting down", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

void h_root(struct request *r)
{
	const char *accept = http_header_in(r, "Accept");
	if (accept && strstr(accept, "text/html")) {
		http_header(r, "Location", "/console/");
		http_error(r, 302, "found", "the agent console is at /console/", NULL);
		return;
	}
	http_json(r, 200, json_pack("{s:s, s:s, s:s}", "name", "exdesk", "api", "/api/v1",
				    "docs", "docs/api.md in the source tree"));
}

#define METRICS_MAX (256 * 1024)

void h_metrics(struct request *r)
{
	struct textbuf out;
	textbuf_init(&out, arena_alloc(&r->arena, METRICS_MAX), METRICS_MAX);
	server_metrics_render(&out);
	const char *statuses[TICKET_STATUS_COUNT];
	int64_t counts[TICKET_STATUS_COUNT];
	for (int i = 0; i < TICKET_STATUS_COUNT; i++)
		statuses[i] = ticket_status_name((enum ticket_status)i);
	store_ticket_count_by_status(store_reader(r->store), statuses, TICKET_STATUS_COUNT, counts);
	textbuf_printf(&out, "# HELP exdesk_tickets Tickets by status.\n# TYPE exdesk_tickets gauge\n");
	for (int i = 0; i < TICKET_STATUS_COUNT; i++)
		textbuf_printf(&out, "exdesk_tickets{status=\"%s\"} %lld\n", statuses[i],
			       (long long)counts[i]);
	struct store_stats *st = store_stats(r->store);
	textbuf_printf(&out, "# HELP exdesk_store_commit_duration_seconds Durable commit time of "
			     "one batch.\n# TYPE exdesk_store_commit_duration_seconds histogram\n");
	histogram_render(&st->commit_seconds, "exdesk_store_commit_duration_seconds", "", &out);
	textbuf_printf(&out, "# HELP exdesk_store_commit_batch_size Write jobs per commit.\n"
			     "# TYPE exdesk_store_commit_batch_size histogram\n");
	histogram_render(&st->batch_size, "exdesk_store_commit_batch_size", "", &out);
	textbuf_printf(&out, "# HELP exdesk_store_jobs_failed_total Write jobs rolled back.\n"
			     "# TYPE exdesk_store_jobs_failed_total counter\n"
			     "exdesk_store_jobs_failed_total %llu\n",
		       (unsigned long long)atomic_load(&st->jobs_failed));
	textbuf_printf(&out, "# HELP exdesk_store_write_queue Write jobs waiting for the writer.\n"
			     "# TYPE exdesk_store_write_queue gauge\nexdesk_store_write_queue %zu\n"
			     "# HELP exdesk_store_write_queue_peak Most write jobs ever waiting at once.\n"
			     "# TYPE exdesk_store_write_queue_peak gauge\nexdesk_store_write_queue_peak %llu\n"
			     "# HELP exdesk_store_writes_refused_total Writes answered 503 because the "
			     "queue was full.\n# TYPE exdesk_store_writes_refused_total counter\n"
			     "exdesk_store_writes_refused_total %llu\n",
		       store_queue_depth(r->store), (unsigned long long)atomic_load(&st->queue_peak),
		       (unsigned long long)atomic_load(&st->jobs_refused));
	textbuf_printf(&out, "# HELP exdesk_store_checkpoints_total Background checkpoints of the "
			     "write-ahead log.\n# TYPE exdesk_store_checkpoints_total counter\n"
			     "exdesk_store_checkpoints_total %llu\n"
			     "# HELP exdesk_store_checkpoints_blocking_total Checkpoints the writer had to "
			     "wait for (log past its hard limit).\n"
			     "# TYPE exdesk_store_checkpoints_blocking_total counter\n"
			     "exdesk_store_checkpoints_blocking_total %llu\n",
		       (unsigned long long)atomic_load(&st->checkpoints),
		       (unsigned long long)atomic_load(&st->checkpoints_blocking));
	exchange_metrics_render(&out);
	http_text(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.p, out.len);
}
