/*
 * lockorder: the classic lock-order inversion that does not deadlock this
 * time. Thread 2 takes lock_a then lock_b and lets both go; only then does
 * main take lock_b then lock_a. No thread ever waits, yet the two orders
 * form a cycle: under wasync run --lock-order it is reported on stderr, with
 * each order's stack; under --lock-order=strict main's lock of lock_a fails
 * with EDEADLK. Both take lock_c first, always in the same order: no report.
 * Every lock goes through the SDK's fast path, which the host turns off
 * while it checks lock order ("wasync" "fastpath" = 0).
 */
#include "check.h"

struct wasync_mutex lock_a = WASYNC_MUTEX_INIT;
struct wasync_mutex lock_b = WASYNC_MUTEX_INIT;
struct wasync_mutex lock_c = WASYNC_MUTEX_INIT;

/* take_in_order locks c, first and second, says how that went and lets go. */
static __attribute__((noinline)) void take_in_order(const char *who, struct wasync_mutex *first,
						    struct wasync_mutex *second)
{
	int c = wasync_mutex_lock(&lock_c);
	int e1 = wasync_mutex_lock(first);
	int e2 = wasync_mutex_lock(second);
	wasync_printf("%s: %E %E %E\n", who, c, e1, e2);
	if (e2 == WASYNC_OK)
		wasync_mutex_unlock(second);
	wasync_mutex_unlock(first);
	wasync_mutex_unlock(&lock_c);
}

static __attribute__((noinline)) void a_then_b(void *arg)
{
	(void)arg;
	take_in_order("thread 2 locks c, a, b", &lock_a, &lock_b);
}

static __attribute__((noinline)) void b_then_a(void)
{
	take_in_order("main locks c, b, a", &lock_b, &lock_a);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_thread_join(wasync_thread_spawn(a_then_b, 0));
	b_then_a();
	return 0;
}
