package luabind

import (
	"context"
	"errors"
	"testing"
	"time"

	lua "github.com/Shopify/go-lua"
)

// TestCancel ends runs from outside while a thread is busy or blocked: the
// run returns the context's cause and leaves no goroutine (TestMain). The
// script calls ready() just before it loops or blocks; then the test
// cancels.
func TestCancel(t *testing.T) {
	// holder keeps m locked and sleeps: a sleeping thread is not blocked in
	// the engine, so the run cannot end as all-blocked.
	const holder = `local m = thread.mutex() local s = thread.semaphore(0)
local h = thread.spawn(function(m, s) m:lock() s:release() thread.sleep(math.huge) end, m, s)
s:acquire()
`
	for _, tc := range []struct{ name, src string }{
		{"busy loop", `ready() while true do end`},
		{"busy loop inside pcall", `ready() while true do pcall(function() while true do end end) end`},
		{"busy loop inside nested pcalls", `ready() while true do pcall(pcall, function() while true do end end) end`},
		{"busy loop in an xpcall handler", `ready() while true do xpcall(function() while true do end end, function() while true do end end) end`},
		{"busy loop in a spawned thread", `local t = thread.spawn(function() while true do end end) ready() t:join()`},
		{"lockmutex", holder + `ready() lockmutex(m)`},
		{"lockmutex in pcall, again and again", holder + `ready() while true do pcall(lockmutex, m) end`},
		{"timelockmutex forever", holder + `ready() m:timedlock(math.huge)`},
		{"acquiresemaphore", holder + `local e = thread.semaphore(0) ready() e:acquire()`},
		{"sleep", `ready() thread.sleep(3600)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cause := errors.New("cancelled by the test")
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			opts := Options{Funcs: map[string]lua.Function{"ready": func(*lua.State) int { cancel(cause); return 0 }}}
			done := make(chan error, 1)
			go func() {
				_, err := RunString(ctx, "cancel.lua", tc.src, opts)
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, cause) {
					t.Fatalf("err = %v, want %v", err, cause)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the run did not end after its context was cancelled")
			}
		})
	}
}

func TestTimeLimit(t *testing.T) {
	start := time.Now()
	_, err := RunString(context.Background(), "busy.lua", `while true do pcall(function() while true do end end) end`,
		Options{TimeLimit: 20 * time.Millisecond})
	if !errors.Is(err, ErrTimeLimit) {
		t.Fatalf("err = %v, want ErrTimeLimit", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

// TestMainEndStopsThreads: when the main chunk returns, threads still
// running or blocked are stopped and awaited, and the run succeeds.
func TestMainEndStopsThreads(t *testing.T) {
	res, err := RunString(context.Background(), "main.lua", `
local m = thread.mutex() m:lock()
thread.spawn(function() while true do end end)
thread.spawn(function(m) m:lock() end, m)
return "done"`, Options{})
	if err != nil || len(res) != 1 || res[0] != "done" {
		t.Fatalf("got %v, %v; want [done], nil", res, err)
	}
}
