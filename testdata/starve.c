/*
 * starve: the starvation hand-off. Once the longest waiter has waited 1 ms
 * or more, an unlock hands the mutex straight to it (its tid is in the owner
 * word before the unlock returns, before it even wakes) and a newcomer
 * cannot take it; a release likewise hands the unit straight over (count
 * unchanged). Main lets the waiter starve with a 3 ms timed wait on a
 * semaphore that never gets a unit: the wait is the point, not a guess.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_semaphore sem = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore never = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore go = WASYNC_SEMAPHORE_INIT(0);
static int result = -1;

static void let_starve(void)
{
	expect_errno("wait 3 ms", wasync_sys_timeacquiresemaphore(&never, 3000000), WASYNC_ETIMEDOUT);
}

static void mutex_waiter(void *arg)
{
	(void)arg;
	result = wasync_sys_lockmutex(&m);
	wasync_sem_acquire(&go); /* hold m until main has looked at it */
	wasync_sys_unlockmutex(&m);
}

static void sem_waiter(void *arg)
{
	(void)arg;
	result = wasync_sys_acquiresemaphore(&sem);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	expect_errno("main lockmutex", wasync_sys_lockmutex(&m), WASYNC_OK);
	int tid = wasync_thread_spawn(mutex_waiter, 0);
	wait_queued(&m);
	let_starve();
	expect_errno("main unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	expect_u32("  owner right after the unlock", owner_of(&m), (uint32_t)tid);
	expect_u32("  count", mutex_count(&m), 1);
	expect_errno("main trylockmutex", wasync_sys_trylockmutex(&m), WASYNC_EBUSY);
	expect_errno("main timelockmutex, 0", wasync_sys_timelockmutex(&m, 0), WASYNC_ETIMEDOUT);
	wasync_sem_release(&go);
	wasync_thread_join(tid);
	expect_errno("thread 2 lockmutex", result, WASYNC_OK);

	tid = wasync_thread_spawn(sem_waiter, 0);
	wait_waiters(&sem, 1);
	let_starve();
	expect_errno("main releasesemaphore", wasync_sem_release(&sem), WASYNC_OK);
	expect_u32("  count right after the release", sem_count(&sem), 0);
	expect_errno("main timeacquiresemaphore, 0", wasync_sys_timeacquiresemaphore(&sem, 0), WASYNC_ETIMEDOUT);
	wasync_thread_join(tid);
	expect_errno("thread 3 acquiresemaphore", result, WASYNC_OK);
	return check_done();
}
