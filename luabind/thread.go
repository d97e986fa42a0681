package luabind

import (
	"fmt"
	"sync/atomic"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
)

// A thread is one Lua thread: an engine thread, its own lua.State and the
// goroutine that runs it.
type thread struct {
	rt   *runtime
	t    *syncrt.Thread
	self *handle // kindThread: joins this thread

	// Used only by the thread's own goroutine.
	l       *lua.State       // the thread's State, for stacks (observe.go)
	handles weakMap[*handle] // the State's tables bound to handles
	patched weakMap[bool]    // script metatables given live fields
	module  any              // the State's thread module table, by identity
	// builtins names the State's Go functions every State has
	builtins map[any]string
	// baseGlobals are the names of a fresh State's globals; foreign the
	// global functions of the threads that spawned this one (globals.go).
	baseGlobals map[string]bool
	foreign     []foreignGlobal

	// Written by the thread before it releases self.obj; read by joiners
	// after they acquire it.
	results []any
	failed  bool
	errMsg  string
	// traceback is the Lua stack where an uncaught error was raised;
	// loadFailed is set when the error is a chunk's that did not load,
	// which has no traceback worth showing.
	traceback  string
	loadFailed bool
	// stopped: the run's end stopped the thread. It stays set even if the
	// script catches the stop error and raises another: the thread's
	// failure is then the run's end, not the script's.
	stopped bool
	// stoppedAt is where the run's end stopped the thread's blocked call,
	// for an all-blocked report.
	stoppedAt []diag.Frame
	// memNear: the hook runs on every instruction, the heap being near
	// the run's memory limit.
	memNear bool

	// spawned: a thread of thread.spawn, not the main chunk.
	spawned bool
	// received is set once a join has taken its results or its error.
	received atomic.Bool
	exited   chan struct{} // closed once the engine knows the thread ended
	// beforeExit, when set, runs as the thread ends, before the engine
	// hears of it: the main thread ends the run there, so its end can
	// never look like the last running thread leaving the rest blocked.
	beforeExit func()
}

// body runs the thread: start pushes the function to call and its
// arguments on a fresh State and returns how many arguments it pushed.
func (th *thread) body(start func(*lua.State) (int, error)) {
	defer th.finish()
	defer func() {
		// Last line of defence: a Go panic that got past go-lua (it
		// re-panics anything that is not an error value) ends this thread
		// with an error instead of the host process.
		if e := recover(); e != nil {
			th.fail(fmt.Sprintf("internal error: %v", e))
		}
	}()
	l := th.newState()
	n, err := start(l)
	if err != nil {
		th.fail(err.Error())
		return
	}
	l.PushGoFunction(th.messageHandler)
	l.Insert(1)
	if err := l.ProtectedCall(n, lua.MultipleReturns, 1); err != nil {
		msg, ok := l.ToString(-1)
		if !ok {
			msg = err.Error()
		}
		th.fail(msg)
		return
	}
	res, err := copyOut(th, l, 2, l.Top())
	if err != nil {
		th.fail("cannot return from a thread: " + err.Error())
		return
	}
	th.results = res
}

// messageHandler records where an uncaught error was raised, as lua's
// own message handler does, and keeps the message as it is. An error
// value that is not a string becomes a message naming its type.
func (th *thread) messageHandler(l *lua.State) int {
	msg, ok := l.ToString(1)
	if !ok {
		msg = "(error object is a " + lua.TypeNameOf(l, 1) + " value)"
	}
	if !th.loadFailed {
		lua.Traceback(l, l, "", 1)
		th.traceback, _ = l.ToString(-1)
	}
	l.PushString(msg)
	return 1
}

// fail records the thread's error. A spawned thread's error is written
// to Stderr now, unless the run's end stopped the thread: a long run
// should not keep it to its end, and whether a join will receive it later
// cannot be known now (so it is written even then, as Python and Java
// write a thread's uncaught exception).
func (th *thread) fail(msg string) {
	th.failed, th.errMsg = true, msg
	if th.spawned && !th.stopped {
		fmt.Fprintf(th.rt.stderr, "%s\n", th.report())
	}
}

// report is the thread's uncaught error as Stderr shows it: thread id,
// message and traceback.
func (th *thread) report() string {
	s := fmt.Sprintf("thread %d: %s", th.t.Tid(), th.errMsg)
	if th.traceback != "" {
		s += "\n" + th.traceback
	}
	return s
}

// finish tells joiners and then the engine that the thread ended. The
// order matters: a joiner parked on self.obj is a blocked thread, and
// Exit would count it as the last one standing if it were still parked.
func (th *thread) finish() {
	th.t.ReleaseSemaphore(th.self.obj)
	if th.beforeExit != nil {
		th.beforeExit()
	}
	th.t.Exit()
	th.l = nil // no call of ours follows; the run keeps its threads, not their States
	close(th.exited)
}

// hook stops a running script once the run has ended. go-lua has no
// context support; the count hook is how a busy loop gets interrupted.
func (th *thread) hook(l *lua.State, _ lua.Debug) {
	select {
	case <-th.rt.run.Done():
		// A pcall in the script may catch this error; firing on every
		// instruction from now on makes the first one outside it fail.
		lua.SetDebugHook(l, th.hook, lua.MaskCount, 1)
		th.stopped = true
		l.PushString(th.stopMessage())
		l.Error()
	default:
	}
	if th.rt.mem != nil {
		th.checkMemory(l)
	}
}

// stop raises the error that ends a thread whose call the engine stopped.
func (th *thread) stop(l *lua.State) {
	th.stopped = true
	th.stoppedAt = luaFrames(l)
	raise(l, th.stopMessage())
}

func (th *thread) stopMessage() string {
	return "run ended: " + fmt.Sprint(th.rt.run.Err())
}
