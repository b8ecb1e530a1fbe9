// arith-probe.mjs — loads bench_arith.wasm (bench/bench_core.c: the SGD update arithmetic alone, the
// SIMD kernel and an axpy, with no trainer around it) to split an SGD update's time into arithmetic
// and the trainer's overhead. This is a separate benchmark module, not descent.wasm: it is the one
// file besides web/lib/engine.js that calls wasm exports, and tests/node/boundary.test.js lists it
// as such.

import { readFileSync } from 'node:fs';

import { LR } from './cases.mjs';

/**
 * @param {string} wasmPath build/bench-wasm/bench_arith.wasm
 * @param {number} n rows @param {number} d features
 * @returns {Promise<{time: (updates: number) => number, free: () => void}>}
 */
export async function createArith(wasmPath, n, d) {
  const module = await WebAssembly.compile(readFileSync(wasmPath));
  const imports = {};
  for (const { module: mod, name } of WebAssembly.Module.imports(module)) {
    imports[mod] ??= {};
    imports[mod][name] = () => {}; // emscripten_notify_memory_growth is all it imports
  }
  const { exports } = await WebAssembly.instantiate(module, imports);
  exports._initialize?.();
  const data = exports.bench_data_create(n, d);
  if (!data) throw new Error('bench_arith: cannot create the dataset');
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
