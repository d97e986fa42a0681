package wasmhost

import (
	"io"
	"sync"
	"time"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/sys"
)

// clockConfig holds the guest's clocks, when an option replaced the
// host's.
type clockConfig struct {
	walltime         sys.Walltime
	nanotime         sys.Nanotime
	wallRes, nanoRes sys.ClockResolution
}

// WithWalltime gives the guest f as its wall clock (clock_time_get's
// realtime: seconds and nanoseconds since the epoch), of resolution res (at
// most 500 ms), instead of the host's: with WithNanotime and
// WithRandSource, a run sees the same time and random bytes every time. Every thread reads the same
// f, concurrently: it must be safe for that. poll_oneoff's sleeps still
// take real time.
func WithWalltime(f func() (sec int64, nsec int32), res time.Duration) Option {
	return func(c *config) {
		cl := c.clock.copy()
		cl.walltime, cl.wallRes = f, resolution(res)
		c.clock = cl
	}
}

// WithNanotime gives the guest f as its monotonic clock (clock_time_get's
// monotonic, in ns), of resolution res, instead of the host's; see
// WithWalltime.
func WithNanotime(f func() int64, res time.Duration) Option {
	return func(c *config) {
		cl := c.clock.copy()
		cl.nanotime, cl.nanoRes = f, resolution(res)
		c.clock = cl
	}
}

// WithRandSource gives the guest r as random_get's source instead of
// crypto/rand. The run's threads read it under a lock, so r need not be
// safe for concurrent use; which thread gets which bytes follows their
// scheduling.
func WithRandSource(r io.Reader) Option {
	return func(c *config) { c.rand = &lockedReader{r: r} }
}

func (cl *clockConfig) copy() *clockConfig {
	if cl == nil {
		return &clockConfig{}
	}
	c := *cl
	return &c
}

// apply sets the module config's clocks: the host's unless replaced.
func (cl *clockConfig) apply(mc wazero.ModuleConfig) wazero.ModuleConfig {
	if cl == nil {
		cl = &clockConfig{}
	}
	if cl.walltime != nil {
		mc = mc.WithWalltime(cl.walltime, cl.wallRes)
	} else {
		mc = mc.WithSysWalltime()
	}
	if cl.nanotime != nil {
		return mc.WithNanotime(cl.nanotime, cl.nanoRes)
	}
	return mc.WithSysNanotime()
}

// resolution is d in wazero's unit, between 1 ns and the 500 ms that
// wazero v1.12.0 accepts (its check compares with an hour cast to 32 bits,
// about 0.8 s).
func resolution(d time.Duration) sys.ClockResolution {
	return sys.ClockResolution(min(max(d, 1), 500*time.Millisecond))
}

// lockedReader serialises the threads' reads of one reader.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}
