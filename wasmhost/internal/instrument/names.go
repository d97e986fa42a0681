package instrument

// names rewrites the body of the "name" section (after its name): function
// and global indices shift as they do in code. Every known subsection is
// re-encoded from what was read, so that no count or length declares more
// than its bytes hold (wazero v1.12.0 allocates what the module name,
// function and local name subsections declare before reading them);
// unknown ones are dropped. A name section that does not decode is dropped
// whole (ok false): names only decorate stack traces.
func (p *pass) names(body []byte) (out []byte, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			if _, isDecode := e.(decodeError); !isDecode {
				panic(e)
			}
			out, ok = nil, false
		}
	}()
	out = appendName(nil, "name")
	r := &reader{b: body, what: "name section"}
	funcs := false // the function names are written (see funcNames)
	for !r.done() {
		id := r.byte()
		sr := &reader{b: r.bytes(r.u32()), what: r.what}
		if id > 1 && !funcs {
			out, funcs = appendSection(out, 1, p.funcNames(nil)), true
		}
		var sub []byte
		switch id {
		case 0: // module
			sub = appendName(nil, sr.name())
		case 4, 5, 6, 8, 9: // types, tables, memories, elements, data
			sub = nameMap(sr, nil, nil)
		case 1: // functions
			sub, funcs = p.funcNames(sr), true
		case 2, 3: // locals, labels: per function
			n := sr.u32()
			sub = appendU32(nil, n)
			for i := uint32(0); i < n; i++ {
				sub = appendU32(sub, p.fn(sr.u32()))
				sub = nameMap(sr, sub, nil)
			}
		case 7: // globals
			sub = nameMap(sr, nil, p.global)
		default:
			continue
		}
		if !sr.done() {
			fail("name subsection %d: bytes left over", id)
		}
		out = appendSection(out, id, sub)
	}
	if !funcs {
		out = appendSection(out, 1, p.funcNames(nil))
	}
	return out, true
}

// nameMap copies a vector of (index, name), mapping the indices with shift
// (nil: kept).
func nameMap(r *reader, out []byte, shift func(uint32) uint32) []byte {
	n := r.u32()
	out = appendU32(out, n)
	for i := uint32(0); i < n; i++ {
		idx := r.u32()
		if shift != nil {
			idx = shift(idx)
		}
		out = appendName(appendU32(out, idx), r.name())
	}
	return out
}
