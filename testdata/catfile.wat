;; catfile: copies the file "hello" of preopened directory 3 to stdout (64
;; bytes at most), for wasmhost's WithFS example; exits with path_open's
;; errno when it cannot open it.
(module
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 16) "hello")
  (func (export "_start") (local $e i32)
    ;; path_open(dir 3, "hello", rights fd_read) -> fd at 100
    (local.set $e (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 5)
      (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 100)))
    (if (local.get $e) (then (call $exit (local.get $e))))
    ;; one iovec {256, 64} at 200; bytes read at 208
    (i32.store (i32.const 200) (i32.const 256))
    (i32.store (i32.const 204) (i32.const 64))
    (drop (call $read (i32.load (i32.const 100)) (i32.const 200) (i32.const 1) (i32.const 208)))
    (i32.store (i32.const 204) (i32.load (i32.const 208)))
    (drop (call $write (i32.const 1) (i32.const 200) (i32.const 1) (i32.const 208)))))
