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

// The ABI version this host serves, its functions, and its one global.
export const Version = '1.1';
export const Funcs = ['lockmutex', 'trylockmutex', 'timelockmutex', 'unlockmutex',
  'acquiresemaphore', 'timeacquiresemaphore', 'releasesemaphore', 'gettid',
  'setpriority', 'getpriority', 'destroymutex', 'destroysemaphore'];
// FastPath is the "wasync" "fastpath" global (an immutable i32): 1, as
// this host has no lock-order checking or per-call tracing to ask for 0.
export const FastPath = 'fastpath';

// Thread priorities (1.1): 1..255, higher first; thread 1 starts at 10.
export const MinPriority = 1;
export const MaxPriority = 255;
export const DefaultPriority = 10;
