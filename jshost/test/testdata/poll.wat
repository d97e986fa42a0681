;; poll: one poll_oneoff on a read of stdin (userdata "r") and a 300 ms
;; relative clock (userdata "c"); prints the ready events' userdata, "h"
;; after one with FD_READWRITE_HANGUP (stdin's end), then a newline.
;; wasi.test.js feeds it no input yet, input, and none at all.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  ;; subscriptions at 0 and 48, events at 128, nevents at 192, text at 200,
  ;; its iovec at 256
  (func (export "_start")
    (local $k i32) (local $at i32) (local $ev i32)
    (i64.store (i32.const 0) (i64.const 0x72))           ;; "r"
    (i32.store8 (i32.const 8) (i32.const 1))             ;; fd_read
    (i32.store (i32.const 16) (i32.const 0))             ;; of fd 0
    (i64.store (i32.const 48) (i64.const 0x63))          ;; "c"
    (i32.store8 (i32.const 56) (i32.const 0))            ;; clock
    (i32.store (i32.const 64) (i32.const 1))             ;; monotonic
    (i64.store (i32.const 72) (i64.const 300000000))     ;; 300 ms
    (i32.store16 (i32.const 88) (i32.const 0))           ;; relative
    (if (call $poll (i32.const 0) (i32.const 128) (i32.const 2) (i32.const 192)) (then unreachable))
    (local.set $at (i32.const 200))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $k) (i32.load (i32.const 192))))
        (local.set $ev (i32.add (i32.const 128) (i32.mul (local.get $k) (i32.const 32))))
        (i32.store8 (local.get $at) (i32.load8_u (local.get $ev)))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (if (i32.and (i32.load16_u (i32.add (local.get $ev) (i32.const 24))) (i32.const 1))
          (then
            (i32.store8 (local.get $at) (i32.const 0x68))  ;; "h"
            (local.set $at (i32.add (local.get $at) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $next)))
    (i32.store8 (local.get $at) (i32.const 10))
    (i32.store (i32.const 256) (i32.const 200))
    (i32.store (i32.const 260) (i32.sub (i32.add (local.get $at) (i32.const 1)) (i32.const 200)))
    (drop (call $write (i32.const 1) (i32.const 256) (i32.const 1) (i32.const 264)))))
