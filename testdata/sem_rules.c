/*
 * sem_rules: the semaphore state machine: units counted down by acquire
 * (fast path and host alike) and up by release, ETIMEDOUT when empty, timed
 * calls that succeed at once when a unit is there (even with timeout 0) or
 * when one comes while they wait,
 * EOVERFLOW at 0x7FFFFFFF with the count unchanged, and the host-maintained
 * waiters field while a thread blocks.
 */
#include "check.h"

static struct wasync_semaphore sem = WASYNC_SEMAPHORE_INIT(2);
static struct wasync_semaphore full = WASYNC_SEMAPHORE_INIT(WASYNC_MAX_COUNT - 1);
static struct wasync_semaphore empty = WASYNC_SEMAPHORE_INIT(0);
static int waiter_result = -1;

static void units(void)
{
	expect_errno("acquiresemaphore 2 units", wasync_sys_acquiresemaphore(&sem), WASYNC_OK);
	expect_u32("  count", sem_count(&sem), 1);
	expect_errno("fast acquire 1 unit", wasync_sem_acquire(&sem), WASYNC_OK);
	expect_u32("  count", sem_count(&sem), 0);
	expect_errno("timeacquiresemaphore empty, 0", wasync_sys_timeacquiresemaphore(&sem, 0), WASYNC_ETIMEDOUT);
	expect_errno("timeacquiresemaphore empty, 2 ms", wasync_sys_timeacquiresemaphore(&sem, 2000000), WASYNC_ETIMEDOUT);
	expect_u32("  count", sem_count(&sem), 0);
	expect_errno("releasesemaphore", wasync_sem_release(&sem), WASYNC_OK);
	expect_u32("  count", sem_count(&sem), 1);
	expect_errno("timeacquiresemaphore 1 unit, 0", wasync_sys_timeacquiresemaphore(&sem, 0), WASYNC_OK);
	expect_u32("  count", sem_count(&sem), 0);
	expect_errno("releasesemaphore", wasync_sem_release(&sem), WASYNC_OK);
	expect_errno("timeacquiresemaphore 1 unit, 10 s", wasync_sys_timeacquiresemaphore(&sem, 10000000000), WASYNC_OK);
}

static void overflow(void)
{
	expect_errno("releasesemaphore to 0x7FFFFFFF", wasync_sem_release(&full), WASYNC_OK);
	expect_u32("  count", sem_count(&full), WASYNC_MAX_COUNT);
	expect_errno("releasesemaphore past 0x7FFFFFFF", wasync_sem_release(&full), WASYNC_EOVERFLOW);
	expect_u32("  count", sem_count(&full), WASYNC_MAX_COUNT);
	expect_errno("fast acquire at 0x7FFFFFFF", wasync_sem_acquire(&full), WASYNC_OK);
	expect_u32("  count", sem_count(&full), WASYNC_MAX_COUNT - 1);
}

static void waiter(void *arg)
{
	(void)arg;
	waiter_result = wasync_sem_acquire(&empty);
}

static void blocking(void)
{
	int tid = wasync_thread_spawn(waiter, 0);
	wait_waiters(&empty, 1);
	expect_u32("waiters while thread 2 blocks", __atomic_load_n(&empty.waiters, __ATOMIC_SEQ_CST), 1);
	expect_errno("releasesemaphore", wasync_sem_release(&empty), WASYNC_OK);
	wasync_thread_join(tid);
	expect_errno("thread 2 acquire", waiter_result, WASYNC_OK);
	expect_u32("  waiters", __atomic_load_n(&empty.waiters, __ATOMIC_SEQ_CST), 0);
	expect_u32("  count", sem_count(&empty), 0);
}

static void release_when_waited(void *arg)
{
	(void)arg;
	wait_waiters(&empty, 1);
	wasync_sem_release(&empty);
}

/* A timed acquire that has to wait, and gets a unit within its timeout. */
static void timed_wait(void)
{
	int tid = wasync_thread_spawn(release_when_waited, 0);
	expect_errno("timeacquiresemaphore empty, released while waiting, 10 s", wasync_sys_timeacquiresemaphore(&empty, 10000000000), WASYNC_OK);
	expect_u32("  count", sem_count(&empty), 0);
	wasync_thread_join(tid);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	units();
	overflow();
	blocking();
	timed_wait();
	return check_done();
}
