package wasmhost

import (
	"errors"
	"io"
	"sync"
)

// stdio is a run's standard streams as its threads see them.
type stdio struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func newStdio(cfg config, done <-chan struct{}) stdio {
	var mu sync.Mutex // one lock for both, in case they are one writer
	s := stdio{stdout: io.Discard, stderr: io.Discard}
	if cfg.stdout != nil {
		s.stdout = &lockedWriter{mu: &mu, w: cfg.stdout, done: done}
	}
	if cfg.stderr != nil {
		s.stderr = &lockedWriter{mu: &mu, w: cfg.stderr, done: done}
	}
	if cfg.stdin != nil {
		s.stdin = &stdinReader{r: cfg.stdin, done: done}
	}
	return s
}

// lockedWriter serialises the writes of a run's threads, and refuses those
// made after the run ended: a thread still unwinding must not print as if
// the run went on.
type lockedWriter struct {
	mu   *sync.Mutex
	w    io.Writer
	done <-chan struct{}
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	select {
	case <-l.done:
		return 0, errRunEnded
	default:
	}
	return l.w.Write(p)
}

// errRunEnded is what a guest's read of stdin gets once its run has ended.
var errRunEnded = errors.New("wasmhost: the run has ended")

// stdinReader lets a run end while a thread reads stdin: it hides an
// *os.File from wazero (which would read it in blocking mode, beyond reach)
// and reads the embedder's reader on a goroutine of its own, so the guest's
// read returns when the run ends. That goroutine returns when the reader
// does: an embedder whose reader may block forever closes it after Run.
type stdinReader struct {
	r    io.Reader
	done <-chan struct{}
	mu   sync.Mutex // one read at a time, so no result is lost
}

type readResult struct {
	n   int
	err error
}

func (s *stdinReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.done:
		return 0, errRunEnded
	default:
	}
	// The goroutine reads into its own buffer: p is the guest's, and the
	// guest may be gone before the read returns.
	buf := make([]byte, len(p))
	res := make(chan readResult, 1)
	go func() {
		n, err := s.r.Read(buf)
		res <- readResult{n, err}
	}()
	select {
	case rr := <-res:
		return copy(p, buf[:rr.n]), rr.err
	case <-s.done:
		return 0, errRunEnded
	}
}
