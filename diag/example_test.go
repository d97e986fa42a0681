package diag_test

import (
	"context"
	"fmt"
	"os"

	"github.com/wasync/wasync/diag"
	"github.com/wasync/wasync/luabind"
)

// Count a script's sync calls per object and per thread. The script ends
// holding its mutex, which the table shows as the owner at exit; object #2
// is the main thread's end, which the run releases for joiners.
func ExampleStats() {
	stats := diag.NewStats()
	src := `local m = thread.mutex()
for _ = 1, 3 do m:lock() m:unlock() end
m:lock()`
	if _, err := luabind.RunString(context.Background(), "count.lua", src,
		luabind.Options{Observe: stats.Observe}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := stats.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// object                        kind       acquired  contended  total wait  longest wait  timeouts  owner at exit
	// #2 (end of thread 1, joined)  semaphore  0         0          0s          0s            0         -
	// #3 (count.lua:1)              mutex      4         0          0s          0s            0         1
	//
	// thread  calls  contended  total wait
	// 1       8      0          0s
}
