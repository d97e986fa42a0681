package luabind

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	lua "github.com/Shopify/go-lua"
)

// TestSandbox checks what a script can reach, by default and with Unsafe.
// Each expression must evaluate to true.
func TestSandbox(t *testing.T) {
	for _, tc := range []struct {
		expr   string
		unsafe bool
	}{
		{expr: `package.path == "" and type(io.read) == "function" and type(io.lines) == "function" and io.stdout ~= nil and io.stdin ~= nil and io.stderr ~= nil`},
		{expr: `select(2, pcall(io.open, "/etc/passwd")) == "io.open is disabled in the sandbox (set luabind.Options.Unsafe)"`},
		{expr: `select(2, pcall(function() os.execute("true") end)) == "sandbox.lua:1: os.execute is disabled in the sandbox (set luabind.Options.Unsafe)"`},
		{expr: `not pcall(os.exit) and not pcall(os.getenv, "HOME") and not pcall(os.remove, "x")`},
		{expr: `not pcall(os.rename, "a", "b") and not pcall(os.tmpname) and not pcall(io.popen, "ls")`},
		{expr: `not pcall(debug.getregistry) and not pcall(debug.sethook) and require("debug") == debug`},
		{expr: `debug.traceback("m"):find("m\nstack traceback:\n\tsandbox.lua:1: in main chunk", 1, true) == 1 and debug.traceback(print) == print`},
		{expr: `type(os.time()) == "number" and type(os.clock()) == "number"`},
		{expr: `select(2, pcall(dofile, "x")) == "dofile is disabled in the sandbox (set luabind.Options.Unsafe)" and not pcall(loadfile, "x")`},
		{expr: `select(2, pcall(io.lines, "x")) == "io.lines with a file name is disabled in the sandbox (set luabind.Options.Unsafe)"`},
		{expr: `load("return 1 + 1")() == 2`},
		{expr: `select(2, load("\27Lua bytecode")) == "attempt to load a binary chunk (mode is 't')"`},
		{expr: `select(2, load("\27Lua bytecode", "x", "b")) == "attempt to load a binary chunk (mode is 't')"`},
		{expr: `require("thread") == thread`},
		{expr: `require("io") == io and require("package") == package and package.loaded.thread == thread`},
		{expr: `not pcall(package.loadlib, "x", "y") and not pcall(package.searchpath, "x", "")`},
		{expr: `(function() package.preload.m = function(name) return {name = name} end return require("m").name == "m" and require("m") == require("m") end)()`},
		{expr: `coroutine == nil and string.match == nil`},
		{expr: `math.huge == 1.7976931348623157e308`},
		{expr: `select("#", xpcall(function(a, b) return a, b end, print, 1, 2)) == 3`},
		{expr: `select(2, xpcall(function() error("x", 0) end, function(e) return "handled " .. e end)) == "handled x"`},
		{expr: `select(2, xpcall(function() error("x", 0) end, function(e) error("again") end)) == "error in error handling"`},
		{expr: `not pcall(xpcall, print)`},
		{expr: `not pcall(setmetatable, shared, {}) and getmetatable(shared) == "shared"`},
		{expr: `not pcall(setmetatable, thread.spawn(function() end), {})`},
		{expr: `getmetatable(thread.mutex()).__name == "mutex"`},
		{expr: `type(io.write) == "function" and type(os.getenv) == "function" and type(os.getenv("HOME")) == "string"`, unsafe: true},
		{expr: `io.type(io.stdout) == "file" and type(debug.getregistry()) == "table"`, unsafe: true},
		{expr: `type(dofile) == "function" and require("thread") == thread`, unsafe: true},
		{expr: `type(lockmutex) == "function" and type(shared) == "table"`, unsafe: true},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			res, err := RunString(context.Background(), "sandbox.lua", "return "+tc.expr, Options{Unsafe: tc.unsafe})
			if err != nil || len(res) != 1 || res[0] != true {
				t.Errorf("got %v, %v; want true", res, err)
			}
		})
	}
}

