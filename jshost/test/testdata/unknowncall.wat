;; unknowncall: imports a wasync call no ABI version has, which the host
;; refuses before running, naming the version it serves.
(module
  (import "wasync" "nosuchcall" (func (param i32) (result i32)))
  (memory 1)
  (func (export "_start")))
