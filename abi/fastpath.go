package abi

// GlobalFastPath is the fast-path switch (ABI 1.1): an immutable i32
// global a guest may import from ModuleName. 1 allows the guest's fast
// path; 0 asks the guest to call the host for every lock, unlock and
// acquire (lock-order checking, tracing every call). A guest library with
// a fast path should import it and honour it; a 1.0 guest that does not
// keeps its fast path, and the host stays correct beside it.
const GlobalFastPath = "fastpath"
