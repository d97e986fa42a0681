package syncrt

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoBindingDeps: the engine must not depend on wazero or go-lua, so one
// implementation serves every binding.
func TestNoBindingDeps(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/tetratelabs/wazero", "github.com/Shopify/go-lua"} {
			if strings.HasPrefix(dep, banned) {
				t.Errorf("syncrt depends on %s", dep)
			}
		}
	}
}
