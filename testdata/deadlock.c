/*
 * deadlock: a two-thread cycle. Main owns a, thread 2 owns b and waits for
 * a; main locking b would close the cycle, so lockmutex and timelockmutex
 * (even with a long timeout) answer EDEADLK at once instead of blocking.
 * Then main lets go of a and both threads finish normally.
 */
#include "check.h"

static struct wasync_mutex a = WASYNC_MUTEX_INIT;
static struct wasync_mutex b = WASYNC_MUTEX_INIT;
static struct wasync_semaphore ready = WASYNC_SEMAPHORE_INIT(0);
static int result = -1;

static void thread2(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&b);
	wasync_sem_release(&ready);
	result = wasync_sys_lockmutex(&a);
	wasync_sys_unlockmutex(&a);
	wasync_sys_unlockmutex(&b);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	expect_errno("main lockmutex a", wasync_sys_lockmutex(&a), WASYNC_OK);
	int tid = wasync_thread_spawn(thread2, 0);
	wasync_sem_acquire(&ready);
	wait_queued(&a); /* thread 2 is the only one who can queue on a */
	expect_errno("main lockmutex b", wasync_sys_lockmutex(&b), WASYNC_EDEADLK);
	expect_errno("main timelockmutex b, 10 s", wasync_sys_timelockmutex(&b, 10000000000), WASYNC_EDEADLK);
	expect_errno("main trylockmutex b", wasync_sys_trylockmutex(&b), WASYNC_EBUSY);
	expect_u32("  a's owner", owner_of(&a) & WASYNC_OWNER_TID, 1);
	expect_u32("  b's owner", owner_of(&b), (uint32_t)tid);
	expect_errno("main unlockmutex a", wasync_sys_unlockmutex(&a), WASYNC_OK);
	wasync_thread_join(tid);
	expect_errno("thread 2 lockmutex a", result, WASYNC_OK);
	expect_errno("main lockmutex b", wasync_sys_lockmutex(&b), WASYNC_OK);
	return check_done();
}
