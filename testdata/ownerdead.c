/*
 * ownerdead: a thread that returns from wasi_thread_start while owning a
 * mutex leaves it dead-owned.
 *   - the next locker (here trylockmutex, which never queues) gets it with
 *     EOWNERDEAD, count 1, and from then on it is an ordinary mutex;
 *   - the same for a mutex taken through the guest fast path, which the host
 *     never saw being locked;
 *   - a thread already queued is woken at once with EOWNERDEAD, and a
 *     second waiter keeps waiting until the first unlocks;
 *   - an owner tid that was never issued counts as dead.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_mutex xs[2] = {WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT};

static void lock_and_return(void *arg) { wasync_sys_lockmutex(arg); }
static void fast_lock_and_return(void *arg) { wasync_mutex_lock(arg); }

/* trylock_dead tries m until its owner has died, then checks the take. */
static void trylock_dead(const char *what)
{
	int e;
	while ((e = wasync_sys_trylockmutex(&m)) == WASYNC_EBUSY)
		spin_pause();
	expect_errno(what, e, WASYNC_EOWNERDEAD);
	expect_u32("  owner", owner_of(&m), 1);
	expect_u32("  count", mutex_count(&m), 1);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	expect_errno("lockmutex again", wasync_sys_lockmutex(&m), WASYNC_OK);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
}

static void next_locker(void)
{
	wasync_thread_join(wasync_thread_spawn(lock_and_return, &m));
	trylock_dead("trylockmutex after thread 2 died owning it");
	wasync_thread_join(wasync_thread_spawn(fast_lock_and_return, &m));
	trylock_dead("trylockmutex after thread 3 died owning it (fast path)");
}

/*
 * Thread 4 owns m; thread 5 (owning xs[0]) and then main (owning xs[1])
 * queue for it; thread 4 makes sure of both queued (wait_blocked_on_mine)
 * and returns.
 */
static struct wasync_semaphore owned = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore ready5 = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore queued5 = WASYNC_SEMAPHORE_INIT(0);
static int unlock5 = -1;

static void dying_owner(void *arg)
{
	(void)arg;
	wasync_mutex_lock(&m);
	wasync_sem_release(&owned);
	wasync_sem_acquire(&ready5);
	wait_blocked_on_mine(&xs[0]);
	wasync_sem_release(&queued5);
	wait_blocked_on_mine(&xs[1]);
}

static void first_waiter(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&xs[0]);
	wasync_sem_release(&ready5);
	expect_errno("thread 5 lockmutex, queued first", lock_probed(&m), WASYNC_EOWNERDEAD);
	expect_u32("  owner", owner_of(&m) & WASYNC_OWNER_TID, 5);
	expect_u32("  count", mutex_count(&m), 1);
	/* Main prints this after joining: once m is free, main prints too. */
	unlock5 = wasync_sys_unlockmutex(&m);
	wasync_sys_unlockmutex(&xs[0]);
}

static void queued_waiters(void)
{
	wasync_sys_lockmutex(&xs[1]);
	int owner = wasync_thread_spawn(dying_owner, 0);
	wasync_sem_acquire(&owned);
	int first = wasync_thread_spawn(first_waiter, 0);
	wasync_sem_acquire(&queued5);
	expect_errno("main lockmutex, queued second", lock_probed(&m), WASYNC_OK);
	expect_errno("main unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	wasync_sys_unlockmutex(&xs[1]);
	wasync_thread_join(owner);
	wasync_thread_join(first);
	expect_errno("thread 5 unlockmutex", unlock5, WASYNC_OK);
}

static void never_issued(void)
{
	m = (struct wasync_mutex){WASYNC_MUTEX_NAME, 0x1000, 0, 1};
	expect_errno("lockmutex owned by tid 0x1000, never issued", wasync_sys_lockmutex(&m), WASYNC_EOWNERDEAD);
	expect_u32("  owner", owner_of(&m), 1);
	expect_u32("  count", mutex_count(&m), 1);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	m = (struct wasync_mutex){WASYNC_MUTEX_NAME, WASYNC_OWNER_TID, 1, 7};
	expect_errno("trylockmutex owned by tid 0x1FFFFFFF, never issued", wasync_sys_trylockmutex(&m), WASYNC_EOWNERDEAD);
	expect_u32("  count", mutex_count(&m), 1);
	expect_errno("unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	next_locker();
	queued_waiters();
	never_issued();
	return check_done();
}
