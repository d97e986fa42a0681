package instrument

import "strings"

// fn maps a guest function index to its index in the rewritten module.
func (p *pass) fn(i uint32) uint32 {
	if i >= p.funcImports+p.definedFuncs {
		fail("function index %d out of range (%d functions)", i, p.funcImports+p.definedFuncs)
	}
	if i < p.funcImports || p.screen {
		return i
	}
	return i + addedFuncs
}

// global maps a guest global index to its index in the rewritten module.
func (p *pass) global(i uint32) uint32 {
	if i >= p.globalImports+p.definedGlobal {
		fail("global index %d out of range (%d globals)", i, p.globalImports+p.definedGlobal)
	}
	if i < p.globalImports || p.screen {
		return i
	}
	return i + addedGlobals
}

func (p *pass) importSection(r *reader) []byte {
	n := r.u32()
	start := r.off
	for i := uint32(0); i < n; i++ {
		mod := r.name()
		if strings.HasPrefix(mod, ReservedPrefix) {
			fail("the guest imports from %q: module names starting with %q are reserved for the host",
				mod, ReservedPrefix)
		}
		r.name()
		switch kind := r.byte(); kind {
		case 0:
			p.typeIndex(r)
			p.funcImports++
		case 1:
			r.byte()
			limits(r)
		case 2:
			p.memory(limits(r))
		case 3:
			r.byte()
			r.byte()
			p.globalImports++
		default:
			fail("%s: import kind %d (tags: exceptions are not enabled)", r.what, kind)
		}
	}
	p.fSafepoint, p.fNotify, p.fOverflow = p.funcImports, p.funcImports+1, p.funcImports+4
	p.fStackLimit = p.funcImports + 5
	p.gStop, p.gStackLimit = p.globalImports, p.globalImports+1
	out := appendU32(nil, n+addedFuncs+addedGlobals)
	out = append(out, r.b[start:r.off]...)
	for i, f := range HostFuncs {
		out = appendName(appendName(out, HostModule), f.Name)
		out = appendU32(append(out, 0x00), p.types+uint32(i))
	}
	for _, name := range []string{GlobalStop, GlobalStackLimit} {
		out = appendName(appendName(out, RunModule), name)
		out = append(out, KindGlobal, I32, 0x01) // global, i32, mutable
	}
	return out
}

func (p *pass) globalSection(r *reader) []byte {
	n := r.u32()
	p.definedGlobal = n
	out := appendU32(nil, n+2)
	for i := uint32(0); i < n; i++ {
		out = append(out, r.byte(), r.byte()) // type, mutability
		out = p.constExpr(r, out)
	}
	// The counter of checks left before the next safepoint: a global of
	// the instance, so each thread counts its own.
	p.gCounter = p.globalImports + addedGlobals + n
	out = append(out, 0x7F, 0x01, opI32Const)
	out = append(appendI32(out, checkEvery), opEnd)
	// The thread's stack use, in estimated bytes (see stack.go).
	p.gStack = p.gCounter + 1
	return append(out, 0x7F, 0x01, opI32Const, 0, opEnd)
}

func (p *pass) exportSection(r *reader) []byte {
	n := r.u32()
	out := appendU32(nil, n)
	for i := uint32(0); i < n; i++ {
		name := r.name()
		out = appendName(out, name)
		kind := r.byte()
		idx := r.u32()
		switch kind {
		case 0:
			idx = p.fn(idx)
		case 3:
			idx = p.global(idx)
			p.info.ExportedGlobals = append(p.info.ExportedGlobals, name)
		case 1, 2:
		default:
			fail("%s: export kind %d", r.what, kind)
		}
		out = appendU32(append(out, kind), idx)
	}
	return out
}

func (p *pass) elementSection(r *reader) []byte {
	n := r.u32()
	out := appendU32(nil, n)
	for i := uint32(0); i < n; i++ {
		flags := r.u32()
		if flags > 7 {
			fail("%s: element segment flags %d", r.what, flags)
		}
		out = appendU32(out, flags)
		if flags == 2 || flags == 6 { // explicit table
			out = appendU32(out, r.u32())
		}
		if flags&1 == 0 { // active: offset
			out = p.constExpr(r, out)
		}
		if flags&3 != 0 { // elemkind or reftype
			out = append(out, r.byte())
		}
		m := r.u32()
		out = appendU32(out, m)
		for j := uint32(0); j < m; j++ {
			if flags&4 == 0 {
				out = appendU32(out, p.fn(r.u32()))
			} else {
				out = p.constExpr(r, out)
			}
		}
	}
	return out
}

func (p *pass) dataSection(r *reader) []byte {
	n := r.u32()
	out := appendU32(nil, n)
	for i := uint32(0); i < n; i++ {
		flags := r.u32()
		out = appendU32(out, flags)
		switch flags {
		case 0:
			out = p.constExpr(r, out)
		case 1:
		case 2:
			out = p.constExpr(r, appendU32(out, r.u32()))
		default:
			fail("%s: data segment flags %d", r.what, flags)
		}
		size := r.u32()
		out = append(appendU32(out, size), r.bytes(size)...)
	}
	return out
}

// constExpr copies a constant expression, through its end, shifting the
// indices it names.
func (p *pass) constExpr(r *reader, out []byte) []byte {
	for {
		start := r.off
		switch op := r.byte(); op {
		case opEnd:
			return append(out, opEnd)
		case opI32Const:
			r.signed(5)
		case 0x42:
			r.signed(10)
		case 0x43:
			r.bytes(4)
		case 0x44:
			r.bytes(8)
		case 0xD0:
			r.byte()
		case prefixSIMD:
			if r.u32() != 12 {
				fail("%s: SIMD instruction other than v128.const in a constant expression", r.what)
			}
			r.bytes(16)
		case opRefFunc:
			out = appendU32(append(out, op), p.fn(r.u32()))
			continue
		case opGlobalGet:
			out = appendU32(append(out, op), p.global(r.u32()))
			continue
		default:
			fail("%s: opcode 0x%02x in a constant expression (extended constants are not enabled)", r.what, op)
		}
		out = append(out, r.b[start:r.off]...)
	}
}
