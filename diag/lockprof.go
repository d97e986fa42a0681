package diag

import (
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/pprof/profile"
)

// Profile collects a lock-contention profile: for each guest call stack
// that waited, how many contended calls and how long they waited. Feed it
// with Observe from a run that captures stacks; write it with WriteTo.
//
// Only contended calls count, as in Go's mutex profile. A call whose stack
// the binding did not capture is counted under one frame naming the call
// and the object ("lockmutex 0x10a0").
type Profile struct {
	mu      sync.Mutex
	start   time.Time
	samples map[string]*sample // by stack key
}

type sample struct {
	stack []Frame
	count int64
	wait  time.Duration
}

// NewProfile returns an empty profile started now.
func NewProfile() *Profile {
	return &Profile{start: time.Now(), samples: map[string]*sample{}}
}

// Observe adds a contended event to the profile and ignores the others.
func (p *Profile) Observe(e Event) {
	if !e.Contended {
		return
	}
	stack := e.Stack
	if len(stack) == 0 {
		stack = []Frame{{Function: e.Op.String() + " " + e.Object}}
	}
	key := stackKey(stack)
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.samples[key]
	if s == nil {
		s = &sample{stack: stack}
		p.samples[key] = s
	}
	s.count++
	s.wait += e.Waited
}

func stackKey(stack []Frame) string {
	var b strings.Builder
	for _, f := range stack {
		b.WriteString(f.Function)
		b.WriteByte(0)
		b.WriteString(f.File)
		b.WriteByte(0)
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte(0)
	}
	return b.String()
}

// Build returns the profile in pprof's form: sample types contentions
// (count) and delay (nanoseconds), one location per distinct frame, one
// function per distinct name and file.
func (p *Profile) Build() *profile.Profile {
	p.mu.Lock()
	defer p.mu.Unlock()
	prof := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "contentions", Unit: "count"},
			{Type: "delay", Unit: "nanoseconds"},
		},
		DefaultSampleType: "delay",
		PeriodType:        &profile.ValueType{Type: "contentions", Unit: "count"},
		Period:            1,
		TimeNanos:         p.start.UnixNano(),
		DurationNanos:     time.Since(p.start).Nanoseconds(),
	}
	funcs := map[[2]string]*profile.Function{}
	locs := map[Frame]*profile.Location{}
	for _, key := range slices.Sorted(maps.Keys(p.samples)) {
		s := p.samples[key]
		ps := &profile.Sample{Value: []int64{s.count, s.wait.Nanoseconds()}}
		for _, f := range s.stack {
			loc := locs[f]
			if loc == nil {
				fn := funcs[[2]string{f.Function, f.File}]
				if fn == nil {
					fn = &profile.Function{ID: uint64(len(funcs) + 1), Name: f.Function, SystemName: f.Function, Filename: f.File}
					funcs[[2]string{f.Function, f.File}] = fn
					prof.Function = append(prof.Function, fn)
				}
				loc = &profile.Location{ID: uint64(len(locs) + 1), Line: []profile.Line{{Function: fn, Line: int64(f.Line)}}}
				locs[f] = loc
				prof.Location = append(prof.Location, loc)
			}
			ps.Location = append(ps.Location, loc)
		}
		prof.Sample = append(prof.Sample, ps)
	}
	return prof
}

// WriteTo writes the profile, gzipped as pprof reads it.
func (p *Profile) WriteTo(w io.Writer) (int64, error) {
	cw := &countingWriter{w: w}
	err := p.Build().Write(cw)
	return cw.n, err
}
