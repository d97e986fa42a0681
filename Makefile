# The whole test suite, as CI runs it (see .ci/run and README.md): the Go
# packages, then the JS host's node --test suites (jshost/), which need the
# instrumenting pass built for wasip1 (jshost/lib/rewrite.wasm, not
# committed: it is a build of wasmhost/internal/instrument).
.PHONY: test test-go test-js wasync golua
test: test-go test-js

test-go: golua
	go test -race ./...

test-js: jshost/lib/rewrite.wasm
	cd jshost && npm test

jshost/lib/rewrite.wasm: $(wildcard wasmhost/internal/instrument/*.go wasmhost/internal/instrument/rewritewasm/*.go) go.mod
	GOOS=wasip1 GOARCH=wasm go build -trimpath -ldflags=-s -o $@ ./wasmhost/internal/instrument/rewritewasm

# The wasync command, built at ./wasync.
wasync: golua
	go build -o wasync ./cmd/wasync

# wasync's patched go-lua (third_party/go-lua/doc.go): go.mod's replace
# points at third_party/go-lua/module, which this fills. Rerun when the
# patches, the pinned version or the command change.
GOLUA := third_party/go-lua/module/patched.go
golua: $(GOLUA)
$(GOLUA): go.mod $(wildcard third_party/go-lua/*.go third_party/go-lua/patches/*)
	go run ./third_party/go-lua

# Opt-in audit (see README.md, "Running the tests"): issue 11's hostile
# inputs again, then the fuzzers for a few minutes each. CI runs the
# reproductions as ordinary tests; the audit adds repetition and fuzzing.
AUDIT_FUZZTIME ?= 3m
.PHONY: audit audit-wasm
audit: audit-wasm

# The WebAssembly host: start sections that spawn, hostile name sections,
# 4 GiB memories, slow compiles, spawn bombs and stack overflows, the fifo
# golden order; then FuzzRewrite (the rewriter and screen).
audit-wasm: golua
	go test -race -count=3 -run 'TestStartSection|TestSpawnedStartSection|TestHostileNameSection|TestHugeVector|TestFullMemory|TestMemBytes|TestCompileHonoursContext|TestStackLimit|TestConcurrentStackOverflows|TestDefaultThreadCap|TestMemoryLimit|TestGuests/fifo' ./wasmhost
	go test -race -count=3 -run 'TestHostileNames|TestScreen|TestLimits|TestStackCeiling|FuzzRewrite' ./wasmhost/internal/instrument
	go test -race -count=1 -run 'TestRunHostile' ./cmd/wasync
	go test -run '^$$' -fuzz FuzzRewrite -fuzztime $(AUDIT_FUZZTIME) -fuzzminimizetime 1s ./wasmhost/internal/instrument
