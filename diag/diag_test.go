package diag

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// ev builds the event the engine and a binding would report for a call
// by thread tid on o named name: no run needed.
func ev(o *syncrt.Object, name string, id uint64, tid uint32, op syncrt.Op, res abi.Errno, waited time.Duration, stack ...Frame) Event {
	taking := op != syncrt.OpUnlockMutex && op != syncrt.OpReleaseSemaphore && op != syncrt.OpWait
	return Event{
		Event: syncrt.Event{Tid: tid, Op: op, Ref: syncrt.RefOf(o), Kind: o.Kind(), Result: res,
			Acquired: taking && (res == abi.ESUCCESS || res == abi.EOWNERDEAD), Contended: waited > 0, Waited: waited},
		Object: name, ID: id, Outcome: res.String(), Stack: stack,
	}
}

// heldBy is a mutex that thread tid owns, as a guest's memory holds one.
func heldBy(tid uint32) *syncrt.Object {
	mem := make([]byte, abi.ObjectSize)
	binary.LittleEndian.PutUint32(mem[abi.MutexOffName:], abi.MutexName)
	binary.LittleEndian.PutUint32(mem[abi.MutexOffOwner:], tid)
	binary.LittleEndian.PutUint32(mem[abi.MutexOffCount:], 1)
	o, _ := syncrt.ObjectAt(mem, 0)
	return o
}

func TestTrace(t *testing.T) {
	var buf bytes.Buffer
	obs := Trace(&buf)
	m := syncrt.NewMutex(false)
	obs(ev(m, "0x10", 16, 2, syncrt.OpLockMutex, abi.ESUCCESS, 3*time.Millisecond))
	obs(ev(m, "0x10", 16, 1, syncrt.OpTimeLockMutex, abi.ETIMEDOUT, 0))
	refused := ev(m, "0x10", 16, 3, syncrt.OpLockMutex, abi.EDEADLK, 0)
	refused.Reason = syncrt.OrderCycle
	refused.PotentialDeadlock = &syncrt.PotentialDeadlock{Refused: true}
	obs(refused)
	type line struct {
		Time      time.Time
		Msg       string
		Level     *string
		Thread    uint32
		Object    string
		Op        string
		Result    string
		Contended bool
		WaitedNs  int64 `json:"waited_ns"`
		Reason    string
		Potential string `json:"potential_deadlock"`
	}
	want := []line{
		{Msg: "sync", Thread: 2, Object: "0x10", Op: "lockmutex", Result: "ESUCCESS", Contended: true, WaitedNs: 3e6},
		{Msg: "sync", Thread: 1, Object: "0x10", Op: "timelockmutex", Result: "ETIMEDOUT"},
		{Msg: "sync", Thread: 3, Object: "0x10", Op: "lockmutex", Result: "EDEADLK", Reason: "lock order",
			Potential: refused.PotentialDeadlock.Error()},
	}
	sc := bufio.NewScanner(&buf)
	for i := 0; sc.Scan(); i++ {
		var got line
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v: %s", i, err, sc.Bytes())
		}
		if got.Time.IsZero() || time.Since(got.Time) > time.Minute {
			t.Errorf("line %d: time %v", i, got.Time)
		}
		got.Time = time.Time{}
		if i >= len(want) || got != want[i] {
			t.Errorf("line %d = %+v, want %+v", i, got, want[min(i, len(want)-1)])
		}
	}
}

