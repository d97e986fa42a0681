package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/wasmhost"
)

// layerName matches the package prefixes Go errors carry ("wasmhost: ",
// "instrument: "): useful in a log, noise to a person running a command.
var layerName = regexp.MustCompile(`(^|: )(?:(?:wasmhost|instrument|syncrt|luabind|diag): )+`)

// message is err as wasync prints it: without layer names, and with the
// run's ends worded as wasync lua words them.
func message(err error) string {
	switch {
	case errors.Is(err, wasmhost.ErrTimeLimit):
		return "time limit exceeded"
	case errors.Is(err, context.Canceled):
		return "interrupted"
	}
	return layerName.ReplaceAllString(err.Error(), "$1")
}

// writeBlocked writes the report of a run that ended with every thread
// blocked, and reports whether err was one. The libraries return the report
// (a *diag.BlockedError, with where each thread blocked); wasync run and
// wasync lua print it the same way, its own header first.
func writeBlocked(w io.Writer, err error) bool {
	var report *diag.BlockedError
	if !errors.As(err, &report) {
		return false
	}
	fmt.Fprintln(w, report)
	return true
}
