/*
 * counter: N threads each add 1 to a shared plain counter M times, under a
 * lock, and main prints the total, which must be exactly N*M.
 *
 *   counter.wasm [threads=4] [increments=100000] [lock=fast]
 *
 * lock is "fast" (wasync_mutex_lock/unlock: the ABI's guest fast path, the
 * host only under contention), "sys" (every lock and unlock a host call) or
 * "futex" (futex_mutex.h: memory.atomic.wait32/notify, the host never
 * involved; the baseline wasi-libc's pthread mutex would give).
 * Exit status 0 when the total is exact, 1 when it is not, 2 for bad args.
 */
#include "futex_mutex.h"
#include "wasync_io.h"
#include "wasync_thread.h"

enum mode { FAST, SYS, FUTEX };

static struct wasync_mutex mu = WASYNC_MUTEX_INIT;
static struct futex_mutex fmu = FUTEX_MUTEX_INIT;
static uint32_t counter;
static uint32_t increments;
static enum mode mode;
static int errors; /* lock or unlock calls that failed */

static void fail(int e)
{
	if (e != 0)
		__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED);
}

static void worker(void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < increments; i++) {
		switch (mode) {
		case FAST:
			fail(wasync_mutex_lock(&mu));
			counter++;
			fail(wasync_mutex_unlock(&mu));
			break;
		case SYS:
			fail(wasync_sys_lockmutex(&mu));
			counter++;
			fail(wasync_sys_unlockmutex(&mu));
			break;
		case FUTEX:
			futex_mutex_lock(&fmu);
			counter++;
			futex_mutex_unlock(&fmu);
			break;
		}
	}
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

int main(int argc, char **argv)
{
	uint32_t threads = wasync_atou(argc > 1 ? argv[1] : 0, 4);
	increments = wasync_atou(argc > 2 ? argv[2] : 0, 100000);
	const char *lock = argc > 3 ? argv[3] : "fast";
	if (streq(lock, "fast"))
		mode = FAST;
	else if (streq(lock, "sys"))
		mode = SYS;
	else if (streq(lock, "futex"))
		mode = FUTEX;
	else
		threads = 0;
	if (threads == 0 || threads > WASYNC_MAX_THREADS) {
		wasync_eprintf("usage: counter [threads 1..%d] [increments] [fast|sys|futex]\n", WASYNC_MAX_THREADS);
		return 2;
	}
	int tids[WASYNC_MAX_THREADS];
	for (uint32_t i = 0; i < threads; i++) {
		tids[i] = wasync_thread_spawn(worker, 0);
		if (tids[i] < 0) {
			wasync_eprintf("counter: thread-spawn: %d\n", tids[i]);
			return 2;
		}
	}
	for (uint32_t i = 0; i < threads; i++)
		wasync_thread_join(tids[i]);
	uint32_t want = threads * increments;
	wasync_printf("counter: %u threads x %u increments (%s) = %u\n", threads, increments, lock, counter);
	if (counter != want || errors != 0) {
		wasync_printf("FAIL: want %u, %d lock errors\n", want, errors);
		return 1;
	}
	return 0;
}
