// tune-worker.js — a module Web Worker for tuning in the page: one Engine (descent.wasm fetched next to
// this file), createTuneHandler's protocol. Start it with
//   new Worker(new URL('./lib/tune-worker.js', import.meta.url), { type: 'module' })
// and wrap it with fromWebWorker() for createPool() (see tune-pool.js).
import { Engine } from './engine.js';
import { serializeError } from './errors.js';
import { createTuneHandler } from './tune-handler.js';

const handler = Engine.load(fetch(new URL('./descent.wasm', import.meta.url))).then((engine) => createTuneHandler(engine));

self.addEventListener('message', async (event) => {
  const message = event.data;
  let h;
  try {
    h = await handler;
  } catch (error) {
    self.postMessage({ id: message?.id, error: serializeError(error) });
    return;
  }
  self.postMessage(h.handle(message));
});
