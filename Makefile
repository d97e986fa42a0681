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
.PHONY: audit audit-wasm audit-lua audit-engine audit-load
audit: audit-wasm audit-lua audit-engine audit-load

# The WebAssembly host: start sections that spawn, hostile name sections,
# 4 GiB memories, slow compiles, spawn bombs and stack overflows, the fifo
# golden order; then FuzzRewrite (the rewriter and screen).
audit-wasm: golua
	go test -race -count=3 -run 'TestStartSection|TestSpawnedStartSection|TestHostileNameSection|TestHugeVector|TestFullMemory|TestMemBytes|TestCompileHonoursContext|TestStackLimit|TestConcurrentStackOverflows|TestDefaultThreadCap|TestMemoryLimit|TestGuests/fifo' ./wasmhost
	go test -race -count=3 -run 'TestHostileNames|TestScreen|TestLimits|TestStackCeiling|FuzzRewrite' ./wasmhost/internal/instrument
	go test -race -count=1 -run 'TestRunHostile' ./cmd/wasync
	go test -run '^$$' -fuzz FuzzRewrite -fuzztime $(AUDIT_FUZZTIME) -fuzzminimizetime 1s ./wasmhost/internal/instrument

# Lua: size limits, the memory limit, collectable objects, interruptible
# builtins, the VM's patches; then FuzzLuaAPI (scripts from a grammar over
# the sync API).
audit-lua: golua
	go test -race -count=3 -run 'TestMemoryLimit|TestObjectsCollectable|TestVMPatches|TestLongBuiltinStops|TestLongLoadStops|TestConcatLinear|TestScripts' ./luabind
	go test -run '^$$' -fuzz FuzzLuaAPI -fuzztime $(AUDIT_FUZZTIME) ./luabind

# The engine: the stress tests and lost wake-up hunts at soak length, then
# FuzzEngine (random calls and random words from three threads).
audit-engine:
	WASYNC_SOAK=1 go test -race -run 'Stress|NotifyAfterPlainStore' ./syncrt
	go test -run '^$$' -fuzz FuzzEngine -fuzztime $(AUDIT_FUZZTIME) ./syncrt

# Load: 64 guest threads on one counter, both paths, and 256 threads of
# the contended benchmark guest; 256 Lua threads on one lock. Every count
# must come out exact (the commands check their own totals).
audit-load: wasync
	./wasync run testdata/counter.wasm 64 20000 fast | grep -qx 'counter: 64 threads x 20000 increments (fast) = 1280000'
	./wasync run testdata/counter.wasm 64 2000 sys | grep -qx 'counter: 64 threads x 2000 increments (sys) = 128000'
	./wasync run testdata/syncbench.wasm fast 256 2000 >/dev/null
	./wasync lua -e 'local l, ts = thread.mutex(), {} shared.n = 0 for i = 1, 256 do ts[i] = thread.spawn(function(l) for _ = 1, 200 do l:lock() shared.n = shared.n + 1 l:unlock() end end, l) end for i = 1, 256 do ts[i]:join() end assert(shared.n == 51200, shared.n)'
