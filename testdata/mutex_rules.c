/*
 * mutex_rules: the mutex state machine from real threads: lock/unlock words,
 * EDEADLK on a non-recursive relock (never a hang, even timed), EPERM for an
 * unlocked mutex and for a non-owner (mutex unchanged), recursion depth and
 * EAGAIN at 0x7FFFFFFF, EBUSY and ETIMEDOUT while another thread owns it,
 * timed locks that succeed at once when free or after waiting within their
 * timeout, and the fast path and the host
 * agreeing on the same words.
 */
#include "check.h"

static struct wasync_mutex plain = WASYNC_MUTEX_INIT;
static struct wasync_mutex rec = WASYNC_RECURSIVE_MUTEX_INIT;
static struct wasync_semaphore held = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore go = WASYNC_SEMAPHORE_INIT(0);

static void lock_unlock(void)
{
	expect_errno("lockmutex free", wasync_sys_lockmutex(&plain), WASYNC_OK);
	expect_u32("  owner", owner_of(&plain), 1);
	expect_u32("  count", mutex_count(&plain), 1);
	expect_errno("lockmutex relock", wasync_sys_lockmutex(&plain), WASYNC_EDEADLK);
	expect_errno("trylockmutex relock", wasync_sys_trylockmutex(&plain), WASYNC_EDEADLK);
	expect_errno("timelockmutex relock, 0", wasync_sys_timelockmutex(&plain, 0), WASYNC_EDEADLK);
	expect_errno("timelockmutex relock, 10 s", wasync_sys_timelockmutex(&plain, 10000000000), WASYNC_EDEADLK);
	expect_u32("  count", mutex_count(&plain), 1);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	expect_u32("  owner", owner_of(&plain), 0);
	expect_u32("  count", mutex_count(&plain), 0);
	expect_errno("unlockmutex unlocked", wasync_sys_unlockmutex(&plain), WASYNC_EPERM);
	expect_u32("  owner", owner_of(&plain), 0);
	expect_u32("  count", mutex_count(&plain), 0);
	expect_errno("trylockmutex free", wasync_sys_trylockmutex(&plain), WASYNC_OK);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	expect_errno("timelockmutex free, 0", wasync_sys_timelockmutex(&plain, 0), WASYNC_OK);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
}

static void recursion(void)
{
	expect_errno("lockmutex recursive", wasync_sys_lockmutex(&rec), WASYNC_OK);
	expect_errno("lockmutex recursive again", wasync_sys_lockmutex(&rec), WASYNC_OK);
	expect_errno("trylockmutex recursive", wasync_sys_trylockmutex(&rec), WASYNC_OK);
	expect_errno("timelockmutex recursive, 0", wasync_sys_timelockmutex(&rec, 0), WASYNC_OK);
	expect_u32("  count", mutex_count(&rec), 4);
	for (int i = 4; i > 1; i--)
		expect_errno("unlockmutex one level", wasync_sys_unlockmutex(&rec), WASYNC_OK);
	expect_u32("  owner", owner_of(&rec), 1);
	expect_u32("  count", mutex_count(&rec), 1);
	expect_errno("unlockmutex last level", wasync_sys_unlockmutex(&rec), WASYNC_OK);
	expect_u32("  owner", owner_of(&rec), 0);
	expect_errno("unlockmutex unlocked", wasync_sys_unlockmutex(&rec), WASYNC_EPERM);

	/* The depth limit: the owner may write its own count to get there. */
	expect_errno("lockmutex recursive", wasync_sys_lockmutex(&rec), WASYNC_OK);
	__atomic_store_n(&rec.count, WASYNC_MAX_COUNT - 1, __ATOMIC_SEQ_CST);
	expect_errno("lockmutex to depth 0x7FFFFFFF", wasync_sys_lockmutex(&rec), WASYNC_OK);
	expect_u32("  count", mutex_count(&rec), WASYNC_MAX_COUNT);
	expect_errno("lockmutex past 0x7FFFFFFF", wasync_sys_lockmutex(&rec), WASYNC_EAGAIN);
	expect_errno("trylockmutex past 0x7FFFFFFF", wasync_sys_trylockmutex(&rec), WASYNC_EAGAIN);
	expect_errno("timelockmutex past 0x7FFFFFFF", wasync_sys_timelockmutex(&rec, 1000), WASYNC_EAGAIN);
	expect_u32("  count", mutex_count(&rec), WASYNC_MAX_COUNT);
	expect_errno("unlockmutex one level", wasync_sys_unlockmutex(&rec), WASYNC_OK);
	expect_u32("  count", mutex_count(&rec), WASYNC_MAX_COUNT - 1);
	__atomic_store_n(&rec.count, 1, __ATOMIC_SEQ_CST);
	expect_errno("unlockmutex last level", wasync_sys_unlockmutex(&rec), WASYNC_OK);
}

