package luabind

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestConformance runs each testdata/conformance/NAME.lua under wasync and
// under the reference interpreter, lua5.2, and requires the same output:
// metamethods in argument lists, constructors and multiple returns, pairs
// with deletion, concatenation, varargs, error values and messages. The
// programs use only standard Lua. Without lua5.2 the test skips, except in
// CI (CI set), where it fails: .ci/run installs lua5.2.
func TestConformance(t *testing.T) {
	lua52, err := exec.LookPath("lua5.2")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("lua5.2 is not installed; CI must have it (.ci/run installs it)")
		}
		t.Skip("lua5.2 is not installed")
	}
	dir, err := filepath.Abs("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.lua"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no programs in %s: %v", dir, err)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".lua"), func(t *testing.T) {
			t.Parallel()
			// Run from the program's directory, so both name the chunk NAME.lua.
			ref := exec.Command(lua52, name)
			ref.Dir = dir
			want, err := ref.CombinedOutput()
			if err != nil {
				t.Fatalf("lua5.2 %s: %v\n%s", name, err, want)
			}
			var got bytes.Buffer
			if _, err := RunString(context.Background(), name, readFile(t, path), Options{Stdout: &got, TimeLimit: time.Minute}); err != nil {
				t.Fatalf("wasync: %v\nprinted:\n%s", err, got.String())
			}
			if got.String() != string(want) {
				t.Errorf("wasync printed:\n%s\nlua5.2 printed:\n%s", got.String(), want)
			}
		})
	}
}
