// Package instrument rewrites a WebAssembly guest before wasmhost compiles
// it, so that the host can stop its threads at once and Go's scheduler and
// garbage collector always get control, without making guest loops slow.
//
// # What the pass adds
//
// wazero's compiled code cannot be preempted by Go: a guest loop runs until
// it leaves native code, and while it runs it holds off the garbage
// collector's stop-the-world, stalling the whole process. The pass imports
//
//   - a mutable i32 global RunModule.GlobalStop, one per run, that the host
//     sets (api.MutableGlobal.Set reaches every instance importing it) when
//     the run ends, and RunModule.GlobalStackLimit, the run's stack limit
//     (see stack.go);
//   - host functions HostModule.FuncSafepoint, FuncNotify, FuncWait32,
//     FuncWait64, FuncStackOverflow and FuncStackLimit;
//
// and defines a per-instance counter global, so each thread counts its own
// checks. At every function entry and loop header it inserts a check (see
// appendCheck): the counter is decremented, and when it reaches zero (or,
// at a function entry, the stop global is set) the thread calls safepoint,
// which ends the thread if the run is over and otherwise returns
// (wasmhost's also yields the CPU). Leaving native code every 1024 checks
// is what lets Go's garbage collector stop the world; the stop global makes
// the stop prompt at the next call, and a loop that makes none reaches the
// safepoint within 1024 iterations. Every loop iteration and every call
// passes a check, so a thread runs at most one loop body or one function
// body (without loops) between two checks.
//
// memory.atomic.wait32, wait64 and notify become calls to the host
// functions, with the instruction's memarg offset pushed as a last
// argument: waits then sit in the host's engine, where the run can end them
// and its all-blocked detector sees them. The host functions trap as the
// instructions would (bounds, then alignment, then a non-shared memory for
// waits). The pass checks what validation would have checked of the
// original instruction and the call no longer implies: natural alignment,
// and a memory to wait on.
//
// # Indices
//
// The pass's imports come after the guest's, so the guest's imported
// functions and globals keep their indices and its own ones shift by the
// number added (6 functions, 2 globals). The pass shifts them everywhere they
// appear: call and ref.func, global.get and global.set in code, constant
// expressions (global initialisers, element and data segment offsets,
// element expressions), function indices of element segments, exports, the
// start function, and the name section's function, local, label and global
// names. The pass's types are appended to the type section, its counter to
// the global section; the sections are created when the guest has none.
// Custom sections other than "name", "producers" and "target_features" are
// dropped: they may hold code offsets that the inserted checks move (DWARF
// .debug_*, sourceMappingURL, reloc.*), and nothing reads them at run time.
//
// # Fail closed
//
// The decoder walks every instruction of the features wasmhost enables
// (wazero's api.CoreFeaturesV2 and threads): MVP, sign extension,
// multi-value block types, saturating conversions and bulk memory (0xFC),
// reference types, SIMD (0xFD, every immediate) and threads (0xFE). Tail
// calls, exceptions, extended constants, typed function references, GC,
// multiple memories and 64-bit memories are not enabled in the runtime, so
// their opcodes, section kinds and encodings are refused with an error
// rather than guessed at, as is any unknown opcode. A guest that imports
// from a module name starting with ReservedPrefix is refused: it could
// otherwise reach the host's instrumentation functions or its stop flag.
// Every vector the pass passes on is read element by element, so no
// declared count exceeds the bytes behind it, and a function may declare at
// most 50,000 locals (see maxLocals: wazero v1.12.0 allocates declared
// counts before reading them). The name section is re-encoded from what
// was read, or dropped whole when it does not decode, since wazero also
// allocates the lengths of its module name, function names and local names
// before reading them. Constant values are copied without being read;
// wazero validates the result.
//
// Screen runs the same decoder for a host that compiles guests
// uninstrumented: it returns the standard sections as they are and the
// custom sections as Rewrite does, so that wazero never gets bytes the
// decoder has not read.
//
// # One encoder
//
// encode.go is the package's, and the host's, only wasm encoder: the pass
// writes its output with it, HostFuncs gives the host functions' names and
// signatures to both the pass and the host that defines them, and Module
// builds the host's own small modules (a run's stop flag, RunModuleBinary;
// a run's memory; the probes of wazero's traps). reader.go is the decoder's
// reader.
//
// No maintained Go library rewrites function bodies with the threads
// opcodes (wabin keeps bodies as raw bytes and rejects shared memories,
// wagon is archived and MVP-only, watgo has no atomics, wazero's decoder is
// internal), hence this decoder.
package instrument
