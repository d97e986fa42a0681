package diag

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// Stats counts a run's events per object and per thread. Feed it with
// Observe; print it with WriteTo once the run is over.
type Stats struct {
	mu      sync.Mutex
	objects map[syncrt.ObjectRef]*objectStats
	threads map[uint32]*threadStats
}

type objectStats struct {
	name      string
	id        uint64
	kind      syncrt.Kind
	acquired  int // locks and units taken
	contended int // of which had to wait
	timeouts  int
	wait      time.Duration
	longest   time.Duration
}

type threadStats struct {
	calls, contended int
	wait             time.Duration
}

// NewStats returns empty statistics.
func NewStats() *Stats {
	return &Stats{objects: map[syncrt.ObjectRef]*objectStats{}, threads: map[uint32]*threadStats{}}
}

// Observe counts one event; it is the observer to give a run.
func (s *Stats) Observe(e Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o := s.objects[e.Ref]
	if o == nil {
		o = &objectStats{name: e.Object, id: e.ID}
		s.objects[e.Ref] = o
	}
	if o.kind == 0 { // the engine found no object yet: a failed call on garbage
		o.kind = e.Kind
	}
	t := s.threads[e.Tid]
	if t == nil {
		t = &threadStats{}
		s.threads[e.Tid] = t
	}
	t.calls++
	if e.Acquired {
		o.acquired++
		if e.Contended {
			o.contended++
		}
	}
	if e.Result == abi.ETIMEDOUT {
		o.timeouts++
	}
	if e.Contended {
		t.contended++
		t.wait += e.Waited
		o.wait += e.Waited
		o.longest = max(o.longest, e.Waited)
	}
}

// WriteTo writes two tables: one line per object, by ID, then one per
// thread, by tid. A mutex's owner at exit is read from the object now, so
// call it once the run is over; it counts locks taken by a guest's fast
// path too, which never reach the host.
func (s *Stats) WriteTo(w io.Writer) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cw := &countingWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "object\tkind\tacquired\tcontended\ttotal wait\tlongest wait\ttimeouts\towner at exit")
	objs := slices.SortedFunc(maps.Keys(s.objects), func(a, b syncrt.ObjectRef) int {
		oa, ob := s.objects[a], s.objects[b]
		return cmp.Or(cmp.Compare(oa.id, ob.id), cmp.Compare(oa.name, ob.name), cmp.Compare(a.Addr(), b.Addr()))
	})
	for _, ref := range objs {
		o := s.objects[ref]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%v\t%v\t%d\t%s\n",
			o.name, o.kind, o.acquired, o.contended, round(o.wait), round(o.longest), o.timeouts, ownerAtExit(ref))
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "thread\tcalls\tcontended\ttotal wait")
	for _, tid := range slices.Sorted(maps.Keys(s.threads)) {
		t := s.threads[tid]
		fmt.Fprintf(tw, "%d\t%d\t%d\t%v\n", tid, t.calls, t.contended, round(t.wait))
	}
	err := tw.Flush()
	return cw.n, err
}

// round keeps a duration readable: µs are finer than a wait is measured.
func round(d time.Duration) time.Duration { return d.Round(time.Microsecond) }

// ownerAtExit is a mutex's owner tid, "-" for none or for other kinds.
func ownerAtExit(ref syncrt.ObjectRef) string {
	if tid := ref.Owner(); tid != 0 {
		return strconv.FormatUint(uint64(tid), 10)
	}
	return "-"
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
