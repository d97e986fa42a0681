package luabind

import (
	"fmt"

	"github.com/wasync/wasync/syncrt"
)

// A ScriptError is an error the main chunk raised and did not catch.
type ScriptError struct {
	// Message is Lua's message, usually "chunk:line: text".
	Message string
	// Traceback is the Lua stack where the error was raised, as lua
	// prints it ("stack traceback:\n\t…"); empty for a chunk that did
	// not load.
	Traceback string
}

func (e *ScriptError) Error() string { return e.Message }

// A ThreadError is a spawned thread that died of an uncaught error that
// no thread.join received. Such an error is written to Options.Stderr
// when it happens, with its traceback; the run, if nothing else failed,
// then returns the main chunk's results and the ThreadErrors joined
// (errors.Join), so that it does not look like a success.
type ThreadError struct {
	Tid                uint32
	Message, Traceback string
}

func (e *ThreadError) Error() string { return fmt.Sprintf("thread %d: %s", e.Tid, e.Message) }

// ErrTimeLimit is the error of a run that outlived Options.TimeLimit: the
// engine's, the same error as wasmhost's.
var ErrTimeLimit = syncrt.ErrTimeLimit
