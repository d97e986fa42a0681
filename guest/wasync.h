/*
 * wasync.h: the wasync ABI, version 1.1, for C guests (see ABI.md).
 *
 * The guest lays out mutexes and semaphores in its own memory; the host's
 * "wasync" imports act on them. This header gives the object types with
 * their static initialisers, the raw imports (wasync_sys_*), and inline
 * lock/unlock/acquire that take the ABI's fast path when nothing waits and
 * fall back to the host otherwise.
 *
 * Build with clang-19 --target=wasm32 -ffreestanding -matomics -mbulk-memory
 * (guest/README.md has the full commands).
 */
#ifndef WASYNC_H
#define WASYNC_H

#include <stddef.h>
#include <stdint.h>

/* Type names: the first word of every object. */
#define WASYNC_MUTEX_NAME 0x5854554Du     /* "MUTX" little-endian */
#define WASYNC_SEMAPHORE_NAME 0x414D4553u /* "SEMA" little-endian */

/* Owner-word bits of a mutex. */
#define WASYNC_OWNER_TID 0x1FFFFFFFu      /* bits 0..28: the owner's tid */
#define WASYNC_OWNER_RESERVED 0x60000000u /* bits 29..30: must stay 0 */
#define WASYNC_OWNER_WAITERS 0x80000000u  /* bit 31: threads are queued */

/* Largest recursion depth and semaphore count. */
#define WASYNC_MAX_COUNT 0x7FFFFFFFu

/* Thread priorities (ABI 1.1): higher first; thread 1 starts at the default. */
#define WASYNC_PRIO_MIN 1
#define WASYNC_PRIO_MAX 255
#define WASYNC_PRIO_DEFAULT 10

/* The errno values the calls return, in WASI preview1 numbering. */
#define WASYNC_OK 0
#define WASYNC_EAGAIN 6
#define WASYNC_EBUSY 10
#define WASYNC_EDEADLK 16
#define WASYNC_EFAULT 21
#define WASYNC_EINVAL 28
#define WASYNC_EOVERFLOW 61
#define WASYNC_EOWNERDEAD 62
#define WASYNC_EPERM 63
#define WASYNC_ETIMEDOUT 73

struct wasync_mutex {
	uint32_t name;      /* WASYNC_MUTEX_NAME */
	uint32_t owner;     /* 0, or the owner's tid | WASYNC_OWNER_WAITERS */
	uint32_t recursive; /* 0: relock is EDEADLK; 1: recursive */
	uint32_t count;     /* the owner's lock depth */
};

struct wasync_semaphore {
	uint32_t name;     /* WASYNC_SEMAPHORE_NAME */
	uint32_t count;    /* units available */
	uint32_t waiters;  /* threads blocked in acquire (host-maintained) */
	uint32_t reserved; /* 0 */
};

/* The host reads these words at fixed offsets: pin the layout. */
_Static_assert(sizeof(struct wasync_mutex) == 16, "mutex is 16 bytes");
_Static_assert(_Alignof(struct wasync_mutex) == 4, "mutex is 4-aligned");
_Static_assert(offsetof(struct wasync_mutex, name) == 0, "mutex name at 0");
_Static_assert(offsetof(struct wasync_mutex, owner) == 4, "mutex owner at 4");
_Static_assert(offsetof(struct wasync_mutex, recursive) == 8, "mutex recursive at 8");
_Static_assert(offsetof(struct wasync_mutex, count) == 12, "mutex count at 12");
_Static_assert(sizeof(struct wasync_semaphore) == 16, "semaphore is 16 bytes");
_Static_assert(_Alignof(struct wasync_semaphore) == 4, "semaphore is 4-aligned");
_Static_assert(offsetof(struct wasync_semaphore, name) == 0, "semaphore name at 0");
_Static_assert(offsetof(struct wasync_semaphore, count) == 4, "semaphore count at 4");
_Static_assert(offsetof(struct wasync_semaphore, waiters) == 8, "semaphore waiters at 8");
_Static_assert(offsetof(struct wasync_semaphore, reserved) == 12, "semaphore reserved at 12");

#define WASYNC_MUTEX_INIT {WASYNC_MUTEX_NAME, 0, 0, 0}
#define WASYNC_RECURSIVE_MUTEX_INIT {WASYNC_MUTEX_NAME, 0, 1, 0}
#define WASYNC_SEMAPHORE_INIT(n) {WASYNC_SEMAPHORE_NAME, (n), 0, 0}

/*
 * The raw imports. Pointers are passed as given, so a test can hand the host
 * a misaligned or out-of-bounds address and see EFAULT.
 */
#define WASYNC_IMPORT(fn) __attribute__((import_module("wasync"), import_name(fn)))

