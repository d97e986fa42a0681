package wasmhost_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
	"github.com/wasync/wasync/wasmhost"
)

// The guests are the real .wasm files of testdata/, built by
// testdata/Makefile from their C and WAT sources. Each guest checks its own
// ABI rules from real threads, prints one line per check and exits non-zero
// when one fails; this test runs each through the host and compares the
// exit status and the whole of stdout (counters, errno sequences, wake
// orders) with testdata/golden/NAME.stdout.
//
// After a deliberate change to a guest, regenerate the golden files with
//
//	go test ./wasmhost -run TestGuests -update-golden
//
// and review the diff line by line: every line is a rule's outcome.
var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden/*.stdout from the guests' output")

// guestTimeLimit turns a guest that hangs into a failure with a status
// instead of a stuck test run.
const guestTimeLimit = time.Minute

type guestCase struct {
	name   string // the subtest's name and its golden file's
	wasm   string // file in testdata/
	args   []string
	opts   []wasmhost.RunOption
	code   uint32
	stdout []string // regexps as for stderr, for output that varies; nil: the golden file
	stderr []string // regexps, each matching a whole line, in order; nil: stderr must be empty
	report []string // regexps as for stderr, for the text of the run's error
	check  func(t *testing.T, err error)
	golden string // the golden file's name, when not the subtest's
}

func guestCases() []guestCase {
	counter := func(lock string) guestCase {
		return guestCase{name: "counter_" + lock, wasm: "counter", args: []string{"4", "100000", lock}}
	}
	return []guestCase{
		// Fast-path, syscall-only and wait32/notify contention: exact totals.
		counter("fast"),
		counter("sys"),
		counter("futex"),
		{name: "counter_usage", wasm: "counter", args: []string{"0"}, code: 2,
			stderr: []string{`usage: counter \[threads 1\.\.64\] \[increments\] \[fast\|sys\|futex\]`}},
		// Past WithMaxThreads, thread-spawn fails, the host says so once
		// and the SDK passes the failure on.
		{name: "counter_max_threads", wasm: "counter", args: []string{"4", "1000"}, code: 2,
			opts:   []wasmhost.RunOption{wasmhost.WithMaxThreads(3)},
			stdout: []string{},
			stderr: []string{`wasync: thread-spawn: too many threads \(the run's limit is 3, the main thread included\)`,
				`counter: thread-spawn: -\d+`}},
		// Every errno case and the order of the checks.
		{name: "errnos", wasm: "errnos"},
		{name: "mutex_rules", wasm: "mutex_rules"},
		{name: "sem_rules", wasm: "sem_rules"},
		{name: "gettid", wasm: "gettid"},
		{name: "fifo", wasm: "fifo"},
		// ABI 1.1: destroy in every state; priority order and inheritance.
		{name: "destroy", wasm: "destroy"},
		{name: "priority", wasm: "priority"},
		// Main is slow to print its unlock's result: the golden order
		// still holds (a waiter used to print first, now and then).
		{name: "fifo_main_late", wasm: "fifo", golden: "fifo", opts: []wasmhost.RunOption{mainLateAfterUnlock()}},
		{name: "starve", wasm: "starve"},
		{name: "deadlock", wasm: "deadlock"},
		{name: "notblocked", wasm: "notblocked"},
		{name: "ownerdead", wasm: "ownerdead"},
		{name: "prodcons", wasm: "prodcons"},
		{name: "prodcons_8x8", wasm: "prodcons", args: []string{"8", "8", "2000"}},
		{name: "nonshared", wasm: "nonshared"},
		// A thread overflowing its SDK stack traps as itself, not later
		// in the thread whose stack it would have overwritten.
		{name: "overflow", wasm: "overflow", code: wasmhost.ExitTrap,
			check: func(t *testing.T, err error) {
				var trap *wasmhost.TrapError
				if !errors.As(err, &trap) || trap.Tid != 3 || !strings.Contains(err.Error(), "trapped: stack overflow") {
					t.Fatalf("err = %v, want thread 3's stack overflow", err)
				}
			}},
		// The SDK's wasync_printf, 32- and 64-bit conversions.
		{name: "printf", wasm: "printf"},
		// Linked without --shared-memory: no threads, said once, data intact.
		{name: "unshared", wasm: "unshared",
			stderr: []string{`wasync: memory env\.memory is not shared: link with --shared-memory to use threads`}},
		// The loops of the instrumentation benchmark compute the same.
		{name: "loops", wasm: "loops"},
		// Timings vary: only the report's shape, and that every call worked.
		{name: "lockbench", wasm: "lockbench", args: []string{"20000"},
			stdout: []string{
				`empty loop iteration: \d+\.\d ns/op`,
				`bare host call \(gettid\): \d+\.\d ns/op`,
				`fast path lock\+unlock: \d+\.\d ns/op`,
				`syscall lock\+unlock: \d+\.\d ns/op`,
				`wait32/notify mutex lock\+unlock: \d+\.\d ns/op`,
			}},
		{name: "ownerdead_trap_confined", wasm: "ownerdead_trap",
			opts: []wasmhost.RunOption{wasmhost.WithConfinedTraps(true)},
			stderr: []string{
				`wasync: thread 2 trapped: wasm error: unreachable`,
				`wasm stack trace:`,
				`\t.*\.trapper\(i32\)`,
				`\t.*\.__wasync_thread_main\(i32,i32\)`,
				`\t.*\.wasi_thread_start\(i32,i32\) \(confined to the thread\)`,
			}},
		{name: "ownerdead_trap", wasm: "ownerdead_trap", code: wasmhost.ExitTrap,
			check: func(t *testing.T, err error) {
				var trap *wasmhost.TrapError
				if !errors.As(err, &trap) || trap.Tid != 2 {
					t.Fatalf("err = %v, want a *wasmhost.TrapError of thread 2", err)
				}
				for _, want := range []string{"unreachable", "trapper(i32)", "wasi_thread_start(i32,i32)"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("err = %q, want it to contain %q", err, want)
					}
				}
			}},
		{name: "allblocked", wasm: "allblocked", code: abi.ExitAllBlocked,
			report: []string{
				`all 2 threads are blocked with no timeout:`,
				`  thread 1 waits for semaphore 0x[0-9a-f]+ \(no units\)`,
				`    in main < _start`, // the functions, from the name section
				`  thread 2 waits for mutex 0x[0-9a-f]+ \(owned by thread 1\)`,
				`    in thread2 < __wasync_thread_main < wasi_thread_start`,
			},
			check: func(t *testing.T, err error) {
				var blocked *syncrt.AllBlockedError
				if !errors.As(err, &blocked) {
					t.Fatalf("err = %v, want a *syncrt.AllBlockedError", err)
				}
				got := make([]syncrt.BlockedThread, len(blocked.Threads))
				for i, bt := range blocked.Threads {
					bt.Object = "" // an address that moves with the guest's layout
					got[i] = bt
				}
				want := []syncrt.BlockedThread{{Tid: 1, Semaphore: true}, {Tid: 2, Owner: 1}}
				if !slices.Equal(got, want) {
					t.Errorf("blocked threads = %+v, want %+v", got, want)
				}
			}},
	}
}

// mainLateAfterUnlock holds thread 1 back after its first unlockmutex
// until another thread has locked a mutex: what the scheduler may do
// to main, made certain.
func mainLateAfterUnlock() wasmhost.RunOption {
	var once sync.Once
	locked := make(chan struct{})
	return wasmhost.WithObserver(func(ev diag.Event) {
		switch {
		case ev.Op == syncrt.OpLockMutex && ev.Result == 0 && ev.Tid != 1:
			once.Do(func() { close(locked) })
		case ev.Op == syncrt.OpUnlockMutex && ev.Tid == 1:
			select {
			case <-locked:
			case <-time.After(guestTimeLimit): // only a guard against a hang
			}
		}
	})
}

func TestGuests(t *testing.T) {
	ctx := context.Background()
	rt := newRuntime(t)
	modules := map[string]*wasmhost.Module{}
	for _, gc := range guestCases() {
		t.Run(gc.name, func(t *testing.T) {
			mod := modules[gc.wasm]
			if mod == nil {
				mod = compileGuest(t, rt, gc.wasm)
				modules[gc.wasm] = mod
			}
			var stdout, stderr bytes.Buffer
			opts := append([]wasmhost.RunOption{
				wasmhost.WithArgs(append([]string{gc.wasm + ".wasm"}, gc.args...)...),
				wasmhost.WithStdout(&stdout),
				wasmhost.WithStderr(&stderr),
				wasmhost.WithTimeLimit(guestTimeLimit),
			}, gc.opts...)
			code, err := mod.Run(ctx, opts...)
			if code != gc.code {
				t.Errorf("exit status %d (err %v), want %d", code, err, gc.code)
			}
			if gc.check != nil {
				gc.check(t, err)
			} else if err != nil && gc.code == 0 {
				t.Errorf("err = %v", err)
			}
			if gc.stdout != nil {
				matchLines(t, "stdout", stdout.String(), gc.stdout)
			} else {
				compareGolden(t, cmp.Or(gc.golden, gc.name), stdout.String())
			}
			matchLines(t, "stderr", stderr.String(), gc.stderr)
			if gc.report != nil {
				report := ""
				if err != nil {
					report = strings.TrimPrefix(err.Error(), "wasmhost: ")
				}
				matchLines(t, "report", report, gc.report)
			}
		})
	}
}

// newRuntime returns a Runtime closed at the end of the test.
func newRuntime(t *testing.T) *wasmhost.Runtime {
	t.Helper()
	rt, err := wasmhost.NewRuntime(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return rt
}

func compileGuest(t *testing.T, rt *wasmhost.Runtime, name string) *wasmhost.Module {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name+".wasm"))
	if err != nil {
		t.Fatalf("%v (rebuild with make -C testdata)", err)
	}
	mod, err := rt.Compile(context.Background(), b)
	if err != nil {
		t.Fatalf("compile %s: %v", name, err)
	}
	return mod
}

// compareGolden checks stdout against testdata/golden/name.stdout exactly.
func compareGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "testdata", "golden", name+".stdout")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("stdout differs from %s:\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first line where want and got part, with context.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl + "\nwhole output:\n" + got
		}
	}
	return ""
}

// matchLines checks that out's lines match patterns, one each, in order;
// no patterns means no output.
func matchLines(t *testing.T, what, out string, patterns []string) {
	t.Helper()
	if len(patterns) == 0 {
		if out != "" {
			t.Errorf("%s = %q, want nothing", what, out)
		}
		return
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(patterns) {
		t.Errorf("%s has %d lines, want %d:\n%s", what, len(lines), len(patterns), out)
		return
	}
	for i, p := range patterns {
		if !regexp.MustCompile(`^(?:` + p + `)$`).MatchString(lines[i]) {
			t.Errorf("%s line %d = %q, want a match for %q", what, i+1, lines[i], p)
		}
	}
}
