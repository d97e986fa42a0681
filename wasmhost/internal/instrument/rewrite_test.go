package instrument

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/sys"
)

// kitchenSink names functions and globals in every place the pass shifts
// them, and uses an instruction of each immediate kind.
const kitchenSink = `(module
  (import "env" "f" (func $imp (param i32) (result i32)))
  (import "env" "g" (global $gi i32))
  (type $t (func (result i32)))
  (table 4 funcref)
  (memory 1 1 shared)
  (global $g1 (mut i32) (global.get $gi))
  (global $g2 i32 (i32.const 8))
  (global $fr funcref (ref.func $three))
  (elem (i32.const 0) $one $two)
  (elem (table 0) (offset (i32.const 2)) funcref (ref.func $three) (ref.null func))
  (elem $p func $two)
  (elem $pe funcref (ref.func $one))
  (elem declare func $three)
  (data (global.get $gi) "\2a")
  (data $pd "\07\08")
  (func $one (result i32) (i32.const 1))
  (func $two (result i32) (i32.const 2))
  (func $three (result i32) (i32.const 3))
  (func $start (global.set $g1 (i32.add (global.get $g1) (i32.const 100))))
  (start $start)
  (func (export "calls") (result i32)
    (i32.add (call $imp (call_indirect (type $t) (i32.const 1)))
             (call_indirect (type $t) (i32.const 2))))
  (func (export "globals") (result i32) (i32.add (global.get $g1) (global.get $g2)))
  (func (export "data") (result i32) (i32.load8_u (global.get $gi)))
  (func (export "loop") (param $n i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $s))
  (func (export "mvloop") (param $n i32) (result i32)
    (local.get $n)
    (loop $l (param i32) (result i32)
      (i32.const 1) (i32.sub) (local.tee $n) (local.get $n) (br_if $l))
    (i32.add (i32.const 50)))
  (func (export "passive") (result i32)
    (table.init $p (i32.const 3) (i32.const 0) (i32.const 1))
    (elem.drop $p)
    (memory.init $pd (i32.const 200) (i32.const 0) (i32.const 2))
    (data.drop $pd)
    (i32.add (call_indirect (type $t) (i32.const 3)) (i32.load16_u (i32.const 200))))
  (func (export "reffunc") (result i32)
    (table.set 0 (i32.const 3) (global.get $fr))
    (drop (ref.is_null (ref.func $one)))
    (call_indirect (type $t) (i32.const 3)))
  (func (export "misc") (result i64)
    (memory.fill (i32.const 300) (i32.const 9) (i32.const 4))
    (memory.copy (i32.const 304) (i32.const 300) (i32.const 4))
    (drop (table.grow 0 (ref.null func) (i32.const 0)))
    (drop (table.size 0))
    (drop (memory.grow (i32.const 0)))
    (drop (i32.atomic.rmw.add offset=4 (i32.const 300) (i32.const 1)))
    (atomic.fence)
    (drop (i32.trunc_sat_f32_s (f32.const 3.5)))
    (drop (i32.extend8_s (i32.const 255)))
    (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))
    (block $b (br_table $b $b (i32.const 1)))
    (i64.add (i64.load offset=300 (i32.const 0)) (i64.const 0x7fffffffffff)))
  (func (export "simd") (result i32)
    (i32x4.extract_lane 2
      (i32x4.add
        (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
          (v128.const i32x4 1 2 3 4) (v128.const i32x4 5 6 7 8))
        (v128.load32_lane 1 (i32.const 300) (v128.load offset=16 align=4 (i32.const 0))))))
  (export "g1" (global $g1))
  (export "two" (func $two))
  (export "table" (table 0))
  (export "memory" (memory 0)))`

