package luabind

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	lua "github.com/Shopify/go-lua"
)

// Standard input and output for scripts: io.write, io.read and io.lines
// (on standard input only) reach no file system, so the sandbox keeps
// them; they use Options.Stdout and Options.Stdin. go-lua's own io.read
// is unimplemented, so unsafe runs get these three too.

// A stdin is the run's standard input, shared by its threads: each read
// call is atomic. A blocked read returns when the run ends (readers).
type stdin struct {
	mu sync.Mutex
	r  *bufio.Reader
}

func newStdin(r io.Reader, done <-chan struct{}) *stdin {
	if r == nil {
		r = strings.NewReader("")
	}
	return &stdin{r: bufio.NewReader(&doneReader{r: r, done: done})}
}

var errRunEnded = errors.New("the run ended")

// A doneReader reads r on a goroutine of its own, so that a Read blocked
// on a pipe or a terminal returns errRunEnded when the run ends. The
// abandoned Read's goroutine ends when r returns; no Read follows it,
// since the run is over.
type doneReader struct {
	r    io.Reader
	done <-chan struct{}
}

func (d *doneReader) Read(p []byte) (int, error) {
	type result struct {
		n   int
		err error
	}
	buf := make([]byte, len(p)) // p must not be written once we return
	c := make(chan result, 1)
	go func() {
		n, err := d.r.Read(buf)
		c <- result{n, err}
	}()
	select {
	case res := <-c:
		return copy(p, buf[:res.n]), res.err
	case <-d.done:
		return 0, errRunEnded
	}
}

// openStdio sets io.write, io.read and io.lines in the State's io table,
// making the table if the sandbox has none, and in the sandbox io.stdin,
// io.stdout and io.stderr with the matching methods.
func (th *thread) openStdio(l *lua.State, sandbox bool) {
	l.Global("io")
	if l.IsNil(-1) {
		l.Pop(1)
		l.NewTable()
		l.PushValue(-1)
		l.SetGlobal("io")
	}
	lua.SetFunctions(l, wrapAll(
		lua.RegistryFunction{Name: "write", Function: th.ioWrite(th.rt.stdout, 1)},
		lua.RegistryFunction{Name: "read", Function: th.ioRead(1)},
	), 0)
	l.Field(-1, "lines")
	l.PushGoClosure(wrap("lines", th.ioLines), 1)
	l.SetField(-2, "lines")
	if sandbox {
		// Writes are unbuffered: flushing has nothing to do.
		flush := func(l *lua.State) int { l.PushBoolean(true); return 1 }
		l.PushGoFunction(flush)
		l.SetField(-2, "flush")
		th.stdFile(l, "stdout", []lua.RegistryFunction{{Name: "write", Function: th.ioWrite(th.rt.stdout, 2)}, {Name: "flush", Function: flush}})
		th.stdFile(l, "stderr", []lua.RegistryFunction{{Name: "write", Function: th.ioWrite(th.rt.stderr, 2)}, {Name: "flush", Function: flush}})
		th.stdFile(l, "stdin", []lua.RegistryFunction{{Name: "read", Function: th.ioRead(2)}, {Name: "lines", Function: th.stdinLines}})
	}
	l.Pop(1)
}

// stdFile sets io[name] to a table with the methods given, a stand-in for
// the file object the sandbox cannot give.
func (th *thread) stdFile(l *lua.State, name string, methods []lua.RegistryFunction) {
	l.NewTable()
	lua.SetFunctions(l, wrapAll(methods...), 0)
	l.NewTable()
	l.PushString("file (" + name + ")")
	l.PushGoClosure(func(l *lua.State) int { l.PushValue(lua.UpValueIndex(1)); return 1 }, 1)
	l.SetField(-2, "__tostring")
	l.SetMetaTable(-2)
	l.SetField(-2, name)
}

// ioWrite is io.write (first at 1) or file:write (first at 2): strings
// and numbers, written in one piece; it returns the file, or io.
func (th *thread) ioWrite(w io.Writer, first int) lua.Function {
	return func(l *lua.State) int {
		var b strings.Builder
		for i := first; i <= l.Top(); i++ {
			if l.TypeOf(i) == lua.TypeNumber {
				n, _ := l.ToNumber(i)
				b.WriteString(formatNumber(n))
				continue
			}
			b.WriteString(lua.CheckString(l, i))
		}
		if _, err := io.WriteString(w, b.String()); err != nil {
			l.PushNil()
			l.PushString(err.Error())
			return 2
		}
		if first == 2 {
			l.PushValue(1)
		} else {
			l.Global("io")
		}
		return 1
	}
}

