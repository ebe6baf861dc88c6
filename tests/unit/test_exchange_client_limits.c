/* test_exchange_client_limits.c — exchange_call_limited (src/channels/exchange_client.h), what
 * bounds the User 360 panel's wait: against a peer that accepts connections and never answers,
 * a call gives up after the limit's timeout and number of attempts; a limit only ever shortens
 * the client's own (a larger one leaves the client's); no limits is exchange_call. */
#include "channels/exchange_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "unit_main.h"

static const char SECRET[] = "unit-test-secret-0123456789abcdef0123";

/* A loopback listener that never accepts: the kernel completes the connection, nobody answers. */
static int silent_peer(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof a;
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
	ck_assert_int_eq(listen(fd, 64), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static struct exchange_client *client(int port, long timeout_ms, int attempts)
{
	char url[64];
	snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
	struct exchange_client_config cfg = {.base_url = url,
	                                     .key = "exdesk",
	                                     .secret = (const uint8_t *)SECRET,
	                                     .secret_len = sizeof SECRET - 1,
	                                     .timeout_ms = timeout_ms,
	                                     .max_attempts = attempts};
	struct exchange_client *x = exchange_client_new(&cfg);
	ck_assert_ptr_nonnull(x);
	return x;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* One call; returns the wall time it took in ms. */
static double timed_call(struct exchange_client *x, const struct exchange_call_limits *lim,
                         struct exchange_reply *rep)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	exchange_call_limited(x, "GET", "/v1/users/10000001", NULL, lim, rep);
	return ms_since(&t0);
}

START_TEST(a_short_limit_gives_up_after_one_short_attempt)
{
	int port, fd = silent_peer(&port);
	struct exchange_client *x = client(port, 5000, 3);
	struct exchange_reply rep;
	const struct exchange_call_limits lim = {.timeout_ms = 200, .max_attempts = 1};
	double ms = timed_call(x, &lim, &rep);
	ck_assert_int_eq(rep.outcome, EXCHANGE_UNAVAILABLE);
	ck_assert_str_eq(rep.code, "timeout");
	ck_assert_int_eq(rep.attempts, 1);
	ck_assert_msg(ms >= 150 && ms < 1000, "took %.0f ms", ms);
	exchange_reply_clear(&rep);
	exchange_client_free(x);
	close(fd);
}
END_TEST

START_TEST(two_attempts_take_two_timeouts_and_the_pause)
{
	int port, fd = silent_peer(&port);
	struct exchange_client *x = client(port, 5000, 3);
	struct exchange_reply rep;
	const struct exchange_call_limits lim = {.timeout_ms = 200, .max_attempts = 2};
	double ms = timed_call(x, &lim, &rep);
	ck_assert_int_eq(rep.outcome, EXCHANGE_UNAVAILABLE);
	ck_assert_int_eq(rep.attempts, 2);
	/* 200 + 200 ms pause + 200 */
	ck_assert_msg(ms >= 550 && ms < 1600, "took %.0f ms", ms);
	exchange_reply_clear(&rep);
	exchange_client_free(x);
	close(fd);
}
END_TEST

START_TEST(a_limit_never_lengthens_the_clients_own)
{
	int port, fd = silent_peer(&port);
	struct exchange_client *x = client(port, 250, 1);
	struct exchange_reply rep;
	const struct exchange_call_limits lim = {.timeout_ms = 5000, .max_attempts = 5};
	double ms = timed_call(x, &lim, &rep);
	ck_assert_int_eq(rep.outcome, EXCHANGE_UNAVAILABLE);
	ck_assert_int_eq(rep.attempts, 1);
	ck_assert_msg(ms >= 200 && ms < 1200, "took %.0f ms", ms);
	exchange_reply_clear(&rep);
	exchange_client_free(x);
	close(fd);
}
END_TEST

START_TEST(no_limits_is_the_clients_own)
{
	int port, fd = silent_peer(&port);
	struct exchange_client *x = client(port, 300, 2);
	struct exchange_reply rep;
	double ms = timed_call(x, NULL, &rep);
	ck_assert_int_eq(rep.outcome, EXCHANGE_UNAVAILABLE);
	ck_assert_int_eq(rep.attempts, 2);
	ck_assert_msg(ms >= 750 && ms < 2000, "took %.0f ms", ms);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	exchange_call(x, "GET", "/v1/networks", NULL, &rep); /* clears and refills rep */
	ms = ms_since(&t0);
	ck_assert_int_eq(rep.attempts, 2);
	ck_assert_msg(ms >= 750 && ms < 2000, "exchange_call took %.0f ms", ms);
	exchange_reply_clear(&rep);
	exchange_client_free(x);
	close(fd);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("exchange_client_limits");
	UNIT_TEST(s, a_short_limit_gives_up_after_one_short_attempt);
	UNIT_TEST(s, two_attempts_take_two_timeouts_and_the_pause);
	UNIT_TEST(s, a_limit_never_lengthens_the_clients_own);
	UNIT_TEST(s, no_limits_is_the_clients_own);
	return unit_run(s, "exchange_client_limits");
}
