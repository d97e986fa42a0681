package wasmhost

import (
	"fmt"

	"github.com/wasync/wasync/syncrt"
)

// Exit statuses of runs that did not end by proc_exit or by returning from
// _start. A run in which every live thread is blocked for good in a wasync
// call exits with abi.ExitAllBlocked.
const (
	// ExitTrap is the status of a run ended by a trap, as wasmtime's abort.
	ExitTrap = 134
	// ExitTimeLimit is the status of a run that reached its WithTimeLimit,
	// as timeout(1).
	ExitTimeLimit = 124
	// ExitCanceled is the status of a run whose context was cancelled, as a
	// shell's for SIGINT.
	ExitCanceled = 130
	// ExitHostError is the status returned with an error that kept the
	// guest from starting (a bad module, a memory over its cap).
	ExitHostError = 1
)

// ErrTimeLimit is the cause of a run that reached its WithTimeLimit: the
// engine's, the same error as luabind's.
var ErrTimeLimit = syncrt.ErrTimeLimit

// A TrapError is a trap in one guest thread; Err's text includes the wasm
// stack trace.
type TrapError struct {
	Tid uint32
	Err error
}

func (e *TrapError) Error() string {
	return fmt.Sprintf("wasmhost: thread %d trapped: %v", e.Tid, e.Err)
}

func (e *TrapError) Unwrap() error { return e.Err }

// exitStatus is the cause a run is stopped with when a thread decides its
// end: proc_exit, a return from _start, or a trap.
type exitStatus struct {
	code uint32
	err  error
}

func (e *exitStatus) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return fmt.Sprintf("wasmhost: exit status %d", e.code)
}
