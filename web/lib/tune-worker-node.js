// tune-worker-node.js — a worker_threads worker for tuning: one Engine, createTuneHandler's protocol.
import { parentPort } from 'node:worker_threads';

import { loadEngine } from './index.js';
import { tuneWorkerListener } from './tune-handler.js';

parentPort.on('message', tuneWorkerListener(loadEngine(), (reply) => parentPort.postMessage(reply)));
