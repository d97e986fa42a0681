package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// guestWAT is a guest whose behaviour is picked by the body of _start.
const guestWAT = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (memory (import "env" "memory") 1 1 shared)
  ;; a spawned thread locks the mutex at 16, tells _start through word 0 and
  ;; traps
  (func (export "wasi_thread_start") (param i32 i32)
    (drop (call $lock (i32.const 16)))
    (i32.atomic.store (i32.const 0) (i32.const 1))
    (drop (memory.atomic.notify (i32.const 0) (i32.const 1)))
    (unreachable))
  (func (export "_start")
    (i32.store (i32.const 32) (i32.const 0x414D4553)) ;; SEMA
    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; MUTX
    %s))`

// wasmFile assembles guestWAT with body into a file.
func wasmFile(t *testing.T, body string) string {
	t.Helper()
	return watFile(t, strings.Replace(guestWAT, "%s", body, 1))
}

// watFile assembles WAT source, threads enabled, into a file.
func watFile(t *testing.T, src string) string {
	t.Helper()
	tool, err := exec.LookPath("wat2wasm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("wat2wasm (wabt) is required in CI: %v", err)
		}
		t.Skipf("wat2wasm (wabt) not installed: %v", err)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "g.wat"), filepath.Join(dir, "g.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, "--enable-threads", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	return out
}

const (
	// argsEnv exits with argc*10 + the number of environment variables.
	argsEnv = `(drop (call $args (i32.const 0) (i32.const 4)))
	  (drop (call $environ (i32.const 8) (i32.const 12)))
	  (call $exit (i32.add (i32.mul (i32.load (i32.const 0)) (i32.const 10)) (i32.load (i32.const 8))))`
	// prestat exits with fd 3's prestat errno*100 + its name's length.
	prestat = `(call $exit (i32.add (i32.mul (call $prestat (i32.const 3) (i32.const 64)) (i32.const 100))
	  (i32.load (i32.const 68))))`
	trap      = `unreachable`
	busy      = `(loop (br 0))`
	semBlocks = `(drop (call $acquire (i32.const 32)))`
	// lockAfterTrap exits with the errno of locking the mutex a thread
	// held when it trapped.
	lockAfterTrap = `(drop (call $spawn (i32.const 0)))
	  (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
	  (call $exit (call $lock (i32.const 16)))`
	// waitsForEver parks in wait32 with no timeout, where only a notify can
	// wake it.
	waitsForEver = `(drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))`
	// spawnFails exits with 1 when thread-spawn fails.
	spawnFails = `(call $exit (i32.lt_s (call $spawn (i32.const 0)) (i32.const 0)))`
)

func TestRunCommand(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name       string
		body       string // guest's _start; "" runs no guest
		args       []string
		status     int
		stderrHas  []string
		stderrOnce string
		stdoutHas  []string
		stderrIs   *string // the whole of stderr
	}{
		{name: "help", args: []string{"-h"}, status: 0, stderrIs: new(""),
			stdoutHas: []string{"Usage: wasync run [OPTIONS] <WASM>", "--max-threads", "--no-instrument"}},
		{name: "no module", status: 2, stderrIs: new("wasync run: missing <WASM> (see wasync run -h)\n")},
		{name: "bad flag", args: []string{"--bogus"}, status: 2, stderrIs: new("wasync run: unknown flag --bogus (see wasync run -h)\n")},
		{name: "duration without a unit", args: []string{"--time-limit", "10", "x.wasm"}, status: 2,
			stderrIs: new("wasync run: --time-limit 10: a duration needs a unit (e.g. 10s, 500ms, 2m) (see wasync run -h)\n")},
		{name: "max threads 0", args: []string{"--max-threads", "0", "x.wasm"}, status: 2,
			stderrIs: new("wasync run: --max-threads 0: want at least 1 (the main thread counts) (see wasync run -h)\n")},
		{name: "bad env", body: argsEnv, args: []string{"--env", "=x"}, status: 2, stderrHas: []string{"NAME=VAL"}},
		// --env NAME passes the host's value (the test sets it), if any.
		{name: "env inherited", body: argsEnv, args: []string{"--env", "WASYNC_TEST_INHERITED", "MODULE"}, status: 11},
		{name: "env not set", body: argsEnv, args: []string{"--env", "WASYNC_TEST_UNSET", "MODULE"}, status: 10},
		{name: "missing file", args: []string{filepath.Join(dir, "none.wasm")}, status: 1, stderrHas: []string{"none.wasm"}},
		{name: "args and env", body: argsEnv, args: []string{"--env", "A=1", "--env", "B=2", "MODULE", "x", "y"}, status: 32},
		{name: "no dir", body: prestat, status: 800},
		{name: "dir", body: prestat, args: []string{"--dir", dir + "::/data", "MODULE"}, status: 5},
		{name: "missing dir", body: prestat, args: []string{"--dir", filepath.Join(dir, "none") + "::/data", "MODULE"}, status: 1, stderrHas: []string{"no such directory"}},
		{name: "trap", body: trap, status: 134, stderrHas: []string{"thread 1 trapped", "unreachable", "wasm stack trace"}},
		{name: "all blocked", body: semBlocks, status: 86, stderrOnce: "waits for semaphore 0x20"},
		{name: "trap in a thread", body: lockAfterTrap, status: 134, stderrHas: []string{"thread 2 trapped"}},
		{name: "confined trap", body: lockAfterTrap, args: []string{"--confine-traps", "MODULE"}, status: 62, stderrHas: []string{"thread 2 trapped"}},
		{name: "max threads", body: spawnFails, args: []string{"--max-threads", "1", "MODULE"}, status: 1},
		{name: "threads allowed", body: spawnFails, args: []string{"--confine-traps", "MODULE"}, status: 0},
		{name: "time limit", body: busy, args: []string{"--time-limit", "50ms", "MODULE"}, status: 124, stderrHas: []string{"time limit"}},
		{name: "time limit uninstrumented", body: busy, args: []string{"--no-instrument", "--time-limit", "50ms", "MODULE"}, status: 124},
		// Instrumented, wait32 sits in the engine, which sees that nothing
		// can wake it; as it is, only the time limit ends it.
		{name: "wait32 blocked", body: waitsForEver, status: 86, stderrOnce: "waits in memory.atomic.wait at 0x0"},
		{name: "wait32 uninstrumented", body: waitsForEver, args: []string{"--no-instrument", "--time-limit", "50ms", "MODULE"}, status: 124},
	}
	t.Setenv("WASYNC_TEST_INHERITED", "yes")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run"}, tc.args...)
			if tc.body != "" {
				module := wasmFile(t, tc.body)
				if !replace(args, "MODULE", module) {
					args = append(args, module)
				}
			}
			var stdout, stderr bytes.Buffer
			status := run(args, strings.NewReader(""), &stdout, &stderr)
			if status != tc.status {
				t.Errorf("status %d, want %d; stderr:\n%s", status, tc.status, &stderr)
			}
			for _, s := range tc.stderrHas {
				if !strings.Contains(stderr.String(), s) {
					t.Errorf("stderr lacks %q:\n%s", s, &stderr)
				}
			}
			for _, s := range tc.stdoutHas {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, &stdout)
				}
			}
			if tc.stderrIs != nil && stderr.String() != *tc.stderrIs {
				t.Errorf("stderr = %q, want %q", &stderr, *tc.stderrIs)
			}
			if n := strings.Count(stderr.String(), tc.stderrOnce); tc.stderrOnce != "" && n != 1 {
				t.Errorf("stderr has %q %d times, want once:\n%s", tc.stderrOnce, n, &stderr)
			}
		})
	}
}

// replace replaces the element old of s by new, reporting whether it was there.
func replace(s []string, old, new string) bool {
	for i := range s {
		if s[i] == old {
			s[i] = new
			return true
		}
	}
	return false
}

// TestRunCounter runs the threaded counter from testdata, the README's
// first command.
func TestRunCounter(t *testing.T) {
	const path = "../../testdata/counter.wasm"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	var stdout, stderr bytes.Buffer
	if status := run([]string{"run", path}, strings.NewReader(""), &stdout, &stderr); status != 0 {
		t.Fatalf("status %d; stderr:\n%s", status, &stderr)
	}
	if !strings.Contains(stdout.String(), "= 400000") {
		t.Fatalf("stdout %q lacks the total", &stdout)
	}
}
