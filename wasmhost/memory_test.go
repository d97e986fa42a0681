package wasmhost

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// TestRunsDoNotShareMemory runs one compiled module twice at once: each
// run adds 1 to word 0, tells the test, and waits on stdin until both have;
// each must see only its own addition.
func TestRunsDoNotShareMemory(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  (func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (local $old i32)
	    (call $init)
	    (local.set $old (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
	    (i32.store (i32.const 100) (i32.const 200)) ;; a one-byte iovec
	    (i32.store (i32.const 104) (i32.const 1))
	    (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (drop (call $read (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (call $exit (i32.add (i32.mul (local.get $old) (i32.const 10)) (i32.atomic.load (i32.const 0)))))`))
	const runs = 2
	var started sync.WaitGroup
	started.Add(runs)
	stdins := make([]*io.PipeWriter, runs)
	codes := make([]uint32, runs)
	errs := make([]error, runs)
	var ran sync.WaitGroup
	for i := range runs {
		var stdin io.Reader
		stdin, stdins[i] = io.Pipe()
		ran.Add(1)
		go func() {
			defer ran.Done()
			codes[i], errs[i] = m.Run(context.Background(), WithStdin(stdin),
				WithStdout(writeFunc(func() { started.Done() })), WithTimeLimit(guardLimit))
		}()
	}
	started.Wait()
	for _, w := range stdins {
		fmt.Fprint(w, "x")
		w.Close()
	}
	ran.Wait()
	for i := range runs {
		if codes[i] != 1 || errs[i] != nil {
			t.Errorf("run %d: got %d (%v), want 1: word 0 went from 0 to 1", i, codes[i], errs[i])
		}
	}
}

// writeFunc calls f at each write.
type writeFunc func()

func (f writeFunc) Write(p []byte) (int, error) { f(); return len(p), nil }

// TestMemoryPages: WithMemoryPages caps the shared memory's maximum, and
// refuses a module whose minimum is over the cap.
func TestMemoryPages(t *testing.T) {
	rt := newTestRuntime(t)
	grow := func(min, max int) string {
		return fmt.Sprintf(`(module
		  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
		  (memory (import "env" "memory") %d %d shared)
		  (func (export "_start")
		    ;; exit with the page counts memory.grow 1 gives, twice (255 for -1)
		    (call $exit (i32.add
		      (i32.mul (i32.and (memory.grow (i32.const 1)) (i32.const 255)) (i32.const 1000))
		      (i32.and (memory.grow (i32.const 1)) (i32.const 255))))))`, min, max)
	}
	tests := []struct {
		name     string
		min, max int
		pages    uint32
		want     uint32
		errHas   string
	}{
		{"no cap", 1, 10, 0, 1002, ""},
		{"cap 2", 1, 10, 2, 1255, ""},
		{"cap over the maximum", 1, 2, 5, 1255, ""},
		{"minimum over the cap", 3, 10, 2, ExitHostError, "over the cap"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := compile(t, rt, grow(tc.min, tc.max))
			code, err := m.Run(context.Background(), WithMemoryPages(tc.pages))
			if code != tc.want || (tc.errHas == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.errHas) {
				t.Fatalf("got %d (%v), want %d (%q)", code, err, tc.want, tc.errHas)
			}
		})
	}
}

// TestStdoutIsSerialised: threads writing at once reach a plain
// bytes.Buffer whole (the race detector checks the buffer is not shared
// unguarded).
func TestStdoutIsSerialised(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`
	  ;; $say writes "HI!\n" with an iovec and a result word of its own at
	  ;; 256 + 16*tid, as the race detector sees wazero's plain stores.
	  (func $say (local $iov i32)
	    (local.set $iov (i32.add (i32.const 256) (i32.shl (call $gettid) (i32.const 4))))
	    (i32.store (local.get $iov) (i32.const 200))
	    (i32.store offset=4 (local.get $iov) (i32.const 4))
	    (drop (call $write (i32.const 1) (local.get $iov) (i32.const 1) (i32.add (local.get $iov) (i32.const 8)))))
	  (func (export "wasi_thread_start") (param i32 i32)
	    (call $say)
	    (call $signal (i32.const 0)))
	  (func (export "_start") (call $init)
	    (i32.store (i32.const 200) (i32.const 0x0a214948)) ;; "HI!\n"
	    (drop (call $spawn (i32.const 0)))
	    (drop (call $spawn (i32.const 0)))
	    (drop (call $spawn (i32.const 0)))
	    (call $say)
	    (call $waitFor (i32.const 0) (i32.const 3)))`))
	var out bytes.Buffer
	code, err := m.Run(context.Background(), WithStdout(&out), WithTimeLimit(guardLimit))
	if code != 0 || err != nil || out.String() != strings.Repeat("HI!\n", 4) {
		t.Fatalf("got %d (%v), stdout %q", code, err, &out)
	}
}
