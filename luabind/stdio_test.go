package luabind

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// TestStdio: io.read's formats, io.lines and io.write on Options.Stdin
// and Stdout, in the sandbox. want is what lua5.2 prints for the same
// script and input.
func TestStdio(t *testing.T) {
	src := `io.write("a", 1, " ", 2.5, "\n")
io.stdout:write("x"):write("y\n")
print(io.read())
print(io.read("*n", "*n"))
print(io.read("*L"))
for line in io.lines() do print("line", line) end
print(io.read(), io.read("*a"), io.read(0))`
	want := "a1 2.5\nxy\nfirst line\n12\t3.5\n\n\nline\trest\nline\tl1\nline\tl2\nnil\t\tnil\n"
	var out bytes.Buffer
	_, err := RunString(context.Background(), "io.lua", src, Options{Stdout: &out, Stdin: strings.NewReader("first line\n12 3.5\nrest\nl1\nl2")})
	if err != nil || out.String() != want {
		t.Errorf("got %q, %v\nwant %q", out.String(), err, want)
	}
}

// TestStdinReadEndsWithRun: a thread blocked reading a pipe nobody writes
// returns when the run ends, so Run returns at its time limit.
func TestStdinReadEndsWithRun(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close() // ends the abandoned read's goroutine
	done := make(chan error, 1)
	go func() {
		_, err := RunString(context.Background(), "block.lua", `io.read()`, Options{Stdin: r, TimeLimit: 50 * time.Millisecond})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrTimeLimit) {
			t.Errorf("err = %v, want ErrTimeLimit", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("a run blocked reading stdin outlived its time limit")
	}
}
