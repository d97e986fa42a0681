package main

import (
	"context"
	"errors"
	"regexp"

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
