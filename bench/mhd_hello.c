/* mhd_hello.c — the floor under every HTTP figure: a bare libmicrohttpd server that answers
 * every request with a small JSON body, started with the same daemon options exdesk's server
 * uses (epoll, a thread pool, suspend/resume allowed, 16 KiB per connection). Whatever exdesk's
 * /healthz costs beyond this is exdesk's own request handling (routing, headers, logging);
 * whatever a write costs beyond /healthz is the work of the write.
 *
 *   mhd_hello PORT [THREADS]     serves on 127.0.0.1:PORT until SIGTERM
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char BODY[] = "{\"status\":\"ok\"}";

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	(void)cls, (void)url, (void)method, (void)version, (void)upload;
	/* The first call only announces the request; a body, if any, arrives in later calls. */
	if (!*state) {
		*state = (void *)1;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof BODY - 1, (void *)BODY,
								 MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	enum MHD_Result ok = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ok;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mhd_hello PORT [THREADS]\n");
		return 2;
	}
	unsigned port = (unsigned)atoi(argv[1]), threads = argc > 2 ? (unsigned)atoi(argv[2]) : 16;
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME, (uint16_t)port,
		NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(16 * 1024), MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_hello: cannot listen on port %u\n", port);
		return 1;
	}
	int sig;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	return 0;
}
