package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Hostile modules from issue 11's audit, through the command: each used to
// kill the host, hang, or grow without bound.
const (
	// startSpawns spawns from its start section, which every thread's
	// instance runs: instantiating on the spawner's stack recursed until
	// Go's stack limit.
	startSpawns = `(module (import "env" "memory" (memory 1 1 shared))
	  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
	  (func $init (drop (call $spawn (i32.const 0)))) (start $init)
	  (func (export "wasi_thread_start") (param i32 i32)) (func (export "_start")))`
	// spawnedStartTraps traps in the start section of every thread but
	// the first; _start spawns one and spins.
	spawnedStartTraps = `(module (import "env" "memory" (memory 1 1 shared))
	  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
	  (func $init (if (i32.atomic.rmw.add (i32.const 0) (i32.const 1)) (then unreachable))) (start $init)
	  (func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (drop (call $spawn (i32.const 0))) (loop $l (br $l))))`
	// spawnCount spawns threads that block until thread-spawn fails, and
	// exits with their number.
	spawnCount = `(module (import "env" "memory" (memory 1 2 shared))
	  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
	  (func (export "wasi_thread_start") (param i32 i32) (drop (call $acquire (i32.const 16))))
	  (func (export "_start") (local $n i32)
	    (i32.store (i32.const 16) (i32.const 0x414D4553)) ;; a semaphore of no units
	    (loop $again
	      (if (i32.ge_s (call $spawn (i32.const 0)) (i32.const 0))
	        (then (local.set $n (i32.add (local.get $n) (i32.const 1))) (br $again))))
	    (call $exit (i32.div_u (local.get $n) (i32.const 10)))))`
	// deep recurses 100,000 calls deep: 2.4 MB of estimated stack.
	deep = `(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (func $deep (param $n i32) (result i32)
	    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
	      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
	  (func (export "_start") (call $exit (i32.ne (call $deep (i32.const 100000)) (i32.const 100000)))))`
)

// slowToCompile is a module wazero takes seconds to compile: functions of
// 1,024 nested loops, the most the rewriter lets through.
func slowToCompile() string {
	fn := "(func " + strings.Repeat("(loop ", 1024) + strings.Repeat(")", 1024) + ")\n"
	return `(module (func (export "_start"))` + strings.Repeat(fn, 4) + `)`
}

// nameCrasher is FuzzRewrite's crasher bc7f88fbf5535c88: a name section
// declaring four billion function names (wazero made a 96 GB slice).
var nameCrasher = []byte("\x00asm\x01\x00\x00\x00\x00\x0c\x04name\x01\x05\xff\xff\xff\xff\x0f")

func TestRunHostile(t *testing.T) {
	crasher := filepath.Join(t.TempDir(), "n.wasm")
	if err := os.WriteFile(crasher, nameCrasher, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name      string
		wat       string // the module; "" for the name crasher
		args      []string
		status    int
		stderrHas string
	}{
		{"start section spawns", startSpawns, nil, 0, ""},
		{"start section spawns, uninstrumented", startSpawns, []string{"--no-instrument"}, 0, ""},
		{"spawned start section traps", spawnedStartTraps, nil, 134, "thread 2 trapped"},
		{"name section crasher", "", nil, 1, "exports no _start"},
		{"name section crasher, uninstrumented", "", []string{"--no-instrument"}, 1, "exports no _start"},
		{"spawn bomb", spawnCount, nil, 99, ""}, // 999 threads spawned, _start the 1000th
		{"spawn bomb, memory limit", spawnCount, []string{"--memory-limit", "64MiB"}, 2, ""},
		{"thread cap raised", spawnCount, []string{"--max-threads", "1501"}, 150, ""},
		{"stack limit", deep, nil, 134, "stack passed the run's limit"},
		{"stack limit raised", deep, []string{"--stack-limit", "4MiB"}, 0, ""},
		{"bad stack limit", deep, []string{"--stack-limit", "lots"}, 2, "want a size"},
		{"compile past the time limit", slowToCompile(), []string{"--time-limit", "1ms"}, 124, "time limit exceeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			module := crasher
			if tc.wat != "" {
				module = watFile(t, tc.wat)
			}
			var stdout, stderr bytes.Buffer
			status := run(append(append([]string{"run"}, tc.args...), module), strings.NewReader(""), &stdout, &stderr)
			if status != tc.status || !strings.Contains(stderr.String(), tc.stderrHas) {
				t.Errorf("status %d, want %d with %q; stderr:\n%s", status, tc.status, tc.stderrHas, &stderr)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"0": 0, "1048576": 1 << 20, "512KiB": 512 << 10, "64M": 64 << 20,
		"2GiB": 2 << 30, "3K": 3 << 10, "7B": 7, "x": -1, "-1M": -1, "1T": -1, "99999999999G": -1} {
		got, err := parseSize(in)
		if (err != nil) != (want < 0) || (err == nil && got != want) {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}
