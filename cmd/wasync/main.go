// Command wasync runs WebAssembly modules and Lua scripts whose threads
// synchronise through the wasync ABI.
//
//	wasync run [flags] module.wasm [args...]
//	wasync lua [flags] script.lua [args...]
//	wasync bench [flags]   (BENCHMARKS.md's table, from the repository root)
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
)

// A command is one subcommand; each lives in its own file and registers
// itself in commands from an init function.
type command struct {
	summary string
	// main runs the subcommand with its arguments and returns the process
	// exit status.
	main func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands = map[string]command{}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wasync: unknown command %q\n", args[0])
		usage(stderr)
		return 2
	}
	return c.main(args[1:], stdin, stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: wasync <command> [flags] [args...]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-6s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'wasync <command> -h' for a command's flags.")
}

// newFlags returns a subcommand's flag set, whose -h prints usage.
func newFlags(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// parseFlags parses args and requires an operand, the file named by what.
// When it returns false the subcommand ends with status: 0 after -h, 2 for
// bad usage (the problem is already on stderr).
func parseFlags(fs *flag.FlagSet, args []string, what string, stderr io.Writer) (status int, ok bool) {
	if err := fs.Parse(args); err != nil {
		return flagStatus(err), false
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "wasync %s: missing %s\n", fs.Name(), what)
		fs.Usage()
		return 2, false
	}
	return 0, true
}

// flagStatus is the exit status after fs.Parse failed: 0 after -h, 2 for
// bad usage (the flag package has written the problem).
func flagStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}
