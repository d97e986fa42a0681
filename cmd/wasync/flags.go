package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"
)

// newFlags returns a subcommand's flag set; its -h prints usage to stdout.
// Errors are not printed by the flag package: parseFlags says them in one
// line.
func newFlags(name, usage string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() { fmt.Fprint(stdout, usage) }
	return fs
}

// parseFlags parses args and requires an operand, the file named by what.
// When it returns false the subcommand ends with status: 0 after -h, 2 for
// bad usage (said in one line on stderr).
func parseFlags(fs *flag.FlagSet, args []string, what string, stderr io.Writer) (status int, ok bool) {
	if ok, help := parse(fs, args, stderr); !ok {
		if help {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "wasync %s: missing %s (see wasync %s -h)\n", fs.Name(), what, fs.Name())
		return 2, false
	}
	return 0, true
}

// parse parses args; on -h it prints the usage (help), on an error it says
// it in one line, wasmtime's way.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (ok, help bool) {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case err == nil:
		return true, false
	case errors.Is(err, flag.ErrHelp):
		usage()
		return false, true
	}
	fmt.Fprintf(stderr, "wasync %s: %s (see wasync %s -h)\n", fs.Name(), flagError(err), fs.Name())
	return false, false
}

var (
	unknownFlag  = regexp.MustCompile(`^flag provided but not defined: -+(.*)$`)
	missingValue = regexp.MustCompile(`^flag needs an argument: -+(.*)$`)
	invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-+([^:]*): (.*)$`)
)

// flagError rewords the flag package's errors with the flags' -- spelling.
func flagError(err error) string {
	msg := err.Error()
	if m := unknownFlag.FindStringSubmatch(msg); m != nil {
		return "unknown flag --" + m[1]
	}
	if m := missingValue.FindStringSubmatch(msg); m != nil {
		return "--" + m[1] + " needs a value"
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("--%s %s: %s", m[2], m[1], m[3])
	}
	return msg
}

// durationFlag is a duration flag whose error for a bare number says that
// a unit is needed.
type durationFlag struct{ d *time.Duration }

func (f durationFlag) String() string {
	if f.d == nil {
		return "0s"
	}
	return f.d.String()
}

func (f durationFlag) Set(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		if _, numErr := strconv.ParseFloat(s, 64); numErr == nil {
			return errors.New("a duration needs a unit (e.g. 10s, 500ms, 2m)")
		}
		return errors.New("not a duration (e.g. 10s, 500ms, 2m)")
	}
	*f.d = d
	return nil
}

// durationVar defines a duration flag that wants a unit.
func durationVar(fs *flag.FlagSet, name string, value time.Duration) *time.Duration {
	d := value
	fs.Var(durationFlag{&d}, name, "")
	return &d
}

// threadsFlag is --max-threads, the same in run and lua: at least 1, since
// the main thread counts; left unset (0), the command's default applies.
type threadsFlag struct{ n *int }

func (f threadsFlag) String() string {
	if f.n == nil {
		return "0"
	}
	return strconv.Itoa(*f.n)
}

func (f threadsFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return errors.New("not a number")
	case n < 1:
		return errors.New("want at least 1 (the main thread counts)")
	}
	*f.n = n
	return nil
}

// maxThreadsVar defines --max-threads; 0 when not given.
func maxThreadsVar(fs *flag.FlagSet) *int {
	n := 0
	fs.Var(threadsFlag{&n}, "max-threads", "")
	return &n
}
