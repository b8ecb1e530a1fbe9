// tune-worker.js — a module Web Worker for tuning in the page: one Engine (descent.wasm fetched next to
// this file), createTuneHandler's protocol. Start it with
//   new Worker(new URL('./lib/tune-worker.js', import.meta.url), { type: 'module' })
// and wrap it with fromWebWorker() for createPool() (see tune-pool.js).
import { Engine } from './engine.js';
import { tuneWorkerListener } from './tune-handler.js';

const listener = tuneWorkerListener(Engine.load(fetch(new URL('./descent.wasm', import.meta.url))), (reply) => self.postMessage(reply));
self.addEventListener('message', (event) => listener(event.data));
