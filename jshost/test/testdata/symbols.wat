;; symbols: exported globals as wasm-ld gives data symbols, for
;; names.test.js: the linker's own (__data_end), a symbol at the same
;; address (queue_lock, which names it), a mutable global (no symbol), two
;; names of one address (the first wins), a global of another type, and
;; the SDK's join offset.
(module
  (global (export "__data_end") i32 (i32.const 16))
  (global (export "queue_lock") i32 (i32.const 16))
  (global (export "counter") (mut i32) (i32.const 32))
  (global (export "empty") i32 (i32.const 48))
  (global (export "empty_alias") i32 (i32.const 48))
  (global (export "ratio") f64 (f64.const 0.5))
  (func (export "__wasync_join_offset") (result i32) (i32.const 20)))