WASYNC_IMPORT("lockmutex") int wasync_sys_lockmutex(struct wasync_mutex *m);
WASYNC_IMPORT("trylockmutex") int wasync_sys_trylockmutex(struct wasync_mutex *m);
WASYNC_IMPORT("timelockmutex") int wasync_sys_timelockmutex(struct wasync_mutex *m, int64_t timeout_ns);
WASYNC_IMPORT("unlockmutex") int wasync_sys_unlockmutex(struct wasync_mutex *m);
WASYNC_IMPORT("acquiresemaphore") int wasync_sys_acquiresemaphore(struct wasync_semaphore *s);
WASYNC_IMPORT("timeacquiresemaphore") int wasync_sys_timeacquiresemaphore(struct wasync_semaphore *s, int64_t timeout_ns);
WASYNC_IMPORT("releasesemaphore") int wasync_sys_releasesemaphore(struct wasync_semaphore *s);
WASYNC_IMPORT("gettid") int wasync_sys_gettid(void);
/* ABI 1.1: a host serving 1.0 refuses a guest that imports these. */
WASYNC_IMPORT("setpriority") int wasync_sys_setpriority(int prio);
WASYNC_IMPORT("getpriority") int wasync_sys_getpriority(void);
WASYNC_IMPORT("destroymutex") int wasync_sys_destroymutex(struct wasync_mutex *m);
WASYNC_IMPORT("destroysemaphore") int wasync_sys_destroysemaphore(struct wasync_semaphore *s);

/*
 * The calling thread's tid, cached in a per-thread wasm global
 * (guest/thread_start.s) so the fast path costs no host call.
 * wasi_thread_start fills it for spawned threads; the main thread asks the
 * host once. Address space 1 makes clang read and write the wasm global
 * itself (global.get/set), inline: a call to an accessor cost the fast path
 * about 5 ns (BENCHMARKS.md, P1).
 */
extern uint32_t __attribute__((address_space(1))) __wasync_tid;

static inline uint32_t wasync_self(void)
{
	uint32_t tid = __wasync_tid;
	if (tid == 0) {
		tid = (uint32_t)wasync_sys_gettid();
		__wasync_tid = tid;
	}
	return tid;
}

/*
 * The fast-path switch (ABI 1.1), the immutable i32 global "wasync"
 * "fastpath": 0 when the host asks to see every lock, unlock and acquire
 * (wasync run --lock-order, --trace, --stats...), 1 otherwise. clang's
 * import_module attribute takes only functions, so the import is declared
 * in assembly; address space 1 makes the read one global.get, inline.
 */
__asm__(".globaltype __wasync_fastpath, i32, immutable\n"
	".import_module __wasync_fastpath, wasync\n"
	".import_name __wasync_fastpath, fastpath\n");
extern const uint32_t __attribute__((address_space(1))) __wasync_fastpath;

/*
 * wasync__inside says whether a 16-byte object at p lies inside memory.
 * Under wazero memory.size is two loads with no bounds check, cheaper than
 * a copy cached in memory (whose load is bounds-checked): 1.3 ns of the fast
 * path's lock+unlock (BENCHMARKS.md, P1).
 */
static inline int wasync__inside(uintptr_t p)
{
	return (uint64_t)p + 16 <= (uint64_t)__builtin_wasm_memory_size(0) << 16;
}

/*
 * wasync__fast_ok says whether the fast path may touch the object's words:
 * the host must allow it (__wasync_fastpath), and the object must be inside
 * memory (or the guest's own atomics would trap), 4-aligned (wasm atomics
 * trap otherwise), and carry the expected name.
 * Anything else goes to the host, which answers EFAULT or EINVAL as the ABI
 * orders them.
 */
static inline int wasync__fast_ok(const void *obj, uint32_t name)
{
	uintptr_t p = (uintptr_t)obj;
	if (!__wasync_fastpath || (p & 3) != 0 || !wasync__inside(p))
		return 0;
	return __atomic_load_n((const uint32_t *)obj, __ATOMIC_RELAXED) == name;
}

/*
 * WASYNC_SPIN_READS bounds how often a failed lock re-reads the owner word
 * before it calls the host, as a futex mutex spins before it waits: a
 * critical section is often shorter than a host call, let alone a park and
 * wake. The reads are plain loads, so waiting threads do not take the cache
 * line from the owner; only when the word reads 0 does a compare-exchange
 * follow. A spinner gives up at once when WAITERS is set (the host queues
 * and hands off fairly, and only it may let a newcomer pass its queue) or
 * when the word names the caller (a relock is the host's to answer).
 * BENCHMARKS.md (P3) has the measurements.
 */
#ifndef WASYNC_SPIN_READS
#define WASYNC_SPIN_READS 100
#endif

