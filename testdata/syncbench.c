/*
 * syncbench: the timed loops behind bench/ (BENCHMARKS.md, P1-P4):
 *
 *   syncbench.wasm MODE [threads=1, at most 256] [operations=1000000]
 *
 * Counter modes (threads add 1 to one counter under a lock, splitting the
 * operations between them; with 1 thread main does it alone, uncontended):
 *   fast   wasync_mutex_lock/unlock, the SDK's fast path
 *   sys    wasync_sys_lockmutex/unlockmutex, two host calls
 *   futex  futex_mutex.h, wait32/notify (the host never sees it)
 * Baselines of the same loop shape:
 *   empty  no lock, the loop alone
 *   nop2   no lock, two empty host calls (WASI proc_raise, which wazero
 *          answers ENOSYS without looking at anything)
 * Ping-pong modes (main and one thread hand a turn back and forth;
 * operations are round trips):
 *   sem-pingpong     two wasync semaphores
 *   wait32-pingpong  one word, memory.atomic.wait32/notify
 *
 * It prints bench.h's report of the timed part (from releasing the threads
 * to the last one done). Counter loops are unrolled 8 times, so the
 * operations are rounded up to a multiple of 8 per thread, and the loop's
 * own cost (25 ns an iteration under WithCloseOnContextDone) is spread over
 * 8 operations. Exit 0, 1 when a call failed or the counter is wrong, 2 for
 * bad arguments.
 */
#include "bench.h"
#include "futex_mutex.h"
#include "wasync_thread.h"

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise"))) int __wasi_proc_raise(int sig);

enum mode { EMPTY, NOP2, FAST, SYS, FUTEX, SEM_PINGPONG, WAIT32_PINGPONG, MODES };
static const char *const names[MODES] = {"empty", "nop2", "fast", "sys", "futex", "sem-pingpong", "wait32-pingpong"};

static enum mode mode;
static uint32_t per_thread; /* operations of each thread */
static struct wasync_mutex mu = WASYNC_MUTEX_INIT;
static struct futex_mutex fmu = FUTEX_MUTEX_INIT;
static uint32_t ready; /* threads at the gate: main starts the clock when all are */
static uint32_t started; /* the start gate, opened by main */
static struct wasync_semaphore ping = WASYNC_SEMAPHORE_INIT(0), pong = WASYNC_SEMAPHORE_INIT(0);
static uint32_t turn; /* wait32-pingpong: 1 while the partner's turn */
static uint32_t counter;
static int errors;

/*
 * Threads run on stacks of their own (wasync_thread_spawn_on), so a run
 * may have more than the SDK arena's 64 threads, and signal their end by
 * counting finished.
 */
#define MAX_THREADS 256
#define STACK 4096
static _Alignas(16) unsigned char stacks[MAX_THREADS][STACK];
static uint32_t finished;

static void fail(int e)
{
	if (e != 0)
		__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
}

#define UNROLL8(...) __VA_ARGS__ __VA_ARGS__ __VA_ARGS__ __VA_ARGS__ __VA_ARGS__ __VA_ARGS__ __VA_ARGS__ __VA_ARGS__

/* count runs n (a multiple of 8) counter operations in the chosen mode. */
static void count(uint32_t n)
{
	switch (mode) {
	case EMPTY:
		for (uint32_t i = 0; i < n; i += 8) {
			UNROLL8(__asm__ volatile(""); counter++;)
		}
		break;
	case NOP2:
		for (uint32_t i = 0; i < n; i += 8) {
			UNROLL8((void)__wasi_proc_raise(0); counter++; (void)__wasi_proc_raise(0);)
		}
		break;
	case FAST:
		for (uint32_t i = 0; i < n; i += 8) {
			UNROLL8(fail(wasync_mutex_lock(&mu)); counter++; fail(wasync_mutex_unlock(&mu));)
		}
		break;
	case SYS:
		for (uint32_t i = 0; i < n; i += 8) {
			UNROLL8(fail(wasync_sys_lockmutex(&mu)); counter++; fail(wasync_sys_unlockmutex(&mu));)
		}
		break;
	case FUTEX:
		for (uint32_t i = 0; i < n; i += 8) {
			UNROLL8(futex_mutex_lock(&fmu); counter++; futex_mutex_unlock(&fmu);)
		}
		break;
	default:
		break;
	}
}

