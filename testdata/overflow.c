/*
 * overflow: thread 3 recurses until its 16 KiB stack is used up, just above
 * thread 2's stack, while thread 2 waits. Under wasmhost's instrumentation
 * thread 3 traps as itself with "stack overflow" (the run ends with 134);
 * without the SDK's stack check it would write into thread 2's stack and
 * the trap would surface later, in another thread, as another error.
 */
#include "check.h"

static struct wasync_semaphore never = WASYNC_SEMAPHORE_INIT(0);

static void waiter(void *arg)
{
	(void)arg;
	wasync_sem_acquire(&never);
}

static volatile uint32_t limit = 0xFFFFFFFF; /* never reached: 16 KiB run out first */

/* deep recurses with a frame the compiler cannot drop. */
static __attribute__((noinline)) uint32_t deep(volatile uint32_t *up, uint32_t n)
{
	volatile uint32_t frame[16];
	frame[0] = n + (up ? up[0] : 0);
	if (n == limit)
		return frame[0];
	return deep(frame, n + 1) + frame[0];
}

static void recurse(void *arg)
{
	(void)arg;
	wasync_printf("%u\n", deep(0, 0));
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	int a = wasync_thread_spawn(waiter, 0);
	int b = wasync_thread_spawn(recurse, 0);
	wasync_printf("spawned %d and %d\n", a, b);
	wasync_thread_join(b);
	return 0;
}