// TestRewriteKeepsBehaviour: every export of the instrumented module
// returns what the original's does, so every shifted index still names what
// it named.
func TestRewriteKeepsBehaviour(t *testing.T) {
	wasm := wat(t, kitchenSink)
	h := newHarness(t)
	orig, inst := h.instantiateAsIs(t, wasm), h.instantiate(t, wasm)
	for _, c := range []struct {
		name   string
		params []uint64
	}{
		{"calls", nil}, {"globals", nil}, {"data", nil}, {"loop", []uint64{10}},
		{"mvloop", []uint64{5}}, {"passive", nil}, {"reffunc", nil}, {"misc", nil},
		{"simd", nil}, {"two", nil},
	} {
		want, got := call(t, orig, c.name, c.params...), call(t, inst, c.name, c.params...)
		if got[0] != want[0] {
			t.Errorf("%s%v = %d instrumented, %d originally", c.name, c.params, got[0], want[0])
		}
	}
	if got, want := inst.ExportedGlobal("g1").Get(), orig.ExportedGlobal("g1").Get(); got != want || got != 116 {
		t.Errorf("global g1 = %d instrumented, %d originally, want 116", got, want)
	}
	// The name section follows the shift: wazero names functions by it
	// (and by their index when they have no name, which rightly shifts).
	named := 0
	for name, o := range orig.ExportedFunctionDefinitions() {
		if strings.HasPrefix(o.DebugName(), ".$") {
			continue
		}
		named++
		if got := inst.ExportedFunctionDefinitions()[name].DebugName(); got != o.DebugName() {
			t.Errorf("export %s is named %q instrumented, %q originally", name, got, o.DebugName())
		}
	}
	if named == 0 {
		t.Error("no named function exported: the name section went untested")
	}
}

// TestSafepointEvery: a thread calls safepoint once every checkEvery
// checks, counting one check per function entry and one per loop iteration,
// in a loop whose safepoint branches back to its header (loop) and in one
// that takes parameters, where it joins the body (mvloop).
func TestSafepointEvery(t *testing.T) {
	wasm := wat(t, kitchenSink)
	for _, fn := range []string{"loop", "mvloop"} {
		for _, c := range []struct{ n, want uint64 }{
			// Checks: the start function's entry, fn's entry, n iterations.
			{checkEvery*10 - 2, 10},
			{checkEvery*10 - 3, 9},
			{1, 0},
		} {
			h := newHarness(t)
			call(t, h.instantiate(t, wasm), fn, c.n)
			if uint64(h.safepoints) != c.want {
				t.Errorf("%s(%d): %d safepoints, want %d", fn, c.n, h.safepoints, c.want)
			}
		}
	}
}

// TestStopEndsCall: once the stop global is set, a function entry calls
// safepoint at once, whatever the counter, and a loop that makes no call,
// entered before the stop, reaches the safepoint (which sees the stop)
// within checkEvery iterations instead of spinning forever.
func TestStopEndsCall(t *testing.T) {
	h := newHarness(t)
	_, err := h.wz.NewHostModuleBuilder("ctl").NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(context.Context, api.Module, []uint64) { h.stop.Set(1) }), nil, nil).
		Export("raise").Instantiate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	mod := h.instantiate(t, wat(t, `(module (import "ctl" "raise" (func $raise))
	  (func (export "entry") (result i32) (i32.const 1))
	  (func (export "spin") (call $raise) (loop $l (br $l))))`))
	call(t, mod, "entry")
	for _, c := range []struct {
		name     string
		maxCalls int // safepoint calls, the last one ending the call
	}{
		{"spin", 2}, // its entry check may reach the counter's end first
		{"entry", 1},
	} {
		before := h.safepoints
		_, err := mod.ExportedFunction(c.name).Call(context.Background())
		var exit *sys.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != stopStatus {
			t.Errorf("%s with stop set: %v, want exit status %d", c.name, err, stopStatus)
		}
		if n := h.safepoints - before; n < 1 || n > c.maxCalls {
			t.Errorf("%s with stop set: %d safepoint calls, want 1..%d", c.name, n, c.maxCalls)
		}
	}
}

// TestWaitNotifyBecomeCalls: the waits and notify call the host with their
// operands and the memarg offset, and return what the host returns.
func TestWaitNotifyBecomeCalls(t *testing.T) {
	h := newHarness(t)
	mod := h.instantiate(t, wat(t, `(module (memory 1 1 shared)
	  (func (export "notify") (result i32) (memory.atomic.notify offset=8 (i32.const 4) (i32.const 3)))
	  (func (export "wait32") (result i32) (memory.atomic.wait32 offset=16 (i32.const 4) (i32.const 5) (i64.const -1)))
	  (func (export "wait64") (result i32) (memory.atomic.wait64 offset=0x80000000 (i32.const 8) (i64.const -2) (i64.const 9))))`))
	for _, c := range []struct {
		name string
		args []uint64
	}{
		{"notify", []uint64{4, 3, 8}},
		{"wait32", []uint64{4, 5, 1<<64 - 1, 16}},
		{"wait64", []uint64{8, 1<<64 - 2, 9, 0x80000000}},
	} {
		if got := call(t, mod, c.name); got[0] != 42 {
			t.Errorf("%s returned %d, want the host's 42", c.name, got[0])
		}
		if len(h.last) < len(c.args) || !equal(h.last[:len(c.args)], c.args) {
			t.Errorf("%s called the host with %v, want %v", c.name, h.last, c.args)
		}
	}
}

