package instrument

import (
	"encoding/binary"
	"fmt"
	"math"
)

// decodeError carries a refusal up from deep in the decoder to Rewrite,
// which recovers only this type: any other panic is a bug of the pass and
// must surface.
type decodeError struct{ err error }

func fail(format string, args ...any) {
	panic(decodeError{fmt.Errorf(format, args...)})
}

// A reader walks a byte slice; every read past its end or of a malformed
// number refuses the module.
type reader struct {
	b   []byte
	off int
	// what names the part being read, for errors.
	what string
}

func (r *reader) done() bool { return r.off >= len(r.b) }

func (r *reader) peek() byte {
	c := r.byte()
	r.off--
	return c
}

func (r *reader) byte() byte {
	if r.off >= len(r.b) {
		fail("%s: unexpected end at byte %d", r.what, r.off)
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) bytes(n uint32) []byte {
	if uint64(n) > uint64(len(r.b)-r.off) {
		fail("truncated %s (%d bytes wanted at byte %d, %d left)", r.what, n, r.off, len(r.b)-r.off)
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

// u32 reads an unsigned LEB128 of at most 5 bytes (the wasm encoding of a
// u32 is Go's uvarint).
func (r *reader) u32() uint32 {
	if r.done() {
		fail("%s: unexpected end at byte %d", r.what, r.off)
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 || n > 5 || v > math.MaxUint32 {
		fail("%s: bad u32 at byte %d", r.what, r.off)
	}
	r.off += n
	return uint32(v)
}

// signed skips a signed LEB128 of at most maxBytes bytes (5 for i32, 10 for
// i64, 5 for a block type's s33) and returns its bytes; the pass copies
// constants, it never needs their value.
func (r *reader) signed(maxBytes int) []byte {
	start := r.off
	for i := 0; ; i++ {
		if i == maxBytes {
			fail("%s: signed number longer than %d bytes at byte %d", r.what, maxBytes, start)
		}
		if r.byte()&0x80 == 0 {
			return r.b[start:r.off]
		}
	}
}

// name reads a length-prefixed UTF-8 string (the validity of the UTF-8 is
// wazero's to check).
func (r *reader) name() string { return string(r.bytes(r.u32())) }

func appendU32(b []byte, v uint32) []byte { return binary.AppendUvarint(b, uint64(v)) }

// appendI32 appends v as a signed LEB128, the encoding of i32.const.
func appendI32(b []byte, v int32) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func appendName(b []byte, s string) []byte {
	return append(appendU32(b, uint32(len(s))), s...)
}

// appendSection appends a section with its id and size.
func appendSection(b []byte, id byte, body []byte) []byte {
	return append(appendU32(append(b, id), uint32(len(body))), body...)
}
