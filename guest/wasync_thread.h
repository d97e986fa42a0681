/*
 * wasync_thread.h: spawn and join guest threads (wasi-threads) without libc.
 *
 * Each thread gets its own stack from a static arena: no malloc, and
 * thread_start.s moves __stack_pointer onto it before any C code runs.
 * Stacks are never reused, so a run spawns at most WASYNC_MAX_THREADS.
 */
#ifndef WASYNC_THREAD_H
#define WASYNC_THREAD_H

#include "wasync.h"

#define WASYNC_MAX_THREADS 64
#define WASYNC_STACK_SIZE (16 * 1024)
/*
 * A spawned thread whose stack pointer goes below its stack's bottom plus
 * this reserve (a quarter of a smaller stack) traps with "stack overflow"
 * under wasmhost's instrumentation, at its next function entry.
 */
#define WASYNC_STACK_RESERVE 1024

/* Returned by wasync_thread_spawn when the arena has no stack left. */
#define WASYNC_SPAWN_NOSTACK (-1000)

/*
 * wasync_thread_spawn starts fn(arg) on a new thread and returns its tid
 * (> 0), or a negative error: the host's thread-spawn result, or
 * WASYNC_SPAWN_NOSTACK.
 */
int wasync_thread_spawn(void (*fn)(void *), void *arg);

/*
 * wasync_thread_join waits until the thread tid has returned from fn, and
 * returns 0, or WASYNC_EINVAL for a tid this SDK did not spawn. The thread
 * itself ends just after: a mutex it still owns may not be dead-owned yet
 * when join returns (a locker then waits for the death and gets EOWNERDEAD).
 * Call it from any thread once wasync_thread_spawn has returned.
 */
int wasync_thread_join(int tid);

/*
 * wasync_thread_spawn_on starts fn(arg) on a stack the caller provides,
 * for guests that need more threads than the arena holds or smaller stacks
 * (a benchmark queueing 10,000 threads gives each 256 bytes). The SDK keeps
 * its thread block in the top WASYNC_THREAD_BLOCK bytes of the region; the
 * rest is the stack, with no guard: a function with big locals would
 * overwrite the memory below. It returns the tid (> 0) or a negative error
 * (the host's, or WASYNC_SPAWN_NOSTACK when size leaves no stack). Such a
 * thread cannot be joined: have it signal its end itself.
 */
int wasync_thread_spawn_on(void (*fn)(void *), void *arg, void *stack, size_t size);

#define WASYNC_THREAD_BLOCK 48

#endif
