package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionMatchesGoMod: the patches are written against Version, so
// wasync's go.mod must require exactly that version.
func TestVersionMatchesGoMod(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if want := modulePath + " " + Version + "\n"; !strings.Contains(string(b), want) {
		t.Errorf("go.mod does not require %q", strings.TrimSpace(want))
	}
}

// TestBuildIntoNewDir is what an embedder runs (-o DIR): a fresh
// directory gets go-lua's sources, our patches applied, go.mod and
// patched.go; a second run replaces the first's files.
func TestBuildIntoNewDir(t *testing.T) {
	if testing.Short() {
		t.Skip("copies go-lua from the module cache")
	}
	out := filepath.Join(t.TempDir(), "go-lua")
	for range 2 {
		if err := build(out); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"go.mod", "patched.go", "vm.go", "LICENSE.md"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	vm, err := os.ReadFile(filepath.Join(out, "vm.go"))
	if err != nil || !strings.Contains(string(vm), "restore top") {
		t.Errorf("vm.go lacks patch 0001 (err %v)", err)
	}
}

// TestRefusesForeignDir: a wrong -o must not delete someone's files.
func TestRefusesForeignDir(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"another module": {"go.mod": "module example.com/x\n"},
		"other files":    {"go.mod": "module " + modulePath + "\n", "notes.txt": "mine"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			for f, text := range files {
				if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := clearGenerated(dir); err == nil {
				t.Fatal("clearGenerated accepted it")
			}
			for f := range files {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s was deleted", f)
				}
			}
		})
	}
}

// TestPlaceholderSaysWhatToRun: the committed placeholder alone (a fresh
// checkout before `make golua`) fails to build, naming what to run.
func TestPlaceholderSaysWhatToRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "placeholder.go"} {
		b, err := os.ReadFile(filepath.Join("module", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command("go", "build", ".")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "undefined: run_make_golua_first") {
		t.Errorf("go build of the placeholder: %v\n%s", err, out)
	}
}
