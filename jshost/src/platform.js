// isNode: the host runs in Node, where node: modules (fs, worker_threads,
// v8) are there to import; elsewhere it is a browser's.
export const isNode = typeof process !== 'undefined' && !!process.versions?.node;
