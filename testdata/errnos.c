/*
 * errnos: every call's input checks, in the ABI's order: EFAULT (alignment,
 * bounds), then EINVAL (name, recursive not 0/1, owner bits 29..30, negative
 * timeout), then the object's state. Single-threaded: no state check here
 * needs a second thread (mutex_rules and sem_rules cover those).
 */
#include "check.h"

extern unsigned char __heap_base; /* wasm-ld: the first byte past the data */

typedef int (*call_fn)(void *obj);

static int lock(void *o) { return wasync_sys_lockmutex(o); }
static int trylock(void *o) { return wasync_sys_trylockmutex(o); }
static int timelock(void *o) { return wasync_sys_timelockmutex(o, 0); }
static int unlock(void *o) { return wasync_sys_unlockmutex(o); }
static int acquire(void *o) { return wasync_sys_acquiresemaphore(o); }
static int timeacquire(void *o) { return wasync_sys_timeacquiresemaphore(o, 0); }
static int release(void *o) { return wasync_sys_releasesemaphore(o); }

static const struct {
	const char *name;
	call_fn fn;
	int mutex; /* a mutex call; else a semaphore call */
} calls[] = {
	{"lockmutex", lock, 1},
	{"trylockmutex", trylock, 1},
	{"timelockmutex", timelock, 1},
	{"unlockmutex", unlock, 1},
	{"acquiresemaphore", acquire, 0},
	{"timeacquiresemaphore", timeacquire, 0},
	{"releasesemaphore", release, 0},
};
#define NCALLS (sizeof calls / sizeof calls[0])

static struct wasync_mutex mutexes[2];
static struct wasync_semaphore sems[2];
static uint32_t zeroes[8] __attribute__((aligned(16)));

static void label(char *buf, const char *a, const char *b)
{
	while (*a)
		*buf++ = *a++;
	*buf++ = ' ';
	while (*b)
		*buf++ = *b++;
	*buf = 0;
}

static void expect_call(int i, const char *what, void *obj, int want)
{
	char buf[96];
	label(buf, calls[i].name, what);
	expect_errno(buf, calls[i].fn(obj), want);
}

/* Bad addresses: EFAULT whatever the bytes there would say. */
static void faults(void)
{
	uintptr_t size = __builtin_wasm_memory_size(0) * 65536;
	for (unsigned i = 0; i < NCALLS; i++) {
		char *good = calls[i].mutex ? (char *)&mutexes[0] : (char *)&sems[0];
		expect_call(i, "misaligned +1", good + 1, WASYNC_EFAULT);
		expect_call(i, "misaligned +2", good + 2, WASYNC_EFAULT);
		expect_call(i, "at the end of memory", (void *)size, WASYNC_EFAULT);
		expect_call(i, "across the end of memory", (void *)(size - 8), WASYNC_EFAULT);
		expect_call(i, "wrapping past 4 GiB", (void *)0xFFFFFFFCu, WASYNC_EFAULT);
	}
}

/* Wrong names and fields: EINVAL, and the object is left as it was. */
static void invalid(void)
{
	for (unsigned i = 0; i < NCALLS; i++) {
		expect_call(i, "zeroed memory", zeroes, WASYNC_EINVAL);
		if (calls[i].mutex) {
			sems[0] = (struct wasync_semaphore)WASYNC_SEMAPHORE_INIT(1);
			expect_call(i, "on a semaphore", &sems[0], WASYNC_EINVAL);
			expect_u32("  the semaphore's count", sem_count(&sems[0]), 1);
			mutexes[0] = (struct wasync_mutex){WASYNC_MUTEX_NAME, 0, 2, 0};
			expect_call(i, "recursive=2", &mutexes[0], WASYNC_EINVAL);
			expect_u32("  owner", owner_of(&mutexes[0]), 0);
			mutexes[0] = (struct wasync_mutex){WASYNC_MUTEX_NAME, 0x20000000, 0, 0};
			expect_call(i, "owner bit 29", &mutexes[0], WASYNC_EINVAL);
			mutexes[0] = (struct wasync_mutex){WASYNC_MUTEX_NAME, 0x40000001, 0, 1};
			expect_call(i, "owner bit 30", &mutexes[0], WASYNC_EINVAL);
			expect_u32("  owner", owner_of(&mutexes[0]), 0x40000001);
		} else {
			mutexes[0] = (struct wasync_mutex)WASYNC_MUTEX_INIT;
			expect_call(i, "on a mutex", &mutexes[0], WASYNC_EINVAL);
			expect_u32("  the mutex's owner", owner_of(&mutexes[0]), 0);
		}
	}
}

