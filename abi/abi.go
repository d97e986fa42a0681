package abi

// ModuleName is the import module of every wasync function.
const ModuleName = "wasync"

// Function names in module ModuleName.
const (
	FuncLockMutex            = "lockmutex"
	FuncTryLockMutex         = "trylockmutex"
	FuncTimeLockMutex        = "timelockmutex"
	FuncUnlockMutex          = "unlockmutex"
	FuncAcquireSemaphore     = "acquiresemaphore"
	FuncTimeAcquireSemaphore = "timeacquiresemaphore"
	FuncReleaseSemaphore     = "releasesemaphore"
	FuncGetTid               = "gettid"

	// ABI 1.1.
	FuncSetPriority      = "setpriority"
	FuncGetPriority      = "getpriority"
	FuncDestroyMutex     = "destroymutex"
	FuncDestroySemaphore = "destroysemaphore"
)

// Thread priorities (ABI 1.1): higher is served first. Thread 1 starts at
// DefaultPriority; a spawned thread at its spawner's base priority.
const (
	MinPriority     = 1
	MaxPriority     = 255
	DefaultPriority = 10
)

// ObjectSize is the size in bytes of a mutex and of a semaphore, and
// ObjectAlign their required alignment.
const (
	ObjectSize  = 16
	ObjectAlign = 4
)

// Type names, stored little-endian in the first word of an object.
const (
	MutexName     uint32 = 0x5854554D // "MUTX"
	SemaphoreName uint32 = 0x414D4553 // "SEMA"
)

// Mutex field byte offsets.
const (
	MutexOffName      = 0
	MutexOffOwner     = 4
	MutexOffRecursive = 8
	MutexOffCount     = 12
)

// Semaphore field byte offsets.
const (
	SemaphoreOffName     = 0
	SemaphoreOffCount    = 4
	SemaphoreOffWaiters  = 8
	SemaphoreOffReserved = 12
)

// Owner-word bits.
const (
	OwnerTidMask  uint32 = 0x1FFFFFFF // bits 0..28: the owner's tid
	OwnerReserved uint32 = 0x60000000 // bits 29..30: must stay 0
	OwnerWaiters  uint32 = 0x80000000 // bit 31: threads are queued
)

// Thread ids and counters.
const (
	MainTid      uint32 = 1 // the thread running _start
	MaxTid       uint32 = OwnerTidMask
	MaxCount     uint32 = 0x7FFFFFFF // largest recursion depth and semaphore count
	RecursiveYes uint32 = 1          // a mutex's recursive word when relocking nests; 0 makes a relock EDEADLK
)

// ExitAllBlocked is the exit status of a run that ended because every live
// thread was blocked in a wasync call with no timeout.
const ExitAllBlocked = 86
