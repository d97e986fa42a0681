package instrument

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// What the pass imports. Guests may import nothing whose module name starts
// with ReservedPrefix: the host alone provides those.
const (
	ReservedPrefix = "wasync:"
	// HostModule exports the functions, the same for every run.
	HostModule = "wasync:instrument"
	// RunModule exports the stop global, one per run.
	RunModule = "wasync:instrument/run"

	// The host functions; HostFuncs gives their signatures.
	FuncSafepoint = "safepoint"
	FuncNotify    = "notify"
	FuncWait32    = "wait32"
	FuncWait64    = "wait64"
	// FuncStackOverflow: a thread's stack pointer went below its limit
	// (see stackcheck.go); the host traps the thread.
	FuncStackOverflow = "stack_overflow"
	// FuncStackLimit traps: a call took the thread's wasm stack past
	// GlobalStackLimit (see stack.go).
	FuncStackLimit = "stack_limit_exceeded"
	GlobalStop     = "stop" // mutable i32: non-zero asks every thread to call safepoint
	// GlobalStackLimit is a mutable i32: the estimated bytes of wasm stack
	// a thread may use, read at every function entry.
	GlobalStackLimit = "stack_limit"
)

// Info is what the pass learnt of the module.
type Info struct {
	// SharedMemory reports that the module's memory, imported or its own,
	// is declared shared: waits on any other memory trap.
	SharedMemory bool
	// ExportedGlobals names the module's exported globals, in export
	// order: a linker's data symbols (wasm-ld --export=NAME) are among
	// them, so a host can name the objects at their addresses.
	ExportedGlobals []string
}

// Custom sections kept as they are; "name" is rewritten; every other custom
// section is dropped, since it may hold code offsets the pass moves (DWARF
// .debug_*, sourceMappingURL, reloc.*) and nothing at run time reads it.
var keptCustom = map[string]bool{"producers": true, "target_features": true}

// Known sections in the order the binary format requires.
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElement   = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
)

func rank(id byte) int {
	switch {
	case id >= secType && id <= secElement:
		return int(id)
	case id == secDataCount:
		return 10
	case id == secCode:
		return 11
	case id == secData:
		return 12
	}
	return 0
}

// A pass is one rewrite: the index spaces as the guest made them and the
// indices of what the pass adds.
type pass struct {
	info                         Info
	hasMemory                    bool
	types                        uint32 // the guest's function types
	funcImports, definedFuncs    uint32
	globalImports, definedGlobal uint32
	// The pass's imports come after the guest's, so the guest's imported
	// functions and globals keep their indices and its own ones shift.
	fSafepoint, fNotify uint32
	fOverflow           uint32
	fStackLimit         uint32 // see stack.go
	// stack is the guest SDK's stack check, when the guest has one.
	stack               stackGlobals
	gStop, gCounter     uint32
	gStackLimit, gStack uint32 // see stack.go
	// typeShapes are the guest's function types: parameter count and
	// result types; funcTypes the type of each function it defines.
	typeShapes []typeShape
	funcTypes  []uint32
	seen       [secDataCount + 1]bool
	// curFunc is the index of the function whose body is being read;
	// nest its open blocks there (true for a loop), loops how many of
	// them are loops (see limits.go).
	curFunc uint32
	frame   int32 // its frame's estimated bytes (stack.go)
	nest    []bool
	loops   int
	// screen: the pass only reads (see Screen); indices keep their values.
	screen bool
}

// addedFuncs and addedGlobals are the imports the pass adds (HostFuncs,
// GlobalStop and GlobalStackLimit).
const (
	addedFuncs   = 6
	addedGlobals = 2
)

// Rewrite instruments a WebAssembly binary: see the package doc. It refuses
// what it cannot decode, and a module importing from ReservedPrefix.
func Rewrite(wasm []byte) (out []byte, info Info, err error) {
	return run(&pass{}, wasm)
}

// Screen decodes a WebAssembly binary as Rewrite does and returns it
// uninstrumented: the standard sections as they are, once every vector of
// theirs was read; the name section re-encoded from what was read, or
// dropped when it does not decode; the custom sections Rewrite drops,
// dropped. So what wazero decodes never declares more than its bytes hold,
// for a host that compiles guests without instrumentation.
func Screen(wasm []byte) (out []byte, info Info, err error) {
	return run(&pass{screen: true}, wasm)
}

func run(p *pass, wasm []byte) (out []byte, info Info, err error) {
	defer func() {
		if e := recover(); e != nil {
			d, ok := e.(decodeError)
			if !ok {
				panic(e)
			}
			out, info, err = nil, Info{}, fmt.Errorf("instrument: %w", d.err)
		}
	}()
	p.stack = findStackGlobals(wasm)
	out = p.module(wasm)
	return out, p.info, nil
}