// formatNumber formats n as Lua 5.2 writes a number, "%.14g".
func formatNumber(n float64) string {
	return strconv.FormatFloat(n, 'g', 14, 64)
}

// ioRead is io.read (formats from first = 1) or io.stdin:read (2).
func (th *thread) ioRead(first int) lua.Function {
	return func(l *lua.State) int {
		formats := []string{"l"}
		if l.Top() >= first {
			formats = formats[:0]
			for i := first; i <= l.Top(); i++ {
				formats = append(formats, readFormat(l, i))
			}
		}
		l.SetTop(0)
		return th.readFormats(l, formats)
	}
}

// readFormat checks argument i of read: a count of bytes or one of 5.2's
// formats, given as "*l", "*L", "*n" or "*a" (the * may be left out).
func readFormat(l *lua.State, i int) string {
	if l.TypeOf(i) == lua.TypeNumber {
		n, _ := l.ToInteger(i)
		return strconv.Itoa(max(n, 0))
	}
	f := strings.TrimPrefix(lua.CheckString(l, i), "*")
	if f == "" || !strings.Contains("lLna", f[:1]) {
		lua.ArgumentError(l, i, "invalid format")
	}
	return f[:1]
}

// readFormats reads one value per format onto an empty stack, stopping
// with nil at the end of input, as Lua's read does; a read error gives
// nil and its message.
func (th *thread) readFormats(l *lua.State, formats []string) int {
	in := th.rt.stdin
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, f := range formats {
		ok, err := th.readOne(l, in.r, f)
		if errors.Is(err, errRunEnded) {
			th.stop(l) // raises; the deferred Unlock runs as it unwinds
		}
		if err != nil && !errors.Is(err, io.EOF) {
			l.SetTop(0)
			l.PushNil()
			l.PushString(err.Error())
			return 2
		}
		if !ok {
			l.PushNil()
			break
		}
	}
	return l.Top()
}

// readOne pushes what format f reads; ok is false at the end of input
// (nothing pushed).
func (th *thread) readOne(l *lua.State, r *bufio.Reader, f string) (bool, error) {
	switch f {
	case "l", "L":
		s, err := r.ReadString('\n')
		if s == "" {
			return false, err
		}
		if f == "l" {
			s = strings.TrimSuffix(s, "\n")
		}
		l.PushString(s)
	case "a":
		b, err := io.ReadAll(r)
		if err != nil {
			return false, err
		}
		l.PushString(string(b))
	case "n":
		var n float64
		if _, err := fmt.Fscan(r, &n); err != nil {
			return false, nil
		}
		l.PushNumber(n)
	default:
		n, _ := strconv.Atoi(f)
		buf := make([]byte, n)
		got, err := io.ReadFull(r, buf)
		if got == 0 && n > 0 {
			return false, err
		}
		if n == 0 { // read(0): "" unless at the end of input
			if _, err := r.Peek(1); err != nil {
				return false, err
			}
		}
		l.PushString(string(buf[:got]))
	}
	return true, nil
}

// ioLines is io.lines() and io.stdin:lines(): an iterator over the lines
// of standard input. With a file name it calls go-lua's io.lines (upvalue
// 1), which the sandbox does not have.
func (th *thread) ioLines(l *lua.State) int {
	if l.TypeOf(1) == lua.TypeString {
		if l.IsNil(lua.UpValueIndex(1)) {
			th.disabled(l, "io.lines with a file name")
		}
		l.PushValue(lua.UpValueIndex(1))
		l.Insert(1)
		l.Call(l.Top()-1, lua.MultipleReturns)
		return l.Top()
	}
	return th.stdinLines(l)
}

// stdinLines pushes an iterator over the lines of standard input.
func (th *thread) stdinLines(l *lua.State) int {
	l.PushGoFunction(wrap("lines", func(l *lua.State) int {
		l.SetTop(0)
		return th.readFormats(l, []string{"l"})
	}))
	return 1
}
