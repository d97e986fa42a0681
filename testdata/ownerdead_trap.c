/*
 * ownerdead_trap: thread 2 locks a mutex through the host and another
 * through the fast path, waits until main is queued on the first, then
 * traps. Run with traps confined to their thread, the run goes on: main, the
 * queued waiter, is woken at once with EOWNERDEAD, and as the next locker of
 * the fast-path mutex it gets EOWNERDEAD too. Run without, the trap ends the
 * whole run with a non-zero status while main is still blocked.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_mutex fast = WASYNC_MUTEX_INIT;
static struct wasync_semaphore locked = WASYNC_SEMAPHORE_INIT(0);

static void trapper(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&m);
	wasync_mutex_lock(&fast);
	wasync_sem_release(&locked);
	wait_queued(&m);
	wasync_printf("thread 2: trapping\n");
	__builtin_trap();
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_thread_spawn(trapper, 0);
	wasync_sem_acquire(&locked);
	expect_errno("main lockmutex, queued", wasync_sys_lockmutex(&m), WASYNC_EOWNERDEAD);
	expect_u32("  owner", owner_of(&m), 1);
	expect_errno("main lockmutex (fast-path owner)", wasync_sys_lockmutex(&fast), WASYNC_EOWNERDEAD);
	expect_u32("  owner", owner_of(&fast), 1);
	expect_u32("  count", mutex_count(&fast), 1);
	return check_done();
}
