package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// hostCase is one run of testdata/cases.json, the case table that both
// hosts are held to.
type hostCase struct {
	Name   string   `json:"name"`
	Wasm   string   `json:"wasm"`
	Args   []string `json:"args"`
	Flags  []string `json:"flags"`
	Code   int      `json:"code"`
	Stdout []string `json:"stdout"` // line patterns; nil: the golden file
}

// hostRun is what one host did with a case.
type hostRun struct {
	code           int
	stdout, stderr string
}

// TestHostsAgree runs every case of testdata/cases.json under this CLI
// (the Go host) and under the JS host's CLI (jshost/bin/wasync.js, in
// node), with the same flags and arguments, and requires the same exit
// status, the same stdout (the golden file, or the case's line patterns
// where output varies) and the same all-blocked report. It skips without
// node, except in CI.
func TestHostsAgree(t *testing.T) {
	js := newJSHost(t)
	var table struct {
		Cases []hostCase `json:"cases"`
	}
	b, err := os.ReadFile("../../testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &table); err != nil {
		t.Fatalf("testdata/cases.json: %v", err)
	}
	for _, c := range table.Cases {
		t.Run(c.Name, func(t *testing.T) {
			args := append(append([]string{"--time-limit", "60s"}, c.Flags...), filepath.Join("..", "..", "testdata", c.Wasm+".wasm"))
			args = append(args, c.Args...)
			// The hosts run side by side; the cases one after another:
			// wazero v1.12.0 races with itself when runtimes are created
			// concurrently (internal/version.GetWazeroVersion).
			cmd := js.run(args)
			var jsOut, jsErr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &jsOut, &jsErr
			if err := cmd.Start(); err != nil {
				t.Fatalf("node: %v", err)
			}
			var goOut, goErr bytes.Buffer
			goRun := hostRun{code: run(append([]string{"run"}, args...), strings.NewReader(""), &goOut, &goErr)}
			goRun.stdout, goRun.stderr = goOut.String(), goErr.String()
			if err := cmd.Wait(); err != nil {
				if _, ok := err.(*exec.ExitError); !ok {
					t.Fatalf("node: %v", err)
				}
			}
			jsRun := hostRun{cmd.ProcessState.ExitCode(), jsOut.String(), jsErr.String()}
			for host, r := range map[string]hostRun{"Go": goRun, "JS": jsRun} {
				if r.code != c.Code {
					t.Errorf("%s host: exit status %d, want %d; stderr:\n%s", host, r.code, c.Code, r.stderr)
				}
				if c.Stdout != nil {
					matchAll(t, host, r.stdout, c.Stdout)
				}
			}
			if c.Stdout == nil {
				golden, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", c.Name+".stdout"))
				if err != nil {
					t.Fatal(err)
				}
				if goRun.stdout != string(golden) || jsRun.stdout != string(golden) {
					t.Errorf("stdout differs from golden/%s.stdout:\ngolden:\n%s\nGo host:\n%s\nJS host:\n%s", c.Name, golden, goRun.stdout, jsRun.stdout)
				}
			}
			if g, j := blockedReport(goRun.stderr), blockedReport(jsRun.stderr); g != j {
				t.Errorf("all-blocked reports differ:\nGo host:\n%s\nJS host:\n%s", g, j)
			}
		})
	}
}

// reportStart is the first line of an all-blocked report (syncrt's
// AllBlockedError).
var reportStart = regexp.MustCompile(`(?m)^all \d+ threads are blocked with no timeout:$`)

// blockedReport is the all-blocked report in a run's stderr: from its
// first line to the end of the indented lines that follow.
func blockedReport(stderr string) string {
	start := reportStart.FindStringIndex(stderr)
	if start == nil {
		return ""
	}
	lines := strings.Split(stderr[start[0]:], "\n")
	n := 1
	for n < len(lines) && strings.HasPrefix(lines[n], "  ") {
		n++
	}
	return strings.Join(lines[:n], "\n")
}

// matchAll checks out's lines against patterns, one each.
func matchAll(t *testing.T, host, out string, patterns []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		lines = nil
	}
	if len(lines) != len(patterns) {
		t.Errorf("%s host: stdout has %d lines, want %d:\n%s", host, len(lines), len(patterns), out)
		return
	}
	for i, p := range patterns {
		if !regexp.MustCompile(`^(?:` + p + `)$`).MatchString(lines[i]) {
			t.Errorf("%s host: stdout line %d = %q, want a match for %q", host, i+1, lines[i], p)
		}
	}
}

// jsHost runs the JS host's CLI (jshost/bin/wasync.js) in node, with a
// rewriter built from the current sources.
type jsHost struct{ node, rewriter string }

// newJSHost finds node, skipping the test without it (failing it in CI).
func newJSHost(t *testing.T) jsHost {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node is required in CI: %v", err)
		}
		t.Skipf("node not installed: %v", err)
	}
	readJSHost(t)
	return jsHost{node, buildRewriter(t)}
}

// run is the command `wasync.js run args...`.
func (js jsHost) run(args []string) *exec.Cmd {
	cmd := exec.Command(js.node, append([]string{"../../jshost/bin/wasync.js", "run"}, args...)...)
	cmd.Env = append(os.Environ(), "WASYNC_JS_REWRITER="+js.rewriter)
	return cmd
}

// readJSHost reads the JS host's sources, so that go test's cache, which
// knows only the files this process opens, reruns the test when they
// change.
func readJSHost(t *testing.T) {
	for _, dir := range []string{"../../jshost/src", "../../jshost/bin"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.js"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no JS host sources in %s: %v", dir, err)
		}
		for _, f := range files {
			if _, err := os.ReadFile(f); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// buildRewriter builds the instrumenting pass for wasip1, as the JS host
// runs it (jshost/src/rewrite.js), from the current sources.
func buildRewriter(t *testing.T) string {
	out, err := filepath.Abs(filepath.Join(t.TempDir(), "rewrite.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "../../wasmhost/internal/instrument/rewritewasm")
	cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the rewriter for wasip1: %v\n%s", err, b)
	}
	return out
}
