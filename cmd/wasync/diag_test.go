package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/pprof/profile"
	"github.com/wasync/wasync/abi"
)

// TestDiagnosticsFlags runs a guest and a script in which two threads block
// for good, with every diagnostics flag, and reads what each one wrote.
func TestDiagnosticsFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		// leaves are the innermost functions of the profile's samples:
		// where thread 1 and thread 2 wait.
		leaves []string
	}{
		{"wasm", []string{"run", "../../testdata/allblocked.wasm"}, []string{"main", "thread2"}},
		{"lua", []string{"lua", "../../testdata/lua/allblocked.lua"},
			[]string{"function@../../testdata/lua/allblocked.lua:6", "main chunk"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			trace, prof := filepath.Join(dir, "trace.jsonl"), filepath.Join(dir, "lock.pprof")
			timeline := filepath.Join(dir, "timeline.json")
			args := slices.Insert(slices.Clone(c.args), 1, "--trace", trace, "--stats", "--lockprof", prof, "--timeline", timeline)
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != abi.ExitAllBlocked {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, abi.ExitAllBlocked, &stderr)
			}
			checkTrace(t, trace)
			checkStats(t, stderr.String())
			checkSummary(t, stderr.String(), c.name == "wasm")
			checkProfile(t, prof, c.leaves)
			checkTimeline(t, timeline)
		})
	}
}

// checkTrace: every line is a JSON event; both threads' blocking calls
// are there, contended, ended by the run.
func checkTrace(t *testing.T, path string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	blocked := map[float64]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e map[string]any
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("trace line %q: %v", sc.Text(), err)
		}
		for _, k := range []string{"time", "thread", "object", "op", "result", "contended", "waited_ns"} {
			if _, ok := e[k]; !ok {
				t.Errorf("trace line %q has no %s", sc.Text(), k)
			}
		}
		if e["contended"] == true && (e["result"] == "ECANCELED" || e["result"] == "run ended") {
			blocked[e["thread"].(float64)] = true
		}
	}
	if !blocked[1] || !blocked[2] {
		t.Errorf("threads whose blocking call the trace shows: %v, want 1 and 2", blocked)
	}
}

// checkStats: after the report, the per-thread table counts one contended
// call for each thread.
func checkStats(t *testing.T, stderr string) {
	_, table, ok := strings.Cut(stderr, "wasync: sync statistics")
	_, table, _ = strings.Cut(table, ":\n")
	if !ok {
		t.Fatalf("no statistics in stderr:\n%s", stderr)
	}
	_, threads, ok := strings.Cut(table, "\nthread ")
	if !ok {
		t.Fatalf("no thread table in:\n%s", table)
	}
	contended := map[string]string{}
	for l := range strings.Lines(threads) {
		if f := strings.Fields(l); len(f) >= 3 {
			contended[f[0]] = f[2]
		}
	}
	if contended["1"] != "1" || contended["2"] != "1" {
		t.Errorf("contended calls by thread %v, want 1 each:\n%s", contended, table)
	}
}

// checkTimeline: the timeline is a Chrome trace with a track for each
// thread and the wait each blocked in.
func checkTimeline(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var trace struct {
		TraceEvents []struct {
			Name, Ph string
			Tid      int
		}
	}
	if err := json.Unmarshal(b, &trace); err != nil {
		t.Fatalf("timeline: %v", err)
	}
	tracks, waits := map[int]bool{}, map[int]bool{}
	for _, e := range trace.TraceEvents {
		switch {
		case e.Ph == "M" && e.Name == "thread_name":
			tracks[e.Tid] = true
		case e.Ph == "X" && strings.HasPrefix(e.Name, "wait "):
			waits[e.Tid] = true
		}
	}
	if !tracks[1] || !tracks[2] || !waits[1] || !waits[2] {
		t.Errorf("timeline tracks %v, waits %v: want both threads'\n%s", tracks, waits, b)
	}
}

// checkSummary: the statistics end with the run's summary line, the same
// in run and lua; wasync run's say they count host calls only.
func checkSummary(t *testing.T, stderr string, wasm bool) {
	if wasm && !strings.Contains(stderr, "wasync: sync statistics"+fastPathNote+":\n") {
		t.Errorf("the statistics do not say what they count:\n%s", stderr)
	}
	want := regexp.MustCompile(`\nwasync: the run took \S+ and ended with every thread blocked for good, status 86; ` +
		`2 threads started, at most 2 alive at once\n$`)
	if !want.MatchString(stderr) {
		t.Errorf("stderr does not end with the summary line %v:\n%s", want, stderr)
	}
}

// checkProfile: the profile parses, and its samples' innermost frames
// are the guest functions that blocked, one contention each.
func checkProfile(t *testing.T, path string, leaves []string) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := profile.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Sample {
		if s.Value[0] != 1 || s.Value[1] <= 0 {
			t.Errorf("sample %v: want 1 contention and a positive delay", s.Value)
		}
		got = append(got, s.Location[0].Line[0].Function.Name)
	}
	slices.Sort(got)
	if !slices.Equal(got, leaves) {
		t.Errorf("innermost frames %q, want %q", got, leaves)
	}
}

func TestDiagnosticsBadPath(t *testing.T) {
	progs := map[string]string{"run": "../../testdata/allblocked.wasm", "lua": "../../testdata/lua/allblocked.lua"}
	for _, flag := range []string{"--trace", "--lockprof"} {
		for cmd, prog := range progs {
			var stderr bytes.Buffer
			code := run([]string{cmd, flag, "/nonexistent/dir/out", prog}, nil, &bytes.Buffer{}, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), flag+": open /nonexistent/dir/out") {
				t.Errorf("%s %s: exit %d, stderr %q; want 2 and the flag's error", cmd, flag, code, &stderr)
			}
		}
	}
}
