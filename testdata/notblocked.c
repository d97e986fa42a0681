/*
 * notblocked: runs that look stuck but are not, so the host must not end
 * them as all-blocked. Thread 2 waits for a mutex main owns, with no timeout.
 *   1. Main waits 20 ms in a timed acquire: a timed wait can end by itself.
 *   2. Main waits for a semaphore with no timeout while thread 3 sits in
 *      memory.atomic.wait32 (20 ms): the host cannot see what wait32 waits
 *      for, so thread 3 counts as live; it then releases main's unit.
 * Then main unlocks and thread 2 gets the mutex.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_semaphore never = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore later = WASYNC_SEMAPHORE_INIT(0);
static int flag; /* never notified: thread 3's wait32 times out */
static int result2 = -1, wait3 = -1;

static void thread2(void *arg)
{
	(void)arg;
	result2 = wasync_sys_lockmutex(&m);
	wasync_sys_unlockmutex(&m);
}

static void thread3(void *arg)
{
	(void)arg;
	wait3 = __builtin_wasm_memory_atomic_wait32(&flag, 0, 20000000);
	wasync_sem_release(&later);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_sys_lockmutex(&m);
	int t2 = wasync_thread_spawn(thread2, 0);
	wait_queued(&m);
	expect_errno("main timeacquiresemaphore, 20 ms", wasync_sys_timeacquiresemaphore(&never, 20000000), WASYNC_ETIMEDOUT);
	int t3 = wasync_thread_spawn(thread3, 0);
	expect_errno("main acquiresemaphore while thread 3 is in wait32", wasync_sys_acquiresemaphore(&later), WASYNC_OK);
	wasync_thread_join(t3);
	expect_u32("thread 3 wait32 result (2: timed out)", (uint32_t)wait3, 2);
	expect_errno("main unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	wasync_thread_join(t2);
	expect_errno("thread 2 lockmutex", result2, WASYNC_OK);
	return check_done();
}
