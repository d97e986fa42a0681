package wasmhost

import (
	"errors"
	"strings"

	"github.com/tetratelabs/wazero/sys"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// errBlockedEnd is what a wasync call panics with when the run ended with
// every thread blocked. Unlike a sys.ExitError, wazero returns it from the
// thread's Call with the thread's wasm stack trace, which the all-blocked
// report then shows: a run pays for naming functions only at such an end.
var errBlockedEnd = errors.New("wasmhost: every thread is blocked for good")

// stopPanic is what a wasync call the run's end stopped unwinds the thread
// with.
func (r *run) stopPanic() any {
	var blocked *syncrt.AllBlockedError
	if errors.As(r.sr.Err(), &blocked) {
		return errBlockedEnd
	}
	return sys.NewExitError(sys.ExitCodeContextCanceled)
}

// keepBlockedStack records where a thread blocked, from the error its Call
// returned when errBlockedEnd unwound it.
func (r *run) keepBlockedStack(th *thread, err error) {
	if !errors.Is(err, errBlockedEnd) {
		return
	}
	stack := parseWasmTrace(err.Error(), r.mod.cm.Name())
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.blockedStacks == nil {
		r.blockedStacks = map[uint32][]diag.Frame{}
	}
	r.blockedStacks[th.t.Tid()] = stack
}

// blockedReport is the engine's report with the stacks of the threads.
// Every thread has returned.
func (r *run) blockedReport(e *syncrt.AllBlockedError) *diag.BlockedError {
	r.mu.Lock()
	defer r.mu.Unlock()
	return &diag.BlockedError{AllBlockedError: e, Stacks: r.blockedStacks}
}

// parseWasmTrace reads the frames of wazero's "wasm stack trace:", one
// "\tmodule.function(params) results" line each (further-indented lines
// are source positions), without the wasync function on top, and without
// the module's name: "thread2", or "$index" for a function the name
// section does not name, as observe.go names frames.
func parseWasmTrace(msg, module string) []diag.Frame {
	_, trace, ok := strings.Cut(msg, "\nwasm stack trace:\n")
	if !ok {
		return nil
	}
	var fs []diag.Frame
	for l := range strings.Lines(trace) {
		l = strings.TrimSuffix(l, "\n")
		if !strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "\t\t") {
			continue
		}
		name := l[1:]
		if i := strings.LastIndexByte(name, '('); i >= 0 {
			name = name[:i]
		}
		if strings.HasPrefix(name, abi.ModuleName+".") || strings.HasPrefix(name, stackedHostName+".") ||
			strings.HasPrefix(name, instrument.HostModule+".") {
			continue
		}
		if n, ok := strings.CutPrefix(name, module+"."); ok && n != "" {
			name = n
		}
		fs = append(fs, diag.Frame{Function: name})
	}
	return fs
}
