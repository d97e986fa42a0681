// Command wasync runs WebAssembly modules and Lua scripts whose threads
// synchronise through the wasync ABI.
//
//	wasync run [flags] module.wasm [args...]
//	wasync lua [flags] script.lua [args...]
package main

import (
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
