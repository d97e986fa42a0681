package luabind

import (
	"context"
	"strconv"
	"testing"
	"time"

	lua "github.com/Shopify/go-lua"
)

// BenchmarkLockUnlock measures lockmutex(m) + unlockmutex(m) from Lua
// beside two calls of an empty Go function from Lua, in the same run and
// the same loop shape, and reports their ratio; also the method form
// m:lock() + m:unlock(), whose lookups go through the mutex's __index:
//
//	go test -run '^$' -bench LockUnlock -benchtime 2000000x ./luabind/
func BenchmarkLockUnlock(b *testing.B) {
	var marks []time.Time
	funcs := map[string]lua.Function{
		"nop":  func(*lua.State) int { return 0 },
		"mark": func(*lua.State) int { marks = append(marks, time.Now()); return 0 },
	}
	src := `local n = tonumber(...)
local m = thread.mutex()
mark()
for _ = 1, n do lockmutex(m) unlockmutex(m) end
mark()
for _ = 1, n do nop() nop() end
mark()
for _ = 1, n do m:lock() m:unlock() end
mark()`
	b.ReportAllocs()
	_, err := RunString(context.Background(), "bench.lua", src,
		Options{Funcs: funcs, Args: []string{strconv.Itoa(b.N)}})
	if err != nil || len(marks) != 4 {
		b.Fatalf("run: %v (%d marks)", err, len(marks))
	}
	sync := marks[1].Sub(marks[0])
	calls := marks[2].Sub(marks[1])
	b.ReportMetric(float64(sync.Nanoseconds())/float64(b.N), "ns/lock+unlock")
	b.ReportMetric(float64(calls.Nanoseconds())/float64(b.N), "ns/2-go-calls")
	b.ReportMetric(float64(sync)/float64(calls), "ratio")
	b.ReportMetric(float64(marks[3].Sub(marks[2]).Nanoseconds())/float64(b.N), "ns/method-lock+unlock")
}
