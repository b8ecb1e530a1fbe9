// cases.mjs — what `npm run bench` measures: the workloads, the dataset and start point every
// implementation uses, the float64 reference and the float32 tolerances. Shared by bench.mjs (the
// orchestrator) and child.mjs (one implementation per process). The native driver mirrors the dataset
// and start point in bench/bench_core.c (bench_data_create, bench_w0): keep the two in sync.

export const SEED = 42;   // experiment seed of every benchmark dataset (BENCH_SEED)
export const LR = 1e-3;   // SGD step size of the timed runs: stable for every case (d <= 1024)

/**
 * Agreement with the float64 reference, in float32 terms: the loss within RTOL.loss of |loss|, each
 * gradient component within RTOL.grad of max_j |grad_j| (components near 0 carry the cancellation
 * error of the others). Float32 sums over 1e6 rows lose ~1e-4 when they are not blocked (TF.js);
 * a wrong formula (a missing factor 2, a missing bias, a transposed X) is off by far more.
 */
export const RTOL = { loss: 1e-4, grad: 1e-3 };
/** descent's own accuracy target: the full-data MSE within 1e-5 of float64 (checked on every case). */
export const DESCENT_RTOL_LOSS = 1e-5;

/**
 * The timed workloads. batch 0 is the full batch. An "update" is one parameter update; an epoch is
 * ceil(n/batch) updates. unit: updates per timing step (the tiny case runs 1,000 iterations per
 * call). large: memory-bound, reported against the bandwidth floor.
 */
export function benchCases({ quick = false } = {}) {
  if (quick) {
    return [
      { name: 'full n=20000 d=16', n: 20000, d: 16, batch: 0, large: true },
      { name: 'full n=2000 d=128', n: 2000, d: 128, batch: 0, large: true },
      { name: 'full n=200 d=1024', n: 200, d: 1024, batch: 0, large: true },
      { name: 'full n=1000 d=1', n: 1000, d: 1, batch: 0 },
      { name: 'full n=100 d=1 (seed size)', n: 100, d: 1, batch: 0, unit: 1000 },
      { name: 'mini-batch 32, n=5000 d=16', n: 5000, d: 16, batch: 32 },
      { name: 'SGD batch 1, n=5000 d=16', n: 5000, d: 16, batch: 1 },
    ];
  }
  return [
    { name: 'full n=1e6 d=16', n: 1000000, d: 16, batch: 0, large: true },
    { name: 'full n=1e5 d=128', n: 100000, d: 128, batch: 0, large: true },
    { name: 'full n=2e5 d=64', n: 200000, d: 64, batch: 0, large: true },
    { name: 'full n=5e4 d=256', n: 50000, d: 256, batch: 0, large: true },
    { name: 'full n=12500 d=1024', n: 12500, d: 1024, batch: 0, large: true },
    { name: 'full n=1e4 d=1', n: 10000, d: 1, batch: 0 },
    { name: 'full n=100 d=1 (seed size)', n: 100, d: 1, batch: 0, unit: 1000 },
    { name: 'mini-batch 32, n=1e5 d=16', n: 100000, d: 16, batch: 32 },
    { name: 'SGD batch 1, n=1e5 d=16', n: 100000, d: 16, batch: 1 },
  ];
}

/**
 * The large cases' shapes on data that fit in the L2 cache (~0.5 MB): descent-simd's compute ceiling,
 * to tell a kernel limited by instructions from one limited by memory.
 */
export function ceilingCases({ quick = false } = {}) {
  if (quick) return [];
  return [
    { name: 'in cache: full n=8000 d=16', n: 8000, d: 16, batch: 0 },
    { name: 'in cache: full n=1000 d=128', n: 1000, d: 128, batch: 0 },
  ];
}

/** Updates in one epoch of a case. */
export const updatesPerEpoch = (c) => (c.batch === 0 ? 1 : Math.ceil(c.n / c.batch));

/** The start point: w_j = 0.25·(j mod 5 + 1), b = 0.5, as [w_0 … w_{d−1}, b] (bench_w0). */
export function startPoint(d) {
  const p = new Float64Array(d + 1);
  for (let j = 0; j < d; j++) p[j] = 0.25 * ((j % 5) + 1);
  p[d] = 0.5;
  return p;
}

