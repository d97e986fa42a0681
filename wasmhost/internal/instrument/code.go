package instrument

// Checks and rewrites inside function bodies.

// checkEvery is how many checks pass between two safepoints: a tight loop
// iteration costs about a nanosecond, so a thread leaves native code about
// every microsecond, and the cost of the host call (30-40 ns) is spread thin.
const checkEvery = 1024

// checkAt is where appendCheck's check goes.
type checkAt int

const (
	atEntry          checkAt = iota // a function's entry
	atLoop                          // a loop header
	atLoopWithParams                // the header of a loop that takes parameters
)

// appendCheck appends the check run at every function entry and loop
// header; at a function entry (and, without the stop flag, at the header
// of a loop that takes parameters):
//
//	counter = counter - 1
//	if (counter == 0) | stop {
//		call safepoint      ;; ends the thread when the run is stopping
//		counter = checkEvery
//	}
//
// and at the header of any other loop:
//
//	counter = counter - 1
//	if counter == 0 {
//		call safepoint
//		counter = checkEvery + 1
//		br loop             ;; the check again, which counts 1
//	}
//
// One branch covers both the stop flag and the safepoint. A loop header
// leaves the stop flag to the safepoint, which looks at the run itself:
// a loop that makes no call then notices a stop within checkEvery
// iterations (about a microsecond for a tight loop), and its check is a
// global load, a store and a not-taken branch. Reading the flag there too
// made a one-instruction loop 1.9× slower instead of 1.3× (CPU time,
// BENCHMARKS.md, P8).
//
// At a loop header the safepoint's branch goes back to the loop instead of
// on into its body: wazero's register allocator keeps a value that lives
// across the call in a stack slot, and where the two paths met again the
// loop's variables were reloaded from their slots on every iteration; with
// the branch the body has the one path and keeps them in registers (a sum
// loop 1.28 → 1.00 ns an iteration, plain 0.61). A loop that takes
// parameters cannot branch from inside the if (its parameters are outside
// the if's block) and keeps the join.
//
// The sequence leaves the operand stack as it found it, so it is valid at
// a loop header whose loop takes parameters, and in unreachable code.
func (p *pass) appendCheck(b []byte, at checkAt) []byte {
	b = appendU32(append(b, opGlobalGet), p.gCounter)
	b = append(b, opI32Const, 1, opI32Sub)
	b = appendU32(append(b, opGlobalSet), p.gCounter)
	b = appendU32(append(b, opGlobalGet), p.gCounter)
	b = append(b, opI32Eqz)
	if at == atEntry {
		b = appendU32(append(b, opGlobalGet), p.gStop)
		b = append(b, opI32Or)
	}
	b = append(b, opIf, blockEmpty)
	b = appendU32(append(b, opCall), p.fSafepoint)
	if at != atLoop {
		b = appendI32(append(b, opI32Const), checkEvery)
		b = appendU32(append(b, opGlobalSet), p.gCounter)
		return append(b, opEnd)
	}
	// The header's check runs again and counts this iteration once more.
	b = appendI32(append(b, opI32Const), checkEvery+1)
	b = appendU32(append(b, opGlobalSet), p.gCounter)
	return append(b, opBr, 1, opEnd) // 0 is the if, 1 the loop
}

// Opcodes the pass emits or rewrites.
const (
	opBlock     = 0x02
	opLoop      = 0x03
	opIf        = 0x04
	opEnd       = 0x0B
	opBr        = 0x0C
	opCall      = 0x10
	opGlobalGet = 0x23
	opGlobalSet = 0x24
	opI32Const  = 0x41
	opI32Eqz    = 0x45
	opI32LtU    = 0x49
	opI32GtU    = 0x4B
	opI32Add    = 0x6A
	opI32Sub    = 0x6B
	opI32Or     = 0x72
	opRefFunc   = 0xD2
	prefixMisc  = 0xFC
	prefixSIMD  = 0xFD
	prefixAtom  = 0xFE
	blockEmpty  = 0x40
)

