// Command go-lua builds wasync's patched copy of github.com/Shopify/go-lua:
// it takes go-lua at the version wasync pins (Version) from the Go module
// cache, downloading it with `go mod download` if it is absent, applies the
// patches in patches/ in name order with `git apply`, and writes the result
// to a directory that a go.mod `replace` points at.
//
//	go run ./third_party/go-lua                  # what `make golua` runs
//	go run github.com/wasync/wasync/third_party/go-lua -o DIR   # an embedder
//
// Without -o it writes third_party/go-lua/module, the directory wasync's
// go.mod replaces go-lua by. That directory is committed holding only go.mod
// and placeholder.go, which refers to run_make_golua_first: until this
// command has written patched.go (which defines it) beside it, building
// anything that imports go-lua fails naming what to run. The copied sources
// and patched.go are gitignored: go-lua's source is never committed.
//
// Each patch has a regression test in package luabind, and
// luabind.CheckVM reports at run time whether the VM in use has the fixes.
// RATIONALE.md ("go-lua: patched at build time") explains the design and
// holds each patch's upstream report.
package main
