package abi

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// funcs are the functions of module ModuleName of ABI Version, in ABI.md's
// table's order.
var funcs = []string{FuncLockMutex, FuncTryLockMutex, FuncTimeLockMutex, FuncUnlockMutex,
	FuncAcquireSemaphore, FuncTimeAcquireSemaphore, FuncReleaseSemaphore, FuncGetTid,
	FuncSetPriority, FuncGetPriority, FuncDestroyMutex, FuncDestroySemaphore}

// TestMatchesContract reads the contract, ABI.md, beside the checkout and
// checks this package restates it: errno values, function names, type
// names and the owner-word bits.
func TestMatchesContract(t *testing.T) {
	doc, err := os.ReadFile("../../shared/ABI.md")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the contract must be beside the checkout in CI: %v", err)
		}
		t.Skipf("no ABI.md beside the checkout: %v", err)
	}
	text := string(doc)

	errnos := regexp.MustCompile(`\b(E[A-Z]+) (\d+)\b`).FindAllStringSubmatch(text, -1)
	if len(errnos) < 9 {
		t.Fatalf("found %d errno values in ABI.md", len(errnos))
	}
	for _, m := range errnos {
		n, _ := strconv.Atoi(m[2])
		if got := Errno(n).String(); got != m[1] {
			t.Errorf("ABI.md has %s = %s; Errno(%s) is %s", m[1], m[2], m[2], got)
		}
	}

	for _, name := range funcs {
		if !regexp.MustCompile(`(?m)^\| ` + name + ` (\(1\.\d+\) )?\|`).MatchString(text) {
			t.Errorf("function %q is not in ABI.md's table", name)
		}
	}
	if !strings.Contains(text, "`\""+ModuleName+"\"`") {
		t.Errorf("module %q not in ABI.md", ModuleName)
	}
	for _, want := range []string{"`0x5854554D`", "`0x414D4553`", "bits 0..28", "bit 31 = WAITERS", "bits 29..30", "0x7FFFFFFF", "1..0x1FFFFFFF",
		"## Version " + Version + " additions"} {
		if !strings.Contains(text, want) {
			t.Errorf("ABI.md no longer says %s", want)
		}
	}
	if m := regexp.MustCompile(`an integer (\d+)\.\.(\d+), higher first\. Thread 1 starts\s+at (\d+)`).FindStringSubmatch(text); m == nil {
		t.Error("ABI.md no longer gives the priority range and thread 1's priority")
	} else if m[1] != strconv.Itoa(MinPriority) || m[2] != strconv.Itoa(MaxPriority) || m[3] != strconv.Itoa(DefaultPriority) {
		t.Errorf("ABI.md has priorities %s..%s, default %s; abi has %d..%d, default %d", m[1], m[2], m[3], MinPriority, MaxPriority, DefaultPriority)
	}
	if MutexName != 0x5854554D || SemaphoreName != 0x414D4553 || OwnerTidMask != 1<<29-1 ||
		OwnerWaiters != 1<<31 || OwnerReserved != 3<<29 || MaxCount != 0x7FFFFFFF || MaxTid != 0x1FFFFFFF ||
		MinPriority != 1 || MaxPriority != 255 || DefaultPriority != 10 {
		t.Error("a constant differs from ABI.md")
	}
}

// TestNamesSpellTheirBytes: the type names are the ASCII bytes
// "MUTX" and "SEMA" read as little-endian words.
func TestNamesSpellTheirBytes(t *testing.T) {
	for _, tc := range []struct {
		word uint32
		want string
	}{{MutexName, "MUTX"}, {SemaphoreName, "SEMA"}} {
		b := []byte{byte(tc.word), byte(tc.word >> 8), byte(tc.word >> 16), byte(tc.word >> 24)}
		if string(b) != tc.want {
			t.Errorf("%#x spells %q, want %q", tc.word, b, tc.want)
		}
	}
}

// TestLayout: fields are four u32 words in the contract's order.
func TestLayout(t *testing.T) {
	if MutexOffName != 0 || MutexOffOwner != 4 || MutexOffRecursive != 8 || MutexOffCount != 12 ||
		SemaphoreOffName != 0 || SemaphoreOffCount != 4 || SemaphoreOffWaiters != 8 || SemaphoreOffReserved != 12 ||
		ObjectSize != 16 || ObjectAlign != 4 {
		t.Error("layout differs from ABI.md")
	}
}

func TestErrnoText(t *testing.T) {
	for _, tc := range []struct {
		e          Errno
		name, text string
	}{
		{EDEADLK, "EDEADLK", "EDEADLK: resource deadlock would occur"},
		{EOWNERDEAD, "EOWNERDEAD", "EOWNERDEAD: previous owner died"},
		{ESUCCESS, "ESUCCESS", "ESUCCESS: success"},
		{Errno(999), "Errno(999)", "Errno(999)"},
	} {
		if tc.e.String() != tc.name || tc.e.Error() != tc.text {
			t.Errorf("%d: String %q Error %q", tc.e, tc.e.String(), tc.e.Error())
		}
	}
}
