package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"sync"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// A Timeline records a run as a Chrome trace (the JSON "Trace Event
// Format" that Perfetto, ui.perfetto.dev, and chrome://tracing open): one
// track per thread, a span for each wait (a contended call, from when it
// found the object taken to its result) and one for each hold of a mutex
// (from the lock the host saw to the unlock). A guest's fast path is not
// seen: an uncontended lock it takes has no hold span. It keeps every span
// in memory until WriteTo, about 200 bytes each.
type Timeline struct {
	mu     sync.Mutex
	start  time.Time
	now    func() time.Time
	spans  []span
	holds  map[holdKey]*hold
	tracks map[uint32]bool
}

type span struct {
	name     string
	tid      uint32
	from, to time.Duration // since start
	result   string
}

type holdKey struct {
	tid uint32
	ref syncrt.ObjectRef
}

type hold struct {
	since time.Duration
	depth int // a recursive mutex's locks by its owner
	name  string
}

// NewTimeline returns an empty timeline whose clock starts now.
func NewTimeline() *Timeline {
	return &Timeline{start: time.Now(), now: time.Now, holds: map[holdKey]*hold{}, tracks: map[uint32]bool{}}
}

// Observe adds one event; it is the observer to give a run.
func (tl *Timeline) Observe(e Event) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	end := tl.now().Sub(tl.start)
	tid := e.Tid
	tl.tracks[tid] = true
	if e.Contended && e.Waited > 0 {
		tl.spans = append(tl.spans, span{name: "wait " + e.Op.String() + " " + e.Object,
			tid: tid, from: end - e.Waited, to: end, result: e.Outcome})
	}
	k := holdKey{tid, e.Ref}
	switch {
	case e.Acquired && e.Kind == syncrt.KindMutex:
		if h := tl.holds[k]; h != nil {
			h.depth++
			return
		}
		tl.holds[k] = &hold{since: end, depth: 1, name: "hold " + e.Object}
	case e.Op == syncrt.OpUnlockMutex && e.Result == abi.ESUCCESS:
		h := tl.holds[k]
		if h == nil { // taken on the guest's fast path
			return
		}
		if h.depth--; h.depth == 0 {
			delete(tl.holds, k)
			tl.spans = append(tl.spans, span{name: h.name, tid: tid, from: h.since, to: end})
		}
	}
}

// traceEvent is one record of the Trace Event Format.
type traceEvent struct {
	Name string            `json:"name"`
	Ph   string            `json:"ph"`
	Ts   float64           `json:"ts"` // µs
	Dur  float64           `json:"dur,omitempty"`
	Pid  int               `json:"pid"`
	Tid  uint32            `json:"tid"`
	Args map[string]string `json:"args,omitempty"`
}

// WriteTo writes the trace as one JSON object. Mutexes still held (the run
// ended first) get a span to the time of the call.
func (tl *Timeline) WriteTo(w io.Writer) (int64, error) {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	end := tl.now().Sub(tl.start)
	var events []traceEvent
	tids := make([]uint32, 0, len(tl.tracks))
	for tid := range tl.tracks {
		tids = append(tids, tid)
	}
	sort.Slice(tids, func(i, j int) bool { return tids[i] < tids[j] })
	for _, tid := range tids {
		events = append(events, traceEvent{Name: "thread_name", Ph: "M", Pid: 1, Tid: tid,
			Args: map[string]string{"name": fmt.Sprintf("thread %d", tid)}})
	}
	spans := append([]span(nil), tl.spans...)
	for k, h := range tl.holds {
		spans = append(spans, span{name: h.name + " (still held)", tid: k.tid, from: h.since, to: end})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].from < spans[j].from })
	for _, s := range spans {
		ev := traceEvent{Name: s.name, Ph: "X", Ts: micros(s.from), Dur: max(micros(s.to-s.from), 0.001), Pid: 1, Tid: s.tid}
		if s.result != "" {
			ev.Args = map[string]string{"result": s.result}
		}
		events = append(events, ev)
	}
	cw := &countingWriter{w: w}
	err := json.NewEncoder(cw).Encode(struct {
		TraceEvents     []traceEvent `json:"traceEvents"`
		DisplayTimeUnit string       `json:"displayTimeUnit"`
	}{events, "ns"})
	return cw.n, err
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
