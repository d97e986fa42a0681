/*
 * objects: a million mutexes, each locked and unlocked once through the host
 * (BENCHMARKS.md, P7: the engine keeps nothing for an object once it is
 * uncontended again):
 *
 *   objects.wasm [objects=1000000]
 *
 * bench.h's pauses let the host read its memory before and after; in
 * between, every object goes through lockmutex and unlockmutex (the fast
 * path would not show the host the objects at all). Exit 1 when a call
 * failed, 2 for bad arguments. The objects take 16 MiB: the Makefile gives
 * this guest a larger memory.
 */
#include "bench.h"
#include "wasync.h"

#define MAX_OBJECTS 1000000

static struct wasync_mutex objects[MAX_OBJECTS];

int main(int argc, char **argv)
{
	uint32_t n = wasync_atou(argc > 1 ? argv[1] : 0, MAX_OBJECTS);
	if (n > MAX_OBJECTS) {
		wasync_eprintf("usage: objects [count 0..%d]\n", MAX_OBJECTS);
		return 2;
	}
	for (uint32_t i = 0; i < n; i++)
		objects[i] = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	int errors = 0;
	bench_pause("before");
	uint64_t start = wasync_now_ns();
	for (uint32_t i = 0; i < n; i++) {
		errors += wasync_sys_lockmutex(&objects[i]) != WASYNC_OK;
		errors += wasync_sys_unlockmutex(&objects[i]) != WASYNC_OK;
	}
	bench_report(wasync_now_ns() - start, n);
	bench_pause("after");
	if (errors != 0) {
		wasync_printf("FAIL: %d calls failed\n", errors);
		return 1;
	}
	return 0;
}
