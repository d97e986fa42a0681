/*
 * joinblocked: a deadlock through a join. Main holds queue_lock and joins
 * thread 2, which waits for queue_lock. The host ends the run with status
 * 86 and a report that names the join ("thread 1 waits to join thread 2",
 * from the SDK's __wasync_join_offset) and the mutex by its data symbol
 * ("0x... (queue_lock)": the Makefile links it with --export=queue_lock).
 */
#include "check.h"

struct wasync_mutex queue_lock = WASYNC_MUTEX_INIT;

static void worker(void *arg)
{
	(void)arg;
	wasync_sys_lockmutex(&queue_lock);
	wasync_printf("thread 2 got queue_lock FAIL\n");
}

int main(int argc, char **argv)
{
	(void)argc, (void)argv;
	wasync_sys_lockmutex(&queue_lock);
	int tid = wasync_thread_spawn(worker, 0);
	wait_queued(&queue_lock);
	wasync_printf("main: joining thread %d, which waits for queue_lock\n", tid);
	wasync_thread_join(tid);
	wasync_printf("main: joined FAIL\n");
	return 1;
}
