/*
 * priority: ABI 1.1's thread priorities and priority inheritance.
 *   - thread 1 starts at 10; setpriority takes 1..255 (EINVAL otherwise);
 *     a spawned thread starts at its spawner's base priority;
 *   - a mutex's waiters get it highest priority first, FIFO among equals;
 *     a semaphore's too, and a semaphore gives its holders no priority;
 *   - the owner of a mutex inherits its waiters' priority, through a chain
 *     (main owns m3, mid waits for m3 owning m2, hi waits for m2): mid
 *     moves ahead of a higher waiter in m3's queue, and main runs at hi's
 *     priority;
 *   - an owner keeps only what its remaining mutexes' waiters give it
 *     when it unlocks one of two, and nothing once a waiter timed out;
 *   - a mutex taken through the guest fast path counts: its owner is the
 *     tid in the owner word.
 * Main sets its own priority before each spawn, so that each waiter starts
 * at its own, then goes back to 10. Queued threads are made certain with
 * wait_blocked_on_mine, never with sleeps; waiters record the order they
 * got the object in, and main prints it once it joined them all.
 */
#include "check.h"

#define WAITERS 4

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_mutex own[WAITERS + 1] = {WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT,
						WASYNC_MUTEX_INIT, WASYNC_MUTEX_INIT};
static struct wasync_semaphore sem = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore ready = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore ack = WASYNC_SEMAPHORE_INIT(0);
static uint32_t order[WAITERS];
static uint32_t n;
static int started[WAITERS];

static void record(void) { order[__atomic_fetch_add(&n, 1, __ATOMIC_SEQ_CST)] = wasync_self(); }

static void print_order(const char *what, const int *want, int count)
{
	wasync_printf("%s:", what);
	for (int i = 0; i < count; i++)
		wasync_printf(" %u", order[i]);
	wasync_printf("\n");
	for (int i = 0; i < count; i++)
		if (order[i] != (uint32_t)want[i])
			expect_u32("  position", order[i], want[i]);
	n = 0;
}

static void expect_prio(const char *what, int want) { expect_u32(what, wasync_getpriority(), want); }

/* spawn_at starts fn(arg) at priority prio (the spawner's base at spawn). */
static int spawn_at(int prio, void (*fn)(void *), void *arg)
{
	wasync_setpriority(prio);
	int tid = wasync_thread_spawn(fn, arg);
	wasync_setpriority(WASYNC_PRIO_DEFAULT);
	return tid;
}

static int child_prio;

static void child(void *arg)
{
	(void)arg;
	child_prio = wasync_getpriority();
	wasync_setpriority(99);
}

static void basics(void)
{
	expect_prio("main's priority", WASYNC_PRIO_DEFAULT);
	expect_errno("setpriority(0)", wasync_setpriority(0), WASYNC_EINVAL);
	expect_errno("setpriority(256)", wasync_setpriority(256), WASYNC_EINVAL);
	expect_errno("setpriority(-1)", wasync_setpriority(-1), WASYNC_EINVAL);
	expect_prio("main's priority after them", WASYNC_PRIO_DEFAULT);
	expect_errno("setpriority(30)", wasync_setpriority(30), WASYNC_OK);
	wasync_thread_join(wasync_thread_spawn(child, 0));
	expect_u32("a child's priority at start", child_prio, 30);
	expect_prio("main's after the child set its own", 30);
	expect_errno("setpriority(10)", wasync_setpriority(10), WASYNC_OK);
}

/* A waiter of m: it owns own[i], so that main can see it queued. */
static void waiter(void *arg)
{
	struct wasync_mutex *mine = arg;
	started[mine - own] = wasync_getpriority();
	wasync_mutex_lock(mine);
	wasync_sem_release(&ready);
	lock_probed(&m);
	record();
	wasync_mutex_unlock(&m);
	wasync_mutex_unlock(mine);
}

