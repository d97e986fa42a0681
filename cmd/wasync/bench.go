package main

import (
	"context"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"regexp"
	"time"

	"github.com/wasync/wasync"
	"github.com/wasync/wasync/bench"
)

func init() {
	commands["bench"] = command{summary: "Measure wasync against its baselines (one table)", main: benchMain}
}

const benchUsage = `Measures wasync beside what users would otherwise use and prints one table
(BENCHMARKS.md; for benchstat intervals use go test -bench ./bench)

Usage: wasync bench [OPTIONS]

Options:
      --testdata <DIR>        A folder with the benchmark guests, rebuilt
                              (default: the ones built into wasync)
      --benchtime <DURATION>  Grow each measurement until it takes this long
                              (default: 1s)
      --run <REGEXP>          Only the benchmarks whose group/case name matches
  -h, --help                  Print help

Each benchmark's result goes to stderr as it finishes, the table to stdout.
`

func benchMain(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("bench", benchUsage, stdout)
	dir := fs.String("testdata", "", "")
	benchtime := durationVar(fs, "benchtime", time.Second)
	run := fs.String("run", "", "")
	if ok, help := parse(fs, args, stderr); !ok {
		if help {
			return 0
		}
		return 2
	}
	filter, err := regexp.Compile(*run)
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "wasync bench: --run: %v\n", err)
		return 2
	case fs.NArg() != 0:
		fmt.Fprintf(stderr, "wasync bench: unexpected argument %q (see wasync bench -h)\n", fs.Arg(0))
		return 2
	case *benchtime <= 0:
		fmt.Fprintf(stderr, "wasync bench: --benchtime %v: want a positive duration\n", *benchtime)
		return 2
	}
	guests, err := iofs.Sub(wasync.BenchGuests, "testdata")
	if *dir != "" {
		guests = os.DirFS(*dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "wasync bench: %v\n", err)
		return 1
	}
	s, err := bench.OpenFS(context.Background(), guests)
	if err != nil {
		fmt.Fprintf(stderr, "wasync bench: %v\n", err)
		return 1
	}
	defer s.Close()
	results := map[string]bench.Measurement{}
	for _, g := range s.Groups() {
		for _, c := range g.Cases {
			name := g.Name + "/" + c.Name
			if !filter.MatchString(name) {
				continue
			}
			m, err := bench.Run(c, *benchtime)
			if err != nil {
				fmt.Fprintf(stderr, "wasync bench: %s: %v\n", name, err)
				return 1
			}
			results[name] = m
			fmt.Fprintf(stderr, "%s\t%.1f ns/op %v\n", name, m.NsPerOp, m.Metrics)
		}
	}
	if err := bench.WriteTable(stdout, s.Rows(), results); err != nil {
		fmt.Fprintf(stderr, "wasync bench: %v\n", err)
		return 1
	}
	return 0
}
