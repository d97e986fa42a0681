// Command goload is a Go program built for GOOS=wasip1 by wasmhost's tests
// (TestGoProgram, BenchmarkLoops): a large real guest, hashing, sorting,
// maps, goroutines and fmt, whose output must not change when the host
// instruments it.
//
//	goload [rounds]
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"slices"
	"strconv"
)

func main() {
	rounds := 1
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n < 1 {
			fmt.Fprintln(os.Stderr, "usage: goload [rounds]")
			os.Exit(2)
		}
		rounds = n
	}
	for r := 0; r < rounds; r++ {
		work(r)
	}
}

func work(round int) {
	buf := make([]byte, 1<<20)
	x := uint32(round + 1)
	for i := range buf {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		buf[i] = byte(x)
	}
	fmt.Printf("sha256: %x\n", sha256.Sum256(buf))

	ints := make([]int, 100000)
	for i := range ints {
		ints[i] = int(buf[i*4])<<16 | int(buf[i*4+1])<<8 | int(buf[i*4+2])
	}
	slices.Sort(ints)
	fmt.Printf("sorted: min %d median %d max %d\n", ints[0], ints[len(ints)/2], ints[len(ints)-1])

	counts := map[int]int{}
	for _, v := range ints {
		counts[v%1000]++
	}
	fmt.Printf("map: %d keys, bucket 7 holds %d\n", len(counts), counts[7])

	results := make(chan int)
	for g := 0; g < 4; g++ {
		go func(g int) {
			s := 0
			for i := g; i < len(ints); i += 4 {
				s += ints[i] & 0xff
			}
			results <- s
		}(g)
	}
	total := 0
	for g := 0; g < 4; g++ {
		total += <-results
	}
	fmt.Printf("goroutines: %d\n", total)
}