static void handoff_order(void)
{
	static const int prios[WAITERS] = {5, 20, 15, 20};
	int tids[WAITERS];
	expect_errno("main lockmutex", wasync_sys_lockmutex(&m), WASYNC_OK);
	for (int i = 0; i < WAITERS; i++) {
		tids[i] = spawn_at(prios[i], waiter, &own[i]);
		wasync_sem_acquire(&ready);
		wait_blocked_on_mine(&own[i]);
	}
	expect_prio("main's priority while waiters of 5, 20, 15 and 20 queue", 20);
	expect_errno("main unlockmutex", wasync_sys_unlockmutex(&m), WASYNC_OK);
	expect_prio("main's priority once it unlocked", WASYNC_PRIO_DEFAULT);
	for (int i = 0; i < WAITERS; i++) {
		wasync_thread_join(tids[i]);
		expect_u32("a waiter started at", started[i], prios[i]);
	}
	print_order("mutex order (priorities 5 20 15 20)", (int[]){tids[1], tids[3], tids[2], tids[0]}, WAITERS);
}

static void sem_waiter(void *arg)
{
	(void)arg;
	expect_errno("acquiresemaphore", wasync_sys_acquiresemaphore(&sem), WASYNC_OK);
	record();
	wasync_sem_release(&ack);
}

static void sem_order(void)
{
	static const int prios[3] = {5, 25, 15};
	int tids[3];
	for (int i = 0; i < 3; i++) {
		tids[i] = spawn_at(prios[i], sem_waiter, 0);
		wait_waiters(&sem, i + 1);
	}
	expect_prio("main's priority while a semaphore's waiters wait (no owner, no inheritance)", WASYNC_PRIO_DEFAULT);
	/* One unit at a time: only the thread woken for it can take it. */
	for (int i = 0; i < 3; i++) {
		wasync_sem_release(&sem);
		wasync_sem_acquire(&ack);
	}
	for (int i = 0; i < 3; i++)
		wasync_thread_join(tids[i]);
	print_order("semaphore order (priorities 5 25 15)", (int[]){tids[1], tids[2], tids[0]}, 3);
}

/* The chain: main owns m3; mid (10) owns m2 and waits for m3; w (15)
 * waits for m3; hi (40) waits for m2. */
static struct wasync_mutex m2 = WASYNC_MUTEX_INIT, m3 = WASYNC_MUTEX_INIT;
static int mid_holding_both, mid_holding_m2, mid_after;

static void mid(void *arg)
{
	(void)arg;
	wasync_mutex_lock(&m2);
	wasync_sem_release(&ready);
	lock_probed(&m3);
	record();
	mid_holding_both = wasync_getpriority();
	wasync_mutex_unlock(&m3);
	mid_holding_m2 = wasync_getpriority();
	wasync_mutex_unlock(&m2);
	mid_after = wasync_getpriority();
}

static void m3_waiter(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	lock_probed(&m3);
	record();
	wasync_mutex_unlock(&m3);
	wasync_mutex_unlock(arg);
}

static void hi(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	lock_probed(&m2);
	wasync_mutex_unlock(&m2);
	wasync_mutex_unlock(arg);
}

static void chain(void)
{
	int tids[3];
	expect_errno("main lockmutex m3", wasync_sys_lockmutex(&m3), WASYNC_OK);
	tids[0] = spawn_at(10, mid, 0);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&m2);
	tids[1] = spawn_at(15, m3_waiter, &own[0]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[0]);
	expect_prio("main's priority with mid (10) and w (15) waiting for m3", 15);
	tids[2] = spawn_at(40, hi, &own[1]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[1]);
	expect_prio("main's priority once hi (40) waits for mid's m2", 40);
	expect_errno("main unlockmutex m3", wasync_sys_unlockmutex(&m3), WASYNC_OK);
	expect_prio("main's priority once it unlocked", WASYNC_PRIO_DEFAULT);
	for (int i = 0; i < 3; i++)
		wasync_thread_join(tids[i]);
	print_order("m3 order (mid boosted to 40, then w at 15)", (int[]){tids[0], tids[1]}, 2);
	expect_u32("mid's priority owning m3 and m2", mid_holding_both, 40);
	expect_u32("mid's priority owning m2 after unlocking m3", mid_holding_m2, 40);
	expect_u32("mid's priority after unlocking m2", mid_after, 10);
}

