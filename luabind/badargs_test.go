package luabind

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestBadArguments calls every function of the API with every pairing of
// awkward values. Each call must return or raise a Lua error with a
// string message: never a Go panic, a hang or a crash. Objects among the
// values are fresh and free, so no call can block.
func TestBadArguments(t *testing.T) {
	src := `
local done = thread.spawn(function() return 1 end)
done:join()
local function values()
  return {
    n = 0, nil, true, 0, -1, 2^53, 1/0, -1/0, 0/0, "", "1", {}, print, function() end,
    thread.mutex(), thread.mutex(thread.MUTEX_RECURSIVE), thread.semaphore(1000),
    setmetatable({}, {__name = "mutex"}), setmetatable({count = 5}, {__name = "semaphore"}),
    setmetatable({count = -1}, {__name = "semaphore"}), setmetatable({owner = 1}, {__name = "mutex"}),
    setmetatable({}, {__name = 7}), setmetatable({}, {__name = "thread"}), shared, done,
  }, 24
end
local fns = {
  lockmutex = lockmutex, trylockmutex = trylockmutex, timelockmutex = timelockmutex,
  unlockmutex = unlockmutex, timeacquiresemaphore = timeacquiresemaphore,
  releasesemaphore = releasesemaphore, mutex = thread.mutex, semaphore = thread.semaphore,
  join = thread.join, id = thread.id, spawn = thread.spawn,
}
local calls, failures = 0, {}
for name, f in pairs(fns) do
  local _, n = values()
  for i = 1, n do
    for j = 1, n do
      local a, b = values(), values()
      local ok, err = pcall(f, a[i], b[j])
      calls = calls + 1
      if not ok and type(err) ~= "string" then failures[#failures + 1] = name .. ": non-string error" end
      if not ok and (err:find("Go panic", 1, true) or err:find("internal error", 1, true)) then
        failures[#failures + 1] = name .. ": " .. err
      end
    end
  end
end
return calls, table.concat(failures, "\n")`
	res, err := RunString(context.Background(), "bad.lua", src, Options{TimeLimit: time.Minute})
	var failed *ThreadError // spawned bad chunks fail, and nobody joins them
	if err != nil && !errors.As(err, &failed) {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0] != float64(11*24*24) {
		t.Fatalf("results %v", res)
	}
	if s := res[1].(string); s != "" {
		t.Errorf("failures:\n%s", strings.TrimSpace(s))
	}
}
