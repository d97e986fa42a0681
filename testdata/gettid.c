/*
 * gettid: thread ids. Main (the _start thread) is 1; spawned threads get 2,
 * 3, ... in spawn order, including one spawned by a spawned thread; each
 * thread's gettid equals what thread-spawn returned for it and the tid
 * wasi_thread_start was given (the SDK's cached wasync_self).
 */
#include "check.h"

static uint32_t seen_gettid[8], seen_self[8];
static int nested_tid;

static void report(void *arg)
{
	uint32_t i = (uint32_t)(uintptr_t)arg;
	seen_gettid[i] = (uint32_t)wasync_sys_gettid();
	seen_self[i] = wasync_self();
}

static void spawner(void *arg)
{
	report(arg);
	nested_tid = wasync_thread_spawn(report, (void *)(uintptr_t)3);
	wasync_thread_join(nested_tid);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	expect_u32("main gettid", (uint32_t)wasync_sys_gettid(), 1);
	expect_u32("main self", wasync_self(), 1);
	int tids[4];
	for (uintptr_t i = 0; i < 2; i++) {
		tids[i] = wasync_thread_spawn(report, (void *)i);
		wasync_thread_join(tids[i]);
	}
	tids[2] = wasync_thread_spawn(spawner, (void *)(uintptr_t)2);
	wasync_thread_join(tids[2]);
	tids[3] = nested_tid;
	for (int i = 0; i < 4; i++) {
		wasync_printf("spawn %d returned %d\n", i + 1, tids[i]);
		expect_u32("  its gettid", seen_gettid[i], (uint32_t)tids[i]);
		expect_u32("  its self", seen_self[i], (uint32_t)tids[i]);
	}
	return check_done();
}