/* A negative timeout is EINVAL even when the object is free. */
static void negative_timeouts(void)
{
	struct wasync_mutex *m = &mutexes[1];
	struct wasync_semaphore *s = &sems[1];
	*m = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	*s = (struct wasync_semaphore)WASYNC_SEMAPHORE_INIT(1);
	expect_errno("timelockmutex free, timeout -1", wasync_sys_timelockmutex(m, -1), WASYNC_EINVAL);
	expect_errno("timelockmutex free, timeout INT64_MIN", wasync_sys_timelockmutex(m, INT64_MIN), WASYNC_EINVAL);
	expect_u32("  owner", owner_of(m), 0);
	expect_errno("timeacquiresemaphore 1 unit, timeout -1", wasync_sys_timeacquiresemaphore(s, -1), WASYNC_EINVAL);
	expect_u32("  count", sem_count(s), 1);
}

/* Order: EFAULT before EINVAL before the object's state. */
static void order(void)
{
	struct wasync_mutex *m = &mutexes[1];
	*m = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	expect_errno("timelockmutex misaligned, timeout -1", wasync_sys_timelockmutex((void *)((char *)m + 1), -1), WASYNC_EFAULT);
	expect_errno("timeacquiresemaphore out of bounds, timeout -1", wasync_sys_timeacquiresemaphore((void *)0xFFFFFFF0u, -1), WASYNC_EFAULT);
	expect_errno("lockmutex", wasync_sys_lockmutex(m), WASYNC_OK);
	/* Owned by us: EDEADLK is the state's answer; EINVAL must win. */
	expect_errno("timelockmutex owned by me, timeout -1", wasync_sys_timelockmutex(m, -1), WASYNC_EINVAL);
	m->recursive = 2;
	expect_errno("lockmutex owned by me, recursive=2", wasync_sys_lockmutex(m), WASYNC_EINVAL);
	expect_errno("unlockmutex owned by me, recursive=2", wasync_sys_unlockmutex(m), WASYNC_EINVAL);
	expect_u32("  owner", owner_of(m), 1);
	m->recursive = 0;
	expect_errno("unlockmutex", wasync_sys_unlockmutex(m), WASYNC_OK);
	/* Unlocked: EPERM is the state's answer to an unlock; EINVAL must win. */
	m->name = 0;
	expect_errno("unlockmutex unlocked, zeroed name", wasync_sys_unlockmutex(m), WASYNC_EINVAL);
	/* Empty: ETIMEDOUT is the state's answer; EINVAL must win. */
	struct wasync_semaphore *s = &sems[1];
	*s = (struct wasync_semaphore)WASYNC_SEMAPHORE_INIT(0);
	expect_errno("timeacquiresemaphore empty, timeout -1", wasync_sys_timeacquiresemaphore(s, -1), WASYNC_EINVAL);
	*s = (struct wasync_semaphore)WASYNC_SEMAPHORE_INIT(WASYNC_MAX_COUNT);
	s->name = WASYNC_MUTEX_NAME;
	expect_errno("releasesemaphore full, wrong name", wasync_sys_releasesemaphore(s), WASYNC_EINVAL);
}

/* The last 16 bytes of memory are a valid place for an object. */
static void last_object(void)
{
	uintptr_t size = __builtin_wasm_memory_size(0) * 65536;
	if (size - 16 < (uintptr_t)&__heap_base) {
		wasync_printf("no free bytes at the end of memory FAIL\n");
		__atomic_fetch_add(&check_failures, 1, __ATOMIC_RELAXED);
		return;
	}
	struct wasync_mutex *m = (struct wasync_mutex *)(size - 16);
	*m = (struct wasync_mutex)WASYNC_MUTEX_INIT;
	expect_errno("lockmutex in the last 16 bytes", wasync_sys_lockmutex(m), WASYNC_OK);
	expect_errno("unlockmutex in the last 16 bytes", wasync_sys_unlockmutex(m), WASYNC_OK);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	faults();
	invalid();
	negative_timeouts();
	order();
	last_object();
	return check_done();
}