// code rewrites the code section: each body gets a check at its entry and
// at every loop header, shifted function and global indices, and its
// wait/notify instructions turned into host calls.
func (p *pass) code(r *reader) []byte {
	n := r.u32()
	if n != p.definedFuncs {
		fail("code section has %d bodies for %d functions", n, p.definedFuncs)
	}
	out := appendU32(nil, n)
	var body []byte
	for i := uint32(0); i < n; i++ {
		p.curFunc, p.nest, p.loops = p.funcImports+i, p.nest[:0], 0
		size := r.u32()
		p.bodySize(r, size)
		br := &reader{b: r.bytes(size), what: r.what}
		body = p.body(br, body[:0])
		out = append(appendU32(out, uint32(len(body))), body...)
	}
	return out
}

// maxLocals caps the locals of a function, as JavaScript engines do.
// wazero v1.12.0 allocates the declared count of a vector before it reads
// the vector, so a module declaring four billion locals (or table, import
// or export entries) in a few bytes makes the host run out of memory, a
// fatal error no recover catches. The pass reads every vector it passes on
// element by element, so no count exceeds the bytes behind it, and it caps
// locals, whose count is a sum the bytes do not bound.
const maxLocals = 50000

func (p *pass) body(r *reader, out []byte) []byte {
	groups := r.u32()
	locals := uint64(0)
	for i := uint32(0); i < groups; i++ {
		locals += uint64(r.u32())
		if locals > maxLocals {
			fail("%s: a function declares over %d locals", r.what, maxLocals)
		}
		r.byte()
	}
	out = append(out, r.b[:r.off]...)
	out = p.appendCheck(out, atEntry)
	out = p.appendStackCheck(out)
	p.frame = frameBytes(p.typeShapes[p.funcTypes[p.curFunc-p.funcImports]].params, uint32(locals))
	out = p.appendStackEnter(out, p.funcTypes[p.curFunc-p.funcImports])
	for !r.done() {
		out = p.instr(r, out)
	}
	// The body's own end ended the block: leave, then end the function.
	return append(p.appendStackLeave(out), opEnd)
}

// instr copies one instruction from r to out, rewriting what must change.
func (p *pass) instr(r *reader, out []byte) []byte {
	start := r.off
	op := r.byte()
	switch {
	case op == opEnd:
		p.leave()
	case op == 0x0F: // return
		return append(p.appendStackLeave(out), op)
	case op == 0x00 || op == 0x01 || op == 0x05 ||
		op == 0x1A || op == 0x1B || op == 0xD1 || (op >= 0x45 && op <= 0xC4):
		// No immediates: control without labels, parametric, numeric
		// (sign extension included), ref.is_null.
	case op == 0x02 || op == opIf:
		p.enter(r, false)
		p.blockType(r)
	case op == opLoop:
		p.enter(r, true)
		at := atLoop
		if p.blockType(r) > 0 {
			at = atLoopWithParams
		}
		return p.appendCheck(append(out, r.b[start:r.off]...), at)
	case op == 0x0C || op == 0x0D || (op >= 0x20 && op <= 0x22) || op == 0x25 || op == 0x26:
		r.u32() // label, local or table index
	case op == 0x0E: // br_table
		n := r.u32()
		p.brTable(r, n)
		for i := uint64(0); i <= uint64(n); i++ {
			r.u32()
		}
	case op == 0x11: // call_indirect type table
		p.typeIndex(r)
		r.u32()
	case op == 0x1C: // select with types
		for i, n := uint32(0), r.u32(); i < n; i++ {
			r.byte()
		}
	case op >= 0x28 && op <= 0x3E:
		memarg(r)
	case op == 0x3F || op == 0x40: // memory.size, memory.grow: memory 0
		r.byte()
	case op == opI32Const:
		r.signed(5)
	case op == 0x42:
		r.signed(10)
	case op == 0x43:
		r.bytes(4)
	case op == 0x44:
		r.bytes(8)
	case op == 0xD0: // ref.null t
		r.byte()
	case op == opCall || op == opRefFunc:
		return appendU32(append(out, op), p.fn(r.u32()))
	case op == opGlobalGet || op == opGlobalSet:
		return appendU32(append(out, op), p.global(r.u32()))
	case op == prefixMisc:
		misc(r)
	case op == prefixSIMD:
		simd(r)
	case op == prefixAtom:
		if call, offset, ok := p.atomic(r); ok {
			out = appendI32(append(out, opI32Const), int32(offset))
			return appendU32(append(out, opCall), call)
		}
	default:
		// Exceptions, tail calls, typed function references and GC are
		// not enabled in the runtime: refuse rather than guess.
		fail("%s: unknown or disabled opcode 0x%02x at byte %d", r.what, op, start)
	}
	return append(out, r.b[start:r.off]...)
}

