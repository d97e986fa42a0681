package abi

// Version is the version of the ABI (ABI.md) this host serves: a guest
// built for 1.x runs on any host of 1.y with y >= x. ABI.md's "Version 1.1
// additions" (priorities, destroy, the fast-path switch) are not served yet,
// so this host is 1.0.
const Version = "1.0"
