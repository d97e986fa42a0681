package luabind_test

import (
	"fmt"
	"log"

	"github.com/wasync/wasync/luabind"
)

// A program embedding luabind checks at start-up that its go-lua has
// wasync's patches (see CheckVM for what to add to its go.mod).
func ExampleCheckVM() {
	if err := luabind.CheckVM(); err != nil {
		log.Fatalf("wasync's Lua would misbehave: %v", err)
	}
	fmt.Println("the VM has wasync's patches")
	// Output: the VM has wasync's patches
}
