package abi

import "strconv"

// Errno is a WASI preview1 errno, the result of every wasync call.
type Errno uint16

// The errno values wasync returns, in WASI preview1 numbering.
const (
	ESUCCESS   Errno = 0
	EAGAIN     Errno = 6
	EBUSY      Errno = 10
	ECANCELED  Errno = 11
	EDEADLK    Errno = 16
	EFAULT     Errno = 21
	EINVAL     Errno = 28
	EOVERFLOW  Errno = 61
	EOWNERDEAD Errno = 62
	EPERM      Errno = 63
	ETIMEDOUT  Errno = 73
)

var errnoNames = map[Errno]string{
	ESUCCESS:   "ESUCCESS",
	EAGAIN:     "EAGAIN",
	EBUSY:      "EBUSY",
	ECANCELED:  "ECANCELED",
	EDEADLK:    "EDEADLK",
	EFAULT:     "EFAULT",
	EINVAL:     "EINVAL",
	EOVERFLOW:  "EOVERFLOW",
	EOWNERDEAD: "EOWNERDEAD",
	EPERM:      "EPERM",
	ETIMEDOUT:  "ETIMEDOUT",
}

var errnoTexts = map[Errno]string{
	ESUCCESS:   "success",
	EAGAIN:     "resource unavailable, try again",
	EBUSY:      "device or resource busy",
	ECANCELED:  "operation canceled",
	EDEADLK:    "resource deadlock would occur",
	EFAULT:     "bad address",
	EINVAL:     "invalid argument",
	EOVERFLOW:  "value too large to be stored in data type",
	EOWNERDEAD: "previous owner died",
	EPERM:      "operation not permitted",
	ETIMEDOUT:  "connection timed out",
}

// String returns the errno's symbolic name, such as "EDEADLK".
func (e Errno) String() string {
	if s, ok := errnoNames[e]; ok {
		return s
	}
	return "Errno(" + strconv.Itoa(int(e)) + ")"
}

// Error returns the errno's name and its meaning.
func (e Errno) Error() string {
	if s, ok := errnoTexts[e]; ok {
		return e.String() + ": " + s
	}
	return e.String()
}
