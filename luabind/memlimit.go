package luabind

import (
	goruntime "runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"time"

	lua "github.com/Shopify/go-lua"
)

// A run's memory limit. go-lua allocates with Go's allocator and has no
// allocation hook, so the limit is enforced from outside: a sampler reads
// the process's Go heap every memSample, and a thread's stop hook, seeing
// the heap past the limit, collects garbage and, if the heap is still past
// it, raises "not enough memory". The hook runs every memHookCount
// instructions, and on every instruction once the heap is past a quarter
// of the limit, so that even a loop doubling a string stops within one
// doubling of the limit. Reading the heap costs about 600 ns, too much
// for the hook itself.

const (
	memSample    = time.Millisecond
	memHookCount = 16
	heapMetric   = "/memory/classes/heap/objects:bytes"
)

// A memLimit watches the heap for one run.
type memLimit struct {
	limit    uint64
	baseline uint64      // the heap when the run began
	near     atomic.Bool // the heap is past a quarter of the limit
	over     atomic.Bool // the last sample, or confirm, found it past the limit
	mu       sync.Mutex  // one confirming collection at a time
	sample   []metrics.Sample
}

func newMemLimit(limit int64) *memLimit {
	m := &memLimit{limit: uint64(limit), sample: []metrics.Sample{{Name: heapMetric}}}
	m.baseline = m.heap()
	return m
}

// heap is how much the Go heap's objects, garbage not yet swept included,
// have grown since the run began. Under mu, or from the sampler before
// the run's threads start.
func (m *memLimit) heap() uint64 {
	metrics.Read(m.sample)
	return m.sample[0].Value.Uint64() - min(m.baseline, m.sample[0].Value.Uint64())
}

// watch samples until done is closed.
func (m *memLimit) watch(done <-chan struct{}) {
	t := time.NewTicker(memSample)
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-t.C:
			m.mu.Lock()
			h := m.heap()
			m.mu.Unlock()
			m.near.Store(h > m.limit/4)
			m.over.Store(h > m.limit)
		}
	}
}

// confirm collects garbage and says whether the heap is still past the
// limit, which the sampler saw it pass: garbage does not count.
func (m *memLimit) confirm() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.over.Load() { // another thread's collection found it under
		return false
	}
	goruntime.GC()
	over := m.heap() > m.limit
	m.over.Store(over)
	return over
}

// checkMemory is the memory part of a thread's stop hook: it sets how often the
// hook runs and raises "not enough memory" past the limit.
func (th *thread) checkMemory(l *lua.State) {
	m := th.rt.mem
	if near := m.near.Load(); near != th.memNear {
		th.memNear = near
		count := memHookCount
		if near {
			count = 1
		}
		lua.SetDebugHook(l, th.hook, lua.MaskCount, count)
	}
	if m.over.Load() && m.confirm() {
		l.PushString("not enough memory")
		l.Error()
	}
}
