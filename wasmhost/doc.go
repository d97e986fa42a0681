// Package wasmhost runs WebAssembly guests whose threads synchronise through
// the wasync ABI, on wazero's compiler engine with threads enabled.
//
// (Design notes follow once the package is complete.)
package wasmhost
