package instrument

import "strconv"

// funcNames is the function-name subsection of the rewritten module, read
// from the guest's (r; nil when it has none). The pass's imports shift the
// guest's own functions, so a function the guest left unnamed is named
// "$i" by its index in the guest: wazero would otherwise show its shifted
// index in stack traces ("$4" for the guest's function 0), and a trace of
// an instrumented guest reads as one of the guest as it was.
func (p *pass) funcNames(r *reader) []byte {
	named := map[uint32]string{}
	if r != nil {
		for i, n := uint32(0), r.u32(); i < n; i++ {
			idx := r.u32()
			name := r.name()
			p.fn(idx) // in range
			named[idx] = name
		}
	}
	total := p.funcImports + p.definedFuncs
	var entries []byte
	count := uint32(0)
	for i := uint32(0); i < total; i++ {
		name, ok := named[i]
		switch {
		case ok:
		case i >= p.funcImports:
			name = "$" + strconv.FormatUint(uint64(i), 10)
		default:
			continue // an import keeps the host's name
		}
		entries = appendName(appendU32(entries, p.fn(i)), name)
		count++
	}
	return append(appendU32(nil, count), entries...)
}
