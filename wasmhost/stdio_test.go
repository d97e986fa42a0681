package wasmhost

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero/experimental/sys"
)

// TestStdinReader: the wrapper passes data through, and returns
// errRunEnded once the run is over, even while the embedder's reader is
// blocked.
func TestStdinReader(t *testing.T) {
	t.Run("data", func(t *testing.T) {
		s := &stdinReader{r: strings.NewReader("hello"), done: make(chan struct{})}
		b, err := io.ReadAll(s)
		if string(b) != "hello" || err != nil {
			t.Fatalf("got %q (%v)", b, err)
		}
	})
	t.Run("blocked, then the run ends", func(t *testing.T) {
		pr, pw := io.Pipe()
		defer pw.Close() // lets the background read return
		done := make(chan struct{})
		s := &stdinReader{r: pr, done: done}
		got := make(chan error)
		go func() {
			_, err := s.Read(make([]byte, 8))
			got <- err
		}()
		close(done)
		if err := <-got; !errors.Is(err, errRunEnded) {
			t.Fatalf("err = %v, want errRunEnded", err)
		}
		if _, err := s.Read(make([]byte, 8)); !errors.Is(err, errRunEnded) {
			t.Fatalf("a read after the end: err = %v, want errRunEnded", err)
		}
	})
}

// TestStdinPoll: poll_oneoff sees stdin ready only once data (or the end
// of input) is there, and a poll's background read loses nothing.
func TestStdinPoll(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	done := make(chan struct{})
	s := &stdinReader{r: pr, done: done}
	if ready, errno := s.Poll(sys.POLLIN, 0); ready || errno != 0 {
		t.Fatalf("empty pipe: ready %v errno %v", ready, errno)
	}
	if _, errno := s.Poll(sys.POLLOUT, 0); errno != sys.ENOTSUP {
		t.Fatalf("POLLOUT: errno %v, want ENOTSUP", errno)
	}
	go pw.Write([]byte("abc"))
	if ready, _ := s.Poll(sys.POLLIN, -1); !ready {
		t.Fatal("not ready after a write")
	}
	b := make([]byte, 8)
	if n, err := s.Read(b); string(b[:n]) != "abc" || err != nil {
		t.Fatalf("read %q (%v)", b[:n], err)
	}
	pw.Close()
	if ready, _ := s.Poll(sys.POLLIN, -1); !ready {
		t.Fatal("end of input is not ready")
	}
	if _, err := s.Read(b); err != io.EOF {
		t.Fatalf("read at end: %v", err)
	}
	close(done)
	if ready, _ := s.Poll(sys.POLLIN, -1); !ready {
		t.Fatal("a poll after the run's end must not block")
	}
}

// TestStdinReachesGuest: a guest reads its stdin and echoes it.
func TestStdinReachesGuest(t *testing.T) {
	rt := newTestRuntime(t)
	m := compile(t, rt, guest(`(func (export "wasi_thread_start") (param i32 i32))
	  (func (export "_start") (call $init)
	    (i32.store (i32.const 100) (i32.const 200))
	    (i32.store (i32.const 104) (i32.const 16))
	    (drop (call $read (i32.const 0) (i32.const 100) (i32.const 1) (i32.const 120)))
	    (i32.store (i32.const 104) (i32.load (i32.const 120)))
	    (drop (call $write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 120))))`))
	var out strings.Builder
	code, err := m.Run(t.Context(), WithStdin(strings.NewReader("hello")), WithStdout(&out))
	if code != 0 || err != nil || out.String() != "hello" {
		t.Fatalf("got %d (%v), stdout %q, want hello", code, err, out.String())
	}
}
