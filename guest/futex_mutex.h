/*
 * futex_mutex.h: a mutex built on memory.atomic.wait32/notify alone, the way
 * wasi-libc's pthread_mutex_t (musl) is: the host never sees it. It is here to
 * compare against wasync's mutex (the counter guest's "futex" mode, and
 * benchmarks). It has none of wasync's guarantees: no owner, no error checks,
 * no fairness, no owner death, no deadlock detection, and threads blocked in
 * it count as running for the all-blocked check.
 *
 * The state word is Drepper's ("Futexes Are Tricky", mutex 2): 0 free,
 * 1 locked, 2 locked with possible waiters. Like musl it spins a little
 * before sleeping.
 */
#ifndef WASYNC_FUTEX_MUTEX_H
#define WASYNC_FUTEX_MUTEX_H

struct futex_mutex {
	int state;
};

#define FUTEX_MUTEX_INIT {0}

static inline int futex__cas(int *p, int old, int new)
{
	__atomic_compare_exchange_n(p, &old, new, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
	return old;
}

static inline void futex_mutex_lock(struct futex_mutex *m)
{
	int c = futex__cas(&m->state, 0, 1);
	for (int spin = 0; c != 0 && spin < 100; spin++) {
		/* musl spins only while no one sleeps: sleepers want a notify. */
		if (c == 2)
			break;
		c = futex__cas(&m->state, 0, 1);
	}
	if (c == 0)
		return;
	if (c != 2)
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		__builtin_wasm_memory_atomic_wait32(&m->state, 2, -1);
		c = __atomic_exchange_n(&m->state, 2, __ATOMIC_ACQUIRE);
	}
}

static inline void futex_mutex_unlock(struct futex_mutex *m)
{
	if (__atomic_exchange_n(&m->state, 0, __ATOMIC_RELEASE) == 2)
		__builtin_wasm_memory_atomic_notify(&m->state, 1);
}

#endif
