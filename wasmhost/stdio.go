package wasmhost

import (
	"errors"
	"io"
	"sync"
	"time"

	"github.com/tetratelabs/wazero/experimental/sys"
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
//
// It is also Pollable, so poll_oneoff waits for stdin to have data
// instead of taking it as always ready: a guest with its own scheduler
// (Go's wasip1 runtime) keeps running its other goroutines meanwhile.
type stdinReader struct {
	r    io.Reader
	done <-chan struct{}

	mu      sync.Mutex
	pending chan readResult // the read in flight, nil when none
	buf     []byte          // read but not yet handed to the guest
	err     error           // the reader's error, once buf is drained
}

type readResult struct {
	data []byte
	err  error
}

// stdinChunk is how much one background read asks for.
const stdinChunk = 32 << 10

func (s *stdinReader) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.buf) == 0 && s.err == nil {
		if !s.fill(-1) {
			return 0, errRunEnded
		}
	}
	if len(s.buf) == 0 {
		return 0, s.err
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// Poll implements wazero's sys.Pollable for POLLIN.
func (s *stdinReader) Poll(flag sys.Pflag, timeoutMillis int32) (bool, sys.Errno) {
	if flag != sys.POLLIN {
		return false, sys.ENOTSUP
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.fill(timeoutMillis) {
		return true, 0 // the run ended: the next read says so at once
	}
	return len(s.buf) > 0 || s.err != nil, 0
}

// fill waits up to timeoutMillis (negative: no limit) for data or the
// reader's error, starting a background read if none is in flight. It
// returns false if the run ended first. Under mu.
func (s *stdinReader) fill(timeoutMillis int32) bool {
	select {
	case <-s.done:
		return false
	default:
	}
	if len(s.buf) > 0 || s.err != nil {
		return true
	}
	if s.pending == nil {
		s.pending = make(chan readResult, 1)
		go func(res chan<- readResult) {
			// Its own buffer: the guest may be gone before the read returns.
			buf := make([]byte, stdinChunk)
			n, err := s.r.Read(buf)
			res <- readResult{buf[:n], err}
		}(s.pending)
	}
	var timeout <-chan time.Time
	if timeoutMillis >= 0 {
		t := time.NewTimer(time.Duration(timeoutMillis) * time.Millisecond)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case rr := <-s.pending:
		s.pending, s.buf, s.err = nil, rr.data, rr.err
		if len(s.buf) == 0 && s.err == nil {
			return true // an empty read: the caller looks again
		}
	case <-timeout:
	case <-s.done:
		return false
	}
	return true
}
