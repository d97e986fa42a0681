package wasmhost

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTrapFramesNameTheGuestsFunctions: the instrumenting pass adds
// imported functions, which shift the guest's own; a trap's wasm stack
// trace must still name each frame as in the guest, by its index when the
// guest has no name section, by its name when it has one, instrumented or
// not.
func TestTrapFramesNameTheGuestsFunctions(t *testing.T) {
	const src = `(module
	  (import "wasync" "gettid" (func $gettid (result i32)))
	  (memory 1)
	  (func $boom unreachable)
	  (func $mid (drop (call $gettid)) (call $boom))
	  (func $start (export "_start") (call $mid)))`
	named, unnamed := wat(t, src), watNoNames(t, src)
	for _, c := range []struct {
		name   string
		wasm   []byte
		frames []string
	}{
		{"unnamed", unnamed, []string{".$1()", ".$2()", ".$3()"}},
		{"named", named, []string{".boom()", ".mid()", ".start()"}},
	} {
		for _, instrumented := range []bool{true, false} {
			t.Run(c.name+map[bool]string{true: "/instrumented", false: "/uninstrumented"}[instrumented], func(t *testing.T) {
				rt := newTestRuntime(t, WithInstrumentation(instrumented))
				code, err := rt.Run(context.Background(), c.wasm)
				if code != ExitTrap || err == nil {
					t.Fatalf("got %d (%v), want a trap", code, err)
				}
				trace := err.Error()[strings.Index(err.Error(), "wasm stack trace:"):]
				got := regexp.MustCompile(`(?m)^\s+(\S+)$`).FindAllStringSubmatch(trace, -1)
				if len(got) != len(c.frames) {
					t.Fatalf("frames of %q, want %q", trace, c.frames)
				}
				for i, f := range c.frames {
					if got[i][1] != f {
						t.Errorf("frame %d = %q, want %q\n%s", i, got[i][1], f, trace)
					}
				}
			})
		}
	}
}

// watNoNames assembles src with no name section, as most toolchains'
// release builds leave a module.
func watNoNames(t *testing.T, src string) []byte {
	t.Helper()
	dir := t.TempDir()
	in, out := filepath.Join(dir, "m.wat"), filepath.Join(dir, "m.wasm")
	if err := os.WriteFile(in, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(wat2wasm(t), "--enable-threads", in, "-o", out).CombinedOutput(); err != nil {
		t.Fatalf("wat2wasm: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
