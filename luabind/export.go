package luabind

import "strconv"

// exportAll turns the main chunk's results into plain Go values for the
// embedder: nil, bool, float64 and string as they are; a table as a
// map[any]any (cycles kept); a sync object, thread or shared table as its
// name, such as "mutex #3"; a function as "function".
func exportAll(vals []any) []any {
	seen := map[*xtable]map[any]any{}
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = export(v, seen)
	}
	return out
}

func export(v any, seen map[*xtable]map[any]any) any {
	switch v := v.(type) {
	case *xtable:
		if m, ok := seen[v]; ok {
			return m
		}
		m := make(map[any]any, len(v.kv)/2)
		seen[v] = m
		for i := 0; i < len(v.kv); i += 2 {
			k := v.kv[i]
			if _, ok := k.(*xtable); ok {
				k = "table" // a map cannot be a map key
			}
			m[export(k, seen)] = export(v.kv[i+1], seen)
		}
		return m
	case *handle:
		return v.kind.String() + " #" + strconv.FormatInt(v.id, 10)
	case *xfunc:
		return "function"
	case xenv, xmodule:
		return "table"
	}
	return v
}