// blockType reads an empty type, a value type or a type index (s33), and
// returns how many parameters the block takes.
func (p *pass) blockType(r *reader) (params uint32) {
	switch r.peek() {
	case blockEmpty, 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F:
		r.byte()
		return 0
	}
	start := r.off
	b := r.signed(5)
	var v int64
	for i, c := range b {
		v |= int64(c&0x7f) << (7 * i)
	}
	if last := b[len(b)-1]; last&0x40 != 0 {
		v |= -1 << (7 * len(b)) // negative: a value type the pass does not know
	}
	if v < 0 || v >= int64(p.types) {
		fail("%s: block type %d at byte %d is not a type index (%d types)", r.what, v, start, p.types)
	}
	return p.typeShapes[v].params
}

// typeIndex reads a type index of the guest's. The pass appends types of
// its own, which must not make an index out of the guest's range valid.
func (p *pass) typeIndex(r *reader) uint32 {
	i := r.u32()
	if i >= p.types {
		fail("%s: type index %d out of range (%d types)", r.what, i, p.types)
	}
	return i
}

// memarg reads an alignment and an offset, and returns both.
func memarg(r *reader) (align, offset uint32) {
	align = r.u32()
	if align >= 64 {
		fail("%s: memarg names a memory other than 0 (multiple memories are not enabled)", r.what)
	}
	return align, r.u32()
}

// misc reads the 0xFC instructions: saturating conversions and bulk memory
// and table operations.
func misc(r *reader) {
	switch sub := r.u32(); {
	case sub <= 7: // trunc_sat
	case sub == 8: // memory.init data mem
		r.u32()
		r.byte()
	case sub == 9 || sub == 13 || (sub >= 15 && sub <= 17): // data.drop, elem.drop, table.grow/size/fill
		r.u32()
	case sub == 10: // memory.copy
		r.byte()
		r.byte()
	case sub == 11: // memory.fill
		r.byte()
	case sub == 12 || sub == 14: // table.init, table.copy
		r.u32()
		r.u32()
	default:
		fail("%s: unknown opcode 0xfc %d", r.what, sub)
	}
}

// simdUnassigned lists the opcodes below 256 that the final SIMD proposal
// left unassigned (or removed); wazero knows none of them.
var simdUnassigned = map[uint32]bool{
	154: true, 162: true, 165: true, 166: true, 175: true, 176: true, 178: true,
	179: true, 180: true, 187: true, 194: true, 197: true, 198: true, 207: true,
	208: true, 210: true, 211: true, 212: true, 226: true, 238: true,
}

// simd reads the 0xFD instructions.
func simd(r *reader) {
	switch sub := r.u32(); {
	case sub <= 11 || sub == 92 || sub == 93: // loads, store, load_zero
		memarg(r)
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		r.bytes(16)
	case sub >= 21 && sub <= 34: // extract/replace lane
		r.byte()
	case sub >= 84 && sub <= 91: // load/store lane
		memarg(r)
		r.byte()
	case sub <= 255 && !simdUnassigned[sub]:
	default:
		fail("%s: unknown opcode 0xfd %d", r.what, sub)
	}
}

// atomic reads the 0xFE instructions. For wait32, wait64 and notify it
// returns the host function that replaces the instruction and the memarg
// offset, which the call takes as its last argument.
func (p *pass) atomic(r *reader) (call, offset uint32, replace bool) {
	sub := r.u32()
	switch {
	case sub <= 2:
		align, offset := memarg(r)
		// Validation of the original instruction requires natural
		// alignment and a memory; the call would not, so check here.
		natural := uint32(2)
		if sub == 2 {
			natural = 3
		}
		if align != natural {
			fail("%s: atomic wait/notify with alignment 2^%d, want 2^%d", r.what, align, natural)
		}
		if !p.hasMemory {
			fail("%s: atomic wait/notify in a module without memory", r.what)
		}
		return p.fNotify + sub, offset, true // notify, wait32, wait64 in order
	case sub == 3: // atomic.fence
		r.byte()
	case sub >= 0x10 && sub <= 0x4E: // loads, stores, read-modify-writes
		memarg(r)
	default:
		fail("%s: unknown opcode 0xfe %d", r.what, sub)
	}
	return 0, 0, false
}
