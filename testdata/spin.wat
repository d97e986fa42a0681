;; spin: a loop with no call in it, for ever: only instrumentation (or
;; wazero's WithCloseOnContextDone) can stop it. The Examples of
;; wasmhost.WithInstrumentation and instrument.Rewrite use it.
(module (func (export "_start") (loop (br 0))))
