// threads-worker-node.js — a worker_threads worker of a threads.js Team: one descent-mt.wasm instance
// on the team's shared memory, computing its blocks of every full-batch pass (runThread).
import { parentPort } from 'node:worker_threads';

import { runThread } from './threads.js';

parentPort.once('message', (start) => runThread(start, (message) => parentPort.postMessage(message)));
