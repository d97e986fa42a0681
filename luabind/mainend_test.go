package luabind_test

import (
	"context"
	"errors"
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

// TestCommandLine: statements run before the main chunk in the same
// State, arg holds the command line before the arguments at arg[-n] …
// arg[0], and RunStatements runs statements alone, with no arg.
func TestCommandLine(t *testing.T) {
	opts := luabind.Options{
		Statements:  []string{"x = 1", "x = x + 1"},
		CommandLine: []string{"wasync", "lua", "-e", "x = 1", "-e", "x = x + 1", "s.lua"},
		Args:        []string{"a"},
	}
	res, err := luabind.RunString(context.Background(), "s.lua", `return x, table.concat(arg, " ", -6, 1), ...`, opts)
	if err != nil || fmt.Sprint(res) != "[2 wasync lua -e x = 1 -e x = x + 1 s.lua a a]" {
		t.Errorf("RunString: %v, %v", res, err)
	}
	res, err = luabind.RunStatements(context.Background(), luabind.Options{Statements: []string{"assert(arg == nil, \"arg is set\")"}})
	if err != nil || len(res) != 0 {
		t.Errorf("RunStatements: %v, %v", res, err)
	}
	_, err = luabind.RunStatements(context.Background(), luabind.Options{Statements: []string{"error('no')"}})
	var se *luabind.ScriptError
	if !errors.As(err, &se) || se.Message != "(command line):1: no" || !strings.Contains(se.Traceback, "(command line):1: in main chunk") {
		t.Errorf("RunStatements error: %#v", err)
	}
}
