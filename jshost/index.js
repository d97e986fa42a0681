// @wasync/host: runs WebAssembly guests that synchronise through the
// wasync ABI, in Node and in browsers. See README.md.
export { Runtime, Module } from './src/runtime.js';
export { Exit, Version } from './src/abi.js';
