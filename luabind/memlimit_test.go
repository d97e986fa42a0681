package luabind

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestMemoryLimit: scripts that allocate without bound get "not enough
// memory" instead of taking the host down; a script may catch it, drop
// what it holds and go on.
func TestMemoryLimit(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"a growing table", `local t = {} local i = 0 while true do i = i + 1 t[i] = i end`, "not enough memory"},
		{"a doubling string", `local s = "x" while true do s = s .. s end`, "not enough memory"},
		{"many strings", `local t = {} for i = 1, 1e6 do t[i] = string.rep("x", 1e6) .. i end`, "not enough memory"},
		{"caught with pcall", `return pcall(function() local t = {} while true do t[#t + 1] = {} end end)`, "false not enough memory"},
		{"a thread ends, the run goes on", `
local t = thread.spawn(function() local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end end)
local ok, err = t:join()
local after = 0
for i = 1, 1000 do after = after + #tostring(i) end -- runs once the thread's State is freed
return tostring(ok) .. " " .. err .. " " .. after`, "false not enough memory 2893"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := RunString(context.Background(), "mem.lua", tc.src, Options{MemoryLimit: 16 << 20, TimeLimit: time.Minute})
			got := strings.TrimSuffix(fmt.Sprintln(res...), "\n")
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("got %q (%v), want %q", got, res, tc.want)
			}
		})
	}
}
