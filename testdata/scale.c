/*
 * scale: N threads queued on one mutex, each taking it once, in FIFO order
 * (BENCHMARKS.md, P6):
 *
 *   scale.wasm [threads=1000]
 *
 * Main locks the mutex and spawns the threads one by one, each on a 256-byte
 * stack of its own (wasync_thread_spawn_on: the SDK's arena holds 64), and
 * waits until each is queued before spawning the next, so the queue order is
 * the spawn order (each thread owns a mutex of its own, which main probes:
 * check.h, wait_blocked_on_mine). bench.h's pauses let the host read its
 * memory before the first spawn and with every thread queued; then main
 * unlocks, and the timed part runs until the last thread has taken the
 * mutex. It prints that time and PASS when the threads took the mutex in
 * spawn order, or the first thread out of order and FAIL (exit 1); exit 2
 * for bad arguments.
 */
#include "bench.h"
#include "check.h"

#define MAX_THREADS 10000
#define STACK 256

struct slot {
	struct wasync_mutex own; /* held while queued: main's probe target */
	uint32_t tid;
	unsigned char stack[STACK] __attribute__((aligned(16)));
};

static struct slot slots[MAX_THREADS];
static struct wasync_mutex mu = WASYNC_MUTEX_INIT;
static struct wasync_semaphore ready = WASYNC_SEMAPHORE_INIT(0);
static struct wasync_semaphore done = WASYNC_SEMAPHORE_INIT(0);
static uint32_t order[MAX_THREADS]; /* tids in the order they took mu */
static uint32_t taken, threads;
static uint64_t end;

/* must checks a call that should succeed, printing only when it did not. */
static void must(const char *what, int e)
{
	if (e != WASYNC_OK)
		expect_errno(what, e, WASYNC_OK);
}

static void waiter(void *arg)
{
	struct slot *s = arg;
	must("lock own", wasync_mutex_lock(&s->own));
	wasync_sem_release(&ready);
	must("lockmutex", lock_probed(&mu));
	order[taken] = wasync_self();
	uint32_t n = ++taken;
	if (n == threads)
		end = wasync_now_ns();
	must("unlockmutex", wasync_mutex_unlock(&mu));
	must("unlock own", wasync_mutex_unlock(&s->own));
	if (n == threads)
		wasync_sem_release(&done);
}

int main(int argc, char **argv)
{
	threads = wasync_atou(argc > 1 ? argv[1] : 0, 1000);
	if (threads == 0 || threads > MAX_THREADS) {
		wasync_eprintf("usage: scale [threads 1..%d]\n", MAX_THREADS);
		return 2;
	}
	for (uint32_t i = 0; i < threads; i++)
		slots[i].own = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	bench_pause("start");
	must("main lockmutex", wasync_mutex_lock(&mu));
	for (uint32_t i = 0; i < threads; i++) {
		int tid = wasync_thread_spawn_on(waiter, &slots[i], slots[i].stack, STACK);
		if (tid < 0) {
			wasync_eprintf("scale: thread-spawn: %d\n", tid);
			return 2;
		}
		slots[i].tid = (uint32_t)tid;
		wasync_sem_acquire(&ready);
		wait_blocked_on_mine(&slots[i].own);
	}
	bench_pause("queued");
	uint64_t start = wasync_now_ns();
	must("main unlockmutex", wasync_mutex_unlock(&mu));
	wasync_sem_acquire(&done);
	bench_report(end - start, threads);
	for (uint32_t i = 0; i < threads; i++) {
		if (order[i] != slots[i].tid) {
			wasync_printf("position %u: thread %u, want %u FAIL\n", i, order[i], slots[i].tid);
			return 1;
		}
	}
	return check_done();
}
