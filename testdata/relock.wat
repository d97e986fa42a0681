;; relock: lock a non-recursive mutex twice and exit with the second call's
;; errno (EDEADLK, 16). wasmhost's ExampleRuntime_Run runs it.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (memory (import "env" "memory") 1 1 shared)
  (func (export "_start")
    (i32.store (i32.const 16) (i32.const 0x5854554D)) ;; a mutex at 16
    (drop (call $lock (i32.const 16)))
    (call $exit (call $lock (i32.const 16)))))
