package abi

import (
	"os"
	"strings"
	"testing"
)

// TestFastPathGlobal: ABI.md names the fast-path switch as GlobalFastPath
// spells it, an immutable i32 of ModuleName.
func TestFastPathGlobal(t *testing.T) {
	doc, err := os.ReadFile("../../shared/ABI.md")
	if err != nil {
		t.Skipf("no ABI.md beside the checkout: %v", err)
	}
	text := strings.Join(strings.Fields(string(doc)), " ")
	if want := "immutable i32 global `\"" + ModuleName + "\" \"" + GlobalFastPath + "\"`"; !strings.Contains(text, want) {
		t.Errorf("ABI.md does not say %s", want)
	}
}
