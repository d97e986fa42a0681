package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tetratelabs/wazero"
	"github.com/wasync/wasync/wasmhost"
)

// cacheUsage documents the compilation cache flags of wasync run.
const cacheUsage = `      --cache-dir <DIR>              Keep compiled modules in DIR, so that the next run of the
                                     same module starts at once (default: wasync in the
                                     user's cache directory, e.g. ~/.cache/wasync)
      --no-cache                     Compile the module every time; write no cache
`

// cacheFlags are wasync run's compilation cache flags.
type cacheFlags struct {
	dir string
	off bool
}

func (c *cacheFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.dir, "cache-dir", "", "")
	fs.BoolVar(&c.off, "no-cache", false, "")
}

// open returns the Runtime option of the cache the flags ask for, and a
// close for after the Runtime's; no cache with --no-cache, or when there
// is no default directory. An explicit --cache-dir that cannot be used is
// an error; the default one only costs the speed-up.
func (c cacheFlags) open() (wasmhost.Option, func(), error) {
	none, noCache := func() {}, wasmhost.WithCompilationCache(nil)
	if c.off {
		return noCache, none, nil
	}
	dir := c.dir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return noCache, none, nil
		}
		dir = filepath.Join(base, "wasync")
	}
	cache, err := wazero.NewCompilationCacheWithDir(dir)
	if err != nil {
		if c.dir == "" {
			return noCache, none, nil
		}
		return nil, none, fmt.Errorf("--cache-dir %s: %w", dir, err)
	}
	return wasmhost.WithCompilationCache(cache), func() { _ = cache.Close(context.Background()) }, nil
}
