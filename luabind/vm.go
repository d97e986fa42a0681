package luabind

import (
	"errors"
	"fmt"

	lua "github.com/Shopify/go-lua"
	"github.com/wasync/wasync/third_party/go-lua/patches"
)

// CheckVM reports whether the go-lua this program is built with has
// wasync's patches (third_party/go-lua/patches: the OP_CONCAT stack fix,
// pairs with deletion, linear pairs and table.concat, size limits, long
// library calls a time limit can stop, and the rest listed in RATIONALE.md).
// It returns nil for a VM built with exactly these patches, and otherwise an
// error saying what is wrong and what to do.
//
// wasync's own go.mod replaces go-lua by the patched copy `make golua`
// writes, but a replace applies only in the main module: a program that
// imports luabind from its own module gets go-lua unpatched unless its
// go.mod says otherwise. Such a program writes the patched copy with
//
//	go run github.com/wasync/wasync/third_party/go-lua -o ./third_party/go-lua
//
// (it needs git and the Go module proxy or cache), adds
//
//	replace github.com/Shopify/go-lua => ./third_party/go-lua
//
// to its go.mod, reruns the command whenever it updates wasync, and may call
// CheckVM at start-up (or in a test) to fail early on a VM without the fixes.
//
// CheckVM reads the patch list a patched VM records in each State's
// registry, then runs small scripts that fail on an unpatched VM. It takes
// about half a millisecond.
func CheckVM() error {
	l := lua.NewState()
	lua.OpenLibraries(l)
	l.Field(lua.RegistryIndex, patches.RegistryKey)
	got, _ := l.ToString(-1)
	l.Pop(1)
	var errs []error
	switch want := patches.Marker(); got {
	case want:
	case "":
		errs = append(errs, errors.New("go-lua is not wasync's patched copy (see go doc luabind.CheckVM)"))
	default:
		errs = append(errs, fmt.Errorf("go-lua was patched with other patches than this wasync's: rerun `go run github.com/wasync/wasync/third_party/go-lua` (`make golua` in wasync)\n\tVM:     %s\n\twasync: %s", got, want))
	}
	for _, p := range vmProbes {
		if err := p.run(l); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.fix, err))
		}
	}
	return errors.Join(errs...)
}

// A vmProbe checks one fix with a script that returns true on a fixed VM
// and something else, or fails, on an unpatched one. Each must be safe on
// an unpatched VM: no probe may allocate much or take long there.
type vmProbe struct {
	fix, src string
	// setup, if set, prepares the State first (and may check afterwards).
	setup func(l *lua.State) (check func() error)
}

var vmProbes = []vmProbe{
	{fix: "concat leaves the stack top in live registers (patch 0001)", src: `
		local t = setmetatable({}, {__index = function() return nil end})
		local tag = "m" .. 1
		local a, b = t.owner == nil, t.recursive
		return tag == "m1" and a == true and b == nil`},
	{fix: "clearing a field during pairs (patch 0002)", src: `
		local t = {a = 1, b = 2, c = 3}
		for k in pairs(t) do t[k] = nil end
		return next(t) == nil`},
	{fix: "error values other than strings (patch 0007)", src: `
		local ok, e = pcall(error, {code = 1})
		return not ok and type(e) == "table" and e.code == 1`},
	{fix: "error messages naming the wrong variable (patch 0008)", src: `
		local x
		local ok, e = pcall(function() os.nosuch() end)
		return not ok and e:find("field 'nosuch'", 1, true) ~= nil`},
	{fix: "long library calls ignore the count hook (patch 0005)", setup: hookedConcat, src: `
		table.concat(probe)
		return true`},
}

// hookedConcat sets a count hook every 50 instructions and a 1000-item
// table: the probe's few instructions alone cannot fire it 10 times, so
// 10 fires mean table.concat counted its loop.
func hookedConcat(l *lua.State) func() error {
	l.CreateTable(1000, 0)
	for i := 1; i <= 1000; i++ {
		l.PushString("")
		l.RawSetInt(-2, i)
	}
	l.SetGlobal("probe")
	fired := 0
	lua.SetDebugHook(l, func(*lua.State, lua.Debug) { fired++ }, lua.MaskCount, 50)
	return func() error {
		lua.SetDebugHook(l, nil, 0, 0)
		if fired < 10 {
			return fmt.Errorf("the hook fired %d times in a 1000-item table.concat", fired)
		}
		return nil
	}
}

func (p vmProbe) run(l *lua.State) error {
	check := func() error { return nil }
	if p.setup != nil {
		check = p.setup(l)
	}
	top := l.Top()
	defer l.SetTop(top)
	if err := lua.DoString(l, p.src); err != nil {
		check()
		return err
	}
	ok := l.ToBoolean(-1)
	if err := check(); err != nil {
		return err
	}
	if !ok {
		return errors.New("the probe script returned false")
	}
	return nil
}
