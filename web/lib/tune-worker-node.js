// tune-worker-node.js — a worker_threads worker for tuning: one Engine, createTuneHandler's protocol.
import { parentPort } from 'node:worker_threads';

import { loadEngine } from './index.js';
import { serializeError } from './errors.js';
import { createTuneHandler } from './tune-handler.js';

const handler = loadEngine().then((engine) => createTuneHandler(engine));

parentPort.on('message', async (message) => {
  let h;
  try {
    h = await handler;
  } catch (error) {
    parentPort.postMessage({ id: message?.id, error: serializeError(error) });
    return;
  }
  parentPort.postMessage(h.handle(message));
});