func TestRequireMessage(t *testing.T) {
	_, err := RunString(context.Background(), "req.lua", `require("socket")`, Options{})
	want := "req.lua:1: module 'socket' not found (the sandbox loads no files; allow unsafe libraries to load them)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestGoPanic: a Go panic in the embedder's function becomes a Lua error
// the script can catch; the host survives.
func TestGoPanic(t *testing.T) {
	funcs := map[string]lua.Function{
		"panics":      func(*lua.State) int { panic("oops") },
		"panicsError": func(*lua.State) int { panic(errors.New("bad state")) },
		"index":       func(*lua.State) int { var s []int; return s[3] },
	}
	res, err := RunString(context.Background(), "p.lua", `
local _, a = pcall(panics)
local _, b = pcall(panicsError)
local _, c = pcall(function() return index() end)
return a, b, c`, Options{Funcs: funcs})
	want := []any{
		"panics: Go panic: oops",
		"panicsError: Go panic: bad state",
		"p.lua:4: index: Go panic: runtime error: index out of range [3] with length 0",
	}
	if err != nil || len(res) != 3 || res[0] != want[0] || res[1] != want[1] || res[2] != want[2] {
		t.Errorf("got %q, %v\nwant %q", res, err, want)
	}
}

// TestResults: the main chunk's results come back as Go values.
func TestResults(t *testing.T) {
	res, err := RunString(context.Background(), "r.lua", `
local t = {x = 1, list = {"a"}} t.self = t
return nil, true, 2.5, "s", t, thread.mutex(), function() end`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab, _ := res[4].(map[any]any)
	if len(res) != 7 || res[0] != nil || res[1] != true || res[2] != 2.5 || res[3] != "s" ||
		tab == nil || tab["x"] != 1.0 || tab["list"].(map[any]any)[1.0] != "a" ||
		res[5] != "mutex #3" || res[6] != "function" {
		t.Fatalf("got %#v", res)
	}
	if self, _ := tab["self"].(map[any]any); self == nil || self["x"] != 1.0 {
		t.Errorf("cycle lost: %#v", tab["self"])
	}
}

// TestUnjoinedError: a spawned thread's uncaught error is written to
// Stderr when it happens (main reads Stderr before the run ends), with a
// traceback; a run that no join received it in returns the results and a
// *ThreadError. Main waits for the thread's end through a mutex the thread
// leaves dead-owned.
func TestUnjoinedError(t *testing.T) {
	var stderr bytes.Buffer
	funcs := map[string]lua.Function{"stderrSoFar": func(l *lua.State) int { l.PushString(stderr.String()); return 1 }}
	src := `
local m, locked = thread.mutex(), thread.semaphore(0)
local t = thread.spawn(function(m, locked) m:lock() locked:release() error("nobody joins me") end, m, locked)
locked:acquire()
assert(select(2, m:lock()) == "owner died")
local seen = stderrSoFar()
if JOIN then assert(select(2, t:join()) == "u.lua:3: nobody joins me") end
return seen`
	want := "thread 2: u.lua:3: nobody joins me\nstack traceback:\n"
	for _, join := range []bool{false, true} {
		stderr.Reset()
		pre := "JOIN = " + map[bool]string{false: "false", true: "true"}[join]
		res, err := RunString(context.Background(), "u.lua", pre+src, Options{Stderr: &stderr, Funcs: funcs})
		var te *ThreadError
		switch {
		case len(res) != 1 || !strings.HasPrefix(res[0].(string), want) || !strings.Contains(res[0].(string), "\tu.lua:3: in "):
			t.Errorf("join %v: Stderr before the run's end %q, want %q", join, res, want)
		case join && err != nil:
			t.Errorf("join %v: err %v, want nil: a join received the error", join, err)
		case !join && (!errors.As(err, &te) || te.Tid != 2 || te.Message != "u.lua:3: nobody joins me" || !strings.Contains(te.Traceback, "u.lua:3:")):
			t.Errorf("join %v: err %#v, want a ThreadError for thread 2", join, err)
		}
		if !strings.HasPrefix(stderr.String(), want) {
			t.Errorf("join %v: stderr %q, want %q", join, stderr.String(), want)
		}
	}
}

func TestMaxThreads(t *testing.T) {
	_, err := RunString(context.Background(), "m.lua", `
thread.spawn(function() end)
thread.spawn(function() end)`, Options{MaxThreads: 2})
	if want := "m.lua:3: thread.spawn: too many threads"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}

func TestSyntaxError(t *testing.T) {
	_, err := RunString(context.Background(), "s.lua", "x = = 1", Options{})
	var se *ScriptError
	if !errors.As(err, &se) || !strings.HasPrefix(se.Message, "s.lua:1:") {
		t.Errorf("err = %v, want a ScriptError at s.lua:1", err)
	}
}

// TestUserdataArgument: an embedder's userdata may hold an unhashable Go
// value; passing it where an object is expected is an argument error.
func TestUserdataArgument(t *testing.T) {
	funcs := map[string]lua.Function{"blob": func(l *lua.State) int { l.PushUserData([]int{1}); return 1 }}
	_, err := RunString(context.Background(), "ud.lua", `lockmutex(blob())`, Options{Funcs: funcs})
	if want := "ud.lua:1: bad argument #1 (expected mutex, got userdata)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
}
