// clock.js — time and turn-taking shared by the engine, the chunk loop and tuning: a millisecond clock
// and a way to give the host (the event loop of Node, a page or a worker) a turn.

/** Milliseconds from a monotonic clock where there is one. */
export const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Resolves after the host has had a turn (setImmediate in Node, a 0 ms timer elsewhere). */
export const yieldToHost = () => new Promise((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else setTimeout(resolve, 0);
});
