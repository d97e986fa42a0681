package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/syncrt"
)

// diagUsage documents the diagnostics flags, the same for run and lua.
const diagUsage = `      --trace <FILE>                 Write one JSON line per sync call to FILE ("-": stderr)
      --stats                        At the end, print to stderr a table of sync calls per
                                     object and per thread, and a summary of the run
      --lockprof <FILE>              Write a lock-contention profile to FILE, by the guest's
                                     call stack (read it with go tool pprof -top FILE)
      --timeline <FILE>              Write a timeline to FILE: one track per thread, a span per
                                     wait and per mutex hold (open it in ui.perfetto.dev)
` + lockOrderUsage

// diagFlags are the diagnostics flags both run and lua take.
type diagFlags struct {
	trace    string
	stats    bool
	lockprof string
	timeline string
	order    syncrt.LockOrder // --lock-order
}

func (d *diagFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.trace, "trace", "", "")
	fs.BoolVar(&d.stats, "stats", false, "")
	fs.StringVar(&d.lockprof, "lockprof", "", "")
	fs.StringVar(&d.timeline, "timeline", "", "")
	fs.Var(lockOrderFlag{&d.order}, "lock-order", "")
}

// diagnostics are the collectors of one run, fed by observe.
type diagnostics struct {
	observe  func(diag.Event) // nil when no flag is set: the run is unobserved
	stacks   bool             // the profile needs the guests' stacks
	stats    *diag.Stats
	prof     *diag.Profile
	timeline *diag.Timeline
	timeOut  *os.File
	files    []*os.File // the trace's and the profile's, closed by finish
	traceBuf *bufio.Writer
	profOut  *os.File
	// statsNote qualifies the statistics' counts (wasync run: the
	// guest's fast path is not seen).
	statsNote string
	// summary is the end-of-run line that follows the statistics.
	summary string
	// deadlocks are the run's potential deadlocks (--lock-order).
	deadlocks []*syncrt.PotentialDeadlock
}

// start opens the files the flags name, so that a bad path fails before
// the run does.
func (d diagFlags) start(stderr io.Writer) (*diagnostics, error) {
	x := &diagnostics{}
	var trace func(diag.Event)
	switch d.trace {
	case "":
	case "-":
		trace = diag.Trace(stderr)
	default:
		f, err := os.Create(d.trace)
		if err != nil {
			return nil, fmt.Errorf("--trace: %w", err)
		}
		x.files = append(x.files, f)
		// Buffered: a busy run makes millions of lines. slog serialises
		// the writes, so the buffer needs no lock of its own.
		x.traceBuf = bufio.NewWriterSize(f, 64<<10)
		trace = diag.Trace(x.traceBuf)
	}
	var stats, prof func(diag.Event)
	if d.stats {
		x.stats = diag.NewStats()
		stats = x.stats.Observe
	}
	if d.lockprof != "" {
		f, err := os.Create(d.lockprof)
		if err != nil {
			x.close()
			return nil, fmt.Errorf("--lockprof: %w", err)
		}
		x.files = append(x.files, f)
		x.profOut, x.prof, x.stacks = f, diag.NewProfile(), true
		prof = x.prof.Observe
	}
	var timeline func(diag.Event)
	if d.timeline != "" {
		f, err := os.Create(d.timeline)
		if err != nil {
			x.close()
			return nil, fmt.Errorf("--timeline: %w", err)
		}
		x.files = append(x.files, f)
		x.timeOut, x.timeline = f, diag.NewTimeline()
		timeline = x.timeline.Observe
	}
	x.observe = diag.Tee(trace, stats, prof, timeline)
	return x, nil
}

// finish writes the statistics to stderr and the profile to its file,
// once the run is over, and closes the files.
func (x *diagnostics) finish(stderr io.Writer) error {
	var errs []error
	writePotentialDeadlocks(stderr, x.deadlocks)
	if x.traceBuf != nil {
		if err := x.traceBuf.Flush(); err != nil {
			errs = append(errs, fmt.Errorf("--trace: %w", err))
		}
	}
	if x.stats != nil {
		fmt.Fprintf(stderr, "wasync: sync statistics%s:\n", x.statsNote)
		_, err := x.stats.WriteTo(stderr)
		errs = append(errs, err)
		if x.summary != "" {
			fmt.Fprintf(stderr, "\nwasync: %s\n", x.summary)
		}
	}
	if x.prof != nil {
		if _, err := x.prof.WriteTo(x.profOut); err != nil {
			errs = append(errs, fmt.Errorf("--lockprof: %w", err))
		}
	}
	if x.timeline != nil {
		if _, err := x.timeline.WriteTo(x.timeOut); err != nil {
			errs = append(errs, fmt.Errorf("--timeline: %w", err))
		}
	}
	errs = append(errs, x.close())
	return errors.Join(errs...)
}

func (x *diagnostics) close() error {
	var errs []error
	for _, f := range x.files {
		errs = append(errs, f.Close())
	}
	return errors.Join(errs...)
}
