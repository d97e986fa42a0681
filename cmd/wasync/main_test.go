package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no command leaves a goroutine behind. With
// WASYNC_TEST_MAIN=1 the test binary is wasync itself, for tests that need a
// process of their own (signals).
func TestMain(m *testing.M) {
	if os.Getenv("WASYNC_TEST_MAIN") == "1" {
		main()
	}
	goleak.VerifyTestMain(m)
}
