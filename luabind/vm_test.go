package luabind

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/Shopify/go-lua"
)

// TestCheckVM fails whenever the tests run on a go-lua without wasync's
// patches (a build that bypassed `make golua`, or stale patches).
func TestCheckVM(t *testing.T) {
	if err := CheckVM(); err != nil {
		t.Fatalf("CheckVM: %v", err)
	}
}

// TestIssueSnippet is issue 12's report: reading a wasync object's field
// after a concatenation. lua5.2 prints "m1 true false" (the object
// semantics are wasync's, so lua5.2 cannot run it: the text is the
// issue's).
func TestIssueSnippet(t *testing.T) {
	got := runPrint(t, `local m = thread.mutex(); local tag = "m" .. 1
print(tag, m.owner == nil, m.recursive)`)
	if want := "m1\ttrue\tfalse\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestVMPatches has a regression test for each go-lua patch whose effect
// a script can print. The wanted output is what lua5.2 prints, except for
// 0004 (lua5.2 raises "not enough memory", or gets the memory) and 0011
// (lua5.2 has no such error).
func TestVMPatches(t *testing.T) {
	for _, tc := range []struct{ patch, src, want string }{
		{"0001 concat, then __index in an argument list", `
local t = setmetatable({}, {__index = function(_, k) return k end})
local s = "a" .. 1
print(s, t.x, t.y, select('#', t.x, s, t.y))`, "a1\tx\ty\t3\n"},
		{"0001 concat, then __index in a constructor", `
local t = setmetatable({}, {__index = function(_, k) return k .. "!" end})
local s = "p" .. "q"
local r = {s, t.a, t.b, n = t.c}
print(#r, r[1], r[2], r[3], r.n)`, "3\tpq\ta!\tb!\tc!\n"},
		{"0001 upstream issue 50's reproduction", `
local meta = {__index = function(self, key) return "ASD" end}
TEST = setmetatable({}, meta)
local x = {'a ' .. TEST.A .. ' a', 'b ' .. TEST.B .. ' b'}
print(x[1], x[2], 'c ' .. TEST.C)`, "a ASD a\tb ASD b\tc ASD\n"},
		{"0001 concat with __concat, then __index", `
local mt = {__concat = function(a, b) return "C" end, __index = function() return 7 end}
local o = setmetatable({}, mt)
local s = o .. "x" .. o
print(s, o.k, o.j)`, "C\t7\t7\n"},
		{"0002 clearing every field during pairs", `
local t = {1, 2, 3}
for i = 1, 100 do t["k" .. i] = i end
local n = 0
for k in pairs(t) do n = n + 1; t[k] = nil end
print(n, next(t))`, "103\tnil\n"},
		{"0002 next with a key that was never there", `
print(pcall(next, {a = 1}, "b"))`, "false\tinvalid key to 'next'\n"},
		{"0004 string.rep past the limit", `
print(pcall(string.rep, "x", 2^40))
print(pcall(string.rep, "x", 2^40, ","))`, "false\tresulting string too large\nfalse\tresulting string too large\n"},
		{"0004 table.concat past the limit", `
local t = {} for i = 1, 300 do t[i] = "" end
print(pcall(table.concat, t, string.rep("x", 2^20)))`, "false\tresulting string too large\n"},
		{"0012 string.reverse, upper and lower on bytes", `
local s = "h\xc3\xa9\xff"
print(s:reverse() == "\xff\xa9\xc3h", s:upper() == "H\xc3\xa9\xff", ("AbC"):lower())`, "true\ttrue\tabc\n"},
		{"0013 syntax errors show tokens as written", `
print(load("x = = 1", "=c"))
print(load("x = 1 1", "=c"))
print(load("local 1 = 2", "=c"))`, "nil\tc:1: unexpected symbol near '='\nnil\tc:1: unexpected symbol near '1'\nnil\tc:1: <name> expected near '1'\n"},
		{"0011 a Go runtime error in a library function", `
print(pcall(string.format, "%"))`, "false\truntime error: index out of range [1] with length 1\n"},
		{"0007 error with a table, a number, nothing", `
local ok, e = pcall(error, {code = 1})
print(ok, type(e), e.code)
print(pcall(error))
print(pcall(error, 42, 0))
print(pcall(function() error(true) end))
local ok, e = pcall(function() error(setmetatable({}, {__tostring = function() return "T" end})) end)
print(ok, tostring(e))`, "false\ttable\t1\nfalse\tnil\nfalse\t42\nfalse\ttrue\nfalse\tT\n"},
		{"0008 the variable an error names", `
local x
print(pcall(function() os.nosuch() end))
print(pcall(function() local t = {} return t.a.b end))
print(pcall(function() nosuchglobal() end))
print(pcall(function() local t = {} t:nomethod() end))
print(pcall(function() return x.y end))
print(pcall(function() local a, b = "x" return a .. b end))
print(pcall(function() local a = {} return 2 ^ a.k end))
print(pcall(function() return math.floor("x") end))
print(pcall(string.rep))
print(pcall(function() return 1 < "2" end))`, `false	t.lua:3: attempt to call field 'nosuch' (a nil value)
false	t.lua:4: attempt to index field 'a' (a nil value)
false	t.lua:5: attempt to call global 'nosuchglobal' (a nil value)
false	t.lua:6: attempt to call method 'nomethod' (a nil value)
false	t.lua:7: attempt to index upvalue 'x' (a nil value)
false	t.lua:8: attempt to concatenate local 'b' (a nil value)
false	t.lua:9: attempt to perform arithmetic on field 'k' (a nil value)
false	t.lua:10: bad argument #1 to 'floor' (number expected, got string)
false	bad argument #1 to 'string.rep' (string expected, got no value)
false	t.lua:12: attempt to compare number with string
`},
	} {
		t.Run(tc.patch, func(t *testing.T) {
			t.Parallel()
			if got := runPrint(t, tc.src); got != tc.want {
				t.Errorf("printed:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestGoPanicValue (patch 0011): a Go function that panics with a string
// (go-lua's own code does, for instance "unexpected opExtraArg") killed the
// process ("interface conversion: string is not error") even inside
// pcall; a panic with an error became an error value of whatever the stack
// held. luabind wraps its own functions, so this uses a bare State.
func TestGoPanicValue(t *testing.T) {
	l := lua.NewState()
	lua.OpenLibraries(l)
	l.Register("panicString", func(*lua.State) int { panic("boom") })
	l.Register("panicError", func(*lua.State) int { panic(errors.New("bad")) })
	if err := lua.DoString(l, `local _, a = pcall(panicString) local _, b = pcall(panicError) return a, b`); err != nil {
		t.Fatal(err)
	}
	a, _ := l.ToString(-2)
	b, _ := l.ToString(-1)
	if a != "boom" || b != "bad" {
		t.Errorf("pcall's error values: %q, %q; want \"boom\", \"bad\"", a, b)
	}
}

// TestManyConstants (patch 0006): a function with more than 262,143
// constants (MAXARG_Bx) loads the rest with LOADKX; before, the code
// generator emitted LOADK with a stray EXTRAARG and the VM panicked the host
// ("unexpected opExtraArg").
func TestManyConstants(t *testing.T) {
	const n = 262200
	var src strings.Builder
	src.WriteString("local t = {")
	for i := range n {
		fmt.Fprintf(&src, "%d.5,", i)
	}
	src.WriteString("}\nprint(#t, t[1], t[262144], t[262145], t[262200])")
	if got, want := runPrint(t, src.String()), "262200\t0.5\t262143.5\t262144.5\t262199.5\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
}

// TestConcatLinear (patch 0003): table.concat allocated its whole result
// again for each piece (s += str). Allocation is counted, not time: 20,000
// pieces of 6 bytes allocated 2.4 GB before, a few hundred KB now.
func TestConcatLinear(t *testing.T) {
	const n = 20000
	src := `local t = {} for i = 1, ` + strconv.Itoa(n) + ` do t[i] = "piece" end
local s = table.concat(t, ",") return #s`
	var before, after goruntime.MemStats
	goruntime.ReadMemStats(&before)
	res, err := RunString(context.Background(), "concat.lua", src, Options{})
	goruntime.ReadMemStats(&after)
	if err != nil || len(res) != 1 || res[0] != float64(6*n-1) {
		t.Fatalf("got %v, %v", res, err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("table.concat of %d pieces allocated %d MB: quadratic", n, alloc>>20)
	}
}

// TestLinear checks operations that were O(n²) in go-lua against a linear
// operation of about the same cost per item, timed in the same run at the
// same size (16,000 items, best of three: noise only ever adds time), so
// cache effects and load from other tests touch both. Measured patched:
// 1–3 times the baseline; unpatched: 1,500–22,000 times. The bound is 30.
//   - pairs over a hash part (patch 0002): next searched the traversal's
//     key list from its start. Baseline: ipairs over an array.
//   - sparse and descending integer keys (patch 0010): every insertion of
//     an integer key beyond the array part counted all the table's integer
//     keys. Baseline: ascending keys.
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing ratio")
	}
	const n = 16000
	ascending := `local t = {} for i = 1, n do t[i] = i end`
	for _, tc := range []struct{ name, setup, work, baseline string }{
		{"pairs over a hash part",
			`local t, a = {}, {} for i = 1, n do t["k" .. i] = i; a[i] = i end`,
			`for k, v in pairs(t) do end`,
			`for k, v in ipairs(a) do end`},
		{"sparse integer keys", ``, `local t = {} for i = 1, n do t[i * 2] = i end`, ascending},
		{"descending integer keys", ``, `local t = {} for i = n, 1, -1 do t[i] = i end`, ascending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			work, base := timeWork(t, tc.setup, tc.work, n), timeWork(t, tc.setup, tc.baseline, n)
			t.Logf("%.3gs, baseline %.3gs", work, base)
			if ratio := work / base; ratio > 30 {
				t.Errorf("took %.0f× as long as the baseline: quadratic", ratio)
			}
		})
	}
}

// timeWork runs setup, then work three times, with n set, and returns the
// shortest time work took. elapsed() returns the seconds since its
// previous call, so only work is timed, not the State or the setup.
func timeWork(t *testing.T, setup, work string, n int) float64 {
	t.Helper()
	var last time.Time
	elapsed := func(l *lua.State) int {
		now := time.Now()
		l.PushNumber(now.Sub(last).Seconds())
		last = now
		return 1
	}
	src := "local n = ...\n" + setup + `
local best = math.huge
for _ = 1, 3 do
	collectgarbage() elapsed()
	` + work + `
	best = math.min(best, elapsed())
end
return best`
	res, err := RunString(context.Background(), "linear.lua", src, Options{
		Args: []string{strconv.Itoa(n)}, Funcs: map[string]lua.Function{"elapsed": elapsed}})
	if err != nil {
		t.Fatal(err)
	}
	return res[0].(float64)
}

// TestLongBuiltinStops (patch 0005, issue 11 item 8): a cancelled run stops
// inside table.sort, not after it. The comparator is a Go function, so no
// Lua instruction runs during the sort; before the patch, all of the
// sort's comparisons ran after the cancel.
func TestLongBuiltinStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls, afterCancel := 0, 0
	less := func(l *lua.State) int {
		if calls++; calls == 100 {
			cancel()
		} else if calls > 100 {
			afterCancel++
		}
		a, _ := l.ToNumber(1)
		b, _ := l.ToNumber(2)
		l.PushBoolean(a < b)
		return 1
	}
	src := `local t = {} for i = 1, 20000 do t[i] = (i * 7919) % 20011 end
table.sort(t, less)`
	_, err := RunString(ctx, "sort.lua", src, Options{Funcs: map[string]lua.Function{"less": less}})
	if err == nil {
		t.Fatal("the run ended without an error")
	}
	// The hook looks every 1000 steps: the sort must stop within that.
	if afterCancel > 2000 {
		t.Errorf("%d comparisons ran after the cancel (of %d)", afterCancel, calls)
	}
}

// TestLongLoadStops (patch 0009): compiling a long chunk stops when the
// run is cancelled. The chunk comes from a Go reader function, so no Lua
// instruction runs while it compiles; before the patch the whole chunk was
// read and compiled after the cancel.
func TestLongLoadStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const pieces = 200000
	calls, afterCancel := 0, 0
	piece := func(l *lua.State) int {
		if calls++; calls == 10 {
			cancel()
		} else if calls > 10 {
			afterCancel++
		}
		if calls > pieces {
			return 0
		}
		l.PushString("x = 1 ")
		return 1
	}
	_, err := RunString(ctx, "load.lua", `local f, e = load(piece) error(e or "compiled")`,
		Options{Funcs: map[string]lua.Function{"piece": piece}})
	if err == nil {
		t.Fatal("the run ended without an error")
	}
	// 3 tokens a piece; the hook looks every 1000.
	if afterCancel > 2000 {
		t.Errorf("%d pieces were read after the cancel (of %d)", afterCancel, calls)
	}
}

func runPrint(t *testing.T, src string) string {
	t.Helper()
	var out bytes.Buffer
	if _, err := RunString(context.Background(), "t.lua", src, Options{Stdout: &out}); err != nil {
		t.Fatalf("%v (printed %q)", err, out.String())
	}
	return out.String()
}
