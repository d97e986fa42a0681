# The whole test suite, as CI runs it (see .ci/run and README.md): the Go
# packages, then the JS host's node --test suites (jshost/).
.PHONY: test test-go test-js
test: test-go test-js

test-go:
	go test -race ./...

test-js:
	cd jshost && npm test
