package wasmhost

import (
	"context"
	"errors"

	"github.com/tetratelabs/wazero/api"
)

// The bounds a run has unless its options say otherwise: a guest cannot
// exhaust its embedder by spawning threads or recursing without end.
const (
	// DefaultMaxThreads is the thread cap when WithMaxThreads is 0 (or not
	// given), as luabind's: each thread holds a goroutine, an instance of
	// the module (about 18 KB for a small guest) and its wasm stack.
	DefaultMaxThreads = 1000
	// DefaultStackLimit is the wasm stack a thread may use when
	// WithStackLimit is 0 (or not given), in estimated bytes: about 40,000
	// calls of a function of one parameter and no locals. wasmtime's
	// default is 512 KiB of native stack.
	DefaultStackLimit = 1 << 20
	// MaxStackLimit is the largest stack limit: WithStackLimit clamps to
	// it. wazero itself stops a stack at about 50-100 MB.
	MaxStackLimit = 1 << 30
)

// WithStackLimit caps the wasm stack each thread of a run may use at n
// bytes, as the instrumentation estimates it (16 bytes and 8 per
// parameter and local of each active call; see internal/instrument): a call
// past it traps with an error wrapping ErrStackLimit, for the run's usual
// ExitTrap. wazero's own stack for it is up to about twice n, as wazero
// doubles it as it grows. 0 means DefaultStackLimit; above MaxStackLimit,
// MaxStackLimit. Without instrumentation the only limit is wazero's own
// (its "stack overflow" trap at about 50-100 MB a thread).
func WithStackLimit(n int) Option { return func(c *config) { c.stackLimit = n } }

// ErrStackLimit is wrapped by the trap of a thread whose wasm stack passed
// WithStackLimit.
var ErrStackLimit = errors.New("wasmhost: the thread's wasm stack passed the run's limit (see WithStackLimit)")

// maxThreads is the run's thread cap.
func (c config) threadCap() int {
	if c.maxThreads == 0 {
		return DefaultMaxThreads
	}
	return c.maxThreads
}

// stackBytes is the run's stack limit.
func (c config) stackBytes() int {
	switch {
	case c.stackLimit <= 0:
		return DefaultStackLimit
	case c.stackLimit > MaxStackLimit:
		return MaxStackLimit
	}
	return c.stackLimit
}

// stackLimitExceeded is the instrumentation's FuncStackLimit: a trap.
func stackLimitExceeded(context.Context, api.Module, []uint64) { panic(ErrStackLimit) }

// threadReserve is what WithMemoryLimit counts for each live thread: the
// wasm stack wazero may allocate for it (twice the stack limit, as wazero
// doubles a stack as it grows) and about 64 KiB for its instance and
// goroutine.
func (c config) threadReserve() int64 { return 2*int64(c.stackBytes()) + 64<<10 }

// WithMemoryLimit bounds the memory of each run, in bytes: every linear
// memory (the guest's own or the one the host makes for its import) may
// have at most n bytes (wazero's RuntimeConfig.WithMemoryLimitPages: a
// larger maximum is lowered, a larger minimum fails to compile), and
// thread-spawn fails once the memory's maximum and the reserve of every
// live thread, the new one included (twice the stack limit and 64 KiB),
// would pass n. It is an estimate of what the run may take, not a
// measure: Go's own overheads are not counted. 0 (the default) means no
// limit. It is a Runtime's choice: only its value given to NewRuntime
// counts.
func WithMemoryLimit(n int64) Option { return func(c *config) { c.memoryLimit = n } }

// memoryLimitPages is the wazero page limit of a memory limit of n bytes.
func memoryLimitPages(n int64) uint32 { return uint32(min(n>>16, 65536)) }

// reserveThread counts one more live thread, unless the run's memory
// limit leaves no room for it.
func (r *run) reserveThread() bool {
	live := r.live.Add(1)
	limit := r.mod.rt.cfg.memoryLimit
	if limit <= 0 {
		return true
	}
	mem := r.mem
	if mem == nil {
		mem = r.ownMem
	}
	var memBytes int64
	if mem != nil {
		pages, ok := mem.Definition().Max()
		if !ok {
			pages = memoryLimitPages(limit)
		}
		memBytes = int64(pages) << 16
	}
	if memBytes+live*r.cfg.threadReserve() > limit {
		r.live.Add(-1)
		return false
	}
	return true
}
