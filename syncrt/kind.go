package syncrt

// Kind is what an object or address is to the engine.
type Kind uint8

// The kinds. The zero Kind is none of them: memory that is not (or not
// yet) a mutex or a semaphore.
const (
	KindMutex Kind = iota + 1
	KindSemaphore
	KindWord // a bare word of memory.atomic.wait32/wait64
)

var kindNames = [...]string{0: "none", KindMutex: "mutex", KindSemaphore: "semaphore", KindWord: "word"}

// String is "mutex", "semaphore", "word" or "none".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(?)"
}
