package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// endSignals end a run: Ctrl-C, kill's default and a closed terminal. All
// three cancel the run the same way, so the diagnostics (--stats, --trace,
// --lockprof) are still written; a second one, for a run that does not
// stop, ends the process at once.
var endSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// onSignals returns a context cancelled at the first of endSignals, and a
// stop that restores their default behaviour. The second signal exits the
// process at once with 128 + its number, as a shell reports a process
// killed by it.
func onSignals(stderr io.Writer) (context.Context, func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, endSignals...)
	ctx, stop := watchSignals(context.Background(), ch, stderr, os.Exit)
	return ctx, func() {
		signal.Stop(ch)
		stop()
	}
}

// watchSignals is onSignals' logic over any channel and exit function, so
// that a test can drive it.
func watchSignals(parent context.Context, sigs <-chan os.Signal, stderr io.Writer, exit func(int)) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		first := true
		for {
			select {
			case <-done:
				return
			case sig := <-sigs:
				if first {
					first = false
					cancel(fmt.Errorf("%w: %v", context.Canceled, sig))
					continue
				}
				fmt.Fprintf(stderr, "wasync: %v again: exiting at once\n", sig)
				exit(128 + signalNumber(sig))
				return
			}
		}
	}()
	return ctx, func() {
		close(done)
		<-finished
		cancel(nil)
	}
}

func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return int(syscall.SIGINT)
}