/* wasync__spin_lock: the bounded spin; 1 when it took the mutex. */
static __attribute__((noinline)) int wasync__spin_lock(struct wasync_mutex *m, uint32_t tid)
{
	for (int i = 0; i < WASYNC_SPIN_READS; i++) {
		uint32_t w = __atomic_load_n(&m->owner, __ATOMIC_RELAXED);
		if ((w & WASYNC_OWNER_WAITERS) != 0 || w == tid)
			return 0;
		if (w == 0 && __atomic_compare_exchange_n(&m->owner, &w, tid, 0, __ATOMIC_ACQUIRE,
							  __ATOMIC_RELAXED))
			return 1;
	}
	return 0;
}

/*
 * wasync_mutex_lock: owner 0 → tid, then count = 1; after a bounded spin,
 * the host.
 */
static inline int wasync_mutex_lock(struct wasync_mutex *m)
{
	if (wasync__fast_ok(m, WASYNC_MUTEX_NAME) && m->recursive <= 1) {
		uint32_t tid = wasync_self(), free = 0;
		if (__atomic_compare_exchange_n(&m->owner, &free, tid, 0, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED) ||
		    wasync__spin_lock(m, tid)) {
			m->count = 1; /* plain: see wasync_mutex_unlock */
			return WASYNC_OK;
		}
	}
	return wasync_sys_lockmutex(m);
}

/*
 * wasync_mutex_unlock: at count 1, count = 0 then owner tid → 0. If the
 * exchange fails, WAITERS is set (or the word is not ours): restore the count
 * and let the host wake a waiter or answer EPERM.
 *
 * The owner's count stores are plain: every wasm atomic store is
 * sequentially consistent, which wazero compiles to a locked XCHG, and two of
 * them made the fast path's lock+unlock cost 7 ns more (BENCHMARKS.md, P1).
 * No other thread reads count while we own the mutex: the release
 * compare-exchange of owner orders our stores before the next owner's, and
 * the host reads count only for its owner or after the owner died.
 */
static inline int wasync_mutex_unlock(struct wasync_mutex *m)
{
	if (wasync__fast_ok(m, WASYNC_MUTEX_NAME) && m->recursive <= 1) {
		uint32_t tid = wasync_self();
		if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == tid &&
		    __atomic_load_n(&m->count, __ATOMIC_RELAXED) == 1) {
			m->count = 0;
			uint32_t mine = tid;
			if (__atomic_compare_exchange_n(&m->owner, &mine, 0, 0,
							__ATOMIC_RELEASE, __ATOMIC_RELAXED))
				return WASYNC_OK;
			m->count = 1;
		}
	}
	return wasync_sys_unlockmutex(m);
}

/* wasync_sem_acquire: count n → n-1 for n > 0; else the host. */
static inline int wasync_sem_acquire(struct wasync_semaphore *s)
{
	if (wasync__fast_ok(s, WASYNC_SEMAPHORE_NAME)) {
		uint32_t n = __atomic_load_n(&s->count, __ATOMIC_RELAXED);
		while (n > 0 && n <= WASYNC_MAX_COUNT) {
			if (__atomic_compare_exchange_n(&s->count, &n, n - 1, 0,
							__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return WASYNC_OK;
		}
	}
	return wasync_sys_acquiresemaphore(s);
}

/* wasync_sem_release always calls the host: only it can wake a waiter. */
static inline int wasync_sem_release(struct wasync_semaphore *s)
{
	return wasync_sys_releasesemaphore(s);
}

/*
 * wasync_setpriority sets the calling thread's base priority
 * (WASYNC_PRIO_MIN..WASYNC_PRIO_MAX, else WASYNC_EINVAL). Wait queues of
 * mutexes and semaphores serve higher priorities first; priorities do not
 * make the host run one thread's code before another's.
 */
static inline int wasync_setpriority(int prio)
{
	return wasync_sys_setpriority(prio);
}

/*
 * wasync_getpriority is the calling thread's effective priority: its base,
 * raised while it owns a mutex that a higher thread waits for (priority
 * inheritance, through chains of owners).
 */
static inline int wasync_getpriority(void)
{
	return wasync_sys_getpriority();
}

/*
 * wasync_mutex_destroy clears the mutex's name, so that every later call on
 * it is WASYNC_EINVAL until it is initialised again; WASYNC_EBUSY (and no
 * change) while a live thread owns it or threads wait for it. A mutex its
 * owner died holding may be destroyed.
 */
static inline int wasync_mutex_destroy(struct wasync_mutex *m)
{
	return wasync_sys_destroymutex(m);
}

/* wasync_semaphore_destroy: the same for a semaphore; WASYNC_EBUSY while
 * threads wait in acquire. */
static inline int wasync_semaphore_destroy(struct wasync_semaphore *s)
{
	return wasync_sys_destroysemaphore(s);
}

#endif
