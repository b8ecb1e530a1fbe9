// walltime.js — gives history points a time for the loss chart's "wall time" axis (no DOM: worker.js
// uses it, and tests run it under Node).
//
// The core's histories carry no time (they stay deterministic and equal to Node's), so the worker
// adds one: it notes each run's (iteration, compute ms) at every chunk boundary — the ms being
// Session.runTimes[i], the time spent in that run's `advance` calls, so a paused run's clock stands
// still — and places each new point by linear interpolation in iteration between the boundaries
// around it. The times are as coarse as performance.now(): Chromium rounds it to 100 µs unless the
// page is cross-origin isolated (5 µs then).

/**
 * Times (ms of compute) of history points from the chunk boundaries they were recorded between.
 * A point at or before the first boundary's iteration gets its time (point 0 of a fresh run: 0);
 * a point exactly at a boundary gets that boundary's time; a point between two boundaries
 * t_a + (t_b − t_a)·(k − k_a)/(k_b − k_a); a point past the last boundary (not expected) its time.
 * @param {ArrayLike<number>} iterations the points' iterations, non-decreasing
 * @param {Array<{iteration: number, timeMs: number}>} boundaries non-decreasing in both fields; the
 *   first is where the previous batch of points ended, the last is the run's state now
 * @returns {Float64Array} one time per point
 */
export function interpolateTimes(iterations, boundaries) {
  const out = new Float64Array(iterations.length);
  if (boundaries.length === 0) throw new Error('interpolateTimes: no chunk boundary');
  let j = 0; // segment [boundaries[j], boundaries[j + 1]]
  for (let p = 0; p < iterations.length; p += 1) {
    const k = iterations[p];
    while (j < boundaries.length - 2 && k > boundaries[j + 1].iteration) j += 1;
    const a = boundaries[j];
    const b = boundaries[Math.min(j + 1, boundaries.length - 1)];
    if (k <= a.iteration) out[p] = a.timeMs;
    else if (k >= b.iteration) out[p] = b.timeMs; // exactly at b: b's time, not a rounded a + (b − a)
    else out[p] = a.timeMs + ((b.timeMs - a.timeMs) * (k - a.iteration)) / (b.iteration - a.iteration);
  }
  return out;
}
