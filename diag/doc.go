// Package diag turns the sync events of a run into what a user reads: a
// trace of JSON lines (Trace), a table per object and per thread (Stats) and
// a lock-contention profile in pprof format (Profile).
//
// Both bindings report the same Event: wasmhost.WithObserver and
// luabind.Options.Observe take a func(Event), and the wasync command's
// --trace, --stats and --lockprof flags are these collectors. The engine
// (syncrt.Config.Observe) makes the events; a binding only names the object,
// words the result in its guest's terms and, when asked, adds the guest's
// call stack, so the rules of what happened live in one place.
//
// Every collector is safe for concurrent use: a run reports events on the
// goroutines of its threads.
package diag
