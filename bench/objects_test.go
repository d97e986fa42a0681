package bench

import "testing"

// TestObjectsKeepNothing is P7's assertion: the engine drops a queue with
// its last waiter and keeps nothing for an uncontended object, measured on
// the live heap around a million lock+unlock pairs, through syncrt directly
// and through a guest's syscalls.
func TestObjectsKeepNothing(t *testing.T) {
	const objects = 1000000
	_, left, err := EngineObjects(objects)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("engine: %d bytes left after %d objects", left, objects)
	if left > keptBound {
		t.Errorf("engine: %d bytes left after %d objects, want at most %d", left, objects, keptBound)
	}

	s := openSuite(t)
	m, err := s.objectsLeft(1)
	if err != nil {
		t.Fatal(err)
	}
	left = int64(m.Metrics["B-left"])
	t.Logf("guest: %d bytes left after %d objects", left, objects)
	if left > keptBound {
		t.Errorf("guest: %d bytes left after %d objects, want at most %d", left, objects, keptBound)
	}
}
