package abi

// Version is the version of the ABI (ABI.md) this host serves: a guest
// built for 1.x runs on any host of 1.y with y >= x. 1.1 adds priorities
// with inheritance (setpriority, getpriority), destroy (destroymutex,
// destroysemaphore) and the "wasync" "fastpath" global.
const Version = "1.1"
