package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/wasync/wasync/syncrt"
)

// lockOrderUsage documents --lock-order, the same for run and lua.
const lockOrderUsage = `      --lock-order[=strict]          Check the order in which threads take mutexes: a lock
                                     that closes a cycle of orders (A then B in one thread,
                                     B then A in another) is a potential deadlock, reported
                                     on stderr at the end with the stack of each order,
                                     though no thread blocked; =strict makes that lock fail
                                     instead (EDEADLK; in Lua, an error)
`

// lockOrderFlag is --lock-order: alone it reports, =strict refuses.
type lockOrderFlag struct{ mode *syncrt.LockOrder }

func (f lockOrderFlag) String() string {
	if f.mode == nil {
		return syncrt.LockOrderOff.String()
	}
	return f.mode.String()
}

// IsBoolFlag lets --lock-order stand alone, as a boolean flag does.
func (f lockOrderFlag) IsBoolFlag() bool { return true }

func (f lockOrderFlag) Set(s string) error {
	switch s {
	case "true", "report":
		*f.mode = syncrt.LockOrderReport
	case "strict":
		*f.mode = syncrt.LockOrderStrict
	case "false", "off":
		*f.mode = syncrt.LockOrderOff
	default:
		return errors.New("want strict, or nothing")
	}
	return nil
}

// writePotentialDeadlocks writes the run's lock-order report to stderr.
func writePotentialDeadlocks(w io.Writer, found []*syncrt.PotentialDeadlock) {
	for _, p := range found {
		fmt.Fprintf(w, "wasync: %v\n", p)
	}
}