/* lock_and_queue: a waiter that owns its own[] mutex and locks arg. */
static struct wasync_mutex a = WASYNC_MUTEX_INIT, b = WASYNC_MUTEX_INIT;

static void a_waiter(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	lock_probed(&a);
	wasync_mutex_unlock(&a);
	wasync_mutex_unlock(arg);
}

static void b_waiter(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	lock_probed(&b);
	wasync_mutex_unlock(&b);
	wasync_mutex_unlock(arg);
}

static void two_mutexes(void)
{
	expect_errno("main lockmutex a", wasync_sys_lockmutex(&a), WASYNC_OK);
	expect_errno("main lockmutex b", wasync_sys_lockmutex(&b), WASYNC_OK);
	int ta = spawn_at(30, a_waiter, &own[2]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[2]);
	int tb = spawn_at(20, b_waiter, &own[3]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[3]);
	expect_prio("main's priority owning a (waiter 30) and b (waiter 20)", 30);
	expect_errno("main unlockmutex a", wasync_sys_unlockmutex(&a), WASYNC_OK);
	expect_prio("main's priority owning b only", 20);
	expect_errno("main unlockmutex b", wasync_sys_unlockmutex(&b), WASYNC_OK);
	expect_prio("main's priority owning neither", WASYNC_PRIO_DEFAULT);
	wasync_thread_join(ta);
	wasync_thread_join(tb);
}

/* A waiter at 50 whose timed lock times out stops giving its priority. */
static int timed_result;

static void timed_waiter(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	int e;
	while ((e = wasync_sys_timelockmutex(&a, 500 * 1000 * 1000)) == WASYNC_EDEADLK)
		spin_pause(); /* main's probe is in flight: try again */
	timed_result = e;
	wasync_mutex_unlock(arg);
}

static void timeout(void)
{
	expect_errno("main lockmutex a", wasync_sys_lockmutex(&a), WASYNC_OK);
	int t = spawn_at(50, timed_waiter, &own[4]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[4]);
	expect_prio("main's priority while a timed waiter of 50 waits", 50);
	wasync_thread_join(t);
	expect_errno("the waiter's timelockmutex", timed_result, WASYNC_ETIMEDOUT);
	expect_prio("main's priority once it timed out", WASYNC_PRIO_DEFAULT);
	expect_errno("main unlockmutex a", wasync_sys_unlockmutex(&a), WASYNC_OK);
}

/* The fast path: the host never saw main lock f. */
static struct wasync_mutex f = WASYNC_MUTEX_INIT;

static void f_waiter(void *arg)
{
	wasync_mutex_lock(arg);
	wasync_sem_release(&ready);
	lock_probed(&f);
	wasync_mutex_unlock(&f);
	wasync_mutex_unlock(arg);
}

static void fast_path_owner(void)
{
	expect_errno("main locks f through the fast path", wasync_mutex_lock(&f), WASYNC_OK);
	int t = spawn_at(60, f_waiter, &own[2]);
	wasync_sem_acquire(&ready);
	wait_blocked_on_mine(&own[2]);
	expect_prio("main's priority while a waiter of 60 waits for f", 60);
	expect_errno("main unlocks f", wasync_mutex_unlock(&f), WASYNC_OK);
	expect_prio("main's priority once it unlocked f", WASYNC_PRIO_DEFAULT);
	wasync_thread_join(t);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	basics();
	handoff_order();
	sem_order();
	chain();
	two_mutexes();
	timeout();
	fast_path_owner();
	return check_done();
}
