package wasmhost

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/tetratelabs/wazero"
)

// A mount is one preopened directory: a host directory (read-write or
// read-only) or an fs.FS, seen by the guest at guest.
type mount struct {
	host     string
	fsys     fs.FS
	guest    string
	readOnly bool
}

// WithReadOnlyDir preopens the host directory hostPath as guestPath,
// read-only: the guest's writes, creations and removals there fail
// (wazero's FSConfig.WithReadOnlyDirMount).
func WithReadOnlyDir(hostPath, guestPath string) Option {
	return func(c *config) {
		c.mounts = append(c.mounts, mount{host: hostPath, guest: guestPath, readOnly: true})
	}
}

// WithFS preopens fsys as guestPath, read-only (an fs.FS has no writes):
// an embed.FS, a fstest.MapFS or os.DirFS (wazero's FSConfig.WithFSMount).
func WithFS(fsys fs.FS, guestPath string) Option {
	return func(c *config) { c.mounts = append(c.mounts, mount{fsys: fsys, guest: guestPath, readOnly: true}) }
}

// fsConfig mounts the run's directories; nil when there are none.
func fsConfig(mounts []mount) (wazero.FSConfig, error) {
	if len(mounts) == 0 {
		return nil, nil
	}
	cfg := wazero.NewFSConfig()
	for _, m := range mounts {
		switch {
		case m.fsys != nil:
			cfg = cfg.WithFSMount(m.fsys, m.guest)
			continue
		case m.fsys == nil && m.host == "":
			return nil, errors.New("wasmhost: a preopened directory needs a host path or an fs.FS")
		}
		// wazero mounts a missing directory without a word, and the guest
		// would find it empty: say so before the run.
		fi, err := os.Stat(m.host)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("wasmhost: preopened directory %q: no such directory", m.host)
		case err != nil:
			return nil, fmt.Errorf("wasmhost: preopened directory: %w", err)
		case !fi.IsDir():
			return nil, fmt.Errorf("wasmhost: preopened directory %q is not a directory", m.host)
		case m.readOnly:
			cfg = cfg.WithReadOnlyDirMount(m.host, m.guest)
		default:
			cfg = cfg.WithDirMount(m.host, m.guest)
		}
	}
	return cfg, nil
}
