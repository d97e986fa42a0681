package luabind

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wasync/wasync/diag"
)

// fuzzStatements is the grammar FuzzLuaAPI draws from: each statement is
// one call of the sync API (or the shared table's) on one of a few slots,
// run under pcall so that an error goes on to the next. %d is a slot
// number 1-3, %n a small number that may be out of range.
var fuzzStatements = []string{
	"m[%d] = thread.mutex(%n)",
	"m[%d] = setmetatable({recursive = %b}, {__name = 'mutex'})",
	"s[%d] = thread.semaphore(%n)",
	"s[%d] = setmetatable({count = %n}, {__name = 'semaphore'})",
	"lockmutex(m[%d])",
	"m[%d]:trylock()",
	"timelockmutex(m[%d], 0)",
	"m[%d]:timedlock(0.001)",
	"unlockmutex(m[%d])",
	"m[%d]:unlock()",
	"timeacquiresemaphore(s[%d], 0)",
	"s[%d]:timedacquire(0.001)",
	"releasesemaphore(s[%d])",
	"s[%d].count = %n",
	"x = m[%d].owner, s[%d].count, s[%d].waiters",
	"shared.v%d = m[%d]",
	"m[%d] = shared.v%d",
	"shared.l = shared.l or {} table.insert(shared.l, %n)",
	"table.remove(shared.l or {}, %n)",
	"x = table.concat(shared.l or {}, ',')",
	"x = next(shared, shared.k%d and 'k%d' or nil)",
	"rawset(shared, 'k%d', %n)",
	"table.sort(shared.l or {})",
	"t[%d] = thread.spawn(function(m, s) pcall(lockmutex, m) pcall(releasesemaphore, s) return %n end, m[%d], s[%d])",
	"t[%d] = thread.spawn('error(\"e%d\")')",
	"x = t[%d] and t[%d]:join()",
	"thread.sleep(0)",
	"io.write(%n, 'w') x = io.read('*n', '*l', %d)",
	"for line in io.lines() do end",
	"x = table.unpack(shared.l or {}, %n)",
	"error('boom %d')",
}

// fuzzScript turns fuzz bytes into a script: each pair of bytes is a
// statement and its operands.
func fuzzScript(data []byte) string {
	var b strings.Builder
	b.WriteString("m, s, t = {}, {}, {}\n")
	for i := 0; i+1 < len(data) && i < 120; i += 2 {
		stmt := fuzzStatements[int(data[i])%len(fuzzStatements)]
		arg := int(data[i+1])
		r := strings.NewReplacer(
			"%d", fmt.Sprint(arg%3+1),
			"%n", fmt.Sprint(arg%7-1),
			"%b", fmt.Sprint(arg%2 == 0),
		)
		fmt.Fprintf(&b, "pcall(function() %s end)\n", r.Replace(stmt))
	}
	return b.String()
}

// FuzzLuaAPI runs scripts drawn from a small grammar over the sync API:
// whatever they do, the host survives, the run ends within its time limit
// and every error is one a run can return. go test runs the seeds; go
// test -fuzz FuzzLuaAPI ./luabind explores further.
func FuzzLuaAPI(f *testing.F) {
	for _, seed := range []string{
		"\x00\x00\x04\x00\x08\x00\x08\x00",
		"\x02\x01\x0a\x01\x0d\x05\x0c\x01\x0e\x01",
		"\x00\x01\x17\x01\x19\x01\x04\x01\x08\x01",
		"\x11\x02\x11\x03\x13\x00\x14\x01\x15\x02\x16\x00\x12\x01",
		"\x18\x00\x19\x00\x1b\x00",
		"\x00\x00\x0f\x00\x10\x01\x04\x01\x17\x00\x19\x00",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		src := fuzzScript(data)
		start := time.Now()
		_, err := RunString(context.Background(), "fuzz.lua", src, Options{TimeLimit: 2 * time.Second, MaxThreads: 16, Stdin: strings.NewReader("12 x\nline\n")})
		if d := time.Since(start); d > 30*time.Second {
			t.Fatalf("the run took %v past its 2s limit:\n%s", d, src)
		}
		var script *ScriptError
		var thread *ThreadError
		var blocked *diag.BlockedError
		switch {
		case err == nil, errors.Is(err, ErrTimeLimit), errors.As(err, &blocked), errors.As(err, &thread):
		case errors.As(err, &script):
			if strings.Contains(script.Message, "Go panic") || strings.Contains(script.Message, "internal error") {
				t.Fatalf("%v\n%s", err, src)
			}
		default:
			t.Fatalf("unexpected error %T %v\n%s", err, err, src)
		}
	})
}
