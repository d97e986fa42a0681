;; readfile: opens "hello.txt" in the first preopened directory (fd 3),
;; reads it and writes it to stdout: the CLI's --dir test. Exit status 1
;; when fd 3 is no directory, 2 when the file cannot be opened.
(module
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (data (i32.const 64) "hello.txt")
  (func (export "_start")
    (if (call $prestat (i32.const 3) (i32.const 0)) (then (call $exit (i32.const 1))))
    ;; path_open(dirfd 3, lookup 0, path 64, len 9, oflags 0, rights fd_read, 0, fdflags 0, fd at 8)
    (if (call $open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 9) (i32.const 0)
          (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 8))
      (then (call $exit (i32.const 2))))
    ;; iovec at 16: 256 bytes at 1024
    (i32.store (i32.const 16) (i32.const 1024))
    (i32.store (i32.const 20) (i32.const 256))
    (drop (call $read (i32.load (i32.const 8)) (i32.const 16) (i32.const 1) (i32.const 24)))
    (i32.store (i32.const 20) (i32.load (i32.const 24)))
    (drop (call $write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))