func equal(a, b []uint64) bool {
	for i := range a {
		if uint32(a[i]) != uint32(b[i]) && a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// TestRewriteRefuses: what the pass cannot rewrite faithfully is refused
// with an error that says why.
func TestRewriteRefuses(t *testing.T) {
	valid := wat(t, `(module (func (export "f")))`)
	for _, c := range []struct {
		name string
		wasm func(t *testing.T) []byte
		want string
	}{
		{"empty", func(*testing.T) []byte { return nil }, "not a WebAssembly 1.0 binary"},
		{"not wasm", func(*testing.T) []byte { return []byte("\x7fELF\x02\x01\x01\x00") }, "not a WebAssembly"},
		{"truncated", func(*testing.T) []byte { return valid[:len(valid)-3] }, "truncated module ("},
		{"text format", func(*testing.T) []byte { return []byte("\n(module)") }, "text format: convert with wat2wasm first"},
		{"reserved import", func(t *testing.T) []byte {
			return wat(t, `(module (import "wasync:instrument/run" "stop" (global (mut i32))))`)
		}, `imports from "wasync:instrument/run"`},
		{"reserved prefix", func(t *testing.T) []byte {
			return wat(t, `(module (import "wasync:other" "f" (func)))`)
		}, "reserved for the host"},
		{"tail call", func(t *testing.T) []byte {
			return wat(t, `(module (func $f (return_call $f)))`, "--enable-tail-call")
		}, "unknown or disabled opcode 0x12"},
		{"exceptions", func(t *testing.T) []byte {
			return wat(t, `(module (tag $e) (func (throw $e)))`, "--enable-exceptions")
		}, "unknown section 13"},
		{"extended const", func(t *testing.T) []byte {
			return wat(t, `(module (global i32 (i32.add (i32.const 1) (i32.const 2))))`, "--enable-extended-const")
		}, "opcode 0x6a in a constant expression"},
		{"memory64", func(t *testing.T) []byte {
			return wat(t, `(module (memory i64 1))`, "--enable-memory64")
		}, "64-bit memories are not enabled"},
		{"multi-memory memarg", func(t *testing.T) []byte {
			return wat(t, `(module (memory 1) (memory $m 1) (func (drop (i32.load $m (i32.const 0)))))`, "--enable-multi-memory")
		}, "multiple memories are not enabled"},
		{"relaxed simd", func(t *testing.T) []byte {
			return wat(t, `(module (func (result v128) (i8x16.relaxed_swizzle (v128.const i64x2 0 0) (v128.const i64x2 0 0))))`, "--enable-relaxed-simd")
		}, "unknown opcode 0xfd 256"},
		{"misaligned wait", func(t *testing.T) []byte {
			return patch(t, wat(t, `(module (memory 1 1 shared)
			  (func (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const 0)))))`),
				[]byte{0xFE, 0x01, 0x02}, []byte{0xFE, 0x01, 0x01})
		}, "alignment 2^1, want 2^2"},
		{"wait without memory", func(t *testing.T) []byte {
			// The same body in a module whose memory section is gone.
			m := wat(t, `(module (memory 1 1 shared)
			  (func (drop (memory.atomic.notify (i32.const 0) (i32.const 0)))))`)
			return patch(t, m, []byte{5, 4, 1, 3, 1, 1}, nil)
		}, "without memory"},
		{"unknown atomic", func(t *testing.T) []byte {
			return patch(t, wat(t, `(module (memory 1 1 shared) (func (atomic.fence)))`), []byte{0xFE, 0x03}, []byte{0xFE, 0x04})
		}, "unknown opcode 0xfe 4"},
		{"section order", func(t *testing.T) []byte {
			return append(append([]byte(nil), valid...), 1, 1, 0) // a type section after the code
		}, "out of order"},
		// Found by FuzzRewrite: wazero v1.12.0 allocates a vector's
		// declared length before reading it, and dies of it.
		{"huge import count", func(*testing.T) []byte {
			return module(secImport, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0)
		}, "unexpected end"},
		{"huge table count", func(*testing.T) []byte {
			return module(secTable, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x70, 0, 1)
		}, "unexpected end"},
		{"too many locals", func(*testing.T) []byte {
			return append(module(secType, 1, 0x60, 0, 0), append(section(secFunction, 1, 0),
				section(secCode, 1, 7, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7E, 0x0B)...)...)
		}, "over 50000 locals"},
		// Found by FuzzRewrite: the pass appends types, which must not
		// make a type index out of the guest's range valid.
		{"import type out of range", func(t *testing.T) []byte {
			return patch(t, wat(t, `(module (import "env" "f" (func)))`), []byte{'f', 0x00, 0x00}, []byte{'f', 0x00, 0x01})
		}, "type index 1 out of range"},
		{"block type out of range", func(t *testing.T) []byte {
			return patch(t, wat(t, `(module (func (block (result i32) (i32.const 7)) (drop)))`),
				[]byte{0x02, 0x7F}, []byte{0x02, 0x01})
		}, "block type 1"},
		// Found by FuzzRewrite: dropping a custom section must not make
		// a module valid that wazero refuses.
		{"custom section name not UTF-8", func(*testing.T) []byte {
			return module(secCustom, 2, 0xC3, 0x28)
		}, "not UTF-8"},
		{"bad u32", func(*testing.T) []byte {
			return append(append([]byte(nil), header...), 1, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)
		}, "bad u32"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := Rewrite(c.wasm(t))
			if err == nil || !strings.Contains(err.Error(), c.want) || out != nil {
				t.Fatalf("Rewrite: %v (%d bytes out), want an error containing %q", err, len(out), c.want)
			}
		})
	}
}

// section encodes a section of a small body.
func section(id byte, body ...byte) []byte { return append([]byte{id, byte(len(body))}, body...) }

// module encodes a module of one small section.
func module(id byte, body ...byte) []byte {
	return append(append([]byte(nil), header...), section(id, body...)...)
}

// patch replaces the one occurrence of old in wasm.
func patch(t *testing.T, wasm, old, new []byte) []byte {
	t.Helper()
	s := string(wasm)
	if strings.Count(s, string(old)) != 1 {
		t.Fatalf("% x occurs %d times", old, strings.Count(s, string(old)))
	}
	return []byte(strings.Replace(s, string(old), string(new), 1))
}

// TestNamesFollow: wabt's disassembler, which names functions, locals and
// globals from the name section, names each definition of the instrumented
// module as in the original.
func TestNamesFollow(t *testing.T) {
	out, _, err := Rewrite(wat(t, kitchenSink))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "out.wasm")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(tool(t, "wasm2wat"), "--enable-threads", p).CombinedOutput()
	if err != nil {
		t.Fatalf("wasm2wat: %v\n%s", err, text)
	}
	for _, want := range []string{
		`(import "env" "g" (global $gi i32))`,
		`(global $g1 (mut i32) (global.get $gi))`,
		`(global $fr funcref (ref.func $three))`,
		`(func $two (type `,
		`(func $start (type `,
		`(local $s i32)`,
		`(start $start)`,
		`(export "g1" (global $g1))`,
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("disassembly lacks %s", want)
		}
	}
}