/* The fast path and the host read and write the same words. */
static void fast_path(void)
{
	expect_errno("fast lock", wasync_mutex_lock(&plain), WASYNC_OK);
	expect_u32("  owner", owner_of(&plain), 1);
	expect_u32("  count", mutex_count(&plain), 1);
	expect_errno("lockmutex after a fast lock", wasync_sys_lockmutex(&plain), WASYNC_EDEADLK);
	expect_errno("unlockmutex after a fast lock", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	expect_errno("fast unlock unlocked", wasync_mutex_unlock(&plain), WASYNC_EPERM);
	expect_errno("lockmutex", wasync_sys_lockmutex(&plain), WASYNC_OK);
	expect_errno("fast unlock after lockmutex", wasync_mutex_unlock(&plain), WASYNC_OK);
	expect_u32("  owner", owner_of(&plain), 0);
	expect_u32("  count", mutex_count(&plain), 0);
	expect_errno("fast lock recursive", wasync_mutex_lock(&rec), WASYNC_OK);
	expect_errno("fast lock recursive again", wasync_mutex_lock(&rec), WASYNC_OK);
	expect_u32("  count", mutex_count(&rec), 2);
	expect_errno("fast unlock", wasync_mutex_unlock(&rec), WASYNC_OK);
	expect_errno("fast unlock", wasync_mutex_unlock(&rec), WASYNC_OK);
	expect_u32("  owner", owner_of(&rec), 0);
	/* Bad objects go to the host for their errno instead of trapping. */
	expect_errno("fast lock misaligned", wasync_mutex_lock((void *)((char *)&plain + 2)), WASYNC_EFAULT);
	expect_errno("fast lock out of bounds", wasync_mutex_lock((void *)0xFFFFFFF0u), WASYNC_EFAULT);
	expect_errno("fast unlock on a semaphore", wasync_mutex_unlock((void *)&held), WASYNC_EINVAL);
	expect_errno("fast acquire on a mutex", wasync_sem_acquire((void *)&plain), WASYNC_EINVAL);
}

/* Thread 2 holds plain (once) and rec (three deep) until main says go. */
static void holder(void *arg)
{
	(void)arg;
	expect_errno("thread 2 lockmutex", wasync_sys_lockmutex(&plain), WASYNC_OK);
	for (int i = 0; i < 3; i++)
		wasync_sys_lockmutex(&rec);
	wasync_sem_release(&held);
	wasync_sem_acquire(&go);
	expect_errno("thread 2 unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	for (int i = 0; i < 3; i++)
		wasync_sys_unlockmutex(&rec);
}

static void other_owner(void)
{
	int tid = wasync_thread_spawn(holder, 0);
	wasync_sem_acquire(&held);
	expect_errno("trylockmutex owned by 2", wasync_sys_trylockmutex(&plain), WASYNC_EBUSY);
	expect_errno("timelockmutex owned by 2, 0", wasync_sys_timelockmutex(&plain, 0), WASYNC_ETIMEDOUT);
	expect_errno("timelockmutex owned by 2, 5 ms", wasync_sys_timelockmutex(&plain, 5000000), WASYNC_ETIMEDOUT);
	expect_errno("unlockmutex owned by 2", wasync_sys_unlockmutex(&plain), WASYNC_EPERM);
	expect_errno("fast unlock owned by 2", wasync_mutex_unlock(&plain), WASYNC_EPERM);
	expect_u32("  owner", owner_of(&plain), 2);
	expect_u32("  count", mutex_count(&plain), 1);
	expect_errno("trylockmutex recursive owned by 2", wasync_sys_trylockmutex(&rec), WASYNC_EBUSY);
	expect_errno("unlockmutex recursive owned by 2", wasync_sys_unlockmutex(&rec), WASYNC_EPERM);
	expect_u32("  owner", owner_of(&rec), 2);
	expect_u32("  count", mutex_count(&rec), 3);
	wasync_sem_release(&go);
	wasync_thread_join(tid);
	expect_errno("lockmutex after thread 2 unlocked", wasync_sys_lockmutex(&plain), WASYNC_OK);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	expect_errno("lockmutex recursive after thread 2 unlocked", wasync_sys_lockmutex(&rec), WASYNC_OK);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&rec), WASYNC_OK);
}

/* Thread 3 holds plain until main is queued on it, then lets go. */
static void unlock_when_queued(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&plain);
	wasync_sem_release(&held);
	wait_queued(&plain);
	wasync_sys_unlockmutex(&plain);
}

/* A timed lock that has to wait, and gets the mutex within its timeout. */
static void timed_wait(void)
{
	int tid = wasync_thread_spawn(unlock_when_queued, 0);
	wasync_sem_acquire(&held);
	expect_errno("timelockmutex owned by 3, 10 s", wasync_sys_timelockmutex(&plain, 10000000000), WASYNC_OK);
	expect_u32("  owner", owner_of(&plain), 1);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&plain), WASYNC_OK);
	wasync_thread_join(tid);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	lock_unlock();
	recursion();
	fast_path();
	other_owner();
	timed_wait();
	return check_done();
}
