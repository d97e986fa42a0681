# The whole test suite, as CI runs it (see .ci/run and README.md): the Go
# packages, then the JS host's node --test suites (jshost/), which need the
# instrumenting pass built for wasip1 (jshost/lib/rewrite.wasm, not
# committed: it is a build of wasmhost/internal/instrument).
.PHONY: test test-go test-js
test: test-go test-js

test-go:
	go test -race ./...

test-js: jshost/lib/rewrite.wasm
	cd jshost && npm test

jshost/lib/rewrite.wasm: $(wildcard wasmhost/internal/instrument/*.go wasmhost/internal/instrument/rewritewasm/*.go) go.mod
	GOOS=wasip1 GOARCH=wasm go build -trimpath -ldflags=-s -o $@ ./wasmhost/internal/instrument/rewritewasm
