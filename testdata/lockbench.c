/*
 * lockbench: the cost of one uncontended lock+unlock on a single thread,
 * each way a guest can do it, beside a bare host call in the same run:
 *
 *   lockbench.wasm [iterations=1000000]
 *
 * prints ns per operation for: an empty iteration of the timing loop (what
 * the host's loop instrumentation costs; it is in every other figure), a
 * bare host call (gettid), the wasync fast
 * path (wasync_mutex_lock/unlock: no host call), the wasync syscalls
 * (lockmutex + unlockmutex: two host calls), and the wait32/notify mutex of
 * futex_mutex.h. Each is called through the same function pointer, so the
 * differences are the operations'. Timings vary; the Go test checks only the
 * output's shape.
 */
#include "futex_mutex.h"
#include "wasync.h"
#include "wasync_io.h"

static struct wasync_mutex mu = WASYNC_MUTEX_INIT;
static struct futex_mutex fmu = FUTEX_MUTEX_INIT;
static int errors;

static void nothing(void) { __asm__ volatile(""); }
static void bare(void) { (void)wasync_sys_gettid(); }
static void fast(void) { errors += wasync_mutex_lock(&mu) != 0; errors += wasync_mutex_unlock(&mu) != 0; }
static void sys(void) { errors += wasync_sys_lockmutex(&mu) != 0; errors += wasync_sys_unlockmutex(&mu) != 0; }
static void futex(void) { futex_mutex_lock(&fmu); futex_mutex_unlock(&fmu); }

static const struct {
	const char *name;
	void (*op)(void);
} ops[] = {
	{"empty loop iteration", nothing},
	{"bare host call (gettid)", bare},
	{"fast path lock+unlock", fast},
	{"syscall lock+unlock", sys},
	{"wait32/notify mutex lock+unlock", futex},
};

int main(int argc, char **argv)
{
	uint32_t n = wasync_atou(argc > 1 ? argv[1] : 0, 1000000);
	if (n == 0)
		n = 1;
	for (unsigned i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		uint64_t start = wasync_now_ns();
		for (uint32_t j = 0; j < n; j++)
			ops[i].op();
		uint64_t ns = wasync_now_ns() - start;
		uint32_t per = (uint32_t)(ns / n), tenths = (uint32_t)((ns * 10 / n) % 10);
		wasync_printf("%s: %u.%u ns/op\n", ops[i].name, per, tenths);
	}
	if (errors != 0) {
		wasync_printf("FAIL: %d calls failed\n", errors);
		return 1;
	}
	return 0;
}
