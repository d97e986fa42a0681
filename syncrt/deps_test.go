package syncrt

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const (
	modulePath = "github.com/wasync/wasync/"
	wazero     = "github.com/tetratelabs/wazero"
	goLua      = "github.com/Shopify/go-lua"
)

// dependencyRule says, for each of the module's packages, which of the
// module's packages and which outside modules it may depend on (directly or
// not). Data flows one way: binding -> syncrt -> object words. abi is the
// contract and depends on nothing; the engine and diagnostics serve every
// binding, so they know none; a binding never reaches into another.
var dependencyRule = map[string]struct{ may, mayNot []string }{
	// ".": the module's root, the embedded guests wasync bench runs.
	".":                            {mayNot: []string{"github.com/"}},
	"abi":                          {mayNot: []string{"github.com/"}},
	"syncrt":                       {may: []string{"abi"}, mayNot: []string{"github.com/"}},
	"diag":                         {may: []string{"abi", "syncrt"}, mayNot: []string{wazero, goLua}},
	"wasmhost":                     {may: []string{"abi", "syncrt", "diag", "wasmhost/internal/instrument"}, mayNot: []string{goLua}},
	"wasmhost/internal/instrument": {mayNot: []string{"github.com/"}},
	// The pass built for wasip1, which the JS host runs.
	"wasmhost/internal/instrument/rewritewasm": {may: []string{"wasmhost/internal/instrument"}, mayNot: []string{"github.com/"}},
	"luabind": {may: []string{"abi", "syncrt", "diag", "third_party/go-lua/patches"}, mayNot: []string{wazero}},
	// The command that builds the patched go-lua runs before anything that
	// imports go-lua can compile, so it may import none of it.
	"third_party/go-lua":         {may: []string{"third_party/go-lua/patches"}, mayNot: []string{"github.com/"}},
	"third_party/go-lua/patches": {mayNot: []string{"github.com/"}},
}

// TestDependencyRule checks every package named in dependencyRule against
// `go list -deps`, and that no package of the module is left out of the rule
// but the top-level ones (bench and cmd/wasync may use everything).
func TestDependencyRule(t *testing.T) {
	out, err := exec.Command("go", "list", "-json=ImportPath,Deps", modulePath+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	seen := map[string]bool{}
	for dec.More() {
		var p struct {
			ImportPath string
			Deps       []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(p.ImportPath+"/", modulePath)
		name = strings.TrimSuffix(name, "/")
		if name == "" {
			name = "."
		}
		seen[name] = true
		rule, ok := dependencyRule[name]
		if !ok {
			if name != "bench" && name != "cmd/wasync" {
				t.Errorf("package %s is not in the dependency rule", name)
			}
			continue
		}
		for _, dep := range p.Deps {
			if bad := violates(dep, rule.may, rule.mayNot); bad {
				t.Errorf("%s depends on %s", name, dep)
			}
		}
	}
	for name := range dependencyRule {
		if !seen[name] {
			t.Errorf("the rule names %s, which go list did not list", name)
		}
	}
}

// violates reports whether dep breaks a rule: every package of this module
// must be in may, and nothing may start with a prefix in mayNot.
func violates(dep string, may, mayNot []string) bool {
	if local, ok := strings.CutPrefix(dep, modulePath); ok {
		for _, m := range may {
			if local == m {
				return false
			}
		}
		return true
	}
	for _, prefix := range mayNot {
		if strings.HasPrefix(dep, prefix) {
			return true
		}
	}
	return false
}
