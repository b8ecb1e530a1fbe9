// threads-worker.js — a module Web Worker of a threads.js Team (the page's training worker starts
// them when the page is cross-origin isolated): one descent-mt.wasm instance on the team's shared
// memory, computing its blocks of every full-batch pass (runThread).
import { runThread } from './threads.js';

self.addEventListener('message', (event) => runThread(event.data, (message) => self.postMessage(message)), { once: true });
