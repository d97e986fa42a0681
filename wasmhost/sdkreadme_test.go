package wasmhost_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSDKReadmeBuilds runs guest/README.md's build block as written, in a
// folder beside guest/, on its own example: no compiler warning under
// -Wall -Wextra, and the example prints its total.
func TestSDKReadmeBuilds(t *testing.T) {
	if _, err := exec.LookPath("clang-19"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("clang-19 is required in CI: %v", err)
		}
		t.Skipf("clang-19 not installed: %v", err)
	}
	b, err := os.ReadFile("../guest/README.md")
	if err != nil {
		t.Fatal(err)
	}
	block := func(fence string) string {
		s := string(b)
		i := strings.Index(s, fence)
		if i < 0 {
			t.Fatalf("guest/README.md has no %q block", fence)
		}
		s = s[i+len(fence):]
		return s[:strings.Index(s, "```")]
	}
	dir, err := os.MkdirTemp("..", "readme-guest-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "myguest.c"), []byte(block("```c\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-e", "-c", block("```sh\n"))
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 || string(out) != "2000\n" {
		t.Fatalf("the build block: %v\nstdout %q\nstderr:\n%s", err, out, stderr.String())
	}
}
