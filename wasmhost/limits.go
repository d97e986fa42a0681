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

// stackOverflow is the instrumentation's FuncStackOverflow: a trap.
func stackOverflow(context.Context, api.Module, []uint64) { panic(ErrStackLimit) }
