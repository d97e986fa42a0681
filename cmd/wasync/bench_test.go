package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestBenchCommand runs three rows at a tiny benchtime: the command
// measures them and prints the table with their ratios and goals (P8's
// tight loop too, which go test -bench Loops ./wasmhost also measures). It
// runs from cmd/wasync, where no testdata folder is: the guests are built in.
func TestBenchCommand(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run([]string{"bench", "--benchtime", "1ms", "--run", "^(P[12]|P8/kernel=tight)/"}, nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{"row", "P1 ", "sync.Mutex", "≤ 1.2×", "P2 ", "≤ 1.15×", "ns CPU", "P5 ", "P8 ", "tight loop"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, stdout.String())
		}
	}
	if strings.Contains(stdout.String(), "P3 ") {
		t.Errorf("--run ^P[12]/ printed P3:\n%s", stdout.String())
	}
}

func TestBenchCommandUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"bench", "extra"}, nil, &stdout, &stderr); code != 2 {
		t.Errorf("bench extra: exit %d, want 2", code)
	}
	if code := run([]string{"bench", "-h"}, nil, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "Usage: wasync bench") {
		t.Errorf("bench -h: exit %d, stdout %q", code, stdout.String())
	}
}
