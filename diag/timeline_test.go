package diag

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// TestTimeline: a fake clock drives a lock by thread 1 held 10 ms, thread
// 2 waiting 4 ms of it, a recursive relock that does not end the hold, and
// a mutex still held at the end; the trace has one track per thread and
// each span where it belongs.
func TestTimeline(t *testing.T) {
	tl := NewTimeline()
	at := tl.start
	tl.now = func() time.Time { return at }
	step := func(d time.Duration) { at = at.Add(d) }
	m, r := syncrt.NewMutex(false), syncrt.NewMutex(true)
	tl.Observe(ev(m, "0x10", 16, 1, syncrt.OpLockMutex, abi.ESUCCESS, 0))                  // 0: hold from 0
	step(6 * time.Millisecond)                                                             //
	tl.Observe(ev(r, "0x20", 32, 1, syncrt.OpLockMutex, abi.ESUCCESS, 0))                  // 6: hold of r
	tl.Observe(ev(r, "0x20", 32, 1, syncrt.OpLockMutex, abi.ESUCCESS, 0))                  // depth 2
	tl.Observe(ev(r, "0x20", 32, 1, syncrt.OpUnlockMutex, abi.ESUCCESS, 0))                // depth 1: still held
	step(4 * time.Millisecond)                                                             //
	tl.Observe(ev(m, "0x10", 16, 1, syncrt.OpUnlockMutex, abi.ESUCCESS, 0))                // 10: hold 0–10
	tl.Observe(ev(m, "0x10", 16, 2, syncrt.OpLockMutex, abi.ESUCCESS, 4*time.Millisecond)) // wait 6–10
	tl.Observe(ev(m, "0x30", 48, 3, syncrt.OpUnlockMutex, abi.ESUCCESS, 0))                // fast-path lock: no span
	step(2 * time.Millisecond)
	var buf bytes.Buffer
	if _, err := tl.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var trace struct{ TraceEvents []traceEvent }
	if err := json.Unmarshal(buf.Bytes(), &trace); err != nil {
		t.Fatalf("%v:\n%s", err, &buf)
	}
	type got struct {
		name    string
		ph      string
		tid     uint32
		ts, dur float64
	}
	want := []got{
		{"thread_name", "M", 1, 0, 0}, {"thread_name", "M", 2, 0, 0}, {"thread_name", "M", 3, 0, 0},
		{"hold 0x10", "X", 1, 0, 10000},
		{"wait lockmutex 0x10", "X", 2, 6000, 4000},
		{"hold 0x20 (still held)", "X", 1, 6000, 6000},
		{"hold 0x10 (still held)", "X", 2, 10000, 2000},
	}
	var all []got
	for _, e := range trace.TraceEvents {
		all = append(all, got{e.Name, e.Ph, e.Tid, e.Ts, e.Dur})
	}
	if len(all) != len(want) {
		t.Fatalf("events:\n%v\nwant:\n%v", all, want)
	}
	for i := range want {
		if all[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, all[i], want[i])
		}
	}
}
