package instrument

import "encoding/binary"

// The encoder: the pass writes its output with these, and the host builds
// its own small modules (the stop flag, a run's memory, its trap probes)
// with Module.Encode, so that wasm is encoded in one place.

// header starts every module: the magic and version 1.
var header = []byte{0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}

// Value types, as wasm encodes them (wazero's api.ValueType is a byte of
// the same values).
const (
	I32 byte = 0x7F
	I64 byte = 0x7E
)

// A FuncType is a function signature: its parameters' and results' value
// types.
type FuncType struct{ Params, Results []byte }

func (t FuncType) append(b []byte) []byte {
	b = append(appendU32(append(b, 0x60), uint32(len(t.Params))), t.Params...)
	return append(appendU32(b, uint32(len(t.Results))), t.Results...)
}

// A HostFunc is a function the pass imports from HostModule.
type HostFunc struct {
	Name string
	Type FuncType
}

// HostFuncs are the pass's imports from HostModule, in import order: the
// one place their signatures are written (the host defines them from it).
var HostFuncs = [addedFuncs]HostFunc{
	{FuncSafepoint, FuncType{}},
	{FuncNotify, FuncType{[]byte{I32, I32, I32}, []byte{I32}}},      // addr, count, offset
	{FuncWait32, FuncType{[]byte{I32, I32, I64, I32}, []byte{I32}}}, // addr, expected, timeout, offset
	{FuncWait64, FuncType{[]byte{I32, I64, I64, I32}, []byte{I32}}}, // addr, expected, timeout, offset
	{FuncStackOverflow, FuncType{}},
	{FuncStackLimit, FuncType{}},
}

// Limits are a memory's limits in pages.
type Limits struct {
	Min, Max       uint32
	HasMax, Shared bool // Shared implies a maximum
}

func (l Limits) append(b []byte) []byte {
	switch {
	case l.Shared:
		b = append(b, 0x03)
	case l.HasMax:
		b = append(b, 0x01)
	default:
		b = append(b, 0x00)
	}
	b = appendU32(b, l.Min)
	if l.Shared || l.HasMax {
		b = appendU32(b, l.Max)
	}
	return b
}

// External kinds: what an import or an export is.
const (
	KindFunc   byte = 0x00
	KindMemory byte = 0x02
	KindGlobal byte = 0x03
)

// An Export exports item Index of Kind as Name.
type Export struct {
	Name  string
	Kind  byte
	Index uint32
}

// An Import is a function imported as Module.Name.
type Import struct {
	Module, Name string
	Type         FuncType
}

// A Func is a function the module defines: Code is its body's
// instructions, through its final end, with no locals.
type Func struct {
	Type FuncType
	Code []byte
}

// A Module is a small module for the host to build: imported functions,
// defined functions, at most one memory, mutable i32 globals (initialised
// to zero), immutable i32 globals (Consts, indexed after Globals) and
// exports. Each function gets a type of its own.
type Module struct {
	Imports []Import
	Funcs   []Func
	Memory  *Limits
	Globals int
	Consts  []int32
	Exports []Export
}

// Encode returns the module's binary.
func (m *Module) Encode() []byte {
	out := append([]byte(nil), header...)
	n := uint32(len(m.Imports) + len(m.Funcs))
	if n > 0 {
		types := appendU32(nil, n)
		for _, im := range m.Imports {
			types = im.Type.append(types)
		}
		for _, f := range m.Funcs {
			types = f.Type.append(types)
		}
		out = appendSection(out, secType, types)
	}
	if len(m.Imports) > 0 {
		imports := appendU32(nil, uint32(len(m.Imports)))
		for i, im := range m.Imports {
			imports = appendName(appendName(imports, im.Module), im.Name)
			imports = appendU32(append(imports, 0x00), uint32(i))
		}
		out = appendSection(out, secImport, imports)
	}
	if len(m.Funcs) > 0 {
		funcs := appendU32(nil, uint32(len(m.Funcs)))
		for i := range m.Funcs {
			funcs = appendU32(funcs, uint32(len(m.Imports)+i))
		}
		out = appendSection(out, secFunction, funcs)
	}
	if m.Memory != nil {
		out = appendSection(out, secMemory, m.Memory.append([]byte{1}))
	}
	if n := m.Globals + len(m.Consts); n > 0 {
		globals := appendU32(nil, uint32(n))
		for range m.Globals {
			globals = append(globals, I32, 0x01, opI32Const, 0, opEnd) // mutable i32, 0
		}
		for _, v := range m.Consts {
			globals = append(appendI32(append(globals, I32, 0x00, opI32Const), v), opEnd)
		}
		out = appendSection(out, secGlobal, globals)
	}
	if len(m.Exports) > 0 {
		exports := appendU32(nil, uint32(len(m.Exports)))
		for _, e := range m.Exports {
			exports = appendU32(append(appendName(exports, e.Name), e.Kind), e.Index)
		}
		out = appendSection(out, secExport, exports)
	}
	if len(m.Funcs) > 0 {
		code := appendU32(nil, uint32(len(m.Funcs)))
		for _, f := range m.Funcs {
			body := append([]byte{0}, f.Code...) // no locals
			code = append(appendU32(code, uint32(len(body))), body...)
		}
		out = appendSection(out, secCode, code)
	}
	return out
}

// RunModuleBinary is the module a run instantiates as RunModule: it exports
// GlobalStop and GlobalStackLimit, both zero.
func RunModuleBinary() []byte {
	return (&Module{Globals: 2, Exports: []Export{
		{GlobalStop, KindGlobal, 0},
		{GlobalStackLimit, KindGlobal, 1},
	}}).Encode()
}

func appendU32(b []byte, v uint32) []byte { return binary.AppendUvarint(b, uint64(v)) }

// appendI32 appends v as a signed LEB128, the encoding of i32.const.
func appendI32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	return append(appendU32(b, uint32(len(s))), s...)
}

// appendSection appends a section with its id and size.
func appendSection(b []byte, id byte, body []byte) []byte {
	return append(appendU32(append(b, id), uint32(len(body))), body...)
}
