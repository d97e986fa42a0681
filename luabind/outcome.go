package luabind

import (
	"github.com/wasync/wasync/abi"
	"github.com/wasync/wasync/syncrt"
)

// outcomes are the results of calls in the words a script meets them:
// the text of the error a call raises (Phoenix's texts), or for a result
// that is not an error the word a trace gives it ("busy": the script's
// false). EDEADLK and EPERM have a text for each of the engine's reasons.
var outcomes = map[abi.Errno]string{
	abi.ESUCCESS:   "ok",
	abi.EOWNERDEAD: "owner died",
	abi.EBUSY:      "busy",
	abi.ETIMEDOUT:  "timed out",
	abi.EAGAIN:     "mutex locked too many times recursively",
	abi.EOVERFLOW:  "semaphore count would overflow",
	syncrt.Stopped: "run ended",
}

var reasonOutcomes = map[syncrt.Reason]string{
	syncrt.Relock:    "cannot recursively lock mutex",
	syncrt.Cycle:     "deadlock",
	syncrt.NotLocked: "mutex already unlocked",
	syncrt.NotOwner:  "mutex not locked by current thread",
	// Only with Options.LockOrder strict.
	syncrt.OrderCycle: "potential deadlock (lock order)",
}

// outcome is the one errno → Lua text function: the script's error and the
// trace's result both come from it. why is the engine's Reason for an
// EDEADLK or EPERM; an errno the binding never expects (host-made objects
// should not produce EINVAL) is worded as Go prints it.
func outcome(e abi.Errno, why syncrt.Reason) string {
	if e == abi.EDEADLK || e == abi.EPERM {
		if s, ok := reasonOutcomes[why]; ok {
			return s
		}
	}
	if s, ok := outcomes[e]; ok {
		return s
	}
	return e.Error()
}
