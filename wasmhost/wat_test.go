package wasmhost

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// wat2wasm returns the path of the wat2wasm tool: tests skip without it,
// unless env CI is set, where they fail.
func wat2wasm(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("wat2wasm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("wat2wasm (wabt) is required in CI: %v", err)
		}
		t.Skipf("wat2wasm (wabt) not installed: %v", err)
	}
	return p
}

// assemble assembles a WAT file with threads enabled.
func assemble(t testing.TB, watPath string) []byte {
	t.Helper()
	out := filepath.Join(t.TempDir(), "m.wasm")
	cmd := exec.Command(wat2wasm(t), "--enable-threads", "--debug-names", watPath, "-o", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm %s: %v\n%s", watPath, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wat assembles a module from WAT source.
func wat(t testing.TB, src string) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.wat")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return assemble(t, p)
}

// newTestRuntime returns a Runtime closed at the end of the test.
func newTestRuntime(t testing.TB, opts ...RuntimeOption) *Runtime {
	t.Helper()
	rt, err := NewRuntime(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return rt
}

// compile compiles WAT source in rt.
func compile(t testing.TB, rt *Runtime, src string) *Module {
	t.Helper()
	m, err := rt.Compile(context.Background(), wat(t, src))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// guestPrelude imports every wasync function, proc_exit, fd_write, fd_read,
// thread-spawn and
// a shared memory of 1 to 2 pages, and lays out objects:
//
//	16 mutex, 32 semaphore (1 unit), 48 recursive mutex,
//	64 semaphore (0 units), 80 semaphore (abi.MaxCount units).
const guestPrelude = `
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasync" "trylockmutex" (func $trylock (param i32) (result i32)))
  (import "wasync" "timelockmutex" (func $timelock (param i32 i64) (result i32)))
  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
  (import "wasync" "acquiresemaphore" (func $acquire (param i32) (result i32)))
  (import "wasync" "timeacquiresemaphore" (func $timeacquire (param i32 i64) (result i32)))
  (import "wasync" "releasesemaphore" (func $release (param i32) (result i32)))
  (import "wasync" "gettid" (func $gettid (result i32)))
  (import "wasync" "setpriority" (func $setprio (param i32) (result i32)))
  (import "wasync" "getpriority" (func $getprio (result i32)))
  (import "wasync" "destroymutex" (func $destroymutex (param i32) (result i32)))
  (import "wasync" "destroysemaphore" (func $destroysem (param i32) (result i32)))
  (memory (import "env" "memory") 1 2 shared)
  ;; Every thread's instance applies the active data segments again, so the
  ;; objects are a passive segment that _start copies in with $init, as
  ;; wasm-ld's __wasm_init_memory does for threaded C guests.
  (data $objects "MUTX\00\00\00\00\00\00\00\00\00\00\00\00" "SEMA\01\00\00\00\00\00\00\00\00\00\00\00" "MUTX\00\00\00\00\01\00\00\00\00\00\00\00" "SEMA\00\00\00\00\00\00\00\00\00\00\00\00" "SEMA\ff\ff\ff\7f\00\00\00\00\00\00\00\00")
  (func $init (memory.init $objects (i32.const 16) (i32.const 0) (i32.const 80)))
  ;; $waitFor parks until the word at addr is at least n.
  (func $waitFor (param $addr i32) (param $n i32) (local $v i32)
    (loop $again
      (local.set $v (i32.atomic.load (local.get $addr)))
      (if (i32.lt_u (local.get $v) (local.get $n))
        (then
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $v) (i64.const -1)))
          (br $again)))))
  ;; $signal adds 1 to the word at addr and wakes its waiters.
  (func $signal (param $addr i32)
    (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
    (drop (memory.atomic.notify (local.get $addr) (i32.const -1))))
`

// guest returns a module of guestPrelude and fields (which export _start,
// calling $init first, and, for threads, wasi_thread_start).
func guest(fields string) string { return "(module " + guestPrelude + fields + ")" }

// startExits is a _start that exits with the i32 value of expr.
func startExits(expr string) string {
	return `(func (export "_start") (call $init) (call $exit ` + expr + `))
	  (func (export "wasi_thread_start") (param i32 i32))`
}
