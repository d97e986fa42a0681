package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost"
)

// fastPathNote says what wasync run's statistics count: an observed run
// turns the SDK's fast path off ("wasync" "fastpath" = 0), but a guest
// built before the switch still takes a free mutex or a unit without a
// host call, so only acquisitions that reached the host are seen.
const fastPathNote = " (calls that reached the host: a guest built without the fast-path switch takes a free mutex or unit unseen)"

// summaryLine is the end-of-run line of --stats, the same for run and lua.
func summaryLine(s diag.Summary, code uint32, err error) string {
	return fmt.Sprintf("the run took %v and ended with %s; %d threads started, at most %d alive at once",
		s.Wall.Round(time.Millisecond), endReason(code, err), s.Threads, s.PeakLive)
}

// endReason names why a run ended, with its exit status.
func endReason(code uint32, err error) string {
	var trap *wasmhost.TrapError
	var blocked *syncrt.AllBlockedError
	reason := "exit status"
	switch {
	case err == nil:
	case errors.As(err, &trap):
		reason = fmt.Sprintf("a trap in thread %d, status", trap.Tid)
	case errors.As(err, new(*luabind.ScriptError)):
		reason = "an uncaught error, status"
	case errors.As(err, &blocked) || code == abi.ExitAllBlocked:
		reason = "every thread blocked for good, status"
	case errors.Is(err, wasmhost.ErrTimeLimit), errors.Is(err, luabind.ErrTimeLimit):
		reason = "the time limit, status"
	case code == wasmhost.ExitCanceled:
		reason = "an interrupt, status"
	}
	return fmt.Sprintf("%s %d", reason, code)
}
