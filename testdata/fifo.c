/*
 * fifo: waiters are woken in the order they queued, for a mutex and for a
 * semaphore. Main makes the queue order certain before it lets go: each
 * mutex waiter owns a mutex of its own, so main's timed probe of it answers
 * EDEADLK exactly when that waiter is queued behind main (check.h,
 * wait_blocked_on_mine); semaphore waiters show in the waiters field.
 * A mutex waiter keeps its lock's errno for main to print once it joined
 * it: printed by the waiter, it could come before main's unlock result.
 */
#include "check.h"

#define WAITERS 3

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_mutex own[WAITERS] = {WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT};
static struct wasync_semaphore sem = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore ready = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore ack = WASYNC_SEMAPHORE_INIT(0);
static uint32_t order[2 * WAITERS];
static uint32_t n;
static int locked[WAITERS];

static void record(void) { order[__atomic_fetch_add(&n, 1, __ATOMIC_SEQ_CST)] = wasync_self(); }

static void mutex_waiter(void *arg)
{
	struct wasync_mutex *mine = arg;
	wasync_mutex_lock(mine);
	wasync_sem_release(&ready);
	locked[mine - own] = lock_probed(&m);
	record();
	wasync_mutex_unlock(&m);
	wasync_mutex_unlock(mine);
}

static void sem_waiter(void *arg)
{
	(void)arg;
	expect_errno("acquiresemaphore", wasync_sys_acquiresemaphore(&sem), WASYNC_OK);
	record();
	wasync_sem_release(&ack);
}

static void print_order(const char *what, uint32_t from, int first)
{
	wasync_printf("%s wake order: %u %u %u\n", what, order[from], order[from + 1], order[from + 2]);
	for (int i = 0; i < WAITERS; i++)
		if (order[from + i] != (uint32_t)(first + i))
			expect_u32("  position", order[from + i], first + i);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	int tids[2 * WAITERS];
	expect_errno("main lockmutex", wasync_sys_lockmutex(&m), WASYNC_OK);
	for (int i = 0; i < WAITERS; i++) {
		tids[i] = wasync_thread_spawn(mutex_waiter, &own[i]);
		wasync_sem_acquire(&ready);
		wait_blocked_on_mine(&own[i]);
	}
	expect_errno("main unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	for (int i = 0; i < WAITERS; i++) {
		wasync_thread_join(tids[i]);
		expect_errno("lockmutex", locked[i], WASYNC_OK);
	}
	print_order("mutex", 0, tids[0]);

	for (int i = 0; i < WAITERS; i++) {
		tids[WAITERS + i] = wasync_thread_spawn(sem_waiter, 0);
		wait_waiters(&sem, i + 1);
	}
	/* One unit at a time: only the thread woken for it can take it. */
	for (int i = 0; i < WAITERS; i++) {
		wasync_sem_release(&sem);
		wasync_sem_acquire(&ack);
	}
	for (int i = 0; i < WAITERS; i++)
		wasync_thread_join(tids[WAITERS + i]);
	print_order("semaphore", WAITERS, tids[WAITERS]);
	return check_done();
}
