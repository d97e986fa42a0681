import { workerData, parentPort } from 'node:worker_threads';
import { State } from '../src/state.js';
import { Engine } from '../src/engine.js';
import { scenarios } from './engine-scenarios.js';

const { state, mem, tid, scenario, params } = workerData;
const eng = new Engine(new State(state), tid, () => mem);
parentPort.postMessage(scenarios[scenario](eng, params, new Uint32Array(mem)));
