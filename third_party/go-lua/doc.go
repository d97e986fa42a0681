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
// A new patch: copy the module directory after `make golua` (go-lua with
// the patches so far), change the copy, and write `git diff --no-index
// --no-prefix` of the two (run from their parent, named a and b) to
// patches/NNNN-what.patch after a one-line subject; add its regression test
// in luabind (one that fails without the patch), a CheckVM probe if an
// unpatched VM can run it safely and cheaply, and its upstream report in
// RATIONALE.md. Bumping go-lua's version means checking every patch still
// applies and changing Version with go.mod (TestVersionMatchesGoMod).
//
// Each patch has a regression test in package luabind, and
// luabind.CheckVM reports at run time whether the VM in use has the fixes.
// RATIONALE.md ("go-lua: patched at build time") explains the design and
// holds each patch's upstream report.
package main
