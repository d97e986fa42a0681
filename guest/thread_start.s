# wasi_thread_start: the entry point of every spawned thread (wasi-threads).
#
# Debian's wasi-libc has no threads, so the SDK brings its own entry. It must
# be assembly: a new thread's instance starts with __stack_pointer at the
# main thread's initial value, and C code would use that stack before it
# could move away from it. The host calls wasi_thread_start(tid, start_arg)
# where start_arg points at a struct wasync_thread (guest/thread.c) whose
# first word is the top of the thread's own stack.
#
# The thread's id is also kept in __wasync_tid, a per-instance global (each
# thread is its own instance), so the fast path learns its tid without a host
# call; wasync_self() in wasync.h reads it directly (clang's address space 1).

	.text

	.globaltype	__stack_pointer, i32
	.globaltype	__wasync_tid, i32
	.hidden	__wasync_tid
	.globl	__wasync_tid
__wasync_tid:

# The lowest the thread's stack pointer may go (0 for the main thread, whose
# overflow runs off the bottom of memory with --stack-first): wasmhost's
# instrumentation finds it by name and checks it at every function entry.
	.globaltype	__wasync_stack_limit, i32
	.hidden	__wasync_stack_limit
	.globl	__wasync_stack_limit
__wasync_stack_limit:

	.functype	__wasync_thread_main (i32, i32) -> ()

	.export_name	wasi_thread_start, wasi_thread_start
	.hidden	wasi_thread_start
	.globl	wasi_thread_start
	.type	wasi_thread_start,@function
wasi_thread_start:
	.functype	wasi_thread_start (i32, i32) -> ()
	local.get	1		# start_arg
	i32.load	0		# offsetof(struct wasync_thread, stack_top) == 0
	global.set	__stack_pointer
	local.get	1
	i32.load	4		# offsetof(struct wasync_thread, stack_limit) == 4
	global.set	__wasync_stack_limit
	local.get	0		# tid
	global.set	__wasync_tid
	local.get	0
	local.get	1
	call	__wasync_thread_main
	end_function
