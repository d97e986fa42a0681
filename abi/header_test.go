package abi

import (
	"os"
	"regexp"
	"strconv"
	"testing"
)

// TestHeaderMatches: guest/wasync.h restates this package for C guests; a
// constant or an import name that drifts in one of the two would make the
// SDK and the host disagree silently, so every one is compared here.
func TestHeaderMatches(t *testing.T) {
	src, err := os.ReadFile("../guest/wasync.h")
	if err != nil {
		t.Fatal(err)
	}
	defines := map[string]uint64{}
	for _, m := range regexp.MustCompile(`(?m)^#define (WASYNC_[A-Z_]+) (0x[0-9A-Fa-f]+|\d+)u?\b`).FindAllSubmatch(src, -1) {
		v, err := strconv.ParseUint(string(m[2]), 0, 64)
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		defines[string(m[1])] = v
	}
	want := map[string]uint64{
		"WASYNC_MUTEX_NAME":     uint64(MutexName),
		"WASYNC_SEMAPHORE_NAME": uint64(SemaphoreName),
		"WASYNC_OWNER_TID":      uint64(OwnerTidMask),
		"WASYNC_OWNER_RESERVED": uint64(OwnerReserved),
		"WASYNC_OWNER_WAITERS":  uint64(OwnerWaiters),
		"WASYNC_MAX_COUNT":      uint64(MaxCount),
		"WASYNC_OK":             uint64(ESUCCESS),
		"WASYNC_EAGAIN":         uint64(EAGAIN),
		"WASYNC_EBUSY":          uint64(EBUSY),
		"WASYNC_EDEADLK":        uint64(EDEADLK),
		"WASYNC_EFAULT":         uint64(EFAULT),
		"WASYNC_EINVAL":         uint64(EINVAL),
		"WASYNC_EOVERFLOW":      uint64(EOVERFLOW),
		"WASYNC_EOWNERDEAD":     uint64(EOWNERDEAD),
		"WASYNC_EPERM":          uint64(EPERM),
		"WASYNC_ETIMEDOUT":      uint64(ETIMEDOUT),
		"WASYNC_PRIO_MIN":       MinPriority,
		"WASYNC_PRIO_MAX":       MaxPriority,
		"WASYNC_PRIO_DEFAULT":   DefaultPriority,
	}
	for name, v := range want {
		got, ok := defines[name]
		switch {
		case !ok:
			t.Errorf("wasync.h does not define %s", name)
		case got != v:
			t.Errorf("wasync.h: %s = %#x; abi has %#x", name, got, v)
		}
	}

	imports := map[string]bool{}
	for _, m := range regexp.MustCompile(`WASYNC_IMPORT\("([a-z]+)"\)`).FindAllSubmatch(src, -1) {
		imports[string(m[1])] = true
	}
	for _, fn := range funcs {
		if !imports[fn] {
			t.Errorf("wasync.h imports no %q", fn)
		}
	}
	if !regexp.MustCompile(`import_module\("` + ModuleName + `"\)`).Match(src) {
		t.Errorf("wasync.h's imports are not in module %q", ModuleName)
	}
}
