package main

import "testing"

func TestByteSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		bad  bool
	}{
		{in: "0", want: 0}, {in: "1000", want: 1000}, {in: "64K", want: 64 << 10},
		{in: "512M", want: 512 << 20}, {in: "512MiB", want: 512 << 20}, {in: "2g", want: 2 << 30},
		{in: "1GB", want: 1 << 30}, {in: "", bad: true}, {in: "-1M", bad: true}, {in: "x", bad: true},
		{in: "1T", bad: true}, {in: "99999999999G", bad: true},
	} {
		var b byteSize
		err := b.Set(tc.in)
		if tc.bad != (err != nil) || !tc.bad && int64(b) != tc.want {
			t.Errorf("Set(%q) = %d, %v; want %d (bad %v)", tc.in, b, err, tc.want, tc.bad)
		}
	}
}
