package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wasync/wasync/wasmhost"
)

// report is a guest's timing of its measured part (testdata/bench.h).
type report struct {
	ns  float64
	ops int
}

func (r report) nsPerOp() float64 { return r.ns / float64(r.ops) }

// runGuest runs mod with args (args[0] is the program name). At each of
// the guest's "pause WHAT" lines it calls pause(WHAT), if set, while the
// guest waits for it, then lets the guest go on. It returns the guest's
// report, or an error naming its output when the run did not exit 0.
func runGuest(mod *wasmhost.Module, pause func(what string), args ...string) (report, error) {
	out := &guestOut{pause: pause, resume: make(chan struct{}, 1)}
	// No thread cap: P6 queues 10,000 threads, past the default's 1000.
	code, err := mod.Run(context.Background(),
		wasmhost.WithArgs(args...), wasmhost.WithStdout(out), wasmhost.WithStderr(&out.buf),
		wasmhost.WithStdin(resumer(out.resume)), wasmhost.WithMaxThreads(-1))
	if code != 0 || err != nil {
		return report{}, fmt.Errorf("bench: %s exited %d (%v): %s", strings.Join(args, " "), code, err, out.buf.String())
	}
	var r report
	var s, ns int64
	for _, line := range strings.Split(out.buf.String(), "\n") {
		if _, err := fmt.Sscanf(line, "time %d s %d ns, ops %d", &s, &ns, &r.ops); err == nil {
			r.ns = float64(s)*1e9 + float64(ns)
			return r, nil
		}
	}
	return report{}, fmt.Errorf("bench: %s printed no time: %s", strings.Join(args, " "), out.buf.String())
}

// guestOut collects a guest's output and answers its pauses. The host
// serialises a run's writes, and a guest writes a pause line whole.
type guestOut struct {
	buf    bytes.Buffer
	pause  func(string)
	resume chan struct{}
}

func (o *guestOut) Write(p []byte) (int, error) {
	o.buf.Write(p)
	if what, ok := strings.CutPrefix(string(p), "pause "); ok {
		// The guest's other threads are parked, and this one waits in
		// this write: what pause measures holds still.
		if o.pause != nil {
			o.pause(strings.TrimSpace(what))
		}
		o.resume <- struct{}{}
	}
	return len(p), nil
}

// resumer is the guest's stdin: one byte per pause answered.
type resumer chan struct{}

func (r resumer) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if _, ok := <-r; !ok {
		return 0, io.EOF
	}
	p[0] = 0
	return 1, nil
}
