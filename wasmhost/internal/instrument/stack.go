package instrument

// The stack ceiling. wazero's compiled code grows a thread's stack, a Go
// slice, by doubling until it passes 50 MB, and cannot be told to stop
// sooner: 32 threads recursing without end took 3.3 GB. So the pass keeps
// each thread's stack use itself, estimated in bytes: every function entry
// adds its frame's estimate to a global of the instance, traps through
// FuncStackLimit when the sum passes the run's GlobalStackLimit, and every
// exit subtracts it again. The exits are `return` and the body's end; the
// pass wraps each body in a block of the function's result types, so that a
// branch to the function's label, which exits the function, now exits the
// block and passes the subtraction. A trap or a host function's panic
// unwinds the whole thread, whose instance is then discarded, so nothing
// needs the count afterwards.
//
// The estimate is frameBytes: 16 bytes and 8 per parameter and local.
// wazero's frames measured 14-28 bytes for a function of no locals, 5-10
// per i64 local; values spilled in deep expressions are not counted, and the
// stack wazero allocates is up to twice what the threads use (it doubles).

// A typeShape is what the stack ceiling needs of a function type.
type typeShape struct {
	params  uint32
	results []byte // the result types' encoding, count excluded
}

// frameBytes estimates the stack bytes of one call of a function.
func frameBytes(params, locals uint32) int32 {
	return int32(16 + 8*(uint64(params)+uint64(locals)))
}

// appendBodyTypes appends, for each guest type, a type of no parameters and
// the same results: the type of the block that wraps a body of that type.
func (p *pass) appendBodyTypes(out []byte) []byte {
	for _, t := range p.typeShapes {
		out = append(appendU32(append(out, 0x60, 0), uint32(len(t.results))), t.results...)
	}
	return out
}

// appendStackEnter appends, at the entry of a function of guest type typ:
//
//	stack = stack + frame
//	if stack >u stack_limit { call stack_limit_exceeded }
//	block (type body type of typ)
func (p *pass) appendStackEnter(b []byte, typ uint32) []byte {
	b = appendU32(append(b, opGlobalGet), p.gStack)
	b = appendI32(append(b, opI32Const), p.frame)
	b = appendU32(append(b, opI32Add, opGlobalSet), p.gStack)
	b = appendU32(append(b, opGlobalGet), p.gStack)
	b = appendU32(append(b, opGlobalGet), p.gStackLimit)
	b = append(b, opI32GtU, opIf, blockEmpty)
	b = appendU32(append(b, opCall), p.fStackLimit)
	b = append(b, opEnd, opBlock)
	return appendI32(b, int32(p.types+uint32(len(hostTypes))+typ))
}

// appendStackLeave appends, before a return or the function's end:
//
//	stack = stack - frame
func (p *pass) appendStackLeave(b []byte) []byte {
	b = appendU32(append(b, opGlobalGet), p.gStack)
	b = appendI32(append(b, opI32Const), p.frame)
	return appendU32(append(b, opI32Sub, opGlobalSet), p.gStack)
}
