# The whole test suite, as CI runs it (see .ci/run and README.md).
.PHONY: test wasync golua
test: golua
	go test -race ./...

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
