package instrument

// The guest SDK (guest/thread_start.s) keeps each spawned thread's stack
// limit in a global, and wasm-ld's name section names it and the stack
// pointer. With both found, every function entry also checks
//
//	if __stack_pointer < __wasync_stack_limit { call stack_overflow }
//
// so a thread that overflows its stack traps as itself, at its next call,
// before a frame that fits the SDK's reserve above the limit writes past
// the stack's bottom into another thread's stack (which would trap there,
// as some other error). Three loads, a compare and a not-taken branch.
const (
	stackPointerName = "__stack_pointer"
	stackLimitName   = "__wasync_stack_limit"
)

// stackGlobals are the guest's indices of the two globals.
type stackGlobals struct {
	sp, limit uint32
	ok        bool
}

// findStackGlobals reads the global names of the module's name section,
// before the pass rewrites the code that comes before it. A module whose
// name section does not decode has no check.
func findStackGlobals(wasm []byte) (g stackGlobals) {
	defer func() {
		if e := recover(); e != nil {
			if _, isDecode := e.(decodeError); !isDecode {
				panic(e)
			}
			g = stackGlobals{}
		}
	}()
	r := &reader{b: wasm, what: "module"}
	r.bytes(uint32(min(len(wasm), len(header))))
	for !r.done() {
		id := r.byte()
		sr := &reader{b: r.bytes(r.u32()), what: "section"}
		if id != secCustom || sr.name() != "name" {
			continue
		}
		var sp, limit bool
		for !sr.done() {
			sub := sr.byte()
			ss := &reader{b: sr.bytes(sr.u32()), what: "name subsection"}
			if sub != 7 { // global names
				continue
			}
			for i, n := uint32(0), ss.u32(); i < n; i++ {
				idx, name := ss.u32(), ss.name()
				switch name {
				case stackPointerName:
					g.sp, sp = idx, true
				case stackLimitName:
					g.limit, limit = idx, true
				}
			}
		}
		g.ok = sp && limit
	}
	return g
}

// appendStackCheck appends the stack check at a function entry, when the
// guest has the SDK's globals (both defined ones, in range).
func (p *pass) appendStackCheck(b []byte) []byte {
	g := p.stack
	total := p.globalImports + p.definedGlobal
	if !g.ok || g.sp < p.globalImports || g.limit < p.globalImports || g.sp >= total || g.limit >= total {
		return b
	}
	b = appendU32(append(b, opGlobalGet), p.global(g.sp))
	b = appendU32(append(b, opGlobalGet), p.global(g.limit))
	b = append(b, opI32LtU, opIf, blockEmpty)
	b = appendU32(append(b, opCall), p.fOverflow)
	return append(b, opEnd)
}
