package bench

import (
	"context"
	"fmt"
	"io/fs"
	"os"

	"github.com/wasync/wasync/wasmhost"
)

// A Suite holds the compiled benchmark guests and the sizes of the scale
// rows; a Suite's cases must run one at a time.
type Suite struct {
	rt                   *wasmhost.Runtime
	sync, scale, objects *wasmhost.Module
	loops                *loopGuests // P8's guests, plain and instrumented
	// ScaleThreads are P6's queue lengths: the last one's time is compared
	// with the first one's.
	ScaleThreads []int
	// Objects is how many objects P7 uses once each.
	Objects int
}

// Open compiles the guests found in dir (the repository's testdata) with
// the full sizes of the rows: P6 at 1,000 and 10,000 threads, P7 with a
// million objects.
func Open(ctx context.Context, dir string) (*Suite, error) { return OpenFS(ctx, os.DirFS(dir)) }

// OpenFS is Open with the guests read from fsys (wasync.BenchGuests, under
// "testdata", is the built ones embedded).
func OpenFS(ctx context.Context, fsys fs.FS) (*Suite, error) {
	rt, err := wasmhost.NewRuntime(ctx)
	if err != nil {
		return nil, err
	}
	s := &Suite{rt: rt, ScaleThreads: []int{1000, 10000}, Objects: 1000000}
	for _, g := range []struct {
		name string
		mod  **wasmhost.Module
	}{{"syncbench", &s.sync}, {"scale", &s.scale}, {"objects", &s.objects}} {
		wasm, err := fs.ReadFile(fsys, g.name+".wasm")
		if err == nil {
			*g.mod, err = rt.Compile(ctx, wasm)
		}
		if err != nil {
			_ = rt.Close(ctx)
			return nil, fmt.Errorf("bench: guest %s: %w", g.name, err)
		}
	}
	loops, err := fs.ReadFile(fsys, "loops.wasm")
	if err != nil {
		_ = rt.Close(ctx)
		return nil, fmt.Errorf("bench: guest loops: %w", err)
	}
	tight, err := fs.ReadFile(fsys, "tight.wasm")
	if err == nil {
		s.loops, err = openLoops(ctx, rt, loops, tight)
	}
	if err != nil {
		_ = rt.Close(ctx)
		return nil, fmt.Errorf("bench: P8's guests: %w", err)
	}
	return s, nil
}

// Close releases the runtime and the guests.
func (s *Suite) Close() error {
	ctx := context.Background()
	err := s.loops.close(ctx)
	if rerr := s.rt.Close(ctx); rerr != nil {
		err = rerr
	}
	return err
}
