package wasmhost

import "testing"

// TestOptionScopes: a Runtime's own options are not RunOptions, so giving
// one to Run, Instantiate or Runtime.Run does not compile; every RunOption
// is also a RuntimeOption (the Runtime's default for every run).
func TestOptionScopes(t *testing.T) {
	for name, o := range map[string]RuntimeOption{
		"WithInstrumentation":  WithInstrumentation(true),
		"WithCompilationCache": WithCompilationCache(nil),
		"WithMemoryLimit":      WithMemoryLimit(1 << 20),
	} {
		if _, ok := o.(RunOption); ok {
			t.Errorf("%s is a RunOption: a run would ignore it", name)
		}
	}
	var def RuntimeOption = WithTimeLimit(1)
	if c := (config{}).applyRuntime([]RuntimeOption{def}); c.timeLimit != 1 {
		t.Errorf("a RunOption given to NewRuntime: time limit %v, want 1ns", c.timeLimit)
	}
}
