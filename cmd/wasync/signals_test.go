package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWatchSignals: the first signal cancels the run's context, naming the
// signal; the second exits at once with 128 + its number.
func TestWatchSignals(t *testing.T) {
	sigs := make(chan os.Signal)
	exited := make(chan int, 1)
	var stderr bytes.Buffer
	ctx, stop := watchSignals(context.Background(), sigs, &stderr, func(code int) { exited <- code })
	defer stop()
	sigs <- syscall.SIGTERM
	<-ctx.Done()
	if cause := context.Cause(ctx); !errors.Is(cause, context.Canceled) || !strings.Contains(cause.Error(), "terminated") {
		t.Errorf("cause = %v, want context.Canceled naming SIGTERM", cause)
	}
	sigs <- syscall.SIGHUP
	if code := <-exited; code != 128+int(syscall.SIGHUP) {
		t.Errorf("second signal exited with %d, want %d", code, 128+int(syscall.SIGHUP))
	}
	if !strings.Contains(stderr.String(), "exiting at once") {
		t.Errorf("stderr = %q, want it to say the process exits at once", stderr.String())
	}
}

// signalGuest locks a mutex (one row of --stats), says "ready" and spins.
const signalGuest = `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (memory 1)
  (data (i32.const 16) "MUTX")
  (data (i32.const 64) "ready\n")
  (func (export "_start")
    (drop (call $lock (i32.const 16)))
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (loop (br 0))))`

// TestTermSignalKeepsDiagnostics: SIGTERM and SIGHUP end a run as Ctrl-C
// does, so its statistics and trace are written.
func TestTermSignalKeepsDiagnostics(t *testing.T) {
	tool, err := exec.LookPath("wat2wasm")
	if err != nil {
		t.Skipf("wat2wasm (wabt) not installed: %v", err)
	}
	dir := t.TempDir()
	src, wasm := filepath.Join(dir, "g.wat"), filepath.Join(dir, "g.wasm")
	if err := os.WriteFile(src, []byte(signalGuest), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(tool, src, "-o", wasm).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			trace := filepath.Join(dir, "trace.jsonl")
			cmd := exec.Command(os.Args[0], "run", "--stats", "--trace", trace, wasm)
			cmd.Env = append(os.Environ(), "WASYNC_TEST_MAIN=1")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if line, err := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
				_ = cmd.Process.Kill()
				t.Fatalf("guest said %q (%v)", line, err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 130 {
				t.Errorf("exit status %d (%v), want 130", code, err)
			}
			if !strings.Contains(stderr.String(), "wasync run: interrupted\n") {
				t.Errorf("stderr does not say the run was interrupted, as wasync lua does:\n%s", stderr.String())
			}
			if !strings.Contains(stderr.String(), "sync statistics") {
				t.Errorf("stderr has no statistics:\n%s", stderr.String())
			}
			b, err := os.ReadFile(trace)
			if err != nil || !bytes.HasSuffix(b, []byte("\n")) || !bytes.Contains(b, []byte("lockmutex")) {
				t.Errorf("trace %q (%v): want whole lines with the lockmutex", b, err)
			}
		})
	}
}
