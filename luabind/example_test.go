package luabind_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
	"github.com/wasync/wasync/syncrt"
)

// Run a script whose threads share a counter guarded by a mutex.
func ExampleRunString() {
	src := `
local lock = thread.mutex()
shared.n = 0
local workers = {}
for i = 1, 4 do
  workers[i] = thread.spawn(function(lock)
    for _ = 1, 100 do lock:lock() shared.n = shared.n + 1 lock:unlock() end
  end, lock)
end
for _, w in ipairs(workers) do w:join() end
print("n =", shared.n)
return shared.n * 2`
	res, err := luabind.RunString(context.Background(), "counter.lua", src,
		luabind.Options{Stdout: os.Stdout, TimeLimit: 10 * time.Second})
	fmt.Println(res, err)
	// Output:
	// n =	400
	// [800] <nil>
}

// Register the program's own Go functions beside the sync API, and pass
// the script arguments.
func ExampleOptions_funcs() {
	greet := func(l *lua.State) int {
		l.PushString("hello, " + lua.CheckString(l, 1))
		return 1
	}
	opts := luabind.Options{
		Stdout: os.Stdout,
		Args:   []string{"gopher"},
		Funcs:  map[string]lua.Function{"greet": greet},
	}
	_, err := luabind.RunString(context.Background(), "greet.lua", `print(greet(...))`, opts)
	fmt.Println(err)
	// Output:
	// hello, gopher
	// <nil>
}

// Errors come back typed: a script's uncaught error, or the engine's
// report when every thread is blocked for good.
func ExampleRunString_errors() {
	_, err := luabind.RunString(context.Background(), "relock.lua",
		"local m = thread.mutex()\nm:lock()\nm:lock()", luabind.Options{})
	var se *luabind.ScriptError
	fmt.Println(errors.As(err, &se), err)

	_, err = luabind.RunString(context.Background(), "stuck.lua",
		"local s = thread.semaphore(0)\ns:acquire()", luabind.Options{})
	var blocked *syncrt.AllBlockedError
	fmt.Println(errors.As(err, &blocked))
	fmt.Println(err)
	// Output:
	// true relock.lua:3: cannot recursively lock mutex
	// true
	// the only thread is blocked with no timeout:
	//   thread 1 waits for semaphore #3 (stuck.lua:1) (no units)
	//     in main chunk (stuck.lua:2)
}

// Watch a script's sync calls: each event names the thread, the call, the
// object by its id and where the script made it, and the result in the
// script's terms.
func ExampleOptions_observe() {
	src := `local m = thread.mutex()
m:lock()
thread.spawn(function(m) return m:trylock() end, m):join()
m:unlock()`
	_, err := luabind.RunString(context.Background(), "watch.lua", src, luabind.Options{
		Observe: func(e diag.Event) {
			if e.Op != syncrt.OpAcquireSemaphore && e.Op != syncrt.OpReleaseSemaphore { // not join's
				fmt.Printf("thread %d %s %s: %s\n", e.Tid, e.Op, e.Object, e.Outcome)
			}
		},
	})
	fmt.Println(err)
	// Output:
	// thread 1 lockmutex #3 (watch.lua:1): ok
	// thread 2 trylockmutex #3 (watch.lua:1): busy
	// thread 1 unlockmutex #3 (watch.lua:1): ok
	// <nil>
}

// A spawned thread's uncaught error is written to Stderr when it happens;
// thread.join receives it as false and the message. One that no join
// received makes the run return a *ThreadError (wasync lua exits 1).
func ExampleThreadError() {
	src := `
local failing = thread.spawn(function() error("bad input", 0) end)
print(failing:join())
local m, locked = thread.mutex(), thread.semaphore(0)
thread.spawn(function(m, locked) m:lock() locked:release() error("nobody joins me", 0) end, m, locked)
locked:acquire()
m:lock() -- "owner died" once the thread has ended`
	var stderr strings.Builder
	_, err := luabind.RunString(context.Background(), "errs.lua", src, luabind.Options{Stdout: os.Stdout, Stderr: &stderr})
	var te *luabind.ThreadError
	fmt.Println(errors.As(err, &te), te.Tid, te.Message)
	fmt.Print(strings.Count(stderr.String(), "stack traceback:"), " tracebacks on stderr")
	// Output:
	// false	bad input
	// true 3 nobody joins me
	// 2 tracebacks on stderr
}

// Priorities (ABI 1.1): a spawned thread starts at its spawner's base
// priority, and the owner of a mutex inherits the priority of a thread
// waiting for it until it unlocks.
func ExampleRunString_priority() {
	src := `
local m, queued = thread.mutex(), thread.semaphore(0)
m:lock()
thread.setpriority(40)
local waiter = thread.spawn(function(m, queued)
  queued:release()
  m:lock()
  m:unlock()
end, m, queued)
thread.setpriority(10)
queued:acquire()
while getpriority() < 40 do thread.sleep(0.001) end -- until the waiter queues
print("owner while a thread of 40 waits: " .. getpriority())
m:unlock()
print("after the unlock: " .. getpriority())
waiter:join()`
	_, err := luabind.RunString(context.Background(), "priority.lua", src,
		luabind.Options{Stdout: os.Stdout, TimeLimit: 10 * time.Second})
	fmt.Println(err)
	// Output:
	// owner while a thread of 40 waits: 40
	// after the unlock: 10
	// <nil>
}
