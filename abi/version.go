package abi

// Version is the version of the ABI (ABI.md) this package states: a guest
// built for 1.x runs on any host of 1.y with y >= x.
const Version = "1.1"
