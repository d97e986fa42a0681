/*
 * check.h: how the test guests report. Every check prints one line, so the
 * Go test (wasmhost/guests_test.go) compares the whole output exactly; a
 * failed check also says what it wanted and counts towards the exit status.
 */
#ifndef CHECK_H
#define CHECK_H

#include "wasync.h"
#include "wasync_io.h"
#include "wasync_thread.h"

static int check_failures;

/* expect_errno prints "what: ERRNO" and checks the errno is want. */
static inline void expect_errno(const char *what, int got, int want)
{
	if (got == want) {
		wasync_printf("%s: %E\n", what, got);
		return;
	}
	wasync_printf("%s: %E (%d), want %E FAIL\n", what, got, got, want);
	__atomic_fetch_add(&check_failures, 1, __ATOMIC_RELAXED);
}

/* expect_u32 prints "what = value" and checks the value is want. */
static inline void expect_u32(const char *what, uint32_t got, uint32_t want)
{
	if (got == want) {
		wasync_printf("%s = %u\n", what, got);
		return;
	}
	wasync_printf("%s = %u, want %u FAIL\n", what, got, want);
	__atomic_fetch_add(&check_failures, 1, __ATOMIC_RELAXED);
}

/*
 * spin_pause goes once through the host inside a guest spin-wait. Go cannot
 * preempt compiled wasm, so a spin with no host call could hold off the
 * garbage collector's stop-the-world, and with it the very thread the spin
 * waits for.
 */
static inline void spin_pause(void) { (void)wasync_sys_gettid(); }

/* owner_of reads a mutex's owner word as another thread sees it. */
static inline uint32_t owner_of(struct wasync_mutex *m) { return __atomic_load_n(&m->owner, __ATOMIC_SEQ_CST); }

/* count_of reads a mutex's depth or a semaphore's units. */
static inline uint32_t mutex_count(struct wasync_mutex *m) { return __atomic_load_n(&m->count, __ATOMIC_SEQ_CST); }
static inline uint32_t sem_count(struct wasync_semaphore *s) { return __atomic_load_n(&s->count, __ATOMIC_SEQ_CST); }

/* wait_waiters spins until the semaphore's host-maintained waiters field is n. */
static inline void wait_waiters(struct wasync_semaphore *s, uint32_t n)
{
	while (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST) != n)
		spin_pause();
}

/* wait_queued spins until some thread is queued on m (WAITERS is set). */
static inline void wait_queued(struct wasync_mutex *m)
{
	while ((owner_of(m) & WASYNC_OWNER_WAITERS) == 0)
		spin_pause();
}

/*
 * wait_blocked_on_mine returns once the thread that owns x is queued for a
 * mutex the caller owns: only then does a timed lock of x close a cycle and
 * answer EDEADLK at once instead of ETIMEDOUT. It is how a guest sees that
 * one particular thread has queued (the WAITERS bit only says someone has).
 */
static inline void wait_blocked_on_mine(struct wasync_mutex *x)
{
	int e;
	while ((e = wasync_sys_timelockmutex(x, 1000)) == WASYNC_ETIMEDOUT)
		spin_pause();
	if (e != WASYNC_EDEADLK)
		expect_errno("probe for a queued thread", e, WASYNC_EDEADLK);
}

/*
 * lock_probed locks m for a thread that another thread is probing with
 * wait_blocked_on_mine. While that probe's short timed wait is in flight,
 * locking m would close a cycle (this thread → m → the prober → the mutex
 * this thread owns), so the host rightly answers EDEADLK: try again.
 */
static inline int lock_probed(struct wasync_mutex *m)
{
	int e;
	while ((e = wasync_sys_lockmutex(m)) == WASYNC_EDEADLK)
		spin_pause();
	return e;
}

/* check_done prints the verdict; main returns it as the exit status. */
static inline int check_done(void)
{
	int n = __atomic_load_n(&check_failures, __ATOMIC_RELAXED);
	if (n == 0) {
		wasync_printf("PASS\n");
		return 0;
	}
	wasync_printf("FAIL: %d checks\n", n);
	return 1;
}

#endif
