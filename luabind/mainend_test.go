package luabind_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/wasync/wasync/luabind"
)

// TestMainReturnEndsRun: a main chunk that returns while spawned threads
// are parked ends the run with success, never with an all-blocked report
// (the main thread's exit must not count as the last runner leaving).
func TestMainReturnEndsRun(t *testing.T) {
	src := `
		local work = thread.semaphore(0)
		local ready = thread.semaphore(0)
		for i = 1, 2 do
			thread.spawn(function() ready:release() while true do work:acquire() end end)
		end
		ready:acquire() ready:acquire()
		return "main done"`
	for i := range 50 {
		res, err := luabind.RunString(context.Background(), "main.lua", src, luabind.Options{})
		if err != nil || len(res) != 1 || res[0] != "main done" {
			t.Fatalf("round %d: %v, %v", i, res, err)
		}
	}
}

// TestManyArgs: a script gets any number of arguments as ..., not an
// internal error past go-lua's initial stack.
func TestManyArgs(t *testing.T) {
	args := make([]string, 500)
	for i := range args {
		args[i] = fmt.Sprint(i)
	}
	res, err := luabind.RunString(context.Background(), "args.lua", `return select("#", ...), arg[500]`, luabind.Options{Args: args})
	if err != nil || len(res) != 2 || res[0] != float64(500) || !strings.EqualFold(fmt.Sprint(res[1]), "499") {
		t.Fatalf("%v, %v", res, err)
	}
}
