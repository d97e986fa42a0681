/*
 * unshared: a guest linked without --shared-memory (testdata/Makefile), as a
 * user who forgets the flag builds it. It imports a memory that is not
 * shared, so the host gives it exactly that and thread-spawn fails (the host
 * says why, once, on stderr); its global data must survive the attempt: a
 * shared memory under a non-shared __wasm_init_memory would be wiped by
 * each new instance.
 */
#include "check.h"

static struct wasync_mutex mu = WASYNC_MUTEX_INIT;
static uint32_t counter = 5;

static void work(void *arg)
{
	(void)arg;
	wasync_mutex_lock(&mu);
	counter++;
	wasync_mutex_unlock(&mu);
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	expect_u32("spawn fails", wasync_thread_spawn(work, 0) < 0, 1);
	expect_u32("again", wasync_thread_spawn(work, 0) < 0, 1);
	expect_u32("counter", counter, 5);
	expect_errno("lock", wasync_mutex_lock(&mu), WASYNC_OK);
	expect_errno("unlock", wasync_mutex_unlock(&mu), WASYNC_OK);
	return check_done();
}