/* The partner's half of each ping-pong. */
static void pong_sem(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		fail(wasync_sem_acquire(&ping));
		fail(wasync_sem_release(&pong));
	}
}

static void pong_wait32(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == 0)
			__builtin_wasm_memory_atomic_wait32((int *)&turn, 0, -1);
		__atomic_store_n(&turn, 0, __ATOMIC_RELEASE);
		__builtin_wasm_memory_atomic_notify((int *)&turn, 1);
	}
}

/* Main's half. */
static void ping_sem(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		fail(wasync_sem_release(&ping));
		fail(wasync_sem_acquire(&pong));
	}
}

static void ping_wait32(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		__atomic_store_n(&turn, 1, __ATOMIC_RELEASE);
		__builtin_wasm_memory_atomic_notify((int *)&turn, 1);
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) == 1)
			__builtin_wasm_memory_atomic_wait32((int *)&turn, 1, -1);
	}
}

static void worker(void *arg)
{
	(void)arg;
	/* A bare wait32 gate: it keeps the start out of the things measured
	 * (a host whose threads are OS threads may take milliseconds to start
	 * one, so main waits for every thread to arrive before the clock). */
	__atomic_fetch_add(&ready, 1, __ATOMIC_RELEASE);
	__builtin_wasm_memory_atomic_notify((int *)&ready, 1);
	while (__atomic_load_n(&started, __ATOMIC_ACQUIRE) == 0)
		__builtin_wasm_memory_atomic_wait32((int *)&started, 0, -1);
	if (mode == SEM_PINGPONG)
		pong_sem(per_thread);
	else if (mode == WAIT32_PINGPONG)
		pong_wait32(per_thread);
	else
		count(per_thread);
	__atomic_fetch_add(&finished, 1, __ATOMIC_RELEASE);
	__builtin_wasm_memory_atomic_notify((int *)&finished, 1);
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";
	uint32_t threads = wasync_atou(argc > 2 ? argv[2] : 0, 1);
	uint32_t ops = wasync_atou(argc > 3 ? argv[3] : 0, 1000000);
	for (mode = 0; mode < MODES && !streq(name, names[mode]); mode++)
		;
	int pingpong = mode == SEM_PINGPONG || mode == WAIT32_PINGPONG;
	if (pingpong)
		threads = 2;
	if (mode == MODES || threads == 0 || threads > MAX_THREADS || ops == 0) {
		wasync_eprintf("usage: syncbench empty|nop2|fast|sys|futex|sem-pingpong|wait32-pingpong "
			       "[threads 1..%d] [operations]\n", MAX_THREADS);
		return 2;
	}
	if (pingpong) {
		per_thread = ops;
	} else {
		per_thread = (ops / threads + 7) / 8 * 8;
		ops = per_thread * threads;
	}

	/* With one counter thread, main runs it; otherwise main only times. */
	uint32_t spawned = threads == 1 ? 0 : pingpong ? 1 : threads;
	for (uint32_t i = 0; i < spawned; i++) {
		int tid = wasync_thread_spawn_on(worker, 0, stacks[i], STACK);
		if (tid < 0) {
			wasync_eprintf("syncbench: thread-spawn: %d\n", tid);
			return 2;
		}
	}
	for (uint32_t n; (n = __atomic_load_n(&ready, __ATOMIC_ACQUIRE)) < spawned;)
		__builtin_wasm_memory_atomic_wait32((int *)&ready, (int)n, -1);
	uint64_t t0 = wasync_now_ns();
	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	__builtin_wasm_memory_atomic_notify((int *)&started, -1);
	if (mode == SEM_PINGPONG)
		ping_sem(ops);
	else if (mode == WAIT32_PINGPONG)
		ping_wait32(ops);
	else if (spawned == 0)
		count(ops);
	for (uint32_t n; (n = __atomic_load_n(&finished, __ATOMIC_ACQUIRE)) < spawned;)
		__builtin_wasm_memory_atomic_wait32((int *)&finished, (int)n, -1);
	uint64_t t1 = wasync_now_ns();

	bench_report(t1 - t0, ops);
	/* Without a lock (empty, nop2) only one thread's count is exact. */
	int locked = mode == FAST || mode == SYS || mode == FUTEX;
	if (errors != 0 || ((locked || threads == 1) && counter != ops)) {
		wasync_printf("FAIL: counter %u, want %u; %d calls failed\n", counter, ops, errors);
		return 1;
	}
	return 0;
}
