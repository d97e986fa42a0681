/*
 * destroy: ABI 1.1's destroymutex and destroysemaphore in every state.
 *   - free: 0, the name word becomes 0 and nothing else changes; every
 *     later call on it is EINVAL (a second destroy too), until the guest
 *     lays it out again;
 *   - owned by the caller, by another live thread, or waited for: EBUSY
 *     with the words unchanged;
 *   - owned by a thread that died holding it (taken by the host or the
 *     fast path): 0;
 *   - a semaphore with or without units: 0; with a waiter: EBUSY;
 *   - EFAULT (misaligned, out of bounds) before EINVAL (wrong type, zeroed,
 *     recursive 2) before the state, as in every call.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_mutex mine = WASYNC_MUTEX_INIT;
static struct wasync_semaphore s = WASYNC_SEMAPHORE_INIT(2);
static struct wasync_semaphore held = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore go = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_mutex zeroed;
static struct wasync_mutex bad_recursive = {WASYNC_MUTEX_NAME, 0, 2, 0};

static void words(const char *what, const uint32_t *w)
{
	wasync_printf("  %s words: %x %u %u %u\n", what, __atomic_load_n(&w[0], __ATOMIC_SEQ_CST), w[1], w[2], w[3]);
}

static void free_mutex(void)
{
	expect_errno("destroymutex free", wasync_mutex_destroy(&m), WASYNC_OK);
	words("destroyed", (uint32_t *)&m);
	expect_errno("lockmutex destroyed", wasync_sys_lockmutex(&m), WASYNC_EINVAL);
	expect_errno("wasync_mutex_lock destroyed", wasync_mutex_lock(&m), WASYNC_EINVAL);
	expect_errno("unlockmutex destroyed", wasync_sys_unlockmutex(&m), WASYNC_EINVAL);
	expect_errno("destroymutex again", wasync_mutex_destroy(&m), WASYNC_EINVAL);
	m = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	expect_errno("lockmutex laid out again", wasync_mutex_lock(&m), WASYNC_OK);
}

static void owner_holds(void *arg)
{
	(void)arg;
	wasync_mutex_lock(&mine);
	wasync_sem_release(&held);
	wasync_sem_acquire(&go);
	wasync_mutex_unlock(&mine);
}

static void lock_and_return(void *arg) { wasync_sys_lockmutex(arg); }
static void fast_lock_and_return(void *arg) { wasync_mutex_lock(arg); }

/* destroy_dead destroys m once its owner, who returned holding it, has
 * ended: join returns a moment before the host hears of the end. */
static void destroy_dead(const char *what)
{
	int e;
	while ((e = wasync_mutex_destroy(&m)) == WASYNC_EBUSY)
		spin_pause();
	expect_errno(what, e, WASYNC_OK);
	words("destroyed", (uint32_t *)&m);
	m = (struct wasync_mutex)WASYNC_MUTEX_INIT;
}

static void waiter(void *arg)
{
	(void)arg;
	wasync_mutex_lock(&mine);
	wasync_sem_release(&held);
	lock_probed(&m);
	wasync_mutex_unlock(&m);
	wasync_mutex_unlock(&mine);
}

static void owned_mutex(void)
{
	/* m is locked by main (free_mutex laid it out again and locked it). */
	expect_errno("destroymutex owned by the caller", wasync_mutex_destroy(&m), WASYNC_EBUSY);
	words("unchanged", (uint32_t *)&m);
	int t = wasync_thread_spawn(waiter, 0);
	wasync_sem_acquire(&held);
	wait_blocked_on_mine(&mine);
	expect_errno("destroymutex owned, waited for", wasync_mutex_destroy(&m), WASYNC_EBUSY);
	expect_errno("unlockmutex", wasync_mutex_unlock(&m), WASYNC_OK);
	wasync_thread_join(t);

	t = wasync_thread_spawn(owner_holds, 0);
	wasync_sem_acquire(&held);
	expect_errno("destroymutex owned by another live thread", wasync_mutex_destroy(&mine), WASYNC_EBUSY);
	words("unchanged", (uint32_t *)&mine);
	wasync_sem_release(&go);
	wasync_thread_join(t);

	wasync_thread_join(wasync_thread_spawn(lock_and_return, &m));
	destroy_dead("destroymutex owned by a dead thread");
	wasync_thread_join(wasync_thread_spawn(fast_lock_and_return, &m));
	destroy_dead("destroymutex owned by a dead thread (fast path)");
}

static void sem_waiter(void *arg)
{
	expect_errno("acquiresemaphore", wasync_sys_acquiresemaphore(arg), WASYNC_OK);
}

static void semaphores(void)
{
	int t = wasync_thread_spawn(sem_waiter, &held);
	wait_waiters(&held, 1);
	expect_errno("destroysemaphore waited on", wasync_semaphore_destroy(&held), WASYNC_EBUSY);
	words("unchanged", (uint32_t *)&held);
	wasync_sem_release(&held);
	wasync_thread_join(t);
	expect_errno("destroysemaphore with no units", wasync_semaphore_destroy(&held), WASYNC_OK);
	expect_errno("destroysemaphore with 2 units", wasync_semaphore_destroy(&s), WASYNC_OK);
	words("destroyed", (uint32_t *)&s);
	expect_errno("acquiresemaphore destroyed", wasync_sem_acquire(&s), WASYNC_EINVAL);
	expect_errno("releasesemaphore destroyed", wasync_sem_release(&s), WASYNC_EINVAL);
	expect_errno("destroysemaphore again", wasync_semaphore_destroy(&s), WASYNC_EINVAL);
}

static void bad_input(void)
{
	char *p = (char *)&m;
	uintptr_t end = (uintptr_t)__builtin_wasm_memory_size(0) << 16;
	expect_errno("destroymutex misaligned", wasync_sys_destroymutex((struct wasync_mutex *)(p + 2)), WASYNC_EFAULT);
	expect_errno("destroymutex out of bounds", wasync_sys_destroymutex((struct wasync_mutex *)(end - 8)), WASYNC_EFAULT);
	expect_errno("destroysemaphore misaligned", wasync_sys_destroysemaphore((struct wasync_semaphore *)(p + 1)), WASYNC_EFAULT);
	expect_errno("destroysemaphore out of bounds", wasync_sys_destroysemaphore((struct wasync_semaphore *)end), WASYNC_EFAULT);
	expect_errno("destroymutex on a semaphore", wasync_sys_destroymutex((struct wasync_mutex *)&go), WASYNC_EINVAL);
	expect_errno("destroysemaphore on a mutex", wasync_sys_destroysemaphore((struct wasync_semaphore *)&m), WASYNC_EINVAL);
	expect_errno("destroymutex zeroed", wasync_mutex_destroy(&zeroed), WASYNC_EINVAL);
	expect_errno("destroymutex recursive 2", wasync_mutex_destroy(&bad_recursive), WASYNC_EINVAL);
	words("unchanged", (uint32_t *)&bad_recursive);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	free_mutex();
	owned_mutex();
	semaphores();
	bad_input();
	return check_done();
}
