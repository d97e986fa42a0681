// Command rewritewasm is the instrumenting pass as a program, built for
// GOOS=wasip1 so that the JS host (jshost/) rewrites guests with the same
// code as the Go host: it reads a module on stdin and writes the rewritten
// module to stdout, or the error to stderr with exit status 1.
//
//	GOOS=wasip1 GOARCH=wasm go build -trimpath -o jshost/lib/rewrite.wasm ./wasmhost/internal/instrument/rewritewasm
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err == nil {
		var out []byte
		if out, _, err = instrument.Rewrite(in); err == nil {
			_, err = os.Stdout.Write(out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
