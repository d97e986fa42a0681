package wasmhost

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"unsafe"

	"github.com/tetratelabs/wazero/api"
	"github.com/wasync/wasync/syncrt"
)

// TestFullMemory: in a memory of 65536 pages (4 GiB), whose size wazero's
// Memory.Size wraps to 0, the wasync calls find an object in the last
// bytes and an instrumented notify does not trap: every wasync call used
// to return EFAULT there. The memory is reserved, not touched, in a fresh
// process; but Go zeroes a reused 4 GiB span (seconds, and 4 GiB of RSS),
// and the race detector takes a minute to free one, so the test runs once,
// in a process of its own: TestMemBytes covers the rest.
func TestFullMemory(t *testing.T) {
	if os.Getenv(fullMemoryChild) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFullMemory$")
		cmd.Env = append(os.Environ(), fullMemoryChild+"=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	const guest = `(module
	  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
	  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
	  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
	  (import "env" "memory" (memory 65536 65536 shared))
	  (func (export "_start")
	    (i32.store (i32.const -16) (i32.const 0x5854554D)) ;; MUTX, in the last 16 bytes
	    (call $exit (i32.add (i32.add
	      (i32.mul (call $lock (i32.const -16)) (i32.const 100))
	      (i32.mul (call $unlock (i32.const -16)) (i32.const 10)))
	      (memory.atomic.notify (i32.const -4) (i32.const 1))))))`
	rt := newTestRuntime(t)
	code, err := rt.Run(context.Background(), wat(t, guest))
	if code != 0 {
		t.Errorf("status %d (%v), want 0", code, err)
	}
}

// fullMemoryChild is set in the process TestFullMemory runs itself in.
const fullMemoryChild = "WASMHOST_TEST_FULL_MEMORY"

// fullMemory is an api.Memory of 65536 pages as wazero reports it: Size
// wraps to 0, Read reads at most 4 GiB - 1 bytes.
type fullMemory struct {
	api.Memory
	buf []byte
}

func (m fullMemory) Size() uint32 { return uint32(len(m.buf)) }

func (m fullMemory) Grow(delta uint32) (uint32, bool) { return uint32(len(m.buf) >> 16), delta == 0 }

func (m fullMemory) Read(off, n uint32) ([]byte, bool) {
	if uint64(off)+uint64(n) > uint64(len(m.buf)) {
		return nil, false
	}
	return m.buf[off : off+n : off+n], true
}

// TestMemBytes: memBytes returns the whole of a 4 GiB memory, backed here
// by an untouched anonymous mapping, and nothing for an empty one.
func TestMemBytes(t *testing.T) {
	buf, err := syscall.Mmap(-1, 0, maxMemoryBytes, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_PRIVATE|syscall.MAP_ANON|syscall.MAP_NORESERVE)
	if err != nil {
		t.Skipf("cannot map 4 GiB: %v", err)
	}
	defer syscall.Munmap(buf)
	got := memBytes(fullMemory{buf: buf})
	if len(got) != maxMemoryBytes || unsafe.SliceData(got) != unsafe.SliceData(buf) {
		t.Fatalf("memBytes: %d bytes at %p, want the %d at %p", len(got), got, len(buf), buf)
	}
	if _, errno := syncrt.ObjectAt(got, 1<<32-16); errno != 0 {
		t.Errorf("ObjectAt the last 16 bytes: errno %d", errno)
	}
	if got := memBytes(fullMemory{buf: []byte{}}); len(got) != 0 {
		t.Errorf("memBytes of an empty memory: %d bytes", len(got))
	}
}
