/* thread.c: wasync_thread_spawn and wasync_thread_join (see wasync_thread.h). */
#include "wasync_thread.h"

__attribute__((import_module("wasi"), import_name("thread-spawn"))) int __wasi_thread_spawn(void *start_arg);

/*
 * A thread's block. stack_top must stay first: thread_start.s loads it from
 * offset 0 of start_arg.
 */
struct wasync_thread {
	uintptr_t stack_top;
	uintptr_t stack_limit; /* thread_start.s sets __wasync_stack_limit from it */
	void (*fn)(void *);
	void *arg;
	int tid; /* written by the spawner once thread-spawn returns */
	struct wasync_semaphore done; /* released when fn returns */
};
_Static_assert(offsetof(struct wasync_thread, stack_top) == 0, "thread_start.s reads the stack at offset 0");
_Static_assert(offsetof(struct wasync_thread, stack_limit) == 4, "thread_start.s reads the limit at offset 4");
_Static_assert(sizeof(struct wasync_thread) <= WASYNC_THREAD_BLOCK, "a block fits its reserved bytes");

/*
 * The host names each thread's join semaphore in its reports ("end of
 * thread 2, joined") instead of by a bare address: it is at thread-spawn's
 * start_arg plus this offset.
 */
__attribute__((export_name("__wasync_join_offset"))) uint32_t __wasync_join_offset(void)
{
	return offsetof(struct wasync_thread, done);
}

static struct wasync_thread blocks[WASYNC_MAX_THREADS];
static unsigned char stacks[WASYNC_MAX_THREADS][WASYNC_STACK_SIZE] __attribute__((aligned(16)));
static uint32_t used; /* blocks handed out, atomically bumped */

/* Called by wasi_thread_start, already on the thread's own stack. */
void __wasync_thread_main(int tid, struct wasync_thread *t)
{
	(void)tid;
	t->fn(t->arg);
	wasync_sem_release(&t->done);
}

/*
 * start spawns the thread of block t, whose stack is [bottom, stack_top).
 * Its limit keeps a reserve above the bottom: wasmhost's instrumentation
 * checks at every function entry that the stack pointer is not below it,
 * so a function whose frame fits the reserve never writes past the bottom,
 * and a thread that overflows traps as itself ("stack overflow") instead
 * of corrupting its neighbour's stack.
 */
static int start(struct wasync_thread *t, uintptr_t bottom, uintptr_t stack_top, void (*fn)(void *), void *arg)
{
	uintptr_t reserve = (stack_top - bottom) / 4;
	t->stack_top = stack_top;
	t->stack_limit = bottom + (reserve < WASYNC_STACK_RESERVE ? reserve : WASYNC_STACK_RESERVE);
	t->fn = fn;
	t->arg = arg;
	t->done = (struct wasync_semaphore)WASYNC_SEMAPHORE_INIT(0);
	int tid = __wasi_thread_spawn(t);
	__atomic_store_n(&t->tid, tid, __ATOMIC_RELEASE);
	return tid;
}

int wasync_thread_spawn(void (*fn)(void *), void *arg)
{
	uint32_t i = __atomic_fetch_add(&used, 1, __ATOMIC_RELAXED);
	if (i >= WASYNC_MAX_THREADS)
		return WASYNC_SPAWN_NOSTACK;
	return start(&blocks[i], (uintptr_t)stacks[i], (uintptr_t)stacks[i] + WASYNC_STACK_SIZE, fn, arg);
}

int wasync_thread_spawn_on(void (*fn)(void *), void *arg, void *stack, size_t size)
{
	/* The block sits at the 16-aligned top; the stack grows down from it. */
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	if (size < WASYNC_THREAD_BLOCK || top - WASYNC_THREAD_BLOCK <= (uintptr_t)stack)
		return WASYNC_SPAWN_NOSTACK;
	top -= WASYNC_THREAD_BLOCK;
	return start((struct wasync_thread *)top, (uintptr_t)stack, top, fn, arg);
}

int wasync_thread_join(int tid)
{
	uint32_t n = __atomic_load_n(&used, __ATOMIC_ACQUIRE);
	if (n > WASYNC_MAX_THREADS)
		n = WASYNC_MAX_THREADS;
	for (uint32_t i = 0; i < n; i++) {
		if (tid > 0 && __atomic_load_n(&blocks[i].tid, __ATOMIC_ACQUIRE) == tid)
			return wasync_sem_acquire(&blocks[i].done);
	}
	return WASYNC_EINVAL;
}
