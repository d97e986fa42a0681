# The whole test suite, as CI runs it (see .ci/run and README.md).
.PHONY: test
test:
	go test -race ./...
