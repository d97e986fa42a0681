package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLockOrder: wasync run and wasync lua with --lock-order report the
// lock-order inversion of testdata's lockorder guest and script on stderr,
// word for word, and leave their output as it is; =strict makes the lock
// that closes the cycle fail; without the flag nothing is reported.
func TestLockOrder(t *testing.T) {
	golden := filepath.Join("..", "..", "testdata", "golden")
	for _, tc := range []struct {
		name      string
		args      []string
		out, errs string // golden files; errs "": nothing on stderr
	}{
		{"run", []string{"run", "../../testdata/lockorder.wasm"}, golden + "/lockorder.stdout", ""},
		{"run --lock-order", []string{"run", "--lock-order", "../../testdata/lockorder.wasm"},
			golden + "/lockorder.stdout", golden + "/lockorder.stderr"},
		{"run --lock-order=strict", []string{"run", "--lock-order=strict", "../../testdata/lockorder.wasm"},
			golden + "/lockorder_strict.stdout", golden + "/lockorder_strict.stderr"},
		{"lua", []string{"lua", luaDir + "/lockorder.lua"}, luaDir + "/lockorder.out", ""},
		{"lua --lock-order", []string{"lua", "--lock-order", luaDir + "/lockorder.lua"},
			luaDir + "/lockorder.out", luaDir + "/lockorder.report"},
		{"lua --lock-order=strict", []string{"lua", "--lock-order=strict", luaDir + "/lockorder.lua"},
			luaDir + "/lockorder.strict.out", luaDir + "/lockorder.strict.report"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if status := run(tc.args, strings.NewReader(""), &stdout, &stderr); status != 0 {
				t.Fatalf("status %d, want 0; stderr:\n%s", status, stderr.String())
			}
			if want := readFile(t, tc.out); stdout.String() != want {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), want)
			}
			want := ""
			if tc.errs != "" {
				// The script is named as the command line gives it.
				want = strings.ReplaceAll(readFile(t, tc.errs), "lockorder.lua:", luaDir+"/lockorder.lua:")
			}
			if stderr.String() != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
			}
		})
	}
}

// TestLockOrderFlag: --lock-order takes strict or nothing.
func TestLockOrderFlag(t *testing.T) {
	var stdout, stderr bytes.Buffer
	status := run([]string{"lua", "--lock-order=loose", "-e", "x = 1"}, strings.NewReader(""), &stdout, &stderr)
	if want := "wasync lua: --lock-order loose: want strict, or nothing (see wasync lua -h)\n"; status != 2 || stderr.String() != want {
		t.Errorf("status %d, stderr %q; want 2, %q", status, stderr.String(), want)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
