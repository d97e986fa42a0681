// Package lua stands in for wasync's patched copy of go-lua, which wasync's
// go.mod replaces github.com/Shopify/go-lua by. `make golua` (go run
// ./third_party/go-lua) copies go-lua into this directory, patches it and
// writes patched.go, which defines the name below; until then, anything that
// imports go-lua fails to build here. See third_party/go-lua/doc.go.
package lua

var _ = run_make_golua_first
