package wasmhost

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/wasync/wasync/wasmhost/internal/instrument"
)

// slowModule is a valid module that wazero takes a while to compile: an
// empty _start, and n functions of instrument.MaxLoopNesting nested loops
// (about a quarter of a second each, instrumented).
func slowModule(n int) []byte {
	slow := append([]byte{0}, bytes.Repeat([]byte{0x03, 0x40}, instrument.MaxLoopNesting)...) // loop
	slow = append(slow, bytes.Repeat([]byte{0x0B}, instrument.MaxLoopNesting+1)...)
	funcs := append(appendULEB(nil, uint32(n+1)), bytes.Repeat([]byte{0}, n+1)...)
	code := append(appendULEB(nil, uint32(n+1)), 2, 0, 0x0B) // _start
	for range n {
		code = append(appendULEB(code, uint32(len(slow))), slow...)
	}
	m := append([]byte(nil), wasmHeader...)
	m = appendSection(m, 1, []byte{1, 0x60, 0, 0})
	m = appendSection(m, 3, funcs)
	m = appendSection(m, 7, exportSection(startName, 0x00))
	return appendSection(m, 10, code)
}

// TestCompileHonoursContext: Compile returns once its context is done,
// with the context's cause, while wazero compiles on in the background;
// Run's time limit covers compiling. wazero checks no context inside a
// function, and Compile used to wait for it (100,000 nested loops: over
// 300 s, deaf to the time limit and to Ctrl-C).
func TestCompileHonoursContext(t *testing.T) {
	for _, instrumented := range []bool{true, false} {
		rt := newTestRuntime(t, WithInstrumentation(instrumented))
		wasm := slowModule(2)
		cause := errors.New("enough")
		ctx, cancel := context.WithCancelCause(context.Background())
		cancel(cause)
		finished := make(chan struct{})
		m, err := rt.Compile(ctx, wasm)
		go func() {
			rt.compiling.Wait()
			close(finished)
		}()
		select {
		case <-finished:
			t.Errorf("instrumented %v: Compile waited for wazero to finish", instrumented)
		default:
		}
		if m != nil || !errors.Is(err, cause) {
			t.Errorf("instrumented %v: Compile = %v, %v; want the context's cause", instrumented, m, err)
		}
		code, err := rt.Run(context.Background(), wasm, WithTimeLimit(time.Millisecond))
		if code != ExitTimeLimit || !errors.Is(err, ErrTimeLimit) {
			t.Errorf("instrumented %v: Run = %d, %v; want the time limit", instrumented, code, err)
		}
		<-finished
		rt.compiling.Wait()
		// And in time, it is compiled as before.
		code, err = rt.Run(context.Background(), slowModule(0))
		if code != 0 || err != nil {
			t.Errorf("instrumented %v: Run = %d, %v", instrumented, code, err)
		}
	}
}
