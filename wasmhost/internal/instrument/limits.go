package instrument

// Limits on what wazero's compiler takes time or memory for out of
// proportion to the bytes that declare it. wazero v1.12.0's compile time
// grows with the square of a function's control nesting, most of all for
// nested loops (instrumented: 8,192 nested loops 17 s, 10,000 31 s,
// 100,000 over 300 s; 8,192 nested blocks 0.4 s), and of a br_table's
// targets (65,520: 1.6 s; a million: 167 s and 2.4 GB); and it checks no
// context while it compiles a function. The limits on br_table and function
// size are V8's. V8 has no nesting limit; compilers nest blocks deeply for
// large switch statements (a block per case), loops only as deep as the
// source does, so MaxLoopNesting is far below MaxNesting. At the limits,
// compiling takes about 2 s (a function of MaxFunctionSize bytes, or a
// br_table of MaxBrTable targets) and under 0.5 s (nesting).
const (
	// MaxNesting caps the depth of nested blocks, loops and ifs in a
	// function.
	MaxNesting = 8192
	// MaxLoopNesting caps the depth of loops nested in loops.
	MaxLoopNesting = 1024
	// MaxBrTable caps the targets of one br_table.
	MaxBrTable = 65520
	// MaxFunctionSize caps a function body's size in bytes.
	MaxFunctionSize = 7654321
)

// enter is a block, loop or if: one more level of nesting.
func (p *pass) enter(r *reader, loop bool) {
	if len(p.nest) == MaxNesting {
		fail("%s: function %d nests blocks, loops and ifs deeper than %d, a limit of this host",
			r.what, p.curFunc, MaxNesting)
	}
	if loop {
		if p.loops++; p.loops > MaxLoopNesting {
			fail("%s: function %d nests loops deeper than %d, a limit of this host",
				r.what, p.curFunc, MaxLoopNesting)
		}
	}
	p.nest = append(p.nest, loop)
}

// leave is an end: of a block, loop or if, or of the function's body.
func (p *pass) leave() {
	if n := len(p.nest); n > 0 {
		if p.nest[n-1] {
			p.loops--
		}
		p.nest = p.nest[:n-1]
	}
}

// brTable checks the target count of a br_table.
func (p *pass) brTable(r *reader, n uint32) {
	if n > MaxBrTable {
		fail("%s: function %d has a br_table of %d targets, over this host's limit of %d",
			r.what, p.curFunc, n, MaxBrTable)
	}
}

// bodySize checks the size of a function body.
func (p *pass) bodySize(r *reader, size uint32) {
	if size > MaxFunctionSize {
		fail("%s: function %d is %d bytes long, over this host's limit of %d",
			r.what, p.curFunc, size, MaxFunctionSize)
	}
}
