package luabind

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestScripts runs every testdata/lua/NAME.lua and checks what it prints
// against NAME.out, its error against NAME.err (no NAME.err: the run
// must succeed) and what it writes to Stderr (spawned threads' errors,
// without their tracebacks, whose frame names are go-lua's) against
// NAME.stderr (none: nothing). Chunks are named by base name, so messages
// read "NAME.lua:LINE: …" whatever the working directory.
func TestScripts(t *testing.T) {
	paths, err := filepath.Glob("../testdata/lua/*.lua")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no scripts: %v", err)
	}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".lua"), func(t *testing.T) {
			t.Parallel()
			src := readFile(t, path)
			wantOut := readFile(t, strings.TrimSuffix(path, ".lua")+".out")
			wantErr := strings.TrimSuffix(readOptional(t, strings.TrimSuffix(path, ".lua")+".err"), "\n")
			var out, stderr bytes.Buffer
			_, err := RunString(context.Background(), name, src, Options{Stdout: &out, Stderr: &stderr, TimeLimit: time.Minute})
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != wantErr {
				t.Errorf("error:\n%s\nwant:\n%s", gotErr, wantErr)
			}
			if out.String() != wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), wantOut)
			}
			if got, want := withoutTracebacks(stderr.String()), readOptional(t, strings.TrimSuffix(path, ".lua")+".stderr"); got != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// withoutTracebacks drops the "stack traceback:" lines and the frames
// under them.
func withoutTracebacks(s string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(line, "\t") && line != "stack traceback:\n" {
			b.WriteString(line)
		}
	}
	return b.String()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func readOptional(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
