// Package wasync holds what the repository's root gives to its commands:
// the built benchmark guests of testdata/, embedded so that wasync bench
// works from any directory after go install. The runtime itself is in
// wasmhost, luabind and syncrt (README.md).
package wasync

import "embed"

// BenchGuests holds testdata/syncbench.wasm, scale.wasm, objects.wasm,
// loops.wasm and tight.wasm, the guests bench.Open runs.
//
//go:embed testdata/syncbench.wasm testdata/scale.wasm testdata/objects.wasm testdata/loops.wasm testdata/tight.wasm
var BenchGuests embed.FS
