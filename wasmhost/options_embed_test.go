package wasmhost

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// fsGuest opens a file in preopened directory 3: "create" creates "new"
// and exits with the errno; "read" opens "hello" and exits with its first
// byte (100 + the errno when it cannot).
const fsGuest = `(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  (data (i32.const 16) "new")
  (data (i32.const 32) "hello")
  (func (export "_start") (local $e i32)
    %s))`

const (
	fsCreate = `(call $exit (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 3)
	    (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 100)))`
	fsRead = `(local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 5)
	    (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 100)))
	  (if (local.get $e) (then (call $exit (i32.add (i32.const 100) (local.get $e)))))
	  (i32.store (i32.const 200) (i32.const 300))
	  (i32.store (i32.const 204) (i32.const 1))
	  (drop (call $read (i32.load (i32.const 100)) (i32.const 200) (i32.const 1) (i32.const 208)))
	  (call $exit (i32.load8_u (i32.const 300)))`
)

// TestMounts: a read-write directory takes a new file, a read-only one and
// an fs.FS refuse it (wazero answers ENOSYS and ENOENT), and all three read
// what they hold.
func TestMounts(t *testing.T) {
	const enosys, enoent = 52, 44 // WASI's errnos
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello"), []byte("H"), 0o644); err != nil {
		t.Fatal(err)
	}
	mapFS := fstest.MapFS{"hello": {Data: []byte("M")}}
	create, read := wat(t, strings.Replace(fsGuest, "%s", fsCreate, 1)), wat(t, strings.Replace(fsGuest, "%s", fsRead, 1))
	tests := []struct {
		name   string
		mount  Option
		create uint32
		read   uint32
	}{
		{"WithDir", WithDir(dir, "/"), 0, 'H'},
		{"WithReadOnlyDir", WithReadOnlyDir(dir, "/"), enosys, 'H'},
		{"WithFS", WithFS(mapFS, "/"), enoent, 'M'},
	}
	rt := newTestRuntime(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_ = os.Remove(filepath.Join(dir, "new"))
			if code, err := rt.Run(context.Background(), create, tc.mount); code != tc.create {
				t.Errorf("create: got %d (%v), want %d", code, err, tc.create)
			}
			if _, err := os.Stat(filepath.Join(dir, "new")); (err == nil) != (tc.create == 0) {
				t.Errorf("created on the host: %v, want %v", err == nil, tc.create == 0)
			}
			if code, err := rt.Run(context.Background(), read, tc.mount); code != tc.read {
				t.Errorf("read: got %d (%v), want %d", code, err, tc.read)
			}
		})
	}
}

// TestMissingDir: a preopened directory that does not exist is refused
// before the run as such, not as "not a directory".
func TestMissingDir(t *testing.T) {
	rt := newTestRuntime(t)
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	guest := wat(t, strings.Replace(fsGuest, "%s", "", 1))
	for _, tc := range []struct {
		opt  Option
		want string
	}{
		{WithDir(filepath.Join(t.TempDir(), "missing"), "/"), "no such directory"},
		{WithReadOnlyDir(filepath.Join(t.TempDir(), "missing"), "/"), "no such directory"},
		{WithDir(file, "/"), "is not a directory"},
	} {
		code, err := rt.Run(context.Background(), guest, tc.opt)
		if code != ExitHostError || err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %d (%v), want ExitHostError and %q", code, err, tc.want)
		}
	}
}

// TestDeterministicClockAndRandom: the guest sees the embedder's clocks
// and random bytes. It exits with the wall clock's seconds + the monotonic
// clock's ns + its first random byte.
func TestDeterministicClockAndRandom(t *testing.T) {
	guest := wat(t, `(module
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
	  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
	  (memory 1)
	  (func (export "_start")
	    (drop (call $clock (i32.const 0) (i64.const 1) (i32.const 0)))
	    (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 8)))
	    (drop (call $random (i32.const 16) (i32.const 4)))
	    (call $exit (i32.wrap_i64 (i64.add (i64.div_u (i64.load (i32.const 0)) (i64.const 1000000000))
	      (i64.add (i64.load (i32.const 8)) (i64.load8_u (i32.const 16))))))))`)
	rt := newTestRuntime(t)
	for range 2 {
		code, err := rt.Run(context.Background(), guest,
			WithWalltime(func() (int64, int32) { return 40, 5 }, time.Millisecond),
			WithNanotime(func() int64 { return 100 }, time.Nanosecond),
			WithRandSource(bytes.NewReader(bytes.Repeat([]byte{2}, 4))))
		if code != 142 {
			t.Fatalf("got %d (%v), want 40 s + 100 ns + 2", code, err)
		}
	}
}
