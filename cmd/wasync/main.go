// Command wasync runs WebAssembly modules and Lua scripts whose threads
// synchronise through the wasync ABI.
//
//	wasync run [flags] module.wasm [args...]
//	wasync lua [flags] script.lua [args...]
//	wasync bench [flags]
//	wasync help [command]
//	wasync --version
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"sort"

	"github.com/wasync/wasync/abi"
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

// run is wasync with its arguments. Help asked for goes to stdout with
// status 0, as wasmtime's and lua's; bad usage to stderr with status 2.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "-h", "--help", "-help":
		usage(stdout)
		return 0
	case "-V", "--version", "version":
		fmt.Fprintln(stdout, version())
		return 0
	case "help":
		if len(args) == 1 {
			usage(stdout)
			return 0
		}
		if _, ok := commands[args[1]]; ok {
			return commands[args[1]].main([]string{"-h"}, stdin, stdout, stderr)
		}
		args = args[1:]
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "wasync: unknown command %q (see wasync -h)\n", args[0])
		return 2
	}
	return c.main(args[1:], stdin, stdout, stderr)
}

// version names the build (the module version go install recorded, or
// "(devel)") and the ABI it implements.
func version() string {
	v := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		v = info.Main.Version
	}
	return fmt.Sprintf("wasync %s (ABI %s)", v, abi.Version)
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
	fmt.Fprintln(w, "  help   Print a command's help: wasync help <command>")
	fmt.Fprintln(w, "\nOptions:\n  -h, --help     Print help\n  -V, --version  Print the version and the ABI's")
}
