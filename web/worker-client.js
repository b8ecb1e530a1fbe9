// worker-client.js — the page's side of worker.js's protocol (STYLE.md 13), behind promises.
//
//   request(type, args, onProgress) ──▶ {id, type, ...args}
//   {id, progress}                   ──▶ onProgress(progress)     (a `run` streams these)
//   {id, ...reply} / {id, error}     ──▶ the promise resolves / rejects
//
// A worker's error is rebuilt with errors.js's deserializeError: an ExperimentError keeps its issues
// (the page shows them next to the controls), a DescentError its status.

import { deserializeError } from './lib/errors.js';

export class WorkerClient {
  /** @param {URL|string} url a module worker speaking worker.js's protocol */
  constructor(url) {
    this.worker = new Worker(url, { type: 'module' });
    this.nextId = 1;
    this.pending = new Map();
    /** The error that stopped the worker from starting (then every request rejects with it), or null. */
    this.failed = null;
    this.worker.addEventListener('message', ({ data }) => {
      const entry = this.pending.get(data.id);
      if (!entry) return;
      if (data.progress) {
        entry.onProgress?.(data.progress);
        return;
      }
      this.pending.delete(data.id);
      if (data.error) entry.reject(deserializeError(data.error));
      else entry.resolve(data);
    });
    this.worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      const error = new Error(`the training worker failed to start: ${event.message || 'see the browser console'}`);
      for (const entry of this.pending.values()) entry.reject(error);
      this.pending.clear();
      this.failed = error;
    });
  }

  /**
   * Sends one message and resolves to the worker's reply.
   * @param {string} type
   * @param {object} [args]
   * @param {(progress: object) => void} [onProgress] called with each {progress} before the reply
   * @returns {Promise<object>} the reply {id, ...}; rejects with the worker's error, rebuilt
   */
  request(type, args = {}, onProgress) {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...args });
    });
  }
}
