package instrument

import (
	"bytes"
	"context"
	"testing"
)

// hostileNames are name sections (after the section's name) whose counts
// or lengths declare far more than their bytes hold: wazero v1.12.0
// allocates what they declare before reading (a 96 GB makeslice for the
// function names, 4 GiB for the module name), which kills the host.
var hostileNames = []struct {
	name string
	body []byte
}{
	// FuzzRewrite's crasher bc7f88fbf5535c88.
	{"function names", []byte{1, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}},
	{"local names", []byte{2, 7, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}},
	{"module name", []byte{0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}},
	{"module name after a function name", []byte{1, 4, 1, 0, 1, 'f', 0, 5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F}},
}

// nameSection is a module of one function with a name section of body.
func nameSection(body []byte) []byte {
	m := append([]byte(nil), header...)
	m = append(m, section(secType, 1, 0x60, 0, 0)...)
	m = append(m, section(secFunction, 1, 0)...)
	m = append(m, section(secCode, 1, 2, 0, 0x0B)...)
	return append(m, section(secCustom, append([]byte{4, 'n', 'a', 'm', 'e'}, body...)...)...)
}

// TestHostileNames: neither pass passes on a name section that declares
// more than it holds (the pass names the functions by index instead); both
// outputs compile.
func TestHostileNames(t *testing.T) {
	wz := newWazero(t)
	for _, c := range hostileNames {
		for pass, f := range map[string]func([]byte) ([]byte, Info, error){"Rewrite": Rewrite, "Screen": Screen} {
			out, _, err := f(nameSection(c.body))
			if err != nil {
				t.Fatalf("%s %s: %v", pass, c.name, err)
			}
			if bytes.Contains(out, c.body) {
				t.Errorf("%s %s: the name subsection was passed on", pass, c.name)
				continue
			}
			cm, err := wz.CompileModule(context.Background(), out)
			if err != nil {
				t.Fatalf("%s %s: %v", pass, c.name, err)
			}
			_ = cm.Close(context.Background())
		}
	}
}

// TestScreen: Screen keeps the standard sections byte for byte, and the
// names wazero reads from the name section; a module it screens compiles
// as the original does.
func TestScreen(t *testing.T) {
	in := wat(t, kitchenSink, "--debug-names")
	out, info, err := Screen(in)
	if err != nil || !info.SharedMemory {
		t.Fatalf("Screen: %v, %+v", err, info)
	}
	wz := newWazero(t)
	ctx := context.Background()
	orig, err := wz.CompileModule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	screened, err := wz.CompileModule(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	for name, o := range orig.ExportedFunctions() {
		if got := screened.ExportedFunctions()[name].DebugName(); got != o.DebugName() {
			t.Errorf("export %s is named %q screened, %q originally", name, got, o.DebugName())
		}
	}
	if !bytes.Contains(out, standardSections(t, in)) {
		t.Error("the standard sections changed")
	}
	// A module Rewrite refuses, Screen refuses.
	if _, _, err := Screen(module(secCustom, 2, 0xC3, 0x28)); err == nil {
		t.Error("Screen accepted a custom section name that is not UTF-8")
	}
}

// standardSections returns the bytes of wasm's sections from the first
// standard one to the name section (wat2wasm puts it last).
func standardSections(t *testing.T, wasm []byte) []byte {
	t.Helper()
	at := bytes.Index(wasm, []byte("\x04name"))
	if at < 0 {
		t.Fatal("no name section")
	}
	// Back over the custom section's id and (padded, 5-byte) size.
	return wasm[len(header) : at-6]
}
