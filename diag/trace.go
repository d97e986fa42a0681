package diag

import (
	"context"
	"io"
	"log/slog"

	"github.com/wasync/wasync/syncrt"
)

// Trace returns an observer that writes one slog JSON line per event to w:
//
//	{"time":"2026-11-22T08:00:00.000012Z","msg":"sync","thread":2,"object":"0x10a0","op":"lockmutex","result":"ESUCCESS","contended":true,"waited_ns":41250}
//
// time is when the call returned; waited_ns is 0 for an uncontended call.
// An EDEADLK or EPERM line adds the engine's "reason" ("relock", "cycle",
// "lock order", …), and the lock that closed a cycle of lock orders
// (lock-order checking) adds "potential_deadlock", the report's text.
// Lines from the run's threads are written whole (slog serialises them).
func Trace(w io.Writer) func(Event) {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: dropLevel})
	log := slog.New(h)
	ctx := context.Background()
	return func(e Event) {
		attrs := []slog.Attr{
			slog.Uint64("thread", uint64(e.Tid)),
			slog.String("object", e.Object),
			slog.String("op", e.Op.String()),
			slog.String("result", e.Outcome),
			slog.Bool("contended", e.Contended),
			slog.Int64("waited_ns", e.Waited.Nanoseconds()),
		}
		if e.Reason != syncrt.ReasonNone {
			attrs = append(attrs, slog.String("reason", e.Reason.String()))
		}
		if e.PotentialDeadlock != nil {
			attrs = append(attrs, slog.String("potential_deadlock", e.PotentialDeadlock.Error()))
		}
		log.LogAttrs(ctx, slog.LevelInfo, "sync", attrs...)
	}
}

// dropLevel leaves out slog's level: every line is the same kind of record.
func dropLevel(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && a.Key == slog.LevelKey {
		return slog.Attr{}
	}
	return a
}
