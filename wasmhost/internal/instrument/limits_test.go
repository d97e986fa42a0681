package instrument

import (
	"bytes"
	"strings"
	"testing"
)

// oneFunc is a module of one function () → () of the given body, locals
// and end included.
func oneFunc(body []byte) []byte {
	m := append([]byte(nil), header...)
	m = appendSection(m, secType, []byte{1, 0x60, 0, 0})
	m = appendSection(m, secFunction, []byte{1, 0})
	return appendSection(m, secCode, append(appendU32([]byte{1}, uint32(len(body))), body...))
}

// levels is n levels of nesting of kind op (block, loop or if).
type levels struct {
	op byte
	n  int
}

// nested is a body that opens the levels, outermost first.
func nested(ls ...levels) []byte {
	b, ends := []byte{0}, 1
	for _, l := range ls {
		open := []byte{l.op, blockEmpty}
		if l.op == opIf {
			open = []byte{opI32Const, 0, l.op, blockEmpty}
		}
		b, ends = append(b, bytes.Repeat(open, l.n)...), ends+l.n
	}
	return append(b, bytes.Repeat([]byte{opEnd}, ends)...)
}

// brTableBody is a body with a br_table of n targets.
func brTableBody(n uint32) []byte {
	b := appendU32([]byte{0, 0x02, blockEmpty, opI32Const, 0, 0x0E}, n)
	b = append(b, bytes.Repeat([]byte{0}, int(n)+1)...)
	return append(b, opEnd, opEnd)
}

// TestLimits: a function at each limit passes, one past it is refused with
// an error naming the limit, in both passes. wazero's compile time grows
// with the square of nesting and br_table size, and it checks no context
// inside a function (see limits.go).
func TestLimits(t *testing.T) {
	big := append([]byte{0}, bytes.Repeat([]byte{0x01}, MaxFunctionSize-2)...) // nops
	for _, c := range []struct {
		name     string
		ok, over []byte
		want     string
	}{
		{"nested blocks", nested(levels{0x02, MaxNesting}), nested(levels{0x02, MaxNesting + 1}), "deeper than 8192"},
		{"nested ifs", nested(levels{opIf, MaxNesting}), nested(levels{opIf, MaxNesting + 1}), "deeper than 8192"},
		{"nested loops", nested(levels{opLoop, MaxLoopNesting}), nested(levels{opLoop, MaxLoopNesting + 1}),
			"loops deeper than 1024"},
		{"loops in blocks", nested(levels{0x02, MaxNesting - MaxLoopNesting}, levels{opLoop, MaxLoopNesting}),
			nested(levels{0x02, MaxNesting - MaxLoopNesting + 1}, levels{opLoop, MaxLoopNesting}), "deeper than 8192"},
		// A loop's end ends its loop level: sibling loops do not add up.
		{"sibling loops", append(nested(levels{opLoop, MaxLoopNesting})[:1+2*MaxLoopNesting],
			append(bytes.Repeat([]byte{opEnd}, MaxLoopNesting), nested(levels{opLoop, MaxLoopNesting})[1:]...)...),
			nested(levels{0x02, 1}, levels{opLoop, MaxLoopNesting + 1}), "loops deeper than 1024"},
		{"br_table", brTableBody(MaxBrTable), brTableBody(MaxBrTable + 1), "br_table of 65521 targets"},
		{"function size", append(big, opEnd), append(big, 0x01, opEnd), "7654322 bytes long"},
	} {
		for pass, f := range map[string]func([]byte) ([]byte, Info, error){"Rewrite": Rewrite, "Screen": Screen} {
			if _, _, err := f(oneFunc(c.ok)); err != nil {
				t.Errorf("%s %s at the limit: %v", pass, c.name, err)
			}
			if _, _, err := f(oneFunc(c.over)); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %s past the limit: %v, want an error containing %q", pass, c.name, err, c.want)
			}
		}
	}
}
