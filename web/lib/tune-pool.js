// tune-pool.js — pools of workers that run tune-handler.js's protocol: messages {id, type, ...} and
// replies {id, ...} or {id, error}. createPool spreads tasks over workers (one task per worker at a
// time, in submission order); fromWebWorker and fromNodeWorker adapt the two kinds of worker;
// inProcessPool runs the handler in this thread (tests, or a page without workers). Errors come back as
// the same types they were in the worker (errors.js).

import { yieldToHost } from './clock.js';
import { deserializeError } from './errors.js';
import { createTuneHandler } from './tune-handler.js';


/**
 * A pool over workers that run createTuneHandler (one task per worker at a time, in submission order).
 * @param {{post: (m: object) => void, listen: (onMessage: Function, onError: Function) => void,
 *   terminate: () => unknown}[]} adapters see fromWebWorker / fromNodeWorker
 * @returns {{size: number, run: (m: object) => Promise<object>, broadcast: (m: object) => Promise<object[]>,
 *   close: () => Promise<void>}}
 */
export function createPool(adapters) {
  if (!adapters.length) throw new RangeError('createPool: needs at least one worker');
  const slots = adapters.map((worker) => ({ worker, busy: false, dead: null, pending: null }));
  const queue = [];
  let nextId = 1;

  function send(slot, message, onProgress) {
    return new Promise((resolve, reject) => {
      if (slot.dead) { reject(slot.dead); return; }
      const id = nextId++;
      slot.busy = true;
      slot.pending = { id, resolve, reject, onProgress };
      slot.worker.post({ ...message, id });
    });
  }

  function pump() {
    for (;;) {
      const slot = slots.find((s) => !s.busy && !s.dead);
      if (!slot || !queue.length) break;
      const { message, resolve, reject, onProgress } = queue.shift();
      send(slot, message, onProgress).then(resolve, reject);
    }
    if (queue.length && slots.every((s) => s.dead)) {
      for (const task of queue.splice(0)) task.reject(slots[0].dead);
    }
  }

  for (const slot of slots) {
    slot.worker.listen((reply) => {
      const p = slot.pending;
      if (!p || reply?.id !== p.id) return;
      if (reply.progress) { // {id, progress}: the task goes on
        p.onProgress?.(reply.progress);
        return;
      }
      slot.pending = null;
      slot.busy = false;
      if (reply.error) p.reject(deserializeError(reply.error));
      else p.resolve(reply);
      pump();
    }, (error) => {
      slot.dead = error instanceof Error ? error : new Error(String(error));
      slot.pending?.reject(slot.dead);
      slot.pending = null;
      pump();
    });
  }

  return {
    size: slots.length,
    /** Runs a task on the next free worker; onProgress gets its {done, total} reports. A pool's owner
     *  cancels by closing it (the workers are terminated at once). */
    run(message, { onProgress } = {}) {
      return new Promise((resolve, reject) => {
        queue.push({ message, resolve, reject, onProgress });
        pump();
      });
    },
    /** Sends a message to every worker (call it while the pool is idle, e.g. `init` first). */
    broadcast(message) {
      if (slots.some((s) => s.busy)) return Promise.reject(new Error('createPool: broadcast while tasks are running'));
      return Promise.all(slots.map((slot) => send(slot, message)));
    },
    async close() {
      for (const task of queue.splice(0)) task.reject(new Error('the tune pool was closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Adapts a Web Worker (browsers) running web/lib/tune-worker.js for createPool. */
export function fromWebWorker(worker) {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('error', (event) => onError(new Error(`tune worker failed: ${event.message ?? 'error'}`)));
    },
    terminate: () => worker.terminate(),
  };
}

/** Adapts a Node worker_threads Worker running web/lib/tune-worker-node.js for createPool. */
export function fromNodeWorker(worker) {
  return {
    post: (message) => worker.postMessage(message),
    listen(onMessage, onError) {
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', (code) => onError(new Error(`tune worker exited (code ${code})`)));
    },
    terminate: () => worker.terminate(),
  };
}

/**
 * A pool of one that runs the handler in this thread (tests; a page without workers; descent tune
 * --workers 0). Long tasks give the host a turn between chunks; a task stops there with the signal's
 * reason once `signal` (or the pool's close) aborts.
 */
export function inProcessPool(engine) {
  const handler = createTuneHandler(engine);
  const closed = new AbortController();
  let nextId = 1;
  let tail = Promise.resolve();
  const call = (message, { onProgress, signal } = {}) => {
    const pause = async () => {
      await yieldToHost();
      signal?.throwIfAborted();
      closed.signal.throwIfAborted();
    };
    const result = tail.then(async () => {
      await pause();
      let stop = null;
      const reply = await handler.handle({ ...message, id: nextId++ }, {
        progress: onProgress,
        pause: () => pause().catch((error) => { stop = error; throw error; }),
      });
      if (stop) throw stop;
      if (reply.error) throw deserializeError(reply.error);
      return reply;
    });
    tail = result.catch(() => {});
    return result;
  };
  return {
    size: 1,
    run: call,
    broadcast: async (message) => [await call(message)],
    async close() {
      closed.abort(new Error('the tune pool was closed'));
      await tail;
      handler.free();
    },
  };
}

