/*
 * allblocked: every thread blocked for good with no timeout. Thread 2 waits
 * for a mutex main owns; main then waits for a semaphore no one will
 * release. The host must end the run with status 86 (abi.ExitAllBlocked)
 * and a report on stderr naming both threads, what they wait for and the
 * mutex's owner, instead of hanging.
 */
#include "check.h"

static struct wasync_mutex m = WASYNC_MUTEX_INIT;
static struct wasync_semaphore never = WASYNC_SEMAPHORE_INIT(0);

static void thread2(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&m);
	wasync_printf("thread 2 got the mutex FAIL\n");
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_sys_lockmutex(&m);
	wasync_thread_spawn(thread2, 0);
	wait_queued(&m);
	wasync_printf("main: waiting for a semaphore no one releases\n");
	wasync_sys_acquiresemaphore(&never);
	wasync_printf("main: acquired FAIL\n");
	return 1;
}