func (p *pass) module(wasm []byte) []byte {
	r := &reader{b: wasm, what: "module"}
	if !bytes.Equal(r.bytes(uint32(min(len(wasm), len(header)))), header) {
		if isText(wasm) {
			fail("text format: convert with wat2wasm first")
		}
		fail("not a WebAssembly 1.0 binary")
	}
	out := append([]byte(nil), header...)
	last := 0
	var names []byte // the name section, rewritten once every count is known
	namesAt := -1
	namesLast := false // no standard section follows the name section
	for !r.done() {
		id := r.byte()
		body := r.bytes(r.u32())
		sr := &reader{b: body, what: fmt.Sprintf("section %d", id)}
		if id == secCustom {
			name := sr.name()
			if !utf8.ValidString(name) {
				// wazero refuses it; dropping the section must not
				// make the module valid.
				fail("custom section name %q is not UTF-8", name)
			}
			switch {
			case name == "name":
				names, namesAt, namesLast = sr.b[sr.off:], len(out), true
			case keptCustom[name]:
				out = appendSection(out, id, body)
			}
			continue
		}
		rk := rank(id)
		if rk == 0 {
			fail("unknown section %d", id)
		}
		if rk <= last {
			fail("section %d out of order or repeated", id)
		}
		last, namesLast = rk, false
		out = p.synthesize(out, rk)
		p.seen[id] = true
		sec := p.section(id, sr)
		if p.screen {
			sec = body
		}
		out = appendSection(out, id, sec)
		if !sr.done() {
			fail("section %d: %d bytes left over", id, len(body)-sr.off)
		}
	}
	out = p.synthesize(out, rank(secData)+1)
	if namesLast { // it must stay after the sections synthesized last
		namesAt = len(out)
	}
	if namesAt < 0 { // none: one naming the guest's functions by index
		namesAt = len(out)
	}
	sec, ok := p.names(names)
	if !ok { // undecodable: dropped, but the functions still get names
		sec, _ = p.names(nil)
	}
	tail := append([]byte(nil), out[namesAt:]...)
	out = append(appendSection(out[:namesAt], secCustom, sec), tail...)
	return out
}

// synthesize appends the type, import and global sections the guest lacks,
// before a section of rank rk: the pass adds entries to all three.
func (p *pass) synthesize(out []byte, rk int) []byte {
	if p.screen {
		return out
	}
	for _, id := range []byte{secType, secImport, secGlobal} {
		if rank(id) < rk && !p.seen[id] {
			p.seen[id] = true
			out = appendSection(out, id, p.section(id, &reader{b: []byte{0}, what: "added section"}))
		}
	}
	return out
}

// section rewrites the body of a known section.
func (p *pass) section(id byte, r *reader) []byte {
	switch id {
	case secType:
		return p.typeSection(r)
	case secImport:
		return p.importSection(r)
	case secFunction:
		p.definedFuncs = r.u32()
		for i := uint32(0); i < p.definedFuncs; i++ {
			p.funcTypes = append(p.funcTypes, p.typeIndex(r))
		}
	case secMemory:
		if n := r.u32(); n > 0 {
			p.memory(limits(r))
			for i := uint32(1); i < n; i++ {
				limits(r)
			}
		}
	case secGlobal:
		return p.globalSection(r)
	case secExport:
		return p.exportSection(r)
	case secStart:
		return appendU32(nil, p.fn(r.u32()))
	case secElement:
		return p.elementSection(r)
	case secCode:
		return p.code(r)
	case secData:
		return p.dataSection(r)
	case secTable:
		// Read, though copied as it is, so that its count is bounded by
		// its bytes (see maxLocals).
		for i, n := uint32(0), r.u32(); i < n; i++ {
			r.byte() // reference type
			limits(r)
		}
	case secDataCount:
		r.u32()
	}
	r.off = len(r.b)
	return r.b
}

func (p *pass) memory(flags byte) {
	p.hasMemory = true
	p.info.SharedMemory = flags&2 != 0
}

// limits reads a table's or a memory's limits and returns their flags.
func limits(r *reader) byte {
	flags := r.byte()
	if flags > 3 {
		fail("%s: limits flags 0x%02x (64-bit memories are not enabled)", r.what, flags)
	}
	r.u32()
	if flags&1 != 0 {
		r.u32()
	}
	return flags
}

func (p *pass) typeSection(r *reader) []byte {
	n := r.u32()
	start := r.off
	for i := uint32(0); i < n; i++ {
		if form := r.byte(); form != 0x60 {
			fail("%s: type form 0x%02x (only function types are enabled)", r.what, form)
		}
		params := r.u32()
		r.bytes(params)
		p.typeShapes = append(p.typeShapes, typeShape{params, r.bytes(r.u32())})
	}
	p.types = n
	out := appendU32(nil, 2*n+addedFuncs)
	out = append(out, r.b[start:r.off]...)
	for _, f := range HostFuncs {
		out = f.Type.append(out)
	}
	return p.appendBodyTypes(out)
}

// isText reports whether wasm looks like the text format: a module, or a
// comment, after white space.
func isText(wasm []byte) bool {
	t := bytes.TrimLeft(wasm, " \t\r\n")
	return bytes.HasPrefix(t, []byte("(")) || bytes.HasPrefix(t, []byte(";;"))
}
