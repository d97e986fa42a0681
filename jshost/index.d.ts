// Types of @wasync/host (hand-written; see README.md).

export interface RuntimeOptions {
  /**
   * Rewrite guests so that memory.atomic.wait32/wait64/notify are served
   * from the host's queues (a run whose threads all wait forever then ends
   * with status 86 instead of hanging). Default true; needs lib/rewrite.wasm.
   */
  instrument?: boolean;
}

export type Output = ((bytes: Uint8Array) => void) | { write(bytes: Uint8Array): unknown };

export interface RunOptions {
  /** argv, argv[0] included. */
  args?: string[];
  /** Environment: "NAME=VAL" strings or an object. */
  env?: string[] | Record<string, string>;
  /** Standard input: bytes, a string, or an async iterable of chunks (a Node Readable). */
  stdin?: Uint8Array | ArrayBuffer | string | AsyncIterable<Uint8Array | string>;
  stdout?: Output;
  stderr?: Output;
  /** Node only (elsewhere the run rejects): host directories preopened for the guest; one that is not a directory rejects the run. */
  dirs?: { host: string; guest: string }[];
  /** Most threads ever, the main thread included: 1 to 1048576, or 0 for the default, 4096 (each is a Worker). */
  maxThreads?: number;
  /** Milliseconds of wall-clock time before the run ends with status 124 (0: no limit). */
  timeLimit?: number;
  /** A trap in a spawned thread ends only that thread (its mutexes become dead-owned). */
  confineTraps?: boolean;
  /** Aborting ends the run with status 130. */
  signal?: AbortSignal;
}

export interface RunResult {
  /** The exit status: the program's, 134 trap, 86 all blocked, 124 time limit, 130 cancelled, 1 host error. */
  code: number;
  cause: 'exit' | 'trap' | 'allblocked' | 'timelimit' | 'canceled' | 'error';
  /** The all-blocked report (also written to stderr), when cause is "allblocked". */
  report?: string;
  /** What went wrong: the trap with its wasm frames, the time limit, a host error. */
  error?: string;
}

export class Runtime {
  /** Throws a TypeError for an option it does not know or of the wrong type. */
  constructor(opts?: RuntimeOptions);
  /**
   * Checks and compiles a guest from its bytes; refuses imports the host
   * does not serve (a "wasync" name that is not a call of ABI 1.1).
   * A compiled WebAssembly.Module cannot be rewritten (instrument), so only
   * a runtime made with { instrument: false } takes one, and only where the
   * engine tells its memory's limits (Node; not browsers) and the module
   * imports or exports its memory; otherwise it rejects, saying so.
   */
  compile(bytes: ArrayBuffer | ArrayBufferView | WebAssembly.Module): Promise<Module>;
}

export class Module {
  /**
   * Runs _start as thread 1; resolves once every thread's worker is gone.
   * Never exits the process. Rejects with a TypeError or RangeError naming
   * the option when an option is unknown or has the wrong type or range. An output
   * callback that throws ends the run with code 1, cause "error".
   */
  run(opts?: RunOptions): Promise<RunResult>;
}

export const Exit: Readonly<{ AllBlocked: 86; Trap: 134; TimeLimit: 124; Canceled: 130; HostError: 1 }>;

/** The version of the wasync ABI this host serves (ABI.md), as the Go host's abi.Version. */
export const Version: '1.1';
