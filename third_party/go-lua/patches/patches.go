// Package patches holds wasync's patches to github.com/Shopify/go-lua, which
// the go-lua command (the directory above) applies at build time, and the
// marker by which luabind.CheckVM recognises a VM built with exactly them.
package patches

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"strings"
)

//go:embed *.patch
var files embed.FS

// A Patch is one patch file: its name (without .patch) and its text.
type Patch struct {
	Name string
	Text []byte
}

// All returns the patches in the order they apply.
func All() []Patch {
	names, err := fs.Glob(files, "*.patch")
	if err != nil {
		panic(err) // the pattern is constant
	}
	ps := make([]Patch, len(names))
	for i, name := range names {
		b, err := files.ReadFile(name)
		if err != nil {
			panic(err) // embedded: cannot fail
		}
		ps[i] = Patch{strings.TrimSuffix(name, ".patch"), b}
	}
	return ps
}

// Marker names every patch with a hash of its text, in order. The patched
// VM stores it in each State's registry under RegistryKey, so a check can
// tell a VM built with these patches from an unpatched or stale one.
func Marker() string {
	var b strings.Builder
	for i, p := range All() {
		if i > 0 {
			b.WriteByte(' ')
		}
		sum := sha256.Sum256(p.Text)
		b.WriteString(p.Name + "@" + hex.EncodeToString(sum[:6]))
	}
	return b.String()
}

// RegistryKey is the registry field of a patched State that holds Marker.
const RegistryKey = "wasync.golua.patches"
