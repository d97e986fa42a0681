package main

import (
	"os"
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that no command leaves a goroutine behind, and gives the
// default compilation cache a directory of the tests' own. With
// WASYNC_TEST_MAIN=1 the test binary is wasync itself, for tests that need
// a process of their own (signals).
func TestMain(m *testing.M) {
	if os.Getenv("WASYNC_TEST_MAIN") == "1" {
		main()
	}
	dir, err := os.MkdirTemp("", "wasync-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", dir)
	goleak.VerifyTestMain(cacheM{m, dir})
}

// cacheM removes the cache directory once the tests have run.
type cacheM struct {
	*testing.M
	dir string
}

func (c cacheM) Run() int {
	defer os.RemoveAll(c.dir)
	return c.M.Run()
}
