// Package abi is the wasync ABI, version 1.1 (Version), in code: the import
// module and function names, the layout of the guest-described objects, the
// owner-word bits, the thread-id and priority ranges and the WASI errno
// values the calls return.
//
// The contract in brief (the full text is ABI.md in the shared folder):
//
//   - A guest imports the functions of module "wasync". Pointers are i32
//     byte addresses; every call returns an i32 errno (0 = success);
//     timeouts are relative i64 nanoseconds, 0 = do not block, negative =
//     EINVAL.
//   - Objects are 16 bytes, 4-aligned, four little-endian u32 fields, laid
//     out by the guest. A mutex is {MUTX, owner, recursive, count}; a
//     semaphore is {SEMA, count, waiters, 0}. A misaligned or out-of-bounds
//     object is EFAULT; a wrong name, a recursive field other than 0 or 1,
//     owner bits 29..30 set or a negative timeout is EINVAL; checks come in
//     that order, then the object's state.
//   - The owner word holds the owner's tid in bits 0..28 and WAITERS in bit
//     31, set while threads are queued on the mutex. Thread ids start at 1
//     (the thread running _start), are never reused within a run and stay
//     within 1..MaxTid.
//   - A guest may lock and unlock without calling the host (the fast path):
//     compare-exchange owner 0 → tid then count = 1; to unlock at count 1,
//     count = 0 then compare-exchange owner tid → 0, and on failure (WAITERS
//     set) count = 1 and call unlockmutex. Semaphores: compare-exchange count
//     n → n-1 for n > 0; release always calls the host.
//   - 1.1 adds thread priorities MinPriority..MaxPriority (higher first;
//     thread 1 starts at DefaultPriority, a spawned thread at its
//     spawner's base): setpriority sets the caller's base, getpriority
//     returns its effective priority, which priority inheritance raises
//     while it owns mutexes that higher threads wait for. Mutex and
//     semaphore wait queues are ordered by effective priority, FIFO among
//     equals. destroymutex and destroysemaphore clear the name word, or
//     return EBUSY while the object is in use.
//
// This package has no dependency beyond the standard library, so guests'
// tooling and every binding can share it.
package abi