// TestCustomSections: sections that may hold code offsets are dropped,
// "producers" and "target_features" kept.
func TestCustomSections(t *testing.T) {
	in := append([]byte(nil), header...)
	for _, name := range []string{".debug_info", "producers", "sourceMappingURL", "target_features", "reloc.CODE"} {
		in = append(in, section(secCustom, append([]byte{byte(len(name))}, name+"xyz"...)...)...)
	}
	out, _, err := Rewrite(in)
	if err != nil {
		t.Fatal(err)
	}
	for name, kept := range map[string]bool{".debug_info": false, "producers": true, "sourceMappingURL": false,
		"target_features": true, "reloc.CODE": false} {
		if got := strings.Contains(string(out), name+"xyz"); got != kept {
			t.Errorf("section %s kept: %v, want %v", name, got, kept)
		}
	}
	if _, err := newWazero(t).CompileModule(context.Background(), out); err != nil {
		t.Fatal(err)
	}
}

// TestNameSectionStaysLast: a name section after every standard section
// stays after the sections the pass adds at the end (found by review on
// wazero's spectest imports.51: only an import and a name section).
func TestNameSectionStaysLast(t *testing.T) {
	in := wat(t, `(module (import "env" "f" (func $f)))`, "--debug-names")
	out, _, err := Rewrite(in)
	if err != nil {
		t.Fatal(err)
	}
	wasmValidate(t, out)
}
