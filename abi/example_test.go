package abi_test

import (
	"errors"
	"fmt"

	"github.com/wasync/wasync/abi"
)

func ExampleErrno() {
	var err error = abi.EDEADLK
	fmt.Println(err)
	fmt.Println(errors.Is(err, abi.EDEADLK), abi.Errno(62).String())
	// Output:
	// EDEADLK: resource deadlock would occur
	// true EOWNERDEAD
}
