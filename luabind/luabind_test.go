package luabind

import (
	"testing"

	"go.uber.org/goleak"
)

// Every test must leave no goroutine behind: a run waits for all its
// threads before it returns.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
