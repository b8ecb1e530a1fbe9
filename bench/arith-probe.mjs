// arith-probe.mjs — loads bench_arith.wasm (bench/bench_core.c) for the two measurements that need the
// core without its trainer: the SGD update arithmetic alone (the SIMD kernel and an axpy), to split an
// SGD update's time into arithmetic and the trainer's overhead; and full-batch passes of descent's
// lossgrad kernel against the textbook 4-row WASM SIMD kernel (bench/f32-lossgrad-plain4.c) on the same
// data. This is a separate benchmark module, not descent.wasm: it is the one file besides
// web/lib/engine.js that calls wasm exports, and tests/node/boundary.test.js lists it as such.

import { readFileSync } from 'node:fs';

import { LR } from './cases.mjs';

/** Instantiates bench_arith.wasm (it imports only emscripten_notify_memory_growth). */
async function instantiate(wasmPath) {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const imports = {};
  for (const { module: mod, name } of WebAssembly.Module.imports(module)) {
    imports[mod] ??= {};
    imports[mod][name] = () => {};
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  exports._initialize?.();
  return exports;
}

/** The benchmark dataset of n rows and d features inside the module (bench_data_create). */
function dataset(exports, n, d) {
  const data = exports.bench_data_create(n, d);
  if (!data) throw new Error(`bench_arith: cannot create the dataset n=${n} d=${d}`);
  return data;
}

/**
 * @param {string} wasmPath build/bench-wasm/bench_arith.wasm
 * @param {number} n rows @param {number} d features
 * @returns {Promise<{time: (updates: number) => number, free: () => void}>}
 */
export async function createArith(wasmPath, n, d) {
  const exports = await instantiate(wasmPath);
  const data = dataset(exports, n, d);
  return {
    time(updates) {
      const t0 = performance.now();
      const out = exports.bench_sgd_arith(data, updates, LR);
      const ms = performance.now() - t0;
      if (!Number.isFinite(out)) throw new Error('bench_arith: the arithmetic probe failed');
      return ms;
    },
    free() { exports.dsc_data_free(data); },
  };
}

/** The kernels bench_lossgrad_passes can time, by its `kernel` argument. */
export const KERNELS = { descent: 0, plain4: 1 };

/**
 * Full-batch MSE passes of descent's kernel and of the plain 4-row kernel over one dataset, the
 * kernels alone (no trainer).
 * @param {string} wasmPath build/bench-wasm/bench_arith.wasm
 * @returns {Promise<{time: (kernel: string, passes: number) => {ms: number, loss: number}, free: () => void}>}
 */
export async function createKernelProbe(wasmPath, n, d) {
  const exports = await instantiate(wasmPath);
  const data = dataset(exports, n, d);
  return {
    time(kernel, passes) {
      const t0 = performance.now();
      const loss = exports.bench_lossgrad_passes(data, KERNELS[kernel], passes);
      const ms = performance.now() - t0;
      if (!Number.isFinite(loss)) throw new Error(`bench_arith: the ${kernel} kernel pass failed`);
      return { ms, loss };
    },
    free() { exports.dsc_data_free(data); },
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * descent's kernel against the plain 4-row kernel at each d, interleaved in this process: for every d a
 * dataset of about `bytes` bytes (X and y), a warm-up, then `reps` rounds that time both kernels back to
 * back (alternating which goes first), each over enough passes to take ~`targetMs`. Load on the machine
 * hits both kernels of a round alike, so the per-round ratio descent/plain4 is steadier than either time.
 * @returns {Promise<Array<{d, n, passes, descentMs: number[], plain4Ms: number[], ratios: number[],
 *   minRatio: number, medianRatio: number, lossDescent: number, lossPlain4: number}>>} ms per pass
 */
export async function kernelSweep(wasmPath, { ds, bytes, reps, targetMs = 20 }) {
  const out = [];
  for (const d of ds) {
    const n = Math.max(100, Math.round(bytes / (4 * (d + 1))));
    const probe = await createKernelProbe(wasmPath, n, d);
    try {
      probe.time('descent', 1);
      probe.time('plain4', 1);
      const once = probe.time('plain4', 1).ms;
      const passes = Math.max(1, Math.round(targetMs / Math.max(once, 1e-3)));
      const times = { descent: [], plain4: [] };
      const loss = {};
      const ratios = [];
      for (let r = 0; r < reps; r++) {
        const round = {};
        for (const k of r % 2 ? ['plain4', 'descent'] : ['descent', 'plain4']) {
          const { ms, loss: l } = probe.time(k, passes);
          round[k] = ms / passes;
          loss[k] = l;
          times[k].push(round[k]);
        }
        ratios.push(round.descent / round.plain4);
      }
      out.push({
        d, n, passes, descentMs: times.descent, plain4Ms: times.plain4, ratios,
        minRatio: Math.min(...times.descent) / Math.min(...times.plain4), medianRatio: median(ratios),
        lossDescent: loss.descent, lossPlain4: loss.plain4,
      });
    } finally {
      probe.free();
    }
  }
  return out;
}
