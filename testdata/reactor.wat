;; reactor: a library-style guest (no _start) for wasmhost.Instance. Its
;; callers are threads: add(n) adds n to the counter at 32 under the wasync
;; mutex at 16, which _initialize sets up; get() reads the counter; exit(n)
;; calls proc_exit(n); trap() traps.
(module
  (import "env" "memory" (memory 1 1 shared))
  (import "wasync" "lockmutex" (func $lock (param i32) (result i32)))
  (import "wasync" "unlockmutex" (func $unlock (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (func (export "_initialize")
    (i32.store (i32.const 16) (i32.const 0x5854554D))) ;; MUTX
  (func (export "add") (param $n i32)
    (drop (call $lock (i32.const 16)))
    (i32.store (i32.const 32) (i32.add (i32.load (i32.const 32)) (local.get $n)))
    (drop (call $unlock (i32.const 16))))
  (func (export "get") (result i32) (i32.load (i32.const 32)))
  (func (export "exit") (param i32) (call $exit (local.get 0)))
  (func (export "trap") unreachable))
