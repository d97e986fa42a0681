package diag

import (
	"fmt"
	"strings"

	"github.com/wasync/wasync/syncrt"
)

// A BlockedError is the engine's all-blocked report with where each
// thread blocked: the binding adds the guest's call stack of each blocked
// thread, captured as the run's end stopped its call. errors.As finds the
// *syncrt.AllBlockedError inside.
type BlockedError struct {
	*syncrt.AllBlockedError
	// Stacks holds each blocked thread's frames by tid, innermost first; a
	// thread without any keeps the engine's line alone.
	Stacks map[uint32][]Frame
}

// Error is the engine's report with a line under each thread naming the
// functions it blocked in:
//
//	all 2 threads are blocked with no timeout:
//	  thread 1 waits for semaphore 0x100d0 (no units)
//	    in main < _start
//	  thread 2 waits for mutex 0x100c0 (owned by thread 1)
//	    in thread2 < __wasync_thread_main < wasi_thread_start
func (e *BlockedError) Error() string {
	// The engine's report is a heading and then one line per thread, in
	// the order of Threads.
	lines := strings.Split(e.AllBlockedError.Error(), "\n")
	var b strings.Builder
	b.WriteString(lines[0])
	for i, l := range lines[1:] {
		b.WriteString("\n" + l)
		if i < len(e.Threads) && len(e.Stacks[e.Threads[i].Tid]) > 0 {
			b.WriteString("\n    in " + stackString(e.Stacks[e.Threads[i].Tid]))
		}
	}
	return b.String()
}

func (e *BlockedError) Unwrap() error { return e.AllBlockedError }

// stackString is a stack on one line, innermost first.
func stackString(stack []Frame) string {
	names := make([]string, len(stack))
	for i, f := range stack {
		names[i] = f.Function
		if f.File != "" {
			names[i] = fmt.Sprintf("%s (%s:%d)", f.Function, f.File, f.Line)
		}
	}
	return strings.Join(names, " < ")
}
