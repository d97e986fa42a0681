// The wasync ABI in constants (../shared/ABI.md; the Go side is abi/).

export const ModuleName = 'wasync';

export const MutexName = 0x5854554d; // "MUTX"
export const SemaphoreName = 0x414d4553; // "SEMA"

export const OwnerTidMask = 0x1fffffff;
export const OwnerReserved = 0x60000000;
export const OwnerWaiters = 0x80000000;
export const MaxCount = 0x7fffffff;
export const MaxTid = OwnerTidMask;

export const E = Object.freeze({
  SUCCESS: 0, AGAIN: 6, BADF: 8, BUSY: 10, DEADLK: 16, FAULT: 21, INVAL: 28, IO: 29,
  NOSYS: 52, NOENT: 44, NOTDIR: 54, OVERFLOW: 61, OWNERDEAD: 62, PERM: 63, SPIPE: 70,
  TIMEDOUT: 73, NOTCAPABLE: 76,
});

// Exit statuses, as the Go host's (wasmhost/status.go, abi.ExitAllBlocked).
export const Exit = Object.freeze({ AllBlocked: 86, Trap: 134, TimeLimit: 124, Canceled: 130, HostError: 1 });

// The 1.0 functions; the 1.1 ones are refused until the engine has them.
export const Funcs10 = ['lockmutex', 'trylockmutex', 'timelockmutex', 'unlockmutex',
  'acquiresemaphore', 'timeacquiresemaphore', 'releasesemaphore', 'gettid'];
export const Funcs11 = ['setpriority', 'getpriority', 'destroymutex', 'destroysemaphore', 'fastpath'];
