package wasmhost

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no test of the package (guests_test.go included)
// leaves a goroutine behind: every run must end all its threads.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