/** The benchmark dataset as an experiment's data section (bench_data_create). */
export function dataSection(n, d) {
  return {
    kind: 'linear', n, d, weights: new Array(d).fill(3), bias: 0, scales: new Array(d).fill(1),
    noise: 'uniform', noiseLevel: 1, testFraction: 0, standardize: false,
  };
}

/** An experiment over the benchmark dataset from the start point, with the given runs. */
export function benchExperiment(n, d, runs) {
  const p = startPoint(d);
  return {
    version: 1,
    seed: SEED,
    data: dataSection(n, d),
    model: { kind: 'linear', loss: 'mse' },
    init: { weights: Array.from(p.subarray(0, d)), bias: p[d] },
    runs,
  };
}

/**
 * Loss (MSE) and mean gradient in float64 over float32 data X (n × d row-major) and y at params
 * [w, b]: the reference every implementation is checked against.
 */
export function reference(X, y, n, d, params) {
  const g = new Float64Array(d + 1);
  let loss = 0;
  for (let i = 0, o = 0; i < n; i++, o += d) {
    let z = params[d];
    for (let j = 0; j < d; j++) z += X[o + j] * params[j];
    const r = z - y[i];
    loss += r * r;
    for (let j = 0; j < d; j++) g[j] += 2 * r * X[o + j];
    g[d] += 2 * r;
  }
  for (let j = 0; j <= d; j++) g[j] /= n;
  return { loss: loss / n, grad: Array.from(g) };
}

/**
 * Compares an implementation's {loss, grad} with the reference; returns null when they agree, else
 * a message naming the first disagreement.
 */
export function disagreement(got, want, rtol = RTOL) {
  if (!(Math.abs(got.loss - want.loss) <= rtol.loss * Math.abs(want.loss))) {
    return `loss ${got.loss} vs float64 ${want.loss} (rtol ${rtol.loss})`;
  }
  if (got.grad.length !== want.grad.length) return `gradient has ${got.grad.length} values, want ${want.grad.length}`;
  const scale = Math.max(...want.grad.map(Math.abs));
  for (let j = 0; j < want.grad.length; j++) {
    if (!(Math.abs(got.grad[j] - want.grad[j]) <= rtol.grad * scale)) {
      return `grad[${j}] ${got.grad[j]} vs float64 ${want.grad[j]} (rtol ${rtol.grad} of max |grad| ${scale})`;
    }
  }
  return null;
}

/** Relative error of a loss against the reference. */
export const relError = (got, want) => Math.abs(got - want) / Math.abs(want);

// ---- Networks ----------------------------------------------------------------------------------------

/** SGD step size of the network cases (every implementation makes the same plain update θ −= lr·g). */
export const MLP_LR = 0.1;
/** Rows of the network cases' training set (moons, no test split). */
export const MLP_ROWS = 10000;
/**
 * Agreement after one epoch from the same init, in the same row order: the full-data BCE of each
 * implementation before and after within MLP_RTOL.loss of descent's, and its parameters within
 * MLP_RTOL.params of max |θ|. Seen: plain-js (float64) within 1e-8 of descent in both, tfjs-wasm
 * (float32 sums) within 2e-6 (loss) and 4e-7 (θ); a tanh′ of 1 − a instead of 1 − a² moves the loss of
 * one full-batch step by 2e-4 and a mini-batch epoch's by 7%.
 */
export const MLP_RTOL = { loss: 2e-5, params: 2e-5 };

/**
 * The network cases: 2 → h → h → 1 tanh with BCE, full batch and mini-batch 32, on 10,000 rows
 * (--quick: 2,000 rows, whose last mini-batch is short too: 2,000 = 62·32 + 16).
 */
export function mlpCases({ quick = false } = {}) {
  const n = quick ? 2000 : MLP_ROWS;
  const cases = [];
  for (const h of [8, 32]) {
    for (const batch of [0, 32]) {
      const name = `mlp 2-${h}-${h}-1 tanh, ${batch === 0 ? 'full' : 'mini-batch 32'}, n=${n === MLP_ROWS ? '1e4' : n}`;
      cases.push({ name, n, d: 2, hidden: [h, h], batch });
    }
  }
  return cases;
}

/** The network cases' experiment: moons, torch's uniform init from the seed, plain SGD. */
export function mlpExperiment(c, runs) {
  return {
    version: 1,
    seed: SEED,
    data: { kind: 'moons', n: c.n, testFraction: 0 },
    model: { kind: 'mlp', hidden: c.hidden, activation: 'tanh', loss: 'bce' },
    runs,
  };
}
