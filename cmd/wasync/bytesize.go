package main

import (
	"errors"
	"strconv"
	"strings"
)

// A byteSize is a flag holding a number of bytes: a plain number, or one
// with a unit, K, M or G (powers of 1024; "KiB", "MB" and the like are
// read the same way).
type byteSize int64

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(s string) error {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "B"), "I")
	shift := 0
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		}
	}
	if shift > 0 {
		t = t[:len(t)-1]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n < 0 || n > (1<<62)>>shift {
		return errors.New("want a size such as 512M or 2G")
	}
	*b = byteSize(n << shift)
	return nil
}