func TestStats(t *testing.T) {
	held, free, sem := heldBy(1), syncrt.NewMutex(false), syncrt.NewSemaphore(0) // held: owned by thread 1 at exit
	s := NewStats()
	for _, e := range []Event{
		ev(free, "#2", 2, 1, syncrt.OpLockMutex, abi.ESUCCESS, 0),
		ev(held, "#1", 1, 2, syncrt.OpLockMutex, abi.ESUCCESS, 5*time.Millisecond),
		ev(held, "#1", 1, 2, syncrt.OpLockMutex, abi.EOWNERDEAD, 2*time.Millisecond),
		ev(held, "#1", 1, 3, syncrt.OpTimeLockMutex, abi.ETIMEDOUT, time.Millisecond),
		ev(held, "#1", 1, 3, syncrt.OpTryLockMutex, abi.EBUSY, 0),
		ev(held, "#1", 1, 2, syncrt.OpUnlockMutex, abi.ESUCCESS, 0),
		ev(sem, "#3", 3, 3, syncrt.OpAcquireSemaphore, abi.ESUCCESS, 4*time.Millisecond),
	} {
		s.Observe(e)
	}
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"object", "kind", "acquired", "contended", "total", "wait", "longest", "wait", "timeouts", "owner", "at", "exit"},
		{"#1", "mutex", "2", "2", "8ms", "5ms", "1", "1"},
		{"#2", "mutex", "1", "0", "0s", "0s", "0", "-"},
		{"#3", "semaphore", "1", "1", "4ms", "4ms", "0", "-"},
		{"thread", "calls", "contended", "total", "wait"},
		{"1", "1", "0", "0s"},
		{"2", "3", "2", "7ms"},
		{"3", "3", "2", "5ms"},
	}
	var got [][]string
	for l := range strings.Lines(buf.String()) {
		if f := strings.Fields(l); len(f) > 0 {
			got = append(got, f)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(got), len(want), &buf)
	}
	for i := range want {
		if strings.Join(got[i], " ") != strings.Join(want[i], " ") {
			t.Errorf("line %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestProfile(t *testing.T) {
	m := syncrt.NewMutex(false)
	p := NewProfile()
	worker := []Frame{{Function: "add"}, {Function: "worker"}}
	for _, e := range []Event{
		ev(m, "0x10", 16, 2, syncrt.OpLockMutex, abi.ESUCCESS, 3*time.Millisecond, worker...),
		ev(m, "0x10", 16, 3, syncrt.OpLockMutex, abi.ESUCCESS, 1*time.Millisecond, worker...),
		ev(m, "0x10", 16, 1, syncrt.OpLockMutex, abi.ESUCCESS, 0, worker...), // uncontended: not counted
		ev(m, "0x10", 16, 1, syncrt.OpLockMutex, abi.ESUCCESS, 2*time.Millisecond,
			Frame{Function: "f", File: "a.lua", Line: 4}, Frame{Function: "main chunk", File: "a.lua", Line: 9}),
		ev(m, "0x10", 16, 1, syncrt.OpLockMutex, abi.ESUCCESS, 5*time.Millisecond), // no stack
	} {
		p.Observe(e)
	}
	var buf bytes.Buffer
	if _, err := p.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	prof, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := prof.CheckValid(); err != nil {
		t.Fatal(err)
	}
	if len(prof.SampleType) != 2 || prof.SampleType[0].Type != "contentions" || prof.SampleType[1].Type != "delay" {
		t.Errorf("sample types %v", prof.SampleType)
	}
	got := map[string][2]int64{}
	for _, s := range prof.Sample {
		var names []string
		for _, loc := range s.Location {
			for _, l := range loc.Line {
				name := l.Function.Name
				if l.Function.Filename != "" {
					name = fmt.Sprintf("%s@%s:%d", name, l.Function.Filename, l.Line)
				}
				names = append(names, name)
			}
		}
		got[strings.Join(names, " < ")] = [2]int64{s.Value[0], s.Value[1]}
	}
	want := map[string][2]int64{
		"add < worker":                   {2, 4e6},
		"f@a.lua:4 < main chunk@a.lua:9": {1, 2e6},
		"lockmutex 0x10":                 {1, 5e6},
	}
	if len(got) != len(want) {
		t.Errorf("samples %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("sample %q = %v, want %v", k, got[k], v)
		}
	}
}

func TestTee(t *testing.T) {
	if Tee(nil, nil) != nil {
		t.Error("Tee of nothing is not nil: the run would be observed for nothing")
	}
	var n1, n2 int
	tee := Tee(func(Event) { n1++ }, nil, func(Event) { n2++ })
	tee(Event{})
	tee(Event{})
	if n1 != 2 || n2 != 2 {
		t.Errorf("observers got %d and %d events, want 2 each", n1, n2)
	}
}

func TestBlockedError(t *testing.T) {
	blocked := &syncrt.AllBlockedError{Threads: []syncrt.BlockedThread{
		{Tid: 1, Semaphore: true, Object: "#4"},
		{Tid: 2, Object: "#3", Owner: 1},
		{Tid: 3, Object: "#3", Owner: 1},
	}}
	err := error(&BlockedError{AllBlockedError: blocked, Stacks: map[uint32][]Frame{
		1: {{Function: "main chunk", File: "a.lua", Line: 7}},
		2: {{Function: "thread2"}, {Function: "wasi_thread_start"}},
	}})
	want := `all 3 threads are blocked with no timeout:
  thread 1 waits for semaphore #4 (no units)
    in main chunk (a.lua:7)
  thread 2 waits for mutex #3 (owned by thread 1)
    in thread2 < wasi_thread_start
  thread 3 waits for mutex #3 (owned by thread 1)`
	if err.Error() != want {
		t.Errorf("report:\n%s\nwant:\n%s", err, want)
	}
	var inner *syncrt.AllBlockedError
	if !errors.As(err, &inner) || inner != blocked {
		t.Error("errors.As does not find the engine's report")
	}
}

// TestStatsKind: the kind column is what the engine found the object to
// be, not the call made on it: a failed lockmutex on a semaphore, and one
// on memory that is no object yet, do not make it a mutex.
func TestStatsKind(t *testing.T) {
	sem, garbage := syncrt.NewSemaphore(1), &syncrt.Object{}
	s := NewStats()
	s.Observe(ev(sem, "0x10", 16, 1, syncrt.OpLockMutex, abi.EINVAL, 0))
	s.Observe(ev(sem, "0x10", 16, 1, syncrt.OpAcquireSemaphore, abi.ESUCCESS, 0))
	s.Observe(ev(garbage, "0x20", 32, 1, syncrt.OpLockMutex, abi.EINVAL, 0))
	var buf bytes.Buffer
	if _, err := s.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	for i, want := range []string{"0x10 semaphore 1", "0x20 none 0"} {
		if f := strings.Fields(lines[i+1]); strings.Join(f[:3], " ") != want {
			t.Errorf("line %q, want it to start %q", lines[i+1], want)
		}
	}
}
